/*
 * accept_language: picks the page language from an Accept-Language header.
 *
 * Only the language a carer's phone asks for decides; it is used for the page
 * being answered and never stored. "no" (Norwegian) means Bokmål, and region
 * subtags are ignored ("nn-NO" is nn).
 */
#ifndef LYTT_ACCEPT_LANGUAGE_H
#define LYTT_ACCEPT_LANGUAGE_H

#include <stddef.h>

/* Returns the index in codes[0..n) of the best language the header asks for
 * (highest q, then first listed), or -1 if it names none of them (or is NULL or
 * malformed). */
int accept_language_pick(const char *header, const char *const *codes, size_t n);

#endif
