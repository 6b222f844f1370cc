/*
 * pg.c -- the PostgreSQL backend of db.h, over libpq.
 *
 * SQL arrives with `?` placeholders; zw_pg_rewrite() turns them into
 * $1..$n and the text is prepared once per connection under a name of
 * its own ("zw1", "zw2", ...), letting the server infer parameter
 * types.  Parameters travel as text, blobs in binary; results come back
 * as text and are walked row by row from one PGresult.  bytea columns
 * are decoded from the hex output format into per-column buffers of
 * the statement.  SQLSTATE 23505 becomes ZW_ECONFLICT; serialization
 * failures and deadlocks become ZW_EBUSY; the rest ZW_EDB with the
 * server's message kept for zw_conn_errmsg().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "db_int.h"

#define BYTEAOID	17	/* pg_type.oid of bytea */

#define PC(c)	((PGconn *)(c)->h)

struct pg_param {
	char *p;
	size_t cap;
	int len;
	int fmt;		/* 0 text, 1 binary */
	int isnull;
};

struct pg_col {
	unsigned char *p;	/* decoded bytea */
	size_t cap;
	size_t len;
	int row;		/* row decoded into p, -1 none */
};

struct pg_stmt {
	char name[16];
	struct pg_param *params;
	const char **vals;
	int *lens;
	int *fmts;
	PGresult *res;
	int executed;
	int row;
	int nrows;
	struct pg_col *cols;
	int ncols;
};

#define PS(s)	((struct pg_stmt *)(s)->h)

/* ---- placeholder rewrite ------------------------------------------- */

static int
ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_' || ch == '$' ||
	    (unsigned char)ch >= 0x80;
}

/* End of a quoted run starting at p (*p is the quote). */
static const char *
skip_quoted(const char *p, char quote, int backslash)
{
	const char *q = p + 1;

	while (*q != '\0') {
		if (backslash && *q == '\\' && q[1] != '\0') {
			q += 2;
			continue;
		}
		if (*q == quote) {
			if (q[1] == quote) {	/* doubled quote: literal */
				q += 2;
				continue;
			}
			return q + 1;
		}
		q++;
	}
	return q;
}

/* End of a block comment at p ("/ *"); PostgreSQL nests them. */
static const char *
skip_block_comment(const char *p)
{
	const char *q = p + 2;
	int depth = 1;

	while (*q != '\0' && depth > 0) {
		if (q[0] == '/' && q[1] == '*') {
			depth++;
			q += 2;
		} else if (q[0] == '*' && q[1] == '/') {
			depth--;
			q += 2;
		} else {
			q++;
		}
	}
	return q;
}

/* End of a $tag$...$tag$ body at p, or NULL if p starts no tag. */
static const char *
skip_dollar(const char *p)
{
	const char *q = p + 1, *end;
	size_t taglen;

	if (*q != '$' && !((*q >= 'a' && *q <= 'z') ||
	    (*q >= 'A' && *q <= 'Z') || *q == '_' ||
	    (unsigned char)*q >= 0x80))
		return NULL;
	while (*q != '$') {
		if (*q == '\0' || !ident_char(*q))
			return NULL;
		q++;
	}
	taglen = (size_t)(q - p) + 1;
	q++;
	for (end = q; (end = strchr(end, '$')) != NULL; end++)
		if (strncmp(end, p, taglen) == 0)
			return end + taglen;
	return q + strlen(q);
}

char *
zw_pg_rewrite(const char *sql, int *nparams)
{
	const char *p = sql, *q;
	zw_buf b;
	int n = 0, rc = ZW_OK;

	*nparams = 0;
	zw_buf_init(&b, strlen(sql) * 6 + 16);
	while (*p != '\0' && rc == ZW_OK) {
		q = NULL;
		if (*p == '\'') {
			int esc = p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
			    (p - 1 == sql || !ident_char(p[-2]));

			q = skip_quoted(p, '\'', esc);
		} else if (*p == '"') {
			q = skip_quoted(p, '"', 0);
		} else if (p[0] == '-' && p[1] == '-') {
			q = p + strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			q = skip_block_comment(p);
		} else if (*p == '$' && (p == sql || !ident_char(p[-1]))) {
			q = skip_dollar(p);
		} else if (*p == '?') {
			if (p[1] >= '0' && p[1] <= '9') {
				/* ?NNN is SQLite's, not portable */
				zw_buf_free(&b);
				*nparams = -1;
				return NULL;
			}
			if (++n > ZW_DB_MAX_PARAMS) {
				zw_buf_free(&b);
				return NULL;
			}
			rc = zw_buf_printf(&b, "$%d", n);
			p++;
			continue;
		}
		if (q != NULL) {
			rc = zw_buf_append(&b, p, (size_t)(q - p));
			p = q;
		} else {
			rc = zw_buf_putc(&b, *p);
			p++;
		}
	}
	if (rc != ZW_OK) {	/* cannot happen: the cap covers the worst case */
		zw_buf_free(&b);
		return NULL;
	}
	*nparams = n;
	return zw_buf_detach(&b, NULL);
}

