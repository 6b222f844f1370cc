/*
 * clock.h -- the one clock of the program, and Asia/Shanghai calendar
 * arithmetic (UTC+8, no DST since 1991).  zw_now() honours the --now
 * override (ZHENGWU_NOW) so tests and drills can fix the time.
 */
#ifndef ZW_CLOCK_H
#define ZW_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define ZW_TZ_OFFSET (8 * 3600)	/* Asia/Shanghai */

/* A calendar date (proleptic Gregorian). */
typedef struct zw_date {
	int y, m, d;
} zw_date;

/* Seconds since the epoch, UTC. */
int64_t zw_now(void);
/* Milliseconds from a monotonic clock (durations only). */
int64_t zw_mono_ms(void);

/* Fix the clock at an RFC 3339 time; ZW_EINVAL if it does not parse. */
int zw_clock_set(const char *rfc3339);
/* Advance a fixed clock (tests); no-op when the clock is real. */
void zw_clock_advance(int64_t seconds);

/* "2026-11-22T18:30:00+08:00"; out needs 26 bytes. */
void zw_time_rfc3339(int64_t t, char *out, size_t size);
/* Parse RFC 3339 (Z or ±hh:mm); OUT: *t. */
int zw_time_parse(const char *s, int64_t *t);

/* Date in Shanghai of an instant. */
zw_date zw_date_of(int64_t t);
/* "2026-11-22"; out needs 11 bytes. */
void zw_date_fmt(zw_date d, char *out, size_t size);
/* Parse YYYY-MM-DD strictly (real date); OUT: *d. */
int zw_date_parse(const char *s, zw_date *d);
/* Chinese display without zero padding: "2026年11月2日" (GB/T 9704 §7.3.5). */
void zw_date_fmt_cn(zw_date d, char *out, size_t size);

int zw_date_valid(int y, int m, int d);
/* Days since 1970-01-01 and back. */
int64_t zw_date_to_days(zw_date d);
zw_date zw_days_to_date(int64_t days);
/* 0 = Monday ... 6 = Sunday */
int zw_date_weekday(zw_date d);
/* Compare: <0, 0, >0 */
int zw_date_cmp(zw_date a, zw_date b);
zw_date zw_date_add_days(zw_date d, int64_t n);
/* End of that day in Shanghai (23:59:59) as epoch seconds. */
int64_t zw_date_end(zw_date d);

#endif
