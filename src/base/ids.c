/*
 * ids.c -- validators for Chinese identifiers (standards.md §6): the
 * GB 11643-1999 citizen ID number, the GB 32100-2015 unified social
 * credit code (USCC) with its inner GB 11714 organization code, and
 * GB/T 2260 region codes looked up in a table loaded from CSV text
 * (data/regions.csv).
 *
 * Every failure names the rule that failed: a machine code ("bad_check_digit")
 * and a Chinese reason for the user ("校验码错误（GB 11643 MOD 11-2）：应为X").
 * Checks run in a fixed order: length, characters, check character,
 * then the meaning of the fields (date, authority, region ...), so a
 * mistyped number is reported as a check-digit error first.
 *
 * The region table is built once by zw_regions_load() and afterwards
 * only read, so lookups from many threads need no lock.  Loading again
 * or freeing while other threads read is not allowed.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "err.h"
#include "ids.h"
#include "limits.h"
#include "mem.h"
#include "str.h"

/*
 * Earliest accepted birth date.  The standard's own example number
 * 440524188001010014 (standards.md §6.1) was born in 1880, so the floor
 * sits at 1800-01-01 rather than 1900-01-01.
 */
#define ID_MIN_BIRTH_YEAR	1800

/* USCC registration authority of central (national-level) registrations. */
#define USCC_NATIONAL_REGION	"100000"

static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 11643 weights: W[i] = 2^(17-i) mod 11. */
static const int id_weights[17] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};

