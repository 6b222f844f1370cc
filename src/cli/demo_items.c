/*
 * demo_items.c -- the demonstration service items (政务服务事项) of
 * `init --demo`, from share/demo/items.json: a dozen items of the demo
 * departments with real legal bases, materials, fees, form fields,
 * windows and hours; two joint items (联合办理) and three 即办件.
 *
 * Codes follow the 实施编码 shape of standards.md §3.2: the implementing
 * organization's 18-character USCC, one level digit (3 city, 4 county)
 * and a 12-digit catalog code.  The catalog codes are illustrative.
 * Items go through zw_item_save like any other, so the demo obeys the
 * same rules; blank forms are uploaded as files first.  A few 网上咨询
 * questions, one answered and published, complete the picture.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/items.h"
#include "base/arena.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/json.h"
#include "files/files.h"
#include "org/org.h"
#include "web/app.h"

int zw_demo_items(struct zw_app *app, zw_conn *c, bool print);

/* Id and USCC of a demo organization by code. */
static int
org_by_code(zw_conn *c, const char *code, int64_t *id, char uscc[19])
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT id, COALESCE(uscc, '') FROM orgs "
	    "WHERE code = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_text(s, 1, code, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*id = zw_col_int(s, 0);
	snprintf(uscc, 19, "%s", zw_col_text(s, 1));
	zw_reset(s);
	return ZW_OK;
}

/* Turn one entry of items.json into zw_item_save input: code, org_id,
 * co_orgs by id, blank forms uploaded.  OUT: *in (new reference). */
static int
demo_item_input(struct zw_app *app, zw_conn *c, const struct zw_actor *who,
    json_t *e, json_t **in, struct zw_why *why)
{
	json_t *it = json_deep_copy(json_object_get(e, "item")), *v, *forms;
	char uscc[19];
	int64_t org;
	size_t i;
	int rc;

	if (it == NULL)
		return ZW_EINVAL;
	if ((rc = org_by_code(c, zw_json_str(e, "org"), &org, uscc)) != ZW_OK)
		goto fail;
	json_object_set_new(it, "org_id", json_integer(org));
	json_object_set_new(it, "code", json_sprintf("%s%s%s", uscc,
	    zw_json_str(e, "level"), zw_json_str(e, "catalog")));
	if ((v = json_object_get(e, "co_orgs")) != NULL) {
		json_t *co = json_array(), *x;

		json_array_foreach(v, i, x) {
			int64_t oid;

			if ((rc = org_by_code(c, zw_json_str(x, "org"), &oid, uscc))) {
				json_decref(co);
				goto fail;
			}
			json_array_append_new(co, json_pack("{s:I, s:I}", "org_id",
			    (json_int_t)oid, "days", (json_int_t)zw_json_int(x, "days")));
		}
		json_object_set_new(it, "co_orgs", co);
	}
	forms = json_object_get(it, "forms");
	json_array_foreach(forms, i, v) {
		const char *text = zw_json_str(v, "text");
		char sm3[65];
		int64_t fid;

		if ((rc = zw_file_create(c, who, app->datadir, zw_json_str(v, "file"),
		    "text/plain", text, strlen(text), &fid, sm3, why)) != ZW_OK)
			goto fail;
		json_object_del(v, "file");
		json_object_del(v, "text");
		json_object_set_new(v, "file_id", json_integer(fid));
	}
	*in = it;
	return ZW_OK;
fail:
	json_decref(it);
	return rc;
}

/* Questions on the first item: one answered and published (FAQ), one
 * waiting for an answer. */
static int
demo_questions(zw_conn *c, const struct zw_actor *asker,
    const struct zw_actor *clerk, const char *code, struct zw_why *why)
{
	int64_t q1, q2;
	int rc;

	if ((rc = zw_question_ask(c, asker, code, "开办一家社区便利店，只销售预包装"
	    "食品，是否需要办理食品经营许可？", &q1, why)) != ZW_OK ||
	    (rc = zw_question_answer(c, clerk, q1, "仅销售预包装食品的，不需要取得"
	    "食品经营许可，但应当在开展经营活动前向所在地县级市场监督管理部门备案"
	    "（《中华人民共和国食品安全法》第三十五条）。", true, why)) != ZW_OK ||
	    (rc = zw_question_ask(c, asker, code, "餐饮店变更经营场所地址，需要重新"
	    "申请许可还是办理变更？", &q2, why)) != ZW_OK)
		return rc;
	return ZW_OK;
}

int
zw_demo_items(struct zw_app *app, zw_conn *c, bool print)
{
	const struct zw_embed *src = zw_embed_find("share/demo/items.json");
	zw_arena *a = zw_arena_new();
	struct zw_user_ctx uw, ul, un;
	struct zw_actor leader, clerk, asker, sys = { 0 };
	struct zw_why why = { 0 };
	json_t *all = NULL, *e, *in;
	const char *first = NULL;
	json_error_t jerr;
	size_t i;
	int rc;

	sys.login = "system";
	sys.scope = ZW_SCOPE_ALL;
	sys.perms = ",items.manage,";
	if (src == NULL || (all = json_loadb((const char *)src->data, src->len, 0,
	    &jerr)) == NULL || !json_is_array(all)) {
		fprintf(stderr, "demo items: share/demo/items.json: %s\n",
		    src ? jerr.text : "missing");
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_actor_load(c, a, "wang.fang", &uw, &leader)) != ZW_OK ||
	    (rc = zw_actor_load(c, a, "liu.yang", &ul, &clerk)) != ZW_OK ||
	    (rc = zw_actor_load(c, a, "li.na", &un, &asker)) != ZW_OK ||
	    (rc = zw_tx_begin(c)) != ZW_OK)
		goto out;
	json_array_foreach(all, i, e) {
		/* the 审批局's own leader maintains its items */
		const struct zw_actor *who = strcmp(zw_json_str(e, "org"),
		    "sjz-approval") == 0 ? &leader : &sys;

		in = NULL;
		rc = demo_item_input(app, c, who, e, &in, &why);
		if (rc == ZW_OK)
			rc = zw_item_save(c, who, in, NULL, NULL, &why);
		if (rc != ZW_OK) {
			fprintf(stderr, "demo item %zu (%s): %s %s\n", i + 1,
			    zw_json_str(json_object_get(e, "item"), "name"),
			    why.message ? why.message : zw_strerror(rc),
			    why.field ? why.field : "");
			json_decref(in);
			goto out;
		}
		if (first == NULL)
			first = zw_astrdup(a, zw_json_str(in, "code"));
		json_decref(in);
	}
	if (first != NULL &&
	    (rc = demo_questions(c, &asker, &clerk, first, &why)) != ZW_OK) {
		fprintf(stderr, "demo questions: %s\n",
		    why.message ? why.message : zw_strerror(rc));
		goto out;
	}
	if ((rc = zw_tx_commit(c)) != ZW_OK)
		goto out;
	if (print)
		printf("政务服务事项：%zu 项（办事指南见 /services）\n",
		    json_array_size(all));
out:
	if (zw_in_tx(c))
		zw_tx_rollback(c);
	json_decref(all);
	zw_arena_free(a);
	return rc;
}
