-- 0011 letters (领导信箱, 咨询, 投诉 …): citizens' letters to a leader or a
-- department, their handling (转办, 答复), the writer's rating and the
-- publication of answered letters (standards.md §8).  Dates are
-- 'YYYY-MM-DD' text (Asia/Shanghai), times Unix seconds.

-- A letter.  target_org_id: the organization written to (for a leader's
-- mailbox the government whose leader it is, leader = the leader's name);
-- office_org_id: the receiving office (the target's portal site manager,
-- else the target itself), fixed; handler_org_id: who must answer now
-- (the office, or the department it was routed to).  status: submitted
-- -> routed -> replied -> closed (rated).  query_code_hash: SM3 of
-- "no:code", the code itself is never stored.  content_hash: SM3 of the
-- content, for duplicate detection with phone and client_ip.
CREATE TABLE letters (
	id {{ID}},
	no TEXT NOT NULL UNIQUE,
	query_code_hash TEXT NOT NULL DEFAULT '',
	category TEXT NOT NULL,
	target_org_id BIGINT NOT NULL REFERENCES orgs(id),
	leader TEXT NOT NULL DEFAULT '',
	office_org_id BIGINT NOT NULL REFERENCES orgs(id),
	handler_org_id BIGINT NOT NULL REFERENCES orgs(id),
	writer_id BIGINT REFERENCES users(id),
	name TEXT NOT NULL,
	phone TEXT NOT NULL,
	subject TEXT NOT NULL,
	content TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	client_ip TEXT NOT NULL DEFAULT '',
	public_consent INTEGER NOT NULL DEFAULT 0,
	status TEXT NOT NULL DEFAULT 'submitted',
	received_on TEXT NOT NULL,
	due_date TEXT NOT NULL,
	reply TEXT,
	reply_org_id BIGINT REFERENCES orgs(id),
	replier_id BIGINT REFERENCES users(id),
	replied_at BIGINT,
	replied_on TEXT,
	rating TEXT,
	rated_at BIGINT,
	published INTEGER NOT NULL DEFAULT 0,
	published_at BIGINT,
	publisher_id BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX letters_office ON letters (office_org_id, status);
CREATE INDEX letters_handler ON letters (handler_org_id, status);
CREATE INDEX letters_dup ON letters (content_hash, created_at);
CREATE INDEX letters_writer ON letters (writer_id);
CREATE INDEX letters_published ON letters (published, published_at);
CREATE INDEX letters_received ON letters (received_on);

-- The history of a letter: submit, route (from_org -> to_org, note =
-- reason), reply, rate, publish.
CREATE TABLE letter_events (
	id {{ID}},
	letter_id BIGINT NOT NULL REFERENCES letters(id),
	action TEXT NOT NULL,
	from_org_id BIGINT REFERENCES orgs(id),
	to_org_id BIGINT REFERENCES orgs(id),
	actor_id BIGINT REFERENCES users(id),
	note TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE INDEX letter_events_letter ON letter_events (letter_id, id);

-- Existing installations: the letters right of the built-in roles.
UPDATE roles SET permissions = permissions || 'letters.handle,'
	WHERE code IN ('clerk', 'leader') AND builtin = 1
	AND permissions NOT LIKE '%,letters.handle,%';
