/*
 * test_catalog.c -- the information-resource catalog and sharing
 * (standards.md §5) on SQLite and, when ZHENGWU_TEST_PG_URL is set, on
 * PostgreSQL: metadata validation, item lists, the grant check (item
 * subsets, expiry, 无条件 / 有条件 / 不予共享, the provider itself) as
 * the registry's access decision sees it, the 10-working-day reply
 * deadline, and the 信息共享率.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/embed.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/workday.h"
#include "catalog/catalog.h"
#include "crypto/pwhash.h"
#include "registry/registry.h"
#include "store/migrate.h"
#include "store_fixture.h"

struct fx {
	struct zwt_db t;
	zw_conn *c;
	zw_calendar *cal;
	int64_t data, office, other;	/* provider, consumer, third org */
};

static int64_t
add_org(zw_conn *c, const char *code, const char *name)
{
	zw_stmt *s;
	int64_t id;

	assert_int_equal(zw_prepare(c, "INSERT INTO orgs (code, name, region_code, "
	    "created_at, updated_at) VALUES (?, ?, '130100', 1, 1) RETURNING id", &s),
	    ZW_OK);
	zw_bind_text(s, 1, code, (size_t)-1);
	zw_bind_text(s, 2, name, (size_t)-1);
	assert_int_equal(zw_step(s), ZW_ROW);
	id = zw_col_int(s, 0);
	zw_reset(s);
	return id;
}

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));

	if (zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	f->data = add_org(f->c, "sjz-data", "石家庄市数据和政务服务局");
	f->office = add_org(f->c, "changan-gov-office", "长安区人民政府办公室");
	f->other = add_org(f->c, "changan-civil", "长安区民政局");
	f->cal = zw_calendar_new();
	assert_int_equal(zw_clock_set("2026-03-02T09:00:00+08:00"), ZW_OK);
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
teardown(void **state)
{
	struct fx *f = *state;

	zw_calendar_free(f->cal);
	zw_conn_put(f->c);
	zwt_close(&f->t);
	zw_free(f);
	return 0;
}

static struct zw_actor
actor(const char *login, int64_t org, const char *perms)
{
	struct zw_actor a = { 0 };

	a.login = login;
	a.org_id = org;
	a.scope = ZW_SCOPE_ORG;
	a.perms = perms;
	return a;
}

static json_t *
entry(const char *code, const char *share_type)
{
	char cls[8];
	json_t *d;

	snprintf(cls, sizeof(cls), "%.6s", code);
	d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:i, s:b}, "
	    "{s:s, s:s, s:s, s:i, s:b}, {s:s, s:s, s:s, s:i, s:b}], s:s, s:s, s:s, "
	    "s:s, s:s, s:s}",
	    "code", code, "class_code", cls, "name", "人口基础信息",
	    "abstract", "人口基础库", "format", "数据库", "items",
	    "code", "id_number", "name", "公民身份号码", "type", "string", "length", 18,
	    "personal", 1,
	    "code", "name", "name", "姓名", "type", "string", "length", 50, "personal", 1,
	    "code", "address", "name", "住址", "type", "string", "length", 200,
	    "personal", 1,
	    "share_type", share_type, "share_condition", "法定职责范围内",
	    "legal_basis", "国发〔2016〕51号", "share_method", "api",
	    "open_attr", "not_open", "update_cycle", "realtime");
	return d;
}

static const char *
why_code(json_t *d)
{
	static char code[64];
	struct zw_why why = { 0 };

	code[0] = '\0';
	if (zw_catalog_validate(d, &why) != ZW_OK)
		snprintf(code, sizeof(code), "%s", why.code);
	json_decref(d);
	return code;
}

/* §5 core metadata: classification and code, items, share attributes;
 * conditional and withheld classes need a legal basis. */
