/*
 * pages.c -- the back-office pages of 公文: the document list, the
 * compose form, the document page with its 办文单 and the actions the
 * current user may take, the GB/T 9704 print view, attachment
 * download, and the 收文 inbox.  Forms post to the same handlers'
 * domain calls as the API; a rejected form comes back with a message.
 */
#include <string.h>

#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "documents/documents.h"
#include "documents/routes.h"
#include "documents/rules.h"
#include "documents/search.h"
#include "files/files.h"
#include "org/org.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

/* Every value of a repeated form field as ids. */
static int64_t *
form_ids(zw_req *r, const char *key, size_t *n)
{
	int64_t *v = zw_alloc(r->a, sizeof(*v) * (r->nform + 1));
	size_t i;

	*n = 0;
	for (i = 0; i < r->nform; i++) {
		int64_t x;

		if (strcmp(r->form[i].key, key) == 0 &&
		    zw_parse_i64(r->form[i].val, 1, INT64_MAX, &x) == ZW_OK)
			v[(*n)++] = x;
	}
	return v;
}

struct marks {
	const int64_t *main, *cc, *co;
	size_t nm, nc, nco;
};

static json_t *
orgs_marked(zw_req *r, const struct marks *mk)
{
	struct zw_actor who;
	json_t *items = NULL, *it;
	size_t i, j;

	zw_req_actor(r, &who);
	if (zw_org_list_public(r->db, &items) != ZW_OK)
		return json_array();
	(void)who;
	json_array_foreach(items, i, it) {
		int64_t id = zw_json_int(it, "id");

		for (j = 0; j < mk->nm; j++)
			if (mk->main[j] == id)
				json_object_set_new(it, "main", json_true());
		for (j = 0; j < mk->nc; j++)
			if (mk->cc[j] == id)
				json_object_set_new(it, "cc", json_true());
		for (j = 0; j < mk->nco; j++)
			if (mk->co[j] == id)
				json_object_set_new(it, "co", json_true());
	}
	return items;
}

static json_t *
types_json(const char *sel)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < ZW_DOC_TYPES; i++)
		json_array_append_new(a, json_pack("{s:s, s:b}", "name", zw_doc_types[i],
		    "selected", sel != NULL && strcmp(sel, zw_doc_types[i]) == 0));
	return a;
}

/* Leaders who may sign: users of the caller's organization and above. */
static json_t *
signers_json(zw_req *r, int64_t sel)
{
	json_t *out = json_array();
	zw_stmt *s;

	if (zw_prepare(r->db, "SELECT u.id, u.name, o.name FROM users u JOIN orgs o "
	    "ON o.id = u.org_id JOIN user_roles ur ON ur.user_id = u.id JOIN roles ro "
	    "ON ro.id = ur.role_id WHERE ro.permissions LIKE '%,documents.sign_off,%' "
	    "AND u.status = 'active' AND ? LIKE o.path || '%' ORDER BY o.path, u.id",
	    &s) != ZW_OK)
		return out;
	zw_bind_text(s, 1, r->user->org_path, (size_t)-1);
	while (zw_step(s) == ZW_ROW)
		json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:b}", "id",
		    (json_int_t)zw_col_int(s, 0), "name", zw_col_text(s, 1), "org",
		    zw_col_text(s, 2), "selected", zw_col_int(s, 0) == sel));
	return out;
}

static void
render_form(zw_req *r, int status, json_t *form, int64_t id,
    const struct marks *mk, const char *err)
{
	json_t *ctx = json_pack("{s:o, s:o, s:o, s:o}", "form", form, "types",
	    types_json(zw_json_str(form, "doc_type")), "orgs",
	    orgs_marked(r, mk), "signers",
	    signers_json(r, zw_json_int(form, "signer_id")));

	if (id > 0)
		json_object_set_new(ctx, "id", json_integer(id));
	if (err != NULL)
		json_object_set_new(ctx, "error", json_string(err));
	zw_render(r, status, "office/document_form.html", ctx);
}

static void
page_list(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *st = zw_query(r, "status");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_doc_list(r->db, &who, st, limit, cursor, &items, &next))) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/documents.html", json_pack("{s:o, s:s, s:o, s:b}",
	    "items", items, "status", st ? st : "", "next", next >= 0 ?
	    json_integer(next) : json_null(), "can_draft",
	    zw_has_perm(r, "documents.draft")));
}

