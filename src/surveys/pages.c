/*
 * pages.c -- the pages of 征集调查.  Public: /surveys (open and closed
 * lists), /surveys/{id} (the form while open, the results with SVG bar
 * charts and the same figures as a table once closed).  Back office:
 * /office/surveys (list, new survey form), /office/surveys/{id}
 * (details, results with free-text answers, publish, close, CSV).
 * Survey pages are not kept in the portal's page cache: what they show
 * changes with the clock (opening, closing) and with every response.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "org/routes.h"
#include "surveys/routes.h"
#include "surveys/surveys.h"

/* ---- public ---- */

static void
page_list(zw_req *r)
{
	json_t *open = NULL, *closed = NULL, *upcoming = NULL;
	int64_t next;

	if (zw_db_conn(r) == NULL)
		return;
	if (zw_survey_list(r->db, NULL, "open", ZW_LIST_MAX, 0, &open, &next) ||
	    zw_survey_list(r->db, NULL, "upcoming", ZW_LIST_MAX, 0, &upcoming,
	    &next) ||
	    zw_survey_list(r->db, NULL, "closed", ZW_LIST_MAX, 0, &closed, &next)) {
		json_decref(open);
		json_decref(upcoming);
		json_decref(closed);
		zw_fail_rc(r, ZW_EDB, NULL, NULL);
		return;
	}
	zw_render(r, 200, "portal/surveys.html", json_pack("{s:o, s:o, s:o}",
	    "open", open, "upcoming", upcoming, "closed", closed));
}

/* Results with an SVG chart per choice question (markup of our own,
 * labels escaped by zw_survey_svg). */
static void
add_charts(json_t *res)
{
	json_t *q;
	size_t i;

	json_array_foreach(json_object_get(res, "questions"), i, q) {
		zw_buf b;

		if (json_object_get(q, "options") == NULL)
			continue;
		zw_buf_init(&b, 1u << 20);
		if (zw_survey_svg(q, &b) == ZW_OK && b.p != NULL)
			json_object_set_new(q, "svg", json_stringn(b.p, b.len));
		zw_buf_free(&b);
	}
}

/* Questions made ready for the form: each option with its number and
 * the input name q<no>. */
static void
form_questions(json_t *sv)
{
	json_t *q, *o;
	size_t i, j;

	json_array_foreach(json_object_get(sv, "questions"), i, q) {
		json_t *opts = json_array();

		json_object_set_new(q, "no", json_integer((json_int_t)(i + 1)));
		json_array_foreach(json_object_get(q, "options"), j, o)
			json_array_append_new(opts, json_pack("{s:I, s:O, s:I}", "no",
			    (json_int_t)(j + 1), "label", o, "qno", (json_int_t)(i + 1)));
		json_object_set_new(q, "choices", opts);
	}
}

static void
render_survey(zw_req *r, int status, int64_t id, const char *error, bool done)
{
	struct zw_actor who;
	json_t *sv, *ctx, *res = NULL;
	const char *st;
	bool answered = false;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_survey_get(r->db, r->user != NULL ? &who : NULL, id, &sv))) {
		zw_render(r, 404, "portal/error.html", json_pack("{s:s, s:s}", "title",
		    "页面不存在", "message", "该征集调查不存在或尚未发布。"));
		return;
	}
	st = zw_json_str(sv, "status");
	form_questions(sv);
	if (strcmp(st, "open") == 0) {
		const char *browser = NULL;

		if (r->user == NULL && json_is_true(json_object_get(sv, "anonymous")))
			browser = zw_survey_browser(r, true);
		(void)zw_survey_responded(r->db, id, r->user != NULL ? r->user->id : 0,
		    browser, &answered);
	}
	if (strcmp(st, "closed") == 0 &&
	    zw_survey_results(r->db, NULL, id, &res) == ZW_OK)
		add_charts(res);
	ctx = json_pack("{s:o, s:b, s:b, s:b, s:b}", "survey", sv,
	    "is_open", strcmp(st, "open") == 0, "is_closed", strcmp(st, "closed") == 0,
	    "answered", answered || done, "done", done);
	json_object_set_new(ctx, "need_login", json_boolean(r->user == NULL &&
	    !json_is_true(json_object_get(sv, "anonymous"))));
	json_object_set_new(ctx, "login_url", json_string(zw_aprintf(r->a,
	    "/login?next=%s", zw_url_encode(r->a, zw_aprintf(r->a, "/surveys/%lld",
	    (long long)id)))));
	if (res != NULL)
		json_object_set_new(ctx, "results", res);
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	zw_render(r, status, "portal/survey.html", ctx);
}

