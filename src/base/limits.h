/*
 * limits.h -- every dimension of untrusted input has a named cap here,
 * with the reason for its value.  Nothing else in the tree may invent
 * a size limit for external input.
 */
#ifndef ZW_LIMITS_H
#define ZW_LIMITS_H

/* HTTP */
#define ZW_MAX_URI		4096	/* longer URIs are attacks or bugs: 414 */
#define ZW_MAX_HEADERS		64	/* browsers send < 30: 431 past this */
#define ZW_MAX_HEADER_BYTES	16384	/* total header bytes: 431 */
#define ZW_MAX_JSON_BODY	(1u << 20)	/* 1 MiB JSON body: 413 */
#define ZW_MAX_FORM_BODY	(1u << 20)	/* 1 MiB urlencoded form: 413 */
#define ZW_MAX_UPLOAD		(32u << 20)	/* 32 MiB attachment: 413 */
#define ZW_MAX_QUERY_PARAMS	64	/* query + form fields per request */
#define ZW_MAX_COOKIES		32	/* cookies considered per request */
#define ZW_MAX_JSON_DEPTH	16	/* nesting depth of a JSON body */
#define MP_MAX_HEADER_LINE	1024	/* one multipart part header line */
#define MP_MAX_PART_HEADERS	16	/* browsers send 2 or 3 per part */
#define MP_MAX_BOUNDARY		70	/* RFC 2046 section 5.1.1 */
#define HDR_MAX_PARAMS		8	/* parameters of one header value */
#define ZW_MAX_DRAIN		(64u << 20)	/* an oversized body up to this is read
					   and dropped so the client gets the 413;
					   past it the connection closes at once */
#define ZW_MAX_RESP_BYTES	(64u << 20)	/* one rendered response */

/* Text fields */
#define ZW_MAX_LOGIN		64	/* bytes of a login name */
#define ZW_MAX_PASSWORD		256	/* bytes of a password (argon2 input) */
#define ZW_MIN_PASSWORD_CHARS	8	/* at least 8 characters, 3 of 4 classes */
#define ZW_MAX_NAME		200	/* a person's or organization's name */
#define ZW_MAX_SHORT_TEXT	500	/* titles, reasons, comments */
#define ZW_MAX_LONG_TEXT	(256u << 10)	/* bodies of documents/articles */
#define ZW_MAX_CODE		64	/* org codes, item codes */

/* Lists */
#define ZW_LIST_DEFAULT		50	/* items per page when no limit given */
#define ZW_LIST_MAX		500	/* largest page a client may ask for */

/* Sessions and accounts */
#define ZW_TOKEN_BYTES		32	/* 256-bit session tokens */
#define ZW_CSRF_BYTES		32

/* Templates */
#define ZW_TMPL_MAX_DEPTH	16	/* nested sections / includes */
#define ZW_TMPL_MAX_SIZE	(1u << 20)	/* one template source file */

/* Arena */
#define ZW_ARENA_BLOCK		8192	/* first block of a request arena */
#define ZW_ARENA_MAX		(256u << 20)	/* one request may not use more */

/* Config */
#define ZW_CONF_MAX_LINE	1024	/* a zhengwu.conf line */

/* CSV import */
#define ZW_CSV_MAX_LINE		8192	/* one registry CSV line */

/* Base registries (人口, 法人) */
#define ZW_REG_MAX_BATCH	1000	/* keys of one batch lookup: one request is one
					   transaction holding one logged read per key */
#define ZW_REG_MAX_PURPOSE	200	/* characters of X-Purpose (事由) */
#define ZW_REG_MAX_CASE_REF	64	/* characters of X-Case-Ref (文号, 案件编号) */
#define ZW_REG_MAX_PERSON_NAME	50	/* characters of a person's name (少数民族
					   names with "·" run to about 20) */
#define ZW_REG_MAX_ADDRESS	200	/* characters of an address */
#define ZW_REG_MAX_PHONE	20	/* bytes of a phone number: 0311-87654321-1234 */
#define ZW_REG_MAX_COLUMNS	32	/* columns of a registry CSV line */
#define ZW_REG_MAX_ROWS		200000000	/* rows of one import: the province's
					   70 million people fit with room */
#define ZW_REG_MAX_REJECTS_KEPT	100000	/* rejected lines listed in one report;
					   past it they are counted, not listed */
