/*
 * surveys.c -- the domain of 征集调查 (surveys.h): drafting and
 * publishing surveys, checking and storing responses, and counting
 * them.  No HTTP here; routes.c and pages.c call in.  Every state
 * change writes its audit event in the caller's transaction, and a
 * published survey keeps its row of the public site search.
 *
 * Storage (migrations/0013_surveys.sql): the questions are JSON text on
 * the survey (they never change after publication, so answers can name
 * them by position); each response is a row, and each chosen option or
 * free text a row of survey_answers, so that counting is one GROUP BY.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "search/sitesearch.h"
#include "surveys/surveys.h"
#include "web/tmpl.h"

/* A survey's row as read for rules. */
struct sv {
	int64_t id, org_id, opens_at, closes_at;
	char state[16], kind[16], org_path[256];
	int anonymous;
	json_t *questions;	/* owned */
};

#define SV_COLS "v.id, v.org_id, o.path, v.kind, v.title, v.description, " \
	"v.draft_text, v.opens_at, v.closes_at, v.anonymous, v.questions, " \
	"v.state, COALESCE(v.published_at, 0), v.created_at, v.updated_at, o.name"
#define SV_FROM " FROM surveys v JOIN orgs o ON o.id = v.org_id "

const char *
zw_survey_status(const char *state, int64_t opens_at, int64_t closes_at,
    int64_t now)
{
	if (strcmp(state, "published") != 0)
		return "draft";
	if (now < opens_at)
		return "upcoming";
	return now < closes_at ? "open" : "closed";
}

const char *
zw_survey_status_name(const char *status)
{
	if (strcmp(status, "open") == 0)
		return "进行中";
	if (strcmp(status, "closed") == 0)
		return "已结束";
	if (strcmp(status, "upcoming") == 0)
		return "未开始";
	return "草稿";
}

static bool
scope_holds(const struct zw_actor *who, const char *path, int64_t org_id)
{
	if (who == NULL || !zw_actor_can(who, "surveys.manage"))
		return false;
	switch (who->scope) {
	case ZW_SCOPE_ALL:
		return true;
	case ZW_SCOPE_ORG_TREE:
		return who->org_path != NULL && *who->org_path &&
		    strncmp(path, who->org_path, strlen(who->org_path)) == 0;
	default:
		return org_id == who->org_id && org_id > 0;
	}
}

