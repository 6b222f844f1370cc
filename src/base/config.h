/*
 * config.h -- settings: one typed table (config.c: zw_settings[]) drives
 * the zhengwu.conf parser, `zhengwu config dump` and docs/operations.md.
 * File format: "key = value" lines, '#' comments; an unknown key or a
 * bad value is an error naming file and line.  Precedence: built-in
 * default < zhengwu.conf < environment (ZHENGWU_<KEY>) < command line.
 */
#ifndef ZW_CONFIG_H
#define ZW_CONFIG_H

#include <stddef.h>
#include <stdint.h>

enum zw_conf_type { ZW_CONF_INT, ZW_CONF_STR, ZW_CONF_ENUM };

struct zw_setting {
	const char *key;
	enum zw_conf_type type;
	int64_t min, max;	/* ZW_CONF_INT */
	const char *choices;	/* ZW_CONF_ENUM: "normal|full" */
	const char *def;
	const char *doc;
};

extern const struct zw_setting zw_settings[];
extern const size_t zw_settings_count;

struct zw_config;

struct zw_config *zw_config_new(void);
void zw_config_free(struct zw_config *c);
/* Parse a file (missing file is not an error).  On error: ZW_EINVAL
 * and err = "FILE:LINE: message". */
int zw_config_load_file(struct zw_config *c, const char *path, char *err,
    size_t errlen);
/* Apply ZHENGWU_<KEY> environment variables. */
int zw_config_load_env(struct zw_config *c, char *err, size_t errlen);
/* Set from a given source ("command line"). */
int zw_config_set(struct zw_config *c, const char *key, const char *value,
    const char *source, char *err, size_t errlen);

int64_t zw_config_int(const struct zw_config *c, const char *key);
const char *zw_config_str(const struct zw_config *c, const char *key);
const char *zw_config_source(const struct zw_config *c, const char *key);

#endif
