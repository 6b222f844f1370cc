/*
 * test_crypto.c -- unit tests of src/crypto: SM3 and HMAC-SM3 known
 * answers, the SM4 block cipher's GB/T 32907 vector and the sealed
 * record format, SM2 signatures (including a cross-check against the
 * stock openssl command in both directions), argon2id and tokens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sys/wait.h>

#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "crypto/pwhash.h"
#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "crypto/sm4.h"

/* ---- helpers ---- */

static void
unhex(const char *hex, unsigned char *out, size_t n)
{
	assert_int_equal(strlen(hex), 2 * n);
	assert_int_equal(zw_unhex(hex, 2 * n, out, n), ZW_OK);
}

static void
assert_hex(const unsigned char *p, size_t n, const char *want)
{
	char got[2 * ZW_SM3_LEN + 1];

	assert_true(n <= ZW_SM3_LEN);
	zw_hex(p, n, got);
	assert_string_equal(got, want);
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void *
read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	p = zw_malloc((size_t)len);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return p;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
rm_tree(const char *dir)
{
	assert_int_equal(nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS), 0);
}

/* Run a shell command; its exit status (-1 if it did not exit). */
static int
run(const char *cmd)
{
	int st = system(cmd);

	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int
setup(void **state)
{
	(void)state;
	if (zw_crypto_init() != ZW_OK)
		return -1;
	zw_pwhash_set_cost(1);
	return 0;
}

/* ---- SM3 ---- */

static void
test_sm3_vectors(void **state)
{
	unsigned char d[ZW_SM3_LEN];
	char hex[65], abcd[65];
	int i;

	(void)state;
	/* GB/T 32905-2016 Appendix A, examples 1 and 2. */
	zw_sm3("abc", 3, d);
	assert_hex(d, sizeof(d),
	    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
	zw_sm3_hex("abc", 3, hex);
	assert_string_equal(hex,
	    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
	for (i = 0; i < 16; i++)
		memcpy(abcd + 4 * i, "abcd", 4);
	zw_sm3_hex(abcd, 64, hex);
	assert_string_equal(hex,
	    "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
	/* Empty input, also as NULL. */
	zw_sm3_hex(NULL, 0, hex);
	assert_string_equal(hex,
	    "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
}

static void
test_sm3_streaming(void **state)
{
	struct zw_sm3 *c;
	unsigned char d[ZW_SM3_LEN], want[ZW_SM3_LEN];
	char abcd[64];
	int i;

	(void)state;
	for (i = 0; i < 16; i++)
		memcpy(abcd + 4 * i, "abcd", 4);
	zw_sm3(abcd, sizeof(abcd), want);
	/* Uneven pieces across the 64-byte block boundary. */
	c = zw_sm3_new();
	zw_sm3_update(c, abcd, 1);
	zw_sm3_update(c, NULL, 0);
	zw_sm3_update(c, abcd + 1, 62);
	zw_sm3_update(c, abcd + 63, 1);
	zw_sm3_final(c, d);
	assert_memory_equal(d, want, sizeof(d));
}

static void
test_hmac_sm3(void **state)
{
	unsigned char key[80], mac[ZW_SM3_LEN];
	static const char big[] =
	    "Test Using Larger Than Block-Size Key - Hash Key First";

	(void)state;
	/*
	 * Vectors from OpenSSL's independent HMAC:
	 * openssl mac -digest SM3 -macopt hexkey:0b...0b (20 bytes) HMAC
	 */
	memset(key, 0x0b, 20);
	zw_hmac_sm3(key, 20, "Hi There", 8, mac);
	assert_hex(mac, sizeof(mac),
	    "51b00d1fb49832bfb01c3ce27848e59f871d9ba938dc563b338ca964755cce70");
	/* A key longer than the 64-byte block is hashed first. */
	memset(key, 0xaa, 80);
	zw_hmac_sm3(key, 80, big, sizeof(big) - 1, mac);
	assert_hex(mac, sizeof(mac),
	    "c794651f5455f80546855f744ff50146d5286e1cb677d5088c059cd8b03bb9ce");
}

/* ---- SM4 ---- */

static void
test_sm4_block_kat(void **state)
{
	unsigned char key[16], pt[16], ct[32];
	EVP_CIPHER_CTX *ctx;
	int len = 0, fin = 0;

	(void)state;
	/* GB/T 32907-2016 Appendix A, example 1: one block, key = plain. */
	unhex("0123456789abcdeffedcba9876543210", key, sizeof(key));
	memcpy(pt, key, sizeof(pt));
	ctx = EVP_CIPHER_CTX_new();
	assert_non_null(ctx);
	assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_sm4_ecb(), NULL, key,
	    NULL), 1);
	assert_int_equal(EVP_CIPHER_CTX_set_padding(ctx, 0), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, ct, &len, pt, 16), 1);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, ct + len, &fin), 1);
	EVP_CIPHER_CTX_free(ctx);
	assert_int_equal(len + fin, 16);
	assert_hex(ct, 16, "681edf34d206965e86b3e94f536e4246");
}

