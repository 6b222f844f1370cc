-- 0016 subscriptions to datasets (交换: 订阅推送).  A consuming
-- organization subscribes to a dataset it may read; every version the
-- provider publishes afterwards is delivered by the job
-- "exchange.deliver" as the change set since the last delivered
-- version (a JSON document in the blob store, named by its SM3).

CREATE TABLE dataset_subscriptions (
	id {{ID}},
	dataset_id BIGINT NOT NULL REFERENCES datasets(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	delivered_version INTEGER NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	-- why the last delivery could not be made ('' when it could)
	held_reason TEXT NOT NULL DEFAULT '',
	UNIQUE (dataset_id, org_id)
);

CREATE TABLE dataset_deliveries (
	id {{ID}},
	subscription_id BIGINT NOT NULL REFERENCES dataset_subscriptions(id),
	from_version INTEGER NOT NULL,
	to_version INTEGER NOT NULL,
	rows_added BIGINT NOT NULL,
	rows_removed BIGINT NOT NULL,
	rows_changed BIGINT NOT NULL,
	sm3 TEXT NOT NULL,
	size BIGINT NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE INDEX dataset_deliveries_sub ON dataset_deliveries (subscription_id, id);
