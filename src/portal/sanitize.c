/*
 * sanitize.c -- the allow-list HTML sanitizer (sanitize.h).
 *
 * One pass over the input with a small tokenizer: text runs, start and
 * end tags with their attributes, comments and other markup
 * declarations, the content of raw-text elements.  Nothing of the input
 * is copied through: text is decoded (character references included)
 * and escaped again, tags and attributes are written by emit_open() and
 * emit_close() from the allow-list, URLs are checked after decoding.
 * A stack of open elements keeps the output well formed (see
 * open_el()); its depth is capped by ZW_SANITIZE_MAX_DEPTH.
 *
 * The same tokenizer, with `text` set, extracts plain text.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/err.h"
#include "base/limits.h"
#include "portal/sanitize.h"

#define NAME_MAX_BYTES	16	/* longest tag or attribute name we look at */
#define ALT_MAX_BYTES	600	/* bytes of an img alt kept (~200 CJK) */

enum el {
	E_NONE = -1,
	E_P, E_BR, E_H2, E_H3, E_H4, E_UL, E_OL, E_LI, E_TABLE, E_THEAD,
	E_TBODY, E_TR, E_TH, E_TD, E_STRONG, E_EM, E_U, E_A, E_IMG
};

static const char *const el_name[] = {
	"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "table", "thead",
	"tbody", "tr", "th", "td", "strong", "em", "u", "a", "img"
};

/* Input tag names and the element they become. */
static const struct {
	const char *name;
	enum el e;
} tag_map[] = {
	{ "p", E_P }, { "div", E_P }, { "br", E_BR }, { "h1", E_H2 },
	{ "h2", E_H2 }, { "h3", E_H3 }, { "h4", E_H4 }, { "h5", E_H4 },
	{ "h6", E_H4 }, { "ul", E_UL }, { "ol", E_OL }, { "li", E_LI },
	{ "table", E_TABLE }, { "thead", E_THEAD }, { "tbody", E_TBODY },
	{ "tr", E_TR }, { "th", E_TH }, { "td", E_TD }, { "strong", E_STRONG },
	{ "b", E_STRONG }, { "em", E_EM }, { "i", E_EM }, { "u", E_U },
	{ "a", E_A }, { "img", E_IMG },
};

/* Elements whose content is raw text up to their end tag: skipped. */
static const char *const raw_text[] = { "script", "style", "textarea",
	"title", "xmp", "iframe", "noembed", "noframes", "noscript", NULL };
/* Elements dropped with everything up to their matching end tag. */
static const char *const drop_content[] = { "svg", "math", "form",
	"template", "object", "applet", "select", "frameset", "head", NULL };

/* Named character references we decode (';' required).  Others stay
 * literal text, which the browser then also sees as literal text. */
static const struct {
	const char *name;
	uint32_t cp;
} named[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xA0 }, { "Tab", '\t' },
	{ "NewLine", '\n' }, { "colon", ':' }, { "sol", '/' },
	{ "bsol", '\\' }, { "lpar", '(' }, { "rpar", ')' }, { "period", '.' },
	{ "comma", ',' }, { "excl", '!' }, { "num", '#' }, { "dollar", '$' },
	{ "percnt", '%' }, { "semi", ';' }, { "equals", '=' },
	{ "quest", '?' }, { "commat", '@' }, { "lsqb", '[' }, { "rsqb", ']' },
	{ "lowbar", '_' }, { "grave", '`' }, { "lcub", '{' }, { "rcub", '}' },
	{ "verbar", '|' }, { "plus", '+' }, { "ast", '*' }, { "Hat", '^' },
	{ "copy", 0xA9 }, { "reg", 0xAE }, { "trade", 0x2122 },
	{ "hellip", 0x2026 }, { "mdash", 0x2014 }, { "ndash", 0x2013 },
	{ "ldquo", 0x201C }, { "rdquo", 0x201D }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "laquo", 0xAB }, { "raquo", 0xBB },
	{ "middot", 0xB7 }, { "bull", 0x2022 }, { "times", 0xD7 },
	{ "divide", 0xF7 }, { "yen", 0xA5 }, { "deg", 0xB0 },
	{ "plusmn", 0xB1 }, { "sect", 0xA7 }, { "para", 0xB6 },
	{ "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
};

