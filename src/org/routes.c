/*
 * routes.c -- JSON API of the core: session, me, organizations, users,
 * roles, audit log.  Each handler: validate -> domain call in one
 * transaction -> JSON.
 */
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "crypto/pwhash.h"
#include "org/org.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

struct zw_auth_policy zw_app_policy(const struct zw_app *app);

#define SESSION_COOKIE "zw_session"

/* ---- helpers shared with pages.c ---- */

bool
zw_path_id(zw_req *r, int i, int64_t *id)
{
	if (r->params[i] == NULL ||
	    zw_parse_i64(r->params[i], 1, INT64_MAX, id) != ZW_OK) {
		zw_fail(r, 404, "not_found", "对象不存在", NULL);
		return false;
	}
	return true;
}

json_t *
zw_me_json(zw_req *r)
{
	const struct zw_user_ctx *u = r->user;
	json_t *o, *perms = json_array(), *roles = json_array();
	const char *p;
	static const char *scopes[] = { "self", "org", "org_tree", "all" };

	for (p = u->perms; p && *p; ) {
		const char *e = strchr(p + 1, ',');

		if (e == NULL)
			break;
		if (e > p + 1)
			json_array_append_new(perms, json_stringn(p + 1, (size_t)(e - p - 1)));
		p = e;
	}
	for (p = u->roles; p && *p; ) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		json_array_append_new(roles, json_stringn(p, n));
		p = e ? e + 1 : p + n;
	}
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:b}",
	    "id", (json_int_t)u->id, "login", u->login, "name", u->name,
	    "kind", u->kind, "org_name", u->org_name, "roles", roles,
	    "role_names", u->role_names, "permissions", perms,
	    "data_scope", scopes[u->scope & 3], "must_change_password",
	    u->must_change_password);
	json_object_set_new(o, "org_id", u->org_id ? json_integer(u->org_id) :
	    json_null());
	return o;
}

/* ---- session ---- */

static void
api_login(zw_req *r)
{
	static const char *const keys[] = { "login", "password", NULL };
	struct zw_auth_policy pol = zw_app_policy(r->app);
	struct zw_login_out lo;
	struct zw_why why = { 0 };
	struct zw_user_ctx *u;
	const char *login, *password;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "login", true, ZW_MAX_LOGIN, &login) ||
	    !zw_in_str(r, r->json, "password", true, ZW_MAX_PASSWORD, &password))
		return;
	if ((c = zw_db_conn(r)) == NULL)
		return;
	rc = zw_auth_login(c, &pol, login, password, r->client_ip, r->user_agent,
	    r->request_id, &lo, &why);
	if (rc != ZW_OK) {
		if (rc == ZW_ELOCKED)
			zw_fail(r, 403, why.code, why.message, NULL);
		else
			zw_fail_why(r, rc, &why);
		return;
	}
	u = zw_zalloc(r->a, sizeof(*u));
	if (zw_session_lookup(c, r->a, &pol, lo.token, u) != ZW_OK) {
		zw_fail(r, 500, "internal", "会话创建失败", NULL);
		return;
	}
	u->must_change_password = lo.must_change_password;
	r->user = u;
	zw_set_cookie(r, SESSION_COOKIE, lo.token, pol.idle_s * 48);
	zw_json(r, 200, json_pack("{s:s, s:s, s:o, s:b}", "token", lo.token,
	    "csrf_token", lo.csrf, "user", zw_me_json(r), "must_change_password",
	    lo.must_change_password));
}

static void
api_logout(zw_req *r)
{
	struct zw_actor who;
	int rc;

	zw_req_actor(r, &who);
	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_session_revoke(r->db, &who, r->user->session_id)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_set_cookie(r, SESSION_COOKIE, "", 0);
	zw_json(r, 200, json_pack("{s:s}", "status", "logged_out"));
}

static void
api_me(zw_req *r)
{
	zw_json(r, 200, zw_me_json(r));
}

static void
api_me_password(zw_req *r)
{
	static const char *const keys[] = { "old_password", "new_password", NULL };
	const char *old, *new;
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	int rc;

	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "old_password", true, ZW_MAX_PASSWORD, &old) ||
	    !zw_in_str(r, r->json, "new_password", true, ZW_MAX_PASSWORD, &new))
		return;
	zw_req_actor(r, &who);
	if ((c = zw_begin(r)) == NULL)
		return;
	if ((rc = zw_user_set_password(c, &who, who.id, old, new, &why)) != ZW_OK) {
		zw_fail_why(r, rc == ZW_EAUTH ? ZW_EINVAL : rc, &why);
		return;
	}
	if (zw_commit(r))
		zw_json(r, 200, json_pack("{s:s}", "status", "password_changed"));
}

/* ---- organizations ---- */

