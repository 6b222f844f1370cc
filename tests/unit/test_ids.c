/*
 * test_ids.c -- GB 11643 ID numbers, GB 32100 credit codes (with the
 * inner GB 11714 check) and GB/T 2260 region codes, against the test
 * vectors of standards.md §6 and their invalid neighbours.  The region
 * table is read from data/regions.csv (tests run from the repo root).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "base/ids.h"
#include "base/mem.h"

#define TODAY "2026-06-01"

static const char *const id_vectors[] = {
	"11010519491231002X", "440524188001010014"
};

static const char *const uscc_vectors[] = {
	"91350200776049653A", "913502000728319549", "91350213678251743X",
	"9135021359498494XQ", "91440101MA5CJQ4N59", "123502001549897397",
	"11450721MB15580811"
};

static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Whole file into a zw_malloc'd, NUL-terminated buffer; OUT: *n. */
static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, len = 0, got;

	assert_non_null(f);
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			p = zw_realloc(p, cap);
		}
		got = fread(p + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	fclose(f);
	p[len] = '\0';
	*n = len;
	return p;
}

static int
load_regions(void **state)
{
	size_t n;
	char *csv = slurp("share/regions.csv", &n);
	int rc = zw_regions_load(csv, n);

	(void)state;
	zw_free(csv);
	return rc == ZW_OK ? 0 : -1;
}

static int
free_regions(void **state)
{
	(void)state;
	zw_regions_free();
	return 0;
}

/* An 18-char ID from 17 digits plus the computed check character. */
static void
make_id(const char *first17, char out[19])
{
	memcpy(out, first17, 17);
	out[17] = zw_id_check_char(first17);
	out[18] = '\0';
	assert_true(out[17] != 0);
}

/* An 18-char USCC from 17 characters plus the computed check. */
static void
make_uscc(const char *first17, char out[19])
{
	memcpy(out, first17, 17);
	out[17] = zw_uscc_check_char(first17);
	out[18] = '\0';
	assert_true(out[17] != 0);
}

/* ---- GB 11643 ---------------------------------------------------- */

static void
test_gb11643_check_digit_vectors(void **state)
{
	struct zw_id_result r;
	size_t i;

	(void)state;
	assert_int_equal(zw_id_check_char("11010519491231002"), 'X');
	assert_int_equal(zw_id_check_char("44052418800101001"), '4');
	for (i = 0; i < sizeof(id_vectors) / sizeof(id_vectors[0]); i++) {
		zw_validate_id_number(id_vectors[i], TODAY, &r);
		assert_true(r.valid);
		assert_string_equal(r.code, "ok");
		assert_string_equal(r.normalized, id_vectors[i]);
	}
	zw_validate_id_number("11010519491231002X", TODAY, &r);
	assert_string_equal(r.birth, "1949-12-31");
	assert_string_equal(r.region, "110105");
	assert_int_equal(r.sex, 2);	/* sequence 002: even = female */
	zw_validate_id_number("440524188001010014", TODAY, &r);
	assert_string_equal(r.birth, "1880-01-01");
	assert_string_equal(r.region, "440524");	/* historic code */
	assert_int_equal(r.sex, 1);	/* sequence 001: odd = male */
}

static void
test_gb11643_check_char_rejects_non_digits(void **state)
{
	(void)state;
	assert_int_equal(zw_id_check_char(NULL), 0);
	assert_int_equal(zw_id_check_char("1101051949123100"), 0);
	assert_int_equal(zw_id_check_char("1101051949123100A"), 0);
}

static void
test_gb11643_lowercase_x_normalized(void **state)
{
	struct zw_id_result r;

	(void)state;
	zw_validate_id_number("11010519491231002x", TODAY, &r);
	assert_true(r.valid);
	assert_string_equal(r.normalized, "11010519491231002X");
}

