/*
 * items.c -- service items (政务服务事项, standards.md §3.2): the
 * validation of an item's content, versions (every save of an existing
 * code is a new item_versions row; running applications keep the
 * version_id they started with), the public catalog and its facets,
 * withdrawal.  The form schema and the application form check are in
 * item_form.c, 网上咨询 in consult.c.
 *
 * Rules enforced here, each with its Chinese message and field:
 *   - 承诺时限 <= 法定时限 (promised_exceeds_legal, §3.2);
 *   - 即办件 has promised_days 0, 承诺件 at least 1 (§3.2 办件类型);
 *   - a 行政许可 needs its 设定依据 (行政许可法 第十四、十五条: only laws
 *     and regulations set licences);
 *   - joint handling (联合办理, 行政许可法 第四十二条): co-departments
 *     exist, are distinct and not the lead, each has days <= 45 and <=
 *     the legal limit, and the legal limit itself is <= 45 working days.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "approvals/items.h"
#include "approvals/items_int.h"
#include "search/sitesearch.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "files/files.h"

const char *const zw_item_types[] = {
	"行政许可", "行政确认", "行政给付", "行政裁决", "行政奖励",
	"其他行政权力", "公共服务", NULL
};

/* 个人 life events and 法人 topics (the national platform's 主题分类). */
const struct zw_item_topic zw_item_topics[] = {
	{ "生育收养", "person" }, { "户籍办理", "person" },
	{ "教育", "person" }, { "就业创业", "person" },
	{ "婚姻登记", "person" }, { "社会保障", "person" },
	{ "医疗卫生", "person" }, { "住房", "person" },
	{ "交通出行", "person" }, { "文化体育", "person" },
	{ "设立变更", "enterprise" }, { "准营准办", "enterprise" },
	{ "工程建设", "enterprise" }, { "税费办理", "enterprise" },
	{ "交通运输", "enterprise" }, { "环境保护", "enterprise" },
	{ "卫生健康", "enterprise" }, { "文化旅游", "enterprise" },
};
const size_t zw_item_topics_count =
    sizeof(zw_item_topics) / sizeof(zw_item_topics[0]);

const struct zw_item_depth zw_item_depths[] = {
	{ "一级", "一级（网上公开办事指南）" },
	{ "二级", "二级（表格下载、网上咨询）" },
	{ "三级", "三级（网上预审，现场办结）" },
	{ "四级", "四级（全程网办）" },
	{ NULL, NULL },
};

static const char *const material_forms[] = { "纸质", "电子", "纸质或电子", NULL };

/* --- why with formatted strings (see items.h) --- */

static _Thread_local struct {
	char code[48];
	char field[96];
	char message[600];
} why_tls;

int
zw_items_why(struct zw_why *why, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (why == NULL)
		return ZW_EINVAL;
	snprintf(why_tls.code, sizeof(why_tls.code), "%s", code);
	snprintf(why_tls.field, sizeof(why_tls.field), "%s", field ? field : "");
	va_start(ap, fmt);
	if (vsnprintf(why_tls.message, sizeof(why_tls.message), fmt, ap) < 0)
		why_tls.message[0] = '\0';
	va_end(ap);
	why->code = why_tls.code;
	why->field = field ? why_tls.field : NULL;
	why->message = why_tls.message;
	return ZW_EINVAL;
}

bool
zw_items_scope_holds(const struct zw_actor *who, const char *path,
    int64_t org_id)
{
	if (who == NULL)
		return false;
	switch (who->scope) {
	case ZW_SCOPE_ALL:
		return true;
	case ZW_SCOPE_ORG_TREE:
		return who->org_path != NULL && *who->org_path &&
		    strncmp(path, who->org_path, strlen(who->org_path)) == 0;
	default:
		return org_id == who->org_id && org_id > 0;
	}
}

/* --- reading the input --- */

static bool
in_list(const char *v, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(v, list[i]) == 0)
			return true;
	return false;
}

static const struct zw_item_topic *
topic_find(const char *name)
{
	size_t i;

	for (i = 0; i < zw_item_topics_count; i++)
		if (strcmp(zw_item_topics[i].name, name) == 0)
			return &zw_item_topics[i];
	return NULL;
}

static bool
depth_known(const char *v)
{
	size_t i;

	for (i = 0; zw_item_depths[i].value != NULL; i++)
		if (strcmp(zw_item_depths[i].value, v) == 0)
			return true;
	return false;
}

/* Refuse keys of obj that are not in keys (field names path.KEY). */
static int
known_keys(const json_t *obj, const char *const *keys, const char *path,
    const char *label, struct zw_why *why)
{
	const char *k;
	json_t *v;
	char f[96];

	json_object_foreach((json_t *)(uintptr_t)obj, k, v) {
		if (in_list(k, keys))
			continue;
		snprintf(f, sizeof(f), "%s%s%.40s", path, *path ? "." : "", k);
		return zw_items_why(why, "unknown_field", f, "%s含有未知字段 %.40s",
		    label, k);
	}
	return ZW_OK;
}

/*
 * A text member: absent/null is "" (or required), else a string of
 * valid UTF-8 without control characters (oneline: no line breaks
 * either), at most maxchars.  OUT: *out (borrowed from obj).
 */
static int
get_text(const json_t *obj, const char *key, const char *field,
    const char *label, bool required, bool oneline, size_t maxchars,
    const char **out, struct zw_why *why)
{
	json_t *v = json_object_get(obj, key);
	const char *s;
	size_t n;

	*out = "";
	if (v == NULL || json_is_null(v)) {
		if (required)
			return zw_items_why(why, "required", field, "请填写%s", label);
		return ZW_OK;
	}
	if (!json_is_string(v))
		return zw_items_why(why, "wrong_type", field, "%s应为文本", label);
	s = json_string_value(v);
	n = json_string_length(v);
	if (strlen(s) != n || !zw_utf8_valid(s, n) || zw_utf8_has_controls(s, n) ||
	    (oneline && (strchr(s, '\n') != NULL || strchr(s, '\r') != NULL)))
		return zw_items_why(why, "invalid_text", field, "%s包含无效字符%s",
		    label, oneline ? "（不能换行）" : "");
	if (zw_utf8_chars(s, n) > maxchars)
		return zw_items_why(why, "too_long", field, "%s不能超过%zu个字符",
		    label, maxchars);
	if (required && *s == '\0')
		return zw_items_why(why, "required", field, "请填写%s", label);
	*out = s;
	return ZW_OK;
}

/* An integer member in [min, max]; absent: dflt (or required). */
static int
get_int(const json_t *obj, const char *key, const char *field,
    const char *label, bool required, int64_t min, int64_t max, int64_t dflt,
    int64_t *out, struct zw_why *why)
{
	json_t *v = json_object_get(obj, key);

	*out = dflt;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return zw_items_why(why, "required", field, "请填写%s", label);
		return ZW_OK;
	}
	if (!json_is_integer(v))
		return zw_items_why(why, "wrong_type", field, "%s应为整数", label);
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return zw_items_why(why, "out_of_range", field,
		    "%s应为%lld到%lld之间的整数", label, (long long)min,
		    (long long)max);
	*out = json_integer_value(v);
	return ZW_OK;
}

