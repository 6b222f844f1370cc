/*
 * apps.c -- applications (办件): submission, the clock columns, reading
 * and lists.  Handling actions are in handle.c, notices in notices.c.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "approvals/accounts.h"
#include "approvals/apps_int.h"
#include "approvals/deadline.h"
#include "approvals/items.h"
#include "approvals/notify.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "crypto/pwhash.h"
#include "crypto/sm3.h"
#include "files/files.h"
#include "org/org_int.h"
#include "store/row.h"

static const struct {
	const char *code, *name;
} status_names[] = {
	{ "submitted", "待受理" },
	{ "correction", "待补正" },
	{ "rejected", "不予受理" },
	{ "accepted", "审查中" },
	{ "suspended", "特别程序中" },
	{ "approved", "准予许可（待送达）" },
	{ "denied", "不予许可" },
	{ "completed", "已办结" },
};

const char *
zw_app_status_name(const char *status)
{
	size_t i;

	for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (strcmp(status_names[i].code, status) == 0)
			return status_names[i].name;
	return status;
}

static const char *const level_names[] = { "", "预警", "黄牌", "红牌" };

bool
zw_app_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

zw_date
zw_app_today(void)
{
	return zw_date_of(zw_now());
}

static bool
col_date(zw_stmt *s, int i, zw_date *d)
{
	if (zw_col_isnull(s, i))
		return false;
	return zw_date_parse(zw_col_text(s, i), d) == ZW_OK;
}

int
zw_app_load(zw_conn *c, const char *no, struct zw_app_row *r)
{
	zw_stmt *s;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = zw_prepare(c, "SELECT id, no, item_id, item_version_id, org_id, "
	    "applicant_id, status, handling_kind, joint, legal_days, promised_days, "
	    "corrections, suspended_days, extended_days, received_on, accepted_on, "
	    "suspended_since, decided_on, suspend_kind, corrected_on FROM applications "
	    "WHERE no = ?",
	    &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	r->id = zw_col_int(s, 0);
	zw_strlcpy(r->no, zw_col_text(s, 1), sizeof(r->no));
	r->item_id = zw_col_int(s, 2);
	r->item_version_id = zw_col_int(s, 3);
	r->org_id = zw_col_int(s, 4);
	r->applicant_id = zw_col_int(s, 5);
	zw_strlcpy(r->status, zw_col_text(s, 6), sizeof(r->status));
	zw_strlcpy(r->handling_kind, zw_col_text(s, 7), sizeof(r->handling_kind));
	r->joint = zw_col_int(s, 8) != 0;
	r->legal_days = (int)zw_col_int(s, 9);
	r->promised_days = (int)zw_col_int(s, 10);
	r->corrections = (int)zw_col_int(s, 11);
	r->suspended_days = (int)zw_col_int(s, 12);
	r->extended_days = (int)zw_col_int(s, 13);
	col_date(s, 14, &r->received_on);
	r->accepted = col_date(s, 15, &r->accepted_on);
	r->suspended = col_date(s, 16, &r->suspended_since);
	r->decided = col_date(s, 17, &r->decided_on);
	zw_strlcpy(r->suspend_kind, zw_col_text(s, 18), sizeof(r->suspend_kind));
	r->corrected = col_date(s, 19, &r->corrected_on);
	zw_reset(s);
	return ZW_OK;
}

int
zw_app_lead_staff(zw_conn *c, const struct zw_actor *who,
    const struct zw_app_row *r)
{
	(void)c;
	return who->id > 0 && who->org_id == r->org_id ? ZW_OK : ZW_ENOTFOUND;
}

int
zw_app_can_read(zw_conn *c, const struct zw_actor *who,
    const struct zw_app_row *r)
{
	zw_arena *a;
	zw_stmt *s;
	int rc;

	if (who->id > 0 && who->id == r->applicant_id)
		return ZW_OK;
	if (who->org_id <= 0 || !zw_actor_can(who, "approvals.read"))
		return ZW_ENOTFOUND;
	a = zw_arena_new();
	rc = zw_prepare(c, "SELECT 1 FROM orgs o WHERE o.id = ? AND " ZW_SCOPE_SQL
	    " UNION ALL SELECT 1 FROM application_steps WHERE app_id = ? AND "
	    "kind = 'joint' AND org_id = ?", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, r->org_id);
		zw_bind_scope(s, 2, who, a);
		zw_bind_int(s, 3, r->id);
		zw_bind_int(s, 4, who->org_id);
		rc = zw_step(s);
		zw_reset(s);
		rc = rc == ZW_ROW ? ZW_OK : rc < 0 ? rc : ZW_ENOTFOUND;
	}
	zw_arena_free(a);
	return rc;
}

int
zw_app_event(zw_conn *c, int64_t app_id, const struct zw_actor *who,
    const char *action, const char *detail, bool public)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "INSERT INTO application_events (app_id, at, actor_id, "
	    "actor_name, org_name, action, detail, public) VALUES (?, ?, ?, "
	    "COALESCE((SELECT name FROM users WHERE id = ?), '系统'), "
	    "COALESCE((SELECT name FROM orgs WHERE id = ?), ''), ?, ?, ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, app_id);
	zw_bind_int(s, 2, zw_now());
	if (who != NULL && who->id > 0)
		zw_bind_int(s, 3, who->id);
	else
		zw_bind_null(s, 3);
	zw_bind_int(s, 4, who != NULL ? who->id : 0);
	zw_bind_int(s, 5, who != NULL ? who->org_id : 0);
	zw_bind_text(s, 6, action, (size_t)-1);
	zw_bind_text(s, 7, detail ? detail : "", (size_t)-1);
	zw_bind_int(s, 8, public ? 1 : 0);
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

int
zw_app_tell(zw_conn *c, const struct zw_app_row *r, const char *title,
    const char *body)
{
	char t[ZW_MAX_SHORT_TEXT];

	snprintf(t, sizeof(t), "办件 %s：%s", r->no, title);
	return zw_notify(c, r->applicant_id, r->id, t, body ? body : "");
}

int
zw_app_set_status(zw_conn *c, int64_t id, const char *status)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "UPDATE applications SET status = ?, updated_at = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, status, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, id);
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

int
zw_app_store_clock(zw_conn *c, const struct zw_apps_env *env,
    const struct zw_app_row *r, zw_date today)
{
	struct zw_clock_in in;
	struct zw_clock_out out;
	char p[11], l[11], w[11], y[11], rd[11];
	bool running = strcmp(r->status, "accepted") == 0;
	zw_stmt *s;
	int rc;

	if (!r->accepted)
		return ZW_OK;
	memset(&in, 0, sizeof(in));
	in.accepted_on = r->accepted_on;
	in.promised_days = r->promised_days;
	in.legal_days = r->legal_days;
	in.suspended_days = r->suspended_days;
	in.extended_days = r->extended_days;
	in.suspended = r->suspended;
	in.suspended_since = r->suspended_since;
	zw_clock_compute(env->cal, &in, today, env->warn_pct, env->red_days, &out);
	zw_date_fmt(out.promised, p, sizeof(p));
	zw_date_fmt(out.legal, l, sizeof(l));
	zw_date_fmt(out.warn, w, sizeof(w));
	zw_date_fmt(out.yellow, y, sizeof(y));
	zw_date_fmt(out.red, rd, sizeof(rd));
	rc = zw_prepare(c, "UPDATE applications SET promised_deadline = ?, "
	    "legal_deadline = ?, warn_on = ?, yellow_on = ?, red_on = ?, "
	    "updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, p, (size_t)-1);
	zw_bind_text(s, 2, l, (size_t)-1);
	/* The sweep only looks at running cases: a paused or decided case
	 * has no alert dates. */
	if (running && out.has_warn)
		zw_bind_text(s, 3, w, (size_t)-1);
	else
		zw_bind_null(s, 3);
	if (running) {
		zw_bind_text(s, 4, y, (size_t)-1);
		zw_bind_text(s, 5, rd, (size_t)-1);
	} else {
		zw_bind_null(s, 4);
		zw_bind_null(s, 5);
	}
	zw_bind_int(s, 6, zw_now());
	zw_bind_int(s, 7, r->id);
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

