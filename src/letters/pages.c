/*
 * pages.c -- the pages of letters.  Public (layout/portal.html): the
 * list of published letters /letters, one letter /letters/{no} and the
 * statistics /letters/stats, all through the portal page cache (tags
 * lpub, l:ID, lstat); the writing form /letters/new (?org=, ?leader=)
 * and the query page /letters/query with the rating form, rendered per
 * visitor (a fresh challenge each time); /my/letters for a logged-in
 * writer.  Back office (layout/office.html): /office/letters with the
 * overdue flags and counts, /office/letters/{id} with 转办, 答复 and
 * 公开.  A refused form comes back with a Chinese message and changes
 * nothing.
 */
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "letters/routes.h"
#include "portal/page.h"
#include "portal/portal.h"
#include "portal/routes.h"

#define LIST_PAGE ZW_PORTAL_PAGE
#define OFFICE_PAGE 50

/* ---- shared bits ---- */

/* Sites as letter targets: [{org_id, name}], and the main site's
 * leaders [{name, title, org_id}]. */
static void
targets(zw_req *r, json_t **orgs, json_t **leaders)
{
	json_t *all, *s, *l;
	size_t i, j;

	*orgs = json_array();
	*leaders = json_array();
	if (zw_site_list(r->db, NULL, &all) != ZW_OK)
		return;
	json_array_foreach(all, i, s) {
		json_array_append_new(*orgs, json_pack("{s:I, s:s}", "org_id",
		    (json_int_t)zw_json_int(s, "org_id"), "name", zw_json_str(s,
		    "org_name")));
		if (!json_is_true(json_object_get(s, "is_main")))
			continue;
		json_array_foreach(json_object_get(s, "leaders"), j, l)
			json_array_append_new(*leaders, json_pack("{s:s, s:s, s:I}",
			    "name", zw_json_str(l, "name"), "title",
			    zw_json_str(l, "title") ? zw_json_str(l, "title") : "",
			    "org_id", (json_int_t)zw_json_int(s, "org_id")));
	}
	json_decref(all);
}

static const char *
form_or(zw_req *r, const char *key, const char *dflt)
{
	const char *v = zw_form(r, key);

	return v != NULL ? v : dflt;
}

/* ---- /letters/new ---- */

static void
render_form(zw_req *r, int status, const char *msg, const char *field)
{
	unsigned char key[ZW_SM3_LEN];
	char q[64], token[ZW_LETTER_TOKEN_MAX];
	const char *org = zw_form(r, "target_org_id"), *leader = zw_form(r, "leader");
	json_t *orgs, *leaders, *cats = json_array(), *ctx, *v;
	const char *cat = form_or(r, "category", "咨询");
	int64_t org_id = 0;
	size_t i;
	int k;

	if (org == NULL)
		org = zw_query(r, "org");
	if (leader == NULL)
		leader = zw_query(r, "leader");
	if (org != NULL)
		(void)zw_parse_i64(org, 1, INT64_MAX, &org_id);
	targets(r, &orgs, &leaders);
	json_array_foreach(orgs, i, v)
		json_object_set_new(v, "selected", json_boolean(zw_json_int(v,
		    "org_id") == org_id));
	json_array_foreach(leaders, i, v) {
		bool sel = leader != NULL && strcmp(leader, zw_json_str(v, "name")) == 0;

		json_object_set_new(v, "selected", json_boolean(sel));
		if (sel)
			org_id = zw_json_int(v, "org_id");
	}
	for (k = 0; k < ZW_LETTER_NCAT; k++)
		json_array_append_new(cats, json_pack("{s:s, s:b}", "name",
		    zw_letter_categories[k], "selected",
		    strcmp(cat, zw_letter_categories[k]) == 0));
	zw_letters_key(r, key);
	zw_letter_challenge_new(key, sizeof(key), zw_now(), q, sizeof(q), token,
	    sizeof(token));
	ctx = json_pack("{s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:b, "
	    "s:I, s:I, s:b}",
	    "orgs", orgs, "leaders", leaders, "categories", cats,
	    "name", form_or(r, "name", ""), "phone", form_or(r, "phone", ""),
	    "subject", form_or(r, "subject", ""), "content", form_or(r, "content", ""),
	    "public_consent", zw_form(r, "public_consent") != NULL,
	    "question", q, "token", token, "anonymous", r->user == NULL,
	    "max_subject", (json_int_t)ZW_LETTER_MAX_SUBJECT,
	    "max_content", (json_int_t)ZW_LETTER_MAX_CONTENT,
	    "no_org", org_id == 0);
	if (msg != NULL) {
		json_object_set_new(ctx, "error", json_string(msg));
		if (field != NULL)
			json_object_set_new(ctx, "error_field", json_string(field));
	}
	zw_render(r, status, "portal/letter_form.html", ctx);
}

