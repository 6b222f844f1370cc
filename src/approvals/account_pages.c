/*
 * account_pages.c -- the portal pages of public accounts: /register
 * (个人 or 法人), /login and /logout for citizens and enterprises, and
 * the personal centre /my/ with its messages and password change.  Forms post back to the
 * same path; a refused form comes back with the entered values (never
 * the passwords), an error summary and the field marked.
 */
#include <string.h>

#include "approvals/account_routes.h"
#include "approvals/accounts.h"
#include "approvals/notify.h"
#include "base/err.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "org/org.h"
#include "org/routes.h"

struct zw_auth_policy zw_app_policy(const struct zw_app *app);

#define SESSION_COOKIE "zw_session"
#define MY_RECENT 5		/* messages shown on /my/ */
#define MY_PAGE 20		/* messages per page on /my/messages */

/* A field of a registration form. */
struct field {
	const char *name, *label, *type, *autocomplete, *inputmode, *help;
	int max;
	bool required;
};

static const struct field person_fields[] = {
	{ "name", "姓名", "text", "name", NULL, NULL, ZW_MAX_NAME, true },
	{ "id_number", "身份证号", "text", "off", NULL,
	  "18位居民身份证号码，末位的X大小写均可；注册后用它登录", 18, true },
	{ "phone", "手机号码", "tel", "tel", "numeric", "11位中国大陆手机号，用于接收办件通知",
	  11, true },
	{ "email", "电子邮箱（选填）", "email", "email", NULL, NULL, ZW_MAX_EMAIL,
	  false },
	{ "password", "设置密码", "password", "new-password", NULL,
	  "至少8个字符，含大写字母、小写字母、数字、符号中的三类", ZW_MAX_PASSWORD,
	  true },
	{ "password2", "确认密码", "password", "new-password", NULL, NULL,
	  ZW_MAX_PASSWORD, true },
};

static const struct field enterprise_fields[] = {
	{ "name", "企业（单位）名称", "text", "organization", NULL,
	  "与营业执照或登记证书上的名称一致", ZW_MAX_NAME, true },
	{ "uscc", "统一社会信用代码", "text", "off", NULL,
	  "18位，见营业执照；注册后用它登录", 18, true },
	{ "agent_name", "经办人姓名", "text", "name", NULL, NULL, ZW_MAX_NAME,
	  true },
	{ "agent_id_number", "经办人身份证号", "text", "off", NULL,
	  "经办人的18位居民身份证号码", 18, true },
	{ "phone", "经办人手机号码", "tel", "tel", "numeric",
	  "11位中国大陆手机号，用于接收办件通知", 11, true },
	{ "email", "电子邮箱（选填）", "email", "email", NULL, NULL, ZW_MAX_EMAIL,
	  false },
	{ "password", "设置密码", "password", "new-password", NULL,
	  "至少8个字符，含大写字母、小写字母、数字、符号中的三类", ZW_MAX_PASSWORD,
	  true },
	{ "password2", "确认密码", "password", "new-password", NULL, NULL,
	  ZW_MAX_PASSWORD, true },
};

static bool
is_password(const char *name)
{
	return strcmp(name, "password") == 0 || strcmp(name, "password2") == 0;
}

/* Where a public user goes after logging in: a local path, else /my/. */
static const char *
safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    strstr(next, "//") != NULL || strchr(next, '\\') != NULL ||
	    strncmp(next, "/office", 7) == 0 || strncmp(next, "/login", 6) == 0 ||
	    strncmp(next, "/register", 9) == 0 || strncmp(next, "/logout", 7) == 0)
		return "/my/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "/my/";
	return next;
}

static const char *
kind_of(const char *k)
{
	return k != NULL && strcmp(k, "enterprise") == 0 ? "enterprise" : "person";
}

/* The error summary and the marked field. */
static json_t *
with_error(json_t *ctx, const char *msg, const char *field)
{
	json_object_set_new(ctx, "error", json_string(msg ? msg : "提交内容有误"));
	if (field != NULL)
		json_object_set_new(ctx, "error_field", json_string(field));
	return ctx;
}

/* ---- /register ---- */

