/*
 * tar.h -- POSIX ustar archives: headers for regular files, and whole
 * archives built in memory (archive packages).  Readable with `tar -tf`.
 */
#ifndef ZW_TAR_H
#define ZW_TAR_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define ZW_TAR_BLOCK 512

/* Header of a regular file member; ZW_EINVAL if name is 100 bytes or
 * more. OUT: hdr. */
int zw_tar_header(char hdr[ZW_TAR_BLOCK], const char *name, uint64_t size,
    int64_t mtime, unsigned mode);
/* Append a member (header, data, padding) to b. */
int zw_tar_append(zw_buf *b, const char *name, const void *p, size_t n,
    int64_t mtime);
/* The two zero blocks that end an archive. */
int zw_tar_finish(zw_buf *b);

#endif
