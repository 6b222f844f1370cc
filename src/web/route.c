/*
 * route.c -- route tables and matching.  Tables are registered at
 * start-up; matching walks them in order (a few hundred routes at most:
 * a linear scan over pre-split patterns is faster than it sounds and
 * obviously correct).
 */
#include <stdbool.h>
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "web/route.h"

#define MAX_TABLES 32

static struct {
	const struct zw_route *t;
	size_t n;
} tables[MAX_TABLES];
static size_t ntables;
static size_t nconflicts;	/* routes registered twice */

/* Same pattern, whatever the names of the {parameters}. */
static bool
same_pattern(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a == '{' && *b == '{') {
			const char *ea = strchr(a, '}'), *eb = strchr(b, '}');

			if (ea == NULL || eb == NULL)
				return false;
			a = ea + 1;
			b = eb + 1;
			continue;
		}
		if (*a++ != *b++)
			return false;
	}
	return *a == *b;
}

/* A route registered twice would be shadowed without a word: the
 * second table's handler never runs.  Count it (zw_route_conflicts). */
static void
check_unique(const struct zw_route *r)
{
	size_t i, j;

	for (i = 0; i < ntables; i++)
		for (j = 0; j < tables[i].n; j++)
			if (strcmp(tables[i].t[j].method, r->method) == 0 &&
			    same_pattern(tables[i].t[j].pattern, r->pattern)) {
				zw_error("route %s %s is registered twice", r->method,
				    r->pattern);
				nconflicts++;
			}
}

size_t
zw_route_conflicts(void)
{
	return nconflicts;
}

void
zw_route_add_table(const struct zw_route *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_unique(&t[i]);
	ZW_ASSERT(ntables < MAX_TABLES);
	tables[ntables].t = t;
	tables[ntables].n = n;
	ntables++;
}

void
zw_route_reset(void)
{
	ntables = 0;
	nconflicts = 0;
}

/* Match one pattern; captures go to params. */
static int
match(zw_arena *a, const char *pat, const char *path, const char **params)
{
	int np = 0;

	while (*pat && *path) {
		if (*pat == '{') {
			const char *pe = strchr(pat, '}');
			const char *se = strchr(path, '/');
			size_t n = se ? (size_t)(se - path) : strlen(path);

			if (pe == NULL || n == 0 || np >= ZW_MAX_PATH_PARAMS)
				return 0;
			params[np++] = zw_astrndup(a, path, n);
			pat = pe + 1;
			path += n;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *pat == '\0' && *path == '\0';
}

const struct zw_route *
zw_route_match(zw_arena *a, const char *method, const char *path,
    const char **params, int *method_mismatch)
{
	size_t i, j;
	int head = strcmp(method, "HEAD") == 0;

	*method_mismatch = 0;
	for (i = 0; i < ntables; i++)
		for (j = 0; j < tables[i].n; j++) {
			const struct zw_route *r = &tables[i].t[j];

			if (!match(a, r->pattern, path, params))
				continue;
			if (strcmp(r->method, method) == 0 ||
			    (head && strcmp(r->method, "GET") == 0))
				return r;
			*method_mismatch = 1;
		}
	return NULL;
}
