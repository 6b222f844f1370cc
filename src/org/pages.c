/*
 * pages.c -- the back office (工作台) pages of the core: login, forced
 * password change, the desk, organizations, users, roles, audit log and
 * calendar.  Forms post back to the same path; a rejected form comes
 * back with the entered values and a Chinese message.
 */
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "crypto/pwhash.h"
#include "documents/documents.h"
#include "org/org.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

struct zw_auth_policy zw_app_policy(const struct zw_app *app);

#define SESSION_COOKIE "zw_session"

/* The form's text fields as a JSON object (to refill a rejected form). */
static json_t *
form_json(zw_req *r)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, "csrf_token") && strcmp(r->form[i].key,
		    "password") && strcmp(r->form[i].key, "old_password") &&
		    strcmp(r->form[i].key, "new_password") &&
		    strcmp(r->form[i].key, "new_password2"))
			json_object_set_new(o, r->form[i].key,
			    json_string(r->form[i].val));
	return o;
}

static json_t *
ctx_error(json_t *ctx, const char *msg, const char *field)
{
	json_object_set_new(ctx, "error", json_string(msg ? msg : "提交内容有误"));
	if (field != NULL)
		json_object_set_new(ctx, "error_field", json_string(field));
	return ctx;
}

/* Mark the item of items whose "id" equals value with "selected". */
static json_t *
mark_selected(json_t *items, const char *value)
{
	int64_t want;
	json_t *it;
	size_t i;

	if (value == NULL || zw_parse_i64(value, 1, INT64_MAX, &want) != ZW_OK)
		return items;
	json_array_foreach(items, i, it)
		if (zw_json_int(it, "id") == want)
			json_object_set_new(it, "selected", json_true());
	return items;
}

/* Parse an optional positive id field ("" = 0). false on junk. */
static bool
form_id(zw_req *r, const char *key, int64_t *out)
{
	const char *v = zw_form(r, key);

	*out = 0;
	if (v == NULL || *v == '\0')
		return true;
	return zw_parse_i64(v, 1, INT64_MAX, out) == ZW_OK;
}

static const char *
safe_next(const char *next)
{
	if (next == NULL || strncmp(next, "/office/", 8) != 0 ||
	    strstr(next, "//") != NULL || strchr(next, '\\') != NULL)
		return "/office/";
	return next;
}

/* ---- login / logout / password ---- */

static void
page_login(zw_req *r)
{
	if (r->user != NULL) {
		zw_redirect(r, "/office/");
		return;
	}
	zw_render(r, 200, "office/login.html", json_pack("{s:s}", "next",
	    safe_next(zw_query(r, "next"))));
}

static void
page_login_post(zw_req *r)
{
	struct zw_auth_policy pol = zw_app_policy(r->app);
	struct zw_why why = { 0 };
	struct zw_login_out lo;
	const char *login = zw_form(r, "login"), *pw = zw_form(r, "password");
	const char *next = safe_next(zw_form(r, "next"));
	zw_conn *c;
	int rc;

	if (login == NULL || *login == '\0' || pw == NULL || *pw == '\0') {
		zw_render(r, 422, "office/login.html", ctx_error(json_pack(
		    "{s:s, s:s}", "next", next, "login", login ? login : ""),
		    "请输入用户名和密码", NULL));
		return;
	}
	if ((c = zw_db_conn(r)) == NULL)
		return;
	rc = zw_auth_login(c, &pol, login, pw, r->client_ip, r->user_agent,
	    r->request_id, &lo, &why);
	if (rc != ZW_OK) {
		zw_render(r, rc == ZW_ELOCKED ? 403 : rc == ZW_EAUTH ? 401 : 500,
		    "office/login.html", ctx_error(json_pack("{s:s, s:s}", "next",
		    next, "login", login), why.message ? why.message :
		    "登录失败，请稍后再试", NULL));
		return;
	}
	zw_set_cookie(r, SESSION_COOKIE, lo.token, pol.idle_s * 48);
	zw_redirect(r, lo.must_change_password ? zw_aprintf(r->a,
	    "/office/password?next=%s", zw_url_encode(r->a, next)) : next);
}

