/*
 * reg_int.h -- what the registry's files share and nobody else needs:
 * the per-thread crypto contexts, the sealed personal data, the CSV
 * reader and the row validators.
 */
#ifndef ZW_REG_INT_H
#define ZW_REG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/limits.h"
#include "registry/registry.h"

/* ---- keys.c ---- */

/* Keyed index through the calling thread's HMAC context. */
void reg_index(const struct zw_reg_keys *k, const char *key, size_t n,
    unsigned char out[ZW_REG_INDEX_LEN]);

/* Sealed personal data: SM4 of "ID number \n phone". */
#define REG_PII_PLAIN_MAX	(18 + 1 + ZW_REG_MAX_PHONE)
#define REG_PII_MAX		(REG_PII_PLAIN_MAX + ZW_SM4_OVERHEAD)

/* OUT: out (REG_PII_MAX bytes), *outlen. */
int reg_pii_seal(const struct zw_reg_keys *k, const char *id,
    const char *phone, size_t phone_len, unsigned char *out, size_t *outlen);
/* ZW_ECRYPTO when the blob does not open or is malformed.  OUT: id (19),
 * phone (ZW_REG_MAX_PHONE + 1). */
int reg_pii_open(const struct zw_reg_keys *k, const void *blob, size_t n,
    char id[19], char phone[ZW_REG_MAX_PHONE + 1]);

/* Hex of an index (for audit object ids).  OUT: out (33 bytes). */
void reg_index_hex(const unsigned char key[ZW_REG_INDEX_LEN], char out[33]);

/* ---- csv.c ---- */

struct reg_field {
	const char *p;		/* not NUL-terminated */
	size_t n;
};

/*
 * Split one line (without its line end) into fields: RFC 4180 quoting
 * ("a,b" and "" inside quotes), spaces around unquoted fields trimmed.
 * Unquoted copies of quoted fields go to scratch (at least n bytes).
 * Returns the number of fields, REG_CSV_BADQUOTE, or REG_CSV_TOOMANY
 * past max.
 */
#define REG_CSV_BADQUOTE	(-1)
#define REG_CSV_TOOMANY		(-2)
int reg_csv_split(const char *p, size_t n, struct reg_field *f, int max,
    char *scratch);

/* True when [p, p+n) is not UTF-8 but reads as GBK / GB 18030 text. */
bool reg_looks_gbk(const char *p, size_t n);
/* Convert GB 18030 (a superset of GBK) to UTF-8 with iconv.  OUT: *out
 * (zw_malloc'ed), *outlen; ZW_EINVAL with *bad_off at the first byte
 * that does not convert. */
int reg_from_gbk(const char *p, size_t n, char **out, size_t *outlen,
    size_t *bad_off);

/* ---- validate.c ---- */

/* Columns of a registry file, in the record's order. */
enum reg_pcol { PC_ID, PC_NAME, PC_ETHNICITY, PC_REGION, PC_ADDRESS,
	PC_STATUS, PC_PHONE, PC_SEX, PC_BIRTH, PC_N };
enum reg_lcol { LC_USCC, LC_NAME, LC_REP, LC_CAPITAL, LC_ADDRESS,
	LC_ESTABLISHED, LC_STATUS, LC_TYPE, LC_AUTHORITY, LC_N };
#define REG_COLS_MAX	PC_N	/* the larger of PC_N and LC_N */
_Static_assert((int)LC_N <= (int)PC_N, "column arrays are sized by PC_N");

/* Column names ("id_number" ...) and whether a file must have them. */
const char *reg_col_name(enum zw_reg reg, int col);
bool reg_col_required(enum zw_reg reg, int col);
int reg_ncols(enum zw_reg reg);

/* A validated record, every text NUL-terminated in its own buffer. */
struct reg_person {
	char id[19];
	char name[ZW_REG_MAX_PERSON_NAME * 4 + 1];
	char sex[4];		/* 男 / 女 */
	char birth[11];
	char ethnicity[32];
	char region[7];
	char address[ZW_REG_MAX_ADDRESS * 4 + 1];
	char status[16];
	char phone[ZW_REG_MAX_PHONE + 1];
};

struct reg_legal {
	char uscc[19];
	char name[ZW_MAX_NAME * 4 + 1];
	char org_type[64];
	char authority[64];
	char region[7];
	char rep[ZW_REG_MAX_PERSON_NAME * 4 + 1];
	char capital[32];
	char address[ZW_REG_MAX_ADDRESS * 4 + 1];
	char established[11];
	char status[16];
};

/* Why a row failed: code, Chinese message (may point into buf). */
struct reg_err {
	const char *code;
	const char *message;
	const char *field;
	char buf[400];
};

/* Validate one row whose fields are mapped by map[col] (-1 = absent
 * column).  today = "YYYY-MM-DD".  OUT: *p / *l; false with *e. */
bool reg_check_person(const struct reg_field *f, const int *map,
    const char *today, struct reg_person *p, struct reg_err *e);
bool reg_check_legal(const struct reg_field *f, const int *map,
    const char *today, struct reg_legal *l, struct reg_err *e);

/* Fill a person from a row reg_check_person accepted before (the same
 * bytes): copies and the values derived from the number, no checks. */
void reg_fill_person(const struct reg_field *f, const int *map,
    struct reg_person *p);

/* Known values. */
bool reg_phone_ok(const char *s, size_t n);
bool reg_ethnicity_known(const char *s, size_t n);
bool reg_person_status_known(const char *s);
bool reg_legal_status_known(const char *s);
/* 死亡 注销 (persons); 吊销 注销 撤销 (legal persons). */
bool reg_status_inactive(const char *s);

#endif
