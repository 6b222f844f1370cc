/*
 * log.c -- one stderr line per event: time, level, message.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "clock.h"
#include "log.h"

enum zw_log_level zw_log_min = ZW_LOG_INFO;

void
zw_log_write(enum zw_log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	char line[2048], ts[40];
	va_list ap;

	zw_time_rfc3339(zw_now(), ts, sizeof(ts));
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One fprintf per line keeps lines whole across threads. */
	fprintf(stderr, "%s level=%s %s\n", ts, names[lvl], line);
}