static void
page_logout(zw_req *r)
{
	struct zw_actor who;

	zw_req_actor(r, &who);
	if (zw_db_conn(r) == NULL)
		return;
	(void)zw_session_revoke(r->db, &who, r->user->session_id);
	zw_set_cookie(r, SESSION_COOKIE, "", 0);
	zw_redirect(r, "/office/login");
}

static void
page_password(zw_req *r)
{
	zw_render(r, 200, "office/password.html", json_pack("{s:b, s:s}", "forced",
	    r->user->must_change_password, "next", safe_next(zw_query(r, "next"))));
}

static void
page_password_post(zw_req *r)
{
	const char *old = zw_form(r, "old_password"), *n1 = zw_form(r, "new_password");
	const char *n2 = zw_form(r, "new_password2");
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	int rc;

	if (old == NULL || n1 == NULL || n2 == NULL || strcmp(n1, n2) != 0) {
		zw_render(r, 422, "office/password.html", ctx_error(json_pack("{s:b, s:s}",
		    "forced", r->user->must_change_password, "next",
		    safe_next(zw_form(r, "next"))),
		    n1 && n2 && strcmp(n1, n2) ? "两次输入的新密码不一致" :
		    "请填写原密码和新密码", "new_password"));
		return;
	}
	zw_req_actor(r, &who);
	if ((c = zw_begin(r)) == NULL)
		return;
	rc = zw_user_set_password(c, &who, who.id, old, n1, &why);
	if (rc != ZW_OK || !zw_commit(r)) {
		if (rc == ZW_OK)
			return;
		zw_render(r, 422, "office/password.html", ctx_error(json_pack("{s:b, s:s}",
		    "forced", r->user->must_change_password, "next",
		    safe_next(zw_form(r, "next"))), why.message, why.field));
		return;
	}
	{
		const char *next = safe_next(zw_form(r, "next"));

		zw_redirect(r, strcmp(next, "/office/") == 0 ?
		    "/office/?password_changed=1" : next);
	}
}

/* ---- desk ---- */

static int64_t
count(zw_conn *c, const char *sql, int64_t arg)
{
	zw_stmt *s;
	int64_t n = 0;

	if (zw_prepare(c, sql, &s) != ZW_OK)
		return 0;
	zw_bind_int(s, 1, arg);
	if (zw_step(s) == ZW_ROW) {
		n = zw_col_int(s, 0);
		zw_reset(s);
	}
	return n;
}

static void
page_desk(zw_req *r)
{
	json_t *ctx = json_object(), *todo = json_array();
	zw_conn *c = zw_db_conn(r);
	int64_t now = zw_now();

	if (c == NULL) {
		json_decref(ctx);
		json_decref(todo);
		return;
	}
	if (zw_has_perm(r, "users.manage") || zw_has_perm(r, "users.unlock")) {
		int64_t locked = count(c, "SELECT COUNT(*) FROM users WHERE "
		    "locked_until > ?", now);

		if (locked > 0)
			json_array_append_new(todo, json_pack("{s:s, s:I, s:s}", "title",
			    "被锁定的账号", "count", (json_int_t)locked, "href",
			    "/office/users?locked=1"));
	}
	if (zw_has_perm(r, "audit.read")) {
		int64_t failed = count(c, "SELECT COUNT(*) FROM audit_events WHERE "
		    "result = 'failure' AND at > ?", now - 86400);

		json_array_append_new(todo, json_pack("{s:s, s:I, s:s}", "title",
		    "近24小时失败事件", "count", (json_int_t)failed, "href",
		    "/office/audit?result=failure"));
	}
	if (zw_has_perm(r, "documents.read")) {
		struct zw_actor who;
		json_t *mine;

		zw_req_actor(r, &who);
		if (zw_my_tasks(c, &who, &mine) == ZW_OK)
			json_object_set_new(ctx, "mine", mine);
		if (zw_has_perm(r, "documents.receive")) {
			int64_t pending = count(c, "SELECT COUNT(*) FROM deliveries WHERE "
			    "to_org_id = ? AND status = 'pending'", who.org_id);

			if (pending > 0)
				json_array_append_new(todo, json_pack("{s:s, s:I, s:s}", "title",
				    "本单位未签收公文", "count", (json_int_t)pending, "href",
				    "/office/inbox?status=pending"));
		}
	}
	json_object_set_new(ctx, "todo", todo);
	json_object_set_new(ctx, "me", zw_me_json(r));
	json_object_set_new(ctx, "password_changed",
	    json_boolean(zw_query(r, "password_changed") != NULL));
	if (zw_has_perm(r, "orgs.read"))
		json_object_set_new(ctx, "org_count", json_integer(count(c,
		    "SELECT COUNT(*) FROM orgs WHERE id > ?", 0)));
	if (zw_has_perm(r, "users.read"))
		json_object_set_new(ctx, "user_count", json_integer(count(c,
		    "SELECT COUNT(*) FROM users WHERE kind = 'staff' AND id > ?", 0)));
	zw_render(r, 200, "office/desk.html", ctx);
}

