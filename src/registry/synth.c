/*
 * synth.c -- synthetic registry rows for the demonstration government
 * and the benchmarks.  Row i is a pure function of (seed, i): no state,
 * so a generator can write any slice of a 70-million-row file in any
 * order.  Every row passes the import rules: ID numbers and USCCs carry
 * computed check characters, and keys never repeat (a bijection maps i
 * onto region x birth date x sequence number, and onto the 8-digit
 * organization code body).  The people and enterprises are invented.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/ids.h"
#include "registry/registry.h"

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
	"胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
	"韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅",
	"沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛",
	"叶", "阎",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
	"杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华",
	"玉", "兰", "文", "辉", "建", "国", "志", "红", "梅", "林", "海", "鹏",
	"宇", "欣", "佳", "晨", "浩", "婷", "雪", "琳", "博", "瑞", "凯", "嘉",
	"颖", "晓", "子", "思", "雨", "慧", "春", "振", "德", "庆", "永", "福",
};
static const char *const minorities[] = {
	"回族", "满族", "蒙古族", "壮族", "朝鲜族", "土家族", "苗族", "藏族",
};
static const char *const roads[] = {
	"中山路", "建设大街", "和平路", "裕华路", "胜利大街", "育才街", "平安大街",
	"体育大街", "槐安路", "石清路", "友谊大街", "自强路", "北二环", "红旗大街",
};
static const char *const prefixes[] = {
	"恒信", "华冀", "燕赵", "中诚", "瑞丰", "鼎盛", "宏达", "金石", "博远", "天润",
	"正元", "冀安", "新润", "长和", "汇通", "明德", "泰和", "卓越", "嘉禾", "东方",
	"诚信", "永盛", "广源", "华泰", "德隆", "盛世", "启航", "聚力", "同心", "安泰",
};
static const char *const trades[] = {
	"科技有限公司", "商贸有限公司", "建筑工程有限公司", "食品有限公司",
	"物流有限公司", "信息技术有限公司", "医药有限公司", "农业开发有限公司",
	"餐饮管理有限公司", "文化传媒有限公司", "机械制造有限公司", "环保科技有限公司",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* splitmix64: a well-mixed 64-bit value of (seed, i, salt). */
