/*
 * org.c -- organizations (tree with materialized paths), roles, and the
 * actor helpers every module uses for permissions, scope and audit.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "crypto/sm2.h"
#include "crypto/sm4.h"
#include "org/org.h"
#include "org/org_int.h"

bool
zw_actor_can(const struct zw_actor *who, const char *perm)
{
	char needle[80];

	if (who == NULL || who->perms == NULL)
		return false;
	snprintf(needle, sizeof(needle), ",%s,", perm);
	return strstr(who->perms, needle) != NULL;
}

int
zw_actor_audit(zw_conn *c, const struct zw_actor *who, const char *action,
    const char *object_type, int64_t object_id, const char *result,
    json_t *details)
{
	struct zw_audit_event e;
	char oid[24] = "";
	zw_arena *a = zw_arena_new();
	int rc;

	if (object_id > 0)
		snprintf(oid, sizeof(oid), "%lld", (long long)object_id);
	e.actor_id = who ? who->id : 0;
	e.actor_login = who && who->login ? who->login : "system";
	e.org_id = who ? who->org_id : 0;
	e.action = action;
	e.object_type = object_type;
	e.object_id = oid;
	e.result = result;
	e.ip = who ? who->ip : NULL;
	e.request_id = who ? who->request_id : NULL;
	e.details = details ? zw_json_dump(a, details) : NULL;
	rc = zw_audit_append(c, &e, NULL);
	zw_arena_free(a);
	return rc;
}

/* Check a text field; on a problem fill why and return ZW_EINVAL. */
int
zw_check_text(const char *v, const char *field, bool required,
    size_t maxchars, struct zw_why *why)
{
	size_t n;

	if (v == NULL || *v == '\0') {
		if (!required)
			return ZW_OK;
		ZW_WHY(why, "required", "此项为必填项", field);
		return ZW_EINVAL;
	}
	n = strlen(v);
	if (!zw_utf8_valid(v, n) || zw_utf8_has_controls(v, n)) {
		ZW_WHY(why, "invalid_text", "包含无效字符", field);
		return ZW_EINVAL;
	}
	if (zw_utf8_chars(v, n) > maxchars) {
		ZW_WHY(why, "too_long", "内容过长", field);
		return ZW_EINVAL;
	}
	return ZW_OK;
}

/* Bind the ZW_SCOPE_SQL parameter at i; returns the next index. */
int
zw_bind_scope(zw_stmt *s, int i, const struct zw_actor *who, zw_arena *a)
{
	const char *path = who->org_path && *who->org_path ? who->org_path : "/-/";

	if (who->scope == ZW_SCOPE_ALL)
		zw_bind_text(s, i, "%", 1);
	else if (who->scope == ZW_SCOPE_ORG_TREE)
		zw_bind_text(s, i, zw_aprintf(a, "%s%%", path), (size_t)-1);
	else
		zw_bind_text(s, i, path, (size_t)-1);
	return i + 1;
}

static json_t *
org_row(zw_stmt *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
	json_object_set_new(o, "code", json_string(zw_col_text(s, 1)));
	json_object_set_new(o, "name", json_string(zw_col_text(s, 2)));
	json_object_set_new(o, "short_name", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "uscc", zw_col_isnull(s, 4) ? json_null() :
	    json_string(zw_col_text(s, 4)));
	json_object_set_new(o, "region_code", json_string(zw_col_text(s, 5)));
	json_object_set_new(o, "parent_id", zw_col_isnull(s, 6) ? json_null() :
	    json_integer(zw_col_int(s, 6)));
	json_object_set_new(o, "path", json_string(zw_col_text(s, 7)));
	json_object_set_new(o, "kind", json_string(zw_col_text(s, 8)));
	json_object_set_new(o, "sort_order", json_integer(zw_col_int(s, 9)));
	json_object_set_new(o, "status", json_string(zw_col_text(s, 10)));
	json_object_set_new(o, "parent_name", json_string(zw_col_text(s, 11)));
	json_object_set_new(o, "depth", json_integer(zw_col_int(s, 12)));
	{
		const struct zw_region *rg = zw_region_find(zw_col_text(s, 5));

		json_object_set_new(o, "region_name",
		    json_string(rg ? rg->full_name : ""));
	}
	return o;
}