static void
test_gb11643_15_digit_upgrade(void **state)
{
	struct zw_id_result r;

	(void)state;
	zw_validate_id_number("110105491231002", TODAY, &r);
	assert_true(r.valid);
	assert_string_equal(r.code, "ok");
	assert_string_equal(r.normalized, "11010519491231002X");
	assert_string_equal(r.birth, "1949-12-31");
	assert_int_equal(r.sex, 2);
}

static void
test_gb11643_one_digit_changed_is_bad_check(void **state)
{
	struct zw_id_result r;
	char id[19];
	int i;

	(void)state;
	/* Every weight is nonzero mod 11, so any one-digit change shows. */
	for (i = 0; i < 17; i++) {
		memcpy(id, "11010519491231002X", 19);
		id[i] = (char)('0' + (id[i] - '0' + 1) % 10);
		zw_validate_id_number(id, TODAY, &r);
		assert_false(r.valid);
		assert_string_equal(r.code, "bad_check_digit");
	}
	zw_validate_id_number("110105194912310021", TODAY, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "bad_check_digit");
	assert_string_equal(r.reason, "校验码错误（GB 11643 MOD 11-2）：应为X");
	zw_validate_id_number("44052418800101001X", TODAY, &r);
	assert_string_equal(r.code, "bad_check_digit");
	assert_string_equal(r.reason, "校验码错误（GB 11643 MOD 11-2）：应为4");
}

static void
test_gb11643_birth_date_must_exist(void **state)
{
	struct zw_id_result r;
	char id[19];

	(void)state;
	make_id("11010519491331002", id);	/* month 13 */
	zw_validate_id_number(id, TODAY, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "bad_date");
	assert_non_null(strstr(r.reason, "出生日期不存在"));
	make_id("11010519490229002", id);	/* 1949 is not a leap year */
	zw_validate_id_number(id, TODAY, &r);
	assert_string_equal(r.code, "bad_date");
	make_id("11010519491200002", id);	/* day 00 */
	zw_validate_id_number(id, TODAY, &r);
	assert_string_equal(r.code, "bad_date");
	make_id("11010520000229002", id);	/* 2000 is a leap year */
	zw_validate_id_number(id, TODAY, &r);
	assert_true(r.valid);
	assert_string_equal(r.birth, "2000-02-29");
	zw_validate_id_number("110105491331002", TODAY, &r);	/* 15-digit */
	assert_string_equal(r.code, "bad_date");
}

static void
test_gb11643_birth_date_not_before_1800(void **state)
{
	struct zw_id_result r;
	char id[19];

	(void)state;
	make_id("11010517991231002", id);
	zw_validate_id_number(id, TODAY, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "bad_date");
	make_id("11010518000101002", id);
	zw_validate_id_number(id, TODAY, &r);
	assert_true(r.valid);
}

static void
test_gb11643_birth_date_not_in_future(void **state)
{
	struct zw_id_result r;
	char id[19];

	(void)state;
	make_id("11010520260602002", id);	/* the day after TODAY */
	zw_validate_id_number(id, TODAY, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "future_date");
	make_id("11010520260601002", id);	/* born today: fine */
	zw_validate_id_number(id, TODAY, &r);
	assert_true(r.valid);
	make_id("11010599991231002", id);	/* no today: the clock's date */
	zw_validate_id_number(id, NULL, &r);
	assert_string_equal(r.code, "future_date");
}

static void
test_gb11643_bad_length(void **state)
{
	struct zw_id_result r;

	(void)state;
	zw_validate_id_number("1101051949123100", TODAY, &r);	/* 16 */
	assert_false(r.valid);
	assert_string_equal(r.code, "bad_length");
	assert_string_equal(r.reason, "身份证号应为18位（或15位旧号码）");
	zw_validate_id_number("11010519491231002X1", TODAY, &r);
	assert_string_equal(r.code, "bad_length");
	zw_validate_id_number("", TODAY, &r);
	assert_string_equal(r.code, "bad_length");
	zw_validate_id_number(NULL, TODAY, &r);
	assert_string_equal(r.code, "bad_length");
}