static void
render_register(zw_req *r, int status, const char *kind, const char *msg,
    const char *bad)
{
	const struct field *f = strcmp(kind, "person") == 0 ? person_fields :
	    enterprise_fields;
	size_t i, n = strcmp(kind, "person") == 0 ?
	    sizeof(person_fields) / sizeof(person_fields[0]) :
	    sizeof(enterprise_fields) / sizeof(enterprise_fields[0]);
	json_t *fields = json_array(), *ctx;
	bool known_bad = false;

	for (i = 0; i < n; i++) {
		const char *v = zw_form(r, f[i].name);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:b}", "name",
		    f[i].name, "label", f[i].label, "type", f[i].type,
		    "autocomplete", f[i].autocomplete, "max", f[i].max, "required",
		    f[i].required);
		char *desc = NULL;

		if (v != NULL && !is_password(f[i].name))
			json_object_set_new(o, "value", json_string(v));
		if (f[i].inputmode != NULL)
			json_object_set_new(o, "inputmode", json_string(f[i].inputmode));
		if (f[i].help != NULL) {
			json_object_set_new(o, "help", json_string(f[i].help));
			desc = zw_aprintf(r->a, "h-%s", f[i].name);
		}
		if (bad != NULL && strcmp(bad, f[i].name) == 0) {
			known_bad = true;
			json_object_set_new(o, "field_error", json_string(msg));
			desc = desc ? zw_aprintf(r->a, "e-%s %s", f[i].name, desc) :
			    zw_aprintf(r->a, "e-%s", f[i].name);
		}
		if (desc != NULL)
			json_object_set_new(o, "describedby", json_string(desc));
		if (i == 0 && msg == NULL)
			json_object_set_new(o, "focus", json_true());
		json_array_append_new(fields, o);
	}
	ctx = json_pack("{s:s, s:o, s:b}", "kind", kind, "fields", fields,
	    "person", strcmp(kind, "person") == 0);
	if (msg != NULL)
		with_error(ctx, msg, known_bad ? bad : NULL);
	zw_render(r, status, "portal/register.html", ctx);
}

static void
page_register(zw_req *r)
{
	if (r->user != NULL) {
		zw_redirect(r, strcmp(r->user->kind, "staff") == 0 ? "/office/" :
		    "/my/");
		return;
	}
	render_register(r, 200, kind_of(zw_query(r, "kind")), NULL, NULL);
}

/* The registration body from the form: the kind's fields, as typed. */
static json_t *
register_json(zw_req *r, const char *kind, const char **bad)
{
	const struct field *f = strcmp(kind, "person") == 0 ? person_fields :
	    enterprise_fields;
	size_t i, n = strcmp(kind, "person") == 0 ?
	    sizeof(person_fields) / sizeof(person_fields[0]) :
	    sizeof(enterprise_fields) / sizeof(enterprise_fields[0]);
	json_t *in = json_pack("{s:s}", "kind", kind);

	*bad = NULL;
	for (i = 0; i < n; i++) {
		const char *v = zw_form(r, f[i].name);

		if (strcmp(f[i].name, "password2") == 0 || v == NULL || *v == '\0')
			continue;
		if (json_object_set_new(in, f[i].name, json_string(v)) != 0) {
			/* not UTF-8: jansson refuses the string */
			*bad = f[i].name;
			break;
		}
	}
	return in;
}

