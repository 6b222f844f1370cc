/*
 * routes.h -- route tables of the approvals module and the helpers its
 * handlers share.
 */
#ifndef ZW_APPROVALS_ROUTES_H
#define ZW_APPROVALS_ROUTES_H

#include <stddef.h>

#include "approvals/apps.h"
#include "web/http.h"
#include "web/route.h"

extern const struct zw_route zw_apps_routes[];
extern const size_t zw_apps_routes_count;
extern const struct zw_route zw_apps_page_routes[];
extern const size_t zw_apps_page_routes_count;

/* The handling environment from the app's settings (the calendar is
 * read under app->cal_lock by the caller). */
void zw_apps_env_of(zw_req *r, struct zw_apps_env *env);
/* After a refused 补正告知 or 不予受理: record a §3.3 violation attempt
 * (second notice, no reason) in a transaction of its own. */
void zw_app_record_violation(zw_req *r, const char *no,
    const struct zw_why *why);
/* GET .../applications/{no}/materials/{pos} (API and pages). */
void zw_app_material_download(zw_req *r);

#endif