/* --- submission --- */

static void
new_query_code(char out[ZW_QUERY_CODE_LEN + 1])
{
	/* No 0/O, 1/I: the code is read over the phone. */
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	size_t i;

	for (i = 0; i < ZW_QUERY_CODE_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[ZW_QUERY_CODE_LEN] = '\0';
}

static void
query_code_hash(const char *no, const char *code, char out[65])
{
	char buf[ZW_APP_NO_LEN + ZW_QUERY_CODE_LEN + 2];

	snprintf(buf, sizeof(buf), "%s:%s", no, code);
	zw_sm3_hex(buf, strlen(buf), out);
}

/* Fees in fen from the item's fees [{amount}] (number or decimal text). */
static int64_t
fee_fen(const json_t *fees)
{
	const json_t *f;
	size_t i;
	int64_t total = 0;

	json_array_foreach(fees, i, f) {
		const json_t *amt = json_object_get(f, "amount");
		double v = 0;

		if (json_is_number(amt))
			v = json_number_value(amt);
		else if (json_is_string(amt)) {
			char *end;

			v = strtod(json_string_value(amt), &end);
			if (*end != '\0')
				v = 0;
		}
		if (v > 0 && v < 1e9)
			total += (int64_t)(v * 100 + 0.5);
	}
	return total;
}

/* Find a material of the item by name. */
static const json_t *
item_material(const json_t *mats, const char *name)
{
	const json_t *m;
	size_t i;

	json_array_foreach(mats, i, m) {
		const char *n = zw_json_str(m, "name");

		if (n != NULL && strcmp(n, name) == 0)
			return m;
	}
	return NULL;
}

/* Check supplied materials against the item's list and store them
 * (positions from `first`).  Registry-fetchable materials the applicant
 * did not supply are recorded as fetched by the platform when
 * `add_registry`.  Every required material must end up present. */
static int
store_materials(zw_conn *c, const struct zw_actor *who, int64_t app_id,
    const json_t *item_mats, const struct zw_app_material *mats, size_t nmats,
    int first, bool add_registry, struct zw_why *why)
{
	const json_t *m;
	size_t i, j;
	zw_stmt *s;
	int pos = first, rc;

	for (i = 0; i < nmats; i++) {
		json_t *meta = NULL;

		if (mats[i].material == NULL || item_material(item_mats, mats[i].material) == NULL) {
			ZW_WHY(why, "unknown_material", "材料名称不在本事项的申请材料清单中",
			    "materials");
			return ZW_EINVAL;
		}
		for (j = 0; j < i; j++)
			if (strcmp(mats[j].material, mats[i].material) == 0) {
				ZW_WHY(why, "duplicate_material", "同一材料只能提交一份文件",
				    "materials");
				return ZW_EINVAL;
			}
		if (zw_file_get(c, who, mats[i].file_id, &meta) != ZW_OK ||
		    json_integer_value(json_object_get(meta, "uploaded_by")) != who->id) {
			json_decref(meta);
			ZW_WHY(why, "file_not_found", "材料文件不存在，请重新上传", "materials");
			return ZW_EINVAL;
		}
		json_decref(meta);
	}
	rc = zw_prepare(c, "INSERT INTO application_materials (app_id, position, "
	    "material, file_id, source, added_at) VALUES (?, ?, ?, ?, ?, ?)", &s);
	if (rc != ZW_OK)
		return rc;
	for (i = 0; i < nmats; i++) {
		zw_bind_int(s, 1, app_id);
		zw_bind_int(s, 2, pos++);
		zw_bind_text(s, 3, mats[i].material, (size_t)-1);
		zw_bind_int(s, 4, mats[i].file_id);
		zw_bind_text(s, 5, "applicant", (size_t)-1);
		zw_bind_int(s, 6, zw_now());
		if (zw_step(s) < 0)
			return ZW_EDB;
	}
	if (!add_registry)
		return ZW_OK;
	json_array_foreach(item_mats, i, m) {
		const char *reg = zw_json_str(m, "registry");
		const char *name = zw_json_str(m, "name");
		bool have = false;

		if (reg == NULL || !*reg || name == NULL)
			continue;
		for (j = 0; j < nmats && !have; j++)
			have = strcmp(mats[j].material, name) == 0;
		if (have)
			continue;
		/* 不再要求申请人提交: the platform takes it from the registry. */
		zw_bind_int(s, 1, app_id);
		zw_bind_int(s, 2, pos++);
		zw_bind_text(s, 3, name, (size_t)-1);
		zw_bind_null(s, 4);
		zw_bind_text(s, 5, strcmp(reg, "population") == 0 ? "人口库" : "法人库",
		    (size_t)-1);
		zw_bind_int(s, 6, zw_now());
		if (zw_step(s) < 0)
			return ZW_EDB;
	}
	return ZW_OK;
}

int
zw_app_store_materials(zw_conn *c, const struct zw_actor *who, int64_t app_id,
    const json_t *item_mats, const struct zw_app_material *mats, size_t nmats,
    int first, bool initial, struct zw_why *why)
{
	const json_t *m;
	size_t i, j;

	if (initial) {
		json_array_foreach(item_mats, i, m) {
			const char *name = zw_json_str(m, "name");
			const char *reg = zw_json_str(m, "registry");
			bool have = false;

			if (!json_is_true(json_object_get(m, "required")) ||
			    (reg != NULL && *reg) || name == NULL)
				continue;
			for (j = 0; j < nmats && !have; j++)
				have = mats[j].material != NULL &&
				    strcmp(mats[j].material, name) == 0;
			if (!have) {
				/* The reason outlives the call (and its arena):
				 * one buffer per thread, valid until the thread's
				 * next submission. */
				static _Thread_local char msg[ZW_MAX_SHORT_TEXT * 4];

				(void)snprintf(msg, sizeof(msg), "缺少必需的申请材料：%s", name);
				ZW_WHY(why, "missing_material", msg, "materials");
				return ZW_EINVAL;
			}
		}
	}
	return store_materials(c, who, app_id, item_mats, mats, nmats, first,
	    initial, why);
}

int
zw_app_submit(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *item_code, json_t *form,
    const struct zw_app_material *mats, size_t nmats,
    char no[ZW_APP_NO_LEN], char query_code[ZW_QUERY_CODE_LEN + 1],
    struct zw_why *why)
{
	zw_arena *a = zw_arena_new();
	json_t *item = NULL, *d;
	int64_t item_id = 0, vid = 0, id, now = zw_now(), fen;
	char kind[16], name[ZW_MAX_NAME * 4 + 1], today_s[11], intake[11];
	char hash[65], fee[32], tmpno[40];
	const char *audience;
	zw_date today = zw_app_today();
	zw_stmt *s;
	int rc;

	(void)env;
	rc = zw_prepare(c, "SELECT kind, name FROM users WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, who->id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EPERM;
		goto out;
	}
	zw_strlcpy(kind, zw_col_text(s, 0), sizeof(kind));
	zw_strlcpy(name, zw_col_text(s, 1), sizeof(name));
	zw_reset(s);
	if (strcmp(kind, "person") != 0 && strcmp(kind, "enterprise") != 0) {
		ZW_WHY(why, "public_only", "网上申请须使用自然人或法人账号", NULL);
		rc = ZW_EPERM;
		goto out;
	}
	if ((rc = zw_item_current(c, item_code, &item_id, &vid, &item)) != ZW_OK) {
		ZW_WHY(why, "item_not_found", "办事事项不存在或已停止办理", "item_code");
		goto out;
	}
	if (!json_is_true(json_object_get(item, "online"))) {
		ZW_WHY(why, "not_online", "该事项暂不支持网上申请，请到窗口办理", "item_code");
		rc = ZW_EINVAL;
		goto out;
	}
	audience = zw_json_str(item, "audience");
	if (audience != NULL && strcmp(audience, "both") != 0 &&
	    strcmp(audience, kind) != 0) {
		ZW_WHY(why, "wrong_audience", strcmp(audience, "person") == 0 ?
		    "该事项面向自然人办理" : "该事项面向法人办理", "item_code");
		rc = ZW_EINVAL;
		goto out;
	}
	if (form == NULL || !json_is_object(form)) {
		ZW_WHY(why, "invalid_form", "申请表应为对象", "form");
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_item_form_check(json_object_get(item, "fields"), form, why)) != ZW_OK)
		goto out;
	zw_date_fmt(today, today_s, sizeof(today_s));
	zw_date_fmt(zw_clock_intake_deadline(env->cal, today),
	    intake, sizeof(intake));
	fen = fee_fen(json_object_get(item, "fees"));
	snprintf(fee, sizeof(fee), "%lld.%02lld", (long long)(fen / 100),
	    (long long)(fen % 100));
	zw_random_token(12, tmpno, sizeof(tmpno));
	rc = zw_prepare(c, "INSERT INTO applications (no, query_code_hash, item_id, "
	    "item_version_id, org_id, applicant_id, applicant_name, applicant_kind, "
	    "form, fee_total, channel, status, handling_kind, joint, legal_days, "
	    "promised_days, received_at, received_on, intake_deadline, created_at, "
	    "updated_at) VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?, 'online', 'submitted', "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, tmpno, (size_t)-1);
	zw_bind_int(s, 2, item_id);
	zw_bind_int(s, 3, vid);
	zw_bind_int(s, 4, zw_json_int(item, "org_id"));
	zw_bind_int(s, 5, who->id);
	zw_bind_text(s, 6, name, (size_t)-1);
	zw_bind_text(s, 7, kind, (size_t)-1);
	zw_bind_text(s, 8, zw_json_dump(a, form), (size_t)-1);
	zw_bind_text(s, 9, fee, (size_t)-1);
	zw_bind_text(s, 10, zw_json_str(item, "handling_kind"), (size_t)-1);
	zw_bind_int(s, 11, json_is_true(json_object_get(item, "joint")) ? 1 : 0);
	zw_bind_int(s, 12, zw_json_int(item, "legal_days"));
	zw_bind_int(s, 13, zw_json_int(item, "promised_days"));
	zw_bind_int(s, 14, now);
	zw_bind_text(s, 15, today_s, (size_t)-1);
	zw_bind_text(s, 16, intake, (size_t)-1);
	zw_bind_int(s, 17, now);
	zw_bind_int(s, 18, now);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = ZW_EDB;
		goto out;
	}
	id = zw_col_int(s, 0);
	zw_reset(s);
	/* 申请编号: SP + 受理日期 + 8-digit serial. */
	snprintf(no, ZW_APP_NO_LEN, "SP%04d%02d%02d%08lld", today.y, today.m,
	    today.d, (long long)(id % 100000000));
	new_query_code(query_code);
	query_code_hash(no, query_code, hash);
	rc = zw_prepare(c, "UPDATE applications SET no = ?, query_code_hash = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, no, (size_t)-1);
	zw_bind_text(s, 2, hash, (size_t)-1);
	zw_bind_int(s, 3, id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	if ((rc = zw_app_store_materials(c, who, id, json_object_get(item, "materials"),
	    mats, nmats, 1, true, why)) != ZW_OK)
		goto out;
	{
		struct zw_app_row r;

		if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
		    (rc = zw_app_event(c, id, who, "提交申请", zw_aprintf(a,
		    "网上提交《%s》申请", zw_json_str(item, "name")), true)) != ZW_OK ||
		    (rc = zw_app_tell(c, &r, "申请已提交", zw_aprintf(a,
		    "您的《%s》申请已提交，查询码 %s。受理机关将在%s前作出受理决定。",
		    zw_json_str(item, "name"), query_code, intake))) != ZW_OK)
			goto out;
	}
	d = json_pack("{s:s, s:s}", "no", no, "item_code", item_code);
	rc = zw_actor_audit(c, who, "application.submit", "application", id,
	    "success", d);
	json_decref(d);
out:
	json_decref(item);
	zw_arena_free(a);
	return rc;
}

