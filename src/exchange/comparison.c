/*
 * comparison.c -- comparisons (比对) as background jobs.
 *
 * Creating one checks the caller may read both sides (datasets through
 * zw_dataset_may_read, uploaded files through their visibility, the
 * base registries through registry.read), fixes a dataset side to a
 * version number, and queues the job "exchange.compare".  The job loads
 * both sides into memory (a dataset version's blob checked against its
 * SM3, a file, or the registry's table rendered as CSV), runs the engine
 * with progress written to the row every ZW_X_PROGRESS_EVERY rows, and
 * stores the counts and up to ZW_X_RESULTS_KEPT result rows in one
 * transaction.  A side that cannot be read as a table ends the
 * comparison as 'failed' with the reason (not retried: the input would
 * not change).
 *
 * Registry "persons": ID numbers are sealed; the keyed index
 * (zw_registry_index) of each left key is compared with the stored
 * index, so that no number is unsealed.  Right-only persons are listed
 * by their index (hex), never in clear.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "exchange/exchange.h"
#include "exchange/x_int.h"
#include "files/files.h"
#include "registry/registry.h"
#include "store/jobs.h"
#include "web/app.h"

#define JOB_KIND	"exchange.compare"

static struct zw_app *g_app;

static int
side_check(zw_conn *c, const struct zw_actor *who, json_t *side, bool right,
    json_t **norm, struct zw_why *why)
{
	json_t *ds = json_object_get(side, "dataset_id"),
	    *fid = json_object_get(side, "file_id"),
	    *reg = json_object_get(side, "registry");
	const char *field = right ? "right" : "left";
	int n = (ds != NULL) + (fid != NULL) + (reg != NULL);
	int rc;

	if (!json_is_object(side) || n != 1) {
		ZW_WHY(why, "invalid_side", right ?
		    "right 应为 {dataset_id, version}、{file_id} 或 {registry}" :
		    "left 应为 {dataset_id, version} 或 {file_id}", field);
		return ZW_EINVAL;
	}
	if (ds != NULL) {
		json_t *vv = json_object_get(side, "version");
		struct x_dataset d;
		int64_t v;

		if (!json_is_integer(ds) || (vv != NULL && !json_is_integer(vv)) ||
		    json_object_size(side) > 2) {
			ZW_WHY(why, "invalid_side", "dataset_id 与 version 应为整数", field);
			return ZW_EINVAL;
		}
		rc = x_dataset_load(c, (int64_t)json_integer_value(ds), &d);
		if (rc == ZW_ENOTFOUND || (rc == ZW_OK &&
		    !zw_dataset_may_read(c, who, d.org_id, d.resource_id))) {
			ZW_WHY(why, "dataset_not_found", "数据集不存在或无权读取", field);
			return ZW_ENOTFOUND;
		}
		if (rc != ZW_OK)
			return rc;
		v = vv != NULL ? (int64_t)json_integer_value(vv) : d.latest;
		if (v < 1 || v > d.latest) {
			ZW_WHY(why, "version_not_found", "数据集没有该版本", field);
			return ZW_ENOTFOUND;
		}
		*norm = json_pack("{s:I, s:I, s:s, s:s}", "dataset_id", (json_int_t)d.id,
		    "version", (json_int_t)v, "name", d.name, "key_column",
		    d.key_column);
		return ZW_OK;
	}
	if (fid != NULL) {
		json_t *meta = NULL;

		if (!json_is_integer(fid) || json_object_size(side) > 1) {
			ZW_WHY(why, "invalid_side", "file_id 应为整数", field);
			return ZW_EINVAL;
		}
		if ((rc = zw_file_get(c, who, (int64_t)json_integer_value(fid),
		    &meta)) != ZW_OK) {
			if (rc == ZW_ENOTFOUND)
				ZW_WHY(why, "file_not_found", "文件不存在或无权读取", field);
			return rc;
		}
		*norm = json_pack("{s:I, s:s}", "file_id",
		    (json_int_t)json_integer_value(fid), "name",
		    zw_json_str(meta, "filename"));
		json_decref(meta);
		return ZW_OK;
	}
	{
		enum zw_reg r;

		if (!right || !json_is_string(reg) ||
		    zw_reg_parse(json_string_value(reg), &r) != ZW_OK ||
		    json_object_size(side) > 1) {
			ZW_WHY(why, "invalid_side", right ?
			    "registry 应为 persons 或 legal_persons" :
			    "基础库只能作为比对的右侧", field);
			return ZW_EINVAL;
		}
		if (!zw_actor_can(who, "registry.read")) {
			ZW_WHY(why, "forbidden", "没有查询基础库的权限", field);
			return ZW_EPERM;
		}
		*norm = json_pack("{s:s}", "registry", zw_reg_name(r));
		return ZW_OK;
	}
}

/* 事由 / 业务编号: present, valid UTF-8 on one line, 1..max characters. */
static bool
reason_text_ok(const char *t, size_t max)
{
	size_t n, chars = 0, i;

	if (t == NULL || (n = strlen(t)) == 0 || !zw_utf8_valid(t, n))
		return false;
	for (i = 0; i < n; i++) {
		if ((unsigned char)t[i] < 0x20)
			return false;
		if (((unsigned char)t[i] & 0xC0) != 0x80)
			chars++;
	}
	return chars <= max;
}

