/*
 * rules.c -- the rules of 党政机关公文 as pure functions (standards.md
 * §1 and §2): the 15 文种 of 条例 第八条, 密级 and 紧急程度, the
 * 发文字号 of GB/T 9704 §7.2.5, 附件说明 (§7.3.4), the 行文规则 of
 * 条例 第十五条, the DA/T 22 档号, and the canonical byte string that the
 * electronic seal signs.
 *
 * Nothing here touches the database, the clock or the network; every
 * check answers ZW_OK or ZW_EINVAL with a zw_why whose strings are
 * static.  Text is UTF-8 and is validated before any character is
 * looked at.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "crypto/sm3.h"
#include "documents/rules.h"

/* 条例 第八条, in the order of the article. */
const char *const zw_doc_types[ZW_DOC_TYPES] = {
	"决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知",
	"通报", "报告", "请示", "批复", "议案", "函", "纪要"
};

#define DOC_NO_FIELD	"doc_no"
#define ATT_FIELD	"attachments"
#define YEAR_MIN	1949	/* earliest year a 发文字号 or 档号 may carry */
#define YEAR_MAX	9999

/*
 * Decode the code point at s[i] of a string already checked with
 * zw_utf8_valid().  OUT: *cp.  Returns the length of its sequence
 * (at least 1, so loops always advance).
 */
static size_t
cp_at(const char *s, size_t n, size_t i, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s + i;
	size_t len, k;
	uint32_t v;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xf0) {
		len = 4;
		v = p[0] & 0x07u;
	} else if (p[0] >= 0xe0) {
		len = 3;
		v = p[0] & 0x0fu;
	} else {
		len = 2;
		v = p[0] & 0x1fu;
	}
	if (len > n - i) {	/* cannot happen on valid input */
		*cp = 0xfffd;
		return 1;
	}
	for (k = 1; k < len; k++)
		v = (v << 6) | (p[k] & 0x3fu);
	*cp = v;
	return len;
}

/* CJK Unified Ideographs and Extension A: what a 机关代字 is made of. */
static bool
is_han(uint32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf);
}

/* Put the buffer back to an earlier length (undo a partial append). */
static void
buf_truncate(zw_buf *b, size_t len)
{
	if (b->p == NULL)
		return;
	b->len = len;
	b->p[len] = '\0';
}

int
zw_doc_type_index(const char *type)
{
	int i;

	if (type == NULL)
		return -1;
	if (strcmp(type, "令") == 0)
		type = "命令";
	for (i = 0; i < ZW_DOC_TYPES; i++)
		if (strcmp(type, zw_doc_types[i]) == 0)
			return i;
	return -1;
}

/*
 * 条例 第十五条 and the hints of standards.md §1.1: 请示 and 报告 go up,
 * 函 goes across, 意见 may go any way and is treated as ANY, the
 * announcement-like types and 议案/纪要 have no fixed direction.  An
 * unknown type has no direction either (ANY); callers check the type
 * with zw_doc_check_type() first.
 */
enum zw_doc_direction
zw_doc_direction(const char *type)
{
	switch (zw_doc_type_index(type)) {
	case 1:		/* 决定 */
	case 2:		/* 命令 */
	case 7:		/* 通知 */
	case 8:		/* 通报 */
	case 11:	/* 批复 */
		return ZW_DIR_DOWN;
	case 9:		/* 报告 */
	case 10:	/* 请示 */
		return ZW_DIR_UP;
	case 13:	/* 函 */
		return ZW_DIR_LATERAL;
	default:	/* 决议 公报 公告 通告 意见 议案 纪要, unknown */
		return ZW_DIR_ANY;
	}
}

int
zw_doc_check_type(const char *type, struct zw_why *why)
{
	if (type == NULL || *type == '\0') {
		ZW_WHY(why, "required", "请选择文种（条例 第八条）", "doc_type");
		return ZW_EINVAL;
	}
	if (zw_doc_type_index(type) < 0) {
		ZW_WHY(why, "invalid_type",
		    "文种应为条例第八条规定的15种之一：决议、决定、命令（令）、"
		    "公报、公告、通告、意见、通知、通报、报告、请示、批复、议案、"
		    "函、纪要", "doc_type");
		return ZW_EINVAL;
	}
	return ZW_OK;
}

