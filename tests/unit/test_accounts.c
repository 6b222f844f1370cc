/*
 * test_accounts.c -- public accounts (registration rules, the registry
 * identity hook, masking, duplicates) and messages (zw_notify, the
 * gateway job, reading) on SQLite and, when ZHENGWU_TEST_PG_URL is set,
 * on PostgreSQL.  Rules: standards.md §6 (GB 11643, GB 32100), 等保 2.0
 * §8.1.4.1 (password), issue 4 "Public accounts" / "Results and
 * ratings".
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "approvals/accounts.h"
#include "approvals/notify.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/str.h"
#include "crypto/pwhash.h"
#include "org/org.h"
#include "store/jobs.h"
#include "store/migrate.h"
#include "store_fixture.h"

void zw_demo_uscc(const char *region, int seq, char out[19]);

#define PW "Zw#Pass2026"

struct fx {
	struct zwt_db t;
	zw_conn *c;
};

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));

	if (zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK ||
	    zw_tx_begin(f->c) != ZW_OK || zw_roles_seed(f->c) != ZW_OK ||
	    zw_tx_commit(f->c) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	zw_accounts_set_identity_check(NULL);
	zw_notify_set_gateway(NULL);
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
teardown(void **state)
{
	struct fx *f = *state;

	zw_accounts_set_identity_check(NULL);
	zw_notify_set_gateway(NULL);
	zw_conn_put(f->c);
	zwt_close(&f->t);
	zw_free(f);
	return 0;
}

/* ---- helpers ---- */

static void
mkid(const char *first17, char out[19])
{
	memcpy(out, first17, 17);
	out[17] = zw_id_check_char(first17);
	out[18] = '\0';
}

/* An enterprise USCC (authority 9, type 1) in 长安区. */
static void
mkuscc(int seq, char out[19])
{
	zw_demo_uscc("130102", seq, out);
	out[0] = '9';
	out[1] = '1';
	out[17] = zw_uscc_check_char(out);
}

static int64_t
count(zw_conn *c, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(zw_query_int(c, sql, &n), ZW_OK);
	return n;
}

static json_t *
person(const char *name, const char *id, const char *phone)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "person", "name",
	    name, "id_number", id, "phone", phone, "password", PW);
}

static json_t *
enterprise(const char *uscc, const char *agent_id)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind",
	    "enterprise", "name", "石家庄长安晨光商贸有限公司", "uscc", uscc,
	    "agent_name", "赵立新", "agent_id_number", agent_id, "phone",
	    "13703110003", "password", PW);
}

/* Register in a transaction of its own (rolled back on refusal). */
static int
reg(zw_conn *c, json_t *in, int64_t *uid, struct zw_why *why)
{
	int rc;

	memset(why, 0, sizeof(*why));
	assert_int_equal(zw_tx_begin(c), ZW_OK);
	rc = zw_account_register(c, in, "10.1.2.3", uid, why);
	if (rc == ZW_OK)
		assert_int_equal(zw_tx_commit(c), ZW_OK);
	else
		assert_int_equal(zw_tx_rollback(c), ZW_OK);
	json_decref(in);
	return rc;
}

/* ---- registration ---- */

/* A person: users row (kind person, no org, no roles, no forced
 * password change, login = the ID number) + public_accounts row +
 * audit event by the new user from the client's address. */
