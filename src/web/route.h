/*
 * route.h -- the route table.  Each module exports an array of routes;
 * the server matches method + path against them in order.  Patterns are
 * literal segments and {name} captures (one segment, percent-decoded).
 */
#ifndef ZW_ROUTE_H
#define ZW_ROUTE_H

#include "web/http.h"

enum zw_route_flags {
	ZW_R_PUBLIC = 1 << 0,	/* no session needed */
	ZW_R_NO_CSRF = 1 << 1,	/* exempt from CSRF (login itself) */
	ZW_R_LOGIN_RATE = 1 << 2,	/* login rate limit applies */
	ZW_R_ALLOW_PWCHANGE = 1 << 3,	/* allowed while a password change
					   is pending */
	ZW_R_UPLOAD = 1 << 4,	/* body may be up to ZW_MAX_UPLOAD */
	ZW_R_STAFF = 1 << 5,	/* staff accounts only */
	ZW_R_CLIENT = 1 << 6	/* API clients of other systems may call it
				   (src/catalog/clients.c); no other route */
};

typedef void (*zw_handler)(zw_req *r);

struct zw_route {
	const char *method;
	const char *pattern;
	zw_handler fn;
	const char *perm;	/* required permission or NULL */
	int flags;
	const char *name;	/* metric label; defaults to pattern */
};

/* Find the route for method + path.  OUT: params (decoded, arena);
 * *method_mismatch = 1 when the path matched with another method. */
const struct zw_route *zw_route_match(zw_arena *a, const char *method,
    const char *path, const char **params, int *method_mismatch);
/* Register a module's table (at start-up). */
void zw_route_add_table(const struct zw_route *t, size_t n);
void zw_route_reset(void);
/* Routes registered with a method and pattern already taken (whatever
 * the parameter names): the later one would never run. */
size_t zw_route_conflicts(void);

#endif
