/*
 * db.h -- the only way to SQL.  One API over two backends:
 *
 *   SQLite (embedded default): a file DATA/zhengwu.db in WAL mode,
 *     synchronous=NORMAL (FULL when durability=full), busy_timeout,
 *     foreign_keys=ON.  The "pool" hands out up to pool_size connections.
 *   PostgreSQL (--db postgresql://...): libpq connections in a bounded
 *     pool; zw_conn_get() waits up to timeout_ms, then ZW_EBUSY (HTTP 503).
 *
 * SQL is written once with `?` placeholders; the PostgreSQL backend
 * rewrites them to $1..$n (never inside '...' literals).  Statements are
 * prepared once per connection and cached by their SQL text.
 *
 * Portable SQL rules (both backends must accept the text unchanged):
 *   - integer ids: the schema uses the token {{ID}} in migrations only;
 *   - "INSERT ... RETURNING id" to learn a new id;
 *   - booleans are INTEGER 0/1; times are BIGINT epoch seconds;
 *     dates are TEXT 'YYYY-MM-DD'; JSON is TEXT.
 *   - use CAST(? AS BIGINT) / CAST(? AS TEXT) where PostgreSQL cannot
 *     infer a parameter type (e.g. `? IS NULL`).
 *
 * Error convention: 0 / negative ZW_E*; zw_step returns ZW_ROW (1) for
 * a row, ZW_OK (0) when done, ZW_ECONFLICT on a unique/primary-key
 * violation, ZW_EDB otherwise (message in zw_conn_errmsg()).
 */
#ifndef ZW_DB_H
#define ZW_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct zw_db zw_db;
typedef struct zw_conn zw_conn;
typedef struct zw_stmt zw_stmt;

enum zw_db_kind { ZW_DB_SQLITE = 1, ZW_DB_PG = 2 };

struct zw_db_opts {
	const char *url;	/* "postgresql://..." or NULL for SQLite */
	const char *path;	/* SQLite file when url == NULL */
	int pool_size;		/* max connections (>= 1) */
	int durability_full;	/* SQLite synchronous=FULL */
};

/* Open a database; connections are created lazily. OUT: *out. */
int zw_db_open(const struct zw_db_opts *o, zw_db **out);
void zw_db_close(zw_db *db);
enum zw_db_kind zw_db_kind(const zw_db *db);
/* Connections in use and the pool's size (for /metrics). */
void zw_db_pool_stats(zw_db *db, int *in_use, int *size);

/* Borrow a connection; ZW_EBUSY after timeout_ms. OUT: *out. */
int zw_conn_get(zw_db *db, int timeout_ms, zw_conn **out);
/* Return it (rolls back an open transaction first). */
void zw_conn_put(zw_conn *c);
enum zw_db_kind zw_conn_kind(const zw_conn *c);
const char *zw_conn_errmsg(zw_conn *c);

/* Run SQL text with no parameters (DDL, migrations; may hold several
 * statements separated by ';'). */
int zw_exec(zw_conn *c, const char *sql);

/* Prepare (or fetch from the cache) a statement.  The statement is
 * reset and its bindings cleared.  OUT: *out (owned by the connection). */
int zw_prepare(zw_conn *c, const char *sql, zw_stmt **out);

/* Bindings, 1-based.  Text is copied; n = (size_t)-1 means strlen. */
int zw_bind_text(zw_stmt *s, int i, const char *v, size_t n);
int zw_bind_int(zw_stmt *s, int i, int64_t v);
int zw_bind_blob(zw_stmt *s, int i, const void *v, size_t n);
int zw_bind_null(zw_stmt *s, int i);

/* Execute / advance.  ZW_ROW, ZW_OK (done), or an error. */
int zw_step(zw_stmt *s);
/* Finish with a statement early (releases locks / results). */
void zw_reset(zw_stmt *s);

/* Columns, 0-based, valid until the next zw_step/zw_reset. */
int zw_col_count(zw_stmt *s);
int zw_col_isnull(zw_stmt *s, int i);
const char *zw_col_text(zw_stmt *s, int i);	/* "" for NULL */
int64_t zw_col_int(zw_stmt *s, int i);		/* 0 for NULL */
const void *zw_col_blob(zw_stmt *s, int i, size_t *n);
const char *zw_col_name(zw_stmt *s, int i);

/* Transactions.  zw_tx_begin takes the write lock at once on SQLite
 * (BEGIN IMMEDIATE) so that read-then-write sequences never deadlock. */
int zw_tx_begin(zw_conn *c);
int zw_tx_commit(zw_conn *c);
int zw_tx_rollback(zw_conn *c);
int zw_in_tx(const zw_conn *c);

/* Convenience: prepare+bind-nothing+step once, returning the first
 * column of the first row as an integer. ZW_ENOTFOUND if no row. */
int zw_query_int(zw_conn *c, const char *sql, int64_t *out);

#endif
