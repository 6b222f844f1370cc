/*
 * demo.c -- the portal of the demonstration government (init --demo):
 * 石家庄市人民政府's main site, the sub-sites of 石家庄市行政审批局 and
 * 长安区人民政府, their columns, and some thirty articles of the kinds a
 * government publishes (要闻, 通知公告, 政策文件 and 解读, 人事信息,
 * 财政预决算, 行政许可 results ...).  Most are published, a few are
 * drafts or in review, one is scheduled and one withdrawn.  Articles go
 * through the real workflow (the clerks draft, the leaders publish);
 * their dates are then spread over the past weeks, so that the lists
 * look like a site in use.  Names, addresses and numbers are made up.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/mem.h"
#include "portal/portal_int.h"
#include "web/app.h"

struct demo_col {
	const char *code, *name, *kind;
	int on_home;
};

struct demo_site {
	const char *org, *manager, *office, *address, *phone, *intro;
	const char *leaders[4][3];
	struct demo_col cols[7];
	const char *editor, *publisher;
};

static const struct demo_site sites[] = {
	{ "sjz", "sjz-gov-office", "石家庄市人民政府办公室（市政务公开办公室）", "石家庄市示范路1号",
	  "0311-12345600",
	  "市人民政府是市人民代表大会的执行机关，是市级国家行政机关，"
	  "对市人民代表大会和省人民政府负责并报告工作。",
	  { { "李明", "市长", "主持市政府全面工作。" },
	    { "赵华", "常务副市长", "负责发展改革、财政、审计、政务服务等方面工作。" },
	    { "孙强", "副市长", "负责住房城乡建设、交通运输、生态环境等方面工作。" },
	    { NULL, NULL, NULL } },
	  { { "yaowen", "要闻动态", "news", 1 }, { "tzgg", "通知公告", "notice", 1 },
	    { "zcwj", "政策文件", "policy", 1 }, { "zcjd", "政策解读", "policy", 1 },
	    { "rsxx", "人事信息", "general", 0 }, { "czxx", "财政信息", "disclosure", 0 },
	    { "ghjh", "规划计划", "disclosure", 0 } },
	  "li.na", "zhang.wei" },
	{ "sjz-approval", NULL, "石家庄市行政审批局办公室", "石家庄市示范路88号市民服务中心",
	  "0311-12345688",
	  "负责集中行使市政府有关部门的行政许可事项，推进“一枚印章管审批”，"
	  "优化营商环境。",
	  { { "王芳", "局长", "主持局全面工作。" }, { NULL, NULL, NULL } },
	  { { "tzgg", "通知公告", "notice", 1 }, { "xkgs", "行政许可公示", "disclosure", 1 },
	    { "gzdt", "工作动态", "news", 1 } },
	  "liu.yang", "wang.fang" },
	{ "changan", NULL, "长安区人民政府办公室", "石家庄市长安区示范街6号", "0311-12345666",
	  "区人民政府是区人民代表大会的执行机关，是区级国家行政机关。",
	  { { "周敏", "区长", "主持区政府全面工作。" }, { NULL, NULL, NULL } },
	  { { "qnyw", "区内要闻", "news", 1 }, { "tzgg", "通知公告", "notice", 1 },
	    { "mszc", "民生政策", "policy", 1 } },
	  "sun.li", "zhao.lei" },
};
#define NSITES (sizeof(sites) / sizeof(sites[0]))

struct demo_article {
	int site;		/* index into sites */
	const char *col, *category, *title, *doc_no, *summary, *body;
	int age;		/* days since 生成日期 */
	const char *state;	/* draft, review, scheduled, published, withdrawn */
};

