/*
 * test_sitesearch.c -- the public site search (src/search): snippets
 * escape first and mark after (no markup from the text or the query
 * survives), ASCII marks ignore case, long texts are cut around the
 * first hit; and on SQLite and PostgreSQL: a two-character Chinese
 * query matches (DESIGN.md: bigrams), a one-character query as a
 * prefix, filters by type, organization and date, and publication
 * state: an article is found only while published (withdrawn = gone).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/embed.h"
#include "base/json.h"
#include "base/mem.h"
#include "portal/portal.h"
#include "portal/portal_int.h"
#include "search/sitesearch.h"
#include "store/migrate.h"
#include "store_fixture.h"

static void
snip(const char *text, const char *toks, size_t max, const char *want)
{
	zw_buf b;

	zw_buf_init(&b, 1u << 16);
	assert_int_equal(zw_site_snippet(text, toks, max, &b), ZW_OK);
	assert_string_equal(b.p != NULL ? b.p : "", want);
	zw_buf_free(&b);
}

static void
test_snippet_escapes_then_marks(void **state)
{
	(void)state;
	snip("a<b>审批&\"x'", "审批", 80, "a&lt;b&gt;<mark>审批</mark>&amp;&quot;x&#39;");
	/* a query word that looks like our tag only marks text */
	snip("<mark>x</mark>", "mark", 80,
	    "&lt;<mark>mark</mark>&gt;x&lt;/<mark>mark</mark>&gt;");
	snip("<script>alert(1)</script>", "script", 80,
	    "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;");
	/* ASCII without case; overlapping tokens make one mark */
	snip("SM2签名和sm2验签", "sm2", 80,
	    "<mark>SM2</mark>签名和<mark>sm2</mark>验签");
	snip("行政审批局", "行政 政审 审批", 80, "<mark>行政审批</mark>局");
	/* no hit: the start; nothing to mark */
	snip("没有命中的文字", "审批", 80, "没有命中的文字");
	snip("", "审批", 80, "");
}

