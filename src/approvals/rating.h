/*
 * rating.h -- service ratings (好差评, standards.md §3.4, 国办发〔2019〕51号)
 * and the rectification of bad ratings.  No HTTP here.
 *
 * 一事一评: the applicant rates a closed application once, 1 to 5 stars:
 *   5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意.
 * 1 and 2 are 差评: a rectification (核实 → 整改 → 反馈) opens for the
 * handling department, due rating_rectify_days working days after the
 * rating.  Every online rating is named (实名: the applicant is logged
 * in), so the 回访 follow-up is mandatory to complete it.
 */
#ifndef ZW_RATING_H
#define ZW_RATING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "approvals/apps.h"
#include "org/org.h"
#include "store/db.h"

#define ZW_RATING_BAD_MAX 2	/* 1-2 stars are 差评 */

/* "非常满意" ... "非常不满意"; "" outside 1..5. */
const char *zw_rating_level_name(int stars);

/*
 * Rate application `no` (who: its applicant, else ZW_ENOTFOUND).  Only
 * a closed case (rejected, denied, completed: ZW_ESTATE otherwise), only
 * once (ZW_ECONFLICT, code already_rated).  A 差评 opens the
 * rectification (env->cal, env->rectify_days).  Timeline and audit
 * events for both.  OUT: *rect_id, the rectification's id or 0.
 */
int zw_rating_submit(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, int stars,
    const char *comment, int64_t *rect_id, struct zw_why *why);

/* The rating of an application as {stars, level, comment, rated_at} or
 * ZW_ENOTFOUND; for its applicant and staff who can read it. */
int zw_rating_get(zw_conn *c, const char *no, json_t **out);

/* Public figures for the portal: {org_id|null, count, average (one
 * decimal, null without ratings), bad_count, stars: {"1": n ... "5": n}}.
 * org_id 0 = all departments. */
int zw_rating_summary(zw_conn *c, int64_t org_id, json_t **out);

/* ---- Rectifications (差评整改) ---- */

struct zw_rectify_in {
	const char *verification;	/* 核实: what happened (NULL = unchanged) */
	const char *measures;		/* 整改: what was done */
	const char *followup;		/* 反馈/回访: the call-back to the applicant */
	bool complete;			/* finish: all three required */
};

/* Rectifications: supervisors (supervision.read) see those in their
 * scope, other staff their own organization's.  status: NULL/"" all,
 * "open", "done", "overdue" (open past due_on).  Items {id,
 * application_no, org_id, org_name, item_name, applicant_name, stars,
 * level, comment, rated_at, due_on, status, status_name, verification,
 * measures, followup, done_by_name, done_at, overdue, late}. */
int zw_rectification_list(zw_conn *c, const struct zw_actor *who,
    const char *status, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next_cursor);
int zw_rectification_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
/* Save progress, or complete (in->complete) when 核实, 整改 and 回访 are
 * all given (with what is stored): staff of the department with
 * approvals.handle; a completed one is final (ZW_ESTATE). */
int zw_rectification_update(zw_conn *c, const struct zw_actor *who,
    int64_t id, const struct zw_rectify_in *in, struct zw_why *why);

#endif
