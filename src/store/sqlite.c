/*
 * sqlite.c -- the SQLite backend of db.h.
 *
 * Each pooled connection is its own sqlite3 handle opened without the
 * per-connection mutex (the pool guarantees one thread at a time), in
 * WAL mode with synchronous=NORMAL (FULL for durability=full), a 5 s
 * busy timeout, foreign keys on and extended result codes, so that a
 * unique or primary-key violation can be told apart (ZW_ECONFLICT).
 */
#include <string.h>

#include <pthread.h>
#include <sqlite3.h>

#include "base/err.h"
#include "base/mem.h"
#include "db_int.h"

#define BUSY_TIMEOUT_MS	5000

#define DB(c)	((sqlite3 *)(c)->h)
#define ST(s)	((sqlite3_stmt *)(s)->h)

/* Map a (extended) SQLite result code to ZW_*, keeping the message. */
static int
map_err(zw_conn *c, int rc, const char *msg)
{
	zw_conn_seterr(c, "%s", msg != NULL ? msg : sqlite3_errstr(rc));
	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return ZW_ECONFLICT;
	}
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ZW_EBUSY;
	case SQLITE_TOOBIG:
		return ZW_ETOOBIG;
	}
	return ZW_EDB;
}

static int
sq_exec(zw_conn *c, const char *sql)
{
	char *err = NULL;
	int rc, zrc;

	rc = sqlite3_exec(DB(c), sql, NULL, NULL, &err);
	if (rc == SQLITE_OK)
		return ZW_OK;
	zrc = map_err(c, rc, err != NULL ? err : sqlite3_errmsg(DB(c)));
	sqlite3_free(err);
	return zrc;
}

/* Process-wide SQLite settings, before the library initializes: no
 * memory statistics (they take a global mutex on every allocation). */
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