/* HTML5: numeric references 0x80..0x9F mean windows-1252. */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

struct open {
	enum el e;
	size_t start;	/* out->len before the start tag */
	size_t inner;	/* out->len after it */
};

struct san {
	zw_buf *out;
	bool text;		/* zw_html_text(): plain text, no markup */
	struct open stack[ZW_SANITIZE_MAX_DEPTH];
	int depth;
	int rc;
	/* plain text: blank pending before the next character */
	int pending;		/* 0 none, 1 space, 2 line break */
};

/* One parsed tag: the name and the few attribute values we may keep. */
struct tag {
	char name[NAME_MAX_BYTES + 1];
	bool name_long;		/* longer than NAME_MAX_BYTES: unknown */
	bool self_closing;
	bool has_href, has_src, has_alt;
	char href[ZW_SANITIZE_MAX_URL + 1];
	char src[ZW_SANITIZE_MAX_URL + 1];
	char alt[ALT_MAX_BYTES + 1];
	size_t href_n, src_n, alt_n;
	bool href_long, src_long;
	char colspan[8], rowspan[8];
};

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* ---- characters ---- */

/* The code point at p, U+FFFD (one byte) where the bytes are not UTF-8.
 * OUT: *len bytes consumed. */
static uint32_t
utf8_next(const char *p, const char *end, size_t *len)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t avail = (size_t)(end - p), n, i;
	uint32_t cp, min;

	if (u[0] < 0x80) {
		*len = 1;
		return u[0];
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		n = 2;
		cp = u[0] & 0x1Fu;
		min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3;
		cp = u[0] & 0x0Fu;
		min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4;
		cp = u[0] & 0x07u;
		min = 0x10000;
	} else {
		*len = 1;
		return 0xFFFD;
	}
	if (avail < n) {
		*len = 1;
		return 0xFFFD;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFD;
		}
		cp = cp << 6 | (u[i] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*len = 1;
		return 0xFFFD;
	}
	*len = n;
	return cp;
}

/* UTF-8 of cp into b (4 bytes room); returns the length. */
static size_t
utf8_put(uint32_t cp, char *b)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	b[0] = (char)(0xF0 | (cp >> 18));
	b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	b[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Characters the output never carries: C0 controls but tab, LF, CR;
 * DEL and the C1 controls. */
static bool
is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	    (cp >= 0x7F && cp <= 0x9F);
}

/*
 * The character reference at p (which is '&'), as HTML5 reads it:
 * &#123; &#x7B; (the ';' optional) or a name from `named` followed by
 * ';'.  false when there is none (the '&' is a literal).  OUT: *cp,
 * *len bytes consumed.
 */
static bool
char_ref(const char *p, const char *end, uint32_t *cp, size_t *len)
{
	const char *q = p + 1;
	uint32_t v = 0;
	bool hex = false, any = false, big = false;
	size_t i, n;

	if (q < end && *q == '#') {
		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			hex = true;
			q++;
		}
		for (; q < end; q++) {
			int d;

			if (*q >= '0' && *q <= '9')
				d = *q - '0';
			else if (hex && *q >= 'a' && *q <= 'f')
				d = *q - 'a' + 10;
			else if (hex && *q >= 'A' && *q <= 'F')
				d = *q - 'A' + 10;
			else
				break;
			any = true;
			if (!big) {
				v = v * (hex ? 16u : 10u) + (uint32_t)d;
				if (v > 0x10FFFF)
					big = true;
			}
		}
		if (!any)
			return false;
		if (q < end && *q == ';')
			q++;
		if (big || v == 0 || (v >= 0xD800 && v <= 0xDFFF))
			v = 0xFFFD;
		else if (v >= 0x80 && v <= 0x9F)
			v = cp1252[v - 0x80];
		*cp = v;
		*len = (size_t)(q - p);
		return true;
	}
	for (n = 0; q + n < end && n <= 8 && is_alnum(q[n]); n++)
		;
	if (n == 0 || q + n >= end || q[n] != ';')
		return false;
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strlen(named[i].name) == n && memcmp(named[i].name, q, n) == 0) {
			*cp = named[i].cp;
			*len = n + 2;
			return true;
		}
	return false;
}