static void
page_new(zw_req *r)
{
	if (zw_db_conn(r) == NULL)
		return;
	render_form(r, 200, NULL, NULL);
}

static void
page_new_post(zw_req *r)
{
	static const struct { const char *key; size_t max; bool req; } f[] = {
		{ "category", 8, true }, { "name", ZW_MAX_NAME, true },
		{ "phone", ZW_LETTER_MAX_PHONE, true },
		{ "subject", ZW_LETTER_MAX_SUBJECT, true },
		{ "content", ZW_LETTER_MAX_CONTENT, true },
	};
	static const char *const labels[] = { "信件类别", "姓名", "联系电话",
		"信件标题", "信件内容" };
	const char *vals[5], *err = NULL, *leader = zw_form(r, "leader");
	struct zw_letter_in in = { 0 };
	struct zw_why why = { 0 };
	char no[ZW_LETTER_NO_LEN], code[ZW_LETTER_CODE_LEN + 1], due[11];
	int64_t org = 0;
	size_t i;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if (!zw_letters_rate_ok(r)) {
		render_form(r, 429, "提交过于频繁，请一小时后再试", NULL);
		return;
	}
	for (i = 0; i < 5; i++)
		if (!zw_form_str(r, f[i].key, f[i].req, f[i].max, &vals[i], &err)) {
			render_form(r, 422, zw_aprintf(r->a, "%s：%s", labels[i], err),
			    f[i].key);
			return;
		}
	if (leader != NULL && *leader != '\0') {
		json_t *orgs, *leaders, *l;

		targets(r, &orgs, &leaders);
		json_array_foreach(leaders, i, l)
			if (strcmp(zw_json_str(l, "name"), leader) == 0)
				org = zw_json_int(l, "org_id");
		json_decref(orgs);
		json_decref(leaders);
	} else if (zw_form(r, "target_org_id") == NULL ||
	    zw_parse_i64(zw_form(r, "target_org_id"), 1, INT64_MAX, &org) != ZW_OK)
		org = 0;
	if (org == 0) {
		render_form(r, 422, "请选择收信领导或单位", "target_org_id");
		return;
	}
	if (r->user == NULL) {
		unsigned char key[ZW_SM3_LEN];

		zw_letters_key(r, key);
		if (!zw_letter_challenge_ok(key, sizeof(key), zw_now(),
		    zw_form(r, "challenge_token"), zw_form(r, "challenge_answer"))) {
			render_form(r, 422, "验证问题回答错误或已过期，请重新回答",
			    "challenge_answer");
			return;
		}
	}
	in.category = vals[0];
	in.name = vals[1];
	in.phone = vals[2];
	in.subject = vals[3];
	in.content = vals[4];
	in.target_org_id = org;
	in.leader = leader != NULL ? leader : "";
	in.public_consent = zw_form(r, "public_consent") != NULL;
	in.client_ip = r->client_ip;
	if ((rc = zw_letters_submit_tx(r, &in, no, code, due, &why)) != ZW_OK) {
		if (rc == ZW_EBUSY)
			return;
		if (why.message != NULL)
			render_form(r, rc == ZW_ECONFLICT ? 409 : 422, why.message,
			    why.field);
		else
			zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 201, "portal/letter_done.html", json_pack("{s:s, s:s, s:s}",
	    "no", no, "query_code", code, "due_date", due));
}

/* ---- /letters/query and rating ---- */

