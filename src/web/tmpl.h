/*
 * tmpl.h -- the HTML template engine.  Templates are compiled once at
 * start-up into a read-only set that any thread may render from.
 *
 * Syntax (every {{...}} tag):
 *   {{name}} {{a.b.c}} {{.}}     value, HTML-escaped (& < > " ' escaped)
 *   {{raw name}}                 value without escaping -- the only way;
 *                                grep for "{{raw" to audit them
 *   {{#if name}}..{{else}}..{{/if}}     truthy: true, non-zero number,
 *                                non-empty string/array/object
 *   {{#unless name}}..{{/unless}}
 *   {{#eq name "literal"}}..{{else}}..{{/eq}}   string equality
 *   {{#each list}}..{{else}}..{{/each}}  array items (or object values);
 *                                inside, names resolve against the item
 *                                first, then outer scopes; {{@index}}
 *                                (0-based), {{@number}} (1-based)
 *   {{> partial/name}}           include another template (same context)
 *   {{extends "layout/base"}}    first tag only: render the layout with
 *                                this template's blocks
 *   {{#block main}}..{{/block}}  define (in a child) or place (in a
 *                                layout, with default content) a block
 *   {{! comment }}
 * Values: strings as is, integers and reals in decimal, true -> "true",
 * null/missing -> "".  Nesting deeper than ZW_TMPL_MAX_DEPTH is a
 * compile error; errors name the template and line.
 */
#ifndef ZW_TMPL_H
#define ZW_TMPL_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"

typedef struct zw_tmpl_set zw_tmpl_set;

zw_tmpl_set *zw_tmpl_set_new(void);
void zw_tmpl_set_free(zw_tmpl_set *s);
/* Compile one template.  On error: ZW_EINVAL and err = "name:line: why". */
int zw_tmpl_add(zw_tmpl_set *s, const char *name, const char *src, size_t n,
    char *err, size_t errlen);
/* Check that every partial and layout referenced exists (and no cycles). */
int zw_tmpl_link(zw_tmpl_set *s, char *err, size_t errlen);
/* Render; ZW_ENOTFOUND for an unknown name, ZW_ETOOBIG past out->max. */
int zw_tmpl_render(const zw_tmpl_set *s, const char *name, json_t *ctx,
    zw_buf *out);
/* Append s HTML-escaped. */
int zw_html_escape(zw_buf *out, const char *s, size_t n);

#endif
