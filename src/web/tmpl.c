/*
 * tmpl.c -- the HTML template engine.
 *
 * Three stages, so that nothing is parsed per request:
 *
 *   zw_tmpl_add    compiles one source into a tree of nodes (text,
 *                  value, raw value, if/unless/eq/each with an else
 *                  branch, block, partial) in the set's arena.  Syntax
 *                  errors are reported as "name:line: why".
 *   zw_tmpl_link   resolves partial and layout names to templates,
 *                  refuses include cycles, and walks every template as
 *                  it would be rendered (layouts, blocks and partials
 *                  expanded) to prove that no rendering nests deeper
 *                  than ZW_TMPL_MAX_DEPTH.  After a successful link the
 *                  set is never written again, so any number of threads
 *                  may render from it at once.
 *   zw_tmpl_render walks the tree with a stack of scopes that lives on
 *                  the C stack, and writes straight into the caller's
 *                  zw_buf: no allocation other than buffer growth.
 *
 * Every value is HTML-escaped unless the tag says {{raw ...}}.
 *
 * Layouts: a template whose first tag is {{extends "name"}} consists of
 * {{#block}}s only.  Rendering it renders the layout; each {{#block}}
 * the layout (or a partial it includes) meets takes its content from
 * the most derived template in the extends chain that defines a block
 * of that name, and falls back to its own content.  Layouts may extend
 * layouts.
 *
 * Depth: sections, blocks, partial includes and extends hops each nest
 * one level; ZW_TMPL_MAX_DEPTH bounds both one template's sections (at
 * compile time) and the expanded nesting (at link time).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "web/tmpl.h"

enum nkind {
	N_TEXT,			/* literal text */
	N_VAR,			/* {{path}}, escaped */
	N_RAW,			/* {{raw path}} */
	N_IF,			/* {{#if path}} */
	N_UNLESS,		/* {{#unless path}} */
	N_EQ,			/* {{#eq path "literal"}} */
	N_EACH,			/* {{#each path}} */
	N_BLOCK,		/* {{#block name}} */
	N_PARTIAL		/* {{> name}} */
};

enum pkind {
	P_KEYS,			/* a.b.c */
	P_DOT,			/* . */
	P_INDEX,		/* @index */
	P_NUMBER		/* @number */
};

struct seg {
	const char *key;	/* NUL-terminated */
	long idx;		/* array index if key is all digits, else -1 */
};

struct path {
	enum pkind kind;
	size_t nseg;
	struct seg *seg;
};

struct tmpl;

struct node {
	enum nkind kind;
	int line;
	struct node *next;	/* next sibling */
	const char *text;	/* text; eq literal; block or partial name */
	size_t len;
	struct path path;	/* var, raw, if, unless, eq, each */
	struct node *body;	/* sections and blocks */
	struct node *alt;	/* {{else}} branch */
	struct tmpl *target;	/* partial, set by link */
	struct node *next_ref;	/* next block or partial of the template */
};

struct tmpl {
	const char *name;
	struct node *root;
	const char *layout_name;	/* {{extends}}, or NULL */
	int layout_line;
	struct tmpl *layout;	/* set by link */
	struct node *blocks;	/* every block node, through next_ref */
	struct node *partials;	/* every partial node, through next_ref */
	size_t index;		/* position in the sorted array */
	int mark;		/* cycle search colour */
	struct tmpl *next;	/* in order of addition */
};

struct zw_tmpl_set {
	zw_arena *arena;	/* templates, nodes and sources */
	struct tmpl *list;
	size_t count;
	struct tmpl **sorted;	/* by name, built by link */
	bool linked;
};

/* Prefix for error messages about the tag text: at most this much. */
#define TAG_SHOW	40

static void
set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * Create an empty set.  Never NULL.
 */
zw_tmpl_set *
zw_tmpl_set_new(void)
{
	zw_tmpl_set *s = zw_calloc(1, sizeof(*s));

	s->arena = zw_arena_new();
	return s;
}

/*
 * Free a set and every template in it.  s may be NULL.
 */
void
zw_tmpl_set_free(zw_tmpl_set *s)
{
	if (s == NULL)
		return;
	zw_free(s->sorted);
	zw_arena_free(s->arena);
	zw_free(s);
}

/* ------------------------------------------------------------------ */
/* Compiling */

struct frame {
	struct node *n;		/* the open section; NULL for the top */
	struct node **tail;	/* where the next node goes */
	bool in_alt;		/* after {{else}} */
};

struct cc {
	zw_arena *a;
	struct tmpl *t;
	char *err;
	size_t errlen;
	struct frame stk[ZW_TMPL_MAX_DEPTH + 1];
	size_t sp;		/* stk[sp] is the innermost frame */
	bool extends;		/* saw {{extends}} */
	bool seen;		/* saw a tag or text that forbids {{extends}} */
};

static int
cc_err(struct cc *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
cc_err(struct cc *c, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->err == NULL || c->errlen == 0)
		return ZW_EINVAL;
	n = snprintf(c->err, c->errlen, "%s:%d: ", c->t->name, line);
	if (n >= 0 && (size_t)n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return ZW_EINVAL;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
all_space(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space(s[i]))
			return false;
	return true;
}

static int
count_lines(const char *s, size_t n)
{
	int lines = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n')
			lines++;
	return lines;
}

/* Characters of a key in a path. */
static bool
is_keychar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '$';
}

