/*
 * routes.c -- HTTP API of disclosure on request (API.md "Portal":
 * /api/v1/disclosure-requests) and of the annual report
 * (/api/v1/disclosure-reports/{year}).
 */
#include <string.h>

#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "disclosure/routes.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

void
zw_disc_env_of(zw_req *r, struct zw_disc_env *env)
{
	env->cal = r->app->cal;
	env->master_key = r->app->master_key;
}

/* Answer with the request as the caller may see it. */
static void
reply_req(zw_req *r, int status, const char *no, const char *qc, json_t *extra)
{
	struct zw_disc_env env;
	struct zw_actor who;
	json_t *o;
	int rc;

	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_disc_get(r->db, &who, &env, no, qc, &o);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		json_decref(extra);
		zw_fail_rc(r, rc, ZW_DISC_NOTFOUND, NULL);
		return;
	}
	if (extra != NULL) {
		json_object_update(o, extra);
		json_decref(extra);
	}
	if (status == 201)
		zw_set_header(r, "Location", zw_aprintf(r->a,
		    "/api/v1/disclosure-requests/%s", zw_url_encode(r->a, no)));
	zw_json(r, status, o);
}

/* Online requests per client address (anti-abuse); staff recording a
 * request received on paper are not limited. */
bool
zw_disc_rate_ok(zw_req *r)
{
	if (r->user != NULL && strcmp(r->user->kind, "staff") == 0)
		return true;
	return zw_client_rate_ok(r, "disclosure", 3600,
	    (int)zw_config_int(r->app->conf, "disclosure_rate_per_hour"));
}

static void
api_submit(zw_req *r)
{
	static const char *const keys[] = { "org_id", "applicant_kind", "org_type",
		"name", "id_number", "uscc", "legal_rep", "contact_name", "phone",
		"address", "email", "description", "purpose", "delivery", "channel",
		"received_on", NULL };
	char no[ZW_DISC_NO_LEN], qc[ZW_DISC_CODE_LEN + 1];
	struct zw_disc_in in;
	struct zw_disc_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *j = r->json;
	zw_conn *c;
	int rc;

	memset(&in, 0, sizeof(in));
	if (!zw_disc_rate_ok(r)) {
		zw_set_header(r, "Retry-After", "3600");
		zw_fail(r, 429, "rate_limited", "提交过于频繁，请一小时后再试", NULL);
		return;
	}
	if (j == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, j, keys) ||
	    !zw_in_int(r, j, "org_id", true, 1, INT64_MAX, &in.org_id) ||
	    !zw_in_str(r, j, "applicant_kind", true, 16, &in.applicant_kind) ||
	    !zw_in_str(r, j, "org_type", false, 16, &in.org_type) ||
	    !zw_in_str(r, j, "name", false, ZW_MAX_NAME, &in.name) ||
	    !zw_in_str(r, j, "id_number", false, 32, &in.id_number) ||
	    !zw_in_str(r, j, "uscc", false, 32, &in.uscc) ||
	    !zw_in_str(r, j, "legal_rep", false, ZW_MAX_NAME, &in.legal_rep) ||
	    !zw_in_str(r, j, "contact_name", false, ZW_MAX_NAME, &in.contact_name) ||
	    !zw_in_str(r, j, "phone", false, ZW_DISC_MAX_PHONE, &in.phone) ||
	    !zw_in_str(r, j, "address", false, ZW_MAX_SHORT_TEXT, &in.address) ||
	    !zw_in_str(r, j, "email", false, ZW_MAX_EMAIL, &in.email) ||
	    !zw_in_str(r, j, "description", false, ZW_DISC_MAX_TEXT, &in.description) ||
	    !zw_in_str(r, j, "purpose", false, ZW_MAX_SHORT_TEXT, &in.purpose) ||
	    !zw_in_str(r, j, "delivery", false, 16, &in.delivery) ||
	    !zw_in_str(r, j, "channel", false, 16, &in.channel) ||
	    !zw_in_str(r, j, "received_on", false, 10, &in.received_on) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_disc_submit(c, &who, &env, &in, no, qc, &why);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_req(r, 201, no, qc, json_pack("{s:s}", "query_code", qc));
}