/* ---- organizations ---- */

static json_t *
org_choices(zw_req *r)
{
	struct zw_actor who;
	json_t *items = NULL;
	int64_t next;

	zw_req_actor(r, &who);
	if (zw_org_list(r->db, &who, NULL, ZW_LIST_MAX, 0, &items, &next) != ZW_OK)
		return json_array();
	return items;
}

static void
page_orgs(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	const char *q = zw_query(r, "q");
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_org_list(r->db, &who, q, limit, cursor, &items, &next))) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/orgs.html", json_pack("{s:o, s:s, s:o, s:b}",
	    "items", items, "q", q ? q : "", "next", next >= 0 ?
	    json_integer(next) : json_null(), "can_manage",
	    zw_has_perm(r, "orgs.manage")));
}

static void
render_org_form(zw_req *r, int status, json_t *form, int64_t id,
    const char *err, const char *field)
{
	json_t *ctx = json_pack("{s:o, s:o}", "form", form, "orgs",
	    mark_selected(org_choices(r), zw_json_str(form, "parent_id")));

	if (id > 0)
		json_object_set_new(ctx, "id", json_integer(id));
	if (err != NULL)
		ctx_error(ctx, err, field);
	zw_render(r, status, "office/org_form.html", ctx);
}

static void
page_org_new(zw_req *r)
{
	if (zw_db_conn(r) == NULL)
		return;
	render_org_form(r, 200, json_pack("{s:s, s:s}", "kind", "department",
	    "parent_id", zw_query(r, "parent_id") ? zw_query(r, "parent_id") : ""),
	    0, NULL, NULL);
}

static bool
org_from_form(zw_req *r, struct zw_org_in *in, const char **err,
    const char **field)
{
	memset(in, 0, sizeof(*in));
	*field = NULL;
	if (!zw_form_str(r, "code", true, ZW_MAX_CODE, &in->code, err)) {
		*field = "code";
		return false;
	}
	if (!zw_form_str(r, "name", true, ZW_MAX_NAME, &in->name, err)) {
		*field = "name";
		return false;
	}
	if (!zw_form_str(r, "short_name", false, 20, &in->short_name, err) ||
	    !zw_form_str(r, "uscc", false, 18, &in->uscc, err) ||
	    !zw_form_str(r, "region_code", true, 6, &in->region_code, err) ||
	    !zw_form_str(r, "kind", false, 20, &in->kind, err))
		return false;
	if (!form_id(r, "parent_id", &in->parent_id)) {
		*err = "上级机构无效";
		*field = "parent_id";
		return false;
	}
	if (zw_form(r, "status") != NULL)
		in->status = zw_form(r, "status");
	return true;
}

