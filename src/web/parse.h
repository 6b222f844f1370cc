/*
 * parse.h -- parsers for the parts of an HTTP request that come as
 * text: percent-encoding, query strings and urlencoded forms, cookies,
 * multipart/form-data.  Each takes a named limit and returns 0 or a
 * negative ZW_E* (ZW_EINVAL = malformed -> 400, ZW_ETOOBIG -> 413/431).
 * Output strings live in the arena and are NUL-terminated; values that
 * are not valid UTF-8 or contain NUL are rejected (ZW_EINVAL).
 */
#ifndef ZW_PARSE_H
#define ZW_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

struct zw_kv {
	const char *key;
	const char *val;
	size_t vlen;
};

struct zw_part {
	const char *name;	/* form field name */
	const char *filename;	/* NULL for plain fields */
	const char *content_type;	/* "text/plain" when absent */
	const char *data;	/* points into the body (not copied) */
	size_t len;
};

/* Decode %XX (and '+' as space when plus_space).  OUT: *out, *outlen. */
int zw_url_decode(zw_arena *a, const char *s, size_t n, bool plus_space,
    char **out, size_t *outlen);
/* "a=1&b=2" -> kv[]; at most max pairs (ZW_ETOOBIG past it). */
int zw_parse_urlencoded(zw_arena *a, const char *s, size_t n,
    struct zw_kv *kv, size_t max, size_t *count);
/* Cookie header "a=1; b=2" -> kv[] (values not percent-decoded). */
int zw_parse_cookies(zw_arena *a, const char *hdr, struct zw_kv *kv,
    size_t max, size_t *count);
/* multipart/form-data with the boundary from content_type. */
int zw_parse_multipart(zw_arena *a, const char *content_type,
    const char *body, size_t n, struct zw_part *parts, size_t max,
    size_t *count);
/* First value for key, or NULL. */
const char *zw_kv_get(const struct zw_kv *kv, size_t count, const char *key);

#endif
