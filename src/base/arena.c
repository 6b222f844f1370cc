/*
 * arena.c -- a chain of blocks, each at least twice the previous one,
 * plus a list of deferred cleanups.  Large requests get a block of
 * their own so that a 30 MiB upload does not double the next block.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "limits.h"
#include "mem.h"

struct block {
	struct block *next;
	size_t cap;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *arg;
};

struct zw_arena {
	struct block *head;
	struct deferred *defers;
	size_t total;		/* bytes handed out */
	size_t next_cap;
};

#define ALIGN_UP(n) (((n) + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1))

zw_arena *
zw_arena_new(void)
{
	zw_arena *a = zw_calloc(1, sizeof(*a));

	a->next_cap = ZW_ARENA_BLOCK;
	return a;
}

void
zw_arena_free(zw_arena *a)
{
	struct block *b, *nb;
	struct deferred *d, *nd;

	if (a == NULL)
		return;
	for (d = a->defers; d != NULL; d = nd) {
		nd = d->next;
		d->fn(d->arg);
	}
	for (b = a->head; b != NULL; b = nb) {
		nb = b->next;
		zw_free(b);
	}
	zw_free(a);
}

static struct block *
new_block(size_t cap)
{
	struct block *b = zw_malloc(sizeof(*b) + cap);

	b->next = NULL;
	b->cap = cap;
	b->used = 0;
	return b;
}

void *
zw_alloc(zw_arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need = ALIGN_UP(n ? n : 1);
	void *p;

	if (need > ZW_ARENA_MAX || a->total + need > ZW_ARENA_MAX)
		zw_fatal("arena limit exceeded (%zu bytes)", a->total + need);
	if (b == NULL || b->cap - b->used < need) {
		if (need > a->next_cap / 2) {
			/* A big allocation gets its own block behind the head. */
			struct block *big = new_block(need);

			if (b != NULL) {
				big->next = b->next;
				b->next = big;
			} else
				a->head = big;
			big->used = need;
			a->total += need;
			return big->data;
		}
		b = new_block(a->next_cap);
		b->next = a->head;
		a->head = b;
		if (a->next_cap < (1u << 20))
			a->next_cap *= 2;
	}
	p = b->data + b->used;
	b->used += need;
	a->total += need;
	return p;
}

void *
zw_zalloc(zw_arena *a, size_t n)
{
	void *p = zw_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *
zw_astrndup(zw_arena *a, const char *s, size_t n)
{
	char *p = zw_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
zw_astrdup(zw_arena *a, const char *s)
{
	return zw_astrndup(a, s, strlen(s));
}

char *
zw_vaprintf(zw_arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		zw_fatal("bad format string");
	p = zw_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
zw_aprintf(zw_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = zw_vaprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t
zw_arena_used(const zw_arena *a)
{
	return a->total;
}

void
zw_defer(zw_arena *a, void (*fn)(void *), void *arg)
{
	struct deferred *d = zw_alloc(a, sizeof(*d));

	d->fn = fn;
	d->arg = arg;
	d->next = a->defers;
	a->defers = d;
}
