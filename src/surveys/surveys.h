/*
 * surveys.h -- 征集调查: surveys and consultations (征求意见, with an
 * optional draft text) that an organization puts to the public, the
 * public's responses, and the results (counts, SVG bar charts, CSV).
 *
 * Life: draft (questions may change) -> published.  A published survey
 * is 未开始 before opens_at, 进行中 until closes_at, 已结束 from then
 * (closing early moves closes_at to now).  Responses are taken only
 * while 进行中: one per logged-in public user, or, where the survey
 * allows anonymous answers, one per browser (the route layer gives the
 * random id of a signed cookie).  Results are public once the survey
 * has closed; free-text answers are for staff only.
 *
 * Questions (JSON, validated by zw_survey_create/update):
 *   {"kind":"single", "title", "options":[..], "required"}
 *   {"kind":"multiple", "title", "options":[..], "max_selections", "required"}
 *   {"kind":"text", "title", "max_length", "required"}
 * Answers: an array, one entry per question in order: an option number
 * (from 1) for single, an array of option numbers for multiple, a
 * string for text, null for a question left out.
 */
#ifndef ZW_SURVEYS_H
#define ZW_SURVEYS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "org/org.h"
#include "store/db.h"

/* Create a draft from JSON {org_id, kind (survey|consultation), title,
 * description, draft_text, opens_at, closes_at (RFC 3339), anonymous,
 * questions}.  Needs surveys.manage over org_id.  OUT: *id. */
int zw_survey_create(zw_conn *c, const struct zw_actor *who, json_t *in,
    int64_t *id, struct zw_why *why);
/* Change a draft (same fields, all optional); ZW_ESTATE once published. */
int zw_survey_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t *in, struct zw_why *why);
/* draft -> published (it opens at opens_at). */
int zw_survey_publish(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why);
/* Close a published survey now (closes_at = now). */
int zw_survey_close(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why);

/* The status shown: "draft", "upcoming", "open", "closed". */
const char *zw_survey_status(const char *state, int64_t opens_at,
    int64_t closes_at, int64_t now);
/* Its Chinese name (草稿, 未开始, 进行中, 已结束). */
const char *zw_survey_status_name(const char *status);

/* One survey: published ones for anyone, drafts for staff with
 * surveys.manage over its organization.  OUT: *out. */
int zw_survey_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
/* Surveys newest first.  status: NULL/"" = every one the caller may
 * see, or one of the statuses above.  Offset cursor. */
int zw_survey_list(zw_conn *c, const struct zw_actor *who, const char *status,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next);

/*
 * Check answers against questions (pure).  OUT: why names the question
 * ("answers[2]") on failure, which returns ZW_EINVAL: wrong_type,
 * unknown_option, too_many_selections, duplicate_option, text_too_long,
 * invalid_text, answer_required, wrong_count.
 */
int zw_survey_check_answers(const json_t *questions, const json_t *answers,
    struct zw_why *why);

/*
 * Record a response.  user_id > 0 for a logged-in public user, else
 * browser_id (the cookie's id; required then, and only where the survey
 * is anonymous).  Refusals: ZW_ENOTFOUND, ZW_ESTATE (not open:
 * survey_not_open / survey_closed), ZW_EPERM (login_required),
 * ZW_ECONFLICT (already_responded), ZW_EINVAL (answers, see above).
 * Nothing is stored on a refusal.  who: the logged-in user for the
 * audit event (survey.respond), or NULL (an anonymous stand-in with
 * ip).  OUT: *response_id (may be NULL).
 */
int zw_survey_respond(zw_conn *c, const struct zw_actor *who,
    int64_t survey_id, int64_t user_id, const char *browser_id, const char *ip,
    const json_t *answers, int64_t *response_id, struct zw_why *why);

/* Has this user / browser answered?  OUT: *yes. */
int zw_survey_responded(zw_conn *c, int64_t survey_id, int64_t user_id,
    const char *browser_id, bool *yes);

/*
 * Results: {survey_id, responses, questions:[{no, kind, title, answered,
 * options:[{no, label, count, percent}] | texts:[..]}]}.  For the public
 * only after closing (ZW_ESTATE before); staff with surveys.manage over
 * the organization at any time, and only they get the texts.
 */
int zw_survey_results(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);

/* CSV of every response (staff): response_id, submitted_at, then one
 * column per question (choices as labels joined by "；").  RFC 4180,
 * cells that start with = + - @ prefixed with ' against formula
 * injection. */
int zw_survey_csv(zw_conn *c, const struct zw_actor *who, int64_t id,
    zw_buf *out);

/* An SVG bar chart of one question of zw_survey_results (options with
 * label and count); labels escaped.  Appends to out. */
int zw_survey_svg(const json_t *question, zw_buf *out);

/* Keep the survey's row in the public site search in step. */
int zw_survey_site_sync(zw_conn *c, int64_t id);

/* Demo: a consultation and a survey for the demo government. */
int zw_survey_demo_seed(zw_conn *c);

#endif
