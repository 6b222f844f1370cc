/*
 * documents.h -- 电子公文: drafting, review (审核, 会签), 签发, 复核/登记/
 * 核发 with the SM2 electronic seal, exchange (公文交换) through an
 * outbox to every 主送 and 抄送 organization, 签收/退回/办结 by the
 * recipients, 催办 by the sender, and 归档 with a DA/T 22 档号.
 *
 * Status of a document: draft -> reviewing -> reviewed -> signed ->
 * issued -> archived; a reviewer may send it back (returned, editable
 * again by the drafter).  Status of a delivery: pending (未签收) ->
 * received (已签收) -> completed (已办结), or returned (已退回).
 * No HTTP here; every state change writes its audit event and its
 * 办文单 step in the same transaction.
 */
#ifndef ZW_DOCUMENTS_H
#define ZW_DOCUMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/limits.h"
#include "base/err.h"
#include "base/workday.h"
#include "org/org.h"
#include "store/db.h"


struct zw_doc_in {
	const char *doc_type;
	const char *title;
	const char *body;
	const char *urgency;	/* "", 加急, 特急 */
	const char *secrecy;	/* 非密 only */
	const char *annotation;	/* 附注 */
	const char *issuer_name;	/* 发文机关署名; default: the org's name */
	int64_t signer_id;	/* 签发人 (0 = none yet) */
	int64_t handling_days;	/* urgent documents: working days to handle */
	const int64_t *main_to;
	size_t n_main;
	const int64_t *cc_to;
	size_t n_cc;
	const int64_t *attachments;	/* file ids */
	size_t n_att;
	const int64_t *co_issuers;	/* 联合行文: other issuing organizations */
	size_t n_co;
};

/* Draft a document in who's organization. OUT: *id. */
int zw_doc_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_doc_in *in, int64_t *id, struct zw_why *why);
/* Replace a draft's elements (drafter only; draft or returned); the
 * body's previous version is kept. */
int zw_doc_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_doc_in *in, struct zw_why *why);
/* Submit for review to the given users (same org: 审核; another org:
 * 会签).  No reviewers: straight to 签发. */
int zw_doc_submit(zw_conn *c, const struct zw_actor *who, int64_t id,
    const int64_t *reviewers, size_t n, struct zw_why *why);
int zw_doc_review(zw_conn *c, const struct zw_actor *who, int64_t id,
    bool approved, const char *comment, struct zw_why *why);
/* 签发 (documents.sign_off; the designated signer when one is named). */
int zw_doc_sign_off(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *opinion, struct zw_why *why);
/* 复核, 登记 (发文字号 without gaps), 核发: seal with the org's SM2 key
 * and deliver to every recipient, in one transaction. */
int zw_doc_issue(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *datadir, const unsigned char *master_key,
    const zw_calendar *cal, struct zw_why *why);
/* 归档: retention Y, D30 or D10; OUT: archive_no (档号). */
int zw_doc_archive(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *retention, char *archive_no, size_t size,
    struct zw_why *why);

/* The document with its elements, recipients, attachments, steps,
 * reviews and deliveries.  Visible to the drafting organization's data
 * scope, its reviewers and signer, and its recipients once issued. */
int zw_doc_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
int zw_doc_list(zw_conn *c, const struct zw_actor *who, const char *status,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next);
/* Seal verification per API.md, plus "signature_valid" and
 * "mismatches" (the elements that no longer match what was signed). */
int zw_doc_verification(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *datadir, json_t **out);

/* The archive package (tar, see package.c) of an issued or archived
 * document; ZW_ECRYPTO when a stored attachment was altered. */
struct zw_buf;
int zw_doc_package(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *datadir, struct zw_buf *out);

/* Deliveries to who's organization (收文), filtered by status, urgency
 * (加急, 特急, or "urgent" for either) and overdue (open, past due). */
struct zw_inbox_filter {
	const char *status;
	const char *urgency;
	bool overdue;
};

int zw_inbox_list(zw_conn *c, const struct zw_actor *who,
    const struct zw_inbox_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next);
/* 签收 (with 登记: a 收文编号 per organization and year). */
int zw_delivery_receive(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why);
int zw_delivery_return(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reason, struct zw_why *why);
int zw_delivery_complete(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why);
/* 催办 by the sending organization. */
int zw_delivery_urge(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why);

/* 拟办意见 (instruction false) or a leader's 批示 (true). */
int zw_delivery_note(zw_conn *c, const struct zw_actor *who, int64_t id,
    bool instruction, const char *text, struct zw_why *why);
/* 承办: one 主办 (lead, 0 = none), 协办 (assist) and 传阅 (readers), all
 * of the receiving organization or below.  办结 waits for the 主办. */
int zw_delivery_assign(zw_conn *c, const struct zw_actor *who, int64_t id,
    int64_t lead, const int64_t *assist, size_t nassist,
    const int64_t *readers, size_t nreaders, struct zw_why *why);
/* The assigned person's part is done (主办 needs an opinion). */
int zw_delivery_task_done(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *opinion, struct zw_why *why);
/* One delivery with tasks and handling log (its organization, or a
 * person assigned to it). */
int zw_delivery_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
/* The person's to-do list: {"deliveries","reviews","sign_off"}. */
int zw_my_tasks(zw_conn *c, const struct zw_actor *who, json_t **out);

#endif
