/*
 * test_surveys.c -- 征集调查 (src/surveys): the answer check question by
 * question (unknown option, too many selections, text too long, ...),
 * the status by the clock, SVG escaping, and on SQLite and PostgreSQL
 * the whole round: draft, edit only while draft, publish, one response
 * per user and per browser, nothing stored on a refusal, the tally and
 * the CSV of responses.
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
#include "base/json.h"
#include "base/mem.h"
#include "store/migrate.h"
#include "store_fixture.h"
#include "surveys/surveys.h"

static const char *const QUESTIONS =
    "[{\"kind\":\"single\",\"title\":\"是否赞成\",\"options\":[\"赞成\",\"反对\"],"
    "\"required\":true},"
    "{\"kind\":\"multiple\",\"title\":\"关注\",\"options\":[\"甲\",\"乙\",\"丙\"],"
    "\"max_selections\":2},"
    "{\"kind\":\"text\",\"title\":\"意见\",\"max_length\":5}]";

static json_t *
J(const char *text)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);

	assert_non_null(v);
	return v;
}

/* Check answers (JSON text) against QUESTIONS; OUT: why. */
static int
check(const char *answers, struct zw_why *why)
{
	json_t *q = J(QUESTIONS), *a = J(answers);
	int rc;

	memset(why, 0, sizeof(*why));
	rc = zw_survey_check_answers(q, a, why);
	json_decref(q);
	json_decref(a);
	return rc;
}

static void
test_answer_check(void **state)
{
	struct zw_why why;

	(void)state;
	assert_int_equal(check("[1, [1, 3], \"好\"]", &why), ZW_OK);
	assert_int_equal(check("[2, [], null]", &why), ZW_OK);
	assert_int_equal(check("[2, null, \"\"]", &why), ZW_OK);
#define REFUSED(a, want_code, want_field) do { \
		assert_int_equal(check(a, &why), ZW_EINVAL); \
		assert_string_equal(why.code, want_code); \
		assert_string_equal(why.field, want_field); \
	} while (0)
	REFUSED("[3, [], null]", "unknown_option", "answers[0]");
	REFUSED("[0, [], null]", "unknown_option", "answers[0]");
	REFUSED("[1, [4], null]", "unknown_option", "answers[1]");
	REFUSED("[1, [1, 2, 3], null]", "too_many_selections", "answers[1]");
	REFUSED("[1, [2, 2], null]", "duplicate_option", "answers[1]");
	REFUSED("[1, [], \"一二三四五六\"]", "text_too_long", "answers[2]");
	REFUSED("[1, [], \"a\\u0001\"]", "invalid_text", "answers[2]");
	REFUSED("[null, [], null]", "answer_required", "answers[0]");
	REFUSED("[\"1\", [], null]", "wrong_type", "answers[0]");
	REFUSED("[1, 2, null]", "wrong_type", "answers[1]");
	REFUSED("[1, [], 5]", "wrong_type", "answers[2]");
	REFUSED("[1, []]", "wrong_count", "answers");
	REFUSED("{}", "wrong_count", "answers");
#undef REFUSED
	/* the message names the question, in Chinese */
	check("[1, [1, 2, 3], null]", &why);
	assert_string_equal(why.message, "第 2 题选择的选项过多");
	/* five characters are five, not fifteen bytes */
	assert_int_equal(check("[1, [], \"一二三四五\"]", &why), ZW_OK);
}

static void
test_status(void **state)
{
	(void)state;
	assert_string_equal(zw_survey_status("draft", 10, 20, 15), "draft");
	assert_string_equal(zw_survey_status("published", 10, 20, 9), "upcoming");
	assert_string_equal(zw_survey_status("published", 10, 20, 10), "open");
	assert_string_equal(zw_survey_status("published", 10, 20, 19), "open");
	assert_string_equal(zw_survey_status("published", 10, 20, 20), "closed");
	assert_string_equal(zw_survey_status_name("open"), "进行中");
}

static void
test_svg_escapes(void **state)
{
	json_t *q = J("{\"title\":\"<t>&\",\"options\":[{\"label\":\"<script>a&b</script>\","
	    "\"count\":3,\"percent\":75},{\"label\":\"\\\"引号'\",\"count\":1,"
	    "\"percent\":25}]}");
	zw_buf b;

	(void)state;
	zw_buf_init(&b, 1u << 16);
	assert_int_equal(zw_survey_svg(q, &b), ZW_OK);
	assert_non_null(strstr(b.p, "<title>&lt;t&gt;&amp;</title>"));
	assert_non_null(strstr(b.p, "&lt;script&gt;a&amp;b&lt;/script&gt;</text>"));
	assert_non_null(strstr(b.p, "&quot;引号&#39;</text>") != NULL ?
	    strstr(b.p, "&quot;引号&#39;</text>") : strstr(b.p, "&quot;引号&#x27;</text>"));
	assert_null(strstr(b.p, "<script>"));
	/* the longest bar is the full width, the others in proportion */
	assert_non_null(strstr(b.p, "width=\"340\" height=\"20\""));
	assert_non_null(strstr(b.p, "width=\"113\" height=\"20\""));
	assert_non_null(strstr(b.p, ">3（75%）</text>"));
	zw_buf_free(&b);
	json_decref(q);
}

