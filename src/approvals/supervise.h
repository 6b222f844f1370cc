/*
 * supervise.h -- electronic supervision (电子监察, standards.md §3.3) of
 * online approval: alerts at three levels raised by a periodic sweep
 * and at the moment of a violation, supervision notices (监察通知) that
 * the department must answer, and statistics per department and item.
 * No HTTP here.
 *
 * Levels (supervision_alerts.level; the API shows the names):
 *   1 预警  the remaining time fell below approvals_warn_percent
 *   2 黄牌  a deadline passed (promised deadline, a step's, delivery)
 *   3 红牌  late by more than approvals_red_days working days or past
 *           the legal deadline; 即办件 not decided on the day; the
 *           violations the handling code reports through
 *           zw_supervision_raise() (refusal without reason, a second
 *           correction notice ...).
 * Rules raised by the sweep (one alert per application and rule):
 *   warn              1  status accepted AND warn_on <= today
 *   overdue           2  status accepted AND yellow_on <= today
 *   overdue_red       3  status accepted AND red_on <= today (承诺件)
 *   instant_late      3  the same for a 即办件 (promised_days 0)
 *   step_overdue      2  an open review or joint step past its deadline
 *   delivery_overdue  2  status approved AND delivery_deadline < today
 *                        (第四十四条: licence within 10 working days)
 * An alert stays open until its case closes (zw_supervision_resolve).
 */
#ifndef ZW_SUPERVISE_H
#define ZW_SUPERVISE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "approvals/apps.h"
#include "base/clock.h"
#include "org/org.h"
#include "store/db.h"

struct zw_app;

enum zw_alert_level {
	ZW_ALERT_WARN = 1,	/* 预警 */
	ZW_ALERT_YELLOW = 2,	/* 黄牌 */
	ZW_ALERT_RED = 3	/* 红牌 */
};

/* "预警", "黄牌", "红牌"; "" for anything else. */
const char *zw_alert_level_name(int level);
/* The level of a name ("预警" ...) or digit ("1".."3"); 0 if neither. */
int zw_alert_level_parse(const char *s);

/* What one sweep did: applications deemed accepted and new alerts. */
struct zw_sweep_counts {
	int64_t deemed;		/* 第三十二条 deemed acceptances */
	int64_t warn;
	int64_t overdue;
	int64_t overdue_red;
	int64_t instant_late;
	int64_t step_overdue;
	int64_t delivery_overdue;
	int64_t raised;		/* all new alerts of the sweep */
	int64_t elapsed_ms;
};

/*
 * Raise an alert for a violation at the moment it happens (the handling
 * code calls this in its own transaction).  Nothing happens when the
 * application already has an alert of that rule.  A new alert raises
 * applications.alert_level to at least level, and writes a timeline
 * event (not public) and an audit event.  ZW_EINVAL for a bad level,
 * rule or reason; ZW_ENOTFOUND for an unknown application.
 */
int zw_supervision_raise(zw_conn *c, int64_t app_id, int level,
    const char *rule, const char *reason);

/* Close the open alerts of a case that has closed (the handling code
 * calls this when the case is rejected, denied or completed). */
int zw_supervision_resolve(zw_conn *c, int64_t app_id);

/*
 * The sweep, in the caller's transaction: deemed acceptance first
 * (zw_app_deem_accept_due), then the rules above as set-based
 * statements over the indexed supervision dates; new alerts get their
 * timeline events and alert_level in two more statements, and the
 * sweep one audit event with its counts.  Running it again the same
 * day raises nothing.  Concurrent sweeps serialize on one settings row
 * (supervision.last_sweep, the time of the last sweep).  OUT: *out.
 */
int zw_supervision_sweep(zw_conn *c, const struct zw_apps_env *env,
    zw_date today, struct zw_sweep_counts *out);
/* The same, audited as who (a supervisor pressing 立即巡查). */
int zw_supervision_sweep_as(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, zw_date today, struct zw_sweep_counts *out);
/* The counts as the API shows them. */
json_t *zw_sweep_counts_json(const struct zw_sweep_counts *n);
/* Whether who may run the sweep: supervisors (supervision.manage) and
 * system administrators (orgs.manage). */
bool zw_supervision_may_sweep(const struct zw_actor *who);

/* The environment of the settings and calendar of app (callers hold
 * app->cal_lock for reading while they use it). */
void zw_supervision_env(const struct zw_app *app, struct zw_apps_env *env);
/* Register the recurring sweep job (every supervision_sweep_minutes)
 * and schedule it; call once at server start-up. */
int zw_supervision_jobs_init(struct zw_app *app);

/* Demonstration data (init --demo), after the demo applications: a
 * sweep, ratings with a rectification, a supervision notice. */
int zw_supervision_demo(struct zw_app *app, zw_conn *c);

/* ---- Alerts ---- */
struct zw_alert_filter {
	int level;		/* 0 = any */
	int64_t org_id;		/* 0 = any */
	bool open_only;		/* unresolved only */
};

/* Alerts in who's data scope, newest first: {id, application_no,
 * app_id, level (name), level_num, rule, reason, raised_at, resolved_at,
 * org_id, org_name, item_name, status}. */
int zw_supervision_alerts(zw_conn *c, const struct zw_actor *who,
    const struct zw_alert_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next_cursor);
/* Dashboard figures: {open: {"预警": n, "黄牌": n, "红牌": n}, total:
 * {...}, cases_open, notices_open, notices_overdue, last_sweep_at}. */
int zw_supervision_summary(zw_conn *c, const struct zw_actor *who,
    json_t **out);

/* ---- Supervision notices (监察通知) ---- */

/* Issue a notice on an application to its handling department, due in
 * due_days working days from today (1..ZW_SV_MAX_DUE_DAYS).  who needs
 * supervision.manage.  OUT: *id. */
int zw_supervision_notice_issue(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *app_no, const char *body,
    int due_days, int64_t *id, struct zw_why *why);
/* The department's answer, once, by its staff with approvals.handle. */
int zw_supervision_notice_answer(zw_conn *c, const struct zw_actor *who,
    int64_t id, const char *answer, struct zw_why *why);
/* Notices: supervisors (supervision.read) see those in their scope,
 * other staff those to their own organization.  status: NULL/"" all,
 * "open", "answered", "overdue" (open past due_on).  Items {id,
 * application_no, org_id, org_name, item_name, body, issued_by_name,
 * issued_at, due_on, answer, answered_by_name, answered_at, status,
 * overdue, late}. */
int zw_supervision_notices(zw_conn *c, const struct zw_actor *who,
    const char *status, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next_cursor);
int zw_supervision_notice_get(zw_conn *c, const struct zw_actor *who,
    int64_t id, json_t **out);

/* ---- Statistics ---- */

/*
 * Figures per lead department (by_item false) or per service item over
 * [from, to] (dates, Asia/Shanghai): received (received_on), accepted
 * (accepted_on), completed (closed_on, status completed or denied),
 * decided and on_time (decided_on, on_time set) with on_time_rate,
 * avg_days (days_used of decided cases), online and online_rate
 * (channel online / received), alerts by level (raised_at), ratings
 * and bad_ratings (rated_at), rectifications and rectifications_overdue
 * (created_at).  OUT: {from, to, by, rows: [...], total: {...}}.
 */
int zw_supervision_stats(zw_conn *c, const struct zw_actor *who,
    zw_date from, zw_date to, bool by_item, json_t **out);

#endif
