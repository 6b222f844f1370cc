/*
 * items.h -- service items (政务服务事项, standards.md §3.2): versions,
 * the public catalog, the form schema, 网上咨询.
 *
 * An item's JSON (API and zw_item_version_json) has: code, name,
 * item_type (行政许可, 行政确认, 行政给付, 行政裁决, 行政奖励, 其他行政权力,
 * 公共服务), org_id, org_name, version, legal_days, promised_days
 * (<= legal_days), handling_kind (即办件 | 承诺件; 即办件 has
 * promised_days 0), joint (bool) with co_orgs [{org_id, org_name, days}],
 * conditions, legal_basis [{law, article, text}], materials [{name,
 * required, originals, copies, form (纸质|电子|纸质或电子), registry
 * (""|"population"|"legal_person": the platform fetches it)}], fees
 * [{name, amount, basis}], fields [{name, label, type (text | number |
 * date | choice | id_number | uscc | region), required, options [..]
 * for choice, max}], forms [{name, file_id}], online (bool),
 * online_depth, visits, windows, hours, topics [..], audience
 * (person | enterprise | both), url ("/services/CODE").
 *
 * Output only (never accepted on input): org_name, version, url, and
 * also id (the item), version_id, status (published | withdrawn),
 * created_at (of the version), co_orgs[].org_name, materials[].code
 * (实施编码 + 3-digit sequence, as the national export's materialcode),
 * forms[].url (the public download /services/CODE/forms/N, N from 1).
 * fees[].amount is a decimal string in yuan with two decimals ("0.00").
 *
 * Rules that need storage for their messages (an index, a field's
 * label) format them into a per-thread buffer: the strings a call puts
 * in why stay valid until the next call of this module on the thread.
 */
#ifndef ZW_ITEMS_H
#define ZW_ITEMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "org/org.h"
#include "store/db.h"

/* Create an item (version 1) or, when code exists, a new version.
 * in is the JSON above (without org_name/url/version).  Needs
 * items.manage; org_id must lie in who's data scope (and, for a new
 * version, the item's present org too: ZW_EPERM otherwise).  A new
 * version does not change the item's status.  Audit: item.create or
 * item.version. */
int zw_item_save(zw_conn *c, const struct zw_actor *who, json_t *in,
    int64_t *item_id, int *version, struct zw_why *why);

/* The current version of a published item by code.  ZW_ENOTFOUND when
 * unknown or withdrawn.  OUT: *version_id, *out (new reference). */
int zw_item_current(zw_conn *c, const char *code, int64_t *item_id,
    int64_t *version_id, json_t **out);

/* One stored version by its id (what a running application uses). */
int zw_item_version_json(zw_conn *c, int64_t version_id, json_t **out);

/* Validate an application form against a version's "fields" schema:
 * unknown keys, required fields, types (ID number by GB 11643, USCC by
 * GB 32100, region by GB/T 2260, date YYYY-MM-DD, number, choice in
 * options, text length).  ZW_EINVAL with why naming the field (field =
 * "form.NAME") and a Chinese message. */
int zw_item_form_check(const json_t *fields, const json_t *form,
    struct zw_why *why);

/* --- Reference lists (for pages and validation) --- */

/* 事项类型, NULL-terminated. */
extern const char *const zw_item_types[];
/* Topics: 个人 life events and 法人 topics; audience person|enterprise. */
struct zw_item_topic {
	const char *name;
	const char *audience;
};
extern const struct zw_item_topic zw_item_topics[];
extern const size_t zw_item_topics_count;
/* 网办深度: value and its Chinese description, NULL-terminated. */
struct zw_item_depth {
	const char *value;	/* "一级" .. "四级" */
	const char *label;	/* "四级（全程网办）" */
};
extern const struct zw_item_depth zw_item_depths[];

/* --- Catalog and versions --- */