static void
page_org_create(zw_req *r)
{
	struct zw_org_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *err = NULL, *field = NULL;
	int64_t id;
	zw_conn *c;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if (!org_from_form(r, &in, &err, &field)) {
		render_org_form(r, 422, form_json(r), 0, err, field);
		return;
	}
	in.status = NULL;
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_org_create(c, &who, &in, r->app->master_key, &id, &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_org_form(r, 422, form_json(r), 0, why.message ? why.message :
		    "保存失败", why.field);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/orgs/%lld?saved=1", (long long)id));
}

static void
page_org(zw_req *r)
{
	struct zw_actor who;
	json_t *o, *users = NULL, *ctx;
	int64_t id, next;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_org_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "机构不存在", NULL);
		return;
	}
	if (zw_has_perm(r, "users.read"))
		zw_user_list(r->db, &who, NULL, id, ZW_LIST_MAX, 0, &users, &next);
	ctx = json_pack("{s:o, s:b, s:b}", "org", o, "saved",
	    zw_query(r, "saved") != NULL, "can_manage", zw_has_perm(r, "orgs.manage"));
	if (users != NULL)
		json_object_set_new(ctx, "users", users);
	if (zw_has_perm(r, "orgs.manage")) {
		json_t *form = json_deep_copy(o);
		json_t *pid = json_object_get(o, "parent_id");

		json_object_set_new(form, "parent_id", json_is_integer(pid) ?
		    json_sprintf("%lld", (long long)json_integer_value(pid)) :
		    json_string(""));
		if (json_is_null(json_object_get(form, "uscc")))
			json_object_set_new(form, "uscc", json_string(""));
		json_object_set_new(ctx, "orgs", mark_selected(org_choices(r),
		    zw_json_str(form, "parent_id")));
		json_object_set_new(ctx, "form", form);
	}
	zw_render(r, 200, "office/org.html", ctx);
}

static void
page_org_update(zw_req *r)
{
	struct zw_org_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *err = NULL, *field = NULL;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	if (!org_from_form(r, &in, &err, &field)) {
		render_org_form(r, 422, form_json(r), id, err, field);
		return;
	}
	if (in.uscc != NULL && *in.uscc == '\0')
		in.uscc = "";	/* clearing is allowed */
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_org_update(c, &who, id, &in, &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (rc == ZW_ENOTFOUND) {
			zw_fail_rc(r, rc, "机构不存在", NULL);
			return;
		}
		render_org_form(r, 422, form_json(r), id, why.message ? why.message :
		    "保存失败", why.field);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/orgs/%lld?saved=1", (long long)id));
}

/* ---- users ---- */

static json_t *
role_choices(zw_req *r, json_t *selected)
{
	json_t *items = NULL, *it;
	size_t i, j;

	if (zw_role_list(r->db, &items) != ZW_OK)
		return json_array();
	json_array_foreach(items, i, it) {
		json_t *s;
		bool on = false;

		json_array_foreach(selected, j, s)
			if (json_is_string(s) && strcmp(json_string_value(s),
			    zw_json_str(it, "code")) == 0)
				on = true;
		json_object_set_new(it, "checked", json_boolean(on));
	}
	return items;
}

static void
page_users(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next, org = 0;
	const char *q = zw_query(r, "q"), *os = zw_query(r, "org_id");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	if (os != NULL && *os && zw_parse_i64(os, 1, INT64_MAX, &org) != ZW_OK)
		org = 0;
	zw_req_actor(r, &who);
	if ((rc = zw_user_list(r->db, &who, q, org, limit, cursor, &items, &next))) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/users.html", json_pack("{s:o, s:s, s:o, s:b, s:o, s:I}",
	    "items", items, "q", q ? q : "", "next", next >= 0 ? json_integer(next) :
	    json_null(), "can_manage", zw_has_perm(r, "users.manage"), "orgs",
	    mark_selected(org_choices(r), os), "org_id", (json_int_t)org));
}

static void
render_user_form(zw_req *r, int status, json_t *form, json_t *selected,
    const char *err, const char *field)
{
	json_t *ctx = json_pack("{s:o, s:o, s:o}", "form", form, "orgs",
	    mark_selected(org_choices(r), zw_json_str(form, "org_id")), "roles",
	    role_choices(r, selected));

	json_decref(selected);
	if (err != NULL)
		ctx_error(ctx, err, field);
	zw_render(r, status, "office/user_form.html", ctx);
}