/* GB 32100 weights: W[i] = 3^i mod 31. */
static const int uscc_weights[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* GB 11714 weights of the 8 body characters. */
static const int org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

/* GB 32100 position 1: 登记管理部门. */
static const struct {
	char code;
	const char *name;
} uscc_authorities[] = {
	{ '1', "机构编制" },
	{ '2', "外交" },
	{ '3', "司法行政" },
	{ '4', "文化" },
	{ '5', "民政" },
	{ '6', "旅游" },
	{ '7', "宗教" },
	{ '8', "工会" },
	{ '9', "工商（市场监管）" },
	{ 'A', "中央军委改革和编制办公室" },
	{ 'N', "农业" },
	{ 'Y', "其他" },
};

/* GB 32100 position 2: 机构类别, allowed per authority. */
static const struct {
	char authority;
	char code;
	const char *name;
} uscc_org_types[] = {
	{ '1', '1', "机关" },
	{ '1', '2', "事业单位" },
	{ '1', '3', "中央编办直接管理机构编制的群众团体" },
	{ '1', '9', "其他" },
	{ '2', '1', "外国常驻新闻机构" },
	{ '2', '9', "其他" },
	{ '3', '1', "律师执业机构" },
	{ '3', '2', "公证处" },
	{ '3', '3', "基层法律服务所" },
	{ '3', '4', "司法鉴定机构" },
	{ '3', '5', "仲裁委员会" },
	{ '3', '9', "其他" },
	{ '4', '1', "外国在华文化中心" },
	{ '4', '9', "其他" },
	{ '5', '1', "社会团体" },
	{ '5', '2', "民办非企业单位" },
	{ '5', '3', "基金会" },
	{ '5', '9', "其他" },
	{ '6', '1', "外国旅游部门常驻代表机构" },
	{ '6', '2', "港澳台地区旅游部门常驻内地（大陆）代表机构" },
	{ '6', '9', "其他" },
	{ '7', '1', "宗教活动场所" },
	{ '7', '2', "宗教院校" },
	{ '7', '9', "其他" },
	{ '8', '1', "基层工会" },
	{ '8', '9', "其他" },
	{ '9', '1', "企业" },
	{ '9', '2', "个体工商户" },
	{ '9', '3', "农民专业合作社" },
	{ 'A', '1', "军队事业单位" },
	{ 'A', '9', "其他" },
	{ 'N', '1', "组级集体经济组织" },
	{ 'N', '2', "村级集体经济组织" },
	{ 'N', '3', "乡镇级集体经济组织" },
	{ 'N', '9', "其他" },
	{ 'Y', '1', "其他" },
};

/*
 * Prefecture-level rows that only group counties (市辖区 of a
 * municipality, 省直辖县级行政区划 ...) and are left out of full names:
 * 110101 is 北京市东城区, not 北京市市辖区东城区.
 */
static const char *const aggregate_names[] = {
	"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"
};

/* The loaded region table: sorted by code, strings in region_arena. */
static struct zw_region *regions;
static size_t nregions;
static zw_arena *region_arena;

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* Value of a USCC character (its index in the charset), or -1. */
static int
uscc_value(char c)
{
	int i;

	for (i = 0; uscc_charset[i] != '\0'; i++)
		if (uscc_charset[i] == c)
			return i;
	return -1;
}

/* Binary search of tab[0..n) (sorted) for the 6 characters at code. */
static const struct zw_region *
region_search(const struct zw_region *tab, size_t n, const char *code)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(tab[mid].code, code, 6);

		if (c == 0)
			return &tab[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
region_cmp(const void *a, const void *b)
{
	const struct zw_region *x = a, *y = b;

	return memcmp(x->code, y->code, 6);
}

static bool
is_aggregate(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(aggregate_names) / sizeof(aggregate_names[0]);
	    i++)
		if (strcmp(name, aggregate_names[i]) == 0)
			return true;
	return false;
}

/* Append s to out[*len], which holds ZW_MAX_NAME * 3 + 1 bytes. */
static void
name_append(char *out, size_t *len, const char *s)
{
	size_t n = strlen(s);

	ZW_ASSERT(*len + n <= ZW_MAX_NAME * 3);
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/*
 * Full name of tab[i]: province + prefecture + own name, skipping
 * levels that are missing from the table or only group counties.
 */
static const char *
region_full_name(zw_arena *a, const struct zw_region *tab, size_t n,
    const struct zw_region *r)
{
	char buf[ZW_MAX_NAME * 3 + 1], code[6];
	const struct zw_region *up;
	size_t len = 0;

	buf[0] = '\0';
	if (r->level >= 2) {
		memcpy(code, r->code, 2);
		memset(code + 2, '0', 4);
		if ((up = region_search(tab, n, code)) != NULL && up != r)
			name_append(buf, &len, up->name);
	}
	if (r->level >= 3) {
		memcpy(code, r->code, 4);
		memset(code + 4, '0', 2);
		if ((up = region_search(tab, n, code)) != NULL && up != r &&
		    !is_aggregate(up->name))
			name_append(buf, &len, up->name);
	}
	name_append(buf, &len, r->name);
	return zw_astrndup(a, buf, len);
}

/*
 * Parse one data line "code,name,level,historic" of [p, e) into *r,
 * copying the name into a.  ZW_EINVAL if any field is malformed.
 */
static int
region_parse_line(zw_arena *a, const char *p, const char *e,
    struct zw_region *r)
{
	const char *f[4], *fe[4];
	int64_t level, historic;
	size_t i, nf = 0;
	const char *q;

	f[0] = p;
	for (q = p; q < e; q++) {
		if (*q == ',') {
			if (nf == 3)
				return ZW_EINVAL;	/* too many fields */
			fe[nf++] = q;
			f[nf] = q + 1;
		} else if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return ZW_EINVAL;	/* control bytes, NUL */
	}
	if (nf != 3)
		return ZW_EINVAL;
	fe[3] = e;
	if (fe[0] - f[0] != 6 || !all_digits(f[0], 6))
		return ZW_EINVAL;
	if (fe[1] == f[1] || (size_t)(fe[1] - f[1]) > ZW_MAX_NAME)
		return ZW_EINVAL;
	for (i = 2; i < 4; i++)		/* no signs: "+1" is not a level */
		if (!all_digits(f[i], (size_t)(fe[i] - f[i])))
			return ZW_EINVAL;
	if (zw_parse_i64n(f[2], (size_t)(fe[2] - f[2]), 1, 3, &level) ||
	    zw_parse_i64n(f[3], (size_t)(fe[3] - f[3]), 0, 1, &historic))
		return ZW_EINVAL;
	memcpy(r->code, f[0], 6);
	r->code[6] = '\0';
	r->name = zw_astrndup(a, f[1], (size_t)(fe[1] - f[1]));
	r->full_name = NULL;
	r->level = (int)level;
	r->historic = historic != 0;
	return ZW_OK;
}

/*
 * Load the region table from CSV text: a header line
 * "code,name,level,historic", then one region per line (blank lines
 * allowed, CRLF accepted, an optional UTF-8 BOM skipped).  Codes must be
 * unique.  On success the previous table is replaced; on ZW_EINVAL the
 * previous table stays.  Not thread-safe: call before readers start.
 */
int
zw_regions_load(const char *csv, size_t n)
{
	static const char header[] = "code,name,level,historic";
	struct zw_region *tab = NULL;
	size_t count = 0, cap = 0, i;
	const char *p = csv, *end = csv + n;
	bool seen_header = false;
	zw_arena *a;
	int rc = ZW_EINVAL;

	if (csv == NULL)
		return ZW_EINVAL;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	a = zw_arena_new();
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line = p, *le = nl ? nl : end;

		p = nl ? nl + 1 : end;
		if (le > line && le[-1] == '\r')
			le--;
		if ((size_t)(le - line) > ZW_CSV_MAX_LINE)
			goto out;
		if (!seen_header) {
			if ((size_t)(le - line) != sizeof(header) - 1 ||
			    memcmp(line, header, sizeof(header) - 1) != 0)
				goto out;
			seen_header = true;
			continue;
		}
		if (le == line)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 256;
			tab = zw_realloc(tab, cap * sizeof(*tab));
		}
		if (region_parse_line(a, line, le, &tab[count]) != ZW_OK)
			goto out;
		count++;
	}
	if (!seen_header)
		goto out;
	if (count > 0)
		qsort(tab, count, sizeof(*tab), region_cmp);
	for (i = 1; i < count; i++)
		if (memcmp(tab[i - 1].code, tab[i].code, 6) == 0)
			goto out;
	for (i = 0; i < count; i++)
		tab[i].full_name = region_full_name(a, tab, count, &tab[i]);

	zw_regions_free();
	regions = tab;
	nregions = count;
	region_arena = a;
	tab = NULL;
	a = NULL;
	rc = ZW_OK;
out:
	zw_free(tab);
	if (a != NULL)
		zw_arena_free(a);
	return rc;
}