/* ---- errors and connections --------------------------------------- */

static int
map_sqlstate(const char *st)
{
	if (st == NULL)
		return ZW_EDB;
	if (strcmp(st, "23505") == 0)
		return ZW_ECONFLICT;
	if (strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0 ||
	    strcmp(st, "55P03") == 0)
		return ZW_EBUSY;
	return ZW_EDB;
}

/* ZW_OK for a successful result, else the mapped error (message kept). */
static int
result_rc(zw_conn *c, const PGresult *r)
{
	const char *primary, *state;

	if (r == NULL) {
		zw_conn_seterr(c, "%s", PQerrorMessage(PC(c)));
		return ZW_EDB;
	}
	switch (PQresultStatus(r)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		return ZW_OK;
	default:
		break;
	}
	/* the primary message only: details may quote personal data */
	primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (primary != NULL)
		zw_conn_seterr(c, "%s (SQLSTATE %s)", primary,
		    state != NULL ? state : "?");
	else
		zw_conn_seterr(c, "%s", PQerrorMessage(PC(c)));
	return map_sqlstate(state);
}

static int
pg_exec(zw_conn *c, const char *sql)
{
	PGresult *r = PQexec(PC(c), sql);
	int rc = result_rc(c, r);

	PQclear(r);
	return rc;
}

static void
notice(void *arg, const char *msg)
{
	size_t n = strlen(msg);

	(void)arg;
	while (n > 0 && msg[n - 1] == '\n')
		n--;
	zw_debug("pg: %.*s", (int)n, msg);
}

/* Session settings, after connect and after every reset. */
static int
setup(zw_conn *c)
{
	PQsetNoticeProcessor(PC(c), notice, NULL);
	if (PQsetClientEncoding(PC(c), "UTF8") != 0) {
		zw_conn_seterr(c, "%s", PQerrorMessage(PC(c)));
		return ZW_EDB;
	}
	return pg_exec(c, "SET bytea_output = 'hex'");
}

static int
pg_connect(zw_conn *c)
{
	PGconn *pc = PQconnectdb(c->db->url);
	int rc;

	if (pc == NULL) {
		zw_conn_seterr(c, "libpq: out of memory");
		return ZW_EDB;
	}
	if (PQstatus(pc) != CONNECTION_OK) {
		zw_conn_seterr(c, "%s", PQerrorMessage(pc));
		PQfinish(pc);
		return ZW_EDB;
	}
	c->h = pc;
	if ((rc = setup(c)) != ZW_OK) {
		PQfinish(pc);
		c->h = NULL;
		return rc;
	}
	return ZW_OK;
}

static void
pg_disconnect(zw_conn *c)
{
	if (c->h != NULL)
		PQfinish(PC(c));
	c->h = NULL;
}

/* Reconnect a broken link; 1 = reconnected (prepared statements lost). */
static int
pg_revive(zw_conn *c)
{
	if (PQstatus(PC(c)) == CONNECTION_OK)
		return 0;
	PQreset(PC(c));
	if (PQstatus(PC(c)) != CONNECTION_OK) {
		zw_conn_seterr(c, "%s", PQerrorMessage(PC(c)));
		return ZW_EDB;
	}
	/* the statements are gone whatever happens next: say so */
	if (setup(c) != ZW_OK)
		zw_warn("db: session setup after reconnect: %s", c->errmsg);
	zw_info("db: reconnected to PostgreSQL");
	return 1;
}

static int
pg_in_tx(const zw_conn *c)
{
	switch (PQtransactionStatus((const PGconn *)c->h)) {
	case PQTRANS_INTRANS:
	case PQTRANS_INERROR:
	case PQTRANS_ACTIVE:
		return 1;
	default:
		return 0;
	}
}

static int
pg_tx_begin(zw_conn *c)
{
	return pg_exec(c, "BEGIN");
}

static int
pg_tx_rollback(zw_conn *c)
{
	return pg_exec(c, "ROLLBACK");
}

/*
 * COMMIT of a transaction that already failed answers "ROLLBACK"
 * without an error; report that as the failure it is.
 */
