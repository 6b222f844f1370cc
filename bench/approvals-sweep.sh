#!/usr/bin/env bash
# bench/approvals-sweep.sh -- the electronic supervision sweep over
# 1,000,000 open applications on SQLite (target < 10 s).
#
# Set-up (not timed): a fresh demo data dir (`zhengwu init --demo`), 20
# service items, one public applicant, then N open applications written
# straight into the database by one sqlite3 statement, with the columns
# the applications core maintains (status, dates, the supervision dates
# warn_on / yellow_on / red_on of accepted cases, delivery_deadline of
# approved ones):
#   80 % accepted, 受理 1..40 days before the sweep day, 预警 from day 24,
#        黄牌 from day 29, 红牌 from day 36 after it (calendar days: the
#        exact working-day dates do not change the work of the sweep);
#        every 10th of them has an open review step due 10 days after 受理;
#    5 % approved, delivery deadline 15 days before to 9 days after;
#   15 % submitted, correction or suspended (no supervision dates).
# Timed (`zhengwu supervision sweep`, which prints the sweep's own time;
# the wall time adds process start-up and opening the database):
#   1. cold: the first sweep ever, raising every alert due at once
#      (about 0.6 alerts per open application);
#   2. again the same day: nothing new, the cost of looking;
#   3. the next day: the alerts of one day's threshold crossings.
# Then the query plans of the rule statements (the supervision-date
# indexes must be used, never a scan of applications).
#
# Environment: ZW_BENCH_SWEEP_APPS (1000000), ZW_BENCH_SWEEP_DAY
# (2026-11-20, the sweep day of run 1), ZW_BENCH_SWEEP_DATA (a data
# directory to create and keep for inspection; default: a temporary one).
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

N=${ZW_BENCH_SWEEP_APPS:-1000000}
DAY=${ZW_BENCH_SWEEP_DAY:-2026-11-20}
NEXT=$(date -d "$DAY + 1 day" +%F)

command -v sqlite3 >/dev/null || zw_die "sqlite3 is not installed"
zw_build
zw_setup_tmp
zw_env_header

DATA=${ZW_BENCH_SWEEP_DATA:-$ZW_TMP/data}
DB=$DATA/zhengwu.db
zw_init_data "$DATA"

zw_log "filling $N open applications ..."
zw_us; t0=$ZW_US
sqlite3 -bail "$DB" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
BEGIN;
INSERT INTO users (login, name, kind, password_hash, created_at, updated_at)
	VALUES ('bench-applicant', '压测申请人', 'person', 'x', 0, 0);
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 20)
INSERT INTO service_items (code, org_id, created_at, updated_at)
	SELECT 'BENCH-' || k.i, o.id, 0, 0 FROM k JOIN (SELECT id,
	ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM orgs) o
	ON o.rn = k.i % (SELECT COUNT(*) FROM orgs);
INSERT INTO item_versions (item_id, version, name, item_type, org_id, legal_days,
	promised_days, handling_kind, created_at)
	SELECT id, 1, '压测事项' || id, '行政许可', org_id, 20, 20, '承诺件', 0
	FROM service_items WHERE code LIKE 'BENCH-%';
CREATE TEMP TABLE it AS SELECT i.id AS item_id, v.id AS ver_id, i.org_id,
	ROW_NUMBER() OVER (ORDER BY i.id) - 1 AS k
	FROM service_items i JOIN item_versions v ON v.item_id = i.id
	WHERE i.code LIKE 'BENCH-%';
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $N),
x AS (SELECT n, (n * 7919) % 100 AS r, ((n / 100) * 7) % 40 + 1 AS age,
	((n / 100) * 13) % 25 - 15 AS dd, n % 20 AS k FROM seq),
y AS (SELECT x.*, CASE WHEN r < 80 THEN 'accepted' WHEN r < 85 THEN 'approved'
	WHEN r < 90 THEN 'submitted' WHEN r < 95 THEN 'correction' ELSE 'suspended' END
	AS status, date('$DAY', '-' || age || ' days') AS acc FROM x)
INSERT INTO applications (no, query_code_hash, item_id, item_version_id, org_id,
	applicant_id, applicant_name, applicant_kind, status, handling_kind,
	legal_days, promised_days, received_at, received_on, accepted_on,
	promised_deadline, legal_deadline, warn_on, yellow_on, red_on,
	delivery_deadline, decided_on, channel, created_at, updated_at)
SELECT printf('BENCH%012d', n), 'h', it.item_id, it.ver_id, it.org_id,
	(SELECT id FROM users WHERE login = 'bench-applicant'), '压测申请人', 'person',
	status, '承诺件', 20, 20, 0, date(acc, '-2 days'),
	CASE WHEN status IN ('accepted', 'approved', 'suspended') THEN acc END,
	CASE WHEN status = 'accepted' THEN date(acc, '+28 days') END,
	CASE WHEN status = 'accepted' THEN date(acc, '+40 days') END,
	CASE WHEN status = 'accepted' THEN date(acc, '+24 days') END,
	CASE WHEN status = 'accepted' THEN date(acc, '+29 days') END,
	CASE WHEN status = 'accepted' THEN date(acc, '+36 days') END,
	CASE WHEN status = 'approved' THEN date('$DAY', dd || ' days') END,
	CASE WHEN status = 'approved' THEN date('$DAY', (dd - 10) || ' days') END,
	CASE WHEN n % 50 = 0 THEN 'window' ELSE 'online' END, 0, 0
