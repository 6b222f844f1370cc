/*
 * letters.h -- citizens' letters (领导信箱, 咨询, 建议, 投诉, 求助, 举报):
 * submission with a number and a query code, the office's 转办 to the
 * responsible department, its reply within the category's deadline in
 * working days (standards.md §8, counted as §10), the writer's rating,
 * publication of answered letters with personal data masked, and the
 * statistics the 互动交流 column publishes.
 *
 * Rights: letters.handle sees the letters whose receiving office or
 * responsible department lies in the actor's data scope, routes them,
 * replies (responsible department) and publishes (only with the
 * writer's consent, after a reply).  The writer reaches their letter by
 * number + query code, or logged in.  Every state change is audited in
 * the caller's transaction.  No HTTP here.
 */
#ifndef ZW_LETTERS_H
#define ZW_LETTERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/workday.h"
#include "org/org.h"
#include "store/db.h"

#define ZW_LETTER_NCAT 5

/* 咨询, 建议, 投诉, 求助, 举报, in this order (env.days follows it). */
extern const char *const zw_letter_categories[ZW_LETTER_NCAT];
/* Index of a category name, or -1. */
int zw_letter_category(const char *name);

/* Settings the domain needs, read by the caller. */
struct zw_letters_env {
	const zw_calendar *cal;
	int days[ZW_LETTER_NCAT];	/* working days to reply, per category */
};

/* The reply deadline: days[cat] working days after received (§10). */
zw_date zw_letter_due(const struct zw_letters_env *env, int cat,
    zw_date received);

struct zw_letter_in {
	const char *category;
	int64_t target_org_id;
	const char *leader;	/* "" or a leader of the target's site */
	const char *name;
	const char *phone;
	const char *subject;
	const char *content;
	bool public_consent;
	const char *client_ip;
};

/*
 * Submit a letter.  who: the writer when a logged-in public user (org_id
 * 0, id > 0), otherwise an anonymous actor (id 0).  Refuses a duplicate
 * (same content from the same phone or client IP within
 * ZW_LETTER_DUP_WINDOW_S) with ZW_ECONFLICT, code duplicate_letter.
 * OUT: no, code (shown once, only its SM3 is stored), *id.
 */
int zw_letter_submit(zw_conn *c, const struct zw_actor *who,
    const struct zw_letters_env *env, const struct zw_letter_in *in,
    char no[ZW_LETTER_NO_LEN], char code[ZW_LETTER_CODE_LEN + 1], int64_t *id,
    struct zw_why *why);

/*
 * The writer's view of a letter: by number and query code (code != NULL)
 * or, code NULL, when who wrote it.  An unknown number, a wrong code and
 * somebody else's letter all give ZW_ENOTFOUND after the same work.
 * OUT: *out, *id (may be NULL).
 */
int zw_letter_writer_view(zw_conn *c, const struct zw_actor *who,
    const char *no, const char *code, json_t **out, int64_t *id);

/* Staff: one letter by id or number within scope, with its history. */
int zw_letter_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
int zw_letter_find(zw_conn *c, const struct zw_actor *who, const char *no,
    int64_t *id);

/* Staff list, newest first.  filter: "" (all), "open" (not replied),
 * "overdue", "replied" (replied or closed), "published". */
int zw_letter_list(zw_conn *c, const struct zw_actor *who, const char *filter,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next_cursor);
/* Staff counts within scope: open letters and overdue ones. */
int zw_letter_counts(zw_conn *c, const struct zw_actor *who, int64_t *open,
    int64_t *overdue);
/* A public user's own letters, newest first (at most ZW_LETTER_HOME_MAX). */
int zw_letter_mine(zw_conn *c, const struct zw_actor *who, json_t **items);

/* 转办 to the responsible organization (reason kept in the history). */
int zw_letter_route(zw_conn *c, const struct zw_actor *who, int64_t id,
    int64_t to_org_id, const char *reason, struct zw_why *why);
/* Reply on behalf of the responsible organization. */
int zw_letter_reply(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reply, struct zw_why *why);
/* The writer rates the reply once: 满意, 基本满意 or 不满意 (code as in
 * zw_letter_writer_view). */
int zw_letter_rate(zw_conn *c, const struct zw_actor *who, const char *no,
    const char *code, const char *rating, struct zw_why *why);
/* Publish an answered letter whose writer consented. */
int zw_letter_publish(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why);

/* Public: a published letter (masked), by number. */
int zw_letter_public(zw_conn *c, const char *no, json_t **out);
/* Public: published letters, newest first, page by offset. */
int zw_letter_public_list(zw_conn *c, int64_t offset, int64_t limit,
    json_t **items, int64_t *total);
/* Public statistics of letters received in [from, to]: received,
 * replied, replied_on_time, on_time_rate ("97.5%" or "—"), open,
 * overdue (as of today), by_org [{org_name, received, replied,
 * on_time}]. */
int zw_letter_stats(zw_conn *c, zw_date from, zw_date to, json_t **out);


/* Masking for public display: a name keeps its first character
 * ("王**"); in free text every 11-digit mobile number and 18-character
 * ID number (a digit run of exactly that length) is masked with
 * zw_mask_phone / zw_mask_id.  From the arena. */
char *zw_letter_mask_name(zw_arena *a, const char *name);
char *zw_letter_mask_text(zw_arena *a, const char *s);

/*
 * The anti-robot question: "a 加 b 等于多少？" whose answer is signed into
 * a stateless token "expiry.nonce.mac" with HMAC-SM3 under key.  ok is
 * true only for the right answer before the expiry and an untouched
 * token.  question needs 64 bytes, token ZW_LETTER_TOKEN_MAX.
 */
void zw_letter_challenge_new(const void *key, size_t keylen, int64_t now,
    char *question, size_t qsize, char *token, size_t tsize);
bool zw_letter_challenge_ok(const void *key, size_t keylen, int64_t now,
    const char *token, const char *answer);

/* Demonstration letters for `init --demo` (demo.c). */
struct zw_app;
int zw_letters_demo(struct zw_app *app, zw_conn *c);

/* Chinese names of statuses. */
const char *zw_letter_status_name(const char *status);

#endif
