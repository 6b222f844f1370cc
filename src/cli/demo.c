/*
 * demo.c -- the demonstration government for `init --demo`:
 * 河北省 -> 石家庄市 -> 长安区, a dozen departments with their 机关代字,
 * and a user for every role.  Identifiers are generated valid (GB 32100
 * check characters computed), never copied from real bodies.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/supervise.h"
#include "catalog/catalog.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"
#include "cli/cli.h"
#include "crypto/pwhash.h"
#include "disclosure/disclosure.h"
#include "documents/documents.h"
#include "letters/letters.h"
#include "org/org.h"
#include "portal/portal.h"
#include "surveys/surveys.h"
#include "web/app.h"

void zw_demo_uscc(const char *region, int seq, char out[19]);
int zw_demo_items(struct zw_app *app, zw_conn *c, bool print);

static const struct demo_org {
	const char *code, *name, *short_name, *region, *kind;
	int parent;		/* index into this table, -1 = top */
} demo_orgs[] = {
	/* 0 */ { "hebei", "河北省人民政府", "冀政", "130000", "government", -1 },
	/* 1 */ { "hebei-gov-office", "河北省人民政府办公厅", "冀政办", "130000", "department", 0 },
	/* 2 */ { "hebei-drc", "河北省发展和改革委员会", "冀发改", "130000", "department", 0 },
	/* 3 */ { "hebei-samr", "河北省市场监督管理局", "冀市监", "130000", "department", 0 },
	/* 4 */ { "sjz", "石家庄市人民政府", "石政", "130100", "government", 0 },
	/* 5 */ { "sjz-gov-office", "石家庄市人民政府办公室", "石政办", "130100", "department", 4 },
	/* 6 */ { "sjz-approval", "石家庄市行政审批局", "石审批", "130100", "department", 4 },
	/* 7 */ { "sjz-psb", "石家庄市公安局", "石公", "130100", "department", 4 },
	/* 8 */ { "sjz-samr", "石家庄市市场监督管理局", "石市监", "130100", "department", 4 },
	/* 9 */ { "sjz-data", "石家庄市数据和政务服务局", "石数政", "130100", "department", 4 },
	/* 10 */ { "changan", "石家庄市长安区人民政府", "长政", "130102", "government", 4 },
	/* 11 */ { "changan-gov-office", "长安区人民政府办公室", "长政办", "130102", "department", 10 },
	/* 12 */ { "changan-approval", "长安区行政审批局", "长审批", "130102", "department", 10 },
	/* 13 */ { "changan-civil", "长安区民政局", "长民", "130102", "department", 10 },
	/* departments providing catalog resources (src/catalog/demo.c) */
	/* 14 */ { "sjz-hrss", "石家庄市人力资源和社会保障局", "石人社", "130100", "department", 4 },
	/* 15 */ { "sjz-health", "石家庄市卫生健康委员会", "石卫健", "130100", "department", 4 },
	/* 16 */ { "sjz-nr", "石家庄市自然资源和规划局", "石自然资源", "130100", "department", 4 },
	/* 17 */ { "sjz-tax", "国家税务总局石家庄市税务局", "石税", "130100", "department", 4 },
};
#define NORGS (sizeof(demo_orgs) / sizeof(demo_orgs[0]))

static const struct demo_user {
	const char *login, *name, *title, *role;
	int org;
} demo_users[] = {
	{ "zhang.wei", "张伟", "副秘书长", "leader", 5 },
	{ "li.na", "李娜", "科员", "clerk", 5 },
	{ "wang.fang", "王芳", "局长", "leader", 6 },
	{ "liu.yang", "刘洋", "窗口工作人员", "clerk", 6 },
	{ "chen.jing", "陈静", "监察员", "supervisor", 9 },
	{ "zhao.lei", "赵磊", "主任", "leader", 11 },
	{ "sun.li", "孙丽", "科员", "clerk", 12 },
	{ "zhou.qiang", "周强", "科员", "clerk", 13 },
	{ "wu.min", "吴敏", "处长", "leader", 1 },
	{ "xu.tao", "徐涛", "科员", "clerk", 3 },
};
#define NUSERS (sizeof(demo_users) / sizeof(demo_users[0]))

/* Documents in every state, drafted by 李娜 (石家庄市人民政府办公室),
 * signed by 张伟, sent to 石家庄市行政审批局 and 长安区行政审批局. */
