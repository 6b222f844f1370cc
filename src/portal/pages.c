/*
 * pages.c -- the public portal: the main site's home page, the
 * departments' sites, column lists, articles and their attachments,
 * 政府信息公开 (index, 公开指南, 公开目录), Atom feeds and sitemap.xml.
 *
 * Every page here is the same for every visitor, so it is rendered
 * without the visitor (no user, no CSRF token) and kept in the page
 * cache (cache.h) under its path and canonical query, with the tags of
 * what it shows.  A request first asks the cache, and only on a miss
 * borrows a database connection.  Responses carry an ETag; a matching
 * If-None-Match gets 304.
 */
#include <string.h>

#include "base/json.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/clock.h"
#include "files/files.h"
#include "letters/letters.h"
#include "portal/cache.h"
#include "portal/page.h"
#include "portal/portal.h"
#include "portal/routes.h"
#include "web/http.h"
#include "web/route.h"
#include "web/server.h"

#define HTML "text/html; charset=utf-8"
#define ATOM "application/atom+xml; charset=utf-8"
#define XML "application/xml; charset=utf-8"


/*
 * Answer from the cache when the page is there (true).  Otherwise take
 * the epoch before anything is read for the page (false).  Syncs with
 * the change log when due, which alone needs a database connection.
 */
static bool
from_cache(zw_req *r, struct zw_page *p, const char *key, const char *ctype)
{
	char etag[ZW_PCACHE_ETAG];
	const char *ct;
	bool not_modified;

	p->key = key;
	p->ctype = ctype;
	p->tags[0] = '\0';
	p->untagged = false;
	/* A logged-in visitor's page carries their name and CSRF token: it
	 * is rendered for them and never shared through the cache.  The
	 * anonymous public, nearly all the traffic, gets the cached page. */
	if (r->user != NULL) {
		p->untagged = true;
		return zw_db_conn(r) == NULL;
	}
	if (zw_pcache_sync_due()) {
		zw_conn *c = zw_db_conn(r);

		if (c == NULL)
			return true;	/* 503 set */
		(void)zw_pcache_sync(c, false);
	}
	p->epoch = zw_pcache_epoch();
	zw_buf_reset(&r->out);
	if (!zw_pcache_get(key, zw_header(r, "If-None-Match"), &r->out, etag, &ct,
	    &not_modified))
		return false;
	r->status = not_modified ? 304 : 200;
	r->ctype = ct;
	zw_set_header(r, "ETag", zw_astrdup(r->a, etag));
	zw_set_header(r, "Cache-Control", "no-cache");
	return true;
}

/* Append a tag to the page's tags: "name" (id < 0) or "name:id". */
static void
tag(struct zw_page *p, const char *name, long long id)
{
	size_t n = strlen(p->tags);
	char t[48];

	if (id < 0)
		snprintf(t, sizeof(t), "%s", name);
	else
		snprintf(t, sizeof(t), "%s:%lld", name, id);
	if (n + strlen(t) + 3 < sizeof(p->tags))
		snprintf(p->tags + n, sizeof(p->tags) - n, "%s%s,", n == 0 ? "," : "", t);
	else
		p->untagged = true;	/* it could not be dropped when due */
}

/* The name of the main site (the portal's owner), for every public
 * page: the portal's own and, through zw_render, every other module's. */
const char *
zw_portal_site_name(zw_req *r)
{
	int64_t id;
	json_t *o;
	const char *name = r->app->site_name;

	if (zw_db_conn(r) == NULL)
		return name;
	if (zw_site_find(r->db, NULL, &id) == ZW_OK && zw_site_get(r->db, id, &o) == ZW_OK) {
		name = zw_astrdup(r->a, zw_json_str(o, "name"));
		json_decref(o);
	}
	return name;
}

static int
render(zw_req *r, const char *tmpl, json_t *ctx)
{
	int rc;

	json_object_set_new(ctx, "site_name", json_string(zw_portal_site_name(r)));
	json_object_set_new(ctx, "v", json_string(zw_asset_version));
	zw_render_user(r, ctx);
	zw_buf_reset(&r->out);
	rc = zw_tmpl_render(r->app->tmpl, tmpl, ctx, &r->out);
	json_decref(ctx);
	if (rc == ZW_OK && r->out.p == NULL)
		rc = zw_buf_puts(&r->out, "");
	if (rc != ZW_OK)
		zw_error("render %s failed: %s", tmpl, zw_strerror(rc));
	return rc;
}

