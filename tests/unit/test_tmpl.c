/*
 * test_tmpl.c -- unit tests of the template engine (src/web/tmpl.c):
 * escaping, values, sections, loops and scopes, partials, layouts and
 * blocks, compile and link errors with their lines, output limits.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"
#include "web/tmpl.h"

struct src {
	const char *name;
	const char *text;
};

static char errbuf[512];

/* Add every template and link; returns the first error code. */
static int
build(zw_tmpl_set *s, const struct src *t, size_t n)
{
	size_t i;
	int rc;

	errbuf[0] = '\0';
	for (i = 0; i < n; i++)
		if ((rc = zw_tmpl_add(s, t[i].name, t[i].text,
		    strlen(t[i].text), errbuf, sizeof(errbuf))) != ZW_OK)
			return rc;
	return zw_tmpl_link(s, errbuf, sizeof(errbuf));
}

/* Render name from templates t with a JSON context; check the output. */
static void
check_render(const struct src *t, size_t n, const char *name,
    const char *json, const char *want)
{
	zw_tmpl_set *s = zw_tmpl_set_new();
	json_error_t jerr;
	json_t *ctx = NULL;
	zw_buf out;
	int rc;

	rc = build(s, t, n);
	if (rc != ZW_OK)
		fail_msg("build: %s (%s)", zw_strerror(rc), errbuf);
	if (json != NULL) {
		ctx = json_loads(json, JSON_DECODE_ANY, &jerr);
		if (ctx == NULL)
			fail_msg("bad test JSON: %s", jerr.text);
	}
	zw_buf_init(&out, 1 << 20);
	rc = zw_tmpl_render(s, name, ctx, &out);
	assert_int_equal(rc, ZW_OK);
	assert_string_equal(out.p != NULL ? out.p : "", want);
	zw_buf_free(&out);
	json_decref(ctx);
	zw_tmpl_set_free(s);
}

/* One template "t". */
static void
check1(const char *src, const char *json, const char *want)
{
	struct src t[] = { { "t", src } };

	check_render(t, 1, "t", json, want);
}

/* Building must fail with rc and an error message that contains msg. */
static void
check_fail(const struct src *t, size_t n, int want_rc, const char *msg)
{
	zw_tmpl_set *s = zw_tmpl_set_new();
	int rc = build(s, t, n);

	if (rc != want_rc)
		fail_msg("rc %s, want %s (err '%s')", zw_strerror(rc),
		    zw_strerror(want_rc), errbuf);
	if (strstr(errbuf, msg) == NULL)
		fail_msg("error '%s' lacks '%s'", errbuf, msg);
	zw_tmpl_set_free(s);
}

static void
check_fail1(const char *src, const char *msg)
{
	struct src t[] = { { "t", src } };

	check_fail(t, 1, ZW_EINVAL, msg);
}

static void
test_escape(void **state)
{
	(void)state;
	check1("<p>{{v}}</p>", "{\"v\": \"<script>&\\\"'\"}",
	    "<p>&lt;script&gt;&amp;&quot;&#39;</p>");
	check1("<a title=\"{{v}}\">", "{\"v\": \"\\\" onclick='x'\"}",
	    "<a title=\"&quot; onclick=&#39;x&#39;\">");
	check1("{{v}}", "{\"v\": \"plain text\"}", "plain text");
	check1("{{ v }}", "{\"v\": \"a&&b\"}", "a&amp;&amp;b");
}

static void
test_raw(void **state)
{
	(void)state;
	check1("{{raw v}}|{{v}}", "{\"v\": \"<b>&amp;</b>\"}",
	    "<b>&amp;</b>|&lt;b&gt;&amp;amp;&lt;/b&gt;");
	check1("{{ raw  a.b }}", "{\"a\": {\"b\": \"<i>\"}}", "<i>");
}

static void
test_html_escape(void **state)
{
	zw_buf b;

	(void)state;
	zw_buf_init(&b, 100);
	assert_int_equal(zw_html_escape(&b, "a<b>\"c\"&'d'", 11), ZW_OK);
	assert_string_equal(b.p, "a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;");
	zw_buf_free(&b);

	/* Past the limit: error, buffer as before. */
	zw_buf_init(&b, 8);
	assert_int_equal(zw_buf_puts(&b, "ok"), ZW_OK);
	assert_int_equal(zw_html_escape(&b, "<<<", 3), ZW_ETOOBIG);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.p, "ok");
	zw_buf_free(&b);
}

