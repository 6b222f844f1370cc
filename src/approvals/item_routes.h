/*
 * item_routes.h -- route tables of service items and 网上咨询: the JSON
 * API (item_routes.c) and the pages (item_pages.c: the public catalog
 * under /services, the back office under /office/items and
 * /office/questions).
 */
#ifndef ZW_ITEM_ROUTES_H
#define ZW_ITEM_ROUTES_H

#include <stddef.h>

#include "web/route.h"

extern const struct zw_route zw_item_api_routes[];
extern const size_t zw_item_api_routes_count;
extern const struct zw_route zw_item_page_routes[];
extern const size_t zw_item_page_routes_count;

#endif
