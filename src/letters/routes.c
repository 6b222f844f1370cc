/*
 * routes.c -- JSON API of letters (API.md "Portal": POST /api/v1/letters,
 * GET /api/v1/letters/{no}?query_code=, POST …/{no}/reply, and the rest
 * of the workflow: challenge, list, route, rate, publish, stats).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/config.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "letters/routes.h"
#include "portal/routes.h"

#define NOT_FOUND_MSG "信件不存在或查询码错误"

static const char *const letter_keys[] = { "category", "target_org_id",
	"leader", "name", "phone", "subject", "content", "public_consent",
	"challenge_token", "challenge_answer", NULL };

void
zw_letters_env_of(zw_req *r, struct zw_letters_env *env)
{
	static const char *const keys[ZW_LETTER_NCAT] = { "letters_days_consult",
		"letters_days_suggest", "letters_days_complaint", "letters_days_help",
		"letters_days_report" };
	int i;

	env->cal = r->app->cal;
	for (i = 0; i < ZW_LETTER_NCAT; i++)
		env->days[i] = (int)zw_config_int(r->app->conf, keys[i]);
}

void
zw_letters_key(zw_req *r, unsigned char key[ZW_SM3_LEN])
{
	static const char label[] = "zhengwu letters challenge v1";

	zw_hmac_sm3(r->app->master_key, sizeof(r->app->master_key), label,
	    sizeof(label) - 1, key);
}

bool
zw_letters_rate_ok(zw_req *r)
{
	return zw_client_rate_ok(r, "letters", 3600,
	    (int)zw_config_int(r->app->conf, "letters_rate_per_hour"));
}

int
zw_letters_submit_tx(zw_req *r, const struct zw_letter_in *in,
    char no[ZW_LETTER_NO_LEN], char code[ZW_LETTER_CODE_LEN + 1], char due[11],
    struct zw_why *why)
{
	struct zw_letters_env env;
	struct zw_actor who;
	int64_t id = 0;
	zw_conn *c;
	json_t *o;
	int rc;

	if ((c = zw_begin(r)) == NULL)
		return ZW_EBUSY;
	zw_req_actor(r, &who);
	zw_letters_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_letter_submit(c, &who, &env, in, no, code, &id, why);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		return rc;
	}
	if ((rc = zw_letter_writer_view(c, &who, no, code, &o, NULL)) != ZW_OK)
		return rc;
	zw_strlcpy(due, zw_json_str(o, "due_date"), 11);
	json_decref(o);
	if (!zw_portal_commit(r))
		return ZW_EBUSY;
	return ZW_OK;
}

/* challenge_answer as text: a JSON string or integer. */
static const char *
answer_of(zw_req *r, json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return zw_aprintf(r->a, "%lld", (long long)json_integer_value(v));
	return NULL;
}

static void
api_challenge(zw_req *r)
{
	unsigned char key[ZW_SM3_LEN];
	char q[64], token[ZW_LETTER_TOKEN_MAX], exp[32];

	zw_letters_key(r, key);
	zw_letter_challenge_new(key, sizeof(key), zw_now(), q, sizeof(q), token,
	    sizeof(token));
	zw_time_rfc3339(zw_now() + ZW_LETTER_CHALLENGE_TTL, exp, sizeof(exp));
	zw_set_header(r, "Cache-Control", "no-store");
	zw_json(r, 200, json_pack("{s:s, s:s, s:s}", "question", q, "token", token,
	    "expires_at", exp));
}

