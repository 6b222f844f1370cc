/*
 * users.c -- user accounts, role assignment with the 三员 separation,
 * passwords (argon2id), the lockout policy, and sessions.
 *
 * 等保 2.0 GB/T 22239-2019 §8.1.4.1 (身份鉴别): unique logins, password
 * complexity and periodic change, login-failure handling (lockout),
 * idle timeout.  §8.1.4.2 (访问控制): least privilege and separate
 * administrator rights.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "crypto/pwhash.h"
#include "crypto/sm3.h"
#include "org/org.h"
#include "org/org_int.h"

#define SESSION_TOUCH_S 30	/* refresh last_seen at most this often */
#define LOCK_FOREVER_S (100LL * 365 * 86400)

const char *
zw_password_problem(const char *pw, const char *login)
{
	int upper = 0, lower = 0, digit = 0, other = 0;
	size_t n, i;

	if (pw == NULL || (n = strlen(pw)) == 0)
		return "请输入密码";
	if (n > ZW_MAX_PASSWORD || !zw_utf8_valid(pw, n) ||
	    zw_utf8_has_controls(pw, n))
		return "密码过长或包含无效字符";
	if (zw_utf8_chars(pw, n) < ZW_MIN_PASSWORD_CHARS)
		return "密码至少8个字符";
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)pw[i];

		if (ch >= 'A' && ch <= 'Z')
			upper = 1;
		else if (ch >= 'a' && ch <= 'z')
			lower = 1;
		else if (ch >= '0' && ch <= '9')
			digit = 1;
		else
			other = 1;
	}
	if (upper + lower + digit + other < 3)
		return "密码须包含大写字母、小写字母、数字、符号中的至少三类";
	if (login != NULL && *login && strcasestr(pw, login) != NULL)
		return "密码不能包含登录名";
	return NULL;
}

void
zw_actor_from_user(struct zw_actor *who, const struct zw_user_ctx *u,
    const char *ip, const char *request_id)
{
	memset(who, 0, sizeof(*who));
	who->ip = ip;
	who->request_id = request_id;
	if (u == NULL) {
		who->login = "anonymous";
		return;
	}
	who->id = u->id;
	who->login = u->login;
	who->org_id = u->org_id;
	who->org_path = u->org_path;
	who->scope = u->scope;
	who->perms = u->perms;
	who->roles = u->roles;
}

static int
check_login_name(const char *login, struct zw_why *why)
{
	size_t i, n = login ? strlen(login) : 0;

	if (n < 2 || n > ZW_MAX_LOGIN) {
		ZW_WHY(why, "invalid_login", "登录名应为2至64个字符", "login");
		return ZW_EINVAL;
	}
	for (i = 0; i < n; i++) {
		char ch = login[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= 'a' && ch <= 'z') || ch == '.' || ch == '_' || ch == '-')) {
			ZW_WHY(why, "invalid_login",
			    "登录名只能包含字母、数字、点、下划线和连字符", "login");
			return ZW_EINVAL;
		}
	}
	return ZW_OK;
}

/* The org exists and lies in who's scope. OUT: path (may be NULL). */
static int
org_in_scope(zw_conn *c, const struct zw_actor *who, int64_t org_id)
{
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT o.id FROM orgs o WHERE o.id = ? AND "
	    ZW_SCOPE_SQL, &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, org_id);
		zw_bind_scope(s, 2, who, a);
		rc = zw_step(s);
		zw_reset(s);
		rc = rc == ZW_ROW ? ZW_OK : rc < 0 ? rc : ZW_ENOTFOUND;
	}
	zw_arena_free(a);
	return rc;
}

/* The user exists and lies in who's scope. OUT: *org_id (may be NULL). */
static int
user_in_scope(zw_conn *c, const struct zw_actor *who, int64_t id)
{
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc;

	if (who->scope == ZW_SCOPE_SELF && id != who->id) {
		zw_arena_free(a);
		return ZW_ENOTFOUND;
	}
	rc = zw_prepare(c, "SELECT u.id FROM users u JOIN orgs o ON o.id = u.org_id "
	    "WHERE u.id = ? AND " ZW_SCOPE_SQL, &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, id);
		zw_bind_scope(s, 2, who, a);
		rc = zw_step(s);
		zw_reset(s);
		rc = rc == ZW_ROW ? ZW_OK : rc < 0 ? rc : ZW_ENOTFOUND;
	}
	zw_arena_free(a);
	return rc;
}