static void
test_sm4_roundtrip(void **state)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 1000, 70000 };
	unsigned char key[ZW_SM4_KEY_LEN], *pt, *sealed, *again, *opened;
	size_t i, n, slen, alen, olen;

	(void)state;
	zw_random(key, sizeof(key));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		n = sizes[i];
		pt = zw_malloc(n);
		zw_random(pt, n);
		assert_int_equal(zw_sm4_seal(key, pt, n, &sealed, &slen),
		    ZW_OK);
		assert_int_equal(slen, n + ZW_SM4_OVERHEAD);
		assert_memory_equal(sealed, "v1", 2);
		/* A fresh nonce each time: same input, different record. */
		assert_int_equal(zw_sm4_seal(key, pt, n, &again, &alen),
		    ZW_OK);
		assert_int_equal(alen, slen);
		assert_memory_not_equal(sealed + 2, again + 2, 12);
		assert_int_equal(zw_sm4_open(key, sealed, slen, &opened,
		    &olen), ZW_OK);
		assert_int_equal(olen, n);
		if (n > 0) {
			assert_memory_equal(opened, pt, n);
			/* The plaintext does not appear in the record. */
			if (n >= 16)
				assert_memory_not_equal(sealed +
				    ZW_SM4_OVERHEAD, pt, n);
		}
		zw_free(opened);
		zw_free(again);
		zw_free(sealed);
		zw_free(pt);
	}
}

static void
test_sm4_tamper(void **state)
{
	static const char msg[] = "身份证号 110101199003074514";
	unsigned char key[ZW_SM4_KEY_LEN], key2[ZW_SM4_KEY_LEN];
	unsigned char *sealed, *opened, sentinel;
	size_t i, slen, olen;

	(void)state;
	zw_random(key, sizeof(key));
	assert_int_equal(zw_sm4_seal(key, msg, sizeof(msg) - 1, &sealed,
	    &slen), ZW_OK);
	/* Every single bit flip anywhere (version, nonce, tag, body). */
	for (i = 0; i < slen; i++) {
		sealed[i] ^= 0x01;
		opened = &sentinel;
		olen = 99;
		assert_int_equal(zw_sm4_open(key, sealed, slen, &opened,
		    &olen), ZW_ECRYPTO);
		assert_null(opened);
		assert_int_equal(olen, 0);
		sealed[i] ^= 0x01;
	}
	/* Truncated or extended records. */
	assert_int_equal(zw_sm4_open(key, sealed, slen - 1, &opened, &olen),
	    ZW_ECRYPTO);
	assert_null(opened);
	/* Wrong key. */
	memcpy(key2, key, sizeof(key2));
	key2[15] ^= 0x80;
	assert_int_equal(zw_sm4_open(key2, sealed, slen, &opened, &olen),
	    ZW_ECRYPTO);
	assert_null(opened);
	/* The untouched record still opens. */
	assert_int_equal(zw_sm4_open(key, sealed, slen, &opened, &olen),
	    ZW_OK);
	assert_int_equal(olen, sizeof(msg) - 1);
	assert_memory_equal(opened, msg, olen);
	zw_free(opened);
	zw_free(sealed);
}

static void
test_sm4_malformed(void **state)
{
	unsigned char key[ZW_SM4_KEY_LEN] = { 0 };
	unsigned char buf[ZW_SM4_OVERHEAD + 4], *sealed, *opened;
	size_t slen, olen;

	(void)state;
	assert_int_equal(zw_sm4_open(key, NULL, 0, &opened, &olen),
	    ZW_ECRYPTO);
	assert_null(opened);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "v1", 2);
	assert_int_equal(zw_sm4_open(key, buf, ZW_SM4_OVERHEAD - 1, &opened,
	    &olen), ZW_ECRYPTO);
	assert_int_equal(zw_sm4_open(key, buf, sizeof(buf), &opened, &olen),
	    ZW_ECRYPTO);	/* right shape, zero tag */
	/* A valid record relabelled as another version. */
	assert_int_equal(zw_sm4_seal(key, "abcd", 4, &sealed, &slen), ZW_OK);
	sealed[1] = '2';
	assert_int_equal(zw_sm4_open(key, sealed, slen, &opened, &olen),
	    ZW_ECRYPTO);
	assert_null(opened);
	zw_free(sealed);
}

