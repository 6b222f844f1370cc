/*
 * test_disclosure.c -- disclosure on request (src/disclosure/): the clock
 * of 政府信息公开条例 第三十、三十三条 counted by standards.md §10 over the
 * official 2026 calendar (receipt on a weekend, the clarification that
 * restarts the period, consultation days excluded across 国庆, the one
 * extension), the outcomes of 第三十六、三十七条 (standards.md §4), and
 * the whole handling on a store: SQLite and, when ZHENGWU_TEST_PG_URL is
 * set, PostgreSQL.
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
#include "base/ids.h"
#include "base/json.h"
#include "base/mem.h"
#include "crypto/sm2.h"
#include "crypto/sm4.h"
#include "disclosure/disclosure.h"
#include "store/migrate.h"
#include "store_fixture.h"

static zw_calendar *cal;

static zw_date
D(const char *s)
{
	zw_date d;

	assert_int_equal(zw_date_parse(s, &d), ZW_OK);
	return d;
}

static void
assert_date(zw_date d, const char *want)
{
	char got[11];

	zw_date_fmt(d, got, sizeof(got));
	assert_string_equal(got, want);
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

static struct zw_dclock_in
started(const char *on)
{
	struct zw_dclock_in in;

	memset(&in, 0, sizeof(in));
	in.start = D(on);
	return in;
}

/* ---- the clock (pure) ---- */

/* §4 第三十三条 + §10: 20 working days from the day after receipt; the
 * §10 worked example (2026-09-21 -> 2026-10-26 across 国庆). */
static void
test_s4_reply_within_20_working_days(void **state)
{
	struct zw_dclock_in in = started("2026-09-21");
	struct zw_dclock_out out;

	(void)state;
	zw_dclock_compute(cal, &in, D("2026-09-21"), &out);
	assert_true(out.has_due);
	assert_date(out.due, "2026-10-26");
	assert_int_equal(out.days_used, 0);
	assert_false(out.overdue);
	/* the last day is still in time; the next is overdue */
	zw_dclock_compute(cal, &in, D("2026-10-26"), &out);
	assert_false(out.overdue);
	assert_int_equal(out.days_used, 20);
	zw_dclock_compute(cal, &in, D("2026-10-27"), &out);
	assert_true(out.overdue);
	assert_int_equal(out.days_used, 21);
	/* answered after the due date: late, never silently */
	in.answered = true;
	in.answered_on = D("2026-10-27");
	zw_dclock_compute(cal, &in, D("2026-11-30"), &out);
	assert_true(out.late);
	assert_false(out.overdue);
	assert_int_equal(out.days_used, 21);
}

/* §4 第三十一条: an online request is received the day it is confirmed
 * (the platform's receipt), even a Saturday; §10 then counts from the
 * next day, working days only, so Friday, Saturday and Sunday receipts
 * share a due date and Monday's is one working day later. */
static void
test_s4_receipt_on_weekend(void **state)
{
	struct zw_dclock_out out;
	struct zw_dclock_in in;

	(void)state;
	in = started("2026-11-21");	/* Saturday */
	zw_dclock_compute(cal, &in, D("2026-11-21"), &out);
	assert_date(out.due, "2026-12-18");
	in = started("2026-11-20");	/* Friday */
	zw_dclock_compute(cal, &in, D("2026-11-21"), &out);
	assert_date(out.due, "2026-12-18");
	in = started("2026-11-23");	/* Monday */
	zw_dclock_compute(cal, &in, D("2026-11-23"), &out);
	assert_date(out.due, "2026-12-21");
}

/* §4 第三十条: the notice within 7 working days (国庆 excluded, the
 * 10/10 调休 Saturday counted); while waiting there is no due date; the
 * period restarts from the day the corrected request arrives. */
