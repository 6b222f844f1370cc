/*
 * workday.c -- the working-day calendar (standards.md §10).
 *
 * Special days (statutory holidays "off", 调休 working days "work") sit
 * in one array sorted by day number; every other day follows the
 * Monday-Friday rule, so a year without data simply has weekends off.
 * Deadlines count N working days starting the day after the event.
 * Stretches without special days are crossed a week at a time (5
 * working days per 7 days), so large N and long spans stay cheap.
 *
 * A calendar is not locked: build it first, then share it read-only.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "limits.h"
#include "mem.h"
#include "workday.h"

struct special_day {
	int64_t day;		/* days since 1970-01-01 */
	int kind;		/* ZW_DAY_OFF or ZW_DAY_WORK */
	char *name;		/* NULL when the entry has none */
};

struct zw_calendar {
	struct special_day *days;	/* sorted by day, no duplicates */
	size_t n, cap;
};

/* One parsed line of a calendar file, before anything is added. */
struct pending_day {
	int64_t day;
	int kind;
	const char *name;	/* points into the text; not terminated */
	size_t namelen;
	int line;
};

/* 0 = Monday ... 6 = Sunday; 1970-01-01 was a Thursday. */
static int
weekday_of(int64_t day)
{
	int64_t w = (day + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

/* Monday-Friday among the days before `day`, counted from a Monday. */
static int64_t
weekdays_before(int64_t day)
{
	int64_t q = day + 3, weeks, rest;

	weeks = q >= 0 ? q / 7 : -((-q + 6) / 7);
	rest = q - weeks * 7;
	return weeks * 5 + (rest < 5 ? rest : 5);
}

/* Index of the first special day >= day. */
static size_t
lower_bound(const zw_calendar *c, int64_t day)
{
	size_t lo = 0, hi = c != NULL ? c->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct special_day *
find_day(const zw_calendar *c, int64_t day)
{
	size_t i = lower_bound(c, day);

	if (c != NULL && i < c->n && c->days[i].day == day)
		return &c->days[i];
	return NULL;
}

static bool
working(const zw_calendar *c, int64_t day)
{
	const struct special_day *e = find_day(c, day);

	if (e != NULL)
		return e->kind == ZW_DAY_WORK;
	return weekday_of(day) < 5;
}

/* A holiday name: at most ZW_MAX_NAME bytes, no control characters. */
static bool
name_ok(const char *name, size_t n)
{
	size_t i;

	if (n > ZW_MAX_NAME)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return false;
	return true;
}

/* Insert or replace a special day; the arguments are already checked. */
static void
calendar_put(zw_calendar *c, int64_t day, int kind, const char *name,
    size_t namelen)
{
	size_t i = lower_bound(c, day);
	struct special_day *e;

	if (i < c->n && c->days[i].day == day) {
		e = &c->days[i];
		zw_free(e->name);
	} else {
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 64;
			c->days = zw_realloc(c->days,
			    c->cap * sizeof(*c->days));
		}
		memmove(&c->days[i + 1], &c->days[i],
		    (c->n - i) * sizeof(*c->days));
		c->n++;
		e = &c->days[i];
		e->day = day;
	}
	e->kind = kind;
	e->name = namelen > 0 ? zw_strndup(name, namelen) : NULL;
}

/* A new, empty calendar (every weekday works).  Never NULL. */
zw_calendar *
zw_calendar_new(void)
{
	return zw_calloc(1, sizeof(zw_calendar));
}

/* Free a calendar and its names; NULL is allowed. */
void
zw_calendar_free(zw_calendar *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		zw_free(c->days[i].name);
	zw_free(c->days);
	zw_free(c);
}

/*
 * Mark day d as ZW_DAY_OFF or ZW_DAY_WORK, replacing an earlier entry
 * for the same day.  name may be NULL.  ZW_EINVAL for an invalid date
 * or kind, or a name longer than ZW_MAX_NAME or with control bytes.
 */
int
zw_calendar_set(zw_calendar *c, zw_date d, int kind, const char *name)
{
	size_t namelen = name != NULL ? strlen(name) : 0;

	if (c == NULL || !zw_date_valid(d.y, d.m, d.d) ||
	    (kind != ZW_DAY_OFF && kind != ZW_DAY_WORK) ||
	    !name_ok(name, namelen))
		return ZW_EINVAL;
	calendar_put(c, zw_date_to_days(d), kind, name, namelen);
	return ZW_OK;
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

/*
 * Parse one line [p, e) (no newline) of a calendar file.  OUT: *pd.
 * Returns 1 for an entry, 0 for a blank or comment line, ZW_EINVAL if
 * malformed.
 */
static int
parse_line(const char *p, const char *e, struct pending_day *pd)
{
	char date[11];
	const char *tok, *q;
	zw_date d;
	size_t len;

	if ((size_t)(e - p) > ZW_CONF_MAX_LINE)
		return ZW_EINVAL;
	for (q = p; q < e; q++)
		if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f)
			return ZW_EINVAL;	/* NUL, CR inside, controls */
	while (p < e && is_space(*p))
		p++;
	while (e > p && is_space(e[-1]))
		e--;
	if (p == e || *p == '#')
		return 0;

	/* Date: exactly YYYY-MM-DD, a real date. */
	for (tok = p; p < e && !is_space(*p); p++)
		;
	len = (size_t)(p - tok);
	if (len != 10)
		return ZW_EINVAL;
	memcpy(date, tok, 10);
	date[10] = '\0';
	if (zw_date_parse(date, &d) != ZW_OK)
		return ZW_EINVAL;
	pd->day = zw_date_to_days(d);

	/* Kind: "off" or "work". */
	while (p < e && is_space(*p))
		p++;
	for (tok = p; p < e && !is_space(*p); p++)
		;
	len = (size_t)(p - tok);
	if (len == 3 && memcmp(tok, "off", 3) == 0)
		pd->kind = ZW_DAY_OFF;
	else if (len == 4 && memcmp(tok, "work", 4) == 0)
		pd->kind = ZW_DAY_WORK;
	else
		return ZW_EINVAL;

	/* Optional name: the rest, up to a " #" comment. */
	while (p < e && is_space(*p))
		p++;
	for (q = p; q < e; q++)
		if (*q == '#' && (q == p || is_space(q[-1])))
			break;
	while (q > p && is_space(q[-1]))
		q--;
	if (!name_ok(p, (size_t)(q - p)))
		return ZW_EINVAL;
	pd->name = p;
	pd->namelen = (size_t)(q - p);
	return 1;
}

static int
pending_cmp(const void *a, const void *b)
{
	const struct pending_day *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * Parse a calendar file and add its days.  Format, one entry a line:
 *     YYYY-MM-DD off|work [name]     (e.g. "2026-10-10 work 国庆节调休上班")
 * Blank lines and '#' comments (whole line, or after whitespace) are
 * allowed; CRLF is accepted.  A date may appear once per file.  An "off"
 * on a weekend or a "work" on a weekday is allowed.  Days already in
 * the calendar are replaced.
 * Returns ZW_OK (*errline = 0) or ZW_EINVAL with *errline = the 1-based
 * number of the first bad line (for a repeated date, its second line);
 * then nothing is added.  errline may be NULL.
 */
int
zw_calendar_load(zw_calendar *c, const char *text, size_t n, int *errline)
{
	struct pending_day *pend = NULL;
	size_t np = 0, cap = 0, i;
	const char *p = text, *end = text + n;
	int line = 0, bad = 0, rc;

	if (errline != NULL)
		*errline = 0;
	if (c == NULL || (text == NULL && n > 0))
		return ZW_EINVAL;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *ls = p, *le = nl != NULL ? nl : end;

		p = nl != NULL ? nl + 1 : end;
		if (line == INT_MAX) {
			bad = line;
			break;
		}
		line++;
		if (le > ls && le[-1] == '\r')
			le--;
		if (np == cap) {
			cap = cap ? cap * 2 : 64;
			pend = zw_realloc(pend, cap * sizeof(*pend));
		}
		rc = parse_line(ls, le, &pend[np]);
		if (rc < 0) {
			bad = line;
			break;
		}
		if (rc == 1)
			pend[np++].line = line;
	}
	/* A repeated date is bad at its second line (pend holds only the
	 * lines before a malformed one, so the earliest error wins). */
	if (np > 1) {
		qsort(pend, np, sizeof(*pend), pending_cmp);
		for (i = 1; i < np; i++)
			if (pend[i].day == pend[i - 1].day &&
			    (bad == 0 || pend[i].line < bad))
				bad = pend[i].line;
	}
	if (bad != 0) {
		if (errline != NULL)
			*errline = bad;
		zw_free(pend);
		return ZW_EINVAL;
	}
	for (i = 0; i < np; i++)
		calendar_put(c, pend[i].day, pend[i].kind, pend[i].name,
		    pend[i].namelen);
	zw_free(pend);
	return ZW_OK;
}

/* True if the calendar has at least one special day in that year. */
bool
zw_calendar_has_year(const zw_calendar *c, int year)
{
	int64_t first, next;
	size_t i;

	if (c == NULL || year < 1 || year > 9998)
		return false;
	first = zw_date_to_days((zw_date){ year, 1, 1 });
	next = zw_date_to_days((zw_date){ year + 1, 1, 1 });
	i = lower_bound(c, first);
	return i < c->n && c->days[i].day < next;
}

/* Is d a working day?  A NULL calendar means Monday-Friday. */
bool
zw_is_working_day(const zw_calendar *c, zw_date d)
{
	return working(c, zw_date_to_days(d));
}

/*
 * The Nth working day after `from` (counting starts the day after;
 * `from` itself never counts).  n <= 0 returns from.
 */
zw_date
zw_add_working_days(const zw_calendar *c, zw_date from, int n)
{
	int64_t d = zw_date_to_days(from), left = n;

	while (left > 0) {
		size_t i = lower_bound(c, d + 1);
		int64_t gap, weeks;

		/* Whole weeks of plain days before the next special day. */
		gap = c != NULL && i < c->n ? c->days[i].day - d - 1 :
		    INT64_MAX;
		weeks = gap / 7;
		if (weeks > (left - 1) / 5)
			weeks = (left - 1) / 5;
		d += weeks * 7;
		left -= weeks * 5;
		d++;
		if (working(c, d))
			left--;
	}
	return zw_days_to_date(d);
}

/* Working days in (a, b], a <= b. */
static int64_t
count_working(const zw_calendar *c, int64_t a, int64_t b)
{
	int64_t cnt = weekdays_before(b + 1) - weekdays_before(a + 1);
	size_t i;

	if (c == NULL)
		return cnt;
	for (i = lower_bound(c, a + 1); i < c->n && c->days[i].day <= b; i++) {
		bool weekday = weekday_of(c->days[i].day) < 5;

		if (c->days[i].kind == ZW_DAY_OFF && weekday)
			cnt--;
		else if (c->days[i].kind == ZW_DAY_WORK && !weekday)
			cnt++;
	}
	return cnt;
}

/*
 * Working days in (from, to]: after `from`, up to and including `to`;
 * the negated count of (to, from] when to < from.  Clamped to int.
 */
int
zw_working_days_between(const zw_calendar *c, zw_date from, zw_date to)
{
	int64_t a = zw_date_to_days(from), b = zw_date_to_days(to), cnt;

	cnt = b >= a ? count_working(c, a, b) : -count_working(c, b, a);
	if (cnt > INT_MAX)
		return INT_MAX;
	if (cnt < -INT_MAX)
		return -INT_MAX;
	return (int)cnt;
}

/* Name of the holiday or 调休 entry for d, or NULL. */
const char *
zw_calendar_name(const zw_calendar *c, zw_date d)
{
	const struct special_day *e = find_day(c, zw_date_to_days(d));

	return e != NULL ? e->name : NULL;
}

/* Call fn for every special day in date order; stops at the first
 * non-zero return and returns it. */
int
zw_calendar_each(const zw_calendar *c, int (*fn)(void *arg, zw_date d,
    int kind, const char *name), void *arg)
{
	size_t i;
	int rc;

	for (i = 0; i < c->n; i++)
		if ((rc = fn(arg, zw_days_to_date(c->days[i].day), c->days[i].kind,
		    c->days[i].name)) != 0)
			return rc;
	return 0;
}
