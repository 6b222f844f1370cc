/*
 * office.c -- the back office of the portal: articles by state, the
 * compose form, an article's page with its history and the actions the
 * user may take (submit, return, publish now or at a time, withdraw),
 * the review queue, the 20-working-day monitor, and the sites and
 * columns.  Forms call the same domain functions as the API; a refused
 * form comes back with the reason and changes nothing.
 */
#include <pthread.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "files/files.h"
#include "org/routes.h"
#include "portal/portal.h"
#include "portal/routes.h"
#include "web/http.h"
#include "web/route.h"

/* ---- lists ---- */

static const struct {
	const char *state, *name;
} tabs[] = {
	{ "all", "全部" }, { "draft", "草稿" }, { "review", "待审核" },
	{ "scheduled", "定时发布" }, { "published", "已发布" }, { "withdrawn", "已撤回" },
};

static json_t *
tabs_json(const char *sel)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "state",
		    tabs[i].state, "name", tabs[i].name, "current",
		    strcmp(tabs[i].state, sel) == 0));
	return a;
}

static void
article_list(zw_req *r, const char *forced_state)
{
	struct zw_article_filter f;
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items, *ctx;
	const char *state;
	int rc;

	if (!zw_portal_can(r)) {
		zw_fail(r, 403, "forbidden", "没有管理网站信息的权限", NULL);
		return;
	}
	if (!zw_portal_filter_from_query(r, &f) || !zw_in_page(r, &limit, &cursor) ||
	    zw_db_conn(r) == NULL)
		return;
	if (forced_state != NULL)
		f.state = forced_state;
	state = f.state != NULL ? f.state : "all";
	f.state = state;
	zw_req_actor(r, &who);
	ctx = json_pack("{s:s, s:s, s:o, s:b, s:b}", "state", state, "q",
	    f.q != NULL ? f.q : "", "tabs", tabs_json(state), "can_edit",
	    zw_has_perm(r, "portal.edit"), "review_queue", forced_state != NULL);
	rc = zw_article_list(r->db, &who, &f, limit, cursor, &items, &next);
	if (rc == ZW_EINVAL) {
		json_object_set_new(ctx, "error", json_string(
		    "搜索词应为1至100个字符，包含汉字、字母或数字"));
		items = json_array();
		next = -1;
	} else if (rc != ZW_OK) {
		json_decref(ctx);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "next", next >= 0 ? json_integer(next) : json_null());
	zw_render(r, 200, "office/articles.html", ctx);
}

static void page_articles(zw_req *r) { article_list(r, NULL); }
static void page_review_queue(zw_req *r) { article_list(r, "review"); }

static void
page_overdue(zw_req *r)
{
	struct zw_actor who;
	json_t *o;
	int rc;

	if (!zw_portal_can(r)) {
		zw_fail(r, 403, "forbidden", "没有管理网站信息的权限", NULL);
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_article_monitor(r->db, &who, r->app->cal, zw_date_of(zw_now()), &o);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/articles_overdue.html", o);
}

/* ---- the compose form ---- */

/* Columns of the sites in reach, grouped: [{name, columns[{id, name,
 * selected}]}]. */
static json_t *
columns_json(zw_req *r, int64_t sel)
{
	struct zw_actor who;
	json_t *sites, *out = json_array(), *s, *cols, *c;
	size_t i, j;

	zw_req_actor(r, &who);
	if (zw_site_list(r->db, &who, &sites) != ZW_OK)
		return out;
	json_array_foreach(sites, i, s) {
		if (zw_column_list(r->db, zw_json_int(s, "id"), false, &cols) != ZW_OK)
			continue;
		json_array_foreach(cols, j, c)
			json_object_set_new(c, "selected", json_boolean(
			    zw_json_int(c, "id") == sel));
		json_array_append_new(out, json_pack("{s:s, s:o}", "name",
		    zw_json_str(s, "name"), "columns", cols));
	}
	json_decref(sites);
	return out;
}

static json_t *
categories_json(const char *sel)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < zw_portal_ncategories; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b, s:b}", "code",
		    zw_portal_categories[i].code, "name", zw_portal_categories[i].short_name,
		    "full_name", zw_portal_categories[i].name, "topic",
		    zw_portal_categories[i].article == 21, "selected", sel != NULL &&
		    strcmp(sel, zw_portal_categories[i].code) == 0));
	return a;
}

