/*
 * commands.c -- serve, migrate, user, validate, audit verify, config dump,
 * supervision sweep, import (base registries).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "approvals/supervise.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/ids.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "cli/cli.h"
#include "org/org.h"
#include "registry/registry.h"
#include "store/migrate.h"
#include "web/app.h"
#include "web/server.h"

int
zw_cmd_serve(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *listen = NULL, *pos[1];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory (from zhengwu init)" },
		{ "--db", true, &db, "PostgreSQL URL (default: the data directory's setting)" },
		{ "--listen", true, &listen, "host:port (default 127.0.0.1:8080)" },
		{ NULL, false, NULL, NULL }
	};
	struct zw_app *app;
	int status, np, rc;

	if (!zw_cli_parse("serve", argc, argv, opts, pos, 0, &np, &status))
		return status;
	if (zw_cli_open(data, db, true, &app) != ZW_OK)
		return 1;
	rc = zw_serve(app, listen ? listen : zw_config_str(app->conf, "listen"));
	zw_app_close(app);
	return rc == ZW_OK ? 0 : 1;
}

int
zw_cmd_migrate(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *pos[1];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory" },
		{ "--db", true, &db, "PostgreSQL URL" },
		{ NULL, false, NULL, NULL }
	};
	struct zw_app *app;
	int status, np;

	if (!zw_cli_parse("migrate", argc, argv, opts, pos, 0, &np, &status))
		return status;
	if (zw_cli_open(data, db, true, &app) != ZW_OK)
		return 1;
	printf("schema is at version %d\n", zw_migrate_latest());
	zw_app_close(app);
	return 0;
}

/* Read a password from standard input (one line; echo off on a tty). */
static int
read_password(char *out, size_t size)
{
	struct termios t, old;
	bool tty = isatty(STDIN_FILENO);
	size_t n;

	if (tty) {
		fprintf(stderr, "密码：");
		tcgetattr(STDIN_FILENO, &old);
		t = old;
		t.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	if (fgets(out, (int)size, stdin) == NULL)
		out[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return n > 0 ? ZW_OK : ZW_EINVAL;
}

static int
org_id_by_code(zw_conn *c, const char *code, int64_t *id)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT id FROM orgs WHERE code = ?", &s)))
		return rc;
	zw_bind_text(s, 1, code, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_cmd_user(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *org = NULL, *login = NULL,
	    *name = NULL, *role = NULL, *pos[1];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory" },
		{ "--db", true, &db, "PostgreSQL URL" },
		{ "--org", true, &org, "add: organization code" },
		{ "--login", true, &login, "login name" },
		{ "--name", true, &name, "add: the person's name" },
		{ "--role", true, &role, "add: role code (sysadmin, secadmin, auditadmin, leader, clerk, supervisor)" },
		{ NULL, false, NULL, NULL }
	};
	struct zw_actor sys = { 0 };
	struct zw_why why = { 0 };
	struct zw_app *app;
	const char *sub;
	char pw[ZW_MAX_PASSWORD + 2];
	zw_conn *c;
	int64_t uid = 0;
	int status, np, rc = ZW_OK;

	if (argc < 2 || strncmp(argv[1], "--", 2) == 0) {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			printf("usage: zhengwu user add|list|lock|unlock|passwd [options]\n"
			    "  add    --data D --org ORG_CODE --login L --name N --role R  (password on stdin)\n"
			    "  list   --data D\n  lock   --data D --login L\n"
			    "  unlock --data D --login L\n  passwd --data D --login L  (password on stdin)\n");
			return 0;
		}
		fprintf(stderr, "usage: zhengwu user add|list|lock|unlock|passwd ...\n");
		return 2;
	}
	sub = argv[1];
	if (!zw_cli_parse("user", argc - 1, argv + 1, opts, pos, 0, &np, &status))
		return status;
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "lock") &&
	    strcmp(sub, "unlock") && strcmp(sub, "passwd")) {
		fprintf(stderr, "zhengwu user: unknown subcommand \"%s\"\n", sub);
		return 2;
	}
	if (strcmp(sub, "list") && login == NULL) {
		fprintf(stderr, "zhengwu user %s: --login is required\n", sub);
		return 2;
	}
	if (strcmp(sub, "add") == 0 && (org == NULL || name == NULL || role == NULL)) {
		fprintf(stderr, "zhengwu user add: --org, --name and --role are required\n");
		return 2;
	}
	if ((strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0) &&
	    read_password(pw, sizeof(pw)) != ZW_OK) {
		fprintf(stderr, "zhengwu user %s: no password on standard input\n", sub);
		return 2;
	}
	if (zw_cli_open(data, db, true, &app) != ZW_OK)
		return 1;
	sys.login = "system";
	sys.scope = ZW_SCOPE_ALL;
	sys.perms = ",orgs.manage,users.manage,";
	if (zw_conn_get(app->db, 10000, &c) != ZW_OK) {
		zw_app_close(app);
		return 1;
	}
	if (strcmp(sub, "list") == 0) {
		json_t *items, *u;
		int64_t next = -1, cursor = 0;
		size_t i;

		printf("%-6s %-16s %-10s %-24s %-8s %s\n", "ID", "登录名", "姓名",
		    "机构", "状态", "角色");
		do {
			if ((rc = zw_user_list(c, &sys, NULL, 0, ZW_LIST_MAX, cursor,
			    &items, &next)) != ZW_OK)
				break;
			json_array_foreach(items, i, u) {
				json_t *roles = json_object_get(u, "role_names"), *rn;
				size_t j;

				printf("%-6lld %-16s %-10s %-24s %-8s ",
				    (long long)json_integer_value(json_object_get(u, "id")),
				    json_string_value(json_object_get(u, "login")),
				    json_string_value(json_object_get(u, "name")),
				    json_string_value(json_object_get(u, "org_name")),
				    json_is_true(json_object_get(u, "locked")) ? "锁定" :
				    json_string_value(json_object_get(u, "status")));
				json_array_foreach(roles, j, rn)
					printf("%s%s", j ? "、" : "", json_string_value(rn));
				printf("\n");
			}
			json_decref(items);
			cursor = next;
		} while (next > 0);
		goto done;
	}
	if ((rc = zw_tx_begin(c)) != ZW_OK)
		goto done;
	if (strcmp(sub, "add") == 0) {
		const char *roles[2] = { role, NULL };
		struct zw_user_in u = { 0 };

		if ((rc = org_id_by_code(c, org, &u.org_id)) != ZW_OK) {
			why.message = "机构代码不存在";
			goto done;
		}
		u.login = login;
		u.name = name;
		u.roles = roles;
		u.password = pw;
		rc = zw_user_create(c, &sys, &u, &uid, &why);
	} else {
		if ((rc = zw_user_id_by_login(c, login, &uid)) != ZW_OK) {
			why.message = "用户不存在";
			goto done;
		}
		if (strcmp(sub, "passwd") == 0)
			rc = zw_user_set_password(c, &sys, uid, NULL, pw, &why);
		else
			rc = zw_user_lock(c, &sys, uid, strcmp(sub, "lock") == 0, 0, &why);
	}
	if (rc == ZW_OK)
		rc = zw_tx_commit(c);
	if (rc == ZW_OK)
		printf("%s: %s\n", sub, login);
