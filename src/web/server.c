/*
 * server.c -- libmicrohttpd glue.
 *
 * A request arrives in up to three calls of the access handler: the
 * first with headers only (we allocate the request, match the route and
 * check Content-Length against the cap for that route), then zero or
 * more with body bytes (appended to a bounded buffer), then a final
 * call with no data where the request is dispatched.  The arena is
 * freed in the completion callback, after the response has been sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "approvals/notify.h"
#include "approvals/supervise.h"
#include "catalog/catalog.h"
#include "base/clock.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "crypto/pwhash.h"
#include "crypto/sm3.h"
#include "exchange/exchange.h"
#include "portal/portal.h"
#include "store/jobs.h"
#include "web/http.h"
#include "web/metrics.h"
#include "web/ratelimit.h"
#include "web/route.h"
#include "web/server.h"

#define SESSION_COOKIE "zw_session"
#define DRAIN_WAIT_MS 10000	/* how long SIGTERM waits for requests */

struct req_state {
	zw_req r;
	zw_buf body;
	size_t cap;
	int early_status;	/* 413/431 decided before the body */
	bool too_big;
	int64_t start_us;
	const struct zw_route *route;	/* matched once, on the first call */
	int method_mismatch;
};

static atomic_int inflight;
static volatile sig_atomic_t stopping;
static pthread_mutex_t stop_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cv = PTHREAD_COND_INITIALIZER;

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- static files ---- */

struct asset {
	const struct zw_embed *e;
	char etag[24];
	char lastmod[40];
	const char *ctype;
};

static struct asset *assets;
static size_t nassets;
char zw_asset_version[17];	/* fingerprint of all static files (server.h) */

static const char *
mime_of(const char *path)
{
	static const struct { const char *ext, *type; } m[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".html", "text/html; charset=utf-8" },
		{ ".woff2", "font/woff2" },
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(dot, m[i].ext) == 0)
			return m[i].type;
	return "application/octet-stream";
}

static void
assets_init(void)
{
	struct zw_sm3 *all = zw_sm3_new();
	unsigned char d[ZW_SM3_LEN];
	size_t i;

	assets = zw_calloc(zw_embedded_count, sizeof(*assets));
	for (i = 0; i < zw_embedded_count; i++) {
		const struct zw_embed *e = &zw_embedded[i];
		struct asset *a;
		char hex[65];
		struct tm tm;
		time_t t;

		if (strncmp(e->path, "static/", 7) != 0)
			continue;
		a = &assets[nassets++];
		a->e = e;
		zw_sm3_hex(e->data, e->len, hex);
		snprintf(a->etag, sizeof(a->etag), "\"%.16s\"", hex);
		zw_sm3_update(all, hex, 64);
		t = (time_t)e->mtime;
		gmtime_r(&t, &tm);
		strftime(a->lastmod, sizeof(a->lastmod), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		a->ctype = mime_of(e->path);
	}
	zw_sm3_final(all, d);
	zw_hex(d, 8, zw_asset_version);
}

static const struct asset *
asset_find(const char *path)
{
	size_t i;

	for (i = 0; i < nassets; i++)
		if (strcmp(assets[i].e->path + 6, path) == 0)	/* "/app.css" */
			return &assets[i];
	return NULL;
}

/* ---- responses ---- */

static void
add_security_headers(struct MHD_Response *resp, const struct zw_app *app,
    bool cacheable)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
	    "form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
	    "camera=(), microphone=(), geolocation=()");
	if (app->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		    "max-age=31536000");
	if (!cacheable)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result
send_response(struct MHD_Connection *conn, struct req_state *st)
{
	zw_req *r = &st->r;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *body;
	int i;

	if (r->status == 0)
		zw_fail(r, 500, "internal", "处理程序没有生成响应", NULL);
	body = zw_buf_detach(&r->out, &len);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		zw_free(body);
		return MHD_NO;
	}
	/* no-store unless the handler chose (the portal's cached pages) */
	for (i = 0; i < r->nhdr; i++)
		if (strcasecmp(r->hdr_names[i], "Cache-Control") == 0)
			break;
	add_security_headers(resp, r->app, i < r->nhdr);
	if (r->ctype != NULL)
		MHD_add_response_header(resp, "Content-Type", r->ctype);
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	for (i = 0; i < r->nhdr; i++)
		MHD_add_response_header(resp, r->hdr_names[i], r->hdr_values[i]);
	ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