static json_t *
orgs_json(zw_req *r, int64_t sel)
{
	json_t *items, *it;
	size_t i;

	if (zw_org_list_public(r->db, &items) != ZW_OK)
		return json_array();
	json_array_foreach(items, i, it)
		json_object_set_new(it, "selected", json_boolean(zw_json_int(it, "id") == sel));
	return items;
}

static void
render_form(zw_req *r, int status, json_t *form, int64_t id, const char *err)
{
	json_t *ctx = json_pack("{s:o, s:o, s:o, s:o}", "columns",
	    columns_json(r, zw_json_int(form, "column_id")), "categories",
	    categories_json(zw_json_str(form, "category")), "orgs",
	    orgs_json(r, zw_json_int(form, "org_id")), "form", form);

	if (id > 0)
		json_object_set_new(ctx, "id", json_integer(id));
	if (err != NULL)
		json_object_set_new(ctx, "error", json_string(err));
	zw_render(r, status, "office/article_form.html", ctx);
}

static void
page_new(zw_req *r)
{
	char today[11];

	if (zw_db_conn(r) == NULL)
		return;
	zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
	render_form(r, 200, json_pack("{s:s, s:s, s:s}", "created_on", today,
	    "validity", "valid", "category", "other"), 0, NULL);
}

/* Every value of a repeated form field as ids. */
static int64_t *
form_ids(zw_req *r, const char *key, size_t *n)
{
	int64_t *v = zw_alloc(r->a, sizeof(*v) * (r->nform + 1));
	size_t i;

	*n = 0;
	for (i = 0; i < r->nform; i++) {
		int64_t x;

		if (strcmp(r->form[i].key, key) == 0 &&
		    zw_parse_i64(r->form[i].val, 1, INT64_MAX, &x) == ZW_OK)
			v[(*n)++] = x;
	}
	return v;
}

/* The form as JSON, to show it again after a refusal. */
static json_t *
form_echo(zw_req *r)
{
	json_t *form = json_object(), *att = json_array();
	size_t i;

	for (i = 0; i < r->nform; i++) {
		int64_t x;

		if (strcmp(r->form[i].key, "csrf_token") == 0)
			continue;
		if (strcmp(r->form[i].key, "attachments") == 0) {
			if (zw_parse_i64(r->form[i].val, 1, INT64_MAX, &x) == ZW_OK)
				json_array_append_new(att, json_pack("{s:I, s:s}", "id",
				    (json_int_t)x, "filename", "（已上传的附件）"));
			continue;
		}
		if ((strcmp(r->form[i].key, "column_id") == 0 ||
		    strcmp(r->form[i].key, "org_id") == 0) &&
		    zw_parse_i64(r->form[i].val, 1, INT64_MAX, &x) == ZW_OK)
			json_object_set_new(form, r->form[i].key, json_integer(x));
		else
			json_object_set_new(form, r->form[i].key,
			    json_string(r->form[i].val));
	}
	json_object_set_new(form, "attachments", att);
	return form;
}

