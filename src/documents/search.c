/*
 * search.c -- full-text search of 公文 (search.h): the index entry of a
 * document, the query on either backend, and GET /api/v1/documents/search.
 *
 * The index holds tokens, not text: base/bigram.c cuts title, 发文字号,
 * attachment names and body into pairs of characters and ASCII words,
 * and doc_search keeps them as one space-separated string.  SQLite's
 * FTS5 table doc_fts (tokenizer `ascii`: spaces separate, every
 * non-ASCII byte is part of a token) and PostgreSQL's tsvector
 * (to_tsvector('simple', tokens)) index that string.  The query is cut
 * by the same code and becomes the AND of its tokens; a token of one
 * CJK character is a prefix (`"审"*` / `'审':*`), which the index form's
 * run tails make complete (bigram.h).  The match expression is a bound
 * parameter; the tokens in it hold only CJK characters and [a-z0-9], so
 * they never carry FTS5 or tsquery syntax.
 */
#include <stdbool.h>
#include <string.h>

#include "base/bigram.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/utf8.h"
#include "documents/doc_int.h"
#include "documents/search.h"
#include "org/org_int.h"
#include "web/http.h"
#include "web/route.h"

#define QUERY_MAX_BYTES	4096	/* tokens of a 100-character query */
#define SNIPPET_BEFORE	20	/* characters shown before the match */