serve_static(zw_req *r, const char *path, struct MHD_Connection *conn,
    enum MHD_Result *ret)
{
	const struct asset *a = asset_find(path);
	const char *inm, *v;
	struct MHD_Response *resp;
	bool fingerprinted;

	if (a == NULL || strstr(path, "..") != NULL) {
		zw_fail(r, 404, "not_found", "文件不存在", NULL);
		*ret = send_response(conn, (struct req_state *)r);
		return;
	}
	v = zw_query(r, "v");
	fingerprinted = v != NULL && strcmp(v, zw_asset_version) == 0;
	inm = zw_header(r, "If-None-Match");
	if (inm != NULL && strcmp(inm, a->etag) == 0) {
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		r->status = 304;
	} else {
		resp = MHD_create_response_from_buffer(a->e->len,
		    (void *)(uintptr_t)a->e->data, MHD_RESPMEM_PERSISTENT);
		r->status = 200;
	}
	if (resp == NULL) {
		*ret = MHD_NO;
		return;
	}
	add_security_headers(resp, r->app, true);
	MHD_add_response_header(resp, "Content-Type", a->ctype);
	MHD_add_response_header(resp, "ETag", a->etag);
	MHD_add_response_header(resp, "Last-Modified", a->lastmod);
	MHD_add_response_header(resp, "Cache-Control", fingerprinted ?
	    "public, max-age=31536000, immutable" : "public, max-age=300");
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	*ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
}

/* ---- middleware ---- */

static struct zw_auth_policy
policy_of(const struct zw_app *app)
{
	struct zw_auth_policy p;

	p.lockout_threshold = (int)zw_config_int(app->conf, "lockout_threshold");
	p.lockout_window_s = (int)zw_config_int(app->conf, "lockout_window_minutes") * 60;
	p.lockout_s = (int)zw_config_int(app->conf, "lockout_minutes") * 60;
	p.idle_s = (int)zw_config_int(app->conf, "session_idle_minutes") * 60;
	p.password_max_age_s = (int)zw_config_int(app->conf,
	    "password_max_age_days") * 86400;
	return p;
}

struct zw_auth_policy zw_app_policy(const struct zw_app *app);
struct zw_auth_policy
zw_app_policy(const struct zw_app *app)
{
	return policy_of(app);
}

static const char *
cookie_value(zw_req *r, const char *name)
{
	const char *hdr = zw_header(r, "Cookie");
	struct zw_kv kv[ZW_MAX_COOKIES];
	size_t n = 0;

	if (hdr == NULL || zw_parse_cookies(r->a, hdr, kv, ZW_MAX_COOKIES, &n) != ZW_OK)
		return NULL;
	return zw_kv_get(kv, n, name);
}

static void
deny_audit(zw_req *r, const char *perm)
{
	struct zw_actor who;
	zw_conn *c = zw_db_conn(r);
	json_t *d;

	if (c == NULL)
		return;
	zw_actor_from_user(&who, r->user, r->client_ip, r->request_id);
	d = json_pack("{s:s, s:s, s:s}", "method", r->method, "path", r->path,
	    "permission", perm);
	if (zw_tx_begin(c) == ZW_OK) {
		if (zw_actor_audit(c, &who, "access.denied", "route", 0, "failure",
		    d) == ZW_OK)
			zw_tx_commit(c);
		else
			zw_tx_rollback(c);
	}
	json_decref(d);
}

/* The portal page asked for, to return there after /login ("/my/"
 * for anything but a GET). */
