/*
 * demo_accounts.c -- the demonstration's public accounts: two citizens
 * of 长安区 and one enterprise, with synthetic identifiers made valid
 * (GB 11643 and GB 32100 check characters computed), never copied from
 * real people or bodies.  Registration gives each its first message.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/accounts.h"
#include "base/err.h"
#include "base/ids.h"
#include "base/mem.h"
#include "base/str.h"
#include "cli/cli.h"
#include "crypto/pwhash.h"
#include "web/app.h"

void zw_demo_uscc(const char *region, int seq, char out[19]);

static const struct demo_account {
	const char *kind, *name, *first17, *agent, *agent17, *phone;
	int uscc_seq;
} demo_accounts[] = {
	{ "person", "王建国", "13010219800315001", NULL, NULL, "13803110001", 0 },
	{ "person", "刘晓燕", "13010219920821002", NULL, NULL, "13903110002", 0 },
	{ "enterprise", "石家庄长安晨光商贸有限公司", NULL, "赵立新",
	  "13010219851102003", "13703110003", 101 },
};
#define NACCOUNTS (sizeof(demo_accounts) / sizeof(demo_accounts[0]))

/* 17 digits + the MOD 11-2 check character. */
static void
id_number(const char *first17, char out[19])
{
	memcpy(out, first17, 17);
	out[17] = zw_id_check_char(first17);
	out[18] = '\0';
}

/* An enterprise's USCC: authority 9 (市场监管), type 1 (企业). */
static void
enterprise_uscc(int seq, char out[19])
{
	zw_demo_uscc("130102", seq, out);
	out[0] = '9';
	out[1] = '1';
	out[17] = zw_uscc_check_char(out);
}

int
zw_demo_accounts(zw_conn *c, const char *password, bool print)
{
	char logins[NACCOUNTS][19], pw[64];
	struct zw_why why = { 0 };
	size_t i;
	int rc;

	if (password != NULL && *password)
		zw_strlcpy(pw, password, sizeof(pw));
	else {
		char tok[32];

		zw_random_token(9, tok, sizeof(tok));
		snprintf(pw, sizeof(pw), "Zw%s#7", tok);
	}
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	for (i = 0; i < NACCOUNTS; i++) {
		const struct demo_account *d = &demo_accounts[i];
		char id[19], agent[19];
		int64_t uid;
		json_t *in;

		in = json_pack("{s:s, s:s, s:s, s:s}", "kind", d->kind, "name",
		    d->name, "phone", d->phone, "password", pw);
		if (d->first17 != NULL) {
			id_number(d->first17, id);
			json_object_set_new(in, "id_number", json_string(id));
		} else {
			enterprise_uscc(d->uscc_seq, id);
			id_number(d->agent17, agent);
			json_object_set_new(in, "uscc", json_string(id));
			json_object_set_new(in, "agent_name", json_string(d->agent));
			json_object_set_new(in, "agent_id_number", json_string(agent));
		}
		memcpy(logins[i], id, sizeof(id));
		rc = zw_account_register(c, in, "127.0.0.1", &uid, &why);
		json_decref(in);
		if (rc != ZW_OK) {
			fprintf(stderr, "demo account %s: %s\n", d->name,
			    why.message ? why.message : zw_strerror(rc));
			goto out;
		}
	}
	if ((rc = zw_tx_commit(c)) != ZW_OK)
		goto out;
	if (print) {
		printf("演示公众账号（以证件号码登录）：\n");
		for (i = 0; i < NACCOUNTS; i++)
			printf("  %-18s %s  %s  密码：%s\n", logins[i],
			    strcmp(demo_accounts[i].kind, "person") == 0 ?
			    "自然人" : "法人  ", demo_accounts[i].name,
			    password && *password ? "（ZHENGWU_ADMIN_PASSWORD）" : pw);
	}
out:
	zw_wipe(pw, sizeof(pw));
	if (zw_in_tx(c))
		zw_tx_rollback(c);
	return rc;
}
