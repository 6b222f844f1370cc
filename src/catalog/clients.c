/*
 * clients.c -- API clients of other systems (接入系统).  A client acts for
 * its organization: it reads what the organization's grants allow, and
 * nothing else (permission registry.read only, routes marked
 * ZW_R_CLIENT).  The secret (256 random bits) is shown once and kept as
 * its SM3; a secret buys a bearer token of ZW_CAT_TOKEN_TTL seconds,
 * also kept as its SM3 (GB/T 39786 §8.4 a: the credential is checked
 * with a cryptographic hash, never stored in clear).
 */
#include <string.h>

#include "base/clock.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "catalog/cat_int.h"
#include "crypto/pwhash.h"
#include "crypto/sm3.h"

#define CLIENT_PREFIX "zwc_"
#define TOKEN_PREFIX "zwt_"

int
zw_client_create(zw_conn *c, const struct zw_actor *who, const char *name,
    json_t **out, struct zw_why *why)
{
	char key[40], secret[ZW_TOKEN_STRLEN(32)], hash[65];
	unsigned char raw[8];
	json_t *det;
	zw_stmt *s;
	int64_t id;
	int rc;

	*out = NULL;
	if (!zw_actor_can(who, "clients.manage") || who->org_id <= 0) {
		ZW_WHY(why, "forbidden", "只有单位领导可以为本单位登记接入系统", NULL);
		return ZW_EPERM;
	}
	if (!cat_text_ok(name, ZW_CAT_MAX_CLIENT_NAME, false)) {
		ZW_WHY(why, "name_required", "请填写接入系统名称（不超过100个字符）", "name");
		return ZW_EINVAL;
	}
	zw_random(raw, sizeof(raw));
	memcpy(key, CLIENT_PREFIX, 4);
	zw_hex(raw, sizeof(raw), key + 4);
	zw_random_token(32, secret, sizeof(secret));
	zw_sm3_hex(secret, strlen(secret), hash);
	rc = zw_prepare(c, "INSERT INTO api_clients (client_key, name, org_id, "
	    "secret_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) "
	    "RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, key, (size_t)-1);
	zw_bind_text(s, 2, name, (size_t)-1);
	zw_bind_int(s, 3, who->org_id);
	zw_bind_text(s, 4, hash, (size_t)-1);
	zw_bind_int(s, 5, who->id);
	zw_bind_int(s, 6, zw_now());
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	id = zw_col_int(s, 0);
	zw_reset(s);
	det = json_pack("{s:s, s:s}", "client_id", key, "name", name);
	rc = zw_actor_audit(c, who, "client.create", "api_client", id, "success", det);
	json_decref(det);
	if (rc == ZW_OK)
		*out = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id,
		    "client_id", key, "client_secret", secret, "name", name);
out:
	zw_wipe(secret, sizeof(secret));
	return rc;
}

