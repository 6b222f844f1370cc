/*
 * compare.c -- the comparison engine (比对): CSV tables held in memory
 * as sorted arrays of {key, line} slices, and a linear merge of two of
 * them.
 *
 * Parsing touches every byte once: UTF-8 validation of the whole
 * buffer, then one pass per line (memchr for the line end and for a
 * quote; without quotes the commas are counted by memchr too).  Only
 * the key field is located; the other fields are split when a row has
 * to be compared field by field, that is when its line differs from
 * the other side's.  Sorting is qsort on a 64-bit big-endian key
 * prefix with memcmp behind it; the two sides are parsed and sorted on
 * two threads.  1,000,000 x 1,000,000 rows: see bench/compare.sh.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "exchange/exchange.h"
#include "registry/registry.h"

/* Fill e: the message is "第N行：" (when line > 0) then m1 m2 m3. */
static void
xerr(struct zw_xerr *e, const char *code, int64_t line, const char *field,
    const char *m1, const char *m2, const char *m3)
{
	int k = 0;

	if (e == NULL)
		return;
	e->code = code;
	e->line = line;
	(void)zw_strlcpy(e->field, field != NULL ? field : "", sizeof(e->field));
	if (line > 0)
		k = snprintf(e->message, sizeof(e->message), "第%lld行：",
		    (long long)line);
	if (k < 0 || (size_t)k >= sizeof(e->message))
		k = 0;
	(void)snprintf(e->message + k, sizeof(e->message) - (size_t)k, "%s%s%s",
	    m1 ? m1 : "", m2 ? m2 : "", m3 ? m3 : "");
}

static uint64_t
key_pfx(const char *k, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | (i < n ? (unsigned char)k[i] : 0u);
	return v;
}

static int
key_cmp(const struct zw_xrow *a, const struct zw_xrow *b)
{
	size_t m;
	int c;

	if (a->pfx != b->pfx)
		return a->pfx < b->pfx ? -1 : 1;
	m = a->keylen < b->keylen ? a->keylen : b->keylen;
	if ((c = memcmp(a->key, b->key, m)) != 0)
		return c;
	return a->keylen < b->keylen ? -1 : a->keylen > b->keylen;
}

static int
row_cmp(const void *x, const void *y)
{
	return key_cmp(x, y);
}

/*
 * Split a line into fields: RFC 4180 quotes within the line, quoted
 * fields unquoted into scratch (at least n bytes).  Returns the number
 * of fields (at most max; -2 past it) or -1 for a bad quote.
 */