static void
page_user_new(zw_req *r)
{
	if (zw_db_conn(r) == NULL)
		return;
	render_user_form(r, 200, json_pack("{s:s}", "org_id",
	    zw_query(r, "org_id") ? zw_query(r, "org_id") : ""), json_array(),
	    NULL, NULL);
}

/* Role codes checked in the form ("roles" repeated). */
static const char **
form_roles(zw_req *r, json_t **sel)
{
	const char **roles = zw_zalloc(r->a, sizeof(*roles) * (r->nform + 1));
	size_t i, n = 0;

	*sel = json_array();
	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, "roles") == 0) {
			roles[n++] = r->form[i].val;
			json_array_append_new(*sel, json_string(r->form[i].val));
		}
	return roles;
}

static void
page_user_create(zw_req *r)
{
	struct zw_user_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *err = NULL;
	json_t *sel;
	int64_t id;
	zw_conn *c;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	memset(&in, 0, sizeof(in));
	in.roles = form_roles(r, &sel);
	if (!zw_form_str(r, "login", true, ZW_MAX_LOGIN, &in.login, &err) ||
	    !zw_form_str(r, "name", true, ZW_MAX_NAME, &in.name, &err) ||
	    !zw_form_str(r, "title", false, 100, &in.title, &err) ||
	    !zw_form_str(r, "phone", false, 30, &in.phone, &err) ||
	    !zw_form_str(r, "password", true, ZW_MAX_PASSWORD, &in.password, &err) ||
	    !form_id(r, "org_id", &in.org_id)) {
		render_user_form(r, 422, form_json(r), sel, err ? err : "所属机构无效", NULL);
		return;
	}
	if ((c = zw_begin(r)) == NULL) {
		json_decref(sel);
		return;
	}
	zw_req_actor(r, &who);
	if ((rc = zw_user_create(c, &who, &in, &id, &why)) != ZW_OK) {
		zw_tx_rollback(c);
		render_user_form(r, 422, form_json(r), sel, why.message ? why.message :
		    "保存失败", why.field);
		return;
	}
	json_decref(sel);
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/users/%lld?saved=1", (long long)id));
}

static void
page_user(zw_req *r)
{
	struct zw_actor who;
	json_t *u, *ctx;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_user_get(r->db, &who, id, &u)) != ZW_OK) {
		zw_fail_rc(r, rc, "用户不存在", NULL);
		return;
	}
	ctx = json_pack("{s:b, s:b, s:b, s:b, s:s}", "saved", zw_query(r, "saved") != NULL,
	    "can_manage", zw_has_perm(r, "users.manage"), "can_unlock",
	    zw_has_perm(r, "users.unlock") || zw_has_perm(r, "users.manage"),
	    "is_self", id == who.id, "notice", zw_query(r, "notice") &&
	    strcmp(zw_query(r, "notice"), "locked") == 0 ? "账号已锁定" :
	    zw_query(r, "notice") && strcmp(zw_query(r, "notice"), "unlocked") == 0 ?
	    "账号已解锁" : "");
	if (zw_has_perm(r, "users.manage")) {
		json_t *form = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name",
		    zw_json_str(u, "name"), "title", zw_json_str(u, "title"), "phone",
		    zw_json_str(u, "phone"), "status", zw_json_str(u, "status"),
		    "org_id", zw_aprintf(r->a, "%lld", (long long)zw_json_int(u, "org_id")));

		json_object_set_new(ctx, "orgs", mark_selected(org_choices(r),
		    zw_json_str(form, "org_id")));
		json_object_set_new(ctx, "form", form);
		json_object_set_new(ctx, "roles", role_choices(r,
		    json_object_get(u, "roles")));
	}
	json_object_set_new(ctx, "u", u);
	zw_render(r, 200, "office/user.html", ctx);
}

