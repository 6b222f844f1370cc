-- FTS5 over site_search.tokens, as article_fts over article_search (0010).
CREATE VIRTUAL TABLE site_fts USING fts5(tokens, content = 'site_search',
	content_rowid = 'id', tokenize = 'ascii', prefix = '1');
CREATE TRIGGER site_search_ai AFTER INSERT ON site_search
BEGIN
	INSERT INTO site_fts (rowid, tokens) VALUES (new.id, new.tokens);
END;
CREATE TRIGGER site_search_ad AFTER DELETE ON site_search
BEGIN
	INSERT INTO site_fts (site_fts, rowid, tokens)
		VALUES ('delete', old.id, old.tokens);
END;
CREATE TRIGGER site_search_au AFTER UPDATE ON site_search
BEGIN
	INSERT INTO site_fts (site_fts, rowid, tokens)
		VALUES ('delete', old.id, old.tokens);
	INSERT INTO site_fts (rowid, tokens) VALUES (new.id, new.tokens);
END;
