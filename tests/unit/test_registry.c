/*
 * test_registry.c -- the base registries on SQLite and, when
 * ZHENGWU_TEST_PG_URL is set, on PostgreSQL: masking, the keyed index,
 * SM4 sealing, every import rule (standards.md §6.1 GB 11643, §6.2
 * GB 32100, §6.3 GB/T 2260), all-or-nothing and skip-invalid imports,
 * upserts with history, logged lookups, the citizen's view of the log,
 * the identity check and the data-quality report.
 */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/embed.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/buf.h"
#include "base/mem.h"
#include "crypto/pwhash.h"
#include "crypto/sm4.h"
#include "registry/reg_int.h"
#include "registry/registry.h"
#include "store/migrate.h"
#include "store_fixture.h"

static const unsigned char master[16] = "0123456789abcdef";
static const unsigned char master2[16] = "fedcba9876543210";

struct fx {
	struct zwt_db t;
	zw_conn *c;
	struct zw_reg_keys k;
	int64_t org_id;
};

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));
	zw_stmt *s;

	if (zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK ||
	    zw_prepare(f->c, "INSERT INTO orgs (code, name, region_code, "
	    "created_at, updated_at) VALUES ('psb', '石家庄市公安局', '130100', 1, 1) "
	    "RETURNING id", &s) != ZW_OK || zw_step(s) != ZW_ROW) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	f->org_id = zw_col_int(s, 0);
	zw_reset(s);
	zw_registry_keys_derive(master, &f->k);
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
teardown(void **state)
{
	struct fx *f = *state;

	zw_conn_put(f->c);
	zwt_close(&f->t);
	zw_free(f);
	return 0;
}

static int64_t
count(zw_conn *c, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(zw_query_int(c, sql, &n), ZW_OK);
	return n;
}

static struct zw_actor
actor(const struct fx *f, const char *login, const char *perms)
{
	struct zw_actor a = { 0 };

	a.id = 0;
	a.login = login;
	a.org_id = f->org_id;
	a.scope = ZW_SCOPE_ALL;
	a.perms = perms;
	return a;
}

/* Import CSV text; the report is the caller's to free. */
static int
import(struct fx *f, enum zw_reg reg, const char *csv, bool skip,
    struct zw_reg_report *rep, struct zw_why *why)
{
	struct zw_reg_import_opts o = { 0 };
	struct zw_actor sys = actor(f, "system", ",registry.manage,");

	o.skip_invalid = skip;
	o.source = "test";
	o.threads = 2;
	memset(why, 0, sizeof(*why));
	return zw_registry_import(f->c, &sys, &f->k, reg, csv, strlen(csv), &o, rep,
	    why);
}

/* The reject of a line, or NULL. */
static const struct zw_reg_reject *
reject_of(const struct zw_reg_report *rep, int64_t line)
{
	size_t i;

	for (i = 0; i < rep->nrejects; i++)
		if (rep->rejects[i].line == line)
			return &rep->rejects[i];
	return NULL;
}

static void
assert_reject(const struct zw_reg_report *rep, int64_t line, const char *code)
{
	const struct zw_reg_reject *r = reject_of(rep, line);

	if (r == NULL)
		fail_msg("line %lld was not rejected (want %s)", (long long)line, code);
	if (strcmp(r->code, code) != 0)
		fail_msg("line %lld: got %s (%s), want %s", (long long)line, r->code,
		    r->message, code);
}

/* ---- masking, index, sealing ---- */

static void
test_masks(void **state)
{
	char m[32];

	(void)state;
	zw_mask_id("11010519491231002X", m, sizeof(m));
	assert_string_equal(m, "1101**********002X");
	zw_mask_phone("13812345678", m, sizeof(m));
	assert_string_equal(m, "138****5678");
	zw_mask_phone("0311-87654321", m, sizeof(m));
	assert_string_equal(m, "031******4321");
	zw_mask_phone("1234567", m, sizeof(m));
	assert_string_equal(m, "*******");
	zw_mask_phone("", m, sizeof(m));
	assert_string_equal(m, "");
}