/* ---- storage ---- */

struct fx {
	struct zwt_db t;
	zw_conn *c;
	int64_t org, other;
	struct zw_actor mgr, outsider, clerk;
};

static int64_t
org(zw_conn *c, const char *code, const char *path)
{
	zw_stmt *s;
	int64_t id;

	assert_int_equal(zw_prepare(c, "INSERT INTO orgs (code, name, region_code, "
	    "path, created_at, updated_at) VALUES (?, ?, '130100', ?, 0, 0) "
	    "RETURNING id", &s), ZW_OK);
	zw_bind_text(s, 1, code, (size_t)-1);
	zw_bind_text(s, 2, code, (size_t)-1);
	zw_bind_text(s, 3, path, (size_t)-1);
	assert_int_equal(zw_step(s), ZW_ROW);
	id = zw_col_int(s, 0);
	zw_reset(s);
	return id;
}

static struct zw_actor
actor(int64_t org_id, const char *path, const char *perms)
{
	struct zw_actor a = { 0 };

	a.id = 0;
	a.login = "tester";
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

	*state = f;
	if (zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	zw_clock_set("2026-09-21T09:00:00+08:00");
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	f->org = org(f->c, "sjz-office", "/00000001/");
	f->other = org(f->c, "sjz-psb", "/00000002/");
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	f->mgr = actor(f->org, "/00000001/", ",surveys.manage,");
	f->outsider = actor(f->other, "/00000002/", ",surveys.manage,");
	f->clerk = actor(f->org, "/00000001/", ",portal.edit,");
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

static int
respond(struct fx *f, int64_t id, int64_t user, const char *browser,
    const char *answers, struct zw_why *why)
{
	json_t *a = J(answers);
	int rc;

	memset(why, 0, sizeof(*why));
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	rc = zw_survey_respond(f->c, NULL, id, user, browser, "127.0.0.1", a, NULL,
	    why);
	if (rc == ZW_OK)
		assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	else
		zw_tx_rollback(f->c);
	json_decref(a);
	return rc;
}

static void
test_round(void **state)
{
	struct fx *f = *state;
	struct zw_why why = { 0 };
	json_t *in, *res, *patch;
	int64_t id;
	zw_buf csv;
	char sql[128];

	in = json_pack("{s:s, s:s, s:s, s:b, s:o}", "title", "征求意见",
	    "opens_at", "2026-09-21T08:00:00+08:00", "closes_at",
	    "2026-09-30T00:00:00+08:00", "anonymous", 1, "questions", J(QUESTIONS));
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	/* no right, or another organization's: refused */
	assert_int_equal(zw_survey_create(f->c, &f->clerk, in, &id, &why), ZW_EPERM);
	json_object_set_new(in, "org_id", json_integer(f->org));
	assert_int_equal(zw_survey_create(f->c, &f->outsider, in, &id, &why), ZW_EPERM);
	assert_string_equal(why.field, "org_id");
	assert_int_equal(zw_survey_create(f->c, &f->mgr, in, &id, &why), ZW_OK);
	/* a draft may change; responses to a draft do not exist */
	patch = json_pack("{s:s}", "title", "征求意见（修改）");
	assert_int_equal(zw_survey_update(f->c, &f->mgr, id, patch, &why), ZW_OK);
	assert_int_equal(zw_survey_update(f->c, &f->outsider, id, patch, &why),
	    ZW_ENOTFOUND);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(respond(f, id, 7, NULL, "[1, [], null]", &why), ZW_ENOTFOUND);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_survey_publish(f->c, &f->mgr, id, &why), ZW_OK);
	assert_int_equal(zw_survey_update(f->c, &f->mgr, id, patch, &why), ZW_ESTATE);
	assert_string_equal(why.code, "not_draft");
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	json_decref(patch);
	json_decref(in);
	/* the published survey is in the site search */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM site_search WHERE "
	    "type = 'survey' AND ref_id = %lld", (long long)id);
	assert_int_equal(scalar(f->c, sql), 1);

	/* one per user, one per browser; refusals store nothing */
	assert_int_equal(respond(f, id, 7, NULL, "[1, [1, 2], \"很好\"]", &why), ZW_OK);
	assert_int_equal(respond(f, id, 7, NULL, "[2, [], null]", &why), ZW_ECONFLICT);
	assert_string_equal(why.code, "already_responded");
	assert_int_equal(respond(f, id, 0, "b1", "[2, [3], \"a<b>\"]", &why), ZW_OK);
	assert_int_equal(respond(f, id, 0, "b1", "[2, [3], null]", &why), ZW_ECONFLICT);
	assert_int_equal(respond(f, id, 0, "b2", "[2, [1, 2, 3], null]", &why), ZW_EINVAL);
	assert_string_equal(why.field, "answers[1]");
	assert_int_equal(respond(f, id, 0, NULL, "[2, [], null]", &why), ZW_EPERM);
	assert_string_equal(why.code, "login_required");
	assert_int_equal(respond(f, id, 0, "b2", "[1, [], null]", &why), ZW_OK);
	assert_int_equal(scalar(f->c, "SELECT COUNT(*) FROM survey_responses"), 3);
	assert_int_equal(scalar(f->c, "SELECT COUNT(*) FROM survey_answers"), 8);
	/* every response and every change is in the audit log */
	assert_int_equal(scalar(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "action = 'survey.respond'"), 3);
	assert_int_equal(scalar(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "action IN ('survey.create', 'survey.update', 'survey.publish')"), 3);

	/* results: staff before closing (with texts), public only after */
	assert_int_equal(zw_survey_results(f->c, NULL, id, &res), ZW_ESTATE);
	assert_int_equal(zw_survey_results(f->c, &f->mgr, id, &res), ZW_OK);
	assert_int_equal(zw_json_int(res, "responses"), 3);
	{
		json_t *q0 = json_array_get(json_object_get(res, "questions"), 0);
		json_t *q1 = json_array_get(json_object_get(res, "questions"), 1);
		json_t *q2 = json_array_get(json_object_get(res, "questions"), 2);
		json_t *o;

		o = json_array_get(json_object_get(q0, "options"), 0);
		assert_int_equal(zw_json_int(o, "count"), 2);
		assert_int_equal(zw_json_int(o, "percent"), 67);
		o = json_array_get(json_object_get(q0, "options"), 1);
		assert_int_equal(zw_json_int(o, "count"), 1);
		assert_int_equal(zw_json_int(q1, "answered"), 2);
		o = json_array_get(json_object_get(q1, "options"), 2);
		assert_int_equal(zw_json_int(o, "count"), 1);
		assert_int_equal(zw_json_int(o, "percent"), 50);
		assert_int_equal(json_array_size(json_object_get(q2, "texts")), 2);
		assert_string_equal(json_string_value(json_array_get(
		    json_object_get(q2, "texts"), 1)), "a<b>");
	}
	json_decref(res);
	zw_buf_init(&csv, 1u << 20);
	assert_int_equal(zw_survey_csv(f->c, &f->outsider, id, &csv), ZW_ENOTFOUND);
	assert_int_equal(zw_survey_csv(f->c, &f->mgr, id, &csv), ZW_OK);
	assert_non_null(strstr(csv.p, "response_id,submitted_at,\"Q1 是否赞成\","
	    "\"Q2 关注\",\"Q3 意见\"\r\n"));
	assert_non_null(strstr(csv.p, ",2026-09-21T09:00:00+08:00,\"赞成\",\"甲；乙\","
	    "\"很好\"\r\n"));
	assert_non_null(strstr(csv.p, ",\"反对\",\"丙\",\"a<b>\"\r\n"));
	assert_non_null(strstr(csv.p, ",\"赞成\",\"\",\"\"\r\n"));
	zw_buf_free(&csv);

	/* closing: no more answers, results public without the texts */
	zw_clock_set("2026-09-30T00:00:00+08:00");
	assert_int_equal(respond(f, id, 9, NULL, "[1, [], null]", &why), ZW_ESTATE);
	assert_string_equal(why.code, "survey_closed");
	assert_int_equal(zw_survey_results(f->c, NULL, id, &res), ZW_OK);
	assert_null(json_object_get(json_array_get(json_object_get(res, "questions"),
	    2), "texts"));
	json_decref(res);
	assert_int_equal(scalar(f->c, "SELECT COUNT(*) FROM survey_responses"), 3);
	zw_clock_set("2026-09-21T09:00:00+08:00");
}