static const struct demo_article articles[] = {
	{ 0, "yaowen", "other", "市政府召开常务会议研究部署优化营商环境等工作", "",
	  "会议研究部署优化营商环境、安全生产和重点项目建设等工作。",
	  "<p>近日，市长李明主持召开市政府常务会议，研究部署优化营商环境、安全生产和重点项目建设等工作。</p>"
	  "<p>会议指出，要持续深化“放管服”改革，推进政务服务“一网通办”，让企业和群众办事更方便。</p>", 3,
	  "published" },
	{ 0, "yaowen", "other", "我市政务服务“一网通办”事项覆盖率达到98%", "",
	  "全市依申请政务服务事项网上可办率达到98%。",
	  "<p>截至目前，全市依申请政务服务事项网上可办率达到98%，平均承诺办理时限压缩至法定时限的40%以内。</p>", 6,
	  "published" },
	{ 0, "yaowen", "other", "市领导调研重点项目建设", "",
	  "调研组实地察看了重点项目建设进展。",
	  "<p>市领导一行深入重点项目建设现场，实地察看工程进度，协调解决项目建设中的困难和问题。</p>", 9,
	  "published" },
	{ 0, "tzgg", "other", "关于2026年国庆节放假安排的通知", "",
	  "国庆节放假安排及值班要求。",
	  "<p>各县（市、区）人民政府，市政府各部门：</p><p>根据国务院办公厅通知精神，现将2026年国庆节放假安排通知如下："
	  "10月1日至7日放假调休，共7天。9月20日（星期日）、10月10日（星期六）上班。</p>"
	  "<p>节假日期间，各单位要妥善安排值班和安全保卫等工作。</p>", 2, "published" },
	{ 0, "tzgg", "public_services", "关于市民服务中心延时服务的公告", "",
	  "市民服务中心工作日中午和周六上午提供延时服务。",
	  "<p>为方便群众办事，自即日起，市民服务中心在工作日中午12:00至14:00、周六上午9:00至12:00提供延时服务。</p>", 12,
	  "published" },
	{ 0, "tzgg", "emergency", "关于做好防汛工作的紧急通知", "",
	  "部署做好汛期防汛救灾工作。",
	  "<p>各县（市、区）人民政府，市政府各部门：</p><p>当前已进入主汛期，为切实做好防汛工作，现就有关事项通知如下：</p>"
	  "<ol><li>压实防汛责任；</li><li>加强监测预警；</li><li>做好应急准备。</li></ol>", 20,
	  "published" },
	{ 0, "tzgg", "procurement", "市政府办公室2026年政务信息化运维服务采购结果公告", "",
	  "政务信息化运维服务采购项目中标结果。",
	  "<p>项目名称：市政府办公室2026年政务信息化运维服务。</p><p>采购方式：公开招标。</p><p>中标金额：人民币壹佰贰拾万元整。</p>", 25,
	  "published" },
	{ 0, "tzgg", "other", "关于开展2026年度政务服务满意度调查的通知", "",
	  "", "<p>为了解群众和企业对政务服务的评价，决定开展年度满意度调查。</p>", 1, "draft" },
	{ 0, "zcwj", "regulations", "石家庄市人民政府关于进一步优化营商环境的若干措施",
	  "石政发〔2026〕3号", "从市场准入、政务服务、要素保障等方面提出20条措施。",
	  "<h2>一、总体要求</h2><p>坚持市场化、法治化、国际化原则，打造一流营商环境。</p>"
	  "<h2>二、主要措施</h2><ul><li>压减企业开办时间至1个工作日以内；</li>"
	  "<li>推行“证照分离”改革全覆盖；</li><li>政务服务事项全部实现网上可办。</li></ul>"
	  "<h2>三、保障措施</h2><p>各地各部门要加强组织领导，确保各项措施落地见效。</p>", 15, "published" },
	{ 0, "zcwj", "regulations", "石家庄市政府信息公开工作规定", "石政办发〔2026〕7号",
	  "规范全市政府信息公开工作。",
	  "<p>第一条 为规范政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本规定。</p>"
	  "<p>第二条 本规定适用于全市各级行政机关。</p>", 30, "published" },
	{ 0, "zcwj", "livelihood", "石家庄市城乡居民医疗保险实施办法", "石政规〔2026〕2号",
	  "明确城乡居民医疗保险的参保范围、筹资标准和待遇。",
	  "<p>第一条 为健全城乡居民医疗保险制度，制定本办法。</p><p>第二条 本市行政区域内未参加职工医疗保险的城乡居民，均可参加城乡居民医疗保险。</p>", 40,
	  "published" },
	{ 0, "zcwj", "regulations", "石家庄市行政规范性文件管理办法（2021年修订）", "石政规〔2021〕5号",
	  "已被新办法替代。", "<p>本办法自2021年起施行。</p>", 45, "published" },
	{ 0, "zcjd", "regulations", "一图读懂《关于进一步优化营商环境的若干措施》", "",
	  "以图解方式解读优化营商环境20条措施。",
	  "<p>近日，市政府印发《关于进一步优化营商环境的若干措施》。现将主要内容解读如下。</p>"
	  "<p><strong>问：</strong>出台背景是什么？</p><p><strong>答：</strong>为贯彻落实国家和省关于优化营商环境的部署。</p>", 14,
	  "published" },
	{ 0, "zcjd", "livelihood", "《城乡居民医疗保险实施办法》政策解读", "",
	  "解读参保范围、缴费标准和待遇水平。",
	  "<p>一、参保范围：本市未参加职工医保的城乡居民。</p><p>二、待遇：政策范围内住院费用报销比例不低于70%。</p>", 38,
	  "review" },
	{ 0, "rsxx", "civil_service", "2026年度石家庄市考试录用公务员拟录用人员公示", "",
	  "公示拟录用人员名单，公示期5个工作日。",
	  "<p>根据公务员录用有关规定，现将拟录用人员予以公示。</p>"
	  "<table><thead><tr><th>序号</th><th>姓名</th><th>拟录用职位</th></tr></thead>"
	  "<tbody><tr><td>1</td><td>张某某</td><td>综合管理岗</td></tr><tr><td>2</td><td>王某某</td><td>政务服务岗</td></tr></tbody></table>", 8,
	  "published" },
	{ 0, "rsxx", "functions", "市政府办公室关于人员任免的通知", "",
	  "人员任免事项。", "<p>经研究决定：任命某某为市政府办公室秘书一科科长。</p>", 10, "withdrawn" },
	{ 0, "czxx", "budget", "石家庄市2026年市级一般公共预算", "",
	  "2026年市级一般公共预算收支情况。",
	  "<table><thead><tr><th>项目</th><th>预算数（万元）</th></tr></thead><tbody>"
	  "<tr><td>一般公共预算收入</td><td>3,250,000</td></tr><tr><td>一般公共预算支出</td><td>4,180,000</td></tr>"
	  "</tbody></table>", 35, "published" },
	{ 0, "czxx", "budget", "石家庄市2025年市级决算", "",
	  "2025年市级一般公共预算决算情况。",
	  "<p>2025年市级一般公共预算收入完成预算的101.2%。</p>", 4, "published" },
	{ 0, "ghjh", "planning", "2026年石家庄市人民政府工作报告", "",
	  "回顾2025年工作，部署2026年重点任务。",
	  "<h2>一、2025年工作回顾</h2><p>过去一年，全市经济运行稳中有进，民生保障持续加强。</p>"
	  "<h2>二、2026年工作安排</h2><p>今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。</p>", 50,
	  "published" },
	{ 0, "ghjh", "statistics", "2026年1—8月全市主要经济指标", "",
	  "1—8月全市规模以上工业增加值等主要指标。",
	  "<p>1—8月，全市规模以上工业增加值同比增长6.1%，社会消费品零售总额同比增长4.8%。</p>", 28,
	  "scheduled" },
	{ 1, "tzgg", "licensing", "关于调整部分行政许可事项办理时限的公告", "",
	  "压缩部分行政许可事项承诺办理时限。",
	  "<p>自即日起，食品经营许可等12个事项承诺办理时限由20个工作日压缩至5个工作日。</p>", 5,
	  "published" },
	{ 1, "xkgs", "licensing", "2026年9月行政许可办理结果公示", "",
	  "公示9月办结的行政许可事项。",
	  "<table><thead><tr><th>许可事项</th><th>申请人</th><th>结果</th><th>决定日期</th></tr></thead><tbody>"
	  "<tr><td>食品经营许可</td><td>某某餐饮有限公司</td><td>准予许可</td><td>2026-09-15</td></tr>"
	  "<tr><td>建筑工程施工许可</td><td>某某置业有限公司</td><td>准予许可</td><td>2026-09-18</td></tr>"
	  "</tbody></table>", 7, "published" },
	{ 1, "xkgs", "licensing", "2026年8月行政许可办理结果公示", "",
	  "公示8月办结的行政许可事项。", "<p>8月共办结行政许可事项1,286件，全部按时办结。</p>", 33,
	  "published" },
	{ 1, "gzdt", "other", "市行政审批局开展“局长走流程”活动", "",
	  "局领导以办事人身份体验办事流程。",
	  "<p>为查找政务服务堵点，局领导以办事人身份体验企业开办全流程。</p>", 11, "published" },
	{ 1, "tzgg", "fees", "行政审批事项收费标准公示", "",
	  "", "<p>本局办理的行政许可事项均不收取费用。</p>", 35, "draft" },
	{ 2, "qnyw", "other", "长安区召开民生实事推进会", "",
	  "推进2026年十项民生实事。", "<p>会议通报了十项民生实事进展情况，部署下一阶段工作。</p>", 4,
	  "published" },
	{ 2, "tzgg", "housing_expropriation", "长安区某片区房屋征收补偿方案（征求意见稿）", "",
	  "公开征求对征收补偿方案的意见。",
	  "<p>为做好某片区改造项目房屋征收工作，现将补偿方案公开征求意见，期限30日。</p>", 13,
	  "published" },
	{ 2, "mszc", "social_assistance", "长安区城乡居民最低生活保障标准调整的通知", "长政发〔2026〕4号",
	  "城市低保标准调整为每人每月900元。",
	  "<p>自2026年7月1日起，城市居民最低生活保障标准由每人每月860元调整为900元。</p>", 22,
	  "published" },
	{ 2, "mszc", "public_security", "长安区关于开展夏季治安巡防工作的通告", "",
	  "开展夏季治安巡防。", "<p>为维护社会治安稳定，决定开展夏季治安巡防工作。</p>", 18, "review" },
};
#define NARTICLES (sizeof(articles) / sizeof(articles[0]))

