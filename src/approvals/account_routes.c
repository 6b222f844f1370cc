/*
 * account_routes.c -- JSON API of public accounts and in-app messages
 * (API.md "Approvals": POST /api/v1/accounts), and the per-client
 * registration rate limit shared with the /register page.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/account_routes.h"
#include "approvals/accounts.h"
#include "approvals/notify.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/limits.h"
#include "org/routes.h"
#include "web/ratelimit.h"

static const char *const account_keys[] = { "kind", "name", "id_number",
	"uscc", "agent_name", "agent_id_number", "phone", "email", "password",
	NULL };

bool
zw_account_rate_ok(zw_req *r)
{
	char key[96];

	/* A bucket of its own: registrations do not eat the login budget. */
	snprintf(key, sizeof(key), "register %s", r->client_ip ? r->client_ip : "");
	return zw_ratelimit_hit(key, zw_now(), (int)zw_config_int(r->app->conf,
	    "register_rate_per_minute"));
}

static void
api_register(zw_req *r)
{
	char login[ZW_MAX_LOGIN + 1], kind[16];
	struct zw_why why = { 0 };
	int64_t uid = 0;
	zw_conn *c;
	int rc;

	if (!zw_account_rate_ok(r)) {
		zw_set_header(r, "Retry-After", "60");
		zw_fail(r, 429, "rate_limited", "注册过于频繁，请一分钟后再试", NULL);
		return;
	}
	if (r->json == NULL) {
		zw_fail(r, 400, "json_required", "请求体应为 JSON", NULL);
		return;
	}
	if (!zw_in_known(r, r->json, account_keys) || (c = zw_begin(r)) == NULL)
		return;
	if ((rc = zw_account_register(c, r->json, r->client_ip, &uid, &why)) ||
	    (rc = zw_account_brief(c, uid, login, kind))) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (!zw_commit(r))
		return;
	zw_set_header(r, "Location", "/api/v1/me/account");
	zw_json(r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)uid,
	    "login", login, "kind", kind));
}

static void
api_my_account(zw_req *r)
{
	json_t *o;
	int rc;

	if (strcmp(r->user->kind, "staff") == 0) {
		zw_fail(r, 404, "no_account", "工作人员账号没有公众账号信息", NULL);
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_account_get(r->db, r->user->id, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, "账号信息不存在", NULL);
		return;
	}
	zw_json(r, 200, o);
}

static void
api_my_messages(zw_req *r)
{
	int64_t limit, cursor, next, unread;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor) || zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_messages_list(r->db, r->user->id, limit, cursor, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	if ((rc = zw_messages_unread(r->db, r->user->id, &unread)) != ZW_OK) {
		json_decref(items);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_json(r, 200, json_pack("{s:o, s:o, s:I}", "items", items,
	    "next_cursor", next >= 0 ? json_sprintf("%lld", (long long)next) :
	    json_null(), "unread", (json_int_t)unread));
}

static void
api_message_read(zw_req *r)
{
	struct zw_actor who;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id))
		return;
	zw_req_actor(r, &who);
	if ((c = zw_begin(r)) == NULL)
		return;
	if ((rc = zw_message_read(c, &who, id)) != ZW_OK) {
		zw_fail_rc(r, rc, "消息不存在", NULL);
		return;
	}
	if (zw_commit(r))
		zw_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id,
		    "read", 1));
}

const struct zw_route zw_account_api_routes[] = {
	{ "POST", "/api/v1/accounts", api_register, NULL,
	  ZW_R_PUBLIC | ZW_R_NO_CSRF, NULL },
	{ "GET", "/api/v1/me/account", api_my_account, NULL, 0, NULL },
	{ "GET", "/api/v1/me/messages", api_my_messages, NULL, 0, NULL },
	{ "POST", "/api/v1/me/messages/{id}/read", api_message_read, NULL, 0,
	  NULL },
};
const size_t zw_account_api_routes_count =
    sizeof(zw_account_api_routes) / sizeof(zw_account_api_routes[0]);
