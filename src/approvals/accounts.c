/*
 * accounts.c -- public accounts (自然人 / 法人) for the portal.
 *
 * Registration validates every field with a Chinese message naming it:
 * the ID number by GB 11643 (18 characters; a lower-case x is taken as
 * X; the 15-digit numbers of GB 11643-1989 are no longer issued and are
 * refused for new accounts), the USCC by GB 32100, a mainland mobile
 * number, the password rule of 等保 2.0 (zw_password_problem).  When a
 * base registry is wired in (zw_accounts_set_identity_check), the name
 * and number are checked against it; a contradiction refuses the
 * registration, an absence lets it through unverified.
 *
 * The account is a users row (kind person | enterprise, login = the
 * normalized ID number or USCC, no organization, no roles, no forced
 * password change: the holder chose the password) plus a
 * public_accounts row, written with the audit event (account.register,
 * the new user as actor) and a first message (账号注册成功, which a
 * configured gateway also sends out) in the caller's transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "approvals/accounts.h"
#include "approvals/notify.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "crypto/pwhash.h"
#include "org/org.h"

/* Set at start-up (registry module) or by a unit test; read afterwards. */
static zw_identity_check_fn identity_check;

/* Formatted refusal messages outlive the call (the caller shows them):
 * one buffer per thread, overwritten by the thread's next refusal. */
static _Thread_local char why_buf[320];
/* ... and so does the name of an unknown field (the body's key would
 * die with the body). */
static _Thread_local char field_buf[ZW_MAX_CODE + 1];

void
zw_accounts_set_identity_check(zw_identity_check_fn fn)
{
	identity_check = fn;
}

static const char *whyf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static const char *
whyf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(why_buf, sizeof(why_buf), fmt, ap) < 0)
		why_buf[0] = '\0';
	va_end(ap);
	return why_buf;
}

/*
 * One text field of the body.  Missing, null or "" is "required" when
 * required (else *out = ""), anything but a string is wrong_type.
 */
static int
get_str(json_t *in, const char *key, const char *label, bool required,
    const char **out, struct zw_why *why)
{
	json_t *v = json_object_get(in, key);

	*out = "";
	if (v == NULL || json_is_null(v) ||
	    (json_is_string(v) && json_string_length(v) == 0)) {
		if (!required)
			return ZW_OK;
		ZW_WHY(why, "required", whyf("请填写%s", label), key);
		return ZW_EINVAL;
	}
	if (!json_is_string(v)) {
		ZW_WHY(why, "wrong_type", whyf("%s应为文本", label), key);
		return ZW_EINVAL;
	}
	*out = json_string_value(v);
	if (strlen(*out) != json_string_length(v)) {
		ZW_WHY(why, "invalid_text", whyf("%s包含无效字符", label), key);
		return ZW_EINVAL;
	}
	return ZW_OK;
}

/* A name: ZW_MIN_NAME_CHARS..ZW_MAX_NAME characters of UTF-8 text
 * without control characters or surrounding blanks. */
static int
check_name(const char *v, const char *key, const char *label,
    struct zw_why *why)
{
	size_t n = strlen(v), chars;

	if (!zw_utf8_valid(v, n) || zw_utf8_has_controls(v, n) ||
	    strchr(v, '\t') != NULL || strchr(v, '\n') != NULL ||
	    strchr(v, '\r') != NULL) {
		ZW_WHY(why, "invalid_text", whyf("%s包含无效字符", label), key);
		return ZW_EINVAL;
	}
	if (v[0] == ' ' || v[n - 1] == ' ') {
		ZW_WHY(why, "invalid_name", whyf("%s前后不能有空格", label),
		    key);
		return ZW_EINVAL;
	}
	chars = zw_utf8_chars(v, n);
	if (chars < ZW_MIN_NAME_CHARS) {
		ZW_WHY(why, "invalid_name", whyf("%s至少2个字", label), key);
		return ZW_EINVAL;
	}
	if (chars > ZW_MAX_NAME) {
		ZW_WHY(why, "too_long", whyf("%s不能超过200个字", label), key);
		return ZW_EINVAL;
	}
	return ZW_OK;
}

/* GB 11643: 18 characters only for new accounts.  OUT: norm (18 chars,
 * upper-case X). */
static int
check_id_number(const char *v, const char *key, const char *label,
    char norm[19], struct zw_why *why)
{
	struct zw_id_result r;

	if (strlen(v) == 15) {
		ZW_WHY(why, "old_id_number", whyf("%s须为18位居民身份证号码"
		    "（15位旧号码已停止使用，请使用换发后的18位号码）", label),
		    key);
		return ZW_EINVAL;
	}
	zw_validate_id_number(v, NULL, &r);
	if (!r.valid) {
		ZW_WHY(why, "invalid_id_number", whyf("%s无效：%s", label, r.reason),
		    key);
		return ZW_EINVAL;
	}
	memcpy(norm, r.normalized, 19);
	return ZW_OK;
}

