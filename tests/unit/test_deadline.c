/*
 * test_deadline.c -- the application clock (src/approvals/deadline.c):
 * 行政许可法 time limits (standards.md §3.1) counted in working days by
 * the §10 rule over the official 2026 calendar.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "approvals/deadline.h"
#include "base/err.h"
#include "base/mem.h"

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

static int
setup(void **state)
{
	FILE *f = fopen("share/holidays/2026.txt", "rb");
	char buf[8192];
	size_t n;
	int errline = -1;

	(void)state;
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	cal = zw_calendar_new();
	assert_int_equal(zw_calendar_load(cal, buf, n, &errline), ZW_OK);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	zw_calendar_free(cal);
	return 0;
}

static struct zw_clock_in
accepted(const char *on, int promised, int legal)
{
	struct zw_clock_in in;

	memset(&in, 0, sizeof(in));
	in.accepted_on = D(on);
	in.promised_days = promised;
	in.legal_days = legal;
	return in;
}

/* §10 worked example: accepted 2026-09-21 (Mon), 20 working days, due at
 * the end of 2026-10-26 (国庆 10/1-10/7 off, 9/20 counted before, 10/10
 * Saturday a working day). */
static void
test_s10_worked_example(void **state)
{
	struct zw_clock_in in = accepted("2026-09-21", 20, 20);
	struct zw_clock_out out;

	(void)state;
	zw_clock_compute(cal, &in, D("2026-09-21"), 20, 5, &out);
	assert_date(out.promised, "2026-10-26");
	assert_date(out.legal, "2026-10-26");
	assert_date(out.yellow, "2026-10-27");
}

/* 第四十二条: promised 10 of a legal 20. */
static void
test_promised_and_legal(void **state)
{
	struct zw_clock_in in = accepted("2026-11-02", 10, 20);
	struct zw_clock_out out;

	(void)state;
	zw_clock_compute(cal, &in, D("2026-11-02"), 20, 5, &out);
	assert_date(out.promised, "2026-11-16");
	assert_date(out.legal, "2026-11-30");
	/* 预警 when fewer than 20% of 10 days (2) remain: the 10th day, on
	 * which one day remains. */
	assert_true(out.has_warn);
	assert_date(out.warn, "2026-11-16");
	assert_date(out.yellow, "2026-11-17");
	/* 红牌 after more than 5 working days late: 6th working day after. */
	assert_date(out.red, "2026-11-24");
}

/* The warning share: 20 days at 20% warns when 3 days remain. */
static void
test_warn_share(void **state)
{
	struct zw_clock_in in = accepted("2026-11-02", 20, 20);
	struct zw_clock_out out;

	(void)state;
	zw_clock_compute(cal, &in, D("2026-11-02"), 20, 5, &out);
	assert_date(out.promised, "2026-11-30");
	assert_date(out.warn, "2026-11-26");	/* 26, 27, 30 remain */
	zw_clock_compute(cal, &in, D("2026-11-02"), 50, 5, &out);
	assert_date(out.warn, "2026-11-18");	/* 9 of 20 remain: below 50% */
	/* A one-day period has no useful warning. */
	in = accepted("2026-11-02", 1, 20);
	zw_clock_compute(cal, &in, D("2026-11-02"), 20, 5, &out);
	assert_false(out.has_warn);
	assert_date(out.promised, "2026-11-03");
}

/* 红牌 is also due the day after the legal deadline when that comes first. */
static void
test_red_at_legal(void **state)
{
	struct zw_clock_in in = accepted("2026-11-02", 18, 20);
	struct zw_clock_out out;

	(void)state;
	zw_clock_compute(cal, &in, D("2026-11-02"), 20, 5, &out);
	assert_date(out.promised, "2026-11-26");
	assert_date(out.legal, "2026-11-30");
	assert_date(out.red, "2026-12-01");
}

/* 第四十五条: a hearing from Wed 11-04 to Mon 11-09 takes Wed, Thu, Fri
 * (3 working days) out of the clock. */
