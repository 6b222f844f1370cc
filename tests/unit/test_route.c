/*
 * test_route.c -- route matching: literals, {captures}, 405 detection,
 * HEAD as GET, no captures across '/'.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "web/route.h"

static void h1(zw_req *r) { (void)r; }
static void h2(zw_req *r) { (void)r; }
static void h3(zw_req *r) { (void)r; }

static const struct zw_route table[] = {
	{ "GET", "/api/v1/orgs", h1, NULL, 0, NULL },
	{ "POST", "/api/v1/orgs", h2, NULL, 0, NULL },
	{ "GET", "/api/v1/orgs/{id}", h3, NULL, 0, NULL },
	{ "GET", "/api/v1/validate/{kind}/{value}", h1, NULL, 0, NULL },
};

static void
test_route_matching(void **state)
{
	zw_arena *a = zw_arena_new();
	const char *params[ZW_MAX_PATH_PARAMS] = { 0 };
	const struct zw_route *r;
	int mm;

	(void)state;
	zw_route_reset();
	zw_route_add_table(table, sizeof(table) / sizeof(table[0]));
	r = zw_route_match(a, "GET", "/api/v1/orgs", params, &mm);
	assert_ptr_equal(r, &table[0]);
	r = zw_route_match(a, "POST", "/api/v1/orgs", params, &mm);
	assert_ptr_equal(r, &table[1]);
	r = zw_route_match(a, "HEAD", "/api/v1/orgs", params, &mm);
	assert_ptr_equal(r, &table[0]);
	r = zw_route_match(a, "GET", "/api/v1/orgs/42", params, &mm);
	assert_ptr_equal(r, &table[2]);
	assert_string_equal(params[0], "42");
	r = zw_route_match(a, "GET", "/api/v1/validate/uscc/91350200776049653A",
	    params, &mm);
	assert_ptr_equal(r, &table[3]);
	assert_string_equal(params[0], "uscc");
	assert_string_equal(params[1], "91350200776049653A");
	/* a capture never spans '/' and is never empty */
	assert_null(zw_route_match(a, "GET", "/api/v1/orgs/4/2", params, &mm));
	assert_null(zw_route_match(a, "GET", "/api/v1/orgs/", params, &mm));
	assert_int_equal(mm, 0);
	/* right path, wrong method -> 405 */
	assert_null(zw_route_match(a, "DELETE", "/api/v1/orgs", params, &mm));
	assert_int_equal(mm, 1);
	assert_null(zw_route_match(a, "GET", "/api/v1/orgsx", params, &mm));
	assert_int_equal(mm, 0);
	zw_arena_free(a);
}

/* A method and pattern registered twice (whatever the parameter names)
 * is counted: the later route would be dead.  /api/v1/deliveries/{id}
 * once shadowed another module's route this way. */
static void
test_route_conflicts(void **state)
{
	static const struct zw_route other[] = {
		{ "GET", "/api/v1/orgs/{org}", NULL, NULL, 0, NULL },	/* taken */
		{ "POST", "/api/v1/orgs/{id}", NULL, NULL, 0, NULL },	/* free */
		{ "GET", "/api/v1/orgs/{id}/users", NULL, NULL, 0, NULL },	/* free */
	};

	(void)state;
	zw_route_reset();
	zw_route_add_table(table, sizeof(table) / sizeof(table[0]));
	assert_int_equal(zw_route_conflicts(), 0);
	zw_route_add_table(other, sizeof(other) / sizeof(other[0]));
	assert_int_equal(zw_route_conflicts(), 1);
	zw_route_reset();
	assert_int_equal(zw_route_conflicts(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_matching),
		cmocka_unit_test(test_route_conflicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
