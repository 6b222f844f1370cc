/*
 * sm2rate.c -- single-thread SM2 seal and verify rates through zhengwu's
 * own zw_sm2_sign / zw_sm2_verify (src/crypto/sm2.h), for comparison
 * with `openssl speed sm2` on the same machine (bench/documents.sh).
 *
 *   sm2rate [SECONDS [RECIPIENTS [MEASURES]]]
 *
 * The message is a real canonical document string (zw_doc_canonical,
 * what the electronic seal signs) of a 通知 with RECIPIENTS (default
 * 10) 主送/抄送 organizations and two attachments: about 1 KB.  Each
 * measure runs for SECONDS (default 3) of wall-clock time; MEASURES is
 * a comma-separated list of these (default: all):
 *
 *   sign        zw_sm2_sign of the canonical string
 *   verify      zw_sm2_verify of it
 *   ref_sign    the same signature the way `openssl speed sm2` makes
 *               it: one EVP_MD_CTX and EVP_PKEY_CTX (signer ID set once)
 *               reused, EVP_DigestSignInit + EVP_DigestSign per message
 *   ref_verify  likewise EVP_DigestVerifyInit + EVP_DigestVerify
 *               (sign and ref_sign, verify and ref_verify, when both are
 *               asked for, run in alternating 0.1 s slices)
 *   seal        what zw_doc_seal does per document besides SQL: SM4-open
 *               the organization's private key PEM, parse it, sign
 *   check       what verification does: parse the public PEM, verify
 *   sign20      zw_sm2_sign of 20 bytes (openssl speed's message size)
 *   verify20    zw_sm2_verify of 20 bytes
 *   sign1000    zw_sm2_sign of the canonical string with 1,000
 *               recipients (what bench/documents.sh issues)
 *
 * Output: one line per measure: "NAME R ops/s W wall/s U us/op B bytes",
 * R per second of user CPU time (what openssl speed reports unless given
 * -elapsed), W per second of wall-clock time, U user CPU per operation.
 * Only for benchmarks; links build/libzw.a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "crypto/pwhash.h"
#include "crypto/sm2.h"
#include "crypto/sm4.h"
#include "documents/rules.h"

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* User CPU time of the process: what `openssl speed` divides by (unless
 * -elapsed), so that both rates ignore time spent descheduled. */
static double
user_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
}

struct ctx {
	zw_sm2_key *priv, *pub;
	const char *msg;
	size_t len;
	unsigned char *sig;
	size_t siglen;
	char *pub_pem;
	unsigned char *enc;
	size_t enclen;
	unsigned char master[ZW_SM4_KEY_LEN];
	EVP_PKEY *pkey;		/* the same key, for the reference loops */
	EVP_MD_CTX *smd, *vmd;
};

static int
op_sign(struct ctx *x)
{
	unsigned char *sig;
	size_t n;
	int rc = zw_sm2_sign(x->priv, x->msg, x->len, &sig, &n);

	zw_free(sig);
	return rc;
}

static int
op_verify(struct ctx *x)
{
	return zw_sm2_verify(x->pub, x->msg, x->len, x->sig, x->siglen);
}

static int
op_seal(struct ctx *x)
{
	unsigned char *pem = NULL, *sig = NULL;
	size_t pemlen = 0, n;
	zw_sm2_key *k = NULL;
	int rc;

	if ((rc = zw_sm4_open(x->master, x->enc, x->enclen, &pem, &pemlen)) == ZW_OK &&
	    (rc = zw_sm2_load_private_pem((const char *)pem, pemlen, &k)) == ZW_OK)
		rc = zw_sm2_sign(k, x->msg, x->len, &sig, &n);
	if (pem != NULL) {
		zw_wipe(pem, pemlen);
		zw_free(pem);
	}
	zw_free(sig);
	zw_sm2_free(k);
	return rc;
}

static int
op_check(struct ctx *x)
{
	zw_sm2_key *k = NULL;
	int rc;

	if ((rc = zw_sm2_load_public_pem(x->pub_pem, strlen(x->pub_pem), &k)) == ZW_OK)
		rc = zw_sm2_verify(k, x->msg, x->len, x->sig, x->siglen);
	zw_sm2_free(k);
	return rc;
}

/* As openssl speed's SM2_sign_loop / SM2_verify_loop (apps/speed.c). */
static int
op_ref_sign(struct ctx *x)
{
	unsigned char sig[128];
	size_t n = sizeof(sig);

	return EVP_DigestSignInit(x->smd, NULL, EVP_sm3(), NULL, x->pkey) == 1 &&
	    EVP_DigestSign(x->smd, sig, &n, (const unsigned char *)x->msg,
	    x->len) == 1 ? ZW_OK : ZW_ECRYPTO;
}

static int
op_ref_verify(struct ctx *x)
{
	return EVP_DigestVerifyInit(x->vmd, NULL, EVP_sm3(), NULL, x->pkey) == 1 &&
	    EVP_DigestVerify(x->vmd, x->sig, x->siglen,
	    (const unsigned char *)x->msg, x->len) == 1 ? ZW_OK : ZW_ECRYPTO;
}

