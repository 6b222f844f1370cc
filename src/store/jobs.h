/*
 * jobs.h -- durable job queue (table `jobs`).  A job is a kind, a JSON
 * payload and a due time.  Workers claim due jobs (FOR UPDATE SKIP
 * LOCKED on PostgreSQL; inside BEGIN IMMEDIATE on SQLite), run the
 * handler registered for the kind, and either mark them done or retry
 * with exponential back-off (30 s * 2^attempts, capped at 6 h) up to
 * max_attempts, after which the job is 'failed' and shown to admins.
 * A job is never silently dropped.
 */
#ifndef ZW_JOBS_H
#define ZW_JOBS_H

#include <stdint.h>

#include "db.h"

struct zw_arena;

typedef int (*zw_job_fn)(zw_conn *c, struct zw_arena *a, int64_t job_id,
    const char *payload, char *errbuf, size_t errlen);

/* Enqueue within the caller's transaction. OUT: *id (may be NULL). */
int zw_job_enqueue(zw_conn *c, const char *kind, const char *payload,
    int64_t run_at, int64_t *id);
/* Register a handler for a kind (at start-up, before workers run). */
void zw_job_register(const char *kind, zw_job_fn fn);
/* Claim and run at most one due job. OUT: *ran = 1 if one ran. */
int zw_job_run_one(zw_db *db, int *ran);
/* Counts by state for /metrics: queued (due or not), failed. */
int zw_job_counts(zw_conn *c, int64_t *queued, int64_t *failed);

#endif