static const char *const org_keys[] = { "code", "name", "short_name", "uscc",
	"region_code", "parent_id", "kind", "sort_order", "status", NULL };

/* Fill in from JSON; parent_id = -1 when absent (update). */
static bool
org_from_json(zw_req *r, struct zw_org_in *in, bool create)
{
	json_t *j = r->json;
	int64_t v = -1;

	memset(in, 0, sizeof(*in));
	in->parent_id = -1;
	if (j == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return false;
	}
	if (!zw_in_known(r, j, org_keys) ||
	    !zw_in_str(r, j, "code", create, ZW_MAX_CODE, &in->code) ||
	    !zw_in_str(r, j, "name", create, ZW_MAX_NAME, &in->name) ||
	    !zw_in_str(r, j, "short_name", false, 20, &in->short_name) ||
	    !zw_in_str(r, j, "uscc", false, 18, &in->uscc) ||
	    !zw_in_str(r, j, "region_code", create, 6, &in->region_code) ||
	    !zw_in_str(r, j, "kind", false, 20, &in->kind) ||
	    !zw_in_str(r, j, "status", false, 20, &in->status) ||
	    !zw_in_int(r, j, "sort_order", false, -1000000, 1000000, &in->sort_order))
		return false;
	if (json_is_null(json_object_get(j, "parent_id")))
		in->parent_id = 0;
	else if (!zw_in_int(r, j, "parent_id", false, 1, INT64_MAX, &v))
		return false;
	else if (v > 0)
		in->parent_id = v;
	if (create && in->parent_id < 0)
		in->parent_id = 0;
	return true;
}

