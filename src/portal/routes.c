/*
 * routes.c -- the JSON API of the portal (API.md "Portal"): articles
 * and their workflow, sites, columns, categories.  Validate -> domain
 * call in one transaction -> commit -> drop the cached pages it changed
 * -> JSON.
 */
#include <pthread.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "org/routes.h"
#include "portal/cache.h"
#include "portal/portal.h"
#include "portal/routes.h"
#include "web/http.h"
#include "web/route.h"

bool
zw_portal_commit(zw_req *r)
{
	if (!zw_commit(r))
		return false;
	(void)zw_pcache_sync(r->db, true);
	return true;
}

bool
zw_portal_can(const zw_req *r)
{
	return zw_has_perm(r, "portal.edit") || zw_has_perm(r, "portal.publish");
}

/* A query parameter as a positive id (0 when absent); false: 400 set. */
static bool
query_id(zw_req *r, const char *key, int64_t *out)
{
	const char *v = zw_query(r, key);

	*out = 0;
	if (v == NULL || *v == '\0')
		return true;
	if (zw_parse_i64(v, 1, INT64_MAX, out) != ZW_OK) {
		zw_fail(r, 400, "invalid_parameter", zw_aprintf(r->a, "参数 %s 无效", key),
		    key);
		return false;
	}
	return true;
}

bool
zw_portal_filter_from_query(zw_req *r, struct zw_article_filter *f)
{
	const char *cat = zw_query(r, "category"), *year = zw_query(r, "year");
	const char *q = zw_query(r, "q"), *state = zw_query(r, "state");
	int64_t y = 0;

	memset(f, 0, sizeof(*f));
	if (cat != NULL && *cat != '\0') {
		if (zw_portal_category(cat) == NULL) {
			zw_fail(r, 422, "unknown_category", "信息类别无效", "category");
			return false;
		}
		f->category = cat;
	}
	if (year != NULL && *year != '\0' && zw_parse_i64(year, 1990, 2100, &y) != ZW_OK) {
		zw_fail(r, 400, "invalid_parameter", "年份无效", "year");
		return false;
	}
	f->year = (int)y;
	if (state != NULL && *state != '\0') {
		if (strcmp(state, "draft") && strcmp(state, "review") &&
		    strcmp(state, "scheduled") && strcmp(state, "published") &&
		    strcmp(state, "withdrawn") && strcmp(state, "all")) {
			zw_fail(r, 400, "invalid_parameter", "状态无效", "state");
			return false;
		}
		f->state = state;
	}
	if (q != NULL && *q != '\0') {
		size_t n = strlen(q);

		if (zw_utf8_has_controls(q, n)) {
			zw_fail(r, 400, "invalid_text", "搜索词包含无效字符", "q");
			return false;
		}
		if (zw_utf8_chars(q, n) > ZW_SEARCH_MAX_QUERY) {
			zw_fail(r, 422, "too_long", "搜索词最多 100 个字符", "q");
			return false;
		}
		f->q = q;
	}
	return query_id(r, "site_id", &f->site_id) &&
	    query_id(r, "column_id", &f->column_id) &&
	    query_id(r, "org_id", &f->org_id);
}

/* ---- articles ---- */

static const char *const article_keys[] = { "column_id", "org_id", "title",
	"summary", "body", "category", "doc_no", "created_on", "validity",
	"attachments", NULL };

static bool
in_attachments(zw_req *r, json_t *j, struct zw_article_in *in)
{
	json_t *arr = json_object_get(j, "attachments"), *v;
	int64_t *ids;
	size_t i;

	if (arr == NULL || json_is_null(arr))
		return true;
	if (!json_is_array(arr)) {
		zw_fail(r, 400, "wrong_type", "attachments 应为文件ID数组", "attachments");
		return false;
	}
	if (json_array_size(arr) > ZW_PORTAL_MAX_ATTACHMENTS) {
		zw_fail(r, 422, "too_many", "附件最多 20 个", "attachments");
		return false;
	}
	ids = zw_alloc(r->a, sizeof(*ids) * (json_array_size(arr) + 1));
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			zw_fail(r, 400, "wrong_type", "attachments 应为正整数ID数组",
			    "attachments");
			return false;
		}
		ids[i] = json_integer_value(v);
	}
	in->attachments = ids;
	in->n_att = json_array_size(arr);
	in->set_attachments = true;
	return true;
}