static void
test_keyed_index_stable_and_key_dependent(void **state)
{
	struct zw_reg_keys a, b, c2;
	unsigned char i1[ZW_REG_INDEX_LEN], i2[ZW_REG_INDEX_LEN],
	    i3[ZW_REG_INDEX_LEN], i4[ZW_REG_INDEX_LEN];
	char norm[19];
	struct zw_id_result r;

	(void)state;
	zw_registry_keys_derive(master, &a);
	zw_registry_keys_derive(master, &b);
	zw_registry_keys_derive(master2, &c2);
	assert_memory_equal(&a, &b, sizeof(a));
	/* index key and SM4 key are distinct */
	assert_memory_not_equal(a.data, a.index, sizeof(a.data));
	zw_registry_index(&a, "11010519491231002X", i1);
	zw_registry_index(&b, "11010519491231002X", i2);
	assert_memory_equal(i1, i2, sizeof(i1));		/* stable */
	zw_registry_index(&c2, "11010519491231002X", i3);
	assert_memory_not_equal(i1, i3, sizeof(i1));	/* depends on the key */
	zw_registry_index(&a, "440524188001010014", i4);
	assert_memory_not_equal(i1, i4, sizeof(i1));
	/* the index is of the normalized number: x and 15 digits */
	assert_int_equal(zw_registry_normalize_key(ZW_REG_PERSONS,
	    "11010519491231002x", norm, &r), ZW_OK);
	assert_string_equal(norm, "11010519491231002X");
	assert_int_equal(zw_registry_normalize_key(ZW_REG_PERSONS,
	    "110105491231002", norm, &r), ZW_OK);
	assert_string_equal(norm, "11010519491231002X");
	zw_registry_index(&a, norm, i4);
	assert_memory_equal(i1, i4, sizeof(i1));
	/* SM3(index key || number): check against a plain SM3 */
	{
		unsigned char buf[ZW_REG_INDEX_KEY_LEN + 18], d[ZW_SM3_LEN];

		memcpy(buf, a.index, ZW_REG_INDEX_KEY_LEN);
		memcpy(buf + ZW_REG_INDEX_KEY_LEN, "11010519491231002X", 18);
		zw_sm3(buf, sizeof(buf), d);
		assert_memory_equal(d, i1, ZW_REG_INDEX_LEN);
	}
}

static void
test_gbt39786_sm4_round_trip(void **state)
{
	struct zw_reg_keys k, k2;
	unsigned char blob[REG_PII_MAX], *plain;
	char id[19], phone[ZW_REG_MAX_PHONE + 1];
	struct zw_sm4_ctx *x;
	size_t n, pn;

	(void)state;
	zw_registry_keys_derive(master, &k);
	zw_registry_keys_derive(master2, &k2);
	assert_int_equal(reg_pii_seal(&k, "11010519491231002X", "13812345678", 11,
	    blob, &n), ZW_OK);
	assert_int_equal(n, 18 + 1 + 11 + ZW_SM4_OVERHEAD);
	assert_null(memmem(blob, n, "1101051949", 10));	/* not in clear */
	assert_int_equal(reg_pii_open(&k, blob, n, id, phone), ZW_OK);
	assert_string_equal(id, "11010519491231002X");
	assert_string_equal(phone, "13812345678");
	/* the one-shot API opens what the context sealed */
	assert_int_equal(zw_sm4_open(k.data, blob, n, &plain, &pn), ZW_OK);
	assert_int_equal(pn, 30);
	assert_memory_equal(plain, "11010519491231002X\n13812345678", 30);
	zw_free(plain);
	/* wrong key and tampering are refused */
	assert_int_equal(reg_pii_open(&k2, blob, n, id, phone), ZW_ECRYPTO);
	blob[n - 1] ^= 1;
	assert_int_equal(reg_pii_open(&k, blob, n, id, phone), ZW_ECRYPTO);
	/* two seals of the same value differ (fresh nonce) */
	{
		unsigned char b2[REG_PII_MAX];
		size_t n2;

		assert_int_equal(reg_pii_seal(&k, "11010519491231002X", "", 0, blob,
		    &n), ZW_OK);
		assert_int_equal(reg_pii_seal(&k, "11010519491231002X", "", 0, b2,
		    &n2), ZW_OK);
		assert_int_equal(n, n2);
		assert_memory_not_equal(blob, b2, n);
	}
	/* contexts: seal many, open all */
	assert_int_equal(zw_sm4_ctx_new(k.data, &x), ZW_OK);
	{
		unsigned char out[64], back[64];
		size_t bl;
		int i;

		for (i = 0; i < 100; i++) {
			char msg[16];

			snprintf(msg, sizeof(msg), "m%03d", i);
			assert_int_equal(zw_sm4_ctx_seal(x, msg, 4, out), ZW_OK);
			assert_int_equal(zw_sm4_ctx_open(x, out, 4 + ZW_SM4_OVERHEAD,
			    back, &bl), ZW_OK);
			assert_int_equal(bl, 4);
			assert_memory_equal(back, msg, 4);
		}
	}
	zw_sm4_ctx_free(x);
}

/* ---- import rules ---- */

#define PH "id_number,name,ethnicity,region_code,address,status,phone,sex,birth_date\n"

