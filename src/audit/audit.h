/*
 * audit.h -- the tamper-evident audit log (等保 2.0 GB/T 22239-2019
 * §8.1.4.3: every record holds date and time, user, event type, success
 * or failure and details; records are protected against change).
 *
 * Events form an SM3 hash chain: hash_n = SM3(hash_{n-1} || canonical
 * event_n), where the canonical form length-prefixes every field so no
 * two events serialize alike.  audit_head(seq, hash) is updated in the
 * same transaction, which serializes appends and exposes a truncated
 * tail.  Append inside the caller's transaction: a state change and its
 * event commit together or not at all.
 */
#ifndef ZW_AUDIT_H
#define ZW_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

struct zw_audit_event {
	int64_t actor_id;	/* 0 = none (anonymous, system) */
	const char *actor_login;
	int64_t org_id;		/* 0 = none */
	const char *action;	/* "org.create", "session.login" ... */
	const char *object_type;
	const char *object_id;
	const char *result;	/* "success" or "failure" */
	const char *ip;
	const char *request_id;
	const char *details;	/* JSON object text, or NULL for "{}" */
};

/* Append within the caller's transaction. OUT: *seq (may be NULL). */
int zw_audit_append(zw_conn *c, const struct zw_audit_event *e, int64_t *seq);
/* Append in a transaction of its own (failed logins, denials). */
int zw_audit_append_tx(zw_conn *c, const struct zw_audit_event *e);

/* Walk the chain.  OUT: *count events checked; on a break returns
 * ZW_ECRYPTO with *bad_seq = the first sequence number that fails
 * (or the head's when the tail was cut). */
int zw_audit_verify(zw_conn *c, int64_t *count, int64_t *bad_seq);

/* Search (newest first).  Empty/NULL filters match everything; action
 * matches as a prefix ("org." finds org.create and org.update). */
struct zw_audit_filter {
	const char *actor;	/* exact login */
	const char *action;
	const char *result;
	const char *object_type;
	int64_t from, to;	/* epoch seconds, inclusive; 0 = open */
};

int zw_audit_query(zw_conn *c, const struct zw_audit_filter *f,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next_cursor);

#endif
