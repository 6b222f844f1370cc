/*
 * letters.c -- the life of a letter: submission (number, query code,
 * deadline, duplicate check), the writer's and the staff's views, 转办,
 * reply, rating and publication, each audited in the caller's
 * transaction.  See letters.h and docs/internals/letters.md.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/str.h"
#include "crypto/pwhash.h"
#include "crypto/sm3.h"
#include "letters/letters.h"
#include "search/sitesearch.h"
#include "portal/cache.h"
#include "store/row.h"

/* Cache tags (portal/cache.h): lstat = the statistics (home page,
 * /letters/stats), lpub = the list of published letters, l:ID = one
 * letter's public page. */
#define TAG_STATS "lstat"
#define TAG_PUB "lpub"

static const char *
today_s(char buf[11])
{
	zw_date_fmt(zw_date_of(zw_now()), buf, 11);
	return buf;
}

static void
new_code(char out[ZW_LETTER_CODE_LEN + 1])
{
	/* No 0/O, 1/I: the code is read over the phone. */
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	size_t i;

	for (i = 0; i < ZW_LETTER_CODE_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[ZW_LETTER_CODE_LEN] = '\0';
}

static void
code_hash(const char *no, const char *code, char out[65])
{
	char buf[ZW_LETTER_NO_LEN + ZW_LETTER_CODE_LEN + 2];

	snprintf(buf, sizeof(buf), "%s:%s", no, code);
	zw_sm3_hex(buf, strlen(buf), out);
}

/* Is an organization with this path within who's data scope? */
static bool
reach(const struct zw_actor *who, const char *path)
{
	const char *mine = who->org_path != NULL ? who->org_path : "";

	if (who->scope == ZW_SCOPE_ALL)
		return true;
	if (*mine == '\0')
		return false;
	if (who->scope == ZW_SCOPE_ORG_TREE)
		return strncmp(path, mine, strlen(mine)) == 0;
	return strcmp(path, mine) == 0;
}

static int
event(zw_conn *c, const struct zw_actor *who, int64_t id, const char *action,
    int64_t from, int64_t to, const char *note)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "INSERT INTO letter_events (letter_id, action, "
	    "from_org_id, to_org_id, actor_id, note, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_text(s, 2, action, (size_t)-1);
	if (from > 0)
		zw_bind_int(s, 3, from);
	else
		zw_bind_null(s, 3);
	if (to > 0)
		zw_bind_int(s, 4, to);
	else
		zw_bind_null(s, 4);
	if (who->id > 0)
		zw_bind_int(s, 5, who->id);
	else
		zw_bind_null(s, 5);
	zw_bind_text(s, 6, note ? note : "", (size_t)-1);
	zw_bind_int(s, 7, zw_now());
	return zw_step(s) < 0 ? ZW_EDB : ZW_OK;
}

static int
audit(zw_conn *c, const struct zw_actor *who, const char *action, int64_t id,
    const char *no, const char *extra_key, const char *extra)
{
	json_t *d = json_pack("{s:s}", "no", no);
	int rc;

	if (extra_key != NULL)
		json_object_set_new(d, extra_key, json_string(extra ? extra : ""));
	rc = zw_actor_audit(c, who, action, "letter", id, "success", d);
	json_decref(d);
	return rc;
}

/* ---- submission ---- */

/* The receiving office of a target: its portal site's manager, else
 * the target.  ZW_ENOTFOUND when the target is no active organization. */
static int
office_of(zw_conn *c, int64_t target, int64_t *office)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT COALESCE(s.manager_org_id, o.id) FROM orgs o "
	    "LEFT JOIN portal_sites s ON s.org_id = o.id WHERE o.id = ? AND "
	    "o.status = 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, target);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*office = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

/* Is leader one of the target's site's leaders (by name)? */
static bool
leader_known(zw_conn *c, int64_t target, const char *leader)
{
	json_t *list, *l;
	zw_stmt *s;
	size_t i;
	bool ok = false;

	if (zw_prepare(c, "SELECT leaders FROM portal_sites WHERE org_id = ?",
	    &s) != ZW_OK)
		return false;
	zw_bind_int(s, 1, target);
	if (zw_step(s) != ZW_ROW)
		return false;
	list = json_loads(zw_col_text(s, 0), 0, NULL);
	zw_reset(s);
	json_array_foreach(list, i, l)
		if (strcmp(zw_json_str(l, "name") ? zw_json_str(l, "name") : "",
		    leader) == 0)
			ok = true;
	json_decref(list);
	return ok;
}

static bool
phone_ok(const char *p)
{
	size_t n = strlen(p), i;

	if (n < 7 || n > ZW_LETTER_MAX_PHONE)
		return false;
	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
			return false;
	return true;
}

