/*
 * ratelimit.h -- per-client fixed-window counters (login attempts).
 * Memory is bounded: a fixed table of buckets hashed by client address;
 * a collision can only make limiting stricter for the pair sharing it.
 */
#ifndef ZW_RATELIMIT_H
#define ZW_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

/* Count one hit for key in the current 60 s window; false past limit. */
bool zw_ratelimit_hit(const char *key, int64_t now, int limit_per_minute);
/* The same with a window of window_s seconds (letters: one hour). */
bool zw_ratelimit_hit_window(const char *key, int64_t now, int64_t window_s,
    int limit);
void zw_ratelimit_reset(void);

#endif
