/*
 * read.c -- documents as JSON: one document with everything on it (the
 * 办文单 included), and lists within the caller's reach.
 */
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "documents/doc_int.h"
#include "documents/rules.h"
#include "org/org_int.h"
#include "store/row.h"

const char *
zw_doc_status_name(const char *s)
{
	static const struct { const char *k, *v; } m[] = {
		{ "draft", "草稿" }, { "reviewing", "审核中" }, { "returned", "退回修改" },
		{ "reviewed", "待签发" }, { "signed", "已签发" }, { "issued", "已核发" },
		{ "archived", "已归档" }, { "pending", "未签收" }, { "received", "已签收" },
		{ "completed", "已办结" },
	};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(m[i].k, s) == 0)
			return m[i].v;
	return s;
}

/* 成文日期 for display without zero padding (GB/T 9704 §7.3.5). */
static json_t *
date_cn(const char *ymd)
{
	zw_date d;
	char out[32];

	if (ymd == NULL || zw_date_parse(ymd, &d) != ZW_OK)
		return json_null();
	zw_date_fmt_cn(d, out, sizeof(out));
	return json_string(out);
}

json_t *
zw_delivery_row(zw_stmt *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
	json_object_set_new(o, "doc_id", json_integer(zw_col_int(s, 1)));
	json_object_set_new(o, "to_org_id", json_integer(zw_col_int(s, 2)));
	json_object_set_new(o, "to_org_name", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "kind", json_string(zw_col_text(s, 4)));
	json_object_set_new(o, "status", json_string(zw_col_text(s, 5)));
	json_object_set_new(o, "status_name", json_string(zw_doc_status_name(zw_col_text(s, 5))));
	json_object_set_new(o, "due_date", zw_col_json_text(s, 6));
	json_object_set_new(o, "reg_no", zw_col_json_text(s, 7));
	json_object_set_new(o, "received_at", zw_col_json_time(s, 8));
	json_object_set_new(o, "received_by", json_string(zw_col_text(s, 9)));
	json_object_set_new(o, "return_reason", json_string(zw_col_text(s, 10)));
	json_object_set_new(o, "returned_at", zw_col_json_time(s, 11));
	json_object_set_new(o, "completed_at", zw_col_json_time(s, 12));
	json_object_set_new(o, "urged_count", json_integer(zw_col_int(s, 13)));
	json_object_set_new(o, "last_urged_at", zw_col_json_time(s, 14));
	json_object_set_new(o, "doc_no", json_string(zw_col_text(s, 15)));
	json_object_set_new(o, "title", json_string(zw_col_text(s, 16)));
	json_object_set_new(o, "doc_type", json_string(zw_col_text(s, 17)));
	json_object_set_new(o, "urgency", json_string(zw_col_text(s, 18)));
	json_object_set_new(o, "from_org_name", json_string(zw_col_text(s, 19)));
	return o;
}


