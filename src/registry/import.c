/*
 * import.c -- CSV imports into the registries: validate everything,
 * then write everything in one transaction, or nothing.
 *
 * Pass 1 (validation) splits the file into one share of whole lines per
 * thread.  Each thread checks its lines (column count, UTF-8, every
 * rule of validate.c), computes the key of each accepted line (the
 * keyed index of the ID number; the USCC itself) and sorts its lines by
 * key; the shares are then merged, which puts duplicate keys side by
 * side.  An accepted line costs 32 bytes of memory (key prefix, offset,
 * line number, length), so 10 million people need 320 MB.
 *
 * Pass 2 (writing) walks the lines in key order.  A producer thread
 * re-reads each line and seals its personal data (SM4); the calling
 * thread, which owns the connection, writes.  Key order makes the
 * clustered primary key an append (SQLite WITHOUT ROWID, a PostgreSQL
 * B-tree) instead of random page writes.  Into an empty table rows go
 * 64 to an INSERT; otherwise each line is an upsert: a new key is
 * inserted, an identical record left alone, a changed one updated with
 * the previous version copied to the history.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "registry/reg_int.h"

#define IMP_MAX_THREADS		8
#define IMP_THREAD_MIN_BYTES	(1u << 20)	/* below: one thread */
#define IMP_BATCH		256	/* records handed over at once */
#define IMP_MULTI		16	/* rows of one multi-row INSERT */
#define IMP_DELETED		UINT32_MAX	/* len of a row dropped as duplicate */
#define IMP_LOCK_BASE		INT64_C(0x7a77726567000000)	/* "zwreg": PG advisory lock */

/* One accepted line. */
struct imp_row {
	unsigned char key[ZW_REG_INDEX_LEN];	/* index / first 16 USCC chars */
	uint64_t off;
	uint32_t line;
	uint32_t len;
};
_Static_assert(sizeof(struct imp_row) == 32, "imp_row is 32 bytes");

struct imp {
	enum zw_reg reg;
	const struct zw_reg_keys *k;
	const char *data;
	size_t n;
	int map[REG_COLS_MAX];	/* column -> field index, -1 when absent */
	int nfields;		/* fields of the header line */
	char today[11];
};

struct imp_rej {
	uint32_t line;
	const char *code, *message, *field;
};

/* One thread's share of pass 1. */
struct imp_part {
	struct imp *im;
	size_t b, e;		/* whole lines */
	uint32_t first_line;	/* number of the share's first line */
	uint32_t lines;
	struct imp_row *rows;
	size_t nrows, caprows;
	struct imp_rej *rej;
	size_t nrej, caprej;
	int64_t rejected;
	zw_arena *a;
	int64_t bad_utf8;	/* lines that are not UTF-8 */
	int64_t data_lines;	/* lines that are not blank */
};

/* A record ready to write. */
struct imp_rec {
	unsigned char key[ZW_REG_INDEX_LEN];
	uint32_t line;
	size_t piilen;
	unsigned char pii[REG_PII_MAX];
	union {
		struct reg_person p;
		struct reg_legal l;
	} u;
};

/* ---- header ---- */

/* Header aliases in Chinese, as exported by most registry systems. */
static const struct {
	enum zw_reg reg;
	int col;
	const char *name;
} aliases[] = {
	{ ZW_REG_PERSONS, PC_ID, "公民身份号码" },
	{ ZW_REG_PERSONS, PC_ID, "身份证号" },
	{ ZW_REG_PERSONS, PC_ID, "身份证号码" },
	{ ZW_REG_PERSONS, PC_NAME, "姓名" },
	{ ZW_REG_PERSONS, PC_ETHNICITY, "民族" },
	{ ZW_REG_PERSONS, PC_REGION, "户籍地行政区划代码" },
	{ ZW_REG_PERSONS, PC_REGION, "行政区划代码" },
	{ ZW_REG_PERSONS, PC_ADDRESS, "住址" },
	{ ZW_REG_PERSONS, PC_STATUS, "户籍状态" },
	{ ZW_REG_PERSONS, PC_STATUS, "状态" },
	{ ZW_REG_PERSONS, PC_PHONE, "联系电话" },
	{ ZW_REG_PERSONS, PC_SEX, "性别" },
	{ ZW_REG_PERSONS, PC_BIRTH, "出生日期" },
	{ ZW_REG_LEGAL, LC_USCC, "统一社会信用代码" },
	{ ZW_REG_LEGAL, LC_NAME, "名称" },
	{ ZW_REG_LEGAL, LC_REP, "法定代表人" },
	{ ZW_REG_LEGAL, LC_CAPITAL, "注册资本" },
	{ ZW_REG_LEGAL, LC_ADDRESS, "住所" },
	{ ZW_REG_LEGAL, LC_ESTABLISHED, "成立日期" },
	{ ZW_REG_LEGAL, LC_STATUS, "登记状态" },
	{ ZW_REG_LEGAL, LC_STATUS, "状态" },
	{ ZW_REG_LEGAL, LC_TYPE, "机构类别" },
	{ ZW_REG_LEGAL, LC_AUTHORITY, "登记管理部门" },
};

static int
header_col(enum zw_reg reg, struct reg_field h)
{
	int c;
	size_t i;

	for (c = 0; c < reg_ncols(reg); c++) {
		const char *nm = reg_col_name(reg, c);

		if (strlen(nm) == h.n && strncasecmp(nm, h.p, h.n) == 0)
			return c;
	}
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (aliases[i].reg == reg && strlen(aliases[i].name) == h.n &&
		    memcmp(aliases[i].name, h.p, h.n) == 0)
			return aliases[i].col;
	return -1;
}

/* Read the header line at [p, p+len).  false with why. */
static bool
read_header(struct imp *im, zw_arena *a, const char *p, size_t len,
    struct zw_why *why)
{
	struct reg_field f[ZW_REG_MAX_COLUMNS];
	char scratch[ZW_CSV_MAX_LINE];
	int nf, i, c;

	for (c = 0; c < REG_COLS_MAX; c++)
		im->map[c] = -1;
	if (len > ZW_CSV_MAX_LINE) {
		ZW_WHY(why, "bad_header", "表头行过长", NULL);
		return false;
	}
	nf = reg_csv_split(p, len, f, ZW_REG_MAX_COLUMNS, scratch);
	if (nf < 0) {
		ZW_WHY(why, "bad_header", nf == REG_CSV_TOOMANY ?
		    zw_aprintf(a, "表头列数超过%d列", ZW_REG_MAX_COLUMNS) :
		    "表头行的引号不配对", NULL);
		return false;
	}
	for (i = 0; i < nf; i++) {
		if ((c = header_col(im->reg, f[i])) < 0)
			continue;	/* "more columns may follow" */
		if (im->map[c] >= 0) {
			ZW_WHY(why, "bad_header", zw_aprintf(a, "表头中列“%s”出现了两次",
			    reg_col_name(im->reg, c)), NULL);
			return false;
		}
		im->map[c] = i;
	}
	for (c = 0; c < reg_ncols(im->reg); c++)
		if (reg_col_required(im->reg, c) && im->map[c] < 0) {
			ZW_WHY(why, "missing_column", zw_aprintf(a,
			    "表头缺少必需的列“%s”（第1行应为：%s）",
			    reg_col_name(im->reg, c), im->reg == ZW_REG_PERSONS ?
			    "id_number,name,ethnicity,region_code,address,status" :
			    "uscc,name,legal_representative,registered_capital,"
			    "address,established_on,status"), reg_col_name(im->reg, c));
			return false;
		}
	im->nfields = nf;
	return true;
}