static const char *
portal_target(zw_req *r)
{
	char *t;
	size_t i;

	if (strcmp(r->method, "GET") != 0)
		return "/my/";
	t = zw_url_encode_path(r->a, r->path);
	for (i = 0; i < r->nquery; i++)
		t = zw_aprintf(r->a, "%s%c%s=%s", t, i == 0 ? '?' : '&',
		    zw_url_encode(r->a, r->query[i].key),
		    zw_url_encode(r->a, r->query[i].val));
	return t;
}

static void
need_login(zw_req *r)
{
	if (r->is_api) {
		zw_fail(r, 401, "unauthenticated", "请先登录", NULL);
		return;
	}
	if (strncmp(r->path, "/office", 7) != 0) {
		/* portal pages: citizens and enterprises log in at /login */
		zw_redirect(r, zw_aprintf(r->a, "/login?next=%s",
		    zw_url_encode(r->a, portal_target(r))));
		return;
	}
	zw_redirect(r, zw_aprintf(r->a, "/office/login?next=%s",
	    zw_url_encode(r->a, zw_request_target(r))));
}

/* Returns true when the handler may run. */
static bool
middleware(zw_req *r)
{
	const struct zw_route *rt = r->route;
	const char *auth, *token = NULL;

	/* session */
	auth = zw_header(r, "Authorization");
	if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0)
		token = auth + 7;
	else if ((token = cookie_value(r, SESSION_COOKIE)) != NULL)
		r->via_cookie = true;
	if (token != NULL && *token) {
		struct zw_auth_policy pol = policy_of(r->app);
		struct zw_user_ctx *u = zw_zalloc(r->a, sizeof(*u));
		zw_conn *c = zw_db_conn(r);
		int rc;

		if (c == NULL)
			return false;
		/* an API client's token (catalog.h) comes as a bearer only */
		if (!r->via_cookie && zw_client_token_like(token))
			rc = zw_client_resolve(c, r->a, token, u);
		else
			rc = zw_session_lookup(c, r->a, &pol, token, u);
		if (rc == ZW_OK)
			r->user = u;
		else if (rc != ZW_ENOTFOUND) {
			zw_fail_rc(r, rc, NULL, NULL);
			return false;
		} else if (!(rt->flags & ZW_R_PUBLIC)) {
			if (r->is_api) {
				zw_fail(r, 401, "session_expired",
				    "会话已过期或无效，请重新登录", NULL);
				return false;
			}
			zw_set_cookie(r, SESSION_COOKIE, "", 0);
			need_login(r);
			return false;
		}
	}
	/* CSRF: cookie-authenticated unsafe requests carry the token */
	if (r->user != NULL && r->via_cookie && !(rt->flags & ZW_R_NO_CSRF) &&
	    strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
		const char *t = zw_header(r, "X-CSRF-Token");

		if (t == NULL)
			t = zw_form(r, "csrf_token");
		if (t == NULL || strlen(t) != strlen(r->user->csrf) ||
		    !zw_ct_eq(t, r->user->csrf, strlen(t))) {
			zw_fail(r, 403, "csrf_failed",
			    "安全校验失败，请刷新页面后重试", NULL);
			return false;
		}
	}
	/* rate limit */
	if ((rt->flags & ZW_R_LOGIN_RATE) && strcmp(r->method, "POST") == 0 &&
	    !zw_ratelimit_hit(r->client_ip, zw_now(), (int)zw_config_int(
	    r->app->conf, "login_rate_per_minute"))) {
		zw_set_header(r, "Retry-After", "60");
		zw_fail(r, 429, "rate_limited", "登录尝试过于频繁，请一分钟后再试", NULL);
		return false;
	}
	/* authentication and permission */
	if (!(rt->flags & ZW_R_PUBLIC)) {
		if (r->user == NULL) {
			need_login(r);
			return false;
		}
		if (r->user->must_change_password && !(rt->flags & ZW_R_ALLOW_PWCHANGE)) {
			if (r->is_api)
				zw_fail(r, 403, "password_change_required",
				    "请先修改初始密码", NULL);
			else if (strcmp(r->user->kind, "staff") != 0)
				zw_redirect(r, "/my/password");	/* portal users */
			else
				zw_redirect(r, zw_aprintf(r->a, "/office/password?next=%s",
				    zw_url_encode(r->a, zw_request_target(r))));
			return false;
		}
		if (r->user->client_key != NULL && !(rt->flags & ZW_R_CLIENT)) {
			zw_fail(r, 403, "client_forbidden",
			    "接入系统只能调用基础库查询接口", NULL);
			return false;
		}
		if ((rt->flags & ZW_R_STAFF) && strcmp(r->user->kind, "staff") != 0 &&
		    r->user->client_key == NULL) {
			zw_fail(r, 403, "forbidden", "仅限工作人员", NULL);
			return false;
		}
		if (rt->perm != NULL && !zw_has_perm(r, rt->perm)) {
			deny_audit(r, rt->perm);
			zw_fail(r, 403, "forbidden", "没有权限执行此操作", NULL);
			return false;
		}
	}
	return true;
}