static void
test_snippet_cuts_around_the_hit(void **state)
{
	char text[512];

	(void)state;
	/* 30 characters, the hit, 30 characters: 20 before it are shown */
	snprintf(text, sizeof(text), "%s审批%s",
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
	    "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸");
	snip(text, "审批", 30, "…一二三四五六七八九十一二三四五六七八九十<mark>审批</mark>"
	    "甲乙丙丁戊己庚辛…");
	/* short enough: whole, even with the hit late */
	snip(text, "审批", 62, text[0] ? "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	    "<mark>审批</mark>甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸" : "");
	/* a cut never splits a character or an entity */
	snip("&&&&&审批", "审批", 3, "&amp;&amp;&amp;…");
}

/* ---- storage ---- */

struct fx {
	struct zwt_db t;
	zw_conn *c;
	zw_calendar *cal;
	int64_t gov, dept, site, col;
	struct zw_actor ed, pub, sys;
};

static int64_t
org(zw_conn *c, const char *code, const char *uscc, const char *path)
{
	zw_stmt *s;
	int64_t id;

	assert_int_equal(zw_prepare(c, "INSERT INTO orgs (code, name, uscc, "
	    "region_code, path, created_at, updated_at) VALUES (?, ?, ?, '130100', "
	    "?, 0, 0) RETURNING id", &s), ZW_OK);
	zw_bind_text(s, 1, code, (size_t)-1);
	zw_bind_text(s, 2, code, (size_t)-1);
	zw_bind_text(s, 3, uscc, (size_t)-1);
	zw_bind_text(s, 4, path, (size_t)-1);
	assert_int_equal(zw_step(s), ZW_ROW);
	id = zw_col_int(s, 0);
	zw_reset(s);
	return id;
}

static int64_t
user(zw_conn *c, const char *login, int64_t org_id)
{
	zw_stmt *s;
	int64_t id;

	assert_int_equal(zw_prepare(c, "INSERT INTO users (login, name, org_id, "
	    "password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', 0, 0) "
	    "RETURNING id", &s), ZW_OK);
	zw_bind_text(s, 1, login, (size_t)-1);
	zw_bind_text(s, 2, login, (size_t)-1);
	zw_bind_int(s, 3, org_id);
	assert_int_equal(zw_step(s), ZW_ROW);
	id = zw_col_int(s, 0);
	zw_reset(s);
	return id;
}

static struct zw_actor
actor(int64_t id, int64_t org_id, const char *path, const char *perms)
{
	struct zw_actor a = { 0 };

	a.id = id;
	a.login = "t";
	a.org_id = org_id;
	a.org_path = path;
	a.scope = ZW_SCOPE_ORG_TREE;
	a.perms = perms;
	a.ip = "";
	a.request_id = "";
	return a;
}

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));
	struct zw_site_in si = { 0 };
	struct zw_column_in ci = { 0 };
	struct zw_why why = { 0 };
	const struct zw_embed *e = zw_embed_find("share/holidays/2026.txt");
	int errline = 0;

	*state = f;
	if (zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	zw_clock_set("2026-09-21T09:00:00+08:00");
	f->cal = zw_calendar_new();
	assert_non_null(e);
	assert_int_equal(zw_calendar_load(f->cal, (const char *)e->data, e->len,
	    &errline), ZW_OK);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	f->gov = org(f->c, "sjz", "11130100000000000A", "/00000001/");
	f->dept = org(f->c, "sjz-approval", "11130100000000002C", "/00000001/00000002/");
	f->ed = actor(user(f->c, "ed", f->gov), f->gov, "/00000001/", ",portal.edit,");
	f->pub = actor(user(f->c, "pub", f->gov), f->gov, "/00000001/",
	    ",portal.publish,portal.edit,");
	zw_portal_system_actor(&f->sys);
	si.org_id = f->gov;
	si.is_main = 1;
	assert_int_equal(zw_site_create(f->c, &f->sys, &si, &f->site, &why), ZW_OK);
	ci.site_id = f->site;
	ci.code = "tzgg";
	ci.name = "通知公告";
	ci.kind = "notice";
	assert_int_equal(zw_column_create(f->c, &f->sys, &ci, &f->col, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f->c != NULL) {
		if (zw_in_tx(f->c))
			zw_tx_rollback(f->c);
		zw_conn_put(f->c);
	}
	zw_calendar_free(f->cal);
	zwt_close(&f->t);
	zw_free(f);
	return 0;
}

static int64_t
scalar(zw_conn *c, const char *sql)
{
	zw_stmt *s;
	int64_t v;

	assert_int_equal(zw_prepare(c, sql, &s), ZW_OK);
	assert_int_equal(zw_step(s), ZW_ROW);
	v = zw_col_int(s, 0);
	zw_reset(s);
	return v;
}

/* The URLs found for q (and filters), joined by spaces. */
static const char *
found(struct fx *f, const char *q, const char *type, int64_t org_id,
    int64_t from, int64_t to)
{
	static char out[1024];
	struct zw_site_query sq = { q, type, org_id, from, to };
	json_t *items, *o;
	int64_t next;
	size_t i, k = 0;

	out[0] = '\0';
	assert_int_equal(zw_site_search(f->c, &sq, 20, 0, &items, &next), ZW_OK);
	json_array_foreach(items, i, o)
		k += (size_t)snprintf(out + k, sizeof(out) - k, "%s%s", k ? " " : "",
		    zw_json_str(o, "url"));
	json_decref(items);
	return out;
}

static void
put(struct fx *f, const char *type, int64_t ref, int64_t org_id,
    const char *title, const char *body, const char *url, const char *when)
{
	struct zw_site_doc d = { 0 };
	int64_t t;

	assert_int_equal(zw_time_parse(when, &t), ZW_OK);
	d.org_id = org_id;
	d.title = title;
	d.body = body;
	d.url = url;
	d.published_at = t;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_site_search_put(f->c, type, ref, &d), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
}

static void
test_two_characters_and_filters(void **state)
{
	struct fx *f = *state;
	int64_t d1, d2;

	put(f, "item", 1, f->dept, "食品经营许可", "申请人应当具备与经营相适应的场所。",
	    "/services/A1", "2026-09-01T10:00:00+08:00");
	put(f, "letter", 2, f->gov, "关于小区停车的建议", "建议增设停车位。",
	    "/letters/2", "2026-09-10T10:00:00+08:00");
	put(f, "survey", 3, f->gov, "停车收费调查", "请就停车收费发表意见。",
	    "/surveys/3", "2026-09-15T10:00:00+08:00");
	/* two characters: newest first, across types */
	assert_string_equal(found(f, "停车", NULL, 0, 0, 0), "/surveys/3 /letters/2");
	assert_string_equal(found(f, "许可", NULL, 0, 0, 0), "/services/A1");
	assert_string_equal(found(f, "经营场所", NULL, 0, 0, 0), "");	/* AND of pairs */
	assert_string_equal(found(f, "经营 场所", NULL, 0, 0, 0), "/services/A1");
	/* one character: a prefix */
	assert_string_equal(found(f, "停", NULL, 0, 0, 0), "/surveys/3 /letters/2");
	/* filters */
	assert_string_equal(found(f, "停车", "letter", 0, 0, 0), "/letters/2");
	assert_string_equal(found(f, "停车", NULL, f->dept, 0, 0), "");
	assert_int_equal(zw_time_parse("2026-09-12T00:00:00+08:00", &d1), ZW_OK);
	assert_int_equal(zw_time_parse("2026-09-20T00:00:00+08:00", &d2), ZW_OK);
	assert_string_equal(found(f, "停车", NULL, 0, d1, 0), "/surveys/3");
	assert_string_equal(found(f, "停车", NULL, 0, 0, d1), "/letters/2");
	assert_string_equal(found(f, "停车", NULL, 0, d1, d2), "/surveys/3");
	/* put again (a correction): one row, changed in place, keeping its
	 * place; the new title is what is searched */
	put(f, "letter", 2, f->gov, "关于小区车位的建议（已回复）", "", "/letters/2",
	    "2026-09-10T10:00:00+08:00");
	assert_string_equal(found(f, "停车", NULL, 0, 0, 0), "/surveys/3");
	assert_string_equal(found(f, "车位", NULL, 0, 0, 0), "/letters/2");
	put(f, "letter", 2, f->gov, "关于小区停车的建议（已回复）", "", "/letters/2",
	    "2026-09-10T10:00:00+08:00");
	assert_string_equal(found(f, "停车", NULL, 0, 0, 0), "/surveys/3 /letters/2");
	assert_int_equal(scalar(f->c, "SELECT COUNT(*) FROM site_search WHERE "
	    "type = 'letter'"), 1);
	assert_int_equal(zw_site_search_drop(f->c, "letter", 2), ZW_OK);
	assert_string_equal(found(f, "停车", NULL, 0, 0, 0), "/surveys/3");
	/* bad input */
	{
		struct zw_site_doc d = { 0, "t", "", NULL, "/x", 1 };
		struct zw_site_query q = { "", NULL, 0, 0, 0 };
		json_t *items;
		int64_t next;

		assert_int_equal(zw_site_search_put(f->c, "Bad-Type", 1, &d), ZW_EINVAL);
		assert_int_equal(zw_site_search(f->c, &q, 20, 0, &items, &next), ZW_EINVAL);
	}
}

static void
test_publication_state(void **state)
{
	struct fx *f = *state;
	struct zw_article_in in = { 0 };
	struct zw_publish_in p = { NULL, "{uscc}/{yyyy}-{nnnnn}", 0 };
	struct zw_why why = { 0 };
	int64_t id, n;
	char url[64];

	in.column_id = f->col;
	in.title = "关于鹊桥工程的通知";
	in.category = "other";
	in.body = "<p>鹊桥工程 <b>安排</b>。</p>";
	in.created_on = "2026-09-21";
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_create(f->c, &f->ed, f->cal, &in, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	snprintf(url, sizeof(url), "/articles/%lld", (long long)id);
	assert_string_equal(found(f, "鹊桥", NULL, 0, 0, 0), "");	/* a draft */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_submit(f->c, &f->ed, id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_string_equal(found(f, "鹊桥", NULL, 0, 0, 0), "");	/* in review */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_publish(f->c, &f->pub, id, &p, &why), ZW_OK);
	/* in the transaction that publishes it */
	assert_string_equal(found(f, "鹊桥", NULL, 0, 0, 0), url);
	zw_tx_rollback(f->c);
	assert_string_equal(found(f, "鹊桥", NULL, 0, 0, 0), "");	/* rolled back */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_publish(f->c, &f->pub, id, &p, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_string_equal(found(f, "鹊桥", "article", f->gov, 0, 0), url);
	assert_string_equal(found(f, "安排", NULL, 0, 0, 0), url);	/* body text */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_withdraw(f->c, &f->pub, id, "错误", &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_string_equal(found(f, "鹊桥", NULL, 0, 0, 0), "");
	/* the backfill adds nothing for it, and is idempotent */
	assert_int_equal(zw_site_search_backfill(f->c, &n), ZW_OK);
	assert_int_equal(n, 0);
	assert_string_equal(found(f, "鹊桥", NULL, 0, 0, 0), "");
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_snippet_escapes_then_marks),
		cmocka_unit_test(test_snippet_cuts_around_the_hit),
	};
	const struct CMUnitTest sqlite_tests[] = {
		BOTH(test_two_characters_and_filters),
		BOTH(test_publication_state),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_two_characters_and_filters),
		PG(test_publication_state),
	};
	int rc;

	zw_json_init();
	rc = cmocka_run_group_tests_name("sitesearch", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("sitesearch_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: sitesearch_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("sitesearch_pg", pg_tests, NULL, NULL);
	return rc;
}
