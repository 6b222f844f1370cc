/*
 * gen_compare.c -- two CSV files of N legal persons (valid USCCs from
 * zw_synth_legal) for bench/compare.sh, with planted differences:
 * 0.3% of N only in the left file, 0.3% only in the right, 0.4% in both
 * with one field changed (name, address or registered_capital in turn).
 * The right file is written in reverse order.  Prints the exact counts
 * a comparison must find.
 *
 *   gen_compare N LEFT.csv RIGHT.csv [SEED]
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
	NULL
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

/* Change field f (0 name, 1 address, 2 registered_capital) of a line
 * without quotes.  OUT: out. */
static size_t
plant(const char *line, size_t len, int f, char *out, size_t size)
{
	static const int col[3] = { 1, 4, 3 };
	static const char *const add[3] = { "分公司", "A座", "0" };
	size_t i, k = 0, o = 0, alen = strlen(add[f]);

	for (i = 0; i < len; i++) {
		if ((line[i] == ',' || line[i] == '\n') && (int)k == col[f]) {
			if (o + alen >= size)
				return 0;
			memcpy(out + o, add[f], alen);
			o += alen;
		}
		if (line[i] == ',')
			k++;
		if (o + 1 >= size)
			return 0;
		out[o++] = line[i];
	}
	return o;
}

int
main(int argc, char **argv)
{
	const struct zw_embed *rt = zw_embed_find("share/regions.csv");
	char line[1024], mod[1200];
	long long n, seed = 7, i, nol, ndiff, planted = 0, fd[3] = { 0, 0, 0 };
	size_t len;
	char **right;
	size_t *rlen;
	FILE *lf, *rf;

	if (argc < 4 || argc > 5 || (n = count_arg(argv[1])) < 1000 ||
	    (argc == 5 && (seed = count_arg(argv[4])) < 0)) {
		fprintf(stderr, "usage: gen_compare N LEFT.csv RIGHT.csv [SEED] "
		    "(N >= 1000)\n");
		return 2;
	}
	if (rt == NULL || zw_regions_load((const char *)rt->data, rt->len) != 0) {
		fprintf(stderr, "gen_compare: region table missing\n");
		return 1;
	}
	if ((lf = fopen(argv[2], "w")) == NULL || (rf = fopen(argv[3], "w")) == NULL) {
		fprintf(stderr, "gen_compare: %s\n", strerror(errno));
		return 1;
	}
	nol = n * 3 / 1000;
	ndiff = n * 4 / 1000;
	/* left: rows [0, n); right: rows [nol, n + nol) */
	right = calloc((size_t)n, sizeof(*right));
	rlen = calloc((size_t)n, sizeof(*rlen));
	if (right == NULL || rlen == NULL)
		return 1;
	fputs(ZW_REG_LEGAL_HEADER, lf);
	fputs(ZW_REG_LEGAL_HEADER, rf);
	for (i = 0; i < n + nol; i++) {
		len = zw_synth_legal((uint64_t)seed, (uint64_t)i, regions, line,
		    sizeof(line));
		if (len == 0 || memchr(line, '"', len) != NULL) {
			fprintf(stderr, "gen_compare: row %lld unusable\n", i);
			return 1;
		}
		if (i < n && fwrite(line, 1, len, lf) != len)
			return 1;
		if (i >= nol) {
			const char *src = line;

			if (i < n && i % 200 == 0 && planted < ndiff) {
				int f = (int)(planted % 3);

				len = plant(line, len, f, mod, sizeof(mod));
				if (len == 0)
					return 1;
				src = mod;
				fd[f]++;
				planted++;
			}
			right[i - nol] = malloc(len);
			if (right[i - nol] == NULL)
				return 1;
			memcpy(right[i - nol], src, len);
			rlen[i - nol] = len;
		}
	}
	for (i = n - 1; i >= 0; i--)
		if (fwrite(right[i], 1, rlen[i], rf) != rlen[i])
			return 1;
	if (fclose(lf) != 0 || fclose(rf) != 0)
		return 1;
	if (planted != ndiff) {
		fprintf(stderr, "gen_compare: planted %lld of %lld\n", planted, ndiff);
		return 1;
	}
	printf("left_rows %lld\nright_rows %lld\nonly_left %lld\nonly_right %lld\n"
	    "both_same %lld\nboth_different %lld\nfield name %lld\n"
	    "field legal_representative 0\nfield registered_capital %lld\n"
	    "field address %lld\nfield established_on 0\nfield status 0\n", n, n,
	    nol, nol, n - nol - ndiff, ndiff, fd[0], fd[2], fd[1]);
	return 0;
}
