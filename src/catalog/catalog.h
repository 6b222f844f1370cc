/*
 * catalog.h -- the information-resource catalog (政务信息资源目录) and
 * sharing (共享), standards.md §5:
 *
 *   resources   catalog entries with the §5 core metadata.  A provider
 *               (catalog.edit in the providing organization) drafts and
 *               submits; the catalog administrator (catalog.manage)
 *               publishes; each publication is a new, kept version.
 *   requests    有条件共享: a consuming organization names the items,
 *               the purpose, the legal basis and the period; the provider
 *               answers within ZW_CAT_REPLY_DAYS working days (§5),
 *               approving all or some items with an expiry, or denying
 *               with reasons.
 *   grants      per consuming organization, optionally per API client,
 *               per item, with an expiry.  无条件共享 resources need none
 *               (the grant is implicit); 不予共享 resources get none.
 *   clients     API clients of other systems, acting for their
 *               organization; a secret (kept as its SM3) buys a token
 *               of ZW_CAT_TOKEN_TTL seconds.
 *
 * Base registries bound to a resource (registry = "persons" /
 * "legal_persons") are read through zw_registry_access(), which asks
 * zw_share_access() here.  No HTTP here.
 */
#ifndef ZW_CATALOG_H
#define ZW_CATALOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/workday.h"
#include "org/org.h"
#include "store/db.h"

/* Share types (共享类型, §5). */
#define ZW_SHARE_UNCONDITIONAL "unconditional"	/* 无条件共享 */
#define ZW_SHARE_CONDITIONAL "conditional"	/* 有条件共享 */
#define ZW_SHARE_NONE "not_shared"		/* 不予共享 */

/* The registry item that unmasks the ID number and the phone. */
#define ZW_CAT_CLEAR_ITEM "clear_values"

/* ---- Resources (resources.c) ---- */

/*
 * Validate catalog metadata (a JSON object, API.md "Catalog and
 * sharing" gives the fields).  Pure: no database.  ZW_OK, or ZW_EINVAL
 * with why (the field named).
 */
int zw_catalog_validate(const json_t *in, struct zw_why *why);

/*
 * Draft a new entry of the actor's organization (catalog.edit), or of
 * in.provider_org_code for the catalog administrator.  OUT: *id.
 */
int zw_catalog_create(zw_conn *c, const struct zw_actor *who, const json_t *in,
    int64_t *id, struct zw_why *why);
/* Replace the working copy (back to draft; published versions stay). */
int zw_catalog_update(zw_conn *c, const struct zw_actor *who, int64_t id,
    const json_t *in, struct zw_why *why);
/* The provider submits the working copy for review (draft -> pending). */
int zw_catalog_submit(zw_conn *c, const struct zw_actor *who, int64_t id,
    struct zw_why *why);
/* The catalog administrator publishes the working copy as the next
 * version (publish date = today).  OUT: *version (may be NULL). */
int zw_catalog_publish(zw_conn *c, const struct zw_actor *who, int64_t id,
    int *version, struct zw_why *why);

/* One entry: working copy, state, published versions (numbers and
 * dates), live grants.  Unpublished entries only for their provider and
 * the administrator (ZW_ENOTFOUND otherwise).  OUT: *out. */
int zw_catalog_get(zw_conn *c, const struct zw_actor *who, int64_t id,
    json_t **out);
/* A published version's metadata.  OUT: *out. */
int zw_catalog_version(zw_conn *c, int64_t id, int version, json_t **out);

struct zw_catalog_filter {
	int64_t org_id;		/* provider; 0 = any */
	const char *class_prefix;	/* 分类码 prefix; NULL = any */
	const char *share_type;	/* NULL = any */
	const char *q;		/* name or code contains; NULL = any */
	bool drafts;		/* include what the actor may see unpublished */
};
/* Published entries (latest version), plus drafts when asked, ordered
 * by code. */
int zw_catalog_list(zw_conn *c, const struct zw_actor *who,
    const struct zw_catalog_filter *f, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next_cursor);

/* The resource bound to a base registry ("persons"/"legal_persons");
 * ZW_ENOTFOUND when none. */
int zw_catalog_registry_resource(zw_conn *c, const char *registry, int64_t *id);

/* ---- Requests and grants (share.c) ---- */

struct zw_share_in {
	int64_t resource_id;
	const char *const *items;	/* item codes */
	size_t nitems;
	const char *purpose;
	const char *legal_basis;
	const char *period_end;	/* YYYY-MM-DD */
	const char *client_key;	/* NULL/"" = the whole organization */
};

/* A consuming organization asks (有条件共享 only: 422 not_shareable for
 * 不予共享, not_needed for 无条件).  due_on = ZW_CAT_REPLY_DAYS working
 * days after today.  OUT: *id. */
int zw_share_request(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, const struct zw_share_in *in, int64_t *id,
    struct zw_why *why);
