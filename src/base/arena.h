/*
 * arena.h -- bump allocator for one request (or one command).  Every
 * allocation lives until zw_arena_free(), which also runs the deferred
 * cleanups (file descriptors, database connections, temp files) in
 * reverse order of registration.
 */
#ifndef ZW_ARENA_H
#define ZW_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct zw_arena zw_arena;

zw_arena *zw_arena_new(void);
void zw_arena_free(zw_arena *a);

/* Aligned to max_align_t; never NULL (aborts past ZW_ARENA_MAX). */
void *zw_alloc(zw_arena *a, size_t n);
void *zw_zalloc(zw_arena *a, size_t n);
char *zw_astrdup(zw_arena *a, const char *s);
char *zw_astrndup(zw_arena *a, const char *s, size_t n);
char *zw_aprintf(zw_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *zw_vaprintf(zw_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Bytes handed out so far (for tests and metrics). */
size_t zw_arena_used(const zw_arena *a);

/* Run fn(arg) when the arena is freed (last registered runs first). */
void zw_defer(zw_arena *a, void (*fn)(void *), void *arg);

#endif
