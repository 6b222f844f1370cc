/*
 * app.c -- open the data directory: settings, master key, region table,
 * database (and migrations), compiled templates, holiday calendar.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "approvals/accounts.h"
#include "approvals/notify.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "documents/search.h"
#include "registry/registry.h"
#include "search/sitesearch.h"
#include "store/migrate.h"
#include "web/app.h"

#define MASTER_KEY_FILE "master.key"

/* Read DATA/master.key: 32 hex digits (the SM4 key for data at rest). */
static int
load_master_key(const char *datadir, unsigned char key[ZW_SM4_KEY_LEN])
{
	char path[4096], hex[2 * ZW_SM4_KEY_LEN + 2];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", datadir, MASTER_KEY_FILE);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		zw_error("cannot open %s: %s", path, strerror(errno));
		return ZW_EIO;
	}
	n = read(fd, hex, sizeof(hex));
	close(fd);
	if (n < 2 * ZW_SM4_KEY_LEN ||
	    zw_unhex(hex, 2 * ZW_SM4_KEY_LEN, key, ZW_SM4_KEY_LEN) != ZW_OK) {
		zw_error("%s is malformed (expected 32 hex digits)", path);
		return ZW_EINVAL;
	}
	zw_wipe(hex, sizeof(hex));
	return ZW_OK;
}

static int
load_templates(struct zw_app *app)
{
	char err[512];
	size_t i;

	app->tmpl = zw_tmpl_set_new();
	for (i = 0; i < zw_embedded_count; i++) {
		const struct zw_embed *e = &zw_embedded[i];
		size_t pl = strlen(e->path);

		if (strncmp(e->path, "templates/", 10) != 0 || pl < 15 ||
		    strcmp(e->path + pl - 5, ".html") != 0)
			continue;
		/* name: "office/login.html" */
		if (zw_tmpl_add(app->tmpl, e->path + 10, (const char *)e->data,
		    e->len, err, sizeof(err)) != ZW_OK) {
			zw_error("template %s", err);
			return ZW_EINVAL;
		}
	}
	if (zw_tmpl_link(app->tmpl, err, sizeof(err)) != ZW_OK) {
		zw_error("templates: %s", err);
		return ZW_EINVAL;
	}
	return ZW_OK;
}

int
zw_app_reload_calendar(struct zw_app *app, zw_conn *c)
{
	zw_calendar *cal = zw_calendar_new(), *old;
	zw_stmt *s;
	size_t i;
	int rc, line;

	for (i = 0; i < zw_embedded_count; i++) {
		const struct zw_embed *e = &zw_embedded[i];

		if (strncmp(e->path, "share/holidays/", 15) != 0)
			continue;
		if (zw_calendar_load(cal, (const char *)e->data, e->len, &line) != ZW_OK) {
			zw_error("%s:%d: bad calendar line", e->path, line);
			zw_calendar_free(cal);
			return ZW_EINVAL;
		}
	}
	/* Imported years override shipped ones day by day. */
	if ((rc = zw_prepare(c, "SELECT day, kind, name FROM calendar_days "
	    "ORDER BY day", &s)) != ZW_OK) {
		zw_calendar_free(cal);
		return rc;
	}
	while ((rc = zw_step(s)) == ZW_ROW) {
		zw_date d;

		if (zw_date_parse(zw_col_text(s, 0), &d) == ZW_OK)
			zw_calendar_set(cal, d, strcmp(zw_col_text(s, 1), "work") == 0 ?
			    2 : 1, zw_col_text(s, 2));
	}
	if (rc < 0) {
		zw_calendar_free(cal);
		return rc;
	}
	pthread_rwlock_wrlock(&app->cal_lock);
	old = app->cal;
	app->cal = cal;
	pthread_rwlock_unlock(&app->cal_lock);
	zw_calendar_free(old);
	return ZW_OK;
}

static int
load_site_name(struct zw_app *app, zw_conn *c)
{
	const char *conf = zw_config_str(app->conf, "site_name");
	zw_stmt *s;
	int rc;

	if (*conf) {
		app->site_name = zw_strdup(conf);
		return ZW_OK;
	}
	rc = zw_prepare(c, "SELECT name FROM orgs WHERE parent_id IS NULL "
	    "ORDER BY id LIMIT 1", &s);
	if (rc != ZW_OK)
		return rc;
	if (zw_step(s) == ZW_ROW) {
		app->site_name = zw_strdup(zw_col_text(s, 0));
		zw_reset(s);
	} else
		app->site_name = zw_strdup("政务服务平台");
	return ZW_OK;
}

int
zw_app_open(const char *datadir, const char *db_url, bool migrate,
    struct zw_app **out)
{
	struct zw_app *app = zw_calloc(1, sizeof(*app));
	const struct zw_embed *regions;
	struct zw_db_opts o;
	char path[4096], err[512];
	struct stat st;
	zw_conn *c = NULL;
	int rc;

