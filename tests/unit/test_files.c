/*
 * test_files.c -- the files module's domain API (src/files/files.c) on
 * SQLite and, when ZHENGWU_TEST_PG_URL is set, on PostgreSQL: upload
 * rules (names, types, signatures, sizes), the row, blob and audit
 * event an upload leaves, data scope, and reads that detect a tampered
 * or missing blob.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <ftw.h>
#include <limits.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/ids.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/mem.h"
#include "crypto/pwhash.h"
#include "crypto/sm3.h"
#include "files/files.h"
#include "org/org.h"
#include "store/blob.h"
#include "store/migrate.h"
#include "store_fixture.h"

static const unsigned char master[16] = "0123456789abcdef";
static const char pdf[] = "%PDF-1.7\n\x00\x01\xff\xfe binary \r\n%%EOF\n";
#define PDF_LEN (sizeof(pdf) - 1)

struct fx {
	struct zwt_db t;
	zw_conn *c;
	char datadir[64];
	int64_t root, a, a1, b;		/* root > a > a1; root > b */
	char path_root[64], path_a[64], path_a1[64], path_b[64];
	int64_t u_a1, u_a1_self, u_b, u_person;
};

static struct zw_actor
system_actor(void)
{
	struct zw_actor a = { 0 };

	a.login = "system";
	a.scope = ZW_SCOPE_ALL;
	a.perms = ",orgs.manage,users.manage,";
	return a;
}

static struct zw_actor
actor(int64_t id, const char *login, int64_t org, const char *path, int scope)
{
	struct zw_actor w = { 0 };

	w.id = id;
	w.login = login;
	w.org_id = org;
	w.org_path = path;
	w.scope = scope;
	w.perms = ",";
	w.ip = "127.0.0.1";
	w.request_id = "test";
	return w;
}