/* ---- SM2 ---- */

static void
test_sm2_sign_verify(void **state)
{
	static const char msg[] = "冀政办函〔2004〕9号";
	zw_sm2_key *k;
	unsigned char *sig;
	size_t siglen;
	char other[sizeof(msg)];

	(void)state;
	assert_int_equal(zw_sm2_generate(&k), ZW_OK);
	assert_int_equal(zw_sm2_sign(k, msg, sizeof(msg) - 1, &sig, &siglen),
	    ZW_OK);
	assert_true(siglen >= 8 && siglen <= 72);
	assert_int_equal(sig[0], 0x30);	/* DER SEQUENCE */
	assert_int_equal(zw_sm2_verify(k, msg, sizeof(msg) - 1, sig, siglen),
	    ZW_OK);
	/* Changed message, changed length, changed signature. */
	memcpy(other, msg, sizeof(msg));
	other[0] ^= 0x01;
	assert_int_equal(zw_sm2_verify(k, other, sizeof(msg) - 1, sig,
	    siglen), ZW_ECRYPTO);
	assert_int_equal(zw_sm2_verify(k, msg, sizeof(msg) - 2, sig, siglen),
	    ZW_ECRYPTO);
	sig[siglen - 1] ^= 0x01;
	assert_int_equal(zw_sm2_verify(k, msg, sizeof(msg) - 1, sig, siglen),
	    ZW_ECRYPTO);
	sig[siglen - 1] ^= 0x01;
	assert_int_equal(zw_sm2_verify(k, msg, sizeof(msg) - 1, sig,
	    siglen - 1), ZW_ECRYPTO);
	assert_int_equal(zw_sm2_verify(k, msg, sizeof(msg) - 1, NULL, 0),
	    ZW_ECRYPTO);
	zw_free(sig);
	/* The empty message is signable too. */
	assert_int_equal(zw_sm2_sign(k, NULL, 0, &sig, &siglen), ZW_OK);
	assert_int_equal(zw_sm2_verify(k, "", 0, sig, siglen), ZW_OK);
	zw_free(sig);
	zw_sm2_free(k);
	zw_sm2_free(NULL);
}

static void
test_sm2_pem(void **state)
{
	zw_sm2_key *k, *priv, *pub, *other;
	char *ppem, *upem, *upem2;
	unsigned char *sig;
	size_t siglen;
	EVP_PKEY *ec;
	BIO *b;
	char *data;
	long len;

	(void)state;
	assert_int_equal(zw_sm2_generate(&k), ZW_OK);
	assert_int_equal(zw_sm2_private_pem(k, &ppem), ZW_OK);
	assert_int_equal(zw_sm2_public_pem(k, &upem), ZW_OK);
	assert_non_null(strstr(ppem, "-----BEGIN PRIVATE KEY-----\n"));
	assert_non_null(strstr(upem, "-----BEGIN PUBLIC KEY-----\n"));

	/* Private PEM round trip signs; public PEM round trip verifies. */
	assert_int_equal(zw_sm2_load_private_pem(ppem, strlen(ppem), &priv),
	    ZW_OK);
	assert_int_equal(zw_sm2_load_public_pem(upem, strlen(upem), &pub),
	    ZW_OK);
	assert_int_equal(zw_sm2_public_pem(priv, &upem2), ZW_OK);
	assert_string_equal(upem, upem2);
	assert_int_equal(zw_sm2_sign(priv, "data", 4, &sig, &siglen), ZW_OK);
	assert_int_equal(zw_sm2_verify(pub, "data", 4, sig, siglen), ZW_OK);
	assert_int_equal(zw_sm2_verify(k, "data", 4, sig, siglen), ZW_OK);
	zw_free(sig);

	/* A public key cannot sign or export a private key. */
	assert_int_equal(zw_sm2_sign(pub, "data", 4, &sig, &siglen),
	    ZW_EINVAL);
	assert_null(sig);
	assert_int_equal(zw_sm2_private_pem(pub, &data), ZW_EINVAL);
	assert_null(data);

	/* Garbage, the wrong half, and a non-SM2 EC key are refused. */
	assert_int_equal(zw_sm2_load_private_pem("junk", 4, &other),
	    ZW_EINVAL);
	assert_null(other);
	assert_int_equal(zw_sm2_load_public_pem(ppem, strlen(ppem), &other),
	    ZW_EINVAL);
	assert_int_equal(zw_sm2_load_private_pem(upem, strlen(upem), &other),
	    ZW_EINVAL);
	assert_int_equal(zw_sm2_load_public_pem(upem, 20, &other),
	    ZW_EINVAL);
	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	assert_non_null(ec);
	b = BIO_new(BIO_s_mem());
	assert_int_equal(PEM_write_bio_PUBKEY(b, ec), 1);
	len = BIO_get_mem_data(b, &data);
	assert_int_equal(zw_sm2_load_public_pem(data, (size_t)len, &other),
	    ZW_EINVAL);
	BIO_free(b);
	EVP_PKEY_free(ec);

	zw_wipe(ppem, strlen(ppem));
	zw_free(ppem);
	zw_free(upem);
	zw_free(upem2);
	zw_sm2_free(pub);
	zw_sm2_free(priv);
	zw_sm2_free(k);
}