/* Render, store in the cache and answer (304 when the ETag matches). */
static void
page_done(zw_req *r, struct zw_page *p, const char *tmpl, json_t *ctx)
{
	char etag[ZW_PCACHE_ETAG];
	const char *inm;

	if (render(r, tmpl, ctx) != ZW_OK) {
		zw_fail(r, 500, "internal", "页面生成失败，请联系管理员", NULL);
		return;
	}
	if (p->untagged)
		zw_pcache_etag(r->out.p, r->out.len, etag);
	else
		(void)zw_pcache_put(p->key, p->tags, p->ctype, r->out.p, r->out.len,
		    p->epoch, etag);
	r->status = 200;
	r->ctype = p->ctype;
	if ((inm = zw_header(r, "If-None-Match")) != NULL && strcmp(inm, etag) == 0) {
		zw_buf_reset(&r->out);
		r->status = 304;
	}
	zw_set_header(r, "ETag", zw_astrdup(r->a, etag));
	zw_set_header(r, "Cache-Control", "no-cache");
}

/* A public error page (not cached). */
static void
page_error(zw_req *r, int status, const char *title, const char *message)
{
	if (r->db == NULL && zw_db_conn(r) == NULL)
		return;
	if (render(r, "portal/error.html", json_pack("{s:s, s:s}", "title", title,
	    "message", message)) != ZW_OK) {
		zw_fail(r, 500, "internal", "页面生成失败，请联系管理员", NULL);
		return;
	}
	r->status = status;
	r->ctype = HTML;
}

static void
not_found(zw_req *r)
{
	page_error(r, 404, "页面不存在", "您访问的页面不存在或已删除。");
}

/* The site of org code (NULL: the main site) with its public columns
 * as "columns".  NULL when there is none. */
static json_t *
load_site(zw_req *r, const char *code)
{
	int64_t id;
	json_t *site, *cols;

	if (zw_site_find(r->db, code, &id) != ZW_OK || zw_site_get(r->db, id, &site))
		return NULL;
	if (zw_column_list(r->db, id, true, &cols) != ZW_OK) {
		json_decref(site);
		return NULL;
	}
	json_object_set_new(site, "columns", cols);
	return site;
}

/* Latest published articles of a filter. */
static json_t *
latest(zw_req *r, const struct zw_article_filter *f, int64_t n)
{
	json_t *items;
	int64_t next;

	if (zw_article_list(r->db, NULL, f, n, 0, &items, &next) != ZW_OK)
		return json_array();
	return items;
}

/* One section per column shown on the site's home page. */
static json_t *
sections(zw_req *r, json_t *site)
{
	json_t *out = json_array(), *col;
	size_t i;

	json_array_foreach(json_object_get(site, "columns"), i, col) {
		struct zw_article_filter f = { 0 };
		json_t *sec;

		if (!json_is_true(json_object_get(col, "on_home")))
			continue;
		f.column_id = zw_json_int(col, "id");
		sec = json_deep_copy(col);
		json_object_set_new(sec, "items", latest(r, &f, ZW_PORTAL_HOME_ITEMS));
		json_array_append_new(out, sec);
	}
	return out;
}

static json_t *
departments(zw_req *r)
{
	json_t *all, *out = json_array(), *s;
	size_t i;

	if (zw_site_list(r->db, NULL, &all) != ZW_OK)
		return out;
	json_array_foreach(all, i, s)
		if (!json_is_true(json_object_get(s, "is_main")))
			json_array_append(out, s);
	json_decref(all);
	return out;
}

/* 政民互动 on the home page: this year's letters and the first
 * leader's mailbox (tag lstat). */
static json_t *
letters_box(zw_req *r, json_t *site)
{
	zw_date today = zw_date_of(zw_now()), from = { today.y, 1, 1 };
	json_t *o, *l = json_array_get(json_object_get(site, "leaders"), 0);

	if (zw_letter_stats(r->db, from, today, &o) != ZW_OK)
		o = json_object();
	json_object_set_new(o, "year", json_integer(today.y));
	json_object_set_new(o, "mayor", json_string(l != NULL &&
	    zw_json_str(l, "name") ? zw_json_str(l, "name") : ""));
	return o;
}

/* ---- pages ---- */

