/*
 * test_blob.c -- unit tests of src/store/blob.c: the content-addressed
 * store round trip, idempotent puts, detection of tampered files and
 * refusal of malformed names, each in a fresh mkdtemp data directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "crypto/pwhash.h"
#include "crypto/sm3.h"
#include "store/blob.h"

struct fixture {
	char	dir[64];
};

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
setup(void **state)
{
	struct fixture *f = zw_calloc(1, sizeof(*f));

	memcpy(f->dir, "/tmp/zw_blob_XXXXXX", sizeof("/tmp/zw_blob_XXXXXX"));
	if (mkdtemp(f->dir) == NULL) {
		zw_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	rc = nftw(f->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	zw_free(f);
	return rc;
}

/* Number of entries in dir other than . and .. */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_roundtrip(void **state)
{
	struct fixture *f = *state;
	static const char msg[] = "关于印发《政务服务事项清单》的通知";
	char hex[65], want[65], path[PATH_MAX], expect[PATH_MAX];
	struct stat st;
	void *p;
	size_t n;

	assert_int_equal(zw_blob_put(f->dir, msg, sizeof(msg) - 1, hex),
	    ZW_OK);
	zw_sm3_hex(msg, sizeof(msg) - 1, want);
	assert_string_equal(hex, want);

	/* Stored at DATA/blobs/ab/<other 62 digits>. */
	assert_int_equal(zw_blob_path(f->dir, hex, path, sizeof(path)),
	    ZW_OK);
	snprintf(expect, sizeof(expect), "%s/blobs/%.2s/%s", f->dir, hex,
	    hex + 2);
	assert_string_equal(path, expect);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0007, 0);	/* nothing for others */
	assert_int_equal((size_t)st.st_size, sizeof(msg) - 1);
	path[strlen(path) - 63] = '\0';		/* DATA/blobs/ab */
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0007, 0);
	/* No temporary file left behind. */
	assert_int_equal(count_entries(path), 1);

	assert_int_equal(zw_blob_get(f->dir, hex, &p, &n), ZW_OK);
	assert_int_equal(n, sizeof(msg) - 1);
	assert_memory_equal(p, msg, n);
	zw_free(p);
}

static void
test_binary_and_empty(void **state)
{
	struct fixture *f = *state;
	const size_t big = (1u << 20) + 7;
	unsigned char *data;
	char hex[65], hex0[65];
	void *p;
	size_t n;

	data = zw_malloc(big);
	zw_random(data, big);
	data[0] = '\0';
	assert_int_equal(zw_blob_put(f->dir, data, big, hex), ZW_OK);
	assert_int_equal(zw_blob_get(f->dir, hex, &p, &n), ZW_OK);
	assert_int_equal(n, big);
	assert_memory_equal(p, data, big);
	zw_free(p);
	zw_free(data);

	assert_int_equal(zw_blob_put(f->dir, NULL, 0, hex0), ZW_OK);
	assert_string_equal(hex0,
	    "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
	assert_int_equal(zw_blob_get(f->dir, hex0, &p, &n), ZW_OK);
	assert_int_equal(n, 0);
	assert_non_null(p);
	zw_free(p);
}

static void
test_idempotent(void **state)
{
	struct fixture *f = *state;
	char hex[65], hex2[65], path[PATH_MAX];
	struct stat st1, st2;

	assert_int_equal(zw_blob_put(f->dir, "same", 4, hex), ZW_OK);
	assert_int_equal(zw_blob_path(f->dir, hex, path, sizeof(path)),
	    ZW_OK);
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(zw_blob_put(f->dir, "same", 4, hex2), ZW_OK);
	assert_string_equal(hex, hex2);
	assert_int_equal(stat(path, &st2), 0);
	/* Untouched: the same file, not a rewritten copy. */
	assert_int_equal(st1.st_ino, st2.st_ino);
	path[strlen(path) - 63] = '\0';
	assert_int_equal(count_entries(path), 1);
}

static void
test_tampered(void **state)
{
	struct fixture *f = *state;
	static const char msg[] = "正本 2024-05-01";
	char hex[65], path[PATH_MAX];
	void *p;
	size_t n;
	int fd;

	assert_int_equal(zw_blob_put(f->dir, msg, sizeof(msg) - 1, hex),
	    ZW_OK);
	assert_int_equal(zw_blob_path(f->dir, hex, path, sizeof(path)),
	    ZW_OK);

	zw_log_min = ZW_LOG_ERROR;	/* the warning is expected */
	/* One byte changed in place, same size. */
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "X", 1, 3), 1);
	assert_int_equal(close(fd), 0);
	p = &n;
	assert_int_equal(zw_blob_get(f->dir, hex, &p, &n), ZW_ECRYPTO);
	assert_null(p);
	assert_int_equal(n, 0);

	/* Truncated. */
	assert_int_equal(truncate(path, 5), 0);
	assert_int_equal(zw_blob_get(f->dir, hex, &p, &n), ZW_ECRYPTO);
	assert_null(p);
	zw_log_min = ZW_LOG_INFO;

	/* A put of the real content repairs a torn (wrong-size) file. */
	assert_int_equal(zw_blob_put(f->dir, msg, sizeof(msg) - 1, hex),
	    ZW_OK);
	assert_int_equal(zw_blob_get(f->dir, hex, &p, &n), ZW_OK);
	assert_memory_equal(p, msg, n);
	zw_free(p);

	/* Missing. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(zw_blob_get(f->dir, hex, &p, &n), ZW_ENOTFOUND);
	assert_null(p);
}

static void
test_malformed_names(void **state)
{
	struct fixture *f = *state;
	static const char *bad[] = {
	    "",
	    "../../../../etc/passwd",
	    "../66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4b",
	    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e",
	    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e00",
	    "66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0",
	    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8eg",
	    "66/7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
	    " 6c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
	    NULL
	};
	char path[PATH_MAX], hex[65];
	void *p;
	size_t i, n;

	for (i = 0; bad[i] != NULL; i++) {
		assert_int_equal(zw_blob_path(f->dir, bad[i], path,
		    sizeof(path)), ZW_EINVAL);
		assert_int_equal(zw_blob_get(f->dir, bad[i], &p, &n),
		    ZW_EINVAL);
		assert_null(p);
	}
	assert_int_equal(zw_blob_path(f->dir, NULL, path, sizeof(path)),
	    ZW_EINVAL);
	assert_int_equal(zw_blob_get(f->dir, NULL, &p, &n), ZW_EINVAL);

	/* A well-formed name that does not fit the buffer. */
	zw_sm3_hex("abc", 3, hex);
	assert_int_equal(zw_blob_path(f->dir, hex, path, 20), ZW_ETOOBIG);
	assert_int_equal(zw_blob_path(f->dir, hex, path, sizeof(path)),
	    ZW_OK);
}

static void
test_missing_datadir(void **state)
{
	struct fixture *f = *state;
	char dir[128], hex[65];

	snprintf(dir, sizeof(dir), "%s/does/not/exist", f->dir);
	assert_int_equal(zw_blob_put(dir, "x", 1, hex), ZW_EIO);
	assert_int_equal(zw_blob_put(NULL, "x", 1, hex), ZW_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_binary_and_empty, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_idempotent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tampered, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_malformed_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_datadir, setup,
		    teardown),
	};

	if (zw_crypto_init() != ZW_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
