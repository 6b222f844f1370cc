/*
 * test_parse.c -- unit tests of the request text parsers
 * (src/web/parse.c) and of strict UTF-8 (src/base/utf8.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/utf8.h"
#include "web/parse.h"

#define S(lit)	(lit), (sizeof(lit) - 1)

static int
setup(void **state)
{
	*state = zw_arena_new();
	return 0;
}

static int
teardown(void **state)
{
	zw_arena_free(*state);
	return 0;
}

/* ---- utf8 ---- */

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(zw_utf8_valid(S("")));
	assert_true(zw_utf8_valid(S("plain ascii")));
	assert_true(zw_utf8_valid(S("中文")));
	assert_int_equal(zw_utf8_chars(S("中文")), 2);
	assert_int_equal(zw_utf8_chars(S("a中b")), 3);
	/* 4-byte emoji U+1F600. */
	assert_true(zw_utf8_valid(S("\xf0\x9f\x98\x80")));
	assert_int_equal(zw_utf8_chars(S("\xf0\x9f\x98\x80!")), 2);
	/* Boundaries that are allowed. */
	assert_true(zw_utf8_valid(S("\xc2\x80")));		/* U+0080 */
	assert_true(zw_utf8_valid(S("\xdf\xbf")));		/* U+07FF */
	assert_true(zw_utf8_valid(S("\xe0\xa0\x80")));		/* U+0800 */
	assert_true(zw_utf8_valid(S("\xed\x9f\xbf")));		/* U+D7FF */
	assert_true(zw_utf8_valid(S("\xee\x80\x80")));		/* U+E000 */
	assert_true(zw_utf8_valid(S("\xef\xbf\xbf")));		/* U+FFFF */
	assert_true(zw_utf8_valid(S("\xf0\x90\x80\x80")));	/* U+10000 */
	assert_true(zw_utf8_valid(S("\xf4\x8f\xbf\xbf")));	/* U+10FFFF */
	/* NUL is valid UTF-8 (has_controls refuses it). */
	assert_true(zw_utf8_valid("a\0b", 3));
}

static void
test_utf8_invalid(void **state)
{
	(void)state;
	/* Surrogates. */
	assert_false(zw_utf8_valid(S("\xed\xa0\x80")));		/* U+D800 */
	assert_false(zw_utf8_valid(S("\xed\xbf\xbf")));		/* U+DFFF */
	/* Overlong forms. */
	assert_false(zw_utf8_valid(S("\xc0\xaf")));
	assert_false(zw_utf8_valid(S("\xc1\xbf")));
	assert_false(zw_utf8_valid(S("\xe0\x80\xaf")));
	assert_false(zw_utf8_valid(S("\xe0\x9f\xbf")));
	assert_false(zw_utf8_valid(S("\xf0\x80\x80\xaf")));
	assert_false(zw_utf8_valid(S("\xf0\x8f\xbf\xbf")));
	/* Truncated sequences, at the end and in the middle. */
	assert_false(zw_utf8_valid(S("\xe4\xb8")));
	assert_false(zw_utf8_valid(S("\xe4\xb8x")));
	assert_false(zw_utf8_valid(S("\xf0\x9f\x98")));
	assert_false(zw_utf8_valid(S("ok\xc3")));
	/* Past U+10FFFF. */
	assert_false(zw_utf8_valid(S("\xf4\x90\x80\x80")));
	assert_false(zw_utf8_valid(S("\xf5\x80\x80\x80")));
	assert_false(zw_utf8_valid(S("\xf8\x88\x80\x80\x80")));
	assert_false(zw_utf8_valid(S("\xff")));
	/* Stray continuation byte. */
	assert_false(zw_utf8_valid(S("\x80")));
	assert_false(zw_utf8_valid(S("a\xbf" "b")));
	/* Length bounds the scan: a valid prefix of invalid bytes. */
	assert_true(zw_utf8_valid("\xe4\xb8\xad\xff", 3));
	assert_false(zw_utf8_valid("\xe4\xb8\xad", 2));
}

