/*
 * test_items.c -- service items (src/approvals/items.c, item_form.c,
 * consult.c) on SQLite and, when ZHENGWU_TEST_PG_URL is set, on
 * PostgreSQL: the application form check for every field type
 * (standards.md §6.1 GB 11643, §6.2 GB 32100, §6.3 GB/T 2260, real
 * calendar dates, unknown keys), the item rules of §3.2 (promised <=
 * legal, 即办件/承诺件) and of 行政许可法 第四十二条 (joint handling),
 * versions that keep old versions readable, withdrawal, data scope,
 * and 网上咨询.  Every refusal is checked to leave nothing behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <ftw.h>
#include <unistd.h>

#include "approvals/items.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "crypto/pwhash.h"
#include "files/files.h"
#include "org/org.h"
#include "store/migrate.h"
#include "store_fixture.h"

static const unsigned char master[16] = "0123456789abcdef";

struct fx {
	struct zwt_db t;
	zw_conn *c;
	char datadir[64];
	int64_t root, a, b;
	char path_root[64], path_a[64], path_b[64];
	int64_t u_lead, u_clerk, u_other, u_clerk_b, u_asker;
	struct zw_actor lead, clerk, other, clerk_b, asker;
};

static struct zw_actor
system_actor(void)
{
	struct zw_actor a = { 0 };

	a.login = "system";
	a.scope = ZW_SCOPE_ALL;
	a.perms = ",orgs.manage,users.manage,";
	return a;
}

static struct zw_actor
actor(int64_t id, const char *login, int64_t org, const char *path, int scope,
    const char *perms)
{
	struct zw_actor w = { 0 };

	w.id = id;
	w.login = login;
	w.org_id = org;
	w.org_path = path;
	w.scope = scope;
	w.perms = perms;
	w.ip = "127.0.0.1";
	w.request_id = "test";
	return w;
}

static int64_t
make_org(struct fx *f, const char *code, int64_t parent, char *path,
    size_t size)
{
	struct zw_actor sys = system_actor();
	struct zw_org_in in = { 0 };
	struct zw_why why = { 0 };
	int64_t id = 0;
	json_t *o;

	in.code = code;
	in.name = code;
	in.short_name = "冀审批";
	in.region_code = "130102";
	in.parent_id = parent;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_org_create(f->c, &sys, &in, master, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(zw_org_get(f->c, &sys, id, &o), ZW_OK);
	snprintf(path, size, "%s", zw_json_str(o, "path"));
	json_decref(o);
	return id;
}

static int64_t
make_user(struct fx *f, const char *login, int64_t org)
{
	struct zw_actor sys = system_actor();
	struct zw_user_in in = { 0 };
	struct zw_why why = { 0 };
	int64_t id = 0;

	in.login = login;
	in.name = login;
	in.org_id = org;
	in.password = "Init#2026pw";
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_user_create(f->c, &sys, &in, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	return id;
}

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));

	snprintf(f->datadir, sizeof(f->datadir), "/tmp/zwitems.XXXXXX");
	if (mkdtemp(f->datadir) == NULL ||
	    zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK ||
	    zw_tx_begin(f->c) != ZW_OK || zw_roles_seed(f->c) != ZW_OK ||
	    zw_tx_commit(f->c) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	f->root = make_org(f, "root", 0, f->path_root, sizeof(f->path_root));
	f->a = make_org(f, "sjz-approval", f->root, f->path_a, sizeof(f->path_a));
	f->b = make_org(f, "sjz-psb", f->root, f->path_b, sizeof(f->path_b));
	f->u_lead = make_user(f, "wang.fang", f->a);
	f->u_clerk = make_user(f, "liu.yang", f->a);
	f->u_other = make_user(f, "leader.b", f->b);
	f->u_clerk_b = make_user(f, "clerk.b", f->b);
	f->u_asker = make_user(f, "asker", f->root);
	f->lead = actor(f->u_lead, "wang.fang", f->a, f->path_a, ZW_SCOPE_ORG_TREE,
	    ",items.manage,approvals.handle,");
	f->clerk = actor(f->u_clerk, "liu.yang", f->a, f->path_a, ZW_SCOPE_ORG,
	    ",approvals.handle,");
	f->other = actor(f->u_other, "leader.b", f->b, f->path_b, ZW_SCOPE_ORG_TREE,
	    ",items.manage,approvals.handle,");
	f->clerk_b = actor(f->u_clerk_b, "clerk.b", f->b, f->path_b, ZW_SCOPE_ORG,
	    ",approvals.handle,");
	f->asker = actor(f->u_asker, "asker", f->root, f->path_root, ZW_SCOPE_SELF,
	    ",");
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	zw_conn_put(f->c);
	zwt_close(&f->t);
	nftw(f->datadir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	zw_free(f);
	return 0;
}

/* A valid item of org: 承诺件, 20/10 working days, every part filled. */
static json_t *
item_json(const char *code, int64_t org)
{
	json_t *it;
	json_error_t e;

	it = json_loads("{"
	    "\"name\": \"食品经营许可\", \"item_type\": \"行政许可\","
	    "\"legal_days\": 20, \"promised_days\": 10,"
	    "\"conditions\": \"具有与经营的食品品种、数量相适应的场所。\","
	    "\"legal_basis\": [{\"law\": \"中华人民共和国食品安全法\","
	    " \"article\": \"第三十五条\", \"text\": \"国家对食品生产经营实行许可制度。\"}],"
	    "\"materials\": [{\"name\": \"申请书\", \"required\": true, \"originals\": 1,"
	    " \"copies\": 0, \"form\": \"纸质或电子\"},"
	    " {\"name\": \"营业执照\", \"registry\": \"legal_person\", \"copies\": 1,"
	    " \"originals\": 0, \"form\": \"电子\"}],"
	    "\"fees\": [{\"name\": \"工本费\", \"amount\": \"12.5\", \"basis\": \"价格主管部门批复\"}],"
	    "\"fields\": [{\"name\": \"company\", \"label\": \"经营者名称\", \"type\": \"text\","
	    " \"required\": true, \"max\": 10},"
	    " {\"name\": \"area\", \"label\": \"面积\", \"type\": \"number\", \"max\": 1000},"
	    " {\"name\": \"open_on\", \"label\": \"开业日期\", \"type\": \"date\"},"
	    " {\"name\": \"kind\", \"label\": \"业态\", \"type\": \"choice\","
	    " \"options\": [\"餐饮\", \"销售\"]},"
	    " {\"name\": \"legal_rep\", \"label\": \"法定代表人身份证号码\", \"type\": \"id_number\"},"
	    " {\"name\": \"uscc\", \"label\": \"统一社会信用代码\", \"type\": \"uscc\"},"
	    " {\"name\": \"region\", \"label\": \"所在地区\", \"type\": \"region\"}],"
	    "\"online\": true, \"online_depth\": \"四级\", \"visits\": 0,"
	    "\"windows\": \"市民服务中心二楼\", \"hours\": \"工作日 9:00-17:00\","
	    "\"topics\": [\"准营准办\"], \"audience\": \"enterprise\"}", 0, &e);
	assert_non_null(it);
	json_object_set_new(it, "code", json_string(code));
	json_object_set_new(it, "org_id", json_integer(org));
	return it;
}

