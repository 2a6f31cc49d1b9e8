/*
 * survey_catalog: every questionnaire in a folder, loaded and checked together.
 *
 * The server serves a catalog; it never changes while the server runs. Files
 * are read in name order; two files with the same survey id are an error.
 */
#ifndef LYTT_SURVEY_CATALOG_H
#define LYTT_SURVEY_CATALOG_H

#include "survey_def.h"

struct survey_catalog {
        struct survey_def **defs; /* owned, sorted by file name */
        size_t n;
};

/* Loads every *.yaml file in dir. Returns 0 and a new catalog in *out (free with
 * survey_catalog_free()), or -1 with every problem in diags and *out NULL. A
 * folder without questionnaires is a problem too. */
int survey_catalog_load_dir(const char *dir, struct survey_catalog **out, struct lytt_diags *diags);

/* The definition with this id, or NULL. Borrowed. */
const struct survey_def *survey_catalog_find(const struct survey_catalog *cat, const char *id);

/* Frees the catalog and its definitions; NULL is a no-op. */
void survey_catalog_free(struct survey_catalog *cat);

#endif
