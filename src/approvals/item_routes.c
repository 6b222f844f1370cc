/*
 * item_routes.c -- the JSON API of service items and 网上咨询 (API.md
 * "Approvals"; docs/api.md "Service items").  Each handler: validate ->
 * domain call (items.h) -> JSON.
 */
#include <string.h>

#include "approvals/item_routes.h"
#include "approvals/items.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

/* Domain refusals: malformed shapes are 400 like the other bodies,
 * rule violations 422, the rest by their return code. */
static void
fail_item(zw_req *r, int rc, const struct zw_why *why)
{
	if (rc == ZW_EINVAL && why->code != NULL &&
	    (strcmp(why->code, "wrong_type") == 0 ||
	    strcmp(why->code, "unknown_field") == 0)) {
		zw_fail(r, 400, why->code, why->message, why->field);
		return;
	}
	if (rc == ZW_EINVAL && why->code != NULL &&
	    strcmp(why->code, "too_many_questions") == 0) {
		zw_set_header(r, "Retry-After", "86400");
		zw_fail(r, 429, why->code, why->message, why->field);
		return;
	}
	if (rc == ZW_ENOTFOUND && why->code == NULL) {
		zw_fail(r, 404, "not_found", "事项不存在", NULL);
		return;
	}
	zw_fail_why(r, rc, why);
}

/* A query parameter from a fixed list (400 naming it otherwise). */
static bool
query_choice(zw_req *r, const char *key, const char *const *list,
    const char *msg, const char **out)
{
	const char *v = zw_query(r, key);
	size_t i;

	*out = NULL;
	if (v == NULL || *v == '\0')
		return true;
	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], v) == 0) {
			*out = v;
			return true;
		}
	zw_fail(r, 400, zw_aprintf(r->a, "invalid_%s", key), msg, key);
	return false;
}

static bool
query_topic(zw_req *r, const char **out)
{
	const char *v = zw_query(r, "topic");
	size_t i;

	*out = NULL;
	if (v == NULL || *v == '\0')
		return true;
	for (i = 0; i < zw_item_topics_count; i++)
		if (strcmp(zw_item_topics[i].name, v) == 0) {
			*out = v;
			return true;
		}
	zw_fail(r, 400, "invalid_topic", "topic 不在主题目录中", "topic");
	return false;
}

/* The catalog filter from the query string; false with 400 set. */
static bool
filter_from_query(zw_req *r, struct zw_item_filter *f)
{
	static const char *const audiences[] = { "person", "enterprise", "both", NULL };
	static const char *const statuses[] = { "published", "withdrawn", "all", NULL };
	const char *org = zw_query(r, "org_id"), *q = zw_query(r, "q"), *st;

	memset(f, 0, sizeof(*f));
	if (org != NULL && *org &&
	    zw_parse_i64(org, 1, INT64_MAX, &f->org_id) != ZW_OK) {
		zw_fail(r, 400, "invalid_org_id", "org_id 应为正整数", "org_id");
		return false;
	}
	if (!query_choice(r, "item_type", zw_item_types,
	    "item_type 应为行政许可、行政确认、行政给付、行政裁决、行政奖励、"
	    "其他行政权力或公共服务", &f->item_type) ||
	    !query_topic(r, &f->topic) ||
	    !query_choice(r, "audience", audiences,
	    "audience 应为 person、enterprise 或 both", &f->audience) ||
	    !query_choice(r, "status", statuses,
	    "status 应为 published、withdrawn 或 all", &st))
		return false;
	if (f->audience != NULL && strcmp(f->audience, "both") == 0)
		f->audience = NULL;
	if (q != NULL && *q) {
		const char *p = zw_text_problem(q, ZW_SEARCH_MAX_QUERY);

		if (p != NULL) {
			zw_fail(r, 400, "invalid_q", zw_aprintf(r->a, "q %s", p), "q");
			return false;
		}
		f->q = q;
	}
	if (st != NULL) {
		/* withdrawn items: their managers only */
		if (!zw_has_perm(r, "items.manage") ||
		    strcmp(r->user->kind, "staff") != 0) {
			zw_fail(r, 403, "forbidden", "只有事项管理人员可以查看已撤回的事项",
			    "status");
			return false;
		}
		f->status = strcmp(st, "all") == 0 ? NULL : st;
	}
	return true;
}

