/*
 * resources.c -- catalog entries (standards.md §5 核心元数据): metadata
 * validation, drafts, review and publication as kept versions,
 * browsing.
 *
 * The working copy lives in catalog_resources.doc; a publication copies
 * it into catalog_versions under the next number and repeats its
 * browsing columns (name, class, share type) on the resource.  What a
 * reader of the catalog sees is always a published version.
 */
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "catalog/cat_int.h"

static const char *const share_types[] = { ZW_SHARE_UNCONDITIONAL,
    ZW_SHARE_CONDITIONAL, ZW_SHARE_NONE, NULL };
static const char *const share_methods[] = { "api", "file", "subscription",
    NULL };
static const char *const open_attrs[] = { "open", "conditional", "not_open",
    NULL };
static const char *const cycles[] = { "realtime", "daily", "weekly", "monthly",
    "quarterly", "yearly", "irregular", NULL };
static const char *const item_types[] = { "string", "number", "date",
    "datetime", "boolean", "binary", NULL };
static const char *const known_keys[] = { "code", "name", "class_code",
    "provider_org_code", "abstract", "format", "items", "share_type",
    "share_condition", "legal_basis", "share_method", "open_attr",
    "update_cycle", "related", NULL };

bool
cat_text_ok(const char *s, size_t max, bool allow_empty)
{
	size_t n;

	if (s == NULL)
		return allow_empty;
	n = strlen(s);
	if (n == 0)
		return allow_empty;
	if (!zw_utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n')
			return false;
	return zw_utf8_chars(s, n) <= max;
}

static bool
one_of(const char *s, const char *const *set)
{
	for (; s != NULL && *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* An item code: a lowercase letter, then letters, digits, '_'. */
static bool
code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > ZW_CAT_MAX_ITEM_NAME || s[0] < 'a' || s[0] > 'z')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return false;
	return true;
}

static int
bad(struct zw_why *why, const char *code, const char *msg, const char *field)
{
	ZW_WHY(why, code, msg, field);
	return ZW_EINVAL;
}

static int
validate_items(const json_t *items, struct zw_why *why)
{
	const json_t *it;
	size_t i, j;

	if (!json_is_array(items) || json_array_size(items) == 0)
		return bad(why, "items_required", "请至少列出一个信息项", "items");
	if (json_array_size(items) > ZW_CAT_MAX_ITEMS)
		return bad(why, "too_many_items", "一个信息资源最多100个信息项", "items");
	json_array_foreach(items, i, it) {
		const char *code = zw_json_str(it, "code"), *name = zw_json_str(it, "name"),
		    *type = zw_json_str(it, "type");
		const json_t *len = json_object_get(it, "length"),
		    *pers = json_object_get(it, "personal");

		if (!json_is_object(it) || code == NULL || !code_ok(code))
			return bad(why, "bad_item_code", "信息项代码应为小写字母开头的字母、"
			    "数字或下划线（不超过50个字符）", "items");
		for (j = 0; j < i; j++)
			if (strcmp(code, zw_json_str(json_array_get(items, j), "code")) == 0)
				return bad(why, "duplicate_item", "信息项代码重复", "items");
		if (!cat_text_ok(name, ZW_CAT_MAX_ITEM_NAME, false))
			return bad(why, "bad_item_name", "请填写信息项名称（不超过50个字符）",
			    "items");
		if (!one_of(type, item_types))
			return bad(why, "bad_item_type", "信息项数据类型应为字符型、数值型、"
			    "日期型、日期时间型、布尔型或二进制", "items");
		if (len != NULL && (!json_is_integer(len) || json_integer_value(len) < 0 ||
		    json_integer_value(len) > ZW_CAT_MAX_ITEM_LEN))
			return bad(why, "bad_item_length", "信息项长度应为0到100000的整数",
			    "items");
		if (pers != NULL && !json_is_boolean(pers))
			return bad(why, "bad_item_personal", "是否个人信息应为是或否", "items");
	}
	return ZW_OK;
}

int
zw_catalog_validate(const json_t *in, struct zw_why *why)
{
	const char *code = zw_json_str(in, "code"), *cls = zw_json_str(in, "class_code"),
	    *st = zw_json_str(in, "share_type");
	const json_t *rel = json_object_get(in, "related"), *v;
	const char *k;
	size_t i;
	int rc;

	if (!json_is_object(in))
		return bad(why, "invalid", "目录信息应为对象", NULL);
	json_object_foreach((json_t *)(uintptr_t)in, k, v) {
		if (!one_of(k, known_keys))
			return bad(why, "unknown_field", "目录信息含有未知字段", k);
		if (strcmp(k, "items") && strcmp(k, "related") && !json_is_string(v))
			return bad(why, "wrong_type", "字段应为文本", k);
	}
	if (!cat_text_ok(zw_json_str(in, "name"), ZW_CAT_MAX_NAME, false))
		return bad(why, "name_required", "请填写信息资源名称（不超过100个字符）",
		    "name");
	/* §5: 分类码 = 类 (1 digit) + 项 (2) + 目 (3) + 细目 (variable) */
	if (cls == NULL || strlen(cls) < 6 || strlen(cls) > ZW_CAT_MAX_CODE ||
	    !all_digits(cls) || cls[0] == '0')
		return bad(why, "bad_class_code", "信息资源分类码应为数字：类1位、项2位、"
		    "目3位，细目可选", "class_code");
	/* §5: 信息资源代码 = 分类码 + 顺序码 */
	if (code == NULL || strlen(code) > ZW_CAT_MAX_CODE ||
	    strncmp(code, cls, strlen(cls)) != 0 || strlen(code) == strlen(cls) ||
	    !all_digits(code))
		return bad(why, "bad_code", "信息资源代码应为分类码加顺序码（数字）", "code");
	if (!cat_text_ok(zw_json_str(in, "abstract"), ZW_CAT_MAX_TEXT, false))
		return bad(why, "abstract_required", "请填写信息资源摘要", "abstract");
	if (!cat_text_ok(zw_json_str(in, "format"), ZW_CAT_MAX_ITEM_NAME, false))
		return bad(why, "format_required", "请填写信息资源格式", "format");
	if ((rc = validate_items(json_object_get(in, "items"), why)) != ZW_OK)
		return rc;
	if (!one_of(st, share_types))
		return bad(why, "bad_share_type", "共享类型应为无条件共享、有条件共享或"
		    "不予共享", "share_type");
	if (!cat_text_ok(zw_json_str(in, "share_condition"), ZW_CAT_MAX_TEXT, true) ||
	    !cat_text_ok(zw_json_str(in, "legal_basis"), ZW_CAT_MAX_TEXT, true))
		return bad(why, "bad_text", "共享条件和依据不超过2000个字符", "legal_basis");
	/* §5: conditional or withheld classes need a basis in law,
	 * administrative regulation or central policy */
	if (strcmp(st, ZW_SHARE_UNCONDITIONAL) != 0 &&
	    !cat_text_ok(zw_json_str(in, "legal_basis"), ZW_CAT_MAX_TEXT, false))
		return bad(why, "basis_required", strcmp(st, ZW_SHARE_NONE) == 0 ?
		    "不予共享的信息资源须注明法律、行政法规或党中央、国务院政策依据" :
		    "有条件共享的信息资源须注明法律、行政法规或党中央、国务院政策依据",
		    "legal_basis");
	if (strcmp(st, ZW_SHARE_CONDITIONAL) == 0 &&
	    !cat_text_ok(zw_json_str(in, "share_condition"), ZW_CAT_MAX_TEXT, false))
		return bad(why, "condition_required", "有条件共享的信息资源须注明共享条件",
		    "share_condition");
	if (strcmp(st, ZW_SHARE_NONE) != 0 &&
	    !one_of(zw_json_str(in, "share_method"), share_methods))
		return bad(why, "bad_share_method", "共享方式应为接口查询、批量文件或订阅",
		    "share_method");
	if (!one_of(zw_json_str(in, "open_attr"), open_attrs))
		return bad(why, "bad_open_attr", "开放属性应为无条件开放、有条件开放或不予开放",
		    "open_attr");
	if (!one_of(zw_json_str(in, "update_cycle"), cycles))
		return bad(why, "bad_update_cycle", "更新周期应为实时、每日、每周、每月、"
		    "每季度、每年或不定期", "update_cycle");
	if (rel != NULL) {
		if (!json_is_array(rel) || json_array_size(rel) > ZW_CAT_MAX_RELATED)
			return bad(why, "bad_related", "关联资源代码应为不超过20个代码的列表",
			    "related");
		json_array_foreach(rel, i, v)
			if (!json_is_string(v) || !all_digits(json_string_value(v)) ||
			    json_string_length(v) > ZW_CAT_MAX_CODE)
				return bad(why, "bad_related", "关联资源代码应为信息资源代码",
				    "related");
	}
	return ZW_OK;
}

int
cat_org_by_code(zw_conn *c, zw_arena *a, const char *code, int64_t *id,
    const char **name)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT id, name FROM orgs WHERE code = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_text(s, 1, code, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*id = zw_col_int(s, 0);
	if (name != NULL)
		*name = zw_astrdup(a, zw_col_text(s, 1));
	zw_reset(s);
	return ZW_OK;
}

/* The stored document: the input's known fields plus the provider. */
static json_t *
stored_doc(zw_conn *c, const json_t *in, int64_t org_id, int *rc)
{
	json_t *d = json_object(), *v;
	const char *k;
	zw_stmt *s;

	json_object_foreach((json_t *)(uintptr_t)in, k, v)
		if (strcmp(k, "provider_org_code") != 0)
			json_object_set_new(d, k, json_deep_copy(v));
	if (json_object_get(d, "related") == NULL)
		json_object_set_new(d, "related", json_array());
	if (json_object_get(d, "share_condition") == NULL)
		json_object_set_new(d, "share_condition", json_string(""));
	if (json_object_get(d, "legal_basis") == NULL)
		json_object_set_new(d, "legal_basis", json_string(""));
	if (json_object_get(d, "share_method") == NULL)
		json_object_set_new(d, "share_method", json_string(""));
	/* items: fill defaults so every stored item is complete */
	{
		json_t *items = json_object_get(d, "items"), *it;
		size_t i;

		json_array_foreach(items, i, it) {
			if (json_object_get(it, "length") == NULL)
				json_object_set_new(it, "length", json_integer(0));
			if (json_object_get(it, "personal") == NULL)
				json_object_set_new(it, "personal", json_false());
		}
	}
	*rc = zw_prepare(c, "SELECT code, name, COALESCE(uscc, '') FROM orgs "
	    "WHERE id = ?", &s);
	if (*rc != ZW_OK) {
		json_decref(d);
		return NULL;
	}
	zw_bind_int(s, 1, org_id);
	if ((*rc = zw_step(s)) != ZW_ROW) {
		*rc = *rc < 0 ? *rc : ZW_ENOTFOUND;
		json_decref(d);
		return NULL;
	}
	json_object_set_new(d, "provider_org_id", json_integer(org_id));
	json_object_set_new(d, "provider_org_code", json_string(zw_col_text(s, 0)));
	json_object_set_new(d, "provider_name", json_string(zw_col_text(s, 1)));
	/* 信息资源提供方代码: the provider's USCC, else its code */
	json_object_set_new(d, "provider_code", json_string(*zw_col_text(s, 2) ?
	    zw_col_text(s, 2) : zw_col_text(s, 0)));
	zw_reset(s);
	*rc = ZW_OK;
	return d;
}

int
zw_catalog_create(zw_conn *c, const struct zw_actor *who, const json_t *in,
    int64_t *id, struct zw_why *why)
{
	const char *pcode = zw_json_str(in, "provider_org_code");
	int64_t org = who->org_id, now = zw_now();
	zw_arena *a;
	json_t *d, *det;
	zw_stmt *s;
	int rc;

	if ((rc = zw_catalog_validate(in, why)) != ZW_OK)
		return rc;
	a = zw_arena_new();
	if (pcode != NULL && *pcode) {
		if (!zw_actor_can(who, "catalog.manage")) {
			ZW_WHY(why, "forbidden", "只有目录管理员可以为其他单位编目",
			    "provider_org_code");
			rc = ZW_EPERM;
			goto out;
		}
		if ((rc = cat_org_by_code(c, a, pcode, &org, NULL)) == ZW_ENOTFOUND) {
			ZW_WHY(why, "unknown_org", "没有该提供单位", "provider_org_code");
			rc = ZW_EINVAL;
			goto out;
		} else if (rc != ZW_OK)
			goto out;
	} else if (!zw_actor_can(who, "catalog.edit") || org <= 0) {
		ZW_WHY(why, "forbidden", "没有编制信息资源目录的权限", NULL);
		rc = ZW_EPERM;
		goto out;
	}
	if ((d = stored_doc(c, in, org, &rc)) == NULL)
		goto out;
	rc = zw_prepare(c, "INSERT INTO catalog_resources (code, provider_org_id, "
	    "status, doc, name, class_code, share_type, created_by, created_at, "
	    "updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc == ZW_OK) {
		zw_bind_text(s, 1, zw_json_str(in, "code"), (size_t)-1);
		zw_bind_int(s, 2, org);
		zw_bind_text(s, 3, zw_json_dump(a, d), (size_t)-1);
		zw_bind_text(s, 4, zw_json_str(in, "name"), (size_t)-1);
		zw_bind_text(s, 5, zw_json_str(in, "class_code"), (size_t)-1);
		zw_bind_text(s, 6, zw_json_str(in, "share_type"), (size_t)-1);
		zw_bind_int(s, 7, who->id);
		zw_bind_int(s, 8, now);
		zw_bind_int(s, 9, now);
		rc = zw_step(s);
		if (rc == ZW_ROW) {
			*id = zw_col_int(s, 0);
			zw_reset(s);
			rc = ZW_OK;
		} else if (rc == ZW_ECONFLICT || rc == ZW_OK) {
			ZW_WHY(why, "duplicate_code", "该信息资源代码已被使用", "code");
			rc = rc == ZW_OK ? ZW_EDB : ZW_ECONFLICT;
		}
	}
	json_decref(d);
	if (rc != ZW_OK)
		goto out;
	det = json_pack("{s:s, s:s}", "code", zw_json_str(in, "code"), "name",
	    zw_json_str(in, "name"));
	rc = zw_actor_audit(c, who, "catalog.create", "catalog_resource", *id,
	    "success", det);
	json_decref(det);
out:
	zw_arena_free(a);
	return rc;
}

int
cat_resource_head(zw_conn *c, zw_arena *a, int64_t id, int64_t *provider,
    const char **share_type, const char **doc, int *published_version)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT r.provider_org_id, r.share_type, "
	    "COALESCE(v.doc, r.doc), r.published_version FROM catalog_resources r "
	    "LEFT JOIN catalog_versions v ON v.resource_id = r.id AND "
	    "v.version = r.published_version WHERE r.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*provider = zw_col_int(s, 0);
	*share_type = zw_astrdup(a, zw_col_text(s, 1));
	*doc = zw_astrdup(a, zw_col_text(s, 2));
	*published_version = (int)zw_col_int(s, 3);
	zw_reset(s);
	return ZW_OK;
}

