/*
 * share.c -- 有条件共享 requests, their answers and grants, the access
 * decision lookups ask, and the sharing indicators (standards.md §5).
 *
 * A request is due ZW_CAT_REPLY_DAYS working days after the day it was
 * made (§5: the provider answers within 10 working days; refusals give
 * reasons).  It is overdue while pending past its due date, and counts
 * as answered late when answered after it.
 */
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "catalog/cat_int.h"

bool
zw_share_items_cover(const char *have, const char *want)
{
	zw_buf h;
	const char *p = want;
	bool ok = true;

	if (have == NULL || want == NULL)
		return false;
	/* ",have," so that every code is found as ",code," */
	zw_buf_init(&h, strlen(have) + 3);
	zw_buf_putc(&h, ',');
	zw_buf_puts(&h, have);
	zw_buf_putc(&h, ',');
	while (ok && *p) {
		char tok[ZW_CAT_MAX_ITEM_NAME + 3];
		const char *e;
		size_t n;

		while (*p == ',')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n > ZW_CAT_MAX_ITEM_NAME) {
			ok = false;
			break;
		}
		tok[0] = ',';
		memcpy(tok + 1, p, n);
		tok[n + 1] = ',';
		tok[n + 2] = '\0';
		ok = strstr(h.p, tok) != NULL;
		p += n;
	}
	zw_buf_free(&h);
	return ok;
}

int
zw_share_rate_permille(int64_t shared, int64_t total)
{
	if (total <= 0)
		return 0;
	return (int)((shared * 1000 + total / 2) / total);
}

static bool
date_ok(const char *s, zw_date *d)
{
	return s != NULL && zw_date_parse(s, d) == ZW_OK;
}

static const char *
share_type_cn(const char *st)
{
	return strcmp(st, ZW_SHARE_UNCONDITIONAL) == 0 ? "无条件共享" :
	    strcmp(st, ZW_SHARE_CONDITIONAL) == 0 ? "有条件共享" : "不予共享";
}