static void
page_survey(zw_req *r)
{
	int64_t id;

	if (!zw_path_id(r, 0, &id))
		return;
	render_survey(r, 200, id, NULL, zw_query(r, "done") != NULL);
}

/* The answers of the form: q<n> for question n; several q<n> for a
 * multiple choice.  Numbers stay strings when they do not parse, so
 * that the domain's check names the question. */
static json_t *
form_answers(zw_req *r, const json_t *questions)
{
	json_t *out = json_array();
	const json_t *q;
	size_t i;

	json_array_foreach(questions, i, q) {
		const char *kind = zw_json_str(q, "kind");
		char key[24];
		json_t *a = NULL;

		snprintf(key, sizeof(key), "q%zu", i + 1);
		for (size_t k = 0; k < r->nform; k++) {
			const char *v = r->form[k].val;
			int64_t n;
			json_t *x;

			if (strcmp(r->form[k].key, key) != 0)
				continue;
			if (strcmp(kind, "text") == 0) {
				json_decref(a);
				a = json_string(v);
				break;
			}
			x = zw_parse_i64(v, 1, 1000, &n) == ZW_OK ? json_integer(n) :
			    json_string(v);
			if (strcmp(kind, "single") == 0) {
				json_decref(a);
				a = x;
				break;
			}
			if (a == NULL)
				a = json_array();
			json_array_append_new(a, x);
		}
		json_array_append_new(out, a != NULL ? a : json_null());
	}
	return out;
}

