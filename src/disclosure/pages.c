/*
 * pages.c -- pages of disclosure on request: the public request form
 * (/xxgk/apply), the applicant's query and the printable 答复书, the
 * user's list (/my/disclosure), the published annual report
 * (/xxgk/report/{year}); and the back office (/office/disclosure...).
 *
 * None of these pages goes through the portal's page cache: every one
 * but the annual report shows personal data or a form, and the report
 * is rendered per request (it is small and rarely read).
 */
#include <string.h>

#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "disclosure/routes.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

/* [{value, selected}] of a NULL-terminated list. */
static json_t *
options(const char *const *list, const char *sel)
{
	json_t *a = json_array();

	for (; *list != NULL; list++)
		json_array_append_new(a, json_pack("{s:s, s:b}", "value", *list,
		    "selected", sel != NULL && strcmp(sel, *list) == 0));
	return a;
}

static const char *const apply_fields[] = { "applicant_kind", "org_type", "name",
	"id_number", "uscc", "legal_rep", "contact_name", "phone", "address", "email",
	"description", "purpose", "delivery", NULL };

/* The request form (the public one, or the back office's for requests
 * received by letter, fax or in person); v holds the values to show. */
static void
render_form(zw_req *r, int status, const char *tmpl, json_t *v,
    const char *error, const char *field)
{
	json_t *ctx = json_object(), *orgs = NULL, *o;
	int64_t sel = 0;
	size_t i;

	if (zw_org_list_public(r->db, &orgs) != ZW_OK)
		orgs = json_array();
	(void)zw_parse_i64(zw_json_str(v, "org_id") ? zw_json_str(v, "org_id") : "",
	    1, INT64_MAX, &sel);
	json_array_foreach(orgs, i, o)
		json_object_set_new(o, "selected", json_boolean(zw_json_int(o, "id") == sel));
	json_object_set_new(ctx, "orgs", orgs);
	json_object_set_new(ctx, "deliveries", options(zw_disc_deliveries,
	    zw_json_str(v, "delivery")));
	json_object_set_new(ctx, "org_types", options(zw_disc_org_types,
	    zw_json_str(v, "org_type")));
	json_object_set_new(ctx, "is_org", json_boolean(zw_json_str(v, "applicant_kind") &&
	    strcmp(zw_json_str(v, "applicant_kind"), "organization") == 0));
	json_object_set_new(ctx, "f", v);
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	if (field != NULL)
		json_object_set_new(ctx, "error_field", json_string(field));
	{
		json_t *chs = json_array();

		for (i = 0; i < zw_disc_nchannels; i++)
			if (!zw_disc_channels[i].online)
				json_array_append_new(chs, json_pack("{s:s, s:s, s:b}", "value",
				    zw_disc_channels[i].name, "rule", zw_disc_channels[i].rule,
				    "selected", zw_json_str(v, "channel") != NULL &&
				    strcmp(zw_json_str(v, "channel"), zw_disc_channels[i].name) == 0));
		json_object_set_new(ctx, "channels", chs);
	}
	zw_render(r, status, tmpl, ctx);
}

static void
render_apply(zw_req *r, int status, json_t *v, const char *error,
    const char *field)
{
	render_form(r, status, "portal/disclosure_apply.html", v, error, field);
}

static void
page_apply(zw_req *r)
{
	json_t *v = json_object();
	const char *kind = zw_query(r, "kind");

	if (zw_db_conn(r) == NULL) {
		json_decref(v);
		return;
	}
	/* A logged-in public user: the applicant's fields from the account. */
	if (r->user != NULL && strcmp(r->user->kind, "person") == 0) {
		json_object_set_new(v, "applicant_kind", json_string("person"));
		json_object_set_new(v, "name", json_string(r->user->name));
		json_object_set_new(v, "id_number", json_string(r->user->login));
	} else if (r->user != NULL && strcmp(r->user->kind, "enterprise") == 0) {
		json_object_set_new(v, "applicant_kind", json_string("organization"));
		json_object_set_new(v, "name", json_string(r->user->name));
		json_object_set_new(v, "uscc", json_string(r->user->login));
		json_object_set_new(v, "org_type", json_string("商业企业"));
	} else
		json_object_set_new(v, "applicant_kind", json_string(kind != NULL &&
		    strcmp(kind, "organization") == 0 ? "organization" : "person"));
	if (zw_query(r, "org") != NULL)
		json_object_set_new(v, "org_id", json_string(zw_query(r, "org")));
	render_apply(r, 200, v, NULL, NULL);
}

