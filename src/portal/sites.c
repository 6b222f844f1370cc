/*
 * sites.c -- the site group: the main site and the departments'
 * sub-sites with their head (领导), functions and contacts, and the
 * columns (栏目) of each site.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/str.h"
#include "org/org_int.h"
#include "portal/cache.h"
#include "portal/portal_int.h"

#define SITE_COLS "s.id, s.org_id, o.code, o.name, s.is_main, s.title, " \
	"s.intro, s.leaders, s.office_name, s.address, s.postcode, s.hours, " \
	"s.phone, s.fax, s.email, s.status, COALESCE(o.uscc, ''), " \
	"COALESCE(s.manager_org_id, 0), COALESCE(mo.name, '')"
#define SITE_FROM "FROM portal_sites s JOIN orgs o ON o.id = s.org_id " \
	ZW_PORTAL_MANAGER_JOIN

static const struct {
	const char *kind, *name;
} column_kinds[] = {
	{ "news", "新闻动态" }, { "notice", "通知公告" }, { "policy", "政策文件" },
	{ "disclosure", "信息公开" }, { "general", "综合" },
};

const char *
zw_column_kind_name(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < sizeof(column_kinds) / sizeof(column_kinds[0]); i++)
		if (strcmp(column_kinds[i].kind, kind) == 0)
			return column_kinds[i].name;
	return NULL;
}

bool
zw_portal_reach(const struct zw_actor *who, const char *path,
    const char *manager)
{
	const char *mine = who->org_path != NULL ? who->org_path : "";
	const char *runs = manager != NULL && *manager != '\0' ? manager : path;

	if (who->scope == ZW_SCOPE_ALL)
		return true;
	if (*mine == '\0' || path == NULL || *path == '\0')
		return false;
	if (strncmp(mine, runs, strlen(runs)) == 0)
		return true;	/* we run the site, or work below who does */
	if (who->scope == ZW_SCOPE_ORG_TREE)
		return strncmp(path, mine, strlen(mine)) == 0;
	return strcmp(path, mine) == 0;
}

int
zw_portal_bind_reach(zw_stmt *s, int i, const struct zw_actor *who,
    zw_arena *a)
{
	i = zw_bind_scope(s, i, who, a);
	zw_bind_text(s, i++, who->org_path != NULL && *who->org_path ?
	    who->org_path : "/-/", (size_t)-1);
	return i;
}

void
zw_portal_system_actor(struct zw_actor *who)
{
	memset(who, 0, sizeof(*who));
	who->login = "system";
	who->scope = ZW_SCOPE_ALL;
	who->perms = ",portal.edit,portal.publish,";
	who->ip = "";
	who->request_id = "";
}

const char *
zw_portal_site_url(zw_arena *a, bool is_main, const char *org_code)
{
	return is_main ? "/" : zw_aprintf(a, "/site/%s/", org_code);
}

const char *
zw_portal_column_url(zw_arena *a, bool is_main, const char *org_code,
    const char *col_code)
{
	return is_main ? zw_aprintf(a, "/column/%s", col_code) :
	    zw_aprintf(a, "/site/%s/column/%s", org_code, col_code);
}

