/*
 * documents.c -- the sending side of 公文: drafts, review, 签发, issue
 * (number, seal, deliver), archive, and reading documents back.
 * Receiving (deliveries) is in receive.c, the seal in seal.c.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "documents/doc_int.h"
#include "documents/documents.h"
#include "documents/rules.h"
#include "documents/search.h"
#include "org/org_int.h"

/* ---- helpers shared inside the module ---- */

int
zw_doc_step(zw_conn *c, const struct zw_actor *who, int64_t doc_id,
    const char *step, const char *opinion)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "INSERT INTO document_steps (doc_id, step, actor_id, "
	    "actor_name, org_name, opinion, at) SELECT ?, ?, u.id, u.name, "
	    "COALESCE(o.name, ''), ?, ? FROM users u LEFT JOIN orgs o ON "
	    "o.id = u.org_id WHERE u.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, doc_id);
	zw_bind_text(s, 2, step, (size_t)-1);
	zw_bind_text(s, 3, opinion ? opinion : "", (size_t)-1);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, who->id);
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

int
zw_doc_load(zw_conn *c, int64_t id, struct zw_doc_row *d)
{
	zw_stmt *s;
	int rc;

	memset(d, 0, sizeof(*d));
	rc = zw_prepare(c, "SELECT d.org_id, d.drafter_id, d.status, d.doc_type, "
	    "COALESCE(d.signer_id, 0), o.path, o.short_name, o.name FROM documents d "
	    "JOIN orgs o ON o.id = d.org_id WHERE d.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	d->id = id;
	d->org_id = zw_col_int(s, 0);
	d->drafter_id = zw_col_int(s, 1);
	zw_strlcpy(d->status, zw_col_text(s, 2), sizeof(d->status));
	zw_strlcpy(d->doc_type, zw_col_text(s, 3), sizeof(d->doc_type));
	d->signer_id = zw_col_int(s, 4);
	zw_strlcpy(d->org_path, zw_col_text(s, 5), sizeof(d->org_path));
	zw_strlcpy(d->short_name, zw_col_text(s, 6), sizeof(d->short_name));
	zw_strlcpy(d->org_name, zw_col_text(s, 7), sizeof(d->org_name));
	zw_reset(s);
	return ZW_OK;
}

/* May who see document id (scope, participant, or recipient)? */
int
zw_doc_visible(zw_conn *c, const struct zw_actor *who, int64_t id)
{
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT 1 FROM documents d JOIN orgs o ON o.id = d.org_id "
	    "WHERE d.id = ? AND (" ZW_SCOPE_SQL " OR d.drafter_id = ? OR "
	    "d.signer_id = ? OR EXISTS (SELECT 1 FROM document_reviews r WHERE "
	    "r.doc_id = d.id AND r.user_id = ?) OR EXISTS (SELECT 1 FROM "
	    "deliveries v WHERE v.doc_id = d.id AND v.to_org_id = ?))", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, id);
		zw_bind_scope(s, 2, who, a);
		zw_bind_int(s, 3, who->id);
		zw_bind_int(s, 4, who->id);
		zw_bind_int(s, 5, who->id);
		zw_bind_int(s, 6, who->org_id);
		rc = zw_step(s);
		zw_reset(s);
		rc = rc == ZW_ROW ? ZW_OK : rc < 0 ? rc : ZW_ENOTFOUND;
	}
	zw_arena_free(a);
	return rc;
}

static bool
in_list(const int64_t *v, size_t n, int64_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* Is org `id` strictly below the org with path `path`? */
static int
org_info(zw_conn *c, int64_t id, char *path, size_t psize, bool *active)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT path, status FROM orgs WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(path, zw_col_text(s, 0), psize);
	*active = strcmp(zw_col_text(s, 1), "active") == 0;
	zw_reset(s);
	return ZW_OK;
}

