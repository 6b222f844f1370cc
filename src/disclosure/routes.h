/*
 * routes.h -- the HTTP side of disclosure: API (routes.c), portal and
 * back-office pages (pages.c).
 */
#ifndef ZW_DISCLOSURE_ROUTES_H
#define ZW_DISCLOSURE_ROUTES_H

#include "disclosure/disclosure.h"
#include "web/http.h"
#include "web/route.h"

/* The one answer for an unknown number, a wrong query code and a
 * request out of reach. */
#define ZW_DISC_NOTFOUND "申请编号或查询码不正确"

extern const struct zw_route zw_disc_api_routes[];
extern const size_t zw_disc_api_routes_count;
extern const struct zw_route zw_disc_page_routes[];
extern const size_t zw_disc_page_routes_count;

void zw_disc_env_of(zw_req *r, struct zw_disc_env *env);
/* The per-address limit on online requests (disclosure_rate_per_hour);
 * staff are not limited. */
bool zw_disc_rate_ok(zw_req *r);
/* {year} of the path (params[0]); false with 404 set. */
bool zw_disc_path_year(zw_req *r, int *year);

#endif