static void
render_query(zw_req *r, int status, const char *no, const char *code,
    json_t *letter, const char *msg)
{
	json_t *ctx = json_pack("{s:s, s:s}", "no", no ? no : "", "query_code",
	    code ? code : "");

	if (letter != NULL) {
		json_object_set_new(ctx, "letter", letter);
		json_object_set_new(ctx, "can_rate", json_boolean(strcmp(zw_json_str(
		    letter, "status"), "replied") == 0));
	}
	if (msg != NULL)
		json_object_set_new(ctx, "error", json_string(msg));
	zw_render(r, status, "portal/letter_query.html", ctx);
}

static void
page_query(zw_req *r)
{
	if (zw_db_conn(r) == NULL)
		return;
	render_query(r, 200, zw_query(r, "no"), NULL, NULL, NULL);
}

static void
page_query_post(zw_req *r)
{
	const char *no = zw_form(r, "no"), *code = zw_form(r, "query_code");
	struct zw_actor who;
	json_t *o;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (no == NULL || code == NULL || *no == '\0' || *code == '\0' ||
	    zw_letter_writer_view(r->db, &who, no, code, &o, NULL) != ZW_OK) {
		render_query(r, 404, no, NULL, NULL, "信件不存在或查询码错误，请核对后重试");
		return;
	}
	render_query(r, 200, no, code, o, NULL);
}

static void
page_rate_post(zw_req *r)
{
	const char *no = r->params[0], *code = zw_form(r, "query_code");
	const char *rating = zw_form(r, "rating");
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	json_t *o;
	int rc;

	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if (code != NULL && *code == '\0')
		code = NULL;
	if (code != NULL && strlen(code) > ZW_LETTER_CODE_LEN)
		code = "-";
	rc = zw_letter_rate(c, &who, no, code, rating, &why);
	if (rc == ZW_ENOTFOUND) {
		zw_tx_rollback(c);
		render_query(r, 404, no, NULL, NULL, "信件不存在或查询码错误，请核对后重试");
		return;
	}
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (why.message == NULL) {
			zw_fail_rc(r, rc, NULL, NULL);
			return;
		}
		if (zw_letter_writer_view(r->db, &who, no, code, &o, NULL) != ZW_OK)
			o = NULL;
		render_query(r, 422, no, code, o, why.message);
		return;
	}
	if (!zw_commit(r))
		return;
	if (code == NULL) {
		zw_redirect(r, "/my/letters");
		return;
	}
	if (zw_letter_writer_view(r->db, &who, no, code, &o, NULL) != ZW_OK)
		o = NULL;
	render_query(r, 200, no, code, o, NULL);
}

/* ---- public, cached ---- */

static void
page_list(zw_req *r)
{
	const char *v = zw_query(r, "page");
	int64_t page = 1, total = 0;
	struct zw_page p;
	json_t *items, *orgs, *leaders;

	if (v != NULL && *v != '\0' &&
	    zw_parse_i64(v, 1, ZW_PORTAL_MAX_PAGE, &page) != ZW_OK) {
		zw_page_error(r, 400, "参数有误", "页码无效。");
		return;
	}
	if (zw_page_cached(r, &p, zw_aprintf(r->a, "/letters?page=%lld",
	    (long long)page)))
		return;
	zw_page_tag(&p, "lpub", -1);
	zw_page_tag(&p, "sites", -1);
	if (zw_letter_public_list(r->db, (page - 1) * LIST_PAGE, LIST_PAGE, &items,
	    &total) != ZW_OK) {
		json_decref(items);
		zw_page_error(r, 500, "出错了", "信件列表暂时无法显示。");
		return;
	}
	targets(r, &orgs, &leaders);
	json_decref(orgs);
	zw_page_done(r, &p, "portal/letters.html", json_pack("{s:o, s:o, s:I, "
	    "s:b, s:b, s:I, s:I}", "items", items, "leaders", leaders, "total",
	    (json_int_t)total, "has_prev", page > 1, "has_next",
	    page * LIST_PAGE < total, "prev", (json_int_t)(page - 1), "next",
	    (json_int_t)(page + 1)));
}

