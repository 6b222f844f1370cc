/*
 * guard.c -- the pure parts of letters: categories and their deadlines
 * (standards.md §8, counted as §10), masking of personal data for the
 * public pages, and the stateless arithmetic challenge that stands in
 * for a third-party CAPTCHA.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/ids.h"
#include "base/str.h"
#include "crypto/sm3.h"
#include "letters/letters.h"

const char *const zw_letter_categories[ZW_LETTER_NCAT] = {
	"咨询", "建议", "投诉", "求助", "举报"
};

int
zw_letter_category(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < ZW_LETTER_NCAT; i++)
		if (strcmp(name, zw_letter_categories[i]) == 0)
			return i;
	return -1;
}

zw_date
zw_letter_due(const struct zw_letters_env *env, int cat, zw_date received)
{
	int n = cat >= 0 && cat < ZW_LETTER_NCAT ? env->days[cat] : 15;

	return zw_add_working_days(env->cal, received, n > 0 ? n : 1);
}

const char *
zw_letter_status_name(const char *st)
{
	if (strcmp(st, "submitted") == 0)
		return "待处理";
	if (strcmp(st, "routed") == 0)
		return "已转办";
	if (strcmp(st, "replied") == 0)
		return "已答复";
	if (strcmp(st, "closed") == 0)
		return "已办结";
	return st;
}

/* ---- masking ---- */

char *
zw_letter_mask_name(zw_arena *a, const char *name)
{
	size_t n = 1;

	if (name == NULL || *name == '\0')
		return zw_astrdup(a, "匿名");
	/* The first UTF-8 character stays. */
	while (name[n] != '\0' && ((unsigned char)name[n] & 0xC0) == 0x80)
		n++;
	return zw_aprintf(a, "%.*s**", (int)n, name);
}

static bool
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

char *
zw_letter_mask_text(zw_arena *a, const char *s)
{
	const char *p = s, *q;
	zw_buf b;
	char one[32], masked[32];
	char *out;
	size_t n;

	if (s == NULL)
		return zw_astrdup(a, "");
	/* Masking keeps the length: the input's size bounds the output. */
	zw_buf_init(&b, strlen(s) + 64);
	/* One pass over maximal runs of ASCII digits (an ID number's run may
	 * end in X): a run of exactly 11 starting with 1 is a mobile number,
	 * 17 digits + X or 18 digits an ID number.  Longer or shorter runs
	 * (amounts, account numbers, dates) are left as they are. */
	while (*p != '\0') {
		if (!is_digit(*p)) {
			q = p;
			while (*q != '\0' && !is_digit(*q))
				q++;
			zw_buf_append(&b, p, (size_t)(q - p));
			p = q;
			continue;
		}
		q = p;
		while (is_digit(*q))
			q++;
		n = (size_t)(q - p);
		if (n == 17 && (*q == 'X' || *q == 'x')) {
			q++;
			n++;
		}
		if ((n == 11 && p[0] == '1') || n == 18) {
			memcpy(one, p, n);
			one[n] = '\0';
			if (n == 11)
				zw_mask_phone(one, masked, sizeof(masked));
			else
				zw_mask_id(one, masked, sizeof(masked));
			zw_buf_puts(&b, masked);
		} else
			zw_buf_append(&b, p, n);
		p = q;
	}
	out = zw_astrdup(a, b.p != NULL ? b.p : "");
	zw_buf_free(&b);
	return out;
}

/* ---- challenge ---- */

static void
challenge_mac(const void *key, size_t keylen, long long exp, const char *nonce,
    long long answer, char hex[33])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char mac[ZW_SM3_LEN];
	char msg[96];
	int n, i;

	n = snprintf(msg, sizeof(msg), "letters-challenge:%lld:%s:%lld", exp,
	    nonce, answer);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	zw_hmac_sm3(key, keylen, msg, (size_t)n, mac);
	for (i = 0; i < 16; i++) {
		hex[2 * i] = digits[mac[i] >> 4];
		hex[2 * i + 1] = digits[mac[i] & 15];
	}
	hex[32] = '\0';
}

void
zw_letter_challenge_new(const void *key, size_t keylen, int64_t now,
    char *question, size_t qsize, char *token, size_t tsize)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	long long x = 1 + (long long)randombytes_uniform(20);
	long long y = 1 + (long long)randombytes_uniform(20);
	long long exp = (long long)now + ZW_LETTER_CHALLENGE_TTL;
	char nonce[17], mac[33];
	size_t i;

	for (i = 0; i < 16; i++)
		nonce[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	nonce[16] = '\0';
	challenge_mac(key, keylen, exp, nonce, x + y, mac);
	if (snprintf(question, qsize, "%lld 加 %lld 等于多少？", x, y) < 0 && qsize)
		question[0] = '\0';
	if (snprintf(token, tsize, "%lld.%s.%s", exp, nonce, mac) < 0 && tsize)
		token[0] = '\0';
}

bool
zw_letter_challenge_ok(const void *key, size_t keylen, int64_t now,
    const char *token, const char *answer)
{
	char part[ZW_LETTER_TOKEN_MAX], mac[33];
	const char *d1, *d2;
	int64_t exp, ans;
	size_t n;

	if (token == NULL || answer == NULL || strlen(token) >= sizeof(part))
		return false;
	if ((d1 = strchr(token, '.')) == NULL || (d2 = strchr(d1 + 1, '.')) == NULL)
		return false;
	n = (size_t)(d1 - token);
	memcpy(part, token, n);
	part[n] = '\0';
	if (zw_parse_i64(part, 0, INT64_MAX / 2, &exp) != ZW_OK || exp < now)
		return false;
	if (zw_parse_i64(answer, 0, 1000, &ans) != ZW_OK)
		return false;
	n = (size_t)(d2 - d1 - 1);
	if (n != 16 || strlen(d2 + 1) != 32)
		return false;
	memcpy(part, d1 + 1, n);
	part[n] = '\0';
	challenge_mac(key, keylen, (long long)exp, part, (long long)ans, mac);
	return zw_ct_eq(mac, d2 + 1, 32);
}