static int
get_bool(const json_t *obj, const char *key, const char *field,
    const char *label, bool dflt, bool *out, struct zw_why *why)
{
	json_t *v = json_object_get(obj, key);

	*out = dflt;
	if (v == NULL || json_is_null(v))
		return ZW_OK;
	if (!json_is_boolean(v))
		return zw_items_why(why, "wrong_type", field,
		    "%s应为 true 或 false", label);
	*out = json_is_true(v);
	return ZW_OK;
}

/* An array member of at most max entries (absent: empty). */
static int
get_array(const json_t *obj, const char *key, const char *label, size_t max,
    json_t **out, struct zw_why *why)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return ZW_OK;
	if (!json_is_array(v))
		return zw_items_why(why, "wrong_type", key, "%s应为数组", label);
	if (json_array_size(v) > max)
		return zw_items_why(why, "too_many", key, "%s最多%zu项", label, max);
	*out = v;
	return ZW_OK;
}

/* Entry i of an array must be an object. */
static int
entry_object(json_t *e, const char *key, const char *label, size_t i,
    struct zw_why *why)
{
	char f[64];

	if (json_is_object(e))
		return ZW_OK;
	snprintf(f, sizeof(f), "%s[%zu]", key, i);
	return zw_items_why(why, "wrong_type", f, "%s第%zu项应为对象", label, i + 1);
}

/*
 * A fee amount in yuan: a non-negative integer, or a string of up to 9
 * integer digits and up to 2 decimals.  OUT: out "N.NN".
 */
static bool
fee_amount(const json_t *v, char *out, size_t size)
{
	const char *s, *dot;
	int64_t yuan = 0, fen = 0;
	size_t nint, nfrac;

	if (v == NULL || json_is_null(v)) {
		snprintf(out, size, "0.00");
		return true;
	}
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0 || json_integer_value(v) > 999999999)
			return false;
		snprintf(out, size, "%lld.00", (long long)json_integer_value(v));
		return true;
	}
	if (!json_is_string(v))
		return false;
	s = json_string_value(v);
	dot = strchr(s, '.');
	nint = dot ? (size_t)(dot - s) : strlen(s);
	nfrac = dot ? strlen(dot + 1) : 0;
	if (nint < 1 || nint > 9 || (dot && (nfrac < 1 || nfrac > 2)) ||
	    zw_parse_i64n(s, nint, 0, 999999999, &yuan) != ZW_OK ||
	    s[0] == '+' || s[0] == '-' ||
	    (dot && (zw_parse_i64n(dot + 1, nfrac, 0, 99, &fen) != ZW_OK ||
	    dot[1] == '+' || dot[1] == '-')))
		return false;
	if (nfrac == 1)
		fen *= 10;
	snprintf(out, size, "%lld.%02lld", (long long)yuan, (long long)fen);
	return true;
}

/* The validated content of one version. */
struct item_in {
	const char *code, *name, *item_type, *handling_kind, *conditions;
	const char *online_depth, *windows, *hours, *audience;
	int64_t org_id, legal_days, promised_days, visits;
	bool joint, online;
	json_t *co_orgs, *legal_basis, *materials, *fees, *fields, *forms;
	json_t *topics;
};

static void
item_in_free(struct item_in *it)
{
	json_decref(it->co_orgs);
	json_decref(it->legal_basis);
	json_decref(it->materials);
	json_decref(it->fees);
	json_decref(it->fields);
	json_decref(it->forms);
	json_decref(it->topics);
}

static int
check_code(const char *code, struct zw_why *why)
{
	size_t i;

	for (i = 0; code[i]; i++) {
		char ch = code[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= 'a' && ch <= 'z') || ch == '-'))
			return zw_items_why(why, "invalid_code", "code",
			    "事项编码只能包含字母、数字和连字符");
	}
	if (code[0] == '-')
		return zw_items_why(why, "invalid_code", "code",
		    "事项编码应以字母或数字开头");
	return ZW_OK;
}

static int
read_basis(const json_t *in, struct item_in *it, struct zw_why *why)
{
	static const char *const keys[] = { "law", "article", "text", NULL };
	json_t *arr, *e;
	const char *law, *article, *text;
	char f[64];
	size_t i;
	int rc;

	if ((rc = get_array(in, "legal_basis", "设定依据", ZW_ITEM_MAX_BASIS, &arr,
	    why)) != ZW_OK)
		return rc;
	it->legal_basis = json_array();
	json_array_foreach(arr, i, e) {
		char lab[64];

		if ((rc = entry_object(e, "legal_basis", "设定依据", i, why)))
			return rc;
		snprintf(f, sizeof(f), "legal_basis[%zu]", i);
		snprintf(lab, sizeof(lab), "设定依据第%zu项", i + 1);
		if ((rc = known_keys(e, keys, f, lab, why)))
			return rc;
		snprintf(f, sizeof(f), "legal_basis[%zu].law", i);
		snprintf(lab, sizeof(lab), "设定依据第%zu项的法律法规名称", i + 1);
		if ((rc = get_text(e, "law", f, lab, true, true, ZW_MAX_NAME, &law, why)))
			return rc;
		snprintf(f, sizeof(f), "legal_basis[%zu].article", i);
		snprintf(lab, sizeof(lab), "设定依据第%zu项的条款", i + 1);
		if ((rc = get_text(e, "article", f, lab, false, true, 100, &article, why)))
			return rc;
		snprintf(f, sizeof(f), "legal_basis[%zu].text", i);
		snprintf(lab, sizeof(lab), "设定依据第%zu项的条文内容", i + 1);
		if ((rc = get_text(e, "text", f, lab, false, false, ZW_ITEM_MAX_TEXT,
		    &text, why)))
			return rc;
		json_array_append_new(it->legal_basis, json_pack("{s:s, s:s, s:s}",
		    "law", law, "article", article, "text", text));
	}
	if (json_array_size(it->legal_basis) == 0 &&
	    strcmp(it->item_type, "行政许可") == 0)
		return zw_items_why(why, "legal_basis_required", "legal_basis",
		    "行政许可事项必须列明设定依据（行政许可法第十四、十五条：行政许可"
		    "只能由法律、法规设定）");
	return ZW_OK;
}