#define ORG_COLS "o.id, o.code, o.name, o.short_name, o.uscc, o.region_code, " \
	"o.parent_id, o.path, o.kind, o.sort_order, o.status, " \
	"COALESCE(p.name, ''), LENGTH(o.path) - LENGTH(REPLACE(o.path, '/', '')) - 1"

static int
validate_org(const struct zw_org_in *in, bool create, struct zw_why *why)
{
	struct zw_id_result r;
	size_t i;

	if (create || in->code != NULL) {
		if (zw_check_text(in->code, "code", true, ZW_MAX_CODE, why))
			return ZW_EINVAL;
		for (i = 0; in->code[i]; i++) {
			char ch = in->code[i];

			if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
			    (ch >= 'a' && ch <= 'z') || ch == '-' || ch == '_')) {
				ZW_WHY(why, "invalid_code",
				    "机构编码只能包含字母、数字、连字符和下划线", "code");
				return ZW_EINVAL;
			}
		}
	}
	if ((create || in->name != NULL) &&
	    zw_check_text(in->name, "name", true, ZW_MAX_NAME, why))
		return ZW_EINVAL;
	if (in->short_name != NULL &&
	    zw_check_text(in->short_name, "short_name", false, 20, why))
		return ZW_EINVAL;
	if (in->short_name != NULL && *in->short_name) {
		/* 机关代字 is Han characters only (GB/T 9704 §7.2.5 发文字号). */
		const unsigned char *p = (const unsigned char *)in->short_name;

		for (; *p; p++)
			if (*p < 0x80) {
				ZW_WHY(why, "invalid_short_name",
				    "机关代字只能由汉字组成（如：冀政办）", "short_name");
				return ZW_EINVAL;
			}
	}
	if (in->uscc != NULL && *in->uscc) {
		zw_validate_uscc(in->uscc, &r);
		if (!r.valid) {
			ZW_WHY(why, r.code, "统一社会信用代码无效", "uscc");
			return ZW_EINVAL;
		}
	}
	if (create || in->region_code != NULL) {
		if (in->region_code == NULL || *in->region_code == '\0') {
			ZW_WHY(why, "required", "请填写行政区划代码", "region_code");
			return ZW_EINVAL;
		}
		zw_validate_region(in->region_code, &r);
		if (!r.valid) {
			ZW_WHY(why, r.code, "行政区划代码无效（GB/T 2260）", "region_code");
			return ZW_EINVAL;
		}
	}
	if (in->kind != NULL && *in->kind && strcmp(in->kind, "government") &&
	    strcmp(in->kind, "department") && strcmp(in->kind, "unit")) {
		ZW_WHY(why, "invalid_kind", "机构类型应为 government、department 或 unit", "kind");
		return ZW_EINVAL;
	}
	if (in->status != NULL && strcmp(in->status, "active") &&
	    strcmp(in->status, "inactive")) {
		ZW_WHY(why, "invalid_status", "状态应为 active 或 inactive", "status");
		return ZW_EINVAL;
	}
	return ZW_OK;
}

/* Path of an org visible to who (or any when who is NULL). */
static int
org_path(zw_conn *c, int64_t id, char *out, size_t size)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT path FROM orgs WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(out, zw_col_text(s, 0), size);
	zw_reset(s);
	return ZW_OK;
}

/* May who manage an org with this path (its own scope covers it)? */
static bool
in_scope(const struct zw_actor *who, const char *path, int64_t id)
{
	switch (who->scope) {
	case ZW_SCOPE_ALL:
		return true;
	case ZW_SCOPE_ORG_TREE:
		return who->org_path != NULL &&
		    strncmp(path, who->org_path, strlen(who->org_path)) == 0;
	default:
		return id == who->org_id;
	}
}

