/*
 * handle.c -- handling an application under 行政许可法 (standards.md
 * §3.1): 受理 / 不予受理 / 一次性补正告知 (第三十二条), 审查 steps, joint
 * handling (第四十二条 45 + 15 days), 特别程序 that stop the clock
 * (第四十五条), one extension (第四十二条), 决定 (第三十八条), 送达
 * (第四十四条), and deemed acceptance when intake is late (第三十二条).
 */
#include <stdio.h>
#include <string.h>

#include "approvals/apps_int.h"
#include "approvals/deadline.h"
#include "approvals/items.h"
#include "approvals/supervise.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "org/org_int.h"

/* 第四十五条: the procedures that do not count toward the limit. */
static const char *const special_kinds[] = {
	"听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审", NULL
};

#define APPEAL_RIGHTS "如不服本决定，可以自收到之日起六十日内依法申请行政复议，" \
	"或者六个月内依法向人民法院提起行政诉讼。"

static const char *
date_cn(zw_arena *a, zw_date d)
{
	char buf[32];

	zw_date_fmt_cn(d, buf, sizeof(buf));
	return zw_astrdup(a, buf);
}

static int
state_is(const struct zw_app_row *r, const char *want, struct zw_why *why,
    const char *msg)
{
	if (strcmp(r->status, want) == 0)
		return ZW_OK;
	ZW_WHY(why, "wrong_state", msg, NULL);
	return ZW_ESTATE;
}

static int
audit(zw_conn *c, const struct zw_actor *who, const char *action,
    const struct zw_app_row *r, json_t *extra)
{
	json_t *d = extra != NULL ? extra : json_object();
	int rc;

	json_object_set_new(d, "no", json_string(r->no));
	rc = zw_actor_audit(c, who, action, "application", r->id, "success", d);
	json_decref(d);
	return rc;
}

/* Item name and organization name of the case, for notice texts. */
static void
names(zw_conn *c, zw_arena *a, const struct zw_app_row *r, const char **item,
    const char **org, const char **applicant)
{
	zw_stmt *s;

	*item = *org = *applicant = "";
	if (zw_prepare(c, "SELECT v.name, o.name, a.applicant_name FROM "
	    "applications a JOIN item_versions v ON v.id = a.item_version_id "
	    "JOIN orgs o ON o.id = a.org_id WHERE a.id = ?", &s) != ZW_OK)
		return;
	zw_bind_int(s, 1, r->id);
	if (zw_step(s) == ZW_ROW) {
		*item = zw_astrdup(a, zw_col_text(s, 0));
		*org = zw_astrdup(a, zw_col_text(s, 1));
		*applicant = zw_astrdup(a, zw_col_text(s, 2));
		zw_reset(s);
	}
}

/* Stored deadlines of the case (after zw_app_store_clock). */
static void
deadlines(zw_conn *c, zw_arena *a, int64_t id, const char **promised,
    const char **legal)
{
	zw_stmt *s;

	*promised = *legal = "";
	if (zw_prepare(c, "SELECT promised_deadline, legal_deadline FROM "
	    "applications WHERE id = ?", &s) != ZW_OK)
		return;
	zw_bind_int(s, 1, id);
	if (zw_step(s) == ZW_ROW) {
		*promised = zw_astrdup(a, zw_col_text(s, 0));
		*legal = zw_astrdup(a, zw_col_text(s, 1));
		zw_reset(s);
	}
}

/* The joint-handling steps of the item's co-departments (第四十二条). */
static int
open_joint_steps(zw_conn *c, const struct zw_apps_env *env,
    const struct zw_app_row *r)
{
	json_t *ver = NULL, *co, *e;
	zw_stmt *s;
	size_t i;
	int rc;

	if (!r->joint)
		return ZW_OK;
	if ((rc = zw_item_version_json(c, r->item_version_id, &ver)) != ZW_OK)
		return rc;
	co = json_object_get(ver, "co_orgs");
	rc = zw_prepare(c, "INSERT INTO application_steps (app_id, kind, org_id, "
	    "title, days, deadline, created_at) VALUES (?, 'joint', ?, ?, ?, ?, ?)",
	    &s);
	json_array_foreach(co, i, e) {
		int64_t days = zw_json_int(e, "days");
		char dl[11];

		if (rc != ZW_OK)
			break;
		if (days <= 0)
			days = r->promised_days;
		zw_date_fmt(zw_add_working_days(env->cal, r->accepted_on,
		    r->suspended_days + (int)days), dl, sizeof(dl));
		zw_bind_int(s, 1, r->id);
		zw_bind_int(s, 2, zw_json_int(e, "org_id"));
		zw_bind_text(s, 3, "联合审批会办意见", (size_t)-1);
		zw_bind_int(s, 4, days);
		zw_bind_text(s, 5, dl, (size_t)-1);
		zw_bind_int(s, 6, zw_now());
		if (zw_step(s) < 0)
			rc = ZW_EDB;
	}
	json_decref(ver);
	return rc;
}