static void
test_register_person(void **state)
{
	struct fx *f = *state;
	struct zw_why why;
	char id[19], login[ZW_MAX_LOGIN + 1], kind[16], sql[256];
	struct zw_auth_policy pol = { 5, 900, 1800, 1800, 0 };
	struct zw_login_out lo;
	int64_t uid = 0;
	zw_stmt *s;

	mkid("13010219800315001", id);
	assert_int_equal(reg(f->c, person("王建国", id, "13803110001"), &uid,
	    &why), ZW_OK);
	assert_true(uid > 0);
	assert_int_equal(zw_account_brief(f->c, uid, login, kind), ZW_OK);
	assert_string_equal(login, id);
	assert_string_equal(kind, "person");
	assert_int_equal(zw_prepare(f->c, "SELECT kind, org_id, "
	    "must_change_password, name, phone FROM users WHERE id = ?", &s), ZW_OK);
	zw_bind_int(s, 1, uid);
	assert_int_equal(zw_step(s), ZW_ROW);
	assert_string_equal(zw_col_text(s, 0), "person");
	assert_true(zw_col_isnull(s, 1));
	assert_int_equal(zw_col_int(s, 2), 0);
	assert_string_equal(zw_col_text(s, 3), "王建国");
	assert_string_equal(zw_col_text(s, 4), "13803110001");
	zw_reset(s);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM user_roles WHERE "
	    "user_id = %lld", (long long)uid);
	assert_int_equal(count(f->c, sql), 0);
	assert_int_equal(zw_prepare(f->c, "SELECT id_number, uscc, "
	    "registry_checked FROM public_accounts WHERE user_id = ?", &s), ZW_OK);
	zw_bind_int(s, 1, uid);
	assert_int_equal(zw_step(s), ZW_ROW);
	assert_string_equal(zw_col_text(s, 0), id);
	assert_true(zw_col_isnull(s, 1));
	assert_int_equal(zw_col_int(s, 2), 0);	/* no registry wired in */
	zw_reset(s);
	assert_int_equal(zw_prepare(f->c, "SELECT actor_id, actor_login, ip, "
	    "object_id, details FROM audit_events WHERE action = "
	    "'account.register'", &s), ZW_OK);
	assert_int_equal(zw_step(s), ZW_ROW);
	assert_int_equal(zw_col_int(s, 0), uid);
	assert_string_equal(zw_col_text(s, 1), id);
	assert_string_equal(zw_col_text(s, 2), "10.1.2.3");
	/* the audit log keeps the number masked */
	assert_non_null(strstr(zw_col_text(s, 4), "1301**********0017"));
	assert_null(strstr(zw_col_text(s, 4), id));
	zw_reset(s);
	/* and the first message tells the holder */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM messages WHERE "
	    "user_id = %lld AND title = '账号注册成功' AND read_at IS NULL",
	    (long long)uid);
	assert_int_equal(count(f->c, sql), 1);
	/* the holder logs in with the ID number at once */
	memset(&why, 0, sizeof(why));
	assert_int_equal(zw_auth_login(f->c, &pol, id, PW, "10.1.2.3", "ua",
	    "rq", &lo, &why), ZW_OK);
	assert_false(lo.must_change_password);
}

/* GB 11643: a lower-case x is the same check character; the login is
 * the upper-case form, and the same number typed either way is one
 * account (409 account_exists). */
static void
test_register_lowercase_x_and_duplicate(void **state)
{
	struct fx *f = *state;
	struct zw_why why;
	char id[19], lower[19], login[ZW_MAX_LOGIN + 1], kind[16];
	char first17[32];
	int64_t uid = 0, users;
	int seq;

	/* a sequence number whose check character is X */
	for (seq = 1; seq < 1000; seq++) {
		snprintf(first17, sizeof(first17), "13010219700101%03d", seq);
		if (zw_id_check_char(first17) == 'X')
			break;
	}
	assert_true(seq < 1000);
	mkid(first17, id);
	memcpy(lower, id, sizeof(lower));
	lower[17] = 'x';
	assert_int_equal(reg(f->c, person("刘晓燕", lower, "13903110002"), &uid,
	    &why), ZW_OK);
	assert_int_equal(zw_account_brief(f->c, uid, login, kind), ZW_OK);
	assert_string_equal(login, id);
	users = count(f->c, "SELECT COUNT(*) FROM users");
	assert_int_equal(reg(f->c, person("刘晓燕", id, "13903110009"), &uid,
	    &why), ZW_ECONFLICT);
	assert_string_equal(why.code, "account_exists");
	assert_string_equal(why.field, "id_number");
	assert_int_equal(reg(f->c, person("刘晓燕", lower, "13903110009"), &uid,
	    &why), ZW_ECONFLICT);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM users"), users);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM public_accounts"), 1);
}

