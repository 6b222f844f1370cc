/*
 * ratelimit.c -- see ratelimit.h.
 */
#include <pthread.h>
#include <string.h>

#include "web/ratelimit.h"

#define RL_BUCKETS 4096

static struct {
	uint64_t key;
	int64_t window;
	int count;
} buckets[RL_BUCKETS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

bool
zw_ratelimit_hit(const char *key, int64_t now, int limit)
{
	return zw_ratelimit_hit_window(key, now, 60, limit);
}

bool
zw_ratelimit_hit_window(const char *key, int64_t now, int64_t window_s,
    int limit)
{
	uint64_t h = fnv1a(key);
	int64_t window = now / (window_s > 0 ? window_s : 60);
	size_t i = h % RL_BUCKETS;
	bool ok;

	pthread_mutex_lock(&mu);
	if (buckets[i].key != h || buckets[i].window != window) {
		buckets[i].key = h;
		buckets[i].window = window;
		buckets[i].count = 0;
	}
	buckets[i].count++;
	ok = buckets[i].count <= limit;
	pthread_mutex_unlock(&mu);
	return ok;
}

void
zw_ratelimit_reset(void)
{
	pthread_mutex_lock(&mu);
	memset(buckets, 0, sizeof(buckets));
	pthread_mutex_unlock(&mu);
}