/*
 * 密级 (保守国家秘密法): this platform is an unclassified network, so
 * only 非密 (or no marking) is accepted.  Any marking that starts with a
 * secret level, with or without a period ("机密★5年"), is refused with
 * its own code so the caller can explain where such documents go.
 */
int
zw_doc_check_secrecy(const char *secrecy, struct zw_why *why)
{
	static const char *const levels[] = { "秘密", "机密", "绝密" };
	size_t i;

	if (secrecy == NULL || *secrecy == '\0' ||
	    strcmp(secrecy, "非密") == 0)
		return ZW_OK;
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		if (strncmp(secrecy, levels[i], strlen(levels[i])) == 0) {
			ZW_WHY(why, "classified",
			    "本平台仅处理非涉密公文：秘密、机密、绝密公文须通过"
			    "物理隔离的涉密网络办理（保守国家秘密法）", "secrecy");
			return ZW_EINVAL;
		}
	}
	ZW_WHY(why, "invalid_secrecy", "密级应为“非密”或留空", "secrecy");
	return ZW_EINVAL;
}

/* 紧急程度 of a document (GB/T 9704 §7.2.3): none, 加急 or 特急. */
int
zw_doc_check_urgency(const char *urgency, struct zw_why *why)
{
	if (urgency == NULL || *urgency == '\0' ||
	    strcmp(urgency, "加急") == 0 || strcmp(urgency, "特急") == 0)
		return ZW_OK;
	ZW_WHY(why, "invalid_urgency",
	    "紧急程度应为“特急”“加急”或留空（GB/T 9704 §7.2.3）", "urgency");
	return ZW_EINVAL;
}

/* True if [s, s+n) is 1..ZW_DOC_PREFIX_CHARS Han characters. */
static bool
prefix_ok(const char *s, size_t n)
{
	size_t i = 0, chars = 0;
	uint32_t cp;

	if (n == 0 || !zw_utf8_valid(s, n))
		return false;
	while (i < n) {
		i += cp_at(s, n, i, &cp);
		if (!is_han(cp) || ++chars > ZW_DOC_PREFIX_CHARS)
			return false;
	}
	return true;
}

int
zw_doc_no_format(const char *prefix, int year, int64_t seq, char *out,
    size_t size)
{
	int w;

	if (prefix == NULL || !prefix_ok(prefix, strlen(prefix)) ||
	    year < YEAR_MIN || year > YEAR_MAX || seq < 1 || out == NULL)
		return ZW_EINVAL;
	w = snprintf(out, size, "%s〔%d〕%lld号", prefix, year,
	    (long long)seq);
	if (w < 0 || (size_t)w >= size) {
		if (size > 0)
			out[0] = '\0';
		return ZW_ETOOBIG;
	}
	return ZW_OK;
}

/* Brackets people type instead of 〔〕 (U+3014/U+3015). */
static bool
is_wrong_open(uint32_t cp)
{
	switch (cp) {
	case '[': case '(': case '{': case '<':
	case 0xff08:	/* （ */
	case 0xff3b:	/* ［ */
	case 0xff5b:	/* ｛ */
	case 0x3010:	/* 【 */
	case 0x3016:	/* 〖 */
	case 0x3018:	/* 〘 */
	case 0x3008:	/* 〈 */
	case 0xfe5d:	/* ﹝ small tortoise shell, the usual look-alike */
		return true;
	default:
		return false;
	}
}

static bool
is_wrong_close(uint32_t cp)
{
	switch (cp) {
	case ']': case ')': case '}': case '>':
	case 0xff09:	/* ） */
	case 0xff3d:	/* ］ */
	case 0xff5d:	/* ｝ */
	case 0x3011:	/* 】 */
	case 0x3017:	/* 〗 */
	case 0x3019:	/* 〙 */
	case 0x3009:	/* 〉 */
	case 0xfe5e:	/* ﹞ */
		return true;
	default:
		return false;
	}
}

