/*
 * disclosure.h -- disclosure on request (依申请公开) and the annual report
 * (政府信息公开工作年度报告), standards.md §4; counting as §10.
 *
 * A request is received (第二十九、三十一条), may get one clarification
 * notice within 7 working days (第三十条: the period restarts when the
 * corrected request arrives), consultations of a third party or another
 * organ that pause the clock (第三十二、三十四条: at most 15 working days
 * each, excluded from the period, 第三十三条), one extension of at most
 * 20 working days approved by the head of the office (第三十三条), and
 * an answer whose outcome is one of 第三十六条's (partial disclosure,
 * 第三十七条).  The answer is a 答复书 sealed with the organ's SM2 key.
 *
 * Rights: disclosure.handle (handle the requests of the orgs in the
 * user's data scope, edit the annual report), disclosure.extend
 * (approve an extension; publish the annual report); supervision.read
 * reads the requests in scope (电子监察) without handling them.  Applicants read
 * their request with the query code, or when logged in as its author.
 * Domain code only: no HTTP here (routes.c, pages.c).
 */
#ifndef ZW_DISCLOSURE_H
#define ZW_DISCLOSURE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/workday.h"
#include "org/org.h"
#include "store/db.h"

#define ZW_DISC_DAYS		20	/* 第三十三条: answer within 20 working days */
#define ZW_DISC_EXTEND_MAX	20	/* 第三十三条: one extension, at most 20 */
#define ZW_DISC_CLARIFY_DAYS	7	/* 第三十条: 补正告知 within 7 working days */
#define ZW_DISC_CONSULT_MAX	15	/* 第三十二、三十四条: 15 working days */
#define ZW_DISC_NO_LEN		24	/* "GK2026112200000042" + NUL, with room */
#define ZW_DISC_CODE_LEN	8	/* characters of a query code */

/* --- The clock (clock.c, pure) --- */

struct zw_dclock_in {
	zw_date start;		/* received_on, or the day the corrected
				   request arrived (第三十条) */
	int paused_days;	/* working days of closed consultations */
	int extended_days;	/* the one extension, 0 if none */
	bool clarifying;	/* 补正告知 sent, no correction yet */
	bool consulting;	/* a consultation is running ... */
	zw_date consult_since;	/* ... since this day */
	bool answered;
	zw_date answered_on;
};

struct zw_dclock_out {
	bool has_due;		/* false while clarifying */
	zw_date due;		/* end of this day */
	int days_used;		/* working days counted so far (or to the answer) */
	int paused_days;	/* excluded days, the running consultation included */
	bool overdue;		/* not answered and today is past due */
	bool late;		/* answered after due */
};

/* The clock of a request on `today`. */
void zw_dclock_compute(const zw_calendar *cal, const struct zw_dclock_in *in,
    zw_date today, struct zw_dclock_out *out);
/* Working days a consultation from `since` to `until` takes out of the
 * clock: the working days d with since <= d < until, at most 15. */
int zw_dclock_consult_days(const zw_calendar *cal, zw_date since, zw_date until);
/* The last day a clarification notice may be sent (第三十条). */
zw_date zw_dclock_clarify_deadline(const zw_calendar *cal, zw_date received_on);

/* --- Terms (outcome.c, pure) --- */

/* 第三十六条 outcomes (+ 第三十七条 部分公开), with the row of the
 * annual report table (国办公开办函〔2021〕30号 表三) they count in. */
struct zw_disc_outcome {
	const char *name;	/* "予以公开" ... the API value */
	const char *article;	/* "第三十六条第（二）项" */
	const char *report_row;	/* "disclose", "unavailable_not_held" ... */
	bool needs_reason;	/* 不予公开, 部分公开: a zw_disc_reasons name */
	bool needs_parts;	/* 部分公开: which parts are disclosed */
	bool needs_refer;	/* 非本机关负责: the responsible organ */
};
extern const struct zw_disc_outcome zw_disc_outcomes[];
extern const size_t zw_disc_noutcomes;
const struct zw_disc_outcome *zw_disc_outcome(const char *name);

/* Reasons of 不予公开 (第十四、十五、十六条 and the sub-rows of 表三). */
struct zw_disc_reason {
	const char *name;	/* "属于国家秘密" */
	const char *article;
	const char *report_row;	/* "withhold_secret" ... */
};
extern const struct zw_disc_reason zw_disc_reasons[];
extern const size_t zw_disc_nreasons;
const struct zw_disc_reason *zw_disc_reason(const char *name);

/* Channels with their receipt rule (第三十一条). */
struct zw_disc_channel {
	const char *name;	/* "网上申请" */
	const char *rule;	/* how received_on is fixed */
	bool online;
};
extern const struct zw_disc_channel zw_disc_channels[];
extern const size_t zw_disc_nchannels;
const struct zw_disc_channel *zw_disc_channel(const char *name);

/* Lists of allowed values (NULL-terminated). */
extern const char *const zw_disc_deliveries[];	/* 纸质, 电子邮件 ... */
extern const char *const zw_disc_org_types[];	/* 表三 columns */
extern const char *const zw_disc_consult_kinds[];	/* 第三方, 其他机关 */
bool zw_disc_in_list(const char *const *list, const char *v);

