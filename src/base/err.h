/*
 * err.h -- the one error convention of zhengwu.
 *
 * Every fallible function returns 0 (ZW_OK) on success or one of the
 * negative ZW_E* codes below.  Functions that step through rows return
 * ZW_ROW (1) while there is a row.  Nothing returns a positive error.
 */
#ifndef ZW_ERR_H
#define ZW_ERR_H

enum zw_err {
	ZW_ROW = 1,		/* a row is ready (store) */
	ZW_OK = 0,
	ZW_ENOMEM = -1,		/* allocation failed (only from try-allocators) */
	ZW_EINVAL = -2,		/* bad input */
	ZW_ENOTFOUND = -3,	/* no such object */
	ZW_ECONFLICT = -4,	/* unique constraint, duplicate */
	ZW_EDB = -5,		/* database error */
	ZW_EIO = -6,		/* file or network I/O */
	ZW_EPERM = -7,		/* not allowed */
	ZW_EBUSY = -8,		/* pool exhausted, locked, overloaded */
	ZW_ETOOBIG = -9,	/* past a named limit */
	ZW_ECRYPTO = -10,	/* crypto library failure, bad signature */
	ZW_ESTATE = -11,	/* wrong state for this operation */
	ZW_EAUTH = -12,		/* bad credentials */
	ZW_ELOCKED = -13,	/* account locked */
	ZW_ESCHEMA = -14	/* database newer than this binary */
};

/*
 * Why a domain call failed, for the caller to show: a snake_case code,
 * a Chinese message and the offending field (any may be NULL).  Domain
 * functions take `struct zw_why *why` (may be NULL) and fill it with
 * static strings or strings from the caller's arena.
 */
struct zw_why {
	const char *code;
	const char *message;
	const char *field;
};

#define ZW_WHY(w, c, m, f) do { if ((w) != NULL) { \
	(w)->code = (c); (w)->message = (m); (w)->field = (f); } } while (0)

/* Short English name of an error code, for logs ("einval"). */
const char *zw_strerror(int rc);

#endif