static int
read_materials(const json_t *in, struct item_in *it, struct zw_why *why)
{
	static const char *const keys[] = { "name", "required", "originals",
		"copies", "form", "registry", NULL };
	json_t *arr, *e;
	size_t i, j;
	int rc;

	if ((rc = get_array(in, "materials", "申请材料", ZW_ITEM_MAX_MATERIALS,
	    &arr, why)) != ZW_OK)
		return rc;
	it->materials = json_array();
	json_array_foreach(arr, i, e) {
		const char *name, *form, *registry;
		int64_t originals, copies;
		bool required;
		char f[64], lab[64];

		if ((rc = entry_object(e, "materials", "申请材料", i, why)))
			return rc;
		snprintf(f, sizeof(f), "materials[%zu]", i);
		snprintf(lab, sizeof(lab), "申请材料第%zu项", i + 1);
		if ((rc = known_keys(e, keys, f, lab, why)))
			return rc;
		snprintf(f, sizeof(f), "materials[%zu].name", i);
		snprintf(lab, sizeof(lab), "申请材料第%zu项的名称", i + 1);
		if ((rc = get_text(e, "name", f, lab, true, true, ZW_MAX_NAME, &name, why)))
			return rc;
		for (j = 0; j < i; j++)
			if (strcmp(zw_json_str(json_array_get(it->materials, j), "name"),
			    name) == 0)
				return zw_items_why(why, "duplicate_material", f,
				    "申请材料第%zu项与第%zu项重名：%s", i + 1, j + 1, name);
		snprintf(f, sizeof(f), "materials[%zu].required", i);
		snprintf(lab, sizeof(lab), "申请材料第%zu项的“是否必要”", i + 1);
		if ((rc = get_bool(e, "required", f, lab, true, &required, why)))
			return rc;
		snprintf(f, sizeof(f), "materials[%zu].originals", i);
		snprintf(lab, sizeof(lab), "申请材料第%zu项的原件份数", i + 1);
		if ((rc = get_int(e, "originals", f, lab, false, 0, ZW_ITEM_MAX_COPIES,
		    1, &originals, why)))
			return rc;
		snprintf(f, sizeof(f), "materials[%zu].copies", i);
		snprintf(lab, sizeof(lab), "申请材料第%zu项的复印件份数", i + 1);
		if ((rc = get_int(e, "copies", f, lab, false, 0, ZW_ITEM_MAX_COPIES, 0,
		    &copies, why)))
			return rc;
		snprintf(f, sizeof(f), "materials[%zu].form", i);
		snprintf(lab, sizeof(lab), "申请材料第%zu项的材料形式", i + 1);
		if ((rc = get_text(e, "form", f, lab, false, true, 10, &form, why)))
			return rc;
		if (*form == '\0')
			form = "纸质或电子";
		if (!in_list(form, material_forms))
			return zw_items_why(why, "invalid_form", f,
			    "%s应为纸质、电子或纸质或电子", lab);
		snprintf(f, sizeof(f), "materials[%zu].registry", i);
		snprintf(lab, sizeof(lab), "申请材料第%zu项的调取来源", i + 1);
		if ((rc = get_text(e, "registry", f, lab, false, true, 20, &registry,
		    why)))
			return rc;
		if (*registry && strcmp(registry, "population") &&
		    strcmp(registry, "legal_person"))
			return zw_items_why(why, "invalid_registry", f,
			    "%s应为空、population（人口库）或 legal_person（法人库）", lab);
		json_array_append_new(it->materials, json_pack(
		    "{s:s, s:b, s:I, s:I, s:s, s:s}", "name", name, "required",
		    required, "originals", (json_int_t)originals, "copies",
		    (json_int_t)copies, "form", form, "registry", registry));
	}
	return ZW_OK;
}

static int
read_fees(const json_t *in, struct item_in *it, struct zw_why *why)
{
	static const char *const keys[] = { "name", "amount", "basis", NULL };
	json_t *arr, *e;
	size_t i;
	int rc;

	if ((rc = get_array(in, "fees", "收费项目", ZW_ITEM_MAX_FEES, &arr, why)))
		return rc;
	it->fees = json_array();
	json_array_foreach(arr, i, e) {
		const char *name, *basis;
		char f[64], lab[64], amount[24];

		if ((rc = entry_object(e, "fees", "收费项目", i, why)))
			return rc;
		snprintf(f, sizeof(f), "fees[%zu]", i);
		snprintf(lab, sizeof(lab), "收费项目第%zu项", i + 1);
		if ((rc = known_keys(e, keys, f, lab, why)))
			return rc;
		snprintf(f, sizeof(f), "fees[%zu].name", i);
		snprintf(lab, sizeof(lab), "收费项目第%zu项的名称", i + 1);
		if ((rc = get_text(e, "name", f, lab, true, true, ZW_MAX_NAME, &name, why)))
			return rc;
		snprintf(f, sizeof(f), "fees[%zu].amount", i);
		if (!fee_amount(json_object_get(e, "amount"), amount, sizeof(amount)))
			return zw_items_why(why, "invalid_amount", f,
			    "收费项目第%zu项的金额应为不小于0的数额（元，最多两位小数）",
			    i + 1);
		snprintf(f, sizeof(f), "fees[%zu].basis", i);
		snprintf(lab, sizeof(lab), "收费项目第%zu项的收费依据", i + 1);
		if ((rc = get_text(e, "basis", f, lab, false, false, ZW_ITEM_MAX_LINE,
		    &basis, why)))
			return rc;
		json_array_append_new(it->fees, json_pack("{s:s, s:s, s:s}", "name",
		    name, "amount", amount, "basis", basis));
	}
	return ZW_OK;
}

/* Blank forms: each names a file who may read (an upload of theirs or
 * of an organization in their scope). */
static int
read_forms(zw_conn *c, const struct zw_actor *who, const json_t *in,
    struct item_in *it, struct zw_why *why)
{
	static const char *const keys[] = { "name", "file_id", NULL };
	json_t *arr, *e, *meta;
	size_t i;
	int rc;

	if ((rc = get_array(in, "forms", "空白表格", ZW_ITEM_MAX_FORMS, &arr, why)))
		return rc;
	it->forms = json_array();
	json_array_foreach(arr, i, e) {
		const char *name;
		int64_t fid;
		char f[64], lab[64];

		if ((rc = entry_object(e, "forms", "空白表格", i, why)))
			return rc;
		snprintf(f, sizeof(f), "forms[%zu]", i);
		snprintf(lab, sizeof(lab), "空白表格第%zu项", i + 1);
		if ((rc = known_keys(e, keys, f, lab, why)))
			return rc;
		snprintf(f, sizeof(f), "forms[%zu].name", i);
		snprintf(lab, sizeof(lab), "空白表格第%zu项的名称", i + 1);
		if ((rc = get_text(e, "name", f, lab, true, true, ZW_MAX_NAME, &name, why)))
			return rc;
		snprintf(f, sizeof(f), "forms[%zu].file_id", i);
		snprintf(lab, sizeof(lab), "空白表格第%zu项的文件", i + 1);
		if ((rc = get_int(e, "file_id", f, lab, true, 1, INT64_MAX, 0, &fid, why)))
			return rc;
		rc = zw_file_get(c, who, fid, &meta);
		if (rc == ZW_ENOTFOUND)
			return zw_items_why(why, "file_not_found", f,
			    "空白表格第%zu项的文件不存在（请先上传）", i + 1);
		if (rc != ZW_OK)
			return rc;
		json_decref(meta);
		json_array_append_new(it->forms, json_pack("{s:s, s:I}", "name", name,
		    "file_id", (json_int_t)fid));
	}
	return ZW_OK;
}

static int
read_topics(const json_t *in, struct item_in *it, struct zw_why *why)
{
	json_t *arr, *e;
	size_t i, j;
	int rc;

	if ((rc = get_array(in, "topics", "主题分类", ZW_ITEM_MAX_TOPICS, &arr, why)))
		return rc;
	it->topics = json_array();
	json_array_foreach(arr, i, e) {
		char f[32];

		snprintf(f, sizeof(f), "topics[%zu]", i);
		if (!json_is_string(e) || topic_find(json_string_value(e)) == NULL)
			return zw_items_why(why, "unknown_topic", f,
			    "主题分类第%zu项不在主题目录中", i + 1);
		for (j = 0; j < i; j++)
			if (strcmp(json_string_value(json_array_get(it->topics, j)),
			    json_string_value(e)) == 0)
				return zw_items_why(why, "duplicate_topic", f,
				    "主题分类重复：%s", json_string_value(e));
		json_array_append_new(it->topics, json_string(json_string_value(e)));
	}
	return ZW_OK;
}

