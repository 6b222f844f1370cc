/*
 * misc_routes.c -- identifier validation (GB 11643, GB 32100, GB/T 2260)
 * and the working-day calendar (standards.md §10) over HTTP.
 */
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/ids.h"
#include "base/str.h"
#include "base/json.h"
#include "base/workday.h"
#include "org/org.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

#define CAL_MAX_DAYS 3650	/* add-working-days: ten years is plenty */
#define CAL_MAX_IMPORT (256u << 10)	/* one calendar file */

static void
api_validate(zw_req *r)
{
	const char *kind = r->params[0], *v = r->params[1];
	struct zw_id_result res;
	char today[11];
	json_t *o;

	if (strlen(v) > 64) {
		zw_fail(r, 400, "too_long", "待校验的值过长", "value");
		return;
	}
	zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
	memset(&res, 0, sizeof(res));
	if (strcmp(kind, "id-number") == 0)
		zw_validate_id_number(v, today, &res);
	else if (strcmp(kind, "uscc") == 0)
		zw_validate_uscc(v, &res);
	else if (strcmp(kind, "region") == 0)
		zw_validate_region(v, &res);
	else {
		zw_fail(r, 404, "unknown_kind",
		    "可校验的类型：id-number、uscc、region", NULL);
		return;
	}
	o = json_pack("{s:b, s:s, s:s}", "valid", res.valid, "code", res.code ?
	    res.code : "", "reason", res.reason ? res.reason : "");
	if (res.valid && strcmp(kind, "id-number") == 0) {
		const struct zw_region *rg = zw_region_find(res.region);

		json_object_set_new(o, "normalized", json_string(res.normalized));
		json_object_set_new(o, "birth_date", json_string(res.birth));
		json_object_set_new(o, "sex", json_string(res.sex == 1 ? "男" : "女"));
		json_object_set_new(o, "region_code", json_string(res.region));
		json_object_set_new(o, "region_name", json_string(rg ? rg->full_name : ""));
	} else if (res.valid && strcmp(kind, "uscc") == 0) {
		const struct zw_region *rg = zw_region_find(res.region);

		json_object_set_new(o, "authority", json_string(res.authority ? res.authority : ""));
		json_object_set_new(o, "org_type", json_string(res.org_type ? res.org_type : ""));
		json_object_set_new(o, "org_code", json_string(res.org_code));
		json_object_set_new(o, "region_code", json_string(res.region));
		json_object_set_new(o, "region_name", json_string(rg ? rg->full_name : ""));
	} else if (res.valid) {
		const struct zw_region *rg = zw_region_find(res.region);

		json_object_set_new(o, "region_name", json_string(rg ? rg->full_name : ""));
		json_object_set_new(o, "level", json_integer(rg ? rg->level : 0));
		json_object_set_new(o, "historic", json_boolean(rg && rg->historic));
	}
	zw_json(r, 200, o);
}

struct year_ctx {
	int year;
	json_t *out;
};

static int
year_day(void *arg, zw_date d, int kind, const char *name)
{
	static const char *wd[] = { "一", "二", "三", "四", "五", "六", "日" };
	struct year_ctx *x = arg;
	char ds[11], cn[24];

	if (d.y != x->year)
		return 0;
	zw_date_fmt(d, ds, sizeof(ds));
	zw_date_fmt_cn(d, cn, sizeof(cn));
	json_array_append_new(x->out, json_pack("{s:s, s:s, s:s, s:s, s:s}",
	    "date", ds, "date_cn", cn, "weekday", wd[zw_date_weekday(d)],
	    "kind", kind == ZW_DAY_WORK ? "work" : "off", "name", name ? name : ""));
	return 0;
}

json_t *
zw_calendar_year_json(const zw_calendar *cal, int year)
{
	struct year_ctx x = { year, json_array() };

	zw_calendar_each(cal, year_day, &x);
	return x.out;
}

static bool
query_date(zw_req *r, const char *name, zw_date *d)
{
	const char *v = zw_query(r, name);

	if (v == NULL || zw_date_parse(v, d) != ZW_OK) {
		zw_fail(r, 400, "invalid_date", zw_aprintf(r->a,
		    "%s 应为有效日期 YYYY-MM-DD", name), name);
		return false;
	}
	return true;
}

/* §10: N working days start the day after `from`. */
static void
api_add_working_days(zw_req *r)
{
	const char *ds = zw_query(r, "days");
	char out[11], fromtxt[11];
	int64_t days;
	zw_date from, to;

	if (!query_date(r, "from", &from))
		return;
	if (ds == NULL || zw_parse_i64(ds, 0, CAL_MAX_DAYS, &days) != ZW_OK) {
		zw_fail(r, 400, "invalid_days", "days 应为 0 到 3650 之间的整数", "days");
		return;
	}
	pthread_rwlock_rdlock(&r->app->cal_lock);
	to = zw_add_working_days(r->app->cal, from, (int)days);
	pthread_rwlock_unlock(&r->app->cal_lock);
	zw_date_fmt(to, out, sizeof(out));
	zw_date_fmt(from, fromtxt, sizeof(fromtxt));
	zw_json(r, 200, json_pack("{s:s, s:s, s:I, s:s}", "date", out, "from",
	    fromtxt, "days", (json_int_t)days, "deadline",
	    zw_fmt_time(r, zw_date_end(to))));
}

