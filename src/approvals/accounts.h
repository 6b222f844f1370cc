/*
 * accounts.h -- public accounts (自然人 / 法人) for the portal: the users
 * row (kind person | enterprise, login = ID number or USCC) and the
 * registration record.  When a base registry holds the person or the
 * enterprise, registration checks name and number against it through
 * the identity check hook (set by the registry module at start-up; unit
 * tests set a double).
 */
#ifndef ZW_ACCOUNTS_H
#define ZW_ACCOUNTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/limits.h"
#include "store/db.h"

/* kind "person": key = ID number; "enterprise": key = USCC.  Return
 * ZW_OK when the registry holds key with this name, ZW_ENOTFOUND when it
 * does not hold key (registration proceeds, unverified), ZW_ECONFLICT
 * (why set) when it holds key under another name or a status that
 * forbids registration (死亡, 注销 ...). */
typedef int (*zw_identity_check_fn)(zw_conn *c, const char *kind,
    const char *key, const char *name, struct zw_why *why);
void zw_accounts_set_identity_check(zw_identity_check_fn fn);

/* in: the POST /api/v1/accounts body.  OUT: *user_id.  In the caller's
 * transaction.  Refusals fill why (code, Chinese message naming the
 * field, field): ZW_EINVAL for a bad field or an identity the registry
 * contradicts, ZW_ECONFLICT (account_exists) when the login is taken.
 * why->message may point into a per-thread buffer that the thread's
 * next call overwrites. */
int zw_account_register(zw_conn *c, json_t *in, const char *ip,
    int64_t *user_id, struct zw_why *why);
/* The account of a public user: {kind, name, id_number or uscc (masked),
 * agent_name, phone (masked), registry_checked}. */
int zw_account_get(zw_conn *c, int64_t user_id, json_t **out);
/* login and kind ("person", "enterprise", "staff") of a user.
 * ZW_ENOTFOUND when there is no such user. */
int zw_account_brief(zw_conn *c, int64_t user_id, char login[ZW_MAX_LOGIN + 1],
    char kind[16]);


#endif