int
zw_doc_index(zw_conn *c, int64_t doc_id)
{
	zw_stmt *s;
	zw_buf b;
	int rc;

	/* Title, 发文字号 and attachment names first: a body past
	 * ZW_SEARCH_MAX_INDEX loses its tail, never those.  Truncation
	 * (ZW_ETOOBIG from the cutter) is accepted on purpose. */
	zw_buf_init(&b, ZW_SEARCH_MAX_INDEX);
	rc = zw_prepare(c, "SELECT title, COALESCE(doc_no, ''), "
	    "COALESCE(archive_no, '') FROM documents WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, doc_id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	(void)zw_bigram_index(zw_col_text(s, 0), strlen(zw_col_text(s, 0)), &b);
	(void)zw_bigram_index(zw_col_text(s, 1), strlen(zw_col_text(s, 1)), &b);
	(void)zw_bigram_index(zw_col_text(s, 2), strlen(zw_col_text(s, 2)), &b);
	zw_reset(s);
	rc = zw_prepare(c, "SELECT f.filename FROM document_attachments x JOIN "
	    "files f ON f.id = x.file_id WHERE x.doc_id = ? ORDER BY x.position", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, doc_id);
	while ((rc = zw_step(s)) == ZW_ROW)
		(void)zw_bigram_index(zw_col_text(s, 0), strlen(zw_col_text(s, 0)), &b);
	if (rc < 0)
		goto out;
	if ((rc = zw_prepare(c, "SELECT body FROM documents WHERE id = ?", &s)) != ZW_OK)
		goto out;
	zw_bind_int(s, 1, doc_id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	(void)zw_bigram_index(zw_col_text(s, 0), strlen(zw_col_text(s, 0)), &b);
	zw_reset(s);
	rc = zw_prepare(c, "INSERT INTO doc_search (doc_id, tokens) VALUES (?, ?) "
	    "ON CONFLICT (doc_id) DO UPDATE SET tokens = excluded.tokens "
	    "WHERE doc_search.tokens <> excluded.tokens", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, doc_id);
	zw_bind_text(s, 2, b.p != NULL ? b.p : "", b.len);
	rc = zw_step(s);
	rc = rc < 0 ? rc : ZW_OK;
out:
	zw_buf_free(&b);
	return rc;
}

/*
 * Index the documents that `sql` lists (parameters: the last id seen
 * and a row limit), batch after batch until it lists none.  Outside a
 * transaction each batch is committed on its own.
 */
static int
index_batches(zw_conn *c, const char *sql, int64_t *count)
{
	int64_t ids[ZW_SEARCH_BATCH], last = 0, total = 0;
	bool own = !zw_in_tx(c);
	size_t n, i;
	zw_stmt *s;
	int rc;

	for (;;) {
		if (own && (rc = zw_tx_begin(c)) != ZW_OK)
			return rc;
		n = 0;
		if ((rc = zw_prepare(c, sql, &s)) != ZW_OK)
			goto fail;
		zw_bind_int(s, 1, last);
		zw_bind_int(s, 2, ZW_SEARCH_BATCH);
		while (n < ZW_SEARCH_BATCH && (rc = zw_step(s)) == ZW_ROW)
			ids[n++] = zw_col_int(s, 0);
		zw_reset(s);
		if (rc < 0)
			goto fail;
		for (i = 0; i < n; i++)
			if ((rc = zw_doc_index(c, ids[i])) != ZW_OK)
				goto fail;
		if (own && (rc = zw_tx_commit(c)) != ZW_OK)
			return rc;
		total += (int64_t)n;
		if (n < ZW_SEARCH_BATCH)
			break;
		last = ids[n - 1];
	}
	if (count != NULL)
		*count = total;
	return ZW_OK;
fail:
	if (own)
		zw_tx_rollback(c);
	return rc;
}

int
zw_doc_reindex_all(zw_conn *c)
{
	bool own;
	int rc;

	rc = index_batches(c, "SELECT id FROM documents WHERE id > ? ORDER BY id "
	    "LIMIT ?", NULL);
	if (rc != ZW_OK || zw_conn_kind(c) != ZW_DB_SQLITE)
		return rc;
	/* doc_fts mirrors doc_search through triggers; rebuilding it
	 * repairs an FTS table that drifted (restored from a copy, say). */
	own = !zw_in_tx(c);
	if (own && (rc = zw_tx_begin(c)) != ZW_OK)
		return rc;
	rc = zw_exec(c, "INSERT INTO doc_fts (doc_fts) VALUES ('rebuild')");
	if (own) {
		if (rc == ZW_OK)
			return zw_tx_commit(c);
		zw_tx_rollback(c);
	}
	return rc;
}

int
zw_doc_index_missing(zw_conn *c, int64_t *count)
{
	return index_batches(c, "SELECT d.id FROM documents d WHERE d.id > ? AND "
	    "NOT EXISTS (SELECT 1 FROM doc_search s WHERE s.doc_id = d.id) "
	    "ORDER BY d.id LIMIT ?", count);
}

/* Length of the blank (ASCII space or control, U+3000) at s, or 0. */
static size_t
blank_at(const char *s)
{
	unsigned char b = (unsigned char)s[0];

	if (b == ' ' || b < 0x20 || b == 0x7f)
		return 1;
	return strncmp(s, "\xe3\x80\x80", 3) == 0 ? 3 : 0;
}

/*
 * The snippet from s = SUBSTR(body, st, ZW_SEARCH_SNIPPET + 1): blank
 * runs become one space, "…" marks text cut before (st > 1) or after.
 * At most ZW_SEARCH_SNIPPET characters in all.
 */
static json_t *
snippet(const char *s, int64_t st)
{
	char text[(ZW_SEARCH_SNIPPET + 1) * 4 + 1], out[sizeof(text) + 8];
	size_t at[ZW_SEARCH_SNIPPET + 2];	/* where each character starts */
	size_t n = 0, chars = 0, seen = 0, len, budget, keep, k = 0;
	bool pending = false;

	while (*s != '\0' && chars < ZW_SEARCH_SNIPPET + 1) {
		seen++;
		if ((len = blank_at(s)) > 0) {
			pending = n > 0;
			s += len;
			continue;
		}
		if (pending) {
			at[chars++] = n;
			text[n++] = ' ';
			pending = false;
			if (chars == ZW_SEARCH_SNIPPET + 1)
				break;
		}
		at[chars++] = n;
		len = 0;
		do
			text[n++] = s[len++];
		while (len < 4 && ((unsigned char)s[len] & 0xc0) == 0x80);
		s += len;
	}
	text[n] = '\0';
	at[chars] = n;
	budget = ZW_SEARCH_SNIPPET - (st > 1 ? 1 : 0);
	if (st > 1) {
		memcpy(out, "…", 3);
		k = 3;
	}
	if (chars > budget || seen > budget || *s != '\0') {
		keep = chars < budget ? chars : budget - 1;
		len = at[keep];
		while (len > 0 && text[len - 1] == ' ')
			len--;
		memcpy(out + k, text, len);
		k += len;
		memcpy(out + k, "…", 3);
		k += 3;
	} else {
		memcpy(out + k, text, n);
		k += n;
	}
	out[k] = '\0';
	return json_string(out);
}

/* Visible as in zw_doc_visible(): the drafting organization is in the
 * actor's data scope, or the actor drafted, signs or reviews it, or it
 * was delivered to the actor's organization.  Five parameters. */
#define SEARCH_VISIBLE "(" ZW_SCOPE_SQL " OR d.drafter_id = ? OR " \
	"d.signer_id = ? OR EXISTS (SELECT 1 FROM document_reviews r WHERE " \
	"r.doc_id = d.id AND r.user_id = ?) OR EXISTS (SELECT 1 FROM " \
	"deliveries v WHERE v.doc_id = d.id AND v.to_org_id = ?))"

/*
 * Ranking costs time in proportion to the matches (bm25 even counts
 * every document holding each token), and a pair as common as 通知 is
 * in most documents.  So a query is first counted, up to
 * ZW_SEARCH_RANK_MAX + 1 matches: as many or fewer are ranked (best
 * first, then newest); more are listed newest first, which the FTS5
 * and GIN indexes give without looking at the rest.  Either way the
 * page is cut first (hits), and only its rows are then searched for
 * the snippet's place (spots) and joined for display.  All four
 * statements take the same parameters.
 */
#define SEARCH_SPOTS "spots AS (SELECT h.id AS id, h.score AS score, "
#define SEARCH_SHOW "SELECT d.id, d.doc_type, d.title, COALESCE(d.doc_no, ''), " \
	"d.status, d.urgency, o.name, du.name, d.updated_at, p.st, " \
	"SUBSTR(d.body, p.st, ?) FROM spots p JOIN documents d ON d.id = p.id " \
	"JOIN orgs o ON o.id = d.org_id JOIN users du ON du.id = d.drafter_id "

/* SQLite: bm25() is lower for better matches. */
#define SQLITE_HITS(score, order) \
	"WITH hits AS (SELECT doc_fts.rowid AS id, " score " AS score FROM " \
	"doc_fts JOIN documents d ON d.id = doc_fts.rowid JOIN orgs o ON " \
	"o.id = d.org_id WHERE doc_fts MATCH ? AND " SEARCH_VISIBLE " ORDER BY " \
	order " LIMIT ? OFFSET ?), " SEARCH_SPOTS "MAX(INSTR(LOWER(d.body), ?) " \
	"- ?, 1) AS st FROM hits h JOIN documents d ON d.id = h.id) " SEARCH_SHOW \
	"ORDER BY p.score, d.id DESC"
/* PostgreSQL: ts_rank() is higher for better matches. */
#define PG_HITS(score, order) \
	"WITH hits AS (SELECT d.id AS id, " score " AS score FROM " \
	"to_tsquery('simple', ?) q, doc_search s JOIN documents d ON d.id = " \
	"s.doc_id JOIN orgs o ON o.id = d.org_id WHERE s.tsv @@ q AND " \
	SEARCH_VISIBLE " ORDER BY " order " LIMIT ? OFFSET ?), " SEARCH_SPOTS \
	"GREATEST(STRPOS(LOWER(d.body), ?) - ?, 1) AS st FROM hits h JOIN " \
	"documents d ON d.id = h.id) " SEARCH_SHOW "ORDER BY p.score DESC, d.id DESC"

static const char *const search_sql[2][2] = {
	{	/* SQLite: ranked, newest */
		SQLITE_HITS("bm25(doc_fts)", "score, doc_fts.rowid DESC"),
		SQLITE_HITS("0", "doc_fts.rowid DESC"),
	}, {	/* PostgreSQL */
		PG_HITS("ts_rank(s.tsv, q)", "score DESC, d.id DESC"),
		PG_HITS("0", "d.id DESC"),
	},
};

/* Matches of the expression m, counted up to ZW_SEARCH_RANK_MAX + 1
 * (whoever may see them).  OUT: *count. */
static int
count_matches(zw_conn *c, const zw_buf *m, int64_t *count)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, zw_conn_kind(c) == ZW_DB_PG ?
	    "SELECT COUNT(*) FROM (SELECT 1 FROM doc_search WHERE tsv @@ "
	    "to_tsquery('simple', ?) LIMIT ?) x" :
	    "SELECT COUNT(*) FROM (SELECT rowid FROM doc_fts WHERE doc_fts "
	    "MATCH ? LIMIT ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, m->p, m->len);
	zw_bind_int(s, 2, ZW_SEARCH_RANK_MAX + 1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	*count = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_doc_search(zw_conn *c, const struct zw_actor *who, const char *q,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next)
{
	enum zw_db_kind kind = zw_conn_kind(c);
	zw_arena *a = zw_arena_new();
	zw_buf toks, m;
	const char *first;
	size_t qn, nfirst;
	int64_t n = 0, count = 0, offset;
	bool newest;
	zw_stmt *s;
	int rc, i = 1;

	*items = NULL;
	*next = -1;
	zw_buf_init(&toks, QUERY_MAX_BYTES);
	zw_buf_init(&m, QUERY_MAX_BYTES * 2);
	qn = q != NULL ? strlen(q) : 0;
	if (qn == 0 || !zw_utf8_valid(q, qn) ||
	    zw_utf8_chars(q, qn) > ZW_SEARCH_MAX_QUERY || limit < 1 || cursor < 0) {
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_bigram_tokens(q, qn, &toks)) != ZW_OK)
		goto out;
	if (toks.len == 0) {
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_bigram_match(toks.p, kind == ZW_DB_PG, &m, &first,
	    &nfirst)) != ZW_OK)
		goto out;
	/* The cursor carries the order of the first page, so that a query
	 * crossing ZW_SEARCH_RANK_MAX between pages does not change it. */
	offset = cursor >> 1;
	newest = (cursor & 1) != 0;
	if (cursor == 0) {
		if ((rc = count_matches(c, &m, &count)) != ZW_OK)
			goto out;
		newest = count > ZW_SEARCH_RANK_MAX;
	}
	rc = zw_prepare(c, search_sql[kind == ZW_DB_PG][newest], &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, i++, m.p, m.len);
	i = zw_bind_scope(s, i, who, a);
	zw_bind_int(s, i++, who->id);
	zw_bind_int(s, i++, who->id);
	zw_bind_int(s, i++, who->id);
	zw_bind_int(s, i++, who->org_id);
	zw_bind_int(s, i++, limit + 1);
	zw_bind_int(s, i++, offset);
	zw_bind_text(s, i++, first, nfirst);
	zw_bind_int(s, i++, SNIPPET_BEFORE);
	zw_bind_int(s, i++, ZW_SEARCH_SNIPPET + 1);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		char ts[32];
		json_t *o;

		if (n == limit) {
			*next = (offset + limit) << 1 | (newest ? 1 : 0);
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		zw_time_rfc3339(zw_col_int(s, 8), ts, sizeof(ts));
		o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		    "id", (json_int_t)zw_col_int(s, 0), "doc_type", zw_col_text(s, 1),
		    "title", zw_col_text(s, 2), "doc_no", zw_col_text(s, 3), "status",
		    zw_col_text(s, 4), "status_name", zw_doc_status_name(zw_col_text(s, 4)),
		    "urgency", zw_col_text(s, 5), "org_name", zw_col_text(s, 6),
		    "drafter_name", zw_col_text(s, 7), "updated_at", ts);
		json_object_set_new(o, "snippet", snippet(zw_col_text(s, 10),
		    zw_col_int(s, 9)));
		json_array_append_new(*items, o);
		n++;
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		*next = -1;
	}
out:
	zw_buf_free(&toks);
	zw_buf_free(&m);
	zw_arena_free(a);
	return rc < 0 ? rc : ZW_OK;
}

