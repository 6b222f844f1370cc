/*
 * test_portal.c -- the rules and the page cache of the portal
 * (src/portal/): the 索引号 format and its uniqueness, the
 * 20-working-day due date of 条例 第二十六条 counted as standards.md §10
 * (holidays and 调休 days included), the monitor, and the page cache:
 * precise invalidation by tag, the epoch guard, the LRU bound, and the
 * change log that carries invalidations between app servers.  Storage
 * tests run on SQLite and, when ZHENGWU_TEST_PG_URL is set, PostgreSQL.
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
#include "portal/cache.h"
#include "portal/portal.h"
#include "portal/portal_int.h"
#include "store/migrate.h"
#include "store_fixture.h"

static zw_date
D(const char *s)
{
	zw_date d;

	assert_int_equal(zw_date_parse(s, &d), ZW_OK);
	return d;
}

static zw_calendar *
official_calendar(void)
{
	static const char *const years[] = { "share/holidays/2025.txt",
		"share/holidays/2026.txt" };
	zw_calendar *c = zw_calendar_new();
	size_t i;

	for (i = 0; i < 2; i++) {
		const struct zw_embed *e = zw_embed_find(years[i]);
		int errline = 0;

		assert_non_null(e);
		assert_int_equal(zw_calendar_load(c, (const char *)e->data, e->len,
		    &errline), ZW_OK);
	}
	return c;
}

/* ---- 索引号 format (standards.md §4: configurable, unique) ---- */

static void
test_index_no_format(void **state)
{
	char out[128];

	(void)state;
	assert_int_equal(zw_index_no_format("{uscc}/{yyyy}-{nnnnn}",
	    "11341702486344515H", "sjz", D("2026-09-21"), 13, out, sizeof(out)), ZW_OK);
	assert_string_equal(out, "11341702486344515H/2026-00013");
	/* the common practice with the month: 统一社会信用代码/年份月-流水号 */
	assert_int_equal(zw_index_no_format("{uscc}/{yyyy}{mm}-{nnnnn}",
	    "11341702486344515H", "sjz", D("2021-10-05"), 13, out, sizeof(out)), ZW_OK);
	assert_string_equal(out, "11341702486344515H/202110-00013");
	/* an organization without USCC: its code */
	assert_int_equal(zw_index_no_format("{uscc}/{yyyy}-{nnnnn}", "", "sjz-psb",
	    D("2026-01-02"), 7, out, sizeof(out)), ZW_OK);
	assert_string_equal(out, "sjz-psb/2026-00007");
	assert_int_equal(zw_index_no_format("{org}-{yyyy}-{nnn}", NULL, "sjz",
	    D("2026-01-02"), 1234, out, sizeof(out)), ZW_OK);
	assert_string_equal(out, "sjz-2026-1234");	/* wider than the field: all digits */
	/* refused: no serial, unknown or unclosed fields, too long */
	assert_int_equal(zw_index_no_format("{uscc}/{yyyy}", "X", "x", D("2026-01-02"),
	    1, out, sizeof(out)), ZW_EINVAL);
	assert_int_equal(zw_index_no_format("{uscc}/{dd}-{nnn}", "X", "x",
	    D("2026-01-02"), 1, out, sizeof(out)), ZW_EINVAL);
	assert_int_equal(zw_index_no_format("{uscc/{nnn}", "X", "x", D("2026-01-02"),
	    1, out, sizeof(out)), ZW_EINVAL);
	assert_int_equal(zw_index_no_format("{nnnnnnnnnnnnn}", "X", "x",
	    D("2026-01-02"), 1, out, sizeof(out)), ZW_EINVAL);
	assert_int_equal(zw_index_no_format("{uscc}{uscc}{uscc}{uscc}-{nnnnn}",
	    "11341702486344515H", "x", D("2026-01-02"), 1, out, sizeof(out)), ZW_EINVAL);
	assert_int_equal(zw_index_no_format("{uscc}-{nnnnn}", "11341702486344515H",
	    "x", D("2026-01-02"), 1, out, 10), ZW_EINVAL);
	/* typed by hand */
	assert_null(zw_index_no_problem("11341702486344515H/2026-00013"));
	assert_non_null(zw_index_no_problem(""));
	assert_non_null(zw_index_no_problem("has space"));
	assert_non_null(zw_index_no_problem("索引/1"));
	assert_non_null(zw_index_no_problem("x\ty"));
}

