/*
 * apps_routes.c -- HTTP API of applications (API.md "Approvals").
 */
#include <string.h>

#include "approvals/apps_int.h"
#include "approvals/items.h"
#include "approvals/routes.h"
#include "base/config.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "files/files.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

void
zw_apps_env_of(zw_req *r, struct zw_apps_env *env)
{
	env->cal = r->app->cal;
	env->master_key = r->app->master_key;
	env->warn_pct = (int)zw_config_int(r->app->conf, "approvals_warn_percent");
	env->red_days = (int)zw_config_int(r->app->conf, "approvals_red_days");
	env->rectify_days = (int)zw_config_int(r->app->conf, "rating_rectify_days");
}

/* "materials": [blob id | null, ...] matched in order to the item's
 * materials list, or [{"material","file_id"}].  OUT: *mats (arena). */
static bool
in_materials(zw_req *r, json_t *j, const json_t *item_mats,
    struct zw_app_material **mats, size_t *n)
{
	json_t *arr = json_object_get(j, "materials"), *e;
	size_t i;

	*mats = NULL;
	*n = 0;
	if (arr == NULL || json_is_null(arr))
		return true;
	if (!json_is_array(arr) || json_array_size(arr) > ZW_APP_MAX_MATERIALS) {
		zw_fail(r, 400, "invalid_materials", "materials 应为不超过50项的数组",
		    "materials");
		return false;
	}
	*mats = zw_alloc(r->a, (json_array_size(arr) + 1) * sizeof(**mats));
	json_array_foreach(arr, i, e) {
		struct zw_app_material *m = &(*mats)[*n];

		if (json_is_null(e))
			continue;
		if (json_is_integer(e)) {
			const json_t *im = json_array_get(item_mats, i);

			if (im == NULL || zw_json_str(im, "name") == NULL) {
				zw_fail(r, 422, "unknown_material", "材料数量多于本事项的申请材料清单",
				    "materials");
				return false;
			}
			m->material = zw_astrdup(r->a, zw_json_str(im, "name"));
			m->file_id = json_integer_value(e);
		} else if (json_is_object(e) && json_is_string(json_object_get(e, "material")) &&
		    json_is_integer(json_object_get(e, "file_id"))) {
			m->material = zw_astrdup(r->a, zw_json_str(e, "material"));
			m->file_id = zw_json_int(e, "file_id");
		} else {
			zw_fail(r, 400, "invalid_materials", "materials 的每一项应为文件编号或"
			    "{\"material\",\"file_id\"}", "materials");
			return false;
		}
		(*n)++;
	}
	return true;
}

static void
reply_app(zw_req *r, int status, const char *no, json_t *extra)
{
	struct zw_apps_env env;
	struct zw_actor who;
	json_t *o;
	int rc;

	zw_req_actor(r, &who);
	zw_apps_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_app_get(r->db, &who, &env, no, &o);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		json_decref(extra);
		zw_fail_rc(r, rc, "办件不存在", NULL);
		return;
	}
	if (extra != NULL) {
		json_object_update(o, extra);
		json_decref(extra);
	}
	if (status == 201)
		zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/applications/%s",
		    zw_url_encode(r->a, no)));
	zw_json(r, status, o);
}

static void
api_submit(zw_req *r)
{
	static const char *const keys[] = { "item_code", "form", "materials", NULL };
	char no[ZW_APP_NO_LEN], qc[ZW_QUERY_CODE_LEN + 1];
	struct zw_app_material *mats;
	struct zw_apps_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *code;
	json_t *item = NULL;
	int64_t iid, vid;
	size_t n;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "item_code", true, ZW_MAX_CODE, &code) ||
	    (c = zw_begin(r)) == NULL)
		return;
	if (zw_item_current(c, code, &iid, &vid, &item) != ZW_OK) {
		zw_fail(r, 422, "item_not_found", "办事事项不存在或已停止办理", "item_code");
		return;
	}
	if (!in_materials(r, r->json, json_object_get(item, "materials"), &mats, &n)) {
		json_decref(item);
		return;
	}
	json_decref(item);
	zw_req_actor(r, &who);
	zw_apps_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_app_submit(c, &who, &env, code, json_object_get(r->json, "form"),
	    mats, n, no, qc, &why);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_app(r, 201, no, json_pack("{s:s}", "query_code", qc));
}

