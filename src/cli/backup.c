/*
 * backup.c -- `zhengwu backup` and `zhengwu restore`.
 *
 * A backup is a POSIX ustar archive (readable with `tar -tf`) holding:
 *   zhengwu.conf, master.key       settings and the SM4 master key
 *   zhengwu.db                     SQLite: a consistent snapshot made
 *                                  online with VACUUM INTO
 *   pg.dump                        PostgreSQL: pg_dump --format=custom
 *   blobs/xx/...                   the content-addressed files
 * Blobs are immutable and named by content, so copying them after the
 * database snapshot is consistent: every blob the snapshot references
 * already exists.  Restore refuses a non-empty data directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/tar.h"
#include "cli/cli.h"
#include "store/db.h"
#include "web/app.h"

extern char **environ;

#define TAR_BLOCK ZW_TAR_BLOCK
#define TAR_MAX_FILE (4ULL << 30)	/* refuse members over 4 GiB */

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return ZW_EIO;
		}
		c += w;
		n -= (size_t)w;
	}
	return ZW_OK;
}

static int
tar_add(int out, const char *name, const char *path)
{
	char hdr[TAR_BLOCK], buf[65536];
	struct stat st;
	size_t total = 0;
	int fd, rc = ZW_OK;

	if (strlen(name) >= 100)
		return ZW_EINVAL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return ZW_EIO;
	}
	if ((rc = zw_tar_header(hdr, name, (uint64_t)st.st_size,
	    (int64_t)st.st_mtime, st.st_mode & 0777)) != ZW_OK)
		goto out;
	if ((rc = write_all(out, hdr, TAR_BLOCK)) != ZW_OK)
		goto out;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = ZW_EIO;
			goto out;
		}
		if (n == 0)
			break;
		if ((rc = write_all(out, buf, (size_t)n)) != ZW_OK)
			goto out;
		total += (size_t)n;
	}
	if (total != (size_t)st.st_size) {
		rc = ZW_EIO;	/* the file changed under us */
		goto out;
	}
	if (total % TAR_BLOCK) {
		memset(buf, 0, TAR_BLOCK);
		rc = write_all(out, buf, TAR_BLOCK - total % TAR_BLOCK);
	}
out:
	close(fd);
	return rc;
}

static int
add_blobs(int out, const char *datadir, int *count)
{
	char dir[4096], sub[4096], path[4096], name[128];
	DIR *d, *e;
	struct dirent *de, *fe;
	int rc = ZW_OK;

	snprintf(dir, sizeof(dir), "%s/blobs", datadir);
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? ZW_OK : ZW_EIO;
	while (rc == ZW_OK && (de = readdir(d)) != NULL) {
		if (strlen(de->d_name) != 2)
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(sub) || (e = opendir(sub)) == NULL)
			continue;
		while (rc == ZW_OK && (fe = readdir(e)) != NULL) {
			if (fe->d_name[0] == '.' || strlen(fe->d_name) != 62)
				continue;
			if (snprintf(path, sizeof(path), "%s/%s", sub, fe->d_name) >=
			    (int)sizeof(path) || snprintf(name, sizeof(name),
			    "blobs/%s/%s", de->d_name, fe->d_name) >= (int)sizeof(name)) {
				rc = ZW_ETOOBIG;
				break;
			}
			rc = tar_add(out, name, path);
			(*count)++;
		}
		closedir(e);
	}
	closedir(d);
	return rc;
}

static int
run(char *const argv[])
{
	pid_t pid;
	int st;

	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
		return ZW_EIO;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return ZW_EIO;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? ZW_OK : ZW_EIO;
}

