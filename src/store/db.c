/*
 * db.c -- the backend-independent half of db.h: the connection pool,
 * the per-connection statement cache and the statement state machine.
 *
 * Pool: at most `size` connections, opened lazily.  Idle connections
 * sit on a stack; zw_conn_get() pops one, opens a new one while under
 * capacity, or waits on a condition variable (monotonic clock) until
 * its deadline, then ZW_EBUSY.  A connection belongs to exactly one
 * borrower between get and put (the `borrowed` flag is asserted).
 *
 * Statement cache: statements are hashed by their SQL text into a small
 * table and kept on an LRU list; past ZW_STMT_CACHE_MAX the least
 * recently used statement that is not in the middle of returning rows
 * is finalized.
 *
 * State machine: FRESH (bound) -> ROW (a row is current) -> DONE.  A
 * finished statement keeps answering its last result until it is reset,
 * re-bound or prepared again, so that stepping twice never runs an
 * INSERT twice on either backend.
 *
 * Failed transactions: after a statement fails inside a transaction,
 * PostgreSQL refuses everything but ROLLBACK, and COMMIT rolls back.
 * SQLite would carry on; here it behaves like PostgreSQL (steps fail
 * with ZW_EDB, commit rolls back and fails) so that a caller who
 * handles ZW_ECONFLICT by carrying on in the same transaction finds
 * out on SQLite too.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "db_int.h"

static const unsigned char empty_blob[1];

/* Did a statement fail in the transaction that is still open? */
static int
tx_poisoned(zw_conn *c)
{
	if (c->tx_failed && !c->db->be->in_tx(c))
		c->tx_failed = 0;
	return c->tx_failed;
}

static void
tx_note(zw_conn *c, int rc)
{
	if (rc < 0 && c->db->be->in_tx(c))
		c->tx_failed = 1;
}

static int
tx_refuse(zw_conn *c)
{
	zw_conn_seterr(c, "current transaction is aborted after an error; "
	    "roll it back");
	return ZW_EDB;
}

/*
 * SQLite's writer lock (db_int.h).  Waits at most ZW_DB_WRITER_WAIT_MS,
 * as long as SQLite's own busy timeout, and then answers ZW_EBUSY as a
 * busy database would.
 */
static int
writer_acquire(zw_conn *c)
{
	struct timespec t;
	int rc;

	if (c->db->kind != ZW_DB_SQLITE || c->holds_writer)
		return ZW_OK;
	if ((rc = pthread_mutex_trylock(&c->db->writer)) != 0) {
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_sec += ZW_DB_WRITER_WAIT_MS / 1000;
		t.tv_nsec += (long)(ZW_DB_WRITER_WAIT_MS % 1000) * 1000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		rc = pthread_mutex_timedlock(&c->db->writer, &t);
	}
	if (rc != 0) {
		zw_conn_seterr(c, "database is busy: no writer slot in %d ms",
		    ZW_DB_WRITER_WAIT_MS);
		return ZW_EBUSY;
	}
	c->holds_writer = 1;
	return ZW_OK;
}

/* Give the writer lock back once the transaction is over (committed,
 * rolled back, or ended by SQLite itself after an I/O error). */
static void
writer_release(zw_conn *c)
{
	if (c->holds_writer && !c->db->be->in_tx(c)) {
		c->holds_writer = 0;
		pthread_mutex_unlock(&c->db->writer);
	}
}

/* Keep a one-line, formatted error message in the connection. */
void
zw_conn_seterr(zw_conn *c, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(c->errmsg, sizeof(c->errmsg), fmt, ap);
	va_end(ap);
	/* libraries end their messages with newlines; keep one line */
	n = strlen(c->errmsg);
	while (n > 0 && (c->errmsg[n - 1] == '\n' || c->errmsg[n - 1] == ' '))
		c->errmsg[--n] = '\0';
}

/*
 * Open a database handle; no connection is made until zw_conn_get().
 * ZW_EINVAL for bad options.  OUT: *out.
 */