/* ---- 20 working days (条例 第二十六条; standards.md §10) ---- */

static void
test_disclosure_due_dates(void **state)
{
	zw_calendar *c = official_calendar();
	char s[11];

	(void)state;
#define DUE(from, want) do { \
		zw_date_fmt(zw_disclosure_due(c, D(from)), s, sizeof(s)); \
		assert_string_equal(s, want); \
	} while (0)
	/* the worked example of §10: 中秋 9/25-9/27 and 国庆 10/1-10/7 off,
	 * 10/10 (Saturday) worked */
	DUE("2026-09-21", "2026-10-26");
	/* counting starts the day after: a Friday's period starts with the
	 * Sunday 9/20, a 调休 working day */
	DUE("2026-09-18", "2026-10-22");
	/* 春节 2/15-2/23 off, 2/14 and 2/28 (Saturdays) worked */
	DUE("2026-02-10", "2026-03-16");
	/* created on a holiday: the first working day after it is day 1 */
	DUE("2026-10-03", "2026-11-03");
	/* no holidays: four weeks */
	DUE("2026-03-02", "2026-03-30");
	/* across the new year: 元旦 2026-01-01..03 off, 01-04 (Sunday) worked */
	DUE("2025-12-15", "2026-01-13");
#undef DUE
	zw_calendar_free(c);
}

/* ---- the page cache, alone ---- */

static char etag[ZW_PCACHE_ETAG];

static bool
cached(const char *key)
{
	zw_buf b;
	const char *ct;
	bool nm, hit;

	zw_buf_init(&b, 1 << 20);
	hit = zw_pcache_get(key, NULL, &b, etag, &ct, &nm);
	zw_buf_free(&b);
	return hit;
}

static void
put(const char *key, const char *tags)
{
	assert_true(zw_pcache_put(key, tags, "text/html", key, strlen(key),
	    zw_pcache_epoch(), etag));
}

static void
test_cache_invalidates_by_tag(void **state)
{
	zw_buf b;
	const char *ct;
	bool nm;
	char tag1[ZW_PCACHE_ETAG];
	uint64_t e;

	(void)state;
	zw_pcache_reset();
	put("/", ",s:1,sh:1,pub,sites,");
	put("/articles/4", ",s:1,a:4,");
	put("/articles/41", ",s:1,a:41,");
	put("/column/tzgg", ",s:1,c:2,");
	put("/site/x/", ",s:3,sh:3,");
	assert_true(cached("/articles/4"));
	/* ETag and If-None-Match */
	zw_buf_init(&b, 1 << 20);
	assert_true(zw_pcache_get("/articles/4", NULL, &b, tag1, &ct, &nm));
	assert_false(nm);
	assert_string_equal(b.p, "/articles/4");
	assert_string_equal(ct, "text/html");
	zw_buf_reset(&b);
	assert_true(zw_pcache_get("/articles/4", tag1, &b, tag1, &ct, &nm));
	assert_true(nm);
	assert_int_equal(b.len, 0);
	zw_buf_free(&b);
	/* a:4 drops that page, not a:41 (a tag matches whole) */
	assert_int_equal(zw_pcache_invalidate("a:4"), 1);
	assert_false(cached("/articles/4"));
	assert_true(cached("/articles/41"));
	assert_int_equal(zw_pcache_invalidate("pub"), 1);
	assert_false(cached("/"));
	assert_true(cached("/column/tzgg"));
	assert_int_equal(zw_pcache_invalidate("s:1"), 2);
	assert_true(cached("/site/x/"));
	assert_int_equal(zw_pcache_invalidate("nothing"), 0);
	/* a page rendered from data read before a change is not stored */
	e = zw_pcache_epoch();
	zw_pcache_invalidate("c:9");
	assert_false(zw_pcache_put("/column/x", ",c:9,", "text/html", "old", 3, e, etag));
	assert_false(cached("/column/x"));
	assert_true(zw_pcache_put("/column/x", ",c:9,", "text/html", "new", 3,
	    zw_pcache_epoch(), etag));
	zw_pcache_clear();
	assert_false(cached("/site/x/"));
}

