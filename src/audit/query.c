/*
 * query.c -- searching the audit log for the audit administrator.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/err.h"

static void
bind_opt(zw_stmt *s, int i, const char *v)
{
	if (v != NULL && *v)
		zw_bind_text(s, i, v, (size_t)-1);
	else
		zw_bind_null(s, i);
}

int
zw_audit_query(zw_conn *c, const struct zw_audit_filter *f, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next_cursor)
{
	char like[160], ts[32];
	zw_stmt *s;
	int rc, n = 0;

	/* "+at" keeps the planner on the seq order (newest first, LIMIT)
	 * instead of sorting every event in the date range. */
	rc = zw_prepare(c, "SELECT seq, at, actor_id, actor_login, org_id, action, "
	    "object_type, object_id, result, ip, request_id, details "
	    "FROM audit_events WHERE "
	    "(CAST(? AS TEXT) IS NULL OR actor_login = ?) AND "
	    "(CAST(? AS TEXT) IS NULL OR action LIKE ?) AND "
	    "(CAST(? AS TEXT) IS NULL OR result = ?) AND "
	    "(CAST(? AS TEXT) IS NULL OR object_type = ?) AND "
	    "+at >= ? AND +at <= ? AND seq < ? ORDER BY seq DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		return rc;
	bind_opt(s, 1, f->actor);
	bind_opt(s, 2, f->actor);
	bind_opt(s, 3, f->action);
	if (f->action != NULL && *f->action) {
		/* escape-free prefix: action names hold only [a-z._] */
		snprintf(like, sizeof(like), "%s%%", f->action);
		zw_bind_text(s, 4, like, (size_t)-1);
	} else
		zw_bind_null(s, 4);
	bind_opt(s, 5, f->result);
	bind_opt(s, 6, f->result);
	bind_opt(s, 7, f->object_type);
	bind_opt(s, 8, f->object_type);
	zw_bind_int(s, 9, f->from);
	zw_bind_int(s, 10, f->to > 0 ? f->to : INT64_MAX);
	zw_bind_int(s, 11, cursor > 0 ? cursor : INT64_MAX);
	zw_bind_int(s, 12, limit + 1);
	*items = json_array();
	*next_cursor = -1;
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *o, *d;

		if (n == limit) {
			*next_cursor = zw_col_int(s, 0) + 1;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		o = json_object();
		json_object_set_new(o, "seq", json_integer(zw_col_int(s, 0)));
		zw_time_rfc3339(zw_col_int(s, 1), ts, sizeof(ts));
		json_object_set_new(o, "at", json_string(ts));
		json_object_set_new(o, "actor_id", zw_col_isnull(s, 2) ? json_null() :
		    json_integer(zw_col_int(s, 2)));
		json_object_set_new(o, "actor_login", json_string(zw_col_text(s, 3)));
		json_object_set_new(o, "org_id", zw_col_isnull(s, 4) ? json_null() :
		    json_integer(zw_col_int(s, 4)));
		json_object_set_new(o, "action", json_string(zw_col_text(s, 5)));
		json_object_set_new(o, "object_type", json_string(zw_col_text(s, 6)));
		json_object_set_new(o, "object_id", json_string(zw_col_text(s, 7)));
		json_object_set_new(o, "result", json_string(zw_col_text(s, 8)));
		json_object_set_new(o, "ip", json_string(zw_col_text(s, 9)));
		json_object_set_new(o, "request_id", json_string(zw_col_text(s, 10)));
		d = json_loads(zw_col_text(s, 11), 0, NULL);
		json_object_set_new(o, "details", d ? d : json_object());
		json_array_append_new(*items, o);
		n++;
	}
	return rc < 0 ? rc : ZW_OK;
}
