/*
 * validate.c -- the rules a registry record must meet before it is
 * stored (standards.md §6): the key by its standard (GB 11643 with a
 * real, plausible birth date; GB 32100 with its check character and
 * inner GB 11714 check), what can be derived from the key checked
 * against the file (sex, birth date, type, registration authority), the
 * GB/T 2260 region, the 56 民族 names of GB/T 3304, the status
 * vocabulary, dates, lengths.  Every failure names the column and the
 * rule in Chinese.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/ids.h"
#include "base/str.h"
#include "base/utf8.h"
#include "registry/reg_int.h"

/* A person older than this with an active status is a data error. */
#define REG_MAX_AGE_YEARS	150
/* Earliest establishment date accepted (the oldest institutions). */
#define REG_MIN_ESTABLISHED	"1800-01-01"

/* GB/T 3304-1991: the 56 民族, 汉族 first (about 91 % of rows). */
static const char *const ethnicities[] = {
	"汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族",
	"布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族",
	"哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族",
	"水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族",
	"仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
	"阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族",
	"鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族",
	"鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
};
_Static_assert(sizeof(ethnicities) / sizeof(ethnicities[0]) == 56,
    "GB/T 3304 lists 56 民族");

static const char *const person_statuses[] = { "正常", "迁出", "死亡", "注销" };
static const char *const legal_statuses[] = { "存续", "在业", "迁出", "停业",
	"吊销", "注销", "撤销" };
static const char *const inactive_statuses[] = { "死亡", "注销", "吊销", "撤销" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	bool required;
} person_cols[PC_N] = {
	[PC_ID] = { "id_number", true },
	[PC_NAME] = { "name", true },
	[PC_ETHNICITY] = { "ethnicity", true },
	[PC_REGION] = { "region_code", true },
	[PC_ADDRESS] = { "address", true },
	[PC_STATUS] = { "status", true },
	[PC_PHONE] = { "phone", false },
	[PC_SEX] = { "sex", false },
	[PC_BIRTH] = { "birth_date", false },
}, legal_cols[LC_N] = {
	[LC_USCC] = { "uscc", true },
	[LC_NAME] = { "name", true },
	[LC_REP] = { "legal_representative", true },
	[LC_CAPITAL] = { "registered_capital", true },
	[LC_ADDRESS] = { "address", true },
	[LC_ESTABLISHED] = { "established_on", true },
	[LC_STATUS] = { "status", true },
	[LC_TYPE] = { "type", false },
	[LC_AUTHORITY] = { "registration_authority", false },
};

const char *
reg_col_name(enum zw_reg reg, int col)
{
	return reg == ZW_REG_PERSONS ? person_cols[col].name : legal_cols[col].name;
}

bool
reg_col_required(enum zw_reg reg, int col)
{
	return reg == ZW_REG_PERSONS ? person_cols[col].required :
	    legal_cols[col].required;
}

int
reg_ncols(enum zw_reg reg)
{
	return reg == ZW_REG_PERSONS ? PC_N : LC_N;
}

static bool
in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return true;
	return false;
}

bool
reg_ethnicity_known(const char *s, size_t n)
{
	return in_list(ethnicities, NELEM(ethnicities), s, n);
}

bool
reg_person_status_known(const char *s)
{
	return in_list(person_statuses, NELEM(person_statuses), s, strlen(s));
}

bool
reg_legal_status_known(const char *s)
{
	return in_list(legal_statuses, NELEM(legal_statuses), s, strlen(s));
}

bool
reg_status_inactive(const char *s)
{
	return in_list(inactive_statuses, NELEM(inactive_statuses), s, strlen(s));
}

static bool
fail(struct reg_err *e, const char *code, const char *field, const char *msg)
{
	e->code = code;
	e->field = field;
	e->message = msg;
	return false;
}