/*
 * The stock openssl command agrees with us in both directions, with the
 * GM/T 0009 signer ID -- and only with it.
 */
static void
test_sm2_openssl_cli(void **state)
{
	static const char msg[] = "国发〔2018〕1号 signed by zhengwu\n";
	char dir[] = "/tmp/zw_sm2_XXXXXX";
	char path[256], cmd[1024];
	zw_sm2_key *k;
	char *ppem, *upem;
	unsigned char *sig;
	size_t siglen, n;
	void *osig;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(zw_sm2_generate(&k), ZW_OK);
	assert_int_equal(zw_sm2_public_pem(k, &upem), ZW_OK);
	assert_int_equal(zw_sm2_private_pem(k, &ppem), ZW_OK);
	assert_int_equal(zw_sm2_sign(k, msg, sizeof(msg) - 1, &sig, &siglen),
	    ZW_OK);
	snprintf(path, sizeof(path), "%s/pub.pem", dir);
	write_file(path, upem, strlen(upem));
	snprintf(path, sizeof(path), "%s/priv.pem", dir);
	write_file(path, ppem, strlen(ppem));
	snprintf(path, sizeof(path), "%s/data", dir);
	write_file(path, msg, sizeof(msg) - 1);
	snprintf(path, sizeof(path), "%s/sig.der", dir);
	write_file(path, sig, siglen);

	/* openssl verifies our signature... */
	snprintf(cmd, sizeof(cmd), "cd %s && openssl dgst -sm3 -verify "
	    "pub.pem -signature sig.der -sigopt distid:%s data "
	    ">/dev/null 2>&1", dir, ZW_SM2_DEFAULT_ID);
	assert_int_equal(run(cmd), 0);
	/* ...but not with OpenSSL's default (empty) ID... */
	snprintf(cmd, sizeof(cmd), "cd %s && openssl dgst -sm3 -verify "
	    "pub.pem -signature sig.der data >/dev/null 2>&1", dir);
	assert_int_not_equal(run(cmd), 0);
	/* ...nor over modified data. */
	snprintf(path, sizeof(path), "%s/data", dir);
	write_file(path, "X", 1);
	snprintf(cmd, sizeof(cmd), "cd %s && openssl dgst -sm3 -verify "
	    "pub.pem -signature sig.der -sigopt distid:%s data "
	    ">/dev/null 2>&1", dir, ZW_SM2_DEFAULT_ID);
	assert_int_not_equal(run(cmd), 0);

	/* openssl signs with our private PEM, and we verify it. */
	write_file(path, msg, sizeof(msg) - 1);
	snprintf(cmd, sizeof(cmd), "cd %s && openssl dgst -sm3 -sign "
	    "priv.pem -sigopt distid:%s -out osig.der data "
	    ">/dev/null 2>&1", dir, ZW_SM2_DEFAULT_ID);
	assert_int_equal(run(cmd), 0);
	snprintf(path, sizeof(path), "%s/osig.der", dir);
	osig = read_file(path, &n);
	assert_int_equal(zw_sm2_verify(k, msg, sizeof(msg) - 1, osig, n),
	    ZW_OK);
	assert_int_equal(zw_sm2_verify(k, msg, sizeof(msg) - 2, osig, n),
	    ZW_ECRYPTO);

	zw_free(osig);
	zw_free(sig);
	zw_wipe(ppem, strlen(ppem));
	zw_free(ppem);
	zw_free(upem);
	zw_sm2_free(k);
	rm_tree(dir);
}

#define SM2_THREADS	4
#define SM2_ROUNDS	25

