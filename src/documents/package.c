/*
 * package.c -- the archive package of a document (归档 export): a tar
 * file that someone outside the platform can check with stock tools:
 *
 *   metadata.json        every element, recipients, 办文单, deliveries
 *   body.txt             the body
 *   attachments/N        each attachment's bytes (names in manifest.json)
 *   seal/signed_data     the exact bytes that were signed
 *   seal/signature.der   the SM2 signature (DER)
 *   seal/public_key.pem  the issuing organization's public key
 *   seal/VERIFY.txt      the openssl command that checks it
 *   manifest.json        SM3 of every file above, attachment names
 *
 * An attachment whose stored bytes no longer match their SM3 is refused
 * (ZW_ECRYPTO): a package never carries altered content.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/tar.h"
#include "crypto/sm3.h"
#include "documents/doc_int.h"
#include "files/files.h"

static int
add(zw_buf *b, json_t *manifest, const char *name, const void *p, size_t n,
    int64_t mtime)
{
	char hex[65];

	zw_sm3_hex(p, n, hex);
	json_array_append_new(json_object_get(manifest, "files"),
	    json_pack("{s:s, s:s, s:I}", "path", name, "sm3", hex, "size", (json_int_t)n));
	return zw_tar_append(b, name, p, n, mtime);
}

static int
b64dec(const char *s, zw_buf *out)
{
	size_t n = strlen(s), len = 0;
	unsigned char *p = zw_malloc(n + 1);
	int rc = ZW_OK;

	if (sodium_base642bin(p, n + 1, s, n, NULL, &len, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		rc = ZW_EINVAL;
	else
		rc = zw_buf_append(out, p, len);
	zw_free(p);
	return rc;
}

int
zw_doc_package(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *datadir, zw_buf *out)
{
	json_t *d = NULL, *v = NULL, *manifest, *att, *a;
	zw_arena *ar = zw_arena_new();
	int64_t mtime = zw_now();
	zw_buf tmp;
	size_t i;
	int rc;

	zw_buf_init(&tmp, 1u << 20);
	manifest = json_pack("{s:s, s:I, s:[], s:[]}", "format",
	    "zhengwu-archive-package v1", "document_id", (json_int_t)id, "files",
	    "attachments");
	if ((rc = zw_doc_get(c, who, id, &d)) != ZW_OK)
		goto out;
	if (strcmp(zw_json_str(d, "status"), "issued") != 0 &&
	    strcmp(zw_json_str(d, "status"), "archived") != 0) {
		rc = ZW_ESTATE;
		goto out;
	}
	if ((rc = zw_doc_verification(c, who, id, datadir, &v)) != ZW_OK)
		goto out;
	{
		char *meta = json_dumps(d, JSON_INDENT(2) | JSON_SORT_KEYS);
		const char *body = zw_json_str(d, "body");

		rc = add(out, manifest, "metadata.json", meta, strlen(meta), mtime);
		zw_free(meta);
		if (rc == ZW_OK)
			rc = add(out, manifest, "body.txt", body, strlen(body), mtime);
		if (rc != ZW_OK)
			goto out;
	}
	att = json_object_get(d, "attachments");
	json_array_foreach(att, i, a) {
		void *p = NULL;
		size_t n = 0;
		char *path = zw_aprintf(ar, "attachments/%zu", i + 1);

		if ((rc = zw_file_read(c, NULL, datadir, zw_json_int(a, "id"), NULL,
		    &p, &n)) != ZW_OK)
			goto out;
		rc = add(out, manifest, path, p, n, mtime);
		zw_free(p);
		if (rc != ZW_OK)
			goto out;
		json_array_append_new(json_object_get(manifest, "attachments"),
		    json_pack("{s:s, s:s, s:s}", "path", path, "name",
		    zw_json_str(a, "name"), "sm3", zw_json_str(a, "sm3")));
	}
	if ((rc = b64dec(zw_json_str(v, "signed_data_b64"), &tmp)) != ZW_OK ||
	    (rc = add(out, manifest, "seal/signed_data", tmp.p, tmp.len, mtime)) != ZW_OK)
		goto out;
	zw_buf_reset(&tmp);
	if ((rc = b64dec(zw_json_str(v, "signature_der_b64"), &tmp)) != ZW_OK ||
	    (rc = add(out, manifest, "seal/signature.der", tmp.p, tmp.len, mtime)) != ZW_OK)
		goto out;
	{
		const char *pem = zw_json_str(v, "public_key_pem");
		const char *how =
		    "SM2 签名校验（GB/T 32918，签名者标识 1234567812345678）：\n"
		    "openssl dgst -sm3 -verify seal/public_key.pem -signature "
		    "seal/signature.der -sigopt distid:1234567812345678 seal/signed_data\n"
		    "seal/signed_data 中列出正文和每个附件的 SM3 值，可用 manifest.json "
		    "核对 body.txt 和 attachments/ 下的文件。\n";

		if ((rc = add(out, manifest, "seal/public_key.pem", pem, strlen(pem),
		    mtime)) != ZW_OK ||
		    (rc = add(out, manifest, "seal/VERIFY.txt", how, strlen(how), mtime)))
			goto out;
	}
	json_object_set(manifest, "seal_valid_at_export", json_object_get(v, "valid"));
	{
		char *m = json_dumps(manifest, JSON_INDENT(2) | JSON_SORT_KEYS);

		rc = zw_tar_append(out, "manifest.json", m, strlen(m), mtime);
		zw_free(m);
	}
	if (rc == ZW_OK)
		rc = zw_tar_finish(out);
out:
	json_decref(d);
	json_decref(v);
	json_decref(manifest);
	zw_buf_free(&tmp);
	zw_arena_free(ar);
	return rc;
}