static void
api_doc_search(zw_req *r)
{
	const char *q = zw_query(r, "q");
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	size_t n;
	int rc;

	if (q == NULL || *q == '\0') {
		zw_fail(r, 422, "required", "请输入搜索词", "q");
		return;
	}
	n = strlen(q);
	if (!zw_utf8_valid(q, n) || zw_utf8_has_controls(q, n)) {
		zw_fail(r, 400, "invalid_text", "搜索词包含无效字符", "q");
		return;
	}
	if (zw_utf8_chars(q, n) > ZW_SEARCH_MAX_QUERY) {
		zw_fail(r, 422, "too_long", "搜索词最多 100 个字符", "q");
		return;
	}
	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	/* A results page of 20 unless asked otherwise: people read the first
	 * few hits, and each row costs a snippet. */
	if (zw_query(r, "limit") == NULL)
		limit = ZW_SEARCH_PAGE;
	zw_req_actor(r, &who);
	rc = zw_doc_search(r->db, &who, q, limit, cursor, &items, &next);
	if (rc == ZW_EINVAL) {
		zw_fail(r, 422, "empty_query", "搜索词应包含汉字、字母或数字", "q");
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

const struct zw_route zw_doc_search_routes[] = {
	{ "GET", "/api/v1/documents/search", api_doc_search, "documents.read",
	  ZW_R_STAFF, NULL },
};
const size_t zw_doc_search_routes_count =
    sizeof(zw_doc_search_routes) / sizeof(zw_doc_search_routes[0]);