static void
test_gb11643_bad_char(void **state)
{
	struct zw_id_result r;

	(void)state;
	zw_validate_id_number("1101051949123100AX", TODAY, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "bad_char");
	zw_validate_id_number("11010519491231002Y", TODAY, &r);
	assert_string_equal(r.code, "bad_char");
	zw_validate_id_number("11010519491231 02X", TODAY, &r);
	assert_string_equal(r.code, "bad_char");
	zw_validate_id_number("11010549123100X", TODAY, &r);	/* 15: digits only */
	assert_string_equal(r.code, "bad_char");
}

static void
test_gb11643_unknown_region(void **state)
{
	struct zw_id_result r;
	char id[19];

	(void)state;
	make_id("11019919491231002", id);
	zw_validate_id_number(id, TODAY, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "unknown_region");
	assert_string_equal(r.reason, "地址码110199不在行政区划代码表中");
}

static void
test_gb11643_historic_region_accepted(void **state)
{
	struct zw_id_result r;
	char id[19];

	(void)state;
	make_id("11010319700101001", id);	/* 崇文区, merged 2010 */
	zw_validate_id_number(id, TODAY, &r);
	assert_true(r.valid);
	make_id("13012419800101001", id);	/* 栾城县 -> 栾城区 2014 */
	zw_validate_id_number(id, TODAY, &r);
	assert_true(r.valid);
}

/* ---- GB 32100 ---------------------------------------------------- */

static void
test_gb32100_check_vectors(void **state)
{
	struct zw_id_result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(uscc_vectors) / sizeof(uscc_vectors[0]); i++) {
		assert_int_equal(zw_uscc_check_char(uscc_vectors[i]),
		    uscc_vectors[i][17]);
		zw_validate_uscc(uscc_vectors[i], &r);
		assert_true(r.valid);
		assert_string_equal(r.code, "ok");
		assert_string_equal(r.normalized, uscc_vectors[i]);
	}
	zw_validate_uscc("91350200776049653A", &r);
	assert_string_equal(r.authority, "工商（市场监管）");
	assert_string_equal(r.org_type, "企业");
	assert_string_equal(r.region, "350200");
	assert_string_equal(r.org_code, "776049653");
	zw_validate_uscc("123502001549897397", &r);
	assert_string_equal(r.authority, "机构编制");
	assert_string_equal(r.org_type, "事业单位");
	zw_validate_uscc("11450721MB15580811", &r);
	assert_string_equal(r.org_type, "机关");
	assert_string_equal(r.region, "450721");
	assert_string_equal(r.org_code, "MB1558081");
	zw_validate_uscc("91440101MA5CJQ4N59", &r);
	assert_string_equal(r.region, "440101");	/* 广州市市辖区 */
}

static void
test_gb32100_lowercase_accepted(void **state)
{
	struct zw_id_result r;

	(void)state;
	zw_validate_uscc("91440101ma5cjq4n59", &r);
	assert_true(r.valid);
	assert_string_equal(r.normalized, "91440101MA5CJQ4N59");
	zw_validate_uscc("9135021359498494xq", &r);
	assert_true(r.valid);
	assert_string_equal(r.normalized, "9135021359498494XQ");
}

static void
test_gb32100_one_char_changed_is_bad_check(void **state)
{
	struct zw_id_result r;
	char u[19];
	const char *p;
	int i;

	(void)state;
	/* 31 is prime and no weight is 0 mod 31: any change shows. */
	for (i = 0; i < 17; i++) {
		memcpy(u, "91350200776049653A", 19);
		p = strchr(uscc_charset, u[i]);
		assert_non_null(p);
		u[i] = p[1] != '\0' ? p[1] : uscc_charset[0];
		zw_validate_uscc(u, &r);
		assert_false(r.valid);
		if (i >= 2 && i < 8 && !(u[i] >= '0' && u[i] <= '9'))
			continue;	/* 9 -> A in the region: bad_char */
		assert_string_equal(r.code, "bad_check_digit");
	}
	zw_validate_uscc("91350200776049653B", &r);
	assert_string_equal(r.code, "bad_check_digit");
	assert_string_equal(r.reason, "校验码错误（GB 32100 MOD 31）：应为A");
}

