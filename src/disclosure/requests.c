/*
 * requests.c -- disclosure requests (依申请公开): receipt, the handling
 * steps, the answer and its sealed 答复书.  See disclosure.h; rules in
 * standards.md §4 (政府信息公开条例 第二十九至三十七条).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "crypto/pwhash.h"
#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "disclosure/disclosure.h"
#include "org/org_int.h"
#include "store/row.h"

#define REPLY_KIND "政府信息公开申请答复书"
#define REPLY_MAX (64u << 10)

static const struct {
	const char *code, *name;
} status_names[] = {
	{ "handling", "办理中" },
	{ "clarifying", "待补正" },
	{ "consulting", "征求意见中" },
	{ "answered", "已答复" },
};

static const char *
status_name(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (strcmp(status_names[i].code, code) == 0)
			return status_names[i].name;
	return code;
}

/* The columns the clock and the access checks need. */
struct row {
	int64_t id, org_id, user_id;
	char no[ZW_DISC_NO_LEN];
	char status[16];
	zw_date received_on, clock_start, consult_since, answered_on;
	bool clarified, corrected, consulting, answered;
	int paused_days, extended_days;
	char hash[65];
};

static bool
col_date(zw_stmt *s, int i, zw_date *d)
{
	if (zw_col_isnull(s, i))
		return false;
	return zw_date_parse(zw_col_text(s, i), d) == ZW_OK;
}

static zw_date
today(void)
{
	return zw_date_of(zw_now());
}

