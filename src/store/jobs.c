/*
 * jobs.c -- the durable job queue over table `jobs` (migration 0002).
 *
 * Life of a job: queued --claim--> running --handler ok--> done
 *                                          --handler fails--> queued
 *                                            (run_at pushed back) or,
 *                                            after max_attempts, failed.
 * Claiming is one short transaction: BEGIN IMMEDIATE on SQLite, or
 * SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL so that workers on
 * several app servers never take the same job.  A claim leases the job
 * for LEASE_SECONDS; a running job whose lease ran out (its worker
 * died) is due again.  The handler runs outside the claim transaction
 * with an arena of its own; the outcome is written with a guard on the
 * attempt number, so a worker that lost its lease cannot overwrite the
 * outcome of the one that took the job over.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "jobs.h"

#define JOB_HANDLERS_MAX	64	/* kinds one process can run */
#define LEASE_SECONDS		300	/* a claim lasts this long */
#define BACKOFF_BASE		30	/* first retry after 30 s ... */
#define BACKOFF_MAX		21600	/* ... doubling up to 6 h */
#define JOB_CONN_WAIT_MS	10000	/* a worker may wait for a connection */
#define JOB_ERR_MAX		512	/* bytes of last_error kept */

struct handler {
	char kind[ZW_MAX_CODE + 1];
	zw_job_fn fn;
};

static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static struct handler handlers[JOB_HANDLERS_MAX];
static int nhandlers;

/*
 * Register (or replace) the handler for a kind.  Registering more than
 * JOB_HANDLERS_MAX kinds, or a kind longer than ZW_MAX_CODE, is a
 * programming error and aborts.
 */
void
zw_job_register(const char *kind, zw_job_fn fn)
{
	int i;

	ZW_ASSERT(kind != NULL && kind[0] != '\0' && fn != NULL);
	ZW_ASSERT(strlen(kind) <= ZW_MAX_CODE);
	pthread_mutex_lock(&reg_mu);
	for (i = 0; i < nhandlers; i++)
		if (strcmp(handlers[i].kind, kind) == 0)
			break;
	if (i == nhandlers) {
		if (nhandlers >= JOB_HANDLERS_MAX)
			zw_fatal("jobs: more than %d handlers", JOB_HANDLERS_MAX);
		nhandlers++;
		memcpy(handlers[i].kind, kind, strlen(kind) + 1);
	}
	handlers[i].fn = fn;
	pthread_mutex_unlock(&reg_mu);
}

static zw_job_fn
lookup(const char *kind)
{
	zw_job_fn fn = NULL;
	int i;

	pthread_mutex_lock(&reg_mu);
	for (i = 0; i < nhandlers; i++)
		if (strcmp(handlers[i].kind, kind) == 0) {
			fn = handlers[i].fn;
			break;
		}
	pthread_mutex_unlock(&reg_mu);
	return fn;
}

/*
 * Add a job in the caller's transaction (or on its own).  payload NULL
 * means "{}"; otherwise it must be JSON.  run_at <= 0 means now.
 * ZW_EINVAL for an empty or overlong kind or bad JSON.  OUT: *id.
 */
int
zw_job_enqueue(zw_conn *c, const char *kind, const char *payload,
    int64_t run_at, int64_t *id)
{
	json_error_t jerr;
	json_t *j;
	zw_stmt *s;
	int64_t now = zw_now();
	int rc;

	if (kind == NULL || kind[0] == '\0' || strlen(kind) > ZW_MAX_CODE)
		return ZW_EINVAL;
	if (payload == NULL)
		payload = "{}";
	if ((j = json_loads(payload, JSON_DECODE_ANY, &jerr)) == NULL)
		return ZW_EINVAL;
	json_decref(j);
	if (run_at <= 0)
		run_at = now;
	if ((rc = zw_prepare(c, "INSERT INTO jobs (kind, payload, state, "
	    "run_at, attempts, max_attempts, created_at, updated_at) "
	    "VALUES (?, ?, 'queued', ?, 0, 8, ?, ?) RETURNING id", &s)) != ZW_OK)
		return rc;
	zw_bind_text(s, 1, kind, (size_t)-1);
	zw_bind_text(s, 2, payload, (size_t)-1);
	zw_bind_int(s, 3, run_at);
	zw_bind_int(s, 4, now);
	zw_bind_int(s, 5, now);
	rc = zw_step(s);
	if (rc == ZW_ROW) {
		if (id != NULL)
			*id = zw_col_int(s, 0);
		rc = ZW_OK;
	} else if (rc == ZW_OK) {
		rc = ZW_EDB;	/* RETURNING gave no row */
	}
	zw_reset(s);
	return rc;
}