/* Decode [p, end) (references and UTF-8) into dst (NUL-terminated), at
 * most size - 1 bytes, whole characters only.  Returns false when it
 * did not fit. */
static bool
decode_value(const char *p, const char *end, char *dst, size_t size,
    size_t *outlen)
{
	size_t n = 0, len, k;
	char u[4];
	uint32_t cp;
	bool fit = true;

	while (p < end) {
		if (*p == '&' && char_ref(p, end, &cp, &len))
			p += len;
		else {
			cp = utf8_next(p, end, &len);
			p += len;
		}
		if (cp == 0)
			continue;	/* NUL: dropped */
		k = utf8_put(cp, u);
		if (n + k >= size) {
			fit = false;
			break;
		}
		memcpy(dst + n, u, k);
		n += k;
	}
	dst[n] = '\0';
	*outlen = n;
	return fit;
}

/* ---- output ---- */

static void
put(struct san *s, const char *p, size_t n)
{
	if (s->rc == ZW_OK)
		s->rc = zw_buf_append(s->out, p, n);
}

static void
puts_(struct san *s, const char *p)
{
	put(s, p, strlen(p));
}

/* One character of text (escaped unless plain text). */
static void
put_char(struct san *s, uint32_t cp, bool attr)
{
	char u[4];

	if (is_control(cp))
		return;
	if (s->text) {
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		    cp == 0xA0 || cp == 0x3000) {
			if (s->out->len > 0 && s->pending == 0)
				s->pending = 1;
			return;
		}
		if (s->pending == 2)
			put(s, "\n", 1);
		else if (s->pending == 1)
			put(s, " ", 1);
		s->pending = 0;
		put(s, u, utf8_put(cp, u));
		return;
	}
	switch (cp) {
	case '&': puts_(s, "&amp;"); return;
	case '<': puts_(s, "&lt;"); return;
	case '>': puts_(s, "&gt;"); return;
	case '"': if (attr) { puts_(s, "&quot;"); return; } break;
	case '\'': if (attr) { puts_(s, "&#39;"); return; } break;
	default: break;
	}
	put(s, u, utf8_put(cp, u));
}

/* Text of [p, end), its character references decoded (input) or not
 * (values decoded already), escaped for an element or an attribute. */
static void
put_text(struct san *s, const char *p, const char *end, bool decode,
    bool attr)
{
	size_t len;
	uint32_t cp;

	while (p < end && s->rc == ZW_OK) {
		if (decode && *p == '&' && char_ref(p, end, &cp, &len))
			p += len;
		else {
			cp = utf8_next(p, end, &len);
			p += len;
		}
		put_char(s, cp, attr);
	}
}

/* Plain text: a line break before what comes next. */
static void
text_break(struct san *s)
{
	if (s->out->len > 0)
		s->pending = 2;
}

/* ---- URLs ---- */

/*
 * Check the decoded URL v for an href (img false) or an img src (img
 * true).  OUT: out, the URL as written (control characters removed,
 * as browsers remove them, leading and trailing spaces trimmed, inner
 * spaces as %20).  false when the URL must not be kept.
 */
static bool
url_ok(const char *v, size_t n, bool img, char *out, size_t size)
{
	size_t i, k = 0, first = 0, last = n, j;

	while (first < n && (unsigned char)v[first] <= 0x20)
		first++;
	while (last > first && (unsigned char)v[last - 1] <= 0x20)
		last--;
	for (i = first; i < last; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (ch < 0x20 || ch == 0x7F)
			continue;
		if (ch == ' ') {
			if (k + 3 >= size)
				return false;
			memcpy(out + k, "%20", 3);
			k += 3;
			continue;
		}
		if (k + 1 >= size)
			return false;
		out[k++] = (char)ch;
	}
	out[k] = '\0';
	if (k == 0)
		return false;
	/* A scheme is letters, digits, + - . before the first ':', which
	 * comes before any / ? #.  Anything else with such a ':' is refused
	 * rather than guessed at. */
	for (j = 0; j < k && out[j] != '/' && out[j] != '?' && out[j] != '#'; j++)
		if (out[j] == ':')
			break;
	if (j < k && out[j] == ':') {
		char scheme[8];

		if (j == 0 || j >= sizeof(scheme) || !is_alpha(out[0]))
			return false;
		for (i = 0; i < j; i++) {
			if (!is_alnum(out[i]) && out[i] != '+' && out[i] != '-' &&
			    out[i] != '.')
				return false;
			scheme[i] = lower(out[i]);
		}
		scheme[j] = '\0';
		if (strcmp(scheme, "https") == 0)
			return true;
		return !img && strcmp(scheme, "http") == 0;
	}
	if (!img)
		return true;
	/* an image of this site: "/files/..." but not "//host" or "/\host" */
	return out[0] == '/' && k > 1 && out[1] != '/' &&
	    memchr(out, '\\', k) == NULL;
}

