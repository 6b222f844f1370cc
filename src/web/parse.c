/*
 * parse.c -- the parsers for request text that is not HTTP framing:
 * percent-encoding, application/x-www-form-urlencoded (query strings
 * and form bodies), the Cookie header and multipart/form-data.
 *
 * Every parser works on a (pointer, length) slice, never reads past it,
 * bounds every count by a limit the caller names, and hands out strings
 * allocated in the request arena.  Text that reaches a handler is valid
 * UTF-8 without NUL or other control characters (tab, CR and LF are
 * allowed); file parts of a multipart body are the only binary data,
 * and they are not copied.
 */
#include <string.h>

#include "base/err.h"
#include "base/limits.h"
#include "base/utf8.h"
#include "web/parse.h"

/* A header parameter: name=value, the value unquoted in the arena. */
struct hparam {
	const char *name;
	size_t nlen;
	char *val;
	size_t vlen;
};

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

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* ASCII case-insensitive equality of two slices. */
static bool
ieqn(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return false;
	return true;
}

/* ASCII case-insensitive equality of a slice and a C string. */
static bool
ieq(const char *s, size_t n, const char *lit)
{
	return ieqn(s, n, lit, strlen(lit));
}

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Shrink [*s, *s+*n) past leading and trailing spaces and tabs. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_ows(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ows((*s)[*n - 1]))
		(*n)--;
}

/* Text a handler may see: strict UTF-8 without controls but \t \r \n. */
static bool
clean_text(const char *s, size_t n)
{
	return zw_utf8_valid(s, n) && !zw_utf8_has_controls(s, n);
}

/*
 * RFC 7230 tchar: the characters of header names, parameter names,
 * media types and cookie names.
 */
static bool
is_tchar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool
is_token(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!is_tchar(s[i]))
			return false;
	return true;
}

/* A token, or token "/" token (media types). */
static bool
is_mediatype(const char *s, size_t n)
{
	const char *slash = memchr(s, '/', n);
	size_t tl;

	if (slash == NULL)
		return is_token(s, n);
	tl = (size_t)(slash - s);
	return is_token(s, tl) && is_token(slash + 1, n - tl - 1);
}

/*
 * Decode percent-encoding, and '+' as a space when plus_space (forms).
 * The result must be clean text: strict UTF-8, no NUL, no control
 * characters other than \t \r \n.  OUT: *out (NUL-terminated, in a),
 * *outlen.  Returns ZW_OK, or ZW_EINVAL for a '%' not followed by two
 * hex digits or for a result that is not clean text.
 */
int
zw_url_decode(zw_arena *a, const char *s, size_t n, bool plus_space,
    char **out, size_t *outlen)
{
	char *d;
	size_t i, j = 0;

	d = zw_alloc(a, n + 1);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '%') {
			int hi, lo;

			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return ZW_EINVAL;
			c = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_space)
			c = ' ';
		d[j++] = c;
	}
	d[j] = '\0';
	if (!clean_text(d, j))
		return ZW_EINVAL;
	*out = d;
	*outlen = j;
	return ZW_OK;
}

/*
 * Parse "a=1&b=2" (a query string or an urlencoded form body).  Empty
 * pairs ("a=1&&b=2") are skipped, a key without '=' gets the value "",
 * keys and values are decoded with zw_url_decode(plus_space).  Repeated
 * keys are kept in order.  OUT: kv[0..*count).  Returns ZW_OK,
 * ZW_EINVAL for bad encoding, ZW_ETOOBIG for more than max pairs.
 */
int
zw_parse_urlencoded(zw_arena *a, const char *s, size_t n,
    struct zw_kv *kv, size_t max, size_t *count)
{
	size_t pos = 0, len, klen, dlen, vlen;
	const char *pair, *eq, *amp;
	char *k, *v;
	int rc;

	*count = 0;
	while (pos < n) {
		pair = s + pos;
		amp = memchr(pair, '&', n - pos);
		len = amp != NULL ? (size_t)(amp - pair) : n - pos;
		pos += len + 1;
		if (len == 0)
			continue;
		if (*count >= max)
			return ZW_ETOOBIG;
		eq = memchr(pair, '=', len);
		klen = eq != NULL ? (size_t)(eq - pair) : len;
		if ((rc = zw_url_decode(a, pair, klen, true, &k, &dlen)) !=
		    ZW_OK)
			return rc;
		if (eq != NULL) {
			rc = zw_url_decode(a, eq + 1, len - klen - 1, true, &v,
			    &vlen);
			if (rc != ZW_OK)
				return rc;
		} else {
			v = zw_astrndup(a, "", 0);
			vlen = 0;
		}
		kv[*count].key = k;
		kv[*count].val = v;
		kv[*count].vlen = vlen;
		(*count)++;
	}
	return ZW_OK;
}