static void
test_gb11643_import_rejects_each_bad_row(void **state)
{
	struct fx *f = *state;
	struct zw_reg_report rep;
	struct zw_why why;
	const char *csv = PH
	    /* 2: 002 is even: 女 */
	    "11010519491231002X,张三,汉族,130102,长安区中山路1号,正常,13812345678,男,1949-12-31\n"
	    /* 3: check character should be X */
	    "110105194912310021,李四,汉族,130102,长安区中山路2号,正常,,,\n"
	    /* 4: 31 February */
	    "110105194902310018,王五,汉族,130102,长安区中山路3号,正常,,,\n"
	    /* 5: born in 2030 */
	    "130102203001010014,赵六,汉族,130102,长安区中山路4号,正常,,,\n"
	    /* 6: 156 years old and 正常 */
	    "44052418700101001X,钱七,汉族,130102,长安区中山路5号,正常,,,\n"
	    /* 7: 6 columns, the header has 9 */
	    "130102199001010031,孙八,汉族,130102,长安区,正常\n"
	    /* 8 */
	    "130102199001010058,周九,火星族,130102,长安区,正常,,,\n"
	    /* 9 */
	    "130102199001010074,吴十,汉族,999999,长安区,正常,,,\n"
	    /* 10 */
	    "130102199001010090,郑一,汉族,130102,长安区,失联,,,\n"
	    /* 11 */
	    "130102199001010111,冯二,汉族,130102,长安区,正常,12345,,\n"
	    /* 12: the number says 1990-01-01 */
	    "130102199001010138,陈三,汉族,130102,长安区,正常,,,1990-01-02\n"
	    /* 13, 14: the same number twice */
	    "130102199001010154,褚四,汉族,130102,长安区,正常,,,\n"
	    "130102199001010154,褚四,汉族,130102,长安区,正常,,,\n"
	    /* 15: not UTF-8 */
	    "130102199001010170,卫\xff\xfe,汉族,130102,长安区,正常,,,\n"
	    /* 16: no name */
	    "130102199001010197,,汉族,130102,长安区,正常,,,\n"
	    /* 17: valid, quoted fields */
	    "130102199001010218,\"蒋,五\",汉族,130102,\"长安区\"\"x\"\"路\",正常,,男,19900101\n"
	    "\n";
	static const struct {
		int line;
		const char *code;
	} want[] = {
		{ 2, "sex_mismatch" }, { 3, "bad_check_digit" }, { 4, "bad_date" },
		{ 5, "future_date" }, { 6, "implausible_birth" }, { 7, "column_count" },
		{ 8, "unknown_ethnicity" }, { 9, "unknown_region" },
		{ 10, "unknown_status" }, { 11, "bad_phone" }, { 12, "birth_mismatch" },
		{ 13, "duplicate_key" }, { 14, "duplicate_key" }, { 15, "bad_utf8" },
		{ 16, "missing_value" },
	};
	size_t i;

	assert_int_equal(import(f, ZW_REG_PERSONS, csv, false, &rep, &why), ZW_EINVAL);
	assert_string_equal(why.code, "rows_rejected");
	assert_false(rep.committed);
	assert_int_equal(rep.rows, 16);
	assert_int_equal(rep.rejected, 15);
	assert_int_equal(rep.accepted, 1);
	assert_int_equal(rep.nrejects, 15);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_reject(&rep, want[i].line, want[i].code);
	assert_null(reject_of(&rep, 17));
	/* in line order, with the column named */
	for (i = 1; i < rep.nrejects; i++)
		assert_true(rep.rejects[i - 1].line < rep.rejects[i].line);
	assert_string_equal(reject_of(&rep, 2)->field, "sex");
	assert_non_null(strstr(reject_of(&rep, 3)->message, "应为X"));
	assert_non_null(strstr(reject_of(&rep, 14)->message, "第13行"));
	/* all or nothing: nothing written, not even the import record */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM persons"), 0);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM registry_imports"), 0);
	/* the refusal is audited */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "action = 'registry.import' AND result = 'failure'"), 1);
	zw_reg_report_free(&rep);

	/* --skip-invalid: the one good row goes in, the rest are listed */
	assert_int_equal(import(f, ZW_REG_PERSONS, csv, true, &rep, &why), ZW_OK);
	assert_true(rep.committed);
	assert_int_equal(rep.inserted, 1);
	assert_int_equal(rep.rejected, 15);
	zw_reg_report_free(&rep);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM persons"), 1);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM persons WHERE "
	    "name = '蒋,五' AND address = '长安区\"x\"路' AND sex = '男' AND "
	    "birth_date = '1990-01-01'"), 1);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "action = 'registry.import' AND result = 'success'"), 1);
}

static void
test_file_level_refusals(void **state)
{
	struct fx *f = *state;
	struct zw_reg_report rep;
	struct zw_why why;

	assert_int_equal(import(f, ZW_REG_PERSONS, "", false, &rep, &why), ZW_EINVAL);
	assert_string_equal(why.code, "empty_file");
	zw_reg_report_free(&rep);
	assert_int_equal(import(f, ZW_REG_PERSONS, "id_number,name\n", false, &rep,
	    &why), ZW_EINVAL);
	assert_string_equal(why.code, "missing_column");
	assert_string_equal(why.field, "ethnicity");
	zw_reg_report_free(&rep);
	assert_int_equal(import(f, ZW_REG_PERSONS, "id_number,name,ethnicity,"
	    "region_code,address,status\n", false, &rep, &why), ZW_EINVAL);
	assert_string_equal(why.code, "empty_file");
	zw_reg_report_free(&rep);
	/* Chinese headers are understood; a BOM is skipped */
	assert_int_equal(import(f, ZW_REG_PERSONS, "\xEF\xBB\xBF公民身份号码,姓名,民族,"
	    "户籍地行政区划代码,住址,户籍状态\r\n"
	    "11010519491231002X,张三,汉族,110105,朝阳区1号,正常\r\n", false, &rep,
	    &why), ZW_OK);
	assert_int_equal(rep.inserted, 1);
	zw_reg_report_free(&rep);
}