/* --- reading --- */

static json_t *
alerts_of(zw_conn *c, int64_t app_id)
{
	json_t *arr = json_array();
	zw_stmt *s;

	if (zw_prepare(c, "SELECT level, rule, reason, raised_at, resolved_at FROM "
	    "supervision_alerts WHERE app_id = ? ORDER BY id", &s) != ZW_OK)
		return arr;
	zw_bind_int(s, 1, app_id);
	while (zw_step(s) == ZW_ROW) {
		int64_t lv = zw_col_int(s, 0);

		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}",
		    "level_code", (json_int_t)lv, "level", lv >= 1 && lv <= 3 ?
		    level_names[lv] : "", "rule", zw_col_text(s, 1), "reason",
		    zw_col_text(s, 2), "raised_at", zw_col_json_time(s, 3),
		    "resolved_at", zw_col_json_time(s, 4)));
	}
	return arr;
}

static json_t *
materials_of(zw_conn *c, int64_t app_id, const char *no)
{
	json_t *arr = json_array();
	zw_stmt *s;

	if (zw_prepare(c, "SELECT m.position, m.material, m.file_id, m.source, "
	    "COALESCE(f.filename, ''), COALESCE(f.size, 0), COALESCE(f.sm3, ''), "
	    "m.added_at FROM application_materials m LEFT JOIN files f ON "
	    "f.id = m.file_id WHERE m.app_id = ? ORDER BY m.position", &s) != ZW_OK)
		return arr;
	zw_bind_int(s, 1, app_id);
	while (zw_step(s) == ZW_ROW) {
		json_t *o = json_pack("{s:I, s:s, s:o, s:s, s:s, s:I, s:s, s:o}",
		    "position", (json_int_t)zw_col_int(s, 0), "material",
		    zw_col_text(s, 1), "file_id", zw_col_json_int(s, 2), "source",
		    zw_col_text(s, 3), "filename", zw_col_text(s, 4), "size",
		    (json_int_t)zw_col_int(s, 5), "sm3", zw_col_text(s, 6),
		    "added_at", zw_col_json_time(s, 7));
		char url[128];

		if (!zw_col_isnull(s, 2)) {
			snprintf(url, sizeof(url), "/api/v1/applications/%s/materials/%lld",
			    no, (long long)zw_col_int(s, 0));
			json_object_set_new(o, "url", json_string(url));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
steps_of(zw_conn *c, int64_t app_id)
{
	json_t *arr = json_array();
	zw_stmt *s;

	if (zw_prepare(c, "SELECT st.id, st.kind, st.org_id, o.name, st.title, "
	    "st.assignee_id, COALESCE(u.name, ''), st.days, st.deadline, st.status, "
	    "st.opinion, st.agreed, COALESCE(d.name, ''), st.done_at FROM "
	    "application_steps st JOIN orgs o ON o.id = st.org_id LEFT JOIN users u "
	    "ON u.id = st.assignee_id LEFT JOIN users d ON d.id = st.done_by "
	    "WHERE st.app_id = ? ORDER BY st.id", &s) != ZW_OK)
		return arr;
	zw_bind_int(s, 1, app_id);
	while (zw_step(s) == ZW_ROW)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:s, s:s, s:o, "
		    "s:s, s:I, s:o, s:s, s:s, s:o, s:s, s:o}",
		    "id", (json_int_t)zw_col_int(s, 0), "kind", zw_col_text(s, 1),
		    "org_id", (json_int_t)zw_col_int(s, 2), "org_name", zw_col_text(s, 3),
		    "title", zw_col_text(s, 4), "assignee_id", zw_col_json_int(s, 5),
		    "assignee_name", zw_col_text(s, 6), "days",
		    (json_int_t)zw_col_int(s, 7), "deadline", zw_col_json_text(s, 8),
		    "status", zw_col_text(s, 9), "opinion", zw_col_text(s, 10),
		    "agreed", zw_col_isnull(s, 11) ? json_null() :
		    json_boolean(zw_col_int(s, 11) != 0), "done_by", zw_col_text(s, 12),
		    "done_at", zw_col_json_time(s, 13)));
	return arr;
}

static json_t *
timeline_of(zw_conn *c, int64_t app_id, bool public_only)
{
	json_t *arr = json_array();
	zw_stmt *s;

	if (zw_prepare(c, "SELECT at, actor_name, org_name, action, detail, public "
	    "FROM application_events WHERE app_id = ? AND (public = 1 OR ? = 0) "
	    "ORDER BY id", &s) != ZW_OK)
		return arr;
	zw_bind_int(s, 1, app_id);
	zw_bind_int(s, 2, public_only ? 1 : 0);
	while (zw_step(s) == ZW_ROW)
		json_array_append_new(arr, json_pack("{s:o, s:s, s:s, s:s, s:s, s:b}",
		    "at", zw_col_json_time(s, 0), "actor", public_only ? "" :
		    zw_col_text(s, 1), "org_name", zw_col_text(s, 2), "action",
		    zw_col_text(s, 3), "detail", zw_col_text(s, 4), "public",
		    zw_col_int(s, 5) != 0));
	return arr;
}

static json_t *
notices_list(zw_conn *c, int64_t app_id)
{
	json_t *arr = json_array();
	zw_stmt *s;

	if (zw_prepare(c, "SELECT id, kind, no, created_at FROM application_notices "
	    "WHERE app_id = ? ORDER BY id", &s) != ZW_OK)
		return arr;
	zw_bind_int(s, 1, app_id);
	while (zw_step(s) == ZW_ROW)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:o}", "id",
		    (json_int_t)zw_col_int(s, 0), "kind", zw_col_text(s, 1), "no",
		    zw_col_text(s, 2), "issued_at", zw_col_json_time(s, 3)));
	return arr;
}