/* ---- tags ---- */

static enum el
el_of(const struct tag *t)
{
	size_t i;

	if (t->name_long)
		return E_NONE;
	for (i = 0; i < sizeof(tag_map) / sizeof(tag_map[0]); i++)
		if (strcmp(tag_map[i].name, t->name) == 0)
			return tag_map[i].e;
	return E_NONE;
}

static bool
in_list(const char *const *list, const char *name)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* Keep one attribute of the tag being parsed, if it is one we use. */
static void
keep_attr(struct tag *t, const char *name, const char *v, const char *vend)
{
	size_t n;

	if (strcmp(name, "href") == 0 && !t->has_href) {
		t->has_href = true;
		t->href_long = !decode_value(v, vend, t->href, sizeof(t->href),
		    &t->href_n);
	} else if (strcmp(name, "src") == 0 && !t->has_src) {
		t->has_src = true;
		t->src_long = !decode_value(v, vend, t->src, sizeof(t->src),
		    &t->src_n);
	} else if (strcmp(name, "alt") == 0 && !t->has_alt) {
		t->has_alt = true;
		(void)decode_value(v, vend, t->alt, sizeof(t->alt), &t->alt_n);
	} else if (strcmp(name, "colspan") == 0 || strcmp(name, "rowspan") == 0) {
		char *dst = name[0] == 'c' ? t->colspan : t->rowspan;
		char tmp[16];

		if (dst[0] != '\0')
			return;
		if (!decode_value(v, vend, tmp, sizeof(tmp), &n) || n == 0 ||
		    n >= 8)
			return;
		for (size_t i = 0; i < n; i++)
			if (tmp[i] < '0' || tmp[i] > '9')
				return;
		if (tmp[0] == '0')
			return;
		if (n > 3 || (n == 3 && strcmp(tmp, "100") > 0))
			return;
		memcpy(dst, tmp, n + 1);
	}
}

/*
 * Parse the tag whose name starts at p (after "<" or "</").  Returns
 * the position after its '>', or NULL when the input ends inside the
 * tag (HTML5 drops such a tag).  OUT: t.
 */
static const char *
parse_tag(const char *p, const char *end, struct tag *t)
{
	char an[NAME_MAX_BYTES + 1];
	size_t n = 0, nattr = 0;

	memset(t, 0, sizeof(*t));
	while (p < end && !is_ws(*p) && *p != '/' && *p != '>') {
		if (n < NAME_MAX_BYTES)
			t->name[n++] = lower(*p);
		else
			t->name_long = true;
		p++;
	}
	t->name[n] = '\0';
	for (;;) {
		const char *v = NULL, *vend = NULL;
		bool along = false;

		while (p < end && (is_ws(*p) || *p == '/')) {
			t->self_closing = *p == '/';
			p++;
		}
		if (p >= end)
			return NULL;
		if (*p == '>')
			return p + 1;
		t->self_closing = false;
		/* attribute name: the first character whatever it is */
		n = 0;
		do {
			if (n < NAME_MAX_BYTES)
				an[n++] = lower(*p);
			else
				along = true;
			p++;
		} while (p < end && !is_ws(*p) && *p != '/' && *p != '>' && *p != '=');
		an[n] = '\0';
		while (p < end && is_ws(*p))
			p++;
		if (p < end && *p == '=') {
			p++;
			while (p < end && is_ws(*p))
				p++;
			if (p >= end)
				return NULL;
			if (*p == '"' || *p == '\'') {
				const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));

				if (q == NULL)
					return NULL;
				v = p + 1;
				vend = q;
				p = q + 1;
			} else {
				v = p;
				while (p < end && !is_ws(*p) && *p != '>')
					p++;
				vend = p;
			}
		} else
			v = vend = p;
		if (!along && nattr++ < ZW_SANITIZE_MAX_ATTRS)
			keep_attr(t, an, v, vend);
	}
}