/* Accept from `on` (deemed or not): the clock starts, notices go out. */
static int
do_accept(zw_conn *c, const struct zw_actor *who, const struct zw_apps_env *env,
    struct zw_app_row *r, zw_date on, bool deemed, struct zw_why *why)
{
	zw_arena *a = zw_arena_new();
	const char *item, *org, *applicant, *promised, *legal, *body;
	char on_s[11];
	zw_stmt *s;
	int rc;

	zw_date_fmt(on, on_s, sizeof(on_s));
	rc = zw_prepare(c, "UPDATE applications SET status = 'accepted', "
	    "accepted_at = ?, accepted_on = ?, deemed_accepted = ?, "
	    "intake_deadline = NULL, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, zw_now());
	zw_bind_text(s, 2, on_s, (size_t)-1);
	zw_bind_int(s, 3, deemed ? 1 : 0);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, r->id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	zw_strlcpy(r->status, "accepted", sizeof(r->status));
	r->accepted = true;
	r->accepted_on = on;
	if ((rc = zw_app_store_clock(c, env, r, zw_app_today())) != ZW_OK ||
	    (rc = open_joint_steps(c, env, r)) != ZW_OK)
		goto out;
	names(c, a, r, &item, &org, &applicant);
	deadlines(c, a, r->id, &promised, &legal);
	if (deemed)
		body = zw_aprintf(a, "%s：\n你（单位）提交的《%s》申请（申请编号 %s），"
		    "本机关未在五个工作日内作出受理决定或者告知补正。根据《中华人民共和国"
		    "行政许可法》第三十二条第一款第（四）项的规定，自收到申请材料之日"
		    "（%s）起即为受理。本机关将于%s前作出决定（法定期限至%s）。",
		    applicant, item, r->no, date_cn(a, on), promised, legal);
	else if (r->promised_days == 0)
		body = zw_aprintf(a, "%s：\n你（单位）提交的《%s》申请（申请编号 %s），"
		    "申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条"
		    "的规定，决定予以受理，并当场作出决定（即办件）。", applicant, item, r->no);
	else
		body = zw_aprintf(a, "%s：\n你（单位）提交的《%s》申请（申请编号 %s），"
		    "经审查，申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》"
		    "第三十二条的规定，决定予以受理。本机关将于%s前作出决定（法定期限至%s）"
		    "%s。", applicant, item, r->no, promised, legal, r->joint ?
		    "，本事项由多个部门联合办理" : "");
	if ((rc = zw_app_issue_notice(c, env, r, "受理通知书", body, NULL, 0,
	    why)) != ZW_OK)
		goto out;
	if ((rc = zw_app_event(c, r->id, who, deemed ? "视为受理" : "受理",
	    deemed ? zw_aprintf(a, "逾期未作出受理决定，自%s起视为受理", on_s) :
	    zw_aprintf(a, "承诺办结期限 %s", promised), true)) != ZW_OK ||
	    (rc = zw_app_tell(c, r, deemed ? "已视为受理" : "已受理",
	    zw_aprintf(a, "您的申请已受理，承诺于%s前办结。受理通知书可在“我的办件”"
	    "中查看和打印。", promised))) != ZW_OK)
		goto out;
	rc = audit(c, who, deemed ? "application.deemed_accept" : "application.accept",
	    r, json_pack("{s:s}", "accepted_on", on_s));
out:
	zw_arena_free(a);
	return rc;
}

int
zw_app_accept(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, struct zw_why *why)
{
	struct zw_app_row r;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_lead_staff(c, who, &r)) != ZW_OK)
		return rc;
	if ((rc = state_is(&r, "submitted", why, strcmp(r.status, "correction") == 0 ?
	    "已告知补正，须待申请人补正材料后再受理" :
	    "只有待受理的申请可以受理")) != ZW_OK)
		return rc;
	return do_accept(c, who, env, &r, zw_app_today(), false, why);
}