int
zw_portal_site_load(zw_conn *c, int64_t id, struct zw_site_row *row)
{
	zw_stmt *s;
	int rc;

	memset(row, 0, sizeof(*row));
	rc = zw_prepare(c, "SELECT s.org_id, s.is_main, s.status, o.path, o.code, "
	    "COALESCE(mo.path, '') " SITE_FROM " WHERE s.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	row->id = id;
	row->org_id = zw_col_int(s, 0);
	row->is_main = zw_col_int(s, 1) != 0;
	row->active = strcmp(zw_col_text(s, 2), "active") == 0;
	zw_strlcpy(row->org_path, zw_col_text(s, 3), sizeof(row->org_path));
	zw_strlcpy(row->org_code, zw_col_text(s, 4), sizeof(row->org_code));
	zw_strlcpy(row->manager_path, zw_col_text(s, 5), sizeof(row->manager_path));
	zw_reset(s);
	return ZW_OK;
}

static json_t *
site_json(zw_stmt *s)
{
	zw_arena *a = zw_arena_new();
	json_error_t je;
	json_t *o, *leaders;
	bool is_main = zw_col_int(s, 4) != 0;
	const char *title = zw_col_text(s, 5);

	leaders = json_loads(zw_col_text(s, 7), 0, &je);
	if (leaders == NULL || !json_is_array(leaders)) {
		json_decref(leaders);
		leaders = json_array();
	}
	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:s, s:s, s:o, s:s, s:s, "
	    "s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)zw_col_int(s, 0), "org_id", (json_int_t)zw_col_int(s, 1),
	    "org_code", zw_col_text(s, 2), "org_name", zw_col_text(s, 3),
	    "name", *title ? title : zw_col_text(s, 3), "is_main", is_main,
	    "title", title, "intro", zw_col_text(s, 6), "leaders", leaders,
	    "office_name", zw_col_text(s, 8), "address", zw_col_text(s, 9),
	    "postcode", zw_col_text(s, 10), "hours", zw_col_text(s, 11),
	    "phone", zw_col_text(s, 12), "fax", zw_col_text(s, 13),
	    "email", zw_col_text(s, 14), "status", zw_col_text(s, 15),
	    "uscc", zw_col_text(s, 16),
	    "url", zw_portal_site_url(a, is_main, zw_col_text(s, 2)));
	json_object_set_new(o, "manager_org_id", json_integer(zw_col_int(s, 17)));
	json_object_set_new(o, "manager_org_name", json_string(zw_col_text(s, 18)));
	zw_arena_free(a);
	return o;
}

int
zw_site_get(zw_conn *c, int64_t id, json_t **out)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT " SITE_COLS " " SITE_FROM " WHERE s.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*out = site_json(s);
	zw_reset(s);
	return ZW_OK;
}

