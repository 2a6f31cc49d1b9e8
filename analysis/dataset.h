/*
 * dataset: one survey's responses, read from the database into memory for the
 * statistics.
 *
 * The questionnaire of each response is the version stored with it: the loader
 * parses every version's text from survey_versions, and each response keeps the
 * index of its version. Columns are the union of the item ids of all versions,
 * in the order of the newest version (items only in older versions follow).
 *
 * Answers are a dense matrix of int32 codes, one row per response and one column
 * per item (see enum dataset_code): scale items hold the point value, single
 * choice the option index, yes/no 0/1, numbers the number, multiple choice a
 * bit set of option indexes (at most 31 options); free text is not loaded (only
 * DATASET_TEXT, "answered"). The dataset is read-only once loaded.
 */
#ifndef LYTT_DATASET_H
#define LYTT_DATASET_H

#include "lytt_error.h"
#include "survey_def.h"

#include <stddef.h>
#include <stdint.h>

struct disclosure; /* disclosure.h */

enum dataset_code {
        DATASET_MISSING = INT32_MIN,       /* not answered, or not shown */
        DATASET_DONT_KNOW = INT32_MIN + 1, /* "dk" */
        DATASET_TEXT = INT32_MIN + 2,      /* a free-text answer exists */
};

struct dataset_column {
        char *id; /* item id */
        /* The item in each version (NULL where that version has no such item):
         * items[v] for v < ndefs. */
        const struct survey_item **items;
};

struct dataset {
        char *survey_id;
        char *db_path;            /* where it was read from */
        char *filter_wave;        /* the filter's wave, or NULL for all */
        char *filter_unit;        /* the filter's unit, or NULL for all */
        struct survey_def **defs; /* every stored version, oldest first (owned) */
        size_t ndefs;
        const struct survey_def *current; /* the newest version */
        struct dataset_column *cols;
        size_t ncols;
        size_t n;                                  /* responses */
        int32_t *values;                           /* n x ncols, row-major */
        uint16_t *version;                         /* per response: index into defs */
        uint16_t *unit, *wave, *period, *lang;     /* per response: index into the tables below */
        char **units, **waves, **periods, **langs; /* distinct values, sorted */
        size_t nunits, nwaves, nperiods, nlangs;
        /* For version v and domain d of the newest version: the columns whose item in
         * version v belongs to d, ending with SIZE_MAX (dataset_domain_columns()). */
        size_t **domain_cols;
        /* What may be published about this survey (disclosure.h), decided by
         * dataset_load() over every response of the survey whatever the filter, so
         * every filtered view reads the same decisions. Owned; never NULL after a
         * successful dataset_load(). */
        struct disclosure *gate;
};

/* What to load: all responses of survey_id, or only one wave / unit (NULL: all). */
struct dataset_filter {
        const char *survey_id;
        const char *wave;
        const char *unit;
};

/* Progress callback for long loads: called now and then with rows read so far and
 * the total (may be NULL). */
typedef void (*dataset_progress_fn)(size_t done, size_t total, void *arg);

/* Loads from the database at path (opened read-only; works while the server
 * writes). Returns 0 and *out (free with dataset_free()), or -1 with err. A
 * survey with no stored questionnaire is an error; one with no responses is not. */
int dataset_load(const char *db_path, const struct dataset_filter *filter,
                 dataset_progress_fn progress, void *arg, struct dataset **out,
                 struct lytt_error *err);

/* Frees everything; NULL is a no-op. */
void dataset_free(struct dataset *ds);

/* The value of response r in column c. */
static inline int32_t dataset_value(const struct dataset *ds, size_t r, size_t c)
{
        return ds->values[r * ds->ncols + c];
}

/* The column of an item id, or -1. */
int dataset_column(const struct dataset *ds, const char *item_id);

/* The columns of domain d (an index into ds->current->domains) in version v,
 * ending with SIZE_MAX. */
static inline const size_t *dataset_domain_columns(const struct dataset *ds, size_t v, size_t d)
{
        return ds->domain_cols[v * ds->current->ndomains + d];
}

/* The item of column c as the newest version that has it defines it (never NULL). */
const struct survey_item *dataset_item(const struct dataset *ds, size_t c);

/* The item of column c in the version of response r, or NULL. */
static inline const struct survey_item *dataset_item_of(const struct dataset *ds, size_t r,
                                                        size_t c)
{
        return ds->cols[c].items[ds->version[r]];
}

/* The code an answer string has for item (see the header comment); -1 with no
 * change to *out if the value is not one the item can take. */
int dataset_encode(const struct survey_item *item, const char *value, int32_t *out);

#endif