static int
sv_load(zw_conn *c, int64_t id, struct sv *v)
{
	zw_stmt *s;
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = zw_prepare(c, "SELECT " SV_COLS SV_FROM "WHERE v.id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	v->id = id;
	v->org_id = zw_col_int(s, 1);
	snprintf(v->org_path, sizeof(v->org_path), "%s", zw_col_text(s, 2));
	snprintf(v->kind, sizeof(v->kind), "%s", zw_col_text(s, 3));
	v->opens_at = zw_col_int(s, 7);
	v->closes_at = zw_col_int(s, 8);
	v->anonymous = (int)zw_col_int(s, 9);
	v->questions = json_loads(zw_col_text(s, 10), 0, NULL);
	snprintf(v->state, sizeof(v->state), "%s", zw_col_text(s, 11));
	zw_reset(s);
	if (!json_is_array(v->questions)) {
		json_decref(v->questions);
		v->questions = json_array();
	}
	return ZW_OK;
}

/* ---- reading a survey's input ---- */

/* Text rules: valid UTF-8, no controls but \t\r\n (none at all when
 * oneline), at most max characters, not blank when required. */
static bool
text_ok(const char *s, size_t max, bool oneline, bool required)
{
	size_t n = strlen(s);

	if (!zw_utf8_valid(s, n) || zw_utf8_has_controls(s, n) ||
	    zw_utf8_chars(s, n) > max)
		return false;
	if (oneline && strpbrk(s, "\t\r\n") != NULL)
		return false;
	return !required || strspn(s, " ") < n;
}

static int
why_field(struct zw_why *why, const char *code, const char *msg,
    const char *field)
{
	ZW_WHY(why, code, msg, field);
	return ZW_EINVAL;
}

/* Field names of refusals live as long as the process: a small ring of
 * thread-local buffers (a why outlives the call that fills it). */
static const char *
fieldf(const char *what, size_t i, const char *sub)
{
	static _Thread_local char ring[4][48];
	static _Thread_local unsigned k;
	char *b = ring[k++ % 4];

	snprintf(b, sizeof(ring[0]), "%s[%zu]%s", what, i, sub);
	return b;
}

/* "第 n 题" + rest, kept as fieldf() keeps field names. */
static const char *
msgq(size_t n, const char *rest)
{
	static _Thread_local char ring[4][200];
	static _Thread_local unsigned k;
	char *b = ring[k++ % 4];

	snprintf(b, sizeof(ring[0]), "第 %zu 题%s", n, rest);
	return b;
}

/* Validate and normalize questions.  OUT: *out (new reference). */
static int
read_questions(const json_t *in, json_t **out, struct zw_why *why)
{
	const json_t *q, *o;
	size_t i, j;

	*out = NULL;
	if (!json_is_array(in) || json_array_size(in) == 0)
		return why_field(why, "questions_required", "至少需要一个问题",
		    "questions");
	if (json_array_size(in) > ZW_SURVEY_MAX_QUESTIONS)
		return why_field(why, "too_many_questions", "问题最多 50 个",
		    "questions");
	*out = json_array();
	json_array_foreach(in, i, q) {
		const char *kind = json_string_value(json_object_get(q, "kind"));
		const char *title = json_string_value(json_object_get(q, "title"));
		const json_t *opts = json_object_get(q, "options");
		const json_t *req = json_object_get(q, "required");
		json_t *nq, *nopts;
		int64_t max;

		if (!json_is_object(q) || kind == NULL || (strcmp(kind, "single") &&
		    strcmp(kind, "multiple") && strcmp(kind, "text"))) {
			json_decref(*out);
			*out = NULL;
			return why_field(why, "invalid_question_kind", msgq(i + 1, "的类型应为 single、multiple 或 text"),
			    fieldf("questions", i, ".kind"));
		}
		if (title == NULL || !text_ok(title, ZW_SURVEY_MAX_QTITLE, true, true)) {
			json_decref(*out);
			*out = NULL;
			return why_field(why, "invalid_question_title", msgq(i + 1, "的题目为空或过长（最多 300 字）"),
			    fieldf("questions", i, ".title"));
		}
		if (req != NULL && !json_is_boolean(req)) {
			json_decref(*out);
			*out = NULL;
			return why_field(why, "wrong_type", msgq(i + 1, "的 required 应为布尔值"),
			    fieldf("questions", i, ".required"));
		}
		nq = json_pack("{s:s, s:s, s:b}", "kind", kind, "title", title,
		    "required", json_is_true(req));
		json_array_append_new(*out, nq);
		if (strcmp(kind, "text") == 0) {
			const json_t *ml = json_object_get(q, "max_length");

			max = 500;
			if (ml != NULL && (!json_is_integer(ml) ||
			    json_integer_value(ml) < 1 ||
			    json_integer_value(ml) > ZW_SURVEY_MAX_TEXT)) {
				json_decref(*out);
				*out = NULL;
				return why_field(why, "invalid_max_length", msgq(i + 1, "的字数上限应为 1 到 5000"),
				    fieldf("questions", i, ".max_length"));
			}
			if (ml != NULL)
				max = json_integer_value(ml);
			json_object_set_new(nq, "max_length", json_integer(max));
			continue;
		}
		if (!json_is_array(opts) || json_array_size(opts) < 2 ||
		    json_array_size(opts) > ZW_SURVEY_MAX_OPTIONS) {
			json_decref(*out);
			*out = NULL;
			return why_field(why, "invalid_options", msgq(i + 1, "的选项应为 2 到 20 个"),
			    fieldf("questions", i, ".options"));
		}
		nopts = json_array();
		json_object_set_new(nq, "options", nopts);
		json_array_foreach(opts, j, o) {
			const char *label = json_string_value(o);

			for (size_t k = 0; label != NULL && k < j; k++)
				if (strcmp(json_string_value(json_array_get(opts, k)),
				    label) == 0)
					label = NULL;
			if (label == NULL || !text_ok(label, ZW_SURVEY_MAX_OPTION,
			    true, true)) {
				json_decref(*out);
				*out = NULL;
				return why_field(why, "invalid_option", msgq(i + 1, "有空白、重复或过长的选项"),
				    fieldf("questions", i, ".options"));
			}
			json_array_append_new(nopts, json_string(label));
		}
		if (strcmp(kind, "multiple") == 0) {
			const json_t *ms = json_object_get(q, "max_selections");

			max = (int64_t)json_array_size(opts);
			if (ms != NULL && !json_is_null(ms) && (!json_is_integer(ms) ||
			    json_integer_value(ms) < 1 || json_integer_value(ms) > max)) {
				json_decref(*out);
				*out = NULL;
				return why_field(why, "invalid_max_selections", msgq(i + 1, "的最多选择数应在 1 到选项数之间"),
				    fieldf("questions", i, ".max_selections"));
			}
			if (ms != NULL && !json_is_null(ms))
				max = json_integer_value(ms);
			json_object_set_new(nq, "max_selections", json_integer(max));
		}
	}
	return ZW_OK;
}

static const char *const survey_keys[] = { "org_id", "kind", "title",
	"description", "draft_text", "opens_at", "closes_at", "anonymous",
	"questions", NULL };

struct sv_in {
	int64_t org_id, opens_at, closes_at;
	const char *kind, *title, *description, *draft_text;
	int anonymous;
	json_t *questions;	/* owned */
};

static int
in_text(json_t *in, const char *key, size_t max, bool oneline, bool required,
    const char **out, struct zw_why *why, const char *msg)
{
	json_t *v = json_object_get(in, key);

	if (v == NULL || json_is_null(v)) {
		if (required && *out == NULL)
			return why_field(why, "required", msg, key);
		return ZW_OK;
	}
	if (!json_is_string(v) || !text_ok(json_string_value(v), max, oneline,
	    required))
		return why_field(why, "invalid_text", msg, key);
	*out = json_string_value(v);
	return ZW_OK;
}

static int
in_time(json_t *in, const char *key, int64_t *out, struct zw_why *why,
    const char *msg)
{
	json_t *v = json_object_get(in, key);

	if (v == NULL || json_is_null(v))
		return *out > 0 ? ZW_OK : why_field(why, "required", msg, key);
	if (!json_is_string(v) || zw_time_parse(json_string_value(v), out) != ZW_OK)
		return why_field(why, "invalid_time", msg, key);
	return ZW_OK;
}

/* Read in over the defaults in *v (an existing draft or zeros). */
static int
read_in(zw_conn *c, const struct zw_actor *who, json_t *in, struct sv_in *v,
    struct zw_why *why)
{
	json_t *x;
	const char *key;
	int rc;
	zw_stmt *s;

	if (!json_is_object(in))
		return why_field(why, "json_required", "请求体应为 JSON 对象", NULL);
	json_object_foreach(in, key, x) {
		size_t k;

		for (k = 0; survey_keys[k] != NULL && strcmp(survey_keys[k], key); k++)
			;
		if (survey_keys[k] == NULL)
			return why_field(why, "unknown_field", "不支持的字段", key);
	}
	if ((x = json_object_get(in, "org_id")) != NULL) {
		if (!json_is_integer(x) || json_integer_value(x) < 1)
			return why_field(why, "wrong_type", "org_id 应为机构ID", "org_id");
		v->org_id = json_integer_value(x);
	}
	if (v->org_id == 0)
		v->org_id = who->org_id;
	if ((rc = in_text(in, "kind", 16, true, false, &v->kind, why,
	    "类型应为 survey 或 consultation")))
		return rc;
	if (v->kind == NULL)
		v->kind = "survey";
	if (strcmp(v->kind, "survey") && strcmp(v->kind, "consultation"))
		return why_field(why, "invalid_kind", "类型应为 survey（调查）或 "
		    "consultation（征求意见）", "kind");
	if ((rc = in_text(in, "title", ZW_SURVEY_MAX_TITLE, true, true, &v->title,
	    why, "标题不能为空，最多 200 字")) ||
	    (rc = in_text(in, "description", ZW_SURVEY_MAX_DESC, false, false,
	    &v->description, why, "说明最多 5000 字")) ||
	    (rc = in_text(in, "draft_text", ZW_SURVEY_MAX_DRAFT, false, false,
	    &v->draft_text, why, "征求意见稿最多 100000 字")) ||
	    (rc = in_time(in, "opens_at", &v->opens_at, why,
	    "开始时间应为 RFC 3339 时间")) ||
	    (rc = in_time(in, "closes_at", &v->closes_at, why,
	    "结束时间应为 RFC 3339 时间")))
		return rc;
	if (v->closes_at <= v->opens_at)
		return why_field(why, "invalid_period", "结束时间应晚于开始时间",
		    "closes_at");
	if ((x = json_object_get(in, "anonymous")) != NULL) {
		if (!json_is_boolean(x))
			return why_field(why, "wrong_type", "anonymous 应为布尔值",
			    "anonymous");
		v->anonymous = json_is_true(x);
	}
	if ((x = json_object_get(in, "questions")) != NULL) {
		json_t *q;

		if ((rc = read_questions(x, &q, why)) != ZW_OK)
			return rc;
		json_decref(v->questions);
		v->questions = q;
	}
	if (v->questions == NULL)
		return why_field(why, "questions_required", "至少需要一个问题",
		    "questions");
	/* the organization: in the caller's reach */
	if ((rc = zw_prepare(c, "SELECT path FROM orgs WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, v->org_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : why_field(why, "unknown_org", "机构不存在",
		    "org_id");
	if (!scope_holds(who, zw_col_text(s, 0), v->org_id)) {
		zw_reset(s);
		ZW_WHY(why, "forbidden", "无权为该机构发起征集调查", "org_id");
		return ZW_EPERM;
	}
	zw_reset(s);
	return ZW_OK;
}

static int
audit(zw_conn *c, const struct zw_actor *who, const char *action, int64_t id,
    json_t *d)
{
	int rc = zw_actor_audit(c, who, action, "survey", id, "success", d);

	json_decref(d);
	return rc;
}

int
zw_survey_create(zw_conn *c, const struct zw_actor *who, json_t *in,
    int64_t *id, struct zw_why *why)
{
	struct sv_in v = { 0 };
	zw_arena *a = zw_arena_new();
	int64_t now = zw_now();
	zw_stmt *s;
	int rc;

	if (!zw_actor_can(who, "surveys.manage")) {
		ZW_WHY(why, "forbidden", "没有管理征集调查的权限", NULL);
		rc = ZW_EPERM;
		goto out;
	}
	if ((rc = read_in(c, who, in, &v, why)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "INSERT INTO surveys (org_id, kind, title, description, "
	    "draft_text, opens_at, closes_at, anonymous, questions, state, "
	    "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, 'draft', ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, v.org_id);
	zw_bind_text(s, 2, v.kind, (size_t)-1);
	zw_bind_text(s, 3, v.title, (size_t)-1);
	zw_bind_text(s, 4, v.description != NULL ? v.description : "", (size_t)-1);
	zw_bind_text(s, 5, v.draft_text != NULL ? v.draft_text : "", (size_t)-1);
	zw_bind_int(s, 6, v.opens_at);
	zw_bind_int(s, 7, v.closes_at);
	zw_bind_int(s, 8, v.anonymous);
	zw_bind_text(s, 9, zw_json_dump(a, v.questions), (size_t)-1);
	if (who->id > 0)
		zw_bind_int(s, 10, who->id);
	else
		zw_bind_null(s, 10);
	zw_bind_int(s, 11, now);
	zw_bind_int(s, 12, now);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	*id = zw_col_int(s, 0);
	zw_reset(s);
	rc = audit(c, who, "survey.create", *id, json_pack("{s:s, s:I}", "title",
	    v.title, "org_id", (json_int_t)v.org_id));
out:
	json_decref(v.questions);
	zw_arena_free(a);
	return rc;
}

/* The survey, if the actor manages it.  ZW_ENOTFOUND otherwise (a draft
 * out of reach does not exist for the caller). */
static int
managed(zw_conn *c, const struct zw_actor *who, int64_t id, struct sv *v,
    struct zw_why *why)
{
	int rc;

	if (!zw_actor_can(who, "surveys.manage")) {
		ZW_WHY(why, "forbidden", "没有管理征集调查的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = sv_load(c, id, v)) != ZW_OK)
		return rc;
	if (!scope_holds(who, v->org_path, v->org_id)) {
		json_decref(v->questions);
		v->questions = NULL;
		return ZW_ENOTFOUND;
	}
	return ZW_OK;
}

int
zw_survey_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t *in, struct zw_why *why)
{
	struct sv cur;
	struct sv_in v = { 0 };
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc;

	if ((rc = managed(c, who, id, &cur, why)) != ZW_OK)
		goto out2;
	if (strcmp(cur.state, "draft") != 0) {
		ZW_WHY(why, "not_draft", "征集调查已发布，不能再修改", NULL);
		rc = ZW_ESTATE;
		goto out;
	}
	/* defaults from the stored draft */
	if ((rc = zw_prepare(c, "SELECT title, description, draft_text, kind "
	    "FROM surveys WHERE id = ?", &s)))
		goto out;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	v.title = zw_astrdup(a, zw_col_text(s, 0));
	v.description = zw_astrdup(a, zw_col_text(s, 1));
	v.draft_text = zw_astrdup(a, zw_col_text(s, 2));
	v.kind = zw_astrdup(a, zw_col_text(s, 3));
	zw_reset(s);
	v.org_id = cur.org_id;
	v.opens_at = cur.opens_at;
	v.closes_at = cur.closes_at;
	v.anonymous = cur.anonymous;
	v.questions = json_incref(cur.questions);
	if ((rc = read_in(c, who, in, &v, why)) != ZW_OK)
		goto out;
	rc = zw_prepare(c, "UPDATE surveys SET org_id = ?, kind = ?, title = ?, "
	    "description = ?, draft_text = ?, opens_at = ?, closes_at = ?, "
	    "anonymous = ?, questions = ?, updated_at = ? WHERE id = ? AND "
	    "state = 'draft'", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, v.org_id);
	zw_bind_text(s, 2, v.kind, (size_t)-1);
	zw_bind_text(s, 3, v.title, (size_t)-1);
	zw_bind_text(s, 4, v.description, (size_t)-1);
	zw_bind_text(s, 5, v.draft_text, (size_t)-1);
	zw_bind_int(s, 6, v.opens_at);
	zw_bind_int(s, 7, v.closes_at);
	zw_bind_int(s, 8, v.anonymous);
	zw_bind_text(s, 9, zw_json_dump(a, v.questions), (size_t)-1);
	zw_bind_int(s, 10, zw_now());
	zw_bind_int(s, 11, id);
	if ((rc = zw_step(s)) < 0)
		goto out;
	rc = audit(c, who, "survey.update", id, json_pack("{s:s}", "title",
	    v.title));
out:
	json_decref(cur.questions);
out2:
	json_decref(v.questions);
	zw_arena_free(a);
	return rc;
}

int
zw_survey_publish(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why)
{
	struct sv v;
	zw_stmt *s;
	int rc;

	if ((rc = managed(c, who, id, &v, why)) != ZW_OK)
		return rc;
	json_decref(v.questions);
	if (strcmp(v.state, "draft") != 0) {
		ZW_WHY(why, "already_published", "征集调查已发布", NULL);
		return ZW_ESTATE;
	}
	if (v.closes_at <= zw_now()) {
		ZW_WHY(why, "closes_in_past", "结束时间已过，请先修改结束时间",
		    "closes_at");
		return ZW_EINVAL;
	}
	if ((rc = zw_prepare(c, "UPDATE surveys SET state = 'published', "
	    "published_at = ?, updated_at = ? WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	if ((rc = audit(c, who, "survey.publish", id, NULL)) != ZW_OK)
		return rc;
	return zw_survey_site_sync(c, id);
}

int
zw_survey_close(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why)
{
	struct sv v;
	int64_t now = zw_now();
	zw_stmt *s;
	int rc;

	if ((rc = managed(c, who, id, &v, why)) != ZW_OK)
		return rc;
	json_decref(v.questions);
	if (strcmp(zw_survey_status(v.state, v.opens_at, v.closes_at, now),
	    "open") != 0) {
		ZW_WHY(why, "not_open", "只能结束进行中的征集调查", NULL);
		return ZW_ESTATE;
	}
	if ((rc = zw_prepare(c, "UPDATE surveys SET closes_at = ?, updated_at = ? "
	    "WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, now);
	zw_bind_int(s, 2, now);
	zw_bind_int(s, 3, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	return audit(c, who, "survey.close", id, NULL);
}

/* ---- reading ---- */

static json_t *
time_json(int64_t t)
{
	char b[40];

	if (t <= 0)
		return json_null();
	zw_time_rfc3339(t, b, sizeof(b));
	return json_string(b);
}

/* "2026-09-21 09:00" (Shanghai time) for pages. */
static json_t *
time_text(int64_t t)
{
	char b[40];

	zw_time_rfc3339(t, b, sizeof(b));
	b[10] = ' ';
	b[16] = '\0';
	return json_string(b);
}

static json_t *
sv_row(zw_stmt *s, int64_t now, bool full)
{
	const char *status = zw_survey_status(zw_col_text(s, 11), zw_col_int(s, 7),
	    zw_col_int(s, 8), now);
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}",
	    "id", (json_int_t)zw_col_int(s, 0),
	    "org_id", (json_int_t)zw_col_int(s, 1),
	    "org_name", zw_col_text(s, 15),
	    "kind", zw_col_text(s, 3),
	    "kind_name", strcmp(zw_col_text(s, 3), "consultation") == 0 ?
	    "征求意见" : "问卷调查",
	    "title", zw_col_text(s, 4),
	    "description", zw_col_text(s, 5),
	    "anonymous", zw_col_int(s, 9) != 0,
	    "status", status,
	    "status_name", zw_survey_status_name(status));
	char url[48];

	json_object_set_new(o, "opens_at", time_json(zw_col_int(s, 7)));
	json_object_set_new(o, "closes_at", time_json(zw_col_int(s, 8)));
	json_object_set_new(o, "opens_text", time_text(zw_col_int(s, 7)));
	json_object_set_new(o, "closes_text", time_text(zw_col_int(s, 8)));
	json_object_set_new(o, "state", json_string(zw_col_text(s, 11)));
	json_object_set_new(o, "published_at", time_json(zw_col_int(s, 12)));
	snprintf(url, sizeof(url), "/surveys/%lld", (long long)zw_col_int(s, 0));
	if (strcmp(zw_col_text(s, 11), "published") == 0)
		json_object_set_new(o, "url", json_string(url));
	if (full) {
		json_t *q = json_loads(zw_col_text(s, 10), 0, NULL);

		json_object_set_new(o, "draft_text", json_string(zw_col_text(s, 6)));
		json_object_set_new(o, "questions", q != NULL ? q : json_array());
	}
	return o;
}

int
zw_survey_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out)
{
	zw_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = zw_prepare(c, "SELECT " SV_COLS SV_FROM "WHERE v.id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	if (strcmp(zw_col_text(s, 11), "published") != 0 &&
	    !scope_holds(who, zw_col_text(s, 2), zw_col_int(s, 1))) {
		zw_reset(s);
		return ZW_ENOTFOUND;
	}
	*out = sv_row(s, zw_now(), true);
	json_object_set_new(*out, "can_manage", json_boolean(scope_holds(who,
	    zw_col_text(s, 2), zw_col_int(s, 1))));
	zw_reset(s);
	return ZW_OK;
}

int
zw_survey_list(zw_conn *c, const struct zw_actor *who, const char *status,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next)
{
	bool staff = who != NULL && zw_actor_can(who, "surveys.manage");
	int64_t now = zw_now(), n = 0, skipped = 0;
	zw_stmt *s;
	int rc;

	*items = json_array();
	*next = -1;
	if (status != NULL && *status == '\0')
		status = NULL;
	/* Few surveys exist (a handful a month): filter in C, page by offset
	 * over what the caller may see. */
	if ((rc = zw_prepare(c, "SELECT " SV_COLS SV_FROM "ORDER BY "
	    "COALESCE(v.published_at, v.created_at) DESC, v.id DESC", &s)))
		goto fail;
	while ((rc = zw_step(s)) == ZW_ROW) {
		const char *st = zw_survey_status(zw_col_text(s, 11), zw_col_int(s, 7),
		    zw_col_int(s, 8), now);

		if (strcmp(st, "draft") == 0 && !(staff && scope_holds(who,
		    zw_col_text(s, 2), zw_col_int(s, 1))))
			continue;
		if (status != NULL && strcmp(status, st) != 0)
			continue;
		if (skipped < cursor) {
			skipped++;
			continue;
		}
		if (n == limit) {
			*next = cursor + limit;
			zw_reset(s);
			return ZW_OK;
		}
		json_array_append_new(*items, sv_row(s, now, false));
		n++;
	}
	if (rc >= 0)
		return ZW_OK;
fail:
	json_decref(*items);
	*items = NULL;
	return rc;
}

/* ---- answers ---- */

static int
why_q(struct zw_why *why, const char *code, const char *msg, size_t i)
{
	ZW_WHY(why, code, msgq(i + 1, msg), fieldf("answers", i, ""));
	return ZW_EINVAL;
}

int
zw_survey_check_answers(const json_t *questions, const json_t *answers,
    struct zw_why *why)
{
	const json_t *q, *a;
	size_t i;

	if (!json_is_array(answers) ||
	    json_array_size(answers) != json_array_size(questions)) {
		ZW_WHY(why, "wrong_count", "答案数应与问题数相同", "answers");
		return ZW_EINVAL;
	}
	json_array_foreach(questions, i, q) {
		const char *kind = zw_json_str(q, "kind");
		size_t nopt = json_array_size(json_object_get(q, "options"));

		a = json_array_get(answers, i);
		if (json_is_null(a) || (json_is_array(a) && json_array_size(a) == 0) ||
		    (json_is_string(a) && json_string_length(a) == 0)) {
			if (json_is_true(json_object_get(q, "required")))
				return why_q(why, "answer_required",
				    "为必答题", i);
			continue;
		}
		if (strcmp(kind, "single") == 0) {
			if (!json_is_integer(a))
				return why_q(why, "wrong_type",
				    "应选择一个选项", i);
			if (json_integer_value(a) < 1 ||
			    json_integer_value(a) > (json_int_t)nopt)
				return why_q(why, "unknown_option",
				    "的选项不存在", i);
		} else if (strcmp(kind, "multiple") == 0) {
			const json_t *x;
			size_t j;

			if (!json_is_array(a))
				return why_q(why, "wrong_type",
				    "应为选项编号数组", i);
			json_array_foreach(a, j, x) {
				if (!json_is_integer(x))
					return why_q(why, "wrong_type",
					    "应为选项编号数组", i);
				if (json_integer_value(x) < 1 ||
				    json_integer_value(x) > (json_int_t)nopt)
					return why_q(why, "unknown_option",
					    "的选项不存在", i);
				for (size_t k = 0; k < j; k++)
					if (json_integer_value(json_array_get(a, k)) ==
					    json_integer_value(x))
						return why_q(why, "duplicate_option",
						    "重复选择了同一选项", i);
			}
			if ((int64_t)json_array_size(a) > zw_json_int(q, "max_selections"))
				return why_q(why, "too_many_selections",
				    "选择的选项过多", i);
		} else {
			const char *t = json_string_value(a);
			size_t n;

			if (t == NULL)
				return why_q(why, "wrong_type", "应填写文字", i);
			n = strlen(t);
			if (!zw_utf8_valid(t, n) || zw_utf8_has_controls(t, n))
				return why_q(why, "invalid_text",
				    "包含无效字符", i);
			if ((int64_t)zw_utf8_chars(t, n) > zw_json_int(q, "max_length"))
				return why_q(why, "text_too_long",
				    "的文字超过字数上限", i);
		}
	}
	return ZW_OK;
}

int
zw_survey_responded(zw_conn *c, int64_t survey_id, int64_t user_id,
    const char *browser_id, bool *yes)
{
	zw_stmt *s;
	int rc;

	*yes = false;
	if ((rc = zw_prepare(c, "SELECT 1 FROM survey_responses WHERE survey_id = ? "
	    "AND (user_id = ? OR browser_id = ?)", &s)))
		return rc;
	zw_bind_int(s, 1, survey_id);
	zw_bind_int(s, 2, user_id > 0 ? user_id : -1);
	zw_bind_text(s, 3, browser_id != NULL ? browser_id : "", (size_t)-1);
	rc = zw_step(s);
	if (rc == ZW_ROW) {
		*yes = true;
		zw_reset(s);
	}
	return rc < 0 ? rc : ZW_OK;
}

static int
put_answer(zw_conn *c, int64_t rid, int64_t sid, size_t qno, int64_t opt,
    const char *text)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "INSERT INTO survey_answers (response_id, "
	    "survey_id, question_no, option_no, text) VALUES (?, ?, ?, ?, ?)", &s)))
		return rc;
	zw_bind_int(s, 1, rid);
	zw_bind_int(s, 2, sid);
	zw_bind_int(s, 3, (int64_t)qno);
	zw_bind_int(s, 4, opt);
	zw_bind_text(s, 5, text, (size_t)-1);
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_survey_respond(zw_conn *c, const struct zw_actor *who, int64_t survey_id,
    int64_t user_id, const char *browser_id, const char *ip,
    const json_t *answers, int64_t *response_id, struct zw_why *why)
{
	struct zw_actor anon = { 0 };
	struct sv v;
	const char *st;
	const json_t *a;
	bool dup;
	int64_t rid;
	zw_stmt *s;
	size_t i;
	int rc;

	if ((rc = sv_load(c, survey_id, &v)) != ZW_OK)
		return rc;
	st = zw_survey_status(v.state, v.opens_at, v.closes_at, zw_now());
	if (strcmp(st, "draft") == 0) {
		rc = ZW_ENOTFOUND;
		goto out;
	}
	if (strcmp(st, "open") != 0) {
		if (strcmp(st, "closed") == 0)
			ZW_WHY(why, "survey_closed", "征集调查已结束，不再接受提交", NULL);
		else
			ZW_WHY(why, "survey_not_open", "征集调查尚未开始", NULL);
		rc = ZW_ESTATE;
		goto out;
	}
	if (user_id <= 0 && (!v.anonymous || browser_id == NULL || *browser_id == '\0')) {
		ZW_WHY(why, "login_required", "请先登录后再参与", NULL);
		rc = ZW_EPERM;
		goto out;
	}
	if (user_id > 0)
		browser_id = NULL;	/* a user is counted as a user */
	if ((rc = zw_survey_check_answers(v.questions, answers, why)) != ZW_OK)
		goto out;
	if ((rc = zw_survey_responded(c, survey_id, user_id, browser_id, &dup)))
		goto out;
	if (dup) {
		ZW_WHY(why, "already_responded", "您已参与过本次征集调查", NULL);
		rc = ZW_ECONFLICT;
		goto out;
	}
	if ((rc = zw_prepare(c, "INSERT INTO survey_responses (survey_id, user_id, "
	    "browser_id, ip, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id", &s)))
		goto out;
	zw_bind_int(s, 1, survey_id);
	if (user_id > 0)
		zw_bind_int(s, 2, user_id);
	else
		zw_bind_null(s, 2);
	if (browser_id != NULL)
		zw_bind_text(s, 3, browser_id, (size_t)-1);
	else
		zw_bind_null(s, 3);
	zw_bind_text(s, 4, ip != NULL ? ip : "", (size_t)-1);
	zw_bind_int(s, 5, zw_now());
	if ((rc = zw_step(s)) != ZW_ROW) {
		if (rc == ZW_ECONFLICT)	/* a concurrent twin got there first */
			ZW_WHY(why, "already_responded", "您已参与过本次征集调查", NULL);
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	rid = zw_col_int(s, 0);
	zw_reset(s);
	json_array_foreach(answers, i, a) {
		if (json_is_integer(a))
			rc = put_answer(c, rid, survey_id, i + 1, json_integer_value(a), "");
		else if (json_is_array(a)) {
			const json_t *x;
			size_t j;

			json_array_foreach(a, j, x)
				if ((rc = put_answer(c, rid, survey_id, i + 1,
				    json_integer_value(x), "")) != ZW_OK)
					break;
		} else if (json_is_string(a) && json_string_length(a) > 0)
			rc = put_answer(c, rid, survey_id, i + 1, 0, json_string_value(a));
		if (rc != ZW_OK)
			goto out;
	}
	if (who == NULL) {
		anon.id = user_id > 0 ? user_id : 0;
		anon.login = user_id > 0 ? "public" : "anonymous";
		anon.ip = ip;
		anon.request_id = "";
		who = &anon;
	}
	rc = zw_actor_audit(c, who, "survey.respond", "survey_response", rid,
	    "success", NULL);
	if (rc != ZW_OK)
		goto out;
	if (response_id != NULL)
		*response_id = rid;
out:
	json_decref(v.questions);
	return rc;
}

/* ---- results ---- */

int
zw_survey_results(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out)
{
	struct sv v;
	bool staff;
	const json_t *q;
	json_t *qs;
	int64_t total = 0;
	zw_stmt *s;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = sv_load(c, id, &v)) != ZW_OK)
		return rc;
	staff = scope_holds(who, v.org_path, v.org_id);
	if (strcmp(v.state, "published") != 0 && !staff) {
		rc = ZW_ENOTFOUND;
		goto out;
	}
	if (!staff && strcmp(zw_survey_status(v.state, v.opens_at, v.closes_at,
	    zw_now()), "closed") != 0) {
		rc = ZW_ESTATE;
		goto out;
	}
	if ((rc = zw_prepare(c, "SELECT COUNT(*) FROM survey_responses WHERE "
	    "survey_id = ?", &s)))
		goto out;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	total = zw_col_int(s, 0);
	zw_reset(s);
	qs = json_array();
	json_array_foreach(v.questions, i, q) {
		json_t *r = json_pack("{s:I, s:s, s:s, s:I}", "no", (json_int_t)(i + 1),
		    "kind", zw_json_str(q, "kind"), "title", zw_json_str(q, "title"),
		    "answered", (json_int_t)0);
		const json_t *opts = json_object_get(q, "options");
		const json_t *o;
		size_t j;

		json_array_append_new(qs, r);
		if (strcmp(zw_json_str(q, "kind"), "text") == 0) {
			json_t *texts = json_array();
			int64_t n = 0;

			if ((rc = zw_prepare(c, "SELECT text FROM survey_answers WHERE "
			    "survey_id = ? AND question_no = ? ORDER BY id", &s)))
				break;
			zw_bind_int(s, 1, id);
			zw_bind_int(s, 2, (int64_t)(i + 1));
			while ((rc = zw_step(s)) == ZW_ROW) {
				n++;
				if (staff)
					json_array_append_new(texts,
					    json_string(zw_col_text(s, 0)));
			}
			json_object_set_new(r, "answered", json_integer(n));
			if (staff)
				json_object_set_new(r, "texts", texts);
			else
				json_decref(texts);
			if (rc < 0)
				break;
			rc = ZW_OK;
			continue;
		}
		{
			json_t *ro = json_array();
			int64_t answered = 0;

			json_array_foreach(opts, j, o)
				json_array_append_new(ro, json_pack("{s:I, s:s, s:I, s:I}",
				    "no", (json_int_t)(j + 1), "label", json_string_value(o),
				    "count", (json_int_t)0, "percent", (json_int_t)0));
			json_object_set_new(r, "options", ro);
			if ((rc = zw_prepare(c, "SELECT option_no, COUNT(*) FROM "
			    "survey_answers WHERE survey_id = ? AND question_no = ? "
			    "GROUP BY option_no", &s)))
				break;
			zw_bind_int(s, 1, id);
			zw_bind_int(s, 2, (int64_t)(i + 1));
			while ((rc = zw_step(s)) == ZW_ROW) {
				json_t *e = json_array_get(ro, (size_t)(zw_col_int(s, 0) - 1));

				if (e != NULL)
					json_object_set_new(e, "count",
					    json_integer(zw_col_int(s, 1)));
			}
			if (rc < 0)
				break;
			rc = ZW_OK;
			if ((rc = zw_prepare(c, "SELECT COUNT(DISTINCT response_id) FROM "
			    "survey_answers WHERE survey_id = ? AND question_no = ?", &s)))
				break;
			zw_bind_int(s, 1, id);
			zw_bind_int(s, 2, (int64_t)(i + 1));
			if ((rc = zw_step(s)) != ZW_ROW) {
				rc = rc < 0 ? rc : ZW_EDB;
				break;
			}
			answered = zw_col_int(s, 0);
			zw_reset(s);
			rc = ZW_OK;
			json_object_set_new(r, "answered", json_integer(answered));
			/* percent of those who answered the question, rounded */
			for (j = 0; j < json_array_size(ro); j++) {
				json_t *e = json_array_get(ro, j);
				int64_t cnt = zw_json_int(e, "count");

				json_object_set_new(e, "percent", json_integer(
				    answered > 0 ? (cnt * 100 + answered / 2) / answered : 0));
			}
		}
	}
	if (rc != ZW_OK) {
		json_decref(qs);
		goto out;
	}
	*out = json_pack("{s:I, s:I, s:o}", "survey_id", (json_int_t)id,
	    "responses", (json_int_t)total, "questions", qs);
	json_object_set_new(*out, "texts_included", json_boolean(staff));
out:
	json_decref(v.questions);
	return rc;
}

static int
csv_cell(zw_buf *b, const char *s)
{
	int rc = zw_buf_putc(b, '"');

	if (rc == ZW_OK && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		rc = zw_buf_putc(b, '\'');
	for (; rc == ZW_OK && *s != '\0'; s++)
		rc = *s == '"' ? zw_buf_puts(b, "\"\"") : zw_buf_putc(b, *s);
	return rc == ZW_OK ? zw_buf_putc(b, '"') : rc;
}

int
zw_survey_csv(zw_conn *c, const struct zw_actor *who, int64_t id, zw_buf *out)
{
	struct sv v;
	zw_arena *a = zw_arena_new();
	const json_t *q;
	size_t nq, i;
	char **cells = NULL;
	int64_t cur = 0;
	char head[64];
	zw_stmt *s;
	int rc;

	if ((rc = sv_load(c, id, &v)) != ZW_OK)
		goto done;
	if (!scope_holds(who, v.org_path, v.org_id)) {
		rc = zw_actor_can(who, "surveys.manage") ? ZW_ENOTFOUND : ZW_EPERM;
		goto out;
	}
	nq = json_array_size(v.questions);
	rc = zw_buf_puts(out, "response_id,submitted_at");
	json_array_foreach(v.questions, i, q) {
		snprintf(head, sizeof(head), "Q%zu ", i + 1);
		if (rc == ZW_OK)
			rc = zw_buf_putc(out, ',');
		if (rc == ZW_OK)
			rc = csv_cell(out, zw_aprintf(a, "%s%s", head,
			    zw_json_str(q, "title")));
	}
	if (rc == ZW_OK)
		rc = zw_buf_puts(out, "\r\n");
	cells = zw_calloc(nq + 1, sizeof(*cells));
	if (rc != ZW_OK || (rc = zw_prepare(c, "SELECT r.id, r.created_at, "
	    "x.question_no, x.option_no, x.text FROM survey_responses r LEFT JOIN "
	    "survey_answers x ON x.response_id = r.id WHERE r.survey_id = ? "
	    "ORDER BY r.id, x.question_no, x.option_no", &s)))
		goto out;
	zw_bind_int(s, 1, id);
	for (;;) {
		int64_t rid = 0;

		rc = zw_step(s);
		if (rc == ZW_ROW)
			rid = zw_col_int(s, 0);
		if ((rc != ZW_ROW || rid != cur) && cur != 0) {
			int wr;

			/* flush the previous response */
			wr = zw_buf_printf(out, "%lld,%s", (long long)cur,
			    cells[nq] != NULL ? cells[nq] : "");
			for (i = 0; wr == ZW_OK && i < nq; i++) {
				wr = zw_buf_putc(out, ',');
				if (wr == ZW_OK)
					wr = csv_cell(out, cells[i] != NULL ? cells[i] : "");
			}
			if (wr == ZW_OK)
				wr = zw_buf_puts(out, "\r\n");
			if (wr != ZW_OK) {
				if (rc == ZW_ROW)
					zw_reset(s);
				rc = wr;
				goto out;
			}
			memset(cells, 0, (nq + 1) * sizeof(*cells));
		}
		if (rc != ZW_ROW)
			break;
		if (rid != cur) {
			char t[40];

			cur = rid;
			zw_time_rfc3339(zw_col_int(s, 1), t, sizeof(t));
			cells[nq] = zw_astrdup(a, t);
		}
		if (!zw_col_isnull(s, 2)) {
			int64_t qn = zw_col_int(s, 2), on = zw_col_int(s, 3);
			const json_t *qq = json_array_get(v.questions, (size_t)(qn - 1));
			const char *val;

			if (qq == NULL)
				continue;
			val = on > 0 ? json_string_value(json_array_get(
			    json_object_get(qq, "options"), (size_t)(on - 1))) :
			    zw_col_text(s, 4);
			if (val == NULL)
				val = "";
			cells[qn - 1] = cells[qn - 1] == NULL ? zw_astrdup(a, val) :
			    zw_aprintf(a, "%s；%s", cells[qn - 1], val);
		}
	}
	rc = rc < 0 ? rc : ZW_OK;
out:
	json_decref(v.questions);
done:
	zw_free(cells);
	zw_arena_free(a);
	return rc;
}

/* ---- SVG ---- */

#define SVG_W		640
#define SVG_LABEL_W	220
#define SVG_BAR_W	340
#define SVG_ROW		28

int
zw_survey_svg(const json_t *question, zw_buf *out)
{
	const json_t *opts = json_object_get(question, "options"), *o;
	int64_t max = 1;
	size_t i, n = json_array_size(opts);
	int rc;

	json_array_foreach(opts, i, o)
		if (zw_json_int(o, "count") > max)
			max = zw_json_int(o, "count");
	rc = zw_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"sv-chart\" role=\"img\" width=\"%d\" height=\"%zu\" "
	    "viewBox=\"0 0 %d %zu\"><title>", SVG_W, n * SVG_ROW + 8, SVG_W,
	    n * SVG_ROW + 8);
	if (rc == ZW_OK)
		rc = zw_html_escape(out, zw_json_str(question, "title"),
		    strlen(zw_json_str(question, "title")));
	if (rc == ZW_OK)
		rc = zw_buf_puts(out, "</title>");
	json_array_foreach(opts, i, o) {
		const char *label = zw_json_str(o, "label");
		int64_t cnt = zw_json_int(o, "count");
		int64_t w = cnt * SVG_BAR_W / max;
		size_t y = i * SVG_ROW + 4;

		if (rc != ZW_OK)
			break;
		rc = zw_buf_printf(out, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">",
		    SVG_LABEL_W - 8, y + 18);
		if (rc == ZW_OK)
			rc = zw_html_escape(out, label, strlen(label));
		if (rc == ZW_OK)
			rc = zw_buf_printf(out, "</text><rect x=\"%d\" y=\"%zu\" "
			    "width=\"%lld\" height=\"20\" class=\"sv-bar\"/>"
			    "<text x=\"%lld\" y=\"%zu\">%lld（%lld%%）</text>",
			    SVG_LABEL_W, y + 2, (long long)w,
			    (long long)(SVG_LABEL_W + w + 6), y + 18, (long long)cnt,
			    (long long)zw_json_int(o, "percent"));
	}
	if (rc == ZW_OK)
		rc = zw_buf_puts(out, "</svg>");
	return rc;
}

/* ---- site search ---- */

int
zw_survey_site_sync(zw_conn *c, int64_t id)
{
	struct zw_site_doc d = { 0 };
	char url[48];
	zw_buf body;
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT state, title, description, draft_text, "
	    "org_id, COALESCE(published_at, 0) FROM surveys WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	if (strcmp(zw_col_text(s, 0), "published") != 0) {
		zw_reset(s);
		return zw_site_search_drop(c, "survey", id);
	}
	zw_buf_init(&body, ZW_SEARCH_MAX_INDEX);
	(void)zw_buf_puts(&body, zw_col_text(s, 2));
	(void)zw_buf_putc(&body, ' ');
	(void)zw_buf_puts(&body, zw_col_text(s, 3));
	snprintf(url, sizeof(url), "/surveys/%lld", (long long)id);
	d.org_id = zw_col_int(s, 4);
	d.title = zw_col_text(s, 1);
	d.body = body.p != NULL ? body.p : "";
	d.url = url;
	d.published_at = zw_col_int(s, 5);
	rc = zw_site_search_put(c, "survey", id, &d);
	zw_reset(s);
	zw_buf_free(&body);
	return rc;
}
