-- The tokens as a tsvector with the `simple` configuration (no stemming,
-- no stop words: each space-separated token is one lexeme), maintained
-- by PostgreSQL itself, and a GIN index for @@.  zw_doc_index keeps a
-- document's tokens under 1 MiB, the limit of a tsvector's lexemes.
ALTER TABLE doc_search ADD COLUMN tsv tsvector
	GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED;
CREATE INDEX doc_search_tsv ON doc_search USING GIN (tsv);
