/*
 * routes.c -- the exchange's JSON API (API.md "Sharing"; docs/api.md
 * "Datasets and comparison"): datasets, versions and their changes,
 * comparisons with their paged results and CSV export.
 */
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "exchange/exchange.h"
#include "exchange/routes.h"
#include "files/files.h"
#include "web/app.h"
#include "web/http.h"
#include "web/route.h"

static bool
param_id(zw_req *r, int i, int64_t *id)
{
	if (zw_parse_i64(r->params[i], 1, INT64_MAX, id) != ZW_OK) {
		zw_fail(r, 404, "not_found", "对象不存在", NULL);
		return false;
	}
	return true;
}

void
zw_x_fail(zw_req *r, int rc, const struct zw_xerr *e)
{
	json_t *err;
	int status;

	if (e == NULL || e->code == NULL || rc == ZW_EDB || rc == ZW_EIO) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	status = rc == ZW_EPERM ? 403 : rc == ZW_ENOTFOUND ? 404 :
	    rc == ZW_ECONFLICT ? 409 : rc == ZW_ETOOBIG ? 413 : 422;
	err = json_pack("{s:s, s:s}", "code", e->code, "message", e->message);
	if (e->field[0] != '\0')
		json_object_set_new(err, "field", json_string(e->field));
	if (e->line > 0)
		json_object_set_new(err, "line", json_integer(e->line));
	zw_json(r, status, json_pack("{s:o}", "error", err));
}