int
zw_cmd_backup(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *outp = NULL, *pos[1];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory" },
		{ "--db", true, &db, "PostgreSQL URL" },
		{ "--out", true, &outp, "backup file to write (tar)" },
		{ NULL, false, NULL, NULL }
	};
	struct zw_app *app;
	char snap[4096], path[4096], tmpout[4096];
	zw_conn *c = NULL;
	zw_stmt *s;
	int status, np, out = -1, blobs = 0, rc = ZW_EIO;
	bool pg;

	if (!zw_cli_parse("backup", argc, argv, opts, pos, 0, &np, &status))
		return status;
	if (outp == NULL) {
		fprintf(stderr, "zhengwu backup: --out FILE is required\n");
		return 2;
	}
	if (zw_cli_open(data, db, false, &app) != ZW_OK)
		return 1;
	pg = zw_db_kind(app->db) == ZW_DB_PG;
	snprintf(snap, sizeof(snap), "%s/.backup-%d.%s", data, (int)getpid(),
	    pg ? "dump" : "db");
	unlink(snap);
	if (pg) {
		char *av[] = { "pg_dump", "--format=custom", "--no-owner", "-f", snap,
			(char *)(uintptr_t)zw_config_str(app->conf, "db"), NULL };

		if ((rc = run(av)) != ZW_OK) {
			fprintf(stderr, "zhengwu backup: pg_dump failed\n");
			goto out;
		}
	} else {
		if (zw_conn_get(app->db, 10000, &c) != ZW_OK)
			goto out;
		if ((rc = zw_prepare(c, "VACUUM INTO ?", &s)) != ZW_OK)
			goto out;
		zw_bind_text(s, 1, snap, (size_t)-1);
		if ((rc = zw_step(s)) < 0) {
			fprintf(stderr, "zhengwu backup: snapshot failed: %s\n",
			    zw_conn_errmsg(c));
			goto out;
		}
	}
	snprintf(tmpout, sizeof(tmpout), "%s.tmp", outp);
	if ((out = open(tmpout, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
		fprintf(stderr, "zhengwu backup: %s: %s\n", tmpout, strerror(errno));
		rc = ZW_EIO;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/zhengwu.conf", data);
	if ((rc = tar_add(out, "zhengwu.conf", path)) != ZW_OK)
		goto out;
	snprintf(path, sizeof(path), "%s/master.key", data);
	if ((rc = tar_add(out, "master.key", path)) != ZW_OK ||
	    (rc = tar_add(out, pg ? "pg.dump" : "zhengwu.db", snap)) != ZW_OK ||
	    (rc = add_blobs(out, data, &blobs)) != ZW_OK)
		goto out;
	{
		char end[2 * TAR_BLOCK];

		memset(end, 0, sizeof(end));
		if ((rc = write_all(out, end, sizeof(end))) != ZW_OK)
			goto out;
	}
	if (fsync(out) != 0 || close(out) != 0 || rename(tmpout, outp) != 0) {
		out = -1;
		rc = ZW_EIO;
		goto out;
	}
	out = -1;
	printf("backup written to %s (%s, %d blobs)\n", outp, pg ? "pg_dump" :
	    "SQLite snapshot", blobs);
	rc = ZW_OK;
out:
	if (out >= 0) {
		close(out);
		unlink(tmpout);
	}
	unlink(snap);
	if (c != NULL)
		zw_conn_put(c);
	zw_app_close(app);
	return rc == ZW_OK ? 0 : 1;
}

/* A member name we accept: relative, no "..", only known places. */
static bool
safe_name(const char *n)
{
	if (n[0] == '/' || strstr(n, "..") != NULL)
		return false;
	return strcmp(n, "zhengwu.conf") == 0 || strcmp(n, "master.key") == 0 ||
	    strcmp(n, "zhengwu.db") == 0 || strcmp(n, "pg.dump") == 0 ||
	    (strncmp(n, "blobs/", 6) == 0 && strlen(n) == 71 && n[8] == '/');
}

static int
mkdirs_for(const char *path)
{
	char tmp[4096];
	char *p;

	zw_strlcpy(tmp, path, sizeof(tmp));
	for (p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0750) != 0 && errno != EEXIST)
				return ZW_EIO;
			*p = '/';
		}
	return ZW_OK;
}

