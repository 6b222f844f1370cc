/*
 * stats.c -- supervision statistics per department or service item
 * (zw_supervision_stats in supervise.h): a handful of GROUP BY queries,
 * one per figure family, merged in C by group key.  The number of
 * groups is the number of departments or items, never of applications.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approvals/supervise.h"
#include "approvals/sv_int.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "org/org_int.h"

enum {
	F_RECEIVED, F_ONLINE, F_ACCEPTED, F_COMPLETED, F_DECIDED, F_ON_TIME,
	F_DAYS_SUM, F_DAYS_N, F_WARN, F_YELLOW, F_RED, F_RATINGS, F_BAD,
	F_RECT, F_RECT_OVERDUE, F_COUNT
};

struct row {
	int64_t key;
	int64_t v[F_COUNT];
};

struct rows {
	struct row *r;
	size_t n, cap;
};

static struct row *
row_for(struct rows *t, int64_t key)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->r[i].key == key)
			return &t->r[i];
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->r = zw_realloc(t->r, t->cap * sizeof(*t->r));
	}
	memset(&t->r[t->n], 0, sizeof(t->r[0]));
	t->r[t->n].key = key;
	return &t->r[t->n++];
}

/*
 * One query per figure family, in two variants: grouped by the lead
 * department (a.org_id, or the alert's department) or by the item.
 * Parameters: the period (dates or times), then the scope.  The first
 * column is the key, the rest go to the fields listed in `fields`.
 */
#define SCOPE_JOIN " JOIN orgs o ON o.id = a.org_id "
#define Q_RECEIVED(K) "SELECT " K ", COUNT(*), SUM(CASE WHEN a.channel = " \
	"'online' THEN 1 ELSE 0 END) FROM applications a" SCOPE_JOIN \
	"WHERE a.received_on BETWEEN ? AND ? AND " ZW_SCOPE_SQL " GROUP BY " K
#define Q_ACCEPTED(K) "SELECT " K ", COUNT(*) FROM applications a" SCOPE_JOIN \
	"WHERE a.accepted_on BETWEEN ? AND ? AND " ZW_SCOPE_SQL " GROUP BY " K
#define Q_COMPLETED(K) "SELECT " K ", COUNT(*) FROM applications a" SCOPE_JOIN \
	"WHERE a.closed_on BETWEEN ? AND ? AND a.status IN ('completed', " \
	"'denied') AND " ZW_SCOPE_SQL " GROUP BY " K
#define Q_DECIDED(K) "SELECT " K ", COUNT(*), SUM(a.on_time), " \
	"SUM(a.days_used), COUNT(a.days_used) FROM applications a" SCOPE_JOIN \
	"WHERE a.decided_on BETWEEN ? AND ? AND a.on_time IS NOT NULL AND " \
	ZW_SCOPE_SQL " GROUP BY " K
#define Q_ALERTS(K) "SELECT " K ", SUM(CASE WHEN x.level = 1 THEN 1 ELSE 0 " \
	"END), SUM(CASE WHEN x.level = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN " \
	"x.level = 3 THEN 1 ELSE 0 END) FROM supervision_alerts x JOIN " \
	"applications a ON a.id = x.app_id" SCOPE_JOIN "WHERE x.raised_at " \
	"BETWEEN ? AND ? AND " ZW_SCOPE_SQL " GROUP BY " K
#define Q_RATINGS(K) "SELECT " K ", COUNT(*), SUM(CASE WHEN r.stars <= 2 THEN " \
	"1 ELSE 0 END) FROM ratings r JOIN applications a ON a.id = r.app_id" \
	SCOPE_JOIN "WHERE r.rated_at BETWEEN ? AND ? AND " ZW_SCOPE_SQL \
	" GROUP BY " K
/* rectifications: one more parameter first, today (overdue = open and
 * past due) */
#define Q_RECT(K) "SELECT " K ", COUNT(*), SUM(CASE WHEN t.status = 'open' " \
	"AND t.due_on < ? THEN 1 ELSE 0 END) FROM rectifications t JOIN " \
	"applications a ON a.id = t.app_id" SCOPE_JOIN "WHERE t.created_at " \
	"BETWEEN ? AND ? AND " ZW_SCOPE_SQL " GROUP BY " K

static const struct query {
	const char *sql[2];	/* by department, by item */
	int by_time;		/* period as times (1) or dates (0) */
	int today_first;	/* binds today before the period */
	int nfields;
	int fields[5];
} queries[] = {
	{ { Q_RECEIVED("a.org_id"), Q_RECEIVED("a.item_id") }, 0, 0, 2,
	  { F_RECEIVED, F_ONLINE } },
	{ { Q_ACCEPTED("a.org_id"), Q_ACCEPTED("a.item_id") }, 0, 0, 1,
	  { F_ACCEPTED } },
	{ { Q_COMPLETED("a.org_id"), Q_COMPLETED("a.item_id") }, 0, 0, 1,
	  { F_COMPLETED } },
	{ { Q_DECIDED("a.org_id"), Q_DECIDED("a.item_id") }, 0, 0, 4,
	  { F_DECIDED, F_ON_TIME, F_DAYS_SUM, F_DAYS_N } },
	/* an alert counts for the department it names (a joint step's
	 * co-department may be the late one) */
	{ { Q_ALERTS("x.org_id"), Q_ALERTS("a.item_id") }, 1, 0, 3,
	  { F_WARN, F_YELLOW, F_RED } },
	{ { Q_RATINGS("r.org_id"), Q_RATINGS("a.item_id") }, 1, 0, 2,
	  { F_RATINGS, F_BAD } },
	{ { Q_RECT("t.org_id"), Q_RECT("a.item_id") }, 1, 1, 2,
	  { F_RECT, F_RECT_OVERDUE } },
};