static void
page_home(zw_req *r)
{
	struct zw_article_filter f = { 0 };
	struct zw_page p;
	json_t *site;

	if (from_cache(r, &p, "/", HTML) || zw_db_conn(r) == NULL)
		return;
	tag(&p, "pub", -1);
	tag(&p, "sites", -1);
	if ((site = load_site(r, NULL)) == NULL) {
		page_done(r, &p, "portal/error.html", json_pack("{s:s, s:s}", "title",
		    "门户网站尚未开通", "message", "尚未设置门户网站主站，请管理员在工作台"
		    "“网站栏目”中开通。"));
		return;
	}
	tag(&p, "s", (long long)zw_json_int(site, "id"));
	tag(&p, "sh", (long long)zw_json_int(site, "id"));
	tag(&p, "lstat", -1);
	page_done(r, &p, "portal/home.html", json_pack("{s:o, s:o, s:o, s:o, s:o}",
	    "sections", sections(r, site), "latest", latest(r, &f, ZW_PORTAL_HOME_ITEMS),
	    "departments", departments(r), "letters", letters_box(r, site),
	    "site", site));
}

static void
page_site_home(zw_req *r)
{
	const char *code = r->params[0];
	struct zw_page p;
	json_t *site;

	if (from_cache(r, &p, zw_aprintf(r->a, "/site/%s/", code), HTML) ||
	    zw_db_conn(r) == NULL)
		return;
	if ((site = load_site(r, code)) == NULL) {
		not_found(r);
		return;
	}
	if (json_is_true(json_object_get(site, "is_main"))) {
		json_decref(site);
		zw_redirect(r, "/");
		return;
	}
	tag(&p, "s", (long long)zw_json_int(site, "id"));
	tag(&p, "sh", (long long)zw_json_int(site, "id"));
	page_done(r, &p, "portal/site.html", json_pack("{s:o, s:o}", "sections",
	    sections(r, site), "site", site));
}

/* 领导 or 联系我们 of a site (code NULL: the main site). */
static void
site_page(zw_req *r, const char *code, const char *what)
{
	struct zw_page p;
	json_t *site;

	if (from_cache(r, &p, code != NULL ? zw_aprintf(r->a, "/site/%s/%s", code,
	    what) : zw_aprintf(r->a, "/%s", what), HTML) || zw_db_conn(r) == NULL)
		return;
	if ((site = load_site(r, code)) == NULL) {
		not_found(r);
		return;
	}
	tag(&p, "s", (long long)zw_json_int(site, "id"));
	page_done(r, &p, strcmp(what, "leaders") == 0 ? "portal/leaders.html" :
	    "portal/contact.html", json_pack("{s:o}", "site", site));
}

static void page_main_leaders(zw_req *r) { site_page(r, NULL, "leaders"); }
static void page_main_contact(zw_req *r) { site_page(r, NULL, "contact"); }
static void page_site_leaders(zw_req *r) { site_page(r, r->params[0], "leaders"); }
static void page_site_contact(zw_req *r) { site_page(r, r->params[0], "contact"); }

/* ?page=N, 1..ZW_PORTAL_MAX_PAGE (1 when absent); false: 404 set. */
static bool
page_number(zw_req *r, int64_t *page)
{
	const char *v = zw_query(r, "page");

	*page = 1;
	if (v != NULL && *v != '\0' &&
	    zw_parse_i64(v, 1, ZW_PORTAL_MAX_PAGE, page) != ZW_OK) {
		page_error(r, 400, "参数有误", "页码无效。");
		return false;
	}
	return true;
}

/* The pager of a list at url (with or without a query). */
static json_t *
pager(zw_req *r, const char *url, int64_t page, int64_t total)
{
	int64_t pages = (total + ZW_PORTAL_PAGE - 1) / ZW_PORTAL_PAGE;
	char sep = strchr(url, '?') != NULL ? '&' : '?';
	json_t *o;

	if (pages < 1)
		pages = 1;
	o = json_pack("{s:I, s:I, s:I}", "page", (json_int_t)page, "pages",
	    (json_int_t)pages, "total", (json_int_t)total);
	if (page > 1)
		json_object_set_new(o, "prev", json_string(page == 2 && sep == '?' ? url :
		    zw_aprintf(r->a, "%s%cpage=%lld", url, sep, (long long)page - 1)));
	if (page < pages)
		json_object_set_new(o, "next", json_string(zw_aprintf(r->a,
		    "%s%cpage=%lld", url, sep, (long long)page + 1)));
	return o;
}