/* UTF-8 -> GBK with iconv, for the encoding tests. */
static char *
to_gbk(const char *utf8, size_t *outlen)
{
	size_t inleft = strlen(utf8), cap = inleft + 16, outleft = cap;
	char *out = zw_malloc(cap), *in = (char *)(uintptr_t)utf8, *o = out;
	iconv_t cd = iconv_open("GBK", "UTF-8");

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(o - out);
	return out;
}

static void
test_gbk_detected_and_converted(void **state)
{
	struct fx *f = *state;
	struct zw_reg_import_opts o = { 0 };
	struct zw_actor sys = actor(f, "system", ",registry.manage,");
	struct zw_reg_report rep;
	struct zw_why why = { 0 };
	const char *utf8 = "id_number,name,ethnicity,region_code,address,status\n"
	    "11010519491231002X,张三,汉族,110105,北京市朝阳区建国路1号,正常\n"
	    "440524188001010014,李四,汉族,440101,广州市越秀区解放路2号,死亡\n";
	size_t n;
	char *gbk = to_gbk(utf8, &n);

	o.source = "test";
	assert_int_equal(zw_registry_import(f->c, &sys, &f->k, ZW_REG_PERSONS, gbk, n,
	    &o, &rep, &why), ZW_EINVAL);
	assert_string_equal(why.code, "bad_encoding");
	assert_non_null(strstr(why.message, "GBK"));
	zw_reg_report_free(&rep);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM persons"), 0);
	o.encoding = "gbk";
	assert_int_equal(zw_registry_import(f->c, &sys, &f->k, ZW_REG_PERSONS, gbk, n,
	    &o, &rep, &why), ZW_OK);
	assert_int_equal(rep.inserted, 2);
	zw_reg_report_free(&rep);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM persons WHERE "
	    "name = '张三' AND address = '北京市朝阳区建国路1号'"), 1);
	zw_free(gbk);
}

#define LH "uscc,name,legal_representative,registered_capital,address," \
	"established_on,status,type,registration_authority\n"

static void
test_gb32100_legal_import(void **state)
{
	struct fx *f = *state;
	struct zw_reg_report rep;
	struct zw_why why;
	const char *csv = LH
	    /* 2 */ "91350200776049653A,厦门某某科技有限公司,张三,500,厦门市思明区1号,2005-06-01,存续,企业,市场监管\n"
	    /* 3 */ "91350200776049653B,厦门某某贸易有限公司,李四,500,厦门市思明区2号,2005-06-01,存续,,\n"
	    /* 4 */ "913502000728319549,厦门某某食品有限公司,王五,100,厦门市思明区3号,2013-07-01,存续,事业单位,\n"
	    /* 5 */ "913502000728319549,厦门某某食品有限公司,王五,abc,厦门市思明区3号,2013-07-01,存续,,\n"
	    /* 6 */ "91350213678251743X,厦门某某物流有限公司,赵六,100,厦门市集美区4号,2030-01-01,存续,,\n"
	    /* 7 */ "9135021359498494XQ,厦门某某餐饮有限公司,钱七,100,厦门市湖里区5号,2012-03-01,破产,,\n"
	    /* 8 */ "Z1350200776049653A,某某,孙八,100,厦门市,2012-03-01,存续,,\n"
	    /* 9 */ "123502001549897397,厦门市某某中学,周九,,厦门市思明区6号,1950-09-01,存续,,机构编制\n";

	assert_int_equal(import(f, ZW_REG_LEGAL, csv, false, &rep, &why), ZW_EINVAL);
	assert_int_equal(rep.rows, 8);
	assert_int_equal(rep.rejected, 6);
	assert_reject(&rep, 3, "bad_check_digit");
	assert_reject(&rep, 4, "type_mismatch");
	assert_reject(&rep, 5, "bad_capital");
	assert_reject(&rep, 6, "future_date");
	assert_reject(&rep, 7, "unknown_status");
	assert_reject(&rep, 8, "bad_char");
	assert_null(reject_of(&rep, 2));
	assert_null(reject_of(&rep, 9));
	zw_reg_report_free(&rep);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM legal_persons"), 0);
	assert_int_equal(import(f, ZW_REG_LEGAL, csv, true, &rep, &why), ZW_OK);
	assert_int_equal(rep.inserted, 2);
	zw_reg_report_free(&rep);
	/* type, authority and region are derived from the code */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM legal_persons WHERE "
	    "uscc = '91350200776049653A' AND org_type = '企业' AND "
	    "authority = '工商（市场监管）' AND region_code = '350200' AND "
	    "registered_capital = '500'"), 1);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM legal_persons WHERE "
	    "uscc = '123502001549897397' AND org_type = '事业单位' AND "
	    "authority = '机构编制' AND registered_capital = ''"), 1);
}

