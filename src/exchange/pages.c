/*
 * pages.c -- the exchange in the back office: datasets (list, create),
 * one dataset (versions with SM3 and signature check, publish form),
 * comparisons (list, new comparison form) and one comparison (progress,
 * counts, paged differences, CSV export).  Same domain calls as the API;
 * a refused form is shown again with the reason and changes nothing.
 */
#include <string.h>

#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "exchange/exchange.h"
#include "exchange/routes.h"
#include "web/app.h"
#include "web/http.h"
#include "web/route.h"

#define PAGE_ROWS 50

static bool
param_id(zw_req *r, int64_t *id)
{
	if (zw_parse_i64(r->params[0], 1, INT64_MAX, id) != ZW_OK) {
		zw_fail(r, 404, "not_found", "对象不存在", NULL);
		return false;
	}
	return true;
}

static void
datasets_page(zw_req *r, int status, json_t *form, const char *error)
{
	struct zw_actor who;
	int64_t next;
	json_t *items = NULL, *ctx;
	int rc;

	if (zw_db_conn(r) == NULL) {
		json_decref(form);
		return;
	}
	zw_req_actor(r, &who);
	if ((rc = zw_dataset_list(r->db, &who, 200, 0, &items, &next)) != ZW_OK) {
		json_decref(form);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	ctx = json_pack("{s:o, s:o, s:b}", "items", items, "form",
	    form ? form : json_object(), "may_create",
	    zw_has_perm(r, "exchange.publish"));
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	zw_render(r, status, "office/datasets.html", ctx);
}

static void
page_datasets(zw_req *r)
{
	datasets_page(r, 200, NULL, NULL);
}

static void
page_dataset_create(zw_req *r)
{
	struct zw_dataset_in in = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	json_t *form;
	int rc;

	if (!zw_has_perm(r, "exchange.publish")) {
		zw_fail(r, 403, "forbidden", "没有发布数据集的权限", NULL);
		return;
	}
	in.name = zw_form(r, "name") ? zw_form(r, "name") : "";
	in.key_column = zw_form(r, "key_column") ? zw_form(r, "key_column") : "";
	in.description = zw_form(r, "description") ? zw_form(r, "description") : "";
	form = json_pack("{s:s, s:s, s:s}", "name", in.name, "key_column",
	    in.key_column, "description", in.description);
	if ((c = zw_begin(r)) == NULL) {
		json_decref(form);
		return;
	}
	zw_req_actor(r, &who);
	if ((rc = zw_dataset_create(c, &who, &in, &id, &why)) != ZW_OK) {
		zw_tx_rollback(c);
		if (why.message == NULL) {
			json_decref(form);
			zw_fail_rc(r, rc, NULL, NULL);
			return;
		}
		datasets_page(r, 422, form, why.message);
		return;
	}
	json_decref(form);
	if (!zw_commit(r))
		return;
	zw_redirect(r, zw_aprintf(r->a, "/office/datasets/%lld", (long long)id));
}

static void
dataset_page(zw_req *r, int64_t id, int status, const char *error)
{
	struct zw_actor who;
	json_t *d, *vs, *v, *full;
	size_t i;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_dataset_get(r->db, &who, id, &d)) != ZW_OK) {
		zw_fail(r, rc == ZW_ENOTFOUND ? 404 : 500, "not_found", "数据集不存在",
		    NULL);
		return;
	}
	/* each version with its signature checked now */
	vs = json_object_get(d, "versions");
	json_array_foreach(vs, i, v) {
		if (zw_dataset_version_get(r->db, &who, r->app->datadir, id,
		    zw_json_int(v, "version"), &full) == ZW_OK) {
			json_object_set(v, "signature_valid",
			    json_object_get(full, "signature_valid"));
			json_decref(full);
		}
		json_object_set_new(v, "published", json_string(zw_fmt_time(r,
		    zw_json_int(v, "published_at"))));
	}
	if (error != NULL)
		json_object_set_new(d, "error", json_string(error));
	/* another organization's dataset may be subscribed to */
	json_object_set_new(d, "may_subscribe", json_boolean(zw_json_int(d,
	    "org_id") != who.org_id && who.org_id > 0));
	zw_render(r, status, "office/dataset.html", json_pack("{s:o}", "d", d));
}

static void
page_dataset(zw_req *r)
{
	int64_t id;

	if (param_id(r, &id))
		dataset_page(r, id, 200, NULL);
}