static json_t *
rating_of(zw_conn *c, int64_t app_id)
{
	zw_stmt *s;
	json_t *o = json_null();

	if (zw_prepare(c, "SELECT stars, comment, rated_at FROM ratings WHERE "
	    "app_id = ?", &s) != ZW_OK)
		return o;
	zw_bind_int(s, 1, app_id);
	if (zw_step(s) == ZW_ROW) {
		o = json_pack("{s:I, s:s, s:o}", "stars", (json_int_t)zw_col_int(s, 0),
		    "comment", zw_col_text(s, 1), "rated_at", zw_col_json_time(s, 2));
		zw_reset(s);
	}
	return o;
}

#define APP_COLS "a.id, a.no, i.code, v.name, v.version, a.org_id, o.name, " \
	"a.applicant_name, a.applicant_kind, a.status, a.form, a.fee_total, " \
	"a.handling_kind, a.joint, a.received_at, a.received_on, a.intake_deadline, " \
	"a.accepted_at, a.accepted_on, a.deemed_accepted, a.promised_deadline, " \
	"a.legal_deadline, a.suspended_days, a.suspended_since, a.suspend_kind, " \
	"a.extended_days, a.extension_reason, a.correction_items, a.corrections, " \
	"a.decision, a.decision_reason, a.decided_on, a.delivery_deadline, " \
	"a.delivered_at, a.result_no, a.on_time, a.days_used, a.alert_level, " \
	"a.legal_days, a.promised_days, a.channel, a.closed_on, a.applicant_id, " \
	"a.updated_at "