/* Same content from the same phone or client IP within the window? */
static int
duplicate(zw_conn *c, const char *hash, const char *phone, const char *ip,
    bool *dup)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT 1 FROM letters WHERE content_hash = ? AND "
	    "created_at > ? AND (phone = ? OR (client_ip <> '' AND client_ip = ?)) "
	    "LIMIT 1", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, hash, (size_t)-1);
	zw_bind_int(s, 2, zw_now() - ZW_LETTER_DUP_WINDOW_S);
	zw_bind_text(s, 3, phone, (size_t)-1);
	zw_bind_text(s, 4, ip ? ip : "", (size_t)-1);
	rc = zw_step(s);
	*dup = rc == ZW_ROW;
	if (rc == ZW_ROW)
		zw_reset(s);
	return rc < 0 ? rc : ZW_OK;
}

int
zw_letter_submit(zw_conn *c, const struct zw_actor *who,
    const struct zw_letters_env *env, const struct zw_letter_in *in,
    char no[ZW_LETTER_NO_LEN], char code[ZW_LETTER_CODE_LEN + 1], int64_t *id,
    struct zw_why *why)
{
	char hash[65], chash[65], rec[11], due[11], tmpno[40];
	const char *leader = in->leader ? in->leader : "";
	int64_t office = 0, now = zw_now();
	zw_date today = zw_date_of(now);
	int cat = zw_letter_category(in->category);
	bool dup = false;
	zw_stmt *s;
	int rc;