static int
close_case(zw_conn *c, int64_t id, const char *status)
{
	char today[11];
	zw_stmt *s;
	int rc;

	zw_date_fmt(zw_app_today(), today, sizeof(today));
	rc = zw_prepare(c, "UPDATE applications SET status = ?, closed_at = ?, "
	    "closed_on = ?, warn_on = NULL, yellow_on = NULL, red_on = NULL, "
	    "intake_deadline = NULL, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, status, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_text(s, 3, today, (size_t)-1);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	return zw_supervision_resolve(c, id);
}

int
zw_app_reject(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, const char *reason,
    struct zw_why *why)
{
	zw_arena *a;
	struct zw_app_row r;
	const char *item, *org, *applicant;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_lead_staff(c, who, &r)) != ZW_OK)
		return rc;
	if (strcmp(r.status, "correction") != 0 &&
	    (rc = state_is(&r, "submitted", why, "只有待受理的申请可以不予受理")) != ZW_OK)
		return rc;
	/* §3.3: a refusal without a reason is a violation (红牌). */
	if (reason == NULL || zw_app_blank(reason)) {
		ZW_WHY(why, "reason_required", "不予受理必须说明理由（行政许可法第三十二条）",
		    "reason");
		return ZW_EINVAL;
	}
	a = zw_arena_new();
	names(c, a, &r, &item, &org, &applicant);
	if ((rc = close_case(c, r.id, "rejected")) != ZW_OK ||
	    (rc = zw_app_issue_notice(c, env, &r, "不予受理通知书", zw_aprintf(a,
	    "%s：\n你（单位）提交的《%s》申请（申请编号 %s），经审查：%s。根据《中华人民"
	    "共和国行政许可法》第三十二条的规定，决定不予受理。" APPEAL_RIGHTS,
	    applicant, item, r.no, reason), NULL, 0, why)) != ZW_OK ||
	    (rc = zw_app_event(c, r.id, who, "不予受理", reason, true)) != ZW_OK ||
	    (rc = zw_app_tell(c, &r, "不予受理", zw_aprintf(a, "理由：%s。不予受理"
	    "通知书可在“我的办件”中查看。", reason))) != ZW_OK)
		goto out;
	rc = audit(c, who, "application.reject", &r, json_pack("{s:s}", "reason", reason));
out:
	zw_arena_free(a);
	return rc;
}

int
zw_app_request_correction(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, json_t *items,
    struct zw_why *why)
{
	zw_arena *a;
	struct zw_app_row r;
	const char *item, *org, *applicant;
	zw_buf list;
	json_t *e;
	zw_stmt *s;
	size_t i;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_lead_staff(c, who, &r)) != ZW_OK)
		return rc;
	/* 第三十二条: everything to fix in ONE notice; a second is refused. */
	if (r.corrections > 0) {
		ZW_WHY(why, "second_correction", "已发出过一次性补正告知，不得再次要求补正"
		    "（行政许可法第三十二条）", NULL);
		return ZW_ESTATE;
	}
	if ((rc = state_is(&r, "submitted", why, "只有待受理的申请可以要求补正")) != ZW_OK)
		return rc;
	if (!json_is_array(items) || json_array_size(items) == 0 ||
	    json_array_size(items) > ZW_APP_MAX_CORRECTION_ITEMS) {
		ZW_WHY(why, "invalid_items", "补正告知须逐项列明需要补正的全部内容（1至20项）",
		    "items");
		return ZW_EINVAL;
	}
	json_array_foreach(items, i, e) {
		if (!json_is_string(e) || zw_app_blank(json_string_value(e)) ||
		    zw_check_text(json_string_value(e), "items", true,
		    ZW_MAX_SHORT_TEXT, NULL) != ZW_OK) {
			ZW_WHY(why, "invalid_items", "补正事项应为不超过500字的非空文字", "items");
			return ZW_EINVAL;
		}
	}
	a = zw_arena_new();
	zw_buf_init(&list, 1u << 16);
	json_array_foreach(items, i, e)
		zw_buf_printf(&list, "\n%zu. %s", i + 1, json_string_value(e));
	rc = zw_prepare(c, "UPDATE applications SET status = 'correction', "
	    "corrections = corrections + 1, correction_at = ?, correction_items = ?, "
	    "intake_deadline = NULL, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, zw_now());
	zw_bind_text(s, 2, zw_json_dump(a, items), (size_t)-1);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, r.id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	names(c, a, &r, &item, &org, &applicant);
	if ((rc = zw_app_issue_notice(c, env, &r, "补正告知书", zw_aprintf(a,
	    "%s：\n你（单位）提交的《%s》申请（申请编号 %s），申请材料不齐全或者不符合"
	    "法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，"
	    "现一次性告知需要补正的全部内容：%s\n请补正后重新提交，本机关自收到补正材料"
	    "之日起五个工作日内作出受理决定。", applicant, item, r.no,
	    list.p ? list.p : ""), NULL, 0, why)) != ZW_OK ||
	    (rc = zw_app_event(c, r.id, who, "一次性补正告知", list.p ? list.p + 1 : "",
	    true)) != ZW_OK ||
	    (rc = zw_app_tell(c, &r, "请补正材料", zw_aprintf(a, "需要补正的内容：%s",
	    list.p ? list.p : ""))) != ZW_OK)
		goto out;
	rc = audit(c, who, "application.request_correction", &r,
	    json_pack("{s:O}", "items", items));
out:
	zw_buf_free(&list);
	zw_arena_free(a);
	return rc;
}

