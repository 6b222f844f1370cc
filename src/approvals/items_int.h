/*
 * items_int.h -- internals shared by the files of the service-items
 * part of src/approvals/ (items.c, item_form.c, consult.c, the routes
 * and the pages).
 */
#ifndef ZW_ITEMS_INT_H
#define ZW_ITEMS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "approvals/items.h"

/* Fill why with code, a copy of field and a formatted message, all in
 * this thread's buffer (valid until the next call); returns ZW_EINVAL. */
int zw_items_why(struct zw_why *why, const char *code, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Validate an item's "fields" schema (field names unique [a-z0-9_],
 * known types, choice options, max) and build its normalized copy.
 * OUT: *out (new reference). */
int zw_item_fields_normalize(const json_t *in, json_t **out,
    struct zw_why *why);

/* Does who's data scope hold the organization with this path and id? */
bool zw_items_scope_holds(const struct zw_actor *who, const char *path,
    int64_t org_id);

/* What identifies an item: its row, and its organization's path. */
struct zw_item_row {
	int64_t id;
	int64_t org_id;
	int current_version;
	char status[16];	/* published | withdrawn */
	char org_path[256];
};

/* Look an item up by code (any status).  ZW_ENOTFOUND when unknown. */
int zw_item_row_get(zw_conn *c, const char *code, struct zw_item_row *row);
/* May who see this item (published, or who manages it)? */
bool zw_item_visible(const struct zw_actor *who, const struct zw_item_row *row);

/* "/services/CODE" (code percent-encoded, though codes need none). */
#define ZW_ITEM_URL_PREFIX "/services/"

#endif