/* GB 32100.  OUT: norm (18 chars, upper case). */
static int
check_uscc(const char *v, char norm[19], struct zw_why *why)
{
	struct zw_id_result r;

	zw_validate_uscc(v, &r);
	if (!r.valid) {
		ZW_WHY(why, "invalid_uscc", whyf("%s无效：%s", "统一社会信用代码",
		    r.reason), "uscc");
		return ZW_EINVAL;
	}
	memcpy(norm, r.normalized, 19);
	return ZW_OK;
}

/* Mainland mobile number: 1, then 3-9, then 9 digits. */
static int
check_phone(const char *v, struct zw_why *why)
{
	size_t i, n = strlen(v);

	if (n == ZW_PHONE_DIGITS && v[0] == '1' && v[1] >= '3' && v[1] <= '9') {
		for (i = 2; i < n; i++)
			if (v[i] < '0' || v[i] > '9')
				break;
		if (i == n)
			return ZW_OK;
	}
	ZW_WHY(why, "invalid_phone",
	    "手机号码应为11位中国大陆手机号（以13至19开头）", "phone");
	return ZW_EINVAL;
}

/* A plausible address: one '@', a dot after it, no blanks or controls. */
static int
check_email(const char *v, struct zw_why *why)
{
	const char *at = strchr(v, '@');
	size_t i, n = strlen(v);

	if (n > ZW_MAX_EMAIL || at == NULL || at == v ||
	    strchr(at + 1, '@') != NULL || strchr(at + 1, '.') == NULL ||
	    v[n - 1] == '.')
		goto bad;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] <= ' ' || (unsigned char)v[i] >= 0x7f)
			goto bad;
	return ZW_OK;
bad:
	ZW_WHY(why, "invalid_email", "电子邮箱格式不正确", "email");
	return ZW_EINVAL;
}

/* The body has only the fields of its kind. */
static int
check_keys(json_t *in, const char *const *keys, struct zw_why *why)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(in, k, v) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], k) == 0)
				break;
		if (keys[i] == NULL) {
			zw_strlcpy(field_buf, k, sizeof(field_buf));
			ZW_WHY(why, "unknown_field", "此账号类型不需要该字段",
			    field_buf);
			return ZW_EINVAL;
		}
	}
	return ZW_OK;
}

/* Ask the registry hook.  OUT: *checked = 1 when it holds key under
 * this name.  A contradiction (ZW_ECONFLICT) becomes ZW_EINVAL with the
 * hook's reason. */
static int
identity(zw_conn *c, const char *kind, const char *key, const char *name,
    const char *field, int *checked, struct zw_why *why)
{
	struct zw_why hw = { 0 };
	int rc;

	*checked = 0;
	if (identity_check == NULL)
		return ZW_OK;
	rc = identity_check(c, kind, key, name, &hw);
	if (rc == ZW_OK) {
		*checked = 1;
		return ZW_OK;
	}
	if (rc == ZW_ENOTFOUND)
		return ZW_OK;
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, hw.code ? hw.code : "identity_mismatch", hw.message ?
		    hw.message : "登记信息与基础信息库不一致，请核对后重新填写",
		    hw.field ? hw.field : field);
		return ZW_EINVAL;
	}
	return rc < 0 ? rc : ZW_EDB;
}

static void
exists_why(const char *kind, struct zw_why *why)
{
	if (strcmp(kind, "person") == 0)
		ZW_WHY(why, "account_exists", "该身份证号已注册，请直接登录",
		    "id_number");
	else
		ZW_WHY(why, "account_exists", "该统一社会信用代码已注册，请直接登录",
		    "uscc");
}

static int
login_taken(zw_conn *c, const char *kind, const char *login,
    struct zw_why *why)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT id FROM users WHERE login = ?", &s)))
		return rc;
	zw_bind_text(s, 1, login, (size_t)-1);
	rc = zw_step(s);
	if (rc == ZW_ROW) {
		zw_reset(s);
		exists_why(kind, why);
		return ZW_ECONFLICT;
	}
	return rc < 0 ? rc : ZW_OK;
}

struct reg {
	const char *kind, *name, *id_in, *uscc_in, *agent_name, *agent_id_in;
	const char *phone, *email, *password;
	char id_number[19], uscc[19], agent_id[19];
	const char *login;
	int checked;
};

