/*
 * routes.h -- route tables and handler helpers of the core module.
 */
#ifndef ZW_ORG_ROUTES_H
#define ZW_ORG_ROUTES_H

#include "audit/audit.h"
#include "base/workday.h"
#include "web/http.h"
#include "web/route.h"

extern const struct zw_route zw_org_api_routes[];
extern const size_t zw_org_api_routes_count;
extern const struct zw_route zw_org_page_routes[];
extern const size_t zw_org_page_routes_count;
extern const struct zw_route zw_misc_routes[];
extern const size_t zw_misc_routes_count;

/* Path parameter i as a positive id (404 set on failure). */
bool zw_path_id(zw_req *r, int i, int64_t *id);
/* The logged-in user as JSON (GET /api/v1/me). */
json_t *zw_me_json(zw_req *r);
bool zw_audit_filter_from_query(zw_req *r, struct zw_audit_filter *f);
/* Render audit items as a CSV download into r. */
void zw_audit_csv(zw_req *r, json_t *items);

/* The special days of one year: [{date, date_cn, weekday, kind, name}]. */
json_t *zw_calendar_year_json(const zw_calendar *cal, int year);

#endif