/* Nesting depth of a JSON value (1 for a scalar). */
static int
json_depth(const json_t *v, int limit)
{
	const char *k;
	json_t *m;
	size_t i;
	int d = 0, x;

	if (limit <= 0)
		return 1;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)(uintptr_t)v, k, m)
			if ((x = json_depth(m, limit - 1)) > d)
				d = x;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if ((x = json_depth(m, limit - 1)) > d)
				d = x;
	}
	return d + 1;
}

/* Parse query, form or JSON body into the request. false = error set. */
static bool
parse_input(zw_req *r, struct req_state *st)
{
	const char *ct = r->content_type ? r->content_type : "";

	r->body = st->body.p ? st->body.p : "";
	r->body_len = st->body.len;
	if (r->body_len == 0)
		return true;
	if (strncasecmp(ct, "application/json", 16) == 0) {
		json_error_t je;

		r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
		if (r->json == NULL) {
			zw_fail(r, 400, "malformed_json", zw_aprintf(r->a,
			    "JSON 格式错误（第%d行第%d列）", je.line, je.column), NULL);
			return false;
		}
		if (!json_is_object(r->json)) {
			zw_fail(r, 400, "malformed_json", "请求体应为 JSON 对象", NULL);
			return false;
		}
		if (json_depth(r->json, ZW_MAX_JSON_DEPTH + 1) > ZW_MAX_JSON_DEPTH) {
			zw_fail(r, 400, "too_deep", "JSON 嵌套层数过多", NULL);
			return false;
		}
		return true;
	}
	if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
		r->form = zw_alloc(r->a, sizeof(struct zw_kv) * ZW_MAX_QUERY_PARAMS);
		switch (zw_parse_urlencoded(r->a, r->body, r->body_len, r->form,
		    ZW_MAX_QUERY_PARAMS, &r->nform)) {
		case ZW_OK:
			return true;
		case ZW_ETOOBIG:
			zw_fail(r, 413, "too_many_fields", "表单字段过多", NULL);
			return false;
		default:
			zw_fail(r, 400, "malformed_form", "表单内容无效（编码错误）", NULL);
			return false;
		}
	}
	if (strncasecmp(ct, "multipart/form-data", 19) == 0) {
		size_t i;

		r->parts = zw_alloc(r->a, sizeof(struct zw_part) * ZW_MAX_QUERY_PARAMS);
		if (zw_parse_multipart(r->a, ct, r->body, r->body_len, r->parts,
		    ZW_MAX_QUERY_PARAMS, &r->nparts) != ZW_OK) {
			zw_fail(r, 400, "malformed_multipart", "上传内容格式无效", NULL);
			return false;
		}
		r->form = zw_alloc(r->a, sizeof(struct zw_kv) * ZW_MAX_QUERY_PARAMS);
		for (i = 0; i < r->nparts; i++) {
			if (r->parts[i].filename != NULL)
				continue;
			if (!zw_utf8_valid(r->parts[i].data, r->parts[i].len) ||
			    memchr(r->parts[i].data, 0, r->parts[i].len) != NULL) {
				zw_fail(r, 400, "invalid_text", "表单内容包含无效字符",
				    r->parts[i].name);
				return false;
			}
			r->form[r->nform].key = r->parts[i].name;
			r->form[r->nform].val = zw_astrndup(r->a, r->parts[i].data,
			    r->parts[i].len);
			r->form[r->nform].vlen = r->parts[i].len;
			r->nform++;
		}
		return true;
	}
	/* Other types (raw uploads) are left to the handler. */
	return true;
}