/* The organization exists and lies in who's scope. OUT: path. */
static int
org_in_scope(zw_conn *c, const struct zw_actor *who, int64_t id, char *path,
    size_t size)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT path FROM orgs WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(path, zw_col_text(s, 0), size);
	zw_reset(s);
	return zw_items_scope_holds(who, path, id) ? ZW_OK : ZW_ENOTFOUND;
}

/* Co-departments of a joint item (行政许可法 第四十二条). */
static int
read_joint(zw_conn *c, const json_t *in, struct item_in *it,
    struct zw_why *why)
{
	static const char *const keys[] = { "org_id", "days", NULL };
	json_t *arr, *e, *jv;
	size_t i, j;
	int rc;

	if ((rc = get_array(in, "co_orgs", "协办部门", ZW_ITEM_MAX_CO_ORGS, &arr, why)))
		return rc;
	jv = json_object_get(in, "joint");
	if (jv == NULL || json_is_null(jv))
		it->joint = arr != NULL && json_array_size(arr) > 0;
	else if ((rc = get_bool(in, "joint", "joint", "是否联合办理", false,
	    &it->joint, why)))
		return rc;
	it->co_orgs = json_array();
	if (!it->joint) {
		if (arr != NULL && json_array_size(arr) > 0)
			return zw_items_why(why, "co_orgs_not_joint", "co_orgs",
			    "非联合办理事项不能设置协办部门");
		return ZW_OK;
	}
	if (arr == NULL || json_array_size(arr) == 0)
		return zw_items_why(why, "co_orgs_required", "co_orgs",
		    "联合办理事项须至少列出一个协办部门");
	if (it->legal_days > ZW_ITEM_JOINT_MAX_DAYS)
		return zw_items_why(why, "joint_exceeds_45", "legal_days",
		    "联合办理的办理时限不得超过%d个工作日（行政许可法第四十二条）",
		    ZW_ITEM_JOINT_MAX_DAYS);
	if (strcmp(it->handling_kind, "即办件") == 0)
		return zw_items_why(why, "joint_instant", "handling_kind",
		    "联合办理事项不能为即办件");
	json_array_foreach(arr, i, e) {
		int64_t oid, days;
		char f[64], lab[64];
		zw_stmt *s;

		if ((rc = entry_object(e, "co_orgs", "协办部门", i, why)))
			return rc;
		snprintf(f, sizeof(f), "co_orgs[%zu]", i);
		snprintf(lab, sizeof(lab), "协办部门第%zu项", i + 1);
		if ((rc = known_keys(e, keys, f, lab, why)))
			return rc;
		snprintf(f, sizeof(f), "co_orgs[%zu].org_id", i);
		snprintf(lab, sizeof(lab), "协办部门第%zu项的机构", i + 1);
		if ((rc = get_int(e, "org_id", f, lab, true, 1, INT64_MAX, 0, &oid, why)))
			return rc;
		if (oid == it->org_id)
			return zw_items_why(why, "co_org_is_lead", f,
			    "协办部门第%zu项是实施机构本身", i + 1);
		for (j = 0; j < i; j++)
			if (zw_json_int(json_array_get(it->co_orgs, j), "org_id") == oid)
				return zw_items_why(why, "duplicate_co_org", f,
				    "协办部门第%zu项与第%zu项重复", i + 1, j + 1);
		if ((rc = zw_prepare(c, "SELECT status FROM orgs WHERE id = ?", &s)))
			return rc;
		zw_bind_int(s, 1, oid);
		if ((rc = zw_step(s)) != ZW_ROW) {
			if (rc < 0)
				return rc;
			return zw_items_why(why, "co_org_not_found", f,
			    "协办部门第%zu项的机构不存在", i + 1);
		}
		rc = strcmp(zw_col_text(s, 0), "active");
		zw_reset(s);
		if (rc != 0)
			return zw_items_why(why, "co_org_inactive", f,
			    "协办部门第%zu项的机构已停用", i + 1);
		snprintf(f, sizeof(f), "co_orgs[%zu].days", i);
		snprintf(lab, sizeof(lab), "协办部门第%zu项的办理时限", i + 1);
		if ((rc = get_int(e, "days", f, lab, true, 1, ZW_ITEM_JOINT_MAX_DAYS, 0,
		    &days, why)))
			return rc;
		if (days > it->legal_days)
			return zw_items_why(why, "co_days_exceed_legal", f,
			    "协办部门第%zu项的办理时限（%lld个工作日）超过法定办结时限"
			    "（%lld个工作日）", i + 1, (long long)days,
			    (long long)it->legal_days);
		json_array_append_new(it->co_orgs, json_pack("{s:I, s:I}", "org_id",
		    (json_int_t)oid, "days", (json_int_t)days));
	}
	return ZW_OK;
}

static int
item_read(zw_conn *c, const struct zw_actor *who, const json_t *in,
    struct item_in *it, struct zw_why *why)
{
	static const char *const keys[] = { "code", "name", "item_type", "org_id",
		"legal_days", "promised_days", "handling_kind", "joint", "co_orgs",
		"conditions", "legal_basis", "materials", "fees", "fields", "forms",
		"online", "online_depth", "visits", "windows", "hours", "topics",
		"audience", NULL };
	char path[256];
	json_t *fields;
	int rc;