static void
test_gb32100_forbidden_letters_IOSVZ(void **state)
{
	static const char bad[] = "IOSVZ";
	struct zw_id_result r;
	char u[19], want[32];
	int i;

	(void)state;
	for (i = 0; bad[i] != '\0'; i++) {
		memcpy(u, "91440101MA5CJQ4N59", 19);
		u[9] = bad[i];
		zw_validate_uscc(u, &r);
		assert_false(r.valid);
		assert_string_equal(r.code, "bad_char");
		snprintf(want, sizeof(want), "第10位字符“%c”", bad[i]);
		assert_non_null(strstr(r.reason, want));
		u[9] = (char)(bad[i] - 'A' + 'a');	/* lowercase too */
		zw_validate_uscc(u, &r);
		assert_string_equal(r.code, "bad_char");
	}
	zw_validate_uscc("91350200776049653-", &r);
	assert_string_equal(r.code, "bad_char");
	zw_validate_uscc("9135020077604965\xc3\xa9", &r);	/* UTF-8 é */
	assert_string_equal(r.code, "bad_char");
	zw_validate_uscc("913502A0776049653A", &r);	/* region digits */
	assert_string_equal(r.code, "bad_char");
}

static void
test_gb32100_bad_length(void **state)
{
	struct zw_id_result r;

	(void)state;
	zw_validate_uscc("91350200776049653", &r);
	assert_string_equal(r.code, "bad_length");
	zw_validate_uscc("91350200776049653AA", &r);
	assert_string_equal(r.code, "bad_length");
	zw_validate_uscc(NULL, &r);
	assert_string_equal(r.code, "bad_length");
	assert_false(r.valid);
}

static void
test_gb32100_pos1_registration_authority(void **state)
{
	struct zw_id_result r;
	char u[19];

	(void)state;
	make_uscc("B1350200776049653", u);	/* no authority B */
	zw_validate_uscc(u, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "bad_authority");
	assert_non_null(strstr(r.reason, "第1位"));
	make_uscc("01350200776049653", u);
	zw_validate_uscc(u, &r);
	assert_string_equal(r.code, "bad_authority");
	make_uscc("Y1350200776049653", u);	/* Y 其他: type 1 */
	zw_validate_uscc(u, &r);
	assert_true(r.valid);
	assert_string_equal(r.authority, "其他");
	make_uscc("N2350200776049653", u);
	zw_validate_uscc(u, &r);
	assert_true(r.valid);
	assert_string_equal(r.org_type, "村级集体经济组织");
}

static void
test_gb32100_pos2_org_type_per_authority(void **state)
{
	struct zw_id_result r;
	char u[19];

	(void)state;
	make_uscc("94350200776049653", u);	/* 工商 has 1-3 only */
	zw_validate_uscc(u, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "bad_org_type");
	assert_non_null(strstr(r.reason, "第2位"));
	make_uscc("99350200776049653", u);
	zw_validate_uscc(u, &r);
	assert_string_equal(r.code, "bad_org_type");
	make_uscc("Y2350200776049653", u);	/* Y: 1 only */
	zw_validate_uscc(u, &r);
	assert_string_equal(r.code, "bad_org_type");
	make_uscc("5A350200776049653", u);
	zw_validate_uscc(u, &r);
	assert_string_equal(r.code, "bad_org_type");
	make_uscc("53350200776049653", u);	/* 民政 基金会 */
	zw_validate_uscc(u, &r);
	assert_true(r.valid);
	assert_string_equal(r.authority, "民政");
	assert_string_equal(r.org_type, "基金会");
	make_uscc("93350200776049653", u);
	zw_validate_uscc(u, &r);
	assert_string_equal(r.org_type, "农民专业合作社");
}

