/*
 * utf8.c -- strict UTF-8 per RFC 3629: the shortest form only, no
 * UTF-16 surrogates (U+D800..U+DFFF), nothing past U+10FFFF.  Every
 * piece of text that enters zhengwu from outside passes through
 * zw_utf8_valid() before anything else looks at it.
 */
#include "utf8.h"

/*
 * Length of the sequence that starts with lead byte c, or 0 if c cannot
 * start one (a continuation byte, C0/C1 which would be overlong, F5..FF
 * which would pass U+10FFFF).
 */
static size_t
seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/*
 * Decode the sequence at s (n bytes available).  OUT: *cp.  Returns
 * its length, or 0 if it is truncated, overlong, a surrogate or past
 * U+10FFFF.
 */
static size_t
decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len = seq_len(s[0]), i;
	unsigned long v;

	if (len == 0 || len > n)
		return 0;
	if (len == 1) {
		*cp = s[0];
		return 1;
	}
	v = s[0] & (0x7fu >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3fu);
	}
	/* Overlong forms (C0/C1 are already refused by seq_len). */
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000))
		return 0;
	if (v >= 0xd800 && v <= 0xdfff)
		return 0;
	if (v > 0x10ffff)
		return 0;
	*cp = v;
	return len;
}

/*
 * True if [s, s+n) is strict UTF-8.  NUL bytes are valid UTF-8; callers
 * that must refuse them use zw_utf8_has_controls() as well.
 */
bool
zw_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t i = 0, len;

	while (i < n) {
		/* Fast path for runs of ASCII. */
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((len = decode(p + i, n - i, &cp)) == 0)
			return false;
		i += len;
	}
	return true;
}

/*
 * Number of code points in [s, s+n).  s must be valid UTF-8: counting
 * every byte that is not a continuation byte is then exact.
 */
size_t
zw_utf8_chars(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/*
 * True if [s, s+n) holds a control character other than \t \n \r:
 * C0 (U+0000..U+001F, NUL included), DEL (U+007F) and C1
 * (U+0080..U+009F, encoded C2 80..C2 9F).  Works on any bytes; for
 * invalid UTF-8 the C1 test only looks at well-formed C2 xx pairs.
 */
bool
zw_utf8_has_controls(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c < 0x20) {
			if (c != '\t' && c != '\n' && c != '\r')
				return true;
		} else if (c == 0x7f)
			return true;
		else if (c == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)
			return true;
	}
	return false;
}
