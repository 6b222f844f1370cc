#!/bin/sh
# House rules that the compiler does not enforce (after curl's checksrc):
# no sprintf/strcpy/strcat/gets/atoi/atol, no raw malloc/free outside
# src/base/mem.c, no SQL built with format strings.
bad=$(grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|atoll)\s*\(' src --include='*.c' --include='*.h' | grep -vE 'v?snprintf')
raw=$(grep -rnE '(^|[^_a-z])(malloc|calloc|realloc|free)\s*\(' src --include='*.c' | grep -v '^src/base/mem.c' | grep -vE 'zw_(malloc|calloc|realloc|free)|PQfreemem|OPENSSL_free|sqlite3_free|json_decref')
sql=$(grep -rnE '(snprintf|aprintf|buf_printf)\([^;]*"(SELECT|INSERT|UPDATE|DELETE)[^"]*%s' src --include='*.c')
rc=0
[ -n "$bad" ] && { echo "lint: banned calls:"; echo "$bad"; rc=1; }
[ -n "$raw" ] && { echo "lint: raw allocation (use zw_malloc/zw_free):"; echo "$raw"; rc=1; }
[ -n "$sql" ] && { echo "lint: SQL built with %s (bind parameters):"; echo "$sql"; rc=1; }
[ $rc -eq 0 ] && echo "lint: ok"
exit $rc
