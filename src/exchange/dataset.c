/*
 * dataset.c -- datasets and their immutable, signed versions.
 *
 * A version is validated in full (compare.c parses it as a comparison
 * side would) before anything is written; then the CSV goes to the blob
 * store (named by its SM3), the provider organization signs the
 * lowercase hex SM3 (SM2, ID 1234567812345678: verifiable with the stock
 * openssl command), the change set against the previous version is
 * counted with the comparison engine, and the row and its audit event
 * are written in the caller's transaction.  The changes since version n
 * are computed the same way between version n and the latest, so they
 * are exact by construction.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "catalog/catalog.h"
#include "exchange/exchange.h"
#include "exchange/x_int.h"
#include "store/blob.h"

bool
zw_dataset_may_read(zw_conn *c, const struct zw_actor *who,
    int64_t dataset_org_id, int64_t resource_id)
{
	struct zw_share_access sa;
	zw_arena *a;
	bool ok;

	if (who == NULL)
		return true;	/* internal, checked by the caller */
	if (who->org_id != 0 && who->org_id == dataset_org_id)
		return true;
	if (zw_actor_can(who, "exchange.read"))
		return true;
	if (resource_id <= 0 || who->org_id <= 0)
		return false;
	/* the catalog's decision (§5): 无条件共享 resources are open to
	 * every organization, 有条件 ones to the holders of a live grant */
	a = zw_arena_new();
	ok = zw_share_access_resource(c, a, who->org_id, "", resource_id,
	    zw_now(), &sa) == ZW_OK && (sa.state == ZW_SHARE_OPEN ||
	    sa.state == ZW_SHARE_PROVIDER || sa.state == ZW_SHARE_GRANTED);
	zw_arena_free(a);
	return ok;
}

int
x_audit(zw_conn *c, const struct zw_actor *who, const char *action,
    const char *object_type, int64_t object_id, json_t *details)
{
	int rc = zw_actor_audit(c, who, action, object_type, object_id, "success",
	    details);

	json_decref(details);
	return rc;
}

static void
xwhy(struct zw_xerr *e, const char *code, const char *field, const char *msg)
{
	if (e == NULL)
		return;
	e->code = code;
	e->line = 0;
	(void)zw_strlcpy(e->field, field != NULL ? field : "", sizeof(e->field));
	(void)snprintf(e->message, sizeof(e->message), "%s", msg);
}

int
x_dataset_load(zw_conn *c, int64_t id, struct x_dataset *d)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT d.id, d.org_id, d.name, d.key_column, "
	    "d.description, d.resource_id, d.latest_version, d.created_at, o.name "
	    "FROM datasets d JOIN orgs o ON o.id = d.org_id WHERE d.id = ?",
	    &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	d->id = zw_col_int(s, 0);
	d->org_id = zw_col_int(s, 1);
	zw_strlcpy(d->name, zw_col_text(s, 2), sizeof(d->name));
	zw_strlcpy(d->key_column, zw_col_text(s, 3), sizeof(d->key_column));
	zw_strlcpy(d->description, zw_col_text(s, 4), sizeof(d->description));
	d->resource_id = zw_col_int(s, 5);
	d->latest = zw_col_int(s, 6);
	d->created_at = zw_col_int(s, 7);
	zw_strlcpy(d->org_name, zw_col_text(s, 8), sizeof(d->org_name));
	zw_reset(s);
	return ZW_OK;
}

int
x_version_sm3(zw_conn *c, int64_t dataset_id, int64_t version, char sm3[65])
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT sm3 FROM dataset_versions WHERE "
	    "dataset_id = ? AND version = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, dataset_id);
	zw_bind_int(s, 2, version);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_strlcpy(sm3, zw_col_text(s, 0), 65);
	zw_reset(s);
	return ZW_OK;
}

int
x_blob_checked(const char *datadir, const char *sm3, void **p, size_t *n)
{
	char got[65];
	int rc;

	if ((rc = zw_blob_get(datadir, sm3, p, n)) != ZW_OK)
		return rc;
	zw_sm3_hex(*p, *n, got);
	if (strcmp(got, sm3) != 0) {
		zw_free(*p);
		*p = NULL;
		return ZW_ECRYPTO;
	}
	return ZW_OK;
}

