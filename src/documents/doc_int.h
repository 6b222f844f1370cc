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

#endif