#define APP_FROM "FROM applications a JOIN service_items i ON i.id = a.item_id " \
	"JOIN item_versions v ON v.id = a.item_version_id JOIN orgs o ON o.id = a.org_id "

/* One row of APP_COLS as the summary object of lists. */
static json_t *
app_summary(zw_stmt *s, const zw_calendar *cal)
{
	json_t *o;
	int64_t lv = zw_col_int(s, 37);
	const char *st = zw_col_text(s, 9);

	o = json_object();
	json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
	json_object_set_new(o, "no", json_string(zw_col_text(s, 1)));
	json_object_set_new(o, "item_code", json_string(zw_col_text(s, 2)));
	json_object_set_new(o, "item_name", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "item_version", json_integer(zw_col_int(s, 4)));
	json_object_set_new(o, "org_id", json_integer(zw_col_int(s, 5)));
	json_object_set_new(o, "org_name", json_string(zw_col_text(s, 6)));
	json_object_set_new(o, "applicant_name", json_string(zw_col_text(s, 7)));
	json_object_set_new(o, "applicant_kind", json_string(zw_col_text(s, 8)));
	json_object_set_new(o, "status", json_string(st));
	json_object_set_new(o, "status_name", json_string(zw_app_status_name(st)));
	json_object_set_new(o, "handling_kind", json_string(zw_col_text(s, 12)));
	json_object_set_new(o, "joint", json_boolean(zw_col_int(s, 13) != 0));
	json_object_set_new(o, "received_at", zw_col_json_time(s, 14));
	json_object_set_new(o, "received_on", zw_col_json_text(s, 15));
	json_object_set_new(o, "intake_deadline", zw_col_json_text(s, 16));
	json_object_set_new(o, "accepted_at", zw_col_json_time(s, 17));
	json_object_set_new(o, "accepted_on", zw_col_json_text(s, 18));
	json_object_set_new(o, "promised_deadline", zw_col_json_text(s, 20));
	json_object_set_new(o, "legal_deadline", zw_col_json_text(s, 21));
	json_object_set_new(o, "decided_on", zw_col_json_text(s, 31));
	json_object_set_new(o, "closed_on", zw_col_json_text(s, 41));
	json_object_set_new(o, "alert_level_code", json_integer(lv));
	json_object_set_new(o, "alert_level", json_string(lv >= 1 && lv <= 3 ?
	    level_names[lv] : ""));
	/* Working days left to the promised deadline, for running cases. */
	if (cal != NULL && strcmp(st, "accepted") == 0 && !zw_col_isnull(s, 20)) {
		zw_date dl;

		if (zw_date_parse(zw_col_text(s, 20), &dl) == ZW_OK)
			json_object_set_new(o, "days_left", json_integer(
			    zw_working_days_between(cal, zw_app_today(), dl) + 1));
	}
	return o;
}

