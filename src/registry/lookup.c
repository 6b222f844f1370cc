/*
 * lookup.c -- reading the registries: the access decision, point and
 * batch lookups, the data-access log (one row and one audit event per
 * read, in the caller's transaction), the log as the person concerned
 * sees it, and the identity check of account registration.
 *
 * A read is logged whatever its outcome: found (ok), not found, or
 * refused (denied: no purpose, no case reference, no right).  The log
 * row names the subject by its keyed index only, so the log itself
 * discloses no ID number; the person concerned finds their rows by the
 * index of their own number.  Every row points at the audit event that
 * covers it (audit_seq), so the log cannot be edited unnoticed.
 */
#include <string.h>

#include "audit/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "catalog/catalog.h"
#include "registry/reg_int.h"

/* Items of each registry: bit, API name, Chinese name. */
struct item {
	uint32_t bit;
	const char *name;
	const char *label;
};

static const struct item person_items[] = {
	{ ZW_RI_KEY, "id_number", "公民身份号码" },
	{ ZW_RI_NAME, "name", "姓名" },
	{ ZW_RI_SEX, "sex", "性别" },
	{ ZW_RI_BIRTH, "birth_date", "出生日期" },
	{ ZW_RI_ETHNICITY, "ethnicity", "民族" },
	{ ZW_RI_REGION, "region_code", "户籍地" },
	{ ZW_RI_ADDRESS, "address", "住址" },
	{ ZW_RI_PHONE, "phone", "联系电话" },
	{ ZW_RI_STATUS, "status", "户籍状态" },
};

