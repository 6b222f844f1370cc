/*
 * item_pages.c -- the pages of service items.
 *
 * Portal (no login): /services, the catalog by department, by life
 * event / enterprise topic and by name; /services/{code}, the item's
 * 办事指南 with its FAQ, the question form for logged-in users and the
 * link to the application form (/services/{code}/apply, built by the
 * applications part); /services/{code}/forms/{n}, a blank form.
 *
 * Back office: /office/items (items.manage): the items of the
 * organizations in scope, the edit form (every save is a new version),
 * the version history, withdraw and publish; /office/questions
 * (approvals.handle): questions on the organization's items with an
 * answer form.
 *
 * The structured lists of an item are edited as one entry a line in
 * textareas, fields separated by '|' (or the full-width '｜'); see
 * LINE SYNTAX below and templates/office/item_form.html.  A bad line
 * re-renders the form with "第N行" in the message and changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/item_routes.h"
#include "approvals/items.h"
#include "approvals/items_int.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "files/files.h"
#include "org/org.h"
#include "org/routes.h"
#include "web/http.h"
#include "web/route.h"

#define MAX_PARTS 6	/* fields of the longest line (a material) */

/* --- display helpers --- */

static const char *
registry_label(const char *r)
{
	if (strcmp(r, "population") == 0)
		return "人口库";
	if (strcmp(r, "legal_person") == 0)
		return "法人库";
	return "";
}

static const char *
audience_label(const char *a)
{
	if (strcmp(a, "person") == 0)
		return "自然人";
	if (strcmp(a, "enterprise") == 0)
		return "法人";
	return "自然人、法人";
}

static const char *
depth_label(const char *d)
{
	size_t i;

	for (i = 0; zw_item_depths[i].value != NULL; i++)
		if (strcmp(zw_item_depths[i].value, d) == 0)
			return zw_item_depths[i].label;
	return "";
}

static const char *
type_label(const char *t)
{
	static const struct { const char *t, *l; } names[] = {
		{ "text", "文本" }, { "number", "数字" }, { "date", "日期" },
		{ "choice", "选择" }, { "id_number", "身份证号码" },
		{ "uscc", "统一社会信用代码" }, { "region", "行政区划代码" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].t, t) == 0)
			return names[i].l;
	return t;
}

/* "2026-03-02T09:00:00+08:00" -> "2026-03-02 09:00". */
static json_t *
short_time(const char *t)
{
	if (t == NULL || strlen(t) < 16)
		return json_string(t ? t : "");
	return json_sprintf("%.10s %.5s", t, t + 11);
}

/* Add what the 办事指南 shows beyond the API's JSON. */
static void
guide_decorate(json_t *o)
{
	json_t *e;
	size_t i;
	bool free_of_charge = true;

	json_array_foreach(json_object_get(o, "materials"), i, e)
		json_object_set_new(e, "registry_label",
		    json_string(registry_label(zw_json_str(e, "registry"))));
	json_array_foreach(json_object_get(o, "fees"), i, e)
		if (strcmp(zw_json_str(e, "amount"), "0.00") != 0)
			free_of_charge = false;
	json_array_foreach(json_object_get(o, "fields"), i, e)
		json_object_set_new(e, "type_label",
		    json_string(type_label(zw_json_str(e, "type"))));
	json_object_set_new(o, "free_of_charge", json_boolean(free_of_charge));
	json_object_set_new(o, "depth_label",
	    json_string(depth_label(zw_json_str(o, "online_depth"))));
	json_object_set_new(o, "audience_label",
	    json_string(audience_label(zw_json_str(o, "audience"))));
	json_object_set_new(o, "instant", json_boolean(strcmp(zw_json_str(o,
	    "handling_kind"), "即办件") == 0));
	json_object_set_new(o, "created_at_text",
	    short_time(zw_json_str(o, "created_at")));
}

static void
questions_decorate(json_t *items)
{
	json_t *e;
	size_t i;

	json_array_foreach(items, i, e) {
		json_object_set_new(e, "created_at_text",
		    short_time(zw_json_str(e, "created_at")));
		json_object_set_new(e, "answered_at_text",
		    short_time(json_string_value(json_object_get(e, "answered_at"))));
	}
}

/* --- portal: the catalog --- */

