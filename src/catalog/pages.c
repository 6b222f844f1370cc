/*
 * pages.c -- the catalog and sharing in the back office: the catalog
 * browser (by department, class, share type, words), a resource's page
 * (published metadata, items, versions, who holds grants; submit,
 * publish, request), the edit form, the providers' queue of requests
 * and the approval screen, grants, and the sharing indicators.  Every
 * action goes through the same domain calls as the API.
 */
#include <pthread.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "catalog/catalog.h"
#include "catalog/routes.h"
#include "org/routes.h"
#include "web/app.h"
#include "web/http.h"
#include "web/route.h"

static const char *
label(const char *v, const char *const *map)
{
	for (; v != NULL && map != NULL && map[0] != NULL; map += 2)
		if (strcmp(v, map[0]) == 0)
			return map[1];
	return v ? v : "";
}

static const char *const share_names[] = { "unconditional", "无条件共享",
    "conditional", "有条件共享", "not_shared", "不予共享", NULL };
static const char *const method_names[] = { "api", "接口查询", "file", "批量文件",
    "subscription", "订阅", "", "—", NULL };
static const char *const open_names[] = { "open", "无条件开放", "conditional",
    "有条件开放", "not_open", "不予开放", NULL };
static const char *const cycle_names[] = { "realtime", "实时", "daily", "每日",
    "weekly", "每周", "monthly", "每月", "quarterly", "每季度", "yearly", "每年",
    "irregular", "不定期", NULL };
static const char *const type_names[] = { "string", "字符型", "number", "数值型",
    "date", "日期型", "datetime", "日期时间型", "boolean", "布尔型", "binary",
    "二进制", NULL };
static const char *const status_names[] = { "draft", "草稿", "pending", "待审核",
    "published", "已发布", NULL };

/* Chinese labels beside the codes of a metadata document (in place). */
static void
annotate(json_t *d)
{
	const char *st;
	json_t *it;
	size_t i;

	if (!json_is_object(d))
		return;
	json_object_set_new(d, "share_type_name", json_string(label(
	    zw_json_str(d, "share_type"), share_names)));
	json_object_set_new(d, "share_method_name", json_string(label(
	    zw_json_str(d, "share_method"), method_names)));
	json_object_set_new(d, "open_attr_name", json_string(label(
	    zw_json_str(d, "open_attr"), open_names)));
	json_object_set_new(d, "update_cycle_name", json_string(label(
	    zw_json_str(d, "update_cycle"), cycle_names)));
	st = zw_json_str(d, "share_type");
	json_object_set_new(d, "not_shared", json_boolean(st != NULL &&
	    strcmp(st, ZW_SHARE_NONE) == 0));
	json_object_set_new(d, "conditional", json_boolean(st != NULL &&
	    strcmp(st, ZW_SHARE_CONDITIONAL) == 0));
	json_array_foreach(json_object_get(d, "items"), i, it)
		json_object_set_new(it, "type_name", json_string(label(
		    zw_json_str(it, "type"), type_names)));
}