static const struct item legal_items[] = {
	{ ZW_RI_KEY, "uscc", "统一社会信用代码" },
	{ ZW_RI_NAME, "name", "名称" },
	{ ZW_RI_TYPE, "type", "机构类别" },
	{ ZW_RI_AUTHORITY, "registration_authority", "登记管理部门" },
	{ ZW_RI_REGION, "region_code", "登记机关所在地" },
	{ ZW_RI_REPRESENTATIVE, "legal_representative", "法定代表人" },
	{ ZW_RI_CAPITAL, "registered_capital", "注册资本" },
	{ ZW_RI_ADDRESS, "address", "住所" },
	{ ZW_RI_ESTABLISHED, "established_on", "成立日期" },
	{ ZW_RI_STATUS, "status", "登记状态" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct item *
items_of(enum zw_reg reg, size_t *n)
{
	*n = reg == ZW_REG_PERSONS ? NELEM(person_items) : NELEM(legal_items);
	return reg == ZW_REG_PERSONS ? person_items : legal_items;
}

static uint32_t
all_items(enum zw_reg reg)
{
	const struct item *it;
	uint32_t bits = 0;
	size_t n, i;

	it = items_of(reg, &n);
	for (i = 0; i < n; i++)
		bits |= it[i].bit;
	return bits;
}

/* "name,sex,..." of the bits, in the arena. */
static const char *
items_text(zw_arena *a, enum zw_reg reg, uint32_t bits)
{
	const struct item *it;
	size_t n, i, len = 0;
	char *out;

	it = items_of(reg, &n);
	for (i = 0; i < n; i++)
		if (bits & it[i].bit)
			len += strlen(it[i].name) + 1;
	out = zw_alloc(a, len + 1);
	out[0] = '\0';
	for (i = 0, len = 0; i < n; i++)
		if (bits & it[i].bit) {
			size_t l = strlen(it[i].name);

			if (len > 0)
				out[len++] = ',';
			memcpy(out + len, it[i].name, l);
			len += l;
			out[len] = '\0';
		}
	return out;
}

/* ["姓名","性别",...] of an items text. */
static json_t *
items_labels(enum zw_reg reg, const char *text)
{
	const struct item *it;
	json_t *out = json_array();
	size_t n, i;

	it = items_of(reg, &n);
	for (i = 0; i < n; i++) {
		const char *p = text;
		size_t l = strlen(it[i].name);

		while ((p = strstr(p, it[i].name)) != NULL) {
			if ((p == text || p[-1] == ',') && (p[l] == ',' || p[l] == '\0')) {
				json_array_append_new(out, json_string(it[i].label));
				break;
			}
			p += l;
		}
	}
	return out;
}

/* Bits of a list of item codes (",a,b,"); *clear when it holds the
 * clear-value item. */
static uint32_t
items_bits(enum zw_reg reg, const char *list, bool *clear)
{
	const struct item *it;
	uint32_t bits = 0;
	size_t n, i;

	it = items_of(reg, &n);
	for (i = 0; i < n; i++)
		if (zw_share_items_cover(list, it[i].name))
			bits |= it[i].bit;
	*clear = zw_share_items_cover(list, ZW_CAT_CLEAR_ITEM);
	return bits;
}

int
zw_registry_access(zw_conn *c, const struct zw_actor *who, const char *client,
    enum zw_reg reg, struct zw_reg_access *out)
{
	struct zw_share_access sa;
	zw_arena *a;
	bool clear = false;
	int rc;

	memset(out, 0, sizeof(*out));
	if (who == NULL || !zw_actor_can(who, "registry.read")) {
		out->code = "registry_denied";
		out->reason = "没有查询基础库的权限";
		return ZW_OK;
	}
	/* The registry's own managers (数据管理员) read as before. */
	if (zw_actor_can(who, "registry.manage")) {
		out->allowed = true;
		out->items = all_items(reg);
		out->clear = zw_actor_can(who, "registry.clear");
		out->history = true;
		return ZW_OK;
	}
	/*
	 * Everyone else reads through the catalog (standards.md §5): the
	 * resource bound to this registry decides -- 无条件共享 every item,
	 * 有条件共享 the items of the organization's (or client's) live
	 * grants, 不予共享 nothing.  The ID number and the phone come
	 * masked unless the grant holds the clear-value item (or the user
	 * holds registry.clear).  A registry not yet in the catalog keeps
	 * the earlier rule: every item, masked.
	 */
	a = zw_arena_new();
	rc = zw_share_access(c, a, who->org_id, client ? client : "",
	    zw_reg_name(reg), zw_now(), &sa);
	if (rc != ZW_OK) {
		zw_arena_free(a);
		return rc;
	}
	switch (sa.state) {
	case ZW_SHARE_UNCATALOGUED:
	case ZW_SHARE_OPEN:
	case ZW_SHARE_PROVIDER:
		out->allowed = true;
		out->items = all_items(reg);
		break;
	case ZW_SHARE_GRANTED:
		out->items = items_bits(reg, sa.items, &clear) & all_items(reg);
		out->allowed = out->items != 0;
		if (!out->allowed) {
			out->code = "not_granted";
			out->reason = "本单位的共享授权不含该基础库的信息项";
		}
		break;
	case ZW_SHARE_EXPIRED:
		out->code = "grant_expired";
		out->reason = "本单位对该信息资源的共享授权已过期，请重新申请";
		break;
	case ZW_SHARE_WITHHELD:
		out->code = "not_shareable";
		out->reason = "该信息资源为不予共享类";
		break;
	case ZW_SHARE_NOT_GRANTED:
	default:
		out->code = "not_granted";
		out->reason = "本单位没有该信息资源的共享授权，请先提出共享申请";
		break;
	}
	out->clear = out->allowed && (clear || zw_actor_can(who, "registry.clear"));
	zw_arena_free(a);
	return ZW_OK;
}

/* The items a read asks for (?items=a,b), against what access allows:
 * false with why (not_granted, or bad_items for an unknown code). */
static bool
wanted_items(enum zw_reg reg, const char *want, struct zw_reg_access *ac,
    struct zw_why *why)
{
	const struct item *it;
	uint32_t bits = 0;
	bool clear_asked;
	size_t n, i;

	if (want == NULL || *want == '\0')
		return true;
	it = items_of(reg, &n);
	for (i = 0; i < n; i++)
		if (zw_share_items_cover(want, it[i].name))
			bits |= it[i].bit;
	clear_asked = zw_share_items_cover(want, ZW_CAT_CLEAR_ITEM);
	{
		/* every code asked must be known */
		const char *p = want;

		while (*p) {
			const char *e = strchr(p, ',');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			bool known = l == strlen(ZW_CAT_CLEAR_ITEM) &&
			    strncmp(p, ZW_CAT_CLEAR_ITEM, l) == 0;

			for (i = 0; i < n && !known && l > 0; i++)
				known = strlen(it[i].name) == l && strncmp(p, it[i].name, l) == 0;
			if (l > 0 && !known) {
				ZW_WHY(why, "bad_items", "items 含有该基础库没有的信息项", "items");
				return false;
			}
			p += l;
			while (*p == ',')
				p++;
		}
	}
	if ((bits & ~ac->items) != 0 || (clear_asked && !ac->clear)) {
		ZW_WHY(why, "not_granted", "所查询的信息项不在本单位的共享授权范围内",
		    "items");
		return false;
	}
	ac->items = bits;
	return true;
}

/* ---- the data-access log ---- */

struct logrow {
	enum zw_reg reg;
	const unsigned char *subject;	/* keyed index, or NULL */
	const struct zw_reg_read *rd;
	const char *items;
	const char *result;	/* ok, not_found, denied */
	const char *reason;
};

/* Append s as a JSON string (quotes, backslashes and controls escaped). */
static void
put_json_str(zw_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	zw_buf_putc(b, '"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\') {
			zw_buf_putc(b, '\\');
			zw_buf_putc(b, (char)*p);
		} else if (*p < 0x20) {
			char u[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };

			zw_buf_append(b, u, sizeof(u));
		} else
			zw_buf_putc(b, (char)*p);
	}
	zw_buf_putc(b, '"');
}

/* The audit details of a read: compact JSON, keys in sorted order (as
 * zw_json_dump writes them), built without an object tree: this runs
 * once per lookup. */
static const char *
read_details(zw_arena *a, const struct logrow *l)
{
	static const char *const keys[] = { "case_ref", "client", "items",
	    "purpose", "reason", "result" };
	const char *vals[6];
	zw_buf b;
	char *out;
	size_t i;

	vals[0] = l->rd->case_ref;
	vals[1] = l->rd->client;
	vals[2] = l->items;
	vals[3] = l->rd->purpose;
	vals[4] = l->reason;
	vals[5] = l->result;
	/* headers are at most ZW_MAX_HEADER_BYTES together; escaping at
	 * most sextuples a byte */
	zw_buf_init(&b, 6 * ZW_MAX_HEADER_BYTES + 1024);
	zw_buf_putc(&b, '{');
	for (i = 0; i < 6; i++) {
		if (i > 0)
			zw_buf_putc(&b, ',');
		put_json_str(&b, keys[i]);
		zw_buf_putc(&b, ':');
		put_json_str(&b, vals[i]);
	}
	zw_buf_putc(&b, '}');
	out = zw_astrndup(a, b.p, b.len);
	zw_buf_free(&b);
	return out;
}

/* The name of who's organization ("" without one), from the arena. */
static int
actor_org_name(zw_conn *c, zw_arena *a, const struct zw_actor *who,
    const char **out)
{
	zw_stmt *s;
	int rc;

	*out = "";
	if (who == NULL || who->org_id <= 0)
		return ZW_OK;
	if ((rc = zw_prepare(c, "SELECT name FROM orgs WHERE id = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->org_id);
	if ((rc = zw_step(s)) == ZW_ROW) {
		*out = zw_astrdup(a, zw_col_text(s, 0));
		zw_reset(s);
	}
	return rc < 0 ? rc : ZW_OK;
}

/* One row of the data-access log, covered by the audit event seq. */
static int
insert_log_row(zw_conn *c, const struct zw_actor *who, const char *org_name,
    const struct logrow *l, int64_t seq)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "INSERT INTO registry_access_log (at, actor_id, "
	    "actor_login, org_id, org_name, client, registry, subject_key, "
	    "purpose, case_ref, items, result, reason, audit_seq) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	if (who != NULL && who->id > 0)
		zw_bind_int(s, 2, who->id);
	else
		zw_bind_null(s, 2);
	zw_bind_text(s, 3, who && who->login ? who->login : "system", (size_t)-1);
	if (who != NULL && who->org_id > 0)
		zw_bind_int(s, 4, who->org_id);
	else
		zw_bind_null(s, 4);
	zw_bind_text(s, 5, org_name, (size_t)-1);
	zw_bind_text(s, 6, l->rd->client ? l->rd->client : "", (size_t)-1);
	zw_bind_text(s, 7, zw_reg_name(l->reg), (size_t)-1);
	if (l->subject != NULL)
		zw_bind_blob(s, 8, l->subject, ZW_REG_INDEX_LEN);
	else
		zw_bind_null(s, 8);
	zw_bind_text(s, 9, l->rd->purpose ? l->rd->purpose : "", (size_t)-1);
	zw_bind_text(s, 10, l->rd->case_ref ? l->rd->case_ref : "", (size_t)-1);
	zw_bind_text(s, 11, l->items, (size_t)-1);
	zw_bind_text(s, 12, l->result, (size_t)-1);
	zw_bind_text(s, 13, l->reason ? l->reason : "", (size_t)-1);
	zw_bind_int(s, 14, seq);
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

/* The audit event of a read (one lookup, or one bulk read covering many
 * subjects: object_id then names none).  OUT: *seq. */
static int
audit_read(zw_conn *c, zw_arena *a, const struct zw_actor *who,
    const struct logrow *l, const char *action, int64_t *seq)
{
	struct zw_audit_event e;
	char hex[33] = "";

	if (l->subject != NULL)
		reg_index_hex(l->subject, hex);
	memset(&e, 0, sizeof(e));
	e.actor_id = who ? who->id : 0;
	e.actor_login = who && who->login ? who->login : "system";
	e.org_id = who ? who->org_id : 0;
	e.action = action;
	e.object_type = zw_reg_name(l->reg);
	e.object_id = hex;
	e.result = strcmp(l->result, "ok") == 0 ? "success" : "failure";
	e.ip = who ? who->ip : NULL;
	e.request_id = who ? who->request_id : NULL;
	e.details = read_details(a, l);
	return zw_audit_append(c, &e, seq);
}

/* Append one read to the data-access log and the audit chain. */
static int
log_read(zw_conn *c, zw_arena *a, const struct zw_actor *who,
    const struct logrow *l)
{
	const char *org_name;
	int64_t seq = 0;
	int rc;

	ZW_ASSERT(zw_in_tx(c));
	if ((rc = actor_org_name(c, a, who, &org_name)) != ZW_OK ||
	    (rc = audit_read(c, a, who, l, "registry.read", &seq)) != ZW_OK)
		return rc;
	return insert_log_row(c, who, org_name, l, seq);
}

int
zw_registry_log_bulk(zw_conn *c, const struct zw_actor *who, enum zw_reg reg,
    const unsigned char *subjects, size_t n, const char *purpose,
    const char *case_ref, const char *items, const char *note)
{
	struct zw_reg_read rd;
	struct logrow l;
	const char *org_name;
	char reason[160];
	int64_t seq = 0;
	zw_arena *a;
	size_t i;
	int rc;

	ZW_ASSERT(zw_in_tx(c));
	if (n == 0)
		return ZW_OK;
	memset(&rd, 0, sizeof(rd));
	rd.purpose = purpose;
	rd.case_ref = case_ref;
	snprintf(reason, sizeof(reason), "%s：批量读取 %zu 条", note ? note : "", n);
	memset(&l, 0, sizeof(l));
	l.reg = reg;
	l.rd = &rd;
	l.items = items;
	l.result = "ok";
	l.reason = reason;
	a = zw_arena_new();
	if ((rc = actor_org_name(c, a, who, &org_name)) == ZW_OK)
		rc = audit_read(c, a, who, &l, "registry.bulk_read", &seq);
	l.reason = note;
	for (i = 0; rc == ZW_OK && i < n; i++) {
		l.subject = subjects + i * ZW_REG_INDEX_LEN;
		rc = insert_log_row(c, who, org_name, &l, seq);
	}
	zw_arena_free(a);
	return rc;
}

/*
 * The stated reason: both headers present, within their caps, text.
 * false with why (the header's name as field).
 */
static bool
reason_ok(const struct zw_reg_read *rd, struct zw_why *why, const char **code)
{
	const char *p = rd->purpose, *r = rd->case_ref;

	if (p == NULL || *p == '\0') {
		ZW_WHY(why, "purpose_required", "查询基础库须说明事由（请求头 X-Purpose）",
		    "X-Purpose");
		*code = "missing_purpose";
		return false;
	}
	if (!zw_utf8_valid(p, strlen(p)) || zw_utf8_has_controls(p, strlen(p)) ||
	    zw_utf8_chars(p, strlen(p)) > ZW_REG_MAX_PURPOSE) {
		ZW_WHY(why, "bad_purpose", "事由（X-Purpose）应为不超过200个字符的文本",
		    "X-Purpose");
		*code = "bad_purpose";
		return false;
	}
	if (r == NULL || *r == '\0') {
		ZW_WHY(why, "case_ref_required",
		    "查询基础库须提供案件或业务编号（请求头 X-Case-Ref）", "X-Case-Ref");
		*code = "missing_case_ref";
		return false;
	}
	if (!zw_utf8_valid(r, strlen(r)) || zw_utf8_has_controls(r, strlen(r)) ||
	    zw_utf8_chars(r, strlen(r)) > ZW_REG_MAX_CASE_REF) {
		ZW_WHY(why, "bad_case_ref", "业务编号（X-Case-Ref）应为不超过64个字符的文本",
		    "X-Case-Ref");
		*code = "bad_case_ref";
		return false;
	}
	return true;
}

/* ---- records as JSON ---- */

static void
put_time(json_t *o, const char *key, int64_t t)
{
	char ts[32];

	zw_time_rfc3339(t, ts, sizeof(ts));
	json_object_set_new(o, key, json_string(ts));
}

static json_t *
region_json(const char *code)
{
	const struct zw_region *rg = zw_region_find(code);

	return json_string(rg != NULL ? rg->full_name : "");
}

/* A person's values (current or historic row) as JSON.  cols: pii, name,
 * sex, birth_date, ethnicity, region_code, address, status at col0... */
static int
person_json(const struct zw_reg_keys *k, zw_stmt *s, int col0,
    const struct zw_reg_access *ac, const char *want_id, json_t *o)
{
	char id[19], phone[ZW_REG_MAX_PHONE + 1], m[32];
	const void *pii;
	size_t n;
	int rc;

	pii = zw_col_blob(s, col0, &n);
	if ((rc = reg_pii_open(k, pii, n, id, phone)) != ZW_OK)
		return rc;
	if (want_id != NULL && strcmp(id, want_id) != 0) {
		zw_wipe(phone, sizeof(phone));
		return ZW_ECRYPTO;	/* a record moved under another key */
	}
	if (ac->items & ZW_RI_KEY) {
		if (ac->clear)
			json_object_set_new(o, "id_number", json_string(id));
		else {
			zw_mask_id(id, m, sizeof(m));
			json_object_set_new(o, "id_number", json_string(m));
		}
	}
	if (ac->items & ZW_RI_NAME)
		json_object_set_new(o, "name", json_string(zw_col_text(s, col0 + 1)));
	if (ac->items & ZW_RI_SEX)
		json_object_set_new(o, "sex", json_string(zw_col_text(s, col0 + 2)));
	if (ac->items & ZW_RI_BIRTH)
		json_object_set_new(o, "birth_date", json_string(zw_col_text(s, col0 + 3)));
	if (ac->items & ZW_RI_ETHNICITY)
		json_object_set_new(o, "ethnicity", json_string(zw_col_text(s, col0 + 4)));
	if (ac->items & ZW_RI_REGION) {
		json_object_set_new(o, "region_code", json_string(zw_col_text(s, col0 + 5)));
		json_object_set_new(o, "region_name", region_json(zw_col_text(s, col0 + 5)));
	}
	if (ac->items & ZW_RI_ADDRESS)
		json_object_set_new(o, "address", json_string(zw_col_text(s, col0 + 6)));
	if (ac->items & ZW_RI_PHONE) {
		if (ac->clear)
			json_object_set_new(o, "phone", json_string(phone));
		else {
			zw_mask_phone(phone, m, sizeof(m));
			json_object_set_new(o, "phone", json_string(m));
		}
	}
	if (ac->items & ZW_RI_STATUS)
		json_object_set_new(o, "status", json_string(zw_col_text(s, col0 + 7)));
	zw_wipe(id, sizeof(id));
	zw_wipe(phone, sizeof(phone));
	return ZW_OK;
}

/* cols from col0: uscc, name, org_type, authority, region_code,
 * legal_representative, registered_capital, address, established_on,
 * status */
static void
legal_json(zw_stmt *s, int col0, const struct zw_reg_access *ac, json_t *o)
{
	static const uint32_t bits[] = { ZW_RI_KEY, ZW_RI_NAME, ZW_RI_TYPE,
	    ZW_RI_AUTHORITY, ZW_RI_REGION, ZW_RI_REPRESENTATIVE, ZW_RI_CAPITAL,
	    ZW_RI_ADDRESS, ZW_RI_ESTABLISHED, ZW_RI_STATUS };
	size_t i;

	for (i = 0; i < NELEM(bits); i++)
		if (ac->items & bits[i])
			json_object_set_new(o, legal_items[i].name,
			    json_string(zw_col_text(s, col0 + (int)i)));
	if (ac->items & ZW_RI_REGION)
		json_object_set_new(o, "region_name", region_json(zw_col_text(s, col0 + 4)));
}

static int
person_history(zw_conn *c, const struct zw_reg_keys *k,
    const unsigned char *key, const char *id, const struct zw_reg_access *ac,
    json_t **out)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT pii, name, sex, birth_date, ethnicity, "
	    "region_code, address, status, version, valid_from, changed_at, "
	    "changed, actor_login, COALESCE(batch_id, 0) FROM person_history "
	    "WHERE id_key = ? ORDER BY version DESC", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_blob(s, 1, key, ZW_REG_INDEX_LEN);
	*out = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *o = json_object();

		if ((rc = person_json(k, s, 0, ac, id, o)) != ZW_OK) {
			json_decref(o);
			zw_reset(s);
			return rc;
		}
		json_object_set_new(o, "version", json_integer(zw_col_int(s, 8)));
		put_time(o, "valid_from", zw_col_int(s, 9));
		put_time(o, "valid_to", zw_col_int(s, 10));
		json_object_set_new(o, "changed", json_string(zw_col_text(s, 11)));
		json_object_set_new(o, "changed_by", json_string(zw_col_text(s, 12)));
		json_object_set_new(o, "batch_id", json_integer(zw_col_int(s, 13)));
		json_array_append_new(*out, o);
	}
	return rc < 0 ? rc : ZW_OK;
}

static int
legal_history(zw_conn *c, const char *uscc, const struct zw_reg_access *ac,
    json_t **out)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT uscc, name, org_type, authority, region_code, "
	    "legal_representative, registered_capital, address, established_on, "
	    "status, version, valid_from, changed_at, changed, actor_login, "
	    "COALESCE(batch_id, 0) FROM legal_person_history WHERE uscc = ? "
	    "ORDER BY version DESC", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, uscc, (size_t)-1);
	*out = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *o = json_object();

		legal_json(s, 0, ac, o);
		json_object_set_new(o, "version", json_integer(zw_col_int(s, 10)));
		put_time(o, "valid_from", zw_col_int(s, 11));
		put_time(o, "valid_to", zw_col_int(s, 12));
		json_object_set_new(o, "changed", json_string(zw_col_text(s, 13)));
		json_object_set_new(o, "changed_by", json_string(zw_col_text(s, 14)));
		json_object_set_new(o, "batch_id", json_integer(zw_col_int(s, 15)));
		json_array_append_new(*out, o);
	}
	return rc < 0 ? rc : ZW_OK;
}

