/*
 * server.h -- the HTTP server: libmicrohttpd with an epoll thread pool,
 * body collection under the limits.h caps, middleware in fixed order
 * (request id -> session -> CSRF -> rate limit -> permission), dispatch
 * to the route table, access log and metrics.  Plus the job worker.
 */
#ifndef ZW_SERVER_H
#define ZW_SERVER_H

#include "web/app.h"

/* Serve until SIGTERM/SIGINT; in-flight requests finish first. */
int zw_serve(struct zw_app *app, const char *listen);

/* Register every module's routes (called by zw_serve; tests use it). */
void zw_routes_init(void);

/* Fingerprint of the static files: pages link /static/x?v=<this>, which
 * is then cached for a year. */
extern char zw_asset_version[17];

#endif