static int
validate(zw_conn *c, json_t *in, struct reg *g, struct zw_why *why)
{
	static const char *const person_keys[] = { "kind", "name", "id_number",
		"phone", "email", "password", NULL };
	static const char *const enterprise_keys[] = { "kind", "name", "uscc",
		"agent_name", "agent_id_number", "phone", "email", "password",
		NULL };
	bool person;
	int rc, agent_checked;

	if (in == NULL || !json_is_object(in)) {
		ZW_WHY(why, "required", "请填写注册信息", NULL);
		return ZW_EINVAL;
	}
	if ((rc = get_str(in, "kind", "账号类型", true, &g->kind, why)))
		return rc;
	if (strcmp(g->kind, "person") && strcmp(g->kind, "enterprise")) {
		ZW_WHY(why, "invalid_kind",
		    "账号类型应为 person（自然人）或 enterprise（法人）", "kind");
		return ZW_EINVAL;
	}
	person = strcmp(g->kind, "person") == 0;
	if ((rc = check_keys(in, person ? person_keys : enterprise_keys, why)))
		return rc;
	if (person) {
		if ((rc = get_str(in, "name", "姓名", true, &g->name, why)) ||
		    (rc = check_name(g->name, "name", "姓名", why)) ||
		    (rc = get_str(in, "id_number", "身份证号", true, &g->id_in,
		    why)) ||
		    (rc = check_id_number(g->id_in, "id_number", "身份证号",
		    g->id_number, why)))
			return rc;
		g->login = g->id_number;
	} else {
		if ((rc = get_str(in, "name", "企业（单位）名称", true, &g->name,
		    why)) ||
		    (rc = check_name(g->name, "name", "企业（单位）名称", why)) ||
		    (rc = get_str(in, "uscc", "统一社会信用代码", true,
		    &g->uscc_in, why)) ||
		    (rc = check_uscc(g->uscc_in, g->uscc, why)) ||
		    (rc = get_str(in, "agent_name", "经办人姓名", true,
		    &g->agent_name, why)) ||
		    (rc = check_name(g->agent_name, "agent_name", "经办人姓名",
		    why)) ||
		    (rc = get_str(in, "agent_id_number", "经办人身份证号", true,
		    &g->agent_id_in, why)) ||
		    (rc = check_id_number(g->agent_id_in, "agent_id_number",
		    "经办人身份证号", g->agent_id, why)))
			return rc;
		g->login = g->uscc;
	}
	if ((rc = get_str(in, "phone", "手机号码", true, &g->phone, why)) ||
	    (rc = check_phone(g->phone, why)) ||
	    (rc = get_str(in, "email", "电子邮箱", false, &g->email, why)) ||
	    (*g->email && (rc = check_email(g->email, why))) ||
	    (rc = get_str(in, "password", "密码", true, &g->password, why)))
		return rc;
	{
		const char *pwp = zw_password_problem(g->password, g->login);

		if (pwp != NULL) {
			ZW_WHY(why, "weak_password", pwp, "password");
			return ZW_EINVAL;
		}
	}
	if ((rc = login_taken(c, g->kind, g->login, why)) != ZW_OK)
		return rc;
	/* The registry last: it may log the lookup. */
	if (person)
		return identity(c, "person", g->id_number, g->name, "id_number",
		    &g->checked, why);
	if ((rc = identity(c, "enterprise", g->uscc, g->name, "uscc",
	    &g->checked, why)) != ZW_OK)
		return rc;
	return identity(c, "person", g->agent_id, g->agent_name,
	    "agent_id_number", &agent_checked, why);
}

