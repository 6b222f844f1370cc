/*
 * db_int.h -- private to src/store: the objects behind db.h and the
 * small table of functions each backend (sqlite.c, pg.c) provides.
 *
 * db.c owns everything common: the pool (mutex + condition variable),
 * the per-connection statement cache (hash by SQL text, LRU-capped),
 * the statement state machine, argument checks, and PostgreSQL's rule
 * that a transaction in which a statement failed can only be rolled
 * back (enforced on SQLite too, so code tested on one backend behaves
 * the same on the other).  A backend only
 * talks to its library.  Nothing outside src/store includes this file
 * except unit tests.
 */
#ifndef ZW_DB_INT_H
#define ZW_DB_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define ZW_STMT_CACHE_MAX	256	/* statements kept per connection */
#define ZW_STMT_BUCKETS		64	/* hash buckets of that cache */
#define ZW_DB_ERRMSG		512	/* bytes of a kept error message */
#define ZW_DB_MAX_PARAMS	65535	/* the PostgreSQL protocol's limit */
#define ZW_DB_WRITER_WAIT_MS	5000	/* SQLite: wait for the writer lock, as
					   long as the busy timeout (sqlite.c) */

/* Statement states (db.c drives them; backends never change them). */
enum zw_stmt_state {
	ZW_ST_FRESH = 0,	/* bound, not yet stepped */
	ZW_ST_ROW,		/* a row is current */
	ZW_ST_DONE		/* finished (or failed): step repeats last_rc */
};

/* Kinds of a binding passed to a backend. */
enum zw_bind_kind { ZW_B_NULL, ZW_B_INT, ZW_B_TEXT, ZW_B_BLOB };

struct zw_stmt {
	zw_conn *c;
	char *sql;			/* the cache key, as given */
	uint32_t hash;
	struct zw_stmt *hnext;		/* bucket chain */
	struct zw_stmt *lprev, *lnext;	/* LRU list, most recent first */
	int nparams;			/* set by the backend's prepare */
	enum zw_stmt_state state;
	int last_rc;			/* what step returns once done */
	void *h;			/* backend statement */
};

struct zw_conn {
	zw_db *db;
	void *h;			/* sqlite3 * or PGconn * */
	int borrowed;			/* guarded by db->mu */
	struct zw_conn *next_idle;	/* guarded by db->mu */
	struct zw_stmt *buckets[ZW_STMT_BUCKETS];
	struct zw_stmt *lru_head, *lru_tail;
	int nstmts;
	unsigned int next_name;		/* PostgreSQL statement names */
	int tx_failed;			/* a statement failed in this tx */
	int holds_writer;		/* SQLite: owns db->writer */
	char errmsg[ZW_DB_ERRMSG];
};

struct zw_backend {
	/* Open c->h for c->db; on failure set c->errmsg. */
	int (*connect)(zw_conn *c);
	void (*disconnect)(zw_conn *c);
	/* Called when a connection is borrowed: repair a broken link.
	 * Returns 1 if the server-side statements were lost. */
	int (*revive)(zw_conn *c);
	int (*exec)(zw_conn *c, const char *sql);
	int (*in_tx)(const zw_conn *c);
	int (*tx_begin)(zw_conn *c);
	int (*tx_commit)(zw_conn *c);
	int (*tx_rollback)(zw_conn *c);
	/* Compile s->sql into s->h and set s->nparams. */
	int (*prepare)(zw_stmt *s);
	/* Free s->h; `server` = 0 when the server side is already gone. */
	void (*finalize)(zw_stmt *s, int server);
	/* Stop executing and drop results; bindings stay. */
	void (*reset)(zw_stmt *s);
	void (*clear)(zw_stmt *s);
	/* i is 1-based and in range; text has no NUL and n <= INT_MAX. */
	int (*bind)(zw_stmt *s, int i, enum zw_bind_kind k, const void *v,
	    size_t n, int64_t iv);
	/* ZW_ROW, ZW_OK or an error (message in the connection). */
	int (*step)(zw_stmt *s);
	/* Column access; i is in range and a row is current. */
	int (*col_count)(zw_stmt *s);
	int (*col_isnull)(zw_stmt *s, int i);
	const char *(*col_text)(zw_stmt *s, int i);
	int64_t (*col_int)(zw_stmt *s, int i);
	const void *(*col_blob)(zw_stmt *s, int i, size_t *n);
	const char *(*col_name)(zw_stmt *s, int i);
};

struct zw_db {
	enum zw_db_kind kind;
	const struct zw_backend *be;
	char *url;
	char *path;
	int durability_full;
	int size;			/* pool capacity */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int created;			/* connections opened (or opening) */
	int in_use;
	struct zw_conn *idle;		/* stack of idle connections */
	/* SQLite: one writing transaction at a time in this process.  The
	 * connections queue here, in order, instead of in SQLite's busy
	 * handler, which sleeps 1..100 ms between retries and makes the
	 * tail latency of every write the length of its naps. */
	pthread_mutex_t writer;
};

extern const struct zw_backend zw_sqlite_backend;
extern const struct zw_backend zw_pg_backend;

/* Keep a formatted error message in the connection. */
void zw_conn_seterr(zw_conn *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Rewrite `?` placeholders to $1..$n, leaving '...' literals (including
 * E'...' with backslash escapes), "..." identifiers, $tag$...$tag$
 * bodies and -- and block comments untouched.  OUT: *nparams.
 * Returns a string to zw_free(), or NULL past ZW_DB_MAX_PARAMS, or
 * NULL with *nparams = -1 for SQLite's numbered "?NNN" form.
 */
char *zw_pg_rewrite(const char *sql, int *nparams);

/* Statements currently cached on a connection (tests). */
int zw_conn_stmt_count(const zw_conn *c);

#endif
