/*
 * sitesearch.c -- the public site search (sitesearch.h): one table,
 * site_search, fed by the modules whose objects are public, searched
 * by bigram tokens as articles and documents are (portal/search.c,
 * documents/search.c).  Results come newest row first: a row is
 * inserted when its object becomes public (and deleted when it stops
 * being public), so the row id follows publication order, and FTS5
 * hands rows out in id order without sorting every match of a common
 * pair.  A change while public (a correction) updates the row in place.
 * Snippets are cut from the stored plain text around the first hit
 * and marked here, after escaping.
 */
#include <string.h>

#include "approvals/items.h"
#include "base/bigram.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "portal/portal.h"
#include "search/sitesearch.h"
#include "surveys/surveys.h"
#include "web/tmpl.h"

#define QUERY_MAX_BYTES	4096	/* tokens of a 100-character query */
#define MAX_TOKENS	64	/* tokens of one query marked in snippets */

static const struct {
	const char *type, *name;
} type_names[] = {
	{ "article", "政府信息" },
	{ "item", "办事服务" },
	{ "survey", "征集调查" },
	{ "letter", "领导信箱" },
	{ "disclosure", "依申请公开" },
};

const char *
zw_site_type_name(const char *type)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(type_names[i].type, type) == 0)
			return type_names[i].name;
	return type;
}

static bool
type_ok(const char *t)
{
	size_t n = strlen(t);

	if (n == 0 || n > ZW_SITE_TYPE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || t[i] == '_'))
			return false;
	return true;
}

/* Bytes of the first `chars` characters of s (all of s when shorter). */
static size_t
prefix_bytes(const char *s, size_t n, size_t chars)
{
	size_t i = 0;

	while (i < n && chars > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars--;
	}
	return i;
}

int
zw_site_search_put(zw_conn *c, const char *type, int64_t ref_id,
    const struct zw_site_doc *d)
{
	zw_buf toks;
	const char *body = d->body != NULL ? d->body : "";
	size_t nbody = strlen(body);
	zw_stmt *s;
	int rc;

	if (!type_ok(type) || ref_id <= 0 || d->title == NULL || d->url == NULL)
		return ZW_EINVAL;
	zw_buf_init(&toks, ZW_SEARCH_MAX_INDEX);
	/* Short fields first: a long body loses its tail, never the title.
	 * Truncation (ZW_ETOOBIG) is accepted on purpose. */
	(void)zw_bigram_index(d->title, strlen(d->title), &toks);
	if (d->extra != NULL)
		(void)zw_bigram_index(d->extra, strlen(d->extra), &toks);
	(void)zw_bigram_index(body, nbody, &toks);
	/* An existing row is changed in place: it keeps its id, so a
	 * correction does not move it to the top (see the top). */
	rc = zw_prepare(c, "INSERT INTO site_search (type, ref_id, org_id, title, "
	    "body, url, published_at, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (type, ref_id) DO UPDATE SET org_id = excluded.org_id, "
	    "title = excluded.title, body = excluded.body, url = excluded.url, "
	    "published_at = excluded.published_at, tokens = excluded.tokens", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, type, (size_t)-1);
	zw_bind_int(s, 2, ref_id);
	if (d->org_id > 0)
		zw_bind_int(s, 3, d->org_id);
	else
		zw_bind_null(s, 3);
	zw_bind_text(s, 4, d->title, (size_t)-1);
	zw_bind_text(s, 5, body, prefix_bytes(body, nbody, ZW_SITE_BODY_MAX));
	zw_bind_text(s, 6, d->url, (size_t)-1);
	zw_bind_int(s, 7, d->published_at);
	zw_bind_text(s, 8, toks.p != NULL ? toks.p : "", toks.len);
	rc = zw_step(s);
	rc = rc < 0 ? rc : ZW_OK;
out:
	zw_buf_free(&toks);
	return rc;
}

int
zw_site_search_drop(zw_conn *c, const char *type, int64_t ref_id)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "DELETE FROM site_search WHERE type = ? AND "
	    "ref_id = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_text(s, 1, type, (size_t)-1);
	zw_bind_int(s, 2, ref_id);
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

/* ---- snippets ---- */

struct tok {
	const char *p;
	size_t n;
};

static size_t
split_tokens(const char *toks, struct tok *t, size_t max)
{
	size_t k = 0;

	while (*toks != '\0' && k < max) {
		size_t n;

		while (*toks == ' ')
			toks++;
		n = strcspn(toks, " ");
		if (n > 0) {
			t[k].p = toks;
			t[k].n = n;
			k++;
		}
		toks += n;
	}
	return k;
}

/* Does token t start at s (n bytes left)?  ASCII compares without case:
 * tokens are lowercase. */
static bool
hit_at(const char *s, size_t n, const struct tok *t)
{
	if (t->n > n)
		return false;
	for (size_t i = 0; i < t->n; i++) {
		unsigned char b = (unsigned char)s[i];

		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		if (b != (unsigned char)t->p[i])
			return false;
	}
	return true;
}