/* 全文检索 over titles, 发文字号, 档号, bodies and attachment names. */
static void
page_search(zw_req *r)
{
	struct zw_actor who;
	int64_t limit, cursor, next = -1;
	const char *q = zw_query(r, "q");
	json_t *items = NULL, *ctx;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	ctx = json_pack("{s:s, s:s, s:b, s:b}", "q", q ? q : "", "status", "search",
	    "can_draft", zw_has_perm(r, "documents.draft"), "searched", q != NULL);
	if (q != NULL && *q) {
		if (zw_query(r, "limit") == NULL)
			limit = ZW_SEARCH_PAGE;
		rc = zw_doc_search(r->db, &who, q, limit, cursor, &items, &next);
		if (rc == ZW_EINVAL) {
			json_object_set_new(ctx, "error", json_string(
			    "搜索词应为1至100个字符，包含汉字、字母或数字"));
			items = json_array();
		} else if (rc != ZW_OK) {
			json_decref(ctx);
			zw_fail_rc(r, rc, NULL, NULL);
			return;
		}
	} else
		items = json_array();
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "next", next >= 0 ? json_integer(next) : json_null());
	zw_render(r, 200, "office/documents.html", ctx);
}

static void
page_new(zw_req *r)
{
	struct marks mk = { 0 };

	if (zw_db_conn(r) == NULL)
		return;

	render_form(r, 200, json_pack("{s:s}", "doc_type", "通知"), 0, &mk, NULL);
}

/* Read the compose form; an uploaded file becomes an attachment. */
static bool
doc_from_form(zw_req *r, struct zw_doc_in *in, int64_t *att, size_t *natt,
    const char **err)
{
	const char *sid = zw_form(r, "signer_id"), *hd = zw_form(r, "handling_days");
	size_t i;

	memset(in, 0, sizeof(*in));
	in->doc_type = zw_form(r, "doc_type");
	in->title = zw_form(r, "title");
	in->body = zw_form(r, "body");
	in->urgency = zw_form(r, "urgency");
	in->secrecy = zw_form(r, "secrecy");
	in->annotation = zw_form(r, "annotation");
	in->main_to = form_ids(r, "main_to", &in->n_main);
	in->cc_to = form_ids(r, "cc_to", &in->n_cc);
	in->co_issuers = form_ids(r, "co_issuers", &in->n_co);
	if (sid != NULL && *sid && zw_parse_i64(sid, 1, INT64_MAX, &in->signer_id)) {
		*err = "签发人无效";
		return false;
	}
	if (hd != NULL && *hd && zw_parse_i64(hd, 0, 365, &in->handling_days)) {
		*err = "办理时限应为0到365之间的整数";
		return false;
	}
	/* attachments kept from before (hidden fields) */
	{
		size_t n;
		int64_t *keep = form_ids(r, "attachments", &n);

		for (i = 0; i < n && *natt < ZW_DOC_MAX_ATTACHMENTS; i++)
			att[(*natt)++] = keep[i];
	}
	in->attachments = att;
	in->n_att = *natt;
	return true;
}

static bool
upload_part(zw_req *r, zw_conn *c, int64_t *att, size_t *natt, struct zw_why *why)
{
	struct zw_actor who;
	size_t i;

	zw_req_actor(r, &who);
	for (i = 0; i < r->nparts; i++) {
		char sm3[65];
		int64_t fid;

		if (r->parts[i].filename == NULL || r->parts[i].len == 0 ||
		    strcmp(r->parts[i].name, "file") != 0)
			continue;
		if (*natt >= ZW_DOC_MAX_ATTACHMENTS) {
			ZW_WHY(why, "too_many", "附件过多", "file");
			return false;
		}
		if (zw_file_create(c, &who, r->app->datadir, r->parts[i].filename,
		    r->parts[i].content_type, r->parts[i].data, r->parts[i].len, &fid,
		    sm3, why) != ZW_OK)
			return false;
		att[(*natt)++] = fid;
	}
	return true;
}

