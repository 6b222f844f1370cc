/*
 * search.c -- full-text search of articles, the way documents are
 * searched (documents/search.c): the title, 索引号, 发文字号, 内容概述,
 * the text of the body and the attachment names are cut into bigram
 * tokens (base/bigram.c) and kept in article_search, indexed by FTS5
 * (article_fts) on SQLite and a tsvector on PostgreSQL.  A query is the
 * AND of its tokens, so a two-character query (审批) finds every article
 * holding it.  Withdrawn articles leave the index.
 */
#include <stdio.h>
#include <string.h>

#include "base/bigram.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/utf8.h"
#include "search/sitesearch.h"
#include "portal/article_int.h"
#include "portal/portal_int.h"
#include "portal/sanitize.h"

#define QUERY_MAX_BYTES	4096	/* tokens of a 100-character query */

int
zw_article_index(zw_conn *c, int64_t id)
{
	zw_buf b, text;
	zw_stmt *s;
	int rc;

	zw_buf_init(&b, ZW_SEARCH_MAX_INDEX);
	zw_buf_init(&text, ZW_MAX_LONG_TEXT * 4);
	rc = zw_prepare(c, "SELECT state, title, COALESCE(index_no, ''), doc_no, "
	    "summary FROM articles WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	if (strcmp(zw_col_text(s, 0), "withdrawn") == 0) {
		zw_reset(s);
		if ((rc = zw_prepare(c, "DELETE FROM article_search WHERE "
		    "article_id = ?", &s)) != ZW_OK)
			goto out;
		zw_bind_int(s, 1, id);
		rc = zw_step(s);
		rc = rc < 0 ? rc : zw_site_search_drop(c, "article", id);
		goto out;
	}
	/* Short fields first: a long body loses its tail, never those.
	 * Truncation (ZW_ETOOBIG from the cutter) is accepted on purpose. */
	for (int i = 1; i <= 4; i++)
		(void)zw_bigram_index(zw_col_text(s, i), strlen(zw_col_text(s, i)), &b);
	zw_reset(s);
	rc = zw_prepare(c, "SELECT f.filename FROM article_files x JOIN files f ON "
	    "f.id = x.file_id WHERE x.article_id = ? ORDER BY x.position", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	while ((rc = zw_step(s)) == ZW_ROW)
		(void)zw_bigram_index(zw_col_text(s, 0), strlen(zw_col_text(s, 0)), &b);
	if (rc < 0)
		goto out;
	if ((rc = zw_prepare(c, "SELECT body FROM articles WHERE id = ?", &s)) != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	(void)zw_html_text(zw_col_text(s, 0), strlen(zw_col_text(s, 0)), &text);
	zw_reset(s);
	if (text.len > 0)
		(void)zw_bigram_index(text.p, text.len, &b);
	rc = zw_prepare(c, "INSERT INTO article_search (article_id, tokens) VALUES "
	    "(?, ?) ON CONFLICT (article_id) DO UPDATE SET tokens = excluded.tokens "
	    "WHERE article_search.tokens <> excluded.tokens", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	zw_bind_text(s, 2, b.p != NULL ? b.p : "", b.len);
	rc = zw_step(s);
	rc = rc < 0 ? rc : zw_article_site_sync(c, id);
out:
	zw_buf_free(&b);
	zw_buf_free(&text);
	return rc;
}

/*
 * The article's row of the public site search (search/sitesearch.h):
 * there while the article is published, gone otherwise.  Called by
 * zw_article_index(), so every state change keeps it in step.
 */
int
zw_article_site_sync(zw_conn *c, int64_t id)
{
	struct zw_site_doc d = { 0 };
	char url[48];
	zw_buf text;
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT state, title, summary, body, org_id, "
	    "COALESCE(published_at, 0) FROM articles WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	if (strcmp(zw_col_text(s, 0), "published") != 0) {
		zw_reset(s);
		return zw_site_search_drop(c, "article", id);
	}
	/* the body's text is shown in snippets; the summary (内容概述,
	 * often the body's first sentence) is searched, not shown */
	zw_buf_init(&text, ZW_MAX_LONG_TEXT * 4);
	(void)zw_html_text(zw_col_text(s, 3), strlen(zw_col_text(s, 3)), &text);
	d.extra = zw_col_text(s, 2);
	snprintf(url, sizeof(url), "/articles/%lld", (long long)id);
	d.org_id = zw_col_int(s, 4);
	d.title = zw_col_text(s, 1);
	d.body = text.p != NULL ? text.p : "";
	d.url = url;
	d.published_at = zw_col_int(s, 5);
	rc = zw_site_search_put(c, "article", id, &d);
	zw_reset(s);
	zw_buf_free(&text);
	return rc;
}

/* The matching articles, newest first; the published ones for the
 * public, any state in reach for the back office. */
#define SQLITE_MATCH "SELECT " ZW_ARTICLE_COLS " FROM article_fts JOIN " \
	"articles a ON a.id = article_fts.rowid " ZW_ARTICLE_JOINS " WHERE " \
	"article_fts MATCH ? AND "
#define PG_MATCH "SELECT " ZW_ARTICLE_COLS " FROM article_search x JOIN " \
	"articles a ON a.id = x.article_id " ZW_ARTICLE_JOINS " WHERE " \
	"x.tsv @@ to_tsquery('simple', ?) AND "
#define PUBLIC_TAIL "a.state = 'published' " ZW_ARTICLE_FILTER_SQL \
	"ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?"
#define OFFICE_TAIL "(a.state = ? OR ? = 'all') AND " ZW_PORTAL_REACH_SQL " " \
	ZW_ARTICLE_FILTER_SQL "ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?"

static const char *const search_sql[2][2] = {
	{ SQLITE_MATCH PUBLIC_TAIL, SQLITE_MATCH OFFICE_TAIL },
	{ PG_MATCH PUBLIC_TAIL, PG_MATCH OFFICE_TAIL },
};

int
zw_article_search(zw_conn *c, const struct zw_actor *who,
    const struct zw_article_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next)
{
	zw_arena *a = zw_arena_new();
	zw_buf toks, m;
	const char *first;
	size_t qn, nfirst;
	bool office;
	char year[16];
	int64_t n = 0;
	zw_stmt *s;
	int rc, i = 1;

	*items = NULL;
	*next = -1;
	zw_buf_init(&toks, QUERY_MAX_BYTES);
	zw_buf_init(&m, QUERY_MAX_BYTES * 2);
	qn = strlen(f->q);
	if (qn == 0 || !zw_utf8_valid(f->q, qn) ||
	    zw_utf8_chars(f->q, qn) > ZW_SEARCH_MAX_QUERY || limit < 1 || cursor < 0) {
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_bigram_tokens(f->q, qn, &toks)) != ZW_OK)
		goto out;
	if (toks.len == 0) {
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_bigram_match(toks.p, zw_conn_kind(c) == ZW_DB_PG, &m, &first,
	    &nfirst)) != ZW_OK)
		goto out;
	office = who != NULL && (zw_actor_can(who, "portal.edit") ||
	    zw_actor_can(who, "portal.publish")) && f->state != NULL &&
	    strcmp(f->state, "published") != 0;
	rc = zw_prepare(c, search_sql[zw_conn_kind(c) == ZW_DB_PG][office], &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, i++, m.p, m.len);
	if (office) {
		zw_bind_text(s, i++, f->state, (size_t)-1);
		zw_bind_text(s, i++, f->state, (size_t)-1);
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
	zw_buf_free(&toks);
	zw_buf_free(&m);
	zw_arena_free(a);
	return rc;
}
