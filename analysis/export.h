/*
 * export: the responses as CSV for analysts, wide (a row per response) or long
 * (a row per answer), UTF-8, in the plain or the Norwegian spreadsheet dialect.
 *
 * Rows carry a running number, never the stored response id. Responses of a
 * unit x wave group with fewer than min_group respondents are left out (and if
 * only one group is, the smallest other with it), since a row of a tiny group
 * is a person. Free-text answers only with include_free_text, and then only of
 * groups of at least min_free_text (10; 20 for young carers).
 */
#ifndef LYTT_EXPORT_H
#define LYTT_EXPORT_H

#include "dataset.h"

#include <stdbool.h>
#include <stdio.h>

struct export_options {
        bool long_shape;
        bool include_free_text;
        bool norwegian;
        const char *db_path; /* the database the dataset came from */
        const char *wave;    /* the dataset's filter: only this wave, or NULL */
        const char *unit;    /* only this unit, or NULL */
};

struct export_report {
        size_t rows_written;
        size_t rows_suppressed;  /* responses left out */
        size_t texts_suppressed; /* free-text answers left out (with include_free_text) */
        unsigned long min_group, min_free_text;
};

/* Writes the responses of ds (its filter) from the database. Returns 0, or -1 with err. */
int export_csv(const struct dataset *ds, const struct export_options *o, FILE *f,
               struct export_report *rep, struct lytt_error *err);

#endif