/* Characters of a template or block name. */
static bool
is_namechar(char c)
{
	return is_keychar(c) || c == '/' || c == '.';
}

static const char *
kind_word(enum nkind k)
{
	switch (k) {
	case N_IF:	return "if";
	case N_UNLESS:	return "unless";
	case N_EQ:	return "eq";
	case N_EACH:	return "each";
	case N_BLOCK:	return "block";
	default:	return "?";
	}
}

/* Append a node to the innermost frame. */
static struct node *
cc_node(struct cc *c, enum nkind kind, int line)
{
	struct node *n = zw_zalloc(c->a, sizeof(*n));
	struct frame *f = &c->stk[c->sp];

	n->kind = kind;
	n->line = line;
	*f->tail = n;
	f->tail = &n->next;
	return n;
}

/*
 * Parse a value path: ".", "@index", "@number" or keys joined by dots.
 * OUT: *p.
 */
static int
cc_path(struct cc *c, int line, const char *s, size_t n, struct path *p)
{
	size_t i, start, k;

	memset(p, 0, sizeof(*p));
	if (n == 1 && s[0] == '.') {
		p->kind = P_DOT;
		return ZW_OK;
	}
	if (s[0] == '@') {
		if (n == 6 && memcmp(s, "@index", 6) == 0)
			p->kind = P_INDEX;
		else if (n == 7 && memcmp(s, "@number", 7) == 0)
			p->kind = P_NUMBER;
		else
			return cc_err(c, line, "unknown variable '%.*s'",
			    (int)(n < TAG_SHOW ? n : TAG_SHOW), s);
		return ZW_OK;
	}
	p->kind = P_KEYS;
	p->nseg = 1;
	for (i = 0; i < n; i++) {
		if (s[i] == '.')
			p->nseg++;
		else if (!is_keychar(s[i]))
			return cc_err(c, line, "bad name '%.*s'",
			    (int)(n < TAG_SHOW ? n : TAG_SHOW), s);
	}
	p->seg = zw_alloc(c->a, p->nseg * sizeof(*p->seg));
	for (i = start = k = 0; i <= n; i++) {
		int64_t v;

		if (i < n && s[i] != '.')
			continue;
		if (i == start)
			return cc_err(c, line, "bad name '%.*s'",
			    (int)(n < TAG_SHOW ? n : TAG_SHOW), s);
		p->seg[k].key = zw_astrndup(c->a, s + start, i - start);
		if (zw_parse_i64n(s + start, i - start, 0, 0x7fffffff, &v) ==
		    ZW_OK && s[start] != '+' && s[start] != '-')
			p->seg[k].idx = (long)v;
		else
			p->seg[k].idx = -1;
		k++;
		start = i + 1;
	}
	return ZW_OK;
}

/*
 * Parse a template or block name, bare or in double quotes.  OUT: *out
 * (in the arena), *outlen.
 */
static int
cc_name(struct cc *c, int line, const char *s, size_t n, const char **out,
    size_t *outlen)
{
	size_t i;

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	if (n == 0)
		return cc_err(c, line, "missing name");
	for (i = 0; i < n; i++)
		if (!is_namechar(s[i]))
			return cc_err(c, line, "bad name '%.*s'",
			    (int)(n < TAG_SHOW ? n : TAG_SHOW), s);
	*out = zw_astrndup(c->a, s, n);
	*outlen = n;
	return ZW_OK;
}

/*
 * Parse a string literal in double quotes (\" and \\ escape) that must
 * fill [s, s+n).  OUT: *out (in the arena), *outlen.
 */
static int
cc_literal(struct cc *c, int line, const char *s, size_t n, const char **out,
    size_t *outlen)
{
	char *d;
	size_t i, j = 0;

	if (n < 2 || s[0] != '"')
		return cc_err(c, line, "expected a \"string\"");
	d = zw_alloc(c->a, n);
	for (i = 1; i < n && s[i] != '"'; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' ||
		    s[i + 1] == '\\'))
			i++;
		d[j++] = s[i];
	}
	if (i != n - 1)
		return cc_err(c, line, "bad string literal");
	d[j] = '\0';
	*out = d;
	*outlen = j;
	return ZW_OK;
}

/* Split [s, s+n) into its first word and the trimmed rest. */
static void
split_word(const char *s, size_t n, size_t *wlen, const char **rest,
    size_t *rlen)
{
	size_t i = 0;

	while (i < n && !is_space(s[i]))
		i++;
	*wlen = i;
	while (i < n && is_space(s[i]))
		i++;
	*rest = s + i;
	*rlen = n - i;
}

static bool
word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

static int
cc_text(struct cc *c, int line, const char *s, size_t n)
{
	struct node *nd;

	if (n == 0)
		return ZW_OK;
	if (c->extends && c->sp == 0) {
		if (!all_space(s, n))
			return cc_err(c, line + count_lines(s,
			    strspn(s, " \t\r\n")), "text outside {{#block}} "
			    "in a template that extends another");
		return ZW_OK;
	}
	if (!all_space(s, n))
		c->seen = true;
	nd = cc_node(c, N_TEXT, line);
	nd->text = s;
	nd->len = n;
	return ZW_OK;
}