static void
api_working_days_between(zw_req *r)
{
	zw_date from, to;
	int n;

	if (!query_date(r, "from", &from) || !query_date(r, "to", &to))
		return;
	if (zw_date_to_days(to) - zw_date_to_days(from) > 3650 * 2 ||
	    zw_date_to_days(from) - zw_date_to_days(to) > 3650 * 2) {
		zw_fail(r, 400, "range_too_long", "日期范围过大", "to");
		return;
	}
	pthread_rwlock_rdlock(&r->app->cal_lock);
	n = zw_working_days_between(r->app->cal, from, to);
	pthread_rwlock_unlock(&r->app->cal_lock);
	zw_json(r, 200, json_pack("{s:i}", "working_days", n));
}

/* GET /api/v1/calendar?year=2026: the special days and the working-day
 * count of every month. */
static void
api_calendar(zw_req *r)
{
	const char *ys = zw_query(r, "year");
	int64_t year;
	json_t *days = json_array(), *months = json_array();
	int m;

	if (ys == NULL || zw_parse_i64(ys, 1990, 2100, &year) != ZW_OK) {
		json_decref(days);
		json_decref(months);
		zw_fail(r, 400, "invalid_year", "year 应为 1990 到 2100 之间的年份", "year");
		return;
	}
	pthread_rwlock_rdlock(&r->app->cal_lock);
	json_decref(days);
	days = zw_calendar_year_json(r->app->cal, (int)year);
	for (m = 1; m <= 12; m++) {
		zw_date first = { (int)year, m, 1 };
		zw_date last = m == 12 ? (zw_date){ (int)year, 12, 31 } :
		    zw_date_add_days((zw_date){ (int)year, m + 1, 1 }, -1);

		json_array_append_new(months, json_pack("{s:i, s:i}", "month", m,
		    "working_days", zw_working_days_between(r->app->cal,
		    zw_date_add_days(first, -1), last)));
	}
	zw_json(r, 200, json_pack("{s:I, s:b, s:o, s:o}", "year", (json_int_t)year,
	    "has_data", zw_calendar_has_year(r->app->cal, (int)year), "days", days,
	    "months", months));
	pthread_rwlock_unlock(&r->app->cal_lock);
}

struct import_ctx {
	zw_conn *c;
	int rc;
	int count;
	int64_t now;
};

static int
import_day(void *arg, zw_date d, int kind, const char *name)
{
	struct import_ctx *x = arg;
	char ds[11];
	zw_stmt *s;

	zw_date_fmt(d, ds, sizeof(ds));
	if ((x->rc = zw_prepare(x->c, "INSERT INTO calendar_days (day, kind, name, "
	    "imported_at) VALUES (?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET "
	    "kind = excluded.kind, name = excluded.name, "
	    "imported_at = excluded.imported_at", &s)) != ZW_OK)
		return x->rc;
	zw_bind_text(s, 1, ds, (size_t)-1);
	zw_bind_text(s, 2, kind == 2 ? "work" : "off", (size_t)-1);
	zw_bind_text(s, 3, name ? name : "", (size_t)-1);
	zw_bind_int(s, 4, x->now);
	if ((x->rc = zw_step(s)) < 0)
		return x->rc;
	x->count++;
	return ZW_OK;
}

/* POST /api/v1/calendar/import: a calendar file as text/plain (format in
 * docs/operations.md).  All lines or none. */
static void
api_calendar_import(zw_req *r)
{
	struct import_ctx x = { 0 };
	struct zw_actor who;
	zw_calendar *cal;
	int line = 0, rc;
	json_t *d;

	if (r->body_len == 0 || r->body_len > CAL_MAX_IMPORT) {
		zw_fail(r, 400, "empty", "请上传日历文件内容（text/plain）", NULL);
		return;
	}
	cal = zw_calendar_new();
	if (zw_calendar_load(cal, r->body, r->body_len, &line) != ZW_OK) {
		zw_calendar_free(cal);
		zw_fail(r, 422, "bad_calendar_line", zw_aprintf(r->a,
		    "第%d行格式错误：应为“YYYY-MM-DD off|work 名称”", line), NULL);
		return;
	}
	if ((x.c = zw_begin(r)) == NULL) {
		zw_calendar_free(cal);
		return;
	}
	x.now = zw_now();
	rc = zw_calendar_each(cal, import_day, &x);
	zw_calendar_free(cal);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_req_actor(r, &who);
	d = json_pack("{s:i}", "days", x.count);
	rc = zw_actor_audit(x.c, &who, "calendar.import", "calendar", 0, "success", d);
	json_decref(d);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_app_reload_calendar(r->app, x.c)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, json_pack("{s:i}", "imported", x.count));
}

const struct zw_route zw_misc_routes[] = {
	{ "GET", "/api/v1/validate/{kind}/{value}", api_validate, NULL, ZW_R_PUBLIC,
	  "/api/v1/validate" },
	{ "GET", "/api/v1/calendar/add-working-days", api_add_working_days, NULL,
	  ZW_R_PUBLIC, NULL },
	{ "GET", "/api/v1/calendar/working-days-between", api_working_days_between,
	  NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/api/v1/calendar", api_calendar, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/api/v1/calendar/import", api_calendar_import, "calendar.manage",
	  ZW_R_STAFF, NULL },
};
const size_t zw_misc_routes_count = sizeof(zw_misc_routes) / sizeof(zw_misc_routes[0]);