static int
split_line(const char *p, size_t n, const char **f, size_t *len, int max,
    char *scratch)
{
	size_t i = 0;
	int k = 0;

	for (;;) {
		if (k >= max)
			return -2;
		if (i < n && p[i] == '"') {
			char *o = scratch;

			i++;
			for (;;) {
				if (i >= n)
					return -1;
				if (p[i] == '"') {
					if (i + 1 < n && p[i + 1] == '"') {
						*scratch++ = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				*scratch++ = p[i++];
			}
			if (i < n && p[i] != ',')
				return -1;
			f[k] = o;
			len[k] = (size_t)(scratch - o);
		} else {
			size_t s = i;

			while (i < n && p[i] != ',') {
				if (p[i] == '"')
					return -1;
				i++;
			}
			f[k] = p + s;
			len[k] = i - s;
		}
		k++;
		if (i >= n)
			return k;
		i++;		/* the comma */
	}
}

int
zw_xrow_fields(zw_arena *a, const char *line, size_t n, int ncols,
    const char **f, size_t *len)
{
	char *scratch = zw_alloc(a, n + 1);
	int k = split_line(line, n, f, len, ncols + 1, scratch);

	return k == ncols ? ZW_OK : ZW_EINVAL;
}

static void
free_rows(void *p)
{
	zw_free(p);
}

/* The 1-based line holding byte off. */
static int64_t
line_of(const char *data, size_t off)
{
	int64_t line = 1;
	const char *p = data, *e = data + off;

	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

static int
check_utf8(const char *data, size_t n, struct zw_xerr *e)
{
	const char *p = data, *end = data + n;

	if (zw_utf8_valid(data, n))
		return ZW_OK;
	if (zw_registry_looks_gbk(data, n)) {
		xerr(e, "gbk_encoding", 0, NULL,
		    "文件是 GBK（GB 18030）编码，请转换为 UTF-8 后再提交", NULL, NULL);
		return ZW_EINVAL;
	}
	/* the first line that is not UTF-8 */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);

		if (!zw_utf8_valid(p, len)) {
			xerr(e, "invalid_utf8", line_of(data, (size_t)(p - data)), NULL,
			    "不是有效的 UTF-8 编码", NULL, NULL);
			return ZW_EINVAL;
		}
		p = nl ? nl + 1 : end;
	}
	xerr(e, "invalid_utf8", 0, NULL, "不是有效的 UTF-8 编码", NULL, NULL);
	return ZW_EINVAL;
}

static size_t
trim_cr(const char *p, size_t n)
{
	return n > 0 && p[n - 1] == '\r' ? n - 1 : n;
}

static int
parse_header(zw_arena *a, const char *p, size_t n, const char *key,
    struct zw_xtab *t, struct zw_xerr *e)
{
	const char *f[ZW_X_MAX_COLUMNS];
	size_t len[ZW_X_MAX_COLUMNS];
	char *scratch = zw_alloc(a, n + 1);
	int k, i, j;

	k = split_line(p, n, f, len, ZW_X_MAX_COLUMNS, scratch);
	if (k == -2) {
		xerr(e, "too_many_columns", 1, NULL, "列数超过上限（64列）", NULL, NULL);
		return ZW_EINVAL;
	}
	if (k < 0) {
		xerr(e, "bad_quote", 1, NULL, "引号不匹配", NULL, NULL);
		return ZW_EINVAL;
	}
	t->ncols = k;
	t->cols = zw_alloc(a, (size_t)k * sizeof(*t->cols));
	t->keycol = -1;
	for (i = 0; i < k; i++) {
		if (len[i] == 0 || len[i] > ZW_X_MAX_COLNAME) {
			xerr(e, "no_header", 1, NULL,
			    "第一行应为列名（每列1至64字节，不能为空）", NULL, NULL);
			return ZW_EINVAL;
		}
		t->cols[i] = zw_astrndup(a, f[i], len[i]);
		for (j = 0; j < i; j++)
			if (strcmp(t->cols[i], t->cols[j]) == 0) {
				xerr(e, "duplicate_column", 1, t->cols[i],
				    "列名“", t->cols[i], "”重复");
				return ZW_EINVAL;
			}
		if (strcmp(t->cols[i], key) == 0)
			t->keycol = i;
	}
	if (t->keycol < 0) {
		xerr(e, "no_key_column", 1, "key", "表头中没有键列“", key, "”");
		return ZW_EINVAL;
	}
	return ZW_OK;
}

int
zw_xtab_parse(zw_arena *a, const char *data, size_t n, const char *key,
    struct zw_xtab *t, struct zw_xerr *e)
{
	const char *p, *end, *nl;
	size_t cap = 1;
	uint32_t lineno;
	int rc;

	memset(t, 0, sizeof(*t));
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		n -= 3;
	}
	if (n == 0) {
		xerr(e, "empty_file", 0, NULL, "文件为空", NULL, NULL);
		return ZW_EINVAL;
	}
	if ((rc = check_utf8(data, n, e)) != ZW_OK)
		return rc;
	end = data + n;
	nl = memchr(data, '\n', n);
	{
		size_t hl = (size_t)((nl ? nl : end) - data);

		t->crlf = hl > 0 && data[hl - 1] == '\r';
		if ((rc = parse_header(a, data, trim_cr(data, hl), key, t, e)) != ZW_OK)
			return rc;
	}
	p = nl ? nl + 1 : end;
	for (nl = p; (nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL; nl++)
		cap++;
	if (cap > ZW_X_MAX_ROWS) {
		xerr(e, "too_many_rows", 0, NULL, "行数超过上限", NULL, NULL);
		return ZW_EINVAL;
	}
	t->rows = zw_malloc(cap * sizeof(*t->rows));
	zw_defer(a, free_rows, t->rows);
	lineno = 1;
	while (p < end) {
		const char *q;
		size_t len;
		struct zw_xrow *row;
		int k;

		nl = memchr(p, '\n', (size_t)(end - p));
		len = trim_cr(p, (size_t)((nl ? nl : end) - p));
		lineno++;
		if (len == 0) {		/* blank lines are ignored */
			p = nl ? nl + 1 : end;
			continue;
		}
		if (len > ZW_X_MAX_LINE) {
			xerr(e, "line_too_long", lineno, NULL, "一行超过64KB", NULL, NULL);
			return ZW_EINVAL;
		}
		row = &t->rows[t->nrows];
		row->line = p;
		row->linelen = (uint32_t)len;
		row->lineno = lineno;
		if (memchr(p, '"', len) == NULL) {
			/* fast path: count commas, find the key field */
			const char *s = p, *le = p + len, *kb = NULL, *ke = NULL;

			k = 0;
			for (;;) {
				q = memchr(s, ',', (size_t)(le - s));
				if (k == t->keycol) {
					kb = s;
					ke = q ? q : le;
				}
				k++;
				if (q == NULL)
					break;
				s = q + 1;
			}
			if (k != t->ncols) {
				char msg[96];

				(void)snprintf(msg, sizeof(msg), "%d", t->ncols);
				xerr(e, "column_count", lineno, NULL, "列数与表头不一致（表头", msg, "列）");
				return ZW_EINVAL;
			}
			row->key = kb;
			row->keylen = (uint32_t)(ke - kb);
		} else {
			const char *f[ZW_X_MAX_COLUMNS + 1];
			size_t fl[ZW_X_MAX_COLUMNS + 1];
			char *scratch = zw_alloc(a, len + 1);

			k = split_line(p, len, f, fl, ZW_X_MAX_COLUMNS + 1, scratch);
			if (k == -1) {
				xerr(e, "bad_quote", lineno, NULL, "引号不匹配", NULL, NULL);
				return ZW_EINVAL;
			}
			if (k != t->ncols) {
				char msg[96];

				(void)snprintf(msg, sizeof(msg), "%d", t->ncols);
				xerr(e, "column_count", lineno, NULL, "列数与表头不一致（表头", msg, "列）");
				return ZW_EINVAL;
			}
			row->key = f[t->keycol];
			row->keylen = (uint32_t)fl[t->keycol];
		}
		/* spaces around the key do not count */
		while (row->keylen > 0 && (row->key[0] == ' ' || row->key[0] == '\t')) {
			row->key++;
			row->keylen--;
		}
		while (row->keylen > 0 && (row->key[row->keylen - 1] == ' ' ||
		    row->key[row->keylen - 1] == '\t'))
			row->keylen--;
		if (row->keylen == 0) {
			xerr(e, "empty_key", lineno, t->cols[t->keycol], "键列“", t->cols[t->keycol], "”为空");
			return ZW_EINVAL;
		}
		t->nrows++;
		p = nl ? nl + 1 : end;
	}
	return zw_xtab_sort(t, e);
}

int
zw_xtab_sort(struct zw_xtab *t, struct zw_xerr *e)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		t->rows[i].pfx = key_pfx(t->rows[i].key, t->rows[i].keylen);
	qsort(t->rows, t->nrows, sizeof(*t->rows), row_cmp);
	for (i = 1; i < t->nrows; i++)
		if (key_cmp(&t->rows[i - 1], &t->rows[i]) == 0) {
			const struct zw_xrow *x = &t->rows[i - 1], *y = &t->rows[i];
			uint32_t later = x->lineno > y->lineno ? x->lineno : y->lineno;
			uint32_t first = x->lineno < y->lineno ? x->lineno : y->lineno;
			char msg[200], kb[96];
			size_t kl = x->keylen < 64 ? x->keylen : 64;

			memcpy(kb, x->key, kl);
			kb[kl] = '\0';
			(void)snprintf(msg, sizeof(msg), "%s”与第%u行重复", kb, first);
			xerr(e, "duplicate_key", later, t->cols[t->keycol], "键“", msg, NULL);
			return ZW_EINVAL;
		}
	return ZW_OK;
}


