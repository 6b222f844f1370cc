/*
 * apps_pages.c -- pages of applications: the online application form,
 * "my applications", the public progress query and result verification
 * (portal); the intake queue and the case page (back office).
 */
#include <string.h>

#include "approvals/apps_int.h"
#include "approvals/items.h"
#include "approvals/rating.h"
#include "approvals/routes.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "files/files.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

static bool
public_user(zw_req *r)
{
	return r->user != NULL && strcmp(r->user->kind, "staff") != 0;
}

/* Anonymous visitors go to the portal login and come back. */
static bool
need_public_login(zw_req *r, const char *back)
{
	if (r->user == NULL) {
		zw_redirect(r, zw_aprintf(r->a, "/login?next=%s",
		    zw_url_encode(r->a, back)));
		return false;
	}
	if (!public_user(r)) {
		zw_fail(r, 403, "public_only", "网上申请和“我的办件”请使用自然人或法人账号登录",
		    NULL);
		return false;
	}
	return true;
}

/* The item's form fields with the values entered and the error of the
 * field at fault ("form.NAME"). */
static json_t *
fields_view(const json_t *fields, const json_t *values, const struct zw_why *why)
{
	json_t *out = json_array(), *f;
	size_t i;

	json_array_foreach(fields, i, f) {
		json_t *c = json_deep_copy(f);
		const char *name = zw_json_str(f, "name");
		const json_t *v = name ? json_object_get(values, name) : NULL;

		if (json_is_string(v))
			json_object_set_new(c, "value", json_string(json_string_value(v)));
		/* choice options with the one entered marked */
		{
			json_t *opts = json_array(), *o;
			size_t j;

			json_array_foreach(json_object_get(f, "options"), j, o)
				json_array_append_new(opts, json_pack("{s:O, s:b}", "v", o,
				    "sel", json_is_string(v) && json_is_string(o) &&
				    strcmp(json_string_value(v), json_string_value(o)) == 0));
			json_object_set_new(c, "opts", opts);
		}
		if (why != NULL && why->field != NULL && name != NULL &&
		    strncmp(why->field, "form.", 5) == 0 &&
		    strcmp(why->field + 5, name) == 0)
			json_object_set_new(c, "error", json_string(why->message));
		json_array_append_new(out, c);
	}
	return out;
}

static json_t *
materials_view(const json_t *mats)
{
	json_t *out = json_array(), *m;
	size_t i;

	json_array_foreach(mats, i, m) {
		json_t *c = json_deep_copy(m);
		const char *reg = zw_json_str(m, "registry");

		json_object_set_new(c, "input", json_sprintf("material_%zu", i));
		if (reg != NULL && *reg)
			json_object_set_new(c, "registry_name", json_string(
			    strcmp(reg, "population") == 0 ? "人口库" : "法人库"));
		json_array_append_new(out, c);
	}
	return out;
}

static void
render_apply(zw_req *r, int status, json_t *item, const json_t *values,
    const struct zw_why *why)
{
	json_t *ctx = json_object();

	json_object_set_new(ctx, "fields", fields_view(json_object_get(item, "fields"),
	    values, why));
	json_object_set_new(ctx, "materials", materials_view(json_object_get(item,
	    "materials")));
	if (why != NULL && why->message != NULL)
		json_object_set_new(ctx, "error", json_string(why->message));
	json_object_set_new(ctx, "item", item);
	zw_render(r, status, "portal/apply.html", ctx);
}

static void
page_apply(zw_req *r)
{
	json_t *item;
	int64_t iid, vid;

	if (!need_public_login(r, zw_aprintf(r->a, "/services/%s/apply",
	    r->params[0])) || zw_db_conn(r) == NULL)
		return;
	if (zw_item_current(r->db, r->params[0], &iid, &vid, &item) != ZW_OK) {
		zw_fail(r, 404, "not_found", "办事事项不存在或已停止办理", NULL);
		return;
	}
	render_apply(r, 200, item, NULL, NULL);
}

/* Store each uploaded material file; OUT: mats (arena), *n. */
static int
upload_materials(zw_req *r, zw_conn *c, const json_t *item_mats,
    struct zw_app_material **mats, size_t *n, struct zw_why *why)
{
	struct zw_actor who;
	size_t i, k = json_array_size(item_mats);