static int
demo_documents(struct zw_app *app, zw_conn *c, const int64_t *ids)
{
	static const struct {
		const char *type, *title, *body, *urgency, *state;
	} docs[] = {
		{ "通知", "关于开展2026年度政务服务满意度调查的通知",
		  "各有关单位：\n为了解群众和企业对政务服务的评价，决定开展年度满意度调查。", "", "draft" },
		{ "通知", "关于做好2026年元旦春节期间值班工作的通知",
		  "各有关单位：\n现就元旦春节期间值班工作通知如下。", "", "reviewing" },
		{ "函", "关于商请提供行政许可事项办理数据的函",
		  "石家庄市行政审批局：\n为编制年度报告，请提供本年度行政许可事项办理数据。", "", "signed" },
		{ "通知", "关于进一步优化营商环境工作的通知",
		  "各有关单位：\n为进一步优化营商环境，现提出以下要求。", "加急", "received" },
		{ "通报", "关于2026年第三季度政务服务工作情况的通报",
		  "各有关单位：\n现将第三季度政务服务工作情况通报如下。", "", "archived" },
	};
	zw_arena *a = zw_arena_new();
	struct zw_user_ctx uc, ul, ur;
	struct zw_actor clerk, leader, recv;
	struct zw_why why = { 0 };
	int64_t main_to[1] = { ids[6] }, cc_to[1] = { ids[12] }, id, did;
	char ano[128];
	size_t i;
	int rc;

	if ((rc = zw_actor_load(c, a, "li.na", &uc, &clerk)) != ZW_OK ||
	    (rc = zw_actor_load(c, a, "zhang.wei", &ul, &leader)) != ZW_OK ||
	    (rc = zw_actor_load(c, a, "liu.yang", &ur, &recv)) != ZW_OK)
		goto out;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct zw_doc_in in = { 0 };
		const char *st = docs[i].state;
		int64_t rv[1] = { leader.id };

		in.doc_type = docs[i].type;
		in.title = docs[i].title;
		in.body = docs[i].body;
		in.urgency = docs[i].urgency;
		in.main_to = main_to;
		in.n_main = 1;
		in.cc_to = cc_to;
		in.n_cc = strcmp(docs[i].type, "函") ? 1 : 0;
		if ((rc = zw_tx_begin(c)) != ZW_OK)
			goto out;
		rc = zw_doc_create(c, &clerk, &in, &id, &why);
		if (rc == ZW_OK && strcmp(st, "draft"))
			rc = zw_doc_submit(c, &clerk, id, rv, 1, &why);
		if (rc == ZW_OK && strcmp(st, "draft") && strcmp(st, "reviewing"))
			rc = zw_doc_review(c, &leader, id, true, "同意", &why);
		if (rc == ZW_OK && strcmp(st, "draft") && strcmp(st, "reviewing"))
			rc = zw_doc_sign_off(c, &leader, id, "同意印发", &why);
		if (rc == ZW_OK && (!strcmp(st, "received") || !strcmp(st, "archived")))
			rc = zw_doc_issue(c, &clerk, id, app->datadir, app->master_key,
			    app->cal, &why);
		if (rc == ZW_OK && !strcmp(st, "archived"))
			rc = zw_doc_archive(c, &clerk, id, "D30", ano, sizeof(ano), &why);
		if (rc == ZW_OK && !strcmp(st, "received")) {
			zw_stmt *s;

			rc = zw_prepare(c, "SELECT id FROM deliveries WHERE doc_id = ? AND "
			    "to_org_id = ?", &s);
			if (rc == ZW_OK) {
				zw_bind_int(s, 1, id);
				zw_bind_int(s, 2, ids[6]);
				rc = zw_step(s) == ZW_ROW ? ZW_OK : ZW_EDB;
				did = zw_col_int(s, 0);
				zw_reset(s);
				if (rc == ZW_OK)
					rc = zw_delivery_receive(c, &recv, did, &why);
			}
		}
		if (rc != ZW_OK) {
			zw_tx_rollback(c);
			fprintf(stderr, "demo document %zu: %s\n", i + 1,
			    why.message ? why.message : zw_strerror(rc));
			goto out;
		}
		if ((rc = zw_tx_commit(c)) != ZW_OK)
			goto out;
	}
out:
	zw_arena_free(a);
	return rc;
}

