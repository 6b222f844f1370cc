/*
 * test_letters.c -- the rules of letters (src/letters/): the reply
 * deadline per category in working days (standards.md §8) counted by
 * the §10 rule over the official calendar, masking of personal data for
 * publication, the stateless challenge (right answer, wrong answer,
 * expiry, tampering, another key), and, on SQLite and PostgreSQL, the
 * number and query code, the identical not-found, duplicate detection,
 * the workflow's states and its audit events.
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

#include "base/arena.h"
#include "base/clock.h"
#include "base/embed.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/str.h"
#include "letters/letters.h"
#include "portal/cache.h"
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

static struct zw_letters_env
default_env(const zw_calendar *cal)
{
	/* §8 (Guangdong example): 咨询 2, 建议 10, 投诉 15, 求助 10, 举报 15. */
	struct zw_letters_env env = { cal, { 2, 10, 15, 10, 15 } };

	return env;
}

static void
assert_due(const struct zw_letters_env *env, const char *cat, const char *from,
    const char *want)
{
	char got[11];

	zw_date_fmt(zw_letter_due(env, zw_letter_category(cat), D(from)), got,
	    sizeof(got));
	assert_string_equal(got, want);
}

/* ---- §8 deadlines counted by §10 ---- */

static void
test_due_per_category(void **state)
{
	zw_calendar *cal = official_calendar();
	struct zw_letters_env env = default_env(cal);

	(void)state;
	assert_int_equal(zw_letter_category("咨询"), 0);
	assert_int_equal(zw_letter_category("举报"), 4);
	assert_int_equal(zw_letter_category("表扬"), -1);
	assert_int_equal(zw_letter_category(NULL), -1);
	/* A plain week: Mon 2026-11-16 + 2 = Wed. */
	assert_due(&env, "咨询", "2026-11-16", "2026-11-18");
	/* Received on a Sunday: counting starts Monday. */
	assert_due(&env, "咨询", "2026-11-22", "2026-11-24");
	/* 中秋 9/25–27 off: Thu 9/24 + 2 = Tue 9/29. */
	assert_due(&env, "咨询", "2026-09-24", "2026-09-29");
	/* 中秋, 国庆 10/1–7 and the 10/10 (Sat) 调休 working day. */
	assert_due(&env, "建议", "2026-09-21", "2026-10-12");
	assert_due(&env, "求助", "2026-09-21", "2026-10-12");
	assert_due(&env, "投诉", "2026-09-21", "2026-10-19");
	assert_due(&env, "举报", "2026-09-21", "2026-10-19");
	/* 春节 2/15–23 off, 2/14 and 2/28 (Sat) working days. */
	assert_due(&env, "咨询", "2026-02-13", "2026-02-24");
	/* Configurable: 咨询 in 5. */
	env.days[0] = 5;
	assert_due(&env, "咨询", "2026-11-16", "2026-11-23");
	zw_calendar_free(cal);
}

/* ---- masking ---- */

static void
test_masking(void **state)
{
	zw_arena *a = zw_arena_new();

	(void)state;
	assert_string_equal(zw_letter_mask_name(a, "王建国"), "王**");
	assert_string_equal(zw_letter_mask_name(a, "Li"), "L**");
	assert_string_equal(zw_letter_mask_name(a, ""), "匿名");
	assert_string_equal(zw_letter_mask_text(a,
	    "电话13812345678，身份证130102198003150017。"),
	    "电话138****5678，身份证1301**********0017。");
	/* An ID number ending in X (either case). */
	assert_string_equal(zw_letter_mask_text(a, "证件11010519491231002X"),
	    "证件1101**********002X");
	assert_string_equal(zw_letter_mask_text(a, "证件11010519491231002x"),
	    "证件1101**********002x");
	/* Runs of other lengths stay: amounts, dates, 12-digit numbers, and
	 * 11 digits not starting with 1. */
	assert_string_equal(zw_letter_mask_text(a,
	    "2026年9月21日缴费3000元，账号123456789012，号码23812345678"),
	    "2026年9月21日缴费3000元，账号123456789012，号码23812345678");
	/* At the edges of the text, and two in a row separated by a space. */
	assert_string_equal(zw_letter_mask_text(a, "13812345678 13987654321"),
	    "138****5678 139****4321");
	assert_string_equal(zw_letter_mask_text(a, ""), "");
	assert_string_equal(zw_letter_mask_text(a, NULL), "");
	zw_arena_free(a);
}

/* ---- challenge ---- */

static long long
answer_of(const char *q)
{
	long long x = 0, y = 0;

	assert_int_equal(sscanf(q, "%lld 加 %lld", &x, &y), 2);
	return x + y;
}