static json_t *
ratio(int64_t num, int64_t den, double scale)
{
	if (den <= 0)
		return json_null();
	return json_real(round((double)num / (double)den * scale) / scale);
}

static json_t *
figures(const struct row *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "received", json_integer(r->v[F_RECEIVED]));
	json_object_set_new(o, "accepted", json_integer(r->v[F_ACCEPTED]));
	json_object_set_new(o, "completed", json_integer(r->v[F_COMPLETED]));
	json_object_set_new(o, "decided", json_integer(r->v[F_DECIDED]));
	json_object_set_new(o, "on_time", json_integer(r->v[F_ON_TIME]));
	json_object_set_new(o, "on_time_rate", ratio(r->v[F_ON_TIME],
	    r->v[F_DECIDED], 10000.0));
	json_object_set_new(o, "avg_days", ratio(r->v[F_DAYS_SUM], r->v[F_DAYS_N],
	    10.0));
	json_object_set_new(o, "online", json_integer(r->v[F_ONLINE]));
	json_object_set_new(o, "online_rate", ratio(r->v[F_ONLINE],
	    r->v[F_RECEIVED], 10000.0));
	json_object_set_new(o, "alerts", json_pack("{s:I, s:I, s:I}",
	    "预警", (json_int_t)r->v[F_WARN], "黄牌", (json_int_t)r->v[F_YELLOW],
	    "红牌", (json_int_t)r->v[F_RED]));
	json_object_set_new(o, "ratings", json_integer(r->v[F_RATINGS]));
	json_object_set_new(o, "bad_ratings", json_integer(r->v[F_BAD]));
	json_object_set_new(o, "rectifications", json_integer(r->v[F_RECT]));
	json_object_set_new(o, "rectifications_overdue",
	    json_integer(r->v[F_RECT_OVERDUE]));
	return o;
}

static int
cmp_key(const void *a, const void *b)
{
	int64_t x = ((const struct row *)a)->key, y = ((const struct row *)b)->key;

	return x < y ? -1 : x > y;
}

/* Names of the groups: departments, or items (current version). */
static int
name_rows(zw_conn *c, bool by_item, json_t *rows)
{
	json_t *r;
	size_t i;
	int rc;

	json_array_foreach(rows, i, r) {
		zw_stmt *s;

		rc = zw_prepare(c, by_item ? "SELECT v.name, i.code FROM "
		    "service_items i JOIN item_versions v ON v.item_id = i.id AND "
		    "v.version = i.current_version WHERE i.id = ?" :
		    "SELECT name, code FROM orgs WHERE id = ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, zw_json_int(r, by_item ? "item_id" : "org_id"));
		if ((rc = zw_step(s)) < 0)
			return rc;
		json_object_set_new(r, "name", json_string(rc == ZW_ROW ?
		    zw_col_text(s, 0) : ""));
		json_object_set_new(r, "code", json_string(rc == ZW_ROW ?
		    zw_col_text(s, 1) : ""));
		zw_reset(s);
	}
	return ZW_OK;
}

int
zw_supervision_stats(zw_conn *c, const struct zw_actor *who, zw_date from,
    zw_date to, bool by_item, json_t **out)
{
	zw_arena *a = zw_arena_new();
	struct rows t = { 0 };
	struct row total;
	char dfrom[11], dto[11], today[11];
	int64_t tfrom = zw_date_end(zw_date_add_days(from, -1)) + 1;
	int64_t tto = zw_date_end(to);
	json_t *rows = NULL;
	size_t qi, i;
	int rc = ZW_OK, f;

	*out = NULL;
	zw_date_fmt(from, dfrom, sizeof(dfrom));
	zw_date_fmt(to, dto, sizeof(dto));
	zw_sv_today(today);
	for (qi = 0; qi < sizeof(queries) / sizeof(queries[0]); qi++) {
		const struct query *q = &queries[qi];
		zw_stmt *s;
		int p = 1;

		if ((rc = zw_prepare(c, q->sql[by_item ? 1 : 0], &s)) != ZW_OK)
			goto out;
		if (q->today_first)
			zw_bind_text(s, p++, today, (size_t)-1);
		if (q->by_time) {
			zw_bind_int(s, p++, tfrom);
			zw_bind_int(s, p++, tto);
		} else {
			zw_bind_text(s, p++, dfrom, (size_t)-1);
			zw_bind_text(s, p++, dto, (size_t)-1);
		}
		zw_bind_scope(s, p, who, a);
		while ((rc = zw_step(s)) == ZW_ROW) {
			struct row *r = row_for(&t, zw_col_int(s, 0));

			for (f = 0; f < q->nfields; f++)
				r->v[q->fields[f]] += zw_col_int(s, f + 1);
		}
		if (rc < 0)
			goto out;
	}
	if (t.n > 0)
		qsort(t.r, t.n, sizeof(t.r[0]), cmp_key);
	memset(&total, 0, sizeof(total));
	rows = json_array();
	for (i = 0; i < t.n; i++) {
		json_t *o = figures(&t.r[i]);

		json_object_set_new(o, by_item ? "item_id" : "org_id",
		    json_integer(t.r[i].key));
		json_array_append_new(rows, o);
		for (f = 0; f < F_COUNT; f++)
			total.v[f] += t.r[i].v[f];
	}
	if ((rc = name_rows(c, by_item, rows)) != ZW_OK)
		goto out;
	*out = json_pack("{s:s, s:s, s:s, s:O, s:o}", "from", dfrom, "to", dto,
	    "by", by_item ? "item" : "org", "rows", rows, "total", figures(&total));
	rc = ZW_OK;
out:
	json_decref(rows);
	zw_free(t.r);
	zw_arena_free(a);
	return rc;
}