static bool failf(struct reg_err *, const char *, const char *, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static bool
failf(struct reg_err *e, const char *code, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(e->buf, sizeof(e->buf), fmt, ap);
	va_end(ap);
	return fail(e, code, field, e->buf);
}

/* The field of column col, or an empty one for an absent column. */
static struct reg_field
col(const struct reg_field *f, const int *map, int c)
{
	struct reg_field none = { "", 0 };

	return map[c] >= 0 ? f[map[c]] : none;
}

/*
 * Copy a text field: required or not, at most maxchars characters, no
 * control characters (the line is valid UTF-8 already).  out holds
 * maxchars * 4 + 1 bytes.
 */
static bool
text(struct reg_field v, const char *field, const char *label, bool required,
    size_t maxchars, char *out, struct reg_err *e)
{
	if (v.n == 0) {
		if (required)
			return failf(e, "missing_value", field, "%s不能为空", label);
		out[0] = '\0';
		return true;
	}
	if (v.n > maxchars * 4 || zw_utf8_chars(v.p, v.n) > maxchars)
		return failf(e, "too_long", field, "%s超过%zu个字符", label, maxchars);
	if (zw_utf8_has_controls(v.p, v.n))
		return failf(e, "bad_char", field, "%s含有控制字符", label);
	memcpy(out, v.p, v.n);
	out[v.n] = '\0';
	return true;
}

/* A date as YYYY-MM-DD or YYYYMMDD.  OUT: out (11 bytes). */
static bool
date_field(struct reg_field v, char out[11])
{
	zw_date d;
	char t[11];

	if (v.n == 10)
		memcpy(t, v.p, 10);
	else if (v.n == 8) {
		memcpy(t, v.p, 4);
		t[4] = '-';
		memcpy(t + 5, v.p + 4, 2);
		t[7] = '-';
		memcpy(t + 8, v.p + 6, 2);
	} else
		return false;
	t[10] = '\0';
	if (zw_date_parse(t, &d) != ZW_OK)
		return false;
	memcpy(out, t, 11);
	return true;
}

/* Mobile 1[3-9]xxxxxxxxx or fixed line 0AA(A)-NNNNNNN(N) with an optional
 * extension; digits and '-' only. */
bool
reg_phone_ok(const char *s, size_t n)
{
	size_t i, digits = 0;

	if (n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9') {
		for (i = 0; i < n; i++)
			if (s[i] < '0' || s[i] > '9')
				return false;
		return true;
	}
	if (n < 10 || n > ZW_REG_MAX_PHONE || s[0] != '0')
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != '-' || i == 0 || i == n - 1 || s[i - 1] == '-')
			return false;
	}
	return digits >= 10;
}

bool
reg_check_person(const struct reg_field *f, const int *map, const char *today,
    struct reg_person *p, struct reg_err *e)
{
	struct reg_field v = col(f, map, PC_ID);
	struct zw_id_result r;
	char key[19];

	if (v.n != 18 && v.n != 15)
		return fail(e, "bad_length", "id_number",
		    "公民身份号码应为18位（或15位旧号码，GB 11643）");
	memcpy(key, v.p, v.n);
	key[v.n] = '\0';
	zw_validate_id_number(key, today, &r);
	if (!r.valid)
		return failf(e, r.code, "id_number", "公民身份号码：%s", r.reason);
	memcpy(p->id, r.normalized, sizeof(p->id));
	memcpy(p->birth, r.birth, sizeof(p->birth));
	memcpy(p->sex, r.sex == 1 ? "男" : "女", sizeof("男"));

	if (!text(col(f, map, PC_NAME), "name", "姓名", true,
	    ZW_REG_MAX_PERSON_NAME, p->name, e))
		return false;
	v = col(f, map, PC_ETHNICITY);
	if (v.n == 0)
		return fail(e, "missing_value", "ethnicity", "民族不能为空");
	if (!reg_ethnicity_known(v.p, v.n) || v.n >= sizeof(p->ethnicity))
		return fail(e, "unknown_ethnicity", "ethnicity",
		    "民族应为 GB/T 3304 的56个民族名称之一（如“汉族”）");
	memcpy(p->ethnicity, v.p, v.n);
	p->ethnicity[v.n] = '\0';

	v = col(f, map, PC_REGION);
	if (v.n != 6)
		return fail(e, "bad_region", "region_code",
		    "户籍地行政区划代码应为6位数字（GB/T 2260）");
	memcpy(p->region, v.p, 6);
	p->region[6] = '\0';
	zw_validate_region(p->region, &r);
	if (!r.valid)
		return failf(e, r.code, "region_code", "户籍地行政区划代码：%s",
		    r.reason);

	if (!text(col(f, map, PC_ADDRESS), "address", "住址", true,
	    ZW_REG_MAX_ADDRESS, p->address, e))
		return false;
	v = col(f, map, PC_STATUS);
	if (v.n == 0 || v.n >= sizeof(p->status))
		return fail(e, v.n == 0 ? "missing_value" : "unknown_status", "status",
		    "户籍状态应为正常、迁出、死亡或注销");
	memcpy(p->status, v.p, v.n);
	p->status[v.n] = '\0';
	if (!reg_person_status_known(p->status))
		return fail(e, "unknown_status", "status",
		    "户籍状态应为正常、迁出、死亡或注销");