static json_t *
org_json_in(const struct zw_org_in *in)
{
	json_t *d = json_object();

	if (in->code) json_object_set_new(d, "code", json_string(in->code));
	if (in->name) json_object_set_new(d, "name", json_string(in->name));
	if (in->short_name) json_object_set_new(d, "short_name", json_string(in->short_name));
	if (in->uscc) json_object_set_new(d, "uscc", json_string(in->uscc));
	if (in->region_code) json_object_set_new(d, "region_code", json_string(in->region_code));
	if (in->parent_id >= 0) json_object_set_new(d, "parent_id", json_integer(in->parent_id));
	if (in->kind) json_object_set_new(d, "kind", json_string(in->kind));
	if (in->status) json_object_set_new(d, "status", json_string(in->status));
	return d;
}

int
zw_org_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_org_in *in, const unsigned char *master_key,
    int64_t *id, struct zw_why *why)
{
	char ppath[512] = "/", path[600];
	zw_sm2_key *key = NULL;
	char *priv = NULL, *pub = NULL;
	unsigned char *enc = NULL;
	size_t enclen = 0;
	zw_stmt *s;
	int64_t now = zw_now(), newid = 0;
	int rc;

	if ((rc = validate_org(in, true, why)) != ZW_OK)
		return rc;
	if (in->parent_id > 0) {
		if (org_path(c, in->parent_id, ppath, sizeof(ppath)) != ZW_OK) {
			ZW_WHY(why, "parent_not_found", "上级机构不存在", "parent_id");
			return ZW_EINVAL;
		}
		if (!in_scope(who, ppath, in->parent_id)) {
			ZW_WHY(why, "parent_not_found", "上级机构不存在", "parent_id");
			return ZW_EINVAL;
		}
	} else if (who->scope != ZW_SCOPE_ALL) {
		ZW_WHY(why, "forbidden", "无权创建顶级机构", "parent_id");
		return ZW_EPERM;
	}
	/* Every organization gets its SM2 seal key (private part under SM4). */
	if ((rc = zw_sm2_generate(&key)) != ZW_OK ||
	    (rc = zw_sm2_private_pem(key, &priv)) != ZW_OK ||
	    (rc = zw_sm2_public_pem(key, &pub)) != ZW_OK ||
	    (rc = zw_sm4_seal(master_key, priv, strlen(priv), &enc, &enclen)) != ZW_OK)
		goto out;

	rc = zw_prepare(c, "INSERT INTO orgs (code, name, short_name, uscc, "
	    "region_code, parent_id, kind, sort_order, sm2_public_pem, "
	    "sm2_private_enc, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, in->code, (size_t)-1);
	zw_bind_text(s, 2, in->name, (size_t)-1);
	zw_bind_text(s, 3, in->short_name ? in->short_name : "", (size_t)-1);
	if (in->uscc && *in->uscc)
		zw_bind_text(s, 4, in->uscc, (size_t)-1);
	else
		zw_bind_null(s, 4);
	zw_bind_text(s, 5, in->region_code, (size_t)-1);
	if (in->parent_id > 0)
		zw_bind_int(s, 6, in->parent_id);
	else
		zw_bind_null(s, 6);
	zw_bind_text(s, 7, in->kind && *in->kind ? in->kind : "department", (size_t)-1);
	zw_bind_int(s, 8, in->sort_order);
	zw_bind_text(s, 9, pub, (size_t)-1);
	zw_bind_blob(s, 10, enc, enclen);
	zw_bind_int(s, 11, now);
	zw_bind_int(s, 12, now);
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "duplicate", "机构编码或统一社会信用代码已存在", "code");
		goto out;
	}
	if (rc != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	newid = zw_col_int(s, 0);
	zw_reset(s);
	snprintf(path, sizeof(path), "%s%08lld/", ppath, (long long)newid);
	if ((rc = zw_prepare(c, "UPDATE orgs SET path = ? WHERE id = ?", &s)))
		goto out;
	zw_bind_text(s, 1, path, (size_t)-1);
	zw_bind_int(s, 2, newid);
	if ((rc = zw_step(s)) < 0)
		goto out;
	{
		json_t *d = org_json_in(in);

		rc = zw_actor_audit(c, who, "org.create", "org", newid, "success", d);
		json_decref(d);
	}
	if (rc == ZW_OK && id != NULL)
		*id = newid;
out:
	if (priv != NULL) {
		zw_wipe(priv, strlen(priv));
		zw_free(priv);
	}
	zw_free(pub);
	zw_free(enc);
	zw_sm2_free(key);
	return rc;
}

