/*
 * fuzz_tmpl.c -- libFuzzer driver for the template engine
 * (src/web/tmpl.c): compile, link, render.
 *
 * The input is split at NUL bytes into up to four templates named
 * t0..t3 (so "{{> t1}}" and "{{extends t2}}" reach each other).  Every
 * template that compiles is added; if the set links, each is rendered
 * against a fixed context, once with room and once into a buffer too
 * small, which must come back unchanged.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_tmpl.c src/web/tmpl.c \
 *       src/base/{mem,arena,buf,str,err,utf8}.c -ljansson
 *   ./a.out tests/fuzz/corpus/tmpl
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "web/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)
#define MAX_TMPL	4

static const char ctx_json[] =
    "{\"s\": \"<b>&\\\"'</b>\", \"zh\": \"政务服务\", \"n\": 42,"
    " \"r\": 2.5, \"t\": true, \"f\": false, \"z\": null, \"e\": \"\","
    " \"a\": [1, \"x<\", {\"s\": \"inner\", \"a\": [true, false]}],"
    " \"o\": {\"k\": \"v\", \"s\": \"o.s\", \"a\": []},"
    " \"rows\": [{\"name\": \"甲\", \"org\": {\"name\": \"局\"}},"
    " {\"name\": \"乙\"}]}";

static json_t *ctx;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *z;
	char name[MAX_TMPL][4], err[256];
	zw_tmpl_set *set;
	zw_buf out;
	size_t len;
	int i, n = 0, rc;

	if (ctx == NULL && (ctx = json_loads(ctx_json, 0, NULL)) == NULL)
		abort();
	set = zw_tmpl_set_new();
	while (n < MAX_TMPL) {
		z = memchr(s, '\0', (size_t)(end - s));
		len = z != NULL ? (size_t)(z - s) : (size_t)(end - s);
		snprintf(name[n], sizeof(name[n]), "t%d", n);
		err[0] = '\0';
		rc = zw_tmpl_add(set, name[n], s, len, err, sizeof(err));
		CHECK(rc == ZW_OK || err[0] != '\0');
		n++;
		if (z == NULL)
			break;
		s = z + 1;
	}
	err[0] = '\0';
	if (zw_tmpl_link(set, err, sizeof(err)) == ZW_OK) {
		for (i = 0; i < n; i++) {
			zw_buf_init(&out, 1 << 20);
			rc = zw_tmpl_render(set, name[i], ctx, &out);
			CHECK(rc == ZW_OK || rc == ZW_ENOTFOUND ||
			    rc == ZW_ETOOBIG);
			zw_buf_free(&out);

			zw_buf_init(&out, 16);
			zw_buf_puts(&out, "kept");
			rc = zw_tmpl_render(set, name[i], ctx, &out);
			if (rc != ZW_OK)
				CHECK(out.len == 4 &&
				    memcmp(out.p, "kept", 5) == 0);
			zw_buf_free(&out);
		}
	} else
		CHECK(err[0] != '\0');
	zw_tmpl_set_free(set);
	return 0;
}
