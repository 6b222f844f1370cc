/*
 * demo.c -- demonstration letters for `init --demo`, taken through the
 * real workflow: a 咨询 to the mayor's mailbox routed to the 行政审批局,
 * answered, rated and published; a 投诉 routed and still open; a 建议
 * to the 行政审批局 waiting.
 */
#include <string.h>

#include "base/config.h"
#include "letters/letters.h"
#include "web/app.h"

int
zw_letters_demo(struct zw_app *app, zw_conn *c)
{
	static const struct {
		const char *cat, *org, *leader, *name, *phone, *subject, *content;
		const char *route_to, *reply;
		bool consent, rate, publish;
	} demo[] = {
		{ "咨询", "sjz", "李明", "王建国", "13803110001",
		  "企业开办可以全程网上办理吗？",
		  "您好，我准备在长安区开办一家商贸公司，请问营业执照、印章刻制和税务登记能否全程网上办理？大约需要几天？",
		  "sjz-approval",
		  "您好！我市已实现企业开办“一网通办”。通过石家庄市政务服务网“企业开办”专区可一次提交营业执照、"
		  "印章刻制、发票申领和社保登记，材料齐全的1个工作日内办结。如有疑问请拨打0311-12345688。",
		  true, true, true },
		{ "投诉", "sjz", "李明", "刘晓燕", "13903110002",
		  "市民服务中心周六窗口开放不足",
		  "周六到市民服务中心办理居住证，只开放了两个窗口，排队两个多小时，希望增加周末窗口。",
		  "sjz-approval", NULL, true, false, false },
		{ "建议", "sjz-approval", "", "张明", "13703110003",
		  "建议在政务服务网增加办件进度短信提醒",
		  "网上申请后希望每个环节都有短信提醒，方便及时补正材料。", NULL, NULL, false,
		  false, false },
	};
	static const char *const keys[ZW_LETTER_NCAT] = { "letters_days_consult",
		"letters_days_suggest", "letters_days_complaint", "letters_days_help",
		"letters_days_report" };
	struct zw_letters_env env = { 0 };
	struct zw_actor anon = { 0 }, office, dept;
	struct zw_user_ctx uo, ud;
	zw_arena *a = zw_arena_new();
	struct zw_why why = { 0 };
	size_t i;
	int rc, k;

	env.cal = app->cal;
	for (k = 0; k < ZW_LETTER_NCAT; k++)
		env.days[k] = (int)zw_config_int(app->conf, keys[k]);
	anon.login = "anonymous";
	anon.ip = "";
	anon.request_id = "";
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	if ((rc = zw_actor_load(c, a, "li.na", &uo, &office)) != ZW_OK ||
	    (rc = zw_actor_load(c, a, "liu.yang", &ud, &dept)) != ZW_OK)
		goto out;
	for (i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
		char no[ZW_LETTER_NO_LEN], code[ZW_LETTER_CODE_LEN + 1];
		struct zw_letter_in in = { 0 };
		int64_t id = 0, org = 0, to = 0;
		zw_stmt *s;

		if ((rc = zw_prepare(c, "SELECT (SELECT id FROM orgs WHERE code = ?), "
		    "COALESCE((SELECT id FROM orgs WHERE code = ?), 0)", &s)) != ZW_OK)
			goto out;
		zw_bind_text(s, 1, demo[i].org, (size_t)-1);
		zw_bind_text(s, 2, demo[i].route_to ? demo[i].route_to : "", (size_t)-1);
		if ((rc = zw_step(s)) != ZW_ROW) {
			rc = rc < 0 ? rc : ZW_ENOTFOUND;
			goto out;
		}
		org = zw_col_int(s, 0);
		to = zw_col_int(s, 1);
		zw_reset(s);
		in.category = demo[i].cat;
		in.target_org_id = org;
		in.leader = demo[i].leader;
		in.name = demo[i].name;
		in.phone = demo[i].phone;
		in.subject = demo[i].subject;
		in.content = demo[i].content;
		in.public_consent = demo[i].consent;
		in.client_ip = "";
		if ((rc = zw_letter_submit(c, &anon, &env, &in, no, code, &id, &why)) ||
		    (to > 0 && (rc = zw_letter_route(c, &office, id, to, "属市行政审批局职责",
		    &why))) || (demo[i].reply != NULL &&
		    (rc = zw_letter_reply(c, &dept, id, demo[i].reply, &why))) ||
		    (demo[i].rate && (rc = zw_letter_rate(c, &anon, no, code, "满意",
		    &why))) || (demo[i].publish &&
		    (rc = zw_letter_publish(c, &dept, id, &why))))
			goto out;
	}
	rc = zw_tx_commit(c);
out:
	if (rc != ZW_OK && zw_in_tx(c))
		zw_tx_rollback(c);
	zw_arena_free(a);
	return rc;
}