/* Save in a transaction of its own; commit on success. */
static int
save(struct fx *f, const struct zw_actor *who, json_t *in, int *version,
    struct zw_why *why)
{
	int rc;

	memset(why, 0, sizeof(*why));
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	rc = zw_item_save(f->c, who, in, NULL, version, why);
	if (rc == ZW_OK)
		assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	else
		zw_tx_rollback(f->c);
	return rc;
}

/* Save a fresh valid item and let it go. */
static int
save_item(struct fx *f, const struct zw_actor *who, const char *code,
    int64_t org, struct zw_why *why)
{
	json_t *it = item_json(code, org);
	int rc = save(f, who, it, NULL, why);

	json_decref(it);
	return rc;
}

static int64_t
count(struct fx *f, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(zw_query_int(f->c, sql, &n), ZW_OK);
	return n;
}

/* The refusal's code, and nothing stored by it. */
static void
refused(struct fx *f, const struct zw_actor *who, json_t *in, int want_rc,
    const char *code, const char *field)
{
	int64_t items = count(f, "SELECT COUNT(*) FROM service_items");
	int64_t versions = count(f, "SELECT COUNT(*) FROM item_versions");
	int64_t audit = count(f, "SELECT COUNT(*) FROM audit_events");
	struct zw_why why;
	int rc = save(f, who, in, NULL, &why);

	if (rc != want_rc || why.code == NULL || strcmp(why.code, code) != 0)
		fail_msg("want %d %s, got %d %s (%s)", want_rc, code, rc,
		    why.code ? why.code : "-", why.message ? why.message : "");
	if (field != NULL)
		assert_string_equal(why.field, field);
	assert_non_null(why.message);
	assert_true(strlen(why.message) > 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM service_items"), items);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM item_versions"), versions);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_events"), audit);
	json_decref(in);
}

/* --- the application form check --- */

static json_t *
fields_of(struct fx *f, const char *code)
{
	json_t *it, *fields;

	assert_int_equal(zw_item_current(f->c, code, NULL, NULL, &it), ZW_OK);
	fields = json_incref(json_object_get(it, "fields"));
	json_decref(it);
	return fields;
}

static void
form_ok(json_t *fields, const char *form_text)
{
	struct zw_why why = { 0 };
	json_t *form = json_loads(form_text, 0, NULL);

	assert_non_null(form);
	if (zw_item_form_check(fields, form, &why) != ZW_OK)
		fail_msg("form %s refused: %s %s", form_text, why.code, why.message);
	json_decref(form);
}

static void
form_bad(json_t *fields, const char *form_text, const char *code,
    const char *field)
{
	struct zw_why why = { 0 };
	json_t *form = json_loads(form_text, 0, NULL);

	assert_non_null(form);
	if (zw_item_form_check(fields, form, &why) != ZW_EINVAL)
		fail_msg("form %s accepted", form_text);
	if (strcmp(why.code, code) != 0 || strcmp(why.field, field) != 0)
		fail_msg("form %s: want %s/%s, got %s/%s (%s)", form_text, code,
		    field, why.code, why.field, why.message);
	assert_true(strlen(why.message) > 0);
	json_decref(form);
}

