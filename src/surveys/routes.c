/*
 * routes.c -- the JSON API of 征集调查:
 *
 *   POST /api/v1/surveys                      create a draft (surveys.manage)
 *   GET  /api/v1/surveys?status=              list
 *   GET  /api/v1/surveys/{id}                 one survey with its questions
 *   PATCH /api/v1/surveys/{id}                change a draft
 *   POST /api/v1/surveys/{id}/publish|close
 *   POST /api/v1/surveys/{id}/responses       answer (public)
 *   GET  /api/v1/surveys/{id}/results         counts (public after closing)
 *   GET  /api/v1/surveys/{id}/results.csv     the same counts as CSV
 *   GET  /api/v1/surveys/{id}/responses.csv   every response (staff)
 *
 * Ballot stuffing: one response per logged-in user (a UNIQUE key), one
 * per browser where anonymous answers are allowed (a random id in a
 * cookie signed with HMAC-SM3 under the master key, kept per survey in
 * survey_responses), and a per-address rate limit of responses.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/config.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "crypto/pwhash.h"
#include "crypto/sm3.h"
#include "org/routes.h"
#include "surveys/routes.h"
#include "surveys/surveys.h"
#include "web/ratelimit.h"

#define BROWSER_ID_BYTES	16
#define BROWSER_COOKIE_LEN	(BROWSER_ID_BYTES * 2 + 1 + 32)

static void
sign_id(zw_req *r, const char *id, char out[33])
{
	static const char label[] = "zhengwu survey browser v1:";
	unsigned char mac[ZW_SM3_LEN];
	char msg[sizeof(label) + BROWSER_ID_BYTES * 2];

	snprintf(msg, sizeof(msg), "%s%s", label, id);
	zw_hmac_sm3(r->app->master_key, sizeof(r->app->master_key), msg,
	    strlen(msg), mac);
	zw_hex(mac, 16, out);
}

const char *
zw_survey_browser(zw_req *r, bool create)
{
	const char *hdr = zw_header(r, "Cookie"), *v = NULL;
	struct zw_kv kv[ZW_MAX_COOKIES];
	unsigned char raw[BROWSER_ID_BYTES];
	char id[BROWSER_ID_BYTES * 2 + 1], sig[33], *cookie;
	size_t n = 0;

	if (hdr != NULL && zw_parse_cookies(r->a, hdr, kv, ZW_MAX_COOKIES, &n) == ZW_OK)
		v = zw_kv_get(kv, n, ZW_SURVEY_COOKIE);
	if (v != NULL && strlen(v) == BROWSER_COOKIE_LEN &&
	    v[BROWSER_ID_BYTES * 2] == '.' &&
	    strspn(v, "0123456789abcdef") == BROWSER_ID_BYTES * 2) {
		memcpy(id, v, BROWSER_ID_BYTES * 2);
		id[BROWSER_ID_BYTES * 2] = '\0';
		sign_id(r, id, sig);
		if (zw_ct_eq(sig, v + BROWSER_ID_BYTES * 2 + 1, 32))
			return zw_astrdup(r->a, id);
	}
	if (!create)
		return NULL;
	zw_random(raw, sizeof(raw));
	zw_hex(raw, sizeof(raw), id);
	sign_id(r, id, sig);
	cookie = zw_aprintf(r->a, "%s.%s", id, sig);
	zw_set_cookie(r, ZW_SURVEY_COOKIE, cookie, ZW_SURVEY_COOKIE_AGE);
	return zw_astrdup(r->a, id);
}

bool
zw_survey_rate_ok(zw_req *r)
{
	char key[96];

	/* a bucket of its own, as registrations (approvals/account_routes.c) */
	snprintf(key, sizeof(key), "survey %s", r->client_ip ? r->client_ip : "");
	return zw_ratelimit_hit(key, zw_now(), (int)zw_config_int(r->app->conf,
	    "survey_rate_per_minute"));
}

int
zw_survey_respond_req(zw_req *r, int64_t id, const json_t *answers,
    struct zw_why *why)
{
	const char *browser = NULL;
	struct zw_actor who;
	zw_conn *c;
	int rc;

	if (r->user == NULL)
		browser = zw_survey_browser(r, true);
	if ((c = zw_begin(r)) == NULL)
		return ZW_EDB;
	zw_req_actor(r, &who);
	rc = zw_survey_respond(c, r->user != NULL ? &who : NULL, id,
	    r->user != NULL ? r->user->id : 0, browser, r->client_ip, answers, NULL,
	    why);
	if (rc != ZW_OK)
		return rc;
	return zw_commit(r) ? ZW_OK : ZW_EDB;
}

/* ---- handlers ---- */

static void
reply_survey(zw_req *r, int status, int64_t id)
{
	struct zw_actor who;
	json_t *o;
	int rc;

	zw_req_actor(r, &who);
	if ((rc = zw_survey_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "征集调查不存在", NULL);
		return;
	}
	if (status == 201)
		zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/surveys/%lld",
		    (long long)id));
	zw_json(r, status, o);
}

