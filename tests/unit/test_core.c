/*
 * test_core.c -- the audit chain and the org module (organizations,
 * users, roles, authentication, sessions) on SQLite and, when
 * ZHENGWU_TEST_PG_URL is set, on PostgreSQL: same tests, both backends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/mem.h"
#include "crypto/pwhash.h"
#include "org/org.h"
#include "store/migrate.h"
#include "store_fixture.h"

struct fx {
	struct zwt_db t;
	zw_conn *c;
};

static const unsigned char master[16] = "0123456789abcdef";

static struct zw_actor
system_actor(void)
{
	struct zw_actor a = { 0 };

	a.login = "system";
	a.scope = ZW_SCOPE_ALL;
	a.perms = ",orgs.manage,users.manage,";
	return a;
}

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
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
teardown(void **state)
{
	struct fx *f = *state;

	zw_conn_put(f->c);
	zwt_close(&f->t);
	zw_free(f);
	return 0;
}

static void
append(zw_conn *c, const char *action, const char *login)
{
	struct zw_audit_event e = { 0 };

	e.actor_login = login;
	e.action = action;
	e.object_type = "org";
	e.object_id = "1";
	e.result = "success";
	e.ip = "127.0.0.1";
	e.details = "{\"name\":\"审批'; DROP TABLE orgs; --\"}";
	assert_int_equal(zw_audit_append_tx(c, &e), ZW_OK);
}

/* 等保 2.0 §8.1.4.3 c: audit records are protected against change;
 * the SM3 chain shows the first altered event. */
static void
test_audit_chain_detects_tampering(void **state)
{
	struct fx *f = *state;
	int64_t count, bad;
	int i;

	for (i = 0; i < 5; i++)
		append(f->c, "org.create", "admin");
	assert_int_equal(zw_audit_verify(f->c, &count, &bad), ZW_OK);
	assert_int_equal(count, 5);
	/* the table refuses UPDATE and DELETE */
	assert_true(zw_exec(f->c, "UPDATE audit_events SET actor_login = 'x' "
	    "WHERE seq = 3") != ZW_OK);
	assert_true(zw_exec(f->c, "DELETE FROM audit_events WHERE seq = 5") != ZW_OK);
	/* an attacker with DDL rights drops the guard and edits event 3 */
	if (f->t.kind == ZW_DB_SQLITE)
		assert_int_equal(zw_exec(f->c, "DROP TRIGGER audit_no_update"), ZW_OK);
	else
		assert_int_equal(zw_exec(f->c, "ALTER TABLE audit_events DISABLE "
		    "TRIGGER audit_no_update"), ZW_OK);
	assert_int_equal(zw_exec(f->c, "UPDATE audit_events SET actor_login = "
	    "'mallory' WHERE seq = 3"), ZW_OK);
	assert_int_equal(zw_audit_verify(f->c, &count, &bad), ZW_ECRYPTO);
	assert_int_equal(bad, 3);
	assert_int_equal(count, 2);
}

static void
test_audit_cut_tail_is_detected(void **state)
{
	struct fx *f = *state;
	int64_t count, bad;
	int i;

	for (i = 0; i < 4; i++)
		append(f->c, "user.update", "admin");
	if (f->t.kind == ZW_DB_SQLITE)
		assert_int_equal(zw_exec(f->c, "DROP TRIGGER audit_no_delete"), ZW_OK);
	else
		assert_int_equal(zw_exec(f->c, "ALTER TABLE audit_events DISABLE "
		    "TRIGGER audit_no_update"), ZW_OK);
	assert_int_equal(zw_exec(f->c, "DELETE FROM audit_events WHERE seq = 4"), ZW_OK);
	assert_int_equal(zw_audit_verify(f->c, &count, &bad), ZW_ECRYPTO);
	assert_int_equal(bad, 4);
}

