/*
 * test_sanitize.c -- the allow-list HTML sanitizer of article bodies
 * (portal/sanitize.c): exact outputs for the allowed subset, and a
 * corpus of known XSS vectors (OWASP filter-evasion cheat sheet,
 * mutation XSS, entity- and whitespace-obfuscated URLs) whose outputs
 * must pass a strict checker: only allowed elements and attributes,
 * quoted and escaped values, no script URL, balanced nesting, and the
 * same bytes when sanitized again.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"
#include "portal/sanitize.h"

static char *
san(const char *in, size_t n)
{
	zw_buf b;
	char *p;
	size_t len;

	zw_buf_init(&b, ZW_PORTAL_MAX_BODY);
	assert_int_equal(zw_html_sanitize(in, n, &b), ZW_OK);
	if (b.p == NULL)
		zw_buf_puts(&b, "");
	p = zw_buf_detach(&b, &len);
	return p;
}

static void
expect(const char *in, const char *want)
{
	char *got = san(in, strlen(in));

	if (strcmp(got, want) != 0)
		fail_msg("sanitize(%s)\n  got  %s\n  want %s", in, got, want);
	zw_free(got);
}

/* ---- the checker ---- */

static const char *const allowed[] = { "p", "br", "h2", "h3", "h4", "ul",
	"ol", "li", "table", "thead", "tbody", "tr", "th", "td", "strong",
	"em", "u", "a", "img", NULL };

static bool
allowed_tag(const char *name)
{
	size_t i;

	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(allowed[i], name) == 0)
			return true;
	return false;
}

static bool
allowed_attr(const char *tag, const char *attr)
{
	if (strcmp(tag, "a") == 0)
		return strcmp(attr, "href") == 0 || strcmp(attr, "rel") == 0;
	if (strcmp(tag, "img") == 0)
		return strcmp(attr, "src") == 0 || strcmp(attr, "alt") == 0;
	if (strcmp(tag, "td") == 0 || strcmp(tag, "th") == 0)
		return strcmp(attr, "colspan") == 0 || strcmp(attr, "rowspan") == 0;
	return false;
}

