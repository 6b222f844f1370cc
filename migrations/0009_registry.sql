-- 0009 base registries (基础库): population (人口) and legal persons
-- (法人), their history, the import batches and the data-access log
-- (standards.md §5-§7).  The two record tables are keyed for locality
-- and live in the dialect files (SQLite: WITHOUT ROWID).
--
-- persons.id_key is the keyed index of the ID number (HMAC-SM3 under
-- the registry's index key, first 16 bytes); persons.pii is the SM4 seal
-- of "ID number \n phone" (src/registry/keys.c).  Neither the number
-- nor the phone is stored in clear anywhere, the log included.

-- One import (CLI, API or demo): who, when, what, how many.
CREATE TABLE registry_imports (
	id {{ID}},
	registry TEXT NOT NULL,
	source TEXT NOT NULL,
	file_name TEXT NOT NULL DEFAULT '',
	actor_id BIGINT,
	actor_login TEXT NOT NULL DEFAULT '',
	started_at BIGINT NOT NULL,
	finished_at BIGINT,
	rows_total BIGINT NOT NULL DEFAULT 0,
	rows_rejected BIGINT NOT NULL DEFAULT 0,
	rows_inserted BIGINT NOT NULL DEFAULT 0,
	rows_updated BIGINT NOT NULL DEFAULT 0,
	rows_unchanged BIGINT NOT NULL DEFAULT 0
);

-- Earlier versions: the whole record as it was before each change.
CREATE TABLE person_history (
	id {{ID}},
	id_key {{BLOB}} NOT NULL,
	version INTEGER NOT NULL,
	pii {{BLOB}} NOT NULL,
	name TEXT NOT NULL,
	sex TEXT NOT NULL,
	birth_date TEXT NOT NULL,
	ethnicity TEXT NOT NULL,
	region_code TEXT NOT NULL,
	address TEXT NOT NULL,
	status TEXT NOT NULL,
	valid_from BIGINT NOT NULL,
	changed TEXT NOT NULL,
	changed_at BIGINT NOT NULL,
	batch_id BIGINT REFERENCES registry_imports(id),
	actor_id BIGINT,
	actor_login TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_history_key ON person_history(id_key, version);

CREATE TABLE legal_person_history (
	id {{ID}},
	uscc TEXT NOT NULL,
	version INTEGER NOT NULL,
	name TEXT NOT NULL,
	org_type TEXT NOT NULL,
	authority TEXT NOT NULL,
	region_code TEXT NOT NULL,
	legal_representative TEXT NOT NULL,
	registered_capital TEXT NOT NULL,
	address TEXT NOT NULL,
	established_on TEXT NOT NULL,
	status TEXT NOT NULL,
	valid_from BIGINT NOT NULL,
	changed TEXT NOT NULL,
	changed_at BIGINT NOT NULL,
	batch_id BIGINT REFERENCES registry_imports(id),
	actor_id BIGINT,
	actor_login TEXT NOT NULL DEFAULT ''
);
CREATE INDEX legal_person_history_key ON legal_person_history(uscc, version);

-- The data-access log: one row per read through a lookup (found, not
-- found or refused), with the audit event that covers it.  subject_key
-- is the keyed index of the ID number or USCC (NULL when the request
-- named no valid key).  Append-only (dialect triggers).
CREATE TABLE registry_access_log (
	id {{ID}},
	at BIGINT NOT NULL,
	actor_id BIGINT,
	actor_login TEXT NOT NULL,
	org_id BIGINT,
	org_name TEXT NOT NULL DEFAULT '',
	client TEXT NOT NULL DEFAULT '',
	registry TEXT NOT NULL,
	subject_key {{BLOB}},
	purpose TEXT NOT NULL DEFAULT '',
	case_ref TEXT NOT NULL DEFAULT '',
	items TEXT NOT NULL DEFAULT '',
	result TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	audit_seq BIGINT NOT NULL
);
CREATE INDEX registry_access_subject ON registry_access_log(subject_key, id);
CREATE INDEX registry_access_at ON registry_access_log(at);

-- Existing installations: 数据管理员 maintains the registries and may see
-- clear values (new ones get it from the built-in roles, src/org/org.c).
INSERT INTO roles (code, name, description, data_scope, permissions,
	admin_kind, builtin)
	SELECT 'registry_admin', '数据管理员',
	'维护人口、法人基础库：导入、质量检查、查看明文和变更历史',
	'all', ',orgs.read,registry.read,registry.manage,registry.clear,', '', 1
	WHERE EXISTS (SELECT 1 FROM roles)
	ON CONFLICT (code) DO NOTHING;

-- Existing installations: registry lookups for the built-in business roles.
UPDATE roles SET permissions = permissions || 'registry.read,'
	WHERE code IN ('leader', 'clerk') AND builtin = 1
	AND permissions NOT LIKE '%,registry.read,%';
