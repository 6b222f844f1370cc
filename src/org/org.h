/*
 * org.h -- organizations, users, roles, data scope, authentication and
 * sessions (统一身份认证、授权管理、责任认定).  No HTTP here: callers
 * pass an actor (who is acting, from where) and get JSON objects back.
 * Every state change writes its audit event in the same transaction.
 */
#ifndef ZW_ORG_H
#define ZW_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

struct zw_app;

/* Data scope of a role, widest wins across a user's roles. */
enum zw_scope {
	ZW_SCOPE_SELF = 0,	/* 本人 */
	ZW_SCOPE_ORG = 1,	/* 本单位 */
	ZW_SCOPE_ORG_TREE = 2,	/* 本单位及下级 */
	ZW_SCOPE_ALL = 3	/* 全部 */
};

/* Who is acting.  For CLI and system actions id = 0, login = "system". */
struct zw_actor {
	int64_t id;
	const char *login;
	int64_t org_id;
	const char *org_path;
	int scope;
	const char *perms;	/* ",a,b," */
	const char *roles;	/* "sysadmin,clerk" */
	const char *ip;
	const char *request_id;
};

bool zw_actor_can(const struct zw_actor *who, const char *perm);
/* Write an audit event for who/action in the caller's transaction. */
int zw_actor_audit(zw_conn *c, const struct zw_actor *who, const char *action,
    const char *object_type, int64_t object_id, const char *result,
    json_t *details);

/* Security policy from settings (lockout, idle timeout). */
struct zw_auth_policy {
	int lockout_threshold;
	int lockout_window_s;
	int lockout_s;
	int idle_s;
	int password_max_age_s;
};

/* --- Organizations --- */
struct zw_org_in {
	const char *code;
	const char *name;
	const char *short_name;	/* 机关代字 */
	const char *uscc;	/* may be NULL/"" */
	const char *region_code;
	int64_t parent_id;	/* 0 = top level */
	const char *kind;	/* government, department, unit */
	int64_t sort_order;
	const char *status;	/* active, inactive (update only) */
};

/* master_key encrypts the organization's new SM2 private key (SM4). */
int zw_org_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_org_in *in, const unsigned char *master_key,
    int64_t *id, struct zw_why *why);
/* Fields left NULL (or parent_id < 0) are unchanged. */
int zw_org_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_org_in *in, struct zw_why *why);
/* ZW_ENOTFOUND also when outside the actor's scope. OUT: *out. */
int zw_org_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
/* Orgs in scope, ordered by path. q filters name/code (may be NULL). */
int zw_org_list(zw_conn *c, const struct zw_actor *who, const char *q,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next_cursor);
/* Public list of active organizations (portal). */
int zw_org_list_public(zw_conn *c, json_t **items);

/* --- Roles --- */
int zw_role_list(zw_conn *c, json_t **items);
/* Create the built-in roles (init). */
int zw_roles_seed(zw_conn *c);

/* --- Users --- */
struct zw_user_in {
	const char *login;
	const char *name;
	int64_t org_id;
	const char *title;
	const char *phone;
	const char *status;	/* active, disabled (update) */
	const char *const *roles;	/* role codes, NULL-terminated; NULL = unchanged */
	const char *password;	/* create only: initial password */
	const char *kind;	/* staff (default), person, enterprise */
};

int zw_user_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_user_in *in, int64_t *id, struct zw_why *why);
int zw_user_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_user_in *in, struct zw_why *why);
int zw_user_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
int zw_user_list(zw_conn *c, const struct zw_actor *who, const char *q,
    int64_t org_id, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next_cursor);
/* Change a password.  Self: old password required.  An administrator
 * resetting someone else's sets must_change_password. */
int zw_user_set_password(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *old_password, const char *new_password, struct zw_why *why);
/* Lock (needs users.manage) or unlock (users.manage or users.unlock);
 * lock_seconds 0 = until unlocked.  Locking revokes the user's sessions. */
int zw_user_lock(zw_conn *c, const struct zw_actor *who, int64_t id,
    bool lock, int64_t lock_seconds, struct zw_why *why);
/* Look up by login (CLI). */
int zw_user_id_by_login(zw_conn *c, const char *login, int64_t *id);

/* Password rule (等保 2.0 §8.1.4.1 a): >= 8 characters from at least 3
 * of 4 classes (upper, lower, digit, symbol); not the login name.
 * Returns NULL when acceptable, else a Chinese message. */
const char *zw_password_problem(const char *pw, const char *login);

/* A logged-in user as resolved from a session (zw_session_lookup). */
struct zw_user_ctx {
	int64_t id;
	int64_t session_id;
	const char *login;
	const char *name;
	const char *kind;	/* staff, person, enterprise */
	int64_t org_id;
	const char *org_name;
	const char *org_path;	/* materialized path "/00000001/00000004/" (ids zero-padded to 8 digits so that text order is tree order) */
	const char *perms;	/* ",orgs.read,users.manage," */
	const char *roles;	/* role codes, comma separated */
	const char *role_names;	/* 中文 names, "、" separated */
	int scope;		/* enum zw_scope */
	bool must_change_password;
	const char *csrf;
	/* An API client of another system (kind "client", catalog.h): its
	 * public id; NULL for people. */
	const char *client_key;
};

/* Actor for domain calls from a resolved user (strings borrowed). */
void zw_actor_from_user(struct zw_actor *who, const struct zw_user_ctx *u,
    const char *ip, const char *request_id);

/* The acting identity of a user by login, for system jobs and the demo
 * (no session). u holds the strings; both OUT, from the arena. */
int zw_actor_load(zw_conn *c, zw_arena *a, const char *login,
    struct zw_user_ctx *u, struct zw_actor *who);

/* --- Authentication and sessions --- */
struct zw_login_out {
	char token[64];
	char csrf[64];
	int64_t user_id;
	int64_t session_id;
	bool must_change_password;
};

/* Check credentials, apply the lockout policy, create a session, and
 * audit success or failure (in its own transaction).  ZW_EAUTH for bad
 * credentials (same message whether the login exists or not),
 * ZW_ELOCKED while locked. */
int zw_auth_login(zw_conn *c, const struct zw_auth_policy *pol,
    const char *login, const char *password, const char *ip,
    const char *ua, const char *request_id, struct zw_login_out *out,
    struct zw_why *why);

/* Resolve a session token: ZW_ENOTFOUND when unknown, revoked, idle
 * past the timeout, or the user is disabled.  Fills u from the arena. */
int zw_session_lookup(zw_conn *c, zw_arena *a, const struct zw_auth_policy *pol,
    const char *token, struct zw_user_ctx *u);
int zw_session_revoke(zw_conn *c, const struct zw_actor *who,
    int64_t session_id);

/* --- Electronic seal (seal.c) --- */
/* Sign data with the organization's SM2 key (SM3, signer ID
 * ZW_SM2_DEFAULT_ID).  OUT: *sig, DER, zw_malloc'ed. */
int zw_org_sign(zw_conn *c, int64_t org_id, const unsigned char *master_key,
    const void *data, size_t n, unsigned char **sig, size_t *siglen,
    struct zw_why *why);
/* *valid tells whether sig verifies under the organization's public key;
 * ZW_ENOTFOUND for an unknown org.  OUT: *public_pem (zw_malloc'ed) when
 * public_pem != NULL. */
int zw_org_verify(zw_conn *c, int64_t org_id, const void *data, size_t n,
    const unsigned char *sig, size_t siglen, bool *valid, char **public_pem);

/* Register the core's background jobs and schedule the recurring ones. */
int zw_org_jobs_init(zw_db *db);

#endif
