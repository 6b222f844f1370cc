/*
 * demo.c -- the demonstration government's 征集调查: an open
 * consultation on a draft regulation (anonymous answers allowed) and a
 * closed satisfaction survey, both of 石家庄市人民政府办公厅.
 */
#include <string.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/json.h"
#include "surveys/surveys.h"

static int
demo_one(zw_conn *c, const struct zw_actor *sys, const char *json,
    int64_t opens, int64_t closes, bool publish)
{
	struct zw_why why = { 0 };
	char o[40], cl[40];
	json_t *in = json_loads(json, 0, NULL);
	int64_t id;
	int rc;

	if (in == NULL)
		return ZW_EINVAL;
	zw_time_rfc3339(opens, o, sizeof(o));
	zw_time_rfc3339(closes, cl, sizeof(cl));
	json_object_set_new(in, "opens_at", json_string(o));
	json_object_set_new(in, "closes_at", json_string(cl));
	rc = zw_survey_create(c, sys, in, &id, &why);
	json_decref(in);
	if (rc == ZW_OK && publish)
		rc = zw_survey_publish(c, sys, id, &why);
	return rc;
}

int
zw_survey_demo_seed(zw_conn *c)
{
	struct zw_actor sys;
	int64_t now = zw_now(), org = 0;
	zw_stmt *s;
	int rc;

	memset(&sys, 0, sizeof(sys));
	sys.login = "system";
	sys.scope = ZW_SCOPE_ALL;
	sys.perms = ",surveys.manage,";
	sys.ip = "";
	sys.request_id = "";
	if ((rc = zw_prepare(c, "SELECT id FROM orgs WHERE code = 'sjz-gov-office'",
	    &s)) != ZW_OK)
		return rc;
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_OK;	/* no such org: nothing to seed */
	org = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		return rc;
	{
		json_t *a = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:[{s:s, s:s, "
		    "s:[s,s,s], s:b}, {s:s, s:s, s:[s,s,s,s], s:i}, {s:s, s:s, s:i}]}",
		    "org_id", (json_int_t)org, "kind", "consultation",
		    "title", "关于《石家庄市城市养犬管理规定（征求意见稿）》公开征求意见",
		    "description", "为进一步规范养犬行为，市政府办公室起草了《石家庄市城市养犬管理规定（征求意见稿）》，现向社会公开征求意见。",
		    "draft_text", "第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会公共秩序，制定本规定。\n第二条 本市城市建成区内的养犬管理，适用本规定。\n第三条 养犬人应当依法登记，携犬出户应当束犬链并即时清除犬只排泄物。",
		    "anonymous", 1,
		    "questions",
		    "kind", "single", "title", "您对征求意见稿总体是否赞成？",
		    "options", "赞成", "基本赞成", "不赞成", "required", 1,
		    "kind", "multiple", "title", "您最关注哪些方面？（最多两项）",
		    "options", "犬只登记", "文明养犬", "禁养犬种", "执法监督",
		    "max_selections", 2,
		    "kind", "text", "title", "您的具体修改意见", "max_length", 1000);
		json_t *b = json_pack("{s:I, s:s, s:s, s:s, s:b, s:[{s:s, s:s, "
		    "s:[s,s,s,s], s:b}]}",
		    "org_id", (json_int_t)org, "kind", "survey",
		    "title", "政务服务“一网通办”满意度调查",
		    "description", "了解群众和企业对网上办事的评价，持续改进政务服务。",
		    "anonymous", 0,
		    "questions",
		    "kind", "single", "title", "您对网上办事的总体评价是？",
		    "options", "非常满意", "满意", "一般", "不满意", "required", 1);
		zw_arena *ar = zw_arena_new();
		const char *ja = zw_json_dump(ar, a), *jb = zw_json_dump(ar, b);

		json_decref(a);
		json_decref(b);
		rc = demo_one(c, &sys, ja, now - 86400, now + 30 * 86400, true);
		if (rc == ZW_OK)
			rc = demo_one(c, &sys, jb, now + 86400, now + 20 * 86400, true);
		zw_arena_free(ar);
	}
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		return rc;
	}
	return zw_tx_commit(c);
}