static void
test_gb32100_pos3_8_region(void **state)
{
	struct zw_id_result r;
	char u[19];

	(void)state;
	make_uscc("91350299776049653", u);
	zw_validate_uscc(u, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "unknown_region");
	assert_non_null(strstr(r.reason, "350299"));
	make_uscc("11100000776049653", u);	/* national level: 100000 */
	zw_validate_uscc(u, &r);
	assert_true(r.valid);
	assert_string_equal(r.region, "100000");
}

static void
test_gb32100_inner_gb11714_check(void **state)
{
	struct zw_id_result r;
	char u[19], body[18];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(uscc_vectors) / sizeof(uscc_vectors[0]); i++)
		assert_int_equal(zw_org_code_check_char(uscc_vectors[i] + 8),
		    uscc_vectors[i][16]);
	/* 10 -> X, 11 -> 0 */
	assert_int_equal(zw_org_code_check_char("59498494"), 'X');
	assert_int_equal(zw_org_code_check_char("00000000"), '0');
	assert_int_equal(zw_org_code_check_char("5949849a"), 0);
	assert_int_equal(zw_org_code_check_char(NULL), 0);

	/* Outer check right, inner check wrong: bad_org_code. */
	memcpy(body, "91350200776049654", 17);	/* 3 -> 4 at pos 17 */
	body[17] = '\0';
	make_uscc(body, u);
	zw_validate_uscc(u, &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "bad_org_code");
	assert_string_equal(r.reason,
	    "组织机构代码校验码错误（GB 11714）：第17位应为3");
}

static void
test_gb32100_reason_fits_buffer(void **state)
{
	struct zw_id_result r;
	char u[19];

	(void)state;
	make_uscc("A4350200776049653", u);	/* longest authority name */
	zw_validate_uscc(u, &r);
	assert_string_equal(r.code, "bad_org_type");
	assert_true(strlen(r.reason) < sizeof(r.reason_buf) - 1);
	assert_non_null(strstr(r.reason, "中央军委改革和编制办公室"));
}

/* ---- GB/T 2260 --------------------------------------------------- */

static void
test_gbt2260_region_validate(void **state)
{
	struct zw_id_result r;

	(void)state;
	zw_validate_region("130102", &r);
	assert_true(r.valid);
	assert_string_equal(r.code, "ok");
	assert_string_equal(r.region, "130102");
	zw_validate_region("110199", &r);
	assert_false(r.valid);
	assert_string_equal(r.code, "unknown_region");
	zw_validate_region("11010", &r);
	assert_string_equal(r.code, "bad_length");
	zw_validate_region("1101055", &r);
	assert_string_equal(r.code, "bad_length");
	zw_validate_region("11010a", &r);
	assert_string_equal(r.code, "bad_char");
	zw_validate_region(NULL, &r);
	assert_string_equal(r.code, "bad_length");
}

