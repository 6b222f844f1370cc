/*
 * row.c -- result columns as JSON values; see row.h.
 */
#include "base/clock.h"
#include "store/row.h"

json_t *
zw_col_json_text(zw_stmt *s, int i)
{
	return zw_col_isnull(s, i) ? json_null() : json_string(zw_col_text(s, i));
}

json_t *
zw_col_json_time(zw_stmt *s, int i)
{
	char ts[32];

	if (zw_col_isnull(s, i) || zw_col_int(s, i) == 0)
		return json_null();
	zw_time_rfc3339(zw_col_int(s, i), ts, sizeof(ts));
	return json_string(ts);
}

json_t *
zw_col_json_int(zw_stmt *s, int i)
{
	return zw_col_isnull(s, i) ? json_null() :
	    json_integer((json_int_t)zw_col_int(s, i));
}