int
zw_app_correct(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, json_t *form,
    const struct zw_app_material *mats, size_t nmats, struct zw_why *why)
{
	zw_arena *a;
	struct zw_app_row r;
	json_t *ver = NULL;
	char today[11], intake[11];
	zw_stmt *s;
	int64_t maxpos = 0;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK)
		return rc;
	if (who->id != r.applicant_id)
		return ZW_ENOTFOUND;
	if ((rc = state_is(&r, "correction", why, "本申请不在待补正状态")) != ZW_OK)
		return rc;
	if (nmats == 0 && form == NULL) {
		ZW_WHY(why, "nothing_corrected", "请上传补正材料或修改申请表", "materials");
		return ZW_EINVAL;
	}
	if ((rc = zw_item_version_json(c, r.item_version_id, &ver)) != ZW_OK)
		return rc;
	a = zw_arena_new();
	if (form != NULL) {
		if (!json_is_object(form)) {
			ZW_WHY(why, "invalid_form", "申请表应为对象", "form");
			rc = ZW_EINVAL;
			goto out;
		}
		if ((rc = zw_item_form_check(json_object_get(ver, "fields"), form,
		    why)) != ZW_OK)
			goto out;
		rc = zw_prepare(c, "UPDATE applications SET form = ? WHERE id = ?", &s);
		if (rc != ZW_OK)
			goto out;
		zw_bind_text(s, 1, zw_json_dump(a, form), (size_t)-1);
		zw_bind_int(s, 2, r.id);
		if (zw_step(s) < 0) {
			rc = ZW_EDB;
			goto out;
		}
	}
	if (nmats > 0) {
		struct zw_app_material *copy = zw_alloc(a, nmats * sizeof(*copy));

		memcpy(copy, mats, nmats * sizeof(*copy));
		rc = zw_prepare(c, "SELECT COALESCE(MAX(position), 0) FROM "
		    "application_materials WHERE app_id = ?", &s);
		if (rc != ZW_OK)
			goto out;
		zw_bind_int(s, 1, r.id);
		if (zw_step(s) == ZW_ROW) {
			maxpos = zw_col_int(s, 0);
			zw_reset(s);
		}
		if ((rc = zw_app_store_materials(c, who, r.id,
		    json_object_get(ver, "materials"), copy, nmats, (int)maxpos + 1,
		    false, why)) != ZW_OK)
			goto out;
	}
	zw_date_fmt(zw_app_today(), today, sizeof(today));
	zw_date_fmt(zw_clock_intake_deadline(env->cal, zw_app_today()),
	    intake, sizeof(intake));
	rc = zw_prepare(c, "UPDATE applications SET status = 'submitted', "
	    "corrected_on = ?, intake_deadline = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, today, (size_t)-1);
	zw_bind_text(s, 2, intake, (size_t)-1);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, r.id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	if ((rc = zw_app_event(c, r.id, who, "补正材料", zw_aprintf(a,
	    "申请人提交补正材料 %zu 份", nmats), true)) != ZW_OK ||
	    (rc = zw_app_tell(c, &r, "补正材料已提交", zw_aprintf(a,
	    "受理机关将在%s前作出受理决定。", intake))) != ZW_OK)
		goto out;
	rc = audit(c, who, "application.correct", &r, NULL);
out:
	json_decref(ver);
	zw_arena_free(a);
	return rc;
}