static void
save(zw_req *r, int64_t id)
{
	int64_t att[ZW_PORTAL_MAX_ATTACHMENTS + 1];
	struct zw_article_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *err = NULL, *v;
	size_t i, nkeep = 0;
	int64_t *keep;
	zw_conn *c;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	memset(&in, 0, sizeof(in));
	if ((v = zw_form(r, "column_id")) != NULL && *v &&
	    zw_parse_i64(v, 1, INT64_MAX, &in.column_id) != ZW_OK)
		err = "栏目无效";
	if ((v = zw_form(r, "org_id")) != NULL && *v &&
	    zw_parse_i64(v, 1, INT64_MAX, &in.org_id) != ZW_OK)
		err = "发布机构无效";
	if (err == NULL && id == 0 && in.column_id == 0)
		err = "请选择栏目";
	if (err == NULL) {
		const char *keys[] = { "title", "summary", "body", "category", "doc_no",
			"created_on", "validity" };
		const char **dst[] = { &in.title, &in.summary, &in.body, &in.category,
			&in.doc_no, &in.created_on, &in.validity };
		const size_t max[] = { 200, 500, ZW_MAX_LONG_TEXT, 40, 100, 10, 10 };

		for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && err == NULL; i++)
			if (!zw_form_str(r, keys[i], false, max[i], dst[i], &err))
				break;
	}
	/* empty choices mean "unchanged" (the domain refuses unknown ones) */
	if (in.category != NULL && *in.category == '\0')
		in.category = NULL;
	if (in.validity != NULL && *in.validity == '\0')
		in.validity = NULL;
	keep = form_ids(r, "attachments", &nkeep);
	for (i = 0; i < nkeep && i < ZW_PORTAL_MAX_ATTACHMENTS; i++)
		att[i] = keep[i];
	in.attachments = att;
	in.n_att = i;
	in.set_attachments = true;
	if (err != NULL) {
		render_form(r, 422, form_echo(r), id, err);
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	/* an uploaded file becomes one more attachment */
	for (i = 0; i < r->nparts; i++) {
		char sm3[65];
		int64_t fid;

		if (r->parts[i].filename == NULL || r->parts[i].len == 0 ||
		    strcmp(r->parts[i].name, "file") != 0)
			continue;
		if (in.n_att >= ZW_PORTAL_MAX_ATTACHMENTS) {
			ZW_WHY(&why, "too_many", "附件最多 20 个", "file");
			goto bad;
		}
		if (zw_file_create(c, &who, r->app->datadir, r->parts[i].filename,
		    r->parts[i].content_type, r->parts[i].data, r->parts[i].len, &fid,
		    sm3, &why) != ZW_OK)
			goto bad;
		att[in.n_att++] = fid;
	}
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = id > 0 ? zw_article_update(c, &who, r->app->cal, id, &in, &why) :
	    zw_article_create(c, &who, r->app->cal, &in, &id, &why);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc == ZW_ENOTFOUND) {
		zw_fail_rc(r, rc, "信息不存在", NULL);
		return;
	}
	if (rc != ZW_OK)
		goto bad;
	if (zw_portal_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/articles/%lld?saved=1",
		    (long long)id));
	return;
bad:
	zw_tx_rollback(c);
	render_form(r, 422, form_echo(r), id, why.message != NULL ? why.message :
	    "保存失败");
}

static void page_create(zw_req *r) { save(r, 0); }

static void
page_update(zw_req *r)
{
	int64_t id;

	if (zw_path_id(r, 0, &id))
		save(r, id);
}

static void
page_edit(zw_req *r)
{
	struct zw_actor who;
	json_t *a;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_article_get(r->db, &who, id, &a)) != ZW_OK) {
		zw_fail_rc(r, rc, "信息不存在", NULL);
		return;
	}
	render_form(r, 200, a, id, NULL);
}

/* ---- one article ---- */

static void
render_article(zw_req *r, int64_t id, int status, const char *err)
{
	struct zw_actor who;
	json_t *a, *hist, *ctx;
	const char *st;
	int rc;

	zw_req_actor(r, &who);
	if ((rc = zw_article_get(r->db, &who, id, &a)) != ZW_OK ||
	    (rc = zw_article_history(r->db, &who, id, &hist)) != ZW_OK) {
		if (rc == ZW_OK)
			json_decref(a);
		zw_fail_rc(r, rc == ZW_ESTATE ? ZW_ENOTFOUND : rc, "信息不存在", NULL);
		return;
	}
	st = zw_json_str(a, "state");
	ctx = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b}",
	    "saved", zw_query(r, "saved") != NULL && err == NULL,
	    "can_edit", (!strcmp(st, "draft") && zw_has_perm(r, "portal.edit")) ||
	    (!strcmp(st, "published") && zw_has_perm(r, "portal.publish")),
	    "can_submit", !strcmp(st, "draft") && zw_has_perm(r, "portal.edit"),
	    "can_review", !strcmp(st, "review") && zw_has_perm(r, "portal.publish"),
	    "can_unschedule", !strcmp(st, "scheduled") && zw_has_perm(r, "portal.publish"),
	    "can_withdraw", (!strcmp(st, "published") || !strcmp(st, "scheduled")) &&
	    zw_has_perm(r, "portal.publish"));
	if (err != NULL)
		json_object_set_new(ctx, "error", json_string(err));
	json_object_set_new(ctx, "a", a);
	json_object_set_new(ctx, "history", hist);
	zw_render(r, status, "office/article.html", ctx);
}

