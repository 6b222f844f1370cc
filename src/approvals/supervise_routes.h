/*
 * supervise_routes.h -- route tables of electronic supervision and
 * ratings, and the request helpers the API and the pages share.
 */
#ifndef ZW_SUPERVISE_ROUTES_H
#define ZW_SUPERVISE_ROUTES_H

#include "approvals/supervise.h"
#include "web/http.h"
#include "web/route.h"

extern const struct zw_route zw_supervision_api_routes[];
extern const size_t zw_supervision_api_routes_count;
extern const struct zw_route zw_supervision_page_routes[];
extern const size_t zw_supervision_page_routes_count;

/* The approvals environment with the calendar read-locked; unlock after. */
void zw_sv_env_lock(zw_req *r, struct zw_apps_env *env);
void zw_sv_env_unlock(zw_req *r);
/* ?level=&org_id=&open= (400 set and false on bad values). */
bool zw_sv_alert_filter(zw_req *r, struct zw_alert_filter *f);
/* Run the sweep as the request's user in its own transaction and
 * commit; on failure the error response is set.  OUT: *n. */
int zw_sv_run_sweep(zw_req *r, struct zw_sweep_counts *n);
/* ?from=&to=&by= of the statistics: defaults this year to today, by
 * department.  false with a Chinese message in *err. */
bool zw_sv_stats_params(zw_req *r, zw_date *from, zw_date *to, bool *by_item,
    const char **err);
bool zw_sv_notice_status_ok(const char *st);
bool zw_sv_rect_status_ok(const char *st);

#endif