static size_t
next_char(const char *s, size_t n, size_t i)
{
	i++;
	while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	return i;
}

int
zw_site_snippet(const char *text, const char *toks, size_t maxchars,
    zw_buf *out)
{
	struct tok t[MAX_TOKENS];
	size_t nt = split_tokens(toks != NULL ? toks : "", t, MAX_TOKENS);
	size_t n = strlen(text), first = n, start = 0, end, i, run;
	unsigned char *mark;
	int rc = ZW_OK;

	if (!zw_utf8_valid(text, n))
		return ZW_EINVAL;
	for (i = 0; i < n && first == n; i = next_char(text, n, i))
		for (size_t k = 0; k < nt; k++)
			if (hit_at(text + i, n - i, &t[k])) {
				first = i;
				break;
			}
	/* Start ZW_SITE_SNIPPET_LEAD characters before the first hit, but
	 * no later than needed to fill maxchars; a short text is whole. */
	if (first < n && zw_utf8_chars(text, first) > ZW_SITE_SNIPPET_LEAD) {
		size_t total = zw_utf8_chars(text, n), skip;

		skip = zw_utf8_chars(text, first) - ZW_SITE_SNIPPET_LEAD;
		if (total <= maxchars)
			skip = 0;
		else if (skip > total - maxchars)
			skip = total - maxchars;
		start = prefix_bytes(text, n, skip);
	}
	end = start + prefix_bytes(text + start, n - start, maxchars);
	mark = zw_calloc(end - start + 1, 1);
	for (i = start; i < end; i = next_char(text, end, i))
		for (size_t k = 0; k < nt; k++)
			if (hit_at(text + i, end - i, &t[k]))
				memset(mark + (i - start), 1, t[k].n);
	if (start > 0)
		rc = zw_buf_puts(out, "…");
	for (i = start; i < end && rc == ZW_OK; i += run) {
		bool m = mark[i - start] != 0;

		for (run = 1; i + run < end && (mark[i + run - start] != 0) == m; run++)
			;
		if (m)
			rc = zw_buf_puts(out, "<mark>");
		if (rc == ZW_OK)
			rc = zw_html_escape(out, text + i, run);
		if (rc == ZW_OK && m)
			rc = zw_buf_puts(out, "</mark>");
	}
	if (rc == ZW_OK && end < n)
		rc = zw_buf_puts(out, "…");
	zw_free(mark);
	return rc;
}

/* ---- searching ---- */

#define SEARCH_COLS "s.type, s.ref_id, COALESCE(s.org_id, 0), " \
	"COALESCE(o.name, ''), s.title, s.body, s.url, s.published_at "
#define SEARCH_FILTER "AND (? = '' OR s.type = ?) AND (? = 0 OR s.org_id = ?) " \
	"AND (? = 0 OR s.published_at >= ?) AND (? = 0 OR s.published_at <= ?) "

static const char *const search_sql[2] = {
	"SELECT " SEARCH_COLS "FROM site_fts JOIN site_search s ON s.id = "
	"site_fts.rowid LEFT JOIN orgs o ON o.id = s.org_id WHERE site_fts "
	"MATCH ? " SEARCH_FILTER "ORDER BY site_fts.rowid DESC LIMIT ? OFFSET ?",
	"SELECT " SEARCH_COLS "FROM site_search s LEFT JOIN orgs o ON o.id = "
	"s.org_id WHERE s.tsv @@ to_tsquery('simple', ?) " SEARCH_FILTER
	"ORDER BY s.id DESC LIMIT ? OFFSET ?",
};

static json_t *
html_of(const char *text, const char *toks, size_t maxchars)
{
	zw_buf b;
	json_t *v;

	zw_buf_init(&b, (maxchars + 8) * 24);
	if (zw_site_snippet(text, toks, maxchars, &b) != ZW_OK || b.p == NULL)
		v = json_string("");
	else
		v = json_stringn(b.p, b.len);
	zw_buf_free(&b);
	return v;
}