int
zw_demo_seed(struct zw_app *app, const char *password, bool print)
{
	struct zw_actor sys = { 0 };
	struct zw_why why = { 0 };
	int64_t ids[NORGS];
	char pw[NUSERS][64];
	zw_conn *c;
	size_t i;
	int rc;

	sys.login = "system";
	sys.scope = ZW_SCOPE_ALL;
	sys.perms = ",orgs.manage,users.manage,";
	if ((rc = zw_conn_get(app->db, 10000, &c)) != ZW_OK)
		return rc;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	for (i = 0; i < NORGS; i++) {
		struct zw_org_in in = { 0 };
		char uscc[19];

		zw_demo_uscc(demo_orgs[i].region, (int)i + 1, uscc);
		in.code = demo_orgs[i].code;
		in.name = demo_orgs[i].name;
		in.short_name = demo_orgs[i].short_name;
		in.region_code = demo_orgs[i].region;
		in.kind = demo_orgs[i].kind;
		in.uscc = uscc;
		in.sort_order = (int64_t)i;
		in.parent_id = demo_orgs[i].parent < 0 ? 0 : ids[demo_orgs[i].parent];
		if ((rc = zw_org_create(c, &sys, &in, app->master_key, &ids[i], &why))) {
			fprintf(stderr, "demo org %s: %s\n", in.code,
			    why.message ? why.message : zw_strerror(rc));
			goto out;
		}
	}
	for (i = 0; i < NUSERS; i++) {
		const char *roles[2] = { demo_users[i].role, NULL };
		struct zw_user_in u = { 0 };

		if (password != NULL && *password)
			zw_strlcpy(pw[i], password, sizeof(pw[i]));
		else {
			char tok[32];

			zw_random_token(9, tok, sizeof(tok));
			snprintf(pw[i], sizeof(pw[i]), "Zw%s#7", tok);
		}
		u.login = demo_users[i].login;
		u.name = demo_users[i].name;
		u.title = demo_users[i].title;
		u.org_id = ids[demo_users[i].org];
		u.roles = roles;
		u.password = pw[i];
		if ((rc = zw_user_create(c, &sys, &u, NULL, &why)) != ZW_OK) {
			fprintf(stderr, "demo user %s: %s\n", u.login,
			    why.message ? why.message : zw_strerror(rc));
			goto out;
		}
	}
	if ((rc = zw_tx_commit(c)) != ZW_OK ||
	    (rc = demo_documents(app, c, ids)) != ZW_OK ||
	    (rc = zw_portal_demo_seed(app, c)) != ZW_OK)
		goto out;
	/* supervision and ratings last: they use the demo applications */
	if ((rc = zw_supervision_demo(app, c)) != ZW_OK)
		goto out;
	if (print) {
		printf("演示政府：河北省 → 石家庄市 → 长安区，%zu 个机构，5 件公文（各环节）\n",
		    NORGS);
		printf("演示用户（首次登录须修改密码）：\n");
		for (i = 0; i < NUSERS; i++)
			printf("  %-11s %-4s %-22s %-10s 初始密码：%s\n",
			    demo_users[i].login, demo_users[i].name,
			    demo_orgs[demo_users[i].org].name, demo_users[i].role,
			    password && *password ? "（ZHENGWU_ADMIN_PASSWORD）" : pw[i]);
	}
	/* the registries first: the public accounts are checked against them */
	if ((rc = zw_demo_registry(app, c, password, print)) != ZW_OK)
		goto out;
	if ((rc = zw_demo_accounts(c, password, print)) != ZW_OK)
		goto out;
	/* service items (政务服务事项) and 网上咨询: demo_items.c */
	if ((rc = zw_demo_items(app, c, print)) != ZW_OK)
		goto out;
	/* letters (领导信箱): src/letters/demo.c */
	if ((rc = zw_letters_demo(app, c)) != ZW_OK)
		goto out;
	/* 依申请公开: src/disclosure/demo.c */
	if ((rc = zw_disc_demo_seed(app, c)) != ZW_OK)
		goto out;
	/* 征集调查: src/surveys/demo.c */
	if ((rc = zw_survey_demo_seed(c)) != ZW_OK)
		goto out;
	/* the information-resource catalog and its grants (src/catalog) */
	rc = zw_catalog_demo_seed(c, app->cal);
	if (rc == ZW_OK && print)
		printf("信息资源目录：27 项（人口、法人基础信息等），已为市政府办公室、"
		    "市行政审批局开通基础库查询授权\n");
out:
	for (i = 0; i < NUSERS; i++)
		zw_wipe(pw[i], sizeof(pw[i]));
	if (zw_in_tx(c))
		zw_tx_rollback(c);
	zw_conn_put(c);
	return rc;
}