int
zw_site_find(zw_conn *c, const char *org_code, int64_t *id)
{
	zw_stmt *s;
	int rc;

	if (org_code == NULL || *org_code == '\0')
		rc = zw_prepare(c, "SELECT id FROM portal_sites WHERE is_main = 1 "
		    "AND status = 'active'", &s);
	else {
		rc = zw_prepare(c, "SELECT s.id FROM portal_sites s JOIN orgs o ON "
		    "o.id = s.org_id WHERE o.code = ? AND s.status = 'active'", &s);
		if (rc == ZW_OK)
			zw_bind_text(s, 1, org_code, (size_t)-1);
	}
	if (rc != ZW_OK)
		return rc;
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_site_list(zw_conn *c, const struct zw_actor *who, json_t **items)
{
	zw_arena *a = zw_arena_new();
	zw_stmt *s;
	int rc;

	*items = NULL;
	if (who == NULL)
		rc = zw_prepare(c, "SELECT " SITE_COLS " " SITE_FROM " WHERE "
		    "s.status = 'active' AND o.status = 'active' ORDER BY "
		    "s.is_main DESC, o.path", &s);
	else {
		rc = zw_prepare(c, "SELECT " SITE_COLS " " SITE_FROM " WHERE "
		    ZW_PORTAL_REACH_SQL " ORDER BY s.is_main DESC, o.path", &s);
		if (rc == ZW_OK)
			zw_portal_bind_reach(s, 1, who, a);
	}
	if (rc == ZW_OK) {
		*items = json_array();
		while ((rc = zw_step(s)) == ZW_ROW)
			json_array_append_new(*items, site_json(s));
		if (rc < 0) {
			json_decref(*items);
			*items = NULL;
		} else
			rc = ZW_OK;
	}
	zw_arena_free(a);
	return rc;
}

/* [{"name","title","duties"}] checked and normalised.  OUT: *out. */
static int
check_leaders(json_t *in, char **out, struct zw_why *why)
{
	json_t *norm = json_array(), *v;
	size_t i;
	int rc = ZW_OK;

	if (!json_is_array(in) || json_array_size(in) > ZW_PORTAL_MAX_LEADERS) {
		ZW_WHY(why, "invalid_leaders", "领导信息应为列表，最多 30 人", "leaders");
		rc = ZW_EINVAL;
		goto out;
	}
	json_array_foreach(in, i, v) {
		const char *name = zw_json_str(v, "name"), *title = zw_json_str(v, "title"),
		    *duties = zw_json_str(v, "duties");

		if (!json_is_object(v) ||
		    zw_check_text(name, "leaders", true, 50, why) != ZW_OK ||
		    zw_check_text(title, "leaders", false, 100, why) != ZW_OK ||
		    zw_check_text(duties, "leaders", false, 500, why) != ZW_OK) {
			ZW_WHY(why, "invalid_leaders",
			    "每位领导须有姓名（50字以内）、职务（100字以内）和分工（500字以内）",
			    "leaders");
			rc = ZW_EINVAL;
			goto out;
		}
		json_array_append_new(norm, json_pack("{s:s, s:s, s:s}", "name", name,
		    "title", title ? title : "", "duties", duties ? duties : ""));
	}
	*out = json_dumps(norm, JSON_COMPACT);
out:
	json_decref(norm);
	return rc;
}

static int
check_site(const struct zw_site_in *in, struct zw_why *why)
{
	int rc;

	if ((rc = zw_check_text(in->title, "title", false, 200, why)) ||
	    (rc = zw_check_text(in->intro, "intro", false, 5000, why)) ||
	    (rc = zw_check_text(in->office_name, "office_name", false, 200, why)) ||
	    (rc = zw_check_text(in->address, "address", false, 200, why)) ||
	    (rc = zw_check_text(in->postcode, "postcode", false, 10, why)) ||
	    (rc = zw_check_text(in->hours, "hours", false, 200, why)) ||
	    (rc = zw_check_text(in->phone, "phone", false, 50, why)) ||
	    (rc = zw_check_text(in->fax, "fax", false, 50, why)) ||
	    (rc = zw_check_text(in->email, "email", false, 200, why)))
		return rc;
	if (in->status != NULL && strcmp(in->status, "active") != 0 &&
	    strcmp(in->status, "hidden") != 0) {
		ZW_WHY(why, "invalid_status", "状态应为 active 或 hidden", "status");
		return ZW_EINVAL;
	}
	return ZW_OK;
}

/* Another main site than `id`?  ZW_ECONFLICT with why. */
static int
one_main(zw_conn *c, int64_t id, struct zw_why *why)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT 1 FROM portal_sites WHERE is_main = 1 AND id <> ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	rc = zw_step(s);
	zw_reset(s);
	if (rc == ZW_ROW) {
		ZW_WHY(why, "main_exists", "已有主站，一个网站群只有一个主站", "is_main");
		return ZW_ECONFLICT;
	}
	return rc < 0 ? rc : ZW_OK;
}

/* The organization running a site: active, the site's own or one below
 * it.  OUT: path ("" for 0). */