static void
test_form_check_types(void **state)
{
	struct fx *f = *state;
	struct zw_why why;
	json_t *fields;
	char id17[19], bad_date_id[19], future_id[19], form[200];

	assert_int_equal(save_item(f, &f->lead, "FORM-1", f->a, &why),
	    ZW_OK);
	fields = fields_of(f, "FORM-1");

	/* all given, every type valid (standards.md §6 test vectors) */
	form_ok(fields, "{\"company\": \"某某餐饮有限公司\", \"area\": 120.5,"
	    " \"open_on\": \"2024-02-29\", \"kind\": \"餐饮\","
	    " \"legal_rep\": \"11010519491231002X\", \"uscc\": \"91350200776049653A\","
	    " \"region\": \"130102\"}");
	/* only the required one; null and "" count as not given */
	form_ok(fields, "{\"company\": \"甲\", \"area\": null, \"kind\": \"\"}");
	/* numbers as strings (HTML forms), integers, negatives */
	form_ok(fields, "{\"company\": \"甲\", \"area\": \"999.75\"}");
	form_ok(fields, "{\"company\": \"甲\", \"area\": -3}");
	form_ok(fields, "{\"company\": \"甲\", \"area\": 1000}");
	/* lowercase x in an ID number */
	form_ok(fields, "{\"company\": \"甲\", \"legal_rep\": \"11010519491231002x\"}");

	/* required */
	form_bad(fields, "{}", "required", "form.company");
	form_bad(fields, "{\"company\": \"\"}", "required", "form.company");
	/* text: length in characters (max 10), type */
	form_ok(fields, "{\"company\": \"一二三四五六七八九十\"}");
	form_bad(fields, "{\"company\": \"一二三四五六七八九十一\"}", "too_long",
	    "form.company");
	form_bad(fields, "{\"company\": 12}", "wrong_type", "form.company");
	form_bad(fields, "{\"company\": \"a\\u0001b\"}", "invalid_text", "form.company");
	/* number */
	form_bad(fields, "{\"company\": \"甲\", \"area\": \"abc\"}", "invalid_number",
	    "form.area");
	form_bad(fields, "{\"company\": \"甲\", \"area\": \"1e3\"}", "invalid_number",
	    "form.area");
	form_bad(fields, "{\"company\": \"甲\", \"area\": \"12.\"}", "invalid_number",
	    "form.area");
	form_bad(fields, "{\"company\": \"甲\", \"area\": true}", "invalid_number",
	    "form.area");
	form_bad(fields, "{\"company\": \"甲\", \"area\": 1000.5}", "number_too_large",
	    "form.area");
	/* dates must exist */
	form_bad(fields, "{\"company\": \"甲\", \"open_on\": \"2023-02-29\"}",
	    "invalid_date", "form.open_on");
	form_bad(fields, "{\"company\": \"甲\", \"open_on\": \"2026-13-01\"}",
	    "invalid_date", "form.open_on");
	form_bad(fields, "{\"company\": \"甲\", \"open_on\": \"2026-04-31\"}",
	    "invalid_date", "form.open_on");
	form_bad(fields, "{\"company\": \"甲\", \"open_on\": \"2026-4-1\"}",
	    "invalid_date", "form.open_on");
	form_bad(fields, "{\"company\": \"甲\", \"open_on\": \"20260401\"}",
	    "invalid_date", "form.open_on");
	/* choice */
	form_bad(fields, "{\"company\": \"甲\", \"kind\": \"批发\"}", "invalid_choice",
	    "form.kind");
	/* GB 11643: check digit, impossible birth date, future birth date,
	 * unknown region, length */
	form_bad(fields, "{\"company\": \"甲\", \"legal_rep\": \"110105194912310021\"}",
	    "invalid_id_number", "form.legal_rep");
	memcpy(id17, "11010519490230002", 17);	/* 30 February */
	id17[17] = zw_id_check_char(id17);
	id17[18] = '\0';
	memcpy(bad_date_id, id17, sizeof(id17));
	snprintf(form, sizeof(form), "{\"company\": \"甲\", \"legal_rep\": \"%s\"}",
	    bad_date_id);
	form_bad(fields, form, "invalid_id_number", "form.legal_rep");
	memcpy(future_id, "11010521000101002", 17);	/* born 2100 */
	future_id[17] = zw_id_check_char(future_id);
	future_id[18] = '\0';
	snprintf(form, sizeof(form), "{\"company\": \"甲\", \"legal_rep\": \"%s\"}",
	    future_id);
	form_bad(fields, form, "invalid_id_number", "form.legal_rep");
	memcpy(id17, "99999919491231002", 17);	/* no such region */
	id17[17] = zw_id_check_char(id17);
	snprintf(form, sizeof(form), "{\"company\": \"甲\", \"legal_rep\": \"%s\"}",
	    id17);
	form_bad(fields, form, "invalid_id_number", "form.legal_rep");
	form_bad(fields, "{\"company\": \"甲\", \"legal_rep\": \"1101051949\"}",
	    "invalid_id_number", "form.legal_rep");
	{
		/* the message names the field and the GB 11643 reason */
		json_t *fm = json_pack("{s:s, s:s}", "company", "甲", "legal_rep",
		    "110105194912310021");

		assert_int_equal(zw_item_form_check(fields, fm, &why), ZW_EINVAL);
		assert_non_null(strstr(why.message, "法定代表人身份证号码"));
		assert_non_null(strstr(why.message, "校验码"));
		json_decref(fm);
	}
	/* GB 32100: check character, forbidden letters, length */
	form_bad(fields, "{\"company\": \"甲\", \"uscc\": \"91350200776049653B\"}",
	    "invalid_uscc", "form.uscc");
	form_bad(fields, "{\"company\": \"甲\", \"uscc\": \"9I350200776049653A\"}",
	    "invalid_uscc", "form.uscc");
	form_bad(fields, "{\"company\": \"甲\", \"uscc\": \"9135020077604965\"}",
	    "invalid_uscc", "form.uscc");
	/* GB/T 2260 */
	form_bad(fields, "{\"company\": \"甲\", \"region\": \"999999\"}",
	    "invalid_region", "form.region");
	form_bad(fields, "{\"company\": \"甲\", \"region\": \"13010\"}",
	    "invalid_region", "form.region");
	form_bad(fields, "{\"company\": \"甲\", \"region\": 130102}", "wrong_type",
	    "form.region");
	/* unknown keys, also odd ones (the field is not echoed then) */
	form_bad(fields, "{\"company\": \"甲\", \"salary\": \"1\"}", "unknown_field",
	    "form.salary");
	form_bad(fields, "{\"company\": \"甲\", \"<script>\": \"1\"}", "unknown_field",
	    "form");
	/* not an object */
	form_bad(fields, "[1, 2]", "wrong_type", "form");
	json_decref(fields);
}

