/*
 * notify.h -- telling a user something: an in-app message, and, when a
 * gateway is configured (settings notify.gateway_url), the same text
 * queued as a job for the email/SMS gateway hook.
 */
#ifndef ZW_NOTIFY_H
#define ZW_NOTIFY_H

#include <stdint.h>

#include "store/db.h"

/* In the caller's transaction.  app_id 0 = not about an application. */
int zw_notify(zw_conn *c, int64_t user_id, int64_t app_id, const char *title,
    const char *body);

#endif