/* The client of a key, of the organization; 0 when key is empty. */
static int
client_of(zw_conn *c, const char *key, int64_t org, int64_t *id)
{
	zw_stmt *s;
	int rc;

	*id = 0;
	if (key == NULL || *key == '\0')
		return ZW_OK;
	rc = zw_prepare(c, "SELECT id, org_id FROM api_clients WHERE client_key = ? "
	    "AND status = 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, key, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	if (zw_col_int(s, 1) != org) {
		zw_reset(s);
		return ZW_ENOTFOUND;
	}
	*id = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_share_request(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, const struct zw_share_in *in, int64_t *id,
    struct zw_why *why)
{
	const char *st, *doc, *codes;
	char due[16];
	int64_t provider, client = 0, now = zw_now();
	zw_date end, today = zw_date_of(now);
	zw_arena *a = zw_arena_new();
	zw_buf b;
	json_t *det;
	zw_stmt *s;
	size_t i;
	int rc, pv;

	zw_buf_init(&b, CAT_LIST_MAX);
	if (who->org_id <= 0) {
		ZW_WHY(why, "forbidden", "只有政务部门可以申请共享", NULL);
		rc = ZW_EPERM;
		goto out;
	}
	rc = cat_resource_head(c, a, in->resource_id, &provider, &st, &doc, &pv);
	if (rc == ZW_ENOTFOUND || (rc == ZW_OK && pv == 0)) {
		ZW_WHY(why, "not_found", "目录中没有该信息资源", "resource_id");
		rc = ZW_ENOTFOUND;
		goto out;
	}
	if (rc != ZW_OK)
		goto out;
	if (strcmp(st, ZW_SHARE_NONE) == 0) {
		ZW_WHY(why, "not_shareable", "该信息资源为不予共享类，不受理共享申请",
		    "resource_id");
		rc = ZW_EINVAL;
		goto out;
	}
	if (strcmp(st, ZW_SHARE_UNCONDITIONAL) == 0) {
		ZW_WHY(why, "not_needed", "该信息资源为无条件共享，可直接使用，无需申请",
		    "resource_id");
		rc = ZW_EINVAL;
		goto out;
	}
	if (provider == who->org_id) {
		ZW_WHY(why, "own_resource", "本单位提供的信息资源无需申请", "resource_id");
		rc = ZW_EINVAL;
		goto out;
	}
	codes = cat_item_codes(a, doc);
	if (in->nitems == 0 || in->nitems > ZW_CAT_MAX_ITEMS) {
		ZW_WHY(why, "items_required", "请选择需要的信息项", "items");
		rc = ZW_EINVAL;
		goto out;
	}
	zw_buf_putc(&b, ',');
	for (i = 0; i < in->nitems; i++) {
		if (!zw_share_items_cover(codes, in->items[i]) ||
		    strchr(in->items[i], ',') != NULL || *in->items[i] == '\0') {
			ZW_WHY(why, "unknown_item", "所选信息项不属于该信息资源", "items");
			rc = ZW_EINVAL;
			goto out;
		}
		zw_buf_puts(&b, in->items[i]);
		zw_buf_putc(&b, ',');
	}
	if (!cat_text_ok(in->purpose, ZW_CAT_MAX_TEXT, false)) {
		ZW_WHY(why, "purpose_required", "请说明使用用途", "purpose");
		rc = ZW_EINVAL;
		goto out;
	}
	if (!cat_text_ok(in->legal_basis, ZW_CAT_MAX_TEXT, false)) {
		ZW_WHY(why, "basis_required", "请注明申请依据", "legal_basis");
		rc = ZW_EINVAL;
		goto out;
	}
	if (!date_ok(in->period_end, &end) || zw_date_cmp(end, today) <= 0) {
		ZW_WHY(why, "bad_period", "使用期限应为今天以后的日期（YYYY-MM-DD）",
		    "period_end");
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = client_of(c, in->client_key, who->org_id, &client)) == ZW_ENOTFOUND) {
		ZW_WHY(why, "unknown_client", "本单位没有该接入系统", "client_id");
		rc = ZW_EINVAL;
		goto out;
	} else if (rc != ZW_OK)
		goto out;
	/* §5: the provider answers within 10 working days */
	zw_date_fmt(zw_add_working_days(cal, today, ZW_CAT_REPLY_DAYS), due,
	    sizeof(due));
	rc = zw_prepare(c, "INSERT INTO share_requests (resource_id, consumer_org_id, "
	    "client_id, items, purpose, legal_basis, period_end, due_on, requested_by, "
	    "requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, in->resource_id);
	zw_bind_int(s, 2, who->org_id);
	if (client > 0)
		zw_bind_int(s, 3, client);
	else
		zw_bind_null(s, 3);
	zw_bind_text(s, 4, b.p, b.len);
	zw_bind_text(s, 5, in->purpose, (size_t)-1);
	zw_bind_text(s, 6, in->legal_basis, (size_t)-1);
	zw_bind_text(s, 7, in->period_end, (size_t)-1);
	zw_bind_text(s, 8, due, (size_t)-1);
	zw_bind_int(s, 9, who->id);
	zw_bind_int(s, 10, now);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	*id = zw_col_int(s, 0);
	zw_reset(s);
	det = json_pack("{s:I, s:s, s:s}", "resource_id", (json_int_t)in->resource_id,
	    "items", b.p, "due_on", due);
	rc = zw_actor_audit(c, who, "share.request", "share_request", *id, "success",
	    det);
	json_decref(det);
out:
	zw_buf_free(&b);
	zw_arena_free(a);
	return rc;
}

/* A pending request the actor may answer.  OUT: fields. */
static int
answerable(zw_conn *c, zw_arena *a, const struct zw_actor *who, int64_t id,
    int64_t *resource, int64_t *consumer, int64_t *client, const char **items,
    const char **period_end, struct zw_why *why)
{
	int64_t provider;
	char status[16];
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT q.resource_id, q.consumer_org_id, "
	    "COALESCE(q.client_id, 0), q.items, q.period_end, q.status, "
	    "r.provider_org_id FROM share_requests q JOIN catalog_resources r "
	    "ON r.id = q.resource_id WHERE q.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*resource = zw_col_int(s, 0);
	*consumer = zw_col_int(s, 1);
	*client = zw_col_int(s, 2);
	*items = zw_astrdup(a, zw_col_text(s, 3));
	*period_end = zw_astrdup(a, zw_col_text(s, 4));
	(void)zw_strlcpy(status, zw_col_text(s, 5), sizeof(status));
	provider = zw_col_int(s, 6);
	zw_reset(s);
	if (!zw_actor_can(who, "catalog.manage") &&
	    !(zw_actor_can(who, "catalog.edit") && who->org_id == provider)) {
		ZW_WHY(why, "forbidden", "只有信息资源提供单位可以答复共享申请", NULL);
		return ZW_EPERM;
	}
	if (strcmp(status, "pending") != 0) {
		ZW_WHY(why, "already_answered", "该共享申请已经答复", NULL);
		return ZW_ESTATE;
	}
	return ZW_OK;
}

static int
set_answer(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *status, const char *reason, const char *granted)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "UPDATE share_requests SET status = ?, answered_by = ?, "
	    "answered_at = ?, answer_reason = ?, granted_items = ? WHERE id = ? "
	    "AND status = 'pending'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, status, (size_t)-1);
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, zw_now());
	zw_bind_text(s, 4, reason, (size_t)-1);
	zw_bind_text(s, 5, granted, (size_t)-1);
	zw_bind_int(s, 6, id);
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_share_approve(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *const *items, size_t nitems, const char *expires_on,
    int64_t *grant_id, struct zw_why *why)
{
	const char *asked, *period_end, *granted;
	int64_t resource, consumer, client, now = zw_now();
	zw_arena *a = zw_arena_new();
	zw_date exp;
	zw_buf b;
	json_t *det;
	zw_stmt *s;
	size_t i;
	int rc;

	zw_buf_init(&b, CAT_LIST_MAX);
	rc = answerable(c, a, who, id, &resource, &consumer, &client, &asked,
	    &period_end, why);
	if (rc != ZW_OK)
		goto out;
	if (nitems == 0)
		granted = asked;
	else {
		zw_buf_putc(&b, ',');
		for (i = 0; i < nitems; i++) {
			if (*items[i] == '\0' || strchr(items[i], ',') != NULL ||
			    !zw_share_items_cover(asked, items[i])) {
				ZW_WHY(why, "item_not_requested", "只能批准申请中列出的信息项",
				    "items");
				rc = ZW_EINVAL;
				goto out;
			}
			zw_buf_puts(&b, items[i]);
			zw_buf_putc(&b, ',');
		}
		granted = zw_astrndup(a, b.p, b.len);
	}
	if (expires_on == NULL || *expires_on == '\0')
		expires_on = period_end;
	if (!date_ok(expires_on, &exp) || zw_date_cmp(exp, zw_date_of(now)) < 0) {
		ZW_WHY(why, "bad_expiry", "有效期应为今天或以后的日期（YYYY-MM-DD）",
		    "expires_on");
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = set_answer(c, who, id, strcmp(granted, asked) == 0 ? "approved" :
	    "partial", "", granted)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "INSERT INTO share_grants (request_id, resource_id, "
	    "consumer_org_id, client_id, items, expires_on, expires_at, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, resource);
	zw_bind_int(s, 3, consumer);
	if (client > 0)
		zw_bind_int(s, 4, client);
	else
		zw_bind_null(s, 4);
	zw_bind_text(s, 5, granted, (size_t)-1);
	zw_bind_text(s, 6, expires_on, (size_t)-1);
	zw_bind_int(s, 7, zw_date_end(exp));
	zw_bind_int(s, 8, now);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	if (grant_id != NULL)
		*grant_id = zw_col_int(s, 0);
	zw_reset(s);
	det = json_pack("{s:s, s:s}", "items", granted, "expires_on", expires_on);
	rc = zw_actor_audit(c, who, "share.approve", "share_request", id, "success",
	    det);
	json_decref(det);
out:
	zw_buf_free(&b);
	zw_arena_free(a);
	return rc;
}

int
zw_share_deny(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reason, struct zw_why *why)
{
	const char *asked, *period_end;
	int64_t resource, consumer, client;
	zw_arena *a = zw_arena_new();
	json_t *det;
	int rc;

	rc = answerable(c, a, who, id, &resource, &consumer, &client, &asked,
	    &period_end, why);
	if (rc != ZW_OK)
		goto out;
	/* §5: refusals give reasons */
	if (!cat_text_ok(reason, ZW_CAT_MAX_TEXT, false)) {
		ZW_WHY(why, "reason_required", "不予共享须说明理由", "reason");
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = set_answer(c, who, id, "denied", reason, "")) != ZW_OK)
		goto out;
	det = json_pack("{s:s}", "reason", reason);
	rc = zw_actor_audit(c, who, "share.deny", "share_request", id, "success", det);
	json_decref(det);
out:
	zw_arena_free(a);
	return rc;
}