static void
test_not_open_yet(void **state)
{
	struct fx *f = *state;
	struct zw_why why = { 0 };
	json_t *in;
	int64_t id;

	in = json_pack("{s:s, s:s, s:s, s:o}", "title", "下月",
	    "opens_at", "2026-10-01T00:00:00+08:00", "closes_at",
	    "2026-10-10T00:00:00+08:00", "questions", J(QUESTIONS));
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_survey_create(f->c, &f->mgr, in, &id, &why), ZW_OK);
	assert_int_equal(zw_survey_publish(f->c, &f->mgr, id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	json_decref(in);
	assert_int_equal(respond(f, id, 7, NULL, "[1, [], null]", &why), ZW_ESTATE);
	assert_string_equal(why.code, "survey_not_open");
	assert_int_equal(scalar(f->c, "SELECT COUNT(*) FROM survey_responses"), 0);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_answer_check),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_svg_escapes),
	};
	const struct CMUnitTest sqlite_tests[] = {
		BOTH(test_round),
		BOTH(test_not_open_yet),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_round),
		PG(test_not_open_yet),
	};
	int rc;

	zw_json_init();
	rc = cmocka_run_group_tests_name("surveys", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("surveys_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: surveys_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("surveys_pg", pg_tests, NULL, NULL);
	return rc;
}