/* Delay before the next try after `attempts` tries. */
static int64_t
backoff(int64_t attempts)
{
	int64_t d = BACKOFF_BASE;

	while (--attempts > 0 && d < BACKOFF_MAX)
		d *= 2;
	return d < BACKOFF_MAX ? d : BACKOFF_MAX;
}

struct claim {
	int64_t id;
	int64_t attempts;	/* including this one */
	int64_t max_attempts;
	char *kind;
	char *payload;
	zw_job_fn fn;
};

/*
 * Take the oldest due job.  A job without a handler, or one whose
 * worker died during its last allowed attempt, is failed right here.  OUT: *got = 1 and *cl filled (strings in arena a) if there
 * is a job to run.
 */
static int
claim(zw_conn *c, zw_arena *a, struct claim *cl, int *got)
{
	const char *why = NULL;
	zw_stmt *s;
	int64_t now = zw_now();
	int rc;

	*got = 0;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, zw_conn_kind(c) == ZW_DB_PG ?
	    "SELECT id, kind, payload, attempts, max_attempts FROM jobs "
	    "WHERE (state = 'queued' AND run_at <= ?) "
	    "OR (state = 'running' AND locked_until < ?) "
	    "ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED" :
	    "SELECT id, kind, payload, attempts, max_attempts FROM jobs "
	    "WHERE (state = 'queued' AND run_at <= ?) "
	    "OR (state = 'running' AND locked_until < ?) "
	    "ORDER BY run_at, id LIMIT 1", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_int(s, 1, now);
	zw_bind_int(s, 2, now);
	if ((rc = zw_step(s)) != ZW_ROW) {
		zw_reset(s);
		if (rc < 0)
			goto fail;
		return zw_tx_commit(c);		/* nothing due */
	}
	cl->id = zw_col_int(s, 0);
	cl->kind = zw_astrdup(a, zw_col_text(s, 1));
	cl->payload = zw_astrdup(a, zw_col_text(s, 2));
	cl->attempts = zw_col_int(s, 3) + 1;
	cl->max_attempts = zw_col_int(s, 4);
	zw_reset(s);
	cl->fn = lookup(cl->kind);
	if (cl->fn == NULL)
		why = "no handler";
	else if (cl->attempts > cl->max_attempts)
		why = "worker lost during the last attempt";

	if (why != NULL) {
		rc = zw_prepare(c, "UPDATE jobs SET state = 'failed', "
		    "attempts = attempts + 1, last_error = ?, "
		    "locked_until = NULL, updated_at = ? WHERE id = ?", &s);
		if (rc != ZW_OK)
			goto fail;
		zw_bind_text(s, 1, why, (size_t)-1);
		zw_bind_int(s, 2, now);
		zw_bind_int(s, 3, cl->id);
	} else {
		rc = zw_prepare(c, "UPDATE jobs SET state = 'running', "
		    "attempts = attempts + 1, locked_until = ?, "
		    "updated_at = ? WHERE id = ?", &s);
		if (rc != ZW_OK)
			goto fail;
		zw_bind_int(s, 1, now + LEASE_SECONDS);
		zw_bind_int(s, 2, now);
		zw_bind_int(s, 3, cl->id);
	}
	rc = zw_step(s);
	zw_reset(s);
	if (rc < 0)
		goto fail;
	if ((rc = zw_tx_commit(c)) != ZW_OK)
		return rc;
	if (why != NULL)
		zw_error("jobs: job %lld kind=%s failed: %s",
		    (long long)cl->id, cl->kind, why);
	else
		*got = 1;
	return ZW_OK;
fail:
	zw_warn("jobs: claim: %s", zw_conn_errmsg(c));
	(void)zw_tx_rollback(c);
	return rc;
}

