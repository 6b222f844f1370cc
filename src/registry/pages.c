/*
 * pages.c -- the registries in the back office (lookup with 事由 and
 * 业务编号, CSV import with its report, the data-quality report) and,
 * on the portal, the citizen's page of who read their record.
 * Lookups post (the number stays out of URLs and server logs) and go
 * through the same domain call as the API, so they are logged alike.
 */
#include <string.h>

#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "registry/registry.h"
#include "registry/routes.h"
#include "web/http.h"
#include "web/route.h"

static json_t *
lookup_ctx(zw_req *r, const char *registry, const char *key,
    const char *purpose, const char *case_ref, bool history)
{
	return json_pack("{s:{s:s, s:s, s:s, s:s, s:b}, s:b}", "form", "registry",
	    registry, "key", key, "purpose", purpose, "case_ref", case_ref,
	    "history", history, "can_manage", zw_has_perm(r, "registry.manage"));
}

static void
page_lookup(zw_req *r)
{
	zw_render(r, 200, "office/registry.html", lookup_ctx(r, "persons", "", "",
	    "", false));
}

static void
page_lookup_post(zw_req *r)
{
	struct zw_reg_read rd = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *reg_s = zw_form(r, "registry"), *key = zw_form(r, "key"),
	    *purpose = zw_form(r, "purpose"), *case_ref = zw_form(r, "case_ref");
	bool history = zw_form(r, "history") != NULL;
	enum zw_reg reg;
	json_t *ctx, *o = NULL;
	zw_conn *c;
	int rc;

	if (reg_s == NULL || zw_reg_parse(reg_s, &reg) != ZW_OK)
		reg = ZW_REG_PERSONS;
	key = key ? key : "";
	ctx = lookup_ctx(r, zw_reg_name(reg), key, purpose ? purpose : "",
	    case_ref ? case_ref : "", history);
	rd.purpose = purpose;
	rd.case_ref = case_ref;
	rd.client = "";
	rd.history = history;
	if ((c = zw_begin(r)) == NULL) {
		json_decref(ctx);
		return;
	}
	zw_req_actor(r, &who);
	rc = zw_registry_get(c, &who, zw_reg_req_keys(r), reg, key, &rd, &o, &why);
	if (rc != ZW_OK && rc != ZW_EINVAL && rc != ZW_EPERM && rc != ZW_ENOTFOUND) {
		json_decref(ctx);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	if (!zw_commit(r)) {
		json_decref(ctx);
		json_decref(o);
		return;
	}
	if (rc != ZW_OK) {
		json_object_set_new(ctx, "error", json_string(why.message ? why.message :
		    "查询失败"));
		zw_render(r, rc == ZW_ENOTFOUND ? 404 : rc == ZW_EPERM ? 403 : 422,
		    "office/registry.html", ctx);
		return;
	}
	json_object_set_new(ctx, "result", o);
	zw_render(r, 200, "office/registry.html", ctx);
}

static void
page_import(zw_req *r)
{
	zw_render(r, 200, "office/registry_import.html", json_pack("{s:s}",
	    "registry", "persons"));
}

static void
page_import_post(zw_req *r)
{
	struct zw_reg_import_opts o = { 0 };
	struct zw_reg_report rep;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *reg_s = zw_form(r, "registry"), *data = NULL, *enc;
	enum zw_reg reg;
	json_t *ctx;
	size_t n = 0, i;
	int rc;

	if (reg_s == NULL || zw_reg_parse(reg_s, &reg) != ZW_OK)
		reg = ZW_REG_PERSONS;
	ctx = json_pack("{s:s}", "registry", zw_reg_name(reg));
	enc = zw_form(r, "encoding");
	for (i = 0; i < r->nparts; i++)
		if (r->parts[i].filename != NULL && r->parts[i].len > 0) {
			data = r->parts[i].data;
			n = r->parts[i].len;
			o.file_name = r->parts[i].filename;
		}
	if (data == NULL) {
		json_object_set_new(ctx, "error", json_string("请选择要导入的 CSV 文件"));
		zw_render(r, 422, "office/registry_import.html", ctx);
		return;
	}
	if (zw_db_conn(r) == NULL) {
		json_decref(ctx);
		return;
	}
	zw_req_actor(r, &who);
	o.skip_invalid = zw_form(r, "skip_invalid") != NULL;
	o.encoding = enc != NULL && strcmp(enc, "gbk") == 0 ? "gbk" : NULL;
	o.source = "page";
	rc = zw_registry_import(r->db, &who, zw_reg_req_keys(r), reg, data, n, &o,
	    &rep, &why);
	if (rc != ZW_OK && rc != ZW_EINVAL) {
		json_decref(ctx);
		zw_reg_report_free(&rep);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_object_set_new(ctx, "skip_invalid", json_boolean(o.skip_invalid));
	if (rc == ZW_EINVAL)
		json_object_set_new(ctx, "error", json_string(why.message ?
		    why.message : "文件无法导入"));
	if (rep.rows > 0)
		json_object_set_new(ctx, "report", zw_reg_report_json(&rep,
		    ZW_REG_REPORT_API));
	zw_reg_report_free(&rep);
	zw_render(r, rc == ZW_OK ? 200 : 422, "office/registry_import.html", ctx);
}

static void
page_quality(zw_req *r)
{
	const char *reg_s = zw_query(r, "registry");
	enum zw_reg reg;
	json_t *o;
	int rc;

	if (reg_s == NULL || zw_reg_parse(reg_s, &reg) != ZW_OK)
		reg = ZW_REG_PERSONS;
	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_registry_quality(r->db, zw_reg_req_keys(r), reg, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/registry_quality.html", json_pack("{s:o}",
	    "q", o));
}

/* The portal page of a person or enterprise: who read their record. */
static void
page_my_access(zw_req *r)
{
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (strcmp(r->user->kind, "person") != 0 &&
	    strcmp(r->user->kind, "enterprise") != 0) {
		zw_fail(r, 403, "public_only",
		    "此页面供自然人和法人用户查看本人（本单位）信息被查询的记录", NULL);
		return;
	}
	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	rc = zw_registry_my_log(r->db, zw_reg_req_keys(r), r->user->id, limit,
	    cursor, &items, &next);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "portal/my_data_access.html", json_pack("{s:o, s:o, s:b}",
	    "items", items, "next", next > 0 ? json_integer(next) : json_null(),
	    "enterprise", strcmp(r->user->kind, "enterprise") == 0));
}

const struct zw_route zw_registry_page_routes[] = {
	{ "GET", "/office/registry", page_lookup, "registry.read", ZW_R_STAFF, NULL },
	{ "POST", "/office/registry", page_lookup_post, "registry.read", ZW_R_STAFF,
	  NULL },
	{ "GET", "/office/registry/import", page_import, "registry.manage",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/registry/import", page_import_post, "registry.manage",
	  ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/office/registry/quality", page_quality, "registry.manage",
	  ZW_R_STAFF, NULL },
	{ "GET", "/my/data-access", page_my_access, NULL, 0, NULL },
};
const size_t zw_registry_page_routes_count =
    sizeof(zw_registry_page_routes) / sizeof(zw_registry_page_routes[0]);
