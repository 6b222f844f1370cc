/*
 * sm4.c -- SM4 authenticated encryption of small secrets at rest.
 *
 * The OpenSSL 3.0 shipped with Debian 12 has SM4 in ECB/CBC/CFB/OFB/CTR
 * only; SM4-GCM arrived in OpenSSL 3.2.  So format "v1" is built from
 * parts every 3.x has, encrypt-then-MAC:
 *
 *	ek  = HMAC-SM3(key, "zhengwu sm4 v1 enc")[0..16)
 *	mk  = HMAC-SM3(key, "zhengwu sm4 v1 mac")
 *	ct  = SM4-CTR(ek, iv = nonce(12) || 00000000, plaintext)
 *	tag = HMAC-SM3(mk, "v1" || nonce || ct)[0..16)
 *	out = "v1" || nonce || tag || ct
 *
 * The layout and overhead are those of sm4.h (2 + 12 + 16).  The tag is
 * checked in constant time before anything is decrypted, so a forged or
 * damaged record never yields plaintext.  Derived keys live on the stack
 * and are wiped on every path.
 */
#include <stdint.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "base/err.h"
#include "base/mem.h"
#include "crypto/sm3.h"
#include "crypto/sm4.h"

#define SM4_VERSION	"v1"
#define SM4_VERSION_LEN	2
#define SM4_NONCE_LEN	12
#define SM4_TAG_LEN	16
#define SM4_HDR_LEN	(SM4_VERSION_LEN + SM4_NONCE_LEN)	/* MAC'ed */
#define SM4_CT_OFF	(SM4_HDR_LEN + SM4_TAG_LEN)
#define SM4_CHUNK	(1 << 30)	/* EVP lengths are int */
/*
 * The 32-bit block counter after the nonce must not wrap into the nonce:
 * at most 2^32 blocks of 16 bytes under one nonce.
 */
#define SM4_MAX_PLAIN	((uint64_t)1 << 36)

_Static_assert(ZW_SM4_OVERHEAD == SM4_CT_OFF, "sm4 wire layout");

struct sm4_keys {
	unsigned char	enc[ZW_SM4_KEY_LEN];
	unsigned char	mac[ZW_SM3_LEN];
};

static void
sm4_derive(const unsigned char key[ZW_SM4_KEY_LEN], struct sm4_keys *k)
{
	static const char enc_label[] = "zhengwu sm4 v1 enc";
	static const char mac_label[] = "zhengwu sm4 v1 mac";
	unsigned char t[ZW_SM3_LEN];

	zw_hmac_sm3(key, ZW_SM4_KEY_LEN, enc_label, sizeof(enc_label) - 1, t);
	memcpy(k->enc, t, sizeof(k->enc));
	zw_wipe(t, sizeof(t));
	zw_hmac_sm3(key, ZW_SM4_KEY_LEN, mac_label, sizeof(mac_label) - 1,
	    k->mac);
}

/* HMAC-SM3(mk, hdr || ct) truncated to 16 bytes.  OUT: tag. */
static int
sm4_tag(const unsigned char *mk, const unsigned char *hdr,
    const unsigned char *ct, size_t ctlen, unsigned char tag[SM4_TAG_LEN])
{
	char digest[] = "SM3";
	OSSL_PARAM params[2];
	EVP_MAC *mac = NULL;
	EVP_MAC_CTX *ctx = NULL;
	unsigned char full[ZW_SM3_LEN];
	size_t len = 0;
	int rc = ZW_ECRYPTO;

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
	    (ctx = EVP_MAC_CTX_new(mac)) == NULL)
		goto out;
	if (EVP_MAC_init(ctx, mk, ZW_SM3_LEN, params) != 1 ||
	    EVP_MAC_update(ctx, hdr, SM4_HDR_LEN) != 1 ||
	    (ctlen > 0 && EVP_MAC_update(ctx, ct, ctlen) != 1) ||
	    EVP_MAC_final(ctx, full, &len, sizeof(full)) != 1 ||
	    len != sizeof(full))
		goto out;
	memcpy(tag, full, SM4_TAG_LEN);
	rc = ZW_OK;