static void
page_letter(zw_req *r)
{
	const char *no = r->params[0];
	struct zw_page p;
	json_t *o;

	if (strlen(no) >= ZW_LETTER_NO_LEN) {
		zw_page_error(r, 404, "信件不存在", "该信件不存在或未公开。");
		return;
	}
	if (zw_page_cached(r, &p, zw_aprintf(r->a, "/letters/%s", no)))
		return;
	if (zw_letter_public(r->db, no, &o) != ZW_OK) {
		zw_page_error(r, 404, "信件不存在", "该信件不存在或未公开。");
		return;
	}
	zw_page_tag(&p, "l", (long long)zw_json_int(o, "id"));
	zw_page_done(r, &p, "portal/letter.html", json_pack("{s:o}", "letter", o));
}

static void
page_stats(zw_req *r)
{
	zw_date today = zw_date_of(zw_now()), from, to;
	const char *v = zw_query(r, "year");
	int64_t y = today.y;
	struct zw_page p;
	json_t *o;

	if (v != NULL && *v != '\0' && zw_parse_i64(v, 2000, today.y, &y) != ZW_OK) {
		zw_page_error(r, 400, "参数有误", "年份无效。");
		return;
	}
	/* Today's date is in the key: "overdue" moves with the calendar. */
	if (zw_page_cached(r, &p, zw_aprintf(r->a, "/letters/stats?year=%lld&d=%04d%02d%02d",
	    (long long)y, today.y, today.m, today.d)))
		return;
	zw_page_tag(&p, "lstat", -1);
	from.y = to.y = (int)y;
	from.m = from.d = 1;
	to.m = 12;
	to.d = 31;
	if (zw_date_cmp(to, today) > 0)
		to = today;
	if (zw_letter_stats(r->db, from, to, &o) != ZW_OK) {
		zw_page_error(r, 500, "出错了", "统计数据暂时无法显示。");
		return;
	}
	zw_page_done(r, &p, "portal/letters_stats.html", json_pack("{s:o, s:I}",
	    "stats", o, "year", (json_int_t)y));
}

/* ---- /my/letters ---- */