static void
page_catalog(zw_req *r)
{
	const char *org = zw_query(r, "org"), *topic = zw_query(r, "topic");
	const char *q = zw_query(r, "q"), *aud = zw_query(r, "audience");
	struct zw_item_filter f = { 0 };
	json_t *facets, *items, *e, *ptopics, *etopics, *ctx;
	int64_t limit, cursor, next;
	const char *sel_org = "", *more;
	size_t i;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (org != NULL && *org && zw_parse_i64(org, 1, INT64_MAX, &f.org_id)) {
		zw_fail(r, 400, "invalid_org", "部门参数无效", "org");
		return;
	}
	if (topic != NULL && *topic) {
		for (i = 0; i < zw_item_topics_count; i++)
			if (strcmp(zw_item_topics[i].name, topic) == 0)
				break;
		if (i == zw_item_topics_count) {
			zw_fail(r, 400, "invalid_topic", "主题不在目录中", "topic");
			return;
		}
		f.topic = topic;
	}
	if (aud != NULL && *aud) {
		if (strcmp(aud, "person") && strcmp(aud, "enterprise")) {
			zw_fail(r, 400, "invalid_audience", "服务对象参数无效", "audience");
			return;
		}
		f.audience = aud;
	}
	if (q != NULL && *q) {
		if (zw_text_problem(q, ZW_SEARCH_MAX_QUERY) != NULL) {
			zw_fail(r, 400, "invalid_q", "搜索词应为1至100个字符", "q");
			return;
		}
		f.q = q;
	}
	if (zw_db_conn(r) == NULL)
		return;
	if ((rc = zw_item_facets(r->db, &facets)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	if ((rc = zw_item_list(r->db, &f, limit, cursor, &items, &next)) != ZW_OK) {
		json_decref(facets);
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	json_array_foreach(json_object_get(facets, "orgs"), i, e)
		if (zw_json_int(e, "id") == f.org_id) {
			json_object_set_new(e, "selected", json_true());
			sel_org = zw_json_str(e, "name");
		}
	ptopics = json_array();
	etopics = json_array();
	json_array_foreach(json_object_get(facets, "topics"), i, e) {
		json_object_set_new(e, "selected", json_boolean(f.topic != NULL &&
		    strcmp(f.topic, zw_json_str(e, "name")) == 0));
		json_array_append(strcmp(zw_json_str(e, "audience"), "person") == 0 ?
		    ptopics : etopics, e);
	}
	/* the query string of this page, for the next-page link */
	more = zw_aprintf(r->a, "org=%s&topic=%s&q=%s&audience=%s",
	    f.org_id > 0 ? zw_aprintf(r->a, "%lld", (long long)f.org_id) : "",
	    zw_url_encode(r->a, f.topic ? f.topic : ""),
	    zw_url_encode(r->a, f.q ? f.q : ""), f.audience ? f.audience : "");
	ctx = json_pack("{s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:b, s:s}",
	    "orgs", json_incref(json_object_get(facets, "orgs")),
	    "person_topics", ptopics, "enterprise_topics", etopics,
	    "items", items, "q", f.q ? f.q : "", "topic", f.topic ? f.topic : "",
	    "org_name", sel_org, "audience", f.audience ? f.audience : "",
	    "filtered", f.org_id > 0 || f.topic || f.q || f.audience, "more", more);
	json_object_set_new(ctx, "total", json_incref(json_object_get(facets,
	    "total")));
	json_object_set_new(ctx, "next", next >= 0 ? json_integer(next) : json_null());
	json_decref(facets);
	zw_render(r, 200, "portal/services.html", ctx);
}

/* --- portal: one item's 办事指南 --- */

static const char *
path_code(zw_req *r)
{
	const char *code = r->params[0];

	if (code == NULL || *code == '\0' || strlen(code) > ZW_MAX_CODE) {
		zw_fail(r, 404, "not_found", "事项不存在", NULL);
		return NULL;
	}
	return code;
}

/* Render the guide of code (version 0 = current), with err and the
 * question being asked when a question was refused. */
static void
render_guide(zw_req *r, int status, const char *code, int version,
    const char *err, const char *question)
{
	struct zw_actor who;
	json_t *o, *faq = NULL, *versions = NULL, *ctx, *e;
	int64_t next;
	bool staff = false;
	size_t i;
	int rc;

	zw_req_actor(r, &who);
	if ((rc = zw_item_get(r->db, &who, code, version, &o)) != ZW_OK) {
		zw_fail_rc(r, rc, version > 0 ? "事项或版本不存在" : "事项不存在", NULL);
		return;
	}
	guide_decorate(o);
	if (zw_question_list_item(r->db, &who, code, ZW_LIST_DEFAULT, 0, &faq, &next,
	    &staff) != ZW_OK)
		faq = json_array();
	questions_decorate(faq);
	if (zw_item_versions(r->db, &who, code, &versions) != ZW_OK)
		versions = json_array();
	json_array_foreach(versions, i, e)
		json_object_set_new(e, "created_at_text",
		    short_time(zw_json_str(e, "created_at")));
	ctx = json_pack("{s:o, s:o, s:o, s:b, s:b, s:b, s:s}", "it", o, "faq", faq,
	    "versions", versions, "asked", zw_query(r, "asked") != NULL,
	    "staff_view", staff, "can_manage", zw_has_perm(r, "items.manage"),
	    "question", question ? question : "");
	if (err != NULL)
		json_object_set_new(ctx, "error", json_string(err));
	zw_render(r, status, "portal/service.html", ctx);
}

static void
page_guide(zw_req *r)
{
	const char *code, *v = zw_query(r, "version");
	int64_t version = 0;

	if ((code = path_code(r)) == NULL)
		return;
	if (v != NULL && zw_parse_i64(v, 1, 1000000, &version) != ZW_OK) {
		zw_fail(r, 404, "not_found", "事项或版本不存在", NULL);
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	render_guide(r, 200, code, (int)version, NULL, NULL);
}

static void
page_form_download(zw_req *r)
{
	const char *code;
	char name[ZW_MAX_NAME * 4 + 1];
	json_t *meta = NULL;
	int64_t n, fid;
	void *p = NULL;
	size_t len = 0;
	int rc;

	if ((code = path_code(r)) == NULL || !zw_path_id(r, 1, &n) ||
	    zw_db_conn(r) == NULL)
		return;
	if (n > ZW_ITEM_MAX_FORMS ||
	    zw_item_form_file(r->db, code, (int)n, &fid, name, sizeof(name)) != ZW_OK) {
		zw_fail(r, 404, "not_found", "表格不存在", NULL);
		return;
	}
	/* blank forms are public: the item's page links them to everyone */
	rc = zw_file_read(r->db, NULL, r->app->datadir, fid, &meta, &p, &len);
	if (rc == ZW_ECRYPTO) {
		zw_fail(r, 500, "integrity", "表格文件已被篡改，无法提供下载", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_fail_rc(r, rc, "表格不存在", NULL);
		return;
	}
	zw_buf_reset(&r->out);
	rc = zw_buf_append(&r->out, p, len);
	zw_free(p);
	if (rc != ZW_OK) {
		json_decref(meta);
		zw_fail(r, 500, "too_large", "响应过大", NULL);
		return;
	}
	r->status = 200;
	r->ctype = zw_astrdup(r->a, zw_json_str(meta, "content_type"));
	zw_set_header(r, "Content-Disposition", zw_aprintf(r->a,
	    "attachment; filename*=UTF-8''%s", zw_url_encode(r->a,
	    zw_json_str(meta, "filename"))));
	json_decref(meta);
}

/* POST /services/{code}/questions: a logged-in user asks. */
static void
page_ask(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *code, *q, *err = NULL;
	int64_t id;
	zw_conn *c;
	int rc;

	if ((code = path_code(r)) == NULL || zw_db_conn(r) == NULL)
		return;
	if (!zw_form_str(r, "question", true, ZW_ITEM_MAX_QUESTION, &q, &err)) {
		render_guide(r, 422, code, 0, zw_aprintf(r->a, "咨询内容：%s", err),
		    zw_form(r, "question"));
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_question_ask(c, &who, code, q, &id, &why)) != ZW_OK) {
		zw_tx_rollback(c);
		if (rc == ZW_ENOTFOUND) {
			zw_fail(r, 404, "not_found", "事项不存在", NULL);
			return;
		}
		render_guide(r, strcmp(why.code ? why.code : "", "too_many_questions") ?
		    422 : 429, code, 0, why.message ? why.message : "提交失败", q);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/services/%s?asked=1#questions",
		    zw_url_encode(r->a, code)));
}

/* --- LINE SYNTAX: the item form's list textareas ---
 *
 *   设定依据  法律法规名称|条款|条文内容
 *   申请材料  名称|是否必要|原件份数|复印件份数|材料形式|调取来源
 *   收费项目  名称|金额（元）|收费依据
 *   表单字段  字段名|显示名称|类型|是否必填|选项（、分隔）或最大值
 *   协办部门  机构编码|办理时限（工作日）
 *   空白表格  表格名称|文件编号
 *
 * Blank lines are skipped; trailing fields may be left out (defaults:
 * 必要, 1 份原件, 0 份复印件, 纸质或电子, 不调取; 非必填).  The last field
 * of 设定依据 and 收费项目 takes the rest of the line, '|' included.
 */

struct line {
	int no;			/* 1-based line number in the textarea */
	char *part[MAX_PARTS];
	int n;
};

/* Trim ASCII and ideographic spaces at both ends (in place). */
static char *
trim(char *s)
{
	char *e;

	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		else if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
		    (unsigned char)s[2] == 0x80)
			s += 3;
		else
			break;
	}
	e = s + strlen(s);
	for (;;) {
		if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		else if (e - s >= 3 && (unsigned char)e[-3] == 0xE3 &&
		    (unsigned char)e[-2] == 0x80 && (unsigned char)e[-1] == 0x80) {
			e -= 3;
			*e = '\0';
		} else
			break;
	}
	return s;
}

/* Split s at '|' or '｜' into at most max parts (the last keeps the
 * rest).  OUT: l->part, l->n. */
static void
split(char *s, int max, struct line *l)
{
	char *p = s;

	l->n = 0;
	l->part[l->n++] = s;
	while (*p && l->n < max) {
		if (*p == '|') {
			*p = '\0';
			l->part[l->n++] = p + 1;
			p++;
		} else if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBD &&
		    (unsigned char)p[2] == 0x9C) {
			*p = '\0';
			l->part[l->n++] = p + 3;
			p += 3;
		} else
			p++;
	}
	for (int i = 0; i < l->n; i++)
		l->part[i] = trim(l->part[i]);
}