/* An enterprise (法人): login = USCC (GB 32100), a named agent. */
static void
test_register_enterprise(void **state)
{
	struct fx *f = *state;
	struct zw_why why;
	char uscc[19], agent[19], login[ZW_MAX_LOGIN + 1], kind[16], lower[19];
	int64_t uid = 0;
	json_t *o;
	size_t i;

	mkuscc(101, uscc);
	mkid("13010219851102003", agent);
	for (i = 0; i < 19; i++)
		lower[i] = (char)(uscc[i] >= 'A' && uscc[i] <= 'Z' ?
		    uscc[i] - 'A' + 'a' : uscc[i]);
	assert_int_equal(reg(f->c, enterprise(lower, agent), &uid, &why), ZW_OK);
	assert_int_equal(zw_account_brief(f->c, uid, login, kind), ZW_OK);
	assert_string_equal(login, uscc);
	assert_string_equal(kind, "enterprise");
	assert_int_equal(zw_account_get(f->c, uid, &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "kind"), "enterprise");
	assert_string_equal(zw_json_str(o, "agent_name"), "赵立新");
	assert_null(json_object_get(o, "id_number"));
	json_decref(o);
	assert_int_equal(reg(f->c, enterprise(uscc, agent), &uid, &why),
	    ZW_ECONFLICT);
	assert_string_equal(why.code, "account_exists");
	assert_string_equal(why.field, "uscc");
}

struct bad_case {
	const char *key;	/* field to change (NULL = remove `drop`) */
	const char *value;	/* NULL = remove the key */
	const char *code, *field;
};

static void
check_bad(zw_conn *c, json_t *base, const struct bad_case *bc)
{
	json_t *in = json_deep_copy(base);
	struct zw_why why;
	int64_t uid = 0, users = count(c, "SELECT COUNT(*) FROM users");
	int64_t audits = count(c, "SELECT COUNT(*) FROM audit_events");
	int rc;

	if (bc->value == NULL)
		json_object_del(in, bc->key);
	else
		json_object_set_new(in, bc->key, json_string(bc->value));
	rc = reg(c, in, &uid, &why);
	if (rc != ZW_EINVAL || why.code == NULL ||
	    strcmp(why.code, bc->code) != 0 || why.field == NULL ||
	    strcmp(why.field, bc->field) != 0)
		fail_msg("%s=%s: rc %d code %s field %s (want %s on %s)", bc->key,
		    bc->value ? bc->value : "(none)", rc, why.code ? why.code : "-",
		    why.field ? why.field : "-", bc->code, bc->field);
	/* a Chinese message that names the field */
	assert_non_null(why.message);
	assert_true((unsigned char)why.message[0] >= 0x80);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM users"), users);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM public_accounts"), 0);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM audit_events"), audits);
}

/* Every field is checked, with its own code and the field named; a
 * refused registration creates nothing. */
