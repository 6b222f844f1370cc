-- The tokens as a tsvector (`simple` configuration) with a GIN index,
-- as article_search (0010).
ALTER TABLE site_search ADD COLUMN tsv tsvector
	GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED;
CREATE INDEX site_search_tsv ON site_search USING GIN (tsv);