int
zw_comparison_create(zw_conn *c, const struct zw_actor *who, json_t *spec,
    int64_t *id, struct zw_why *why)
{
	json_t *l = NULL, *r = NULL, *fields = json_object_get(spec, "fields"),
	    *key = json_object_get(spec, "key"), *norm = NULL, *v;
	const char *ks;
	char payload[64];
	zw_arena *a = zw_arena_new();
	size_t i;
	zw_stmt *s;
	int rc;

	if (!json_is_string(key) || json_string_length(key) == 0 ||
	    json_string_length(key) > ZW_X_MAX_COLNAME) {
		ZW_WHY(why, "invalid_key", "key 应为键列名（1至64字节）", "key");
		rc = ZW_EINVAL;
		goto out;
	}
	ks = json_string_value(key);
	if (fields != NULL && !json_is_null(fields)) {
		if (!json_is_array(fields) || json_array_size(fields) > ZW_X_MAX_COLUMNS) {
			ZW_WHY(why, "invalid_fields", "fields 应为列名数组（最多64个）",
			    "fields");
			rc = ZW_EINVAL;
			goto out;
		}
		json_array_foreach(fields, i, v)
			if (!json_is_string(v) || json_string_length(v) == 0 ||
			    json_string_length(v) > ZW_X_MAX_COLNAME) {
				ZW_WHY(why, "invalid_fields", "fields 应为列名数组（最多64个）",
				    "fields");
				rc = ZW_EINVAL;
				goto out;
			}
	}
	if ((rc = side_check(c, who, json_object_get(spec, "left"), false, &l,
	    why)) != ZW_OK ||
	    (rc = side_check(c, who, json_object_get(spec, "right"), true, &r,
	    why)) != ZW_OK)
		goto out;
	norm = json_pack("{s:O, s:O, s:s, s:o}", "left", l, "right", r, "key", ks,
	    "fields", fields != NULL && !json_is_null(fields) ? json_incref(fields) :
	    json_array());
	/* A registry side is a read of personal data like a lookup: it
	 * states 事由 and 业务编号, and every subject it reads goes to the
	 * data-access log (standards.md §7; registry.h). */
	if (json_object_get(r, "registry") != NULL) {
		const char *pu = json_string_value(json_object_get(spec, "purpose"));
		const char *cr = json_string_value(json_object_get(spec, "case_ref"));

		if (!reason_text_ok(pu, ZW_REG_MAX_PURPOSE)) {
			ZW_WHY(why, "purpose_required", "与基础库比对须说明事由（1至200个字符）",
			    "purpose");
			rc = ZW_EINVAL;
			goto out;
		}
		if (!reason_text_ok(cr, ZW_REG_MAX_CASE_REF)) {
			ZW_WHY(why, "case_ref_required", "与基础库比对须填写业务编号（1至64个字符）",
			    "case_ref");
			rc = ZW_EINVAL;
			goto out;
		}
		json_object_set_new(norm, "purpose", json_string(pu));
		json_object_set_new(norm, "case_ref", json_string(cr));
	}
	if ((rc = zw_prepare(c, "INSERT INTO comparisons (org_id, created_by, "
	    "created_at, spec, key_column) VALUES (?, ?, ?, ?, ?) RETURNING id",
	    &s)) != ZW_OK)
		goto out;
	zw_bind_int(s, 1, who->org_id);
	if (who->id > 0)
		zw_bind_int(s, 2, who->id);
	else
		zw_bind_null(s, 2);
	zw_bind_int(s, 3, zw_now());
	zw_bind_text(s, 4, zw_json_dump(a, norm), (size_t)-1);
	zw_bind_text(s, 5, ks, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	*id = zw_col_int(s, 0);
	zw_reset(s);
	(void)snprintf(payload, sizeof(payload), "{\"id\":%lld}", (long long)*id);
	if ((rc = zw_job_enqueue(c, JOB_KIND, payload, zw_now(), NULL)) != ZW_OK)
		goto out;
	rc = zw_actor_audit(c, who, "comparison.create", "comparison", *id,
	    "success", norm);
out:
	json_decref(l);
	json_decref(r);
	json_decref(norm);
	zw_arena_free(a);
	return rc;
}

/* ---- reading ---- */

#define CMP_COLS "id, org_id, created_by, created_at, spec, key_column, status, " \
	"rows_read, rows_total, left_rows, right_rows, only_left, only_right, " \
	"both_same, both_different, field_diffs, results_truncated, error_code, " \
	"error, started_at, finished_at"

static json_t *
cmp_json(zw_stmt *s)
{
	json_t *spec = json_loads(zw_col_text(s, 4), 0, NULL),
	    *fd = json_loads(zw_col_text(s, 15), 0, NULL), *o;
	const char *st = zw_col_text(s, 6);

	if (spec == NULL)
		spec = json_object();
	o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:O, s:O, s:O}",
	    "id", (json_int_t)zw_col_int(s, 0), "org_id", (json_int_t)zw_col_int(s, 1),
	    "created_at", (json_int_t)zw_col_int(s, 3), "key", zw_col_text(s, 5),
	    "status", st,
	    "left", json_object_get(spec, "left") ? json_object_get(spec, "left") :
	    json_null(),
	    "right", json_object_get(spec, "right") ? json_object_get(spec, "right") :
	    json_null(),
	    "fields", json_object_get(spec, "fields") ? json_object_get(spec, "fields") :
	    json_null());
	json_decref(spec);
	json_object_set_new(o, "progress", json_pack("{s:I, s:I}", "rows_read",
	    (json_int_t)zw_col_int(s, 7), "rows_total", (json_int_t)zw_col_int(s, 8)));
	json_object_set_new(o, "left_rows", json_integer(zw_col_int(s, 9)));
	json_object_set_new(o, "right_rows", json_integer(zw_col_int(s, 10)));
	json_object_set_new(o, "counts", json_pack("{s:I, s:I, s:I, s:I}",
	    "only_left", (json_int_t)zw_col_int(s, 11),
	    "only_right", (json_int_t)zw_col_int(s, 12),
	    "both_same", (json_int_t)zw_col_int(s, 13),
	    "both_different", (json_int_t)zw_col_int(s, 14)));
	json_object_set_new(o, "field_diffs", fd ? fd : json_object());
	json_object_set_new(o, "results_truncated", json_boolean(zw_col_int(s, 16)));
	json_object_set_new(o, "error", *zw_col_text(s, 17) ?
	    json_pack("{s:s, s:s}", "code", zw_col_text(s, 17), "message",
	    zw_col_text(s, 18)) : json_null());
	json_object_set_new(o, "started_at", zw_col_isnull(s, 19) ? json_null() :
	    json_integer(zw_col_int(s, 19)));
	json_object_set_new(o, "finished_at", zw_col_isnull(s, 20) ? json_null() :
	    json_integer(zw_col_int(s, 20)));
	return o;
}

