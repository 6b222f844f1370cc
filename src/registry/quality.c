/*
 * quality.c -- the data-quality report: every stored record checked
 * again by today's rules.  Imports validate, so findings come from what
 * changed since (the region table, direct edits, older software) or
 * from tampering: a sealed value that no longer opens, or that opens to
 * another number than its index says, is reported as an integrity
 * failure (GB/T 39786 §8.4 g).  Samples are masked like lookups.
 * Reading the registry for its own maintenance is not a read of anyone's
 * record: nothing here goes into the data-access log.
 */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "registry/reg_int.h"

struct issue {
	const char *code;
	const char *name;
	int64_t count;
	json_t *samples;
};

static const struct {
	const char *code, *name;
} person_issues[] = {
	{ "undecryptable", "加密字段无法解密或完整性校验失败" },
	{ "index_mismatch", "加密的公民身份号码与索引不符" },
	{ "invalid_id_number", "公民身份号码不符合 GB 11643" },
	{ "sex_mismatch", "性别与公民身份号码不符" },
	{ "birth_mismatch", "出生日期与公民身份号码不符" },
	{ "missing_value", "必填项为空" },
	{ "unknown_ethnicity", "民族不在 GB/T 3304 名录中" },
	{ "unknown_region", "户籍地行政区划代码不在代码表中" },
	{ "unknown_status", "户籍状态不是规定的取值" },
	{ "bad_phone", "联系电话格式错误" },
	{ "duplicate_phone", "多人登记同一联系电话" },
}, legal_issues[] = {
	{ "invalid_uscc", "统一社会信用代码不符合 GB 32100" },
	{ "type_mismatch", "机构类别与代码第2位不符" },
	{ "authority_mismatch", "登记管理部门与代码第1位不符" },
	{ "region_mismatch", "登记机关行政区划与代码第3-8位不符" },
	{ "missing_value", "必填项为空" },
	{ "bad_capital", "注册资本格式错误" },
	{ "bad_date", "成立日期无效或晚于今天" },
	{ "unknown_status", "登记状态不是规定的取值" },
	{ "duplicate_name", "多个单位登记同一名称" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_ISSUES 16
#define QUALITY_CHUNK 10000	/* records read per statement */

struct report {
	struct issue v[MAX_ISSUES];
	size_t n;
};

static void
report_init(struct report *r, enum zw_reg reg)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->n = reg == ZW_REG_PERSONS ? NELEM(person_issues) : NELEM(legal_issues);
	for (i = 0; i < r->n; i++) {
		r->v[i].code = reg == ZW_REG_PERSONS ? person_issues[i].code :
		    legal_issues[i].code;
		r->v[i].name = reg == ZW_REG_PERSONS ? person_issues[i].name :
		    legal_issues[i].name;
		r->v[i].samples = json_array();
	}
}

static void
found(struct report *r, const char *code, const char *key, const char *detail)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].code, code) == 0)
			break;
	ZW_ASSERT(i < r->n);
	r->v[i].count++;
	if (json_array_size(r->v[i].samples) < ZW_REG_QUALITY_SAMPLES)
		json_array_append_new(r->v[i].samples, json_pack("{s:s, s:s}", "key",
		    key, "detail", detail));
}

static json_t *
report_json(struct report *r, enum zw_reg reg, int64_t total)
{
	json_t *issues = json_array();
	char ts[32];
	size_t i;

	for (i = 0; i < r->n; i++)
		json_array_append_new(issues, json_pack("{s:s, s:s, s:I, s:o}", "code",
		    r->v[i].code, "name", r->v[i].name, "count",
		    (json_int_t)r->v[i].count, "samples", r->v[i].samples));
	zw_time_rfc3339(zw_now(), ts, sizeof(ts));
	return json_pack("{s:s, s:I, s:s, s:o}", "registry", zw_reg_name(reg),
	    "total", (json_int_t)total, "checked_at", ts, "issues", issues);
}

static void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		json_decref(r->v[i].samples);
}

/* A phone's 64-bit fingerprint, for counting shared numbers. */
struct phone_fp {
	uint64_t h;
	char masked[ZW_REG_MAX_PHONE + 1];
};

static int
fp_cmp(const void *x, const void *y)
{
	const struct phone_fp *a = x, *b = y;

	return a->h < b->h ? -1 : a->h > b->h;
}