static void
save(zw_req *r, int64_t id)
{
	int64_t att[ZW_DOC_MAX_ATTACHMENTS];
	size_t natt = 0;
	struct zw_doc_in in;
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *err = NULL;
	zw_conn *c;
	int rc;

	if (zw_db_conn(r) == NULL)
		return;
	if (!doc_from_form(r, &in, att, &natt, &err)) {
		struct marks mk = { in.main_to, in.cc_to, in.co_issuers, in.n_main,
			in.n_cc, in.n_co };

		render_form(r, 422, json_object(), id, &mk, err);
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if (!upload_part(r, c, att, &natt, &why)) {
		zw_tx_rollback(c);
		goto bad;
	}
	in.n_att = natt;
	rc = id > 0 ? zw_doc_update(c, &who, id, &in, &why) :
	    zw_doc_create(c, &who, &in, &id, &why);
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		if (rc == ZW_ENOTFOUND) {
			zw_fail_rc(r, rc, "公文不存在", NULL);
			return;
		}
		goto bad;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/documents/%lld?saved=1",
		    (long long)id));
	return;
bad:
	{
		json_t *form = json_object();
		size_t i;

		for (i = 0; i < r->nform; i++)
			if (strcmp(r->form[i].key, "csrf_token") &&
			    strcmp(r->form[i].key, "main_to") &&
			    strcmp(r->form[i].key, "cc_to"))
				json_object_set_new(form, r->form[i].key,
				    json_string(r->form[i].val));
		struct marks mk = { in.main_to, in.cc_to, in.co_issuers, in.n_main,
			in.n_cc, in.n_co };

		json_object_set_new(form, "signer_id", json_integer(in.signer_id));
		render_form(r, 422, form, id, &mk, why.message ? why.message : "保存失败");
	}
}

static void page_create(zw_req *r) { save(r, 0); }

static void
page_update(zw_req *r)
{
	int64_t id;

	if (zw_path_id(r, 0, &id))
		save(r, id);
}

static void
page_edit(zw_req *r)
{
	struct zw_actor who;
	int64_t id, main[ZW_DOC_MAX_RECIPIENTS], cc[ZW_DOC_MAX_RECIPIENTS];
	int64_t co[ZW_DOC_MAX_CO_ISSUERS];
	size_t nm = 0, nc = 0, nco = 0, i;
	struct marks mk;
	json_t *d, *form, *x;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_doc_get(r->db, &who, id, &d)) != ZW_OK) {
		zw_fail_rc(r, rc, "公文不存在", NULL);
		return;
	}
	json_array_foreach(json_object_get(d, "main_to"), i, x)
		if (nm < ZW_DOC_MAX_RECIPIENTS)
			main[nm++] = zw_json_int(x, "id");
	json_array_foreach(json_object_get(d, "cc_to"), i, x)
		if (nc < ZW_DOC_MAX_RECIPIENTS)
			cc[nc++] = zw_json_int(x, "id");
	json_array_foreach(json_object_get(d, "co_issuers"), i, x)
		if (nco < ZW_DOC_MAX_CO_ISSUERS)
			co[nco++] = zw_json_int(x, "id");
	mk = (struct marks){ main, cc, co, nm, nc, nco };
	form = json_deep_copy(d);
	json_decref(d);
	render_form(r, 200, form, id, &mk, NULL);
}