/* Decode the five escapes the sanitizer writes. */
static void
unescape(const char *v, size_t n, char *out, size_t size)
{
	size_t i = 0, k = 0;

	while (i < n && k + 1 < size) {
		if (v[i] == '&') {
			static const struct { const char *e; char c; } m[] = {
				{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
				{ "&quot;", '"' }, { "&#39;", '\'' } };
			size_t j;
			bool ok = false;

			for (j = 0; j < 5; j++)
				if (strncmp(v + i, m[j].e, strlen(m[j].e)) == 0) {
					out[k++] = m[j].c;
					i += strlen(m[j].e);
					ok = true;
					break;
				}
			if (!ok)
				fail_msg("unexpected '&' in output: %.*s", (int)(n - i), v + i);
			continue;
		}
		out[k++] = v[i++];
	}
	out[k] = '\0';
}

/* The URL would run script or load data? */
static bool
bad_url(const char *u)
{
	char low[4096];
	size_t i, k = 0;

	for (i = 0; u[i] != '\0' && k + 1 < sizeof(low); i++)
		if ((unsigned char)u[i] > 0x20)
			low[k++] = (char)((u[i] >= 'A' && u[i] <= 'Z') ? u[i] + 32 : u[i]);
	low[k] = '\0';
	return strstr(low, "javascript:") != NULL || strstr(low, "vbscript:") != NULL ||
	    strncmp(low, "data:", 5) == 0 || strstr(low, "livescript:") != NULL;
}

/* Fail unless out is made of allowed, balanced, escaped markup only. */
static void
check_safe(const char *in, const char *out)
{
	char stack[64][16];
	int depth = 0;
	const char *p = out;

	while (*p) {
		if (*p == '>')
			fail_msg("raw '%c' in text of %s -> %s", *p, in, out);
		if (*p == '&') {
			char tmp[8];
			const char *semi = strchr(p, ';');

			if (semi == NULL || semi - p > 6)
				fail_msg("bare '&' in %s -> %s", in, out);
			unescape(p, (size_t)(semi - p + 1), tmp, sizeof(tmp));
			p = semi + 1;
			continue;
		}
		if (*p != '<') {
			p++;
			continue;
		}
		p++;
		bool close = *p == '/';
		char name[16];
		size_t n = 0;

		if (close)
			p++;
		while (*p >= 'a' && *p <= 'z' && n < sizeof(name) - 1)
			name[n++] = *p++;
		if (*p >= '0' && *p <= '9' && n < sizeof(name) - 1)
			name[n++] = *p++;
		name[n] = '\0';
		if (!allowed_tag(name))
			fail_msg("tag <%s%s> in %s -> %s", close ? "/" : "", name, in, out);
		if (close) {
			if (*p != '>')
				fail_msg("malformed end tag in %s", out);
			if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
				fail_msg("unbalanced </%s> in %s -> %s", name, in, out);
			depth--;
			p++;
			continue;
		}
		while (*p == ' ') {
			char attr[16], val[4096];
			const char *q;
			size_t an = 0;

			p++;
			while (*p >= 'a' && *p <= 'z' && an < sizeof(attr) - 1)
				attr[an++] = *p++;
			attr[an] = '\0';
			if (!allowed_attr(name, attr))
				fail_msg("attribute %s on <%s> in %s -> %s", attr, name, in, out);
			if (p[0] != '=' || p[1] != '"')
				fail_msg("unquoted attribute in %s", out);
			p += 2;
			q = strchr(p, '"');
			assert_non_null(q);
			if (memchr(p, '<', (size_t)(q - p)) || memchr(p, '>', (size_t)(q - p)) ||
			    memchr(p, '\'', (size_t)(q - p)))
				fail_msg("unescaped attribute value in %s", out);
			unescape(p, (size_t)(q - p), val, sizeof(val));
			if ((strcmp(attr, "href") == 0 || strcmp(attr, "src") == 0) &&
			    bad_url(val))
				fail_msg("script URL %s in %s -> %s", val, in, out);
			if (strcmp(attr, "rel") == 0 && strcmp(val, "noopener") != 0)
				fail_msg("rel=%s", val);
			if (strcmp(attr, "src") == 0 && strncmp(val, "https://", 8) != 0 &&
			    (val[0] != '/' || val[1] == '/'))
				fail_msg("img src %s in %s", val, in);
			p = q + 1;
		}
		if (*p != '>')
			fail_msg("malformed tag <%s in %s -> %s", name, in, out);
		p++;
		if (strcmp(name, "br") == 0 || strcmp(name, "img") == 0)
			continue;
		assert_true(depth < 64);
		snprintf(stack[depth++], sizeof(stack[0]), "%s", name);
	}
	if (depth != 0)
		fail_msg("unclosed <%s> in %s -> %s", stack[depth - 1], in, out);
}

/* Sanitize, check, and check that a second pass changes nothing. */
static void
corpus_one(const char *in, size_t n)
{
	char *out = san(in, n), *again;

	check_safe(in, out);
	again = san(out, strlen(out));
	if (strcmp(out, again) != 0)
		fail_msg("not idempotent: %s\n  once  %s\n  twice %s", in, out, again);
	zw_free(again);
	zw_free(out);
}

/* ---- tests ---- */

static void
test_allowed_subset_kept(void **state)
{
	(void)state;
	expect("<p>第一段</p><p>第二段<br>换行</p>", "<p>第一段</p><p>第二段<br>换行</p>");
	expect("<h2>一、总体要求</h2><h3>（一）</h3><h4>1.</h4>",
	    "<h2>一、总体要求</h2><h3>（一）</h3><h4>1.</h4>");
	expect("<ul><li>甲</li><li>乙</li></ul><ol><li>丙</li></ol>",
	    "<ul><li>甲</li><li>乙</li></ul><ol><li>丙</li></ol>");
	expect("<table><thead><tr><th>项目</th></tr></thead><tbody><tr>"
	    "<td colspan=\"2\" rowspan=3>金额</td></tr></tbody></table>",
	    "<table><thead><tr><th>项目</th></tr></thead><tbody><tr>"
	    "<td colspan=\"2\" rowspan=\"3\">金额</td></tr></tbody></table>");
	expect("<p><strong>粗</strong><em>斜</em><u>下划线</u></p>",
	    "<p><strong>粗</strong><em>斜</em><u>下划线</u></p>");
	expect("<a href=\"https://www.gov.cn/zhengce/\">政策</a>",
	    "<a href=\"https://www.gov.cn/zhengce/\" rel=\"noopener\">政策</a>");
	expect("<a href=\"http://www.hebei.gov.cn\">河北</a>",
	    "<a href=\"http://www.hebei.gov.cn\" rel=\"noopener\">河北</a>");
	expect("<a href=\"/articles/12\">站内</a><a href=\"#top\">顶部</a>",
	    "<a href=\"/articles/12\" rel=\"noopener\">站内</a>"
	    "<a href=\"#top\" rel=\"noopener\">顶部</a>");
	expect("<img src=\"/articles/3/files/9\" alt=\"会场\">",
	    "<img src=\"/articles/3/files/9\" alt=\"会场\">");
	expect("<img src=\"https://www.gov.cn/logo.png\">",
	    "<img src=\"https://www.gov.cn/logo.png\" alt=\"\">");
	/* aliases */
	expect("<h1>标题</h1><b>粗</b><i>斜</i><h6>小</h6><div>段</div>",
	    "<h2>标题</h2><strong>粗</strong><em>斜</em><h4>小</h4><p>段</p>");
	/* text is escaped, references decoded and escaped again */
	expect("1 &lt; 2 &amp;&amp; 3 > 2 &copy; &#x4E2D;&#25991; &unknown; & x",
	    "1 &lt; 2 &amp;&amp; 3 &gt; 2 © 中文 &amp;unknown; &amp; x");
	expect("say \"hi\" it's", "say \"hi\" it's");
	expect("<a href=\"https://a.cn/?q=1&amp;r=2\">x</a>",
	    "<a href=\"https://a.cn/?q=1&amp;r=2\" rel=\"noopener\">x</a>");
	expect("", "");
}

static void
test_structure_repaired(void **state)
{
	(void)state;
	expect("<p>a<p>b", "<p>a</p><p>b</p>");
	expect("<p>a<ul><li>b</ul>c", "<p>a</p><ul><li>b</li></ul>c");
	expect("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>");
	expect("<li>孤立</li>", "孤立");
	expect("<table><tr><td>a<td>b<tr><td>c</table>",
	    "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>");
	expect("<table><td>x</td></table>", "<table><tr><td>x</td></tr></table>");
	expect("<table>stray<tr><td>x</td></tr></table>",
	    "<table><tr><td>x</td></tr></table>");
	expect("<td>no table</td>", "no table");
	expect("<b>x</i>y</b>", "<strong>xy</strong>");
	expect("<a href=\"https://x.cn\">a<a href=\"https://y.cn\">b</a></a>",
	    "<a href=\"https://x.cn\" rel=\"noopener\">a</a>"
	    "<a href=\"https://y.cn\" rel=\"noopener\">b</a>");
	expect("<p></p><p> </p><strong></strong><p><em></em></p>x", "<p> </p>x");
	expect("<p>unclosed <strong>bold", "<p>unclosed <strong>bold</strong></p>");
	expect("</p></div></table>text</a>", "text");
	expect("<p>x</br>y</p>", "<p>x<br>y</p>");
	expect("<ul><ul><li>x</li></ul></ul>", "<ul><li>x</li></ul>");
}

static void
test_dropped_elements_and_attributes(void **state)
{
	(void)state;
	expect("a<script>alert(1)</script>b", "ab");
	expect("a<script>if (x < 1) '</scr' + 'ipt>'</script>b", "ab");
	expect("a<script>x</script >b</script>c", "abc");
	expect("<style>p{color:red}</style>t", "t");
	expect("<iframe src=\"https://evil\"></iframe>t", "t");
	expect("<svg><g><svg></svg><script>x</script></g></svg>t", "t");
	expect("<svg/>after", "after");
	expect("<math><mi>x</mi></math>t", "t");
	expect("<form action=\"/x\"><input name=a>inside</form>t", "t");
	expect("<object data=x>fallback</object>t", "t");
	expect("<embed src=x>t", "t");
	expect("<textarea><p>x</p></textarea>t", "t");
	expect("<noscript><p>x</p></noscript>t", "t");
	expect("<!-- c --><!---->t<!--> <?php x ?><!DOCTYPE html>", "t ");
	expect("<p onclick=\"x()\" style=\"color:red\" class=\"c\" id=\"i\">t</p>",
	    "<p>t</p>");
	expect("<span style=\"x\">kept</span>", "kept");
	expect("<font color=red>红</font><center>中</center>", "红中");
	expect("<plaintext><p>rest", "");
	expect("<img src=\"http://insecure.cn/x.png\">", "");
	expect("<img src=\"//evil.cn/x.png\">", "");
	expect("<img src=\"/\\evil.cn/x.png\">", "");
	expect("<img src=\"relative.png\">", "");
	expect("<a>no href</a>", "no href");
	expect("<a href=\"mailto:x@y.cn\">m</a>", "m");
	expect("<td colspan=\"0\" rowspan=\"101\">", "");
	expect("<table><tr><td colspan=\"0\" rowspan=\"x\">c</td></tr></table>",
	    "<table><tr><td>c</td></tr></table>");
	expect("a<p title=\"unterminated", "a");
	expect("a<", "a&lt;");
	expect("a < b", "a &lt; b");
	expect("a</", "a&lt;/");
	expect("a</ b>c", "ac");
	/* control characters and NUL are dropped, bad UTF-8 is U+FFFD */
	expect("a\x01" "b\x7f" "c", "abc");
	{
		static const char in[] = "x\0y";
		char *got = san(in, 3);

		assert_string_equal(got, "xy");
		zw_free(got);
	}
	expect("\xff\xfe", "\xef\xbf\xbd\xef\xbf\xbd");
}

static void
test_script_urls(void **state)
{
	static const char *const urls[] = {
		"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
		"\tjavascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
		"java&#9;script:alert(1)", "java&#x09;script:alert(1)",
		"jav&#x0A;ascript:alert(1)", "jav&#x0D;ascript:alert(1)",
		"java&Tab;script:alert(1)", "java&NewLine;script:alert(1)",
		"javascript&colon;alert(1)", "javascript&#58;alert(1)",
		"javascript&#58alert(1)", "javascript&#x3a;alert(1)",
		"&#106;avascript:alert(1)", "&#0000106avascript:alert(1)",
		"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A alert(1)",
		"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
		"&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;",
		"javas&#99;ript:alert(1)", " &#14; javascript:alert(1)",
		"\x01javascript:alert(1)", "vbscript:msgbox(1)", "VBScript:x",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
		"data&colon;text/html,<script>alert(1)</script>",
		"DATA:image/svg+xml,x", "livescript:x", "&#x3000;javascript:alert(1)",
		"jav&#x61;script:alert(1)", "javascript:",
		"file:///etc/passwd", "ftp://x.cn/", "about:blank", "x:y",
	};
	char in[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		snprintf(in, sizeof(in), "<a href=\"%s\">link</a>", urls[i]);
		expect(in, "link");
		snprintf(in, sizeof(in), "<a href='%s'>link</a>", urls[i]);
		expect(in, "link");
		snprintf(in, sizeof(in), "<img src=\"%s\" alt=\"x\">", urls[i]);
		expect(in, "");
	}
	/* entities and whitespace that leave an allowed URL are fine */
	expect("<a href=\"http&colon;//ok.cn/\">ok</a>",
	    "<a href=\"http://ok.cn/\" rel=\"noopener\">ok</a>");
	expect("<a href=\" https://ok.cn/a b \">ok</a>",
	    "<a href=\"https://ok.cn/a%20b\" rel=\"noopener\">ok</a>");
	expect("<a href=\"ht&#x09;tps://ok.cn/\">ok</a>",
	    "<a href=\"https://ok.cn/\" rel=\"noopener\">ok</a>");
}

/* Known vectors; each output must pass check_safe and be stable. */
static const char *const corpus[] = {
	"<script>alert(1)</script>",
	"<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
	"<IMG SRC=\"javascript:alert('XSS');\">",
	"<IMG SRC=javascript:alert('XSS')>",
	"<IMG SRC=JaVaScRiPt:alert('XSS')>",
	"<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
	"<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
	"<a onmouseover=alert(document.cookie)>xxs link</a>",
	"<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
	"<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
	"<IMG SRC=# onmouseover=\"alert('xxs')\">",
	"<IMG SRC= onmouseover=\"alert('xxs')\">",
	"<IMG onmouseover=\"alert('xxs')\">",
	"<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
	"<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115"
	"&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108"
	"&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083"
	"&#0000039&#0000041\">",
	"<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
	"&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
	"<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61"
	"&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
	"<IMG SRC=\"jav\tascript:alert('XSS');\">",
	"<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
	"<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
	"<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
	"<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
	"<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
	"<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
	"<SCRIPT/SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
	"<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
	"<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
	"<SCRIPT SRC=//xss.rocks/.j>",
	"<IMG SRC=\"`<javascript:alert>`('XSS')\"",
	"<iframe src=http://xss.rocks/scriptlet.html <",
	"\\\";alert('XSS');//",
	"</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
	"<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
	"<BODY BACKGROUND=\"javascript:alert('XSS')\">",
	"<IMG DYNSRC=\"javascript:alert('XSS')\">",
	"<IMG LOWSRC=\"javascript:alert('XSS')\">",
	"<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE>"
	"<UL><LI>XSS</br>",
	"<IMG SRC='vbscript:msgbox(\"XSS\")'>",
	"<svg/onload=alert('XSS')>",
	"<BR SIZE=\"&{alert('XSS')}\">",
	"<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
	"<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
	"<META HTTP-EQUIV=\"Link\" Content=\"<http://xss.rocks/xss.css>; REL=stylesheet\">",
	"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
	"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,"
	"PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
	"<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
	"<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
	"<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
	"<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
	"<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
	"<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
	"<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076"
	"\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072"
	"\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029\">",
	"<DIV STYLE=\"width: expression(alert('XSS'));\">",
	"<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
	"<BASE HREF=\"javascript:alert('XSS');//\">",
	"<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
	"<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH\" "
	"type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
	"<SCRIPT a=\">\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
	"<SCRIPT =\">\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
	"<SCRIPT a=\">\" '' SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
	"<SCRIPT \"a='>'\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
	"<SCRIPT a=`>` SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
	"<SCRIPT a=\">'>\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
	"<A HREF=\"http://66.102.7.147/\">XSS</A>",
	"<A HREF=\"h\ntt\tp://6\t6.000146.0x7.147/\">XSS</A>",
	"<A HREF=\"//www.google.com/\">XSS</A>",
	"<a href=\"javascript&colon;alert(1)\">x</a>",
	"<a href=\"jAvAsCrIpT&Tab;:alert(1)\">x</a>",
	"<a href=\"&#x6a;avascript:alert(1)\">x",
	"<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
	"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
	"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
	"<svg><style><img src=x onerror=alert(1)></style></svg>",
	"<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
	"<!--<img src=x onerror=alert(1)>-->",
	"<!-- --!><img src=x onerror=alert(1)> -->",
	"<x onclick=alert(1)>text</x>",
	"<details open ontoggle=alert(1)>",
	"<video><source onerror=\"alert(1)\"></video>",
	"<audio src=x onerror=alert(1)>",
	"<body onload=alert(1)>",
	"<marquee onstart=alert(1)>m</marquee>",
	"\"><script>alert(1)</script>",
	"'><img src=x onerror=alert(1)>",
	"<scr<script>ipt>alert(1)</scr</script>ipt>",
	"<img src=x:alert(alt) onerror=eval(src) alt=0>",
	"<a href=\"https://a.cn\" title=\"x&quot; onmouseover=&quot;alert(1)\">t</a>",
	"<a href=\"https://a.cn/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">t</a>",
	"<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
	"<xss style=\"behavior: url(xss.htc);\">",
	"<a href=\"JAVASCRIPT:alert(1)\">x</a>",
	"<a href=\"java&NewLine;script:alert(1)\">x</a>",
	"<img src=\"/files/1\" alt=\"\" onerror=alert(1)//\">",
	"<img src=\"/files/1\"alt=\"x\"onerror=\"alert(1)\">",
	"<p/onmouseover=alert(1)>t</p>",
	"<p	onmouseover=alert(1)>t</p>",
	"<a href=https://ok.cn/ onclick=alert(1)>x</a>",
	"<a\nhref\n=\n\"javascript:alert(1)\"\n>x</a>",
	"<a href=\"  &#x20;javascript:alert(1)\">x</a>",
	"<table><tr><td background=\"javascript:alert(1)\" style=\"x\">c</td></tr></table>",
	"<ul><li onclick=alert(1)>x</li></ul>",
	"<img src='https://ok.cn/x.png' alt='\"><script>alert(1)</script>'>",
	"<img src=https://ok.cn/x.png alt=a&quot;b onerror=alert(1)>",
	"<a href=\"https://ok.cn/\" rel=\"opener\" target=\"_blank\">x</a>",
	"<template><script>alert(1)</script></template>",
	"<select><option><script>alert(1)</script></select>",
	"<xmp><img src=x onerror=alert(1)></xmp>",
	"<title><img src=x onerror=alert(1)></title>",
	"<style><!--</style><img src=x onerror=alert(1)>-->",
	"<p title=\"&lt;/p&gt;&lt;script&gt;\">x</p>",
	"<![CDATA[<script>alert(1)</script>]]>",
	"<?xml version=\"1.0\"?><script>alert(1)</script>",
	"<a href=\"https://ok.cn/\"><svg><a xlink:href=\"javascript:alert(1)\"></a></svg>x</a>",
	"<img src=\"https://ok.cn/a.png\" srcset=\"javascript:alert(1)\">",
	"<a href=\"\x01https://ok.cn\">x</a>",
	"<a href=\"https://ok.cn\x7f\">x</a>",
	"&lt;script&gt;alert(1)&lt;/script&gt;",
	"&#60;script&#62;alert(1)&#60;/script&#62;",
	"<p>&#0; &#xD800; &#x110000; &#99999999999999;</p>",
	"<h1><p>x</h1></p>",
	"<table><table><tr><td>x</td></tr></table></table>",
	"<ol><li><table><tr><td><ul><li>deep</li></ul></td></tr></table></li></ol>",
};

static void
test_xss_corpus(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++)
		corpus_one(corpus[i], strlen(corpus[i]));
}