int
zw_doc_get(zw_conn *c, const struct zw_actor *who, int64_t id, json_t **out)
{
	json_t *o, *main_to, *cc_to, *att, *steps, *reviews, *dels, *names;
	zw_stmt *s;
	int rc;

	if ((rc = zw_doc_visible(c, who, id)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "SELECT d.id, d.org_id, o.name, d.drafter_id, du.name, "
	    "d.doc_type, d.title, d.body, d.urgency, d.secrecy, d.annotation, "
	    "d.issuer_name, d.handling_days, d.signer_id, COALESCE(su.name, ''), "
	    "d.signed_at, d.written_on, d.printed_by, d.printed_on, d.doc_no, "
	    "d.status, d.version, d.issued_at, d.archive_no, d.retention, "
	    "d.archived_at, d.created_at, d.updated_at FROM documents d "
	    "JOIN orgs o ON o.id = d.org_id JOIN users du ON du.id = d.drafter_id "
	    "LEFT JOIN users su ON su.id = d.signer_id WHERE d.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	o = json_object();
	json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
	json_object_set_new(o, "org_id", json_integer(zw_col_int(s, 1)));
	json_object_set_new(o, "org_name", json_string(zw_col_text(s, 2)));
	json_object_set_new(o, "drafter_id", json_integer(zw_col_int(s, 3)));
	json_object_set_new(o, "drafter_name", json_string(zw_col_text(s, 4)));
	json_object_set_new(o, "doc_type", json_string(zw_col_text(s, 5)));
	json_object_set_new(o, "title", json_string(zw_col_text(s, 6)));
	json_object_set_new(o, "body", json_string(zw_col_text(s, 7)));
	json_object_set_new(o, "urgency", json_string(zw_col_text(s, 8)));
	json_object_set_new(o, "secrecy", json_string(zw_col_text(s, 9)));
	json_object_set_new(o, "annotation", json_string(zw_col_text(s, 10)));
	json_object_set_new(o, "issuer_name", json_string(*zw_col_text(s, 11) ?
	    zw_col_text(s, 11) : zw_col_text(s, 2)));
	json_object_set_new(o, "handling_days", json_integer(zw_col_int(s, 12)));
	json_object_set_new(o, "signer_id", zw_col_isnull(s, 13) ? json_null() :
	    json_integer(zw_col_int(s, 13)));
	json_object_set_new(o, "signer_name", json_string(zw_col_text(s, 14)));
	json_object_set_new(o, "signed_at", zw_col_json_time(s, 15));
	json_object_set_new(o, "written_on", zw_col_json_text(s, 16));
	json_object_set_new(o, "written_on_cn", date_cn(zw_col_isnull(s, 16) ? NULL :
	    zw_col_text(s, 16)));
	json_object_set_new(o, "printed_by", json_string(zw_col_text(s, 17)));
	json_object_set_new(o, "printed_on", zw_col_json_text(s, 18));
	json_object_set_new(o, "printed_on_cn", date_cn(zw_col_isnull(s, 18) ? NULL :
	    zw_col_text(s, 18)));
	json_object_set_new(o, "doc_no", zw_col_json_text(s, 19));
	json_object_set_new(o, "status", json_string(zw_col_text(s, 20)));
	json_object_set_new(o, "status_name", json_string(zw_doc_status_name(zw_col_text(s, 20))));
	json_object_set_new(o, "version", json_integer(zw_col_int(s, 21)));
	json_object_set_new(o, "issued_at", zw_col_json_time(s, 22));
	json_object_set_new(o, "archive_no", zw_col_json_text(s, 23));
	json_object_set_new(o, "retention", zw_col_json_text(s, 24));
	json_object_set_new(o, "archived_at", zw_col_json_time(s, 25));
	json_object_set_new(o, "created_at", zw_col_json_time(s, 26));
	json_object_set_new(o, "updated_at", zw_col_json_time(s, 27));
	zw_reset(s);

	main_to = json_array();
	cc_to = json_array();
	if (zw_prepare(c, "SELECT r.org_id, o.name, r.kind FROM document_recipients r "
	    "JOIN orgs o ON o.id = r.org_id WHERE r.doc_id = ? ORDER BY r.position",
	    &s) == ZW_OK) {
		zw_bind_int(s, 1, id);
		while (zw_step(s) == ZW_ROW)
			json_array_append_new(strcmp(zw_col_text(s, 2), "cc") == 0 ?
			    cc_to : main_to, json_pack("{s:I, s:s}", "id",
			    (json_int_t)zw_col_int(s, 0), "name", zw_col_text(s, 1)));
	}
	{
		json_t *co = json_array();

		if (zw_prepare(c, "SELECT ci.org_id, o.name FROM document_co_issuers ci "
		    "JOIN orgs o ON o.id = ci.org_id WHERE ci.doc_id = ? ORDER BY "
		    "ci.position", &s) == ZW_OK) {
			zw_bind_int(s, 1, id);
			while (zw_step(s) == ZW_ROW)
				json_array_append_new(co, json_pack("{s:I, s:s}", "id",
				    (json_int_t)zw_col_int(s, 0), "name", zw_col_text(s, 1)));
		}
		json_object_set_new(o, "co_issuers", co);
	}
	json_object_set_new(o, "main_to", main_to);
	json_object_set_new(o, "cc_to", cc_to);

	att = json_array();
	names = json_array();
	if (zw_prepare(c, "SELECT f.id, f.filename, f.sm3, f.size, f.content_type "
	    "FROM document_attachments x JOIN files f ON f.id = x.file_id "
	    "WHERE x.doc_id = ? ORDER BY x.position", &s) == ZW_OK) {
		zw_bind_int(s, 1, id);
		while (zw_step(s) == ZW_ROW) {
			json_array_append_new(att, json_pack("{s:I, s:s, s:s, s:I, s:s}",
			    "id", (json_int_t)zw_col_int(s, 0), "name", zw_col_text(s, 1),
			    "sm3", zw_col_text(s, 2), "size", (json_int_t)zw_col_int(s, 3),
			    "content_type", zw_col_text(s, 4)));
			json_array_append_new(names, json_string(zw_col_text(s, 1)));
		}
	}
	json_object_set_new(o, "attachments", att);
	{
		const char *nv[ZW_DOC_MAX_ATTACHMENTS];
		size_t i, n = json_array_size(names);
		zw_buf note;

		for (i = 0; i < n && i < ZW_DOC_MAX_ATTACHMENTS; i++)
			nv[i] = json_string_value(json_array_get(names, i));
		zw_buf_init(&note, 1 << 16);
		zw_doc_attachment_note(nv, i, &note);
		json_object_set_new(o, "attachment_note", json_string(note.p ? note.p : ""));
		zw_buf_free(&note);
		json_decref(names);
	}

	reviews = json_array();
	if (zw_prepare(c, "SELECT r.user_id, u.name, COALESCE(o.name, ''), r.kind, "
	    "r.state, r.opinion, r.at FROM document_reviews r JOIN users u ON "
	    "u.id = r.user_id LEFT JOIN orgs o ON o.id = u.org_id WHERE r.doc_id = ? "
	    "ORDER BY u.id", &s) == ZW_OK) {
		zw_bind_int(s, 1, id);
		while (zw_step(s) == ZW_ROW)
			json_array_append_new(reviews, json_pack("{s:I, s:s, s:s, s:s, s:s, "
			    "s:s, s:o}", "user_id", (json_int_t)zw_col_int(s, 0), "name",
			    zw_col_text(s, 1), "org_name", zw_col_text(s, 2), "kind",
			    zw_col_text(s, 3), "state", zw_col_text(s, 4), "opinion",
			    zw_col_text(s, 5), "at", zw_col_json_time(s, 6)));
	}
	json_object_set_new(o, "reviews", reviews);

	steps = json_array();
	if (zw_prepare(c, "SELECT step, actor_name, org_name, opinion, at FROM "
	    "document_steps WHERE doc_id = ? ORDER BY id", &s) == ZW_OK) {
		zw_bind_int(s, 1, id);
		while (zw_step(s) == ZW_ROW)
			json_array_append_new(steps, json_pack("{s:s, s:s, s:s, s:s, s:o}",
			    "step", zw_col_text(s, 0), "actor", zw_col_text(s, 1), "org",
			    zw_col_text(s, 2), "opinion", zw_col_text(s, 3), "at",
			    zw_col_json_time(s, 4)));
	}
	json_object_set_new(o, "steps", steps);

	dels = json_array();
	if (zw_prepare(c, "SELECT " ZW_DELIVERY_COLS " " ZW_DELIVERY_FROM
	    " WHERE v.doc_id = ? ORDER BY v.id", &s) == ZW_OK) {
		zw_bind_int(s, 1, id);
		while (zw_step(s) == ZW_ROW)
			json_array_append_new(dels, zw_delivery_row(s));
	}
	json_object_set_new(o, "deliveries", dels);
	*out = o;
	return ZW_OK;
}

int
zw_doc_list(zw_conn *c, const struct zw_actor *who, const char *status,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next)
{
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc, n = 0;

	rc = zw_prepare(c, "SELECT d.id, d.doc_type, d.title, COALESCE(d.doc_no, ''), "
	    "d.status, d.urgency, o.name, du.name, d.updated_at, "
	    "COALESCE(d.archive_no, ''), COALESCE(d.retention, '') FROM documents d "
	    "JOIN orgs o ON o.id = d.org_id JOIN users du ON du.id = d.drafter_id "
	    "WHERE (" ZW_SCOPE_SQL " OR d.drafter_id = ? OR EXISTS (SELECT 1 FROM "
	    "document_reviews r WHERE r.doc_id = d.id AND r.user_id = ?)) "
	    "AND (CAST(? AS TEXT) IS NULL OR d.status = ?) AND (? = 0 OR d.id < ?) "
	    "ORDER BY d.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_scope(s, 1, who, a);
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, who->id);
	if (status != NULL && *status) {
		zw_bind_text(s, 4, status, (size_t)-1);
		zw_bind_text(s, 5, status, (size_t)-1);
	} else {
		zw_bind_null(s, 4);
		zw_bind_null(s, 5);
	}
	zw_bind_int(s, 6, cursor);
	zw_bind_int(s, 7, cursor);
	zw_bind_int(s, 8, limit + 1);
	*items = json_array();
	*next = -1;
	while ((rc = zw_step(s)) == ZW_ROW) {
		char ts[32];

		if (n == limit) {
			*next = zw_json_int(json_array_get(*items, (size_t)n - 1), "id");
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		zw_time_rfc3339(zw_col_int(s, 8), ts, sizeof(ts));
		json_array_append_new(*items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:s, s:s}", "id", (json_int_t)zw_col_int(s, 0), "doc_type",
		    zw_col_text(s, 1), "title", zw_col_text(s, 2), "doc_no",
		    zw_col_text(s, 3), "status", zw_col_text(s, 4), "status_name",
		    zw_doc_status_name(zw_col_text(s, 4)), "urgency", zw_col_text(s, 5),
		    "org_name", zw_col_text(s, 6), "drafter_name", zw_col_text(s, 7),
		    "updated_at", ts));
		if (*zw_col_text(s, 9)) {
			json_t *it = json_array_get(*items, json_array_size(*items) - 1);

			json_object_set_new(it, "archive_no", json_string(zw_col_text(s, 9)));
			json_object_set_new(it, "retention", json_string(zw_col_text(s, 10)));
		}
		n++;
	}
out:
	zw_arena_free(a);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_inbox_list(zw_conn *c, const struct zw_actor *who,
    const struct zw_inbox_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next)
{
	char today[11];
	zw_stmt *s;
	int rc, n = 0;

	/* urgency: "urgent" = 加急 or 特急; overdue: open and past its
	 * deadline (the due date is the last day, so due < today). */
	zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
	rc = zw_prepare(c, "SELECT " ZW_DELIVERY_COLS " " ZW_DELIVERY_FROM
	    " WHERE v.to_org_id = ? AND (CAST(? AS TEXT) IS NULL OR v.status = ?) "
	    "AND (CAST(? AS TEXT) IS NULL OR d.urgency = ? OR (? = 'urgent' AND "
	    "d.urgency <> '')) AND (? = 0 OR (v.status IN ('pending', 'received') "
	    "AND v.due_date < ?)) "
	    "AND (? = 0 OR v.id < ?) ORDER BY v.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->org_id);
	if (f->status != NULL && *f->status) {
		zw_bind_text(s, 2, f->status, (size_t)-1);
		zw_bind_text(s, 3, f->status, (size_t)-1);
	} else {
		zw_bind_null(s, 2);
		zw_bind_null(s, 3);
	}
	if (f->urgency != NULL && *f->urgency) {
		zw_bind_text(s, 4, f->urgency, (size_t)-1);
		zw_bind_text(s, 5, f->urgency, (size_t)-1);
		zw_bind_text(s, 6, f->urgency, (size_t)-1);
	} else {
		zw_bind_null(s, 4);
		zw_bind_null(s, 5);
		zw_bind_text(s, 6, "", 0);
	}
	zw_bind_int(s, 7, f->overdue ? 1 : 0);
	zw_bind_text(s, 8, today, (size_t)-1);
	zw_bind_int(s, 9, cursor);
	zw_bind_int(s, 10, cursor);
	zw_bind_int(s, 11, limit + 1);
	*items = json_array();
	*next = -1;
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next = zw_json_int(json_array_get(*items, (size_t)n - 1), "id");
			zw_reset(s);
			return ZW_OK;
		}
		json_array_append_new(*items, zw_delivery_row(s));
		n++;
	}
	return rc < 0 ? rc : ZW_OK;
}