static void
page_catalog(zw_req *r)
{
	struct zw_catalog_filter f = { 0 };
	const char *org = zw_query(r, "org"), *st = zw_query(r, "share_type");
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items, *it, *orgs, *ctx;
	zw_stmt *s;
	size_t i;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	f.class_prefix = zw_query(r, "class");
	f.q = zw_query(r, "q");
	f.share_type = st && *st ? st : NULL;
	f.drafts = true;
	if ((f.class_prefix && strlen(f.class_prefix) > ZW_CAT_MAX_CODE) ||
	    (f.q && strlen(f.q) > 4 * ZW_CAT_MAX_NAME)) {
		zw_fail(r, 400, "bad_query", "检索条件过长", NULL);
		return;
	}
	if (org != NULL && *org && cat_org_lookup(r, org, &f.org_id) != ZW_OK)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_catalog_list(r->db, &who, &f, limit, cursor, &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_array_foreach(items, i, it) {
		json_object_set_new(it, "share_type_name", json_string(label(
		    zw_json_str(it, "share_type"), share_names)));
		json_object_set_new(it, "status_name", json_string(label(
		    zw_json_str(it, "status"), status_names)));
		json_object_set_new(it, "not_shared", json_boolean(strcmp(
		    zw_json_str(it, "share_type"), "not_shared") == 0));
	}
	/* providers for the filter */
	orgs = json_array();
	if (zw_prepare(r->db, "SELECT DISTINCT o.code, o.name, o.id FROM orgs o JOIN "
	    "catalog_resources r ON r.provider_org_id = o.id ORDER BY o.id", &s) == ZW_OK)
		while (zw_step(s) == ZW_ROW)
			json_array_append_new(orgs, json_pack("{s:s, s:s, s:b}", "code",
			    zw_col_text(s, 0), "name", zw_col_text(s, 1), "selected",
			    org != NULL && strcmp(org, zw_col_text(s, 0)) == 0));
	ctx = json_pack("{s:o, s:o, s:{s:s, s:s, s:s, s:s}, s:b, s:b}", "items", items,
	    "orgs", orgs, "q", "org", org ? org : "", "class",
	    f.class_prefix ? f.class_prefix : "", "q", f.q ? f.q : "",
	    "share_type", st ? st : "", "can_edit", zw_has_perm(r, "catalog.edit") ||
	    zw_has_perm(r, "catalog.manage"), "can_manage",
	    zw_has_perm(r, "catalog.manage"));
	if (next > 0)
		json_object_set_new(ctx, "next", json_integer(next));
	zw_render(r, 200, "office/catalog.html", ctx);
}

/* The resource page, with an optional message and request form values. */
static void
render_resource(zw_req *r, int status, int64_t id, const char *error,
    const char *notice)
{
	struct zw_actor who;
	json_t *o, *pub;
	char tomorrow[16];
	int rc;

	zw_req_actor(r, &who);
	if ((rc = zw_catalog_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "目录中没有该信息资源", NULL);
		return;
	}
	pub = json_object_get(o, "published");
	annotate(pub);
	annotate(json_object_get(o, "draft"));
	json_object_set_new(o, "status_name", json_string(label(
	    zw_json_str(o, "status"), status_names)));
	if (error)
		json_object_set_new(o, "error", json_string(error));
	if (notice)
		json_object_set_new(o, "notice", json_string(notice));
	zw_date_fmt(zw_date_add_days(zw_date_of(zw_now()), 365), tomorrow,
	    sizeof(tomorrow));
	json_object_set_new(o, "default_end", json_string(tomorrow));
	json_object_set_new(o, "can_request", json_boolean(json_is_object(pub) &&
	    strcmp(zw_json_str(pub, "share_type"), "conditional") == 0 &&
	    json_integer_value(json_object_get(pub, "provider_org_id")) != who.org_id));
	json_object_set_new(o, "can_submit", json_boolean(
	    json_is_true(json_object_get(o, "can_edit")) &&
	    strcmp(zw_json_str(o, "status"), "draft") == 0));
	json_object_set_new(o, "can_publish_now", json_boolean(
	    json_is_true(json_object_get(o, "can_publish")) &&
	    strcmp(zw_json_str(o, "status"), "published") != 0));
	zw_render(r, status, "office/catalog_resource.html", o);
}

static void
page_resource(zw_req *r)
{
	int64_t id;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	render_resource(r, 200, id, NULL, NULL);
}

static void
page_version(zw_req *r)
{
	int64_t id, v;
	json_t *o;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	if (zw_parse_i64(r->params[1], 1, 1000000, &v) != ZW_OK) {
		zw_fail(r, 404, "not_found", "没有该版本", NULL);
		return;
	}
	if ((rc = zw_catalog_version(r->db, id, (int)v, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "没有该版本", NULL);
		return;
	}
	annotate(o);
	json_object_set_new(o, "resource_id", json_integer(id));
	zw_render(r, 200, "office/catalog_version.html", json_pack("{s:o}", "ver", o));
}

static void
resource_action(zw_req *r, bool publish)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = publish ? zw_catalog_publish(c, &who, id, NULL, &why) :
	    zw_catalog_submit(c, &who, id, &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_resource(r, rc == ZW_EPERM ? 403 : 422, id,
		    why.message ? why.message : "操作失败", NULL);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/catalog/%lld", (long long)id));
}

static void page_submit(zw_req *r) { resource_action(r, false); }
static void page_publish(zw_req *r) { resource_action(r, true); }

/* Form values of the request form: the checked items. */
static size_t
form_items(zw_req *r, const char **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < r->nform && n < max; i++)
		if (strcmp(r->form[i].key, "items") == 0)
			out[n++] = r->form[i].val;
	return n;
}

static void
page_request(zw_req *r)
{
	const char *items[ZW_CAT_MAX_ITEMS];
	struct zw_share_in in = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	int64_t id, rid;
	int rc;

	if (!zw_path_id(r, 0, &rid) || (c = zw_begin(r)) == NULL)
		return;
	in.resource_id = rid;
	in.nitems = form_items(r, items, ZW_CAT_MAX_ITEMS);
	in.items = items;
	in.purpose = zw_form(r, "purpose");
	in.legal_basis = zw_form(r, "legal_basis");
	in.period_end = zw_form(r, "period_end");
	zw_req_actor(r, &who);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_share_request(c, &who, r->app->cal, &in, &id, &why);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_resource(r, rc == ZW_EPERM ? 403 : 422, rid,
		    why.message ? why.message : "申请失败", NULL);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/share-requests/%lld",
		    (long long)id));
}