int
zw_db_open(const struct zw_db_opts *o, zw_db **out)
{
	pthread_condattr_t ca;
	zw_db *db;

	*out = NULL;
	if (o == NULL || o->pool_size < 1 ||
	    (o->url == NULL && (o->path == NULL || o->path[0] == '\0')))
		return ZW_EINVAL;
	db = zw_calloc(1, sizeof(*db));
	if (o->url != NULL) {
		if (strncmp(o->url, "postgresql://", 13) != 0 &&
		    strncmp(o->url, "postgres://", 11) != 0) {
			zw_free(db);
			return ZW_EINVAL;
		}
		db->kind = ZW_DB_PG;
		db->be = &zw_pg_backend;
		db->url = zw_strdup(o->url);
	} else {
		db->kind = ZW_DB_SQLITE;
		db->be = &zw_sqlite_backend;
		db->path = zw_strdup(o->path);
	}
	db->durability_full = o->durability_full;
	db->size = o->pool_size;
	pthread_mutex_init(&db->mu, NULL);
	pthread_mutex_init(&db->writer, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&db->cv, &ca);
	pthread_condattr_destroy(&ca);
	*out = db;
	return ZW_OK;
}

static void
stmt_free(zw_stmt *s, int server)
{
	s->c->db->be->finalize(s, server);
	zw_free(s->sql);
	zw_free(s);
}

/* Drop every cached statement of c. */
static void
cache_clear(zw_conn *c, int server)
{
	zw_stmt *s, *next;

	for (s = c->lru_head; s != NULL; s = next) {
		next = s->lnext;
		stmt_free(s, server);
	}
	memset(c->buckets, 0, sizeof(c->buckets));
	c->lru_head = c->lru_tail = NULL;
	c->nstmts = 0;
}

static void
conn_free(zw_conn *c)
{
	cache_clear(c, 0);	/* the server forgets them on disconnect */
	c->db->be->disconnect(c);
	zw_free(c);
}

/*
 * Close every idle connection and free the handle.  All connections
 * must have been returned; if some are still out (a stuck thread at
 * shutdown) the handle is left allocated rather than freed under them.
 */
void
zw_db_close(zw_db *db)
{
	zw_conn *c;

	if (db == NULL)
		return;
	pthread_mutex_lock(&db->mu);
	while ((c = db->idle) != NULL) {
		db->idle = c->next_idle;
		db->created--;
		conn_free(c);
	}
	if (db->in_use > 0) {
		pthread_mutex_unlock(&db->mu);
		zw_warn("db: close with %d connections in use; not freed",
		    db->in_use);
		return;
	}
	pthread_mutex_unlock(&db->mu);
	pthread_cond_destroy(&db->cv);
	pthread_mutex_destroy(&db->mu);
	pthread_mutex_destroy(&db->writer);
	zw_free(db->url);
	zw_free(db->path);
	zw_free(db);
}

/* Which backend the handle talks to. */
enum zw_db_kind
zw_db_kind(const zw_db *db)
{
	return db->kind;
}

/* Connections borrowed now and the pool's capacity. OUT: both. */
void
zw_db_pool_stats(zw_db *db, int *in_use, int *size)
{
	pthread_mutex_lock(&db->mu);
	if (in_use != NULL)
		*in_use = db->in_use;
	if (size != NULL)
		*size = db->size;
	pthread_mutex_unlock(&db->mu);
}

/*
 * Borrow a connection: an idle one, a new one while the pool has room,
 * or the first one returned within timeout_ms (0 = do not wait).
 * ZW_EBUSY on timeout, ZW_EDB if a connection cannot be opened or
 * repaired.  OUT: *out.
 */
int
zw_conn_get(zw_db *db, int timeout_ms, zw_conn **out)
{
	struct timespec deadline;
	zw_conn *c = NULL;
	int rc, fresh = 0;

	*out = NULL;
	if (timeout_ms < 0)
		timeout_ms = 0;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}

	pthread_mutex_lock(&db->mu);
	for (;;) {
		if (db->idle != NULL) {
			c = db->idle;
			db->idle = c->next_idle;
			break;
		}
		if (db->created < db->size) {
			db->created++;	/* reserve the slot, open unlocked */
			fresh = 1;
			break;
		}
		rc = pthread_cond_timedwait(&db->cv, &db->mu, &deadline);
		if (rc == ETIMEDOUT && db->idle == NULL &&
		    db->created >= db->size) {
			pthread_mutex_unlock(&db->mu);
			return ZW_EBUSY;
		}
	}
	db->in_use++;
	if (c != NULL) {
		ZW_ASSERT(!c->borrowed);
		c->borrowed = 1;
		c->next_idle = NULL;
	}
	pthread_mutex_unlock(&db->mu);

	if (fresh) {
		c = zw_calloc(1, sizeof(*c));
		c->db = db;
		if ((rc = db->be->connect(c)) != ZW_OK) {
			zw_warn("db: connect failed: %s", c->errmsg);
			zw_free(c);
			pthread_mutex_lock(&db->mu);
			db->created--;
			db->in_use--;
			pthread_cond_signal(&db->cv);
			pthread_mutex_unlock(&db->mu);
			return rc;
		}
		c->borrowed = 1;
	} else {
		rc = db->be->revive(c);
		if (rc < 0) {
			zw_warn("db: connection lost: %s", c->errmsg);
			pthread_mutex_lock(&db->mu);
			c->borrowed = 0;
			c->next_idle = db->idle;
			db->idle = c;
			db->in_use--;
			pthread_cond_signal(&db->cv);
			pthread_mutex_unlock(&db->mu);
			return rc;
		}
		if (rc == 1)
			cache_clear(c, 0);
	}
	c->errmsg[0] = '\0';
	*out = c;
	return ZW_OK;
}

