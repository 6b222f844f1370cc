/*
 * routes.h -- route table of the site search (API and page).
 */
#ifndef ZW_SEARCH_ROUTES_H
#define ZW_SEARCH_ROUTES_H

#include <stddef.h>

#include "web/route.h"

extern const struct zw_route zw_search_routes[];
extern const size_t zw_search_routes_count;

#endif
