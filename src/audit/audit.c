/*
 * audit.c -- append and verify the SM3 audit chain.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/clock.h"
#include "crypto/sm3.h"

#define AUDIT_MAX_CANON (1u << 20)	/* one event's canonical form */

/* "len:" + bytes, without printf: this runs once per field per event. */
static int
put_field(zw_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0, v = n;
	char tmp[24], *q = tmp + sizeof(tmp);
	int rc;

	*--q = ':';
	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	if ((rc = zw_buf_append(b, q, (size_t)(tmp + sizeof(tmp) - q))) != ZW_OK)
		return rc;
	return zw_buf_append(b, s ? s : "", n);
}

static int
put_int(zw_buf *b, int64_t v)
{
	char tmp[24], *q = tmp + sizeof(tmp) - 1;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	*q = '\0';
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--q = '-';
	return put_field(b, q);
}

/* hash = SM3(prev_hash || canonical(seq, at, fields...)), hex.
 * b is a scratch buffer the caller reuses across events. */
static int
chain_hash_buf(zw_buf *b, const char *prev, int64_t seq, int64_t at,
    const struct zw_audit_event *e, char out[65])
{
	int rc;

	zw_buf_reset(b);
	rc = zw_buf_puts(b, prev);
	if (rc == ZW_OK) rc = put_int(b, seq);
	if (rc == ZW_OK) rc = put_int(b, at);
	if (rc == ZW_OK) rc = put_int(b, e->actor_id);
	if (rc == ZW_OK) rc = put_field(b, e->actor_login);
	if (rc == ZW_OK) rc = put_int(b, e->org_id);
	if (rc == ZW_OK) rc = put_field(b, e->action);
	if (rc == ZW_OK) rc = put_field(b, e->object_type);
	if (rc == ZW_OK) rc = put_field(b, e->object_id);
	if (rc == ZW_OK) rc = put_field(b, e->result);
	if (rc == ZW_OK) rc = put_field(b, e->ip);
	if (rc == ZW_OK) rc = put_field(b, e->request_id);
	if (rc == ZW_OK) rc = put_field(b, e->details ? e->details : "{}");
	if (rc == ZW_OK)
		zw_sm3_hex(b->p, b->len, out);
	return rc;
}

static int
chain_hash(const char *prev, int64_t seq, int64_t at,
    const struct zw_audit_event *e, char out[65])
{
	zw_buf b;
	int rc;

	zw_buf_init(&b, AUDIT_MAX_CANON);
	rc = chain_hash_buf(&b, prev, seq, at, e, out);
	zw_buf_free(&b);
	return rc;
}

