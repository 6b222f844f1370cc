/*
 * cli.h -- subcommands.  Each takes argc/argv after the command name
 * and returns the process exit status.  Common options are parsed by
 * zw_cli_parse() from one table per command.
 */
#ifndef ZW_CLI_H
#define ZW_CLI_H

#include <stdbool.h>

#include "store/db.h"

struct zw_app;

struct zw_cli_opt {
	const char *name;	/* "--data" */
	bool has_value;
	const char **value;	/* OUT: value, or "1" for flags */
	const char *help;
};

/* Parse options; positional arguments go to pos[] (max npos).
 * Prints an error (or help) and returns false when the caller should
 * exit; *status holds the exit code then. */
bool zw_cli_parse(const char *cmd, int argc, char **argv,
    const struct zw_cli_opt *opts, const char **pos, int npos, int *npos_out,
    int *status);
/* Open the app for a command (--data required, --db optional). */
int zw_cli_open(const char *data, const char *db, bool migrate,
    struct zw_app **out);

int zw_cmd_init(int argc, char **argv);
int zw_cmd_serve(int argc, char **argv);
int zw_cmd_migrate(int argc, char **argv);
int zw_cmd_user(int argc, char **argv);
int zw_cmd_validate(int argc, char **argv);
int zw_cmd_audit(int argc, char **argv);
int zw_cmd_backup(int argc, char **argv);
int zw_cmd_restore(int argc, char **argv);
int zw_cmd_config(int argc, char **argv);
int zw_cmd_supervision(int argc, char **argv);

/* Seed the demonstration government (init --demo). */
int zw_demo_seed(struct zw_app *app, const char *password, bool print);
/* Its public accounts (demo_accounts.c); password NULL = generated. */
int zw_demo_accounts(zw_conn *c, const char *password, bool print);
int zw_cmd_import(int argc, char **argv);
int zw_cmd_compare(int argc, char **argv);
/* The demonstration registries and their 数据管理员 (end of zw_demo_seed). */
int zw_demo_registry(struct zw_app *app, zw_conn *c, const char *password,
    bool print);

#endif