/* Position after the end tag "</name ...>" of a raw-text or dropped
 * element (counting nested ones for `nest`), or end. */
static const char *
skip_to_end_tag(const char *p, const char *end, const char *name, bool nest)
{
	size_t n = strlen(name), i;
	int depth = 1;
	struct tag t;

	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		bool close;

		if (lt == NULL)
			return end;
		p = lt + 1;
		close = p < end && *p == '/';
		if (close)
			p++;
		if ((size_t)(end - p) <= n)
			return end;
		for (i = 0; i < n && lower(p[i]) == name[i]; i++)
			;
		if (i < n || !(is_ws(p[n]) || p[n] == '/' || p[n] == '>'))
			continue;
		if (!close) {
			if (nest)
				depth++;
			continue;
		}
		if (--depth > 0)
			continue;
		p = parse_tag(p, end, &t);
		return p != NULL ? p : end;
	}
	return end;
}

static enum el
top(const struct san *s)
{
	return s->depth > 0 ? s->stack[s->depth - 1].e : E_NONE;
}

/* Index of the nearest open element among set[0..n), or -1. */
static int
nearest(const struct san *s, const enum el *set, size_t n)
{
	int i;
	size_t j;

	for (i = s->depth - 1; i >= 0; i--)
		for (j = 0; j < n; j++)
			if (s->stack[i].e == set[j])
				return i;
	return -1;
}

static bool
drop_if_empty(enum el e)
{
	return e == E_P || e == E_H2 || e == E_H3 || e == E_H4 ||
	    e == E_STRONG || e == E_EM || e == E_U || e == E_A || e == E_LI;
}

/* Close the top element (leaving it out when it stayed empty). */
static void
pop(struct san *s)
{
	struct open *o = &s->stack[--s->depth];

	if (s->text) {
		if (o->e != E_STRONG && o->e != E_EM && o->e != E_U &&
		    o->e != E_A && o->e != E_TD && o->e != E_TH)
			text_break(s);
		return;
	}
	if (s->rc == ZW_OK && drop_if_empty(o->e) && s->out->len == o->inner) {
		s->out->len = o->start;
		s->out->p[o->start] = '\0';
		return;
	}
	puts_(s, "</");
	puts_(s, el_name[o->e]);
	puts_(s, ">");
}

/* Close elements down to index i (keep i itself unless inclusive). */
static void
pop_to(struct san *s, int i, bool inclusive)
{
	while (s->depth > i + (inclusive ? 0 : 1))
		pop(s);
}

/* May text and inline elements go here?  Not directly in a table, a
 * row or a list (browsers would move them elsewhere). */
static bool
text_allowed(const struct san *s)
{
	enum el t = top(s);

	return t != E_TABLE && t != E_THEAD && t != E_TBODY && t != E_TR &&
	    t != E_UL && t != E_OL;
}

/* Write the start tag of e (with its checked attributes) and push it. */
static void
push(struct san *s, enum el e, const struct tag *t, const char *url)
{
	struct open *o;

	if (e == E_BR || e == E_IMG) {
		if (s->text) {
			if (e == E_BR)
				text_break(s);
			else if (t->alt_n > 0)
				put_text(s, t->alt, t->alt + t->alt_n, false, false);
			return;
		}
		if (e == E_BR) {
			puts_(s, "<br>");
			return;
		}
		puts_(s, "<img src=\"");
		put_text(s, url, url + strlen(url), false, true);
		puts_(s, "\" alt=\"");
		put_text(s, t->alt, t->alt + t->alt_n, false, true);
		puts_(s, "\">");
		return;
	}
	o = &s->stack[s->depth++];
	o->e = e;
	o->start = s->out->len;
	if (s->text) {
		if (e != E_STRONG && e != E_EM && e != E_U && e != E_A) {
			if (e == E_TD || e == E_TH) {
				if (s->out->len > 0 && s->pending < 1)
					s->pending = 1;
			} else
				text_break(s);
		}
		o->inner = s->out->len;
		return;
	}
	puts_(s, "<");
	puts_(s, el_name[e]);
	if (e == E_A) {
		puts_(s, " href=\"");
		put_text(s, url, url + strlen(url), false, true);
		puts_(s, "\" rel=\"noopener\"");
	}
	if ((e == E_TD || e == E_TH) && t != NULL) {
		if (t->colspan[0] != '\0') {
			puts_(s, " colspan=\"");
			puts_(s, t->colspan);
			puts_(s, "\"");
		}
		if (t->rowspan[0] != '\0') {
			puts_(s, " rowspan=\"");
			puts_(s, t->rowspan);
			puts_(s, "\"");
		}
	}
	puts_(s, ">");
	o->inner = s->out->len;
}

