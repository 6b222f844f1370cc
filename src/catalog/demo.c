/*
 * demo.c -- the demo catalog: the two base registries (人口, 法人) of
 * 石家庄市数据和政务服务局 and the resources of the demo departments,
 * most 有条件共享, some 无条件, two 不予共享 with their basis (the
 * demo tree has 人社, 卫健, 自然资源 and 税务 for their resources).  Everything goes through the domain calls
 * (create, submit, publish; request, approve), so it is audited like
 * real work.  Grants: 市政府办公室 and 市行政审批局 may look people and
 * legal persons up (masked), so the demo lookups work.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/str.h"
#include "catalog/cat_int.h"

/* items: "code|名称|type|length|p" entries separated by ';' (p = 个人信息) */
static const struct demo_res {
	const char *org, *cls, *seq, *name, *abstract, *format, *share, *cond,
	    *basis, *method, *open, *cycle, *items, *registry;
} res[] = {
	{ "sjz-data", "101001", "0001", "人口基础信息",
	  "全市户籍和常住人口的身份、户籍和联系信息（人口基础库），按公民身份号码查询。",
	  "数据库", "conditional", "用于本部门法定职责范围内的身份核验和业务办理，须说明事由和业务编号",
	  "《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条；《中华人民共和国个人信息保护法》第三十四条",
	  "api", "not_open", "realtime",
	  "id_number|公民身份号码|string|18|p;name|姓名|string|50|p;sex|性别|string|2|p;"
	  "birth_date|出生日期|date|10|p;ethnicity|民族|string|20|p;region_code|户籍地|string|6|p;"
	  "address|住址|string|200|p;phone|联系电话|string|20|p;status|户籍状态|string|10|p;"
	  "clear_values|公民身份号码和联系电话明文|string|40|p", "persons" },
	{ "sjz-data", "102001", "0001", "法人基础信息",
	  "全市法人和其他组织的统一社会信用代码、名称、类别、法定代表人、住所和登记状态（法人基础库）。",
	  "数据库", "conditional", "用于本部门法定职责范围内的主体核验和业务办理",
	  "《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条",
	  "api", "conditional", "daily",
	  "uscc|统一社会信用代码|string|18|;name|名称|string|100|;type|机构类别|string|20|;"
	  "registration_authority|登记管理部门|string|20|;region_code|登记机关所在地|string|6|;"
	  "legal_representative|法定代表人|string|50|p;registered_capital|注册资本|number|20|;"
	  "address|住所|string|200|;established_on|成立日期|date|10|;status|登记状态|string|10|",
	  "legal_persons" },
	{ "sjz-data", "105001", "0001", "电子证照目录信息",
	  "全市已签发电子证照的目录信息：证照类型、编号、持证主体、签发机关和有效期。",
	  "数据库", "unconditional", "", "", "api", "conditional", "realtime",
	  "license_type|证照类型|string|50|;license_no|证照编号|string|50|;"
	  "holder_name|持证主体名称|string|100|;issuer|签发机关|string|100|;"
	  "valid_to|有效期至|date|10|", "" },
	{ "sjz-data", "201001", "0001", "政务服务事项目录",
	  "全市政务服务事项的名称、编码、实施主体、办理时限和申请材料。",
	  "数据库", "unconditional", "", "", "api", "open", "weekly",
	  "item_code|事项编码|string|40|;item_name|事项名称|string|100|;"
	  "agency|实施主体|string|100|;time_limit|承诺时限（工作日）|number|4|", "" },
	{ "sjz-psb", "307001", "0001", "户籍人口信息",
	  "户籍登记、迁入迁出、出生和死亡注销登记信息。",
	  "数据库", "conditional", "用于社会保障、民政救助、不动产登记等法定职责的身份和户籍核验",
	  "《中华人民共和国户口登记条例》；《政务信息资源共享管理暂行办法》第九条",
	  "api", "not_open", "realtime",
	  "id_number|公民身份号码|string|18|p;name|姓名|string|50|p;"
	  "household_no|户号|string|20|p;relation|与户主关系|string|10|p;"
	  "move_type|迁移类型|string|10|p;move_date|迁移日期|date|10|p", "" },
	{ "sjz-psb", "307001", "0002", "居民身份证签发信息",
	  "居民身份证的签发机关、有效期限和证件状态。",
	  "数据库", "conditional", "用于身份证件真伪和有效性核验",
	  "《中华人民共和国居民身份证法》第六条、第十三条",
	  "api", "not_open", "realtime",
	  "id_number|公民身份号码|string|18|p;issuer|签发机关|string|50|;"
	  "valid_from|有效期起|date|10|p;valid_to|有效期止|date|10|p;card_status|证件状态|string|10|p", "" },
	{ "sjz-psb", "307002", "0001", "机动车登记信息",
	  "机动车号牌、车辆类型、所有人和登记状态。",
	  "数据库", "conditional", "用于税费征缴、保险和执法协查",
	  "《中华人民共和国道路交通安全法》第八条；《机动车登记规定》",
	  "api", "not_open", "daily",
	  "plate_no|号牌号码|string|10|;vehicle_type|车辆类型|string|20|;"
	  "owner_name|所有人|string|100|p;reg_status|登记状态|string|10|", "" },
	{ "sjz-psb", "307002", "0002", "机动车驾驶人信息",
	  "驾驶证准驾车型、有效期和记分状态。",
	  "数据库", "conditional", "用于道路运输从业资格审查等法定职责",
	  "《中华人民共和国道路交通安全法》第十九条",
	  "api", "not_open", "daily",
	  "id_number|公民身份号码|string|18|p;name|姓名|string|50|p;"
	  "license_class|准驾车型|string|10|p;license_valid_to|有效期止|date|10|p", "" },
	{ "sjz-psb", "307009", "0001", "在逃人员信息",
	  "公安机关网上追逃的在逃人员信息。",
	  "数据库", "not_shared", "",
	  "《中华人民共和国保守国家秘密法》第九条、第十三条（涉及国家秘密的侦查信息）；"
	  "《中华人民共和国刑事诉讼法》第一百五十二条",
	  "", "not_open", "realtime",
	  "id_number|公民身份号码|string|18|p;name|姓名|string|50|p;case_no|案件编号|string|30|", "" },
	{ "sjz-samr", "308001", "0001", "企业登记注册信息",
	  "企业设立、变更、注销登记信息及公示信息。",
	  "数据库", "unconditional", "", "", "api", "open", "daily",
	  "uscc|统一社会信用代码|string|18|;name|企业名称|string|100|;"
	  "legal_representative|法定代表人|string|50|p;registered_capital|注册资本|number|20|;"
	  "business_scope|经营范围|string|2000|;reg_status|登记状态|string|10|", "" },
	{ "sjz-samr", "308001", "0002", "个体工商户登记信息",
	  "个体工商户的字号、经营者、经营场所和登记状态。",
	  "数据库", "unconditional", "", "", "api", "open", "daily",
	  "uscc|统一社会信用代码|string|18|;trade_name|字号名称|string|100|;"
	  "operator|经营者|string|50|p;place|经营场所|string|200|", "" },
	{ "sjz-samr", "308002", "0001", "市场监管行政处罚信息",
	  "市场监管部门作出的行政处罚决定信息（依法公示部分）。",
	  "数据库", "unconditional", "", "", "api", "open", "daily",
	  "decision_no|处罚决定书文号|string|50|;party|当事人名称|string|100|;"
	  "violation|违法行为类型|string|200|;penalty|处罚内容|string|500|;decided_on|处罚决定日期|date|10|", "" },
	{ "sjz-samr", "308003", "0001", "食品经营许可信息",
	  "食品经营许可证的主体、经营项目和有效期。",
	  "数据库", "unconditional", "", "", "api", "open", "daily",
	  "license_no|许可证编号|string|20|;operator_name|经营者名称|string|100|;"
	  "items|经营项目|string|500|;valid_to|有效期至|date|10|", "" },
	{ "sjz-samr", "308004", "0001", "特种设备使用登记信息",
	  "锅炉、压力容器、电梯等特种设备的使用登记和检验信息。",
	  "数据库", "conditional", "用于安全生产监管和应急管理",
	  "《中华人民共和国特种设备安全法》第三十三条",
	  "file", "not_open", "monthly",
	  "equipment_code|设备代码|string|30|;user_unit|使用单位|string|100|;"
	  "next_inspection|下次检验日期|date|10|", "" },
	{ "changan-civil", "309001", "0001", "婚姻登记信息",
	  "结婚、离婚登记和补领婚姻登记证信息。",
	  "数据库", "conditional", "用于不动产登记、公积金提取、计划生育服务等法定职责的婚姻状况核验",
	  "《婚姻登记条例》；《政务信息资源共享管理暂行办法》第九条",
	  "api", "not_open", "realtime",
	  "id_number|公民身份号码|string|18|p;name|姓名|string|50|p;"
	  "marital_event|登记类型|string|10|p;registered_on|登记日期|date|10|p;"
	  "certificate_no|证件编号|string|30|p", "" },
	{ "changan-civil", "309002", "0001", "最低生活保障对象信息",
	  "城乡最低生活保障对象的认定、保障金额和起止日期。",
	  "数据库", "conditional", "用于社会救助、医疗救助和教育资助的对象核验",
	  "《社会救助暂行办法》第六十条",
	  "api", "not_open", "monthly",
	  "id_number|公民身份号码|string|18|p;name|姓名|string|50|p;"
	  "amount|保障金额（元/月）|number|10|p;valid_to|保障截止日期|date|10|p", "" },
	{ "changan-civil", "309003", "0001", "收养登记档案信息",
	  "收养登记的当事人、被收养人和登记结果档案。",
	  "纸质和电子档案", "not_shared", "",
	  "《收养登记档案管理暂行办法》第十一条（收养登记档案除法定情形外不得对外提供）；"
	  "《中华人民共和国民法典》第一千一百一十条（收养秘密）",
	  "", "not_open", "irregular",
	  "adopter|收养人|string|50|p;adoptee|被收养人|string|50|p;registered_on|登记日期|date|10|p", "" },
	{ "changan-civil", "309004", "0001", "殡葬火化信息",
	  "遗体火化的逝者身份和火化日期。",
	  "数据库", "conditional", "用于养老金停发、户籍注销等死亡核验",
	  "《殡葬管理条例》；《政务信息资源共享管理暂行办法》第九条",
	  "api", "not_open", "daily",
	  "id_number|公民身份号码|string|18|p;name|姓名|string|50|p;cremated_on|火化日期|date|10|p", "" },
	{ "sjz-approval", "310001", "0001", "行政许可决定信息",
	  "市行政审批局作出的行政许可决定（双公示）。",
	  "数据库", "unconditional", "", "", "api", "open", "daily",
	  "decision_no|许可决定书文号|string|50|;party|行政相对人|string|100|;"
	  "item_name|许可事项|string|100|;decided_on|许可决定日期|date|10|", "" },
	{ "sjz-approval", "310002", "0001", "企业投资项目备案信息",
	  "企业投资项目的备案编号、建设地点、规模和总投资。",
	  "数据库", "conditional", "用于规划、环评、施工许可等联审",
	  "《企业投资项目核准和备案管理条例》第十三条",
	  "api", "conditional", "daily",
	  "project_code|项目代码|string|30|;project_name|项目名称|string|100|;"
	  "site|建设地点|string|200|;investment|总投资（万元）|number|12|", "" },
	{ "sjz-hrss", "311001", "0001", "社会保险参保信息",
	  "职工和城乡居民养老、失业、工伤保险的参保状态和缴费月数。",
	  "数据库", "conditional", "用于人才引进、落户、就业补贴等法定职责的参保核验",
	  "《中华人民共和国社会保险法》第八十一条；《政务信息资源共享管理暂行办法》第九条",
	  "api", "not_open", "monthly",
	  "id_number|公民身份号码|string|18|p;name|姓名|string|50|p;"
	  "insurance_type|险种|string|20|p;insured_status|参保状态|string|10|p;"
	  "months|累计缴费月数|number|4|p", "" },
	{ "sjz-hrss", "311002", "0001", "就业失业登记信息",
	  "就业创业证的就业、失业登记信息。",
	  "数据库", "conditional", "用于就业补贴和社会救助的就业状态核验",
	  "《就业服务与就业管理规定》第六十二条",
	  "api", "not_open", "daily",
	  "id_number|公民身份号码|string|18|p;name|姓名|string|50|p;employment_status|就业状态|string|10|p", "" },
	{ "sjz-health", "312001", "0001", "出生医学证明信息",
	  "出生医学证明的新生儿、母亲、出生日期和签发机构。",
	  "数据库", "conditional", "用于出生登记、户口登记和社会保险参保",
	  "《中华人民共和国母婴保健法》第二十三条；《政务信息资源共享管理暂行办法》第九条",
	  "api", "not_open", "realtime",
	  "certificate_no|出生医学证明编号|string|20|p;baby_name|新生儿姓名|string|50|p;"
	  "born_on|出生日期|date|10|p;mother_id_number|母亲公民身份号码|string|18|p;"
	  "issuer|签发机构|string|100|", "" },
	{ "sjz-health", "312002", "0001", "医疗机构执业登记信息",
	  "医疗机构名称、类别、诊疗科目和执业许可证有效期。",
	  "数据库", "unconditional", "", "", "api", "open", "monthly",
	  "license_no|执业许可证登记号|string|30|;name|机构名称|string|100|;"
	  "category|类别|string|30|;valid_to|有效期至|date|10|", "" },
	{ "sjz-nr", "313001", "0001", "不动产登记信息",
	  "不动产权利人、坐落、权利类型和抵押、查封状态。",
	  "数据库", "conditional", "用于税收征管、司法执行、社会救助的不动产核查",
	  "《不动产登记暂行条例》第二十四条、第二十七条",
	  "api", "not_open", "realtime",
	  "cert_no|不动产权证书号|string|40|;right_holder|权利人|string|100|p;"
	  "location|坐落|string|200|p;right_type|权利类型|string|20|;"
	  "encumbrance|抵押查封状态|string|20|", "" },
	{ "sjz-tax", "314001", "0001", "纳税人登记信息",
	  "纳税人识别号、名称、登记状态和纳税信用等级。",
	  "数据库", "conditional", "用于政府采购、招投标和财政补贴的纳税状态核验",
	  "《中华人民共和国税收征收管理法》第八条；《纳税信用管理办法（试行）》",
	  "api", "conditional", "monthly",
	  "taxpayer_id|纳税人识别号|string|18|;name|纳税人名称|string|100|;"
	  "tax_status|登记状态|string|10|;credit_grade|纳税信用等级|string|2|", "" },
	{ "sjz-gov-office", "201002", "0001", "市政府规范性文件信息",
	  "市政府及办公室制发的规范性文件目录和全文。",
	  "电子文件", "unconditional", "", "", "subscription", "open", "irregular",
	  "doc_no|发文字号|string|50|;title|标题|string|200|;issued_on|成文日期|date|10|;"
	  "text|正文|string|100000|", "" },
};