struct qctx {
	zw_req *r;
	bool bad;
};

static enum MHD_Result
collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct qctx *q = cls;
	zw_req *r = q->r;

	(void)kind;
	if (r->nquery >= ZW_MAX_QUERY_PARAMS) {
		q->bad = true;
		return MHD_NO;
	}
	if (value == NULL)
		value = "";
	if (!zw_utf8_valid(key, strlen(key)) || !zw_utf8_valid(value, strlen(value))) {
		q->bad = true;
		return MHD_NO;
	}
	r->query[r->nquery].key = key;
	r->query[r->nquery].val = value;
	r->query[r->nquery].vlen = strlen(value);
	r->nquery++;
	return MHD_YES;
}

static void
dispatch(zw_req *r, const struct zw_route *rt, int mismatch)
{
	struct qctx q = { r, false };

	r->query = zw_alloc(r->a, sizeof(struct zw_kv) * ZW_MAX_QUERY_PARAMS);
	MHD_get_connection_values(r->conn_handle, MHD_GET_ARGUMENT_KIND,
	    collect_arg, &q);
	if (q.bad) {
		zw_fail(r, 400, "bad_query", "查询参数无效或过多", NULL);
		return;
	}
	if (!zw_utf8_valid(r->path, strlen(r->path))) {
		zw_fail(r, 400, "bad_path", "请求路径无效", NULL);
		return;
	}
	if (rt == NULL) {
		if (mismatch)
			zw_fail(r, 405, "method_not_allowed", "不支持的请求方法", NULL);
		else
			zw_fail(r, 404, "not_found", "页面或接口不存在", NULL);
		return;
	}
	r->route = rt;
	if (!middleware(r))
		return;
	rt->fn(r);
}

static void
log_access(zw_req *r, int64_t us)
{
	if (strcmp(zw_config_str(r->app->conf, "access_log"), "on") != 0)
		return;
	zw_info("access id=%s ip=%s method=%s path=%s status=%d ms=%.2f user=%s",
	    r->request_id, r->client_ip, r->method, r->path, r->status,
	    (double)us / 1000.0, r->user ? r->user->login : "-");
}

/* Adds the length of one header or query argument ("key: value") to
 * *cls: the request's size as the limits in limits.h count it. */
static enum MHD_Result
add_len(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	size_t *n = cls;

	(void)kind;
	*n += strlen(key) + 2 + (value != NULL ? strlen(value) : 0);
	return MHD_YES;
}

static bool
expects_continue(struct MHD_Connection *conn)
{
	const char *e = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Expect");

	return e != NULL && strcasecmp(e, "100-continue") == 0;
}

