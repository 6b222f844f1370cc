/*
 * exchange.h -- data exchange (交换): datasets with immutable, signed
 * versions, and comparison (比对) of two tables on a key
 * (standards.md §5: 以共享为原则; §6 for the keys; §7 for SM2/SM3).
 *
 *   dataset   a named table of a provider organization with a key
 *             column.  resource_id (nullable, no foreign key) will name
 *             the catalog resource the dataset publishes.
 *   version   published by the provider: CSV (UTF-8, header line) or a
 *             JSON array of objects, stored canonically as CSV in the
 *             blob store.  Immutable: its SM3, row count, the provider
 *             organization's SM2 signature over the lowercase hex SM3,
 *             and the counts of rows added, removed and changed (by key)
 *             against the previous version are fixed at publication.
 *   comparison  two sides (a dataset version, an uploaded file, or a
 *             base registry) compared on a key by a background job:
 *             counts only_left, only_right, both_same, both_different,
 *             per-field difference counts, and the differing rows
 *             (stored up to ZW_X_RESULTS_KEPT; counts are always exact).
 *
 * The engine (compare.c) works on bytes in memory: a table is its rows'
 * keys and line slices, sorted by key, and two tables are merged in one
 * linear pass.  No HTTP here; the domain calls take a connection and the
 * acting user and audit every change in the caller's transaction.
 */
#ifndef ZW_EXCHANGE_H
#define ZW_EXCHANGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/limits.h"
#include "org/org.h"
#include "store/db.h"

struct zw_app;

/* ---- Engine (compare.c): tables and their comparison ---- */

/* One row: its key (a slice of the data, or of the arena when the key
 * was rewritten) and its whole line (without the line end). */
struct zw_xrow {
	uint64_t pfx;		/* first 8 key bytes, big-endian: sort fast path */
	const char *key;
	const char *line;
	uint32_t keylen, linelen;
	uint32_t lineno;	/* 1-based line in the file */
};

/* A parsed CSV table.  The data must outlive it. */
struct zw_xtab {
	int ncols, keycol;
	const char **cols;	/* column names, NUL-terminated */
	struct zw_xrow *rows;	/* sorted by key after zw_xtab_parse */
	size_t nrows;
	bool crlf;
};

/* Why a table was refused: a code, a Chinese message with the line,
 * the 1-based line (0 for the whole file) and the column at fault. */
struct zw_xerr {
	const char *code;	/* no_header, column_count, no_key_column,
				   duplicate_key, empty_key, invalid_utf8,
				   gbk_encoding, bad_quote, line_too_long,
				   too_many_columns, too_many_rows, empty_file,
				   bad_json, field_missing ... */
	int64_t line;
	char field[ZW_X_MAX_COLNAME + 1];	/* the column at fault, or "" (a
					   copy: tables live in arenas) */
	char message[300];
};

/*
 * Parse CSV (a header line, then one record a line, RFC 4180 quotes
 * within a line), check it (strict UTF-8 -- GBK is recognized and named;
 * equal column counts; the key column present; no empty or duplicate
 * keys) and sort the rows by key.  Memory from a (the row array is
 * freed with the arena).  OUT: *out.  ZW_EINVAL with *e.
 */
int zw_xtab_parse(zw_arena *a, const char *data, size_t n, const char *key,
    struct zw_xtab *out, struct zw_xerr *e);

/* Sort rows by key again after their keys were rewritten (pfx
 * recomputed); ZW_EINVAL (duplicate_key) when two rows share a key. */
int zw_xtab_sort(struct zw_xtab *t, struct zw_xerr *e);

/* Split one line into its fields (quotes removed; copies in a).
 * OUT: f[0..ncols) and len[]; ZW_EINVAL on a bad quote or a count that
 * is not ncols. */
int zw_xrow_fields(zw_arena *a, const char *line, size_t n, int ncols,
    const char **f, size_t *len);