	memset(it, 0, sizeof(*it));
	if (in == NULL || !json_is_object(in))
		return zw_items_why(why, "wrong_type", NULL, "事项内容应为 JSON 对象");
	if ((rc = known_keys(in, keys, "", "事项", why)) ||
	    (rc = get_text(in, "code", "code", "事项编码", true, true, ZW_MAX_CODE,
	    &it->code, why)) || (rc = check_code(it->code, why)) ||
	    (rc = get_text(in, "name", "name", "事项名称", true, true, ZW_MAX_NAME,
	    &it->name, why)) ||
	    (rc = get_text(in, "item_type", "item_type", "事项类型", true, true, 20,
	    &it->item_type, why)))
		return rc;
	if (!in_list(it->item_type, zw_item_types))
		return zw_items_why(why, "invalid_item_type", "item_type",
		    "事项类型应为行政许可、行政确认、行政给付、行政裁决、行政奖励、"
		    "其他行政权力或公共服务");
	if ((rc = get_int(in, "org_id", "org_id", "实施机构", true, 1, INT64_MAX, 0,
	    &it->org_id, why)))
		return rc;
	rc = org_in_scope(c, who, it->org_id, path, sizeof(path));
	if (rc == ZW_ENOTFOUND)
		return zw_items_why(why, "org_not_found", "org_id",
		    "实施机构不存在或不在您的管理范围内");
	if (rc != ZW_OK)
		return rc;
	if ((rc = get_int(in, "legal_days", "legal_days", "法定办结时限", true, 1,
	    ZW_ITEM_MAX_DAYS, 0, &it->legal_days, why)) ||
	    (rc = get_int(in, "promised_days", "promised_days", "承诺办结时限", true,
	    0, ZW_ITEM_MAX_DAYS, 0, &it->promised_days, why)))
		return rc;
	if (it->promised_days > it->legal_days)
		return zw_items_why(why, "promised_exceeds_legal", "promised_days",
		    "承诺办结时限（%lld个工作日）不得超过法定办结时限（%lld个工作日）",
		    (long long)it->promised_days, (long long)it->legal_days);
	if ((rc = get_text(in, "handling_kind", "handling_kind", "办件类型", false,
	    true, 10, &it->handling_kind, why)))
		return rc;
	if (*it->handling_kind == '\0')
		it->handling_kind = it->promised_days == 0 ? "即办件" : "承诺件";
	if (strcmp(it->handling_kind, "即办件") == 0) {
		if (it->promised_days != 0)
			return zw_items_why(why, "instant_promised_days", "promised_days",
			    "即办件当场办结，承诺办结时限应为0");
	} else if (strcmp(it->handling_kind, "承诺件") == 0) {
		if (it->promised_days < 1)
			return zw_items_why(why, "promised_days_required", "promised_days",
			    "承诺件的承诺办结时限至少为1个工作日");
	} else
		return zw_items_why(why, "invalid_handling_kind", "handling_kind",
		    "办件类型应为即办件或承诺件");
	if ((rc = read_joint(c, in, it, why)) ||
	    (rc = get_text(in, "conditions", "conditions", "受理条件", false, false,
	    ZW_ITEM_MAX_TEXT, &it->conditions, why)) ||
	    (rc = read_basis(in, it, why)) || (rc = read_materials(in, it, why)) ||
	    (rc = read_fees(in, it, why)))
		return rc;
	if ((rc = get_array(in, "fields", "表单字段", ZW_ITEM_MAX_FIELDS, &fields,
	    why)))
		return rc;
	if (fields == NULL)
		it->fields = json_array();
	else if ((rc = zw_item_fields_normalize(fields, &it->fields, why)))
		return rc;
	if ((rc = read_forms(c, who, in, it, why)) ||
	    (rc = get_bool(in, "online", "online", "是否网上办理", true, &it->online,
	    why)) ||
	    (rc = get_text(in, "online_depth", "online_depth", "网办深度", false,
	    true, 10, &it->online_depth, why)))
		return rc;
	if (*it->online_depth && !depth_known(it->online_depth))
		return zw_items_why(why, "invalid_online_depth", "online_depth",
		    "网办深度应为一级、二级、三级或四级");
	if (!it->online && (strcmp(it->online_depth, "三级") == 0 ||
	    strcmp(it->online_depth, "四级") == 0))
		return zw_items_why(why, "depth_needs_online", "online_depth",
		    "不能网上办理的事项，网办深度不能为三级或四级");
	if ((rc = get_int(in, "visits", "visits", "到现场次数", false, 0,
	    ZW_ITEM_MAX_VISITS, 0, &it->visits, why)) ||
	    (rc = get_text(in, "windows", "windows", "办理窗口", false, false,
	    ZW_ITEM_MAX_LINE, &it->windows, why)) ||
	    (rc = get_text(in, "hours", "hours", "办理时间", false, false,
	    ZW_ITEM_MAX_LINE, &it->hours, why)) ||
	    (rc = read_topics(in, it, why)) ||
	    (rc = get_text(in, "audience", "audience", "服务对象", false, true, 20,
	    &it->audience, why)))
		return rc;
	if (*it->audience == '\0')
		it->audience = "both";
	if (strcmp(it->audience, "person") && strcmp(it->audience, "enterprise") &&
	    strcmp(it->audience, "both"))
		return zw_items_why(why, "invalid_audience", "audience",
		    "服务对象应为 person（自然人）、enterprise（法人）或 both");
	return ZW_OK;
}

/* --- storage --- */