static enum MHD_Result
access_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct zw_app *app = cls;
	struct req_state *st = *con_cls;
	enum MHD_Result ret;
	zw_req *r;

	(void)version;
	if (st == NULL) {
		const union MHD_ConnectionInfo *ci;
		const char *cl;
		char ip[INET6_ADDRSTRLEN] = "-";
		unsigned char rid[8];
		size_t ulen, hbytes = 0;
		int nhdr;

		st = zw_calloc(1, sizeof(*st));
		r = &st->r;
		r->a = zw_arena_new();
		r->app = app;
		r->conn_handle = conn;
		r->method = zw_astrdup(r->a, method);
		r->path = zw_astrndup(r->a, url, strnlen(url, ZW_MAX_URI + 1));
		r->is_api = strncmp(url, "/api/", 5) == 0;
		zw_buf_init(&r->out, ZW_MAX_RESP_BYTES);
		zw_random(rid, sizeof(rid));
		zw_hex(rid, sizeof(rid), r->request_id);
		st->start_us = now_us();
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci != NULL && ci->client_addr != NULL) {
			if (ci->client_addr->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)
				    (const void *)ci->client_addr)->sin_addr, ip, sizeof(ip));
			else if (ci->client_addr->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
				    (const void *)ci->client_addr)->sin6_addr, ip, sizeof(ip));
		}
		r->client_ip = zw_astrdup(r->a, ip);
		r->content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    "Content-Type");
		r->user_agent = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    "User-Agent");
		*con_cls = st;
		atomic_fetch_add(&inflight, 1);

		/* Caps known from the headers alone. */
		st->cap = ZW_MAX_JSON_BODY;
		st->route = zw_route_match(r->a, method, r->path, r->params,
		    &st->method_mismatch);
		if (st->route != NULL && (st->route->flags & ZW_R_UPLOAD))
			st->cap = ZW_MAX_UPLOAD;
		zw_buf_init(&st->body, st->cap);
		/* url is the path alone: the query string counts too. */
		ulen = strlen(url);
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_len, &ulen);
		nhdr = MHD_get_connection_values(conn, MHD_HEADER_KIND, add_len, &hbytes);
		if (ulen > ZW_MAX_URI)
			st->early_status = 414;
		else if (nhdr > ZW_MAX_HEADERS || hbytes > ZW_MAX_HEADER_BYTES)
			st->early_status = 431;
		else if ((cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    "Content-Length")) != NULL) {
			int64_t n;

			if (zw_parse_i64(cl, 0, INT64_MAX, &n) != ZW_OK)
				st->early_status = 400;
			else if ((uint64_t)n > st->cap && (uint64_t)n <= ZW_MAX_DRAIN &&
			    !expects_continue(conn)) {
				/* Read and drop the body, then answer 413: a
				 * client still sending would see a reset, not
				 * the answer.  A client that asked "Expect:
				 * 100-continue" gets the 413 at once instead. */
				st->too_big = true;
				zw_buf_free(&st->body);
			} else if ((uint64_t)n > st->cap)
				st->early_status = 413;
		}
		if (st->early_status != 0) {
			if (st->early_status == 413)
				zw_fail(r, 413, "too_large", "请求内容过大", NULL);
			else if (st->early_status == 431)
				zw_fail(r, 431, "too_many_headers", "请求头过多", NULL);
			else if (st->early_status == 414)
				zw_fail(r, 414, "uri_too_long", "请求地址过长", NULL);
			else
				zw_fail(r, 400, "bad_request", "请求无效", NULL);
			return send_response(conn, st);
		}
		return MHD_YES;
	}
	r = &st->r;
	if (st->early_status != 0) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		if (!st->too_big && zw_buf_append(&st->body, upload_data,
		    *upload_data_size) != ZW_OK) {
			st->too_big = true;
			zw_buf_free(&st->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (st->too_big) {
		zw_fail(r, 413, "too_large", "请求内容过大", NULL);
		return send_response(conn, st);
	}
	if (strncmp(r->path, "/static/", 8) == 0 && (strcmp(method, "GET") == 0 ||
	    strcmp(method, "HEAD") == 0)) {
		struct qctx q = { r, false };

		r->query = zw_alloc(r->a, sizeof(struct zw_kv) * ZW_MAX_QUERY_PARAMS);
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
		serve_static(r, r->path + 7, conn, &ret);
		return ret;
	}
	if (parse_input(r, st))
		dispatch(r, st->route, st->method_mismatch);
	if (r->db != NULL && zw_in_tx(r->db))
		zw_tx_rollback(r->db);	/* a handler left one open: undo */
	return send_response(conn, st);
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req_state *st = *con_cls;
	zw_req *r;
	int64_t us;

	(void)cls;
	(void)conn;
	(void)toe;
	if (st == NULL)
		return;
	r = &st->r;
	us = now_us() - st->start_us;
	zw_metrics_record(r->route ? (r->route->name ? r->route->name :
	    r->route->pattern) : strncmp(r->path, "/static/", 8) == 0 ?
	    "/static" : "unmatched", r->route ? r->route->method : "other",
	    r->status, us);
	log_access(r, us);
	if (r->json != NULL)
		json_decref(r->json);
	zw_buf_free(&st->body);
	zw_buf_free(&r->out);
	zw_arena_free(r->a);	/* runs defers: returns the DB connection */
	zw_free(st);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

/* ---- job worker ---- */

static void *
job_worker(void *arg)
{
	struct zw_app *app = arg;
	int64_t poll = zw_config_int(app->conf, "job_poll_ms");

	while (!stopping) {
		int ran = 0;

		if (zw_job_run_one(app->db, &ran) != ZW_OK || !ran) {
			struct timespec ts;

			/* Sleep until the next poll, or until told to stop. */
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += poll / 1000;
			ts.tv_nsec += (poll % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_mutex_lock(&stop_mu);
			if (!stopping)
				pthread_cond_timedwait(&stop_cv, &stop_mu, &ts);
			pthread_mutex_unlock(&stop_mu);
		}
	}
	return NULL;
}

static int
parse_listen(const char *listen, struct sockaddr_in *sa)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	int64_t port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host))
		return ZW_EINVAL;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (zw_parse_i64(colon + 1, 0, 65535, &port) != ZW_OK)
		return ZW_EINVAL;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) != 1)
		return ZW_EINVAL;
	return ZW_OK;
}

