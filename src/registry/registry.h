/*
 * registry.h -- the base registries (基础库) of population (人口) and
 * legal persons (法人), standards.md §6 and §7.
 *
 *   persons        keyed by the GB 11643 citizen ID number.  The number
 *                  and the phone are stored SM4-sealed (GB/T 39786 §8.4
 *                  e) and found through a keyed index, HMAC-SM3 under an
 *                  index key, truncated to 128 bits: the database alone
 *                  can neither show nor test a number.  Sex and birth
 *                  date are derived from the number and checked.
 *   legal_persons  keyed by the GB 32100 USCC, in clear (it is public);
 *                  type, registration authority and region derived from
 *                  the code and checked.
 *
 * Both keep every earlier version of a record (history) and are filled
 * by CSV imports (all-or-nothing unless skip_invalid; incremental
 * upserts).  Every read through a lookup -- found, not found or refused
 * -- is one row of the data-access log and one event of the audit chain,
 * in the same transaction; the person or enterprise concerned sees the
 * reads of their record (zw_registry_my_log).
 *
 * Who may read which items, and whether in clear, is decided in one
 * place: zw_registry_access().  No HTTP here.
 *
 * The strings a call leaves in struct zw_why are static or kept per
 * thread: valid until the thread's next registry call.
 */
#ifndef ZW_REGISTRY_H
#define ZW_REGISTRY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/ids.h"
#include "crypto/sm3.h"
#include "crypto/sm4.h"
#include "org/org.h"
#include "store/db.h"

enum zw_reg {
	ZW_REG_PERSONS = 0,
	ZW_REG_LEGAL = 1
};

/* "persons" / "legal_persons" (log rows, the API's ?registry=). */
const char *zw_reg_name(enum zw_reg reg);
/* Parse "persons" / "legal_persons" / "legal-persons". */
int zw_reg_parse(const char *s, enum zw_reg *out);

/* Length of the keyed index stored per record (keyed SM3, truncated). */
#define ZW_REG_INDEX_LEN 16

/*
 * The registry's keys, both derived from the master key with HMAC-SM3
 * and distinct labels, so that neither reveals the other or the master
 * key:  data = SM4 key of the sealed ID number and phone,
 *       index = the 64-byte (one SM3 block) prefix of the keyed index.
 */
#define ZW_REG_INDEX_KEY_LEN 64
struct zw_reg_keys {
	unsigned char data[ZW_SM4_KEY_LEN];
	unsigned char index[ZW_REG_INDEX_KEY_LEN];
};

void zw_registry_keys_derive(const unsigned char master[ZW_SM4_KEY_LEN],
    struct zw_reg_keys *k);
/* Process-wide keys for callers that have no master key at hand (the
 * identity check hook): set once at start-up, before threads. */
void zw_registry_init(const unsigned char master[ZW_SM4_KEY_LEN]);
/* The process-wide keys, or NULL before zw_registry_init. */
const struct zw_reg_keys *zw_registry_keys(void);

/* Keyed index of a normalized key (18-character ID number or USCC).
 * OUT: out. */
void zw_registry_index(const struct zw_reg_keys *k, const char *key,
    unsigned char out[ZW_REG_INDEX_LEN]);

/* Masks for display: zw_mask_id, zw_mask_phone (base/ids.h). */

/* Normalize and validate a key as the registry stores it (ID number: 18
 * characters, X uppercase, 15-digit numbers upgraded; USCC uppercase).
 * OUT: out (19 bytes), *r; ZW_EINVAL when invalid (r->reason says why;
 * it may point into r). */
int zw_registry_normalize_key(enum zw_reg reg, const char *key, char out[19],
    struct zw_id_result *r);

/* ---- Import (import.c) ---- */

struct zw_reg_import_opts {
	bool skip_invalid;	/* import the valid rows, list the others */
	const char *encoding;	/* NULL or "utf-8"; "gbk"/"gb18030" converts */
	const char *source;	/* "cli", "api", "demo" (kept with the batch) */
	const char *file_name;	/* for the import record; may be NULL */
	int threads;		/* validation and sealing threads; 0 = cores */
};

struct zw_reg_reject {
	int64_t line;		/* 1-based line of the file */
	const char *code;	/* "bad_check_digit", "duplicate_key" ... */
	const char *message;	/* Chinese reason */
	const char *field;	/* column name or NULL */
};