int
zw_org_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_org_in *in, struct zw_why *why)
{
	char path[512], ppath[512], newpath[600];
	zw_stmt *s;
	int rc;

	if ((rc = validate_org(in, false, why)) != ZW_OK)
		return rc;
	if (org_path(c, id, path, sizeof(path)) != ZW_OK || !in_scope(who, path, id))
		return ZW_ENOTFOUND;
	newpath[0] = '\0';
	if (in->parent_id >= 0) {
		if (in->parent_id == 0) {
			if (who->scope != ZW_SCOPE_ALL) {
				ZW_WHY(why, "forbidden", "无权设为顶级机构", "parent_id");
				return ZW_EPERM;
			}
			snprintf(newpath, sizeof(newpath), "/%08lld/", (long long)id);
		} else {
			if (org_path(c, in->parent_id, ppath, sizeof(ppath)) != ZW_OK ||
			    !in_scope(who, ppath, in->parent_id)) {
				ZW_WHY(why, "parent_not_found", "上级机构不存在", "parent_id");
				return ZW_EINVAL;
			}
			if (strncmp(ppath, path, strlen(path)) == 0) {
				ZW_WHY(why, "cycle", "不能把机构移到它自己或其下级机构之下", "parent_id");
				return ZW_EINVAL;
			}
			snprintf(newpath, sizeof(newpath), "%s%08lld/", ppath, (long long)id);
		}
	}
	rc = zw_prepare(c, "UPDATE orgs SET "
	    "code = COALESCE(?, code), name = COALESCE(?, name), "
	    "short_name = COALESCE(?, short_name), "
	    "uscc = CASE WHEN CAST(? AS INTEGER) = 1 THEN ? ELSE uscc END, "
	    "region_code = COALESCE(?, region_code), kind = COALESCE(?, kind), "
	    "status = COALESCE(?, status), updated_at = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
#define BIND_OPT(i, v) ((v) ? zw_bind_text(s, (i), (v), (size_t)-1) : zw_bind_null(s, (i)))
	BIND_OPT(1, in->code);
	BIND_OPT(2, in->name);
	BIND_OPT(3, in->short_name);
	zw_bind_int(s, 4, in->uscc != NULL);
	if (in->uscc && *in->uscc)
		zw_bind_text(s, 5, in->uscc, (size_t)-1);
	else
		zw_bind_null(s, 5);
	BIND_OPT(6, in->region_code);
	BIND_OPT(7, in->kind && *in->kind ? in->kind : NULL);
	BIND_OPT(8, in->status);
#undef BIND_OPT
	zw_bind_int(s, 9, zw_now());
	zw_bind_int(s, 10, id);
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "duplicate", "机构编码或统一社会信用代码已存在", "code");
		return rc;
	}
	if (rc < 0)
		return rc;
	if (newpath[0] && strcmp(newpath, path) != 0) {
		/* Move the subtree: every descendant path gets the new prefix. */
		rc = zw_prepare(c, "UPDATE orgs SET path = ? || SUBSTR(path, ?), "
		    "parent_id = CASE WHEN id = ? THEN ? ELSE parent_id END "
		    "WHERE path LIKE ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_text(s, 1, newpath, (size_t)-1);
		zw_bind_int(s, 2, (int64_t)strlen(path) + 1);
		zw_bind_int(s, 3, id);
		if (in->parent_id > 0)
			zw_bind_int(s, 4, in->parent_id);
		else
			zw_bind_null(s, 4);
		{
			char like[520];

			snprintf(like, sizeof(like), "%s%%", path);
			zw_bind_text(s, 5, like, (size_t)-1);
		}
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	{
		json_t *d = org_json_in(in);

		rc = zw_actor_audit(c, who, "org.update", "org", id, "success", d);
		json_decref(d);
	}
	return rc;
}

int
zw_org_get(zw_conn *c, const struct zw_actor *who, int64_t id, json_t **out)
{
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT " ORG_COLS ", o.sm2_public_pem, o.created_at, "
	    "o.updated_at FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id "
	    "WHERE o.id = ? AND " ZW_SCOPE_SQL, &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	zw_bind_scope(s, 2, who, a);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	*out = org_row(s);
	json_object_set_new(*out, "public_key_pem", json_string(zw_col_text(s, 13)));
	json_object_set_new(*out, "created_at", json_integer(zw_col_int(s, 14)));
	json_object_set_new(*out, "updated_at", json_integer(zw_col_int(s, 15)));
	zw_reset(s);
	rc = ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_org_list(zw_conn *c, const struct zw_actor *who, const char *q,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next_cursor)
{
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc, i, n = 0;

	/* Cursor = offset in path order (paths change when orgs move). */
	rc = zw_prepare(c, "SELECT " ORG_COLS " FROM orgs o "
	    "LEFT JOIN orgs p ON p.id = o.parent_id WHERE " ZW_SCOPE_SQL
	    " AND (CAST(? AS TEXT) IS NULL OR o.name LIKE ? ESCAPE '!' OR "
	    "o.code LIKE ? ESCAPE '!') "
	    "ORDER BY o.path LIMIT ? OFFSET ?", &s);
	if (rc != ZW_OK)
		goto out;
	i = zw_bind_scope(s, 1, who, a);
	if (q != NULL && *q) {
		char *like = zw_like_contains(a, q);

		zw_bind_text(s, i, q, (size_t)-1);
		zw_bind_text(s, i + 1, like, (size_t)-1);
		zw_bind_text(s, i + 2, like, (size_t)-1);
	} else {
		zw_bind_null(s, i);
		zw_bind_null(s, i + 1);
		zw_bind_null(s, i + 2);
	}
	zw_bind_int(s, i + 3, limit + 1);
	zw_bind_int(s, i + 4, cursor);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next_cursor = cursor + limit;
			zw_reset(s);
			rc = ZW_OK;
			goto out;
		}
		json_array_append_new(*items, org_row(s));
		n++;
	}
	*next_cursor = -1;
out:
	zw_arena_free(a);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_org_list_public(zw_conn *c, json_t **items)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT " ORG_COLS " FROM orgs o "
	    "LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.status = 'active' "
	    "ORDER BY o.path", &s);
	if (rc != ZW_OK)
		return rc;
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *o = org_row(s);

		json_object_del(o, "path");
		json_array_append_new(*items, o);
	}
	return rc < 0 ? rc : ZW_OK;
}

