-- 0012 disclosure on request (依申请公开, 政府信息公开条例 第二十七至四十五
-- 条) and the annual report (第四十九、五十条; tables of 国办公开办函
-- 〔2021〕30号); rules in standards.md §4, counting in §10.  Dates are
-- 'YYYY-MM-DD' text (Asia/Shanghai), times Unix seconds.

-- A request.  status: handling (the clock runs), clarifying (补正告知
-- sent, the clock waits for the corrected request), consulting (第三方
-- or another organ consulted: the clock is paused), answered.
-- clock_start is received_on, or the day the corrected request arrived
-- (第三十条: the period restarts).  paused_days: working days of closed
-- consultations (each at most 15).  due_date is kept up to date by every
-- change (NULL while clarifying) so that lists and the supervision view
-- can select overdue requests.  query_code_hash = SM3("no:code").
CREATE TABLE disclosure_requests (
	id {{ID}},
	no TEXT NOT NULL UNIQUE,
	query_code_hash TEXT NOT NULL DEFAULT '',
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	user_id BIGINT REFERENCES users(id),
	applicant_kind TEXT NOT NULL,
	org_type TEXT NOT NULL DEFAULT '',
	applicant_name TEXT NOT NULL,
	id_number TEXT NOT NULL DEFAULT '',
	uscc TEXT NOT NULL DEFAULT '',
	legal_rep TEXT NOT NULL DEFAULT '',
	contact_name TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL,
	purpose TEXT NOT NULL DEFAULT '',
	delivery TEXT NOT NULL,
	channel TEXT NOT NULL,
	received_on TEXT NOT NULL,
	clock_start TEXT NOT NULL,
	status TEXT NOT NULL,
	clarified_on TEXT,
	clarify_text TEXT NOT NULL DEFAULT '',
	corrected_on TEXT,
	consult_kind TEXT NOT NULL DEFAULT '',
	consult_party TEXT NOT NULL DEFAULT '',
	consult_since TEXT,
	paused_days INTEGER NOT NULL DEFAULT 0,
	extended_days INTEGER NOT NULL DEFAULT 0,
	extend_reason TEXT NOT NULL DEFAULT '',
	extended_by BIGINT REFERENCES users(id),
	due_date TEXT,
	outcome TEXT,
	outcome_reason TEXT NOT NULL DEFAULT '',
	answer_text TEXT NOT NULL DEFAULT '',
	legal_basis TEXT NOT NULL DEFAULT '',
	parts TEXT NOT NULL DEFAULT '',
	refer_to TEXT NOT NULL DEFAULT '',
	answered_on TEXT,
	late INTEGER NOT NULL DEFAULT 0,
	reply_no TEXT UNIQUE,
	reply_signed_data TEXT,
	reply_signature {{BLOB}},
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX disclosure_requests_org ON disclosure_requests(org_id, status);
CREATE INDEX disclosure_requests_user ON disclosure_requests(user_id);
CREATE INDEX disclosure_requests_due ON disclosure_requests(status, due_date);
CREATE INDEX disclosure_requests_received ON disclosure_requests(received_on);

-- Every step of a request (never updated); consultations keep their
-- party and days here.
CREATE TABLE disclosure_events (
	id {{ID}},
	request_id BIGINT NOT NULL REFERENCES disclosure_requests(id),
	action TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	actor_id BIGINT,
	actor_name TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL
);
CREATE INDEX disclosure_events_request ON disclosure_events(request_id, id);

-- The annual report (政府信息公开工作年度报告) of the government the
-- portal belongs to: the text sections as JSON {"overview": ..., ...};
-- the figures are computed from the data when shown.
CREATE TABLE disclosure_reports (
	year INTEGER PRIMARY KEY,
	sections TEXT NOT NULL DEFAULT '{}',
	published INTEGER NOT NULL DEFAULT 0,
	published_at BIGINT,
	updated_by BIGINT REFERENCES users(id),
	updated_at BIGINT NOT NULL
);

-- Existing installations: the disclosure rights of the built-in roles.
UPDATE roles SET permissions = permissions || 'disclosure.handle,'
	WHERE code IN ('clerk', 'leader') AND builtin = 1
	AND permissions NOT LIKE '%,disclosure.handle,%';
UPDATE roles SET permissions = permissions || 'disclosure.extend,'
	WHERE code = 'leader' AND builtin = 1
	AND permissions NOT LIKE '%,disclosure.extend,%';