/* ---- pass 1: validation ---- */

static void
part_reject(struct imp_part *pt, uint32_t line, const char *code,
    const char *message, const char *field)
{
	pt->rejected++;
	if (pt->nrej >= ZW_REG_MAX_REJECTS_KEPT)
		return;
	if (pt->nrej == pt->caprej) {
		pt->caprej = pt->caprej ? pt->caprej * 2 : 64;
		pt->rej = zw_realloc(pt->rej, pt->caprej * sizeof(*pt->rej));
	}
	pt->rej[pt->nrej].line = line;
	pt->rej[pt->nrej].code = code;
	pt->rej[pt->nrej].message = zw_astrdup(pt->a, message);
	pt->rej[pt->nrej].field = field;
	pt->nrej++;
}

/*
 * Split and validate the line [p, p+len).  OUT: the record in *rec
 * (u and, for persons, key).  false with *e.
 */
static bool
check_line(struct imp *im, const char *p, size_t len, char *scratch,
    struct imp_rec *rec, struct reg_err *e)
{
	struct reg_field f[ZW_REG_MAX_COLUMNS];
	int nf;

	if (len > ZW_CSV_MAX_LINE) {
		snprintf(e->buf, sizeof(e->buf), "行长度超过%u字节", ZW_CSV_MAX_LINE);
		e->code = "line_too_long";
		e->message = e->buf;
		e->field = NULL;
		return false;
	}
	nf = reg_csv_split(p, len, f, ZW_REG_MAX_COLUMNS, scratch);
	if (nf < 0) {
		e->code = "bad_quote";
		e->message = nf == REG_CSV_TOOMANY ? "列数过多" :
		    "引号不配对（字段中的引号应写成两个引号）";
		e->field = NULL;
		return false;
	}
	if (nf != im->nfields) {
		snprintf(e->buf, sizeof(e->buf), "本行有%d列，表头有%d列", nf,
		    im->nfields);
		e->code = "column_count";
		e->message = e->buf;
		e->field = NULL;
		return false;
	}
	if (im->reg == ZW_REG_PERSONS) {
		if (!reg_check_person(f, im->map, im->today, &rec->u.p, e))
			return false;
		reg_index(im->k, rec->u.p.id, 18, rec->key);
	} else {
		if (!reg_check_legal(f, im->map, im->today, &rec->u.l, e))
			return false;
		memcpy(rec->key, rec->u.l.uscc, ZW_REG_INDEX_LEN);
	}
	return true;
}