static uint64_t
mix(uint64_t seed, uint64_t i, uint64_t salt)
{
	uint64_t z = seed + i * 0x9E3779B97F4A7C15ULL + salt * 0xD1B54A32D192ED03ULL;

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static size_t
nregions(const char *const *regions)
{
	size_t n = 0;

	while (regions[n] != NULL)
		n++;
	return n;
}

/* Birth dates span 1940-01-01 .. 2019-12-31. */
#define SYNTH_FIRST_BIRTH	INT64_C(-10957)	/* 1940-01-01 in days since 1970 */
#define SYNTH_BIRTH_DAYS	INT64_C(29219)	/* through 2019-12-31 */
/* An odd multiplier coprime with every space size used below. */
#define SYNTH_MULT		UINT64_C(1000003)

static void
person_name(uint64_t h, char *out, size_t size)
{
	if (h % 3 == 0)
		snprintf(out, size, "%s%s", surnames[h % NELEM(surnames)],
		    given[(h >> 8) % NELEM(given)]);
	else
		snprintf(out, size, "%s%s%s", surnames[h % NELEM(surnames)],
		    given[(h >> 8) % NELEM(given)], given[(h >> 16) % NELEM(given)]);
}

size_t
zw_synth_person(uint64_t seed, uint64_t i, const char *const *regions,
    char *out, size_t size)
{
	uint64_t nr = nregions(regions), space, x, h = mix(seed, i, 1);
	const char *region, *status = "正常", *eth = "汉族";
	char id[19], birth[9], name[32], phone[12];
	zw_date d;
	int seq, n;

	/* (region, day, seq) <- a bijection of i over the whole space */
	space = nr * (uint64_t)SYNTH_BIRTH_DAYS * 1000;
	x = (i * SYNTH_MULT + seed) % space;
	region = regions[x % nr];
	x /= nr;
	seq = (int)(x % 1000);
	x /= 1000;
	d = zw_days_to_date(SYNTH_FIRST_BIRTH + (int64_t)x);
	snprintf(birth, sizeof(birth), "%04d%02d%02d", d.y, d.m, d.d);
	memcpy(id, region, 6);
	memcpy(id + 6, birth, 8);
	snprintf(id + 14, 4, "%03d", seq);
	id[17] = zw_id_check_char(id);
	id[18] = '\0';
	person_name(h, name, sizeof(name));
	if (h % 100 >= 92)
		eth = minorities[(h >> 24) % NELEM(minorities)];
	if ((h >> 32) % 100 == 0)
		status = "迁出";
	else if ((h >> 32) % 100 == 1)
		status = "死亡";
	snprintf(phone, sizeof(phone), "1%c%09llu", "3456789"[(h >> 40) % 7],
	    (unsigned long long)(mix(seed, i, 2) % 1000000000ULL));
	n = snprintf(out, size, "%s,%s,%s,%s,%s%s%llu号,%s,%s\n", id, name, eth,
	    region, "河北省", roads[(h >> 20) % NELEM(roads)],
	    (unsigned long long)((h >> 44) % 300 + 1), status, phone);
	return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

size_t
zw_synth_legal(uint64_t seed, uint64_t i, const char *const *regions,
    char *out, size_t size)
{
	static const char kinds[][3] = { "91", "91", "91", "91", "91", "91",
	    "92", "93", "12", "52" };
	uint64_t nr = nregions(regions), h = mix(seed, i, 3), body;
	const char *region = regions[i % nr], *kind, *status = "存续";
	char u[19], name[128], rep[32], cap[32], est[11];
	zw_date d;
	int n;

	kind = kinds[h % NELEM(kinds)];
	/* 8-digit organization code body, unique for i < 10^8 */
	body = (i * SYNTH_MULT + seed) % 100000000ULL;
	memcpy(u, kind, 2);
	memcpy(u + 2, region, 6);
	snprintf(u + 8, 9, "%08llu", (unsigned long long)body);
	u[16] = zw_org_code_check_char(u + 8);
	u[17] = zw_uscc_check_char(u);
	u[18] = '\0';
	if (i < NELEM(prefixes) * NELEM(trades))
		snprintf(name, sizeof(name), "河北%s%s", prefixes[i % NELEM(prefixes)],
		    trades[(i / NELEM(prefixes)) % NELEM(trades)]);
	else
		snprintf(name, sizeof(name), "河北%s%s第%llu分公司",
		    prefixes[i % NELEM(prefixes)],
		    trades[(i / NELEM(prefixes)) % NELEM(trades)],
		    (unsigned long long)(i / (NELEM(prefixes) * NELEM(trades))));
	if (memcmp(kind, "12", 2) == 0)
		snprintf(name, sizeof(name), "石家庄市第%llu中学", (unsigned long long)i + 1);
	else if (memcmp(kind, "52", 2) == 0)
		snprintf(name, sizeof(name), "石家庄市%s社会服务中心",
		    prefixes[(h >> 8) % NELEM(prefixes)]);
	person_name(h >> 4, rep, sizeof(rep));
	if (memcmp(kind, "92", 2) == 0)
		snprintf(cap, sizeof(cap), "%llu", (unsigned long long)((h >> 12) % 50 + 1));
	else
		snprintf(cap, sizeof(cap), "%llu", (unsigned long long)((h >> 12) % 9999 + 10));
	d = zw_days_to_date(INT64_C(3652) + (int64_t)((h >> 24) % 16000));	/* 1980.. */
	snprintf(est, sizeof(est), "%04d-%02d-%02d", d.y, d.m, d.d);
	if ((h >> 40) % 100 < 3)
		status = "注销";
	else if ((h >> 40) % 100 < 5)
		status = "吊销";
	n = snprintf(out, size, "%s,%s,%s,%s,河北省%s%llu号,%s,%s\n", u, name, rep,
	    cap, roads[(h >> 20) % NELEM(roads)],
	    (unsigned long long)((h >> 48) % 500 + 1), est, status);
	return n > 0 && (size_t)n < size ? (size_t)n : 0;
}
