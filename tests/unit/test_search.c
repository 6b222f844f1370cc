/*
 * test_search.c -- full-text search of documents (documents/search.c)
 * on SQLite and, when ZHENGWU_TEST_PG_URL is set, on PostgreSQL: the
 * index entry (title, 发文字号, body, attachment names), two-character
 * and one-character queries, the caller's reach, snippets, paging and
 * the maintenance paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/json.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "documents/search.h"
#include "store/migrate.h"
#include "store_fixture.h"

struct fx {
	struct zwt_db t;
	zw_conn *c;
	int64_t org_a, org_b, user_a, user_b, file;
	int64_t d1, d2, d3, d4, d5, d6;
};

static int64_t
insert_id(zw_conn *c, const char *sql, const char *t1, const char *t2,
    int64_t i3)
{
	zw_stmt *s;
	int64_t id;

	assert_int_equal(zw_prepare(c, sql, &s), ZW_OK);
	zw_bind_text(s, 1, t1, (size_t)-1);
	zw_bind_text(s, 2, t2, (size_t)-1);
	if (i3 != 0)
		zw_bind_int(s, 3, i3);
	assert_int_equal(zw_step(s), ZW_ROW);
	id = zw_col_int(s, 0);
	zw_reset(s);
	return id;
}

static int64_t
make_doc(struct fx *f, int64_t org, int64_t drafter, const char *title,
    const char *body, const char *doc_no)
{
	zw_stmt *s;
	int64_t id;

	assert_int_equal(zw_prepare(f->c, "INSERT INTO documents (org_id, "
	    "drafter_id, doc_type, title, body, doc_no, created_at, updated_at) "
	    "VALUES (?, ?, '通知', ?, ?, ?, 1790000000, 1790000000) RETURNING id",
	    &s), ZW_OK);
	zw_bind_int(s, 1, org);
	zw_bind_int(s, 2, drafter);
	zw_bind_text(s, 3, title, (size_t)-1);
	zw_bind_text(s, 4, body, (size_t)-1);
	if (doc_no != NULL)
		zw_bind_text(s, 5, doc_no, (size_t)-1);
	else
		zw_bind_null(s, 5);
	assert_int_equal(zw_step(s), ZW_ROW);
	id = zw_col_int(s, 0);
	zw_reset(s);
	assert_int_equal(zw_doc_index(f->c, id), ZW_OK);
	return id;
}

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));
	zw_stmt *s;

	*state = f;
	if (zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK || zw_tx_begin(f->c) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	f->org_a = insert_id(f->c, "INSERT INTO orgs (code, name, region_code, path, "
	    "created_at, updated_at) VALUES (?, ?, '130100', '/00000001/', 0, 0) "
	    "RETURNING id", "sjz-office", "石家庄市人民政府办公室", 0);
	f->org_b = insert_id(f->c, "INSERT INTO orgs (code, name, region_code, path, "
	    "created_at, updated_at) VALUES (?, ?, '130100', '/00000002/', 0, 0) "
	    "RETURNING id", "sjz-approval", "石家庄市行政审批局", 0);
	f->user_a = insert_id(f->c, "INSERT INTO users (login, name, org_id, "
	    "password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', 0, 0) "
	    "RETURNING id", "li.na", "李娜", f->org_a);
	f->user_b = insert_id(f->c, "INSERT INTO users (login, name, org_id, "
	    "password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', 0, 0) "
	    "RETURNING id", "liu.yang", "刘洋", f->org_b);
	f->file = insert_id(f->c, "INSERT INTO files (sm3, size, content_type, "
	    "filename, created_at) VALUES (?, 10, ?, '会场座位图.pdf', 0) RETURNING id",
	    "00", "application/pdf", 0);

	f->d1 = make_doc(f, f->org_a, f->user_a, "关于进一步优化行政审批服务的通知",
	    "各县（市、区）人民政府，市政府各部门：\n　　为深化“放管服”改革，"
	    "持续优化营商环境，提升政务服务效能，现就进一步规范和优化行政审批服务"
	    "有关事项通知如下。一、全面推行网上办理，实现企业和群众办事“最多跑一次”。"
	    "二、压减审批时限，SM2电子印章全面应用。", NULL);
	f->d2 = make_doc(f, f->org_a, f->user_a, "关于召开工作会议的通知",
	    "会议安排如下。", NULL);
	assert_int_equal(zw_prepare(f->c, "INSERT INTO document_attachments "
	    "(doc_id, position, file_id) VALUES (?, 1, ?)", &s), ZW_OK);
	zw_bind_int(s, 1, f->d2);
	zw_bind_int(s, 2, f->file);
	assert_int_equal(zw_step(s), ZW_OK);
	assert_int_equal(zw_doc_index(f->c, f->d2), ZW_OK);
	f->d3 = make_doc(f, f->org_b, f->user_b, "关于成立行政审批局",
	    "机构改革方案。", NULL);
	f->d4 = make_doc(f, f->org_a, f->user_a, "关于国庆期间值班安排的通知",
	    "值班表见附件。", "石政办〔2026〕3号");
	/* the same text twice: equally relevant, the newer first */
	f->d5 = make_doc(f, f->org_a, f->user_a, "防汛工作安排", "汛期将至。", NULL);
	f->d6 = make_doc(f, f->org_a, f->user_a, "防汛工作安排", "汛期将至。", NULL);
	if (zw_tx_commit(f->c) != ZW_OK)
		return -1;
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f->c != NULL)
		zw_conn_put(f->c);
	zwt_close(&f->t);
	zw_free(f);
	return 0;
}

