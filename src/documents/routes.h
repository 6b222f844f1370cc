/*
 * routes.h -- route table of the documents module.
 */
#ifndef ZW_DOC_ROUTES_H
#define ZW_DOC_ROUTES_H

#include <stddef.h>

#include "web/route.h"

extern const struct zw_route zw_doc_routes[];
extern const size_t zw_doc_routes_count;
extern const struct zw_route zw_doc_page_routes[];
extern const size_t zw_doc_page_routes_count;

#endif