static void
test_upsert_keeps_history(void **state)
{
	struct fx *f = *state;
	struct zw_reg_report rep;
	struct zw_why why;
	struct zw_actor clerk = actor(f, "li.na", ",registry.read,");
	struct zw_actor admin = actor(f, "zheng.hui",
	    ",registry.read,registry.manage,registry.clear,");
	struct zw_reg_read rd = { "户籍核查", "CASE-1", "", true, NULL };
	json_t *o, *h;
	const char *v1 = "id_number,name,ethnicity,region_code,address,status,phone\n"
	    "11010519491231002X,张三,汉族,110105,朝阳区1号,正常,13812345678\n"
	    "440524188001010014,李四,汉族,440101,越秀区2号,死亡,\n";
	const char *v2 = "id_number,name,ethnicity,region_code,address,status,phone\n"
	    "11010519491231002X,张三,汉族,110105,朝阳区9号,迁出,13900000000\n"
	    "440524188001010014,李四,汉族,440101,越秀区2号,死亡,\n"
	    "110105491231002,张三,汉族,110105,朝阳区9号,迁出,13900000000\n";
	const char *v3 = "id_number,name,ethnicity,region_code,address,status\n"
	    "11010519491231002X,张三,回族,110105,朝阳区9号,迁出\n";

	assert_int_equal(import(f, ZW_REG_PERSONS, v1, false, &rep, &why), ZW_OK);
	assert_int_equal(rep.inserted, 2);
	zw_reg_report_free(&rep);
	/* a 15-digit number is the same person as its 18-digit form */
	assert_int_equal(import(f, ZW_REG_PERSONS, v2, false, &rep, &why), ZW_EINVAL);
	assert_reject(&rep, 2, "duplicate_key");
	assert_reject(&rep, 4, "duplicate_key");
	zw_reg_report_free(&rep);
	/* incremental: one changed, one identical */
	assert_int_equal(import(f, ZW_REG_PERSONS, v2, true, &rep, &why), ZW_OK);
	assert_int_equal(rep.updated, 0);
	zw_reg_report_free(&rep);
	v2 = "id_number,name,ethnicity,region_code,address,status,phone\n"
	    "11010519491231002X,张三,汉族,110105,朝阳区9号,迁出,13900000000\n"
	    "440524188001010014,李四,汉族,440101,越秀区2号,死亡,\n";
	assert_int_equal(import(f, ZW_REG_PERSONS, v2, false, &rep, &why), ZW_OK);
	assert_int_equal(rep.updated, 1);
	assert_int_equal(rep.unchanged, 1);
	assert_int_equal(rep.inserted, 0);
	zw_reg_report_free(&rep);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM person_history WHERE "
	    "version = 1 AND address = '朝阳区1号' AND status = '正常' AND "
	    "changed = 'address,status,phone'"), 1);
	/* no phone column: the phone is kept */
	assert_int_equal(import(f, ZW_REG_PERSONS, v3, false, &rep, &why), ZW_OK);
	assert_int_equal(rep.updated, 1);
	zw_reg_report_free(&rep);
	assert_int_equal(count(f->c, "SELECT MAX(version) FROM persons"), 3);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM person_history"), 2);

	/* the manager sees the history in clear, the clerk neither */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_registry_get(f->c, &admin, &f->k, ZW_REG_PERSONS,
	    "11010519491231002x", &rd, &o, &why), ZW_OK);
	assert_string_equal(zw_json_str(o, "id_number"), "11010519491231002X");
	assert_string_equal(zw_json_str(o, "phone"), "13900000000");
	assert_string_equal(zw_json_str(o, "ethnicity"), "回族");
	assert_int_equal(zw_json_int(o, "version"), 3);
	h = json_object_get(o, "history");
	assert_int_equal(json_array_size(h), 2);
	assert_string_equal(zw_json_str(json_array_get(h, 0), "ethnicity"), "汉族");
	assert_string_equal(zw_json_str(json_array_get(h, 1), "phone"), "13812345678");
	assert_string_equal(zw_json_str(json_array_get(h, 1), "address"), "朝阳区1号");
	json_decref(o);
	assert_int_equal(zw_registry_get(f->c, &clerk, &f->k, ZW_REG_PERSONS,
	    "11010519491231002X", &rd, &o, &why), ZW_OK);
	assert_string_equal(zw_json_str(o, "id_number"), "1101**********002X");
	assert_string_equal(zw_json_str(o, "phone"), "139****0000");
	assert_true(json_is_true(json_object_get(o, "masked")));
	assert_null(json_object_get(o, "history"));
	json_decref(o);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
}

/* ---- lookups and the log ---- */

