/*
 * sm2.h -- SM2 (GB/T 32918) signatures with SM3, through OpenSSL 3 EVP.
 * The signer ID is always set explicitly to the GM/T 0009 default
 * "1234567812345678" (OpenSSL's default is empty), so signatures verify
 * with: openssl dgst -sm3 -verify pub.pem -signature sig.der
 *            -sigopt distid:1234567812345678 data
 */
#ifndef ZW_SM2_H
#define ZW_SM2_H

#include <stddef.h>

#define ZW_SM2_DEFAULT_ID "1234567812345678"

typedef struct zw_sm2_key zw_sm2_key;

int zw_sm2_generate(zw_sm2_key **out);
void zw_sm2_free(zw_sm2_key *k);
/* PEM text (zw_malloc'ed, NUL-terminated). Private is PKCS#8, unencrypted:
 * callers encrypt it with SM4 before storing. */
int zw_sm2_private_pem(const zw_sm2_key *k, char **pem);
int zw_sm2_public_pem(const zw_sm2_key *k, char **pem);
int zw_sm2_load_private_pem(const char *pem, size_t n, zw_sm2_key **out);
int zw_sm2_load_public_pem(const char *pem, size_t n, zw_sm2_key **out);
/* DER signature (zw_malloc'ed). */
int zw_sm2_sign(const zw_sm2_key *k, const void *msg, size_t n,
    unsigned char **sig, size_t *siglen);
/* ZW_OK if valid, ZW_ECRYPTO if not. */
int zw_sm2_verify(const zw_sm2_key *k, const void *msg, size_t n,
    const unsigned char *sig, size_t siglen);

#endif