done:
	zw_wipe(pw, sizeof(pw));
	if (rc != ZW_OK)
		fprintf(stderr, "zhengwu user %s: %s\n", sub, why.message ?
		    why.message : zw_strerror(rc));
	if (zw_in_tx(c))
		zw_tx_rollback(c);
	zw_conn_put(c);
	zw_app_close(app);
	return rc == ZW_OK ? 0 : 1;
}

int
zw_cmd_validate(int argc, char **argv)
{
	const struct zw_embed *regions = zw_embed_find("share/regions.csv");
	struct zw_id_result r;
	char today[11];
	const char *kind, *v;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: zhengwu validate id-number|uscc|region VALUE\n"
		    "  exit 0 when valid, 1 when not; prints the reason\n");
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: zhengwu validate id-number|uscc|region VALUE\n");
		return 2;
	}
	kind = argv[1];
	v = argv[2];
	if (regions == NULL || zw_regions_load((const char *)regions->data,
	    regions->len) != ZW_OK) {
		fprintf(stderr, "zhengwu validate: region table missing\n");
		return 2;
	}
	memset(&r, 0, sizeof(r));
	zw_date_fmt(zw_date_of(zw_now()), today, sizeof(today));
	if (strcmp(kind, "id-number") == 0)
		zw_validate_id_number(v, today, &r);
	else if (strcmp(kind, "uscc") == 0)
		zw_validate_uscc(v, &r);
	else if (strcmp(kind, "region") == 0)
		zw_validate_region(v, &r);
	else {
		fprintf(stderr, "zhengwu validate: kind must be id-number, uscc or region\n");
		return 2;
	}
	if (!r.valid) {
		printf("无效：%s（%s）\n", r.reason, r.code);
		return 1;
	}
	if (strcmp(kind, "id-number") == 0) {
		const struct zw_region *rg = zw_region_find(r.region);

		printf("有效：%s\n出生日期：%s\n性别：%s\n地址码：%s %s\n",
		    r.normalized, r.birth, r.sex == 1 ? "男" : "女", r.region,
		    rg ? rg->full_name : "");
	} else if (strcmp(kind, "uscc") == 0) {
		const struct zw_region *rg = zw_region_find(r.region);

		printf("有效\n登记管理部门：%s\n机构类别：%s\n行政区划：%s %s\n"
		    "组织机构代码：%s\n", r.authority ? r.authority : "",
		    r.org_type ? r.org_type : "", r.region, rg ? rg->full_name : "",
		    r.org_code);
	} else {
		const struct zw_region *rg = zw_region_find(v);

		printf("有效：%s %s%s\n", v, rg ? rg->full_name : "",
		    rg && rg->historic ? "（已撤销的历史代码）" : "");
	}
	return 0;
}