/* The request's fields from the form values kept in v (which outlives
 * in): a 法人's own fields, or a person's ID number. */
static void
form_to_in(json_t *v, struct zw_disc_in *in)
{
	in->applicant_kind = zw_json_str(v, "applicant_kind");
	in->name = zw_json_str(v, "name");
	if (in->applicant_kind != NULL &&
	    strcmp(in->applicant_kind, "organization") == 0) {
		in->org_type = zw_json_str(v, "org_type");
		in->uscc = zw_json_str(v, "uscc");
		in->legal_rep = zw_json_str(v, "legal_rep");
		in->contact_name = zw_json_str(v, "contact_name");
	} else
		in->id_number = zw_json_str(v, "id_number");
	in->phone = zw_json_str(v, "phone");
	in->address = zw_json_str(v, "address");
	in->email = zw_json_str(v, "email");
	in->description = zw_json_str(v, "description");
	in->purpose = zw_json_str(v, "purpose");
	in->delivery = zw_json_str(v, "delivery");
}

static void
page_apply_post(zw_req *r)
{
	char no[ZW_DISC_NO_LEN], qc[ZW_DISC_CODE_LEN + 1];
	struct zw_disc_in in;
	struct zw_disc_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *v = json_object();
	const char *org = zw_form(r, "org_id"), *p;
	size_t i;
	zw_conn *c;
	int rc;

	memset(&in, 0, sizeof(in));
	for (i = 0; apply_fields[i] != NULL; i++) {
		p = zw_form(r, apply_fields[i]);
		if (p != NULL && zw_text_problem(p, ZW_DISC_MAX_TEXT) == NULL)
			json_object_set_new(v, apply_fields[i], json_string(p));
	}
	if (org != NULL && zw_text_problem(org, 20) == NULL)
		json_object_set_new(v, "org_id", json_string(org));
	if (!zw_disc_rate_ok(r)) {
		if (zw_db_conn(r) == NULL) {	/* the form lists the organs */
			json_decref(v);
			return;
		}
		zw_set_header(r, "Retry-After", "3600");
		render_apply(r, 429, v, "提交过于频繁，请一小时后再试", NULL);
		return;
	}
	if ((c = zw_begin(r)) == NULL) {
		json_decref(v);
		return;
	}
	if (org == NULL || zw_parse_i64(org, 1, INT64_MAX, &in.org_id) != ZW_OK) {
		render_apply(r, 422, v, "请选择受理申请的行政机关", "org_id");
		return;
	}
	form_to_in(v, &in);
	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_disc_submit(c, &who, &env, &in, no, qc, &why);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_apply(r, rc == ZW_EPERM ? 403 : 422, v, why.message ? why.message :
		    "申请未提交成功，请检查后重试", why.field);
		return;
	}
	json_decref(v);
	if (!zw_commit(r))
		return;
	/* The query code is shown once: this page is never cached. */
	zw_set_header(r, "Cache-Control", "no-store");
	zw_render(r, 201, "portal/disclosure_done.html", json_pack("{s:s, s:s}",
	    "no", no, "query_code", qc));
}