	zw_json_init();
	pthread_rwlock_init(&app->cal_lock, NULL);
	app->datadir = zw_strdup(datadir);
	app->conf = zw_config_new();
	*out = NULL;
	if (stat(datadir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		zw_error("data directory %s does not exist (run: zhengwu init --data %s)",
		    datadir, datadir);
		rc = ZW_ENOTFOUND;
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/zhengwu.conf", datadir);
	if ((rc = zw_config_load_file(app->conf, path, err, sizeof(err))) != ZW_OK ||
	    (rc = zw_config_load_env(app->conf, err, sizeof(err))) != ZW_OK) {
		zw_error("%s", err);
		goto fail;
	}
	if (db_url != NULL && *db_url &&
	    (rc = zw_config_set(app->conf, "db", db_url, "command line", err,
	    sizeof(err))) != ZW_OK) {
		zw_error("%s", err);
		goto fail;
	}
	if (strcmp(zw_config_str(app->conf, "log_level"), "debug") == 0)
		zw_log_min = ZW_LOG_DEBUG;
	else if (strcmp(zw_config_str(app->conf, "log_level"), "warn") == 0)
		zw_log_min = ZW_LOG_WARN;
	else if (strcmp(zw_config_str(app->conf, "log_level"), "error") == 0)
		zw_log_min = ZW_LOG_ERROR;
	app->tls = strcmp(zw_config_str(app->conf, "tls"), "on") == 0;
	if ((rc = zw_notify_set_gateway(zw_config_str(app->conf,
	    "notify.gateway_command"))) != ZW_OK) {
		zw_error("notify.gateway_command: more than %d words",
		    ZW_NOTIFY_MAX_ARGS);
		goto fail;
	}
	if ((rc = load_master_key(datadir, app->master_key)) != ZW_OK)
		goto fail;
	zw_registry_init(app->master_key);
	/* registration of public accounts checks name and number against
	 * the base registries (accounts.c) */
	zw_accounts_set_identity_check(zw_registry_identity_check);
	if ((regions = zw_embed_find("share/regions.csv")) == NULL ||
	    (rc = zw_regions_load((const char *)regions->data, regions->len)) != ZW_OK) {
		zw_error("region table missing or malformed");
		rc = ZW_EINVAL;
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/zhengwu.db", datadir);
	memset(&o, 0, sizeof(o));
	o.url = *zw_config_str(app->conf, "db") ? zw_config_str(app->conf, "db") : NULL;
	o.path = path;
	o.pool_size = (int)zw_config_int(app->conf, "db_pool");
	o.durability_full = strcmp(zw_config_str(app->conf, "durability"), "full") == 0;
	if ((rc = zw_db_open(&o, &app->db)) != ZW_OK) {
		zw_error("cannot open database: %s", zw_strerror(rc));
		goto fail;
	}
	if ((rc = zw_conn_get(app->db, 10000, &c)) != ZW_OK) {
		zw_error("cannot connect to the database: %s", zw_strerror(rc));
		goto fail;
	}
	if (migrate) {
		int applied = 0;
		int64_t indexed = 0;

		if ((rc = zw_migrate(c, &applied)) != ZW_OK) {
			if (rc == ZW_ESCHEMA)
				zw_error("the database schema is newer than this "
				    "binary (knows version %d): upgrade zhengwu",
				    zw_migrate_latest());
			else
				zw_error("migration failed: %s", zw_conn_errmsg(c));
			goto fail;
		}
		if (applied > 0)
			zw_info("applied %d migration(s)", applied);
		/* documents older than the search index get indexed once */
		if ((rc = zw_doc_index_missing(c, &indexed)) != ZW_OK) {
			zw_error("search index: %s", zw_conn_errmsg(c));
			goto fail;
		}
		if (indexed > 0)
			zw_info("indexed %lld document(s) for search", (long long)indexed);
		/* public objects older than the site search get indexed once */
		if ((rc = zw_site_search_backfill(c, &indexed)) != ZW_OK) {
			zw_error("site search index: %s", zw_conn_errmsg(c));
			goto fail;
		}
		if (indexed > 0)
			zw_info("indexed %lld page(s) for the site search",
			    (long long)indexed);
	}
	if ((rc = load_templates(app)) != ZW_OK ||
	    (rc = zw_app_reload_calendar(app, c)) != ZW_OK ||
	    (rc = load_site_name(app, c)) != ZW_OK)
		goto fail;
	zw_conn_put(c);
	*out = app;
	return ZW_OK;
fail:
	if (c != NULL)
		zw_conn_put(c);
	zw_app_close(app);
	return rc;
}

void
zw_app_close(struct zw_app *app)
{
	if (app == NULL)
		return;
	if (app->db != NULL)
		zw_db_close(app->db);
	if (app->tmpl != NULL)
		zw_tmpl_set_free(app->tmpl);
	zw_calendar_free(app->cal);
	zw_config_free(app->conf);
	zw_wipe(app->master_key, sizeof(app->master_key));
	zw_free(app->datadir);
	zw_free(app->site_name);
	pthread_rwlock_destroy(&app->cal_lock);
	zw_free(app);
}
