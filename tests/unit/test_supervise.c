/*
 * test_supervise.c -- electronic supervision (standards.md §3.3) and
 * service ratings (§3.4) on SQLite and PostgreSQL: the exact alert set
 * of each sweep rule for a given day, idempotence, alert_level, alerts
 * raised at the moment of a violation, resolution, supervision notices
 * and their answers, statistics to the unit, and the rating rules (once,
 * closed cases only, 差评 opening a rectification due by the 2026
 * calendar, completion only with the 回访 follow-up).
 *
 * Applications are inserted directly with SQL in the states and with the
 * dates the applications core would have computed (apps.h: warn_on,
 * yellow_on, red_on set only while accepted, delivery_deadline while
 * approved).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "approvals/rating.h"
#include "approvals/supervise.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/mem.h"
#include "org/org.h"
#include "store/migrate.h"
#include "store_fixture.h"

static zw_calendar *cal;

struct fx {
	struct zwt_db t;
	zw_conn *c;
	int64_t gov, dx, dy, dsv;		/* orgs */
	char pgov[32], pdx[48], pdy[48], psv[48];	/* their paths */
	int64_t clerk_x, viewer_x, clerk_y, sv, p1, p2;	/* users */
	int64_t item1, item2, ver1, ver2;
	struct zw_apps_env env;
};

/* ---- fixture ---- */

static int64_t
insert_id(zw_conn *c, const char *sql, const char *const *texts, size_t nt,
    const int64_t *ints, size_t ni)
{
	zw_stmt *s;
	int64_t id;
	size_t i;
	int p = 1;

	assert_int_equal(zw_prepare(c, sql, &s), ZW_OK);
	for (i = 0; i < nt; i++, p++)
		if (texts[i] == NULL)
			zw_bind_null(s, p);
		else
			zw_bind_text(s, p, texts[i], (size_t)-1);
	for (i = 0; i < ni; i++, p++)
		zw_bind_int(s, p, ints[i]);
	if (zw_step(s) != ZW_ROW)
		fail_msg("%s: %s", sql, zw_conn_errmsg(c));
	id = zw_col_int(s, 0);
	zw_reset(s);
	return id;
}

static void
exec1(zw_conn *c, const char *sql, const char *text, int64_t v)
{
	zw_stmt *s;

	assert_int_equal(zw_prepare(c, sql, &s), ZW_OK);
	zw_bind_text(s, 1, text, (size_t)-1);
	zw_bind_int(s, 2, v);
	if (zw_step(s) < 0)
		fail_msg("%s: %s", sql, zw_conn_errmsg(c));
}

static int64_t
org(struct fx *f, const char *code, const char *name, int64_t parent,
    const char *ppath, char *path, size_t pathlen)
{
	const char *t[3] = { code, name, "130100" };
	int64_t i[1] = { parent };
	int64_t id;

	id = insert_id(f->c, "INSERT INTO orgs (code, name, region_code, parent_id, "
	    "created_at, updated_at) VALUES (?, ?, ?, NULLIF(?, 0), 0, 0) "
	    "RETURNING id", t, 3, i, 1);
	snprintf(path, pathlen, "%s%08lld/", ppath, (long long)id);
	exec1(f->c, "UPDATE orgs SET path = ? WHERE id = ?", path, id);
	return id;
}

static int64_t
user(struct fx *f, const char *login, const char *name, const char *kind,
    int64_t org_id)
{
	const char *t[3] = { login, name, kind };
	int64_t i[1] = { org_id };

	return insert_id(f->c, "INSERT INTO users (login, name, kind, org_id, "
	    "password_hash, created_at, updated_at) VALUES (?, ?, ?, NULLIF(?, 0), "
	    "'x', 0, 0) RETURNING id", t, 3, i, 1);
}

static void
item(struct fx *f, const char *code, const char *name, int64_t org_id,
    int64_t *item_id, int64_t *ver_id)
{
	const char *t1[1] = { code }, *t2[1] = { name };
	int64_t i1[1] = { org_id }, i2[2];

	*item_id = insert_id(f->c, "INSERT INTO service_items (code, org_id, "
	    "created_at, updated_at) VALUES (?, ?, 0, 0) RETURNING id", t1, 1, i1, 1);
	i2[0] = *item_id;
	i2[1] = org_id;
	*ver_id = insert_id(f->c, "INSERT INTO item_versions (name, item_id, version, "
	    "item_type, org_id, legal_days, promised_days, handling_kind, created_at) "
	    "VALUES (?, ?, 1, '行政许可', ?, 20, 10, '承诺件', 0) RETURNING id",
	    t2, 1, i2, 2);
}

/* An application row as the applications core leaves it. */
struct spec {
	const char *no, *status;
	int64_t org_id, item_id, ver_id, applicant_id;
	int promised;
	const char *channel;
	const char *received_on, *accepted_on, *decided_on, *closed_on;
	const char *warn_on, *yellow_on, *red_on, *delivery_deadline;
	const char *promised_deadline, *legal_deadline;
	int on_time, days_used;	/* -1 = NULL */
};

static int64_t
app(struct fx *f, const struct spec *sp)
{
	const char *t[13] = { sp->no, sp->status, sp->channel ? sp->channel :
		"online", sp->received_on ? sp->received_on : "2026-03-01",
		sp->accepted_on, sp->decided_on, sp->closed_on, sp->warn_on,
		sp->yellow_on, sp->red_on, sp->delivery_deadline,
		sp->promised_deadline, sp->legal_deadline };
	int64_t i[8] = { sp->org_id, sp->item_id, sp->ver_id, sp->applicant_id,
		sp->promised, sp->on_time, sp->days_used, sp->promised == 0 };

	return insert_id(f->c, "INSERT INTO applications (query_code_hash, "
	    "applicant_name, applicant_kind, legal_days, received_at, created_at, "
	    "updated_at, no, status, channel, received_on, accepted_on, "
	    "decided_on, closed_on, warn_on, yellow_on, red_on, delivery_deadline, "
	    "promised_deadline, legal_deadline, org_id, item_id, item_version_id, "
	    "applicant_id, promised_days, on_time, days_used, handling_kind) "
	    "VALUES ('h', '申请人', 'person', 20, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, -1), NULLIF(?, -1), "
	    "CASE WHEN ? = 1 THEN '即办件' ELSE '承诺件' END) RETURNING id",
	    t, 13, i, 8);
}

static struct zw_actor
actor(int64_t id, int64_t org_id, const char *path, int scope,
    const char *perms)
{
	struct zw_actor a = { 0 };

	a.id = id;
	a.login = "test";
	a.org_id = org_id;
	a.org_path = path;
	a.scope = scope;
	a.perms = perms;
	return a;
}

