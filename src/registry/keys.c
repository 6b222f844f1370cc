/*
 * keys.c -- the registry's keys and what is done with them: the keyed
 * index of an ID number or USCC, the SM4 seal of the personal data, the
 * masks shown to callers without clear access, key normalization.
 *
 * Keys are derived from the data directory's master key:
 *
 *	data  = HMAC-SM3(master, "zhengwu registry data v1")[0..16)
 *	index = HMAC-SM3(master, "zhengwu registry index v1 a") ||
 *	        HMAC-SM3(master, "zhengwu registry index v1 b")	(64 bytes)
 *
 * so the index key and the SM4 key are independent, and neither is ever
 * stored.  The index of a key is SM3(index || normalized key) truncated
 * to 128 bits: without the index key nobody can test whether a given
 * number is in the database, even though there are only a few hundred
 * candidate numbers per birth date and region.  The key is exactly one
 * SM3 block, absorbed once per thread, and the keys indexed have a fixed
 * length (18 characters), so the prefix construction needs no HMAC.
 *
 * OpenSSL contexts are kept per thread (a pthread key with a
 * destructor) and rebuilt when a thread is handed other keys, so a
 * lookup costs one HMAC and one SM4 open instead of the key schedules.
 */
#include <pthread.h>
#include <string.h>

#include "base/clock.h"
#include "base/ids.h"
#include "base/mem.h"
#include "base/str.h"
#include "registry/reg_int.h"

_Static_assert(ZW_REG_INDEX_KEY_LEN == 2 * ZW_SM3_LEN, "index key: two HMAC outputs");

static const char data_label[] = "zhengwu registry data v1";
static const char index_label_a[] = "zhengwu registry index v1 a";
static const char index_label_b[] = "zhengwu registry index v1 b";

const char *
zw_reg_name(enum zw_reg reg)
{
	return reg == ZW_REG_PERSONS ? "persons" : "legal_persons";
}

int
zw_reg_parse(const char *s, enum zw_reg *out)
{
	if (s == NULL)
		return ZW_EINVAL;
	if (strcmp(s, "persons") == 0) {
		*out = ZW_REG_PERSONS;
		return ZW_OK;
	}
	if (strcmp(s, "legal_persons") == 0 || strcmp(s, "legal-persons") == 0) {
		*out = ZW_REG_LEGAL;
		return ZW_OK;
	}
	return ZW_EINVAL;
}

void
zw_registry_keys_derive(const unsigned char master[ZW_SM4_KEY_LEN],
    struct zw_reg_keys *k)
{
	unsigned char t[ZW_SM3_LEN];

	zw_hmac_sm3(master, ZW_SM4_KEY_LEN, data_label, sizeof(data_label) - 1, t);
	memcpy(k->data, t, sizeof(k->data));
	zw_wipe(t, sizeof(t));
	zw_hmac_sm3(master, ZW_SM4_KEY_LEN, index_label_a,
	    sizeof(index_label_a) - 1, k->index);
	zw_hmac_sm3(master, ZW_SM4_KEY_LEN, index_label_b,
	    sizeof(index_label_b) - 1, k->index + ZW_SM3_LEN);
}

static struct zw_reg_keys process_keys;
static bool process_keys_set;

void
zw_registry_init(const unsigned char master[ZW_SM4_KEY_LEN])
{
	zw_registry_keys_derive(master, &process_keys);
	process_keys_set = true;
}

const struct zw_reg_keys *
zw_registry_keys(void)
{
	return process_keys_set ? &process_keys : NULL;
}

/* ---- per-thread contexts ---- */

struct reg_crypto {
	struct zw_reg_keys keys;	/* the keys the contexts were made for */
	struct zw_sm3_keyed *index;
	struct zw_sm4_ctx *sm4;
};

static pthread_key_t crypto_key;
static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;

static void
crypto_free(void *p)
{
	struct reg_crypto *x = p;

	if (x == NULL)
		return;
	zw_sm3_keyed_free(x->index);
	zw_sm4_ctx_free(x->sm4);
	zw_wipe(x, sizeof(*x));
	zw_free(x);
}