static void
api_datasets(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_dataset_list(r->db, &who, limit, cursor, &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_dataset_create(zw_req *r)
{
	static const char *const known[] = { "name", "key_column", "description",
		"resource_id", NULL };
	struct zw_dataset_in in = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *o;
	int64_t id;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON 对象", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, known) ||
	    !zw_in_str(r, r->json, "name", true, ZW_X_MAX_NAME, &in.name) ||
	    !zw_in_str(r, r->json, "key_column", true, ZW_X_MAX_COLNAME,
	    &in.key_column) ||
	    !zw_in_str(r, r->json, "description", false, ZW_X_MAX_DESC,
	    &in.description) ||
	    !zw_in_int(r, r->json, "resource_id", false, 0, INT64_MAX, &in.resource_id))
		return;
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_dataset_create(c, &who, &in, &id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_dataset_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 201, o);
}

static int
get_dataset(zw_conn *c, const struct zw_actor *who, int64_t id, json_t **out)
{
	return zw_dataset_get(c, who, id, out);
}

static void
api_dataset_get(zw_req *r)
{
	zw_get_by_id(r, get_dataset, "数据集不存在");
}

/*
 * The data of a new version: text/csv body; a multipart file; JSON
 * {"rows":[{…}]} or {"file_id":n} (a CSV file, or a .json file holding
 * an array of objects).  OUT: *data, *n, *json; *owned to zw_free.
 */
static bool
version_input(zw_req *r, const struct zw_actor *who, const char **data,
    size_t *n, bool *json, void **owned)
{
	size_t i;

	*owned = NULL;
	*json = false;
	if (r->json != NULL) {
		static const char *const known[] = { "rows", "file_id", NULL };
		json_t *rows = json_object_get(r->json, "rows");
		int64_t fid = 0;

		if (!zw_in_known(r, r->json, known) ||
		    !zw_in_int(r, r->json, "file_id", false, 1, INT64_MAX, &fid))
			return false;
		if ((rows != NULL) == (fid > 0)) {
			zw_fail(r, 400, "data_required",
			    "请提供 rows（对象数组）或 file_id（已上传的文件）之一", NULL);
			return false;
		}
		if (rows != NULL) {
			if (!json_is_array(rows)) {
				zw_fail(r, 400, "wrong_type", "rows 应为对象数组", "rows");
				return false;
			}
			*data = zw_json_dump(r->a, rows);
			*n = strlen(*data);
			*json = true;
			return true;
		}
		{
			json_t *meta = NULL;
			void *p = NULL;
			int rc;

			if (zw_db_conn(r) == NULL)
				return false;
			rc = zw_file_read(r->db, who, r->app->datadir, fid, &meta, &p, n);
			if (rc != ZW_OK) {
				zw_fail(r, rc == ZW_ENOTFOUND ? 404 : 500, rc == ZW_ENOTFOUND ?
				    "file_not_found" : "file_unreadable", rc == ZW_ENOTFOUND ?
				    "文件不存在或无权读取" : "文件无法读取", "file_id");
				return false;
			}
			*json = strcmp(zw_json_str(meta, "content_type"),
			    "application/json") == 0;
			json_decref(meta);
			*owned = p;
			*data = p;
			return true;
		}
	}
	for (i = 0; i < r->nparts; i++)
		if (r->parts[i].filename != NULL) {
			const char *fn = r->parts[i].filename;
			size_t fl = strlen(fn);

			*data = r->parts[i].data;
			*n = r->parts[i].len;
			*json = fl > 5 && strcmp(fn + fl - 5, ".json") == 0;
			return true;
		}
	if (r->nparts > 0 || r->nform > 0 || r->body_len == 0) {
		zw_fail(r, 400, "data_required",
		    "请求体应为 CSV 文本（Content-Type: text/csv）、上传的文件或 JSON", NULL);
		return false;
	}
	*data = r->body;
	*n = r->body_len;
	return true;
}

static void
api_version_publish(zw_req *r)
{
	struct zw_xerr e = { 0 };
	struct zw_actor who;
	const char *data = NULL;
	size_t n = 0;
	void *owned = NULL;
	bool json = false;
	int64_t id, version;
	json_t *o;
	zw_conn *c;
	int rc;

	if (!param_id(r, 0, &id))
		return;
	zw_req_actor(r, &who);
	if (!version_input(r, &who, &data, &n, &json, &owned))
		return;
	if ((c = zw_begin(r)) == NULL) {
		zw_free(owned);
		return;
	}
	rc = zw_dataset_publish(c, &who, r->app->datadir, r->app->master_key, id, data,
	    n, json, &version, &e);
	zw_free(owned);
	if (rc != ZW_OK) {
		if (rc == ZW_ENOTFOUND && e.code == NULL)
			zw_fail(r, 404, "not_found", "数据集不存在", NULL);
		else
			zw_x_fail(r, rc, &e);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_dataset_version_get(r->db, &who, r->app->datadir, id, version,
	    &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 201, o);
}

static void
api_version_get(zw_req *r)
{
	struct zw_actor who;
	int64_t id, v;
	json_t *o;
	int rc;

	if (!param_id(r, 0, &id) || !param_id(r, 1, &v) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_dataset_version_get(r->db, &who, r->app->datadir, id, v, &o);
	if (rc == ZW_ENOTFOUND) {
		zw_fail(r, 404, "not_found", "数据集或版本不存在", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_version_data(zw_req *r)
{
	struct zw_actor who;
	int64_t id, v;
	void *p = NULL;
	size_t n = 0;
	int rc;

	if (!param_id(r, 0, &id) || !param_id(r, 1, &v) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_dataset_version_data(r->db, &who, r->app->datadir, id, v, &p, &n);
	if (rc == ZW_ENOTFOUND) {
		zw_fail(r, 404, "not_found", "数据集或版本不存在", NULL);
		return;
	}
	if (rc == ZW_ECRYPTO) {
		zw_fail(r, 500, "integrity", "版本文件与登记的 SM3 不符", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_buf_reset(&r->out);
	rc = zw_buf_append(&r->out, p, n);
	zw_free(p);
	if (rc != ZW_OK) {
		zw_fail(r, 413, "too_large", "版本过大，无法一次返回", NULL);
		return;
	}
	r->status = 200;
	r->ctype = "text/csv; charset=utf-8";
	zw_set_header(r, "Content-Disposition", zw_aprintf(r->a,
	    "attachment; filename=\"dataset-%lld-v%lld.csv\"", (long long)id,
	    (long long)v));
}

static void
api_changes(zw_req *r)
{
	const char *q = zw_query(r, "since");
	struct zw_actor who;
	int64_t id, since = 0;
	json_t *o;
	int rc;

	if (!param_id(r, 0, &id))
		return;
	if (q != NULL && zw_parse_i64(q, 0, INT64_MAX, &since) != ZW_OK) {
		zw_fail(r, 400, "invalid_since", "since 应为版本号（0表示全部）", "since");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_dataset_changes(r->db, &who, r->app->datadir, id, since, &o);
	if (rc == ZW_EINVAL) {
		zw_fail(r, 422, "version_not_found", "since 超出已发布的版本", "since");
		return;
	}
	if (rc == ZW_ENOTFOUND) {
		zw_fail(r, 404, "not_found", "数据集不存在", NULL);
		return;
	}
	if (rc == ZW_ETOOBIG) {
		zw_fail(r, 413, "too_many_changes", "变化过多，请获取完整版本", "since");
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_comparison_create(zw_req *r)
{
	static const char *const known[] = { "left", "right", "key", "fields",
		"purpose", "case_ref", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON 对象", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, known) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_comparison_create(c, &who, r->json, &id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_json(r, 202, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "status",
	    "queued", "url", zw_aprintf(r->a, "/api/v1/comparisons/%lld",
	    (long long)id)));
}

static void
api_comparisons(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_comparison_list(r->db, &who, limit, cursor, &items, &next)) !=
	    ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_comparison_get(zw_req *r)
{
	zw_get_by_id(r, zw_comparison_get, "比对任务不存在");
}

/* ?kind= : NULL for all, else one of the three; false (400 set). */
bool
zw_x_kind(zw_req *r, const char **kind)
{
	const char *k = zw_query(r, "kind");

	*kind = NULL;
	if (k == NULL || *k == '\0')
		return true;
	if (strcmp(k, "only_left") != 0 && strcmp(k, "only_right") != 0 &&
	    strcmp(k, "different") != 0) {
		zw_fail(r, 400, "invalid_kind", "kind 应为 only_left、only_right 或 different",
		    "kind");
		return false;
	}
	*kind = k;
	return true;
}

static void
api_results(zw_req *r)
{
	struct zw_actor who;
	const char *kind;
	int64_t id, limit, cursor, next;
	json_t *items;
	int rc;

	if (!param_id(r, 0, &id) || !zw_x_kind(r, &kind) ||
	    !zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_comparison_results(r->db, &who, id, kind, limit, cursor, &items, &next);
	if (rc == ZW_ENOTFOUND) {
		zw_fail(r, 404, "not_found", "比对任务不存在", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_results_csv(zw_req *r)
{
	struct zw_actor who;
	const char *kind;
	int64_t id;
	int rc;

	if (!param_id(r, 0, &id) || !zw_x_kind(r, &kind) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_buf_reset(&r->out);
	rc = zw_comparison_csv(r->db, &who, id, kind, &r->out);
	if (rc != ZW_OK) {
		zw_buf_reset(&r->out);
		if (rc == ZW_ENOTFOUND)
			zw_fail(r, 404, "not_found", "比对任务不存在", NULL);
		else
			zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	r->status = 200;
	r->ctype = "text/csv; charset=utf-8";
	zw_set_header(r, "Content-Disposition", zw_aprintf(r->a,
	    "attachment; filename=\"comparison-%lld.csv\"", (long long)id));
}

/* ---- subscriptions (subscribe.c) ---- */

static void
api_subscribe(zw_req *r)
{
	static const char *const known[] = { "since", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id, sid, since = -1;
	zw_conn *c;
	int rc;

	if (!param_id(r, 0, &id))
		return;
	if (r->json != NULL && (!zw_in_known(r, r->json, known) ||
	    !zw_in_int(r, r->json, "since", false, 0, INT64_MAX, &since)))
		return;
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_dataset_subscribe(c, &who, id, since, &sid, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/subscriptions/%lld",
	    (long long)sid));
	zw_json(r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)sid,
	    "dataset_id", (json_int_t)id));
}

static void
api_subscriptions(zw_req *r)
{
	struct zw_actor who;
	json_t *items;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_subscription_list(r->db, &who, &items)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, -1);
}

static void
api_unsubscribe(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!param_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_dataset_unsubscribe(c, &who, id)) != ZW_OK) {
		zw_fail(r, rc == ZW_ENOTFOUND ? 404 : 500, rc == ZW_ENOTFOUND ?
		    "not_found" : "internal", rc == ZW_ENOTFOUND ? "订阅不存在" :
		    "取消订阅失败", NULL);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "active", 0));
}

static void
api_deliveries(zw_req *r)
{
	const char *q = zw_query(r, "subscription_id");
	struct zw_actor who;
	int64_t limit, cursor, next, sub = 0;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (q != NULL && zw_parse_i64(q, 1, INT64_MAX, &sub) != ZW_OK) {
		zw_fail(r, 400, "invalid_subscription_id", "subscription_id 应为订阅编号",
		    "subscription_id");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_xdelivery_list(r->db, &who, sub, limit, cursor, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_delivery(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	json_t *o;
	int rc;

	if (!param_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_xdelivery_get(r->db, &who, r->app->datadir, id, &o);
	if (rc == ZW_ENOTFOUND) {
		zw_fail(r, 404, "not_found", "推送记录不存在", NULL);
		return;
	}
	if (rc == ZW_ECRYPTO) {
		zw_fail(r, 500, "integrity", "推送文件与登记的 SM3 不符", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

const struct zw_route zw_exchange_routes[] = {
	{ "POST", "/api/v1/datasets/{id}/subscriptions", api_subscribe, NULL,
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/subscriptions", api_subscriptions, NULL, ZW_R_STAFF, NULL },
	{ "DELETE", "/api/v1/subscriptions/{id}", api_unsubscribe, NULL, ZW_R_STAFF,
	  NULL },
	{ "GET", "/api/v1/dataset-deliveries", api_deliveries, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/dataset-deliveries/{id}", api_delivery, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/datasets", api_datasets, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/datasets", api_dataset_create, "exchange.publish",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/datasets/{id}", api_dataset_get, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/datasets/{id}/versions", api_version_publish,
	  "exchange.publish", ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/api/v1/datasets/{id}/versions/{n}", api_version_get, NULL,
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/datasets/{id}/versions/{n}/data", api_version_data, NULL,
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/datasets/{id}/changes", api_changes, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/comparisons", api_comparisons, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/comparisons", api_comparison_create, NULL, ZW_R_STAFF,
	  NULL },
	{ "GET", "/api/v1/comparisons/{id}", api_comparison_get, NULL, ZW_R_STAFF,
	  NULL },
	{ "GET", "/api/v1/comparisons/{id}/results", api_results, NULL, ZW_R_STAFF,
	  NULL },
	{ "GET", "/api/v1/comparisons/{id}/results.csv", api_results_csv, NULL,
	  ZW_R_STAFF, NULL },
};
const size_t zw_exchange_routes_count =
    sizeof(zw_exchange_routes) / sizeof(zw_exchange_routes[0]);