static void
test_utf8_controls(void **state)
{
	(void)state;
	assert_false(zw_utf8_has_controls(S("tab\there\r\nnext")));
	assert_false(zw_utf8_has_controls(S("中文 text")));
	assert_true(zw_utf8_has_controls("a\0b", 3));
	assert_true(zw_utf8_has_controls(S("bell\x07")));
	assert_true(zw_utf8_has_controls(S("esc\x1b[0m")));
	assert_true(zw_utf8_has_controls(S("del\x7f")));
	assert_true(zw_utf8_has_controls(S("nel\xc2\x85")));	/* C1 */
	assert_false(zw_utf8_has_controls(S("nbsp\xc2\xa0")));
}

/* ---- percent-decoding ---- */

static void
expect_decode(zw_arena *a, const char *in, bool plus, const char *want,
    size_t wantlen)
{
	char *out = NULL;
	size_t len = 0;

	assert_int_equal(zw_url_decode(a, in, strlen(in), plus, &out, &len),
	    ZW_OK);
	assert_int_equal(len, wantlen);
	assert_memory_equal(out, want, wantlen);
	assert_int_equal(out[len], '\0');
}

static void
expect_decode_fail(zw_arena *a, const char *in, size_t n)
{
	char *out = NULL;
	size_t len = 0;

	assert_int_equal(zw_url_decode(a, in, n, true, &out, &len),
	    ZW_EINVAL);
}

static void
test_url_decode(void **state)
{
	zw_arena *a = *state;

	expect_decode(a, "a+b%20c", true, S("a b c"));
	expect_decode(a, "a+b%20c", false, S("a+b c"));
	expect_decode(a, "%E4%B8%AD", true, S("中"));
	expect_decode(a, "%e4%b8%ad%E6%96%87", true, S("中文"));
	expect_decode(a, "中文", true, S("中文"));
	expect_decode(a, "", true, S(""));
	expect_decode(a, "%2B%25%26", true, S("+%&"));
	expect_decode(a, "line%0D%0Anext%09tab", true, S("line\r\nnext\ttab"));
	expect_decode(a, "%F0%9F%98%80", true, S("\xf0\x9f\x98\x80"));

	expect_decode_fail(a, S("%zz"));
	expect_decode_fail(a, S("%"));
	expect_decode_fail(a, S("abc%4"));
	expect_decode_fail(a, S("%4g"));
	expect_decode_fail(a, S("%%41"));
	expect_decode_fail(a, S("%00"));
	expect_decode_fail(a, S("a%00b"));
	expect_decode_fail(a, "a\0b", 3);		/* raw NUL */
	expect_decode_fail(a, S("%01"));
	expect_decode_fail(a, S("%1B"));
	expect_decode_fail(a, S("%7F"));
	expect_decode_fail(a, S("%C2%85"));		/* C1 control */
	expect_decode_fail(a, S("%C0%AF"));		/* overlong '/' */
	expect_decode_fail(a, S("%E0%80%AF"));
	expect_decode_fail(a, S("%ED%A0%80"));		/* surrogate */
	expect_decode_fail(a, S("%E4%B8"));		/* truncated */
	expect_decode_fail(a, S("%FF"));
	expect_decode_fail(a, S("\xff"));		/* raw bad byte */
}

/* ---- urlencoded ---- */