static void
page_respond(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *sv, *answers;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (zw_survey_get(r->db, NULL, id, &sv) != ZW_OK) {
		render_survey(r, 404, id, NULL, false);
		return;
	}
	if (!zw_survey_rate_ok(r)) {
		json_decref(sv);
		zw_set_header(r, "Retry-After", "60");
		render_survey(r, 429, id, "提交过于频繁，请一分钟后再试。", false);
		return;
	}
	answers = form_answers(r, json_object_get(sv, "questions"));
	json_decref(sv);
	rc = zw_survey_respond_req(r, id, answers, &why);
	json_decref(answers);
	if (rc == ZW_OK) {
		zw_redirect(r, zw_aprintf(r->a, "/surveys/%lld?done=1", (long long)id));
		return;
	}
	if (why.code == NULL) {
		if (r->status == 0)
			zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	/* the open transaction is rolled back when the request ends */
	zw_tx_rollback(r->db);
	render_survey(r, rc == ZW_EINVAL ? 422 : rc == ZW_EPERM ? 401 : 409, id,
	    why.message, false);
}

/* ---- back office ---- */

/* "2026-11-22T09:30" (datetime-local) -> Unix seconds in Shanghai. */
static bool
local_time(zw_arena *a, const char *v, const char **rfc)
{
	int64_t t;

	if (v == NULL || strlen(v) != 16)
		return false;
	*rfc = zw_aprintf(a, "%s:00+08:00", v);
	return zw_time_parse(*rfc, &t) == ZW_OK;
}

/*
 * The questions textarea: a line "[单选] 题目", "[多选 2] 题目" (at most
 * 2 choices), "[填空 300] 题目" (at most 300 characters) starts a
 * question, "*" after the kind makes it required ("[单选*] ..."); the
 * lines after a choice question are its options.  NULL and *err on a
 * malformed text; the domain checks the rest.
 */
static json_t *
parse_questions(zw_arena *a, const char *text, const char **err)
{
	json_t *qs = json_array(), *cur = NULL;
	const char *p = text;

	*err = NULL;
	while (*p != '\0') {
		size_t n = strcspn(p, "\r\n");
		char *line = zw_astrndup(a, p, n);
		size_t len;

		p += n;
		while (*p == '\r' || *p == '\n')
			p++;
		while (*line == ' ' || *line == '\t')
			line++;
		len = strlen(line);
		while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (line[0] == '[') {
			char *close = strchr(line, ']'), *spec, *num;
			const char *kind;
			bool req;
			int64_t lim = 0;

			if (close == NULL) {
				*err = "问题行应以 [单选]、[多选] 或 [填空] 开头";
				break;
			}
			*close = '\0';
			spec = line + 1;
			req = strchr(spec, '*') != NULL;
			if (strncmp(spec, "单选", 6) == 0)
				kind = "single";
			else if (strncmp(spec, "多选", 6) == 0)
				kind = "multiple";
			else if (strncmp(spec, "填空", 6) == 0)
				kind = "text";
			else {
				*err = "问题类型应为 单选、多选 或 填空";
				break;
			}
			num = spec + 6;
			num += strspn(num, " *");
			if (*num != '\0') {
				num[strspn(num, "0123456789")] = '\0';
				if (zw_parse_i64(num, 1, 100000, &lim) != ZW_OK) {
					*err = "问题类型后的数字无效";
					break;
				}
			}
			cur = json_pack("{s:s, s:s, s:b}", "kind", kind, "title",
			    close + 1 + strspn(close + 1, " "), "required", req);
			if (strcmp(kind, "text") != 0)
				json_object_set_new(cur, "options", json_array());
			if (lim > 0)
				json_object_set_new(cur, strcmp(kind, "text") == 0 ?
				    "max_length" : "max_selections", json_integer(lim));
			json_array_append_new(qs, cur);
			continue;
		}
		if (cur == NULL || json_object_get(cur, "options") == NULL) {
			*err = "选项应写在单选或多选问题之后";
			break;
		}
		json_array_append_new(json_object_get(cur, "options"), json_string(line));
	}
	if (*err != NULL) {
		json_decref(qs);
		return NULL;
	}
	return qs;
}

static void
office_list(zw_req *r, const char *error, json_t *form)
{
	struct zw_actor who;
	json_t *items, *ctx;
	int64_t next;

	if (zw_db_conn(r) == NULL) {
		json_decref(form);
		return;
	}
	zw_req_actor(r, &who);
	if (zw_survey_list(r->db, &who, NULL, ZW_LIST_MAX, 0, &items, &next)) {
		json_decref(form);
		zw_fail_rc(r, ZW_EDB, NULL, NULL);
		return;
	}
	ctx = json_pack("{s:o, s:o}", "items", items, "form", form != NULL ? form :
	    json_pack("{s:s}", "questions", "[单选*] 您对本草案总体是否赞成？\n赞成\n"
	    "基本赞成\n不赞成\n[填空 500] 您的具体意见和建议"));
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	zw_render(r, error != NULL ? 422 : 200, "office/surveys.html", ctx);
}

static void
page_office_list(zw_req *r)
{
	office_list(r, NULL, NULL);
}

static void
page_office_create(zw_req *r)
{
	const char *title, *desc, *draft, *kind, *opens, *closes, *qtext, *msg = NULL;
	const char *o_rfc = NULL, *c_rfc = NULL, *org;
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *form, *in, *qs;
	int64_t id, org_id = 0;
	zw_conn *c;
	int rc;

	form = json_object();
	for (size_t k = 0; k < r->nform; k++)
		if (strcmp(r->form[k].key, "csrf_token") != 0)
			json_object_set_new(form, r->form[k].key,
			    json_string(r->form[k].val));
	if (!zw_form_str(r, "title", true, ZW_SURVEY_MAX_TITLE, &title, &msg) ||
	    !zw_form_str(r, "kind", false, 16, &kind, &msg) ||
	    !zw_form_str(r, "description", false, ZW_SURVEY_MAX_DESC, &desc, &msg) ||
	    !zw_form_str(r, "draft_text", false, ZW_SURVEY_MAX_DRAFT, &draft, &msg) ||
	    !zw_form_str(r, "opens_at", true, 16, &opens, &msg) ||
	    !zw_form_str(r, "closes_at", true, 16, &closes, &msg) ||
	    !zw_form_str(r, "org_id", false, 20, &org, &msg) ||
	    !zw_form_str(r, "questions", true, 20000, &qtext, &msg)) {
		office_list(r, msg != NULL ? msg : "请完整填写", form);
		return;
	}
	if (!local_time(r->a, opens, &o_rfc) || !local_time(r->a, closes, &c_rfc)) {
		office_list(r, "开始和结束时间格式无效", form);
		return;
	}
	if (*org != '\0' && zw_parse_i64(org, 1, INT64_MAX, &org_id) != ZW_OK) {
		office_list(r, "机构无效", form);
		return;
	}
	if ((qs = parse_questions(r->a, qtext, &msg)) == NULL) {
		office_list(r, msg, form);
		return;
	}
	in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "title", title,
	    "kind", *kind ? kind : "survey", "description", desc, "draft_text", draft,
	    "opens_at", o_rfc, "closes_at", c_rfc, "anonymous",
	    zw_form(r, "anonymous") != NULL, "questions", qs);
	if (org_id > 0)
		json_object_set_new(in, "org_id", json_integer(org_id));
	zw_req_actor(r, &who);
	if ((c = zw_begin(r)) == NULL) {
		json_decref(in);
		json_decref(form);
		return;
	}
	rc = zw_survey_create(c, &who, in, &id, &why);
	json_decref(in);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		office_list(r, why.message != NULL ? why.message : "保存失败", form);
		return;
	}
	json_decref(form);
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/surveys/%lld", (long long)id));
}

