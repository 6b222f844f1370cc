CREATE TABLE persons (
	id_key BYTEA PRIMARY KEY,
	pii BYTEA NOT NULL,
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
);

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
);
CREATE INDEX legal_persons_name ON legal_persons(name);

-- The data-access log and the histories are append-only.
CREATE FUNCTION registry_append_only() RETURNS trigger AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER registry_access_log_append_only BEFORE UPDATE OR DELETE
	ON registry_access_log FOR EACH ROW EXECUTE FUNCTION registry_append_only();
CREATE TRIGGER person_history_append_only BEFORE UPDATE
	ON person_history FOR EACH ROW EXECUTE FUNCTION registry_append_only();
CREATE TRIGGER legal_person_history_append_only BEFORE UPDATE
	ON legal_person_history FOR EACH ROW EXECUTE FUNCTION registry_append_only();
