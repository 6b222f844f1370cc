/*
 * routes.c -- the site search over HTTP: GET /api/v1/search (API.md
 * "Portal") and the public page /search.  Both read the same query
 * string (q, type, org_id, from, to, limit, cursor) and answer from
 * zw_site_search(); the page is not cached (every query differs) and
 * shows the highlighted HTML that sitesearch.c built from escaped text.
 */
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "base/utf8.h"
#include "search/routes.h"
#include "search/sitesearch.h"
#include "web/http.h"
#include "web/route.h"

/* The query string as a search; false with code, msg and field set. */
struct parsed {
	struct zw_site_query q;
	int64_t limit, cursor;
	const char *code, *msg, *field;
	int status;
};

static bool
bad(struct parsed *p, int status, const char *code, const char *msg,
    const char *field)
{
	p->status = status;
	p->code = code;
	p->msg = msg;
	p->field = field;
	return false;
}

static bool
date_param(zw_req *r, struct parsed *p, const char *key, bool end, int64_t *out)
{
	const char *v = zw_query(r, key);
	zw_date d;

	*out = 0;
	if (v == NULL || *v == '\0')
		return true;
	if (zw_date_parse(v, &d) != ZW_OK)
		return bad(p, 400, "invalid_date", "日期应为 YYYY-MM-DD", key);
	*out = end ? zw_date_end(d) : zw_date_end(zw_date_add_days(d, -1)) + 1;
	return true;
}

static bool
parse(zw_req *r, struct parsed *p, bool page)
{
	const char *q = zw_query(r, "q"), *type = zw_query(r, "type");
	const char *org = zw_query(r, "org_id"), *l = zw_query(r, "limit");
	const char *cur = zw_query(r, "cursor");
	size_t n;

	memset(p, 0, sizeof(*p));
	p->limit = ZW_SEARCH_PAGE;
	if (q == NULL || *q == '\0')
		return bad(p, 400, "query_required", "请输入搜索词", "q");
	n = strlen(q);
	if (!zw_utf8_valid(q, n) || zw_utf8_has_controls(q, n))
		return bad(p, 400, "invalid_text", "搜索词包含无效字符", "q");
	if (zw_utf8_chars(q, n) > ZW_SEARCH_MAX_QUERY)
		return bad(p, 422, "too_long", "搜索词最多 100 个字符", "q");
	p->q.q = q;
	if (type != NULL && *type != '\0') {
		if (strlen(type) > ZW_SITE_TYPE_MAX ||
		    strspn(type, "abcdefghijklmnopqrstuvwxyz_") != strlen(type))
			return bad(p, 400, "invalid_parameter", "类型无效", "type");
		p->q.type = type;
	}
	if (org != NULL && *org != '\0' &&
	    zw_parse_i64(org, 1, INT64_MAX, &p->q.org_id) != ZW_OK)
		return bad(p, 400, "invalid_parameter", "机构无效", "org_id");
	if (!date_param(r, p, "from", false, &p->q.from) ||
	    !date_param(r, p, "to", true, &p->q.to))
		return false;
	if (p->q.from > 0 && p->q.to > 0 && p->q.from > p->q.to)
		return bad(p, 400, "invalid_period", "开始日期晚于结束日期", "from");
	if (l != NULL && *l != '\0' &&
	    zw_parse_i64(l, 1, ZW_SITE_MAX_PAGE, &p->limit) != ZW_OK)
		return bad(p, 400, "invalid_limit", "limit 应为 1 到 50 之间的整数",
		    "limit");
	if (cur != NULL && *cur != '\0' &&
	    zw_parse_i64(cur, 0, ZW_SITE_MAX_CURSOR, &p->cursor) != ZW_OK)
		return bad(p, 400, "invalid_cursor", page ? "页码无效" :
		    "cursor 无效（最多翻到第 1000 条）", "cursor");
	return true;
}