#define OPEN_6	0x3014u		/* 〔 */
#define CLOSE_6	0x3015u		/* 〕 */

static int
doc_no_fail(struct zw_why *why, const char *code, const char *msg)
{
	ZW_WHY(why, code, msg, DOC_NO_FIELD);
	return ZW_EINVAL;
}

/*
 * Walk a 发文字号 left to right: Han prefix, 〔, four digits, 〕, serial,
 * 号.  The first thing out of place decides the code, so that
 * "〔2004〕9号" is a bad prefix and "冀政办[2004]9号" bad brackets.
 */
int
zw_doc_no_parse(const char *no, char *prefix_out, size_t prefix_size,
    int *year, int64_t *seq, struct zw_why *why)
{
	static const char m_format[] =
	    "发文字号格式应为“机关代字〔年份〕序号号”，如“国发〔2018〕1号”"
	    "（GB/T 9704 §7.2.5）";
	static const char m_prefix[] =
	    "发文字号应以1至20个汉字的机关代字开头（GB/T 9704 §7.2.5）";
	static const char m_brackets[] =
	    "发文字号的年份应使用六角括号〔〕，不能使用[]、()或（）"
	    "（GB/T 9704 §7.2.5）";
	size_t n, i, plen, nhan = 0, ystart, yend, sstart;
	int64_t y, s;
	uint32_t cp;

	if (no == NULL || *no == '\0')
		return doc_no_fail(why, "required", "发文字号不能为空");
	n = strlen(no);
	if (!zw_utf8_valid(no, n))
		return doc_no_fail(why, "bad_format", m_format);

	/* 机关代字 */
	for (i = 0; i < n; nhan++) {
		size_t len = cp_at(no, n, i, &cp);

		if (!is_han(cp))
			break;
		i += len;
	}
	plen = i;
	if (i == n)
		return doc_no_fail(why, "bad_format", m_format);
	i += cp_at(no, n, i, &cp);
	if (cp != OPEN_6 && !is_wrong_open(cp)) {
		/* Something not Han before a bracket: a bad 机关代字. */
		while (i < n) {
			i += cp_at(no, n, i, &cp);
			if (cp == OPEN_6 || is_wrong_open(cp))
				return doc_no_fail(why, "bad_prefix", m_prefix);
		}
		return doc_no_fail(why, "bad_format", m_format);
	}
	if (nhan == 0 || nhan > ZW_DOC_PREFIX_CHARS)
		return doc_no_fail(why, "bad_prefix", m_prefix);
	if (cp != OPEN_6)
		return doc_no_fail(why, "bad_brackets", m_brackets);

	/* 〔年份〕 */
	ystart = i;
	for (;;) {
		size_t len;

		if (i >= n)
			return doc_no_fail(why, "bad_format", m_format);
		len = cp_at(no, n, i, &cp);
		if (cp == CLOSE_6 || is_wrong_close(cp))
			break;
		i += len;
	}
	yend = i;
	i += cp_at(no, n, i, &cp);
	if (cp != CLOSE_6)
		return doc_no_fail(why, "bad_brackets", m_brackets);
	if (yend - ystart != 4 ||
	    zw_parse_i64n(no + ystart, 4, YEAR_MIN, YEAR_MAX, &y) != ZW_OK ||
	    no[ystart] < '0' || no[ystart] > '9')
		return doc_no_fail(why, "bad_format",
		    "发文字号的年份应为完整的四位阿拉伯数字，如〔2018〕"
		    "（GB/T 9704 §7.2.5）");

	/* 序号 + 号 */
	if (strncmp(no + i, "第", strlen("第")) == 0)
		return doc_no_fail(why, "has_di",
		    "发文字号的序号前不加“第”字（GB/T 9704 §7.2.5）");
	sstart = i;
	while (i < n && no[i] >= '0' && no[i] <= '9')
		i++;
	if (i == sstart)
		return doc_no_fail(why, "bad_format", m_format);
	if (no[sstart] == '0' && i - sstart > 1)
		return doc_no_fail(why, "leading_zero",
		    "发文字号的序号不编虚位，应写“1号”而非“01号”"
		    "（GB/T 9704 §7.2.5）");
	if (zw_parse_i64n(no + sstart, i - sstart, 1, INT64_MAX, &s) != ZW_OK)
		return doc_no_fail(why, "bad_format",
		    "发文字号的序号应为从1开始的阿拉伯数字（GB/T 9704 §7.2.5）");
	if (strcmp(no + i, "号") != 0)
		return doc_no_fail(why, "bad_format", m_format);

	if (prefix_out != NULL) {
		if (prefix_size <= plen)
			return ZW_ETOOBIG;
		memcpy(prefix_out, no, plen);
		prefix_out[plen] = '\0';
	}
	if (year != NULL)
		*year = (int)y;
	if (seq != NULL)
		*seq = s;
	return ZW_OK;
}

