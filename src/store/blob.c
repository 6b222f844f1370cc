/*
 * blob.c -- content-addressed file store under DATA/blobs/.
 *
 * A blob's name is the lowercase hex SM3 of its bytes; it lives at
 * DATA/blobs/<first 2 digits>/<other 62>.  A put writes a temporary
 * file (mkostemp, dot-prefixed so it can never look like a blob) in
 * the final directory, fsyncs it, renames it into place and fsyncs the
 * directory, so after a crash a blob is either whole or absent.  Equal
 * content maps to the same name, so concurrent puts of the same bytes
 * race harmlessly: rename is atomic and both files are identical.
 * A get re-hashes what it read, so a damaged or tampered file is
 * reported (ZW_ECRYPTO) instead of served.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "crypto/sm3.h"
#include "store/blob.h"

#define BLOB_DIR_MODE	0750
#define BLOB_FILE_MODE	0640
#define BLOB_TMP_NAME	".tmp.XXXXXX"

/* Exactly 64 lowercase hex digits, then NUL. */
static bool
blob_name_ok(const char *s)
{
	size_t i;

	if (s == NULL)
		return false;
	for (i = 0; i < ZW_SM3_HEX_LEN; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;	/* also stops at an early NUL */
	}
	return s[ZW_SM3_HEX_LEN] == '\0';
}

/* mkdir that accepts an existing directory.  OUT: *made. */
static int
blob_mkdir(const char *path, bool *made)
{
	*made = false;
	if (mkdir(path, BLOB_DIR_MODE) == 0) {
		*made = true;
		return ZW_OK;
	}
	return errno == EEXIST ? ZW_OK : ZW_EIO;
}

/* fsync a directory so that entries created or renamed in it last. */
static int
blob_sync_dir(const char *path)
{
	int fd, rc = ZW_OK;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return ZW_EIO;
	if (fsync(fd) == -1)
		rc = ZW_EIO;
	close(fd);
	return rc;
}

/* Write all n bytes, across short writes and signals. */
static int
blob_write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return ZW_EIO;
		}
		p += w;
		n -= (size_t)w;
	}
	return ZW_OK;
}

/* Read exactly n bytes; ZW_EIO on error or early end of file. */
static int
blob_read_all(int fd, unsigned char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = read(fd, p, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return ZW_EIO;
		}
		if (r == 0)
			return ZW_EIO;	/* shrank under us */
		p += r;
		n -= (size_t)r;
	}
	return ZW_OK;
}

/*
 * Path of a blob: DATA/blobs/ab/cdef...  OUT: out (NUL-terminated).
 * Returns ZW_OK, ZW_EINVAL if sm3hex is not 64 lowercase hex digits (or
 * datadir is NULL), or ZW_ETOOBIG if the path does not fit in size.
 */
int
zw_blob_path(const char *datadir, const char *sm3hex, char *out, size_t size)
{
	int len;

	if (size > 0)
		out[0] = '\0';
	if (datadir == NULL || !blob_name_ok(sm3hex))
		return ZW_EINVAL;
	len = snprintf(out, size, "%s/blobs/%.2s/%s", datadir, sm3hex,
	    sm3hex + 2);
	if (len < 0 || (size_t)len >= size)
		return ZW_ETOOBIG;
	return ZW_OK;
}

/*
 * Store [p, p+n) as a blob.  OUT: sm3hex (64 hex digits + NUL).
 * If a blob of that name and size already exists this is a no-op; a
 * file of the wrong size (a torn copy from elsewhere) is replaced.
 * DATA must exist; blobs/ and blobs/ab/ are created (0750) as needed.
 * Returns ZW_OK, ZW_EINVAL (NULL datadir), ZW_ETOOBIG (path too long)
 * or ZW_EIO.
 */
int
zw_blob_put(const char *datadir, const void *p, size_t n, char sm3hex[65])
{
	char path[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX];
	struct stat st;
	bool made;
	int fd = -1, len, rc;

	zw_sm3_hex(p, n, sm3hex);
	if ((rc = zw_blob_path(datadir, sm3hex, path, sizeof(path))) != ZW_OK)
		return rc;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uintmax_t)st.st_size == (uintmax_t)n)
		return ZW_OK;

	/* DATA/blobs, then DATA/blobs/ab; a new entry needs its parent synced. */
	len = snprintf(dir, sizeof(dir), "%s/blobs", datadir);
	if (len < 0 || (size_t)len >= sizeof(dir))
		return ZW_ETOOBIG;
	if ((rc = blob_mkdir(dir, &made)) != ZW_OK)
		return rc;
	if (made && (rc = blob_sync_dir(datadir)) != ZW_OK)
		return rc;
	len = snprintf(dir, sizeof(dir), "%s/blobs/%.2s", datadir, sm3hex);
	if (len < 0 || (size_t)len >= sizeof(dir))
		return ZW_ETOOBIG;
	if ((rc = blob_mkdir(dir, &made)) != ZW_OK)
		return rc;
	if (made) {
		dir[len - 3] = '\0';	/* back to DATA/blobs */
		rc = blob_sync_dir(dir);
		dir[len - 3] = '/';
		if (rc != ZW_OK)
			return rc;
	}

	len = snprintf(tmp, sizeof(tmp), "%s/" BLOB_TMP_NAME, dir);
	if (len < 0 || (size_t)len >= sizeof(tmp))
		return ZW_ETOOBIG;
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return ZW_EIO;
	rc = ZW_EIO;
	if (fchmod(fd, BLOB_FILE_MODE) == -1)
		goto fail;
	if (n > 0 && blob_write_all(fd, p, n) != ZW_OK)
		goto fail;
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	return blob_sync_dir(dir);
fail:
	if (fd != -1)
		close(fd);
	unlink(tmp);
	return rc;
}

/*
 * Read a whole blob and check that its SM3 matches its name.
 * OUT: *p (zw_malloc'ed, at least 1 byte), *n.
 * Returns ZW_OK, ZW_EINVAL (malformed name), ZW_ENOTFOUND (no such
 * blob), ZW_ECRYPTO (content does not match the name: damaged or
 * tampered), ZW_ETOOBIG (path too long, or larger than memory can
 * address) or ZW_EIO.
 */
int
zw_blob_get(const char *datadir, const char *sm3hex, void **p, size_t *n)
{
	char path[PATH_MAX], got[ZW_SM3_HEX_LEN + 1];
	unsigned char *data = NULL;
	struct stat st;
	size_t len;
	int fd, rc;

	*p = NULL;
	*n = 0;
	if ((rc = zw_blob_path(datadir, sm3hex, path, sizeof(path))) != ZW_OK)
		return rc;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? ZW_ENOTFOUND : ZW_EIO;
	rc = ZW_EIO;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		goto out;
	if ((uintmax_t)st.st_size > SIZE_MAX) {
		rc = ZW_ETOOBIG;
		goto out;
	}
	len = (size_t)st.st_size;
	data = zw_malloc(len);
	if (blob_read_all(fd, data, len) != ZW_OK)
		goto out;
	zw_sm3_hex(data, len, got);
	if (memcmp(got, sm3hex, ZW_SM3_HEX_LEN) != 0) {
		zw_warn("blob: content does not match its name sm3=%s "
		    "actual=%s", sm3hex, got);
		rc = ZW_ECRYPTO;
		goto out;
	}
	*p = data;
	*n = len;
	data = NULL;
	rc = ZW_OK;
out:
	zw_free(data);
	close(fd);
	return rc;
}
