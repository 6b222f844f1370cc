/*
 * item_form.c -- the form schema of a service item (its "fields") and
 * the check of an application form against it.
 *
 * A field: {name, label, type, required, options, max}.
 *   name      1..ZW_ITEM_FIELD_NAME bytes of [a-z0-9_], unique in the item
 *   label     what the applicant sees (required, one line)
 *   type      text | number | date | choice | id_number | uscc | region
 *   required  bool (default false)
 *   options   choice only: 1..ZW_ITEM_MAX_OPTIONS distinct one-line texts
 *   max       text: most characters (default ZW_ITEM_FIELD_TEXT, at most
 *             ZW_ITEM_FIELD_MAX_TEXT); number: the largest value allowed
 *             (optional); no other type takes it
 *
 * Values: text a string; number a JSON number or a decimal string
 * (optional sign, up to 15 integer digits and 6 decimals); date
 * "YYYY-MM-DD" naming a real calendar day; choice one of the options;
 * id_number GB 11643 (standards.md §6.1), uscc GB 32100 (§6.2), region
 * GB/T 2260 (§6.3) through src/base/ids.c.  Absent, null and "" are
 * "not given": an error only for a required field.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approvals/items.h"
#include "approvals/items_int.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "base/utf8.h"

static const char *const field_types[] = { "text", "number", "date", "choice",
	"id_number", "uscc", "region", NULL };

static bool
type_known(const char *t)
{
	size_t i;

	for (i = 0; field_types[i] != NULL; i++)
		if (strcmp(field_types[i], t) == 0)
			return true;
	return false;
}

static bool
name_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 1 || n > ZW_ITEM_FIELD_NAME)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_'))
			return false;
	return true;
}

/* One line of valid UTF-8 text without controls, 1..maxchars. */
static bool
line_ok(const char *s, size_t maxchars)
{
	size_t n = strlen(s);

	return n > 0 && zw_utf8_valid(s, n) && !zw_utf8_has_controls(s, n) &&
	    strchr(s, '\n') == NULL && strchr(s, '\r') == NULL &&
	    zw_utf8_chars(s, n) <= maxchars;
}

/*
 * A decimal number: optional '-', 1..15 digits, optional '.' and 1..6
 * digits.  OUT: *v.
 */
static bool
parse_number(const char *s, double *v)
{
	size_t i = 0, nint = 0, nfrac = 0;
	char *end;

	if (s[i] == '-')
		i++;
	while (s[i] >= '0' && s[i] <= '9') {
		i++;
		nint++;
	}
	if (s[i] == '.') {
		i++;
		while (s[i] >= '0' && s[i] <= '9') {
			i++;
			nfrac++;
		}
		if (nfrac == 0)
			return false;
	}
	if (s[i] != '\0' || nint == 0 || nint > 15 || nfrac > 6)
		return false;
	*v = strtod(s, &end);
	return *end == '\0' && isfinite(*v);
}

