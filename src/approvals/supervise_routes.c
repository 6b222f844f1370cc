/*
 * supervise_routes.c -- the JSON API of electronic supervision and
 * ratings (API.md "Approvals"; docs/api.md "Electronic supervision and
 * ratings"): alerts, the sweep, supervision notices, statistics, 好差评
 * and rectifications.
 */
#include <string.h>

#include "approvals/rating.h"
#include "approvals/supervise.h"
#include "approvals/supervise_routes.h"
#include "base/clock.h"
#include "base/limits.h"
#include "base/str.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

void
zw_sv_env_lock(zw_req *r, struct zw_apps_env *env)
{
	pthread_rwlock_rdlock(&r->app->cal_lock);
	zw_supervision_env(r->app, env);
}

void
zw_sv_env_unlock(zw_req *r)
{
	pthread_rwlock_unlock(&r->app->cal_lock);
}

/* An optional positive id from the query string; false (400 set) on junk. */
static bool
query_id(zw_req *r, const char *key, int64_t *out)
{
	const char *v = zw_query(r, key);

	*out = 0;
	if (v == NULL || *v == '\0')
		return true;
	if (zw_parse_i64(v, 1, INT64_MAX, out) != ZW_OK) {
		zw_fail(r, 400, "invalid_id", zw_aprintf(r->a, "%s 应为正整数", key),
		    key);
		return false;
	}
	return true;
}

bool
zw_sv_alert_filter(zw_req *r, struct zw_alert_filter *f)
{
	const char *lv = zw_query(r, "level"), *op = zw_query(r, "open");

	memset(f, 0, sizeof(*f));
	if (lv != NULL && *lv && (f->level = zw_alert_level_parse(lv)) == 0) {
		zw_fail(r, 400, "invalid_level", "level 应为 预警、黄牌 或 红牌", "level");
		return false;
	}
	if (op != NULL && *op && strcmp(op, "0") && strcmp(op, "1")) {
		zw_fail(r, 400, "invalid_open", "open 应为 0 或 1", "open");
		return false;
	}
	f->open_only = op != NULL && strcmp(op, "1") == 0;
	return query_id(r, "org_id", &f->org_id);
}

