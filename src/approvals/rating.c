/*
 * rating.c -- 好差评 (standards.md §3.4): one rating per closed
 * application by its applicant (一事一评), 差评 opening a rectification
 * for the handling department (核实 → 整改 → 反馈, with the mandatory
 * 回访 of named bad ratings), and the public summary.  See rating.h.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "approvals/rating.h"
#include "approvals/sv_int.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "org/org_int.h"

const char *
zw_rating_level_name(int stars)
{
	static const char *const names[] = { "", "非常不满意", "不满意",
		"基本满意", "满意", "非常满意" };

	return stars >= 1 && stars <= 5 ? names[stars] : "";
}

static bool
closed(const char *status)
{
	return strcmp(status, "rejected") == 0 || strcmp(status, "denied") == 0 ||
	    strcmp(status, "completed") == 0;
}

int
zw_rating_submit(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, int stars,
    const char *comment, int64_t *rect_id, struct zw_why *why)
{
	struct zw_sv_app ap;
	char detail[160], due[11];
	int64_t rid = 0;
	zw_stmt *s;
	json_t *d;
	int rc;

	if (rect_id != NULL)
		*rect_id = 0;
	if ((rc = zw_sv_app_by_no(c, no, &ap)) != ZW_OK ||
	    ap.applicant_id != who->id || who->id <= 0) {
		/* someone else's application reveals nothing */
		ZW_WHY(why, "not_found", "办件不存在", NULL);
		return rc == ZW_OK ? ZW_ENOTFOUND : rc;
	}
	if (stars < 1 || stars > 5) {
		ZW_WHY(why, "invalid_stars", "评价等级应为 1 到 5 星", "stars");
		return ZW_EINVAL;
	}
	if ((rc = zw_check_text(comment, "comment", false, ZW_RATING_MAX_COMMENT,
	    why)) != ZW_OK)
		return rc;
	if (!closed(ap.status)) {
		ZW_WHY(why, "not_closed", "办件办结后才能评价", NULL);
		return ZW_ESTATE;
	}
	rc = zw_prepare(c, "INSERT INTO ratings (app_id, org_id, stars, comment, "
	    "rater_id, rated_at) VALUES (?, ?, ?, ?, ?, ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, ap.id);
	zw_bind_int(s, 2, ap.org_id);
	zw_bind_int(s, 3, stars);
	zw_bind_text(s, 4, comment ? comment : "", (size_t)-1);
	zw_bind_int(s, 5, who->id);
	zw_bind_int(s, 6, zw_now());
	if ((rc = zw_step(s)) < 0) {
		if (rc == ZW_ECONFLICT)
			ZW_WHY(why, "already_rated", "该办件已评价，不能重复评价", NULL);
		return rc;
	}
	snprintf(detail, sizeof(detail), "%s（%d星）", zw_rating_level_name(stars),
	    stars);
	if ((rc = zw_sv_event(c, who, ap.id, "服务评价", detail, true)) != ZW_OK)
		return rc;
	d = json_pack("{s:s, s:i}", "application_no", no, "stars", stars);
	rc = zw_actor_audit(c, who, "rating.create", "application", ap.id,
	    "success", d);
	json_decref(d);
	if (rc != ZW_OK || stars > ZW_RATING_BAD_MAX)
		return rc;

	/* 差评: the department verifies, rectifies and calls back */
	zw_date_fmt(zw_add_working_days(env->cal, zw_date_of(zw_now()),
	    env->rectify_days), due, sizeof(due));
	rc = zw_prepare(c, "INSERT INTO rectifications (app_id, org_id, due_on, "
	    "created_at) VALUES (?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, ap.id);
	zw_bind_int(s, 2, ap.org_id);
	zw_bind_text(s, 3, due, (size_t)-1);
	zw_bind_int(s, 4, zw_now());
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	rid = zw_col_int(s, 0);
	zw_reset(s);
	snprintf(detail, sizeof(detail), "差评（%s），整改期限%s",
	    zw_rating_level_name(stars), due);
	if ((rc = zw_sv_event(c, NULL, ap.id, "差评整改", detail, false)) != ZW_OK)
		return rc;
	d = json_pack("{s:s, s:s, s:I}", "application_no", no, "due_on", due,
	    "org_id", (json_int_t)ap.org_id);
	rc = zw_actor_audit(c, who, "rectification.open", "rectification", rid,
	    "success", d);
	json_decref(d);
	if (rc == ZW_OK && rect_id != NULL)
		*rect_id = rid;
	return rc;
}

int
zw_rating_get(zw_conn *c, const char *no, json_t **out)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT r.stars, r.comment, r.rated_at FROM ratings r "
	    "JOIN applications a ON a.id = r.app_id WHERE a.no = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*out = json_pack("{s:I, s:s, s:s, s:o}", "stars",
	    (json_int_t)zw_col_int(s, 0), "level",
	    zw_rating_level_name((int)zw_col_int(s, 0)), "comment",
	    zw_col_text(s, 1), "rated_at", zw_sv_time(s, 2));
	zw_reset(s);
	return ZW_OK;
}