static json_t *
find_column(json_t *site, const char *code)
{
	json_t *col;
	size_t i;

	json_array_foreach(json_object_get(site, "columns"), i, col)
		if (strcmp(zw_json_str(col, "code"), code) == 0)
			return col;
	return NULL;
}

static void
column_page(zw_req *r, const char *code, const char *col_code)
{
	struct zw_article_filter f = { 0 };
	struct zw_page p;
	const char *url;
	json_t *site, *col, *items;
	int64_t page, total = 0, next;

	if (!page_number(r, &page))
		return;
	url = code != NULL ? zw_aprintf(r->a, "/site/%s/column/%s", code, col_code) :
	    zw_aprintf(r->a, "/column/%s", col_code);
	if (from_cache(r, &p, page > 1 ? zw_aprintf(r->a, "%s?page=%lld", url,
	    (long long)page) : url, HTML) || zw_db_conn(r) == NULL)
		return;
	if ((site = load_site(r, code)) == NULL ||
	    (col = find_column(site, col_code)) == NULL) {
		json_decref(site);
		not_found(r);
		return;
	}
	f.column_id = zw_json_int(col, "id");
	if (zw_article_count(r->db, &f, &total) != ZW_OK ||
	    zw_article_list(r->db, NULL, &f, ZW_PORTAL_PAGE, (page - 1) * ZW_PORTAL_PAGE,
	    &items, &next) != ZW_OK) {
		json_decref(site);
		zw_fail(r, 500, "internal", "服务器内部错误", NULL);
		return;
	}
	if (page > 1 && json_array_size(items) == 0) {
		json_decref(items);
		json_decref(site);
		not_found(r);
		return;
	}
	tag(&p, "s", (long long)zw_json_int(site, "id"));
	tag(&p, "c", (long long)f.column_id);
	page_done(r, &p, "portal/column.html", json_pack("{s:O, s:o, s:o, s:o}",
	    "column", col, "items", items, "pager", pager(r, url, page, total),
	    "site", site));
}

static void page_main_column(zw_req *r) { column_page(r, NULL, r->params[0]); }
static void page_site_column(zw_req *r) { column_page(r, r->params[0], r->params[1]); }

static void
page_article(zw_req *r)
{
	struct zw_page p;
	json_t *a, *site;
	int64_t id;
	int rc;

	if (r->params[0] == NULL || zw_parse_i64(r->params[0], 1, INT64_MAX, &id)) {
		if (zw_db_conn(r) != NULL)
			not_found(r);
		return;
	}
	if (from_cache(r, &p, zw_aprintf(r->a, "/articles/%lld", (long long)id), HTML) ||
	    zw_db_conn(r) == NULL)
		return;
	rc = zw_article_get(r->db, NULL, id, &a);
	if (rc == ZW_ESTATE) {
		page_error(r, 410, "信息已撤回", "该信息已被发布机关撤回，不再公开。");
		return;
	}
	if (rc != ZW_OK) {
		not_found(r);
		return;
	}
	site = load_site(r, strcmp(zw_json_str(a, "site_url"), "/") == 0 ? NULL :
	    zw_json_str(a, "site_code"));
	if (site == NULL) {
		json_decref(a);
		not_found(r);	/* the site is hidden */
		return;
	}
	tag(&p, "s", (long long)zw_json_int(site, "id"));
	tag(&p, "a", (long long)id);
	page_done(r, &p, "portal/article.html", json_pack("{s:o, s:o}", "article", a,
	    "site", site));
}

