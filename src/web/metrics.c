/*
 * metrics.c -- fixed-size tables under one mutex: cheap enough at our
 * request rates (a few hundred ns per request) and simple to read.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "web/metrics.h"

#define METRIC_SLOTS 512	/* distinct (route, method, status) */

static const double buckets_ms[] = { 1, 2, 5, 10, 25, 50, 100, 250, 500,
	1000, 2500, 5000 };
#define NBUCKETS (sizeof(buckets_ms) / sizeof(buckets_ms[0]))

static struct slot {
	const char *route;	/* static strings from the route table */
	const char *method;
	int status;
	uint64_t count;
} slots[METRIC_SLOTS];
static size_t nslots;
static uint64_t hist[NBUCKETS + 1];
static uint64_t hist_count;
static double hist_sum_s;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void
zw_metrics_record(const char *route, const char *method, int status,
    int64_t micros)
{
	double ms = (double)micros / 1000.0;
	size_t i;

	pthread_mutex_lock(&mu);
	for (i = 0; i < nslots; i++)
		if (slots[i].status == status && slots[i].route == route &&
		    strcmp(slots[i].method, method) == 0)
			break;
	if (i == nslots && nslots < METRIC_SLOTS) {
		slots[i].route = route;
		slots[i].method = method;
		slots[i].status = status;
		nslots++;
	}
	if (i < nslots)
		slots[i].count++;
	for (i = 0; i < NBUCKETS && ms > buckets_ms[i]; i++)
		;
	hist[i]++;
	hist_count++;
	hist_sum_s += ms / 1000.0;
	pthread_mutex_unlock(&mu);
}

int
zw_metrics_render(zw_buf *out)
{
	uint64_t cum = 0;
	size_t i;
	int rc = ZW_OK;

	pthread_mutex_lock(&mu);
	zw_buf_puts(out, "# HELP zhengwu_http_requests_total HTTP requests by route and status.\n"
	    "# TYPE zhengwu_http_requests_total counter\n");
	for (i = 0; i < nslots && rc == ZW_OK; i++)
		rc = zw_buf_printf(out, "zhengwu_http_requests_total{route=\"%s\","
		    "method=\"%s\",status=\"%d\"} %llu\n", slots[i].route,
		    slots[i].method, slots[i].status,
		    (unsigned long long)slots[i].count);
	zw_buf_puts(out, "# HELP zhengwu_http_request_duration_seconds Request latency.\n"
	    "# TYPE zhengwu_http_request_duration_seconds histogram\n");
	for (i = 0; i < NBUCKETS && rc == ZW_OK; i++) {
		cum += hist[i];
		rc = zw_buf_printf(out, "zhengwu_http_request_duration_seconds_bucket"
		    "{le=\"%g\"} %llu\n", buckets_ms[i] / 1000.0,
		    (unsigned long long)cum);
	}
	cum += hist[NBUCKETS];
	if (rc == ZW_OK)
		rc = zw_buf_printf(out, "zhengwu_http_request_duration_seconds_bucket"
		    "{le=\"+Inf\"} %llu\nzhengwu_http_request_duration_seconds_sum %.6f\n"
		    "zhengwu_http_request_duration_seconds_count %llu\n",
		    (unsigned long long)cum, hist_sum_s,
		    (unsigned long long)hist_count);
	pthread_mutex_unlock(&mu);
	return rc;
}
