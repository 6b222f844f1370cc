/*
 * report.c -- the annual report (政府信息公开工作年度报告, 条例 第四十九、
 * 五十条; standards.md §4): text sections written by the office, and the
 * figures the platform knows, laid out as the tables of 国办公开办函
 * 〔2021〕30号:
 *   主动公开 -- articles published in the year, by 第二十条 category
 *              (the portal's articles);
 *   表三      -- requests: 本年新收, 上年结转, 本年度办理结果 (by outcome
 *              and reason), 结转下年度继续办理, by applicant kind
 *              (自然人; 法人或其他组织: 商业企业, 科研机构, 社会公益组织,
 *              法律服务机构, 其他; 总计).
 * Rows of 表三 the platform has no data for (e.g. 信访举报投诉类申请) are
 * listed with tracked: false rather than a made-up zero.  Late answers
 * and requests overdue at the year's end are counted too.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/str.h"
#include "disclosure/disclosure.h"
#include "org/org_int.h"
#include "portal/portal.h"
#include "store/row.h"

const struct zw_disc_section zw_disc_sections[] = {
	{ "overview", "一、总体情况" },
	{ "proactive", "二、主动公开政府信息情况" },
	{ "requests", "三、收到和处理政府信息公开申请情况" },
	{ "appeals", "四、政府信息公开行政复议、行政诉讼情况" },
	{ "problems", "五、存在的主要问题及改进情况" },
	{ "other", "六、其他需要报告的事项" },
	{ NULL, NULL },
};

/* Columns of 表三: 自然人, then 法人或其他组织 by kind, then 总计. */
static const struct {
	const char *key, *name, *org_type;
} columns[] = {
	{ "person", "自然人", NULL },
	{ "commercial", "商业企业", "商业企业" },
	{ "research", "科研机构", "科研机构" },
	{ "public_welfare", "社会公益组织", "社会公益组织" },
	{ "legal_service", "法律服务机构", "法律服务机构" },
	{ "other", "其他", "其他" },
	{ "total", "总计", NULL },
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

/* Rows of 表三 (30号), in the form's order. */
static const struct {
	const char *key, *group, *label;
	bool tracked;
} rows[] = {
	{ "new", "一", "本年新收政府信息公开申请数量", true },
	{ "carried_in", "二", "上年结转政府信息公开申请数量", true },
	{ "disclose", "三（一）", "予以公开", true },
	{ "partial", "三（二）", "部分公开（区分处理的，只计这一情形，不计其他情形）", true },
	{ "withhold_secret", "三（三）", "不予公开：1.属于国家秘密", true },
	{ "withhold_law", "三（三）", "不予公开：2.其他法律行政法规禁止公开", true },
	{ "withhold_security", "三（三）", "不予公开：3.危及“三安全一稳定”", true },
	{ "withhold_third_party", "三（三）", "不予公开：4.保护第三方合法权益", true },
	{ "withhold_internal", "三（三）", "不予公开：5.属于三类内部事务信息", true },
	{ "withhold_process", "三（三）", "不予公开：6.属于四类过程性信息", true },
	{ "withhold_enforcement", "三（三）", "不予公开：7.属于行政执法案卷", true },
	{ "withhold_inquiry", "三（三）", "不予公开：8.属于行政查询事项", true },
	{ "unavailable_not_held", "三（四）", "无法提供：1.本机关不掌握相关政府信息", true },
	{ "unavailable_no_ready", "三（四）", "无法提供：2.没有现成信息需要另行制作", false },
	{ "unavailable_unclear", "三（四）", "无法提供：3.补正后申请内容仍不明确", false },
	{ "refused_petition", "三（五）", "不予处理：1.信访举报投诉类申请", false },
	{ "refused_duplicate", "三（五）", "不予处理：2.重复申请", true },
	{ "refused_publication", "三（五）", "不予处理：3.要求提供公开出版物", false },
	{ "refused_massive", "三（五）", "不予处理：4.无正当理由大量反复申请", false },
	{ "refused_confirm", "三（五）", "不予处理：5.要求行政机关确认或重新出具已获取信息",
	  false },
	{ "other_no_correction", "三（六）", "其他处理：1.申请人无正当理由逾期不补正、"
	  "行政机关不再处理其政府信息公开申请", false },
	{ "other_no_fee", "三（六）", "其他处理：2.申请人逾期未按收费通知要求缴纳费用、"
	  "行政机关不再处理其政府信息公开申请", false },
	{ "other_other", "三（六）", "其他处理：3.其他", true },
	{ "answered_total", "三（七）", "总计", true },
	{ "carried_out", "四", "结转下年度继续办理", true },
	{ "late", "—", "其中：超过答复期限答复（平台统计）", true },
	{ "overdue_open", "—", "其中：年末（本年度为今天）已超过答复期限尚未答复（平台统计）",
	  true },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static size_t
col_of(const char *kind, const char *org_type)
{
	size_t i;

	if (strcmp(kind, "person") == 0)
		return 0;
	for (i = 1; i + 1 < NCOLS; i++)
		if (strcmp(columns[i].org_type, org_type) == 0)
			return i;
	return NCOLS - 2;	/* 其他 */
}

static size_t
row_of(const char *key)
{
	size_t i;

	for (i = 0; i < NROWS; i++)
		if (strcmp(rows[i].key, key) == 0)
			return i;
	return NROWS;
}

/* The 表三 row an answered request counts in. */
static const char *
answer_row(const char *outcome, const char *reason)
{
	const struct zw_disc_outcome *o = zw_disc_outcome(outcome);
	const struct zw_disc_reason *r;

	if (o == NULL)
		return "other_other";
	if (strcmp(o->report_row, "withhold") == 0)
		return (r = zw_disc_reason(reason)) != NULL ? r->report_row : "other_other";
	return o->report_row;
}

/* Count rows of a query (kind, org_type[, outcome, reason]) into row key
 * (or by outcome when key is NULL). */
static int
count_into(zw_conn *c, const char *sql, const char *b1, const char *b2,
    const char *key, int64_t counts[NROWS][NCOLS])
{
	zw_stmt *s;
	int rc = zw_prepare(c, sql, &s);
	size_t ri, ci;

	if (rc != ZW_OK)
		return rc;
	zw_bind_text(s, 1, b1, (size_t)-1);
	if (b2 != NULL)
		zw_bind_text(s, 2, b2, (size_t)-1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		ri = row_of(key != NULL ? key : answer_row(zw_col_text(s, 2),
		    zw_col_text(s, 3)));
		ci = col_of(zw_col_text(s, 0), zw_col_text(s, 1));
		if (ri < NROWS) {
			counts[ri][ci]++;
			counts[ri][NCOLS - 1]++;
			if (key == NULL) {
				counts[row_of("answered_total")][ci]++;
				counts[row_of("answered_total")][NCOLS - 1]++;
				if (zw_col_int(s, 4) != 0) {
					counts[row_of("late")][ci]++;
					counts[row_of("late")][NCOLS - 1]++;
				}
			}
		}
	}
	return rc < 0 ? rc : ZW_OK;
}

static int
request_table(zw_conn *c, int year, json_t **out)
{
	int64_t (*counts)[NCOLS];
	char ys[11], ye[11], td[11];
	json_t *cols = json_array(), *rs = json_array();
	size_t i, j;
	zw_arena *a = zw_arena_new();
	int rc;

	counts = zw_zalloc(a, sizeof(int64_t[NROWS][NCOLS]));
	snprintf(ys, sizeof(ys), "%04d-01-01", year);
	snprintf(ye, sizeof(ye), "%04d-12-31", year);
	/* overdue at the year's end, or today for the running year */
	zw_date_fmt(zw_date_of(zw_now()), td, sizeof(td));
	if ((rc = count_into(c, "SELECT applicant_kind, org_type FROM disclosure_requests "
	    "WHERE received_on >= ? AND received_on <= ?", ys, ye, "new", counts)) ||
	    (rc = count_into(c, "SELECT applicant_kind, org_type FROM disclosure_requests "
	    "WHERE received_on < ? AND (answered_on IS NULL OR answered_on >= ?)",
	    ys, ys, "carried_in", counts)) ||
	    (rc = count_into(c, "SELECT applicant_kind, org_type, outcome, outcome_reason, "
	    "late FROM disclosure_requests WHERE answered_on >= ? AND answered_on <= ?",
	    ys, ye, NULL, counts)) ||
	    (rc = count_into(c, "SELECT applicant_kind, org_type FROM disclosure_requests "
	    "WHERE received_on <= ? AND (answered_on IS NULL OR answered_on > ?)",
	    ye, ye, "carried_out", counts)) ||
	    (rc = count_into(c, "SELECT applicant_kind, org_type FROM disclosure_requests "
	    "WHERE received_on <= ? AND answered_on IS NULL AND due_date < ?",
	    ye, strcmp(td, ye) < 0 ? td : ye, "overdue_open", counts))) {
		json_decref(cols);
		json_decref(rs);
		goto out;
	}
	for (j = 0; j < NCOLS; j++)
		json_array_append_new(cols, json_pack("{s:s, s:s}", "key", columns[j].key,
		    "name", columns[j].name));
	for (i = 0; i < NROWS; i++) {
		json_t *cnt = json_object();

		for (j = 0; j < NCOLS; j++)
			json_object_set_new(cnt, columns[j].key, rows[i].tracked ?
			    json_integer(counts[i][j]) : json_null());
		json_array_append_new(rs, json_pack("{s:s, s:s, s:s, s:b, s:o}", "key",
		    rows[i].key, "group", rows[i].group, "label", rows[i].label,
		    "tracked", rows[i].tracked, "counts", cnt));
	}
	*out = json_pack("{s:o, s:o}", "columns", cols, "rows", rs);
out:
	zw_arena_free(a);
	return rc;
}

static int
proactive_table(zw_conn *c, int year, json_t **out)
{
	char ys[11], ye[11];
	json_t *items = json_array();
	int64_t total = 0, n;
	size_t i;
	zw_stmt *s;
	int rc;

	snprintf(ys, sizeof(ys), "%04d-01-01", year);
	snprintf(ye, sizeof(ye), "%04d-12-31", year);
	rc = zw_prepare(c, "SELECT COUNT(*) FROM articles WHERE category = ? AND "
	    "published_on >= ? AND published_on <= ? AND state IN ('published', "
	    "'withdrawn')", &s);
	if (rc != ZW_OK) {
		json_decref(items);
		return rc;
	}
	for (i = 0; i < zw_portal_ncategories; i++) {
		zw_bind_text(s, 1, zw_portal_categories[i].code, (size_t)-1);
		zw_bind_text(s, 2, ys, (size_t)-1);
		zw_bind_text(s, 3, ye, (size_t)-1);
		if ((rc = zw_step(s)) != ZW_ROW) {
			json_decref(items);
			return rc < 0 ? rc : ZW_EDB;
		}
		n = zw_col_int(s, 0);
		zw_reset(s);
		total += n;
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:i, s:I}",
		    "category", zw_portal_categories[i].code, "name",
		    zw_portal_categories[i].name, "short_name",
		    zw_portal_categories[i].short_name, "article",
		    zw_portal_categories[i].article, "count", (json_int_t)n));
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
	return ZW_OK;
}

