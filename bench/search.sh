#!/usr/bin/env bash
# bench/search.sh -- the public site search (GET /api/v1/search) over
# 100,000 published articles.
#
# A fresh demo data dir (SQLite).  Set-up, timed but not part of the
# figure: sqlite3 inserts ZW_BENCH_SITE_DOCS published articles in one
# statement (titles and bodies cut from a text of government words, so
# that common pairs such as 政务 or 服务 match tens of thousands of
# rows and rarer ones a few hundred); then `zhengwu migrate` runs the
# startup backfill (zw_site_search_backfill), which indexes them all
# into site_search: that time is printed as "index".  Then the server.  Then wrk (2 threads,
# 64 connections, 10 s, --latency, bench/sitesearch.lua) cycles over
# two-character queries and prints p50/p99.  Target (issue 5): p99 <
# 50 ms.
#
# Environment: ZW_BENCH_SITE_DOCS (100000), ZW_BENCH_SEARCH_QUERIES
# ("审批 通知 政务 服务 安全 营商 许可 公开"), ZW_BENCH_SEARCH_LIMIT
# (page size; default: the API's, 20), ZW_BENCH_DURATION (10s),
# ZW_BENCH_CONNS (64), ZW_BENCH_WRK_THREADS (2), ZW_BENCH_WARMUP (2s;
# 0 = none).
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

DOCS=${ZW_BENCH_SITE_DOCS:-100000}
QUERIES=${ZW_BENCH_SEARCH_QUERIES:-审批 通知 政务 服务 安全 营商 许可 公开}
DUR=${ZW_BENCH_DURATION:-10s}
CONNS=${ZW_BENCH_CONNS:-64}
WT=${ZW_BENCH_WRK_THREADS:-2}
WARM=${ZW_BENCH_WARMUP:-2s}

command -v wrk >/dev/null || zw_die "wrk is not installed"
command -v sqlite3 >/dev/null || zw_die "sqlite3 is not installed"
command -v jq >/dev/null || zw_die "jq is not installed"
zw_build
zw_setup_tmp
zw_env_header

DATA=$ZW_TMP/data
zw_init_data "$DATA"
DB=$DATA/zhengwu.db

# ---- the articles, straight into the table ----
WORDS='关于进一步优化营商环境深化放管服改革的通知政务服务事项网上办理审批许可公开透明安全生产检查工作方案市场主体登记注册便民利企城市建设管理交通运输医疗卫生教育就业社会保障养老服务乡村振兴生态环境保护水利工程农业农村住房公积金不动产登记税务发票数据共享一网通办跨省通办政策解读会议纪要人事任免财政预算决算'
zw_us; t0=$ZW_US
sqlite3 -bail "$DB" <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $DOCS),
w(s, l) AS (SELECT '$WORDS', length('$WORDS')),
ctx AS (SELECT c.site_id AS site, c.id AS col, s.org_id AS org,
	(SELECT MIN(id) FROM users) AS author
	FROM portal_columns c JOIN portal_sites s ON s.id = c.site_id
	ORDER BY c.id LIMIT 1)
INSERT INTO articles (site_id, column_id, org_id, title, summary, body,
	category, created_on, due_on, published_on, published_at, state,
	author_id, created_at, updated_at)
SELECT ctx.site, ctx.col, ctx.org,
	substr(w.s, 1 + (n * 37) % (w.l - 6), 6) || substr(w.s, 1 + (n * 101) % (w.l - 8), 8) || '（第' || n || '号）',
	'',
	'<p>' || substr(w.s, 1 + (n * 13) % (w.l - 40), 40) || '。' ||
	substr(w.s, 1 + (n * 7) % (w.l - 60), 60) || '。</p><p>' ||
	substr(w.s, 1 + (n * 53) % (w.l - 50), 50) || '。</p>',
	'other', '2026-01-01', '2026-02-01', '2026-01-02',
	1767225600 + n * 60, 'published', ctx.author, 1767225600, 1767225600
FROM g, w, ctx;
COMMIT;
SQL
zw_us; gen_ms=$(( (ZW_US - t0) / 1000 ))
zw_log "inserted $DOCS articles in ${gen_ms} ms"

# ---- `zhengwu migrate` indexes them (the startup backfill) ----
zw_us; t0=$ZW_US
"$ZW_BIN" migrate --data "$DATA" >/dev/null 2>"$ZW_TMP/migrate.log" ||
	{ cat "$ZW_TMP/migrate.log" >&2; zw_die "zhengwu migrate failed"; }
zw_us; index_ms=$(( (ZW_US - t0) / 1000 ))
grep -o 'indexed [0-9]* page(s) for the site search' "$ZW_TMP/migrate.log" >&2 || true
zw_launch "$DATA" "$ZW_TMP/server.log"
BASE="http://$ZW_HOST:$ZW_PORT"
n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM site_search WHERE type = 'article'")
(( n >= DOCS )) || zw_die "site_search holds $n articles, expected >= $DOCS"

enc=()
for q in $QUERIES; do
	e=$(jq -rn --arg q "$q" '$q|@uri')
	hits=$(curl -sS --fail "$BASE/api/v1/search?q=$e&limit=50" | jq '.items | length')
	(( hits > 0 )) || zw_die "no hit for $q"
	enc+=("$e")
done
export ZW_QUERIES="${enc[*]}"
export ZW_SEARCH_LIMIT=${ZW_BENCH_SEARCH_LIMIT:-}

if [[ $WARM != 0 ]]; then
	zw_run wrk -t"$WT" -c"$CONNS" -d"$WARM" -s "$ZW_ROOT/bench/sitesearch.lua" "$BASE" >/dev/null
fi
zw_log "wrk -t$WT -c$CONNS -d$DUR --latency -s bench/sitesearch.lua $BASE ($QUERIES)"
zw_run wrk -t"$WT" -c"$CONNS" -d"$DUR" --latency -s "$ZW_ROOT/bench/sitesearch.lua" "$BASE" >"$ZW_TMP/wrk.txt"
[[ ${ZW_BENCH_VERBOSE:-0} != 1 ]] || cat "$ZW_TMP/wrk.txt" >&2
read -r rps p50 p99 err < <(awk '
	function ms(v) {
		if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
		if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
		if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
		return v + 0
	}
	/^Requests\/sec:/ { rps = $2 }
	$1 == "50%" { p50 = ms($2) }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx or 3xx responses:/ { err += $NF }
	/Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) err += $i + 0 }
	END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, err }' "$ZW_TMP/wrk.txt")
zw_stop_pid "$ZW_SERVER_PID"

ok=$(awk -v p="$p99" 'BEGIN{print ((p < 50) ? "yes" : "NO")}')
printf '\nsite search over %s articles (SQLite, FTS5)\n' "$DOCS"
printf 'set-up: insert %s ms, index (migrate) %s ms\n' "$gen_ms" "$index_ms"
printf '%-30s %10s %9s %9s %7s\n' "target" "req/s" "p50 ms" "p99 ms" "errors"
printf '%-30s %10s %9s %9s %7s\n' "GET /api/v1/search (2 chars)" "$rps" "$p50" "$p99" "$err"
printf 'p99 < 50 ms: %s\n' "$ok"
zw_result search.site.rps "$rps"
zw_result search.site.p50_ms "$p50"
zw_result search.site.p99_ms "$p99"
zw_result search.site.index_ms "$index_ms"
zw_result search.site.p99_ok "$ok"
(( err == 0 )) || { zw_log "warning: $err failed requests"; exit 1; }