/*
 * Replace a user's roles.  Rules (三员分立): at most one administrator
 * role; the audit administrator holds no other role; nobody changes
 * their own roles.
 */
static int
set_roles(zw_conn *c, const struct zw_actor *who, int64_t uid,
    const char *const *roles, struct zw_why *why)
{
	int64_t ids[32];
	int admins = 0, audit = 0, n = 0, i, rc;
	zw_stmt *s;

	if (uid == who->id && who->id != 0) {
		ZW_WHY(why, "own_roles", "不能修改自己的角色", "roles");
		return ZW_EPERM;
	}
	for (i = 0; roles[i] != NULL; i++) {
		if (i >= 32) {
			ZW_WHY(why, "too_many", "角色过多", "roles");
			return ZW_EINVAL;
		}
		rc = zw_prepare(c, "SELECT id, admin_kind FROM roles WHERE code = ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_text(s, 1, roles[i], (size_t)-1);
		if ((rc = zw_step(s)) != ZW_ROW) {
			ZW_WHY(why, "unknown_role", "角色不存在", "roles");
			return rc < 0 ? rc : ZW_EINVAL;
		}
		ids[n++] = zw_col_int(s, 0);
		if (*zw_col_text(s, 1))
			admins++;
		if (strcmp(zw_col_text(s, 1), "audit") == 0)
			audit = 1;
		zw_reset(s);
	}
	if (admins > 1) {
		ZW_WHY(why, "separation_of_duties",
		    "三员分立：系统管理员、安全管理员、安全审计员不能由同一人兼任", "roles");
		return ZW_EINVAL;
	}
	if (audit && n > 1) {
		ZW_WHY(why, "separation_of_duties",
		    "三员分立：安全审计员不能兼任其他角色", "roles");
		return ZW_EINVAL;
	}
	if ((rc = zw_prepare(c, "DELETE FROM user_roles WHERE user_id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, uid);
	if ((rc = zw_step(s)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		rc = zw_prepare(c, "INSERT INTO user_roles (user_id, role_id) "
		    "VALUES (?, ?) ON CONFLICT DO NOTHING", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, uid);
		zw_bind_int(s, 2, ids[i]);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	return ZW_OK;
}

static json_t *
roles_json(const char *const *roles)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; roles != NULL && roles[i] != NULL; i++)
		json_array_append_new(a, json_string(roles[i]));
	return a;
}

int
zw_user_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_user_in *in, int64_t *id, struct zw_why *why)
{
	char hash[ZW_PWHASH_STRLEN];
	const char *pwp;
	zw_stmt *s;
	int64_t now = zw_now(), uid;
	const char *kind = in->kind && *in->kind ? in->kind : "staff";
	int rc;

	if ((rc = check_login_name(in->login, why)) != ZW_OK ||
	    (rc = zw_check_text(in->name, "name", true, ZW_MAX_NAME, why)) ||
	    (rc = zw_check_text(in->title, "title", false, 100, why)) ||
	    (rc = zw_check_text(in->phone, "phone", false, 30, why)))
		return rc;
	if (strcmp(kind, "staff") == 0) {
		if (in->org_id <= 0 || org_in_scope(c, who, in->org_id) != ZW_OK) {
			ZW_WHY(why, "org_not_found", "所属机构不存在", "org_id");
			return ZW_EINVAL;
		}
	}
	if ((pwp = zw_password_problem(in->password, in->login)) != NULL) {
		ZW_WHY(why, "weak_password", pwp, "password");
		return ZW_EINVAL;
	}
	if (zw_pwhash(in->password, strlen(in->password), hash) != ZW_OK)
		return ZW_ECRYPTO;
	rc = zw_prepare(c, "INSERT INTO users (login, name, kind, org_id, title, "
	    "phone, password_hash, must_change_password, password_changed_at, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) "
	    "RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, in->login, (size_t)-1);
	zw_bind_text(s, 2, in->name, (size_t)-1);
	zw_bind_text(s, 3, kind, (size_t)-1);
	if (in->org_id > 0)
		zw_bind_int(s, 4, in->org_id);
	else
		zw_bind_null(s, 4);
	zw_bind_text(s, 5, in->title ? in->title : "", (size_t)-1);
	zw_bind_text(s, 6, in->phone ? in->phone : "", (size_t)-1);
	zw_bind_text(s, 7, hash, (size_t)-1);
	zw_bind_int(s, 8, now);
	zw_bind_int(s, 9, now);
	zw_bind_int(s, 10, now);
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "duplicate", "登录名已存在", "login");
		return rc;
	}
	if (rc != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	uid = zw_col_int(s, 0);
	zw_reset(s);
	if (in->roles != NULL && (rc = set_roles(c, who, uid, in->roles, why)))
		return rc;
	{
		json_t *d = json_pack("{s:s, s:s, s:I, s:o}", "login", in->login,
		    "name", in->name, "org_id", (json_int_t)in->org_id,
		    "roles", roles_json(in->roles));

		rc = zw_actor_audit(c, who, "user.create", "user", uid, "success", d);
		json_decref(d);
	}
	if (rc == ZW_OK && id != NULL)
		*id = uid;
	return rc;
}

int
zw_user_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_user_in *in, struct zw_why *why)
{
	zw_stmt *s;
	json_t *d;
	int rc;

	if ((rc = user_in_scope(c, who, id)) != ZW_OK)
		return rc;
	if ((in->name && (rc = zw_check_text(in->name, "name", true, ZW_MAX_NAME, why))) ||
	    (rc = zw_check_text(in->title, "title", false, 100, why)) ||
	    (rc = zw_check_text(in->phone, "phone", false, 30, why)))
		return rc;
	if (in->org_id > 0 && org_in_scope(c, who, in->org_id) != ZW_OK) {
		ZW_WHY(why, "org_not_found", "所属机构不存在", "org_id");
		return ZW_EINVAL;
	}
	if (in->status != NULL) {
		if (strcmp(in->status, "active") && strcmp(in->status, "disabled")) {
			ZW_WHY(why, "invalid_status", "状态应为 active 或 disabled", "status");
			return ZW_EINVAL;
		}
		if (id == who->id) {
			ZW_WHY(why, "own_status", "不能停用自己的账号", "status");
			return ZW_EPERM;
		}
	}
	rc = zw_prepare(c, "UPDATE users SET name = COALESCE(?, name), "
	    "org_id = COALESCE(?, org_id), title = COALESCE(?, title), "
	    "phone = COALESCE(?, phone), status = COALESCE(?, status), "
	    "updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
#define BIND_OPT(i, v) ((v) ? zw_bind_text(s, (i), (v), (size_t)-1) : zw_bind_null(s, (i)))
	BIND_OPT(1, in->name);
	if (in->org_id > 0)
		zw_bind_int(s, 2, in->org_id);
	else
		zw_bind_null(s, 2);
	BIND_OPT(3, in->title);
	BIND_OPT(4, in->phone);
	BIND_OPT(5, in->status);
#undef BIND_OPT
	zw_bind_int(s, 6, zw_now());
	zw_bind_int(s, 7, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if (in->roles != NULL && (rc = set_roles(c, who, id, in->roles, why)))
		return rc;
	if (in->status != NULL && strcmp(in->status, "disabled") == 0) {
		/* A disabled account loses its sessions at once. */
		if ((rc = zw_prepare(c, "UPDATE sessions SET revoked = 1 "
		    "WHERE user_id = ?", &s)))
			return rc;
		zw_bind_int(s, 1, id);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	d = json_object();
	if (in->name) json_object_set_new(d, "name", json_string(in->name));
	if (in->org_id > 0) json_object_set_new(d, "org_id", json_integer(in->org_id));
	if (in->title) json_object_set_new(d, "title", json_string(in->title));
	if (in->phone) json_object_set_new(d, "phone", json_string(in->phone));
	if (in->status) json_object_set_new(d, "status", json_string(in->status));
	if (in->roles) json_object_set_new(d, "roles", roles_json(in->roles));
	rc = zw_actor_audit(c, who, "user.update", "user", id, "success", d);
	json_decref(d);
	return rc;
}

#define USER_COLS "u.id, u.login, u.name, u.kind, u.org_id, COALESCE(o.name, ''), " \
	"u.title, u.phone, u.status, u.must_change_password, u.locked_until, " \
	"u.last_login_at, u.created_at, u.failed_count"

static json_t *
user_row(zw_conn *c, zw_stmt *s)
{
	json_t *o = json_object(), *roles = json_array(), *names = json_array();
	int64_t id = zw_col_int(s, 0);
	zw_stmt *r;
	char ts[32];

	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "login", json_string(zw_col_text(s, 1)));
	json_object_set_new(o, "name", json_string(zw_col_text(s, 2)));
	json_object_set_new(o, "kind", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "org_id", zw_col_isnull(s, 4) ? json_null() :
	    json_integer(zw_col_int(s, 4)));
	json_object_set_new(o, "org_name", json_string(zw_col_text(s, 5)));
	json_object_set_new(o, "title", json_string(zw_col_text(s, 6)));
	json_object_set_new(o, "phone", json_string(zw_col_text(s, 7)));
	json_object_set_new(o, "status", json_string(zw_col_text(s, 8)));
	json_object_set_new(o, "must_change_password", json_boolean(zw_col_int(s, 9)));
	json_object_set_new(o, "locked", json_boolean(zw_col_int(s, 10) > zw_now()));
	if (zw_col_int(s, 10) > zw_now()) {
		zw_time_rfc3339(zw_col_int(s, 10), ts, sizeof(ts));
		json_object_set_new(o, "locked_until", json_string(ts));
	}
	if (zw_col_int(s, 11) > 0) {
		zw_time_rfc3339(zw_col_int(s, 11), ts, sizeof(ts));
		json_object_set_new(o, "last_login_at", json_string(ts));
	} else
		json_object_set_new(o, "last_login_at", json_null());
	zw_time_rfc3339(zw_col_int(s, 12), ts, sizeof(ts));
	json_object_set_new(o, "created_at", json_string(ts));
	/* Roles: a second statement while s is still open is fine on both
	 * backends (different cached statements). */
	if (zw_prepare(c, "SELECT r.code, r.name FROM user_roles ur JOIN roles r "
	    "ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.id", &r) == ZW_OK) {
		zw_bind_int(r, 1, id);
		while (zw_step(r) == ZW_ROW) {
			json_array_append_new(roles, json_string(zw_col_text(r, 0)));
			json_array_append_new(names, json_string(zw_col_text(r, 1)));
		}
	}
	json_object_set_new(o, "roles", roles);
	json_object_set_new(o, "role_names", names);
	return o;
}

int
zw_user_get(zw_conn *c, const struct zw_actor *who, int64_t id, json_t **out)
{
	zw_stmt *s;
	int rc;

	if ((rc = user_in_scope(c, who, id)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "SELECT " USER_COLS " FROM users u "
	    "LEFT JOIN orgs o ON o.id = u.org_id WHERE u.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*out = user_row(c, s);
	zw_reset(s);
	return ZW_OK;
}

int
zw_user_list(zw_conn *c, const struct zw_actor *who, const char *q,
    int64_t org_id, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next_cursor)
{
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc, n = 0;

	rc = zw_prepare(c, "SELECT " USER_COLS " FROM users u "
	    "JOIN orgs o ON o.id = u.org_id WHERE " ZW_SCOPE_SQL
	    " AND (CAST(? AS BIGINT) = 0 OR u.id = ?)"
	    " AND (CAST(? AS BIGINT) = 0 OR u.org_id = ?)"
	    " AND (CAST(? AS TEXT) IS NULL OR u.name LIKE ? ESCAPE '!' OR "
	    "u.login LIKE ? ESCAPE '!')"
	    " AND u.id > ? ORDER BY u.id LIMIT ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_scope(s, 1, who, a);
	zw_bind_int(s, 2, who->scope == ZW_SCOPE_SELF);
	zw_bind_int(s, 3, who->id);
	zw_bind_int(s, 4, org_id);
	zw_bind_int(s, 5, org_id);
	if (q != NULL && *q) {
		char *like = zw_like_contains(a, q);

		zw_bind_text(s, 6, q, (size_t)-1);
		zw_bind_text(s, 7, like, (size_t)-1);
		zw_bind_text(s, 8, like, (size_t)-1);
	} else {
		zw_bind_null(s, 6);
		zw_bind_null(s, 7);
		zw_bind_null(s, 8);
	}
	zw_bind_int(s, 9, cursor);
	zw_bind_int(s, 10, limit + 1);
	*items = json_array();
	*next_cursor = -1;
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next_cursor = json_integer_value(json_object_get(
			    json_array_get(*items, (size_t)n - 1), "id"));
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		json_array_append_new(*items, user_row(c, s));
		n++;
	}
out:
	zw_arena_free(a);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_user_id_by_login(zw_conn *c, const char *login, int64_t *id)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT id FROM users WHERE login = ?", &s)))
		return rc;
	zw_bind_text(s, 1, login, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_user_set_password(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *old_password, const char *new_password, struct zw_why *why)
{
	char hash[ZW_PWHASH_STRLEN], login[ZW_MAX_LOGIN + 1];
	const char *pwp;
	bool self = id == who->id;
	zw_stmt *s;
	int rc;

	if (!self) {
		if (!zw_actor_can(who, "users.manage") && who->id != 0)
			return ZW_EPERM;
		if (who->id != 0 && (rc = user_in_scope(c, who, id)) != ZW_OK)
			return rc;
	}
	if ((rc = zw_prepare(c, "SELECT login, password_hash FROM users "
	    "WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(login, zw_col_text(s, 0), sizeof(login));
	if (self && who->id != 0) {
		if (old_password == NULL || !zw_pwhash_verify(zw_col_text(s, 1),
		    old_password, strlen(old_password))) {
			zw_reset(s);
			ZW_WHY(why, "wrong_password", "原密码不正确", "old_password");
			return ZW_EAUTH;
		}
		if (strcmp(old_password, new_password ? new_password : "") == 0) {
			zw_reset(s);
			ZW_WHY(why, "same_password", "新密码不能与原密码相同", "new_password");
			return ZW_EINVAL;
		}
	}
	zw_reset(s);
	if ((pwp = zw_password_problem(new_password, login)) != NULL) {
		ZW_WHY(why, "weak_password", pwp, self && who->id != 0 ?
		    "new_password" : "password");
		return ZW_EINVAL;
	}
	if (zw_pwhash(new_password, strlen(new_password), hash) != ZW_OK)
		return ZW_ECRYPTO;
	rc = zw_prepare(c, "UPDATE users SET password_hash = ?, "
	    "must_change_password = ?, password_changed_at = ?, failed_count = 0, "
	    "updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, hash, (size_t)-1);
	zw_bind_int(s, 2, self && who->id != 0 ? 0 : 1);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if (!self) {
		/* A reset password ends the user's sessions. */
		if ((rc = zw_prepare(c, "UPDATE sessions SET revoked = 1 "
		    "WHERE user_id = ?", &s)))
			return rc;
		zw_bind_int(s, 1, id);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	return zw_actor_audit(c, who, self ? "user.password_change" :
	    "user.password_reset", "user", id, "success", NULL);
}

int
zw_user_lock(zw_conn *c, const struct zw_actor *who, int64_t id, bool lock,
    int64_t lock_seconds, struct zw_why *why)
{
	zw_stmt *s;
	int rc;

	/* Locking is the system administrator's; unlocking also the
	 * security administrator's (三员分立). */
	if (!zw_actor_can(who, "users.manage") &&
	    (lock || !zw_actor_can(who, "users.unlock"))) {
		ZW_WHY(why, "forbidden", lock ? "没有权限锁定账号" : "没有权限解锁账号", NULL);
		return ZW_EPERM;
	}
	if (who->id != 0 && (rc = user_in_scope(c, who, id)) != ZW_OK)
		return rc;
	if (lock && id == who->id) {
		ZW_WHY(why, "own_account", "不能锁定自己的账号", NULL);
		return ZW_EPERM;
	}
	rc = zw_prepare(c, "UPDATE users SET locked_until = ?, failed_count = 0, "
	    "first_failed_at = 0, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, lock ? zw_now() + (lock_seconds > 0 ? lock_seconds :
	    LOCK_FOREVER_S) : 0);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if (lock) {
		if ((rc = zw_prepare(c, "UPDATE sessions SET revoked = 1 "
		    "WHERE user_id = ?", &s)))
			return rc;
		zw_bind_int(s, 1, id);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	return zw_actor_audit(c, who, lock ? "user.lock" : "user.unlock", "user",
	    id, "success", NULL);
}

/* A fixed hash to verify against when the login is unknown, so that the
 * response time does not reveal which logins exist. */
static char dummy_hash[ZW_PWHASH_STRLEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
	if (zw_pwhash("zw-dummy-password", 17, dummy_hash) != ZW_OK)
		dummy_hash[0] = '\0';
}

static void
login_audit(zw_conn *c, int64_t uid, const char *login, int64_t org_id,
    const char *result, const char *reason, const char *ip,
    const char *request_id)
{
	struct zw_audit_event e;
	zw_arena *a = zw_arena_new();
	json_t *d = json_pack("{s:s}", "reason", reason);

	memset(&e, 0, sizeof(e));
	e.actor_id = uid;
	e.actor_login = login;
	e.org_id = org_id;
	e.action = "session.login";
	e.object_type = "user";
	e.object_id = uid ? zw_aprintf(a, "%lld", (long long)uid) : "";
	e.result = result;
	e.ip = ip;
	e.request_id = request_id;
	e.details = zw_json_dump(a, d);
	if (zw_in_tx(c))
		zw_audit_append(c, &e, NULL);
	else
		zw_audit_append_tx(c, &e);
	json_decref(d);
	zw_arena_free(a);
}

int
zw_auth_login(zw_conn *c, const struct zw_auth_policy *pol, const char *login,
    const char *password, const char *ip, const char *ua,
    const char *request_id, struct zw_login_out *out, struct zw_why *why)
{
	char hash[ZW_PWHASH_STRLEN], tokhash[65];
	int64_t uid, org_id, now = zw_now(), failed, first_failed, locked_until;
	int64_t changed_at;
	bool must_change, ok;
	char status[16], kind[16];
	zw_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	if (login == NULL || password == NULL || strlen(login) > ZW_MAX_LOGIN ||
	    strlen(password) > ZW_MAX_PASSWORD) {
		ZW_WHY(why, "bad_credentials", "用户名或密码错误", NULL);
		return ZW_EAUTH;
	}
	rc = zw_prepare(c, "SELECT id, COALESCE(org_id, 0), password_hash, status, "
	    "must_change_password, failed_count, first_failed_at, locked_until, "
	    "password_changed_at, kind FROM users WHERE login = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, login, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW) {
		if (rc < 0)
			return rc;
		pthread_once(&dummy_once, make_dummy);
		(void)zw_pwhash_verify(dummy_hash, password, strlen(password));
		login_audit(c, 0, login, 0, "failure", "unknown_login", ip, request_id);
		ZW_WHY(why, "bad_credentials", "用户名或密码错误", NULL);
		return ZW_EAUTH;
	}
	uid = zw_col_int(s, 0);
	org_id = zw_col_int(s, 1);
	zw_strlcpy(hash, zw_col_text(s, 2), sizeof(hash));
	zw_strlcpy(status, zw_col_text(s, 3), sizeof(status));
	must_change = zw_col_int(s, 4) != 0;
	failed = zw_col_int(s, 5);
	first_failed = zw_col_int(s, 6);
	locked_until = zw_col_int(s, 7);
	changed_at = zw_col_int(s, 8);
	zw_strlcpy(kind, zw_col_text(s, 9), sizeof(kind));
	zw_reset(s);

	if (locked_until > now) {
		login_audit(c, uid, login, org_id, "failure", "locked", ip, request_id);
		ZW_WHY(why, "account_locked",
		    "登录失败次数过多，账号已被锁定，请稍后再试或联系安全管理员解锁", NULL);
		return ZW_ELOCKED;
	}
	ok = zw_pwhash_verify(hash, password, strlen(password));
	zw_wipe(hash, sizeof(hash));
	if (!ok || strcmp(status, "active") != 0) {
		bool lock;

		if (!ok) {
			if (now - first_failed > pol->lockout_window_s) {
				failed = 1;
				first_failed = now;
			} else
				failed++;
		}
		lock = !ok && failed >= pol->lockout_threshold;
		if ((rc = zw_tx_begin(c)) != ZW_OK)
			return rc;
		rc = zw_prepare(c, "UPDATE users SET failed_count = ?, "
		    "first_failed_at = ?, locked_until = ? WHERE id = ?", &s);
		if (rc == ZW_OK) {
			zw_bind_int(s, 1, lock ? 0 : failed);
			zw_bind_int(s, 2, lock ? 0 : first_failed);
			zw_bind_int(s, 3, lock ? now + pol->lockout_s : locked_until);
			zw_bind_int(s, 4, uid);
			rc = zw_step(s);
		}
		if (rc < 0) {
			zw_tx_rollback(c);
			return rc;
		}
		login_audit(c, uid, login, org_id, "failure",
		    !ok ? (lock ? "bad_password_locked" : "bad_password") :
		    "disabled", ip, request_id);
		if ((rc = zw_tx_commit(c)) != ZW_OK)
			return rc;
		if (lock) {
			ZW_WHY(why, "account_locked",
			    "登录失败次数过多，账号已被锁定，请稍后再试或联系安全管理员解锁", NULL);
			return ZW_ELOCKED;
		}
		ZW_WHY(why, "bad_credentials", "用户名或密码错误", NULL);
		return ZW_EAUTH;
	}

	/* Success: new session, counters reset, audited -- one transaction. */
	zw_random_token(ZW_TOKEN_BYTES, out->token, sizeof(out->token));
	zw_random_token(ZW_CSRF_BYTES, out->csrf, sizeof(out->csrf));
	zw_sm3_hex(out->token, strlen(out->token), tokhash);
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "UPDATE users SET failed_count = 0, first_failed_at = 0, "
	    "last_login_at = ? WHERE id = ?", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, now);
		zw_bind_int(s, 2, uid);
		rc = zw_step(s);
	}
	if (rc >= 0)
		rc = zw_prepare(c, "INSERT INTO sessions (token_hash, user_id, "
		    "csrf_token, created_at, last_seen, ip, user_agent) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc >= 0) {
		zw_bind_text(s, 1, tokhash, (size_t)-1);
		zw_bind_int(s, 2, uid);
		zw_bind_text(s, 3, out->csrf, (size_t)-1);
		zw_bind_int(s, 4, now);
		zw_bind_int(s, 5, now);
		zw_bind_text(s, 6, ip ? ip : "", (size_t)-1);
		zw_bind_text(s, 7, ua ? ua : "", 255 < (ua ? strlen(ua) : 0) ? 255 :
		    (ua ? strlen(ua) : 0));
		if ((rc = zw_step(s)) == ZW_ROW) {
			out->session_id = zw_col_int(s, 0);
			zw_reset(s);
			rc = ZW_OK;
		}
	}
	if (rc < 0) {
		zw_tx_rollback(c);
		return rc;
	}
	login_audit(c, uid, login, org_id, "success", "ok", ip, request_id);
	if ((rc = zw_tx_commit(c)) != ZW_OK)
		return rc;
	out->user_id = uid;
	out->must_change_password = must_change || (strcmp(kind, "staff") == 0 &&
	    pol->password_max_age_s > 0 && now - changed_at > pol->password_max_age_s);
	return ZW_OK;
}

/* A user's roles: permission list, role codes and names, widest scope. */
static int
load_roles(zw_conn *c, zw_arena *a, struct zw_user_ctx *u)
{
	zw_buf perms, roles, names;
	zw_stmt *s;
	int rc, scope = ZW_SCOPE_SELF;

	rc = zw_prepare(c, "SELECT r.code, r.name, r.permissions, r.data_scope "
	    "FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
	    "WHERE ur.user_id = ? ORDER BY r.id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, u->id);
	zw_buf_init(&perms, 8192);
	zw_buf_init(&roles, 2048);
	zw_buf_init(&names, 2048);
	zw_buf_putc(&perms, ',');
	while ((rc = zw_step(s)) == ZW_ROW) {
		int sc = zw_scope_from_text(zw_col_text(s, 3));

		if (roles.len)
			zw_buf_putc(&roles, ',');
		zw_buf_puts(&roles, zw_col_text(s, 0));
		if (names.len)
			zw_buf_puts(&names, "、");
		zw_buf_puts(&names, zw_col_text(s, 1));
		/* permissions are stored as ",a,b,": append without the
		 * leading comma */
		if (*zw_col_text(s, 2) == ',')
			zw_buf_puts(&perms, zw_col_text(s, 2) + 1);
		if (sc > scope)
			scope = sc;
	}
	u->perms = zw_astrndup(a, perms.p, perms.len);
	u->roles = zw_astrndup(a, roles.p ? roles.p : "", roles.len);
	u->role_names = zw_astrndup(a, names.p ? names.p : "", names.len);
	u->scope = scope;
	zw_buf_free(&perms);
	zw_buf_free(&roles);
	zw_buf_free(&names);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_actor_load(zw_conn *c, zw_arena *a, const char *login, struct zw_user_ctx *u,
    struct zw_actor *who)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT u.id, u.name, u.kind, COALESCE(u.org_id, 0), "
	    "COALESCE(o.name, ''), COALESCE(o.path, '') FROM users u LEFT JOIN orgs o "
	    "ON o.id = u.org_id WHERE u.login = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, login, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	memset(u, 0, sizeof(*u));
	u->id = zw_col_int(s, 0);
	u->login = zw_astrdup(a, login);
	u->name = zw_astrdup(a, zw_col_text(s, 1));
	u->kind = zw_astrdup(a, zw_col_text(s, 2));
	u->org_id = zw_col_int(s, 3);
	u->org_name = zw_astrdup(a, zw_col_text(s, 4));
	u->org_path = zw_astrdup(a, zw_col_text(s, 5));
	zw_reset(s);
	if ((rc = load_roles(c, a, u)) != ZW_OK)
		return rc;
	zw_actor_from_user(who, u, "", "");
	return ZW_OK;
}

int
zw_session_lookup(zw_conn *c, zw_arena *a, const struct zw_auth_policy *pol,
    const char *token, struct zw_user_ctx *u)
{
	char tokhash[65];
	int64_t now = zw_now(), last_seen, changed_at;
	zw_stmt *s;
	int rc;

	if (token == NULL || *token == '\0' || strlen(token) > 128)
		return ZW_ENOTFOUND;
	zw_sm3_hex(token, strlen(token), tokhash);
	rc = zw_prepare(c, "SELECT s.id, s.user_id, s.csrf_token, s.last_seen, "
	    "u.login, u.name, u.kind, COALESCE(u.org_id, 0), COALESCE(o.name, ''), "
	    "COALESCE(o.path, ''), u.must_change_password, u.password_changed_at "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "LEFT JOIN orgs o ON o.id = u.org_id "
	    "WHERE s.token_hash = ? AND s.revoked = 0 AND u.status = 'active' "
	    "AND u.locked_until <= ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, tokhash, (size_t)-1);
	zw_bind_int(s, 2, now);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	last_seen = zw_col_int(s, 3);
	if (now - last_seen > pol->idle_s) {
		zw_reset(s);
		return ZW_ENOTFOUND;
	}
	memset(u, 0, sizeof(*u));
	u->session_id = zw_col_int(s, 0);
	u->id = zw_col_int(s, 1);
	u->csrf = zw_astrdup(a, zw_col_text(s, 2));
	u->login = zw_astrdup(a, zw_col_text(s, 4));
	u->name = zw_astrdup(a, zw_col_text(s, 5));
	u->kind = zw_astrdup(a, zw_col_text(s, 6));
	u->org_id = zw_col_int(s, 7);
	u->org_name = zw_astrdup(a, zw_col_text(s, 8));
	u->org_path = zw_astrdup(a, zw_col_text(s, 9));
	u->must_change_password = zw_col_int(s, 10) != 0;
	changed_at = zw_col_int(s, 11);
	zw_reset(s);
	if (strcmp(u->kind, "staff") == 0 && pol->password_max_age_s > 0 &&
	    now - changed_at > pol->password_max_age_s)
		u->must_change_password = true;

	if ((rc = load_roles(c, a, u)) != ZW_OK)
		return rc;
	if (now - last_seen >= SESSION_TOUCH_S) {
		rc = zw_prepare(c, "UPDATE sessions SET last_seen = ? WHERE id = ?", &s);
		if (rc == ZW_OK) {
			zw_bind_int(s, 1, now);
			zw_bind_int(s, 2, u->session_id);
			rc = zw_step(s);
		}
		if (rc < 0)
			zw_warn("session touch failed: %s", zw_conn_errmsg(c));
	}
	return ZW_OK;
}

int
zw_session_revoke(zw_conn *c, const struct zw_actor *who, int64_t session_id)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_tx_begin(c)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "UPDATE sessions SET revoked = 1 WHERE id = ?", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, session_id);
		rc = zw_step(s);
	}
	if (rc >= 0)
		rc = zw_actor_audit(c, who, "session.logout", "session", session_id,
		    "success", NULL);
	if (rc < 0) {
		zw_tx_rollback(c);
		return rc;
	}
	return zw_tx_commit(c);
}