/* An attachment of a published article, to anybody. */
static void
page_attachment(zw_req *r)
{
	int64_t id, fid;
	json_t *a, *att, *meta = NULL;
	bool attached = false;
	void *data = NULL;
	size_t i, n = 0;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if (zw_parse_i64(r->params[0], 1, INT64_MAX, &id) != ZW_OK ||
	    zw_parse_i64(r->params[1], 1, INT64_MAX, &fid) != ZW_OK ||
	    zw_article_get(r->db, NULL, id, &a) != ZW_OK) {
		not_found(r);
		return;
	}
	json_array_foreach(json_object_get(a, "attachments"), i, att)
		if (zw_json_int(att, "id") == fid)
			attached = true;
	json_decref(a);
	if (!attached) {
		not_found(r);
		return;
	}
	/* who NULL: the article being published is the permission */
	rc = zw_file_read(r->db, NULL, r->app->datadir, fid, &meta, &data, &n);
	if (rc != ZW_OK) {
		zw_error("request %s: attachment %lld of article %lld: %s",
		    r->request_id, (long long)fid, (long long)id, zw_strerror(rc));
		page_error(r, rc == ZW_ECRYPTO ? 500 : 404, "附件无法下载",
		    "附件不存在或已损坏，请联系发布机关。");
		return;
	}
	zw_buf_reset(&r->out);
	rc = zw_buf_append(&r->out, data, n);
	zw_free(data);
	if (rc != ZW_OK) {
		json_decref(meta);
		zw_fail(r, 500, "too_large", "响应过大", NULL);
		return;
	}
	r->status = 200;
	r->ctype = zw_astrdup(r->a, zw_json_str(meta, "content_type"));
	zw_set_header(r, "Content-Disposition", zw_aprintf(r->a,
	    "attachment; filename=\"download\"; filename*=UTF-8''%s",
	    zw_url_encode(r->a, zw_json_str(meta, "filename"))));
	zw_set_header(r, "ETag", zw_aprintf(r->a, "\"%s\"", zw_json_str(meta, "sm3")));
	json_decref(meta);
}

/* ---- 政府信息公开 ---- */

static void
page_xxgk(zw_req *r)
{
	struct zw_article_filter f = { 0 };
	struct zw_page p;
	json_t *site, *cats;

	if (from_cache(r, &p, "/xxgk/", HTML) || zw_db_conn(r) == NULL)
		return;
	if ((site = load_site(r, NULL)) == NULL) {
		not_found(r);
		return;
	}
	if (zw_article_category_counts(r->db, &cats) != ZW_OK)
		cats = json_array();
	tag(&p, "pub", -1);
	tag(&p, "s", (long long)zw_json_int(site, "id"));
	page_done(r, &p, "portal/xxgk.html", json_pack("{s:o, s:o, s:o}", "site", site,
	    "categories", cats, "latest", latest(r, &f, 10)));
}

static void
page_guide(zw_req *r)
{
	struct zw_article_filter f = { 0 };
	struct zw_page p;
	json_t *site, *cats;
	int64_t total = 0;

	if (from_cache(r, &p, "/xxgk/guide", HTML) || zw_db_conn(r) == NULL)
		return;
	if ((site = load_site(r, NULL)) == NULL) {
		not_found(r);
		return;
	}
	if (zw_article_category_counts(r->db, &cats) != ZW_OK)
		cats = json_array();
	(void)zw_article_count(r->db, &f, &total);
	tag(&p, "pub", -1);
	tag(&p, "sites", -1);
	tag(&p, "s", (long long)zw_json_int(site, "id"));
	page_done(r, &p, "portal/guide.html", json_pack("{s:o, s:o, s:I, s:o}", "site",
	    site, "categories", cats, "total", (json_int_t)total, "departments",
	    departments(r)));
}

/* Mark the item whose `key` equals `val` as selected. */
static void
select_item(json_t *arr, const char *key, const char *val)
{
	json_t *it;
	size_t i;

	json_array_foreach(arr, i, it) {
		json_t *v = json_object_get(it, key);
		char num[32];
		const char *s = json_string_value(v);

		if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
			s = num;
		}
		json_object_set_new(it, "selected", json_boolean(s != NULL && val != NULL &&
		    strcmp(s, val) == 0));
	}
}