int
zw_cmd_restore(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *pos[1];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "empty data directory to restore into" },
		{ "--db", true, &db, "PostgreSQL URL of an empty database (for a PostgreSQL backup)" },
		{ NULL, false, NULL, NULL }
	};
	char hdr[TAR_BLOCK], buf[65536], path[4096], name[101];
	struct stat st;
	int status, np, in, rc = ZW_OK, files = 0;
	bool pg = false;

	if (!zw_cli_parse("restore", argc, argv, opts, pos, 1, &np, &status))
		return status;
	if (data == NULL || np != 1) {
		fprintf(stderr, "usage: zhengwu restore --data DIR FILE\n");
		return 2;
	}
	if (stat(data, &st) == 0 && (!S_ISDIR(st.st_mode) || rmdir(data) != 0)) {
		fprintf(stderr, "zhengwu restore: %s exists and is not empty\n", data);
		return 1;
	}
	if (mkdir(data, 0750) != 0) {
		fprintf(stderr, "zhengwu restore: cannot create %s\n", data);
		return 1;
	}
	if ((in = open(pos[0], O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "zhengwu restore: %s: %s\n", pos[0], strerror(errno));
		return 1;
	}
	for (;;) {
		unsigned long long size;
		int64_t sz;
		char szs[13];
		int fd;

		if (read(in, hdr, TAR_BLOCK) != TAR_BLOCK) {
			rc = ZW_EINVAL;
			break;
		}
		if (hdr[0] == '\0')
			break;	/* end of archive */
		memcpy(name, hdr, 100);
		name[100] = '\0';
		memcpy(szs, hdr + 124, 12);
		szs[12] = '\0';
		errno = 0;
		size = strtoull(szs, NULL, 8);
		sz = (int64_t)size;
		if (errno != 0 || size > TAR_MAX_FILE || hdr[156] != '0' ||
		    !safe_name(name)) {
			fprintf(stderr, "zhengwu restore: unexpected member \"%s\"\n", name);
			rc = ZW_EINVAL;
			break;
		}
		if (strcmp(name, "pg.dump") == 0)
			pg = true;
		snprintf(path, sizeof(path), "%s/%s", data, name);
		if (mkdirs_for(path) != ZW_OK ||
		    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    strcmp(name, "master.key") == 0 ? 0600 : 0640)) < 0) {
			rc = ZW_EIO;
			break;
		}
		while (sz > 0) {
			size_t want = (size_t)(sz > (int64_t)sizeof(buf) ? (int64_t)sizeof(buf) : sz);
			size_t padded = (want + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
			ssize_t n;

			if (padded > sizeof(buf))
				padded = sizeof(buf);
			n = read(in, buf, padded);
			if (n != (ssize_t)padded || write_all(fd, buf, want) != ZW_OK) {
				rc = ZW_EIO;
				break;
			}
			sz -= (int64_t)want;
		}
		if (fsync(fd) != 0)
			rc = ZW_EIO;
		close(fd);
		if (rc != ZW_OK)
			break;
		files++;
	}
	close(in);
	if (rc == ZW_OK && pg) {
		char *av[] = { "pg_restore", "--no-owner", "--exit-on-error", "-d",
			(char *)(uintptr_t)(db ? db : getenv("ZHENGWU_DB") ?
			getenv("ZHENGWU_DB") : ""), path, NULL };

		snprintf(path, sizeof(path), "%s/pg.dump", data);
		if (av[4][0] == '\0') {
			fprintf(stderr, "zhengwu restore: a PostgreSQL backup needs --db URL\n");
			rc = ZW_EINVAL;
		} else if ((rc = run(av)) != ZW_OK)
			fprintf(stderr, "zhengwu restore: pg_restore failed\n");
		else
			unlink(path);
	}
	if (rc != ZW_OK) {
		fprintf(stderr, "zhengwu restore: failed (%s); the data directory %s "
		    "is incomplete and should be removed\n", zw_strerror(rc), data);
		return 1;
	}
	printf("restored %d files into %s\n", files, data);
	return 0;
}