static void
test_urlencoded(void **state)
{
	zw_arena *a = *state;
	struct zw_kv kv[16];
	size_t n = 99;
	const char *q = "a=1&b=%E4%B8%AD&c&&d=&=e&a=2&f=x=y&q=a+b";

	assert_int_equal(zw_parse_urlencoded(a, q, strlen(q), kv, 16, &n),
	    ZW_OK);
	assert_int_equal(n, 8);
	assert_string_equal(kv[0].key, "a");
	assert_string_equal(kv[0].val, "1");
	assert_int_equal(kv[0].vlen, 1);
	assert_string_equal(kv[1].key, "b");
	assert_string_equal(kv[1].val, "中");
	assert_int_equal(kv[1].vlen, 3);
	assert_string_equal(kv[2].key, "c");
	assert_string_equal(kv[2].val, "");
	assert_int_equal(kv[2].vlen, 0);
	assert_string_equal(kv[3].key, "d");
	assert_string_equal(kv[3].val, "");
	assert_string_equal(kv[4].key, "");
	assert_string_equal(kv[4].val, "e");
	assert_string_equal(kv[5].val, "2");
	assert_string_equal(kv[6].val, "x=y");
	assert_string_equal(kv[7].val, "a b");

	assert_string_equal(zw_kv_get(kv, n, "a"), "1");
	assert_string_equal(zw_kv_get(kv, n, "q"), "a b");
	assert_null(zw_kv_get(kv, n, "zz"));
	assert_null(zw_kv_get(kv, 0, "a"));

	/* Encoded keys: the value starts after the raw '='. */
	assert_int_equal(zw_parse_urlencoded(a, S("%E4%B8%AD=%E6%96%87&"
	    "x%2By=1+2"), kv, 16, &n), ZW_OK);
	assert_int_equal(n, 2);
	assert_string_equal(kv[0].key, "中");
	assert_string_equal(kv[0].val, "文");
	assert_string_equal(kv[1].key, "x+y");
	assert_string_equal(kv[1].val, "1 2");

	/* Empty input, separators only. */
	assert_int_equal(zw_parse_urlencoded(a, "", 0, kv, 16, &n), ZW_OK);
	assert_int_equal(n, 0);
	assert_int_equal(zw_parse_urlencoded(a, S("&&&"), kv, 16, &n), ZW_OK);
	assert_int_equal(n, 0);
	/* The length bounds the input, not a NUL. */
	assert_int_equal(zw_parse_urlencoded(a, "k=v&x=y", 3, kv, 16, &n),
	    ZW_OK);
	assert_int_equal(n, 1);
	assert_string_equal(kv[0].val, "v");

	/* Bad encodings in keys or values. */
	assert_int_equal(zw_parse_urlencoded(a, S("a=%zz"), kv, 16, &n),
	    ZW_EINVAL);
	assert_int_equal(zw_parse_urlencoded(a, S("%zz=1"), kv, 16, &n),
	    ZW_EINVAL);
	assert_int_equal(zw_parse_urlencoded(a, S("a=%00"), kv, 16, &n),
	    ZW_EINVAL);
	assert_int_equal(zw_parse_urlencoded(a, S("a=%C0%AF"), kv, 16, &n),
	    ZW_EINVAL);
}

static void
test_urlencoded_limit(void **state)
{
	zw_arena *a = *state;
	struct zw_kv kv[ZW_MAX_QUERY_PARAMS + 1];
	zw_buf b;
	size_t n;
	int i;

	zw_buf_init(&b, 1 << 16);
	for (i = 0; i < ZW_MAX_QUERY_PARAMS; i++)
		zw_buf_printf(&b, "%sk%d=%d", i ? "&" : "", i, i);
	assert_int_equal(zw_parse_urlencoded(a, b.p, b.len, kv,
	    ZW_MAX_QUERY_PARAMS, &n), ZW_OK);
	assert_int_equal(n, ZW_MAX_QUERY_PARAMS);
	assert_string_equal(zw_kv_get(kv, n, "k63"), "63");
	/* Empty pairs do not count. */
	zw_buf_puts(&b, "&&&");
	assert_int_equal(zw_parse_urlencoded(a, b.p, b.len, kv,
	    ZW_MAX_QUERY_PARAMS, &n), ZW_OK);
	zw_buf_puts(&b, "one=more");
	assert_int_equal(zw_parse_urlencoded(a, b.p, b.len, kv,
	    ZW_MAX_QUERY_PARAMS, &n), ZW_ETOOBIG);
	zw_buf_free(&b);
}

/* ---- cookies ---- */

