/*
 * pwhash.c -- password hashing with argon2id, randomness and session
 * tokens, all through libsodium.
 *
 * The cost of a new hash is one named pair (ops, mem): libsodium's
 * "interactive" argon2id limits in production, its minimum in tests
 * (zw_pwhash_set_cost).  Verification reads the cost from the encoded
 * string, so hashes made at either cost keep verifying.
 */
#include <stdatomic.h>
#include <string.h>

#include <sodium.h>

#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"
#include "crypto/pwhash.h"

/* Production cost: 2 passes over 64 MiB (about 0.1 s on a server core). */
#define PWHASH_OPSLIMIT		crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEMLIMIT		crypto_pwhash_MEMLIMIT_INTERACTIVE
/* Test cost: libsodium's minimum (1 pass, 8 KiB); never for real users. */
#define PWHASH_OPSLIMIT_CHEAP	crypto_pwhash_OPSLIMIT_MIN
#define PWHASH_MEMLIMIT_CHEAP	crypto_pwhash_MEMLIMIT_MIN

_Static_assert(ZW_PWHASH_STRLEN == crypto_pwhash_STRBYTES,
    "ZW_PWHASH_STRLEN must match crypto_pwhash_STRBYTES");

static atomic_bool pwhash_cheap;

static void
pwhash_cost(unsigned long long *ops, size_t *mem)
{
	if (atomic_load(&pwhash_cheap)) {
		*ops = PWHASH_OPSLIMIT_CHEAP;
		*mem = PWHASH_MEMLIMIT_CHEAP;
	} else {
		*ops = PWHASH_OPSLIMIT;
		*mem = PWHASH_MEMLIMIT;
	}
}

/*
 * Initialize libsodium.  Call once before threads start; calling again
 * is harmless.  Returns ZW_OK or ZW_ECRYPTO.
 */
int
zw_crypto_init(void)
{
	return sodium_init() < 0 ? ZW_ECRYPTO : ZW_OK;
}

/*
 * Switch new hashes to the minimum cost (cheap != 0) or back to the
 * production cost.  For tests only; call before threads start.
 */
void
zw_pwhash_set_cost(int cheap)
{
	atomic_store(&pwhash_cheap, cheap != 0);
}

/*
 * Hash n bytes of password with argon2id and a random salt.
 * OUT: out (NUL-terminated "$argon2id$v=19$m=...,t=...,p=1$salt$hash").
 * Returns ZW_OK, ZW_ETOOBIG (n > ZW_MAX_PASSWORD) or ZW_ECRYPTO
 * (libsodium could not get the memory).
 */
int
zw_pwhash(const char *password, size_t n, char out[ZW_PWHASH_STRLEN])
{
	unsigned long long ops;
	size_t mem;

	out[0] = '\0';
	if (n > ZW_MAX_PASSWORD)
		return ZW_ETOOBIG;
	if (password == NULL)
		password = "";
	pwhash_cost(&ops, &mem);
	if (crypto_pwhash_str_alg(out, password, n, ops, mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		out[0] = '\0';
		return ZW_ECRYPTO;
	}
	return ZW_OK;
}

/*
 * True if n bytes of password match the encoded hash.  False for a
 * wrong password, a malformed or NULL hash, or a password longer than
 * ZW_MAX_PASSWORD.  Runs in time independent of where they differ.
 */
bool
zw_pwhash_verify(const char *encoded, const char *password, size_t n)
{
	if (encoded == NULL || n > ZW_MAX_PASSWORD)
		return false;
	if (strnlen(encoded, ZW_PWHASH_STRLEN) == ZW_PWHASH_STRLEN)
		return false;
	if (password == NULL)
		password = "";
	return crypto_pwhash_str_verify(encoded, password, n) == 0;
}

/*
 * True if encoded was made with other parameters than the current cost
 * (or is malformed), so that a login should re-hash the password.
 */
bool
zw_pwhash_needs_rehash(const char *encoded)
{
	unsigned long long ops;
	size_t mem;

	if (encoded == NULL ||
	    strnlen(encoded, ZW_PWHASH_STRLEN) == ZW_PWHASH_STRLEN)
		return true;
	pwhash_cost(&ops, &mem);
	return crypto_pwhash_str_needs_rehash(encoded, ops, mem) != 0;
}

/* Fill [p, p+n) with bytes from the system CSPRNG.  Cannot fail. */
void
zw_random(void *p, size_t n)
{
	if (n > 0)
		randombytes_buf(p, n);
}

/*
 * n random bytes as URL-safe base64 without padding ([A-Za-z0-9_-]).
 * OUT: out, NUL-terminated.  outsize must be at least
 * ZW_TOKEN_STRLEN(n) (about 4n/3 + 2); a smaller buffer is a bug and
 * aborts.
 */
void
zw_random_token(size_t n, char *out, size_t outsize)
{
	unsigned char *raw;

	if (outsize < sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		zw_fatal("token buffer too small (%zu for %zu bytes)",
		    outsize, n);
	raw = zw_malloc(n);
	zw_random(raw, n);
	sodium_bin2base64(out, outsize, raw, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	zw_wipe(raw, n);
	zw_free(raw);
}
