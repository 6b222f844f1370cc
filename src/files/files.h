/*
 * files.h -- uploaded files: metadata rows (table files) over the
 * content-addressed blob store (store/blob.h).  Documents reference
 * them as attachments (附件), applications as materials (申请材料).
 * The domain calls take no HTTP request; the route table at the end is
 * implemented in routes.c.
 *
 * A file is accepted when its name is 1..200 characters of UTF-8
 * without control characters, '/', '\\', and is not "." or "..";
 * its size is 1 byte .. ZW_MAX_UPLOAD; its extension is on the
 * allow-list below; and, for the types that have one, its first bytes
 * carry the format's signature.  The stored content type comes from the
 * allow-list, never from the client.
 *
 * Visibility: the uploader always sees the file; others see it when the
 * file's organization lies in their data scope (as for organizations:
 * own org, own org and below, or all).  Files of public users have no
 * organization and are visible to the uploader and to scope "all".
 * Outside that: ZW_ENOTFOUND.  who == NULL is an internal, unchecked
 * lookup for modules that have checked access themselves (a delivered
 * document's recipients reading its attachments).
 */
#ifndef ZW_FILES_H
#define ZW_FILES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/limits.h"
#include "base/err.h"
#include "org/org.h"
#include "store/db.h"
#include "web/route.h"


/*
 * Store an uploaded file: the bytes as a blob first (written to a
 * temporary file and renamed, so a row never names a missing blob),
 * then the row, then the audit event "file.upload" {filename, size,
 * sm3}, in the caller's transaction.  content_type is what the client
 * declared (may be NULL); it is recorded in the audit details only.
 * OUT: *id, sm3hex.  ZW_EINVAL with why (invalid_filename, empty_file,
 * file_type, content_mismatch), ZW_ETOOBIG (too_large), ZW_EIO, ZW_EDB.
 */
int zw_file_create(zw_conn *c, const struct zw_actor *who,
    const char *datadir, const char *filename, const char *content_type,
    const void *data, size_t len, int64_t *id, char sm3hex[65],
    struct zw_why *why);

/* Metadata {id, sm3, size, content_type, filename, uploaded_by, org_id,
 * created_at}.  ZW_ENOTFOUND when absent or not visible.  OUT: *out. */
int zw_file_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);

/* Path of the file's blob for streaming (the caller must verify the
 * SM3 of what it sends, or use zw_file_read).  OUT: path. */
int zw_file_path(zw_conn *c, const struct zw_actor *who,
    const char *datadir, int64_t id, char *path, size_t size);

/* Metadata and bytes, the bytes checked against the recorded SM3:
 * ZW_ECRYPTO when the stored blob was altered, ZW_EIO when it is gone.
 * OUT: *meta (may be NULL), *p (free with zw_free), *n. */
int zw_file_read(zw_conn *c, const struct zw_actor *who,
    const char *datadir, int64_t id, json_t **meta, void **p, size_t *n);

/* Check a file name; NULL when acceptable, else a Chinese message. */
const char *zw_file_name_problem(const char *filename);
/* The allowed content type for a file name's extension, or NULL. */
const char *zw_file_type_of(const char *filename);

/* HTTP: POST /api/v1/blobs, GET /api/v1/blobs/{id}[/content]. */
extern const struct zw_route zw_files_routes[];
extern const size_t zw_files_routes_count;

#endif