static void
page_register_post(zw_req *r)
{
	const char *kind = kind_of(zw_form(r, "kind")), *bad = NULL;
	const char *pw = zw_form(r, "password"), *pw2 = zw_form(r, "password2");
	char login[ZW_MAX_LOGIN + 1], k[16];
	struct zw_auth_policy pol = zw_app_policy(r->app);
	struct zw_why why = { 0 };
	struct zw_login_out lo;
	int64_t uid = 0;
	json_t *in;
	zw_conn *c;
	int rc;

	if (r->user != NULL) {
		/* already logged in: nothing to register (and no CSRF check
		 * was made for this form) */
		zw_redirect(r, strcmp(r->user->kind, "staff") == 0 ? "/office/" :
		    "/my/");
		return;
	}
	if (!zw_account_rate_ok(r)) {
		zw_set_header(r, "Retry-After", "60");
		render_register(r, 429, kind, "注册过于频繁，请一分钟后再试", NULL);
		return;
	}
	in = register_json(r, kind, &bad);
	if (bad != NULL) {
		json_decref(in);
		render_register(r, 422, kind, "填写的内容包含无效字符", bad);
		return;
	}
	if (pw != NULL && *pw && (pw2 == NULL || strcmp(pw, pw2) != 0)) {
		json_decref(in);
		render_register(r, 422, kind, "两次输入的密码不一致", "password2");
		return;
	}
	if ((c = zw_begin(r)) == NULL) {
		json_decref(in);
		return;
	}
	rc = zw_account_register(c, in, r->client_ip, &uid, &why);
	json_decref(in);
	if (rc == ZW_OK)
		rc = zw_account_brief(c, uid, login, k);
	if (rc == ZW_EINVAL || rc == ZW_ECONFLICT) {
		zw_tx_rollback(c);
		render_register(r, rc == ZW_ECONFLICT ? 409 : 422, kind,
		    why.message, why.field);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	/* Registered: log straight in. */
	rc = zw_auth_login(c, &pol, login, pw, r->client_ip, r->user_agent,
	    r->request_id, &lo, &why);
	if (rc != ZW_OK) {
		zw_redirect(r, "/login");
		return;
	}
	zw_set_cookie(r, SESSION_COOKIE, lo.token, pol.idle_s * 48);
	zw_redirect(r, "/my/?registered=1");
}

/* ---- /login, /logout ---- */

static void
render_login(zw_req *r, int status, const char *login, const char *next,
    const char *msg)
{
	json_t *ctx = json_pack("{s:s, s:s}", "login", login ? login : "",
	    "next", next);

	if (msg != NULL)
		with_error(ctx, msg, NULL);
	zw_render(r, status, "portal/login.html", ctx);
}

static void
page_login(zw_req *r)
{
	if (r->user != NULL) {
		zw_redirect(r, strcmp(r->user->kind, "staff") == 0 ? "/office/" :
		    safe_next(zw_query(r, "next")));
		return;
	}
	render_login(r, 200, NULL, safe_next(zw_query(r, "next")), NULL);
}

/* An ID number typed with a lower-case x is the same number. */
static const char *
normal_login(zw_req *r, const char *login)
{
	size_t i, n = strlen(login);
	char *t;

	if (n != 18 || login[17] != 'x')
		return login;
	for (i = 0; i < 17; i++)
		if (login[i] < '0' || login[i] > '9')
			return login;
	t = zw_astrdup(r->a, login);
	t[17] = 'X';
	return t;
}

static void
page_login_post(zw_req *r)
{
	struct zw_auth_policy pol = zw_app_policy(r->app);
	struct zw_why why = { 0 };
	struct zw_login_out lo;
	struct zw_user_ctx u;
	const char *login = zw_form(r, "login"), *pw = zw_form(r, "password");
	const char *next = safe_next(zw_form(r, "next"));
	zw_conn *c;
	int rc;

	if (login == NULL || *login == '\0' || pw == NULL || *pw == '\0') {
		render_login(r, 422, login, next, "请输入账号和密码");
		return;
	}
	if ((c = zw_db_conn(r)) == NULL)
		return;
	rc = zw_auth_login(c, &pol, normal_login(r, login), pw, r->client_ip,
	    r->user_agent, r->request_id, &lo, &why);
	if (rc != ZW_OK) {
		render_login(r, rc == ZW_ELOCKED ? 403 : rc == ZW_EAUTH ? 401 : 500,
		    login, next, why.message ? why.message :
		    "登录失败，请稍后再试");
		return;
	}
	zw_set_cookie(r, SESSION_COOKIE, lo.token, pol.idle_s * 48);
	if (zw_session_lookup(c, r->a, &pol, lo.token, &u) != ZW_OK) {
		zw_redirect(r, "/my/");
		return;
	}
	if (strcmp(u.kind, "staff") == 0)
		zw_redirect(r, lo.must_change_password ?
		    "/office/password?next=%2Foffice%2F" : "/office/");
	else
		zw_redirect(r, lo.must_change_password ? "/my/password" : next);
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
	zw_redirect(r, "/");
}

/* ---- /my/ ---- */

/* "2026-03-02T09:00:00+08:00" -> when "2026-03-02 09:00" for display. */
static json_t *
with_when(json_t *items)
{
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it) {
		const char *t = zw_json_str(it, "created_at");
		char w[17];

		if (t == NULL || strlen(t) < 16)
			continue;
		memcpy(w, t, 16);
		w[10] = ' ';
		w[16] = '\0';
		json_object_set_new(it, "when", json_string(w));
	}
	return items;
}

/* Public users only; staff have the back office. */
static bool
public_user(zw_req *r)
{
	if (strcmp(r->user->kind, "staff") == 0) {
		zw_redirect(r, "/office/");
		return false;
	}
	return zw_db_conn(r) != NULL;
}