static void
test_cookies(void **state)
{
	zw_arena *a = *state;
	struct zw_kv kv[ZW_MAX_COOKIES];
	size_t n = 99;

	assert_int_equal(zw_parse_cookies(a, "  sid = abc123 ;lang=zh-CN;"
	    "  theme=\"dark\" ; enc=%E4%B8%AD", kv, ZW_MAX_COOKIES, &n), ZW_OK);
	assert_int_equal(n, 4);
	assert_string_equal(kv[0].key, "sid");
	assert_string_equal(kv[0].val, "abc123");
	assert_int_equal(kv[0].vlen, 6);
	assert_string_equal(zw_kv_get(kv, n, "lang"), "zh-CN");
	assert_string_equal(zw_kv_get(kv, n, "theme"), "dark");
	/* Not percent-decoded. */
	assert_string_equal(zw_kv_get(kv, n, "enc"), "%E4%B8%AD");

	/* Malformed pairs are skipped, the rest kept. */
	assert_int_equal(zw_parse_cookies(a, "novalue; a=1; =x; b c=2; ;;"
	    "d=3; e=\x01; f=\"q\"q\"; g=; sid=2", kv, ZW_MAX_COOKIES, &n),
	    ZW_OK);
	assert_int_equal(n, 4);
	assert_string_equal(kv[0].key, "a");
	assert_string_equal(kv[1].key, "d");
	assert_string_equal(kv[2].key, "g");
	assert_string_equal(kv[2].val, "");
	assert_string_equal(kv[3].key, "sid");

	/* Repeated names: the first wins. */
	assert_int_equal(zw_parse_cookies(a, "a=1; a=2", kv, ZW_MAX_COOKIES,
	    &n), ZW_OK);
	assert_int_equal(n, 2);
	assert_string_equal(zw_kv_get(kv, n, "a"), "1");

	assert_int_equal(zw_parse_cookies(a, NULL, kv, ZW_MAX_COOKIES, &n),
	    ZW_OK);
	assert_int_equal(n, 0);
	assert_int_equal(zw_parse_cookies(a, "", kv, ZW_MAX_COOKIES, &n),
	    ZW_OK);
	assert_int_equal(n, 0);
	/* Invalid UTF-8 in a value: that cookie is ignored. */
	assert_int_equal(zw_parse_cookies(a, "x=\xc0\xaf; y=1", kv,
	    ZW_MAX_COOKIES, &n), ZW_OK);
	assert_int_equal(n, 1);
	assert_string_equal(kv[0].key, "y");
}

static void
test_cookies_many(void **state)
{
	zw_arena *a = *state;
	struct zw_kv kv[ZW_MAX_COOKIES];
	zw_buf b;
	size_t n;
	int i;

	zw_buf_init(&b, 1 << 16);
	for (i = 0; i < ZW_MAX_COOKIES; i++)
		zw_buf_printf(&b, "c%d=v%d; ", i, i);
	assert_int_equal(zw_parse_cookies(a, b.p, kv, ZW_MAX_COOKIES, &n),
	    ZW_OK);
	assert_int_equal(n, ZW_MAX_COOKIES);
	assert_string_equal(zw_kv_get(kv, n, "c31"), "v31");
	/* Malformed ones do not count against the limit. */
	zw_buf_puts(&b, "junk; =x; ");
	assert_int_equal(zw_parse_cookies(a, b.p, kv, ZW_MAX_COOKIES, &n),
	    ZW_OK);
	zw_buf_puts(&b, "last=1");
	assert_int_equal(zw_parse_cookies(a, b.p, kv, ZW_MAX_COOKIES, &n),
	    ZW_ETOOBIG);
	zw_buf_free(&b);
}

/* ---- multipart ---- */

#define CT	"multipart/form-data; boundary=----zwB0und4ry"
#define DASH	"------zwB0und4ry"
#define TITLE	"关于开展2024年度检查的通知"

/* The file content: binary, with CRLF, NUL and a near-boundary. */
static const char file_bytes[] =
    "\x89PNG\r\n\x1a\n\0\0\xff\xfe\r\n--not-the-boundary\r\n"
    "------zwB0und4r\r\n\r\nend";

