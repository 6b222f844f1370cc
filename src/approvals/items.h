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
 */
#ifndef ZW_ITEMS_H
#define ZW_ITEMS_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"
#include "org/org.h"
#include "store/db.h"

/* Create an item (version 1) or, when code exists, a new version.
 * in is the JSON above (without org_name/url/version). */
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

#endif