int
zw_disc_report(zw_conn *c, const struct zw_disc_env *env, int year,
    bool include_draft, json_t **out)
{
	json_t *o, *secs, *saved = NULL, *t;
	bool published = false;
	zw_stmt *s;
	size_t i;
	int rc;

	(void)env;
	if (year < 2000 || year > 2100)
		return ZW_ENOTFOUND;
	o = json_pack("{s:i}", "year", year);
	rc = zw_prepare(c, "SELECT sections, published, published_at, updated_at "
	    "FROM disclosure_reports WHERE year = ?", &s);
	if (rc != ZW_OK)
		goto fail;
	zw_bind_int(s, 1, year);
	if ((rc = zw_step(s)) == ZW_ROW) {
		saved = json_loads(zw_col_text(s, 0), 0, NULL);
		published = zw_col_int(s, 1) != 0;
		json_object_set_new(o, "published_at", zw_col_json_time(s, 2));
		json_object_set_new(o, "updated_at", zw_col_json_time(s, 3));
		zw_reset(s);
	} else if (rc < 0)
		goto fail;
	if (!published && !include_draft) {
		json_decref(saved);
		json_decref(o);
		return ZW_ENOTFOUND;
	}
	json_object_set_new(o, "published", json_boolean(published));
	secs = json_array();
	for (i = 0; zw_disc_sections[i].key != NULL; i++) {
		t = saved != NULL ? json_object_get(saved, zw_disc_sections[i].key) : NULL;
		json_array_append_new(secs, json_pack("{s:s, s:s, s:s}", "key",
		    zw_disc_sections[i].key, "title", zw_disc_sections[i].title, "text",
		    json_is_string(t) ? json_string_value(t) : ""));
	}
	json_decref(saved);
	json_object_set_new(o, "sections", secs);
	if ((rc = proactive_table(c, year, &t)) != ZW_OK)
		goto fail;
	json_object_set_new(o, "proactive", t);
	if ((rc = request_table(c, year, &t)) != ZW_OK)
		goto fail;
	json_object_set_new(o, "requests", t);
	json_object_set_new(o, "basis", json_string("国办公开办函〔2021〕30号"));
	*out = o;
	return ZW_OK;
fail:
	json_decref(o);
	return rc < 0 ? rc : ZW_EDB;
}

