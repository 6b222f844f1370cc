/*
 * routes.c -- HTTP API of the files module: upload (multipart or raw
 * body), metadata, and the bytes as a download.  Each handler:
 * validate -> domain call -> JSON or bytes.
 */
#include <string.h>
#include <strings.h>

#include "base/err.h"
#include "base/json.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "files/files.h"
#include "web/http.h"
#include "web/parse.h"
#include "web/route.h"

#define INTEGRITY_MESSAGE "文件完整性校验失败：存储的文件已被篡改或损坏，" \
	"请联系管理员"

/* Path parameter i as a positive id (404 set on failure). */
static bool
file_id(zw_req *r, int i, int64_t *id)
{
	if (r->params[i] == NULL ||
	    zw_parse_i64(r->params[i], 1, INT64_MAX, id) != ZW_OK) {
		zw_fail(r, 404, "not_found", "文件不存在", NULL);
		return false;
	}
	return true;
}

static bool
ctype_is(const char *ct, const char *type)
{
	return ct != NULL && strncasecmp(ct, type, strlen(type)) == 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode %XX escapes of a header value.  Unlike zw_url_decode this
 * leaves judging the bytes (UTF-8, control characters) to the domain's
 * name rule, so that such names get its 422.  false on a malformed
 * escape.  OUT: *out (arena), *outlen (may hold NULs).
 */
static bool
pct_decode(zw_arena *a, const char *s, char **out, size_t *outlen)
{
	size_t i, j = 0, n = strlen(s);
	char *d = zw_alloc(a, n + 1);
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			d[j++] = s[i];
			continue;
		}
		if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
		    (lo = hexval(s[i + 2])) < 0)
			return false;
		d[j++] = (char)(hi << 4 | lo);
		i += 2;
	}
	d[j] = '\0';
	*out = d;
	*outlen = j;
	return true;
}

/*
 * The uploaded file: the multipart part named "file" (its filename and
 * type from the part), or the raw body with X-Filename (percent-encoded
 * UTF-8) and Content-Type.  false = error set on r.
 */
static bool
upload_input(zw_req *r, const char **name, const char **ctype,
    const void **data, size_t *len)
{
	const struct zw_part *file = NULL;
	const char *xf;
	char *dec;
	size_t i, declen;

	if (ctype_is(r->content_type, "multipart/form-data")) {
		for (i = 0; i < r->nparts; i++) {
			if (strcmp(r->parts[i].name, "file") != 0)
				continue;
			if (file != NULL) {
				zw_fail(r, 400, "too_many_files",
				    "一次只能上传一个文件", "file");
				return false;
			}
			file = &r->parts[i];
		}
		if (file == NULL || (file->len == 0 && (file->filename == NULL ||
		    *file->filename == '\0'))) {
			zw_fail(r, 400, "file_required", "请选择要上传的文件", "file");
			return false;
		}
		*name = file->filename;
		*ctype = file->content_type;
		*data = file->data;
		*len = file->len;
		return true;
	}
	if (r->json != NULL || ctype_is(r->content_type, "application/json") ||
	    ctype_is(r->content_type, "application/x-www-form-urlencoded")) {
		zw_fail(r, 400, "upload_format", "请以 multipart/form-data 或原始"
		    "字节（附 X-Filename 请求头）上传文件", NULL);
		return false;
	}
	if ((xf = zw_header(r, "X-Filename")) == NULL || *xf == '\0') {
		zw_fail(r, 400, "filename_required",
		    "请在 X-Filename 请求头中提供文件名（UTF-8，百分号编码）",
		    "filename");
		return false;
	}
	if (!pct_decode(r->a, xf, &dec, &declen)) {
		zw_fail(r, 400, "invalid_filename",
		    "X-Filename 应为百分号编码的 UTF-8 文件名", "filename");
		return false;
	}
	if (strlen(dec) != declen) {
		zw_fail(r, 422, "invalid_filename", "文件名不能包含控制字符",
		    "filename");
		return false;
	}
	*name = dec;
	*ctype = r->content_type;
	*data = r->body;
	*len = r->body_len;
	return true;
}

