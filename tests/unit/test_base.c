/*
 * test_base.c -- arena, buf, str (number parsing, hex), clock (dates,
 * RFC 3339, Asia/Shanghai), config (typed settings table), json.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/err.h"
#include "base/json.h"
#include "base/str.h"

static int cleanups;

static void
count_cleanup(void *arg)
{
	(void)arg;
	cleanups++;
}

static void
test_arena_alloc_align_and_defer(void **state)
{
	zw_arena *a = zw_arena_new();
	char *big;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		void *p = zw_alloc(a, (size_t)(i % 37) + 1);

		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
	}
	big = zw_alloc(a, 1 << 20);	/* a block of its own */
	memset(big, 1, 1 << 20);
	assert_string_equal(zw_aprintf(a, "%s-%d", "审批", 42), "审批-42");
	assert_string_equal(zw_astrndup(a, "abcdef", 3), "abc");
	assert_true(zw_arena_used(a) >= (1 << 20));
	cleanups = 0;
	zw_defer(a, count_cleanup, NULL);
	zw_defer(a, count_cleanup, NULL);
	zw_arena_free(a);
	assert_int_equal(cleanups, 2);
}

static void
test_buf_limit_is_enforced(void **state)
{
	zw_buf b;

	(void)state;
	zw_buf_init(&b, 10);
	assert_int_equal(zw_buf_puts(&b, "0123456789"), ZW_OK);
	assert_int_equal(zw_buf_putc(&b, 'x'), ZW_ETOOBIG);
	assert_int_equal(b.len, 10);	/* unchanged on failure */
	assert_string_equal(b.p, "0123456789");
	zw_buf_reset(&b);
	assert_int_equal(zw_buf_printf(&b, "%d", 12345), ZW_OK);
	assert_int_equal(zw_buf_printf(&b, "%s", "123456"), ZW_ETOOBIG);
	assert_string_equal(b.p, "12345");
	zw_buf_free(&b);
}

static void
test_parse_i64_is_strict(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(zw_parse_i64("42", 0, 100, &v), ZW_OK);
	assert_int_equal(v, 42);
	assert_int_equal(zw_parse_i64("-9223372036854775808", INT64_MIN, 0, &v), ZW_OK);
	assert_true(v == INT64_MIN);
	assert_int_equal(zw_parse_i64("9223372036854775808", 0, INT64_MAX, &v), ZW_EINVAL);
	assert_int_equal(zw_parse_i64("101", 0, 100, &v), ZW_EINVAL);
	assert_int_equal(zw_parse_i64("", 0, 100, &v), ZW_EINVAL);
	assert_int_equal(zw_parse_i64("1x", 0, 100, &v), ZW_EINVAL);
	assert_int_equal(zw_parse_i64(" 1", 0, 100, &v), ZW_EINVAL);
	assert_int_equal(zw_parse_i64("-", -5, 5, &v), ZW_EINVAL);
	assert_int_equal(zw_parse_i64(NULL, 0, 1, &v), ZW_EINVAL);
}

static void
test_hex_and_ct_eq(void **state)
{
	unsigned char in[3] = { 0x00, 0xab, 0xff }, out[3];
	char hex[7];

	(void)state;
	zw_hex(in, 3, hex);
	assert_string_equal(hex, "00abff");
	assert_int_equal(zw_unhex("00ABff", 6, out, 3), ZW_OK);
	assert_memory_equal(in, out, 3);
	assert_int_equal(zw_unhex("00abfg", 6, out, 3), ZW_EINVAL);
	assert_int_equal(zw_unhex("00ab", 4, out, 3), ZW_EINVAL);
	assert_true(zw_ct_eq("abc", "abc", 3));
	assert_false(zw_ct_eq("abc", "abd", 3));
}

static void
test_strlcpy_truncates_and_reports(void **state)
{
	char small[4];

	(void)state;
	assert_int_equal(zw_strlcpy(small, "abcdef", sizeof(small)), ZW_ETOOBIG);
	assert_string_equal(small, "abc");
	assert_int_equal(zw_strlcpy(small, "ab", sizeof(small)), ZW_OK);
}

static void
test_dates_and_weekdays(void **state)
{
	zw_date d;
	char buf[32];

	(void)state;
	assert_int_equal(zw_date_parse("2026-02-29", &d), ZW_EINVAL);
	assert_int_equal(zw_date_parse("2024-02-29", &d), ZW_OK);
	assert_int_equal(zw_date_parse("2026-1-01", &d), ZW_EINVAL);
	assert_int_equal(zw_date_parse("2026-13-01", &d), ZW_EINVAL);
	assert_int_equal(zw_date_parse("2026-09-21", &d), ZW_OK);
	assert_int_equal(zw_date_weekday(d), 0);	/* Monday (§10 example) */
	d = zw_date_add_days(d, 35);
	zw_date_fmt(d, buf, sizeof(buf));
	assert_string_equal(buf, "2026-10-26");
	assert_int_equal(zw_date_to_days((zw_date){ 1970, 1, 1 }), 0);
	d = zw_days_to_date(zw_date_to_days((zw_date){ 2000, 2, 29 }));
	assert_int_equal(d.y, 2000);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
}