static int
load(zw_conn *c, const char *no, struct row *r)
{
	zw_stmt *s;
	int rc;

	memset(r, 0, sizeof(*r));
	if (strlen(no) >= ZW_DISC_NO_LEN)
		return ZW_ENOTFOUND;
	rc = zw_prepare(c, "SELECT id, org_id, COALESCE(user_id, 0), no, status, "
	    "received_on, clock_start, clarified_on, corrected_on, consult_since, "
	    "answered_on, paused_days, extended_days, query_code_hash "
	    "FROM disclosure_requests WHERE no = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	r->id = zw_col_int(s, 0);
	r->org_id = zw_col_int(s, 1);
	r->user_id = zw_col_int(s, 2);
	zw_strlcpy(r->no, zw_col_text(s, 3), sizeof(r->no));
	zw_strlcpy(r->status, zw_col_text(s, 4), sizeof(r->status));
	col_date(s, 5, &r->received_on);
	col_date(s, 6, &r->clock_start);
	r->clarified = !zw_col_isnull(s, 7);
	r->corrected = !zw_col_isnull(s, 8);
	r->consulting = col_date(s, 9, &r->consult_since);
	r->answered = col_date(s, 10, &r->answered_on);
	r->paused_days = (int)zw_col_int(s, 11);
	r->extended_days = (int)zw_col_int(s, 12);
	zw_strlcpy(r->hash, zw_col_text(s, 13), sizeof(r->hash));
	zw_reset(s);
	return ZW_OK;
}

static void
clock_of(const struct zw_disc_env *env, const struct row *r, zw_date on,
    struct zw_dclock_out *out)
{
	struct zw_dclock_in in;

	memset(&in, 0, sizeof(in));
	in.start = r->clock_start;
	in.paused_days = r->paused_days;
	in.extended_days = r->extended_days;
	in.clarifying = strcmp(r->status, "clarifying") == 0;
	in.consulting = r->consulting;
	in.consult_since = r->consult_since;
	in.answered = r->answered;
	in.answered_on = r->answered_on;
	zw_dclock_compute(env->cal, &in, on, out);
}

/* Keep due_date current for lists and supervision.  While a
 * consultation runs it holds the due date if the consultation takes all
 * its 15 working days: past that the clock runs again (第三十二条). */
static int
store_due(zw_conn *c, const struct zw_disc_env *env, const char *no)
{
	struct zw_dclock_out out;
	struct row r;
	char due[11];
	zw_stmt *s;
	int rc;

	if ((rc = load(c, no, &r)) != ZW_OK)
		return rc;
	clock_of(env, &r, today(), &out);
	if (r.consulting && !r.answered)
		out.due = zw_add_working_days(env->cal, r.clock_start, ZW_DISC_DAYS +
		    r.extended_days + r.paused_days + ZW_DISC_CONSULT_MAX);
	zw_date_fmt(out.due, due, sizeof(due));
	rc = zw_prepare(c, "UPDATE disclosure_requests SET due_date = ?, "
	    "updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	if (out.has_due)
		zw_bind_text(s, 1, due, (size_t)-1);
	else
		zw_bind_null(s, 1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, r.id);
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

/* Is org_id in who's data scope, and who holding perm (or, when perm2
 * is not NULL, perm2)? */
static bool
staff_reach(zw_conn *c, const struct zw_actor *who, int64_t org_id,
    const char *perm, const char *perm2)
{
	zw_arena *a;
	zw_stmt *s;
	bool ok = false;

	if (who->id <= 0 || who->org_id <= 0 || (!zw_actor_can(who, perm) &&
	    (perm2 == NULL || !zw_actor_can(who, perm2))))
		return false;
	a = zw_arena_new();
	if (zw_prepare(c, "SELECT 1 FROM orgs o WHERE o.id = ? AND " ZW_SCOPE_SQL,
	    &s) == ZW_OK) {
		zw_bind_int(s, 1, org_id);
		zw_bind_scope(s, 2, who, a);
		ok = zw_step(s) == ZW_ROW;
		zw_reset(s);
	}
	zw_arena_free(a);
	return ok;
}

/* May who handle requests of org_id (disclosure.handle, in scope)? */
static bool
can_handle(zw_conn *c, const struct zw_actor *who, int64_t org_id)
{
	return staff_reach(c, who, org_id, "disclosure.handle", NULL);
}

/* May who read them as staff (handlers, and supervisors: 电子监察)? */
static bool
can_read_staff(zw_conn *c, const struct zw_actor *who, int64_t org_id)
{
	return staff_reach(c, who, org_id, "disclosure.handle", "supervision.read");
}

static void
code_hash(const char *no, const char *code, char out[65])
{
	char buf[ZW_DISC_NO_LEN + ZW_DISC_CODE_LEN + 2];

	snprintf(buf, sizeof(buf), "%s:%s", no, code);
	zw_sm3_hex(buf, strlen(buf), out);
}

/*
 * Read access: staff who may handle it, its logged-in author, or
 * anyone with the right query code.  Every refusal is the same
 * ZW_ENOTFOUND, and an unknown number costs the same hash and compare
 * as a wrong code.  OUT: *staff.
 */
static int
reach(zw_conn *c, const struct zw_actor *who, const char *no,
    const char *query_code, struct row *r, bool *staff)
{
	char want[65], zero[65];
	int rc;

	*staff = false;
	if (query_code != NULL && strlen(query_code) > ZW_DISC_CODE_LEN)
		return ZW_ENOTFOUND;
	rc = load(c, no, r);
	if (rc != ZW_OK && rc != ZW_ENOTFOUND)
		return rc;
	if (query_code != NULL) {
		code_hash(no, query_code, want);
		if (rc == ZW_ENOTFOUND) {
			memset(zero, '0', 64);
			zero[64] = '\0';
			(void)zw_ct_eq(zero, want, 64);
			return ZW_ENOTFOUND;
		}
		if (strlen(r->hash) == 64 && zw_ct_eq(r->hash, want, 64)) {
			*staff = can_read_staff(c, who, r->org_id);
			return ZW_OK;
		}
		return ZW_ENOTFOUND;
	}
	if (rc != ZW_OK)
		return rc;
	if (can_read_staff(c, who, r->org_id)) {
		*staff = true;
		return ZW_OK;
	}
	if (who->id > 0 && r->user_id == who->id)
		return ZW_OK;
	return ZW_ENOTFOUND;
}

/* A staff action: the request in the actor's reach. */
static int
load_handle(zw_conn *c, const struct zw_actor *who, const char *no,
    struct row *r)
{
	int rc;

	if ((rc = load(c, no, r)) != ZW_OK)
		return rc;
	return can_handle(c, who, r->org_id) ? ZW_OK : ZW_ENOTFOUND;
}

/* Record a step (history) and audit it, in the caller's transaction. */
static int
event(zw_conn *c, const struct zw_actor *who, const struct row *r,
    const char *action, const char *audit_action, const char *detail)
{
	zw_stmt *s;
	json_t *d;
	int rc;

	rc = zw_prepare(c, "INSERT INTO disclosure_events (request_id, action, "
	    "detail, actor_id, actor_name, at) VALUES (?, ?, ?, ?, "
	    "COALESCE((SELECT name FROM users WHERE id = ?), ''), ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, r->id);
	zw_bind_text(s, 2, action, (size_t)-1);
	zw_bind_text(s, 3, detail ? detail : "", (size_t)-1);
	if (who->id > 0)
		zw_bind_int(s, 4, who->id);
	else
		zw_bind_null(s, 4);
	zw_bind_int(s, 5, who->id);
	zw_bind_int(s, 6, zw_now());
	if (zw_step(s) < 0)
		return ZW_EDB;
	d = json_pack("{s:s, s:s}", "no", r->no, "step", action);
	rc = zw_actor_audit(c, who, audit_action, "disclosure_request", r->id,
	    "success", d);
	json_decref(d);
	return rc;
}

/* --- submission --- */

static bool
blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

static int
check_phone(const char *v, struct zw_why *why)
{
	size_t i, n = strlen(v), digits = 0;

	for (i = 0; i < n; i++) {
		if (v[i] >= '0' && v[i] <= '9')
			digits++;
		else if (strchr("+-() ", v[i]) == NULL)
			break;
	}
	if (i == n && n <= ZW_DISC_MAX_PHONE && digits >= ZW_DISC_MIN_PHONE)
		return ZW_OK;
	ZW_WHY(why, "invalid_phone", "联系电话应为7至20位的电话号码", "phone");
	return ZW_EINVAL;
}

static int
check_email(const char *v, struct zw_why *why)
{
	const char *at = strchr(v, '@');
	size_t i, n = strlen(v);

	if (n > ZW_MAX_EMAIL || at == NULL || at == v ||
	    strchr(at + 1, '@') != NULL || strchr(at + 1, '.') == NULL ||
	    v[n - 1] == '.')
		goto bad;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] <= ' ' || (unsigned char)v[i] >= 0x7f)
			goto bad;
	return ZW_OK;
bad:
	ZW_WHY(why, "invalid_email", "电子邮箱格式不正确", "email");
	return ZW_EINVAL;
}

/* Validate the applicant (第二十九条).  OUT: normalized identifier. */
static int
check_in(const struct zw_disc_in *in, zw_date on, char ident[19],
    struct zw_why *why)
{
	struct zw_id_result idr;
	char day[11];
	bool person;

	if (in->applicant_kind == NULL || (strcmp(in->applicant_kind, "person") != 0 &&
	    strcmp(in->applicant_kind, "organization") != 0)) {
		ZW_WHY(why, "invalid_applicant_kind", "申请人类型应为 person（公民）或 "
		    "organization（法人或其他组织）", "applicant_kind");
		return ZW_EINVAL;
	}
	person = strcmp(in->applicant_kind, "person") == 0;
	if (blank(in->name) || zw_check_text(in->name, "name", true, ZW_MAX_NAME, why)) {
		ZW_WHY(why, "name_required", person ? "请填写申请人姓名" :
		    "请填写法人或其他组织名称", "name");
		return ZW_EINVAL;
	}
	zw_date_fmt(on, day, sizeof(day));
	if (person) {
		if (blank(in->id_number)) {
			ZW_WHY(why, "id_number_required", "请填写身份证号码", "id_number");
			return ZW_EINVAL;
		}
		zw_validate_id_number(in->id_number, day, &idr);
		if (!idr.valid) {
			ZW_WHY(why, "invalid_id_number", "身份证号码不正确（GB 11643）",
			    "id_number");
			return ZW_EINVAL;
		}
		memcpy(ident, idr.normalized, 19);
		if (!blank(in->uscc) || !blank(in->legal_rep) || !blank(in->org_type)) {
			ZW_WHY(why, "person_fields", "公民申请不填写统一社会信用代码、"
			    "法定代表人和组织类型", "applicant_kind");
			return ZW_EINVAL;
		}
	} else {
		if (blank(in->uscc)) {
			ZW_WHY(why, "uscc_required", "请填写统一社会信用代码", "uscc");
			return ZW_EINVAL;
		}
		zw_validate_uscc(in->uscc, &idr);
		if (!idr.valid) {
			ZW_WHY(why, "invalid_uscc", "统一社会信用代码不正确（GB 32100）", "uscc");
			return ZW_EINVAL;
		}
		memcpy(ident, idr.normalized, 19);
		if (blank(in->legal_rep) || zw_check_text(in->legal_rep, "legal_rep", true,
		    ZW_MAX_NAME, why)) {
			ZW_WHY(why, "legal_rep_required", "请填写法定代表人或负责人", "legal_rep");
			return ZW_EINVAL;
		}
		if (blank(in->contact_name) || zw_check_text(in->contact_name,
		    "contact_name", true, ZW_MAX_NAME, why)) {
			ZW_WHY(why, "contact_name_required", "请填写联系人", "contact_name");
			return ZW_EINVAL;
		}
		if (!blank(in->org_type) && !zw_disc_in_list(zw_disc_org_types, in->org_type)) {
			ZW_WHY(why, "invalid_org_type", "组织类型应为商业企业、科研机构、"
			    "社会公益组织、法律服务机构或其他", "org_type");
			return ZW_EINVAL;
		}
		if (!blank(in->id_number)) {
			ZW_WHY(why, "organization_fields", "法人或其他组织申请不填写身份证号码",
			    "id_number");
			return ZW_EINVAL;
		}
	}
	if (blank(in->phone)) {
		ZW_WHY(why, "phone_required", "请填写联系电话", "phone");
		return ZW_EINVAL;
	}
	if (check_phone(in->phone, why) != ZW_OK)
		return ZW_EINVAL;
	if (!blank(in->email) && check_email(in->email, why) != ZW_OK)
		return ZW_EINVAL;
	if (zw_check_text(nz(in->address), "address", false, ZW_MAX_SHORT_TEXT, why))
		return ZW_EINVAL;
	if (blank(in->description)) {
		ZW_WHY(why, "description_required", "请描述所需政府信息（名称、文号或者"
		    "便于查询的其他特征，第二十九条）", "description");
		return ZW_EINVAL;
	}
	if (zw_check_text(in->description, "description", true, ZW_DISC_MAX_TEXT, why) ||
	    zw_check_text(nz(in->purpose), "purpose", false, ZW_MAX_SHORT_TEXT, why))
		return ZW_EINVAL;
	if (!zw_disc_in_list(zw_disc_deliveries, in->delivery)) {
		ZW_WHY(why, "invalid_delivery", "获取信息的方式应为纸质、电子邮件、光盘、"
		    "在线查看或当面领取", "delivery");
		return ZW_EINVAL;
	}
	if (strcmp(in->delivery, "电子邮件") == 0 && blank(in->email)) {
		ZW_WHY(why, "email_required", "选择电子邮件方式的，请填写电子邮箱", "email");
		return ZW_EINVAL;
	}
	if (strcmp(in->delivery, "纸质") == 0 && blank(in->address)) {
		ZW_WHY(why, "address_required", "选择纸质方式的，请填写通信地址", "address");
		return ZW_EINVAL;
	}
	return ZW_OK;
}

static void
new_code(char out[ZW_DISC_CODE_LEN + 1])
{
	/* No 0/O, 1/I: the code is read over the phone. */
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	size_t i;

	for (i = 0; i < ZW_DISC_CODE_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[ZW_DISC_CODE_LEN] = '\0';
}

int
zw_disc_submit(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const struct zw_disc_in *in,
    char no[ZW_DISC_NO_LEN], char code[ZW_DISC_CODE_LEN + 1],
    struct zw_why *why)
{
	const struct zw_disc_channel *ch;
	char ident[19] = "", recv[11], hash[65], tmpno[32], kind[16] = "";
	zw_date now_d = today(), received;
	int64_t id, user_id = 0, now = zw_now();
	bool staff;
	zw_stmt *s;
	struct row r;
	int rc;

	if (who->id > 0) {
		rc = zw_prepare(c, "SELECT kind FROM users WHERE id = ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, who->id);
		if (zw_step(s) == ZW_ROW)
			zw_strlcpy(kind, zw_col_text(s, 0), sizeof(kind));
		zw_reset(s);
	}
	staff = strcmp(kind, "staff") == 0;
	if (staff && !zw_actor_can(who, "disclosure.handle")) {
		ZW_WHY(why, "forbidden", "工作人员须具有依申请公开办理权限才能登记申请", NULL);
		return ZW_EPERM;
	}
	if (!staff && kind[0] != '\0')
		user_id = who->id;
	/* 第三十一条: the receipt date by channel. */
	if (staff) {
		ch = zw_disc_channel(in->channel);
		if (ch == NULL || ch->online) {
			ZW_WHY(why, "invalid_channel", "登记的申请渠道应为当面提交、挂号信、"
			    "平常信函或传真", "channel");
			return ZW_EINVAL;
		}
		if (in->received_on == NULL || zw_date_parse(in->received_on, &received) ||
		    zw_date_cmp(received, now_d) > 0) {
			ZW_WHY(why, "invalid_received_on", "请填写收到申请之日（不得晚于今天）",
			    "received_on");
			return ZW_EINVAL;
		}
	} else {
		if ((in->channel != NULL && strcmp(in->channel, "网上申请") != 0) ||
		    in->received_on != NULL) {
			ZW_WHY(why, "staff_only", "申请渠道和收到日期由工作人员登记",
			    in->channel != NULL ? "channel" : "received_on");
			return ZW_EPERM;
		}
		ch = zw_disc_channel("网上申请");
		received = now_d;
	}
	if ((rc = check_in(in, now_d, ident, why)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "SELECT 1 FROM orgs WHERE id = ? AND status = 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, in->org_id);
	rc = zw_step(s);
	zw_reset(s);
	if (rc != ZW_ROW) {
		ZW_WHY(why, "invalid_org", "请选择受理申请的行政机关", "org_id");
		return rc < 0 ? rc : ZW_EINVAL;
	}
	if (staff && !can_handle(c, who, in->org_id)) {
		ZW_WHY(why, "org_out_of_scope", "只能登记本单位（及下级单位）收到的申请", "org_id");
		return ZW_EPERM;
	}
	zw_date_fmt(received, recv, sizeof(recv));
	zw_random_token(12, tmpno, sizeof(tmpno));
	rc = zw_prepare(c, "INSERT INTO disclosure_requests (no, org_id, user_id, "
	    "applicant_kind, org_type, applicant_name, id_number, uscc, legal_rep, "
	    "contact_name, phone, address, email, description, purpose, delivery, "
	    "channel, received_on, clock_start, status, created_by, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, 'handling', ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, tmpno, (size_t)-1);
	zw_bind_int(s, 2, in->org_id);
	if (user_id > 0)
		zw_bind_int(s, 3, user_id);
	else
		zw_bind_null(s, 3);
	zw_bind_text(s, 4, in->applicant_kind, (size_t)-1);
	zw_bind_text(s, 5, strcmp(in->applicant_kind, "organization") == 0 ?
	    (blank(in->org_type) ? "其他" : in->org_type) : "", (size_t)-1);
	zw_bind_text(s, 6, in->name, (size_t)-1);
	zw_bind_text(s, 7, strcmp(in->applicant_kind, "person") == 0 ? ident : "",
	    (size_t)-1);
	zw_bind_text(s, 8, strcmp(in->applicant_kind, "person") == 0 ? "" : ident,
	    (size_t)-1);
	zw_bind_text(s, 9, nz(in->legal_rep), (size_t)-1);
	zw_bind_text(s, 10, nz(in->contact_name), (size_t)-1);
	zw_bind_text(s, 11, in->phone, (size_t)-1);
	zw_bind_text(s, 12, nz(in->address), (size_t)-1);
	zw_bind_text(s, 13, nz(in->email), (size_t)-1);
	zw_bind_text(s, 14, in->description, (size_t)-1);
	zw_bind_text(s, 15, nz(in->purpose), (size_t)-1);
	zw_bind_text(s, 16, in->delivery, (size_t)-1);
	zw_bind_text(s, 17, ch->name, (size_t)-1);
	zw_bind_text(s, 18, recv, (size_t)-1);
	zw_bind_text(s, 19, recv, (size_t)-1);
	if (who->id > 0)
		zw_bind_int(s, 20, who->id);
	else
		zw_bind_null(s, 20);
	zw_bind_int(s, 21, now);
	zw_bind_int(s, 22, now);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	id = zw_col_int(s, 0);
	zw_reset(s);
	/* 申请编号: GK + 收到日期 + 8-digit serial. */
	snprintf(no, ZW_DISC_NO_LEN, "GK%04d%02d%02d%08lld", received.y, received.m,
	    received.d, (long long)(id % 100000000));
	new_code(code);
	code_hash(no, code, hash);
	rc = zw_prepare(c, "UPDATE disclosure_requests SET no = ?, query_code_hash = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	zw_bind_text(s, 2, hash, (size_t)-1);
	zw_bind_int(s, 3, id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	if ((rc = store_due(c, env, no)) != ZW_OK || (rc = load(c, no, &r)) != ZW_OK)
		return rc;
	return event(c, who, &r, staff ? "登记申请" : "提交申请", "disclosure.submit",
	    ch->rule);
}

/* --- reading --- */

static json_t *
events_of(zw_conn *c, int64_t id)
{
	json_t *arr = json_array();
	zw_stmt *s;

	if (zw_prepare(c, "SELECT action, detail, actor_name, at FROM "
	    "disclosure_events WHERE request_id = ? ORDER BY id", &s) != ZW_OK)
		return arr;
	zw_bind_int(s, 1, id);
	while (zw_step(s) == ZW_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o}",
		    "action", zw_col_text(s, 0), "detail", zw_col_text(s, 1),
		    "actor_name", zw_col_text(s, 2), "at", zw_col_json_time(s, 3)));
	return arr;
}

static json_t *
date_json(bool have, zw_date d)
{
	char b[11];

	if (!have)
		return json_null();
	zw_date_fmt(d, b, sizeof(b));
	return json_string(b);
}

int
zw_disc_get(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *query_code,
    json_t **out)
{
	struct zw_dclock_out ck;
	struct row r;
	bool staff;
	zw_stmt *s;
	json_t *o;
	char masked[32];
	int rc;

	if ((rc = reach(c, who, no, query_code, &r, &staff)) != ZW_OK)
		return rc;
	clock_of(env, &r, today(), &ck);
	rc = zw_prepare(c, "SELECT d.no, d.org_id, o.name, d.applicant_kind, d.org_type, "
	    "d.applicant_name, d.id_number, d.uscc, d.legal_rep, d.contact_name, "
	    "d.phone, d.address, d.email, d.description, d.purpose, d.delivery, "
	    "d.channel, d.received_on, d.clock_start, d.status, d.clarified_on, "
	    "d.clarify_text, d.corrected_on, d.consult_kind, d.consult_party, "
	    "d.consult_since, d.extended_days, d.extend_reason, d.outcome, "
	    "d.outcome_reason, d.answer_text, d.legal_basis, d.parts, d.refer_to, "
	    "d.answered_on, d.late, d.reply_no, d.id, d.created_at "
	    "FROM disclosure_requests d JOIN orgs o ON o.id = d.org_id WHERE d.id = ?",
	    &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, r.id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	o = json_object();
	json_object_set_new(o, "no", json_string(zw_col_text(s, 0)));
	json_object_set_new(o, "org_id", json_integer(zw_col_int(s, 1)));
	json_object_set_new(o, "org_name", json_string(zw_col_text(s, 2)));
	json_object_set_new(o, "applicant_kind", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "org_type", json_string(zw_col_text(s, 4)));
	json_object_set_new(o, "applicant_name", json_string(zw_col_text(s, 5)));
	if (staff) {
		json_object_set_new(o, "id", json_integer(zw_col_int(s, 37)));
		json_object_set_new(o, "id_number", json_string(zw_col_text(s, 6)));
		json_object_set_new(o, "phone", json_string(zw_col_text(s, 10)));
	} else {
		zw_mask_id(zw_col_text(s, 6), masked, sizeof(masked));
		json_object_set_new(o, "id_number", json_string(masked));
		zw_mask_phone(zw_col_text(s, 10), masked, sizeof(masked));
		json_object_set_new(o, "phone", json_string(masked));
	}
	json_object_set_new(o, "uscc", json_string(zw_col_text(s, 7)));
	json_object_set_new(o, "legal_rep", json_string(zw_col_text(s, 8)));
	json_object_set_new(o, "contact_name", json_string(zw_col_text(s, 9)));
	json_object_set_new(o, "address", json_string(zw_col_text(s, 11)));
	json_object_set_new(o, "email", json_string(zw_col_text(s, 12)));
	json_object_set_new(o, "description", json_string(zw_col_text(s, 13)));
	json_object_set_new(o, "purpose", json_string(zw_col_text(s, 14)));
	json_object_set_new(o, "delivery", json_string(zw_col_text(s, 15)));
	json_object_set_new(o, "channel", json_string(zw_col_text(s, 16)));
	json_object_set_new(o, "received_on", json_string(zw_col_text(s, 17)));
	json_object_set_new(o, "clock_start", json_string(zw_col_text(s, 18)));
	json_object_set_new(o, "status", json_string(zw_col_text(s, 19)));
	json_object_set_new(o, "status_name", json_string(status_name(zw_col_text(s, 19))));
	json_object_set_new(o, "clarified_on", zw_col_json_text(s, 20));
	json_object_set_new(o, "clarify_text", json_string(zw_col_text(s, 21)));
	json_object_set_new(o, "corrected_on", zw_col_json_text(s, 22));
	json_object_set_new(o, "consultation", r.consulting ? json_pack("{s:s, s:s, s:o}",
	    "kind", zw_col_text(s, 23), "party", zw_col_text(s, 24), "since",
	    zw_col_json_text(s, 25)) : json_null());
	json_object_set_new(o, "extended_days", json_integer(zw_col_int(s, 26)));
	json_object_set_new(o, "extend_reason", json_string(zw_col_text(s, 27)));
	json_object_set_new(o, "answer", r.answered ? json_pack("{s:o, s:s, s:s, s:s, "
	    "s:s, s:s, s:o, s:b, s:o}", "outcome", zw_col_json_text(s, 28), "reason",
	    zw_col_text(s, 29), "text", zw_col_text(s, 30), "legal_basis",
	    zw_col_text(s, 31), "parts", zw_col_text(s, 32), "refer_to",
	    zw_col_text(s, 33), "answered_on", zw_col_json_text(s, 34), "late",
	    zw_col_int(s, 35) != 0, "reply_no", zw_col_json_text(s, 36)) : json_null());
	json_object_set_new(o, "submitted_at", zw_col_json_time(s, 38));
	zw_reset(s);
	json_object_set_new(o, "due_date", date_json(ck.has_due, ck.due));
	json_object_set_new(o, "days_used", json_integer(ck.days_used));
	json_object_set_new(o, "paused_days", json_integer(ck.paused_days));
	json_object_set_new(o, "overdue", json_boolean(ck.overdue));
	json_object_set_new(o, "late", json_boolean(ck.late));
	json_object_set_new(o, "clarify_deadline", date_json(!r.clarified && !r.answered,
	    zw_dclock_clarify_deadline(env->cal, r.received_on)));
	json_object_set_new(o, "events", events_of(c, r.id));
	json_object_set_new(o, "staff_view", json_boolean(staff));
	*out = o;
	return ZW_OK;
}

int
zw_disc_no_of(zw_conn *c, const struct zw_actor *who, int64_t id,
    char no[ZW_DISC_NO_LEN])
{
	zw_stmt *s;
	int64_t org_id;
	int rc = zw_prepare(c, "SELECT no, org_id FROM disclosure_requests WHERE id = ?",
	    &s);

	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(no, zw_col_text(s, 0), ZW_DISC_NO_LEN);
	org_id = zw_col_int(s, 1);
	zw_reset(s);
	return can_read_staff(c, who, org_id) ? ZW_OK : ZW_ENOTFOUND;
}

int
zw_disc_list(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const struct zw_disc_filter *f,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next)
{
	zw_arena *a = zw_arena_new();
	char day[11], like[ZW_DISC_NO_LEN + 2 * ZW_MAX_NAME * 4];
	const char *q = f->q != NULL && *f->q ? f->q : NULL;
	zw_stmt *s;
	int64_t n = 0, last = 0;
	int rc, i = 1;

	(void)env;
	*items = json_array();
	*next = 0;
	zw_date_fmt(today(), day, sizeof(day));
	if (q != NULL)
		snprintf(like, sizeof(like), "%%%s%%", q);
	if (f->mine) {
		if (who->id <= 0) {
			rc = ZW_EPERM;
			goto out;
		}
	} else if (who->org_id <= 0 || (!zw_actor_can(who, "disclosure.handle") &&
	    !zw_actor_can(who, "supervision.read"))) {
		rc = ZW_EPERM;
		goto out;
	}
	rc = zw_prepare(c, zw_aprintf(a, "SELECT d.id, d.no, o.name, d.applicant_name, "
	    "d.applicant_kind, d.received_on, d.due_date, d.status, d.outcome, d.late, "
	    "d.channel, d.answered_on FROM disclosure_requests d JOIN orgs o ON o.id = d.org_id "
	    "WHERE %s AND d.id > ?%s%s%s ORDER BY d.id LIMIT ?",
	    f->mine ? "d.user_id = ?" : ZW_SCOPE_SQL,
	    f->status != NULL && *f->status ? " AND d.status = ?" : "",
	    f->overdue ? " AND d.status <> 'answered' AND d.due_date < ?" : "",
	    q != NULL ? " AND (d.no = ? OR d.applicant_name LIKE ?)" : ""), &s);
	if (rc != ZW_OK)
		goto out;
	if (f->mine)
		zw_bind_int(s, i++, who->id);
	else
		i = zw_bind_scope(s, i, who, a);
	zw_bind_int(s, i++, cursor);
	if (f->status != NULL && *f->status)
		zw_bind_text(s, i++, f->status, (size_t)-1);
	if (f->overdue)
		zw_bind_text(s, i++, day, (size_t)-1);
	if (q != NULL) {
		zw_bind_text(s, i++, q, (size_t)-1);
		zw_bind_text(s, i++, like, (size_t)-1);
	}
	zw_bind_int(s, i, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		const char *due = zw_col_isnull(s, 6) ? NULL : zw_col_text(s, 6);
		bool answered = strcmp(zw_col_text(s, 7), "answered") == 0;

		if (n == limit) {
			*next = last;
			zw_reset(s);
			break;
		}
		last = zw_col_int(s, 0);
		json_array_append_new(*items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, "
		    "s:o, s:s, s:s, s:o, s:b, s:b, s:s, s:o}",
		    "id", (json_int_t)last, "no", zw_col_text(s, 1), "org_name",
		    zw_col_text(s, 2), "applicant_name", zw_col_text(s, 3),
		    "applicant_kind", zw_col_text(s, 4), "received_on", zw_col_text(s, 5),
		    "due_date", zw_col_json_text(s, 6), "status", zw_col_text(s, 7),
		    "status_name", status_name(zw_col_text(s, 7)), "outcome",
		    zw_col_json_text(s, 8), "late", zw_col_int(s, 9) != 0, "overdue",
		    !answered && due != NULL && strcmp(due, day) < 0, "channel",
		    zw_col_text(s, 10), "answered_on", zw_col_json_text(s, 11)));
		n++;
	}
	rc = rc < 0 ? rc : ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_disc_overdue_count(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, int64_t *n)
{
	zw_arena *a = zw_arena_new();
	char day[11];
	zw_stmt *s;
	int rc;

	(void)env;
	*n = 0;
	zw_date_fmt(today(), day, sizeof(day));
	rc = zw_prepare(c, "SELECT COUNT(*) FROM disclosure_requests d JOIN orgs o "
	    "ON o.id = d.org_id WHERE " ZW_SCOPE_SQL " AND d.status <> 'answered' "
	    "AND d.due_date < ?", &s);
	if (rc == ZW_OK) {
		zw_bind_scope(s, 1, who, a);
		zw_bind_text(s, 2, day, (size_t)-1);
		if ((rc = zw_step(s)) == ZW_ROW) {
			*n = zw_col_int(s, 0);
			zw_reset(s);
			rc = ZW_OK;
		} else if (rc >= 0)
			rc = ZW_OK;
	}
	zw_arena_free(a);
	return rc;
}

/* --- handling --- */

int
zw_disc_clarify(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *text,
    struct zw_why *why)
{
	char day[11];
	struct row r;
	zw_stmt *s;
	int rc;

	if ((rc = load_handle(c, who, no, &r)) != ZW_OK)
		return rc;
	if (r.clarified) {
		ZW_WHY(why, "already_clarified", "补正告知只能发出一次（第三十条：一次性告知）",
		    NULL);
		return ZW_ECONFLICT;
	}
	if (strcmp(r.status, "handling") != 0 || r.extended_days > 0 || r.paused_days > 0) {
		ZW_WHY(why, "wrong_state", "补正告知须在征求意见、延期和答复之前发出", NULL);
		return ZW_ESTATE;
	}
	if (zw_date_cmp(today(), zw_dclock_clarify_deadline(env->cal, r.received_on)) > 0) {
		ZW_WHY(why, "clarify_too_late", "补正告知应在收到申请之日起7个工作日内发出"
		    "（第三十条）", NULL);
		return ZW_ESTATE;
	}
	if (blank(text) || zw_check_text(text, "text", true, ZW_DISC_MAX_TEXT, why)) {
		ZW_WHY(why, "text_required", "请写明需要补正的事项和合理的补正期限", "text");
		return ZW_EINVAL;
	}
	zw_date_fmt(today(), day, sizeof(day));
	rc = zw_prepare(c, "UPDATE disclosure_requests SET status = 'clarifying', "
	    "clarified_on = ?, clarify_text = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, day, (size_t)-1);
	zw_bind_text(s, 2, text, (size_t)-1);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, r.id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	if ((rc = store_due(c, env, no)) != ZW_OK)
		return rc;
	return event(c, who, &r, "补正告知", "disclosure.clarify", text);
}

int
zw_disc_correct(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *on,
    const char *text, struct zw_why *why)
{
	char day[11], clar[11], detail[ZW_DISC_MAX_TEXT * 4 + 64];
	zw_date d = today(), cd;
	struct row r;
	zw_stmt *s;
	int rc;

	if ((rc = load_handle(c, who, no, &r)) != ZW_OK)
		return rc;
	if (strcmp(r.status, "clarifying") != 0) {
		ZW_WHY(why, "not_clarifying", "该申请没有待补正的告知", NULL);
		return ZW_ESTATE;
	}
	rc = zw_prepare(c, "SELECT clarified_on FROM disclosure_requests WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, r.id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(clar, zw_col_text(s, 0), sizeof(clar));
	zw_reset(s);
	if (zw_date_parse(clar, &cd) != ZW_OK)
		return ZW_EDB;
	if (on != NULL && *on && (zw_date_parse(on, &d) != ZW_OK ||
	    zw_date_cmp(d, today()) > 0 || zw_date_cmp(d, cd) < 0)) {
		ZW_WHY(why, "invalid_corrected_on", "补正收到日期应在告知之日和今天之间",
		    "corrected_on");
		return ZW_EINVAL;
	}
	if (zw_check_text(nz(text), "text", false, ZW_DISC_MAX_TEXT, why))
		return ZW_EINVAL;
	zw_date_fmt(d, day, sizeof(day));
	/* 第三十条: the period counts again from the corrected request. */
	rc = zw_prepare(c, "UPDATE disclosure_requests SET status = 'handling', "
	    "corrected_on = ?, clock_start = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, day, (size_t)-1);
	zw_bind_text(s, 2, day, (size_t)-1);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, r.id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	if ((rc = store_due(c, env, no)) != ZW_OK)
		return rc;
	snprintf(detail, sizeof(detail), "%s 收到补正，答复期限重新计算。%s", day, nz(text));
	return event(c, who, &r, "收到补正", "disclosure.correct", detail);
}

int
zw_disc_consult_start(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *kind,
    const char *party, struct zw_why *why)
{
	char day[11], detail[ZW_MAX_SHORT_TEXT * 4 + 64];
	struct row r;
	zw_stmt *s;
	int rc;

	if ((rc = load_handle(c, who, no, &r)) != ZW_OK)
		return rc;
	if (strcmp(r.status, "handling") != 0) {
		ZW_WHY(why, "wrong_state", strcmp(r.status, "consulting") == 0 ?
		    "正在征求意见，请先结束本次征求意见" : "该申请当前不能征求意见", NULL);
		return ZW_ESTATE;
	}
	if (!zw_disc_in_list(zw_disc_consult_kinds, kind)) {
		ZW_WHY(why, "invalid_kind", "征求意见对象应为第三方或其他机关", "kind");
		return ZW_EINVAL;
	}
	if (blank(party) || zw_check_text(party, "party", true, ZW_MAX_SHORT_TEXT, why)) {
		ZW_WHY(why, "party_required", "请填写被征求意见的第三方或机关", "party");
		return ZW_EINVAL;
	}
	zw_date_fmt(today(), day, sizeof(day));
	rc = zw_prepare(c, "UPDATE disclosure_requests SET status = 'consulting', "
	    "consult_kind = ?, consult_party = ?, consult_since = ?, updated_at = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, kind, (size_t)-1);
	zw_bind_text(s, 2, party, (size_t)-1);
	zw_bind_text(s, 3, day, (size_t)-1);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, r.id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	if ((rc = store_due(c, env, no)) != ZW_OK)
		return rc;
	snprintf(detail, sizeof(detail), "%s：%s（答复期限15个工作日，所需时间不计入"
	    "答复期限）", kind, party);
	return event(c, who, &r, "征求意见", "disclosure.consult", detail);
}

int
zw_disc_consult_end(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *result,
    struct zw_why *why)
{
	char detail[ZW_DISC_MAX_TEXT * 4 + 64];
	struct row r;
	zw_stmt *s;
	int rc, days;

	if ((rc = load_handle(c, who, no, &r)) != ZW_OK)
		return rc;
	if (strcmp(r.status, "consulting") != 0 || !r.consulting) {
		ZW_WHY(why, "not_consulting", "该申请没有正在进行的征求意见", NULL);
		return ZW_ESTATE;
	}
	if (zw_check_text(nz(result), "result", false, ZW_DISC_MAX_TEXT, why))
		return ZW_EINVAL;
	days = zw_dclock_consult_days(env->cal, r.consult_since, today());
	rc = zw_prepare(c, "UPDATE disclosure_requests SET status = 'handling', "
	    "consult_kind = '', consult_party = '', consult_since = NULL, "
	    "paused_days = paused_days + ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, days);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, r.id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	if ((rc = store_due(c, env, no)) != ZW_OK)
		return rc;
	snprintf(detail, sizeof(detail), "不计入答复期限 %d 个工作日。%s", days, nz(result));
	return event(c, who, &r, "结束征求意见", "disclosure.consult_end", detail);
}

int
zw_disc_extend(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, int days,
    const char *reason, struct zw_why *why)
{
	char detail[ZW_MAX_SHORT_TEXT * 4 + 64];
	struct zw_dclock_out ck;
	struct row r;
	zw_stmt *s;
	int rc;

	if ((rc = load_handle(c, who, no, &r)) != ZW_OK)
		return rc;
	if (!zw_actor_can(who, "disclosure.extend")) {
		ZW_WHY(why, "forbidden", "延长答复期限须经政府信息公开工作机构负责人同意"
		    "（第三十三条）", NULL);
		return ZW_EPERM;
	}
	if (r.extended_days > 0) {
		ZW_WHY(why, "already_extended", "答复期限只能延长一次（第三十三条）", NULL);
		return ZW_ECONFLICT;
	}
	if (strcmp(r.status, "handling") != 0 && strcmp(r.status, "consulting") != 0) {
		ZW_WHY(why, "wrong_state", "该申请当前不能延期", NULL);
		return ZW_ESTATE;
	}
	clock_of(env, &r, today(), &ck);
	if (ck.overdue) {
		ZW_WHY(why, "extend_after_due", "答复期限已过，不能再延长", NULL);
		return ZW_ESTATE;
	}
	if (days < 1 || days > ZW_DISC_EXTEND_MAX) {
		ZW_WHY(why, "invalid_days", "延长的期限最长不得超过20个工作日（第三十三条）",
		    "days");
		return ZW_EINVAL;
	}
	if (blank(reason) || zw_check_text(reason, "reason", true, ZW_MAX_SHORT_TEXT, why)) {
		ZW_WHY(why, "reason_required", "请写明延期理由（将告知申请人）", "reason");
		return ZW_EINVAL;
	}
	rc = zw_prepare(c, "UPDATE disclosure_requests SET extended_days = ?, "
	    "extend_reason = ?, extended_by = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, days);
	zw_bind_text(s, 2, reason, (size_t)-1);
	zw_bind_int(s, 3, who->id);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, r.id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	if ((rc = store_due(c, env, no)) != ZW_OK)
		return rc;
	snprintf(detail, sizeof(detail), "延长 %d 个工作日：%s", days, reason);
	return event(c, who, &r, "延期答复", "disclosure.extend", detail);
}

/* The 答复书's text, one paragraph a line. */
static char *
reply_body(zw_arena *a, zw_stmt *s, const struct zw_disc_answer *in,
    const char *received_cn)
{
	/* columns: applicant_name, description, no */
	char *b = zw_aprintf(a, "%s：\n您（单位）于%s提出的政府信息公开申请（申请编号：%s）"
	    "收悉。您申请获取的信息为：%s。\n经审查，答复如下：%s。\n%s",
	    zw_col_text(s, 0), received_cn, zw_col_text(s, 2), zw_col_text(s, 1),
	    in->outcome, in->text);

	if (in->parts != NULL && *in->parts)
		b = zw_aprintf(a, "%s\n公开和不予公开的部分：%s", b, in->parts);
	if (in->reason != NULL && *in->reason)
		b = zw_aprintf(a, "%s\n不予公开的理由：%s（%s）", b, in->reason,
		    zw_disc_reason(in->reason)->article);
	if (in->refer_to != NULL && *in->refer_to)
		b = zw_aprintf(a, "%s\n负责公开该信息的机关：%s", b, in->refer_to);
	if (in->legal_basis != NULL && *in->legal_basis)
		b = zw_aprintf(a, "%s\n依据：%s", b, in->legal_basis);
	return zw_aprintf(a, "%s\n如对本答复不服，可以在收到本答复之日起六十日内依法"
	    "申请行政复议，或者在六个月内依法提起行政诉讼。", b);
}

int
zw_disc_answer(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no,
    const struct zw_disc_answer *in, struct zw_why *why)
{
	zw_arena *a = NULL;
	struct zw_dclock_out ck;
	char day[11], ts[32], reply_no[ZW_DISC_NO_LEN + 8], recv_cn[32];
	char org[ZW_MAX_NAME * 4 + 1];
	unsigned char *sig = NULL;
	size_t siglen = 0;
	const char *body;
	zw_buf canon;
	struct row r;
	zw_stmt *s;
	int rc;

	if ((rc = load_handle(c, who, no, &r)) != ZW_OK)
		return rc;
	if (r.answered) {
		ZW_WHY(why, "already_answered", "该申请已经答复", NULL);
		return ZW_ECONFLICT;
	}
	if (strcmp(r.status, "handling") != 0) {
		ZW_WHY(why, "wrong_state", strcmp(r.status, "consulting") == 0 ?
		    "正在征求意见，请先结束征求意见再答复" : "申请待补正，收到补正后才能答复",
		    NULL);
		return ZW_ESTATE;
	}
	if ((rc = zw_disc_check_answer(in, why)) != ZW_OK)
		return rc;
	/* Late answers are allowed, and recorded as late (never silently). */
	r.answered = true;
	r.answered_on = today();
	clock_of(env, &r, today(), &ck);
	zw_date_fmt(r.answered_on, day, sizeof(day));
	zw_date_fmt_cn(r.received_on, recv_cn, sizeof(recv_cn));
	snprintf(reply_no, sizeof(reply_no), "%s-DF", r.no);
	a = zw_arena_new();
	rc = zw_prepare(c, "SELECT d.applicant_name, d.description, d.no, o.name "
	    "FROM disclosure_requests d JOIN orgs o ON o.id = d.org_id WHERE d.id = ?", &s);
	if (rc != ZW_OK)
		goto out0;
	zw_bind_int(s, 1, r.id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out0;
	}
	body = reply_body(a, s, in, recv_cn);
	zw_strlcpy(org, zw_col_text(s, 3), sizeof(org));
	{
		const char *applicant = zw_astrdup(a, zw_col_text(s, 0));

		zw_reset(s);
		zw_time_rfc3339(zw_now(), ts, sizeof(ts));
		zw_buf_init(&canon, REPLY_MAX);
		rc = zw_buf_printf(&canon, "zhengwu-disclosure-reply/1\nkind:%s\nno:%s\n"
		    "request:%s\norg:%s\napplicant:%s\nreceived:%s\noutcome:%s\n"
		    "issued:%s\n\n%s", REPLY_KIND, reply_no, r.no, org, applicant,
		    zw_astrdup(a, recv_cn), in->outcome, ts, body);
	}
	if (rc != ZW_OK)
		goto out;
	if ((rc = zw_org_sign(c, r.org_id, env->master_key, canon.p, canon.len,
	    &sig, &siglen, why)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "UPDATE disclosure_requests SET status = 'answered', "
	    "outcome = ?, outcome_reason = ?, answer_text = ?, legal_basis = ?, "
	    "parts = ?, refer_to = ?, answered_on = ?, late = ?, reply_no = ?, "
	    "reply_signed_data = ?, reply_signature = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, in->outcome, (size_t)-1);
	zw_bind_text(s, 2, nz(in->reason), (size_t)-1);
	zw_bind_text(s, 3, in->text, (size_t)-1);
	zw_bind_text(s, 4, nz(in->legal_basis), (size_t)-1);
	zw_bind_text(s, 5, nz(in->parts), (size_t)-1);
	zw_bind_text(s, 6, nz(in->refer_to), (size_t)-1);
	zw_bind_text(s, 7, day, (size_t)-1);
	zw_bind_int(s, 8, ck.late ? 1 : 0);
	zw_bind_text(s, 9, reply_no, (size_t)-1);
	zw_bind_text(s, 10, canon.p, canon.len);
	zw_bind_blob(s, 11, sig, siglen);
	zw_bind_int(s, 12, zw_now());
	zw_bind_int(s, 13, r.id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	if ((rc = store_due(c, env, no)) != ZW_OK)
		goto out;
	rc = event(c, who, &r, ck.late ? "答复（逾期）" : "答复", "disclosure.answer",
	    zw_aprintf(a, "%s%s", in->outcome, ck.late ? "；超过答复期限" : ""));
out:
	zw_buf_free(&canon);
	zw_free(sig);
out0:
	zw_arena_free(a);
	return rc;
}

int
zw_disc_reply(zw_conn *c, const struct zw_actor *who, const char *no,
    const char *query_code, json_t **out)
{
	zw_arena *a;
	const void *sig;
	size_t siglen = 0, sdlen;
	char *signed_data, *pub = NULL, cn[32];
	unsigned char *sigcopy;
	bool staff, valid = false;
	struct row r;
	zw_stmt *s;
	json_t *o;
	int rc;

	if ((rc = reach(c, who, no, query_code, &r, &staff)) != ZW_OK)
		return rc;
	if (!r.answered)
		return ZW_ENOTFOUND;
	rc = zw_prepare(c, "SELECT d.reply_no, o.name, d.reply_signed_data, "
	    "d.reply_signature, d.outcome, d.answered_on, d.late "
	    "FROM disclosure_requests d JOIN orgs o ON o.id = d.org_id WHERE d.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, r.id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	a = zw_arena_new();
	sdlen = strlen(zw_col_text(s, 2));
	signed_data = zw_astrndup(a, zw_col_text(s, 2), sdlen);
	sig = zw_col_blob(s, 3, &siglen);
	sigcopy = zw_alloc(a, siglen ? siglen : 1);
	if (siglen)
		memcpy(sigcopy, sig, siglen);
	zw_date_fmt_cn(r.answered_on, cn, sizeof(cn));
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "kind", REPLY_KIND,
	    "no", zw_col_text(s, 0), "request_no", r.no, "org_name", zw_col_text(s, 1),
	    "outcome", zw_col_text(s, 4), "issued_on_cn", cn, "late",
	    zw_col_int(s, 6) != 0);
	zw_reset(s);
	{
		/* The body is what follows the blank line of the signed text. */
		const char *p = strstr(signed_data, "\n\n");

		json_object_set_new(o, "body", json_string(p ? p + 2 : ""));
	}
	if ((rc = zw_org_verify(c, r.org_id, signed_data, sdlen, sigcopy, siglen,
	    &valid, &pub)) != ZW_OK) {
		json_decref(o);
		goto out;
	}
	json_object_set_new(o, "verification", json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}",
	    "algorithm", "SM2-SM3", "sm2_id", ZW_SM2_DEFAULT_ID, "public_key_pem", pub,
	    "signed_data_b64", zw_base64(a, signed_data, sdlen), "signature_der_b64",
	    zw_base64(a, sigcopy, siglen), "valid", valid));
	json_object_set_new(o, "valid", json_boolean(valid));
	*out = o;
out:
	zw_free(pub);
	zw_arena_free(a);
	return rc;
}