/* {{#kind args}} */
static int
cc_open(struct cc *c, int line, const char *s, size_t n)
{
	const char *rest, *lit;
	size_t wlen, rlen, plen, litlen;
	struct node *nd, *b;
	struct path path;
	enum nkind kind;
	int rc;

	split_word(s, n, &wlen, &rest, &rlen);
	if (word_is(s, wlen, "if"))
		kind = N_IF;
	else if (word_is(s, wlen, "unless"))
		kind = N_UNLESS;
	else if (word_is(s, wlen, "eq"))
		kind = N_EQ;
	else if (word_is(s, wlen, "each"))
		kind = N_EACH;
	else if (word_is(s, wlen, "block"))
		kind = N_BLOCK;
	else
		return cc_err(c, line, "unknown section '{{#%.*s}}'",
		    (int)(wlen < TAG_SHOW ? wlen : TAG_SHOW), s);
	if (c->extends && c->sp == 0 && kind != N_BLOCK)
		return cc_err(c, line, "only {{#block}} may appear outside "
		    "blocks in a template that extends another");
	if (c->sp >= ZW_TMPL_MAX_DEPTH)
		return cc_err(c, line, "sections nest deeper than %d",
		    ZW_TMPL_MAX_DEPTH);
	if (rlen == 0)
		return cc_err(c, line, "{{#%s}} needs an argument",
		    kind_word(kind));

	if (kind == N_BLOCK) {
		if ((rc = cc_name(c, line, rest, rlen, &lit, &litlen)) != ZW_OK)
			return rc;
		for (b = c->t->blocks; b != NULL; b = b->next_ref)
			if (strcmp(b->text, lit) == 0)
				return cc_err(c, line, "block '%s' already "
				    "defined at line %d", lit, b->line);
		nd = cc_node(c, N_BLOCK, line);
		nd->text = lit;
		nd->len = litlen;
		nd->next_ref = c->t->blocks;
		c->t->blocks = nd;
	} else {
		split_word(rest, rlen, &plen, &lit, &litlen);
		if (kind == N_EQ && litlen == 0)
			return cc_err(c, line, "{{#eq}} needs a name and a "
			    "\"string\"");
		if (kind != N_EQ && litlen != 0)
			return cc_err(c, line, "unexpected '%.*s'",
			    (int)(litlen < TAG_SHOW ? litlen : TAG_SHOW), lit);
		if ((rc = cc_path(c, line, rest, plen, &path)) != ZW_OK)
			return rc;
		if (kind == N_EQ) {
			/* The literal may hold spaces: take all the rest. */
			if ((rc = cc_literal(c, line, lit, litlen, &lit,
			    &litlen)) != ZW_OK)
				return rc;
		}
		nd = cc_node(c, kind, line);
		nd->path = path;
		if (kind == N_EQ) {
			nd->text = lit;
			nd->len = litlen;
		}
	}
	c->sp++;
	c->stk[c->sp].n = nd;
	c->stk[c->sp].tail = &nd->body;
	c->stk[c->sp].in_alt = false;
	return ZW_OK;
}

/* {{/kind}} */
static int
cc_close(struct cc *c, int line, const char *s, size_t n)
{
	struct node *open = c->stk[c->sp].n;

	if (open == NULL)
		return cc_err(c, line, "'{{/%.*s}}' without an open section",
		    (int)(n < TAG_SHOW ? n : TAG_SHOW), s);
	if (!word_is(s, n, kind_word(open->kind)))
		return cc_err(c, line, "'{{/%.*s}}' does not close "
		    "'{{#%s}}' opened at line %d",
		    (int)(n < TAG_SHOW ? n : TAG_SHOW), s,
		    kind_word(open->kind), open->line);
	c->sp--;
	return ZW_OK;
}

/* {{else}} */
static int
cc_else(struct cc *c, int line)
{
	struct frame *f = &c->stk[c->sp];

	if (f->n == NULL)
		return cc_err(c, line, "{{else}} outside a section");
	if (f->n->kind == N_BLOCK)
		return cc_err(c, line, "{{else}} inside {{#block}}");
	if (f->in_alt)
		return cc_err(c, line, "second {{else}} in '{{#%s}}' opened "
		    "at line %d", kind_word(f->n->kind), f->n->line);
	f->in_alt = true;
	f->tail = &f->n->alt;
	return ZW_OK;
}

/* {{extends "name"}} */
static int
cc_extends(struct cc *c, int line, const char *s, size_t n)
{
	const char *name;
	size_t len;
	int rc;

	if (c->seen || c->sp != 0)
		return cc_err(c, line, "{{extends}} must be the first tag");
	if ((rc = cc_name(c, line, s, n, &name, &len)) != ZW_OK)
		return rc;
	c->t->layout_name = name;
	c->t->layout_line = line;
	c->extends = true;
	/* Whatever came before was white space: drop it. */
	c->t->root = NULL;
	c->stk[0].tail = &c->t->root;
	return ZW_OK;
}

