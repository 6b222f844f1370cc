/*
 * test_migrate.c -- schema migrations on SQLite and (with
 * ZHENGWU_TEST_PG_URL) PostgreSQL: a private set of migration files
 * with tokens, dialect files and trigger bodies; idempotence; refusal
 * of a newer database; rollback of a failing migration; two servers
 * migrating at once; and the real migrations embedded in the binary.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/embed.h"
#include "base/err.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store_fixture.h"

#define F(path, text) \
	{ (path), (const unsigned char *)(text), sizeof(text) - 1, 0 }

/* A trigger that upper-cases a.v on insert, in each dialect. */
static const struct zw_embed files_v2[] = {
	F("migrations/0001_alpha.sql",
	    "-- first; with a comment holding ';'\n"
	    "CREATE TABLE a (id {{ID}}, v TEXT NOT NULL, b {{BLOB}});\n"
	    "INSERT INTO a (v) VALUES ('x;y');\n"),
	F("migrations/0001_alpha.sqlite.sql",
	    "CREATE TRIGGER a_upper AFTER INSERT ON a\n"
	    "BEGIN\n"
	    "\tUPDATE a SET v = upper(v) WHERE id = NEW.id;\n"
	    "END;\n"),
	F("migrations/0001_alpha.pg.sql",
	    "CREATE FUNCTION a_upper() RETURNS trigger AS $$\n"
	    "BEGIN\n"
	    "\tNEW.v := upper(NEW.v);\n"
	    "\tRETURN NEW;\n"
	    "END;\n"
	    "$$ LANGUAGE plpgsql;\n"
	    "CREATE TRIGGER a_upper BEFORE INSERT ON a\n"
	    "\tFOR EACH ROW EXECUTE FUNCTION a_upper();\n"),
	F("migrations/README.md", "not a migration {{ID}}"),
	F("templates/0003_x.sql", "not a migration either"),
	F("migrations/0002_beta.sql",
	    "CREATE TABLE b (id {{ID}}, a_id BIGINT REFERENCES a(id), "
	    "note TEXT NOT NULL DEFAULT '{{unknown}}');\n"),
};

static const struct zw_embed file_v3 =
    F("migrations/0003_gamma.sql", "CREATE TABLE c (x INTEGER);\n");
static const struct zw_embed file_bad =
    F("migrations/0004_bad.sql",
    "CREATE TABLE d (x INTEGER);\nSELECT nonsense FROM nowhere;\n");

#define NV2	(sizeof(files_v2) / sizeof(files_v2[0]))

static struct zwt_db T;
static zw_conn *C;
static enum zw_db_kind kind;

static int
setup(void **state)
{
	(void)state;
	if (zwt_open(&T, kind, 4) != ZW_OK)
		return -1;
	return zw_conn_get(T.db, 5000, &C) == ZW_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	zw_conn_put(C);
	zwt_close(&T);
	return 0;
}

static int64_t
qint(const char *sql)
{
	int64_t v = -1;

	assert_int_equal(zw_query_int(C, sql, &v), ZW_OK);
	return v;
}

