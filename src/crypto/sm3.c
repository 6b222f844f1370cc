/*
 * sm3.c -- SM3 hash (GB/T 32905) and HMAC-SM3 through OpenSSL 3 EVP.
 *
 * SM3 is part of OpenSSL's default provider, so a failure here means a
 * broken installation, not bad input: the void functions abort with
 * zw_fatal rather than hand back a wrong digest.
 */
#include <limits.h>
#include <pthread.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/mem.h"
#include "base/str.h"
#include "crypto/sm3.h"

struct zw_sm3 {
	EVP_MD_CTX	*md;
};

/* Any valid pointer, for zero-length input that came as NULL. */
static const unsigned char sm3_empty[1];

/*
 * Start a streaming SM3 computation.  Never returns NULL (aborts if
 * OpenSSL cannot provide SM3).  Finish with zw_sm3_final, which frees.
 */
struct zw_sm3 *
zw_sm3_new(void)
{
	struct zw_sm3 *c;

	c = zw_malloc(sizeof(*c));
	c->md = EVP_MD_CTX_new();
	if (c->md == NULL)
		zw_fatal("EVP_MD_CTX_new failed");
	if (EVP_DigestInit_ex(c->md, EVP_sm3(), NULL) != 1)
		zw_fatal("SM3 is not available in this OpenSSL");
	return c;
}

/* Feed n bytes at p (p may be NULL when n is 0). */
void
zw_sm3_update(struct zw_sm3 *c, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (EVP_DigestUpdate(c->md, p, n) != 1)
		zw_fatal("SM3 update failed");
}

/* OUT: out (32 bytes).  Frees c. */
void
zw_sm3_final(struct zw_sm3 *c, unsigned char out[ZW_SM3_LEN])
{
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(c->md, out, &len) != 1 || len != ZW_SM3_LEN)
		zw_fatal("SM3 final failed");
	EVP_MD_CTX_free(c->md);
	zw_free(c);
}

/* SM3 fetched once from the provider (EVP_sm3() makes every
 * EVP_Digest do an implicit fetch).  Kept for the life of the process. */
static EVP_MD *sm3_md;
static pthread_once_t sm3_once = PTHREAD_ONCE_INIT;

static void
sm3_fetch(void)
{
	sm3_md = EVP_MD_fetch(NULL, "SM3", NULL);
	if (sm3_md == NULL)
		zw_fatal("SM3 is not available in this OpenSSL");
}

/* One-shot SM3 of [p, p+n).  OUT: out (32 bytes). */
void
zw_sm3(const void *p, size_t n, unsigned char out[ZW_SM3_LEN])
{
	unsigned int len = 0;

	pthread_once(&sm3_once, sm3_fetch);
	if (p == NULL)
		p = sm3_empty;
	if (EVP_Digest(p, n, out, &len, sm3_md, NULL) != 1 || len != ZW_SM3_LEN)
		zw_fatal("SM3 digest failed");
}

/* One-shot SM3 as 64 lowercase hex digits.  OUT: out (65 bytes, NUL). */
void
zw_sm3_hex(const void *p, size_t n, char out[65])
{
	unsigned char d[ZW_SM3_LEN];

	zw_sm3(p, n, d);
	zw_hex(d, sizeof(d), out);
}

/*
 * HMAC-SM3 (RFC 2104 over SM3) of [p, p+n) under key.  Either pointer
 * may be NULL when its length is 0.  OUT: out (32 bytes).
 */
void
zw_hmac_sm3(const void *key, size_t keylen, const void *p, size_t n,
    unsigned char out[ZW_SM3_LEN])
{
	unsigned int len = 0;

	if (key == NULL)
		key = sm3_empty;
	if (p == NULL)
		p = sm3_empty;
	if (keylen > INT_MAX)
		zw_fatal("HMAC-SM3 key too long (%zu bytes)", keylen);
	if (HMAC(EVP_sm3(), key, (int)keylen, p, n, out, &len) == NULL ||
	    len != ZW_SM3_LEN)
		zw_fatal("HMAC-SM3 failed");
}

struct zw_sm3_keyed {
	EVP_MD_CTX	*base;	/* the key absorbed */
	EVP_MD_CTX	*work;
};

/* Absorb key once.  Aborts if OpenSSL cannot provide SM3. */
struct zw_sm3_keyed *
zw_sm3_keyed_new(const void *key, size_t keylen)
{
	struct zw_sm3_keyed *h = zw_malloc(sizeof(*h));

	pthread_once(&sm3_once, sm3_fetch);
	if ((h->base = EVP_MD_CTX_new()) == NULL ||
	    (h->work = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex2(h->base, sm3_md, NULL) != 1 ||
	    (keylen > 0 && EVP_DigestUpdate(h->base, key, keylen) != 1))
		zw_fatal("SM3 is not available in this OpenSSL");
	return h;
}

/* SM3(key || [p, p+n)).  OUT: out (32 bytes). */
void
zw_sm3_keyed(struct zw_sm3_keyed *h, const void *p, size_t n,
    unsigned char out[ZW_SM3_LEN])
{
	unsigned int len = 0;

	if (EVP_MD_CTX_copy_ex(h->work, h->base) != 1 ||
	    (n > 0 && EVP_DigestUpdate(h->work, p, n) != 1) ||
	    EVP_DigestFinal_ex(h->work, out, &len) != 1 || len != ZW_SM3_LEN)
		zw_fatal("SM3 failed");
}

/* Free; OpenSSL cleanses the digest state, which holds the key. */
void
zw_sm3_keyed_free(struct zw_sm3_keyed *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->base);
	EVP_MD_CTX_free(h->work);
	zw_free(h);
}