static void *
sm2_worker(void *arg)
{
	const zw_sm2_key *k = arg;
	unsigned char msg[32], *sig;
	size_t siglen;
	int i;

	for (i = 0; i < SM2_ROUNDS; i++) {
		zw_random(msg, sizeof(msg));
		if (zw_sm2_sign(k, msg, sizeof(msg), &sig, &siglen) != ZW_OK)
			return (void *)1;
		if (zw_sm2_verify(k, msg, sizeof(msg), sig, siglen) != ZW_OK) {
			zw_free(sig);
			return (void *)1;
		}
		zw_free(sig);
	}
	return NULL;
}

/* One key shared by several threads, as the server does. */
static void
test_sm2_threads(void **state)
{
	pthread_t t[SM2_THREADS];
	zw_sm2_key *k;
	void *ret;
	int i;

	(void)state;
	assert_int_equal(zw_sm2_generate(&k), ZW_OK);
	for (i = 0; i < SM2_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, sm2_worker, k),
		    0);
	for (i = 0; i < SM2_THREADS; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	zw_sm2_free(k);
}

/* ---- passwords, randomness, tokens ---- */

static void
test_pwhash(void **state)
{
	static const char pw[] = "Zhengwu#2024";
	char h[ZW_PWHASH_STRLEN], h2[ZW_PWHASH_STRLEN];
	char big[ZW_MAX_PASSWORD + 1];

	(void)state;
	assert_int_equal(zw_pwhash(pw, sizeof(pw) - 1, h), ZW_OK);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(zw_pwhash_verify(h, pw, sizeof(pw) - 1));
	assert_false(zw_pwhash_verify(h, pw, sizeof(pw) - 2));
	assert_false(zw_pwhash_verify(h, "zhengwu#2024", sizeof(pw) - 1));
	assert_false(zw_pwhash_verify(h, "", 0));
	assert_false(zw_pwhash_verify(NULL, pw, sizeof(pw) - 1));
	assert_false(zw_pwhash_verify("$argon2id$junk", pw, sizeof(pw) - 1));
	/* Random salt: the same password hashes differently. */
	assert_int_equal(zw_pwhash(pw, sizeof(pw) - 1, h2), ZW_OK);
	assert_string_not_equal(h, h2);
	assert_true(zw_pwhash_verify(h2, pw, sizeof(pw) - 1));
	/* Past the limit. */
	memset(big, 'a', sizeof(big));
	assert_int_equal(zw_pwhash(big, sizeof(big), h2), ZW_ETOOBIG);
	assert_false(zw_pwhash_verify(h, big, sizeof(big)));
	/* Cost switch: a cheap hash needs a re-hash at production cost. */
	assert_false(zw_pwhash_needs_rehash(h));
	zw_pwhash_set_cost(0);
	assert_true(zw_pwhash_needs_rehash(h));
	assert_true(zw_pwhash_verify(h, pw, sizeof(pw) - 1));
	zw_pwhash_set_cost(1);
	assert_true(zw_pwhash_needs_rehash("nonsense"));
}

static void
test_random_token(void **state)
{
	char a[ZW_TOKEN_STRLEN(ZW_TOKEN_BYTES)], b[sizeof(a)];
	char small[4 * 3 / 3 + 2];
	unsigned char r[32], zero[32] = { 0 };
	size_t i, n;

	(void)state;
	zw_random(r, sizeof(r));
	assert_memory_not_equal(r, zero, sizeof(r));
	zw_random(NULL, 0);

	zw_random_token(ZW_TOKEN_BYTES, a, sizeof(a));
	zw_random_token(ZW_TOKEN_BYTES, b, sizeof(b));
	assert_int_equal(strlen(a), 43);	/* 256 bits, no padding */
	assert_string_not_equal(a, b);
	for (i = 0; a[i] != '\0'; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_", a[i]));
	/* The documented minimum size (4n/3 + 2) is enough. */
	for (n = 1; n <= 3; n++) {
		zw_random_token(n, small, 4 * n / 3 + 2);
		assert_int_equal(strlen(small), n == 3 ? 4 : n + 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sm3_vectors),
		cmocka_unit_test(test_sm3_streaming),
		cmocka_unit_test(test_hmac_sm3),
		cmocka_unit_test(test_sm4_block_kat),
		cmocka_unit_test(test_sm4_roundtrip),
		cmocka_unit_test(test_sm4_tamper),
		cmocka_unit_test(test_sm4_malformed),
		cmocka_unit_test(test_sm2_sign_verify),
		cmocka_unit_test(test_sm2_pem),
		cmocka_unit_test(test_sm2_openssl_cli),
		cmocka_unit_test(test_sm2_threads),
		cmocka_unit_test(test_pwhash),
		cmocka_unit_test(test_random_token),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