static int
org_id(zw_conn *c, const char *code, int64_t *id)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT id FROM orgs WHERE code = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_text(s, 1, code, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_portal_demo_seed(struct zw_app *app, zw_conn *c)
{
	zw_arena *a = zw_arena_new();
	struct zw_actor sys;
	struct zw_why why = { 0 };
	int64_t site_ids[NSITES], now = zw_now();
	zw_date today = zw_date_of(now);
	size_t i, j;
	zw_stmt *s;
	int rc;

	zw_portal_system_actor(&sys);
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	for (i = 0; i < NSITES && rc == ZW_OK; i++) {
		struct zw_site_in in = { 0 };
		json_t *leaders = json_array();

		for (j = 0; j < 4 && sites[i].leaders[j][0] != NULL; j++)
			json_array_append_new(leaders, json_pack("{s:s, s:s, s:s}", "name",
			    sites[i].leaders[j][0], "title", sites[i].leaders[j][1],
			    "duties", sites[i].leaders[j][2]));
		if ((rc = org_id(c, sites[i].org, &in.org_id)) == ZW_OK &&
		    sites[i].manager != NULL)
			rc = org_id(c, sites[i].manager, &in.manager_org_id);
		in.is_main = i == 0;
		in.intro = sites[i].intro;
		in.office_name = sites[i].office;
		in.address = sites[i].address;
		in.postcode = "050000";
		in.hours = "工作日 上午9:00—12:00，下午13:30—17:30";
		in.phone = sites[i].phone;
		in.fax = sites[i].phone;
		in.email = "gk@example.gov.cn";
		in.leaders = leaders;
		if (rc == ZW_OK)
			rc = zw_site_create(c, &sys, &in, &site_ids[i], &why);
		json_decref(leaders);
		for (j = 0; j < 7 && sites[i].cols[j].code != NULL && rc == ZW_OK; j++) {
			struct zw_column_in col = { 0 };
			int64_t cid;

			col.site_id = site_ids[i];
			col.code = sites[i].cols[j].code;
			col.name = sites[i].cols[j].name;
			col.kind = sites[i].cols[j].kind;
			col.sort_order = (int64_t)j * 10;
			col.on_home = sites[i].cols[j].on_home;
			rc = zw_column_create(c, &sys, &col, &cid, &why);
		}
	}
	if (rc == ZW_OK)
		rc = zw_tx_commit(c);
	if (rc != ZW_OK) {
		fprintf(stderr, "demo portal sites: %s\n", why.message ? why.message :
		    zw_strerror(rc));
		goto out;
	}
	for (i = 0; i < NARTICLES; i++) {
		const struct demo_article *d = &articles[i];
		struct zw_user_ctx ue, up;
		struct zw_actor editor, publisher;
		struct zw_article_in in = { 0 };
		struct zw_publish_in pub = { 0 };
		char created[11], on[11];
		int64_t id, col, at;

		if ((rc = zw_actor_load(c, a, sites[d->site].editor, &ue, &editor)) ||
		    (rc = zw_actor_load(c, a, sites[d->site].publisher, &up, &publisher)) ||
		    (rc = zw_column_find(c, site_ids[d->site], d->col, false, &col)))
			goto out;
		zw_date_fmt(zw_date_add_days(today, -d->age), created, sizeof(created));
		in.column_id = col;
		in.title = d->title;
		in.summary = d->summary;
		in.body = d->body;
		in.category = d->category;
		in.doc_no = d->doc_no;
		in.created_on = created;
		if (strstr(d->title, "（2021年修订）") != NULL)
			in.validity = "repealed";
		pub.index_format = zw_config_str(app->conf, "portal_index_format");
		if (strcmp(d->state, "scheduled") == 0)
			pub.publish_at = now + 3 * 86400;
		if ((rc = zw_tx_begin(c)) != ZW_OK)
			goto out;
		pthread_rwlock_rdlock(&app->cal_lock);
		rc = zw_article_create(c, &editor, app->cal, &in, &id, &why);
		pthread_rwlock_unlock(&app->cal_lock);
		if (rc == ZW_OK && strcmp(d->state, "draft") != 0)
			rc = zw_article_submit(c, &editor, id, &why);
		if (rc == ZW_OK && strcmp(d->state, "draft") != 0 &&
		    strcmp(d->state, "review") != 0)
			rc = zw_article_publish(c, &publisher, id, &pub, &why);
		if (rc == ZW_OK && strcmp(d->state, "withdrawn") == 0)
			rc = zw_article_withdraw(c, &publisher, id, "人员信息有误，更正后重新发布",
			    &why);
		/* spread publication over the days after 生成日期 */
		if (rc == ZW_OK && (strcmp(d->state, "published") == 0 ||
		    strcmp(d->state, "withdrawn") == 0)) {
			at = now - (int64_t)(d->age > 1 ? d->age - 1 : 0) * 86400 -
			    (int64_t)i * 600;
			zw_date_fmt(zw_date_of(at), on, sizeof(on));
			rc = zw_prepare(c, "UPDATE articles SET published_at = ?, "
			    "published_on = ? WHERE id = ?", &s);
			if (rc == ZW_OK) {
				zw_bind_int(s, 1, at);
				zw_bind_text(s, 2, on, (size_t)-1);
				zw_bind_int(s, 3, id);
				rc = zw_step(s) < 0 ? ZW_EDB : ZW_OK;
			}
		}
		if (rc != ZW_OK) {
			zw_tx_rollback(c);
			fprintf(stderr, "demo article %zu: %s\n", i + 1,
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
