/*
 * test_bigram.c -- the search tokenizer (base/bigram.c): pairs of CJK
 * characters, ASCII words, full-width folding, separators, the index
 * form's run tails and the caps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/bigram.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/utf8.h"

/* Tokens of s (query form, or index form when index). */
static char *
cut(const char *s, int index)
{
	static char out[4096];
	zw_buf b;
	int rc;

	zw_buf_init(&b, 1 << 20);
	rc = index ? zw_bigram_index(s, strlen(s), &b) :
	    zw_bigram_tokens(s, strlen(s), &b);
	assert_int_equal(rc, ZW_OK);
	snprintf(out, sizeof(out), "%s", b.p != NULL ? b.p : "");
	zw_buf_free(&b);
	return out;
}

static void
test_pairs(void **state)
{
	(void)state;
	assert_string_equal(cut("审批", 0), "审批");
	assert_string_equal(cut("行政审批局", 0), "行政 政审 审批 批局");
	assert_string_equal(cut("审", 0), "审");
	/* extension A, compatibility and supplementary ideographs, 〇 */
	assert_string_equal(cut("㐀丽𠀀", 0), "㐀丽 丽𠀀");
	assert_string_equal(cut("二〇二六年", 0), "二〇 〇二 二六 六年");
}

static void
test_ascii_words(void **state)
{
	(void)state;
	assert_string_equal(cut("SM2签名", 0), "sm2 签名");
	assert_string_equal(cut("GB/T 9704-2012", 0), "gb t 9704 2012");
	assert_string_equal(cut("ＡＢ１２", 0), "ab12");
	assert_string_equal(cut("ｚｈｅｎｇｗｕ２０２６", 0), "zhengwu2026");
	assert_string_equal(cut("石政办〔2026〕3号", 0), "石政 政办 2026 3 号");
}

static void
test_separators(void **state)
{
	(void)state;
	assert_string_equal(cut("审批，局。", 0), "审批 局");
	assert_string_equal(cut("  审批 局\n", 0), "审批 局");
	assert_string_equal(cut("关于（试行）的通知", 0), "关于 试行 的通 通知");
	/* kana, accented Latin and symbols separate; nothing is left */
	assert_string_equal(cut("の é ★ ——", 0), "");
	assert_string_equal(cut("", 0), "");
	/* a byte that is not UTF-8 separates too */
	assert_string_equal(cut("审\xff批", 0), "审 批");
	assert_string_equal(cut("ab\xc3(cd", 0), "ab cd");
}

static void
test_index_form_adds_run_tails(void **state)
{
	(void)state;
	assert_string_equal(cut("行政审批局", 1), "行政 政审 审批 批局 局");
	assert_string_equal(cut("审", 1), "审");
	assert_string_equal(cut("初审 SM2签名", 1), "初审 审 sm2 签名 名");
}

static void
test_appends_with_a_space(void **state)
{
	zw_buf b;

	(void)state;
	zw_buf_init(&b, 1024);
	assert_int_equal(zw_bigram_tokens("通知", 6, &b), ZW_OK);
	assert_int_equal(zw_bigram_tokens("附件.pdf", 10, &b), ZW_OK);
	assert_string_equal(b.p, "通知 附件 pdf");
	zw_buf_free(&b);
}

static void
test_caps(void **state)
{
	char *s = zw_malloc(3 * (ZW_BIGRAM_MAX_TOKENS + 10) + 1), *w;
	size_t i, n = 0, spaces = 0;
	zw_buf b;

	(void)state;
	/* a long ASCII word is cut at ZW_BIGRAM_MAX_WORD bytes */
	w = zw_malloc(200);
	memset(w, 'A', 199);
	w[199] = '\0';
	zw_buf_init(&b, 1024);
	assert_int_equal(zw_bigram_tokens(w, 199, &b), ZW_OK);
	assert_int_equal(b.len, ZW_BIGRAM_MAX_WORD);
	assert_int_equal(b.p[0], 'a');
	zw_buf_free(&b);
	zw_free(w);

	/* past ZW_BIGRAM_MAX_TOKENS the rest is dropped, not an error */
	for (i = 0; i < ZW_BIGRAM_MAX_TOKENS + 10; i++) {
		memcpy(s + n, "审", 3);
		n += 3;
	}
	s[n] = '\0';
	zw_buf_init(&b, 8u << 20);
	assert_int_equal(zw_bigram_tokens(s, n, &b), ZW_OK);
	for (i = 0; i < b.len; i++)
		spaces += b.p[i] == ' ';
	assert_int_equal(spaces + 1, ZW_BIGRAM_MAX_TOKENS);
	zw_buf_free(&b);

	/* a full buffer: ZW_ETOOBIG, and only whole tokens in it */
	zw_buf_init(&b, 19);
	assert_int_equal(zw_bigram_tokens("行政审批局政务服务", 27, &b), ZW_ETOOBIG);
	assert_string_equal(b.p, "行政 政审");
	zw_buf_free(&b);
	zw_free(s);
}

/* Random bytes: no crash, and the output is valid UTF-8 made of tokens
 * separated by single spaces. */
static void
test_random_bytes(void **state)
{
	static const unsigned char pick[] = { 'a', 'Z', '7', ' ', ',', 0x80, 0xbf,
		0xc3, 0xe5, 0xe9, 0xef, 0xf0, 0xf4, 0xff, 0xa0, 0xbc, 0x91, 0x00 };
	unsigned char in[64];
	uint64_t x = 88172645463325252ull;
	size_t i, k, n;
	zw_buf b;

	(void)state;
	for (i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		n = x % sizeof(in);
		for (k = 0; k < n; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			in[k] = pick[x % sizeof(pick)];
		}
		zw_buf_init(&b, 4096);
		assert_int_equal(zw_bigram_index((const char *)in, n, &b), ZW_OK);
		if (b.len > 0) {
			assert_true(zw_utf8_valid(b.p, b.len));
			assert_true(b.p[0] != ' ' && b.p[b.len - 1] != ' ');
			assert_null(strstr(b.p, "  "));
		}
		zw_buf_free(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_ascii_words),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_index_form_adds_run_tails),
		cmocka_unit_test(test_appends_with_a_space),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_random_bytes),
	};

	return cmocka_run_group_tests_name("bigram", tests, NULL, NULL);
}