int
zw_rating_summary(zw_conn *c, int64_t org_id, json_t **out)
{
	int64_t n = 0, sum = 0, bad = 0, by[6] = { 0 };
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT stars, COUNT(*) FROM ratings WHERE (? = 0 OR "
	    "org_id = ?) GROUP BY stars", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, org_id);
	zw_bind_int(s, 2, org_id);
	while ((rc = zw_step(s)) == ZW_ROW) {
		int64_t st = zw_col_int(s, 0), k = zw_col_int(s, 1);

		if (st < 1 || st > 5)
			continue;
		by[st] = k;
		n += k;
		sum += st * k;
		if (st <= ZW_RATING_BAD_MAX)
			bad += k;
	}
	if (rc < 0)
		return rc;
	*out = json_pack("{s:o, s:I, s:o, s:I, s:{s:I, s:I, s:I, s:I, s:I}}",
	    "org_id", org_id > 0 ? json_integer(org_id) : json_null(),
	    "count", (json_int_t)n,
	    "average", n > 0 ? json_real(round((double)sum / (double)n * 10.0) /
	    10.0) : json_null(),
	    "bad_count", (json_int_t)bad,
	    "stars", "1", (json_int_t)by[1], "2", (json_int_t)by[2],
	    "3", (json_int_t)by[3], "4", (json_int_t)by[4], "5", (json_int_t)by[5]);
	return ZW_OK;
}

/* ---- rectifications ---- */

#define RECT_COLS "t.id, a.no, t.org_id, o.name, v.name, a.applicant_name, " \
	"COALESCE(r.stars, 0), COALESCE(r.comment, ''), r.rated_at, t.due_on, " \
	"t.status, t.verification, t.measures, t.followup, COALESCE(u.name, ''), " \
	"t.done_at, t.created_at, t.app_id"
#define RECT_FROM "FROM rectifications t JOIN applications a ON a.id = t.app_id " \
	"JOIN orgs o ON o.id = t.org_id JOIN item_versions v ON " \
	"v.id = a.item_version_id LEFT JOIN ratings r ON r.app_id = t.app_id " \
	"LEFT JOIN users u ON u.id = t.done_by"