static void
page_catalog(zw_req *r)
{
	struct zw_article_filter f = { 0 };
	const char *cat = zw_query(r, "category"), *org = zw_query(r, "org");
	const char *year = zw_query(r, "year"), *url;
	struct zw_page p;
	json_t *site, *cats, *orgs, *years, *items;
	int64_t page, y = 0, total = 0, next;
	char ys[8], os[24];

	if (!page_number(r, &page))
		return;
	if (cat != NULL && *cat != '\0') {
		if (zw_portal_category(cat) == NULL) {
			page_error(r, 400, "参数有误", "信息类别无效。");
			return;
		}
		f.category = cat;
	}
	if ((org != NULL && *org != '\0' && zw_parse_i64(org, 1, INT64_MAX, &f.org_id)) ||
	    (year != NULL && *year != '\0' && zw_parse_i64(year, 1990, 2100, &y))) {
		page_error(r, 400, "参数有误", "发布机构或年份无效。");
		return;
	}
	f.year = (int)y;
	snprintf(ys, sizeof(ys), "%d", f.year);
	snprintf(os, sizeof(os), "%lld", (long long)f.org_id);
	/* the canonical query: only validated values, in one order */
	url = zw_aprintf(r->a, "/xxgk/catalog?category=%s&org=%s&year=%s",
	    f.category != NULL ? f.category : "", f.org_id > 0 ? os : "",
	    f.year > 0 ? ys : "");
	if (f.category == NULL && f.org_id == 0 && f.year == 0)
		url = "/xxgk/catalog";
	if (from_cache(r, &p, page > 1 ? zw_aprintf(r->a, "%s%cpage=%lld", url,
	    strchr(url, '?') ? '&' : '?', (long long)page) : url, HTML) ||
	    zw_db_conn(r) == NULL)
		return;
	if ((site = load_site(r, NULL)) == NULL) {
		not_found(r);
		return;
	}
	if (zw_article_count(r->db, &f, &total) != ZW_OK ||
	    zw_article_list(r->db, NULL, &f, ZW_PORTAL_PAGE, (page - 1) * ZW_PORTAL_PAGE,
	    &items, &next) != ZW_OK) {
		json_decref(site);
		zw_fail(r, 500, "internal", "服务器内部错误", NULL);
		return;
	}
	if (zw_article_category_counts(r->db, &cats) != ZW_OK)
		cats = json_array();
	if (zw_article_facets(r->db, &orgs, &years) != ZW_OK) {
		orgs = json_array();
		years = json_array();
	}
	select_item(cats, "code", f.category);
	select_item(orgs, "id", f.org_id > 0 ? os : NULL);
	select_item(years, "year", f.year > 0 ? ys : NULL);
	tag(&p, "pub", -1);
	tag(&p, "s", (long long)zw_json_int(site, "id"));
	page_done(r, &p, "portal/catalog.html", json_pack("{s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:b}", "site", site, "items", items, "categories", cats, "orgs", orgs,
	    "years", years, "pager", pager(r, url, page, total), "filtered",
	    f.category != NULL || f.org_id > 0 || f.year > 0));
}

/* ---- feeds and sitemap ---- */

/* The portal's public address without a trailing slash: the setting
 * public_url, or http:// and the request's Host when that is a plain
 * host[:port]. */
static const char *
base_url(zw_req *r)
{
	const char *u = zw_config_str(r->app->conf, "public_url"), *h;
	size_t n, i;

	if (*u != '\0') {
		n = strlen(u);
		while (n > 0 && u[n - 1] == '/')
			n--;
		return zw_astrndup(r->a, u, n);
	}
	h = zw_header(r, "Host");
	if (h == NULL || *h == '\0' || strlen(h) > 255)
		return "http://localhost";
	for (i = 0; h[i] != '\0'; i++)
		if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z') ||
		    (h[i] >= '0' && h[i] <= '9') || h[i] == '.' || h[i] == '-' ||
		    h[i] == ':' || h[i] == '[' || h[i] == ']'))
			return "http://localhost";
	return zw_aprintf(r->a, "http://%s", h);
}

static void
feed(zw_req *r, const char *code, const char *file)
{
	struct zw_article_filter f = { 0 };
	const char *base = base_url(r), *col_code;
	size_t n = strlen(file);
	struct zw_page p;
	json_t *site, *col, *items, *first;

	if (n <= 5 || strcmp(file + n - 5, ".atom") != 0) {
		if (zw_db_conn(r) != NULL)
			not_found(r);
		return;
	}
	col_code = zw_astrndup(r->a, file, n - 5);
	if (from_cache(r, &p, code != NULL ? zw_aprintf(r->a, "%s/site/%s/feeds/%s",
	    base, code, file) : zw_aprintf(r->a, "%s/feeds/%s", base, file), ATOM) ||
	    zw_db_conn(r) == NULL)
		return;
	if ((site = load_site(r, code)) == NULL ||
	    (col = find_column(site, col_code)) == NULL) {
		json_decref(site);
		not_found(r);
		return;
	}
	f.column_id = zw_json_int(col, "id");
	items = latest(r, &f, ZW_PORTAL_FEED_ITEMS);
	first = json_array_get(items, 0);
	tag(&p, "s", (long long)zw_json_int(site, "id"));
	tag(&p, "c", (long long)f.column_id);
	page_done(r, &p, "portal/feed.atom.html", json_pack("{s:O, s:o, s:s, s:s, s:o}",
	    "column", col, "items", items, "base", base, "updated", first != NULL ?
	    zw_json_str(first, "published_at") : "1970-01-01T08:00:00+08:00",
	    "site", site));
}