/* The applicant's view: by number and query code, or the author's. */
static void
page_query(zw_req *r)
{
	const char *no = zw_query(r, "no"), *qc = zw_query(r, "query_code");
	struct zw_disc_env env;
	struct zw_actor who;
	json_t *ctx = json_object(), *o;

	if (no != NULL && *no) {
		if (zw_db_conn(r) == NULL) {
			json_decref(ctx);
			return;
		}
		zw_req_actor(r, &who);
		zw_disc_env_of(r, &env);
		pthread_rwlock_rdlock(&r->app->cal_lock);
		if (zw_disc_get(r->db, &who, &env, no, qc != NULL && *qc ? qc : NULL,
		    &o) == ZW_OK)
			json_object_set_new(ctx, "d", o);
		else
			json_object_set_new(ctx, "error", json_string(
			    ZW_DISC_NOTFOUND "，请核对后重新输入。"));
		pthread_rwlock_unlock(&r->app->cal_lock);
		json_object_set_new(ctx, "no", json_string(no));
		if (qc != NULL)
			json_object_set_new(ctx, "query_code", json_string(qc));
	}
	zw_set_header(r, "Cache-Control", "no-store");
	zw_render(r, json_object_get(ctx, "error") ? 404 : 200,
	    "portal/disclosure_query.html", ctx);
}

static void
page_reply(zw_req *r)
{
	const char *qc = zw_query(r, "query_code");
	struct zw_actor who;
	json_t *o;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_disc_reply(r->db, &who, r->params[0], qc != NULL && *qc ? qc : NULL,
	    &o)) != ZW_OK) {
		zw_fail(r, 404, "not_found", ZW_DISC_NOTFOUND, NULL);
		return;
	}
	json_object_set_new(o, "paragraphs", zw_json_lines(zw_json_str(o, "body")));
	zw_set_header(r, "Cache-Control", "no-store");
	zw_render(r, 200, "portal/disclosure_reply.html", json_pack("{s:o}", "n", o));
}

static void
page_my(zw_req *r)
{
	struct zw_disc_filter f = { 0 };
	struct zw_disc_env env;
	struct zw_actor who;
	json_t *items;
	int64_t next;

	if (r->user == NULL) {
		zw_redirect(r, "/login?next=%2Fmy%2Fdisclosure");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	f.mine = true;
	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	if (zw_disc_list(r->db, &who, &env, &f, ZW_LIST_MAX, 0, &items, &next) != ZW_OK)
		items = json_array();
	zw_render(r, 200, "portal/my_disclosure.html", json_pack("{s:o}", "items", items));
}

static void
page_report_public(zw_req *r)
{
	struct zw_disc_env env;
	json_t *o;
	int year;

	if (!zw_disc_path_year(r, &year) || zw_db_conn(r) == NULL)
		return;
	zw_disc_env_of(r, &env);
	if (zw_disc_report(r->db, &env, year, false, &o) != ZW_OK) {
		zw_fail(r, 404, "not_found", "该年度报告尚未发布", NULL);
		return;
	}
	zw_render(r, 200, "portal/disclosure_report.html", json_pack("{s:o}", "rep", o));
}

/* --- back office --- */

static void
page_office_new(zw_req *r)
{
	const char *kind = zw_query(r, "kind");

	if (zw_db_conn(r) == NULL)
		return;
	render_form(r, 200, "office/disclosure_new.html", json_pack("{s:s, s:s}",
	    "applicant_kind", kind != NULL && strcmp(kind, "organization") == 0 ?
	    "organization" : "person", "org_id", zw_aprintf(r->a, "%lld",
	    (long long)r->user->org_id)), NULL, NULL);
}

static void
page_office_new_post(zw_req *r)
{
	char no[ZW_DISC_NO_LEN], qc[ZW_DISC_CODE_LEN + 1];
	struct zw_disc_in in;
	struct zw_disc_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *v = json_object(), *o;
	const char *org = zw_form(r, "org_id"), *p;
	size_t i;
	zw_conn *c;
	int rc;

	memset(&in, 0, sizeof(in));
	for (i = 0; apply_fields[i] != NULL; i++) {
		p = zw_form(r, apply_fields[i]);
		if (p != NULL && zw_text_problem(p, ZW_DISC_MAX_TEXT) == NULL)
			json_object_set_new(v, apply_fields[i], json_string(p));
	}
	p = zw_form(r, "channel");
	if (p != NULL && zw_text_problem(p, 16) == NULL)
		json_object_set_new(v, "channel", json_string(p));
	p = zw_form(r, "received_on");
	if (p != NULL && zw_text_problem(p, 10) == NULL)
		json_object_set_new(v, "received_on", json_string(p));
	if (org != NULL && zw_text_problem(org, 20) == NULL)
		json_object_set_new(v, "org_id", json_string(org));
	if ((c = zw_begin(r)) == NULL) {
		json_decref(v);
		return;
	}
	if (org == NULL || zw_parse_i64(org, 1, INT64_MAX, &in.org_id) != ZW_OK) {
		render_form(r, 422, "office/disclosure_new.html", v,
		    "请选择受理申请的行政机关", "org_id");
		return;
	}
	form_to_in(v, &in);
	in.channel = zw_json_str(v, "channel") ? zw_json_str(v, "channel") : "";
	in.received_on = zw_json_str(v, "received_on") ? zw_json_str(v, "received_on") : "";
	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_disc_submit(c, &who, &env, &in, no, qc, &why);
	if (rc == ZW_OK)
		rc = zw_disc_get(c, &who, &env, no, NULL, &o);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_form(r, rc == ZW_EPERM ? 403 : 422, "office/disclosure_new.html", v,
		    why.message ? why.message : "登记未成功，请检查后重试", why.field);
		return;
	}
	json_decref(v);
	if (zw_commit(r)) {
		/* The query code goes to the applicant with the receipt. */
		zw_set_header(r, "Cache-Control", "no-store");
		zw_render(r, 201, "office/disclosure_recorded.html", json_pack("{s:o, s:s}",
		    "d", o, "query_code", qc));
	} else
		json_decref(o);
}