/* --- item rules --- */

static void
test_rules(void **state)
{
	struct fx *f = *state;
	json_t *it;

	/* §3.2: promised <= legal */
	it = item_json("R-1", f->a);
	json_object_set_new(it, "promised_days", json_integer(21));
	refused(f, &f->lead, it, ZW_EINVAL, "promised_exceeds_legal", "promised_days");
	/* 即办件 promises 0; 承诺件 at least 1 */
	it = item_json("R-1", f->a);
	json_object_set_new(it, "handling_kind", json_string("即办件"));
	refused(f, &f->lead, it, ZW_EINVAL, "instant_promised_days", "promised_days");
	it = item_json("R-1", f->a);
	json_object_set_new(it, "handling_kind", json_string("承诺件"));
	json_object_set_new(it, "promised_days", json_integer(0));
	refused(f, &f->lead, it, ZW_EINVAL, "promised_days_required", "promised_days");
	it = item_json("R-1", f->a);
	json_object_set_new(it, "handling_kind", json_string("上报件"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_handling_kind", "handling_kind");
	/* legal days 1..365 */
	it = item_json("R-1", f->a);
	json_object_set_new(it, "legal_days", json_integer(0));
	refused(f, &f->lead, it, ZW_EINVAL, "out_of_range", "legal_days");
	it = item_json("R-1", f->a);
	json_object_set_new(it, "legal_days", json_integer(ZW_ITEM_MAX_DAYS + 1));
	refused(f, &f->lead, it, ZW_EINVAL, "out_of_range", "legal_days");
	/* code */
	it = item_json("R 1", f->a);
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_code", "code");
	it = item_json("R_1", f->a);
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_code", "code");
	it = item_json("", f->a);
	refused(f, &f->lead, it, ZW_EINVAL, "required", "code");
	/* type and shape */
	it = item_json("R-1", f->a);
	json_object_set_new(it, "item_type", json_string("行政处罚"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_item_type", "item_type");
	it = item_json("R-1", f->a);
	json_object_set_new(it, "name", json_integer(5));
	refused(f, &f->lead, it, ZW_EINVAL, "wrong_type", "name");
	it = item_json("R-1", f->a);
	json_object_set_new(it, "org_name", json_string("x"));
	refused(f, &f->lead, it, ZW_EINVAL, "unknown_field", "org_name");
	it = item_json("R-1", f->a);
	json_object_set_new(it, "name", json_string("食品\n许可"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_text", "name");
	/* 行政许可法 第十四条: a licence needs its legal basis */
	it = item_json("R-1", f->a);
	json_object_set_new(it, "legal_basis", json_array());
	refused(f, &f->lead, it, ZW_EINVAL, "legal_basis_required", "legal_basis");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "legal_basis"), 0),
	    "law", json_string(""));
	refused(f, &f->lead, it, ZW_EINVAL, "required", "legal_basis[0].law");
	/* materials */
	it = item_json("R-1", f->a);
	json_array_append_new(json_object_get(it, "materials"),
	    json_pack("{s:s}", "name", "申请书"));
	refused(f, &f->lead, it, ZW_EINVAL, "duplicate_material", "materials[2].name");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "materials"), 0),
	    "copies", json_integer(100));
	refused(f, &f->lead, it, ZW_EINVAL, "out_of_range", "materials[0].copies");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "materials"), 1),
	    "registry", json_string("tax"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_registry", "materials[1].registry");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "materials"), 1),
	    "form", json_string("口头"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_form", "materials[1].form");
	/* fees */
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "fees"), 0),
	    "amount", json_string("-1"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_amount", "fees[0].amount");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "fees"), 0),
	    "amount", json_string("1.234"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_amount", "fees[0].amount");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "fees"), 0),
	    "amount", json_real(1.5));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_amount", "fees[0].amount");
	/* form schema */
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "fields"), 1),
	    "name", json_string("company"));
	refused(f, &f->lead, it, ZW_EINVAL, "duplicate_field", "fields[1].name");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "fields"), 1),
	    "name", json_string("Area"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_field_name", "fields[1].name");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "fields"), 1),
	    "type", json_string("file"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_field_type", "fields[1].type");
	it = item_json("R-1", f->a);
	json_object_del(json_array_get(json_object_get(it, "fields"), 3), "options");
	refused(f, &f->lead, it, ZW_EINVAL, "options_required", "fields[3].options");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "fields"), 3),
	    "options", json_pack("[s, s]", "餐饮", "餐饮"));
	refused(f, &f->lead, it, ZW_EINVAL, "duplicate_option", "fields[3].options");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "fields"), 0),
	    "options", json_pack("[s]", "x"));
	refused(f, &f->lead, it, ZW_EINVAL, "options_not_allowed", "fields[0].options");
	it = item_json("R-1", f->a);
	json_object_set_new(json_array_get(json_object_get(it, "fields"), 2),
	    "max", json_integer(5));
	refused(f, &f->lead, it, ZW_EINVAL, "max_not_allowed", "fields[2].max");
	/* blank forms name uploaded files */
	it = item_json("R-1", f->a);
	json_object_set_new(it, "forms", json_pack("[{s:s, s:i}]", "name", "申请表",
	    "file_id", 999));
	refused(f, &f->lead, it, ZW_EINVAL, "file_not_found", "forms[0].file_id");
	/* topics, audience, depth */
	it = item_json("R-1", f->a);
	json_object_set_new(it, "topics", json_pack("[s]", "外星事务"));
	refused(f, &f->lead, it, ZW_EINVAL, "unknown_topic", "topics[0]");
	it = item_json("R-1", f->a);
	json_object_set_new(it, "audience", json_string("robots"));
	refused(f, &f->lead, it, ZW_EINVAL, "invalid_audience", "audience");
	it = item_json("R-1", f->a);
	json_object_set_new(it, "online", json_false());
	refused(f, &f->lead, it, ZW_EINVAL, "depth_needs_online", "online_depth");
	/* without items.manage */
	it = item_json("R-1", f->a);
	refused(f, &f->clerk, it, ZW_EPERM, "forbidden", NULL);

	/* and the valid one passes; 即办件 derived from promised 0 */
	{
		struct zw_why why;
		json_t *o;

		it = item_json("R-1", f->a);
		json_object_set_new(it, "promised_days", json_integer(0));
		assert_int_equal(save(f, &f->lead, it, NULL, &why), ZW_OK);
		json_decref(it);
		assert_int_equal(zw_item_get(f->c, NULL, "R-1", 0, &o), ZW_OK);
		assert_string_equal(zw_json_str(o, "handling_kind"), "即办件");
		assert_string_equal(zw_json_str(json_array_get(json_object_get(o,
		    "fees"), 0), "amount"), "12.50");
		assert_string_equal(zw_json_str(o, "url"), "/services/R-1");
		assert_string_equal(zw_json_str(json_array_get(json_object_get(o,
		    "materials"), 1), "code"), "R-1002");
		assert_int_equal(zw_json_int(json_array_get(json_object_get(o,
		    "fields"), 0), "max"), 10);
		json_decref(o);
	}
}

