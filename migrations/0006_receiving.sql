-- 0006 收文办理 (条例 第二十四条): 拟办意见 and 批示 on a delivery, people
-- assigned to handle it (one 主办, others 协办) or to read it (传阅), and
-- the log of every handling action.

ALTER TABLE deliveries ADD COLUMN proposal TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN instruction TEXT NOT NULL DEFAULT '';

CREATE TABLE delivery_tasks (
	delivery_id BIGINT NOT NULL REFERENCES deliveries(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	role TEXT NOT NULL,
	assigned_by BIGINT NOT NULL REFERENCES users(id),
	assigned_at BIGINT NOT NULL,
	done_at BIGINT,
	opinion TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (delivery_id, user_id)
);
CREATE INDEX delivery_tasks_user ON delivery_tasks(user_id, done_at);

CREATE TABLE delivery_actions (
	id {{ID}},
	delivery_id BIGINT NOT NULL REFERENCES deliveries(id),
	action TEXT NOT NULL,
	actor_id BIGINT REFERENCES users(id),
	actor_name TEXT NOT NULL DEFAULT '',
	opinion TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL
);
CREATE INDEX delivery_actions_delivery ON delivery_actions(delivery_id);