/* Deep nesting is capped; long inputs of every kind stay well formed. */
static void
test_limits(void **state)
{
	zw_buf in;
	char *out;
	int i;

	(void)state;
	zw_buf_init(&in, 1u << 20);
	for (i = 0; i < 1000; i++)
		zw_buf_puts(&in, "<strong><em>");
	zw_buf_puts(&in, "x");
	out = san(in.p, in.len);
	check_safe("(1000 nested)", out);
	assert_non_null(strstr(out, "x"));
	zw_free(out);
	zw_buf_reset(&in);
	for (i = 0; i < 200; i++)
		zw_buf_puts(&in, "<table><tr><td><ul><li><p>");
	out = san(in.p, in.len);
	check_safe("(200 tables)", out);
	zw_free(out);
	/* every prefix of a vector is handled */
	{
		const char *v = "<a href=\"javascript:alert(1)\" onclick='x'>"
		    "<img src=/files/1 alt=\"a&amp;b\"><!-- c --><script>y</script></a>";
		size_t n = strlen(v), k;

		for (k = 0; k <= n; k++)
			corpus_one(v, k);
	}
	zw_buf_free(&in);
	/* output past the buffer's maximum: ZW_ETOOBIG */
	{
		zw_buf small;

		zw_buf_init(&small, 16);
		assert_int_equal(zw_html_sanitize("&&&&&&&&&&&&", 12, &small),
		    ZW_ETOOBIG);
		zw_buf_free(&small);
	}
}

static void
test_plain_text(void **state)
{
	static const char html[] = "<h2>一、总体要求</h2><p>为深化“放管服”改革，"
	    "&amp; 优化<strong>营商</strong>环境。</p><ul><li>甲</li><li>乙</li></ul>"
	    "<table><tr><td>项目</td><td>金额</td></tr></table>"
	    "<script>alert(1)</script>末尾<img src=\"/f\" alt=\"图一\">";
	zw_buf b;

	(void)state;
	zw_buf_init(&b, 4096);
	assert_int_equal(zw_html_text(html, strlen(html), &b), ZW_OK);
	assert_string_equal(b.p, "一、总体要求\n为深化“放管服”改革，& 优化营商环境。\n"
	    "甲\n乙\n项目 金额\n末尾图一");
	zw_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed_subset_kept),
		cmocka_unit_test(test_structure_repaired),
		cmocka_unit_test(test_dropped_elements_and_attributes),
		cmocka_unit_test(test_script_urls),
		cmocka_unit_test(test_xss_corpus),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_plain_text),
	};

	return cmocka_run_group_tests_name("sanitize", tests, NULL, NULL);
}