	if (cat < 0) {
		ZW_WHY(why, "invalid_category", "信件类别应为咨询、建议、投诉、求助或举报之一",
		    "category");
		return ZW_EINVAL;
	}
	if (in->name == NULL || *in->name == '\0') {
		ZW_WHY(why, "name_required", "请填写姓名", "name");
		return ZW_EINVAL;
	}
	if (in->phone == NULL || !phone_ok(in->phone)) {
		ZW_WHY(why, "invalid_phone", "请填写正确的联系电话（数字，可含“-”）", "phone");
		return ZW_EINVAL;
	}
	if (in->subject == NULL || *in->subject == '\0') {
		ZW_WHY(why, "subject_required", "请填写信件标题", "subject");
		return ZW_EINVAL;
	}
	if (in->content == NULL || *in->content == '\0') {
		ZW_WHY(why, "content_required", "请填写信件内容", "content");
		return ZW_EINVAL;
	}
	if ((rc = office_of(c, in->target_org_id, &office)) != ZW_OK) {
		if (rc == ZW_ENOTFOUND) {
			ZW_WHY(why, "invalid_target", "收信单位不存在", "target_org_id");
			rc = ZW_EINVAL;
		}
		return rc;
	}
	if (*leader != '\0' && !leader_known(c, in->target_org_id, leader)) {
		ZW_WHY(why, "invalid_leader", "该单位没有这位领导的信箱", "leader");
		return ZW_EINVAL;
	}
	zw_sm3_hex(in->content, strlen(in->content), chash);
	if ((rc = duplicate(c, chash, in->phone, in->client_ip, &dup)) != ZW_OK)
		return rc;
	if (dup) {
		ZW_WHY(why, "duplicate_letter", "24小时内已提交过相同内容的信件，请勿重复提交",
		    "content");
		return ZW_ECONFLICT;
	}
	zw_date_fmt(today, rec, sizeof(rec));
	zw_date_fmt(zw_letter_due(env, cat, today), due, sizeof(due));
	zw_random_token(12, tmpno, sizeof(tmpno));
	rc = zw_prepare(c, "INSERT INTO letters (no, category, target_org_id, leader, "
	    "office_org_id, handler_org_id, writer_id, name, phone, subject, content, "
	    "content_hash, client_ip, public_consent, status, received_on, due_date, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, 'submitted', ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, tmpno, (size_t)-1);
	zw_bind_text(s, 2, zw_letter_categories[cat], (size_t)-1);
	zw_bind_int(s, 3, in->target_org_id);
	zw_bind_text(s, 4, leader, (size_t)-1);
	zw_bind_int(s, 5, office);
	zw_bind_int(s, 6, office);
	if (who->id > 0 && who->org_id == 0)
		zw_bind_int(s, 7, who->id);
	else
		zw_bind_null(s, 7);
	zw_bind_text(s, 8, in->name, (size_t)-1);
	zw_bind_text(s, 9, in->phone, (size_t)-1);
	zw_bind_text(s, 10, in->subject, (size_t)-1);
	zw_bind_text(s, 11, in->content, (size_t)-1);
	zw_bind_text(s, 12, chash, (size_t)-1);
	zw_bind_text(s, 13, in->client_ip ? in->client_ip : "", (size_t)-1);
	zw_bind_int(s, 14, in->public_consent ? 1 : 0);
	zw_bind_text(s, 15, rec, (size_t)-1);
	zw_bind_text(s, 16, due, (size_t)-1);
	zw_bind_int(s, 17, now);
	zw_bind_int(s, 18, now);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	/* 信件编号: XJ + 收信日期 + 8-digit serial. */
	snprintf(no, ZW_LETTER_NO_LEN, "XJ%04d%02d%02d%08lld", today.y, today.m,
	    today.d, (long long)(*id % 100000000));
	new_code(code);
	code_hash(no, code, hash);
	rc = zw_prepare(c, "UPDATE letters SET no = ?, query_code_hash = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	zw_bind_text(s, 2, hash, (size_t)-1);
	zw_bind_int(s, 3, *id);
	if (zw_step(s) < 0)
		return ZW_EDB;
	if ((rc = event(c, who, *id, "submit", 0, office, "")) != ZW_OK ||
	    (rc = audit(c, who, "letter.submit", *id, no, "category",
	    zw_letter_categories[cat])) != ZW_OK)
		return rc;
	return zw_portal_changed(c, TAG_STATS);
}

/* ---- reading ---- */

#define LETTER_COLS \
	"l.id, l.no, l.category, l.target_org_id, t.name, l.leader, " \
	"l.office_org_id, oo.name, l.handler_org_id, h.name, l.name, l.phone, " \
	"l.subject, l.content, l.public_consent, l.status, l.received_on, " \
	"l.due_date, l.reply, l.reply_org_id, ro.name, l.replied_at, l.replied_on, " \
	"l.rating, l.rated_at, l.published, l.published_at, l.writer_id, " \
	"oo.path, h.path, l.query_code_hash, l.created_at "
#define LETTER_FROM \
	"FROM letters l JOIN orgs t ON t.id = l.target_org_id " \
	"JOIN orgs oo ON oo.id = l.office_org_id " \
	"JOIN orgs h ON h.id = l.handler_org_id " \
	"LEFT JOIN orgs ro ON ro.id = l.reply_org_id "

static bool
open_status(const char *st)
{
	return strcmp(st, "submitted") == 0 || strcmp(st, "routed") == 0;
}

/* The JSON of a letter row (LETTER_COLS). */
static json_t *
letter_row(zw_stmt *s)
{
	char today[11], url[64];
	const char *st = zw_col_text(s, 15), *due = zw_col_text(s, 17);
	json_t *o;

	today_s(today);
	o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:I, s:s, s:I, s:s, s:s, "
	    "s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:b, s:o, s:b, s:b}",
	    "id", (json_int_t)zw_col_int(s, 0), "no", zw_col_text(s, 1),
	    "category", zw_col_text(s, 2),
	    "target_org_id", (json_int_t)zw_col_int(s, 3),
	    "target_org_name", zw_col_text(s, 4), "leader", zw_col_text(s, 5),
	    "office_org_id", (json_int_t)zw_col_int(s, 6),
	    "office_org_name", zw_col_text(s, 7),
	    "handler_org_id", (json_int_t)zw_col_int(s, 8),
	    "handler_org_name", zw_col_text(s, 9), "name", zw_col_text(s, 10),
	    "phone", zw_col_text(s, 11), "subject", zw_col_text(s, 12),
	    "content", zw_col_text(s, 13),
	    "public_consent", zw_col_int(s, 14) != 0, "status", st,
	    "status_name", zw_letter_status_name(st),
	    "received_on", zw_col_text(s, 16), "due_date", due,
	    "reply", zw_col_json_text(s, 18), "reply_org_id", zw_col_json_int(s, 19),
	    "reply_org_name", zw_col_json_text(s, 20),
	    "replied_at", zw_col_json_time(s, 21), "replied_on", zw_col_json_text(s, 22),
	    "rating", zw_col_json_text(s, 23), "rated_at", zw_col_json_time(s, 24),
	    "published", zw_col_int(s, 25) != 0,
	    "published_at", zw_col_json_time(s, 26),
	    /* 超期: past the due date without a reply (§8). */
	    "overdue", open_status(st) && strcmp(due, today) < 0,
	    "on_time", !zw_col_isnull(s, 22) && strcmp(zw_col_text(s, 22), due) <= 0);
	if (zw_col_int(s, 25) != 0) {
		snprintf(url, sizeof(url), "/letters/%s", zw_col_text(s, 1));
		json_object_set_new(o, "url", json_string(url));
	} else
		json_object_set_new(o, "url", json_null());
	return o;
}

static json_t *
events_of(zw_conn *c, int64_t id, bool staff)
{
	json_t *out = json_array();
	zw_stmt *s;

	if (zw_prepare(c, "SELECT e.action, e.note, e.created_at, f.name, t.name, "
	    "u.name FROM letter_events e LEFT JOIN orgs f ON f.id = e.from_org_id "
	    "LEFT JOIN orgs t ON t.id = e.to_org_id LEFT JOIN users u ON "
	    "u.id = e.actor_id WHERE e.letter_id = ? ORDER BY e.id", &s) != ZW_OK)
		return out;
	zw_bind_int(s, 1, id);
	while (zw_step(s) == ZW_ROW) {
		json_t *e = json_pack("{s:s, s:s, s:o, s:s, s:s}",
		    "action", zw_col_text(s, 0), "note", staff ? zw_col_text(s, 1) : "",
		    "at", zw_col_json_time(s, 2), "from_org_name", zw_col_text(s, 3),
		    "to_org_name", zw_col_text(s, 4));

		if (staff)
			json_object_set_new(e, "actor_name", json_string(zw_col_text(s, 5)));
		json_array_append_new(out, e);
	}
	return out;
}

int
zw_letter_writer_view(zw_conn *c, const struct zw_actor *who,
    const char *no, const char *code, json_t **out, int64_t *idp)
{
	char hash[65], want[65];
	bool ok;
	zw_stmt *s;
	json_t *o;
	int rc;

	if (no == NULL || strlen(no) >= ZW_LETTER_NO_LEN ||
	    (code != NULL && strlen(code) > ZW_LETTER_CODE_LEN))
		return ZW_ENOTFOUND;
	code_hash(no, code != NULL ? code : "", want);
	rc = zw_prepare(c, "SELECT " LETTER_COLS LETTER_FROM "WHERE l.no = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW) {
		/* The same work as for a found letter: nothing tells whether
		 * the number exists. */
		memset(hash, '0', 64);
		hash[64] = '\0';
		(void)zw_ct_eq(hash, want, 64);
		return rc < 0 ? rc : ZW_ENOTFOUND;
	}
	zw_strlcpy(hash, zw_col_text(s, 30), sizeof(hash));
	if (code != NULL)
		ok = strlen(hash) == 64 && zw_ct_eq(hash, want, 64);
	else
		ok = who != NULL && who->id > 0 && who->org_id == 0 &&
		    zw_col_int(s, 27) == who->id;
	if (!ok) {
		zw_reset(s);
		return ZW_ENOTFOUND;
	}
	o = letter_row(s);
	zw_reset(s);
	json_object_set_new(o, "events", events_of(c, zw_json_int(o, "id"), false));
	if (idp != NULL)
		*idp = zw_json_int(o, "id");
	*out = o;
	return ZW_OK;
}

/* Load a letter row for staff; ZW_ENOTFOUND when out of scope.
 * OUT: *out (JSON), *handler_ok (the handler lies in scope). */
static int
staff_load(zw_conn *c, const struct zw_actor *who, int64_t id, json_t **out,
    bool *handler_ok)
{
	bool office_ok, hok;
	zw_stmt *s;
	int rc;

	if (!zw_actor_can(who, "letters.handle"))
		return ZW_ENOTFOUND;
	rc = zw_prepare(c, "SELECT " LETTER_COLS LETTER_FROM "WHERE l.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	office_ok = reach(who, zw_col_text(s, 28));
	hok = reach(who, zw_col_text(s, 29));
	if (!office_ok && !hok) {
		zw_reset(s);
		return ZW_ENOTFOUND;
	}
	*out = letter_row(s);
	zw_reset(s);
	if (handler_ok != NULL)
		*handler_ok = hok;
	return ZW_OK;
}

int
zw_letter_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out)
{
	bool handler_ok = false;
	int rc;

	if ((rc = staff_load(c, who, id, out, &handler_ok)) != ZW_OK)
		return rc;
	/* Only the responsible organization answers (zw_letter_reply). */
	json_object_set_new(*out, "can_reply", json_boolean(handler_ok &&
	    open_status(zw_json_str(*out, "status"))));
	json_object_set_new(*out, "events", events_of(c, id, true));
	return ZW_OK;
}

int
zw_letter_find(zw_conn *c, const struct zw_actor *who, const char *no,
    int64_t *id)
{
	json_t *o;
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT id FROM letters WHERE no = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = staff_load(c, who, *id, &o, NULL)) != ZW_OK)
		return rc;
	json_decref(o);
	return ZW_OK;
}

