/*
 * seal.c -- an organization's electronic seal: sign bytes with its SM2
 * key (kept under the SM4 master key) and verify them with its public
 * key.  Documents, approval notices, disclosure replies and dataset
 * versions all seal through here.
 */
#include <string.h>

#include "base/mem.h"
#include "crypto/sm2.h"
#include "crypto/sm4.h"
#include "org/org.h"

/* OUT: *pub (zw_malloc'ed PEM) and, when enc != NULL, the encrypted
 * private key. */
static int
org_keys(zw_conn *c, int64_t org_id, char **pub, unsigned char **enc,
    size_t *enclen)
{
	zw_stmt *s;
	const void *b;
	size_t n = 0;
	int rc;

	rc = zw_prepare(c, "SELECT sm2_public_pem, sm2_private_enc FROM orgs "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, org_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*pub = zw_strdup(zw_col_text(s, 0));
	if (enc != NULL) {
		b = zw_col_blob(s, 1, &n);
		*enc = zw_malloc(n ? n : 1);
		if (n)
			memcpy(*enc, b, n);
		*enclen = n;
	}
	zw_reset(s);
	return ZW_OK;
}

int
zw_org_sign(zw_conn *c, int64_t org_id, const unsigned char *master_key,
    const void *data, size_t n, unsigned char **sig, size_t *siglen,
    struct zw_why *why)
{
	zw_sm2_key *key = NULL;
	unsigned char *enc = NULL, *pem = NULL;
	size_t enclen = 0, pemlen = 0;
	char *pub = NULL;
	int rc;

	if ((rc = org_keys(c, org_id, &pub, &enc, &enclen)) != ZW_OK)
		goto out;
	if (enclen == 0 || zw_sm4_open(master_key, enc, enclen, &pem, &pemlen) != ZW_OK ||
	    zw_sm2_load_private_pem((const char *)pem, pemlen, &key) != ZW_OK) {
		ZW_WHY(why, "seal_unavailable", "机关的电子印章密钥不可用", NULL);
		rc = ZW_ECRYPTO;
		goto out;
	}
	rc = zw_sm2_sign(key, data, n, sig, siglen);
out:
	if (pem != NULL) {
		zw_wipe(pem, pemlen);
		zw_free(pem);
	}
	zw_sm2_free(key);
	zw_free(enc);
	zw_free(pub);
	return rc;
}

int
zw_org_verify(zw_conn *c, int64_t org_id, const void *data, size_t n,
    const unsigned char *sig, size_t siglen, bool *valid, char **public_pem)
{
	zw_sm2_key *pk = NULL;
	char *pub = NULL;
	int rc;

	*valid = false;
	if ((rc = org_keys(c, org_id, &pub, NULL, NULL)) != ZW_OK)
		return rc;
	if (zw_sm2_load_public_pem(pub, strlen(pub), &pk) == ZW_OK)
		*valid = zw_sm2_verify(pk, data, n, sig, siglen) == ZW_OK;
	zw_sm2_free(pk);
	if (public_pem != NULL)
		*public_pem = pub;
	else
		zw_free(pub);
	return ZW_OK;
}
