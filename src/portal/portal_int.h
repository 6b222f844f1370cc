/*
 * portal_int.h -- internals shared by the files of src/portal/.
 */
#ifndef ZW_PORTAL_INT_H
#define ZW_PORTAL_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "portal/portal.h"

/* A site row as the rules need it. */
struct zw_site_row {
	int64_t id;
	int64_t org_id;
	bool is_main;
	bool active;
	char org_path[512];
	char manager_path[512];	/* "" when the site's organization runs it */
	char org_code[ZW_MAX_CODE + 1];
};

/* Load a site. ZW_ENOTFOUND when there is none. OUT: *row. */
int zw_portal_site_load(zw_conn *c, int64_t id, struct zw_site_row *row);
/* May who act on a site whose organization has path `path`, run by the
 * organization with path `manager` ("" = the site's own)?  Yes when who
 * belongs to the running organization or one below it, or when the
 * site's organization lies in who's data scope. */
bool zw_portal_reach(const struct zw_actor *who, const char *path,
    const char *manager);
/* SQL form of zw_portal_reach over a portal_sites row s, its orgs row o
 * and its manager's (LEFT JOIN) mo; two parameters bound by
 * zw_portal_bind_reach (returns the next index). */
#define ZW_PORTAL_REACH_SQL "(o.path LIKE ? OR ? LIKE COALESCE(mo.path, o.path) || '%')"
#define ZW_PORTAL_MANAGER_JOIN "LEFT JOIN orgs mo ON mo.id = s.manager_org_id"
int zw_portal_bind_reach(zw_stmt *s, int i, const struct zw_actor *who,
    zw_arena *a);

/* Public URL of a site ("/" or "/site/{code}/"), of a column, of an
 * article, from the arena. */
const char *zw_portal_site_url(zw_arena *a, bool is_main, const char *org_code);
const char *zw_portal_column_url(zw_arena *a, bool is_main,
    const char *org_code, const char *col_code);

/* Chinese names of states and validity. */
const char *zw_article_state_name(const char *state);
const char *zw_article_validity_name(const char *validity);

/* The job that publishes scheduled articles (jobs.c). */
#define ZW_PORTAL_JOB_PUBLISH "portal.publish"

/* The system actor of jobs (portal.publish everywhere). */
void zw_portal_system_actor(struct zw_actor *who);

#endif