/* The scope condition of the staff list: office or handler in scope. */
#define SCOPE_COND "(oo.path LIKE ? OR h.path LIKE ?)"

static void
bind_scope2(zw_stmt *s, int i, const struct zw_actor *who, zw_arena *a)
{
	const char *path = who->org_path && *who->org_path ? who->org_path : "/-/";
	const char *p;

	if (who->scope == ZW_SCOPE_ALL)
		p = "%";
	else if (who->scope == ZW_SCOPE_ORG_TREE)
		p = zw_aprintf(a, "%s%%", path);
	else
		p = path;
	zw_bind_text(s, i, p, (size_t)-1);
	zw_bind_text(s, i + 1, p, (size_t)-1);
}

int
zw_letter_list(zw_conn *c, const struct zw_actor *who, const char *filter,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next_cursor)
{
	zw_arena *a;
	const char *f = filter ? filter : "";
	char today[11];
	int64_t n = 0, last = 0;
	zw_stmt *s;
	int rc;

	*items = json_array();
	*next_cursor = 0;
	if (!zw_actor_can(who, "letters.handle"))
		return ZW_OK;
	a = zw_arena_new();
	rc = zw_prepare(c, "SELECT " LETTER_COLS LETTER_FROM "WHERE l.id < ? AND "
	    SCOPE_COND " AND (? = '' OR "
	    "(? = 'open' AND l.status IN ('submitted', 'routed')) OR "
	    "(? = 'overdue' AND l.status IN ('submitted', 'routed') AND "
	    "l.due_date < ?) OR "
	    "(? = 'replied' AND l.status IN ('replied', 'closed')) OR "
	    "(? = 'published' AND l.published = 1)) ORDER BY l.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, cursor > 0 ? cursor : INT64_MAX);
	bind_scope2(s, 2, who, a);
	zw_bind_text(s, 4, f, (size_t)-1);
	zw_bind_text(s, 5, f, (size_t)-1);
	zw_bind_text(s, 6, f, (size_t)-1);
	zw_bind_text(s, 7, today_s(today), (size_t)-1);
	zw_bind_text(s, 8, f, (size_t)-1);
	zw_bind_text(s, 9, f, (size_t)-1);
	zw_bind_int(s, 10, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next_cursor = last;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		last = zw_col_int(s, 0);
		json_array_append_new(*items, letter_row(s));
		n++;
	}
	rc = rc < 0 ? rc : ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_letter_counts(zw_conn *c, const struct zw_actor *who, int64_t *open,
    int64_t *overdue)
{
	zw_arena *a;
	char today[11];
	zw_stmt *s;
	int rc;

	*open = *overdue = 0;
	if (!zw_actor_can(who, "letters.handle"))
		return ZW_OK;
	a = zw_arena_new();
	rc = zw_prepare(c, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN l.due_date < ? "
	    "THEN 1 ELSE 0 END), 0) FROM letters l "
	    "JOIN orgs oo ON oo.id = l.office_org_id "
	    "JOIN orgs h ON h.id = l.handler_org_id WHERE " SCOPE_COND
	    " AND l.status IN ('submitted', 'routed')", &s);
	if (rc == ZW_OK) {
		zw_bind_text(s, 1, today_s(today), (size_t)-1);
		bind_scope2(s, 2, who, a);
		if ((rc = zw_step(s)) == ZW_ROW) {
			*open = zw_col_int(s, 0);
			*overdue = zw_col_int(s, 1);
			zw_reset(s);
			rc = ZW_OK;
		} else
			rc = rc < 0 ? rc : ZW_EDB;
	}
	zw_arena_free(a);
	return rc;
}

int
zw_letter_mine(zw_conn *c, const struct zw_actor *who, json_t **items)
{
	zw_stmt *s;
	int rc;

	*items = json_array();
	if (who->id <= 0 || who->org_id != 0)
		return ZW_OK;
	rc = zw_prepare(c, "SELECT " LETTER_COLS LETTER_FROM "WHERE l.writer_id = ? "
	    "ORDER BY l.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->id);
	zw_bind_int(s, 2, ZW_LETTER_HOME_MAX);
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(*items, letter_row(s));
	return rc < 0 ? rc : ZW_OK;
}

/* ---- workflow ---- */

int
zw_letter_route(zw_conn *c, const struct zw_actor *who, int64_t id,
    int64_t to_org_id, const char *reason, struct zw_why *why)
{
	json_t *o;
	zw_stmt *s;
	int64_t from;
	int rc;

	if ((rc = staff_load(c, who, id, &o, NULL)) != ZW_OK)
		return rc;
	if (!open_status(zw_json_str(o, "status"))) {
		ZW_WHY(why, "already_replied", "信件已答复，不能再转办", NULL);
		rc = ZW_ESTATE;
		goto out;
	}
	if (reason == NULL || *reason == '\0') {
		ZW_WHY(why, "reason_required", "请填写转办理由", "reason");
		rc = ZW_EINVAL;
		goto out;
	}
	from = zw_json_int(o, "handler_org_id");
	if (to_org_id == from) {
		ZW_WHY(why, "same_org", "信件已由该单位办理", "org_id");
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_prepare(c, "SELECT 1 FROM orgs WHERE id = ? AND status = "
	    "'active'", &s)) != ZW_OK)
		goto out;
	zw_bind_int(s, 1, to_org_id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		ZW_WHY(why, "invalid_org", "承办单位不存在", "org_id");
		rc = rc < 0 ? rc : ZW_EINVAL;
		goto out;
	}
	zw_reset(s);
	if ((rc = zw_prepare(c, "UPDATE letters SET status = 'routed', "
	    "handler_org_id = ?, updated_at = ? WHERE id = ?", &s)) != ZW_OK)
		goto out;
	zw_bind_int(s, 1, to_org_id);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	if ((rc = event(c, who, id, "route", from, to_org_id, reason)) != ZW_OK ||
	    (rc = audit(c, who, "letter.route", id, zw_json_str(o, "no"), "reason",
	    reason)) != ZW_OK)
		goto out;
	rc = zw_portal_changed(c, TAG_STATS);
out:
	json_decref(o);
	return rc;
}

int
zw_letter_reply(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reply, struct zw_why *why)
{
	char today[11];
	bool handler_ok = false;
	json_t *o;
	zw_stmt *s;
	int rc;

	if ((rc = staff_load(c, who, id, &o, &handler_ok)) != ZW_OK)
		return rc;
	if (!open_status(zw_json_str(o, "status"))) {
		ZW_WHY(why, "already_replied", "信件已经答复", NULL);
		rc = ZW_ESTATE;
		goto out;
	}
	if (!handler_ok) {
		ZW_WHY(why, "not_handler", "信件已转办，由承办单位答复", NULL);
		rc = ZW_EPERM;
		goto out;
	}
	if (reply == NULL || *reply == '\0') {
		ZW_WHY(why, "reply_required", "请填写答复内容", "reply");
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_prepare(c, "UPDATE letters SET status = 'replied', reply = ?, "
	    "reply_org_id = handler_org_id, replier_id = ?, replied_at = ?, "
	    "replied_on = ?, updated_at = ? WHERE id = ?", &s)) != ZW_OK)
		goto out;
	zw_bind_text(s, 1, reply, (size_t)-1);
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, zw_now());
	zw_bind_text(s, 4, today_s(today), (size_t)-1);
	zw_bind_int(s, 5, zw_now());
	zw_bind_int(s, 6, id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	if ((rc = event(c, who, id, "reply", zw_json_int(o, "handler_org_id"), 0,
	    "")) != ZW_OK || (rc = audit(c, who, "letter.reply", id,
	    zw_json_str(o, "no"), NULL, NULL)) != ZW_OK)
		goto out;
	rc = zw_portal_changed(c, TAG_STATS);
out:
	json_decref(o);
	return rc;
}

int
zw_letter_rate(zw_conn *c, const struct zw_actor *who, const char *no,
    const char *code, const char *rating, struct zw_why *why)
{
	int64_t id = 0;
	json_t *o;
	zw_stmt *s;
	int rc;

	if ((rc = zw_letter_writer_view(c, who, no, code, &o, &id)) != ZW_OK)
		return rc;
	if (strcmp(zw_json_str(o, "status"), "replied") != 0) {
		if (strcmp(zw_json_str(o, "status"), "closed") == 0)
			ZW_WHY(why, "already_rated", "您已评价过该答复", "rating");
		else
			ZW_WHY(why, "not_replied", "信件尚未答复，答复后才能评价", "rating");
		rc = ZW_ESTATE;
		goto out;
	}
	if (rating == NULL || (strcmp(rating, "满意") != 0 &&
	    strcmp(rating, "基本满意") != 0 && strcmp(rating, "不满意") != 0)) {
		ZW_WHY(why, "invalid_rating", "评价应为满意、基本满意或不满意", "rating");
		rc = ZW_EINVAL;
		goto out;
	}
	if ((rc = zw_prepare(c, "UPDATE letters SET status = 'closed', rating = ?, "
	    "rated_at = ?, updated_at = ? WHERE id = ? AND status = 'replied'",
	    &s)) != ZW_OK)
		goto out;
	zw_bind_text(s, 1, rating, (size_t)-1);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	if ((rc = event(c, who, id, "rate", 0, 0, rating)) != ZW_OK)
		goto out;
	rc = audit(c, who, "letter.rate", id, zw_json_str(o, "no"), "rating", rating);
out:
	json_decref(o);
	return rc;
}

/* Put a just-published letter into the site search (sitesearch.h), as
 * the public sees it: masked subject, content and reply. */
static int
index_published(zw_conn *c, const char *no)
{
	struct zw_site_doc d = { 0 };
	json_t *o;
	zw_buf body;
	int rc;

	if ((rc = zw_letter_public(c, no, &o)) != ZW_OK)
		return rc;
	zw_buf_init(&body, ZW_SEARCH_MAX_INDEX);
	zw_buf_puts(&body, zw_json_str(o, "content"));
	zw_buf_puts(&body, "\n");
	zw_buf_puts(&body, zw_json_str(o, "reply"));
	d.org_id = (int64_t)json_integer_value(json_object_get(o, "org_id"));
	d.title = zw_json_str(o, "subject");
	d.body = body.p != NULL ? body.p : "";
	d.url = zw_json_str(o, "url");
	d.published_at = zw_now();
	rc = zw_site_search_put(c, "letter", (int64_t)json_integer_value(
	    json_object_get(o, "id")), &d);
	zw_buf_free(&body);
	json_decref(o);
	return rc;
}

int
zw_letter_publish(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why)
{
	const char *st;
	char tagbuf[32];
	json_t *o;
	zw_stmt *s;
	int rc;

	if ((rc = staff_load(c, who, id, &o, NULL)) != ZW_OK)
		return rc;
	st = zw_json_str(o, "status");
	if (json_is_true(json_object_get(o, "published"))) {
		ZW_WHY(why, "already_published", "信件已经公开", NULL);
		rc = ZW_ESTATE;
		goto out;
	}
	if (open_status(st)) {
		ZW_WHY(why, "not_replied", "信件答复后才能公开", NULL);
		rc = ZW_ESTATE;
		goto out;
	}
	if (!json_is_true(json_object_get(o, "public_consent"))) {
		ZW_WHY(why, "no_consent", "来信人不同意公开，不能公开该信件", NULL);
		rc = ZW_EPERM;
		goto out;
	}
	if ((rc = zw_prepare(c, "UPDATE letters SET published = 1, published_at = ?, "
	    "publisher_id = ?, updated_at = ? WHERE id = ?", &s)) != ZW_OK)
		goto out;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, id);
	if (zw_step(s) < 0) {
		rc = ZW_EDB;
		goto out;
	}
	snprintf(tagbuf, sizeof(tagbuf), "l:%lld", (long long)id);
	if ((rc = index_published(c, zw_json_str(o, "no"))) != ZW_OK ||
	    (rc = event(c, who, id, "publish", 0, 0, "")) != ZW_OK ||
	    (rc = audit(c, who, "letter.publish", id, zw_json_str(o, "no"), NULL,
	    NULL)) != ZW_OK || (rc = zw_portal_changed(c, TAG_PUB)) != ZW_OK)
		goto out;
	rc = zw_portal_changed(c, tagbuf);
out:
	json_decref(o);
	return rc;
}