static void
api_items_list(zw_req *r)
{
	struct zw_item_filter f;
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || !filter_from_query(r, &f) ||
	    zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (zw_query(r, "status") != NULL && *zw_query(r, "status"))
		f.staff = &who;
	if ((rc = zw_item_list(r->db, &f, limit, cursor, &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

/* The {code} path parameter: 404 when it cannot be a code. */
static const char *
path_code(zw_req *r)
{
	const char *code = r->params[0];

	if (code == NULL || *code == '\0' || strlen(code) > ZW_MAX_CODE) {
		zw_fail(r, 404, "not_found", "事项不存在", NULL);
		return NULL;
	}
	return code;
}

static void
api_item_get(zw_req *r)
{
	const char *code, *v = zw_query(r, "version");
	struct zw_actor who;
	int64_t version = 0;
	json_t *o;
	int rc;

	if ((code = path_code(r)) == NULL)
		return;
	if (v != NULL && zw_parse_i64(v, 1, 1000000, &version) != ZW_OK) {
		zw_fail(r, 400, "invalid_version", "version 应为正整数", "version");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_item_get(r->db, &who, code, (int)version, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, version > 0 ? "事项或版本不存在" : "事项不存在", NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_item_versions(zw_req *r)
{
	struct zw_actor who;
	const char *code;
	json_t *items;
	int rc;

	if ((code = path_code(r)) == NULL || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_item_versions(r->db, &who, code, &items)) != ZW_OK) {
		zw_fail_rc(r, rc, "事项不存在", NULL);
		return;
	}
	zw_json_list(r, items, -1);
}

static void
api_item_save(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	int version;
	json_t *o;
	zw_conn *c;
	int rc;

	if (r->json == NULL || !json_is_object(r->json)) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON 对象", NULL);
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_item_save(c, &who, r->json, &id, &version, &why)) != ZW_OK) {
		fail_item(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_item_get(c, &who, json_string_value(json_object_get(r->json,
	    "code")), version, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/items/%s",
	    zw_url_encode(r->a, zw_json_str(o, "code"))));
	zw_json(r, version == 1 ? 201 : 200, o);
}

static void
item_status(zw_req *r, bool publish)
{
	static const char *const no_keys[] = { NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *code;
	json_t *o;
	zw_conn *c;
	int rc;

	if ((code = path_code(r)) == NULL)
		return;
	if (r->json != NULL && !zw_in_known(r, r->json, no_keys))
		return;
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_item_set_status(c, &who, code, publish, &why)) != ZW_OK) {
		fail_item(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_item_get(c, &who, code, 0, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void api_item_withdraw(zw_req *r) { item_status(r, false); }
static void api_item_publish(zw_req *r) { item_status(r, true); }

static void
api_questions_of_item(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *code;
	json_t *items;
	int rc;

	if ((code = path_code(r)) == NULL || !zw_in_page(r, &limit, &cursor) ||
	    zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_question_list_item(r->db, &who, code, limit, cursor, &items,
	    &next, NULL)) != ZW_OK) {
		zw_fail_rc(r, rc, "事项不存在", NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_question_ask(zw_req *r)
{
	static const char *const keys[] = { "question", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *code, *text;
	int64_t id;
	zw_conn *c;
	int rc;

	if ((code = path_code(r)) == NULL)
		return;
	if (r->json == NULL || !json_is_object(r->json)) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON 对象", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "question", true, ZW_ITEM_MAX_QUESTION, &text) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_question_ask(c, &who, code, text, &id, &why)) != ZW_OK) {
		fail_item(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_json(r, 201, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "id",
	    (json_int_t)id, "item_code", code, "question", text, "status",
	    "unanswered", "answer", "", "published", 0));
}

static void
api_question_answer(zw_req *r)
{
	static const char *const keys[] = { "answer", "publish", NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *text;
	bool publish = false;
	int64_t id;
	json_t *o;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL || !json_is_object(r->json)) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON 对象", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "answer", true, ZW_ITEM_MAX_ANSWER, &text) ||
	    !zw_in_bool(r, r->json, "publish", false, &publish) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_question_answer(c, &who, id, text, publish, &why)) != ZW_OK) {
		if (rc == ZW_ENOTFOUND)
			zw_fail(r, 404, "not_found", "咨询不存在", NULL);
		else
			fail_item(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_question_get(c, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_questions_staff(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *st = zw_query(r, "status");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (st != NULL && *st && strcmp(st, "unanswered") && strcmp(st, "answered")) {
		zw_fail(r, 400, "invalid_status", "status 应为 unanswered 或 answered",
		    "status");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_question_list_staff(r->db, &who, st, limit, cursor, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

const struct zw_route zw_item_api_routes[] = {
	{ "GET", "/api/v1/items", api_items_list, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/api/v1/items", api_item_save, "items.manage", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/items/{code}", api_item_get, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/api/v1/items/{code}/versions", api_item_versions, NULL,
	  ZW_R_PUBLIC, NULL },
	{ "POST", "/api/v1/items/{code}/withdraw", api_item_withdraw, "items.manage",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/items/{code}/publish", api_item_publish, "items.manage",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/items/{code}/questions", api_questions_of_item, NULL,
	  ZW_R_PUBLIC, NULL },
	{ "POST", "/api/v1/items/{code}/questions", api_question_ask, NULL, 0, NULL },
	{ "GET", "/api/v1/questions", api_questions_staff, "approvals.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/questions/{id}/answer", api_question_answer,
	  "approvals.handle", ZW_R_STAFF, NULL },
};
const size_t zw_item_api_routes_count =
    sizeof(zw_item_api_routes) / sizeof(zw_item_api_routes[0]);