static void
page_article(zw_req *r)
{
	int64_t id;

	if (zw_path_id(r, 0, &id) && zw_db_conn(r) != NULL)
		render_article(r, id, 200, NULL);
}

enum act { ACT_SUBMIT, ACT_RETURN, ACT_PUBLISH, ACT_WITHDRAW };

/* "2026-10-01T09:00" (datetime-local, Beijing time) as epoch seconds. */
static bool
local_time(const char *v, int64_t *t)
{
	char buf[40];

	if (strlen(v) != 16 || v[10] != 'T')
		return false;
	snprintf(buf, sizeof(buf), "%s:00+08:00", v);
	return zw_time_parse(buf, t) == ZW_OK;
}

static void
article_action(zw_req *r, enum act act)
{
	struct zw_publish_in pub = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *when = zw_form(r, "publish_at");
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	if (act == ACT_PUBLISH) {
		pub.index_no = zw_form(r, "index_no");
		pub.index_format = zw_config_str(r->app->conf, "portal_index_format");
		if (when != NULL && *when != '\0' && !local_time(when, &pub.publish_at)) {
			render_article(r, id, 422, "定时发布时间格式有误");
			return;
		}
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	switch (act) {
	case ACT_SUBMIT:
		rc = zw_article_submit(c, &who, id, &why);
		break;
	case ACT_RETURN:
		rc = zw_article_return(c, &who, id, zw_form(r, "comment"), &why);
		break;
	case ACT_PUBLISH:
		rc = zw_article_publish(c, &who, id, &pub, &why);
		break;
	default:
		rc = zw_article_withdraw(c, &who, id, zw_form(r, "reason"), &why);
		break;
	}
	if (rc == ZW_ENOTFOUND) {
		zw_fail_rc(r, rc, "信息不存在", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_article(r, id, rc == ZW_EPERM ? 403 : rc == ZW_ECONFLICT ||
		    rc == ZW_ESTATE ? 409 : 422, why.message != NULL ? why.message :
		    "操作失败");
		return;
	}
	if (zw_portal_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/articles/%lld?saved=1",
		    (long long)id));
}

static void page_submit(zw_req *r) { article_action(r, ACT_SUBMIT); }
static void page_return(zw_req *r) { article_action(r, ACT_RETURN); }
static void page_publish(zw_req *r) { article_action(r, ACT_PUBLISH); }
static void page_withdraw(zw_req *r) { article_action(r, ACT_WITHDRAW); }

/* ---- sites and columns ---- */

static void
render_columns(zw_req *r, int status, const char *err)
{
	struct zw_actor who;
	json_t *sites, *s, *cols, *ctx, *orgs;
	size_t i;

	zw_req_actor(r, &who);
	if (zw_site_list(r->db, &who, &sites) != ZW_OK)
		sites = json_array();
	json_array_foreach(sites, i, s)
		if (zw_column_list(r->db, zw_json_int(s, "id"), false, &cols) == ZW_OK)
			json_object_set_new(s, "columns", cols);
	ctx = json_pack("{s:o, s:b, s:b}", "sites", sites, "saved",
	    zw_query(r, "saved") != NULL && err == NULL, "can_manage",
	    zw_has_perm(r, "portal.publish"));
	if (zw_org_list_public(r->db, &orgs) == ZW_OK)
		json_object_set_new(ctx, "orgs", orgs);
	if (err != NULL)
		json_object_set_new(ctx, "error", json_string(err));
	zw_render(r, status, "office/columns.html", ctx);
}

static void
page_columns(zw_req *r)
{
	if (!zw_portal_can(r)) {
		zw_fail(r, 403, "forbidden", "没有管理网站的权限", NULL);
		return;
	}
	if (zw_db_conn(r) != NULL)
		render_columns(r, 200, NULL);
}

static bool
form_int(zw_req *r, const char *key, int64_t min, int64_t max, int64_t *out)
{
	const char *v = zw_form(r, key);

	if (v == NULL || *v == '\0')
		return true;
	return zw_parse_i64(v, min, max, out) == ZW_OK;
}

static void
column_save(zw_req *r, int64_t id)
{
	struct zw_column_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *err = NULL;
	zw_conn *c;
	int64_t cid;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	memset(&in, 0, sizeof(in));
	in.sort_order = -1;
	in.on_home = zw_form(r, "on_home") != NULL ? 1 : 0;
	if (!form_int(r, "site_id", 1, INT64_MAX, &in.site_id) ||
	    !form_int(r, "sort_order", 0, 10000, &in.sort_order))
		err = "网站或排序号无效";
	else
		/* each stops at the first bad field, err saying why */
		(void)(zw_form_str(r, "code", id == 0, 32, &in.code, &err) &&
		    zw_form_str(r, "name", true, 50, &in.name, &err) &&
		    zw_form_str(r, "kind", false, 20, &in.kind, &err) &&
		    zw_form_str(r, "description", false, 500, &in.description, &err) &&
		    zw_form_str(r, "status", false, 10, &in.status, &err));
	if (err != NULL) {
		render_columns(r, 422, err);
		return;
	}
	if (in.kind != NULL && *in.kind == '\0')
		in.kind = NULL;
	if (in.status != NULL && *in.status == '\0')
		in.status = NULL;
	if (id > 0 && in.code != NULL && *in.code == '\0')
		in.code = NULL;
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = id > 0 ? zw_column_update(c, &who, id, &in, &why) :
	    zw_column_create(c, &who, &in, &cid, &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_columns(r, rc == ZW_ECONFLICT ? 409 : rc == ZW_EPERM ? 403 : 422,
		    why.message != NULL ? why.message : "保存失败");
		return;
	}
	if (zw_portal_commit(r))
		zw_redirect(r, "/office/columns?saved=1");
}

static void page_column_create(zw_req *r) { column_save(r, 0); }

static void
page_column_update(zw_req *r)
{
	int64_t id;

	if (zw_path_id(r, 0, &id))
		column_save(r, id);
}

/* Leaders typed one a line: 姓名｜职务｜分工 ('|' or the full-width '｜'). */
static json_t *
leaders_from_text(const char *t)
{
	json_t *arr = json_array();
	zw_buf b;
	char *line, *save = NULL, *f[3];
	const char *p;

	zw_buf_init(&b, strlen(t) + 1);
	for (p = t; *p != '\0'; p++) {
		if (strncmp(p, "\xef\xbd\x9c", 3) == 0) {	/* ｜ */
			zw_buf_putc(&b, '|');
			p += 2;
		} else if (*p != '\r')
			zw_buf_putc(&b, *p);
	}
	for (line = b.p != NULL ? strtok_r(b.p, "\n", &save) : NULL; line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		size_t k = 0;
		char *q = line, *bar;

		while (k < 3) {
			f[k++] = q;
			if ((bar = strchr(q, '|')) == NULL)
				break;
			*bar = '\0';
			q = bar + 1;
		}
		if (*f[0] != '\0')
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "name", f[0],
			    "title", k > 1 ? f[1] : "", "duties", k > 2 ? f[2] : ""));
	}
	zw_buf_free(&b);
	return arr;
}

