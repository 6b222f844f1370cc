/*
 * sm3.h -- SM3 hash (GB/T 32905) and HMAC-SM3 through OpenSSL EVP.
 */
#ifndef ZW_SM3_H
#define ZW_SM3_H

#include <stddef.h>

#define ZW_SM3_LEN 32

/*
 * Streaming context.  Always spelled "struct zw_sm3": a typedef named
 * zw_sm3 would collide with the function zw_sm3() below (typedefs and
 * functions share one C namespace; struct tags do not).
 */
struct zw_sm3;

struct zw_sm3 *zw_sm3_new(void);
void zw_sm3_update(struct zw_sm3 *c, const void *p, size_t n);
/* Writes 32 bytes and frees the context. */
void zw_sm3_final(struct zw_sm3 *c, unsigned char out[ZW_SM3_LEN]);

void zw_sm3(const void *p, size_t n, unsigned char out[ZW_SM3_LEN]);
/* 64 lowercase hex digits + NUL. */
void zw_sm3_hex(const void *p, size_t n, char out[65]);
void zw_hmac_sm3(const void *key, size_t keylen, const void *p, size_t n,
    unsigned char out[ZW_SM3_LEN]);

/*
 * SM3 over (key || message) for many short messages under one key: the
 * key's blocks are absorbed once and each call starts from a copy of
 * that state.  With a key of whole 64-byte blocks and messages of a
 * fixed length (the registries' keyed index of an 18-character number)
 * this is a keyed hash without HMAC's second pass; length extension
 * does not apply to fixed-length inputs.  Not thread-safe: one per
 * thread.  Never NULL (aborts like zw_sm3).
 */
struct zw_sm3_keyed;

struct zw_sm3_keyed *zw_sm3_keyed_new(const void *key, size_t keylen);
void zw_sm3_keyed(struct zw_sm3_keyed *h, const void *p, size_t n,
    unsigned char out[ZW_SM3_LEN]);
void zw_sm3_keyed_free(struct zw_sm3_keyed *h);

#endif