static void
test_challenge(void **state)
{
	static const char key[] = "0123456789abcdef0123456789abcdef";
	char q[64], t[ZW_LETTER_TOKEN_MAX], ans[24], bad[24], tok2[ZW_LETTER_TOKEN_MAX];
	int64_t now = 1790000000;
	size_t n;

	(void)state;
	zw_letter_challenge_new(key, 32, now, q, sizeof(q), t, sizeof(t));
	snprintf(ans, sizeof(ans), "%lld", answer_of(q));
	snprintf(bad, sizeof(bad), "%lld", answer_of(q) + 1);
	assert_true(zw_letter_challenge_ok(key, 32, now, t, ans));
	assert_true(zw_letter_challenge_ok(key, 32, now + ZW_LETTER_CHALLENGE_TTL, t, ans));
	/* Wrong answer, expired, another key, no answer. */
	assert_false(zw_letter_challenge_ok(key, 32, now, t, bad));
	assert_false(zw_letter_challenge_ok(key, 32, now + ZW_LETTER_CHALLENGE_TTL + 1,
	    t, ans));
	assert_false(zw_letter_challenge_ok("another key of 32 bytes.........", 32,
	    now, t, ans));
	assert_false(zw_letter_challenge_ok(key, 32, now, t, ""));
	assert_false(zw_letter_challenge_ok(key, 32, now, t, NULL));
	assert_false(zw_letter_challenge_ok(key, 32, now, NULL, ans));
	/* Tampered: a later expiry, a changed nonce, a changed MAC. */
	zw_strlcpy(tok2, t, sizeof(tok2));
	tok2[0] = tok2[0] == '9' ? '8' : '9';
	assert_false(zw_letter_challenge_ok(key, 32, now, tok2, ans));
	zw_strlcpy(tok2, t, sizeof(tok2));
	n = strlen(tok2);
	tok2[11] = tok2[11] == 'a' ? 'b' : 'a';
	assert_false(zw_letter_challenge_ok(key, 32, now, tok2, ans));
	zw_strlcpy(tok2, t, sizeof(tok2));
	tok2[n - 1] = tok2[n - 1] == '0' ? '1' : '0';
	assert_false(zw_letter_challenge_ok(key, 32, now, tok2, ans));
	assert_false(zw_letter_challenge_ok(key, 32, now, "garbage", ans));
	assert_false(zw_letter_challenge_ok(key, 32, now, "1.2.3", ans));
}

/* ---- storage, both backends ---- */

struct fx {
	struct zwt_db t;
	zw_conn *c;
	zw_calendar *cal;
	int64_t gov, office, dept;
	struct zw_actor anon, clerk, dclerk;
};

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

static int64_t
count(zw_conn *c, const char *sql)
{
	zw_stmt *s;
	int64_t n;

	assert_int_equal(zw_prepare(c, sql, &s), ZW_OK);
	assert_int_equal(zw_step(s), ZW_ROW);
	n = zw_col_int(s, 0);
	zw_reset(s);
	return n;
}

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));
	zw_stmt *s;

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
	f->office = org(f->c, "sjz-office", "石家庄市人民政府办公室",
	    "11130100000000001B", "/00000001/00000002/");
	f->dept = org(f->c, "sjz-approval", "石家庄市行政审批局", "11130100000000002C",
	    "/00000001/00000003/");
	/* The government's site is run by its office, with a mayor. */
	assert_int_equal(zw_prepare(f->c, "INSERT INTO portal_sites (org_id, "
	    "manager_org_id, is_main, leaders, created_at, updated_at) VALUES "
	    "(?, ?, 1, '[{\"name\":\"李明\",\"title\":\"市长\",\"duties\":\"\"}]', 0, 0)",
	    &s), ZW_OK);
	zw_bind_int(s, 1, f->gov);
	zw_bind_int(s, 2, f->office);
	assert_int_equal(zw_step(s), ZW_OK);
	f->anon.login = "anonymous";
	f->anon.ip = "10.0.0.1";
	f->anon.request_id = "";
	f->clerk.id = user(f->c, "li.na", f->office);
	f->clerk.login = "li.na";
	f->clerk.org_id = f->office;
	f->clerk.org_path = "/00000001/00000002/";
	f->clerk.scope = ZW_SCOPE_ORG;
	f->clerk.perms = ",letters.handle,";
	f->clerk.ip = "";
	f->clerk.request_id = "";
	f->dclerk = f->clerk;
	f->dclerk.id = user(f->c, "liu.yang", f->dept);
	f->dclerk.login = "liu.yang";
	f->dclerk.org_id = f->dept;
	f->dclerk.org_path = "/00000001/00000003/";
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
	zw_pcache_reset();
	return 0;
}

