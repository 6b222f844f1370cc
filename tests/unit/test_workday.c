/*
 * test_workday.c -- the working-day calendar and the deadline counting
 * rule of standards.md §10, with the official 2025 and 2026 calendars
 * read from data/holidays/ (tests run from the repo root).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/workday.h"

/* Whole file into a zw_malloc'd, NUL-terminated buffer; OUT: *n. */
static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, len = 0, got;

	assert_non_null(f);
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			p = zw_realloc(p, cap);
		}
		got = fread(p + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	fclose(f);
	p[len] = '\0';
	*n = len;
	return p;
}

static void
load_file(zw_calendar *c, const char *path)
{
	size_t n;
	char *text = slurp(path, &n);
	int errline = -1;

	assert_int_equal(zw_calendar_load(c, text, n, &errline), ZW_OK);
	assert_int_equal(errline, 0);
	zw_free(text);
}

/* Setup: a calendar with both official years. */
static int
setup_official(void **state)
{
	zw_calendar *c = zw_calendar_new();

	load_file(c, "share/holidays/2025.txt");
	load_file(c, "share/holidays/2026.txt");
	*state = c;
	return 0;
}

static int
teardown_calendar(void **state)
{
	zw_calendar_free(*state);
	return 0;
}

static zw_date
D(const char *s)
{
	zw_date d;

	if (zw_date_parse(s, &d) != ZW_OK)
		fail_msg("bad test date %s", s);
	return d;
}