static void
office_one(zw_req *r, int64_t id, const char *error, const char *notice)
{
	struct zw_actor who;
	json_t *sv, *res = NULL, *ctx;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (zw_survey_get(r->db, &who, id, &sv) != ZW_OK ||
	    !json_is_true(json_object_get(sv, "can_manage"))) {
		zw_render(r, 404, "office/error.html", json_pack("{s:s, s:s, s:s, s:i}", "title", "未找到", "code", "not_found", "status", 404, "message",
		    "征集调查不存在或不在您的管理范围内。"));
		return;
	}
	if (zw_survey_results(r->db, &who, id, &res) == ZW_OK)
		add_charts(res);
	ctx = json_pack("{s:o}", "survey", sv);
	if (res != NULL)
		json_object_set_new(ctx, "results", res);
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	if (notice != NULL)
		json_object_set_new(ctx, "notice", json_string(notice));
	zw_render(r, error != NULL ? 409 : 200, "office/survey.html", ctx);
}

static void
page_office_one(zw_req *r)
{
	int64_t id;

	if (zw_path_id(r, 0, &id))
		office_one(r, id, NULL, NULL);
}

static void
office_transition(zw_req *r, int (*fn)(zw_conn *, const struct zw_actor *,
    int64_t, struct zw_why *), const char *done)
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
		zw_tx_rollback(c);
		office_one(r, id, why.message != NULL ? why.message : "操作失败", NULL);
		return;
	}
	if (zw_commit(r))
		office_one(r, id, NULL, done);
}

static void
page_office_publish(zw_req *r)
{
	office_transition(r, zw_survey_publish, "已发布。");
}

static void
page_office_close(zw_req *r)
{
	office_transition(r, zw_survey_close, "已结束征集。");
}

const struct zw_route zw_survey_page_routes[] = {
	{ "GET", "/surveys", page_list, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/surveys/{id}", page_survey, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/surveys/{id}", page_respond, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/office/surveys", page_office_list, "surveys.manage", ZW_R_STAFF,
	  NULL },
	{ "POST", "/office/surveys", page_office_create, "surveys.manage",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/surveys/{id}/publish", page_office_publish,
	  "surveys.manage", ZW_R_STAFF, NULL },
	{ "POST", "/office/surveys/{id}/close", page_office_close, "surveys.manage",
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/surveys/{id}", page_office_one, "surveys.manage",
	  ZW_R_STAFF, NULL },
};
const size_t zw_survey_page_routes_count =
    sizeof(zw_survey_page_routes) / sizeof(zw_survey_page_routes[0]);