static void
test_lookups_are_logged(void **state)
{
	struct fx *f = *state;
	struct zw_reg_report rep;
	struct zw_why why;
	struct zw_actor clerk = actor(f, "li.na", ",registry.read,");
	struct zw_actor nobody = actor(f, "wang.fang", ",documents.read,");
	struct zw_reg_read rd = { "核验身份", "SP-2026-001", "", false, NULL };
	struct zw_reg_read nopurpose = { NULL, "SP-2026-001", "", false, NULL };
	struct zw_reg_read nocase = { "核验身份", "", "", false, NULL };
	const char *keys[] = { "11010519491231002X", "440524188001010014",
	    "123", "110105194912310021" };
	json_t *o = NULL, *items;
	int64_t next;

	assert_int_equal(import(f, ZW_REG_PERSONS,
	    "id_number,name,ethnicity,region_code,address,status\n"
	    "11010519491231002X,张三,汉族,110105,朝阳区1号,正常\n", false, &rep, &why),
	    ZW_OK);
	zw_reg_report_free(&rep);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	/* found */
	assert_int_equal(zw_registry_get(f->c, &clerk, &f->k, ZW_REG_PERSONS,
	    "11010519491231002X", &rd, &o, &why), ZW_OK);
	json_decref(o);
	/* invalid number: refused, not logged */
	assert_int_equal(zw_registry_get(f->c, &clerk, &f->k, ZW_REG_PERSONS,
	    "110105194912310021", &rd, &o, &why), ZW_EINVAL);
	assert_string_equal(why.code, "invalid_id_number");
	/* no purpose / no case reference: refused and logged */
	assert_int_equal(zw_registry_get(f->c, &clerk, &f->k, ZW_REG_PERSONS,
	    "11010519491231002X", &nopurpose, &o, &why), ZW_EINVAL);
	assert_string_equal(why.field, "X-Purpose");
	assert_int_equal(zw_registry_get(f->c, &clerk, &f->k, ZW_REG_PERSONS,
	    "11010519491231002X", &nocase, &o, &why), ZW_EINVAL);
	assert_string_equal(why.field, "X-Case-Ref");
	/* no right: refused and logged */
	assert_int_equal(zw_registry_get(f->c, &nobody, &f->k, ZW_REG_PERSONS,
	    "11010519491231002X", &rd, &o, &why), ZW_EPERM);
	/* not found: logged */
	assert_int_equal(zw_registry_get(f->c, &clerk, &f->k, ZW_REG_PERSONS,
	    "440524188001010014", &rd, &o, &why), ZW_ENOTFOUND);
	/* batch: one row per valid key */
	assert_int_equal(zw_registry_batch(f->c, &clerk, &f->k, ZW_REG_PERSONS, keys,
	    4, &rd, &items, &why), ZW_OK);
	assert_int_equal(json_array_size(items), 4);
	assert_string_equal(zw_json_str(json_array_get(items, 0), "status"), "ok");
	assert_string_equal(zw_json_str(json_array_get(items, 1), "status"), "not_found");
	assert_string_equal(zw_json_str(json_array_get(items, 2), "status"), "invalid");
	assert_string_equal(zw_json_str(json_array_get(items, 3), "status"), "invalid");
	json_decref(items);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);

	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM registry_access_log"), 7);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM registry_access_log "
	    "WHERE result = 'ok'"), 2);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM registry_access_log "
	    "WHERE result = 'denied'"), 3);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM registry_access_log "
	    "WHERE result = 'not_found'"), 2);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM registry_access_log "
	    "WHERE reason = 'missing_purpose'"), 1);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM registry_access_log "
	    "WHERE org_name = '石家庄市公安局' AND case_ref = 'SP-2026-001' AND "
	    "items = 'id_number,name,sex,birth_date,ethnicity,region_code,address,"
	    "phone,status'"), 2);
	/* every row is covered by its audit event */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM registry_access_log l "
	    "JOIN audit_events e ON e.seq = l.audit_seq WHERE e.action = "
	    "'registry.read'"), 7);
	/* the log never holds the number */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "details LIKE '%11010519491231002X%' OR object_id LIKE '%1101051949%'"), 0);
	/* append-only */
	assert_int_not_equal(zw_exec(f->c, "UPDATE registry_access_log SET "
	    "purpose = 'x'"), ZW_OK);
	assert_int_not_equal(zw_exec(f->c, "DELETE FROM registry_access_log"), ZW_OK);
	{
		int64_t cnt = 0, bad = 0;

		assert_int_equal(zw_audit_verify(f->c, &cnt, &bad), ZW_OK);
	}

	/* the person's own view: the two successful reads, newest first */
	assert_int_equal(zw_exec(f->c, "INSERT INTO users (login, name, kind, "
	    "password_hash, created_at, updated_at) VALUES ('11010519491231002X', "
	    "'张三', 'person', 'x', 1, 1)"), ZW_OK);
	{
		int64_t uid = count(f->c, "SELECT id FROM users WHERE "
		    "login = '11010519491231002X'");

		assert_int_equal(zw_registry_my_log(f->c, &f->k, uid, 50, 0, &items,
		    &next), ZW_OK);
		assert_int_equal(json_array_size(items), 2);
		assert_int_equal(next, -1);
		o = json_array_get(items, 0);
		assert_string_equal(zw_json_str(o, "org_name"), "石家庄市公安局");
		assert_string_equal(zw_json_str(o, "purpose"), "核验身份");
		assert_string_equal(zw_json_str(o, "case_ref"), "SP-2026-001");
		assert_int_equal(json_array_size(json_object_get(o, "items")), 9);
		json_decref(items);
		/* paging */
		assert_int_equal(zw_registry_my_log(f->c, &f->k, uid, 1, 0, &items,
		    &next), ZW_OK);
		assert_int_equal(json_array_size(items), 1);
		assert_true(next > 0);
		json_decref(items);
	}
	/* a staff user has no such view */
	assert_int_equal(zw_exec(f->c, "INSERT INTO users (login, name, kind, "
	    "password_hash, created_at, updated_at) VALUES ('li.na', '李娜', "
	    "'staff', 'x', 1, 1)"), ZW_OK);
	assert_int_equal(zw_registry_my_log(f->c, &f->k, count(f->c,
	    "SELECT id FROM users WHERE login = 'li.na'"), 50, 0, &items, &next),
	    ZW_EPERM);
}

