/*
 * metrics.h -- request counters by route and status, a latency
 * histogram, and the Prometheus text rendering for GET /metrics.
 */
#ifndef ZW_METRICS_H
#define ZW_METRICS_H

#include <stdint.h>

#include "base/buf.h"

void zw_metrics_record(const char *route, const char *method, int status,
    int64_t micros);
/* Append the request metrics in Prometheus text format. */
int zw_metrics_render(zw_buf *out);

#endif
