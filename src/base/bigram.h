/*
 * bigram.h -- text to search tokens for full-text search of Chinese.
 *
 * Chinese has no spaces between words, and neither SQLite's FTS5
 * tokenizers nor PostgreSQL's `simple` configuration segment it.  So
 * the text is cut into overlapping pairs of characters (二元切分):
 * "行政审批局" -> "行政 政审 审批 批局".  A two-character query is then
 * one token, and a longer query is the AND of its pairs.  Runs of ASCII
 * letters and digits are words of their own, lowercased ("SM2签名" ->
 * "sm2 签名"); full-width letters and digits count as ASCII ("ＡＢ１２"
 * -> "ab12").  Everything else (punctuation, spaces, kana, Latin with
 * accents) separates tokens.
 *
 * One character alone: a run of one CJK character is emitted as itself.
 * A one-character query is matched as a prefix (FTS5 `"审"*`,
 * PostgreSQL `'审':*`), which finds every pair that starts with it.  So
 * that it also finds a character that only ends a run ("初审"), the
 * index form, zw_bigram_index(), adds the last character of every run
 * of two or more as a token of its own ("初审" -> "初审 审").  Queries
 * use zw_bigram_tokens() (no such tail), so that "审批" stays one token.
 */
#ifndef ZW_BIGRAM_H
#define ZW_BIGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/limits.h"
#include "base/buf.h"


/*
 * Append the tokens of [text, text+n) to out, each preceded by a space
 * when out is not empty.  Bytes that are not UTF-8 separate tokens.
 * Returns ZW_OK (also when ZW_BIGRAM_MAX_TOKENS cut the text short),
 * or ZW_ETOOBIG when out reached its maximum: out then holds the whole
 * tokens that fitted.
 */
int zw_bigram_tokens(const char *text, size_t n, zw_buf *out);
/* The same, plus the last character of every CJK run of two or more
 * (see above): the form stored in the index. */
int zw_bigram_index(const char *text, size_t n, zw_buf *out);

/*
 * The match expression of query tokens toks (from zw_bigram_tokens):
 * the AND of the tokens, a one-character CJK token as a prefix.  FTS5
 * `"a" "b"*`, or with pg a tsquery `'a' & 'b':*`.  The tokens hold only
 * CJK characters and [a-z0-9], so they never carry FTS5 or tsquery
 * syntax.  OUT: m; *first, *nfirst: the first token (to place a
 * snippet).  ZW_ETOOBIG when m is full.
 */
int zw_bigram_match(const char *toks, bool pg, zw_buf *m, const char **first,
    size_t *nfirst);

#endif