/* The provider (catalog.edit in the providing organization, or
 * catalog.manage) approves items (NULL/0 = all requested; a subset of
 * them), until expires_on (NULL = the requested period end). */
int zw_share_approve(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *const *items, size_t nitems, const char *expires_on,
    int64_t *grant_id, struct zw_why *why);
int zw_share_deny(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reason, struct zw_why *why);

/* Requests: box "incoming" (to the actor's organization as provider;
 * all for catalog.manage) or "outgoing" (from it).  Each item carries
 * due_on and overdue (pending past due, or answered after it).
 * OUT: *items. */
int zw_share_list(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, const char *box, const char *status,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next_cursor);
int zw_share_get(zw_conn *c, const struct zw_actor *who,
    const zw_calendar *cal, int64_t id, json_t **out);
/* Grants held by (or given by) the actor's organization; all for
 * catalog.manage.  OUT: *items. */
int zw_grant_list(zw_conn *c, const struct zw_actor *who, json_t **items);
/* Revoke a live grant (the provider with catalog.edit, or catalog.manage;
 * a reason is required): lookups under it are refused from now on.
 * ZW_ENOTFOUND, ZW_EPERM, ZW_ESTATE already_revoked, ZW_EINVAL with why. */
int zw_grant_revoke(zw_conn *c, const struct zw_actor *who, int64_t id,
    const char *reason, struct zw_why *why);

/* True when every code of the comma list want (",a,b," or "a,b") is in
 * the comma list have.  Pure. */
bool zw_share_items_cover(const char *have, const char *want);

/* What an organization (and client) may read of a resource. */
enum zw_share_state {
	ZW_SHARE_UNCATALOGUED = 0,	/* no published resource */
	ZW_SHARE_OPEN,		/* 无条件共享: every item */
	ZW_SHARE_PROVIDER,	/* the provider's own resource */
	ZW_SHARE_GRANTED,	/* items: the union of live grants */
	ZW_SHARE_NOT_GRANTED,	/* no grant */
	ZW_SHARE_EXPIRED,	/* only expired grants */
	ZW_SHARE_WITHHELD	/* 不予共享 */
};
struct zw_share_access {
	enum zw_share_state state;
	const char *items;	/* ",a,b," (ZW_SHARE_GRANTED), arena */
};
/* The decision for org_id (client_key "" = a person of it) on the
 * resource bound to registry, at now.  OUT: *out. */
int zw_share_access(zw_conn *c, zw_arena *a, int64_t org_id,
    const char *client_key, const char *registry, int64_t now,
    struct zw_share_access *out);
/* The same for the catalog resource rid (datasets, src/exchange). */
int zw_share_access_resource(zw_conn *c, zw_arena *a, int64_t org_id,
    const char *client_key, int64_t rid, int64_t now,
    struct zw_share_access *out);

/* ---- Indicators (share.c) ---- */

/*
 * 信息共享率 (§5): resources of a sharing type (无条件 + 有条件) over
 * catalogued (published) resources, per providing department and
 * overall; requests answered on time; calls per resource from the
 * data-access log.  OUT: *out.
 */
int zw_sharing_indicators(zw_conn *c, const zw_calendar *cal, json_t **out);
/* The rate in per mille, rounded (0 when total is 0).  Pure. */
int zw_share_rate_permille(int64_t shared, int64_t total);

/* ---- API clients (clients.c) ---- */

/* A new client of the actor's organization (clients.manage).  OUT:
 * *out {"id","client_id","client_secret","name"}: the secret is shown
 * this once. */
int zw_client_create(zw_conn *c, const struct zw_actor *who, const char *name,
    json_t **out, struct zw_why *why);
int zw_client_list(zw_conn *c, const struct zw_actor *who, json_t **items);
/* Disable an active client of who's organization and end its tokens.
 * ZW_ENOTFOUND when there is none such. */
int zw_client_disable(zw_conn *c, const struct zw_actor *who, int64_t id);
/* Exchange id + secret for a token (ZW_EAUTH when wrong).  OUT: *out
 * {"access_token","token_type","expires_in"}. */
int zw_client_token(zw_conn *c, const char *client_key, const char *secret,
    json_t **out, struct zw_why *why);
/* Whether token looks like a client token (its prefix). */
bool zw_client_token_like(const char *token);
/* Resolve a client token into the acting identity (kind "client", the
 * organization's, permission registry.read only).  ZW_ENOTFOUND when
 * unknown or expired. */
int zw_client_resolve(zw_conn *c, zw_arena *a, const char *token,
    struct zw_user_ctx *u);

/* ---- Demo (demo.c) ---- */

/* The demo catalog of the demo departments (src/cli/demo.c), the two
 * registry resources, approved grants for the demo lookups.  Own
 * transaction. */
int zw_catalog_demo_seed(zw_conn *c, const zw_calendar *cal);

#endif