static void
test_s5_metadata_validation(void **state)
{
	json_t *d;

	(void)state;
	assert_string_equal(why_code(entry("1010010001", "conditional")), "");
	assert_string_equal(why_code(entry("1010010001", "unconditional")), "");
	d = entry("1010010001", "not_shared");
	json_object_del(d, "legal_basis");
	assert_string_equal(why_code(d), "basis_required");
	d = entry("1010010001", "conditional");
	json_object_set_new(d, "legal_basis", json_string(""));
	assert_string_equal(why_code(d), "basis_required");
	d = entry("1010010001", "conditional");
	json_object_del(d, "share_condition");
	assert_string_equal(why_code(d), "condition_required");
	d = entry("1010010001", "not_shared");
	json_object_del(d, "share_method");	/* nothing to share by */
	assert_string_equal(why_code(d), "");
	/* resource code = class code (类1 项2 目3 细目) + sequence */
	d = entry("1010010001", "conditional");
	json_object_set_new(d, "code", json_string("1010020001"));
	assert_string_equal(why_code(d), "bad_code");
	assert_string_equal(why_code(entry("101001", "conditional")), "bad_code");
	d = entry("1010010001", "conditional");
	json_object_set_new(d, "class_code", json_string("10100"));
	assert_string_equal(why_code(d), "bad_class_code");
	d = entry("1010010001", "conditional");
	json_object_set_new(json_array_get(json_object_get(d, "items"), 1), "code",
	    json_string("id_number"));
	assert_string_equal(why_code(d), "duplicate_item");
	d = entry("1010010001", "conditional");
	json_object_set_new(json_array_get(json_object_get(d, "items"), 0), "type",
	    json_string("text"));
	assert_string_equal(why_code(d), "bad_item_type");
	d = entry("1010010001", "conditional");
	json_object_set_new(d, "items", json_array());
	assert_string_equal(why_code(d), "items_required");
	d = entry("1010010001", "sometimes");
	assert_string_equal(why_code(d), "bad_share_type");
	d = entry("1010010001", "conditional");
	json_object_set_new(d, "owner", json_string("x"));
	assert_string_equal(why_code(d), "unknown_field");
	d = entry("1010010001", "conditional");
	json_object_set_new(d, "update_cycle", json_string("hourly"));
	assert_string_equal(why_code(d), "bad_update_cycle");
}

static void
test_item_lists(void **state)
{
	(void)state;
	assert_true(zw_share_items_cover(",name,id_number,", "name"));
	assert_true(zw_share_items_cover(",name,id_number,", "id_number,name"));
	assert_true(zw_share_items_cover("name,id_number", ",name,"));
	assert_true(zw_share_items_cover(",name,", ""));
	assert_false(zw_share_items_cover(",name,id_number,", "address"));
	assert_false(zw_share_items_cover(",name,id_number,", "name,address"));
	assert_false(zw_share_items_cover(",surname,", "name"));
	assert_false(zw_share_items_cover(",name2,", "name"));
	assert_false(zw_share_items_cover(",name,", "nam"));
}

/* §5 信息共享率 = (无条件 + 有条件) / catalogued, per mille, rounded */
static void
test_s5_share_rate(void **state)
{
	(void)state;
	assert_int_equal(zw_share_rate_permille(0, 0), 0);
	assert_int_equal(zw_share_rate_permille(2, 3), 667);
	assert_int_equal(zw_share_rate_permille(26, 28), 929);
	assert_int_equal(zw_share_rate_permille(5, 5), 1000);
}

