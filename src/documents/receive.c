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
	if ((rc = zw_doc_step(c, who, v.doc_id, "签收", regno)) != ZW_OK)
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
	if ((rc = zw_doc_step(c, who, v.doc_id, "退回", reason)) != ZW_OK)
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
	rc = zw_prepare(c, "UPDATE deliveries SET status = 'completed', "
	    "completed_at = ?, completed_by = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = zw_doc_step(c, who, v.doc_id, "办结", NULL)) != ZW_OK)
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
	if ((rc = zw_doc_step(c, who, v.doc_id, "催办", NULL)) != ZW_OK)
		return rc;
	return audit_delivery(c, who, "delivery.urge", &v, json_object());
}