int
zw_site_search(zw_conn *c, const struct zw_site_query *q, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next)
{
	const char *type = q->type != NULL ? q->type : "", *first;
	zw_buf toks, m;
	size_t qn, nfirst;
	int64_t n = 0;
	zw_stmt *s;
	int rc, i = 1;

	*items = NULL;
	*next = -1;
	zw_buf_init(&toks, QUERY_MAX_BYTES);
	zw_buf_init(&m, QUERY_MAX_BYTES * 2);
	qn = q->q != NULL ? strlen(q->q) : 0;
	if (qn == 0 || !zw_utf8_valid(q->q, qn) ||
	    zw_utf8_chars(q->q, qn) > ZW_SEARCH_MAX_QUERY || limit < 1 ||
	    cursor < 0) {
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_bigram_tokens(q->q, qn, &toks)) != ZW_OK)
		goto out;
	if (toks.len == 0) {
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_bigram_match(toks.p, zw_conn_kind(c) == ZW_DB_PG, &m, &first,
	    &nfirst)) != ZW_OK)
		goto out;
	if ((rc = zw_prepare(c, search_sql[zw_conn_kind(c) == ZW_DB_PG], &s)) != ZW_OK)
		goto out;
	zw_bind_text(s, i++, m.p, m.len);
	zw_bind_text(s, i++, type, (size_t)-1);
	zw_bind_text(s, i++, type, (size_t)-1);
	zw_bind_int(s, i++, q->org_id);
	zw_bind_int(s, i++, q->org_id);
	zw_bind_int(s, i++, q->from);
	zw_bind_int(s, i++, q->from);
	zw_bind_int(s, i++, q->to);
	zw_bind_int(s, i++, q->to);
	zw_bind_int(s, i++, limit + 1);
	zw_bind_int(s, i++, cursor);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *o;

		if (n == limit) {
			*next = cursor + limit;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:I}",
		    "type", zw_col_text(s, 0),
		    "type_name", zw_site_type_name(zw_col_text(s, 0)),
		    "ref_id", (json_int_t)zw_col_int(s, 1),
		    "title", zw_col_text(s, 4),
		    "url", zw_col_text(s, 6),
		    "published_at", (json_int_t)zw_col_int(s, 7));
		json_object_set_new(o, "title_html", html_of(zw_col_text(s, 4), toks.p,
		    ZW_SURVEY_MAX_TITLE));
		json_object_set_new(o, "snippet_html", html_of(zw_col_text(s, 5),
		    toks.p, ZW_SITE_SNIPPET));
		if (zw_col_int(s, 2) > 0) {
			json_object_set_new(o, "org_id", json_integer(zw_col_int(s, 2)));
			json_object_set_new(o, "org_name", json_string(zw_col_text(s, 3)));
		} else {
			json_object_set_new(o, "org_id", json_null());
			json_object_set_new(o, "org_name", json_string(""));
		}
		json_array_append_new(*items, o);
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
	return rc;
}

/* ---- backfill ---- */

#define BACKFILL_BATCH	500

typedef int (*sync_fn)(zw_conn *c, int64_t id);

/* Index the rows `missing` selects (ids, at most BACKFILL_BATCH a
 * round) with sync() until none is left; then drop the rows of `type`
 * whose object is no longer public (stale_sql). */
static int
backfill_one(zw_conn *c, const char *missing, const char *stale_sql,
    sync_fn sync, int64_t *n)
{
	int64_t ids[BACKFILL_BATCH];
	size_t k;
	zw_stmt *s;
	int rc;

	for (;;) {
		k = 0;
		if ((rc = zw_prepare(c, missing, &s)) != ZW_OK)
			return rc;
		zw_bind_int(s, 1, BACKFILL_BATCH);
		while ((rc = zw_step(s)) == ZW_ROW)
			ids[k++] = zw_col_int(s, 0);
		if (rc < 0)
			return rc;
		if (k == 0)
			break;
		for (size_t j = 0; j < k; j++)
			if ((rc = sync(c, ids[j])) != ZW_OK)
				return rc;
		*n += (int64_t)k;
		if (k < BACKFILL_BATCH)
			break;
	}
	if ((rc = zw_prepare(c, stale_sql, &s)) != ZW_OK)
		return rc;
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_site_search_backfill(zw_conn *c, int64_t *n)
{
	int rc;

	*n = 0;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		return rc;
	if ((rc = backfill_one(c, "SELECT a.id FROM articles a WHERE a.state = "
	    "'published' AND NOT EXISTS (SELECT 1 FROM site_search x WHERE x.type = "
	    "'article' AND x.ref_id = a.id) ORDER BY a.published_at, a.id LIMIT ?",
	    "DELETE FROM site_search WHERE type = 'article' AND ref_id NOT IN "
	    "(SELECT id FROM articles WHERE state = 'published')",
	    zw_article_site_sync, n)) != ZW_OK ||
	    (rc = backfill_one(c, "SELECT i.id FROM service_items i WHERE i.status = "
	    "'published' AND NOT EXISTS (SELECT 1 FROM site_search x WHERE x.type = "
	    "'item' AND x.ref_id = i.id) ORDER BY i.updated_at, i.id LIMIT ?",
	    "DELETE FROM site_search WHERE type = 'item' AND ref_id NOT IN "
	    "(SELECT id FROM service_items WHERE status = 'published')",
	    zw_item_site_sync, n)) != ZW_OK ||
	    (rc = backfill_one(c, "SELECT v.id FROM surveys v WHERE v.state = "
	    "'published' AND NOT EXISTS (SELECT 1 FROM site_search x WHERE x.type = "
	    "'survey' AND x.ref_id = v.id) ORDER BY v.published_at, v.id LIMIT ?",
	    "DELETE FROM site_search WHERE type = 'survey' AND ref_id NOT IN "
	    "(SELECT id FROM surveys WHERE state = 'published')",
	    zw_survey_site_sync, n)) != ZW_OK) {
		zw_tx_rollback(c);
		return rc;
	}
	return zw_tx_commit(c);
}