static void
test_register_validation(void **state)
{
	struct fx *f = *state;
	char id[19], bad_check[19], future[19], badregion[19], uscc[19];
	char badsum[19], agent[19];
	char longname[3 * (ZW_MAX_NAME + 1) + 1];
	json_t *p, *e;
	size_t i;

	mkid("13010219800315001", id);
	memcpy(bad_check, id, sizeof(id));
	bad_check[17] = bad_check[17] == '0' ? '1' : '0';
	mkid("13010221000101001", future);
	mkid("99999919800315001", badregion);
	mkuscc(7, uscc);
	memcpy(badsum, uscc, sizeof(uscc));
	badsum[17] = badsum[17] == '0' ? '1' : '0';
	mkid("13010219851102003", agent);
	for (i = 0; i < ZW_MAX_NAME + 1; i++)
		memcpy(longname + 3 * i, "张", 3);
	longname[3 * (ZW_MAX_NAME + 1)] = '\0';

	p = person("王建国", id, "13803110001");
	{
		const struct bad_case cases[] = {
			{ "kind", NULL, "required", "kind" },
			{ "kind", "staff", "invalid_kind", "kind" },
			{ "name", NULL, "required", "name" },
			{ "name", "", "required", "name" },
			{ "name", "王", "invalid_name", "name" },
			{ "name", " 王建国", "invalid_name", "name" },
			{ "name", "王\n建国", "invalid_text", "name" },
			{ "name", longname, "too_long", "name" },
			{ "id_number", NULL, "required", "id_number" },
			{ "id_number", bad_check, "invalid_id_number", "id_number" },
			{ "id_number", "130102800315001", "old_id_number", "id_number" },
			{ "id_number", "1301021980031500", "invalid_id_number", "id_number" },
			{ "id_number", future, "invalid_id_number", "id_number" },
			{ "id_number", badregion, "invalid_id_number", "id_number" },
			{ "phone", NULL, "required", "phone" },
			{ "phone", "12803110001", "invalid_phone", "phone" },
			{ "phone", "1380311000", "invalid_phone", "phone" },
			{ "phone", "138031100011", "invalid_phone", "phone" },
			{ "phone", "+8613803110001", "invalid_phone", "phone" },
			{ "phone", "1380311000a", "invalid_phone", "phone" },
			{ "email", "not-an-address", "invalid_email", "email" },
			{ "email", "a@b", "invalid_email", "email" },
			{ "password", NULL, "required", "password" },
			{ "password", "short1A", "weak_password", "password" },
			{ "password", "alllowercase1", "weak_password", "password" },
			{ "uscc", uscc, "unknown_field", "uscc" },
			{ "agent_name", "赵立新", "unknown_field", "agent_name" },
		};

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			check_bad(f->c, p, &cases[i]);
	}
	/* a password containing the login (the ID number) */
	{
		char pw[40];
		const struct bad_case c1 = { "password", pw, "weak_password",
			"password" };

		snprintf(pw, sizeof(pw), "Aa#%s", id);
		check_bad(f->c, p, &c1);
	}
	/* wrong JSON types */
	{
		json_t *in = json_deep_copy(p);
		struct zw_why why;
		int64_t uid;

		json_object_set_new(in, "name", json_integer(5));
		assert_int_equal(reg(f->c, in, &uid, &why), ZW_EINVAL);
		assert_string_equal(why.code, "wrong_type");
		assert_string_equal(why.field, "name");
	}
	json_decref(p);

	e = enterprise(uscc, agent);
	{
		const struct bad_case cases[] = {
			{ "name", "公", "invalid_name", "name" },
			{ "uscc", NULL, "required", "uscc" },
			{ "uscc", badsum, "invalid_uscc", "uscc" },
			{ "uscc", "91130102MA0OOOOOO0", "invalid_uscc", "uscc" },
			{ "uscc", "9113010240000007", "invalid_uscc", "uscc" },
			{ "agent_name", NULL, "required", "agent_name" },
			{ "agent_id_number", NULL, "required", "agent_id_number" },
			{ "agent_id_number", bad_check, "invalid_id_number",
			  "agent_id_number" },
			{ "agent_id_number", "130102800315001", "old_id_number",
			  "agent_id_number" },
			{ "phone", "23803110001", "invalid_phone", "phone" },
			{ "id_number", id, "unknown_field", "id_number" },
		};

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			check_bad(f->c, e, &cases[i]);
	}
	json_decref(e);
}

/* ---- the identity hook ---- */

static struct {
	int calls;
	char kind[16], key[19], name[64];
	char seen[4][19];
} dbl;

/* Test double of the registry: 王建国's number belongs to somebody
 * else; 刘晓燕 is registered; the enterprise is registered; anybody
 * else is unknown. */
static int
registry_double(zw_conn *c, const char *kind, const char *key,
    const char *name, struct zw_why *why)
{
	(void)c;
	if (dbl.calls < 4)
		zw_strlcpy(dbl.seen[dbl.calls], key, sizeof(dbl.seen[0]));
	dbl.calls++;
	zw_strlcpy(dbl.kind, kind, sizeof(dbl.kind));
	zw_strlcpy(dbl.key, key, sizeof(dbl.key));
	zw_strlcpy(dbl.name, name, sizeof(dbl.name));
	if (strcmp(name, "王建国") == 0) {
		ZW_WHY(why, "identity_mismatch",
		    "姓名与身份证号不符（人口基础信息库）", "name");
		return ZW_ECONFLICT;
	}
	if (strcmp(name, "刘晓燕") == 0 || strcmp(name,
	    "石家庄长安晨光商贸有限公司") == 0)
		return ZW_OK;
	return ZW_ENOTFOUND;
}