struct zw_reg_report {
	int64_t rows;		/* data lines (header excluded) */
	int64_t accepted, rejected;
	int64_t inserted, updated, unchanged;
	int64_t batch_id;	/* registry_imports row, 0 when nothing written */
	bool committed;		/* the accepted rows were written */
	/* The rejected lines in line order; past ZW_REG_MAX_REJECTS_KEPT
	 * they are counted, not listed (rejects_truncated). */
	struct zw_reg_reject *rejects;
	size_t nrejects;
	bool rejects_truncated;
	struct zw_arena *a;	/* holds the strings */
};

/*
 * Import a CSV file held in memory (a header line, then one record a
 * line; API.md "Sharing" gives the columns).  Every row is validated
 * first; then, unless some row was rejected and skip_invalid is off,
 * the accepted rows are written in one transaction of the function's
 * own (c must not be in one): new keys inserted, existing keys updated
 * with the previous version kept in the history, identical rows left
 * alone.  Returns ZW_OK (report filled, committed may be false when
 * nothing was valid), ZW_EINVAL with why for a file that cannot be
 * read as a registry file (encoding, header) or when rows were
 * rejected without skip_invalid (report filled, nothing written), or a
 * database error.  Free the report with zw_reg_report_free.
 */
int zw_registry_import(zw_conn *c, const struct zw_actor *who,
    const struct zw_reg_keys *k, enum zw_reg reg, const char *data, size_t n,
    const struct zw_reg_import_opts *o, struct zw_reg_report *rep,
    struct zw_why *why);
void zw_reg_report_free(struct zw_reg_report *rep);
/* The report as JSON (at most max rejects listed). */
json_t *zw_reg_report_json(const struct zw_reg_report *rep, size_t max);

/* ---- Access and lookups (lookup.c) ---- */

/* Items of a record, as bits of zw_reg_access.items. */
enum zw_reg_item {
	ZW_RI_KEY = 1 << 0,	/* id_number / uscc */
	ZW_RI_NAME = 1 << 1,
	ZW_RI_SEX = 1 << 2,	/* persons */
	ZW_RI_BIRTH = 1 << 3,	/* persons */
	ZW_RI_ETHNICITY = 1 << 4,	/* persons */
	ZW_RI_REGION = 1 << 5,
	ZW_RI_ADDRESS = 1 << 6,
	ZW_RI_PHONE = 1 << 7,	/* persons */
	ZW_RI_STATUS = 1 << 8,
	ZW_RI_TYPE = 1 << 9,	/* legal persons: 机构类别 */
	ZW_RI_AUTHORITY = 1 << 10,	/* legal persons: 登记管理部门 */
	ZW_RI_REPRESENTATIVE = 1 << 11,	/* legal persons */
	ZW_RI_CAPITAL = 1 << 12,	/* legal persons */
	ZW_RI_ESTABLISHED = 1 << 13	/* legal persons */
};

/* What one caller may read of one registry. */
struct zw_reg_access {
	bool allowed;
	bool clear;		/* ID number and phone unmasked */
	bool history;		/* may see earlier versions */
	uint32_t items;		/* enum zw_reg_item bits returned */
	const char *code;	/* why not allowed (snake_case) */
	const char *reason;	/* 中文 */
};

/*
 * The one decision on reading a registry: registry.read is needed;
 * registry.manage reads every item and the history (registry.clear in
 * clear); anyone else reads what the catalog allows the organization
 * (or client) -- the share grants of catalog.h, per item, with an
 * expiry (codes not_granted, grant_expired, not_shareable).  client is
 * the calling API client's id ("" for people).  OUT: *out.
 */
int zw_registry_access(zw_conn *c, const struct zw_actor *who,
    const char *client, enum zw_reg reg, struct zw_reg_access *out);

/* The stated reason of a read (X-Purpose, X-Case-Ref). */
struct zw_reg_read {
	const char *purpose;	/* 事由 */
	const char *case_ref;	/* 案件或业务编号 */
	const char *client;	/* API client name, "" for people */
	bool history;		/* include earlier versions (if allowed) */
	const char *items;	/* item codes asked for ("name,phone"); NULL
				   = all the caller may read */
};

/*
 * Read one record and log the read (inside the caller's transaction,
 * which must be committed whatever the result, so that refusals and
 * misses stay logged).  key is validated first: ZW_EINVAL (why set,
 * nothing logged) for a key that is not a valid ID number / USCC.
 * Then: purpose and case reference required (ZW_EINVAL, why.field names
 * the header, logged as denied); the access decision (ZW_EPERM, logged
 * as denied); ZW_ENOTFOUND (logged as not_found); ZW_OK with *out.
 */