struct zw_disc_answer {
	const char *outcome;	/* a zw_disc_outcomes name */
	const char *reason;	/* 不予公开 / 部分公开: a zw_disc_reasons name */
	const char *text;	/* the answer's text (required) */
	const char *legal_basis;	/* required for 不予公开 and 部分公开 */
	const char *parts;	/* 部分公开: what is disclosed and what not */
	const char *refer_to;	/* 非本机关负责: the responsible organ */
};
/* Check an answer against 第三十六、三十七条; ZW_EINVAL and why. */
int zw_disc_check_answer(const struct zw_disc_answer *in, struct zw_why *why);

/* --- Requests (requests.c) --- */

struct zw_disc_env {
	const zw_calendar *cal;	/* caller holds app->cal_lock for reading */
	const unsigned char *master_key;	/* seals the 答复书 */
};

struct zw_disc_in {
	int64_t org_id;		/* the organ asked */
	const char *applicant_kind;	/* "person" | "organization" */
	const char *org_type;	/* organization: a zw_disc_org_types value */
	const char *name;
	const char *id_number;	/* person: GB 11643 */
	const char *uscc;	/* organization: GB 32100 */
	const char *legal_rep;	/* organization: 法定代表人 */
	const char *contact_name;	/* organization: 联系人 */
	const char *phone;
	const char *address;
	const char *email;
	const char *description;	/* 所需信息的名称、文号或者便于查询的其他特征 */
	const char *purpose;	/* optional */
	const char *delivery;	/* a zw_disc_deliveries value */
	const char *channel;	/* staff only; online requests are 网上申请 */
	const char *received_on;	/* staff only: YYYY-MM-DD */
};

/* Submit (public user or anonymous: 网上申请, received today) or record
 * (staff with disclosure.handle: letter, fax, in person with the receipt
 * date).  OUT: no, query code (shown once). */
int zw_disc_submit(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const struct zw_disc_in *in,
    char no[ZW_DISC_NO_LEN], char code[ZW_DISC_CODE_LEN + 1],
    struct zw_why *why);

/* One request.  query_code may be NULL (then the caller must be its
 * author or staff in scope).  A wrong code, an unknown number and a
 * request out of reach are the same ZW_ENOTFOUND.  staff_view: the
 * caller may handle it (full personal data and the actions). */
int zw_disc_get(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *query_code,
    json_t **out);
/* The number of request id (staff in scope), for the office pages. */
int zw_disc_no_of(zw_conn *c, const struct zw_actor *who, int64_t id,
    char no[ZW_DISC_NO_LEN]);

struct zw_disc_filter {
	const char *status;	/* NULL: all */
	bool overdue;		/* only unanswered requests past due */
	bool mine;		/* the public user's own requests */
	const char *q;		/* number or applicant name */
};
int zw_disc_list(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const struct zw_disc_filter *f,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next);
/* Unanswered requests past due in the actor's scope (supervision). */
int zw_disc_overdue_count(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, int64_t *n);

/* Handling (disclosure.handle; extend also disclosure.extend). */
int zw_disc_clarify(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *text,
    struct zw_why *why);
/* The corrected request arrived on `on` (NULL: today). */
int zw_disc_correct(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *on,
    const char *text, struct zw_why *why);
int zw_disc_consult_start(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *kind,
    const char *party, struct zw_why *why);
int zw_disc_consult_end(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, const char *result,
    struct zw_why *why);
int zw_disc_extend(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no, int days,
    const char *reason, struct zw_why *why);
/* Answer and seal the 答复书.  Past due without extension: allowed,
 * recorded late (late: true) and counted in the annual report. */
int zw_disc_answer(zw_conn *c, const struct zw_actor *who,
    const struct zw_disc_env *env, const char *no,
    const struct zw_disc_answer *in, struct zw_why *why);
/* The sealed 答复书 with its verification (same access as zw_disc_get);
 * ZW_ENOTFOUND also before the answer. */
int zw_disc_reply(zw_conn *c, const struct zw_actor *who, const char *no,
    const char *query_code, json_t **out);

/* --- Annual report (report.c) --- */

/* The report of a year: sections, figures, published.  Unpublished
 * reports are ZW_ENOTFOUND unless include_draft. */
int zw_disc_report(zw_conn *c, const struct zw_disc_env *env, int year,
    bool include_draft, json_t **out);
/* Save the text sections (disclosure.handle): an object of the known
 * section keys with text values. */
int zw_disc_report_save(zw_conn *c, const struct zw_actor *who, int year,
    json_t *sections, struct zw_why *why);
/* Publish (disclosure.extend). */
int zw_disc_report_publish(zw_conn *c, const struct zw_actor *who, int year,
    struct zw_why *why);
/* Known sections: {key, title} pairs, NULL-terminated by key. */
struct zw_disc_section {
	const char *key, *title;
};
extern const struct zw_disc_section zw_disc_sections[];

/* Demonstration requests (init --demo), in transactions of their own. */
struct zw_app;
int zw_disc_demo_seed(struct zw_app *app, zw_conn *c);

#endif
