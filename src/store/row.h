/*
 * row.h -- result columns as JSON values, NULL-aware.
 */
#ifndef ZW_ROW_H
#define ZW_ROW_H

#include <jansson.h>

#include "store/db.h"

/* The text, or null when the column is NULL. */
json_t *zw_col_json_text(zw_stmt *s, int i);
/* Unix seconds as RFC 3339 (+08:00), or null when NULL or 0. */
json_t *zw_col_json_time(zw_stmt *s, int i);
/* The integer, or null when NULL. */
json_t *zw_col_json_int(zw_stmt *s, int i);

#endif