/* Create and publish; registry binds it to a base registry. */
static int64_t
published(struct fx *f, const char *code, const char *share_type,
    const char *registry, int64_t provider)
{
	struct zw_actor admin = actor("zheng.hui", f->data,
	    ",catalog.manage,catalog.edit,");
	struct zw_why why = { 0 };
	json_t *d = entry(code, share_type);
	zw_stmt *s;
	int64_t id;
	char pcode[32];

	snprintf(pcode, sizeof(pcode), "%s", provider == f->data ? "sjz-data" :
	    provider == f->office ? "changan-gov-office" : "changan-civil");
	json_object_set_new(d, "provider_org_code", json_string(pcode));
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_catalog_create(f->c, &admin, d, &id, &why), ZW_OK);
	json_decref(d);
	if (registry != NULL) {
		assert_int_equal(zw_prepare(f->c, "UPDATE catalog_resources SET "
		    "registry = ? WHERE id = ?", &s), ZW_OK);
		zw_bind_text(s, 1, registry, (size_t)-1);
		zw_bind_int(s, 2, id);
		assert_true(zw_step(s) >= 0);
	}
	assert_int_equal(zw_catalog_publish(f->c, &admin, id, NULL, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	return id;
}

static enum zw_share_state
state_of(struct fx *f, int64_t org, const char **items)
{
	struct zw_share_access sa;
	zw_arena *a = zw_arena_new();
	static char buf[256];

	assert_int_equal(zw_share_access(f->c, a, org, "", "persons", zw_now(), &sa),
	    ZW_OK);
	snprintf(buf, sizeof(buf), "%s", sa.items);
	zw_arena_free(a);
	if (items != NULL)
		*items = buf;
	return sa.state;
}

/* §5 access flow: conditional resources need a grant; the grant is per
 * organization, per item, with an expiry; the registry returns only the
 * granted items and refuses after expiry. */
static void
test_s5_grant_check(void **state)
{
	struct fx *f = *state;
	struct zw_actor asker = actor("zhao.lei", f->office, ",registry.read,catalog.edit,");
	struct zw_actor other = actor("zhou.qiang", f->other, ",registry.read,catalog.edit,");
	struct zw_actor admin = actor("zheng.hui", f->data, ",catalog.manage,catalog.edit,");
	const char *items3[] = { "name", "id_number", "address" };
	const char *items2[] = { "name", "id_number" };
	struct zw_share_in in = { 0 };
	struct zw_reg_access ac;
	struct zw_why why = { 0 };
	const char *got;
	json_t *q;
	int64_t rid, id, withheld;

	rid = published(f, "1010010001", "conditional", "persons", f->data);
	assert_int_equal(state_of(f, f->office, NULL), ZW_SHARE_NOT_GRANTED);
	assert_int_equal(state_of(f, f->data, NULL), ZW_SHARE_PROVIDER);
	assert_int_equal(zw_registry_access(f->c, &asker, "", ZW_REG_PERSONS, &ac),
	    ZW_OK);
	assert_false(ac.allowed);
	assert_string_equal(ac.code, "not_granted");

	in.resource_id = rid;
	in.items = items3;
	in.nitems = 3;
	in.purpose = "社会救助";
	in.legal_basis = "《社会救助暂行办法》";
	in.period_end = "2026-12-31";
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_share_request(f->c, &asker, f->cal, &in, &id, &why), ZW_OK);
	/* §5: the answer is due in 10 working days (Mon 2 Mar -> Mon 16 Mar) */
	assert_int_equal(zw_share_get(f->c, &asker, f->cal, id, &q), ZW_OK);
	assert_string_equal(zw_json_str(q, "due_on"), "2026-03-16");
	json_decref(q);
	/* only the provider answers; only requested items */
	assert_int_equal(zw_share_approve(f->c, &other, id, NULL, 0, NULL, NULL, &why),
	    ZW_EPERM);
	{
		const char *phone[] = { "phone" };

		assert_int_equal(zw_share_approve(f->c, &admin, id, phone, 1, NULL, NULL,
		    &why), ZW_EINVAL);
		assert_string_equal(why.code, "item_not_requested");
	}
	assert_int_equal(zw_share_approve(f->c, &admin, id, items2, 2, "2026-03-05",
	    NULL, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);

	assert_int_equal(state_of(f, f->office, &got), ZW_SHARE_GRANTED);
	assert_string_equal(got, ",name,id_number,");
	assert_int_equal(state_of(f, f->other, NULL), ZW_SHARE_NOT_GRANTED);
	assert_int_equal(zw_registry_access(f->c, &asker, "", ZW_REG_PERSONS, &ac),
	    ZW_OK);
	assert_true(ac.allowed);
	assert_int_equal(ac.items, ZW_RI_KEY | ZW_RI_NAME);
	assert_false(ac.clear);
	assert_false(ac.history);

	/* the grant ends with its expiry date */
	assert_int_equal(zw_clock_set("2026-03-05T23:59:00+08:00"), ZW_OK);
	assert_int_equal(state_of(f, f->office, NULL), ZW_SHARE_GRANTED);
	assert_int_equal(zw_clock_set("2026-03-06T00:00:01+08:00"), ZW_OK);
	assert_int_equal(state_of(f, f->office, NULL), ZW_SHARE_EXPIRED);
	assert_int_equal(zw_registry_access(f->c, &asker, "", ZW_REG_PERSONS, &ac),
	    ZW_OK);
	assert_false(ac.allowed);
	assert_string_equal(ac.code, "grant_expired");

	/* §5 不予共享: no request, no access */
	withheld = published(f, "3090030001", "not_shared", NULL, f->other);
	in.resource_id = withheld;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_share_request(f->c, &asker, f->cal, &in, &id, &why),
	    ZW_EINVAL);
	assert_string_equal(why.code, "not_shareable");
	zw_tx_rollback(f->c);
}