/* 行政许可法 第四十二条: joint handling within 45 working days. */
static void
test_joint_rules(void **state)
{
	struct fx *f = *state;
	struct zw_why why;
	json_t *it, *o, *co;

#define JOINT(days_b) json_pack("[{s:I, s:i}]", "org_id", (json_int_t)f->b, \
	"days", (days_b))
	it = item_json("J-1", f->a);
	json_object_set_new(it, "joint", json_true());
	refused(f, &f->lead, it, ZW_EINVAL, "co_orgs_required", "co_orgs");
	it = item_json("J-1", f->a);
	json_object_set_new(it, "joint", json_false());
	json_object_set_new(it, "co_orgs", JOINT(10));
	refused(f, &f->lead, it, ZW_EINVAL, "co_orgs_not_joint", "co_orgs");
	it = item_json("J-1", f->a);
	json_object_set_new(it, "co_orgs", json_pack("[{s:I, s:i}]", "org_id",
	    (json_int_t)f->a, "days", 10));
	refused(f, &f->lead, it, ZW_EINVAL, "co_org_is_lead", "co_orgs[0].org_id");
	it = item_json("J-1", f->a);
	json_object_set_new(it, "co_orgs", json_pack("[{s:I, s:i}, {s:I, s:i}]",
	    "org_id", (json_int_t)f->b, "days", 10, "org_id", (json_int_t)f->b,
	    "days", 5));
	refused(f, &f->lead, it, ZW_EINVAL, "duplicate_co_org", "co_orgs[1].org_id");
	it = item_json("J-1", f->a);
	json_object_set_new(it, "co_orgs", json_pack("[{s:i, s:i}]", "org_id", 99999,
	    "days", 10));
	refused(f, &f->lead, it, ZW_EINVAL, "co_org_not_found", "co_orgs[0].org_id");
	it = item_json("J-1", f->a);
	json_object_set_new(it, "co_orgs", JOINT(46));
	refused(f, &f->lead, it, ZW_EINVAL, "out_of_range", "co_orgs[0].days");
	it = item_json("J-1", f->a);
	json_object_set_new(it, "co_orgs", JOINT(21));	/* legal is 20 */
	refused(f, &f->lead, it, ZW_EINVAL, "co_days_exceed_legal", "co_orgs[0].days");
	it = item_json("J-1", f->a);
	json_object_set_new(it, "co_orgs", JOINT(10));
	json_object_set_new(it, "legal_days", json_integer(46));
	refused(f, &f->lead, it, ZW_EINVAL, "joint_exceeds_45", "legal_days");
	it = item_json("J-1", f->a);
	json_object_set_new(it, "co_orgs", JOINT(10));
	json_object_set_new(it, "promised_days", json_integer(0));
	refused(f, &f->lead, it, ZW_EINVAL, "joint_instant", "handling_kind");
	it = item_json("J-1", f->a);
	json_object_set_new(it, "co_orgs", json_pack("[{s:I}]", "org_id",
	    (json_int_t)f->b));
	refused(f, &f->lead, it, ZW_EINVAL, "required", "co_orgs[0].days");

	/* 45 is allowed; joint is derived from co_orgs; the co-department
	 * need not lie in the actor's scope */
	it = item_json("J-1", f->a);
	json_object_set_new(it, "co_orgs", JOINT(45));
	json_object_set_new(it, "legal_days", json_integer(45));
	json_object_set_new(it, "promised_days", json_integer(30));
	assert_int_equal(save(f, &f->lead, it, NULL, &why), ZW_OK);
	json_decref(it);
	assert_int_equal(zw_item_get(f->c, NULL, "J-1", 0, &o), ZW_OK);
	assert_true(json_is_true(json_object_get(o, "joint")));
	co = json_array_get(json_object_get(o, "co_orgs"), 0);
	assert_int_equal(zw_json_int(co, "org_id"), f->b);
	assert_int_equal(zw_json_int(co, "days"), 45);
	assert_string_equal(zw_json_str(co, "org_name"), "sjz-psb");
	json_decref(o);