/* Marks a 附件 name may not end with (GB/T 9704 §7.3.4). */
static bool
is_trailing_punct(uint32_t cp)
{
	switch (cp) {
	case '.': case ',': case ';': case ':': case '!': case '?':
	case 0x3002:	/* 。 */
	case 0xff0c:	/* ， */
	case 0xff1b:	/* ； */
	case 0xff1a:	/* ： */
	case 0x3001:	/* 、 */
	case 0xff01:	/* ！ */
	case 0xff1f:	/* ？ */
	case 0xff0e:	/* ． */
	case 0xff61:	/* ｡ */
		return true;
	default:
		return false;
	}
}

static int
att_fail(struct zw_why *why, const char *code, const char *msg)
{
	ZW_WHY(why, code, msg, ATT_FIELD);
	return ZW_EINVAL;
}

/*
 * One 附件 name: a single line of at most ZW_DOC_ATTACHMENT_CHARS
 * characters, no path separators, no punctuation at the end.  Closing
 * quotes and brackets may end a name (关于“某某”的说明》 is fine).
 */
int
zw_doc_check_attachment_name(const char *name, struct zw_why *why)
{
	size_t n, i, chars = 0;
	uint32_t cp = 0;
	bool blank = true;

	if (name == NULL || *name == '\0')
		return att_fail(why, "required", "附件名称不能为空");
	n = strlen(name);
	if (!zw_utf8_valid(name, n))
		return att_fail(why, "bad_encoding", "附件名称不是有效的UTF-8文本");
	for (i = 0; i < n; chars++) {
		i += cp_at(name, n, i, &cp);
		/* C0 (tab and newline too: 附件说明 is one line per name),
		 * DEL, C1 and the Unicode line and paragraph separators. */
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
		    cp == 0x2028 || cp == 0x2029)
			return att_fail(why, "control_chars",
			    "附件名称不能包含换行或控制字符");
		if (cp == '/' || cp == '\\')
			return att_fail(why, "path_separator",
			    "附件名称不能包含“/”或“\\”");
		if (cp != ' ' && cp != 0x3000)
			blank = false;
	}
	if (blank)
		return att_fail(why, "required", "附件名称不能为空");
	if (chars > ZW_DOC_ATTACHMENT_CHARS)
		return att_fail(why, "too_long", "附件名称不能超过100个字符");
	if (is_trailing_punct(cp))	/* cp is the last character */
		return att_fail(why, "trailing_punct",
		    "附件名称后不加标点符号（GB/T 9704 §7.3.4）");
	return ZW_OK;
}

/*
 * 附件说明 (GB/T 9704 §7.3.4).  The block as a whole sits two characters
 * in from the left; that indent is the renderer's business, not part of
 * the text.  Inside the text, lines after the first start with three
 * U+3000 IDEOGRAPHIC SPACEs, the width of "附件：" (two Han characters
 * and a full-width colon), so every "N." stands under "1." and every
 * name starts under the first character of the first name.  Half-width
 * digits are not padded: from "10." on the name moves half a character
 * right, as in printed documents.  Appends to out; on failure out is as
 * it was.
 */
