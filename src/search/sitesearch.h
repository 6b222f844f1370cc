/*
 * sitesearch.h -- the public site search (全站搜索): one index, the
 * table site_search, over everything the public may find: published
 * articles, published service items, published surveys, and whatever
 * other module puts there.  A module keeps its rows in step with the
 * publication state of its objects, in the transaction that changes
 * that state: zw_site_search_put() when an object becomes (or stays)
 * public, zw_site_search_drop() when it stops being public.  Text is
 * cut into bigram tokens (base/bigram.h), so a two-character Chinese
 * query finds its rows; FTS5 on SQLite, a tsvector on PostgreSQL.
 */
#ifndef ZW_SITESEARCH_H
#define ZW_SITESEARCH_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

/* What one row shows.  Strings are copied; body is plain text (the
 * first ZW_SITE_BODY_MAX characters are kept for snippets, all of it is
 * tokenized up to ZW_SEARCH_MAX_INDEX bytes of tokens); extra is more
 * text to tokenize but not to show (conditions, material names). */
struct zw_site_doc {
	int64_t org_id;		/* 0: none */
	const char *title;
	const char *body;
	const char *extra;	/* may be NULL */
	const char *url;	/* the public page, "/articles/12" */
	int64_t published_at;	/* Unix seconds */
};

/* Insert the row of (type, ref_id), or update it in place (it keeps
 * its place in the newest-first order).  type: [a-z_]+, at most
 * ZW_SITE_TYPE_MAX bytes.  0 or a negative ZW_E*. */
int zw_site_search_put(zw_conn *c, const char *type, int64_t ref_id,
    const struct zw_site_doc *d);
/* Remove the row of (type, ref_id); no row is not an error. */
int zw_site_search_drop(zw_conn *c, const char *type, int64_t ref_id);

/* A search.  q: the words (required); type, org_id, from, to (Unix
 * seconds, inclusive; 0 = open) filter. */
struct zw_site_query {
	const char *q;
	const char *type;	/* NULL: every type */
	int64_t org_id;
	int64_t from, to;
};

/*
 * The matches, newest publication first, limit at most from cursor (an
 * offset).  OUT: *items, a JSON array of {type, type_name, ref_id,
 * title, title_html, snippet_html, url, org_id, org_name,
 * published_at}; *next the next cursor or -1.  title_html and
 * snippet_html are HTML: the text escaped, the query's tokens wrapped
 * in <mark>.  ZW_EINVAL for an empty or unusable query.
 */
int zw_site_search(zw_conn *c, const struct zw_site_query *q, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next);

/*
 * Append to out the HTML of text's snippet for the query tokens toks
 * (zw_bigram_tokens form): at most maxchars characters around the
 * first hit (the start when none), HTML-escaped, every hit of a token
 * wrapped in <mark></mark>, "…" where text was cut.  The text is
 * escaped piece by piece, so nothing in text or in the query can make
 * markup: only the <mark> tags are ours.
 */
int zw_site_snippet(const char *text, const char *toks, size_t maxchars,
    zw_buf *out);

/* The Chinese name of a type ("article" -> "政府信息"), or the type. */
const char *zw_site_type_name(const char *type);

/* Index what is public and not indexed yet: published articles,
 * service items, surveys (rows written before this index existed, or
 * written directly in SQL).  Idempotent.  OUT: *n, rows added. */
int zw_site_search_backfill(zw_conn *c, int64_t *n);

#endif