int zw_registry_get(zw_conn *c, const struct zw_actor *who,
    const struct zw_reg_keys *k, enum zw_reg reg, const char *key,
    const struct zw_reg_read *rd, json_t **out, struct zw_why *why);

/*
 * Batch lookup: one result per key, in order
 * ({"key","status":"ok"|"not_found"|"invalid","record"|"error"}), each
 * read logged like zw_registry_get.  A missing purpose or a refused
 * access fails the whole batch (one log row per valid key).
 * n <= ZW_REG_MAX_BATCH.  OUT: *items.
 */
int zw_registry_batch(zw_conn *c, const struct zw_actor *who,
    const struct zw_reg_keys *k, enum zw_reg reg, const char *const *keys,
    size_t n, const struct zw_reg_read *rd, json_t **items, struct zw_why *why);

/*
 * The data-access log seen by the person or enterprise concerned: the
 * successful reads of the record of public user user_id (kind person:
 * their ID number; enterprise: their USCC), newest first:
 * {"at","org_name","purpose","case_ref","registry","items":[中文…]}.
 * ZW_EPERM for a staff user.
 */
int zw_registry_my_log(zw_conn *c, const struct zw_reg_keys *k,
    int64_t user_id, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next_cursor);

/*
 * A bulk read (a comparison against the registry, src/exchange): n
 * subjects (keyed indexes, ZW_REG_INDEX_LEN bytes each, contiguous) read
 * by who for purpose and case_ref, each a row of the data-access log --
 * so every person or enterprise concerned sees it -- all covered by one
 * audit event "registry.bulk_read" with the count.  items: the fields
 * read (",name,status,"); note: what read them ("比对#12"), the rows'
 * reason.  In the caller's transaction.
 */
int zw_registry_log_bulk(zw_conn *c, const struct zw_actor *who,
    enum zw_reg reg, const unsigned char *subjects, size_t n,
    const char *purpose, const char *case_ref, const char *items,
    const char *note);

/* The data-access log for auditors and registry managers (newest
 * first; registry NULL for both). */
int zw_registry_access_log(zw_conn *c, const char *registry, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next_cursor);

/* ---- Data quality (quality.c) ---- */

/*
 * Re-check every stored record: invalid or undecryptable values,
 * values that contradict the key (sex, birth date, authority, type,
 * region), missing required fields, unknown codes, duplicates.  OUT:
 * *out {"registry","total","issues":[{"code","name","count","samples"}]}
 * with masked samples.
 */
int zw_registry_quality(zw_conn *c, const struct zw_reg_keys *k,
    enum zw_reg reg, json_t **out);

/* ---- Identity check for account registration (accounts.h) ---- */

/*
 * kind "person": key = ID number; "enterprise": key = USCC.  ZW_OK when
 * the registry holds key under this name with an active status,
 * ZW_ENOTFOUND when it does not hold key, ZW_ECONFLICT (why in Chinese)
 * when the name differs or the status is 死亡, 注销, 吊销 or 撤销.
 * Uses the process-wide keys (zw_registry_init); ZW_ESTATE without
 * them.  A registration check is not a read by another organization:
 * it is not in the data-access log.
 */
int zw_registry_identity_check(zw_conn *c, const char *kind, const char *key,
    const char *name, struct zw_why *why);

/* True when [p, p+n) is not UTF-8 but reads as GBK / GB 18030 text
 * (for other modules' CSV checks: the exchange's datasets). */
bool zw_registry_looks_gbk(const char *p, size_t n);

/* ---- Synthetic data (synth.c): demo and benchmarks ---- */

/* Row i (0-based) of a deterministic synthetic registry, as one CSV line
 * with its newline, valid by every import rule; regions cycle over the
 * NULL-terminated list.  Returns the length written (0 if size is too
 * small).  Headers: ZW_REG_PERSONS_HEADER / ZW_REG_LEGAL_HEADER. */
size_t zw_synth_person(uint64_t seed, uint64_t i, const char *const *regions,
    char *out, size_t size);
size_t zw_synth_legal(uint64_t seed, uint64_t i, const char *const *regions,
    char *out, size_t size);

#define ZW_REG_PERSONS_HEADER \
	"id_number,name,ethnicity,region_code,address,status,phone\n"
#define ZW_REG_LEGAL_HEADER \
	"uscc,name,legal_representative,registered_capital,address," \
	"established_on,status\n"

#endif