static int
check_persons(zw_conn *c, const struct zw_reg_keys *k, struct report *r,
    int64_t *total)
{
	struct phone_fp *fps = NULL;
	unsigned char last[64];
	size_t nfp = 0, capfp = 0, i, j, lastn = 0;
	int64_t got;
	char today[11];
	zw_stmt *s;
	int rc;

	zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
	/* in key order, a chunk at a time (PostgreSQL would otherwise hand
	 * the whole table over as one result) */
next_chunk:
	rc = zw_prepare(c, "SELECT id_key, pii, name, sex, birth_date, ethnicity, "
	    "region_code, address, status FROM persons WHERE id_key > ? "
	    "ORDER BY id_key LIMIT ?", &s);
	if (rc != ZW_OK) {
		zw_free(fps);
		return rc;
	}
	zw_bind_blob(s, 1, last, lastn);
	zw_bind_int(s, 2, QUALITY_CHUNK);
	got = 0;
	while ((rc = zw_step(s)) == ZW_ROW) {
		unsigned char idx[ZW_REG_INDEX_LEN];
		char id[19], phone[ZW_REG_MAX_PHONE + 1], m[32], hex[33], d[200];
		const void *key, *pii;
		size_t kn, pn;
		struct zw_id_result v;

		(*total)++;
		got++;
		key = zw_col_blob(s, 0, &kn);
		lastn = kn < sizeof(last) ? kn : sizeof(last);
		memcpy(last, key, lastn);
		pii = zw_col_blob(s, 1, &pn);
		if (kn != ZW_REG_INDEX_LEN ||
		    reg_pii_open(k, pii, pn, id, phone) != ZW_OK) {
			if (kn == ZW_REG_INDEX_LEN)
				reg_index_hex(key, hex);
			else
				(void)zw_strlcpy(hex, "?", sizeof(hex));
			snprintf(d, sizeof(d), "索引 %.8s…", hex);
			found(r, "undecryptable", d, "密文无法通过 SM4/SM3 校验");
			continue;
		}
		zw_mask_id(id, m, sizeof(m));
		reg_index(k, id, 18, idx);
		if (memcmp(idx, key, ZW_REG_INDEX_LEN) != 0)
			found(r, "index_mismatch", m, "解密得到的号码与记录的索引不一致");
		zw_validate_id_number(id, today, &v);
		if (!v.valid)
			found(r, "invalid_id_number", m, v.reason);
		else {
			if (strcmp(zw_col_text(s, 3), v.sex == 1 ? "男" : "女") != 0) {
				snprintf(d, sizeof(d), "登记为%s，号码表示%s", zw_col_text(s, 3),
				    v.sex == 1 ? "男" : "女");
				found(r, "sex_mismatch", m, d);
			}
			if (strcmp(zw_col_text(s, 4), v.birth) != 0) {
				snprintf(d, sizeof(d), "登记为%s，号码表示%s", zw_col_text(s, 4),
				    v.birth);
				found(r, "birth_mismatch", m, d);
			}
		}
		if (*zw_col_text(s, 2) == '\0')
			found(r, "missing_value", m, "姓名为空");
		if (*zw_col_text(s, 7) == '\0')
			found(r, "missing_value", m, "住址为空");
		if (!reg_ethnicity_known(zw_col_text(s, 5), strlen(zw_col_text(s, 5))))
			found(r, "unknown_ethnicity", m, zw_col_text(s, 5));
		if (zw_region_find(zw_col_text(s, 6)) == NULL ||
		    strlen(zw_col_text(s, 6)) != 6)
			found(r, "unknown_region", m, zw_col_text(s, 6));
		if (!reg_person_status_known(zw_col_text(s, 8)))
			found(r, "unknown_status", m, zw_col_text(s, 8));
		if (phone[0] != '\0') {
			unsigned char h[ZW_SM3_LEN];

			if (!reg_phone_ok(phone, strlen(phone))) {
				zw_mask_phone(phone, d, sizeof(d));
				found(r, "bad_phone", m, d);
			}
			if (nfp == capfp) {
				capfp = capfp ? capfp * 2 : 1024;
				fps = zw_realloc(fps, capfp * sizeof(*fps));
			}
			zw_sm3(phone, strlen(phone), h);
			memcpy(&fps[nfp].h, h, sizeof(fps[nfp].h));
			zw_mask_phone(phone, fps[nfp].masked, sizeof(fps[nfp].masked));
			nfp++;
		}
		zw_wipe(id, sizeof(id));
		zw_wipe(phone, sizeof(phone));
	}
	if (rc < 0) {
		zw_free(fps);
		return rc;
	}
	if (got == QUALITY_CHUNK)
		goto next_chunk;
	if (nfp > 1)
		qsort(fps, nfp, sizeof(*fps), fp_cmp);
	for (i = 0; i < nfp; i = j) {
		for (j = i + 1; j < nfp && fps[j].h == fps[i].h; j++)
			;
		if (j - i > 1) {
			char d[64];
			size_t x;

			snprintf(d, sizeof(d), "%zu人共用", j - i);
			for (x = i; x < j; x++)
				found(r, "duplicate_phone", fps[i].masked, d);
		}
	}
	zw_free(fps);
	return ZW_OK;
}