/*
 * Fetch the record of a normalized key.  ZW_ENOTFOUND when absent.
 * OUT: *out (the allowed items, and history when asked and allowed).
 */
static int
fetch(zw_conn *c, const struct zw_reg_keys *k, enum zw_reg reg,
    const char *key, const unsigned char *index, const struct zw_reg_access *ac,
    bool history, json_t **out)
{
	json_t *o;
	zw_stmt *s;
	int rc;

	*out = NULL;
	if (reg == ZW_REG_PERSONS) {
		rc = zw_prepare(c, "SELECT pii, name, sex, birth_date, ethnicity, "
		    "region_code, address, status, version, updated_at FROM persons "
		    "WHERE id_key = ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_blob(s, 1, index, ZW_REG_INDEX_LEN);
	} else {
		rc = zw_prepare(c, "SELECT uscc, name, org_type, authority, "
		    "region_code, legal_representative, registered_capital, address, "
		    "established_on, status, version, updated_at FROM legal_persons "
		    "WHERE uscc = ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_text(s, 1, key, (size_t)-1);
	}
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	o = json_pack("{s:s}", "registry", zw_reg_name(reg));
	if (reg == ZW_REG_PERSONS) {
		if ((rc = person_json(k, s, 0, ac, key, o)) != ZW_OK) {
			zw_reset(s);
			json_decref(o);
			zw_error("registry: the record of index %02x%02x... does not "
			    "open or does not match its key", index[0], index[1]);
			return rc;
		}
		json_object_set_new(o, "version", json_integer(zw_col_int(s, 8)));
		put_time(o, "updated_at", zw_col_int(s, 9));
	} else {
		legal_json(s, 0, ac, o);
		json_object_set_new(o, "version", json_integer(zw_col_int(s, 10)));
		put_time(o, "updated_at", zw_col_int(s, 11));
	}
	zw_reset(s);
	json_object_set_new(o, "masked", json_boolean(!ac->clear &&
	    reg == ZW_REG_PERSONS));
	if (history && ac->history) {
		json_t *h = NULL;

		rc = reg == ZW_REG_PERSONS ? person_history(c, k, index, key, ac, &h) :
		    legal_history(c, key, ac, &h);
		if (rc != ZW_OK) {
			json_decref(o);
			return rc;
		}
		json_object_set_new(o, "history", h);
	}
	*out = o;
	return ZW_OK;
}

/* Why a key is not valid, copied into the arena. */
static void
key_why(zw_arena *a, enum zw_reg reg, const struct zw_id_result *r,
    struct zw_why *why)
{
	ZW_WHY(why, reg == ZW_REG_PERSONS ? "invalid_id_number" : "invalid_uscc",
	    zw_aprintf(a, "%s：%s", reg == ZW_REG_PERSONS ? "公民身份号码" :
	    "统一社会信用代码", r->reason), reg == ZW_REG_PERSONS ? "id_number" :
	    "uscc");
}

int
zw_registry_get(zw_conn *c, const struct zw_actor *who,
    const struct zw_reg_keys *k, enum zw_reg reg, const char *key,
    const struct zw_reg_read *rd, json_t **out, struct zw_why *why)
{
	static _Thread_local char reason[200];
	struct zw_id_result r;
	struct zw_reg_access ac;
	struct logrow l = { 0 };
	unsigned char index[ZW_REG_INDEX_LEN];
	const char *code = NULL;
	char norm[19];
	zw_arena *a;
	int rc;

	*out = NULL;
	if (zw_registry_normalize_key(reg, key, norm, &r) != ZW_OK) {
		snprintf(reason, sizeof(reason), "%s：%s", reg == ZW_REG_PERSONS ?
		    "公民身份号码" : "统一社会信用代码", r.reason);
		ZW_WHY(why, reg == ZW_REG_PERSONS ? "invalid_id_number" :
		    "invalid_uscc", reason, reg == ZW_REG_PERSONS ? "id_number" : "uscc");
		return ZW_EINVAL;
	}
	a = zw_arena_new();
	reg_index(k, norm, 18, index);
	l.reg = reg;
	l.subject = index;
	l.rd = rd;
	l.items = "";
	if (!reason_ok(rd, why, &code)) {
		l.result = "denied";
		l.reason = code;
		rc = log_read(c, a, who, &l);
		zw_arena_free(a);
		return rc != ZW_OK ? rc : ZW_EINVAL;
	}
	if ((rc = zw_registry_access(c, who, rd->client, reg, &ac)) != ZW_OK)
		goto out;
	if (!ac.allowed) {
		ZW_WHY(why, ac.code, ac.reason, NULL);
		l.result = "denied";
		l.reason = ac.code;
		if ((rc = log_read(c, a, who, &l)) == ZW_OK)
			rc = ZW_EPERM;
		goto out;
	}
	if (!wanted_items(reg, rd->items, &ac, why)) {
		l.result = "denied";
		l.reason = why->code;
		if ((rc = log_read(c, a, who, &l)) == ZW_OK)
			rc = strcmp(why->code, "bad_items") == 0 ? ZW_EINVAL : ZW_EPERM;
		goto out;
	}
	rc = fetch(c, k, reg, norm, index, &ac, rd->history, out);
	if (rc == ZW_ENOTFOUND) {
		ZW_WHY(why, "not_found", reg == ZW_REG_PERSONS ?
		    "人口基础库中没有该公民身份号码" : "法人基础库中没有该统一社会信用代码",
		    NULL);
		l.result = "not_found";
		if ((rc = log_read(c, a, who, &l)) == ZW_OK)
			rc = ZW_ENOTFOUND;
		goto out;
	}
	if (rc != ZW_OK)
		goto out;
	l.result = "ok";
	l.items = items_text(a, reg, ac.items);
	if ((rc = log_read(c, a, who, &l)) != ZW_OK) {
		json_decref(*out);
		*out = NULL;
	}
out:
	zw_arena_free(a);
	return rc;
}

int
zw_registry_batch(zw_conn *c, const struct zw_actor *who,
    const struct zw_reg_keys *k, enum zw_reg reg, const char *const *keys,
    size_t n, const struct zw_reg_read *rd, json_t **items, struct zw_why *why)
{
	struct zw_reg_access ac;
	struct logrow l = { 0 };
	unsigned char (*index)[ZW_REG_INDEX_LEN];
	char (*norm)[19];
	bool *valid;
	const char *code = NULL, *deny = NULL;
	zw_arena *a;
	size_t i;
	int rc = ZW_OK;

	*items = NULL;
	if (n > ZW_REG_MAX_BATCH) {
		ZW_WHY(why, "too_many", "一次批量查询最多1000个号码", "keys");
		return ZW_ETOOBIG;
	}
	a = zw_arena_new();
	index = zw_alloc(a, (n + 1) * sizeof(*index));
	norm = zw_alloc(a, (n + 1) * sizeof(*norm));
	valid = zw_zalloc(a, (n + 1) * sizeof(*valid));
	for (i = 0; i < n; i++) {
		struct zw_id_result r;

		if (zw_registry_normalize_key(reg, keys[i], norm[i], &r) == ZW_OK) {
			valid[i] = true;
			reg_index(k, norm[i], 18, index[i]);
		}
	}
	l.reg = reg;
	l.rd = rd;
	l.items = "";
	if (!reason_ok(rd, why, &code))
		deny = code;
	else if ((rc = zw_registry_access(c, who, rd->client, reg, &ac)) != ZW_OK)
		goto out;
	else if (!ac.allowed) {
		ZW_WHY(why, ac.code, ac.reason, NULL);
		deny = ac.code;
	} else if (!wanted_items(reg, rd->items, &ac, why))
		deny = why->code;
	if (deny != NULL) {
		l.result = "denied";
		l.reason = deny;
		for (i = 0; i < n && rc == ZW_OK; i++)
			if (valid[i]) {
				l.subject = index[i];
				rc = log_read(c, a, who, &l);
			}
		if (rc == ZW_OK)
			rc = code != NULL || strcmp(deny, "bad_items") == 0 ? ZW_EINVAL :
			    ZW_EPERM;
		goto out;
	}
	*items = json_array();
	for (i = 0; i < n; i++) {
		json_t *rec = NULL, *o = json_pack("{s:s}", "key", keys[i]);

		json_array_append_new(*items, o);
		if (!valid[i]) {
			struct zw_id_result r;
			struct zw_why kw = { 0 };

			(void)zw_registry_normalize_key(reg, keys[i], norm[i], &r);
			key_why(a, reg, &r, &kw);
			json_object_set_new(o, "status", json_string("invalid"));
			json_object_set_new(o, "error", json_pack("{s:s, s:s}", "code",
			    kw.code, "message", kw.message));
			continue;
		}
		rc = fetch(c, k, reg, norm[i], index[i], &ac, false, &rec);
		l.subject = index[i];
		if (rc == ZW_ENOTFOUND) {
			json_object_set_new(o, "status", json_string("not_found"));
			l.result = "not_found";
			l.items = "";
		} else if (rc == ZW_OK) {
			json_object_set_new(o, "status", json_string("ok"));
			json_object_set_new(o, "record", rec);
			l.result = "ok";
			l.items = items_text(a, reg, ac.items);
		} else
			break;
		if ((rc = log_read(c, a, who, &l)) != ZW_OK)
			break;
	}
	if (rc != ZW_OK) {
		json_decref(*items);
		*items = NULL;
	}
out:
	zw_arena_free(a);
	return rc;
}

/* The ID number or USCC of a public user: the registration record, else
 * the login (API.md: public users log in with it).  OUT: reg, key. */
static int
public_key(zw_conn *c, int64_t user_id, enum zw_reg *reg, char key[19])
{
	struct zw_id_result r;
	char kind[16] = "", cand[2][64];
	zw_stmt *s;
	int rc, i;

	memset(cand, 0, sizeof(cand));
	rc = zw_prepare(c, "SELECT u.kind, u.login, COALESCE(p.id_number, ''), "
	    "COALESCE(p.uscc, '') FROM users u LEFT JOIN public_accounts p "
	    "ON p.user_id = u.id WHERE u.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, user_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	(void)zw_strlcpy(kind, zw_col_text(s, 0), sizeof(kind));
	if (strcmp(kind, "person") == 0) {
		*reg = ZW_REG_PERSONS;
		(void)zw_strlcpy(cand[0], zw_col_text(s, 2), sizeof(cand[0]));
	} else if (strcmp(kind, "enterprise") == 0) {
		*reg = ZW_REG_LEGAL;
		(void)zw_strlcpy(cand[0], zw_col_text(s, 3), sizeof(cand[0]));
	} else {
		zw_reset(s);
		return ZW_EPERM;
	}
	(void)zw_strlcpy(cand[1], zw_col_text(s, 1), sizeof(cand[1]));
	zw_reset(s);
	for (i = 0; i < 2; i++)
		if (cand[i][0] != '\0' &&
		    zw_registry_normalize_key(*reg, cand[i], key, &r) == ZW_OK)
			return ZW_OK;
	return ZW_ENOTFOUND;
}

int
zw_registry_my_log(zw_conn *c, const struct zw_reg_keys *k, int64_t user_id,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next_cursor)
{
	unsigned char index[ZW_REG_INDEX_LEN];
	enum zw_reg reg = ZW_REG_PERSONS;
	char key[19];
	zw_stmt *s;
	int64_t n = 0, last = 0;
	int rc;

	*items = json_array();
	*next_cursor = -1;
	if ((rc = public_key(c, user_id, &reg, key)) == ZW_ENOTFOUND)
		return ZW_OK;	/* no valid number: nobody can have read it */
	if (rc != ZW_OK) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	reg_index(k, key, 18, index);
	zw_wipe(key, sizeof(key));
	/* Every successful read by an organization.  Refusals and misses
	 * disclosed nothing about the person and are not listed. */
	rc = zw_prepare(c, "SELECT id, at, org_name, purpose, case_ref, items "
	    "FROM registry_access_log WHERE subject_key = ? AND registry = ? "
	    "AND result = 'ok' AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_blob(s, 1, index, ZW_REG_INDEX_LEN);
	zw_bind_text(s, 2, zw_reg_name(reg), (size_t)-1);
	zw_bind_int(s, 3, cursor);
	zw_bind_int(s, 4, cursor);
	zw_bind_int(s, 5, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *o;

		if (n == limit) {
			*next_cursor = last;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		last = zw_col_int(s, 0);
		o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)last,
		    "org_name", zw_col_text(s, 2), "purpose", zw_col_text(s, 3),
		    "case_ref", zw_col_text(s, 4), "registry", zw_reg_name(reg),
		    "items", items_labels(reg, zw_col_text(s, 5)));
		put_time(o, "at", zw_col_int(s, 1));
		json_array_append_new(*items, o);
		n++;
	}
	if (rc < 0)
		goto fail;
	return ZW_OK;
fail:
	json_decref(*items);
	*items = NULL;
	return rc;
}

int
zw_registry_access_log(zw_conn *c, const char *registry, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next_cursor)
{
	zw_stmt *s;
	int64_t n = 0, last = 0;
	int rc;

	*items = json_array();
	*next_cursor = -1;
	rc = zw_prepare(c, "SELECT id, at, actor_login, org_name, client, registry, "
	    "subject_key, purpose, case_ref, items, result, reason, audit_seq "
	    "FROM registry_access_log WHERE (CAST(? AS TEXT) = '' OR registry = ?) "
	    "AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_text(s, 1, registry ? registry : "", (size_t)-1);
	zw_bind_text(s, 2, registry ? registry : "", (size_t)-1);
	zw_bind_int(s, 3, cursor);
	zw_bind_int(s, 4, cursor);
	zw_bind_int(s, 5, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		const void *key;
		char hex[33] = "";
		size_t kn = 0;
		json_t *o;

		if (n == limit) {
			*next_cursor = last;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		last = zw_col_int(s, 0);
		key = zw_col_blob(s, 6, &kn);
		if (key != NULL && kn == ZW_REG_INDEX_LEN)
			reg_index_hex(key, hex);
		o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
		    "id", (json_int_t)last, "actor_login", zw_col_text(s, 2),
		    "org_name", zw_col_text(s, 3), "client", zw_col_text(s, 4),
		    "registry", zw_col_text(s, 5), "subject_key", hex,
		    "purpose", zw_col_text(s, 7), "case_ref", zw_col_text(s, 8),
		    "items", zw_col_text(s, 9), "result", zw_col_text(s, 10),
		    "reason", zw_col_text(s, 11), "audit_seq",
		    (json_int_t)zw_col_int(s, 12));
		put_time(o, "at", zw_col_int(s, 1));
		json_array_append_new(*items, o);
		n++;
	}
	if (rc < 0)
		goto fail;
	return ZW_OK;
fail:
	json_decref(*items);
	*items = NULL;
	return rc;
}

int
zw_registry_identity_check(zw_conn *c, const char *kind, const char *key,
    const char *name, struct zw_why *why)
{
	static _Thread_local char msg[200];
	const struct zw_reg_keys *k = zw_registry_keys();
	unsigned char index[ZW_REG_INDEX_LEN];
	struct zw_id_result r;
	enum zw_reg reg;
	char norm[19], status[32] = "";
	zw_stmt *s;
	int rc;

	if (kind == NULL || key == NULL || name == NULL)
		return ZW_EINVAL;
	if (strcmp(kind, "person") == 0)
		reg = ZW_REG_PERSONS;
	else if (strcmp(kind, "enterprise") == 0)
		reg = ZW_REG_LEGAL;
	else
		return ZW_EINVAL;
	if (zw_registry_normalize_key(reg, key, norm, &r) != ZW_OK)
		return ZW_ENOTFOUND;	/* the caller validates the number */
	if (reg == ZW_REG_PERSONS) {
		if (k == NULL) {
			zw_error("registry identity check: keys not initialized");
			return ZW_ESTATE;
		}
		reg_index(k, norm, 18, index);
		rc = zw_prepare(c, "SELECT name, status FROM persons WHERE id_key = ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_blob(s, 1, index, ZW_REG_INDEX_LEN);
	} else {
		rc = zw_prepare(c, "SELECT name, status FROM legal_persons WHERE uscc = ?",
		    &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_text(s, 1, norm, (size_t)-1);
	}
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	(void)zw_strlcpy(status, zw_col_text(s, 1), sizeof(status));
	rc = strcmp(zw_col_text(s, 0), name) == 0 ? ZW_OK : ZW_ECONFLICT;
	zw_reset(s);
	if (rc != ZW_OK) {
		ZW_WHY(why, "identity_mismatch", reg == ZW_REG_PERSONS ?
		    "姓名与人口基础库登记的不一致，请核对姓名和公民身份号码" :
		    "名称与法人基础库登记的不一致，请核对名称和统一社会信用代码",
		    "name");
		return ZW_ECONFLICT;
	}
	if (reg_status_inactive(status)) {
		snprintf(msg, sizeof(msg), "%s登记状态为“%s”，不能注册账号",
		    reg == ZW_REG_PERSONS ? "人口基础库中该公民的户籍" :
		    "法人基础库中该单位的", status);
		ZW_WHY(why, "identity_inactive", msg, reg == ZW_REG_PERSONS ?
		    "id_number" : "uscc");
		return ZW_ECONFLICT;
	}
	return ZW_OK;
}
