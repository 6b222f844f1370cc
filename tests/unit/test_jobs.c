/*
 * test_jobs.c -- the durable job queue on SQLite and (with
 * ZHENGWU_TEST_PG_URL) PostgreSQL: enqueue and run, due times, retry
 * with exponential back-off on a fixed clock, failure after
 * max_attempts, unknown kinds, crashed workers, and several workers
 * never running one job twice.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/embed.h"
#include "base/err.h"
#include "store/db.h"
#include "store/jobs.h"
#include "store/migrate.h"
#include "store_fixture.h"

static struct zwt_db T;
static zw_conn *C;
static enum zw_db_kind kind;

/* What the handlers saw. */
static int calls;
static int64_t last_id;
static char last_payload[256];
static int fail_first;		/* "flaky" fails this many times */

static int
h_echo(zw_conn *c, struct zw_arena *a, int64_t id, const char *payload,
    char *errbuf, size_t errlen)
{
	(void)c;
	(void)errbuf;
	(void)errlen;
	assert_non_null(zw_astrdup(a, payload));
	calls++;
	last_id = id;
	snprintf(last_payload, sizeof(last_payload), "%s", payload);
	return ZW_OK;
}

static int
h_flaky(zw_conn *c, struct zw_arena *a, int64_t id, const char *payload,
    char *errbuf, size_t errlen)
{
	(void)c;
	(void)a;
	(void)id;
	(void)payload;
	calls++;
	if (calls <= fail_first) {
		snprintf(errbuf, errlen, "boom %d", calls);
		return ZW_EIO;
	}
	return ZW_OK;
}

static int
h_silent_fail(zw_conn *c, struct zw_arena *a, int64_t id,
    const char *payload, char *errbuf, size_t errlen)
{
	(void)c;
	(void)a;
	(void)id;
	(void)payload;
	(void)errbuf;
	(void)errlen;
	calls++;
	return ZW_EPERM;
}

static int
h_open_tx(zw_conn *c, struct zw_arena *a, int64_t id, const char *payload,
    char *errbuf, size_t errlen)
{
	(void)a;
	(void)id;
	(void)payload;
	(void)errbuf;
	(void)errlen;
	calls++;
	return zw_tx_begin(c);
}

/* Writes through the handler's connection in its own transaction. */
static int
h_write(zw_conn *c, struct zw_arena *a, int64_t id, const char *payload,
    char *errbuf, size_t errlen)
{
	zw_stmt *s;
	int rc;

	(void)a;
	(void)payload;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		return rc;
	if ((rc = zw_prepare(c, "INSERT INTO job_log (job_id) VALUES (?)",
	    &s)) == ZW_OK) {
		zw_bind_int(s, 1, id);
		rc = zw_step(s);
	}
	if (rc != ZW_OK) {
		snprintf(errbuf, errlen, "%s", zw_conn_errmsg(c));
		zw_tx_rollback(c);
		return rc;
	}
	return zw_tx_commit(c);
}

static int
setup(void **state)
{
	const struct zw_embed *jobs = zw_embed_find("migrations/0002_jobs.sql");

	(void)state;
	calls = 0;
	last_id = 0;
	last_payload[0] = '\0';
	fail_first = 0;
	zw_clock_set("2026-03-02T09:00:00+08:00");
	if (jobs == NULL || zwt_open(&T, kind, 4) != ZW_OK ||
	    zw_conn_get(T.db, 5000, &C) != ZW_OK)
		return -1;
	/* only the jobs migration: these tests do not need the rest */
	if (zw_migrate_files(C, jobs, 1, NULL) != ZW_OK)
		return -1;
	return zw_exec(C, "CREATE TABLE job_log (job_id BIGINT UNIQUE)") ==
	    ZW_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	zw_conn_put(C);
	zwt_close(&T);
	return 0;
}

struct job_row {
	char state[16];
	int64_t attempts, run_at;
	char last_error[256];
	int error_null;
};

static void
get_job(int64_t id, struct job_row *r)
{
	zw_stmt *s;

	assert_int_equal(zw_prepare(C, "SELECT state, attempts, run_at, "
	    "last_error FROM jobs WHERE id = ?", &s), ZW_OK);
	zw_bind_int(s, 1, id);
	assert_int_equal(zw_step(s), ZW_ROW);
	snprintf(r->state, sizeof(r->state), "%s", zw_col_text(s, 0));
	r->attempts = zw_col_int(s, 1);
	r->run_at = zw_col_int(s, 2);
	snprintf(r->last_error, sizeof(r->last_error), "%s",
	    zw_col_text(s, 3));
	r->error_null = zw_col_isnull(s, 3);
	zw_reset(s);
}