#define ZW_REG_REPORT_API	1000	/* rejected lines in an API or page answer */
#define ZW_REG_QUALITY_SAMPLES	5	/* example records per data-quality finding */

/* Documents (公文) */
#define ZW_DOC_MAX_RECIPIENTS 2000	/* 主送 + 抄送 of one document */
#define ZW_DOC_MAX_ATTACHMENTS 50	/* attachments of one document */
#define ZW_DOC_MAX_REVIEWERS 20	/* reviewers and countersigners of one submission */
#define ZW_DOC_MAX_CO_ISSUERS 10	/* 联合行文 partners of one document */
#define ZW_FILE_MAX_NAME_CHARS	200	/* an uploaded file's name */

/* Applications (网上审批) */
#define ZW_APP_MAX_CORRECTION_ITEMS 20	/* lines of one 补正告知 */
#define ZW_APP_MAX_MATERIALS	50	/* files of one submission */

/* Search */
#define ZW_SEARCH_PAGE		20	/* search results per page by default */
#define ZW_SEARCH_MAX_QUERY	100	/* characters of a query: key words,
					   not pasted paragraphs */
/* Bytes of one document's tokens: a ZW_MAX_LONG_TEXT body needs ~620 KB;
 * below 1 MiB so that PostgreSQL's tsvector limit (1 MiB of lexemes)
 * can never refuse the row.  Past it the rest is not indexed. */
#define ZW_SEARCH_MAX_INDEX	((1u << 20) - 1)
/* Tokens written by one call: a document body of ZW_MAX_LONG_TEXT
 * (256 KiB) holds at most ~87 000 CJK characters, one pair each; past
 * the cap the rest of the text is not indexed. */
#define ZW_BIGRAM_MAX_TOKENS	131072
/* Bytes kept of one ASCII word: longer runs (hashes, base64) are cut
 * here, at index and query time alike, so they still match. */
#define ZW_BIGRAM_MAX_WORD	64

/* Service items (政务服务事项, standards.md §3.2) */
#define ZW_ITEM_MAX_DAYS	365	/* legal/promised days: a law may set a
					   long limit of its own (行政许可法 第四十二条
					   "法律、法规另有规定的，依照其规定") */
#define ZW_ITEM_JOINT_MAX_DAYS	45	/* 联合办理 (第四十二条): 45 working days
					   for the whole; +15 is an extension */
#define ZW_ITEM_MAX_TEXT	4000	/* characters of conditions, a legal
					   article's text */
#define ZW_ITEM_MAX_LINE	500	/* windows, hours, a note */
#define ZW_ITEM_MAX_BASIS	20	/* 设定依据 entries */
#define ZW_ITEM_MAX_MATERIALS	60	/* 申请材料: real lists stay below 40 */
#define ZW_ITEM_MAX_FEES	20	/* 收费项目 */
#define ZW_ITEM_MAX_FIELDS	60	/* form fields of one item */
#define ZW_ITEM_MAX_OPTIONS	50	/* options of one choice field */
#define ZW_ITEM_MAX_FORMS	10	/* blank forms for download */
#define ZW_ITEM_MAX_CO_ORGS	10	/* co-departments of a joint item */
#define ZW_ITEM_MAX_TOPICS	8	/* topics (life events) of one item */
#define ZW_ITEM_MAX_COPIES	99	/* originals / copies of a material */
#define ZW_ITEM_MAX_VISITS	10	/* 到现场次数 */
#define ZW_ITEM_FIELD_NAME	32	/* bytes of a field name [a-z0-9_] */
#define ZW_ITEM_FIELD_TEXT	200	/* default max characters of a text field */
#define ZW_ITEM_FIELD_MAX_TEXT	4000	/* largest max a text field may set */
#define ZW_ITEM_MAX_QUESTION	1000	/* characters of a 网上咨询 question */
#define ZW_ITEM_MAX_ANSWER	4000	/* characters of an answer */
#define ZW_ITEM_QUESTIONS_PER_DAY 20	/* questions one user may ask about one
					   item a day (网上咨询 spam cap) */
#define ZW_ITEM_MAX_TEXTAREA	(64u << 10)	/* bytes of one list textarea
					   of the item form (one entry a line) */
/* Public accounts (自然人 / 法人) and messages */
#define ZW_MIN_NAME_CHARS	2	/* a person's name has at least two
					   characters (single-character names
					   are not issued) */
