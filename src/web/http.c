/*
 * http.c -- request accessors and response builders used by handlers:
 * JSON, error bodies in the API's one shape, pages through templates,
 * redirects and cookies; JSON field validators with Chinese messages.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "web/http.h"
#include "web/ratelimit.h"
#include "web/route.h"
#include "web/server.h"

const char *
zw_header(zw_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn_handle, MHD_HEADER_KIND, name);
}

const char *
zw_query(zw_req *r, const char *name)
{
	return zw_kv_get(r->query, r->nquery, name);
}

const char *
zw_form(zw_req *r, const char *name)
{
	return zw_kv_get(r->form, r->nform, name);
}

static void
put_conn(void *p)
{
	zw_conn_put(p);
}

zw_conn *
zw_db_conn(zw_req *r)
{
	if (r->db != NULL)
		return r->db;
	if (zw_conn_get(r->app->db, (int)zw_config_int(r->app->conf,
	    "db_wait_ms"), &r->db) != ZW_OK) {
		r->db = NULL;
		zw_set_header(r, "Retry-After", "1");
		zw_fail(r, 503, "overloaded", "服务器繁忙，请稍后重试", NULL);
		return NULL;
	}
	zw_defer(r->a, put_conn, r->db);
	return r->db;
}

void
zw_set_header(zw_req *r, const char *name, const char *value)
{
	int i;

	for (i = 0; i < r->nhdr; i++)
		if (strcasecmp(r->hdr_names[i], name) == 0) {
			r->hdr_values[i] = value;
			return;
		}
	ZW_ASSERT(r->nhdr < ZW_MAX_RESP_HEADERS);
	r->hdr_names[r->nhdr] = name;
	r->hdr_values[r->nhdr] = value;
	r->nhdr++;
}

static int
dump_to_buf(const char *p, size_t n, void *data)
{
	return zw_buf_append(data, p, n) == ZW_OK ? 0 : -1;
}

void
zw_json(zw_req *r, int status, json_t *v)
{
	int rc;

	zw_buf_reset(&r->out);
	rc = json_dump_callback(v, dump_to_buf, &r->out, JSON_COMPACT);
	json_decref(v);
	if (rc != 0) {
		zw_fail(r, 500, "too_large", "响应过大", NULL);
		return;
	}
	r->status = status;
	r->ctype = "application/json; charset=utf-8";
}

void
zw_json_list(zw_req *r, json_t *items, int64_t next_cursor)
{
	zw_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
	    next_cursor >= 0 ? json_sprintf("%lld", (long long)next_cursor) :
	    json_null()));
}

static const char *
status_title(int status)
{
	switch (status) {
	case 400: return "请求有误";
	case 401: return "请先登录";
	case 403: return "没有权限";
	case 404: return "页面不存在";
	case 405: return "不支持的请求方法";
	case 409: return "状态冲突";
	case 413: return "内容过大";
	case 422: return "内容不符合要求";
	case 429: return "请求过于频繁";
	case 431: return "请求头过大";
	case 503: return "服务器繁忙";
	default: return "服务器错误";
	}
}

void
zw_fail(zw_req *r, int status, const char *code, const char *message,
    const char *field)
{
	json_t *e;

	if (message == NULL)
		message = status_title(status);
	if (r->is_api || r->app == NULL || r->app->tmpl == NULL) {
		e = json_pack("{s:s, s:s}", "code", code, "message", message);
		if (field != NULL)
			json_object_set_new(e, "field", json_string(field));
		zw_json(r, status, json_pack("{s:o}", "error", e));
		return;
	}
	zw_render(r, status, "office/error.html", json_pack("{s:i, s:s, s:s, s:s}",
	    "status", status, "title", status_title(status), "code", code,
	    "message", message));
}

void
zw_fail_rc(zw_req *r, int rc, const char *message, const char *field)
{
	switch (rc) {
	case ZW_EINVAL:
		zw_fail(r, 422, "invalid", message ? message : "内容不符合要求", field);
		break;
	case ZW_ENOTFOUND:
		zw_fail(r, 404, "not_found", message ? message : "对象不存在", field);
		break;
	case ZW_ECONFLICT:
		zw_fail(r, 409, "conflict", message ? message : "与现有数据冲突", field);
		break;
	case ZW_ESTATE:
		zw_fail(r, 409, "wrong_state", message ? message : "当前状态不允许此操作", field);
		break;
	case ZW_EPERM:
		zw_fail(r, 403, "forbidden", message ? message : "没有权限", field);
		break;
	case ZW_EBUSY:
		zw_fail(r, 503, "overloaded", "服务器繁忙，请稍后重试", NULL);
		break;
	case ZW_ETOOBIG:
		zw_fail(r, 413, "too_large", message ? message : "内容过大", field);
		break;
	case ZW_EAUTH:
		zw_fail(r, 401, "unauthorized", message ? message : "认证失败", field);
		break;
	default:
		zw_fail(r, 500, "internal", "服务器内部错误，请联系管理员", NULL);
		zw_error("request %s failed: %s", r->request_id, zw_strerror(rc));
		break;
	}
}

bool
zw_client_rate_ok(zw_req *r, const char *bucket, int64_t window_s, int limit)
{
	char key[128];

	snprintf(key, sizeof(key), "%s %s", bucket, r->client_ip ? r->client_ip : "");
	return zw_ratelimit_hit_window(key, zw_now(), window_s, limit);
}

void
zw_render_user(zw_req *r, json_t *ctx)
{
	json_t *u, *can;

	if (r->user == NULL)
		return;
	u = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
	    (json_int_t)r->user->id, "login", r->user->login, "name",
	    r->user->name, "org_name", r->user->org_name, "role_names",
	    r->user->role_names, "kind", r->user->kind);
	json_object_set_new(ctx, "user", u);
	json_object_set_new(ctx, "csrf", json_string(r->user->csrf));
	can = json_object();
	json_object_set_new(can, "items", json_boolean(zw_has_perm(r, "items.manage")));
	json_object_set_new(can, "questions", json_boolean(zw_has_perm(r, "approvals.handle")));
	json_object_set_new(can, "orgs", json_boolean(zw_has_perm(r, "orgs.read")));
	json_object_set_new(can, "users", json_boolean(zw_has_perm(r, "users.read")));
	json_object_set_new(can, "users_manage", json_boolean(zw_has_perm(r, "users.manage")));
	json_object_set_new(can, "audit", json_boolean(zw_has_perm(r, "audit.read")));
	json_object_set_new(can, "documents", json_boolean(zw_has_perm(r, "documents.read")));
	json_object_set_new(can, "inbox", json_boolean(zw_has_perm(r, "documents.receive")));
	json_object_set_new(can, "supervision", json_boolean(zw_has_perm(r, "supervision.read")));
	json_object_set_new(can, "approvals", json_boolean(zw_has_perm(r, "approvals.read")));
	json_object_set_new(can, "registry", json_boolean(zw_has_perm(r, "registry.read")));
	json_object_set_new(can, "letters", json_boolean(zw_has_perm(r, "letters.handle")));
	json_object_set_new(can, "disclosure", json_boolean(zw_has_perm(r,
	    "disclosure.handle")));
	json_object_set_new(can, "exchange", json_boolean(zw_has_perm(r, "exchange.publish") ||
	    zw_has_perm(r, "exchange.read")));
	json_object_set_new(can, "catalog", json_boolean(zw_has_perm(r, "catalog.edit") ||
	    zw_has_perm(r, "catalog.manage")));
	json_object_set_new(can, "portal", json_boolean(zw_has_perm(r, "portal.edit") ||
	    zw_has_perm(r, "portal.publish")));
	json_object_set_new(can, "surveys", json_boolean(zw_has_perm(r, "surveys.manage")));
	json_object_set_new(ctx, "can", can);
}

static const char *(*public_site_name)(zw_req *r);

void
zw_set_public_site_name(const char *(*fn)(zw_req *r))
{
	public_site_name = fn;
}

void
zw_render(zw_req *r, int status, const char *tmpl, json_t *ctx)
{
	int rc;

	if (ctx == NULL)
		ctx = json_object();
	json_object_set_new(ctx, "site_name", json_string(public_site_name != NULL &&
	    strncmp(tmpl, "portal/", 7) == 0 ? public_site_name(r) :
	    r->app->site_name));
	json_object_set_new(ctx, "path", json_string(r->path));
	json_object_set_new(ctx, "v", json_string(zw_asset_version));
	zw_render_user(r, ctx);
	zw_buf_reset(&r->out);
	rc = zw_tmpl_render(r->app->tmpl, tmpl, ctx, &r->out);
	json_decref(ctx);
	if (rc != ZW_OK) {
		zw_error("render %s failed: %s", tmpl, zw_strerror(rc));
		zw_buf_reset(&r->out);
		zw_buf_puts(&r->out, "<!doctype html><html lang=\"zh-CN\"><meta "
		    "charset=\"utf-8\"><title>错误</title><p>页面生成失败，请联系管理员。</p>");
		status = 500;
	}
	r->status = status;
	r->ctype = "text/html; charset=utf-8";
}

void
zw_redirect(zw_req *r, const char *location)
{
	/* Only local redirects: an open redirect is a phishing aid. */
	if (location == NULL || location[0] != '/' || location[1] == '/' ||
	    location[1] == '\\')
		location = "/office/";
	zw_set_header(r, "Location", location);
	zw_buf_reset(&r->out);
	r->status = 303;
	r->ctype = "text/plain; charset=utf-8";
}

