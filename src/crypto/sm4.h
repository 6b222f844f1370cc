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

#endif
