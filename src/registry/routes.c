/*
 * routes.c -- the registries' JSON API (API.md "Sharing"): lookups with
 * X-Purpose and X-Case-Ref, batch lookups, CSV imports, the data-quality
 * report, the data-access log, and the citizen's view of it.
 */
#include <string.h>

#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "registry/registry.h"
#include "registry/routes.h"
#include "web/http.h"
#include "web/parse.h"
#include "web/route.h"

/* The process keys (set when the app opened), else derived here. */
const struct zw_reg_keys *
zw_reg_req_keys(zw_req *r)
{
	const struct zw_reg_keys *k = zw_registry_keys();
	struct zw_reg_keys *d;

	if (k != NULL)
		return k;
	d = zw_alloc(r->a, sizeof(*d));
	zw_registry_keys_derive(r->app->master_key, d);
	return d;
}

/*
 * A text header: raw UTF-8, or percent-encoded UTF-8 (what fetch() and
 * most HTTP libraries can send).  A value that is not valid
 * percent-encoding is taken as it is.
 */
const char *
zw_reg_header_text(zw_req *r, const char *name)
{
	const char *v = zw_header(r, name);
	char *d;
	size_t n;

	if (v == NULL)
		return NULL;
	while (*v == ' ' || *v == '\t')
		v++;
	if (strchr(v, '%') != NULL &&
	    zw_url_decode(r->a, v, strlen(v), false, &d, &n) == ZW_OK &&
	    strlen(d) == n)
		return d;
	return v;
}

static bool
query_bool(zw_req *r, const char *name)
{
	const char *v = zw_query(r, name);

	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "yes") == 0);
}

/* 400 for input mistakes, 403, 404, else by code. */
void
zw_reg_fail(zw_req *r, int rc, const struct zw_why *why)
{
	switch (rc) {
	case ZW_EINVAL:
		zw_fail(r, 400, why->code ? why->code : "invalid",
		    why->message ? why->message : "请求无效", why->field);
		break;
	case ZW_EPERM:
		zw_fail(r, 403, why->code ? why->code : "forbidden",
		    why->message ? why->message : "没有权限", why->field);
		break;
	case ZW_ENOTFOUND:
		zw_fail(r, 404, "not_found", why->message ? why->message :
		    "基础库中没有该记录", NULL);
		break;
	case ZW_ETOOBIG:
		zw_fail(r, 413, why->code ? why->code : "too_large",
		    why->message ? why->message : "内容过大", why->field);
		break;
	default:
		zw_fail_rc(r, rc, NULL, NULL);
		break;
	}
}

static void
reg_get(zw_req *r, enum zw_reg reg)
{
	struct zw_reg_read rd = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *o = NULL;
	zw_conn *c;
	int rc;

	rd.purpose = zw_reg_header_text(r, "X-Purpose");
	rd.case_ref = zw_reg_header_text(r, "X-Case-Ref");
	rd.client = r->user->client_key ? r->user->client_key : "";
	rd.history = query_bool(r, "history");
	rd.items = zw_query(r, "items");
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_registry_get(c, &who, zw_reg_req_keys(r), reg, r->params[0], &rd,
	    &o, &why);
	/* refusals and misses are logged: keep them */
	if (rc == ZW_OK || rc == ZW_EINVAL || rc == ZW_EPERM || rc == ZW_ENOTFOUND) {
		if (!zw_commit(r)) {
			json_decref(o);
			return;
		}
	}
	if (rc != ZW_OK) {
		zw_reg_fail(r, rc, &why);
		return;
	}
	zw_json(r, 200, o);
}

static void api_person_get(zw_req *r) { reg_get(r, ZW_REG_PERSONS); }
static void api_legal_get(zw_req *r) { reg_get(r, ZW_REG_LEGAL); }