static int
run_one(void)
{
	int ran = -1;

	/* the worker borrows its own connection; C stays with the test */
	assert_int_equal(zw_job_run_one(T.db, &ran), ZW_OK);
	return ran;
}

static void
test_enqueue_and_run(void **state)
{
	struct job_row r;
	int64_t id = 0, q = -1, f = -1;

	(void)state;
	zw_job_register("t.echo", h_echo);
	assert_int_equal(zw_job_enqueue(C, "t.echo",
	    "{\"doc\":\"公文 1号\",\"q\":\"it's\"}", 0, &id), ZW_OK);
	assert_true(id > 0);
	assert_int_equal(zw_job_counts(C, &q, &f), ZW_OK);
	assert_int_equal(q, 1);
	assert_int_equal(f, 0);
	get_job(id, &r);
	assert_string_equal(r.state, "queued");
	assert_int_equal(r.run_at, zw_now());

	assert_int_equal(run_one(), 1);
	assert_int_equal(calls, 1);
	assert_int_equal(last_id, id);
	assert_string_equal(last_payload, "{\"doc\":\"公文 1号\",\"q\":\"it's\"}");
	get_job(id, &r);
	assert_string_equal(r.state, "done");
	assert_int_equal(r.attempts, 1);
	assert_true(r.error_null);
	assert_int_equal(run_one(), 0);
	assert_int_equal(calls, 1);
	assert_int_equal(zw_job_counts(C, &q, &f), ZW_OK);
	assert_int_equal(q, 0);

	/* default payload; bad input */
	assert_int_equal(zw_job_enqueue(C, "t.echo", NULL, 0, NULL), ZW_OK);
	assert_int_equal(run_one(), 1);
	assert_string_equal(last_payload, "{}");
	assert_int_equal(zw_job_enqueue(C, "t.echo", "{not json", 0, NULL),
	    ZW_EINVAL);
	assert_int_equal(zw_job_enqueue(C, "", "{}", 0, NULL), ZW_EINVAL);
	assert_int_equal(zw_job_enqueue(C, NULL, "{}", 0, NULL), ZW_EINVAL);
}

static void
test_due_time_and_order(void **state)
{
	int64_t later = 0, sooner = 0;

	(void)state;
	zw_job_register("t.echo", h_echo);
	assert_int_equal(zw_job_enqueue(C, "t.echo", "{\"n\":2}",
	    zw_now() + 120, &later), ZW_OK);
	assert_int_equal(zw_job_enqueue(C, "t.echo", "{\"n\":1}",
	    zw_now() + 60, &sooner), ZW_OK);
	assert_int_equal(run_one(), 0);
	zw_clock_advance(59);
	assert_int_equal(run_one(), 0);
	zw_clock_advance(61);		/* both due: oldest run_at first */
	assert_int_equal(run_one(), 1);
	assert_int_equal(last_id, sooner);
	assert_int_equal(run_one(), 1);
	assert_int_equal(last_id, later);
	assert_int_equal(run_one(), 0);
}

static void
test_enqueue_in_rolled_back_tx(void **state)
{
	int64_t q = -1;

	(void)state;
	assert_int_equal(zw_tx_begin(C), ZW_OK);
	assert_int_equal(zw_job_enqueue(C, "t.echo", "{}", 0, NULL), ZW_OK);
	assert_int_equal(zw_tx_rollback(C), ZW_OK);
	assert_int_equal(zw_job_counts(C, &q, NULL), ZW_OK);
	assert_int_equal(q, 0);
	assert_int_equal(zw_tx_begin(C), ZW_OK);
	assert_int_equal(zw_job_enqueue(C, "t.echo", "{}", 0, NULL), ZW_OK);
	assert_int_equal(zw_tx_commit(C), ZW_OK);
	assert_int_equal(zw_job_counts(C, &q, NULL), ZW_OK);
	assert_int_equal(q, 1);
}

static void
test_retry_backoff(void **state)
{
	struct job_row r;
	int64_t id = 0, t0;

	(void)state;
	zw_job_register("t.flaky", h_flaky);
	fail_first = 2;
	assert_int_equal(zw_job_enqueue(C, "t.flaky", "{}", 0, &id), ZW_OK);
	t0 = zw_now();
	assert_int_equal(run_one(), 1);
	get_job(id, &r);
	assert_string_equal(r.state, "queued");
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.run_at, t0 + 30);
	assert_string_equal(r.last_error, "boom 1");

	assert_int_equal(run_one(), 0);
	zw_clock_advance(29);
	assert_int_equal(run_one(), 0);
	zw_clock_advance(1);
	assert_int_equal(run_one(), 1);
	get_job(id, &r);
	assert_string_equal(r.state, "queued");
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.run_at, zw_now() + 60);
	assert_string_equal(r.last_error, "boom 2");

	zw_clock_advance(60);
	assert_int_equal(run_one(), 1);
	get_job(id, &r);
	assert_string_equal(r.state, "done");
	assert_int_equal(r.attempts, 3);
	assert_true(r.error_null);
	assert_int_equal(calls, 3);
}

