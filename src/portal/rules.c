/*
 * rules.c -- the rules of 主动公开 as data and pure functions
 * (standards.md §4, §10): the categories of 条例 第二十条 and 第二十一条,
 * the 20-working-day due date, and the 索引号 format.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/utf8.h"
#include "portal/portal.h"

const struct zw_portal_category zw_portal_categories[] = {
	/* 第二十条 (1)-(15) */
	{ "regulations", "行政法规、规章和规范性文件", "法规文件", 20 },
	{ "functions", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
	  "机构职能", 20 },
	{ "planning", "国民经济和社会发展规划、专项规划、区域规划及相关政策",
	  "规划信息", 20 },
	{ "statistics", "国民经济和社会发展统计信息", "统计信息", 20 },
	{ "licensing", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
	  "行政许可", 20 },
	{ "penalty", "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有"
	  "一定社会影响的行政处罚决定", "处罚强制", 20 },
	{ "budget", "财政预算、决算信息", "财政预决算", 20 },
	{ "fees", "行政事业性收费项目及其依据、标准", "收费项目", 20 },
	{ "procurement", "政府集中采购项目的目录、标准及实施情况", "政府采购", 20 },
	{ "major_projects", "重大建设项目的批准和实施情况", "重大建设项目", 20 },
	{ "livelihood", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
	  "民生政策", 20 },
	{ "emergency", "突发公共事件的应急预案、预警信息及应对情况", "应急管理", 20 },
	{ "inspection", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
	  "监督检查", 20 },
	{ "civil_service", "公务员招考的职位、名额、报考条件等事项以及录用结果",
	  "公务员招考", 20 },
	{ "other", "法律、行政法规、规章和国家有关规定规定应当主动公开的其他政府信息",
	  "其他信息", 20 },
	/* 第二十一条: city and county governments */
	{ "urban_construction", "市政建设", "市政建设", 21 },
	{ "public_services", "公共服务", "公共服务", 21 },
	{ "land_expropriation", "土地征收", "土地征收", 21 },
	{ "housing_expropriation", "房屋征收", "房屋征收", 21 },
	{ "public_security", "治安管理", "治安管理", 21 },
	{ "social_assistance", "社会救助", "社会救助", 21 },
};
const size_t zw_portal_ncategories =
    sizeof(zw_portal_categories) / sizeof(zw_portal_categories[0]);

const struct zw_portal_category *
zw_portal_category(const char *code)
{
	size_t i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < zw_portal_ncategories; i++)
		if (strcmp(zw_portal_categories[i].code, code) == 0)
			return &zw_portal_categories[i];
	return NULL;
}

zw_date
zw_disclosure_due(const zw_calendar *cal, zw_date created_on)
{
	return zw_add_working_days(cal, created_on, ZW_DISCLOSURE_DAYS);
}

int
zw_index_no_format(const char *fmt, const char *uscc, const char *org_code,
    zw_date d, int64_t seq, char *out, size_t size)
{
	const char *p = fmt;
	size_t k = 0;
	bool has_seq = false;
	int w;

	if (size == 0)
		return ZW_EINVAL;
	while (*p != '\0') {
		const char *val = NULL;
		char num[32];
		const char *e;
		size_t n;

		if (*p != '{') {
			if (k + 1 >= size)
				return ZW_EINVAL;
			out[k++] = *p++;
			continue;
		}
		if ((e = strchr(p, '}')) == NULL)
			return ZW_EINVAL;
		n = (size_t)(e - p - 1);
		if (n == 4 && strncmp(p + 1, "uscc", 4) == 0)
			val = uscc != NULL && *uscc ? uscc : org_code;
		else if (n == 3 && strncmp(p + 1, "org", 3) == 0)
			val = org_code;
		else if (n == 4 && strncmp(p + 1, "yyyy", 4) == 0) {
			snprintf(num, sizeof(num), "%04d", d.y);
			val = num;
		} else if (n == 2 && strncmp(p + 1, "mm", 2) == 0) {
			snprintf(num, sizeof(num), "%02d", d.m);
			val = num;
		} else if (n >= 1 && n <= 12 && strspn(p + 1, "n") == n) {
			w = (int)n;
			if (seq < 0 || snprintf(num, sizeof(num), "%0*lld", w,
			    (long long)seq) >= (int)sizeof(num))
				return ZW_EINVAL;
			val = num;
			has_seq = true;
		} else
			return ZW_EINVAL;
		if (val == NULL || k + strlen(val) >= size)
			return ZW_EINVAL;
		memcpy(out + k, val, strlen(val));
		k += strlen(val);
		p = e + 1;
	}
	out[k] = '\0';
	if (!has_seq || k == 0 || zw_utf8_chars(out, k) > ZW_PORTAL_INDEX_NO_MAX)
		return ZW_EINVAL;
	return ZW_OK;
}

const char *
zw_index_no_problem(const char *s)
{
	size_t i, n = s != NULL ? strlen(s) : 0;

	if (n == 0)
		return "索引号不能为空";
	if (n > ZW_PORTAL_INDEX_NO_MAX)
		return "索引号过长";
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return "索引号只能由字母、数字和 / - . _ 等符号组成，不含空格";
	return NULL;
}
