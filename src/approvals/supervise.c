/*
 * supervise.c -- electronic supervision (电子监察, standards.md §3.3):
 * alerts raised by the sweep and by the handling code, their
 * resolution, the alert list and dashboard figures, and supervision
 * notices (监察通知) with the department's answer.  See supervise.h.
 *
 * The sweep is set-based: the applications table carries the dates
 * from which each level applies (warn_on, yellow_on, red_on, computed
 * by the clock whenever a case changes), so each rule is one
 * INSERT ... SELECT over an index range with ON CONFLICT (app_id, rule)
 * DO NOTHING, and nothing is done per row in C.  The alerts a sweep
 * created are those with ids above the largest id before it; two more
 * statements give them their timeline events and alert_level.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/supervise.h"
#include "approvals/sv_int.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/str.h"
#include "org/org_int.h"

#define SWEEP_ACTOR "电子监察系统"
#define LAST_SWEEP_KEY "supervision.last_sweep"

/* The rules the sweep raises (the handling code raises others). */
#define SWEEP_RULES "('warn', 'overdue', 'overdue_red', 'instant_late', " \
	"'step_overdue', 'delivery_overdue')"

const char *
zw_alert_level_name(int level)
{
	switch (level) {
	case ZW_ALERT_WARN:	return "预警";
	case ZW_ALERT_YELLOW:	return "黄牌";
	case ZW_ALERT_RED:	return "红牌";
	default:		return "";
	}
}

int
zw_alert_level_parse(const char *s)
{
	int i;

	if (s == NULL)
		return 0;
	for (i = ZW_ALERT_WARN; i <= ZW_ALERT_RED; i++)
		if (strcmp(s, zw_alert_level_name(i)) == 0)
			return i;
	if (s[0] >= '1' && s[0] <= '3' && s[1] == '\0')
		return s[0] - '0';
	return 0;
}

/* ---- helpers shared with stats.c and rating.c (sv_int.h) ---- */