/* ctx: what the parser of one list needs (the organizations for
 * 协办部门), else NULL. */
typedef bool (*line_fn)(zw_req *r, const struct line *l, json_t *out,
    const char **err, const json_t *ctx);

/*
 * Parse a textarea: each non-blank line through fn, which appends to
 * out.  label names the list in messages ("申请材料第3行：...").
 * false with *err (arena) on the first bad line.
 */
static bool
parse_lines(zw_req *r, const char *key, const char *label, int max_parts,
    size_t max_entries, line_fn fn, const json_t *ctx, json_t *out,
    const char **err)
{
	const char *text = zw_form(r, key);
	char *copy, *line, *next;
	const char *why;
	int no = 0;

	if (text == NULL || *text == '\0')
		return true;
	if (strlen(text) > ZW_ITEM_MAX_TEXTAREA) {
		*err = zw_aprintf(r->a, "%s内容过长", label);
		return false;
	}
	if ((why = zw_text_problem(text, ZW_ITEM_MAX_TEXTAREA)) != NULL) {
		*err = zw_aprintf(r->a, "%s%s", label, why);
		return false;
	}
	copy = zw_astrdup(r->a, text);
	for (line = copy; line != NULL; line = next) {
		struct line l;
		const char *e = NULL;
		char *t;

		no++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		t = trim(line);
		if (*t == '\0')
			continue;
		if (json_array_size(out) >= max_entries) {
			*err = zw_aprintf(r->a, "%s最多%zu项", label, max_entries);
			return false;
		}
		l.no = no;
		split(t, max_parts, &l);
		if (!fn(r, &l, out, &e, ctx)) {
			*err = zw_aprintf(r->a, "%s第%d行：%s", label, no, e);
			return false;
		}
	}
	return true;
}

/* 是/否 and friends; dflt for "". */
static bool
yes_no(const char *s, bool dflt, bool *out)
{
	static const char *const yes[] = { "是", "必要", "必须", "必填", "required",
		"true", "1", "y", "yes", NULL };
	static const char *const no[] = { "否", "非必要", "可选", "选填", "optional",
		"false", "0", "n", "no", NULL };
	size_t i;

	if (*s == '\0') {
		*out = dflt;
		return true;
	}
	for (i = 0; yes[i] != NULL; i++)
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
	for (i = 0; no[i] != NULL; i++)
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	return false;
}

static const char *
part(const struct line *l, int i)
{
	return i < l->n ? l->part[i] : "";
}

static bool
line_basis(zw_req *r, const struct line *l, json_t *out, const char **err,
    const json_t *ctx)
{
	(void)r;
	(void)ctx;
	if (*part(l, 0) == '\0') {
		*err = "请填写法律法规名称";
		return false;
	}
	json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "law", part(l, 0),
	    "article", part(l, 1), "text", part(l, 2)));
	return true;
}

