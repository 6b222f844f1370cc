/*
 * routes.h -- route tables of 征集调查 and the helpers the API
 * (routes.c) and the pages (pages.c) share: the signed browser cookie
 * and the per-client rate limit of responses.
 */
#ifndef ZW_SURVEY_ROUTES_H
#define ZW_SURVEY_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "web/http.h"
#include "web/route.h"

extern const struct zw_route zw_survey_api_routes[];
extern const size_t zw_survey_api_routes_count;
extern const struct zw_route zw_survey_page_routes[];
extern const size_t zw_survey_page_routes_count;

/*
 * The browser's id from its survey cookie ("<32 hex>.<HMAC-SM3 of the
 * id under the master key, 32 hex>"), or NULL when there is none or its
 * signature is wrong.  With create, a missing or forged cookie is
 * replaced: a new random id is returned and the cookie set on r.
 */
const char *zw_survey_browser(zw_req *r, bool create);
/* Count one response for the client address; false past
 * survey_rate_per_minute (as register_rate_per_minute, accounts). */
bool zw_survey_rate_ok(zw_req *r);
/* Record a response from r (user or browser); sets the error response
 * and returns false on a refusal.  OUT: *why for pages. */
int zw_survey_respond_req(zw_req *r, int64_t id, const json_t *answers,
    struct zw_why *why);

#endif
