/*
 * fuzz_sanitize.c -- libFuzzer driver for the HTML sanitizer of article
 * bodies (src/portal/sanitize.c).
 *
 * Any input is sanitized; the output must sanitize to itself (the
 * sanitizer is idempotent), hold no '<' that does not open an allowed
 * tag, no event-handler attribute and no script URL; the plain-text
 * extraction must not fail on either.  A too-small output buffer must
 * give ZW_ETOOBIG, never an overrun.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_sanitize.c src/portal/sanitize.c \
 *       src/base/{mem,buf,err}.c
 *   ./a.out -dict=tests/fuzz/sanitize.dict tests/fuzz/corpus/sanitize
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/err.h"
#include "portal/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

static const char *const starts[] = { "p>", "br>", "h2>", "h3>", "h4>", "ul>",
	"ol>", "li>", "table>", "thead>", "tbody>", "tr>", "th>", "td>", "td ",
	"th ", "strong>", "em>", "u>", "a href=\"", "img src=\"", NULL };
static const char *const ends[] = { "p>", "h2>", "h3>", "h4>", "ul>", "ol>",
	"li>", "table>", "thead>", "tbody>", "tr>", "th>", "td>", "strong>", "em>",
	"u>", "a>", NULL };

/* Every '<' opens an allowed start or end tag. */
static void
check_tags(const char *s)
{
	const char *const *list;
	const char *p = s;
	size_t i;

	while ((p = strchr(p, '<')) != NULL) {
		p++;
		list = *p == '/' ? ends : starts;
		if (*p == '/')
			p++;
		for (i = 0; list[i] != NULL; i++)
			if (strncmp(p, list[i], strlen(list[i])) == 0)
				break;
		CHECK(list[i] != NULL);
	}
}

/* Every URL of a real tag (text never holds a raw '<') is http(s) or
 * has no scheme at all. */
static void
check_urls(const char *s, const char *tag)
{
	const char *p = s, *q, *v;

	while ((p = strstr(p, tag)) != NULL) {
		v = p + strlen(tag);
		q = strchr(v, '"');
		CHECK(q != NULL);
		if (strncasecmp(v, "http:", 5) != 0 && strncasecmp(v, "https:", 6) != 0)
			CHECK(strcspn(v, ":/?#\"") >= (size_t)(q - v) ||
			    v[strcspn(v, ":/?#\"")] != ':');
		p = q;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	zw_buf a, b, t, small;
	const char *in = (const char *)data;

	zw_buf_init(&a, 1u << 24);
	zw_buf_init(&b, 1u << 24);
	zw_buf_init(&t, 1u << 24);
	zw_buf_init(&small, 64);
	CHECK(zw_html_sanitize(in, size, &a) == ZW_OK);
	if (a.p == NULL)
		zw_buf_puts(&a, "");
	CHECK(strlen(a.p) == a.len);
	check_tags(a.p);
	check_urls(a.p, "<a href=\"");
	check_urls(a.p, "<img src=\"");
	CHECK(zw_html_sanitize(a.p, a.len, &b) == ZW_OK);
	CHECK(a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0));
	CHECK(zw_html_text(in, size, &t) == ZW_OK);
	zw_buf_reset(&t);
	CHECK(zw_html_text(a.p, a.len, &t) == ZW_OK);
	{
		int rc = zw_html_sanitize(in, size, &small);

		CHECK(rc == ZW_OK || rc == ZW_ETOOBIG);
		CHECK(small.len <= 64);
	}
	zw_buf_free(&a);
	zw_buf_free(&b);
	zw_buf_free(&t);
	zw_buf_free(&small);
	return 0;
}