static int
submit(struct fx *f, const char *cat, const char *phone, const char *ip,
    const char *content, char no[ZW_LETTER_NO_LEN],
    char code[ZW_LETTER_CODE_LEN + 1], struct zw_why *why)
{
	struct zw_letters_env env = default_env(f->cal);
	struct zw_letter_in in = { 0 };
	int64_t id = 0;
	int rc;

	in.category = cat;
	in.target_org_id = f->gov;
	in.leader = "李明";
	in.name = "王建国";
	in.phone = phone;
	in.subject = "公交线路";
	in.content = content;
	in.public_consent = true;
	in.client_ip = ip;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	rc = zw_letter_submit(f->c, &f->anon, &env, &in, no, code, &id, why);
	if (rc == ZW_OK)
		assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	else
		assert_int_equal(zw_tx_rollback(f->c), ZW_OK);
	return rc;
}

static void
test_submit_and_query(void **state)
{
	struct fx *f = *state;
	char no[ZW_LETTER_NO_LEN], code[ZW_LETTER_CODE_LEN + 1];
	struct zw_why why = { 0 };
	json_t *o = NULL;

	assert_int_equal(submit(f, "投诉", "13812345678", "10.0.0.1", "内容一", no,
	    code, &why), ZW_OK);
	assert_int_equal(strncmp(no, "XJ20260921", 10), 0);
	assert_int_equal(strlen(no), 18);
	assert_int_equal(strlen(code), ZW_LETTER_CODE_LEN);
	assert_int_equal(zw_letter_writer_view(f->c, &f->anon, no, code, &o, NULL), ZW_OK);
	assert_string_equal(zw_json_str(o, "due_date"), "2026-10-19");
	assert_string_equal(zw_json_str(o, "status"), "submitted");
	/* The receiving office is the site's manager. */
	assert_int_equal(zw_json_int(o, "office_org_id"), f->office);
	assert_int_equal(zw_json_int(o, "handler_org_id"), f->office);
	json_decref(o);
	/* Wrong code, unknown number, no code: all ZW_ENOTFOUND. */
	assert_int_equal(zw_letter_writer_view(f->c, &f->anon, no, "AAAAAAAA", &o,
	    NULL), ZW_ENOTFOUND);
	assert_int_equal(zw_letter_writer_view(f->c, &f->anon, "XJ2026092199999999",
	    code, &o, NULL), ZW_ENOTFOUND);
	assert_int_equal(zw_letter_writer_view(f->c, &f->anon, no, NULL, &o, NULL),
	    ZW_ENOTFOUND);
	/* Only the hash is stored. */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM letters WHERE "
	    "length(query_code_hash) = 64"), 1);
	/* An unknown leader is refused. */
	{
		struct zw_letters_env env = default_env(f->cal);
		struct zw_letter_in in = { "咨询", f->gov, "张三", "王", "13800000000",
			"s", "c", false, "" };
		int64_t id;

		assert_int_equal(zw_tx_begin(f->c), ZW_OK);
		assert_int_equal(zw_letter_submit(f->c, &f->anon, &env, &in, no, code,
		    &id, &why), ZW_EINVAL);
		assert_string_equal(why.code, "invalid_leader");
		assert_int_equal(zw_tx_rollback(f->c), ZW_OK);
	}
}

static void
test_duplicates(void **state)
{
	struct fx *f = *state;
	char no[ZW_LETTER_NO_LEN], code[ZW_LETTER_CODE_LEN + 1];
	struct zw_why why = { 0 };

	assert_int_equal(submit(f, "咨询", "13812345678", "10.0.0.1", "同样的内容",
	    no, code, &why), ZW_OK);
	/* Same content: same phone from elsewhere, or same IP with another
	 * phone, is a duplicate. */
	assert_int_equal(submit(f, "咨询", "13812345678", "10.0.0.2", "同样的内容",
	    no, code, &why), ZW_ECONFLICT);
	assert_string_equal(why.code, "duplicate_letter");
	assert_int_equal(submit(f, "建议", "13900000000", "10.0.0.1", "同样的内容",
	    no, code, &why), ZW_ECONFLICT);
	/* Another writer elsewhere may send the same words. */
	assert_int_equal(submit(f, "咨询", "13900000000", "10.0.0.2", "同样的内容",
	    no, code, &why), ZW_OK);
	/* Other content from the same phone is fine. */
	assert_int_equal(submit(f, "咨询", "13812345678", "10.0.0.1", "别的内容",
	    no, code, &why), ZW_OK);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM letters"), 3);
	/* After 24 hours the same content is accepted again. */
	zw_clock_set("2026-09-22T09:00:01+08:00");
	assert_int_equal(submit(f, "咨询", "13812345678", "10.0.0.1", "同样的内容",
	    no, code, &why), ZW_OK);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM letters"), 4);
}

