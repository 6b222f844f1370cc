/*
 * notices.c -- the written notices of an application (行政许可法 第三十二
 * 条: 受理 / 不予受理 in writing with the organ's seal and the date;
 * 第三十八条: decisions; 补正告知), sealed with the organization's SM2 key,
 * and their public verification by number.
 *
 * The signed bytes are the notice itself:
 *     zhengwu-notice/1\n kind:K\n no:N\n application:A\n item:I\n
 *     org:O\n applicant:P\n issued:RFC3339\n \n BODY
 * so anyone holding the text, the signature and the organization's
 * public key can check it with openssl (see docs/api.md).
 */
#include <stdio.h>
#include <string.h>

#include "approvals/apps_int.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/ids.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "crypto/sm2.h"
#include "store/row.h"

#define NOTICE_MAX (64u << 10)	/* a notice is a page of text */

static const struct {
	const char *kind, *suffix;
} notice_kinds[] = {
	{ "受理通知书", "SL" },
	{ "不予受理通知书", "BSL" },
	{ "补正告知书", "BZ" },
	{ "准予许可决定书", NULL },	/* numbered by result_no */
	{ "不予许可决定书", NULL },
};

int
zw_app_issue_notice(zw_conn *c, const struct zw_apps_env *env,
    const struct zw_app_row *r, const char *kind, const char *body,
    char *no_out, size_t no_size, struct zw_why *why)
{
	const char *suffix = NULL;
	char no[64], ts[32], item[ZW_MAX_NAME * 4 + 1], org[ZW_MAX_NAME * 4 + 1];
	char applicant[ZW_MAX_NAME * 4 + 1], result_no[64] = "";
	unsigned char *sig = NULL;
	size_t i, siglen = 0;
	bool known = false;
	int64_t now = zw_now();
	zw_buf canon;
	zw_stmt *s;
	int rc;

	for (i = 0; i < sizeof(notice_kinds) / sizeof(notice_kinds[0]); i++)
		if (strcmp(notice_kinds[i].kind, kind) == 0) {
			known = true;
			suffix = notice_kinds[i].suffix;
		}
	if (!known)
		return ZW_EINVAL;
	rc = zw_prepare(c, "SELECT v.name, o.name, a.applicant_name, "
	    "COALESCE(a.result_no, '') FROM applications a JOIN item_versions v "
	    "ON v.id = a.item_version_id JOIN orgs o ON o.id = a.org_id "
	    "WHERE a.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, r->id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(item, zw_col_text(s, 0), sizeof(item));
	zw_strlcpy(org, zw_col_text(s, 1), sizeof(org));
	zw_strlcpy(applicant, zw_col_text(s, 2), sizeof(applicant));
	zw_strlcpy(result_no, zw_col_text(s, 3), sizeof(result_no));
	zw_reset(s);
	if (suffix != NULL)
		snprintf(no, sizeof(no), "%s-%s", r->no, suffix);
	else
		zw_strlcpy(no, result_no, sizeof(no));
	if (!*no)
		return ZW_ESTATE;
	zw_time_rfc3339(now, ts, sizeof(ts));
	zw_buf_init(&canon, NOTICE_MAX);
	rc = zw_buf_printf(&canon, "zhengwu-notice/1\nkind:%s\nno:%s\napplication:%s\n"
	    "item:%s\norg:%s\napplicant:%s\nissued:%s\n\n%s", kind, no, r->no, item,
	    org, applicant, ts, body);
	if (rc != ZW_OK)
		goto out;
	if ((rc = zw_org_sign(c, r->org_id, env->master_key, canon.p, canon.len,
	    &sig, &siglen, why)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "INSERT INTO application_notices (app_id, kind, no, "
	    "org_id, body, signed_data, signature, created_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?)", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, r->id);
	zw_bind_text(s, 2, kind, (size_t)-1);
	zw_bind_text(s, 3, no, (size_t)-1);
	zw_bind_int(s, 4, r->org_id);
	zw_bind_text(s, 5, body, (size_t)-1);
	zw_bind_text(s, 6, canon.p, canon.len);
	zw_bind_blob(s, 7, sig, siglen);
	zw_bind_int(s, 8, now);
	rc = zw_step(s) < 0 ? ZW_EDB : ZW_OK;
	if (rc == ZW_OK && no_out != NULL)
		zw_strlcpy(no_out, no, no_size);
out:
	zw_free(sig);
	zw_buf_free(&canon);
	return rc;
}

/* The notice row as JSON with its verification.  OUT: *out. */
static int
notice_json(zw_conn *c, zw_stmt *s, json_t **out)
{
	zw_arena *a = zw_arena_new();
	const void *sig;
	size_t siglen = 0, sdlen;
	char *signed_data, *pub = NULL;
	unsigned char *sigcopy;
	int64_t org_id;
	bool valid = false;
	json_t *o;
	int rc;

	/* columns: id, kind, no, org_id, org_name, body, signed_data,
	 * signature, created_at, app_no */
	org_id = zw_col_int(s, 3);
	sdlen = strlen(zw_col_text(s, 6));
	signed_data = zw_astrndup(a, zw_col_text(s, 6), sdlen);
	sig = zw_col_blob(s, 7, &siglen);
	sigcopy = zw_alloc(a, siglen ? siglen : 1);
	if (siglen)
		memcpy(sigcopy, sig, siglen);
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s}",
	    "id", (json_int_t)zw_col_int(s, 0), "kind", zw_col_text(s, 1),
	    "no", zw_col_text(s, 2), "org_name", zw_col_text(s, 4),
	    "body", zw_col_text(s, 5), "issued_at", zw_col_json_time(s, 8),
	    "application_no", zw_col_text(s, 9));
	{
		zw_date d = zw_date_of(zw_col_int(s, 8));
		char cn[32];

		zw_date_fmt_cn(d, cn, sizeof(cn));
		json_object_set_new(o, "issued_on_cn", json_string(cn));
	}
	zw_reset(s);
	if ((rc = zw_org_verify(c, org_id, signed_data, sdlen, sigcopy, siglen,
	    &valid, &pub)) != ZW_OK) {
		json_decref(o);
		goto out;
	}
	json_object_set_new(o, "verification", json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}",
	    "algorithm", "SM2-SM3", "sm2_id", ZW_SM2_DEFAULT_ID, "public_key_pem", pub,
	    "signed_data_b64", zw_base64(a, signed_data, sdlen), "signature_der_b64",
	    zw_base64(a, sigcopy, siglen), "valid", valid));
	json_object_set_new(o, "valid", json_boolean(valid));
	*out = o;
