/*
 * http.h -- one HTTP request as a handler sees it, and the calls that
 * build its response.  Handlers never touch libmicrohttpd.
 *
 * Handler contract: validate input (zw_in_* helpers return false after
 * having set a 400/422 error response), call the domain API inside one
 * transaction, then set the response with zw_json(), zw_render(),
 * zw_redirect() or zw_fail().  Everything comes from r->a (the
 * request arena) and is freed when the response has been queued.
 */
#ifndef ZW_HTTP_H
#define ZW_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "store/db.h"
#include "org/org.h"
#include "web/app.h"
#include "web/parse.h"

#define ZW_MAX_PATH_PARAMS 4
#define ZW_MAX_RESP_HEADERS 16

struct zw_route;

typedef struct zw_req {
	zw_arena *a;
	struct zw_app *app;
	const struct zw_route *route;
	const char *method;
	const char *path;
	const char *params[ZW_MAX_PATH_PARAMS];	/* {id} values, decoded */
	struct zw_kv *query;
	size_t nquery;
	struct zw_kv *form;	/* urlencoded or multipart text fields */
	size_t nform;
	struct zw_part *parts;	/* multipart parts (files and fields) */
	size_t nparts;
	json_t *json;		/* JSON body (request owns a reference) */
	const char *body;
	size_t body_len;
	const char *content_type;
	const char *client_ip;
	const char *user_agent;
	char request_id[17];
	bool is_api;		/* path under /api/ */
	bool via_cookie;	/* session from cookie (needs CSRF) */
	struct zw_user_ctx *user;	/* NULL when anonymous */
	void *conn_handle;	/* struct MHD_Connection * */
	zw_conn *db;		/* borrowed on first zw_db_conn() call */

	/* response */
	int status;
	const char *ctype;
	zw_buf out;
	const char *hdr_names[ZW_MAX_RESP_HEADERS];
	const char *hdr_values[ZW_MAX_RESP_HEADERS];
	int nhdr;
	const char *file_path;	/* stream a file instead of out */
} zw_req;

/* Request input */
const char *zw_header(zw_req *r, const char *name);
const char *zw_query(zw_req *r, const char *name);
const char *zw_form(zw_req *r, const char *name);
/* The request's database connection (503 set and NULL on pool timeout). */
zw_conn *zw_db_conn(zw_req *r);

/* Response */
void zw_set_header(zw_req *r, const char *name, const char *value);
/* 200 with a JSON body; steals the reference to v. */
void zw_json(zw_req *r, int status, json_t *v);
/* 200 {"items": items, "next_cursor": "N" or null}; steals items. */
void zw_json_list(zw_req *r, json_t *items, int64_t next_cursor);
/* JSON error {"error":{"code","message","field"}} (API) or an error page. */
void zw_fail(zw_req *r, int status, const char *code, const char *message,
    const char *field);
/* Map a domain return code to a status + error (message may be NULL). */
void zw_fail_rc(zw_req *r, int rc, const char *message, const char *field);
/* Render a page template with ctx (stolen); adds user, csrf, site. */
void zw_render(zw_req *r, int status, const char *tmpl, json_t *ctx);
/* The site name of public pages (templates under portal/): set by the
 * portal at start-up to its main site's name; else the platform's. */
void zw_set_public_site_name(const char *(*fn)(zw_req *r));
/* Per client address: true while the client stays within limit
 * requests per window of window_s seconds in the counter named bucket
 * (anti-abuse of anonymous forms; ratelimit.h). */
bool zw_client_rate_ok(zw_req *r, const char *bucket, int64_t window_s,
    int limit);
/* Add the logged-in user's part of a page context (user, csrf, can);
 * nothing for an anonymous visitor. */
void zw_render_user(zw_req *r, json_t *ctx);
void zw_redirect(zw_req *r, const char *location);
/* Set a cookie (HttpOnly, SameSite=Lax, Path=/, Secure over TLS). */
void zw_set_cookie(zw_req *r, const char *name, const char *value,
    int64_t max_age);

bool zw_has_perm(const zw_req *r, const char *perm);

/* JSON body field helpers: on failure set a 400/422 error on r (naming
 * the field, message in Chinese) and return false.  maxchars counts
 * characters; text must be valid UTF-8 without control characters. */
bool zw_in_str(zw_req *r, json_t *obj, const char *key, bool required,
    size_t maxchars, const char **out);
bool zw_in_int(zw_req *r, json_t *obj, const char *key, bool required,
    int64_t min, int64_t max, int64_t *out);
bool zw_in_bool(zw_req *r, json_t *obj, const char *key, bool required,
    bool *out);
/* Reject keys not in the NULL-terminated list (400 unknown_field). */
bool zw_in_known(zw_req *r, json_t *obj, const char *const *keys);
/* Form-field equivalent of zw_in_str (returns "" for absent optional). */
bool zw_form_str(zw_req *r, const char *key, bool required, size_t maxchars,
    const char **out, const char **errmsg);
/* Validate free text: UTF-8, no controls but \t\r\n, at most maxchars. */
const char *zw_text_problem(const char *s, size_t maxchars);

/* List paging: ?limit=&cursor= (cursor is an opaque decimal id). */
bool zw_in_page(zw_req *r, int64_t *limit, int64_t *cursor);

/* Begin a transaction on the request's connection; NULL (error set)
 * on failure.  An open transaction is rolled back when the request ends,
 * so error paths need not roll back themselves. */
zw_conn *zw_begin(zw_req *r);
/* Commit; false (500 set) on failure. */
bool zw_commit(zw_req *r);
/* The acting user for domain calls. */
void zw_req_actor(zw_req *r, struct zw_actor *who);
/* Fail with the domain's reason when it gave one, else by rc. */
void zw_fail_why(zw_req *r, int rc, const struct zw_why *why);

/* The page asked for, path and query re-encoded ("/office/audit?result=
 * failure"), for returning there after login; "/office/" for anything
 * outside the back office. */
const char *zw_request_target(zw_req *r);

/* GET one object by the {id} path parameter: parse it, call get() with
 * the acting user, answer 200 with the JSON or the error (404 with
 * notfound for ZW_ENOTFOUND, which also covers objects out of scope). */
typedef int (*zw_get_fn)(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
void zw_get_by_id(zw_req *r, zw_get_fn get, const char *notfound);

/* Percent-encode s for a query string (RFC 3986 unreserved kept). */
char *zw_url_encode(zw_arena *a, const char *s);
/* The same, keeping '/' (for paths). */
char *zw_url_encode_path(zw_arena *a, const char *s);

/* Time formatting helpers that allocate in the arena. */
const char *zw_fmt_time(zw_req *r, int64_t t);

#endif