static bool
may_see(const struct zw_actor *who, int64_t org_id)
{
	return who == NULL || (who->org_id != 0 && who->org_id == org_id) ||
	    zw_actor_can(who, "exchange.read");
}

int
zw_comparison_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT " CMP_COLS " FROM comparisons WHERE id = ?",
	    &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	if (!may_see(who, zw_col_int(s, 1))) {
		zw_reset(s);
		return ZW_ENOTFOUND;
	}
	*out = cmp_json(s);
	zw_reset(s);
	return ZW_OK;
}

int
zw_comparison_list(zw_conn *c, const struct zw_actor *who, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next)
{
	zw_stmt *s;
	int64_t n = 0, last = 0;
	int rc;

	*next = -1;	/* no further page */
	if ((rc = zw_prepare(c, "SELECT " CMP_COLS " FROM comparisons "
	    "WHERE (org_id = ? OR ? = 1) AND (? = 0 OR id < ?) "
	    "ORDER BY id DESC LIMIT ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->org_id);
	zw_bind_int(s, 2, zw_actor_can(who, "exchange.read") ? 1 : 0);
	zw_bind_int(s, 3, cursor);
	zw_bind_int(s, 4, cursor);
	zw_bind_int(s, 5, limit + 1);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next = last;
			zw_reset(s);
			break;
		}
		last = zw_col_int(s, 0);
		json_array_append_new(*items, cmp_json(s));
		n++;
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	return ZW_OK;
}

static int
cmp_org(zw_conn *c, int64_t id, int64_t *org)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT org_id FROM comparisons WHERE id = ?",
	    &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*org = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_comparison_results(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *kind, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next)
{
	int64_t org, n = 0, last = 0;
	zw_stmt *s;
	int rc;

	*next = -1;	/* no further page */
	if ((rc = cmp_org(c, id, &org)) != ZW_OK)
		return rc;
	if (!may_see(who, org))
		return ZW_ENOTFOUND;
	if ((rc = zw_prepare(c, "SELECT id, kind, key, detail FROM comparison_results "
	    "WHERE comparison_id = ? AND (CAST(? AS TEXT) IS NULL OR kind = ?) "
	    "AND id > ? ORDER BY id LIMIT ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if (kind != NULL) {
		zw_bind_text(s, 2, kind, (size_t)-1);
		zw_bind_text(s, 3, kind, (size_t)-1);
	} else {
		zw_bind_null(s, 2);
		zw_bind_null(s, 3);
	}
	zw_bind_int(s, 4, cursor);
	zw_bind_int(s, 5, limit + 1);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *d;

		if (n == limit) {
			*next = last;
			zw_reset(s);
			break;
		}
		last = zw_col_int(s, 0);
		d = json_loads(zw_col_text(s, 3), 0, NULL);
		if (d == NULL)
			d = json_object();
		json_object_set_new(d, "kind", json_string(zw_col_text(s, 1)));
		json_object_set_new(d, "key", json_string(zw_col_text(s, 2)));
		json_array_append_new(*items, d);
		n++;
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	return ZW_OK;
}

int
zw_comparison_csv(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *kind, zw_buf *b)
{
	int64_t org;
	zw_stmt *s;
	int rc;

	if ((rc = cmp_org(c, id, &org)) != ZW_OK)
		return rc;
	if (!may_see(who, org))
		return ZW_ENOTFOUND;
	if ((rc = zw_prepare(c, "SELECT kind, key, detail FROM comparison_results "
	    "WHERE comparison_id = ? AND (CAST(? AS TEXT) IS NULL OR kind = ?) "
	    "ORDER BY id", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if (kind != NULL) {
		zw_bind_text(s, 2, kind, (size_t)-1);
		zw_bind_text(s, 3, kind, (size_t)-1);
	} else {
		zw_bind_null(s, 2);
		zw_bind_null(s, 3);
	}
	zw_buf_puts(b, "kind,key,field,left,right\n");
	while ((rc = zw_step(s)) == ZW_ROW) {
		const char *k = zw_col_text(s, 0), *key = zw_col_text(s, 1);
		json_t *d = json_loads(zw_col_text(s, 2), 0, NULL), *fs, *f;
		size_t i;

		fs = d != NULL ? json_object_get(d, "fields") : NULL;
		if (strcmp(k, "different") != 0 || !json_is_array(fs)) {
			zw_buf_puts(b, k);
			zw_buf_putc(b, ',');
			zw_xcsv_field(b, key, strlen(key));
			zw_buf_puts(b, ",,,\n");
		} else {
			json_array_foreach(fs, i, f) {
				const char *fn = zw_json_str(f, "field"),
				    *lv = zw_json_str(f, "left"), *rv = zw_json_str(f, "right");

				zw_buf_puts(b, "different,");
				zw_xcsv_field(b, key, strlen(key));
				zw_buf_putc(b, ',');
				zw_xcsv_field(b, fn, strlen(fn));
				zw_buf_putc(b, ',');
				zw_xcsv_field(b, lv, strlen(lv));
				zw_buf_putc(b, ',');
				zw_xcsv_field(b, rv, strlen(rv));
				if (zw_buf_putc(b, '\n') != ZW_OK) {
					json_decref(d);
					zw_reset(s);
					return ZW_ETOOBIG;
				}
			}
		}
		json_decref(d);
	}
	return rc < 0 ? rc : ZW_OK;
}

/* ---- the job ---- */

struct side {
	void *p;		/* zw_malloc'ed bytes */
	size_t n;
	const char *name;	/* 左侧 / 右侧 */
	bool registry_persons;
};

/* The registry's table as CSV with key column named key. */
static int
registry_csv(zw_conn *c, enum zw_reg reg, const char *key, zw_buf *b)
{
	static const char *const pcols[] = { "name", "sex", "birth_date",
		"ethnicity", "region_code", "address", "status", NULL };
	static const char *const lcols[] = { "name", "legal_representative",
		"registered_capital", "address", "established_on", "status", NULL };
	const char *const *cols = reg == ZW_REG_PERSONS ? pcols : lcols;
	zw_stmt *s;
	int rc, i;

	rc = zw_prepare(c, reg == ZW_REG_PERSONS ?
	    "SELECT id_key, name, sex, birth_date, ethnicity, region_code, address, "
	    "status FROM persons" :
	    "SELECT uscc, name, legal_representative, registered_capital, address, "
	    "established_on, status FROM legal_persons", &s);
	if (rc != ZW_OK)
		return rc;
	zw_xcsv_field(b, key, strlen(key));
	for (i = 0; cols[i] != NULL; i++) {
		zw_buf_putc(b, ',');
		zw_buf_puts(b, cols[i]);
	}
	zw_buf_putc(b, '\n');
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (reg == ZW_REG_PERSONS) {
			size_t n;
			const unsigned char *k = zw_col_blob(s, 0, &n);
			char hex[2 * ZW_REG_INDEX_LEN + 1];

			if (n != ZW_REG_INDEX_LEN)
				continue;
			zw_hex(k, n, hex);
			zw_buf_append(b, hex, 2 * ZW_REG_INDEX_LEN);
		} else {
			const char *k = zw_col_text(s, 0);

			zw_xcsv_field(b, k, strlen(k));
		}
		for (i = 1; cols[i - 1] != NULL; i++) {
			const char *v = zw_col_text(s, i);

			zw_buf_putc(b, ',');
			zw_xcsv_field(b, v, strlen(v));
		}
		if ((rc = zw_buf_putc(b, '\n')) != ZW_OK) {
			zw_reset(s);
			return rc;
		}
	}
	return rc < 0 ? rc : ZW_OK;
}

static int
load_side(zw_conn *c, const char *datadir, json_t *side, const char *key,
    struct side *sd, char *errbuf, size_t errlen)
{
	json_t *ds = json_object_get(side, "dataset_id"),
	    *fid = json_object_get(side, "file_id"),
	    *reg = json_object_get(side, "registry");
	char sm3[65];
	int rc;

	if (ds != NULL) {
		if ((rc = x_version_sm3(c, (int64_t)json_integer_value(ds),
		    (int64_t)json_integer_value(json_object_get(side, "version")),
		    sm3)) != ZW_OK ||
		    (rc = x_blob_checked(datadir, sm3, &sd->p, &sd->n)) != ZW_OK) {
			snprintf(errbuf, errlen, "%s: dataset version unreadable: %s",
			    sd->name, zw_strerror(rc));
			return rc;
		}
		return ZW_OK;
	}
	if (fid != NULL) {
		if ((rc = zw_file_read(c, NULL, datadir, (int64_t)json_integer_value(fid),
		    NULL, &sd->p, &sd->n)) != ZW_OK) {
			snprintf(errbuf, errlen, "%s: file unreadable: %s", sd->name,
			    zw_strerror(rc));
			return rc;
		}
		return ZW_OK;
	}
	{
		enum zw_reg r;
		zw_buf b;

		if (!json_is_string(reg) || zw_reg_parse(json_string_value(reg), &r) !=
		    ZW_OK)
			return ZW_EINVAL;
		zw_buf_init(&b, (size_t)16 << 30);
		if ((rc = registry_csv(c, r, key, &b)) != ZW_OK) {
			zw_buf_free(&b);
			snprintf(errbuf, errlen, "registry unreadable: %s", zw_conn_errmsg(c));
			return rc;
		}
		sd->registry_persons = r == ZW_REG_PERSONS;
		sd->p = zw_buf_detach(&b, &sd->n);
		return ZW_OK;
	}
}

static void
xerr_state(struct zw_xerr *e)
{
	e->code = "registry_keys";
	e->line = 0;
	e->field[0] = '\0';
	(void)snprintf(e->message, sizeof(e->message), "基础库密钥不可用");
}

/* Rewrite the keys of t (ID numbers) as their keyed index in hex, the
 * form of the persons registry side; invalid numbers keep their text
 * (they can only be only_left). */
static int
persons_rekey(zw_arena *a, struct zw_xtab *t, struct zw_xerr *e)
{
	const struct zw_reg_keys *k = zw_registry_keys();
	struct zw_reg_keys *d = NULL;
	size_t i;
	int rc;

	if (k == NULL && g_app == NULL) {
		xerr_state(e);
		return ZW_ESTATE;
	}
	if (k == NULL) {
		d = zw_alloc(a, sizeof(*d));
		zw_registry_keys_derive(g_app->master_key, d);
		k = d;
	}
	for (i = 0; i < t->nrows; i++) {
		struct zw_xrow *row = &t->rows[i];
		struct zw_id_result ir;
		unsigned char idx[ZW_REG_INDEX_LEN];
		char key[64], norm[19], *hex;

		if (row->keylen >= sizeof(key))
			continue;
		memcpy(key, row->key, row->keylen);
		key[row->keylen] = '\0';
		if (zw_registry_normalize_key(ZW_REG_PERSONS, key, norm, &ir) != ZW_OK)
			continue;
		zw_registry_index(k, norm, idx);
		hex = zw_alloc(a, 2 * ZW_REG_INDEX_LEN + 1);
		zw_hex(idx, ZW_REG_INDEX_LEN, hex);
		row->key = hex;
		row->keylen = 2 * ZW_REG_INDEX_LEN;
	}
	rc = zw_xtab_sort(t, e);
	if (d != NULL)
		zw_wipe(d, sizeof(*d));
	return rc;
}

struct prog {
	zw_conn *c;
	int64_t id;
};

static void
progress(void *arg, int64_t done, int64_t total)
{
	struct prog *p = arg;
	zw_stmt *s;

	if (zw_prepare(p->c, "UPDATE comparisons SET rows_read = ?, rows_total = ? "
	    "WHERE id = ?", &s) != ZW_OK)
		return;
	zw_bind_int(s, 1, done);
	zw_bind_int(s, 2, total);
	zw_bind_int(s, 3, p->id);
	(void)zw_step(s);
}

static int
set_status(zw_conn *c, int64_t id, const char *status, const char *code,
    const char *msg)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "UPDATE comparisons SET status = ?, error_code = ?, "
	    "error = ?, started_at = COALESCE(started_at, ?), finished_at = ? "
	    "WHERE id = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_text(s, 1, status, (size_t)-1);
	zw_bind_text(s, 2, code ? code : "", (size_t)-1);
	zw_bind_text(s, 3, msg ? msg : "", (size_t)-1);
	zw_bind_int(s, 4, zw_now());
	if (strcmp(status, "running") == 0)
		zw_bind_null(s, 5);
	else
		zw_bind_int(s, 5, zw_now());
	zw_bind_int(s, 6, id);
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

/* The displayed key of a left row: its key column as written. */
static const char *
shown_key(zw_arena *a, const struct zw_xtab *t, const struct zw_xrow *row,
    bool rekeyed)
{
	const char *f[ZW_X_MAX_COLUMNS];
	size_t len[ZW_X_MAX_COLUMNS];

	if (!rekeyed)
		return zw_astrndup(a, row->key, row->keylen);
	if (zw_xrow_fields(a, row->line, row->linelen, t->ncols, f, len) != ZW_OK)
		return "";
	return zw_astrndup(a, f[t->keycol], len[t->keycol]);
}

static int
store_results(zw_conn *c, zw_arena *a, int64_t id, const struct zw_xtab *l,
    const struct zw_xtab *r, const struct zw_xcmp *o, bool rekeyed)
{
	const char *lf[ZW_X_MAX_COLUMNS], *rf[ZW_X_MAX_COLUMNS];
	size_t lfl[ZW_X_MAX_COLUMNS], rfl[ZW_X_MAX_COLUMNS], i;
	json_t *fd = json_object();
	struct zw_actor sys = { 0 };
	zw_stmt *s;
	int rc = ZW_OK, f;

	for (f = 0; f < o->nfields; f++)
		json_object_set_new(fd, o->fields[f], json_integer(o->field_diffs[f]));
	for (i = 0; i < o->ndiffs && rc == ZW_OK; i++) {
		const struct zw_xdiff *d = &o->diffs[i];
		const char *kind, *key;
		json_t *det;

		if (d->kind == ZW_X_ONLY_LEFT) {
			kind = "only_left";
			key = shown_key(a, l, d->l, rekeyed);
			det = json_pack("{s:o}", "row", x_row_json(a, l, d->l));
		} else if (d->kind == ZW_X_ONLY_RIGHT) {
			kind = "only_right";
			key = zw_astrndup(a, d->r->key, d->r->keylen);
			det = rekeyed ? json_pack("{s:b}", "sealed", 1) :
			    json_pack("{s:o}", "row", x_row_json(a, r, d->r));
		} else {
			json_t *fs = json_array();

			kind = "different";
			key = shown_key(a, l, d->l, rekeyed);
			if (zw_xrow_fields(a, d->l->line, d->l->linelen, l->ncols, lf, lfl) ==
			    ZW_OK && zw_xrow_fields(a, d->r->line, d->r->linelen, r->ncols,
			    rf, rfl) == ZW_OK)
				for (f = 0; f < o->nfields; f++) {
					if (!(d->mask & ((uint64_t)1 << f)))
						continue;
					json_array_append_new(fs, json_pack("{s:s, s:s%, s:s%}",
					    "field", o->fields[f],
					    "left", lf[o->lmap[f]], lfl[o->lmap[f]],
					    "right", rf[o->rmap[f]], rfl[o->rmap[f]]));
				}
			det = json_pack("{s:o}", "fields", fs);
		}
		if ((rc = zw_prepare(c, "INSERT INTO comparison_results (comparison_id, "
		    "kind, key, detail) VALUES (?, ?, ?, ?)", &s)) == ZW_OK) {
			zw_bind_int(s, 1, id);
			zw_bind_text(s, 2, kind, (size_t)-1);
			zw_bind_text(s, 3, key, (size_t)-1);
			zw_bind_text(s, 4, zw_json_dump(a, det), (size_t)-1);
			rc = zw_step(s);
			rc = rc < 0 ? rc : ZW_OK;
		}
		json_decref(det);
	}
	if (rc == ZW_OK &&
	    (rc = zw_prepare(c, "UPDATE comparisons SET status = 'done', "
	    "left_rows = ?, right_rows = ?, only_left = ?, only_right = ?, "
	    "both_same = ?, both_different = ?, field_diffs = ?, "
	    "results_truncated = ?, rows_read = ?, rows_total = ?, finished_at = ? "
	    "WHERE id = ?", &s)) == ZW_OK) {
		int64_t total = (int64_t)(l->nrows + r->nrows);

		zw_bind_int(s, 1, (int64_t)l->nrows);
		zw_bind_int(s, 2, (int64_t)r->nrows);
		zw_bind_int(s, 3, o->only_left);
		zw_bind_int(s, 4, o->only_right);
		zw_bind_int(s, 5, o->both_same);
		zw_bind_int(s, 6, o->both_different);
		zw_bind_text(s, 7, zw_json_dump(a, fd), (size_t)-1);
		zw_bind_int(s, 8, o->truncated ? 1 : 0);
		zw_bind_int(s, 9, total);
		zw_bind_int(s, 10, total);
		zw_bind_int(s, 11, zw_now());
		zw_bind_int(s, 12, id);
		rc = zw_step(s);
		rc = rc < 0 ? rc : ZW_OK;
	}
	if (rc == ZW_OK) {
		sys.login = "system";
		sys.scope = ZW_SCOPE_ALL;
		rc = x_audit(c, &sys, "comparison.finish", "comparison", id,
		    json_pack("{s:I, s:I, s:I, s:I}", "only_left",
		    (json_int_t)o->only_left, "only_right", (json_int_t)o->only_right,
		    "both_same", (json_int_t)o->both_same, "both_different",
		    (json_int_t)o->both_different));
	}
	json_decref(fd);
	return rc;
}

/*
 * A comparison against a registry read the records whose keys both sides
 * hold: each of those subjects gets its row in the data-access log, as
 * the comparison's creator (its organization), with the stated 事由 and
 * 业务编号.  The persons side is keyed by the hex keyed index already
 * (persons_rekey); legal persons by USCC, indexed here.
 */
static int
log_registry_reads(zw_conn *c, zw_arena *a, int64_t id, json_t *spec,
    const struct zw_xtab *l, const struct zw_xtab *r)
{
	const char *reg = json_string_value(json_object_get(json_object_get(spec,
	    "right"), "registry"));
	const struct zw_reg_keys *k = zw_registry_keys();
	struct zw_actor who = { 0 };
	unsigned char *subj;
	size_t i = 0, j = 0, n = 0;
	enum zw_reg rg;
	zw_stmt *s;
	int rc;

	if (reg == NULL || zw_reg_parse(reg, &rg) != ZW_OK)
		return ZW_OK;	/* no registry side */
	if (k == NULL)
		return ZW_ESTATE;
	if ((rc = zw_prepare(c, "SELECT u.id, u.login, u.org_id FROM comparisons x "
	    "JOIN users u ON u.id = x.created_by WHERE x.id = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) == ZW_ROW) {
		who.id = zw_col_int(s, 0);
		who.login = zw_astrdup(a, zw_col_text(s, 1));
		who.org_id = zw_col_int(s, 2);
		zw_reset(s);
	} else if (rc < 0)
		return rc;
	subj = zw_alloc(a, (l->nrows < r->nrows ? l->nrows : r->nrows) *
	    ZW_REG_INDEX_LEN + 1);
	/* both sides are sorted by key: one merge pass finds the common keys */
	while (i < l->nrows && j < r->nrows) {
		const struct zw_xrow *x = &l->rows[i], *y = &r->rows[j];
		size_t m = x->keylen < y->keylen ? x->keylen : y->keylen;
		int cmp = memcmp(x->key, y->key, m);

		if (cmp == 0)
			cmp = x->keylen < y->keylen ? -1 : x->keylen > y->keylen;
		if (cmp < 0) {
			i++;
			continue;
		}
		if (cmp > 0) {
			j++;
			continue;
		}
		if (rg == ZW_REG_PERSONS) {
			if (zw_unhex(x->key, x->keylen, subj + n * ZW_REG_INDEX_LEN,
			    ZW_REG_INDEX_LEN) == ZW_OK)
				n++;
		} else {
			char uscc[19];

			if (x->keylen == 18) {
				memcpy(uscc, x->key, 18);
				uscc[18] = '\0';
				zw_registry_index(k, uscc, subj + n * ZW_REG_INDEX_LEN);
				n++;
			}
		}
		i++;
		j++;
	}
	{
		json_t *f, *fs = json_object_get(spec, "fields");
		zw_buf items;
		size_t q;

		zw_buf_init(&items, ZW_X_MAX_COLUMNS * (ZW_X_MAX_COLNAME + 1) + 2);
		zw_buf_putc(&items, ',');
		json_array_foreach(fs, q, f) {
			zw_buf_puts(&items, json_string_value(f));
			zw_buf_putc(&items, ',');
		}
		rc = zw_registry_log_bulk(c, &who, rg, subj, n,
		    zw_json_str(spec, "purpose"), zw_json_str(spec, "case_ref"),
		    json_array_size(fs) > 0 ? items.p : ",*,",
		    zw_aprintf(a, "数据比对#%lld", (long long)id));
		zw_buf_free(&items);
	}
	return rc;
}

int
zw_comparison_run(zw_conn *c, const char *datadir, int64_t id, char *errbuf,
    size_t errlen)
{
	struct side ls = { NULL, 0, "左侧", false }, rs = { NULL, 0, "右侧", false };
	struct zw_xerr le = { 0 }, re = { 0 };
	struct zw_xtab lt, rt;
	struct zw_xcmp o;
	struct prog pg = { c, id };
	const char *fields[ZW_X_MAX_COLUMNS];
	size_t nfields = 0, i;
	zw_arena *a = zw_arena_new();
	json_t *spec = NULL, *fa, *v;
	char key[ZW_X_MAX_COLNAME + 1], status[16], msg[400];
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT spec, key_column, status FROM comparisons "
	    "WHERE id = ?", &s)) != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	spec = json_loads(zw_col_text(s, 0), 0, NULL);
	zw_strlcpy(key, zw_col_text(s, 1), sizeof(key));
	zw_strlcpy(status, zw_col_text(s, 2), sizeof(status));
	zw_reset(s);
	if (strcmp(status, "done") == 0 || strcmp(status, "failed") == 0) {
		rc = ZW_OK;	/* ran already */
		goto out;
	}
	if (spec == NULL) {
		rc = ZW_EINVAL;
		goto out;
	}
	/* a retry starts over */
	if ((rc = zw_prepare(c, "DELETE FROM comparison_results WHERE "
	    "comparison_id = ?", &s)) != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) < 0 ||
	    (rc = set_status(c, id, "running", NULL, NULL)) != ZW_OK)
		goto out;
	fa = json_object_get(spec, "fields");
	json_array_foreach(fa, i, v)
		if (nfields < ZW_X_MAX_COLUMNS && json_is_string(v))
			fields[nfields++] = json_string_value(v);
	if ((rc = load_side(c, datadir, json_object_get(spec, "left"), key, &ls,
	    errbuf, errlen)) != ZW_OK ||
	    (rc = load_side(c, datadir, json_object_get(spec, "right"), key, &rs,
	    errbuf, errlen)) != ZW_OK)
		goto out;
	rc = zw_xtab_parse_pair(a, ls.p ? ls.p : "", ls.n, rs.p ? rs.p : "", rs.n, key,
	    &lt, &rt, &le, &re);
	if (rc == ZW_OK && rs.registry_persons)
		rc = persons_rekey(a, &lt, &le);
	if (rc == ZW_EINVAL) {
		const struct zw_xerr *e = le.code != NULL ? &le : &re;

		(void)snprintf(msg, sizeof(msg), "%s数据：%s", e == &le ? "左侧" : "右侧",
		    e->message);
		rc = set_status(c, id, "failed", e->code, msg);
		goto out;
	}
	if (rc != ZW_OK)
		goto out;
	progress(&pg, 0, (int64_t)(lt.nrows + rt.nrows));
	rc = zw_xcompare(a, &lt, &rt, nfields ? fields : NULL, nfields,
	    ZW_X_RESULTS_KEPT, progress, &pg, &o, &le);
	if (rc == ZW_EINVAL) {
		rc = set_status(c, id, "failed", le.code, le.message);
		goto out;
	}
	if (rc != ZW_OK)
		goto out;
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	if ((rc = store_results(c, a, id, &lt, &rt, &o, rs.registry_persons)) != ZW_OK ||
	    (rc = log_registry_reads(c, a, id, spec, &lt, &rt)) != ZW_OK) {
		zw_tx_rollback(c);
		goto out;
	}
	rc = zw_tx_commit(c);
out:
	if (rc != ZW_OK && errbuf[0] == '\0')
		(void)snprintf(errbuf, errlen, "comparison %lld: %s", (long long)id,
		    zw_strerror(rc));
	json_decref(spec);
	zw_free(ls.p);
	zw_free(rs.p);
	zw_arena_free(a);
	return rc;
}

static int
job_compare(zw_conn *c, struct zw_arena *a, int64_t job_id, const char *payload,
    char *errbuf, size_t errlen)
{
	json_t *p = json_loads(payload ? payload : "", 0, NULL);
	int64_t id = p ? (int64_t)json_integer_value(json_object_get(p, "id")) : 0;
	int rc;

	(void)a;
	(void)job_id;
	json_decref(p);
	if (id <= 0 || g_app == NULL) {
		snprintf(errbuf, errlen, "exchange.compare: bad payload");
		return ZW_EINVAL;
	}
	errbuf[0] = '\0';
	rc = zw_comparison_run(c, g_app->datadir, id, errbuf, errlen);
	if (rc != ZW_OK) {
		zw_warn("comparison %lld: %s", (long long)id, errbuf);
		(void)set_status(c, id, "queued", "retry", errbuf);
	}
	return rc;
}

int
zw_exchange_jobs_init(struct zw_app *app)
{
	g_app = app;
	zw_job_register(JOB_KIND, job_compare);
	zw_exchange_deliver_init(app);
	return ZW_OK;
}