const char *
cat_item_codes(zw_arena *a, const char *doc)
{
	json_t *d = json_loads(doc, 0, NULL), *it;
	zw_buf b;
	const char *out;
	size_t i;

	zw_buf_init(&b, CAT_LIST_MAX);
	zw_buf_putc(&b, ',');
	json_array_foreach(json_object_get(d, "items"), i, it) {
		zw_buf_puts(&b, zw_json_str(it, "code"));
		zw_buf_putc(&b, ',');
	}
	json_decref(d);
	out = zw_astrndup(a, b.p, b.len);
	zw_buf_free(&b);
	return out;
}

/* The working copy's provider and status; EPERM unless the actor is the
 * provider (catalog.edit) or the administrator. */
static int
editable(zw_conn *c, const struct zw_actor *who, int64_t id, char status[16],
    int64_t *provider, struct zw_why *why)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT provider_org_id, status FROM catalog_resources "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*provider = zw_col_int(s, 0);
	(void)zw_strlcpy(status, zw_col_text(s, 1), 16);
	zw_reset(s);
	if (zw_actor_can(who, "catalog.manage") ||
	    (zw_actor_can(who, "catalog.edit") && who->org_id == *provider))
		return ZW_OK;
	ZW_WHY(why, "forbidden", "只有提供单位和目录管理员可以修改该目录", NULL);
	return ZW_EPERM;
}