static int64_t
checked_of(zw_conn *c, int64_t uid)
{
	json_t *o;
	int64_t v;

	assert_int_equal(zw_account_get(c, uid, &o), ZW_OK);
	v = json_is_true(json_object_get(o, "registry_checked"));
	json_decref(o);
	return v;
}

static void
test_identity_hook(void **state)
{
	struct fx *f = *state;
	struct zw_why why;
	char a[19], b[19], c[19], uscc[19], agent[19];
	int64_t uid = 0, users = count(f->c, "SELECT COUNT(*) FROM users");
	int64_t audits = count(f->c, "SELECT COUNT(*) FROM audit_events");

	memset(&dbl, 0, sizeof(dbl));
	zw_accounts_set_identity_check(registry_double);
	mkid("13010219800315001", a);
	mkid("13010219920821002", b);
	mkid("13010219750505003", c);
	/* mismatch: refused with the registry's reason, nothing created */
	assert_int_equal(reg(f->c, person("王建国", a, "13803110001"), &uid,
	    &why), ZW_EINVAL);
	assert_string_equal(why.code, "identity_mismatch");
	assert_string_equal(why.field, "name");
	assert_string_equal(why.message, "姓名与身份证号不符（人口基础信息库）");
	assert_int_equal(dbl.calls, 1);
	assert_string_equal(dbl.kind, "person");
	assert_string_equal(dbl.key, a);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM users"), users);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM public_accounts"), 0);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events"), audits);
	/* not in the registry: registered, unverified */
	assert_int_equal(reg(f->c, person("张卫东", c, "13803110003"), &uid,
	    &why), ZW_OK);
	assert_int_equal(checked_of(f->c, uid), 0);
	/* in the registry under this name: verified */
	assert_int_equal(reg(f->c, person("刘晓燕", b, "13903110002"), &uid,
	    &why), ZW_OK);
	assert_int_equal(checked_of(f->c, uid), 1);
	/* enterprise: the legal person and the agent are both asked */
	mkuscc(55, uscc);
	mkid("13010219851102003", agent);
	dbl.calls = 0;
	assert_int_equal(reg(f->c, enterprise(uscc, agent), &uid, &why), ZW_OK);
	assert_int_equal(dbl.calls, 2);
	assert_string_equal(dbl.seen[0], uscc);
	assert_string_equal(dbl.seen[1], agent);
	assert_int_equal(checked_of(f->c, uid), 1);
	/* the hook is not asked about refused input */
	dbl.calls = 0;
	assert_int_equal(reg(f->c, person("刘晓燕", "123", "13903110002"), &uid,
	    &why), ZW_EINVAL);
	assert_int_equal(dbl.calls, 0);
}

/* ---- masking ---- */

static void
test_masking(void **state)
{
	struct fx *f = *state;
	struct zw_why why;
	char id[19], uscc[19], agent[19], want[19], m[32];
	int64_t uid = 0;
	json_t *o;

	zw_mask_phone("13812345678", m, sizeof(m));
	assert_string_equal(m, "138****5678");
	zw_mask_phone("", m, sizeof(m));
	assert_string_equal(m, "");
	mkid("13010219800315001", id);
	assert_int_equal(reg(f->c, person("王建国", id, "13812345678"), &uid,
	    &why), ZW_OK);
	assert_int_equal(zw_account_get(f->c, uid, &o), ZW_OK);
	snprintf(want, sizeof(want), "1301**********%s", id + 14);
	assert_string_equal(zw_json_str(o, "id_number"), want);
	assert_string_equal(zw_json_str(o, "phone"), "138****5678");
	assert_string_equal(zw_json_str(o, "name"), "王建国");
	assert_false(json_is_true(json_object_get(o, "registry_checked")));
	assert_null(json_object_get(o, "uscc"));
	json_decref(o);

	mkuscc(9, uscc);
	mkid("13010219851102003", agent);
	assert_int_equal(reg(f->c, enterprise(uscc, agent), &uid, &why), ZW_OK);
	assert_int_equal(zw_account_get(f->c, uid, &o), ZW_OK);
	snprintf(want, sizeof(want), "9113**********%s", uscc + 14);
	assert_string_equal(zw_json_str(o, "uscc"), want);
	snprintf(want, sizeof(want), "1301**********%s", agent + 14);
	assert_string_equal(zw_json_str(o, "agent_id_number"), want);
	assert_string_equal(zw_json_str(o, "phone"), "137****0003");
	json_decref(o);
	/* a staff user has no public account */
	assert_int_equal(zw_account_get(f->c, 999999, &o), ZW_ENOTFOUND);
}