/* Validate elements and recipients against the rules of §1. */
static int
validate(zw_conn *c, const struct zw_actor *who, const struct zw_doc_in *in,
    const char *sender_path, struct zw_why *why)
{
	bool sub[ZW_DOC_MAX_RECIPIENTS];
	char path[512];
	size_t i;
	int rc;

	if (in->doc_type == NULL || zw_doc_type_index(in->doc_type) < 0) {
		ZW_WHY(why, "unknown_doc_type",
		    "文种应为《党政机关公文处理工作条例》第八条规定的15种之一", "doc_type");
		return ZW_EINVAL;
	}
	if ((rc = zw_doc_check_secrecy(in->secrecy, why)) != ZW_OK ||
	    (rc = zw_doc_check_urgency(in->urgency, why)) != ZW_OK ||
	    (rc = zw_check_text(in->title, "title", true, 200, why)) != ZW_OK ||
	    (rc = zw_check_text(in->body, "body", false, ZW_MAX_LONG_TEXT, why)) ||
	    (rc = zw_check_text(in->annotation, "annotation", false, 500, why)) ||
	    (rc = zw_check_text(in->issuer_name, "issuer_name", false, 200, why)))
		return rc;
	if (in->handling_days < 0 || in->handling_days > 365) {
		ZW_WHY(why, "out_of_range", "办理时限应在0到365个工作日之间", "handling_days");
		return ZW_EINVAL;
	}
	if (in->n_main + in->n_cc > ZW_DOC_MAX_RECIPIENTS ||
	    in->n_att > ZW_DOC_MAX_ATTACHMENTS) {
		ZW_WHY(why, "too_many", "收文单位或附件过多", NULL);
		return ZW_ETOOBIG;
	}
	for (i = 0; i < in->n_main + in->n_cc; i++) {
		int64_t org = i < in->n_main ? in->main_to[i] : in->cc_to[i - in->n_main];
		bool active;

		if (in_list(i < in->n_main ? in->main_to : in->cc_to,
		    i < in->n_main ? i : i - in->n_main, org) ||
		    (i >= in->n_main && in_list(in->main_to, in->n_main, org))) {
			ZW_WHY(why, "duplicate_recipient", "同一单位不能重复列为收文单位",
			    i < in->n_main ? "main_to" : "cc_to");
			return ZW_EINVAL;
		}
		if (org_info(c, org, path, sizeof(path), &active) != ZW_OK || !active) {
			ZW_WHY(why, "unknown_recipient",
			    "收文单位不是本平台的在用机构", i < in->n_main ? "main_to" : "cc_to");
			return ZW_EINVAL;
		}
		if (i >= in->n_main)
			sub[i - in->n_main] = strncmp(path, sender_path,
			    strlen(sender_path)) == 0 && strcmp(path, sender_path) != 0;
	}
	if ((rc = zw_doc_check_routing(in->doc_type, in->n_main, in->n_cc, sub,
	    in->signer_id > 0, why)) != ZW_OK)
		return rc;
	if (in->signer_id > 0) {
		zw_stmt *s;

		rc = zw_prepare(c, "SELECT 1 FROM users WHERE id = ? AND kind = 'staff' "
		    "AND status = 'active'", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, in->signer_id);
		rc = zw_step(s);
		zw_reset(s);
		if (rc != ZW_ROW) {
			ZW_WHY(why, "unknown_signer", "签发人不存在", "signer_id");
			return ZW_EINVAL;
		}
	}
	if (in->n_co > ZW_DOC_MAX_CO_ISSUERS) {
		ZW_WHY(why, "too_many", "联合发文机关过多", "co_issuers");
		return ZW_EINVAL;
	}
	for (i = 0; i < in->n_co; i++) {
		bool active;

		if (in->co_issuers[i] == who->org_id ||
		    in_list(in->co_issuers, i, in->co_issuers[i])) {
			ZW_WHY(why, "invalid_co_issuer",
			    "联合发文机关不能重复，也不能是主办机关本身", "co_issuers");
			return ZW_EINVAL;
		}
		if (org_info(c, in->co_issuers[i], path, sizeof(path), &active) != ZW_OK ||
		    !active) {
			ZW_WHY(why, "unknown_co_issuer", "联合发文机关不是本平台的在用机构",
			    "co_issuers");
			return ZW_EINVAL;
		}
	}
	for (i = 0; i < in->n_att; i++) {
		zw_stmt *s;

		if (in_list(in->attachments, i, in->attachments[i])) {
			ZW_WHY(why, "duplicate_attachment", "同一附件不能重复添加", "attachments");
			return ZW_EINVAL;
		}
		rc = zw_prepare(c, "SELECT filename FROM files WHERE id = ? AND "
		    "(org_id = ? OR uploaded_by = ?)", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, in->attachments[i]);
		zw_bind_int(s, 2, who->org_id);
		zw_bind_int(s, 3, who->id);
		if (zw_step(s) != ZW_ROW) {
			ZW_WHY(why, "unknown_attachment", "附件不存在或不属于本单位", "attachments");
			return ZW_EINVAL;
		}
		rc = zw_doc_check_attachment_name(zw_col_text(s, 0), why);
		zw_reset(s);
		if (rc != ZW_OK)
			return rc;
	}
	return ZW_OK;
}