#undef JOINT
}

/* A change is a new version; the old one stays readable by its id. */
static void
test_versions(void **state)
{
	struct fx *f = *state;
	struct zw_audit_filter q = { 0 };
	struct zw_why why;
	int64_t item1, v1, item2, v2, next;
	json_t *it, *o, *list;
	int version = 0;

	it = item_json("V-1", f->a);
	assert_int_equal(save(f, &f->lead, it, &version, &why), ZW_OK);
	assert_int_equal(version, 1);
	json_decref(it);
	assert_int_equal(zw_item_current(f->c, "V-1", &item1, &v1, &o), ZW_OK);
	assert_int_equal(zw_json_int(o, "version"), 1);
	json_decref(o);

	it = item_json("V-1", f->a);
	json_object_set_new(it, "name", json_string("食品经营许可（新办）"));
	json_object_set_new(it, "promised_days", json_integer(5));
	assert_int_equal(save(f, &f->lead, it, &version, &why), ZW_OK);
	assert_int_equal(version, 2);
	json_decref(it);
	assert_int_equal(zw_item_current(f->c, "V-1", &item2, &v2, &o), ZW_OK);
	assert_int_equal(item2, item1);
	assert_true(v2 != v1);
	assert_string_equal(zw_json_str(o, "name"), "食品经营许可（新办）");
	assert_int_equal(zw_json_int(o, "promised_days"), 5);
	assert_true(json_is_true(json_object_get(o, "current")));
	json_decref(o);

	/* a running application's version, by id */
	assert_int_equal(zw_item_version_json(f->c, v1, &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "name"), "食品经营许可");
	assert_int_equal(zw_json_int(o, "promised_days"), 10);
	assert_int_equal(zw_json_int(o, "version"), 1);
	assert_string_equal(zw_json_str(o, "code"), "V-1");
	assert_false(json_is_true(json_object_get(o, "current")));
	json_decref(o);
	assert_int_equal(zw_item_get(f->c, NULL, "V-1", 1, &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "name"), "食品经营许可");
	json_decref(o);
	assert_int_equal(zw_item_get(f->c, NULL, "V-1", 3, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_item_version_json(f->c, 424242, &o), ZW_ENOTFOUND);

	assert_int_equal(zw_item_versions(f->c, NULL, "V-1", &list), ZW_OK);
	assert_int_equal(json_array_size(list), 2);
	assert_int_equal(zw_json_int(json_array_get(list, 0), "version"), 2);
	assert_true(json_is_true(json_object_get(json_array_get(list, 0), "current")));
	assert_string_equal(zw_json_str(json_array_get(list, 1), "created_by_name"),
	    "wang.fang");
	json_decref(list);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM service_items"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM item_versions"), 2);

	q.action = "item.create";
	assert_int_equal(zw_audit_query(f->c, &q, 10, 0, &list, &next), ZW_OK);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(zw_json_str(json_array_get(list, 0), "actor_login"),
	    "wang.fang");
	json_decref(list);
	q.action = "item.version";
	assert_int_equal(zw_audit_query(f->c, &q, 10, 0, &list, &next), ZW_OK);
	assert_int_equal(json_array_size(list), 1);
	assert_int_equal(zw_json_int(json_object_get(json_array_get(list, 0),
	    "details"), "version"), 2);
	json_decref(list);
}

/* Another department may neither take over nor create for the org. */
static void
test_scope(void **state)
{
	struct fx *f = *state;
	struct zw_why why;
	json_t *it, *o;

	assert_int_equal(save_item(f, &f->lead, "S-1", f->a, &why),
	    ZW_OK);
	/* leader of b: the org is not in scope */
	refused(f, &f->other, item_json("S-2", f->a), ZW_EINVAL, "org_not_found",
	    "org_id");
	/* leader of b: a's item under b's org */
	refused(f, &f->other, item_json("S-1", f->b), ZW_EPERM, "item_of_other_org",
	    "code");
	assert_int_equal(zw_item_get(f->c, NULL, "S-1", 0, &o), ZW_OK);
	assert_int_equal(zw_json_int(o, "org_id"), f->a);
	assert_int_equal(zw_json_int(o, "version"), 1);
	json_decref(o);
	/* b's own item is fine */
	it = item_json("S-3", f->b);
	assert_int_equal(save(f, &f->other, it, NULL, &why), ZW_OK);
	json_decref(it);
	/* withdrawing a's item: refused for b */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_item_set_status(f->c, &f->other, "S-1", false, &why),
	    ZW_EPERM);
	zw_tx_rollback(f->c);
}

