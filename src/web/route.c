/*
 * route.c -- route tables and matching.  Tables are registered at
 * start-up; matching walks them in order (a few hundred routes at most:
 * a linear scan over pre-split patterns is faster than it sounds and
 * obviously correct).
 */
#include <string.h>

#include "base/mem.h"
#include "web/route.h"

#define MAX_TABLES 32

static struct {
	const struct zw_route *t;
	size_t n;
} tables[MAX_TABLES];
static size_t ntables;

void
zw_route_add_table(const struct zw_route *t, size_t n)
{
	ZW_ASSERT(ntables < MAX_TABLES);
	tables[ntables].t = t;
	tables[ntables].n = n;
	ntables++;
}

void
zw_route_reset(void)
{
	ntables = 0;
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
