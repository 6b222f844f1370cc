/*
 * supervise_pages.c -- back-office pages of electronic supervision and
 * ratings: the supervision dashboard (alerts by level, the newest
 * alerts with links to their cases, 立即巡查, notices issued and their
 * answers), the statistics table with SVG bars, the department's
 * supervision notices with the answer form, and the rectifications of
 * bad ratings with the completion form.  Forms post to the same domain
 * calls as the API; a rejected form comes back with a message and the
 * values entered, and nothing changed.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/rating.h"
#include "approvals/supervise.h"
#include "approvals/supervise_routes.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "disclosure/routes.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

/* "2026-03-10T10:00:00+08:00" -> "2026-03-10 10:00" in key_display. */
static void
add_display(json_t *o, const char *key)
{
	const char *t = zw_json_str(o, key);
	char buf[32], name[48];

	if (strlen(t) < 16)
		return;
	memcpy(buf, t, 16);
	buf[10] = ' ';
	buf[16] = '\0';
	snprintf(name, sizeof(name), "%s_display", key);
	json_object_set_new(o, name, json_string(buf));
}

static void
add_displays(json_t *items, const char *key)
{
	json_t *o;
	size_t i;

	json_array_foreach(items, i, o)
		add_display(o, key);
}

/* The form value of key, "" when absent. */
static const char *
form_val(zw_req *r, const char *key)
{
	const char *v = zw_form(r, key);

	return v != NULL ? v : "";
}

/* ---- the dashboard ---- */