static void
page_my(zw_req *r)
{
	int64_t unread = 0, next;
	json_t *account = NULL, *recent = NULL, *ctx;
	int rc;

	if (!public_user(r))
		return;
	if ((rc = zw_account_get(r->db, r->user->id, &account)) ||
	    (rc = zw_messages_unread(r->db, r->user->id, &unread)) ||
	    (rc = zw_messages_list(r->db, r->user->id, MY_RECENT, 0, &recent,
	    &next))) {
		json_decref(account);
		zw_fail_rc(r, rc, "账号信息不存在", NULL);
		return;
	}
	json_object_set_new(account, "created_on", json_stringn(
	    zw_json_str(account, "created_at"), 10));
	ctx = json_pack("{s:o, s:I, s:o, s:b}", "account", account, "unread",
	    (json_int_t)unread, "recent", with_when(recent), "registered",
	    zw_query(r, "registered") != NULL);
	zw_render(r, 200, "portal/my.html", ctx);
}

static void
page_messages(zw_req *r)
{
	int64_t limit = MY_PAGE, cursor = 0, next, unread = 0;
	const char *cur = zw_query(r, "cursor");
	json_t *items;
	int rc;

	if (cur != NULL && *cur && zw_parse_i64(cur, 0, INT64_MAX, &cursor)) {
		zw_fail(r, 400, "invalid_cursor", "页码无效", "cursor");
		return;
	}
	if (!public_user(r))
		return;
	if ((rc = zw_messages_list(r->db, r->user->id, limit, cursor, &items,
	    &next)) != ZW_OK ||
	    (rc = zw_messages_unread(r->db, r->user->id, &unread)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "portal/messages.html", json_pack("{s:o, s:o, s:I, s:b}",
	    "items", with_when(items), "next", next >= 0 ? json_integer(next) : json_null(),
	    "unread", (json_int_t)unread, "marked", zw_query(r, "marked") != NULL));
}

static void
page_message_read(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || !public_user(r))
		return;
	zw_req_actor(r, &who);
	if ((c = zw_begin(r)) == NULL)
		return;
	if ((rc = zw_message_read(c, &who, id)) != ZW_OK) {
		zw_fail_rc(r, rc, "消息不存在", NULL);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, "/my/messages?marked=1");
}

static void
render_password(zw_req *r, int status, const char *msg, const char *field)
{
	json_t *ctx = json_object();

	if (msg != NULL)
		with_error(ctx, msg, field);
	json_object_set_new(ctx, "changed",
	    json_boolean(zw_query(r, "changed") != NULL));
	json_object_set_new(ctx, "forced",
	    json_boolean(r->user->must_change_password));
	zw_render(r, status, "portal/password.html", ctx);
}

static void
page_password(zw_req *r)
{
	if (public_user(r))
		render_password(r, 200, NULL, NULL);
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

	if (!public_user(r))
		return;
	if (old == NULL || *old == '\0') {
		render_password(r, 422, "请输入原密码", "old_password");
		return;
	}
	if (n1 == NULL || *n1 == '\0') {
		render_password(r, 422, "请输入新密码", "new_password");
		return;
	}
	if (n2 == NULL || strcmp(n1, n2) != 0) {
		render_password(r, 422, "两次输入的新密码不一致", "new_password2");
		return;
	}
	zw_req_actor(r, &who);
	if ((c = zw_begin(r)) == NULL)
		return;
	rc = zw_user_set_password(c, &who, who.id, old, n1, &why);
	if (rc == ZW_EINVAL || rc == ZW_EAUTH) {
		zw_tx_rollback(c);
		render_password(r, 422, why.message, why.field);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, r->user->must_change_password ? "/my/" :
		    "/my/password?changed=1");
}

const struct zw_route zw_account_page_routes[] = {
	{ "GET", "/register", page_register, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/register", page_register_post, NULL,
	  ZW_R_PUBLIC | ZW_R_NO_CSRF, NULL },
	{ "GET", "/login", page_login, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/login", page_login_post, NULL,
	  ZW_R_PUBLIC | ZW_R_NO_CSRF | ZW_R_LOGIN_RATE, NULL },
	{ "POST", "/logout", page_logout, NULL, ZW_R_ALLOW_PWCHANGE, NULL },
	{ "GET", "/my/", page_my, NULL, 0, NULL },
	{ "GET", "/my", page_my, NULL, 0, NULL },
	{ "GET", "/my/password", page_password, NULL, ZW_R_ALLOW_PWCHANGE, NULL },
	{ "POST", "/my/password", page_password_post, NULL, ZW_R_ALLOW_PWCHANGE,
	  NULL },
	{ "GET", "/my/messages", page_messages, NULL, 0, NULL },
	{ "POST", "/my/messages/{id}/read", page_message_read, NULL, 0, NULL },
};
const size_t zw_account_page_routes_count =
    sizeof(zw_account_page_routes) / sizeof(zw_account_page_routes[0]);
