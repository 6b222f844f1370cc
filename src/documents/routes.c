/*
 * routes.c -- the JSON API of 公文 (API.md "Documents").
 */
#include <string.h>

#include "base/limits.h"
#include "base/str.h"
#include "documents/documents.h"
#include "documents/routes.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

static const char *const doc_keys[] = { "doc_type", "title", "body", "urgency",
	"secrecy", "annotation", "issuer_name", "signer_id", "handling_days",
	"main_to", "cc_to", "attachments", "co_issuers", NULL };

/* A JSON array of positive ids (at most max). */
static bool
in_ids(zw_req *r, json_t *obj, const char *key, size_t max,
    const int64_t **out, size_t *n)
{
	json_t *arr = json_object_get(obj, key), *v;
	int64_t *ids;
	size_t i;

	*out = NULL;
	*n = 0;
	if (arr == NULL || json_is_null(arr))
		return true;
	if (!json_is_array(arr)) {
		zw_fail(r, 400, "wrong_type", zw_aprintf(r->a, "字段 %s 应为机构或文件ID数组",
		    key), key);
		return false;
	}
	if (json_array_size(arr) > max) {
		zw_fail(r, 422, "too_many", zw_aprintf(r->a, "字段 %s 最多 %zu 项", key,
		    max), key);
		return false;
	}
	ids = zw_alloc(r->a, sizeof(*ids) * (json_array_size(arr) + 1));
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			zw_fail(r, 400, "wrong_type", zw_aprintf(r->a,
			    "字段 %s 应为正整数ID数组", key), key);
			return false;
		}
		ids[i] = json_integer_value(v);
	}
	*out = ids;
	*n = json_array_size(arr);
	return true;
}

static bool
doc_from_json(zw_req *r, struct zw_doc_in *in)
{
	json_t *j = r->json;

	memset(in, 0, sizeof(*in));
	if (j == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return false;
	}
	return zw_in_known(r, j, doc_keys) &&
	    zw_in_str(r, j, "doc_type", true, 8, &in->doc_type) &&
	    zw_in_str(r, j, "title", true, 200, &in->title) &&
	    zw_in_str(r, j, "body", false, ZW_MAX_LONG_TEXT, &in->body) &&
	    zw_in_str(r, j, "urgency", false, 8, &in->urgency) &&
	    zw_in_str(r, j, "secrecy", false, 20, &in->secrecy) &&
	    zw_in_str(r, j, "annotation", false, 500, &in->annotation) &&
	    zw_in_str(r, j, "issuer_name", false, 200, &in->issuer_name) &&
	    zw_in_int(r, j, "signer_id", false, 1, INT64_MAX, &in->signer_id) &&
	    zw_in_int(r, j, "handling_days", false, 0, 365, &in->handling_days) &&
	    in_ids(r, j, "main_to", ZW_DOC_MAX_RECIPIENTS, &in->main_to, &in->n_main) &&
	    in_ids(r, j, "cc_to", ZW_DOC_MAX_RECIPIENTS, &in->cc_to, &in->n_cc) &&
	    in_ids(r, j, "attachments", ZW_DOC_MAX_ATTACHMENTS, &in->attachments,
	    &in->n_att) &&
	    in_ids(r, j, "co_issuers", ZW_DOC_MAX_CO_ISSUERS, &in->co_issuers,
	    &in->n_co);
}

/* Reply with the document after a change committed. */
static void
reply_doc(zw_req *r, int status, int64_t id)
{
	struct zw_actor who;
	json_t *o;
	int rc;

	zw_req_actor(r, &who);
	if ((rc = zw_doc_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	if (status == 201)
		zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/documents/%lld",
		    (long long)id));
	zw_json(r, status, o);
}

