/*
 * article_int.h -- internals shared by articles.c, search.c and the
 * handlers of src/portal/: the stored row, the columns of an article
 * as zw_article_row() reads them, and the change tags.
 */
#ifndef ZW_ARTICLE_INT_H
#define ZW_ARTICLE_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "portal/portal.h"
#include "portal/portal_int.h"

struct zw_article_row {
	int64_t id;
	int64_t site_id;
	int64_t column_id;
	int64_t org_id;
	int64_t author_id;
	char state[16];
	char site_path[512];	/* the site's organization */
	char manager_path[512];	/* the organization running it, or "" */
	char index_no[ZW_PORTAL_INDEX_NO_MAX * 4 + 1];
	char created_on[11];
	char org_code[ZW_MAX_CODE + 1];	/* the issuing organization */
	char org_uscc[20];
};

int zw_article_load(zw_conn *c, int64_t id, struct zw_article_row *r);
/* Record the cache tags of a change to a public article. */
int zw_article_changed(zw_conn *c, int64_t id, int64_t site_id,
    int64_t column_id);

/* Columns read by zw_article_row(), in this order, over ZW_ARTICLE_FROM
 * (o: the site's organization, og: the issuing one). */
#define ZW_ARTICLE_COLS "a.id, a.title, a.summary, og.code, a.category, " \
	"a.doc_no, COALESCE(a.index_no, ''), a.org_id, og.name, a.site_id, " \
	"CASE WHEN s.title = '' THEN o.name ELSE s.title END, o.code, " \
	"s.is_main, a.column_id, col.name, col.code, a.created_on, a.due_on, " \
	"a.published_on, a.published_at, a.publish_at, a.validity, a.state, " \
	"au.name, COALESCE(rv.name, ''), a.withdraw_reason, a.created_at, " \
	"a.updated_at"
#define ZW_ARTICLE_NCOLS 28
#define ZW_ARTICLE_JOINS "JOIN portal_sites s ON s.id = a.site_id JOIN orgs o " \
	"ON o.id = s.org_id " ZW_PORTAL_MANAGER_JOIN " JOIN orgs og ON og.id = " \
	"a.org_id JOIN portal_columns " \
	"col ON col.id = a.column_id JOIN users au ON au.id = a.author_id LEFT " \
	"JOIN users rv ON rv.id = a.reviewer_id"
#define ZW_ARTICLE_FROM "FROM articles a " ZW_ARTICLE_JOINS

/* The list filter over articles a: ten parameters, bound by
 * zw_article_bind_filter(). */
#define ZW_ARTICLE_FILTER_SQL "AND (CAST(? AS TEXT) = '' OR a.category = ?) " \
	"AND (? = 0 OR a.site_id = ?) AND (? = 0 OR a.column_id = ?) " \
	"AND (? = 0 OR a.org_id = ?) AND (CAST(? AS TEXT) = '' OR " \
	"a.created_on LIKE ?) "

/* An article row (without body and attachments) as JSON. */
json_t *zw_article_row(zw_stmt *s);
/* Bind the list filter's ten parameters from i; year needs 16 bytes.
 * Returns the next index. */
int zw_article_bind_filter(zw_stmt *s, int i,
    const struct zw_article_filter *f, char *year, size_t size);
/* The list of zw_article_list() for a query (f->q). */
int zw_article_search(zw_conn *c, const struct zw_actor *who,
    const struct zw_article_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next);

#endif
