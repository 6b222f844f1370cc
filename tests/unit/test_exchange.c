/*
 * test_exchange.c -- the exchange (standards.md §5 sharing, §7 SM2/SM3):
 * the comparison engine with exact counts on generated tables with
 * planted differences (only left, only right, changed fields, quoted
 * fields, CRLF, other row order), refused tables (duplicate keys,
 * column counts, UTF-8, GBK, key column, quotes) with their line; and,
 * on SQLite and PostgreSQL, datasets: versions with their change sets,
 * the provider's signature, the changes since a version, refusals that
 * change nothing, and a comparison run end to end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/mem.h"
#include "crypto/pwhash.h"
#include "exchange/exchange.h"
#include "org/org.h"
#include "store/migrate.h"
#include "store_fixture.h"

static const unsigned char master[16] = "0123456789abcdef";

/* ---- engine ---- */

#define N 10000

/*
 * Left: rows 0..N-1; right: rows 30..N+29 written backwards with CRLF.
 * Rows i % 250 == 5 (i in both) differ in "name", i % 500 == 7 in
 * "city" too; row 100's note is quoted with a comma on both sides.
 */
static void
gen(zw_buf *l, zw_buf *r, int64_t *nd, int64_t *nname, int64_t *ncity)
{
	int i;

	*nd = *nname = *ncity = 0;
	zw_buf_puts(l, "id,name,city,note\n");
	zw_buf_puts(r, "id,name,city,note\r\n");
	for (i = 0; i < N; i++)
		zw_buf_printf(l, "K%06d,名称%d,城市%d,%s\n", i, i, i % 7,
		    i == 100 ? "\"a,b\"" : "x");
	for (i = N + 29; i >= 30; i--) {
		bool dn = i < N && i % 250 == 5, dc = i < N && i % 500 == 7;

		zw_buf_printf(r, "K%06d,名称%d%s,城市%d%s,%s\r\n", i, i, dn ? "改" : "",
		    i % 7, dc ? "改" : "", i == 100 ? "\"a,b\"" : "x");
		if (dn || dc)
			(*nd)++;
		*nname += dn;
		*ncity += dc;
	}
}

static void
test_compare_exact_counts(void **state)
{
	zw_arena *a = zw_arena_new();
	struct zw_xerr le = { 0 }, re = { 0 };
	struct zw_xtab l, r;
	struct zw_xcmp o;
	int64_t nd, nname, ncity;
	zw_buf lb, rb;
	size_t i;

	(void)state;
	zw_buf_init(&lb, 1 << 24);
	zw_buf_init(&rb, 1 << 24);
	gen(&lb, &rb, &nd, &nname, &ncity);
	assert_int_equal(zw_xtab_parse_pair(a, lb.p, lb.len, rb.p, rb.len, "id", &l,
	    &r, &le, &re), ZW_OK);
	assert_int_equal(l.nrows, N);
	assert_int_equal(r.nrows, N);
	assert_int_equal(zw_xcompare(a, &l, &r, NULL, 0, 1000, NULL, NULL, &o, &le),
	    ZW_OK);
	assert_int_equal(o.only_left, 30);
	assert_int_equal(o.only_right, 30);
	assert_int_equal(o.both_different, nd);
	assert_int_equal(o.both_same, N - 30 - nd);
	assert_int_equal(o.nfields, 3);
	assert_string_equal(o.fields[0], "name");
	assert_int_equal(o.field_diffs[0], nname);
	assert_int_equal(o.field_diffs[1], ncity);
	assert_int_equal(o.field_diffs[2], 0);	/* the quoted note is equal */
	assert_int_equal(o.ndiffs, 30 + 30 + (size_t)nd);
	assert_false(o.truncated);
	/* results in key order: the only-left rows come first (K000000..) */
	assert_int_equal(o.diffs[0].kind, ZW_X_ONLY_LEFT);
	assert_memory_equal(o.diffs[0].l->key, "K000000", 7);
	for (i = 1; i < o.ndiffs; i++) {
		const struct zw_xrow *p = o.diffs[i - 1].l ? o.diffs[i - 1].l :
		    o.diffs[i - 1].r, *q = o.diffs[i].l ? o.diffs[i].l : o.diffs[i].r;

		assert_true(memcmp(p->key, q->key, 7) < 0);
	}
	/* a cap keeps counts exact */
	assert_int_equal(zw_xcompare(a, &l, &r, NULL, 0, 10, NULL, NULL, &o, &le),
	    ZW_OK);
	assert_int_equal(o.ndiffs, 10);
	assert_true(o.truncated);
	assert_int_equal(o.only_right, 30);
	/* only the named fields */
	{
		const char *f[] = { "city" };

		assert_int_equal(zw_xcompare(a, &l, &r, f, 1, 0, NULL, NULL, &o, &le),
		    ZW_OK);
		assert_int_equal(o.both_different, ncity);
		assert_int_equal(o.both_same, N - 30 - ncity);
		f[0] = "nope";
		assert_int_equal(zw_xcompare(a, &l, &r, f, 1, 0, NULL, NULL, &o, &le),
		    ZW_EINVAL);
		assert_string_equal(le.code, "field_missing");
	}
	zw_buf_free(&lb);
	zw_buf_free(&rb);
	zw_arena_free(a);
}