int
zw_cmd_audit(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *pos[1];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory" },
		{ "--db", true, &db, "PostgreSQL URL" },
		{ NULL, false, NULL, NULL }
	};
	struct zw_app *app;
	int64_t count = 0, bad = 0;
	zw_conn *c;
	int status, np, rc;

	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			printf("usage: zhengwu audit verify --data DIR [--db URL]\n"
			    "  exit 0 and the number of events when the SM3 chain is intact;\n"
			    "  exit 1 and the first bad sequence number otherwise\n");
			return 0;
		}
		fprintf(stderr, "usage: zhengwu audit verify --data DIR [--db URL]\n");
		return 2;
	}
	if (!zw_cli_parse("audit verify", argc - 1, argv + 1, opts, pos, 0, &np,
	    &status))
		return status;
	if (zw_cli_open(data, db, false, &app) != ZW_OK)
		return 2;
	if (zw_conn_get(app->db, 10000, &c) != ZW_OK) {
		zw_app_close(app);
		return 2;
	}
	rc = zw_audit_verify(c, &count, &bad);
	zw_conn_put(c);
	zw_app_close(app);
	if (rc == ZW_OK) {
		printf("ok: %lld events, chain intact\n", (long long)count);
		return 0;
	}
	if (rc == ZW_ECRYPTO) {
		printf("broken: first bad sequence number %lld (%lld events verified before it)\n",
		    (long long)bad, (long long)count);
		return 1;
	}
	fprintf(stderr, "zhengwu audit verify: %s\n", zw_strerror(rc));
	return 2;
}