static int
check_legal(zw_conn *c, struct report *r, int64_t *total)
{
	char today[11], last[64] = "";
	int64_t got;
	zw_stmt *s;
	int rc;

	zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
next_chunk:
	rc = zw_prepare(c, "SELECT uscc, name, org_type, authority, region_code, "
	    "legal_representative, registered_capital, address, established_on, "
	    "status FROM legal_persons WHERE uscc > ? ORDER BY uscc LIMIT ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, last, (size_t)-1);
	zw_bind_int(s, 2, QUALITY_CHUNK);
	got = 0;
	while ((rc = zw_step(s)) == ZW_ROW) {
		const char *u = zw_col_text(s, 0), *cap = zw_col_text(s, 6),
		    *est = zw_col_text(s, 8);
		struct zw_id_result v;
		zw_date dd;
		char d[200];
		size_t i;

		(*total)++;
		got++;
		(void)zw_strlcpy(last, u, sizeof(last));
		zw_validate_uscc(u, &v);
		if (!v.valid)
			found(r, "invalid_uscc", u, v.reason);
		else {
			if (strcmp(v.org_type, zw_col_text(s, 2)) != 0) {
				snprintf(d, sizeof(d), "登记为“%s”，代码表示“%s”",
				    zw_col_text(s, 2), v.org_type);
				found(r, "type_mismatch", u, d);
			}
			if (strcmp(v.authority, zw_col_text(s, 3)) != 0) {
				snprintf(d, sizeof(d), "登记为“%s”，代码表示“%s”",
				    zw_col_text(s, 3), v.authority);
				found(r, "authority_mismatch", u, d);
			}
			if (strcmp(v.region, zw_col_text(s, 4)) != 0) {
				snprintf(d, sizeof(d), "登记为%s，代码表示%s",
				    zw_col_text(s, 4), v.region);
				found(r, "region_mismatch", u, d);
			}
		}
		if (*zw_col_text(s, 1) == '\0')
			found(r, "missing_value", u, "名称为空");
		if (*zw_col_text(s, 5) == '\0')
			found(r, "missing_value", u, "法定代表人为空");
		if (*zw_col_text(s, 7) == '\0')
			found(r, "missing_value", u, "住所为空");
		for (i = 0; cap[i] != '\0'; i++)
			if ((cap[i] < '0' || cap[i] > '9') && cap[i] != '.')
				break;
		if (cap[i] != '\0' || cap[0] == '.' || strchr(cap, '.') != strrchr(cap, '.'))
			found(r, "bad_capital", u, cap);
		if (zw_date_parse(est, &dd) != ZW_OK || strcmp(est, today) > 0)
			found(r, "bad_date", u, est);
		if (!reg_legal_status_known(zw_col_text(s, 9)))
			found(r, "unknown_status", u, zw_col_text(s, 9));
	}
	if (rc < 0)
		return rc;
	if (got == QUALITY_CHUNK)
		goto next_chunk;
	/* the same name registered twice */
	rc = zw_prepare(c, "SELECT l.name, l.uscc FROM legal_persons l JOIN "
	    "(SELECT name FROM legal_persons GROUP BY name HAVING COUNT(*) > 1) d "
	    "ON d.name = l.name ORDER BY l.name, l.uscc", &s);
	if (rc != ZW_OK)
		return rc;
	while ((rc = zw_step(s)) == ZW_ROW)
		found(r, "duplicate_name", zw_col_text(s, 1), zw_col_text(s, 0));
	return rc < 0 ? rc : ZW_OK;
}

int
zw_registry_quality(zw_conn *c, const struct zw_reg_keys *k, enum zw_reg reg,
    json_t **out)
{
	struct report r;
	int64_t total = 0;
	int rc;

	*out = NULL;
	report_init(&r, reg);
	rc = reg == ZW_REG_PERSONS ? check_persons(c, k, &r, &total) :
	    check_legal(c, &r, &total);
	if (rc != ZW_OK) {
		report_free(&r);
		return rc;
	}
	*out = report_json(&r, reg, total);
	return ZW_OK;
}
