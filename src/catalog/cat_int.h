/*
 * cat_int.h -- what the catalog's files share.
 */
#ifndef ZW_CAT_INT_H
#define ZW_CAT_INT_H

#include "catalog/catalog.h"

/* Bytes of an item list (",a,b,") built in memory: the union of an
 * organization's grants on one resource stays far below. */
#define CAT_LIST_MAX 65536

/* Whether s is text of at most max characters (UTF-8, no controls but
 * \t\r\n); empty allowed when allow_empty. */
bool cat_text_ok(const char *s, size_t max, bool allow_empty);
/* Organization id of a code, name into the arena (may be NULL). */
int cat_org_by_code(zw_conn *c, zw_arena *a, const char *code, int64_t *id,
    const char **name);
/* The provider and share type of a resource (0 version = unpublished).
 * OUT: all but c, a, id. */
int cat_resource_head(zw_conn *c, zw_arena *a, int64_t id, int64_t *provider,
    const char **share_type, const char **doc, int *published_version);
/* The item codes of a resource's latest published version, ",a,b,". */
const char *cat_item_codes(zw_arena *a, const char *doc);

#endif