static void
refused(const char *csv, size_t n, const char *code, int64_t line)
{
	zw_arena *a = zw_arena_new();
	struct zw_xerr e = { 0 };
	struct zw_xtab t;

	assert_int_equal(zw_xtab_parse(a, csv, n, "id", &t, &e), ZW_EINVAL);
	assert_string_equal(e.code, code);
	assert_int_equal(e.line, line);
	if (line > 0) {
		char want[32];

		snprintf(want, sizeof(want), "第%lld行", (long long)line);
		assert_non_null(strstr(e.message, want));
	}
	zw_arena_free(a);
}

#define REFUSED(s, code, line) refused((s), sizeof(s) - 1, (code), (line))

static void
test_refused_tables(void **state)
{
	(void)state;
	REFUSED("id,v\n1,a\n2,b\n1,c\n", "duplicate_key", 4);
	REFUSED("id,v\n1,a\n2,b,c\n", "column_count", 3);
	REFUSED("id,v\n1,a\n2\n", "column_count", 3);
	REFUSED("id,v\n1,a\n2,\xff\xfe\x41\n", "invalid_utf8", 3);
	/* 甲 in GBK */
	REFUSED("id,v\n1,\xbc\xd7\n", "gbk_encoding", 0);
	REFUSED("name,v\n1,a\n", "no_key_column", 1);
	REFUSED("id,v\n,a\n", "empty_key", 2);
	REFUSED("id,v\n1,\"a\n", "bad_quote", 2);
	REFUSED("id,id\n1,a\n", "duplicate_column", 1);
	REFUSED("", "empty_file", 0);
}

/* ---- datasets on both backends ---- */

struct fx {
	struct zwt_db t;
	zw_conn *c;
	char datadir[64];
	int64_t org, other;
};

static struct zw_actor
system_actor(void)
{
	struct zw_actor a = { 0 };

	a.login = "system";
	a.scope = ZW_SCOPE_ALL;
	a.perms = ",orgs.manage,users.manage,";
	return a;
}

static struct zw_actor
staff(int64_t org, const char *perms)
{
	struct zw_actor w = { 0 };

	w.id = 0;
	w.login = "staff";
	w.org_id = org;
	w.scope = ZW_SCOPE_ORG;
	w.perms = perms;
	w.ip = "127.0.0.1";
	w.request_id = "test";
	return w;
}

