/*
 * form_cache: every fresh (empty) form page, rendered once at start-up.
 *
 * A fresh form depends only on the survey, the unit (or none), the language and
 * the text size, and the catalog never changes while the server runs; so each
 * is rendered and gzipped once and then served from memory. Forms shown again
 * with answers are never cached.
 */
#ifndef LYTT_FORM_CACHE_H
#define LYTT_FORM_CACHE_H

#include "survey_catalog.h"

#include <stdbool.h>
#include <stddef.h>

struct cached_page {
        const char *plain; /* the HTML */
        size_t plain_len;
        const char *gz; /* the same, gzipped, or NULL */
        size_t gz_len;
};

struct form_cache;

/* Renders every form of cat (borrowed; must outlive the cache). */
struct form_cache *form_cache_new(const struct survey_catalog *cat);

/* The fresh form for def (from the catalog), unit (NULL: the form that asks for
 * the unit), language index and text size; NULL if there is none. Borrowed. */
const struct cached_page *form_cache_get(const struct form_cache *fc, const struct survey_def *def,
                                         const struct survey_unit *unit, int lang, bool large);

/* Bytes held, for the record. */
size_t form_cache_bytes(const struct form_cache *fc);

/* Frees the cache; NULL is a no-op. */
void form_cache_free(struct form_cache *fc);

#endif