#define SUPERVISOR(f) actor((f)->sv, (f)->dsv, (f)->psv, ZW_SCOPE_ALL, \
	",approvals.read,supervision.read,supervision.manage,")
#define CLERK_X(f) actor((f)->clerk_x, (f)->dx, (f)->pdx, ZW_SCOPE_ORG, \
	",approvals.read,approvals.handle,")
#define VIEWER_X(f) actor((f)->viewer_x, (f)->dx, (f)->pdx, ZW_SCOPE_ORG, \
	",approvals.read,")
#define CLERK_Y(f) actor((f)->clerk_y, (f)->dy, (f)->pdy, ZW_SCOPE_ORG, \
	",approvals.read,approvals.handle,")
#define PUBLIC(id) actor((id), 0, "", ZW_SCOPE_SELF, ",")

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));

	if (zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	assert_int_equal(zw_clock_set("2026-03-10T10:00:00+08:00"), ZW_OK);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	f->gov = org(f, "gov", "石家庄市人民政府", 0, "/", f->pgov, sizeof(f->pgov));
	f->dx = org(f, "dx", "石家庄市行政审批局", f->gov, f->pgov, f->pdx,
	    sizeof(f->pdx));
	f->dy = org(f, "dy", "石家庄市市场监督管理局", f->gov, f->pgov, f->pdy,
	    sizeof(f->pdy));
	f->dsv = org(f, "dsv", "石家庄市数据和政务服务局", f->gov, f->pgov, f->psv,
	    sizeof(f->psv));
	f->clerk_x = user(f, "clerk.x", "刘洋", "staff", f->dx);
	f->viewer_x = user(f, "viewer.x", "王五", "staff", f->dx);
	f->clerk_y = user(f, "clerk.y", "徐涛", "staff", f->dy);
	f->sv = user(f, "sv", "陈静", "staff", f->dsv);
	f->p1 = user(f, "130102199003071234", "张三", "person", 0);
	f->p2 = user(f, "130102198805120021", "李四", "person", 0);
	item(f, "I1", "食品经营许可", f->dx, &f->item1, &f->ver1);
	item(f, "I2", "公共场所卫生许可", f->dy, &f->item2, &f->ver2);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	f->env.cal = cal;
	f->env.warn_pct = 20;
	f->env.red_days = 5;
	f->env.rectify_days = 5;
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (zw_in_tx(f->c))
		zw_tx_rollback(f->c);
	zw_conn_put(f->c);
	zwt_close(&f->t);
	zw_free(f);
	return 0;
}

static int64_t
count(zw_conn *c, const char *sql, int64_t arg)
{
	zw_stmt *s;
	int64_t n;

	assert_int_equal(zw_prepare(c, sql, &s), ZW_OK);
	if (strchr(sql, '?') != NULL)
		zw_bind_int(s, 1, arg);
	if (zw_step(s) != ZW_ROW)
		fail_msg("%s: %s", sql, zw_conn_errmsg(c));
	n = zw_col_int(s, 0);
	zw_reset(s);
	return n;
}

/* The alerts of an application as "rule:level,..." in rule order. */
static const char *
alerts_of(zw_conn *c, int64_t app_id, char *out, size_t n)
{
	zw_stmt *s;
	size_t len = 0;

	out[0] = '\0';
	assert_int_equal(zw_prepare(c, "SELECT rule, level FROM supervision_alerts "
	    "WHERE app_id = ? ORDER BY rule", &s), ZW_OK);
	zw_bind_int(s, 1, app_id);
	while (zw_step(s) == ZW_ROW) {
		int k = snprintf(out + len, n - len, "%s%s:%lld", len ? "," : "",
		    zw_col_text(s, 0), (long long)zw_col_int(s, 1));

		assert_true(k > 0 && (size_t)k < n - len);
		len += (size_t)k;
	}
	return out;
}

static const char *
text_of(zw_conn *c, const char *sql, int64_t arg, char *out, size_t n)
{
	zw_stmt *s;

	assert_int_equal(zw_prepare(c, sql, &s), ZW_OK);
	zw_bind_int(s, 1, arg);
	if (zw_step(s) != ZW_ROW)
		fail_msg("%s: no row", sql);
	snprintf(out, n, "%s", zw_col_text(s, 0));
	zw_reset(s);
	return out;
}

static zw_date
D(const char *s)
{
	zw_date d;

	assert_int_equal(zw_date_parse(s, &d), ZW_OK);
	return d;
}

/* ---- the sweep ---- */

struct sweep_apps {
	int64_t a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11;
};

