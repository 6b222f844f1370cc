/*
 * routes.h -- route tables of letters and the helpers its API and pages
 * share (settings, the challenge key, the per-client rate limit).
 */
#ifndef ZW_LETTERS_ROUTES_H
#define ZW_LETTERS_ROUTES_H

#include "crypto/sm3.h"
#include "letters/letters.h"
#include "web/http.h"
#include "web/route.h"

/* JSON API (routes.c), public pages and back office (pages.c). */
extern const struct zw_route zw_letters_api_routes[];
extern const size_t zw_letters_api_routes_count;
extern const struct zw_route zw_letters_page_routes[];
extern const size_t zw_letters_page_routes_count;

/* The deadlines from the settings (calendar: take cal_lock to use it). */
void zw_letters_env_of(zw_req *r, struct zw_letters_env *env);
/* The challenge key: HMAC-SM3 of a label under the master key. */
void zw_letters_key(zw_req *r, unsigned char key[ZW_SM3_LEN]);
/* Count one submission for the client; false past letters_rate_per_hour. */
bool zw_letters_rate_ok(zw_req *r);
/* Submit in the request's transaction and commit (page cache synced).
 * false: error set (why filled for a rule) or, with *refused, the
 * domain refused (why says why, nothing changed). */
int zw_letters_submit_tx(zw_req *r, const struct zw_letter_in *in,
    char no[ZW_LETTER_NO_LEN], char code[ZW_LETTER_CODE_LEN + 1],
    char due[11], struct zw_why *why);

#endif