/* Keys of a batch: {"keys":[...]} or one key a line (text). */
static bool
batch_keys(zw_req *r, const char ***out, size_t *n)
{
	const char **keys;
	size_t i, cap = ZW_REG_MAX_BATCH + 1;

	*n = 0;
	keys = zw_alloc(r->a, cap * sizeof(*keys));
	if (r->json != NULL) {
		static const char *const known[] = { "keys", NULL };
		json_t *arr = json_object_get(r->json, "keys"), *v;

		if (!zw_in_known(r, r->json, known))
			return false;
		if (!json_is_array(arr)) {
			zw_fail(r, 400, "wrong_type", "字段 keys 应为号码数组", "keys");
			return false;
		}
		if (json_array_size(arr) > ZW_REG_MAX_BATCH) {
			zw_fail(r, 413, "too_many", "一次批量查询最多1000个号码", "keys");
			return false;
		}
		json_array_foreach(arr, i, v) {
			if (!json_is_string(v) || json_string_length(v) > 64) {
				zw_fail(r, 400, "wrong_type", "字段 keys 应为号码数组", "keys");
				return false;
			}
			keys[(*n)++] = json_string_value(v);
		}
	} else {
		const char *p = r->body, *e = r->body + r->body_len;

		/* a file of keys uploaded as multipart */
		for (i = 0; i < r->nparts; i++)
			if (r->parts[i].filename != NULL) {
				p = r->parts[i].data;
				e = p + r->parts[i].len;
				break;
			}
		if (r->nparts > 0 && i == r->nparts) {
			zw_fail(r, 400, "file_required", "请上传号码文件（每行一个号码）",
			    "file");
			return false;
		}

		while (p < e) {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			size_t len = (size_t)((nl ? nl : e) - p);

			while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' ' ||
			    p[len - 1] == ','))
				len--;
			if (len > 64) {
				zw_fail(r, 400, "bad_key", "每行应为一个号码", "keys");
				return false;
			}
			if (len > 0) {
				if (*n >= ZW_REG_MAX_BATCH) {
					zw_fail(r, 413, "too_many", "一次批量查询最多1000个号码",
					    "keys");
					return false;
				}
				keys[(*n)++] = zw_astrndup(r->a, p, len);
			}
			p = nl ? nl + 1 : e;
		}
	}
	if (*n == 0) {
		zw_fail(r, 400, "keys_required", "请提供要查询的号码（keys）", "keys");
		return false;
	}
	*out = keys;
	return true;
}

static void
reg_batch(zw_req *r, enum zw_reg reg)
{
	struct zw_reg_read rd = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char **keys;
	json_t *items = NULL;
	size_t n;
	zw_conn *c;
	int rc;

	if (!batch_keys(r, &keys, &n))
		return;
	rd.purpose = zw_reg_header_text(r, "X-Purpose");
	rd.case_ref = zw_reg_header_text(r, "X-Case-Ref");
	rd.client = r->user->client_key ? r->user->client_key : "";
	rd.items = zw_query(r, "items");
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_registry_batch(c, &who, zw_reg_req_keys(r), reg, keys, n, &rd,
	    &items, &why);
	if ((rc == ZW_OK || rc == ZW_EINVAL || rc == ZW_EPERM) && !zw_commit(r)) {
		json_decref(items);
		return;
	}
	if (rc != ZW_OK) {
		zw_reg_fail(r, rc, &why);
		return;
	}
	zw_json(r, 200, json_pack("{s:o}", "items", items));
}

static void api_person_batch(zw_req *r) { reg_batch(r, ZW_REG_PERSONS); }
static void api_legal_batch(zw_req *r) { reg_batch(r, ZW_REG_LEGAL); }

/* The CSV of an import request: a multipart file part, else the body. */
bool
zw_reg_upload(zw_req *r, const char **data, size_t *n)
{
	size_t i;

	if (r->nparts > 0) {
		for (i = 0; i < r->nparts; i++)
			if (r->parts[i].filename != NULL) {
				*data = r->parts[i].data;
				*n = r->parts[i].len;
				return true;
			}
		zw_fail(r, 400, "file_required", "请上传 CSV 文件", "file");
		return false;
	}
	if (r->json != NULL || r->nform > 0 || r->body_len == 0) {
		zw_fail(r, 400, "csv_required",
		    "请求体应为 CSV 文本（Content-Type: text/csv）或 multipart 上传的文件",
		    NULL);
		return false;
	}
	*data = r->body;
	*n = r->body_len;
	return true;
}

/* Run an import and answer with its report: 200, or 422 with the
 * report when rows were rejected, or 400 for a file that cannot be
 * read as a registry file. */
