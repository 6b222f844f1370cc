/*
 * routes.c -- the route table of the whole program, assembled from each
 * module's table, plus the routes that belong to no module: health,
 * metrics.  The portal's front page is src/portal/pages.c.
 */
#include <string.h>

#include "approvals/item_routes.h"
#include "approvals/routes.h"
#include "approvals/account_routes.h"
#include "approvals/supervise_routes.h"
#include "base/mem.h"
#include "base/err.h"
#include "base/json.h"
#include "files/files.h"
#include "documents/routes.h"
#include "documents/search.h"
#include "exchange/routes.h"
#include "org/org.h"
#include "org/routes.h"
#include "registry/routes.h"
#include "letters/routes.h"
#include "catalog/routes.h"
#include "search/routes.h"
#include "surveys/routes.h"
#include "portal/page.h"
#include "portal/routes.h"
#include "disclosure/routes.h"
#include "store/jobs.h"
#include "web/http.h"
#include "web/metrics.h"
#include "web/route.h"
#include "web/server.h"

static void
healthz(zw_req *r)
{
	zw_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

static void
metrics(zw_req *r)
{
	int in_use = 0, size = 0;
	int64_t queued = 0, failed = 0;
	zw_conn *c;

	zw_buf_reset(&r->out);
	zw_metrics_render(&r->out);
	zw_db_pool_stats(r->app->db, &in_use, &size);
	if ((c = zw_db_conn(r)) == NULL)
		return;
	zw_job_counts(c, &queued, &failed);
	/* The connection this request holds counts as in use. */
	zw_buf_printf(&r->out,
	    "# HELP zhengwu_db_pool_in_use Database connections in use.\n"
	    "# TYPE zhengwu_db_pool_in_use gauge\nzhengwu_db_pool_in_use %d\n"
	    "# HELP zhengwu_db_pool_size Database pool size.\n"
	    "# TYPE zhengwu_db_pool_size gauge\nzhengwu_db_pool_size %d\n"
	    "# HELP zhengwu_jobs_queued Jobs waiting to run.\n"
	    "# TYPE zhengwu_jobs_queued gauge\nzhengwu_jobs_queued %lld\n"
	    "# HELP zhengwu_jobs_failed Jobs that failed for good.\n"
	    "# TYPE zhengwu_jobs_failed gauge\nzhengwu_jobs_failed %lld\n",
	    in_use, size, (long long)queued, (long long)failed);
	r->status = 200;
	r->ctype = "text/plain; version=0.0.4; charset=utf-8";
}

static const struct zw_route core_routes[] = {
	{ "GET", "/healthz", healthz, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/metrics", metrics, NULL, ZW_R_PUBLIC, NULL },
};

void
zw_routes_init(void)
{
	zw_route_reset();
	zw_route_add_table(core_routes, sizeof(core_routes) / sizeof(core_routes[0]));
	zw_route_add_table(zw_org_api_routes, zw_org_api_routes_count);
	zw_route_add_table(zw_misc_routes, zw_misc_routes_count);
	zw_route_add_table(zw_org_page_routes, zw_org_page_routes_count);
	zw_route_add_table(zw_doc_search_routes, zw_doc_search_routes_count);
	zw_route_add_table(zw_doc_routes, zw_doc_routes_count);
	zw_route_add_table(zw_doc_page_routes, zw_doc_page_routes_count);
	zw_route_add_table(zw_files_routes, zw_files_routes_count);
	zw_route_add_table(zw_item_api_routes, zw_item_api_routes_count);
	zw_route_add_table(zw_apps_routes, zw_apps_routes_count);
	zw_route_add_table(zw_apps_page_routes, zw_apps_page_routes_count);
	zw_route_add_table(zw_account_api_routes, zw_account_api_routes_count);
	zw_route_add_table(zw_account_page_routes, zw_account_page_routes_count);
	zw_route_add_table(zw_item_page_routes, zw_item_page_routes_count);
	zw_route_add_table(zw_supervision_api_routes, zw_supervision_api_routes_count);
	zw_route_add_table(zw_supervision_page_routes, zw_supervision_page_routes_count);
	zw_route_add_table(zw_catalog_routes, zw_catalog_routes_count);
	zw_route_add_table(zw_catalog_page_routes, zw_catalog_page_routes_count);
	zw_route_add_table(zw_registry_routes, zw_registry_routes_count);
	zw_route_add_table(zw_registry_page_routes, zw_registry_page_routes_count);
	zw_route_add_table(zw_letters_api_routes, zw_letters_api_routes_count);
	zw_route_add_table(zw_letters_page_routes, zw_letters_page_routes_count);
	zw_route_add_table(zw_disc_api_routes, zw_disc_api_routes_count);
	zw_route_add_table(zw_disc_page_routes, zw_disc_page_routes_count);
	zw_route_add_table(zw_exchange_routes, zw_exchange_routes_count);
	zw_route_add_table(zw_exchange_page_routes, zw_exchange_page_routes_count);
	zw_route_add_table(zw_search_routes, zw_search_routes_count);
	zw_route_add_table(zw_survey_api_routes, zw_survey_api_routes_count);
	zw_route_add_table(zw_survey_page_routes, zw_survey_page_routes_count);
	zw_route_add_table(zw_portal_api_routes, zw_portal_api_routes_count);
	zw_route_add_table(zw_portal_page_routes, zw_portal_page_routes_count);
	zw_route_add_table(zw_portal_office_routes, zw_portal_office_routes_count);
	/* public pages carry the main site's name */
	zw_set_public_site_name(zw_portal_site_name);
	/* a route taken twice is a programming error: the second one
	 * would be dead (logged by zw_route_add_table) */
	ZW_ASSERT(zw_route_conflicts() == 0);
}
