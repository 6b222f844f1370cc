/*
 * mem.h -- allocation wrappers.  zw_malloc and friends never return NULL:
 * they abort with file and line on OOM (as redis zmalloc, h2o_fatal do).
 * Only call raw malloc/free through these.
 */
#ifndef ZW_MEM_H
#define ZW_MEM_H

#include <stddef.h>

void *zw_malloc_at(size_t n, const char *file, int line);
void *zw_calloc_at(size_t nmemb, size_t size, const char *file, int line);
void *zw_realloc_at(void *p, size_t n, const char *file, int line);
char *zw_strdup_at(const char *s, const char *file, int line);
char *zw_strndup_at(const char *s, size_t n, const char *file, int line);
void zw_free(void *p);

/* Zero memory that held secrets; the compiler may not elide it. */
void zw_wipe(void *p, size_t n);

_Noreturn void zw_fatal_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define zw_malloc(n)		zw_malloc_at((n), __FILE__, __LINE__)
#define zw_calloc(m, n)		zw_calloc_at((m), (n), __FILE__, __LINE__)
#define zw_realloc(p, n)	zw_realloc_at((p), (n), __FILE__, __LINE__)
#define zw_strdup(s)		zw_strdup_at((s), __FILE__, __LINE__)
#define zw_strndup(s, n)	zw_strndup_at((s), (n), __FILE__, __LINE__)
#define zw_fatal(...)		zw_fatal_at(__FILE__, __LINE__, __VA_ARGS__)

/* Invariants: abort with file and line when false. */
#define ZW_ASSERT(x) \
	do { if (!(x)) zw_fatal("assertion failed: %s", #x); } while (0)

#endif