static void
page_publish(zw_req *r)
{
	struct zw_xerr e = { 0 };
	struct zw_actor who;
	const char *data = NULL, *fn = NULL;
	size_t n = 0, i;
	int64_t id, version;
	zw_conn *c;
	int rc;

	if (!param_id(r, &id))
		return;
	for (i = 0; i < r->nparts; i++)
		if (r->parts[i].filename != NULL && r->parts[i].len > 0) {
			data = r->parts[i].data;
			n = r->parts[i].len;
			fn = r->parts[i].filename;
		}
	if (data == NULL) {
		dataset_page(r, id, 422, "请选择要发布的 CSV 或 JSON 文件");
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_dataset_publish(c, &who, r->app->datadir, r->app->master_key, id, data,
	    n, strlen(fn) > 5 && strcmp(fn + strlen(fn) - 5, ".json") == 0, &version,
	    &e);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (e.code == NULL) {
			zw_fail_rc(r, rc, NULL, NULL);
			return;
		}
		dataset_page(r, id, rc == ZW_EPERM ? 403 : 422, e.message);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_redirect(r, zw_aprintf(r->a, "/office/datasets/%lld", (long long)id));
}

static void
comparisons_page(zw_req *r, int status, json_t *form, const char *error)
{
	struct zw_actor who;
	int64_t next;
	json_t *items = NULL, *ds = NULL, *ctx, *v;
	size_t i;
	int rc;

	if (zw_db_conn(r) == NULL) {
		json_decref(form);
		return;
	}
	zw_req_actor(r, &who);
	if ((rc = zw_comparison_list(r->db, &who, 100, 0, &items, &next)) != ZW_OK ||
	    (rc = zw_dataset_list(r->db, &who, 200, 0, &ds, &next)) != ZW_OK) {
		json_decref(items);
		json_decref(form);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_array_foreach(items, i, v)
		json_object_set_new(v, "created", json_string(zw_fmt_time(r,
		    zw_json_int(v, "created_at"))));
	ctx = json_pack("{s:o, s:o, s:o, s:b}", "items", items, "datasets", ds,
	    "form", form ? form : json_object(), "registry",
	    zw_has_perm(r, "registry.read"));
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	zw_render(r, status, "office/comparisons.html", ctx);
}

static void
page_comparisons(zw_req *r)
{
	comparisons_page(r, 200, NULL, NULL);
}

/* A side from the form: "ds:ID" (latest version or the version field),
 * "reg:persons", "reg:legal_persons". */
static json_t *
form_side(zw_req *r, const char *which, const char *vfield)
{
	const char *v = zw_form(r, which), *ver = zw_form(r, vfield);
	int64_t id = 0, n = 0;

	if (v == NULL)
		return json_null();
	if (strncmp(v, "ds:", 3) == 0 &&
	    zw_parse_i64(v + 3, 1, INT64_MAX, &id) == ZW_OK) {
		json_t *o = json_pack("{s:I}", "dataset_id", (json_int_t)id);

		if (ver != NULL && *ver && zw_parse_i64(ver, 1, INT64_MAX, &n) == ZW_OK)
			json_object_set_new(o, "version", json_integer(n));
		else if (ver != NULL && *ver)
			json_object_set_new(o, "version", json_integer(0));
		return o;
	}
	if (strncmp(v, "reg:", 4) == 0)
		return json_pack("{s:s}", "registry", v + 4);
	return json_null();
}

static void
page_comparison_create(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *key = zw_form(r, "key"), *fields = zw_form(r, "fields");
	json_t *spec, *fa = json_array(), *form;
	int64_t id;
	zw_conn *c;
	int rc;

	form = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "purpose", zw_form(r, "purpose") ? zw_form(r, "purpose") : "",
	    "case_ref", zw_form(r, "case_ref") ? zw_form(r, "case_ref") : "",
	    "left", zw_form(r, "left") ? zw_form(r, "left") : "",
	    "left_version", zw_form(r, "left_version") ? zw_form(r, "left_version") : "",
	    "right", zw_form(r, "right") ? zw_form(r, "right") : "",
	    "right_version", zw_form(r, "right_version") ?
	    zw_form(r, "right_version") : "",
	    "key", key ? key : "", "fields", fields ? fields : "");
	if (fields != NULL && *fields) {
		char *s = zw_astrdup(r->a, fields), *save = NULL, *t;

		for (t = strtok_r(s, ",", &save); t != NULL;
		    t = strtok_r(NULL, ",", &save)) {
			while (*t == ' ')
				t++;
			if (*t)
				json_array_append_new(fa, json_string(t));
		}
	}
	spec = json_pack("{s:o, s:o, s:s, s:o}", "left",
	    form_side(r, "left", "left_version"), "right",
	    form_side(r, "right", "right_version"), "key", key ? key : "",
	    "fields", fa);
	/* 事由 and 业务编号: the registry side needs them (checked there) */
	if (zw_form(r, "purpose") != NULL && *zw_form(r, "purpose"))
		json_object_set_new(spec, "purpose", json_string(zw_form(r, "purpose")));
	if (zw_form(r, "case_ref") != NULL && *zw_form(r, "case_ref"))
		json_object_set_new(spec, "case_ref", json_string(zw_form(r, "case_ref")));
	if ((c = zw_begin(r)) == NULL) {
		json_decref(spec);
		json_decref(form);
		return;
	}
	zw_req_actor(r, &who);
	rc = zw_comparison_create(c, &who, spec, &id, &why);
	json_decref(spec);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (why.message == NULL) {
			json_decref(form);
			zw_fail_rc(r, rc, NULL, NULL);
			return;
		}
		comparisons_page(r, rc == ZW_EPERM ? 403 : 422, form, why.message);
		return;
	}
	json_decref(form);
	if (!zw_commit(r))
		return;
	zw_redirect(r, zw_aprintf(r->a, "/office/comparisons/%lld", (long long)id));
}

