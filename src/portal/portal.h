/*
 * portal.h -- 政府门户网站: the site group (the government's main site
 * and a sub-site per department, each with its columns), and 主动公开:
 * articles with 索引号, category, issuing organization, 发文字号,
 * 生成日期 and 发布日期, validity, a sanitized HTML body and
 * attachments, through draft -> review -> publish (now or at a time),
 * and withdrawal with a reason (standards.md §4).
 *
 * Rights: portal.edit drafts, edits drafts and submits them;
 * portal.publish returns, publishes, withdraws, corrects published
 * articles and manages sites and columns.  Either right acts on a site
 * whose organization is the actor's own organization or above it (a
 * government office runs its government's site), or lies in the
 * actor's data scope.  Outside that an article is ZW_ENOTFOUND.
 *
 * No HTTP here.  Every state change writes its audit event, its history
 * row and the page-cache tags of what it changed (cache.h) in the
 * caller's transaction.
 */
#ifndef ZW_PORTAL_H
#define ZW_PORTAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/workday.h"
#include "org/org.h"
#include "store/db.h"

/* 第二十条: 15 categories every organ publishes; 第二十一条: the topics
 * city and county governments add. */
struct zw_portal_category {
	const char *code;	/* "regulations" ... */
	const char *name;	/* the article's wording */
	const char *short_name;	/* for lists: "法规文件" */
	int article;		/* 20 or 21 */
};
extern const struct zw_portal_category zw_portal_categories[];
extern const size_t zw_portal_ncategories;
/* The category of a code, or NULL. */
const struct zw_portal_category *zw_portal_category(const char *code);

/* 发布日期 is due by the end of the 20th working day after 生成日期
 * (条例 第二十六条; counting as standards.md §10). */
#define ZW_DISCLOSURE_DAYS 20
zw_date zw_disclosure_due(const zw_calendar *cal, zw_date created_on);

/*
 * Format a 索引号: fmt with {uscc} (uscc, or org_code when uscc is
 * empty), {org} (org_code), {yyyy} and {mm} (of d), {n...} (seq,
 * zero-padded to as many digits as there are n's, 1..12).  Other text
 * is copied.  ZW_EINVAL for an unknown or unclosed {...}, a format
 * without {n...}, or a result that is empty or longer than
 * ZW_PORTAL_INDEX_NO_MAX characters.  OUT: out.
 */
int zw_index_no_format(const char *fmt, const char *uscc, const char *org_code,
    zw_date d, int64_t seq, char *out, size_t size);
/* A 索引号 typed by hand: 1..ZW_PORTAL_INDEX_NO_MAX printable ASCII
 * characters without spaces.  NULL if acceptable, else a message. */
const char *zw_index_no_problem(const char *s);

/* ---- sites and columns (sites.c) ---- */

struct zw_site_in {
	int64_t org_id;		/* create only */
	int64_t manager_org_id;	/* who runs it: 0 = the site's org; -1 = unchanged */
	int is_main;		/* 1 or 0; -1 = unchanged */
	const char *title;	/* "" = the organization's name */
	const char *intro;	/* 机构职能 */
	const char *office_name;	/* 政府信息公开工作机构 */
	const char *address, *postcode, *hours, *phone, *fax, *email;
	const char *status;	/* active, hidden */
	json_t *leaders;	/* [{"name","title","duties"}]; NULL = unchanged */
};

/* Fields left NULL are "" on create and unchanged on update. */
int zw_site_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_site_in *in, int64_t *id, struct zw_why *why);
int zw_site_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_site_in *in, struct zw_why *why);
/* {id, org_id, org_code, org_name, name, is_main, intro, leaders, ...,
 * url, columns?}.  OUT: *out. */
int zw_site_get(zw_conn *c, int64_t id, json_t **out);
/* The active site of an organization code ("" or NULL: the main site).
 * ZW_ENOTFOUND when there is none.  OUT: *id. */
int zw_site_find(zw_conn *c, const char *org_code, int64_t *id);
/* Active sites (main first), or every site in who's reach (who != NULL). */
int zw_site_list(zw_conn *c, const struct zw_actor *who, json_t **items);

struct zw_column_in {
	int64_t site_id;	/* create only */
	const char *code;	/* [a-z0-9-], 1..32 */
	const char *name;
	const char *kind;	/* news, notice, policy, disclosure, general */
	const char *description;
	const char *status;	/* active, hidden */
	int64_t sort_order;	/* < 0 = unchanged */
	int on_home;		/* 1 or 0; -1 = unchanged */
};

int zw_column_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_column_in *in, int64_t *id, struct zw_why *why);
int zw_column_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_column_in *in, struct zw_why *why);
int zw_column_get(zw_conn *c, int64_t id, json_t **out);
/* The column of a site by code (active only when public).  OUT: *id. */
int zw_column_find(zw_conn *c, int64_t site_id, const char *code, bool public,
    int64_t *id);
/* A site's columns in order; public: active ones only. */
int zw_column_list(zw_conn *c, int64_t site_id, bool public, json_t **items);
/* Chinese name of a column kind, or NULL for an unknown kind. */
const char *zw_column_kind_name(const char *kind);

/* ---- articles (articles.c) ---- */