out:
	zw_wipe(full, sizeof(full));
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	if (rc != ZW_OK)
		ERR_clear_error();
	return rc;
}

/* SM4-CTR of n bytes in -> out (CTR is its own inverse). */
static int
sm4_ctr(const unsigned char *ek, const unsigned char *nonce,
    const unsigned char *in, size_t n, unsigned char *out)
{
	EVP_CIPHER_CTX *ctx;
	unsigned char iv[16];
	size_t done = 0;
	int chunk, got, rc = ZW_ECRYPTO;

	memcpy(iv, nonce, SM4_NONCE_LEN);
	memset(iv + SM4_NONCE_LEN, 0, sizeof(iv) - SM4_NONCE_LEN);
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		goto out;
	if (EVP_EncryptInit_ex(ctx, EVP_sm4_ctr(), NULL, ek, iv) != 1)
		goto out;
	while (done < n) {
		chunk = n - done > SM4_CHUNK ? SM4_CHUNK : (int)(n - done);
		if (EVP_EncryptUpdate(ctx, out + done, &got, in + done,
		    chunk) != 1 || got != chunk)
			goto out;
		done += (size_t)chunk;
	}
	if (EVP_EncryptFinal_ex(ctx, out + done, &got) != 1 || got != 0)
		goto out;
	rc = ZW_OK;
out:
	EVP_CIPHER_CTX_free(ctx);
	if (rc != ZW_OK)
		ERR_clear_error();
	return rc;
}

/*
 * Encrypt and authenticate [p, p+n) under key with a fresh random nonce.
 * OUT: *out (zw_malloc'ed), *outlen = n + ZW_SM4_OVERHEAD.
 * Returns ZW_OK, ZW_ETOOBIG (n past 64 GiB), or ZW_ECRYPTO (RNG or
 * OpenSSL failure; *out is then NULL).
 */
int
zw_sm4_seal(const unsigned char key[ZW_SM4_KEY_LEN], const void *p,
    size_t n, unsigned char **out, size_t *outlen)
{
	struct sm4_keys k;
	unsigned char *o;
	int rc;

	*out = NULL;
	*outlen = 0;
	if ((uint64_t)n > SM4_MAX_PLAIN || n > SIZE_MAX - ZW_SM4_OVERHEAD)
		return ZW_ETOOBIG;
	o = zw_malloc(n + ZW_SM4_OVERHEAD);
	memcpy(o, SM4_VERSION, SM4_VERSION_LEN);
	if (RAND_bytes(o + SM4_VERSION_LEN, SM4_NONCE_LEN) != 1) {
		ERR_clear_error();
		zw_free(o);
		return ZW_ECRYPTO;
	}
	sm4_derive(key, &k);
	rc = sm4_ctr(k.enc, o + SM4_VERSION_LEN, p, n, o + SM4_CT_OFF);
	if (rc == ZW_OK)
		rc = sm4_tag(k.mac, o, o + SM4_CT_OFF, n, o + SM4_HDR_LEN);
	zw_wipe(&k, sizeof(k));
	if (rc != ZW_OK) {
		zw_wipe(o, n + ZW_SM4_OVERHEAD);
		zw_free(o);
		return rc;
	}
	*out = o;
	*outlen = n + ZW_SM4_OVERHEAD;
	return ZW_OK;
}

/*
 * Check and decrypt a record made by zw_sm4_seal.
 * OUT: *out (zw_malloc'ed, at least 1 byte even when empty), *outlen.
 * Returns ZW_OK, or ZW_ECRYPTO when the input is short, has an unknown
 * version, fails authentication (wrong key, tampering) or OpenSSL
 * fails; *out is then NULL and no plaintext was produced.
 */