static json_t *
rect_row(zw_stmt *s, const char *today)
{
	json_t *o = json_object();
	const char *due = zw_col_text(s, 9), *st = zw_col_text(s, 10);
	bool done = strcmp(st, "done") == 0, late = false;
	int stars = (int)zw_col_int(s, 6);

	if (done && !zw_col_isnull(s, 15)) {
		char day[11];

		zw_date_fmt(zw_date_of(zw_col_int(s, 15)), day, sizeof(day));
		late = strcmp(day, due) > 0;
	}
	json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
	json_object_set_new(o, "application_no", json_string(zw_col_text(s, 1)));
	json_object_set_new(o, "org_id", json_integer(zw_col_int(s, 2)));
	json_object_set_new(o, "org_name", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "item_name", json_string(zw_col_text(s, 4)));
	json_object_set_new(o, "applicant_name", json_string(zw_col_text(s, 5)));
	json_object_set_new(o, "stars", json_integer(stars));
	json_object_set_new(o, "level", json_string(zw_rating_level_name(stars)));
	json_object_set_new(o, "comment", json_string(zw_col_text(s, 7)));
	json_object_set_new(o, "rated_at", zw_sv_time(s, 8));
	json_object_set_new(o, "due_on", json_string(due));
	json_object_set_new(o, "status", json_string(st));
	json_object_set_new(o, "status_name", json_string(done ? "已整改" :
	    "整改中"));
	json_object_set_new(o, "verification", json_string(zw_col_text(s, 11)));
	json_object_set_new(o, "measures", json_string(zw_col_text(s, 12)));
	json_object_set_new(o, "followup", json_string(zw_col_text(s, 13)));
	json_object_set_new(o, "done_by_name", json_string(zw_col_text(s, 14)));
	json_object_set_new(o, "done_at", zw_sv_time(s, 15));
	json_object_set_new(o, "created_at", zw_sv_time(s, 16));
	json_object_set_new(o, "app_id", json_integer(zw_col_int(s, 17)));
	json_object_set_new(o, "overdue", json_boolean(!done &&
	    strcmp(due, today) < 0));
	json_object_set_new(o, "late", json_boolean(late));
	return o;
}