static json_t *
items_json(const char *spec)
{
	json_t *arr = json_array();
	const char *p = spec;

	while (*p) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char buf[256], *f[5] = { 0 };
		size_t k = 0;
		char *q;
		int64_t len = 0;

		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, p, n);
		buf[n] = '\0';
		f[k++] = buf;
		for (q = buf; *q && k < 5; q++)
			if (*q == '|') {
				*q = '\0';
				f[k++] = q + 1;
			}
		if (k == 5) {
			(void)zw_parse_i64(f[3], 0, 100000, &len);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I, s:b}",
			    "code", f[0], "name", f[1], "type", f[2], "length",
			    (json_int_t)len, "personal", f[4][0] == 'p'));
		}
		p += n;
		if (*p == ';')
			p++;
	}
	return arr;
}

/* Request items of a registry resource for org (by a user of it) and
 * have the administrator approve them all until a year from now. */
static int
demo_grant(zw_conn *c, const zw_calendar *cal, const struct zw_actor *admin,
    const struct zw_actor *asker, int64_t rid, const char *const *items,
    size_t n, const char *purpose)
{
	struct zw_share_in in = { 0 };
	struct zw_why why = { 0 };
	char end[16];
	int64_t id;
	int rc;

	zw_date_fmt(zw_date_add_days(zw_date_of(zw_now()), 365), end, sizeof(end));
	in.resource_id = rid;
	in.items = items;
	in.nitems = n;
	in.purpose = purpose;
	in.legal_basis = "《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条";
	in.period_end = end;
	rc = zw_share_request(c, asker, cal, &in, &id, &why);
	if (rc == ZW_OK)
		rc = zw_share_approve(c, admin, id, NULL, 0, NULL, NULL, &why);
	if (rc != ZW_OK)
		fprintf(stderr, "demo grant: %s\n", why.message ? why.message :
		    zw_strerror(rc));
	return rc;
}

