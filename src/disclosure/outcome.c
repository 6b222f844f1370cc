/*
 * outcome.c -- the terms of disclosure on request: answer outcomes
 * (政府信息公开条例 第三十六、三十七条; standards.md §4), reasons for
 * withholding (第十四、十五、十六条, as the sub-rows of 国办公开办函
 * 〔2021〕30号 表三), channels and their receipt rule (第三十一条),
 * delivery forms (第二十九条), and the check of an answer.
 */
#include <string.h>

#include "base/limits.h"
#include "disclosure/disclosure.h"
#include "org/org_int.h"

const struct zw_disc_outcome zw_disc_outcomes[] = {
	{ "已主动公开", "第三十六条第（一）项", "disclose", false, false, false },
	{ "予以公开", "第三十六条第（二）项", "disclose", false, false, false },
	{ "部分公开", "第三十七条", "partial", true, true, false },
	{ "不予公开", "第三十六条第（三）项", "withhold", true, false, false },
	{ "信息不存在", "第三十六条第（四）项", "unavailable_not_held", false, false, false },
	{ "非本机关负责", "第三十六条第（五）项", "unavailable_not_held", false, false, true },
	{ "重复申请", "第三十六条第（六）项", "refused_duplicate", false, false, false },
	{ "按特别规定办理", "第三十六条第（七）项", "other_other", false, false, false },
};
const size_t zw_disc_noutcomes = sizeof(zw_disc_outcomes) / sizeof(zw_disc_outcomes[0]);

const struct zw_disc_reason zw_disc_reasons[] = {
	{ "属于国家秘密", "第十四条", "withhold_secret" },
	{ "其他法律行政法规禁止公开", "第十四条", "withhold_law" },
	{ "危及“三安全一稳定”", "第十四条", "withhold_security" },
	{ "保护第三方合法权益", "第十五条", "withhold_third_party" },
	{ "属于三类内部事务信息", "第十六条第一款", "withhold_internal" },
	{ "属于四类过程性信息", "第十六条第二款", "withhold_process" },
	{ "属于行政执法案卷", "第十六条第二款", "withhold_enforcement" },
	{ "属于行政查询事项", "第三十六条第（七）项", "withhold_inquiry" },
};
const size_t zw_disc_nreasons = sizeof(zw_disc_reasons) / sizeof(zw_disc_reasons[0]);

const struct zw_disc_channel zw_disc_channels[] = {
	/* 第三十一条(三): the platform's receipt (number and query code) is
	 * the confirmation of both sides, given at once. */
	{ "网上申请", "以双方确认之日（平台即时回执）为收到申请之日", true },
	{ "当面提交", "以提交之日为收到申请之日", false },
	{ "挂号信", "以签收之日为收到申请之日", false },
	{ "平常信函", "以与申请人确认之日为收到申请之日", false },
	{ "传真", "以双方确认之日为收到申请之日", false },
};
const size_t zw_disc_nchannels = sizeof(zw_disc_channels) / sizeof(zw_disc_channels[0]);

const char *const zw_disc_deliveries[] = {
	"纸质", "电子邮件", "光盘", "在线查看", "当面领取", NULL
};
const char *const zw_disc_org_types[] = {
	"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", NULL
};
const char *const zw_disc_consult_kinds[] = { "第三方", "其他机关", NULL };

bool
zw_disc_in_list(const char *const *list, const char *v)
{
	if (v == NULL)
		return false;
	for (; *list != NULL; list++)
		if (strcmp(*list, v) == 0)
			return true;
	return false;
}

const struct zw_disc_outcome *
zw_disc_outcome(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < zw_disc_noutcomes; i++)
		if (strcmp(zw_disc_outcomes[i].name, name) == 0)
			return &zw_disc_outcomes[i];
	return NULL;
}

const struct zw_disc_reason *
zw_disc_reason(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < zw_disc_nreasons; i++)
		if (strcmp(zw_disc_reasons[i].name, name) == 0)
			return &zw_disc_reasons[i];
	return NULL;
}

const struct zw_disc_channel *
zw_disc_channel(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < zw_disc_nchannels; i++)
		if (strcmp(zw_disc_channels[i].name, name) == 0)
			return &zw_disc_channels[i];
	return NULL;
}

static bool
blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

int
zw_disc_check_answer(const struct zw_disc_answer *in, struct zw_why *why)
{
	const struct zw_disc_outcome *o = zw_disc_outcome(in->outcome);

	if (o == NULL) {
		ZW_WHY(why, "invalid_outcome", "答复结果应为：已主动公开、予以公开、部分公开、"
		    "不予公开、信息不存在、非本机关负责、重复申请、按特别规定办理之一", "outcome");
		return ZW_EINVAL;
	}
	if (blank(in->text)) {
		ZW_WHY(why, "text_required", "请填写答复内容", "text");
		return ZW_EINVAL;
	}
	if (zw_check_text(in->text, "text", true, ZW_DISC_MAX_TEXT, why) ||
	    zw_check_text(in->legal_basis ? in->legal_basis : "", "legal_basis",
	    false, ZW_MAX_SHORT_TEXT, why) ||
	    zw_check_text(in->parts ? in->parts : "", "parts", false,
	    ZW_DISC_MAX_TEXT, why) ||
	    zw_check_text(in->refer_to ? in->refer_to : "", "refer_to", false,
	    ZW_MAX_SHORT_TEXT, why))
		return ZW_EINVAL;
	if (o->needs_reason) {
		if (zw_disc_reason(in->reason) == NULL) {
			ZW_WHY(why, "invalid_reason", "不予公开（含部分公开中不予公开的部分）"
			    "须选择理由：属于国家秘密、其他法律行政法规禁止公开、危及“三安全一稳定”、"
			    "保护第三方合法权益、属于三类内部事务信息、属于四类过程性信息、"
			    "属于行政执法案卷、属于行政查询事项之一", "reason");
			return ZW_EINVAL;
		}
		if (blank(in->legal_basis)) {
			ZW_WHY(why, "legal_basis_required", "不予公开须写明法律依据", "legal_basis");
			return ZW_EINVAL;
		}
	} else if (!blank(in->reason)) {
		ZW_WHY(why, "reason_not_allowed", "只有不予公开和部分公开需要选择理由", "reason");
		return ZW_EINVAL;
	}
	if (o->needs_parts && blank(in->parts)) {
		ZW_WHY(why, "parts_required", "部分公开须写明公开和不予公开的部分（第三十七条）",
		    "parts");
		return ZW_EINVAL;
	}
	if (o->needs_refer && blank(in->refer_to)) {
		ZW_WHY(why, "refer_to_required", "非本机关负责的，须告知负责公开该信息的机关"
		    "（第三十六条第（五）项）", "refer_to");
		return ZW_EINVAL;
	}
	return ZW_OK;
}
