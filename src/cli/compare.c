/*
 * compare.c -- `zhengwu compare LEFT.csv RIGHT.csv --key COL`: the
 * comparison engine (src/exchange/compare.c) on two files, for
 * operators and for bench/compare.sh.  Reads the files only (mmap);
 * --data is accepted for symmetry with the other commands and not
 * needed.  Prints the counts, the per-field difference counts and the
 * time; --report writes every difference as CSV.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "exchange/exchange.h"

struct map {
	void *p;
	size_t n;
};

static int
map_file(const char *path, struct map *m)
{
	struct stat st;
	int fd;

	m->p = NULL;
	m->n = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "zhengwu compare: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if ((size_t)st.st_size > ZW_X_MAX_FILE) {
		fprintf(stderr, "zhengwu compare: %s: too large\n", path);
		close(fd);
		return -1;
	}
	m->n = (size_t)st.st_size;
	if (m->n > 0 && (m->p = mmap(NULL, m->n, PROT_READ, MAP_PRIVATE, fd, 0)) ==
	    MAP_FAILED) {
		fprintf(stderr, "zhengwu compare: %s: %s\n", path, strerror(errno));
		m->p = NULL;
		close(fd);
		return -1;
	}
	close(fd);
	if (m->p != NULL)
		(void)madvise(m->p, m->n, MADV_SEQUENTIAL | MADV_WILLNEED);
	return 0;
}

static void
put_row_key(zw_buf *b, const struct zw_xtab *t, const struct zw_xrow *row)
{
	(void)t;
	zw_xcsv_field(b, row->key, row->keylen);
}

static int
write_report(const char *path, zw_arena *a, const struct zw_xtab *l,
    const struct zw_xtab *r, const struct zw_xcmp *o)
{
	const char *lf[ZW_X_MAX_COLUMNS], *rf[ZW_X_MAX_COLUMNS];
	size_t lfl[ZW_X_MAX_COLUMNS], rfl[ZW_X_MAX_COLUMNS], i;
	zw_buf b;
	FILE *fp;
	int f, rc = 0;

	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	zw_buf_init(&b, (size_t)1 << 30);
	zw_buf_puts(&b, "kind,key,field,left,right\n");
	for (i = 0; i < o->ndiffs; i++) {
		const struct zw_xdiff *d = &o->diffs[i];

		if (d->kind != ZW_X_DIFFERENT) {
			zw_buf_puts(&b, d->kind == ZW_X_ONLY_LEFT ? "only_left," :
			    "only_right,");
			put_row_key(&b, d->l ? l : r, d->l ? d->l : d->r);
			zw_buf_puts(&b, ",,,\n");
			continue;
		}
		if (zw_xrow_fields(a, d->l->line, d->l->linelen, l->ncols, lf, lfl) !=
		    ZW_OK || zw_xrow_fields(a, d->r->line, d->r->linelen, r->ncols, rf,
		    rfl) != ZW_OK)
			continue;
		for (f = 0; f < o->nfields; f++) {
			if (!(d->mask & ((uint64_t)1 << f)))
				continue;
			zw_buf_puts(&b, "different,");
			put_row_key(&b, l, d->l);
			zw_buf_putc(&b, ',');
			zw_xcsv_field(&b, o->fields[f], strlen(o->fields[f]));
			zw_buf_putc(&b, ',');
			zw_xcsv_field(&b, lf[o->lmap[f]], lfl[o->lmap[f]]);
			zw_buf_putc(&b, ',');
			zw_xcsv_field(&b, rf[o->rmap[f]], rfl[o->rmap[f]]);
			zw_buf_putc(&b, '\n');
		}
	}
	if (fwrite(b.p, 1, b.len, fp) != b.len)
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	zw_buf_free(&b);
	return rc;
}

int
zw_cmd_compare(int argc, char **argv)
{
	const char *data = NULL, *key = NULL, *report = NULL, *fields_s = NULL,
	    *pos[2];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory (not needed: files only)" },
		{ "--key", true, &key, "key column (both files)" },
		{ "--fields", true, &fields_s, "columns to compare, comma-separated "
		  "(default: every column both files have)" },
		{ "--report", true, &report, "write the differences to this CSV file" },
		{ NULL, false, NULL, NULL }
	};
	const char *fields[ZW_X_MAX_COLUMNS];
	struct zw_xerr le = { 0 }, re = { 0 };
	struct zw_xtab l, r;
	struct zw_xcmp o;
	struct map lm, rm;
	size_t nfields = 0;
	int64_t t0, t1, t2;
	zw_arena *a;
	int status, np, rc, f;

	(void)data;
	if (!zw_cli_parse("compare", argc, argv, opts, pos, 2, &np, &status))
		return status;
	if (np != 2 || key == NULL || *key == '\0') {
		fprintf(stderr, "usage: zhengwu compare [--data DIR] LEFT.csv RIGHT.csv "
		    "--key COL [--fields a,b] [--report FILE]\n");
		return 2;
	}
	a = zw_arena_new();
	if (fields_s != NULL) {
		char *s = zw_astrdup(a, fields_s), *save = NULL, *t;

		for (t = strtok_r(s, ",", &save); t != NULL && nfields < ZW_X_MAX_COLUMNS;
		    t = strtok_r(NULL, ",", &save))
			fields[nfields++] = t;
	}
	if (map_file(pos[0], &lm) != 0 || map_file(pos[1], &rm) != 0) {
		zw_arena_free(a);
		return 2;
	}
	t0 = zw_mono_ms();
	rc = zw_xtab_parse_pair(a, lm.p ? lm.p : "", lm.n, rm.p ? rm.p : "", rm.n,
	    key, &l, &r, &le, &re);
	t1 = zw_mono_ms();
	if (rc != ZW_OK) {
		if (le.code != NULL)
			fprintf(stderr, "%s：%s（%s）\n", pos[0], le.message, le.code);
		if (re.code != NULL)
			fprintf(stderr, "%s：%s（%s）\n", pos[1], re.message, re.code);
		status = 1;
		goto out;
	}
	rc = zw_xcompare(a, &l, &r, nfields ? fields : NULL, nfields,
	    report != NULL ? ZW_X_MAX_ROWS : 0, NULL, NULL, &o, &le);
	t2 = zw_mono_ms();
	if (rc != ZW_OK) {
		fprintf(stderr, "zhengwu compare: %s\n", le.message);
		status = 1;
		goto out;
	}
	printf("left_rows %zu\nright_rows %zu\nonly_left %lld\nonly_right %lld\n"
	    "both_same %lld\nboth_different %lld\n", l.nrows, r.nrows,
	    (long long)o.only_left, (long long)o.only_right, (long long)o.both_same,
	    (long long)o.both_different);
	for (f = 0; f < o.nfields; f++)
		printf("field %s %lld\n", o.fields[f], (long long)o.field_diffs[f]);
	printf("parse_ms %lld\nmerge_ms %lld\n", (long long)(t1 - t0),
	    (long long)(t2 - t1));
	if (report != NULL) {
		if (write_report(report, a, &l, &r, &o) != 0) {
			fprintf(stderr, "zhengwu compare: cannot write %s: %s\n", report,
			    strerror(errno));
			status = 2;
			goto out;
		}
	}
	printf("total_ms %lld\n", (long long)(zw_mono_ms() - t0));
	status = 0;
out:
	zw_arena_free(a);
	if (lm.p != NULL)
		munmap(lm.p, lm.n);
	if (rm.p != NULL)
		munmap(rm.p, rm.n);
	return status;
}
