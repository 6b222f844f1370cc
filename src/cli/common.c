/*
 * common.c -- option parsing shared by the subcommands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "cli/cli.h"
#include "web/app.h"

bool
zw_cli_parse(const char *cmd, int argc, char **argv,
    const struct zw_cli_opt *opts, const char **pos, int npos, int *npos_out,
    int *status)
{
	int i, n = 0;
	size_t j;

	*npos_out = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			printf("usage: zhengwu %s [options]%s\n", cmd,
			    npos > 0 ? " ARGS..." : "");
			for (j = 0; opts[j].name != NULL; j++)
				printf("  %s%s\n      %s\n", opts[j].name,
				    opts[j].has_value ? " VALUE" : "", opts[j].help);
			*status = 0;
			return false;
		}
		if (strncmp(a, "--", 2) == 0) {
			const char *eq = strchr(a, '=');
			size_t kl = eq ? (size_t)(eq - a) : strlen(a);

			for (j = 0; opts[j].name != NULL; j++)
				if (strlen(opts[j].name) == kl &&
				    strncmp(opts[j].name, a, kl) == 0)
					break;
			if (opts[j].name == NULL) {
				fprintf(stderr, "zhengwu %s: unknown option %.*s "
				    "(see --help)\n", cmd, (int)kl, a);
				*status = 2;
				return false;
			}
			if (!opts[j].has_value) {
				*opts[j].value = "1";
				continue;
			}
			if (eq != NULL)
				*opts[j].value = eq + 1;
			else if (i + 1 < argc)
				*opts[j].value = argv[++i];
			else {
				fprintf(stderr, "zhengwu %s: %s needs a value\n", cmd,
				    opts[j].name);
				*status = 2;
				return false;
			}
			continue;
		}
		if (n >= npos) {
			fprintf(stderr, "zhengwu %s: unexpected argument \"%s\"\n", cmd, a);
			*status = 2;
			return false;
		}
		pos[n++] = a;
	}
	*npos_out = n;
	return true;
}

int
zw_cli_open(const char *data, const char *db, bool migrate, struct zw_app **out)
{
	if (data == NULL) {
		fprintf(stderr, "zhengwu: --data DIR is required\n");
		return ZW_EINVAL;
	}
	if (db == NULL)
		db = getenv("ZHENGWU_DB");
	return zw_app_open(data, db, migrate, out);
}
