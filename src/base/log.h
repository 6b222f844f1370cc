/*
 * log.h -- leveled logging to stderr, one line per event, key=value
 * fields.  The level is checked before the arguments are formatted.
 */
#ifndef ZW_LOG_H
#define ZW_LOG_H

enum zw_log_level { ZW_LOG_DEBUG, ZW_LOG_INFO, ZW_LOG_WARN, ZW_LOG_ERROR };

extern enum zw_log_level zw_log_min;

void zw_log_write(enum zw_log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define zw_log(lvl, ...) \
	do { if ((lvl) >= zw_log_min) zw_log_write((lvl), __VA_ARGS__); } while (0)
#define zw_debug(...)	zw_log(ZW_LOG_DEBUG, __VA_ARGS__)
#define zw_info(...)	zw_log(ZW_LOG_INFO, __VA_ARGS__)
#define zw_warn(...)	zw_log(ZW_LOG_WARN, __VA_ARGS__)
#define zw_error(...)	zw_log(ZW_LOG_ERROR, __VA_ARGS__)

#endif