out:
	zw_free(pub);
	zw_arena_free(a);
	return rc;
}

#define NOTICE_COLS "n.id, n.kind, n.no, n.org_id, o.name, n.body, n.signed_data, " \
	"n.signature, n.created_at, a.no "
#define NOTICE_FROM "FROM application_notices n JOIN orgs o ON o.id = n.org_id " \
	"JOIN applications a ON a.id = n.app_id "

int
zw_app_notices(zw_conn *c, const struct zw_actor *who, const char *no,
    json_t **out)
{
	struct zw_app_row r;
	zw_stmt *s;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_can_read(c, who, &r)) != ZW_OK)
		return rc;
	*out = json_array();
	rc = zw_prepare(c, "SELECT id FROM application_notices WHERE app_id = ? "
	    "ORDER BY id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, r.id);
	{
		int64_t ids[16];
		size_t n = 0, i;

		while ((rc = zw_step(s)) == ZW_ROW && n < 16)
			ids[n++] = zw_col_int(s, 0);
		zw_reset(s);
		for (i = 0; i < n; i++) {
			json_t *one;

			if ((rc = zw_app_notice(c, who, no, ids[i], &one)) != ZW_OK)
				return rc;
			json_array_append_new(*out, one);
		}
	}
	return ZW_OK;
}

int
zw_app_notice(zw_conn *c, const struct zw_actor *who, const char *no,
    int64_t notice_id, json_t **out)
{
	struct zw_app_row r;
	zw_stmt *s;
	int rc;

	if ((rc = zw_app_load(c, no, &r)) != ZW_OK ||
	    (rc = zw_app_can_read(c, who, &r)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "SELECT " NOTICE_COLS NOTICE_FROM "WHERE n.id = ? AND "
	    "n.app_id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, notice_id);
	zw_bind_int(s, 2, r.id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	return notice_json(c, s, out);
}

/* A person's name shown as 张*、欧阳** on public pages. */
static void
mask_name(const char *name, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = 0, o;

	/* keep the first UTF-8 character */
	if (*p) {
		n = 1;
		while ((p[n] & 0xC0) == 0x80)
			n++;
	}
	if (n >= size)
		n = 0;
	memcpy(out, name, n);
	o = n;
	for (p += n; *p; p++)
		if ((*p & 0xC0) != 0x80 && o + 1 < size)
			out[o++] = '*';
	out[o] = '\0';
}

int
zw_app_verify_result(zw_conn *c, const char *result_no, json_t **out)
{
	char holder[ZW_MAX_NAME * 4 + 1];
	json_t *o;
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT " NOTICE_COLS ", a.applicant_name, "
	    "a.applicant_kind, v.name, a.decision, a.decided_on "
	    NOTICE_FROM "JOIN item_versions v ON v.id = a.item_version_id "
	    "WHERE n.no = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, result_no, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	if (strcmp(zw_col_text(s, 11), "person") == 0)
		mask_name(zw_col_text(s, 10), holder, sizeof(holder));
	else
		zw_strlcpy(holder, zw_col_text(s, 10), sizeof(holder));
	{
		json_t *extra = json_pack("{s:s, s:s, s:s, s:o}", "holder", holder,
		    "item_name", zw_col_text(s, 12), "decision", zw_col_text(s, 13),
		    "decided_on", zw_col_json_text(s, 14));

		if ((rc = notice_json(c, s, &o)) != ZW_OK) {
			json_decref(extra);
			return rc;
		}
		json_object_update(o, extra);
		json_decref(extra);
	}
	/* The public does not need the applicant's application number. */
	json_object_del(o, "application_no");
	*out = o;
	return ZW_OK;
}
