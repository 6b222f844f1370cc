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

/* Documents (公文) */
#define ZW_DOC_MAX_RECIPIENTS 2000	/* 主送 + 抄送 of one document */
#define ZW_DOC_MAX_ATTACHMENTS 50	/* attachments of one document */
#define ZW_DOC_MAX_REVIEWERS 20	/* reviewers and countersigners of one submission */
#define ZW_DOC_MAX_CO_ISSUERS 10	/* 联合行文 partners of one document */
#define ZW_FILE_MAX_NAME_CHARS	200	/* an uploaded file's name */

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

#endif
