/*
 * routes.h -- route tables of the registries and the request helpers
 * their API and pages share.
 */
#ifndef ZW_REGISTRY_ROUTES_H
#define ZW_REGISTRY_ROUTES_H

#include <stddef.h>

#include "registry/registry.h"
#include "web/http.h"
#include "web/route.h"

extern const struct zw_route zw_registry_routes[];
extern const size_t zw_registry_routes_count;
extern const struct zw_route zw_registry_page_routes[];
extern const size_t zw_registry_page_routes_count;

/* The registry keys for this request (the process's). */
const struct zw_reg_keys *zw_reg_req_keys(zw_req *r);
/* A header as text: raw UTF-8 or percent-encoded UTF-8. */
const char *zw_reg_header_text(zw_req *r, const char *name);
/* Answer a registry call's failure: 400 / 403 / 404 / 413 / by code. */
void zw_reg_fail(zw_req *r, int rc, const struct zw_why *why);
/* The uploaded CSV: a multipart file part or the raw body (error set
 * and false otherwise). */
bool zw_reg_upload(zw_req *r, const char **data, size_t *n);

#endif