int
zw_cmd_config(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *pos[1];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory whose zhengwu.conf to read" },
		{ "--db", true, &db, "PostgreSQL URL (shown as coming from the command line)" },
		{ NULL, false, NULL, NULL }
	};
	struct zw_config *conf;
	char path[4096], err[512];
	int status, np;
	size_t i;

	if (argc == 2 && strcmp(argv[1], "docs") == 0) {
		/* The settings table as Markdown: docs/settings.md is made
		 * from this, so the docs cannot drift from the parser. */
		printf("<!-- Generated by `zhengwu config docs` -- DO NOT EDIT. -->\n"
		    "| Setting | Type | Default | Meaning |\n|---|---|---|---|\n");
		for (i = 0; i < zw_settings_count; i++) {
			const struct zw_setting *st = &zw_settings[i];

			if (st->type == ZW_CONF_INT)
				printf("| `%s` | integer %lld–%lld | `%s` | %s |\n", st->key,
				    (long long)st->min, (long long)st->max, st->def, st->doc);
			else if (st->type == ZW_CONF_ENUM)
				printf("| `%s` | one of `%s` | `%s` | %s |\n", st->key,
				    st->choices, st->def, st->doc);
			else
				printf("| `%s` | text | `%s` | %s |\n", st->key, st->def, st->doc);
		}
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "dump") != 0) {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			printf("usage: zhengwu config dump [--data DIR]\n"
			    "       zhengwu config docs   (the settings table as Markdown)\n"
			    "  every setting with its value and source\n");
			return 0;
		}
		fprintf(stderr, "usage: zhengwu config dump [--data DIR]\n");
		return 2;
	}
	if (!zw_cli_parse("config dump", argc - 1, argv + 1, opts, pos, 0, &np, &status))
		return status;
	conf = zw_config_new();
	if (data != NULL) {
		snprintf(path, sizeof(path), "%s/zhengwu.conf", data);
		if (zw_config_load_file(conf, path, err, sizeof(err)) != ZW_OK) {
			fprintf(stderr, "zhengwu: %s\n", err);
			zw_config_free(conf);
			return 1;
		}
	}
	if (zw_config_load_env(conf, err, sizeof(err)) != ZW_OK ||
	    (db != NULL && zw_config_set(conf, "db", db, "command line", err,
	    sizeof(err)) != ZW_OK)) {
		fprintf(stderr, "zhengwu: %s\n", err);
		zw_config_free(conf);
		return 1;
	}
	for (i = 0; i < zw_settings_count; i++) {
		const char *k = zw_settings[i].key;
		const char *v = zw_config_str(conf, k);

		/* A database URL may hold a password: show only the scheme. */
		if (strcmp(k, "db") == 0 && strchr(v, '@') != NULL)
			v = "postgresql://***";
		printf("%-24s = %-22s # %s; %s\n", k, v, zw_config_source(conf, k),
		    zw_settings[i].doc);
	}
	zw_config_free(conf);
	return 0;
}

/* `zhengwu supervision sweep`: the electronic supervision sweep now, as
 * the recurring job runs it (deemed acceptances, then 预警/黄牌/红牌),
 * printing what it did. */
int
zw_cmd_supervision(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *now = NULL, *pos[1];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory" },
		{ "--db", true, &db, "PostgreSQL URL" },
		{ "--now", true, &now, "RFC 3339 time to sweep at (default: the clock)" },
		{ NULL, false, NULL, NULL }
	};
	struct zw_sweep_counts n;
	struct zw_apps_env env;
	struct zw_app *app;
	int64_t t0, total;
	char day[11];
	zw_date today;
	zw_conn *c;
	int status, np, rc;

	if (argc < 2 || strcmp(argv[1], "sweep") != 0) {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			printf("usage: zhengwu supervision sweep --data DIR [--db URL] "
			    "[--now RFC3339]\n"
			    "  runs the electronic supervision sweep once: applications\n"
			    "  due for deemed acceptance are accepted, then 预警, 黄牌 and\n"
			    "  红牌 are raised by the rules; prints the counts and the time\n");
			return 0;
		}
		fprintf(stderr, "usage: zhengwu supervision sweep --data DIR [--db URL] "
		    "[--now RFC3339]\n");
		return 2;
	}
	if (!zw_cli_parse("supervision sweep", argc - 1, argv + 1, opts, pos, 0,
	    &np, &status))
		return status;
	if (now != NULL && zw_clock_set(now) != ZW_OK) {
		fprintf(stderr, "zhengwu supervision sweep: --now: expected an RFC 3339 "
		    "time, got \"%s\"\n", now);
		return 2;
	}
	if (zw_cli_open(data, db, false, &app) != ZW_OK)
		return 2;
	if ((rc = zw_conn_get(app->db, 10000, &c)) != ZW_OK) {
		zw_app_close(app);
		return 2;
	}
	today = zw_date_of(zw_now());
	zw_date_fmt(today, day, sizeof(day));
	zw_supervision_env(app, &env);
	t0 = zw_mono_ms();
	if ((rc = zw_tx_begin(c)) == ZW_OK) {
		rc = zw_supervision_sweep(c, &env, today, &n);
		if (rc == ZW_OK)
			rc = zw_tx_commit(c);
		else
			zw_tx_rollback(c);
	}
	total = zw_mono_ms() - t0;
	if (rc != ZW_OK)
		fprintf(stderr, "zhengwu supervision sweep: %s: %s\n", zw_strerror(rc),
		    zw_conn_errmsg(c));
	zw_conn_put(c);
	zw_app_close(app);
	if (rc != ZW_OK)
		return 1;
	printf("sweep %s: %lld deemed accepted, %lld new alerts in %lld ms "
	    "(%lld ms with the commit)\n"
	    "  warn %lld, overdue %lld, overdue_red %lld, instant_late %lld, "
	    "step_overdue %lld, delivery_overdue %lld\n", day, (long long)n.deemed,
	    (long long)n.raised, (long long)n.elapsed_ms, (long long)total,
	    (long long)n.warn,
	    (long long)n.overdue, (long long)n.overdue_red,
	    (long long)n.instant_late, (long long)n.step_overdue,
	    (long long)n.delivery_overdue);
	return 0;
}