static void
test_values(void **state)
{
	(void)state;
	check1("[{{missing}}][{{a.missing.deep}}][{{n}}]", "{\"n\": null}",
	    "[][][]");
	check1("{{i}} {{neg}} {{r}} {{t}} {{f}}",
	    "{\"i\": 42, \"neg\": -7, \"r\": 1.5, \"t\": true, \"f\": false}",
	    "42 -7 1.5 true false");
	check1("{{big}}", "{\"big\": 9007199254740993}", "9007199254740993");
	check1("[{{arr}}][{{obj}}]", "{\"arr\": [1], \"obj\": {\"a\": 1}}",
	    "[][]");
	check1("{{a.b.c}}", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep");
	check1("{{list.1.name}}", "{\"list\": [{\"name\": \"x\"}, "
	    "{\"name\": \"y\"}]}", "y");
	check1("{{.}}", "\"top\"", "top");
	check1("a{{x}}b", NULL, "ab");
	check1("{{! a comment }}x{{!\nmulti\nline\n}}y", "{}", "xy");
	check1("a }} b {", "{}", "a }} b {");
}

static void
test_chinese(void **state)
{
	(void)state;
	check1("<h1>政务服务网</h1>\n<p>{{name}}，您好！</p>\n",
	    "{\"name\": \"张三<办事员>\"}",
	    "<h1>政务服务网</h1>\n<p>张三&lt;办事员&gt;，您好！</p>\n");
	check1("{{#each xs}}「{{.}}」{{/each}}",
	    "{\"xs\": [\"北京\", \"上海\"]}", "「北京」「上海」");
}

static void
test_if(void **state)
{
	const char *t = "{{#if v}}yes{{else}}no{{/if}}";

	(void)state;
	check1(t, "{\"v\": true}", "yes");
	check1(t, "{\"v\": false}", "no");
	check1(t, "{\"v\": null}", "no");
	check1(t, "{}", "no");
	check1(t, "{\"v\": 0}", "no");
	check1(t, "{\"v\": 3}", "yes");
	check1(t, "{\"v\": 0.0}", "no");
	check1(t, "{\"v\": 0.5}", "yes");
	check1(t, "{\"v\": \"\"}", "no");
	check1(t, "{\"v\": \"0\"}", "yes");
	check1(t, "{\"v\": []}", "no");
	check1(t, "{\"v\": [0]}", "yes");
	check1(t, "{\"v\": {}}", "no");
	check1(t, "{\"v\": {\"a\": 1}}", "yes");
	check1("{{#if v}}yes{{/if}}", "{}", "");
	check1("{{#if a.b}}{{a.b}}{{/if}}", "{\"a\": {\"b\": \"x\"}}", "x");
}

static void
test_unless(void **state)
{
	(void)state;
	check1("{{#unless v}}empty{{else}}{{v}}{{/unless}}", "{}", "empty");
	check1("{{#unless v}}empty{{else}}{{v}}{{/unless}}",
	    "{\"v\": \"full\"}", "full");
}

static void
test_eq(void **state)
{
	const char *t = "{{#eq status \"已办结\"}}done{{else}}open{{/eq}}";

	(void)state;
	check1(t, "{\"status\": \"已办结\"}", "done");
	check1(t, "{\"status\": \"办理中\"}", "open");
	check1(t, "{}", "open");
	check1("{{#eq n \"3\"}}three{{/eq}}", "{\"n\": 3}", "three");
	check1("{{#eq s \"a b\"}}ab{{/eq}}", "{\"s\": \"a b\"}", "ab");
	check1("{{#eq s \"q\\\"q\"}}quoted{{/eq}}", "{\"s\": \"q\\\"q\"}",
	    "quoted");
	check1("{{#eq s \"\"}}empty{{/eq}}", "{}", "empty");
	check1("{{#eq b \"true\"}}t{{/eq}}", "{\"b\": true}", "t");
	check1("{{#eq o \"\"}}x{{else}}never{{/eq}}", "{\"o\": {}}", "never");
}

static void
test_each(void **state)
{
	(void)state;
	check1("{{#each xs}}{{@index}}:{{@number}}:{{.}} {{/each}}",
	    "{\"xs\": [\"a\", \"b\", \"c\"]}", "0:1:a 1:2:b 2:3:c ");
	/* Names resolve against the item, then outer scopes. */
	check1("{{#each rows}}{{name}}@{{org}};{{/each}}",
	    "{\"org\": \"市局\", \"rows\": [{\"name\": \"甲\"}, "
	    "{\"name\": \"乙\", \"org\": \"区局\"}]}",
	    "甲@市局;乙@区局;");
	/* Object values, in insertion order. */
	check1("{{#each o}}{{@index}}={{.}},{{/each}}",
	    "{\"o\": {\"z\": 1, \"a\": 2}}", "0=1,1=2,");
	/* Else on empty, missing and non-list values. */
	check1("{{#each xs}}x{{else}}none{{/each}}", "{\"xs\": []}", "none");
	check1("{{#each xs}}x{{else}}none{{/each}}", "{}", "none");
	check1("{{#each xs}}x{{else}}none{{/each}}", "{\"xs\": {}}", "none");
	check1("{{#each xs}}x{{else}}none{{/each}}", "{\"xs\": \"s\"}",
	    "none");
	/* @index outside a loop is empty. */
	check1("[{{@index}}]", "{}", "[]");
	check1("{{#each xs}}{{#if @index}}, {{/if}}{{.}}{{/each}}",
	    "{\"xs\": [1, 2, 3]}", "1, 2, 3");
	/* Dotted paths from the item. */
	check1("{{#each xs}}{{a.b}}{{/each}}",
	    "{\"xs\": [{\"a\": {\"b\": 1}}, {\"a\": {\"b\": 2}}]}", "12");
}

static void
test_each_nested(void **state)
{
	(void)state;
	check1("{{#each depts}}{{name}}[{{#each people}}"
	    "{{@index}}.{{name}}/{{dept_code}}{{#unless @index}}*{{/unless}} "
	    "{{/each}}]{{@number}};{{/each}}",
	    "{\"depts\": ["
	    "{\"name\": \"办公室\", \"dept_code\": \"A\", "
	    "\"people\": [{\"name\": \"甲\"}, {\"name\": \"乙\"}]},"
	    "{\"name\": \"财务科\", \"dept_code\": \"B\", \"people\": []}]}",
	    "办公室[0.甲/A* 1.乙/A ]1;财务科[]2;");
	check1("{{#each m}}{{#each .}}{{.}}{{/each}}|{{/each}}",
	    "{\"m\": [[1, 2], [3]]}", "12|3|");
}

static void
test_partials(void **state)
{
	struct src t[] = {
		{ "page", "<ul>{{#each rows}}{{> part/row}}{{/each}}</ul>"
		    "{{> \"part/foot\"}}" },
		{ "part/row", "<li>{{@number}} {{name}} ({{site}})</li>" },
		{ "part/foot", "<footer>{{site}}</footer>" },
	};

	(void)state;
	check_render(t, 3, "page",
	    "{\"site\": \"政务\", \"rows\": [{\"name\": \"<a>\"}, "
	    "{\"name\": \"b\"}]}",
	    "<ul><li>1 &lt;a&gt; (政务)</li><li>2 b (政务)</li></ul>"
	    "<footer>政务</footer>");
	/* A partial is also a template of its own. */
	check_render(t, 3, "part/foot", "{\"site\": \"x\"}",
	    "<footer>x</footer>");
}

static void
test_extends(void **state)
{
	struct src t[] = {
		{ "layout/base", "<html><title>{{#block title}}默认标题"
		    "{{/block}}</title>\n<body>{{> part/nav}}"
		    "{{#block main}}no content{{/block}}"
		    "<footer>{{#block foot}}{{> part/foot}}{{/block}}"
		    "</footer></body></html>" },
		{ "part/nav", "<nav>{{user}}</nav>" },
		{ "part/foot", "(c) {{site}}" },
		{ "page", "{{! a page }}\n{{extends \"layout/base\"}}\n"
		    "{{#block main}}<p>{{msg}}</p>{{/block}}\n  \n"
		    "{{#block title}}办事指南{{/block}}\n" },
	};

	(void)state;
	check_render(t, 4, "page",
	    "{\"user\": \"张三\", \"site\": \"S\", \"msg\": \"<hi>\"}",
	    "<html><title>办事指南</title>\n<body><nav>张三</nav>"
	    "<p>&lt;hi&gt;</p><footer>(c) S</footer></body></html>");
	/* The layout alone shows its defaults. */
	check_render(t, 4, "layout/base", "{\"site\": \"S\"}",
	    "<html><title>默认标题</title>\n<body><nav></nav>no content"
	    "<footer>(c) S</footer></body></html>");
}

static void
test_extends_multilevel(void **state)
{
	struct src t[] = {
		{ "base", "[{{#block head}}H{{/block}}|"
		    "{{#block main}}M{{/block}}]" },
		{ "office", "{{extends base}}{{#block main}}<office>"
		    "{{#block inner}}default-inner{{/block}}{{> side}}"
		    "</office>{{/block}}" },
		{ "side", "<side>{{#block side}}s{{/block}}</side>" },
		{ "todo", "{{extends \"office\"}}{{#block inner}}TODO {{n}}"
		    "{{/block}}{{#block side}}S2{{/block}}"
		    "{{#block head}}H2{{/block}}" },
	};

	(void)state;
	check_render(t, 4, "todo", "{\"n\": 3}",
	    "[H2|<office>TODO 3<side>S2</side></office>]");
	check_render(t, 4, "office", "{}",
	    "[H|<office>default-inner<side>s</side></office>]");
}

static void
test_compile_errors(void **state)
{
	(void)state;
	check_fail1("line1\n{{#if a}}\nline3\n", "t:2: unclosed '{{#if}}'");
	check_fail1("a\nb\n{{#each xs}}\n{{/if}}\n",
	    "t:4: '{{/if}}' does not close '{{#each}}' opened at line 3");
	check_fail1("{{#if x}}\n\n{{/each}}",
	    "t:3: '{{/each}}' does not close '{{#if}}' opened at line 1");
	check_fail1("ok\n{{/each}}", "t:2: '{{/each}}' without an open");
	check_fail1("x\n\n{{#while x}}{{/while}}",
	    "t:3: unknown section '{{#while}}'");
	check_fail1("x {{name\n", "t:1: unclosed '{{'");
	check_fail1("{{}}", "t:1: empty tag");
	check_fail1("{{a b}}", "t:1: unknown tag");
	check_fail1("{{a..b}}", "t:1: bad name");
	check_fail1("{{a<b}}", "t:1: bad name");
	check_fail1("{{{a}}}", "t:1: bad name");
	check_fail1("{{@key}}", "t:1: unknown variable '@key'");
	check_fail1("{{else}}", "t:1: {{else}} outside a section");
	check_fail1("{{#if a}}{{else}}{{else}}{{/if}}",
	    "t:1: second {{else}}");
	check_fail1("{{#block a}}{{else}}{{/block}}",
	    "t:1: {{else}} inside {{#block}}");
	check_fail1("{{#if}}{{/if}}", "t:1: {{#if}} needs an argument");
	check_fail1("{{#if a b}}{{/if}}", "t:1: unexpected 'b'");
	check_fail1("{{#eq a b}}{{/eq}}", "t:1: expected a \"string\"");
	check_fail1("{{#eq a \"b\" c}}{{/eq}}", "t:1: bad string literal");
	check_fail1("{{raw}}", "t:1: {{raw}} needs a name");
	check_fail1("{{#block a}}{{/block}}\n{{#block a}}{{/block}}",
	    "t:2: block 'a' already defined at line 1");
	check_fail1("{{> bad name}}", "t:1: bad name");
	check_fail1("ok\n\xe4\xb8\n", "t:2: not valid UTF-8");
}

static void
test_extends_errors(void **state)
{
	struct src base = { "base", "{{#block main}}{{/block}}" };
	struct src t1[] = { base, { "t", "{{x}}{{extends base}}" } };
	struct src t2[] = { base, { "t", "hello\n{{extends base}}" } };
	struct src t3[] = { base, { "t", "{{extends base}}\ntext here\n" } };
	struct src t4[] = { base, { "t", "{{extends base}}{{x}}" } };
	struct src t5[] = { base, { "t", "{{extends base}}{{#if x}}{{/if}}" } };
	struct src t6[] = { base, { "t", "{{extends base}}{{> base}}" } };
	struct src t7[] = { base, { "t", "{{extends base}}{{extends base}}" } };
	struct src t8[] = { { "t", "{{extends nowhere}}" } };
	struct src t9[] = { base, { "t", "{{#if a}}{{extends base}}{{/if}}" } };

	(void)state;
	check_fail(t1, 2, ZW_EINVAL, "t:1: {{extends}} must be the first tag");
	check_fail(t2, 2, ZW_EINVAL, "t:2: {{extends}} must be the first tag");
	check_fail(t3, 2, ZW_EINVAL, "t:2: text outside {{#block}}");
	check_fail(t4, 2, ZW_EINVAL, "t:1: values outside blocks");
	check_fail(t5, 2, ZW_EINVAL, "t:1: only {{#block}} may appear");
	check_fail(t6, 2, ZW_EINVAL, "t:1: {{>}} outside blocks");
	check_fail(t7, 2, ZW_EINVAL, "t:1: {{extends}} must be the first");
	check_fail(t8, 1, ZW_EINVAL, "t:1: unknown layout 'nowhere'");
	check_fail(t9, 2, ZW_EINVAL, "t:1: {{extends}} must be the first");
}

static void
test_depth(void **state)
{
	char src[1024];
	zw_buf b;
	int i;

	(void)state;
	/* Exactly ZW_TMPL_MAX_DEPTH nested sections compile and render. */
	zw_buf_init(&b, sizeof(src) - 1);
	for (i = 0; i < ZW_TMPL_MAX_DEPTH; i++)
		zw_buf_puts(&b, "{{#if a}}\n");
	zw_buf_puts(&b, "deep");
	for (i = 0; i < ZW_TMPL_MAX_DEPTH; i++)
		zw_buf_puts(&b, "{{/if}}");
	memcpy(src, b.p, b.len + 1);
	check1(src, "{\"a\": 1}", "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\ndeep");

	/* One more is an error, on the line of the seventeenth. */
	zw_buf_reset(&b);
	for (i = 0; i < ZW_TMPL_MAX_DEPTH + 1; i++)
		zw_buf_puts(&b, "{{#if a}}\n");
	for (i = 0; i < ZW_TMPL_MAX_DEPTH + 1; i++)
		zw_buf_puts(&b, "{{/if}}");
	memcpy(src, b.p, b.len + 1);
	check_fail1(src, "t:17: sections nest deeper than 16");
	zw_buf_free(&b);
}

static void
test_depth_through_includes(void **state)
{
	char name[16][16], text[16][48];
	struct src t[16];
	unsigned i;

	(void)state;
	/* A chain of partials p0 -> p1 -> ... each in an {{#if}}. */
	for (i = 0; i < 16; i++) {
		snprintf(name[i], sizeof(name[i]), "p%u", i);
		if (i < 15)
			snprintf(text[i], sizeof(text[i]),
			    "{{#if a}}{{> p%u}}{{/if}}", i + 1);
		else
			snprintf(text[i], sizeof(text[i]), "end");
		t[i].name = name[i];
		t[i].text = text[i];
	}
	/* 8 partials deep: 7 ifs + 7 includes = 14 levels: fine. */
	snprintf(text[7], sizeof(text[7]), "end");
	check_render(t, 8, "p0", "{\"a\": true}", "end");
	/* 10 partials deep: 9 ifs + 9 includes = 18 levels: too deep. */
	snprintf(text[7], sizeof(text[7]), "{{#if a}}{{> p8}}{{/if}}");
	snprintf(text[9], sizeof(text[9]), "end");
	check_fail(t, 10, ZW_EINVAL, "nesting deeper than 16 when rendering "
	    "'p0'");
}

static void
test_link_errors(void **state)
{
	struct src t1[] = { { "a", "x\n{{> missing}}" } };
	struct src t2[] = {
		{ "a", "{{#if x}}\n{{> b}}{{/if}}" },
		{ "b", "{{> c}}" },
		{ "c", "\n\n{{> a}}" },
	};
	struct src t3[] = { { "self", "{{> self}}" } };
	struct src t4[] = {
		{ "a", "{{extends b}}" },
		{ "b", "{{extends a}}" },
	};
	struct src t5[] = {
		{ "base", "{{#block m}}{{/block}}" },
		{ "child", "{{extends base}}" },
		{ "user", "{{> child}}" },
	};
	/* Recursion that only blocks reveal: X -> P -> Y -> Q -> X. */
	struct src t6[] = {
		{ "L", "{{#block X}}{{/block}}" },
		{ "C", "{{extends L}}{{#block X}}{{> P}}{{/block}}"
		    "{{#block Y}}{{> Q}}{{/block}}" },
		{ "P", "{{#block Y}}{{/block}}" },
		{ "Q", "{{#block X}}{{/block}}" },
	};

	(void)state;
	check_fail(t1, 1, ZW_EINVAL, "a:2: unknown partial 'missing'");
	check_fail(t2, 3, ZW_EINVAL, "c:3: include cycle: a -> b -> c -> a");
	check_fail(t3, 1, ZW_EINVAL, "self:1: include cycle: self -> self");
	check_fail(t4, 2, ZW_EINVAL, "include cycle: a -> b -> a");
	check_fail(t5, 3, ZW_EINVAL, "user:1: partial 'child' extends a "
	    "layout");
	check_fail(t6, 4, ZW_EINVAL, "includes itself through blocks");
}

static void
test_add_errors(void **state)
{
	zw_tmpl_set *s = zw_tmpl_set_new();
	char *big;
	zw_buf out;

	(void)state;
	assert_int_equal(zw_tmpl_add(s, "a", "x", 1, errbuf, sizeof(errbuf)),
	    ZW_OK);
	assert_int_equal(zw_tmpl_add(s, "a", "y", 1, errbuf, sizeof(errbuf)),
	    ZW_EINVAL);
	assert_non_null(strstr(errbuf, "a: template defined twice"));
	big = zw_calloc(ZW_TMPL_MAX_SIZE + 1, 1);
	memset(big, 'x', ZW_TMPL_MAX_SIZE + 1);
	assert_int_equal(zw_tmpl_add(s, "big", big, ZW_TMPL_MAX_SIZE + 1,
	    errbuf, sizeof(errbuf)), ZW_ETOOBIG);
	zw_free(big);
	/* A failed add changes nothing; NULL err is allowed. */
	assert_int_equal(zw_tmpl_add(s, "bad", "{{#if", 5, NULL, 0),
	    ZW_EINVAL);

	zw_buf_init(&out, 100);
	assert_int_equal(zw_tmpl_render(s, "a", NULL, &out), ZW_ESTATE);
	assert_int_equal(zw_tmpl_link(s, errbuf, sizeof(errbuf)), ZW_OK);
	assert_int_equal(zw_tmpl_render(s, "bad", NULL, &out), ZW_ENOTFOUND);
	assert_int_equal(zw_tmpl_render(s, "nope", NULL, &out), ZW_ENOTFOUND);
	assert_int_equal(zw_tmpl_render(s, "a", NULL, &out), ZW_OK);
	assert_string_equal(out.p, "x");
	assert_int_equal(zw_tmpl_add(s, "late", "z", 1, errbuf,
	    sizeof(errbuf)), ZW_ESTATE);
	zw_buf_free(&out);
	zw_tmpl_set_free(s);
}

static void
test_relink(void **state)
{
	zw_tmpl_set *s = zw_tmpl_set_new();
	zw_buf out;

	(void)state;
	assert_int_equal(zw_tmpl_add(s, "a", "[{{> b}}]", 9, errbuf,
	    sizeof(errbuf)), ZW_OK);
	assert_int_equal(zw_tmpl_link(s, errbuf, sizeof(errbuf)), ZW_EINVAL);
	assert_int_equal(zw_tmpl_add(s, "b", "B", 1, errbuf, sizeof(errbuf)),
	    ZW_OK);
	assert_int_equal(zw_tmpl_link(s, errbuf, sizeof(errbuf)), ZW_OK);
	zw_buf_init(&out, 100);
	assert_int_equal(zw_tmpl_render(s, "a", NULL, &out), ZW_OK);
	assert_string_equal(out.p, "[B]");
	zw_buf_free(&out);
	zw_tmpl_set_free(s);
}

static void
test_too_big(void **state)
{
	struct src t[] = { { "t", "{{#each xs}}<li>{{.}}</li>{{/each}}" } };
	zw_tmpl_set *s = zw_tmpl_set_new();
	json_t *ctx;
	zw_buf out;

	(void)state;
	assert_int_equal(build(s, t, 1), ZW_OK);
	ctx = json_pack("{s:[s,s,s]}", "xs", "<&>", "bbbb", "cccc");
	zw_buf_init(&out, 30);
	assert_int_equal(zw_buf_puts(&out, "head:"), ZW_OK);
	assert_int_equal(zw_tmpl_render(s, "t", ctx, &out), ZW_ETOOBIG);
	/* The buffer is back to what it held. */
	assert_int_equal(out.len, 5);
	assert_string_equal(out.p, "head:");
	/* With room it fits exactly. */
	out.max = 5 + strlen("<li>&lt;&amp;&gt;</li><li>bbbb</li>"
	    "<li>cccc</li>");
	assert_int_equal(zw_tmpl_render(s, "t", ctx, &out), ZW_OK);
	assert_string_equal(out.p, "head:<li>&lt;&amp;&gt;</li><li>bbbb</li>"
	    "<li>cccc</li>");
	zw_buf_free(&out);
	json_decref(ctx);
	zw_tmpl_set_free(s);
}

static void
test_whitespace_kept(void **state)
{
	(void)state;
	check1("<ul>\n  {{#each xs}}\n  <li>{{.}}</li>\n  {{/each}}\n</ul>\n",
	    "{\"xs\": [1]}", "<ul>\n  \n  <li>1</li>\n  \n</ul>\n");
}

struct thr {
	const zw_tmpl_set *s;
	json_t *ctx;
	int bad;
};

static void *
render_many(void *arg)
{
	struct thr *t = arg;
	zw_buf out;
	int i;

	zw_buf_init(&out, 1 << 16);
	for (i = 0; i < 2000; i++) {
		zw_buf_reset(&out);
		if (zw_tmpl_render(t->s, "page", t->ctx, &out) != ZW_OK ||
		    strcmp(out.p, "[<i>甲</i><i>乙</i>]") != 0)
			t->bad++;
	}
	zw_buf_free(&out);
	return NULL;
}

static void
test_threads(void **state)
{
	struct src src[] = {
		{ "base", "[{{#block b}}{{/block}}]" },
		{ "item", "<i>{{.}}</i>" },
		{ "page", "{{extends base}}{{#block b}}{{#each xs}}{{> item}}"
		    "{{/each}}{{/block}}" },
	};
	zw_tmpl_set *s = zw_tmpl_set_new();
	pthread_t th[4];
	struct thr t[4];
	json_t *ctx;
	int i;

	(void)state;
	assert_int_equal(build(s, src, 3), ZW_OK);
	ctx = json_pack("{s:[s,s]}", "xs", "甲", "乙");
	for (i = 0; i < 4; i++) {
		t[i].s = s;
		t[i].ctx = ctx;
		t[i].bad = 0;
		assert_int_equal(pthread_create(&th[i], NULL, render_many,
		    &t[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(t[i].bad, 0);
	}
	json_decref(ctx);
	zw_tmpl_set_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_if),
		cmocka_unit_test(test_unless),
		cmocka_unit_test(test_eq),
		cmocka_unit_test(test_each),
		cmocka_unit_test(test_each_nested),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_extends),
		cmocka_unit_test(test_extends_multilevel),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_extends_errors),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_depth_through_includes),
		cmocka_unit_test(test_link_errors),
		cmocka_unit_test(test_add_errors),
		cmocka_unit_test(test_relink),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_whitespace_kept),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