static bool
text_ok(const char *s, size_t maxchars)
{
	size_t n = strlen(s);

	return zw_utf8_valid(s, n) && !zw_utf8_has_controls(s, n) &&
	    zw_utf8_chars(s, n) <= maxchars;
}

static bool
name_ok(const char *s, size_t maxchars)
{
	return s != NULL && *s != '\0' && text_ok(s, maxchars) &&
	    strchr(s, '\n') == NULL && strchr(s, '\r') == NULL;
}

int
zw_dataset_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_dataset_in *in, int64_t *id, struct zw_why *why)
{
	const char *k = in->key_column;
	zw_stmt *s;
	int rc;

	if (!name_ok(in->name, ZW_X_MAX_NAME)) {
		ZW_WHY(why, "invalid_name", "数据集名称应为1至100个字符", "name");
		return ZW_EINVAL;
	}
	if (k == NULL || *k == '\0' || strlen(k) > ZW_X_MAX_COLNAME ||
	    !zw_utf8_valid(k, strlen(k)) || strpbrk(k, ",\"\r\n\t") != NULL) {
		ZW_WHY(why, "invalid_key_column",
		    "键列名应为1至64字节，不含逗号、引号和换行", "key_column");
		return ZW_EINVAL;
	}
	if (in->description != NULL && *in->description &&
	    !text_ok(in->description, ZW_X_MAX_DESC)) {
		ZW_WHY(why, "invalid_description", "说明最多1000个字符", "description");
		return ZW_EINVAL;
	}
	if (in->resource_id < 0) {
		ZW_WHY(why, "invalid_resource", "resource_id 应为目录资源编号", "resource_id");
		return ZW_EINVAL;
	}
	if (who->org_id <= 0) {
		ZW_WHY(why, "no_org", "只有机关工作人员可以发布数据集", NULL);
		return ZW_EPERM;
	}
	if (in->resource_id > 0) {
		/* the resource a dataset publishes is its own organization's */
		if ((rc = zw_prepare(c, "SELECT provider_org_id FROM "
		    "catalog_resources WHERE id = ?", &s)) != ZW_OK)
			return rc;
		zw_bind_int(s, 1, in->resource_id);
		if ((rc = zw_step(s)) != ZW_ROW || zw_col_int(s, 0) != who->org_id) {
			if (rc == ZW_ROW)
				zw_reset(s);
			else if (rc < 0)
				return rc;
			ZW_WHY(why, "invalid_resource",
			    "resource_id 应为本单位提供的目录资源", "resource_id");
			return ZW_EINVAL;
		}
		zw_reset(s);
	}
	if ((rc = zw_prepare(c, "INSERT INTO datasets (org_id, name, key_column, "
	    "description, resource_id, created_by, created_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?) RETURNING id", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->org_id);
	zw_bind_text(s, 2, in->name, (size_t)-1);
	zw_bind_text(s, 3, k, (size_t)-1);
	zw_bind_text(s, 4, in->description ? in->description : "", (size_t)-1);
	if (in->resource_id > 0)
		zw_bind_int(s, 5, in->resource_id);
	else
		zw_bind_null(s, 5);
	if (who->id > 0)
		zw_bind_int(s, 6, who->id);
	else
		zw_bind_null(s, 6);
	zw_bind_int(s, 7, zw_now());
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "duplicate_name", "本单位已有同名数据集", "name");
		return rc;
	}
	if (rc != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	return x_audit(c, who, "dataset.create", "dataset", *id,
	    json_pack("{s:s, s:s}", "name", in->name, "key_column", k));
}

static json_t *
version_row_json(zw_stmt *s)
{
	json_t *cols = json_loads(zw_col_text(s, 1), 0, NULL);

	return json_pack("{s:I, s:o, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I}",
	    "version", (json_int_t)zw_col_int(s, 0),
	    "columns", cols ? cols : json_array(),
	    "row_count", (json_int_t)zw_col_int(s, 2),
	    "size", (json_int_t)zw_col_int(s, 3),
	    "sm3", zw_col_text(s, 4),
	    "source_format", zw_col_text(s, 5),
	    "rows_added", (json_int_t)zw_col_int(s, 6),
	    "rows_removed", (json_int_t)zw_col_int(s, 7),
	    "rows_changed", (json_int_t)zw_col_int(s, 8),
	    "published_at", (json_int_t)zw_col_int(s, 9));
}

#define VERSION_COLS "version, columns, row_count, size, sm3, source_format, " \
	"rows_added, rows_removed, rows_changed, published_at"

static json_t *
dataset_json(const struct x_dataset *d)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:I, s:I}",
	    "id", (json_int_t)d->id, "org_id", (json_int_t)d->org_id,
	    "org_name", d->org_name, "name", d->name, "key_column", d->key_column,
	    "description", d->description, "resource_id", d->resource_id > 0 ?
	    json_integer(d->resource_id) : json_null(),
	    "latest_version", (json_int_t)d->latest,
	    "created_at", (json_int_t)d->created_at);
}