static void
test_workflow(void **state)
{
	struct fx *f = *state;
	char no[ZW_LETTER_NO_LEN], code[ZW_LETTER_CODE_LEN + 1];
	struct zw_why why = { 0 };
	int64_t id = 0, open = 0, late = 0;
	json_t *o = NULL, *stats = NULL;

	assert_int_equal(submit(f, "咨询", "13812345678", "10.0.0.1",
	    "电话13812345678", no, code, &why), ZW_OK);
	/* The department cannot see it before it is routed there. */
	assert_int_equal(zw_letter_find(f->c, &f->dclerk, no, &id), ZW_ENOTFOUND);
	assert_int_equal(zw_letter_find(f->c, &f->clerk, no, &id), ZW_OK);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_letter_publish(f->c, &f->clerk, id, &why), ZW_ESTATE);
	assert_int_equal(zw_letter_route(f->c, &f->clerk, id, f->dept, "职责", &why),
	    ZW_OK);
	assert_int_equal(zw_letter_reply(f->c, &f->clerk, id, "答复", &why), ZW_EPERM);
	assert_int_equal(zw_letter_reply(f->c, &f->dclerk, id, "答复", &why), ZW_OK);
	assert_int_equal(zw_letter_reply(f->c, &f->dclerk, id, "答复", &why), ZW_ESTATE);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	/* Rate once. */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_letter_rate(f->c, &f->anon, no, "AAAAAAAA", "满意", &why),
	    ZW_ENOTFOUND);
	assert_int_equal(zw_letter_rate(f->c, &f->anon, no, code, "满意", &why), ZW_OK);
	assert_int_equal(zw_letter_rate(f->c, &f->anon, no, code, "不满意", &why),
	    ZW_ESTATE);
	assert_int_equal(zw_letter_publish(f->c, &f->dclerk, id, &why), ZW_OK);
	assert_int_equal(zw_letter_publish(f->c, &f->dclerk, id, &why), ZW_ESTATE);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	/* Every state change audited: submit, route, reply, rate, publish. */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "object_type = 'letter'"), 5);
	/* Public view: masked. */
	assert_int_equal(zw_letter_public(f->c, no, &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "name"), "王**");
	assert_string_equal(zw_json_str(o, "content"), "电话138****5678");
	assert_null(json_object_get(o, "phone"));
	json_decref(o);
	/* Published: in the site search as the public sees it (masked). */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM site_search WHERE "
	    "type = 'letter'"), 1);
	{
		char sql[160];

		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM site_search WHERE "
		    "type = 'letter' AND url = '/letters/%s'", no);
		assert_int_equal(count(f->c, sql), 1);
	}
	/* Overdue: an unanswered 咨询 after its due date (9/23). */
	assert_int_equal(submit(f, "咨询", "13812345678", "10.0.0.1", "第二封", no,
	    code, &why), ZW_OK);
	assert_int_equal(zw_letter_counts(f->c, &f->clerk, &open, &late), ZW_OK);
	assert_int_equal(open, 1);
	assert_int_equal(late, 0);
	zw_clock_set("2026-09-24T09:00:00+08:00");
	assert_int_equal(zw_letter_counts(f->c, &f->clerk, &open, &late), ZW_OK);
	assert_int_equal(late, 1);
	assert_int_equal(zw_letter_stats(f->c, D("2026-01-01"), D("2026-09-24"),
	    &stats), ZW_OK);
	assert_int_equal(zw_json_int(stats, "received"), 2);
	assert_int_equal(zw_json_int(stats, "replied"), 1);
	assert_int_equal(zw_json_int(stats, "overdue"), 1);
	assert_string_equal(zw_json_str(stats, "on_time_rate"), "100.0%");
	json_decref(stats);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_due_per_category),
		cmocka_unit_test(test_masking),
		cmocka_unit_test(test_challenge),
	};
	const struct CMUnitTest sqlite_tests[] = {
		BOTH(test_submit_and_query),
		BOTH(test_duplicates),
		BOTH(test_workflow),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_submit_and_query),
		PG(test_duplicates),
		PG(test_workflow),
	};
	int rc;

	zw_json_init();
	rc = cmocka_run_group_tests_name("letters", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("letters_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: letters_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("letters_pg", pg_tests, NULL, NULL);
	return rc;
}