static void
test_cache_is_bounded(void **state)
{
	struct zw_pcache_stats st;
	char key[64];
	int i;

	(void)state;
	zw_pcache_reset();
	for (i = 0; i < ZW_PORTAL_CACHE_ENTRIES + 100; i++) {
		snprintf(key, sizeof(key), "/articles/%d", i);
		put(key, ",a:x,");
		/* used just before the cache fills: 0 outlives 1, 2 ... */
		if (i == ZW_PORTAL_CACHE_ENTRIES - 1)
			assert_true(cached("/articles/0"));
	}
	zw_pcache_stats(&st);
	assert_int_equal(st.entries, ZW_PORTAL_CACHE_ENTRIES);
	assert_true(cached("/articles/0"));	/* kept: used since */
	assert_false(cached("/articles/1"));	/* the least recently used went */
	snprintf(key, sizeof(key), "/articles/%d", ZW_PORTAL_CACHE_ENTRIES + 99);
	assert_true(cached(key));
	zw_pcache_reset();
}

/* ---- with a database ---- */

struct fx {
	struct zwt_db t;
	zw_conn *c;
	zw_calendar *cal;
	int64_t gov, office, dept, clerk, leader, dclerk;
	int64_t main_site, dept_site, col_news, col_notice, col_dept;
	struct zw_actor ed, pub, ded, sys;
};

static int64_t
row_id(zw_conn *c, const char *sql, const char *t1, const char *t2, int64_t i3)
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
org(zw_conn *c, const char *code, const char *name, const char *uscc,
    const char *path)
{
	zw_stmt *s;
	int64_t id;

	assert_int_equal(zw_prepare(c, "INSERT INTO orgs (code, name, uscc, "
	    "region_code, path, created_at, updated_at) VALUES (?, ?, ?, '130100', "
	    "?, 0, 0) RETURNING id", &s), ZW_OK);
	zw_bind_text(s, 1, code, (size_t)-1);
	zw_bind_text(s, 2, name, (size_t)-1);
	zw_bind_text(s, 3, uscc, (size_t)-1);
	zw_bind_text(s, 4, path, (size_t)-1);
	assert_int_equal(zw_step(s), ZW_ROW);
	id = zw_col_int(s, 0);
	zw_reset(s);
	return id;
}