static void
reg_import(zw_req *r, enum zw_reg reg)
{
	struct zw_reg_import_opts o = { 0 };
	struct zw_reg_report rep;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *data = NULL;
	size_t n = 0;
	zw_conn *c;
	int rc;

	if (!zw_reg_upload(r, &data, &n) || (c = zw_db_conn(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	o.skip_invalid = query_bool(r, "skip_invalid") ||
	    (zw_form(r, "skip_invalid") != NULL && *zw_form(r, "skip_invalid"));
	o.encoding = zw_query(r, "encoding") ? zw_query(r, "encoding") :
	    zw_form(r, "encoding");
	o.source = "api";
	o.file_name = zw_query(r, "file_name");
	rc = zw_registry_import(c, &who, zw_reg_req_keys(r), reg, data, n, &o,
	    &rep, &why);
	if (rc == ZW_OK)
		zw_json(r, 200, zw_reg_report_json(&rep, ZW_REG_REPORT_API));
	else if (rc == ZW_EINVAL && rep.rejected > 0 && why.code != NULL &&
	    strcmp(why.code, "rows_rejected") == 0)
		zw_json(r, 422, json_pack("{s:{s:s, s:s}, s:o}", "error", "code",
		    why.code, "message", why.message, "report",
		    zw_reg_report_json(&rep, ZW_REG_REPORT_API)));
	else if (rc == ZW_EINVAL || rc == ZW_ETOOBIG)
		zw_fail(r, rc == ZW_EINVAL ? 400 : 413, why.code ? why.code : "invalid",
		    why.message ? why.message : "文件无法导入", why.field);
	else
		zw_fail_rc(r, rc, NULL, NULL);
	zw_reg_report_free(&rep);
}

static void api_person_import(zw_req *r) { reg_import(r, ZW_REG_PERSONS); }
static void api_legal_import(zw_req *r) { reg_import(r, ZW_REG_LEGAL); }

static void
api_quality(zw_req *r)
{
	enum zw_reg reg;
	json_t *o;
	int rc;

	if (zw_reg_parse(zw_query(r, "registry") ? zw_query(r, "registry") :
	    "persons", &reg) != ZW_OK) {
		zw_fail(r, 400, "bad_registry", "registry 应为 persons 或 legal_persons",
		    "registry");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_registry_quality(r->db, zw_reg_req_keys(r), reg, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_access_log(zw_req *r)
{
	const char *reg = zw_query(r, "registry");
	enum zw_reg rg;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_has_perm(r, "registry.manage") && !zw_has_perm(r, "audit.read")) {
		zw_fail(r, 403, "forbidden", "只有数据管理员和审计员可以查看数据访问日志",
		    NULL);
		return;
	}
	if (reg != NULL && *reg && zw_reg_parse(reg, &rg) != ZW_OK) {
		zw_fail(r, 400, "bad_registry", "registry 应为 persons 或 legal_persons",
		    "registry");
		return;
	}
	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	rc = zw_registry_access_log(r->db, reg != NULL && *reg ? zw_reg_name(rg) : NULL,
	    limit, cursor, &items, &next);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_my_log(zw_req *r)
{
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (strcmp(r->user->kind, "person") != 0 &&
	    strcmp(r->user->kind, "enterprise") != 0) {
		zw_fail(r, 403, "public_only",
		    "数据访问记录供自然人和法人用户查看本人（本单位）信息被查询的情况", NULL);
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
	zw_json_list(r, items, next);
}

const struct zw_route zw_registry_routes[] = {
	{ "POST", "/api/v1/registry/persons/batch", api_person_batch, NULL,
	  ZW_R_STAFF | ZW_R_CLIENT, NULL },
	{ "POST", "/api/v1/registry/persons/import", api_person_import,
	  "registry.manage", ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/api/v1/registry/persons/{id_number}", api_person_get, NULL,
	  ZW_R_STAFF | ZW_R_CLIENT, NULL },
	{ "POST", "/api/v1/registry/legal-persons/batch", api_legal_batch, NULL,
	  ZW_R_STAFF | ZW_R_CLIENT, NULL },
	{ "POST", "/api/v1/registry/legal-persons/import", api_legal_import,
	  "registry.manage", ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/api/v1/registry/legal-persons/{uscc}", api_legal_get, NULL,
	  ZW_R_STAFF | ZW_R_CLIENT, NULL },
	{ "GET", "/api/v1/registry/quality", api_quality, "registry.manage",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/registry/access-log", api_access_log, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/me/data-access-log", api_my_log, NULL, 0, NULL },
};
const size_t zw_registry_routes_count =
    sizeof(zw_registry_routes) / sizeof(zw_registry_routes[0]);