void
zw_set_cookie(zw_req *r, const char *name, const char *value, int64_t max_age)
{
	zw_set_header(r, "Set-Cookie", zw_aprintf(r->a,
	    "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%lld%s", name, value,
	    (long long)max_age, r->app->tls ? "; Secure" : ""));
}

bool
zw_has_perm(const zw_req *r, const char *perm)
{
	char needle[80];

	if (r->user == NULL || r->user->perms == NULL)
		return false;
	snprintf(needle, sizeof(needle), ",%s,", perm);
	return strstr(r->user->perms, needle) != NULL;
}

const char *
zw_text_problem(const char *s, size_t maxchars)
{
	size_t n = strlen(s);

	if (!zw_utf8_valid(s, n) || zw_utf8_has_controls(s, n))
		return "包含无效字符";
	if (zw_utf8_chars(s, n) > maxchars)
		return "内容过长";
	return NULL;
}

bool
zw_in_str(zw_req *r, json_t *obj, const char *key, bool required,
    size_t maxchars, const char **out)
{
	json_t *v = json_object_get(obj, key);
	const char *p;

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required) {
			zw_fail(r, 422, "required", zw_aprintf(r->a, "缺少必填字段 %s", key), key);
			return false;
		}
		return true;
	}
	if (!json_is_string(v)) {
		zw_fail(r, 400, "wrong_type", zw_aprintf(r->a, "字段 %s 应为字符串", key), key);
		return false;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		zw_fail(r, 400, "invalid_text", "文本不能包含空字符", key);
		return false;
	}
	if ((p = zw_text_problem(json_string_value(v), maxchars)) != NULL) {
		zw_fail(r, strcmp(p, "内容过长") == 0 ? 422 : 400,
		    strcmp(p, "内容过长") == 0 ? "too_long" : "invalid_text",
		    zw_aprintf(r->a, "字段 %s %s", key, p), key);
		return false;
	}
	if (required && *json_string_value(v) == '\0') {
		zw_fail(r, 422, "required", zw_aprintf(r->a, "字段 %s 不能为空", key), key);
		return false;
	}
	*out = json_string_value(v);
	return true;
}