static struct zw_actor
mk_actor(int64_t id, const char *login, int64_t org_id, const char *path,
    const char *perms)
{
	struct zw_actor a = { 0 };

	a.id = id;
	a.login = login;
	a.org_id = org_id;
	a.org_path = path;
	a.scope = ZW_SCOPE_ORG;
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

	*state = f;
	if (zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	zw_clock_set("2026-09-21T09:00:00+08:00");
	f->cal = official_calendar();
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	f->gov = org(f->c, "sjz", "石家庄市人民政府", "11130100000000000A", "/00000001/");
	f->office = org(f->c, "sjz-office", "石家庄市人民政府办公室", "11130100000000001B",
	    "/00000001/00000002/");
	f->dept = org(f->c, "sjz-approval", "石家庄市行政审批局", "11130100000000002C",
	    "/00000001/00000003/");
	f->clerk = row_id(f->c, "INSERT INTO users (login, name, org_id, password_hash, "
	    "created_at, updated_at) VALUES (?, ?, ?, 'x', 0, 0) RETURNING id",
	    "li.na", "李娜", f->office);
	f->leader = row_id(f->c, "INSERT INTO users (login, name, org_id, password_hash, "
	    "created_at, updated_at) VALUES (?, ?, ?, 'x', 0, 0) RETURNING id",
	    "zhang.wei", "张伟", f->office);
	f->dclerk = row_id(f->c, "INSERT INTO users (login, name, org_id, password_hash, "
	    "created_at, updated_at) VALUES (?, ?, ?, 'x', 0, 0) RETURNING id",
	    "liu.yang", "刘洋", f->dept);
	f->ed = mk_actor(f->clerk, "li.na", f->office, "/00000001/00000002/",
	    ",portal.edit,");
	f->pub = mk_actor(f->leader, "zhang.wei", f->office, "/00000001/00000002/",
	    ",portal.publish,");
	f->pub.scope = ZW_SCOPE_ORG_TREE;
	f->ded = mk_actor(f->dclerk, "liu.yang", f->dept, "/00000001/00000003/",
	    ",portal.edit,");
	zw_portal_system_actor(&f->sys);
	si.org_id = f->gov;
	si.manager_org_id = f->office;
	si.is_main = 1;
	assert_int_equal(zw_site_create(f->c, &f->sys, &si, &f->main_site, &why), ZW_OK);
	memset(&si, 0, sizeof(si));
	si.org_id = f->dept;
	assert_int_equal(zw_site_create(f->c, &f->sys, &si, &f->dept_site, &why), ZW_OK);
	ci.site_id = f->main_site;
	ci.code = "yaowen";
	ci.name = "要闻动态";
	ci.kind = "news";
	ci.on_home = 1;
	assert_int_equal(zw_column_create(f->c, &f->sys, &ci, &f->col_news, &why), ZW_OK);
	ci.code = "tzgg";
	ci.name = "通知公告";
	ci.kind = "notice";
	assert_int_equal(zw_column_create(f->c, &f->sys, &ci, &f->col_notice, &why), ZW_OK);
	ci.site_id = f->dept_site;
	assert_int_equal(zw_column_create(f->c, &f->sys, &ci, &f->col_dept, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	zw_pcache_reset();
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
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
	zw_pcache_reset();
	return 0;
}

/* Draft (and submit) an article in a column as actor ed. */
static int64_t
draft(struct fx *f, const struct zw_actor *ed, int64_t col, const char *title,
    const char *created_on, bool submit)
{
	struct zw_article_in in = { 0 };
	struct zw_why why = { 0 };
	int64_t id;

	in.column_id = col;
	in.title = title;
	in.category = "other";
	in.body = "<p>正文</p>";
	in.created_on = created_on;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_create(f->c, ed, f->cal, &in, &id, &why), ZW_OK);
	if (submit)
		assert_int_equal(zw_article_submit(f->c, ed, id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	return id;
}

/* Publish as the leader; returns the rc (committed only on success).
 * OUT: index_no (may be NULL). */
static int
publish(struct fx *f, int64_t id, const char *index_no, int64_t at, char *out,
    struct zw_why *why)
{
	struct zw_publish_in p = { index_no, "{uscc}/{yyyy}-{nnnnn}", at };
	json_t *a;
	int rc;

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	rc = zw_article_publish(f->c, &f->pub, id, &p, why);
	if (rc != ZW_OK) {
		zw_tx_rollback(f->c);
		return rc;
	}
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	if (out != NULL) {
		assert_int_equal(zw_article_get(f->c, &f->pub, id, &a), ZW_OK);
		snprintf(out, 80, "%s", zw_json_str(a, "index_no"));
		json_decref(a);
	}
	return ZW_OK;
}

static void
test_index_no_unique(void **state)
{
	struct fx *f = *state;
	struct zw_why why = { 0 };
	char n1[80], n2[80], n3[80];
	int64_t a, b, c, d;

	a = draft(f, &f->ed, f->col_news, "第一条", "2026-09-01", true);
	b = draft(f, &f->ed, f->col_news, "第二条", "2026-09-02", true);
	c = draft(f, &f->ed, f->col_news, "第三条", "2025-12-30", true);
	d = draft(f, &f->ed, f->col_news, "第四条", "2026-09-03", true);
	assert_int_equal(publish(f, a, NULL, 0, n1, &why), ZW_OK);
	assert_string_equal(n1, "11130100000000000A/2026-00001");
	/* a hand-typed number is taken: refused with 409's code, nothing changed */
	assert_int_equal(publish(f, b, n1, 0, NULL, &why), ZW_ECONFLICT);
	assert_string_equal(why.code, "duplicate_index_no");
	/* the counter skips numbers typed by hand */
	assert_int_equal(publish(f, b, "11130100000000000A/2026-00002", 0, n2, &why), ZW_OK);
	assert_int_equal(publish(f, d, NULL, 0, n3, &why), ZW_OK);
	assert_string_equal(n3, "11130100000000000A/2026-00003");
	/* the year of 生成日期 has its own series */
	assert_int_equal(publish(f, c, NULL, 0, n3, &why), ZW_OK);
	assert_string_equal(n3, "11130100000000000A/2025-00001");
	/* the editor may not publish; a draft is not published before review */
	{
		struct zw_publish_in p = { NULL, "{uscc}/{yyyy}-{nnnnn}", 0 };
		int64_t e = draft(f, &f->ed, f->col_news, "第五条", NULL, false);

		assert_int_equal(zw_tx_begin(f->c), ZW_OK);
		assert_int_equal(zw_article_publish(f->c, &f->ed, e, &p, &why), ZW_EPERM);
		assert_int_equal(zw_article_publish(f->c, &f->pub, e, &p, &why), ZW_ESTATE);
		zw_tx_rollback(f->c);
	}
}

static void
test_reach(void **state)
{
	struct fx *f = *state;
	struct zw_article_in in = { 0 };
	struct zw_why why = { 0 };
	int64_t id;
	json_t *o;

	/* the main site is run by the office: a department clerk cannot post */
	in.column_id = f->col_news;
	in.title = "越权";
	in.category = "other";
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_create(f->c, &f->ded, f->cal, &in, &id, &why), ZW_EINVAL);
	assert_string_equal(why.code, "unknown_column");
	in.column_id = f->col_dept;
	assert_int_equal(zw_article_create(f->c, &f->ded, f->cal, &in, &id, &why), ZW_OK);
	zw_tx_rollback(f->c);
	id = draft(f, &f->ed, f->col_news, "办公室的稿件", NULL, false);
	assert_int_equal(zw_article_get(f->c, &f->ded, id, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_article_get(f->c, NULL, id, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_article_get(f->c, &f->ed, id, &o), ZW_OK);
	json_decref(o);
}

static void
test_monitor(void **state)
{
	struct fx *f = *state;
	struct zw_why why = { 0 };
	json_t *m, *it;
	size_t i;
	int64_t late, soon, fresh, pubd;
	bool seen_late = false, seen_soon = false, seen_fresh = false;

	/* today is 2026-09-21 (Monday) */
	late = draft(f, &f->ed, f->col_notice, "逾期", "2026-08-20", false);	/* due 09-17 */
	soon = draft(f, &f->ed, f->col_notice, "将到期", "2026-08-27", true);	/* due 09-23 */
	fresh = draft(f, &f->ed, f->col_notice, "新的", "2026-09-21", false);	/* due 10-26 */
	pubd = draft(f, &f->ed, f->col_notice, "已公开", "2026-08-20", true);
	assert_int_equal(publish(f, pubd, NULL, 0, NULL, &why), ZW_OK);
	assert_int_equal(zw_article_monitor(f->c, &f->ed, f->cal, D("2026-09-21"), &m),
	    ZW_OK);
	json_array_foreach(json_object_get(m, "overdue"), i, it) {
		assert_int_equal(zw_json_int(it, "id"), late);
		assert_string_equal(zw_json_str(it, "due_on"), "2026-09-17");
		/* 9/18, 9/20 (调休), 9/21 */
		assert_int_equal(zw_json_int(it, "days_over"), 3);
		seen_late = true;
	}
	json_array_foreach(json_object_get(m, "due_soon"), i, it) {
		assert_int_equal(zw_json_int(it, "id"), soon);
		assert_int_equal(zw_json_int(it, "days_left"), 2);	/* 9/22, 9/23 */
		seen_soon = true;
	}
	json_array_foreach(json_object_get(m, "late"), i, it) {
		assert_int_equal(zw_json_int(it, "id"), pubd);
		assert_int_equal(zw_json_int(it, "days_over"), 3);
		seen_fresh = true;
	}
	assert_true(seen_late && seen_soon && seen_fresh);
	(void)fresh;
	json_decref(m);
	/* out of reach: nothing */
	assert_int_equal(zw_article_monitor(f->c, &f->ded, f->cal, D("2026-09-21"), &m),
	    ZW_OK);
	assert_int_equal(json_array_size(json_object_get(m, "overdue")), 0);
	json_decref(m);
}

/* Pages as the public portal stores them, to see which a change drops. */
static void
store_pages(struct fx *f, int64_t article, int64_t other)
{
	char k[64], t[128];

	snprintf(t, sizeof(t), ",s:%lld,sh:%lld,pub,sites,", (long long)f->main_site,
	    (long long)f->main_site);
	put("/", t);
	snprintf(k, sizeof(k), "/articles/%lld", (long long)article);
	snprintf(t, sizeof(t), ",s:%lld,a:%lld,", (long long)f->main_site,
	    (long long)article);
	put(k, t);
	snprintf(k, sizeof(k), "/articles/%lld", (long long)other);
	snprintf(t, sizeof(t), ",s:%lld,a:%lld,", (long long)f->main_site,
	    (long long)other);
	put(k, t);
	snprintf(t, sizeof(t), ",s:%lld,c:%lld,", (long long)f->main_site,
	    (long long)f->col_news);
	put("/column/yaowen", t);
	snprintf(t, sizeof(t), ",s:%lld,c:%lld,", (long long)f->main_site,
	    (long long)f->col_notice);
	put("/column/tzgg", t);
	snprintf(t, sizeof(t), ",s:%lld,sh:%lld,", (long long)f->dept_site,
	    (long long)f->dept_site);
	put("/site/sjz-approval/", t);
}

static void
test_changes_drop_exactly_their_pages(void **state)
{
	struct fx *f = *state;
	struct zw_article_in in = { 0 };
	struct zw_why why = { 0 };
	char k[64], k2[64];
	int64_t a, b;

	a = draft(f, &f->ed, f->col_news, "甲", NULL, true);
	b = draft(f, &f->ed, f->col_news, "乙", NULL, true);
	assert_int_equal(publish(f, b, NULL, 0, NULL, &why), ZW_OK);
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
	snprintf(k, sizeof(k), "/articles/%lld", (long long)a);
	snprintf(k2, sizeof(k2), "/articles/%lld", (long long)b);

	/* a submission shows nowhere: nothing dropped */
	store_pages(f, a, b);
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
	assert_true(cached("/") && cached(k) && cached(k2) && cached("/column/tzgg"));

	/* publishing a: its page, its column, the home page; not the other
	 * article, the other column or the other site */
	assert_int_equal(publish(f, a, NULL, 0, NULL, &why), ZW_OK);
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
	assert_false(cached(k));
	assert_false(cached("/column/yaowen"));
	assert_false(cached("/"));
	assert_true(cached(k2));
	assert_true(cached("/column/tzgg"));
	assert_true(cached("/site/sjz-approval/"));

	/* a correction of b */
	store_pages(f, a, b);
	in.validity = "repealed";
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_update(f->c, &f->pub, f->cal, b, &in, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
	assert_false(cached(k2));
	assert_true(cached(k));
	assert_true(cached("/column/tzgg"));

	/* a rolled-back change drops nothing */
	store_pages(f, a, b);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_withdraw(f->c, &f->pub, a, "测试", &why), ZW_OK);
	zw_tx_rollback(f->c);
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
	assert_true(cached(k));

	/* withdrawal */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_withdraw(f->c, &f->pub, a, "内容有误", &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
	assert_false(cached(k));
	assert_true(cached(k2));

	/* a column renamed: every page of its site (the navigation), not the
	 * other site */
	store_pages(f, a, b);
	{
		struct zw_column_in ci = { 0 };

		ci.name = "新闻";
		ci.sort_order = -1;
		ci.on_home = -1;
		assert_int_equal(zw_tx_begin(f->c), ZW_OK);
		assert_int_equal(zw_column_update(f->c, &f->pub, f->col_news, &ci, &why),
		    ZW_OK);
		assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	}
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
	assert_false(cached(k2));
	assert_false(cached("/column/tzgg"));
	assert_true(cached("/site/sjz-approval/"));
}

/* Another app server's change reaches this one through the log, even
 * one whose sequence number is lower than one seen already (PostgreSQL
 * hands them out before commit). */
static void
test_change_log_between_servers(void **state)
{
	struct fx *f = *state;
	zw_stmt *s;
	int64_t top;

	put("/articles/901", ",a:901,");
	put("/articles/902", ",a:902,");
	put("/articles/903", ",a:903,");
	/* seq 1000 is written and seen first, 999 appears later */
	assert_int_equal(zw_prepare(f->c, "INSERT INTO portal_changes (seq, tag, at) "
	    "VALUES (?, ?, 0)", &s), ZW_OK);
	assert_int_equal(zw_query_int(f->c, "SELECT COALESCE(MAX(seq), 0) FROM "
	    "portal_changes", &top), ZW_OK);
	zw_bind_int(s, 1, top + 10);
	zw_bind_text(s, 2, "a:901", (size_t)-1);
	assert_int_equal(zw_step(s), ZW_OK);
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
	assert_false(cached("/articles/901"));
	assert_true(cached("/articles/902"));
	assert_int_equal(zw_prepare(f->c, "INSERT INTO portal_changes (seq, tag, at) "
	    "VALUES (?, ?, 0)", &s), ZW_OK);
	zw_bind_int(s, 1, top + 9);
	zw_bind_text(s, 2, "a:902", (size_t)-1);
	assert_int_equal(zw_step(s), ZW_OK);
	put("/articles/901", ",a:901,");
	assert_int_equal(zw_pcache_sync(f->c, true), ZW_OK);
	assert_false(cached("/articles/902"));
	assert_true(cached("/articles/901"));	/* a row is applied once */
	assert_true(cached("/articles/903"));
	/* a sync that is not forced waits ZW_PCACHE_SYNC_MS */
	assert_false(zw_pcache_sync_due());
}

static void
test_scheduled_publication(void **state)
{
	struct fx *f = *state;
	struct zw_why why = { 0 };
	int64_t id, n = -1;
	json_t *o;

	id = draft(f, &f->ed, f->col_news, "定时", NULL, true);
	assert_int_equal(publish(f, id, NULL, zw_now() + 3600, NULL, &why), ZW_OK);
	assert_int_equal(zw_article_get(f->c, NULL, id, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_publish_due(f->c, &n), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(n, 0);
	zw_clock_set("2026-09-21T10:00:00+08:00");
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_article_publish_due(f->c, &n), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(zw_article_get(f->c, NULL, id, &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "state"), "published");
	json_decref(o);
	zw_clock_set("2026-09-21T09:00:00+08:00");
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_index_no_format),
		cmocka_unit_test(test_disclosure_due_dates),
		cmocka_unit_test(test_cache_invalidates_by_tag),
		cmocka_unit_test(test_cache_is_bounded),
	};
	const struct CMUnitTest sqlite_tests[] = {
		BOTH(test_index_no_unique),
		BOTH(test_reach),
		BOTH(test_monitor),
		BOTH(test_changes_drop_exactly_their_pages),
		BOTH(test_change_log_between_servers),
		BOTH(test_scheduled_publication),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_index_no_unique),
		PG(test_reach),
		PG(test_monitor),
		PG(test_changes_drop_exactly_their_pages),
		PG(test_change_log_between_servers),
		PG(test_scheduled_publication),
	};
	int rc;

	zw_json_init();
	rc = cmocka_run_group_tests_name("portal", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("portal_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: portal_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("portal_pg", pg_tests, NULL, NULL);
	return rc;
}