/* Drop the region table; lookups find nothing until the next load. */
void
zw_regions_free(void)
{
	zw_free(regions);
	regions = NULL;
	nregions = 0;
	if (region_arena != NULL)
		zw_arena_free(region_arena);
	region_arena = NULL;
}

/*
 * The region whose code is the first 6 characters of code6 (the rest,
 * if any, is ignored, so an ID number can be passed as is).  NULL if
 * those are not 6 digits or not in the table.
 */
const struct zw_region *
zw_region_find(const char *code6)
{
	if (code6 == NULL || !all_digits(code6, 6))
		return NULL;
	return region_search(regions, nregions, code6);
}

/* The i-th region in code order, or NULL past the end. */
const struct zw_region *
zw_region_at(size_t i)
{
	return i < nregions ? &regions[i] : NULL;
}

/*
 * GB 11643 MOD 11-2 check character of 17 digits, or 0 if first17 has
 * anything but digits there.
 */
char
zw_id_check_char(const char *first17)
{
	int i, sum = 0;

	if (first17 == NULL)
		return 0;
	for (i = 0; i < 17; i++) {
		if (!is_digit(first17[i]))
			return 0;
		sum += (first17[i] - '0') * id_weights[i];
	}
	return "10X98765432"[sum % 11];
}

/*
 * GB 32100 MOD 31 check character of 17 (uppercase) code characters, or
 * 0 if one of them is outside the charset.
 */
