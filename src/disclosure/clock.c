/*
 * clock.c -- the clock of a disclosure request (政府信息公开条例 第三十、
 * 三十三条; standards.md §4), counted by the rule of §10: periods start
 * the day after the event (收到申请之日, or the day the corrected request
 * arrived) and end with the Nth working day.  Days of consultation
 * (第三十二、三十四条) are excluded, each consultation at most 15 working
 * days (then silence lets the organ decide, or counts as consent).
 */
#include "disclosure/disclosure.h"

int
zw_dclock_consult_days(const zw_calendar *cal, zw_date since, zw_date until)
{
	int n;

	if (zw_date_cmp(until, since) <= 0)
		return 0;
	/* Working days in [since, until) = in (since - 1, until - 1]. */
	n = zw_working_days_between(cal, zw_date_add_days(since, -1),
	    zw_date_add_days(until, -1));
	if (n < 0)
		n = 0;
	return n > ZW_DISC_CONSULT_MAX ? ZW_DISC_CONSULT_MAX : n;
}

zw_date
zw_dclock_clarify_deadline(const zw_calendar *cal, zw_date received_on)
{
	return zw_add_working_days(cal, received_on, ZW_DISC_CLARIFY_DAYS);
}

void
zw_dclock_compute(const zw_calendar *cal, const struct zw_dclock_in *in,
    zw_date today, struct zw_dclock_out *out)
{
	zw_date end = in->answered ? in->answered_on : today;
	int used;

	out->has_due = false;
	out->overdue = false;
	out->late = false;
	out->days_used = 0;
	out->paused_days = in->paused_days;
	out->due = in->start;
	if (in->clarifying)
		return;		/* the period restarts with the correction */
	if (in->consulting)
		out->paused_days += zw_dclock_consult_days(cal, in->consult_since, end);
	out->has_due = true;
	out->due = zw_add_working_days(cal, in->start,
	    ZW_DISC_DAYS + in->extended_days + out->paused_days);
	used = zw_working_days_between(cal, in->start, end) - out->paused_days;
	out->days_used = used < 0 ? 0 : used;
	if (in->answered)
		out->late = zw_date_cmp(in->answered_on, out->due) > 0;
	else
		out->overdue = zw_date_cmp(today, out->due) > 0;
}