int
zw_item_row_get(zw_conn *c, const char *code, struct zw_item_row *row)
{
	zw_stmt *s;
	int rc;

	memset(row, 0, sizeof(*row));
	rc = zw_prepare(c, "SELECT i.id, i.org_id, i.current_version, i.status, "
	    "o.path FROM service_items i JOIN orgs o ON o.id = i.org_id "
	    "WHERE i.code = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, code, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	row->id = zw_col_int(s, 0);
	row->org_id = zw_col_int(s, 1);
	row->current_version = (int)zw_col_int(s, 2);
	zw_strlcpy(row->status, zw_col_text(s, 3), sizeof(row->status));
	zw_strlcpy(row->org_path, zw_col_text(s, 4), sizeof(row->org_path));
	zw_reset(s);
	return ZW_OK;
}

bool
zw_item_visible(const struct zw_actor *who, const struct zw_item_row *row)
{
	if (strcmp(row->status, "published") == 0)
		return true;
	return who != NULL && zw_actor_can(who, "items.manage") &&
	    zw_items_scope_holds(who, row->org_path, row->org_id);
}

int
zw_item_save(zw_conn *c, const struct zw_actor *who, json_t *in,
    int64_t *item_id, int *version, struct zw_why *why)
{
	struct item_in it;
	struct zw_item_row row;
	zw_arena *a = NULL;
	int64_t now = zw_now(), iid = 0, vid;
	int ver = 1, rc;
	bool exists;
	zw_stmt *s;

	if (!zw_actor_can(who, "items.manage")) {
		ZW_WHY(why, "forbidden", "没有维护政务服务事项的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = item_read(c, who, in, &it, why)) != ZW_OK)
		goto out;
	rc = zw_item_row_get(c, it.code, &row);
	if (rc != ZW_OK && rc != ZW_ENOTFOUND)
		goto out;
	exists = rc == ZW_OK;
	if (exists) {
		if (!zw_items_scope_holds(who, row.org_path, row.org_id)) {
			ZW_WHY(why, "item_of_other_org",
			    "该事项编码已由其他部门使用，您无权修改", "code");
			rc = ZW_EPERM;
			goto out;
		}
		iid = row.id;
		ver = row.current_version + 1;
		rc = zw_prepare(c, "UPDATE service_items SET org_id = ?, "
		    "current_version = ?, updated_at = ? WHERE id = ?", &s);
		if (rc != ZW_OK)
			goto out;
		zw_bind_int(s, 1, it.org_id);
		zw_bind_int(s, 2, ver);
		zw_bind_int(s, 3, now);
		zw_bind_int(s, 4, iid);
		if ((rc = zw_step(s)) < 0)
			goto out;
	} else {
		rc = zw_prepare(c, "INSERT INTO service_items (code, org_id, "
		    "current_version, status, created_at, updated_at) "
		    "VALUES (?, ?, 1, 'published', ?, ?) RETURNING id", &s);
		if (rc != ZW_OK)
			goto out;
		zw_bind_text(s, 1, it.code, (size_t)-1);
		zw_bind_int(s, 2, it.org_id);
		zw_bind_int(s, 3, now);
		zw_bind_int(s, 4, now);
		rc = zw_step(s);
		if (rc == ZW_ECONFLICT) {
			ZW_WHY(why, "duplicate", "事项编码已存在", "code");
			goto out;
		}
		if (rc != ZW_ROW) {
			rc = rc < 0 ? rc : ZW_EDB;
			goto out;
		}
		iid = zw_col_int(s, 0);
		zw_reset(s);
	}
	a = zw_arena_new();
	rc = zw_prepare(c, "INSERT INTO item_versions (item_id, version, name, "
	    "item_type, org_id, legal_days, promised_days, handling_kind, joint, "
	    "co_orgs, conditions, legal_basis, materials, fees, fields, forms, "
	    "online, online_depth, visits, windows, hours, topics, audience, "
	    "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, iid);
	zw_bind_int(s, 2, ver);
	zw_bind_text(s, 3, it.name, (size_t)-1);
	zw_bind_text(s, 4, it.item_type, (size_t)-1);
	zw_bind_int(s, 5, it.org_id);
	zw_bind_int(s, 6, it.legal_days);
	zw_bind_int(s, 7, it.promised_days);
	zw_bind_text(s, 8, it.handling_kind, (size_t)-1);
	zw_bind_int(s, 9, it.joint);
	zw_bind_text(s, 10, zw_json_dump(a, it.co_orgs), (size_t)-1);
	zw_bind_text(s, 11, it.conditions, (size_t)-1);
	zw_bind_text(s, 12, zw_json_dump(a, it.legal_basis), (size_t)-1);
	zw_bind_text(s, 13, zw_json_dump(a, it.materials), (size_t)-1);
	zw_bind_text(s, 14, zw_json_dump(a, it.fees), (size_t)-1);
	zw_bind_text(s, 15, zw_json_dump(a, it.fields), (size_t)-1);
	zw_bind_text(s, 16, zw_json_dump(a, it.forms), (size_t)-1);
	zw_bind_int(s, 17, it.online);
	zw_bind_text(s, 18, it.online_depth, (size_t)-1);
	zw_bind_int(s, 19, it.visits);
	zw_bind_text(s, 20, it.windows, (size_t)-1);
	zw_bind_text(s, 21, it.hours, (size_t)-1);
	zw_bind_text(s, 22, zw_json_dump(a, it.topics), (size_t)-1);
	zw_bind_text(s, 23, it.audience, (size_t)-1);
	if (who->id > 0)
		zw_bind_int(s, 24, who->id);
	else
		zw_bind_null(s, 24);
	zw_bind_int(s, 25, now);
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "conflict", "该事项正被他人同时修改，请刷新后重试", "code");
		goto out;
	}
	if (rc != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	vid = zw_col_int(s, 0);
	zw_reset(s);
	{
		json_t *d = json_pack("{s:s, s:s, s:i, s:I, s:I, s:I, s:I}", "code",
		    it.code, "name", it.name, "version", ver, "version_id",
		    (json_int_t)vid, "org_id", (json_int_t)it.org_id, "legal_days",
		    (json_int_t)it.legal_days, "promised_days",
		    (json_int_t)it.promised_days);

		rc = zw_actor_audit(c, who, exists ? "item.version" : "item.create",
		    "service_item", iid, "success", d);
		json_decref(d);
	}
	if (rc == ZW_OK)
		rc = zw_item_site_sync(c, iid);
	if (rc == ZW_OK) {
		if (item_id != NULL)
			*item_id = iid;
		if (version != NULL)
			*version = ver;
	}
out:
	item_in_free(&it);
	if (a != NULL)
		zw_arena_free(a);
	return rc;
}

/* --- reading versions --- */

#define VERSION_COLS "v.id, v.item_id, v.version, v.name, v.item_type, " \
	"v.org_id, o.name, v.legal_days, v.promised_days, v.handling_kind, " \
	"v.joint, v.co_orgs, v.conditions, v.legal_basis, v.materials, v.fees, " \
	"v.fields, v.forms, v.online, v.online_depth, v.visits, v.windows, " \
	"v.hours, v.topics, v.audience, v.created_at, i.code, i.status, " \
	"i.current_version"
#define VERSION_FROM " FROM item_versions v JOIN service_items i " \
	"ON i.id = v.item_id JOIN orgs o ON o.id = v.org_id "

/* Stored JSON text (written by zw_item_save) as a value; an array when
 * it does not parse. */
static json_t *
stored_json(const char *text)
{
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, NULL);

	return v != NULL ? v : json_array();
}

static json_t *
version_row(zw_stmt *s)
{
	json_t *o = json_object();
	char t[32];

	json_object_set_new(o, "version_id", json_integer(zw_col_int(s, 0)));
	json_object_set_new(o, "id", json_integer(zw_col_int(s, 1)));
	json_object_set_new(o, "version", json_integer(zw_col_int(s, 2)));
	json_object_set_new(o, "name", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "item_type", json_string(zw_col_text(s, 4)));
	json_object_set_new(o, "org_id", json_integer(zw_col_int(s, 5)));
	json_object_set_new(o, "org_name", json_string(zw_col_text(s, 6)));
	json_object_set_new(o, "legal_days", json_integer(zw_col_int(s, 7)));
	json_object_set_new(o, "promised_days", json_integer(zw_col_int(s, 8)));
	json_object_set_new(o, "handling_kind", json_string(zw_col_text(s, 9)));
	json_object_set_new(o, "joint", json_boolean(zw_col_int(s, 10)));
	json_object_set_new(o, "co_orgs", stored_json(zw_col_text(s, 11)));
	json_object_set_new(o, "conditions", json_string(zw_col_text(s, 12)));
	json_object_set_new(o, "legal_basis", stored_json(zw_col_text(s, 13)));
	json_object_set_new(o, "materials", stored_json(zw_col_text(s, 14)));
	json_object_set_new(o, "fees", stored_json(zw_col_text(s, 15)));
	json_object_set_new(o, "fields", stored_json(zw_col_text(s, 16)));
	json_object_set_new(o, "forms", stored_json(zw_col_text(s, 17)));
	json_object_set_new(o, "online", json_boolean(zw_col_int(s, 18)));
	json_object_set_new(o, "online_depth", json_string(zw_col_text(s, 19)));
	json_object_set_new(o, "visits", json_integer(zw_col_int(s, 20)));
	json_object_set_new(o, "windows", json_string(zw_col_text(s, 21)));
	json_object_set_new(o, "hours", json_string(zw_col_text(s, 22)));
	json_object_set_new(o, "topics", stored_json(zw_col_text(s, 23)));
	json_object_set_new(o, "audience", json_string(zw_col_text(s, 24)));
	zw_time_rfc3339(zw_col_int(s, 25), t, sizeof(t));
	json_object_set_new(o, "created_at", json_string(t));
	json_object_set_new(o, "code", json_string(zw_col_text(s, 26)));
	json_object_set_new(o, "status", json_string(zw_col_text(s, 27)));
	json_object_set_new(o, "current", json_boolean(zw_col_int(s, 2) ==
	    zw_col_int(s, 28)));
	return o;
}

/* What the stored row does not hold: co-departments' names, material
 * codes, form download paths, the url. */
static int
version_enrich(zw_conn *c, json_t *o)
{
	const char *code = zw_json_str(o, "code");
	json_t *e;
	size_t i;
	int rc;

	json_array_foreach(json_object_get(o, "co_orgs"), i, e) {
		zw_stmt *s;

		if ((rc = zw_prepare(c, "SELECT name FROM orgs WHERE id = ?", &s)))
			return rc;
		zw_bind_int(s, 1, zw_json_int(e, "org_id"));
		rc = zw_step(s);
		if (rc < 0)
			return rc;
		json_object_set_new(e, "org_name", json_string(rc == ZW_ROW ?
		    zw_col_text(s, 0) : ""));
		zw_reset(s);
	}
	json_array_foreach(json_object_get(o, "materials"), i, e)
		json_object_set_new(e, "code", json_sprintf("%s%03zu", code, i + 1));
	json_array_foreach(json_object_get(o, "forms"), i, e)
		json_object_set_new(e, "url", json_sprintf(ZW_ITEM_URL_PREFIX
		    "%s/forms/%zu", code, i + 1));
	json_object_set_new(o, "url", json_sprintf(ZW_ITEM_URL_PREFIX "%s", code));
	return ZW_OK;
}

/* The version selected by the statement's bound parameters. */
static int
version_fetch(zw_conn *c, zw_stmt *s, json_t **out)
{
	json_t *o;
	int rc;

	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	o = version_row(s);
	zw_reset(s);
	if ((rc = version_enrich(c, o)) != ZW_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return ZW_OK;
}

int
zw_item_version_json(zw_conn *c, int64_t version_id, json_t **out)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT " VERSION_COLS VERSION_FROM "WHERE v.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, version_id);
	return version_fetch(c, s, out);
}

int
zw_item_current(zw_conn *c, const char *code, int64_t *item_id,
    int64_t *version_id, json_t **out)
{
	json_t *o;
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT " VERSION_COLS VERSION_FROM "WHERE i.code = ? "
	    "AND v.version = i.current_version AND i.status = 'published'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, code, (size_t)-1);
	if ((rc = version_fetch(c, s, &o)) != ZW_OK)
		return rc;
	if (item_id != NULL)
		*item_id = zw_json_int(o, "id");
	if (version_id != NULL)
		*version_id = zw_json_int(o, "version_id");
	if (out != NULL)
		*out = o;
	else
		json_decref(o);
	return ZW_OK;
}

int
zw_item_get(zw_conn *c, const struct zw_actor *who, const char *code,
    int version, json_t **out)
{
	struct zw_item_row row;
	zw_stmt *s;
	int rc;

	if ((rc = zw_item_row_get(c, code, &row)) != ZW_OK)
		return rc;
	if (!zw_item_visible(who, &row))
		return ZW_ENOTFOUND;
	rc = zw_prepare(c, "SELECT " VERSION_COLS VERSION_FROM "WHERE v.item_id = ? "
	    "AND v.version = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, row.id);
	zw_bind_int(s, 2, version > 0 ? version : row.current_version);
	return version_fetch(c, s, out);
}

int
zw_item_versions(zw_conn *c, const struct zw_actor *who, const char *code,
    json_t **out)
{
	struct zw_item_row row;
	zw_stmt *s;
	int rc;

	if ((rc = zw_item_row_get(c, code, &row)) != ZW_OK)
		return rc;
	if (!zw_item_visible(who, &row))
		return ZW_ENOTFOUND;
	rc = zw_prepare(c, "SELECT v.version, v.id, v.name, v.legal_days, "
	    "v.promised_days, v.created_at, COALESCE(u.name, '') FROM item_versions v "
	    "LEFT JOIN users u ON u.id = v.created_by WHERE v.item_id = ? "
	    "ORDER BY v.version DESC", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, row.id);
	*out = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		char t[32];

		zw_time_rfc3339(zw_col_int(s, 5), t, sizeof(t));
		json_array_append_new(*out, json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, "
		    "s:s, s:b}", "version", (json_int_t)zw_col_int(s, 0), "version_id",
		    (json_int_t)zw_col_int(s, 1), "name", zw_col_text(s, 2),
		    "legal_days", (json_int_t)zw_col_int(s, 3), "promised_days",
		    (json_int_t)zw_col_int(s, 4), "created_at", t, "created_by_name",
		    zw_col_text(s, 6), "current", zw_col_int(s, 0) ==
		    row.current_version));
	}
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	return ZW_OK;
}