int
zw_item_fields_normalize(const json_t *in, json_t **out, struct zw_why *why)
{
	static const char *const keys[] = { "name", "label", "type", "required",
		"options", "max", NULL };
	json_t *res = json_array(), *e;
	size_t i, j;
	int rc = ZW_OK;

	*out = NULL;
	json_array_foreach(in, i, e) {
		json_t *nf, *v, *opts = NULL;
		const char *name, *label, *type, *k;
		char f[64];

		snprintf(f, sizeof(f), "fields[%zu]", i);
		if (!json_is_object(e)) {
			rc = zw_items_why(why, "wrong_type", f, "表单字段第%zu项应为对象",
			    i + 1);
			goto fail;
		}
		json_object_foreach(e, k, v)
			for (j = 0; ; j++) {
				if (keys[j] == NULL) {
					rc = zw_items_why(why, "unknown_field", f,
					    "表单字段第%zu项含有未知字段 %.40s", i + 1, k);
					goto fail;
				}
				if (strcmp(keys[j], k) == 0)
					break;
			}
		name = json_string_value(json_object_get(e, "name"));
		snprintf(f, sizeof(f), "fields[%zu].name", i);
		if (name == NULL || !name_ok(name)) {
			rc = zw_items_why(why, "invalid_field_name", f,
			    "表单字段第%zu项的字段名应为1至%d个小写字母、数字或下划线",
			    i + 1, ZW_ITEM_FIELD_NAME);
			goto fail;
		}
		for (j = 0; j < i; j++)
			if (strcmp(zw_json_str(json_array_get(res, j), "name"), name) == 0) {
				rc = zw_items_why(why, "duplicate_field", f,
				    "表单字段第%zu项与第%zu项字段名重复：%s", i + 1, j + 1,
				    name);
				goto fail;
			}
		label = json_string_value(json_object_get(e, "label"));
		snprintf(f, sizeof(f), "fields[%zu].label", i);
		if (label == NULL || !line_ok(label, 100)) {
			rc = zw_items_why(why, "invalid_label", f,
			    "表单字段第%zu项（%s）的显示名称应为1至100个字符的一行文本",
			    i + 1, name);
			goto fail;
		}
		type = json_string_value(json_object_get(e, "type"));
		snprintf(f, sizeof(f), "fields[%zu].type", i);
		if (type == NULL || !type_known(type)) {
			rc = zw_items_why(why, "invalid_field_type", f,
			    "表单字段第%zu项（%s）的类型应为 text、number、date、choice、"
			    "id_number、uscc 或 region", i + 1, name);
			goto fail;
		}
		v = json_object_get(e, "required");
		snprintf(f, sizeof(f), "fields[%zu].required", i);
		if (v != NULL && !json_is_null(v) && !json_is_boolean(v)) {
			rc = zw_items_why(why, "wrong_type", f,
			    "表单字段第%zu项（%s）的“是否必填”应为 true 或 false", i + 1,
			    name);
			goto fail;
		}
		nf = json_pack("{s:s, s:s, s:s, s:b}", "name", name, "label", label,
		    "type", type, "required", v != NULL && json_is_true(v));
		json_array_append_new(res, nf);

		v = json_object_get(e, "options");
		snprintf(f, sizeof(f), "fields[%zu].options", i);
		if (strcmp(type, "choice") == 0) {
			json_t *o;
			size_t m;

			if (!json_is_array(v) || json_array_size(v) == 0 ||
			    json_array_size(v) > ZW_ITEM_MAX_OPTIONS) {
				rc = zw_items_why(why, "options_required", f,
				    "选择字段第%zu项（%s）须有1至%d个选项", i + 1, name,
				    ZW_ITEM_MAX_OPTIONS);
				goto fail;
			}
			opts = json_array();
			json_object_set_new(nf, "options", opts);
			json_array_foreach(v, j, o) {
				if (!json_is_string(o) || !line_ok(json_string_value(o), 100)) {
					rc = zw_items_why(why, "invalid_option", f,
					    "选择字段第%zu项（%s）的第%zu个选项应为1至100个字符"
					    "的一行文本", i + 1, name, j + 1);
					goto fail;
				}
				for (m = 0; m < j; m++)
					if (strcmp(json_string_value(json_array_get(opts, m)),
					    json_string_value(o)) == 0) {
						rc = zw_items_why(why, "duplicate_option", f,
						    "选择字段第%zu项（%s）的选项重复：%s", i + 1,
						    name, json_string_value(o));
						goto fail;
					}
				json_array_append_new(opts, json_string(json_string_value(o)));
			}
		} else if (v != NULL && !json_is_null(v)) {
			rc = zw_items_why(why, "options_not_allowed", f,
			    "只有选择（choice）字段可以设置选项：第%zu项（%s）", i + 1, name);
			goto fail;
		}

		v = json_object_get(e, "max");
		snprintf(f, sizeof(f), "fields[%zu].max", i);
		if (strcmp(type, "text") == 0) {
			json_int_t mx = ZW_ITEM_FIELD_TEXT;

			if (v != NULL && !json_is_null(v)) {
				if (!json_is_integer(v) || json_integer_value(v) < 1 ||
				    json_integer_value(v) > ZW_ITEM_FIELD_MAX_TEXT) {
					rc = zw_items_why(why, "invalid_max", f,
					    "文本字段第%zu项（%s）的最大长度应为1到%d之间的整数",
					    i + 1, name, ZW_ITEM_FIELD_MAX_TEXT);
					goto fail;
				}
				mx = json_integer_value(v);
			}
			json_object_set_new(nf, "max", json_integer(mx));
		} else if (strcmp(type, "number") == 0) {
			if (v != NULL && !json_is_null(v)) {
				if (!json_is_integer(v) || json_integer_value(v) < -999999999999999LL ||
				    json_integer_value(v) > 999999999999999LL) {
					rc = zw_items_why(why, "invalid_max", f,
					    "数字字段第%zu项（%s）的最大值应为整数", i + 1, name);
					goto fail;
				}
				json_object_set_new(nf, "max", json_integer(
				    json_integer_value(v)));
			}
		} else if (v != NULL && !json_is_null(v)) {
			rc = zw_items_why(why, "max_not_allowed", f,
			    "只有文本和数字字段可以设置最大值：第%zu项（%s）", i + 1, name);
			goto fail;
		}
	}
	*out = res;
	return ZW_OK;
fail:
	json_decref(res);
	return rc;
}

