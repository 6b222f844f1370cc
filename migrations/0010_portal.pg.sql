-- The tokens as a tsvector (`simple` configuration) with a GIN index,
-- as doc_search (0005).
ALTER TABLE article_search ADD COLUMN tsv tsvector
	GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED;
CREATE INDEX article_search_tsv ON article_search USING GIN (tsv);