const char *
zw_sv_status_name(const char *status)
{
	static const char *const names[][2] = {
		{ "submitted", "待受理" }, { "correction", "待补正" },
		{ "rejected", "不予受理" }, { "accepted", "审查中" },
		{ "suspended", "特别程序中" }, { "approved", "准予许可（待送达）" },
		{ "denied", "不予许可" }, { "completed", "已办结" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(status, names[i][0]) == 0)
			return names[i][1];
	return status;
}

void
zw_sv_today(char *out)
{
	zw_date_fmt(zw_date_of(zw_now()), out, 11);
}

json_t *
zw_sv_time(zw_stmt *s, int col)
{
	char buf[32];

	if (zw_col_isnull(s, col) || zw_col_int(s, col) == 0)
		return json_null();
	zw_time_rfc3339(zw_col_int(s, col), buf, sizeof(buf));
	return json_string(buf);
}

bool
zw_sv_in_scope(const struct zw_actor *who, const char *org_path)
{
	const char *p = who->org_path != NULL ? who->org_path : "";

	switch (who->scope) {
	case ZW_SCOPE_ALL:
		return true;
	case ZW_SCOPE_ORG_TREE:
		return *p != '\0' && strncmp(org_path, p, strlen(p)) == 0;
	case ZW_SCOPE_ORG:
		return *p != '\0' && strcmp(org_path, p) == 0;
	default:
		return false;
	}
}

int
zw_sv_app_by_no(zw_conn *c, const char *no, struct zw_sv_app *a)
{
	zw_stmt *s;
	int rc;

	if (no == NULL || *no == '\0' || strlen(no) >= ZW_APP_NO_LEN)
		return ZW_ENOTFOUND;
	rc = zw_prepare(c, "SELECT a.id, a.org_id, a.applicant_id, a.status, "
	    "o.path FROM applications a JOIN orgs o ON o.id = a.org_id "
	    "WHERE a.no = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, no, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	a->id = zw_col_int(s, 0);
	a->org_id = zw_col_int(s, 1);
	a->applicant_id = zw_col_int(s, 2);
	zw_strlcpy(a->status, zw_col_text(s, 3), sizeof(a->status));
	zw_strlcpy(a->org_path, zw_col_text(s, 4), sizeof(a->org_path));
	zw_reset(s);
	return ZW_OK;
}

int
zw_sv_event(zw_conn *c, const struct zw_actor *who, int64_t app_id,
    const char *action, const char *detail, bool public_)
{
	zw_stmt *s;
	int rc;

	if (who == NULL || who->id <= 0) {
		rc = zw_prepare(c, "INSERT INTO application_events (app_id, at, "
		    "actor_id, actor_name, org_name, action, detail, public) "
		    "VALUES (?, ?, NULL, ?, '', ?, ?, ?)", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, app_id);
		zw_bind_int(s, 2, zw_now());
		zw_bind_text(s, 3, SWEEP_ACTOR, (size_t)-1);
		zw_bind_text(s, 4, action, (size_t)-1);
		zw_bind_text(s, 5, detail ? detail : "", (size_t)-1);
		zw_bind_int(s, 6, public_ ? 1 : 0);
	} else {
		rc = zw_prepare(c, "INSERT INTO application_events (app_id, at, "
		    "actor_id, actor_name, org_name, action, detail, public) "
		    "SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), u.id, u.name, "
		    "COALESCE(o.name, ''), CAST(? AS TEXT), CAST(? AS TEXT), "
		    "CAST(? AS INTEGER) FROM users u LEFT JOIN orgs o ON "
		    "o.id = u.org_id WHERE u.id = ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, app_id);
		zw_bind_int(s, 2, zw_now());
		zw_bind_text(s, 3, action, (size_t)-1);
		zw_bind_text(s, 4, detail ? detail : "", (size_t)-1);
		zw_bind_int(s, 5, public_ ? 1 : 0);
		zw_bind_int(s, 6, who->id);
	}
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

/* ---- raising and resolving ---- */

int
zw_supervision_raise(zw_conn *c, int64_t app_id, int level, const char *rule,
    const char *reason)
{
	char action[32];
	zw_stmt *s;
	json_t *d;
	int rc, inserted;

	if (level < ZW_ALERT_WARN || level > ZW_ALERT_RED || rule == NULL ||
	    *rule == '\0' || strlen(rule) > ZW_SV_MAX_RULE ||
	    zw_check_text(reason, "reason", true, ZW_SV_MAX_REASON, NULL) != ZW_OK)
		return ZW_EINVAL;
	rc = zw_prepare(c, "INSERT INTO supervision_alerts (app_id, org_id, level, "
	    "rule, reason, raised_at) SELECT id, org_id, CAST(? AS INTEGER), "
	    "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT) FROM applications "
	    "WHERE id = ? ON CONFLICT (app_id, rule) DO NOTHING RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, level);
	zw_bind_text(s, 2, rule, (size_t)-1);
	zw_bind_text(s, 3, reason, (size_t)-1);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, app_id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	inserted = rc == ZW_ROW;
	zw_reset(s);
	if (!inserted) {
		/* a duplicate, or no such application */
		rc = zw_prepare(c, "SELECT 1 FROM applications WHERE id = ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, app_id);
		rc = zw_step(s);
		zw_reset(s);
		return rc < 0 ? rc : rc == ZW_ROW ? ZW_OK : ZW_ENOTFOUND;
	}
	rc = zw_prepare(c, "UPDATE applications SET alert_level = ? "
	    "WHERE id = ? AND alert_level < ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, level);
	zw_bind_int(s, 2, app_id);
	zw_bind_int(s, 3, level);
	if ((rc = zw_step(s)) < 0)
		return rc;
	snprintf(action, sizeof(action), "电子监察%s", zw_alert_level_name(level));
	if ((rc = zw_sv_event(c, NULL, app_id, action, reason, false)) != ZW_OK)
		return rc;
	d = json_pack("{s:s, s:s, s:s}", "rule", rule, "level",
	    zw_alert_level_name(level), "reason", reason);
	rc = zw_actor_audit(c, NULL, "supervision.alert", "application", app_id,
	    "success", d);
	json_decref(d);
	return rc;
}

int
zw_supervision_resolve(zw_conn *c, int64_t app_id)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "UPDATE supervision_alerts SET resolved_at = ? "
	    "WHERE app_id = ? AND resolved_at IS NULL", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, app_id);
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

/* ---- the sweep ---- */

/*
 * The rules.  Each statement binds its own parameters (listed), then
 * raised_at (now) and today.  The conditions name the indexed column
 * first so that both planners take the index range; the supervision
 * dates are NULL outside status 'accepted', so the range holds open
 * cases only.  NOT EXISTS skips the cases that already have the alert
 * before their reason is built (the repeat sweeps' common case); ON
 * CONFLICT still guards against a concurrent raise.
 */
#define ALERT_INSERT "INSERT INTO supervision_alerts (app_id, org_id, level, " \
	"rule, reason, raised_at) "
#define NO_ALERT(app, rule) "NOT EXISTS (SELECT 1 FROM supervision_alerts x " \
	"WHERE x.app_id = " app " AND x.rule = " rule ")"

/* 预警: ? = warn percent (text) */
static const char sql_warn[] = ALERT_INSERT
    "SELECT id, org_id, 1, 'warn', '预警：剩余办理时间已不足承诺时限的' "
    "|| CAST(? AS TEXT) || '%，承诺办结期限为' || COALESCE(promised_deadline, '') "
    "|| '（自' || warn_on || '起预警）', CAST(? AS BIGINT) FROM applications "
    "WHERE warn_on <= ? AND status = 'accepted' AND "
    NO_ALERT("applications.id", "'warn'")
    " ON CONFLICT (app_id, rule) DO NOTHING";

/* 黄牌: ? = today (text, for the reason) */
static const char sql_overdue[] = ALERT_INSERT
    "SELECT id, org_id, 2, 'overdue', '黄牌：已超过承诺办结期限' "
    "|| COALESCE(promised_deadline, '') || '，截至' || CAST(? AS TEXT) || "
    "'仍未办结', CAST(? AS BIGINT) FROM applications "
    "WHERE yellow_on <= ? AND status = 'accepted' AND "
    NO_ALERT("applications.id", "'overdue'")
    " ON CONFLICT (app_id, rule) DO NOTHING";

/* 红牌: ? = today (legal deadline passed?), red days (text) */
#define RED_RULE "CASE WHEN promised_days = 0 THEN 'instant_late' ELSE " \
	"'overdue_red' END"
static const char sql_red[] = ALERT_INSERT
    "SELECT id, org_id, 3, " RED_RULE ", CASE WHEN promised_days = 0 THEN "
    "'红牌：即办件未于受理当日（' || COALESCE(accepted_on, '') || '）办结' "
    "WHEN legal_deadline < CAST(? AS TEXT) THEN '红牌：已超过法定办结期限' || "
    "legal_deadline ELSE '红牌：超过承诺办结期限' || COALESCE(promised_deadline, "
    "'') || '已逾' || CAST(? AS TEXT) || '个工作日' END, CAST(? AS BIGINT) "
    "FROM applications WHERE red_on <= ? AND status = 'accepted' AND "
    NO_ALERT("applications.id", RED_RULE)
    " ON CONFLICT (app_id, rule) DO NOTHING";

/*
 * A review or joint step late.  The earliest late step of a case names
 * the alert; the department is the step's.  Steps and applications keep
 * their history, so open ones are found through the (org_id, status)
 * indexes, one range per organization ("org_id IN (SELECT id FROM
 * orgs)"), never by scanning either table; SQLite is told so, as its
 * planner may prefer a scan when statistics say status is common.
 */
#define STEP_SELECT "SELECT s.app_id, s.org_id, 2, 'step_overdue', '黄牌：' || " \
	"CASE WHEN s.kind = 'joint' THEN '联合审批' ELSE '审查' END || '环节“' || " \
	"s.title || '”（' || o.name || '）已超过环节期限' || s.deadline, " \
	"CAST(? AS BIGINT) FROM application_steps s "
#define STEP_WHERE "JOIN applications a ON a.id = s.app_id JOIN orgs o ON " \
	"o.id = s.org_id WHERE s.org_id IN (SELECT id FROM orgs) AND " \
	"s.status = 'open' AND s.deadline < ? AND a.status = 'accepted' AND " \
	NO_ALERT("s.app_id", "'step_overdue'") " ORDER BY s.deadline, s.id " \
	"ON CONFLICT (app_id, rule) DO NOTHING"
static const char sql_step_pg[] = ALERT_INSERT STEP_SELECT STEP_WHERE;
static const char sql_step_sqlite[] = ALERT_INSERT STEP_SELECT
    "INDEXED BY application_steps_org " STEP_WHERE;

/* Approved but not delivered in time (第四十四条). */
#define DELIVERY_SELECT "SELECT id, org_id, 2, 'delivery_overdue', " \
	"'黄牌：准予许可后未在10个工作日内颁发、送达许可证件（第四十四条），送达期限为' " \
	"|| delivery_deadline, CAST(? AS BIGINT) FROM applications "
#define DELIVERY_WHERE "WHERE org_id IN (SELECT id FROM orgs) AND " \
	"status = 'approved' AND delivery_deadline < ? AND " \
	NO_ALERT("applications.id", "'delivery_overdue'") \
	" ON CONFLICT (app_id, rule) DO NOTHING"
static const char sql_delivery_pg[] = ALERT_INSERT DELIVERY_SELECT DELIVERY_WHERE;
static const char sql_delivery_sqlite[] = ALERT_INSERT DELIVERY_SELECT
    "INDEXED BY applications_org " DELIVERY_WHERE;

/* Run one rule: its own text parameters first (n of them), then now
 * and today. */
static int
run_rule(zw_conn *c, const char *sql, const char *today, int64_t now,
    const char *const *args, int n)
{
	int64_t t0;
	zw_stmt *s;
	int rc, i;

	if ((rc = zw_prepare(c, sql, &s)) != ZW_OK)
		return rc;
	for (i = 0; i < n; i++)
		zw_bind_text(s, i + 1, args[i], (size_t)-1);
	zw_bind_int(s, n + 1, now);
	zw_bind_text(s, n + 2, today, (size_t)-1);
	t0 = zw_mono_ms();
	rc = zw_step(s);
	zw_debug("supervision sweep: %.40s... %lld ms", sql + sizeof(ALERT_INSERT) - 1,
	    (long long)(zw_mono_ms() - t0));
	return rc < 0 ? rc : ZW_OK;
}

/* Take the sweep lock (a row lock on PostgreSQL; SQLite transactions
 * are serial anyway) and record the time of this sweep. */
static int
sweep_lock(zw_conn *c, int64_t now)
{
	char v[24];
	zw_stmt *s;
	int rc;

	snprintf(v, sizeof(v), "%lld", (long long)now);
	rc = zw_prepare(c, "INSERT INTO settings (key, value) VALUES (?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, LAST_SWEEP_KEY, (size_t)-1);
	zw_bind_text(s, 2, v, (size_t)-1);
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

static int
count_new(zw_conn *c, int64_t before, struct zw_sweep_counts *n)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT rule, COUNT(*) FROM supervision_alerts "
	    "WHERE id > ? AND rule IN " SWEEP_RULES " GROUP BY rule", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, before);
	while ((rc = zw_step(s)) == ZW_ROW) {
		const char *r = zw_col_text(s, 0);
		int64_t k = zw_col_int(s, 1);

		if (strcmp(r, "warn") == 0)
			n->warn = k;
		else if (strcmp(r, "overdue") == 0)
			n->overdue = k;
		else if (strcmp(r, "overdue_red") == 0)
			n->overdue_red = k;
		else if (strcmp(r, "instant_late") == 0)
			n->instant_late = k;
		else if (strcmp(r, "step_overdue") == 0)
			n->step_overdue = k;
		else if (strcmp(r, "delivery_overdue") == 0)
			n->delivery_overdue = k;
		n->raised += k;
	}
	return rc < 0 ? rc : ZW_OK;
}

/*
 * Timeline events and alert_level of the alerts above id `before`: one
 * INSERT ... SELECT over that id range, then one UPDATE per level, the
 * highest first, so that each case is rewritten once (a case's level
 * only rises).
 */
static int
mark_new(zw_conn *c, int64_t before, int64_t now)
{
	int64_t t0;
	zw_stmt *s;
	int rc, level;

	rc = zw_prepare(c, "INSERT INTO application_events (app_id, at, actor_id, "
	    "actor_name, org_name, action, detail, public) SELECT x.app_id, "
	    "CAST(? AS BIGINT), NULL, CAST(? AS TEXT), '', CASE x.level WHEN 1 THEN "
	    "'电子监察预警' WHEN 2 THEN '电子监察黄牌' ELSE '电子监察红牌' END, "
	    "x.reason, 0 FROM supervision_alerts x WHERE x.id > ? AND x.rule IN "
	    SWEEP_RULES, &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, now);
	zw_bind_text(s, 2, SWEEP_ACTOR, (size_t)-1);
	zw_bind_int(s, 3, before);
	t0 = zw_mono_ms();
	if ((rc = zw_step(s)) < 0)
		return rc;
	zw_debug("supervision sweep: timeline events %lld ms",
	    (long long)(zw_mono_ms() - t0));
	/* "+x.level": the id range, not the level index, picks the rows */
	for (level = ZW_ALERT_RED; level >= ZW_ALERT_WARN; level--) {
		rc = zw_prepare(c, "UPDATE applications SET alert_level = ? WHERE id IN "
		    "(SELECT x.app_id FROM supervision_alerts x WHERE x.id > ? AND "
		    "+x.level = ?) AND alert_level < ?", &s);
		if (rc != ZW_OK)
			return rc;
		zw_bind_int(s, 1, level);
		zw_bind_int(s, 2, before);
		zw_bind_int(s, 3, level);
		zw_bind_int(s, 4, level);
		t0 = zw_mono_ms();
		if ((rc = zw_step(s)) < 0)
			return rc;
		zw_debug("supervision sweep: alert_level %d %lld ms", level,
		    (long long)(zw_mono_ms() - t0));
	}
	return ZW_OK;
}

/*
 * SQLite: a larger page cache for the sweep's connection while it runs
 * (the first sweep over a big backlog writes a large share of the
 * applications table), back to the connection's own size after.
 */
#define SWEEP_CACHE_SQL "PRAGMA cache_size = -131072"	/* 128 MiB */

static int64_t
cache_begin(zw_conn *c)
{
	int64_t old = 0;

	if (zw_conn_kind(c) != ZW_DB_SQLITE ||
	    zw_query_int(c, "PRAGMA cache_size", &old) != ZW_OK ||
	    zw_exec(c, SWEEP_CACHE_SQL) != ZW_OK)
		return 0;
	return old;
}

static void
cache_end(zw_conn *c, int64_t old)
{
	char sql[48];

	if (old == 0)
		return;
	/* a number read back from SQLite itself, not input */
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", (long long)old);
	(void)zw_exec(c, sql);
}

json_t *
zw_sweep_counts_json(const struct zw_sweep_counts *n)
{
	return json_pack("{s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I, s:I}, "
	    "s:{s:I, s:I, s:I}, s:I}",
	    "deemed_accepted", (json_int_t)n->deemed,
	    "raised", (json_int_t)n->raised,
	    "by_rule",
	    "warn", (json_int_t)n->warn,
	    "overdue", (json_int_t)n->overdue,
	    "overdue_red", (json_int_t)n->overdue_red,
	    "instant_late", (json_int_t)n->instant_late,
	    "step_overdue", (json_int_t)n->step_overdue,
	    "delivery_overdue", (json_int_t)n->delivery_overdue,
	    "by_level",
	    "预警", (json_int_t)n->warn,
	    "黄牌", (json_int_t)(n->overdue + n->step_overdue + n->delivery_overdue),
	    "红牌", (json_int_t)(n->overdue_red + n->instant_late),
	    "elapsed_ms", (json_int_t)n->elapsed_ms);
}

int
zw_supervision_sweep_as(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, zw_date today, struct zw_sweep_counts *out)
{
	char day[11], pct[12], red[12];
	int64_t now = zw_now(), before = 0, t0 = zw_mono_ms(), cache;
	json_t *d;
	int rc;

	memset(out, 0, sizeof(*out));
	zw_date_fmt(today, day, sizeof(day));
	snprintf(pct, sizeof(pct), "%d", env->warn_pct);
	snprintf(red, sizeof(red), "%d", env->red_days);
	if ((rc = sweep_lock(c, now)) != ZW_OK)
		return rc;
	/* 第三十二条 first: deemed acceptances start their clocks */
	if ((rc = zw_app_deem_accept_due(c, env, &out->deemed)) != ZW_OK)
		return rc;
	rc = zw_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM supervision_alerts",
	    &before);
	if (rc != ZW_OK)
		return rc;
	cache = cache_begin(c);
	{
		const char *warn_args[1] = { pct }, *yellow_args[1] = { day };
		const char *red_args[2] = { day, red };
		bool lite = zw_conn_kind(c) == ZW_DB_SQLITE;

		if ((rc = run_rule(c, sql_warn, day, now, warn_args, 1)) == ZW_OK &&
		    (rc = run_rule(c, sql_overdue, day, now, yellow_args, 1)) == ZW_OK &&
		    (rc = run_rule(c, sql_red, day, now, red_args, 2)) == ZW_OK &&
		    (rc = run_rule(c, lite ? sql_step_sqlite : sql_step_pg, day, now,
		    NULL, 0)) == ZW_OK &&
		    (rc = run_rule(c, lite ? sql_delivery_sqlite : sql_delivery_pg, day,
		    now, NULL, 0)) == ZW_OK &&
		    (rc = count_new(c, before, out)) == ZW_OK && out->raised > 0)
			rc = mark_new(c, before, now);
	}
	cache_end(c, cache);
	if (rc != ZW_OK)
		return rc;
	out->elapsed_ms = zw_mono_ms() - t0;
	d = zw_sweep_counts_json(out);
	json_object_set_new(d, "today", json_string(day));
	rc = zw_actor_audit(c, who, "supervision.sweep", "", 0, "success", d);
	json_decref(d);
	return rc;
}

int
zw_supervision_sweep(zw_conn *c, const struct zw_apps_env *env, zw_date today,
    struct zw_sweep_counts *out)
{
	return zw_supervision_sweep_as(c, NULL, env, today, out);
}

bool
zw_supervision_may_sweep(const struct zw_actor *who)
{
	return zw_actor_can(who, "supervision.manage") ||
	    zw_actor_can(who, "orgs.manage");
}

/* ---- alert list and dashboard ---- */

int
zw_supervision_alerts(zw_conn *c, const struct zw_actor *who,
    const struct zw_alert_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next)
{
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc, n = 0;

	*items = json_array();
	*next = -1;
	rc = zw_prepare(c, "SELECT x.id, ap.no, x.app_id, x.level, x.rule, x.reason, "
	    "x.raised_at, x.resolved_at, x.org_id, o.name, v.name, ap.status "
	    "FROM supervision_alerts x JOIN applications ap ON ap.id = x.app_id "
	    "JOIN orgs o ON o.id = x.org_id JOIN item_versions v ON "
	    "v.id = ap.item_version_id WHERE " ZW_SCOPE_SQL " AND (? = 0 OR "
	    "x.level = ?) AND (? = 0 OR x.org_id = ?) AND (? = 0 OR "
	    "x.resolved_at IS NULL) AND (? = 0 OR x.id < ?) "
	    "ORDER BY x.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_scope(s, 1, who, a);
	zw_bind_int(s, 2, f->level);
	zw_bind_int(s, 3, f->level);
	zw_bind_int(s, 4, f->org_id);
	zw_bind_int(s, 5, f->org_id);
	zw_bind_int(s, 6, f->open_only ? 1 : 0);
	zw_bind_int(s, 7, cursor);
	zw_bind_int(s, 8, cursor);
	zw_bind_int(s, 9, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		json_t *o;

		if (n == limit) {
			*next = zw_json_int(json_array_get(*items, (size_t)n - 1), "id");
			zw_reset(s);
			rc = ZW_OK;
			goto out;
		}
		o = json_object();
		json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
		json_object_set_new(o, "application_no", json_string(zw_col_text(s, 1)));
		json_object_set_new(o, "app_id", json_integer(zw_col_int(s, 2)));
		json_object_set_new(o, "level", json_string(zw_alert_level_name(
		    (int)zw_col_int(s, 3))));
		json_object_set_new(o, "level_num", json_integer(zw_col_int(s, 3)));
		json_object_set_new(o, "rule", json_string(zw_col_text(s, 4)));
		json_object_set_new(o, "reason", json_string(zw_col_text(s, 5)));
		json_object_set_new(o, "raised_at", zw_sv_time(s, 6));
		json_object_set_new(o, "resolved_at", zw_sv_time(s, 7));
		json_object_set_new(o, "org_id", json_integer(zw_col_int(s, 8)));
		json_object_set_new(o, "org_name", json_string(zw_col_text(s, 9)));
		json_object_set_new(o, "item_name", json_string(zw_col_text(s, 10)));
		json_object_set_new(o, "status", json_string(zw_col_text(s, 11)));
		json_object_set_new(o, "status_name", json_string(
		    zw_sv_status_name(zw_col_text(s, 11))));
		json_array_append_new(*items, o);
		n++;
	}
	rc = rc < 0 ? rc : ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_supervision_summary(zw_conn *c, const struct zw_actor *who, json_t **out)
{
	zw_arena *a = zw_arena_new();
	json_t *open = json_object(), *all = json_object();
	int64_t cases = 0, nopen = 0, noverdue = 0, last = 0;
	char today[11];
	zw_stmt *s;
	int rc, i;

	*out = NULL;
	zw_sv_today(today);
	for (i = ZW_ALERT_WARN; i <= ZW_ALERT_RED; i++) {
		json_object_set_new(open, zw_alert_level_name(i), json_integer(0));
		json_object_set_new(all, zw_alert_level_name(i), json_integer(0));
	}
	rc = zw_prepare(c, "SELECT x.level, COUNT(*), COUNT(CASE WHEN "
	    "x.resolved_at IS NULL THEN 1 END) FROM supervision_alerts x JOIN orgs o "
	    "ON o.id = x.org_id WHERE " ZW_SCOPE_SQL " GROUP BY x.level", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_scope(s, 1, who, a);
	while ((rc = zw_step(s)) == ZW_ROW) {
		const char *name = zw_alert_level_name((int)zw_col_int(s, 0));

		if (*name == '\0')
			continue;
		json_object_set_new(all, name, json_integer(zw_col_int(s, 1)));
		json_object_set_new(open, name, json_integer(zw_col_int(s, 2)));
	}
	if (rc < 0)
		goto out;
	rc = zw_prepare(c, "SELECT COUNT(DISTINCT x.app_id) FROM supervision_alerts x "
	    "JOIN orgs o ON o.id = x.org_id WHERE " ZW_SCOPE_SQL
	    " AND x.resolved_at IS NULL", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_scope(s, 1, who, a);
	if ((rc = zw_step(s)) == ZW_ROW) {
		cases = zw_col_int(s, 0);
		zw_reset(s);
	} else if (rc < 0)
		goto out;
	rc = zw_prepare(c, "SELECT COUNT(*), COUNT(CASE WHEN n.due_on < ? THEN 1 END) "
	    "FROM supervision_notices n JOIN orgs o ON o.id = n.org_id WHERE "
	    ZW_SCOPE_SQL " AND n.answered_at IS NULL", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, today, (size_t)-1);
	zw_bind_scope(s, 2, who, a);
	if ((rc = zw_step(s)) == ZW_ROW) {
		nopen = zw_col_int(s, 0);
		noverdue = zw_col_int(s, 1);
		zw_reset(s);
	} else if (rc < 0)
		goto out;
	rc = zw_prepare(c, "SELECT value FROM settings WHERE key = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_text(s, 1, LAST_SWEEP_KEY, (size_t)-1);
	if ((rc = zw_step(s)) == ZW_ROW) {
		(void)zw_parse_i64(zw_col_text(s, 0), 0, INT64_MAX, &last);
		zw_reset(s);
	} else if (rc < 0)
		goto out;
	rc = ZW_OK;
	*out = json_pack("{s:O, s:O, s:I, s:I, s:I}", "open", open, "total", all,
	    "cases_open", (json_int_t)cases, "notices_open", (json_int_t)nopen,
	    "notices_overdue", (json_int_t)noverdue);
	if (last > 0) {
		char t[32];

		zw_time_rfc3339(last, t, sizeof(t));
		json_object_set_new(*out, "last_sweep_at", json_string(t));
	} else
		json_object_set_new(*out, "last_sweep_at", json_null());
out:
	json_decref(open);
	json_decref(all);
	zw_arena_free(a);
	return rc;
}

/* ---- supervision notices ---- */

int
zw_supervision_notice_issue(zw_conn *c, const struct zw_actor *who,
    const struct zw_apps_env *env, const char *app_no, const char *body,
    int due_days, int64_t *id, struct zw_why *why)
{
	struct zw_sv_app ap;
	char due[11], detail[64];
	int64_t alert_id = 0, nid;
	zw_stmt *s;
	json_t *d;
	int rc;

	if (!zw_actor_can(who, "supervision.manage")) {
		ZW_WHY(why, "forbidden", "只有监察人员可以发出监察通知", NULL);
		return ZW_EPERM;
	}
	if ((rc = zw_sv_app_by_no(c, app_no, &ap)) != ZW_OK ||
	    !zw_sv_in_scope(who, ap.org_path)) {
		ZW_WHY(why, "not_found", "办件不存在", "application_no");
		return rc == ZW_OK ? ZW_ENOTFOUND : rc;
	}
	if (body == NULL || *body == '\0') {
		ZW_WHY(why, "required", "请填写监察通知内容", "body");
		return ZW_EINVAL;
	}
	if ((rc = zw_check_text(body, "body", true, ZW_SV_MAX_NOTICE, why)) != ZW_OK)
		return rc;
	if (due_days < 1 || due_days > ZW_SV_MAX_DUE_DAYS) {
		ZW_WHY(why, "invalid_due_days", "答复期限应为 1 到 30 个工作日",
		    "due_days");
		return ZW_EINVAL;
	}
	zw_date_fmt(zw_add_working_days(env->cal, zw_date_of(zw_now()), due_days),
	    due, sizeof(due));
	/* the most serious open alert of the case, if any */
	rc = zw_prepare(c, "SELECT id FROM supervision_alerts WHERE app_id = ? AND "
	    "resolved_at IS NULL ORDER BY level DESC, id DESC LIMIT 1", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, ap.id);
	if ((rc = zw_step(s)) == ZW_ROW) {
		alert_id = zw_col_int(s, 0);
		zw_reset(s);
	} else if (rc < 0)
		return rc;
	rc = zw_prepare(c, "INSERT INTO supervision_notices (app_id, org_id, "
	    "alert_id, body, issued_by, issued_at, due_on) VALUES (?, ?, ?, ?, ?, "
	    "?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, ap.id);
	zw_bind_int(s, 2, ap.org_id);
	if (alert_id > 0)
		zw_bind_int(s, 3, alert_id);
	else
		zw_bind_null(s, 3);
	zw_bind_text(s, 4, body, (size_t)-1);
	zw_bind_int(s, 5, who->id);
	zw_bind_int(s, 6, zw_now());
	zw_bind_text(s, 7, due, (size_t)-1);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	nid = zw_col_int(s, 0);
	zw_reset(s);
	snprintf(detail, sizeof(detail), "限%s前答复", due);
	if ((rc = zw_sv_event(c, who, ap.id, "监察通知", detail, false)) != ZW_OK)
		return rc;
	d = json_pack("{s:s, s:s, s:I}", "application_no", app_no, "due_on", due,
	    "app_id", (json_int_t)ap.id);
	rc = zw_actor_audit(c, who, "supervision.notice", "supervision_notice", nid,
	    "success", d);
	json_decref(d);
	if (rc == ZW_OK && id != NULL)
		*id = nid;
	return rc;
}

int
zw_supervision_notice_answer(zw_conn *c, const struct zw_actor *who,
    int64_t id, const char *answer, struct zw_why *why)
{
	int64_t org_id, app_id;
	bool answered, supervisor = zw_actor_can(who, "supervision.read");
	char path[512];
	zw_stmt *s;
	json_t *d;
	int rc;

	rc = zw_prepare(c, "SELECT n.org_id, n.app_id, n.answered_at IS NOT NULL, "
	    "o.path FROM supervision_notices n JOIN orgs o ON o.id = n.org_id "
	    "WHERE n.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	org_id = zw_col_int(s, 0);
	app_id = zw_col_int(s, 1);
	answered = zw_col_int(s, 2) != 0;
	zw_strlcpy(path, zw_col_text(s, 3), sizeof(path));
	zw_reset(s);
	if (org_id != who->org_id) {
		if (supervisor && zw_sv_in_scope(who, path)) {
			ZW_WHY(why, "forbidden", "监察通知由被监察部门答复", NULL);
			return ZW_EPERM;
		}
		return ZW_ENOTFOUND;
	}
	if (!zw_actor_can(who, "approvals.handle")) {
		ZW_WHY(why, "forbidden", "没有办理审批事项的权限，不能答复监察通知", NULL);
		return ZW_EPERM;
	}
	if (answered) {
		ZW_WHY(why, "already_answered", "该监察通知已答复，不能重复答复", NULL);
		return ZW_ESTATE;
	}
	if (answer == NULL || *answer == '\0') {
		ZW_WHY(why, "required", "请填写答复内容", "answer");
		return ZW_EINVAL;
	}
	if ((rc = zw_check_text(answer, "answer", true, ZW_SV_MAX_NOTICE, why)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "UPDATE supervision_notices SET answer = ?, "
	    "answered_by = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL "
	    "RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, answer, (size_t)-1);
	zw_bind_int(s, 2, who->id);
	zw_bind_int(s, 3, zw_now());
	zw_bind_int(s, 4, id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		if (rc < 0)
			return rc;
		ZW_WHY(why, "already_answered", "该监察通知已答复，不能重复答复", NULL);
		return ZW_ESTATE;
	}
	zw_reset(s);
	if ((rc = zw_sv_event(c, who, app_id, "答复监察通知", answer, false)) != ZW_OK)
		return rc;
	d = json_pack("{s:I}", "app_id", (json_int_t)app_id);
	rc = zw_actor_audit(c, who, "supervision.notice_answer",
	    "supervision_notice", id, "success", d);
	json_decref(d);
	return rc;
}

#define NOTICE_COLS "n.id, ap.no, n.org_id, o.name, v.name, n.body, " \
	"COALESCE(ui.name, ''), n.issued_at, n.due_on, n.answer, " \
	"COALESCE(ua.name, ''), n.answered_at, n.app_id"
#define NOTICE_FROM "FROM supervision_notices n JOIN applications ap ON " \
	"ap.id = n.app_id JOIN orgs o ON o.id = n.org_id JOIN item_versions v ON " \
	"v.id = ap.item_version_id LEFT JOIN users ui ON ui.id = n.issued_by " \
	"LEFT JOIN users ua ON ua.id = n.answered_by"

static json_t *
notice_row(zw_stmt *s, const char *today)
{
	json_t *o = json_object();
	const char *due = zw_col_text(s, 8);
	bool answered = !zw_col_isnull(s, 11);
	bool late = false;

	if (answered) {
		char day[11];

		zw_date_fmt(zw_date_of(zw_col_int(s, 11)), day, sizeof(day));
		late = strcmp(day, due) > 0;
	}
	json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
	json_object_set_new(o, "application_no", json_string(zw_col_text(s, 1)));
	json_object_set_new(o, "org_id", json_integer(zw_col_int(s, 2)));
	json_object_set_new(o, "org_name", json_string(zw_col_text(s, 3)));
	json_object_set_new(o, "item_name", json_string(zw_col_text(s, 4)));
	json_object_set_new(o, "body", json_string(zw_col_text(s, 5)));
	json_object_set_new(o, "issued_by_name", json_string(zw_col_text(s, 6)));
	json_object_set_new(o, "issued_at", zw_sv_time(s, 7));
	json_object_set_new(o, "due_on", json_string(due));
	json_object_set_new(o, "answer", json_string(zw_col_text(s, 9)));
	json_object_set_new(o, "answered_by_name", json_string(zw_col_text(s, 10)));
	json_object_set_new(o, "answered_at", zw_sv_time(s, 11));
	json_object_set_new(o, "app_id", json_integer(zw_col_int(s, 12)));
	json_object_set_new(o, "status", json_string(answered ? "answered" : "open"));
	json_object_set_new(o, "status_name", json_string(answered ? "已答复" :
	    "待答复"));
	json_object_set_new(o, "overdue", json_boolean(!answered &&
	    strcmp(due, today) < 0));
	json_object_set_new(o, "late", json_boolean(late));
	return o;
}

int
zw_supervision_notices(zw_conn *c, const struct zw_actor *who,
    const char *status, int64_t limit, int64_t cursor, json_t **items,
    int64_t *next)
{
	zw_arena *a = zw_arena_new();
	char today[11];
	zw_stmt *s;
	int rc, n = 0;

	*items = json_array();
	*next = -1;
	zw_sv_today(today);
	if (status == NULL)
		status = "";
	/* supervisors: their scope; departments: their own notices */
	rc = zw_prepare(c, "SELECT " NOTICE_COLS " " NOTICE_FROM " WHERE "
	    "((? = 1 AND " ZW_SCOPE_SQL ") OR n.org_id = ?) AND (? = '' OR "
	    "(? = 'open' AND n.answered_at IS NULL) OR (? = 'answered' AND "
	    "n.answered_at IS NOT NULL) OR (? = 'overdue' AND n.answered_at IS NULL "
	    "AND n.due_on < ?)) AND (? = 0 OR n.id < ?) ORDER BY n.id DESC LIMIT ?",
	    &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, zw_actor_can(who, "supervision.read") ? 1 : 0);
	zw_bind_scope(s, 2, who, a);
	zw_bind_int(s, 3, who->org_id);
	zw_bind_text(s, 4, status, (size_t)-1);
	zw_bind_text(s, 5, status, (size_t)-1);
	zw_bind_text(s, 6, status, (size_t)-1);
	zw_bind_text(s, 7, status, (size_t)-1);
	zw_bind_text(s, 8, today, (size_t)-1);
	zw_bind_int(s, 9, cursor);
	zw_bind_int(s, 10, cursor);
	zw_bind_int(s, 11, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next = zw_json_int(json_array_get(*items, (size_t)n - 1), "id");
			zw_reset(s);
			rc = ZW_OK;
			goto out;
		}
		json_array_append_new(*items, notice_row(s, today));
		n++;
	}
	rc = rc < 0 ? rc : ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}

int
zw_supervision_notice_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out)
{
	zw_arena *a = zw_arena_new();
	char today[11];
	zw_stmt *s;
	int rc;

	zw_sv_today(today);
	rc = zw_prepare(c, "SELECT " NOTICE_COLS " " NOTICE_FROM " WHERE n.id = ? "
	    "AND ((? = 1 AND " ZW_SCOPE_SQL ") OR n.org_id = ?)", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, zw_actor_can(who, "supervision.read") ? 1 : 0);
	zw_bind_scope(s, 3, who, a);
	zw_bind_int(s, 4, who->org_id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_ENOTFOUND;
		goto out;
	}
	*out = notice_row(s, today);
	zw_reset(s);
	rc = ZW_OK;
out:
	zw_arena_free(a);
	return rc;
}