#define ZW_PHONE_DIGITS		11	/* mainland mobile: 1[3-9] + 9 digits */
#define ZW_MAX_EMAIL		254	/* RFC 5321 path limit */
#define ZW_MSG_MAX_TITLE	200	/* characters of a message title */
#define ZW_MSG_MAX_BODY		4000	/* characters of a message body: the
					   gateway's SMS/e-mail text stays short */
#define ZW_NOTIFY_MAX_ARGS	16	/* words of notify.gateway_command */
#define ZW_NOTIFY_MAX_OUTPUT	512	/* bytes of gateway output kept as the
					   job's error */
/* Electronic supervision (电子监察) and ratings (好差评) */
#define ZW_SV_MAX_NOTICE	2000	/* characters of a 监察通知 or its answer */
#define ZW_SV_MAX_DUE_DAYS	30	/* working days a department may be given
					   to answer a supervision notice */
#define ZW_SV_MAX_REASON	500	/* characters of an alert's reason */
#define ZW_SV_MAX_RULE		32	/* bytes of an alert rule name */
#define ZW_RATING_MAX_COMMENT	500	/* characters of a rating's comment */
#define ZW_RECTIFY_MAX_TEXT	2000	/* characters of 核实, 整改 or 回访 text */
#define ZW_STATS_MAX_DAYS	3700	/* longest statistics period (ten years) */
/* Portal (门户): sanitizer, articles, page cache */
#define ZW_SANITIZE_MAX_DEPTH	32	/* nesting of allowed elements in an
					   article body; deeper tags are unwrapped */
#define ZW_SANITIZE_MAX_ATTRS	32	/* attributes read per tag, the rest
					   ignored: an allowed tag needs at most 2 */
#define ZW_SANITIZE_MAX_SPAN	100	/* colspan/rowspan of a table cell */
#define ZW_SANITIZE_MAX_URL	2048	/* bytes of a link or image URL */
#define ZW_PORTAL_MAX_BODY	(2u << 20)	/* bytes of a sanitized body: escaping
					   (& -> &amp;) may grow a ZW_MAX_LONG_TEXT input */
#define ZW_PORTAL_MAX_ATTACHMENTS 20	/* attachments of one article */
#define ZW_PORTAL_MAX_LEADERS	30	/* 领导 listed on one site */
#define ZW_PORTAL_INDEX_NO_MAX	64	/* characters of a 索引号 */
#define ZW_PORTAL_PAGE		20	/* items per public list page */
#define ZW_PORTAL_MAX_PAGE	1000	/* page numbers past this are refused:
					   20 000 items deep is a crawler, not a reader */
#define ZW_PORTAL_FEED_ITEMS	20	/* entries of an Atom feed */
#define ZW_PORTAL_HOME_ITEMS	8	/* items per section of a home page */
#define ZW_PORTAL_SITEMAP_MAX	50000	/* URLs of one sitemap (sitemaps.org) */
#define ZW_PORTAL_CACHE_BYTES	(64u << 20)	/* rendered public pages kept in memory */
#define ZW_PORTAL_CACHE_ENTRIES	8192	/* pages kept; least recently used go first */
#define ZW_PORTAL_CACHE_KEY	512	/* bytes of a cache key (path + canonical query) */
#define ZW_PORTAL_CACHE_TAGS	256	/* bytes of one page's dependency tags */

/* Letters (领导信箱, 咨询, 投诉) */
#define ZW_LETTER_MAX_SUBJECT	100	/* characters of a letter's subject */
#define ZW_LETTER_MAX_CONTENT	5000	/* characters of a letter's content */
#define ZW_LETTER_MAX_REPLY	5000	/* characters of a reply */
#define ZW_LETTER_MAX_REASON	500	/* characters of a 转办 reason */
#define ZW_LETTER_MAX_PHONE	20	/* characters of a phone number */
#define ZW_LETTER_NO_LEN	24	/* "XJ2026112200000042" + NUL, with room */
#define ZW_LETTER_CODE_LEN	8	/* characters of a query code */
#define ZW_LETTER_DUP_WINDOW_S	(24 * 3600)	/* same content from the same phone
					   or IP within this is a duplicate */