/* ---- the edit form ---- */

/* "code|名称|type|length|是" lines into items. */
static json_t *
items_from_text(const char *text)
{
	json_t *arr = json_array();
	const char *p = text ? text : "";

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char line[512], *f[5] = { 0 }, *q;
		size_t k = 0;
		int64_t len = 0;

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (n > 0) {
			f[k++] = line;
			for (q = line; *q && k < 5; q++)
				if (*q == '|') {
					*q = '\0';
					f[k++] = q + 1;
				}
			(void)zw_parse_i64(k > 3 ? f[3] : "0", 0, ZW_CAT_MAX_ITEM_LEN, &len);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I, s:b}",
			    "code", f[0], "name", k > 1 ? f[1] : "", "type",
			    k > 2 ? f[2] : "string", "length", (json_int_t)len, "personal",
			    k > 4 && (strcmp(f[4], "是") == 0 || strcmp(f[4], "p") == 0)));
		}
		p += e ? (size_t)(e - p) + 1 : strlen(p);
	}
	return arr;
}

static const char *
items_to_text(zw_arena *a, const json_t *items)
{
	const json_t *it;
	const char *out = "";
	size_t i;

	json_array_foreach(items, i, it)
		out = zw_aprintf(a, "%s%s|%s|%s|%lld|%s\n", out, zw_json_str(it, "code"),
		    zw_json_str(it, "name"), zw_json_str(it, "type"),
		    (long long)zw_json_int(it, "length"),
		    json_is_true(json_object_get(it, "personal")) ? "是" : "否");
	return out;
}

static json_t *
doc_from_form(zw_req *r)
{
	static const char *const fields[] = { "code", "name", "class_code",
	    "abstract", "format", "share_type", "share_condition", "legal_basis",
	    "share_method", "open_attr", "update_cycle", NULL };
	json_t *d = json_object(), *rel = json_array();
	const char *v, *p;
	size_t i;

	for (i = 0; fields[i] != NULL; i++)
		if ((v = zw_form(r, fields[i])) != NULL && (*v ||
		    strcmp(fields[i], "share_method") != 0))
			json_object_set_new(d, fields[i], json_string(v));
	json_object_set_new(d, "items", items_from_text(zw_form(r, "items")));
	p = zw_form(r, "related");
	while (p != NULL && *p) {
		size_t n = strcspn(p, " ,，\r\n");

		if (n > 0)
			json_array_append_new(rel, json_stringn(p, n));
		p += n;
		while (*p == ' ' || *p == ',' || *p == '\r' || *p == '\n')
			p++;
		if (strncmp(p, "，", 3) == 0)
			p += 3;
	}
	json_object_set_new(d, "related", rel);
	return d;
}