static void
api_list(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_app_list(r->db, &who, zw_query(r, "status"), zw_query(r, "q"),
	    limit, cursor, &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_get(zw_req *r)
{
	if (zw_db_conn(r) == NULL)
		return;
	reply_app(r, 200, r->params[0], NULL);
}

static void
api_progress(zw_req *r)
{
	const char *qc = zw_query(r, "query_code");
	json_t *o;
	int rc;

	if (qc == NULL || *qc == '\0') {
		zw_fail(r, 400, "query_code_required", "请输入查询码", "query_code");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_app_progress(r->db, r->params[0], qc, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "申请编号或查询码不正确", NULL);
		return;
	}
	zw_json(r, 200, o);
}

/*
 * A refused action that is itself a violation of §3.3 (a second
 * correction notice, a refusal without reason) is recorded for the
 * supervisors after the refusal, in a transaction of its own: the case
 * stays as it was.
 */
void
zw_app_record_violation(zw_req *r, const char *no, const struct zw_why *why)
{
	zw_conn *c;

	if (why->code == NULL || r->db == NULL)
		return;
	if (zw_in_tx(r->db))
		zw_tx_rollback(r->db);
	if ((c = zw_begin(r)) == NULL)
		return;
	if (zw_app_violation(c, no, why) == ZW_OK)
		(void)zw_tx_commit(c);
	else
		zw_tx_rollback(c);
}

enum action {
	A_ACCEPT, A_REJECT, A_CORRECTION, A_CORRECT, A_SUSPEND, A_RESUME,
	A_EXTEND, A_STEP, A_DECIDE, A_DELIVER
};

static void
act(zw_req *r, enum action what)
{
	struct zw_apps_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *no = r->params[0], *s1 = NULL, *s2 = NULL;
	json_t *j = r->json;
	int64_t n1 = 0, step_id = 0;
	bool b = false;
	zw_conn *c;
	int rc;

	if (j == NULL) {
		if (r->body_len > 0) {
			zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
			return;
		}
		j = json_object();
		r->json = j;
	}
	switch (what) {
	case A_REJECT: {
		static const char *const k[] = { "reason", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_str(r, j, "reason", false, ZW_MAX_SHORT_TEXT, &s1))
			return;
		break;
	}
	case A_CORRECTION: {
		static const char *const k[] = { "items", NULL };

		if (!zw_in_known(r, j, k))
			return;
		break;
	}
	case A_SUSPEND: {
		static const char *const k[] = { "kind", "reason", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_str(r, j, "kind", true, 16, &s1) ||
		    !zw_in_str(r, j, "reason", true, ZW_MAX_SHORT_TEXT, &s2))
			return;
		break;
	}
	case A_EXTEND: {
		static const char *const k[] = { "days", "reason", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_int(r, j, "days", true, 1, 365, &n1) ||
		    !zw_in_str(r, j, "reason", true, ZW_MAX_SHORT_TEXT, &s1))
			return;
		break;
	}
	case A_STEP: {
		static const char *const k[] = { "title", "assignee_id", "days", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_str(r, j, "title", true, 100, &s1) ||
		    !zw_in_int(r, j, "assignee_id", true, 1, INT64_MAX, &step_id) ||
		    !zw_in_int(r, j, "days", true, 1, 365, &n1))
			return;
		break;
	}
	case A_DECIDE: {
		static const char *const k[] = { "approved", "reason", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_bool(r, j, "approved", true, &b) ||
		    !zw_in_str(r, j, "reason", false, ZW_MAX_SHORT_TEXT, &s1))
			return;
		break;
	}
	default: {
		static const char *const k[] = { NULL };

		if (what != A_CORRECT && !zw_in_known(r, j, k))
			return;
		break;
	}
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_apps_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	switch (what) {
	case A_ACCEPT:
		rc = zw_app_accept(c, &who, &env, no, &why);
		break;
	case A_REJECT:
		rc = zw_app_reject(c, &who, &env, no, s1 ? s1 : "", &why);
		break;
	case A_CORRECTION:
		rc = zw_app_request_correction(c, &who, &env, no,
		    json_object_get(j, "items"), &why);
		break;
	case A_CORRECT: {
		static const char *const k[] = { "form", "materials", NULL };
		struct zw_app_material *mats = NULL;
		struct zw_app_row row;
		json_t *ver = NULL;
		size_t n = 0;

		pthread_rwlock_unlock(&r->app->cal_lock);
		if (!zw_in_known(r, j, k))
			return;
		if (zw_app_load(c, no, &row) != ZW_OK || row.applicant_id != who.id) {
			zw_fail(r, 404, "not_found", "办件不存在", NULL);
			return;
		}
		if (zw_item_version_json(c, row.item_version_id, &ver) != ZW_OK) {
			zw_fail(r, 500, "internal", "事项版本不可用", NULL);
			return;
		}
		if (!in_materials(r, j, json_object_get(ver, "materials"), &mats, &n)) {
			json_decref(ver);
			return;
		}
		json_decref(ver);
		pthread_rwlock_rdlock(&r->app->cal_lock);
		rc = zw_app_correct(c, &who, &env, no, json_object_get(j, "form"),
		    mats, n, &why);
		break;
	}
	case A_SUSPEND:
		rc = zw_app_suspend(c, &who, &env, no, s1, s2, &why);
		break;
	case A_RESUME:
		rc = zw_app_resume(c, &who, &env, no, &why);
		break;
	case A_EXTEND:
		rc = zw_app_extend(c, &who, &env, no, (int)n1, s1, &why);
		break;
	case A_STEP: {
		int64_t sid;

		rc = zw_app_add_step(c, &who, &env, no, s1, step_id, (int)n1, &sid,
		    &why);
		break;
	}
	case A_DECIDE:
		rc = zw_app_decide(c, &who, &env, no, b, s1, &why);
		break;
	default:
		rc = zw_app_deliver(c, &who, &env, no, &why);
		break;
	}
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		if (rc == ZW_ENOTFOUND) {
			zw_fail(r, 404, "not_found", "办件不存在", NULL);
			return;
		}
		zw_fail_why(r, rc, &why);
		if (what == A_CORRECTION || what == A_REJECT)
			zw_app_record_violation(r, no, &why);
		return;
	}
	if (zw_commit(r))
		reply_app(r, 200, no, NULL);
}

static void api_accept(zw_req *r) { act(r, A_ACCEPT); }
static void api_reject(zw_req *r) { act(r, A_REJECT); }
static void api_correction(zw_req *r) { act(r, A_CORRECTION); }
static void api_correct(zw_req *r) { act(r, A_CORRECT); }
static void api_suspend(zw_req *r) { act(r, A_SUSPEND); }
static void api_resume(zw_req *r) { act(r, A_RESUME); }
static void api_extend(zw_req *r) { act(r, A_EXTEND); }
static void api_step(zw_req *r) { act(r, A_STEP); }
static void api_decide(zw_req *r) { act(r, A_DECIDE); }
static void api_deliver(zw_req *r) { act(r, A_DELIVER); }

static void
api_step_complete(zw_req *r)
{
	static const char *const k[] = { "agreed", "opinion", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *opinion;
	char no[ZW_APP_NO_LEN];
	int64_t id;
	bool agreed;
	zw_conn *c;
	zw_stmt *s;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, k) ||
	    !zw_in_bool(r, r->json, "agreed", true, &agreed) ||
	    !zw_in_str(r, r->json, "opinion", true, ZW_MAX_SHORT_TEXT, &opinion) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_app_complete_step(c, &who, id, agreed, opinion, &why)) != ZW_OK) {
		if (rc == ZW_ENOTFOUND)
			zw_fail(r, 404, "not_found", "审查环节不存在", NULL);
		else
			zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_prepare(c, "SELECT a.no FROM application_steps st JOIN applications a "
	    "ON a.id = st.app_id WHERE st.id = ?", &s) != ZW_OK)
		return;
	zw_bind_int(s, 1, id);
	if (zw_step(s) != ZW_ROW)
		return;
	zw_strlcpy(no, zw_col_text(s, 0), sizeof(no));
	zw_reset(s);
	if (zw_commit(r))
		reply_app(r, 200, no, NULL);
}