/*
 * Parse a Cookie header: "a=1; b=2".  Pairs are split on ';' and
 * trimmed; a pair without '=', with a name that is not a token, or with
 * a value that is not clean text is ignored (one stray cookie set by
 * another application on the domain must not break every request).  A
 * value in double quotes loses them; values are not percent-decoded.
 * hdr may be NULL.  OUT: kv[0..*count).  Returns ZW_OK, or ZW_ETOOBIG
 * for more than max well-formed cookies.
 */
int
zw_parse_cookies(zw_arena *a, const char *hdr, struct zw_kv *kv,
    size_t max, size_t *count)
{
	const char *p, *semi, *eq, *name, *val;
	size_t len, nlen, vlen;

	*count = 0;
	if (hdr == NULL)
		return ZW_OK;
	for (p = hdr; *p != '\0'; p = semi != NULL ? semi + 1 : p + len) {
		semi = strchr(p, ';');
		len = semi != NULL ? (size_t)(semi - p) : strlen(p);
		if ((eq = memchr(p, '=', len)) == NULL)
			continue;
		name = p;
		nlen = (size_t)(eq - p);
		trim(&name, &nlen);
		val = eq + 1;
		vlen = len - (size_t)(val - p);
		trim(&val, &vlen);
		if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"') {
			val++;
			vlen -= 2;
		}
		if (!is_token(name, nlen) || !clean_text(val, vlen) ||
		    memchr(val, '"', vlen) != NULL)
			continue;
		if (*count >= max)
			return ZW_ETOOBIG;
		kv[*count].key = zw_astrndup(a, name, nlen);
		kv[*count].val = zw_astrndup(a, val, vlen);
		kv[*count].vlen = vlen;
		(*count)++;
	}
	return ZW_OK;
}

/*
 * Parse a header value of the form  type *( ";" name "=" value )  where
 * a value is a token or a quoted-string (with backslash escapes).
 * Parameter names must be tokens and may not repeat; an empty element
 * (";;" or a trailing ';') is tolerated.  OUT: *type (a slice of s),
 * p[0..*np) with values unquoted into the arena.  Returns ZW_OK or
 * ZW_EINVAL.
 */
static int
parse_hvalue(zw_arena *a, const char *s, size_t n, const char **type,
    size_t *tlen, struct hparam *p, size_t max, size_t *np)
{
	size_t i = 0, start, j, k;

	*np = 0;
	while (i < n && s[i] != ';')
		i++;
	*type = s;
	*tlen = i;
	trim(type, tlen);
	if (!is_mediatype(*type, *tlen))
		return ZW_EINVAL;
	while (i < n) {
		struct hparam *hp;

		i++;			/* the ';' */
		while (i < n && is_ows(s[i]))
			i++;
		if (i == n || s[i] == ';')
			continue;
		start = i;
		while (i < n && is_tchar(s[i]) && s[i] != '=')
			i++;
		if (i == start || i == n || s[i] != '=')
			return ZW_EINVAL;
		if (*np >= max)
			return ZW_EINVAL;
		hp = &p[*np];
		hp->name = s + start;
		hp->nlen = i - start;
		for (k = 0; k < *np; k++)
			if (ieqn(p[k].name, p[k].nlen, hp->name, hp->nlen))
				return ZW_EINVAL;
		i++;			/* the '=' */
		hp->val = zw_alloc(a, n - i + 1);
		j = 0;
		if (i < n && s[i] == '"') {
			for (i++; i < n && s[i] != '"'; i++) {
				/* Only \" and \\: IE sent raw Windows paths. */
				if (s[i] == '\\' && i + 1 < n &&
				    (s[i + 1] == '"' || s[i + 1] == '\\'))
					i++;
				hp->val[j++] = s[i];
			}
			if (i == n)
				return ZW_EINVAL;
			i++;		/* the closing quote */
		} else {
			for (; i < n && s[i] != ';' && !is_ows(s[i]); i++)
				hp->val[j++] = s[i];
		}
		hp->val[j] = '\0';
		hp->vlen = j;
		while (i < n && is_ows(s[i]))
			i++;
		if (i < n && s[i] != ';')
			return ZW_EINVAL;
		(*np)++;
	}
	return ZW_OK;
}