static int
report_row(zw_conn *c, int year, json_t **sections)
{
	zw_stmt *s;
	int rc = zw_prepare(c, "SELECT sections FROM disclosure_reports WHERE year = ?", &s);

	*sections = NULL;
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, year);
	if ((rc = zw_step(s)) == ZW_ROW) {
		*sections = json_loads(zw_col_text(s, 0), 0, NULL);
		zw_reset(s);
	}
	if (rc < 0)
		return rc;
	if (*sections == NULL || !json_is_object(*sections)) {
		json_decref(*sections);
		*sections = json_object();
	}
	return ZW_OK;
}

int
zw_disc_report_save(zw_conn *c, const struct zw_actor *who, int year,
    json_t *sections, struct zw_why *why)
{
	zw_arena *a;
	const char *k;
	json_t *v, *cur, *d;
	zw_stmt *s;
	size_t i;
	bool known;
	int rc;

	if (who->org_id <= 0 || !zw_actor_can(who, "disclosure.handle"))
		return ZW_EPERM;
	if (year < 2000 || year > 2100) {
		ZW_WHY(why, "invalid_year", "年份不正确", "year");
		return ZW_EINVAL;
	}
	if (!json_is_object(sections)) {
		ZW_WHY(why, "invalid_sections", "sections 应为对象", "sections");
		return ZW_EINVAL;
	}
	json_object_foreach(sections, k, v) {
		known = false;
		for (i = 0; zw_disc_sections[i].key != NULL; i++)
			known = known || strcmp(zw_disc_sections[i].key, k) == 0;
		if (!known) {
			ZW_WHY(why, "unknown_section", "报告没有这一部分", "sections");
			return ZW_EINVAL;
		}
		if (!json_is_string(v) || zw_check_text(json_string_value(v), "sections",
		    false, ZW_DISC_MAX_REPORT, why)) {
			ZW_WHY(why, "invalid_section_text", "报告正文应为不超过20000字的文本",
			    "sections");
			return ZW_EINVAL;
		}
	}
	if ((rc = report_row(c, year, &cur)) != ZW_OK)
		return rc;
	json_object_update(cur, sections);
	a = zw_arena_new();
	rc = zw_prepare(c, "INSERT INTO disclosure_reports (year, sections, updated_by, "
	    "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (year) DO UPDATE SET "
	    "sections = excluded.sections, updated_by = excluded.updated_by, "
	    "updated_at = excluded.updated_at", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, year);
		zw_bind_text(s, 2, zw_json_dump(a, cur), (size_t)-1);
		zw_bind_int(s, 3, who->id);
		zw_bind_int(s, 4, zw_now());
		rc = zw_step(s) < 0 ? ZW_EDB : ZW_OK;
	}
	json_decref(cur);
	zw_arena_free(a);
	if (rc != ZW_OK)
		return rc;
	d = json_pack("{s:i}", "year", year);
	rc = zw_actor_audit(c, who, "disclosure.report_save", "disclosure_report", year,
	    "success", d);
	json_decref(d);
	return rc;
}

