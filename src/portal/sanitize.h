/*
 * sanitize.h -- the allow-list HTML sanitizer of article bodies, and
 * plain text from sanitized HTML (search index, summaries, feeds).
 *
 * The sanitizer does not repair its input: it reads it with a tokenizer
 * that follows the HTML5 rules where they matter (tags, attributes,
 * character references, comments, raw-text elements) and writes a new
 * document built only from the allow-list, every tag written by us and
 * every text and attribute value escaped.  So whatever the browser's
 * parser would have made of the input, it can only make of the output
 * what we wrote: allowed elements, allowed attributes, text.
 *
 * Allowed: p br h2 h3 h4 ul ol li table thead tbody tr th td strong em u
 * a img.  Aliases: b -> strong, i -> em, h1 -> h2, h5 h6 -> h4, div ->
 * p.  Attributes: a[href] (http, https or relative; rel="noopener" is
 * added), img[src] (https or a same-site path "/..."; alt, "" when
 * missing), th/td[colspan, rowspan] (1..ZW_SANITIZE_MAX_SPAN).
 * Dropped with their content: script style iframe object embed svg math
 * form template noscript textarea title xmp noembed noframes select
 * applet frameset head plaintext.  Every other tag is dropped and its
 * content kept.  Comments, doctypes and processing instructions are
 * dropped.  Every other attribute (on*, style, ...) is dropped, and so
 * are URLs with any other scheme (javascript:, data:, vbscript: ...),
 * after character references are decoded and the tabs, newlines and
 * other control characters that browsers ignore in URLs are removed.
 *
 * The output is well formed: every element is closed, in order; blocks
 * never sit inside a paragraph; list items sit in lists and cells in
 * rows; empty paragraphs, headings and inline elements are left out.
 * Sanitizing the output again gives the same bytes.
 */
#ifndef ZW_SANITIZE_H
#define ZW_SANITIZE_H

#include <stddef.h>

#include "base/buf.h"

/*
 * Append the sanitized form of [in, in+n) to out.  Bytes that are not
 * UTF-8 become U+FFFD; control characters other than tab, CR and LF are
 * dropped.  ZW_OK, or ZW_ETOOBIG when out reached its maximum (out then
 * holds a prefix that is not well formed: callers refuse the input).
 */
int zw_html_sanitize(const char *in, size_t n, zw_buf *out);

/*
 * Append the text of HTML (sanitized or not) to out: tags removed,
 * character references decoded, a line break for each block element
 * and <br>, blank runs collapsed to one space or one line break.
 * Content of the elements the sanitizer drops is left out.  ZW_OK or
 * ZW_ETOOBIG (out holds what fitted).
 */
int zw_html_text(const char *in, size_t n, zw_buf *out);

#endif