static void
page_doc(zw_req *r)
{
	struct zw_actor who;
	json_t *d, *ctx, *rv, *users;
	const char *st;
	bool drafter, reviewer = false, same_org;
	size_t i;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_doc_get(r->db, &who, id, &d)) != ZW_OK) {
		zw_fail_rc(r, rc, "公文不存在", NULL);
		return;
	}
	st = zw_json_str(d, "status");
	drafter = zw_json_int(d, "drafter_id") == who.id;
	same_org = zw_json_int(d, "org_id") == who.org_id;
	json_array_foreach(json_object_get(d, "reviews"), i, rv)
		if (zw_json_int(rv, "user_id") == who.id &&
		    strcmp(zw_json_str(rv, "state"), "pending") == 0)
			reviewer = true;
	ctx = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b}",
	    "saved", zw_query(r, "saved") != NULL,
	    "can_edit", drafter && (!strcmp(st, "draft") || !strcmp(st, "returned")),
	    "can_submit", drafter && (!strcmp(st, "draft") || !strcmp(st, "returned")),
	    "can_review", reviewer && !strcmp(st, "reviewing"),
	    "can_sign", zw_has_perm(r, "documents.sign_off") && !strcmp(st, "reviewed"),
	    "can_issue", zw_has_perm(r, "documents.issue") && same_org &&
	    !strcmp(st, "signed"),
	    "can_archive", zw_has_perm(r, "documents.archive") && same_org &&
	    !strcmp(st, "issued"),
	    "can_urge", same_org && (!strcmp(st, "issued") || !strcmp(st, "archived")));
	if (json_is_true(json_object_get(ctx, "can_submit"))) {
		/* reviewers: staff with review rights, other than the drafter */
		struct zw_actor all = who;
		int64_t next;

		all.scope = ZW_SCOPE_ALL;
		if (zw_user_list(r->db, &all, NULL, 0, ZW_LIST_MAX, 0, &users, &next) == ZW_OK) {
			json_t *keep = json_array(), *u;

			json_array_foreach(users, i, u) {
				json_t *roles = json_object_get(u, "roles"), *ro;
				size_t j;
				bool ok = false;

				json_array_foreach(roles, j, ro)
					if (!strcmp(json_string_value(ro), "leader"))
						ok = true;
				if (ok && zw_json_int(u, "id") != who.id)
					json_array_append(keep, u);
			}
			json_decref(users);
			json_object_set_new(ctx, "reviewers", keep);
		}
	}
	if (strcmp(st, "issued") == 0 || strcmp(st, "archived") == 0) {
		json_t *v;

		if (zw_doc_verification(r->db, &who, id, r->app->datadir, &v) == ZW_OK) {
			json_object_del(v, "signed_data_b64");
			json_object_set_new(ctx, "seal", v);
		}
	}
	json_object_set_new(ctx, "d", d);
	zw_render(r, 200, "office/document.html", ctx);
}

static void
page_print(zw_req *r)
{
	struct zw_actor who;
	json_t *d;
	int64_t id;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_doc_get(r->db, &who, id, &d)) != ZW_OK) {
		zw_fail_rc(r, rc, "公文不存在", NULL);
		return;
	}
	/* One paragraph per line of the body; each gets the 2-character
	 * indent of GB/T 9704 正文. */
	zw_render(r, 200, "office/document_print.html", json_pack("{s:o, s:o}",
	    "d", d, "paragraphs", zw_json_lines(zw_json_str(d, "body"))));
}

/* GET /office/documents/{id}/attachments/{n}: for anyone who may see the
 * document (recipients included), the bytes checked against their SM3. */
static void
page_attachment(zw_req *r)
{
	struct zw_actor who;
	json_t *d, *a, *meta = NULL;
	int64_t id, n;
	void *p = NULL;
	size_t len = 0;
	int rc;

	if (!zw_path_id(r, 0, &id) || !zw_path_id(r, 1, &n) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_doc_get(r->db, &who, id, &d)) != ZW_OK) {
		zw_fail_rc(r, rc, "公文不存在", NULL);
		return;
	}
	a = json_array_get(json_object_get(d, "attachments"), (size_t)n - 1);
	if (a == NULL) {
		json_decref(d);
		zw_fail(r, 404, "not_found", "附件不存在", NULL);
		return;
	}
	rc = zw_file_read(r->db, NULL, r->app->datadir, zw_json_int(a, "id"), &meta,
	    &p, &len);
	json_decref(d);
	if (rc == ZW_ECRYPTO) {
		zw_fail(r, 500, "integrity", "附件文件已被篡改，无法提供下载", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, "附件不存在", NULL);
		return;
	}
	zw_buf_reset(&r->out);
	zw_buf_append(&r->out, p, len);
	zw_free(p);
	r->status = 200;
	r->ctype = zw_astrdup(r->a, zw_json_str(meta, "content_type"));
	zw_set_header(r, "Content-Disposition", zw_aprintf(r->a,
	    "attachment; filename*=UTF-8''%s", zw_url_encode(r->a,
	    zw_json_str(meta, "filename"))));
	json_decref(meta);
}

/* The workflow forms: each posts to the domain call and returns to the
 * document page; a refusal shows the error page with the reason. */
