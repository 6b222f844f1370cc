/*
 * receive.c -- 收文办理 (条例 第二十四条, standards §1.5): 签收 with 登记 of
 * a 收文编号, 退回 to the sender with reasons (初审), 办结; and 催办 by
 * the sender.  A delivery is handled only by its receiving organization.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/str.h"
#include "documents/doc_int.h"
#include "documents/rules.h"
#include "org/org_int.h"

struct delivery {
	int64_t id, doc_id, to_org_id, from_org_id;
	char status[16];
};

static int
load_delivery(zw_conn *c, int64_t id, struct delivery *v)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT v.doc_id, v.to_org_id, v.status, d.org_id FROM "
	    "deliveries v JOIN documents d ON d.id = v.doc_id WHERE v.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	v->id = id;
	v->doc_id = zw_col_int(s, 0);
	v->to_org_id = zw_col_int(s, 1);
	zw_strlcpy(v->status, zw_col_text(s, 2), sizeof(v->status));
	v->from_org_id = zw_col_int(s, 3);
	zw_reset(s);
	return ZW_OK;
}

/* The delivery exists and belongs to who's organization (else 404: a
 * forged or foreign delivery id reveals nothing). */
static int
own_delivery(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct delivery *v, struct zw_why *why)
{
	int rc;

	if ((rc = load_delivery(c, id, v)) != ZW_OK)
		return rc;
	if (v->to_org_id != who->org_id)
		return ZW_ENOTFOUND;
	if (!zw_actor_can(who, "documents.receive")) {
		ZW_WHY(why, "forbidden", "没有收文办理的权限", NULL);
		return ZW_EPERM;
	}
	return ZW_OK;
}

/* The delivery's own handling log (shown on the delivery page). */
static int
log_action(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *action, const char *opinion)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "INSERT INTO delivery_actions (delivery_id, action, "
	    "actor_id, actor_name, opinion, at) SELECT ?, ?, id, name, ?, ? "
	    "FROM users WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_text(s, 2, action, (size_t)-1);
	zw_bind_text(s, 3, opinion ? opinion : "", (size_t)-1);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, who->id);
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

/* A step that the sender sees too: the document's 办文单 and the
 * delivery's log. */
static int
record(zw_conn *c, const struct zw_actor *who, const struct delivery *v,
    const char *step, const char *opinion)
{
	int rc = zw_doc_step(c, who, v->doc_id, step, opinion);

	return rc != ZW_OK ? rc : log_action(c, who, v->id, step, opinion);
}

static int
audit_delivery(zw_conn *c, const struct zw_actor *who, const char *action,
    const struct delivery *v, json_t *details)
{
	int rc = zw_actor_audit(c, who, action, "delivery", v->id, "success", details);

	json_decref(details);
	return rc;
}

int
zw_delivery_receive(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why)
{
	struct delivery v;
	char scope[32], regno[64];
	int64_t seq;
	zw_date td = zw_date_of(zw_now());
	zw_stmt *s;
	int rc;

	if ((rc = own_delivery(c, who, id, &v, why)) != ZW_OK)
		return rc;
	if (strcmp(v.status, "pending") != 0) {
		ZW_WHY(why, "already_received", strcmp(v.status, "received") == 0 ||
		    strcmp(v.status, "completed") == 0 ? "该公文已签收，不能重复签收" :
		    "该公文已退回，不能签收", NULL);
		return ZW_ESTATE;
	}
	/* 登记: 收文编号 per organization and year, without gaps. */
	snprintf(scope, sizeof(scope), "recv:%lld", (long long)who->org_id);
	if ((rc = zw_doc_next_seq(c, scope, td.y, &seq)) != ZW_OK)
		return rc;
	snprintf(regno, sizeof(regno), "收〔%d〕%lld号", td.y, (long long)seq);
	rc = zw_prepare(c, "UPDATE deliveries SET status = 'received', reg_no = ?, "
	    "received_at = ?, received_by = ? WHERE id = ? AND status = 'pending'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, regno, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, who->id);
	zw_bind_int(s, 4, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = record(c, who, &v, "签收", regno)) != ZW_OK)
		return rc;
	return audit_delivery(c, who, "delivery.receive", &v,
	    json_pack("{s:s}", "reg_no", regno));
}