int
zw_item_list(zw_conn *c, const struct zw_item_filter *f, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next)
{
	zw_arena *a = zw_arena_new();
	const char *status = "published", *scope = "%";
	zw_stmt *s;
	int64_t n = 0, last = 0;
	int rc;

	*items = NULL;
	*next = -1;
	if (f->staff != NULL) {
		const struct zw_actor *w = f->staff;
		const char *p = w->org_path && *w->org_path ? w->org_path : "/-/";

		status = f->status != NULL ? f->status : "";
		scope = w->scope == ZW_SCOPE_ALL ? "%" : w->scope == ZW_SCOPE_ORG_TREE ?
		    zw_aprintf(a, "%s%%", p) : p;
	}
	rc = zw_prepare(c, "SELECT i.id, i.code, i.status, v.version, v.name, "
	    "v.item_type, v.org_id, o.name, v.legal_days, v.promised_days, "
	    "v.handling_kind, v.joint, v.online, v.online_depth, v.visits, v.topics, "
	    "v.audience FROM service_items i JOIN item_versions v ON v.item_id = i.id "
	    "AND v.version = i.current_version JOIN orgs o ON o.id = i.org_id "
	    "WHERE i.id > ? AND o.path LIKE ? "
	    "AND (CAST(? AS TEXT) = '' OR i.status = ?) "
	    "AND (CAST(? AS BIGINT) = 0 OR i.org_id = ?) "
	    "AND (CAST(? AS TEXT) = '' OR v.item_type = ?) "
	    "AND (CAST(? AS TEXT) = '' OR v.topics LIKE ? ESCAPE '!') "
	    "AND (CAST(? AS TEXT) = '' OR v.audience = ? OR v.audience = 'both') "
	    "AND (CAST(? AS TEXT) = '' OR v.name LIKE ? ESCAPE '!') "
	    "ORDER BY i.id LIMIT ?", &s);
	if (rc != ZW_OK)
		goto out;
	{
		const char *type = f->item_type ? f->item_type : "";
		const char *topic = f->topic ? f->topic : "";
		const char *aud = f->audience ? f->audience : "";
		const char *q = f->q ? f->q : "";

		zw_bind_int(s, 1, cursor);
		zw_bind_text(s, 2, scope, (size_t)-1);
		zw_bind_text(s, 3, status, (size_t)-1);
		zw_bind_text(s, 4, status, (size_t)-1);
		zw_bind_int(s, 5, f->org_id);
		zw_bind_int(s, 6, f->org_id);
		zw_bind_text(s, 7, type, (size_t)-1);
		zw_bind_text(s, 8, type, (size_t)-1);
		zw_bind_text(s, 9, topic, (size_t)-1);
		zw_bind_text(s, 10, zw_like_contains(a, zw_aprintf(a, "\"%s\"", topic)),
		    (size_t)-1);
		zw_bind_text(s, 11, aud, (size_t)-1);
		zw_bind_text(s, 12, aud, (size_t)-1);
		zw_bind_text(s, 13, q, (size_t)-1);
		zw_bind_text(s, 14, zw_like_contains(a, q), (size_t)-1);
		zw_bind_int(s, 15, limit + 1);
	}
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		const char *code = zw_col_text(s, 1);
		json_t *o;

		if (n == limit) {
			*next = last;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		o = json_object();
		last = zw_col_int(s, 0);
		json_object_set_new(o, "id", json_integer(last));
		json_object_set_new(o, "code", json_string(code));
		json_object_set_new(o, "status", json_string(zw_col_text(s, 2)));
		json_object_set_new(o, "version", json_integer(zw_col_int(s, 3)));
		json_object_set_new(o, "name", json_string(zw_col_text(s, 4)));
		json_object_set_new(o, "item_type", json_string(zw_col_text(s, 5)));
		json_object_set_new(o, "org_id", json_integer(zw_col_int(s, 6)));
		json_object_set_new(o, "org_name", json_string(zw_col_text(s, 7)));
		json_object_set_new(o, "legal_days", json_integer(zw_col_int(s, 8)));
		json_object_set_new(o, "promised_days", json_integer(zw_col_int(s, 9)));
		json_object_set_new(o, "handling_kind", json_string(zw_col_text(s, 10)));
		json_object_set_new(o, "joint", json_boolean(zw_col_int(s, 11)));
		json_object_set_new(o, "online", json_boolean(zw_col_int(s, 12)));
		json_object_set_new(o, "online_depth", json_string(zw_col_text(s, 13)));
		json_object_set_new(o, "visits", json_integer(zw_col_int(s, 14)));
		json_object_set_new(o, "topics", stored_json(zw_col_text(s, 15)));
		json_object_set_new(o, "audience", json_string(zw_col_text(s, 16)));
		json_object_set_new(o, "url", json_sprintf(ZW_ITEM_URL_PREFIX "%s",
		    code));
		json_array_append_new(*items, o);
		n++;
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		*next = -1;
	} else
		rc = ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_item_set_status(zw_conn *c, const struct zw_actor *who, const char *code,
    bool published, struct zw_why *why)
{
	const char *want = published ? "published" : "withdrawn";
	struct zw_item_row row;
	zw_stmt *s;
	json_t *d;
	int rc;

	if (!zw_actor_can(who, "items.manage")) {
		ZW_WHY(why, "forbidden", "没有维护政务服务事项的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = zw_item_row_get(c, code, &row)) != ZW_OK)
		return rc;
	if (!zw_items_scope_holds(who, row.org_path, row.org_id)) {
		/* a published item is public: say so rather than pretend */
		if (strcmp(row.status, "published") == 0) {
			ZW_WHY(why, "item_of_other_org", "该事项属于其他部门，您无权修改",
			    NULL);
			return ZW_EPERM;
		}
		return ZW_ENOTFOUND;
	}
	if (strcmp(row.status, want) == 0) {
		ZW_WHY(why, published ? "already_published" : "already_withdrawn",
		    published ? "该事项已在发布中" : "该事项已撤回", NULL);
		return ZW_ESTATE;
	}
	rc = zw_prepare(c, "UPDATE service_items SET status = ?, updated_at = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, want, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, row.id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	d = json_pack("{s:s, s:i}", "code", code, "version", row.current_version);
	rc = zw_actor_audit(c, who, published ? "item.publish" : "item.withdraw",
	    "service_item", row.id, "success", d);
	json_decref(d);
	return rc != ZW_OK ? rc : zw_item_site_sync(c, row.id);
}

/*
 * The item's row of the public site search (search/sitesearch.h): its
 * current version's name, conditions and material names while the item
 * is published; no row otherwise.  Called by every change of an item.
 */
int
zw_item_site_sync(zw_conn *c, int64_t item_id)
{
	struct zw_site_doc d = { 0 };
	json_t *mats, *m;
	zw_buf extra;
	char url[160];
	zw_stmt *s;
	size_t i;
	int rc;

	rc = zw_prepare(c, "SELECT i.status, i.code, v.name, v.org_id, "
	    "v.conditions, v.materials, i.updated_at FROM service_items i JOIN "
	    "item_versions v ON v.item_id = i.id AND v.version = i.current_version "
	    "WHERE i.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, item_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	if (strcmp(zw_col_text(s, 0), "published") != 0) {
		zw_reset(s);
		return zw_site_search_drop(c, "item", item_id);
	}
	zw_buf_init(&extra, ZW_SEARCH_MAX_INDEX);
	mats = json_loads(zw_col_text(s, 5), 0, NULL);
	json_array_foreach(mats, i, m) {
		const char *name = zw_json_str(m, "name");

		if (name != NULL) {
			(void)zw_buf_puts(&extra, name);
			(void)zw_buf_putc(&extra, ' ');
		}
	}
	json_decref(mats);
	snprintf(url, sizeof(url), ZW_ITEM_URL_PREFIX "%s", zw_col_text(s, 1));
	d.org_id = zw_col_int(s, 3);
	d.title = zw_col_text(s, 2);
	d.body = zw_col_text(s, 4);
	d.extra = extra.p;
	d.url = url;
	d.published_at = zw_col_int(s, 6);
	rc = zw_site_search_put(c, "item", item_id, &d);
	zw_reset(s);
	zw_buf_free(&extra);
	return rc;
}

int
zw_item_form_file(zw_conn *c, const char *code, int n, int64_t *file_id,
    char *name, size_t size)
{
	json_t *o, *e;
	int rc;

	if (n < 1 || n > ZW_ITEM_MAX_FORMS)
		return ZW_ENOTFOUND;
	if ((rc = zw_item_current(c, code, NULL, NULL, &o)) != ZW_OK)
		return rc;
	e = json_array_get(json_object_get(o, "forms"), (size_t)n - 1);
	if (e == NULL) {
		json_decref(o);
		return ZW_ENOTFOUND;
	}
	*file_id = zw_json_int(e, "file_id");
	zw_strlcpy(name, zw_json_str(e, "name"), size);
	json_decref(o);
	return ZW_OK;
}

int
zw_item_facets(zw_conn *c, json_t **out)
{
	json_t *orgs = json_array(), *topics = json_array();
	int64_t counts[sizeof(zw_item_topics) / sizeof(zw_item_topics[0])];
	int64_t total = 0;
	zw_stmt *s;
	size_t i;
	int rc;

	memset(counts, 0, sizeof(counts));
	rc = zw_prepare(c, "SELECT o.id, o.name, COUNT(*) FROM service_items i "
	    "JOIN orgs o ON o.id = i.org_id WHERE i.status = 'published' "
	    "GROUP BY o.id, o.name, o.path ORDER BY o.path", &s);
	if (rc != ZW_OK)
		goto fail;
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_array_append_new(orgs, json_pack("{s:I, s:s, s:I}", "id",
		    (json_int_t)zw_col_int(s, 0), "name", zw_col_text(s, 1), "count",
		    (json_int_t)zw_col_int(s, 2)));
		total += zw_col_int(s, 2);
	}
	if (rc < 0)
		goto fail;
	rc = zw_prepare(c, "SELECT v.topics FROM service_items i JOIN item_versions v "
	    "ON v.item_id = i.id AND v.version = i.current_version "
	    "WHERE i.status = 'published'", &s);
	if (rc != ZW_OK)
		goto fail;
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *t = stored_json(zw_col_text(s, 0)), *e;
		size_t j;

		json_array_foreach(t, j, e) {
			const struct zw_item_topic *tp = json_is_string(e) ?
			    topic_find(json_string_value(e)) : NULL;

			if (tp != NULL)
				counts[tp - zw_item_topics]++;
		}
		json_decref(t);
	}
	if (rc < 0)
		goto fail;
	for (i = 0; i < zw_item_topics_count; i++)
		json_array_append_new(topics, json_pack("{s:s, s:s, s:I}", "name",
		    zw_item_topics[i].name, "audience", zw_item_topics[i].audience,
		    "count", (json_int_t)counts[i]));
	*out = json_pack("{s:o, s:o, s:I}", "orgs", orgs, "topics", topics, "total",
	    (json_int_t)total);
	return ZW_OK;
fail:
	json_decref(orgs);
	json_decref(topics);
	return rc;
}