	/* 150 years old and alive: a wrong birth date, not a record */
	{
		zw_date now;
		int64_t y = 0;

		if (zw_date_parse(today, &now) == ZW_OK &&
		    zw_parse_i64n(p->birth, 4, 0, 9999, &y) == ZW_OK &&
		    now.y - y > REG_MAX_AGE_YEARS && !reg_status_inactive(p->status))
			return failf(e, "implausible_birth", "id_number",
			    "出生日期%s不合理：年龄超过%d岁而户籍状态为%s", p->birth,
			    REG_MAX_AGE_YEARS, p->status);
	}

	v = col(f, map, PC_PHONE);
	if (v.n > 0 && !reg_phone_ok(v.p, v.n))
		return fail(e, "bad_phone", "phone",
		    "联系电话应为11位手机号码或带区号的固定电话（如0311-87654321）");
	memcpy(p->phone, v.p, v.n);
	p->phone[v.n] = '\0';

	v = col(f, map, PC_SEX);
	if (v.n > 0) {
		bool male = (v.n == 3 && memcmp(v.p, "男", 3) == 0) ||
		    (v.n == 1 && v.p[0] == '1');
		bool female = (v.n == 3 && memcmp(v.p, "女", 3) == 0) ||
		    (v.n == 1 && v.p[0] == '2');

		if (!male && !female)
			return fail(e, "bad_sex", "sex", "性别应为“男”或“女”（或 1、2）");
		if (male != (strcmp(p->sex, "男") == 0))
			return failf(e, "sex_mismatch", "sex",
			    "性别“%s”与公民身份号码不符：第17位表示%s（奇数为男，偶数为女）",
			    male ? "男" : "女", p->sex);
	}
	v = col(f, map, PC_BIRTH);
	if (v.n > 0) {
		char d[11];

		if (!date_field(v, d))
			return fail(e, "bad_date", "birth_date",
			    "出生日期不是有效日期（应为YYYY-MM-DD）");
		if (strcmp(d, p->birth) != 0)
			return failf(e, "birth_mismatch", "birth_date",
			    "出生日期%s与公民身份号码中的%s不符", d, p->birth);
	}
	return true;
}

/* Registered capital in 万元: a non-negative decimal, at most 15 integer
 * and 6 fraction digits, normalized (no leading zeros, no trailing
 * fraction zeros).  Empty stays empty. */
static bool
capital_field(struct reg_field v, char out[32])
{
	size_t i = 0, ni = 0, nf = 0, o = 0;
	const char *dot;

	if (v.n == 0) {
		out[0] = '\0';
		return true;
	}
	dot = memchr(v.p, '.', v.n);
	for (i = 0; i < v.n; i++) {
		if (v.p + i == dot)
			continue;
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		if (dot == NULL || v.p + i < dot)
			ni++;
		else
			nf++;
	}
	if (ni == 0 || ni > 15 || nf > 6 || (dot != NULL && nf == 0))
		return false;
	for (i = 0; i + 1 < ni && v.p[i] == '0'; i++)
		;
	for (; i < ni; i++)
		out[o++] = v.p[i];
	if (dot != NULL) {
		size_t last = v.n;

		while (last > ni + 1 && v.p[last - 1] == '0')
			last--;
		if (last > ni + 1) {
			out[o++] = '.';
			for (i = ni + 1; i < last; i++)
				out[o++] = v.p[i];
		}
	}
	out[o] = '\0';
	return true;
}

/* A stated type or authority matches the one derived from the code when
 * it is the name, part of it (市场监管 in 工商（市场监管）) or the code
 * character itself. */
static bool
derived_matches(struct reg_field v, const char *derived, char code)
{
	char t[128];

	if (v.n == 1)
		return v.p[0] == code;
	if (v.n >= sizeof(t))
		return false;
	memcpy(t, v.p, v.n);
	t[v.n] = '\0';
	return strstr(derived, t) != NULL;
}

bool
reg_check_legal(const struct reg_field *f, const int *map, const char *today,
    struct reg_legal *l, struct reg_err *e)
{
	struct reg_field v = col(f, map, LC_USCC);
	struct zw_id_result r;
	char key[19];

	if (v.n != 18)
		return fail(e, "bad_length", "uscc", "统一社会信用代码应为18位（GB 32100）");
	memcpy(key, v.p, 18);
	key[18] = '\0';
	zw_validate_uscc(key, &r);
	if (!r.valid)
		return failf(e, r.code, "uscc", "统一社会信用代码：%s", r.reason);
	memcpy(l->uscc, r.normalized, sizeof(l->uscc));
	memcpy(l->region, r.region, sizeof(l->region));
	(void)zw_strlcpy(l->org_type, r.org_type, sizeof(l->org_type));
	(void)zw_strlcpy(l->authority, r.authority, sizeof(l->authority));

