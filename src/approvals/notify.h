/*
 * notify.h -- telling a user something: an in-app message (table
 * messages), and, when a gateway is configured (setting
 * notify.gateway_command), the same message queued as a durable job
 * that hands it to the e-mail/SMS gateway program.
 */
#ifndef ZW_NOTIFY_H
#define ZW_NOTIFY_H

#include <jansson.h>
#include <stdint.h>

#include "org/org.h"
#include "store/db.h"

/* In the caller's transaction.  app_id 0 = not about an application.
 * title 1..ZW_MSG_MAX_TITLE characters, body up to ZW_MSG_MAX_BODY
 * (ZW_EINVAL past them or for a user that does not exist). */
int zw_notify(zw_conn *c, int64_t user_id, int64_t app_id, const char *title,
    const char *body);

/* The gateway command (the setting's value; NULL or "" = none): a
 * program and its arguments separated by blanks, no shell, no quoting.
 * Set once at start-up, before any thread calls zw_notify; copied.
 * ZW_ETOOBIG past ZW_NOTIFY_MAX_ARGS words (the gateway is then off). */
int zw_notify_set_gateway(const char *command);
/* Register the gateway job handler (server start-up). */
void zw_notify_jobs_init(void);
/* The job kind the gateway deliveries are queued under. */
#define ZW_NOTIFY_JOB_KIND "notify.gateway"

/* A user's messages, newest first: items [{id, title, body, app_id,
 * app_no, created_at, read, read_at}].  cursor 0 = from the newest;
 * *next_cursor -1 at the end.  OUT: *items (new reference). */
int zw_messages_list(zw_conn *c, int64_t user_id, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next_cursor);
/* Number of unread messages of a user. */
int zw_messages_unread(zw_conn *c, int64_t user_id, int64_t *n);
/* Mark one of who's own messages read (audited the first time).
 * ZW_ENOTFOUND for another user's message or none. */
int zw_message_read(zw_conn *c, const struct zw_actor *who, int64_t id);

#endif