static void
api_blob_upload(zw_req *r)
{
	const char *name = NULL, *ctype = NULL;
	const void *data = NULL;
	char sm3[65];
	struct zw_why why = { 0 };
	struct zw_actor who;
	size_t len = 0;
	int64_t id;
	json_t *o;
	zw_conn *c;
	int rc;

	if (!upload_input(r, &name, &ctype, &data, &len))
		return;
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_file_create(c, &who, r->app->datadir, name, ctype, data, len,
	    &id, sm3, &why);
	if (rc == ZW_ETOOBIG) {
		zw_fail(r, 413, "too_large", why.message, why.field);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	if ((rc = zw_file_get(c, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_set_header(r, "Location", zw_aprintf(r->a, "/api/v1/blobs/%lld",
	    (long long)id));
	zw_json(r, 201, o);
}

static void
api_blob_get(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	json_t *o;
	int rc;

	if (!file_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_file_get(r->db, &who, id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "文件不存在", NULL);
		return;
	}
	zw_json(r, 200, o);
}

/*
 * Content-Disposition for a download (RFC 6266): an ASCII fallback
 * (each non-ASCII character, quote, backslash or percent as '_') and
 * the exact name as filename*=UTF-8''... (RFC 5987).
 */
static const char *
disposition(zw_req *r, const char *name)
{
	size_t i, j = 0, n = strlen(name);
	char *ascii = zw_alloc(r->a, n + 1);

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (ch >= 0x80 && ch < 0xC0)
			continue;	/* continuation byte */
		ascii[j++] = ch >= 0x20 && ch < 0x7F && ch != '"' &&
		    ch != '\\' && ch != '%' ? (char)ch : '_';
	}
	ascii[j] = '\0';
	return zw_aprintf(r->a, "attachment; filename=\"%s\"; "
	    "filename*=UTF-8''%s", ascii, zw_url_encode(r->a, name));
}

static void
api_blob_content(zw_req *r)
{
	struct zw_actor who;
	json_t *meta = NULL;
	void *p = NULL;
	size_t n = 0;
	int64_t id;
	int rc;

	if (!file_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_file_read(r->db, &who, r->app->datadir, id, &meta, &p, &n);
	if (rc == ZW_ECRYPTO) {
		zw_error("request %s: file %lld does not match its SM3",
		    r->request_id, (long long)id);
		zw_fail(r, 500, "integrity", INTEGRITY_MESSAGE, NULL);
		return;
	}
	if (rc != ZW_OK) {
		if (rc == ZW_EIO)
			zw_error("request %s: file %lld: blob unreadable",
			    r->request_id, (long long)id);
		zw_fail_rc(r, rc, "文件不存在", NULL);
		return;
	}
	zw_buf_reset(&r->out);
	rc = zw_buf_append(&r->out, p, n);
	zw_free(p);
	if (rc != ZW_OK) {
		json_decref(meta);
		zw_fail(r, 500, "too_large", "响应过大", NULL);
		return;
	}
	r->status = 200;
	r->ctype = zw_astrdup(r->a, zw_json_str(meta, "content_type"));
	zw_set_header(r, "Content-Disposition", disposition(r,
	    zw_json_str(meta, "filename")));
	zw_set_header(r, "ETag", zw_aprintf(r->a, "\"%s\"",
	    zw_json_str(meta, "sm3")));
	json_decref(meta);
}

const struct zw_route zw_files_routes[] = {
	{ "POST", "/api/v1/blobs", api_blob_upload, NULL, ZW_R_UPLOAD, NULL },
	{ "GET", "/api/v1/blobs/{id}", api_blob_get, NULL, 0, NULL },
	{ "GET", "/api/v1/blobs/{id}/content", api_blob_content, NULL, 0, NULL },
};
const size_t zw_files_routes_count =
    sizeof(zw_files_routes) / sizeof(zw_files_routes[0]);