static void
api_search(zw_req *r)
{
	struct parsed p;
	json_t *items;
	int64_t next;
	int rc;

	if (!parse(r, &p, false)) {
		zw_fail(r, p.status, p.code, p.msg, p.field);
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	rc = zw_site_search(r->db, &p.q, p.limit, p.cursor, &items, &next);
	if (rc == ZW_EINVAL) {
		/* only punctuation: nothing to look for */
		zw_json_list(r, json_array(), -1);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, "搜索失败", NULL);
		return;
	}
	if (next > ZW_SITE_MAX_CURSOR)
		next = -1;
	zw_json_list(r, items, next);
}

static const char *const page_types[][2] = {
	{ "", "全部" }, { "article", "政府信息" }, { "item", "办事服务" },
	{ "survey", "征集调查" }, { "letter", "领导信箱" },
};

static void
page_search(zw_req *r)
{
	const char *q = zw_query(r, "q"), *type = zw_query(r, "type");
	json_t *ctx = json_object(), *types = json_array(), *items = NULL;
	struct parsed p;
	int64_t next = -1;
	int rc;

	for (size_t i = 0; i < sizeof(page_types) / sizeof(page_types[0]); i++)
		json_array_append_new(types, json_pack("{s:s, s:s, s:b}", "value",
		    page_types[i][0], "name", page_types[i][1], "selected",
		    strcmp(type != NULL ? type : "", page_types[i][0]) == 0));
	json_object_set_new(ctx, "types", types);
	json_object_set_new(ctx, "search_q", json_string(q != NULL &&
	    zw_utf8_valid(q, strlen(q)) ? q : ""));
	json_object_set_new(ctx, "from", json_string(zw_query(r, "from") ?
	    zw_query(r, "from") : ""));
	json_object_set_new(ctx, "to", json_string(zw_query(r, "to") ?
	    zw_query(r, "to") : ""));
	if (q == NULL || *q == '\0') {
		zw_render(r, 200, "portal/search.html", ctx);
		return;
	}
	if (!parse(r, &p, true)) {
		json_object_set_new(ctx, "error", json_string(p.msg));
		zw_render(r, p.status, "portal/search.html", ctx);
		return;
	}
	if (zw_db_conn(r) == NULL) {
		json_decref(ctx);
		return;
	}
	rc = zw_site_search(r->db, &p.q, p.limit, p.cursor, &items, &next);
	if (rc != ZW_OK && rc != ZW_EINVAL) {
		json_decref(ctx);
		zw_fail_rc(r, rc, "搜索失败", NULL);
		return;
	}
	if (items == NULL)
		items = json_array();
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *o = json_array_get(items, i);
		char day[11];

		zw_date_fmt(zw_date_of(zw_json_int(o, "published_at")), day, sizeof(day));
		json_object_set_new(o, "date", json_string(day));
	}
	json_object_set_new(ctx, "searched", json_true());
	json_object_set_new(ctx, "items", items);
	if (next >= 0 && next <= ZW_SITE_MAX_CURSOR)
		json_object_set_new(ctx, "next_url", json_string(zw_aprintf(r->a,
		    "/search?q=%s&type=%s&org_id=%s&from=%s&to=%s&cursor=%lld",
		    zw_url_encode(r->a, q), zw_url_encode(r->a, type ? type : ""),
		    zw_url_encode(r->a, zw_query(r, "org_id") ? zw_query(r, "org_id") : ""),
		    zw_url_encode(r->a, zw_query(r, "from") ? zw_query(r, "from") : ""),
		    zw_url_encode(r->a, zw_query(r, "to") ? zw_query(r, "to") : ""),
		    (long long)next)));
	zw_render(r, 200, "portal/search.html", ctx);
}

const struct zw_route zw_search_routes[] = {
	{ "GET", "/api/v1/search", api_search, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/search", page_search, NULL, ZW_R_PUBLIC, NULL },
};
const size_t zw_search_routes_count =
    sizeof(zw_search_routes) / sizeof(zw_search_routes[0]);
