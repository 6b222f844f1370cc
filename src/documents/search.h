/*
 * search.h -- full-text search of 公文: titles, 发文字号, bodies and
 * attachment file names, cut into search tokens by base/bigram.c and
 * kept in doc_search (migration 0005).  SQLite matches them through an
 * FTS5 table (doc_fts), PostgreSQL through a tsvector with the `simple`
 * configuration and a GIN index.  Results stay within the caller's
 * reach: the same rule as opening a document (zw_doc_get).
 */
#ifndef ZW_DOC_SEARCH_H
#define ZW_DOC_SEARCH_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/limits.h"
#include "org/org.h"
#include "store/db.h"
#include "web/route.h"

#define ZW_SEARCH_SNIPPET	80	/* characters of a result's snippet */
/* Queries with more matches than this (200: counting and ranking more
 * cost search its p99 target) are listed newest first, not
 * ranked: a pair as common as 通知 is in most documents, and ranking all
 * of them would make a search cost as much as the archive is large. */
#define ZW_SEARCH_RANK_MAX	200
#define ZW_SEARCH_BATCH		100	/* documents per transaction when
					   reindexing */

/*
 * Rebuild the index entry of one document from the documents row
 * (title, doc_no, body) and its attachments' file names, in the
 * caller's transaction.  Call after every change to those: create,
 * update, issue (doc_no).  ZW_ENOTFOUND if there is no such document.
 */
int zw_doc_index(zw_conn *c, int64_t doc_id);
/* Rebuild every document's entry (maintenance; on SQLite the FTS table
 * is rebuilt from doc_search afterwards).  Outside a transaction it
 * commits every ZW_SEARCH_BATCH documents; inside one it uses it. */
int zw_doc_reindex_all(zw_conn *c);
/* Index the documents that have no entry yet (after the upgrade that
 * added search, run at start-up; a no-op when all are indexed).
 * Transactions as zw_doc_reindex_all.  OUT: *count (may be NULL). */
int zw_doc_index_missing(zw_conn *c, int64_t *count);

/*
 * Documents matching every token of q, visible to who: the best first
 * (FTS5 bm25 / ts_rank), then the newest; or, when more than
 * ZW_SEARCH_RANK_MAX documents match, the newest first.  Items as zw_doc_list plus
 * "snippet": at most ZW_SEARCH_SNIPPET characters of plain text from
 * the body around the first match ("…" marks a cut).  cursor is 0 for
 * the first page, then *next of the page before (opaque: the results
 * already seen and the order chosen on the first page); *next is -1
 * after the last page.  ZW_EINVAL if q is not valid UTF-8,
 * has 0 or more than ZW_SEARCH_MAX_QUERY characters, or has no token
 * (only punctuation).
 */
int zw_doc_search(zw_conn *c, const struct zw_actor *who, const char *q,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next);

/* GET /api/v1/documents/search: register before zw_doc_routes. */
extern const struct zw_route zw_doc_search_routes[];
extern const size_t zw_doc_search_routes_count;

#endif
