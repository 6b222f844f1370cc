/*
 * org_int.h -- internals shared by the files of src/org/.
 */
#ifndef ZW_ORG_INT_H
#define ZW_ORG_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "org/org.h"

/* Scope condition on an org row aliased o: one parameter bound by
 * zw_bind_scope(): "%" for all, "/1/4/%" for own org and below, the
 * exact path "/1/4/" for own org (paths hold only digits and '/', so
 * they carry no LIKE metacharacters). */
#define ZW_SCOPE_SQL "o.path LIKE ?"

int zw_bind_scope(zw_stmt *s, int i, const struct zw_actor *who, zw_arena *a);
int zw_check_text(const char *v, const char *field, bool required,
    size_t maxchars, struct zw_why *why);
int zw_scope_from_text(const char *s);

#endif