int
zw_catalog_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const json_t *in, struct zw_why *why)
{
	char status[16];
	int64_t provider;
	zw_arena *a;
	json_t *d;
	zw_stmt *s;
	int rc;

	if ((rc = editable(c, who, id, status, &provider, why)) != ZW_OK)
		return rc;
	if (json_object_get(in, "provider_org_code") != NULL) {
		ZW_WHY(why, "provider_fixed", "提供单位不能修改", "provider_org_code");
		return ZW_EINVAL;
	}
	if ((rc = zw_catalog_validate(in, why)) != ZW_OK)
		return rc;
	a = zw_arena_new();
	if ((d = stored_doc(c, in, provider, &rc)) == NULL)
		goto out;
	/* the code of a published resource is its identity: fixed */
	rc = zw_prepare(c, "UPDATE catalog_resources SET doc = ?, status = 'draft', "
	    "code = CASE WHEN published_version = 0 THEN ? ELSE code END, "
	    "updated_at = ? WHERE id = ?", &s);
	if (rc == ZW_OK) {
		zw_bind_text(s, 1, zw_json_dump(a, d), (size_t)-1);
		zw_bind_text(s, 2, zw_json_str(in, "code"), (size_t)-1);
		zw_bind_int(s, 3, zw_now());
		zw_bind_int(s, 4, id);
		rc = zw_step(s);
		if (rc == ZW_ECONFLICT)
			ZW_WHY(why, "duplicate_code", "该信息资源代码已被使用", "code");
		else if (rc >= 0)
			rc = zw_actor_audit(c, who, "catalog.update", "catalog_resource",
			    id, "success", NULL);
	}
	json_decref(d);
out:
	zw_arena_free(a);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_catalog_submit(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why)
{
	char status[16];
	int64_t provider;
	zw_stmt *s;
	int rc;

	if ((rc = editable(c, who, id, status, &provider, why)) != ZW_OK)
		return rc;
	if (strcmp(status, "draft") != 0) {
		ZW_WHY(why, "not_draft", "只有草稿可以提交审核", NULL);
		return ZW_ESTATE;
	}
	rc = zw_prepare(c, "UPDATE catalog_resources SET status = 'pending', "
	    "updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	return zw_actor_audit(c, who, "catalog.submit", "catalog_resource", id,
	    "success", NULL);
}

int
zw_catalog_publish(zw_conn *c, const struct zw_actor *who, int64_t id,
    int *version, struct zw_why *why)
{
	char status[16], today[16];
	int64_t provider, now = zw_now();
	const char *st, *doc;
	json_t *d, *det;
	zw_arena *a;
	zw_stmt *s;
	int rc, pv;

	if (!zw_actor_can(who, "catalog.manage")) {
		ZW_WHY(why, "forbidden", "只有目录管理员可以发布信息资源目录", NULL);
		return ZW_EPERM;
	}
	if ((rc = editable(c, who, id, status, &provider, why)) != ZW_OK)
		return rc;
	if (strcmp(status, "published") == 0) {
		ZW_WHY(why, "already_published", "当前内容已经发布，没有待发布的修改", NULL);
		return ZW_ESTATE;
	}
	a = zw_arena_new();
	rc = zw_prepare(c, "SELECT doc, published_version, name, class_code, "
	    "share_type FROM catalog_resources WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	doc = zw_astrdup(a, zw_col_text(s, 0));
	pv = (int)zw_col_int(s, 1) + 1;
	zw_reset(s);
	d = json_loads(doc, 0, NULL);
	if (d == NULL) {
		rc = ZW_EDB;
		goto out;
	}
	zw_date_fmt(zw_date_of(now), today, sizeof(today));
	json_object_set_new(d, "version", json_integer(pv));
	json_object_set_new(d, "publish_date", json_string(today));
	doc = zw_json_dump(a, d);
	st = zw_json_str(d, "share_type");
	rc = zw_prepare(c, "INSERT INTO catalog_versions (resource_id, version, doc, "
	    "published_at, published_by) VALUES (?, ?, ?, ?, ?)", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, id);
		zw_bind_int(s, 2, pv);
		zw_bind_text(s, 3, doc, (size_t)-1);
		zw_bind_int(s, 4, now);
		zw_bind_int(s, 5, who->id);
		rc = zw_step(s);
	}
	if (rc >= 0)
		rc = zw_prepare(c, "UPDATE catalog_resources SET status = 'published', "
		    "published_version = ?, published_at = ?, name = ?, class_code = ?, "
		    "share_type = ?, code = ?, updated_at = ? WHERE id = ?", &s);
	if (rc >= 0) {
		zw_bind_int(s, 1, pv);
		zw_bind_int(s, 2, now);
		zw_bind_text(s, 3, zw_json_str(d, "name"), (size_t)-1);
		zw_bind_text(s, 4, zw_json_str(d, "class_code"), (size_t)-1);
		zw_bind_text(s, 5, st, (size_t)-1);
		zw_bind_text(s, 6, zw_json_str(d, "code"), (size_t)-1);
		zw_bind_int(s, 7, now);
		zw_bind_int(s, 8, id);
		rc = zw_step(s);
	}
	json_decref(d);
	if (rc < 0)
		goto out;
	det = json_pack("{s:i}", "version", pv);
	rc = zw_actor_audit(c, who, "catalog.publish", "catalog_resource", id,
	    "success", det);
	json_decref(det);
	if (version != NULL)
		*version = pv;
out:
	zw_arena_free(a);
	return rc;
}

static bool
may_see_draft(const struct zw_actor *who, int64_t provider)
{
	return zw_actor_can(who, "catalog.manage") ||
	    (zw_actor_can(who, "catalog.edit") && who->org_id == provider);
}

int
zw_catalog_get(zw_conn *c, const struct zw_actor *who, int64_t id, json_t **out)
{
	json_t *o, *vers, *grants, *pub = NULL;
	int64_t provider;
	zw_stmt *s;
	int rc, pv;

	*out = NULL;
	rc = zw_prepare(c, "SELECT r.doc, r.status, r.published_version, "
	    "r.provider_org_id, v.doc FROM catalog_resources r LEFT JOIN "
	    "catalog_versions v ON v.resource_id = r.id AND v.version = "
	    "r.published_version WHERE r.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	pv = (int)zw_col_int(s, 2);
	provider = zw_col_int(s, 3);
	if (pv == 0 && !may_see_draft(who, provider)) {
		zw_reset(s);
		return ZW_ENOTFOUND;
	}
	o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "status", json_string(zw_col_text(s, 1)));
	json_object_set_new(o, "published_version", json_integer(pv));
	if (may_see_draft(who, provider))
		json_object_set_new(o, "draft", json_loads(zw_col_text(s, 0), 0, NULL));
	if (!zw_col_isnull(s, 4))
		pub = json_loads(zw_col_text(s, 4), 0, NULL);
	json_object_set_new(o, "published", pub ? pub : json_null());
	zw_reset(s);
	/* versions */
	vers = json_array();
	json_object_set_new(o, "versions", vers);
	rc = zw_prepare(c, "SELECT v.version, v.published_at, COALESCE(u.name, '') "
	    "FROM catalog_versions v LEFT JOIN users u ON u.id = v.published_by "
	    "WHERE v.resource_id = ? ORDER BY v.version DESC", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_int(s, 1, id);
	while ((rc = zw_step(s)) == ZW_ROW) {
		char ts[32];

		zw_time_rfc3339(zw_col_int(s, 1), ts, sizeof(ts));
		json_array_append_new(vers, json_pack("{s:I, s:s, s:s}", "version",
		    (json_int_t)zw_col_int(s, 0), "published_at", ts, "published_by",
		    zw_col_text(s, 2)));
	}
	if (rc < 0)
		goto fail;
	/* who holds grants (live or not) */
	grants = json_array();
	json_object_set_new(o, "grants", grants);
	rc = zw_prepare(c, "SELECT g.id, o.name, COALESCE(k.name, ''), g.items, "
	    "g.expires_on, g.expires_at, g.status FROM share_grants g JOIN orgs o "
	    "ON o.id = g.consumer_org_id LEFT JOIN api_clients k ON k.id = "
	    "g.client_id WHERE g.resource_id = ? ORDER BY g.id", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_int(s, 1, id);
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(grants, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}",
		    "id", (json_int_t)zw_col_int(s, 0), "org_name", zw_col_text(s, 1),
		    "client_name", zw_col_text(s, 2), "items", zw_col_text(s, 3),
		    "expires_on", zw_col_text(s, 4), "live",
		    zw_col_int(s, 5) > zw_now() && strcmp(zw_col_text(s, 6), "active") == 0));
	if (rc < 0)
		goto fail;
	json_object_set_new(o, "can_edit", json_boolean(may_see_draft(who, provider)));
	json_object_set_new(o, "can_publish", json_boolean(zw_actor_can(who,
	    "catalog.manage")));
	*out = o;
	return ZW_OK;
fail:
	json_decref(o);
	return rc;
}

int
zw_catalog_version(zw_conn *c, int64_t id, int version, json_t **out)
{
	zw_stmt *s;
	int rc;

	*out = NULL;
	rc = zw_prepare(c, "SELECT doc FROM catalog_versions WHERE resource_id = ? "
	    "AND version = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, version);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*out = json_loads(zw_col_text(s, 0), 0, NULL);
	zw_reset(s);
	return *out ? ZW_OK : ZW_EDB;
}

int
zw_catalog_list(zw_conn *c, const struct zw_actor *who,
    const struct zw_catalog_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next_cursor)
{
	zw_arena *a = zw_arena_new();
	const char *like = f->q && *f->q ? zw_like_contains(a, f->q) : "%";
	const char *cls = f->class_prefix ? f->class_prefix : "";
	int64_t n = 0, last = 0;
	zw_stmt *s;
	int rc;

	*items = json_array();
	*next_cursor = -1;
	/* ordered by id so that the cursor is simple; codes are assigned
	 * in class order anyway */
	rc = zw_prepare(c, "SELECT r.id, r.code, COALESCE(v.doc, r.doc), r.status, "
	    "r.published_version, r.provider_org_id, o.name FROM catalog_resources r "
	    "JOIN orgs o ON o.id = r.provider_org_id LEFT JOIN catalog_versions v "
	    "ON v.resource_id = r.id AND v.version = r.published_version "
	    "WHERE (? = 0 OR r.provider_org_id = ?) AND r.class_code LIKE ? "
	    "AND (CAST(? AS TEXT) = '' OR r.share_type = ?) "
	    "AND (r.name LIKE ? OR r.code LIKE ?) AND (? = 0 OR r.id > ?) "
	    "AND (r.published_version > 0 OR (? = 1 AND (? = 1 OR "
	    "r.provider_org_id = ?))) ORDER BY r.id LIMIT ?", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_int(s, 1, f->org_id);
	zw_bind_int(s, 2, f->org_id);
	zw_bind_text(s, 3, zw_aprintf(a, "%s%%", cls), (size_t)-1);
	zw_bind_text(s, 4, f->share_type ? f->share_type : "", (size_t)-1);
	zw_bind_text(s, 5, f->share_type ? f->share_type : "", (size_t)-1);
	zw_bind_text(s, 6, like, (size_t)-1);
	zw_bind_text(s, 7, like, (size_t)-1);
	zw_bind_int(s, 8, cursor);
	zw_bind_int(s, 9, cursor);
	zw_bind_int(s, 10, f->drafts && (zw_actor_can(who, "catalog.edit") ||
	    zw_actor_can(who, "catalog.manage")) ? 1 : 0);
	zw_bind_int(s, 11, zw_actor_can(who, "catalog.manage") ? 1 : 0);
	zw_bind_int(s, 12, who->org_id);
	zw_bind_int(s, 13, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *d, *o;

		if (n == limit) {
			*next_cursor = last;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		last = zw_col_int(s, 0);
		d = json_loads(zw_col_text(s, 2), 0, NULL);
		o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, "
		    "s:s, s:s, s:I}",
		    "id", (json_int_t)last, "code", zw_json_str(d, "code"),
		    "name", zw_json_str(d, "name"), "class_code",
		    zw_json_str(d, "class_code"), "share_type",
		    zw_json_str(d, "share_type"), "legal_basis",
		    zw_json_str(d, "legal_basis"), "share_method",
		    zw_json_str(d, "share_method"), "provider_name", zw_col_text(s, 6),
		    "provider_org_id", (json_int_t)zw_col_int(s, 5),
		    "status", zw_col_text(s, 3), "published_version",
		    (json_int_t)zw_col_int(s, 4), "update_cycle",
		    zw_json_str(d, "update_cycle"), "publish_date",
		    zw_json_str(d, "publish_date") ? zw_json_str(d, "publish_date") : "",
		    "items_count", (json_int_t)json_array_size(json_object_get(d, "items")));
		json_decref(d);
		json_array_append_new(*items, o);
		n++;
	}
	if (rc < 0)
		goto fail;
	zw_arena_free(a);
	return ZW_OK;
fail:
	zw_arena_free(a);
	json_decref(*items);
	*items = NULL;
	return rc;
}

int
zw_catalog_registry_resource(zw_conn *c, const char *registry, int64_t *id)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT id FROM catalog_resources WHERE registry = ? "
	    "AND published_version > 0 ORDER BY id LIMIT 1", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, registry, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}