static void
api_alerts(zw_req *r)
{
	struct zw_alert_filter f;
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || !zw_sv_alert_filter(r, &f) ||
	    zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_supervision_alerts(r->db, &who, &f, limit, cursor, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_summary(zw_req *r)
{
	struct zw_actor who;
	json_t *o;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_supervision_summary(r->db, &who, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

int
zw_sv_run_sweep(zw_req *r, struct zw_sweep_counts *n)
{
	struct zw_apps_env env;
	struct zw_actor who;
	zw_conn *c;
	int rc;

	zw_req_actor(r, &who);
	if (!zw_supervision_may_sweep(&who)) {
		zw_fail(r, 403, "forbidden", "只有监察人员和系统管理员可以发起巡查", NULL);
		return ZW_EPERM;
	}
	if ((c = zw_begin(r)) == NULL)
		return ZW_EDB;
	zw_sv_env_lock(r, &env);
	rc = zw_supervision_sweep_as(c, &who, &env,
	    zw_date_of(zw_now()), n);
	zw_sv_env_unlock(r);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return rc;
	}
	return zw_commit(r) ? ZW_OK : ZW_EDB;
}

static void
api_sweep(zw_req *r)
{
	static const char *const keys[] = { NULL };
	struct zw_sweep_counts n;

	if (r->json != NULL && !zw_in_known(r, r->json, keys))
		return;
	if (zw_sv_run_sweep(r, &n) == ZW_OK)
		zw_json(r, 200, zw_sweep_counts_json(&n));
}

/* ---- notices ---- */

static void
reply_notice(zw_req *r, int status, int64_t id)
{
	struct zw_actor who;
	json_t *o;
	int rc;

	zw_req_actor(r, &who);
	if ((rc = zw_supervision_notice_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	if (status == 201)
		zw_set_header(r, "Location", zw_aprintf(r->a,
		    "/api/v1/supervision/notices/%lld", (long long)id));
	zw_json(r, status, o);
}

bool
zw_sv_notice_status_ok(const char *st)
{
	return st == NULL || *st == '\0' || strcmp(st, "open") == 0 ||
	    strcmp(st, "answered") == 0 || strcmp(st, "overdue") == 0;
}

static void
api_notices(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *st = zw_query(r, "status");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (!zw_sv_notice_status_ok(st)) {
		zw_fail(r, 400, "invalid_status", "status 应为 open、answered 或 overdue",
		    "status");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_supervision_notices(r->db, &who, st, limit, cursor, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_notice_issue(zw_req *r)
{
	static const char *const keys[] = { "application_no", "body", "due_days",
		NULL };
	struct zw_apps_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *no, *body;
	int64_t due = 5, id = 0;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "application_no", true, ZW_APP_NO_LEN - 1, &no) ||
	    !zw_in_str(r, r->json, "body", true, ZW_SV_MAX_NOTICE, &body) ||
	    !zw_in_int(r, r->json, "due_days", false, 1, ZW_SV_MAX_DUE_DAYS, &due) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_sv_env_lock(r, &env);
	rc = zw_supervision_notice_issue(c, &who, &env, no, body,
	    (int)due, &id, &why);
	zw_sv_env_unlock(r);
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_notice(r, 201, id);
}

static void
api_notice_get(zw_req *r)
{
	zw_get_by_id(r, zw_supervision_notice_get, "监察通知不存在");
}

static void
api_notice_answer(zw_req *r)
{
	static const char *const keys[] = { "answer", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *answer;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "answer", true, ZW_SV_MAX_NOTICE, &answer) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_supervision_notice_answer(c, &who, id, answer, &why)) != ZW_OK) {
		if (rc == ZW_ENOTFOUND && why.code == NULL)
			ZW_WHY(&why, "not_found", "监察通知不存在", NULL);
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_notice(r, 200, id);
}

/* ---- statistics ---- */

bool
zw_sv_stats_params(zw_req *r, zw_date *from, zw_date *to, bool *by_item,
    const char **err)
{
	const char *f = zw_query(r, "from"), *t = zw_query(r, "to");
	const char *by = zw_query(r, "by");
	zw_date today = zw_date_of(zw_now());

	*err = NULL;
	*to = today;
	if (t != NULL && *t && zw_date_parse(t, to) != ZW_OK) {
		*err = "截止日期应为 YYYY-MM-DD";
		return false;
	}
	from->y = to->y;
	from->m = 1;
	from->d = 1;
	if (f != NULL && *f && zw_date_parse(f, from) != ZW_OK) {
		*err = "起始日期应为 YYYY-MM-DD";
		return false;
	}
	if (zw_date_cmp(*from, *to) > 0) {
		*err = "起始日期不能晚于截止日期";
		return false;
	}
	if (zw_date_to_days(*to) - zw_date_to_days(*from) > ZW_STATS_MAX_DAYS) {
		*err = "统计期间最长十年";
		return false;
	}
	if (by != NULL && *by && strcmp(by, "org") && strcmp(by, "item")) {
		*err = "by 应为 org 或 item";
		return false;
	}
	*by_item = by != NULL && strcmp(by, "item") == 0;
	return true;
}

static void
api_stats(zw_req *r)
{
	struct zw_actor who;
	zw_date from, to;
	const char *err;
	bool by_item;
	json_t *o;
	int rc;

	if (!zw_sv_stats_params(r, &from, &to, &by_item, &err)) {
		zw_fail(r, 400, "invalid_period", err, NULL);
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_supervision_stats(r->db, &who, from, to, by_item, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

/* ---- ratings ---- */

static void
api_rate(zw_req *r)
{
	static const char *const keys[] = { "stars", "comment", NULL };
	struct zw_apps_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *no = r->params[0], *comment = NULL;
	int64_t stars, rect = 0;
	json_t *o;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_int(r, r->json, "stars", true, 1, 5, &stars) ||
	    !zw_in_str(r, r->json, "comment", false, ZW_RATING_MAX_COMMENT, &comment) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_sv_env_lock(r, &env);
	rc = zw_rating_submit(c, &who, &env, no, (int)stars,
	    comment, &rect, &why);
	zw_sv_env_unlock(r);
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_rating_get(r->db, no, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_object_set_new(o, "application_no", json_string(no));
	json_object_set_new(o, "bad", json_boolean(stars <= ZW_RATING_BAD_MAX));
	json_object_set_new(o, "rectification_id", rect > 0 ? json_integer(rect) :
	    json_null());
	zw_json(r, 201, o);
}

static void
api_rating_summary(zw_req *r)
{
	int64_t org_id;
	json_t *o;
	int rc;

	if (!query_id(r, "org_id", &org_id) || zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_rating_summary(r->db, org_id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

/* ---- rectifications ---- */

bool
zw_sv_rect_status_ok(const char *st)
{
	return st == NULL || *st == '\0' || strcmp(st, "open") == 0 ||
	    strcmp(st, "done") == 0 || strcmp(st, "overdue") == 0;
}

static void
api_rect_list(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *st = zw_query(r, "status");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (!zw_sv_rect_status_ok(st)) {
		zw_fail(r, 400, "invalid_status", "status 应为 open、done 或 overdue",
		    "status");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_rectification_list(r->db, &who, st, limit, cursor, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_rect_get(zw_req *r)
{
	zw_get_by_id(r, zw_rectification_get, "整改任务不存在");
}

static void
api_rect_update(zw_req *r)
{
	static const char *const keys[] = { "verification", "measures", "followup",
		"complete", NULL };
	struct zw_rectify_in in = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	bool complete = true;
	json_t *o;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "verification", false, ZW_RECTIFY_MAX_TEXT,
	    &in.verification) ||
	    !zw_in_str(r, r->json, "measures", false, ZW_RECTIFY_MAX_TEXT,
	    &in.measures) ||
	    !zw_in_str(r, r->json, "followup", false, ZW_RECTIFY_MAX_TEXT,
	    &in.followup) ||
	    !zw_in_bool(r, r->json, "complete", false, &complete) ||
	    (c = zw_begin(r)) == NULL)
		return;
	in.complete = complete;
	zw_req_actor(r, &who);
	if ((rc = zw_rectification_update(c, &who, id, &in, &why)) != ZW_OK) {
		if (rc == ZW_ENOTFOUND && why.code == NULL)
			ZW_WHY(&why, "not_found", "整改任务不存在", NULL);
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_rectification_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

const struct zw_route zw_supervision_api_routes[] = {
	{ "GET", "/api/v1/supervision/alerts", api_alerts, "supervision.read",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/supervision/summary", api_summary, "supervision.read",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/supervision/sweep", api_sweep, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/supervision/stats", api_stats, "supervision.read",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/supervision/notices", api_notices, "approvals.read",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/supervision/notices", api_notice_issue,
	  "supervision.manage", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/supervision/notices/{id}", api_notice_get,
	  "approvals.read", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/supervision/notices/{id}/answer", api_notice_answer,
	  "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/applications/{no}/rating", api_rate, NULL, 0, NULL },
	{ "GET", "/api/v1/ratings/summary", api_rating_summary, NULL, ZW_R_PUBLIC,
	  NULL },
	{ "GET", "/api/v1/rectifications", api_rect_list, "approvals.read",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/rectifications/{id}", api_rect_get, "approvals.read",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/rectifications/{id}", api_rect_update, "approvals.handle",
	  ZW_R_STAFF, NULL },
};
const size_t zw_supervision_api_routes_count =
    sizeof(zw_supervision_api_routes) / sizeof(zw_supervision_api_routes[0]);