/* The value of a form entry as text ("" for null); NULL when it is
 * neither a string nor null (numbers are handled by the caller). */
static const char *
value_text(const json_t *v)
{
	if (v == NULL || json_is_null(v))
		return "";
	return json_string_value(v);
}

/* One value against its field; the field is known to be well-formed. */
static int
check_value(const json_t *fd, const json_t *v, struct zw_why *why)
{
	const char *name = zw_json_str(fd, "name"), *label = zw_json_str(fd, "label");
	const char *type = zw_json_str(fd, "type"), *s;
	struct zw_id_result res;
	char f[ZW_ITEM_FIELD_NAME + 8], today[11];
	double num = 0;

	snprintf(f, sizeof(f), "form.%s", name);
	if (strcmp(type, "number") == 0) {
		json_t *mx = json_object_get(fd, "max");

		if (json_is_integer(v))
			num = (double)json_integer_value(v);
		else if (json_is_real(v))
			num = json_real_value(v);
		else if ((s = value_text(v)) == NULL || !parse_number(s, &num))
			return zw_items_why(why, "invalid_number", f,
			    "「%s」应为数字", label);
		if (!isfinite(num) || fabs(num) >= 1e15)
			return zw_items_why(why, "invalid_number", f,
			    "「%s」应为数字", label);
		if (json_is_integer(mx) && num > (double)json_integer_value(mx))
			return zw_items_why(why, "number_too_large", f,
			    "「%s」不能大于%lld", label,
			    (long long)json_integer_value(mx));
		return ZW_OK;
	}
	if ((s = value_text(v)) == NULL)
		return zw_items_why(why, "wrong_type", f, "「%s」应为文本", label);
	if (strlen(s) != json_string_length(v) || !zw_utf8_valid(s, strlen(s)) ||
	    zw_utf8_has_controls(s, strlen(s)))
		return zw_items_why(why, "invalid_text", f, "「%s」包含无效字符", label);
	if (strcmp(type, "text") == 0) {
		json_int_t mx = json_integer_value(json_object_get(fd, "max"));

		if (mx <= 0)
			mx = ZW_ITEM_FIELD_TEXT;
		if (zw_utf8_chars(s, strlen(s)) > (size_t)mx)
			return zw_items_why(why, "too_long", f,
			    "「%s」不能超过%lld个字符", label, (long long)mx);
		return ZW_OK;
	}
	if (strcmp(type, "date") == 0) {
		zw_date d;

		if (zw_date_parse(s, &d) != ZW_OK)
			return zw_items_why(why, "invalid_date", f,
			    "「%s」应为真实存在的日期，格式为YYYY-MM-DD", label);
		return ZW_OK;
	}
	if (strcmp(type, "choice") == 0) {
		json_t *o;
		size_t i;

		json_array_foreach(json_object_get(fd, "options"), i, o)
			if (json_is_string(o) && strcmp(json_string_value(o), s) == 0)
				return ZW_OK;
		return zw_items_why(why, "invalid_choice", f,
		    "「%s」应从给定选项中选择", label);
	}
	if (strcmp(type, "id_number") == 0) {
		zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
		zw_validate_id_number(s, today, &res);
		if (!res.valid)
			return zw_items_why(why, "invalid_id_number", f,
			    "「%s」不是有效的身份证号码：%s", label, res.reason);
		return ZW_OK;
	}
	if (strcmp(type, "uscc") == 0) {
		zw_validate_uscc(s, &res);
		if (!res.valid)
			return zw_items_why(why, "invalid_uscc", f,
			    "「%s」不是有效的统一社会信用代码：%s", label, res.reason);
		return ZW_OK;
	}
	if (strcmp(type, "region") == 0) {
		zw_validate_region(s, &res);
		if (!res.valid)
			return zw_items_why(why, "invalid_region", f,
			    "「%s」不是有效的行政区划代码：%s", label, res.reason);
		return ZW_OK;
	}
	return zw_items_why(why, "invalid_field_type", f, "「%s」的字段类型无效",
	    label);
}

