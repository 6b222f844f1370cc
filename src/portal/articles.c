/*
 * articles.c -- 主动公开 articles: drafting, review, publication (now or
 * scheduled), withdrawal, corrections, reading back, lists, and the
 * 20-working-day monitor (portal.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "files/files.h"
#include "org/org_int.h"
#include "portal/article_int.h"
#include "portal/cache.h"
#include "portal/portal_int.h"
#include "portal/sanitize.h"
#include "store/jobs.h"

#define SUMMARY_AUTO	120	/* characters of body text for an empty 内容概述 */
#define DUE_SOON_DAYS	5	/* the monitor warns this many working days ahead */
#define INDEX_TRIES	1000	/* counter values skipped past hand-typed 索引号 */

const char *
zw_article_state_name(const char *state)
{
	static const struct { const char *k, *v; } m[] = {
		{ "draft", "草稿" }, { "review", "待审核" }, { "scheduled", "定时发布" },
		{ "published", "已发布" }, { "withdrawn", "已撤回" },
	};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(m[i].k, state) == 0)
			return m[i].v;
	return state;
}

const char *
zw_article_validity_name(const char *validity)
{
	if (strcmp(validity, "valid") == 0)
		return "有效";
	if (strcmp(validity, "expired") == 0)
		return "失效";
	if (strcmp(validity, "repealed") == 0)
		return "废止";
	return NULL;
}

/* ---- rows ---- */

int
zw_article_load(zw_conn *c, int64_t id, struct zw_article_row *r)
{
	zw_stmt *s;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = zw_prepare(c, "SELECT a.site_id, a.column_id, a.org_id, a.state, o.path, "
	    "COALESCE(a.index_no, ''), a.created_on, og.code, COALESCE(og.uscc, ''), "
	    "a.author_id, COALESCE(mo.path, '') FROM articles a JOIN portal_sites s "
	    "ON s.id = a.site_id JOIN orgs o ON o.id = s.org_id " ZW_PORTAL_MANAGER_JOIN
	    " JOIN orgs og ON og.id = a.org_id WHERE a.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	r->id = id;
	r->site_id = zw_col_int(s, 0);
	r->column_id = zw_col_int(s, 1);
	r->org_id = zw_col_int(s, 2);
	zw_strlcpy(r->state, zw_col_text(s, 3), sizeof(r->state));
	zw_strlcpy(r->site_path, zw_col_text(s, 4), sizeof(r->site_path));
	zw_strlcpy(r->index_no, zw_col_text(s, 5), sizeof(r->index_no));
	zw_strlcpy(r->created_on, zw_col_text(s, 6), sizeof(r->created_on));
	zw_strlcpy(r->org_code, zw_col_text(s, 7), sizeof(r->org_code));
	zw_strlcpy(r->org_uscc, zw_col_text(s, 8), sizeof(r->org_uscc));
	r->author_id = zw_col_int(s, 9);
	zw_strlcpy(r->manager_path, zw_col_text(s, 10), sizeof(r->manager_path));
	zw_reset(s);
	return ZW_OK;
}

/* Load and check reach: ZW_ENOTFOUND for articles out of reach, and for
 * anyone without a portal right. */
static int
load_reach(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_article_row *r)
{
	int rc;

	if ((rc = zw_article_load(c, id, r)) != ZW_OK)
		return rc;
	if ((!zw_actor_can(who, "portal.edit") && !zw_actor_can(who, "portal.publish")) ||
	    !zw_portal_reach(who, r->site_path, r->manager_path))
		return ZW_ENOTFOUND;
	return ZW_OK;
}

static int
history(zw_conn *c, const struct zw_actor *who, int64_t id, const char *action,
    const char *state, const char *comment)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "INSERT INTO article_history (article_id, action, state, "
	    "actor_id, actor_name, comment, at) VALUES (?, ?, ?, ?, COALESCE((SELECT "
	    "name FROM users WHERE id = ?), '系统'), ?, ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_text(s, 2, action, (size_t)-1);
	zw_bind_text(s, 3, state, (size_t)-1);
	if (who->id > 0)
		zw_bind_int(s, 4, who->id);
	else
		zw_bind_null(s, 4);
	zw_bind_int(s, 5, who->id);
	zw_bind_text(s, 6, comment != NULL ? comment : "", (size_t)-1);
	zw_bind_int(s, 7, zw_now());
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

/* What a change of a public article shows up in: its page, its column's
 * lists and feed, its site's home, the catalogue and the home page
 * (pub), the sitemap. */
int
zw_article_changed(zw_conn *c, int64_t id, int64_t site_id, int64_t column_id)
{
	char tag[32];
	int rc;

	snprintf(tag, sizeof(tag), "a:%lld", (long long)id);
	if ((rc = zw_portal_changed(c, tag)) != ZW_OK)
		return rc;
	snprintf(tag, sizeof(tag), "c:%lld", (long long)column_id);
	if ((rc = zw_portal_changed(c, tag)) != ZW_OK)
		return rc;
	snprintf(tag, sizeof(tag), "sh:%lld", (long long)site_id);
	if ((rc = zw_portal_changed(c, tag)) != ZW_OK)
		return rc;
	if ((rc = zw_portal_changed(c, "pub")) != ZW_OK)
		return rc;
	return zw_portal_changed(c, "map");
}

static int
audit(zw_conn *c, const struct zw_actor *who, const char *action, int64_t id,
    json_t *d)
{
	int rc = zw_actor_audit(c, who, action, "article", id, "success", d);

	json_decref(d);
	return rc;
}

/* ---- input ---- */

struct checked {
	int64_t site_id, column_id, org_id;
	char site_path[512];
	char manager_path[512];
	char *body;		/* sanitized (zw_malloc) */
	char *summary;		/* derived from the body (zw_malloc) or NULL */
	char created_on[11];
	char due_on[11];
};

static void
checked_free(struct checked *k)
{
	zw_free(k->body);
	zw_free(k->summary);
}

/* The column's site, in reach.  OUT: k->site_id, k->site_path. */
static int
check_column(zw_conn *c, const struct zw_actor *who, int64_t column_id,
    struct checked *k, struct zw_why *why)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT c.site_id, o.path, COALESCE(mo.path, '') FROM "
	    "portal_columns c JOIN portal_sites s ON s.id = c.site_id JOIN orgs o "
	    "ON o.id = s.org_id " ZW_PORTAL_MANAGER_JOIN " WHERE c.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, column_id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		if (rc < 0)
			return rc;
		goto bad;
	}
	k->site_id = zw_col_int(s, 0);
	zw_strlcpy(k->site_path, zw_col_text(s, 1), sizeof(k->site_path));
	zw_strlcpy(k->manager_path, zw_col_text(s, 2), sizeof(k->manager_path));
	zw_reset(s);
	if (!zw_portal_reach(who, k->site_path, k->manager_path))
		goto bad;
	k->column_id = column_id;
	return ZW_OK;