static const char *
status_cn(const char *st)
{
	return strcmp(st, "pending") == 0 ? "待答复" : strcmp(st, "approved") == 0 ?
	    "已同意" : strcmp(st, "partial") == 0 ? "部分同意" : "不予共享";
}

/* overdue: pending past due, or answered after it */
static bool
overdue_of(const char *status, const char *due_on, int64_t answered_at)
{
	zw_date due, on;

	if (zw_date_parse(due_on, &due) != ZW_OK)
		return false;
	on = zw_date_of(strcmp(status, "pending") == 0 ? zw_now() : answered_at);
	return zw_date_cmp(on, due) > 0;
}

#define REQ_COLS "q.id, q.resource_id, r.code, r.name, r.share_type, " \
	"q.consumer_org_id, co.name, po.name, COALESCE(k.name, ''), q.items, " \
	"q.purpose, q.legal_basis, q.period_end, q.status, q.due_on, " \
	"q.requested_at, q.answered_at, q.answer_reason, q.granted_items, " \
	"COALESCE(u.name, ''), r.provider_org_id, COALESCE(k.client_key, '') "
#define REQ_FROM "FROM share_requests q JOIN catalog_resources r ON " \
	"r.id = q.resource_id JOIN orgs co ON co.id = q.consumer_org_id " \
	"JOIN orgs po ON po.id = r.provider_org_id LEFT JOIN api_clients k " \
	"ON k.id = q.client_id LEFT JOIN users u ON u.id = q.requested_by "

