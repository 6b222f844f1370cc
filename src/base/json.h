/*
 * json.h -- small helpers around jansson.
 */
#ifndef ZW_JSON_H
#define ZW_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"

/* Compact, key-sorted text of v in the arena. */
char *zw_json_dump(zw_arena *a, const json_t *v);
/* Object member as string ("" when absent or not a string). */
const char *zw_json_str(const json_t *o, const char *key);
int64_t zw_json_int(const json_t *o, const char *key);
/* The non-empty lines of text (trailing CR and blanks removed) as a
 * JSON array of strings; NULL text gives an empty array. */
json_t *zw_json_lines(const char *text);
/* Route jansson's allocations through zw_malloc/zw_free. */
void zw_json_init(void);

#endif
