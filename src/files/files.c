/*
 * files.c -- uploaded files' metadata over the blob store: validation
 * of names, types and signatures, the row and its audit event, and
 * scoped reads.  See files.h for the rules.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "files/files.h"
#include "store/blob.h"

#define ZIP_MAGIC "PK\x03\x04"
#define DECLARED_TYPE_MAX 100	/* bytes of a declared type kept in audit */

/* The allow-list: extension, stored content type, required signature
 * (NULL: none checked), and the message when the signature is absent. */
static const struct file_type {
	const char *ext;
	const char *ctype;
	const char *magic;
	size_t magic_len;
	const char *mismatch;
} file_types[] = {
	{ "pdf", "application/pdf", "%PDF-", 5,
	  "文件内容与扩展名不符：不是有效的 PDF 文件" },
	{ "ofd", "application/ofd", ZIP_MAGIC, 4,
	  "文件内容与扩展名不符：不是有效的 OFD 文件" },
	{ "doc", "application/msword", NULL, 0, NULL },
	{ "docx", "application/vnd.openxmlformats-officedocument."
	  "wordprocessingml.document", ZIP_MAGIC, 4,
	  "文件内容与扩展名不符：不是有效的 DOCX 文件" },
	{ "xls", "application/vnd.ms-excel", NULL, 0, NULL },
	{ "xlsx", "application/vnd.openxmlformats-officedocument."
	  "spreadsheetml.sheet", ZIP_MAGIC, 4,
	  "文件内容与扩展名不符：不是有效的 XLSX 文件" },
	{ "wps", "application/wps-office.wps", NULL, 0, NULL },
	{ "et", "application/wps-office.et", NULL, 0, NULL },
	{ "txt", "text/plain", NULL, 0, NULL },
	{ "csv", "text/csv", NULL, 0, NULL },		/* datasets (exchange) */
	{ "json", "application/json", NULL, 0, NULL },
	{ "jpg", "image/jpeg", "\xFF\xD8\xFF", 3,
	  "文件内容与扩展名不符：不是有效的 JPEG 图片" },
	{ "jpeg", "image/jpeg", "\xFF\xD8\xFF", 3,
	  "文件内容与扩展名不符：不是有效的 JPEG 图片" },
	{ "png", "image/png", "\x89PNG\r\n\x1A\n", 8,
	  "文件内容与扩展名不符：不是有效的 PNG 图片" },
	{ "zip", "application/zip", ZIP_MAGIC, 4,
	  "文件内容与扩展名不符：不是有效的 ZIP 文件" },
};
#define NTYPES (sizeof(file_types) / sizeof(file_types[0]))

#define TYPES_MESSAGE "不支持的文件类型，仅允许上传：pdf、ofd、doc、docx、" \
	"xls、xlsx、wps、et、txt、csv、json、jpg、jpeg、png、zip"

/* The allow-list entry for a name's extension (case-insensitive). */
static const struct file_type *
type_of(const char *filename)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	size_t i;

	if (dot == NULL || dot[1] == '\0')
		return NULL;
	for (i = 0; i < NTYPES; i++)
		if (strcasecmp(dot + 1, file_types[i].ext) == 0)
			return &file_types[i];
	return NULL;
}

const char *
zw_file_type_of(const char *filename)
{
	const struct file_type *t = type_of(filename);

	return t ? t->ctype : NULL;
}

/*
 * Control characters in a valid UTF-8 name: C0, DEL, C1, and the
 * bidirectional marks and overrides that make "invoice\u202Efdp.exe"
 * display as a PDF.
 */
static bool
has_name_controls(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] == 0x7F)
			return true;
		if (s[i] == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0x9F)
			return true;	/* U+0080..U+009F */
		if (s[i] == 0xE2 && i + 2 < n) {
			if (s[i + 1] == 0x80 && ((s[i + 2] >= 0x8E &&
			    s[i + 2] <= 0x8F) || (s[i + 2] >= 0xAA &&
			    s[i + 2] <= 0xAE)))
				return true;	/* U+200E/F, U+202A..E */
			if (s[i + 1] == 0x81 && s[i + 2] >= 0xA6 &&
			    s[i + 2] <= 0xA9)
				return true;	/* U+2066..U+2069 */
		}
	}
	return false;
}

