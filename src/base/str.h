/*
 * str.h -- string slices and range-checked number parsing.
 * There is no atoi in zhengwu: every number from outside goes through
 * zw_parse_i64() with explicit bounds.
 */
#ifndef ZW_STR_H
#define ZW_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct zw_str {
	const char *p;
	size_t n;
} zw_str;

#define ZW_STR(lit) ((zw_str){ (lit), sizeof(lit) - 1 })

zw_str zw_str_c(const char *s);
bool zw_str_eq(zw_str a, zw_str b);
bool zw_str_eqc(zw_str a, const char *c);
bool zw_str_has_prefix(zw_str a, const char *prefix);

/*
 * Parse the whole of [s, s+n) as a decimal integer in [min, max].
 * OUT: *out.  Returns ZW_OK or ZW_EINVAL (empty, junk, out of range).
 */
int zw_parse_i64n(const char *s, size_t n, int64_t min, int64_t max,
    int64_t *out);
int zw_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Bounded copy that always terminates; returns ZW_ETOOBIG if truncated. */
int zw_strlcpy(char *dst, const char *src, size_t size);

/* Constant-time comparison of two equal-length byte strings. */
bool zw_ct_eq(const void *a, const void *b, size_t n);

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void zw_hex(const unsigned char *p, size_t n, char *out);
/* Decode exactly 2n hex digits; ZW_EINVAL on junk. */
int zw_unhex(const char *hex, size_t hexlen, unsigned char *out, size_t n);

/* "%q%" for `LIKE ? ESCAPE '!'`, with % _ ! in q escaped so that user
 * input matches literally. */
struct zw_arena;
char *zw_like_contains(struct zw_arena *a, const char *q);

/* Standard base64 (RFC 4648 §4, padded) of p in the arena. */
char *zw_base64(struct zw_arena *a, const void *p, size_t n);

#endif