static void
doc_form_action(zw_req *r, int what)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	char archive_no[128];
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	switch (what) {
	case 0: {
		size_t n;
		int64_t *rv = form_ids(r, "reviewers", &n);

		rc = zw_doc_submit(c, &who, id, rv, n, &why);
		break;
	}
	case 1: {
		const char *a = zw_form(r, "approved");

		rc = zw_doc_review(c, &who, id, a != NULL && strcmp(a, "1") == 0,
		    zw_form(r, "comment"), &why);
		break;
	}
	case 2:
		rc = zw_doc_sign_off(c, &who, id, zw_form(r, "opinion"), &why);
		break;
	case 3:
		pthread_rwlock_rdlock(&r->app->cal_lock);
		rc = zw_doc_issue(c, &who, id, r->app->datadir, r->app->master_key,
		    r->app->cal, &why);
		pthread_rwlock_unlock(&r->app->cal_lock);
		break;
	default:
		rc = zw_doc_archive(c, &who, id, zw_form(r, "retention"), archive_no,
		    sizeof(archive_no), &why);
		break;
	}
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/documents/%lld?saved=1",
		    (long long)id));
}

static void page_submit(zw_req *r) { doc_form_action(r, 0); }
static void page_review(zw_req *r) { doc_form_action(r, 1); }
static void page_sign(zw_req *r) { doc_form_action(r, 2); }
static void page_issue(zw_req *r) { doc_form_action(r, 3); }
static void page_archive(zw_req *r) { doc_form_action(r, 4); }

static void
page_inbox(zw_req *r)
{
	struct zw_inbox_filter f = { 0 };
	struct zw_actor who;
	int64_t limit, cursor, next;
	const char *st = zw_query(r, "status");
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	if (st != NULL && *st && strcmp(st, "pending") && strcmp(st, "received") &&
	    strcmp(st, "returned") && strcmp(st, "completed"))
		st = NULL;
	f.status = st;
	f.urgency = zw_query(r, "urgency");
	if (f.urgency != NULL && strcmp(f.urgency, "urgent"))
		f.urgency = NULL;
	f.overdue = zw_query(r, "overdue") != NULL;
	zw_req_actor(r, &who);
	if ((rc = zw_inbox_list(r->db, &who, &f, limit, cursor, &items, &next))) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/inbox.html", json_pack("{s:o, s:s, s:o, s:b, s:b}",
	    "items", items, "status", st ? st : "", "next", next >= 0 ?
	    json_integer(next) : json_null(), "urgent", f.urgency != NULL,
	    "overdue", f.overdue));
}

static void
page_delivery(zw_req *r)
{
	struct zw_actor who, all;
	json_t *d, *users = NULL, *ctx;
	int64_t id, next;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_delivery_get(r->db, &who, id, &d)) != ZW_OK) {
		zw_fail_rc(r, rc, "收文不存在", NULL);
		return;
	}
	/* people of the receiving organization, for 承办 and 传阅 */
	all = who;
	all.scope = ZW_SCOPE_ORG_TREE;
	if (zw_json_int(d, "to_org_id") == who.org_id)
		zw_user_list(r->db, &all, NULL, 0, ZW_LIST_MAX, 0, &users, &next);
	ctx = json_pack("{s:o, s:b, s:b, s:b}", "v", d, "own",
	    zw_json_int(d, "to_org_id") == who.org_id && zw_has_perm(r, "documents.receive"),
	    "can_instruct", zw_has_perm(r, "documents.sign_off"), "saved",
	    zw_query(r, "saved") != NULL);
	if (users != NULL)
		json_object_set_new(ctx, "people", users);
	{
		json_t *t;
		size_t i;

		json_array_foreach(json_object_get(d, "tasks"), i, t)
			if (zw_json_int(t, "user_id") == who.id &&
			    json_is_null(json_object_get(t, "done_at")))
				json_object_set_new(ctx, "my_task", json_deep_copy(t));
	}
	zw_render(r, 200, "office/delivery.html", ctx);
}