static void
render_form(zw_req *r, int status, int64_t id, json_t *doc, const char *error)
{
	json_t *ctx, *rel;
	const char *rtext = "";
	size_t i;
	json_t *v;

	rel = json_object_get(doc, "related");
	json_array_foreach(rel, i, v)
		rtext = zw_aprintf(r->a, "%s%s%s", rtext, i ? "," : "",
		    json_string_value(v));
	ctx = json_pack("{s:o, s:s, s:s, s:I}", "doc", doc, "items_text",
	    items_to_text(r->a, json_object_get(doc, "items")), "related_text", rtext,
	    "id", (json_int_t)id);
	if (error)
		json_object_set_new(ctx, "error", json_string(error));
	zw_render(r, status, "office/catalog_form.html", ctx);
}

static void
page_new(zw_req *r)
{
	render_form(r, 200, 0, json_pack("{s:s, s:s, s:s, s:s, s:[]}", "share_type",
	    "conditional", "share_method", "api", "open_attr", "not_open",
	    "update_cycle", "daily", "items"), NULL);
}

static void
page_edit(zw_req *r)
{
	struct zw_actor who;
	json_t *o, *d;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_catalog_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "目录中没有该信息资源", NULL);
		return;
	}
	if ((d = json_object_get(o, "draft")) == NULL) {
		json_decref(o);
		zw_fail(r, 403, "forbidden", "只有提供单位和目录管理员可以修改该目录", NULL);
		return;
	}
	json_incref(d);
	json_decref(o);
	render_form(r, 200, id, d, NULL);
}

static void
page_save(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *d;
	zw_conn *c;
	int64_t id = 0;
	int rc;

	if (r->params[0] != NULL && !zw_path_id(r, 0, &id))
		return;
	if ((c = zw_begin(r)) == NULL)
		return;
	d = doc_from_form(r);
	zw_req_actor(r, &who);
	rc = id > 0 ? zw_catalog_update(c, &who, id, d, &why) :
	    zw_catalog_create(c, &who, d, &id, &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_form(r, rc == ZW_EPERM ? 403 : 422, id, d,
		    why.message ? why.message : "保存失败");
		return;
	}
	json_decref(d);
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/catalog/%lld", (long long)id));
}

/* ---- requests ---- */

static void
page_requests(zw_req *r)
{
	const char *box = zw_query(r, "box");
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items, *ctx;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	if (box == NULL || strcmp(box, "outgoing") != 0)
		box = "incoming";
	zw_req_actor(r, &who);
	rc = zw_share_list(r->db, &who, r->app->cal, box, NULL, limit, cursor, &items,
	    &next);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	ctx = json_pack("{s:o, s:s, s:b}", "items", items, "box", box, "incoming",
	    strcmp(box, "incoming") == 0);
	if (next > 0)
		json_object_set_new(ctx, "next", json_integer(next));
	zw_render(r, 200, "office/share_requests.html", ctx);
}

static void
render_request(zw_req *r, int status, int64_t id, const char *error)
{
	struct zw_actor who;
	json_t *o, *items;
	const char *p;
	int rc;

	zw_req_actor(r, &who);
	if ((rc = zw_share_get(r->db, &who, r->app->cal, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "没有该共享申请", NULL);
		return;
	}
	/* the requested items as a list for the checkboxes */
	items = json_array();
	p = zw_json_str(o, "items");
	while (p != NULL && *p) {
		size_t n;

		while (*p == ',')
			p++;
		n = strcspn(p, ",");
		if (n > 0)
			json_array_append_new(items, json_stringn(p, n));
		p += n;
	}
	json_object_set_new(o, "item_list", items);
	if (error)
		json_object_set_new(o, "error", json_string(error));
	zw_render(r, status, "office/share_request.html", json_pack("{s:o}", "q", o));
}

static void
page_request_get(zw_req *r)
{
	int64_t id;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	render_request(r, 200, id, NULL);
}

static void
answer(zw_req *r, bool approve)
{
	const char *items[ZW_CAT_MAX_ITEMS];
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	size_t n;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if (approve) {
		n = form_items(r, items, ZW_CAT_MAX_ITEMS);
		if (n == 0) {
			render_request(r, 422, id, "请至少勾选一个同意共享的信息项；全部不同意请选择不予共享并说明理由");
			return;
		}
		rc = zw_share_approve(c, &who, id, items, n, zw_form(r, "expires_on"),
		    NULL, &why);
	} else
		rc = zw_share_deny(c, &who, id, zw_form(r, "reason"), &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_request(r, rc == ZW_EPERM ? 403 : 422, id,
		    why.message ? why.message : "操作失败");
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/share-requests/%lld",
		    (long long)id));
}