/* One tag; [s, s+n) is what lies between the braces, trimmed. */
static int
cc_tag(struct cc *c, int line, const char *s, size_t n)
{
	const char *rest, *name;
	size_t wlen, rlen, len;
	struct node *nd;
	struct path path;
	int rc;

	if (n == 0)
		return cc_err(c, line, "empty tag");
	if (s[0] == '!')
		return ZW_OK;
	if (s[0] == '#') {
		rest = s + 1;
		rlen = n - 1;
		while (rlen > 0 && is_space(*rest)) {
			rest++;
			rlen--;
		}
		rc = cc_open(c, line, rest, rlen);
	}
	else if (s[0] == '/') {
		rest = s + 1;
		rlen = n - 1;
		while (rlen > 0 && is_space(*rest)) {
			rest++;
			rlen--;
		}
		rc = cc_close(c, line, rest, rlen);
	} else if (s[0] == '>') {
		if (c->extends && c->sp == 0)
			return cc_err(c, line, "{{>}} outside blocks in a "
			    "template that extends another");
		rest = s + 1;
		rlen = n - 1;
		while (rlen > 0 && is_space(*rest)) {
			rest++;
			rlen--;
		}
		if ((rc = cc_name(c, line, rest, rlen, &name, &len)) != ZW_OK)
			return rc;
		nd = cc_node(c, N_PARTIAL, line);
		nd->text = name;
		nd->len = len;
		nd->next_ref = c->t->partials;
		c->t->partials = nd;
	} else {
		split_word(s, n, &wlen, &rest, &rlen);
		if (word_is(s, wlen, "extends"))
			rc = cc_extends(c, line, rest, rlen);
		else if (word_is(s, wlen, "else") && rlen == 0)
			rc = cc_else(c, line);
		else if (c->extends && c->sp == 0)
			return cc_err(c, line, "values outside blocks in a "
			    "template that extends another");
		else if (word_is(s, wlen, "raw")) {
			if (rlen == 0)
				return cc_err(c, line, "{{raw}} needs a name");
			if ((rc = cc_path(c, line, rest, rlen, &path)) != ZW_OK)
				return rc;
			nd = cc_node(c, N_RAW, line);
			nd->path = path;
		} else if (rlen != 0)
			return cc_err(c, line, "unknown tag '{{%.*s}}'",
			    (int)(n < TAG_SHOW ? n : TAG_SHOW), s);
		else {
			if ((rc = cc_path(c, line, s, n, &path)) != ZW_OK)
				return rc;
			nd = cc_node(c, N_VAR, line);
			nd->path = path;
		}
	}
	if (rc == ZW_OK)
		c->seen = true;
	return rc;
}

/* Report the first line that is not valid UTF-8. */
static int
cc_check_utf8(struct cc *c, const char *s, size_t n)
{
	const char *nl;
	size_t len;
	int line = 1;

	if (zw_utf8_valid(s, n))
		return ZW_OK;
	/* '\n' never occurs inside a multibyte sequence. */
	for (;;) {
		nl = memchr(s, '\n', n);
		len = nl != NULL ? (size_t)(nl - s) : n;
		if (!zw_utf8_valid(s, len) || nl == NULL)
			return cc_err(c, line, "not valid UTF-8");
		s = nl + 1;
		n -= len + 1;
		line++;
	}
}

static int
compile(struct cc *c, const char *src, size_t n)
{
	const char *p = src, *end = src + n, *open, *close, *in;
	size_t inlen;
	int line = 1, rc;

	if ((rc = cc_check_utf8(c, src, n)) != ZW_OK)
		return rc;
	c->stk[0].n = NULL;
	c->stk[0].tail = &c->t->root;
	c->stk[0].in_alt = false;
	while (p < end) {
		open = memmem(p, (size_t)(end - p), "{{", 2);
		if (open == NULL)
			open = end;
		if ((rc = cc_text(c, line, p, (size_t)(open - p))) != ZW_OK)
			return rc;
		line += count_lines(p, (size_t)(open - p));
		if (open == end)
			break;
		close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
		if (close == NULL)
			return cc_err(c, line, "unclosed '{{'");
		in = open + 2;
		inlen = (size_t)(close - in);
		while (inlen > 0 && is_space(*in)) {
			in++;
			inlen--;
		}
		while (inlen > 0 && is_space(in[inlen - 1]))
			inlen--;
		if ((rc = cc_tag(c, line, in, inlen)) != ZW_OK)
			return rc;
		line += count_lines(open, (size_t)(close - open));
		p = close + 2;
	}
	if (c->sp > 0)
		return cc_err(c, c->stk[c->sp].n->line, "unclosed '{{#%s}}'",
		    kind_word(c->stk[c->sp].n->kind));
	return ZW_OK;
}

/*
 * Compile src (n bytes, need not be NUL-terminated; copied) as template
 * name.  Returns ZW_OK; ZW_EINVAL with err = "name:line: why" for a
 * syntax error or a duplicate name; ZW_ETOOBIG past ZW_TMPL_MAX_SIZE;
 * ZW_ESTATE once the set is linked.  A failed add leaves the set as it
 * was.
 */