/* ---- messages and the gateway ---- */

static int64_t
one_user(zw_conn *c, const char *first17, const char *name)
{
	struct zw_why why;
	char id[19];
	int64_t uid = 0;

	mkid(first17, id);
	assert_int_equal(reg(c, person(name, id, "13812345678"), &uid, &why),
	    ZW_OK);
	return uid;
}

static int
notify_tx(zw_conn *c, int64_t uid, const char *title, const char *body)
{
	int rc;

	assert_int_equal(zw_tx_begin(c), ZW_OK);
	rc = zw_notify(c, uid, 0, title, body);
	if (rc == ZW_OK)
		assert_int_equal(zw_tx_commit(c), ZW_OK);
	else
		assert_int_equal(zw_tx_rollback(c), ZW_OK);
	return rc;
}

/* Without a gateway: a message row and no job. */
static void
test_notify_in_app_only(void **state)
{
	struct fx *f = *state;
	int64_t uid = one_user(f->c, "13010219800315001", "王建国");

	/* registration's own message, then ours */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM messages"), 1);
	assert_int_equal(notify_tx(f->c, uid, "您的申请已受理", "办件编号 X"), ZW_OK);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM messages"), 2);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM jobs WHERE kind = "
	    "'notify.gateway'"), 0);
	/* bad input changes nothing */
	assert_int_equal(notify_tx(f->c, uid, "", "x"), ZW_EINVAL);
	assert_int_equal(notify_tx(f->c, uid, NULL, "x"), ZW_EINVAL);
	assert_int_equal(notify_tx(f->c, uid, "a\001b", "x"), ZW_EINVAL);
	assert_int_equal(notify_tx(f->c, 987654, "标题", "x"), ZW_EINVAL);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM messages"), 2);
	/* too many words in the command: refused, gateway off */
	assert_int_equal(zw_notify_set_gateway("a b c d e f g h i j k l m n o "
	    "p q"), ZW_ETOOBIG);
	assert_int_equal(notify_tx(f->c, uid, "标题", "x"), ZW_OK);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM jobs"), 0);
}

static char tmpdir[64];

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static char *
read_file(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* With a gateway: the message and a job in the same transaction; the
 * job runs the program with the message as JSON on standard input. */
static void
test_notify_gateway_delivers(void **state)
{
	struct fx *f = *state;
	char script[128], out[128], cmd[300], *text;
	int64_t uid = one_user(f->c, "13010219800315001", "王建国");
	json_error_t je;
	json_t *j;
	int ran = 0;

	snprintf(script, sizeof(script), "%s/gw.sh", tmpdir);
	snprintf(out, sizeof(out), "%s/out.jsonl", tmpdir);
	unlink(out);
	write_file(script, "cat >> \"$1\"\necho >> \"$1\"\n");
	snprintf(cmd, sizeof(cmd), "sh %s %s", script, out);
	assert_int_equal(zw_notify_set_gateway(cmd), ZW_OK);
	zw_notify_jobs_init();

	assert_int_equal(notify_tx(f->c, uid, "您的申请已受理",
	    "石家庄市行政审批局已受理您的申请。"), ZW_OK);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM jobs WHERE kind = "
	    "'notify.gateway' AND state = 'queued'"), 1);
	/* a rolled-back change leaves neither message nor job */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_notify(f->c, uid, 0, "回滚", ""), ZW_OK);
	assert_int_equal(zw_tx_rollback(f->c), ZW_OK);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM messages"), 2);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM jobs"), 1);

	assert_int_equal(zw_job_run_one(f->t.db, &ran), ZW_OK);
	assert_int_equal(ran, 1);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM jobs WHERE state = "
	    "'done'"), 1);
	text = read_file(out);
	assert_non_null(text);
	j = json_loads(text, JSON_DISABLE_EOF_CHECK, &je);
	assert_non_null(j);
	assert_int_equal(zw_json_int(j, "user_id"), uid);
	assert_string_equal(zw_json_str(j, "name"), "王建国");
	assert_string_equal(zw_json_str(j, "phone"), "13812345678");
	assert_string_equal(zw_json_str(j, "email"), "");
	assert_string_equal(zw_json_str(j, "title"), "您的申请已受理");
	assert_string_equal(zw_json_str(j, "body"), "石家庄市行政审批局已受理您的申请。");
	assert_true(json_is_null(json_object_get(j, "app_id")));
	assert_true(zw_json_int(j, "message_id") > 0);
	assert_int_equal(strlen(zw_json_str(j, "login")), 18);
	json_decref(j);
	unlink(script);
	unlink(out);
}