/* Built-in roles.  The three administrators are separate (三员分立):
 * no user may hold two of them, and the audit administrator holds no
 * other role (等保 2.0 §8.1.4.2 d: separate administrator rights). */
static const struct {
	const char *code, *name, *desc, *scope, *perms, *admin_kind;
} builtin_roles[] = {
	{ "sysadmin", "系统管理员", "管理机构、用户和系统配置，不能查看审计日志",
	  "all", ",orgs.read,orgs.manage,users.read,users.manage,roles.read,calendar.manage,"
	  "items.manage,", "system" },
	{ "secadmin", "安全管理员", "管理角色权限和安全策略，解锁账号",
	  "all", ",orgs.read,users.read,users.unlock,roles.read,roles.manage,", "security" },
	{ "auditadmin", "安全审计员", "查询和导出审计日志，不能修改任何数据",
	  "all", ",orgs.read,audit.read,roles.read,", "audit" },
	{ "leader", "单位领导", "本单位及下级单位的审阅、签发",
	  "org_tree", ",orgs.read,users.read,documents.read,documents.draft,"
	  "documents.review,documents.sign_off,documents.receive,"
	  "items.manage,approvals.read,approvals.handle,approvals.decide,approvals.extend,"
	  "registry.read,portal.publish,letters.handle,disclosure.handle,"
	  "disclosure.extend,exchange.publish,catalog.edit,clients.manage,"
	  "surveys.manage,", "" },
	{ "clerk", "办事人员", "本单位日常业务办理",
	  "org", ",orgs.read,users.read,documents.read,documents.draft,"
	  "documents.issue,documents.receive,documents.archive,"
	  "approvals.read,approvals.handle,registry.read,portal.edit,letters.handle,"
	  "disclosure.handle,exchange.publish,catalog.edit,", "" },
	{ "supervisor", "监察人员", "电子监察，查看全部办件",
	  "all", ",orgs.read,users.read,approvals.read,supervision.read,"
	  "supervision.manage,", "" },
	{ "registry_admin", "数据管理员", "维护人口、法人基础库：导入、质量检查、查看明文和变更历史",
	  "all", ",orgs.read,registry.read,registry.manage,registry.clear,"
	  "exchange.publish,exchange.read,catalog.manage,catalog.edit,", "" },
};

