/*
 * test_doc_rules.c -- the 公文 rules of src/documents/rules.c, each test
 * named after the rule it checks (standards.md §1 and §2): 条例 第八条
 * and 第十五条, GB/T 9704 §7.2.3, §7.2.5 and §7.3.4, 保守国家秘密法,
 * DA/T 22, and the canonical form the electronic seal signs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "crypto/sm3.h"
#include "documents/rules.h"

#define HASH_A "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
#define HASH_B "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"

/* n copies of s into out (size bytes, always terminated). */
static void
repeat(char *out, size_t size, const char *s, size_t n)
{
	size_t len = strlen(s), i;

	assert_true(n * len < size);
	for (i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	out[n * len] = '\0';
}

/* The code of a failed check, or "" when it passed. */
static const char *
code_of(int rc, const struct zw_why *why)
{
	if (rc == ZW_OK)
		return "";
	assert_int_equal(rc, ZW_EINVAL);
	assert_non_null(why->code);
	assert_non_null(why->message);
	return why->code;
}

static void
test_tiaoli_art8_exactly_15_types(void **state)
{
	static const char *const want[] = {
		"决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知",
		"通报", "报告", "请示", "批复", "议案", "函", "纪要"
	};
	struct zw_why why = { 0 };
	int i;

	(void)state;
	assert_int_equal(ZW_DOC_TYPES, 15);
	for (i = 0; i < ZW_DOC_TYPES; i++) {
		assert_string_equal(zw_doc_types[i], want[i]);
		assert_int_equal(zw_doc_type_index(want[i]), i);
		assert_int_equal(zw_doc_check_type(want[i], &why), ZW_OK);
	}
	assert_int_equal(zw_doc_type_index("令"), 2);
	assert_int_equal(zw_doc_type_index("会议纪要"), -1);	/* 2012 rename */
	assert_int_equal(zw_doc_type_index("条例"), -1);
	assert_int_equal(zw_doc_type_index(""), -1);
	assert_int_equal(zw_doc_type_index(NULL), -1);
	assert_string_equal(code_of(zw_doc_check_type("便函", &why), &why),
	    "invalid_type");
	assert_string_equal(why.field, "doc_type");
	assert_string_equal(code_of(zw_doc_check_type("", &why), &why),
	    "required");
}

static void
test_tiaoli_art15_directions(void **state)
{
	(void)state;
	assert_int_equal(zw_doc_direction("请示"), ZW_DIR_UP);
	assert_int_equal(zw_doc_direction("报告"), ZW_DIR_UP);
	assert_int_equal(zw_doc_direction("函"), ZW_DIR_LATERAL);
	assert_int_equal(zw_doc_direction("决定"), ZW_DIR_DOWN);
	assert_int_equal(zw_doc_direction("命令"), ZW_DIR_DOWN);
	assert_int_equal(zw_doc_direction("令"), ZW_DIR_DOWN);
	assert_int_equal(zw_doc_direction("通知"), ZW_DIR_DOWN);
	assert_int_equal(zw_doc_direction("通报"), ZW_DIR_DOWN);
	assert_int_equal(zw_doc_direction("批复"), ZW_DIR_DOWN);
	assert_int_equal(zw_doc_direction("意见"), ZW_DIR_ANY);
	assert_int_equal(zw_doc_direction("决议"), ZW_DIR_ANY);
	assert_int_equal(zw_doc_direction("公报"), ZW_DIR_ANY);
	assert_int_equal(zw_doc_direction("公告"), ZW_DIR_ANY);
	assert_int_equal(zw_doc_direction("通告"), ZW_DIR_ANY);
	assert_int_equal(zw_doc_direction("议案"), ZW_DIR_ANY);
	assert_int_equal(zw_doc_direction("纪要"), ZW_DIR_ANY);
}

static void
test_secrecy_classified_refused(void **state)
{
	static const char *const secret[] = {
		"秘密", "机密", "绝密", "机密★5年", "绝密★30年", "秘密★10年"
	};
	struct zw_why why = { 0 };
	size_t i;

	(void)state;
	assert_int_equal(zw_doc_check_secrecy(NULL, &why), ZW_OK);
	assert_int_equal(zw_doc_check_secrecy("", &why), ZW_OK);
	assert_int_equal(zw_doc_check_secrecy("非密", &why), ZW_OK);
	for (i = 0; i < sizeof(secret) / sizeof(secret[0]); i++) {
		memset(&why, 0, sizeof(why));
		assert_string_equal(code_of(zw_doc_check_secrecy(secret[i],
		    &why), &why), "classified");
		assert_string_equal(why.field, "secrecy");
		assert_non_null(strstr(why.message, "涉密网络"));
		assert_non_null(strstr(why.message, "保守国家秘密法"));
	}
	assert_string_equal(code_of(zw_doc_check_secrecy("内部", &why), &why),
	    "invalid_secrecy");
	assert_string_equal(code_of(zw_doc_check_secrecy("公开", &why), &why),
	    "invalid_secrecy");
	/* A NULL why is allowed everywhere. */
	assert_int_equal(zw_doc_check_secrecy("绝密", NULL), ZW_EINVAL);
}

static void
test_gbt9704_7_2_3_urgency(void **state)
{
	struct zw_why why = { 0 };

	(void)state;
	assert_int_equal(zw_doc_check_urgency("", &why), ZW_OK);
	assert_int_equal(zw_doc_check_urgency(NULL, &why), ZW_OK);
	assert_int_equal(zw_doc_check_urgency("加急", &why), ZW_OK);
	assert_int_equal(zw_doc_check_urgency("特急", &why), ZW_OK);
	/* 特提 and 平急 are for telegrams only. */
	assert_string_equal(code_of(zw_doc_check_urgency("特提", &why), &why),
	    "invalid_urgency");
	assert_string_equal(code_of(zw_doc_check_urgency("急", &why), &why),
	    "invalid_urgency");
	assert_string_equal(why.field, "urgency");
}

/* The code zw_doc_no_parse gives no, or "" if it parses. */
static const char *
doc_no_code(const char *no)
{
	static struct zw_why why;
	char prefix[ZW_DOC_PREFIX_SIZE];
	int year = 0;
	int64_t seq = 0;
	int rc;

	memset(&why, 0, sizeof(why));
	rc = zw_doc_no_parse(no, prefix, sizeof(prefix), &year, &seq, &why);
	if (rc != ZW_OK)
		assert_string_equal(why.field, "doc_no");
	return code_of(rc, &why);
}

static void
test_gbt9704_7_2_5_doc_no_format(void **state)
{
	char prefix[ZW_DOC_PREFIX_SIZE], out[ZW_DOC_NO_SIZE], small[8];
	char longest[ZW_DOC_PREFIX_CHARS * 3 + 1];
	int year;
	int64_t seq;

	(void)state;
	assert_int_equal(zw_doc_no_parse("冀政办函〔2004〕9号", prefix,
	    sizeof(prefix), &year, &seq, NULL), ZW_OK);
	assert_string_equal(prefix, "冀政办函");
	assert_int_equal(year, 2004);
	assert_int_equal(seq, 9);
	assert_int_equal(zw_doc_no_parse("国发〔2018〕1号", prefix,
	    sizeof(prefix), &year, &seq, NULL), ZW_OK);
	assert_string_equal(prefix, "国发");
	assert_int_equal(year, 2018);
	assert_int_equal(seq, 1);
	assert_string_equal(doc_no_code("京政发〔2024〕120号"), "");
	assert_int_equal(zw_doc_no_parse("国发〔2018〕1号", NULL, 0, NULL,
	    NULL, NULL), ZW_OK);

	/* The mistakes §7.2.5 names, each with its own code. */
	assert_string_equal(doc_no_code("冀政办[2004]9号"), "bad_brackets");
	assert_string_equal(doc_no_code("冀政办(2004)9号"), "bad_brackets");
	assert_string_equal(doc_no_code("冀政办（2004）9号"), "bad_brackets");
	assert_string_equal(doc_no_code("冀政办【2004】9号"), "bad_brackets");
	assert_string_equal(doc_no_code("冀政办﹝2004﹞9号"), "bad_brackets");
	assert_string_equal(doc_no_code("冀政办〔2004]9号"), "bad_brackets");
	assert_string_equal(doc_no_code("冀政办〔2004〕09号"), "leading_zero");
	assert_string_equal(doc_no_code("冀政办〔2004〕009号"), "leading_zero");
	assert_string_equal(doc_no_code("冀政办〔2004〕第9号"), "has_di");
	assert_string_equal(doc_no_code("〔2004〕9号"), "bad_prefix");
	assert_string_equal(doc_no_code("[2004]9号"), "bad_prefix");
	assert_string_equal(doc_no_code("JZB〔2004〕9号"), "bad_prefix");
	assert_string_equal(doc_no_code("冀 政办〔2004〕9号"), "bad_prefix");
	assert_string_equal(doc_no_code("冀政办〔04〕9号"), "bad_format");
	assert_string_equal(doc_no_code("冀政办〔１９９９〕9号"), "bad_format");
	assert_string_equal(doc_no_code("冀政办〔1900〕9号"), "bad_format");
	assert_string_equal(doc_no_code("冀政办〔2004〕0号"), "bad_format");
	assert_string_equal(doc_no_code("冀政办〔2004〕9"), "bad_format");
	assert_string_equal(doc_no_code("冀政办〔2004〕9号 "), "bad_format");
	assert_string_equal(doc_no_code("冀政办〔2004〕号"), "bad_format");
	assert_string_equal(doc_no_code("冀政办〔2004〕99999999999999999999号"),
	    "bad_format");
	assert_string_equal(doc_no_code("冀政办〔2004"), "bad_format");
	assert_string_equal(doc_no_code("冀政办2004年9号"), "bad_format");
	assert_string_equal(doc_no_code("冀政办"), "bad_format");
	assert_string_equal(doc_no_code("\xe5\x86"), "bad_format");
	assert_string_equal(doc_no_code(""), "required");

	/* 1..20 Han characters, Extension A included. */
	repeat(longest, sizeof(longest), "政", ZW_DOC_PREFIX_CHARS);
	assert_int_equal(zw_doc_no_format(longest, 2024, 1, out, sizeof(out)),
	    ZW_OK);
	assert_string_equal(doc_no_code(out), "");
	assert_int_equal(zw_doc_no_parse(out, prefix, sizeof(prefix), &year,
	    &seq, NULL), ZW_OK);
	assert_string_equal(prefix, longest);
	assert_int_equal(zw_doc_no_parse(out, small, sizeof(small), &year,
	    &seq, NULL), ZW_ETOOBIG);
	assert_string_equal(doc_no_code("政政政政政政政政政政政政政政政政政政政政政〔2024〕1号"),
	    "bad_prefix");
	assert_string_equal(doc_no_code("\xe3\x90\x80发〔2024〕1号"), "");

	/* Format round trip. */
	assert_int_equal(zw_doc_no_format("冀政办函", 2004, 9, out,
	    sizeof(out)), ZW_OK);
	assert_string_equal(out, "冀政办函〔2004〕9号");
	assert_int_equal(zw_doc_no_format("国发", 2018, 1, out, sizeof(out)),
	    ZW_OK);
	assert_string_equal(out, "国发〔2018〕1号");
	for (seq = 1; seq < 100000; seq = seq * 7 + 3) {
		int64_t s2;
		int y2;

		assert_int_equal(zw_doc_no_format("石政办", 2026, seq, out,
		    sizeof(out)), ZW_OK);
		assert_int_equal(zw_doc_no_parse(out, prefix, sizeof(prefix),
		    &y2, &s2, NULL), ZW_OK);
		assert_string_equal(prefix, "石政办");
		assert_int_equal(y2, 2026);
		assert_int_equal(s2, seq);
	}
	assert_int_equal(zw_doc_no_format("", 2004, 9, out, sizeof(out)),
	    ZW_EINVAL);
	assert_int_equal(zw_doc_no_format("GF", 2004, 9, out, sizeof(out)),
	    ZW_EINVAL);
	assert_int_equal(zw_doc_no_format("国发", 1948, 9, out, sizeof(out)),
	    ZW_EINVAL);
	assert_int_equal(zw_doc_no_format("国发", 10000, 9, out, sizeof(out)),
	    ZW_EINVAL);
	assert_int_equal(zw_doc_no_format("国发", 2004, 0, out, sizeof(out)),
	    ZW_EINVAL);
	assert_int_equal(zw_doc_no_format("国发", 2004, 9, small,
	    sizeof(small)), ZW_ETOOBIG);
	assert_string_equal(small, "");
	assert_int_equal(zw_doc_no_format(longest, 9999, INT64_MAX, out,
	    sizeof(out)), ZW_OK);
}

static void
test_tiaoli_art15_qingshi_one_main(void **state)
{
	struct zw_why why = { 0 };

	(void)state;
	assert_int_equal(zw_doc_check_routing("请示", 1, 0, NULL, true, &why),
	    ZW_OK);
	assert_string_equal(code_of(zw_doc_check_routing("请示", 2, 0, NULL,
	    true, &why), &why), "qingshi_one_main");
	assert_string_equal(why.field, "main_to");
	assert_non_null(strstr(why.message, "一文一事"));
	assert_string_equal(code_of(zw_doc_check_routing("请示", 0, 0, NULL,
	    true, &why), &why), "qingshi_one_main");
	/* 报告 goes up "原则上" to one superior; two is allowed. */
	assert_int_equal(zw_doc_check_routing("报告", 2, 0, NULL, true, &why),
	    ZW_OK);
	/* Every other type needs a 主送 … */
	assert_string_equal(code_of(zw_doc_check_routing("通知", 0, 0, NULL,
	    false, &why), &why), "main_required");
	assert_string_equal(code_of(zw_doc_check_routing("函", 0, 0, NULL,
	    false, &why), &why), "main_required");
	assert_string_equal(code_of(zw_doc_check_routing("报告", 0, 0, NULL,
	    true, &why), &why), "main_required");
	/* … but 纪要 and the public announcements may have none. */
	assert_int_equal(zw_doc_check_routing("纪要", 0, 0, NULL, false, &why),
	    ZW_OK);
	assert_int_equal(zw_doc_check_routing("公报", 0, 0, NULL, false, &why),
	    ZW_OK);
	assert_int_equal(zw_doc_check_routing("公告", 0, 0, NULL, false, &why),
	    ZW_OK);
	assert_int_equal(zw_doc_check_routing("通告", 0, 0, NULL, false, &why),
	    ZW_OK);
	assert_string_equal(code_of(zw_doc_check_routing("便条", 1, 0, NULL,
	    false, &why), &why), "invalid_type");
}

static void
test_upward_needs_signer(void **state)
{
	struct zw_why why = { 0 };

	(void)state;
	assert_string_equal(code_of(zw_doc_check_routing("请示", 1, 0, NULL,
	    false, &why), &why), "signer_required");
	assert_string_equal(why.field, "signer");
	assert_string_equal(code_of(zw_doc_check_routing("报告", 1, 0, NULL,
	    false, &why), &why), "signer_required");
	/* Downward, lateral and undirected documents do not need one. */
	assert_int_equal(zw_doc_check_routing("通知", 3, 0, NULL, false, &why),
	    ZW_OK);
	assert_int_equal(zw_doc_check_routing("函", 1, 0, NULL, false, &why),
	    ZW_OK);
	assert_int_equal(zw_doc_check_routing("意见", 1, 0, NULL, false, &why),
	    ZW_OK);
	assert_int_equal(zw_doc_check_routing("令", 1, 0, NULL, false, &why),
	    ZW_OK);
}

static void
test_upward_no_cc_to_subordinates(void **state)
{
	static const bool none[] = { false, false };
	static const bool one[] = { false, true };
	struct zw_why why = { 0 };

	(void)state;
	assert_int_equal(zw_doc_check_routing("请示", 1, 2, none, true, &why),
	    ZW_OK);
	assert_string_equal(code_of(zw_doc_check_routing("请示", 1, 2, one,
	    true, &why), &why), "cc_subordinate");
	assert_string_equal(why.field, "cc_to");
	assert_string_equal(code_of(zw_doc_check_routing("报告", 1, 2, one,
	    true, &why), &why), "cc_subordinate");
	/* Only the first n_cc flags count. */
	assert_int_equal(zw_doc_check_routing("报告", 1, 1, one, true, &why),
	    ZW_OK);
	/* Downward documents may of course be copied downward. */
	assert_int_equal(zw_doc_check_routing("通知", 1, 2, one, false, &why),
	    ZW_OK);
	assert_int_equal(zw_doc_check_routing("函", 1, 2, one, false, &why),
	    ZW_OK);
}

static const char *
att_code(const char *name)
{
	static struct zw_why why;
	int rc;

	memset(&why, 0, sizeof(why));
	rc = zw_doc_check_attachment_name(name, &why);
	if (rc != ZW_OK)
		assert_string_equal(why.field, "attachments");
	return code_of(rc, &why);
}

static void
test_attachment_names(void **state)
{
	static const char *const trailing[] = {
		"名单。", "名单，", "名单；", "名单：", "名单、", "名单！",
		"名单？", "名单.", "名单,", "名单;", "名单:", "名单!", "名单?"
	};
	char name[512];
	size_t i;

	(void)state;
	assert_string_equal(att_code("2024年度工作要点"), "");
	assert_string_equal(att_code("关于“放管服”改革的说明"), "");
	assert_string_equal(att_code("《政府信息公开条例》解读"), "");
	assert_string_equal(att_code("《政府信息公开条例》"), "");
	assert_string_equal(att_code("关于“放管服”"), "");	/* closing quote */
	assert_string_equal(att_code("v1.2 Plan"), "");
	for (i = 0; i < sizeof(trailing) / sizeof(trailing[0]); i++)
		assert_string_equal(att_code(trailing[i]), "trailing_punct");
	assert_string_equal(att_code(""), "required");
	assert_string_equal(att_code(NULL), "required");
	assert_string_equal(att_code("　 "), "required");
	assert_string_equal(att_code("a/b"), "path_separator");
	assert_string_equal(att_code("a\\b"), "path_separator");
	assert_string_equal(att_code("名单\n附件"), "control_chars");
	assert_string_equal(att_code("名单\t附件"), "control_chars");
	assert_string_equal(att_code("名单\x7f"), "control_chars");
	assert_string_equal(att_code("名单\xc2\x85"), "control_chars");
	assert_string_equal(att_code("名单\xe2\x80\xa8x"), "control_chars");
	assert_string_equal(att_code("名单\xff"), "bad_encoding");

	/* 100 characters pass, 101 do not (characters, not bytes). */
	repeat(name, sizeof(name), "表", ZW_DOC_ATTACHMENT_CHARS);
	assert_string_equal(att_code(name), "");
	repeat(name, sizeof(name), "表", ZW_DOC_ATTACHMENT_CHARS + 1);
	assert_string_equal(att_code(name), "too_long");
}

static void
test_attachment_note_layout(void **state)
{
	const char *one[] = { "2024年度工作要点" };
	const char *three[] = { "名单一", "名单二", "名单三" };
	const char *bad[] = { "名单一", "名单二。" };
	const char *many[10];
	zw_buf b;
	size_t i;

	(void)state;
	zw_buf_init(&b, 4096);
	assert_int_equal(zw_doc_attachment_note(one, 1, &b), ZW_OK);
	assert_string_equal(b.p, "附件：2024年度工作要点");
	zw_buf_reset(&b);

	/* §7.3.4: "2." stands under "1." — three full-width spaces, the
	 * width of "附件：". */
	assert_int_equal(zw_doc_attachment_note(three, 3, &b), ZW_OK);
	assert_string_equal(b.p, "附件：1.名单一\n"
	    "\u3000\u3000\u30002.名单二\n"
	    "\u3000\u3000\u30003.名单三");
	zw_buf_reset(&b);

	/* Appends; a bad name leaves the buffer as it was. */
	assert_int_equal(zw_buf_puts(&b, "正文。\n"), ZW_OK);
	assert_int_equal(zw_doc_attachment_note(bad, 2, &b), ZW_EINVAL);
	assert_string_equal(b.p, "正文。\n");
	assert_int_equal(zw_doc_attachment_note(three, 0, &b), ZW_OK);
	assert_string_equal(b.p, "正文。\n");
	zw_buf_reset(&b);

	for (i = 0; i < 10; i++)
		many[i] = "表";
	assert_int_equal(zw_doc_attachment_note(many, 10, &b), ZW_OK);
	assert_non_null(strstr(b.p, "\n\u3000\u3000\u30009.表\n"
	    "\u3000\u3000\u300010.表"));
	zw_buf_free(&b);

	/* Too small a buffer: ZW_ETOOBIG, nothing appended. */
	zw_buf_init(&b, 16);
	assert_int_equal(zw_doc_attachment_note(three, 3, &b), ZW_ETOOBIG);
	assert_int_equal(b.len, 0);
	zw_buf_free(&b);
}

static void
test_dat22_archive_no(void **state)
{
	char out[ZW_DOC_ARCHIVE_NO_SIZE], small[10];
	struct zw_why why = { 0 };

	(void)state;
	assert_int_equal(zw_doc_archive_no("Z109", 2015, "Y", "BGS", 1, out,
	    sizeof(out), &why), ZW_OK);
	assert_string_equal(out, "Z109-WS\u00b72015-Y-BGS-0001");
	assert_string_equal(out, "Z109-WS·2015-Y-BGS-0001");
	assert_int_equal(zw_doc_archive_no("Z109", 2015, "D30", "BGS", 9999,
	    out, sizeof(out), &why), ZW_OK);
	assert_string_equal(out, "Z109-WS·2015-D30-BGS-9999");
	assert_int_equal(zw_doc_archive_no("0123456789ABCDEF", 9999, "D10",
	    "abcdefghijklmnop", 42, out, sizeof(out), &why), ZW_OK);
	assert_string_equal(out,
	    "0123456789ABCDEF-WS·9999-D10-abcdefghijklmnop-0042");

	assert_string_equal(code_of(zw_doc_archive_no("", 2015, "Y", "BGS", 1,
	    out, sizeof(out), &why), &why), "invalid_fonds");
	assert_string_equal(why.field, "fonds");
	assert_string_equal(code_of(zw_doc_archive_no("Z-109", 2015, "Y",
	    "BGS", 1, out, sizeof(out), &why), &why), "invalid_fonds");
	assert_string_equal(code_of(zw_doc_archive_no("0123456789ABCDEFG",
	    2015, "Y", "BGS", 1, out, sizeof(out), &why), &why),
	    "invalid_fonds");
	assert_string_equal(code_of(zw_doc_archive_no("Z109", 1948, "Y", "BGS",
	    1, out, sizeof(out), &why), &why), "invalid_year");
	assert_string_equal(code_of(zw_doc_archive_no("Z109", 2015, "30",
	    "BGS", 1, out, sizeof(out), &why), &why), "invalid_retention");
	assert_string_equal(code_of(zw_doc_archive_no("Z109", 2015, "Y", "办公室",
	    1, out, sizeof(out), &why), &why), "invalid_dept");
	assert_string_equal(code_of(zw_doc_archive_no("Z109", 2015, "Y", NULL,
	    1, out, sizeof(out), &why), &why), "invalid_dept");
	assert_string_equal(code_of(zw_doc_archive_no("Z109", 2015, "Y", "BGS",
	    0, out, sizeof(out), &why), &why), "invalid_item");
	assert_string_equal(code_of(zw_doc_archive_no("Z109", 2015, "Y", "BGS",
	    10000, out, sizeof(out), &why), &why), "invalid_item");
	assert_int_equal(zw_doc_archive_no("Z109", 2015, "Y", "BGS", 1, small,
	    sizeof(small), &why), ZW_ETOOBIG);

	assert_true(zw_doc_retention_valid("Y"));
	assert_true(zw_doc_retention_valid("D30"));
	assert_true(zw_doc_retention_valid("D10"));
	assert_false(zw_doc_retention_valid("D20"));
	assert_false(zw_doc_retention_valid("y"));
	assert_false(zw_doc_retention_valid(""));
	assert_false(zw_doc_retention_valid(NULL));
}

/* A document with two main recipients, one cc and two attachments. */
static struct zw_doc_canon_rcpt sample_rcpt[] = {
	{ 11, "石家庄市人民政府", false },
	{ 12, "保定市人民政府", false },
	{ 20, "省财政厅", true },
};

static struct zw_doc_canon_att sample_att[] = {
	{ "名单", HASH_A, 1024 },
	{ "预算表", HASH_B, 2048 },
};

static struct zw_doc_canon
sample_doc(void)
{
	struct zw_doc_canon d;

	memset(&d, 0, sizeof(d));
	d.id = 42;
	d.doc_no = "冀政办函〔2004〕9号";
	d.doc_type = "函";
	d.secrecy = "非密";
	d.urgency = "加急";
	d.issuer = "河北省人民政府办公厅";
	d.issuer_org_id = 7;
	d.signer = NULL;
	d.title = "关于做好\\2004年\n工作的函";
	d.body = "正文";
	d.attachment_note = "附件：1.名单\n\u3000\u3000\u30002.预算表";
	d.written_on = "2004-03-01";
	d.annotation = "（此件公开发布）";
	d.printed_by = "河北省人民政府办公厅";
	d.printed_on = "2004-03-02";
	d.rcpt = sample_rcpt;
	d.nrcpt = 3;
	d.att = sample_att;
	d.natt = 2;
	d.issued_at = 1078185600;
	return d;
}

static void
test_canonical_form_is_stable_and_escapes(void **state)
{
	struct zw_doc_canon d = sample_doc();
	char body[65], want[4096];
	zw_buf a, b;

	(void)state;
	zw_buf_init(&a, 1 << 16);
	zw_buf_init(&b, 1 << 16);
	zw_sm3_hex("正文", strlen("正文"), body);
	snprintf(want, sizeof(want),
	    "zhengwu-document-seal v1\n"
	    "id: 42\n"
	    "doc_no: 冀政办函〔2004〕9号\n"
	    "doc_type: 函\n"
	    "secrecy: 非密\n"
	    "urgency: 加急\n"
	    "issuer: 河北省人民政府办公厅\n"
	    "issuer_org_id: 7\n"
	    "signer: \n"
	    "title: 关于做好\\\\2004年\\n工作的函\n"
	    "body_sm3: %s\n"
	    "attachment_note: 附件：1.名单\\n\u3000\u3000\u30002.预算表\n"
	    "written_on: 2004-03-01\n"
	    "annotation: （此件公开发布）\n"
	    "printed_by: 河北省人民政府办公厅\n"
	    "printed_on: 2004-03-02\n"
	    "main_to: 11 石家庄市人民政府\n"
	    "main_to: 12 保定市人民政府\n"
	    "cc_to: 20 省财政厅\n"
	    "attachment 1: " HASH_A " 1024 名单\n"
	    "attachment 2: " HASH_B " 2048 预算表\n"
	    "issued_at: 1078185600\n", body);

	assert_int_equal(zw_doc_canonical(&d, &a), ZW_OK);
	assert_string_equal(a.p, want);
	/* Same input, same bytes. */
	assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);

	/* 主送 lines come before 抄送 lines whatever the input order. */
	{
		struct zw_doc_canon_rcpt mixed[] = {
			{ 20, "省财政厅", true },
			{ 11, "石家庄市人民政府", false },
			{ 12, "保定市人民政府", false },
		};

		d.rcpt = mixed;
		zw_buf_reset(&b);
		assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
		assert_string_equal(a.p, b.p);
		d.rcpt = sample_rcpt;
	}

	/* The body is hashed, not copied: a one-byte change moves body_sm3. */
	d.body = "正文。";
	zw_buf_reset(&b);
	assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
	assert_null(strstr(b.p, body));
	assert_null(strstr(b.p, "正文"));

	/* A NULL body hashes as empty, like "". */
	d.body = NULL;
	zw_buf_reset(&a);
	assert_int_equal(zw_doc_canonical(&d, &a), ZW_OK);
	d.body = "";
	zw_buf_reset(&b);
	assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
	assert_string_equal(a.p, b.p);

	/* A hash that is not 64 lowercase hex digits would make the line
	 * ambiguous; the buffer is left untouched. */
	{
		struct zw_doc_canon_att bad[] = { { "x", "ABC 5", 1 } };

		d.att = bad;
		d.natt = 1;
		zw_buf_reset(&a);
		assert_int_equal(zw_buf_puts(&a, "keep"), ZW_OK);
		assert_int_equal(zw_doc_canonical(&d, &a), ZW_EINVAL);
		assert_string_equal(a.p, "keep");
		bad[0].sm3hex = HASH_A;
		bad[0].size = -1;
		assert_int_equal(zw_doc_canonical(&d, &a), ZW_EINVAL);
	}
	zw_buf_free(&a);
	zw_buf_free(&b);

	/* Past the buffer's maximum: ZW_ETOOBIG, nothing left behind. */
	d = sample_doc();
	zw_buf_init(&a, 200);
	assert_int_equal(zw_doc_canonical(&d, &a), ZW_ETOOBIG);
	assert_int_equal(a.len, 0);
	zw_buf_free(&a);
}

