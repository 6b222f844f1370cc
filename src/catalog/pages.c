/* pages.c -- placeholder, filled below */
#include "catalog/routes.h"
const struct zw_route zw_catalog_page_routes[] = {
	{ "GET", "/office/catalog-placeholder", NULL, NULL, ZW_R_STAFF, NULL },
};
const size_t zw_catalog_page_routes_count = 0;
