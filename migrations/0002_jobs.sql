-- 0002 jobs: the durable job queue (src/store/jobs.c).  A job is due
-- when state = 'queued' and run_at <= now, or when it is 'running'
-- with locked_until in the past (its worker died).

CREATE TABLE jobs (
	id {{ID}},
	kind TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '{}',
	state TEXT NOT NULL DEFAULT 'queued'
	    CHECK (state IN ('queued', 'running', 'done', 'failed')),
	run_at BIGINT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	max_attempts INTEGER NOT NULL DEFAULT 8,
	last_error TEXT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	locked_until BIGINT
);
CREATE INDEX jobs_state_run_at ON jobs(state, run_at);