static void
page_user_update(zw_req *r)
{
	struct zw_user_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *err = NULL;
	json_t *sel;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	memset(&in, 0, sizeof(in));
	in.roles = form_roles(r, &sel);
	json_decref(sel);
	if (id == r->user->id)
		in.roles = NULL;	/* own roles are never changed */
	if (!zw_form_str(r, "name", true, ZW_MAX_NAME, &in.name, &err) ||
	    !zw_form_str(r, "title", false, 100, &in.title, &err) ||
	    !zw_form_str(r, "phone", false, 30, &in.phone, &err) ||
	    !form_id(r, "org_id", &in.org_id)) {
		zw_fail(r, 422, "invalid", err ? err : "所属机构无效", NULL);
		return;
	}
	if (zw_form(r, "status") && *zw_form(r, "status") && id != r->user->id)
		in.status = zw_form(r, "status");
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_user_update(c, &who, id, &in, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/users/%lld?saved=1", (long long)id));
}

static void
page_user_reset(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	char tok[32];
	const char *pw;
	int64_t id;
	zw_conn *c;
	json_t *u;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	zw_random_token(9, tok, sizeof(tok));
	pw = zw_aprintf(r->a, "Zw%s#7", tok);
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if (id == who.id) {
		zw_fail(r, 422, "own_account", "修改自己的密码请使用“修改密码”", NULL);
		return;
	}
	if ((rc = zw_user_set_password(c, &who, id, NULL, pw, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r) || zw_user_get(c, &who, id, &u) != ZW_OK)
		return;
	/* The new password is shown once, on this response only. */
	zw_render(r, 200, "office/user_password.html", json_pack("{s:o, s:s}",
	    "u", u, "password", pw));
}

static void
user_lock_page(zw_req *r, bool lock)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_user_lock(c, &who, id, lock, 0, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/users/%lld?notice=%s",
		    (long long)id, lock ? "locked" : "unlocked"));
}

static void page_user_lock(zw_req *r) { user_lock_page(r, true); }
static void page_user_unlock(zw_req *r) { user_lock_page(r, false); }

static void
page_roles(zw_req *r)
{
	json_t *items;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_role_list(r->db, &items)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/roles.html", json_pack("{s:o}", "items", items));
}

/* ---- audit ---- */

static void
page_audit(zw_req *r)
{
	struct zw_audit_filter f;
	int64_t limit, cursor, next;
	json_t *items, *q;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || !zw_audit_filter_from_query(r, &f) ||
	    zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_audit_query(r->db, &f, limit, cursor, &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	{
		json_t *it;
		size_t i;

		json_array_foreach(items, i, it) {
			const char *at = zw_json_str(it, "at");
			json_t *d = json_object_get(it, "details"), *v;
			const char *k;
			char *txt = zw_astrdup(r->a, "");

			/* "2026-11-22T18:51:25+08:00" -> "2026-11-22 18:51:25" */
			if (strlen(at) >= 19)
				json_object_set_new(it, "at_display", json_string(
				    zw_aprintf(r->a, "%.10s %.8s", at, at + 11)));
			json_object_foreach(d, k, v)
				txt = zw_aprintf(r->a, "%s%s%s：%s", txt, *txt ? "；" : "",
				    k, json_is_string(v) ? json_string_value(v) :
				    zw_json_dump(r->a, v));
			json_object_set_new(it, "details_text", json_string(txt));
		}
	}
	q = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
	    "actor", f.actor ? f.actor : "", "action", f.action ? f.action : "",
	    "result", f.result ? f.result : "", "object_type",
	    f.object_type ? f.object_type : "",
	    "from", zw_query(r, "from") ? zw_query(r, "from") : "",
	    "to", zw_query(r, "to") ? zw_query(r, "to") : "");
	{
		/* The query string again, for "next page" and CSV links. */
		const char *keys[] = { "actor", "action", "result", "object_type",
			"from", "to" };
		char *qs = zw_astrdup(r->a, "");
		size_t i;
		char *enc;

		for (i = 0; i < 6; i++) {
			const char *v = zw_json_str(q, keys[i]);

			if (*v == '\0')
				continue;
			enc = zw_url_encode(r->a, v);
			qs = zw_aprintf(r->a, "%s&%s=%s", qs, keys[i], enc);
		}
		json_object_set_new(q, "qs", json_string(qs));
	}
	zw_render(r, 200, "office/audit.html", json_pack("{s:o, s:o, s:o}", "items",
	    items, "q", q, "next", next >= 0 ? json_integer(next) : json_null()));
}

