/*
 * cache.c -- the page cache of the public portal (cache.h): a hash
 * table of pages with an LRU list, under one mutex, and its
 * synchronisation with the change log portal_changes.
 *
 * A lookup copies the page out under the mutex (a memcpy of some tens
 * of kilobytes: microseconds), so that an entry can be dropped at any
 * time without reference counts.  Invalidation walks every entry (at
 * most ZW_PORTAL_CACHE_ENTRIES) for its tag: changes are rare, reads
 * are not.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "crypto/sm3.h"
#include "portal/cache.h"

#define BUCKETS		4096	/* power of two; ~2 entries a bucket when full */
#define CHANGES_BATCH	2000	/* change rows read at once; more means
				   "everything changed": the cache is cleared */

struct entry {
	struct entry *hnext;		/* hash chain */
	struct entry *prev, *next;	/* LRU list, most recent first */
	uint64_t hash;
	char *key;
	char *tags;
	const char *ctype;
	char *body;
	size_t len;
	char etag[ZW_PCACHE_ETAG];
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry *buckets[BUCKETS];
static struct entry *lru_head, *lru_tail;
static size_t nentries, nbytes;
static uint64_t epoch;
static struct zw_pcache_stats st;

static uint64_t
hash_key(const char *k)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*k)
		h = (h ^ (unsigned char)*k++) * 1099511628211ULL;
	return h;
}

static size_t
entry_size(const struct entry *e)
{
	return e->len + strlen(e->key) + strlen(e->tags) + sizeof(*e);
}

static void
lru_unlink(struct entry *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		lru_head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		lru_tail = e->prev;
	e->prev = e->next = NULL;
}

static void
lru_push(struct entry *e)
{
	e->prev = NULL;
	e->next = lru_head;
	if (lru_head != NULL)
		lru_head->prev = e;
	lru_head = e;
	if (lru_tail == NULL)
		lru_tail = e;
}

static struct entry *
find(const char *key, uint64_t h, struct entry ***link)
{
	struct entry **pp = &buckets[h & (BUCKETS - 1)], *e;

	for (; (e = *pp) != NULL; pp = &e->hnext)
		if (e->hash == h && strcmp(e->key, key) == 0) {
			if (link != NULL)
				*link = pp;
			return e;
		}
	return NULL;
}

/* Remove e (mutex held). */
static void
drop(struct entry *e)
{
	struct entry **pp;

	if (find(e->key, e->hash, &pp) == e)
		*pp = e->hnext;
	lru_unlink(e);
	nentries--;
	nbytes -= entry_size(e);
	zw_free(e->key);
	zw_free(e->tags);
	zw_free(e->body);
	zw_free(e);
}

uint64_t
zw_pcache_epoch(void)
{
	uint64_t v;

	pthread_mutex_lock(&mu);
	v = epoch;
	pthread_mutex_unlock(&mu);
	return v;
}

bool
zw_pcache_get(const char *key, const char *inm, zw_buf *out, char *etag,
    const char **ctype, bool *not_modified)
{
	struct entry *e;
	bool hit = false;

	*not_modified = false;
	pthread_mutex_lock(&mu);
	if ((e = find(key, hash_key(key), NULL)) != NULL) {
		if (inm != NULL && strcmp(inm, e->etag) == 0)
			*not_modified = true;
		else if (zw_buf_append(out, e->body, e->len) != ZW_OK)
			goto out;
		memcpy(etag, e->etag, ZW_PCACHE_ETAG);
		*ctype = e->ctype;
		if (e != lru_head) {
			lru_unlink(e);
			lru_push(e);
		}
		hit = true;
	}
out:
	if (hit)
		st.hits++;
	else
		st.misses++;
	pthread_mutex_unlock(&mu);
	return hit;
}

void
zw_pcache_etag(const char *body, size_t len, char *etag)
{
	char hex[65];

	zw_sm3_hex(body, len, hex);
	snprintf(etag, ZW_PCACHE_ETAG, "\"%.16s\"", hex);
}

bool
zw_pcache_put(const char *key, const char *tags, const char *ctype,
    const char *body, size_t len, uint64_t at_epoch, char *etag)
{
	struct entry *e, *old;
	uint64_t h = hash_key(key);
	bool stored = false;

	zw_pcache_etag(body, len, etag);
	if (strlen(key) >= ZW_PORTAL_CACHE_KEY || strlen(tags) >= ZW_PORTAL_CACHE_TAGS ||
	    len > ZW_PORTAL_CACHE_BYTES / 8)
		return false;
	e = zw_calloc(1, sizeof(*e));
	e->hash = h;
	e->key = zw_strdup(key);
	e->tags = zw_strdup(tags);
	e->ctype = ctype;
	e->body = zw_malloc(len + 1);
	memcpy(e->body, body, len);
	e->body[len] = '\0';
	e->len = len;
	memcpy(e->etag, etag, ZW_PCACHE_ETAG);
	pthread_mutex_lock(&mu);
	if (at_epoch != epoch) {
		st.refused++;
		goto out;
	}
	if ((old = find(key, h, NULL)) != NULL)
		drop(old);
	e->hnext = buckets[h & (BUCKETS - 1)];
	buckets[h & (BUCKETS - 1)] = e;
	lru_push(e);
	nentries++;
	nbytes += entry_size(e);
	st.stores++;
	while ((nbytes > ZW_PORTAL_CACHE_BYTES || nentries > ZW_PORTAL_CACHE_ENTRIES) &&
	    lru_tail != NULL && lru_tail != e) {
		drop(lru_tail);
		st.evicted++;
	}
	stored = true;
	e = NULL;
out:
	pthread_mutex_unlock(&mu);
	if (e != NULL) {
		zw_free(e->key);
		zw_free(e->tags);
		zw_free(e->body);
		zw_free(e);
	}
	return stored;
}