static json_t *
req_json(zw_stmt *s)
{
	char t1[32], t2[32] = "";
	json_t *o;

	zw_time_rfc3339(zw_col_int(s, 15), t1, sizeof(t1));
	if (zw_col_int(s, 16) > 0)
		zw_time_rfc3339(zw_col_int(s, 16), t2, sizeof(t2));
	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, "
	    "s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:s}",
	    "id", (json_int_t)zw_col_int(s, 0), "resource_id",
	    (json_int_t)zw_col_int(s, 1), "resource_code", zw_col_text(s, 2),
	    "resource_name", zw_col_text(s, 3), "share_type", zw_col_text(s, 4),
	    "share_type_name", share_type_cn(zw_col_text(s, 4)),
	    "consumer_org_id", (json_int_t)zw_col_int(s, 5),
	    "consumer_name", zw_col_text(s, 6), "provider_name", zw_col_text(s, 7),
	    "client_name", zw_col_text(s, 8), "items", zw_col_text(s, 9),
	    "purpose", zw_col_text(s, 10), "legal_basis", zw_col_text(s, 11),
	    "period_end", zw_col_text(s, 12), "status", zw_col_text(s, 13),
	    "status_name", status_cn(zw_col_text(s, 13)),
	    "due_on", zw_col_text(s, 14), "requested_at", t1, "answered_at", t2,
	    "answer_reason", zw_col_text(s, 17), "granted_items", zw_col_text(s, 18),
	    "requested_by", zw_col_text(s, 19), "overdue",
	    overdue_of(zw_col_text(s, 13), zw_col_text(s, 14), zw_col_int(s, 16)),
	    "provider_org_id", (json_int_t)zw_col_int(s, 20),
	    "client_id", zw_col_text(s, 21));
	return o;
}