/*
 * Return a borrowed connection: finish its statements, roll back an
 * open transaction, and wake one waiter.
 */
void
zw_conn_put(zw_conn *c)
{
	zw_db *db;
	zw_stmt *s;

	if (c == NULL)
		return;
	db = c->db;
	ZW_ASSERT(c->borrowed);
	for (s = c->lru_head; s != NULL; s = s->lnext) {
		if (s->state != ZW_ST_FRESH)
			db->be->reset(s);
		s->state = ZW_ST_FRESH;
	}
	c->tx_failed = 0;
	if (db->be->in_tx(c)) {
		zw_debug("db: connection returned inside a transaction; "
		    "rolling back");
		(void)db->be->tx_rollback(c);
	}
	writer_release(c);
	pthread_mutex_lock(&db->mu);
	c->borrowed = 0;
	c->next_idle = db->idle;
	db->idle = c;
	db->in_use--;
	pthread_cond_signal(&db->cv);
	pthread_mutex_unlock(&db->mu);
}

/* Which backend the connection talks to. */
enum zw_db_kind
zw_conn_kind(const zw_conn *c)
{
	return c->db->kind;
}

/* The last error message of the connection ("" if none). */
const char *
zw_conn_errmsg(zw_conn *c)
{
	return c->errmsg;
}

/* Run parameterless SQL (several statements allowed). */
int
zw_exec(zw_conn *c, const char *sql)
{
	int rc;

	if (sql == NULL)
		return ZW_EINVAL;
	rc = c->db->be->exec(c, sql);
	tx_note(c, rc);
	return rc;
}

static uint32_t
sql_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static void
lru_unlink(zw_conn *c, zw_stmt *s)
{
	if (s->lprev != NULL)
		s->lprev->lnext = s->lnext;
	else
		c->lru_head = s->lnext;
	if (s->lnext != NULL)
		s->lnext->lprev = s->lprev;
	else
		c->lru_tail = s->lprev;
	s->lprev = s->lnext = NULL;
}

static void
lru_push(zw_conn *c, zw_stmt *s)
{
	s->lprev = NULL;
	s->lnext = c->lru_head;
	if (c->lru_head != NULL)
		c->lru_head->lprev = s;
	c->lru_head = s;
	if (c->lru_tail == NULL)
		c->lru_tail = s;
}

static void
bucket_unlink(zw_conn *c, zw_stmt *s)
{
	zw_stmt **pp = &c->buckets[s->hash % ZW_STMT_BUCKETS];

	while (*pp != NULL && *pp != s)
		pp = &(*pp)->hnext;
	if (*pp == s)
		*pp = s->hnext;
}

/* Evict the least recently used statement not returning rows. */
static void
cache_evict(zw_conn *c)
{
	zw_stmt *s;

	for (s = c->lru_tail; s != NULL; s = s->lprev)
		if (s->state != ZW_ST_ROW)
			break;
	if (s == NULL)
		return;		/* all busy: let the cache grow */
	lru_unlink(c, s);
	bucket_unlink(c, s);
	c->nstmts--;
	stmt_free(s, 1);
}

/*
 * Fetch the cached statement for `sql` or prepare it.  Either way it
 * comes back reset with no bindings.  OUT: *out (owned by c).
 */