static void
test_failed_after_max_attempts(void **state)
{
	static const int64_t delay[] = { 30, 60, 120, 240, 480, 960, 1920 };
	struct job_row r;
	int64_t id = 0, q = -1, f = -1;
	int i;

	(void)state;
	zw_job_register("t.silent", h_silent_fail);
	assert_int_equal(zw_job_enqueue(C, "t.silent", "{}", 0, &id), ZW_OK);
	for (i = 0; i < 7; i++) {
		assert_int_equal(run_one(), 1);
		get_job(id, &r);
		assert_string_equal(r.state, "queued");
		assert_int_equal(r.attempts, i + 1);
		assert_int_equal(r.run_at, zw_now() + delay[i]);
		assert_string_equal(r.last_error, "handler failed: eperm");
		zw_clock_advance(delay[i] - 1);
		assert_int_equal(run_one(), 0);
		zw_clock_advance(1);
	}
	assert_int_equal(run_one(), 1);		/* the 8th and last */
	get_job(id, &r);
	assert_string_equal(r.state, "failed");
	assert_int_equal(r.attempts, 8);
	assert_int_equal(calls, 8);
	zw_clock_advance(86400 * 30);
	assert_int_equal(run_one(), 0);		/* never again */
	assert_int_equal(zw_job_counts(C, &q, &f), ZW_OK);
	assert_int_equal(q, 0);
	assert_int_equal(f, 1);
}

static void
test_backoff_cap(void **state)
{
	struct job_row r;
	zw_stmt *s;
	int64_t id = 0;

	(void)state;
	zw_job_register("t.silent", h_silent_fail);
	assert_int_equal(zw_job_enqueue(C, "t.silent", "{}", 0, &id), ZW_OK);
	assert_int_equal(zw_prepare(C, "UPDATE jobs SET attempts = ?, "
	    "max_attempts = ? WHERE id = ?", &s), ZW_OK);
	zw_bind_int(s, 1, 9);
	zw_bind_int(s, 2, 20);
	zw_bind_int(s, 3, id);
	assert_int_equal(zw_step(s), ZW_OK);
	assert_int_equal(run_one(), 1);		/* attempt 10: 30 * 2^9 */
	get_job(id, &r);
	assert_int_equal(r.run_at, zw_now() + 15360);
	zw_clock_advance(15360);
	assert_int_equal(run_one(), 1);		/* attempt 11: capped at 6 h */
	get_job(id, &r);
	assert_int_equal(r.run_at, zw_now() + 21600);
	zw_clock_advance(21600);
	assert_int_equal(run_one(), 1);
	get_job(id, &r);
	assert_int_equal(r.run_at, zw_now() + 21600);
}

static void
test_unknown_kind(void **state)
{
	struct job_row r;
	int64_t id = 0, f = -1;

	(void)state;
	assert_int_equal(zw_job_enqueue(C, "t.nobody", "{}", 0, &id), ZW_OK);
	assert_int_equal(run_one(), 1);
	get_job(id, &r);
	assert_string_equal(r.state, "failed");
	assert_string_equal(r.last_error, "no handler");
	assert_int_equal(r.attempts, 1);
	assert_int_equal(run_one(), 0);
	assert_int_equal(zw_job_counts(C, NULL, &f), ZW_OK);
	assert_int_equal(f, 1);
}

static void
test_handler_left_tx_open(void **state)
{
	struct job_row r;
	int64_t id = 0;

	(void)state;
	zw_job_register("t.opentx", h_open_tx);
	assert_int_equal(zw_job_enqueue(C, "t.opentx", "{}", 0, &id), ZW_OK);
	assert_int_equal(run_one(), 1);
	get_job(id, &r);
	assert_string_equal(r.state, "queued");
	assert_string_equal(r.last_error, "handler left a transaction open");
}