static void page_approve(zw_req *r) { answer(r, true); }
static void page_deny(zw_req *r) { answer(r, false); }

static void
page_grants(zw_req *r)
{
	struct zw_actor who;
	json_t *items;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_grant_list(r->db, &who, &items)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/grants.html", json_pack("{s:o}", "items", items));
}

static void
page_grant_revoke(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *items;
	zw_conn *c;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_grant_revoke(c, &who, id, zw_form(r, "reason"), &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (why.message == NULL || zw_grant_list(r->db, &who, &items) != ZW_OK) {
			zw_fail_rc(r, rc, NULL, NULL);
			return;
		}
		zw_render(r, rc == ZW_EPERM ? 403 : rc == ZW_ENOTFOUND ? 404 : 422,
		    "office/grants.html", json_pack("{s:o, s:s}", "items", items, "error",
		    why.message));
		return;
	}
	if (!zw_commit(r))
		return;
	zw_redirect(r, "/office/grants");
}

static void
page_sharing(zw_req *r)
{
	json_t *o, *d;
	size_t i;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_sharing_indicators(r->db, r->app->cal, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	/* per mille as "xx.x%" */
	json_object_set_new(json_object_get(o, "overall"), "rate", json_string(
	    zw_aprintf(r->a, "%.1f%%", (double)zw_json_int(json_object_get(o, "overall"),
	    "share_rate_permille") / 10.0)));
	json_object_set_new(json_object_get(o, "requests"), "rate", json_string(
	    zw_aprintf(r->a, "%.1f%%", (double)zw_json_int(json_object_get(o, "requests"),
	    "on_time_rate_permille") / 10.0)));
	json_array_foreach(json_object_get(o, "departments"), i, d)
		json_object_set_new(d, "rate", json_string(zw_aprintf(r->a, "%.1f%%",
		    (double)zw_json_int(d, "share_rate_permille") / 10.0)));
	zw_render(r, 200, "office/sharing.html", o);
}

const struct zw_route zw_catalog_page_routes[] = {
	{ "GET", "/office/catalog", page_catalog, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/catalog/new", page_new, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/catalog/new", page_save, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/catalog/{id}", page_resource, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/catalog/{id}/edit", page_edit, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/catalog/{id}/edit", page_save, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/catalog/{id}/submit", page_submit, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/catalog/{id}/publish", page_publish, "catalog.manage",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/catalog/{id}/request", page_request, NULL, ZW_R_STAFF,
	  NULL },
	{ "GET", "/office/catalog/{id}/versions/{version}", page_version, NULL,
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/share-requests", page_requests, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/share-requests/{id}", page_request_get, NULL, ZW_R_STAFF,
	  NULL },
	{ "POST", "/office/share-requests/{id}/approve", page_approve, NULL,
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/share-requests/{id}/deny", page_deny, NULL, ZW_R_STAFF,
	  NULL },
	{ "GET", "/office/grants", page_grants, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/grants/{id}/revoke", page_grant_revoke, NULL, ZW_R_STAFF,
	  NULL },
	{ "GET", "/office/sharing", page_sharing, NULL, ZW_R_STAFF, NULL },
};
const size_t zw_catalog_page_routes_count =
    sizeof(zw_catalog_page_routes) / sizeof(zw_catalog_page_routes[0]);