int
zw_share_list(zw_conn *c, const struct zw_actor *who, const zw_calendar *cal,
    const char *box, const char *status, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next_cursor)
{
	bool in = box == NULL || strcmp(box, "outgoing") != 0;
	bool all = in && zw_actor_can(who, "catalog.manage");
	int64_t n = 0, last = 0;
	zw_stmt *s;
	int rc;

	(void)cal;
	*items = json_array();
	*next_cursor = -1;
	rc = zw_prepare(c, "SELECT " REQ_COLS REQ_FROM "WHERE (? = 1 OR "
	    "(? = 1 AND r.provider_org_id = ?) OR (? = 0 AND q.consumer_org_id = ?)) "
	    "AND (CAST(? AS TEXT) = '' OR q.status = ?) AND (? = 0 OR q.id < ?) "
	    "ORDER BY q.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_int(s, 1, all ? 1 : 0);
	zw_bind_int(s, 2, in ? 1 : 0);
	zw_bind_int(s, 3, who->org_id);
	zw_bind_int(s, 4, in ? 1 : 0);
	zw_bind_int(s, 5, who->org_id);
	zw_bind_text(s, 6, status ? status : "", (size_t)-1);
	zw_bind_text(s, 7, status ? status : "", (size_t)-1);
	zw_bind_int(s, 8, cursor);
	zw_bind_int(s, 9, cursor);
	zw_bind_int(s, 10, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next_cursor = last;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		last = zw_col_int(s, 0);
		json_array_append_new(*items, req_json(s));
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
zw_share_get(zw_conn *c, const struct zw_actor *who, const zw_calendar *cal,
    int64_t id, json_t **out)
{
	int64_t provider, consumer;
	zw_stmt *s;
	int rc;

	(void)cal;
	*out = NULL;
	rc = zw_prepare(c, "SELECT " REQ_COLS REQ_FROM "WHERE q.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	provider = zw_col_int(s, 20);
	consumer = zw_col_int(s, 5);
	if (!zw_actor_can(who, "catalog.manage") && who->org_id != provider &&
	    who->org_id != consumer) {
		zw_reset(s);
		return ZW_ENOTFOUND;
	}
	*out = req_json(s);
	zw_reset(s);
	json_object_set_new(*out, "can_answer", json_boolean(
	    strcmp(json_string_value(json_object_get(*out, "status")), "pending") == 0 &&
	    (zw_actor_can(who, "catalog.manage") ||
	    (zw_actor_can(who, "catalog.edit") && who->org_id == provider))));
	return ZW_OK;
}

int
zw_grant_list(zw_conn *c, const struct zw_actor *who, json_t **items)
{
	bool all = zw_actor_can(who, "catalog.manage");
	zw_stmt *s;
	int rc;

	*items = json_array();
	rc = zw_prepare(c, "SELECT g.id, r.id, r.code, r.name, co.name, po.name, "
	    "COALESCE(k.name, ''), g.items, g.expires_on, g.expires_at, g.status, "
	    "COALESCE(g.request_id, 0), r.provider_org_id FROM share_grants g "
	    "JOIN catalog_resources r "
	    "ON r.id = g.resource_id JOIN orgs co ON co.id = g.consumer_org_id "
	    "JOIN orgs po ON po.id = r.provider_org_id LEFT JOIN api_clients k ON "
	    "k.id = g.client_id WHERE ? = 1 OR g.consumer_org_id = ? OR "
	    "r.provider_org_id = ? ORDER BY g.id DESC LIMIT 1000", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_int(s, 1, all ? 1 : 0);
	zw_bind_int(s, 2, who->org_id);
	zw_bind_int(s, 3, who->org_id);
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(*items, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:s, s:b, s:I, s:s, s:b}", "id", (json_int_t)zw_col_int(s, 0),
		    "resource_id", (json_int_t)zw_col_int(s, 1), "resource_code",
		    zw_col_text(s, 2), "resource_name", zw_col_text(s, 3),
		    "consumer_name", zw_col_text(s, 4), "provider_name", zw_col_text(s, 5),
		    "client_name", zw_col_text(s, 6), "items", zw_col_text(s, 7),
		    "expires_on", zw_col_text(s, 8), "live", zw_col_int(s, 9) > zw_now() &&
		    strcmp(zw_col_text(s, 10), "active") == 0, "request_id",
		    (json_int_t)zw_col_int(s, 11), "status", zw_col_text(s, 10),
		    "may_revoke", strcmp(zw_col_text(s, 10), "active") == 0 &&
		    (all || (zw_actor_can(who, "catalog.edit") &&
		    zw_col_int(s, 12) == who->org_id))));
	if (rc < 0)
		goto fail;
	return ZW_OK;
fail:
	json_decref(*items);
	*items = NULL;
	return rc;
}

int
zw_grant_revoke(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reason, struct zw_why *why)
{
	char status[16];
	int64_t provider;
	json_t *det;
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT g.status, r.provider_org_id FROM share_grants g "
	    "JOIN catalog_resources r ON r.id = g.resource_id WHERE g.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		ZW_WHY(why, "not_found", "共享授权不存在", NULL);
		return rc < 0 ? rc : ZW_ENOTFOUND;
	}
	(void)zw_strlcpy(status, zw_col_text(s, 0), sizeof(status));
	provider = zw_col_int(s, 1);
	zw_reset(s);
	/* the provider decides on its data (§5), or the catalog administrator */
	if (!zw_actor_can(who, "catalog.manage") &&
	    !(zw_actor_can(who, "catalog.edit") && who->org_id == provider)) {
		ZW_WHY(why, "forbidden", "只有信息资源提供单位可以撤销共享授权", NULL);
		return ZW_EPERM;
	}
	if (strcmp(status, "active") != 0) {
		ZW_WHY(why, "already_revoked", "该共享授权已经撤销", NULL);
		return ZW_ESTATE;
	}
	if (!cat_text_ok(reason, ZW_CAT_MAX_TEXT, false)) {
		ZW_WHY(why, "reason_required", "撤销共享授权须说明理由", "reason");
		return ZW_EINVAL;
	}
	if ((rc = zw_prepare(c, "UPDATE share_grants SET status = 'revoked' "
	    "WHERE id = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	det = json_pack("{s:s}", "reason", reason);
	rc = zw_actor_audit(c, who, "share.revoke", "share_grant", id, "success", det);
	json_decref(det);
	return rc;
}

int
zw_share_access(zw_conn *c, zw_arena *a, int64_t org_id, const char *client_key,
    const char *registry, int64_t now, struct zw_share_access *out)
{
	int64_t rid;
	int rc;

	memset(out, 0, sizeof(*out));
	out->items = "";
	if ((rc = zw_catalog_registry_resource(c, registry, &rid)) == ZW_ENOTFOUND)
		return ZW_OK;	/* uncatalogued */
	if (rc != ZW_OK)
		return rc;
	return zw_share_access_resource(c, a, org_id, client_key, rid, now, out);
}

int
zw_share_access_resource(zw_conn *c, zw_arena *a, int64_t org_id,
    const char *client_key, int64_t rid, int64_t now,
    struct zw_share_access *out)
{
	int64_t provider, client = 0;
	const char *st, *doc;
	bool any = false;
	zw_buf b;
	zw_stmt *s;
	int rc, pv;

	memset(out, 0, sizeof(*out));
	out->items = "";
	rc = cat_resource_head(c, a, rid, &provider, &st, &doc, &pv);
	if (rc == ZW_ENOTFOUND || (rc == ZW_OK && pv == 0))
		return ZW_OK;	/* uncatalogued (or never published) */
	if (rc != ZW_OK)
		return rc;
	if (org_id > 0 && org_id == provider) {
		out->state = ZW_SHARE_PROVIDER;
		return ZW_OK;
	}
	if (strcmp(st, ZW_SHARE_UNCONDITIONAL) == 0) {
		out->state = ZW_SHARE_OPEN;
		return ZW_OK;
	}
	if (strcmp(st, ZW_SHARE_NONE) == 0) {
		out->state = ZW_SHARE_WITHHELD;
		return ZW_OK;
	}
	if (client_key != NULL && *client_key &&
	    (rc = client_of(c, client_key, org_id, &client)) != ZW_OK)
		return rc == ZW_ENOTFOUND ? ZW_OK : rc;	/* not granted */
	out->state = ZW_SHARE_NOT_GRANTED;
	/* grants of the organization (client NULL) and of this client */
	rc = zw_prepare(c, "SELECT items, expires_at, status FROM share_grants "
	    "WHERE resource_id = ? AND consumer_org_id = ? AND (client_id IS NULL "
	    "OR client_id = ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, rid);
	zw_bind_int(s, 2, org_id);
	zw_bind_int(s, 3, client);
	zw_buf_init(&b, CAT_LIST_MAX);
	zw_buf_putc(&b, ',');
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (strcmp(zw_col_text(s, 2), "active") != 0)
			continue;
		if (zw_col_int(s, 1) <= now) {
			out->state = any ? out->state : ZW_SHARE_EXPIRED;
			continue;
		}
		any = true;
		out->state = ZW_SHARE_GRANTED;
		zw_buf_puts(&b, zw_col_text(s, 0) + 1);	/* skip the leading ',' */
	}
	if (rc >= 0 && any)
		out->items = zw_astrndup(a, b.p, b.len);
	zw_buf_free(&b);
	return rc < 0 ? rc : ZW_OK;
}

/* ---- indicators ---- */

int
zw_sharing_indicators(zw_conn *c, const zw_calendar *cal, json_t **out)
{
	json_t *deps = json_array(), *calls = json_array(), *o;
	int64_t total = 0, shared = 0, uncond = 0, cond = 0, none = 0;
	int64_t answered = 0, on_time = 0, pending = 0, overdue = 0;
	zw_stmt *s;
	int rc;

	(void)cal;
	*out = NULL;
	/* §5: 无条件共享 and 有条件共享 are the sharing types; 不予共享 is
	 * not shared.  Only published (catalogued) resources count. */
	rc = zw_prepare(c, "SELECT o.id, o.name, r.share_type, COUNT(*) FROM "
	    "catalog_resources r JOIN orgs o ON o.id = r.provider_org_id WHERE "
	    "r.published_version > 0 GROUP BY o.id, o.name, r.share_type "
	    "ORDER BY o.id, r.share_type", &s);
	if (rc != ZW_OK)
		goto fail;
	o = NULL;
	while ((rc = zw_step(s)) == ZW_ROW) {
		const char *st = zw_col_text(s, 2);
		int64_t n = zw_col_int(s, 3);

		if (o == NULL || json_integer_value(json_object_get(o, "org_id")) !=
		    zw_col_int(s, 0)) {
			o = json_pack("{s:I, s:s, s:I, s:I, s:I, s:I}", "org_id",
			    (json_int_t)zw_col_int(s, 0), "org_name", zw_col_text(s, 1),
			    "catalogued", (json_int_t)0, "unconditional", (json_int_t)0,
			    "conditional", (json_int_t)0, "not_shared", (json_int_t)0);
			json_array_append_new(deps, o);
		}
		json_object_set_new(o, "catalogued", json_integer(
		    json_integer_value(json_object_get(o, "catalogued")) + n));
		json_object_set_new(o, st, json_integer(n));
		total += n;
		if (strcmp(st, ZW_SHARE_UNCONDITIONAL) == 0)
			uncond += n;
		else if (strcmp(st, ZW_SHARE_CONDITIONAL) == 0)
			cond += n;
		else
			none += n;
	}
	if (rc < 0)
		goto fail;
	shared = uncond + cond;
	{
		size_t i;

		json_array_foreach(deps, i, o) {
			int64_t cat = json_integer_value(json_object_get(o, "catalogued"));
			int64_t sh = json_integer_value(json_object_get(o, "unconditional")) +
			    json_integer_value(json_object_get(o, "conditional"));

			json_object_set_new(o, "shared", json_integer(sh));
			json_object_set_new(o, "share_rate_permille",
			    json_integer(zw_share_rate_permille(sh, cat)));
		}
	}
	/* requests answered on time (§5: 10 working days) */
	rc = zw_prepare(c, "SELECT status, due_on, answered_at FROM share_requests", &s);
	if (rc != ZW_OK)
		goto fail;
	while ((rc = zw_step(s)) == ZW_ROW) {
		bool late = overdue_of(zw_col_text(s, 0), zw_col_text(s, 1),
		    zw_col_int(s, 2));

		if (strcmp(zw_col_text(s, 0), "pending") == 0) {
			pending++;
			overdue += late;
		} else {
			answered++;
			on_time += !late;
		}
	}
	if (rc < 0)
		goto fail;
	/* calls per resource: the data-access log of the bound registries */
	rc = zw_prepare(c, "SELECT r.id, r.code, r.name, COUNT(l.id), "
	    "COALESCE(SUM(CASE WHEN l.result = 'ok' THEN 1 ELSE 0 END), 0), "
	    "COALESCE(SUM(CASE WHEN l.result = 'denied' THEN 1 ELSE 0 END), 0) "
	    "FROM catalog_resources r JOIN registry_access_log l ON l.registry = "
	    "r.registry WHERE r.registry <> '' GROUP BY r.id, r.code, r.name "
	    "ORDER BY r.id", &s);
	if (rc != ZW_OK)
		goto fail;
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(calls, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}",
		    "resource_id", (json_int_t)zw_col_int(s, 0), "code", zw_col_text(s, 1),
		    "name", zw_col_text(s, 2), "calls", (json_int_t)zw_col_int(s, 3),
		    "ok", (json_int_t)zw_col_int(s, 4), "denied",
		    (json_int_t)zw_col_int(s, 5)));
	if (rc < 0)
		goto fail;
	*out = json_pack("{s:{s:I, s:I, s:I, s:I, s:I, s:i}, s:o, s:{s:I, s:I, s:I, "
	    "s:I, s:i}, s:o}",
	    "overall", "catalogued", (json_int_t)total, "shared", (json_int_t)shared,
	    "unconditional", (json_int_t)uncond, "conditional", (json_int_t)cond,
	    "not_shared", (json_int_t)none, "share_rate_permille",
	    zw_share_rate_permille(shared, total),
	    "departments", deps,
	    "requests", "answered", (json_int_t)answered, "answered_on_time",
	    (json_int_t)on_time, "pending", (json_int_t)pending, "overdue",
	    (json_int_t)overdue, "on_time_rate_permille",
	    zw_share_rate_permille(on_time, answered),
	    "calls", calls);
	return ZW_OK;
fail:
	json_decref(deps);
	json_decref(calls);
	return rc;
}
