/*
 * apps.h -- applications (办件): submission by a public user, handling by
 * the implementing organization under the 行政许可法 clock (§3.1),
 * joint approval, written notices sealed with SM2, the result and its
 * public verification.  No HTTP here.
 *
 * Status (applications.status) and its Chinese name:
 *   submitted 待受理, correction 待补正, rejected 不予受理,
 *   accepted 审查中, suspended 特别程序中, approved 准予许可（待送达）,
 *   denied 不予许可, completed 已办结.
 * Open (the clock runs or will run): submitted, correction, accepted,
 * suspended, approved.  Closed: rejected, denied, completed.
 * The supervision dates warn_on / yellow_on / red_on are set while
 * status is accepted (NULL otherwise); delivery_deadline while approved.
 */
#ifndef ZW_APPS_H
#define ZW_APPS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "base/workday.h"
#include "org/org.h"
#include "store/db.h"

#define ZW_APP_NO_LEN 24	/* "SP2026112200000042" + NUL, with room */
#define ZW_QUERY_CODE_LEN 8	/* characters of a query code */

/* What handling needs from the application beyond the database. */
struct zw_apps_env {
	const zw_calendar *cal;	/* callers hold app->cal_lock for reading */
	const unsigned char *master_key;	/* seals the notices */
	int warn_pct;		/* setting approvals_warn_percent */
	int red_days;		/* setting approvals_red_days */
	int rectify_days;	/* setting rating_rectify_days */
};

/* Material supplied with an application or a correction. */
struct zw_app_material {
	const char *material;	/* name from the item's materials */
	int64_t file_id;
};

/* Submit (who is the public user).  OUT: no, query_code (plain text,
 * shown once; only its SM3 is stored). */
int zw_app_submit(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *item_code, json_t *form,
    const struct zw_app_material *mats, size_t nmats,
    char no[ZW_APP_NO_LEN], char query_code[ZW_QUERY_CODE_LEN + 1],
    struct zw_why *why);

/* The application as the API shows it (who: its applicant, or staff of
 * the handling or a co-handling organization within scope, or a
 * supervisor).  ZW_ENOTFOUND otherwise. */
int zw_app_get(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, json_t **out);
/* Public progress by number and query code: status, dates, public
 * timeline; ZW_ENOTFOUND alike for an unknown number or a wrong code. */
int zw_app_progress(zw_conn *c, const char *no, const char *query_code,
    json_t **out);
/* Lists.  Staff: the organization's cases (status filter, "intake" =
 * submitted+correction, "open", "overdue", "mine" = steps assigned to
 * who); public users: their own. */
int zw_app_list(zw_conn *c, const struct zw_actor *who, const char *status,
    const char *q, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next_cursor);

/* Handling (§3.1).  Each checks the actor's organization and the state
 * (ZW_ESTATE with why), records the event, tells the applicant. */
int zw_app_accept(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, struct zw_why *why);
int zw_app_reject(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, const char *reason,
    struct zw_why *why);
int zw_app_request_correction(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, json_t *items,
    struct zw_why *why);
/* The applicant supplies the corrected materials (and form). */
int zw_app_correct(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, json_t *form,
    const struct zw_app_material *mats, size_t nmats, struct zw_why *why);
int zw_app_suspend(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, const char *kind,
    const char *reason, struct zw_why *why);
int zw_app_resume(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, struct zw_why *why);
int zw_app_extend(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, int days,
    const char *reason, struct zw_why *why);
/* A review step (审查) assigned to a member of the handling org. */
int zw_app_add_step(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, const char *title,
    int64_t assignee_id, int days, int64_t *step_id, struct zw_why *why);
/* Complete a review or joint (会办) step with an opinion. */
int zw_app_complete_step(zw_conn *c, const struct zw_actor *who,
    int64_t step_id, bool agreed, const char *opinion, struct zw_why *why);
int zw_app_decide(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, bool approved,
    const char *reason, struct zw_why *why);
/* 制证/送达 of an approved application: completes it. */
int zw_app_deliver(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, struct zw_why *why);

/* Deemed acceptance (第三十二条): every submitted application whose
 * intake deadline has passed (before today) becomes accepted from the
 * day its materials arrived.  OUT: *n accepted. */
int zw_app_deem_accept_due(zw_conn *c, const struct zw_apps_env *env,
    int64_t *n);

/* Written notices of an application (受理通知书 ...), and one by id. */
int zw_app_notices(zw_conn *c, const struct zw_actor *who, const char *no,
    json_t **out);
int zw_app_notice(zw_conn *c, const struct zw_actor *who, const char *no,
    int64_t notice_id, json_t **out);
/* Public verification of a result (or any notice) by its number:
 * {valid, kind, no, org_name, item_name, holder (masked), issued_on,
 * signed_data_b64, signature_der_b64, public_key_pem}. */
int zw_app_verify_result(zw_conn *c, const char *result_no, json_t **out);

/* Chinese name of a status, or the status itself if unknown. */
const char *zw_app_status_name(const char *status);

#endif