/* Parse two tables at once (one thread each). */
int zw_xtab_parse_pair(zw_arena *a, const char *ld, size_t ln,
    const char *rd, size_t rn, const char *key, struct zw_xtab *l,
    struct zw_xtab *r, struct zw_xerr *le, struct zw_xerr *re);

enum zw_xkind { ZW_X_ONLY_LEFT = 1, ZW_X_ONLY_RIGHT = 2, ZW_X_DIFFERENT = 3 };

/* One result row; mask bit i = fields[i] differs. */
struct zw_xdiff {
	enum zw_xkind kind;
	const struct zw_xrow *l, *r;
	uint64_t mask;
};

struct zw_xcmp {
	int64_t only_left, only_right, both_same, both_different;
	int nfields;
	const char **fields;	/* compared columns (key excluded) */
	int *lmap, *rmap;	/* their column index on each side */
	int64_t *field_diffs;	/* per compared column */
	struct zw_xdiff *diffs;	/* in key order per kind, at most max_diffs */
	size_t ndiffs;
	bool truncated;		/* more differences than kept */
};

/* Progress: rows merged so far of total (both sides). */
typedef void (*zw_xprogress_fn)(void *arg, int64_t done, int64_t total);

/*
 * Compare two sorted tables on their keys.  fields: the columns to
 * compare (NULL: every column both sides have, key excluded); a named
 * column missing on a side is ZW_EINVAL (field_missing).  Rows whose
 * lines are byte-equal are equal; others are compared field by field.
 * OUT: *out (memory from a).
 */
int zw_xcompare(zw_arena *a, const struct zw_xtab *l, const struct zw_xtab *r,
    const char *const *fields, size_t nfields, size_t max_diffs,
    zw_xprogress_fn progress, void *parg, struct zw_xcmp *out,
    struct zw_xerr *e);

/* Append one CSV field (quoted when needed) to b. */
struct zw_buf;
int zw_xcsv_field(struct zw_buf *b, const char *s, size_t n);

/* ---- Datasets and versions (dataset.c) ---- */

/*
 * The one access decision on reading a dataset (its versions, changes,
 * and using it as a side of a comparison): staff of the owning
 * organization, staff holding exchange.read, and, when the dataset
 * publishes a catalog resource (resource_id), every organization the
 * catalog lets use it (zw_share_access_resource: 无条件共享, or a live
 * grant of 有条件共享; standards.md §5).
 */
bool zw_dataset_may_read(zw_conn *c, const struct zw_actor *who,
    int64_t dataset_org_id, int64_t resource_id);

struct zw_dataset_in {
	const char *name;
	const char *key_column;
	const char *description;
	int64_t resource_id;	/* 0 = none */
};

/* Create a dataset of who's organization (exchange.publish).
 * OUT: *id.  ZW_EINVAL / ZW_ECONFLICT (same name in the org) with why. */
int zw_dataset_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_dataset_in *in, int64_t *id, struct zw_why *why);
/* ZW_ENOTFOUND also when not readable.  OUT: *out with "versions". */
int zw_dataset_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
int zw_dataset_list(zw_conn *c, const struct zw_actor *who, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next);

/*
 * Publish a version: data is CSV, or a JSON array of objects when
 * json is true (converted to CSV: columns in the first object's order,
 * every object with the same keys).  Validated in full first (a refusal
 * changes nothing: ZW_EINVAL, *e with the line); then the canonical CSV
 * is stored as a blob, signed, diffed against the previous version, and
 * recorded with its audit event in the caller's transaction.
 * OUT: *version.
 */
int zw_dataset_publish(zw_conn *c, const struct zw_actor *who,
    const char *datadir, const unsigned char *master_key, int64_t dataset_id,
    const char *data, size_t n, bool json, int64_t *version,
    struct zw_xerr *e);

/* A version's metadata with its signature check:
 * {version, row_count, sm3, size, columns, rows_added, rows_removed,
 *  rows_changed, published_at, signature_b64, verification{...,valid}}.
 * OUT: *out. */
int zw_dataset_version_get(zw_conn *c, const struct zw_actor *who,
    const char *datadir, int64_t id, int64_t version, json_t **out);