static void
page_audit_export(zw_req *r)
{
	struct zw_audit_filter f;
	struct zw_actor who;
	int64_t next;
	json_t *items;
	int rc;

	if (!zw_audit_filter_from_query(r, &f) || zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_audit_query(r->db, &f, 100000, 0, &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_audit_csv(r, items);
	json_decref(items);
	zw_req_actor(r, &who);
	if (zw_tx_begin(r->db) == ZW_OK &&
	    zw_actor_audit(r->db, &who, "audit.export", "audit", 0, "success",
	    NULL) == ZW_OK)
		zw_tx_commit(r->db);
}

/* ---- calendar ---- */

static void
page_calendar(zw_req *r)
{
	const char *ys = zw_query(r, "year");
	int64_t year = zw_date_of(zw_now()).y;
	json_t *days = json_array();

	if (ys != NULL && zw_parse_i64(ys, 1990, 2100, &year) != ZW_OK)
		year = zw_date_of(zw_now()).y;
	pthread_rwlock_rdlock(&r->app->cal_lock);
	json_decref(days);
	days = zw_calendar_year_json(r->app->cal, (int)year);
	zw_render(r, 200, "office/calendar.html", json_pack("{s:I, s:I, s:I, s:o, s:b, s:b}",
	    "year", (json_int_t)year, "prev", (json_int_t)(year - 1), "next_year",
	    (json_int_t)(year + 1), "days", days, "has_data",
	    zw_calendar_has_year(r->app->cal, (int)year), "can_manage",
	    zw_has_perm(r, "calendar.manage")));
	pthread_rwlock_unlock(&r->app->cal_lock);
}

const struct zw_route zw_org_page_routes[] = {
	{ "GET", "/office/login", page_login, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/office/login", page_login_post, NULL,
	  ZW_R_PUBLIC | ZW_R_NO_CSRF | ZW_R_LOGIN_RATE, NULL },
	{ "POST", "/office/logout", page_logout, NULL, ZW_R_ALLOW_PWCHANGE, NULL },
	{ "GET", "/office/password", page_password, NULL, ZW_R_ALLOW_PWCHANGE, NULL },
	{ "POST", "/office/password", page_password_post, NULL, ZW_R_ALLOW_PWCHANGE, NULL },
	{ "GET", "/office/", page_desk, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office", page_desk, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/orgs", page_orgs, "orgs.read", ZW_R_STAFF, NULL },
	{ "POST", "/office/orgs", page_org_create, "orgs.manage", ZW_R_STAFF, NULL },
	{ "GET", "/office/orgs/new", page_org_new, "orgs.manage", ZW_R_STAFF, NULL },
	{ "GET", "/office/orgs/{id}", page_org, "orgs.read", ZW_R_STAFF, NULL },
	{ "POST", "/office/orgs/{id}", page_org_update, "orgs.manage", ZW_R_STAFF, NULL },
	{ "GET", "/office/users", page_users, "users.read", ZW_R_STAFF, NULL },
	{ "POST", "/office/users", page_user_create, "users.manage", ZW_R_STAFF, NULL },
	{ "GET", "/office/users/new", page_user_new, "users.manage", ZW_R_STAFF, NULL },
	{ "GET", "/office/users/{id}", page_user, "users.read", ZW_R_STAFF, NULL },
	{ "POST", "/office/users/{id}", page_user_update, "users.manage", ZW_R_STAFF, NULL },
	{ "POST", "/office/users/{id}/reset-password", page_user_reset, "users.manage",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/users/{id}/lock", page_user_lock, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/users/{id}/unlock", page_user_unlock, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/roles", page_roles, "roles.read", ZW_R_STAFF, NULL },
	{ "GET", "/office/audit", page_audit, "audit.read", ZW_R_STAFF, NULL },
	{ "GET", "/office/audit/export", page_audit_export, "audit.read", ZW_R_STAFF, NULL },
	{ "GET", "/office/calendar", page_calendar, NULL, ZW_R_STAFF, NULL },
};
const size_t zw_org_page_routes_count =
    sizeof(zw_org_page_routes) / sizeof(zw_org_page_routes[0]);
