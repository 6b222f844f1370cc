/*
 * init.c -- `zhengwu init`: create a data directory (settings file,
 * master key, database), the built-in roles, the top organization and
 * the three separate administrators (三员); `--demo` adds a province ->
 * city -> district government with departments and users for every role.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "base/err.h"
#include "base/ids.h"
#include "base/mem.h"
#include "base/str.h"
#include "cli/cli.h"
#include "crypto/pwhash.h"
#include "org/org.h"
#include "web/app.h"

static int
write_file(const char *path, const char *text, mode_t mode)
{
	size_t n = strlen(text), off = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0) {
		fprintf(stderr, "zhengwu init: %s: %s\n", path, strerror(errno));
		return ZW_EIO;
	}
	while (off < n) {
		ssize_t w = write(fd, text + off, n - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return ZW_EIO;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0)
		return ZW_EIO;
	return ZW_OK;
}

static int
write_conf(const char *dir, const char *db)
{
	char path[4096];
	zw_buf b;
	size_t i;
	int rc;

	zw_buf_init(&b, 1 << 16);
	zw_buf_puts(&b, "# zhengwu settings: \"key = value\".  Every setting, its "
	    "default and meaning:\n# see `zhengwu config dump` and docs/operations.md.\n\n");
	for (i = 0; i < zw_settings_count; i++) {
		const struct zw_setting *s = &zw_settings[i];

		if (strcmp(s->key, "db") == 0 && db != NULL && *db)
			zw_buf_printf(&b, "# %s\n%s = %s\n\n", s->doc, s->key, db);
		else
			zw_buf_printf(&b, "# %s\n# %s = %s\n\n", s->doc, s->key, s->def);
	}
	snprintf(path, sizeof(path), "%s/zhengwu.conf", dir);
	rc = write_file(path, b.p, 0640);
	zw_buf_free(&b);
	return rc;
}

static int
write_master_key(const char *dir)
{
	unsigned char key[ZW_SM4_KEY_LEN];
	char hex[2 * ZW_SM4_KEY_LEN + 2], path[4096];
	int rc;

	zw_random(key, sizeof(key));
	zw_hex(key, sizeof(key), hex);
	hex[2 * ZW_SM4_KEY_LEN] = '\n';
	hex[2 * ZW_SM4_KEY_LEN + 1] = '\0';
	snprintf(path, sizeof(path), "%s/master.key", dir);
	rc = write_file(path, hex, 0600);
	zw_wipe(key, sizeof(key));
	zw_wipe(hex, sizeof(hex));
	return rc;
}

/* A fresh initial password meeting the rule (4 character classes). */
static void
gen_password(char *out, size_t size)
{
	char tok[32];

	zw_random_token(9, tok, sizeof(tok));
	snprintf(out, size, "Zw%s#7", tok);
}

/* A valid USCC for a government body (authority 1, type 1) in region,
 * with a GB 11714 organization code made from seq. */
void zw_demo_uscc(const char *region, int seq, char out[19]);
void
zw_demo_uscc(const char *region, int seq, char out[19])
{
	char body[9];
	unsigned v = 40000000u + (unsigned)(seq % 1000000);
	int i;

	for (i = 7; i >= 0; i--, v /= 10)
		body[i] = (char)('0' + v % 10);
	body[8] = '\0';
	memcpy(out, "11", 2);
	memcpy(out + 2, region, 6);
	memcpy(out + 8, body, 8);
	out[16] = zw_org_code_check_char(body);
	out[17] = zw_uscc_check_char(out);
	out[18] = '\0';
}