int
zw_roles_seed(zw_conn *c)
{
	zw_stmt *s;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(builtin_roles) / sizeof(builtin_roles[0]); i++) {
		rc = zw_prepare(c, "INSERT INTO roles (code, name, description, "
		    "data_scope, permissions, admin_kind, builtin) "
		    "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (code) DO NOTHING", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_text(s, 1, builtin_roles[i].code, (size_t)-1);
		zw_bind_text(s, 2, builtin_roles[i].name, (size_t)-1);
		zw_bind_text(s, 3, builtin_roles[i].desc, (size_t)-1);
		zw_bind_text(s, 4, builtin_roles[i].scope, (size_t)-1);
		zw_bind_text(s, 5, builtin_roles[i].perms, (size_t)-1);
		zw_bind_text(s, 6, builtin_roles[i].admin_kind, (size_t)-1);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	return ZW_OK;
}

int
zw_scope_from_text(const char *s)
{
	if (strcmp(s, "all") == 0)
		return ZW_SCOPE_ALL;
	if (strcmp(s, "org_tree") == 0)
		return ZW_SCOPE_ORG_TREE;
	if (strcmp(s, "org") == 0)
		return ZW_SCOPE_ORG;
	return ZW_SCOPE_SELF;
}

int
zw_role_list(zw_conn *c, json_t **items)
{
	static const char *scope_names[] = { "本人", "本单位", "本单位及下级", "全部" };
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT id, code, name, description, data_scope, "
	    "permissions, admin_kind, builtin FROM roles ORDER BY id", &s);
	if (rc != ZW_OK)
		return rc;
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *o = json_object(), *perms = json_array();
		const char *p = zw_col_text(s, 5);

		while (*p) {
			const char *e = strchr(p + 1, ',');

			if (e == NULL)
				break;
			if (e > p + 1)
				json_array_append_new(perms,
				    json_stringn(p + 1, (size_t)(e - p - 1)));
			p = e;
		}
		json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
		json_object_set_new(o, "code", json_string(zw_col_text(s, 1)));
		json_object_set_new(o, "name", json_string(zw_col_text(s, 2)));
		json_object_set_new(o, "description", json_string(zw_col_text(s, 3)));
		json_object_set_new(o, "data_scope", json_string(zw_col_text(s, 4)));
		json_object_set_new(o, "data_scope_name", json_string(
		    scope_names[zw_scope_from_text(zw_col_text(s, 4))]));
		json_object_set_new(o, "permissions", perms);
		json_object_set_new(o, "admin_kind", json_string(zw_col_text(s, 6)));
		json_object_set_new(o, "builtin", json_boolean(zw_col_int(s, 7)));
		json_array_append_new(*items, o);
	}
	return rc < 0 ? rc : ZW_OK;
}
