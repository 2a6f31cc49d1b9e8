/*
 * export: the responses for analysts, one row per response (or per answer), as
 * CSV (export_csv, here), an Excel workbook (export_xlsx.c) or an SPSS data file
 * (export_sav.c). The formats are siblings over one reader, export_rows, which
 * alone decides what an export may show, so every format leaves out the same:
 *
 *  - rows carry a running number, never the stored response id;
 *  - responses of a unit x wave group with fewer than min_group respondents are
 *    left out (and if only one group is, the smallest other with it), since a
 *    row of a tiny group is a person;
 *  - free-text answers only with include_free_text, and then only of groups of
 *    at least min_free_text (10; 20 for young carers).
 *
 * Wide exports have one column per item, one per option of a multiple-choice
 * item (1 when chosen), and free-text columns only when free text is included.
 */
#ifndef LYTT_EXPORT_H
#define LYTT_EXPORT_H

#include "dataset.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stdio.h>

struct export_options {
        bool long_shape; /* CSV only: a row per answer */
        bool include_free_text;
        bool norwegian;      /* CSV only: the Norwegian spreadsheet dialect */
        const char *db_path; /* the database the dataset came from */
        const char *wave;    /* the dataset's filter: only this wave, or NULL */
        const char *unit;    /* only this unit, or NULL */
        const char *lang;    /* xlsx, sav: texts and labels in "nb" (NULL), "nn" or "en" */
};

struct export_report {
        size_t rows_written;
        size_t rows_suppressed;  /* responses left out */
        size_t texts_suppressed; /* free-text answers left out (with include_free_text) */
        unsigned long min_group, min_free_text;
};

/* The fixed columns before the items, in this order. */
enum export_meta {
        EXPORT_UNIT,
        EXPORT_WAVE,
        EXPORT_PERIOD,
        EXPORT_LANG,
        EXPORT_VERSION, /* the questionnaire version the response was given on */
        EXPORT_NMETA
};

/* The name of a meta column ("unit", ...); the running number before them is "row". */
const char *export_meta_name(enum export_meta m);

/* A wide column. */
struct export_column {
        size_t col;    /* dataset column */
        int option;    /* multiple choice: the option index; otherwise -1 */
        char name[96]; /* item id, or "item.option" */
};

/* One answer as stored. */
struct export_answer {
        size_t col;        /* dataset column */
        const char *item;  /* item id */
        const char *value; /* "4", "dk", an option id, "yes", a number or the text */
};

/* One row an export may show. Everything is borrowed from the reader and valid
 * until its next call. */
struct export_row {
        unsigned long number;                /* 1, 2, ... in the order read */
        const char *meta[EXPORT_NMETA];      /* unit, wave, period, lang, questionnaire version */
        const struct export_answer *answers; /* in stored (form) order; texts only if allowed */
        size_t nanswers;
        const char *const *cells; /* per wide column: the value, "1" for a chosen option, or NULL */
};

/* The reader: the rows of the dataset's survey (and filter) in the database, with
 * the rules above applied. All passes read one snapshot of the database. */
struct export_rows;

/* Opens the database read-only and decides the groups. Returns 0 and *out (free
 * with export_rows_free()), or -1 with err. */
int export_rows_open(const struct dataset *ds, const struct export_options *o,
                     struct export_rows **out, struct lytt_error *err);

/* The wide columns (borrowed; n receives the count). */
const struct export_column *export_rows_columns(const struct export_rows *rs, size_t *n);

/* 1 and the next row in *row, 0 at the end, or -1 with err. */
int export_rows_next(struct export_rows *rs, struct export_row *row, struct lytt_error *err);

/* Starts again at the first row (same snapshot, same rows); the counts start over. */
int export_rows_rewind(struct export_rows *rs, struct lytt_error *err);

/* What the pass so far wrote and left out. */
void export_rows_report(const struct export_rows *rs, struct export_report *rep);

/* Frees everything; NULL is a no-op. */
void export_rows_free(struct export_rows *rs);

/* The index of language lang (NULL: nb) in the questionnaire version that defines
 * column c (dataset_item()'s texts are in that version's languages); 0 if it has none. */
int export_column_lang(const struct dataset *ds, size_t c, const char *lang);

/* Appends the question text of a wide column to out, in language lang (NULL: nb): the item's
 * text, and for an option of a multiple-choice item " – " and the option's label. */
void export_column_text(const struct dataset *ds, const struct export_column *col, const char *lang,
                        struct strbuf *out);

/* Writes the responses of ds (its filter) from the database as CSV to f. Returns 0,
 * or -1 with err. */
int export_csv(const struct dataset *ds, const struct export_options *o, FILE *f,
               struct export_report *rep, struct lytt_error *err);

/* Writes an Excel workbook (.xlsx) to path (removed again on failure): a sheet "responses" (the
 * wide rows, numbers as numbers, item ids and then question texts as two header rows) and a sheet
 * "codebook" (each column's item, type, question, domain, reverse flag, values and their labels,
 * don't-know code). Returns 0, or -1 with err. */
int export_xlsx(const struct dataset *ds, const struct export_options *o, const char *path,
                struct export_report *rep, struct lytt_error *err);

/* Writes an SPSS data file (.sav) to f: a variable per wide column, named after the
 * item id (SPSS-safe), labelled with the question text, with value labels and
 * don't know as a user-missing code (see export_sav.c). Reads the rows twice.
 * Returns 0, or -1 with err. */
int export_sav(const struct dataset *ds, const struct export_options *o, FILE *f,
               struct export_report *rep, struct lytt_error *err);

#endif
