/*
 * utf8.h -- strict UTF-8 validation (no overlongs, no surrogates, no
 * code points past U+10FFFF) and character counting.
 */
#ifndef ZW_UTF8_H
#define ZW_UTF8_H

#include <stdbool.h>
#include <stddef.h>

bool zw_utf8_valid(const char *s, size_t n);
/* Number of code points (s must be valid). */
size_t zw_utf8_chars(const char *s, size_t n);
/* True if s has control characters other than \t \n \r. */
bool zw_utf8_has_controls(const char *s, size_t n);

#endif