int
zw_client_list(zw_conn *c, const struct zw_actor *who, json_t **items)
{
	zw_stmt *s;
	int rc;

	*items = json_array();
	rc = zw_prepare(c, "SELECT id, client_key, name, status, created_at FROM "
	    "api_clients WHERE org_id = ? ORDER BY id", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_int(s, 1, who->org_id);
	while ((rc = zw_step(s)) == ZW_ROW) {
		char ts[32];

		zw_time_rfc3339(zw_col_int(s, 4), ts, sizeof(ts));
		json_array_append_new(*items, json_pack("{s:I, s:s, s:s, s:s, s:s}",
		    "id", (json_int_t)zw_col_int(s, 0), "client_id", zw_col_text(s, 1),
		    "name", zw_col_text(s, 2), "status", zw_col_text(s, 3),
		    "created_at", ts));
	}
	if (rc < 0)
		goto fail;
	return ZW_OK;
fail:
	json_decref(*items);
	*items = NULL;
	return rc;
}

int
zw_client_disable(zw_conn *c, const struct zw_actor *who, int64_t id)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "UPDATE api_clients SET status = 'disabled' WHERE id = ? "
	    "AND org_id = ? AND status = 'active' RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, who->org_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	zw_reset(s);
	/* its tokens end now: a disabled system stops at its next call */
	if ((rc = zw_prepare(c, "UPDATE api_client_tokens SET expires_at = ? "
	    "WHERE client_id = ? AND expires_at > ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, id);
	zw_bind_int(s, 3, zw_now());
	if ((rc = zw_step(s)) < 0)
		return rc;
	return zw_actor_audit(c, who, "client.disable", "api_client", id, "success",
	    NULL);
}

int
zw_client_token(zw_conn *c, const char *client_key, const char *secret,
    json_t **out, struct zw_why *why)
{
	char hash[65], token[ZW_TOKEN_STRLEN(32) + 4], thash[65];
	int64_t id, now = zw_now();
	bool ok;
	zw_stmt *s;
	int rc;

	*out = NULL;
	if (client_key == NULL || secret == NULL || strlen(secret) > 128 ||
	    strlen(client_key) > 64) {
		ZW_WHY(why, "bad_credentials", "接入系统标识或密钥错误", NULL);
		return ZW_EAUTH;
	}
	rc = zw_prepare(c, "SELECT id, secret_hash FROM api_clients WHERE "
	    "client_key = ? AND status = 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, client_key, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW) {
		if (rc < 0)
			return rc;
		ZW_WHY(why, "bad_credentials", "接入系统标识或密钥错误", NULL);
		return ZW_EAUTH;
	}
	id = zw_col_int(s, 0);
	zw_sm3_hex(secret, strlen(secret), hash);
	ok = strlen(zw_col_text(s, 1)) == 64 && zw_ct_eq(hash, zw_col_text(s, 1), 64);
	zw_reset(s);
	if (!ok) {
		ZW_WHY(why, "bad_credentials", "接入系统标识或密钥错误", NULL);
		return ZW_EAUTH;
	}
	memcpy(token, TOKEN_PREFIX, 4);
	zw_random_token(32, token + 4, sizeof(token) - 4);
	zw_sm3_hex(token, strlen(token), thash);
	rc = zw_prepare(c, "INSERT INTO api_client_tokens (token_hash, client_id, "
	    "created_at, expires_at) VALUES (?, ?, ?, ?)", &s);
	if (rc == ZW_OK) {
		zw_bind_text(s, 1, thash, (size_t)-1);
		zw_bind_int(s, 2, id);
		zw_bind_int(s, 3, now);
		zw_bind_int(s, 4, now + ZW_CAT_TOKEN_TTL);
		rc = zw_step(s);
	}
	if (rc >= 0)
		*out = json_pack("{s:s, s:s, s:i}", "access_token", token, "token_type",
		    "Bearer", "expires_in", ZW_CAT_TOKEN_TTL);
	zw_wipe(token, sizeof(token));
	return rc < 0 ? rc : ZW_OK;
}

bool
zw_client_token_like(const char *token)
{
	return token != NULL && strncmp(token, TOKEN_PREFIX, 4) == 0;
}

int
zw_client_resolve(zw_conn *c, zw_arena *a, const char *token,
    struct zw_user_ctx *u)
{
	char thash[65];
	zw_stmt *s;
	int rc;

	if (token == NULL || strlen(token) > 128)
		return ZW_ENOTFOUND;
	zw_sm3_hex(token, strlen(token), thash);
	rc = zw_prepare(c, "SELECT k.client_key, k.name, k.org_id, o.name, o.path "
	    "FROM api_client_tokens t JOIN api_clients k ON k.id = t.client_id "
	    "JOIN orgs o ON o.id = k.org_id WHERE t.token_hash = ? AND "
	    "t.expires_at > ? AND k.status = 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, thash, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	memset(u, 0, sizeof(*u));
	u->client_key = zw_astrdup(a, zw_col_text(s, 0));
	u->login = u->client_key;
	u->name = zw_astrdup(a, zw_col_text(s, 1));
	u->kind = "client";
	u->org_id = zw_col_int(s, 2);
	u->org_name = zw_astrdup(a, zw_col_text(s, 3));
	u->org_path = zw_astrdup(a, zw_col_text(s, 4));
	u->perms = ",registry.read,";
	u->roles = "";
	u->role_names = "接入系统";
	u->scope = ZW_SCOPE_ORG;
	u->csrf = "";
	zw_reset(s);
	return ZW_OK;
}