static void
page_office_list(zw_req *r)
{
	struct zw_disc_filter f = { 0 };
	struct zw_disc_env env;
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *ov = zw_query(r, "overdue");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	f.status = zw_query(r, "status");
	f.overdue = ov != NULL && strcmp(ov, "1") == 0;
	f.q = zw_query(r, "q");
	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	if ((rc = zw_disc_list(r->db, &who, &env, &f, limit, cursor, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/disclosure_list.html", json_pack("{s:o, s:s, s:b, "
	    "s:s, s:o, s:i}", "items", items, "status", f.status ? f.status : "",
	    "overdue", f.overdue, "q", f.q ? f.q : "", "next", next ?
	    json_integer(next) : json_null(), "year", zw_date_of(zw_now()).y));
}

/* The case page, with a message after a refused action. */
static void
render_case(zw_req *r, int status, const char *no, const char *error)
{
	struct zw_disc_env env;
	struct zw_actor who;
	json_t *o, *outs = json_array(), *reasons = json_array();
	size_t i;
	int rc;

	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	rc = zw_disc_get(r->db, &who, &env, no, NULL, &o);
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		json_decref(outs);
		json_decref(reasons);
		zw_fail_rc(r, rc, "申请不存在", NULL);
		return;
	}
	for (i = 0; i < zw_disc_noutcomes; i++)
		json_array_append_new(outs, json_pack("{s:s, s:s}", "name",
		    zw_disc_outcomes[i].name, "article", zw_disc_outcomes[i].article));
	for (i = 0; i < zw_disc_nreasons; i++)
		json_array_append_new(reasons, json_pack("{s:s, s:s}", "name",
		    zw_disc_reasons[i].name, "article", zw_disc_reasons[i].article));
	zw_render(r, status, "office/disclosure.html", json_pack("{s:o, s:o, s:o, s:o, "
	    "s:b, s:b, s:s*, s:b}", "d", o, "outcomes", outs, "reasons", reasons,
	    "consult_kinds", options(zw_disc_consult_kinds, NULL), "can_extend",
	    zw_has_perm(r, "disclosure.extend"), "can_handle",
	    zw_has_perm(r, "disclosure.handle"), "error", error, "saved",
	    zw_query(r, "saved") != NULL));
}

static bool
case_no(zw_req *r, char no[ZW_DISC_NO_LEN])
{
	struct zw_actor who;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return false;
	zw_req_actor(r, &who);
	if ((rc = zw_disc_no_of(r->db, &who, id, no)) != ZW_OK) {
		zw_fail_rc(r, rc, "申请不存在", NULL);
		return false;
	}
	return true;
}

static void
page_office_case(zw_req *r)
{
	char no[ZW_DISC_NO_LEN];

	if (case_no(r, no))
		render_case(r, 200, no, NULL);
}

static void
page_office_reply(zw_req *r)
{
	char no[ZW_DISC_NO_LEN];

	if (!case_no(r, no))
		return;
	r->params[0] = zw_astrdup(r->a, no);
	page_reply(r);
}

enum action { A_CLARIFY, A_CORRECT, A_CONSULT, A_CONSULT_END, A_EXTEND, A_ANSWER };

static const char *
fv(zw_req *r, const char *k)
{
	const char *v = zw_form(r, k);

	return v != NULL && zw_text_problem(v, ZW_DISC_MAX_TEXT) == NULL ? v : "";
}

static void
post_action(zw_req *r, enum action what)
{
	char no[ZW_DISC_NO_LEN];
	struct zw_disc_answer ans = { 0 };
	struct zw_disc_env env;
	struct zw_why why = { 0 };
	struct zw_actor who;
	int64_t days = 0;
	zw_conn *c;
	int rc;

	if (!case_no(r, no) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	zw_disc_env_of(r, &env);
	pthread_rwlock_rdlock(&r->app->cal_lock);
	switch (what) {
	case A_CLARIFY:
		rc = zw_disc_clarify(c, &who, &env, no, fv(r, "text"), &why);
		break;
	case A_CORRECT:
		rc = zw_disc_correct(c, &who, &env, no, fv(r, "corrected_on"),
		    fv(r, "text"), &why);
		break;
	case A_CONSULT:
		rc = zw_disc_consult_start(c, &who, &env, no, fv(r, "kind"),
		    fv(r, "party"), &why);
		break;
	case A_CONSULT_END:
		rc = zw_disc_consult_end(c, &who, &env, no, fv(r, "result"), &why);
		break;
	case A_EXTEND:
		if (zw_parse_i64(fv(r, "days"), 1, ZW_DISC_EXTEND_MAX, &days) != ZW_OK) {
			ZW_WHY(&why, "invalid_days", "延长的期限应为1至20个工作日", "days");
			rc = ZW_EINVAL;
		} else
			rc = zw_disc_extend(c, &who, &env, no, (int)days, fv(r, "reason"),
			    &why);
		break;
	default:
		ans.outcome = fv(r, "outcome");
		ans.reason = fv(r, "reason");
		ans.text = fv(r, "text");
		ans.legal_basis = fv(r, "legal_basis");
		ans.parts = fv(r, "parts");
		ans.refer_to = fv(r, "refer_to");
		rc = zw_disc_answer(c, &who, &env, no, &ans, &why);
		break;
	}
	pthread_rwlock_unlock(&r->app->cal_lock);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (rc == ZW_ENOTFOUND) {
			zw_fail(r, 404, "not_found", "申请不存在", NULL);
			return;
		}
		render_case(r, rc == ZW_EINVAL ? 422 : rc == ZW_EPERM ? 403 : 409, no,
		    why.message ? why.message : "操作未成功");
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/disclosure/%s?saved=1",
		    r->params[0]));
}