static void
crypto_key_make(void)
{
	if (pthread_key_create(&crypto_key, crypto_free) != 0)
		zw_fatal("pthread_key_create failed");
}

/* The calling thread's contexts for k.  Aborts when OpenSSL cannot
 * provide SM4 (a broken installation, as zw_sm3 does). */
static struct reg_crypto *
crypto_for(const struct zw_reg_keys *k)
{
	struct reg_crypto *x;

	pthread_once(&crypto_once, crypto_key_make);
	x = pthread_getspecific(crypto_key);
	/* Both sides are our own keys, not input: a plain comparison
	 * leaks nothing an attacker could steer. */
	if (x != NULL && memcmp(&x->keys, k, sizeof(*k)) == 0)
		return x;
	crypto_free(x);
	x = zw_calloc(1, sizeof(*x));
	x->keys = *k;
	x->index = zw_sm3_keyed_new(k->index, sizeof(k->index));
	if (zw_sm4_ctx_new(k->data, &x->sm4) != ZW_OK)
		zw_fatal("SM4 is not available in this OpenSSL");
	if (pthread_setspecific(crypto_key, x) != 0)
		zw_fatal("pthread_setspecific failed");
	return x;
}

void
reg_index(const struct zw_reg_keys *k, const char *key, size_t n,
    unsigned char out[ZW_REG_INDEX_LEN])
{
	unsigned char full[ZW_SM3_LEN];

	zw_sm3_keyed(crypto_for(k)->index, key, n, full);
	memcpy(out, full, ZW_REG_INDEX_LEN);
}

void
zw_registry_index(const struct zw_reg_keys *k, const char *key,
    unsigned char out[ZW_REG_INDEX_LEN])
{
	reg_index(k, key, strlen(key), out);
}

void
reg_index_hex(const unsigned char key[ZW_REG_INDEX_LEN], char out[33])
{
	zw_hex(key, ZW_REG_INDEX_LEN, out);
}

int
reg_pii_seal(const struct zw_reg_keys *k, const char *id, const char *phone,
    size_t phone_len, unsigned char *out, size_t *outlen)
{
	char plain[REG_PII_PLAIN_MAX];
	size_t n;
	int rc;

	if (strlen(id) != 18 || phone_len > ZW_REG_MAX_PHONE)
		return ZW_EINVAL;
	memcpy(plain, id, 18);
	plain[18] = '\n';
	memcpy(plain + 19, phone, phone_len);
	n = 19 + phone_len;
	rc = zw_sm4_ctx_seal(crypto_for(k)->sm4, plain, n, out);
	zw_wipe(plain, sizeof(plain));
	if (rc == ZW_OK)
		*outlen = n + ZW_SM4_OVERHEAD;
	return rc;
}

int
reg_pii_open(const struct zw_reg_keys *k, const void *blob, size_t n,
    char id[19], char phone[ZW_REG_MAX_PHONE + 1])
{
	unsigned char plain[REG_PII_PLAIN_MAX];
	size_t len = 0;
	int rc;

	if (n < ZW_SM4_OVERHEAD + 19 || n > REG_PII_MAX)
		return ZW_ECRYPTO;
	rc = zw_sm4_ctx_open(crypto_for(k)->sm4, blob, n, plain, &len);
	if (rc == ZW_OK && (len < 19 || plain[18] != '\n'))
		rc = ZW_ECRYPTO;
	if (rc == ZW_OK) {
		memcpy(id, plain, 18);
		id[18] = '\0';
		memcpy(phone, plain + 19, len - 19);
		phone[len - 19] = '\0';
	}
	zw_wipe(plain, sizeof(plain));
	return rc;
}

int
zw_registry_normalize_key(enum zw_reg reg, const char *key, char out[19],
    struct zw_id_result *r)
{
	char today[11];

	if (reg == ZW_REG_PERSONS) {
		zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
		zw_validate_id_number(key, today, r);
	} else
		zw_validate_uscc(key, r);
	if (!r->valid)
		return ZW_EINVAL;
	memcpy(out, r->normalized, 19);
	return ZW_OK;
}
