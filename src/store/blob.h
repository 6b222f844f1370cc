/*
 * blob.h -- content-addressed file store under DATA/blobs/.  A blob is
 * named by the lowercase hex SM3 of its bytes, stored as
 * DATA/blobs/ab/cdef... ; written to a temporary file in the same
 * directory, fsync'ed and renamed, so a crash never leaves half a file.
 */
#ifndef ZW_BLOB_H
#define ZW_BLOB_H

#include <stddef.h>

#define ZW_SM3_HEX_LEN 64

/* Store bytes; OUT: sm3hex (65 bytes).  Storing existing content is a no-op. */
int zw_blob_put(const char *datadir, const void *p, size_t n, char sm3hex[65]);
/* Read a whole blob into a zw_malloc'ed buffer. OUT: *p, *n. */
int zw_blob_get(const char *datadir, const char *sm3hex, void **p, size_t *n);
/* Path of a blob (for streaming); ZW_EINVAL if sm3hex is malformed. */
int zw_blob_path(const char *datadir, const char *sm3hex, char *out, size_t size);

#endif