static void
api_submit(zw_req *r)
{
	struct zw_letter_in in = { 0 };
	struct zw_why why = { 0 };
	char no[ZW_LETTER_NO_LEN], code[ZW_LETTER_CODE_LEN + 1], due[11];
	const char *token = NULL;
	int64_t target = 0;
	int rc;

	if (!zw_letters_rate_ok(r)) {
		zw_set_header(r, "Retry-After", "3600");
		zw_fail(r, 429, "too_many_letters", "提交过于频繁，请稍后再试", NULL);
		return;
	}
	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, letter_keys) ||
	    !zw_in_str(r, r->json, "category", true, 8, &in.category) ||
	    !zw_in_int(r, r->json, "target_org_id", true, 1, INT64_MAX, &target) ||
	    !zw_in_str(r, r->json, "leader", false, ZW_MAX_NAME, &in.leader) ||
	    !zw_in_str(r, r->json, "name", true, ZW_MAX_NAME, &in.name) ||
	    !zw_in_str(r, r->json, "phone", true, ZW_LETTER_MAX_PHONE, &in.phone) ||
	    !zw_in_str(r, r->json, "subject", true, ZW_LETTER_MAX_SUBJECT,
	    &in.subject) ||
	    !zw_in_str(r, r->json, "content", true, ZW_LETTER_MAX_CONTENT,
	    &in.content) ||
	    !zw_in_bool(r, r->json, "public_consent", false, &in.public_consent))
		return;
	in.target_org_id = target;
	in.client_ip = r->client_ip;
	/* The challenge: anonymous writers only; a logged-in public user is
	 * known and rate-limited by account. */
	if (r->user == NULL) {
		unsigned char key[ZW_SM3_LEN];

		if (!zw_in_str(r, r->json, "challenge_token", false,
		    ZW_LETTER_TOKEN_MAX, &token))
			return;
		if (token == NULL || *token == '\0') {
			zw_fail(r, 422, "challenge_required", "请先回答验证问题",
			    "challenge_answer");
			return;
		}
		zw_letters_key(r, key);
		if (!zw_letter_challenge_ok(key, sizeof(key), zw_now(), token,
		    answer_of(r, json_object_get(r->json, "challenge_answer")))) {
			zw_fail(r, 422, "challenge_failed", "验证问题回答错误或已过期，请重新回答",
			    "challenge_answer");
			return;
		}
	}
	if ((rc = zw_letters_submit_tx(r, &in, no, code, due, &why)) != ZW_OK) {
		if (rc != ZW_EBUSY)
			zw_fail_why(r, rc, &why);
		return;
	}
	zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/letters/%s", no));
	zw_json(r, 201, json_pack("{s:s, s:s, s:s, s:s}", "no", no, "query_code",
	    code, "due_date", due, "status", "submitted"));
}

static bool
is_staff(zw_req *r)
{
	return r->user != NULL && strcmp(r->user->kind, "staff") == 0;
}