static void
api_notices(zw_req *r)
{
	struct zw_actor who;
	json_t *items;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_app_notices(r->db, &who, r->params[0], &items)) != ZW_OK) {
		zw_fail_rc(r, rc, "办件不存在", NULL);
		return;
	}
	zw_json_list(r, items, -1);
}

static void
api_notice(zw_req *r)
{
	struct zw_actor who;
	json_t *o;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 1, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_app_notice(r->db, &who, r->params[0], id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "文书不存在", NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_verify(zw_req *r)
{
	json_t *o;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_app_verify_result(r->db, r->params[0], &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "没有这个编号的许可文书", NULL);
		return;
	}
	zw_json(r, 200, o);
}

/* GET /api/v1/applications/{no}/materials/{pos}: a material's file for
 * those who may read the case (the file itself belongs to the public
 * applicant, so access is checked here, then read unchecked). */
void
zw_app_material_download(zw_req *r)
{
	struct zw_app_row row;
	struct zw_actor who;
	json_t *meta = NULL;
	void *p = NULL;
	size_t n = 0;
	int64_t pos, fid = 0;
	zw_stmt *s;
	int rc;

	if (!zw_path_id(r, 1, &pos) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (zw_app_load(r->db, r->params[0], &row) != ZW_OK ||
	    zw_app_can_read(r->db, &who, &row) != ZW_OK) {
		zw_fail(r, 404, "not_found", "办件不存在", NULL);
		return;
	}
	if (zw_prepare(r->db, "SELECT file_id FROM application_materials WHERE "
	    "app_id = ? AND position = ? AND file_id IS NOT NULL", &s) != ZW_OK)
		return;
	zw_bind_int(s, 1, row.id);
	zw_bind_int(s, 2, pos);
	if (zw_step(s) == ZW_ROW) {
		fid = zw_col_int(s, 0);
		zw_reset(s);
	}
	if (fid == 0) {
		zw_fail(r, 404, "not_found", "材料不存在", NULL);
		return;
	}
	if ((rc = zw_file_read(r->db, NULL, r->app->datadir, fid, &meta, &p, &n)) != ZW_OK) {
		zw_fail_rc(r, rc, rc == ZW_ECRYPTO ? "材料文件已被篡改" : "材料文件不可用", NULL);
		return;
	}
	zw_buf_reset(&r->out);
	zw_buf_append(&r->out, p, n);
	zw_free(p);
	r->status = 200;
	r->ctype = zw_astrdup(r->a, zw_json_str(meta, "content_type"));
	zw_set_header(r, "Content-Disposition", zw_aprintf(r->a,
	    "attachment; filename*=UTF-8''%s", zw_url_encode(r->a,
	    zw_json_str(meta, "filename"))));
	json_decref(meta);
}

const struct zw_route zw_apps_routes[] = {
	{ "POST", "/api/v1/applications", api_submit, NULL, 0, NULL },
	{ "GET", "/api/v1/applications", api_list, NULL, 0, NULL },
	{ "GET", "/api/v1/applications/{no}", api_get, NULL, 0, NULL },
	{ "GET", "/api/v1/applications/{no}/progress", api_progress, NULL, ZW_R_PUBLIC,
	  "/api/v1/applications/{no}/progress" },
	{ "POST", "/api/v1/applications/{no}/accept", api_accept, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/applications/{no}/reject", api_reject, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/applications/{no}/request-correction", api_correction,
	  "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/applications/{no}/correct", api_correct, NULL, 0, NULL },
	{ "POST", "/api/v1/applications/{no}/suspend", api_suspend, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/applications/{no}/resume", api_resume, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/applications/{no}/extend", api_extend, "approvals.extend", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/applications/{no}/steps", api_step, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/applications/{no}/decide", api_decide, "approvals.decide", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/applications/{no}/deliver", api_deliver, "approvals.handle", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/applications/{no}/notices", api_notices, NULL, 0, NULL },
	{ "GET", "/api/v1/applications/{no}/notices/{id}", api_notice, NULL, 0, NULL },
	{ "GET", "/api/v1/applications/{no}/materials/{pos}", zw_app_material_download,
	  NULL, 0, NULL },
	{ "POST", "/api/v1/steps/{id}/complete", api_step_complete, "approvals.handle",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/results/{no}", api_verify, NULL, ZW_R_PUBLIC, NULL },
};
const size_t zw_apps_routes_count = sizeof(zw_apps_routes) / sizeof(zw_apps_routes[0]);