char
zw_uscc_check_char(const char *first17)
{
	int i, v, sum = 0;

	if (first17 == NULL)
		return 0;
	for (i = 0; i < 17; i++) {
		if ((v = uscc_value(first17[i])) < 0)
			return 0;
		sum += v * uscc_weights[i];
	}
	return uscc_charset[(31 - sum % 31) % 31];
}

/*
 * GB 11714 check character of an organization code's 8 body characters
 * ('0'-'9' = 0-9, 'A'-'Z' = 10-35): 11 - sum % 11, 10 -> 'X', 11 -> '0'.
 * Returns 0 if first8 has anything else.
 */
char
zw_org_code_check_char(const char *first8)
{
	int i, v, c, sum = 0;

	if (first8 == NULL)
		return 0;
	for (i = 0; i < 8; i++) {
		if (is_digit(first8[i]))
			v = first8[i] - '0';
		else if (first8[i] >= 'A' && first8[i] <= 'Z')
			v = first8[i] - 'A' + 10;
		else
			return 0;
		sum += v * org_weights[i];
	}
	c = 11 - sum % 11;
	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char)('0' + c);
}

static void
result_init(struct zw_id_result *r)
{
	memset(r, 0, sizeof(*r));
	r->valid = false;
	r->code = "bad_length";
	r->reason = "";
	r->authority = NULL;
	r->org_type = NULL;
}

static void
fail(struct zw_id_result *r, const char *code, const char *reason)
{
	r->valid = false;
	r->code = code;
	r->reason = reason;
}

/* Fail with a formatted reason in r->reason_buf (formats are fixed and
 * always fit; a truncation would be a bug here). */
static void failf(struct zw_id_result *, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
failf(struct zw_id_result *r, const char *code, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r->reason_buf, sizeof(r->reason_buf), fmt, ap);
	va_end(ap);
	ZW_ASSERT(n >= 0 && (size_t)n < sizeof(r->reason_buf));
	fail(r, code, r->reason_buf);
}

static void
succeed(struct zw_id_result *r)
{
	r->valid = true;
	r->code = "ok";
	r->reason = "校验通过";
}

/* Integer value of n digits (the caller checked they are digits). */
static int
digits_value(const char *s, size_t n)
{
	int64_t v = 0;

	if (zw_parse_i64n(s, n, 0, 99999999, &v) != ZW_OK)
		return -1;
	return (int)v;
}

/*
 * Validate a GB 11643 citizen ID number: 18 characters (17 digits and a
 * digit or X, x accepted) or a 15-digit GB 11643-1989 number, which is
 * upgraded (19 inserted before the year, check character appended).
 * Rules: MOD 11-2 check character; a real birth date, not after today
 * ("YYYY-MM-DD"; NULL or unparsable = the clock's date) and not before
 * 1800; an address code present in the region table (historic codes
 * count).  OUT: *r; on success normalized (18 chars, uppercase),
 * birth, sex and region are filled.
 */
void
zw_validate_id_number(const char *s, const char *today,
    struct zw_id_result *r)
{
	char id[19];
	zw_date birth, now;
	size_t n;
	char last, want;