/*
 * A start tag of an allowed element: close what it may not sit in, or
 * drop the tag (keeping its content) where it cannot go at all.
 */
static void
open_el(struct san *s, enum el e, const struct tag *t)
{
	static const enum el inline_or_p[] = { E_P, E_H2, E_H3, E_H4, E_STRONG,
		E_EM, E_U, E_A };
	static const enum el list_ctx[] = { E_UL, E_OL, E_LI, E_TABLE, E_TD, E_TH };
	static const enum el table_ctx[] = { E_TABLE, E_THEAD, E_TBODY, E_TR,
		E_TD, E_TH };
	static const enum el section_ctx[] = { E_TABLE, E_THEAD, E_TBODY };
	static const enum el a_only[] = { E_A };
	char url[ZW_SANITIZE_MAX_URL + 4];
	int i;

	url[0] = '\0';
	if (e == E_A && (!t->has_href || t->href_long ||
	    !url_ok(t->href, t->href_n, false, url, sizeof(url))))
		return;		/* no usable link: keep the text only */
	if (e == E_IMG && (!t->has_src || t->src_long ||
	    !url_ok(t->src, t->src_n, true, url, sizeof(url))))
		return;
	if (e == E_BR || e == E_IMG) {
		if (text_allowed(s))
			push(s, e, t, url);
		return;
	}
	if (s->depth >= ZW_SANITIZE_MAX_DEPTH)
		return;
	switch (e) {
	case E_P: case E_H2: case E_H3: case E_H4: case E_UL: case E_OL:
	case E_TABLE:
		while (s->depth > 0 && nearest(s, inline_or_p,
		    sizeof(inline_or_p) / sizeof(inline_or_p[0])) == s->depth - 1)
			pop(s);		/* a block ends the paragraph it is in */
		if (!text_allowed(s))
			return;
		break;
	case E_LI:
		i = nearest(s, list_ctx, sizeof(list_ctx) / sizeof(list_ctx[0]));
		if (i < 0 || s->stack[i].e == E_TABLE || s->stack[i].e == E_TD ||
		    s->stack[i].e == E_TH)
			return;
		pop_to(s, i, s->stack[i].e == E_LI);
		break;
	case E_THEAD: case E_TBODY:
		i = nearest(s, section_ctx, sizeof(section_ctx) / sizeof(section_ctx[0]));
		if (i < 0)
			return;
		pop_to(s, i, s->stack[i].e != E_TABLE);
		break;
	case E_TR:
		i = nearest(s, table_ctx, sizeof(table_ctx) / sizeof(table_ctx[0]));
		if (i < 0)
			return;
		if (s->stack[i].e == E_TD || s->stack[i].e == E_TH)
			i--;	/* the row of that cell */
		pop_to(s, i, s->stack[i].e == E_TR);
		break;
	case E_TD: case E_TH:
		i = nearest(s, table_ctx, sizeof(table_ctx) / sizeof(table_ctx[0]));
		if (i < 0)
			return;
		if (s->stack[i].e == E_TD || s->stack[i].e == E_TH)
			pop_to(s, i, true);
		else if (s->stack[i].e == E_TR)
			pop_to(s, i, false);
		else {
			pop_to(s, i, false);
			if (s->depth >= ZW_SANITIZE_MAX_DEPTH - 1)
				return;
			push(s, E_TR, NULL, url);
		}
		break;
	case E_STRONG: case E_EM: case E_U: case E_A:
		if (!text_allowed(s))
			return;
		if (e == E_A && (i = nearest(s, a_only, 1)) >= 0)
			pop_to(s, i, true);
		break;
	default:
		return;
	}
	push(s, e, t, url);
}