static int
pg_tx_commit(zw_conn *c)
{
	char keep[ZW_DB_ERRMSG];
	PGresult *r;
	int rc;

	if (PQtransactionStatus(PC(c)) == PQTRANS_INERROR) {
		memcpy(keep, c->errmsg, sizeof(keep));
		(void)pg_exec(c, "ROLLBACK");
		zw_conn_seterr(c, "transaction rolled back after an error: %s",
		    keep);
		return ZW_EDB;
	}
	r = PQexec(PC(c), "COMMIT");
	rc = result_rc(c, r);
	if (rc == ZW_OK && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
		zw_conn_seterr(c, "transaction was rolled back");
		rc = ZW_EDB;
	}
	PQclear(r);
	if (rc != ZW_OK && pg_in_tx(c)) {
		memcpy(keep, c->errmsg, sizeof(keep));
		(void)pg_exec(c, "ROLLBACK");
		memcpy(c->errmsg, keep, sizeof(keep));
	}
	return rc;
}

/* ---- statements ------------------------------------------------------- */

static void
ps_free(struct pg_stmt *ps, int nparams)
{
	int i;

	PQclear(ps->res);
	for (i = 0; i < nparams; i++)
		zw_free(ps->params[i].p);
	for (i = 0; i < ps->ncols; i++)
		zw_free(ps->cols[i].p);
	zw_free(ps->cols);
	zw_free(ps->params);
	zw_free(ps->vals);
	zw_free(ps->lens);
	zw_free(ps->fmts);
	zw_free(ps);
}

static int
pg_prepare(zw_stmt *s)
{
	zw_conn *c = s->c;
	struct pg_stmt *ps;
	PGresult *r;
	char *q;
	int n, i, rc;
	size_t slots;

	if ((q = zw_pg_rewrite(s->sql, &n)) == NULL) {
		if (n < 0) {
			zw_conn_seterr(c, "numbered placeholders (?NNN) are "
			    "not portable");
			return ZW_EINVAL;
		}
		zw_conn_seterr(c, "more than %d parameters", ZW_DB_MAX_PARAMS);
		return ZW_ETOOBIG;
	}
	ps = zw_calloc(1, sizeof(*ps));
	c->next_name++;
	snprintf(ps->name, sizeof(ps->name), "zw%u", c->next_name);
	r = PQprepare(PC(c), ps->name, q, 0, NULL);
	rc = result_rc(c, r);
	PQclear(r);
	zw_free(q);
	slots = n > 0 ? (size_t)n : 1;
	ps->params = zw_calloc(slots, sizeof(*ps->params));
	ps->vals = zw_calloc(slots, sizeof(*ps->vals));
	ps->lens = zw_calloc(slots, sizeof(*ps->lens));
	ps->fmts = zw_calloc(slots, sizeof(*ps->fmts));
	if (rc != ZW_OK) {
		ps_free(ps, n);
		return rc;
	}
	for (i = 0; i < n; i++)
		ps->params[i].isnull = 1;
	ps->row = -1;
	s->h = ps;
	s->nparams = n;
	return ZW_OK;
}

static void
pg_finalize(zw_stmt *s, int server)
{
	struct pg_stmt *ps = PS(s);
	char sql[32];

	if (ps == NULL)
		return;
	/* DEALLOCATE takes no parameters; the name is ours ("zwN"). */
	if (server && PQstatus(PC(s->c)) == CONNECTION_OK &&
	    PQtransactionStatus(PC(s->c)) != PQTRANS_INERROR) {
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", ps->name);
		PQclear(PQexec(PC(s->c), sql));
	}
	ps_free(ps, s->nparams);
	s->h = NULL;
}

static void
pg_reset(zw_stmt *s)
{
	struct pg_stmt *ps = PS(s);
	int i;

	PQclear(ps->res);
	ps->res = NULL;
	for (i = 0; i < ps->ncols; i++)
		ps->cols[i].row = -1;
	ps->executed = 0;
	ps->row = -1;
	ps->nrows = 0;
}

static void
pg_clear(zw_stmt *s)
{
	int i;

	for (i = 0; i < s->nparams; i++)
		PS(s)->params[i].isnull = 1;
}

static void
param_reserve(struct pg_param *pp, size_t n)
{
	if (pp->cap < n) {
		size_t cap = pp->cap ? pp->cap : 32;

		while (cap < n)
			cap *= 2;
		pp->p = zw_realloc(pp->p, cap);
		pp->cap = cap;
	}
}

static int
pg_bind(zw_stmt *s, int i, enum zw_bind_kind k, const void *v, size_t n,
    int64_t iv)
{
	struct pg_param *pp = &PS(s)->params[i - 1];
	int len;

	switch (k) {
	case ZW_B_NULL:
		pp->isnull = 1;
		return ZW_OK;
	case ZW_B_INT:
		param_reserve(pp, 24);
		len = snprintf(pp->p, pp->cap, "%lld", (long long)iv);
		pp->len = len;
		pp->fmt = 0;
		break;
	case ZW_B_TEXT:
		param_reserve(pp, n + 1);
		memcpy(pp->p, v, n);
		pp->p[n] = '\0';
		pp->len = (int)n;
		pp->fmt = 0;
		break;
	case ZW_B_BLOB:
		param_reserve(pp, n + 1);
		memcpy(pp->p, v, n);
		pp->len = (int)n;
		pp->fmt = 1;
		break;
	}
	pp->isnull = 0;
	return ZW_OK;
}