/* An actor of org A (or B) with the given data scope. */
static struct zw_actor
actor(struct fx *f, int b, int scope)
{
	struct zw_actor a = { 0 };

	a.id = b ? f->user_b : f->user_a;
	a.login = b ? "liu.yang" : "li.na";
	a.org_id = b ? f->org_b : f->org_a;
	a.org_path = b ? "/00000002/" : "/00000001/";
	a.scope = scope;
	a.perms = ",documents.read,";
	return a;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The ids found for q as "1,2," (into buf), in result order when
 * ordered, else ascending. */
static const char *
found_as(struct fx *f, const struct zw_actor *who, const char *q, int ordered,
    char *buf, size_t size)
{
	json_t *items, *it;
	int64_t next, v[16];
	size_t i, n, k = 0;

	assert_int_equal(zw_doc_search(f->c, who, q, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(next, -1);
	n = json_array_size(items);
	assert_true(n <= 16);
	json_array_foreach(items, i, it)
		v[i] = zw_json_int(it, "id");
	json_decref(items);
	if (!ordered && n > 1)
		qsort(v, n, sizeof(v[0]), cmp_id);
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, size - k, "%lld,", (long long)v[i]);
	return buf;
}

static const char *
found(struct fx *f, const struct zw_actor *who, const char *q, char *buf,
    size_t size)
{
	return found_as(f, who, q, 0, buf, size);
}

static const char *
ids(char *buf, size_t size, int64_t a, int64_t b)
{
	if (b != 0)
		snprintf(buf, size, "%lld,%lld,", (long long)a, (long long)b);
	else if (a != 0)
		snprintf(buf, size, "%lld,", (long long)a);
	else
		buf[0] = '\0';
	return buf;
}

static void
test_two_characters_find_a_longer_title(void **state)
{
	struct fx *f = *state;
	struct zw_actor all = actor(f, 0, ZW_SCOPE_ALL);
	char got[256], want[256];

	/* 审批 is one token: it finds 优化行政审批服务 and 行政审批局 */
	assert_string_equal(found(f, &all, "审批", got, sizeof(got)),
	    ids(want, sizeof(want), f->d1, f->d3));
	/* every pair must be there: 行政审批服务 is only in d1 */
	assert_string_equal(found(f, &all, "行政审批服务", got, sizeof(got)),
	    ids(want, sizeof(want), f->d1, 0));
	/* words of the body, any case, full-width folded */
	assert_string_equal(found(f, &all, "ｓｍ２ 印章", got, sizeof(got)),
	    ids(want, sizeof(want), f->d1, 0));
	assert_string_equal(found(f, &all, "最多跑一次", got, sizeof(got)),
	    ids(want, sizeof(want), f->d1, 0));
	assert_string_equal(found(f, &all, "审批 国庆", got, sizeof(got)), "");
	/* equally relevant: the newer first */
	assert_string_equal(found_as(f, &all, "防汛", 1, got, sizeof(got)),
	    ids(want, sizeof(want), f->d6, f->d5));
}

static void
test_one_character_is_a_prefix(void **state)
{
	struct fx *f = *state;
	struct zw_actor all = actor(f, 0, ZW_SCOPE_ALL);
	char got[256], want[256];

	/* 局 only ends a run in d3 (行政审批局): the index form's tail */
	assert_string_equal(found(f, &all, "局", got, sizeof(got)),
	    ids(want, sizeof(want), f->d3, 0));
	assert_string_equal(found(f, &all, "审批 局", got, sizeof(got)),
	    ids(want, sizeof(want), f->d3, 0));
	/* 值 starts 值班 */
	assert_string_equal(found(f, &all, "值", got, sizeof(got)),
	    ids(want, sizeof(want), f->d4, 0));
}

static void
test_attachment_names_and_doc_no(void **state)
{
	struct fx *f = *state;
	struct zw_actor a = actor(f, 0, ZW_SCOPE_ORG);
	char got[256], want[256];

	assert_string_equal(found(f, &a, "座位图", got, sizeof(got)),
	    ids(want, sizeof(want), f->d2, 0));
	assert_string_equal(found(f, &a, "PDF", got, sizeof(got)),
	    ids(want, sizeof(want), f->d2, 0));
	assert_string_equal(found(f, &a, "石政办", got, sizeof(got)),
	    ids(want, sizeof(want), f->d4, 0));
	assert_string_equal(found(f, &a, "〔2026〕3号", got, sizeof(got)),
	    ids(want, sizeof(want), f->d4, 0));
}

static void
test_reach(void **state)
{
	struct fx *f = *state;
	struct zw_actor a = actor(f, 0, ZW_SCOPE_ORG), b = actor(f, 1, ZW_SCOPE_ORG);
	struct zw_actor self = actor(f, 0, ZW_SCOPE_SELF);
	char got[256], want[256];
	zw_stmt *s;

	/* another organization's document is not found by an org-scoped
	 * actor, but by its own organization */
	assert_string_equal(found(f, &a, "审批", got, sizeof(got)),
	    ids(want, sizeof(want), f->d1, 0));
	assert_string_equal(found(f, &b, "审批", got, sizeof(got)),
	    ids(want, sizeof(want), f->d3, 0));
	self.org_path = "/00000009/";
	assert_string_equal(found(f, &self, "审批", got, sizeof(got)),
	    ids(want, sizeof(want), f->d1, 0));	/* the drafter */
	/* delivered to org A: A finds it */
	assert_int_equal(zw_prepare(f->c, "INSERT INTO deliveries (doc_id, "
	    "to_org_id, kind, created_at) VALUES (?, ?, 'main', 0)", &s), ZW_OK);
	zw_bind_int(s, 1, f->d3);
	zw_bind_int(s, 2, f->org_a);
	assert_int_equal(zw_step(s), ZW_OK);
	assert_string_equal(found(f, &a, "审批局", got, sizeof(got)),
	    ids(want, sizeof(want), f->d3, 0));
	/* a reviewer of another organization (会签) finds the draft */
	assert_int_equal(zw_prepare(f->c, "INSERT INTO document_reviews (doc_id, "
	    "user_id, kind) VALUES (?, ?, 'countersign')", &s), ZW_OK);
	zw_bind_int(s, 1, f->d2);
	zw_bind_int(s, 2, f->user_b);
	assert_int_equal(zw_step(s), ZW_OK);
	assert_string_equal(found(f, &b, "座位图", got, sizeof(got)),
	    ids(want, sizeof(want), f->d2, 0));
}

static void
test_items_and_snippet(void **state)
{
	struct fx *f = *state;
	struct zw_actor a = actor(f, 0, ZW_SCOPE_ORG);
	const char *sn;
	json_t *items, *it;
	int64_t next;

	assert_int_equal(zw_doc_search(f->c, &a, "营商环境", 10, 0, &items, &next),
	    ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	it = json_array_get(items, 0);
	assert_int_equal(zw_json_int(it, "id"), f->d1);
	assert_string_equal(zw_json_str(it, "title"), "关于进一步优化行政审批服务的通知");
	assert_string_equal(zw_json_str(it, "status"), "draft");
	assert_string_equal(zw_json_str(it, "status_name"), "草稿");
	assert_string_equal(zw_json_str(it, "org_name"), "石家庄市人民政府办公室");
	assert_string_equal(zw_json_str(it, "drafter_name"), "李娜");
	assert_string_equal(zw_json_str(it, "doc_no"), "");
	sn = zw_json_str(it, "snippet");
	assert_non_null(strstr(sn, "营商环境"));
	assert_true(zw_utf8_chars(sn, strlen(sn)) <= ZW_SEARCH_SNIPPET);
	/* cut on both sides, blank runs (\n and U+3000) made one space */
	assert_true(strncmp(sn, "…", 3) == 0);
	assert_true(strcmp(sn + strlen(sn) - 3, "…") == 0);
	assert_null(strchr(sn, '\n'));
	assert_null(strstr(sn, "　"));
	json_decref(items);

	/* a match in the title only: the body from its start */
	assert_int_equal(zw_doc_search(f->c, &a, "国庆", 10, 0, &items, &next), ZW_OK);
	assert_string_equal(zw_json_str(json_array_get(items, 0), "snippet"),
	    "值班表见附件。");
	json_decref(items);
	assert_int_equal(zw_doc_search(f->c, &a, "各县", 10, 0, &items, &next), ZW_OK);
	sn = zw_json_str(json_array_get(items, 0), "snippet");
	assert_true(strncmp(sn, "各县（市、区）人民政府，市政府各部门： 为深化", 60) == 0);
	json_decref(items);
}

/* Best first while few match; newest first past ZW_SEARCH_RANK_MAX. */
static void
test_order(void **state)
{
	struct fx *f = *state;
	struct zw_actor all = actor(f, 0, ZW_SCOPE_ALL);
	json_t *items;
	int64_t best, later, next, last = 0, i;

	best = make_doc(f, f->org_a, f->user_a, "关于做好抗旱工作的通知",
	    "抗旱抗旱，抗旱。", NULL);
	later = make_doc(f, f->org_a, f->user_a, "关于做好秋收工作的通知",
	    "秋收期间各单位要统筹安排生产生活，同时兼顾抗旱，确保粮食颗粒归仓，"
	    "做好农机调度和气象服务。", NULL);
	assert_int_equal(zw_doc_search(f->c, &all, "抗旱", 10, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(zw_json_int(json_array_get(items, 0), "id"), best);
	assert_int_equal(zw_json_int(json_array_get(items, 1), "id"), later);
	json_decref(items);

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	for (i = 0; i < ZW_SEARCH_RANK_MAX; i++)
		last = make_doc(f, f->org_a, f->user_a, "春耕", "春耕抗旱。", NULL);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	/* ZW_SEARCH_RANK_MAX + 2 matches: the newest first, the best match last */
	assert_int_equal(zw_doc_search(f->c, &all, "抗旱", 3, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 3);
	assert_int_equal(zw_json_int(json_array_get(items, 0), "id"), last);
	assert_int_equal(zw_json_int(json_array_get(items, 1), "id"), last - 1);
	json_decref(items);
	/* the cursor keeps that order: two pages of RANK_MAX / 2, then the first two */
	assert_int_equal(zw_doc_search(f->c, &all, "抗旱", ZW_SEARCH_RANK_MAX / 2, 0, &items, &next),
	    ZW_OK);
	json_decref(items);
	assert_int_equal(zw_doc_search(f->c, &all, "抗旱", ZW_SEARCH_RANK_MAX / 2, next, &items, &next),
	    ZW_OK);
	assert_int_equal(json_array_size(items), ZW_SEARCH_RANK_MAX / 2);
	json_decref(items);
	assert_int_equal(zw_doc_search(f->c, &all, "抗旱", ZW_SEARCH_RANK_MAX / 2, next, &items, &next),
	    ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(zw_json_int(json_array_get(items, 0), "id"), later);
	assert_int_equal(zw_json_int(json_array_get(items, 1), "id"), best);
	assert_int_equal(next, -1);
	json_decref(items);
}

static void
test_paging_and_bad_queries(void **state)
{
	struct fx *f = *state;
	struct zw_actor all = actor(f, 0, ZW_SCOPE_ALL);
	char q[512];
	json_t *items;
	int64_t next, first;
	int i;

	assert_int_equal(zw_doc_search(f->c, &all, "通知", 2, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	assert_true(next > 0);
	first = zw_json_int(json_array_get(items, 0), "id");
	json_decref(items);
	assert_int_equal(zw_doc_search(f->c, &all, "通知", 2, next, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(next, -1);
	assert_true(zw_json_int(json_array_get(items, 0), "id") != first);
	json_decref(items);

	assert_int_equal(zw_doc_search(f->c, &all, "，。！ ", 10, 0, &items, &next),
	    ZW_EINVAL);
	assert_int_equal(zw_doc_search(f->c, &all, "", 10, 0, &items, &next), ZW_EINVAL);
	assert_int_equal(zw_doc_search(f->c, &all, "\xff", 10, 0, &items, &next),
	    ZW_EINVAL);
	for (i = 0; i < 100; i++)
		memcpy(q + 3 * i, "审", 3);
	q[300] = '\0';
	assert_int_equal(zw_doc_search(f->c, &all, q, 10, 0, &items, &next), ZW_OK);
	json_decref(items);
	memcpy(q + 300, "审", 4);
	assert_int_equal(zw_doc_search(f->c, &all, q, 10, 0, &items, &next), ZW_EINVAL);
	/* FTS5 and tsquery syntax in a query is only punctuation */
	assert_int_equal(zw_doc_search(f->c, &all, "审批\" OR * & ! ' :* NEAR(",
	    10, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 0);	/* "or", "near" */
	json_decref(items);
}

static void
test_reindex(void **state)
{
	struct fx *f = *state;
	struct zw_actor all = actor(f, 0, ZW_SCOPE_ALL);
	char got[256], want[256];
	int64_t n = -1;
	zw_stmt *s;

	/* a changed title is found once the entry is rebuilt */
	assert_int_equal(zw_prepare(f->c, "UPDATE documents SET title = ? WHERE id = ?",
	    &s), ZW_OK);
	zw_bind_text(s, 1, "关于春节期间值班安排的通知", (size_t)-1);
	zw_bind_int(s, 2, f->d4);
	assert_int_equal(zw_step(s), ZW_OK);
	assert_string_equal(found(f, &all, "春节", got, sizeof(got)), "");
	assert_int_equal(zw_doc_index(f->c, f->d4), ZW_OK);
	assert_string_equal(found(f, &all, "春节", got, sizeof(got)),
	    ids(want, sizeof(want), f->d4, 0));
	assert_string_equal(found(f, &all, "国庆", got, sizeof(got)), "");
	assert_int_equal(zw_doc_index(f->c, 999999), ZW_ENOTFOUND);

	/* documents from before search: indexed by zw_doc_index_missing */
	assert_int_equal(zw_exec(f->c, "DELETE FROM doc_search"), ZW_OK);
	assert_string_equal(found(f, &all, "审批", got, sizeof(got)), "");
	assert_int_equal(zw_doc_index_missing(f->c, &n), ZW_OK);
	assert_int_equal(n, 6);
	assert_string_equal(found(f, &all, "审批", got, sizeof(got)),
	    ids(want, sizeof(want), f->d1, f->d3));
	assert_int_equal(zw_doc_index_missing(f->c, &n), ZW_OK);
	assert_int_equal(n, 0);
	assert_int_equal(zw_doc_reindex_all(f->c), ZW_OK);
	assert_string_equal(found(f, &all, "座位图", got, sizeof(got)),
	    ids(want, sizeof(want), f->d2, 0));
	/* inside the caller's transaction too */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_doc_reindex_all(f->c), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_string_equal(found(f, &all, "审批", got, sizeof(got)),
	    ids(want, sizeof(want), f->d1, f->d3));
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		BOTH(test_two_characters_find_a_longer_title),
		BOTH(test_one_character_is_a_prefix),
		BOTH(test_attachment_names_and_doc_no),
		BOTH(test_reach),
		BOTH(test_items_and_snippet),
		BOTH(test_order),
		BOTH(test_paging_and_bad_queries),
		BOTH(test_reindex),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_two_characters_find_a_longer_title),
		PG(test_one_character_is_a_prefix),
		PG(test_attachment_names_and_doc_no),
		PG(test_reach),
		PG(test_items_and_snippet),
		PG(test_order),
		PG(test_paging_and_bad_queries),
		PG(test_reindex),
	};
	int rc;

	zw_json_init();
	rc = cmocka_run_group_tests_name("search_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: search_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("search_pg", pg_tests, NULL, NULL);
	return rc;
}