	v = col(f, map, LC_TYPE);
	if (v.n > 0 && !derived_matches(v, l->org_type, l->uscc[1]))
		return failf(e, "type_mismatch", "type",
		    "机构类别与统一社会信用代码第2位不符：代码表示“%s”", l->org_type);
	v = col(f, map, LC_AUTHORITY);
	if (v.n > 0 && !derived_matches(v, l->authority, l->uscc[0]))
		return failf(e, "authority_mismatch", "registration_authority",
		    "登记管理部门与统一社会信用代码第1位不符：代码表示“%s”",
		    l->authority);

	if (!text(col(f, map, LC_NAME), "name", "名称", true, ZW_MAX_NAME, l->name, e) ||
	    !text(col(f, map, LC_REP), "legal_representative", "法定代表人", true,
	    ZW_REG_MAX_PERSON_NAME, l->rep, e))
		return false;
	if (!capital_field(col(f, map, LC_CAPITAL), l->capital))
		return fail(e, "bad_capital", "registered_capital",
		    "注册资本应为以万元计的非负数（如 500 或 1200.5），最多6位小数");
	if (!text(col(f, map, LC_ADDRESS), "address", "住所", true,
	    ZW_REG_MAX_ADDRESS, l->address, e))
		return false;
	v = col(f, map, LC_ESTABLISHED);
	if (v.n == 0)
		return fail(e, "missing_value", "established_on", "成立日期不能为空");
	if (!date_field(v, l->established))
		return fail(e, "bad_date", "established_on",
		    "成立日期不是有效日期（应为YYYY-MM-DD）");
	if (strcmp(l->established, today) > 0)
		return failf(e, "future_date", "established_on",
		    "成立日期%s晚于今天", l->established);
	if (strcmp(l->established, REG_MIN_ESTABLISHED) < 0)
		return failf(e, "bad_date", "established_on",
		    "成立日期%s早于%s", l->established, REG_MIN_ESTABLISHED);
	v = col(f, map, LC_STATUS);
	if (v.n > 0 && v.n < sizeof(l->status)) {
		memcpy(l->status, v.p, v.n);
		l->status[v.n] = '\0';
	} else
		l->status[0] = '\0';
	if (!reg_legal_status_known(l->status))
		return fail(e, v.n == 0 ? "missing_value" : "unknown_status", "status",
		    "登记状态应为存续、在业、迁出、停业、吊销、注销或撤销");
	return true;
}

/* Copy at most size - 1 bytes of v, terminated. */
static void
copy_field(struct reg_field v, char *out, size_t size)
{
	size_t n = v.n < size ? v.n : size - 1;

	memcpy(out, v.p, n);
	out[n] = '\0';
}

void
reg_fill_person(const struct reg_field *f, const int *map, struct reg_person *p)
{
	struct reg_field v = col(f, map, PC_ID);
	int seq;

	if (v.n == 15) {	/* GB 11643-1989: insert the century, add the check */
		memcpy(p->id, v.p, 6);
		memcpy(p->id + 6, "19", 2);
		memcpy(p->id + 8, v.p + 6, 9);
		p->id[17] = zw_id_check_char(p->id);
	} else {
		copy_field(v, p->id, sizeof(p->id));
		if (p->id[17] == 'x')
			p->id[17] = 'X';
	}
	p->id[18] = '\0';
	memcpy(p->birth, p->id + 6, 4);
	p->birth[4] = '-';
	memcpy(p->birth + 5, p->id + 10, 2);
	p->birth[7] = '-';
	memcpy(p->birth + 8, p->id + 12, 2);
	p->birth[10] = '\0';
	seq = p->id[16] - '0';
	memcpy(p->sex, seq % 2 == 1 ? "男" : "女", sizeof("男"));
	copy_field(col(f, map, PC_NAME), p->name, sizeof(p->name));
	copy_field(col(f, map, PC_ETHNICITY), p->ethnicity, sizeof(p->ethnicity));
	copy_field(col(f, map, PC_REGION), p->region, sizeof(p->region));
	copy_field(col(f, map, PC_ADDRESS), p->address, sizeof(p->address));
	copy_field(col(f, map, PC_STATUS), p->status, sizeof(p->status));
	copy_field(col(f, map, PC_PHONE), p->phone, sizeof(p->phone));
}