static void
delivery_form_action(zw_req *r, int what)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *back = zw_form(r, "back");
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	switch (what) {
	case 0:
		rc = zw_delivery_receive(c, &who, id, &why);
		break;
	case 1:
		rc = zw_delivery_return(c, &who, id, zw_form(r, "reason"), &why);
		break;
	case 2:
		rc = zw_delivery_complete(c, &who, id, &why);
		break;
	case 3:
		rc = zw_delivery_urge(c, &who, id, &why);
		break;
	case 4:
	case 5:
		rc = zw_delivery_note(c, &who, id, what == 5, zw_form(r, "text"), &why);
		break;
	case 6: {
		size_t na, nr;
		int64_t *as = form_ids(r, "assist", &na), *rd = form_ids(r, "readers", &nr);
		int64_t lead = 0;
		const char *l = zw_form(r, "lead");

		if (l != NULL && *l && zw_parse_i64(l, 1, INT64_MAX, &lead) != ZW_OK)
			lead = 0;
		rc = zw_delivery_assign(c, &who, id, lead, as, na, rd, nr, &why);
		break;
	}
	default:
		rc = zw_delivery_task_done(c, &who, id, zw_form(r, "opinion"), &why);
		break;
	}
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (what >= 4 && zw_commit(r)) {
		zw_redirect(r, zw_aprintf(r->a, "/office/deliveries/%lld?saved=1",
		    (long long)id));
		return;
	}
	if (what < 4 && zw_commit(r))
		zw_redirect(r, back != NULL && strncmp(back, "/office/", 8) == 0 &&
		    strstr(back, "//") == NULL ? back : "/office/inbox");
}

static void page_dv_receive(zw_req *r) { delivery_form_action(r, 0); }
static void page_dv_return(zw_req *r) { delivery_form_action(r, 1); }
static void page_dv_complete(zw_req *r) { delivery_form_action(r, 2); }
static void page_dv_urge(zw_req *r) { delivery_form_action(r, 3); }
static void page_dv_propose(zw_req *r) { delivery_form_action(r, 4); }
static void page_dv_instruct(zw_req *r) { delivery_form_action(r, 5); }
static void page_dv_assign(zw_req *r) { delivery_form_action(r, 6); }
static void page_dv_done(zw_req *r) { delivery_form_action(r, 7); }

const struct zw_route zw_doc_page_routes[] = {
	{ "GET", "/office/documents", page_list, "documents.read", ZW_R_STAFF, NULL },
	{ "POST", "/office/documents", page_create, "documents.draft",
	  ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/office/documents/new", page_new, "documents.draft", ZW_R_STAFF, NULL },
	{ "GET", "/office/documents/search", page_search, "documents.read", ZW_R_STAFF, NULL },
	{ "GET", "/office/documents/{id}", page_doc, "documents.read", ZW_R_STAFF, NULL },
	{ "POST", "/office/documents/{id}", page_update, "documents.draft",
	  ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/office/documents/{id}/edit", page_edit, "documents.draft", ZW_R_STAFF, NULL },
	{ "GET", "/office/documents/{id}/print", page_print, "documents.read", ZW_R_STAFF, NULL },
	{ "GET", "/office/documents/{id}/attachments/{n}", page_attachment,
	  "documents.read", ZW_R_STAFF, NULL },
	{ "POST", "/office/documents/{id}/submit", page_submit, "documents.draft",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/documents/{id}/review", page_review, "documents.read",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/documents/{id}/sign-off", page_sign, "documents.sign_off",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/documents/{id}/issue", page_issue, "documents.issue",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/documents/{id}/archive", page_archive, "documents.archive",
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/inbox", page_inbox, "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/office/deliveries/{id}/receive", page_dv_receive,
	  "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/office/deliveries/{id}/return", page_dv_return,
	  "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/office/deliveries/{id}/complete", page_dv_complete,
	  "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/office/deliveries/{id}/urge", page_dv_urge, "documents.read",
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/deliveries/{id}", page_delivery, NULL, ZW_R_STAFF, NULL },
	{ "POST", "/office/deliveries/{id}/propose", page_dv_propose,
	  "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/office/deliveries/{id}/instruct", page_dv_instruct,
	  "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/office/deliveries/{id}/assign", page_dv_assign,
	  "documents.receive", ZW_R_STAFF, NULL },
	{ "POST", "/office/deliveries/{id}/done", page_dv_done, NULL, ZW_R_STAFF, NULL },
};
const size_t zw_doc_page_routes_count =
    sizeof(zw_doc_page_routes) / sizeof(zw_doc_page_routes[0]);
