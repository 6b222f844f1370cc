/*
 * fuzz_parse.c -- libFuzzer driver for the request text parsers
 * (src/web/parse.c): percent-decoding, urlencoded, cookies, multipart.
 *
 * The whole input goes through zw_url_decode, zw_parse_urlencoded and
 * (up to its first NUL) zw_parse_cookies.  For multipart, an even first
 * byte selects a fixed Content-Type and the rest is the body; an odd one
 * makes the first line the Content-Type and the rest the body.  Besides
 * the sanitizers, the driver checks what the parsers promise: counts
 * within the limit, NUL-terminated clean UTF-8 text, part data inside
 * the body.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_parse.c src/web/parse.c src/base/{mem,arena,utf8}.c
 *   ./a.out tests/fuzz/corpus/parse
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "web/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

static void
check_text(const char *s, size_t n)
{
	CHECK(s != NULL);
	CHECK(s[n] == '\0');
	CHECK(strlen(s) == n);
	CHECK(zw_utf8_valid(s, n));
	CHECK(!zw_utf8_has_controls(s, n));
}

static void
check_kv(const struct zw_kv *kv, size_t count, size_t max)
{
	size_t i;

	CHECK(count <= max);
	for (i = 0; i < count; i++) {
		check_text(kv[i].key, strlen(kv[i].key));
		check_text(kv[i].val, kv[i].vlen);
		CHECK(zw_kv_get(kv, count, kv[i].key) != NULL);
	}
}

static void
fuzz_multipart(zw_arena *a, const char *ct, const char *body, size_t n)
{
	struct zw_part parts[8];
	size_t count = 0, i;

	if (zw_parse_multipart(a, ct, body, n, parts, 8, &count) != ZW_OK)
		return;
	CHECK(count <= 8);
	for (i = 0; i < count; i++) {
		check_text(parts[i].name, strlen(parts[i].name));
		CHECK(parts[i].content_type != NULL);
		if (parts[i].filename != NULL)
			check_text(parts[i].filename,
			    strlen(parts[i].filename));
		else
			CHECK(zw_utf8_valid(parts[i].data, parts[i].len));
		CHECK(parts[i].data >= body);
		CHECK(parts[i].data + parts[i].len <= body + n);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct zw_kv kv[ZW_MAX_QUERY_PARAMS];
	zw_arena *a = zw_arena_new();
	const char *nl;
	char *out, *copy;
	size_t outlen, count;

	if (zw_url_decode(a, s, size, true, &out, &outlen) == ZW_OK) {
		check_text(out, outlen);
		CHECK(outlen <= size);
	}
	if (zw_url_decode(a, s, size, false, &out, &outlen) == ZW_OK)
		check_text(out, outlen);

	if (zw_parse_urlencoded(a, s, size, kv, ZW_MAX_QUERY_PARAMS,
	    &count) == ZW_OK)
		check_kv(kv, count, ZW_MAX_QUERY_PARAMS);

	copy = zw_malloc(size + 1);
	memcpy(copy, s, size);
	copy[size] = '\0';
	if (zw_parse_cookies(a, copy, kv, ZW_MAX_COOKIES, &count) == ZW_OK)
		check_kv(kv, count, ZW_MAX_COOKIES);

	if (size > 0 && data[0] % 2 == 0)
		fuzz_multipart(a, "multipart/form-data; boundary=X", s + 1,
		    size - 1);
	else if (size > 0 && (nl = memchr(s + 1, '\n', size - 1)) != NULL) {
		/* copy is NUL-terminated; end the Content-Type there. */
		copy[nl - s] = '\0';
		fuzz_multipart(a, copy + 1, nl + 1, size - (size_t)(nl - s) -
		    1);
	}
	zw_free(copy);
	zw_arena_free(a);
	return 0;
}