static void
test_identity_check(void **state)
{
	struct fx *f = *state;
	struct zw_reg_report rep;
	struct zw_why why;

	zw_registry_init(master);
	assert_int_equal(import(f, ZW_REG_PERSONS,
	    "id_number,name,ethnicity,region_code,address,status\n"
	    "11010519491231002X,张三,汉族,110105,朝阳区1号,正常\n"
	    "440524188001010014,李四,汉族,440101,越秀区2号,死亡\n", false, &rep, &why),
	    ZW_OK);
	zw_reg_report_free(&rep);
	assert_int_equal(import(f, ZW_REG_LEGAL, LH
	    "91350200776049653A,厦门某某科技有限公司,张三,500,厦门市思明区1号,2005-06-01,存续,,\n"
	    "913502000728319549,厦门某某食品有限公司,王五,100,厦门市思明区3号,2013-07-01,吊销,,\n",
	    false, &rep, &why), ZW_OK);
	zw_reg_report_free(&rep);
	memset(&why, 0, sizeof(why));
	assert_int_equal(zw_registry_identity_check(f->c, "person",
	    "11010519491231002x", "张三", &why), ZW_OK);
	assert_int_equal(zw_registry_identity_check(f->c, "person",
	    "11010519491231002X", "张四", &why), ZW_ECONFLICT);
	assert_string_equal(why.code, "identity_mismatch");
	assert_int_equal(zw_registry_identity_check(f->c, "person",
	    "440524188001010014", "李四", &why), ZW_ECONFLICT);
	assert_string_equal(why.code, "identity_inactive");
	assert_non_null(strstr(why.message, "死亡"));
	assert_int_equal(zw_registry_identity_check(f->c, "person",
	    "130102199001010031", "孙八", &why), ZW_ENOTFOUND);
	assert_int_equal(zw_registry_identity_check(f->c, "enterprise",
	    "91350200776049653A", "厦门某某科技有限公司", &why), ZW_OK);
	assert_int_equal(zw_registry_identity_check(f->c, "enterprise",
	    "913502000728319549", "厦门某某食品有限公司", &why), ZW_ECONFLICT);
	assert_non_null(strstr(why.message, "吊销"));
	/* registration checks are not reads by another organization */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM registry_access_log"), 0);
}

static void
test_quality_report(void **state)
{
	struct fx *f = *state;
	struct zw_reg_report rep;
	struct zw_why why;
	json_t *q, *it;
	size_t i;
	int64_t sex = -1, undec = -1, dup = -1, dupname = -1, authority = -1;

	assert_int_equal(import(f, ZW_REG_PERSONS,
	    "id_number,name,ethnicity,region_code,address,status,phone\n"
	    "11010519491231002X,张三,汉族,110105,朝阳区1号,正常,13812345678\n"
	    "130102199001010031,孙八,汉族,130102,长安区,正常,13812345678\n"
	    "130102199001010058,周九,汉族,130102,长安区,正常,\n", false, &rep, &why),
	    ZW_OK);
	zw_reg_report_free(&rep);
	assert_int_equal(zw_registry_quality(f->c, &f->k, ZW_REG_PERSONS, &q), ZW_OK);
	assert_int_equal(zw_json_int(q, "total"), 3);
	json_array_foreach(json_object_get(q, "issues"), i, it)
		if (strcmp(zw_json_str(it, "code"), "duplicate_phone") == 0)
			dup = zw_json_int(it, "count");
		else
			assert_int_equal(zw_json_int(it, "count"), 0);
	assert_int_equal(dup, 2);
	json_decref(q);
	/* tamper: a sex that contradicts the number, a damaged seal */
	assert_int_equal(zw_exec(f->c, "UPDATE persons SET sex = '男' WHERE "
	    "name = '张三'"), ZW_OK);
	assert_int_equal(zw_exec(f->c, zw_conn_kind(f->c) == ZW_DB_PG ?
	    "UPDATE persons SET pii = overlay(pii placing '\\x00'::bytea from 40) "
	    "WHERE name = '周九'" :
	    "UPDATE persons SET pii = substr(pii, 1, 39) || x'00' || substr(pii, 41) "
	    "WHERE name = '周九'"), ZW_OK);
	assert_int_equal(zw_registry_quality(f->c, &f->k, ZW_REG_PERSONS, &q), ZW_OK);
	json_array_foreach(json_object_get(q, "issues"), i, it) {
		if (strcmp(zw_json_str(it, "code"), "sex_mismatch") == 0) {
			sex = zw_json_int(it, "count");
			assert_string_equal(zw_json_str(json_array_get(json_object_get(it,
			    "samples"), 0), "key"), "1101**********002X");
		}
		if (strcmp(zw_json_str(it, "code"), "undecryptable") == 0)
			undec = zw_json_int(it, "count");
	}
	assert_int_equal(sex, 1);
	assert_int_equal(undec, 1);
	json_decref(q);

	assert_int_equal(import(f, ZW_REG_LEGAL, LH
	    "91350200776049653A,厦门某某科技有限公司,张三,500,厦门市思明区1号,2005-06-01,存续,,\n"
	    "913502000728319549,厦门某某科技有限公司,王五,100,厦门市思明区3号,2013-07-01,存续,,\n",
	    false, &rep, &why), ZW_OK);
	zw_reg_report_free(&rep);
	assert_int_equal(zw_exec(f->c, "UPDATE legal_persons SET authority = '民政' "
	    "WHERE uscc = '91350200776049653A'"), ZW_OK);
	assert_int_equal(zw_registry_quality(f->c, &f->k, ZW_REG_LEGAL, &q), ZW_OK);
	json_array_foreach(json_object_get(q, "issues"), i, it) {
		if (strcmp(zw_json_str(it, "code"), "duplicate_name") == 0)
			dupname = zw_json_int(it, "count");
		if (strcmp(zw_json_str(it, "code"), "authority_mismatch") == 0)
			authority = zw_json_int(it, "count");
	}
	assert_int_equal(dupname, 2);
	assert_int_equal(authority, 1);
	json_decref(q);
}