FROM y JOIN it ON it.k = y.k;
INSERT INTO application_steps (app_id, kind, org_id, title, days, deadline,
	status, created_at)
SELECT id, 'review', org_id, '审查', 10, date(accepted_on, '+10 days'), 'open', 0
	FROM applications WHERE status = 'accepted' AND id % 10 = 0;
COMMIT;
ANALYZE;
SQL
zw_us; fill_s=$(( (ZW_US - t0) / 1000 ))
read -r napps nacc nsteps < <(sqlite3 -separator ' ' "$DB" "SELECT COUNT(*),
	COUNT(CASE WHEN status = 'accepted' THEN 1 END),
	(SELECT COUNT(*) FROM application_steps) FROM applications")
printf 'filled %s applications (%s accepted, %s open steps) in %d ms\n' \
	"$napps" "$nacc" "$nsteps" "$fill_s"

# sweep LABEL DAY: run the CLI sweep, print its line and the wall time
sweep() {
	local label=$1 day=$2 out wall
	zw_us; t0=$ZW_US
	out=$(ZHENGWU_LOG_LEVEL=warn "$ZW_BIN" supervision sweep --data "$DATA" \
		--now "${day}T08:00:00+08:00") || zw_die "sweep failed: $out"
	zw_us; wall=$(( (ZW_US - t0) / 1000 ))
	SWEEP_MS=$(sed -n 's/.* in \([0-9]*\) ms (.*/\1/p' <<<"$out" | head -1)
	SWEEP_TOTAL_MS=$(sed -n 's/.*(\([0-9]*\) ms with the commit).*/\1/p' <<<"$out" | head -1)
	SWEEP_RAISED=$(sed -n 's/.*, \([0-9]*\) new alerts.*/\1/p' <<<"$out" | head -1)
	printf '%-26s sweep %6s ms, with commit %6s ms, process %6d ms: %s\n' "$label" \
		"$SWEEP_MS" "$SWEEP_TOTAL_MS" "$wall" \
		"$(tr '\n' ' ' <<<"$out")"
}

echo
sweep "1. cold ($DAY)" "$DAY"
cold_ms=$SWEEP_MS; cold_total=$SWEEP_TOTAL_MS; cold_raised=$SWEEP_RAISED
sweep "2. again ($DAY)" "$DAY"
again_ms=$SWEEP_MS; again_total=$SWEEP_TOTAL_MS
sweep "3. next day ($NEXT)" "$NEXT"
next_ms=$SWEEP_MS; next_total=$SWEEP_TOTAL_MS; next_raised=$SWEEP_RAISED
nalerts=$(sqlite3 "$DB" "SELECT COUNT(*) FROM supervision_alerts")
nevents=$(sqlite3 "$DB" "SELECT COUNT(*) FROM application_events")
printf 'alerts %s, timeline events %s\n' "$nalerts" "$nevents"

echo
echo "query plans of the rule statements (the SELECT parts of src/approvals/supervise.c):"
for q in \
	"SELECT id FROM applications WHERE warn_on <= '$DAY' AND status = 'accepted' AND NOT EXISTS (SELECT 1 FROM supervision_alerts x WHERE x.app_id = applications.id AND x.rule = 'warn')" \
	"SELECT id FROM applications WHERE yellow_on <= '$DAY' AND status = 'accepted'" \
	"SELECT id FROM applications WHERE red_on <= '$DAY' AND status = 'accepted'" \
	"SELECT s.app_id FROM application_steps s INDEXED BY application_steps_org JOIN applications a ON a.id = s.app_id JOIN orgs o ON o.id = s.org_id WHERE s.org_id IN (SELECT id FROM orgs) AND s.status = 'open' AND s.deadline < '$DAY' AND a.status = 'accepted' ORDER BY s.deadline, s.id" \
	"SELECT id FROM applications INDEXED BY applications_org WHERE org_id IN (SELECT id FROM orgs) AND status = 'approved' AND delivery_deadline < '$DAY'" \
	"UPDATE applications SET alert_level = 3 WHERE id IN (SELECT x.app_id FROM supervision_alerts x WHERE x.id > 0 AND +x.level = 3) AND alert_level < 3" \
	"SELECT x.app_id FROM supervision_alerts x WHERE x.id > 0 AND x.rule IN ('warn', 'overdue')"; do
	printf '  %s\n' "$q"
	sqlite3 "$DB" "EXPLAIN QUERY PLAN $q" | sed 's/^/      /'
done

ok=no
(( cold_total < 10000 )) && ok=yes
steady_ok=no
(( next_total < 10000 && again_total < 10000 )) && steady_ok=yes
echo
printf 'result: %s open applications on SQLite, sweep with its commit:\n' "$napps"
printf '  cold, first sweep ever: %s ms (%s ms before the commit), %s alerts; < 10 s: %s\n' \
	"$cold_total" "$cold_ms" "$cold_raised" "$ok"
printf '  repeat the same day: %s ms; next day: %s ms (%s alerts); < 10 s: %s\n' \
	"$again_total" "$next_total" "$next_raised" "$steady_ok"
zw_result sweep.apps "$napps"
zw_result sweep.cold_ms "$cold_total"
zw_result sweep.cold_raised "$cold_raised"
zw_result sweep.again_ms "$again_total"
zw_result sweep.next_ms "$next_total"
zw_result sweep.ok "$ok"
zw_result sweep.steady_ok "$steady_ok"