static void
test_multipart(void **state)
{
	zw_arena *a = *state;
	struct zw_part p[8];
	zw_buf body;
	size_t n = 99;

	zw_buf_init(&body, 1 << 16);
	zw_buf_puts(&body,
	    DASH "\r\n"
	    "Content-Disposition: form-data; name=\"title\"\r\n"
	    "\r\n"
	    TITLE "\r\n"
	    DASH "\r\n"
	    "content-disposition: form-data; name=\"body\"\r\n"
	    "\r\n"
	    "line one\r\nline two\r\n"
	    DASH "\r\n"
	    "Content-Disposition: form-data; name=\"file\"; "
	    "filename=\"scan 1.png\"\r\n"
	    "Content-Type: image/png\r\n"
	    "\r\n");
	zw_buf_append(&body, file_bytes, sizeof(file_bytes) - 1);
	zw_buf_puts(&body, "\r\n" DASH "--\r\n");

	assert_int_equal(zw_parse_multipart(a, CT, body.p, body.len, p, 8, &n),
	    ZW_OK);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].name, "title");
	assert_null(p[0].filename);
	assert_string_equal(p[0].content_type, "text/plain");
	assert_int_equal(p[0].len, strlen(TITLE));
	assert_memory_equal(p[0].data, TITLE, p[0].len);
	assert_string_equal(p[1].name, "body");
	assert_int_equal(p[1].len, 18);
	assert_memory_equal(p[1].data, "line one\r\nline two", 18);
	assert_string_equal(p[2].name, "file");
	assert_string_equal(p[2].filename, "scan 1.png");
	assert_string_equal(p[2].content_type, "image/png");
	assert_int_equal(p[2].len, sizeof(file_bytes) - 1);
	assert_memory_equal(p[2].data, file_bytes, p[2].len);
	/* Data points into the body. */
	assert_true(p[2].data > body.p && p[2].data + p[2].len <= body.p +
	    body.len);

	/* Too many parts. */
	assert_int_equal(zw_parse_multipart(a, CT, body.p, body.len, p, 2,
	    &n), ZW_ETOOBIG);
	/* Missing closing boundary: cut before the final "--". */
	assert_int_equal(zw_parse_multipart(a, CT, body.p, body.len - 4, p, 8,
	    &n), ZW_EINVAL);
	/* Truncated inside the file data. */
	assert_int_equal(zw_parse_multipart(a, CT, body.p, body.len - 30, p, 8,
	    &n), ZW_EINVAL);
	zw_buf_free(&body);
}

static int
mp(zw_arena *a, const char *ct, const char *body, struct zw_part *p,
    size_t max, size_t *n)
{
	return zw_parse_multipart(a, ct, body, strlen(body), p, max, n);
}