static void
sq_global_init(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int
sq_connect(zw_conn *c)
{
	sqlite3 *db = NULL;
	int rc;

	pthread_once(&sq_once, sq_global_init);
	rc = sqlite3_open_v2(c->db->path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		zw_conn_seterr(c, "%s: %s", c->db->path,
		    db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return ZW_EDB;
	}
	c->h = db;
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	/* A bound LIKE pattern would otherwise re-prepare the statement at
	 * every execution (query planner stability guarantee). */
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
	rc = sq_exec(c, "PRAGMA journal_mode=WAL");
	if (rc == ZW_OK)
		rc = sq_exec(c, c->db->durability_full ?
		    "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
	if (rc == ZW_OK)
		rc = sq_exec(c, "PRAGMA foreign_keys=ON");
	if (rc != ZW_OK) {
		sqlite3_close(db);
		c->h = NULL;
		return rc;
	}
	return ZW_OK;
}

static void
sq_disconnect(zw_conn *c)
{
	if (c->h != NULL)
		sqlite3_close(DB(c));
	c->h = NULL;
}

static int
sq_revive(zw_conn *c)
{
	(void)c;
	return 0;
}

static int
sq_in_tx(const zw_conn *c)
{
	return c->h != NULL && !sqlite3_get_autocommit((sqlite3 *)c->h);
}

static int
sq_tx_begin(zw_conn *c)
{
	return sq_exec(c, "BEGIN IMMEDIATE");
}

static int
sq_tx_rollback(zw_conn *c)
{
	return sq_exec(c, "ROLLBACK");
}

static int
sq_tx_commit(zw_conn *c)
{
	int rc;

	if ((rc = sq_exec(c, "COMMIT")) != ZW_OK && sq_in_tx(c)) {
		char keep[ZW_DB_ERRMSG];

		memcpy(keep, c->errmsg, sizeof(keep));
		(void)sq_exec(c, "ROLLBACK");
		memcpy(c->errmsg, keep, sizeof(keep));
	}
	return rc;
}

static int
sq_prepare(zw_stmt *s)
{
	zw_conn *c = s->c;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc;

	rc = sqlite3_prepare_v3(DB(c), s->sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, &tail);
	if (rc != SQLITE_OK)
		return map_err(c, rc, sqlite3_errmsg(DB(c)));
	if (st == NULL) {
		zw_conn_seterr(c, "empty statement");
		return ZW_EINVAL;
	}
	if (tail != NULL && *tail != '\0') {
		sqlite3_stmt *more = NULL;

		/* only blanks, ';' and comments may follow */
		rc = sqlite3_prepare_v2(DB(c), tail, -1, &more, NULL);
		if (rc != SQLITE_OK || more != NULL) {
			sqlite3_finalize(more);
			sqlite3_finalize(st);
			zw_conn_seterr(c, "more than one statement");
			return ZW_EINVAL;
		}
	}
	s->h = st;
	s->nparams = sqlite3_bind_parameter_count(st);
	return ZW_OK;
}

static void
sq_finalize(zw_stmt *s, int server)
{
	(void)server;
	sqlite3_finalize(ST(s));
	s->h = NULL;
}

static void
sq_reset(zw_stmt *s)
{
	sqlite3_reset(ST(s));
}

static void
sq_clear(zw_stmt *s)
{
	sqlite3_clear_bindings(ST(s));
}

static int
sq_bind(zw_stmt *s, int i, enum zw_bind_kind k, const void *v, size_t n,
    int64_t iv)
{
	int rc = SQLITE_MISUSE;

	switch (k) {
	case ZW_B_NULL:
		rc = sqlite3_bind_null(ST(s), i);
		break;
	case ZW_B_INT:
		rc = sqlite3_bind_int64(ST(s), i, iv);
		break;
	case ZW_B_TEXT:
		rc = sqlite3_bind_text64(ST(s), i, v, n, SQLITE_TRANSIENT,
		    SQLITE_UTF8);
		break;
	case ZW_B_BLOB:
		rc = sqlite3_bind_blob64(ST(s), i, v, n, SQLITE_TRANSIENT);
		break;
	}
	if (rc != SQLITE_OK)
		return map_err(s->c, rc, sqlite3_errmsg(DB(s->c)));
	return ZW_OK;
}

static int
sq_step(zw_stmt *s)
{
	int rc, zrc;

	rc = sqlite3_step(ST(s));
	if (rc == SQLITE_ROW)
		return ZW_ROW;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(ST(s));
		return ZW_OK;
	}
	zrc = map_err(s->c, rc, sqlite3_errmsg(DB(s->c)));
	sqlite3_reset(ST(s));
	return zrc;
}

static int
sq_col_count(zw_stmt *s)
{
	return sqlite3_column_count(ST(s));
}

static int
sq_col_isnull(zw_stmt *s, int i)
{
	return sqlite3_column_type(ST(s), i) == SQLITE_NULL;
}

static const char *
sq_col_text(zw_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(ST(s), i);
}

static int64_t
sq_col_int(zw_stmt *s, int i)
{
	return sqlite3_column_int64(ST(s), i);
}

static const void *
sq_col_blob(zw_stmt *s, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(ST(s), i);

	*n = (size_t)sqlite3_column_bytes(ST(s), i);
	return p;
}

static const char *
sq_col_name(zw_stmt *s, int i)
{
	return sqlite3_column_name(ST(s), i);
}

const struct zw_backend zw_sqlite_backend = {
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.revive = sq_revive,
	.exec = sq_exec,
	.in_tx = sq_in_tx,
	.tx_begin = sq_tx_begin,
	.tx_commit = sq_tx_commit,
	.tx_rollback = sq_tx_rollback,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.clear = sq_clear,
	.bind = sq_bind,
	.step = sq_step,
	.col_count = sq_col_count,
	.col_isnull = sq_col_isnull,
	.col_text = sq_col_text,
	.col_int = sq_col_int,
	.col_blob = sq_col_blob,
	.col_name = sq_col_name,
};
