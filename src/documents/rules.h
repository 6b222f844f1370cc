/*
 * rules.h -- the rules of 党政机关公文 as pure functions (no database, no
 * HTTP), each citing its source in ../shared/domain/standards.md §1–2:
 *   条例 第八条 (the 15 文种), 第九条 / GB/T 9704 §7 (elements),
 *   GB/T 9704 §7.2.5 (发文字号), §7.3.5 (成文日期 display), 条例 第十五条
 *   (行文规则), DA/T 22 (档号), 保守国家秘密法 (密级).
 * Every check returns ZW_OK or ZW_EINVAL with why = {code, Chinese
 * message naming the rule, field}.
 */
#ifndef ZW_DOC_RULES_H
#define ZW_DOC_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"

/* 条例 第八条: exactly these 15, in this order. */
#define ZW_DOC_TYPES 15
extern const char *const zw_doc_types[ZW_DOC_TYPES];

/* Direction of a document type (条例 第十五条 and §1.1 hints). */
enum zw_doc_direction {
	ZW_DIR_DOWN = 0,	/* 下行文: 决定, 命令(令), 通知, 通报, 批复 */
	ZW_DIR_UP = 1,		/* 上行文: 请示, 报告 (签发人 required) */
	ZW_DIR_LATERAL = 2,	/* 平行文: 函 */
	ZW_DIR_ANY = 3		/* 意见, 纪要, 公报, 公告, 通告, 决议, 议案 */
};

/* Index of a type in zw_doc_types, or -1 (accepts "命令" and "令"). */
int zw_doc_type_index(const char *type);
enum zw_doc_direction zw_doc_direction(const char *type);
/* Empty → "required"; not one of the 15 (or 令) → "invalid_type";
 * field "doc_type".  (Unknown types have direction ZW_DIR_ANY.) */
int zw_doc_check_type(const char *type, struct zw_why *why);

/* 密级: only 非密 (or empty) passes; 秘密/机密/绝密 (with or without a
 * period like "机密★5年") are refused with a message that classified
 * documents belong on a separate secret network (保守国家秘密法). */
int zw_doc_check_secrecy(const char *secrecy, struct zw_why *why);
/* 紧急程度 (GB/T 9704 §7.2.3): "", 加急, 特急. */
int zw_doc_check_urgency(const char *urgency, struct zw_why *why);

/* 发文字号 (GB/T 9704 §7.2.5): 机关代字 + 〔YYYY〕 + serial (no 第, no
 * leading zero) + 号.  Format one; OUT: out.  ZW_EINVAL on a bad part,
 * ZW_ETOOBIG if size is short (ZW_DOC_NO_SIZE always suffices). */
#define ZW_DOC_PREFIX_CHARS	20	/* Han characters of a 机关代字 */
#define ZW_DOC_PREFIX_SIZE	(ZW_DOC_PREFIX_CHARS * 3 + 1)	/* bytes */
#define ZW_DOC_NO_SIZE		96	/* bytes of a formatted 发文字号 + NUL */
int zw_doc_no_format(const char *prefix, int year, int64_t seq, char *out,
    size_t size);
/* Parse/validate one: ^(\p{Han}+)〔(\d{4})〕([1-9]\d*)号$.  OUT: the parts
 * (prefix copied into prefix_out, may be NULL; any OUT may be NULL).
 * Han = U+4E00..U+9FFF and U+3400..U+4DBF, 1..20 of them; year
 * 1949..9999.  why->code (field "doc_no"): required, bad_prefix,
 * bad_brackets ([] () （） 【】 ﹝﹞ …), has_di, leading_zero, bad_format
 * (anything else, including a year not written as four digits).
 * ZW_ETOOBIG if prefix_size is short (ZW_DOC_PREFIX_SIZE suffices). */
int zw_doc_no_parse(const char *no, char *prefix_out, size_t prefix_size,
    int *year, int64_t *seq, struct zw_why *why);

/* Attachment names (GB/T 9704 §7.3.4 附件说明): non-empty, no trailing
 * punctuation (。，；：、.,;: etc.), no path separators or control
 * characters, at most 100 characters.  why->code (field "attachments"):
 * required, bad_encoding, control_chars, path_separator, too_long,
 * trailing_punct. */