static int
pg_step(zw_stmt *s)
{
	struct pg_stmt *ps = PS(s);
	zw_conn *c = s->c;
	PGresult *r;
	int i, rc;

	if (!ps->executed) {
		for (i = 0; i < s->nparams; i++) {
			struct pg_param *pp = &ps->params[i];

			ps->vals[i] = pp->isnull ? NULL : pp->p;
			ps->lens[i] = pp->isnull ? 0 : pp->len;
			ps->fmts[i] = pp->isnull ? 0 : pp->fmt;
		}
		r = PQexecPrepared(PC(c), ps->name, s->nparams,
		    (const char *const *)ps->vals, ps->lens, ps->fmts, 0);
		ps->executed = 1;
		if ((rc = result_rc(c, r)) != ZW_OK) {
			PQclear(r);
			return rc;
		}
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			PQclear(r);
			return ZW_OK;
		}
		ps->res = r;
		ps->row = -1;
		ps->nrows = PQntuples(r);
	}
	if (ps->res == NULL)
		return ZW_OK;
	if (++ps->row < ps->nrows)
		return ZW_ROW;
	PQclear(ps->res);
	ps->res = NULL;
	return ZW_OK;
}

static int
pg_col_count(zw_stmt *s)
{
	return PS(s)->res != NULL ? PQnfields(PS(s)->res) : 0;
}

static int
pg_col_isnull(zw_stmt *s, int i)
{
	return PQgetisnull(PS(s)->res, PS(s)->row, i);
}

static const char *
pg_col_text(zw_stmt *s, int i)
{
	return PQgetvalue(PS(s)->res, PS(s)->row, i);
}

/* Integers, booleans ("t"/"f"), and numerics truncated toward zero. */
static int64_t
pg_col_int(zw_stmt *s, int i)
{
	struct pg_stmt *ps = PS(s);
	const char *v = PQgetvalue(ps->res, ps->row, i);
	int len = PQgetlength(ps->res, ps->row, i);
	int64_t out;
	char *end;
	double d;

	if (PQgetisnull(ps->res, ps->row, i) || len <= 0)
		return 0;
	if (zw_parse_i64n(v, (size_t)len, INT64_MIN, INT64_MAX, &out) == ZW_OK)
		return out;
	if (len == 1 && (v[0] == 't' || v[0] == 'f'))
		return v[0] == 't';
	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end != '\0' || d != d)
		return 0;
	if (d >= 9223372036854775808.0)
		return INT64_MAX;
	if (d < -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)d;
}

static const void *
pg_col_blob(zw_stmt *s, int i, size_t *n)
{
	struct pg_stmt *ps = PS(s);
	const char *v = PQgetvalue(ps->res, ps->row, i);
	size_t len = (size_t)PQgetlength(ps->res, ps->row, i), want;
	struct pg_col *col;

	if (PQftype(ps->res, i) != BYTEAOID || len < 2 || v[0] != '\\' ||
	    v[1] != 'x' || (len - 2) % 2 != 0) {
		*n = len;
		return v;
	}
	if (ps->ncols < PQnfields(ps->res)) {
		int nf = PQnfields(ps->res), k;

		ps->cols = zw_realloc(ps->cols, (size_t)nf * sizeof(*ps->cols));
		for (k = ps->ncols; k < nf; k++) {
			memset(&ps->cols[k], 0, sizeof(ps->cols[k]));
			ps->cols[k].row = -1;
		}
		ps->ncols = nf;
	}
	col = &ps->cols[i];
	if (col->row == ps->row) {
		*n = col->len;
		return col->p;
	}
	want = (len - 2) / 2;
	if (col->cap < want + 1) {
		col->p = zw_realloc(col->p, want + 1);
		col->cap = want + 1;
	}
	if (zw_unhex(v + 2, len - 2, col->p, want) != ZW_OK) {
		*n = len;
		return v;
	}
	col->len = want;
	col->row = ps->row;
	*n = want;
	return col->p;
}

static const char *
pg_col_name(zw_stmt *s, int i)
{
	return PQfname(PS(s)->res, i);
}

const struct zw_backend zw_pg_backend = {
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.revive = pg_revive,
	.exec = pg_exec,
	.in_tx = pg_in_tx,
	.tx_begin = pg_tx_begin,
	.tx_commit = pg_tx_commit,
	.tx_rollback = pg_tx_rollback,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.clear = pg_clear,
	.bind = pg_bind,
	.step = pg_step,
	.col_count = pg_col_count,
	.col_isnull = pg_col_isnull,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_blob = pg_col_blob,
	.col_name = pg_col_name,
};