int
zw_app_suspend(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, const char *kind,
    const char *reason, struct zw_why *why)
{
	zw_arena *a;
	struct zw_app_row r;
	char today[11];
	zw_stmt *s;
	bool known = false;
	size_t i;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_lead_staff(c, who, &r)) != ZW_OK)
		return rc;
	if ((rc = state_is(&r, "accepted", why, strcmp(r.status, "suspended") == 0 ?
	    "特别程序已在进行中" : "只有审查中的申请可以进入特别程序")) != ZW_OK)
		return rc;
	for (i = 0; kind != NULL && special_kinds[i] != NULL; i++)
		known |= strcmp(kind, special_kinds[i]) == 0;
	if (!known) {
		ZW_WHY(why, "invalid_kind", "特别程序应为：听证、招标、拍卖、检验、检测、"
		    "检疫、鉴定、专家评审（行政许可法第四十五条）", "kind");
		return ZW_EINVAL;
	}
	if (reason == NULL || zw_app_blank(reason)) {
		ZW_WHY(why, "reason_required", "请说明特别程序的事由", "reason");
		return ZW_EINVAL;
	}
	a = zw_arena_new();
	zw_date_fmt(zw_app_today(), today, sizeof(today));
	rc = zw_prepare(c, "UPDATE applications SET status = 'suspended', "
	    "suspended_since = ?, suspend_kind = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, today, (size_t)-1);
	zw_bind_text(s, 2, kind, (size_t)-1);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, r.id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	rc = zw_prepare(c, "INSERT INTO application_suspensions (app_id, kind, "
	    "reason, from_on, created_by) VALUES (?, ?, ?, ?, ?)", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, r.id);
	zw_bind_text(s, 2, kind, (size_t)-1);
	zw_bind_text(s, 3, reason, (size_t)-1);
	zw_bind_text(s, 4, today, (size_t)-1);
	zw_bind_int(s, 5, who->id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	zw_strlcpy(r.status, "suspended", sizeof(r.status));
	r.suspended = true;
	r.suspended_since = zw_app_today();
	if ((rc = zw_app_store_clock(c, env, &r, zw_app_today())) != ZW_OK ||
	    (rc = zw_app_event(c, r.id, who, zw_aprintf(a, "特别程序：%s", kind),
	    zw_aprintf(a, "%s（期间不计入办理时限，行政许可法第四十五条）", reason),
	    true)) != ZW_OK ||
	    (rc = zw_app_tell(c, &r, zw_aprintf(a, "进入%s程序", kind),
	    zw_aprintf(a, "事由：%s。%s所需时间不计算在办理期限内。", reason, kind))) != ZW_OK)
		goto out;
	rc = audit(c, who, "application.suspend", &r, json_pack("{s:s, s:s}",
	    "kind", kind, "reason", reason));
out:
	zw_arena_free(a);
	return rc;
}

int
zw_app_resume(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, struct zw_why *why)
{
	zw_arena *a;
	struct zw_app_row r;
	char today[11];
	zw_stmt *s;
	int days, rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_lead_staff(c, who, &r)) != ZW_OK)
		return rc;
	if ((rc = state_is(&r, "suspended", why, "没有进行中的特别程序")) != ZW_OK)
		return rc;
	a = zw_arena_new();
	zw_date_fmt(zw_app_today(), today, sizeof(today));
	days = zw_clock_paused_days(env->cal, r.suspended_since, zw_app_today());
	rc = zw_prepare(c, "UPDATE applications SET status = 'accepted', "
	    "suspended_since = NULL, suspend_kind = '', suspended_days = "
	    "suspended_days + ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, days);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, r.id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	rc = zw_prepare(c, "UPDATE application_suspensions SET to_on = ?, days = ? "
	    "WHERE app_id = ? AND to_on IS NULL", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, today, (size_t)-1);
	zw_bind_int(s, 2, days);
	zw_bind_int(s, 3, r.id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	zw_strlcpy(r.status, "accepted", sizeof(r.status));
	r.suspended = false;
	r.suspended_days += days;
	if ((rc = zw_app_store_clock(c, env, &r, zw_app_today())) != ZW_OK ||
	    (rc = zw_app_event(c, r.id, who, zw_aprintf(a, "%s结束", r.suspend_kind),
	    zw_aprintf(a, "恢复计时，扣除 %d 个工作日", days), true)) != ZW_OK ||
	    (rc = zw_app_tell(c, &r, "恢复办理", zw_aprintf(a, "%s程序已结束，"
	    "办理期限顺延 %d 个工作日。", r.suspend_kind, days))) != ZW_OK)
		goto out;
	rc = audit(c, who, "application.resume", &r, json_pack("{s:i}", "days", days));
out:
	zw_arena_free(a);
	return rc;
}

int
zw_app_extend(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, int days,
    const char *reason, struct zw_why *why)
{
	zw_arena *a;
	struct zw_app_row r;
	const char *promised, *legal;
	int max;
	zw_stmt *s;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_lead_staff(c, who, &r)) != ZW_OK)
		return rc;
	if (strcmp(r.status, "suspended") != 0 &&
	    (rc = state_is(&r, "accepted", why, "只有审查中的申请可以延期")) != ZW_OK)
		return rc;
	if (r.promised_days == 0) {
		ZW_WHY(why, "instant_item", "即办件应当场作出决定，不得延期", NULL);
		return ZW_ESTATE;
	}
	if (r.extended_days > 0) {
		ZW_WHY(why, "already_extended", "本件已延期一次，不得再次延期"
		    "（行政许可法第四十二条）", NULL);
		return ZW_ESTATE;
	}
	max = r.joint ? ZW_JOINT_EXTEND_DAYS : ZW_EXTEND_DAYS;
	if (days < 1 || days > max) {
		ZW_WHY(why, "extension_too_long", r.joint ?
		    "联合办理最多延长15个工作日（行政许可法第四十二条）" :
		    "最多延长10个工作日（行政许可法第四十二条）", "days");
		return ZW_EINVAL;
	}
	if (reason == NULL || zw_app_blank(reason)) {
		ZW_WHY(why, "reason_required", "延期须说明理由，并告知申请人", "reason");
		return ZW_EINVAL;
	}
	a = zw_arena_new();
	rc = zw_prepare(c, "UPDATE applications SET extended_days = ?, "
	    "extension_reason = ?, extension_by = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, days);
	zw_bind_text(s, 2, reason, (size_t)-1);
	zw_bind_int(s, 3, who->id);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, r.id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	r.extended_days = days;
	if ((rc = zw_app_store_clock(c, env, &r, zw_app_today())) != ZW_OK)
		goto out;
	deadlines(c, a, r.id, &promised, &legal);
	if ((rc = zw_app_event(c, r.id, who, "延期", zw_aprintf(a,
	    "经本机关负责人批准延长 %d 个工作日：%s；办结期限延至 %s", days, reason,
	    promised), true)) != ZW_OK ||
	    (rc = zw_app_tell(c, &r, "办理期限延长", zw_aprintf(a, "延长 %d 个工作日，"
	    "理由：%s。新的办结期限：%s。", days, reason, promised))) != ZW_OK)
		goto out;
	rc = audit(c, who, "application.extend", &r, json_pack("{s:i, s:s}",
	    "days", days, "reason", reason));
out:
	zw_arena_free(a);
	return rc;
}

