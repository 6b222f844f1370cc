/*
 * app.h -- the process-wide state a request may read: database,
 * compiled templates, calendar, settings, master key.  Built once by
 * `serve` (and by commands that need it), read-only afterwards except
 * where a field says otherwise.
 */
#ifndef ZW_APP_H
#define ZW_APP_H

#include <pthread.h>
#include <stdbool.h>

#include "base/config.h"
#include "base/workday.h"
#include "crypto/sm4.h"
#include "store/db.h"
#include "web/tmpl.h"

struct zw_app {
	char *datadir;
	struct zw_config *conf;
	zw_db *db;
	zw_tmpl_set *tmpl;
	/* The calendar may be replaced by an import: readers take the lock. */
	pthread_rwlock_t cal_lock;
	zw_calendar *cal;
	unsigned char master_key[ZW_SM4_KEY_LEN];
	char *site_name;	/* 政府名称 for page titles */
	bool tls;		/* Secure cookies */
};

/* Open everything under datadir (migrate if asked). OUT: *out. */
int zw_app_open(const char *datadir, const char *db_url, bool migrate,
    struct zw_app **out);
void zw_app_close(struct zw_app *app);
/* Rebuild the calendar from shipped files + the calendar_days table. */
int zw_app_reload_calendar(struct zw_app *app, zw_conn *c);

#endif