bool
zw_in_int(zw_req *r, json_t *obj, const char *key, bool required,
    int64_t min, int64_t max, int64_t *out)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v)) {
		if (required) {
			zw_fail(r, 422, "required", zw_aprintf(r->a, "缺少必填字段 %s", key), key);
			return false;
		}
		return true;
	}
	if (!json_is_integer(v)) {
		zw_fail(r, 400, "wrong_type", zw_aprintf(r->a, "字段 %s 应为整数", key), key);
		return false;
	}
	if (json_integer_value(v) < min || json_integer_value(v) > max) {
		zw_fail(r, 422, "out_of_range", zw_aprintf(r->a,
		    "字段 %s 应在 %lld 到 %lld 之间", key, (long long)min,
		    (long long)max), key);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

bool
zw_in_bool(zw_req *r, json_t *obj, const char *key, bool required, bool *out)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v)) {
		if (required) {
			zw_fail(r, 422, "required", zw_aprintf(r->a, "缺少必填字段 %s", key), key);
			return false;
		}
		return true;
	}
	if (!json_is_boolean(v)) {
		zw_fail(r, 400, "wrong_type", zw_aprintf(r->a, "字段 %s 应为 true 或 false", key), key);
		return false;
	}
	*out = json_is_true(v);
	return true;
}

bool
zw_in_known(zw_req *r, json_t *obj, const char *const *keys)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(obj, k, v) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], k) == 0)
				break;
		if (keys[i] == NULL) {
			zw_fail(r, 400, "unknown_field", zw_aprintf(r->a,
			    "未知字段 %.64s", k), zw_astrndup(r->a, k, strnlen(k, 64)));
			return false;
		}
	}
	return true;
}