/* ---- parsing two sides at once ---- */

struct parse_job {
	zw_arena *a;
	const char *d;
	size_t n;
	const char *key;
	struct zw_xtab *t;
	struct zw_xerr *e;
	int rc;
};

static void *
parse_thread(void *arg)
{
	struct parse_job *j = arg;

	j->rc = zw_xtab_parse(j->a, j->d, j->n, j->key, j->t, j->e);
	return NULL;
}

static void
free_arena(void *a)
{
	zw_arena_free(a);
}

int
zw_xtab_parse_pair(zw_arena *a, const char *ld, size_t ln,
    const char *rd, size_t rn, const char *key, struct zw_xtab *l,
    struct zw_xtab *r, struct zw_xerr *le, struct zw_xerr *re)
{
	/* arenas are not shared between threads: the left side gets its
	 * own, freed with a */
	zw_arena *la = zw_arena_new();
	struct parse_job j = { la, ld, ln, key, l, le, 0 };
	pthread_t th;
	int rc;

	zw_defer(a, free_arena, la);
	if (pthread_create(&th, NULL, parse_thread, &j) != 0) {
		parse_thread(&j);
		rc = zw_xtab_parse(a, rd, rn, key, r, re);
	} else {
		rc = zw_xtab_parse(a, rd, rn, key, r, re);
		pthread_join(th, NULL);
	}
	return j.rc != ZW_OK ? j.rc : rc;
}