int
zw_disc_report_publish(zw_conn *c, const struct zw_actor *who, int year,
    struct zw_why *why)
{
	json_t *cur, *d;
	zw_stmt *s;
	int rc;

	if (who->org_id <= 0 || !zw_actor_can(who, "disclosure.extend")) {
		ZW_WHY(why, "forbidden", "年度报告须经政府信息公开工作机构负责人发布", NULL);
		return ZW_EPERM;
	}
	if (year < 2000 || year > 2100) {
		ZW_WHY(why, "invalid_year", "年份不正确", "year");
		return ZW_EINVAL;
	}
	if ((rc = report_row(c, year, &cur)) != ZW_OK)
		return rc;
	json_decref(cur);
	rc = zw_prepare(c, "INSERT INTO disclosure_reports (year, published, "
	    "published_at, updated_by, updated_at) VALUES (?, 1, ?, ?, ?) "
	    "ON CONFLICT (year) DO UPDATE SET published = 1, "
	    "published_at = excluded.published_at, updated_by = excluded.updated_by, "
	    "updated_at = excluded.updated_at", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, year);
	zw_bind_int(s, 2, zw_now());
	zw_bind_int(s, 3, who->id);
	zw_bind_int(s, 4, zw_now());
	if (zw_step(s) < 0)
		return ZW_EDB;
	d = json_pack("{s:i}", "year", year);
	rc = zw_actor_audit(c, who, "disclosure.report_publish", "disclosure_report",
	    year, "success", d);
	json_decref(d);
	return rc;
}