/* Is v "not given"? */
static bool
empty_value(const json_t *v)
{
	return v == NULL || json_is_null(v) ||
	    (json_is_string(v) && json_string_length(v) == 0);
}

int
zw_item_form_check(const json_t *fields, const json_t *form,
    struct zw_why *why)
{
	const char *k;
	json_t *v, *fd;
	size_t i;
	int rc;

	if (!json_is_array(fields))
		return zw_items_why(why, "invalid_schema", "form", "事项的表单定义无效");
	if (form == NULL || json_is_null(form)) {
		form = NULL;
	} else if (!json_is_object(form)) {
		return zw_items_why(why, "wrong_type", "form", "申请表应为 JSON 对象");
	}
	if (form != NULL)
		json_object_foreach((json_t *)(uintptr_t)form, k, v) {
			bool known = false;

			json_array_foreach(fields, i, fd)
				if (strcmp(zw_json_str(fd, "name"), k) == 0) {
					known = true;
					break;
				}
			if (!known) {
				char f[ZW_ITEM_FIELD_NAME + 8];

				/* echo the key only when it is a plausible name */
				if (name_ok(k))
					snprintf(f, sizeof(f), "form.%s", k);
				else
					snprintf(f, sizeof(f), "form");
				return zw_items_why(why, "unknown_field", f,
				    "申请表含有本事项没有的字段 %.40s", name_ok(k) ? k : "");
			}
		}
	json_array_foreach(fields, i, fd) {
		v = form != NULL ? json_object_get(form, zw_json_str(fd, "name")) : NULL;
		if (empty_value(v)) {
			if (json_is_true(json_object_get(fd, "required"))) {
				char f[ZW_ITEM_FIELD_NAME + 8];

				snprintf(f, sizeof(f), "form.%s", zw_json_str(fd, "name"));
				return zw_items_why(why, "required", f, "请填写「%s」",
				    zw_json_str(fd, "label"));
			}
			continue;
		}
		if ((rc = check_value(fd, v, why)) != ZW_OK)
			return rc;
	}
	return ZW_OK;
}