const char *
zw_file_name_problem(const char *filename)
{
	size_t n;

	if (filename == NULL || *filename == '\0')
		return "请提供文件名";
	n = strlen(filename);
	if (!zw_utf8_valid(filename, n))
		return "文件名不是有效的 UTF-8 文本";
	if (zw_utf8_chars(filename, n) > ZW_FILE_MAX_NAME_CHARS)
		return "文件名不能超过200个字符";
	if (has_name_controls((const unsigned char *)filename, n))
		return "文件名不能包含控制字符";
	if (strchr(filename, '/') != NULL || strchr(filename, '\\') != NULL)
		return "文件名不能包含路径分隔符（/ 或 \\）";
	if (strcmp(filename, ".") == 0 || strcmp(filename, "..") == 0)
		return "文件名无效";
	return NULL;
}

/* Optional id: NULL when 0. */
static void
bind_id(zw_stmt *s, int i, int64_t v)
{
	if (v > 0)
		zw_bind_int(s, i, v);
	else
		zw_bind_null(s, i);
}

int
zw_file_create(zw_conn *c, const struct zw_actor *who, const char *datadir,
    const char *filename, const char *content_type, const void *data,
    size_t len, int64_t *id, char sm3hex[65], struct zw_why *why)
{
	const struct file_type *t;
	const char *msg;
	json_t *d;
	zw_stmt *s;
	int rc;

	*id = 0;
	sm3hex[0] = '\0';
	if ((msg = zw_file_name_problem(filename)) != NULL) {
		ZW_WHY(why, "invalid_filename", msg, "filename");
		return ZW_EINVAL;
	}
	if (len > ZW_MAX_UPLOAD) {
		ZW_WHY(why, "too_large", "文件不能超过 32 MiB", "file");
		return ZW_ETOOBIG;
	}
	if (len == 0 || data == NULL) {
		ZW_WHY(why, "empty_file", "文件为空", "file");
		return ZW_EINVAL;
	}
	if ((t = type_of(filename)) == NULL) {
		ZW_WHY(why, "file_type", TYPES_MESSAGE, "file");
		return ZW_EINVAL;
	}
	if (t->magic != NULL && (len < t->magic_len ||
	    memcmp(data, t->magic, t->magic_len) != 0)) {
		ZW_WHY(why, "content_mismatch", t->mismatch, "file");
		return ZW_EINVAL;
	}

	/* The blob first: a row must never name bytes that are not there. */
	if ((rc = zw_blob_put(datadir, data, len, sm3hex)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "INSERT INTO files (sm3, size, content_type, "
	    "filename, uploaded_by, org_id, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, sm3hex, (size_t)-1);
	zw_bind_int(s, 2, (int64_t)len);
	zw_bind_text(s, 3, t->ctype, (size_t)-1);
	zw_bind_text(s, 4, filename, (size_t)-1);
	bind_id(s, 5, who ? who->id : 0);
	bind_id(s, 6, who ? who->org_id : 0);
	zw_bind_int(s, 7, zw_now());
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	*id = zw_col_int(s, 0);
	zw_reset(s);

	d = json_pack("{s:s, s:I, s:s, s:s}", "filename", filename, "size",
	    (json_int_t)len, "sm3", sm3hex, "content_type", t->ctype);
	if (content_type != NULL && *content_type != '\0' &&
	    strlen(content_type) <= DECLARED_TYPE_MAX &&
	    zw_utf8_valid(content_type, strlen(content_type)))
		json_object_set_new(d, "declared_type", json_string(content_type));
	rc = zw_actor_audit(c, who, "file.upload", "file", *id, "success", d);
	json_decref(d);
	return rc;
}

/* One row of files, with the path of its organization. */
struct file_row {
	int64_t id, size, uploaded_by, org_id, created_at;
	char sm3[ZW_SM3_HEX_LEN + 1];
	char *content_type, *filename, *org_path;	/* zw_malloc'ed */
};

static void
row_free(struct file_row *f)
{
	zw_free(f->content_type);
	zw_free(f->filename);
	zw_free(f->org_path);
	memset(f, 0, sizeof(*f));
}

/* May who read a file with this uploader and organization? */
static bool
visible(const struct zw_actor *who, const struct file_row *f)
{
	size_t n;

	if (who == NULL)
		return true;	/* internal lookup */
	if (who->id > 0 && f->uploaded_by == who->id)
		return true;
	switch (who->scope) {
	case ZW_SCOPE_ALL:
		return true;
	case ZW_SCOPE_ORG_TREE:
		if (f->org_id <= 0 || who->org_path == NULL ||
		    (n = strlen(who->org_path)) == 0)
			return false;
		return strncmp(f->org_path, who->org_path, n) == 0;
	case ZW_SCOPE_ORG:
		return f->org_id > 0 && f->org_id == who->org_id;
	default:
		return false;	/* 本人: own uploads only */
	}
}

/* Load a visible file.  OUT: *f (row_free it). */
static int
file_load(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct file_row *f)
{
	zw_stmt *s;
	int rc;

	memset(f, 0, sizeof(*f));
	rc = zw_prepare(c, "SELECT f.id, f.sm3, f.size, f.content_type, "
	    "f.filename, COALESCE(f.uploaded_by, 0), COALESCE(f.org_id, 0), "
	    "f.created_at, COALESCE(o.path, '') FROM files f "
	    "LEFT JOIN orgs o ON o.id = f.org_id WHERE f.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	f->id = zw_col_int(s, 0);
	snprintf(f->sm3, sizeof(f->sm3), "%s", zw_col_text(s, 1));
	f->size = zw_col_int(s, 2);
	f->content_type = zw_strdup(zw_col_text(s, 3));
	f->filename = zw_strdup(zw_col_text(s, 4));
	f->uploaded_by = zw_col_int(s, 5);
	f->org_id = zw_col_int(s, 6);
	f->created_at = zw_col_int(s, 7);
	f->org_path = zw_strdup(zw_col_text(s, 8));
	zw_reset(s);
	if (!visible(who, f)) {
		row_free(f);
		return ZW_ENOTFOUND;
	}
	return ZW_OK;
}

static json_t *
row_json(const struct file_row *f)
{
	char ts[40];
	json_t *o;

	zw_time_rfc3339(f->created_at, ts, sizeof(ts));
	o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "id",
	    (json_int_t)f->id, "sm3", f->sm3, "size", (json_int_t)f->size,
	    "content_type", f->content_type, "filename", f->filename,
	    "created_at", ts);
	json_object_set_new(o, "uploaded_by", f->uploaded_by > 0 ?
	    json_integer(f->uploaded_by) : json_null());
	json_object_set_new(o, "org_id", f->org_id > 0 ?
	    json_integer(f->org_id) : json_null());
	return o;
}

int
zw_file_get(zw_conn *c, const struct zw_actor *who, int64_t id, json_t **out)
{
	struct file_row f;
	int rc;

	*out = NULL;
	if ((rc = file_load(c, who, id, &f)) != ZW_OK)
		return rc;
	*out = row_json(&f);
	row_free(&f);
	return ZW_OK;
}

int
zw_file_path(zw_conn *c, const struct zw_actor *who, const char *datadir,
    int64_t id, char *path, size_t size)
{
	struct file_row f;
	int rc;

	if (size > 0)
		path[0] = '\0';
	if ((rc = file_load(c, who, id, &f)) != ZW_OK)
		return rc;
	rc = zw_blob_path(datadir, f.sm3, path, size);
	row_free(&f);
	return rc;
}

int
zw_file_read(zw_conn *c, const struct zw_actor *who, const char *datadir,
    int64_t id, json_t **meta, void **p, size_t *n)
{
	struct file_row f;
	int rc;

	*p = NULL;
	*n = 0;
	if (meta != NULL)
		*meta = NULL;
	if ((rc = file_load(c, who, id, &f)) != ZW_OK)
		return rc;
	rc = zw_blob_get(datadir, f.sm3, p, n);
	if (rc == ZW_ENOTFOUND)
		rc = ZW_EIO;	/* the row exists: its blob must too */
	if (rc == ZW_OK && (int64_t)*n != f.size) {
		zw_free(*p);
		*p = NULL;
		*n = 0;
		rc = ZW_ECRYPTO;
	}
	if (rc == ZW_OK && meta != NULL)
		*meta = row_json(&f);
	row_free(&f);
	return rc;
}