static void page_main_feed(zw_req *r) { feed(r, NULL, r->params[0]); }
static void page_site_feed(zw_req *r) { feed(r, r->params[0], r->params[1]); }

static void
page_sitemap(zw_req *r)
{
	const char *base = base_url(r);
	struct zw_page p;
	json_t *urls, *sites, *arts, *s, *c, *a;
	size_t i, j;

	if (from_cache(r, &p, zw_aprintf(r->a, "%s/sitemap.xml", base), XML) ||
	    zw_db_conn(r) == NULL)
		return;
	urls = json_array();
	json_array_append_new(urls, json_pack("{s:s}", "loc", "/xxgk/"));
	json_array_append_new(urls, json_pack("{s:s}", "loc", "/xxgk/guide"));
	json_array_append_new(urls, json_pack("{s:s}", "loc", "/xxgk/catalog"));
	if (zw_site_list(r->db, NULL, &sites) == ZW_OK) {
		json_array_foreach(sites, i, s) {
			const char *u = zw_json_str(s, "url");
			json_t *cols;

			json_array_append_new(urls, json_pack("{s:s}", "loc", u));
			json_array_append_new(urls, json_pack("{s:s}", "loc",
			    zw_aprintf(r->a, "%sleaders", u)));
			json_array_append_new(urls, json_pack("{s:s}", "loc",
			    zw_aprintf(r->a, "%scontact", u)));
			if (zw_column_list(r->db, zw_json_int(s, "id"), true, &cols) != ZW_OK)
				continue;
			json_array_foreach(cols, j, c)
				json_array_append_new(urls, json_pack("{s:s}", "loc",
				    zw_json_str(c, "url")));
			json_decref(cols);
		}
		json_decref(sites);
	}
	if (zw_article_sitemap(r->db, ZW_PORTAL_SITEMAP_MAX - (int64_t)
	    json_array_size(urls), &arts) == ZW_OK) {
		json_array_foreach(arts, i, a)
			json_array_append_new(urls, json_pack("{s:s, s:s}", "loc",
			    zw_aprintf(r->a, "/articles/%lld", (long long)zw_json_int(a, "id")),
			    "lastmod", zw_json_str(a, "lastmod")));
		json_decref(arts);
	}
	tag(&p, "pub", -1);
	tag(&p, "map", -1);
	tag(&p, "sites", -1);
	page_done(r, &p, "portal/sitemap.xml.html", json_pack("{s:o, s:s}", "urls",
	    urls, "base", base));
}

/* ---- for other modules' public pages (page.h) ---- */

bool
zw_page_cached(zw_req *r, struct zw_page *p, const char *key)
{
	return from_cache(r, p, key, HTML) || zw_db_conn(r) == NULL;
}

void
zw_page_tag(struct zw_page *p, const char *name, long long id)
{
	tag(p, name, id);
}

void
zw_page_done(zw_req *r, struct zw_page *p, const char *tmpl, json_t *ctx)
{
	page_done(r, p, tmpl, ctx);
}

void
zw_page_error(zw_req *r, int status, const char *title, const char *message)
{
	page_error(r, status, title, message);
}

const struct zw_route zw_portal_page_routes[] = {
	{ "GET", "/", page_home, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/leaders", page_main_leaders, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/contact", page_main_contact, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/column/{code}", page_main_column, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/feeds/{file}", page_main_feed, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/site/{org}", page_site_home, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/site/{org}/", page_site_home, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/site/{org}/leaders", page_site_leaders, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/site/{org}/contact", page_site_contact, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/site/{org}/column/{code}", page_site_column, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/site/{org}/feeds/{file}", page_site_feed, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/articles/{id}", page_article, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/articles/{id}/files/{file}", page_attachment, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/xxgk", page_xxgk, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/xxgk/", page_xxgk, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/xxgk/guide", page_guide, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/xxgk/catalog", page_catalog, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/sitemap.xml", page_sitemap, NULL, ZW_R_PUBLIC, NULL },
};
const size_t zw_portal_page_routes_count =
    sizeof(zw_portal_page_routes) / sizeof(zw_portal_page_routes[0]);