static void
test_multipart_boundary(void **state)
{
	zw_arena *a = *state;
	struct zw_part p[4];
	size_t n;

	/* Quoted boundary with a space and a colon; parameter case. */
	assert_int_equal(mp(a, "Multipart/Form-Data; charset=utf-8; "
	    "BOUNDARY=\"a b:c\"",
	    "--a b:c\r\nContent-Disposition: form-data; name=x\r\n\r\n"
	    "1\r\n--a b:c--", p, 4, &n), ZW_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "x");
	assert_int_equal(p[0].len, 1);
	/* Preamble, transport padding and epilogue are ignored. */
	assert_int_equal(mp(a, "multipart/form-data;boundary=zz",
	    "preamble\r\n--zz  \t\r\nContent-Disposition: form-data; "
	    "name=\"e\"\r\n\r\n\r\n--zz--\r\nepilogue", p, 4, &n), ZW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].len, 0);
	/* No parts at all. */
	assert_int_equal(mp(a, "multipart/form-data; boundary=zz", "--zz--",
	    p, 4, &n), ZW_OK);
	assert_int_equal(n, 0);

	/* Bad content types. */
	assert_int_equal(mp(a, "multipart/form-data", "--zz--", p, 4, &n),
	    ZW_EINVAL);
	assert_int_equal(mp(a, "multipart/form-data; boundary=", "----",
	    p, 4, &n), ZW_EINVAL);
	assert_int_equal(mp(a, "multipart/mixed; boundary=zz", "--zz--",
	    p, 4, &n), ZW_EINVAL);
	assert_int_equal(mp(a, "multipart/form-data; boundary=\"zz", "--zz--",
	    p, 4, &n), ZW_EINVAL);
	assert_int_equal(mp(a, "multipart/form-data; boundary=a; boundary=b",
	    "--a--", p, 4, &n), ZW_EINVAL);
	assert_int_equal(zw_parse_multipart(a, NULL, "--zz--", 6, p, 4, &n),
	    ZW_EINVAL);
	assert_int_equal(mp(a, "multipart/form-data; boundary=zz", "", p, 4,
	    &n), ZW_EINVAL);
	/* 71 bytes of boundary is past RFC 2046. */
	assert_int_equal(mp(a, "multipart/form-data; boundary="
	    "12345678901234567890123456789012345678901234567890"
	    "123456789012345678901", "--zz--", p, 4, &n), ZW_EINVAL);
	/* The boundary continued by other text inside data. */
	assert_int_equal(mp(a, "multipart/form-data; boundary=zz",
	    "--zz\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "x\r\n--zzTOP\r\n--zz--", p, 4, &n), ZW_EINVAL);
	/* Nothing but the opening delimiter. */
	assert_int_equal(mp(a, "multipart/form-data; boundary=zz", "--zz\r\n",
	    p, 4, &n), ZW_EINVAL);
	assert_int_equal(mp(a, "multipart/form-data; boundary=zz", "--zz",
	    p, 4, &n), ZW_EINVAL);
}

static void
test_multipart_filename(void **state)
{
	zw_arena *a = *state;
	const char *ct = "multipart/form-data; boundary=X";
	struct zw_part p[4];
	size_t n;

	/* RFC 5987 filename* wins over filename. */
	assert_int_equal(mp(a, ct,
	    "--X\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"fallback.txt\"; "
	    "filename*=UTF-8''%E4%B8%AD%E6%96%87%20%E5%90%8D.txt\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
	    "\xff\xfe binary ok\r\n--X--", p, 4, &n), ZW_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].filename, "中文 名.txt");
	assert_string_equal(p[0].content_type, "text/plain; charset=utf-8");
	assert_int_equal(p[0].len, 12);
	/* filename* alone, lower-case charset and a language. */
	assert_int_equal(mp(a, ct,
	    "--X\r\nContent-Disposition: form-data; name=f; "
	    "filename*=utf-8'zh'%E6%96%87.pdf\r\n\r\n\r\n--X--", p, 4, &n),
	    ZW_OK);
	assert_string_equal(p[0].filename, "文.pdf");
	/* Raw UTF-8 in a quoted filename, an escaped quote, IE paths. */
	assert_int_equal(mp(a, ct,
	    "--X\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"申请表\\\"1\\\".doc\"\r\n\r\n\r\n"
	    "--X\r\nContent-Disposition: form-data; name=\"g\"; "
	    "filename=\"C:\\docs\\a.txt\"\r\n\r\n\r\n--X--", p, 4, &n), ZW_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].filename, "申请表\"1\".doc");
	assert_string_equal(p[1].filename, "C:\\docs\\a.txt");
	/* An empty filename: a file input with nothing chosen. */
	assert_int_equal(mp(a, ct,
	    "--X\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n"
	    "\r\n--X--", p, 4, &n), ZW_OK);
	assert_string_equal(p[0].filename, "");
	assert_int_equal(p[0].len, 0);

	/* Bad filename*: other charset, bad escapes, NUL. */
	assert_int_equal(mp(a, ct,
	    "--X\r\nContent-Disposition: form-data; name=f; "
	    "filename*=ISO-8859-1''%E9.txt\r\n\r\n\r\n--X--", p, 4, &n),
	    ZW_EINVAL);
	assert_int_equal(mp(a, ct,
	    "--X\r\nContent-Disposition: form-data; name=f; "
	    "filename*=UTF-8''%zz\r\n\r\n\r\n--X--", p, 4, &n), ZW_EINVAL);
	assert_int_equal(mp(a, ct,
	    "--X\r\nContent-Disposition: form-data; name=f; "
	    "filename*=UTF-8''a%00.txt\r\n\r\n\r\n--X--", p, 4, &n),
	    ZW_EINVAL);
	assert_int_equal(mp(a, ct,
	    "--X\r\nContent-Disposition: form-data; name=f; "
	    "filename*=UTF-8%E6\r\n\r\n\r\n--X--", p, 4, &n), ZW_EINVAL);
}

static const char nul_field[] = "--X\r\nContent-Disposition: form-data; "
    "name=a\r\n\r\nx\0y\r\n--X--";

