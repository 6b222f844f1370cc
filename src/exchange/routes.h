/*
 * routes.h -- route tables of the exchange (API and pages) and the
 * helpers they share.
 */
#ifndef ZW_EXCHANGE_ROUTES_H
#define ZW_EXCHANGE_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "exchange/exchange.h"
#include "web/http.h"
#include "web/route.h"

extern const struct zw_route zw_exchange_routes[];
extern const size_t zw_exchange_routes_count;
extern const struct zw_route zw_exchange_page_routes[];
extern const size_t zw_exchange_page_routes_count;

/* Answer a refused table or call: {"error":{code,message,field,line}}. */
void zw_x_fail(zw_req *r, int rc, const struct zw_xerr *e);
/* ?kind= of the results: NULL (all) or one of the three kinds. */
bool zw_x_kind(zw_req *r, const char **kind);

#endif