/* ---- public ---- */

#define PUBLIC_COLS \
	"l.id, l.no, l.category, l.subject, l.content, l.name, l.received_on, " \
	"l.reply, ro.name, l.replied_on, l.published_at, t.name, l.leader, " \
	"l.reply_org_id "
#define PUBLIC_FROM \
	"FROM letters l JOIN orgs t ON t.id = l.target_org_id " \
	"LEFT JOIN orgs ro ON ro.id = l.reply_org_id "

/* A published letter as the public sees it: no phone, the name and the
 * numbers in the text masked. */
static json_t *
public_row(zw_stmt *s)
{
	zw_arena *a = zw_arena_new();
	json_t *o;

	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, "
	    "s:s, s:s, s:I, s:s}",
	    "id", (json_int_t)zw_col_int(s, 0), "no", zw_col_text(s, 1),
	    "category", zw_col_text(s, 2),
	    "subject", zw_letter_mask_text(a, zw_col_text(s, 3)),
	    "content", zw_letter_mask_text(a, zw_col_text(s, 4)),
	    "name", zw_letter_mask_name(a, zw_col_text(s, 5)),
	    "received_on", zw_col_text(s, 6),
	    "reply", zw_letter_mask_text(a, zw_col_text(s, 7)),
	    "reply_org_name", zw_col_text(s, 8), "replied_on", zw_col_text(s, 9),
	    "published_at", zw_col_json_time(s, 10),
	    "target_org_name", zw_col_text(s, 11), "leader", zw_col_text(s, 12),
	    "org_id", (json_int_t)zw_col_int(s, 13),
	    "url", zw_aprintf(a, "/letters/%s", zw_col_text(s, 1)));
	zw_arena_free(a);
	return o;
}