/* Write recipients and attachments (after clearing them). */
static int
write_lists(zw_conn *c, int64_t id, const struct zw_doc_in *in)
{
	zw_stmt *s;
	size_t i;
	int rc;

	if ((rc = zw_prepare(c, "DELETE FROM document_recipients WHERE doc_id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = zw_prepare(c, "DELETE FROM document_attachments WHERE doc_id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = zw_prepare(c, "DELETE FROM document_co_issuers WHERE doc_id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	for (i = 0; i < in->n_co; i++) {
		rc = zw_prepare(c, "INSERT INTO document_co_issuers (doc_id, org_id, "
		    "position) VALUES (?, ?, ?)", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, id);
		zw_bind_int(s, 2, in->co_issuers[i]);
		zw_bind_int(s, 3, (int64_t)i + 1);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	for (i = 0; i < in->n_main + in->n_cc; i++) {
		rc = zw_prepare(c, "INSERT INTO document_recipients (doc_id, org_id, "
		    "kind, position) VALUES (?, ?, ?, ?)", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, id);
		zw_bind_int(s, 2, i < in->n_main ? in->main_to[i] : in->cc_to[i - in->n_main]);
		zw_bind_text(s, 3, i < in->n_main ? "main" : "cc", (size_t)-1);
		zw_bind_int(s, 4, (int64_t)i);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	for (i = 0; i < in->n_att; i++) {
		rc = zw_prepare(c, "INSERT INTO document_attachments (doc_id, position, "
		    "file_id) VALUES (?, ?, ?)", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, id);
		zw_bind_int(s, 2, (int64_t)i + 1);
		zw_bind_int(s, 3, in->attachments[i]);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	return ZW_OK;
}

static int
save_version(zw_conn *c, int64_t id, int64_t version, const struct zw_doc_in *in,
    int64_t by)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "INSERT INTO document_versions (doc_id, version, title, "
	    "body, edited_by, edited_at) VALUES (?, ?, ?, ?, ?, ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, version);
	zw_bind_text(s, 3, in->title, (size_t)-1);
	zw_bind_text(s, 4, in->body ? in->body : "", (size_t)-1);
	zw_bind_int(s, 5, by);
	zw_bind_int(s, 6, zw_now());
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

static int
sender_path(zw_conn *c, const struct zw_actor *who, char *path, size_t size)
{
	bool active;

	if (who->org_id <= 0 || org_info(c, who->org_id, path, size, &active) != ZW_OK)
		return ZW_EPERM;
	return ZW_OK;
}

int
zw_doc_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_doc_in *in, int64_t *id, struct zw_why *why)
{
	char path[512];
	int64_t now = zw_now(), nid;
	zw_stmt *s;
	int rc;

	if (!zw_actor_can(who, "documents.draft")) {
		ZW_WHY(why, "forbidden", "没有起草公文的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = sender_path(c, who, path, sizeof(path))) != ZW_OK ||
	    (rc = validate(c, who, in, path, why)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "INSERT INTO documents (org_id, drafter_id, doc_type, "
	    "title, body, urgency, secrecy, annotation, issuer_name, handling_days, "
	    "signer_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->org_id);
	zw_bind_int(s, 2, who->id);
	zw_bind_text(s, 3, zw_doc_types[zw_doc_type_index(in->doc_type)], (size_t)-1);
	zw_bind_text(s, 4, in->title, (size_t)-1);
	zw_bind_text(s, 5, in->body ? in->body : "", (size_t)-1);
	zw_bind_text(s, 6, in->urgency ? in->urgency : "", (size_t)-1);
	zw_bind_text(s, 7, "非密", (size_t)-1);
	zw_bind_text(s, 8, in->annotation ? in->annotation : "", (size_t)-1);
	zw_bind_text(s, 9, in->issuer_name ? in->issuer_name : "", (size_t)-1);
	zw_bind_int(s, 10, in->handling_days);
	if (in->signer_id > 0)
		zw_bind_int(s, 11, in->signer_id);
	else
		zw_bind_null(s, 11);
	zw_bind_int(s, 12, now);
	zw_bind_int(s, 13, now);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	nid = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = write_lists(c, nid, in)) != ZW_OK ||
	    (rc = save_version(c, nid, 1, in, who->id)) != ZW_OK ||
	    (rc = zw_doc_index(c, nid)) != ZW_OK ||
	    (rc = zw_doc_step(c, who, nid, "起草", NULL)) != ZW_OK)
		return rc;
	{
		json_t *d = json_pack("{s:s, s:s}", "doc_type", in->doc_type, "title",
		    in->title);

		rc = zw_actor_audit(c, who, "document.create", "document", nid,
		    "success", d);
		json_decref(d);
	}
	if (rc == ZW_OK && id != NULL)
		*id = nid;
	return rc;
}

int
zw_doc_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_doc_in *in, struct zw_why *why)
{
	struct zw_doc_row d;
	char path[512];
	zw_stmt *s;
	int64_t version;
	int rc;

	if ((rc = zw_doc_visible(c, who, id)) != ZW_OK ||
	    (rc = zw_doc_load(c, id, &d)) != ZW_OK)
		return rc;
	if (d.drafter_id != who->id) {
		ZW_WHY(why, "not_drafter", "只有起草人可以修改草稿", NULL);
		return ZW_EPERM;
	}
	if (strcmp(d.status, "draft") && strcmp(d.status, "returned")) {
		ZW_WHY(why, "not_editable", "公文已送审或签发，不能再修改", NULL);
		return ZW_ESTATE;
	}
	if ((rc = sender_path(c, who, path, sizeof(path))) != ZW_OK ||
	    (rc = validate(c, who, in, path, why)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "UPDATE documents SET doc_type = ?, title = ?, body = ?, "
	    "urgency = ?, annotation = ?, issuer_name = ?, handling_days = ?, "
	    "signer_id = ?, version = version + 1, updated_at = ? WHERE id = ? "
	    "RETURNING version", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, zw_doc_types[zw_doc_type_index(in->doc_type)], (size_t)-1);
	zw_bind_text(s, 2, in->title, (size_t)-1);
	zw_bind_text(s, 3, in->body ? in->body : "", (size_t)-1);
	zw_bind_text(s, 4, in->urgency ? in->urgency : "", (size_t)-1);
	zw_bind_text(s, 5, in->annotation ? in->annotation : "", (size_t)-1);
	zw_bind_text(s, 6, in->issuer_name ? in->issuer_name : "", (size_t)-1);
	zw_bind_int(s, 7, in->handling_days);
	if (in->signer_id > 0)
		zw_bind_int(s, 8, in->signer_id);
	else
		zw_bind_null(s, 8);
	zw_bind_int(s, 9, zw_now());
	zw_bind_int(s, 10, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	version = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = write_lists(c, id, in)) != ZW_OK ||
	    (rc = save_version(c, id, version, in, who->id)) != ZW_OK ||
	    (rc = zw_doc_index(c, id)) != ZW_OK)
		return rc;
	return zw_actor_audit(c, who, "document.update", "document", id, "success", NULL);
}

static int
set_status(zw_conn *c, int64_t id, const char *status)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, status, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, id);
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

int
zw_doc_submit(zw_conn *c, const struct zw_actor *who, int64_t id,
    const int64_t *reviewers, size_t n, struct zw_why *why)
{
	struct zw_doc_row d;
	zw_stmt *s;
	size_t i;
	int rc;

	if ((rc = zw_doc_visible(c, who, id)) != ZW_OK ||
	    (rc = zw_doc_load(c, id, &d)) != ZW_OK)
		return rc;
	if (d.drafter_id != who->id) {
		ZW_WHY(why, "not_drafter", "只有起草人可以送审", NULL);
		return ZW_EPERM;
	}
	if (strcmp(d.status, "draft") && strcmp(d.status, "returned")) {
		ZW_WHY(why, "wrong_state", "公文不在草稿状态，不能送审", NULL);
		return ZW_ESTATE;
	}
	if (n > ZW_DOC_MAX_REVIEWERS) {
		ZW_WHY(why, "too_many", "审核人过多", "reviewers");
		return ZW_EINVAL;
	}
	if ((rc = zw_prepare(c, "DELETE FROM document_reviews WHERE doc_id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		int64_t org;

		if (reviewers[i] == who->id || in_list(reviewers, i, reviewers[i])) {
			ZW_WHY(why, "invalid_reviewer", "审核人不能是起草人本人，也不能重复",
			    "reviewers");
			return ZW_EINVAL;
		}
		rc = zw_prepare(c, "SELECT org_id FROM users WHERE id = ? AND "
		    "kind = 'staff' AND status = 'active'", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, reviewers[i]);
		if (zw_step(s) != ZW_ROW) {
			ZW_WHY(why, "invalid_reviewer", "审核人不存在", "reviewers");
			return ZW_EINVAL;
		}
		org = zw_col_int(s, 0);
		zw_reset(s);
		rc = zw_prepare(c, "INSERT INTO document_reviews (doc_id, user_id, kind) "
		    "VALUES (?, ?, ?)", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, id);
		zw_bind_int(s, 2, reviewers[i]);
		/* a reviewer from another department countersigns (会签) */
		zw_bind_text(s, 3, org == d.org_id ? "review" : "countersign", (size_t)-1);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	/* 联合行文: every co-issuing organization countersigns (会签). */
	rc = zw_prepare(c, "SELECT o.name FROM document_co_issuers ci JOIN orgs o ON "
	    "o.id = ci.org_id WHERE ci.doc_id = ? AND NOT EXISTS (SELECT 1 FROM "
	    "document_reviews r JOIN users u ON u.id = r.user_id WHERE r.doc_id = "
	    "ci.doc_id AND u.org_id = ci.org_id) ORDER BY ci.position", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) == ZW_ROW) {
		zw_reset(s);
		ZW_WHY(why, "countersign_required",
		    "联合行文须由每个联合发文机关的人员会签", "reviewers");
		return ZW_EINVAL;
	}
	if (rc < 0)
		return rc;
	if ((rc = set_status(c, id, n > 0 ? "reviewing" : "reviewed")) != ZW_OK ||
	    (rc = zw_doc_step(c, who, id, "送审", NULL)) != ZW_OK)
		return rc;
	return zw_actor_audit(c, who, "document.submit", "document", id, "success", NULL);
}

int
zw_doc_review(zw_conn *c, const struct zw_actor *who, int64_t id,
    bool approved, const char *comment, struct zw_why *why)
{
	struct zw_doc_row d;
	char kind[16];
	zw_stmt *s;
	int64_t pending;
	int rc;

	if ((rc = zw_doc_visible(c, who, id)) != ZW_OK ||
	    (rc = zw_doc_load(c, id, &d)) != ZW_OK)
		return rc;
	if (strcmp(d.status, "reviewing") != 0) {
		ZW_WHY(why, "wrong_state", "公文不在审核中", NULL);
		return ZW_ESTATE;
	}
	if ((rc = zw_check_text(comment, "comment", !approved, 500, why)) != ZW_OK) {
		if (!approved && (comment == NULL || *comment == '\0'))
			ZW_WHY(why, "required", "退回修改须填写意见", "comment");
		return rc;
	}
	rc = zw_prepare(c, "SELECT kind FROM document_reviews WHERE doc_id = ? AND "
	    "user_id = ? AND state = 'pending'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, who->id);
	if (zw_step(s) != ZW_ROW) {
		ZW_WHY(why, "not_reviewer", "您不是本公文的待审核人", NULL);
		return ZW_EPERM;
	}
	zw_strlcpy(kind, zw_col_text(s, 0), sizeof(kind));
	zw_reset(s);
	rc = zw_prepare(c, "UPDATE document_reviews SET state = ?, opinion = ?, at = ? "
	    "WHERE doc_id = ? AND user_id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, approved ? "approved" : "returned", (size_t)-1);
	zw_bind_text(s, 2, comment ? comment : "", (size_t)-1);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, id);
	zw_bind_int(s, 5, who->id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = zw_doc_step(c, who, id, !approved ? "退回修改" :
	    strcmp(kind, "countersign") == 0 ? "会签" : "审核", comment)) != ZW_OK)
		return rc;
	if (!approved) {
		if ((rc = set_status(c, id, "returned")) != ZW_OK)
			return rc;
	} else {
		rc = zw_prepare(c, "SELECT COUNT(*) FROM document_reviews WHERE "
		    "doc_id = ? AND state = 'pending'", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, id);
		if ((rc = zw_step(s)) != ZW_ROW)
			return rc < 0 ? rc : ZW_EDB;
		pending = zw_col_int(s, 0);
		zw_reset(s);
		if (pending == 0 && (rc = set_status(c, id, "reviewed")) != ZW_OK)
			return rc;
	}
	{
		json_t *dj = json_pack("{s:b, s:s}", "approved", approved, "comment",
		    comment ? comment : "");

		rc = zw_actor_audit(c, who, "document.review", "document", id,
		    "success", dj);
		json_decref(dj);
	}
	return rc;
}

int
zw_doc_sign_off(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *opinion, struct zw_why *why)
{
	struct zw_doc_row d;
	char today[11];
	zw_stmt *s;
	int rc;

	if ((rc = zw_doc_visible(c, who, id)) != ZW_OK ||
	    (rc = zw_doc_load(c, id, &d)) != ZW_OK)
		return rc;
	if (!zw_actor_can(who, "documents.sign_off")) {
		ZW_WHY(why, "forbidden", "没有签发公文的权限", NULL);
		return ZW_EPERM;
	}
	/* The signer leads the drafting organization or one above it. */
	if (who->org_path == NULL || strncmp(d.org_path, who->org_path,
	    strlen(who->org_path)) != 0 || (d.signer_id > 0 && d.signer_id != who->id)) {
		ZW_WHY(why, "not_signer", "只有本单位或上级领导（指定的签发人）可以签发", NULL);
		return ZW_EPERM;
	}
	if (strcmp(d.status, "reviewed") != 0) {
		ZW_WHY(why, "wrong_state", strcmp(d.status, "reviewing") == 0 ?
		    "审核尚未完成，不能签发" : "公文当前状态不能签发", NULL);
		return ZW_ESTATE;
	}
	if ((rc = zw_check_text(opinion, "opinion", false, 500, why)) != ZW_OK)
		return rc;
	/* 成文日期 is the day the leader signs (GB/T 9704 §7.3.5). */
	zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
	rc = zw_prepare(c, "UPDATE documents SET status = 'signed', signed_by = ?, "
	    "signer_id = ?, signed_at = ?, written_on = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->id);
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, zw_now());
	zw_bind_text(s, 4, today, (size_t)-1);
	zw_bind_int(s, 5, zw_now());
	zw_bind_int(s, 6, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = zw_doc_step(c, who, id, "签发", opinion)) != ZW_OK)
		return rc;
	return zw_actor_audit(c, who, "document.sign_off", "document", id, "success", NULL);
}

/* Next number of a counter, in the caller's transaction: no gaps, since
 * a rolled-back issue rolls the counter back too. */
int
zw_doc_next_seq(zw_conn *c, const char *scope, int year, int64_t *seq)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "INSERT INTO doc_counters (scope, year, last_seq) "
	    "VALUES (?, ?, 1) ON CONFLICT (scope, year) DO UPDATE SET "
	    "last_seq = doc_counters.last_seq + 1 RETURNING last_seq", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, scope, (size_t)-1);
	zw_bind_int(s, 2, year);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	*seq = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_doc_issue(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *datadir, const unsigned char *master_key,
    const zw_calendar *cal, struct zw_why *why)
{
	struct zw_doc_row d;
	char prefix[64], docno[128], today[11], due[11];
	int64_t seq, now = zw_now(), handling;
	zw_date td = zw_date_of(now);
	zw_stmt *s;
	int rc;

	if ((rc = zw_doc_visible(c, who, id)) != ZW_OK ||
	    (rc = zw_doc_load(c, id, &d)) != ZW_OK)
		return rc;
	if (!zw_actor_can(who, "documents.issue") || who->org_id != d.org_id) {
		ZW_WHY(why, "forbidden", "只有发文单位的文书人员可以复核、登记和核发", NULL);
		return ZW_EPERM;
	}
	if (strcmp(d.status, "signed") != 0) {
		ZW_WHY(why, "wrong_state", "公文尚未签发，不能核发", NULL);
		return ZW_ESTATE;
	}
	if (d.short_name[0] == '\0') {
		ZW_WHY(why, "no_short_name", "发文机关没有机关代字，无法编发文字号", NULL);
		return ZW_EINVAL;
	}
	/* 复核: the recipients still exist and are active. */
	rc = zw_prepare(c, "SELECT COUNT(*) FROM document_recipients r JOIN orgs o "
	    "ON o.id = r.org_id WHERE r.doc_id = ? AND o.status <> 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	if (zw_col_int(s, 0) > 0) {
		zw_reset(s);
		ZW_WHY(why, "inactive_recipient", "复核未通过：有收文单位已停用", NULL);
		return ZW_EINVAL;
	}
	zw_reset(s);
	if ((rc = zw_doc_step(c, who, id, "复核", NULL)) != ZW_OK)
		return rc;
	/* 登记: 发文字号 机关代字〔年〕序号号 (GB/T 9704 §7.2.5); 函 adds 函. */
	if (snprintf(prefix, sizeof(prefix), "%s%s", d.short_name,
	    strcmp(d.doc_type, "函") == 0 ? "函" : "") >= (int)sizeof(prefix)) {
		ZW_WHY(why, "bad_short_name", "机关代字过长", NULL);
		return ZW_EINVAL;
	}
	if ((rc = zw_doc_next_seq(c, prefix, td.y, &seq)) != ZW_OK ||
	    (rc = zw_doc_no_format(prefix, td.y, seq, docno, sizeof(docno))) != ZW_OK)
		return rc;
	zw_date_fmt(td, today, sizeof(today));
	rc = zw_prepare(c, "UPDATE documents SET doc_no = ?, printed_by = ?, "
	    "printed_on = ?, issued_at = ?, issuer_name = CASE WHEN issuer_name = '' "
	    "THEN ? ELSE issuer_name END, updated_at = ? WHERE id = ? "
	    "RETURNING handling_days", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, docno, (size_t)-1);
	zw_bind_text(s, 2, d.org_name, (size_t)-1);
	zw_bind_text(s, 3, today, (size_t)-1);
	zw_bind_int(s, 4, now);
	zw_bind_text(s, 5, d.org_name, (size_t)-1);
	zw_bind_int(s, 6, now);
	zw_bind_int(s, 7, id);
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "duplicate_doc_no", "发文字号已被使用", NULL);
		return rc;
	}
	if (rc != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	handling = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = zw_doc_step(c, who, id, "登记", docno)) != ZW_OK ||
	    (rc = zw_doc_index(c, id)) != ZW_OK)	/* now findable by number */
		return rc;
	/* 核发: seal, then outbox + deliveries for every recipient. */
	if ((rc = zw_doc_seal(c, id, datadir, master_key, why)) != ZW_OK)
		return rc;
	due[0] = '\0';
	rc = zw_prepare(c, "SELECT urgency FROM documents WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if (zw_step(s) == ZW_ROW) {
		const char *u = zw_col_text(s, 0);

		/* Urgent documents carry a handling deadline (§1.5 承办). */
		if (*u && handling <= 0)
			handling = strcmp(u, "特急") == 0 ? 1 : 3;
		if (*u)
			zw_date_fmt(zw_add_working_days(cal, td, (int)handling), due,
			    sizeof(due));
		zw_reset(s);
	}
	rc = zw_prepare(c, "INSERT INTO outbox (doc_id, to_org_id, node, state, "
	    "created_at, delivered_at) SELECT doc_id, org_id, 'local', 'delivered', "
	    "?, ? FROM document_recipients WHERE doc_id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, now);
	zw_bind_int(s, 2, now);
	zw_bind_int(s, 3, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	rc = zw_prepare(c, "INSERT INTO deliveries (doc_id, to_org_id, kind, status, "
	    "due_date, created_at) SELECT doc_id, org_id, kind, 'pending', ?, ? "
	    "FROM document_recipients WHERE doc_id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	if (due[0])
		zw_bind_text(s, 1, due, (size_t)-1);
	else
		zw_bind_null(s, 1);
	zw_bind_int(s, 2, now);
	zw_bind_int(s, 3, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = set_status(c, id, "issued")) != ZW_OK ||
	    (rc = zw_doc_step(c, who, id, "核发", NULL)) != ZW_OK)
		return rc;
	{
		json_t *dj = json_pack("{s:s}", "doc_no", docno);

		rc = zw_actor_audit(c, who, "document.issue", "document", id,
		    "success", dj);
		json_decref(dj);
	}
	return rc;
}

int
zw_doc_archive(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *retention, char *archive_no, size_t size, struct zw_why *why)
{
	struct zw_doc_row d;
	char fonds[24], dept[24], scope[80];
	int64_t item;
	zw_stmt *s;
	zw_date td = zw_date_of(zw_now());
	size_t i, j;
	int rc;

	if ((rc = zw_doc_visible(c, who, id)) != ZW_OK ||
	    (rc = zw_doc_load(c, id, &d)) != ZW_OK)
		return rc;
	if (!zw_actor_can(who, "documents.archive") || who->org_id != d.org_id) {
		ZW_WHY(why, "forbidden", "只有发文单位的文书人员可以归档", NULL);
		return ZW_EPERM;
	}
	if (strcmp(d.status, "archived") == 0) {
		ZW_WHY(why, "archived", "公文已归档，不能再修改", NULL);
		return ZW_ESTATE;
	}
	if (strcmp(d.status, "issued") != 0) {
		ZW_WHY(why, "wrong_state", "只有已核发的公文可以归档", NULL);
		return ZW_ESTATE;
	}
	if (retention == NULL || !zw_doc_retention_valid(retention)) {
		ZW_WHY(why, "invalid_retention", "保管期限应为 Y（永久）、D30（定期30年）或 D10（定期10年）",
		    "retention");
		return ZW_EINVAL;
	}
	/* 全宗号 and 机构代码 from the organization code (letters and digits). */
	rc = zw_prepare(c, "SELECT code FROM orgs WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, d.org_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	{
		const char *code = zw_col_text(s, 0);

		for (i = j = 0; code[i] && j < 16; i++)
			if ((code[i] >= '0' && code[i] <= '9') ||
			    (code[i] >= 'a' && code[i] <= 'z') ||
			    (code[i] >= 'A' && code[i] <= 'Z'))
				dept[j++] = (char)(code[i] >= 'a' && code[i] <= 'z' ?
				    code[i] - 32 : code[i]);
		dept[j] = '\0';
	}
	zw_reset(s);
	snprintf(fonds, sizeof(fonds), "Z%lld", (long long)d.org_id);
	if (dept[0] == '\0')
		zw_strlcpy(dept, "BGS", sizeof(dept));
	snprintf(scope, sizeof(scope), "archive:%s:%s:%s", fonds, retention, dept);
	if ((rc = zw_doc_next_seq(c, scope, td.y, &item)) != ZW_OK ||
	    (rc = zw_doc_archive_no(fonds, td.y, retention, dept, item, archive_no,
	    size, why)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "UPDATE documents SET status = 'archived', archive_no = ?, "
	    "retention = ?, archived_at = ?, updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, archive_no, (size_t)-1);
	zw_bind_text(s, 2, retention, (size_t)-1);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = zw_doc_step(c, who, id, "归档", archive_no)) != ZW_OK ||
	    (rc = zw_doc_index(c, id)) != ZW_OK)	/* findable by 档号 */
		return rc;
	{
		json_t *dj = json_pack("{s:s}", "archive_no", archive_no);

		rc = zw_actor_audit(c, who, "document.archive", "document", id,
		    "success", dj);
		json_decref(dj);
	}
	return rc;
}
