/*
 * gen_audit.c -- append N events to a data directory's SQLite audit
 * chain through zhengwu's own zw_audit_append (so every hash is the real
 * SM3 chain hash, and `zhengwu audit verify` must accept the result).
 *
 *   gen_audit DB_FILE COUNT [PER_TX]
 *
 * Events are appended in transactions of PER_TX (default 10000) events.
 * Only for benchmarks (bench/audit.sh); links build/libzw.a.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/err.h"
#include "crypto/pwhash.h"
#include "store/db.h"

/* A positive decimal count, or -1. */
static long long
count_arg(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	return errno != 0 || end == s || *end != '\0' || v <= 0 ? -1 : v;
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const char *const logins[] = { "admin", "secadmin", "auditor",
	    "clerk01", "clerk02", "leader01", "" };
	static const char *const actions[] = { "session.login", "org.update",
	    "user.update", "session.logout", "access.denied", "org.create" };
	static const char *const otypes[] = { "session", "org", "user",
	    "session", "route", "org" };
	struct zw_db_opts o;
	zw_db *db;
	zw_conn *c;
	long long n, per_tx, i;
	double t0;
	int rc;

	per_tx = argc > 3 ? count_arg(argv[3]) : 10000;
	if (argc < 3 || argc > 4 || (n = count_arg(argv[2])) < 0 || per_tx < 0) {
		fprintf(stderr, "usage: gen_audit DB_FILE COUNT [PER_TX]\n");
		return 2;
	}
	if (zw_crypto_init() != ZW_OK)
		return 1;
	memset(&o, 0, sizeof(o));
	o.path = argv[1];
	o.pool_size = 1;
	if ((rc = zw_db_open(&o, &db)) != ZW_OK ||
	    (rc = zw_conn_get(db, 10000, &c)) != ZW_OK) {
		fprintf(stderr, "gen_audit: cannot open %s: %s\n", argv[1],
		    zw_strerror(rc));
		return 1;
	}
	t0 = mono();
	for (i = 0; i < n; i++) {
		struct zw_audit_event e;
		char oid[24], ip[24], rid[24], details[160];
		size_t k = (size_t)i % (sizeof(actions) / sizeof(actions[0]));

		if (i % per_tx == 0 && (rc = zw_tx_begin(c)) != ZW_OK)
			break;
		snprintf(oid, sizeof(oid), "%lld", 1 + i % 5000);
		snprintf(ip, sizeof(ip), "127.%d.%d.%d", (int)(i >> 16 & 255),
		    (int)(i >> 8 & 255), (int)(i & 255));
		snprintf(rid, sizeof(rid), "%016llx",
		    (unsigned long long)i * 0x9e3779b97f4a7c15ull);
		snprintf(details, sizeof(details),
		    "{\"method\":\"PATCH\",\"path\":\"/api/v1/orgs/%s\","
		    "\"fields\":[\"name\",\"short_name\"],\"n\":%lld}", oid, i);
		memset(&e, 0, sizeof(e));
		e.actor_id = (int64_t)(i % 7) + 1;
		e.actor_login = logins[i % 7];
		e.org_id = (int64_t)(i % 14) + 1;
		e.action = actions[k];
		e.object_type = otypes[k];
		e.object_id = oid;
		e.result = i % 50 == 0 ? "failure" : "success";
		e.ip = ip;
		e.request_id = rid;
		e.details = details;
		if ((rc = zw_audit_append(c, &e, NULL)) != ZW_OK) {
			fprintf(stderr, "gen_audit: append %lld: %s (%s)\n", i,
			    zw_strerror(rc), zw_conn_errmsg(c));
			zw_tx_rollback(c);
			break;
		}
		if ((i + 1) % per_tx == 0 || i + 1 == n) {
			if ((rc = zw_tx_commit(c)) != ZW_OK) {
				fprintf(stderr, "gen_audit: commit: %s (%s)\n",
				    zw_strerror(rc), zw_conn_errmsg(c));
				break;
			}
		}
	}
	if (rc == ZW_OK)
		printf("gen_audit: appended %lld events in %.2f s (%.0f events/s)\n",
		    n, mono() - t0, (double)n / (mono() - t0));
	zw_conn_put(c);
	zw_db_close(db);
	return rc == ZW_OK ? 0 : 1;
}