#define ZW_DOC_ATTACHMENT_CHARS	100
int zw_doc_check_attachment_name(const char *name, struct zw_why *why);
/* 附件说明 text: "附件：1.名称\n　　　2.名称" (three U+3000 so "2." stands
 * under "1."; one name: "附件：名称").  Appends to out; n == 0 appends
 * nothing.  ZW_EINVAL if a name fails the check above; out unchanged
 * on failure. */
int zw_doc_attachment_note(const char *const *names, size_t n, zw_buf *out);

/*
 * 行文规则 for a document going from an organization:
 *   - 请示: exactly one 主送 (一文一事, one superior) (条例 第十五条);
 *   - upward documents (请示, 报告) need a 签发人 (GB/T 9704 §7.2.6);
 *   - an upward document is never copied (抄送) to a subordinate of the
 *     sender (条例 第十五条).
 * is_subordinate[i] tells whether cc_to[i] lies below the sender.
 */
int zw_doc_check_routing(const char *type, size_t n_main, size_t n_cc,
    const bool *cc_is_subordinate, bool has_signer, struct zw_why *why);

/* 档号 (DA/T 22-2015 §2.3): 全宗号-WS·年度-保管期限-机构代码-件号, 件号
 * 4 digits zero-padded, e.g. "Z109-WS·2015-Y-BGS-0001".  retention is
 * one of "Y" (永久), "D30" (定期30年), "D10" (定期10年).  fonds and dept
 * are [A-Za-z0-9]{1,16}, year 1949..9999, item 1..9999.  why->code:
 * invalid_fonds, invalid_year, invalid_retention, invalid_dept,
 * invalid_item; ZW_ETOOBIG if size is short (ZW_DOC_ARCHIVE_NO_SIZE). */
#define ZW_DOC_ARCHIVE_NO_SIZE	64
int zw_doc_archive_no(const char *fonds, int year, const char *retention,
    const char *dept, int64_t item, char *out, size_t size,
    struct zw_why *why);
bool zw_doc_retention_valid(const char *retention);

/*
 * The canonical byte string that the electronic seal signs: a fixed
 * header line, then one "name: value\n" line per element in GB/T 33480
 * order with values escaped (\\ and \n), the SM3 of the body, the SM3 of
 * every attachment with its name, the recipients (main then cc, ids and
 * names), the issuing organization and the issue time.  The same input
 * always gives the same bytes; the verification endpoint returns them.
 */
struct zw_doc_canon_att {
	const char *name;
	const char *sm3hex;
	int64_t size;
};

struct zw_doc_canon_rcpt {
	int64_t org_id;
	const char *name;
	bool cc;
};

struct zw_doc_canon {
	int64_t id;
	const char *doc_no;
	const char *doc_type;
	const char *secrecy;
	const char *urgency;
	const char *issuer;	/* 发文机关 name */
	int64_t issuer_org_id;
	const char *signer;	/* 签发人 name */
	const char *title;
	const char *body;	/* hashed, not copied */
	const char *attachment_note;
	const char *written_on;	/* 成文日期 YYYY-MM-DD */
	const char *annotation;	/* 附注 */
	const char *printed_by;
	const char *printed_on;
	const struct zw_doc_canon_rcpt *rcpt;
	size_t nrcpt;
	const struct zw_doc_canon_att *att;
	size_t natt;
	int64_t issued_at;
};

/* Appends to out (unchanged on failure).  ZW_EINVAL if an attachment's
 * sm3hex is not 64 lowercase hex digits or its size is negative. */
int zw_doc_canonical(const struct zw_doc_canon *d, zw_buf *out);
/* Which element lines differ between two canonical strings: fills
 * names[] with the element names ("title", "body_sm3", "attachment 2",
 * …) of lines that differ.  Returns how many (0 = identical).
 * Each key once, in order of first appearance (a, then b-only keys);
 * repeated keys (main_to, cc_to) differ if any of their lines do.
 * The return value may exceed max: only the first max names are set.
 * scratch (may be NULL) is reset and holds the non-static names. */
size_t zw_doc_canon_diff(const char *a, size_t alen, const char *b,
    size_t blen, const char **names, size_t max, zw_buf *scratch);

#endif