static void
test_gbt2260_full_names(void **state)
{
	const struct zw_region *g;

	(void)state;
	g = zw_region_find("130102");
	assert_non_null(g);
	assert_string_equal(g->name, "长安区");
	assert_string_equal(g->full_name, "河北省石家庄市长安区");
	assert_int_equal(g->level, 3);
	assert_false(g->historic);
	g = zw_region_find("110105");
	assert_string_equal(g->full_name, "北京市朝阳区");	/* 市辖区 skipped */
	g = zw_region_find("130101");
	assert_string_equal(g->name, "市辖区");
	assert_int_equal(g->level, 3);
	assert_string_equal(g->full_name, "河北省石家庄市市辖区");
	g = zw_region_find("130000");
	assert_string_equal(g->full_name, "河北省");
	assert_int_equal(g->level, 1);
	g = zw_region_find("131100");
	assert_string_equal(g->full_name, "河北省衡水市");
	assert_int_equal(g->level, 2);
	g = zw_region_find("440524");
	assert_true(g->historic);
	assert_string_equal(g->full_name, "广东省汕头市潮阳县");
	g = zw_region_find("450721");
	assert_string_equal(g->full_name, "广西壮族自治区钦州市灵山县");
	g = zw_region_find("350213");
	assert_string_equal(g->full_name, "福建省厦门市翔安区");
	/* An ID number can be passed as is: only 6 characters are read. */
	g = zw_region_find("11010519491231002X");
	assert_non_null(g);
	assert_string_equal(g->code, "110105");
	assert_null(zw_region_find("1101"));
	assert_null(zw_region_find(NULL));
}

static void
test_gbt2260_table_contents(void **state)
{
	static const char *const must[] = {
		"110100", "110101", "110102", "110105", "110106", "110107",
		"110108", "110109", "110111", "110112", "110113", "110114",
		"110115", "110116", "110117", "110118", "110119",
		"130100", "130200", "130300", "130400", "130500", "130600",
		"130700", "130800", "130900", "131000", "131100",
		"130104", "130105", "130107", "130108", "130109", "130110",
		"130111", "130121", "130181", "130284", "130505", "130682",
		"130881", "131182",
		"350200", "350203", "350205", "350206", "350211", "350212",
		"350213",
		"440100", "440101", "440103", "440104", "440105", "440106",
		"440111", "440112", "440113", "440114", "440115", "440117",
		"440118", "440300", "441900", "445300",
		"450700", "450721", "710000", "810000", "820000"
	};
	const struct zw_region *g, *prev = NULL;
	size_t i, provinces = 0, hebei_pref = 0;

	(void)state;
	for (i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
		g = zw_region_find(must[i]);
		if (g == NULL)
			fail_msg("region %s missing", must[i]);
	}
	for (i = 0; (g = zw_region_at(i)) != NULL; i++) {
		assert_int_equal(strlen(g->code), 6);
		assert_non_null(g->full_name);
		if (prev != NULL)
			assert_true(strcmp(prev->code, g->code) < 0);
		if (g->level == 1)
			provinces++;
		if (g->level == 2 && strncmp(g->code, "13", 2) == 0)
			hebei_pref++;
		prev = g;
	}
	assert_int_equal(provinces, 34);
	assert_int_equal(hebei_pref, 11);
	assert_null(zw_region_at(i));
}

static void
test_gbt2260_load_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"",					/* no header */
		"code,name,level\n110000,北京市,1\n",	/* wrong header */
		"code,name,level,historic\n11000,北京市,1,0\n",
		"code,name,level,historic\n11000a,北京市,1,0\n",
		"code,name,level,historic\n110000,,1,0\n",
		"code,name,level,historic\n110000,北京市,4,0\n",
		"code,name,level,historic\n110000,北京市,+1,0\n",
		"code,name,level,historic\n110000,北京市,1,2\n",
		"code,name,level,historic\n110000,北京市,1\n",
		"code,name,level,historic\n110000,北京市,1,0,x\n",
		"code,name,level,historic\n110000,北\t京市,1,0\n",
		("code,name,level,historic\n110000,北京市,1,0\n"
		    "110000,北京市,1,0\n"),		/* duplicate */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(zw_regions_load(bad[i], strlen(bad[i])),
		    ZW_EINVAL);
		/* The loaded table stays. */
		assert_non_null(zw_region_find("130102"));
	}
	assert_int_equal(zw_regions_load(NULL, 0), ZW_EINVAL);
}