static int
check_manager(zw_conn *c, int64_t id, const char *site_path, char *path,
    size_t size, struct zw_why *why)
{
	zw_stmt *s;
	int rc;

	path[0] = '\0';
	if (id == 0)
		return ZW_OK;
	rc = zw_prepare(c, "SELECT path FROM orgs WHERE id = ? AND status = 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	rc = zw_step(s);
	if (rc == ZW_ROW)
		zw_strlcpy(path, zw_col_text(s, 0), size);
	zw_reset(s);
	if (rc < 0)
		return rc;
	if (rc != ZW_ROW || strncmp(path, site_path, strlen(site_path)) != 0) {
		ZW_WHY(why, "unknown_manager", "承办单位应为网站所属单位或其下属的在用机构",
		    "manager_org_id");
		return ZW_EINVAL;
	}
	return ZW_OK;
}

/* The site's pages, the department lists and the sitemap changed. */
static int
site_changed(zw_conn *c, int64_t id)
{
	char tag[32];
	int rc;

	snprintf(tag, sizeof(tag), "s:%lld", (long long)id);
	if ((rc = zw_portal_changed(c, tag)) != ZW_OK ||
	    (rc = zw_portal_changed(c, "sites")) != ZW_OK)
		return rc;
	return zw_portal_changed(c, "map");
}

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

int
zw_site_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_site_in *in, int64_t *id, struct zw_why *why)
{
	char path[512], mpath[512], *leaders = NULL;
	zw_stmt *s;
	int64_t now = zw_now();
	int rc;

	if (!zw_actor_can(who, "portal.publish")) {
		ZW_WHY(why, "forbidden", "没有管理网站的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = check_site(in, why)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "SELECT path FROM orgs WHERE id = ? AND status = 'active'", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, in->org_id);
	if ((rc = zw_step(s)) != ZW_ROW) {
		ZW_WHY(why, "unknown_org", "机构不存在或已停用", "org_id");
		return rc < 0 ? rc : ZW_EINVAL;
	}
	zw_strlcpy(path, zw_col_text(s, 0), sizeof(path));
	zw_reset(s);
	if ((rc = check_manager(c, in->manager_org_id > 0 ? in->manager_org_id : 0,
	    path, mpath, sizeof(mpath), why)) != ZW_OK)
		return rc;
	if (!zw_portal_reach(who, path, mpath)) {
		ZW_WHY(why, "forbidden", "只能为本单位、上级单位或管辖范围内的单位开设网站", "org_id");
		return ZW_EPERM;
	}
	if (in->is_main == 1 && (rc = one_main(c, 0, why)) != ZW_OK)
		return rc;
	if (in->leaders != NULL && (rc = check_leaders(in->leaders, &leaders, why)))
		return rc;
	rc = zw_prepare(c, "INSERT INTO portal_sites (org_id, is_main, title, intro, "
	    "leaders, office_name, address, postcode, hours, phone, fax, email, "
	    "status, created_at, updated_at, manager_org_id) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, in->org_id);
	zw_bind_int(s, 2, in->is_main == 1);
	zw_bind_text(s, 3, or_empty(in->title), (size_t)-1);
	zw_bind_text(s, 4, or_empty(in->intro), (size_t)-1);
	zw_bind_text(s, 5, leaders != NULL ? leaders : "[]", (size_t)-1);
	zw_bind_text(s, 6, or_empty(in->office_name), (size_t)-1);
	zw_bind_text(s, 7, or_empty(in->address), (size_t)-1);
	zw_bind_text(s, 8, or_empty(in->postcode), (size_t)-1);
	zw_bind_text(s, 9, or_empty(in->hours), (size_t)-1);
	zw_bind_text(s, 10, or_empty(in->phone), (size_t)-1);
	zw_bind_text(s, 11, or_empty(in->fax), (size_t)-1);
	zw_bind_text(s, 12, or_empty(in->email), (size_t)-1);
	zw_bind_text(s, 13, in->status != NULL ? in->status : "active", (size_t)-1);
	zw_bind_int(s, 14, now);
	zw_bind_int(s, 15, now);
	if (in->manager_org_id > 0)
		zw_bind_int(s, 16, in->manager_org_id);
	else
		zw_bind_null(s, 16);
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "site_exists", "该机构已开设网站", "org_id");
		goto out;
	}
	if (rc != ZW_ROW) {
		rc = rc < 0 ? rc : ZW_EDB;
		goto out;
	}
	*id = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = site_changed(c, *id)) != ZW_OK)
		goto out;
	{
		json_t *d = json_pack("{s:I, s:b}", "org_id", (json_int_t)in->org_id,
		    "is_main", in->is_main == 1);

		rc = zw_actor_audit(c, who, "site.create", "site", *id, "success", d);
		json_decref(d);
	}
out:
	zw_free(leaders);
	return rc;
}