/* ---- the merge ---- */

static int
col_index(const struct zw_xtab *t, const char *name)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return i;
	return -1;
}

static bool
same_layout(const struct zw_xtab *l, const struct zw_xtab *r)
{
	int i;

	if (l->ncols != r->ncols || l->keycol != r->keycol)
		return false;
	for (i = 0; i < l->ncols; i++)
		if (strcmp(l->cols[i], r->cols[i]) != 0)
			return false;
	return true;
}

static void
add_diff(struct zw_xcmp *o, size_t max, enum zw_xkind kind,
    const struct zw_xrow *l, const struct zw_xrow *r, uint64_t mask)
{
	if (o->ndiffs >= max) {
		o->truncated = true;
		return;
	}
	o->diffs[o->ndiffs].kind = kind;
	o->diffs[o->ndiffs].l = l;
	o->diffs[o->ndiffs].r = r;
	o->diffs[o->ndiffs].mask = mask;
	o->ndiffs++;
}

int
zw_xcompare(zw_arena *a, const struct zw_xtab *l, const struct zw_xtab *r,
    const char *const *fields, size_t nfields, size_t max_diffs,
    zw_xprogress_fn progress, void *parg, struct zw_xcmp *o,
    struct zw_xerr *e)
{
	const char *lf[ZW_X_MAX_COLUMNS + 1], *rf[ZW_X_MAX_COLUMNS + 1];
	size_t lfl[ZW_X_MAX_COLUMNS + 1], rfl[ZW_X_MAX_COLUMNS + 1];
	char *ls, *rs;
	size_t i = 0, j = 0, k, cap;
	int64_t total = (int64_t)(l->nrows + r->nrows), next_tick;
	bool fast;
	int c;

	memset(o, 0, sizeof(*o));
	o->fields = zw_alloc(a, (size_t)(ZW_X_MAX_COLUMNS + 1) * sizeof(*o->fields));
	o->lmap = zw_alloc(a, (size_t)(ZW_X_MAX_COLUMNS + 1) * sizeof(int));
	o->rmap = zw_alloc(a, (size_t)(ZW_X_MAX_COLUMNS + 1) * sizeof(int));
	if (fields != NULL && nfields > 0) {
		if (nfields > ZW_X_MAX_COLUMNS) {
			xerr(e, "too_many_fields", 0, "fields", "比对字段过多", NULL, NULL);
			return ZW_EINVAL;
		}
		for (k = 0; k < nfields; k++) {
			int li = col_index(l, fields[k]), ri = col_index(r, fields[k]);

			if (li < 0 || ri < 0) {
				xerr(e, "field_missing", 0, "fields",
				    li < 0 ? "左侧数据中没有字段“" : "右侧数据中没有字段“",
				    fields[k], "”");
				return ZW_EINVAL;
			}
			if (li == l->keycol)
				continue;
			o->fields[o->nfields] = l->cols[li];
			o->lmap[o->nfields] = li;
			o->rmap[o->nfields] = ri;
			o->nfields++;
		}
	} else {
		int li;

		for (li = 0; li < l->ncols; li++) {
			int ri = col_index(r, l->cols[li]);

			if (li == l->keycol || ri < 0 || ri == r->keycol)
				continue;
			o->fields[o->nfields] = l->cols[li];
			o->lmap[o->nfields] = li;
			o->rmap[o->nfields] = ri;
			o->nfields++;
		}
	}
	/* byte-equal lines mean equal rows when every column is compared
	 * and both sides have the same columns */
	fast = same_layout(l, r) && o->nfields == l->ncols - 1;
	o->field_diffs = zw_zalloc(a, (size_t)(o->nfields + 1) * sizeof(int64_t));
	cap = max_diffs;
	if (cap > l->nrows + r->nrows)
		cap = l->nrows + r->nrows;
	o->diffs = zw_alloc(a, (cap + 1) * sizeof(*o->diffs));
	ls = zw_malloc(ZW_X_MAX_LINE + 1);
	rs = zw_malloc(ZW_X_MAX_LINE + 1);
	next_tick = ZW_X_PROGRESS_EVERY;