static void
test_gbt2260_load_crlf_bom_and_reload(void **state)
{
	static const char csv[] = "\xEF\xBB\xBF" "code,name,level,historic\r\n"
	    "440000,广东省,1,0\r\n\r\n"
	    "440500,汕头市,2,0\r\n"
	    "440524,潮阳县,3,1";	/* no final newline */
	const struct zw_region *g;

	(void)state;
	assert_int_equal(zw_regions_load(csv, sizeof(csv) - 1), ZW_OK);
	assert_null(zw_region_find("130102"));	/* replaced */
	g = zw_region_find("440524");
	assert_non_null(g);
	assert_true(g->historic);
	assert_string_equal(g->full_name, "广东省汕头市潮阳县");
	assert_non_null(zw_region_at(2));
	assert_null(zw_region_at(3));
	zw_regions_free();
	assert_null(zw_region_find("440524"));
	assert_null(zw_region_at(0));
	assert_int_equal(load_regions(NULL), 0);
	assert_non_null(zw_region_find("130102"));
}

/* ---- masking ----------------------------------------------------- */

static void
test_mask_id_keeps_4_and_4(void **state)
{
	char out[32];

	(void)state;
	zw_mask_id("11010519491231002X", out, sizeof(out));
	assert_string_equal(out, "1101**********002X");
	zw_mask_id("91350200776049653A", out, sizeof(out));
	assert_string_equal(out, "9135**********653A");
	zw_mask_id("123456789", out, sizeof(out));
	assert_string_equal(out, "1234*6789");
	zw_mask_id("12345678", out, sizeof(out));	/* too short: all */
	assert_string_equal(out, "********");
	zw_mask_id(NULL, out, sizeof(out));
	assert_string_equal(out, "");
	zw_mask_id("11010519491231002X", out, 8);	/* truncated */
	assert_string_equal(out, "1101***");
	zw_mask_id("11010519491231002X", NULL, 0);	/* no crash */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gb11643_check_digit_vectors),
		cmocka_unit_test(test_gb11643_check_char_rejects_non_digits),
		cmocka_unit_test(test_gb11643_lowercase_x_normalized),
		cmocka_unit_test(test_gb11643_15_digit_upgrade),
		cmocka_unit_test(test_gb11643_one_digit_changed_is_bad_check),
		cmocka_unit_test(test_gb11643_birth_date_must_exist),
		cmocka_unit_test(test_gb11643_birth_date_not_before_1800),
		cmocka_unit_test(test_gb11643_birth_date_not_in_future),
		cmocka_unit_test(test_gb11643_bad_length),
		cmocka_unit_test(test_gb11643_bad_char),
		cmocka_unit_test(test_gb11643_unknown_region),
		cmocka_unit_test(test_gb11643_historic_region_accepted),
		cmocka_unit_test(test_gb32100_check_vectors),
		cmocka_unit_test(test_gb32100_lowercase_accepted),
		cmocka_unit_test(test_gb32100_one_char_changed_is_bad_check),
		cmocka_unit_test(test_gb32100_forbidden_letters_IOSVZ),
		cmocka_unit_test(test_gb32100_bad_length),
		cmocka_unit_test(test_gb32100_pos1_registration_authority),
		cmocka_unit_test(test_gb32100_pos2_org_type_per_authority),
		cmocka_unit_test(test_gb32100_pos3_8_region),
		cmocka_unit_test(test_gb32100_inner_gb11714_check),
		cmocka_unit_test(test_gb32100_reason_fits_buffer),
		cmocka_unit_test(test_gbt2260_region_validate),
		cmocka_unit_test(test_gbt2260_full_names),
		cmocka_unit_test(test_gbt2260_table_contents),
		cmocka_unit_test(test_gbt2260_load_rejects_malformed),
		cmocka_unit_test(test_gbt2260_load_crlf_bom_and_reload),
		cmocka_unit_test(test_mask_id_keeps_4_and_4),
	};

	return cmocka_run_group_tests(tests, load_regions, free_regions);
}