int
zw_site_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_site_in *in, struct zw_why *why)
{
	struct zw_site_row row;
	char *leaders = NULL, mpath[512];
	zw_stmt *s;
	int rc;

	if ((rc = zw_portal_site_load(c, id, &row)) != ZW_OK)
		return rc;
	if (!zw_portal_reach(who, row.org_path, row.manager_path))
		return ZW_ENOTFOUND;
	if (!zw_actor_can(who, "portal.publish")) {
		ZW_WHY(why, "forbidden", "没有管理网站的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = check_site(in, why)) != ZW_OK)
		return rc;
	if (in->manager_org_id >= 0) {
		if ((rc = check_manager(c, in->manager_org_id, row.org_path, mpath,
		    sizeof(mpath), why)) != ZW_OK)
			return rc;
		/* nobody hands a site over to where they cannot follow it */
		if (!zw_portal_reach(who, row.org_path, mpath)) {
			ZW_WHY(why, "forbidden", "承办单位不在您的管理范围内", "manager_org_id");
			return ZW_EPERM;
		}
	}
	if (in->is_main == 1 && (rc = one_main(c, id, why)) != ZW_OK)
		return rc;
	if (in->leaders != NULL && (rc = check_leaders(in->leaders, &leaders, why)))
		return rc;
	/* COALESCE keeps the fields not given. */
	rc = zw_prepare(c, "UPDATE portal_sites SET "
	    "is_main = CASE WHEN ? < 0 THEN is_main ELSE ? END, "
	    "title = COALESCE(?, title), intro = COALESCE(?, intro), "
	    "leaders = COALESCE(?, leaders), office_name = COALESCE(?, office_name), "
	    "address = COALESCE(?, address), postcode = COALESCE(?, postcode), "
	    "hours = COALESCE(?, hours), phone = COALESCE(?, phone), "
	    "fax = COALESCE(?, fax), email = COALESCE(?, email), "
	    "status = COALESCE(?, status), updated_at = ?, manager_org_id = CASE "
	    "WHEN ? < 0 THEN manager_org_id WHEN ? = 0 THEN NULL ELSE ? END "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		goto out;
	zw_bind_int(s, 1, in->is_main);
	zw_bind_int(s, 2, in->is_main);
	{
		const char *v[] = { in->title, in->intro, leaders, in->office_name,
			in->address, in->postcode, in->hours, in->phone, in->fax,
			in->email, in->status };
		size_t i;

		for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
			if (v[i] != NULL)
				zw_bind_text(s, 3 + (int)i, v[i], (size_t)-1);
			else
				zw_bind_null(s, 3 + (int)i);
	}
	zw_bind_int(s, 14, zw_now());
	zw_bind_int(s, 15, in->manager_org_id);
	zw_bind_int(s, 16, in->manager_org_id);
	zw_bind_int(s, 17, in->manager_org_id);
	zw_bind_int(s, 18, id);
	if ((rc = zw_step(s)) < 0)
		goto out;
	if ((rc = site_changed(c, id)) != ZW_OK)
		goto out;
	/* the main site's name and contacts show on every 信息公开 page */
	if (row.is_main || in->is_main >= 0)
		if ((rc = zw_portal_changed(c, "pub")) != ZW_OK)
			goto out;
	rc = zw_actor_audit(c, who, "site.update", "site", id, "success", NULL);
out:
	zw_free(leaders);
	return rc;
}

/* ---- columns ---- */

#define COLUMN_COLS "c.id, c.site_id, c.code, c.name, c.kind, c.description, " \
	"c.sort_order, c.on_home, c.status, s.is_main, o.code, " \
	"CASE WHEN s.title = '' THEN o.name ELSE s.title END"

static json_t *
column_json(zw_stmt *s)
{
	zw_arena *a = zw_arena_new();
	const char *kn = zw_column_kind_name(zw_col_text(s, 4));
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:s, "
	    "s:s, s:s}",
	    "id", (json_int_t)zw_col_int(s, 0), "site_id", (json_int_t)zw_col_int(s, 1),
	    "code", zw_col_text(s, 2), "name", zw_col_text(s, 3),
	    "kind", zw_col_text(s, 4), "kind_name", kn ? kn : "",
	    "description", zw_col_text(s, 5), "sort_order",
	    (json_int_t)zw_col_int(s, 6), "on_home", zw_col_int(s, 7) != 0,
	    "status", zw_col_text(s, 8), "site_name", zw_col_text(s, 11),
	    "url", zw_portal_column_url(a, zw_col_int(s, 9) != 0,
	    zw_col_text(s, 10), zw_col_text(s, 2)));

	json_object_set_new(o, "site_code", json_string(zw_col_text(s, 10)));
	json_object_set_new(o, "feed_url", json_string(zw_col_int(s, 9) ?
	    zw_aprintf(a, "/feeds/%s.atom", zw_col_text(s, 2)) :
	    zw_aprintf(a, "/site/%s/feeds/%s.atom", zw_col_text(s, 10),
	    zw_col_text(s, 2))));
	zw_arena_free(a);
	return o;
}

int
zw_column_get(zw_conn *c, int64_t id, json_t **out)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT " COLUMN_COLS " FROM portal_columns c JOIN "
	    "portal_sites s ON s.id = c.site_id JOIN orgs o ON o.id = s.org_id "
	    "WHERE c.id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*out = column_json(s);
	zw_reset(s);
	return ZW_OK;
}

int
zw_column_find(zw_conn *c, int64_t site_id, const char *code, bool public,
    int64_t *id)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "SELECT id FROM portal_columns WHERE site_id = ? AND "
	    "code = ? AND (status = 'active' OR ? = 0)", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, site_id);
	zw_bind_text(s, 2, code, (size_t)-1);
	zw_bind_int(s, 3, public);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_column_list(zw_conn *c, int64_t site_id, bool public, json_t **items)
{
	zw_stmt *s;
	int rc;

	*items = NULL;
	rc = zw_prepare(c, "SELECT " COLUMN_COLS " FROM portal_columns c JOIN "
	    "portal_sites s ON s.id = c.site_id JOIN orgs o ON o.id = s.org_id "
	    "WHERE c.site_id = ? AND (c.status = 'active' OR ? = 0) "
	    "ORDER BY c.sort_order, c.id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, site_id);
	zw_bind_int(s, 2, public);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(*items, column_json(s));
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	return ZW_OK;
}

static int
check_column(const struct zw_column_in *in, bool create, struct zw_why *why)
{
	int rc;
	size_t i, n;

	if (create || in->code != NULL) {
		n = in->code != NULL ? strlen(in->code) : 0;
		if (n == 0 || n > 32) {
			ZW_WHY(why, "invalid_code", "栏目代码应为1至32个小写字母、数字或连字符", "code");
			return ZW_EINVAL;
		}
		for (i = 0; i < n; i++)
			if (!((in->code[i] >= 'a' && in->code[i] <= 'z') ||
			    (in->code[i] >= '0' && in->code[i] <= '9') || in->code[i] == '-')) {
				ZW_WHY(why, "invalid_code",
				    "栏目代码应为1至32个小写字母、数字或连字符", "code");
				return ZW_EINVAL;
			}
	}
	if ((rc = zw_check_text(in->name, "name", create, 50, why)) ||
	    (rc = zw_check_text(in->description, "description", false, 500, why)))
		return rc;
	if (!create && in->name != NULL && *in->name == '\0') {
		ZW_WHY(why, "required", "栏目名称不能为空", "name");
		return ZW_EINVAL;
	}
	if ((create || in->kind != NULL) && zw_column_kind_name(
	    in->kind != NULL ? in->kind : "general") == NULL) {
		ZW_WHY(why, "invalid_kind", "栏目类型应为 news、notice、policy、"
		    "disclosure 或 general", "kind");
		return ZW_EINVAL;
	}
	if (in->status != NULL && strcmp(in->status, "active") != 0 &&
	    strcmp(in->status, "hidden") != 0) {
		ZW_WHY(why, "invalid_status", "状态应为 active 或 hidden", "status");
		return ZW_EINVAL;
	}
	if (in->sort_order > 10000) {
		ZW_WHY(why, "out_of_range", "排序号应在0到10000之间", "sort_order");
		return ZW_EINVAL;
	}
	return ZW_OK;
}

static int
column_changed(zw_conn *c, int64_t site_id, int64_t id)
{
	char tag[32];
	int rc;

	snprintf(tag, sizeof(tag), "s:%lld", (long long)site_id);
	if ((rc = zw_portal_changed(c, tag)) != ZW_OK)
		return rc;
	snprintf(tag, sizeof(tag), "c:%lld", (long long)id);
	if ((rc = zw_portal_changed(c, tag)) != ZW_OK)
		return rc;
	return zw_portal_changed(c, "map");
}

int
zw_column_create(zw_conn *c, const struct zw_actor *who,
    const struct zw_column_in *in, int64_t *id, struct zw_why *why)
{
	struct zw_site_row row;
	zw_stmt *s;
	int64_t now = zw_now();
	int rc;

	if ((rc = zw_portal_site_load(c, in->site_id, &row)) == ZW_ENOTFOUND ||
	    (rc == ZW_OK && !zw_portal_reach(who, row.org_path, row.manager_path))) {
		ZW_WHY(why, "unknown_site", "网站不存在", "site_id");
		return ZW_EINVAL;
	}
	if (rc != ZW_OK)
		return rc;
	if (!zw_actor_can(who, "portal.publish")) {
		ZW_WHY(why, "forbidden", "没有管理栏目的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = check_column(in, true, why)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "INSERT INTO portal_columns (site_id, code, name, kind, "
	    "description, sort_order, on_home, status, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, in->site_id);
	zw_bind_text(s, 2, in->code, (size_t)-1);
	zw_bind_text(s, 3, in->name, (size_t)-1);
	zw_bind_text(s, 4, in->kind != NULL ? in->kind : "general", (size_t)-1);
	zw_bind_text(s, 5, or_empty(in->description), (size_t)-1);
	zw_bind_int(s, 6, in->sort_order > 0 ? in->sort_order : 0);
	zw_bind_int(s, 7, in->on_home != 0);
	zw_bind_text(s, 8, in->status != NULL ? in->status : "active", (size_t)-1);
	zw_bind_int(s, 9, now);
	zw_bind_int(s, 10, now);
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "duplicate_code", "本网站已有相同代码的栏目", "code");
		return rc;
	}
	if (rc != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = column_changed(c, in->site_id, *id)) != ZW_OK)
		return rc;
	{
		json_t *d = json_pack("{s:I, s:s, s:s}", "site_id", (json_int_t)in->site_id,
		    "code", in->code, "name", in->name);

		rc = zw_actor_audit(c, who, "column.create", "column", *id, "success", d);
		json_decref(d);
	}
	return rc;
}

int
zw_column_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const struct zw_column_in *in, struct zw_why *why)
{
	struct zw_site_row row;
	zw_stmt *s;
	int64_t site_id;
	int rc;

	rc = zw_prepare(c, "SELECT site_id FROM portal_columns WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	site_id = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = zw_portal_site_load(c, site_id, &row)) != ZW_OK)
		return rc;
	if (!zw_portal_reach(who, row.org_path, row.manager_path))
		return ZW_ENOTFOUND;
	if (!zw_actor_can(who, "portal.publish")) {
		ZW_WHY(why, "forbidden", "没有管理栏目的权限", NULL);
		return ZW_EPERM;
	}
	if ((rc = check_column(in, false, why)) != ZW_OK)
		return rc;
	rc = zw_prepare(c, "UPDATE portal_columns SET code = COALESCE(?, code), "
	    "name = COALESCE(?, name), kind = COALESCE(?, kind), "
	    "description = COALESCE(?, description), status = COALESCE(?, status), "
	    "sort_order = CASE WHEN ? < 0 THEN sort_order ELSE ? END, "
	    "on_home = CASE WHEN ? < 0 THEN on_home ELSE ? END, updated_at = ? "
	    "WHERE id = ?", &s);
	if (rc != ZW_OK)
		return rc;
	{
		const char *v[] = { in->code, in->name, in->kind, in->description,
			in->status };
		size_t i;

		for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
			if (v[i] != NULL)
				zw_bind_text(s, 1 + (int)i, v[i], (size_t)-1);
			else
				zw_bind_null(s, 1 + (int)i);
	}
	zw_bind_int(s, 6, in->sort_order);
	zw_bind_int(s, 7, in->sort_order);
	zw_bind_int(s, 8, in->on_home);
	zw_bind_int(s, 9, in->on_home);
	zw_bind_int(s, 10, zw_now());
	zw_bind_int(s, 11, id);
	rc = zw_step(s);
	if (rc == ZW_ECONFLICT) {
		ZW_WHY(why, "duplicate_code", "本网站已有相同代码的栏目", "code");
		return rc;
	}
	if (rc < 0)
		return rc;
	/* a column's name shows on its articles and in the catalog */
	if ((rc = column_changed(c, site_id, id)) != ZW_OK ||
	    (rc = zw_portal_changed(c, "pub")) != ZW_OK)
		return rc;
	return zw_actor_audit(c, who, "column.update", "column", id, "success", NULL);
}