/* A gateway that fails: the job is retried later with the program's
 * output as its error, never dropped. */
static void
test_notify_gateway_failure_retries(void **state)
{
	struct fx *f = *state;
	char script[128], cmd[200];
	int64_t uid = one_user(f->c, "13010219800315001", "王建国");
	zw_stmt *s;
	int ran = 0;

	snprintf(script, sizeof(script), "%s/fail.sh", tmpdir);
	write_file(script, "cat > /dev/null\necho 'smtp: connection refused' >&2\n"
	    "exit 3\n");
	snprintf(cmd, sizeof(cmd), "sh %s", script);
	assert_int_equal(zw_notify_set_gateway(cmd), ZW_OK);
	zw_notify_jobs_init();
	assert_int_equal(notify_tx(f->c, uid, "补正通知", "请补正材料"), ZW_OK);
	assert_int_equal(zw_job_run_one(f->t.db, &ran), ZW_OK);
	assert_int_equal(ran, 1);
	assert_int_equal(zw_prepare(f->c, "SELECT state, attempts, last_error "
	    "FROM jobs WHERE kind = 'notify.gateway'", &s), ZW_OK);
	assert_int_equal(zw_step(s), ZW_ROW);
	assert_string_equal(zw_col_text(s, 0), "queued");
	assert_int_equal(zw_col_int(s, 1), 1);
	assert_non_null(strstr(zw_col_text(s, 2), "exit status 3"));
	assert_non_null(strstr(zw_col_text(s, 2), "smtp: connection refused"));
	zw_reset(s);

	/* a program that does not exist fails the same way */
	assert_int_equal(zw_notify_set_gateway("/nonexistent/zw-gateway"), ZW_OK);
	assert_int_equal(notify_tx(f->c, uid, "再次通知", ""), ZW_OK);
	assert_int_equal(zw_job_run_one(f->t.db, &ran), ZW_OK);
	assert_int_equal(ran, 1);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM jobs WHERE state = "
	    "'queued' AND attempts = 1"), 2);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM messages"), 3);
	unlink(script);
}