	zw_req_actor(r, &who);
	*mats = zw_alloc(r->a, (k + 1) * sizeof(**mats));
	*n = 0;
	for (i = 0; i < r->nparts; i++) {
		const struct zw_part *p = &r->parts[i];
		const json_t *m;
		int64_t idx, fid;
		char sm3[65];
		int rc;

		if (p->filename == NULL || p->len == 0 ||
		    strncmp(p->name, "material_", 9) != 0 ||
		    zw_parse_i64(p->name + 9, 0, (int64_t)k - 1, &idx) != ZW_OK)
			continue;
		m = json_array_get(item_mats, (size_t)idx);
		if ((rc = zw_file_create(c, &who, r->app->datadir, p->filename,
		    p->content_type, p->data, p->len, &fid, sm3, why)) != ZW_OK) {
			const char *msg = why->message ? why->message : "文件无法保存";

			why->message = zw_aprintf(r->a, "%s：%s", zw_json_str(m, "name"), msg);
			why->field = "materials";
			return rc;
		}
		(*mats)[*n].material = zw_astrdup(r->a, zw_json_str(m, "name"));
		(*mats)[*n].file_id = fid;
		(*n)++;
	}
	return ZW_OK;
}

/* The values of the form fields "f_NAME" as a JSON object (empty
 * optional fields left out). */
static json_t *
form_values(zw_req *r, const json_t *fields)
{
	json_t *o = json_object(), *f;
	size_t i;

	json_array_foreach(fields, i, f) {
		const char *name = zw_json_str(f, "name");
		const char *v;

		if (name == NULL)
			continue;
		v = zw_form(r, zw_aprintf(r->a, "f_%s", name));
		if (v != NULL && *v)
			json_object_set_new(o, name, json_string(v));
	}
	return o;
}

static void
page_apply_post(zw_req *r)
{
	char no[ZW_APP_NO_LEN], qc[ZW_QUERY_CODE_LEN + 1];
	struct zw_app_material *mats;
	struct zw_apps_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *item, *values;
	int64_t iid, vid;
	size_t n;
	zw_conn *c;
	int rc;

	if (!need_public_login(r, "/services") || zw_db_conn(r) == NULL)
		return;
	if (zw_item_current(r->db, r->params[0], &iid, &vid, &item) != ZW_OK) {
		zw_fail(r, 404, "not_found", "办事事项不存在或已停止办理", NULL);
		return;
	}
	values = form_values(r, json_object_get(item, "fields"));
	if ((c = zw_begin(r)) == NULL) {
		json_decref(item);
		json_decref(values);
		return;
	}
	zw_req_actor(r, &who);
	zw_apps_env_of(r, &env);
	rc = upload_materials(r, c, json_object_get(item, "materials"), &mats, &n, &why);
	if (rc == ZW_OK) {
		pthread_rwlock_rdlock(&r->app->cal_lock);
		rc = zw_app_submit(c, &who, &env, r->params[0], values, mats, n, no,
		    qc, &why);
		pthread_rwlock_unlock(&r->app->cal_lock);
	}
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (why.message == NULL)
			why.message = "提交失败，请稍后重试";
		render_apply(r, 422, item, values, &why);
		json_decref(values);
		return;
	}
	json_decref(values);
	if (!zw_commit(r)) {
		json_decref(item);
		return;
	}
	zw_render(r, 201, "portal/apply_done.html", json_pack("{s:o, s:s, s:s}",
	    "item", item, "no", no, "query_code", qc));
}

static void
page_my_list(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;

	if (!need_public_login(r, "/my/applications") ||
	    !zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if (zw_app_list(r->db, &who, NULL, NULL, limit, cursor, &items, &next) != ZW_OK) {
		zw_fail(r, 500, "internal", "暂时无法读取办件", NULL);
		return;
	}
	zw_render(r, 200, "portal/my_applications.html", json_pack("{s:o, s:o}",
	    "items", items, "next", next >= 0 ? json_integer(next) : json_null()));
}

/* The case for the page (applicant or staff), with the flags the
 * templates need.  NULL after an error response. */
static json_t *
load_case(zw_req *r)
{
	struct zw_apps_env env;
	struct zw_actor who;
	json_t *d;
	int rc;

	zw_req_actor(r, &who);
	zw_apps_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_app_get(r->db, &who, &env, r->params[0], &d);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, "办件不存在", NULL);
		return NULL;
	}
	return d;
}