static void
render_site(zw_req *r, int64_t id, int status, const char *err)
{
	json_t *s, *l, *ctx;
	zw_buf b;
	size_t i;

	if (zw_site_get(r->db, id, &s) != ZW_OK) {
		zw_fail(r, 404, "not_found", "网站不存在", NULL);
		return;
	}
	zw_buf_init(&b, 64 * 1024);
	json_array_foreach(json_object_get(s, "leaders"), i, l)
		zw_buf_printf(&b, "%s｜%s｜%s\n", zw_json_str(l, "name"),
		    zw_json_str(l, "title"), zw_json_str(l, "duties"));
	ctx = json_pack("{s:o, s:s, s:o}", "leaders_text", b.p != NULL ? b.p : "",
	    "orgs", orgs_json(r, zw_json_int(s, "manager_org_id")), "s", s);
	zw_buf_free(&b);
	if (err != NULL)
		json_object_set_new(ctx, "error", json_string(err));
	json_object_set_new(ctx, "saved", json_boolean(zw_query(r, "saved") != NULL &&
	    err == NULL));
	zw_render(r, status, "office/site_form.html", ctx);
}

static void
page_site(zw_req *r)
{
	int64_t id;

	if (!zw_portal_can(r)) {
		zw_fail(r, 403, "forbidden", "没有管理网站的权限", NULL);
		return;
	}
	if (zw_path_id(r, 0, &id) && zw_db_conn(r) != NULL)
		render_site(r, id, 200, NULL);
}