static void
test_apply_once(void **state)
{
	zw_stmt *s;
	int applied = -1;

	(void)state;
	assert_int_equal(zw_migrate_files(C, files_v2, NV2, &applied), ZW_OK);
	assert_int_equal(applied, 2);
	assert_int_equal(qint("SELECT COUNT(*) FROM schema_migrations"), 2);
	assert_int_equal(qint("SELECT MAX(version) FROM schema_migrations"),
	    2);

	/* the data row with ';' went in before the trigger existed */
	assert_int_equal(zw_prepare(C, "SELECT v FROM a ORDER BY id", &s),
	    ZW_OK);
	assert_int_equal(zw_step(s), ZW_ROW);
	assert_string_equal(zw_col_text(s, 0), "x;y");
	zw_reset(s);
	/* the dialect trigger works */
	assert_int_equal(zw_prepare(C, "INSERT INTO a (v) VALUES (?) "
	    "RETURNING id", &s), ZW_OK);
	zw_bind_text(s, 1, "hello", (size_t)-1);
	assert_int_equal(zw_step(s), ZW_ROW);
	zw_reset(s);
	assert_int_equal(zw_prepare(C, "SELECT v FROM a ORDER BY id DESC",
	    &s), ZW_OK);
	assert_int_equal(zw_step(s), ZW_ROW);
	assert_string_equal(zw_col_text(s, 0), "HELLO");
	zw_reset(s);
	/* {{BLOB}} became a byte type; an unknown {{token}} is left alone */
	assert_int_equal(zw_prepare(C, "UPDATE a SET b = ? WHERE v = ?", &s),
	    ZW_OK);
	zw_bind_blob(s, 1, "\0\1\2", 3);
	zw_bind_text(s, 2, "HELLO", (size_t)-1);
	assert_int_equal(zw_step(s), ZW_OK);
	assert_int_equal(zw_exec(C, "INSERT INTO b (a_id) VALUES (1)"), ZW_OK);
	assert_int_equal(zw_prepare(C, "SELECT note FROM b", &s), ZW_OK);
	assert_int_equal(zw_step(s), ZW_ROW);
	assert_string_equal(zw_col_text(s, 0), "{{unknown}}");
	zw_reset(s);
	assert_int_equal(zw_prepare(C, "SELECT name FROM schema_migrations "
	    "ORDER BY version", &s), ZW_OK);
	assert_int_equal(zw_step(s), ZW_ROW);
	assert_string_equal(zw_col_text(s, 0), "alpha");
	assert_int_equal(zw_step(s), ZW_ROW);
	assert_string_equal(zw_col_text(s, 0), "beta");
	assert_int_equal(zw_step(s), ZW_OK);

	/* second run: nothing to do */
	applied = -1;
	assert_int_equal(zw_migrate_files(C, files_v2, NV2, &applied), ZW_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(qint("SELECT COUNT(*) FROM schema_migrations"), 2);
	assert_false(zw_in_tx(C));
}

static void
test_new_version_applies(void **state)
{
	struct zw_embed v3[NV2 + 1];
	int applied = -1;

	(void)state;
	assert_int_equal(zw_migrate_files(C, files_v2, 2, &applied), ZW_OK);
	assert_int_equal(applied, 1);		/* 0001 only */
	memcpy(v3, files_v2, sizeof(files_v2));
	v3[NV2] = file_v3;
	assert_int_equal(zw_migrate_files(C, v3, NV2 + 1, &applied), ZW_OK);
	assert_int_equal(applied, 2);		/* 0002 and 0003 */
	assert_int_equal(qint("SELECT COUNT(*) FROM c"), 0);
	assert_int_equal(qint("SELECT MAX(version) FROM schema_migrations"),
	    3);
}

static void
test_newer_database_refused(void **state)
{
	zw_stmt *s;
	int applied = -1;

	(void)state;
	assert_int_equal(zw_migrate_files(C, files_v2, NV2, &applied), ZW_OK);
	assert_int_equal(zw_prepare(C, "INSERT INTO schema_migrations "
	    "(version, name, applied_at) VALUES (?, ?, ?)", &s), ZW_OK);
	zw_bind_int(s, 1, 99);
	zw_bind_text(s, 2, "future", (size_t)-1);
	zw_bind_int(s, 3, 0);
	assert_int_equal(zw_step(s), ZW_OK);
	applied = -1;
	assert_int_equal(zw_migrate_files(C, files_v2, NV2, &applied),
	    ZW_ESCHEMA);
	assert_int_equal(applied, 0);
	assert_false(zw_in_tx(C));
	/* and the real set refuses it too if it is older than 99 */
	if (zw_migrate_latest() < 99)
		assert_int_equal(zw_migrate(C, NULL), ZW_ESCHEMA);
}

static void
test_failing_migration_rolls_back(void **state)
{
	struct zw_embed v4[NV2 + 2];
	int applied = -1;

	(void)state;
	memcpy(v4, files_v2, sizeof(files_v2));
	v4[NV2] = file_v3;
	v4[NV2 + 1] = file_bad;
	assert_int_equal(zw_migrate_files(C, v4, NV2 + 2, &applied), ZW_EDB);
	assert_int_equal(applied, 3);
	assert_false(zw_in_tx(C));
	assert_int_equal(qint("SELECT MAX(version) FROM schema_migrations"),
	    3);
	/* table d of the failed migration is gone with it */
	assert_int_equal(zw_query_int(C, "SELECT COUNT(*) FROM d", NULL),
	    ZW_EDB);
	/* fixed, it applies */
	applied = -1;
	assert_int_equal(zw_migrate_files(C, v4, NV2 + 1, &applied), ZW_OK);
	assert_int_equal(applied, 0);
}

static void
test_bad_sets(void **state)
{
	static const struct zw_embed twice[] = {
		F("migrations/0001_one.sql", "SELECT 1;"),
		F("migrations/0001_other.sql", "SELECT 1;"),
	};
	int applied = -1;

	(void)state;
	assert_int_equal(zw_migrate_files(C, twice, 2, &applied), ZW_EINVAL);
	assert_int_equal(applied, 0);
	/* inside a transaction: refused */
	assert_int_equal(zw_tx_begin(C), ZW_OK);
	assert_int_equal(zw_migrate_files(C, files_v2, NV2, &applied),
	    ZW_ESTATE);
	assert_int_equal(zw_tx_rollback(C), ZW_OK);
	/* an empty set creates the bookkeeping table only */
	assert_int_equal(zw_migrate_files(C, files_v2, 0, &applied), ZW_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(qint("SELECT COUNT(*) FROM schema_migrations"), 0);
}

struct racer {
	zw_db *db;
	int rc;
	int applied;
};

static void *
race_thread(void *arg)
{
	struct racer *r = arg;
	zw_conn *c;

	if ((r->rc = zw_conn_get(r->db, 5000, &c)) != ZW_OK)
		return NULL;
	r->rc = zw_migrate_files(c, files_v2, NV2, &r->applied);
	zw_conn_put(c);
	return NULL;
}

/* Two app servers starting at once: each version applied exactly once. */
static void
test_concurrent(void **state)
{
	struct racer r[3];
	pthread_t th[3];
	int i, total = 0;

	(void)state;
	for (i = 0; i < 3; i++) {
		r[i].db = T.db;
		r[i].rc = 1;
		r[i].applied = 0;
		assert_int_equal(pthread_create(&th[i], NULL, race_thread,
		    &r[i]), 0);
	}
	for (i = 0; i < 3; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(r[i].rc, ZW_OK);
		total += r[i].applied;
	}
	assert_int_equal(total, 2);
	assert_int_equal(qint("SELECT COUNT(*) FROM schema_migrations"), 2);
}

/* The migrations shipped in this binary apply on this backend. */
static void
test_embedded(void **state)
{
	int applied = -1, latest = zw_migrate_latest();

	(void)state;
	assert_true(latest >= 2);
	assert_int_equal(zw_migrate(C, &applied), ZW_OK);
	assert_true(applied >= 2);
	assert_int_equal(qint("SELECT MAX(version) FROM schema_migrations"),
	    latest);
	assert_int_equal(qint("SELECT COUNT(*) FROM jobs"), 0);
	assert_int_equal(zw_migrate(C, &applied), ZW_OK);
	assert_int_equal(applied, 0);
}

#define TESTS \
	cmocka_unit_test_setup_teardown(test_apply_once, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_new_version_applies, setup, \
	    teardown), \
	cmocka_unit_test_setup_teardown(test_newer_database_refused, setup, \
	    teardown), \
	cmocka_unit_test_setup_teardown(test_failing_migration_rolls_back, \
	    setup, teardown), \
	cmocka_unit_test_setup_teardown(test_bad_sets, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_embedded, setup, teardown)

static int
use_sqlite(void **state)
{
	(void)state;
	kind = ZW_DB_SQLITE;
	return 0;
}

static int
use_pg(void **state)
{
	(void)state;
	kind = ZW_DB_PG;
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = { TESTS };
	int fails = 0;

	fails += cmocka_run_group_tests_name("migrate_sqlite", tests,
	    use_sqlite, NULL);
	if (zwt_pg_url() != NULL)
		fails += cmocka_run_group_tests_name("migrate_pg", tests,
		    use_pg, NULL);
	else
		fprintf(stderr, "NOTICE: migrate_pg skipped: "
		    "ZHENGWU_TEST_PG_URL not set\n");
	return fails != 0;
}