int
zw_cmd_init(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *demo = NULL, *org_name = NULL,
	    *org_code = NULL, *region = NULL, *pos[1];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory to create (must not exist or be empty)" },
		{ "--db", true, &db, "PostgreSQL URL (default: SQLite in the data directory)" },
		{ "--demo", false, &demo, "add a demonstration government with users for every role" },
		{ "--org-name", true, &org_name, "name of the top organization (default 人民政府)" },
		{ "--org-code", true, &org_code, "code of the top organization (default gov)" },
		{ "--region", true, &region, "GB/T 2260 code of the top organization (default 130000)" },
		{ NULL, false, NULL, NULL }
	};
	struct zw_app *app = NULL;
	struct zw_actor sys = { 0 };
	struct zw_why why = { 0 };
	struct zw_org_in org = { 0 };
	char pw[3][64], *env_pw = getenv("ZHENGWU_ADMIN_PASSWORD");
	static const char *const logins[3] = { "admin", "secadmin", "auditor" };
	static const char *const names[3] = { "系统管理员", "安全管理员", "安全审计员" };
	static const char *const rolecodes[3] = { "sysadmin", "secadmin", "auditadmin" };
	int64_t root = 0;
	struct stat st;
	zw_conn *c = NULL;
	int status, np, rc, i;

	if (!zw_cli_parse("init", argc, argv, opts, pos, 0, &np, &status))
		return status;
	if (data == NULL) {
		fprintf(stderr, "zhengwu init: --data DIR is required\n");
		return 2;
	}
	if (db == NULL)
		db = getenv("ZHENGWU_DB");
	/* Check the given password against every account before creating
	 * anything, so that a refusal leaves no half-made directory. */
	for (i = 0; env_pw != NULL && *env_pw && i < 3; i++)
		if (zw_password_problem(env_pw, logins[i]) != NULL) {
			fprintf(stderr, "zhengwu init: ZHENGWU_ADMIN_PASSWORD: %s（%s）\n",
			    zw_password_problem(env_pw, logins[i]), logins[i]);
			return 1;
		}
	if (stat(data, &st) == 0) {
		/* An empty directory is fine: rmdir succeeds only then. */
		if (!S_ISDIR(st.st_mode) || rmdir(data) != 0) {
			fprintf(stderr, "zhengwu init: %s already exists and is not "
			    "empty; refusing to overwrite it\n", data);
			return 1;
		}
	}
	if (mkdir(data, 0750) != 0) {
		fprintf(stderr, "zhengwu init: cannot create %s: %s\n", data, strerror(errno));
		return 1;
	}
	if (write_master_key(data) != ZW_OK || write_conf(data, db) != ZW_OK)
		return 1;
	if (zw_app_open(data, db, true, &app) != ZW_OK)
		return 1;
	for (i = 0; i < 3; i++) {
		if (env_pw != NULL && *env_pw)
			zw_strlcpy(pw[i], env_pw, sizeof(pw[i]));
		else
			gen_password(pw[i], sizeof(pw[i]));
	}
	sys.login = "system";
	sys.scope = ZW_SCOPE_ALL;
	sys.perms = ",orgs.manage,users.manage,";
	if ((rc = zw_conn_get(app->db, 10000, &c)) != ZW_OK ||
	    (rc = zw_tx_begin(c)) != ZW_OK)
		goto fail;
	if ((rc = zw_roles_seed(c)) != ZW_OK)
		goto fail;
	if (!demo) {
		char uscc[19];

		org.code = org_code ? org_code : "gov";
		org.name = org_name ? org_name : "人民政府";
		org.region_code = region ? region : "130000";
		org.kind = "government";
		zw_demo_uscc(org.region_code, 1, uscc);
		org.uscc = uscc;
		rc = zw_org_create(c, &sys, &org, app->master_key, &root, &why);
	} else
		rc = ZW_OK;
	if (rc != ZW_OK)
		goto fail;
	if ((rc = zw_actor_audit(c, &sys, "system.init", "system", 0, "success",
	    NULL)) != ZW_OK || (rc = zw_tx_commit(c)) != ZW_OK)
		goto fail;
	if (demo && (rc = zw_demo_seed(app, env_pw, true)) != ZW_OK)
		goto fail;
	if (demo) {
		zw_stmt *s;

		if (zw_prepare(c, "SELECT id FROM orgs WHERE parent_id IS NULL "
		    "ORDER BY id LIMIT 1", &s) == ZW_OK && zw_step(s) == ZW_ROW) {
			root = zw_col_int(s, 0);
			zw_reset(s);
		}
	}
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto fail;
	for (i = 0; i < 3; i++) {
		const char *roles[2] = { rolecodes[i], NULL };
		struct zw_user_in u = { 0 };

		u.login = logins[i];
		u.name = names[i];
		u.org_id = root;
		u.roles = roles;
		u.password = pw[i];
		if ((rc = zw_user_create(c, &sys, &u, NULL, &why)) != ZW_OK)
			goto fail;
	}
	if ((rc = zw_tx_commit(c)) != ZW_OK)
		goto fail;
	zw_conn_put(c);
	printf("已创建数据目录 %s\n", data);
	printf("三员账号（首次登录须修改密码）：\n");
	for (i = 0; i < 3; i++)
		printf("  %-10s %-8s 初始密码：%s\n", logins[i], names[i],
		    env_pw && *env_pw ? "（ZHENGWU_ADMIN_PASSWORD）" : pw[i]);
	for (i = 0; i < 3; i++)
		zw_wipe(pw[i], sizeof(pw[i]));
	zw_app_close(app);
	return 0;
fail:
	fprintf(stderr, "zhengwu init: failed: %s%s%s\n", why.message ? why.message :
	    zw_strerror(rc), c ? " " : "", c ? zw_conn_errmsg(c) : "");
	if (c != NULL) {
		if (zw_in_tx(c))
			zw_tx_rollback(c);
		zw_conn_put(c);
	}
	zw_app_close(app);
	return 1;
}