bool
zw_form_str(zw_req *r, const char *key, bool required, size_t maxchars,
    const char **out, const char **errmsg)
{
	const char *v = zw_form(r, key), *p;

	*out = v ? v : "";
	if (v == NULL || *v == '\0') {
		if (required) {
			*errmsg = "请填写所有必填项";
			return false;
		}
		return true;
	}
	if ((p = zw_text_problem(v, maxchars)) != NULL) {
		*errmsg = p;
		return false;
	}
	return true;
}

bool
zw_in_page(zw_req *r, int64_t *limit, int64_t *cursor)
{
	const char *l = zw_query(r, "limit"), *c = zw_query(r, "cursor");

	*limit = ZW_LIST_DEFAULT;
	*cursor = 0;
	if (l != NULL && zw_parse_i64(l, 1, ZW_LIST_MAX, limit) != ZW_OK) {
		zw_fail(r, 400, "invalid_limit", "limit 应为 1 到 500 之间的整数", "limit");
		return false;
	}
	if (c != NULL && *c && zw_parse_i64(c, 0, INT64_MAX, cursor) != ZW_OK) {
		zw_fail(r, 400, "invalid_cursor", "cursor 无效", "cursor");
		return false;
	}
	return true;
}

const char *
zw_fmt_time(zw_req *r, int64_t t)
{
	char *p = zw_alloc(r->a, 32);

	zw_time_rfc3339(t, p, 32);
	return p;
}

zw_conn *
zw_begin(zw_req *r)
{
	zw_conn *c = zw_db_conn(r);
	int rc;

	if (c == NULL)
		return NULL;
	if ((rc = zw_tx_begin(c)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return NULL;
	}
	return c;
}

bool
zw_commit(zw_req *r)
{
	int rc = zw_tx_commit(r->db);

	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return false;
	}
	return true;
}

void
zw_req_actor(zw_req *r, struct zw_actor *who)
{
	zw_actor_from_user(who, r->user, r->client_ip, r->request_id);
}

void
zw_fail_why(zw_req *r, int rc, const struct zw_why *why)
{
	if (why != NULL && why->code != NULL && rc != ZW_EDB && rc != ZW_EIO &&
	    rc != ZW_EBUSY) {
		int status = rc == ZW_EPERM ? 403 : rc == ZW_ENOTFOUND ? 404 :
		    rc == ZW_ECONFLICT ? 409 : rc == ZW_ESTATE ? 409 :
		    rc == ZW_EAUTH ? 401 : rc == ZW_ELOCKED ? 403 : 422;

		zw_fail(r, status, why->code, why->message, why->field);
		return;
	}
	zw_fail_rc(r, rc, why ? why->message : NULL, why ? why->field : NULL);
}

static char *
encode(zw_arena *a, const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i, j = 0;
	char *out = zw_alloc(a, 3 * n + 1);

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    ch == '.' || ch == '~' || (keep_slash && ch == '/'))
			out[j++] = (char)ch;
		else {
			out[j++] = '%';
			out[j++] = hex[ch >> 4];
			out[j++] = hex[ch & 15];
		}
	}
	out[j] = '\0';
	return out;
}

char *
zw_url_encode(zw_arena *a, const char *s)
{
	return encode(a, s, false);
}

char *
zw_url_encode_path(zw_arena *a, const char *s)
{
	return encode(a, s, true);
}

const char *
zw_request_target(zw_req *r)
{
	char *t;
	size_t i;

	if (strncmp(r->path, "/office/", 8) != 0 || strcmp(r->method, "GET") != 0)
		return "/office/";
	t = zw_url_encode_path(r->a, r->path);
	for (i = 0; i < r->nquery; i++)
		t = zw_aprintf(r->a, "%s%c%s=%s", t, i == 0 ? '?' : '&',
		    zw_url_encode(r->a, r->query[i].key),
		    zw_url_encode(r->a, r->query[i].val));
	return t;
}

void
zw_get_by_id(zw_req *r, zw_get_fn get, const char *notfound)
{
	struct zw_actor who;
	int64_t id;
	json_t *o;
	int rc;

	if (r->params[0] == NULL ||
	    zw_parse_i64(r->params[0], 1, INT64_MAX, &id) != ZW_OK) {
		zw_fail(r, 404, "not_found", notfound, NULL);
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, notfound, NULL);
		return;
	}
	zw_json(r, 200, o);
}