	while (i < l->nrows || j < r->nrows) {
		if ((int64_t)(i + j) >= next_tick) {
			if (progress != NULL)
				progress(parg, (int64_t)(i + j), total);
			next_tick += ZW_X_PROGRESS_EVERY;
		}
		if (j >= r->nrows)
			c = -1;
		else if (i >= l->nrows)
			c = 1;
		else
			c = key_cmp(&l->rows[i], &r->rows[j]);
		if (c < 0) {
			o->only_left++;
			add_diff(o, cap, ZW_X_ONLY_LEFT, &l->rows[i], NULL, 0);
			i++;
		} else if (c > 0) {
			o->only_right++;
			add_diff(o, cap, ZW_X_ONLY_RIGHT, NULL, &r->rows[j], 0);
			j++;
		} else {
			const struct zw_xrow *x = &l->rows[i], *y = &r->rows[j];
			uint64_t mask = 0;
			int f;

			if (fast && x->linelen == y->linelen &&
			    memcmp(x->line, y->line, x->linelen) == 0) {
				o->both_same++;
				i++;
				j++;
				continue;
			}
			if (split_line(x->line, x->linelen, lf, lfl, ZW_X_MAX_COLUMNS + 1,
			    ls) != l->ncols || split_line(y->line, y->linelen, rf, rfl,
			    ZW_X_MAX_COLUMNS + 1, rs) != r->ncols) {
				/* parsed before: cannot happen */
				zw_free(ls);
				zw_free(rs);
				xerr(e, "bad_row", 0, NULL, "无法拆分的行", NULL, NULL);
				return ZW_EINVAL;
			}
			for (f = 0; f < o->nfields; f++) {
				size_t a1 = lfl[o->lmap[f]], b1 = rfl[o->rmap[f]];

				if (a1 != b1 || memcmp(lf[o->lmap[f]], rf[o->rmap[f]], a1) != 0) {
					mask |= (uint64_t)1 << f;
					o->field_diffs[f]++;
				}
			}
			if (mask == 0) {
				o->both_same++;
			} else {
				o->both_different++;
				add_diff(o, cap, ZW_X_DIFFERENT, x, y, mask);
			}
			i++;
			j++;
		}
	}
	if (progress != NULL)
		progress(parg, total, total);
	zw_free(ls);
	zw_free(rs);
	return ZW_OK;
}

int
zw_xcsv_field(struct zw_buf *b, const char *s, size_t n)
{
	size_t i;
	int rc;

	if (memchr(s, ',', n) == NULL && memchr(s, '"', n) == NULL &&
	    memchr(s, '\n', n) == NULL && memchr(s, '\r', n) == NULL &&
	    (n == 0 || (s[0] != ' ' && s[n - 1] != ' ')))
		return zw_buf_append(b, s, n);
	if ((rc = zw_buf_putc(b, '"')) != ZW_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if (s[i] == '"' && (rc = zw_buf_putc(b, '"')) != ZW_OK)
			return rc;
		if ((rc = zw_buf_putc(b, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i])) !=
		    ZW_OK)
			return rc;
	}
	return zw_buf_putc(b, '"');
}
