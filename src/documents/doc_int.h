/*
 * doc_int.h -- internals shared by the files of src/documents/.
 */
#ifndef ZW_DOC_INT_H
#define ZW_DOC_INT_H

#include <stdint.h>

#include "base/buf.h"
#include "documents/documents.h"

struct zw_doc_row {
	int64_t id;
	int64_t org_id;
	int64_t drafter_id;
	int64_t signer_id;
	char status[16];
	char doc_type[16];
	char org_path[512];
	char short_name[64];
	char org_name[256];
};

int zw_doc_load(zw_conn *c, int64_t id, struct zw_doc_row *d);
int zw_doc_visible(zw_conn *c, const struct zw_actor *who, int64_t id);
int zw_doc_step(zw_conn *c, const struct zw_actor *who, int64_t doc_id,
    const char *step, const char *opinion);
int zw_doc_next_seq(zw_conn *c, const char *scope, int year, int64_t *seq);
/* Build the canonical string from the stored document.  With datadir,
 * attachment hashes are recomputed from the stored files (verification);
 * without, the recorded hashes are used (sealing). */
int zw_doc_canon_build(zw_conn *c, int64_t id, const char *datadir,
    zw_buf *out);
/* Sign the canonical string with the issuing organization's SM2 key. */
int zw_doc_seal(zw_conn *c, int64_t id, const char *datadir,
    const unsigned char *master_key, struct zw_why *why);

/* Columns and joins of a delivery row (zw_delivery_row reads them). */
#define ZW_DELIVERY_COLS "v.id, v.doc_id, v.to_org_id, o.name, v.kind, v.status, " \
	"v.due_date, v.reg_no, v.received_at, COALESCE(u.name, ''), v.return_reason, " \
	"v.returned_at, v.completed_at, v.urged_count, v.last_urged_at, " \
	"COALESCE(d.doc_no, ''), d.title, d.doc_type, d.urgency, so.name"
#define ZW_DELIVERY_FROM "FROM deliveries v JOIN orgs o ON o.id = v.to_org_id " \
	"JOIN documents d ON d.id = v.doc_id JOIN orgs so ON so.id = d.org_id " \
	"LEFT JOIN users u ON u.id = v.received_by"
json_t *zw_delivery_row(zw_stmt *s);
/* Chinese name of a document or delivery status ("草稿", "未签收" ...). */
const char *zw_doc_status_name(const char *status);

#endif