static bool
line_material(zw_req *r, const struct line *l, json_t *out, const char **err,
    const json_t *ctx)
{
	const char *reg = part(l, 5);
	int64_t originals = 1, copies = 0;
	bool required;
	json_t *o;

	(void)r;
	(void)ctx;
	if (*part(l, 0) == '\0') {
		*err = "请填写材料名称";
		return false;
	}
	if (!yes_no(part(l, 1), true, &required)) {
		*err = "“是否必要”应为是或否";
		return false;
	}
	if (*part(l, 2) && zw_parse_i64(part(l, 2), 0, ZW_ITEM_MAX_COPIES, &originals)) {
		*err = "原件份数应为0到99之间的整数";
		return false;
	}
	if (*part(l, 3) && zw_parse_i64(part(l, 3), 0, ZW_ITEM_MAX_COPIES, &copies)) {
		*err = "复印件份数应为0到99之间的整数";
		return false;
	}
	if (strcmp(reg, "人口库") == 0)
		reg = "population";
	else if (strcmp(reg, "法人库") == 0)
		reg = "legal_person";
	else if (*reg && strcmp(reg, "population") && strcmp(reg, "legal_person")) {
		*err = "调取来源应为空、人口库或法人库";
		return false;
	}
	o = json_pack("{s:s, s:b, s:I, s:I, s:s}", "name", part(l, 0), "required",
	    required, "originals", (json_int_t)originals, "copies",
	    (json_int_t)copies, "registry", reg);
	if (*part(l, 4))
		json_object_set_new(o, "form", json_string(part(l, 4)));
	json_array_append_new(out, o);
	return true;
}

static bool
line_fee(zw_req *r, const struct line *l, json_t *out, const char **err,
    const json_t *ctx)
{
	(void)r;
	(void)ctx;
	if (*part(l, 0) == '\0') {
		*err = "请填写收费项目名称";
		return false;
	}
	json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "name", part(l, 0),
	    "amount", *part(l, 1) ? part(l, 1) : "0", "basis", part(l, 2)));
	return true;
}

static const char *
type_from_text(const char *s)
{
	static const struct { const char *alias, *type; } names[] = {
		{ "text", "text" }, { "文本", "text" },
		{ "number", "number" }, { "数字", "number" },
		{ "date", "date" }, { "日期", "date" },
		{ "choice", "choice" }, { "选择", "choice" },
		{ "id_number", "id_number" }, { "身份证号码", "id_number" },
		{ "身份证号", "id_number" },
		{ "uscc", "uscc" }, { "统一社会信用代码", "uscc" },
		{ "region", "region" }, { "行政区划", "region" },
		{ "行政区划代码", "region" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].alias, s) == 0)
			return names[i].type;
	return NULL;
}

/* Options "甲、乙、丙" (also ',' '，' ';' '；') as an array. */
static json_t *
split_options(zw_req *r, const char *s)
{
	static const char *const seps[] = { "、", "，", "；", ",", ";", NULL };
	json_t *arr = json_array();
	char *copy = zw_astrdup(r->a, s), *p = copy, *start = copy;

	for (;;) {
		size_t i, n = 0;

		for (i = 0; seps[i] != NULL; i++)
			if (strncmp(p, seps[i], strlen(seps[i])) == 0) {
				n = strlen(seps[i]);
				break;
			}
		if (*p == '\0' || n > 0) {
			char end = *p;
			char *t;

			*p = '\0';
			t = trim(start);
			if (*t)
				json_array_append_new(arr, json_string(t));
			if (end == '\0')
				break;
			p += n;
			start = p;
		} else
			p++;
	}
	return arr;
}

static bool
line_field(zw_req *r, const struct line *l, json_t *out, const char **err,
    const json_t *ctx)
{
	const char *type = type_from_text(part(l, 2)), *extra = part(l, 4);
	bool required;
	json_t *o;

	(void)ctx;
	if (*part(l, 0) == '\0' || *part(l, 1) == '\0') {
		*err = "请填写字段名和显示名称";
		return false;
	}
	if (type == NULL) {
		*err = "类型应为文本、数字、日期、选择、身份证号码、统一社会信用代码或"
		    "行政区划代码（或 text、number、date、choice、id_number、uscc、"
		    "region）";
		return false;
	}
	if (!yes_no(part(l, 3), false, &required)) {
		*err = "“是否必填”应为是或否";
		return false;
	}
	o = json_pack("{s:s, s:s, s:s, s:b}", "name", part(l, 0), "label",
	    part(l, 1), "type", type, "required", required);
	if (strcmp(type, "choice") == 0)
		json_object_set_new(o, "options", split_options(r, extra));
	else if (*extra) {
		int64_t mx;

		if (strcmp(type, "text") && strcmp(type, "number")) {
			json_decref(o);
			*err = "只有文本和数字字段可以在第5栏设置最大值";
			return false;
		}
		if (zw_parse_i64(extra, -999999999999999LL, 999999999999999LL, &mx)) {
			json_decref(o);
			*err = "最大值应为整数";
			return false;
		}
		json_object_set_new(o, "max", json_integer(mx));
	}
	json_array_append_new(out, o);
	return true;
}

/* A co-department by organization code; ctx: the organizations. */
static bool
line_co_org(zw_req *r, const struct line *l, json_t *out, const char **err,
    const json_t *ctx)
{
	json_t *e = NULL;
	int64_t days;
	size_t i;

	(void)r;
	json_array_foreach(ctx, i, e)
		if (strcmp(zw_json_str(e, "code"), part(l, 0)) == 0)
			break;
	if (e == NULL || i == json_array_size(ctx)) {
		*err = "机构编码不存在";
		return false;
	}
	if (zw_parse_i64(part(l, 1), 1, ZW_ITEM_JOINT_MAX_DAYS, &days)) {
		*err = "办理时限应为1到45之间的工作日数";
		return false;
	}
	json_array_append_new(out, json_pack("{s:I, s:I}", "org_id",
	    (json_int_t)zw_json_int(e, "id"), "days", (json_int_t)days));
	return true;
}