static void
api_get(zw_req *r)
{
	const char *qc = zw_query(r, "query_code");

	if (zw_db_conn(r) == NULL)
		return;
	reply_req(r, 200, r->params[0], qc != NULL && *qc ? qc : NULL, NULL);
}

static void
api_reply(zw_req *r)
{
	const char *qc = zw_query(r, "query_code");
	struct zw_actor who;
	json_t *o;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_disc_reply(r->db, &who, r->params[0], qc != NULL && *qc ? qc : NULL,
	    &o)) != ZW_OK) {
		zw_fail_rc(r, rc, ZW_DISC_NOTFOUND, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_list(zw_req *r)
{
	struct zw_disc_filter f = { 0 };
	struct zw_disc_env env;
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *ov = zw_query(r, "overdue");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	f.status = zw_query(r, "status");
	f.overdue = ov != NULL && (strcmp(ov, "1") == 0 || strcmp(ov, "true") == 0);
	f.q = zw_query(r, "q");
	f.mine = r->user != NULL && strcmp(r->user->kind, "staff") != 0;
	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	if ((rc = zw_disc_list(r->db, &who, &env, &f, limit, cursor, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

enum action { A_CLARIFY, A_CORRECT, A_CONSULT, A_CONSULT_END, A_EXTEND, A_ANSWER };

static void
act(zw_req *r, enum action what)
{
	struct zw_disc_answer ans = { 0 };
	struct zw_disc_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *no = r->params[0], *s1 = NULL, *s2 = NULL;
	json_t *j = r->json;
	int64_t n = 0;
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
	case A_CLARIFY: {
		static const char *const k[] = { "text", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_str(r, j, "text", false, ZW_DISC_MAX_TEXT, &s1))
			return;
		break;
	}
	case A_CORRECT: {
		static const char *const k[] = { "corrected_on", "text", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_str(r, j, "corrected_on", false, 10, &s1) ||
		    !zw_in_str(r, j, "text", false, ZW_DISC_MAX_TEXT, &s2))
			return;
		break;
	}
	case A_CONSULT: {
		static const char *const k[] = { "kind", "party", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_str(r, j, "kind", false, 16, &s1) ||
		    !zw_in_str(r, j, "party", false, ZW_MAX_SHORT_TEXT, &s2))
			return;
		break;
	}
	case A_CONSULT_END: {
		static const char *const k[] = { "result", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_str(r, j, "result", false, ZW_DISC_MAX_TEXT, &s1))
			return;
		break;
	}
	case A_EXTEND: {
		static const char *const k[] = { "days", "reason", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_int(r, j, "days", true, 1, 365, &n) ||
		    !zw_in_str(r, j, "reason", false, ZW_MAX_SHORT_TEXT, &s1))
			return;
		break;
	}
	case A_ANSWER: {
		static const char *const k[] = { "outcome", "reason", "text",
			"legal_basis", "parts", "refer_to", NULL };

		if (!zw_in_known(r, j, k) ||
		    !zw_in_str(r, j, "outcome", true, 16, &ans.outcome) ||
		    !zw_in_str(r, j, "reason", false, 32, &ans.reason) ||
		    !zw_in_str(r, j, "text", false, ZW_DISC_MAX_TEXT, &ans.text) ||
		    !zw_in_str(r, j, "legal_basis", false, ZW_MAX_SHORT_TEXT,
		    &ans.legal_basis) ||
		    !zw_in_str(r, j, "parts", false, ZW_DISC_MAX_TEXT, &ans.parts) ||
		    !zw_in_str(r, j, "refer_to", false, ZW_MAX_SHORT_TEXT, &ans.refer_to))
			return;
		break;
	}
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	switch (what) {
	case A_CLARIFY:
		rc = zw_disc_clarify(c, &who, &env, no, s1, &why);
		break;
	case A_CORRECT:
		rc = zw_disc_correct(c, &who, &env, no, s1, s2, &why);
		break;
	case A_CONSULT:
		rc = zw_disc_consult_start(c, &who, &env, no, s1, s2, &why);
		break;
	case A_CONSULT_END:
		rc = zw_disc_consult_end(c, &who, &env, no, s1, &why);
		break;
	case A_EXTEND:
		rc = zw_disc_extend(c, &who, &env, no, (int)n, s1, &why);
		break;
	default:
		rc = zw_disc_answer(c, &who, &env, no, &ans, &why);
		break;
	}
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		if (rc == ZW_ENOTFOUND)
			zw_fail(r, 404, "not_found", ZW_DISC_NOTFOUND, NULL);
		else
			zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_req(r, 200, no, NULL, NULL);
}

static void api_clarify(zw_req *r) { act(r, A_CLARIFY); }
static void api_correct(zw_req *r) { act(r, A_CORRECT); }
static void api_consult(zw_req *r) { act(r, A_CONSULT); }
static void api_consult_end(zw_req *r) { act(r, A_CONSULT_END); }
static void api_extend(zw_req *r) { act(r, A_EXTEND); }
static void api_answer(zw_req *r) { act(r, A_ANSWER); }

/* {year} of the path; 404 when it is not a year. */
bool
zw_disc_path_year(zw_req *r, int *year)
{
	int64_t y;

	if (zw_parse_i64(r->params[0], 2000, 2100, &y) != ZW_OK) {
		zw_fail(r, 404, "not_found", "没有这一年度的报告", NULL);
		return false;
	}
	*year = (int)y;
	return true;
}

static void
api_report(zw_req *r)
{
	struct zw_disc_env env;
	json_t *o;
	int year, rc;

	if (!zw_disc_path_year(r, &year) || zw_db_conn(r) == NULL)
		return;
	zw_disc_env_of(r, &env);
	if ((rc = zw_disc_report(r->db, &env, year, zw_has_perm(r, "disclosure.handle"),
	    &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "没有这一年度的报告", NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_report_save(zw_req *r)
{
	static const char *const keys[] = { "sections", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	int year, rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_disc_path_year(r, &year) || !zw_in_known(r, r->json, keys) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_disc_report_save(c, &who, year, json_object_get(r->json,
	    "sections"), &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		api_report(r);
}

static void
api_report_publish(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	int year, rc;

	if (!zw_disc_path_year(r, &year) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_disc_report_publish(c, &who, year, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		api_report(r);
}

const struct zw_route zw_disc_api_routes[] = {
	{ "POST", "/api/v1/disclosure-requests", api_submit, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/api/v1/disclosure-requests", api_list, NULL, 0, NULL },
	{ "GET", "/api/v1/disclosure-requests/{no}", api_get, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/api/v1/disclosure-requests/{no}/reply", api_reply, NULL, ZW_R_PUBLIC,
	  NULL },
	{ "POST", "/api/v1/disclosure-requests/{no}/clarify", api_clarify,
	  "disclosure.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/disclosure-requests/{no}/correct", api_correct,
	  "disclosure.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/disclosure-requests/{no}/consultations/end", api_consult_end,
	  "disclosure.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/disclosure-requests/{no}/consultations", api_consult,
	  "disclosure.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/disclosure-requests/{no}/extend", api_extend,
	  "disclosure.extend", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/disclosure-requests/{no}/answer", api_answer,
	  "disclosure.handle", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/disclosure-reports/{year}", api_report, NULL, ZW_R_PUBLIC, NULL },
	{ "PUT", "/api/v1/disclosure-reports/{year}", api_report_save,
	  "disclosure.handle", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/disclosure-reports/{year}/publish", api_report_publish,
	  "disclosure.extend", ZW_R_STAFF, NULL },
};
const size_t zw_disc_api_routes_count = sizeof(zw_disc_api_routes) /
    sizeof(zw_disc_api_routes[0]);