static void p_clarify(zw_req *r) { post_action(r, A_CLARIFY); }
static void p_correct(zw_req *r) { post_action(r, A_CORRECT); }
static void p_consult(zw_req *r) { post_action(r, A_CONSULT); }
static void p_consult_end(zw_req *r) { post_action(r, A_CONSULT_END); }
static void p_extend(zw_req *r) { post_action(r, A_EXTEND); }
static void p_answer(zw_req *r) { post_action(r, A_ANSWER); }

static void
render_report(zw_req *r, int status, int year, const char *error)
{
	struct zw_disc_env env;
	json_t *o;
	int rc;

	zw_disc_env_of(r, &env);
	if ((rc = zw_disc_report(r->db, &env, year, true, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "没有这一年度的报告", NULL);
		return;
	}
	zw_render(r, status, "office/disclosure_report.html", json_pack("{s:o, s:b, "
	    "s:s*, s:b}", "rep", o, "can_publish", zw_has_perm(r, "disclosure.extend"),
	    "error", error, "saved", zw_query(r, "saved") != NULL));
}

static void
page_office_report(zw_req *r)
{
	int year;

	if (zw_disc_path_year(r, &year) && zw_db_conn(r) != NULL)
		render_report(r, 200, year, NULL);
}

static void
page_office_report_post(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	json_t *secs = json_object();
	size_t i;
	zw_conn *c;
	int year, rc;

	if (!zw_disc_path_year(r, &year) || (c = zw_begin(r)) == NULL) {
		json_decref(secs);
		return;
	}
	for (i = 0; zw_disc_sections[i].key != NULL; i++) {
		const char *v = zw_form(r, zw_disc_sections[i].key);

		if (v != NULL)
			json_object_set_new(secs, zw_disc_sections[i].key, json_string(v));
	}
	zw_req_actor(r, &who);
	rc = zw_disc_report_save(c, &who, year, secs, &why);
	json_decref(secs);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_report(r, rc == ZW_EPERM ? 403 : 422, year, why.message ?
		    why.message : "保存未成功");
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/disclosure/report/%d?saved=1", year));
}

static void
page_office_report_publish(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	zw_conn *c;
	int year, rc;

	if (!zw_disc_path_year(r, &year) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_disc_report_publish(c, &who, year, &why)) != ZW_OK) {
		zw_tx_rollback(c);
		render_report(r, 403, year, why.message ? why.message : "发布未成功");
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/disclosure/report/%d?saved=1", year));
}

const struct zw_route zw_disc_page_routes[] = {
	{ "GET", "/xxgk/apply", page_apply, NULL, ZW_R_PUBLIC, NULL },
	{ "POST", "/xxgk/apply", page_apply_post, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/xxgk/disclosure", page_query, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/xxgk/disclosure/{no}/reply", page_reply, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/xxgk/report/{year}", page_report_public, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/my/disclosure", page_my, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/office/disclosure", page_office_list, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/disclosure/new", page_office_new, "disclosure.handle", ZW_R_STAFF,
	  NULL },
	{ "POST", "/office/disclosure/new", page_office_new_post, "disclosure.handle",
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/disclosure/report/{year}", page_office_report,
	  "disclosure.handle", ZW_R_STAFF, NULL },
	{ "POST", "/office/disclosure/report/{year}", page_office_report_post,
	  "disclosure.handle", ZW_R_STAFF, NULL },
	{ "POST", "/office/disclosure/report/{year}/publish", page_office_report_publish,
	  "disclosure.extend", ZW_R_STAFF, NULL },
	{ "GET", "/office/disclosure/{id}", page_office_case, NULL, ZW_R_STAFF, NULL },
	{ "GET", "/office/disclosure/{id}/reply", page_office_reply, NULL, ZW_R_STAFF,
	  NULL },
	{ "POST", "/office/disclosure/{id}/clarify", p_clarify, "disclosure.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/disclosure/{id}/correct", p_correct, "disclosure.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/disclosure/{id}/consult", p_consult, "disclosure.handle",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/disclosure/{id}/consult-end", p_consult_end,
	  "disclosure.handle", ZW_R_STAFF, NULL },
	{ "POST", "/office/disclosure/{id}/extend", p_extend, "disclosure.extend",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/disclosure/{id}/answer", p_answer, "disclosure.handle",
	  ZW_R_STAFF, NULL },
};
const size_t zw_disc_page_routes_count = sizeof(zw_disc_page_routes) /
    sizeof(zw_disc_page_routes[0]);
