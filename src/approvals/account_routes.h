/*
 * account_routes.h -- HTTP side of public accounts and messages: the
 * JSON API (account_routes.c) and the portal pages (account_pages.c).
 */
#ifndef ZW_ACCOUNT_ROUTES_H
#define ZW_ACCOUNT_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "web/http.h"
#include "web/route.h"

extern const struct zw_route zw_account_api_routes[];
extern const size_t zw_account_api_routes_count;
extern const struct zw_route zw_account_page_routes[];
extern const size_t zw_account_page_routes_count;

/* Count one registration attempt from the client's address against
 * register_rate_per_minute; false past it (nothing set on r). */
bool zw_account_rate_ok(zw_req *r);

#endif
