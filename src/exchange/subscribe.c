/*
 * subscribe.c -- subscriptions to datasets (交换: 订阅推送).
 *
 * A consuming organization subscribes to a dataset it may read
 * (zw_dataset_may_read: its own, exchange.read, or the catalog's
 * decision on the dataset's resource).  Publishing a version queues the
 * job "exchange.deliver" for the dataset in the publishing transaction;
 * the job builds, for every active subscription behind the latest
 * version, the change set since the version last delivered
 * (zw_dataset_changes), stores it in the blob store under its SM3,
 * records the delivery and moves the subscription on, and tells the
 * subscriber by a message -- one transaction per subscription, so a
 * delivery is made whole or not at all and a retry takes up where the
 * last one stopped.  A subscriber that may no longer read the dataset
 * (its grant expired) is held, with the reason, and served by the next
 * delivery run after it may read again.
 */
#include <stdio.h>
#include <string.h>

#include "approvals/notify.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/mem.h"
#include "exchange/exchange.h"
#include "exchange/x_int.h"
#include "store/blob.h"
#include "store/jobs.h"
#include "web/app.h"

#define DELIVER_JOB	"exchange.deliver"

static struct zw_app *g_app;

/* The subscriber's side as an actor of the consuming organization. */
static void
org_actor(int64_t org_id, struct zw_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->login = "system";
	a->org_id = org_id;
	a->perms = ",";
	a->roles = "";
}