static void
api_create(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_survey_create(c, &who, r->json, &id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_survey(r, 201, id);
}

static void
api_update(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
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
	if ((rc = zw_survey_update(c, &who, id, r->json, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_survey(r, 200, id);
}

static void
api_transition(zw_req *r, int (*fn)(zw_conn *, const struct zw_actor *,
    int64_t, struct zw_why *))
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = fn(c, &who, id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_survey(r, 200, id);
}

static void api_publish(zw_req *r) { api_transition(r, zw_survey_publish); }
static void api_close(zw_req *r) { api_transition(r, zw_survey_close); }

static void
api_get(zw_req *r)
{
	zw_get_by_id(r, zw_survey_get, "征集调查不存在");
}

static void
api_list(zw_req *r)
{
	const char *status = zw_query(r, "status");
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (status != NULL && *status != '\0' && strcmp(status, "open") &&
	    strcmp(status, "closed") && strcmp(status, "upcoming") &&
	    strcmp(status, "draft")) {
		zw_fail(r, 400, "invalid_parameter", "状态应为 open、closed、upcoming "
		    "或 draft", "status");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_survey_list(r->db, r->user != NULL ? &who : NULL, status,
	    limit, cursor, &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static const char *const response_keys[] = { "answers", NULL };

static void
api_respond(zw_req *r)
{
	struct zw_why why = { 0 };
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, response_keys))
		return;
	if (!zw_survey_rate_ok(r)) {
		zw_set_header(r, "Retry-After", "60");
		zw_fail(r, 429, "rate_limited", "提交过于频繁，请一分钟后再试", NULL);
		return;
	}
	rc = zw_survey_respond_req(r, id, json_object_get(r->json, "answers"), &why);
	if (rc == ZW_OK) {
		zw_json(r, 201, json_pack("{s:b}", "accepted", 1));
		return;
	}
	if (why.code != NULL && strcmp(why.code, "login_required") == 0) {
		zw_fail(r, 401, why.code, why.message, NULL);
		return;
	}
	if (rc == ZW_ENOTFOUND) {
		zw_fail(r, 404, "not_found", "征集调查不存在", NULL);
		return;
	}
	if (r->status == 0 || why.code != NULL)
		zw_fail_why(r, rc, &why);
}

static void
api_results(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	json_t *o;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_survey_results(r->db, r->user != NULL ? &who : NULL, id, &o);
	if (rc == ZW_ESTATE) {
		zw_fail(r, 409, "results_not_public", "征集调查结束后公布结果", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, "征集调查不存在", NULL);
		return;
	}
	zw_json(r, 200, o);
}

static int
csv_text(zw_buf *b, const char *s)
{
	int rc = zw_buf_putc(b, '"');

	if (rc == ZW_OK && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		rc = zw_buf_putc(b, '\'');
	for (; rc == ZW_OK && *s != '\0'; s++)
		rc = *s == '"' ? zw_buf_puts(b, "\"\"") : zw_buf_putc(b, *s);
	return rc == ZW_OK ? zw_buf_putc(b, '"') : rc;
}

static void
csv_done(zw_req *r, int64_t id, const char *what)
{
	r->status = 200;
	r->ctype = "text/csv; charset=utf-8";
	zw_set_header(r, "Content-Disposition", zw_aprintf(r->a,
	    "attachment; filename=\"survey-%lld-%s.csv\"", (long long)id, what));
}

/* Counts: question_no,question,option_no,option,count,percent. */
static void
api_results_csv(zw_req *r)
{
	struct zw_actor who;
	const json_t *q, *o;
	size_t i, j;
	int64_t id;
	json_t *res;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_survey_results(r->db, r->user != NULL ? &who : NULL, id, &res);
	if (rc == ZW_ESTATE) {
		zw_fail(r, 409, "results_not_public", "征集调查结束后公布结果", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, "征集调查不存在", NULL);
		return;
	}
	zw_buf_reset(&r->out);
	rc = zw_buf_puts(&r->out, "question_no,question,option_no,option,count,"
	    "percent\r\n");
	json_array_foreach(json_object_get(res, "questions"), i, q) {
		json_array_foreach(json_object_get(q, "options"), j, o) {
			if (rc == ZW_OK)
				rc = zw_buf_printf(&r->out, "%lld,", (long long)zw_json_int(q,
				    "no"));
			if (rc == ZW_OK)
				rc = csv_text(&r->out, zw_json_str(q, "title"));
			if (rc == ZW_OK)
				rc = zw_buf_printf(&r->out, ",%lld,", (long long)zw_json_int(o,
				    "no"));
			if (rc == ZW_OK)
				rc = csv_text(&r->out, zw_json_str(o, "label"));
			if (rc == ZW_OK)
				rc = zw_buf_printf(&r->out, ",%lld,%lld\r\n",
				    (long long)zw_json_int(o, "count"),
				    (long long)zw_json_int(o, "percent"));
		}
	}
	json_decref(res);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	csv_done(r, id, "results");
}

static void
api_responses_csv(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_buf_reset(&r->out);
	if ((rc = zw_survey_csv(r->db, &who, id, &r->out)) != ZW_OK) {
		zw_buf_reset(&r->out);
		zw_fail_rc(r, rc, "征集调查不存在", NULL);
		return;
	}
	csv_done(r, id, "responses");
}

const struct zw_route zw_survey_api_routes[] = {
	{ "POST", "/api/v1/surveys", api_create, "surveys.manage", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/surveys", api_list, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/api/v1/surveys/{id}/publish", api_publish, "surveys.manage",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/surveys/{id}/close", api_close, "surveys.manage",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/surveys/{id}/responses", api_respond, NULL, ZW_R_PUBLIC,
	  NULL },
	{ "GET", "/api/v1/surveys/{id}/results", api_results, NULL, ZW_R_PUBLIC,
	  NULL },
	{ "GET", "/api/v1/surveys/{id}/results.csv", api_results_csv, NULL,
	  ZW_R_PUBLIC, NULL },
	{ "GET", "/api/v1/surveys/{id}/responses.csv", api_responses_csv,
	  "surveys.manage", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/surveys/{id}", api_get, NULL, ZW_R_PUBLIC, NULL },
	{ "PATCH", "/api/v1/surveys/{id}", api_update, "surveys.manage", ZW_R_STAFF,
	  NULL },
};
const size_t zw_survey_api_routes_count =
    sizeof(zw_survey_api_routes) / sizeof(zw_survey_api_routes[0]);
