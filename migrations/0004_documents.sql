-- 0004 documents (公文): drafts and their versions, the 办文单 steps,
-- reviewers, numbering counters, the exchange outbox and deliveries.

CREATE TABLE documents (
	id {{ID}},
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	drafter_id BIGINT NOT NULL REFERENCES users(id),
	doc_type TEXT NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	urgency TEXT NOT NULL DEFAULT '',
	secrecy TEXT NOT NULL DEFAULT '非密',
	annotation TEXT NOT NULL DEFAULT '',
	issuer_name TEXT NOT NULL DEFAULT '',
	handling_days INTEGER NOT NULL DEFAULT 0,
	signer_id BIGINT REFERENCES users(id),
	signed_by BIGINT REFERENCES users(id),
	signed_at BIGINT,
	written_on TEXT,
	printed_by TEXT NOT NULL DEFAULT '',
	printed_on TEXT,
	doc_no TEXT UNIQUE,
	status TEXT NOT NULL DEFAULT 'draft',
	version INTEGER NOT NULL DEFAULT 1,
	issued_at BIGINT,
	signed_data TEXT,
	signature {{BLOB}},
	archive_no TEXT UNIQUE,
	retention TEXT,
	archived_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX documents_org ON documents(org_id, status);

CREATE TABLE document_recipients (
	doc_id BIGINT NOT NULL REFERENCES documents(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (doc_id, org_id)
);

CREATE TABLE document_attachments (
	doc_id BIGINT NOT NULL REFERENCES documents(id),
	position INTEGER NOT NULL,
	file_id BIGINT NOT NULL REFERENCES files(id),
	PRIMARY KEY (doc_id, position)
);

CREATE TABLE document_versions (
	doc_id BIGINT NOT NULL REFERENCES documents(id),
	version INTEGER NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	edited_by BIGINT NOT NULL REFERENCES users(id),
	edited_at BIGINT NOT NULL,
	PRIMARY KEY (doc_id, version)
);

CREATE TABLE document_reviews (
	doc_id BIGINT NOT NULL REFERENCES documents(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'pending',
	opinion TEXT NOT NULL DEFAULT '',
	at BIGINT,
	PRIMARY KEY (doc_id, user_id)
);

-- 处理单 / 办文单: every step, who, when, opinion.
CREATE TABLE document_steps (
	id {{ID}},
	doc_id BIGINT NOT NULL REFERENCES documents(id),
	step TEXT NOT NULL,
	actor_id BIGINT REFERENCES users(id),
	actor_name TEXT NOT NULL DEFAULT '',
	org_name TEXT NOT NULL DEFAULT '',
	opinion TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL
);
CREATE INDEX document_steps_doc ON document_steps(doc_id);

-- Numbering without gaps: the counter moves in the transaction that
-- uses the number (发文字号 per 机关代字 and year; 收文编号 per org and year).
CREATE TABLE doc_counters (
	scope TEXT NOT NULL,
	year INTEGER NOT NULL,
	last_seq BIGINT NOT NULL,
	PRIMARY KEY (scope, year)
);

-- The exchange outbox: one row per recipient; local recipients are
-- delivered in the same transaction, other nodes (federation) later.
CREATE TABLE outbox (
	id {{ID}},
	doc_id BIGINT NOT NULL REFERENCES documents(id),
	to_org_id BIGINT NOT NULL REFERENCES orgs(id),
	node TEXT NOT NULL DEFAULT 'local',
	state TEXT NOT NULL DEFAULT 'pending',
	created_at BIGINT NOT NULL,
	delivered_at BIGINT
);

CREATE TABLE deliveries (
	id {{ID}},
	doc_id BIGINT NOT NULL REFERENCES documents(id),
	to_org_id BIGINT NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending',
	due_date TEXT,
	reg_no TEXT,
	received_at BIGINT,
	received_by BIGINT REFERENCES users(id),
	return_reason TEXT NOT NULL DEFAULT '',
	returned_at BIGINT,
	completed_at BIGINT,
	completed_by BIGINT REFERENCES users(id),
	urged_count INTEGER NOT NULL DEFAULT 0,
	last_urged_at BIGINT,
	created_at BIGINT NOT NULL,
	UNIQUE (doc_id, to_org_id)
);
CREATE INDEX deliveries_to ON deliveries(to_org_id, status);

-- Existing installations: give the built-in roles the document rights.
UPDATE roles SET permissions = permissions ||
	'documents.read,documents.draft,documents.review,documents.sign_off,documents.receive,'
	WHERE code = 'leader' AND builtin = 1;
UPDATE roles SET permissions = permissions ||
	'documents.read,documents.draft,documents.issue,documents.receive,documents.archive,'
	WHERE code = 'clerk' AND builtin = 1;
