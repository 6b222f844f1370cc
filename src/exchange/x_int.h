/*
 * x_int.h -- what the exchange's files share and nobody else needs.
 */
#ifndef ZW_X_INT_H
#define ZW_X_INT_H

#include "exchange/exchange.h"

struct x_dataset {
	int64_t id, org_id, resource_id, latest, created_at;
	char name[ZW_X_MAX_NAME * 4 + 1];
	char key_column[ZW_X_MAX_COLNAME + 1];
	char description[ZW_X_MAX_DESC * 4 + 1];
	char org_name[400];
};

/* ZW_ENOTFOUND when absent (no access check).  OUT: *d. */
int x_dataset_load(zw_conn *c, int64_t id, struct x_dataset *d);
/* The SM3 of a version's blob.  OUT: sm3. */
int x_version_sm3(zw_conn *c, int64_t dataset_id, int64_t version,
    char sm3[65]);
/* A blob's bytes checked against its name (ZW_ECRYPTO when altered).
 * OUT: *p (zw_malloc'ed), *n. */
int x_blob_checked(const char *datadir, const char *sm3, void **p, size_t *n);
/* A row as {column: value}. */
json_t *x_row_json(zw_arena *a, const struct zw_xtab *t,
    const struct zw_xrow *row);

/* zw_actor_audit with details taken over (decref'ed here), so that a
 * json_pack may be passed inline. */
int x_audit(zw_conn *c, const struct zw_actor *who, const char *action,
    const char *object_type, int64_t object_id, json_t *details);

#endif
