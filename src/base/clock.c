/*
 * clock.c -- program clock with a test override, and date arithmetic
 * in Asia/Shanghai.  Date <-> day-number conversion uses the civil
 * calendar algorithm (days from civil), valid for all int years we use.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "err.h"
#include "str.h"

static _Atomic int64_t fixed_now;	/* 0 = real clock */

int64_t
zw_now(void)
{
	int64_t f = atomic_load(&fixed_now);
	struct timespec ts;

	if (f != 0)
		return f;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

int64_t
zw_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
zw_clock_set(const char *rfc3339)
{
	int64_t t;

	if (zw_time_parse(rfc3339, &t) != ZW_OK)
		return ZW_EINVAL;
	atomic_store(&fixed_now, t);
	return ZW_OK;
}

void
zw_clock_advance(int64_t seconds)
{
	int64_t f = atomic_load(&fixed_now);

	if (f != 0)
		atomic_store(&fixed_now, f + seconds);
}

int
zw_date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap, max;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	max = mdays[m - 1] + (m == 2 && leap);
	return d <= max;
}

int64_t
zw_date_to_days(zw_date dt)
{
	int64_t y = dt.y - (dt.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

zw_date
zw_days_to_date(int64_t z)
{
	int64_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	return (zw_date){ (int)(y + (m <= 2)), (int)m, (int)d };
}

int
zw_date_weekday(zw_date d)
{
	int64_t days = zw_date_to_days(d);	/* 1970-01-01 was a Thursday (3) */
	int64_t w = (days + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int
zw_date_cmp(zw_date a, zw_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

zw_date
zw_date_add_days(zw_date d, int64_t n)
{
	return zw_days_to_date(zw_date_to_days(d) + n);
}

zw_date
zw_date_of(int64_t t)
{
	int64_t s = t + ZW_TZ_OFFSET;
	int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;

	return zw_days_to_date(days);
}

int64_t
zw_date_end(zw_date d)
{
	return zw_date_to_days(d) * 86400 + 86399 - ZW_TZ_OFFSET;
}

void
zw_time_rfc3339(int64_t t, char *out, size_t size)
{
	int64_t s = t + ZW_TZ_OFFSET;
	int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
	int64_t sod = s - days * 86400;
	zw_date d = zw_days_to_date(days);

	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", d.y, d.m,
	    d.d, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
}

static int
num(const char *s, size_t n, int64_t min, int64_t max, int *out)
{
	int64_t v;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return ZW_EINVAL;
	if (zw_parse_i64n(s, n, min, max, &v) != ZW_OK)
		return ZW_EINVAL;
	*out = (int)v;
	return ZW_OK;
}

int
zw_date_parse(const char *s, zw_date *d)
{
	zw_date r;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return ZW_EINVAL;
	if (num(s, 4, 1, 9999, &r.y) || num(s + 5, 2, 1, 12, &r.m) ||
	    num(s + 8, 2, 1, 31, &r.d) || !zw_date_valid(r.y, r.m, r.d))
		return ZW_EINVAL;
	*d = r;
	return ZW_OK;
}

int
zw_time_parse(const char *s, int64_t *t)
{
	zw_date d;
	char date[11];
	int hh, mm, ss, oh = 0, om = 0, sign = 1;
	size_t n, i;

	if (s == NULL || (n = strlen(s)) < 20)
		return ZW_EINVAL;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (zw_date_parse(date, &d) != ZW_OK || (s[10] != 'T' && s[10] != ' '))
		return ZW_EINVAL;
	if (s[13] != ':' || s[16] != ':' || num(s + 11, 2, 0, 23, &hh) ||
	    num(s + 14, 2, 0, 59, &mm) || num(s + 17, 2, 0, 60, &ss))
		return ZW_EINVAL;
	i = 19;
	if (s[i] == '.') {	/* fractional seconds: ignored */
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (s[i] == 'Z' && i + 1 == n) {
		/* UTC */
	} else if ((s[i] == '+' || s[i] == '-') && i + 6 == n && s[i + 3] == ':') {
		sign = s[i] == '-' ? -1 : 1;
		if (num(s + i + 1, 2, 0, 23, &oh) || num(s + i + 4, 2, 0, 59, &om))
			return ZW_EINVAL;
	} else
		return ZW_EINVAL;
	*t = zw_date_to_days(d) * 86400 + hh * 3600 + mm * 60 + ss -
	    sign * (oh * 3600 + om * 60);
	return ZW_OK;
}

void
zw_date_fmt(zw_date d, char *out, size_t size)
{
	snprintf(out, size, "%04d-%02d-%02d", d.y, d.m, d.d);
}

void
zw_date_fmt_cn(zw_date d, char *out, size_t size)
{
	snprintf(out, size, "%d年%d月%d日", d.y, d.m, d.d);
}