/* §5: 无条件共享 needs no grant: every organization reads at once */
static void
test_s5_unconditional_is_implicit(void **state)
{
	struct fx *f = *state;
	struct zw_actor asker = actor("zhao.lei", f->office, ",registry.read,");
	struct zw_reg_access ac;

	(void)published(f, "1010010001", "unconditional", "persons", f->data);
	assert_int_equal(state_of(f, f->office, NULL), ZW_SHARE_OPEN);
	assert_int_equal(zw_registry_access(f->c, &asker, "", ZW_REG_PERSONS, &ac),
	    ZW_OK);
	assert_true(ac.allowed);
	assert_false(ac.clear);
	assert_true(ac.items & ZW_RI_PHONE);
}

static void
test_s5_indicators(void **state)
{
	struct fx *f = *state;
	struct zw_actor admin = actor("zheng.hui", f->data, ",catalog.manage,catalog.edit,");
	struct zw_why why = { 0 };
	json_t *o, *deps, *d = entry("3090040001", "conditional");
	int64_t id;

	(void)published(f, "1010010001", "conditional", NULL, f->data);
	(void)published(f, "1010010002", "unconditional", NULL, f->data);
	(void)published(f, "3090030001", "not_shared", NULL, f->other);
	/* a draft is not catalogued yet */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_catalog_create(f->c, &admin, d, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	json_decref(d);
	assert_int_equal(zw_sharing_indicators(f->c, f->cal, &o), ZW_OK);
	assert_int_equal(zw_json_int(json_object_get(o, "overall"), "catalogued"), 3);
	assert_int_equal(zw_json_int(json_object_get(o, "overall"), "shared"), 2);
	assert_int_equal(zw_json_int(json_object_get(o, "overall"),
	    "share_rate_permille"), 667);
	deps = json_object_get(o, "departments");
	assert_int_equal(json_array_size(deps), 2);
	assert_int_equal(zw_json_int(json_array_get(deps, 0), "share_rate_permille"),
	    1000);
	assert_int_equal(zw_json_int(json_array_get(deps, 1), "share_rate_permille"), 0);
	json_decref(o);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_s5_metadata_validation),
		cmocka_unit_test(test_item_lists),
		cmocka_unit_test(test_s5_share_rate),
		BOTH(test_s5_grant_check),
		BOTH(test_s5_unconditional_is_implicit),
		BOTH(test_s5_indicators),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_s5_grant_check),
		PG(test_s5_unconditional_is_implicit),
		PG(test_s5_indicators),
	};
	const struct zw_embed *rt = zw_embed_find("share/regions.csv");
	int rc;

	zw_json_init();
	if (zw_crypto_init() != ZW_OK || rt == NULL ||
	    zw_regions_load((const char *)rt->data, rt->len) != ZW_OK)
		return 1;
	rc = cmocka_run_group_tests_name("catalog_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: catalog_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("catalog_pg", pg_tests, NULL, NULL);
	return rc;
}