static int
row_cmp(const void *x, const void *y)
{
	const struct imp_row *a = x, *b = y;
	int c = memcmp(a->key, b->key, ZW_REG_INDEX_LEN);

	if (c != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

static void *
part_run(void *arg)
{
	struct imp_part *pt = arg;
	struct imp *im = pt->im;
	struct imp_rec *rec = zw_malloc(sizeof(*rec));
	char *scratch = zw_malloc(ZW_CSV_MAX_LINE + 1);
	size_t pos = pt->b;
	uint32_t line = pt->first_line;

	while (pos < pt->e) {
		const char *p = im->data + pos;
		const char *nl = memchr(p, '\n', pt->e - pos);
		size_t len = nl != NULL ? (size_t)(nl - p) : pt->e - pos;
		struct reg_err e;

		pos += len + (nl != NULL);
		pt->lines++;
		line = pt->first_line + pt->lines - 1;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;	/* blank lines are not records */
		pt->data_lines++;
		if (!zw_utf8_valid(p, len)) {
			pt->bad_utf8++;
			part_reject(pt, line, "bad_utf8",
			    "不是有效的 UTF-8 文本（文件应为 UTF-8 编码）", NULL);
			continue;
		}
		if (!check_line(im, p, len, scratch, rec, &e)) {
			part_reject(pt, line, e.code, e.message, e.field);
			continue;
		}
		if (pt->nrows == pt->caprows) {
			pt->caprows = pt->caprows ? pt->caprows * 2 : 1024;
			pt->rows = zw_realloc(pt->rows, pt->caprows * sizeof(*pt->rows));
		}
		memcpy(pt->rows[pt->nrows].key, rec->key, ZW_REG_INDEX_LEN);
		pt->rows[pt->nrows].off = (uint64_t)(p - im->data);
		pt->rows[pt->nrows].line = line;
		pt->rows[pt->nrows].len = (uint32_t)len;
		pt->nrows++;
	}
	(void)line;
	if (pt->nrows > 1)
		qsort(pt->rows, pt->nrows, sizeof(*pt->rows), row_cmp);
	zw_wipe(rec, sizeof(*rec));
	zw_free(rec);
	zw_free(scratch);
	return NULL;
}

static int
rej_cmp(const void *x, const void *y)
{
	const struct zw_reg_reject *a = x, *b = y;

	return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * The record of an accepted row, read again.  A person is only split
 * and copied (pass 1 checked these very bytes); a legal person is
 * checked again, which also derives its type and authority.  Never
 * fails for a row pass 1 accepted.
 */
static bool
reparse(struct imp *im, const struct imp_row *r, char *scratch,
    struct imp_rec *rec)
{
	struct reg_field f[ZW_REG_MAX_COLUMNS];
	struct reg_err e;

	rec->line = r->line;
	if (im->reg == ZW_REG_PERSONS) {
		if (reg_csv_split(im->data + r->off, r->len, f, ZW_REG_MAX_COLUMNS,
		    scratch) != im->nfields) {
			zw_error("registry import: line %u no longer parses", r->line);
			return false;
		}
		reg_fill_person(f, im->map, &rec->u.p);
		return true;
	}
	if (!check_line(im, im->data + r->off, r->len, scratch, rec, &e)) {
		zw_error("registry import: line %u no longer parses: %s",
		    r->line, e.message);
		return false;
	}
	return true;
}

/* Full key of a row (ID number or USCC), for ties of the 16-byte key. */
static bool
full_key(struct imp *im, const struct imp_row *r, char *scratch,
    struct imp_rec *rec, char out[19])
{
	if (!reparse(im, r, scratch, rec))
		return false;
	memcpy(out, im->reg == ZW_REG_PERSONS ? rec->u.p.id : rec->u.l.uscc, 19);
	return true;
}

struct rejlist {
	struct zw_reg_reject *v;
	size_t n, cap;
	int64_t count;
};

static void
rejlist_add(struct rejlist *l, int64_t line, const char *code,
    const char *message, const char *field)
{
	l->count++;
	if (l->n >= ZW_REG_MAX_REJECTS_KEPT)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = zw_realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].line = line;
	l->v[l->n].code = code;
	l->v[l->n].message = message;
	l->v[l->n].field = field;
	l->n++;
}

/*
 * Mark every row of a key that occurs more than once (all of them: the
 * file does not say which one is right).  rows is sorted by (key, line).
 */
static int
find_duplicates(struct imp *im, struct imp_row **rows, size_t n,
    struct rejlist *rej, zw_arena *a)
{
	const char *field = im->reg == ZW_REG_PERSONS ? "id_number" : "uscc";
	const char *what = im->reg == ZW_REG_PERSONS ? "公民身份号码" :
	    "统一社会信用代码";
	struct imp_rec *rec = zw_malloc(sizeof(*rec));
	char *scratch = zw_malloc(ZW_CSV_MAX_LINE + 1);
	size_t i = 0, j, x, y;
	int rc = ZW_OK;

	while (i < n) {
		for (j = i + 1; j < n && memcmp(rows[j]->key, rows[i]->key,
		    ZW_REG_INDEX_LEN) == 0; j++)
			;
		if (j - i > 1) {
			/* rows[i..j) share 16 key bytes: compare full keys */
			char (*keys)[19] = zw_alloc(a, (j - i) * 19);

			for (x = i; x < j; x++)
				if (!full_key(im, rows[x], scratch, rec, keys[x - i])) {
					rc = ZW_EINVAL;
					goto out;
				}
			for (x = i; x < j; x++) {
				uint32_t first = 0;
				int64_t others = 0;

				for (y = i; y < j; y++)
					if (y != x && strcmp(keys[x - i], keys[y - i]) == 0) {
						if (first == 0 || rows[y]->line < first)
							first = rows[y]->line;
						others++;
					}
				if (others == 0)
					continue;
				rejlist_add(rej, rows[x]->line, "duplicate_key",
				    first < rows[x]->line ?
				    zw_aprintf(a, "%s与第%u行重复", what, first) :
				    zw_aprintf(a, "%s在文件中重复出现（另见第%u行）", what,
				    first), field);
			}
			/* drop them after the comparisons */
			for (x = i; x < j; x++) {
				for (y = i; y < j; y++)
					if (y != x && strcmp(keys[x - i], keys[y - i]) == 0)
						break;
				if (y < j)
					rows[x]->len = IMP_DELETED;
			}
		}
		i = j;
	}
out:
	zw_wipe(rec, sizeof(*rec));
	zw_free(rec);
	zw_free(scratch);
	return rc;
}

/* The threads' sorted rows as one sorted sequence of pointers (the rows
 * stay where they are: 8 bytes a line instead of a 32-byte copy).
 * OUT: *n. */
static struct imp_row **
merge_parts(struct imp_part *pt, int np, size_t *n)
{
	size_t total = 0, pos[IMP_MAX_THREADS] = { 0 }, o = 0;
	struct imp_row **out;
	int i;

	for (i = 0; i < np; i++)
		total += pt[i].nrows;
	*n = total;
	out = zw_malloc((total ? total : 1) * sizeof(*out));
	while (o < total) {
		int best = -1;

		for (i = 0; i < np; i++)
			if (pos[i] < pt[i].nrows && (best < 0 ||
			    row_cmp(&pt[i].rows[pos[i]], &pt[best].rows[pos[best]]) < 0))
				best = i;
		out[o++] = &pt[best].rows[pos[best]++];
	}
	return out;
}

/* ---- pass 2: writing ---- */

/*
 * Pass 2's pipeline: P producers prepare batches of IMP_BATCH rows
 * (batch b by producer b % P) into a ring of 2P slots; the writer takes
 * batches in order, so rows reach the database in key order.  Slot
 * b % NSLOT only ever holds batches b, b + NSLOT, ... and is free again
 * once the writer has taken the previous one.
 */
#define PIPE_MAX_PRODUCERS	IMP_MAX_THREADS
#define PIPE_MAX_SLOTS		(2 * PIPE_MAX_PRODUCERS)

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct imp_rec *slot[PIPE_MAX_SLOTS];
	size_t fill[PIPE_MAX_SLOTS];	/* records in a full slot */
	int64_t seq[PIPE_MAX_SLOTS];	/* the batch a full slot holds */
	bool full[PIPE_MAX_SLOTS];
	int nslots, nproducers;
	bool stop;		/* the writer gave up */
	int err;		/* first producer error */
	struct imp *im;
	struct imp_row *const *rows;
	size_t nrows;
	int64_t nbatches;
};

struct producer_arg {
	struct pipe *pp;
	int id;
};

/* Prepare one record: read the line again, seal the personal data. */
static int
prepare(struct imp *im, const struct imp_row *r, char *scratch,
    struct imp_rec *rec)
{
	if (!reparse(im, r, scratch, rec))
		return ZW_EINVAL;
	memcpy(rec->key, r->key, ZW_REG_INDEX_LEN);
	if (im->reg == ZW_REG_PERSONS)
		return reg_pii_seal(im->k, rec->u.p.id, rec->u.p.phone,
		    strlen(rec->u.p.phone), rec->pii, &rec->piilen);
	rec->piilen = 0;
	return ZW_OK;
}

/* Prepare batch b into recs.  OUT: *k records. */
static int
prepare_batch(struct pipe *pp, int64_t b, char *scratch, struct imp_rec *recs,
    size_t *k)
{
	size_t i = (size_t)b * IMP_BATCH, e = i + IMP_BATCH;
	int rc = ZW_OK;

	*k = 0;
	if (e > pp->nrows)
		e = pp->nrows;
	for (; i < e && rc == ZW_OK; i++)
		if (pp->rows[i]->len != IMP_DELETED &&
		    (rc = prepare(pp->im, pp->rows[i], scratch, &recs[*k])) == ZW_OK)
			(*k)++;
	return rc;
}

static void *
producer(void *arg)
{
	struct producer_arg *pa = arg;
	struct pipe *pp = pa->pp;
	char *scratch = zw_malloc(ZW_CSV_MAX_LINE + 1);
	int64_t b;
	int rc = ZW_OK;

	for (b = pa->id; b < pp->nbatches && rc == ZW_OK; b += pp->nproducers) {
		int sl = (int)(b % pp->nslots);
		size_t k = 0;

		pthread_mutex_lock(&pp->mu);
		while (pp->full[sl] && !pp->stop)
			pthread_cond_wait(&pp->cv, &pp->mu);
		pthread_mutex_unlock(&pp->mu);
		if (pp->stop)
			break;
		rc = prepare_batch(pp, b, scratch, pp->slot[sl], &k);
		pthread_mutex_lock(&pp->mu);
		if (rc != ZW_OK && pp->err == ZW_OK)
			pp->err = rc;
		pp->fill[sl] = k;
		pp->seq[sl] = b;
		pp->full[sl] = true;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
	}
	zw_free(scratch);
	return NULL;
}

/* What the writer needs besides the records. */
struct writer {
	zw_conn *c;
	struct imp *im;
	const struct zw_actor *who;
	int64_t batch_id;
	int64_t now;
	bool empty;		/* the table had no rows: insert only */
	bool has_phone;		/* the file has a phone column */
	zw_buf multi;		/* multi-row INSERT text */
	zw_buf single;
	struct zw_reg_report *rep;
};

static const char person_cols_sql[] = "INSERT INTO persons (id_key, pii, name, "
    "sex, birth_date, ethnicity, region_code, address, status, version, "
    "batch_id, created_at, updated_at) VALUES ";
static const char person_vals_sql[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)";
static const char legal_cols_sql[] = "INSERT INTO legal_persons (uscc, name, "
    "org_type, authority, region_code, legal_representative, "
    "registered_capital, address, established_on, status, version, "
    "batch_id, created_at, updated_at) VALUES ";
static const char legal_vals_sql[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)";

static void
insert_sql(zw_buf *b, enum zw_reg reg, int rows)
{
	int i;

	zw_buf_reset(b);
	zw_buf_puts(b, reg == ZW_REG_PERSONS ? person_cols_sql : legal_cols_sql);
	for (i = 0; i < rows; i++) {
		if (i > 0)
			zw_buf_puts(b, ", ");
		zw_buf_puts(b, reg == ZW_REG_PERSONS ? person_vals_sql : legal_vals_sql);
	}
}

/* Bind one record's values from parameter p on.  Returns the next p. */
static int
bind_rec(struct writer *w, zw_stmt *s, int p, const struct imp_rec *r)
{
	if (w->im->reg == ZW_REG_PERSONS) {
		const struct reg_person *x = &r->u.p;

		zw_bind_blob(s, p++, r->key, ZW_REG_INDEX_LEN);
		zw_bind_blob(s, p++, r->pii, r->piilen);
		zw_bind_text(s, p++, x->name, (size_t)-1);
		zw_bind_text(s, p++, x->sex, (size_t)-1);
		zw_bind_text(s, p++, x->birth, (size_t)-1);
		zw_bind_text(s, p++, x->ethnicity, (size_t)-1);
		zw_bind_text(s, p++, x->region, (size_t)-1);
		zw_bind_text(s, p++, x->address, (size_t)-1);
		zw_bind_text(s, p++, x->status, (size_t)-1);
	} else {
		const struct reg_legal *x = &r->u.l;

		zw_bind_text(s, p++, x->uscc, (size_t)-1);
		zw_bind_text(s, p++, x->name, (size_t)-1);
		zw_bind_text(s, p++, x->org_type, (size_t)-1);
		zw_bind_text(s, p++, x->authority, (size_t)-1);
		zw_bind_text(s, p++, x->region, (size_t)-1);
		zw_bind_text(s, p++, x->rep, (size_t)-1);
		zw_bind_text(s, p++, x->capital, (size_t)-1);
		zw_bind_text(s, p++, x->address, (size_t)-1);
		zw_bind_text(s, p++, x->established, (size_t)-1);
		zw_bind_text(s, p++, x->status, (size_t)-1);
	}
	zw_bind_int(s, p++, w->batch_id);
	zw_bind_int(s, p++, w->now);
	zw_bind_int(s, p++, w->now);
	return p;
}

/* Insert recs[0..n): IMP_MULTI rows to a statement, then one by one.
 * Each statement is prepared once and re-bound for every use. */
static int
insert_many(struct writer *w, const struct imp_rec *recs, size_t n)
{
	zw_stmt *s;
	size_t i = 0;
	int rc, j, p;

	if (n >= IMP_MULTI && (rc = zw_prepare(w->c, w->multi.p, &s)) != ZW_OK)
		return rc;
	for (; n - i >= IMP_MULTI; i += IMP_MULTI) {
		for (j = 0, p = 1; j < IMP_MULTI; j++)
			p = bind_rec(w, s, p, &recs[i + (size_t)j]);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	if (i < n && (rc = zw_prepare(w->c, w->single.p, &s)) != ZW_OK)
		return rc;
	for (; i < n; i++) {
		bind_rec(w, s, 1, &recs[i]);
		if ((rc = zw_step(s)) < 0)
			return rc;
	}
	w->rep->inserted += (int64_t)n;
	return ZW_OK;
}

static void
changed_add(char *buf, size_t size, const char *field)
{
	if (buf[0] != '\0')
		(void)zw_strlcpy(buf + strlen(buf), ",", size - strlen(buf));
	(void)zw_strlcpy(buf + strlen(buf), field, size - strlen(buf));
}

#define CHANGED(col, field) do { \
	if (strcmp(zw_col_text(s, (col)), (field)) != 0) \
		changed_add(changed, sizeof(changed), #field); } while (0)

/* Upsert one person: insert, leave alone, or update with history. */
static int
upsert_person(struct writer *w, struct imp_rec *r)
{
	struct reg_person *x = &r->u.p;
	char changed[160] = "", old_id[19], old_phone[ZW_REG_MAX_PHONE + 1];
	const void *oldpii;
	size_t oldlen;
	zw_stmt *s, *h;
	int rc;

	rc = zw_prepare(w->c, "SELECT pii, name, sex, birth_date, ethnicity, "
	    "region_code, address, status, version, updated_at FROM persons "
	    "WHERE id_key = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_blob(s, 1, r->key, ZW_REG_INDEX_LEN);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : insert_many(w, r, 1);
	oldpii = zw_col_blob(s, 0, &oldlen);
	if ((rc = reg_pii_open(w->im->k, oldpii, oldlen, old_id, old_phone)) != ZW_OK ||
	    strcmp(old_id, x->id) != 0) {
		zw_reset(s);
		zw_error("registry import: stored record of line %u does not "
		    "open or has another number", r->line);
		return ZW_ECRYPTO;
	}
	if (strcmp(x->name, zw_col_text(s, 1)) != 0)
		changed_add(changed, sizeof(changed), "name");
	if (strcmp(x->sex, zw_col_text(s, 2)) != 0)
		changed_add(changed, sizeof(changed), "sex");
	if (strcmp(x->birth, zw_col_text(s, 3)) != 0)
		changed_add(changed, sizeof(changed), "birth_date");
	if (strcmp(x->ethnicity, zw_col_text(s, 4)) != 0)
		changed_add(changed, sizeof(changed), "ethnicity");
	if (strcmp(x->region, zw_col_text(s, 5)) != 0)
		changed_add(changed, sizeof(changed), "region_code");
	if (strcmp(x->address, zw_col_text(s, 6)) != 0)
		changed_add(changed, sizeof(changed), "address");
	if (strcmp(x->status, zw_col_text(s, 7)) != 0)
		changed_add(changed, sizeof(changed), "status");
	if (w->has_phone && strcmp(x->phone, old_phone) != 0)
		changed_add(changed, sizeof(changed), "phone");
	if (changed[0] == '\0') {
		zw_reset(s);
		zw_wipe(old_phone, sizeof(old_phone));
		w->rep->unchanged++;
		return ZW_OK;
	}
	if (!w->has_phone &&
	    (rc = reg_pii_seal(w->im->k, x->id, old_phone, strlen(old_phone),
	    r->pii, &r->piilen)) != ZW_OK) {
		zw_reset(s);
		return rc;
	}
	zw_wipe(old_phone, sizeof(old_phone));
	/* the previous version, as it was */
	rc = zw_prepare(w->c, "INSERT INTO person_history (id_key, version, pii, "
	    "name, sex, birth_date, ethnicity, region_code, address, status, "
	    "valid_from, changed, changed_at, batch_id, actor_id, actor_login) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &h);
	if (rc != ZW_OK) {
		zw_reset(s);
		return rc;
	}
	zw_bind_blob(h, 1, r->key, ZW_REG_INDEX_LEN);
	zw_bind_int(h, 2, zw_col_int(s, 8));
	zw_bind_blob(h, 3, oldpii, oldlen);
	zw_bind_text(h, 4, zw_col_text(s, 1), (size_t)-1);
	zw_bind_text(h, 5, zw_col_text(s, 2), (size_t)-1);
	zw_bind_text(h, 6, zw_col_text(s, 3), (size_t)-1);
	zw_bind_text(h, 7, zw_col_text(s, 4), (size_t)-1);
	zw_bind_text(h, 8, zw_col_text(s, 5), (size_t)-1);
	zw_bind_text(h, 9, zw_col_text(s, 6), (size_t)-1);
	zw_bind_text(h, 10, zw_col_text(s, 7), (size_t)-1);
	zw_bind_int(h, 11, zw_col_int(s, 9));
	zw_bind_text(h, 12, changed, (size_t)-1);
	zw_bind_int(h, 13, w->now);
	zw_bind_int(h, 14, w->batch_id);
	if (w->who != NULL && w->who->id > 0)
		zw_bind_int(h, 15, w->who->id);
	else
		zw_bind_null(h, 15);
	zw_bind_text(h, 16, w->who != NULL && w->who->login ? w->who->login :
	    "system", (size_t)-1);
	zw_reset(s);	/* the bindings above copied the old values */
	if ((rc = zw_step(h)) < 0)
		return rc;
	rc = zw_prepare(w->c, "UPDATE persons SET pii = ?, name = ?, sex = ?, "
	    "birth_date = ?, ethnicity = ?, region_code = ?, address = ?, "
	    "status = ?, version = version + 1, batch_id = ?, updated_at = ? "
	    "WHERE id_key = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_blob(s, 1, r->pii, r->piilen);
	zw_bind_text(s, 2, x->name, (size_t)-1);
	zw_bind_text(s, 3, x->sex, (size_t)-1);
	zw_bind_text(s, 4, x->birth, (size_t)-1);
	zw_bind_text(s, 5, x->ethnicity, (size_t)-1);
	zw_bind_text(s, 6, x->region, (size_t)-1);
	zw_bind_text(s, 7, x->address, (size_t)-1);
	zw_bind_text(s, 8, x->status, (size_t)-1);
	zw_bind_int(s, 9, w->batch_id);
	zw_bind_int(s, 10, w->now);
	zw_bind_blob(s, 11, r->key, ZW_REG_INDEX_LEN);
	if ((rc = zw_step(s)) < 0)
		return rc;
	w->rep->updated++;
	return ZW_OK;
}

static int
upsert_legal(struct writer *w, struct imp_rec *r)
{
	struct reg_legal *x = &r->u.l;
	char changed[200] = "";
	zw_stmt *s, *h;
	int rc, i;

	rc = zw_prepare(w->c, "SELECT name, org_type, authority, region_code, "
	    "legal_representative, registered_capital, address, established_on, "
	    "status, version, updated_at FROM legal_persons WHERE uscc = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, x->uscc, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : insert_many(w, r, 1);
	if (strcmp(x->name, zw_col_text(s, 0)) != 0)
		changed_add(changed, sizeof(changed), "name");
	if (strcmp(x->rep, zw_col_text(s, 4)) != 0)
		changed_add(changed, sizeof(changed), "legal_representative");
	if (strcmp(x->capital, zw_col_text(s, 5)) != 0)
		changed_add(changed, sizeof(changed), "registered_capital");
	if (strcmp(x->address, zw_col_text(s, 6)) != 0)
		changed_add(changed, sizeof(changed), "address");
	if (strcmp(x->established, zw_col_text(s, 7)) != 0)
		changed_add(changed, sizeof(changed), "established_on");
	if (strcmp(x->status, zw_col_text(s, 8)) != 0)
		changed_add(changed, sizeof(changed), "status");
	if (changed[0] == '\0') {
		zw_reset(s);
		w->rep->unchanged++;
		return ZW_OK;
	}
	rc = zw_prepare(w->c, "INSERT INTO legal_person_history (uscc, version, "
	    "name, org_type, authority, region_code, legal_representative, "
	    "registered_capital, address, established_on, status, valid_from, "
	    "changed, changed_at, batch_id, actor_id, actor_login) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &h);
	if (rc != ZW_OK) {
		zw_reset(s);
		return rc;
	}
	zw_bind_text(h, 1, x->uscc, (size_t)-1);
	zw_bind_int(h, 2, zw_col_int(s, 9));
	for (i = 0; i < 9; i++)
		zw_bind_text(h, 3 + i, zw_col_text(s, i), (size_t)-1);
	zw_bind_int(h, 12, zw_col_int(s, 10));
	zw_bind_text(h, 13, changed, (size_t)-1);
	zw_bind_int(h, 14, w->now);
	zw_bind_int(h, 15, w->batch_id);
	if (w->who != NULL && w->who->id > 0)
		zw_bind_int(h, 16, w->who->id);
	else
		zw_bind_null(h, 16);
	zw_bind_text(h, 17, w->who != NULL && w->who->login ? w->who->login :
	    "system", (size_t)-1);
	zw_reset(s);
	if ((rc = zw_step(h)) < 0)
		return rc;
	rc = zw_prepare(w->c, "UPDATE legal_persons SET name = ?, "
	    "legal_representative = ?, registered_capital = ?, address = ?, "
	    "established_on = ?, status = ?, version = version + 1, batch_id = ?, "
	    "updated_at = ? WHERE uscc = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, x->name, (size_t)-1);
	zw_bind_text(s, 2, x->rep, (size_t)-1);
	zw_bind_text(s, 3, x->capital, (size_t)-1);
	zw_bind_text(s, 4, x->address, (size_t)-1);
	zw_bind_text(s, 5, x->established, (size_t)-1);
	zw_bind_text(s, 6, x->status, (size_t)-1);
	zw_bind_int(s, 7, w->batch_id);
	zw_bind_int(s, 8, w->now);
	zw_bind_text(s, 9, x->uscc, (size_t)-1);
	if ((rc = zw_step(s)) < 0)
		return rc;
	w->rep->updated++;
	return ZW_OK;
}

static int
write_batch(struct writer *w, struct imp_rec *recs, size_t n)
{
	size_t i;
	int rc = ZW_OK;

	if (w->empty)
		return insert_many(w, recs, n);
	for (i = 0; i < n && rc == ZW_OK; i++)
		rc = w->im->reg == ZW_REG_PERSONS ? upsert_person(w, &recs[i]) :
		    upsert_legal(w, &recs[i]);
	return rc;
}

/* Pass 2: producers prepare, this thread writes.  producers == 0: this
 * thread does both. */
static int
write_rows(struct writer *w, struct imp_row *const *rows, size_t n,
    int producers)
{
	struct producer_arg pa[PIPE_MAX_PRODUCERS];
	pthread_t th[PIPE_MAX_PRODUCERS];
	struct pipe pp;
	int64_t b;
	int rc = ZW_OK, i;

	memset(&pp, 0, sizeof(pp));
	pp.im = w->im;
	pp.rows = rows;
	pp.nrows = n;
	pp.nbatches = (int64_t)((n + IMP_BATCH - 1) / IMP_BATCH);
	pp.nproducers = producers < 1 ? 1 : producers > PIPE_MAX_PRODUCERS ?
	    PIPE_MAX_PRODUCERS : producers;
	pp.nslots = producers < 1 ? 1 : 2 * pp.nproducers;
	for (i = 0; i < pp.nslots; i++)
		pp.slot[i] = zw_malloc(IMP_BATCH * sizeof(struct imp_rec));
	if (producers < 1) {
		char *scratch = zw_malloc(ZW_CSV_MAX_LINE + 1);
		size_t k;

		for (b = 0; b < pp.nbatches && rc == ZW_OK; b++)
			if ((rc = prepare_batch(&pp, b, scratch, pp.slot[0], &k)) == ZW_OK)
				rc = write_batch(w, pp.slot[0], k);
		zw_free(scratch);
		goto out;
	}
	pthread_mutex_init(&pp.mu, NULL);
	pthread_cond_init(&pp.cv, NULL);
	for (i = 0; i < pp.nproducers; i++) {
		pa[i].pp = &pp;
		pa[i].id = i;
		if (pthread_create(&th[i], NULL, producer, &pa[i]) != 0)
			zw_fatal("pthread_create failed");
	}
	for (b = 0; b < pp.nbatches; b++) {
		int sl = (int)(b % pp.nslots);
		size_t k;

		pthread_mutex_lock(&pp.mu);
		while (!(pp.full[sl] && pp.seq[sl] == b))
			pthread_cond_wait(&pp.cv, &pp.mu);
		k = pp.fill[sl];
		rc = pp.err;
		pthread_mutex_unlock(&pp.mu);
		if (rc == ZW_OK)
			rc = write_batch(w, pp.slot[sl], k);
		pthread_mutex_lock(&pp.mu);
		pp.full[sl] = false;
		if (rc != ZW_OK)
			pp.stop = true;
		pthread_cond_broadcast(&pp.cv);
		pthread_mutex_unlock(&pp.mu);
		if (rc != ZW_OK)
			break;
	}
	for (i = 0; i < pp.nproducers; i++)
		pthread_join(th[i], NULL);
	if (rc == ZW_OK)
		rc = pp.err;
	pthread_cond_destroy(&pp.cv);
	pthread_mutex_destroy(&pp.mu);
out:
	for (i = 0; i < pp.nslots; i++) {
		zw_wipe(pp.slot[i], IMP_BATCH * sizeof(struct imp_rec));
		zw_free(pp.slot[i]);
	}
	return rc;
}

static int
begin_batch(struct writer *w, const struct zw_reg_import_opts *o)
{
	zw_stmt *s;
	int rc;

	if (zw_conn_kind(w->c) == ZW_DB_PG) {
		/* one import per registry at a time across app servers */
		if ((rc = zw_prepare(w->c, "SELECT pg_advisory_xact_lock(?)", &s)) != ZW_OK)
			return rc;
		zw_bind_int(s, 1, IMP_LOCK_BASE + (int64_t)w->im->reg);
		if ((rc = zw_step(s)) < 0)
			return rc;
		zw_reset(s);
	}
	rc = zw_prepare(w->c, "INSERT INTO registry_imports (registry, source, "
	    "file_name, actor_id, actor_login, started_at) VALUES (?, ?, ?, ?, ?, ?) "
	    "RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, zw_reg_name(w->im->reg), (size_t)-1);
	zw_bind_text(s, 2, o->source ? o->source : "", (size_t)-1);
	zw_bind_text(s, 3, o->file_name ? o->file_name : "", (size_t)-1);
	if (w->who != NULL && w->who->id > 0)
		zw_bind_int(s, 4, w->who->id);
	else
		zw_bind_null(s, 4);
	zw_bind_text(s, 5, w->who != NULL && w->who->login ? w->who->login :
	    "system", (size_t)-1);
	zw_bind_int(s, 6, w->now);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	w->batch_id = zw_col_int(s, 0);
	zw_reset(s);
	rc = zw_prepare(w->c, w->im->reg == ZW_REG_PERSONS ?
	    "SELECT 1 FROM persons LIMIT 1" : "SELECT 1 FROM legal_persons LIMIT 1", &s);
	if (rc != ZW_OK)
		return rc;
	rc = zw_step(s);
	zw_reset(s);
	if (rc < 0)
		return rc;
	w->empty = rc != ZW_ROW;
	return ZW_OK;
}

static int
end_batch(struct writer *w, const struct zw_reg_import_opts *o)
{
	struct zw_reg_report *rep = w->rep;
	zw_stmt *s;
	json_t *d;
	int rc;

	rc = zw_prepare(w->c, "UPDATE registry_imports SET finished_at = ?, "
	    "rows_total = ?, rows_rejected = ?, rows_inserted = ?, rows_updated = ?, "
	    "rows_unchanged = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, rep->rows);
	zw_bind_int(s, 3, rep->rejected);
	zw_bind_int(s, 4, rep->inserted);
	zw_bind_int(s, 5, rep->updated);
	zw_bind_int(s, 6, rep->unchanged);
	zw_bind_int(s, 7, w->batch_id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	d = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "registry",
	    zw_reg_name(w->im->reg), "source", o->source ? o->source : "",
	    "file", o->file_name ? o->file_name : "", "rows", (json_int_t)rep->rows,
	    "rejected", (json_int_t)rep->rejected, "inserted",
	    (json_int_t)rep->inserted, "updated", (json_int_t)rep->updated,
	    "unchanged", (json_int_t)rep->unchanged);
	rc = zw_actor_audit(w->c, w->who, "registry.import", "registry_import",
	    w->batch_id, "success", d);
	json_decref(d);
	return rc;
}

/* A refused import changes nothing, but the attempt is audited. */
static void
audit_refusal(zw_conn *c, const struct zw_actor *who, enum zw_reg reg,
    const struct zw_reg_import_opts *o, const struct zw_reg_report *rep,
    const char *code)
{
	json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "registry",
	    zw_reg_name(reg), "source", o->source ? o->source : "", "file",
	    o->file_name ? o->file_name : "", "reason", code, "rows",
	    (json_int_t)rep->rows, "rejected", (json_int_t)rep->rejected);

	if (zw_tx_begin(c) == ZW_OK) {
		if (zw_actor_audit(c, who, "registry.import", "registry_import", 0,
		    "failure", d) == ZW_OK)
			(void)zw_tx_commit(c);
		else
			(void)zw_tx_rollback(c);
	}
	json_decref(d);
}

static int
default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > IMP_MAX_THREADS ? IMP_MAX_THREADS : (int)n;
}

int
zw_registry_import(zw_conn *c, const struct zw_actor *who,
    const struct zw_reg_keys *k, enum zw_reg reg, const char *data, size_t n,
    const struct zw_reg_import_opts *o, struct zw_reg_report *rep,
    struct zw_why *why)
{
	struct imp im;
	struct imp_part pt[IMP_MAX_THREADS];
	pthread_t th[IMP_MAX_THREADS];
	struct rejlist rej = { 0 };
	struct imp_row **rows = NULL;
	struct writer w;
	char *conv = NULL;
	const char *nl;
	size_t convlen = 0, body, hlen, nrows = 0, i;
	int64_t t0 = zw_mono_ms(), t1, t2, t3 = 0;
	int np, t, rc = ZW_OK;

	memset(rep, 0, sizeof(*rep));
	memset(pt, 0, sizeof(pt));
	rep->a = zw_arena_new();
	ZW_ASSERT(!zw_in_tx(c));
	memset(&im, 0, sizeof(im));
	im.reg = reg;
	im.k = k;
	zw_date_fmt(zw_date_of(zw_now()), im.today, sizeof(im.today));

	if (o->encoding != NULL && *o->encoding &&
	    strcasecmp(o->encoding, "utf-8") != 0 && strcasecmp(o->encoding, "utf8") != 0) {
		size_t bad;

		if (strcasecmp(o->encoding, "gbk") != 0 &&
		    strcasecmp(o->encoding, "gb18030") != 0 &&
		    strcasecmp(o->encoding, "gb2312") != 0) {
			ZW_WHY(why, "bad_encoding", "编码只能是 utf-8 或 gbk", "encoding");
			return ZW_EINVAL;
		}
		if ((rc = reg_from_gbk(data, n, &conv, &convlen, &bad)) != ZW_OK) {
			int64_t line = 1;

			for (i = 0; i < bad && i < n; i++)
				line += data[i] == '\n';
			ZW_WHY(why, "bad_encoding", zw_aprintf(rep->a,
			    "第%lld行不是有效的 GBK 文本，无法转换", (long long)line), NULL);
			return rc == ZW_EINVAL ? ZW_EINVAL : rc;
		}
		data = conv;
		n = convlen;
	}
	/* a UTF-8 byte order mark is not part of the header */
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		n -= 3;
	}
	im.data = data;
	im.n = n;
	nl = memchr(data, '\n', n);
	hlen = nl != NULL ? (size_t)(nl - data) : n;
	body = nl != NULL ? hlen + 1 : n;
	if (hlen > 0 && data[hlen - 1] == '\r')
		hlen--;
	if (!zw_utf8_valid(data, hlen)) {
		ZW_WHY(why, "bad_encoding", reg_looks_gbk(data, n) ?
		    "文件不是 UTF-8 编码，看起来是 GBK（GB 18030）编码：请另存为 UTF-8，"
		    "或指定编码 gbk 由系统转换" : "表头行不是有效的 UTF-8 文本", NULL);
		rc = ZW_EINVAL;
		goto out;
	}
	if (hlen == 0) {
		ZW_WHY(why, "empty_file", "文件为空：第1行应为表头", NULL);
		rc = ZW_EINVAL;
		goto out;
	}
	if (!read_header(&im, rep->a, data, hlen, why)) {
		rc = ZW_EINVAL;
		goto out;
	}

	/* pass 1 */
	np = o->threads > 0 ? o->threads : default_threads();
	if (np > IMP_MAX_THREADS)
		np = IMP_MAX_THREADS;
	if (n - body < IMP_THREAD_MIN_BYTES * (size_t)np)
		np = (int)((n - body) / IMP_THREAD_MIN_BYTES) + 1;
	if (np > IMP_MAX_THREADS)
		np = IMP_MAX_THREADS;
	{
		size_t b = body;

		for (t = 0; t < np; t++) {
			size_t e = t == np - 1 ? n : body + (n - body) / (size_t)np * (size_t)(t + 1);

			if (e < b)
				e = b;
			/* end on a line boundary */
			while (e < n && e > b && data[e - 1] != '\n')
				e++;
			pt[t].im = &im;
			pt[t].b = b;
			pt[t].e = e;
			pt[t].a = zw_arena_new();
			b = e;
		}
	}
	/* number the shares' first lines before they run */
	{
		uint32_t line = 2;

		for (t = 0; t < np; t++) {
			const char *q = data + pt[t].b, *e = data + pt[t].e;

			pt[t].first_line = line;
			while (q < e && (q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
				line++;
				q++;
			}
			/* at most one row a line: no reallocation later */
			pt[t].caprows = line - pt[t].first_line + 1;
			pt[t].rows = zw_malloc(pt[t].caprows * sizeof(*pt[t].rows));
		}
	}
	if (pt[np - 1].first_line + pt[np - 1].caprows - 2 > ZW_REG_MAX_ROWS) {
		ZW_WHY(why, "too_many_rows", zw_aprintf(rep->a,
		    "文件超过%d行：请按地区拆分后分别导入", ZW_REG_MAX_ROWS), NULL);
		rc = ZW_ETOOBIG;
		goto out;
	}
	for (t = 1; t < np; t++)
		if (pthread_create(&th[t], NULL, part_run, &pt[t]) != 0)
			zw_fatal("pthread_create failed");
	part_run(&pt[0]);
	for (t = 1; t < np; t++)
		pthread_join(th[t], NULL);
	t1 = zw_mono_ms();
	/* A file whose lines are mostly not UTF-8 but read as GBK is a GBK
	 * file: refuse it as such rather than reject every line.  A stray
	 * bad line in a UTF-8 file is only that line's fault. */
	{
		int64_t bad = 0, lines = 0;

		for (t = 0; t < np; t++) {
			bad += pt[t].bad_utf8;
			lines += pt[t].data_lines;
		}
		if (bad > 0 && bad * 2 > lines && reg_looks_gbk(data, n)) {
			ZW_WHY(why, "bad_encoding",
			    "文件不是 UTF-8 编码，看起来是 GBK（GB 18030）编码：请另存为 "
			    "UTF-8，或指定编码 gbk 由系统转换", NULL);
			rc = ZW_EINVAL;
			goto out;
		}
	}
	for (t = 0; t < np; t++) {
		for (i = 0; i < pt[t].nrej; i++)
			rejlist_add(&rej, pt[t].rej[i].line, pt[t].rej[i].code,
			    zw_astrdup(rep->a, pt[t].rej[i].message), pt[t].rej[i].field);
		rej.count += pt[t].rejected - (int64_t)pt[t].nrej;
	}
	rows = merge_parts(pt, np, &nrows);
	if ((rc = find_duplicates(&im, rows, nrows, &rej, rep->a)) != ZW_OK)
		goto out;
	{
		int64_t dup = 0;

		for (i = 0; i < nrows; i++)
			dup += rows[i]->len == IMP_DELETED;
		/* rej.count holds pass 1's rejects and the duplicates */
		rep->rejected = rej.count;
		rep->rows = (int64_t)nrows + rej.count - dup;
		rep->accepted = (int64_t)nrows - dup;
	}
	t2 = zw_mono_ms();
	if (rej.n > 1)
		qsort(rej.v, rej.n, sizeof(*rej.v), rej_cmp);
	rep->rejects = rej.v;
	rep->nrejects = rej.n;
	rep->rejects_truncated = (int64_t)rej.n < rej.count;
	rej.v = NULL;
	if (rep->rows == 0) {
		ZW_WHY(why, "empty_file", "文件没有数据行（第1行为表头）", NULL);
		rc = ZW_EINVAL;
		goto out;
	}
	if (rep->rejected > 0 && !o->skip_invalid) {
		const struct zw_reg_reject *r0 = &rep->rejects[0];

		ZW_WHY(why, "rows_rejected", zw_aprintf(rep->a,
		    "有%lld行不符合要求，未导入任何数据（第%lld行：%s）",
		    (long long)rep->rejected, (long long)r0->line, r0->message),
		    NULL);
		audit_refusal(c, who, reg, o, rep, "rows_rejected");
		rc = ZW_EINVAL;
		goto out;
	}
	if (rep->accepted == 0)
		goto out;

	/* pass 2 */
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.im = &im;
	w.who = who;
	w.now = zw_now();
	w.rep = rep;
	w.has_phone = reg == ZW_REG_PERSONS && im.map[PC_PHONE] >= 0;
	zw_buf_init(&w.multi, 1u << 20);
	zw_buf_init(&w.single, 1u << 16);
	insert_sql(&w.multi, reg, IMP_MULTI);
	insert_sql(&w.single, reg, 1);
	if ((rc = zw_tx_begin(c)) == ZW_OK &&
	    (rc = begin_batch(&w, o)) == ZW_OK &&
	    (rc = write_rows(&w, rows, nrows, np > 1 ? np : 0)) == ZW_OK &&
	    (rc = end_batch(&w, o)) == ZW_OK) {
		t3 = zw_mono_ms();
		rc = zw_tx_commit(c);
	}
	if (rc != ZW_OK) {
		if (zw_in_tx(c))
			(void)zw_tx_rollback(c);
		zw_error("registry import failed: %s (%s)", zw_strerror(rc),
		    zw_conn_errmsg(c));
		rep->inserted = rep->updated = rep->unchanged = 0;
	} else {
		rep->committed = true;
		rep->batch_id = w.batch_id;
		zw_info("registry import %s: %lld rows; validation %lld ms (%d "
		    "threads), merge %lld ms, writing %lld ms, of which commit "
		    "%lld ms", zw_reg_name(reg), (long long)rep->rows,
		    (long long)(t1 - t0), np, (long long)(t2 - t1),
		    (long long)(zw_mono_ms() - t2), (long long)(zw_mono_ms() - t3));
	}
	zw_buf_free(&w.multi);
	zw_buf_free(&w.single);
out:
	for (t = 0; t < IMP_MAX_THREADS; t++) {
		zw_free(pt[t].rows);
		zw_free(pt[t].rej);
		if (pt[t].a != NULL)
			zw_arena_free(pt[t].a);
	}
	zw_free(rows);
	zw_free(rej.v);
	if (conv != NULL) {
		zw_wipe(conv, convlen);
		zw_free(conv);
	}
	return rc;
}

void
zw_reg_report_free(struct zw_reg_report *rep)
{
	if (rep == NULL)
		return;
	zw_free(rep->rejects);
	if (rep->a != NULL)
		zw_arena_free(rep->a);
	memset(rep, 0, sizeof(*rep));
}

json_t *
zw_reg_report_json(const struct zw_reg_report *rep, size_t max)
{
	json_t *o, *rj = json_array();
	size_t i;

	for (i = 0; i < rep->nrejects && i < max; i++) {
		const struct zw_reg_reject *r = &rep->rejects[i];
		json_t *x = json_pack("{s:I, s:s, s:s}", "line", (json_int_t)r->line,
		    "code", r->code, "message", r->message);

		if (r->field != NULL)
			json_object_set_new(x, "field", json_string(r->field));
		json_array_append_new(rj, x);
	}
	o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:o, s:b}",
	    "rows", (json_int_t)rep->rows, "accepted", (json_int_t)rep->accepted,
	    "rejected", (json_int_t)rep->rejected, "inserted",
	    (json_int_t)rep->inserted, "updated", (json_int_t)rep->updated,
	    "unchanged", (json_int_t)rep->unchanged, "committed", rep->committed,
	    "rejects", rj, "rejects_truncated",
	    rep->rejects_truncated || rep->nrejects > max);
	if (rep->batch_id > 0)
		json_object_set_new(o, "batch_id", json_integer(rep->batch_id));
	return o;
}