static int64_t
make_org(struct fx *f, const char *code, int64_t parent, char *path,
    size_t size)
{
	struct zw_actor sys = system_actor();
	struct zw_org_in in = { 0 };
	struct zw_why why = { 0 };
	int64_t id = 0;
	json_t *o;

	in.code = code;
	in.name = code;
	in.short_name = "冀政办";
	in.region_code = "130102";
	in.parent_id = parent;
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_org_create(f->c, &sys, &in, master, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	assert_int_equal(zw_org_get(f->c, &sys, id, &o), ZW_OK);
	snprintf(path, size, "%s", zw_json_str(o, "path"));
	json_decref(o);
	return id;
}

static int64_t
make_user(struct fx *f, const char *login, int64_t org, const char *kind)
{
	struct zw_actor sys = system_actor();
	struct zw_user_in in = { 0 };
	struct zw_why why = { 0 };
	int64_t id = 0;

	in.login = login;
	in.name = login;
	in.org_id = org;
	in.kind = kind;
	in.password = "Init#2026pw";
	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	assert_int_equal(zw_user_create(f->c, &sys, &in, &id, &why), ZW_OK);
	assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	return id;
}

static int
setup(void **state, enum zw_db_kind kind)
{
	struct fx *f = zw_calloc(1, sizeof(*f));

	snprintf(f->datadir, sizeof(f->datadir), "/tmp/zwfiles.XXXXXX");
	if (mkdtemp(f->datadir) == NULL ||
	    zwt_open(&f->t, kind, 2) != ZW_OK ||
	    zw_conn_get(f->t.db, 5000, &f->c) != ZW_OK ||
	    zw_migrate(f->c, NULL) != ZW_OK ||
	    zw_tx_begin(f->c) != ZW_OK || zw_roles_seed(f->c) != ZW_OK ||
	    zw_tx_commit(f->c) != ZW_OK) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	f->root = make_org(f, "root", 0, f->path_root, sizeof(f->path_root));
	f->a = make_org(f, "a", f->root, f->path_a, sizeof(f->path_a));
	f->a1 = make_org(f, "a1", f->a, f->path_a1, sizeof(f->path_a1));
	f->b = make_org(f, "b", f->root, f->path_b, sizeof(f->path_b));
	f->u_a1 = make_user(f, "clerk.a1", f->a1, NULL);
	f->u_a1_self = make_user(f, "self.a1", f->a1, NULL);
	f->u_b = make_user(f, "clerk.b", f->b, NULL);
	f->u_person = make_user(f, "person", 0, "person");
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup(state, ZW_DB_SQLITE); }
static int setup_pg(void **state) { return setup(state, ZW_DB_PG); }

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	zw_conn_put(f->c);
	zwt_close(&f->t);
	nftw(f->datadir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	zw_free(f);
	return 0;
}

/* Upload in a transaction of its own; commit on success. */
static int
upload(struct fx *f, const struct zw_actor *who, const char *name,
    const void *data, size_t len, int64_t *id, char sm3[65],
    struct zw_why *why)
{
	int rc;

	assert_int_equal(zw_tx_begin(f->c), ZW_OK);
	rc = zw_file_create(f->c, who, f->datadir, name, "application/pdf",
	    data, len, id, sm3, why);
	if (rc == ZW_OK)
		assert_int_equal(zw_tx_commit(f->c), ZW_OK);
	else
		zw_tx_rollback(f->c);
	return rc;
}

static int64_t
count_files(struct fx *f)
{
	int64_t n = -1;

	assert_int_equal(zw_query_int(f->c, "SELECT COUNT(*) FROM files", &n),
	    ZW_OK);
	return n;
}

static void
test_upload_row_blob_and_audit(void **state)
{
	struct fx *f = *state;
	struct zw_actor who = actor(f->u_a1, "clerk.a1", f->a1, f->path_a1,
	    ZW_SCOPE_ORG);
	struct zw_audit_filter q = { 0 };
	struct zw_why why = { 0 };
	char sm3[65], want[65], path[PATH_MAX];
	int64_t id = 0, next;
	json_t *o, *items, *d;
	void *p;
	size_t n;

	zw_sm3_hex(pdf, PDF_LEN, want);
	assert_int_equal(upload(f, &who, "关于开展政务公开检查的通知.PDF", pdf,
	    PDF_LEN, &id, sm3, &why), ZW_OK);
	assert_true(id > 0);
	assert_string_equal(sm3, want);

	/* the blob is there, named by its SM3 */
	assert_int_equal(zw_blob_get(f->datadir, sm3, &p, &n), ZW_OK);
	assert_int_equal(n, PDF_LEN);
	assert_memory_equal(p, pdf, PDF_LEN);
	zw_free(p);

	assert_int_equal(zw_file_get(f->c, &who, id, &o), ZW_OK);
	assert_int_equal(zw_json_int(o, "id"), id);
	assert_string_equal(zw_json_str(o, "sm3"), want);
	assert_int_equal(zw_json_int(o, "size"), (int64_t)PDF_LEN);
	assert_string_equal(zw_json_str(o, "content_type"), "application/pdf");
	assert_string_equal(zw_json_str(o, "filename"), "关于开展政务公开检查的通知.PDF");
	assert_int_equal(zw_json_int(o, "uploaded_by"), f->u_a1);
	assert_int_equal(zw_json_int(o, "org_id"), f->a1);
	json_decref(o);

	assert_int_equal(zw_file_path(f->c, &who, f->datadir, id, path,
	    sizeof(path)), ZW_OK);
	assert_non_null(strstr(path, "/blobs/"));
	assert_int_equal(access(path, R_OK), 0);

	q.action = "file.upload";
	assert_int_equal(zw_audit_query(f->c, &q, 10, 0, &items, &next), ZW_OK);
	assert_int_equal(json_array_size(items), 1);
	o = json_array_get(items, 0);
	assert_string_equal(zw_json_str(o, "actor_login"), "clerk.a1");
	assert_string_equal(zw_json_str(o, "object_type"), "file");
	d = json_object_get(o, "details");
	assert_string_equal(zw_json_str(d, "filename"), "关于开展政务公开检查的通知.PDF");
	assert_int_equal(zw_json_int(d, "size"), (int64_t)PDF_LEN);
	assert_string_equal(zw_json_str(d, "sm3"), want);
	json_decref(items);

	/* the same bytes again: a second row over the same blob */
	assert_int_equal(upload(f, &who, "副本.pdf", pdf, PDF_LEN, &next, sm3,
	    &why), ZW_OK);
	assert_true(next != id);
	assert_string_equal(sm3, want);
	assert_int_equal(count_files(f), 2);
}

static void
test_upload_rules(void **state)
{
	struct fx *f = *state;
	struct zw_actor who = actor(f->u_a1, "clerk.a1", f->a1, f->path_a1,
	    ZW_SCOPE_ORG);
	static const char *const bad_names[] = {
		"", "a/b.pdf", "a\\b.pdf", "/etc/passwd.pdf", ".", "..",
		"a\x01.pdf", "a\n.pdf", "a\x7f.pdf", "a\xc2\x85.pdf",
		"\xff\xfe.pdf", "a\xc0\xaf.pdf", "invoice\xe2\x80\xae" "fdp.pdf",
		"x\xe2\x81\xa6.pdf",
	};
	static const struct {
		const char *name;
		const char *data;
		size_t len;
	} mismatch[] = {
		{ "a.pdf", "\x89PNG\r\n\x1a\n", 8 },
		{ "a.pdf", "%PDF", 4 },
		{ "a.png", "%PDF-1.7", 8 },
		{ "a.jpg", "\xff\xd8\xfe", 3 },
		{ "a.jpeg", "GIF89a", 6 },
		{ "a.docx", "<html>", 6 },
		{ "a.xlsx", "PK\x05\x06", 4 },
		{ "a.ofd", "%PDF-", 5 },
		{ "a.zip", "PK", 2 },
	};
	static const char *const bad_types[] = { "a.exe", "a.html", "a",
		"a.", "a.pdf.exe", "pdf" };
	struct zw_why why = { 0 };
	char sm3[65], longname[1024];
	int64_t id;
	size_t i;
	int rc;

	rc = zw_file_create(f->c, &who, f->datadir, NULL, NULL, pdf, PDF_LEN,
	    &id, sm3, &why);
	assert_int_equal(rc, ZW_EINVAL);
	assert_string_equal(why.code, "invalid_filename");
	for (i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		memset(&why, 0, sizeof(why));
		rc = upload(f, &who, bad_names[i], pdf, PDF_LEN, &id, sm3, &why);
		if (rc != ZW_EINVAL)
			fail_msg("name %zu (%s) accepted", i, bad_names[i]);
		assert_string_equal(why.code, "invalid_filename");
		assert_string_equal(why.field, "filename");
		assert_non_null(zw_file_name_problem(bad_names[i]));
	}
	/* 200 characters pass, 201 do not (counted in characters) */
	for (i = 0; i < 196; i++)
		memcpy(longname + 3 * i, "文", 3);
	memcpy(longname + 3 * i, ".pdf", 5);
	assert_null(zw_file_name_problem(longname));
	memmove(longname + 3, longname, strlen(longname) + 1);
	memcpy(longname, "文", 3);
	assert_non_null(zw_file_name_problem(longname));
	assert_int_equal(upload(f, &who, longname, pdf, PDF_LEN, &id, sm3, &why),
	    ZW_EINVAL);

	/* types outside the allow-list */
	for (i = 0; i < sizeof(bad_types) / sizeof(bad_types[0]); i++) {
		assert_int_equal(upload(f, &who, bad_types[i], pdf, PDF_LEN, &id,
		    sm3, &why), ZW_EINVAL);
		assert_string_equal(why.code, "file_type");
		assert_non_null(strstr(why.message, "仅允许"));
		assert_non_null(strstr(why.message, "xlsx"));
	}
	/* signatures */
	for (i = 0; i < sizeof(mismatch) / sizeof(mismatch[0]); i++) {
		memset(&why, 0, sizeof(why));
		rc = upload(f, &who, mismatch[i].name, mismatch[i].data,
		    mismatch[i].len, &id, sm3, &why);
		if (rc != ZW_EINVAL || strcmp(why.code, "content_mismatch") != 0)
			fail_msg("mismatch %zu (%s) not refused", i, mismatch[i].name);
	}
	/* sizes */
	assert_int_equal(upload(f, &who, "empty.txt", "", 0, &id, sm3, &why),
	    ZW_EINVAL);
	assert_string_equal(why.code, "empty_file");
	/* the size is checked before the bytes are read */
	assert_int_equal(zw_file_create(f->c, &who, f->datadir, "big.pdf",
	    NULL, pdf, (size_t)ZW_MAX_UPLOAD + 1, &id, sm3, &why), ZW_ETOOBIG);
	assert_string_equal(why.code, "too_large");
	/* nothing was stored: no rows, no blobs */
	assert_int_equal(count_files(f), 0);
	{
		char dir[128];
		struct stat st;

		snprintf(dir, sizeof(dir), "%s/blobs", f->datadir);
		assert_int_not_equal(stat(dir, &st), 0);
	}

	/* the allow-list, case-insensitive; types without a signature rule
	 * take any bytes */
	assert_string_equal(zw_file_type_of("A.PDF"), "application/pdf");
	assert_string_equal(zw_file_type_of("x.Jpeg"), "image/jpeg");
	assert_string_equal(zw_file_type_of("公文.ofd"), "application/ofd");
	assert_null(zw_file_type_of("a.tar.gz"));
	assert_int_equal(upload(f, &who, "a.doc", "anything", 8, &id, sm3, &why),
	    ZW_OK);
	assert_int_equal(upload(f, &who, "表.et", "x", 1, &id, sm3, &why), ZW_OK);
	assert_int_equal(upload(f, &who, "a.docx", "PK\x03\x04rest", 8, &id, sm3,
	    &why), ZW_OK);
	assert_int_equal(upload(f, &who, "a.png", "\x89PNG\r\n\x1a\n", 8, &id,
	    sm3, &why), ZW_OK);
	assert_int_equal(count_files(f), 4);
}

static void
test_data_scope(void **state)
{
	struct fx *f = *state;
	struct zw_actor up = actor(f->u_a1, "clerk.a1", f->a1, f->path_a1,
	    ZW_SCOPE_ORG);
	struct zw_actor same_org_self = actor(f->u_a1_self, "self.a1", f->a1,
	    f->path_a1, ZW_SCOPE_SELF);
	struct zw_actor clerk_a = actor(999, "clerk.a", f->a, f->path_a,
	    ZW_SCOPE_ORG);
	struct zw_actor leader_a = actor(998, "leader.a", f->a, f->path_a,
	    ZW_SCOPE_ORG_TREE);
	struct zw_actor leader_b = actor(997, "leader.b", f->b, f->path_b,
	    ZW_SCOPE_ORG_TREE);
	struct zw_actor clerk_b = actor(f->u_b, "clerk.b", f->b, f->path_b,
	    ZW_SCOPE_ORG);
	struct zw_actor person = actor(f->u_person, "person", 0, "",
	    ZW_SCOPE_SELF);
	struct zw_actor all = actor(996, "supervisor", f->b, f->path_b,
	    ZW_SCOPE_ALL);
	struct zw_why why = { 0 };
	char sm3[65], path[PATH_MAX];
	int64_t id, pid;
	json_t *o;

	assert_int_equal(upload(f, &up, "材料.pdf", pdf, PDF_LEN, &id, sm3, &why),
	    ZW_OK);
	/* visible: the uploader, the same org (scope org), an ancestor's
	 * leader (org_tree), scope all, and internal lookups */
	assert_int_equal(zw_file_get(f->c, &up, id, &o), ZW_OK);
	json_decref(o);
	assert_int_equal(zw_file_get(f->c, &leader_a, id, &o), ZW_OK);
	json_decref(o);
	assert_int_equal(zw_file_get(f->c, &all, id, &o), ZW_OK);
	json_decref(o);
	assert_int_equal(zw_file_get(f->c, NULL, id, &o), ZW_OK);
	json_decref(o);
	/* not visible: the parent org's clerk (scope org is exact), another
	 * branch, a colleague with scope self, a public user */
	assert_int_equal(zw_file_get(f->c, &clerk_a, id, &o), ZW_ENOTFOUND);
	assert_null(o);
	assert_int_equal(zw_file_get(f->c, &leader_b, id, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_file_get(f->c, &clerk_b, id, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_file_get(f->c, &same_org_self, id, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_file_get(f->c, &person, id, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_file_path(f->c, &clerk_b, f->datadir, id, path,
	    sizeof(path)), ZW_ENOTFOUND);
	assert_string_equal(path, "");
	assert_int_equal(zw_file_get(f->c, &up, id + 1000, &o), ZW_ENOTFOUND);

	/* a public user's upload has no organization */
	assert_int_equal(upload(f, &person, "身份证.jpg", "\xff\xd8\xff\xe0", 4,
	    &pid, sm3, &why), ZW_OK);
	assert_int_equal(zw_file_get(f->c, &person, pid, &o), ZW_OK);
	assert_true(json_is_null(json_object_get(o, "org_id")));
	assert_int_equal(zw_json_int(o, "uploaded_by"), f->u_person);
	json_decref(o);
	assert_int_equal(zw_file_get(f->c, &leader_a, pid, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_file_get(f->c, &up, pid, &o), ZW_ENOTFOUND);
	assert_int_equal(zw_file_get(f->c, &all, pid, &o), ZW_OK);
	json_decref(o);
}

static void
test_read_detects_tampering(void **state)
{
	struct fx *f = *state;
	struct zw_actor who = actor(f->u_a1, "clerk.a1", f->a1, f->path_a1,
	    ZW_SCOPE_ORG);
	struct zw_why why = { 0 };
	char sm3[65], path[PATH_MAX];
	json_t *meta;
	int64_t id;
	void *p;
	size_t n;
	FILE *fp;

	assert_int_equal(upload(f, &who, "原件.pdf", pdf, PDF_LEN, &id, sm3,
	    &why), ZW_OK);
	assert_int_equal(zw_file_read(f->c, &who, f->datadir, id, &meta, &p, &n),
	    ZW_OK);
	assert_int_equal(n, PDF_LEN);
	assert_memory_equal(p, pdf, PDF_LEN);
	assert_string_equal(zw_json_str(meta, "filename"), "原件.pdf");
	zw_free(p);
	json_decref(meta);
	/* not visible: not found, nothing read */
	{
		struct zw_actor other = actor(f->u_b, "clerk.b", f->b, f->path_b,
		    ZW_SCOPE_ORG);

		assert_int_equal(zw_file_read(f->c, &other, f->datadir, id, &meta,
		    &p, &n), ZW_ENOTFOUND);
		assert_null(p);
		assert_null(meta);
	}

	/* flip one byte on disk */
	assert_int_equal(zw_blob_path(f->datadir, sm3, path, sizeof(path)), ZW_OK);
	assert_int_equal(chmod(path, 0640), 0);
	fp = fopen(path, "r+b");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 3, SEEK_SET), 0);
	assert_int_equal(fputc('X', fp), 'X');
	fclose(fp);
	assert_int_equal(zw_file_read(f->c, &who, f->datadir, id, &meta, &p, &n),
	    ZW_ECRYPTO);
	assert_null(p);
	assert_null(meta);
	/* the metadata still answers */
	assert_int_equal(zw_file_get(f->c, &who, id, &meta), ZW_OK);
	json_decref(meta);
	/* a missing blob is an I/O error, not "no such file" */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(zw_file_read(f->c, &who, f->datadir, id, NULL, &p, &n),
	    ZW_EIO);
}

static int
load_regions(void)
{
	FILE *fp = fopen("share/regions.csv", "rb");
	static char buf[1 << 17];
	size_t n;

	if (fp == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	return zw_regions_load(buf, n);
}

#define SQLITE(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		SQLITE(test_upload_row_blob_and_audit),
		SQLITE(test_upload_rules),
		SQLITE(test_data_scope),
		SQLITE(test_read_detects_tampering),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_upload_row_blob_and_audit),
		PG(test_upload_rules),
		PG(test_data_scope),
		PG(test_read_detects_tampering),
	};
	int rc;

	zw_json_init();
	if (zw_crypto_init() != ZW_OK || load_regions() != ZW_OK)
		return 1;
	zw_pwhash_set_cost(1);
	rc = cmocka_run_group_tests_name("files_sqlite", sqlite_tests, NULL, NULL);
	if (zwt_pg_url() == NULL)
		printf("NOTICE: files_pg skipped: ZHENGWU_TEST_PG_URL not set\n");
	else
		rc |= cmocka_run_group_tests_name("files_pg", pg_tests, NULL, NULL);
	return rc;
}
