/*
 * demo_registry.c -- the demonstration registries for `init --demo`:
 * 300 synthetic people of 石家庄市's districts and counties and 50
 * legal persons registered there (valid, invented codes; see
 * src/registry/synth.c), imported through the ordinary import, and a
 * 数据管理员 (registry_admin) at 石家庄市数据和政务服务局.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"
#include "cli/cli.h"
#include "crypto/pwhash.h"
#include "org/org.h"
#include "registry/registry.h"
#include "web/app.h"

#define DEMO_PERSONS	300
#define DEMO_LEGAL	50
#define DEMO_SEED	2026

static const char *const person_regions[] = { "130102", "130104", "130105",
	"130108", "130109", "130110", "130111", "130123", "130181", NULL };
static const char *const legal_regions[] = { "130102", "130104", "130105",
	"130108", "130100", NULL };

/*
 * The demo public accounts (demo_accounts.c) are registered people and a
 * registered enterprise too, so that registration checks them against
 * the registry and their data-access log (/my/data-access) fills when
 * staff look them up.
 */
static const char *const demo_account_persons[] = {
	"130102198003150017,王建国,汉族,130102,河北省石家庄市长安区建设北大街8号,正常,13803110001\n",
	"130102199208210022,刘晓燕,汉族,130102,河北省石家庄市长安区育才街21号,正常,13903110002\n",
	NULL
};
static const char *const demo_account_legal[] = {
	"91130102400001010E,石家庄长安晨光商贸有限公司,赵立新,200,河北省石家庄市长安区中山东路101号,2015-06-18,存续\n",
	NULL
};

static int
demo_import(struct zw_app *app, zw_conn *c, enum zw_reg reg, int rows,
    char sample[19])
{
	struct zw_reg_import_opts o = { 0 };
	struct zw_actor sys = { 0 };
	struct zw_reg_report rep;
	struct zw_why why = { 0 };
	struct zw_reg_keys keys;
	const char *const *extra;
	char line[1024];
	zw_buf csv;
	int i, rc;

	zw_buf_init(&csv, 1u << 20);
	zw_buf_puts(&csv, reg == ZW_REG_PERSONS ? ZW_REG_PERSONS_HEADER :
	    ZW_REG_LEGAL_HEADER);
	for (i = 0; i < rows; i++) {
		size_t n = reg == ZW_REG_PERSONS ?
		    zw_synth_person(DEMO_SEED, (uint64_t)i, person_regions, line,
		    sizeof(line)) :
		    zw_synth_legal(DEMO_SEED, (uint64_t)i, legal_regions, line,
		    sizeof(line));

		if (i == 0 && n > 18) {
			memcpy(sample, line, 18);
			sample[18] = '\0';
		}
		zw_buf_append(&csv, line, n);
	}
	for (extra = reg == ZW_REG_PERSONS ? demo_account_persons :
	    demo_account_legal; *extra != NULL; extra++)
		zw_buf_puts(&csv, *extra);
	sys.login = "system";
	sys.scope = ZW_SCOPE_ALL;
	o.source = "demo";
	o.file_name = reg == ZW_REG_PERSONS ? "demo-persons.csv" : "demo-legal-persons.csv";
	o.threads = 1;
	zw_registry_keys_derive(app->master_key, &keys);
	rc = zw_registry_import(c, &sys, &keys, reg, csv.p, csv.len, &o, &rep, &why);
	zw_wipe(&keys, sizeof(keys));
	if (rc != ZW_OK)
		fprintf(stderr, "demo registry %s: %s\n", zw_reg_name(reg),
		    why.message ? why.message : zw_strerror(rc));
	zw_reg_report_free(&rep);
	zw_buf_free(&csv);
	return rc;
}

int
zw_demo_registry(struct zw_app *app, zw_conn *c, const char *password,
    bool print)
{
	const char *roles[2] = { "registry_admin", NULL };
	struct zw_actor sys = { 0 };
	struct zw_user_in u = { 0 };
	struct zw_why why = { 0 };
	char pw[64] = "", id[19] = "", uscc[19] = "";
	zw_stmt *s;
	int rc;

	if ((rc = demo_import(app, c, ZW_REG_PERSONS, DEMO_PERSONS, id)) != ZW_OK ||
	    (rc = demo_import(app, c, ZW_REG_LEGAL, DEMO_LEGAL, uscc)) != ZW_OK)
		goto out;
	if (password != NULL && *password)
		zw_strlcpy(pw, password, sizeof(pw));
	else {
		char tok[32];

		zw_random_token(9, tok, sizeof(tok));
		snprintf(pw, sizeof(pw), "Zw%s#7", tok);
	}
	sys.login = "system";
	sys.scope = ZW_SCOPE_ALL;
	sys.perms = ",orgs.manage,users.manage,";
	u.login = "zheng.hui";
	u.name = "郑辉";
	u.title = "数据管理员";
	u.roles = roles;
	u.password = pw;
	if ((rc = zw_tx_begin(c)) != ZW_OK ||
	    (rc = zw_prepare(c, "SELECT id FROM orgs WHERE code = 'sjz-data'", &s)) != ZW_OK)
		goto out;
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	u.org_id = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = zw_user_create(c, &sys, &u, NULL, &why)) != ZW_OK) {
		fprintf(stderr, "demo user %s: %s\n", u.login,
		    why.message ? why.message : zw_strerror(rc));
		goto out;
	}
	if ((rc = zw_tx_commit(c)) != ZW_OK)
		goto out;
	if (print) {
		printf("演示基础库：人口 %d 人，法人 %d 个（合成数据，号码校验位有效），"
		    "可查询如 %s、%s\n", DEMO_PERSONS, DEMO_LEGAL, id, uscc);
		printf("  %-11s %-4s %-22s %-10s 初始密码：%s\n", u.login, u.name,
		    "石家庄市数据和政务服务局", "registry_admin",
		    password && *password ? "（ZHENGWU_ADMIN_PASSWORD）" : pw);
	}
out:
	zw_wipe(pw, sizeof(pw));
	if (zw_in_tx(c))
		zw_tx_rollback(c);
	return rc;
}