static void
site_save(zw_req *r, int64_t id)
{
	struct zw_site_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *err = NULL, *leaders = NULL;
	zw_conn *c;
	int64_t sid = id;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	memset(&in, 0, sizeof(in));
	in.is_main = -1;
	in.manager_org_id = id > 0 ? -1 : 0;
	if (!form_int(r, "manager_org_id", 0, INT64_MAX, &in.manager_org_id))
		err = "承办单位无效";
	else if (id == 0 && !form_int(r, "org_id", 1, INT64_MAX, &in.org_id))
		err = "机构无效";
	else
		/* each stops at the first bad field, err saying why */
		(void)(zw_form_str(r, "title", false, 200, &in.title, &err) &&
		    zw_form_str(r, "intro", false, 5000, &in.intro, &err) &&
		    zw_form_str(r, "office_name", false, 200, &in.office_name, &err) &&
		    zw_form_str(r, "address", false, 200, &in.address, &err) &&
		    zw_form_str(r, "postcode", false, 10, &in.postcode, &err) &&
		    zw_form_str(r, "hours", false, 200, &in.hours, &err) &&
		    zw_form_str(r, "phone", false, 50, &in.phone, &err) &&
		    zw_form_str(r, "fax", false, 50, &in.fax, &err) &&
		    zw_form_str(r, "email", false, 200, &in.email, &err) &&
		    zw_form_str(r, "leaders", false, 20000, &leaders, &err));
	if (err == NULL && id == 0 && in.org_id == 0)
		err = "请选择机构";
	if (err != NULL) {
		if (id > 0)
			render_site(r, id, 422, err);
		else
			render_columns(r, 422, err);
		return;
	}
	if (id > 0) {
		in.leaders = leaders_from_text(leaders);
		in.status = zw_form(r, "hidden") != NULL ? "hidden" : "active";
	}
	if ((c = zw_begin(r)) == NULL) {
		json_decref(in.leaders);
		return;
	}
	zw_req_actor(r, &who);
	rc = id > 0 ? zw_site_update(c, &who, id, &in, &why) :
	    zw_site_create(c, &who, &in, &sid, &why);
	json_decref(in.leaders);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (id > 0)
			render_site(r, id, rc == ZW_EPERM ? 403 : 422, why.message ?
			    why.message : "保存失败");
		else
			render_columns(r, rc == ZW_ECONFLICT ? 409 : rc == ZW_EPERM ? 403 :
			    422, why.message ? why.message : "保存失败");
		return;
	}
	if (zw_portal_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/sites/%lld?saved=1",
		    (long long)sid));
}

static void page_site_create(zw_req *r) { site_save(r, 0); }

static void
page_site_update(zw_req *r)
{
	int64_t id;

	if (zw_path_id(r, 0, &id))
		site_save(r, id);
}

const struct zw_route zw_portal_office_routes[] = {
	{ "GET", "/office/articles", page_articles, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/articles", page_create, "portal.edit",
	  ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/office/articles/new", page_new, "portal.edit", ZW_R_STAFF, NULL },
	{ "GET", "/office/articles/review", page_review_queue, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/articles/overdue", page_overdue, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/articles/{id}", page_article, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/articles/{id}", page_update, NULL,
	  ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/office/articles/{id}/edit", page_edit, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/articles/{id}/submit", page_submit, "portal.edit",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/articles/{id}/return", page_return, "portal.publish",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/articles/{id}/publish", page_publish, "portal.publish",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/articles/{id}/withdraw", page_withdraw, "portal.publish",
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/columns", page_columns, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/columns", page_column_create, "portal.publish",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/columns/{id}", page_column_update, "portal.publish",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/sites", page_site_create, "portal.publish", ZW_R_STAFF, NULL },
	{ "GET", "/office/sites/{id}", page_site, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/sites/{id}", page_site_update, "portal.publish",
	  ZW_R_STAFF, NULL },
};
const size_t zw_portal_office_routes_count =
    sizeof(zw_portal_office_routes) / sizeof(zw_portal_office_routes[0]);
