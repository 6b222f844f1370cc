-- 0015 exchange (交换): datasets with immutable signed versions, and
-- comparisons (比对) of two tables on a key (src/exchange/exchange.h;
-- standards.md §5-§7).
--
-- datasets.resource_id names a catalog resource (src/catalog, added
-- separately): no foreign key, so that either module can be migrated
-- first.  Versions are never updated: a new publication is a new row.

CREATE TABLE datasets (
	id {{ID}},
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	name TEXT NOT NULL,
	key_column TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	resource_id BIGINT,
	latest_version INTEGER NOT NULL DEFAULT 0,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	UNIQUE (org_id, name)
);

CREATE TABLE dataset_versions (
	id {{ID}},
	dataset_id BIGINT NOT NULL REFERENCES datasets(id),
	version INTEGER NOT NULL,
	columns TEXT NOT NULL,
	row_count BIGINT NOT NULL,
	size BIGINT NOT NULL,
	sm3 TEXT NOT NULL,
	signature {{BLOB}} NOT NULL,
	source_format TEXT NOT NULL,
	rows_added BIGINT NOT NULL,
	rows_removed BIGINT NOT NULL,
	rows_changed BIGINT NOT NULL,
	published_by BIGINT,
	published_at BIGINT NOT NULL,
	UNIQUE (dataset_id, version)
);

-- spec: the request as JSON (left, right, key, fields).  status:
-- queued, running, done, failed.  field_diffs: JSON {column: count}.
CREATE TABLE comparisons (
	id {{ID}},
	org_id BIGINT NOT NULL,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	spec TEXT NOT NULL,
	key_column TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'queued',
	rows_read BIGINT NOT NULL DEFAULT 0,
	rows_total BIGINT NOT NULL DEFAULT 0,
	left_rows BIGINT NOT NULL DEFAULT 0,
	right_rows BIGINT NOT NULL DEFAULT 0,
	only_left BIGINT NOT NULL DEFAULT 0,
	only_right BIGINT NOT NULL DEFAULT 0,
	both_same BIGINT NOT NULL DEFAULT 0,
	both_different BIGINT NOT NULL DEFAULT 0,
	field_diffs TEXT NOT NULL DEFAULT '{}',
	results_truncated INTEGER NOT NULL DEFAULT 0,
	error_code TEXT NOT NULL DEFAULT '',
	error TEXT NOT NULL DEFAULT '',
	started_at BIGINT,
	finished_at BIGINT
);
CREATE INDEX comparisons_org ON comparisons(org_id, id);

-- The differing rows, in key order per comparison (at most
-- ZW_X_RESULTS_KEPT).  kind: only_left, only_right, different.
-- detail: JSON, the row ({column: value}) or the differing fields
-- ([{"field","left","right"}]).
CREATE TABLE comparison_results (
	id {{ID}},
	comparison_id BIGINT NOT NULL REFERENCES comparisons(id),
	kind TEXT NOT NULL,
	key TEXT NOT NULL,
	detail TEXT NOT NULL
);
CREATE INDEX comparison_results_cmp ON comparison_results(comparison_id, kind, id);

-- exchange.publish: create datasets and publish versions for one's own
-- organization; exchange.read: read every organization's datasets.
UPDATE roles SET permissions = permissions || 'exchange.publish,'
	WHERE code IN ('leader', 'clerk', 'registry_admin') AND builtin = 1
	AND permissions NOT LIKE '%,exchange.publish,%';
UPDATE roles SET permissions = permissions || 'exchange.read,'
	WHERE code = 'registry_admin' AND builtin = 1
	AND permissions NOT LIKE '%,exchange.read,%';