static void
api_get(zw_req *r)
{
	const char *no = r->params[0], *code = zw_query(r, "query_code");
	struct zw_actor who;
	int64_t id;
	json_t *o;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (is_staff(r) && zw_has_perm(r, "letters.handle")) {
		if ((rc = zw_letter_find(r->db, &who, no, &id)) == ZW_OK)
			rc = zw_letter_get(r->db, &who, id, &o);
	} else
		rc = zw_letter_writer_view(r->db, &who, no,
		    code != NULL && *code != '\0' ? code : NULL, &o, NULL);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NOT_FOUND_MSG, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_list(zw_req *r)
{
	const char *filter = zw_query(r, "status");
	int64_t limit, cursor, next = 0, open = 0, late = 0;
	struct zw_actor who;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (!is_staff(r)) {
		if ((rc = zw_letter_mine(r->db, &who, &items)) != ZW_OK) {
			zw_fail_rc(r, rc, NULL, NULL);
			return;
		}
		zw_json_list(r, items, -1);
		return;
	}
	if (filter != NULL && *filter != '\0' && strcmp(filter, "open") != 0 &&
	    strcmp(filter, "overdue") != 0 && strcmp(filter, "replied") != 0 &&
	    strcmp(filter, "published") != 0) {
		zw_fail(r, 400, "invalid_status",
		    "status 应为 open、overdue、replied 或 published", "status");
		return;
	}
	if ((rc = zw_letter_list(r->db, &who, filter, limit, cursor, &items,
	    &next)) != ZW_OK || (rc = zw_letter_counts(r->db, &who, &open,
	    &late)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, json_pack("{s:o, s:o, s:I, s:I}", "items", items,
	    "next_cursor", next > 0 ? json_sprintf("%lld", (long long)next) :
	    json_null(), "open_count", (json_int_t)open, "overdue_count",
	    (json_int_t)late));
}

enum act { ACT_ROUTE, ACT_REPLY, ACT_PUBLISH };

static void
staff_act(zw_req *r, enum act what)
{
	static const char *const route_keys[] = { "org_id", "reason", NULL };
	static const char *const reply_keys[] = { "reply", NULL };
	static const char *const no_keys[] = { NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *text = NULL;
	int64_t id, org = 0;
	zw_conn *c;
	json_t *o;
	int rc;

	if (r->json == NULL)
		r->json = json_object();
	switch (what) {
	case ACT_ROUTE:
		if (!zw_in_known(r, r->json, route_keys) ||
		    !zw_in_int(r, r->json, "org_id", true, 1, INT64_MAX, &org) ||
		    !zw_in_str(r, r->json, "reason", true, ZW_LETTER_MAX_REASON, &text))
			return;
		break;
	case ACT_REPLY:
		if (!zw_in_known(r, r->json, reply_keys) ||
		    !zw_in_str(r, r->json, "reply", true, ZW_LETTER_MAX_REPLY, &text))
			return;
		break;
	case ACT_PUBLISH:
		if (!zw_in_known(r, r->json, no_keys))
			return;
		break;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_letter_find(c, &who, r->params[0], &id)) != ZW_OK) {
		zw_fail_rc(r, rc, "信件不存在", NULL);
		return;
	}
	rc = what == ACT_ROUTE ? zw_letter_route(c, &who, id, org, text, &why) :
	    what == ACT_REPLY ? zw_letter_reply(c, &who, id, text, &why) :
	    zw_letter_publish(c, &who, id, &why);
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if ((rc = zw_letter_get(c, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	if (!zw_portal_commit(r)) {
		json_decref(o);
		return;
	}
	zw_json(r, 200, o);
}

static void api_route(zw_req *r) { staff_act(r, ACT_ROUTE); }
static void api_reply(zw_req *r) { staff_act(r, ACT_REPLY); }
static void api_publish(zw_req *r) { staff_act(r, ACT_PUBLISH); }

static void
api_rate(zw_req *r)
{
	static const char *const keys[] = { "rating", "query_code", NULL };
	const char *rating = NULL, *code = NULL;
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	json_t *o;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "rating", true, 8, &rating) ||
	    !zw_in_str(r, r->json, "query_code", false, ZW_LETTER_CODE_LEN, &code) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if (code != NULL && *code == '\0')
		code = NULL;
	if ((rc = zw_letter_rate(c, &who, r->params[0], code, rating, &why)) != ZW_OK) {
		if (rc == ZW_ENOTFOUND)
			zw_fail_rc(r, rc, NOT_FOUND_MSG, NULL);
		else
			zw_fail_why(r, rc, &why);
		return;
	}
	if ((rc = zw_letter_writer_view(c, &who, r->params[0], code, &o, NULL)) != ZW_OK) {
		zw_fail_rc(r, rc, NOT_FOUND_MSG, NULL);
		return;
	}
	if (!zw_commit(r)) {
		json_decref(o);
		return;
	}
	zw_json(r, 200, o);
}

/* ?year=YYYY (this year when absent): [Jan 1, Dec 31] clipped to today. */
static bool
year_range(zw_req *r, zw_date *from, zw_date *to)
{
	zw_date today = zw_date_of(zw_now());
	const char *v = zw_query(r, "year");
	int64_t y = today.y;

	if (v != NULL && *v != '\0' && zw_parse_i64(v, 2000, 2100, &y) != ZW_OK) {
		zw_fail(r, 400, "invalid_year", "年份无效", "year");
		return false;
	}
	from->y = to->y = (int)y;
	from->m = from->d = 1;
	to->m = 12;
	to->d = 31;
	if (zw_date_cmp(*to, today) > 0)
		*to = today;
	return true;
}

static void
api_stats(zw_req *r)
{
	zw_date from, to;
	json_t *o;
	int rc;

	if (!year_range(r, &from, &to) || zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_letter_stats(r->db, from, to, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

const struct zw_route zw_letters_api_routes[] = {
	{ "GET", "/api/v1/letters/challenge", api_challenge, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/api/v1/letters/stats", api_stats, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/api/v1/letters", api_submit, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/api/v1/letters", api_list, NULL, 0, NULL },
	{ "GET", "/api/v1/letters/{no}", api_get, NULL, ZW_R_PUBLIC,
	  "/api/v1/letters/{no}" },
	{ "POST", "/api/v1/letters/{no}/route", api_route, "letters.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/letters/{no}/reply", api_reply, "letters.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/letters/{no}/publish", api_publish, "letters.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/letters/{no}/rate", api_rate, NULL, ZW_R_PUBLIC, NULL },
};
const size_t zw_letters_api_routes_count =
    sizeof(zw_letters_api_routes) / sizeof(zw_letters_api_routes[0]);