int
zw_tmpl_add(zw_tmpl_set *s, const char *name, const char *src, size_t n,
    char *err, size_t errlen)
{
	struct cc c;
	struct tmpl *t, **tail;
	char *copy;
	int rc;

	if (name == NULL || name[0] == '\0' || (src == NULL && n > 0)) {
		set_err(err, errlen, "template without a name or source");
		return ZW_EINVAL;
	}
	if (s->linked) {
		set_err(err, errlen, "%s: template set already linked", name);
		return ZW_ESTATE;
	}
	if (n > ZW_TMPL_MAX_SIZE) {
		set_err(err, errlen, "%s: larger than %u bytes", name,
		    (unsigned)ZW_TMPL_MAX_SIZE);
		return ZW_ETOOBIG;
	}
	for (t = s->list; t != NULL; t = t->next)
		if (strcmp(t->name, name) == 0) {
			set_err(err, errlen, "%s: template defined twice",
			    name);
			return ZW_EINVAL;
		}

	t = zw_zalloc(s->arena, sizeof(*t));
	t->name = zw_astrdup(s->arena, name);
	copy = zw_alloc(s->arena, n + 1);
	if (n > 0)
		memcpy(copy, src, n);
	copy[n] = '\0';

	memset(&c, 0, sizeof(c));
	c.a = s->arena;
	c.t = t;
	c.err = err;
	c.errlen = errlen;
	if ((rc = compile(&c, copy, n)) != ZW_OK)
		return rc;

	for (tail = &s->list; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = t;
	s->count++;
	return ZW_OK;
}

/* ------------------------------------------------------------------ */
/* Linking */

static int
cmp_tmpl(const void *a, const void *b)
{
	const struct tmpl *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static int
cmp_key(const void *key, const void *elem)
{
	const struct tmpl *const *t = elem;

	return strcmp(key, (*t)->name);
}

static struct tmpl *
find(const zw_tmpl_set *s, const char *name)
{
	struct tmpl **t;

	if (s->sorted == NULL)
		return NULL;
	t = bsearch(name, s->sorted, s->count, sizeof(*s->sorted), cmp_key);
	return t != NULL ? *t : NULL;
}

enum { WHITE, GREY, BLACK };

struct cyc {
	const struct tmpl **path;	/* grey templates, outermost first */
	size_t depth;
	char *err;
	size_t errlen;
};

static int
cycle_err(struct cyc *y, const struct tmpl *from, int line,
    const struct tmpl *to)
{
	zw_buf b;
	size_t i = y->depth;

	zw_buf_init(&b, 4096);
	while (i > 0 && y->path[i - 1] != to)
		i--;
	zw_buf_printf(&b, "%s:%d: include cycle:", from->name, line);
	for (i = i > 0 ? i - 1 : 0; i < y->depth; i++)
		zw_buf_printf(&b, " %s ->", y->path[i]->name);
	zw_buf_printf(&b, " %s", to->name);
	if (y->err != NULL && y->errlen > 0)
		zw_strlcpy(y->err, b.p != NULL ? b.p : "include cycle",
		    y->errlen);
	zw_buf_free(&b);
	return ZW_EINVAL;
}

/* Depth-first search over partial and layout edges. */
static int
cycle_visit(struct cyc *y, struct tmpl *t)
{
	struct tmpl *to;
	struct node *p;
	int rc;

	t->mark = GREY;
	y->path[y->depth++] = t;
	if ((to = t->layout) != NULL) {
		if (to->mark == GREY)
			return cycle_err(y, t, t->layout_line, to);
		if (to->mark == WHITE && (rc = cycle_visit(y, to)) != ZW_OK)
			return rc;
	}
	for (p = t->partials; p != NULL; p = p->next_ref) {
		to = p->target;
		if (to->mark == GREY)
			return cycle_err(y, t, p->line, to);
		if (to->mark == WHITE && (rc = cycle_visit(y, to)) != ZW_OK)
			return rc;
	}
	y->depth--;
	t->mark = BLACK;
	return ZW_OK;
}

/*
 * The expanded-depth walk.  memo[t->index * MEMO_W + nchain] holds the
 * height of template t rendered with an extends chain of nchain
 * templates (the chain is a prefix of the root's, so the pair is a
 * complete key while one root is walked).
 */
#define MEMO_W		(ZW_TMPL_MAX_DEPTH + 2)
#define M_UNKNOWN	(-1)
#define M_BUSY		(-2)

struct walk {
	const struct tmpl *root;
	const struct tmpl *chain[ZW_TMPL_MAX_DEPTH + 1];
	size_t nchain;
	int *memo;
	char *err;
	size_t errlen;
};

/*
 * The content a block named name shows with this chain: the most
 * derived definition, else def.  OUT: *owner.
 */
static const struct node *
block_body(const struct tmpl *const *chain, size_t nchain,
    const struct node *def, const struct tmpl **owner)
{
	const struct node *b;
	size_t i;

	for (i = 0; i < nchain; i++)
		for (b = chain[i]->blocks; b != NULL; b = b->next_ref)
			if (strcmp(b->text, def->text) == 0) {
				if (owner != NULL)
					*owner = chain[i];
				return b->body;
			}
	return def->body;
}

static int walk_tmpl(struct walk *, const struct tmpl *, const struct tmpl *,
    int, int, int *);

static int
too_deep(struct walk *w, const struct tmpl *owner, int line)
{
	set_err(w->err, w->errlen, "%s:%d: nesting deeper than %d when "
	    "rendering '%s'", owner->name, line, ZW_TMPL_MAX_DEPTH,
	    w->root->name);
	return ZW_EINVAL;
}

/*
 * Height of a node list of template owner at depth d.  OUT: *h.
 */
static int
walk_list(struct walk *w, const struct tmpl *owner, const struct node *n,
    int d, int *h)
{
	const struct tmpl *bowner;
	const struct node *body;
	int a, b, rc;

	*h = 0;
	for (; n != NULL; n = n->next) {
		if (n->kind == N_TEXT || n->kind == N_VAR || n->kind == N_RAW)
			continue;
		if (d + 1 > ZW_TMPL_MAX_DEPTH)
			return too_deep(w, owner, n->line);
		a = b = 0;
		switch (n->kind) {
		case N_PARTIAL:
			rc = walk_tmpl(w, n->target, owner, n->line, d + 1, &a);
			break;
		case N_BLOCK:
			bowner = owner;
			body = block_body(w->chain, w->nchain, n, &bowner);
			rc = walk_list(w, bowner, body, d + 1, &a);
			break;
		default:
			if ((rc = walk_list(w, owner, n->body, d + 1, &a)) ==
			    ZW_OK)
				rc = walk_list(w, owner, n->alt, d + 1, &b);
			break;
		}
		if (rc != ZW_OK)
			return rc;
		if (a < b)
			a = b;
		if (a + 1 > *h)
			*h = a + 1;
	}
	return ZW_OK;
}

/*
 * Height of template t rendered at depth d, included from (from, line).
 * OUT: *h.
 */
static int
walk_tmpl(struct walk *w, const struct tmpl *t, const struct tmpl *from,
    int line, int d, int *h)
{
	int *m = &w->memo[t->index * MEMO_W + w->nchain];
	int rc, sub = 0;

	if (*m == M_BUSY) {
		set_err(w->err, w->errlen, "%s:%d: '%s' includes itself "
		    "through blocks when rendering '%s'", from->name, line,
		    t->name, w->root->name);
		return ZW_EINVAL;
	}
	if (*m >= 0) {
		if (d + *m > ZW_TMPL_MAX_DEPTH)
			return too_deep(w, from, line);
		*h = *m;
		return ZW_OK;
	}
	*m = M_BUSY;
	if (t->layout != NULL) {
		if (d + 1 > ZW_TMPL_MAX_DEPTH)
			return too_deep(w, t, t->layout_line);
		w->chain[w->nchain++] = t;
		rc = walk_tmpl(w, t->layout, t, t->layout_line, d + 1, &sub);
		w->nchain--;
		*h = sub + 1;
	} else
		rc = walk_list(w, t, t->root, d, h);
	if (rc != ZW_OK)
		return rc;
	*m = *h;
	return ZW_OK;
}

/*
 * Resolve every partial and layout name, refuse include cycles, and
 * check the expanded nesting depth of every template.  Returns ZW_OK
 * (the set is then read-only and may be rendered from), or ZW_EINVAL
 * with err = "name:line: why"; after a failure, zw_tmpl_add may add
 * what was missing and zw_tmpl_link may be called again.
 */
int
zw_tmpl_link(zw_tmpl_set *s, char *err, size_t errlen)
{
	struct tmpl *t, *to;
	struct node *p;
	struct cyc y;
	struct walk w;
	size_t i;
	int rc = ZW_OK, h;

	if (s->linked)
		return ZW_OK;
	zw_free(s->sorted);
	s->sorted = zw_calloc(s->count ? s->count : 1, sizeof(*s->sorted));
	for (i = 0, t = s->list; t != NULL; t = t->next)
		s->sorted[i++] = t;
	qsort(s->sorted, s->count, sizeof(*s->sorted), cmp_tmpl);
	for (i = 0; i < s->count; i++) {
		s->sorted[i]->index = i;
		s->sorted[i]->mark = WHITE;
	}

	for (t = s->list; t != NULL; t = t->next) {
		t->layout = NULL;
		if (t->layout_name != NULL) {
			if ((to = find(s, t->layout_name)) == NULL) {
				set_err(err, errlen, "%s:%d: unknown layout "
				    "'%s'", t->name, t->layout_line,
				    t->layout_name);
				return ZW_EINVAL;
			}
			t->layout = to;
		}
		for (p = t->partials; p != NULL; p = p->next_ref) {
			if ((to = find(s, p->text)) == NULL) {
				set_err(err, errlen, "%s:%d: unknown partial "
				    "'%s'", t->name, p->line, p->text);
				return ZW_EINVAL;
			}
			if (to->layout_name != NULL) {
				set_err(err, errlen, "%s:%d: partial '%s' "
				    "extends a layout and cannot be included",
				    t->name, p->line, p->text);
				return ZW_EINVAL;
			}
			p->target = to;
		}
	}

	y.path = zw_calloc(s->count ? s->count : 1, sizeof(*y.path));
	y.depth = 0;
	y.err = err;
	y.errlen = errlen;
	for (i = 0; i < s->count && rc == ZW_OK; i++)
		if (s->sorted[i]->mark == WHITE)
			rc = cycle_visit(&y, s->sorted[i]);
	zw_free(y.path);
	if (rc != ZW_OK)
		return rc;

	memset(&w, 0, sizeof(w));
	w.memo = zw_calloc(s->count ? s->count * MEMO_W : 1, sizeof(int));
	w.err = err;
	w.errlen = errlen;
	for (i = 0; i < s->count && rc == ZW_OK; i++) {
		size_t k;

		for (k = 0; k < s->count * MEMO_W; k++)
			w.memo[k] = M_UNKNOWN;
		w.root = s->sorted[i];
		w.nchain = 0;
		rc = walk_tmpl(&w, w.root, w.root, 1, 0, &h);
	}
	zw_free(w.memo);
	if (rc != ZW_OK)
		return rc;
	s->linked = true;
	return ZW_OK;
}

/* ------------------------------------------------------------------ */
/* Rendering */

struct scope {
	json_t *item;
	const struct scope *up;
	size_t index;		/* position, in an {{#each}} scope */
	bool each;
};

struct rs {
	zw_buf *out;
	const struct tmpl *chain[ZW_TMPL_MAX_DEPTH + 1];
	size_t nchain;
	int depth;
};

/* A looked-up value: a JSON value (NULL if missing) or a loop counter. */
struct val {
	json_t *j;
	bool is_int;
	long long i;
};

static json_t *
step(json_t *j, const struct seg *sg)
{
	if (json_is_object(j))
		return json_object_get(j, sg->key);
	if (json_is_array(j) && sg->idx >= 0)
		return json_array_get(j, (size_t)sg->idx);
	return NULL;
}

/*
 * Resolve a path: the first key is searched in the innermost scope
 * whose item is an object holding it, then outwards; the other keys
 * descend from there.
 */
static void
lookup(const struct path *p, const struct scope *sc, struct val *v)
{
	const struct scope *s;
	json_t *j = NULL;
	size_t i;

	v->j = NULL;
	v->is_int = false;
	v->i = 0;
	switch (p->kind) {
	case P_DOT:
		v->j = sc->item;
		return;
	case P_INDEX:
	case P_NUMBER:
		for (s = sc; s != NULL; s = s->up)
			if (s->each) {
				v->is_int = true;
				v->i = (long long)s->index +
				    (p->kind == P_NUMBER);
				return;
			}
		return;
	case P_KEYS:
		break;
	}
	for (s = sc; s != NULL; s = s->up)
		if (json_is_object(s->item) &&
		    (j = json_object_get(s->item, p->seg[0].key)) != NULL)
			break;
	for (i = 1; i < p->nseg && j != NULL; i++)
		j = step(j, &p->seg[i]);
	v->j = j;
}

static bool
truthy(const struct val *v)
{
	if (v->is_int)
		return v->i != 0;
	if (v->j == NULL)
		return false;
	switch (json_typeof(v->j)) {
	case JSON_TRUE:
		return true;
	case JSON_INTEGER:
		return json_integer_value(v->j) != 0;
	case JSON_REAL:
		return json_real_value(v->j) != 0.0;
	case JSON_STRING:
		return json_string_length(v->j) > 0;
	case JSON_ARRAY:
		return json_array_size(v->j) > 0;
	case JSON_OBJECT:
		return json_object_size(v->j) > 0;
	default:
		return false;
	}
}

/*
 * The text of a scalar value, as {{value}} would print it (before
 * escaping).  tmp holds numbers.  Returns false for arrays and objects.
 */
static bool
scalar_text(const struct val *v, char *tmp, size_t tmplen, const char **s,
    size_t *n)
{
	int len;

	*s = "";
	*n = 0;
	if (v->is_int) {
		len = snprintf(tmp, tmplen, "%lld", v->i);
		goto num;
	}
	if (v->j == NULL)
		return true;
	switch (json_typeof(v->j)) {
	case JSON_STRING:
		*s = json_string_value(v->j);
		*n = json_string_length(v->j);
		return true;
	case JSON_INTEGER:
		len = snprintf(tmp, tmplen, "%lld",
		    (long long)json_integer_value(v->j));
		goto num;
	case JSON_REAL:
		len = snprintf(tmp, tmplen, "%g", json_real_value(v->j));
		goto num;
	case JSON_TRUE:
		*s = "true";
		*n = 4;
		return true;
	case JSON_FALSE:
		*s = "false";
		*n = 5;
		return true;
	case JSON_NULL:
		return true;
	default:
		return false;
	}
num:
	if (len < 0 || (size_t)len >= tmplen)
		return false;
	*s = tmp;
	*n = (size_t)len;
	return true;
}

static int
put_val(zw_buf *out, const struct val *v, bool escape)
{
	char tmp[64];
	const char *s;
	size_t n;

	if (!scalar_text(v, tmp, sizeof(tmp), &s, &n) || n == 0)
		return ZW_OK;
	if (escape && v->j != NULL && json_is_string(v->j))
		return zw_html_escape(out, s, n);
	return zw_buf_append(out, s, n);
}

static int render_list(struct rs *, const struct node *,
    const struct scope *);

static int
render_tmpl(struct rs *rs, const struct tmpl *t, const struct scope *sc)
{
	int rc;

	if (t->layout == NULL)
		return render_list(rs, t->root, sc);
	/* Link proved this cannot happen; refuse rather than overflow. */
	if (rs->depth >= ZW_TMPL_MAX_DEPTH)
		return ZW_EINVAL;
	rs->depth++;
	rs->chain[rs->nchain++] = t;
	rc = render_tmpl(rs, t->layout, sc);
	rs->nchain--;
	rs->depth--;
	return rc;
}

static int
render_each(struct rs *rs, const struct node *n, const struct val *v,
    const struct scope *sc)
{
	struct scope in;
	const char *key;
	json_t *item;
	size_t i;
	int rc;

	in.up = sc;
	in.each = true;
	if (json_is_array(v->j) && json_array_size(v->j) > 0) {
		json_array_foreach(v->j, i, item) {
			in.item = item;
			in.index = i;
			if ((rc = render_list(rs, n->body, &in)) != ZW_OK)
				return rc;
		}
		return ZW_OK;
	}
	if (json_is_object(v->j) && json_object_size(v->j) > 0) {
		in.index = 0;
		json_object_foreach(v->j, key, item) {
			in.item = item;
			if ((rc = render_list(rs, n->body, &in)) != ZW_OK)
				return rc;
			in.index++;
		}
		return ZW_OK;
	}
	return render_list(rs, n->alt, sc);
}

static int
render_node(struct rs *rs, const struct node *n, const struct scope *sc)
{
	char tmp[64];
	const char *s;
	struct val v;
	size_t len;
	bool yes;

	switch (n->kind) {
	case N_TEXT:
		return zw_buf_append(rs->out, n->text, n->len);
	case N_VAR:
	case N_RAW:
		lookup(&n->path, sc, &v);
		return put_val(rs->out, &v, n->kind == N_VAR);
	case N_IF:
	case N_UNLESS:
		lookup(&n->path, sc, &v);
		yes = truthy(&v) == (n->kind == N_IF);
		return render_list(rs, yes ? n->body : n->alt, sc);
	case N_EQ:
		lookup(&n->path, sc, &v);
		yes = scalar_text(&v, tmp, sizeof(tmp), &s, &len) &&
		    len == n->len && memcmp(s, n->text, len) == 0;
		return render_list(rs, yes ? n->body : n->alt, sc);
	case N_EACH:
		lookup(&n->path, sc, &v);
		return render_each(rs, n, &v, sc);
	case N_BLOCK:
		return render_list(rs, block_body(rs->chain, rs->nchain, n,
		    NULL), sc);
	case N_PARTIAL:
		return render_tmpl(rs, n->target, sc);
	}
	return ZW_EINVAL;
}

static int
render_list(struct rs *rs, const struct node *n, const struct scope *sc)
{
	int rc = ZW_OK;

	if (n == NULL)
		return ZW_OK;
	/* Link proved this cannot happen; refuse rather than overflow. */
	if (rs->depth >= ZW_TMPL_MAX_DEPTH + 1)
		return ZW_EINVAL;
	rs->depth++;
	for (; n != NULL && rc == ZW_OK; n = n->next)
		rc = render_node(rs, n, sc);
	rs->depth--;
	return rc;
}

/*
 * Render template name with ctx (any JSON value; NULL is an empty
 * context) and append it to out.  Returns ZW_OK; ZW_ENOTFOUND for an
 * unknown name; ZW_ESTATE if the set is not linked; ZW_ETOOBIG past
 * out->max.  On error out is restored to its previous length.
 * Thread-safe on a linked set as long as nobody modifies ctx.
 */
int
zw_tmpl_render(const zw_tmpl_set *s, const char *name, json_t *ctx,
    zw_buf *out)
{
	const struct tmpl *t;
	struct scope root;
	struct rs rs;
	size_t start = out->len;
	int rc;

	if (!s->linked)
		return ZW_ESTATE;
	if ((t = find(s, name)) == NULL)
		return ZW_ENOTFOUND;
	root.item = ctx;
	root.up = NULL;
	root.index = 0;
	root.each = false;
	rs.out = out;
	rs.nchain = 0;
	rs.depth = 0;
	if ((rc = render_tmpl(&rs, t, &root)) != ZW_OK) {
		out->len = start;
		if (out->p != NULL)
			out->p[start] = '\0';
	}
	return rc;
}

/*
 * Append [s, s+n) to out with & < > " ' replaced by entities.  Returns
 * ZW_OK, or ZW_ETOOBIG past out->max (out then keeps its length).
 */
int
zw_html_escape(zw_buf *out, const char *s, size_t n)
{
	size_t i, run = 0, start = out->len;
	const char *rep;
	int rc;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':	rep = "&amp;"; break;
		case '<':	rep = "&lt;"; break;
		case '>':	rep = "&gt;"; break;
		case '"':	rep = "&quot;"; break;
		case '\'':	rep = "&#39;"; break;
		default:	continue;
		}
		if ((rc = zw_buf_append(out, s + run, i - run)) != ZW_OK ||
		    (rc = zw_buf_puts(out, rep)) != ZW_OK)
			goto fail;
		run = i + 1;
	}
	if ((rc = zw_buf_append(out, s + run, n - run)) != ZW_OK)
		goto fail;
	return ZW_OK;
fail:
	out->len = start;
	if (out->p != NULL)
		out->p[start] = '\0';
	return rc;
}
