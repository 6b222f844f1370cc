/*
 * buf.c -- bounded growable buffers.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "mem.h"

void
zw_buf_init(zw_buf *b, size_t max)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
zw_buf_free(zw_buf *b)
{
	zw_free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
zw_buf_reset(zw_buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static int
reserve(zw_buf *b, size_t n)
{
	size_t want, cap;

	if (n > b->max || b->len > b->max - n)
		return ZW_ETOOBIG;
	want = b->len + n + 1;
	if (want <= b->cap)
		return ZW_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < want)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	b->p = zw_realloc(b->p, cap);
	b->cap = cap;
	return ZW_OK;
}

int
zw_buf_append(zw_buf *b, const void *p, size_t n)
{
	int rc;

	if ((rc = reserve(b, n)) != ZW_OK)
		return rc;
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return ZW_OK;
}

int
zw_buf_puts(zw_buf *b, const char *s)
{
	return zw_buf_append(b, s, strlen(s));
}

int
zw_buf_putc(zw_buf *b, char c)
{
	return zw_buf_append(b, &c, 1);
}

int
zw_buf_vprintf(zw_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return ZW_EINVAL;
	if ((rc = reserve(b, (size_t)n)) != ZW_OK)
		return rc;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return ZW_OK;
}

int
zw_buf_printf(zw_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = zw_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *
zw_buf_detach(zw_buf *b, size_t *len)
{
	char *p;

	if (b->p == NULL)
		b->p = zw_calloc(1, 1);
	p = b->p;
	if (len != NULL)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}