static void
test_synthetic_rows_are_valid(void **state)
{
	static const char *const regions[] = { "130102", "130104", "130181", NULL };
	struct fx *f = *state;
	struct zw_reg_report rep;
	struct zw_why why;
	zw_buf b;
	char line[1024];
	uint64_t i;

	zw_buf_init(&b, 1u << 22);
	zw_buf_puts(&b, ZW_REG_PERSONS_HEADER);
	for (i = 0; i < 12000; i++)
		zw_buf_append(&b, line, zw_synth_person(7, i, regions, line, sizeof(line)));
	assert_int_equal(import(f, ZW_REG_PERSONS, b.p, false, &rep, &why), ZW_OK);
	assert_int_equal(rep.inserted, 12000);
	zw_reg_report_free(&rep);
	/* the quality scan reads in chunks of 10,000: every record once */
	{
		json_t *q, *it;
		size_t k;

		assert_int_equal(zw_registry_quality(f->c, &f->k, ZW_REG_PERSONS, &q),
		    ZW_OK);
		assert_int_equal(zw_json_int(q, "total"), 12000);
		json_array_foreach(json_object_get(q, "issues"), k, it)
			if (strcmp(zw_json_str(it, "code"), "duplicate_phone") != 0)
				assert_int_equal(zw_json_int(it, "count"), 0);
		json_decref(q);
	}
	zw_buf_reset(&b);
	zw_buf_puts(&b, ZW_REG_LEGAL_HEADER);
	for (i = 0; i < 2000; i++)
		zw_buf_append(&b, line, zw_synth_legal(7, i, regions, line, sizeof(line)));
	assert_int_equal(import(f, ZW_REG_LEGAL, b.p, false, &rep, &why), ZW_OK);
	assert_int_equal(rep.inserted, 2000);
	zw_reg_report_free(&rep);
	zw_buf_free(&b);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM persons"), 12000);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_keyed_index_stable_and_key_dependent),
		cmocka_unit_test(test_gbt39786_sm4_round_trip),
		BOTH(test_gb11643_import_rejects_each_bad_row),
		BOTH(test_file_level_refusals),
		BOTH(test_gbk_detected_and_converted),
		BOTH(test_gb32100_legal_import),
		BOTH(test_upsert_keeps_history),
		BOTH(test_lookups_are_logged),
		BOTH(test_identity_check),
		BOTH(test_quality_report),
		BOTH(test_synthetic_rows_are_valid),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_gb11643_import_rejects_each_bad_row),
		PG(test_file_level_refusals),
		PG(test_gbk_detected_and_converted),
		PG(test_gb32100_legal_import),
		PG(test_upsert_keeps_history),
		PG(test_lookups_are_logged),
		PG(test_identity_check),
		PG(test_quality_report),
		PG(test_synthetic_rows_are_valid),
	};
	const struct zw_embed *rt = zw_embed_find("share/regions.csv");
	int rc;

	zw_json_init();
	if (zw_crypto_init() != ZW_OK || rt == NULL ||
	    zw_regions_load((const char *)rt->data, rt->len) != ZW_OK ||
	    zw_clock_set("2026-11-22T10:00:00+08:00") != ZW_OK)
		return 1;
	rc = cmocka_run_group_tests_name("registry_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: registry_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("registry_pg", pg_tests, NULL, NULL);
	return rc;
}
