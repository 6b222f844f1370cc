/*
 * buf.h -- a growable byte buffer with a mandatory maximum (after curl's
 * dynbuf).  The content is always NUL-terminated for convenience but
 * may hold NULs.  Appending past `max` fails with ZW_ETOOBIG and leaves
 * the buffer unchanged.
 */
#ifndef ZW_BUF_H
#define ZW_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct zw_buf {
	char *p;
	size_t len;
	size_t cap;
	size_t max;
} zw_buf;

void zw_buf_init(zw_buf *b, size_t max);
void zw_buf_free(zw_buf *b);
void zw_buf_reset(zw_buf *b);
int zw_buf_append(zw_buf *b, const void *p, size_t n);
int zw_buf_puts(zw_buf *b, const char *s);
int zw_buf_putc(zw_buf *b, char c);
int zw_buf_printf(zw_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int zw_buf_vprintf(zw_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Take ownership of the bytes (free with zw_free); buffer is reset. */
char *zw_buf_detach(zw_buf *b, size_t *len);

#endif