/* Does the tag list ",a,b," hold tag? */
static bool
has_tag(const char *tags, const char *tag, size_t n)
{
	const char *p = tags;

	while ((p = strstr(p, tag)) != NULL) {
		if (p > tags && p[-1] == ',' && p[n] == ',')
			return true;
		p++;
	}
	return false;
}

size_t
zw_pcache_invalidate(const char *tag)
{
	struct entry *e, *next;
	size_t n = 0, len = strlen(tag);

	pthread_mutex_lock(&mu);
	epoch++;
	for (e = lru_head; e != NULL; e = next) {
		next = e->next;
		if (has_tag(e->tags, tag, len)) {
			drop(e);
			n++;
		}
	}
	st.dropped += n;
	pthread_mutex_unlock(&mu);
	return n;
}

void
zw_pcache_clear(void)
{
	pthread_mutex_lock(&mu);
	epoch++;
	while (lru_head != NULL)
		drop(lru_head);
	pthread_mutex_unlock(&mu);
}

void
zw_pcache_stats(struct zw_pcache_stats *out)
{
	pthread_mutex_lock(&mu);
	*out = st;
	out->entries = nentries;
	out->bytes = nbytes;
	pthread_mutex_unlock(&mu);
}

/* ---- the change log ---- */

int
zw_portal_changed(zw_conn *c, const char *tag)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "INSERT INTO portal_changes (tag, at) VALUES (?, ?)",
	    &s)) != ZW_OK)
		return rc;
	zw_bind_text(s, 1, tag, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

/*
 * Sync state.  seen[] holds the sequence numbers applied at or below
 * the newest seen (a ring of 2 * ZW_PCACHE_LOOKBACK), so that a row
 * that appears late below it is applied once and only once.
 */
static pthread_mutex_t sync_mu = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int64_t last_sync_ms = -1;
static int64_t newest = -1;		/* -1: not started */
static int64_t seen[2 * ZW_PCACHE_LOOKBACK];
static size_t nseen, seen_at;

static bool
was_seen(int64_t seq)
{
	size_t i;

	for (i = 0; i < nseen; i++)
		if (seen[i] == seq)
			return true;
	return false;
}

static void
mark_seen(int64_t seq)
{
	seen[seen_at] = seq;
	seen_at = (seen_at + 1) % (sizeof(seen) / sizeof(seen[0]));
	if (nseen < sizeof(seen) / sizeof(seen[0]))
		nseen++;
}

void
zw_pcache_reset(void)
{
	pthread_mutex_lock(&sync_mu);
	newest = -1;
	nseen = seen_at = 0;
	atomic_store(&last_sync_ms, -1);
	pthread_mutex_unlock(&sync_mu);
	zw_pcache_clear();
}

bool
zw_pcache_sync_due(void)
{
	int64_t last = atomic_load(&last_sync_ms);

	return last < 0 || zw_mono_ms() - last >= ZW_PCACHE_SYNC_MS;
}

int
zw_pcache_sync(zw_conn *c, bool force)
{
	int64_t now = zw_mono_ms(), last = atomic_load(&last_sync_ms), top;
	bool first, clear = false;
	zw_stmt *s;
	size_t rows = 0;
	int rc;

	if (!force && last >= 0 && now - last < ZW_PCACHE_SYNC_MS)
		return ZW_OK;
	if (force)
		pthread_mutex_lock(&sync_mu);
	else if (pthread_mutex_trylock(&sync_mu) != 0)
		return ZW_OK;	/* another thread is at it */
	first = newest < 0;
	top = newest;
	if (first && (rc = zw_query_int(c, "SELECT COALESCE(MAX(seq), 0) FROM "
	    "portal_changes", &top)) != ZW_OK)
		goto out;
	/* Idle longer than the log is kept: rows may be gone unseen. */
	if (!first && now - last > ZW_PCACHE_KEEP_S * 1000 / 2)
		clear = true;
	rc = zw_prepare(c, "SELECT seq, tag FROM portal_changes WHERE seq > ? "
	    "ORDER BY seq LIMIT ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, top - ZW_PCACHE_LOOKBACK);
	zw_bind_int(s, 2, CHANGES_BATCH);
	while ((rc = zw_step(s)) == ZW_ROW) {
		int64_t seq = zw_col_int(s, 0);

		rows++;
		if (seq > top)
			top = seq;
		if (was_seen(seq))
			continue;
		mark_seen(seq);
		/* At start the cache is empty: rows only mark the position. */
		if (!first && !clear)
			zw_pcache_invalidate(zw_col_text(s, 1));
	}
	if (rc < 0)
		goto out;
	if (rows >= CHANGES_BATCH)
		clear = true;	/* more than a batch: start afresh */
	if (clear) {
		zw_pcache_clear();
		if ((rc = zw_query_int(c, "SELECT COALESCE(MAX(seq), 0) FROM "
		    "portal_changes", &top)) != ZW_OK)
			goto out;
		nseen = seen_at = 0;
	}
	newest = top;
	atomic_store(&last_sync_ms, now);
	rc = ZW_OK;
out:
	pthread_mutex_unlock(&sync_mu);
	if (rc != ZW_OK)
		zw_warn("portal cache sync: %s", zw_conn_errmsg(c));
	return rc;
}
