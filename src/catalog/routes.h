/*
 * routes.h -- route tables of the catalog and sharing (API and pages).
 */
#ifndef ZW_CATALOG_ROUTES_H
#define ZW_CATALOG_ROUTES_H

#include <stddef.h>

#include "web/http.h"
#include "web/route.h"

extern const struct zw_route zw_catalog_routes[];
extern const size_t zw_catalog_routes_count;
extern const struct zw_route zw_catalog_page_routes[];
extern const size_t zw_catalog_page_routes_count;

/* The id of an organization code (400 bad_org set otherwise). */
int cat_org_lookup(zw_req *r, const char *code, int64_t *id);

#endif