int
zw_doc_attachment_note(const char *const *names, size_t n, zw_buf *out)
{
	size_t start, i;
	int rc = ZW_OK;

	if (out == NULL || (n > 0 && names == NULL))
		return ZW_EINVAL;
	for (i = 0; i < n; i++)
		if (zw_doc_check_attachment_name(names[i], NULL) != ZW_OK)
			return ZW_EINVAL;
	if (n == 0)
		return ZW_OK;
	start = out->len;
	if (n == 1)
		rc = zw_buf_printf(out, "附件：%s", names[0]);
	for (i = 0; n > 1 && i < n && rc == ZW_OK; i++)
		rc = zw_buf_printf(out, "%s%zu.%s",
		    i == 0 ? "附件：" : "\n\u3000\u3000\u3000", i + 1, names[i]);
	if (rc != ZW_OK)
		buf_truncate(out, start);
	return rc;
}

/*
 * 行文规则 (条例 第十五条).  Checked in this order: the type, 请示's single
 * 主送 (一文一事, one superior), a 主送 at all (纪要 and the public
 * announcements 公报/公告/通告 may have none), the 签发人 of an upward
 * document (GB/T 9704 §7.2.6), and no 抄送 to subordinates on the way up.
 * 报告 may name more than one superior: the article says "原则上" for
 * upward documents in general; only 请示 is held to exactly one.
 * cc_is_subordinate may be NULL, meaning no cc is a subordinate.
 */
int
zw_doc_check_routing(const char *type, size_t n_main, size_t n_cc,
    const bool *cc_is_subordinate, bool has_signer, struct zw_why *why)
{
	int t, rc;
	size_t i;

	if ((rc = zw_doc_check_type(type, why)) != ZW_OK)
		return rc;
	t = zw_doc_type_index(type);
	if (strcmp(zw_doc_types[t], "请示") == 0 && n_main != 1) {
		ZW_WHY(why, "qingshi_one_main",
		    "请示应当一文一事，只能主送一个上级机关（条例 第十五条）",
		    "main_to");
		return ZW_EINVAL;
	}
	if (n_main == 0 && strcmp(zw_doc_types[t], "纪要") != 0 &&
	    strcmp(zw_doc_types[t], "公报") != 0 &&
	    strcmp(zw_doc_types[t], "公告") != 0 &&
	    strcmp(zw_doc_types[t], "通告") != 0) {
		ZW_WHY(why, "main_required", "请填写主送机关（GB/T 9704 §7.3.2）",
		    "main_to");
		return ZW_EINVAL;
	}
	if (zw_doc_direction(type) != ZW_DIR_UP)
		return ZW_OK;
	if (!has_signer) {
		ZW_WHY(why, "signer_required",
		    "上行文应当标注签发人（GB/T 9704 §7.2.6）", "signer");
		return ZW_EINVAL;
	}
	for (i = 0; cc_is_subordinate != NULL && i < n_cc; i++) {
		if (cc_is_subordinate[i]) {
			ZW_WHY(why, "cc_subordinate",
			    "上行文不得抄送下级机关（条例 第十五条）", "cc_to");
			return ZW_EINVAL;
		}
	}
	return ZW_OK;
}

bool
zw_doc_retention_valid(const char *retention)
{
	return retention != NULL && (strcmp(retention, "Y") == 0 ||
	    strcmp(retention, "D30") == 0 || strcmp(retention, "D10") == 0);
}