static void
assert_date(zw_date got, const char *want)
{
	char buf[16];

	zw_date_fmt(got, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void
test_sec10_worked_example_20_days_from_2026_09_21(void **state)
{
	zw_calendar *c = *state;

	/* Accepted Mon 2026-09-21, 20 working days: due end of 10-26. */
	assert_date(zw_add_working_days(c, D("2026-09-21"), 20), "2026-10-26");
	assert_int_equal(zw_working_days_between(c, D("2026-09-21"),
	    D("2026-10-26")), 20);
	assert_int_equal(zw_working_days_between(c, D("2026-09-21"),
	    D("2026-10-25")), 19);
}

static void
test_sec10_2026_tiaoxiu_weekend_days_are_working(void **state)
{
	zw_calendar *c = *state;

	assert_true(zw_is_working_day(c, D("2026-01-04")));	/* Sun */
	assert_true(zw_is_working_day(c, D("2026-02-14")));	/* Sat */
	assert_true(zw_is_working_day(c, D("2026-02-28")));	/* Sat */
	assert_true(zw_is_working_day(c, D("2026-05-09")));	/* Sat */
	assert_true(zw_is_working_day(c, D("2026-09-20")));	/* Sun */
	assert_true(zw_is_working_day(c, D("2026-10-10")));	/* Sat */
	/* Their neighbours stay weekends. */
	assert_false(zw_is_working_day(c, D("2026-02-07")));
	assert_false(zw_is_working_day(c, D("2026-10-11")));
	assert_string_equal(zw_calendar_name(c, D("2026-02-14")),
	    "春节调休上班");
}

static void
test_sec10_2026_holiday_blocks_are_off(void **state)
{
	static const char *const off[] = {
		"2026-01-01", "2026-01-02", "2026-01-03",
		"2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18",
		"2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22",
		"2026-02-23",
		"2026-04-04", "2026-04-05", "2026-04-06",
		"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04",
		"2026-05-05",
		"2026-06-19", "2026-06-20", "2026-06-21",
		"2026-09-25", "2026-09-26", "2026-09-27",
		"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
		"2026-10-05", "2026-10-06", "2026-10-07",
	};
	zw_calendar *c = *state;
	size_t i;

	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		if (zw_is_working_day(c, D(off[i])))
			fail_msg("%s should be off", off[i]);
	assert_string_equal(zw_calendar_name(c, D("2026-02-17")), "春节");
	assert_true(zw_is_working_day(c, D("2026-02-24")));	/* Tue */
	assert_true(zw_is_working_day(c, D("2026-10-08")));	/* Thu */
	assert_null(zw_calendar_name(c, D("2026-03-03")));
}

static void
test_sec10_2025_calendar(void **state)
{
	zw_calendar *c = *state;

	assert_false(zw_is_working_day(c, D("2025-01-01")));
	assert_true(zw_is_working_day(c, D("2025-01-26")));	/* Sun */
	assert_false(zw_is_working_day(c, D("2025-01-28")));
	assert_false(zw_is_working_day(c, D("2025-02-04")));
	assert_true(zw_is_working_day(c, D("2025-02-05")));
	assert_true(zw_is_working_day(c, D("2025-02-08")));	/* Sat */
	assert_true(zw_is_working_day(c, D("2025-04-27")));	/* Sun */
	assert_false(zw_is_working_day(c, D("2025-05-05")));
	assert_false(zw_is_working_day(c, D("2025-06-02")));
	assert_true(zw_is_working_day(c, D("2025-09-28")));	/* Sun */
	assert_false(zw_is_working_day(c, D("2025-10-08")));
	assert_true(zw_is_working_day(c, D("2025-10-11")));	/* Sat */
	/* 2025: 261 weekdays - 18 holidays on weekdays + 5 调休 = 248. */
	assert_int_equal(zw_working_days_between(c, D("2024-12-31"),
	    D("2025-12-31")), 248);
}

static void
test_sec10_span_across_2026_spring_festival(void **state)
{
	zw_calendar *c = *state;

	assert_date(zw_add_working_days(c, D("2026-02-12"), 1), "2026-02-13");
	assert_date(zw_add_working_days(c, D("2026-02-12"), 2), "2026-02-14");
	assert_date(zw_add_working_days(c, D("2026-02-12"), 3), "2026-02-24");
	/* From inside the holiday: the first working day after it. */
	assert_date(zw_add_working_days(c, D("2026-02-18"), 1), "2026-02-24");
	/* 10 working days from Fri 02-06: 02-09..13, 02-14 (Sat), 02-24..27. */
	assert_date(zw_add_working_days(c, D("2026-02-06"), 10), "2026-02-27");
	assert_date(zw_add_working_days(c, D("2026-02-06"), 11), "2026-02-28");
	assert_date(zw_add_working_days(c, D("2026-02-06"), 12), "2026-03-02");
	assert_int_equal(zw_working_days_between(c, D("2026-02-13"),
	    D("2026-02-27")), 5);
}

static void
test_counting_rule_starts_day_after(void **state)
{
	zw_calendar *c = *state;

	/* n = 0 is the event day itself, even when it is not working. */
	assert_date(zw_add_working_days(c, D("2026-10-03"), 0), "2026-10-03");
	assert_date(zw_add_working_days(c, D("2026-03-06"), -5), "2026-03-06");
	/* Fri + 1 = Mon: the event day never counts. */
	assert_date(zw_add_working_days(c, D("2026-03-06"), 1), "2026-03-09");
	assert_date(zw_add_working_days(c, D("2026-03-09"), 1), "2026-03-10");
	/* Event on a Saturday: counting starts on Sunday. */
	assert_date(zw_add_working_days(c, D("2026-03-07"), 1), "2026-03-09");
	/* New year: 2025-12-31 + 1 skips 01-01..03, 01-04 (Sun) works. */
	assert_date(zw_add_working_days(c, D("2025-12-31"), 1), "2026-01-04");
	assert_date(zw_add_working_days(c, D("2025-12-31"), 2), "2026-01-05");
}

static void
test_working_days_between(void **state)
{
	zw_calendar *c = *state;

	assert_int_equal(zw_working_days_between(c, D("2026-10-26"),
	    D("2026-09-21")), -20);
	assert_int_equal(zw_working_days_between(c, D("2026-09-21"),
	    D("2026-09-21")), 0);
	assert_int_equal(zw_working_days_between(c, D("2026-09-30"),
	    D("2026-10-07")), 0);
	assert_int_equal(zw_working_days_between(c, D("2026-09-30"),
	    D("2026-10-08")), 1);
	assert_int_equal(zw_working_days_between(c, D("2025-12-31"),
	    D("2026-01-05")), 2);
	/* 2026: 261 weekdays - 19 holidays on weekdays + 6 调休 = 248. */
	assert_int_equal(zw_working_days_between(c, D("2025-12-31"),
	    D("2026-12-31")), 248);
}

/* Day-by-day reference for the counting rule. */
static zw_date
naive_add(const zw_calendar *c, zw_date d, int n)
{
	while (n > 0) {
		d = zw_date_add_days(d, 1);
		if (zw_is_working_day(c, d))
			n--;
	}
	return d;
}

static void
test_counting_rule_matches_day_by_day(void **state)
{
	zw_calendar *c = *state;
	zw_date from, got, want;
	int k, n;

	/* Every start day from 2024-11-01 to 2027-02-28, several n. */
	for (from = D("2024-11-01"); zw_date_cmp(from, D("2027-03-01")) < 0;
	    from = zw_date_add_days(from, 1)) {
		for (k = 0; k < 6; k++) {
			static const int ns[] = { 1, 5, 7, 20, 60, 300 };

			n = ns[k];
			got = zw_add_working_days(c, from, n);
			want = naive_add(c, from, n);
			if (zw_date_cmp(got, want) != 0)
				fail_msg("from %d-%d-%d n %d", from.y, from.m,
				    from.d, n);
			assert_int_equal(zw_working_days_between(c, from, got),
			    n);
		}
	}
}

static void
test_large_n_is_fast_and_consistent(void **state)
{
	zw_calendar *c = *state;
	zw_date from = D("2026-01-01"), to;

	to = zw_add_working_days(c, from, 1000000);
	assert_int_equal(zw_working_days_between(c, from, to), 1000000);
	assert_true(zw_is_working_day(c, to));
	to = zw_add_working_days(c, D("1900-01-01"), 5);	/* no data */
	assert_date(to, "1900-01-08");
}

static void
test_year_without_data_uses_weekends(void **state)
{
	zw_calendar *c = *state;

	assert_true(zw_calendar_has_year(c, 2025));
	assert_true(zw_calendar_has_year(c, 2026));
	assert_false(zw_calendar_has_year(c, 2027));
	assert_false(zw_calendar_has_year(c, 2024));
	assert_false(zw_calendar_has_year(c, 0));
	/* 2027-01-01 is a Friday; no 2027 data, so it is a working day. */
	assert_true(zw_is_working_day(c, D("2027-01-01")));
	assert_false(zw_is_working_day(c, D("2027-01-02")));
	assert_date(zw_add_working_days(c, D("2027-01-01"), 1), "2027-01-04");
	/* A NULL calendar is the plain Monday-Friday rule. */
	assert_true(zw_is_working_day(NULL, D("2026-10-01")));
	assert_date(zw_add_working_days(NULL, D("2026-09-21"), 20),
	    "2026-10-19");
	assert_int_equal(zw_working_days_between(NULL, D("2026-09-21"),
	    D("2026-10-19")), 20);
	assert_false(zw_calendar_has_year(NULL, 2026));
	assert_null(zw_calendar_name(NULL, D("2026-10-01")));
}

static void
test_parser_errors_report_line_numbers(void **state)
{
	static const struct {
		const char *text;
		int line;
	} bad[] = {
		{ "2026-03-02 off A\n2026-02-30 off B\n", 2 },	/* no such date */
		{ "# c\n\n2026-3-02 off A\n", 3 },		/* not YYYY-MM-DD */
		{ "2026-03-02 holiday A\n", 1 },		/* bad kind */
		{ "2026-03-02 OFF A\n", 1 },
		{ "2026-03-02\n", 1 },				/* no kind */
		{ "2026-03-02off\n", 1 },
		{ "x\n", 1 },
		{ "2026-03-02 off A\n2026-03-03 off\x01 B\n", 2 },	/* control */
		{ "2026-03-02 off A\n2026-03-03 work B\n2026-03-02 work C\n", 3 },
		{ "2026-03-02 off A\r\n2026-03-03 off A\r\n2026-13-01 off\r\n", 3 },
	};
	zw_calendar *c = zw_calendar_new();
	char big[400];
	size_t i;
	int errline;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errline = -1;
		assert_int_equal(zw_calendar_load(c, bad[i].text,
		    strlen(bad[i].text), &errline), ZW_EINVAL);
		if (errline != bad[i].line)
			fail_msg("case %zu: line %d, want %d", i, errline,
			    bad[i].line);
		/* Nothing was added: 2026-03-02 is still a Monday at work. */
		assert_true(zw_is_working_day(c, D("2026-03-02")));
		assert_false(zw_calendar_has_year(c, 2026));
	}
	/* A NUL byte inside the text is malformed. */
	errline = -1;
	assert_int_equal(zw_calendar_load(c, "2026-03-02 off A\n\0", 18,
	    &errline), ZW_EINVAL);
	assert_int_equal(errline, 2);
	/* A name longer than ZW_MAX_NAME. */
	memcpy(big, "2026-03-02 off ", 15);
	memset(big + 15, 'a', sizeof(big) - 16);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(zw_calendar_load(c, big, strlen(big), &errline),
	    ZW_EINVAL);
	assert_int_equal(errline, 1);
	assert_int_equal(zw_calendar_load(c, "x", 1, NULL), ZW_EINVAL);
	assert_int_equal(zw_calendar_load(NULL, "", 0, NULL), ZW_EINVAL);
	assert_int_equal(zw_calendar_load(c, NULL, 5, NULL), ZW_EINVAL);
	zw_calendar_free(c);
}

static void
test_parser_comments_blank_lines_crlf(void **state)
{
	static const char text[] =
	    "# header comment\r\n"
	    "\r\n"
	    "   \t\n"
	    "2026-03-02 off 测试假日 # trailing comment\r\n"
	    "  2026-03-07\twork   调 休  \n"	/* Saturday working day */
	    "2026-03-08 off\n"			/* off on a Sunday: allowed */
	    "2026-03-09 work #no name\n"	/* work on a Monday: allowed */
	    "2026-03-10 off C#";		/* '#' inside a word is kept */
	zw_calendar *c = zw_calendar_new();
	int errline = -1;

	(void)state;
	assert_int_equal(zw_calendar_load(c, text, sizeof(text) - 1, &errline),
	    ZW_OK);
	assert_int_equal(errline, 0);
	assert_false(zw_is_working_day(c, D("2026-03-02")));
	assert_string_equal(zw_calendar_name(c, D("2026-03-02")), "测试假日");
	assert_true(zw_is_working_day(c, D("2026-03-07")));
	assert_string_equal(zw_calendar_name(c, D("2026-03-07")), "调 休");
	assert_false(zw_is_working_day(c, D("2026-03-08")));
	assert_null(zw_calendar_name(c, D("2026-03-08")));
	assert_true(zw_is_working_day(c, D("2026-03-09")));
	assert_null(zw_calendar_name(c, D("2026-03-09")));
	assert_string_equal(zw_calendar_name(c, D("2026-03-10")), "C#");
	assert_true(zw_calendar_has_year(c, 2026));
	assert_int_equal(zw_calendar_load(c, "", 0, &errline), ZW_OK);
	/* A later file replaces a day from an earlier one. */
	assert_int_equal(zw_calendar_load(c, "2026-03-02 work 改\n", 20,
	    &errline), ZW_OK);
	assert_true(zw_is_working_day(c, D("2026-03-02")));
	assert_string_equal(zw_calendar_name(c, D("2026-03-02")), "改");
	zw_calendar_free(c);
}

static void
test_calendar_set(void **state)
{
	zw_calendar *c = zw_calendar_new();
	zw_date bad = { 2026, 2, 29 };

	(void)state;
	assert_int_equal(zw_calendar_set(c, D("2026-03-04"), ZW_DAY_OFF,
	    "临时"), ZW_OK);
	assert_false(zw_is_working_day(c, D("2026-03-04")));
	assert_string_equal(zw_calendar_name(c, D("2026-03-04")), "临时");
	assert_int_equal(zw_calendar_set(c, D("2026-03-04"), ZW_DAY_WORK,
	    NULL), ZW_OK);
	assert_true(zw_is_working_day(c, D("2026-03-04")));
	assert_null(zw_calendar_name(c, D("2026-03-04")));
	assert_int_equal(zw_calendar_set(c, D("2026-03-04"), 3, NULL),
	    ZW_EINVAL);
	assert_int_equal(zw_calendar_set(c, D("2026-03-04"), 0, NULL),
	    ZW_EINVAL);
	assert_int_equal(zw_calendar_set(c, bad, ZW_DAY_OFF, NULL), ZW_EINVAL);
	assert_int_equal(zw_calendar_set(c, D("2026-03-05"), ZW_DAY_OFF,
	    "a\nb"), ZW_EINVAL);
	assert_int_equal(zw_calendar_set(NULL, D("2026-03-05"), ZW_DAY_OFF,
	    NULL), ZW_EINVAL);
	/* Many days in reverse order keep the table sorted. */
	{
		zw_date d = D("2030-12-31");
		int i;

		for (i = 0; i < 500; i++, d = zw_date_add_days(d, -1))
			assert_int_equal(zw_calendar_set(c, d, ZW_DAY_OFF,
			    "x"), ZW_OK);
		/* 2029-08-20 .. 2030-12-31 are now all off. */
		assert_false(zw_is_working_day(c, D("2030-06-03")));
		assert_false(zw_is_working_day(c, D("2029-08-20")));
		assert_true(zw_is_working_day(c, D("2029-08-17")));
		assert_date(zw_add_working_days(c, D("2029-08-16"), 1),
		    "2029-08-17");
		assert_date(zw_add_working_days(c, D("2029-08-17"), 1),
		    "2031-01-01");
		assert_int_equal(zw_working_days_between(c, D("2029-08-16"),
		    D("2031-01-01")), 2);
	}
	zw_calendar_free(c);
	zw_calendar_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_sec10_worked_example_20_days_from_2026_09_21,
		    setup_official, teardown_calendar),
		cmocka_unit_test_setup_teardown(
		    test_sec10_2026_tiaoxiu_weekend_days_are_working,
		    setup_official, teardown_calendar),
		cmocka_unit_test_setup_teardown(
		    test_sec10_2026_holiday_blocks_are_off,
		    setup_official, teardown_calendar),
		cmocka_unit_test_setup_teardown(test_sec10_2025_calendar,
		    setup_official, teardown_calendar),
		cmocka_unit_test_setup_teardown(
		    test_sec10_span_across_2026_spring_festival,
		    setup_official, teardown_calendar),
		cmocka_unit_test_setup_teardown(
		    test_counting_rule_starts_day_after,
		    setup_official, teardown_calendar),
		cmocka_unit_test_setup_teardown(test_working_days_between,
		    setup_official, teardown_calendar),
		cmocka_unit_test_setup_teardown(
		    test_counting_rule_matches_day_by_day,
		    setup_official, teardown_calendar),
		cmocka_unit_test_setup_teardown(
		    test_large_n_is_fast_and_consistent,
		    setup_official, teardown_calendar),
		cmocka_unit_test_setup_teardown(
		    test_year_without_data_uses_weekends,
		    setup_official, teardown_calendar),
		cmocka_unit_test(test_parser_errors_report_line_numbers),
		cmocka_unit_test(test_parser_comments_blank_lines_crlf),
		cmocka_unit_test(test_calendar_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