struct zw_article_in {
	int64_t column_id;	/* required on create; 0 = unchanged */
	int64_t org_id;		/* 发布机构; 0 = the site's org / unchanged */
	const char *title;
	const char *summary;	/* 内容概述; "" = from the body */
	const char *body;	/* HTML, sanitized here */
	const char *category;	/* a zw_portal_categories code */
	const char *doc_no;	/* 发文字号 when it is a document */
	const char *created_on;	/* 生成日期 YYYY-MM-DD; NULL/"" = today (create) */
	const char *validity;	/* valid, expired, repealed */
	const int64_t *attachments;	/* file ids, in order */
	size_t n_att;
	bool set_attachments;	/* update: replace the attachments */
};

/* Draft an article (portal.edit).  cal gives the 20-day due date.
 * OUT: *id. */
int zw_article_create(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, const struct zw_article_in *in, int64_t *id,
    struct zw_why *why);
/* Fields left NULL (ids 0) are unchanged.  A draft: portal.edit; a
 * published article (a correction, say of its validity): portal.publish.
 * In review, scheduled or withdrawn: ZW_ESTATE. */
int zw_article_update(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, int64_t id, const struct zw_article_in *in,
    struct zw_why *why);
/* draft -> review (portal.edit). */
int zw_article_submit(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why);
/* review -> draft with a comment (portal.publish). */
int zw_article_return(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *comment, struct zw_why *why);

struct zw_publish_in {
	const char *index_no;	/* NULL or "": generated with index_format */
	const char *index_format;	/* setting portal_index_format */
	int64_t publish_at;	/* 0 or not later than now: at once */
};

/*
 * review -> published, or scheduled when publish_at is in the future
 * (a job publishes it then).  The 索引号 is given now: the one asked for
 * (ZW_ECONFLICT, why "duplicate_index_no", when taken) or the next of the
 * issuing organization's counter for the year of 生成日期.  ZW_EPERM
 * without portal.publish.
 */
int zw_article_publish(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_publish_in *in, struct zw_why *why);
/* published or scheduled -> withdrawn, with a reason (required). */
int zw_article_withdraw(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reason, struct zw_why *why);

/* Publish the scheduled articles that are due (the job; system actor).
 * OUT: *count (may be NULL). */
int zw_article_publish_due(zw_conn *c, int64_t *count);

/*
 * One article as JSON: {id, title, summary, body, category,
 * category_name, doc_no, index_no, org_id, org_name, site_id,
 * site_name, site_code, column_id, column_name, column_code, created_on,
 * due_on, published_on, published_at, publish_at, validity,
 * validity_name, state, state_name, author_name, reviewer_name,
 * withdraw_reason, attachments[{id, filename, size, content_type,
 * url}], url (published only), created_at, updated_at}.
 * who NULL: the public's view: published articles only; a withdrawn one
 * is ZW_ESTATE (the page answers 410), anything else ZW_ENOTFOUND.
 */
int zw_article_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);

struct zw_article_filter {
	const char *state;	/* NULL: published; "all" (back office) */
	const char *category;
	int64_t site_id, column_id, org_id;
	int year;		/* of 生成日期; 0 = any */
	const char *q;		/* full text (search.c); NULL = none */
};

/*
 * Articles, newest first (published: by publication; otherwise by last
 * change), without body.  who NULL: published only, whatever f->state
 * says.  With f->q: the articles matching every search token.
 * cursor/next as zw_in_page (an offset).  OUT: *items, *next.
 */
int zw_article_list(zw_conn *c, const struct zw_actor *who,
    const struct zw_article_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next);
/* Number of published articles matching f (no q). */
int zw_article_count(zw_conn *c, const struct zw_article_filter *f,
    int64_t *n);
/* Facets of the 公开目录: issuing organizations [{id, name, count}] and
 * years of 生成日期 [{year, count}] of the published articles. */
int zw_article_facets(zw_conn *c, json_t **orgs, json_t **years);
/* Published articles for the sitemap, newest first, at most max:
 * [{id, lastmod}] (lastmod: date of the last change). */
int zw_article_sitemap(zw_conn *c, int64_t max, json_t **items);
/* Published articles per category: [{code, name, short_name, count}]. */
int zw_article_category_counts(zw_conn *c, json_t **items);
/* The history of an article, oldest first. */
int zw_article_history(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **items);

/*
 * The 20-working-day monitor (条例 第二十六条) over the articles in
 * who's reach: {"overdue": not published and past due_on, "due_soon":
 * not published, due within 5 working days, "late": published after
 * due_on (this year)}, each item with days_over / days_left.
 */
int zw_article_monitor(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, zw_date today, json_t **out);

/* ---- search (search.c) ---- */

/* Rebuild an article's search tokens (title, 索引号, 发文字号, summary,
 * body text, attachment names) in the caller's transaction. */
int zw_article_index(zw_conn *c, int64_t id);
/* Put the article in the public site search while it is published,
 * drop it otherwise (search/sitesearch.h); zw_article_index() calls it. */
int zw_article_site_sync(zw_conn *c, int64_t id);

/* ---- background work ---- */

/* Register the portal's jobs (scheduled publication, change-log pruning)
 * and schedule the recurring one. */
int zw_portal_jobs_init(zw_db *db);

/* ---- demo ---- */
struct zw_app;
/* Sites, columns and ~30 articles of the demonstration government. */
int zw_portal_demo_seed(struct zw_app *app, zw_conn *c);

#endif