int
zw_sm4_open(const unsigned char key[ZW_SM4_KEY_LEN], const void *p,
    size_t n, unsigned char **out, size_t *outlen)
{
	const unsigned char *in = p;
	struct sm4_keys k;
	unsigned char tag[SM4_TAG_LEN], *o;
	size_t ctlen;
	int rc;

	*out = NULL;
	*outlen = 0;
	if (in == NULL || n < ZW_SM4_OVERHEAD ||
	    memcmp(in, SM4_VERSION, SM4_VERSION_LEN) != 0)
		return ZW_ECRYPTO;
	ctlen = n - ZW_SM4_OVERHEAD;
	if ((uint64_t)ctlen > SM4_MAX_PLAIN)
		return ZW_ECRYPTO;
	sm4_derive(key, &k);
	rc = sm4_tag(k.mac, in, in + SM4_CT_OFF, ctlen, tag);
	if (rc == ZW_OK &&
	    CRYPTO_memcmp(tag, in + SM4_HDR_LEN, SM4_TAG_LEN) != 0)
		rc = ZW_ECRYPTO;
	if (rc != ZW_OK) {
		zw_wipe(&k, sizeof(k));
		return rc;
	}
	o = zw_malloc(ctlen);
	rc = sm4_ctr(k.enc, in + SM4_VERSION_LEN, in + SM4_CT_OFF, ctlen, o);
	zw_wipe(&k, sizeof(k));
	if (rc != ZW_OK) {
		zw_wipe(o, ctlen);
		zw_free(o);
		return rc;
	}
	*out = o;
	*outlen = ctlen;
	return ZW_OK;
}

struct zw_sm4_ctx {
	EVP_CIPHER	*cipher;	/* SM4-CTR, fetched once */
	EVP_CIPHER_CTX	*enc;		/* key set; the IV changes per record */
	EVP_MAC		*mac;
	EVP_MAC_CTX	*tag;		/* MAC key set; re-initialized per record */
	unsigned char	nonce[SM4_NONCE_LEN];	/* the next record's */
};

int
zw_sm4_ctx_new(const unsigned char key[ZW_SM4_KEY_LEN], struct zw_sm4_ctx **out)
{
	char digest[] = "SM3";
	OSSL_PARAM params[2];
	struct zw_sm4_ctx *x = zw_calloc(1, sizeof(*x));
	struct sm4_keys k;
	int ok;

	*out = NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	sm4_derive(key, &k);
	ok = RAND_bytes(x->nonce, SM4_NONCE_LEN) == 1 &&
	    (x->cipher = EVP_CIPHER_fetch(NULL, "SM4-CTR", NULL)) != NULL &&
	    (x->enc = EVP_CIPHER_CTX_new()) != NULL &&
	    EVP_EncryptInit_ex2(x->enc, x->cipher, k.enc, NULL, NULL) == 1 &&
	    (x->mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) != NULL &&
	    (x->tag = EVP_MAC_CTX_new(x->mac)) != NULL &&
	    EVP_MAC_init(x->tag, k.mac, sizeof(k.mac), params) == 1;
	zw_wipe(&k, sizeof(k));
	if (!ok) {
		ERR_clear_error();
		zw_sm4_ctx_free(x);
		return ZW_ECRYPTO;
	}
	*out = x;
	return ZW_OK;
}

void
zw_sm4_ctx_free(struct zw_sm4_ctx *x)
{
	if (x == NULL)
		return;
	EVP_CIPHER_CTX_free(x->enc);
	EVP_CIPHER_free(x->cipher);
	EVP_MAC_CTX_free(x->tag);
	EVP_MAC_free(x->mac);
	zw_wipe(x, sizeof(*x));
	zw_free(x);
}