/* GB/T 9704 §7.3.5: 成文日期 without zero padding. */
static void
test_gbt9704_date_has_no_zero_padding(void **state)
{
	char buf[32];

	(void)state;
	zw_date_fmt_cn((zw_date){ 2012, 7, 1 }, buf, sizeof(buf));
	assert_string_equal(buf, "2012年7月1日");
}

static void
test_rfc3339_and_shanghai_day(void **state)
{
	int64_t t;
	char buf[40];

	(void)state;
	assert_int_equal(zw_time_parse("2026-11-22T15:59:59Z", &t), ZW_OK);
	zw_time_rfc3339(t, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-22T23:59:59+08:00");
	/* One second later it is the next day in Shanghai. */
	assert_int_equal(zw_date_of(t + 1).d, 23);
	assert_int_equal(zw_date_end((zw_date){ 2026, 11, 22 }), t);
	assert_int_equal(zw_time_parse("2026-11-22T08:00:00+08:00", &t), ZW_OK);
	zw_time_rfc3339(t, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-22T08:00:00+08:00");
	assert_int_equal(zw_time_parse("2026-11-22 08:00:00", &t), ZW_EINVAL);
	assert_int_equal(zw_time_parse("2026-11-22T25:00:00Z", &t), ZW_EINVAL);
}

static void
test_clock_override(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(zw_clock_set("2026-09-21T09:00:00+08:00"), ZW_OK);
	t = zw_now();
	zw_clock_advance(60);
	assert_int_equal(zw_now(), t + 60);
	assert_int_equal(zw_clock_set("yesterday"), ZW_EINVAL);
}

static void
test_config_file_errors_name_file_and_line(void **state)
{
	char path[] = "/tmp/zwconf.XXXXXX", err[256];
	struct zw_config *c = zw_config_new();
	FILE *f;
	int fd;

	(void)state;
	assert_string_equal(zw_config_str(c, "listen"), "127.0.0.1:8080");
	assert_string_equal(zw_config_source(c, "listen"), "default");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs("# comment\n\nthreads = 4\nsession_idle_minutes = 0\n", f);
	fclose(f);
	assert_int_equal(zw_config_load_file(c, path, err, sizeof(err)), ZW_EINVAL);
	assert_non_null(strstr(err, ":4:"));
	assert_non_null(strstr(err, "session_idle_minutes"));
	assert_int_equal(zw_config_int(c, "threads"), 4);
	assert_string_equal(zw_config_source(c, "threads"), "zhengwu.conf");
	f = fopen(path, "w");
	fputs("colour = blue\n", f);
	fclose(f);
	assert_int_equal(zw_config_load_file(c, path, err, sizeof(err)), ZW_EINVAL);
	assert_non_null(strstr(err, "unknown setting"));
	f = fopen(path, "w");
	fputs("durability = sometimes\n", f);
	fclose(f);
	assert_int_equal(zw_config_load_file(c, path, err, sizeof(err)), ZW_EINVAL);
	assert_non_null(strstr(err, "normal|full"));
	setenv("ZHENGWU_LOCKOUT_THRESHOLD", "7", 1);
	assert_int_equal(zw_config_load_env(c, err, sizeof(err)), ZW_OK);
	assert_int_equal(zw_config_int(c, "lockout_threshold"), 7);
	assert_string_equal(zw_config_source(c, "lockout_threshold"), "environment");
	unsetenv("ZHENGWU_LOCKOUT_THRESHOLD");
	unlink(path);
	zw_config_free(c);
}

static void
test_json_dump_is_sorted_and_compact(void **state)
{
	zw_arena *a = zw_arena_new();
	json_t *o = json_pack("{s:i, s:s}", "b", 1, "a", "中");

	(void)state;
	assert_string_equal(zw_json_dump(a, o), "{\"a\":\"中\",\"b\":1}");
	assert_string_equal(zw_json_str(o, "a"), "中");
	assert_string_equal(zw_json_str(o, "missing"), "");
	assert_int_equal(zw_json_int(o, "b"), 1);
	json_decref(o);
	zw_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_align_and_defer),
		cmocka_unit_test(test_buf_limit_is_enforced),
		cmocka_unit_test(test_parse_i64_is_strict),
		cmocka_unit_test(test_hex_and_ct_eq),
		cmocka_unit_test(test_strlcpy_truncates_and_reports),
		cmocka_unit_test(test_dates_and_weekdays),
		cmocka_unit_test(test_gbt9704_date_has_no_zero_padding),
		cmocka_unit_test(test_rfc3339_and_shanghai_day),
		cmocka_unit_test(test_clock_override),
		cmocka_unit_test(test_config_file_errors_name_file_and_line),
		cmocka_unit_test(test_json_dump_is_sorted_and_compact),
	};

	zw_json_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
