-- Records keyed by their index / code, clustered on it (WITHOUT ROWID):
-- one B-tree per table, and imports sorted by key append to it.
CREATE TABLE persons (
	id_key BLOB PRIMARY KEY,
	pii BLOB NOT NULL,
	name TEXT NOT NULL,
	sex TEXT NOT NULL,
	birth_date TEXT NOT NULL,
	ethnicity TEXT NOT NULL,
	region_code TEXT NOT NULL,
	address TEXT NOT NULL,
	status TEXT NOT NULL,
	version INTEGER NOT NULL,
	batch_id BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
) WITHOUT ROWID;

CREATE TABLE legal_persons (
	uscc TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	org_type TEXT NOT NULL,
	authority TEXT NOT NULL,
	region_code TEXT NOT NULL,
	legal_representative TEXT NOT NULL,
	registered_capital TEXT NOT NULL,
	address TEXT NOT NULL,
	established_on TEXT NOT NULL,
	status TEXT NOT NULL,
	version INTEGER NOT NULL,
	batch_id BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
) WITHOUT ROWID;
CREATE INDEX legal_persons_name ON legal_persons(name);

-- The data-access log and the histories are append-only.
CREATE TRIGGER registry_access_log_append_only BEFORE UPDATE ON registry_access_log
BEGIN
	SELECT RAISE(ABORT, 'the data-access log is append-only');
END;
CREATE TRIGGER registry_access_log_no_delete BEFORE DELETE ON registry_access_log
BEGIN
	SELECT RAISE(ABORT, 'the data-access log is append-only');
END;
CREATE TRIGGER person_history_append_only BEFORE UPDATE ON person_history
BEGIN
	SELECT RAISE(ABORT, 'registry history is append-only');
END;
CREATE TRIGGER legal_person_history_append_only BEFORE UPDATE ON legal_person_history
BEGIN
	SELECT RAISE(ABORT, 'registry history is append-only');
END;