/* 1..16 ASCII letters and digits: a 全宗号 or 机构(问题)代码. */
static bool
code_ok(const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0')
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (i >= 16 || !((c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* 档号 (DA/T 22-2015): fonds-WS·year-retention-dept-item, WS = 文书. */
int
zw_doc_archive_no(const char *fonds, int year, const char *retention,
    const char *dept, int64_t item, char *out, size_t size,
    struct zw_why *why)
{
	int w;

	if (!code_ok(fonds)) {
		ZW_WHY(why, "invalid_fonds",
		    "全宗号应为1至16位字母或数字（DA/T 22）", "fonds");
		return ZW_EINVAL;
	}
	if (year < YEAR_MIN || year > YEAR_MAX) {
		ZW_WHY(why, "invalid_year", "年度应为四位年份（DA/T 22）", "year");
		return ZW_EINVAL;
	}
	if (!zw_doc_retention_valid(retention)) {
		ZW_WHY(why, "invalid_retention",
		    "保管期限应为Y（永久）、D30（定期30年）或D10（定期10年）",
		    "retention");
		return ZW_EINVAL;
	}
	if (!code_ok(dept)) {
		ZW_WHY(why, "invalid_dept",
		    "机构（问题）代码应为1至16位字母或数字（DA/T 22）", "dept");
		return ZW_EINVAL;
	}
	if (item < 1 || item > 9999) {
		ZW_WHY(why, "invalid_item", "件号应在1至9999之间（DA/T 22）",
		    "item");
		return ZW_EINVAL;
	}
	if (out == NULL)
		return ZW_EINVAL;
	w = snprintf(out, size, "%s-WS\u00b7%d-%s-%s-%04lld", fonds, year,
	    retention, dept, (long long)item);
	if (w < 0 || (size_t)w >= size) {
		if (size > 0)
			out[0] = '\0';
		return ZW_ETOOBIG;
	}
	return ZW_OK;
}

/*
 * Canonical form.  Every element is one "key: value\n" line; values
 * escape "\" as "\\" and a newline as "\n", so the encoding is
 * injective and a line never spills.  The only free-text fields that
 * share a line with other data (recipient and attachment names) come
 * last on it, after fields that hold no spaces.
 */

/* The element keys, in the order they are written. */
static const char *const canon_keys[] = {
	"id", "doc_no", "doc_type", "secrecy", "urgency", "issuer",
	"issuer_org_id", "signer", "title", "body_sm3", "attachment_note",
	"written_on", "annotation", "printed_by", "printed_on", "main_to",
	"cc_to", "issued_at"
};

static int
put_escaped(zw_buf *b, const char *v)
{
	const char *run;
	int rc = ZW_OK;

	if (v == NULL)
		return ZW_OK;
	for (run = v; *v != '\0' && rc == ZW_OK; v++) {
		if (*v != '\\' && *v != '\n')
			continue;
		if ((rc = zw_buf_append(b, run, (size_t)(v - run))) == ZW_OK)
			rc = zw_buf_puts(b, *v == '\\' ? "\\\\" : "\\n");
		run = v + 1;
	}
	if (rc == ZW_OK)
		rc = zw_buf_append(b, run, (size_t)(v - run));
	return rc;
}

static int
put_line(zw_buf *b, const char *key, const char *v)
{
	int rc;

	if ((rc = zw_buf_printf(b, "%s: ", key)) != ZW_OK ||
	    (rc = put_escaped(b, v)) != ZW_OK)
		return rc;
	return zw_buf_putc(b, '\n');
}

static int
put_int_line(zw_buf *b, const char *key, int64_t v)
{
	return zw_buf_printf(b, "%s: %lld\n", key, (long long)v);
}

/* Exactly 64 lowercase hex digits, as zw_sm3_hex() writes them. */
static bool
sm3hex_ok(const char *h)
{
	size_t i;

	if (h == NULL)
		return false;
	for (i = 0; i < 64; i++)
		if (!((h[i] >= '0' && h[i] <= '9') ||
		    (h[i] >= 'a' && h[i] <= 'f')))
			return false;
	return h[64] == '\0';
}

/*
 * Append the canonical form of d to out.  ZW_EINVAL if an attachment
 * hash is not 64 lowercase hex digits or a size is negative (either
 * would make the attachment line ambiguous); buffer errors pass
 * through.  On failure out is as it was.
 */
int
zw_doc_canonical(const struct zw_doc_canon *d, zw_buf *out)
{
	char bodyhex[65];
	size_t start, i;
	int rc;

	if (d == NULL || out == NULL || (d->nrcpt > 0 && d->rcpt == NULL) ||
	    (d->natt > 0 && d->att == NULL))
		return ZW_EINVAL;
	for (i = 0; i < d->natt; i++)
		if (!sm3hex_ok(d->att[i].sm3hex) || d->att[i].size < 0)
			return ZW_EINVAL;
	start = out->len;
	zw_sm3_hex(d->body != NULL ? d->body : "",
	    d->body != NULL ? strlen(d->body) : 0, bodyhex);
	if ((rc = zw_buf_puts(out, "zhengwu-document-seal v1\n")) != ZW_OK ||
	    (rc = put_int_line(out, "id", d->id)) != ZW_OK ||
	    (rc = put_line(out, "doc_no", d->doc_no)) != ZW_OK ||
	    (rc = put_line(out, "doc_type", d->doc_type)) != ZW_OK ||
	    (rc = put_line(out, "secrecy", d->secrecy)) != ZW_OK ||
	    (rc = put_line(out, "urgency", d->urgency)) != ZW_OK ||
	    (rc = put_line(out, "issuer", d->issuer)) != ZW_OK ||
	    (rc = put_int_line(out, "issuer_org_id", d->issuer_org_id)) !=
	    ZW_OK ||
	    (rc = put_line(out, "signer", d->signer)) != ZW_OK ||
	    (rc = put_line(out, "title", d->title)) != ZW_OK ||
	    (rc = put_line(out, "body_sm3", bodyhex)) != ZW_OK ||
	    (rc = put_line(out, "attachment_note", d->attachment_note)) !=
	    ZW_OK ||
	    (rc = put_line(out, "written_on", d->written_on)) != ZW_OK ||
	    (rc = put_line(out, "annotation", d->annotation)) != ZW_OK ||
	    (rc = put_line(out, "printed_by", d->printed_by)) != ZW_OK ||
	    (rc = put_line(out, "printed_on", d->printed_on)) != ZW_OK)
		goto out;
	/* 主送 before 抄送, each in the order given. */
	for (i = 0; i < 2 * d->nrcpt; i++) {
		const struct zw_doc_canon_rcpt *r = &d->rcpt[i % d->nrcpt];

		if (r->cc != (i >= d->nrcpt))
			continue;
		if ((rc = zw_buf_printf(out, "%s: %lld ",
		    r->cc ? "cc_to" : "main_to", (long long)r->org_id)) !=
		    ZW_OK || (rc = put_escaped(out, r->name)) != ZW_OK ||
		    (rc = zw_buf_putc(out, '\n')) != ZW_OK)
			goto out;
	}
	for (i = 0; i < d->natt; i++) {
		const struct zw_doc_canon_att *a = &d->att[i];

		if ((rc = zw_buf_printf(out, "attachment %zu: %s %lld ", i + 1,
		    a->sm3hex, (long long)a->size)) != ZW_OK ||
		    (rc = put_escaped(out, a->name)) != ZW_OK ||
		    (rc = zw_buf_putc(out, '\n')) != ZW_OK)
			goto out;
	}
	rc = put_int_line(out, "issued_at", d->issued_at);
out:
	if (rc != ZW_OK)
		buf_truncate(out, start);
	return rc;
}

/* One line of a canonical string, and where it stands. */
struct cline {
	const char *key;	/* up to ": ", or the whole line */
	size_t klen;
	const char *p;		/* the whole line, without "\n" */
	size_t n;
	size_t pos;		/* line number */
};

/* Split s into lines; fills out[] when not NULL.  Returns the count. */
static size_t
split_lines(const char *s, size_t len, struct cline *out)
{
	size_t i = 0, count = 0;

	while (s != NULL && i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - (s + i)) : len - i;

		if (out != NULL) {
			struct cline *c = &out[count];
			size_t k;

			c->p = c->key = s + i;
			c->n = c->klen = n;
			c->pos = count;
			for (k = 0; k + 1 < n; k++) {
				if (s[i + k] == ':' && s[i + k + 1] == ' ') {
					c->klen = k;
					break;
				}
			}
		}
		count++;
		i += n + 1;
	}
	return count;
}

static int
key_cmp(const struct cline *a, const struct cline *b)
{
	size_t n = a->klen < b->klen ? a->klen : b->klen;
	int c = memcmp(a->key, b->key, n);

	if (c != 0)
		return c;
	return (a->klen > b->klen) - (a->klen < b->klen);
}

static int
cline_cmp(const void *x, const void *y)
{
	const struct cline *a = x, *b = y;
	int c = key_cmp(a, b);

	if (c != 0)
		return c;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int
order_cmp(const void *x, const void *y)
{
	const struct cline *a = x, *b = y;

	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* End of the run of lines with the key of v[i]. */
static size_t
group_end(const struct cline *v, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && key_cmp(&v[i], &v[j]) == 0)
		j++;
	return j;
}

/*
 * Compare two canonical strings element by element.  Lines are grouped
 * by key (main_to and cc_to repeat; their k-th lines are compared in
 * order) with a sort, so a document with many recipients costs
 * O(n log n).  A key is reported once, in the order it first appears
 * in a, then keys found only in b.  Names are static strings for the
 * fixed elements; others ("attachment 2") are copied into scratch,
 * which is reset first ("?" if scratch is NULL or full).  Returns the
 * number of differing elements; at most max of them go into names.
 */
size_t
zw_doc_canon_diff(const char *a, size_t alen, const char *b,
    size_t blen, const char **names, size_t max, zw_buf *scratch)
{
	struct cline *la, *lb, *diff;
	size_t na, nb, nd = 0, i = 0, j = 0, k, *offs;

	na = split_lines(a, alen, NULL);
	nb = split_lines(b, blen, NULL);
	la = zw_calloc(na + 1, sizeof(*la));
	lb = zw_calloc(nb + 1, sizeof(*lb));
	diff = zw_calloc(na + nb + 1, sizeof(*diff));
	split_lines(a, alen, la);
	split_lines(b, blen, lb);
	for (k = 0; k < nb; k++)
		lb[k].pos += na;	/* b-only keys sort after a's */
	qsort(la, na, sizeof(*la), cline_cmp);
	qsort(lb, nb, sizeof(*lb), cline_cmp);

	while (i < na || j < nb) {
		int c;

		if (i == na)
			c = 1;
		else if (j == nb)
			c = -1;
		else
			c = key_cmp(&la[i], &lb[j]);
		if (c < 0) {
			diff[nd++] = la[i];
			i = group_end(la, na, i);
		} else if (c > 0) {
			diff[nd++] = lb[j];
			j = group_end(lb, nb, j);
		} else {
			size_t ie = group_end(la, na, i);
			size_t je = group_end(lb, nb, j);
			bool same = ie - i == je - j;

			for (k = 0; same && k < ie - i; k++)
				same = la[i + k].n == lb[j + k].n &&
				    memcmp(la[i + k].p, lb[j + k].p,
				    la[i + k].n) == 0;
			if (!same)
				diff[nd++] = la[i];
			i = ie;
			j = je;
		}
	}
	qsort(diff, nd, sizeof(*diff), order_cmp);

	/*
	 * Copy the names that need it, remembering offsets: scratch may
	 * move while it grows, so pointers are taken only at the end.
	 */
	offs = zw_calloc(nd + 1, sizeof(*offs));
	if (scratch != NULL)
		zw_buf_reset(scratch);
	for (k = 0; k < nd && k < max; k++) {
		size_t s;

		offs[k] = SIZE_MAX;
		names[k] = "?";
		for (s = 0; s < sizeof(canon_keys) / sizeof(canon_keys[0]); s++)
			if (strlen(canon_keys[s]) == diff[k].klen &&
			    memcmp(canon_keys[s], diff[k].key,
			    diff[k].klen) == 0)
				names[k] = canon_keys[s];
		if (names[k][0] != '?' || scratch == NULL)
			continue;
		s = scratch->len;
		if (zw_buf_append(scratch, diff[k].key, diff[k].klen) ==
		    ZW_OK && zw_buf_putc(scratch, '\0') == ZW_OK)
			offs[k] = s;
		else
			buf_truncate(scratch, s);
	}
	for (k = 0; k < nd && k < max; k++)
		if (offs[k] != SIZE_MAX)
			names[k] = scratch->p + offs[k];
	zw_free(offs);
	zw_free(diff);
	zw_free(la);
	zw_free(lb);
	return nd;
}