	result_init(r);
	n = s != NULL ? strnlen(s, 19) : 0;
	if (n != 18 && n != 15) {
		fail(r, "bad_length", "身份证号应为18位（或15位旧号码）");
		return;
	}
	if (n == 15) {
		if (!all_digits(s, 15)) {
			fail(r, "bad_char", "15位旧身份证号应全部为数字（GB 11643-1989）");
			return;
		}
		memcpy(id, s, 6);
		memcpy(id + 6, "19", 2);
		memcpy(id + 8, s + 6, 9);
		id[17] = zw_id_check_char(id);
		id[18] = '\0';
	} else {
		if (!all_digits(s, 17)) {
			fail(r, "bad_char", "身份证号前17位应为数字（GB 11643）");
			return;
		}
		last = s[17] == 'x' ? 'X' : s[17];
		if (!is_digit(last) && last != 'X') {
			fail(r, "bad_char", "身份证号第18位应为数字或X（GB 11643）");
			return;
		}
		memcpy(id, s, 17);
		id[17] = last;
		id[18] = '\0';
		want = zw_id_check_char(id);
		if (want != last) {
			failf(r, "bad_check_digit",
			    "校验码错误（GB 11643 MOD 11-2）：应为%c", want);
			return;
		}
	}

	birth.y = digits_value(id + 6, 4);
	birth.m = digits_value(id + 10, 2);
	birth.d = digits_value(id + 12, 2);
	if (!zw_date_valid(birth.y, birth.m, birth.d)) {
		failf(r, "bad_date", "出生日期不存在：%.8s", id + 6);
		return;
	}
	if (birth.y < ID_MIN_BIRTH_YEAR) {
		failf(r, "bad_date", "出生日期早于%d年1月1日：%.8s",
		    ID_MIN_BIRTH_YEAR, id + 6);
		return;
	}
	if (today == NULL || zw_date_parse(today, &now) != ZW_OK)
		now = zw_date_of(zw_now());
	if (zw_date_cmp(birth, now) > 0) {
		failf(r, "future_date", "出生日期晚于今天：%.8s", id + 6);
		return;
	}
	if (zw_region_find(id) == NULL) {
		failf(r, "unknown_region", "地址码%.6s不在行政区划代码表中",
		    id);
		return;
	}

	succeed(r);
	memcpy(r->normalized, id, sizeof(r->normalized));
	zw_date_fmt(birth, r->birth, sizeof(r->birth));
	r->sex = (id[16] - '0') % 2 == 1 ? 1 : 2;
	memcpy(r->region, id, 6);
	r->region[6] = '\0';
}

/*
 * Validate a GB 32100 unified social credit code: 18 characters from
 * the 31-character set (lowercase is uppercased first), positions 3-8
 * digits, the MOD 31 check character, a known registration authority
 * (position 1) and an organization type allowed for it (position 2),
 * a registering region in the table (or 100000, national level), and
 * the GB 11714 check of the organization code (positions 9-17).
 * OUT: *r; on success normalized, region, org_code, authority and
 * org_type are filled.
 */