static void
test_suspension(void **state)
{
	struct zw_clock_in in = accepted("2026-11-02", 10, 20);
	struct zw_clock_out out;

	(void)state;
	assert_int_equal(zw_clock_paused_days(cal, D("2026-11-04"), D("2026-11-09")), 3);
	assert_int_equal(zw_clock_paused_days(cal, D("2026-11-04"), D("2026-11-04")), 0);
	assert_int_equal(zw_clock_paused_days(cal, D("2026-11-07"), D("2026-11-09")), 0);
	/* While running: paused until today. */
	in.suspended = true;
	in.suspended_since = D("2026-11-04");
	zw_clock_compute(cal, &in, D("2026-11-09"), 20, 5, &out);
	assert_date(out.promised, "2026-11-19");
	/* Closed: the same days recorded. */
	in.suspended = false;
	in.suspended_days = 3;
	zw_clock_compute(cal, &in, D("2026-11-20"), 20, 5, &out);
	assert_date(out.promised, "2026-11-19");
	assert_date(out.legal, "2026-12-03");
}

/* A suspension across the 国庆 holidays only counts working days. */
static void
test_suspension_over_holidays(void **state)
{
	(void)state;
	/* 9-30 (Wed) .. 10-09 (Fri): 9-30 and 10-08, 10-09 are working days. */
	assert_int_equal(zw_clock_paused_days(cal, D("2026-09-30"), D("2026-10-10")), 3);
}

/* 第四十二条: one extension of 10 days; joint handling 45 + 15. */
static void
test_extension_and_joint(void **state)
{
	struct zw_clock_in in = accepted("2026-09-21", 20, 20);
	struct zw_clock_out out;

	(void)state;
	in.extended_days = ZW_EXTEND_DAYS;
	zw_clock_compute(cal, &in, D("2026-09-21"), 20, 5, &out);
	assert_date(out.promised, "2026-11-09");
	assert_date(out.legal, "2026-11-09");
	in = accepted("2026-09-21", ZW_JOINT_DAYS, ZW_JOINT_DAYS);
	zw_clock_compute(cal, &in, D("2026-09-21"), 20, 5, &out);
	assert_date(out.legal, "2026-11-30");
	in.extended_days = ZW_JOINT_EXTEND_DAYS;
	zw_clock_compute(cal, &in, D("2026-09-21"), 20, 5, &out);
	assert_date(out.legal, "2026-12-21");
}

/* 第三十二条: 5 days to accept, refuse or notify; received on Friday
 * 2026-09-25, the 中秋 weekend and 国庆 push it to 10-09. */
static void
test_intake_deadline(void **state)
{
	(void)state;
	assert_date(zw_clock_intake_deadline(cal, D("2026-11-20")), "2026-11-27");
	assert_date(zw_clock_intake_deadline(cal, D("2026-09-25")), "2026-10-09");
	/* 2-13, 2-14 (Sat, 调休 working day), then 春节 2-15..2-23 off. */
	assert_date(zw_clock_intake_deadline(cal, D("2026-02-12")), "2026-02-26");
}

/* 即办件: due the day it is accepted; late means 红牌 the next day. */
static void
test_instant(void **state)
{
	struct zw_clock_in in = accepted("2026-11-20", 0, 20);
	struct zw_clock_out out;

	(void)state;
	zw_clock_compute(cal, &in, D("2026-11-20"), 20, 5, &out);
	assert_date(out.promised, "2026-11-20");
	assert_false(out.has_warn);
	assert_date(out.yellow, "2026-11-21");
	assert_date(out.red, "2026-11-21");
}

static void
test_days_used(void **state)
{
	(void)state;
	assert_int_equal(zw_clock_days_used(cal, D("2026-09-21"), D("2026-10-26"), 0), 20);
	assert_int_equal(zw_clock_days_used(cal, D("2026-09-21"), D("2026-10-26"), 3), 17);
	assert_int_equal(zw_clock_days_used(cal, D("2026-11-20"), D("2026-11-20"), 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s10_worked_example),
		cmocka_unit_test(test_promised_and_legal),
		cmocka_unit_test(test_warn_share),
		cmocka_unit_test(test_red_at_legal),
		cmocka_unit_test(test_suspension),
		cmocka_unit_test(test_suspension_over_holidays),
		cmocka_unit_test(test_extension_and_joint),
		cmocka_unit_test(test_intake_deadline),
		cmocka_unit_test(test_instant),
		cmocka_unit_test(test_days_used),
	};

	return cmocka_run_group_tests_name("deadline", tests, setup, teardown);
}
