/*
 * gen_registry.c -- write a CSV of N synthetic, valid registry rows
 * (zw_synth_person / zw_synth_legal: computed check characters, unique
 * keys, regions of 石家庄市) for `zhengwu import`.
 *
 *   gen_registry persons|legal-persons N [SEED] > FILE.csv
 *
 * Only for benchmarks (bench/registry.sh); links build/libzw.a.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "base/ids.h"
#include "registry/registry.h"

static const char *const regions[] = {
	"130102", "130104", "130105", "130107", "130108", "130109", "130110",
	"130111", "130121", "130123", "130125", "130126", "130127", "130128",
	"130129", "130130", "130131", "130132", "130133", "130181", "130183",
	"130184", NULL
};

static long long
count_arg(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	return errno != 0 || end == s || *end != '\0' || v < 0 ? -1 : v;
}

int
main(int argc, char **argv)
{
	const struct zw_embed *rt = zw_embed_find("share/regions.csv");
	static char buf[1 << 20];
	char line[1024];
	long long n, seed = 1;
	size_t used = 0, len;
	bool persons;
	long long i;

	if (argc < 3 || argc > 4 || (strcmp(argv[1], "persons") != 0 &&
	    strcmp(argv[1], "legal-persons") != 0) || (n = count_arg(argv[2])) < 0 ||
	    (argc == 4 && (seed = count_arg(argv[3])) < 0)) {
		fprintf(stderr, "usage: gen_registry persons|legal-persons N [SEED]\n");
		return 2;
	}
	if (rt == NULL || zw_regions_load((const char *)rt->data, rt->len) != 0) {
		fprintf(stderr, "gen_registry: region table missing\n");
		return 1;
	}
	persons = strcmp(argv[1], "persons") == 0;
	fputs(persons ? ZW_REG_PERSONS_HEADER : ZW_REG_LEGAL_HEADER, stdout);
	for (i = 0; i < n; i++) {
		len = persons ?
		    zw_synth_person((uint64_t)seed, (uint64_t)i, regions, line, sizeof(line)) :
		    zw_synth_legal((uint64_t)seed, (uint64_t)i, regions, line, sizeof(line));
		if (len == 0) {
			fprintf(stderr, "gen_registry: row %lld does not fit\n", i);
			return 1;
		}
		if (used + len > sizeof(buf)) {
			if (fwrite(buf, 1, used, stdout) != used)
				return 1;
			used = 0;
		}
		memcpy(buf + used, line, len);
		used += len;
	}
	if (fwrite(buf, 1, used, stdout) != used || fflush(stdout) != 0) {
		fprintf(stderr, "gen_registry: write failed\n");
		return 1;
	}
	return 0;
}