static bool
line_form(zw_req *r, const struct line *l, json_t *out, const char **err,
    const json_t *ctx)
{
	int64_t fid;

	(void)r;
	(void)ctx;
	if (*part(l, 0) == '\0') {
		*err = "请填写表格名称";
		return false;
	}
	if (zw_parse_i64(part(l, 1), 1, INT64_MAX, &fid)) {
		*err = "文件编号应为正整数（上传后自动填入）";
		return false;
	}
	json_array_append_new(out, json_pack("{s:s, s:I}", "name", part(l, 0),
	    "file_id", (json_int_t)fid));
	return true;
}

/* --- the item form --- */

/* The posted form as the template's values (strings; topics an array). */
static json_t *
form_values(zw_req *r)
{
	json_t *v = json_object(), *topics = json_array();
	size_t i;

	for (i = 0; i < r->nform; i++) {
		const char *k = r->form[i].key;

		if (strcmp(k, "csrf_token") == 0)
			continue;
		if (strcmp(k, "topics") == 0)
			json_array_append_new(topics, json_string(r->form[i].val));
		else
			json_object_set_new(v, k, json_string(r->form[i].val));
	}
	json_object_set_new(v, "topics", topics);
	return v;
}

static bool
form_int(zw_req *r, const char *key, const char *label, bool required,
    int64_t min, int64_t max, json_t *in, const char **err)
{
	const char *v = zw_form(r, key);
	int64_t x;

	if (v == NULL || *v == '\0') {
		if (required) {
			*err = zw_aprintf(r->a, "请填写%s", label);
			return false;
		}
		return true;
	}
	if (zw_parse_i64(v, min, max, &x) != ZW_OK) {
		*err = zw_aprintf(r->a, "%s应为%lld到%lld之间的整数", label,
		    (long long)min, (long long)max);
		return false;
	}
	json_object_set_new(in, key, json_integer(x));
	return true;
}

/* Build zw_item_save input from the posted form.  code: the path's code
 * when editing (the form's code field is ignored then). */
static bool
item_from_form(zw_req *r, const char *code, const json_t *orgs,
    json_t *forms_extra, json_t **out, const char **err)
{
	static const char *const texts[] = { "name", "item_type", "handling_kind",
		"conditions", "online_depth", "windows", "hours", "audience", NULL };
	json_t *in = json_object(), *arr, *topics = json_array();
	size_t i;

	*out = NULL;
	json_object_set_new(in, "code", json_string(code ? code :
	    (zw_form(r, "code") ? zw_form(r, "code") : "")));
	for (i = 0; texts[i] != NULL; i++) {
		const char *v = zw_form(r, texts[i]);

		if (v != NULL && *v)
			json_object_set_new(in, texts[i], json_string(v));
	}
	if (!form_int(r, "org_id", "实施机构", true, 1, INT64_MAX, in, err) ||
	    !form_int(r, "legal_days", "法定办结时限", true, 0, ZW_ITEM_MAX_DAYS, in,
	    err) ||
	    !form_int(r, "promised_days", "承诺办结时限", true, 0, ZW_ITEM_MAX_DAYS,
	    in, err) ||
	    !form_int(r, "visits", "到现场次数", false, 0, ZW_ITEM_MAX_VISITS, in, err))
		goto fail;
	json_object_set_new(in, "online", json_boolean(zw_form(r, "online") != NULL));
	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, "topics") == 0)
			json_array_append_new(topics, json_string(r->form[i].val));
	json_object_set_new(in, "topics", topics);

#define LIST(key, label, parts, max, fn) do { \
	arr = json_array(); \
	json_object_set_new(in, key, arr); \
	if (!parse_lines(r, key "_text", label, parts, max, fn, orgs, arr, err)) \
		goto fail; \
} while (0)
	LIST("legal_basis", "设定依据", 3, ZW_ITEM_MAX_BASIS, line_basis);
	LIST("materials", "申请材料", 6, ZW_ITEM_MAX_MATERIALS, line_material);
	LIST("fees", "收费项目", 3, ZW_ITEM_MAX_FEES, line_fee);
	LIST("fields", "表单字段", 5, ZW_ITEM_MAX_FIELDS, line_field);
	LIST("co_orgs", "协办部门", 2, ZW_ITEM_MAX_CO_ORGS, line_co_org);
	LIST("forms", "空白表格", 2, ZW_ITEM_MAX_FORMS, line_form);
#undef LIST
	if (forms_extra != NULL)
		json_array_extend(json_object_get(in, "forms"), forms_extra);
	*out = in;
	return true;
fail:
	json_decref(in);
	return false;
}