static void
render_my_case(zw_req *r, int status, json_t *d, const char *error,
    const char *saved)
{
	json_t *ctx = json_object(), *ver = NULL;
	const char *st = zw_json_str(d, "status");

	if (strcmp(st, "correction") == 0) {
		struct zw_app_row row;

		if (zw_app_load(r->db, r->params[0], &row) == ZW_OK &&
		    zw_item_version_json(r->db, row.item_version_id, &ver) == ZW_OK) {
			json_object_set_new(ctx, "materials", materials_view(
			    json_object_get(ver, "materials")));
			json_decref(ver);
		}
	}
	json_object_set_new(ctx, "can_rate", json_boolean(json_is_null(json_object_get(d,
	    "rating")) && (strcmp(st, "completed") == 0 || strcmp(st, "denied") == 0 ||
	    strcmp(st, "rejected") == 0)));
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	if (saved != NULL)
		json_object_set_new(ctx, "saved", json_string(saved));
	json_object_set_new(ctx, "d", d);
	zw_render(r, status, "portal/my_application.html", ctx);
}

static void
page_my_case(zw_req *r)
{
	json_t *d;

	if (!need_public_login(r, zw_aprintf(r->a, "/my/applications/%s",
	    r->params[0])) || zw_db_conn(r) == NULL || (d = load_case(r)) == NULL)
		return;
	render_my_case(r, 200, d, NULL, zw_query(r, "saved"));
}

static void
page_my_correct(zw_req *r)
{
	struct zw_app_material *mats;
	struct zw_apps_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	struct zw_app_row row;
	json_t *ver = NULL, *d;
	size_t n = 0;
	zw_conn *c;
	int rc;

	if (!need_public_login(r, "/my/applications") || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if (zw_app_load(c, r->params[0], &row) != ZW_OK || row.applicant_id != who.id ||
	    zw_item_version_json(c, row.item_version_id, &ver) != ZW_OK) {
		zw_fail(r, 404, "not_found", "办件不存在", NULL);
		return;
	}
	zw_apps_env_of(r, &env);
	rc = upload_materials(r, c, json_object_get(ver, "materials"), &mats, &n, &why);
	json_decref(ver);
	if (rc == ZW_OK) {
		pthread_rwlock_rdlock(&r->app->cal_lock);
		rc = zw_app_correct(c, &who, &env, r->params[0], NULL, mats, n, &why);
		pthread_rwlock_unlock(&r->app->cal_lock);
	}
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if ((d = load_case(r)) != NULL)
			render_my_case(r, 422, d, why.message ? why.message : "提交失败",
			    NULL);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/my/applications/%s?saved=%s",
		    zw_url_encode(r->a, r->params[0]), zw_url_encode(r->a, "补正材料已提交")));
}

/* 好差评 from the case page (一事一评, standards.md §3.4). */
static void
page_my_rate(zw_req *r)
{
	struct zw_apps_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *st = zw_form(r, "stars");
	int64_t stars = 0, rect;
	json_t *d;
	zw_conn *c;
	int rc;

	if (!need_public_login(r, "/my/applications") || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_apps_env_of(r, &env);
	if (st == NULL || zw_parse_i64(st, 1, 5, &stars) != ZW_OK) {
		ZW_WHY(&why, "invalid_stars", "请选择满意程度", "stars");
		rc = ZW_EINVAL;
	} else {
		pthread_rwlock_rdlock(&r->app->cal_lock);
		rc = zw_rating_submit(c, &who, &env, r->params[0], (int)stars,
		    zw_form(r, "comment") ? zw_form(r, "comment") : "", &rect, &why);
		pthread_rwlock_unlock(&r->app->cal_lock);
	}
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (rc == ZW_ENOTFOUND) {
			zw_fail(r, 404, "not_found", "办件不存在", NULL);
			return;
		}
		if ((d = load_case(r)) != NULL)
			render_my_case(r, rc == ZW_EINVAL ? 422 : 409, d,
			    why.message ? why.message : "评价未成功", NULL);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/my/applications/%s?saved=%s",
		    zw_url_encode(r->a, r->params[0]), zw_url_encode(r->a, "感谢您的评价")));
}