int
zw_letter_public(zw_conn *c, const char *no, json_t **out)
{
	zw_stmt *s;
	int rc;

	if (no == NULL || strlen(no) >= ZW_LETTER_NO_LEN)
		return ZW_ENOTFOUND;
	rc = zw_prepare(c, "SELECT " PUBLIC_COLS PUBLIC_FROM "WHERE l.no = ? AND "
	    "l.published = 1", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*out = public_row(s);
	zw_reset(s);
	return ZW_OK;
}

int
zw_letter_public_list(zw_conn *c, int64_t offset, int64_t limit,
    json_t **items, int64_t *total)
{
	zw_stmt *s;
	int rc;

	*items = json_array();
	*total = 0;
	if ((rc = zw_prepare(c, "SELECT COUNT(*) FROM letters WHERE published = 1",
	    &s)) != ZW_OK)
		return rc;
	if ((rc = zw_step(s)) == ZW_ROW) {
		*total = zw_col_int(s, 0);
		zw_reset(s);
	}
	rc = zw_prepare(c, "SELECT " PUBLIC_COLS PUBLIC_FROM "WHERE l.published = 1 "
	    "ORDER BY l.published_at DESC, l.id DESC LIMIT ? OFFSET ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, limit);
	zw_bind_int(s, 2, offset);
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(*items, public_row(s));
	return rc < 0 ? rc : ZW_OK;
}

static const char *
rate_text(zw_arena *a, int64_t part, int64_t whole)
{
	if (whole <= 0)
		return "—";
	return zw_aprintf(a, "%lld.%lld%%", (long long)(part * 100 / whole),
	    (long long)(part * 1000 / whole % 10));
}

int
zw_letter_stats(zw_conn *c, zw_date from, zw_date to, json_t **out)
{
	zw_arena *a = zw_arena_new();
	char f[11], t[11], today[11];
	int64_t rec = 0, rep = 0, ontime = 0, open = 0, late = 0;
	json_t *orgs = json_array();
	zw_stmt *s;
	int rc;

	zw_date_fmt(from, f, sizeof(f));
	zw_date_fmt(to, t, sizeof(t));
	today_s(today);
	/* By the responsible organization (the one that answered or must). */
	rc = zw_prepare(c, "SELECT h.name, COUNT(*), "
	    "SUM(CASE WHEN l.replied_on IS NOT NULL THEN 1 ELSE 0 END), "
	    "SUM(CASE WHEN l.replied_on IS NOT NULL AND l.replied_on <= l.due_date "
	    "THEN 1 ELSE 0 END), "
	    "SUM(CASE WHEN l.replied_on IS NULL THEN 1 ELSE 0 END), "
	    "SUM(CASE WHEN l.replied_on IS NULL AND l.due_date < ? THEN 1 ELSE 0 END) "
	    "FROM letters l JOIN orgs h ON h.id = l.handler_org_id "
	    "WHERE l.received_on >= ? AND l.received_on <= ? "
	    "GROUP BY h.id, h.name, h.path ORDER BY h.path", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, today, (size_t)-1);
	zw_bind_text(s, 2, f, (size_t)-1);
	zw_bind_text(s, 3, t, (size_t)-1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		int64_t n = zw_col_int(s, 1), r = zw_col_int(s, 2), o = zw_col_int(s, 3);

		rec += n;
		rep += r;
		ontime += o;
		open += zw_col_int(s, 4);
		late += zw_col_int(s, 5);
		json_array_append_new(orgs, json_pack("{s:s, s:I, s:I, s:I, s:s}",
		    "org_name", zw_col_text(s, 0), "received", (json_int_t)n,
		    "replied", (json_int_t)r, "on_time", (json_int_t)o,
		    "on_time_rate", rate_text(a, o, r)));
	}
	if (rc < 0)
		goto out;
	*out = json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:I, s:I, s:O}",
	    "from", f, "to", t, "received", (json_int_t)rec, "replied",
	    (json_int_t)rep, "replied_on_time", (json_int_t)ontime,
	    "on_time_rate", rate_text(a, ontime, rep), "open", (json_int_t)open,
	    "overdue", (json_int_t)late, "by_org", orgs);
	rc = ZW_OK;
out:
	json_decref(orgs);
	zw_arena_free(a);
	return rc;
}

