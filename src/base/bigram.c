/*
 * bigram.c -- cut text into search tokens: overlapping pairs of CJK
 * characters and lowercased ASCII words (see bigram.h for the rules).
 * The same code serves the index and the query, so both sides always
 * agree on what a token is.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/bigram.h"
#include "base/err.h"

struct cutter {
	zw_buf *out;
	size_t count;		/* tokens written */
	bool tails;		/* index form: last character of a run too */
	bool full;		/* ZW_BIGRAM_MAX_TOKENS reached */
	int rc;
	char prev[4];		/* the run's last CJK character (UTF-8) */
	size_t prevlen;
	size_t run;		/* CJK characters in the current run */
	char word[ZW_BIGRAM_MAX_WORD];	/* the current ASCII word */
	size_t wlen;
};

/*
 * Decode the strict UTF-8 sequence at s (n bytes available).  OUT: *cp.
 * Returns its length, or 0 if s does not start a valid sequence.
 */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	v = s[0] & (0x7fu >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3fu);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 0;
	*cp = v;
	return len;
}

/* CJK unified ideographs (with extension A), compatibility ideographs,
 * the supplementary ideographic plane, and 〇 (二〇二六年). */
static bool
is_cjk(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0x20000 && c <= 0x2ffff) || c == 0x3007;
}

/* The lowercase ASCII letter or digit that c stands for (full-width
 * forms folded), or 0. */
static char
ascii_of(uint32_t c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
		return (char)c;
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	if (c >= 0xff10 && c <= 0xff19)
		return (char)('0' + (c - 0xff10));
	if (c >= 0xff21 && c <= 0xff3a)
		return (char)('a' + (c - 0xff21));
	if (c >= 0xff41 && c <= 0xff5a)
		return (char)('a' + (c - 0xff41));
	return 0;
}

/* Write one token made of a then b (b may be empty), whole or not at all. */
static void
emit(struct cutter *t, const char *a, size_t na, const char *b, size_t nb)
{
	char tok[1 + ZW_BIGRAM_MAX_WORD + 8];
	size_t k = 0;

	if (t->rc != ZW_OK || t->full)
		return;
	if (t->count >= ZW_BIGRAM_MAX_TOKENS) {
		t->full = true;
		return;
	}
	if (t->out->len > 0)
		tok[k++] = ' ';
	memcpy(tok + k, a, na);
	k += na;
	if (nb > 0) {
		memcpy(tok + k, b, nb);
		k += nb;
	}
	if (zw_buf_append(t->out, tok, k) != ZW_OK) {
		t->rc = ZW_ETOOBIG;
		return;
	}
	t->count++;
}

static void
end_run(struct cutter *t)
{
	if (t->run == 1 || (t->run > 1 && t->tails))
		emit(t, t->prev, t->prevlen, NULL, 0);
	t->run = 0;
}

static void
end_word(struct cutter *t)
{
	if (t->wlen > 0)
		emit(t, t->word, t->wlen, NULL, 0);
	t->wlen = 0;
}

static int
cut(const char *text, size_t n, zw_buf *out, bool tails)
{
	const unsigned char *p = (const unsigned char *)text;
	struct cutter t;
	size_t i = 0, len;
	uint32_t cp;
	char a;

	memset(&t, 0, sizeof(t));
	t.out = out;
	t.tails = tails;
	while (i < n && t.rc == ZW_OK && !t.full) {
		if ((len = decode(p + i, n - i, &cp)) == 0) {
			end_run(&t);
			end_word(&t);
			i++;
			continue;
		}
		if (is_cjk(cp)) {
			end_word(&t);
			if (t.run > 0)
				emit(&t, t.prev, t.prevlen, text + i, len);
			memcpy(t.prev, text + i, len);
			t.prevlen = len;
			t.run++;
		} else if ((a = ascii_of(cp)) != 0) {
			end_run(&t);
			if (t.wlen < sizeof(t.word))
				t.word[t.wlen++] = a;
		} else {
			end_run(&t);
			end_word(&t);
		}
		i += len;
	}
	end_run(&t);
	end_word(&t);
	return t.rc;
}

int
zw_bigram_tokens(const char *text, size_t n, zw_buf *out)
{
	return cut(text, n, out, false);
}

int
zw_bigram_index(const char *text, size_t n, zw_buf *out)
{
	return cut(text, n, out, true);
}

/* A token of one CJK character (matched as a prefix)?  Tokens are CJK
 * only or ASCII only, and one CJK character takes 3 or 4 bytes. */
static bool
single_cjk(const char *tok, size_t n)
{
	return (unsigned char)tok[0] >= 0x80 && n <= 4;
}

int
zw_bigram_match(const char *toks, bool pg, zw_buf *m, const char **first,
    size_t *nfirst)
{
	const char *p = toks, *e;
	size_t n;
	int rc = ZW_OK;

	*first = NULL;
	*nfirst = 0;
	while (*p != '\0' && rc == ZW_OK) {
		e = strchr(p, ' ');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (*first == NULL) {
			*first = p;
			*nfirst = n;
		}
		if (m->len > 0)
			rc = zw_buf_puts(m, pg ? " & " : " ");
		if (rc == ZW_OK)
			rc = zw_buf_printf(m, pg ? "'%.*s'%s" : "\"%.*s\"%s", (int)n, p,
			    !single_cjk(p, n) ? "" : pg ? ":*" : "*");
		p += n;
		while (*p == ' ')
			p++;
	}
	return rc;
}
