/*
 * str.c -- slices, bounded copies, range-checked integers, hex.
 */
#include <sodium.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "str.h"

zw_str
zw_str_c(const char *s)
{
	return (zw_str){ s, s ? strlen(s) : 0 };
}

bool
zw_str_eq(zw_str a, zw_str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

bool
zw_str_eqc(zw_str a, const char *c)
{
	return zw_str_eq(a, zw_str_c(c));
}

bool
zw_str_has_prefix(zw_str a, const char *prefix)
{
	size_t n = strlen(prefix);

	return a.n >= n && memcmp(a.p, prefix, n) == 0;
}

int
zw_parse_i64n(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0, lim;

	if (s == NULL || n == 0)
		return ZW_EINVAL;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i = 1;
		if (n == 1)
			return ZW_EINVAL;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < n; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return ZW_EINVAL;
		d = (unsigned)(s[i] - '0');
		if (v > (lim - d) / 10)
			return ZW_EINVAL;
		v = v * 10 + d;
	}
	if (neg) {
		int64_t r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;

		if (r < min || r > max)
			return ZW_EINVAL;
		*out = r;
	} else {
		if ((int64_t)v < min || (int64_t)v > max)
			return ZW_EINVAL;
		*out = (int64_t)v;
	}
	return ZW_OK;
}

int
zw_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	return zw_parse_i64n(s, s ? strlen(s) : 0, min, max, out);
}

int
zw_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size == 0)
		return ZW_ETOOBIG;
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return ZW_ETOOBIG;
	}
	memcpy(dst, src, n + 1);
	return ZW_OK;
}

bool
zw_ct_eq(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= (unsigned char)(x[i] ^ y[i]);
	return d == 0;
}

void
zw_hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
zw_unhex(const char *hex, size_t hexlen, unsigned char *out, size_t n)
{
	size_t i;

	if (hexlen != 2 * n)
		return ZW_EINVAL;
	for (i = 0; i < n; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return ZW_EINVAL;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return ZW_OK;
}

char *
zw_like_contains(struct zw_arena *a, const char *q)
{
	size_t n = strlen(q), i, j = 0;
	char *out = zw_alloc(a, 2 * n + 3);

	out[j++] = '%';
	for (i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '!')
			out[j++] = '!';
		out[j++] = q[i];
	}
	out[j++] = '%';
	out[j] = '\0';
	return out;
}

char *
zw_base64(zw_arena *a, const void *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = zw_alloc(a, len);

	sodium_bin2base64(out, len, p, n, sodium_base64_VARIANT_ORIGINAL);
	return out;
}