static void
test_withdraw(void **state)
{
	struct fx *f = *state;
	struct zw_item_filter pub = { 0 }, staff = { 0 };
	struct zw_why why = { 0 };
	int64_t next;
	json_t *items, *o;

	assert_int_equal(save_item(f, &f->lead, "W-1", f->a, &why),
	    ZW_OK);
	assert_int_equal(save_item(f, &f->lead, "W-2", f->a, &why),
	    ZW_OK);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_item_set_status(f->c, &f->lead, "W-1", false, &why),
	    ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);

	assert_int_equal(zw_item_current(f->c, "W-1", NULL, NULL, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_item_get(f->c, NULL, "W-1", 0, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_item_get(f->c, &f->clerk, "W-1", 0, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_item_get(f->c, &f->lead, "W-1", 0, &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "status"), "withdrawn");
	json_decref(o);
	assert_int_equal(zw_item_list(f->c, &pub, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(zw_json_str(json_array_get(items, 0), "code"), "W-2");
	json_decref(items);
	staff.staff = &f->lead;
	assert_int_equal(zw_item_list(f->c, &staff, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);
	staff.status = "withdrawn";
	assert_int_equal(zw_item_list(f->c, &staff, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	/* b's leader sees none of a's */
	staff.staff = &f->other;
	staff.status = NULL;
	assert_int_equal(zw_item_list(f->c, &staff, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);

	/* twice: wrong state, nothing written */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_item_set_status(f->c, &f->lead, "W-1", false, &why),
	    ZW_ESTATE);
	assert_string_equal(why.code, "already_withdrawn");
	zw_tx_rollback(f->c);
	/* a new version keeps the item withdrawn */
	assert_int_equal(save_item(f, &f->lead, "W-1", f->a, &why),
	    ZW_OK);
	assert_int_equal(zw_item_current(f->c, "W-1", NULL, NULL, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_item_set_status(f->c, &f->lead, "W-1", true, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(zw_item_current(f->c, "W-1", NULL, NULL, &o), ZW_OK);
	assert_int_equal(zw_json_int(o, "version"), 2);
	json_decref(o);
}

static void
test_catalog_filters(void **state)
{
	struct fx *f = *state;
	struct zw_item_filter flt = { 0 };
	struct zw_why why = { 0 };
	int64_t next;
	json_t *it, *items, *facets;
	int i;

	for (i = 0; i < 5; i++) {
		char code[16];

		snprintf(code, sizeof(code), "C-%d", i);
		it = item_json(code, i < 3 ? f->a : f->b);
		if (i == 1) {
			json_object_set_new(it, "name", json_string("结婚登记"));
			json_object_set_new(it, "item_type", json_string("行政确认"));
			json_object_set_new(it, "topics", json_pack("[s]", "婚姻登记"));
			json_object_set_new(it, "audience", json_string("person"));
		}
		if (i == 2)
			json_object_set_new(it, "audience", json_string("both"));
		assert_int_equal(save(f, i < 3 ? &f->lead : &f->other, it, NULL, &why),
		    ZW_OK);
		json_decref(it);
	}
	flt.topic = "婚姻登记";
	assert_int_equal(zw_item_list(f->c, &flt, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(zw_json_str(json_array_get(items, 0), "code"), "C-1");
	json_decref(items);
	memset(&flt, 0, sizeof(flt));
	flt.audience = "person";	/* person + both */
	assert_int_equal(zw_item_list(f->c, &flt, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);
	memset(&flt, 0, sizeof(flt));
	flt.org_id = f->b;
	assert_int_equal(zw_item_list(f->c, &flt, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);
	memset(&flt, 0, sizeof(flt));
	flt.q = "结婚";
	assert_int_equal(zw_item_list(f->c, &flt, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	flt.q = "%";	/* a LIKE metacharacter matches literally */
	assert_int_equal(zw_item_list(f->c, &flt, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	memset(&flt, 0, sizeof(flt));
	flt.item_type = "行政确认";
	assert_int_equal(zw_item_list(f->c, &flt, 50, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	/* paging */
	memset(&flt, 0, sizeof(flt));
	assert_int_equal(zw_item_list(f->c, &flt, 2, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	assert_true(next > 0);
	json_decref(items);
	assert_int_equal(zw_item_list(f->c, &flt, 2, next, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);
	assert_int_equal(zw_item_list(f->c, &flt, 2, next, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(next, -1);
	json_decref(items);

	assert_int_equal(zw_item_facets(f->c, &facets), ZW_OK);
	assert_int_equal(zw_json_int(facets, "total"), 5);
	assert_int_equal(json_array_size(json_object_get(facets, "orgs")), 2);
	{
		json_t *t;
		size_t k;
		bool seen = false;

		json_array_foreach(json_object_get(facets, "topics"), k, t)
			if (strcmp(zw_json_str(t, "name"), "准营准办") == 0) {
				assert_int_equal(zw_json_int(t, "count"), 4);
				seen = true;
			}
		assert_true(seen);
	}
	json_decref(facets);
}

/* 网上咨询 */
static void
test_questions(void **state)
{
	struct fx *f = *state;
	struct zw_why why = { 0 };
	int64_t q1, q2, next;
	json_t *items, *o;
	bool staff;
	int i, rc;

	assert_int_equal(save_item(f, &f->lead, "Q-1", f->a, &why),
	    ZW_OK);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_question_ask(f->c, &f->asker, "Q-1", "需要带原件吗？",
	    &q1, &why), ZW_OK);
	assert_int_equal(zw_question_ask(f->c, &f->asker, "Q-1", "多久办结？", &q2,
	    &why), ZW_OK);
	assert_int_equal(zw_question_ask(f->c, &f->asker, "Q-1", " \n ", &q2, &why),
	    ZW_EINVAL);
	assert_string_equal(why.code, "required");
	assert_int_equal(zw_question_ask(f->c, &f->asker, "NOPE", "?", &q2, &why),
	    ZW_ENOTFOUND);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);

	/* the public: no FAQ yet */
	assert_int_equal(zw_question_list_item(f->c, NULL, "Q-1", 50, 0, &items,
	    &next, &staff), ZW_OK);
	assert_int_equal(json_array_size(items), 0);
	assert_false(staff);
	json_decref(items);
	/* the asker: their own two */
	assert_int_equal(zw_question_list_item(f->c, &f->asker, "Q-1", 50, 0, &items,
	    &next, &staff), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	assert_null(json_object_get(json_array_get(items, 0), "asker_name"));
	json_decref(items);
	/* staff of the item's org: all, with the asker */
	assert_int_equal(zw_question_list_item(f->c, &f->clerk, "Q-1", 50, 0, &items,
	    &next, &staff), ZW_OK);
	assert_true(staff);
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(zw_json_str(json_array_get(items, 0), "asker_name"),
	    "asker");
	json_decref(items);
	/* staff of another org: the public view */
	assert_int_equal(zw_question_list_item(f->c, &f->clerk_b, "Q-1", 50, 0,
	    &items, &next, &staff), ZW_OK);
	assert_false(staff);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	assert_int_equal(zw_question_list_staff(f->c, &f->clerk_b, "unanswered", 50,
	    0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	assert_int_equal(zw_question_list_staff(f->c, &f->clerk, "unanswered", 50, 0,
	    &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);

	/* answering: another org's staff get "not found", nothing changes */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_question_answer(f->c, &f->clerk_b, q1, "可以", true, &why),
	    ZW_ENOTFOUND);
	assert_int_equal(zw_question_answer(f->c, &f->asker, q1, "可以", true, &why),
	    ZW_ENOTFOUND);
	assert_int_equal(zw_question_answer(f->c, &f->clerk, q1, "", true, &why),
	    ZW_EINVAL);
	zw_tx_rollback(f->c);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM consultations WHERE "
	    "answered_at IS NOT NULL"), 0);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_question_answer(f->c, &f->clerk, q1,
	    "需要携带原件核验。", true, &why), ZW_OK);
	assert_int_equal(zw_question_answer(f->c, &f->clerk, q2, "10个工作日。", false,
	    &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	/* the FAQ: the published answer only, without the asker */
	assert_int_equal(zw_question_list_item(f->c, NULL, "Q-1", 50, 0, &items,
	    &next, &staff), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	o = json_array_get(items, 0);
	assert_int_equal(zw_json_int(o, "id"), q1);
	assert_string_equal(zw_json_str(o, "answer"), "需要携带原件核验。");
	assert_string_equal(zw_json_str(o, "status"), "answered");
	assert_null(json_object_get(o, "asker_name"));
	json_decref(items);
	assert_int_equal(zw_question_get(f->c, &f->clerk, q2, &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "answered_by_name"), "liu.yang");
	assert_false(json_is_true(json_object_get(o, "published")));
	json_decref(o);
	assert_int_equal(zw_question_get(f->c, &f->clerk_b, q2, &o), ZW_ENOTFOUND);

	/* the daily cap */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	for (i = 2; i < ZW_ITEM_QUESTIONS_PER_DAY; i++)
		assert_int_equal(zw_question_ask(f->c, &f->asker, "Q-1", "再问一次",
		    &q2, &why), ZW_OK);
	rc = zw_question_ask(f->c, &f->asker, "Q-1", "再问一次", &q2, &why);
	assert_int_equal(rc, ZW_EINVAL);
	assert_string_equal(why.code, "too_many_questions");
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM consultations"),
	    ZW_ITEM_QUESTIONS_PER_DAY);

	/* a withdrawn item takes no questions */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_item_set_status(f->c, &f->lead, "Q-1", false, &why), ZW_OK);
	assert_int_equal(zw_question_ask(f->c, &f->clerk, "Q-1", "还能问吗？", &q2,
	    &why), ZW_ENOTFOUND);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
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

#define SQLITE(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		SQLITE(test_form_check_types),
		SQLITE(test_rules),
		SQLITE(test_joint_rules),
		SQLITE(test_versions),
		SQLITE(test_scope),
		SQLITE(test_withdraw),
		SQLITE(test_catalog_filters),
		SQLITE(test_questions),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_form_check_types),
		PG(test_rules),
		PG(test_joint_rules),
		PG(test_versions),
		PG(test_scope),
		PG(test_withdraw),
		PG(test_catalog_filters),
		PG(test_questions),
	};
	int rc;

	zw_json_init();
	if (zw_crypto_init() != ZW_OK || load_regions() != ZW_OK)
		return 1;
	zw_pwhash_set_cost(1);
	rc = cmocka_run_group_tests_name("items_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: items_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("items_pg", pg_tests, NULL, NULL);
	return rc;
}