int
zw_delivery_return(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reason, struct zw_why *why)
{
	struct delivery v;
	zw_stmt *s;
	int rc;

	if ((rc = own_delivery(c, who, id, &v, why)) != ZW_OK)
		return rc;
	if (strcmp(v.status, "pending") && strcmp(v.status, "received")) {
		ZW_WHY(why, "wrong_state", "已退回或已办结的公文不能退回", NULL);
		return ZW_ESTATE;
	}
	if ((rc = zw_check_text(reason, "reason", true, 500, why)) != ZW_OK) {
		if (reason == NULL || *reason == '\0')
			ZW_WHY(why, "required", "退回须说明理由（条例第二十四条 初审）", "reason");
		return rc;
	}
	rc = zw_prepare(c, "UPDATE deliveries SET status = 'returned', return_reason = ?, "
	    "returned_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, reason, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = record(c, who, &v, "退回", reason)) != ZW_OK)
		return rc;
	return audit_delivery(c, who, "delivery.return", &v,
	    json_pack("{s:s}", "reason", reason));
}

int
zw_delivery_complete(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why)
{
	struct delivery v;
	zw_stmt *s;
	int rc;

	if ((rc = own_delivery(c, who, id, &v, why)) != ZW_OK)
		return rc;
	if (strcmp(v.status, "received") != 0) {
		ZW_WHY(why, "wrong_state", strcmp(v.status, "pending") == 0 ?
		    "请先签收再办结" : "该公文不能办结", NULL);
		return ZW_ESTATE;
	}
	/* 主办 first: the lead handler must have finished. */
	rc = zw_prepare(c, "SELECT COUNT(*) FROM delivery_tasks WHERE delivery_id = ? "
	    "AND role = 'lead' AND done_at IS NULL", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	if (zw_col_int(s, 0) > 0) {
		zw_reset(s);
		ZW_WHY(why, "lead_pending", "主办人尚未办理完毕，不能办结", NULL);
		return ZW_ESTATE;
	}
	zw_reset(s);
	rc = zw_prepare(c, "UPDATE deliveries SET status = 'completed', "
	    "completed_at = ?, completed_by = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = record(c, who, &v, "办结", NULL)) != ZW_OK)
		return rc;
	return audit_delivery(c, who, "delivery.complete", &v, json_object());
}

int
zw_delivery_urge(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why)
{
	struct delivery v;
	zw_stmt *s;
	int rc;

	if ((rc = load_delivery(c, id, &v)) != ZW_OK)
		return rc;
	if (v.from_org_id != who->org_id)
		return ZW_ENOTFOUND;
	if (!zw_actor_can(who, "documents.issue") && !zw_actor_can(who, "documents.draft")) {
		ZW_WHY(why, "forbidden", "没有催办的权限", NULL);
		return ZW_EPERM;
	}
	if (strcmp(v.status, "pending") && strcmp(v.status, "received")) {
		ZW_WHY(why, "wrong_state", "已办结或已退回的公文无需催办", NULL);
		return ZW_ESTATE;
	}
	rc = zw_prepare(c, "UPDATE deliveries SET urged_count = urged_count + 1, "
	    "last_urged_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = record(c, who, &v, "催办", NULL)) != ZW_OK)
		return rc;
	return audit_delivery(c, who, "delivery.urge", &v, json_object());
}

/* 拟办意见 (the office's proposal) or 批示 (a leader's instruction). */
int
zw_delivery_note(zw_conn *c, const struct zw_actor *who, int64_t id,
    bool instruction, const char *text, struct zw_why *why)
{
	struct delivery v;
	zw_stmt *s;
	int rc;

	if ((rc = own_delivery(c, who, id, &v, why)) != ZW_OK)
		return rc;
	if (strcmp(v.status, "received") != 0) {
		ZW_WHY(why, "wrong_state", "请先签收", NULL);
		return ZW_ESTATE;
	}
	if (instruction && !zw_actor_can(who, "documents.sign_off")) {
		ZW_WHY(why, "forbidden", "只有领导可以批示", NULL);
		return ZW_EPERM;
	}
	if ((rc = zw_check_text(text, instruction ? "instruction" : "proposal", true,
	    500, why)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, instruction ?
	    "UPDATE deliveries SET instruction = ? WHERE id = ?" :
	    "UPDATE deliveries SET proposal = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, text, (size_t)-1);
	zw_bind_int(s, 2, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = log_action(c, who, id, instruction ? "批示" : "拟办", text)) != ZW_OK)
		return rc;
	return audit_delivery(c, who, instruction ? "delivery.instruct" :
	    "delivery.propose", &v, json_pack("{s:s}", "text", text));
}

/* One person of the receiving organization (or below) in a role. */
static int
add_task(zw_conn *c, const struct zw_actor *who, const struct delivery *v,
    int64_t user, const char *role, struct zw_why *why)
{
	char path[512];
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT o.path FROM orgs o WHERE o.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, v->to_org_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	zw_strlcpy(path, zw_col_text(s, 0), sizeof(path));
	zw_reset(s);
	rc = zw_prepare(c, "SELECT 1 FROM users u JOIN orgs o ON o.id = u.org_id "
	    "WHERE u.id = ? AND u.status = 'active' AND o.path LIKE ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, user);
	{
		char like[520];

		snprintf(like, sizeof(like), "%s%%", path);
		zw_bind_text(s, 2, like, (size_t)-1);
	}
	if (zw_step(s) != ZW_ROW) {
		ZW_WHY(why, "invalid_assignee", "承办人、传阅人须为本单位（含下级）的在职人员", NULL);
		return ZW_EINVAL;
	}
	zw_reset(s);
	rc = zw_prepare(c, "INSERT INTO delivery_tasks (delivery_id, user_id, role, "
	    "assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
	    "(delivery_id, user_id) DO UPDATE SET role = excluded.role, "
	    "assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, v->id);
	zw_bind_int(s, 2, user);
	zw_bind_text(s, 3, role, (size_t)-1);
	zw_bind_int(s, 4, who->id);
	zw_bind_int(s, 5, zw_now());
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

/* 承办 (one 主办, any 协办) and 传阅 (readers). */
int
zw_delivery_assign(zw_conn *c, const struct zw_actor *who, int64_t id,
    int64_t lead, const int64_t *assist, size_t nassist, const int64_t *readers,
    size_t nreaders, struct zw_why *why)
{
	struct delivery v;
	size_t i;
	int rc;

	if ((rc = own_delivery(c, who, id, &v, why)) != ZW_OK)
		return rc;
	if (strcmp(v.status, "received") != 0) {
		ZW_WHY(why, "wrong_state", "请先签收", NULL);
		return ZW_ESTATE;
	}
	if (lead <= 0 && nassist == 0 && nreaders == 0) {
		ZW_WHY(why, "required", "请指定主办人、协办人或传阅人", NULL);
		return ZW_EINVAL;
	}
	if (lead > 0 && (rc = add_task(c, who, &v, lead, "lead", why)) != ZW_OK)
		return rc;
	for (i = 0; i < nassist; i++)
		if (assist[i] != lead &&
		    (rc = add_task(c, who, &v, assist[i], "assist", why)) != ZW_OK)
			return rc;
	for (i = 0; i < nreaders; i++)
		if ((rc = add_task(c, who, &v, readers[i], "read", why)) != ZW_OK)
			return rc;
	if ((rc = log_action(c, who, id, "承办分办", NULL)) != ZW_OK)
		return rc;
	return audit_delivery(c, who, "delivery.assign", &v, json_pack("{s:I, s:I, s:I}",
	    "lead", (json_int_t)lead, "assist", (json_int_t)nassist, "readers",
	    (json_int_t)nreaders));
}

/* The assigned person finishes their part: 承办 with an opinion, or 已阅. */
int
zw_delivery_task_done(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *opinion, struct zw_why *why)
{
	struct delivery v;
	char role[16];
	zw_stmt *s;
	int rc;

	if ((rc = load_delivery(c, id, &v)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "SELECT role, done_at FROM delivery_tasks WHERE "
	    "delivery_id = ? AND user_id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, who->id);
	if (zw_step(s) != ZW_ROW)
		return ZW_ENOTFOUND;	/* not assigned to them: reveal nothing */
	zw_strlcpy(role, zw_col_text(s, 0), sizeof(role));
	if (!zw_col_isnull(s, 1)) {
		zw_reset(s);
		ZW_WHY(why, "already_done", "已办理完毕", NULL);
		return ZW_ESTATE;
	}
	zw_reset(s);
	if (strcmp(v.status, "received") != 0) {
		ZW_WHY(why, "wrong_state", "该收文已办结或已退回", NULL);
		return ZW_ESTATE;
	}
	if ((rc = zw_check_text(opinion, "opinion", strcmp(role, "lead") == 0, 500,
	    why)) != ZW_OK) {
		if (opinion == NULL || *opinion == '\0')
			ZW_WHY(why, "required", "主办人须填写办理意见", "opinion");
		return rc;
	}
	rc = zw_prepare(c, "UPDATE delivery_tasks SET done_at = ?, opinion = ? "
	    "WHERE delivery_id = ? AND user_id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_text(s, 2, opinion ? opinion : "", (size_t)-1);
	zw_bind_int(s, 3, id);
	zw_bind_int(s, 4, who->id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = log_action(c, who, id, strcmp(role, "read") == 0 ? "已阅" :
	    strcmp(role, "lead") == 0 ? "主办" : "协办", opinion)) != ZW_OK)
		return rc;
	return audit_delivery(c, who, "delivery.task_done", &v, json_pack("{s:s}",
	    "role", role));
}

/* One delivery with its tasks and handling log, for its organization
 * and the people assigned to it. */
int
zw_delivery_get(zw_conn *c, const struct zw_actor *who, int64_t id, json_t **out)
{
	struct delivery v;
	json_t *o = NULL, *tasks, *log;
	zw_stmt *s;
	bool assigned = false;
	int rc;

	if ((rc = load_delivery(c, id, &v)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "SELECT 1 FROM delivery_tasks WHERE delivery_id = ? AND "
	    "user_id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, who->id);
	assigned = zw_step(s) == ZW_ROW;
	zw_reset(s);
	if (v.to_org_id != who->org_id && !assigned)
		return ZW_ENOTFOUND;
	rc = zw_prepare(c, "SELECT " ZW_DELIVERY_COLS ", v.proposal, v.instruction "
	    ZW_DELIVERY_FROM " WHERE v.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	o = zw_delivery_row(s);
	json_object_set_new(o, "proposal", json_string(zw_col_text(s, 20)));
	json_object_set_new(o, "instruction", json_string(zw_col_text(s, 21)));
	zw_reset(s);
	tasks = json_array();
	if (zw_prepare(c, "SELECT t.user_id, u.name, t.role, t.done_at, t.opinion "
	    "FROM delivery_tasks t JOIN users u ON u.id = t.user_id WHERE "
	    "t.delivery_id = ? ORDER BY t.role DESC, u.id", &s) == ZW_OK) {
		zw_bind_int(s, 1, id);
		while (zw_step(s) == ZW_ROW) {
			char ts[32] = "";

			if (!zw_col_isnull(s, 3))
				zw_time_rfc3339(zw_col_int(s, 3), ts, sizeof(ts));
			json_array_append_new(tasks, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}",
			    "user_id", (json_int_t)zw_col_int(s, 0), "name", zw_col_text(s, 1),
			    "role", zw_col_text(s, 2), "role_name",
			    !strcmp(zw_col_text(s, 2), "lead") ? "主办" :
			    !strcmp(zw_col_text(s, 2), "assist") ? "协办" : "传阅",
			    "opinion", zw_col_text(s, 4), "done_at",
			    *ts ? json_string(ts) : json_null()));
		}
	}
	json_object_set_new(o, "tasks", tasks);
	log = json_array();
	if (zw_prepare(c, "SELECT action, actor_name, opinion, at FROM "
	    "delivery_actions WHERE delivery_id = ? ORDER BY id", &s) == ZW_OK) {
		zw_bind_int(s, 1, id);
		while (zw_step(s) == ZW_ROW) {
			char ts[32];

			zw_time_rfc3339(zw_col_int(s, 3), ts, sizeof(ts));
			json_array_append_new(log, json_pack("{s:s, s:s, s:s, s:s}", "action",
			    zw_col_text(s, 0), "actor", zw_col_text(s, 1), "opinion",
			    zw_col_text(s, 2), "at", ts));
		}
	}
	json_object_set_new(o, "actions", log);
	json_object_set_new(o, "assigned_to_me", json_boolean(assigned));
	*out = o;
	return ZW_OK;
}

/* A person's to-do list: deliveries assigned and not done, documents
 * waiting for their review or 签发. */
int
zw_my_tasks(zw_conn *c, const struct zw_actor *who, json_t **out)
{
	json_t *tasks = json_array(), *reviews = json_array(), *sign = json_array();
	zw_stmt *s;

	if (zw_prepare(c, "SELECT v.id, d.title, COALESCE(d.doc_no, ''), d.urgency, "
	    "v.due_date, t.role FROM delivery_tasks t JOIN deliveries v ON "
	    "v.id = t.delivery_id JOIN documents d ON d.id = v.doc_id WHERE "
	    "t.user_id = ? AND t.done_at IS NULL AND v.status = 'received' "
	    "ORDER BY v.due_date IS NULL, v.due_date, v.id", &s) == ZW_OK) {
		zw_bind_int(s, 1, who->id);
		while (zw_step(s) == ZW_ROW)
			json_array_append_new(tasks, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s}",
			    "delivery_id", (json_int_t)zw_col_int(s, 0), "title",
			    zw_col_text(s, 1), "doc_no", zw_col_text(s, 2), "urgency",
			    zw_col_text(s, 3), "due_date", zw_col_isnull(s, 4) ? json_null() :
			    json_string(zw_col_text(s, 4)), "role", zw_col_text(s, 5)));
	}
	if (zw_prepare(c, "SELECT d.id, d.title FROM document_reviews r JOIN documents "
	    "d ON d.id = r.doc_id WHERE r.user_id = ? AND r.state = 'pending' AND "
	    "d.status = 'reviewing' ORDER BY d.id", &s) == ZW_OK) {
		zw_bind_int(s, 1, who->id);
		while (zw_step(s) == ZW_ROW)
			json_array_append_new(reviews, json_pack("{s:I, s:s}", "doc_id",
			    (json_int_t)zw_col_int(s, 0), "title", zw_col_text(s, 1)));
	}
	if (zw_actor_can(who, "documents.sign_off") &&
	    zw_prepare(c, "SELECT d.id, d.title FROM documents d JOIN orgs o ON "
	    "o.id = d.org_id WHERE d.status = 'reviewed' AND o.path LIKE ? AND "
	    "(d.signer_id IS NULL OR d.signer_id = ?) ORDER BY d.id", &s) == ZW_OK) {
		char like[520];

		snprintf(like, sizeof(like), "%s%%", who->org_path ? who->org_path : "/-/");
		zw_bind_text(s, 1, like, (size_t)-1);
		zw_bind_int(s, 2, who->id);
		while (zw_step(s) == ZW_ROW)
			json_array_append_new(sign, json_pack("{s:I, s:s}", "doc_id",
			    (json_int_t)zw_col_int(s, 0), "title", zw_col_text(s, 1)));
	}
	*out = json_pack("{s:o, s:o, s:o}", "deliveries", tasks, "reviews", reviews,
	    "sign_off", sign);
	return ZW_OK;
}
