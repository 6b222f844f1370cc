/*
 * routes.c -- the catalog and sharing JSON API (API.md "Sharing";
 * docs/api.md "Catalog and sharing").
 */
#include <pthread.h>
#include <string.h>

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

static void
reply_resource(zw_req *r, int status, int64_t id)
{
	struct zw_actor who;
	json_t *o;
	int rc;

	zw_req_actor(r, &who);
	if ((rc = zw_catalog_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "目录中没有该信息资源", NULL);
		return;
	}
	zw_json(r, status, o);
}

static void
api_list(zw_req *r)
{
	struct zw_catalog_filter f = { 0 };
	const char *org = zw_query(r, "org"), *d = zw_query(r, "drafts");
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	f.class_prefix = zw_query(r, "class");
	f.share_type = zw_query(r, "share_type");
	f.q = zw_query(r, "q");
	f.drafts = d != NULL && strcmp(d, "1") == 0;
	if (f.class_prefix != NULL && strlen(f.class_prefix) > ZW_CAT_MAX_CODE) {
		zw_fail(r, 400, "bad_class", "分类码过长", "class");
		return;
	}
	if (f.q != NULL && strlen(f.q) > 4 * ZW_CAT_MAX_NAME) {
		zw_fail(r, 400, "bad_q", "检索词过长", "q");
		return;
	}
	if (org != NULL && *org) {
		rc = cat_org_lookup(r, org, &f.org_id);
		if (rc != ZW_OK)
			return;
	}
	zw_req_actor(r, &who);
	rc = zw_catalog_list(r->db, &who, &f, limit, cursor, &items, &next);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_create(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	int64_t id;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_catalog_create(c, &who, r->json, &id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_resource(r, 201, id);
}

static void
api_get(zw_req *r)
{
	zw_get_by_id(r, zw_catalog_get, "目录中没有该信息资源");
}

static void
api_update(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_catalog_update(c, &who, id, r->json, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_resource(r, 200, id);
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
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_resource(r, 200, id);
}

static void api_submit(zw_req *r) { resource_action(r, false); }
static void api_publish(zw_req *r) { resource_action(r, true); }

static void
api_version(zw_req *r)
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
	zw_json(r, 200, o);
}

/* ["a","b"] of a JSON field into an arena array.  false = error set. */
static bool
in_items(zw_req *r, const char *key, bool required, const char ***out,
    size_t *n)
{
	json_t *arr = json_object_get(r->json, key), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (arr == NULL && !required)
		return true;
	if (!json_is_array(arr) || json_array_size(arr) > ZW_CAT_MAX_ITEMS ||
	    (required && json_array_size(arr) == 0)) {
		zw_fail(r, 422, "items_required", "请选择信息项（代码数组）", key);
		return false;
	}
	*out = zw_alloc(r->a, (json_array_size(arr) + 1) * sizeof(**out));
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || json_string_length(v) > ZW_CAT_MAX_ITEM_NAME) {
			zw_fail(r, 400, "wrong_type", "信息项应为代码数组", key);
			return false;
		}
		(*out)[(*n)++] = json_string_value(v);
	}
	return true;
}

static void
api_request(zw_req *r)
{
	static const char *const known[] = { "resource_id", "items", "purpose",
	    "legal_basis", "period_end", "client_id", NULL };
	struct zw_share_in in = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char **items;
	json_t *o;
	zw_conn *c;
	int64_t id;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, known) ||
	    !zw_in_int(r, r->json, "resource_id", true, 1, INT64_MAX, &in.resource_id) ||
	    !in_items(r, "items", true, &items, &in.nitems) ||
	    !zw_in_str(r, r->json, "purpose", true, ZW_CAT_MAX_TEXT, &in.purpose) ||
	    !zw_in_str(r, r->json, "legal_basis", true, ZW_CAT_MAX_TEXT,
	    &in.legal_basis) ||
	    !zw_in_str(r, r->json, "period_end", true, 10, &in.period_end) ||
	    !zw_in_str(r, r->json, "client_id", false, 64, &in.client_key))
		return;
	in.items = items;
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_share_request(c, &who, r->app->cal, &in, &id, &why);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_share_get(r->db, &who, r->app->cal, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 201, o);
}

