/*
 * ids.h -- validators for Chinese identifiers (standards.md §6):
 *   GB 11643-1999 居民身份证号 (18 chars, ISO 7064 MOD 11-2; 15-digit upgrade)
 *   GB 32100-2015 统一社会信用代码 (18 chars, MOD 31, inner GB 11714 check)
 *   GB/T 2260 行政区划代码 (6 digits, looked up in the region table)
 *
 * Results carry a machine code and a Chinese reason saying which rule
 * failed, e.g. {"bad_check_digit", "校验码错误：应为X"}.
 */
#ifndef ZW_IDS_H
#define ZW_IDS_H

#include <stdbool.h>
#include <stddef.h>

struct zw_region {
	char code[7];
	const char *name;	/* 长安区 */
	const char *full_name;	/* 河北省石家庄市长安区 */
	int level;		/* 1 province, 2 prefecture, 3 county */
	bool historic;		/* abolished code, still valid in old IDs */
};

/* Region table: loaded from a CSV text "code,name,level,historic" (header
 * line first).  Called once at start-up with the embedded data file. */
int zw_regions_load(const char *csv, size_t n);
const struct zw_region *zw_region_find(const char *code6);
/* Iterate: returns NULL past the end. */
const struct zw_region *zw_region_at(size_t i);
/* Drop the table (at exit, or in tests); lookups then find nothing. */
void zw_regions_free(void);

struct zw_id_result {
	bool valid;
	const char *code;	/* "ok", "bad_length", "bad_char", "bad_date",
				   "future_date", "unknown_region", "bad_check_digit",
				   "bad_org_code" ... */
	const char *reason;	/* Chinese explanation (static storage or buf) */
	char reason_buf[160];
	/* ID number details (valid only) */
	char normalized[19];	/* 18-char uppercase form */
	char birth[11];		/* YYYY-MM-DD */
	int sex;		/* 1 male, 2 female */
	char region[7];
	/* USCC details */
	const char *authority;	/* 登记管理部门 name */
	const char *org_type;	/* 机构类别 name */
	char org_code[10];	/* positions 9-17 */
};

/* today = "YYYY-MM-DD" for the not-in-the-future rule. */
void zw_validate_id_number(const char *s, const char *today,
    struct zw_id_result *r);
void zw_validate_uscc(const char *s, struct zw_id_result *r);
void zw_validate_region(const char *s, struct zw_id_result *r);

/* Low-level helpers (tests use them). */
char zw_id_check_char(const char *first17);
char zw_uscc_check_char(const char *first17);
/* GB 11714 organization-code check character ('0'-'9' or 'X') of the 8
 * body characters (digits, A-Z); 0 if first8 has anything else. */
char zw_org_code_check_char(const char *first8);
/* Mask for display: 1101**********123X (keep 4 + last 4). */
void zw_mask_id(const char *id, char *out, size_t size);
/* Mask a phone number for display: the first 3 and the last 4
 * characters stay (13812345678 -> 138****5678, 0311-87654321 ->
 * 031******4321); 7 characters or fewer are masked whole. */
void zw_mask_phone(const char *phone, char *out, size_t size);

#endif
