/*
 * supervise_job.c -- the recurring supervision sweep (durable job
 * "supervision.sweep", every supervision_sweep_minutes) and the
 * settings of the approvals environment.  The job re-enqueues itself in
 * the transaction of its sweep, so exactly one stays scheduled, across
 * crashes and several app servers; a failed run is retried by the queue.
 * Job handlers get no app pointer: zw_supervision_jobs_init keeps one.
 */
#include <stdio.h>

#include "approvals/supervise.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "store/jobs.h"
#include "web/app.h"

#define SWEEP_KIND "supervision.sweep"

static struct zw_app *sv_app;	/* set once at start-up */

void
zw_supervision_env(const struct zw_app *app, struct zw_apps_env *env)
{
	env->cal = app->cal;
	env->master_key = app->master_key;
	env->warn_pct = (int)zw_config_int(app->conf, "approvals_warn_percent");
	env->red_days = (int)zw_config_int(app->conf, "approvals_red_days");
	env->rectify_days = (int)zw_config_int(app->conf, "rating_rectify_days");
}

static int64_t
every_s(void)
{
	return 60 * zw_config_int(sv_app->conf, "supervision_sweep_minutes");
}

static int
sweep_job(zw_conn *c, struct zw_arena *a, int64_t job_id, const char *payload,
    char *errbuf, size_t errlen)
{
	struct zw_sweep_counts n;
	struct zw_apps_env env;
	int rc;

	(void)a;
	(void)job_id;
	(void)payload;
	if (sv_app == NULL) {
		snprintf(errbuf, errlen, "supervision sweep: not initialized");
		return ZW_ESTATE;
	}
	pthread_rwlock_rdlock(&sv_app->cal_lock);
	zw_supervision_env(sv_app, &env);
	if ((rc = zw_tx_begin(c)) == ZW_OK) {
		rc = zw_supervision_sweep(c, &env, zw_date_of(zw_now()), &n);
		if (rc == ZW_OK)
			rc = zw_job_enqueue(c, SWEEP_KIND, NULL, zw_now() + every_s(),
			    NULL);
		if (rc == ZW_OK)
			rc = zw_tx_commit(c);
		else
			zw_tx_rollback(c);
	}
	pthread_rwlock_unlock(&sv_app->cal_lock);
	if (rc != ZW_OK) {
		snprintf(errbuf, errlen, "supervision sweep: %s: %s",
		    zw_strerror(rc), zw_conn_errmsg(c));
		return rc;
	}
	if (n.raised > 0 || n.deemed > 0)
		zw_info("supervision sweep: %lld deemed accepted, %lld alerts "
		    "(%lld ms)", (long long)n.deemed, (long long)n.raised,
		    (long long)n.elapsed_ms);
	return ZW_OK;
}

int
zw_supervision_jobs_init(struct zw_app *app)
{
	zw_conn *c;
	zw_stmt *s;
	int64_t n = 0;
	int rc;

	sv_app = app;
	zw_job_register(SWEEP_KIND, sweep_job);
	if ((rc = zw_conn_get(app->db, 10000, &c)) != ZW_OK)
		return rc;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "SELECT COUNT(*) FROM jobs WHERE kind = ? AND "
	    "state IN ('queued', 'running')", &s);
	if (rc == ZW_OK) {
		zw_bind_text(s, 1, SWEEP_KIND, (size_t)-1);
		if ((rc = zw_step(s)) == ZW_ROW) {
			n = zw_col_int(s, 0);
			zw_reset(s);
			rc = ZW_OK;
		}
	}
	/* the first sweep a minute after start-up */
	if (rc == ZW_OK && n == 0)
		rc = zw_job_enqueue(c, SWEEP_KIND, NULL, zw_now() + 60, NULL);
	if (rc == ZW_OK)
		rc = zw_tx_commit(c);
	else
		zw_tx_rollback(c);
out:
	zw_conn_put(c);
	return rc;
}