void
zw_validate_uscc(const char *s, struct zw_id_result *r)
{
	const char *authority = NULL, *org_type = NULL;
	char u[19], want;
	size_t n, i;

	result_init(r);
	n = s != NULL ? strnlen(s, 19) : 0;
	if (n != 18) {
		fail(r, "bad_length", "统一社会信用代码应为18位（GB 32100）");
		return;
	}
	for (i = 0; i < 18; i++) {
		char c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (uscc_value(c) < 0) {
			if (c > 0x20 && c < 0x7f)
				failf(r, "bad_char", "第%zu位字符“%c”不在代码字符集中"
				    "（GB 32100 不使用I、O、S、V、Z）", i + 1, c);
			else
				fail(r, "bad_char", "含有非法字符（GB 32100 只使用"
				    "数字和除I、O、S、V、Z以外的大写字母）");
			return;
		}
		u[i] = c;
	}
	u[18] = '\0';
	if (!all_digits(u + 2, 6)) {
		fail(r, "bad_char", "第3-8位应为数字（登记管理机关行政区划码，GB 32100）");
		return;
	}
	want = zw_uscc_check_char(u);
	if (want != u[17]) {
		failf(r, "bad_check_digit", "校验码错误（GB 32100 MOD 31）：应为%c",
		    want);
		return;
	}
	for (i = 0; i < sizeof(uscc_authorities) / sizeof(uscc_authorities[0]);
	    i++)
		if (uscc_authorities[i].code == u[0])
			authority = uscc_authorities[i].name;
	if (authority == NULL) {
		failf(r, "bad_authority", "登记管理部门代码“%c”不存在（GB 32100 第1位）",
		    u[0]);
		return;
	}
	for (i = 0; i < sizeof(uscc_org_types) / sizeof(uscc_org_types[0]); i++)
		if (uscc_org_types[i].authority == u[0] &&
		    uscc_org_types[i].code == u[1])
			org_type = uscc_org_types[i].name;
	if (org_type == NULL) {
		failf(r, "bad_org_type", "机构类别代码“%c”不适用于登记管理部门“%s”"
		    "（GB 32100 第2位）", u[1], authority);
		return;
	}
	if (memcmp(u + 2, USCC_NATIONAL_REGION, 6) != 0 &&
	    zw_region_find(u + 2) == NULL) {
		failf(r, "unknown_region", "登记管理机关行政区划码%.6s不在行政区划"
		    "代码表中（GB 32100 第3-8位）", u + 2);
		return;
	}
	want = zw_org_code_check_char(u + 8);
	if (want != u[16]) {
		failf(r, "bad_org_code", "组织机构代码校验码错误（GB 11714）：第17位应为%c",
		    want);
		return;
	}

	succeed(r);
	memcpy(r->normalized, u, sizeof(r->normalized));
	memcpy(r->region, u + 2, 6);
	r->region[6] = '\0';
	memcpy(r->org_code, u + 8, 9);
	r->org_code[9] = '\0';
	r->authority = authority;
	r->org_type = org_type;
}

/*
 * Validate a GB/T 2260 region code: exactly 6 digits, present in the
 * region table (historic codes count).  OUT: *r; on success region and
 * normalized hold the code.
 */
void
zw_validate_region(const char *s, struct zw_id_result *r)
{
	size_t n;

	result_init(r);
	n = s != NULL ? strnlen(s, 7) : 0;
	if (n != 6) {
		fail(r, "bad_length", "行政区划代码应为6位数字（GB/T 2260）");
		return;
	}
	if (!all_digits(s, 6)) {
		fail(r, "bad_char", "行政区划代码只能由数字组成（GB/T 2260）");
		return;
	}
	if (zw_region_find(s) == NULL) {
		failf(r, "unknown_region", "行政区划代码%.6s不在行政区划代码表中", s);
		return;
	}
	succeed(r);
	memcpy(r->region, s, 6);
	r->region[6] = '\0';
	memcpy(r->normalized, s, 6);
	r->normalized[6] = '\0';
}

/*
 * Mask an identifier for display: keep the first 4 and the last 4
 * characters and put '*' in between (11010519491231002X ->
 * 1101**********002X).  Strings of 8 characters or fewer are masked
 * whole.  out needs strlen(id) + 1 bytes; shorter output is truncated
 * (and still terminated).  A NULL id gives "".
 */
void
zw_mask_id(const char *id, char *out, size_t size)
{
	size_t n, i;

	if (out == NULL || size == 0)
		return;
	n = id != NULL ? strlen(id) : 0;
	for (i = 0; i < n && i + 1 < size; i++)
		out[i] = n > 8 && (i < 4 || i >= n - 4) ? id[i] : '*';
	out[i] = '\0';
}

void
zw_mask_phone(const char *phone, char *out, size_t size)
{
	size_t n, i;

	if (out == NULL || size == 0)
		return;
	n = phone != NULL ? strlen(phone) : 0;
	for (i = 0; i < n && i + 1 < size; i++)
		out[i] = n > 7 && (i < 3 || i >= n - 4) ? phone[i] : '*';
	out[i] = '\0';
}