int
zw_app_get(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, json_t **out)
{
	struct zw_app_row r;
	json_t *o, *form, *corr;
	zw_stmt *s;
	bool applicant;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_can_read(c, who, &r)) != ZW_OK)
		return rc;
	applicant = who->id == r.applicant_id;
	rc = zw_prepare(c, "SELECT " APP_COLS APP_FROM "WHERE a.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, r.id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	o = app_summary(s, env != NULL ? env->cal : NULL);
	form = json_loads(zw_col_text(s, 10), 0, NULL);
	json_object_set_new(o, "form", form ? form : json_object());
	json_object_set_new(o, "fee_total", json_string(zw_col_text(s, 11)));
	json_object_set_new(o, "deemed_accepted", json_boolean(zw_col_int(s, 19) != 0));
	json_object_set_new(o, "suspended_days", json_integer(zw_col_int(s, 22)));
	json_object_set_new(o, "suspended", json_boolean(!zw_col_isnull(s, 23)));
	json_object_set_new(o, "suspended_since", zw_col_json_text(s, 23));
	json_object_set_new(o, "suspend_kind", json_string(zw_col_text(s, 24)));
	json_object_set_new(o, "extended_days", json_integer(zw_col_int(s, 25)));
	json_object_set_new(o, "extension_reason", json_string(zw_col_text(s, 26)));
	corr = json_loads(zw_col_text(s, 27), 0, NULL);
	json_object_set_new(o, "correction_items", corr ? corr : json_array());
	json_object_set_new(o, "corrections", json_integer(zw_col_int(s, 28)));
	json_object_set_new(o, "decision", json_string(zw_col_text(s, 29)));
	json_object_set_new(o, "decision_reason", json_string(zw_col_text(s, 30)));
	json_object_set_new(o, "delivery_deadline", zw_col_json_text(s, 32));
	json_object_set_new(o, "delivered_at", zw_col_json_time(s, 33));
	json_object_set_new(o, "result_no", zw_col_json_text(s, 34));
	json_object_set_new(o, "on_time", zw_col_isnull(s, 35) ? json_null() :
	    json_boolean(zw_col_int(s, 35) != 0));
	json_object_set_new(o, "days_used", zw_col_json_int(s, 36));
	json_object_set_new(o, "legal_days", json_integer(zw_col_int(s, 38)));
	json_object_set_new(o, "promised_days", json_integer(zw_col_int(s, 39)));
	json_object_set_new(o, "channel", json_string(zw_col_text(s, 40)));
	zw_reset(s);
	json_object_set_new(o, "materials", materials_of(c, r.id, r.no));
	json_object_set_new(o, "steps", steps_of(c, r.id));
	json_object_set_new(o, "timeline", timeline_of(c, r.id, applicant));
	json_object_set_new(o, "notices", notices_list(c, r.id));
	json_object_set_new(o, "alerts", applicant ? json_array() : alerts_of(c, r.id));
	json_object_set_new(o, "rating", rating_of(c, r.id));
	json_object_set_new(o, "is_applicant", json_boolean(applicant));
	json_object_set_new(o, "is_lead_staff", json_boolean(
	    zw_app_lead_staff(c, who, &r) == ZW_OK));
	{
		char url[64];

		snprintf(url, sizeof(url), applicant ? "/my/applications/%s" :
		    "/office/applications/%s", r.no);
		json_object_set_new(o, "url", json_string(url));
	}
	*out = o;
	return ZW_OK;
}