int
zw_rectification_list(zw_conn *c, const struct zw_actor *who,
    const char *status, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next)
{
	zw_arena *a = zw_arena_new();
	char today[11];
	zw_stmt *s;
	int rc, n = 0;

	*items = json_array();
	*next = -1;
	zw_sv_today(today);
	if (status == NULL)
		status = "";
	rc = zw_prepare(c, "SELECT " RECT_COLS " " RECT_FROM " WHERE ((? = 1 AND "
	    ZW_SCOPE_SQL ") OR t.org_id = ?) AND (? = '' OR (? = 'overdue' AND "
	    "t.status = 'open' AND t.due_on < ?) OR (? <> 'overdue' AND "
	    "t.status = ?)) AND (? = 0 OR t.id < ?) ORDER BY t.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, zw_actor_can(who, "supervision.read") ? 1 : 0);
	zw_bind_scope(s, 2, who, a);
	zw_bind_int(s, 3, who->org_id);
	zw_bind_text(s, 4, status, (size_t)-1);
	zw_bind_text(s, 5, status, (size_t)-1);
	zw_bind_text(s, 6, today, (size_t)-1);
	zw_bind_text(s, 7, status, (size_t)-1);
	zw_bind_text(s, 8, status, (size_t)-1);
	zw_bind_int(s, 9, cursor);
	zw_bind_int(s, 10, cursor);
	zw_bind_int(s, 11, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next = zw_json_int(json_array_get(*items, (size_t)n - 1), "id");
			zw_reset(s);
			rc = ZW_OK;
			goto out;
		}
		json_array_append_new(*items, rect_row(s, today));
		n++;
	}
	rc = rc < 0 ? rc : ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_rectification_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out)
{
	zw_arena *a = zw_arena_new();
	char today[11];
	zw_stmt *s;
	int rc;

	zw_sv_today(today);
	rc = zw_prepare(c, "SELECT " RECT_COLS " " RECT_FROM " WHERE t.id = ? AND "
	    "((? = 1 AND " ZW_SCOPE_SQL ") OR t.org_id = ?)", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, zw_actor_can(who, "supervision.read") ? 1 : 0);
	zw_bind_scope(s, 3, who, a);
	zw_bind_int(s, 4, who->org_id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	*out = rect_row(s, today);
	zw_reset(s);
	rc = ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_rectification_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_rectify_in *in, struct zw_why *why)
{
	char path[512], status[16];
	char *ver = NULL, *mea = NULL, *fol = NULL;
	const char *v, *m, *f;
	int64_t org_id, app_id;
	zw_stmt *s;
	json_t *d;
	int rc;

	rc = zw_prepare(c, "SELECT t.org_id, t.app_id, t.status, t.verification, "
	    "t.measures, t.followup, o.path FROM rectifications t JOIN orgs o ON "
	    "o.id = t.org_id WHERE t.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	org_id = zw_col_int(s, 0);
	app_id = zw_col_int(s, 1);
	zw_strlcpy(status, zw_col_text(s, 2), sizeof(status));
	ver = zw_strdup(zw_col_text(s, 3));
	mea = zw_strdup(zw_col_text(s, 4));
	fol = zw_strdup(zw_col_text(s, 5));
	zw_strlcpy(path, zw_col_text(s, 6), sizeof(path));
	zw_reset(s);
	if (org_id != who->org_id) {
		if (zw_actor_can(who, "supervision.read") && zw_sv_in_scope(who, path)) {
			ZW_WHY(why, "forbidden", "差评整改由被评价部门办理", NULL);
			rc = ZW_EPERM;
		} else
			rc = ZW_ENOTFOUND;
		goto out;
	}
	if (!zw_actor_can(who, "approvals.handle")) {
		ZW_WHY(why, "forbidden", "没有办理审批事项的权限，不能办理整改", NULL);
		rc = ZW_EPERM;
		goto out;
	}
	if (strcmp(status, "open") != 0) {
		ZW_WHY(why, "already_done", "该差评已整改完毕，不能再修改", NULL);
		rc = ZW_ESTATE;
		goto out;
	}
	if ((rc = zw_check_text(in->verification, "verification", false,
	    ZW_RECTIFY_MAX_TEXT, why)) != ZW_OK ||
	    (rc = zw_check_text(in->measures, "measures", false,
	    ZW_RECTIFY_MAX_TEXT, why)) != ZW_OK ||
	    (rc = zw_check_text(in->followup, "followup", false,
	    ZW_RECTIFY_MAX_TEXT, why)) != ZW_OK)
		goto out;
	v = in->verification != NULL ? in->verification : ver;
	m = in->measures != NULL ? in->measures : mea;
	f = in->followup != NULL ? in->followup : fol;
	if (in->complete) {
		rc = ZW_EINVAL;
		if (*v == '\0') {
			ZW_WHY(why, "verification_required", "请填写核实情况", "verification");
			goto out;
		}
		if (*m == '\0') {
			ZW_WHY(why, "measures_required", "请填写整改措施", "measures");
			goto out;
		}
		if (*f == '\0') {
			ZW_WHY(why, "followup_required",
			    "实名差评必须回访申请人，请填写回访情况", "followup");
			goto out;
		}
	}
	rc = zw_prepare(c, "UPDATE rectifications SET verification = ?, "
	    "measures = ?, followup = ?, status = ?, done_by = ?, done_at = ? "
	    "WHERE id = ? AND status = 'open' RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, v, (size_t)-1);
	zw_bind_text(s, 2, m, (size_t)-1);
	zw_bind_text(s, 3, f, (size_t)-1);
	zw_bind_text(s, 4, in->complete ? "done" : "open", (size_t)-1);
	if (in->complete) {
		zw_bind_int(s, 5, who->id);
		zw_bind_int(s, 6, zw_now());
	} else {
		zw_bind_null(s, 5);
		zw_bind_null(s, 6);
	}
	zw_bind_int(s, 7, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		if (rc == ZW_OK) {
			ZW_WHY(why, "already_done", "该差评已整改完毕，不能再修改", NULL);
			rc = ZW_ESTATE;
		}
		goto out;
	}
	zw_reset(s);
	if ((rc = zw_sv_event(c, who, app_id, in->complete ? "差评整改完成" :
	    "差评整改进展", in->complete ? f : NULL, false)) != ZW_OK)
		goto out;
	d = json_pack("{s:I, s:b}", "app_id", (json_int_t)app_id, "complete",
	    in->complete);
	rc = zw_actor_audit(c, who, in->complete ? "rectification.complete" :
	    "rectification.update", "rectification", id, "success", d);
	json_decref(d);
out:
	zw_free(ver);
	zw_free(mea);
	zw_free(fol);
	return rc;
}