/* Reused digest contexts with the GM/T 0009 signer ID, as openssl speed
 * sets them up (its ID differs; the cost does not). */
static int
ref_setup(struct ctx *x)
{
	EVP_PKEY_CTX *sp, *vp;

	x->smd = EVP_MD_CTX_new();
	x->vmd = EVP_MD_CTX_new();
	sp = EVP_PKEY_CTX_new(x->pkey, NULL);
	vp = EVP_PKEY_CTX_new(x->pkey, NULL);
	if (x->smd == NULL || x->vmd == NULL || sp == NULL || vp == NULL ||
	    EVP_PKEY_CTX_set1_id(sp, ZW_SM2_DEFAULT_ID, 16) != 1 ||
	    EVP_PKEY_CTX_set1_id(vp, ZW_SM2_DEFAULT_ID, 16) != 1)
		return ZW_ECRYPTO;
	EVP_MD_CTX_set_pkey_ctx(x->smd, sp);
	EVP_MD_CTX_set_pkey_ctx(x->vmd, vp);
	return ZW_OK;
}

/* Is name in the comma-separated list (NULL: everything)? */
static int
wanted(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	if (list == NULL)
		return 1;
	for (p = list; (p = strstr(p, name)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

static void
report(const char *name, long n, double wall, double user, size_t len)
{
	if (user <= 0)
		user = wall;
	printf("%-10s %9.1f ops/s %9.1f wall/s %8.1f us/op %7zu bytes\n", name,
	    (double)n / user, (double)n / wall, user / (double)n * 1e6, len);
	fflush(stdout);
}

/* Run op for at least secs seconds of wall-clock time (checking the
 * clock every 4 ops); add the count, wall and user CPU time. */
static int
slice(const char *name, int (*op)(struct ctx *), struct ctx *x, double secs,
    long *n, double *wall, double *user)
{
	double t0 = mono(), u0 = user_cpu(), t;
	int i;

	do {
		for (i = 0; i < 4; i++, (*n)++)
			if (op(x) != ZW_OK) {
				fprintf(stderr, "sm2rate: %s failed\n", name);
				return 1;
			}
		t = mono() - t0;
	} while (t < secs);
	*wall += t;
	*user += user_cpu() - u0;
	return 0;
}

/* Run op for secs seconds.  Prints the rate per second of user CPU
 * time (as openssl speed) and per second of wall-clock time. */
static int
measure(const char *name, int (*op)(struct ctx *), struct ctx *x, double secs)
{
	double wall = 0, user = 0;
	long n = 0;

	if (slice(name, op, x, secs, &n, &wall, &user) != 0)
		return 1;
	report(name, n, wall, user, x->len);
	return 0;
}

/* Two ops in alternating 0.1 s slices until each has had secs seconds:
 * whatever else the machine is doing hits both alike. */
static int
measure_pair(const char *na, int (*a)(struct ctx *), const char *nb,
    int (*b)(struct ctx *), struct ctx *x, double secs)
{
	double wa = 0, ua = 0, wb = 0, ub = 0;
	long ca = 0, cb = 0;

	while (wa < secs || wb < secs)
		if (slice(na, a, x, 0.1, &ca, &wa, &ua) != 0 ||
		    slice(nb, b, x, 0.1, &cb, &wb, &ub) != 0)
			return 1;
	report(na, ca, wa, ua, x->len);
	report(nb, cb, wb, ub, x->len);
	return 0;
}

/* The canonical string of an issued 通知 with nr recipients. */
static int
canon(size_t nr, zw_buf *out)
{
	static const char *const names[] = { "石家庄市行政审批局", "石家庄市公安局",
	    "石家庄市市场监督管理局", "石家庄市数据和政务服务局", "长安区人民政府",
	    "桥西区人民政府", "新华区人民政府", "裕华区人民政府" };
	struct zw_doc_canon_rcpt *r = calloc(nr ? nr : 1, sizeof(*r));
	struct zw_doc_canon_att at[2] = {
		{ "实施方案", "3c0b423be86913b5afd5028128bb1fca721ca425711d8ac4cb7d4ad183dec7c9", 1048576 },
		{ "任务分工表", "9f1c6e0d2b7a4c35e8d1f0a9b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7", 73216 },
	};
	struct zw_doc_canon d;
	char *nm = calloc(nr ? nr : 1, 64);
	size_t i;
	int rc;

	for (i = 0; i < nr; i++) {
		r[i].org_id = 100 + (int64_t)i;
		snprintf(nm + i * 64, 64, "%s%s", names[i % 8], i >= 8 ? "第二分局" : "");
		r[i].name = nm + i * 64;
		r[i].cc = i % 3 == 2;
	}
	memset(&d, 0, sizeof(d));
	d.id = 12345;
	d.doc_no = "石政办〔2026〕128号";
	d.doc_type = "通知";
	d.secrecy = "非密";
	d.urgency = "加急";
	d.issuer = "石家庄市人民政府办公室";
	d.issuer_org_id = 6;
	d.signer = "张伟";
	d.title = "关于做好2026年度政务服务效能提升工作的通知";
	d.body = "各有关单位：\n为进一步提升政务服务效能，现就有关事项通知如下。";
	d.attachment_note = "附件：1.实施方案\n\u3000\u3000\u30002.任务分工表";
	d.written_on = "2026-11-22";
	d.annotation = "联系人：李娜，电话：0311-86000000";
	d.printed_by = "石家庄市人民政府办公室";
	d.printed_on = "2026-11-22";
	d.rcpt = r;
	d.nrcpt = nr;
	d.att = at;
	d.natt = 2;
	d.issued_at = 1795348184;
	rc = zw_doc_canonical(&d, out);
	free(r);
	free(nm);
	return rc;
}

int
main(int argc, char **argv)
{
	struct ctx x;
	zw_buf small, big;
	BIO *b;
	char *pem = NULL;
	long pemlen;
	double secs = argc > 1 ? atof(argv[1]) : 3;
	long nr = argc > 2 ? atol(argv[2]) : 10;
	const char *list = argc > 3 ? argv[3] : NULL;
	static const char msg20[20] = "0123456789abcdefghi";
	int bad = 0;

	if (argc > 4 || secs <= 0 || nr < 0 || nr > 2000) {
		fprintf(stderr, "usage: sm2rate [SECONDS [RECIPIENTS [MEASURES]]]\n");
		return 2;
	}
	if (zw_crypto_init() != ZW_OK)
		return 1;
	memset(&x, 0, sizeof(x));
	zw_buf_init(&small, 1 << 20);
	zw_buf_init(&big, 1 << 20);
	if (canon((size_t)nr, &small) != ZW_OK || canon(1000, &big) != ZW_OK) {
		fprintf(stderr, "sm2rate: canonical string failed\n");
		return 1;
	}
	/* One key for everything, as an organization has it: the private
	 * PEM (PKCS#8) SM4-sealed under the master key, the public PEM;
	 * zhengwu's handles loaded from those PEMs. */
	memset(x.master, 0x5a, sizeof(x.master));
	if ((x.pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2")) == NULL ||
	    (b = BIO_new(BIO_s_secmem())) == NULL ||
	    PEM_write_bio_PKCS8PrivateKey(b, x.pkey, NULL, NULL, 0, NULL, NULL) != 1 ||
	    (pemlen = BIO_get_mem_data(b, &pem)) <= 0 ||
	    zw_sm2_load_private_pem(pem, (size_t)pemlen, &x.priv) != ZW_OK ||
	    zw_sm4_seal(x.master, pem, (size_t)pemlen, &x.enc, &x.enclen) != ZW_OK ||
	    zw_sm2_public_pem(x.priv, &x.pub_pem) != ZW_OK ||
	    zw_sm2_load_public_pem(x.pub_pem, strlen(x.pub_pem), &x.pub) != ZW_OK ||
	    ref_setup(&x) != ZW_OK) {
		fprintf(stderr, "sm2rate: key set-up failed\n");
		return 1;
	}
	BIO_free(b);	/* secmem: wiped */

	x.msg = small.p;
	x.len = small.len;
	if (zw_sm2_sign(x.priv, x.msg, x.len, &x.sig, &x.siglen) != ZW_OK)
		return 1;
	if (wanted(list, "sign") && wanted(list, "ref_sign"))
		bad |= measure_pair("sign", op_sign, "ref_sign", op_ref_sign, &x, secs);
	else if (wanted(list, "sign"))
		bad |= measure("sign", op_sign, &x, secs);
	else if (wanted(list, "ref_sign"))
		bad |= measure("ref_sign", op_ref_sign, &x, secs);
	if (wanted(list, "verify") && wanted(list, "ref_verify"))
		bad |= measure_pair("verify", op_verify, "ref_verify", op_ref_verify,
		    &x, secs);
	else if (wanted(list, "verify"))
		bad |= measure("verify", op_verify, &x, secs);
	else if (wanted(list, "ref_verify"))
		bad |= measure("ref_verify", op_ref_verify, &x, secs);
	if (wanted(list, "seal"))
		bad |= measure("seal", op_seal, &x, secs);
	if (wanted(list, "check"))
		bad |= measure("check", op_check, &x, secs);
	zw_free(x.sig);

	x.msg = msg20;
	x.len = sizeof(msg20);
	if (zw_sm2_sign(x.priv, x.msg, x.len, &x.sig, &x.siglen) != ZW_OK)
		return 1;
	if (wanted(list, "sign20"))
		bad |= measure("sign20", op_sign, &x, secs);
	if (wanted(list, "verify20"))
		bad |= measure("verify20", op_verify, &x, secs);
	zw_free(x.sig);

	x.msg = big.p;
	x.len = big.len;
	if (wanted(list, "sign1000"))
		bad |= measure("sign1000", op_sign, &x, secs);

	EVP_MD_CTX_free(x.smd);
	EVP_MD_CTX_free(x.vmd);
	EVP_PKEY_free(x.pkey);
	zw_sm2_free(x.priv);
	zw_sm2_free(x.pub);
	zw_free(x.enc);
	zw_free(x.pub_pem);
	zw_buf_free(&small);
	zw_buf_free(&big);
	return bad;
}