static bool
article_from_json(zw_req *r, struct zw_article_in *in, bool create)
{
	json_t *j = r->json;

	memset(in, 0, sizeof(*in));
	if (j == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return false;
	}
	return zw_in_known(r, j, article_keys) &&
	    zw_in_int(r, j, "column_id", create, 1, INT64_MAX, &in->column_id) &&
	    zw_in_int(r, j, "org_id", false, 1, INT64_MAX, &in->org_id) &&
	    zw_in_str(r, j, "title", create, 200, &in->title) &&
	    zw_in_str(r, j, "summary", false, 500, &in->summary) &&
	    zw_in_str(r, j, "body", false, ZW_MAX_LONG_TEXT, &in->body) &&
	    zw_in_str(r, j, "category", create, 40, &in->category) &&
	    zw_in_str(r, j, "doc_no", false, 100, &in->doc_no) &&
	    zw_in_str(r, j, "created_on", false, 10, &in->created_on) &&
	    zw_in_str(r, j, "validity", false, 10, &in->validity) &&
	    in_attachments(r, j, in);
}

static void
reply_article(zw_req *r, int status, int64_t id)
{
	struct zw_actor who;
	json_t *o;
	int rc;

	zw_req_actor(r, &who);
	if ((rc = zw_article_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "信息不存在", NULL);
		return;
	}
	if (status == 201)
		zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/articles/%lld",
		    (long long)id));
	zw_json(r, status, o);
}

static void
api_article_list(zw_req *r)
{
	struct zw_article_filter f;
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_portal_filter_from_query(r, &f) || !zw_in_page(r, &limit, &cursor))
		return;
	if (f.state != NULL && strcmp(f.state, "published") != 0) {
		if (r->user == NULL) {
			zw_fail(r, 401, "unauthenticated", "请先登录", NULL);
			return;
		}
		if (!zw_portal_can(r)) {
			zw_fail(r, 403, "forbidden", "没有查看未发布信息的权限", "state");
			return;
		}
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_article_list(r->db, r->user != NULL ? &who : NULL, &f, limit, cursor,
	    &items, &next);
	if (rc == ZW_EINVAL) {
		zw_fail(r, 422, "empty_query", "搜索词应包含汉字、字母或数字", "q");
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_article_create(zw_req *r)
{
	struct zw_article_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!article_from_json(r, &in, true) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_article_create(c, &who, r->app->cal, &in, &id, &why);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_portal_commit(r))
		reply_article(r, 201, id);
}

static void
api_article_get(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	json_t *o;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_article_get(r->db, r->user != NULL ? &who : NULL, id, &o);
	if (rc == ZW_ESTATE) {
		zw_fail(r, 410, "withdrawn", "该信息已撤回", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, "信息不存在", NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_article_patch(zw_req *r)
{
	struct zw_article_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || !article_from_json(r, &in, false) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_article_update(c, &who, r->app->cal, id, &in, &why);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_portal_commit(r))
		reply_article(r, 200, id);
}

enum art_action { AA_SUBMIT, AA_RETURN, AA_PUBLISH, AA_WITHDRAW };

static void
article_action(zw_req *r, enum art_action act)
{
	static const char *const no_keys[] = { NULL };
	static const char *const return_keys[] = { "comment", NULL };
	static const char *const publish_keys[] = { "index_no", "publish_at", NULL };
	static const char *const withdraw_keys[] = { "reason", NULL };
	struct zw_publish_in pub = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *text = NULL, *at = NULL;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL)
		r->json = json_object();
	switch (act) {
	case AA_SUBMIT:
		if (!zw_in_known(r, r->json, no_keys))
			return;
		break;
	case AA_RETURN:
		if (!zw_in_known(r, r->json, return_keys) ||
		    !zw_in_str(r, r->json, "comment", true, ZW_MAX_SHORT_TEXT, &text))
			return;
		break;
	case AA_PUBLISH:
		if (!zw_in_known(r, r->json, publish_keys) ||
		    !zw_in_str(r, r->json, "index_no", false, ZW_PORTAL_INDEX_NO_MAX,
		    &pub.index_no) ||
		    !zw_in_str(r, r->json, "publish_at", false, 40, &at))
			return;
		if (at != NULL && *at != '\0' && zw_time_parse(at, &pub.publish_at) != ZW_OK) {
			zw_fail(r, 422, "invalid_time", "定时发布时间应为 RFC 3339 格式，"
			    "如 2026-10-01T09:00:00+08:00", "publish_at");
			return;
		}
		pub.index_format = zw_config_str(r->app->conf, "portal_index_format");
		break;
	case AA_WITHDRAW:
		if (!zw_in_known(r, r->json, withdraw_keys) ||
		    !zw_in_str(r, r->json, "reason", true, ZW_MAX_SHORT_TEXT, &text))
			return;
		break;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	switch (act) {
	case AA_SUBMIT:
		rc = zw_article_submit(c, &who, id, &why);
		break;
	case AA_RETURN:
		rc = zw_article_return(c, &who, id, text, &why);
		break;
	case AA_PUBLISH:
		rc = zw_article_publish(c, &who, id, &pub, &why);
		break;
	default:
		rc = zw_article_withdraw(c, &who, id, text, &why);
		break;
	}
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_portal_commit(r))
		reply_article(r, 200, id);
}

static void api_article_submit(zw_req *r) { article_action(r, AA_SUBMIT); }
static void api_article_return(zw_req *r) { article_action(r, AA_RETURN); }
static void api_article_publish(zw_req *r) { article_action(r, AA_PUBLISH); }
static void api_article_withdraw(zw_req *r) { article_action(r, AA_WITHDRAW); }

static void
api_article_history(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	json_t *items;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_article_history(r->db, &who, id, &items)) != ZW_OK) {
		zw_fail_rc(r, rc, "信息不存在", NULL);
		return;
	}
	zw_json(r, 200, json_pack("{s:o}", "items", items));
}