/* Lines for the textareas from an item's JSON. */
static json_t *
item_to_values(const json_t *it, const json_t *orgs)
{
	json_t *v = json_object(), *e;
	zw_buf b;
	size_t i;
	char num[32];

	static const char *const copy[] = { "code", "name", "item_type",
		"handling_kind", "conditions", "online_depth", "windows", "hours",
		"audience", NULL };
	for (i = 0; copy[i] != NULL; i++)
		json_object_set_new(v, copy[i], json_string(zw_json_str(it, copy[i])));
	snprintf(num, sizeof(num), "%lld", (long long)zw_json_int(it, "org_id"));
	json_object_set_new(v, "org_id", json_string(num));
	snprintf(num, sizeof(num), "%lld", (long long)zw_json_int(it, "legal_days"));
	json_object_set_new(v, "legal_days", json_string(num));
	snprintf(num, sizeof(num), "%lld", (long long)zw_json_int(it, "promised_days"));
	json_object_set_new(v, "promised_days", json_string(num));
	snprintf(num, sizeof(num), "%lld", (long long)zw_json_int(it, "visits"));
	json_object_set_new(v, "visits", json_string(num));
	if (json_is_true(json_object_get(it, "online")))
		json_object_set_new(v, "online", json_string("1"));
	json_object_set_new(v, "topics", json_deep_copy(json_object_get(it, "topics")));

	zw_buf_init(&b, ZW_ITEM_MAX_TEXTAREA * 4);
#define FLUSH(key) do { \
	json_object_set_new(v, key, json_string(b.len ? b.p : "")); \
	zw_buf_reset(&b); \
} while (0)
	json_array_foreach(json_object_get(it, "legal_basis"), i, e)
		zw_buf_printf(&b, "%s|%s|%s\n", zw_json_str(e, "law"),
		    zw_json_str(e, "article"), zw_json_str(e, "text"));
	FLUSH("legal_basis_text");
	json_array_foreach(json_object_get(it, "materials"), i, e)
		zw_buf_printf(&b, "%s|%s|%lld|%lld|%s|%s\n", zw_json_str(e, "name"),
		    json_is_true(json_object_get(e, "required")) ? "是" : "否",
		    (long long)zw_json_int(e, "originals"),
		    (long long)zw_json_int(e, "copies"), zw_json_str(e, "form"),
		    registry_label(zw_json_str(e, "registry")));
	FLUSH("materials_text");
	json_array_foreach(json_object_get(it, "fees"), i, e)
		zw_buf_printf(&b, "%s|%s|%s\n", zw_json_str(e, "name"),
		    zw_json_str(e, "amount"), zw_json_str(e, "basis"));
	FLUSH("fees_text");
	json_array_foreach(json_object_get(it, "fields"), i, e) {
		const char *t = zw_json_str(e, "type");

		zw_buf_printf(&b, "%s|%s|%s|%s|", zw_json_str(e, "name"),
		    zw_json_str(e, "label"), t,
		    json_is_true(json_object_get(e, "required")) ? "是" : "否");
		if (strcmp(t, "choice") == 0) {
			json_t *o;
			size_t j;

			json_array_foreach(json_object_get(e, "options"), j, o)
				zw_buf_printf(&b, "%s%s", j ? "、" : "",
				    json_string_value(o));
		} else if (json_is_integer(json_object_get(e, "max")))
			zw_buf_printf(&b, "%lld", (long long)zw_json_int(e, "max"));
		zw_buf_putc(&b, '\n');
	}
	FLUSH("fields_text");
	json_array_foreach(json_object_get(it, "co_orgs"), i, e) {
		json_t *o;
		size_t j;
		const char *oc = "";

		json_array_foreach(orgs, j, o)
			if (zw_json_int(o, "id") == zw_json_int(e, "org_id"))
				oc = zw_json_str(o, "code");
		zw_buf_printf(&b, "%s|%lld\n", oc, (long long)zw_json_int(e, "days"));
	}
	FLUSH("co_orgs_text");
	json_array_foreach(json_object_get(it, "forms"), i, e)
		zw_buf_printf(&b, "%s|%lld\n", zw_json_str(e, "name"),
		    (long long)zw_json_int(e, "file_id"));
	FLUSH("forms_text");
#undef FLUSH
	zw_buf_free(&b);
	return v;
}

/* Options with the selected one marked: [{value, label, selected}]. */
static json_t *
options(const char *const *values, const char *const *labels, const char *sel)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; values[i] != NULL; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value",
		    values[i], "label", labels ? labels[i] : values[i], "selected",
		    sel != NULL && strcmp(sel, values[i]) == 0));
	return a;
}

static bool
value_in(const json_t *arr, const char *s)
{
	json_t *e;
	size_t i;

	json_array_foreach(arr, i, e)
		if (json_is_string(e) && strcmp(json_string_value(e), s) == 0)
			return true;
	return false;
}

/* Render the item form: values (stolen) are the fields' contents. */
static void
render_item_form(zw_req *r, int status, const char *code, json_t *values,
    const char *err)
{
	static const char *const kinds[] = { "", "即办件", "承诺件", NULL };
	static const char *const kind_labels[] = { "按承诺时限自动判断", "即办件",
		"承诺件", NULL };
	static const char *const auds[] = { "both", "person", "enterprise", NULL };
	static const char *const aud_labels[] = { "自然人、法人", "自然人", "法人",
		NULL };
	const char *depths[8], *depth_labels[8];
	struct zw_actor who;
	json_t *ctx, *orgs = NULL, *e, *topics = json_array(), *versions = NULL;
	json_t *item = NULL;
	int64_t next, sel_org = 0;
	size_t i, n = 0;

	zw_req_actor(r, &who);
	depths[n] = "";
	depth_labels[n++] = "（未设置）";
	for (i = 0; zw_item_depths[i].value != NULL && n < 7; i++) {
		depths[n] = zw_item_depths[i].value;
		depth_labels[n++] = zw_item_depths[i].label;
	}
	depths[n] = depth_labels[n] = NULL;
	if (zw_org_list(r->db, &who, NULL, ZW_LIST_MAX, 0, &orgs, &next) != ZW_OK)
		orgs = json_array();
	zw_parse_i64(zw_json_str(values, "org_id"), 1, INT64_MAX, &sel_org);
	json_array_foreach(orgs, i, e)
		json_object_set_new(e, "selected", json_boolean(zw_json_int(e, "id") ==
		    sel_org));
	for (i = 0; i < zw_item_topics_count; i++)
		json_array_append_new(topics, json_pack("{s:s, s:s, s:b}", "name",
		    zw_item_topics[i].name, "audience", strcmp(zw_item_topics[i].audience,
		    "person") == 0 ? "个人" : "法人", "checked",
		    value_in(json_object_get(values, "topics"), zw_item_topics[i].name)));
	ctx = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "form", values,
	    "orgs", orgs, "topics", topics,
	    "types", options(zw_item_types, NULL, zw_json_str(values, "item_type")),
	    "kinds", options(kinds, kind_labels, zw_json_str(values, "handling_kind")),
	    "depths", options(depths, depth_labels, zw_json_str(values, "online_depth")),
	    "audiences", options(auds, aud_labels, zw_json_str(values, "audience")));
	if (code != NULL) {
		json_object_set_new(ctx, "code", json_string(code));
		if (zw_item_versions(r->db, &who, code, &versions) == ZW_OK) {
			json_array_foreach(versions, i, e)
				json_object_set_new(e, "created_at_text",
				    short_time(zw_json_str(e, "created_at")));
			json_object_set_new(ctx, "versions", versions);
		}
		if (zw_item_get(r->db, &who, code, 0, &item) == ZW_OK)
			json_object_set_new(ctx, "item", item);
	}
	if (err != NULL)
		json_object_set_new(ctx, "error", json_string(err));
	json_object_set_new(ctx, "saved", json_boolean(zw_query(r, "saved") != NULL));
	zw_render(r, status, "office/item_form.html", ctx);
}

