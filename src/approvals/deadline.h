/*
 * deadline.h -- the clock of an application (办件), by the counting rule
 * of standards.md §10 and the limits of §3.1 (行政许可法).
 *
 * Periods count working days from the day AFTER the event (受理日); the
 * deadline is the end of the Nth working day.  Working days spent in a
 * 特别程序 (第四十五条: hearing, testing, expert review ...) are added
 * back; one extension (第四十二条: 10 days, or 15 for joint handling)
 * adds its days.  A 即办件 has promised_days 0: it is due the day it was
 * accepted.
 */
#ifndef ZW_DEADLINE_H
#define ZW_DEADLINE_H

#include <stdbool.h>

#include "base/clock.h"
#include "base/workday.h"

#define ZW_INTAKE_DAYS		5	/* 第三十二条: 补正告知 or 受理 within 5 days */
#define ZW_EXTEND_DAYS		10	/* 第四十二条: one extension of 10 days */
#define ZW_JOINT_DAYS		45	/* 第四十二条: joint handling 45 days */
#define ZW_JOINT_EXTEND_DAYS	15	/* ... plus 15 with the government's approval */
#define ZW_DELIVERY_DAYS	10	/* 第四十四条: licence issued within 10 days */

struct zw_clock_in {
	zw_date accepted_on;	/* 受理日 */
	int promised_days;	/* 承诺时限 (0 for 即办件) */
	int legal_days;		/* 法定时限 */
	int suspended_days;	/* working days of closed 特别程序 periods */
	int extended_days;	/* the one extension, 0 if none */
	bool suspended;		/* a 特别程序 is running */
	zw_date suspended_since;
};

struct zw_clock_out {
	zw_date promised;	/* end of this day */
	zw_date legal;
	bool has_warn;		/* no warning for periods too short to have one */
	zw_date warn;		/* 预警 from the start of this day */
	zw_date yellow;		/* 黄牌: the day after the promised deadline */
	zw_date red;		/* 红牌: late by more than red_days, or past legal */
};

/* Deadlines of a running case.  warn_pct: 预警 when the remaining working
 * days (today included) fall below this share of the promised period;
 * red_days: working days past the promised deadline that make 红牌.
 * While suspended, the deadlines are computed as if the period ended
 * today (callers show them as paused); the alert dates are not used. */
void zw_clock_compute(const zw_calendar *cal, const struct zw_clock_in *in,
    zw_date today, int warn_pct, int red_days, struct zw_clock_out *out);

/* Working days d with from <= d < to: the days a 特别程序 from `from`
 * resumed on `to` takes out of the clock (0 when resumed the same day). */
int zw_clock_paused_days(const zw_calendar *cal, zw_date from, zw_date to);

/* The last day to accept, refuse or ask for correction of materials
 * received on `received` (第三十二条). */
zw_date zw_clock_intake_deadline(const zw_calendar *cal, zw_date received);

/* Working days elapsed from accepted_on to done_on (both dates), less
 * the paused days: the "days used" of a completed case. */
int zw_clock_days_used(const zw_calendar *cal, zw_date accepted_on,
    zw_date done_on, int suspended_days);

#endif