static void
api_article_overdue(zw_req *r)
{
	struct zw_actor who;
	json_t *o;
	int rc;

	if (!zw_portal_can(r)) {
		zw_fail(r, 403, "forbidden", "没有查看网站信息的权限", NULL);
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_article_monitor(r->db, &who, r->app->cal, zw_date_of(zw_now()), &o);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

/* ---- sites and columns ---- */

static const char *const site_keys[] = { "org_id", "manager_org_id", "is_main",
	"title", "intro",
	"office_name", "address", "postcode", "hours", "phone", "fax", "email",
	"status", "leaders", NULL };

static bool
site_from_json(zw_req *r, struct zw_site_in *in, bool create)
{
	json_t *j = r->json;
	bool is_main = false;

	memset(in, 0, sizeof(*in));
	in->is_main = -1;
	in->manager_org_id = create ? 0 : -1;
	if (j == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return false;
	}
	if (!zw_in_int(r, j, "manager_org_id", false, 0, INT64_MAX, &in->manager_org_id))
		return false;
	if (!create && json_object_get(j, "org_id") != NULL) {
		zw_fail(r, 400, "unknown_field", "网站所属机构不能修改", "org_id");
		return false;
	}
	if (!zw_in_known(r, j, site_keys) ||
	    (create && !zw_in_int(r, j, "org_id", true, 1, INT64_MAX, &in->org_id)) ||
	    !zw_in_str(r, j, "title", false, 200, &in->title) ||
	    !zw_in_str(r, j, "intro", false, 5000, &in->intro) ||
	    !zw_in_str(r, j, "office_name", false, 200, &in->office_name) ||
	    !zw_in_str(r, j, "address", false, 200, &in->address) ||
	    !zw_in_str(r, j, "postcode", false, 10, &in->postcode) ||
	    !zw_in_str(r, j, "hours", false, 200, &in->hours) ||
	    !zw_in_str(r, j, "phone", false, 50, &in->phone) ||
	    !zw_in_str(r, j, "fax", false, 50, &in->fax) ||
	    !zw_in_str(r, j, "email", false, 200, &in->email) ||
	    !zw_in_str(r, j, "status", false, 10, &in->status))
		return false;
	if (json_object_get(j, "is_main") != NULL) {
		if (!zw_in_bool(r, j, "is_main", false, &is_main))
			return false;
		in->is_main = is_main ? 1 : 0;
	}
	in->leaders = json_object_get(j, "leaders");
	if (in->leaders != NULL && json_is_null(in->leaders))
		in->leaders = NULL;
	return true;
}

static void
reply_site(zw_req *r, int status, int64_t id)
{
	json_t *o, *cols;
	int rc;

	if ((rc = zw_site_get(r->db, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "网站不存在", NULL);
		return;
	}
	if ((rc = zw_column_list(r->db, id, false, &cols)) != ZW_OK) {
		json_decref(o);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_object_set_new(o, "columns", cols);
	if (status == 201)
		zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/sites/%lld",
		    (long long)id));
	zw_json(r, status, o);
}

static void
api_site_list(zw_req *r)
{
	struct zw_actor who;
	json_t *items;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_site_list(r->db, zw_query(r, "manage") != NULL && zw_portal_can(r) ?
	    &who : NULL, &items);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, json_pack("{s:o}", "items", items));
}

static void
api_site_get(zw_req *r)
{
	int64_t id;

	if (zw_path_id(r, 0, &id) && zw_db_conn(r) != NULL)
		reply_site(r, 200, id);
}

static void
api_site_create(zw_req *r)
{
	struct zw_site_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!site_from_json(r, &in, true) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_site_create(c, &who, &in, &id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_portal_commit(r))
		reply_site(r, 201, id);
}

static void
api_site_patch(zw_req *r)
{
	struct zw_site_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || !site_from_json(r, &in, false) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_site_update(c, &who, id, &in, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_portal_commit(r))
		reply_site(r, 200, id);
}

static const char *const column_keys[] = { "site_id", "code", "name", "kind",
	"description", "status", "sort_order", "on_home", NULL };

static bool
column_from_json(zw_req *r, struct zw_column_in *in, bool create)
{
	json_t *j = r->json;
	bool on_home = true;

	memset(in, 0, sizeof(*in));
	in->sort_order = -1;
	in->on_home = -1;
	if (j == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return false;
	}
	if (!create && json_object_get(j, "site_id") != NULL) {
		zw_fail(r, 400, "unknown_field", "栏目所属网站不能修改", "site_id");
		return false;
	}
	if (!zw_in_known(r, j, column_keys) ||
	    (create && !zw_in_int(r, j, "site_id", true, 1, INT64_MAX, &in->site_id)) ||
	    !zw_in_str(r, j, "code", create, 32, &in->code) ||
	    !zw_in_str(r, j, "name", create, 50, &in->name) ||
	    !zw_in_str(r, j, "kind", false, 20, &in->kind) ||
	    !zw_in_str(r, j, "description", false, 500, &in->description) ||
	    !zw_in_str(r, j, "status", false, 10, &in->status) ||
	    !zw_in_int(r, j, "sort_order", false, 0, 10000, &in->sort_order))
		return false;
	if (json_object_get(j, "on_home") != NULL || create) {
		if (!zw_in_bool(r, j, "on_home", false, &on_home))
			return false;
		in->on_home = on_home ? 1 : 0;
	}
	return true;
}

static void
reply_column(zw_req *r, int status, int64_t id)
{
	json_t *o;
	int rc;

	if ((rc = zw_column_get(r->db, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "栏目不存在", NULL);
		return;
	}
	if (status == 201)
		zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/columns/%lld",
		    (long long)id));
	zw_json(r, status, o);
}