/* The version's CSV, checked against its SM3 (ZW_ECRYPTO when altered).
 * OUT: *p (zw_malloc'ed), *n. */
int zw_dataset_version_data(zw_conn *c, const struct zw_actor *who,
    const char *datadir, int64_t id, int64_t version, void **p, size_t *n);
/* The changes from version since to the latest:
 * {since, to, added:[{row}], removed:[{key}], changed:[{row, fields}]}.
 * ZW_ETOOBIG past ZW_X_MAX_CHANGES entries.  OUT: *out. */
int zw_dataset_changes(zw_conn *c, const struct zw_actor *who,
    const char *datadir, int64_t id, int64_t since, json_t **out);

/* ---- Comparisons (comparison.c) ---- */

/* Start a comparison (spec as the API's body: left, right, key,
 * fields), checking the caller may read both sides; queues its job.
 * OUT: *id.  ZW_EINVAL / ZW_EPERM / ZW_ENOTFOUND with why. */
int zw_comparison_create(zw_conn *c, const struct zw_actor *who,
    json_t *spec, int64_t *id, struct zw_why *why);
int zw_comparison_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
int zw_comparison_list(zw_conn *c, const struct zw_actor *who, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next);
/* kind: "only_left", "only_right", "different" or NULL (all). */
int zw_comparison_results(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *kind, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next);
/* The results as CSV (kind,key,field,left,right).  OUT: b. */
int zw_comparison_csv(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *kind, struct zw_buf *b);
/* Run comparison id now (the job's body; also for tests). */
int zw_comparison_run(zw_conn *c, const char *datadir, int64_t id,
    char *errbuf, size_t errlen);

/* Register the job kind (keeps app for datadir and keys). */
int zw_exchange_jobs_init(struct zw_app *app);

/* ---- Subscriptions (subscribe.c) ---- */

/*
 * Subscribe who's organization to a dataset it may read, delivering the
 * versions after since (-1: from the next version on).  A version
 * already past since is delivered at once (by the job).  OUT: *id.
 * ZW_ENOTFOUND (not readable), ZW_ECONFLICT already_subscribed,
 * ZW_EINVAL invalid_since, with why.
 */
int zw_dataset_subscribe(zw_conn *c, const struct zw_actor *who,
    int64_t dataset_id, int64_t since, int64_t *id, struct zw_why *why);
/* Stop a subscription of who's organization.  ZW_ENOTFOUND otherwise. */
int zw_dataset_unsubscribe(zw_conn *c, const struct zw_actor *who, int64_t id);
/* who's organization's active subscriptions: [{id, dataset_id,
 * dataset_name, provider_name, delivered_version, latest_version,
 * held_reason, created_at, deliveries}].  OUT: *items. */
int zw_subscription_list(zw_conn *c, const struct zw_actor *who,
    json_t **items);
/* Deliveries to who's organization (of one subscription, or all: 0),
 * newest first: {id, subscription_id, dataset_id, dataset_name,
 * from_version, to_version, rows_added, rows_removed, rows_changed, sm3,
 * size, created_at}. */
int zw_xdelivery_list(zw_conn *c, const struct zw_actor *who,
    int64_t subscription_id, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next);
/* One delivery with its change set ("changes", as zw_dataset_changes
 * answers), checked against its SM3 (ZW_ECRYPTO when altered). */
int zw_xdelivery_get(zw_conn *c, const struct zw_actor *who,
    const char *datadir, int64_t id, json_t **out);
/* Queue the delivery run of a dataset (in the caller's transaction). */
int zw_exchange_deliver_later(zw_conn *c, int64_t dataset_id);
/* The delivery run now (the job's body; tests): every active
 * subscription behind the latest version gets its change set, one
 * transaction each.  OUT: *delivered (subscriptions served or held). */
int zw_exchange_deliver(zw_conn *c, const char *datadir, int64_t dataset_id,
    int64_t *delivered);
/* Register the delivery job (server start-up). */
void zw_exchange_deliver_init(struct zw_app *app);

#endif
