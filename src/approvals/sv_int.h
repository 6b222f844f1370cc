/*
 * sv_int.h -- internals shared by supervise.c, stats.c and rating.c.
 */
#ifndef ZW_SV_INT_H
#define ZW_SV_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "approvals/apps.h"
#include "org/org.h"
#include "store/db.h"

/* What supervision and ratings need of an application row. */
struct zw_sv_app {
	int64_t id;
	int64_t org_id;
	int64_t applicant_id;
	char status[16];
	char org_path[512];
};

/* Load by number.  ZW_ENOTFOUND when there is none. */
int zw_sv_app_by_no(zw_conn *c, const char *no, struct zw_sv_app *a);
/* An application event (timeline) by who (NULL = the supervision
 * system), public or for staff only. */
int zw_sv_event(zw_conn *c, const struct zw_actor *who, int64_t app_id,
    const char *action, const char *detail, bool public_);
/* Whether an org path lies within who's data scope. */
bool zw_sv_in_scope(const struct zw_actor *who, const char *org_path);
/* Chinese name of an application status (apps.h lists them). */
const char *zw_sv_status_name(const char *status);
/* Today in Shanghai as "YYYY-MM-DD" (out: 11 bytes). */
void zw_sv_today(char *out);
/* "2026-11-22T18:30:00+08:00" as a JSON string, or null for 0/NULL. */
json_t *zw_sv_time(zw_stmt *s, int col);

#endif
