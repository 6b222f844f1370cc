-- FTS5 over doc_search.tokens (external content: the tokens are stored
-- once, in doc_search), rowid = document id.  The `ascii` tokenizer
-- splits on ASCII spaces and punctuation only and keeps every non-ASCII
-- byte, so a pair of Chinese characters stays one term whatever
-- Unicode version SQLite knows.  prefix = '1' also indexes every term
-- under its first character, so that a one-character query ("审"*, see
-- src/base/bigram.h) is one lookup instead of a merge of every pair
-- that starts with it (about twice the index size).  Triggers keep it
-- in step with doc_search; an upsert's update fires the update trigger.
CREATE VIRTUAL TABLE doc_fts USING fts5(tokens, content = 'doc_search',
	content_rowid = 'doc_id', tokenize = 'ascii', prefix = '1');
CREATE TRIGGER doc_search_ai AFTER INSERT ON doc_search
BEGIN
	INSERT INTO doc_fts (rowid, tokens) VALUES (new.doc_id, new.tokens);
END;
CREATE TRIGGER doc_search_ad AFTER DELETE ON doc_search
BEGIN
	INSERT INTO doc_fts (doc_fts, rowid, tokens)
		VALUES ('delete', old.doc_id, old.tokens);
END;
CREATE TRIGGER doc_search_au AFTER UPDATE ON doc_search
BEGIN
	INSERT INTO doc_fts (doc_fts, rowid, tokens)
		VALUES ('delete', old.doc_id, old.tokens);
	INSERT INTO doc_fts (rowid, tokens) VALUES (new.doc_id, new.tokens);
END;
