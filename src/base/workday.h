/*
 * workday.h -- the working-day calendar (standards.md §10).
 *
 * A working day is Monday-Friday that is not a statutory holiday, plus
 * any 调休 working day (a weekend day declared a working day).  Holidays
 * are data: a calendar file per year, format (one entry per line,
 * '#' comments):
 *     2026-01-01 off 元旦
 *     2026-01-04 work 元旦调休
 * Counting rule: N working days start the day AFTER the event; the
 * deadline is the end of the Nth working day after it.
 */
#ifndef ZW_WORKDAY_H
#define ZW_WORKDAY_H

#include <stdbool.h>
#include <stddef.h>

#include "clock.h"

typedef struct zw_calendar zw_calendar;

/* Kinds of special day (zw_calendar_set). */
enum zw_day_kind {
	ZW_DAY_OFF = 1,		/* statutory holiday: no work */
	ZW_DAY_WORK = 2		/* 调休: a weekend day declared a working day */
};

zw_calendar *zw_calendar_new(void);
void zw_calendar_free(zw_calendar *c);
/* Parse and add a calendar file's text.  On a bad line: ZW_EINVAL,
 * *errline = its 1-based number, nothing added. */
int zw_calendar_load(zw_calendar *c, const char *text, size_t n, int *errline);
/* Add a single day (kind: 1 off, 2 work). */
int zw_calendar_set(zw_calendar *c, zw_date d, int kind, const char *name);
/* Years the calendar has data for (for warnings past the last year). */
bool zw_calendar_has_year(const zw_calendar *c, int year);

bool zw_is_working_day(const zw_calendar *c, zw_date d);
/* The Nth working day after `from` (n >= 0; n = 0 returns from). */
zw_date zw_add_working_days(const zw_calendar *c, zw_date from, int n);
/* Working days in (from, to]: the count after from up to and including to;
 * negative if to < from. */
int zw_working_days_between(const zw_calendar *c, zw_date from, zw_date to);
/* Name of the holiday or 调休 entry for a date, or NULL. */
const char *zw_calendar_name(const zw_calendar *c, zw_date d);

/* Call fn(arg, day, kind, name) for every special day in date order
 * (kind ZW_DAY_OFF or ZW_DAY_WORK; name may be NULL); stops at the first
 * non-zero return and returns it. */
int zw_calendar_each(const zw_calendar *c, int (*fn)(void *arg, zw_date d,
    int kind, const char *name), void *arg);

#endif
