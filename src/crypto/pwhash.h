/*
 * pwhash.h -- password hashing with argon2id (libsodium), randomness
 * and session tokens.
 */
#ifndef ZW_PWHASH_H
#define ZW_PWHASH_H

#include <stdbool.h>
#include <stddef.h>

#define ZW_PWHASH_STRLEN 128	/* crypto_pwhash_STRBYTES */

/* Must be called once before threads start (sodium_init). */
int zw_crypto_init(void);
/* OUT: out (encoded "$argon2id$..." string). */
int zw_pwhash(const char *password, size_t n, char out[ZW_PWHASH_STRLEN]);
bool zw_pwhash_verify(const char *encoded, const char *password, size_t n);
void zw_random(void *p, size_t n);
/* n random bytes as URL-safe base64 without padding (out >= 4n/3+2). */
void zw_random_token(size_t n, char *out, size_t outsize);

/* Additions. */

/* A buffer size that always fits zw_random_token(n, ...), NUL included. */
#define ZW_TOKEN_STRLEN(n)	(((n) + 2) / 3 * 4 + 1)
/* Tests only, before threads start: cheap != 0 switches new hashes to
 * libsodium's minimum argon2id cost; 0 restores the production cost. */
void zw_pwhash_set_cost(int cheap);
/* True if encoded was not made at the current cost (or is malformed):
 * re-hash the password after a successful login. */
bool zw_pwhash_needs_rehash(const char *encoded);

#endif
