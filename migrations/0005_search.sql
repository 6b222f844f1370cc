-- 0005 search: full-text search of documents.  One row per document
-- holding its search tokens (src/base/bigram.c: overlapping pairs of
-- Chinese characters and lowercased ASCII words, space-separated) cut
-- from title, 发文字号, attachment file names and body.  The program
-- rewrites a row whenever those change (src/documents/search.c,
-- zw_doc_index); the dialect files index the tokens: FTS5 on SQLite, a
-- tsvector with a GIN index on PostgreSQL.  Documents that exist before
-- this migration are indexed at start-up (zw_doc_index_missing).

CREATE TABLE doc_search (
	doc_id BIGINT PRIMARY KEY REFERENCES documents(id),
	tokens TEXT NOT NULL
);
