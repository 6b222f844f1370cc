/*
 * cache.h -- rendered public pages, kept in memory until something they
 * show changes.
 *
 * A page is stored under its key (path plus canonical query) with the
 * tags of what it shows: ",s:3,c:12,a:40,pub," (site 3's chrome, column
 * 12's list, article 40, the set of published articles).  A change
 * writes its tags to portal_changes in its own transaction
 * (zw_portal_changed); zw_pcache_sync() reads the rows written since it
 * last looked, by this process or another app server, and drops the
 * pages that carry one of those tags.  The process that made the change
 * syncs right after committing; every process also syncs at most once
 * per ZW_PCACHE_SYNC_MS when serving, so other servers follow within
 * that time.
 *
 * A page rendered from data read before a change but stored after it
 * would be stale: zw_pcache_put() stores only when no page was dropped
 * since the caller took zw_pcache_epoch() (before reading the data).
 *
 * Every function is safe from any thread.  Bounded by
 * ZW_PORTAL_CACHE_BYTES and ZW_PORTAL_CACHE_ENTRIES: the least recently
 * used pages go first.
 */
#ifndef ZW_PORTAL_CACHE_H
#define ZW_PORTAL_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

#define ZW_PCACHE_SYNC_MS	1000	/* other servers' changes seen within */
#define ZW_PCACHE_ETAG		24	/* "\"" + 16 hex + "\"" + NUL, rounded */
#define ZW_PCACHE_LOOKBACK	256	/* change rows re-read behind the newest
					   seen: a transaction that commits after
					   later ones (PostgreSQL) is still seen */
#define ZW_PCACHE_KEEP_S	(24 * 3600)	/* change rows kept a day */

struct zw_pcache_stats {
	uint64_t hits, misses, stores, refused, dropped, evicted;
	size_t entries, bytes;
};

/* Changes seen so far (taken before reading what a page shows). */
uint64_t zw_pcache_epoch(void);

/*
 * Look up key.  On a hit: when inm (the If-None-Match header, may be
 * NULL) names the page's ETag, *not_modified is set and out is left
 * alone; otherwise the body is appended to out.  etag (ZW_PCACHE_ETAG
 * bytes) and *ctype (a static string) are set on a hit.
 */
bool zw_pcache_get(const char *key, const char *inm, zw_buf *out,
    char *etag, const char **ctype, bool *not_modified);

/* Store a page (copied) unless a page was dropped since epoch; ctype
 * must be a static string.  The page's ETag goes to etag either way.
 * Returns true when stored. */
bool zw_pcache_put(const char *key, const char *tags, const char *ctype,
    const char *body, size_t len, uint64_t epoch, char *etag);

/* The ETag of a body: "\"" + 16 hex digits of its SM3 + "\"". */
void zw_pcache_etag(const char *body, size_t len, char *etag);
/* Drop the pages carrying tag; returns how many. */
size_t zw_pcache_invalidate(const char *tag);
/* Drop everything. */
void zw_pcache_clear(void);
void zw_pcache_stats(struct zw_pcache_stats *st);

/* Record that what tag names changed, in the caller's transaction. */
int zw_portal_changed(zw_conn *c, const char *tag);
/*
 * Apply the changes recorded since the last sync.  force: now (after a
 * commit); otherwise only when ZW_PCACHE_SYNC_MS have passed and no
 * other thread is syncing.
 */
int zw_pcache_sync(zw_conn *c, bool force);
/* Is a sync due (ZW_PCACHE_SYNC_MS passed)?  Lets a cache hit skip
 * borrowing a database connection. */
bool zw_pcache_sync_due(void);
/* Forget the sync position (tests: a new database). */
void zw_pcache_reset(void);

#endif