int
zw_app_add_step(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, const char *title,
    int64_t assignee_id, int days, int64_t *step_id, struct zw_why *why)
{
	zw_arena *a;
	struct zw_app_row r;
	char dl[11];
	zw_stmt *s;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_lead_staff(c, who, &r)) != ZW_OK)
		return rc;
	if ((rc = state_is(&r, "accepted", why, "只有审查中的申请可以安排审查环节")) != ZW_OK)
		return rc;
	if (title == NULL || zw_app_blank(title)) {
		ZW_WHY(why, "title_required", "请填写审查环节名称", "title");
		return ZW_EINVAL;
	}
	if (days < 1 || days > r.legal_days + r.extended_days) {
		ZW_WHY(why, "invalid_days", "环节时限应在1个工作日至法定时限之间", "days");
		return ZW_EINVAL;
	}
	rc = zw_prepare(c, "SELECT 1 FROM users WHERE id = ? AND org_id = ? AND "
	    "kind = 'staff' AND status = 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, assignee_id);
	zw_bind_int(s, 2, r.org_id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		ZW_WHY(why, "assignee_not_found", "承办人应为本机关的在岗工作人员",
		    "assignee_id");
		return rc < 0 ? rc : ZW_EINVAL;
	}
	zw_reset(s);
	zw_date_fmt(zw_add_working_days(env->cal, zw_app_today(), days),
	    dl, sizeof(dl));
	rc = zw_prepare(c, "INSERT INTO application_steps (app_id, kind, org_id, "
	    "title, assignee_id, days, deadline, created_at) VALUES "
	    "(?, 'review', ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, r.id);
	zw_bind_int(s, 2, r.org_id);
	zw_bind_text(s, 3, title, (size_t)-1);
	zw_bind_int(s, 4, assignee_id);
	zw_bind_int(s, 5, days);
	zw_bind_text(s, 6, dl, (size_t)-1);
	zw_bind_int(s, 7, zw_now());
	if ((rc = zw_step(s)) != ZW_ROW)
		return ZW_EDB;
	*step_id = zw_col_int(s, 0);
	zw_reset(s);
	a = zw_arena_new();
	rc = zw_app_event(c, r.id, who, "安排审查", zw_aprintf(a, "%s，期限 %s",
	    title, dl), false);
	if (rc == ZW_OK)
		rc = audit(c, who, "application.step_add", &r, json_pack("{s:s, s:I}",
		    "title", title, "assignee_id", (json_int_t)assignee_id));
	zw_arena_free(a);
	return rc;
}

int
zw_app_complete_step(zw_conn *c, const struct zw_actor *who,
    int64_t step_id, bool agreed, const char *opinion, struct zw_why *why)
{
	zw_arena *a;
	struct zw_app_row r;
	char no[ZW_APP_NO_LEN], kind[16], status[16];
	int64_t org_id, assignee;
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT a.no, st.kind, st.org_id, COALESCE(st.assignee_id, 0), "
	    "st.status FROM application_steps st JOIN applications a ON "
	    "a.id = st.app_id WHERE st.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, step_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(no, zw_col_text(s, 0), sizeof(no));
	zw_strlcpy(kind, zw_col_text(s, 1), sizeof(kind));
	org_id = zw_col_int(s, 2);
	assignee = zw_col_int(s, 3);
	zw_strlcpy(status, zw_col_text(s, 4), sizeof(status));
	zw_reset(s);
	/* The assignee, or staff of the step's organization (a joint step is
	 * answered by the co-department). */
	if (who->org_id != org_id && who->id != assignee)
		return ZW_ENOTFOUND;
	if ((rc = zw_app_load(c, no, &r)) != ZW_OK)
		return rc;
	if (strcmp(status, "open") != 0) {
		ZW_WHY(why, "step_done", "该环节已办理完毕", NULL);
		return ZW_ESTATE;
	}
	if ((rc = state_is(&r, "accepted", why, "只有审查中的申请可以办理审查环节")) != ZW_OK)
		return rc;
	if (opinion == NULL || zw_app_blank(opinion)) {
		ZW_WHY(why, "opinion_required", "请填写审查意见", "opinion");
		return ZW_EINVAL;
	}
	rc = zw_prepare(c, "UPDATE application_steps SET status = 'done', opinion = ?, "
	    "agreed = ?, done_by = ?, done_at = ? WHERE id = ? AND status = 'open'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, opinion, (size_t)-1);
	zw_bind_int(s, 2, agreed ? 1 : 0);
	zw_bind_int(s, 3, who->id);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, step_id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	a = zw_arena_new();
	rc = zw_app_event(c, r.id, who, strcmp(kind, "joint") == 0 ? "会办意见" :
	    "审查意见", zw_aprintf(a, "%s：%s", agreed ? "同意" : "不同意", opinion),
	    false);
	if (rc == ZW_OK)
		rc = audit(c, who, "application.step_complete", &r, json_pack("{s:I, s:b}",
		    "step_id", (json_int_t)step_id, "agreed", agreed));
	zw_arena_free(a);
	return rc;
}

int
zw_app_decide(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, bool approved,
    const char *reason, struct zw_why *why)
{
	zw_arena *a;
	struct zw_app_row r;
	const char *item, *org, *applicant, *promised, *legal;
	char today[11], result_no[ZW_APP_NO_LEN], dd[11];
	zw_date td = zw_app_today(), pd;
	int64_t open_joint = 0;
	bool on_time;
	int used;
	zw_stmt *s;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_lead_staff(c, who, &r)) != ZW_OK)
		return rc;
	if ((rc = state_is(&r, "accepted", why, strcmp(r.status, "suspended") == 0 ?
	    "特别程序进行中，结束后方可作出决定" : strcmp(r.status, "submitted") == 0 ||
	    strcmp(r.status, "correction") == 0 ? "尚未受理，不能作出决定" :
	    "本件已作出决定")) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "SELECT COUNT(*) FROM application_steps WHERE app_id = ? "
	    "AND kind = 'joint' AND status = 'open'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, r.id);
	if (zw_step(s) == ZW_ROW) {
		open_joint = zw_col_int(s, 0);
		zw_reset(s);
	}
	if (open_joint > 0) {
		ZW_WHY(why, "joint_pending", "联合审批的会办部门尚未全部出具意见", NULL);
		return ZW_ESTATE;
	}
	if (!approved && (reason == NULL || zw_app_blank(reason))) {
		ZW_WHY(why, "reason_required", "不予许可必须说明理由（行政许可法第三十八条）",
		    "reason");
		return ZW_EINVAL;
	}
	a = zw_arena_new();
	deadlines(c, a, r.id, &promised, &legal);
	on_time = zw_date_parse(promised, &pd) == ZW_OK && zw_date_cmp(td, pd) <= 0;
	used = zw_clock_days_used(env->cal, r.accepted_on, td, r.suspended_days);
	zw_date_fmt(td, today, sizeof(today));
	/* 许可文书编号: XK (准予) or BY (不予) + the application's digits. */
	zw_strlcpy(result_no, r.no, sizeof(result_no));
	memcpy(result_no, approved ? "XK" : "BY", 2);
	zw_date_fmt(zw_add_working_days(env->cal, td, ZW_DELIVERY_DAYS),
	    dd, sizeof(dd));
	rc = zw_prepare(c, "UPDATE applications SET status = ?, decided_at = ?, "
	    "decided_on = ?, decision = ?, decision_reason = ?, decided_by = ?, "
	    "on_time = ?, days_used = ?, result_no = ?, delivery_deadline = ?, "
	    "warn_on = NULL, yellow_on = NULL, red_on = NULL, updated_at = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, approved ? "approved" : "denied", (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_text(s, 3, today, (size_t)-1);
	zw_bind_text(s, 4, approved ? "准予许可" : "不予许可", (size_t)-1);
	zw_bind_text(s, 5, reason ? reason : "", (size_t)-1);
	zw_bind_int(s, 6, who->id);
	zw_bind_int(s, 7, on_time ? 1 : 0);
	zw_bind_int(s, 8, used);
	zw_bind_text(s, 9, result_no, (size_t)-1);
	if (approved)
		zw_bind_text(s, 10, dd, (size_t)-1);
	else
		zw_bind_null(s, 10);
	zw_bind_int(s, 11, zw_now());
	zw_bind_int(s, 12, r.id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	names(c, a, &r, &item, &org, &applicant);
	if (approved)
		rc = zw_app_issue_notice(c, env, &r, "准予许可决定书", zw_aprintf(a,
		    "%s：\n你（单位）提交的《%s》申请（申请编号 %s），经审查，符合法定条件、"
		    "标准。根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予"
		    "行政许可。许可文书编号：%s。%s%s", applicant, item, r.no, result_no,
		    reason && *reason ? "说明：" : "", reason ? reason : ""), NULL, 0, why);
	else
		rc = zw_app_issue_notice(c, env, &r, "不予许可决定书", zw_aprintf(a,
		    "%s：\n你（单位）提交的《%s》申请（申请编号 %s），经审查：%s。根据《中华"
		    "人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。"
		    APPEAL_RIGHTS, applicant, item, r.no, reason), NULL, 0, why);
	if (rc != ZW_OK)
		goto out;
	if (!approved && (rc = close_case(c, r.id, "denied")) != ZW_OK)
		goto out;
	if ((rc = zw_app_event(c, r.id, who, approved ? "准予许可" : "不予许可",
	    approved ? zw_aprintf(a, "许可文书 %s；%s前制证送达", result_no, dd) :
	    reason, true)) != ZW_OK ||
	    (rc = zw_app_tell(c, &r, approved ? "准予许可" : "不予许可", approved ?
	    zw_aprintf(a, "您的申请已获准予许可，文书编号 %s，可在“我的办件”中下载。",
	    result_no) : zw_aprintf(a, "理由：%s。" APPEAL_RIGHTS, reason))) != ZW_OK)
		goto out;
	rc = audit(c, who, "application.decide", &r, json_pack("{s:b, s:s, s:b}",
	    "approved", approved, "result_no", result_no, "on_time", on_time));
out:
	zw_arena_free(a);
	return rc;
}

int
zw_app_deliver(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *no, struct zw_why *why)
{
	struct zw_app_row r;
	zw_stmt *s;
	int rc;

	(void)env;
	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_lead_staff(c, who, &r)) != ZW_OK)
		return rc;
	if ((rc = state_is(&r, "approved", why, "只有准予许可的申请可以制证送达")) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "UPDATE applications SET delivered_at = ?, "
	    "delivery_deadline = NULL WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, r.id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	if ((rc = close_case(c, r.id, "completed")) != ZW_OK ||
	    (rc = zw_app_event(c, r.id, who, "制证送达", "许可证件已制作并送达", true)) != ZW_OK ||
	    (rc = zw_app_tell(c, &r, "已办结", "许可证件已送达，欢迎对本次服务作出评价。")) != ZW_OK)
		return rc;
	return audit(c, who, "application.deliver", &r, NULL);
}

int
zw_app_deem_accept_due(zw_conn *c, const struct zw_apps_env *env, int64_t *n)
{
	struct zw_actor sys;
	struct zw_why why = { 0 };
	char today[11], (*nos)[ZW_APP_NO_LEN] = NULL;
	zw_arena *a = zw_arena_new();
	size_t cnt = 0, cap = 64, i;
	zw_stmt *s;
	int rc;

	*n = 0;
	memset(&sys, 0, sizeof(sys));
	sys.login = "system";
	zw_date_fmt(zw_app_today(), today, sizeof(today));
	nos = zw_alloc(a, cap * sizeof(*nos));
again:
	cnt = 0;
	rc = zw_prepare(c, "SELECT no FROM applications WHERE status = 'submitted' "
	    "AND intake_deadline < ? ORDER BY id LIMIT ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, today, (size_t)-1);
	zw_bind_int(s, 2, (int64_t)cap);
	while ((rc = zw_step(s)) == ZW_ROW)
		zw_strlcpy(nos[cnt++], zw_col_text(s, 0), ZW_APP_NO_LEN);
	if (rc < 0)
		goto out;
	for (i = 0; i < cnt; i++) {
		struct zw_app_row r;

		if ((rc = zw_app_load(c, nos[i], &r)) != ZW_OK)
			goto out;
		/* From the day the (corrected) materials arrived. */
		if ((rc = do_accept(c, &sys, env, &r, r.corrected ? r.corrected_on :
		    r.received_on, true, &why)) != ZW_OK)
			goto out;
		(*n)++;
	}
	/* Each accepted case left the set: a full batch means maybe more. */
	if (cnt == cap)
		goto again;
	rc = ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_app_violation(zw_conn *c, const char *no, const struct zw_why *why)
{
	struct zw_app_row r;
	const char *rule, *reason;
	int rc;

	if (why->code == NULL)
		return ZW_OK;
	if (strcmp(why->code, "second_correction") == 0) {
		rule = "second_correction";
		reason = "试图再次发出补正告知（行政许可法第三十二条要求一次性告知）";
	} else if (strcmp(why->code, "reason_required") == 0) {
		rule = "refusal_without_reason";
		reason = "试图不说明理由不予受理（行政许可法第三十二条、第三十八条）";
	} else
		return ZW_OK;
	if ((rc = zw_app_load(c, no, &r)) != ZW_OK)
		return rc;
	return zw_supervision_raise(c, r.id, ZW_ALERT_RED, rule, reason);
}
