/*
 * deadline.c -- deadline arithmetic for applications; see deadline.h.
 */
#include "approvals/deadline.h"

static zw_date
min_date(zw_date a, zw_date b)
{
	return zw_date_cmp(a, b) <= 0 ? a : b;
}

int
zw_clock_paused_days(const zw_calendar *cal, zw_date from, zw_date to)
{
	int n;

	if (zw_date_cmp(to, from) <= 0)
		return 0;
	/* Working days in [from, to) = working days in (from - 1, to - 1]. */
	n = zw_working_days_between(cal, zw_date_add_days(from, -1),
	    zw_date_add_days(to, -1));
	return n < 0 ? 0 : n;
}

zw_date
zw_clock_intake_deadline(const zw_calendar *cal, zw_date received)
{
	return zw_add_working_days(cal, received, ZW_INTAKE_DAYS);
}

void
zw_clock_compute(const zw_calendar *cal, const struct zw_clock_in *in,
    zw_date today, int warn_pct, int red_days, struct zw_clock_out *out)
{
	int paused = in->suspended_days, total, k;

	if (in->suspended)
		paused += zw_clock_paused_days(cal, in->suspended_since, today);
	total = in->promised_days + in->extended_days;
	out->promised = zw_add_working_days(cal, in->accepted_on, paused + total);
	out->legal = zw_add_working_days(cal, in->accepted_on,
	    paused + in->legal_days + in->extended_days);
	/*
	 * 预警 on the k-th working day, the first whose remaining days
	 * (itself included), total - k + 1, fall below total * pct / 100:
	 * k > total + 1 - total * pct / 100, in integers
	 * k = floor((100 (total + 1) - total * pct) / 100) + 1.
	 */
	out->has_warn = false;
	if (total > 0 && warn_pct > 0) {
		k = (100 * (total + 1) - total * warn_pct) / 100 + 1;
		if (k <= total) {
			out->has_warn = true;
			out->warn = zw_add_working_days(cal, in->accepted_on,
			    paused + k);
		}
	}
	out->yellow = zw_date_add_days(out->promised, 1);
	if (total == 0) {
		/* 即办件 not decided the same day: 红牌 at once (§3.3). */
		out->red = out->yellow;
		return;
	}
	out->red = min_date(zw_add_working_days(cal, out->promised, red_days + 1),
	    zw_date_add_days(out->legal, 1));
}

int
zw_clock_days_used(const zw_calendar *cal, zw_date accepted_on,
    zw_date done_on, int suspended_days)
{
	int n = zw_working_days_between(cal, accepted_on, done_on) - suspended_days;

	return n < 0 ? 0 : n;
}