static const struct hparam *
hparam_get(const struct hparam *p, size_t np, const char *name)
{
	size_t i;

	for (i = 0; i < np; i++)
		if (ieq(p[i].name, p[i].nlen, name))
			return &p[i];
	return NULL;
}

/*
 * Decode an RFC 5987 ext-value: charset "'" [language] "'" pct-encoded.
 * Only UTF-8 is accepted.  OUT: *out.
 */
static int
ext_value(zw_arena *a, const struct hparam *hp, char **out)
{
	const char *q1, *q2, *end = hp->val + hp->vlen;
	size_t len;

	if ((q1 = memchr(hp->val, '\'', hp->vlen)) == NULL)
		return ZW_EINVAL;
	if ((q2 = memchr(q1 + 1, '\'', (size_t)(end - q1 - 1))) == NULL)
		return ZW_EINVAL;
	if (!ieq(hp->val, (size_t)(q1 - hp->val), "utf-8"))
		return ZW_EINVAL;
	return zw_url_decode(a, q2 + 1, (size_t)(end - q2 - 1), false, out,
	    &len);
}

/*
 * Parse the Content-Disposition of one part: form-data with a name and
 * an optional filename (filename* wins when both are present).
 */
static int
part_disposition(zw_arena *a, const char *v, size_t n, struct zw_part *part)
{
	struct hparam p[HDR_MAX_PARAMS];
	const struct hparam *name, *fn, *fnx;
	const char *type;
	size_t tlen, np;
	char *ext;
	int rc;

	if ((rc = parse_hvalue(a, v, n, &type, &tlen, p, HDR_MAX_PARAMS,
	    &np)) != ZW_OK)
		return rc;
	if (!ieq(type, tlen, "form-data"))
		return ZW_EINVAL;
	if ((name = hparam_get(p, np, "name")) == NULL ||
	    !clean_text(name->val, name->vlen))
		return ZW_EINVAL;
	part->name = name->val;
	fn = hparam_get(p, np, "filename");
	fnx = hparam_get(p, np, "filename*");
	if (fnx != NULL) {
		if ((rc = ext_value(a, fnx, &ext)) != ZW_OK)
			return rc;
		part->filename = ext;
	} else if (fn != NULL) {
		if (!clean_text(fn->val, fn->vlen))
			return ZW_EINVAL;
		part->filename = fn->val;
	}
	return ZW_OK;
}

/*
 * Parse the header block of one part, from p up to and including the
 * empty line.  OUT: *next (first byte of the part's data), the part's
 * name, filename and content type.
 */
static int
part_headers(zw_arena *a, const char *p, const char *end,
    struct zw_part *part, const char **next)
{
	const char *eol, *colon, *v;
	size_t avail, len, vlen, nhdr = 0;
	bool have_cd = false, have_ct = false;
	int rc;

	for (;;) {
		avail = (size_t)(end - p);
		if (avail > MP_MAX_HEADER_LINE + 2)
			avail = MP_MAX_HEADER_LINE + 2;
		if ((eol = memmem(p, avail, "\r\n", 2)) == NULL)
			return (size_t)(end - p) > MP_MAX_HEADER_LINE ?
			    ZW_ETOOBIG : ZW_EINVAL;
		len = (size_t)(eol - p);
		if (len == 0)
			break;
		if (len > MP_MAX_HEADER_LINE)
			return ZW_ETOOBIG;
		if (++nhdr > MP_MAX_PART_HEADERS)
			return ZW_ETOOBIG;
		if ((colon = memchr(p, ':', len)) == NULL ||
		    !is_token(p, (size_t)(colon - p)))
			return ZW_EINVAL;
		v = colon + 1;
		vlen = (size_t)(eol - v);
		trim(&v, &vlen);
		if (!clean_text(v, vlen) || memchr(v, '\r', vlen) != NULL ||
		    memchr(v, '\n', vlen) != NULL)
			return ZW_EINVAL;
		if (ieq(p, (size_t)(colon - p), "content-disposition")) {
			if (have_cd)
				return ZW_EINVAL;
			have_cd = true;
			if ((rc = part_disposition(a, v, vlen, part)) != ZW_OK)
				return rc;
		} else if (ieq(p, (size_t)(colon - p), "content-type")) {
			if (have_ct || vlen == 0)
				return ZW_EINVAL;
			have_ct = true;
			part->content_type = zw_astrndup(a, v, vlen);
		}
		p = eol + 2;
	}
	if (!have_cd)
		return ZW_EINVAL;
	*next = p + 2;
	return ZW_OK;
}

