/*
 * json.c -- jansson helpers: dumping into an arena, lookups, and the
 * allocator hook so that jansson memory obeys our OOM policy.
 */
#include <string.h>

#include "base/json.h"
#include "base/mem.h"

char *
zw_json_dump(zw_arena *a, const json_t *v)
{
	size_t n = json_dumpb(v, NULL, 0, JSON_COMPACT | JSON_SORT_KEYS);
	char *p = zw_alloc(a, n + 1);

	json_dumpb(v, p, n, JSON_COMPACT | JSON_SORT_KEYS);
	p[n] = '\0';
	return p;
}

const char *
zw_json_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

int64_t
zw_json_int(const json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

static void *
json_alloc(size_t n)
{
	return zw_malloc(n);
}

void
zw_json_init(void)
{
	json_set_alloc_funcs(json_alloc, zw_free);
}

json_t *
zw_json_lines(const char *s)
{
	json_t *arr = json_array();
	const char *e;
	size_t n;

	while (s != NULL && *s) {
		e = strchr(s, '\n');
		n = e ? (size_t)(e - s) : strlen(s);
		while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n > 0)
			json_array_append_new(arr, json_stringn(s, n));
		s = e ? e + 1 : s + strlen(s);
	}
	return arr;
}
