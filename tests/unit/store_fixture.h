/*
 * store_fixture.h -- a fresh, private database for a unit test, on
 * either backend, so that every storage test can run on both.
 *
 *   SQLite:      DIR/zhengwu.db in a new mkdtemp directory.
 *   PostgreSQL:  when ZHENGWU_TEST_PG_URL is set (scripts/pg-temp.sh
 *                start prints one), a schema of its own on that server,
 *                made the search_path of every pooled connection via
 *                the URL's `options`, and dropped at close.  Test
 *                binaries can therefore share one server, even at once.
 *
 * Usage:  struct zwt_db t;  zwt_open(&t, ZW_DB_PG, 4) == 0 ... t.db ...
 *         zwt_close(&t);
 */
#ifndef ZW_STORE_FIXTURE_H
#define ZW_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/mem.h"
#include "store/db.h"

struct zwt_db {
	enum zw_db_kind kind;
	zw_db *db;
	char dir[64];
	char schema[64];
	char url[1024];
};

/* The PostgreSQL server for tests, or NULL (tests print a notice). */
static inline const char *
zwt_pg_url(void)
{
	const char *u = getenv("ZHENGWU_TEST_PG_URL");

	return u != NULL && u[0] != '\0' ? u : NULL;
}

/* Run one statement on a one-connection pool of `url`. */
static inline int
zwt_pg_admin(const char *url, const char *sql)
{
	struct zw_db_opts o = { .url = url, .pool_size = 1 };
	zw_db *db;
	zw_conn *c;
	int rc;

	if ((rc = zw_db_open(&o, &db)) != ZW_OK)
		return rc;
	if ((rc = zw_conn_get(db, 5000, &c)) == ZW_OK) {
		if ((rc = zw_exec(c, sql)) != ZW_OK)
			fprintf(stderr, "fixture: %s: %s\n", sql,
			    zw_conn_errmsg(c));
		zw_conn_put(c);
	}
	zw_db_close(db);
	return rc;
}

/* Open a fresh database of `kind`.  0 or a negative ZW_E*. */
static inline int
zwt_open(struct zwt_db *t, enum zw_db_kind kind, int pool_size)
{
	static unsigned int seq;
	struct zw_db_opts o = { .pool_size = pool_size };
	char sql[256], path[128];
	const char *base;
	int rc;

	memset(t, 0, sizeof(*t));
	t->kind = kind;
	if (kind == ZW_DB_SQLITE) {
		snprintf(t->dir, sizeof(t->dir), "/tmp/zwtest.XXXXXX");
		if (mkdtemp(t->dir) == NULL)
			return ZW_EIO;
		snprintf(path, sizeof(path), "%s/zhengwu.db", t->dir);
		o.path = path;
		return zw_db_open(&o, &t->db);
	}
	if ((base = zwt_pg_url()) == NULL)
		return ZW_EINVAL;
	snprintf(t->schema, sizeof(t->schema), "zwt_%ld_%u",
	    (long)getpid(), ++seq);
	/* a generated identifier: DDL takes no parameters */
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; "
	    "CREATE SCHEMA %s", t->schema, t->schema);
	if ((rc = zwt_pg_admin(base, sql)) != ZW_OK)
		return rc;
	snprintf(t->url, sizeof(t->url), "%s%coptions=-c%%20search_path%%3D%s",
	    base, strchr(base, '?') != NULL ? '&' : '?', t->schema);
	o.url = t->url;
	return zw_db_open(&o, &t->db);
}

static inline void
zwt_close(struct zwt_db *t)
{
	char path[128], sql[256];
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	zw_db_close(t->db);
	t->db = NULL;
	if (t->kind == ZW_DB_SQLITE && t->dir[0] != '\0') {
		for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
			snprintf(path, sizeof(path), "%s/zhengwu.db%s", t->dir,
			    suffix[i]);
			unlink(path);
		}
		rmdir(t->dir);
	} else if (t->kind == ZW_DB_PG && t->schema[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE",
		    t->schema);
		(void)zwt_pg_admin(zwt_pg_url(), sql);
	}
}

#endif
