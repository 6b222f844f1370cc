/*
 * maintenance.c -- background upkeep of the core, run by the durable job
 * queue: expired and revoked sessions are purged daily.  The job
 * re-enqueues itself in the same transaction, so exactly one stays
 * scheduled even across crashes and several app servers.
 */
#include <stdio.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "org/org.h"
#include "store/jobs.h"

#define SESSION_PURGE_KIND "sessions.purge"
#define SESSION_PURGE_EVERY (24 * 3600)	/* once a day */
#define SESSION_KEEP_S (7 * 24 * 3600)	/* dead sessions kept a week */

static int
purge_sessions(zw_conn *c, struct zw_arena *a, int64_t job_id,
    const char *payload, char *errbuf, size_t errlen)
{
	zw_stmt *s;
	int rc;

	(void)a;
	(void)job_id;
	(void)payload;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto fail;
	rc = zw_prepare(c, "DELETE FROM sessions WHERE (revoked = 1 AND "
	    "last_seen < ?) OR last_seen < ?", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, zw_now() - 3600);
		zw_bind_int(s, 2, zw_now() - SESSION_KEEP_S);
		rc = zw_step(s);
	}
	if (rc >= 0)
		rc = zw_job_enqueue(c, SESSION_PURGE_KIND, NULL,
		    zw_now() + SESSION_PURGE_EVERY, NULL);
	if (rc < 0) {
		zw_tx_rollback(c);
		goto fail;
	}
	return zw_tx_commit(c);
fail:
	snprintf(errbuf, errlen, "session purge: %s", zw_conn_errmsg(c));
	return rc;
}

int
zw_org_jobs_init(zw_db *db)
{
	zw_conn *c;
	zw_stmt *s;
	int64_t n = 0;
	int rc;

	zw_job_register(SESSION_PURGE_KIND, purge_sessions);
	if ((rc = zw_conn_get(db, 10000, &c)) != ZW_OK)
		return rc;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "SELECT COUNT(*) FROM jobs WHERE kind = ? AND "
	    "state IN ('queued', 'running')", &s);
	if (rc == ZW_OK) {
		zw_bind_text(s, 1, SESSION_PURGE_KIND, (size_t)-1);
		if ((rc = zw_step(s)) == ZW_ROW) {
			n = zw_col_int(s, 0);
			zw_reset(s);
			rc = ZW_OK;
		}
	}
	if (rc == ZW_OK && n == 0)
		rc = zw_job_enqueue(c, SESSION_PURGE_KIND, NULL, zw_now() + 60, NULL);
	if (rc == ZW_OK)
		rc = zw_tx_commit(c);
	else
		zw_tx_rollback(c);
out:
	zw_conn_put(c);
	return rc;
}
