/*
 * demo.c -- demonstration requests for `init --demo`: a request received
 * in person today, an online one waiting for a correction (补正告知), a
 * registered letter received long ago and now overdue (it shows on the
 * supervision dashboard), and one answered (予以公开), all addressed to
 * 石家庄市人民政府办公室 and handled by 李娜.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "disclosure/disclosure.h"
#include "web/app.h"

int
zw_disc_demo_seed(struct zw_app *app, zw_conn *c)
{
	zw_arena *a = zw_arena_new();
	struct zw_user_ctx uc;
	struct zw_actor clerk, anon = { 0 };
	struct zw_disc_env env = { app->cal, app->master_key };
	struct zw_disc_answer ans = { 0 };
	struct zw_disc_in in;
	struct zw_why why = { 0 };
	char no[ZW_DISC_NO_LEN], qc[ZW_DISC_CODE_LEN + 1], old[11], older[11];
	zw_date today = zw_date_of(zw_now());
	int64_t org = 0;
	int rc;

	anon.login = "anonymous";
	anon.ip = "";
	anon.request_id = "";
	if ((rc = zw_actor_load(c, a, "li.na", &uc, &clerk)) != ZW_OK)
		goto out;
	org = clerk.org_id;
	zw_date_fmt(zw_date_add_days(today, -45), old, sizeof(old));
	zw_date_fmt(zw_date_add_days(today, -10), older, sizeof(older));
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	memset(&in, 0, sizeof(in));
	in.org_id = org;
	in.applicant_kind = "person";
	in.name = "刘晓燕";
	in.id_number = "130102199208210022";
	in.phone = "13900139000";
	in.address = "石家庄市长安区建设北大街10号";
	in.description = "石家庄市2026年老旧小区改造项目名单";
	in.delivery = "纸质";
	in.channel = "当面提交";
	in.received_on = older;
	if ((rc = zw_disc_submit(c, &clerk, &env, &in, no, qc, &why)) != ZW_OK)
		goto fail;
	in.channel = NULL;
	in.received_on = NULL;
	in.name = "赵敏";
	in.id_number = "130102198003150017";
	in.delivery = "电子邮件";
	in.email = "zhaomin@example.cn";
	in.description = "关于道路改造的文件";
	if ((rc = zw_disc_submit(c, &anon, &env, &in, no, qc, &why)) != ZW_OK ||
	    (rc = zw_disc_clarify(c, &clerk, &env, no, "请写明所需文件的名称、文号或者"
	    "发布时间，以便查找。请在收到本告知之日起15个工作日内补正。", &why)) != ZW_OK)
		goto fail;
	memset(&in, 0, sizeof(in));
	in.org_id = org;
	in.applicant_kind = "organization";
	in.org_type = "法律服务机构";
	in.name = "河北某律师事务所";
	in.uscc = "91130102400001010E";
	in.legal_rep = "张三";
	in.contact_name = "李四";
	in.phone = "0311-87654321";
	in.address = "石家庄市长安区中山东路1号";
	in.description = "2025年本机关作出的行政复议决定书目录";
	in.delivery = "纸质";
	in.channel = "挂号信";
	in.received_on = old;
	if ((rc = zw_disc_submit(c, &clerk, &env, &in, no, qc, &why)) != ZW_OK)
		goto fail;
	in.description = "2026年市政府常务会议议定事项";
	in.org_type = "商业企业";
	in.name = "石家庄长安晨光商贸有限公司";
	in.channel = "传真";
	in.received_on = older;
	ans.outcome = "已主动公开";
	ans.text = "您申请的信息已在石家庄市人民政府门户网站“政府信息公开”栏目主动公开，"
	    "可登录网站查阅。";
	if ((rc = zw_disc_submit(c, &clerk, &env, &in, no, qc, &why)) != ZW_OK ||
	    (rc = zw_disc_answer(c, &clerk, &env, no, &ans, &why)) != ZW_OK)
		goto fail;
	rc = zw_tx_commit(c);
	goto out;
fail:
	fprintf(stderr, "demo disclosure: %s\n", why.message ? why.message : zw_strerror(rc));
	zw_tx_rollback(c);
out:
	zw_arena_free(a);
	return rc;
}