bad:
	ZW_WHY(why, "unknown_column", "栏目不存在或不在您的管理范围内", "column_id");
	return ZW_EINVAL;
}

/* 发布机构: the site's organization or one below it. */
static int
check_org(zw_conn *c, int64_t org_id, const char *site_path, struct zw_why *why)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT path FROM orgs WHERE id = ? AND status = 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, org_id);
	rc = zw_step(s);
	if (rc == ZW_ROW && strncmp(zw_col_text(s, 0), site_path,
	    strlen(site_path)) == 0) {
		zw_reset(s);
		return ZW_OK;
	}
	zw_reset(s);
	if (rc < 0)
		return rc;
	ZW_WHY(why, "unknown_org", "发布机构应为本网站所属单位或其下属单位", "org_id");
	return ZW_EINVAL;
}

static int
sanitize_body(const char *body, struct checked *k, struct zw_why *why)
{
	zw_buf b, t;
	size_t len;
	int rc;

	zw_buf_init(&b, ZW_PORTAL_MAX_BODY);
	rc = zw_html_sanitize(body, strlen(body), &b);
	if (rc != ZW_OK) {
		zw_buf_free(&b);
		ZW_WHY(why, "too_long", "正文过长", "body");
		return ZW_EINVAL;
	}
	if (b.p == NULL)
		zw_buf_puts(&b, "");
	/* the first characters of the text, for an empty 内容概述 */
	zw_buf_init(&t, SUMMARY_AUTO * 4 + 8);
	(void)zw_html_text(b.p, b.len, &t);
	if (t.p != NULL) {
		const char *p = t.p;
		size_t n = 0, ch = 0;

		while (p[n] != '\0' && ch < SUMMARY_AUTO) {
			unsigned char u = (unsigned char)p[n];

			n += u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
			ch++;
		}
		if (n > t.len)
			n = t.len;
		k->summary = zw_strndup(t.p, n);
		for (len = 0; k->summary[len] != '\0'; len++)
			if (k->summary[len] == '\n')
				k->summary[len] = ' ';
	}
	zw_buf_free(&t);
	k->body = zw_buf_detach(&b, &len);
	return ZW_OK;
}

/*
 * Check an article's fields (create: required ones present).  cur is the
 * stored article on update.  OUT: k.
 */
static int
check_input(zw_conn *c, const struct zw_actor *who, const zw_calendar *cal,
    const struct zw_article_in *in, const struct zw_article_row *cur,
    struct checked *k, struct zw_why *why)
{
	bool create = cur == NULL;
	zw_date d, today = zw_date_of(zw_now());
	size_t i, j;
	int rc;

	memset(k, 0, sizeof(*k));
	if (create && in->column_id <= 0) {
		ZW_WHY(why, "required", "请选择栏目", "column_id");
		return ZW_EINVAL;
	}
	if (in->column_id > 0) {
		if ((rc = check_column(c, who, in->column_id, k, why)) != ZW_OK)
			return rc;
	} else {
		k->site_id = cur->site_id;
		k->column_id = cur->column_id;
		zw_strlcpy(k->site_path, cur->site_path, sizeof(k->site_path));
	}
	if ((rc = zw_check_text(in->title, "title", create, 200, why)) ||
	    (rc = zw_check_text(in->summary, "summary", false, 500, why)) ||
	    (rc = zw_check_text(in->doc_no, "doc_no", false, 100, why)) ||
	    (rc = zw_check_text(in->body, "body", false, ZW_MAX_LONG_TEXT, why)))
		return rc;
	if (!create && in->title != NULL && *in->title == '\0') {
		ZW_WHY(why, "required", "标题不能为空", "title");
		return ZW_EINVAL;
	}
	if ((create || in->category != NULL) && zw_portal_category(in->category) == NULL) {
		ZW_WHY(why, "unknown_category", "信息类别应为《政府信息公开条例》第二十条、"
		    "第二十一条规定的类别之一", "category");
		return ZW_EINVAL;
	}
	if (in->validity != NULL && zw_article_validity_name(in->validity) == NULL) {
		ZW_WHY(why, "invalid_validity", "有效性应为 valid（有效）、expired（失效）"
		    "或 repealed（废止）", "validity");
		return ZW_EINVAL;
	}
	if (in->created_on != NULL && *in->created_on != '\0') {
		if (zw_date_parse(in->created_on, &d) != ZW_OK) {
			ZW_WHY(why, "invalid_date", "生成日期格式应为 YYYY-MM-DD", "created_on");
			return ZW_EINVAL;
		}
		if (zw_date_cmp(d, today) > 0) {
			ZW_WHY(why, "future_date", "生成日期不能晚于今天", "created_on");
			return ZW_EINVAL;
		}
	} else if (create)
		d = today;
	else if (zw_date_parse(cur->created_on, &d) != ZW_OK)
		return ZW_EDB;
	zw_date_fmt(d, k->created_on, sizeof(k->created_on));
	zw_date_fmt(zw_disclosure_due(cal, d), k->due_on, sizeof(k->due_on));
	if (in->org_id > 0) {
		if ((rc = check_org(c, in->org_id, k->site_path, why)) != ZW_OK)
			return rc;
		k->org_id = in->org_id;
	} else if (cur != NULL && in->column_id <= 0)
		k->org_id = cur->org_id;
	else if (cur != NULL && check_org(c, cur->org_id, k->site_path, NULL) == ZW_OK)
		k->org_id = cur->org_id;	/* moved within reach: keep it */
	else {
		struct zw_site_row sr;

		if ((rc = zw_portal_site_load(c, k->site_id, &sr)) != ZW_OK)
			return rc;
		k->org_id = sr.org_id;
	}
	if (in->n_att > ZW_PORTAL_MAX_ATTACHMENTS) {
		ZW_WHY(why, "too_many", "附件最多 20 个", "attachments");
		return ZW_EINVAL;
	}
	for (i = 0; i < in->n_att; i++) {
		json_t *f;

		for (j = 0; j < i; j++)
			if (in->attachments[j] == in->attachments[i]) {
				ZW_WHY(why, "duplicate_attachment", "附件重复", "attachments");
				return ZW_EINVAL;
			}
		if (cur != NULL) {
			zw_stmt *s;

			rc = zw_prepare(c, "SELECT 1 FROM article_files WHERE "
			    "article_id = ? AND file_id = ?", &s);
			if (rc != ZW_OK)
				return rc;
			zw_bind_int(s, 1, cur->id);
			zw_bind_int(s, 2, in->attachments[i]);
			rc = zw_step(s);
			zw_reset(s);
			if (rc == ZW_ROW)
				continue;	/* attached already */
		}
		if (zw_file_get(c, who, in->attachments[i], &f) != ZW_OK) {
			ZW_WHY(why, "unknown_file", "附件不存在或无权使用", "attachments");
			return ZW_EINVAL;
		}
		json_decref(f);
	}
	if (in->body != NULL && (rc = sanitize_body(in->body, k, why)) != ZW_OK)
		return rc;
	return ZW_OK;
}

