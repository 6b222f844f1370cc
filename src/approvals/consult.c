/*
 * consult.c -- 网上咨询: questions on a service item by logged-in users,
 * answered by the item's department; an answer may be published, and
 * the published answers are the item's FAQ (常见问题).
 *
 * Who sees what: everyone sees the FAQ; the asker also sees their own
 * questions and answers; staff with approvals.handle whose data scope
 * holds the item's organization see and answer every question on it.
 * To anyone else a question is ZW_ENOTFOUND.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/items.h"
#include "approvals/items_int.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/utf8.h"

/* A question's text: valid UTF-8 without controls (line breaks kept),
 * not blank, at most max characters. */
static int
check_text(const char *s, size_t max, const char *field, const char *label,
    struct zw_why *why)
{
	size_t n, i;

	if (s == NULL)
		s = "";
	n = strlen(s);
	if (!zw_utf8_valid(s, n) || zw_utf8_has_controls(s, n))
		return zw_items_why(why, "invalid_text", field, "%s包含无效字符", label);
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			break;
	if (i == n)
		return zw_items_why(why, "required", field, "请填写%s", label);
	if (zw_utf8_chars(s, n) > max)
		return zw_items_why(why, "too_long", field, "%s不能超过%zu个字符", label,
		    max);
	return ZW_OK;
}

