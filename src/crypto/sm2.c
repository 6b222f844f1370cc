/*
 * sm2.c -- SM2 (GB/T 32918) key pairs and signatures with SM3, through
 * OpenSSL 3 EVP.
 *
 * An SM2 signature hashes a signer ID into the digest (the Z value).
 * OpenSSL's default ID is empty, while GM/T 0009 and every other SM2
 * implementation default to "1234567812345678"; both sides set it
 * explicitly here, on a per-call EVP_PKEY_CTX handed to the digest
 * context (the pattern of OpenSSL's SM2(7)).  Nothing is cached between
 * calls, so all functions are thread-safe on a shared key: the EVP_PKEY
 * is only read.  OpenSSL's per-thread error queue is cleared on failure
 * so that stale errors never surface in an unrelated caller.
 */
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "base/err.h"
#include "base/mem.h"
#include "crypto/sm2.h"

struct zw_sm2_key {
	EVP_PKEY	*pkey;
	bool		 has_private;	/* false for a loaded public key */
};

#define SM2_ID_LEN	(sizeof(ZW_SM2_DEFAULT_ID) - 1)

static const unsigned char sm2_empty[1];

static zw_sm2_key *
sm2_wrap(EVP_PKEY *pkey, bool has_private)
{
	zw_sm2_key *k;

	k = zw_malloc(sizeof(*k));
	k->pkey = pkey;
	k->has_private = has_private;
	return k;
}