int
zw_audit_append(zw_conn *c, const struct zw_audit_event *e, int64_t *seq)
{
	zw_stmt *s;
	char prev[65], hash[65];
	int64_t next, at = zw_now();
	int rc;

	ZW_ASSERT(zw_in_tx(c));
	rc = zw_prepare(c, zw_conn_kind(c) == ZW_DB_PG ?
	    "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE" :
	    "SELECT seq, hash FROM audit_head WHERE id = 1", &s);
	if (rc != ZW_OK)
		return rc;
	if ((rc = zw_step(s)) != ZW_ROW) {
		zw_reset(s);
		return rc < 0 ? rc : ZW_EDB;
	}
	next = zw_col_int(s, 0) + 1;
	zw_strlcpy(prev, zw_col_text(s, 1), sizeof(prev));
	zw_reset(s);

	if ((rc = chain_hash(prev, next, at, e, hash)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "INSERT INTO audit_events (seq, at, actor_id, "
	    "actor_login, org_id, action, object_type, object_id, result, ip, "
	    "request_id, details, prev_hash, hash) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, next);
	zw_bind_int(s, 2, at);
	if (e->actor_id)
		zw_bind_int(s, 3, e->actor_id);
	else
		zw_bind_null(s, 3);
	zw_bind_text(s, 4, e->actor_login ? e->actor_login : "", (size_t)-1);
	if (e->org_id)
		zw_bind_int(s, 5, e->org_id);
	else
		zw_bind_null(s, 5);
	zw_bind_text(s, 6, e->action, (size_t)-1);
	zw_bind_text(s, 7, e->object_type ? e->object_type : "", (size_t)-1);
	zw_bind_text(s, 8, e->object_id ? e->object_id : "", (size_t)-1);
	zw_bind_text(s, 9, e->result, (size_t)-1);
	zw_bind_text(s, 10, e->ip ? e->ip : "", (size_t)-1);
	zw_bind_text(s, 11, e->request_id ? e->request_id : "", (size_t)-1);
	zw_bind_text(s, 12, e->details ? e->details : "{}", (size_t)-1);
	zw_bind_text(s, 13, prev, (size_t)-1);
	zw_bind_text(s, 14, hash, (size_t)-1);
	if ((rc = zw_step(s)) < 0)
		return rc;
	rc = zw_prepare(c, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, next);
	zw_bind_text(s, 2, hash, (size_t)-1);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if (seq != NULL)
		*seq = next;
	return ZW_OK;
}

int
zw_audit_append_tx(zw_conn *c, const struct zw_audit_event *e)
{
	int rc;

	if ((rc = zw_tx_begin(c)) != ZW_OK)
		return rc;
	if ((rc = zw_audit_append(c, e, NULL)) != ZW_OK) {
		zw_tx_rollback(c);
		zw_error("audit append failed: %s", zw_strerror(rc));
		return rc;
	}
	return zw_tx_commit(c);
}

int
zw_audit_verify(zw_conn *c, int64_t *count, int64_t *bad_seq)
{
	zw_stmt *s;
	char prev[65], hash[65];
	int64_t expect = 1, head_seq;
	zw_buf canon;
	int rc;

	*count = 0;
	*bad_seq = 0;
	memset(prev, '0', 64);
	prev[64] = '\0';
	rc = zw_prepare(c, "SELECT seq, at, actor_id, actor_login, org_id, "
	    "action, object_type, object_id, result, ip, request_id, details, "
	    "prev_hash, hash FROM audit_events ORDER BY seq", &s);
	if (rc != ZW_OK)
		return rc;
	zw_buf_init(&canon, AUDIT_MAX_CANON);
	while ((rc = zw_step(s)) == ZW_ROW) {
		struct zw_audit_event e;
		int64_t seq = zw_col_int(s, 0);

		e.actor_id = zw_col_int(s, 2);
		e.actor_login = zw_col_text(s, 3);
		e.org_id = zw_col_int(s, 4);
		e.action = zw_col_text(s, 5);
		e.object_type = zw_col_text(s, 6);
		e.object_id = zw_col_text(s, 7);
		e.result = zw_col_text(s, 8);
		e.ip = zw_col_text(s, 9);
		e.request_id = zw_col_text(s, 10);
		e.details = zw_col_text(s, 11);
		if (seq != expect || strcmp(zw_col_text(s, 12), prev) != 0 ||
		    chain_hash_buf(&canon, prev, seq, zw_col_int(s, 1), &e, hash) != ZW_OK ||
		    strcmp(hash, zw_col_text(s, 13)) != 0) {
			*bad_seq = seq != expect && seq > expect ? expect : seq;
			zw_buf_free(&canon);
			zw_reset(s);
			return ZW_ECRYPTO;
		}
		memcpy(prev, hash, sizeof(prev));
		expect++;
		(*count)++;
	}
	zw_buf_free(&canon);
	if (rc < 0)
		return rc;
	/* The head must match the last event: a cut tail shows here. */
	rc = zw_prepare(c, "SELECT seq, hash FROM audit_head WHERE id = 1", &s);
	if (rc != ZW_OK)
		return rc;
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	head_seq = zw_col_int(s, 0);
	if (head_seq != *count || strcmp(zw_col_text(s, 1), prev) != 0) {
		*bad_seq = *count + 1;
		zw_reset(s);
		return ZW_ECRYPTO;
	}
	zw_reset(s);
	return ZW_OK;
}
