-- 0013 surveys (征集调查) and the site search (全站搜索).
-- Times are Unix seconds.

-- One row per thing the public site search finds: a published article,
-- a published service item, a published survey, and whatever other
-- modules add through src/search/sitesearch.h.  (type, ref_id) names
-- the source object; body is the plain text snippets are cut from;
-- tokens are its bigram tokens (src/base/bigram.c), indexed by FTS5
-- (site_fts) on SQLite and a tsvector on PostgreSQL (dialect parts).
-- Only public objects are here: a module drops its row when the object
-- stops being public, in the same transaction.
CREATE TABLE site_search (
	id {{ID}},
	type TEXT NOT NULL,
	ref_id BIGINT NOT NULL,
	org_id BIGINT,
	title TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL,
	published_at BIGINT NOT NULL,
	tokens TEXT NOT NULL DEFAULT '',
	UNIQUE (type, ref_id)
);
CREATE INDEX site_search_published ON site_search(published_at);

-- A survey or a consultation (征求意见, with the draft text in
-- draft_text).  state: draft (questions may change) -> published; the
-- public status follows the clock: published before opens_at = 未开始,
-- between = 进行中, from closes_at = 已结束 (closing early moves
-- closes_at).  questions is JSON text validated by src/surveys:
-- [{"kind":"single|multiple|text","title","options":[..],
--   "max_selections","max_length","required"}].
CREATE TABLE surveys (
	id {{ID}},
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL DEFAULT 'survey',
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	draft_text TEXT NOT NULL DEFAULT '',
	opens_at BIGINT NOT NULL,
	closes_at BIGINT NOT NULL,
	anonymous INTEGER NOT NULL DEFAULT 0,
	questions TEXT NOT NULL DEFAULT '[]',
	state TEXT NOT NULL DEFAULT 'draft',
	created_by BIGINT,
	published_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX surveys_org ON surveys(org_id);

-- One response: by a logged-in public user (user_id) or, where the
-- survey allows it, by a browser (browser_id: the random id of the
-- signed survey cookie).  The two UNIQUE constraints are the one
-- response per user / per browser rule (NULLs are distinct).
CREATE TABLE survey_responses (
	id {{ID}},
	survey_id BIGINT NOT NULL REFERENCES surveys(id),
	user_id BIGINT,
	browser_id TEXT,
	ip TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	UNIQUE (survey_id, user_id),
	UNIQUE (survey_id, browser_id)
);

-- The answers of a response: one row per chosen option (option_no from
-- 1) or one row with the text of a free-text question (option_no 0).
CREATE TABLE survey_answers (
	id {{ID}},
	response_id BIGINT NOT NULL REFERENCES survey_responses(id),
	survey_id BIGINT NOT NULL REFERENCES surveys(id),
	question_no INTEGER NOT NULL,
	option_no INTEGER NOT NULL DEFAULT 0,
	text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_answers_tally ON survey_answers(survey_id, question_no, option_no);

-- surveys.manage for the built-in leader role (as portal.publish, 0010)
UPDATE roles SET permissions = permissions || 'surveys.manage,'
	WHERE code = 'leader' AND permissions NOT LIKE '%,surveys.manage,%';