#define ZW_LETTER_CHALLENGE_TTL	1800	/* seconds a challenge answer is accepted */
#define ZW_LETTER_TOKEN_MAX	128	/* bytes of a challenge token */
#define ZW_LETTER_HOME_MAX	20	/* letters listed on /my/letters */
/* Disclosure on request (依申请公开) and the annual report */
#define ZW_DISC_MAX_TEXT	4000	/* characters of a description, a
					   clarification, an answer's text */
#define ZW_DISC_MAX_REPORT	20000	/* characters of one report section */
#define ZW_DISC_MAX_PHONE	20	/* characters of a phone number (landline
					   with extension) */
#define ZW_DISC_MIN_PHONE	7
/* Exchange: datasets and comparison (比对) */
#define ZW_X_MAX_COLUMNS	64	/* columns of a dataset: differing fields are
					   kept as a 64-bit mask */
#define ZW_X_MAX_ROWS		50000000	/* rows of one side of a comparison */
#define ZW_X_MAX_FILE		((size_t)4 << 30)	/* bytes of one side read by the CLI */
#define ZW_X_MAX_NAME		100	/* characters of a dataset's name */
#define ZW_X_MAX_DESC		1000	/* characters of a dataset's description */
#define ZW_X_MAX_COLNAME	64	/* bytes of a column name */
#define ZW_X_MAX_LINE		65536	/* bytes of one CSV line */
#define ZW_X_MAX_JSON_ROWS	200000	/* objects of a JSON-array version */
#define ZW_X_RESULTS_KEPT	100000	/* result rows stored per comparison; past
					   it they are counted, not listed */
#define ZW_X_MAX_SUBSCRIBERS	256	/* subscriptions served by one delivery run;
					   the rest in the next run */
#define ZW_X_MAX_CHANGES	100000	/* entries of one changes answer: past it,
					   fetch the whole version */
#define ZW_X_PROGRESS_EVERY	200000	/* rows between progress updates */

/* Catalog and sharing (目录体系, 有条件共享) */
#define ZW_CAT_MAX_NAME		100	/* characters of a resource name */
#define ZW_CAT_MAX_CODE		40	/* characters of a resource or class code */
#define ZW_CAT_MAX_TEXT		2000	/* characters of an abstract, condition,
					   legal basis, purpose or reason */
#define ZW_CAT_MAX_ITEMS	100	/* information items of one resource */
#define ZW_CAT_MAX_ITEM_NAME	50	/* characters of an item's name or code */
#define ZW_CAT_MAX_ITEM_LEN	100000	/* declared length of an item */
#define ZW_CAT_MAX_RELATED	20	/* related resource codes of one entry */
#define ZW_CAT_MAX_CLIENT_NAME	100	/* characters of an API client's name */
#define ZW_CAT_REPLY_DAYS	10	/* working days a provider has to answer a
					   有条件共享 request (standards.md §5) */
#define ZW_CAT_TOKEN_TTL	3600	/* seconds an API client's token lives */

/* ---- site search (src/search) ---- */
#define ZW_SITE_BODY_MAX	2000	/* characters of body kept for snippets */
#define ZW_SITE_SNIPPET		80	/* characters of a result's snippet */
#define ZW_SITE_SNIPPET_LEAD	20	/* characters shown before the first hit */
#define ZW_SITE_MAX_PAGE	50	/* results of one search page (limit) */
#define ZW_SITE_MAX_CURSOR	1000	/* results paged through at most */
#define ZW_SITE_TYPE_MAX	20	/* bytes of a type name ("article") */

/* ---- surveys (src/surveys) ---- */
#define ZW_SURVEY_MAX_TITLE	200	/* characters of a title */
#define ZW_SURVEY_MAX_DESC	5000	/* characters of a description */
#define ZW_SURVEY_MAX_DRAFT	100000	/* characters of an attached draft text */
#define ZW_SURVEY_MAX_QUESTIONS	50	/* questions of one survey */
#define ZW_SURVEY_MAX_OPTIONS	20	/* options of one choice question */
#define ZW_SURVEY_MAX_OPTION	100	/* characters of an option label */
#define ZW_SURVEY_MAX_QTITLE	300	/* characters of a question */
#define ZW_SURVEY_MAX_TEXT	5000	/* largest max_length of a free-text question */
#define ZW_SURVEY_COOKIE	"zw_sv"	/* the per-browser cookie */
#define ZW_SURVEY_COOKIE_AGE	(400 * 86400)	/* its lifetime, seconds */

#endif