int
zw_prepare(zw_conn *c, const char *sql, zw_stmt **out)
{
	const struct zw_backend *be = c->db->be;
	uint32_t h;
	zw_stmt *s;
	int rc;

	*out = NULL;
	if (sql == NULL || sql[0] == '\0')
		return ZW_EINVAL;
	h = sql_hash(sql);
	for (s = c->buckets[h % ZW_STMT_BUCKETS]; s != NULL; s = s->hnext)
		if (s->hash == h && strcmp(s->sql, sql) == 0)
			break;
	if (s != NULL) {
		if (s->state != ZW_ST_FRESH)
			be->reset(s);
		be->clear(s);
		s->state = ZW_ST_FRESH;
		if (c->lru_head != s) {
			lru_unlink(c, s);
			lru_push(c, s);
		}
		*out = s;
		return ZW_OK;
	}

	if (tx_poisoned(c))
		return tx_refuse(c);
	s = zw_calloc(1, sizeof(*s));
	s->c = c;
	s->sql = zw_strdup(sql);
	s->hash = h;
	if ((rc = be->prepare(s)) != ZW_OK) {
		tx_note(c, rc);
		zw_free(s->sql);
		zw_free(s);
		return rc;
	}
	if (c->nstmts >= ZW_STMT_CACHE_MAX)
		cache_evict(c);
	s->hnext = c->buckets[h % ZW_STMT_BUCKETS];
	c->buckets[h % ZW_STMT_BUCKETS] = s;
	lru_push(c, s);
	c->nstmts++;
	*out = s;
	return ZW_OK;
}

/* Statements in the connection's cache (tests, metrics). */
int
zw_conn_stmt_count(const zw_conn *c)
{
	return c->nstmts;
}

/* Binding to a statement that already ran starts it over. */
static int
bind_common(zw_stmt *s, int i, enum zw_bind_kind k, const void *v,
    size_t n, int64_t iv)
{
	if (s == NULL || i < 1 || i > s->nparams)
		return ZW_EINVAL;
	if (n > INT_MAX)
		return ZW_ETOOBIG;
	if (s->state != ZW_ST_FRESH) {
		s->c->db->be->reset(s);
		s->state = ZW_ST_FRESH;
	}
	return s->c->db->be->bind(s, i, k, v, n, iv);
}

/* Bind text (copied); NUL bytes inside are refused with ZW_EINVAL. */
int
zw_bind_text(zw_stmt *s, int i, const char *v, size_t n)
{
	if (v == NULL)
		return zw_bind_null(s, i);
	if (n == (size_t)-1)
		n = strlen(v);
	else if (memchr(v, '\0', n) != NULL)
		return ZW_EINVAL;
	return bind_common(s, i, ZW_B_TEXT, v, n, 0);
}

/* Bind a 64-bit integer. */
int
zw_bind_int(zw_stmt *s, int i, int64_t v)
{
	return bind_common(s, i, ZW_B_INT, NULL, 0, v);
}

/* Bind bytes (copied); v may be NULL only when n == 0. */
int
zw_bind_blob(zw_stmt *s, int i, const void *v, size_t n)
{
	if (v == NULL && n != 0)
		return ZW_EINVAL;
	return bind_common(s, i, ZW_B_BLOB, v != NULL ? v : empty_blob, n, 0);
}

/* Bind SQL NULL. */
int
zw_bind_null(zw_stmt *s, int i)
{
	return bind_common(s, i, ZW_B_NULL, NULL, 0, 0);
}

/*
 * Advance: ZW_ROW while rows come, then ZW_OK.  Once finished (or
 * failed) the same result is returned until reset or re-bound.
 */
int
zw_step(zw_stmt *s)
{
	int rc;

	if (s == NULL)
		return ZW_EINVAL;
	if (s->state == ZW_ST_DONE)
		return s->last_rc;
	if (s->state == ZW_ST_FRESH && tx_poisoned(s->c))
		rc = tx_refuse(s->c);
	else
		rc = s->c->db->be->step(s);
	tx_note(s->c, rc);
	if (rc == ZW_ROW) {
		s->state = ZW_ST_ROW;
	} else {
		s->state = ZW_ST_DONE;
		s->last_rc = rc;
		if (rc != ZW_OK)
			zw_debug("db: step rc=%s sql=\"%s\" err=\"%s\"",
			    zw_strerror(rc), s->sql, s->c->errmsg);
	}
	return rc;
}

/* Finish early: release results and locks; bindings are kept. */
void
zw_reset(zw_stmt *s)
{
	if (s == NULL)
		return;
	if (s->state != ZW_ST_FRESH)
		s->c->db->be->reset(s);
	s->state = ZW_ST_FRESH;
}