static void
api_request_list(zw_req *r)
{
	const char *box = zw_query(r, "box"), *st = zw_query(r, "status");
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	if (box != NULL && strcmp(box, "incoming") && strcmp(box, "outgoing")) {
		zw_fail(r, 400, "bad_box", "box 应为 incoming 或 outgoing", "box");
		return;
	}
	if (st != NULL && strlen(st) > 16) {
		zw_fail(r, 400, "bad_status", "status 无效", "status");
		return;
	}
	zw_req_actor(r, &who);
	rc = zw_share_list(r->db, &who, r->app->cal, box, st && *st ? st : NULL,
	    limit, cursor, &items, &next);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_request_get(zw_req *r)
{
	struct zw_actor who;
	json_t *o;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_share_get(r->db, &who, r->app->cal, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "没有该共享申请", NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
answer(zw_req *r, bool approve)
{
	static const char *const akeys[] = { "items", "expires_on", NULL };
	static const char *const dkeys[] = { "reason", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char **items = NULL, *exp = NULL, *reason = NULL;
	size_t n = 0;
	json_t *o;
	zw_conn *c;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json != NULL) {
		if (!zw_in_known(r, r->json, approve ? akeys : dkeys))
			return;
		if (approve && (!in_items(r, "items", false, &items, &n) ||
		    !zw_in_str(r, r->json, "expires_on", false, 10, &exp)))
			return;
		if (!approve && !zw_in_str(r, r->json, "reason", false,
		    ZW_CAT_MAX_TEXT, &reason))
			return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = approve ? zw_share_approve(c, &who, id, items, n, exp, NULL, &why) :
	    zw_share_deny(c, &who, id, reason, &why);
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_share_get(r->db, &who, r->app->cal, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_grant_revoke(zw_req *r)
{
	static const char *const keys[] = { "reason", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *reason = NULL;
	zw_conn *c;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json != NULL && (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "reason", false, ZW_CAT_MAX_TEXT, &reason)))
		return;
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_grant_revoke(c, &who, id, reason, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
	    "revoked"));
}

static void
api_client_disable(zw_req *r)
{
	struct zw_actor who;
	zw_conn *c;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_client_disable(c, &who, id)) != ZW_OK) {
		zw_fail_rc(r, rc, "接入系统不存在或已停用", NULL);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
	    "disabled"));
}

static void api_approve(zw_req *r) { answer(r, true); }
static void api_deny(zw_req *r) { answer(r, false); }

static void
api_grants(zw_req *r)
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
	zw_json_list(r, items, -1);
}

static void
api_client_create(zw_req *r)
{
	static const char *const known[] = { "name", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *name;
	json_t *o;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, known) ||
	    !zw_in_str(r, r->json, "name", true, ZW_CAT_MAX_CLIENT_NAME, &name) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_client_create(c, &who, name, &o, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r)) {
		json_decref(o);
		return;
	}
	zw_set_header(r, "Cache-Control", "no-store");
	zw_json(r, 201, o);
}

static void
api_client_list(zw_req *r)
{
	struct zw_actor who;
	json_t *items;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_client_list(r->db, &who, &items)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, -1);
}

static void
api_client_token(zw_req *r)
{
	static const char *const known[] = { "client_id", "client_secret", NULL };
	struct zw_why why = { 0 };
	const char *id, *secret;
	json_t *o;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, known) ||
	    !zw_in_str(r, r->json, "client_id", true, 64, &id) ||
	    !zw_in_str(r, r->json, "client_secret", true, 128, &secret) ||
	    (c = zw_begin(r)) == NULL)
		return;
	if ((rc = zw_client_token(c, id, secret, &o, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r)) {
		json_decref(o);
		return;
	}
	zw_set_header(r, "Cache-Control", "no-store");
	zw_json(r, 200, o);
}

static void
api_indicators(zw_req *r)
{
	json_t *o;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_sharing_indicators(r->db, r->app->cal, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

int
cat_org_lookup(zw_req *r, const char *code, int64_t *id)
{
	zw_stmt *s;
	int rc;

	if (zw_db_conn(r) == NULL)
		return ZW_EBUSY;
	if (strlen(code) > 64) {
		zw_fail(r, 400, "bad_org", "机构代码无效", "org");
		return ZW_EINVAL;
	}
	if ((rc = zw_prepare(r->db, "SELECT id FROM orgs WHERE code = ?", &s)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return rc;
	}
	zw_bind_text(s, 1, code, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW) {
		if (rc < 0)
			zw_fail_rc(r, rc, NULL, NULL);
		else
			zw_fail(r, 400, "bad_org", "没有该机构", "org");
		return rc < 0 ? rc : ZW_EINVAL;
	}
	*id = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

const struct zw_route zw_catalog_routes[] = {
	{ "GET", "/api/v1/catalog", api_list, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/catalog", api_create, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/catalog/{id}", api_get, NULL, ZW_R_STAFF, NULL },
	{ "PUT", "/api/v1/catalog/{id}", api_update, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/catalog/{id}/submit", api_submit, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/catalog/{id}/publish", api_publish, "catalog.manage",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/catalog/{id}/versions/{version}", api_version, NULL,
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/share-requests", api_request, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/share-requests", api_request_list, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/share-requests/{id}", api_request_get, NULL, ZW_R_STAFF,
	  NULL },
	{ "POST", "/api/v1/share-requests/{id}/approve", api_approve, NULL,
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/share-requests/{id}/deny", api_deny, NULL, ZW_R_STAFF,
	  NULL },
	{ "GET", "/api/v1/grants", api_grants, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/grants/{id}/revoke", api_grant_revoke, NULL, ZW_R_STAFF,
	  NULL },
	{ "POST", "/api/v1/api-clients/{id}/disable", api_client_disable,
	  "clients.manage", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/api-clients/token", api_client_token, NULL,
	  ZW_R_PUBLIC | ZW_R_NO_CSRF | ZW_R_LOGIN_RATE, NULL },
	{ "POST", "/api/v1/api-clients", api_client_create, "clients.manage",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/api-clients", api_client_list, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/sharing/indicators", api_indicators, NULL, ZW_R_STAFF,
	  NULL },
};
const size_t zw_catalog_routes_count =
    sizeof(zw_catalog_routes) / sizeof(zw_catalog_routes[0]);