int
zw_dataset_subscribe(zw_conn *c, const struct zw_actor *who, int64_t dataset_id,
    int64_t since, int64_t *id, struct zw_why *why)
{
	struct x_dataset d;
	zw_stmt *s;
	int rc;

	if ((rc = x_dataset_load(c, dataset_id, &d)) != ZW_OK ||
	    !zw_dataset_may_read(c, who, d.org_id, d.resource_id)) {
		ZW_WHY(why, "not_found", "数据集不存在或无权读取", NULL);
		return rc == ZW_OK ? ZW_ENOTFOUND : rc;
	}
	if (who->org_id <= 0) {
		ZW_WHY(why, "no_org", "只有机关工作人员可以订阅数据集", NULL);
		return ZW_EPERM;
	}
	if (since < 0)
		since = d.latest;	/* from the next version on */
	if (since > d.latest) {
		ZW_WHY(why, "invalid_since", "起始版本不能超过最新版本", "since");
		return ZW_EINVAL;
	}
	if ((rc = zw_prepare(c, "INSERT INTO dataset_subscriptions (dataset_id, "
	    "org_id, created_by, created_at, delivered_version) VALUES "
	    "(?, ?, ?, ?, ?) RETURNING id", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, dataset_id);
	zw_bind_int(s, 2, who->org_id);
	if (who->id > 0)
		zw_bind_int(s, 3, who->id);
	else
		zw_bind_null(s, 3);
	zw_bind_int(s, 4, zw_now());
	zw_bind_int(s, 5, since);
	if ((rc = zw_step(s)) == ZW_ECONFLICT) {
		ZW_WHY(why, "already_subscribed", "本单位已经订阅了该数据集", NULL);
		return ZW_ECONFLICT;
	}
	if (rc != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	*id = zw_col_int(s, 0);
	zw_reset(s);
	/* versions already published after since are delivered at once */
	if (since < d.latest && (rc = zw_exchange_deliver_later(c, dataset_id)) !=
	    ZW_OK)
		return rc;
	return x_audit(c, who, "dataset.subscribe", "dataset", dataset_id,
	    json_pack("{s:I, s:I}", "subscription_id", (json_int_t)*id,
	    "since", (json_int_t)since));
}

int
zw_dataset_unsubscribe(zw_conn *c, const struct zw_actor *who, int64_t id)
{
	int64_t dataset_id;
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "SELECT dataset_id FROM dataset_subscriptions "
	    "WHERE id = ? AND org_id = ? AND active = 1", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, who->org_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	dataset_id = zw_col_int(s, 0);
	zw_reset(s);
	if ((rc = zw_prepare(c, "UPDATE dataset_subscriptions SET active = 0 "
	    "WHERE id = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	if ((rc = zw_step(s)) < 0)
		return rc;
	return x_audit(c, who, "dataset.unsubscribe", "dataset", dataset_id,
	    json_pack("{s:I}", "subscription_id", (json_int_t)id));
}

int
zw_subscription_list(zw_conn *c, const struct zw_actor *who, json_t **items)
{
	zw_stmt *s;
	int rc;

	*items = json_array();
	if ((rc = zw_prepare(c, "SELECT s.id, s.dataset_id, d.name, o.name, "
	    "s.delivered_version, d.latest_version, s.held_reason, s.created_at, "
	    "(SELECT COUNT(*) FROM dataset_deliveries x WHERE x.subscription_id = s.id) "
	    "FROM dataset_subscriptions s JOIN datasets d ON d.id = s.dataset_id "
	    "JOIN orgs o ON o.id = d.org_id WHERE s.org_id = ? AND s.active = 1 "
	    "ORDER BY s.id DESC", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->org_id);
	while ((rc = zw_step(s)) == ZW_ROW)
		json_array_append_new(*items, json_pack("{s:I, s:I, s:s, s:s, s:I, "
		    "s:I, s:s, s:I, s:I}", "id", (json_int_t)zw_col_int(s, 0),
		    "dataset_id", (json_int_t)zw_col_int(s, 1),
		    "dataset_name", zw_col_text(s, 2),
		    "provider_name", zw_col_text(s, 3),
		    "delivered_version", (json_int_t)zw_col_int(s, 4),
		    "latest_version", (json_int_t)zw_col_int(s, 5),
		    "held_reason", zw_col_text(s, 6),
		    "created_at", (json_int_t)zw_col_int(s, 7),
		    "deliveries", (json_int_t)zw_col_int(s, 8)));
	return rc < 0 ? rc : ZW_OK;
}

#define DELIVERY_COLS \
	"x.id, x.subscription_id, s.dataset_id, d.name, x.from_version, " \
	"x.to_version, x.rows_added, x.rows_removed, x.rows_changed, x.sm3, " \
	"x.size, x.created_at FROM dataset_deliveries x JOIN " \
	"dataset_subscriptions s ON s.id = x.subscription_id JOIN datasets d " \
	"ON d.id = s.dataset_id "

static json_t *
delivery_json(zw_stmt *s)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:I, "
	    "s:I}", "id", (json_int_t)zw_col_int(s, 0),
	    "subscription_id", (json_int_t)zw_col_int(s, 1),
	    "dataset_id", (json_int_t)zw_col_int(s, 2),
	    "dataset_name", zw_col_text(s, 3),
	    "from_version", (json_int_t)zw_col_int(s, 4),
	    "to_version", (json_int_t)zw_col_int(s, 5),
	    "rows_added", (json_int_t)zw_col_int(s, 6),
	    "rows_removed", (json_int_t)zw_col_int(s, 7),
	    "rows_changed", (json_int_t)zw_col_int(s, 8),
	    "sm3", zw_col_text(s, 9), "size", (json_int_t)zw_col_int(s, 10),
	    "created_at", (json_int_t)zw_col_int(s, 11));
}

int
zw_xdelivery_list(zw_conn *c, const struct zw_actor *who, int64_t subscription_id,
    int64_t limit, int64_t cursor, json_t **items, int64_t *next)
{
	int64_t n = 0;
	zw_stmt *s;
	int rc;

	*items = json_array();
	*next = -1;
	if ((rc = zw_prepare(c, "SELECT " DELIVERY_COLS "WHERE s.org_id = ? "
	    "AND (? = 0 OR x.subscription_id = ?) AND (? = 0 OR x.id < ?) "
	    "ORDER BY x.id DESC LIMIT ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, who->org_id);
	zw_bind_int(s, 2, subscription_id);
	zw_bind_int(s, 3, subscription_id);
	zw_bind_int(s, 4, cursor);
	zw_bind_int(s, 5, cursor);
	zw_bind_int(s, 6, limit + 1);
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {	/* one more: there is a next page */
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		*next = zw_col_int(s, 0);
		json_array_append_new(*items, delivery_json(s));
		n++;
	}
	if (rc < 0)
		return rc;
	if (n < limit)
		*next = -1;
	return ZW_OK;
}

int
zw_xdelivery_get(zw_conn *c, const struct zw_actor *who, const char *datadir,
    int64_t id, json_t **out)
{
	char sm3[65];
	void *p = NULL;
	size_t n = 0;
	json_t *o, *changes;
	int rc;

	zw_stmt *s;

	if ((rc = zw_prepare(c, "SELECT " DELIVERY_COLS "WHERE x.id = ? AND "
	    "s.org_id = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, who->org_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_ENOTFOUND;
	o = delivery_json(s);
	snprintf(sm3, sizeof(sm3), "%s", zw_col_text(s, 9));
	zw_reset(s);
	if ((rc = x_blob_checked(datadir, sm3, &p, &n)) != ZW_OK) {
		json_decref(o);
		return rc;
	}
	changes = json_loadb(p, n, 0, NULL);
	zw_free(p);
	if (changes == NULL) {
		json_decref(o);
		return ZW_ECRYPTO;
	}
	json_object_set_new(o, "changes", changes);
	*out = o;
	return ZW_OK;
}

int
zw_exchange_deliver_later(zw_conn *c, int64_t dataset_id)
{
	char payload[48];

	snprintf(payload, sizeof(payload), "{\"dataset_id\":%lld}",
	    (long long)dataset_id);
	return zw_job_enqueue(c, DELIVER_JOB, payload, zw_now(), NULL);
}

/* Hold a subscription with a reason (the subscriber may not read). */
static int
hold(zw_conn *c, int64_t sub_id, const char *reason)
{
	zw_stmt *s;
	int rc;

	if ((rc = zw_prepare(c, "UPDATE dataset_subscriptions SET held_reason = ? "
	    "WHERE id = ?", &s)) != ZW_OK)
		return rc;
	zw_bind_text(s, 1, reason, (size_t)-1);
	zw_bind_int(s, 2, sub_id);
	rc = zw_step(s);
	return rc < 0 ? rc : ZW_OK;
}

/* Deliver one subscription from its version to the latest, in the
 * caller's transaction. */
static int
deliver_one(zw_conn *c, const char *datadir, const struct x_dataset *d,
    int64_t sub_id, int64_t sub_org, int64_t from, int64_t user_id)
{
	struct zw_actor org;
	zw_arena *a;
	json_t *ch = NULL;
	char sm3[65], title[ZW_X_MAX_NAME * 4 + 64], body[400];
	char *doc;
	zw_stmt *s;
	int rc;

	org_actor(sub_org, &org);
	if (!zw_dataset_may_read(c, &org, d->org_id, d->resource_id))
		return hold(c, sub_id, "本单位已无权读取该数据集（共享授权已到期或被撤销），"
		    "恢复授权后继续推送");
	rc = zw_dataset_changes(c, NULL, datadir, d->id, from, &ch);
	if (rc == ZW_ETOOBIG)
		return hold(c, sub_id, "变更过多，请直接下载最新版本后重新订阅");
	if (rc != ZW_OK)
		return rc;
	a = zw_arena_new();
	doc = zw_json_dump(a, ch);
	if ((rc = zw_blob_put(datadir, doc, strlen(doc), sm3)) != ZW_OK) {
		json_decref(ch);
		zw_arena_free(a);
		return rc;
	}
	rc = zw_prepare(c, "INSERT INTO dataset_deliveries (subscription_id, "
	    "from_version, to_version, rows_added, rows_removed, rows_changed, sm3, "
	    "size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, sub_id);
		zw_bind_int(s, 2, from);
		zw_bind_int(s, 3, d->latest);
		zw_bind_int(s, 4, zw_json_int(ch, "rows_added"));
		zw_bind_int(s, 5, zw_json_int(ch, "rows_removed"));
		zw_bind_int(s, 6, zw_json_int(ch, "rows_changed"));
		zw_bind_text(s, 7, sm3, 64);
		zw_bind_int(s, 8, (int64_t)strlen(doc));
		zw_bind_int(s, 9, zw_now());
		rc = zw_step(s);
		rc = rc < 0 ? rc : ZW_OK;
	}
	zw_arena_free(a);
	if (rc == ZW_OK && (rc = zw_prepare(c, "UPDATE dataset_subscriptions SET "
	    "delivered_version = ?, held_reason = '' WHERE id = ?", &s)) == ZW_OK) {
		zw_bind_int(s, 1, d->latest);
		zw_bind_int(s, 2, sub_id);
		rc = zw_step(s);
		rc = rc < 0 ? rc : ZW_OK;
	}
	if (rc == ZW_OK && user_id > 0) {
		snprintf(title, sizeof(title), "数据集“%s”已推送第%lld版", d->name,
		    (long long)d->latest);
		snprintf(body, sizeof(body), "自第%lld版以来新增%lld行、删除%lld行、"
		    "变更%lld行，可在“数据订阅”中查看。", (long long)from,
		    (long long)zw_json_int(ch, "rows_added"),
		    (long long)zw_json_int(ch, "rows_removed"),
		    (long long)zw_json_int(ch, "rows_changed"));
		rc = zw_notify(c, user_id, 0, title, body);
	}
	json_decref(ch);
	return rc;
}

int
zw_exchange_deliver(zw_conn *c, const char *datadir, int64_t dataset_id,
    int64_t *delivered)
{
	struct x_dataset d;
	struct { int64_t id, org, from, user; } subs[ZW_X_MAX_SUBSCRIBERS];
	int n = 0, i, rc;
	zw_stmt *s;

	*delivered = 0;
	if ((rc = x_dataset_load(c, dataset_id, &d)) != ZW_OK)
		return rc;
	if ((rc = zw_prepare(c, "SELECT id, org_id, delivered_version, "
	    "COALESCE(created_by, 0) FROM dataset_subscriptions WHERE dataset_id = ? "
	    "AND active = 1 AND delivered_version < ? ORDER BY id", &s)) != ZW_OK)
		return rc;
	zw_bind_int(s, 1, dataset_id);
	zw_bind_int(s, 2, d.latest);
	while (n < ZW_X_MAX_SUBSCRIBERS && (rc = zw_step(s)) == ZW_ROW) {
		subs[n].id = zw_col_int(s, 0);
		subs[n].org = zw_col_int(s, 1);
		subs[n].from = zw_col_int(s, 2);
		subs[n].user = zw_col_int(s, 3);
		n++;
	}
	zw_reset(s);
	if (rc < 0)
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = zw_tx_begin(c)) != ZW_OK)
			return rc;
		rc = deliver_one(c, datadir, &d, subs[i].id, subs[i].org, subs[i].from,
		    subs[i].user);
		if (rc == ZW_OK)
			rc = zw_tx_commit(c);
		else
			zw_tx_rollback(c);
		if (rc != ZW_OK)
			return rc;
		(*delivered)++;
	}
	/* more subscribers than one pass takes: the rest in the next run */
	if (n == ZW_X_MAX_SUBSCRIBERS && (rc = zw_exchange_deliver_later(c,
	    dataset_id)) != ZW_OK)
		return rc;
	return ZW_OK;
}

static int
job_deliver(zw_conn *c, struct zw_arena *a, int64_t job_id, const char *payload,
    char *errbuf, size_t errlen)
{
	json_t *p = json_loads(payload ? payload : "", 0, NULL);
	int64_t id = p ? zw_json_int(p, "dataset_id") : 0, n = 0;
	int rc;

	(void)a;
	(void)job_id;
	json_decref(p);
	if (id <= 0 || g_app == NULL) {
		snprintf(errbuf, errlen, DELIVER_JOB ": bad payload");
		return ZW_EINVAL;
	}
	if ((rc = zw_exchange_deliver(c, g_app->datadir, id, &n)) != ZW_OK)
		snprintf(errbuf, errlen, DELIVER_JOB " dataset %lld: %s",
		    (long long)id, zw_strerror(rc));
	return rc;
}

void
zw_exchange_deliver_init(struct zw_app *app)
{
	g_app = app;
	zw_job_register(DELIVER_JOB, job_deliver);
}
