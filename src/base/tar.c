/*
 * tar.c -- ustar headers and in-memory archives.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/tar.h"

/* width-1 octal digits, zero-padded, then NUL (values that do not fit
 * keep their low digits: callers stay far below the limits). */
static void
octal(char *field, size_t width, unsigned long long v)
{
	size_t i = width - 1;

	field[i] = '\0';
	while (i > 0) {
		field[--i] = (char)('0' + (v & 7));
		v >>= 3;
	}
}

int
zw_tar_header(char hdr[ZW_TAR_BLOCK], const char *name, uint64_t size,
    int64_t mtime, unsigned mode)
{
	unsigned sum = 0;
	size_t i, n = strlen(name);

	if (n == 0 || n >= 100)
		return ZW_EINVAL;
	memset(hdr, 0, ZW_TAR_BLOCK);
	memcpy(hdr, name, n);
	octal(hdr + 100, 8, mode & 0777);
	octal(hdr + 108, 8, 0);
	octal(hdr + 116, 8, 0);
	octal(hdr + 124, 12, size);
	octal(hdr + 136, 12, (unsigned long long)(mtime > 0 ? mtime : 0));
	memset(hdr + 148, ' ', 8);
	hdr[156] = '0';
	memcpy(hdr + 257, "ustar", 6);
	memcpy(hdr + 263, "00", 2);
	for (i = 0; i < ZW_TAR_BLOCK; i++)
		sum += (unsigned char)hdr[i];
	octal(hdr + 148, 7, sum);
	hdr[155] = ' ';
	return ZW_OK;
}

int
zw_tar_append(zw_buf *b, const char *name, const void *p, size_t n,
    int64_t mtime)
{
	static const char zeros[ZW_TAR_BLOCK];
	char hdr[ZW_TAR_BLOCK];
	int rc;

	if ((rc = zw_tar_header(hdr, name, n, mtime, 0644)) != ZW_OK ||
	    (rc = zw_buf_append(b, hdr, sizeof(hdr))) != ZW_OK ||
	    (rc = zw_buf_append(b, p, n)) != ZW_OK)
		return rc;
	if (n % ZW_TAR_BLOCK)
		rc = zw_buf_append(b, zeros, ZW_TAR_BLOCK - n % ZW_TAR_BLOCK);
	return rc;
}

int
zw_tar_finish(zw_buf *b)
{
	static const char zeros[2 * ZW_TAR_BLOCK];

	return zw_buf_append(b, zeros, sizeof(zeros));
}