static void
sweep_data(struct fx *f, struct sweep_apps *x)
{
	struct spec sp;
	const char *ti[3];
	int64_t ii[3];

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
#define BASE(n, st) memset(&sp, 0, sizeof(sp)); sp.no = n; sp.status = st; \
	sp.org_id = f->dx; sp.item_id = f->item1; sp.ver_id = f->ver1; \
	sp.applicant_id = f->p1; sp.promised = 10; sp.on_time = -1; \
	sp.days_used = -1; sp.accepted_on = "2026-02-24"; \
	sp.promised_deadline = "2026-03-10"; sp.legal_deadline = "2026-03-24"
	/* warning only */
	BASE("SP1", "accepted"); sp.warn_on = "2026-03-09";
	sp.yellow_on = "2026-03-12"; sp.red_on = "2026-03-19";
	sp.promised_deadline = "2026-03-11";
	x->a1 = app(f, &sp);
	/* 黄牌 from today: the promised deadline was yesterday */
	BASE("SP2", "accepted"); sp.warn_on = "2026-03-01";
	sp.yellow_on = "2026-03-10"; sp.red_on = "2026-03-17";
	sp.promised_deadline = "2026-03-09";
	x->a2 = app(f, &sp);
	/* 红牌 from today (5 working days late) */
	BASE("SP3", "accepted"); sp.warn_on = "2026-02-01";
	sp.yellow_on = "2026-02-27"; sp.red_on = "2026-03-10";
	sp.promised_deadline = "2026-02-26";
	x->a3 = app(f, &sp);
	/* 即办件 accepted yesterday and still open */
	BASE("SP4", "accepted"); sp.promised = 0; sp.accepted_on = "2026-03-09";
	sp.yellow_on = "2026-03-10"; sp.red_on = "2026-03-10";
	sp.promised_deadline = "2026-03-09";
	x->a4 = app(f, &sp);
	/* warning tomorrow: nothing yet */
	BASE("SP5", "accepted"); sp.warn_on = "2026-03-11";
	sp.yellow_on = "2026-03-13"; sp.red_on = "2026-03-20";
	x->a5 = app(f, &sp);
	/* suspended (特别程序): no supervision dates */
	BASE("SP6", "suspended");
	x->a6 = app(f, &sp);
	/* approved, delivery deadline yesterday (第四十四条) */
	BASE("SP7", "approved"); sp.delivery_deadline = "2026-03-09";
	x->a7 = app(f, &sp);
	/* approved, delivery due today: not late yet */
	BASE("SP8", "approved"); sp.delivery_deadline = "2026-03-10";
	x->a8 = app(f, &sp);
	/* a late review step of an otherwise timely case (department Y's) */
	BASE("SP9", "accepted"); sp.warn_on = "2026-03-20";
	sp.yellow_on = "2026-03-25"; sp.red_on = "2026-04-01";
	x->a9 = app(f, &sp);
	/* closed: whatever the dates say, nothing */
	BASE("SP10", "completed"); sp.warn_on = "2026-02-01";
	sp.yellow_on = "2026-02-02"; sp.red_on = "2026-02-03";
	sp.delivery_deadline = "2026-02-01";
	x->a10 = app(f, &sp);
	/* past the legal deadline */
	BASE("SP11", "accepted"); sp.warn_on = "2026-02-20";
	sp.yellow_on = "2026-03-03"; sp.red_on = "2026-03-06";
	sp.promised_deadline = "2026-03-02"; sp.legal_deadline = "2026-03-05";
	x->a11 = app(f, &sp);
#undef BASE
	/* steps of SP9: one late and open, one earlier but done, one due
	 * today; a late open step of SP6 (suspended) does not count */
	ti[0] = "联合审查"; ti[1] = "2026-03-09"; ti[2] = "open";
	ii[0] = x->a9; ii[1] = f->dy;
	insert_id(f->c, "INSERT INTO application_steps (title, deadline, status, "
	    "app_id, org_id, kind, days, created_at) VALUES (?, ?, ?, ?, ?, 'joint', "
	    "5, 0) RETURNING id", ti, 3, ii, 2);
	ti[0] = "初审"; ti[1] = "2026-03-02"; ti[2] = "done";
	ii[1] = f->dx;
	insert_id(f->c, "INSERT INTO application_steps (title, deadline, status, "
	    "app_id, org_id, kind, days, created_at) VALUES (?, ?, ?, ?, ?, 'review', "
	    "5, 0) RETURNING id", ti, 3, ii, 2);
	ti[0] = "复审"; ti[1] = "2026-03-10"; ti[2] = "open";
	insert_id(f->c, "INSERT INTO application_steps (title, deadline, status, "
	    "app_id, org_id, kind, days, created_at) VALUES (?, ?, ?, ?, ?, 'review', "
	    "5, 0) RETURNING id", ti, 3, ii, 2);
	ti[0] = "现场核查"; ti[1] = "2026-03-02"; ti[2] = "open";
	ii[0] = x->a6;
	insert_id(f->c, "INSERT INTO application_steps (title, deadline, status, "
	    "app_id, org_id, kind, days, created_at) VALUES (?, ?, ?, ?, ?, 'review', "
	    "5, 0) RETURNING id", ti, 3, ii, 2);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
}

static void
sweep_rules(void **state)
{
	struct fx *f = *state;
	struct zw_sweep_counts n;
	struct sweep_apps x;
	char buf[512];

	sweep_data(f, &x);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_supervision_sweep(f->c, &f->env, D("2026-03-10"), &n),
	    ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(n.deemed, 0);
	assert_int_equal(n.warn, 4);
	assert_int_equal(n.overdue, 4);
	assert_int_equal(n.overdue_red, 2);
	assert_int_equal(n.instant_late, 1);
	assert_int_equal(n.step_overdue, 1);
	assert_int_equal(n.delivery_overdue, 1);
	assert_int_equal(n.raised, 13);

	assert_string_equal(alerts_of(f->c, x.a1, buf, sizeof(buf)), "warn:1");
	assert_string_equal(alerts_of(f->c, x.a2, buf, sizeof(buf)),
	    "overdue:2,warn:1");
	assert_string_equal(alerts_of(f->c, x.a3, buf, sizeof(buf)),
	    "overdue:2,overdue_red:3,warn:1");
	assert_string_equal(alerts_of(f->c, x.a4, buf, sizeof(buf)),
	    "instant_late:3,overdue:2");
	assert_string_equal(alerts_of(f->c, x.a5, buf, sizeof(buf)), "");
	assert_string_equal(alerts_of(f->c, x.a6, buf, sizeof(buf)), "");
	assert_string_equal(alerts_of(f->c, x.a7, buf, sizeof(buf)),
	    "delivery_overdue:2");
	assert_string_equal(alerts_of(f->c, x.a8, buf, sizeof(buf)), "");
	assert_string_equal(alerts_of(f->c, x.a9, buf, sizeof(buf)),
	    "step_overdue:2");
	assert_string_equal(alerts_of(f->c, x.a10, buf, sizeof(buf)), "");
	assert_string_equal(alerts_of(f->c, x.a11, buf, sizeof(buf)),
	    "overdue:2,overdue_red:3,warn:1");

	/* reasons carry the dates; the step's alert names its department */
	assert_string_equal(text_of(f->c, "SELECT reason FROM supervision_alerts "
	    "WHERE app_id = ? AND rule = 'overdue_red'", x.a3, buf, sizeof(buf)),
	    "红牌：超过承诺办结期限2026-02-26已逾5个工作日");
	assert_string_equal(text_of(f->c, "SELECT reason FROM supervision_alerts "
	    "WHERE app_id = ? AND rule = 'overdue_red'", x.a11, buf, sizeof(buf)),
	    "红牌：已超过法定办结期限2026-03-05");
	assert_string_equal(text_of(f->c, "SELECT reason FROM supervision_alerts "
	    "WHERE app_id = ? AND rule = 'instant_late'", x.a4, buf, sizeof(buf)),
	    "红牌：即办件未于受理当日（2026-03-09）办结");
	assert_string_equal(text_of(f->c, "SELECT reason FROM supervision_alerts "
	    "WHERE app_id = ? AND rule = 'warn'", x.a1, buf, sizeof(buf)),
	    "预警：剩余办理时间已不足承诺时限的20%，承诺办结期限为2026-03-11"
	    "（自2026-03-09起预警）");
	assert_string_equal(text_of(f->c, "SELECT reason FROM supervision_alerts "
	    "WHERE app_id = ? AND rule = 'step_overdue'", x.a9, buf, sizeof(buf)),
	    "黄牌：联合审批环节“联合审查”（石家庄市市场监督管理局）已超过环节期限2026-03-09");
	assert_int_equal(count(f->c, "SELECT org_id FROM supervision_alerts WHERE "
	    "app_id = ? AND rule = 'step_overdue'", x.a9), f->dy);
	assert_string_equal(text_of(f->c, "SELECT reason FROM supervision_alerts "
	    "WHERE app_id = ? AND rule = 'delivery_overdue'", x.a7, buf, sizeof(buf)),
	    "黄牌：准予许可后未在10个工作日内颁发、送达许可证件（第四十四条），"
	    "送达期限为2026-03-09");

	/* alert_level is the highest level raised */
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a1), 1);
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a2), 2);
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a3), 3);
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a4), 3);
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a5), 0);
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a7), 2);
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a9), 2);
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a10), 0);

	/* one staff-only timeline event per alert, one audit event per sweep */
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM application_events "
	    "WHERE public = 0 AND actor_name = '电子监察系统'", 0), 13);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM application_events "
	    "WHERE app_id = ? AND action = '电子监察红牌'", x.a3), 1);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "action = 'supervision.sweep'", 0), 1);

	/* the same day again: nothing new */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_supervision_sweep(f->c, &f->env, D("2026-03-10"), &n),
	    ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(n.raised, 0);
	assert_int_equal(n.warn + n.overdue + n.overdue_red + n.instant_late +
	    n.step_overdue + n.delivery_overdue, 0);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM supervision_alerts", 0), 13);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM application_events", 0), 13);

	/* the next day SP5 warns and SP8's delivery is late */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_supervision_sweep(f->c, &f->env, D("2026-03-11"), &n),
	    ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(n.raised, 2);
	assert_int_equal(n.warn, 1);
	assert_int_equal(n.delivery_overdue, 1);
	assert_string_equal(alerts_of(f->c, x.a5, buf, sizeof(buf)), "warn:1");
	assert_string_equal(alerts_of(f->c, x.a8, buf, sizeof(buf)),
	    "delivery_overdue:2");
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM application_events", 0), 15);
}