static void
test_s4_clarification_restarts_clock(void **state)
{
	struct zw_dclock_in in = started("2026-09-28");
	struct zw_dclock_out out;

	(void)state;
	assert_date(zw_dclock_clarify_deadline(cal, D("2026-09-28")), "2026-10-13");
	in.clarifying = true;
	zw_dclock_compute(cal, &in, D("2026-10-09"), &out);
	assert_false(out.has_due);
	assert_false(out.overdue);
	/* corrected on 2026-10-09 (Fri): 10/10 is a working day */
	in = started("2026-10-09");
	zw_dclock_compute(cal, &in, D("2026-10-09"), &out);
	assert_date(out.due, "2026-11-05");
}

/* §4 第三十二、三十四、三十三条: consultation days are excluded; here
 * 9/28-10/11 holds six working days (9/28, 9/29, 9/30, 10/8, 10/9 and the
 * 10/10 调休 Saturday; 国庆 10/1-10/7 are not working days); each
 * consultation counts at most 15 working days. */
static void
test_s4_consultation_excluded_with_holidays(void **state)
{
	struct zw_dclock_in in = started("2026-09-21");
	struct zw_dclock_out out;

	(void)state;
	assert_int_equal(zw_dclock_consult_days(cal, D("2026-09-28"), D("2026-10-12")), 6);
	assert_int_equal(zw_dclock_consult_days(cal, D("2026-09-28"), D("2026-09-28")), 0);
	assert_int_equal(zw_dclock_consult_days(cal, D("2026-09-01"), D("2026-12-01")),
	    ZW_DISC_CONSULT_MAX);
	/* closed consultation */
	in.paused_days = 6;
	zw_dclock_compute(cal, &in, D("2026-10-12"), &out);
	assert_date(out.due, "2026-11-03");
	assert_int_equal(out.paused_days, 6);
	/* running consultation: the days so far are paused */
	in.paused_days = 0;
	in.consulting = true;
	in.consult_since = D("2026-09-28");
	zw_dclock_compute(cal, &in, D("2026-10-12"), &out);
	assert_int_equal(out.paused_days, 6);
	assert_date(out.due, "2026-11-03");
	/* days used: (9/21, 10/12] holds 10 working days (中秋 9/25 off),
	 * 6 of them paused */
	assert_int_equal(out.days_used, 4);
}

/* §4 第三十三条: one extension of at most 20 working days. */
static void
test_s4_extension(void **state)
{
	struct zw_dclock_in in = started("2026-09-21");
	struct zw_dclock_out out;

	(void)state;
	in.extended_days = ZW_DISC_EXTEND_MAX;
	zw_dclock_compute(cal, &in, D("2026-10-27"), &out);
	assert_date(out.due, "2026-11-23");
	assert_false(out.overdue);
}

/* §4 第三十六、三十七条: the outcome list and what each needs. */
static void
test_s4_outcomes(void **state)
{
	struct zw_disc_answer a = { 0 };
	struct zw_why why = { 0 };

	(void)state;
	assert_int_equal(zw_disc_noutcomes, 8);
	assert_non_null(zw_disc_outcome("已主动公开"));
	assert_non_null(zw_disc_outcome("按特别规定办理"));
	assert_null(zw_disc_outcome("同意"));
	a.outcome = "同意";
	a.text = "x";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_EINVAL);
	assert_string_equal(why.code, "invalid_outcome");
	a.outcome = "予以公开";
	a.text = " ";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_EINVAL);
	assert_string_equal(why.code, "text_required");
	a.text = "所申请信息见附件。";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_OK);
	a.reason = "属于国家秘密";	/* a reason only for withholding */
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_EINVAL);
	assert_string_equal(why.code, "reason_not_allowed");
	a.outcome = "不予公开";
	a.reason = "机密";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_EINVAL);
	assert_string_equal(why.code, "invalid_reason");
	a.reason = "属于四类过程性信息";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_EINVAL);
	assert_string_equal(why.code, "legal_basis_required");
	a.legal_basis = "《中华人民共和国政府信息公开条例》第十六条第二款";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_OK);
	a.outcome = "部分公开";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_EINVAL);
	assert_string_equal(why.code, "parts_required");
	a.parts = "公开第一部分，第二部分不予公开";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_OK);
	memset(&a, 0, sizeof(a));
	a.outcome = "非本机关负责";
	a.text = "不属于本机关负责公开。";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_EINVAL);
	assert_string_equal(why.code, "refer_to_required");
	a.refer_to = "石家庄市自然资源和规划局，0311-00000000";
	assert_int_equal(zw_disc_check_answer(&a, &why), ZW_OK);
}

