/*
 * test_documents.c -- 发文字号 numbering without gaps (GB/T 9704 §7.2.5:
 * serial numbers are assigned in order and never reused) under
 * concurrent issue, on SQLite and PostgreSQL: threads take numbers in
 * transactions and roll some of them back; the committed numbers must be
 * exactly 1..N, each once.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/json.h"
#include "documents/doc_int.h"
#include "store/migrate.h"
#include "store_fixture.h"

#define THREADS 4
#define PER_THREAD 40

struct worker {
	zw_db *db;
	int id;
	int64_t got[PER_THREAD];
	int ngot;
	int errors;
};

static void *
run(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < PER_THREAD; i++) {
		zw_conn *c;
		int64_t seq;

		if (zw_conn_get(w->db, 30000, &c) != ZW_OK) {
			w->errors++;
			continue;
		}
		if (zw_tx_begin(c) != ZW_OK ||
		    zw_doc_next_seq(c, "冀政办", 2026, &seq) != ZW_OK) {
			if (zw_in_tx(c))
				zw_tx_rollback(c);
			zw_conn_put(c);
			w->errors++;
			continue;
		}
		/* every third issue fails after taking its number */
		if ((i + w->id) % 3 == 0)
			zw_tx_rollback(c);
		else if (zw_tx_commit(c) == ZW_OK)
			w->got[w->ngot++] = seq;
		else
			w->errors++;
		zw_conn_put(c);
	}
	return NULL;
}

static int
cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void
numbering_without_gaps(enum zw_db_kind kind)
{
	struct zwt_db t;
	struct worker w[THREADS];
	pthread_t th[THREADS];
	int64_t all[THREADS * PER_THREAD];
	zw_conn *c;
	int i, j, n = 0;

	assert_int_equal(zwt_open(&t, kind, THREADS + 1), ZW_OK);
	assert_int_equal(zw_conn_get(t.db, 5000, &c), ZW_OK);
	assert_int_equal(zw_migrate(c, NULL), ZW_OK);
	zw_conn_put(c);
	for (i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].db = t.db;
		w[i].id = i;
		pthread_create(&th[i], NULL, run, &w[i]);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].errors, 0);
		for (j = 0; j < w[i].ngot; j++)
			all[n++] = w[i].got[j];
	}
	qsort(all, (size_t)n, sizeof(all[0]), cmp);
	assert_true(n > 0);
	for (i = 0; i < n; i++)
		assert_int_equal(all[i], i + 1);	/* 1..n: no gap, no repeat */
	/* another 机关代字 or year starts again at 1 */
	assert_int_equal(zw_conn_get(t.db, 5000, &c), ZW_OK);
	{
		int64_t seq;

		assert_int_equal(zw_tx_begin(c), ZW_OK);
		assert_int_equal(zw_doc_next_seq(c, "冀政办函", 2026, &seq), ZW_OK);
		assert_int_equal(seq, 1);
		assert_int_equal(zw_doc_next_seq(c, "冀政办", 2027, &seq), ZW_OK);
		assert_int_equal(seq, 1);
		assert_int_equal(zw_tx_commit(c), ZW_OK);
	}
	zw_conn_put(c);
	zwt_close(&t);
}

static void
test_gbt9704_7_2_5_numbers_without_gaps_sqlite(void **state)
{
	(void)state;
	numbering_without_gaps(ZW_DB_SQLITE);
}

static void
test_gbt9704_7_2_5_numbers_without_gaps_pg(void **state)
{
	(void)state;
	numbering_without_gaps(ZW_DB_PG);
}

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_gbt9704_7_2_5_numbers_without_gaps_sqlite),
	};
	const struct CMUnitTest pg_tests[] = {
		cmocka_unit_test(test_gbt9704_7_2_5_numbers_without_gaps_pg),
	};
	int rc;

	zw_json_init();
	rc = cmocka_run_group_tests_name("documents_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: documents_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("documents_pg", pg_tests, NULL, NULL);
	return rc;
}