static void
page_mine(zw_req *r)
{
	struct zw_actor who;
	json_t *items;

	if (strcmp(r->user->kind, "staff") == 0) {
		zw_redirect(r, "/office/letters");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (zw_letter_mine(r->db, &who, &items) != ZW_OK) {
		zw_fail(r, 500, "internal", "信件列表暂时无法显示", NULL);
		return;
	}
	zw_render(r, 200, "portal/my_letters.html", json_pack("{s:o}", "items",
	    items));
}

/* ---- back office ---- */

static void
page_office_list(zw_req *r)
{
	const char *filter = zw_query(r, "status");
	int64_t next = 0, open = 0, late = 0, cursor = 0;
	const char *cur = zw_query(r, "cursor");
	struct zw_actor who;
	json_t *items;

	if (filter == NULL || (strcmp(filter, "open") != 0 &&
	    strcmp(filter, "overdue") != 0 && strcmp(filter, "replied") != 0 &&
	    strcmp(filter, "published") != 0))
		filter = "";
	if (cur != NULL && zw_parse_i64(cur, 1, INT64_MAX, &cursor) != ZW_OK)
		cursor = 0;
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (zw_letter_list(r->db, &who, filter, OFFICE_PAGE, cursor, &items,
	    &next) != ZW_OK || zw_letter_counts(r->db, &who, &open, &late) != ZW_OK) {
		zw_fail(r, 500, "internal", "信件列表暂时无法显示", NULL);
		return;
	}
	zw_render(r, 200, "office/letters.html", json_pack("{s:o, s:s, s:I, s:I, "
	    "s:I}", "items", items, "filter", filter, "open_count", (json_int_t)open,
	    "overdue_count", (json_int_t)late, "next", (json_int_t)next));
}

static void
render_office_letter(zw_req *r, int status, int64_t id, const char *msg)
{
	struct zw_actor who;
	json_t *o, *orgs;
	bool open;

	zw_req_actor(r, &who);
	if (zw_letter_get(r->db, &who, id, &o) != ZW_OK) {
		zw_fail(r, 404, "not_found", "信件不存在", NULL);
		return;
	}
	if (zw_org_list_public(r->db, &orgs) != ZW_OK)
		orgs = json_array();
	open = !strcmp(zw_json_str(o, "status"), "submitted") ||
	    !strcmp(zw_json_str(o, "status"), "routed");
	zw_render(r, status, "office/letter.html", json_pack("{s:o, s:o, s:b, s:b, "
	    "s:s, s:s}", "letter", o, "orgs", orgs, "open", open, "can_publish",
	    !open && json_is_true(json_object_get(o, "public_consent")) &&
	    !json_is_true(json_object_get(o, "published")), "error", msg ? msg : "",
	    "reply_text", form_or(r, "reply", "")));
}

static bool
path_id(zw_req *r, int64_t *id)
{
	if (zw_parse_i64(r->params[0], 1, INT64_MAX, id) != ZW_OK) {
		zw_fail(r, 404, "not_found", "信件不存在", NULL);
		return false;
	}
	return true;
}

static void
page_office_letter(zw_req *r)
{
	int64_t id;

	if (!path_id(r, &id) || zw_db_conn(r) == NULL)
		return;
	render_office_letter(r, 200, id, NULL);
}

enum act { ACT_ROUTE, ACT_REPLY, ACT_PUBLISH };

static void
office_act(zw_req *r, enum act what)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *text = NULL, *err = NULL;
	int64_t id, org = 0;
	zw_conn *c;
	int rc;

	if (!path_id(r, &id) || zw_db_conn(r) == NULL)
		return;
	if (what == ACT_ROUTE) {
		const char *o = zw_form(r, "org_id");

		if (o == NULL || zw_parse_i64(o, 1, INT64_MAX, &org) != ZW_OK) {
			render_office_letter(r, 422, id, "请选择承办单位");
			return;
		}
		if (!zw_form_str(r, "reason", true, ZW_LETTER_MAX_REASON, &text, &err)) {
			render_office_letter(r, 422, id, zw_aprintf(r->a, "转办理由：%s", err));
			return;
		}
	} else if (what == ACT_REPLY &&
	    !zw_form_str(r, "reply", true, ZW_LETTER_MAX_REPLY, &text, &err)) {
		render_office_letter(r, 422, id, zw_aprintf(r->a, "答复内容：%s", err));
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = what == ACT_ROUTE ? zw_letter_route(c, &who, id, org, text, &why) :
	    what == ACT_REPLY ? zw_letter_reply(c, &who, id, text, &why) :
	    zw_letter_publish(c, &who, id, &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (rc == ZW_ENOTFOUND || why.message == NULL)
			zw_fail_why(r, rc, &why);
		else
			render_office_letter(r, 422, id, why.message);
		return;
	}
	if (zw_portal_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/letters/%lld", (long long)id));
}

static void page_route(zw_req *r) { office_act(r, ACT_ROUTE); }
static void page_reply(zw_req *r) { office_act(r, ACT_REPLY); }
static void page_publish(zw_req *r) { office_act(r, ACT_PUBLISH); }

const struct zw_route zw_letters_page_routes[] = {
	{ "GET", "/letters", page_list, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/letters/new", page_new, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/letters/new", page_new_post, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/letters/query", page_query, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/letters/query", page_query_post, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/letters/stats", page_stats, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/letters/{no}", page_letter, NULL, ZW_R_PUBLIC, "/letters/{no}" },
	{ "POST", "/letters/{no}/rate", page_rate_post, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/my/letters", page_mine, NULL, 0, NULL },
	{ "GET", "/office/letters", page_office_list, "letters.handle", ZW_R_STAFF,
	  NULL },
	{ "GET", "/office/letters/{id}", page_office_letter, "letters.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/letters/{id}/route", page_route, "letters.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/letters/{id}/reply", page_reply, "letters.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/letters/{id}/publish", page_publish, "letters.handle",
	  ZW_R_STAFF, NULL },
};
const size_t zw_letters_page_routes_count =
    sizeof(zw_letters_page_routes) / sizeof(zw_letters_page_routes[0]);
