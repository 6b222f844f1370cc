/*
 * apps_int.h -- internals shared by the files of the applications part
 * of src/approvals/ (apps.c, handle.c, notices.c).
 */
#ifndef ZW_APPS_INT_H
#define ZW_APPS_INT_H

#include <stdbool.h>

#include "approvals/apps.h"
#include "base/arena.h"
#include "base/clock.h"

/* The columns of an application the rules look at. */
struct zw_app_row {
	int64_t id;
	char no[ZW_APP_NO_LEN];
	int64_t item_id, item_version_id, org_id, applicant_id;
	char status[16];
	char handling_kind[16];
	bool joint;
	int legal_days, promised_days;
	int corrections;
	int suspended_days, extended_days;
	bool accepted, suspended, decided, corrected;
	zw_date received_on, accepted_on, suspended_since, decided_on;
	zw_date corrected_on;	/* corrected materials arrived (if corrected) */
	char suspend_kind[64];
};

/* Load by number.  ZW_ENOTFOUND when absent (no access check). */
int zw_app_load(zw_conn *c, const char *no, struct zw_app_row *r);
/* Is who staff of the lead organization (ZW_OK) or not (ZW_ENOTFOUND,
 * so that other organizations learn nothing)? */
int zw_app_lead_staff(zw_conn *c, const struct zw_actor *who,
    const struct zw_app_row *r);
/* May who read the case: applicant, lead or co-handling org staff in
 * scope, supervisors (approvals.read with scope all)? */
int zw_app_can_read(zw_conn *c, const struct zw_actor *who,
    const struct zw_app_row *r);
/* A timeline event (public = shown to the applicant and the progress
 * query). */
int zw_app_event(zw_conn *c, int64_t app_id, const struct zw_actor *who,
    const char *action, const char *detail, bool public);
/* Tell the applicant (in-app message, gateway hook). */
int zw_app_tell(zw_conn *c, const struct zw_app_row *r, const char *title,
    const char *body);
/* Recompute and store the deadlines and the supervision dates from the
 * row's clock fields, for today. */
int zw_app_store_clock(zw_conn *c, const struct zw_apps_env *env,
    const struct zw_app_row *r, zw_date today);
/* Set status (and updated_at). */
int zw_app_set_status(zw_conn *c, int64_t id, const char *status);
/* Check supplied materials against the item's list (names, files the
 * applicant uploaded; with `initial` every required material not
 * fetchable from a registry) and store them from position `first`.
 * Registry materials are recorded as fetched by the platform when
 * initial. */
int zw_app_store_materials(zw_conn *c, const struct zw_actor *who,
    int64_t app_id, const json_t *item_mats,
    const struct zw_app_material *mats, size_t nmats, int first,
    bool initial, struct zw_why *why);
/* After a refused handling action: when the refusal (why) was a §3.3
 * violation attempted on the case (a second 补正告知, a 不予受理 without
 * reason), record it as 红牌; otherwise do nothing. */
int zw_app_violation(zw_conn *c, const char *no, const struct zw_why *why);
/* Empty or only white space. */
bool zw_app_blank(const char *s);
/* Today in Shanghai. */
zw_date zw_app_today(void);
/* Issue a written notice sealed with the organization's SM2 key.
 * kind: 受理通知书, 不予受理通知书, 补正告知书, 准予许可决定书,
 * 不予许可决定书.  OUT: notice number (may be NULL). */
int zw_app_issue_notice(zw_conn *c, const struct zw_apps_env *env,
    const struct zw_app_row *r, const char *kind, const char *body,
    char *no_out, size_t no_size, struct zw_why *why);

#endif