/* Record the outcome of one attempt. */
static int
finish(zw_conn *c, const struct claim *cl, int ok, const char *err)
{
	int64_t now = zw_now();
	zw_stmt *s;
	int rc, failed = 0;

	if (ok) {
		rc = zw_prepare(c, "UPDATE jobs SET state = 'done', "
		    "locked_until = NULL, last_error = NULL, updated_at = ? "
		    "WHERE id = ? AND attempts = ? AND state = 'running' "
		    "RETURNING id", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, now);
		zw_bind_int(s, 2, cl->id);
		zw_bind_int(s, 3, cl->attempts);
	} else {
		failed = cl->attempts >= cl->max_attempts;
		rc = zw_prepare(c, "UPDATE jobs SET state = ?, run_at = ?, "
		    "last_error = ?, locked_until = NULL, updated_at = ? "
		    "WHERE id = ? AND attempts = ? AND state = 'running' "
		    "RETURNING id", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_text(s, 1, failed ? "failed" : "queued", (size_t)-1);
		zw_bind_int(s, 2, failed ? now : now + backoff(cl->attempts));
		zw_bind_text(s, 3, err, (size_t)-1);
		zw_bind_int(s, 4, now);
		zw_bind_int(s, 5, cl->id);
		zw_bind_int(s, 6, cl->attempts);
	}
	rc = zw_step(s);
	zw_reset(s);
	if (rc == ZW_OK) {
		zw_warn("jobs: job %lld lost its lease; outcome not recorded",
		    (long long)cl->id);
		return ZW_OK;
	}
	if (rc < 0) {
		zw_error("jobs: job %lld: cannot record outcome: %s",
		    (long long)cl->id, zw_conn_errmsg(c));
		return rc;
	}
	if (ok)
		zw_debug("jobs: job %lld kind=%s done", (long long)cl->id,
		    cl->kind);
	else if (failed)
		zw_error("jobs: job %lld kind=%s failed for good after %lld "
		    "attempts: %s", (long long)cl->id, cl->kind,
		    (long long)cl->attempts, err);
	else
		zw_warn("jobs: job %lld kind=%s attempt %lld failed, retry in "
		    "%llds: %s", (long long)cl->id, cl->kind,
		    (long long)cl->attempts,
		    (long long)backoff(cl->attempts), err);
	return ZW_OK;
}

/*
 * Claim and run at most one due job.  A handler's failure is recorded
 * (retry or failed) and is not an error of this call; database errors
 * are.  OUT: *ran = 1 if a job was taken (including one failed for
 * want of a handler).
 */
int
zw_job_run_one(zw_db *db, int *ran)
{
	char errbuf[JOB_ERR_MAX];
	struct claim cl;
	zw_arena *a;
	zw_conn *c;
	int rc, hrc, got;

	if (ran != NULL)
		*ran = 0;
	if ((rc = zw_conn_get(db, JOB_CONN_WAIT_MS, &c)) != ZW_OK)
		return rc;
	a = zw_arena_new();
	memset(&cl, 0, sizeof(cl));
	if ((rc = claim(c, a, &cl, &got)) != ZW_OK)
		goto out;
	if (cl.kind != NULL && ran != NULL)
		*ran = 1;
	if (!got)
		goto out;

	errbuf[0] = '\0';
	hrc = cl.fn(c, a, cl.id, cl.payload, errbuf, sizeof(errbuf));
	errbuf[sizeof(errbuf) - 1] = '\0';
	if (zw_in_tx(c)) {
		(void)zw_tx_rollback(c);
		if (hrc == ZW_OK) {
			hrc = ZW_ESTATE;
			snprintf(errbuf, sizeof(errbuf),
			    "handler left a transaction open");
		}
	}
	if (hrc != ZW_OK && errbuf[0] == '\0')
		snprintf(errbuf, sizeof(errbuf), "handler failed: %s",
		    zw_strerror(hrc));
	rc = finish(c, &cl, hrc == ZW_OK, errbuf);
out:
	zw_conn_put(c);
	zw_arena_free(a);
	return rc;
}

/* Jobs waiting (due or not) and jobs failed for good. OUT: both. */
int
zw_job_counts(zw_conn *c, int64_t *queued, int64_t *failed)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT "
	    "COUNT(CASE WHEN state = 'queued' THEN 1 END), "
	    "COUNT(CASE WHEN state = 'failed' THEN 1 END) FROM jobs",
	    &s)) != ZW_OK)
		return rc;
	rc = zw_step(s);
	if (rc == ZW_ROW) {
		if (queued != NULL)
			*queued = zw_col_int(s, 0);
		if (failed != NULL)
			*failed = zw_col_int(s, 1);
		rc = ZW_OK;
	} else if (rc == ZW_OK) {
		rc = ZW_EDB;
	}
	zw_reset(s);
	return rc;
}
