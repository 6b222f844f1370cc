/*
 * jobs.c -- background work of the portal, on the durable job queue:
 * "portal.publish" publishes the scheduled articles that are due (one
 * job is queued for each scheduled article, at its time); the hourly
 * "portal.sweep" does the same as a safety net and prunes the change
 * log of the page cache.  Both drop the cached pages they changed.
 */
#include <stdio.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "portal/cache.h"
#include "portal/portal.h"
#include "portal/portal_int.h"
#include "store/jobs.h"

#define JOB_SWEEP	"portal.sweep"
#define SWEEP_EVERY	3600	/* seconds */

static int
publish_due(zw_conn *c, char *errbuf, size_t errlen)
{
	int64_t n = 0;
	int rc;

	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto fail;
	if ((rc = zw_article_publish_due(c, &n)) != ZW_OK) {
		zw_tx_rollback(c);
		goto fail;
	}
	if ((rc = zw_tx_commit(c)) != ZW_OK)
		goto fail;
	if (n > 0) {
		zw_info("portal: published %lld scheduled article(s)", (long long)n);
		(void)zw_pcache_sync(c, true);
	}
	return ZW_OK;
fail:
	snprintf(errbuf, errlen, "scheduled publication: %s", zw_conn_errmsg(c));
	return rc;
}

static int
job_publish(zw_conn *c, struct zw_arena *a, int64_t job_id, const char *payload,
    char *errbuf, size_t errlen)
{
	(void)a;
	(void)job_id;
	(void)payload;
	return publish_due(c, errbuf, errlen);
}

static int
job_sweep(zw_conn *c, struct zw_arena *a, int64_t job_id, const char *payload,
    char *errbuf, size_t errlen)
{
	zw_stmt *s;
	int rc;

	(void)a;
	(void)job_id;
	(void)payload;
	if ((rc = publish_due(c, errbuf, errlen)) != ZW_OK)
		return rc;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto fail;
	rc = zw_prepare(c, "DELETE FROM portal_changes WHERE at < ?", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, zw_now() - ZW_PCACHE_KEEP_S);
		rc = zw_step(s);
	}
	if (rc >= 0)
		rc = zw_job_enqueue(c, JOB_SWEEP, NULL, zw_now() + SWEEP_EVERY, NULL);
	if (rc < 0) {
		zw_tx_rollback(c);
		goto fail;
	}
	return zw_tx_commit(c);
fail:
	snprintf(errbuf, errlen, "portal sweep: %s", zw_conn_errmsg(c));
	return rc;
}

int
zw_portal_jobs_init(zw_db *db)
{
	zw_conn *c;
	zw_stmt *s;
	int64_t n = 0;
	int rc;

	zw_job_register(ZW_PORTAL_JOB_PUBLISH, job_publish);
	zw_job_register(JOB_SWEEP, job_sweep);
	if ((rc = zw_conn_get(db, 10000, &c)) != ZW_OK)
		return rc;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "SELECT COUNT(*) FROM jobs WHERE kind = ? AND "
	    "state IN ('queued', 'running')", &s);
	if (rc == ZW_OK) {
		zw_bind_text(s, 1, JOB_SWEEP, (size_t)-1);
		if ((rc = zw_step(s)) == ZW_ROW) {
			n = zw_col_int(s, 0);
			zw_reset(s);
			rc = ZW_OK;
		}
	}
	/* the first sweep at once: it publishes what fell due while down */
	if (rc == ZW_OK && n == 0)
		rc = zw_job_enqueue(c, JOB_SWEEP, NULL, zw_now(), NULL);
	if (rc == ZW_OK)
		rc = zw_tx_commit(c);
	else
		zw_tx_rollback(c);
out:
	zw_conn_put(c);
	return rc;
}