static void
page_notice(zw_req *r)
{
	struct zw_actor who;
	json_t *o;
	int64_t id;
	int rc;

	if (r->user == NULL) {
		zw_redirect(r, zw_aprintf(r->a, "/login?next=%s", zw_url_encode(r->a,
		    r->path)));
		return;
	}
	if (!zw_path_id(r, 1, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_app_notice(r->db, &who, r->params[0], id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "文书不存在", NULL);
		return;
	}
	/* One paragraph per line. */
	json_object_set_new(o, "paragraphs", zw_json_lines(zw_json_str(o, "body")));
	zw_render(r, 200, "portal/notice.html", json_pack("{s:o}", "n", o));
}

static void
page_progress(zw_req *r)
{
	const char *no = zw_query(r, "no"), *qc = zw_query(r, "query_code");
	json_t *ctx = json_object(), *o;

	if (no != NULL && *no && qc != NULL && *qc) {
		if (zw_db_conn(r) == NULL) {
			json_decref(ctx);
			return;
		}
		if (zw_app_progress(r->db, no, qc, &o) == ZW_OK)
			json_object_set_new(ctx, "p", o);
		else
			json_object_set_new(ctx, "error", json_string(
			    "申请编号或查询码不正确，请核对后重新输入。"));
		json_object_set_new(ctx, "no", json_string(no));
	} else if (no != NULL || qc != NULL)
		json_object_set_new(ctx, "error", json_string("请输入申请编号和查询码。"));
	zw_render(r, json_object_get(ctx, "error") ? 404 : 200, "portal/progress.html",
	    ctx);
}

static void
page_verify(zw_req *r)
{
	const char *no = zw_query(r, "no");
	json_t *ctx = json_object(), *o;

	if (no != NULL && *no) {
		if (zw_db_conn(r) == NULL) {
			json_decref(ctx);
			return;
		}
		if (zw_app_verify_result(r->db, no, &o) == ZW_OK) {
			json_object_del(json_object_get(o, "verification"), "signed_data_b64");
			json_object_set_new(ctx, "res", o);
		} else
			json_object_set_new(ctx, "error", json_string(
			    "没有这个编号的许可文书，请核对编号。"));
		json_object_set_new(ctx, "no", json_string(no));
	}
	zw_render(r, json_object_get(ctx, "error") ? 404 : 200, "portal/verify.html", ctx);
}

/* --- back office --- */

static void
page_office_list(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *st = zw_query(r, "status"), *q = zw_query(r, "q");
	json_t *items;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	if (st == NULL)
		st = "intake";
	zw_req_actor(r, &who);
	if (zw_app_list(r->db, &who, st, q, limit, cursor, &items, &next) != ZW_OK) {
		zw_fail(r, 500, "internal", "暂时无法读取办件", NULL);
		return;
	}
	zw_render(r, 200, "office/applications.html", json_pack("{s:o, s:o, s:s, s:s}",
	    "items", items, "next", next >= 0 ? json_integer(next) : json_null(),
	    "status", st, "q", q ? q : ""));
}

/* The form as [{label, value}] in the order of the version's fields. */
static json_t *
form_view(zw_req *r, const json_t *d)
{
	struct zw_app_row row;
	json_t *out = json_array(), *ver = NULL, *f;
	const json_t *form = json_object_get(d, "form");
	size_t i;

	if (zw_app_load(r->db, zw_json_str(d, "no"), &row) != ZW_OK ||
	    zw_item_version_json(r->db, row.item_version_id, &ver) != ZW_OK)
		return out;
	json_array_foreach(json_object_get(ver, "fields"), i, f) {
		const char *name = zw_json_str(f, "name");
		const json_t *v = name ? json_object_get(form, name) : NULL;
		const char *label = zw_json_str(f, "label");

		if (v == NULL)
			continue;
		json_array_append_new(out, json_pack("{s:s, s:o}", "label",
		    label ? label : name, "value", json_is_string(v) ?
		    json_string(json_string_value(v)) : json_string(zw_json_dump(r->a, v))));
	}
	json_decref(ver);
	return out;
}

static void
render_office_case(zw_req *r, int status, json_t *d, const char *error)
{
	const char *st = zw_json_str(d, "status");
	bool lead = json_is_true(json_object_get(d, "is_lead_staff"));
	bool handle = lead && zw_has_perm(r, "approvals.handle");
	json_t *ctx, *step, *mine = json_array();
	size_t i;

	/* Joint or review steps this user may answer. */
	json_array_foreach(json_object_get(d, "steps"), i, step) {
		if (strcmp(zw_json_str(step, "status"), "open") != 0 ||
		    strcmp(st, "accepted") != 0)
			continue;
		if (zw_json_int(step, "org_id") == r->user->org_id ||
		    zw_json_int(step, "assignee_id") == r->user->id)
			json_array_append(mine, step);
	}
	ctx = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b}",
	    "can_intake", handle && (!strcmp(st, "submitted")),
	    "can_reject", handle && (!strcmp(st, "submitted") || !strcmp(st, "correction")),
	    "can_correction", handle && !strcmp(st, "submitted") &&
	    zw_json_int(d, "corrections") == 0,
	    "can_suspend", handle && !strcmp(st, "accepted"),
	    "can_resume", handle && !strcmp(st, "suspended"),
	    "can_extend", lead && zw_has_perm(r, "approvals.extend") &&
	    (!strcmp(st, "accepted") || !strcmp(st, "suspended")) &&
	    zw_json_int(d, "extended_days") == 0 && zw_json_int(d, "promised_days") > 0,
	    "can_step", handle && !strcmp(st, "accepted"),
	    "can_decide", lead && zw_has_perm(r, "approvals.decide") &&
	    !strcmp(st, "accepted"),
	    "can_deliver", handle && !strcmp(st, "approved"));
	json_object_set_new(ctx, "my_steps", mine);
	json_object_set_new(ctx, "form_view", form_view(r, d));
	if (json_is_true(json_object_get(ctx, "can_step"))) {
		struct zw_actor who;
		json_t *users;
		int64_t next;

		zw_req_actor(r, &who);
		who.scope = ZW_SCOPE_ORG;
		if (zw_user_list(r->db, &who, NULL, who.org_id, ZW_LIST_MAX, 0, &users,
		    &next) == ZW_OK)
			json_object_set_new(ctx, "staff", users);
	}
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	if (zw_query(r, "saved") != NULL)
		json_object_set_new(ctx, "saved", json_true());
	json_object_set_new(ctx, "d", d);
	zw_render(r, status, "office/application.html", ctx);
}