/* Write the rejected lines as CSV (line,code,field,message).  0 or -1. */
static int
write_reject_report(const char *path, const struct zw_reg_report *rep)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (f == NULL)
		return -1;
	fprintf(f, "line,code,field,message\n");
	for (i = 0; i < rep->nrejects; i++) {
		const struct zw_reg_reject *r = &rep->rejects[i];
		const char *m;

		fprintf(f, "%lld,%s,%s,\"", (long long)r->line, r->code,
		    r->field ? r->field : "");
		for (m = r->message; *m; m++) {
			if (*m == '"')
				fputc('"', f);
			fputc(*m, f);
		}
		fputs("\"\n", f);
	}
	if (rep->rejects_truncated)
		fprintf(f, ",,,\"另有%lld行被拒绝，未逐行列出\"\n",
		    (long long)(rep->rejected - (int64_t)rep->nrejects));
	return fclose(f) == 0 ? 0 : -1;
}

int
zw_cmd_import(int argc, char **argv)
{
	const char *data = NULL, *db = NULL, *skip = NULL, *report = NULL,
	    *encoding = NULL, *threads = NULL, *pos[2];
	const struct zw_cli_opt opts[] = {
		{ "--data", true, &data, "data directory" },
		{ "--db", true, &db, "PostgreSQL URL" },
		{ "--skip-invalid", false, &skip, "import the valid rows and list the others "
		  "(default: any invalid row refuses the whole file)" },
		{ "--report", true, &report, "where to write the rejected lines (CSV; "
		  "default FILE.rejected.csv)" },
		{ "--encoding", true, &encoding, "utf-8 (default) or gbk (GB 18030, converted)" },
		{ "--threads", true, &threads, "validation and encryption threads "
		  "(default: one per core)" },
		{ NULL, false, NULL, NULL }
	};
	struct zw_reg_import_opts io = { 0 };
	struct zw_actor sys = { 0 };
	struct zw_reg_report rep;
	struct zw_why why = { 0 };
	struct zw_reg_keys keys;
	struct zw_app *app;
	struct stat st;
	enum zw_reg reg;
	const char *file, *base;
	char rpath[4096];
	int64_t t0, nthreads = 0;
	void *map = NULL;
	zw_conn *c;
	int status, np, fd, rc;

	for (np = 1; np < argc; np++)
		if (strcmp(argv[np], "--help") == 0 || strcmp(argv[np], "-h") == 0)
			break;
	if (np < argc) {
		printf("usage: zhengwu import persons|legal-persons --data DIR FILE.csv "
		    "[--skip-invalid] [--report FILE] [--encoding gbk]\n"
		    "  Validates every row (GB 11643 / GB 32100 / GB/T 2260, dates, columns,\n"
		    "  duplicates, UTF-8), then writes all rows in one transaction: new keys\n"
		    "  are added, changed records updated with their history kept.  Any\n"
		    "  invalid row refuses the whole file unless --skip-invalid.\n"
		    "  persons:       id_number,name,ethnicity,region_code,address,status"
		    "[,phone,sex,birth_date]\n"
		    "  legal-persons: uscc,name,legal_representative,registered_capital,"
		    "address,established_on,status[,type,registration_authority]\n"
		    "  exit 0 imported, 1 refused (nothing changed), 2 usage or I/O error\n"
		    "options:\n  --data DIR  --db URL  --skip-invalid  --report FILE  "
		    "--encoding utf-8|gbk  --threads N\n");
		return 0;
	}
	if (argc < 2 || zw_reg_parse(argv[1], &reg) != ZW_OK) {
		fprintf(stderr, "usage: zhengwu import persons|legal-persons --data DIR "
		    "FILE.csv [--skip-invalid] [--report FILE] [--encoding gbk]\n");
		return 2;
	}
	if (!zw_cli_parse("import", argc - 1, argv + 1, opts, pos, 1, &np, &status))
		return status;
	if (np != 1) {
		fprintf(stderr, "zhengwu import: name one CSV file\n");
		return 2;
	}
	if (threads != NULL && zw_parse_i64(threads, 1, 64, &nthreads) != ZW_OK) {
		fprintf(stderr, "zhengwu import: --threads takes 1 to 64\n");
		return 2;
	}
	file = pos[0];
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "zhengwu import: %s: %s\n", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 2;
	}
	if (st.st_size > 0 && (map = mmap(NULL, (size_t)st.st_size, PROT_READ,
	    MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		fprintf(stderr, "zhengwu import: %s: %s\n", file, strerror(errno));
		close(fd);
		return 2;
	}
	close(fd);
	if (map != NULL)
		(void)madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	if (zw_cli_open(data, db, true, &app) != ZW_OK) {
		if (map != NULL)
			munmap(map, (size_t)st.st_size);
		return 2;
	}
	if (zw_conn_get(app->db, 10000, &c) != ZW_OK) {
		zw_app_close(app);
		if (map != NULL)
			munmap(map, (size_t)st.st_size);
		return 2;
	}
	sys.login = "system";
	sys.scope = ZW_SCOPE_ALL;
	sys.perms = ",registry.manage,";
	base = strrchr(file, '/');
	io.skip_invalid = skip != NULL;
	io.encoding = encoding;
	io.source = "cli";
	io.file_name = base != NULL ? base + 1 : file;
	io.threads = (int)nthreads;
	zw_registry_keys_derive(app->master_key, &keys);
	t0 = zw_mono_ms();
	rc = zw_registry_import(c, &sys, &keys, reg, map != NULL ? map : "",
	    (size_t)st.st_size, &io, &rep, &why);
	zw_wipe(&keys, sizeof(keys));
	if (rep.rows > 0 || rep.rejected > 0)
		printf("%s：%lld 行，接受 %lld 行，拒绝 %lld 行\n", file,
		    (long long)rep.rows, (long long)rep.accepted, (long long)rep.rejected);
	if (rep.committed) {
		int64_t ms = zw_mono_ms() - t0;

		printf("已导入：新增 %lld，更新 %lld，未变 %lld（用时 %.1f 秒，%.0f 行/秒）\n",
		    (long long)rep.inserted, (long long)rep.updated,
		    (long long)rep.unchanged, (double)ms / 1000.0,
		    ms > 0 ? (double)rep.accepted * 1000.0 / (double)ms : 0.0);
	}
	if (rep.rejected > 0) {
		size_t i;

		if (report == NULL) {
			snprintf(rpath, sizeof(rpath), "%s.rejected.csv", file);
			report = rpath;
		}
		if (write_reject_report(report, &rep) != 0)
			fprintf(stderr, "zhengwu import: cannot write %s: %s\n", report,
			    strerror(errno));
		else
			printf("被拒绝的行及原因已写入 %s\n", report);
		for (i = 0; i < rep.nrejects && i < 5; i++)
			fprintf(stderr, "第%lld行：%s\n", (long long)rep.rejects[i].line,
			    rep.rejects[i].message);
	}
	if (rc != ZW_OK)
		fprintf(stderr, "zhengwu import: %s\n", why.message ? why.message :
		    zw_strerror(rc));
	status = rc == ZW_OK ? 0 : rc == ZW_EINVAL ? 1 : 2;
	zw_reg_report_free(&rep);
	zw_conn_put(c);
	zw_app_close(app);
	if (map != NULL)
		munmap(map, (size_t)st.st_size);
	return status;
}