static void
render_dashboard(zw_req *r, int status, const char *err, json_t *form)
{
	struct zw_alert_filter f = { 0 };
	struct zw_actor who;
	int64_t limit = ZW_LIST_DEFAULT, cursor = 0, next = -1, nn;
	const char *lv = zw_query(r, "level"), *op = zw_query(r, "open");
	const char *oi = zw_query(r, "org_id"), *cu = zw_query(r, "cursor");
	json_t *ctx, *sum = NULL, *alerts = NULL, *notices = NULL, *orgs = NULL;
	json_t *it;
	size_t i;
	int rc;

	if (zw_db_conn(r) == NULL) {
		json_decref(form);
		return;
	}
	zw_req_actor(r, &who);
	/* filters: a bad value is ignored with a message */
	f.level = lv != NULL && *lv ? zw_alert_level_parse(lv) : 0;
	if (lv != NULL && *lv && f.level == 0 && err == NULL)
		err = "级别应为 预警、黄牌 或 红牌，已显示全部";
	if (oi != NULL && *oi && zw_parse_i64(oi, 1, INT64_MAX, &f.org_id) != ZW_OK)
		f.org_id = 0;
	f.open_only = op == NULL || strcmp(op, "0") != 0;
	if (cu != NULL && *cu && zw_parse_i64(cu, 1, INT64_MAX, &cursor) != ZW_OK)
		cursor = 0;
	if ((rc = zw_supervision_summary(r->db, &who, &sum)) != ZW_OK ||
	    (rc = zw_supervision_alerts(r->db, &who, &f, limit, cursor, &alerts,
	    &next)) != ZW_OK ||
	    (rc = zw_supervision_notices(r->db, &who, NULL, 20, 0, &notices,
	    &nn)) != ZW_OK) {
		json_decref(sum);
		json_decref(alerts);
		json_decref(form);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	add_display(sum, "last_sweep_at");
	{
		json_t *op_ = json_object_get(sum, "open");

		/* ASCII keys for the template */
		json_object_set_new(sum, "counts", json_pack("{s:I, s:I, s:I}",
		    "warn", (json_int_t)zw_json_int(op_, "预警"),
		    "yellow", (json_int_t)zw_json_int(op_, "黄牌"),
		    "red", (json_int_t)zw_json_int(op_, "红牌")));
	}
	add_displays(alerts, "raised_at");
	add_displays(notices, "issued_at");
	add_displays(notices, "answered_at");
	if (zw_org_list_public(r->db, &orgs) != ZW_OK)
		orgs = json_array();
	json_array_foreach(orgs, i, it)
		if (zw_json_int(it, "id") == f.org_id)
			json_object_set_new(it, "selected", json_true());
	ctx = json_pack("{s:o, s:o, s:o, s:o, s:b, s:b, s:i, s:I, s:b}",
	    "summary", sum, "alerts", alerts, "notices", notices, "orgs", orgs,
	    "can_sweep", zw_supervision_may_sweep(&who),
	    "can_notice", zw_actor_can(&who, "supervision.manage"),
	    "level", f.level, "org_id", (json_int_t)f.org_id,
	    "open", f.open_only);
	json_object_set_new(ctx, "level_name", json_string(zw_alert_level_name(
	    f.level)));
	if (next >= 0)
		json_object_set_new(ctx, "next", json_integer(next));
	if (form == NULL) {
		const char *no = zw_query(r, "notice");

		form = json_pack("{s:s, s:s, s:s}", "application_no", no ? no : "",
		    "body", "", "due_days", "5");
	}
	json_object_set_new(ctx, "form", form);
	if (err != NULL)
		json_object_set_new(ctx, "error", json_string(err));
	if (zw_query(r, "swept") != NULL) {
		int64_t n = 0, d = 0;

		(void)zw_parse_i64(zw_query(r, "swept"), 0, INT64_MAX, &n);
		if (zw_query(r, "deemed") != NULL)
			(void)zw_parse_i64(zw_query(r, "deemed"), 0, INT64_MAX, &d);
		json_object_set_new(ctx, "swept", json_pack("{s:I, s:I}", "raised",
		    (json_int_t)n, "deemed", (json_int_t)d));
	}
	if (zw_query(r, "issued") != NULL)
		json_object_set_new(ctx, "issued", json_true());
	{
		/* 依申请公开 past the answer period (条例 第三十三条). */
		struct zw_disc_env denv;
		int64_t n = 0;

		zw_disc_env_of(r, &denv);
		if (zw_disc_overdue_count(r->db, &who, &denv, &n) == ZW_OK)
			json_object_set_new(ctx, "disclosure_overdue", json_integer(n));
	}
	zw_render(r, status, "office/supervision.html", ctx);
}

static void
page_dashboard(zw_req *r)
{
	render_dashboard(r, 200, NULL, NULL);
}

static void
page_sweep(zw_req *r)
{
	struct zw_sweep_counts n;

	if (zw_sv_run_sweep(r, &n) != ZW_OK)
		return;
	zw_redirect(r, zw_aprintf(r->a, "/office/supervision?swept=%lld&deemed=%lld",
	    (long long)n.raised, (long long)n.deemed));
}

static void
page_notice_issue(zw_req *r)
{
	const char *no = form_val(r, "application_no"), *body = form_val(r, "body");
	const char *dd = form_val(r, "due_days");
	struct zw_apps_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t due = 0, id;
	zw_conn *c;
	int rc;

	json_t *form = json_pack("{s:s, s:s, s:s}", "application_no", no, "body",
	    body, "due_days", dd);

	if (zw_parse_i64(dd, 1, ZW_SV_MAX_DUE_DAYS, &due) != ZW_OK) {
		render_dashboard(r, 422, "答复期限应为 1 到 30 个工作日", form);
		return;
	}
	if ((c = zw_begin(r)) == NULL) {
		json_decref(form);
		return;
	}
	zw_req_actor(r, &who);
	zw_sv_env_lock(r, &env);
	rc = zw_supervision_notice_issue(c, &who, &env, no, body, (int)due, &id,
	    &why);
	zw_sv_env_unlock(r);
	if (rc == ZW_OK && zw_commit(r)) {
		json_decref(form);
		zw_redirect(r, "/office/supervision?issued=1#notices");
		return;
	}
	if (rc == ZW_OK) {	/* the commit failed: its error is set */
		json_decref(form);
		return;
	}
	zw_tx_rollback(c);
	if (rc == ZW_EDB || rc == ZW_EBUSY) {
		json_decref(form);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	render_dashboard(r, rc == ZW_ENOTFOUND ? 404 : rc == ZW_EPERM ? 403 : 422,
	    why.message ? why.message : "提交内容有误", form);
}

/* ---- statistics ---- */

#define BAR_MAX 240	/* pixels of the longest bar */

static const char *
pct(zw_req *r, json_t *v)
{
	if (!json_is_number(v))
		return "—";
	return zw_aprintf(r->a, "%.1f%%", json_number_value(v) * 100.0);
}

/* Display strings and bar widths for one row of figures. */
static void
decorate(zw_req *r, json_t *o, int64_t max)
{
	int64_t rec = zw_json_int(o, "received"), done = zw_json_int(o, "completed");
	json_t *avg = json_object_get(o, "avg_days");

	json_object_set_new(o, "on_time_pct", json_string(pct(r,
	    json_object_get(o, "on_time_rate"))));
	json_object_set_new(o, "online_pct", json_string(pct(r,
	    json_object_get(o, "online_rate"))));
	json_object_set_new(o, "avg_text", json_string(json_is_number(avg) ?
	    zw_aprintf(r->a, "%.1f", json_number_value(avg)) : "—"));
	json_object_set_new(o, "alerts_warn", json_integer(zw_json_int(
	    json_object_get(o, "alerts"), "预警")));
	json_object_set_new(o, "alerts_yellow", json_integer(zw_json_int(
	    json_object_get(o, "alerts"), "黄牌")));
	json_object_set_new(o, "alerts_red", json_integer(zw_json_int(
	    json_object_get(o, "alerts"), "红牌")));
	json_object_set_new(o, "bar_received", json_integer(max > 0 ?
	    rec * BAR_MAX / max : 0));
	json_object_set_new(o, "bar_completed", json_integer(max > 0 ?
	    done * BAR_MAX / max : 0));
	json_object_set_new(o, "bar_on_time", json_integer(json_is_number(
	    json_object_get(o, "on_time_rate")) ? (int64_t)(json_number_value(
	    json_object_get(o, "on_time_rate")) * BAR_MAX) : 0));
}

static void
page_stats(zw_req *r)
{
	struct zw_actor who;
	zw_date from, to;
	const char *err = NULL;
	char df[11], dt[11];
	bool by_item = false;
	json_t *st, *rows, *o, *ctx;
	int64_t max = 0;
	size_t i;
	int rc;

	if (!zw_sv_stats_params(r, &from, &to, &by_item, &err)) {
		/* show this year with the message */
		to = zw_date_of(zw_now());
		from = to;
		from.m = 1;
		from.d = 1;
		by_item = false;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_supervision_stats(r->db, &who, from, to, by_item, &st)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	rows = json_object_get(st, "rows");
	json_array_foreach(rows, i, o)
		if (zw_json_int(o, "received") > max)
			max = zw_json_int(o, "received");
	json_array_foreach(rows, i, o)
		decorate(r, o, max);
	decorate(r, json_object_get(st, "total"), 0);
	zw_date_fmt(from, df, sizeof(df));
	zw_date_fmt(to, dt, sizeof(dt));
	ctx = json_pack("{s:o, s:s, s:s, s:s, s:i}", "stats", st, "from", df,
	    "to", dt, "by", by_item ? "item" : "org", "bar_max", BAR_MAX);
	if (err != NULL)
		json_object_set_new(ctx, "error", json_string(err));
	zw_render(r, err != NULL ? 422 : 200, "office/supervision_stats.html", ctx);
}

/* ---- the department's supervision notices ---- */

static void
render_notices(zw_req *r, int status, int64_t err_id, const char *err,
    const char *answer)
{
	struct zw_actor who;
	const char *st = zw_query(r, "status");
	int64_t next;
	json_t *items, *it, *ctx;
	bool handle, shown = false;
	size_t i;
	int rc;

	if (!zw_sv_notice_status_ok(st))
		st = "";
	if (st == NULL)
		st = "open";
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	handle = zw_actor_can(&who, "approvals.handle");
	if ((rc = zw_supervision_notices(r->db, &who, st, ZW_LIST_MAX, 0, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_array_foreach(items, i, it) {
		add_display(it, "issued_at");
		add_display(it, "answered_at");
		json_object_set_new(it, "mine", json_boolean(handle &&
		    zw_json_int(it, "org_id") == who.org_id &&
		    strcmp(zw_json_str(it, "status"), "open") == 0));
		if (zw_json_int(it, "id") == err_id) {
			json_object_set_new(it, "error", json_string(err));
			json_object_set_new(it, "draft", json_string(answer));
			shown = true;
		}
	}
	ctx = json_pack("{s:o, s:s, s:b}", "items", items, "status", st,
	    "saved", zw_query(r, "saved") != NULL);
	/* the notice is not on this tab: say it at the top */
	if (err != NULL && !shown)
		json_object_set_new(ctx, "page_error", json_string(err));
	zw_render(r, status, "office/supervision_notices.html", ctx);
}

static void
page_notices(zw_req *r)
{
	render_notices(r, 200, 0, NULL, NULL);
}

static void
page_notice_answer(zw_req *r)
{
	const char *answer = form_val(r, "answer");
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_supervision_notice_answer(c, &who, id, answer, &why);
	if (rc == ZW_OK) {
		if (zw_commit(r))
			zw_redirect(r, "/office/supervision/notices?status=answered&saved=1");
		return;
	}
	zw_tx_rollback(c);
	if (rc == ZW_ENOTFOUND || rc == ZW_EDB || rc == ZW_EBUSY) {
		zw_fail_rc(r, rc, rc == ZW_ENOTFOUND ? "监察通知不存在" : NULL, NULL);
		return;
	}
	render_notices(r, rc == ZW_EPERM ? 403 : rc == ZW_ESTATE ? 409 : 422, id,
	    why.message ? why.message : "提交内容有误", answer);
}

/* ---- rectifications ---- */

static void
render_rects(zw_req *r, int status, int64_t err_id, const char *err)
{
	struct zw_actor who;
	const char *st = zw_query(r, "status");
	int64_t next;
	json_t *items, *it, *ctx;
	bool handle, shown = false;
	size_t i;
	int rc;

	if (!zw_sv_rect_status_ok(st))
		st = "";
	if (st == NULL)
		st = "open";
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	handle = zw_actor_can(&who, "approvals.handle");
	if ((rc = zw_rectification_list(r->db, &who, st, ZW_LIST_MAX, 0, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_array_foreach(items, i, it) {
		add_display(it, "rated_at");
		add_display(it, "done_at");
		json_object_set_new(it, "mine", json_boolean(handle &&
		    zw_json_int(it, "org_id") == who.org_id &&
		    strcmp(zw_json_str(it, "status"), "open") == 0));
		if (zw_json_int(it, "id") == err_id) {
			/* the values entered, not the stored ones */
			json_object_set_new(it, "error", json_string(err));
			json_object_set_new(it, "verification", json_string(
			    form_val(r, "verification")));
			json_object_set_new(it, "measures", json_string(
			    form_val(r, "measures")));
			json_object_set_new(it, "followup", json_string(
			    form_val(r, "followup")));
			shown = true;
		}
	}
	ctx = json_pack("{s:o, s:s, s:b}", "items", items, "status", st,
	    "saved", zw_query(r, "saved") != NULL);
	if (err != NULL && !shown)
		json_object_set_new(ctx, "page_error", json_string(err));
	zw_render(r, status, "office/rectifications.html", ctx);
}

static void
page_rects(zw_req *r)
{
	render_rects(r, 200, 0, NULL);
}

static void
page_rect_update(zw_req *r)
{
	struct zw_rectify_in in = { 0 };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *cp = form_val(r, "complete");
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	in.verification = form_val(r, "verification");
	in.measures = form_val(r, "measures");
	in.followup = form_val(r, "followup");
	in.complete = strcmp(cp, "1") == 0;
	zw_req_actor(r, &who);
	rc = zw_rectification_update(c, &who, id, &in, &why);
	if (rc == ZW_OK) {
		if (zw_commit(r))
			zw_redirect(r, in.complete ?
			    "/office/rectifications?status=done&saved=1" :
			    "/office/rectifications?saved=1");
		return;
	}
	zw_tx_rollback(c);
	if (rc == ZW_ENOTFOUND || rc == ZW_EDB || rc == ZW_EBUSY) {
		zw_fail_rc(r, rc, rc == ZW_ENOTFOUND ? "整改任务不存在" : NULL, NULL);
		return;
	}
	render_rects(r, rc == ZW_EPERM ? 403 : rc == ZW_ESTATE ? 409 : 422, id,
	    why.message ? why.message : "提交内容有误");
}

const struct zw_route zw_supervision_page_routes[] = {
	{ "GET", "/office/supervision", page_dashboard, "supervision.read",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/supervision/sweep", page_sweep, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/supervision/stats", page_stats, "supervision.read",
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/supervision/notices", page_notices, "approvals.read",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/supervision/notices", page_notice_issue,
	  "supervision.manage", ZW_R_STAFF, NULL },
	{ "POST", "/office/supervision/notices/{id}/answer", page_notice_answer,
	  "approvals.handle", ZW_R_STAFF, NULL },
	{ "GET", "/office/rectifications", page_rects, "approvals.read",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/rectifications/{id}", page_rect_update,
	  "approvals.handle", ZW_R_STAFF, NULL },
};
const size_t zw_supervision_page_routes_count =
    sizeof(zw_supervision_page_routes) / sizeof(zw_supervision_page_routes[0]);