static void
test_audit_query_filters(void **state)
{
	struct fx *f = *state;
	struct zw_audit_filter q = { 0 };
	json_t *items;
	int64_t next;

	append(f->c, "org.create", "admin");
	append(f->c, "user.create", "admin");
	append(f->c, "session.login", "li.na");
	q.action = "user.";
	assert_int_equal(zw_audit_query(f->c, &q, 10, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	q.action = NULL;
	q.actor = "admin";
	assert_int_equal(zw_audit_query(f->c, &q, 1, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(next > 0);
	/* newest first */
	assert_string_equal(zw_json_str(json_array_get(items, 0), "action"), "user.create");
	json_decref(items);
	assert_int_equal(zw_audit_query(f->c, &q, 10, next, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(next, -1);
	json_decref(items);
}

/* 等保 2.0 §8.1.4.1 a: complexity; our rule: 8+ chars, 3 of 4 classes. */
static void
test_dengbao_password_rule(void **state)
{
	(void)state;
	assert_non_null(zw_password_problem("Ab1!", "x"));
	assert_non_null(zw_password_problem("abcdefgh1", "x"));
	assert_null(zw_password_problem("abcdefg1A", "x"));
	assert_null(zw_password_problem("政务平台Ab1!", "x"));
	assert_non_null(zw_password_problem("Zhang.Wei2026", "zhang.wei"));
	assert_non_null(zw_password_problem("", "x"));
}

static int64_t
make_org(zw_conn *c, const char *code, int64_t parent)
{
	struct zw_actor sys = system_actor();
	struct zw_org_in in = { 0 };
	struct zw_why why = { 0 };
	int64_t id = 0;

	in.code = code;
	in.name = code;
	in.short_name = "冀政办";
	in.region_code = "130102";
	in.parent_id = parent;
	assert_int_equal(zw_tx_begin(c), ZW_OK);
	assert_int_equal(zw_org_create(c, &sys, &in, master, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(c), ZW_OK);
	return id;
}

static void
test_org_tree_and_data_scope(void **state)
{
	struct fx *f = *state;
	struct zw_actor sys = system_actor(), leader = { 0 };
	struct zw_org_in bad = { 0 };
	struct zw_why why = { 0 };
	int64_t root, a, a1, b, next, id;
	json_t *items, *o;

	root = make_org(f->c, "root", 0);
	a = make_org(f->c, "a", root);
	a1 = make_org(f->c, "a1", a);
	b = make_org(f->c, "b", root);
	assert_int_equal(zw_org_get(f->c, &sys, a1, &o), ZW_OK);
	assert_int_equal(zw_json_int(o, "depth"), 3);
	assert_non_null(strstr(zw_json_str(o, "public_key_pem"), "PUBLIC KEY"));
	json_decref(o);
	/* a leader of a with scope org_tree sees a and a1, not b */
	leader.id = 99;
	leader.login = "leader";
	leader.org_id = a;
	leader.scope = ZW_SCOPE_ORG_TREE;
	assert_int_equal(zw_org_get(f->c, &sys, a, &o), ZW_OK);
	leader.org_path = zw_strdup(zw_json_str(o, "path"));
	json_decref(o);
	assert_int_equal(zw_org_list(f->c, &leader, NULL, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);
	assert_int_equal(zw_org_get(f->c, &leader, b, &o), ZW_ENOTFOUND);
	leader.scope = ZW_SCOPE_ORG;
	assert_int_equal(zw_org_get(f->c, &leader, a1, &o), ZW_ENOTFOUND);
	zw_free((void *)(uintptr_t)leader.org_path);
	/* moving a under its own child is refused */
	bad.parent_id = a1;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_org_update(f->c, &sys, a, &bad, &why), ZW_EINVAL);
	assert_string_equal(why.code, "cycle");
	zw_tx_rollback(f->c);
	/* moving a under b moves a1 too */
	bad.parent_id = b;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_org_update(f->c, &sys, a, &bad, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(zw_org_get(f->c, &sys, a1, &o), ZW_OK);
	assert_int_equal(zw_json_int(o, "depth"), 4);
	json_decref(o);
	/* invalid USCC and duplicate code */
	memset(&bad, 0, sizeof(bad));
	bad.code = "c";
	bad.name = "c";
	bad.region_code = "130102";
	bad.uscc = "91350200776049653B";
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_org_create(f->c, &sys, &bad, master, &id, &why), ZW_EINVAL);
	assert_string_equal(why.field, "uscc");
	bad.uscc = NULL;
	bad.code = "a";
	assert_int_equal(zw_org_create(f->c, &sys, &bad, master, &id, &why), ZW_ECONFLICT);
	zw_tx_rollback(f->c);
}

static int64_t
make_user(zw_conn *c, const char *login, int64_t org, const char *role,
    struct zw_why *why)
{
	struct zw_actor sys = system_actor();
	const char *roles[] = { role, NULL };
	struct zw_user_in in = { 0 };
	int64_t id = 0;
	int rc;

	in.login = login;
	in.name = login;
	in.org_id = org;
	in.roles = roles;
	in.password = "Init#2026pw";
	assert_int_equal(zw_tx_begin(c), ZW_OK);
	rc = zw_user_create(c, &sys, &in, &id, why);
	if (rc == ZW_OK)
		assert_int_equal(zw_tx_commit(c), ZW_OK);
	else
		zw_tx_rollback(c);
	return rc == ZW_OK ? id : rc;
}

/* 等保 2.0 §8.1.4.2 d / 三员分立: no two administrator roles together. */
static void
test_three_administrators_are_separate(void **state)
{
	struct fx *f = *state;
	struct zw_actor sys = system_actor();
	struct zw_user_in in = { 0 };
	struct zw_why why = { 0 };
	const char *both[] = { "sysadmin", "auditadmin", NULL };
	const char *audit_clerk[] = { "auditadmin", "clerk", NULL };
	int64_t org = make_org(f->c, "root", 0), id;

	in.login = "mixed";
	in.name = "mixed";
	in.org_id = org;
	in.password = "Init#2026pw";
	in.roles = both;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_user_create(f->c, &sys, &in, &id, &why), ZW_EINVAL);
	assert_string_equal(why.code, "separation_of_duties");
	zw_tx_rollback(f->c);
	in.roles = audit_clerk;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_user_create(f->c, &sys, &in, &id, &why), ZW_EINVAL);
	zw_tx_rollback(f->c);
	assert_true(make_user(f->c, "auditor", org, "auditadmin", &why) > 0);
	assert_true(make_user(f->c, "auditor", org, "clerk", &why) == ZW_ECONFLICT);
}

/* 等保 2.0 §8.1.4.1 b: repeated failures lock the account. */
static void
test_dengbao_lockout_after_five_failures(void **state)
{
	struct fx *f = *state;
	struct zw_auth_policy pol = { 5, 900, 1800, 1800, 0 };
	struct zw_login_out lo;
	struct zw_why why = { 0 };
	int64_t org = make_org(f->c, "root", 0);
	int i;

	zw_clock_set("2026-11-02T09:00:00+08:00");
	make_user(f->c, "li.na", org, "clerk", &why);
	for (i = 0; i < 4; i++)
		assert_int_equal(zw_auth_login(f->c, &pol, "li.na", "wrong", "1.2.3.4",
		    "ua", "req", &lo, &why), ZW_EAUTH);
	assert_int_equal(zw_auth_login(f->c, &pol, "li.na", "wrong", "1.2.3.4",
	    "ua", "req", &lo, &why), ZW_ELOCKED);
	/* even the right password is refused while locked */
	assert_int_equal(zw_auth_login(f->c, &pol, "li.na", "Init#2026pw",
	    "1.2.3.4", "ua", "req", &lo, &why), ZW_ELOCKED);
	zw_clock_advance(1801);
	assert_int_equal(zw_auth_login(f->c, &pol, "li.na", "Init#2026pw",
	    "1.2.3.4", "ua", "req", &lo, &why), ZW_OK);
	assert_true(lo.must_change_password);
	/* unknown login: same error as a wrong password */
	assert_int_equal(zw_auth_login(f->c, &pol, "nobody", "x", "1.2.3.4",
	    "ua", "req", &lo, &why), ZW_EAUTH);
	assert_string_equal(why.code, "bad_credentials");
}

static void
test_session_idle_timeout_and_revocation(void **state)
{
	struct fx *f = *state;
	struct zw_auth_policy pol = { 5, 900, 1800, 1800, 0 };
	struct zw_login_out lo;
	struct zw_user_ctx u;
	struct zw_actor who = { 0 };
	struct zw_why why = { 0 };
	zw_arena *a = zw_arena_new();
	int64_t org = make_org(f->c, "root", 0);

	zw_clock_set("2026-11-02T09:00:00+08:00");
	make_user(f->c, "wang.fang", org, "leader", &why);
	assert_int_equal(zw_auth_login(f->c, &pol, "wang.fang", "Init#2026pw",
	    "1.2.3.4", "ua", "req", &lo, &why), ZW_OK);
	assert_int_equal(zw_session_lookup(f->c, a, &pol, lo.token, &u), ZW_OK);
	assert_string_equal(u.roles, "leader");
	assert_int_equal(u.scope, ZW_SCOPE_ORG_TREE);
	assert_non_null(strstr(u.perms, ",orgs.read,"));
	assert_int_equal(zw_session_lookup(f->c, a, &pol, "forged", &u), ZW_ENOTFOUND);
	zw_clock_advance(1799);
	assert_int_equal(zw_session_lookup(f->c, a, &pol, lo.token, &u), ZW_OK);
	zw_clock_advance(1801);	/* idle past 30 minutes */
	assert_int_equal(zw_session_lookup(f->c, a, &pol, lo.token, &u), ZW_ENOTFOUND);
	assert_int_equal(zw_auth_login(f->c, &pol, "wang.fang", "Init#2026pw",
	    "1.2.3.4", "ua", "req", &lo, &why), ZW_OK);
	who.id = lo.user_id;
	who.login = "wang.fang";
	assert_int_equal(zw_session_revoke(f->c, &who, lo.session_id), ZW_OK);
	assert_int_equal(zw_session_lookup(f->c, a, &pol, lo.token, &u), ZW_ENOTFOUND);
	zw_arena_free(a);
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

#define BOTH(t) \
	cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) \
	cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		BOTH(test_audit_chain_detects_tampering),
		BOTH(test_audit_cut_tail_is_detected),
		BOTH(test_audit_query_filters),
		cmocka_unit_test(test_dengbao_password_rule),
		BOTH(test_org_tree_and_data_scope),
		BOTH(test_three_administrators_are_separate),
		BOTH(test_dengbao_lockout_after_five_failures),
		BOTH(test_session_idle_timeout_and_revocation),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_audit_chain_detects_tampering),
		PG(test_audit_cut_tail_is_detected),
		PG(test_audit_query_filters),
		PG(test_org_tree_and_data_scope),
		PG(test_three_administrators_are_separate),
		PG(test_dengbao_lockout_after_five_failures),
		PG(test_session_idle_timeout_and_revocation),
	};
	int rc;

	zw_json_init();
	if (zw_crypto_init() != ZW_OK || load_regions() != ZW_OK)
		return 1;
	zw_pwhash_set_cost(1);
	rc = cmocka_run_group_tests_name("core_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: core_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("core_pg", pg_tests, NULL, NULL);
	return rc;
}