static void
page_office_case(zw_req *r)
{
	json_t *d;

	if (zw_db_conn(r) == NULL || (d = load_case(r)) == NULL)
		return;
	render_office_case(r, 200, d, NULL);
}

enum page_action {
	P_ACCEPT, P_REJECT, P_CORRECTION, P_SUSPEND, P_RESUME, P_EXTEND, P_STEP,
	P_DECIDE, P_DELIVER
};

static void
office_action(zw_req *r, enum page_action what)
{
	struct zw_apps_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *no = r->params[0];
	int64_t n = 0, uid = 0, sid;
	json_t *d;
	zw_conn *c;
	int rc;

	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_apps_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	switch (what) {
	case P_ACCEPT:
		rc = zw_app_accept(c, &who, &env, no, &why);
		break;
	case P_REJECT:
		rc = zw_app_reject(c, &who, &env, no, zw_form(r, "reason") ?
		    zw_form(r, "reason") : "", &why);
		break;
	case P_CORRECTION: {
		json_t *items = zw_json_lines(zw_form(r, "items"));

		rc = zw_app_request_correction(c, &who, &env, no, items, &why);
		json_decref(items);
		break;
	}
	case P_SUSPEND:
		rc = zw_app_suspend(c, &who, &env, no, zw_form(r, "kind"),
		    zw_form(r, "reason"), &why);
		break;
	case P_RESUME:
		rc = zw_app_resume(c, &who, &env, no, &why);
		break;
	case P_EXTEND:
		if (zw_form(r, "days") == NULL ||
		    zw_parse_i64(zw_form(r, "days"), 1, 365, &n) != ZW_OK) {
			ZW_WHY(&why, "invalid_days", "延期天数应为正整数", "days");
			rc = ZW_EINVAL;
		} else
			rc = zw_app_extend(c, &who, &env, no, (int)n, zw_form(r, "reason"),
			    &why);
		break;
	case P_STEP:
		if (zw_form(r, "days") == NULL || zw_form(r, "assignee_id") == NULL ||
		    zw_parse_i64(zw_form(r, "days"), 1, 365, &n) != ZW_OK ||
		    zw_parse_i64(zw_form(r, "assignee_id"), 1, INT64_MAX, &uid) != ZW_OK) {
			ZW_WHY(&why, "invalid_step", "请选择承办人并填写环节时限", NULL);
			rc = ZW_EINVAL;
		} else
			rc = zw_app_add_step(c, &who, &env, no, zw_form(r, "title"), uid,
			    (int)n, &sid, &why);
		break;
	case P_DECIDE: {
		const char *ap = zw_form(r, "approved");

		rc = zw_app_decide(c, &who, &env, no, ap != NULL && strcmp(ap, "1") == 0,
		    zw_form(r, "reason"), &why);
		break;
	}
	default:
		rc = zw_app_deliver(c, &who, &env, no, &why);
		break;
	}
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (rc == ZW_ENOTFOUND) {
			zw_fail(r, 404, "not_found", "办件不存在", NULL);
			return;
		}
		if (what == P_CORRECTION || what == P_REJECT)
			zw_app_record_violation(r, no, &why);
		if ((d = load_case(r)) != NULL)
			render_office_case(r, rc == ZW_ESTATE ? 409 : 422, d,
			    why.message ? why.message : "操作失败");
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/applications/%s?saved=1",
		    zw_url_encode(r->a, no)));
}

