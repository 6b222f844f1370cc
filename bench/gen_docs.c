/*
 * gen_docs.c -- draft N 公文 in a data directory through zhengwu's own
 * zw_doc_create (validation, recipients, first version, 办文单 step and
 * audit event, exactly as POST /api/v1/documents), for the search
 * benchmark (bench/documents.sh).  Built with -DZW_GEN_INDEX it also
 * calls zw_doc_index (src/documents/search.h) for every document, in the
 * same transaction, as the API does.
 *
 *   gen_docs DB_FILE COUNT [PER_TX [LOGIN]]
 *
 * The drafter is LOGIN (default li.na, the demo clerk of 石家庄市人民政府
 * 办公室), loaded with zw_actor_load.  Titles and bodies are made of
 * ordinary 公文 phrases picked by a fixed pseudo-random sequence (the
 * same documents every run), so the common words of the queries (审批,
 * 通知, 政务, 工作, 安全, 营商 ...) occur with realistic, very different
 * frequencies.  Documents go in transactions of PER_TX (default 5000).
 * Only for benchmarks; links build/libzw.a.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "crypto/pwhash.h"
#include "documents/documents.h"
#include "org/org.h"
#include "store/db.h"
#ifdef ZW_GEN_INDEX
#include "documents/search.h"
#endif

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const topics[] = {
	"进一步优化营商环境", "做好安全生产检查", "推进行政审批制度改革",
	"加强政务服务中心窗口建设", "开展工作作风专项整治", "做好防汛抗旱工作",
	"规范政府信息公开", "推进政务服务“一网通办”", "加强数据安全管理",
	"落实减税降费政策", "做好冬季供暖保障", "开展食品安全专项检查",
	"推进“放管服”改革", "加强机关节能管理", "做好元旦春节期间值班",
	"开展消防安全隐患排查", "推进工程建设项目审批提速", "加强公文处理规范化",
	"做好年度绩效考核", "开展营商环境评价", "推进数字政府建设",
	"做好城乡低保资格复核", "加强市场主体信用监管", "开展扫黑除恶常态化",
	"推进不动产登记便民", "做好重点项目调度", "开展交通安全整治",
	"加强财政资金监管", "推进企业开办全程网办", "做好人口普查数据质量",
};
static const char *const kinds[] = { "通知", "通知", "通知", "通报", "意见",
	"函", "决定" };
static const char *const sentences[] = {
	"各有关单位要高度重视，切实加强组织领导，明确责任分工。",
	"要坚持问题导向，聚焦企业和群众反映强烈的突出问题。",
	"进一步压减审批环节、审批时限和申请材料。",
	"全面推行政务服务事项清单管理，做到清单之外无审批。",
	"各地要建立健全工作台账，实行销号管理。",
	"严格落实安全生产责任制，坚决遏制重特大事故发生。",
	"加强部门协同，推动数据共享，实现一窗受理、集成服务。",
	"持续优化营商环境，激发市场主体活力。",
	"请于每月五日前将工作进展情况报送市政府办公室。",
	"对工作不力、推诿扯皮的，将按照有关规定严肃问责。",
	"充分发挥政务服务平台作用，提升网上办理比例。",
	"各单位要加强值班值守，确保信息畅通。",
	"坚持依法行政，规范行政执法行为。",
	"做好政策解读和宣传引导工作，营造良好氛围。",
	"加大督查检查力度，确保各项措施落地见效。",
	"统筹做好疫情防控和经济社会发展工作。",
	"加强财政资金绩效管理，提高资金使用效益。",
	"完善应急预案，开展应急演练，提高应急处置能力。",
	"推动审批服务标准化、规范化、便利化。",
	"强化网络安全和数据安全保护，落实等级保护制度。",
	"建立健全容缺受理、告知承诺等制度。",
	"及时总结推广典型经验和创新做法。",
	"本通知自印发之日起施行。",
	"特此通报。",
	"以上意见，请结合实际认真贯彻落实。",
	"请各县（市、区）政府和市政府各部门认真遵照执行。",
	"联系人：李娜，联系电话：0311-86000000。",
	"现将有关事项通知如下：",
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long long
count_arg(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	return errno != 0 || end == s || *end != '\0' || v <= 0 ? -1 : v;
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Up to 8 other active organizations: the recipients to choose from. */
static size_t
recipients(zw_conn *c, int64_t own, int64_t *out, size_t max)
{
	zw_stmt *s;
	size_t n = 0;

	if (zw_prepare(c, "SELECT id FROM orgs WHERE status = 'active' AND id <> ? "
	    "ORDER BY id", &s) != ZW_OK)
		return 0;
	zw_bind_int(s, 1, own);
	while (n < max && zw_step(s) == ZW_ROW)
		out[n++] = zw_col_int(s, 0);
	zw_reset(s);
	return n;
}

