/*
 * seal.c -- the electronic seal of an issued document: the canonical byte
 * string (rules.c) signed with the issuing organization's SM2 key and
 * the GM/T 0009 default signer ID, and its verification, which rebuilds
 * the string from what is stored now (re-hashing every attachment file)
 * and names each element that no longer matches.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "documents/doc_int.h"
#include "documents/rules.h"
#include "org/org.h"
#include "store/blob.h"

#define CANON_MAX (1u << 20)	/* canonical form: the body is hashed, so small */

/* SM3 of a stored file as it is on disk now ("missing" if gone). */
static void
file_sm3_now(const char *datadir, const char *sm3, char out[65])
{
	char path[4096], buf[65536];
	struct zw_sm3 *h;
	unsigned char d[ZW_SM3_LEN];
	ssize_t n;
	int fd;

	if (zw_blob_path(datadir, sm3, path, sizeof(path)) != ZW_OK ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		zw_strlcpy(out, "missing", 65);
		return;
	}
	h = zw_sm3_new();
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		zw_sm3_update(h, buf, (size_t)n);
	close(fd);
	zw_sm3_final(h, d);
	zw_hex(d, sizeof(d), out);
}

int
zw_doc_canon_build(zw_conn *c, int64_t id, const char *datadir, zw_buf *out)
{
	struct zw_doc_canon d;
	struct zw_doc_canon_rcpt *rc_ = NULL;
	struct zw_doc_canon_att *at = NULL;
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	size_t n;
	int rc;

	memset(&d, 0, sizeof(d));
	rc = zw_prepare(c, "SELECT d.id, COALESCE(d.doc_no, ''), d.doc_type, d.secrecy, "
	    "d.urgency, d.issuer_name, d.org_id, COALESCE(u.name, ''), d.title, d.body, "
	    "COALESCE(d.written_on, ''), d.annotation, d.printed_by, "
	    "COALESCE(d.printed_on, ''), COALESCE(d.issued_at, 0) FROM documents d "
	    "LEFT JOIN users u ON u.id = d.signed_by WHERE d.id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	d.id = zw_col_int(s, 0);
	d.doc_no = zw_astrdup(a, zw_col_text(s, 1));
	d.doc_type = zw_astrdup(a, zw_col_text(s, 2));
	d.secrecy = zw_astrdup(a, zw_col_text(s, 3));
	d.urgency = zw_astrdup(a, zw_col_text(s, 4));
	d.issuer = zw_astrdup(a, zw_col_text(s, 5));
	d.issuer_org_id = zw_col_int(s, 6);
	d.signer = zw_astrdup(a, zw_col_text(s, 7));
	d.title = zw_astrdup(a, zw_col_text(s, 8));
	d.body = zw_astrdup(a, zw_col_text(s, 9));
	d.written_on = zw_astrdup(a, zw_col_text(s, 10));
	d.annotation = zw_astrdup(a, zw_col_text(s, 11));
	d.printed_by = zw_astrdup(a, zw_col_text(s, 12));
	d.printed_on = zw_astrdup(a, zw_col_text(s, 13));
	d.issued_at = zw_col_int(s, 14);
	zw_reset(s);

	/* 联合行文: the seal covers every issuing organization, lead first. */
	rc = zw_prepare(c, "SELECT o.name FROM document_co_issuers ci JOIN orgs o ON "
	    "o.id = ci.org_id WHERE ci.doc_id = ? ORDER BY ci.position", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	while ((rc = zw_step(s)) == ZW_ROW)
		d.issuer = zw_aprintf(a, "%s、%s", d.issuer, zw_col_text(s, 0));
	if (rc < 0)
		goto out;
	rc = zw_prepare(c, "SELECT r.org_id, o.name, r.kind FROM document_recipients r "
	    "JOIN orgs o ON o.id = r.org_id WHERE r.doc_id = ? ORDER BY r.position", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	rc_ = zw_alloc(a, sizeof(*rc_) * (ZW_DOC_MAX_RECIPIENTS + 1));
	for (n = 0; (rc = zw_step(s)) == ZW_ROW && n < ZW_DOC_MAX_RECIPIENTS; n++) {
		rc_[n].org_id = zw_col_int(s, 0);
		rc_[n].name = zw_astrdup(a, zw_col_text(s, 1));
		rc_[n].cc = strcmp(zw_col_text(s, 2), "cc") == 0;
	}
	if (rc < 0)
		goto out;
	d.rcpt = rc_;
	d.nrcpt = n;

	rc = zw_prepare(c, "SELECT f.filename, f.sm3, f.size FROM document_attachments x "
	    "JOIN files f ON f.id = x.file_id WHERE x.doc_id = ? ORDER BY x.position", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	at = zw_alloc(a, sizeof(*at) * (ZW_DOC_MAX_ATTACHMENTS + 1));
	for (n = 0; (rc = zw_step(s)) == ZW_ROW && n < ZW_DOC_MAX_ATTACHMENTS; n++) {
		at[n].name = zw_astrdup(a, zw_col_text(s, 0));
		if (datadir != NULL) {
			char *h = zw_alloc(a, 65);

			file_sm3_now(datadir, zw_col_text(s, 1), h);
			at[n].sm3hex = h;
		} else
			at[n].sm3hex = zw_astrdup(a, zw_col_text(s, 1));
		at[n].size = zw_col_int(s, 2);
	}
	if (rc < 0)
		goto out;
	d.att = at;
	d.natt = n;
	{
		zw_buf note;
		const char **names = zw_alloc(a, sizeof(*names) * (n + 1));
		size_t i;

		for (i = 0; i < n; i++)
			names[i] = at[i].name;
		zw_buf_init(&note, 1 << 16);
		zw_doc_attachment_note(names, n, &note);
		d.attachment_note = zw_astrdup(a, note.p ? note.p : "");
		zw_buf_free(&note);
	}
	rc = zw_doc_canonical(&d, out);
out:
	zw_arena_free(a);
	return rc;
}

int
zw_doc_seal(zw_conn *c, int64_t id, const char *datadir,
    const unsigned char *master_key, struct zw_why *why)
{
	struct zw_doc_row d;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	zw_buf canon;
	zw_stmt *s;
	int rc;

	(void)datadir;
	zw_buf_init(&canon, CANON_MAX);
	if ((rc = zw_doc_load(c, id, &d)) != ZW_OK ||
	    (rc = zw_doc_canon_build(c, id, NULL, &canon)) != ZW_OK ||
	    (rc = zw_org_sign(c, d.org_id, master_key, canon.p, canon.len,
	    &sig, &siglen, why)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "UPDATE documents SET signed_data = ?, signature = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, canon.p, canon.len);
	zw_bind_blob(s, 2, sig, siglen);
	zw_bind_int(s, 3, id);
	rc = zw_step(s) < 0 ? ZW_EDB : ZW_OK;
out:
	zw_free(sig);
	zw_buf_free(&canon);
	return rc;
}

int
zw_doc_verification(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *datadir, json_t **out)
{
	zw_arena *a = zw_arena_new();
	struct zw_doc_row d;
	char *pub = NULL, *signed_data = NULL;
	unsigned char *sig = NULL;
	size_t sdlen = 0, siglen = 0, nm = 0, i;
	const char *names[64];
	json_t *mm;
	zw_buf now, scratch;
	zw_stmt *s;
	bool sig_ok = false;
	int rc;

	zw_buf_init(&now, CANON_MAX);
	zw_buf_init(&scratch, CANON_MAX);
	if ((rc = zw_doc_visible(c, who, id)) != ZW_OK ||
	    (rc = zw_doc_load(c, id, &d)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "SELECT signed_data, signature FROM documents WHERE id = ? "
	    "AND signed_data IS NOT NULL", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ESTATE;	/* not sealed yet */
		goto out;
	}
	sdlen = strlen(zw_col_text(s, 0));
	signed_data = zw_astrndup(a, zw_col_text(s, 0), sdlen);
	{
		const void *b = zw_col_blob(s, 1, &siglen);

		sig = zw_alloc(a, siglen ? siglen : 1);
		if (siglen)
			memcpy(sig, b, siglen);
	}
	zw_reset(s);
	if ((rc = zw_org_verify(c, d.org_id, signed_data, sdlen, sig, siglen,
	    &sig_ok, &pub)) != ZW_OK)
		goto out;
	if ((rc = zw_doc_canon_build(c, id, datadir, &now)) != ZW_OK)
		goto out;
	nm = zw_doc_canon_diff(signed_data, sdlen, now.p, now.len, names,
	    sizeof(names) / sizeof(names[0]), &scratch);
	mm = json_array();
	for (i = 0; i < nm; i++)
		json_array_append_new(mm, json_string(names[i]));
	*out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o}",
	    "algorithm", "SM2-SM3", "sm2_id", ZW_SM2_DEFAULT_ID,
	    "public_key_pem", pub, "signed_data_b64", zw_base64(a, signed_data, sdlen),
	    "signature_der_b64", zw_base64(a, sig, siglen), "valid", sig_ok && nm == 0,
	    "signature_valid", sig_ok, "mismatches", mm);
	rc = ZW_OK;
out:
	zw_free(pub);
	zw_buf_free(&now);
	zw_buf_free(&scratch);
	zw_arena_free(a);
	return rc;
}