/* SM4-CTR of n bytes under the context's key with IV nonce || 0. */
static int
ctx_ctr(struct zw_sm4_ctx *x, const unsigned char *nonce,
    const unsigned char *in, size_t n, unsigned char *out)
{
	unsigned char iv[16];
	int got = 0;

	memcpy(iv, nonce, SM4_NONCE_LEN);
	memset(iv + SM4_NONCE_LEN, 0, sizeof(iv) - SM4_NONCE_LEN);
	if (EVP_EncryptInit_ex2(x->enc, NULL, NULL, iv, NULL) != 1 ||
	    (n > 0 && (EVP_EncryptUpdate(x->enc, out, &got, in, (int)n) != 1 ||
	    (size_t)got != n))) {
		ERR_clear_error();
		return ZW_ECRYPTO;
	}
	return ZW_OK;
}

/* The 16-byte tag of hdr || ct. */
static int
ctx_tag(struct zw_sm4_ctx *x, const unsigned char *hdr,
    const unsigned char *ct, size_t ctlen, unsigned char tag[SM4_TAG_LEN])
{
	unsigned char full[ZW_SM3_LEN];
	size_t len = 0;
	int ok;

	ok = EVP_MAC_init(x->tag, NULL, 0, NULL) == 1 &&
	    EVP_MAC_update(x->tag, hdr, SM4_HDR_LEN) == 1 &&
	    (ctlen == 0 || EVP_MAC_update(x->tag, ct, ctlen) == 1) &&
	    EVP_MAC_final(x->tag, full, &len, sizeof(full)) == 1 &&
	    len == sizeof(full);
	if (ok)
		memcpy(tag, full, SM4_TAG_LEN);
	else
		ERR_clear_error();
	zw_wipe(full, sizeof(full));
	return ok ? ZW_OK : ZW_ECRYPTO;
}

int
zw_sm4_ctx_seal(struct zw_sm4_ctx *x, const void *p, size_t n,
    unsigned char *out)
{
	int i, rc;

	if (n > ZW_SM4_CTX_MAX)
		return ZW_ETOOBIG;
	memcpy(out, SM4_VERSION, SM4_VERSION_LEN);
	memcpy(out + SM4_VERSION_LEN, x->nonce, SM4_NONCE_LEN);
	/* next nonce: big-endian increment */
	for (i = SM4_NONCE_LEN - 1; i >= 0 && ++x->nonce[i] == 0; i--)
		;
	rc = ctx_ctr(x, out + SM4_VERSION_LEN, p, n, out + SM4_CT_OFF);
	if (rc == ZW_OK)
		rc = ctx_tag(x, out, out + SM4_CT_OFF, n, out + SM4_HDR_LEN);
	if (rc != ZW_OK)
		zw_wipe(out, n + ZW_SM4_OVERHEAD);
	return rc;
}

int
zw_sm4_ctx_open(struct zw_sm4_ctx *x, const void *p, size_t n,
    unsigned char *out, size_t *outlen)
{
	const unsigned char *in = p;
	unsigned char tag[SM4_TAG_LEN];
	size_t ctlen;
	int rc;

	*outlen = 0;
	if (in == NULL || n < ZW_SM4_OVERHEAD || n - ZW_SM4_OVERHEAD > ZW_SM4_CTX_MAX ||
	    memcmp(in, SM4_VERSION, SM4_VERSION_LEN) != 0)
		return ZW_ECRYPTO;
	ctlen = n - ZW_SM4_OVERHEAD;
	if ((rc = ctx_tag(x, in, in + SM4_CT_OFF, ctlen, tag)) != ZW_OK)
		return rc;
	if (CRYPTO_memcmp(tag, in + SM4_HDR_LEN, SM4_TAG_LEN) != 0)
		return ZW_ECRYPTO;
	if ((rc = ctx_ctr(x, in + SM4_VERSION_LEN, in + SM4_CT_OFF, ctlen,
	    out)) != ZW_OK) {
		zw_wipe(out, ctlen);
		return rc;
	}
	*outlen = ctlen;
	return ZW_OK;
}
