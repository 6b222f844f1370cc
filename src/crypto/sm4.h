/*
 * sm4.h -- SM4 (GB/T 32907) authenticated encryption of small secrets
 * (personal data, private keys) at rest, with a random 12-byte nonce.
 * Wire format: "v1" || nonce(12) || tag(16) || ciphertext.
 * v1 is SM4-CTR + HMAC-SM3 (encrypt-then-MAC, tag truncated to 16 bytes,
 * separate keys derived from the one key): OpenSSL 3.0 has no SM4-GCM.
 * See sm4.c for the exact construction.
 */
#ifndef ZW_SM4_H
#define ZW_SM4_H

#include <stddef.h>

#define ZW_SM4_KEY_LEN 16
#define ZW_SM4_OVERHEAD (2 + 12 + 16)

/* OUT: *out (zw_malloc'ed), *outlen = n + ZW_SM4_OVERHEAD. */
int zw_sm4_seal(const unsigned char key[ZW_SM4_KEY_LEN], const void *p,
    size_t n, unsigned char **out, size_t *outlen);
/* ZW_ECRYPTO if the tag does not verify. OUT: *out (zw_malloc'ed). */
int zw_sm4_open(const unsigned char key[ZW_SM4_KEY_LEN], const void *p,
    size_t n, unsigned char **out, size_t *outlen);

/*
 * A reusable context for sealing and opening many records under one key
 * (registry imports and lookups).  The derived keys and the OpenSSL
 * contexts are set up once.  Nonces: a random 96-bit start, incremented
 * per record, so they never repeat within a context and two contexts
 * overlap with probability about n / 2^96.  Same wire format as
 * zw_sm4_seal: either side opens what the other sealed.  Not
 * thread-safe: one per thread.
 */
struct zw_sm4_ctx;

/* ZW_ECRYPTO if OpenSSL or the RNG fails. OUT: *out. */
int zw_sm4_ctx_new(const unsigned char key[ZW_SM4_KEY_LEN],
    struct zw_sm4_ctx **out);
void zw_sm4_ctx_free(struct zw_sm4_ctx *x);
/* out needs n + ZW_SM4_OVERHEAD bytes; n <= ZW_SM4_CTX_MAX. */
int zw_sm4_ctx_seal(struct zw_sm4_ctx *x, const void *p, size_t n,
    unsigned char *out);
/* out needs n - ZW_SM4_OVERHEAD bytes.  ZW_ECRYPTO when the record is
 * malformed or does not authenticate. OUT: out, *outlen. */
int zw_sm4_ctx_open(struct zw_sm4_ctx *x, const void *p, size_t n,
    unsigned char *out, size_t *outlen);

/* Largest record a context handles (EVP lengths are int). */
#define ZW_SM4_CTX_MAX	(1u << 30)

#endif