static void p_accept(zw_req *r) { office_action(r, P_ACCEPT); }
static void p_reject(zw_req *r) { office_action(r, P_REJECT); }
static void p_correction(zw_req *r) { office_action(r, P_CORRECTION); }
static void p_suspend(zw_req *r) { office_action(r, P_SUSPEND); }
static void p_resume(zw_req *r) { office_action(r, P_RESUME); }
static void p_extend(zw_req *r) { office_action(r, P_EXTEND); }
static void p_step(zw_req *r) { office_action(r, P_STEP); }
static void p_decide(zw_req *r) { office_action(r, P_DECIDE); }
static void p_deliver(zw_req *r) { office_action(r, P_DELIVER); }

static void
p_step_complete(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *ag = zw_form(r, "agreed");
	int64_t id;
	json_t *d;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 1, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_app_complete_step(c, &who, id, ag != NULL && strcmp(ag, "1") == 0,
	    zw_form(r, "opinion") ? zw_form(r, "opinion") : "", &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (rc == ZW_ENOTFOUND) {
			zw_fail(r, 404, "not_found", "审查环节不存在", NULL);
			return;
		}
		if ((d = load_case(r)) != NULL)
			render_office_case(r, rc == ZW_ESTATE ? 409 : 422, d,
			    why.message ? why.message : "操作失败");
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/applications/%s?saved=1",
		    zw_url_encode(r->a, r->params[0])));
}

const struct zw_route zw_apps_page_routes[] = {
	{ "GET", "/services/{code}/apply", page_apply, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/services/{code}/apply", page_apply_post, NULL,
	  ZW_R_PUBLIC | ZW_R_UPLOAD, NULL },
	{ "GET", "/my/applications", page_my_list, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/my/applications/{no}", page_my_case, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/my/applications/{no}/correct", page_my_correct, NULL,
	  ZW_R_PUBLIC | ZW_R_UPLOAD, NULL },
	{ "GET", "/my/applications/{no}/notices/{id}", page_notice, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/my/applications/{no}/rating", page_my_rate, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/progress", page_progress, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/verify", page_verify, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/office/applications", page_office_list, "approvals.read", ZW_R_STAFF, NULL },
	{ "GET", "/office/applications/{no}", page_office_case, "approvals.read", ZW_R_STAFF, NULL },
	{ "GET", "/office/applications/{no}/notices/{id}", page_notice, "approvals.read",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/accept", p_accept, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/reject", p_reject, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/correction", p_correction, "approvals.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/suspend", p_suspend, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/resume", p_resume, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/extend", p_extend, "approvals.extend", ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/steps", p_step, "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/steps/{id}/complete", p_step_complete,
	  "approvals.handle", ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/decide", p_decide, "approvals.decide", ZW_R_STAFF, NULL },
	{ "POST", "/office/applications/{no}/deliver", p_deliver, "approvals.handle", ZW_R_STAFF, NULL },
};
const size_t zw_apps_page_routes_count = sizeof(zw_apps_page_routes) /
    sizeof(zw_apps_page_routes[0]);