static void
api_column_list(zw_req *r)
{
	int64_t site_id = 0;
	json_t *items;
	int rc;

	if (!query_id(r, "site_id", &site_id) || zw_db_conn(r) == NULL)
		return;
	if (site_id == 0 && (rc = zw_site_find(r->db, NULL, &site_id)) != ZW_OK) {
		zw_fail_rc(r, rc, "网站不存在", "site_id");
		return;
	}
	rc = zw_column_list(r->db, site_id, !zw_portal_can(r), &items);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, json_pack("{s:o}", "items", items));
}

static void
api_column_create(zw_req *r)
{
	struct zw_column_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!column_from_json(r, &in, true) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_column_create(c, &who, &in, &id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_portal_commit(r))
		reply_column(r, 201, id);
}

static void
api_column_patch(zw_req *r)
{
	struct zw_column_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || !column_from_json(r, &in, false) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_column_update(c, &who, id, &in, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_portal_commit(r))
		reply_column(r, 200, id);
}

static void
api_categories(zw_req *r)
{
	json_t *items;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_article_category_counts(r->db, &items)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, json_pack("{s:o}", "items", items));
}

const struct zw_route zw_portal_api_routes[] = {
	{ "GET", "/api/v1/articles", api_article_list, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/api/v1/articles", api_article_create, "portal.edit", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/articles/overdue", api_article_overdue, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/articles/{id}", api_article_get, NULL, ZW_R_PUBLIC, NULL },
	{ "PATCH", "/api/v1/articles/{id}", api_article_patch, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/articles/{id}/submit", api_article_submit, "portal.edit",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/articles/{id}/return", api_article_return, "portal.publish",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/articles/{id}/publish", api_article_publish, "portal.publish",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/articles/{id}/withdraw", api_article_withdraw,
	  "portal.publish", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/articles/{id}/history", api_article_history, NULL,
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/sites", api_site_list, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/api/v1/sites", api_site_create, "portal.publish", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/sites/{id}", api_site_get, NULL, ZW_R_PUBLIC, NULL },
	{ "PATCH", "/api/v1/sites/{id}", api_site_patch, "portal.publish", ZW_R_STAFF,
	  NULL },
	{ "GET", "/api/v1/columns", api_column_list, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/api/v1/columns", api_column_create, "portal.publish", ZW_R_STAFF,
	  NULL },
	{ "PATCH", "/api/v1/columns/{id}", api_column_patch, "portal.publish",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/portal/categories", api_categories, NULL, ZW_R_PUBLIC, NULL },
};
const size_t zw_portal_api_routes_count =
    sizeof(zw_portal_api_routes) / sizeof(zw_portal_api_routes[0]);
