/*
 * mem.c -- allocation wrappers that abort on OOM, and secure wiping.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void
zw_fatal_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "zhengwu: fatal: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *
zw_malloc_at(size_t n, const char *file, int line)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		zw_fatal_at(file, line, "out of memory (%zu bytes)", n);
	return p;
}

void *
zw_calloc_at(size_t nmemb, size_t size, const char *file, int line)
{
	void *p;

	if (size != 0 && nmemb > (size_t)-1 / size)
		zw_fatal_at(file, line, "calloc overflow");
	p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (p == NULL)
		zw_fatal_at(file, line, "out of memory (%zu x %zu)", nmemb, size);
	return p;
}

void *
zw_realloc_at(void *p, size_t n, const char *file, int line)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		zw_fatal_at(file, line, "out of memory (%zu bytes)", n);
	return q;
}

char *
zw_strndup_at(const char *s, size_t n, const char *file, int line)
{
	char *p = zw_malloc_at(n + 1, file, line);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
zw_strdup_at(const char *s, const char *file, int line)
{
	return zw_strndup_at(s, strlen(s), file, line);
}

void
zw_free(void *p)
{
	free(p);
}

void
zw_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}