int
zw_account_register(zw_conn *c, json_t *in, const char *ip,
    int64_t *user_id, struct zw_why *why)
{
	char hash[ZW_PWHASH_STRLEN], masked[19];
	struct zw_actor who;
	struct reg g;
	int64_t now = zw_now(), uid;
	zw_stmt *s;
	json_t *d;
	int rc;

	memset(&g, 0, sizeof(g));
	if ((rc = validate(c, in, &g, why)) != ZW_OK)
		return rc;
	if (zw_pwhash(g.password, strlen(g.password), hash) != ZW_OK)
		return ZW_ECRYPTO;
	rc = zw_prepare(c, "INSERT INTO users (login, name, kind, org_id, phone, "
	    "password_hash, must_change_password, password_changed_at, "
	    "created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, 0, ?, ?, ?) "
	    "RETURNING id", &s);
	if (rc != ZW_OK) {
		zw_wipe(hash, sizeof(hash));
		return rc;
	}
	zw_bind_text(s, 1, g.login, (size_t)-1);
	zw_bind_text(s, 2, g.name, (size_t)-1);
	zw_bind_text(s, 3, g.kind, (size_t)-1);
	zw_bind_text(s, 4, g.phone, (size_t)-1);
	zw_bind_text(s, 5, hash, (size_t)-1);
	zw_bind_int(s, 6, now);
	zw_bind_int(s, 7, now);
	zw_bind_int(s, 8, now);
	rc = zw_step(s);
	zw_wipe(hash, sizeof(hash));
	if (rc == ZW_ECONFLICT) {
		/* registered by a concurrent request since the check */
		exists_why(g.kind, why);
		return rc;
	}
	if (rc != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	uid = zw_col_int(s, 0);
	zw_reset(s);

	rc = zw_prepare(c, "INSERT INTO public_accounts (user_id, kind, name, "
	    "id_number, uscc, agent_name, agent_id_number, phone, email, "
	    "registry_checked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, uid);
	zw_bind_text(s, 2, g.kind, (size_t)-1);
	zw_bind_text(s, 3, g.name, (size_t)-1);
	if (g.id_number[0])
		zw_bind_text(s, 4, g.id_number, (size_t)-1);
	else
		zw_bind_null(s, 4);
	if (g.uscc[0])
		zw_bind_text(s, 5, g.uscc, (size_t)-1);
	else
		zw_bind_null(s, 5);
	zw_bind_text(s, 6, g.agent_name ? g.agent_name : "", (size_t)-1);
	zw_bind_text(s, 7, g.agent_id, (size_t)-1);
	zw_bind_text(s, 8, g.phone, (size_t)-1);
	zw_bind_text(s, 9, g.email, (size_t)-1);
	zw_bind_int(s, 10, g.checked);
	zw_bind_int(s, 11, now);
	if ((rc = zw_step(s)) < 0)
		return rc;

	/* The audit log keeps the identifier masked: it is read by the
	 * audit administrator, who has no need for the number itself. */
	memset(&who, 0, sizeof(who));
	who.id = uid;
	who.login = g.login;
	who.ip = ip;
	zw_mask_id(g.login, masked, sizeof(masked));
	d = json_pack("{s:s, s:s, s:s, s:b}", "kind", g.kind, "name", g.name,
	    g.id_number[0] ? "id_number" : "uscc", masked, "registry_checked",
	    g.checked);
	rc = zw_actor_audit(c, &who, "account.register", "user", uid, "success",
	    d);
	json_decref(d);
	/* The first message: registration is the account's first change of
	 * state, and a gateway turns it into the confirming SMS/e-mail. */
	if (rc == ZW_OK)
		rc = zw_notify(c, uid, 0, "账号注册成功", g.id_number[0] ?
		    "您已成功注册个人账号，请使用身份证号登录。办件的受理、补正、"
		    "办结等每一步都会通过消息通知您。" :
		    "您已成功注册法人账号，请使用统一社会信用代码登录。办件的受理、"
		    "补正、办结等每一步都会通过消息通知您。");
	if (rc == ZW_OK && user_id != NULL)
		*user_id = uid;
	return rc;
}

int
zw_account_get(zw_conn *c, int64_t user_id, json_t **out)
{
	char m[64], ts[32];
	zw_stmt *s;
	json_t *o;
	int rc;

	rc = zw_prepare(c, "SELECT kind, name, COALESCE(id_number, ''), "
	    "COALESCE(uscc, ''), agent_name, agent_id_number, phone, email, "
	    "registry_checked, created_at FROM public_accounts WHERE user_id = ?",
	    &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, user_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	o = json_object();
	json_object_set_new(o, "user_id", json_integer(user_id));
	json_object_set_new(o, "kind", json_string(zw_col_text(s, 0)));
	json_object_set_new(o, "name", json_string(zw_col_text(s, 1)));
	if (strcmp(zw_col_text(s, 0), "person") == 0) {
		zw_mask_id(zw_col_text(s, 2), m, sizeof(m));
		json_object_set_new(o, "id_number", json_string(m));
	} else {
		zw_mask_id(zw_col_text(s, 3), m, sizeof(m));
		json_object_set_new(o, "uscc", json_string(m));
		json_object_set_new(o, "agent_name", json_string(zw_col_text(s, 4)));
		zw_mask_id(zw_col_text(s, 5), m, sizeof(m));
		json_object_set_new(o, "agent_id_number", json_string(m));
	}
	zw_mask_phone(zw_col_text(s, 6), m, sizeof(m));
	json_object_set_new(o, "phone", json_string(m));
	json_object_set_new(o, "email", json_string(zw_col_text(s, 7)));
	json_object_set_new(o, "registry_checked",
	    json_boolean(zw_col_int(s, 8) != 0));
	zw_time_rfc3339(zw_col_int(s, 9), ts, sizeof(ts));
	json_object_set_new(o, "created_at", json_string(ts));
	zw_reset(s);
	*out = o;
	return ZW_OK;
}

int
zw_account_brief(zw_conn *c, int64_t user_id, char login[ZW_MAX_LOGIN + 1],
    char kind[16])
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT login, kind FROM users WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, user_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(login, zw_col_text(s, 0), ZW_MAX_LOGIN + 1);
	zw_strlcpy(kind, zw_col_text(s, 1), 16);
	zw_reset(s);
	return ZW_OK;
}