static void
page_comparison(zw_req *r)
{
	struct zw_actor who;
	const char *kind;
	int64_t id, limit = PAGE_ROWS, cursor = 0, next = 0;
	json_t *o, *items = NULL, *ctx, *fd, *fl;
	const char *cur = zw_query(r, "cursor"), *k;
	json_t *v;
	int rc;

	if (!param_id(r, &id) || !zw_x_kind(r, &kind) || zw_db_conn(r) == NULL)
		return;
	if (cur != NULL && zw_parse_i64(cur, 0, INT64_MAX, &cursor) != ZW_OK)
		cursor = 0;
	zw_req_actor(r, &who);
	if ((rc = zw_comparison_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail(r, rc == ZW_ENOTFOUND ? 404 : 500, "not_found", "比对任务不存在",
		    NULL);
		return;
	}
	if (strcmp(zw_json_str(o, "status"), "done") == 0 &&
	    (rc = zw_comparison_results(r->db, &who, id, kind ? kind : "different",
	    limit, cursor, &items, &next)) != ZW_OK) {
		json_decref(o);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	/* field_diffs as a list for the template */
	fl = json_array();
	fd = json_object_get(o, "field_diffs");
	json_object_foreach(fd, k, v)
		json_array_append_new(fl, json_pack("{s:s, s:O}", "field", k, "count", v));
	ctx = json_pack("{s:o, s:o, s:o, s:s, s:b}", "c", o, "items",
	    items ? items : json_array(), "field_list", fl, "kind",
	    kind ? kind : "different", "running",
	    strcmp(zw_json_str(o, "status"), "queued") == 0 ||
	    strcmp(zw_json_str(o, "status"), "running") == 0);
	json_object_set_new(ctx, "status", json_string(zw_json_str(o, "status")));
	if (next > 0)
		json_object_set_new(ctx, "next", json_integer(next));
	zw_render(r, 200, "office/comparison.html", ctx);
}

/* ---- subscriptions ---- */

static void
subscriptions_page(zw_req *r, int status, const char *error)
{
	struct zw_actor who;
	json_t *subs = NULL, *dels = NULL, *v, *ctx;
	int64_t next;
	size_t i;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_subscription_list(r->db, &who, &subs)) != ZW_OK ||
	    (rc = zw_xdelivery_list(r->db, &who, 0, PAGE_ROWS, 0, &dels, &next)) !=
	    ZW_OK) {
		json_decref(subs);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_array_foreach(dels, i, v)
		json_object_set_new(v, "when", json_string(zw_fmt_time(r,
		    zw_json_int(v, "created_at"))));
	ctx = json_pack("{s:o, s:o}", "subs", subs, "deliveries", dels);
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	zw_render(r, status, "office/subscriptions.html", ctx);
}

static void
page_subscriptions(zw_req *r)
{
	subscriptions_page(r, 200, NULL);
}

static void
page_subscribe(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id, sid;
	zw_conn *c;
	int rc;

	if (!param_id(r, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_dataset_subscribe(c, &who, id, -1, &sid, &why)) != ZW_OK) {
		zw_tx_rollback(c);
		if (why.message == NULL || rc == ZW_ENOTFOUND) {
			zw_fail(r, rc == ZW_ENOTFOUND ? 404 : 500, "not_found",
			    "数据集不存在或无权读取", NULL);
			return;
		}
		dataset_page(r, id, rc == ZW_ECONFLICT ? 409 : 422, why.message);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_redirect(r, "/office/subscriptions");
}

static void
page_unsubscribe(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!param_id(r, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_dataset_unsubscribe(c, &who, id)) != ZW_OK) {
		zw_tx_rollback(c);
		subscriptions_page(r, rc == ZW_ENOTFOUND ? 404 : 500,
		    "订阅不存在或已取消");
		return;
	}
	if (!zw_commit(r))
		return;
	zw_redirect(r, "/office/subscriptions");
}

const struct zw_route zw_exchange_page_routes[] = {
	{ "GET", "/office/subscriptions", page_subscriptions, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/subscriptions/{id}/cancel", page_unsubscribe, NULL,
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/datasets/{id}/subscribe", page_subscribe, NULL,
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/datasets", page_datasets, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/datasets", page_dataset_create, "exchange.publish",
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/datasets/{id}", page_dataset, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/datasets/{id}/versions", page_publish, "exchange.publish",
	  ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/office/comparisons", page_comparisons, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/comparisons", page_comparison_create, NULL, ZW_R_STAFF,
	  NULL },
	{ "GET", "/office/comparisons/{id}", page_comparison, NULL, ZW_R_STAFF, NULL },
};
const size_t zw_exchange_page_routes_count =
    sizeof(zw_exchange_page_routes) / sizeof(zw_exchange_page_routes[0]);
