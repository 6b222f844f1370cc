-- 0001 core: regions are data (not in the DB); organizations, roles,
-- users, sessions, the audit chain, calendar overrides, settings, keys.

CREATE TABLE orgs (
	id {{ID}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	short_name TEXT NOT NULL DEFAULT '',
	uscc TEXT UNIQUE,
	region_code TEXT NOT NULL,
	parent_id BIGINT REFERENCES orgs(id),
	path TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT 'department',
	sort_order INTEGER NOT NULL DEFAULT 0,
	status TEXT NOT NULL DEFAULT 'active',
	sm2_public_pem TEXT,
	sm2_private_enc {{BLOB}},
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_path ON orgs(path);

CREATE TABLE roles (
	id {{ID}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	data_scope TEXT NOT NULL DEFAULT 'org',
	permissions TEXT NOT NULL DEFAULT '',
	admin_kind TEXT NOT NULL DEFAULT '',
	builtin INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
	id {{ID}},
	login TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'staff',
	org_id BIGINT REFERENCES orgs(id),
	title TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL,
	must_change_password INTEGER NOT NULL DEFAULT 1,
	password_changed_at BIGINT NOT NULL DEFAULT 0,
	failed_count INTEGER NOT NULL DEFAULT 0,
	first_failed_at BIGINT NOT NULL DEFAULT 0,
	locked_until BIGINT NOT NULL DEFAULT 0,
	status TEXT NOT NULL DEFAULT 'active',
	last_login_at BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE user_roles (
	user_id BIGINT NOT NULL REFERENCES users(id),
	role_id BIGINT NOT NULL REFERENCES roles(id),
	PRIMARY KEY (user_id, role_id)
);

CREATE TABLE sessions (
	id {{ID}},
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users(id),
	csrf_token TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	last_seen BIGINT NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT '',
	revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions(user_id);

-- The audit chain: hash = SM3(prev_hash || canonical(event)); see
-- src/audit/audit.c.  audit_head holds the last seq and hash so that
-- appends serialize on one row and truncation of the tail is detected.
CREATE TABLE audit_events (
	seq BIGINT PRIMARY KEY,
	at BIGINT NOT NULL,
	actor_id BIGINT,
	actor_login TEXT NOT NULL DEFAULT '',
	org_id BIGINT,
	action TEXT NOT NULL,
	object_type TEXT NOT NULL DEFAULT '',
	object_id TEXT NOT NULL DEFAULT '',
	result TEXT NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	request_id TEXT NOT NULL DEFAULT '',
	details TEXT NOT NULL DEFAULT '{}',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_at ON audit_events(at);
CREATE INDEX audit_actor ON audit_events(actor_login);
CREATE INDEX audit_action ON audit_events(action);

CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY,
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Holiday calendar entries imported by administrators (shipped years
-- come from data/holidays and are loaded at start-up).
CREATE TABLE calendar_days (
	day TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	imported_at BIGINT NOT NULL
);

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