static void
test_multipart_headers(void **state)
{
	zw_arena *a = *state;
	const char *ct = "multipart/form-data; boundary=X";
	struct zw_part p[4];
	zw_buf b;
	size_t n;
	int i;

	/* No Content-Disposition, or not form-data, or no name. */
	assert_int_equal(mp(a, ct, "--X\r\nContent-Type: text/plain\r\n\r\n"
	    "x\r\n--X--", p, 4, &n), ZW_EINVAL);
	assert_int_equal(mp(a, ct, "--X\r\nContent-Disposition: attachment; "
	    "name=a\r\n\r\nx\r\n--X--", p, 4, &n), ZW_EINVAL);
	assert_int_equal(mp(a, ct, "--X\r\nContent-Disposition: form-data\r\n"
	    "\r\nx\r\n--X--", p, 4, &n), ZW_EINVAL);
	/* Two names, two dispositions. */
	assert_int_equal(mp(a, ct, "--X\r\nContent-Disposition: form-data; "
	    "name=a; name=b\r\n\r\nx\r\n--X--", p, 4, &n), ZW_EINVAL);
	assert_int_equal(mp(a, ct, "--X\r\nContent-Disposition: form-data; "
	    "name=a\r\nContent-Disposition: form-data; name=b\r\n\r\nx\r\n"
	    "--X--", p, 4, &n), ZW_EINVAL);
	/* A header line without a colon; unknown headers are fine. */
	assert_int_equal(mp(a, ct, "--X\r\nContent-Disposition: form-data; "
	    "name=a\r\nbogus\r\n\r\nx\r\n--X--", p, 4, &n), ZW_EINVAL);
	assert_int_equal(mp(a, ct, "--X\r\nContent-Disposition: form-data; "
	    "name=a\r\nX-Extra: 1\r\n\r\nx\r\n--X--", p, 4, &n), ZW_OK);
	/* A text field that is not UTF-8, or has a NUL. */
	assert_int_equal(mp(a, ct, "--X\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\n\xc0\xaf\r\n--X--", p, 4, &n), ZW_EINVAL);
	assert_int_equal(zw_parse_multipart(a, ct, S(nul_field), p, 4, &n),
	    ZW_EINVAL);
	/* Headers cut short. */
	assert_int_equal(mp(a, ct, "--X\r\nContent-Disposition: form-data; "
	    "name=a\r\n", p, 4, &n), ZW_EINVAL);

	/* A header line of 1024 bytes is fine, 1025 is too big. */
	zw_buf_init(&b, 1 << 16);
	zw_buf_puts(&b, "--X\r\nContent-Disposition: form-data; name=a\r\n"
	    "X-Pad: ");
	for (i = 7; i < 1024; i++)
		zw_buf_putc(&b, 'p');
	zw_buf_puts(&b, "\r\n\r\nx\r\n--X--");
	assert_int_equal(zw_parse_multipart(a, ct, b.p, b.len, p, 4, &n),
	    ZW_OK);
	zw_buf_reset(&b);
	zw_buf_puts(&b, "--X\r\nContent-Disposition: form-data; name=a\r\n"
	    "X-Pad: ");
	for (i = 7; i < 1025; i++)
		zw_buf_putc(&b, 'p');
	zw_buf_puts(&b, "\r\n\r\nx\r\n--X--");
	assert_int_equal(zw_parse_multipart(a, ct, b.p, b.len, p, 4, &n),
	    ZW_ETOOBIG);
	/* An endless line is too big as well. */
	zw_buf_reset(&b);
	zw_buf_puts(&b, "--X\r\nContent-Disposition: form-data; name=a\r\n");
	for (i = 0; i < 4000; i++)
		zw_buf_putc(&b, 'p');
	assert_int_equal(zw_parse_multipart(a, ct, b.p, b.len, p, 4, &n),
	    ZW_ETOOBIG);
	/* Too many header lines. */
	zw_buf_reset(&b);
	zw_buf_puts(&b, "--X\r\nContent-Disposition: form-data; name=a\r\n");
	for (i = 0; i < 40; i++)
		zw_buf_puts(&b, "X-A: b\r\n");
	zw_buf_puts(&b, "\r\nx\r\n--X--");
	assert_int_equal(zw_parse_multipart(a, ct, b.p, b.len, p, 4, &n),
	    ZW_ETOOBIG);
	zw_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_controls),
		cmocka_unit_test_setup_teardown(test_url_decode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cookies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies_many, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_multipart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_multipart_boundary, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_multipart_filename, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_multipart_headers, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