static void
test_canonical_diff_names_changed_elements(void **state)
{
	struct zw_doc_canon d = sample_doc();
	struct zw_doc_canon_att att2[2];
	struct zw_doc_canon_rcpt rcpt2[3];
	const char *names[8];
	zw_buf a, b, scratch;
	size_t n;

	(void)state;
	zw_buf_init(&a, 1 << 16);
	zw_buf_init(&b, 1 << 16);
	zw_buf_init(&scratch, 1024);
	assert_int_equal(zw_doc_canonical(&d, &a), ZW_OK);

	/* Identical. */
	assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
	assert_int_equal(zw_doc_canon_diff(a.p, a.len, b.p, b.len, names, 8,
	    &scratch), 0);

	/* The title. */
	d.title = "关于做好2005年工作的函";
	zw_buf_reset(&b);
	assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
	n = zw_doc_canon_diff(a.p, a.len, b.p, b.len, names, 8, &scratch);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "title");

	/* One attachment's hash. */
	d = sample_doc();
	memcpy(att2, sample_att, sizeof(att2));
	att2[1].sm3hex = HASH_A;
	d.att = att2;
	zw_buf_reset(&b);
	assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
	n = zw_doc_canon_diff(a.p, a.len, b.p, b.len, names, 8, &scratch);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "attachment 2");

	/* Several at once, in document order: body, a recipient, and an
	 * attachment that is missing on one side. */
	d = sample_doc();
	memcpy(rcpt2, sample_rcpt, sizeof(rcpt2));
	rcpt2[1].name = "邯郸市人民政府";
	d.rcpt = rcpt2;
	d.body = "新正文";
	d.natt = 1;
	zw_buf_reset(&b);
	assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
	n = zw_doc_canon_diff(a.p, a.len, b.p, b.len, names, 8, &scratch);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "body_sm3");
	assert_string_equal(names[1], "main_to");
	assert_string_equal(names[2], "attachment 2");
	/* Either direction finds the same keys. */
	n = zw_doc_canon_diff(b.p, b.len, a.p, a.len, names, 8, &scratch);
	assert_int_equal(n, 3);
	assert_string_equal(names[2], "attachment 2");
	/* max bounds what is stored, not what is counted. */
	names[1] = NULL;
	n = zw_doc_canon_diff(a.p, a.len, b.p, b.len, names, 1, &scratch);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "body_sm3");
	assert_null(names[1]);

	/* A recipient moved from main to cc changes both lists; dropping a
	 * cc shows as cc_to. */
	d = sample_doc();
	memcpy(rcpt2, sample_rcpt, sizeof(rcpt2));
	rcpt2[1].cc = true;
	d.rcpt = rcpt2;
	zw_buf_reset(&b);
	assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
	n = zw_doc_canon_diff(a.p, a.len, b.p, b.len, names, 8, &scratch);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "main_to");
	assert_string_equal(names[1], "cc_to");
	d.nrcpt = 2;
	d.rcpt = sample_rcpt;
	zw_buf_reset(&b);
	assert_int_equal(zw_doc_canonical(&d, &b), ZW_OK);
	n = zw_doc_canon_diff(a.p, a.len, b.p, b.len, names, 8, &scratch);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "cc_to");

	/* Against nothing, every element differs; with no scratch the
	 * non-static names read "?". */
	n = zw_doc_canon_diff(a.p, a.len, "", 0, names, 8, &scratch);
	assert_int_equal(n, 21);
	assert_string_equal(names[0], "zhengwu-document-seal v1");
	n = zw_doc_canon_diff(a.p, a.len, NULL, 0, names, 8, NULL);
	assert_int_equal(n, 21);
	assert_string_equal(names[0], "?");
	assert_string_equal(names[1], "id");

	zw_buf_free(&a);
	zw_buf_free(&b);
	zw_buf_free(&scratch);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiaoli_art8_exactly_15_types),
		cmocka_unit_test(test_tiaoli_art15_directions),
		cmocka_unit_test(test_secrecy_classified_refused),
		cmocka_unit_test(test_gbt9704_7_2_3_urgency),
		cmocka_unit_test(test_gbt9704_7_2_5_doc_no_format),
		cmocka_unit_test(test_tiaoli_art15_qingshi_one_main),
		cmocka_unit_test(test_upward_needs_signer),
		cmocka_unit_test(test_upward_no_cc_to_subordinates),
		cmocka_unit_test(test_attachment_names),
		cmocka_unit_test(test_attachment_note_layout),
		cmocka_unit_test(test_dat22_archive_no),
		cmocka_unit_test(test_canonical_form_is_stable_and_escapes),
		cmocka_unit_test(test_canonical_diff_names_changed_elements),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