/* Path of an organization ("" when unknown). */
static int
org_path(zw_conn *c, int64_t id, char *out, size_t size)
{
	zw_stmt *s;
	int rc;

	out[0] = '\0';
	if ((rc = zw_prepare(c, "SELECT path FROM orgs WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) == ZW_ROW) {
		snprintf(out, size, "%s", zw_col_text(s, 0));
		zw_reset(s);
	}
	return rc < 0 ? rc : ZW_OK;
}

bool
zw_question_staff(zw_conn *c, const struct zw_actor *who, int64_t item_org_id)
{
	char path[256];

	if (who == NULL || who->id <= 0 || !zw_actor_can(who, "approvals.handle"))
		return false;
	if (org_path(c, item_org_id, path, sizeof(path)) != ZW_OK || !*path)
		return false;
	return zw_items_scope_holds(who, path, item_org_id);
}

int
zw_question_ask(zw_conn *c, const struct zw_actor *who, const char *code,
    const char *question, int64_t *id, struct zw_why *why)
{
	struct zw_item_row row;
	zw_date today;
	int64_t now = zw_now(), n = 0, qid;
	zw_stmt *s;
	json_t *d;
	int rc;

	if (who == NULL || who->id <= 0) {
		ZW_WHY(why, "unauthenticated", "请先登录再提问", NULL);
		return ZW_EAUTH;
	}
	if ((rc = zw_item_row_get(c, code, &row)) != ZW_OK)
		return rc;
	if (strcmp(row.status, "published") != 0)
		return ZW_ENOTFOUND;
	if ((rc = check_text(question, ZW_ITEM_MAX_QUESTION, "question", "咨询内容",
	    why)) != ZW_OK)
		return rc;
	/* this user's questions on this item since the start of today
	 * (Shanghai); the item's index keeps the count cheap */
	today = zw_date_of(now);
	rc = zw_prepare(c, "SELECT COUNT(*) FROM consultations WHERE item_id = ? "
	    "AND asker_id = ? AND created_at > ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, row.id);
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, zw_date_end(today) - 86400);
	if ((rc = zw_step(s)) == ZW_ROW) {
		n = zw_col_int(s, 0);
		zw_reset(s);
	} else if (rc < 0)
		return rc;
	if (n >= ZW_ITEM_QUESTIONS_PER_DAY)
		return zw_items_why(why, "too_many_questions", "question",
		    "同一事项每天最多可提交%d条咨询，请明天再试", ZW_ITEM_QUESTIONS_PER_DAY);
	rc = zw_prepare(c, "INSERT INTO consultations (item_id, asker_id, question, "
	    "created_at) VALUES (?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, row.id);
	zw_bind_int(s, 2, who->id);
	zw_bind_text(s, 3, question, (size_t)-1);
	zw_bind_int(s, 4, now);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	qid = zw_col_int(s, 0);
	zw_reset(s);
	d = json_pack("{s:s, s:I}", "code", code, "question_id", (json_int_t)qid);
	rc = zw_actor_audit(c, who, "item.question", "consultation", qid, "success",
	    d);
	json_decref(d);
	if (rc == ZW_OK && id != NULL)
		*id = qid;
	return rc;
}

#define Q_COLS "q.id, i.code, v.name, q.question, q.answer, q.answered_at, " \
	"q.published, q.created_at, COALESCE(u.name, ''), COALESCE(a.name, ''), " \
	"q.asker_id, i.org_id"
#define Q_FROM " FROM consultations q JOIN service_items i ON i.id = q.item_id " \
	"JOIN item_versions v ON v.item_id = i.id AND v.version = i.current_version " \
	"JOIN orgs o ON o.id = i.org_id LEFT JOIN users u ON u.id = q.asker_id " \
	"LEFT JOIN users a ON a.id = q.answered_by "

/* A question row; staff see the asker's and the answerer's names. */
static json_t *
question_row(zw_stmt *s, bool staff)
{
	json_t *o = json_object();
	char t[32];
	bool answered = !zw_col_isnull(s, 5);

	json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
	json_object_set_new(o, "item_code", json_string(zw_col_text(s, 1)));
	json_object_set_new(o, "item_name", json_string(zw_col_text(s, 2)));
	json_object_set_new(o, "question", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "answer", json_string(zw_col_text(s, 4)));
	json_object_set_new(o, "status", json_string(answered ? "answered" :
	    "unanswered"));
	if (answered) {
		zw_time_rfc3339(zw_col_int(s, 5), t, sizeof(t));
		json_object_set_new(o, "answered_at", json_string(t));
	} else
		json_object_set_new(o, "answered_at", json_null());
	json_object_set_new(o, "published", json_boolean(zw_col_int(s, 6)));
	zw_time_rfc3339(zw_col_int(s, 7), t, sizeof(t));
	json_object_set_new(o, "created_at", json_string(t));
	if (staff) {
		json_object_set_new(o, "asker_name", json_string(zw_col_text(s, 8)));
		json_object_set_new(o, "answered_by_name",
		    json_string(zw_col_text(s, 9)));
	}
	return o;
}

/* Rows of s into *items: limit + 1 asked, newest first, the cursor is
 * the last id given. */
static int
collect(zw_stmt *s, bool staff, int64_t limit, json_t **items, int64_t *next)
{
	int64_t n = 0, last = 0;
	int rc;

	*items = json_array();
	*next = -1;
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next = last;
			zw_reset(s);
			return ZW_OK;
		}
		last = zw_col_int(s, 0);
		json_array_append_new(*items, question_row(s, staff));
		n++;
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	return ZW_OK;
}

int
zw_question_list_item(zw_conn *c, const struct zw_actor *who,
    const char *code, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next, bool *staff_view)
{
	struct zw_item_row row;
	zw_stmt *s;
	bool staff;
	int rc;

	if ((rc = zw_item_row_get(c, code, &row)) != ZW_OK)
		return rc;
	staff = zw_question_staff(c, who, row.org_id);
	if (!staff && strcmp(row.status, "published") != 0)
		return ZW_ENOTFOUND;
	rc = zw_prepare(c, "SELECT " Q_COLS Q_FROM "WHERE q.item_id = ? "
	    "AND (CAST(? AS BIGINT) = 1 OR q.asker_id = ? OR "
	    "(q.published = 1 AND q.answered_at IS NOT NULL)) "
	    "AND (CAST(? AS BIGINT) = 0 OR q.id < ?) ORDER BY q.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, row.id);
	zw_bind_int(s, 2, staff);
	zw_bind_int(s, 3, who != NULL && who->id > 0 ? who->id : -1);
	zw_bind_int(s, 4, cursor);
	zw_bind_int(s, 5, cursor);
	zw_bind_int(s, 6, limit + 1);
	if (staff_view != NULL)
		*staff_view = staff;
	return collect(s, staff, limit, items, next);
}

int
zw_question_list_staff(zw_conn *c, const struct zw_actor *who,
    const char *status, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next)
{
	const char *p = who->org_path && *who->org_path ? who->org_path : "/-/";
	char scope[300];
	zw_stmt *s;
	int st;
	int rc;

	if (!zw_actor_can(who, "approvals.handle"))
		return ZW_EPERM;
	if (status == NULL || *status == '\0')
		st = 0;
	else if (strcmp(status, "unanswered") == 0)
		st = 1;
	else if (strcmp(status, "answered") == 0)
		st = 2;
	else
		return ZW_EINVAL;
	if (who->scope == ZW_SCOPE_ALL)
		snprintf(scope, sizeof(scope), "%%");
	else if (who->scope == ZW_SCOPE_ORG_TREE)
		snprintf(scope, sizeof(scope), "%s%%", p);
	else
		snprintf(scope, sizeof(scope), "%s", p);
	rc = zw_prepare(c, "SELECT " Q_COLS Q_FROM "WHERE o.path LIKE ? "
	    "AND (CAST(? AS BIGINT) = 0 OR (CAST(? AS BIGINT) = 1 AND "
	    "q.answered_at IS NULL) OR (CAST(? AS BIGINT) = 2 AND "
	    "q.answered_at IS NOT NULL)) "
	    "AND (CAST(? AS BIGINT) = 0 OR q.id < ?) ORDER BY q.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, scope, (size_t)-1);
	zw_bind_int(s, 2, st);
	zw_bind_int(s, 3, st);
	zw_bind_int(s, 4, st);
	zw_bind_int(s, 5, cursor);
	zw_bind_int(s, 6, cursor);
	zw_bind_int(s, 7, limit + 1);
	return collect(s, true, limit, items, next);
}

/* The question's item organization and code. */
static int
question_org(zw_conn *c, int64_t id, int64_t *org_id, char *code, size_t size)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT i.org_id, i.code FROM consultations q "
	    "JOIN service_items i ON i.id = q.item_id WHERE q.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*org_id = zw_col_int(s, 0);
	snprintf(code, size, "%s", zw_col_text(s, 1));
	zw_reset(s);
	return ZW_OK;
}

int
zw_question_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out)
{
	char code[ZW_MAX_CODE + 1];
	int64_t org = 0, next;
	json_t *items;
	zw_stmt *s;
	int rc;

	if ((rc = question_org(c, id, &org, code, sizeof(code))) != ZW_OK)
		return rc;
	if (!zw_question_staff(c, who, org))
		return ZW_ENOTFOUND;
	if ((rc = zw_prepare(c, "SELECT " Q_COLS Q_FROM "WHERE q.id = ? LIMIT ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, 2);
	if ((rc = collect(s, true, 1, &items, &next)) != ZW_OK)
		return rc;
	if (json_array_size(items) != 1) {
		json_decref(items);
		return ZW_ENOTFOUND;
	}
	*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return ZW_OK;
}

int
zw_question_answer(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *answer, bool publish, struct zw_why *why)
{
	char code[ZW_MAX_CODE + 1];
	int64_t org = 0;
	zw_stmt *s;
	json_t *d;
	int rc;

	if ((rc = question_org(c, id, &org, code, sizeof(code))) != ZW_OK)
		return rc;
	if (!zw_question_staff(c, who, org))
		return ZW_ENOTFOUND;
	if ((rc = check_text(answer, ZW_ITEM_MAX_ANSWER, "answer", "答复内容", why)))
		return rc;
	rc = zw_prepare(c, "UPDATE consultations SET answer = ?, answered_by = ?, "
	    "answered_at = ?, published = ? WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, answer, (size_t)-1);
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, publish);
	zw_bind_int(s, 5, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	d = json_pack("{s:s, s:b}", "code", code, "published", publish);
	rc = zw_actor_audit(c, who, "item.answer", "consultation", id, "success", d);
	json_decref(d);
	return rc;
}