static int64_t
make_org(struct fx *f, const char *code)
{
	struct zw_actor sys = system_actor();
	struct zw_org_in in = { 0 };
	struct zw_why why = { 0 };
	int64_t id = 0;

	in.code = code;
	in.name = code;
	in.short_name = "冀数";
	in.region_code = "130102";
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_org_create(f->c, &sys, &in, master, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	return id;
}

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));

	snprintf(f->datadir, sizeof(f->datadir), "/tmp/zwexch.XXXXXX");
	if (mkdtemp(f->datadir) == NULL ||
	    zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	f->org = make_org(f, "prov");
	f->other = make_org(f, "other");
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	zw_conn_put(f->c);
	zwt_close(&f->t);
	nftw(f->datadir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	zw_free(f);
	return 0;
}

static int
publish(struct fx *f, const struct zw_actor *who, int64_t id, const char *csv,
    int64_t *v, struct zw_xerr *e)
{
	int rc;

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	rc = zw_dataset_publish(f->c, who, f->datadir, master, id, csv, strlen(csv),
	    false, v, e);
	if (rc == ZW_OK)
		assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	else
		zw_tx_rollback(f->c);
	return rc;
}

static int64_t
count(struct fx *f, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(zw_query_int(f->c, sql, &n), ZW_OK);
	return n;
}

#define V1 "id,name,status\n1,甲,存续\n2,乙,存续\n3,丙,存续\n"
#define V2 "id,name,status\n1,甲,存续\n3,丙,注销\n4,丁,存续\n"

static void
test_versions_changes_signature(void **state)
{
	struct fx *f = *state;
	struct zw_actor who = staff(f->org, ",exchange.publish,"),
	    outsider = staff(f->other, ",exchange.publish,"),
	    reader = staff(f->other, ",exchange.read,");
	struct zw_dataset_in in = { "名录", "id", "", 0 };
	struct zw_why why = { 0 };
	struct zw_xerr e = { 0 };
	int64_t id, v;
	json_t *o, *ch;
	char sql[128];

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_dataset_create(f->c, &who, &in, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(publish(f, &who, id, V1, &v, &e), ZW_OK);
	assert_int_equal(v, 1);
	assert_int_equal(publish(f, &who, id, V2, &v, &e), ZW_OK);
	assert_int_equal(v, 2);
	snprintf(sql, sizeof(sql), "SELECT rows_added * 100 + rows_removed * 10 + "
	    "rows_changed FROM dataset_versions WHERE dataset_id = %lld AND version = 2",
	    (long long)id);
	assert_int_equal(count(f, sql), 111);

	/* refusals change nothing; another organization may not publish */
	assert_int_equal(publish(f, &who, id, "id,name\n1,a\n1,b\n", &v, &e), ZW_EINVAL);
	assert_string_equal(e.code, "duplicate_key");
	assert_int_equal(e.line, 3);
	assert_int_equal(publish(f, &outsider, id, V1, &v, &e), ZW_ENOTFOUND);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM dataset_versions"), 2);
	assert_int_equal(count(f, "SELECT MAX(latest_version) FROM datasets"), 2);

	/* signature over the SM3, by the provider's key */
	assert_int_equal(zw_dataset_version_get(f->c, &who, f->datadir, id, 2, &o),
	    ZW_OK);
	assert_true(json_is_true(json_object_get(o, "signature_valid")));
	json_decref(o);
	assert_int_equal(zw_dataset_version_get(f->c, &outsider, f->datadir, id, 2,
	    &o), ZW_ENOTFOUND);
	assert_int_equal(zw_dataset_version_get(f->c, &reader, f->datadir, id, 2, &o),
	    ZW_OK);
	json_decref(o);
	/* a signature copied from version 1 does not verify version 2 */
	assert_int_equal(zw_exec(f->c, "UPDATE dataset_versions SET signature = "
	    "(SELECT signature FROM dataset_versions WHERE version = 1) "
	    "WHERE version = 2"), ZW_OK);
	assert_int_equal(zw_dataset_version_get(f->c, &who, f->datadir, id, 2, &o),
	    ZW_OK);
	assert_true(json_is_false(json_object_get(o, "signature_valid")));
	json_decref(o);

	/* changes since 1: +4, -2, 3 changed in status */
	assert_int_equal(zw_dataset_changes(f->c, &who, f->datadir, id, 1, &ch), ZW_OK);
	assert_int_equal(json_array_size(json_object_get(ch, "added")), 1);
	assert_string_equal(zw_json_str(json_array_get(json_object_get(ch, "added"), 0),
	    "id"), "4");
	assert_string_equal(zw_json_str(json_array_get(json_object_get(ch, "removed"),
	    0), "key"), "2");
	o = json_array_get(json_object_get(ch, "changed"), 0);
	assert_string_equal(zw_json_str(o, "key"), "3");
	assert_string_equal(json_string_value(json_array_get(json_object_get(o,
	    "fields"), 0)), "status");
	assert_int_equal(json_array_size(json_object_get(ch, "changed")), 1);
	json_decref(ch);
	assert_int_equal(zw_dataset_changes(f->c, &who, f->datadir, id, 3, &ch),
	    ZW_EINVAL);
}

static void
test_comparison_run(void **state)
{
	struct fx *f = *state;
	struct zw_actor who = staff(f->org, ",exchange.publish,"),
	    other = staff(f->other, ",exchange.publish,");
	struct zw_dataset_in in = { "名录", "id", "", 0 };
	struct zw_why why = { 0 };
	struct zw_xerr e = { 0 };
	char errbuf[256] = "";
	int64_t id, v, cid;
	json_t *spec, *o, *items;
	int64_t next;

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_dataset_create(f->c, &who, &in, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(publish(f, &who, id, V1, &v, &e), ZW_OK);
	assert_int_equal(publish(f, &who, id, V2, &v, &e), ZW_OK);
	spec = json_pack("{s:{s:I, s:i}, s:{s:I}, s:s}", "left", "dataset_id",
	    (json_int_t)id, "version", 1, "right", "dataset_id", (json_int_t)id,
	    "key", "id");
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_comparison_create(f->c, &other, spec, &cid, &why),
	    ZW_ENOTFOUND);
	assert_int_equal(zw_comparison_create(f->c, &who, spec, &cid, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	json_decref(spec);
	assert_int_equal(zw_comparison_run(f->c, f->datadir, cid, errbuf,
	    sizeof(errbuf)), ZW_OK);
	assert_int_equal(zw_comparison_get(f->c, &who, cid, &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "status"), "done");
	assert_int_equal(zw_json_int(json_object_get(o, "counts"), "only_left"), 1);
	assert_int_equal(zw_json_int(json_object_get(o, "counts"), "only_right"), 1);
	assert_int_equal(zw_json_int(json_object_get(o, "counts"), "both_same"), 1);
	assert_int_equal(zw_json_int(json_object_get(o, "counts"), "both_different"), 1);
	assert_int_equal(zw_json_int(json_object_get(o, "field_diffs"), "status"), 1);
	assert_int_equal(zw_json_int(json_object_get(o, "field_diffs"), "name"), 0);
	json_decref(o);
	assert_int_equal(zw_comparison_results(f->c, &who, cid, "different", 10, 0,
	    &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(next, -1);
	o = json_array_get(json_object_get(json_array_get(items, 0), "fields"), 0);
	assert_string_equal(zw_json_str(o, "left"), "存续");
	assert_string_equal(zw_json_str(o, "right"), "注销");
	json_decref(items);
	assert_int_equal(zw_comparison_get(f->c, &other, cid, &o), ZW_ENOTFOUND);
}

static int
load_regions(void)
{
	FILE *fp = fopen("share/regions.csv", "rb");
	static char buf[1 << 17];
	size_t n;

	if (fp == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	return zw_regions_load(buf, n);
}

#define SQLITE(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest engine_tests[] = {
		cmocka_unit_test(test_compare_exact_counts),
		cmocka_unit_test(test_refused_tables),
	};
	const struct CMUnitTest sqlite_tests[] = {
		SQLITE(test_versions_changes_signature),
		SQLITE(test_comparison_run),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_versions_changes_signature),
		PG(test_comparison_run),
	};
	int rc;

	zw_json_init();
	if (zw_crypto_init() != ZW_OK || load_regions() != ZW_OK)
		return 1;
	zw_pwhash_set_cost(1);
	rc = cmocka_run_group_tests_name("exchange_engine", engine_tests, NULL, NULL);
	rc |= cmocka_run_group_tests_name("exchange_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: exchange_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("exchange_pg", pg_tests, NULL, NULL);
	return rc;
}