/* Refuse to prompt for a passphrase: our private PEM is never encrypted. */
static int
sm2_no_password(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* Copy a memory BIO's contents into a zw_malloc'ed C string. */
static int
sm2_bio_to_str(BIO *b, char **out)
{
	char *data = NULL;
	long len;

	len = BIO_get_mem_data(b, &data);
	if (len <= 0 || data == NULL)
		return ZW_ECRYPTO;
	*out = zw_strndup(data, (size_t)len);
	return ZW_OK;
}

/*
 * Set up md for signing (sign = true) or verifying with key k, SM3 and
 * the default signer ID.  OUT: *mdp, *pctxp; the caller frees both
 * (the digest context does not own a pkey context set this way).
 */
static int
sm2_md_init(const zw_sm2_key *k, bool sign, EVP_MD_CTX **mdp,
    EVP_PKEY_CTX **pctxp)
{
	EVP_MD_CTX *md;
	EVP_PKEY_CTX *pctx;
	int ok;

	*mdp = md = EVP_MD_CTX_new();
	*pctxp = pctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	if (md == NULL || pctx == NULL)
		return ZW_ECRYPTO;
	if (EVP_PKEY_CTX_set1_id(pctx, ZW_SM2_DEFAULT_ID, SM2_ID_LEN) != 1)
		return ZW_ECRYPTO;
	EVP_MD_CTX_set_pkey_ctx(md, pctx);
	if (sign)
		ok = EVP_DigestSignInit(md, NULL, EVP_sm3(), NULL, k->pkey);
	else
		ok = EVP_DigestVerifyInit(md, NULL, EVP_sm3(), NULL, k->pkey);
	return ok == 1 ? ZW_OK : ZW_ECRYPTO;
}

/*
 * Generate a fresh SM2 key pair.  OUT: *out (free with zw_sm2_free).
 * Returns ZW_OK or ZW_ECRYPTO.
 */
int
zw_sm2_generate(zw_sm2_key **out)
{
	EVP_PKEY *pkey;

	*out = NULL;
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
	if (pkey == NULL) {
		ERR_clear_error();
		return ZW_ECRYPTO;
	}
	*out = sm2_wrap(pkey, true);
	return ZW_OK;
}

/* Free a key; NULL is a no-op. */
void
zw_sm2_free(zw_sm2_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	zw_free(k);
}

/*
 * The private key as unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY").
 * OUT: *pem (zw_malloc'ed, NUL-terminated; the caller wipes it with
 * zw_wipe before zw_free).  Returns ZW_OK, ZW_EINVAL for a public-only
 * key, or ZW_ECRYPTO.
 */
int
zw_sm2_private_pem(const zw_sm2_key *k, char **pem)
{
	BIO *b;
	int rc = ZW_ECRYPTO;

	*pem = NULL;
	if (!k->has_private)
		return ZW_EINVAL;
	/* secmem: OpenSSL wipes the buffer when the BIO goes. */
	if ((b = BIO_new(BIO_s_secmem())) == NULL)
		goto out;
	if (PEM_write_bio_PKCS8PrivateKey(b, k->pkey, NULL, NULL, 0, NULL,
	    NULL) != 1)
		goto out;
	rc = sm2_bio_to_str(b, pem);
out:
	BIO_free(b);
	if (rc != ZW_OK)
		ERR_clear_error();
	return rc;
}

/*
 * The public key as SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY"), as
 * openssl dgst -verify expects.  OUT: *pem (zw_malloc'ed,
 * NUL-terminated).  Returns ZW_OK or ZW_ECRYPTO.
 */
int
zw_sm2_public_pem(const zw_sm2_key *k, char **pem)
{
	BIO *b;
	int rc = ZW_ECRYPTO;

	*pem = NULL;
	if ((b = BIO_new(BIO_s_mem())) == NULL)
		goto out;
	if (PEM_write_bio_PUBKEY(b, k->pkey) != 1)
		goto out;
	rc = sm2_bio_to_str(b, pem);
out:
	BIO_free(b);
	if (rc != ZW_OK)
		ERR_clear_error();
	return rc;
}

/*
 * Load a private key from n bytes of PEM (PKCS#8 or traditional EC;
 * encrypted PEM is refused, never prompted for).  OUT: *out.
 * Returns ZW_OK, or ZW_EINVAL if the text is not an SM2 private key.
 */
int
zw_sm2_load_private_pem(const char *pem, size_t n, zw_sm2_key **out)
{
	EVP_PKEY *pkey = NULL;
	BIO *b;

	*out = NULL;
	if (pem == NULL || n == 0 || n > INT_MAX)
		return ZW_EINVAL;
	if ((b = BIO_new_mem_buf(pem, (int)n)) != NULL)
		pkey = PEM_read_bio_PrivateKey(b, NULL, sm2_no_password, NULL);
	BIO_free(b);
	if (pkey == NULL || !EVP_PKEY_is_a(pkey, "SM2")) {
		EVP_PKEY_free(pkey);
		ERR_clear_error();
		return ZW_EINVAL;
	}
	*out = sm2_wrap(pkey, true);
	return ZW_OK;
}

/*
 * Load a public key from n bytes of SubjectPublicKeyInfo PEM.
 * OUT: *out (can verify, cannot sign).  Returns ZW_OK, or ZW_EINVAL if
 * the text is not an SM2 public key.
 */
int
zw_sm2_load_public_pem(const char *pem, size_t n, zw_sm2_key **out)
{
	EVP_PKEY *pkey = NULL;
	BIO *b;

	*out = NULL;
	if (pem == NULL || n == 0 || n > INT_MAX)
		return ZW_EINVAL;
	if ((b = BIO_new_mem_buf(pem, (int)n)) != NULL)
		pkey = PEM_read_bio_PUBKEY(b, NULL, sm2_no_password, NULL);
	BIO_free(b);
	if (pkey == NULL || !EVP_PKEY_is_a(pkey, "SM2")) {
		EVP_PKEY_free(pkey);
		ERR_clear_error();
		return ZW_EINVAL;
	}
	*out = sm2_wrap(pkey, false);
	return ZW_OK;
}

/*
 * Sign [msg, msg+n) with SM2-with-SM3 under the default signer ID.
 * OUT: *sig (DER SEQUENCE { r, s }, zw_malloc'ed), *siglen.
 * Returns ZW_OK, ZW_EINVAL for a public-only key, or ZW_ECRYPTO.
 */
int
zw_sm2_sign(const zw_sm2_key *k, const void *msg, size_t n,
    unsigned char **sig, size_t *siglen)
{
	EVP_MD_CTX *md = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *s = NULL;
	size_t len;
	int max, rc;

	*sig = NULL;
	*siglen = 0;
	if (!k->has_private)
		return ZW_EINVAL;
	if (msg == NULL)
		msg = sm2_empty;
	if ((rc = sm2_md_init(k, true, &md, &pctx)) != ZW_OK)
		goto out;
	rc = ZW_ECRYPTO;
	if ((max = EVP_PKEY_get_size(k->pkey)) <= 0)
		goto out;
	len = (size_t)max;
	s = zw_malloc(len);
	if (EVP_DigestSign(md, s, &len, msg, n) != 1 || len == 0 ||
	    len > (size_t)max)
		goto out;
	*sig = s;
	*siglen = len;
	s = NULL;
	rc = ZW_OK;
out:
	zw_free(s);
	EVP_MD_CTX_free(md);
	EVP_PKEY_CTX_free(pctx);
	if (rc != ZW_OK)
		ERR_clear_error();
	return rc;
}

/*
 * Verify a DER signature over [msg, msg+n) under the default signer ID.
 * Returns ZW_OK if valid, ZW_ECRYPTO if not (or on any failure).
 */
int
zw_sm2_verify(const zw_sm2_key *k, const void *msg, size_t n,
    const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *md = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	int rc;

	if (sig == NULL || siglen == 0)
		return ZW_ECRYPTO;
	if (msg == NULL)
		msg = sm2_empty;
	if ((rc = sm2_md_init(k, false, &md, &pctx)) != ZW_OK)
		goto out;
	if (EVP_DigestVerify(md, sig, siglen, msg, n) != 1)
		rc = ZW_ECRYPTO;
out:
	EVP_MD_CTX_free(md);
	EVP_PKEY_CTX_free(pctx);
	if (rc != ZW_OK)
		ERR_clear_error();
	return rc;
}