int
zw_app_progress(zw_conn *c, const char *no, const char *query_code,
    json_t **out)
{
	char hash[65], want[65];
	zw_stmt *s;
	json_t *o;
	int64_t id;
	int rc;

	/* The same work and the same answer for an unknown number and a
	 * wrong code: nothing tells whether the number exists. */
	if (strlen(no) >= ZW_APP_NO_LEN || strlen(query_code) > ZW_QUERY_CODE_LEN)
		return ZW_ENOTFOUND;
	query_code_hash(no, query_code, want);
	rc = zw_prepare(c, "SELECT a.id, a.query_code_hash, a.no, v.name, o.name, "
	    "a.status, a.received_on, a.accepted_on, a.promised_deadline, "
	    "a.decided_on, a.closed_on, a.result_no, a.suspended_since "
	    "FROM applications a JOIN item_versions v ON v.id = a.item_version_id "
	    "JOIN orgs o ON o.id = a.org_id WHERE a.no = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW) {
		memset(hash, '0', 64);
		hash[64] = '\0';
		(void)zw_ct_eq(hash, want, 64);
		return rc < 0 ? rc : ZW_ENOTFOUND;
	}
	zw_strlcpy(hash, zw_col_text(s, 1), sizeof(hash));
	if (strlen(hash) != 64 || !zw_ct_eq(hash, want, 64)) {
		zw_reset(s);
		return ZW_ENOTFOUND;
	}
	id = zw_col_int(s, 0);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
	    "no", zw_col_text(s, 2), "item_name", zw_col_text(s, 3), "org_name",
	    zw_col_text(s, 4), "status", zw_col_text(s, 5), "status_name",
	    zw_app_status_name(zw_col_text(s, 5)), "received_on",
	    zw_col_json_text(s, 6), "accepted_on", zw_col_json_text(s, 7),
	    "promised_deadline", zw_col_json_text(s, 8), "decided_on",
	    zw_col_json_text(s, 9), "closed_on", zw_col_json_text(s, 10),
	    "result_no", zw_col_json_text(s, 11), "suspended",
	    !zw_col_isnull(s, 12));
	zw_reset(s);
	json_object_set_new(o, "timeline", timeline_of(c, id, true));
	*out = o;
	return ZW_OK;
}