/* ---- on a store ---- */

struct fx {
	struct zwt_db t;
	zw_conn *c;
	int64_t org, other_org, clerk, leader;
	struct zw_actor anon, handler, head, outsider;
	struct zw_disc_env env;
	unsigned char key[ZW_SM4_KEY_LEN];
};

static int64_t
org_with_seal(struct fx *f, const char *code, const char *name, const char *path)
{
	zw_sm2_key *k = NULL;
	char *priv = NULL, *pub = NULL;
	unsigned char *enc = NULL;
	size_t enclen = 0;
	zw_stmt *s;
	int64_t id;

	assert_int_equal(zw_sm2_generate(&k), ZW_OK);
	assert_int_equal(zw_sm2_private_pem(k, &priv), ZW_OK);
	assert_int_equal(zw_sm2_public_pem(k, &pub), ZW_OK);
	assert_int_equal(zw_sm4_seal(f->key, priv, strlen(priv), &enc, &enclen), ZW_OK);
	assert_int_equal(zw_prepare(f->c, "INSERT INTO orgs (code, name, region_code, "
	    "path, sm2_public_pem, sm2_private_enc, created_at, updated_at) VALUES "
	    "(?, ?, '130100', ?, ?, ?, 0, 0) RETURNING id", &s), ZW_OK);
	zw_bind_text(s, 1, code, (size_t)-1);
	zw_bind_text(s, 2, name, (size_t)-1);
	zw_bind_text(s, 3, path, (size_t)-1);
	zw_bind_text(s, 4, pub, (size_t)-1);
	zw_bind_blob(s, 5, enc, enclen);
	assert_int_equal(zw_step(s), ZW_ROW);
	id = zw_col_int(s, 0);
	zw_reset(s);
	zw_free(enc);
	zw_free(priv);
	zw_free(pub);
	zw_sm2_free(k);
	return id;
}

