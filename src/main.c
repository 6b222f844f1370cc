/*
 * main.c -- zhengwu: e-government platform (政务).  The subcommand
 * table; global options --now / ZHENGWU_NOW fix the clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/json.h"
#include "cli/cli.h"
#include "crypto/pwhash.h"

#define ZW_VERSION "0.1.0"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{ "init", zw_cmd_init, "create a data directory (--demo adds a demonstration government)" },
	{ "serve", zw_cmd_serve, "serve the portal, the back office and the API" },
	{ "migrate", zw_cmd_migrate, "bring the database schema up to date" },
	{ "user", zw_cmd_user, "add, list, lock, unlock users; set passwords" },
	{ "validate", zw_cmd_validate, "check an ID number, USCC or region code" },
	{ "audit", zw_cmd_audit, "verify the audit chain" },
	{ "backup", zw_cmd_backup, "consistent online backup of database and blobs" },
	{ "restore", zw_cmd_restore, "restore a backup into an empty data directory" },
	{ "config", zw_cmd_config, "print every setting with its source (config dump)" },
	{ "supervision", zw_cmd_supervision, "run the electronic supervision sweep now (supervision sweep)" },
	{ "import", zw_cmd_import, "import persons or legal persons from CSV into the base registries" },
	{ "compare", zw_cmd_compare, "compare two CSV files on a key column (比对)" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "zhengwu %s -- e-government platform (政务服务平台)\n\n"
	    "usage: zhengwu [--now RFC3339] COMMAND [options]\n\ncommands:\n",
	    ZW_VERSION);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "  %-12s %s\n  %-12s %s\n\n", "version", "print the version",
	    "help", "help [COMMAND]: this text, or a command's options");
	fprintf(f, "Every command takes --help.  Environment: ZHENGWU_DB "
	    "(PostgreSQL URL),\nZHENGWU_NOW (fixed clock), ZHENGWU_ADMIN_PASSWORD "
	    "(init), ZHENGWU_<SETTING>.\n");
}

int
main(int argc, char **argv)
{
	const char *now = getenv("ZHENGWU_NOW");
	size_t i;
	int a = 1;

	/* Data files hold personal data: no access for "other". */
	umask(027);
	if (a + 1 < argc && strcmp(argv[a], "--now") == 0) {
		now = argv[a + 1];
		a += 2;
	}
	if (now != NULL && *now && zw_clock_set(now) != ZW_OK) {
		fprintf(stderr, "zhengwu: --now: expected an RFC 3339 time, got \"%s\"\n", now);
		return 2;
	}
	if (zw_crypto_init() != ZW_OK) {
		fprintf(stderr, "zhengwu: cannot initialize the crypto library\n");
		return 1;
	}
	zw_json_init();
	if (a >= argc) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[a], "version") == 0 || strcmp(argv[a], "--version") == 0) {
		printf("zhengwu %s\n", ZW_VERSION);
		return 0;
	}
	if (strcmp(argv[a], "help") == 0 || strcmp(argv[a], "--help") == 0 ||
	    strcmp(argv[a], "-h") == 0) {
		if (a + 1 < argc) {
			for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
				if (strcmp(commands[i].name, argv[a + 1]) == 0) {
					char *hv[] = { argv[a + 1], "--help", NULL };

					return commands[i].fn(2, hv);
				}
			fprintf(stderr, "zhengwu: no command \"%s\"\n", argv[a + 1]);
			return 2;
		}
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, argv[a]) == 0)
			return commands[i].fn(argc - a, argv + a);
	fprintf(stderr, "zhengwu: unknown command \"%s\" (see zhengwu help)\n", argv[a]);
	return 2;
}