static void
api_doc_list(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_doc_list(r->db, &who, zw_query(r, "status"), limit, cursor,
	    &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_doc_create(zw_req *r)
{
	struct zw_doc_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!doc_from_json(r, &in) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_doc_create(c, &who, &in, &id, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_doc(r, 201, id);
}

static void
api_doc_get(zw_req *r)
{
	zw_get_by_id(r, zw_doc_get, "公文不存在");
}

static void
api_doc_patch(zw_req *r)
{
	struct zw_doc_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || !doc_from_json(r, &in) ||
	    (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_doc_update(c, &who, id, &in, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		reply_doc(r, 200, id);
}

enum doc_action { DA_SUBMIT, DA_REVIEW, DA_SIGN, DA_ISSUE, DA_ARCHIVE };

static void
doc_action(zw_req *r, enum doc_action act)
{
	static const char *const submit_keys[] = { "reviewers", NULL };
	static const char *const review_keys[] = { "approved", "comment", NULL };
	static const char *const sign_keys[] = { "opinion", NULL };
	static const char *const archive_keys[] = { "retention", NULL };
	static const char *const no_keys[] = { NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const int64_t *ids = NULL;
	const char *text = NULL;
	char archive_no[128];
	bool approved = false;
	size_t n = 0;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL)
		r->json = json_object();
	switch (act) {
	case DA_SUBMIT:
		if (!zw_in_known(r, r->json, submit_keys) ||
		    !in_ids(r, r->json, "reviewers", ZW_DOC_MAX_REVIEWERS, &ids, &n))
			return;
		break;
	case DA_REVIEW:
		if (!zw_in_known(r, r->json, review_keys) ||
		    !zw_in_bool(r, r->json, "approved", true, &approved) ||
		    !zw_in_str(r, r->json, "comment", false, 500, &text))
			return;
		break;
	case DA_SIGN:
		if (!zw_in_known(r, r->json, sign_keys) ||
		    !zw_in_str(r, r->json, "opinion", false, 500, &text))
			return;
		break;
	case DA_ARCHIVE:
		if (!zw_in_known(r, r->json, archive_keys) ||
		    !zw_in_str(r, r->json, "retention", true, 8, &text))
			return;
		break;
	case DA_ISSUE:
		if (!zw_in_known(r, r->json, no_keys))
			return;
		break;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	switch (act) {
	case DA_SUBMIT:
		rc = zw_doc_submit(c, &who, id, ids, n, &why);
		break;
	case DA_REVIEW:
		rc = zw_doc_review(c, &who, id, approved, text, &why);
		break;
	case DA_SIGN:
		rc = zw_doc_sign_off(c, &who, id, text, &why);
		break;
	case DA_ISSUE:
		pthread_rwlock_rdlock(&r->app->cal_lock);
		rc = zw_doc_issue(c, &who, id, r->app->datadir, r->app->master_key,
		    r->app->cal, &why);
		pthread_rwlock_unlock(&r->app->cal_lock);
		break;
	default:
		rc = zw_doc_archive(c, &who, id, text, archive_no, sizeof(archive_no),
		    &why);
		break;
	}
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if (act == DA_ARCHIVE) {
		zw_json(r, 200, json_pack("{s:s}", "archive_no", archive_no));
		return;
	}
	reply_doc(r, 200, id);
}

static void api_doc_submit(zw_req *r) { doc_action(r, DA_SUBMIT); }
static void api_doc_review(zw_req *r) { doc_action(r, DA_REVIEW); }
static void api_doc_sign(zw_req *r) { doc_action(r, DA_SIGN); }
static void api_doc_issue(zw_req *r) { doc_action(r, DA_ISSUE); }
static void api_doc_archive(zw_req *r) { doc_action(r, DA_ARCHIVE); }

static void
api_doc_verification(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	json_t *o;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_doc_verification(r->db, &who, id, r->app->datadir, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, rc == ZW_ESTATE ? "公文尚未核发盖章" : NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_doc_package(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_buf_reset(&r->out);
	if ((rc = zw_doc_package(r->db, &who, id, r->app->datadir, &r->out)) != ZW_OK) {
		zw_buf_reset(&r->out);
		if (rc == ZW_ECRYPTO)
			zw_fail(r, 409, "integrity", "附件文件已被篡改，不能导出归档包", NULL);
		else
			zw_fail_rc(r, rc, rc == ZW_ESTATE ? "只有已核发或已归档的公文可以导出" :
			    NULL, NULL);
		return;
	}
	r->status = 200;
	r->ctype = "application/x-tar";
	zw_set_header(r, "Content-Disposition", zw_aprintf(r->a,
	    "attachment; filename=\"document-%lld.tar\"", (long long)id));
}

static void
api_inbox(zw_req *r)
{
	struct zw_inbox_filter f = { 0 };
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *st = zw_query(r, "status");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (st != NULL && *st && strcmp(st, "pending") && strcmp(st, "received") &&
	    strcmp(st, "returned") && strcmp(st, "completed")) {
		zw_fail(r, 400, "invalid_status",
		    "status 应为 pending、received、returned 或 completed", "status");
		return;
	}
	f.status = st;
	f.urgency = zw_query(r, "urgency");
	f.overdue = zw_query(r, "overdue") != NULL && strcmp(zw_query(r, "overdue"), "1") == 0;
	if (f.urgency != NULL && *f.urgency && strcmp(f.urgency, "加急") &&
	    strcmp(f.urgency, "特急") && strcmp(f.urgency, "urgent")) {
		zw_fail(r, 400, "invalid_urgency", "urgency 应为 加急、特急 或 urgent", "urgency");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_inbox_list(r->db, &who, &f, limit, cursor, &items, &next))) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json_list(r, items, next);
}

static void
api_delivery_get(zw_req *r)
{
	zw_get_by_id(r, zw_delivery_get, "收文不存在");
}

static void
api_my_tasks(zw_req *r)
{
	struct zw_actor who;
	json_t *o;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_my_tasks(r->db, &who, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, o);
}

enum dv_action { DV_RECEIVE, DV_RETURN, DV_COMPLETE, DV_URGE, DV_PROPOSE,
	DV_INSTRUCT, DV_ASSIGN, DV_DONE };

static void
delivery_action(zw_req *r, enum dv_action act)
{
	static const char *const return_keys[] = { "reason", NULL };
	static const char *const text_keys[] = { "text", NULL };
	static const char *const done_keys[] = { "opinion", NULL };
	static const char *const assign_keys[] = { "lead", "assist", "readers", NULL };
	static const char *const no_keys[] = { NULL };
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *reason = NULL;
	const int64_t *assist = NULL, *readers = NULL;
	size_t nassist = 0, nreaders = 0;
	int64_t id, lead = 0;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	if (r->json == NULL)
		r->json = json_object();
	switch (act) {
	case DV_RETURN:
		if (!zw_in_known(r, r->json, return_keys) ||
		    !zw_in_str(r, r->json, "reason", true, 500, &reason))
			return;
		break;
	case DV_PROPOSE:
	case DV_INSTRUCT:
		if (!zw_in_known(r, r->json, text_keys) ||
		    !zw_in_str(r, r->json, "text", true, 500, &reason))
			return;
		break;
	case DV_DONE:
		if (!zw_in_known(r, r->json, done_keys) ||
		    !zw_in_str(r, r->json, "opinion", false, 500, &reason))
			return;
		break;
	case DV_ASSIGN:
		if (!zw_in_known(r, r->json, assign_keys) ||
		    !zw_in_int(r, r->json, "lead", false, 1, INT64_MAX, &lead) ||
		    !in_ids(r, r->json, "assist", ZW_DOC_MAX_REVIEWERS, &assist, &nassist) ||
		    !in_ids(r, r->json, "readers", 200, &readers, &nreaders))
			return;
		break;
	default:
		if (!zw_in_known(r, r->json, no_keys))
			return;
		break;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	switch (act) {
	case DV_RECEIVE:
		rc = zw_delivery_receive(c, &who, id, &why);
		break;
	case DV_RETURN:
		rc = zw_delivery_return(c, &who, id, reason, &why);
		break;
	case DV_COMPLETE:
		rc = zw_delivery_complete(c, &who, id, &why);
		break;
	case DV_URGE:
		rc = zw_delivery_urge(c, &who, id, &why);
		break;
	case DV_PROPOSE:
	case DV_INSTRUCT:
		rc = zw_delivery_note(c, &who, id, act == DV_INSTRUCT, reason, &why);
		break;
	case DV_ASSIGN:
		rc = zw_delivery_assign(c, &who, id, lead, assist, nassist, readers,
		    nreaders, &why);
		break;
	default:
		rc = zw_delivery_task_done(c, &who, id, reason, &why);
		break;
	}
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	{
		json_t *o;

		/* the delivery as it is now */
		if (zw_delivery_get(c, &who, id, &o) == ZW_OK) {
			zw_json(r, 200, o);
			return;
		}
	}
	{
		zw_stmt *s;

		if (zw_prepare(c, "SELECT status, COALESCE(reg_no, '') FROM deliveries "
		    "WHERE id = ?", &s) == ZW_OK) {
			zw_bind_int(s, 1, id);
			if (zw_step(s) == ZW_ROW) {
				json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id,
				    "status", zw_col_text(s, 0), "reg_no", zw_col_text(s, 1));

				zw_reset(s);
				zw_json(r, 200, o);
				return;
			}
		}
		zw_fail_rc(r, ZW_EDB, NULL, NULL);
	}
}

static void api_dv_receive(zw_req *r) { delivery_action(r, DV_RECEIVE); }
static void api_dv_return(zw_req *r) { delivery_action(r, DV_RETURN); }
static void api_dv_complete(zw_req *r) { delivery_action(r, DV_COMPLETE); }
static void api_dv_urge(zw_req *r) { delivery_action(r, DV_URGE); }
static void api_dv_propose(zw_req *r) { delivery_action(r, DV_PROPOSE); }
static void api_dv_instruct(zw_req *r) { delivery_action(r, DV_INSTRUCT); }
static void api_dv_assign(zw_req *r) { delivery_action(r, DV_ASSIGN); }
static void api_dv_done(zw_req *r) { delivery_action(r, DV_DONE); }

const struct zw_route zw_doc_routes[] = {
	{ "GET", "/api/v1/documents", api_doc_list, "documents.read", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/documents", api_doc_create, "documents.draft", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/documents/{id}", api_doc_get, "documents.read", ZW_R_STAFF, NULL },
	{ "PATCH", "/api/v1/documents/{id}", api_doc_patch, "documents.draft", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/documents/{id}/submit", api_doc_submit, "documents.draft",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/documents/{id}/review", api_doc_review, "documents.read",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/documents/{id}/sign-off", api_doc_sign, "documents.sign_off",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/documents/{id}/issue", api_doc_issue, "documents.issue",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/documents/{id}/verification", api_doc_verification,
	  "documents.read", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/documents/{id}/archive", api_doc_archive, "documents.archive",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/documents/{id}/archive-package", api_doc_package,
	  "documents.read", ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/inbox", api_inbox, "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/deliveries/{id}/receive", api_dv_receive, "documents.receive",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/deliveries/{id}/return", api_dv_return, "documents.receive",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/deliveries/{id}/complete", api_dv_complete,
	  "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/deliveries/{id}/urge", api_dv_urge, "documents.read",
	  ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/deliveries/{id}", api_delivery_get, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/deliveries/{id}/propose", api_dv_propose, "documents.receive",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/deliveries/{id}/instruct", api_dv_instruct,
	  "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/deliveries/{id}/assign", api_dv_assign, "documents.receive",
	  ZW_R_STAFF, NULL },
	{ "POST", "/api/v1/deliveries/{id}/done", api_dv_done, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/api/v1/me/tasks", api_my_tasks, NULL, ZW_R_STAFF, NULL },
};
const size_t zw_doc_routes_count = sizeof(zw_doc_routes) / sizeof(zw_doc_routes[0]);