/* Every active organization (codes for 协办部门), or an empty list. */
static json_t *
all_orgs(zw_req *r)
{
	json_t *orgs;

	if (zw_org_list_public(r->db, &orgs) != ZW_OK)
		orgs = json_array();
	return orgs;
}

static void
page_items(zw_req *r)
{
	static const char *const sts[] = { "", "published", "withdrawn", NULL };
	static const char *const st_labels[] = { "全部", "已发布", "已撤回", NULL };
	const char *st = zw_query(r, "status"), *q = zw_query(r, "q");
	struct zw_item_filter f = { 0 };
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (st != NULL && *st && strcmp(st, "published") && strcmp(st, "withdrawn")) {
		zw_fail(r, 400, "invalid_status", "状态参数无效", "status");
		return;
	}
	if (q != NULL && *q && zw_text_problem(q, ZW_SEARCH_MAX_QUERY) != NULL) {
		zw_fail(r, 400, "invalid_q", "搜索词应为1至100个字符", "q");
		return;
	}
	if (zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	f.staff = &who;
	f.status = st && *st ? st : NULL;
	f.q = q;
	if ((rc = zw_item_list(r->db, &f, limit, cursor, &items, &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	zw_render(r, 200, "office/items.html", json_pack("{s:o, s:o, s:s, s:s, s:o}",
	    "items", items, "statuses", options(sts, st_labels, st ? st : ""),
	    "status", st ? st : "", "q", q ? q : "", "next", next >= 0 ?
	    json_integer(next) : json_null()));
}

static void
page_item_new(zw_req *r)
{
	json_t *v;

	if (zw_db_conn(r) == NULL)
		return;
	v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[]}", "item_type", "行政许可",
	    "legal_days", "20", "promised_days", "10", "visits", "0", "online", "1",
	    "topics");
	if (r->user != NULL) {
		char num[24];

		snprintf(num, sizeof(num), "%lld", (long long)r->user->org_id);
		json_object_set_new(v, "org_id", json_string(num));
	}
	render_item_form(r, 200, NULL, v, NULL);
}

static void
page_item_edit(zw_req *r)
{
	struct zw_actor who;
	const char *code;
	json_t *it, *orgs;
	int rc;

	if ((code = path_code(r)) == NULL || zw_db_conn(r) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_item_get(r->db, &who, code, 0, &it)) != ZW_OK) {
		zw_fail_rc(r, rc, "事项不存在", NULL);
		return;
	}
	orgs = all_orgs(r);
	render_item_form(r, 200, code, item_to_values(it, orgs), NULL);
	json_decref(orgs);
	json_decref(it);
}

/* Uploaded blank forms of the item form (parts named "form_file"). */
static bool
upload_forms(zw_req *r, zw_conn *c, json_t *extra, struct zw_why *why)
{
	const char *title = zw_form(r, "form_file_name");
	struct zw_actor who;
	size_t i;

	zw_req_actor(r, &who);
	for (i = 0; i < r->nparts; i++) {
		const struct zw_part *p = &r->parts[i];
		const char *name, *dot;
		char sm3[65];
		int64_t fid;

		if (strcmp(p->name, "form_file") != 0 || p->filename == NULL ||
		    *p->filename == '\0' || p->len == 0)
			continue;
		if (zw_file_create(c, &who, r->app->datadir, p->filename,
		    p->content_type, p->data, p->len, &fid, sm3, why) != ZW_OK)
			return false;
		name = title != NULL && *title ? title : p->filename;
		dot = name == p->filename ? strrchr(name, '.') : NULL;
		json_array_append_new(extra, json_pack("{s:s%, s:I}", "name", name,
		    dot ? (size_t)(dot - name) : strlen(name), "file_id",
		    (json_int_t)fid));
	}
	return true;
}

/* POST /office/items and /office/items/{code}: save a (new) version. */
static void
save_item(zw_req *r, const char *code)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *err = NULL;
	json_t *in = NULL, *extra, *orgs;
	int version = 0;
	zw_conn *c;
	int rc;

	if ((c = zw_begin(r)) == NULL)
		return;
	extra = json_array();
	orgs = all_orgs(r);
	zw_req_actor(r, &who);
	if (!upload_forms(r, c, extra, &why)) {
		err = why.message ? why.message : "上传表格失败";
		goto bad;
	}
	if (!item_from_form(r, code, orgs, extra, &in, &err))
		goto bad;
	rc = zw_item_save(c, &who, in, NULL, &version, &why);
	if (rc != ZW_OK) {
		if (rc != ZW_EINVAL && rc != ZW_EPERM && why.message == NULL) {
			json_decref(in);
			json_decref(extra);
			json_decref(orgs);
			zw_fail_rc(r, rc, NULL, NULL);
			return;
		}
		err = why.message ? why.message : "保存失败";
		goto bad;
	}
	json_decref(orgs);
	if (!zw_commit(r)) {
		json_decref(in);
		json_decref(extra);
		return;
	}
	zw_redirect(r, zw_aprintf(r->a, "/office/items/%s?saved=%d",
	    zw_url_encode(r->a, zw_json_str(in, "code")), version));
	json_decref(in);
	json_decref(extra);
	return;
bad:
	zw_tx_rollback(c);
	json_decref(in);
	json_decref(extra);
	json_decref(orgs);
	render_item_form(r, 422, code, form_values(r), err);
}