static void
close_el(struct san *s, enum el e)
{
	int i;

	if (e == E_BR) {
		/* HTML5 reads </br> as <br> */
		if (text_allowed(s))
			push(s, E_BR, NULL, "");
		return;
	}
	for (i = s->depth - 1; i >= 0; i--)
		if (s->stack[i].e == e) {
			pop_to(s, i, true);
			return;
		}
}

/* A run of text: in the output where text may go. */
static void
text_run(struct san *s, const char *p, const char *end)
{
	/* text directly in a table, row or list is left out */
	if (text_allowed(s))
		put_text(s, p, end, true, false);
}

/* Skip a comment or other markup declaration at p ("<!" or "<?").
 * Returns the position after it. */
static const char *
skip_declaration(const char *p, const char *end)
{
	const char *q;

	if ((size_t)(end - p) >= 4 && memcmp(p, "<!--", 4) == 0) {
		p += 4;
		if (p < end && *p == '>')
			return p + 1;		/* <!--> */
		if ((size_t)(end - p) >= 2 && memcmp(p, "->", 2) == 0)
			return p + 2;		/* <!---> */
		for (q = p; q < end; q++) {
			if ((size_t)(end - q) >= 3 && memcmp(q, "-->", 3) == 0)
				return q + 3;
			if ((size_t)(end - q) >= 4 && memcmp(q, "--!>", 4) == 0)
				return q + 4;
		}
		return end;
	}
	q = memchr(p, '>', (size_t)(end - p));
	return q != NULL ? q + 1 : end;
}

static int
run(struct san *s, const char *in, size_t n)
{
	const char *p = in, *end = in + n;
	struct tag *t = NULL;
	struct tag tagbuf;

	t = &tagbuf;
	while (p < end && s->rc == ZW_OK) {
		const char *lt, *q;
		enum el e;

		if (*p != '<') {
			lt = memchr(p, '<', (size_t)(end - p));
			q = lt != NULL ? lt : end;
			text_run(s, p, q);
			p = q;
			continue;
		}
		q = p + 1;
		if (q < end && (*q == '!' || *q == '?')) {
			p = skip_declaration(p, end);
			continue;
		}
		if (q < end && *q == '/') {
			q++;
			if (q < end && is_alpha(*q)) {
				if ((p = parse_tag(q, end, t)) == NULL)
					break;
				if ((e = el_of(t)) != E_NONE)
					close_el(s, e);
				continue;
			}
			if (q < end && *q == '>') {
				p = q + 1;
				continue;
			}
			if (q >= end) {
				text_run(s, "</", &"</"[2]);
				break;
			}
			p = skip_declaration(p, end);	/* bogus comment */
			continue;
		}
		if (q >= end || !is_alpha(*q)) {
			text_run(s, "<", &"<"[1]);
			p = q;
			continue;
		}
		if ((p = parse_tag(q, end, t)) == NULL)
			break;		/* unterminated tag at the end: dropped */
		if (strcmp(t->name, "plaintext") == 0 && !t->name_long)
			break;
		if (!t->name_long && in_list(raw_text, t->name)) {
			p = skip_to_end_tag(p, end, t->name, false);
			continue;
		}
		if (!t->name_long && in_list(drop_content, t->name)) {
			if (!(t->self_closing && (strcmp(t->name, "svg") == 0 ||
			    strcmp(t->name, "math") == 0)))
				p = skip_to_end_tag(p, end, t->name, true);
			continue;
		}
		if ((e = el_of(t)) != E_NONE)
			open_el(s, e, t);
	}
	while (s->depth > 0)
		pop(s);
	return s->rc;
}

int
zw_html_sanitize(const char *in, size_t n, zw_buf *out)
{
	struct san s;

	memset(&s, 0, sizeof(s));
	s.out = out;
	return run(&s, in, n);
}

int
zw_html_text(const char *in, size_t n, zw_buf *out)
{
	struct san s;

	memset(&s, 0, sizeof(s));
	s.out = out;
	s.text = true;
	return run(&s, in, n);
}
