-- FTS5 over article_search.tokens, as doc_fts over doc_search (0005).
CREATE VIRTUAL TABLE article_fts USING fts5(tokens, content = 'article_search',
	content_rowid = 'article_id', tokenize = 'ascii', prefix = '1');
CREATE TRIGGER article_search_ai AFTER INSERT ON article_search
BEGIN
	INSERT INTO article_fts (rowid, tokens) VALUES (new.article_id, new.tokens);
END;
CREATE TRIGGER article_search_ad AFTER DELETE ON article_search
BEGIN
	INSERT INTO article_fts (article_fts, rowid, tokens)
		VALUES ('delete', old.article_id, old.tokens);
END;
CREATE TRIGGER article_search_au AFTER UPDATE ON article_search
BEGIN
	INSERT INTO article_fts (article_fts, rowid, tokens)
		VALUES ('delete', old.article_id, old.tokens);
	INSERT INTO article_fts (rowid, tokens) VALUES (new.article_id, new.tokens);
END;