static void
test_crashed_worker(void **state)
{
	struct job_row r;
	zw_stmt *s;
	int64_t id = 0;

	(void)state;
	zw_job_register("t.echo", h_echo);
	assert_int_equal(zw_job_enqueue(C, "t.echo", "{}", 0, &id), ZW_OK);
	/* a worker took it and is still within its lease */
	assert_int_equal(zw_prepare(C, "UPDATE jobs SET state = 'running', "
	    "attempts = 1, locked_until = ? WHERE id = ?", &s), ZW_OK);
	zw_bind_int(s, 1, zw_now() + 300);
	zw_bind_int(s, 2, id);
	assert_int_equal(zw_step(s), ZW_OK);
	assert_int_equal(run_one(), 0);
	zw_clock_advance(300);
	assert_int_equal(run_one(), 0);
	zw_clock_advance(1);		/* lease over: the worker died */
	assert_int_equal(run_one(), 1);
	get_job(id, &r);
	assert_string_equal(r.state, "done");
	assert_int_equal(r.attempts, 2);

	/* a worker that died in the last allowed attempt: failed */
	assert_int_equal(zw_job_enqueue(C, "t.echo", "{}", 0, &id), ZW_OK);
	assert_int_equal(zw_prepare(C, "UPDATE jobs SET state = 'running', "
	    "attempts = 8, locked_until = ? WHERE id = ?", &s), ZW_OK);
	zw_bind_int(s, 1, zw_now() - 1);
	zw_bind_int(s, 2, id);
	assert_int_equal(zw_step(s), ZW_OK);
	calls = 0;
	assert_int_equal(run_one(), 1);
	assert_int_equal(calls, 0);
	get_job(id, &r);
	assert_string_equal(r.state, "failed");
}

#define NJOBS		30
#define NWORKERS	4

struct worker {
	zw_db *db;
	int rc;
	int ran;
};

static void *
worker(void *arg)
{
	struct worker *w = arg;
	int ran, idle = 0;

	while (idle < 3) {
		if ((w->rc = zw_job_run_one(w->db, &ran)) != ZW_OK)
			return NULL;
		if (ran)
			w->ran++;
		else
			idle++;
	}
	return NULL;
}

/* Several workers: every job runs exactly once (job_log is UNIQUE). */
static void
test_concurrent_workers(void **state)
{
	struct worker w[NWORKERS];
	pthread_t th[NWORKERS];
	int i, total = 0;
	int64_t q = -1, f = -1, n = -1;

	(void)state;
	zw_job_register("t.write", h_write);
	for (i = 0; i < NJOBS; i++)
		assert_int_equal(zw_job_enqueue(C, "t.write", "{}", 0, NULL),
		    ZW_OK);
	for (i = 0; i < NWORKERS; i++) {
		w[i].db = T.db;
		w[i].rc = 0;
		w[i].ran = 0;
		assert_int_equal(pthread_create(&th[i], NULL, worker, &w[i]),
		    0);
	}
	for (i = 0; i < NWORKERS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].rc, ZW_OK);
		total += w[i].ran;
	}
	assert_int_equal(total, NJOBS);
	assert_int_equal(zw_job_counts(C, &q, &f), ZW_OK);
	assert_int_equal(q, 0);
	assert_int_equal(f, 0);
	assert_int_equal(zw_query_int(C, "SELECT COUNT(*) FROM job_log", &n),
	    ZW_OK);
	assert_int_equal(n, NJOBS);
	assert_int_equal(zw_query_int(C, "SELECT COUNT(*) FROM jobs "
	    "WHERE state = 'done' AND attempts = 1", &n), ZW_OK);
	assert_int_equal(n, NJOBS);
}

#define TESTS \
	cmocka_unit_test_setup_teardown(test_enqueue_and_run, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_due_time_and_order, setup, \
	    teardown), \
	cmocka_unit_test_setup_teardown(test_enqueue_in_rolled_back_tx, setup, \
	    teardown), \
	cmocka_unit_test_setup_teardown(test_retry_backoff, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_failed_after_max_attempts, setup, \
	    teardown), \
	cmocka_unit_test_setup_teardown(test_backoff_cap, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_unknown_kind, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_handler_left_tx_open, setup, \
	    teardown), \
	cmocka_unit_test_setup_teardown(test_crashed_worker, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_concurrent_workers, setup, \
	    teardown)

static int
use_sqlite(void **state)
{
	(void)state;
	kind = ZW_DB_SQLITE;
	return 0;
}

static int
use_pg(void **state)
{
	(void)state;
	kind = ZW_DB_PG;
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = { TESTS };
	int fails = 0;

	fails += cmocka_run_group_tests_name("jobs_sqlite", tests, use_sqlite,
	    NULL);
	if (zwt_pg_url() != NULL)
		fails += cmocka_run_group_tests_name("jobs_pg", tests, use_pg,
		    NULL);
	else
		fprintf(stderr, "NOTICE: jobs_pg skipped: "
		    "ZHENGWU_TEST_PG_URL not set\n");
	return fails != 0;
}