/* Reading: newest first, paged, the unread count, only one's own. */
static void
test_messages_list_and_read(void **state)
{
	struct fx *f = *state;
	int64_t a = one_user(f->c, "13010219800315001", "王建国");
	int64_t b = one_user(f->c, "13010219920821002", "刘晓燕");
	int64_t next, unread, first_id, audits;
	struct zw_actor wa = { 0 }, wb = { 0 };
	json_t *items, *items2;
	char t[32];
	int i;

	for (i = 1; i <= 5; i++) {
		snprintf(t, sizeof(t), "消息%d", i);
		assert_int_equal(notify_tx(f->c, a, t, "正文"), ZW_OK);
	}
	assert_int_equal(notify_tx(f->c, b, "别人的消息", ""), ZW_OK);
	assert_int_equal(zw_messages_list(f->c, a, 3, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(zw_json_str(json_array_get(items, 0), "title"), "消息5");
	assert_string_equal(zw_json_str(json_array_get(items, 2), "title"), "消息3");
	assert_false(json_is_true(json_object_get(json_array_get(items, 0), "read")));
	assert_true(json_is_null(json_object_get(json_array_get(items, 0), "read_at")));
	assert_int_equal(next, zw_json_int(json_array_get(items, 2), "id"));
	first_id = zw_json_int(json_array_get(items, 0), "id");
	assert_int_equal(zw_messages_list(f->c, a, 3, next, &items2, &next), ZW_OK);
	assert_int_equal(json_array_size(items2), 3);
	assert_string_equal(zw_json_str(json_array_get(items2, 1), "title"), "消息1");
	assert_string_equal(zw_json_str(json_array_get(items2, 2), "title"),
	    "账号注册成功");
	assert_int_equal(next, -1);
	json_decref(items2);
	assert_int_equal(zw_messages_unread(f->c, a, &unread), ZW_OK);
	assert_int_equal(unread, 6);

	wa.id = a;
	wa.login = "a";
	wb.id = b;
	wb.login = "b";
	audits = count(f->c, "SELECT COUNT(*) FROM audit_events");
	/* another user's message: not found, unchanged */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_message_read(f->c, &wb, first_id), ZW_ENOTFOUND);
	assert_int_equal(zw_tx_rollback(f->c), ZW_OK);
	assert_int_equal(zw_messages_unread(f->c, a, &unread), ZW_OK);
	assert_int_equal(unread, 6);
	/* one's own: read, audited once */
	for (i = 0; i < 2; i++) {
		assert_int_equal(zw_tx_begin(f->c), ZW_OK);
		assert_int_equal(zw_message_read(f->c, &wa, first_id), ZW_OK);
		assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	}
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events"),
	    audits + 1);
	assert_int_equal(zw_messages_unread(f->c, a, &unread), ZW_OK);
	assert_int_equal(unread, 5);
	assert_int_equal(zw_messages_unread(f->c, b, &unread), ZW_OK);
	assert_int_equal(unread, 2);
	json_decref(items);
	assert_int_equal(zw_messages_list(f->c, a, 1, 0, &items, &next), ZW_OK);
	assert_true(json_is_true(json_object_get(json_array_get(items, 0), "read")));
	assert_true(json_is_string(json_object_get(json_array_get(items, 0),
	    "read_at")));
	json_decref(items);
	/* unknown id */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_message_read(f->c, &wa, 999999), ZW_ENOTFOUND);
	assert_int_equal(zw_tx_rollback(f->c), ZW_OK);
}

static int
load_regions(void)
{
	FILE *fp = fopen("share/regions.csv", "rb");
	static char buf[1 << 17];
	size_t n;

	if (fp == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	return zw_regions_load(buf, n);
}

#define T(fn) \
	cmocka_unit_test_setup_teardown(fn, setup_sqlite, teardown)
#define P(fn) \
	cmocka_unit_test_setup_teardown(fn, setup_pg, teardown)
#define ALL(X) \
	X(test_register_person), \
	X(test_register_lowercase_x_and_duplicate), \
	X(test_register_enterprise), \
	X(test_register_validation), \
	X(test_identity_hook), \
	X(test_masking), \
	X(test_notify_in_app_only), \
	X(test_notify_gateway_delivers), \
	X(test_notify_gateway_failure_retries), \
	X(test_messages_list_and_read)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = { ALL(T) };
	const struct CMUnitTest pg_tests[] = { ALL(P) };
	int rc;

	zw_json_init();
	if (zw_crypto_init() != ZW_OK || load_regions() != ZW_OK)
		return 1;
	zw_pwhash_set_cost(1);
	signal(SIGPIPE, SIG_IGN);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/zwacct.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	rc = cmocka_run_group_tests_name("accounts_sqlite", sqlite_tests, NULL,
	    NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: accounts_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("accounts_pg", pg_tests, NULL,
		    NULL);
	rmdir(tmpdir);
	return rc;
}