static int64_t
user(zw_conn *c, const char *login, const char *name, int64_t org)
{
	zw_stmt *s;
	int64_t id;

	assert_int_equal(zw_prepare(c, "INSERT INTO users (login, name, org_id, "
	    "password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', 0, 0) "
	    "RETURNING id", &s), ZW_OK);
	zw_bind_text(s, 1, login, (size_t)-1);
	zw_bind_text(s, 2, name, (size_t)-1);
	zw_bind_int(s, 3, org);
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

	*state = f;
	if (zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	zw_clock_set("2026-09-21T09:00:00+08:00");
	memset(f->key, 7, sizeof(f->key));
	f->env.cal = cal;
	f->env.master_key = f->key;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	f->org = org_with_seal(f, "sjz-gov-office", "石家庄市人民政府办公室", "/00000001/");
	f->other_org = org_with_seal(f, "changan", "长安区人民政府", "/00000002/");
	f->clerk = user(f->c, "li.na", "李娜", f->org);
	f->leader = user(f->c, "wang.qiang", "王强", f->org);
	f->anon = mk_actor(0, "anonymous", 0, "", "");
	f->handler = mk_actor(f->clerk, "li.na", f->org, "/00000001/", ",disclosure.handle,");
	f->head = mk_actor(f->leader, "wang.qiang", f->org, "/00000001/",
	    ",disclosure.handle,disclosure.extend,");
	f->outsider = mk_actor(f->clerk, "li.na", f->other_org, "/00000002/",
	    ",disclosure.handle,disclosure.extend,");
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
	zwt_close(&f->t);
	zw_free(f);
	return 0;
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

static void
person_in(struct fx *f, struct zw_disc_in *in)
{
	memset(in, 0, sizeof(*in));
	in->org_id = f->org;
	in->applicant_kind = "person";
	in->name = "王建国";
	in->id_number = "130102198003150017";
	in->phone = "13800138000";
	in->description = "2026年石家庄市城市道路改造规划（石政办〔2026〕12号）";
	in->delivery = "电子邮件";
	in->email = "wjg@example.cn";
}

/* One call in a transaction of its own, committed when it succeeds. */
#define TX(f, call) do { \
	int rc_; \
	assert_int_equal(zw_tx_begin((f)->c), ZW_OK); \
	rc_ = (call); \
	if (rc_ == ZW_OK) \
		assert_int_equal(zw_tx_commit((f)->c), ZW_OK); \
	else \
		zw_tx_rollback((f)->c); \
	last_rc = rc_; \
} while (0)

static int last_rc;

static const char *
jstr(json_t *o, const char *path1, const char *key)
{
	json_t *v = path1 ? json_object_get(o, path1) : o;

	return json_string_value(json_object_get(v, key));
}

static json_t *
get(struct fx *f, const struct zw_actor *who, const char *no, const char *qc)
{
	json_t *o = NULL;

	assert_int_equal(zw_disc_get(f->c, who, &f->env, no, qc, &o), ZW_OK);
	return o;
}

/* §4 end to end: receipt (第三十一条), access by query code, one
 * clarification (第三十条), correction restarting the clock, a
 * consultation excluded (第三十二条), one extension by the head of the
 * office (第三十三条), partial disclosure (第三十七条) sealed, and the
 * figures of the annual report (第五十条, 30号 表三). */
static void
test_s4_handling_end_to_end(void **state)
{
	struct fx *f = *state;
	char no[ZW_DISC_NO_LEN], qc[ZW_DISC_CODE_LEN + 1], no2[ZW_DISC_NO_LEN];
	char qc2[ZW_DISC_CODE_LEN + 1];
	struct zw_disc_answer ans = { 0 };
	struct zw_why why = { 0 };
	struct zw_disc_in in;
	json_t *o, *rows, *row;
	size_t i;

	person_in(f, &in);
	TX(f, zw_disc_submit(f->c, &f->anon, &f->env, &in, no, qc, &why));
	assert_int_equal(last_rc, ZW_OK);
	assert_string_equal(no, "GK2026092100000001");
	o = get(f, &f->anon, no, qc);
	assert_string_equal(jstr(o, NULL, "received_on"), "2026-09-21");
	assert_string_equal(jstr(o, NULL, "due_date"), "2026-10-26");
	assert_string_equal(jstr(o, NULL, "channel"), "网上申请");
	assert_string_equal(jstr(o, NULL, "id_number"), "1301**********0017");
	assert_false(json_is_true(json_object_get(o, "staff_view")));
	json_decref(o);
	/* a wrong code, an unknown number, no code: the same not found */
	assert_int_equal(zw_disc_get(f->c, &f->anon, &f->env, no, "AAAAAAAA", &o),
	    ZW_ENOTFOUND);
	assert_int_equal(zw_disc_get(f->c, &f->anon, &f->env, "GK2026092199999999", qc,
	    &o), ZW_ENOTFOUND);
	assert_int_equal(zw_disc_get(f->c, &f->anon, &f->env, no, NULL, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_disc_get(f->c, &f->outsider, &f->env, no, NULL, &o),
	    ZW_ENOTFOUND);
	/* bad input changes nothing */
	in.id_number = "130102198003150018";
	TX(f, zw_disc_submit(f->c, &f->anon, &f->env, &in, no2, qc2, &why));
	assert_int_equal(last_rc, ZW_EINVAL);
	assert_string_equal(why.code, "invalid_id_number");
	person_in(f, &in);
	in.delivery = "电子邮件";
	in.email = NULL;
	TX(f, zw_disc_submit(f->c, &f->anon, &f->env, &in, no2, qc2, &why));
	assert_int_equal(last_rc, ZW_EINVAL);
	assert_string_equal(why.code, "email_required");
	person_in(f, &in);
	in.channel = "挂号信";	/* only staff record channels */
	TX(f, zw_disc_submit(f->c, &f->anon, &f->env, &in, no2, qc2, &why));
	assert_int_equal(last_rc, ZW_EPERM);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM disclosure_requests"), 1);

	/* 第三十条: one clarification within 7 working days */
	zw_clock_set("2026-09-22T10:00:00+08:00");
	TX(f, zw_disc_clarify(f->c, &f->handler, &f->env, no, "请写明文件的发文日期", &why));
	assert_int_equal(last_rc, ZW_OK);
	o = get(f, &f->handler, no, NULL);
	assert_true(json_is_null(json_object_get(o, "due_date")));
	assert_string_equal(jstr(o, NULL, "status"), "clarifying");
	json_decref(o);
	TX(f, zw_disc_clarify(f->c, &f->handler, &f->env, no, "再次告知", &why));
	assert_int_equal(last_rc, ZW_ECONFLICT);
	assert_string_equal(why.code, "already_clarified");
	/* the corrected request arrives 9/24: 20 working days from there */
	zw_clock_set("2026-09-24T10:00:00+08:00");
	TX(f, zw_disc_correct(f->c, &f->handler, &f->env, no, NULL, "发文日期为2026年3月", &why));
	assert_int_equal(last_rc, ZW_OK);
	o = get(f, &f->handler, no, NULL);
	assert_string_equal(jstr(o, NULL, "due_date"), "2026-10-29");
	assert_string_equal(jstr(o, NULL, "clock_start"), "2026-09-24");
	json_decref(o);

	/* 第三十二条: consult a third party 9/28 - 10/12: 6 working days */
	zw_clock_set("2026-09-28T10:00:00+08:00");
	TX(f, zw_disc_consult_start(f->c, &f->handler, &f->env, no, "第三方",
	    "某建设集团有限公司", &why));
	assert_int_equal(last_rc, ZW_OK);
	TX(f, zw_disc_answer(f->c, &f->handler, &f->env, no, &ans, &why));
	assert_int_equal(last_rc, ZW_ESTATE);	/* not while consulting */
	zw_clock_set("2026-10-12T10:00:00+08:00");
	TX(f, zw_disc_consult_end(f->c, &f->handler, &f->env, no, "第三方不同意公开其报价",
	    &why));
	assert_int_equal(last_rc, ZW_OK);
	o = get(f, &f->handler, no, NULL);
	assert_int_equal(json_integer_value(json_object_get(o, "paused_days")), 6);
	assert_string_equal(jstr(o, NULL, "due_date"), "2026-11-06");
	json_decref(o);

	/* 第三十三条: the extension needs the head of the office, once */
	TX(f, zw_disc_extend(f->c, &f->handler, &f->env, no, 10, "涉及多个部门", &why));
	assert_int_equal(last_rc, ZW_EPERM);
	TX(f, zw_disc_extend(f->c, &f->head, &f->env, no, 21, "涉及多个部门", &why));
	assert_int_equal(last_rc, ZW_EINVAL);
	TX(f, zw_disc_extend(f->c, &f->head, &f->env, no, 10, "", &why));
	assert_int_equal(last_rc, ZW_EINVAL);
	TX(f, zw_disc_extend(f->c, &f->head, &f->env, no, 10, "涉及多个部门", &why));
	assert_int_equal(last_rc, ZW_OK);
	TX(f, zw_disc_extend(f->c, &f->head, &f->env, no, 5, "再次延期", &why));
	assert_int_equal(last_rc, ZW_ECONFLICT);
	assert_string_equal(why.code, "already_extended");
	o = get(f, &f->handler, no, NULL);
	assert_string_equal(jstr(o, NULL, "due_date"), "2026-11-20");
	json_decref(o);

	/* 第三十七条: partial disclosure needs the parts */
	ans.outcome = "部分公开";
	ans.reason = "保护第三方合法权益";
	ans.legal_basis = "《中华人民共和国政府信息公开条例》第十五条、第三十七条";
	ans.text = "规划文本予以公开，见附件。";
	TX(f, zw_disc_answer(f->c, &f->handler, &f->env, no, &ans, &why));
	assert_int_equal(last_rc, ZW_EINVAL);
	assert_string_equal(why.code, "parts_required");
	ans.parts = "公开规划文本；施工单位报价不予公开";
	TX(f, zw_disc_answer(f->c, &f->handler, &f->env, no, &ans, &why));
	assert_int_equal(last_rc, ZW_OK);
	TX(f, zw_disc_answer(f->c, &f->handler, &f->env, no, &ans, &why));
	assert_int_equal(last_rc, ZW_ECONFLICT);
	o = get(f, &f->anon, no, qc);
	assert_string_equal(jstr(o, "answer", "outcome"), "部分公开");
	assert_false(json_is_true(json_object_get(json_object_get(o, "answer"), "late")));
	json_decref(o);
	assert_int_equal(zw_disc_reply(f->c, &f->anon, no, "AAAAAAAA", &o), ZW_ENOTFOUND);
	assert_int_equal(zw_disc_reply(f->c, &f->anon, no, qc, &o), ZW_OK);
	assert_true(json_is_true(json_object_get(o, "valid")));
	assert_string_equal(jstr(o, NULL, "no"), "GK2026092100000001-DF");
	assert_non_null(strstr(jstr(o, NULL, "body"), "施工单位报价不予公开"));
	json_decref(o);
	/* every change audited */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events WHERE action "
	    "LIKE 'disclosure.%'"), 7);

	/* 第五十条, 30号 表三: the year's figures */
	assert_int_equal(zw_disc_report(f->c, &f->env, 2026, false, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_disc_report(f->c, &f->env, 2026, true, &o), ZW_OK);
	rows = json_object_get(json_object_get(o, "requests"), "rows");
	json_array_foreach(rows, i, row) {
		const char *k = jstr(row, NULL, "key");
		json_int_t want = strcmp(k, "new") == 0 || strcmp(k, "partial") == 0 ||
		    strcmp(k, "answered_total") == 0 ? 1 : 0;
		json_t *cnt = json_object_get(row, "counts");

		if (!json_is_true(json_object_get(row, "tracked"))) {
			assert_true(json_is_null(json_object_get(cnt, "total")));
			continue;
		}
		assert_int_equal(json_integer_value(json_object_get(cnt, "total")), want);
		assert_int_equal(json_integer_value(json_object_get(cnt, "person")), want);
	}
	json_decref(o);
}

/* §4 第三十三条: an answer after the due date without extension is
 * allowed, recorded late and counted; extending is refused once overdue. */
static void
test_s4_late_answer_counted(void **state)
{
	struct fx *f = *state;
	char no[ZW_DISC_NO_LEN], qc[ZW_DISC_CODE_LEN + 1];
	struct zw_disc_answer ans = { 0 };
	struct zw_why why = { 0 };
	struct zw_disc_in in;
	json_t *o, *rows, *row;
	size_t i;
	int64_t n = -1;

	memset(&in, 0, sizeof(in));
	in.org_id = f->org;
	in.applicant_kind = "organization";
	in.org_type = "法律服务机构";
	in.name = "河北某律师事务所";
	in.uscc = "91130102400001010E";
	in.legal_rep = "张三";
	in.contact_name = "李四";
	in.phone = "0311-87654321";
	in.address = "石家庄市长安区中山东路1号";
	in.description = "2025年行政处罚决定书目录";
	in.delivery = "纸质";
	in.channel = "挂号信";
	in.received_on = "2026-09-18";
	TX(f, zw_disc_submit(f->c, &f->handler, &f->env, &in, no, qc, &why));
	assert_int_equal(last_rc, ZW_OK);
	o = get(f, &f->handler, no, NULL);
	assert_string_equal(jstr(o, NULL, "received_on"), "2026-09-18");
	assert_string_equal(jstr(o, NULL, "channel"), "挂号信");
	/* 9/20 (Sun) is a 调休 working day, 9/25 中秋 and 10/1-10/7 are not */
	assert_string_equal(jstr(o, NULL, "due_date"), "2026-10-22");
	json_decref(o);
	zw_clock_set("2026-10-26T10:00:00+08:00");
	assert_int_equal(zw_disc_overdue_count(f->c, &f->handler, &f->env, &n), ZW_OK);
	assert_int_equal(n, 1);
	TX(f, zw_disc_extend(f->c, &f->head, &f->env, no, 10, "来不及", &why));
	assert_int_equal(last_rc, ZW_ESTATE);
	ans.outcome = "信息不存在";
	ans.text = "经检索，本机关未制作或获取该信息。";
	TX(f, zw_disc_answer(f->c, &f->handler, &f->env, no, &ans, &why));
	assert_int_equal(last_rc, ZW_OK);
	o = get(f, &f->handler, no, NULL);
	assert_true(json_is_true(json_object_get(json_object_get(o, "answer"), "late")));
	assert_true(json_is_true(json_object_get(o, "late")));
	json_decref(o);
	assert_int_equal(zw_disc_overdue_count(f->c, &f->handler, &f->env, &n), ZW_OK);
	assert_int_equal(n, 0);
	assert_int_equal(zw_disc_report(f->c, &f->env, 2026, true, &o), ZW_OK);
	rows = json_object_get(json_object_get(o, "requests"), "rows");
	json_array_foreach(rows, i, row) {
		const char *k = jstr(row, NULL, "key");
		json_t *cnt = json_object_get(row, "counts");

		if (strcmp(k, "late") == 0 || strcmp(k, "unavailable_not_held") == 0 ||
		    strcmp(k, "new") == 0) {
			assert_int_equal(json_integer_value(json_object_get(cnt,
			    "legal_service")), 1);
			assert_int_equal(json_integer_value(json_object_get(cnt,
			    "person")), 0);
		}
	}
	json_decref(o);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

static int
load_regions(void)
{
	const struct zw_embed *e = zw_embed_find("share/regions.csv");

	return e == NULL ? -1 : zw_regions_load((const char *)e->data, e->len);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_s4_reply_within_20_working_days),
		cmocka_unit_test(test_s4_receipt_on_weekend),
		cmocka_unit_test(test_s4_clarification_restarts_clock),
		cmocka_unit_test(test_s4_consultation_excluded_with_holidays),
		cmocka_unit_test(test_s4_extension),
		cmocka_unit_test(test_s4_outcomes),
	};
	const struct CMUnitTest sqlite_tests[] = {
		BOTH(test_s4_handling_end_to_end),
		BOTH(test_s4_late_answer_counted),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_s4_handling_end_to_end),
		PG(test_s4_late_answer_counted),
	};
	int rc;

	zw_json_init();
	cal = official_calendar();
	if (load_regions() != ZW_OK) {
		fprintf(stderr, "regions not loaded\n");
		return 1;
	}
	rc = cmocka_run_group_tests_name("disclosure", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("disclosure_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: disclosure_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("disclosure_pg", pg_tests, NULL, NULL);
	zw_calendar_free(cal);
	return rc;
}