static void
raise_and_resolve(void **state)
{
	struct fx *f = *state;
	struct zw_sweep_counts n;
	struct zw_alert_filter flt = { 0 };
	struct zw_actor sv = SUPERVISOR(f), cx = CLERK_X(f);
	struct sweep_apps x;
	json_t *items, *sum;
	int64_t next;
	char buf[512];

	sweep_data(f, &x);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_supervision_sweep(f->c, &f->env, D("2026-03-10"), &n),
	    ZW_OK);
	/* §3.3: a refusal without reason is raised at once, 红牌 */
	assert_int_equal(zw_supervision_raise(f->c, x.a5, ZW_ALERT_RED,
	    "refusal_without_reason", "红牌：不予受理未说明理由"), ZW_OK);
	assert_int_equal(zw_supervision_raise(f->c, x.a5, ZW_ALERT_RED,
	    "refusal_without_reason", "红牌：不予受理未说明理由"), ZW_OK);
	assert_int_equal(zw_supervision_raise(f->c, x.a5, 0, "x", "y"), ZW_EINVAL);
	assert_int_equal(zw_supervision_raise(f->c, x.a5, 4, "x", "y"), ZW_EINVAL);
	assert_int_equal(zw_supervision_raise(f->c, x.a5, 2, "", "y"), ZW_EINVAL);
	assert_int_equal(zw_supervision_raise(f->c, x.a5, 2, "x", ""), ZW_EINVAL);
	assert_int_equal(zw_supervision_raise(f->c, 999999, 2, "x", "y"),
	    ZW_ENOTFOUND);
	/* a lower level never lowers alert_level */
	assert_int_equal(zw_supervision_raise(f->c, x.a3, ZW_ALERT_YELLOW,
	    "second_correction", "黄牌：第二次补正告知"), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_string_equal(alerts_of(f->c, x.a5, buf, sizeof(buf)),
	    "refusal_without_reason:3");
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a5), 3);
	assert_int_equal(count(f->c, "SELECT alert_level FROM applications WHERE "
	    "id = ?", x.a3), 3);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM application_events WHERE "
	    "app_id = ? AND public = 0 AND action = '电子监察红牌'", x.a5), 1);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "action = 'supervision.alert'", 0), 2);

	/* the list: level filter, newest first, paging */
	flt.level = ZW_ALERT_RED;
	assert_int_equal(zw_supervision_alerts(f->c, &sv, &flt, 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 4);
	assert_string_equal(zw_json_str(json_array_get(items, 0), "application_no"),
	    "SP5");
	assert_string_equal(zw_json_str(json_array_get(items, 0), "level"), "红牌");
	assert_string_equal(zw_json_str(json_array_get(items, 0), "item_name"),
	    "食品经营许可");
	assert_string_equal(zw_json_str(json_array_get(items, 0), "raised_at"),
	    "2026-03-10T10:00:00+08:00");
	assert_int_equal(next, -1);
	json_decref(items);
	assert_int_equal(zw_supervision_alerts(f->c, &sv, &flt, 3, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 3);
	assert_true(next > 0);
	json_decref(items);
	assert_int_equal(zw_supervision_alerts(f->c, &sv, &flt, 3, next, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(next, -1);
	json_decref(items);
	/* by department: the late joint step is department Y's */
	flt.level = 0;
	flt.org_id = f->dy;
	assert_int_equal(zw_supervision_alerts(f->c, &sv, &flt, 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(zw_json_str(json_array_get(items, 0), "rule"),
	    "step_overdue");
	json_decref(items);
	/* a department clerk's scope is its own department */
	flt.org_id = 0;
	assert_int_equal(zw_supervision_alerts(f->c, &cx, &flt, 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 14);
	json_decref(items);

	/* closing SP3 resolves its alerts */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_supervision_resolve(f->c, x.a3), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM supervision_alerts WHERE "
	    "app_id = ? AND resolved_at IS NOT NULL", x.a3), 4);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM supervision_alerts WHERE "
	    "resolved_at IS NOT NULL", 0), 4);
	flt.open_only = true;
	flt.level = ZW_ALERT_RED;
	assert_int_equal(zw_supervision_alerts(f->c, &sv, &flt, 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 3);	/* SP4, SP5, SP11 */
	json_decref(items);

	assert_int_equal(zw_supervision_summary(f->c, &sv, &sum), ZW_OK);
	assert_int_equal(zw_json_int(json_object_get(sum, "open"), "红牌"), 3);
	assert_int_equal(zw_json_int(json_object_get(sum, "open"), "黄牌"), 5);
	assert_int_equal(zw_json_int(json_object_get(sum, "open"), "预警"), 3);
	assert_int_equal(zw_json_int(json_object_get(sum, "total"), "红牌"), 4);
	assert_int_equal(zw_json_int(sum, "cases_open"), 7);
	assert_string_equal(zw_json_str(sum, "last_sweep_at"),
	    "2026-03-10T10:00:00+08:00");
	json_decref(sum);
	{
		struct zw_actor admin = actor(0, 0, "", ZW_SCOPE_ALL, ",orgs.manage,");
		struct zw_actor viewer = VIEWER_X(f);

		assert_true(zw_supervision_may_sweep(&sv));
		assert_true(zw_supervision_may_sweep(&admin));
		assert_false(zw_supervision_may_sweep(&cx));
		assert_false(zw_supervision_may_sweep(&viewer));
	}
}

/* ---- supervision notices ---- */

static void
notices(void **state)
{
	struct fx *f = *state;
	struct zw_actor sv = SUPERVISOR(f), cx = CLERK_X(f), cy = CLERK_Y(f);
	struct zw_actor vx = VIEWER_X(f);
	struct zw_why why = { 0 };
	struct zw_sweep_counts n;
	struct sweep_apps x;
	json_t *items, *o;
	int64_t id, next;
	char buf[64];

	sweep_data(f, &x);
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_supervision_sweep(f->c, &f->env, D("2026-03-10"), &n),
	    ZW_OK);
	/* refused: not a supervisor, bad period, no body, unknown case */
	assert_int_equal(zw_supervision_notice_issue(f->c, &cx, &f->env, "SP3",
	    "请说明超期原因", 3, &id, &why), ZW_EPERM);
	assert_int_equal(zw_supervision_notice_issue(f->c, &sv, &f->env, "SP3",
	    "请说明超期原因", 0, &id, &why), ZW_EINVAL);
	assert_string_equal(why.code, "invalid_due_days");
	assert_int_equal(zw_supervision_notice_issue(f->c, &sv, &f->env, "SP3",
	    "请说明超期原因", 31, &id, &why), ZW_EINVAL);
	assert_int_equal(zw_supervision_notice_issue(f->c, &sv, &f->env, "SP3",
	    "", 3, &id, &why), ZW_EINVAL);
	assert_int_equal(zw_supervision_notice_issue(f->c, &sv, &f->env, "SP99",
	    "请说明超期原因", 3, &id, &why), ZW_ENOTFOUND);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM supervision_notices", 0), 0);
	/* due in 3 working days from Tuesday 2026-03-10: Friday 03-13 */
	assert_int_equal(zw_supervision_notice_issue(f->c, &sv, &f->env, "SP3",
	    "请说明超期原因并限期办结", 3, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_string_equal(text_of(f->c, "SELECT due_on FROM supervision_notices "
	    "WHERE id = ?", id, buf, sizeof(buf)), "2026-03-13");
	/* linked to the case's most serious alert (its 红牌) */
	assert_string_equal(text_of(f->c, "SELECT x.rule FROM supervision_notices n "
	    "JOIN supervision_alerts x ON x.id = n.alert_id WHERE n.id = ?", id, buf,
	    sizeof(buf)), "overdue_red");
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM application_events WHERE "
	    "app_id = ? AND action = '监察通知' AND public = 0", x.a3), 1);

	/* department X sees it, department Y does not */
	assert_int_equal(zw_supervision_notices(f->c, &cx, "open", 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	o = json_array_get(items, 0);
	assert_string_equal(zw_json_str(o, "application_no"), "SP3");
	assert_string_equal(zw_json_str(o, "status"), "open");
	assert_string_equal(zw_json_str(o, "issued_by_name"), "陈静");
	assert_true(json_is_false(json_object_get(o, "overdue")));
	json_decref(items);
	assert_int_equal(zw_supervision_notices(f->c, &cy, NULL, 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);

	/* answers: not by another department, not by the supervisor, not
	 * without approvals.handle, not empty; then once */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_supervision_notice_answer(f->c, &cy, id, "已办结",
	    &why), ZW_ENOTFOUND);
	assert_int_equal(zw_supervision_notice_answer(f->c, &sv, id, "已办结",
	    &why), ZW_EPERM);
	assert_int_equal(zw_supervision_notice_answer(f->c, &vx, id, "已办结",
	    &why), ZW_EPERM);
	assert_int_equal(zw_supervision_notice_answer(f->c, &cx, id, "", &why),
	    ZW_EINVAL);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM supervision_notices "
	    "WHERE answered_at IS NOT NULL", 0), 0);
	assert_int_equal(zw_supervision_notice_answer(f->c, &cx, id,
	    "因专家评审延误，已于当日办结并整改", &why), ZW_OK);
	assert_int_equal(zw_supervision_notice_answer(f->c, &cx, id, "再次答复",
	    &why), ZW_ESTATE);
	assert_string_equal(why.code, "already_answered");
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_string_equal(text_of(f->c, "SELECT answer FROM supervision_notices "
	    "WHERE id = ?", id, buf, sizeof(buf)), "因专家评审延误，已于当日办结并整改");

	/* another notice left unanswered past its due date is overdue */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_supervision_notice_issue(f->c, &sv, &f->env, "SP4",
	    "即办件为何未当场办结？", 1, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(zw_clock_set("2026-03-12T09:00:00+08:00"), ZW_OK);
	assert_int_equal(zw_supervision_notices(f->c, &sv, "overdue", 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(zw_json_str(json_array_get(items, 0), "application_no"),
	    "SP4");
	assert_true(json_is_true(json_object_get(json_array_get(items, 0),
	    "overdue")));
	json_decref(items);
	assert_int_equal(zw_supervision_notices(f->c, &sv, "answered", 50, 0,
	    &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	assert_int_equal(zw_supervision_notice_get(f->c, &cy, id, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_supervision_notice_get(f->c, &cx, id, &o), ZW_OK);
	json_decref(o);
	assert_int_equal(zw_clock_set("2026-03-10T10:00:00+08:00"), ZW_OK);
}

/* ---- statistics ---- */

static void
stats(void **state)
{
	struct fx *f = *state;
	struct zw_actor sv = SUPERVISOR(f), p1 = PUBLIC(f->p1);
	struct zw_why why = { 0 };
	struct spec sp;
	json_t *st, *rows, *r, *tot;
	int64_t s1, s2, s3, s4, rect;

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
#define S(n, st, o, it, v) memset(&sp, 0, sizeof(sp)); sp.no = n; \
	sp.status = st; sp.org_id = o; sp.item_id = it; sp.ver_id = v; \
	sp.applicant_id = f->p1; sp.promised = 10; sp.on_time = -1; \
	sp.days_used = -1
	S("ST1", "completed", f->dx, f->item1, f->ver1);
	sp.received_on = "2026-03-02"; sp.accepted_on = "2026-03-03";
	sp.decided_on = "2026-03-10"; sp.closed_on = "2026-03-12";
	sp.on_time = 1; sp.days_used = 5;
	s1 = app(f, &sp);
	S("ST2", "denied", f->dx, f->item1, f->ver1); sp.channel = "window";
	sp.received_on = "2026-03-05"; sp.accepted_on = "2026-03-05";
	sp.decided_on = "2026-03-20"; sp.closed_on = "2026-03-20";
	sp.on_time = 0; sp.days_used = 11;
	s2 = app(f, &sp);
	S("ST3", "accepted", f->dx, f->item2, f->ver2);
	sp.received_on = "2026-02-25"; sp.accepted_on = "2026-03-02";
	s3 = app(f, &sp);
	S("ST4", "submitted", f->dy, f->item2, f->ver2);
	sp.received_on = "2026-03-15";
	s4 = app(f, &sp);
	S("ST5", "submitted", f->dy, f->item2, f->ver2);
	sp.received_on = "2026-04-01";
	app(f, &sp);
	S("ST6", "rejected", f->dx, f->item1, f->ver1);
	sp.received_on = "2026-03-06"; sp.closed_on = "2026-03-07";
	app(f, &sp);
	/* decided in February: outside the period */
	S("ST7", "completed", f->dx, f->item1, f->ver1);
	sp.received_on = "2026-01-05"; sp.accepted_on = "2026-01-06";
	sp.decided_on = "2026-02-10"; sp.closed_on = "2026-02-11";
	sp.on_time = 1; sp.days_used = 20;
	app(f, &sp);
#undef S
	assert_int_equal(zw_supervision_raise(f->c, s3, 1, "warn", "预警"), ZW_OK);
	assert_int_equal(zw_supervision_raise(f->c, s4, 3, "refusal_without_reason",
	    "红牌"), ZW_OK);
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "ST1", 5, "很好",
	    &rect, &why), ZW_OK);
	assert_int_equal(rect, 0);
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "ST2", 2, "材料要求不清楚",
	    &rect, &why), ZW_OK);
	assert_true(rect > 0);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	(void)s1;
	(void)s2;

	assert_int_equal(zw_supervision_stats(f->c, &sv, D("2026-03-01"),
	    D("2026-03-31"), false, &st), ZW_OK);
	assert_string_equal(zw_json_str(st, "by"), "org");
	rows = json_object_get(st, "rows");
	assert_int_equal(json_array_size(rows), 2);
	r = json_array_get(rows, 0);
	assert_int_equal(zw_json_int(r, "org_id"), f->dx);
	assert_string_equal(zw_json_str(r, "name"), "石家庄市行政审批局");
	assert_int_equal(zw_json_int(r, "received"), 3);	/* ST1, ST2, ST6 */
	assert_int_equal(zw_json_int(r, "online"), 2);
	assert_true(json_real_value(json_object_get(r, "online_rate")) == 0.6667);
	assert_int_equal(zw_json_int(r, "accepted"), 3);	/* ST1, ST2, ST3 */
	assert_int_equal(zw_json_int(r, "completed"), 2);	/* ST1, ST2 */
	assert_int_equal(zw_json_int(r, "decided"), 2);
	assert_int_equal(zw_json_int(r, "on_time"), 1);
	assert_true(json_real_value(json_object_get(r, "on_time_rate")) == 0.5);
	assert_true(json_real_value(json_object_get(r, "avg_days")) == 8.0);
	assert_int_equal(zw_json_int(json_object_get(r, "alerts"), "预警"), 1);
	assert_int_equal(zw_json_int(json_object_get(r, "alerts"), "红牌"), 0);
	assert_int_equal(zw_json_int(r, "ratings"), 2);
	assert_int_equal(zw_json_int(r, "bad_ratings"), 1);
	assert_int_equal(zw_json_int(r, "rectifications"), 1);
	assert_int_equal(zw_json_int(r, "rectifications_overdue"), 0);
	r = json_array_get(rows, 1);
	assert_int_equal(zw_json_int(r, "org_id"), f->dy);
	assert_int_equal(zw_json_int(r, "received"), 1);
	assert_int_equal(zw_json_int(r, "online"), 1);
	assert_true(json_real_value(json_object_get(r, "online_rate")) == 1.0);
	assert_int_equal(zw_json_int(r, "accepted"), 0);
	assert_true(json_is_null(json_object_get(r, "on_time_rate")));
	assert_true(json_is_null(json_object_get(r, "avg_days")));
	assert_int_equal(zw_json_int(json_object_get(r, "alerts"), "红牌"), 1);
	tot = json_object_get(st, "total");
	assert_int_equal(zw_json_int(tot, "received"), 4);
	assert_int_equal(zw_json_int(tot, "online"), 3);
	assert_true(json_real_value(json_object_get(tot, "online_rate")) == 0.75);
	assert_int_equal(zw_json_int(tot, "accepted"), 3);
	json_decref(st);

	/* by item */
	assert_int_equal(zw_supervision_stats(f->c, &sv, D("2026-03-01"),
	    D("2026-03-31"), true, &st), ZW_OK);
	rows = json_object_get(st, "rows");
	assert_int_equal(json_array_size(rows), 2);
	r = json_array_get(rows, 0);
	assert_int_equal(zw_json_int(r, "item_id"), f->item1);
	assert_string_equal(zw_json_str(r, "name"), "食品经营许可");
	assert_string_equal(zw_json_str(r, "code"), "I1");
	assert_int_equal(zw_json_int(r, "received"), 3);
	assert_int_equal(zw_json_int(r, "accepted"), 2);
	assert_int_equal(zw_json_int(r, "bad_ratings"), 1);
	r = json_array_get(rows, 1);
	assert_int_equal(zw_json_int(r, "item_id"), f->item2);
	assert_int_equal(zw_json_int(r, "received"), 1);	/* ST4 */
	assert_int_equal(zw_json_int(r, "accepted"), 1);	/* ST3 */
	assert_int_equal(zw_json_int(json_object_get(r, "alerts"), "预警"), 1);
	assert_int_equal(zw_json_int(json_object_get(r, "alerts"), "红牌"), 1);
	json_decref(st);

	/* February: only ST7's decision */
	assert_int_equal(zw_supervision_stats(f->c, &sv, D("2026-02-01"),
	    D("2026-02-28"), false, &st), ZW_OK);
	tot = json_object_get(st, "total");
	assert_int_equal(zw_json_int(tot, "received"), 1);	/* ST3 */
	assert_int_equal(zw_json_int(tot, "decided"), 1);
	assert_true(json_real_value(json_object_get(tot, "avg_days")) == 20.0);
	assert_int_equal(zw_json_int(tot, "ratings"), 0);
	json_decref(st);

	/* after the rectification's due date (2026-03-17) it counts overdue */
	assert_int_equal(zw_clock_set("2026-03-18T09:00:00+08:00"), ZW_OK);
	assert_int_equal(zw_supervision_stats(f->c, &sv, D("2026-03-01"),
	    D("2026-03-31"), false, &st), ZW_OK);
	assert_int_equal(zw_json_int(json_object_get(st, "total"),
	    "rectifications_overdue"), 1);
	json_decref(st);
	assert_int_equal(zw_clock_set("2026-03-10T10:00:00+08:00"), ZW_OK);
}

/* ---- ratings and rectifications ---- */

static void
ratings(void **state)
{
	struct fx *f = *state;
	struct zw_actor p1 = PUBLIC(f->p1), p2 = PUBLIC(f->p2), cx = CLERK_X(f);
	struct zw_actor cy = CLERK_Y(f), vx = VIEWER_X(f), sv = SUPERVISOR(f);
	struct zw_rectify_in in = { 0 };
	struct zw_why why = { 0 };
	struct spec sp;
	json_t *items, *o;
	int64_t rect, none, next;
	char buf[64];

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
#define R(n, st) memset(&sp, 0, sizeof(sp)); sp.no = n; sp.status = st; \
	sp.org_id = f->dx; sp.item_id = f->item1; sp.ver_id = f->ver1; \
	sp.applicant_id = f->p1; sp.promised = 10; sp.on_time = -1; \
	sp.days_used = -1; app(f, &sp)
	R("RT1", "completed");
	R("RT2", "denied");
	R("RT3", "rejected");
	R("RT4", "accepted");
	R("RT5", "approved");
#undef R
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	/* rated on 2026-09-30: 国庆 10/1-10/7 off, 10/10 (Sat) a working day */
	assert_int_equal(zw_clock_set("2026-09-30T15:00:00+08:00"), ZW_OK);

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	/* only the applicant; others learn nothing */
	assert_int_equal(zw_rating_submit(f->c, &p2, &f->env, "RT1", 5, "", &rect,
	    &why), ZW_ENOTFOUND);
	assert_int_equal(zw_rating_submit(f->c, &cx, &f->env, "RT1", 5, "", &rect,
	    &why), ZW_ENOTFOUND);
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "NOPE", 5, "", &rect,
	    &why), ZW_ENOTFOUND);
	/* closed cases only */
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "RT4", 5, "", &rect,
	    &why), ZW_ESTATE);
	assert_string_equal(why.code, "not_closed");
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "RT5", 5, "", &rect,
	    &why), ZW_ESTATE);
	/* five levels */
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "RT1", 0, "", &rect,
	    &why), ZW_EINVAL);
	assert_string_equal(why.code, "invalid_stars");
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "RT1", 6, "", &rect,
	    &why), ZW_EINVAL);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM ratings", 0), 0);
	/* 满意: no rectification */
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "RT1", 4, "办理很快",
	    &rect, &why), ZW_OK);
	assert_int_equal(rect, 0);
	/* 非常不满意 on a refusal: 差评 → rectification due 5 working days later */
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "RT3", 1,
	    "不予受理的理由说不清", &rect, &why), ZW_OK);
	assert_true(rect > 0);
	/* 基本满意 is not a 差评 */
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "RT2", 3, "", &none,
	    &why), ZW_OK);
	assert_int_equal(none, 0);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM rectifications", 0), 1);
	assert_string_equal(text_of(f->c, "SELECT due_on FROM rectifications WHERE "
	    "id = ?", rect, buf, sizeof(buf)), "2026-10-13");
	assert_int_equal(count(f->c, "SELECT org_id FROM rectifications WHERE id = ?",
	    rect), f->dx);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM application_events WHERE "
	    "action = '差评整改' AND public = 0", 0), 1);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM application_events WHERE "
	    "action = '服务评价' AND public = 1", 0), 3);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "action IN ('rating.create', 'rectification.open')", 0), 4);

	/* once (一事一评) */
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "RT1", 1, "改评", &none,
	    &why), ZW_ECONFLICT);
	assert_string_equal(why.code, "already_rated");
	zw_tx_rollback(f->c);
	assert_int_equal(count(f->c, "SELECT stars FROM ratings r JOIN applications a "
	    "ON a.id = r.app_id WHERE a.no = 'RT1' AND r.app_id > ?", 0), 4);

	assert_int_equal(zw_rating_get(f->c, "RT3", &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "level"), "非常不满意");
	json_decref(o);
	assert_int_equal(zw_rating_summary(f->c, 0, &o), ZW_OK);
	assert_int_equal(zw_json_int(o, "count"), 3);
	assert_true(json_real_value(json_object_get(o, "average")) == 2.7);
	assert_int_equal(zw_json_int(o, "bad_count"), 1);
	assert_int_equal(zw_json_int(json_object_get(o, "stars"), "1"), 1);
	json_decref(o);
	assert_int_equal(zw_rating_summary(f->c, f->dy, &o), ZW_OK);
	assert_int_equal(zw_json_int(o, "count"), 0);
	assert_true(json_is_null(json_object_get(o, "average")));
	json_decref(o);

	/* the department's list; another department's is empty */
	assert_int_equal(zw_rectification_list(f->c, &cx, "open", 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	o = json_array_get(items, 0);
	assert_string_equal(zw_json_str(o, "application_no"), "RT3");
	assert_string_equal(zw_json_str(o, "level"), "非常不满意");
	assert_string_equal(zw_json_str(o, "due_on"), "2026-10-13");
	assert_true(json_is_false(json_object_get(o, "overdue")));
	json_decref(items);
	assert_int_equal(zw_rectification_list(f->c, &cy, NULL, 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	assert_int_equal(zw_rectification_list(f->c, &sv, NULL, 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);

	/* the loop: refused for others; completing needs all three, 回访
	 * included, and a refusal changes nothing */
	in.verification = "经核实，窗口未一次性说明不予受理理由";
	in.measures = "对窗口人员进行培训，修订告知书模板";
	in.complete = true;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_rectification_update(f->c, &cy, rect, &in, &why),
	    ZW_ENOTFOUND);
	assert_int_equal(zw_rectification_update(f->c, &sv, rect, &in, &why),
	    ZW_EPERM);
	assert_int_equal(zw_rectification_update(f->c, &vx, rect, &in, &why),
	    ZW_EPERM);
	assert_int_equal(zw_rectification_update(f->c, &cx, rect, &in, &why),
	    ZW_EINVAL);
	assert_string_equal(why.code, "followup_required");
	assert_string_equal(why.field, "followup");
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_string_equal(text_of(f->c, "SELECT status FROM rectifications WHERE "
	    "id = ?", rect, buf, sizeof(buf)), "open");
	assert_string_equal(text_of(f->c, "SELECT verification FROM rectifications "
	    "WHERE id = ?", rect, buf, sizeof(buf)), "");
	/* progress first (核实, 整改), then the 回访 completes it */
	in.complete = false;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_rectification_update(f->c, &cx, rect, &in, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_string_equal(text_of(f->c, "SELECT status FROM rectifications WHERE "
	    "id = ?", rect, buf, sizeof(buf)), "open");
	memset(&in, 0, sizeof(in));
	in.complete = true;
	in.followup = "";
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_rectification_update(f->c, &cx, rect, &in, &why),
	    ZW_EINVAL);
	assert_string_equal(why.code, "followup_required");
	in.followup = "已电话回访申请人，对整改结果表示认可";
	assert_int_equal(zw_rectification_update(f->c, &cx, rect, &in, &why), ZW_OK);
	assert_int_equal(zw_rectification_update(f->c, &cx, rect, &in, &why),
	    ZW_ESTATE);
	assert_string_equal(why.code, "already_done");
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(zw_rectification_get(f->c, &cx, rect, &o), ZW_OK);
	assert_string_equal(zw_json_str(o, "status"), "done");
	assert_string_equal(zw_json_str(o, "measures"), "对窗口人员进行培训，修订告知书模板");
	assert_string_equal(zw_json_str(o, "followup"), "已电话回访申请人，对整改结果表示认可");
	assert_string_equal(zw_json_str(o, "done_by_name"), "刘洋");
	assert_true(json_is_false(json_object_get(o, "late")));
	json_decref(o);
	assert_int_equal(count(f->c, "SELECT COUNT(*) FROM audit_events WHERE "
	    "action = 'rectification.complete'", 0), 1);
	assert_int_equal(zw_rectification_list(f->c, &cx, "done", 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	assert_int_equal(zw_clock_set("2026-03-10T10:00:00+08:00"), ZW_OK);
}

/* An open rectification past its due date is listed as overdue. */
static void
rectification_overdue(void **state)
{
	struct fx *f = *state;
	struct zw_actor p1 = PUBLIC(f->p1), cx = CLERK_X(f);
	struct zw_why why = { 0 };
	struct spec sp;
	json_t *items;
	int64_t rect, next;

	memset(&sp, 0, sizeof(sp));
	sp.no = "RO1";
	sp.status = "completed";
	sp.org_id = f->dx;
	sp.item_id = f->item1;
	sp.ver_id = f->ver1;
	sp.applicant_id = f->p1;
	sp.promised = 10;
	sp.on_time = -1;
	sp.days_used = -1;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	app(f, &sp);
	assert_int_equal(zw_rating_submit(f->c, &p1, &f->env, "RO1", 2, "", &rect,
	    &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	/* due 2026-03-17; on the 17th it is not yet overdue, on the 18th it is */
	assert_int_equal(zw_clock_set("2026-03-17T23:00:00+08:00"), ZW_OK);
	assert_int_equal(zw_rectification_list(f->c, &cx, "overdue", 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	assert_int_equal(zw_clock_set("2026-03-18T08:00:00+08:00"), ZW_OK);
	assert_int_equal(zw_rectification_list(f->c, &cx, "overdue", 50, 0, &items,
	    &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_true(json_is_true(json_object_get(json_array_get(items, 0),
	    "overdue")));
	json_decref(items);
	assert_int_equal(zw_clock_set("2026-03-10T10:00:00+08:00"), ZW_OK);
}

static void
level_names(void **state)
{
	(void)state;
	assert_string_equal(zw_alert_level_name(1), "预警");
	assert_string_equal(zw_alert_level_name(2), "黄牌");
	assert_string_equal(zw_alert_level_name(3), "红牌");
	assert_string_equal(zw_alert_level_name(4), "");
	assert_int_equal(zw_alert_level_parse("红牌"), 3);
	assert_int_equal(zw_alert_level_parse("1"), 1);
	assert_int_equal(zw_alert_level_parse("4"), 0);
	assert_int_equal(zw_alert_level_parse("red"), 0);
	/* §3.4: five levels, the bottom two are 差评 */
	assert_string_equal(zw_rating_level_name(5), "非常满意");
	assert_string_equal(zw_rating_level_name(4), "满意");
	assert_string_equal(zw_rating_level_name(3), "基本满意");
	assert_string_equal(zw_rating_level_name(2), "不满意");
	assert_string_equal(zw_rating_level_name(1), "非常不满意");
	assert_string_equal(zw_rating_level_name(0), "");
	assert_int_equal(ZW_RATING_BAD_MAX, 2);
}

static int
load_calendar(void **state)
{
	FILE *fp = fopen("share/holidays/2026.txt", "rb");
	char buf[8192];
	size_t n;
	int errline = -1;

	(void)state;
	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	cal = zw_calendar_new();
	assert_int_equal(zw_calendar_load(cal, buf, n, &errline), ZW_OK);
	return 0;
}

#define BOTH(fn) \
	static void fn##_sqlite(void **s) { fn(s); } \
	static void fn##_pg(void **s) { fn(s); }
BOTH(sweep_rules)
BOTH(raise_and_resolve)
BOTH(notices)
BOTH(stats)
BOTH(ratings)
BOTH(rectification_overdue)

int
main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(level_names),
	};
#define T(fn, k) cmocka_unit_test_setup_teardown(fn##_##k, setup_##k, teardown)
	const struct CMUnitTest sqlite_tests[] = {
		T(sweep_rules, sqlite), T(raise_and_resolve, sqlite),
		T(notices, sqlite), T(stats, sqlite), T(ratings, sqlite),
		T(rectification_overdue, sqlite),
	};
	const struct CMUnitTest pg_tests[] = {
		T(sweep_rules, pg), T(raise_and_resolve, pg), T(notices, pg),
		T(stats, pg), T(ratings, pg), T(rectification_overdue, pg),
	};
#undef T
	int rc;

	zw_json_init();
	load_calendar(NULL);
	rc = cmocka_run_group_tests_name("supervise", plain, NULL, NULL);
	rc |= cmocka_run_group_tests_name("supervise_sqlite", sqlite_tests, NULL,
	    NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: supervise_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("supervise_pg", pg_tests, NULL, NULL);
	zw_calendar_free(cal);
	return rc;
}
