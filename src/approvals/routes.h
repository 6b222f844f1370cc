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
/* GET .../applications/{no}/materials/{pos} (API and pages). */
void zw_app_material_download(zw_req *r);

#endif