static int
set_attachments(zw_conn *c, int64_t id, const int64_t *att, size_t n)
{
	zw_stmt *s;
	size_t i;
	int rc;

	if ((rc = zw_prepare(c, "DELETE FROM article_files WHERE article_id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		rc = zw_prepare(c, "INSERT INTO article_files (article_id, position, "
		    "file_id) VALUES (?, ?, ?)", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, id);
		zw_bind_int(s, 2, (int64_t)i + 1);
		zw_bind_int(s, 3, att[i]);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	return ZW_OK;
}

/* ---- workflow ---- */

int
zw_article_create(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, const struct zw_article_in *in, int64_t *id,
    struct zw_why *why)
{
	struct checked k;
	zw_stmt *s;
	int64_t now = zw_now();
	int rc;

	if (!zw_actor_can(who, "portal.edit")) {
		ZW_WHY(why, "forbidden", "没有编辑网站信息的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = check_input(c, who, cal, in, NULL, &k, why)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "INSERT INTO articles (site_id, column_id, org_id, title, "
	    "summary, body, category, doc_no, created_on, due_on, validity, state, "
	    "author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, 'draft', ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, k.site_id);
	zw_bind_int(s, 2, k.column_id);
	zw_bind_int(s, 3, k.org_id);
	zw_bind_text(s, 4, in->title, (size_t)-1);
	zw_bind_text(s, 5, in->summary != NULL && *in->summary ? in->summary :
	    k.summary != NULL ? k.summary : "", (size_t)-1);
	zw_bind_text(s, 6, k.body != NULL ? k.body : "", (size_t)-1);
	zw_bind_text(s, 7, in->category, (size_t)-1);
	zw_bind_text(s, 8, in->doc_no != NULL ? in->doc_no : "", (size_t)-1);
	zw_bind_text(s, 9, k.created_on, (size_t)-1);
	zw_bind_text(s, 10, k.due_on, (size_t)-1);
	zw_bind_text(s, 11, in->validity != NULL ? in->validity : "valid", (size_t)-1);
	zw_bind_int(s, 12, who->id);
	zw_bind_int(s, 13, now);
	zw_bind_int(s, 14, now);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	*id = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = set_attachments(c, *id, in->attachments, in->n_att)) != ZW_OK ||
	    (rc = history(c, who, *id, "创建", "draft", NULL)) != ZW_OK ||
	    (rc = zw_article_index(c, *id)) != ZW_OK)
		goto out;
	rc = audit(c, who, "article.create", *id, json_pack("{s:s, s:I, s:s}",
	    "title", in->title, "column_id", (json_int_t)k.column_id, "category",
	    in->category));
out:
	checked_free(&k);
	return rc;
}

int
zw_article_update(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, int64_t id, const struct zw_article_in *in,
    struct zw_why *why)
{
	struct zw_article_row cur;
	struct checked k;
	bool published;
	zw_stmt *s;
	int rc;

	memset(&k, 0, sizeof(k));
	if ((rc = load_reach(c, who, id, &cur)) != ZW_OK)
		return rc;
	published = strcmp(cur.state, "published") == 0;
	if (strcmp(cur.state, "draft") != 0 && !published) {
		ZW_WHY(why, "wrong_state", strcmp(cur.state, "review") == 0 ?
		    "信息正在审核，不能修改；如需修改请审核人退回" :
		    "当前状态的信息不能修改", NULL);
		return ZW_ESTATE;
	}
	if (!zw_actor_can(who, published ? "portal.publish" : "portal.edit")) {
		ZW_WHY(why, "forbidden", published ? "已发布信息只能由有发布权限的人员更正" :
		    "没有编辑网站信息的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = check_input(c, who, cal, in, &cur, &k, why)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "UPDATE articles SET site_id = ?, column_id = ?, org_id = ?, "
	    "title = COALESCE(?, title), summary = COALESCE(?, summary), "
	    "body = COALESCE(?, body), category = COALESCE(?, category), "
	    "doc_no = COALESCE(?, doc_no), validity = COALESCE(?, validity), "
	    "created_on = ?, due_on = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, k.site_id);
	zw_bind_int(s, 2, k.column_id);
	zw_bind_int(s, 3, k.org_id);
	{
		/* an emptied 内容概述 is made again from the new body */
		const char *summary = in->summary != NULL && *in->summary ? in->summary :
		    in->summary != NULL || in->body != NULL ? (k.summary != NULL ?
		    k.summary : "") : NULL;
		const char *v[] = { in->title, summary, k.body, in->category,
			in->doc_no, in->validity };
		size_t i;

		for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
			if (v[i] != NULL)
				zw_bind_text(s, 4 + (int)i, v[i], (size_t)-1);
			else
				zw_bind_null(s, 4 + (int)i);
	}
	zw_bind_text(s, 10, k.created_on, (size_t)-1);
	zw_bind_text(s, 11, k.due_on, (size_t)-1);
	zw_bind_int(s, 12, zw_now());
	zw_bind_int(s, 13, id);
	if ((rc = zw_step(s)) < 0)
		goto out;
	if (in->set_attachments &&
	    (rc = set_attachments(c, id, in->attachments, in->n_att)) != ZW_OK)
		goto out;
	if ((rc = history(c, who, id, published ? "更正" : "修改", cur.state, NULL)) ||
	    (rc = zw_article_index(c, id)) != ZW_OK)
		goto out;
	if (published && ((rc = zw_article_changed(c, id, cur.site_id,
	    cur.column_id)) != ZW_OK || (rc = zw_article_changed(c, id, k.site_id,
	    k.column_id)) != ZW_OK))
		goto out;
	rc = audit(c, who, "article.update", id, json_pack("{s:b}", "published",
	    published));
out:
	checked_free(&k);
	return rc;
}

/* Move from one state to another with a history row and an audit event. */
static int
transition(zw_conn *c, const struct zw_actor *who, int64_t id, const char *to,
    const char *step, const char *comment, const char *action)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "UPDATE articles SET state = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, to, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, id);
	if ((rc = zw_step(s)) < 0 ||
	    (rc = history(c, who, id, step, to, comment)) != ZW_OK)
		return rc;
	return audit(c, who, action, id, json_pack("{s:s, s:s}", "state", to,
	    "comment", comment != NULL ? comment : ""));
}

int
zw_article_submit(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why)
{
	struct zw_article_row cur;
	int rc;

	if ((rc = load_reach(c, who, id, &cur)) != ZW_OK)
		return rc;
	if (!zw_actor_can(who, "portal.edit")) {
		ZW_WHY(why, "forbidden", "没有编辑网站信息的权限", NULL);
		return ZW_EPERM;
	}
	if (strcmp(cur.state, "draft") != 0) {
		ZW_WHY(why, "wrong_state", "只有草稿可以送审", NULL);
		return ZW_ESTATE;
	}
	return transition(c, who, id, "review", "送审", NULL, "article.submit");
}

int
zw_article_return(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *comment, struct zw_why *why)
{
	struct zw_article_row cur;
	zw_stmt *s;
	int rc;

	if ((rc = load_reach(c, who, id, &cur)) != ZW_OK)
		return rc;
	if (!zw_actor_can(who, "portal.publish")) {
		ZW_WHY(why, "forbidden", "没有审核网站信息的权限", NULL);
		return ZW_EPERM;
	}
	if (strcmp(cur.state, "review") != 0 && strcmp(cur.state, "scheduled") != 0) {
		ZW_WHY(why, "wrong_state", "只有待审核或定时发布的信息可以退回", NULL);
		return ZW_ESTATE;
	}
	if (comment == NULL || *comment == '\0') {
		ZW_WHY(why, "required", "退回须填写意见", "comment");
		return ZW_EINVAL;
	}
	if ((rc = zw_check_text(comment, "comment", true, ZW_MAX_SHORT_TEXT, why)))
		return rc;
	rc = zw_prepare(c, "UPDATE articles SET publish_at = NULL WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	return transition(c, who, id, "draft", "退回修改", comment, "article.return");
}

/* The next 索引号 of the issuing organization.  OUT: out. */
static int
next_index_no(zw_conn *c, const struct zw_article_row *a, const char *fmt,
    char *out, size_t size, struct zw_why *why)
{
	zw_date d;
	zw_stmt *s;
	int64_t seq;
	int tries, rc;

	if (zw_date_parse(a->created_on, &d) != ZW_OK)
		return ZW_EDB;
	for (tries = 0; tries < INDEX_TRIES; tries++) {
		rc = zw_prepare(c, "INSERT INTO portal_counters (org_id, year, last_seq) "
		    "VALUES (?, ?, 1) ON CONFLICT (org_id, year) DO UPDATE SET "
		    "last_seq = portal_counters.last_seq + 1 RETURNING last_seq", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, a->org_id);
		zw_bind_int(s, 2, d.y);
		if ((rc = zw_step(s)) != ZW_ROW)
			return rc < 0 ? rc : ZW_EDB;
		seq = zw_col_int(s, 0);
		zw_reset(s);
		if (zw_index_no_format(fmt, a->org_uscc, a->org_code, d, seq, out,
		    size) != ZW_OK) {
			ZW_WHY(why, "bad_index_format", "索引号格式设置有误，请联系系统管理员"
			    "（portal_index_format）", NULL);
			return ZW_EINVAL;
		}
		/* skip numbers somebody typed by hand */
		if ((rc = zw_prepare(c, "SELECT 1 FROM articles WHERE index_no = ?", &s)))
			return rc;
		zw_bind_text(s, 1, out, (size_t)-1);
		rc = zw_step(s);
		zw_reset(s);
		if (rc < 0)
			return rc;
		if (rc != ZW_ROW)
			return ZW_OK;
	}
	ZW_WHY(why, "duplicate_index_no", "无法生成不重复的索引号", "index_no");
	return ZW_ECONFLICT;
}

int
zw_article_publish(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_publish_in *in, struct zw_why *why)
{
	struct zw_article_row cur;
	char index_no[ZW_PORTAL_INDEX_NO_MAX * 4 + 1], today[11];
	const char *p;
	int64_t now = zw_now();
	bool later = in->publish_at > now;
	zw_stmt *s;
	int rc;

	if ((rc = load_reach(c, who, id, &cur)) != ZW_OK)
		return rc;
	if (!zw_actor_can(who, "portal.publish")) {
		ZW_WHY(why, "forbidden", "没有发布网站信息的权限", NULL);
		return ZW_EPERM;
	}
	if (strcmp(cur.state, "review") != 0) {
		ZW_WHY(why, "wrong_state", strcmp(cur.state, "draft") == 0 ?
		    "信息须先送审，审核后才能发布" : "当前状态的信息不能发布", NULL);
		return ZW_ESTATE;
	}
	if (later && in->publish_at > now + 366 * 86400) {
		ZW_WHY(why, "out_of_range", "定时发布时间不能超过一年", "publish_at");
		return ZW_EINVAL;
	}
	if (in->index_no != NULL && *in->index_no != '\0') {
		if ((p = zw_index_no_problem(in->index_no)) != NULL) {
			ZW_WHY(why, "invalid_index_no", p, "index_no");
			return ZW_EINVAL;
		}
		zw_strlcpy(index_no, in->index_no, sizeof(index_no));
		rc = zw_prepare(c, "SELECT 1 FROM articles WHERE index_no = ? AND id <> ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_text(s, 1, index_no, (size_t)-1);
		zw_bind_int(s, 2, id);
		rc = zw_step(s);
		zw_reset(s);
		if (rc == ZW_ROW) {
			ZW_WHY(why, "duplicate_index_no", "索引号已被其他信息使用", "index_no");
			return ZW_ECONFLICT;
		}
		if (rc < 0)
			return rc;
	} else if (cur.index_no[0] != '\0')
		zw_strlcpy(index_no, cur.index_no, sizeof(index_no));
	else if ((rc = next_index_no(c, &cur, in->index_format != NULL ?
	    in->index_format : "{uscc}/{yyyy}-{nnnnn}", index_no, sizeof(index_no),
	    why)) != ZW_OK)
		return rc;
	zw_date_fmt(zw_date_of(now), today, sizeof(today));
	rc = zw_prepare(c, "UPDATE articles SET state = ?, index_no = ?, reviewer_id = ?, "
	    "publish_at = ?, published_at = ?, published_on = ?, updated_at = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, later ? "scheduled" : "published", (size_t)-1);
	zw_bind_text(s, 2, index_no, (size_t)-1);
	if (who->id > 0)
		zw_bind_int(s, 3, who->id);
	else
		zw_bind_null(s, 3);
	if (later) {
		zw_bind_int(s, 4, in->publish_at);
		zw_bind_null(s, 5);
		zw_bind_null(s, 6);
	} else {
		zw_bind_null(s, 4);
		zw_bind_int(s, 5, now);
		zw_bind_text(s, 6, today, (size_t)-1);
	}
	zw_bind_int(s, 7, now);
	zw_bind_int(s, 8, id);
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "duplicate_index_no", "索引号已被其他信息使用", "index_no");
		return rc;
	}
	if (rc < 0)
		return rc;
	if (later) {
		char at[32], payload[64];

		zw_time_rfc3339(in->publish_at, at, sizeof(at));
		snprintf(payload, sizeof(payload), "{\"article_id\":%lld}", (long long)id);
		if ((rc = zw_job_enqueue(c, ZW_PORTAL_JOB_PUBLISH, payload, in->publish_at, NULL)) ||
		    (rc = history(c, who, id, "定时发布", "scheduled", at)) != ZW_OK)
			return rc;
	} else if ((rc = history(c, who, id, "发布", "published", NULL)) != ZW_OK ||
	    (rc = zw_article_changed(c, id, cur.site_id, cur.column_id)) != ZW_OK)
		return rc;
	if ((rc = zw_article_index(c, id)) != ZW_OK)
		return rc;
	return audit(c, who, later ? "article.schedule" : "article.publish", id,
	    json_pack("{s:s, s:I}", "index_no", index_no, "publish_at",
	    (json_int_t)(later ? in->publish_at : now)));
}

int
zw_article_withdraw(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reason, struct zw_why *why)
{
	struct zw_article_row cur;
	zw_stmt *s;
	int rc;

	if ((rc = load_reach(c, who, id, &cur)) != ZW_OK)
		return rc;
	if (!zw_actor_can(who, "portal.publish")) {
		ZW_WHY(why, "forbidden", "没有撤回网站信息的权限", NULL);
		return ZW_EPERM;
	}
	if (strcmp(cur.state, "published") != 0 && strcmp(cur.state, "scheduled") != 0) {
		ZW_WHY(why, "wrong_state", "只有已发布或定时发布的信息可以撤回", NULL);
		return ZW_ESTATE;
	}
	if (reason == NULL || *reason == '\0') {
		ZW_WHY(why, "required", "撤回须填写原因", "reason");
		return ZW_EINVAL;
	}
	if ((rc = zw_check_text(reason, "reason", true, ZW_MAX_SHORT_TEXT, why)))
		return rc;
	rc = zw_prepare(c, "UPDATE articles SET state = 'withdrawn', withdraw_reason = ?, "
	    "withdrawn_at = ?, publish_at = NULL, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, reason, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, id);
	if ((rc = zw_step(s)) < 0 ||
	    (rc = history(c, who, id, "撤回", "withdrawn", reason)) != ZW_OK)
		return rc;
	if (strcmp(cur.state, "published") == 0 &&
	    (rc = zw_article_changed(c, id, cur.site_id, cur.column_id)) != ZW_OK)
		return rc;
	/* withdrawn articles leave the search index */
	if ((rc = zw_article_index(c, id)) != ZW_OK)
		return rc;
	return audit(c, who, "article.withdraw", id, json_pack("{s:s}", "reason",
	    reason));
}

int
zw_article_publish_due(zw_conn *c, int64_t *count)
{
	struct zw_actor sys;
	int64_t ids[64], now = zw_now();
	char today[11];
	size_t n = 0, i;
	zw_stmt *s;
	int rc;

	zw_portal_system_actor(&sys);
	if (count != NULL)
		*count = 0;
	zw_date_fmt(zw_date_of(now), today, sizeof(today));
	rc = zw_prepare(c, "SELECT id FROM articles WHERE state = 'scheduled' AND "
	    "publish_at <= ? ORDER BY publish_at, id LIMIT 64", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, now);
	while (n < 64 && (rc = zw_step(s)) == ZW_ROW)
		ids[n++] = zw_col_int(s, 0);
	zw_reset(s);
	if (rc < 0)
		return rc;
	for (i = 0; i < n; i++) {
		struct zw_article_row cur;

		if ((rc = zw_article_load(c, ids[i], &cur)) != ZW_OK)
			return rc;
		rc = zw_prepare(c, "UPDATE articles SET state = 'published', "
		    "published_at = ?, published_on = ?, updated_at = ? WHERE id = ? "
		    "AND state = 'scheduled'", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, now);
		zw_bind_text(s, 2, today, (size_t)-1);
		zw_bind_int(s, 3, now);
		zw_bind_int(s, 4, ids[i]);
		if ((rc = zw_step(s)) < 0 ||
		    (rc = history(c, &sys, ids[i], "发布（定时）", "published", NULL)) ||
		    (rc = zw_article_changed(c, ids[i], cur.site_id, cur.column_id)) ||
		    (rc = zw_article_index(c, ids[i])) != ZW_OK ||
		    (rc = audit(c, &sys, "article.publish", ids[i], json_pack("{s:s, s:b}",
		    "index_no", cur.index_no, "scheduled", 1))) != ZW_OK)
			return rc;
	}
	if (count != NULL)
		*count = (int64_t)n;
	return ZW_OK;
}

/* ---- reading ---- */

json_t *
zw_article_row(zw_stmt *s)
{
	zw_arena *a = zw_arena_new();
	const struct zw_portal_category *cat = zw_portal_category(zw_col_text(s, 4));
	const char *state = zw_col_text(s, 22), *validity = zw_col_text(s, 21);
	const char *vn = zw_article_validity_name(validity);
	char ts[32], today[11];
	bool is_main = zw_col_int(s, 12) != 0;
	json_t *o;

	zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s, "
	    "s:s, s:I, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)zw_col_int(s, 0), "title", zw_col_text(s, 1),
	    "summary", zw_col_text(s, 2), "category", zw_col_text(s, 4),
	    "category_name", cat != NULL ? cat->short_name : "",
	    "doc_no", zw_col_text(s, 5), "index_no", zw_col_text(s, 6),
	    "org_id", (json_int_t)zw_col_int(s, 7), "org_name", zw_col_text(s, 8),
	    "site_id", (json_int_t)zw_col_int(s, 9), "site_name", zw_col_text(s, 10),
	    "site_code", zw_col_text(s, 11), "column_id", (json_int_t)zw_col_int(s, 13),
	    "column_name", zw_col_text(s, 14), "column_code", zw_col_text(s, 15),
	    "created_on", zw_col_text(s, 16), "due_on", zw_col_text(s, 17));
	json_object_set_new(o, "org_code", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "category_full_name", json_string(cat != NULL ?
	    cat->name : ""));
	json_object_set_new(o, "published_on", zw_col_isnull(s, 18) ? json_null() :
	    json_string(zw_col_text(s, 18)));
	if (zw_col_isnull(s, 19))
		json_object_set_new(o, "published_at", json_null());
	else {
		zw_time_rfc3339(zw_col_int(s, 19), ts, sizeof(ts));
		json_object_set_new(o, "published_at", json_string(ts));
	}
	if (zw_col_isnull(s, 20))
		json_object_set_new(o, "publish_at", json_null());
	else {
		zw_time_rfc3339(zw_col_int(s, 20), ts, sizeof(ts));
		json_object_set_new(o, "publish_at", json_string(ts));
	}
	json_object_set_new(o, "validity", json_string(validity));
	json_object_set_new(o, "validity_name", json_string(vn != NULL ? vn : ""));
	json_object_set_new(o, "state", json_string(state));
	json_object_set_new(o, "state_name", json_string(zw_article_state_name(state)));
	json_object_set_new(o, "author_name", json_string(zw_col_text(s, 23)));
	json_object_set_new(o, "reviewer_name", json_string(zw_col_text(s, 24)));
	json_object_set_new(o, "withdraw_reason", json_string(zw_col_text(s, 25)));
	zw_time_rfc3339(zw_col_int(s, 26), ts, sizeof(ts));
	json_object_set_new(o, "created_at", json_string(ts));
	zw_time_rfc3339(zw_col_int(s, 27), ts, sizeof(ts));
	json_object_set_new(o, "updated_at", json_string(ts));
	json_object_set_new(o, "overdue", json_boolean(strcmp(state, "published") &&
	    strcmp(state, "withdrawn") && strcmp(zw_col_text(s, 17), today) < 0));
	json_object_set_new(o, "site_url", json_string(zw_portal_site_url(a, is_main,
	    zw_col_text(s, 11))));
	json_object_set_new(o, "column_url", json_string(zw_portal_column_url(a,
	    is_main, zw_col_text(s, 11), zw_col_text(s, 15))));
	if (strcmp(state, "published") == 0)
		json_object_set_new(o, "url", json_string(zw_aprintf(a, "/articles/%lld",
		    (long long)zw_col_int(s, 0))));
	zw_arena_free(a);
	return o;
}

static int
attachments_json(zw_conn *c, int64_t id, bool public, json_t *o)
{
	json_t *arr = json_array();
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT f.id, f.filename, f.size, f.content_type FROM "
	    "article_files x JOIN files f ON f.id = x.file_id WHERE x.article_id = ? "
	    "ORDER BY x.position", &s);
	if (rc != ZW_OK) {
		json_decref(arr);
		return rc;
	}
	zw_bind_int(s, 1, id);
	while ((rc = zw_step(s)) == ZW_ROW) {
		char url[96];

		/* the public download checks the article is published */
		if (public)
			snprintf(url, sizeof(url), "/articles/%lld/files/%lld",
			    (long long)id, (long long)zw_col_int(s, 0));
		else
			snprintf(url, sizeof(url), "/api/v1/blobs/%lld/content",
			    (long long)zw_col_int(s, 0));
		json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:s, s:s}",
		    "id", (json_int_t)zw_col_int(s, 0), "filename", zw_col_text(s, 1),
		    "size", (json_int_t)zw_col_int(s, 2), "content_type",
		    zw_col_text(s, 3), "url", url));
	}
	json_object_set_new(o, "attachments", arr);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_article_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out)
{
	struct zw_article_row cur;
	zw_stmt *s;
	json_t *o;
	int rc;

	*out = NULL;
	if (who != NULL) {
		if ((rc = load_reach(c, who, id, &cur)) == ZW_ENOTFOUND)
			who = NULL;	/* the public's view still applies */
		else if (rc != ZW_OK)
			return rc;
	}
	rc = zw_prepare(c, "SELECT " ZW_ARTICLE_COLS ", a.body " ZW_ARTICLE_FROM
	    " WHERE a.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	if (who == NULL && strcmp(zw_col_text(s, 22), "published") != 0) {
		rc = strcmp(zw_col_text(s, 22), "withdrawn") == 0 ? ZW_ESTATE :
		    ZW_ENOTFOUND;
		zw_reset(s);
		return rc;
	}
	o = zw_article_row(s);
	json_object_set_new(o, "body", json_string(zw_col_text(s, ZW_ARTICLE_NCOLS)));
	zw_reset(s);
	if ((rc = attachments_json(c, id, who == NULL, o)) != ZW_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return ZW_OK;
}

int
zw_article_bind_filter(zw_stmt *s, int i, const struct zw_article_filter *f,
    char *year, size_t size)
{
	const char *cat = f->category != NULL ? f->category : "";

	if (f->year > 0)
		snprintf(year, size, "%04d-%%", f->year);
	else
		year[0] = '\0';
	zw_bind_text(s, i++, cat, (size_t)-1);
	zw_bind_text(s, i++, cat, (size_t)-1);
	zw_bind_int(s, i++, f->site_id);
	zw_bind_int(s, i++, f->site_id);
	zw_bind_int(s, i++, f->column_id);
	zw_bind_int(s, i++, f->column_id);
	zw_bind_int(s, i++, f->org_id);
	zw_bind_int(s, i++, f->org_id);
	zw_bind_text(s, i++, year, (size_t)-1);
	zw_bind_text(s, i++, year, (size_t)-1);
	return i;
}

int
zw_article_list(zw_conn *c, const struct zw_actor *who,
    const struct zw_article_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next)
{
	zw_arena *a;
	const char *state;
	bool office;
	char year[16];
	zw_stmt *s;
	int64_t n = 0;
	int rc, i = 1;

	if (f->q != NULL && *f->q != '\0')
		return zw_article_search(c, who, f, limit, cursor, items, next);
	*items = NULL;
	*next = -1;
	office = who != NULL && (zw_actor_can(who, "portal.edit") ||
	    zw_actor_can(who, "portal.publish")) && f->state != NULL &&
	    strcmp(f->state, "published") != 0;
	state = office ? f->state : "published";
	a = zw_arena_new();
	if (office)
		rc = zw_prepare(c, "SELECT " ZW_ARTICLE_COLS " " ZW_ARTICLE_FROM
		    " WHERE (a.state = ? OR ? = 'all') AND " ZW_PORTAL_REACH_SQL " "
		    ZW_ARTICLE_FILTER_SQL "ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?", &s);
	else
		rc = zw_prepare(c, "SELECT " ZW_ARTICLE_COLS " " ZW_ARTICLE_FROM
		    " WHERE a.state = 'published' " ZW_ARTICLE_FILTER_SQL
		    "ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?", &s);
	if (rc != ZW_OK)
		goto out;
	if (office) {
		zw_bind_text(s, i++, state, (size_t)-1);
		zw_bind_text(s, i++, state, (size_t)-1);
		i = zw_portal_bind_reach(s, i, who, a);
	}
	i = zw_article_bind_filter(s, i, f, year, sizeof(year));
	zw_bind_int(s, i++, limit + 1);
	zw_bind_int(s, i++, cursor);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next = cursor + limit;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		json_array_append_new(*items, zw_article_row(s));
		n++;
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		*next = -1;
	} else
		rc = ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_article_count(zw_conn *c, const struct zw_article_filter *f, int64_t *n)
{
	char year[16];
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT COUNT(*) FROM articles a WHERE "
	    "a.state = 'published' " ZW_ARTICLE_FILTER_SQL, &s);
	if (rc != ZW_OK)
		return rc;
	zw_article_bind_filter(s, 1, f, year, sizeof(year));
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	*n = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_article_facets(zw_conn *c, json_t **orgs, json_t **years)
{
	zw_stmt *s;
	int rc;

	*orgs = *years = NULL;
	rc = zw_prepare(c, "SELECT o.id, o.name, COUNT(*) FROM articles a JOIN orgs o "
	    "ON o.id = a.org_id WHERE a.state = 'published' GROUP BY o.id, o.name, "
	    "o.path ORDER BY o.path", &s);
	if (rc != ZW_OK)
		return rc;
	*orgs = json_array();
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(*orgs, json_pack("{s:I, s:s, s:I}", "id",
		    (json_int_t)zw_col_int(s, 0), "name", zw_col_text(s, 1), "count",
		    (json_int_t)zw_col_int(s, 2)));
	if (rc < 0)
		goto fail;
	rc = zw_prepare(c, "SELECT SUBSTR(created_on, 1, 4), COUNT(*) FROM articles "
	    "WHERE state = 'published' GROUP BY SUBSTR(created_on, 1, 4) "
	    "ORDER BY 1 DESC", &s);
	if (rc != ZW_OK)
		goto fail;
	*years = json_array();
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(*years, json_pack("{s:s, s:I}", "year",
		    zw_col_text(s, 0), "count", (json_int_t)zw_col_int(s, 1)));
	if (rc < 0)
		goto fail;
	return ZW_OK;
fail:
	json_decref(*orgs);
	json_decref(*years);
	*orgs = *years = NULL;
	return rc;
}

int
zw_article_sitemap(zw_conn *c, int64_t max, json_t **items)
{
	zw_stmt *s;
	int rc;

	*items = NULL;
	rc = zw_prepare(c, "SELECT id, updated_at FROM articles WHERE state = "
	    "'published' ORDER BY published_at DESC, id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, max);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		char d[11];

		zw_date_fmt(zw_date_of(zw_col_int(s, 1)), d, sizeof(d));
		json_array_append_new(*items, json_pack("{s:I, s:s}", "id",
		    (json_int_t)zw_col_int(s, 0), "lastmod", d));
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	return ZW_OK;
}

int
zw_article_category_counts(zw_conn *c, json_t **items)
{
	int64_t counts[64] = { 0 };
	zw_stmt *s;
	size_t i;
	int rc;

	*items = NULL;
	rc = zw_prepare(c, "SELECT category, COUNT(*) FROM articles WHERE "
	    "state = 'published' GROUP BY category", &s);
	if (rc != ZW_OK)
		return rc;
	while ((rc = zw_step(s)) == ZW_ROW)
		for (i = 0; i < zw_portal_ncategories && i < 64; i++)
			if (strcmp(zw_portal_categories[i].code, zw_col_text(s, 0)) == 0)
				counts[i] = zw_col_int(s, 1);
	if (rc < 0)
		return rc;
	*items = json_array();
	for (i = 0; i < zw_portal_ncategories && i < 64; i++)
		json_array_append_new(*items, json_pack("{s:s, s:s, s:s, s:i, s:I, s:b}",
		    "code", zw_portal_categories[i].code, "name",
		    zw_portal_categories[i].name, "short_name",
		    zw_portal_categories[i].short_name, "article",
		    zw_portal_categories[i].article, "count", (json_int_t)counts[i],
		    "topic", zw_portal_categories[i].article == 21));
	return ZW_OK;
}

int
zw_article_history(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **items)
{
	struct zw_article_row cur;
	zw_stmt *s;
	int rc;

	*items = NULL;
	if ((rc = load_reach(c, who, id, &cur)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "SELECT action, state, actor_name, comment, at FROM "
	    "article_history WHERE article_id = ? ORDER BY id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		char ts[32];

		zw_time_rfc3339(zw_col_int(s, 4), ts, sizeof(ts));
		json_array_append_new(*items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
		    "action", zw_col_text(s, 0), "state", zw_col_text(s, 1),
		    "state_name", zw_article_state_name(zw_col_text(s, 1)),
		    "actor_name", zw_col_text(s, 2), "comment", zw_col_text(s, 3),
		    "at", ts));
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	return ZW_OK;
}

int
zw_article_monitor(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, zw_date today, json_t **out)
{
	json_t *overdue = json_array(), *soon = json_array(), *late = json_array();
	zw_arena *a = zw_arena_new();
	char t[11], jan1[11];
	zw_stmt *s;
	int rc, i = 1;

	*out = NULL;
	zw_date_fmt(today, t, sizeof(t));
	snprintf(jan1, sizeof(jan1), "%04d-01-01", today.y);
	rc = zw_prepare(c, "SELECT " ZW_ARTICLE_COLS " " ZW_ARTICLE_FROM " WHERE "
	    "(a.state IN ('draft', 'review', 'scheduled') OR (a.state = 'published' "
	    "AND a.published_on > a.due_on AND a.published_on >= ?)) AND "
	    ZW_PORTAL_REACH_SQL " ORDER BY a.due_on, a.id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, i++, jan1, (size_t)-1);
	zw_portal_bind_reach(s, i, who, a);
	while ((rc = zw_step(s)) == ZW_ROW) {
		const char *state = zw_col_text(s, 22);
		zw_date due;
		json_t *o;

		if (zw_date_parse(zw_col_text(s, 17), &due) != ZW_OK)
			continue;
		if (strcmp(state, "published") == 0) {
			zw_date pub;

			o = zw_article_row(s);
			if (zw_date_parse(zw_col_text(s, 18), &pub) == ZW_OK)
				json_object_set_new(o, "days_over", json_integer(
				    zw_working_days_between(cal, due, pub)));
			json_array_append_new(late, o);
		} else if (zw_date_cmp(due, today) < 0) {
			o = zw_article_row(s);
			json_object_set_new(o, "days_over", json_integer(
			    zw_working_days_between(cal, due, today)));
			json_array_append_new(overdue, o);
		} else if (zw_working_days_between(cal, today, due) <= DUE_SOON_DAYS) {
			o = zw_article_row(s);
			json_object_set_new(o, "days_left", json_integer(
			    zw_working_days_between(cal, today, due)));
			json_array_append_new(soon, o);
		}
	}
	if (rc < 0)
		goto out;
	*out = json_pack("{s:O, s:O, s:O, s:s}", "overdue", overdue, "due_soon", soon,
	    "late", late, "today", t);
	rc = ZW_OK;
out:
	json_decref(overdue);
	json_decref(soon);
	json_decref(late);
	zw_arena_free(a);
	return rc;
}
