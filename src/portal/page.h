/*
 * page.h -- the cached-public-page helpers of src/portal/pages.c for
 * other modules' public pages (letters): ask the cache, tag what the
 * page shows, render through layout/portal.html and store.  See cache.h
 * for the tags and the epoch guard.
 */
#ifndef ZW_PORTAL_PAGE_H
#define ZW_PORTAL_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/limits.h"
#include "web/http.h"

struct zw_page {
	const char *key;
	char tags[ZW_PORTAL_CACHE_TAGS];
	uint64_t epoch;
	const char *ctype;
	bool untagged;		/* never store the page: a tag did not fit,
				   or it is a logged-in visitor's */
};

/* true: answered from the cache (or an error set); false: render it,
 * r->db is then borrowed.  key: path plus canonical query. */
bool zw_page_cached(zw_req *r, struct zw_page *p, const char *key);
/* Tag the page with "name" (id < 0) or "name:id". */
void zw_page_tag(struct zw_page *p, const char *name, long long id);
/* Render tmpl with ctx (stolen), store and answer. */
void zw_page_done(zw_req *r, struct zw_page *p, const char *tmpl, json_t *ctx);
/* A public error page (not cached). */
void zw_page_error(zw_req *r, int status, const char *title,
    const char *message);

/* The main site's name (the portal's owner), shown on public pages;
 * the platform's name when there is none. */
const char *zw_portal_site_name(zw_req *r);

#endif