int
zw_serve(struct zw_app *app, const char *listen)
{
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	pthread_t worker;
	sigset_t set;
	unsigned nthreads;
	int sig, waited = 0;
	const union MHD_DaemonInfo *di;

	if (parse_listen(listen, &sa) != ZW_OK) {
		zw_error("bad listen address \"%s\" (expected host:port)", listen);
		return ZW_EINVAL;
	}
	assets_init();
	zw_routes_init();
	if (zw_org_jobs_init(app->db) != ZW_OK)
		zw_warn("could not schedule the core's background jobs");
	zw_notify_jobs_init();
	if (zw_supervision_jobs_init(app) != ZW_OK)
		zw_warn("could not schedule the supervision sweep");
	if (zw_portal_jobs_init(app->db) != ZW_OK)
		zw_warn("could not schedule the portal's background jobs");
	(void)zw_exchange_jobs_init(app);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* More threads than cores only adds queueing at the tail: each
	 * connection stays on one thread (measured: p99 of a search at 64
	 * connections on 2 cores, 74 ms with 8 threads, 37 ms with 3). */
	nthreads = (unsigned)zw_config_int(app->conf, "threads");
	if (nthreads == 0) {
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

		nthreads = (unsigned)(ncpu > 0 ? ncpu : 1) + 1;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
	    access_handler, app,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, nthreads,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(ZW_MAX_HEADER_BYTES * 4),
	    MHD_OPTION_END);
	if (d == NULL) {
		zw_error("cannot listen on %s: %s", listen, strerror(errno));
		return ZW_EIO;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	zw_info("serving on %s (port %u, %u threads, %s)", listen,
	    di ? di->port : 0, nthreads,
	    zw_db_kind(app->db) == ZW_DB_PG ? "postgresql" : "sqlite");
	pthread_create(&worker, NULL, job_worker, app);

	sigwait(&set, &sig);
	zw_info("signal %d: stopping (in-flight requests finish)", sig);
	pthread_mutex_lock(&stop_mu);
	stopping = 1;
	pthread_cond_broadcast(&stop_cv);
	pthread_mutex_unlock(&stop_mu);
	MHD_quiesce_daemon(d);
	while (atomic_load(&inflight) > 0 && waited < DRAIN_WAIT_MS) {
		struct timespec ts = { 0, 10 * 1000000 };

		nanosleep(&ts, NULL);
		waited += 10;
	}
	MHD_stop_daemon(d);
	pthread_join(worker, NULL);
	zw_free(assets);
	zw_info("stopped");
	return ZW_OK;
}