static int
col_ok(zw_stmt *s, int i)
{
	return s != NULL && s->state == ZW_ST_ROW && i >= 0 &&
	    i < s->c->db->be->col_count(s);
}

/* Columns of the result (PostgreSQL: known once executed). */
int
zw_col_count(zw_stmt *s)
{
	if (s == NULL)
		return 0;
	return s->c->db->be->col_count(s);
}

/* 1 if the column is NULL (or out of range, or no row is current). */
int
zw_col_isnull(zw_stmt *s, int i)
{
	if (!col_ok(s, i))
		return 1;
	return s->c->db->be->col_isnull(s, i);
}

/* Text of a column; "" for NULL or without a current row. */
const char *
zw_col_text(zw_stmt *s, int i)
{
	const char *t;

	if (!col_ok(s, i))
		return "";
	t = s->c->db->be->col_text(s, i);
	return t != NULL ? t : "";
}

/* Integer value; booleans are 0/1, reals truncate, NULL is 0. */
int64_t
zw_col_int(zw_stmt *s, int i)
{
	if (!col_ok(s, i))
		return 0;
	return s->c->db->be->col_int(s, i);
}

/* Bytes of a column: NULL (n = 0) for SQL NULL, never NULL otherwise. */
const void *
zw_col_blob(zw_stmt *s, int i, size_t *n)
{
	const void *p;
	size_t len = 0;

	if (!col_ok(s, i) || s->c->db->be->col_isnull(s, i)) {
		if (n != NULL)
			*n = 0;
		return NULL;
	}
	p = s->c->db->be->col_blob(s, i, &len);
	if (n != NULL)
		*n = len;
	return p != NULL ? p : empty_blob;
}

/* Name of a column, "" out of range. */
const char *
zw_col_name(zw_stmt *s, int i)
{
	const char *name;

	if (s == NULL || i < 0 || i >= s->c->db->be->col_count(s))
		return "";
	name = s->c->db->be->col_name(s, i);
	return name != NULL ? name : "";
}

/* BEGIN (IMMEDIATE on SQLite).  ZW_ESTATE if already in one. */
int
zw_tx_begin(zw_conn *c)
{
	int rc;

	if (c->db->be->in_tx(c))
		return ZW_ESTATE;
	c->tx_failed = 0;
	writer_release(c);	/* a transaction SQLite ended by itself */
	if ((rc = writer_acquire(c)) != ZW_OK)
		return rc;
	rc = c->db->be->tx_begin(c);
	writer_release(c);	/* only when BEGIN failed */
	return rc;
}

/*
 * COMMIT.  On failure, or if a statement failed in the transaction,
 * the transaction is rolled back and ZW_EDB (ZW_ECONFLICT, ZW_EBUSY)
 * returned.
 */
int
zw_tx_commit(zw_conn *c)
{
	char keep[ZW_DB_ERRMSG];
	int rc;

	if (!c->db->be->in_tx(c)) {
		writer_release(c);
		return ZW_ESTATE;
	}
	if (tx_poisoned(c)) {
		memcpy(keep, c->errmsg, sizeof(keep));
		(void)zw_tx_rollback(c);
		zw_conn_seterr(c, "transaction rolled back after an error: %s",
		    keep);
		return ZW_EDB;
	}
	rc = c->db->be->tx_commit(c);
	writer_release(c);
	return rc;
}

/* ROLLBACK.  ZW_ESTATE if no transaction is open. */
int
zw_tx_rollback(zw_conn *c)
{
	int rc;

	c->tx_failed = 0;
	if (!c->db->be->in_tx(c)) {
		writer_release(c);
		return ZW_ESTATE;
	}
	rc = c->db->be->tx_rollback(c);
	writer_release(c);
	return rc;
}

/* 1 inside a transaction (as the backend sees it). */
int
zw_in_tx(const zw_conn *c)
{
	return c->db->be->in_tx(c);
}

/*
 * First column of the first row of a parameterless query.
 * ZW_ENOTFOUND if there is no row.  OUT: *out.
 */
int
zw_query_int(zw_conn *c, const char *sql, int64_t *out)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, sql, &s)) != ZW_OK)
		return rc;
	rc = zw_step(s);
	if (rc == ZW_ROW) {
		if (out != NULL)
			*out = zw_col_int(s, 0);
		rc = ZW_OK;
	} else if (rc == ZW_OK) {
		rc = ZW_ENOTFOUND;
	}
	zw_reset(s);
	return rc;
}
