/*
 * routes.h -- route tables of the portal and helpers its handlers share.
 */
#ifndef ZW_PORTAL_ROUTES_H
#define ZW_PORTAL_ROUTES_H

#include "portal/portal.h"
#include "web/http.h"
#include "web/route.h"

/* JSON API (routes.c), public pages (pages.c), back office (office.c). */
extern const struct zw_route zw_portal_api_routes[];
extern const size_t zw_portal_api_routes_count;
extern const struct zw_route zw_portal_page_routes[];
extern const size_t zw_portal_page_routes_count;
extern const struct zw_route zw_portal_office_routes[];
extern const size_t zw_portal_office_routes_count;

/* Commit the request's transaction and drop the cached pages it
 * changed; false (error set) when the commit failed. */
bool zw_portal_commit(zw_req *r);
/* Has the user portal.edit or portal.publish? */
bool zw_portal_can(const zw_req *r);
/* category, year, state, q, site_id, column_id, org_id from the query
 * string; false with the error set. */
bool zw_portal_filter_from_query(zw_req *r, struct zw_article_filter *f);

#endif