int
zw_app_list(zw_conn *c, const struct zw_actor *who, const char *status,
    const char *q, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next_cursor)
{
	zw_arena *a = zw_arena_new();
	const char *like = q && *q ? zw_like_contains(a, q) : NULL;
	const char *st = status && *status ? status : "";
	bool staff = who->org_id > 0;
	zw_stmt *s;
	int64_t n = 0, last = 0;
	int rc;

	*items = json_array();
	*next_cursor = -1;
	if (staff)
		rc = zw_prepare(c, "SELECT " APP_COLS APP_FROM "WHERE a.id < ? AND "
		    "(" ZW_SCOPE_SQL " OR EXISTS (SELECT 1 FROM application_steps st "
		    "WHERE st.app_id = a.id AND st.kind = 'joint' AND st.org_id = ?)) AND "
		    "(? = '' OR a.status = ? OR (? = 'intake' AND a.status IN "
		    "('submitted', 'correction')) OR (? = 'open' AND a.status IN "
		    "('submitted', 'correction', 'accepted', 'suspended', 'approved')) "
		    "OR (? = 'closed' AND a.status IN ('rejected', 'denied', 'completed')) "
		    "OR (? = 'alerted' AND a.alert_level > 0 AND a.status IN "
		    "('accepted', 'suspended', 'approved')) "
		    "OR (? = 'joint' AND EXISTS (SELECT 1 FROM application_steps st2 "
		    "WHERE st2.app_id = a.id AND st2.kind = 'joint' AND st2.org_id = ? "
		    "AND st2.status = 'open')) "
		    "OR (? = 'mine' AND EXISTS (SELECT 1 FROM application_steps st3 "
		    "WHERE st3.app_id = a.id AND st3.assignee_id = ? AND st3.status = "
		    "'open'))) AND (CAST(? AS TEXT) IS NULL OR a.no LIKE ? OR "
		    "a.applicant_name LIKE ? OR v.name LIKE ?) ORDER BY a.id DESC LIMIT ?",
		    &s);
	else
		rc = zw_prepare(c, "SELECT " APP_COLS APP_FROM "WHERE a.id < ? AND "
		    "a.applicant_id = ? AND (? = '' OR a.status = ?) "
		    "ORDER BY a.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, cursor > 0 ? cursor : INT64_MAX);
	if (staff) {
		int i;

		zw_bind_scope(s, 2, who, a);
		zw_bind_int(s, 3, who->org_id);
		for (i = 4; i <= 10; i++)
			zw_bind_text(s, i, st, (size_t)-1);
		zw_bind_int(s, 11, who->org_id);
		zw_bind_text(s, 12, st, (size_t)-1);
		zw_bind_int(s, 13, who->id);
		for (i = 14; i <= 17; i++) {
			if (like != NULL)
				zw_bind_text(s, i, like, (size_t)-1);
			else
				zw_bind_null(s, i);
		}
		zw_bind_int(s, 18, limit + 1);
	} else {
		zw_bind_int(s, 2, who->id);
		zw_bind_text(s, 3, st, (size_t)-1);
		zw_bind_text(s, 4, st, (size_t)-1);
		zw_bind_int(s, 5, limit + 1);
	}
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next_cursor = last;
			zw_reset(s);
			break;
		}
		last = zw_col_int(s, 0);
		json_array_append_new(*items, app_summary(s, NULL));
		n++;
	}
	rc = rc < 0 ? rc : ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}
