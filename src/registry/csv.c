/*
 * csv.c -- reading registry files: one line into fields (RFC 4180
 * quoting), and the encodings Chinese government files come in.  Files
 * must be UTF-8; a GBK (GB 2312 / GB 18030) file is recognized so that
 * the refusal can say so, and converted with iconv when asked.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "base/mem.h"
#include "registry/reg_int.h"

static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

int
reg_csv_split(const char *p, size_t n, struct reg_field *f, int max,
    char *scratch)
{
	const char *e = p + n;
	int nf = 0;

	for (;;) {
		const char *s = p;
		size_t len;

		if (nf >= max)
			return REG_CSV_TOOMANY;
		/* a quoted field may follow spaces */
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s < e && *s == '"') {
			char *o = scratch;

			for (s++;; s++) {
				if (s >= e)
					return REG_CSV_BADQUOTE;
				if (*s == '"') {
					if (s + 1 < e && s[1] == '"') {
						*o++ = '"';
						s++;
						continue;
					}
					break;
				}
				*o++ = *s;
			}
			s++;	/* the closing quote */
			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
			if (s < e && *s != ',')
				return REG_CSV_BADQUOTE;
			f[nf].p = scratch;
			f[nf].n = (size_t)(o - scratch);
			scratch = o;
			nf++;
			if (s >= e)
				return nf;
			p = s + 1;
			continue;
		}
		s = memchr(p, ',', (size_t)(e - p));
		len = (size_t)((s != NULL ? s : e) - p);
		if (memchr(p, '"', len) != NULL)
			return REG_CSV_BADQUOTE;
		f[nf].p = p;
		f[nf].n = len;
		trim(&f[nf].p, &f[nf].n);
		nf++;
		if (s == NULL)
			return nf;
		p = s + 1;
	}
}

/*
 * GBK / GB 18030 structure: ASCII, or a lead byte 0x81-0xFE followed by
 * a trail byte 0x40-0x7E / 0x80-0xFE, or a four-byte GB 18030 sequence
 * (lead, 0x30-0x39, lead, 0x30-0x39).  True when the whole text has that
 * structure and at least one multi-byte character.
 */
bool
reg_looks_gbk(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, multi = 0;

	while (i < n) {
		unsigned char c = p[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c < 0x81 || c == 0xFF || i + 1 >= n)
			return false;
		if (p[i + 1] >= 0x30 && p[i + 1] <= 0x39) {
			if (i + 3 >= n || p[i + 2] < 0x81 || p[i + 2] == 0xFF ||
			    p[i + 3] < 0x30 || p[i + 3] > 0x39)
				return false;
			i += 4;
		} else if ((p[i + 1] >= 0x40 && p[i + 1] <= 0x7E) ||
		    (p[i + 1] >= 0x80 && p[i + 1] <= 0xFE))
			i += 2;
		else
			return false;
		multi++;
	}
	return multi > 0;
}

bool
zw_registry_looks_gbk(const char *p, size_t n)
{
	return reg_looks_gbk(p, n);
}

int
reg_from_gbk(const char *p, size_t n, char **out, size_t *outlen,
    size_t *bad_off)
{
	/* GB 18030 -> UTF-8 grows at most 3/2 (2 bytes -> 3, 4 -> 4). */
	size_t cap = n + n / 2 + 16, inleft = n, outleft = cap;
	char *buf = zw_malloc(cap), *in = (char *)(uintptr_t)p, *o = buf;
	iconv_t cd;

	*out = NULL;
	*outlen = 0;
	*bad_off = 0;
	if ((cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
		zw_free(buf);
		return ZW_EIO;
	}
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		*bad_off = (size_t)(in - p);
		iconv_close(cd);
		zw_free(buf);
		return ZW_EINVAL;
	}
	iconv_close(cd);
	*out = buf;
	*outlen = (size_t)(o - buf);
	return ZW_OK;
}
