/*
 * config.c -- the settings table and its parser.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "limits.h"
#include "mem.h"
#include "str.h"

const struct zw_setting zw_settings[] = {
	{ "listen", ZW_CONF_STR, 0, 0, NULL, "127.0.0.1:8080",
	  "Address and port to serve on" },
	{ "db", ZW_CONF_STR, 0, 0, NULL, "",
	  "PostgreSQL URL (postgresql://...); empty = SQLite in the data directory" },
	{ "threads", ZW_CONF_INT, 0, 256, NULL, "0",
	  "HTTP worker threads (libmicrohttpd thread pool); 0 = one per CPU core plus one" },
	{ "db_pool", ZW_CONF_INT, 1, 256, NULL, "16",
	  "Database connections per process" },
	{ "db_wait_ms", ZW_CONF_INT, 10, 60000, NULL, "2000",
	  "How long a request waits for a database connection before 503" },
	{ "durability", ZW_CONF_ENUM, 0, 0, "normal|full", "normal",
	  "SQLite: normal survives a process crash, full also a power loss" },
	{ "session_idle_minutes", ZW_CONF_INT, 1, 1440, NULL, "30",
	  "Idle sessions expire after this many minutes" },
	{ "lockout_threshold", ZW_CONF_INT, 1, 100, NULL, "5",
	  "Failed logins within the window that lock an account" },
	{ "lockout_window_minutes", ZW_CONF_INT, 1, 1440, NULL, "15",
	  "Window in which failed logins are counted" },
	{ "lockout_minutes", ZW_CONF_INT, 1, 10080, NULL, "30",
	  "How long a locked account stays locked" },
	{ "login_rate_per_minute", ZW_CONF_INT, 1, 10000, NULL, "20",
	  "Login attempts per client IP per minute (HTTP 429 past it)" },
	{ "register_rate_per_minute", ZW_CONF_INT, 1, 10000, NULL, "10",
	  "Public account registrations per client IP per minute (HTTP 429 past it)" },
	{ "disclosure_rate_per_hour", ZW_CONF_INT, 1, 100000, NULL, "20",
	  "依申请公开 requests submitted online per client IP per hour (HTTP 429 past it; "
	  "staff recording requests received on paper are not counted)" },
	{ "letters_rate_per_hour", ZW_CONF_INT, 1, 100000, NULL, "10",
	  "Letters (领导信箱) submitted per client IP per hour (HTTP 429 past it)" },
	{ "letters_days_consult", ZW_CONF_INT, 1, 60, NULL, "2",
	  "Working days to answer a 咨询 letter (standards.md §8)" },
	{ "letters_days_suggest", ZW_CONF_INT, 1, 60, NULL, "10",
	  "Working days to answer a 建议 letter" },
	{ "letters_days_help", ZW_CONF_INT, 1, 60, NULL, "10",
	  "Working days to answer a 求助 letter" },
	{ "letters_days_complaint", ZW_CONF_INT, 1, 60, NULL, "15",
	  "Working days to answer a 投诉 letter" },
	{ "letters_days_report", ZW_CONF_INT, 1, 60, NULL, "15",
	  "Working days to answer a 举报 letter" },
	{ "survey_rate_per_minute", ZW_CONF_INT, 1, 10000, NULL, "10",
	  "Survey responses per client IP per minute (HTTP 429 past it)" },
	{ "password_max_age_days", ZW_CONF_INT, 0, 3650, NULL, "90",
	  "Staff must change passwords this often (0 = never)" },
	{ "site_name", ZW_CONF_STR, 0, 0, NULL, "",
	  "Name shown in page titles; empty = the top organization's name" },
	{ "log_level", ZW_CONF_ENUM, 0, 0, "debug|info|warn|error", "info",
	  "Lowest level written to the log" },
	{ "access_log", ZW_CONF_ENUM, 0, 0, "on|off", "on",
	  "One log line per request" },
	{ "tls", ZW_CONF_ENUM, 0, 0, "off|on", "off",
	  "Set when a TLS proxy fronts the server: cookies get Secure" },
	{ "approvals_warn_percent", ZW_CONF_INT, 1, 99, NULL, "20",
	  "预警 when a case's remaining working days fall below this share of its promised period" },
	{ "approvals_red_days", ZW_CONF_INT, 0, 60, NULL, "5",
	  "红牌 when a case is late by more than this many working days" },
	{ "rating_rectify_days", ZW_CONF_INT, 1, 60, NULL, "5",
	  "Working days to rectify a bad rating (差评)" },
	{ "notify.gateway_command", ZW_CONF_STR, 0, 0, NULL, "",
	  "Program run for every message to a user (e-mail/SMS gateway), with the message as JSON on standard input; words split on blanks, no shell; empty = in-app messages only" },
	{ "job_poll_ms", ZW_CONF_INT, 50, 60000, NULL, "1000",
	  "How often the job worker looks for due jobs" },
	{ "approvals_warn_percent", ZW_CONF_INT, 1, 99, NULL, "20",
	  "电子监察 预警 when a case's remaining working days fall below this share of its promised period" },
	{ "approvals_red_days", ZW_CONF_INT, 1, 60, NULL, "5",
	  "电子监察 红牌 when a case is late by more than this many working days (or past its legal deadline)" },
	{ "rating_rectify_days", ZW_CONF_INT, 1, 60, NULL, "5",
	  "Working days a department has to rectify a 差评 (local rules: 5, 7 or 15)" },
	{ "supervision_sweep_minutes", ZW_CONF_INT, 1, 1440, NULL, "60",
	  "How often the supervision sweep runs (deemed acceptance, 预警/黄牌/红牌)" },
	{ "public_url", ZW_CONF_STR, 0, 0, NULL, "",
	  "Public address of the portal (https://www.example.gov.cn) used in Atom "
	  "feeds and sitemap.xml; empty = http:// and the request's Host" },
	{ "portal_index_format", ZW_CONF_STR, 0, 0, NULL, "{uscc}/{yyyy}-{nnnnn}",
	  "索引号 of published articles: {uscc} (the issuing organization's USCC, "
	  "its code when it has none), {org} (its code), {yyyy}, {mm} (of the "
	  "生成日期), {n...} (serial per organization and year, zero-padded to "
	  "as many digits as n's)" },
};
const size_t zw_settings_count = sizeof(zw_settings) / sizeof(zw_settings[0]);

struct zw_config {
	char *values[sizeof(zw_settings) / sizeof(zw_settings[0])];
	const char *sources[sizeof(zw_settings) / sizeof(zw_settings[0])];
};

static int
find(const char *key)
{
	size_t i;

	for (i = 0; i < zw_settings_count; i++)
		if (strcmp(zw_settings[i].key, key) == 0)
			return (int)i;
	return -1;
}

struct zw_config *
zw_config_new(void)
{
	struct zw_config *c = zw_calloc(1, sizeof(*c));
	size_t i;

	for (i = 0; i < zw_settings_count; i++) {
		c->values[i] = zw_strdup(zw_settings[i].def);
		c->sources[i] = "default";
	}
	return c;
}

void
zw_config_free(struct zw_config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < zw_settings_count; i++)
		zw_free(c->values[i]);
	zw_free(c);
}

static int
check_value(const struct zw_setting *s, const char *v, char *err, size_t errlen)
{
	int64_t n;

	switch (s->type) {
	case ZW_CONF_INT:
		if (zw_parse_i64(v, s->min, s->max, &n) != ZW_OK) {
			snprintf(err, errlen, "%s: expected an integer from %lld to %lld",
			    s->key, (long long)s->min, (long long)s->max);
			return ZW_EINVAL;
		}
		return ZW_OK;
	case ZW_CONF_ENUM: {
		const char *p = s->choices;
		size_t vl = strlen(v);

		while (p != NULL && *p) {
			const char *bar = strchr(p, '|');
			size_t l = bar ? (size_t)(bar - p) : strlen(p);

			if (l == vl && strncmp(p, v, l) == 0)
				return ZW_OK;
			p = bar ? bar + 1 : NULL;
		}
		snprintf(err, errlen, "%s: expected one of %s", s->key, s->choices);
		return ZW_EINVAL;
	}
	case ZW_CONF_STR:
		if (strlen(v) >= ZW_CONF_MAX_LINE) {
			snprintf(err, errlen, "%s: value too long", s->key);
			return ZW_EINVAL;
		}
		return ZW_OK;
	}
	return ZW_EINVAL;
}

int
zw_config_set(struct zw_config *c, const char *key, const char *value,
    const char *source, char *err, size_t errlen)
{
	int i = find(key);
	int rc;

	if (i < 0) {
		snprintf(err, errlen, "unknown setting \"%s\"", key);
		return ZW_EINVAL;
	}
	if ((rc = check_value(&zw_settings[i], value, err, errlen)) != ZW_OK)
		return rc;
	zw_free(c->values[i]);
	c->values[i] = zw_strdup(value);
	c->sources[i] = source;
	return ZW_OK;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
zw_config_load_file(struct zw_config *c, const char *path, char *err,
    size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[ZW_CONF_MAX_LINE + 2], msg[256];
	int lineno = 0, rc = ZW_OK;

	if (f == NULL)
		return ZW_OK;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p, *eq, *key, *val;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			rc = ZW_EINVAL;
			break;
		}
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: expected \"key = value\"",
			    path, lineno);
			rc = ZW_EINVAL;
			break;
		}
		*eq = '\0';
		key = trim(p);
		val = trim(eq + 1);
		if (zw_config_set(c, key, val, "zhengwu.conf", msg,
		    sizeof(msg)) != ZW_OK) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			rc = ZW_EINVAL;
			break;
		}
	}
	fclose(f);
	return rc;
}

int
zw_config_load_env(struct zw_config *c, char *err, size_t errlen)
{
	size_t i, j;
	char name[96], msg[256];

	for (i = 0; i < zw_settings_count; i++) {
		const char *v;

		snprintf(name, sizeof(name), "ZHENGWU_%s", zw_settings[i].key);
		/* notify.gateway_command -> ZHENGWU_NOTIFY_GATEWAY_COMMAND */
		for (j = 8; name[j]; j++)
			name[j] = name[j] == '.' ? '_' :
			    (char)toupper((unsigned char)name[j]);
		if ((v = getenv(name)) == NULL)
			continue;
		if (zw_config_set(c, zw_settings[i].key, v, "environment", msg,
		    sizeof(msg)) != ZW_OK) {
			snprintf(err, errlen, "%s: %s", name, msg);
			return ZW_EINVAL;
		}
	}
	return ZW_OK;
}

int64_t
zw_config_int(const struct zw_config *c, const char *key)
{
	int i = find(key);
	int64_t v = 0;

	ZW_ASSERT(i >= 0 && zw_settings[i].type == ZW_CONF_INT);
	if (zw_parse_i64(c->values[i], zw_settings[i].min, zw_settings[i].max,
	    &v) != ZW_OK)
		zw_fatal("setting %s holds a bad value", key);
	return v;
}

const char *
zw_config_str(const struct zw_config *c, const char *key)
{
	int i = find(key);

	ZW_ASSERT(i >= 0);
	return c->values[i];
}

const char *
zw_config_source(const struct zw_config *c, const char *key)
{
	int i = find(key);

	ZW_ASSERT(i >= 0);
	return c->sources[i];
}