static void page_item_create(zw_req *r) { save_item(r, NULL); }

static void
page_item_update(zw_req *r)
{
	const char *code;

	if ((code = path_code(r)) != NULL)
		save_item(r, code);
}

static void
item_status_form(zw_req *r, bool publish)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *code;
	zw_conn *c;
	int rc;

	if ((code = path_code(r)) == NULL || (c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	if ((rc = zw_item_set_status(c, &who, code, publish, &why)) != ZW_OK) {
		zw_fail_why(r, rc, &why);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, zw_aprintf(r->a, "/office/items/%s",
		    zw_url_encode(r->a, code)));
}

static void page_item_withdraw(zw_req *r) { item_status_form(r, false); }
static void page_item_publish(zw_req *r) { item_status_form(r, true); }

/* --- back office: 网上咨询 --- */

static void
render_questions(zw_req *r, int status, const char *err, int64_t bad_id,
    const char *bad_answer)
{
	static const char *const sts[] = { "unanswered", "answered", "", NULL };
	static const char *const st_labels[] = { "待答复", "已答复", "全部", NULL };
	const char *st = zw_query(r, "status");
	struct zw_actor who;
	int64_t limit, cursor, next;
	json_t *items, *e;
	size_t i;
	int rc;

	if (!zw_in_page(r, &limit, &cursor))
		return;
	if (st == NULL)
		st = "unanswered";
	if (*st && strcmp(st, "unanswered") && strcmp(st, "answered")) {
		zw_fail(r, 400, "invalid_status", "状态参数无效", "status");
		return;
	}
	zw_req_actor(r, &who);
	if ((rc = zw_question_list_staff(r->db, &who, st, limit, cursor, &items,
	    &next)) != ZW_OK) {
		zw_fail_rc(r, rc, NULL, NULL);
		return;
	}
	questions_decorate(items);
	json_array_foreach(items, i, e)
		if (zw_json_int(e, "id") == bad_id) {
			json_object_set_new(e, "error", json_string(err));
			json_object_set_new(e, "answer", json_string(bad_answer ?
			    bad_answer : ""));
		}
	zw_render(r, status, "office/questions.html", json_pack("{s:o, s:o, s:s, "
	    "s:o, s:b}", "items", items, "statuses", options(sts, st_labels, st),
	    "status", st, "next", next >= 0 ? json_integer(next) : json_null(),
	    "answered", zw_query(r, "answered") != NULL));
}

static void
page_questions(zw_req *r)
{
	if (zw_db_conn(r) != NULL)
		render_questions(r, 200, NULL, 0, NULL);
}

static void
page_answer(zw_req *r)
{
	struct zw_why why = { 0 };
	struct zw_actor who;
	const char *answer, *err = NULL;
	int64_t id;
	zw_conn *c;
	int rc;

	if (!zw_path_id(r, 0, &id) || zw_db_conn(r) == NULL)
		return;
	if (!zw_form_str(r, "answer", true, ZW_ITEM_MAX_ANSWER, &answer, &err)) {
		render_questions(r, 422, zw_aprintf(r->a, "答复内容：%s", err), id,
		    zw_form(r, "answer"));
		return;
	}
	if ((c = zw_begin(r)) == NULL)
		return;
	zw_req_actor(r, &who);
	rc = zw_question_answer(c, &who, id, answer, zw_form(r, "publish") != NULL,
	    &why);
	if (rc == ZW_ENOTFOUND) {
		zw_fail(r, 404, "not_found", "咨询不存在", NULL);
		return;
	}
	if (rc != ZW_OK) {
		zw_tx_rollback(c);
		render_questions(r, 422, why.message ? why.message : "答复失败", id,
		    answer);
		return;
	}
	if (zw_commit(r))
		zw_redirect(r, "/office/questions?answered=1");
}

const struct zw_route zw_item_page_routes[] = {
	{ "GET", "/services", page_catalog, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/services/{code}", page_guide, NULL, ZW_R_PUBLIC, NULL },
	{ "GET", "/services/{code}/forms/{n}", page_form_download, NULL, ZW_R_PUBLIC,
	  NULL },
	{ "POST", "/services/{code}/questions", page_ask, NULL, 0, NULL },
	{ "GET", "/office/items", page_items, "items.manage", ZW_R_STAFF, NULL },
	{ "GET", "/office/items/new", page_item_new, "items.manage", ZW_R_STAFF, NULL },
	{ "POST", "/office/items", page_item_create, "items.manage",
	  ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "GET", "/office/items/{code}", page_item_edit, "items.manage", ZW_R_STAFF,
	  NULL },
	{ "POST", "/office/items/{code}", page_item_update, "items.manage",
	  ZW_R_STAFF | ZW_R_UPLOAD, NULL },
	{ "POST", "/office/items/{code}/withdraw", page_item_withdraw, "items.manage",
	  ZW_R_STAFF, NULL },
	{ "POST", "/office/items/{code}/publish", page_item_publish, "items.manage",
	  ZW_R_STAFF, NULL },
	{ "GET", "/office/questions", page_questions, "approvals.handle", ZW_R_STAFF,
	  NULL },
	{ "POST", "/office/questions/{id}/answer", page_answer, "approvals.handle",
	  ZW_R_STAFF, NULL },
};
const size_t zw_item_page_routes_count =
    sizeof(zw_item_page_routes) / sizeof(zw_item_page_routes[0]);
