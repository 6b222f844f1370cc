/*
 * err.c -- names of error codes.
 */
#include "err.h"

const char *
zw_strerror(int rc)
{
	switch (rc) {
	case ZW_ROW:		return "row";
	case ZW_OK:		return "ok";
	case ZW_ENOMEM:		return "enomem";
	case ZW_EINVAL:		return "einval";
	case ZW_ENOTFOUND:	return "enotfound";
	case ZW_ECONFLICT:	return "econflict";
	case ZW_EDB:		return "edb";
	case ZW_EIO:		return "eio";
	case ZW_EPERM:		return "eperm";
	case ZW_EBUSY:		return "ebusy";
	case ZW_ETOOBIG:	return "etoobig";
	case ZW_ECRYPTO:	return "ecrypto";
	case ZW_ESTATE:		return "estate";
	case ZW_EAUTH:		return "eauth";
	case ZW_ELOCKED:	return "elocked";
	case ZW_ESCHEMA:	return "eschema";
	}
	return "unknown";
}