int
zw_dataset_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out)
{
	struct x_dataset d;
	json_t *o, *vs;
	zw_stmt *s;
	int rc;

	if ((rc = x_dataset_load(c, id, &d)) != ZW_OK)
		return rc;
	if (!zw_dataset_may_read(c, who, d.org_id, d.resource_id))
		return ZW_ENOTFOUND;
	o = dataset_json(&d);
	vs = json_array();
	json_object_set_new(o, "versions", vs);
	json_object_set_new(o, "may_publish", json_boolean(who != NULL &&
	    who->org_id == d.org_id && zw_actor_can(who, "exchange.publish")));
	if ((rc = zw_prepare(c, "SELECT " VERSION_COLS " FROM dataset_versions "
	    "WHERE dataset_id = ? ORDER BY version DESC", &s)) != ZW_OK) {
		json_decref(o);
		return rc;
	}
	zw_bind_int(s, 1, id);
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(vs, version_row_json(s));
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return ZW_OK;
}

int
zw_dataset_list(zw_conn *c, const struct zw_actor *who, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next)
{
	zw_stmt *s;
	int64_t n = 0, last = 0;
	int rc;

	*next = -1;	/* no further page */
	if ((rc = zw_prepare(c, "SELECT d.id, d.org_id, d.name, d.key_column, "
	    "d.description, d.resource_id, d.latest_version, d.created_at, o.name "
	    "FROM datasets d JOIN orgs o ON o.id = d.org_id "
	    "WHERE (d.org_id = ? OR ? = 1 OR d.resource_id IS NOT NULL) "
	    "AND (? = 0 OR d.id < ?) ORDER BY d.id DESC", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->org_id);
	zw_bind_int(s, 2, zw_actor_can(who, "exchange.read") ? 1 : 0);
	zw_bind_int(s, 3, cursor);
	zw_bind_int(s, 4, cursor);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		struct x_dataset d;

		d.id = zw_col_int(s, 0);
		d.org_id = zw_col_int(s, 1);
		d.resource_id = zw_col_int(s, 5);
		/* another organization's dataset of a catalog resource: listed
		 * when the catalog lets who's organization use it.  The check
		 * reads other tables: the statement is on hold meanwhile. */
		if (d.org_id != who->org_id && !zw_actor_can(who, "exchange.read") &&
		    !zw_dataset_may_read(c, who, d.org_id, d.resource_id))
			continue;
		if (n == limit) {
			*next = last;
			zw_reset(s);
			break;
		}
		zw_strlcpy(d.name, zw_col_text(s, 2), sizeof(d.name));
		zw_strlcpy(d.key_column, zw_col_text(s, 3), sizeof(d.key_column));
		zw_strlcpy(d.description, zw_col_text(s, 4), sizeof(d.description));
		d.latest = zw_col_int(s, 6);
		d.created_at = zw_col_int(s, 7);
		zw_strlcpy(d.org_name, zw_col_text(s, 8), sizeof(d.org_name));
		json_array_append_new(*items, dataset_json(&d));
		last = d.id;
		n++;
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	return ZW_OK;
}

/* A JSON array of objects as CSV: the first object's keys are the
 * columns; every object must have exactly these keys; values strings,
 * numbers, booleans or null.  OUT: b.  ZW_EINVAL with *e. */
static int
json_to_csv(const char *data, size_t n, zw_buf *b, struct zw_xerr *e)
{
	json_error_t je;
	json_t *arr = json_loadb(data, n, JSON_REJECT_DUPLICATES, &je), *first, *o;
	const char *cols[ZW_X_MAX_COLUMNS];
	size_t ncols = 0, i, k;
	const char *key;
	json_t *v;
	int rc = ZW_EINVAL;

	if (arr == NULL || !json_is_array(arr) || json_array_size(arr) == 0 ||
	    !json_is_object(json_array_get(arr, 0))) {
		if (arr == NULL && e != NULL) {
			e->code = "bad_json";
			e->line = je.line;
			e->field[0] = '\0';
			(void)snprintf(e->message, sizeof(e->message),
			    "第%d行：JSON 格式错误（%s）", je.line, je.text);
		} else {
			xwhy(e, "bad_json", NULL, "JSON 数据应为对象数组（至少一条记录）");
		}
		goto out;
	}
	if (json_array_size(arr) > ZW_X_MAX_JSON_ROWS) {
		xwhy(e, "too_many_rows", NULL, "JSON 记录数超过上限");
		goto out;
	}
	first = json_array_get(arr, 0);
	json_object_foreach(first, key, v) {
		if (ncols >= ZW_X_MAX_COLUMNS) {
			xwhy(e, "too_many_columns", NULL, "列数超过上限（64列）");
			goto out;
		}
		cols[ncols++] = key;
	}
	for (k = 0; k < ncols; k++) {
		if (k > 0)
			zw_buf_putc(b, ',');
		zw_xcsv_field(b, cols[k], strlen(cols[k]));
	}
	zw_buf_putc(b, '\n');
	json_array_foreach(arr, i, o) {
		if (!json_is_object(o) || json_object_size(o) != ncols) {
			if (e != NULL) {
				e->code = "column_count";
				e->line = (int64_t)i + 1;
				e->field[0] = '\0';
				(void)snprintf(e->message, sizeof(e->message),
				    "第%zu条记录：字段与第1条记录不一致", i + 1);
			}
			goto out;
		}
		for (k = 0; k < ncols; k++) {
			char num[64];
			const char *sv;
			size_t sl;

			v = json_object_get(o, cols[k]);
			if (v == NULL || json_is_object(v) || json_is_array(v)) {
				if (e != NULL) {
					e->code = "column_count";
					e->line = (int64_t)i + 1;
					(void)zw_strlcpy(e->field, cols[k], sizeof(e->field));
					(void)snprintf(e->message, sizeof(e->message),
					    "第%zu条记录：字段“%s”缺失或不是简单值", i + 1,
					    cols[k]);
				}
				goto out;
			}
			if (json_is_string(v)) {
				sv = json_string_value(v);
				sl = json_string_length(v);
			} else if (json_is_integer(v)) {
				(void)snprintf(num, sizeof(num), "%lld",
				    (long long)json_integer_value(v));
				sv = num;
				sl = strlen(num);
			} else if (json_is_real(v)) {
				(void)snprintf(num, sizeof(num), "%.17g", json_real_value(v));
				sv = num;
				sl = strlen(num);
			} else if (json_is_boolean(v)) {
				sv = json_is_true(v) ? "true" : "false";
				sl = strlen(sv);
			} else {
				sv = "";
				sl = 0;
			}
			if (k > 0)
				zw_buf_putc(b, ',');
			if (zw_xcsv_field(b, sv, sl) != ZW_OK) {
				xwhy(e, "too_large", NULL, "数据过大");
				goto out;
			}
		}
		if (zw_buf_putc(b, '\n') != ZW_OK) {
			xwhy(e, "too_large", NULL, "数据过大");
			goto out;
		}
	}
	rc = ZW_OK;
out:
	json_decref(arr);
	return rc;
}

int
zw_dataset_publish(zw_conn *c, const struct zw_actor *who,
    const char *datadir, const unsigned char *master_key, int64_t dataset_id,
    const char *data, size_t n, bool json, int64_t *version,
    struct zw_xerr *e)
{
	struct zw_why why = { 0 };
	struct x_dataset d;
	struct zw_xtab t, prev;
	struct zw_xcmp cmp;
	zw_arena *a = zw_arena_new();
	unsigned char *sig = NULL;
	size_t siglen = 0, i;
	void *pdata = NULL;
	size_t plen = 0;
	char sm3[65], psm3[65];
	json_t *cols;
	zw_buf b;
	zw_stmt *s;
	int rc;

	zw_buf_init(&b, ZW_MAX_UPLOAD * 2);
	memset(&cmp, 0, sizeof(cmp));
	if ((rc = x_dataset_load(c, dataset_id, &d)) != ZW_OK)
		goto out;
	if (!zw_dataset_may_read(c, who, d.org_id, d.resource_id)) {
		rc = ZW_ENOTFOUND;
		goto out;
	}
	if (who->org_id != d.org_id || !zw_actor_can(who, "exchange.publish")) {
		xwhy(e, "forbidden", NULL, "只有数据集的提供单位可以发布新版本");
		rc = ZW_EPERM;
		goto out;
	}
	if (json) {
		if ((rc = json_to_csv(data, n, &b, e)) != ZW_OK)
			goto out;
		data = b.p;
		n = b.len;
	} else if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		n -= 3;
	}
	if ((rc = zw_xtab_parse(a, data, n, d.key_column, &t, e)) != ZW_OK)
		goto out;
	zw_sm3_hex(data, n, sm3);
	/* the change set against the previous version */
	if (d.latest > 0) {
		if ((rc = x_version_sm3(c, d.id, d.latest, psm3)) != ZW_OK ||
		    (rc = x_blob_checked(datadir, psm3, &pdata, &plen)) != ZW_OK)
			goto out;
		if ((rc = zw_xtab_parse(a, pdata, plen, d.key_column, &prev, e)) != ZW_OK ||
		    (rc = zw_xcompare(a, &prev, &t, NULL, 0, 0, NULL, NULL, &cmp, e)) !=
		    ZW_OK)
			goto out;
	} else {
		cmp.only_right = (int64_t)t.nrows;
	}
	if ((rc = zw_blob_put(datadir, data, n, psm3)) != ZW_OK)
		goto out;
	if ((rc = zw_org_sign(c, d.org_id, master_key, sm3, 64, &sig, &siglen,
	    &why)) != ZW_OK) {
		xwhy(e, why.code ? why.code : "seal_unavailable", NULL,
		    why.message ? why.message : "机关的电子印章密钥不可用");
		goto out;
	}
	cols = json_array();
	for (i = 0; i < (size_t)t.ncols; i++)
		json_array_append_new(cols, json_string(t.cols[i]));
	{
		char *cs = zw_json_dump(a, cols);

		json_decref(cols);
		if ((rc = zw_prepare(c, "INSERT INTO dataset_versions (dataset_id, "
		    "version, columns, row_count, size, sm3, signature, source_format, "
		    "rows_added, rows_removed, rows_changed, published_by, published_at) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &s)) != ZW_OK) {
			goto out;
		}
		zw_bind_int(s, 1, d.id);
		zw_bind_int(s, 2, d.latest + 1);
		zw_bind_text(s, 3, cs, (size_t)-1);
		zw_bind_int(s, 4, (int64_t)t.nrows);
		zw_bind_int(s, 5, (int64_t)n);
		zw_bind_text(s, 6, sm3, 64);
		zw_bind_blob(s, 7, sig, siglen);
		zw_bind_text(s, 8, json ? "json" : "csv", (size_t)-1);
		zw_bind_int(s, 9, cmp.only_right);
		zw_bind_int(s, 10, cmp.only_left);
		zw_bind_int(s, 11, cmp.both_different);
		if (who->id > 0)
			zw_bind_int(s, 12, who->id);
		else
			zw_bind_null(s, 12);
		zw_bind_int(s, 13, zw_now());
		rc = zw_step(s);
	}
	if (rc == ZW_ECONFLICT) {
		xwhy(e, "version_conflict", NULL, "另一个版本刚刚发布，请重试");
		goto out;
	}
	if (rc < 0)
		goto out;
	if ((rc = zw_prepare(c, "UPDATE datasets SET latest_version = ? WHERE id = ? "
	    "AND latest_version = ?", &s)) != ZW_OK)
		goto out;
	zw_bind_int(s, 1, d.latest + 1);
	zw_bind_int(s, 2, d.id);
	zw_bind_int(s, 3, d.latest);
	if ((rc = zw_step(s)) < 0)
		goto out;
	/* the subscribers get the change set (subscribe.c) */
	if ((rc = zw_exchange_deliver_later(c, d.id)) != ZW_OK)
		goto out;
	rc = x_audit(c, who, "dataset.publish", "dataset", d.id, json_pack("{s:I, s:s, s:I, s:I, s:I, s:I}", "version",
	    (json_int_t)(d.latest + 1), "sm3", sm3, "rows", (json_int_t)t.nrows,
	    "added", (json_int_t)cmp.only_right, "removed",
	    (json_int_t)cmp.only_left, "changed", (json_int_t)cmp.both_different));
	if (rc == ZW_OK)
		*version = d.latest + 1;
out:
	zw_free(sig);
	zw_free(pdata);
	zw_buf_free(&b);
	zw_arena_free(a);
	return rc;
}

int
zw_dataset_version_get(zw_conn *c, const struct zw_actor *who,
    const char *datadir, int64_t id, int64_t version, json_t **out)
{
	struct x_dataset d;
	unsigned char *sig = NULL;
	size_t siglen;
	const void *sp;
	char *pem = NULL, sm3[65];
	bool valid = false;
	zw_arena *a;
	json_t *o;
	zw_stmt *s;
	int rc;

	(void)datadir;
	if ((rc = x_dataset_load(c, id, &d)) != ZW_OK)
		return rc;
	if (!zw_dataset_may_read(c, who, d.org_id, d.resource_id))
		return ZW_ENOTFOUND;
	if ((rc = zw_prepare(c, "SELECT " VERSION_COLS ", signature FROM "
	    "dataset_versions WHERE dataset_id = ? AND version = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, version);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	o = version_row_json(s);
	zw_strlcpy(sm3, zw_col_text(s, 4), sizeof(sm3));
	sp = zw_col_blob(s, 10, &siglen);
	sig = zw_malloc(siglen + 1);
	memcpy(sig, sp, siglen);
	zw_reset(s);
	rc = zw_org_verify(c, d.org_id, sm3, strlen(sm3), sig, siglen, &valid, &pem);
	if (rc != ZW_OK) {
		zw_free(sig);
		json_decref(o);
		return rc;
	}
	a = zw_arena_new();
	json_object_set_new(o, "dataset_id", json_integer(id));
	json_object_set_new(o, "org_id", json_integer(d.org_id));
	json_object_set_new(o, "org_name", json_string(d.org_name));
	json_object_set_new(o, "verification", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "algorithm", "SM2-SM3",
	    "sm2_id", "1234567812345678", "signed", "sm3_hex",
	    "public_key_pem", pem ? pem : "",
	    "signed_data_b64", zw_base64(a, sm3, strlen(sm3)),
	    "signature_der_b64", zw_base64(a, sig, siglen), "valid", valid));
	json_object_set_new(o, "signature_valid", json_boolean(valid));
	zw_arena_free(a);
	zw_free(pem);
	zw_free(sig);
	*out = o;
	return ZW_OK;
}

int
zw_dataset_version_data(zw_conn *c, const struct zw_actor *who,
    const char *datadir, int64_t id, int64_t version, void **p, size_t *n)
{
	struct x_dataset d;
	char sm3[65];
	int rc;

	if ((rc = x_dataset_load(c, id, &d)) != ZW_OK)
		return rc;
	if (!zw_dataset_may_read(c, who, d.org_id, d.resource_id))
		return ZW_ENOTFOUND;
	if ((rc = x_version_sm3(c, id, version, sm3)) != ZW_OK)
		return rc;
	return x_blob_checked(datadir, sm3, p, n);
}

json_t *
x_row_json(zw_arena *a, const struct zw_xtab *t, const struct zw_xrow *row)
{
	const char *f[ZW_X_MAX_COLUMNS];
	size_t len[ZW_X_MAX_COLUMNS];
	json_t *o = json_object();
	int i;

	if (zw_xrow_fields(a, row->line, row->linelen, t->ncols, f, len) != ZW_OK)
		return o;
	for (i = 0; i < t->ncols; i++)
		json_object_set_new(o, t->cols[i], json_stringn(f[i], len[i]));
	return o;
}

int
zw_dataset_changes(zw_conn *c, const struct zw_actor *who,
    const char *datadir, int64_t id, int64_t since, json_t **out)
{
	struct x_dataset d;
	struct zw_xtab old, cur;
	struct zw_xcmp cmp;
	struct zw_xerr e = { 0 };
	void *op = NULL, *cp = NULL;
	size_t on = 0, cn = 0, i;
	char sm3[65];
	json_t *added, *removed, *changed;
	zw_arena *a;
	int rc;

	if ((rc = x_dataset_load(c, id, &d)) != ZW_OK)
		return rc;
	if (!zw_dataset_may_read(c, who, d.org_id, d.resource_id))
		return ZW_ENOTFOUND;
	if (since < 0 || since > d.latest)
		return ZW_EINVAL;
	a = zw_arena_new();
	memset(&old, 0, sizeof(old));
	memset(&cur, 0, sizeof(cur));
	if (d.latest > 0) {
		if ((rc = x_version_sm3(c, id, d.latest, sm3)) != ZW_OK ||
		    (rc = x_blob_checked(datadir, sm3, &cp, &cn)) != ZW_OK ||
		    (rc = zw_xtab_parse(a, cp, cn, d.key_column, &cur, &e)) != ZW_OK)
			goto out;
	}
	if (since > 0) {
		if ((rc = x_version_sm3(c, id, since, sm3)) != ZW_OK ||
		    (rc = x_blob_checked(datadir, sm3, &op, &on)) != ZW_OK ||
		    (rc = zw_xtab_parse(a, op, on, d.key_column, &old, &e)) != ZW_OK)
			goto out;
	}
	if ((rc = zw_xcompare(a, &old, &cur, NULL, 0, ZW_X_MAX_CHANGES + 1, NULL,
	    NULL, &cmp, &e)) != ZW_OK)
		goto out;
	if (cmp.truncated || cmp.ndiffs > ZW_X_MAX_CHANGES) {
		rc = ZW_ETOOBIG;
		goto out;
	}
	added = json_array();
	removed = json_array();
	changed = json_array();
	for (i = 0; i < cmp.ndiffs; i++) {
		const struct zw_xdiff *x = &cmp.diffs[i];

		if (x->kind == ZW_X_ONLY_LEFT) {
			json_array_append_new(removed, json_pack("{s:s%}", "key",
			    x->l->key, (size_t)x->l->keylen));
		} else if (x->kind == ZW_X_ONLY_RIGHT) {
			json_array_append_new(added, x_row_json(a, &cur, x->r));
		} else {
			json_t *fs = json_array();
			int f;

			for (f = 0; f < cmp.nfields; f++)
				if (x->mask & ((uint64_t)1 << f))
					json_array_append_new(fs, json_string(cmp.fields[f]));
			json_array_append_new(changed, json_pack("{s:s%, s:o, s:o}", "key",
			    x->r->key, (size_t)x->r->keylen, "row", x_row_json(a, &cur, x->r),
			    "fields", fs));
		}
	}
	*out = json_pack("{s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:o}",
	    "dataset_id", (json_int_t)id, "since", (json_int_t)since, "key_column",
	    d.key_column, "to", (json_int_t)d.latest,
	    "rows_added", (json_int_t)cmp.only_right,
	    "rows_removed", (json_int_t)cmp.only_left,
	    "rows_changed", (json_int_t)cmp.both_different,
	    "added", added, "removed", removed, "changed", changed);
	rc = ZW_OK;
out:
	zw_free(op);
	zw_free(cp);
	zw_arena_free(a);
	return rc;
}