struct zw_item_filter {
	int64_t org_id;		/* 0 = any */
	const char *item_type;	/* NULL or "" = any (same below) */
	const char *topic;
	const char *audience;	/* person: person + both; enterprise alike */
	const char *q;		/* part of the name */
	/* NULL: the public catalog (published items only).  Else the items
	 * of organizations in this actor's data scope, withdrawn included
	 * unless status says otherwise. */
	const struct zw_actor *staff;
	const char *status;	/* with staff: published | withdrawn | NULL */
};

/* Items by id; each the current version's summary (code, name,
 * item_type, org_id, org_name, version, legal_days, promised_days,
 * handling_kind, joint, online, online_depth, visits, topics, audience,
 * status, url).  OUT: *items, *next (-1 at the end). */
int zw_item_list(zw_conn *c, const struct zw_item_filter *f, int64_t limit,
    int64_t cursor, json_t **items, int64_t *next);

/* One item by code; version 0 = the current one.  Withdrawn items are
 * visible only to who with items.manage and the item's org in scope
 * (who may be NULL: anonymous).  ZW_ENOTFOUND otherwise. */
int zw_item_get(zw_conn *c, const struct zw_actor *who, const char *code,
    int version, json_t **out);

/* The versions of an item, newest first: [{version, version_id, name,
 * legal_days, promised_days, created_at, created_by_name, current}]. */
int zw_item_versions(zw_conn *c, const struct zw_actor *who,
    const char *code, json_t **out);

/* Withdraw (published = false: hidden from the catalog and from
 * zw_item_current) or publish again.  items.manage, org in scope.
 * ZW_ESTATE when already in that state.  Audit: item.withdraw,
 * item.publish. */
/* Keep the item's row of the public site search in step with its
 * status and current version (search/sitesearch.h). */
int zw_item_site_sync(zw_conn *c, int64_t item_id);
int zw_item_set_status(zw_conn *c, const struct zw_actor *who,
    const char *code, bool published, struct zw_why *why);

/* The blank form number n (from 1) of a published item's current
 * version.  OUT: *file_id, name (its title, copied, size bytes). */
int zw_item_form_file(zw_conn *c, const char *code, int n, int64_t *file_id,
    char *name, size_t size);

/* The catalog's facets: {"orgs":[{id, name, count}], "topics":[{name,
 * audience, count}], "total"}: published items only. */
int zw_item_facets(zw_conn *c, json_t **out);

/* --- 网上咨询 (consultations) --- */

/* A logged-in user (any kind) asks about a published item.  At most
 * ZW_ITEM_QUESTIONS_PER_DAY a day per user and item (why code
 * too_many_questions).  Audit: item.question.  OUT: *id. */
int zw_question_ask(zw_conn *c, const struct zw_actor *who, const char *code,
    const char *question, int64_t *id, struct zw_why *why);

/* May who handle the questions of the item's organization?  (staff with
 * approvals.handle whose data scope holds the item's org.) */
bool zw_question_staff(zw_conn *c, const struct zw_actor *who,
    int64_t item_org_id);

/* Questions on one item, newest first.  The public (and staff of other
 * organizations) see only answered, published ones (the FAQ); staff of
 * the item's org see all, with the asker's name.  OUT: *staff_view. */
int zw_question_list_item(zw_conn *c, const struct zw_actor *who,
    const char *code, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next, bool *staff_view);

/* Questions on the items of organizations in who's scope (who has
 * approvals.handle).  status: unanswered | answered | NULL/"" = all. */
int zw_question_list_staff(zw_conn *c, const struct zw_actor *who,
    const char *status, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next);

/* Answer (or correct the answer of) a question; publish puts it in
 * the item's FAQ.  Staff of the item's org only (ZW_ENOTFOUND
 * otherwise).  Audit: item.answer. */
int zw_question_answer(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *answer, bool publish, struct zw_why *why);

/* One question as staff of its item's org see it. */
int zw_question_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);

#endif
