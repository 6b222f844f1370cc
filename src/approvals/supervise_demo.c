/*
 * supervise_demo.c -- demonstration data of electronic supervision and
 * ratings for `init --demo`, made from whatever applications the demo
 * already holds (it must run after them): a sweep as of today, a 差评
 * with its open rectification and a good rating on closed cases, and a
 * supervision notice by the demo supervisor (陈静) on the most serious
 * alert.  Without applications it does nothing.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/rating.h"
#include "approvals/supervise.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/str.h"
#include "web/app.h"

#define DEMO_SUPERVISOR "chen.jing"

/* Rate the n-th closed, unrated application (by id) with stars. */
static int
demo_rate(zw_conn *c, zw_arena *a, const struct zw_apps_env *env, int stars,
    const char *comment)
{
	struct zw_user_ctx u;
	struct zw_actor who;
	struct zw_why why = { 0 };
	char no[ZW_APP_NO_LEN], login[128];
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT a.no, u.login FROM applications a JOIN users u "
	    "ON u.id = a.applicant_id WHERE a.status IN ('completed', 'denied', "
	    "'rejected') AND NOT EXISTS (SELECT 1 FROM ratings r WHERE "
	    "r.app_id = a.id) ORDER BY a.id LIMIT 1", &s);
	if (rc != ZW_OK)
		return rc;
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_OK;	/* nothing to rate */
	zw_strlcpy(no, zw_col_text(s, 0), sizeof(no));
	zw_strlcpy(login, zw_col_text(s, 1), sizeof(login));
	zw_reset(s);
	if ((rc = zw_actor_load(c, a, login, &u, &who)) != ZW_OK)
		return rc;
	rc = zw_rating_submit(c, &who, env, no, stars, comment, NULL, &why);
	if (rc != ZW_OK)
		fprintf(stderr, "demo rating %s: %s\n", no,
		    why.message ? why.message : zw_strerror(rc));
	return rc;
}

static int
demo_notice(zw_conn *c, zw_arena *a, const struct zw_apps_env *env)
{
	struct zw_user_ctx u;
	struct zw_actor who;
	struct zw_why why = { 0 };
	char no[ZW_APP_NO_LEN];
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT a.no FROM applications a WHERE a.alert_level > 0 "
	    "AND a.status NOT IN ('completed', 'denied', 'rejected') ORDER BY "
	    "a.alert_level DESC, a.id LIMIT 1", &s);
	if (rc != ZW_OK)
		return rc;
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_OK;
	zw_strlcpy(no, zw_col_text(s, 0), sizeof(no));
	zw_reset(s);
	if ((rc = zw_actor_load(c, a, DEMO_SUPERVISOR, &u, &who)) != ZW_OK)
		return rc == ZW_ENOTFOUND ? ZW_OK : rc;
	rc = zw_supervision_notice_issue(c, &who, env, no,
	    "该办件已超过承诺办结期限，请说明原因，并于期限内答复整改情况。", 5, NULL,
	    &why);
	if (rc != ZW_OK)
		fprintf(stderr, "demo notice %s: %s\n", no,
		    why.message ? why.message : zw_strerror(rc));
	return rc;
}

int
zw_supervision_demo(struct zw_app *app, zw_conn *c)
{
	struct zw_sweep_counts n;
	struct zw_apps_env env;
	zw_arena *a = zw_arena_new();
	int rc;

	zw_supervision_env(app, &env);
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	rc = zw_supervision_sweep(c, &env, zw_date_of(zw_now()), &n);
	if (rc == ZW_OK)
		rc = demo_rate(c, a, &env, 2, "窗口告知的材料与办事指南不一致，多跑了一次。");
	if (rc == ZW_OK)
		rc = demo_rate(c, a, &env, 5, "网上申请很方便，办理及时。");
	if (rc == ZW_OK)
		rc = demo_notice(c, a, &env);
	if (rc == ZW_OK)
		rc = zw_tx_commit(c);
	else
		zw_tx_rollback(c);
out:
	zw_arena_free(a);
	return rc;
}