static void
api_orgs_list(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_org_list(r->db, &who, zw_query(r, "q"), limit, cursor,
	    &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_org_get(zw_req *r)
{
	zw_get_by_id(r, zw_org_get, "机构不存在");
}

static void
api_org_create(zw_req *r)
{
	struct zw_org_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	json_t *o;
	zw_conn *c;
	int rc;

	if (!org_from_json(r, &in, true) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_org_create(c, &who, &in, r->app->master_key, &id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_org_get(c, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/orgs/%lld", (long long)id));
	zw_json(r, 201, o);
}

static void
api_org_patch(zw_req *r)
{
	struct zw_org_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	json_t *o;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || !org_from_json(r, &in, false) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_org_update(c, &who, id, &in, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_org_get(c, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

/* ---- users ---- */

static const char *const user_keys[] = { "login", "name", "org_id", "title",
	"phone", "status", "roles", "password", NULL };

static bool
roles_from_json(zw_req *r, json_t *arr, const char ***out)
{
	const char **roles;
	size_t i, n;

	*out = NULL;
	if (arr == NULL)
		return true;
	if (!json_is_array(arr) || (n = json_array_size(arr)) > 32) {
		zw_fail(r, 400, "wrong_type", "roles 应为角色代码数组", "roles");
		return false;
	}
	roles = zw_zalloc(r->a, sizeof(*roles) * (n + 1));
	for (i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(arr, i));

		if (s == NULL || strlen(s) > ZW_MAX_CODE) {
			zw_fail(r, 400, "wrong_type", "roles 应为角色代码数组", "roles");
			return false;
		}
		roles[i] = s;
	}
	*out = roles;
	return true;
}

static bool
user_from_json(zw_req *r, struct zw_user_in *in, bool create)
{
	json_t *j = r->json;
	const char **roles;

	memset(in, 0, sizeof(*in));
	if (j == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return false;
	}
	if (!zw_in_known(r, j, user_keys) ||
	    !zw_in_str(r, j, "login", create, ZW_MAX_LOGIN, &in->login) ||
	    !zw_in_str(r, j, "name", create, ZW_MAX_NAME, &in->name) ||
	    !zw_in_int(r, j, "org_id", create, 1, INT64_MAX, &in->org_id) ||
	    !zw_in_str(r, j, "title", false, 100, &in->title) ||
	    !zw_in_str(r, j, "phone", false, 30, &in->phone) ||
	    !zw_in_str(r, j, "status", false, 20, &in->status) ||
	    !zw_in_str(r, j, "password", false, ZW_MAX_PASSWORD, &in->password) ||
	    !roles_from_json(r, json_object_get(j, "roles"), &roles))
		return false;
	if (!create && json_object_get(j, "login") != NULL) {
		zw_fail(r, 422, "immutable", "登录名创建后不能修改", "login");
		return false;
	}
	if (!create && in->password != NULL) {
		zw_fail(r, 422, "use_password_endpoint",
		    "请使用 /password 接口修改密码", "password");
		return false;
	}
	in->roles = (const char *const *)roles;
	return true;
}

/* An initial password that meets the rule: 4 classes, 16 characters. */
static const char *
initial_password(zw_req *r)
{
	char tok[32];

	zw_random_token(9, tok, sizeof(tok));
	return zw_aprintf(r->a, "Zw%s#7", tok);
}

static void
api_users_list(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next, org = 0;
	const char *os = zw_query(r, "org_id");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (os != NULL && *os && zw_parse_i64(os, 1, INT64_MAX, &org) != ZW_OK) {
		zw_fail(r, 400, "invalid_org_id", "org_id 无效", "org_id");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_user_list(r->db, &who, zw_query(r, "q"), org, limit, cursor,
	    &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_user_get(zw_req *r)
{
	zw_get_by_id(r, zw_user_get, "用户不存在");
}

static void
api_user_create(zw_req *r)
{
	struct zw_user_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	bool generated = false;
	int64_t id;
	json_t *o;
	zw_conn *c;
	int rc;

	if (!user_from_json(r, &in, true))
		return;
	if (in.password == NULL) {
		in.password = initial_password(r);
		generated = true;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_user_create(c, &who, &in, &id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_user_get(c, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	if (generated)
		json_object_set_new(o, "initial_password", json_string(in.password));
	zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/users/%lld", (long long)id));
	zw_json(r, 201, o);
}

static void
api_user_patch(zw_req *r)
{
	struct zw_user_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	json_t *o;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || !user_from_json(r, &in, false) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_user_update(c, &who, id, &in, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_user_get(c, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

/* Self: {"old_password","new_password"}.  Administrator reset:
 * {"password"} or {} to generate one (returned once). */
static void
api_user_password(zw_req *r)
{
	static const char *const keys[] = { "old_password", "new_password",
		"password", NULL };
	const char *old = NULL, *new = NULL, *pw = NULL;
	struct zw_why why = { 0 };
	struct zw_actor who;
	bool generated = false;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL)
		r->json = json_object();
	if (!zw_in_known(r, r->json, keys) ||
	    !zw_in_str(r, r->json, "old_password", false, ZW_MAX_PASSWORD, &old) ||
	    !zw_in_str(r, r->json, "new_password", false, ZW_MAX_PASSWORD, &new) ||
	    !zw_in_str(r, r->json, "password", false, ZW_MAX_PASSWORD, &pw))
		return;
	zw_req_actor(r, &who);
	if (id == who.id) {
		if (old == NULL || new == NULL) {
			zw_fail(r, 422, "required", "请提供原密码和新密码", "old_password");
			return;
		}
	} else {
		if (!zw_has_perm(r, "users.manage")) {
			zw_fail(r, 403, "forbidden", "没有权限重置他人密码", NULL);
			return;
		}
		if (pw == NULL) {
			pw = initial_password(r);
			generated = true;
		}
		new = pw;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	if ((rc = zw_user_set_password(c, &who, id, old, new, &why)) != ZW_OK) {
		zw_fail_why(r, rc == ZW_EAUTH ? ZW_EINVAL : rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_json(r, 200, generated ? json_pack("{s:s, s:s}", "status",
	    "password_reset", "initial_password", pw) :
	    json_pack("{s:s}", "status", id == who.id ? "password_changed" :
	    "password_reset"));
}

static void
user_lock(zw_req *r, bool lock)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	json_t *o;
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
	if (!zw_commit(r))
		return;
	if ((rc = zw_user_get(c, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void api_user_lock(zw_req *r) { user_lock(r, true); }
static void api_user_unlock(zw_req *r) { user_lock(r, false); }

static void
api_roles(zw_req *r)
{
	json_t *items;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_role_list(r->db, &items)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, -1);
}

/* ---- audit ---- */

/* Date or RFC 3339 time; end_of_day for "to" dates. */
static bool
parse_when(zw_req *r, const char *name, bool end_of_day, int64_t *out)
{
	const char *v = zw_query(r, name);
	zw_date d;

	*out = 0;
	if (v == NULL || *v == '\0')
		return true;
	if (zw_date_parse(v, &d) == ZW_OK) {
		*out = end_of_day ? zw_date_end(d) : zw_date_end(d) - 86399;
		return true;
	}
	if (zw_time_parse(v, out) == ZW_OK)
		return true;
	zw_fail(r, 400, "invalid_date", zw_aprintf(r->a,
	    "%s 应为 YYYY-MM-DD 或 RFC 3339 时间", name), name);
	return false;
}

bool
zw_audit_filter_from_query(zw_req *r, struct zw_audit_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->actor = zw_query(r, "actor");
	f->action = zw_query(r, "action");
	f->result = zw_query(r, "result");
	f->object_type = zw_query(r, "object_type");
	if (f->result && *f->result && strcmp(f->result, "success") &&
	    strcmp(f->result, "failure")) {
		zw_fail(r, 400, "invalid_result", "result 应为 success 或 failure", "result");
		return false;
	}
	if (f->action && strlen(f->action) > 64) {
		zw_fail(r, 400, "invalid_action", "action 过长", "action");
		return false;
	}
	return parse_when(r, "from", false, &f->from) &&
	    parse_when(r, "to", true, &f->to);
}

static void
csv_field(zw_buf *b, const char *s)
{
	/* RFC 4180 quoting; a leading =+-@ is prefixed with ' so that a
	 * spreadsheet never runs it as a formula. */
	zw_buf_putc(b, '"');
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		zw_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			zw_buf_putc(b, '"');
		zw_buf_putc(b, *s);
	}
	zw_buf_putc(b, '"');
}

void
zw_audit_csv(zw_req *r, json_t *items)
{
	size_t i;
	json_t *e;

	zw_buf_reset(&r->out);
	zw_buf_puts(&r->out, "\xEF\xBB\xBF序号,时间,用户,机构ID,操作,对象类型,对象ID,结果,IP,请求ID,详情\r\n");
	json_array_foreach(items, i, e) {
		char seq[24];
		zw_arena *a = r->a;

		snprintf(seq, sizeof(seq), "%lld", (long long)zw_json_int(e, "seq"));
		zw_buf_puts(&r->out, seq);
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, zw_json_str(e, "at"));
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, zw_json_str(e, "actor_login"));
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, json_is_integer(json_object_get(e, "org_id")) ?
		    zw_aprintf(a, "%lld", (long long)zw_json_int(e, "org_id")) : "");
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, zw_json_str(e, "action"));
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, zw_json_str(e, "object_type"));
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, zw_json_str(e, "object_id"));
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, zw_json_str(e, "result"));
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, zw_json_str(e, "ip"));
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, zw_json_str(e, "request_id"));
		zw_buf_putc(&r->out, ',');
		csv_field(&r->out, zw_json_dump(a, json_object_get(e, "details")));
		zw_buf_puts(&r->out, "\r\n");
	}
	r->status = 200;
	r->ctype = "text/csv; charset=utf-8";
	zw_set_header(r, "Content-Disposition",
	    "attachment; filename=\"audit.csv\"");
}

static void
api_audit(zw_req *r)
{
	struct zw_audit_filter f;
	int64_t limit, cursor, next;
	const char *fmt = zw_query(r, "format");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || !zw_audit_filter_from_query(r, &f))
		return;
	if (fmt != NULL && strcmp(fmt, "csv") == 0 && zw_query(r, "limit") == NULL)
		limit = 100000;	/* an export takes everything that matches */
	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_audit_query(r->db, &f, limit, cursor, &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	if (fmt != NULL && strcmp(fmt, "csv") == 0) {
		struct zw_actor who;

		zw_audit_csv(r, items);
		json_decref(items);
		zw_req_actor(r, &who);
		/* Exporting the log is itself an auditable act. */
		if (zw_tx_begin(r->db) == ZW_OK) {
			if (zw_actor_audit(r->db, &who, "audit.export", "audit", 0,
			    "success", NULL) == ZW_OK)
				zw_tx_commit(r->db);
		}
		return;
	}
	zw_json_list(r, items, next);
}

const struct zw_route zw_org_api_routes[] = {
	{ "POST", "/api/v1/session", api_login, NULL,
	  ZW_R_PUBLIC | ZW_R_NO_CSRF | ZW_R_LOGIN_RATE, NULL },
	{ "DELETE", "/api/v1/session", api_logout, NULL, ZW_R_ALLOW_PWCHANGE, NULL },
	{ "GET", "/api/v1/me", api_me, NULL, ZW_R_ALLOW_PWCHANGE, NULL },
	{ "POST", "/api/v1/me/password", api_me_password, NULL, ZW_R_ALLOW_PWCHANGE, NULL },
	{ "GET", "/api/v1/orgs", api_orgs_list, "orgs.read", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/orgs", api_org_create, "orgs.manage", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/orgs/{id}", api_org_get, "orgs.read", ZW_R_STAFF, NULL },
	{ "PATCH", "/api/v1/orgs/{id}", api_org_patch, "orgs.manage", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/users", api_users_list, "users.read", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/users", api_user_create, "users.manage", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/users/{id}", api_user_get, "users.read", ZW_R_STAFF, NULL },
	{ "PATCH", "/api/v1/users/{id}", api_user_patch, "users.manage", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/users/{id}/password", api_user_password, NULL,
	  ZW_R_ALLOW_PWCHANGE, NULL },
	{ "POST", "/api/v1/users/{id}/lock", api_user_lock, "users.manage", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/users/{id}/unlock", api_user_unlock, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/roles", api_roles, "roles.read", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/audit", api_audit, "audit.read", ZW_R_STAFF, NULL },
};
const size_t zw_org_api_routes_count =
    sizeof(zw_org_api_routes) / sizeof(zw_org_api_routes[0]);