int
zw_catalog_demo_seed(zw_conn *c, const zw_calendar *cal)
{
	static const char *const person_items[] = { "id_number", "name", "sex",
	    "birth_date", "ethnicity", "region_code", "address", "phone", "status" };
	static const char *const legal_items[] = { "uscc", "name", "type",
	    "registration_authority", "region_code", "legal_representative",
	    "registered_capital", "address", "established_on", "status" };
	struct zw_user_ctx ua, ul, uw;
	struct zw_actor admin, clerk, leader;
	struct zw_why why = { 0 };
	zw_arena *a = zw_arena_new();
	int64_t persons = 0, legal = 0, id;
	size_t i;
	int rc;

	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	if ((rc = zw_actor_load(c, a, "zheng.hui", &ua, &admin)) != ZW_OK ||
	    (rc = zw_actor_load(c, a, "li.na", &ul, &clerk)) != ZW_OK ||
	    (rc = zw_actor_load(c, a, "wang.fang", &uw, &leader)) != ZW_OK)
		goto fail;
	for (i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
		const struct demo_res *d = &res[i];
		json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, "
		    "s:s, s:s, s:s, s:s}", "code", zw_aprintf(a, "%s%s", d->cls, d->seq),
		    "name", d->name, "class_code", d->cls, "provider_org_code", d->org,
		    "abstract", d->abstract, "format", d->format, "items",
		    items_json(d->items), "share_type", d->share, "share_condition",
		    d->cond, "legal_basis", d->basis, "share_method", d->method,
		    "open_attr", d->open, "update_cycle", d->cycle);

		if (*d->method == '\0')
			json_object_del(in, "share_method");
		rc = zw_catalog_create(c, &admin, in, &id, &why);
		json_decref(in);
		if (rc == ZW_OK && *d->registry) {
			zw_stmt *s;

			rc = zw_prepare(c, "UPDATE catalog_resources SET registry = ? "
			    "WHERE id = ?", &s);
			if (rc == ZW_OK) {
				zw_bind_text(s, 1, d->registry, (size_t)-1);
				zw_bind_int(s, 2, id);
				rc = zw_step(s) < 0 ? ZW_EDB : ZW_OK;
			}
			if (strcmp(d->registry, "persons") == 0)
				persons = id;
			else
				legal = id;
		}
		if (rc == ZW_OK)
			rc = zw_catalog_submit(c, &admin, id, &why);
		if (rc == ZW_OK)
			rc = zw_catalog_publish(c, &admin, id, NULL, &why);
		if (rc != ZW_OK) {
			fprintf(stderr, "demo catalog %s: %s\n", d->name,
			    why.message ? why.message : zw_strerror(rc));
			goto fail;
		}
	}
	/* the demo's lookups: 市政府办公室 reads people and legal persons,
	 * 市行政审批局 legal persons (masked: no clear_values) */
	if ((rc = demo_grant(c, cal, &admin, &clerk, persons, person_items, 9,
	    "政务服务窗口身份核验")) != ZW_OK ||
	    (rc = demo_grant(c, cal, &admin, &clerk, legal, legal_items, 10,
	    "政务服务窗口主体核验")) != ZW_OK ||
	    (rc = demo_grant(c, cal, &admin, &leader, legal, legal_items, 10,
	    "企业开办和行政许可主体核验")) != ZW_OK ||
	    (rc = demo_grant(c, cal, &admin, &leader, persons, person_items, 9,
	    "行政许可申请人身份核验")) != ZW_OK)
		goto fail;
	if ((rc = zw_tx_commit(c)) != ZW_OK)
		goto out;
	goto out;
fail:
	zw_tx_rollback(c);
out:
	zw_arena_free(a);
	return rc;
}