/*
 * After a delimiter ("--boundary"): "--" closes the body, otherwise
 * optional transport padding and CRLF start a part.  OUT: *next (start
 * of the part's headers), *closed.
 */
static int
after_delimiter(const char *p, const char *end, const char **next,
    bool *closed)
{
	if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
		*closed = true;
		*next = end;
		return ZW_OK;
	}
	while (p < end && is_ows(*p))
		p++;
	if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
		return ZW_EINVAL;
	*closed = false;
	*next = p + 2;
	return ZW_OK;
}

/*
 * Parse a multipart/form-data body.  The boundary comes from the
 * boundary parameter of content_type (quoted or not, 1..70 bytes).  A
 * preamble before the first delimiter and an epilogue after the closing
 * one are ignored; the closing delimiter is required.  Each part needs
 * a Content-Disposition: form-data with a name; part header lines are
 * at most MP_MAX_HEADER_LINE bytes.  Fields without a filename must be
 * clean text; file data is taken as is.  OUT: parts[0..*count), whose
 * data point into body.  Returns ZW_OK, ZW_EINVAL for a malformed body,
 * ZW_ETOOBIG for more than max parts or an overlong header line.
 */
int
zw_parse_multipart(zw_arena *a, const char *content_type,
    const char *body, size_t n, struct zw_part *parts, size_t max,
    size_t *count)
{
	struct hparam p[HDR_MAX_PARAMS];
	const struct hparam *bp;
	const char *type, *end = body + n, *pos, *hit;
	size_t tlen, np, dlen;
	char *delim;
	bool closed;
	int rc;

	*count = 0;
	if (content_type == NULL)
		return ZW_EINVAL;
	if ((rc = parse_hvalue(a, content_type, strlen(content_type), &type,
	    &tlen, p, HDR_MAX_PARAMS, &np)) != ZW_OK)
		return rc;
	if (!ieq(type, tlen, "multipart/form-data"))
		return ZW_EINVAL;
	if ((bp = hparam_get(p, np, "boundary")) == NULL || bp->vlen == 0 ||
	    bp->vlen > MP_MAX_BOUNDARY || zw_utf8_has_controls(bp->val,
	    bp->vlen))
		return ZW_EINVAL;

	/* The delimiter is CRLF "--" boundary; the first may lack CRLF. */
	dlen = bp->vlen + 4;
	delim = zw_alloc(a, dlen + 1);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, bp->val, bp->vlen + 1);
	if (n >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		pos = body + dlen - 2;
	else if ((hit = memmem(body, n, delim, dlen)) != NULL)
		pos = hit + dlen;
	else
		return ZW_EINVAL;
	if ((rc = after_delimiter(pos, end, &pos, &closed)) != ZW_OK)
		return rc;

	while (!closed) {
		struct zw_part *part;
		const char *data;

		if (*count >= max)
			return ZW_ETOOBIG;
		part = &parts[*count];
		memset(part, 0, sizeof(*part));
		if ((rc = part_headers(a, pos, end, part, &data)) != ZW_OK)
			return rc;
		if ((hit = memmem(data, (size_t)(end - data), delim, dlen)) ==
		    NULL)
			return ZW_EINVAL;
		part->data = data;
		part->len = (size_t)(hit - data);
		if (part->filename == NULL && !clean_text(data, part->len))
			return ZW_EINVAL;
		if (part->content_type == NULL)
			part->content_type = "text/plain";
		(*count)++;
		if ((rc = after_delimiter(hit + dlen, end, &pos, &closed)) !=
		    ZW_OK)
			return rc;
	}
	return ZW_OK;
}

/*
 * The value of the first pair whose key is key, or NULL.  The value is
 * NUL-terminated; kv[i].vlen has its length.
 */
const char *
zw_kv_get(const struct zw_kv *kv, size_t count, const char *key)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].val;
	return NULL;
}