int
main(int argc, char **argv)
{
	struct zw_db_opts o;
	struct zw_user_ctx u;
	struct zw_actor who;
	zw_arena *a;
	zw_db *db;
	zw_conn *c;
	zw_buf title, body;
	int64_t orgs[8], main_to[3];
	size_t norgs;
	long long n, per_tx, i;
	const char *login;
	double t0;
	int rc;

	per_tx = argc > 3 ? count_arg(argv[3]) : 5000;
	login = argc > 4 ? argv[4] : "li.na";
	if (argc < 3 || argc > 5 || (n = count_arg(argv[2])) < 0 || per_tx < 0) {
		fprintf(stderr, "usage: gen_docs DB_FILE COUNT [PER_TX [LOGIN]]\n");
		return 2;
	}
	if (zw_crypto_init() != ZW_OK)
		return 1;
	memset(&o, 0, sizeof(o));
	o.path = argv[1];
	o.pool_size = 1;
	if ((rc = zw_db_open(&o, &db)) != ZW_OK ||
	    (rc = zw_conn_get(db, 10000, &c)) != ZW_OK) {
		fprintf(stderr, "gen_docs: cannot open %s: %s\n", argv[1],
		    zw_strerror(rc));
		return 1;
	}
	a = zw_arena_new();
	if ((rc = zw_actor_load(c, a, login, &u, &who)) != ZW_OK) {
		fprintf(stderr, "gen_docs: no user %s: %s\n", login, zw_strerror(rc));
		return 1;
	}
	if ((norgs = recipients(c, who.org_id, orgs, N(orgs))) == 0) {
		fprintf(stderr, "gen_docs: no recipient organizations\n");
		return 1;
	}
	zw_buf_init(&title, 4096);
	zw_buf_init(&body, 1 << 16);
	t0 = mono();
	for (i = 0; i < n; i++) {
		struct zw_doc_in in;
		struct zw_why why = { 0 };
		const char *kind = kinds[next() % N(kinds)];
		int64_t id;
		size_t k, ns = 4 + next() % 9;

		if (i % per_tx == 0 && (rc = zw_tx_begin(c)) != ZW_OK)
			break;
		zw_buf_reset(&title);
		zw_buf_reset(&body);
		zw_buf_printf(&title, "关于%s的%s", topics[next() % N(topics)], kind);
		if (next() % 4 == 0)	/* a second topic now and then */
			zw_buf_printf(&body, "为%s，", topics[next() % N(topics)]);
		for (k = 0; k < ns; k++)
			zw_buf_puts(&body, sentences[next() % N(sentences)]);
		zw_buf_printf(&body, "（第%lld号）", i + 1);
		memset(&in, 0, sizeof(in));
		in.doc_type = kind;
		in.title = title.p;
		in.body = body.p;
		in.urgency = next() % 10 == 0 ? "加急" : "";
		for (k = 0; k < 1 + next() % 3; k++)
			main_to[k] = orgs[(i + k) % norgs];
		in.main_to = main_to;
		in.n_main = k;
		if ((rc = zw_doc_create(c, &who, &in, &id, &why)) != ZW_OK
#ifdef ZW_GEN_INDEX
		    || (rc = zw_doc_index(c, id)) != ZW_OK
#endif
		    ) {
			fprintf(stderr, "gen_docs: document %lld: %s %s %s (%s)\n", i,
			    zw_strerror(rc), why.code ? why.code : "",
			    why.message ? why.message : "", zw_conn_errmsg(c));
			zw_tx_rollback(c);
			break;
		}
		if ((i + 1) % per_tx == 0 || i + 1 == n) {
			if ((rc = zw_tx_commit(c)) != ZW_OK) {
				fprintf(stderr, "gen_docs: commit: %s (%s)\n",
				    zw_strerror(rc), zw_conn_errmsg(c));
				break;
			}
		}
	}
	if (rc == ZW_OK)
		printf("gen_docs: drafted %lld documents%s in %.2f s (%.0f documents/s)\n",
		    n,
#ifdef ZW_GEN_INDEX
		    " and indexed them",
#else
		    "",
#endif
		    mono() - t0, (double)n / (mono() - t0));
	zw_buf_free(&title);
	zw_buf_free(&body);
	zw_arena_free(a);
	zw_conn_put(c);
	zw_db_close(db);
	return rc == ZW_OK ? 0 : 1;
}
