/*
 * export: the responses for analysts, one row per response (or per answer), as
 * CSV (export_csv, here), an Excel workbook (export_xlsx.c) or an SPSS data file
 * (export_sav.c). The formats are siblings over one reader, export_rows, which
 * alone decides what an export may show, so every format shows the same.
 *
 * A row carries a running number (never the stored response id), its unit, wave,
 * language and questionnaire version, and its answers. The time of answering is
 * coarsened to the wave: no period column. The quasi-identifiers of a row are
 * its unit, wave, language, questionnaire version and background answers (every
 * single-choice and yes/no item, as `summary --by` groups them). PRODUCT.md §2:
 * no combination of them shared by fewer than min_group rows leaves the tool.
 * The reader decides, once per database state, over every response of the
 * survey (whatever the filter), in three steps:
 *
 *  1. names: a row shows its unit only where the disclosure gate shows its unit x
 *     wave with answer points (disclosure_size(): DISCLOSE_POINTS), its wave only
 *     where the gate shows the wave so (else the unit is blanked too). A shown
 *     unit x wave shows a background question on all its rows or on none: on all
 *     where the gate shows every category somebody chose with answer points, and
 *     showing it blanks at most a tenth of the pair's item answers (the item rule
 *     below; questions weighed in questionnaire order);
 *  2. k-anonymity: while a combination of the shown quasi-identifiers is shared
 *     by fewer than min_group rows, each such row blanks one more of its
 *     language, version or background answers, the one whose value is least
 *     frequent over all rows (local suppression, rarest value first; ties: the
 *     earliest column), and the combinations are counted again;
 *  3. a row whose combination is still too rare with all of those blank is
 *     withheld (not written; counted).
 *
 * Item answers (scale and yes/no items, what disclosure_item() publishes per group)
 * are decided per cell: a row shows its answer to an item only where the gate shows
 * that item's answer points (DISCLOSE_POINTS) for the row's shown unit x wave and
 * for every category group of the background questions the pair shows (a row whose
 * unit or wave is blanked shows none: no table publishes that pool), and its don't know or
 * "not answered" only where the gate shows their counts (dkna_shown); otherwise
 * the cell is blanked. Rows so tell nothing about an item that the tables withhold,
 * and an item that some group shows only as buckets (a conditional item few answer,
 * one lowered to protect a neighbour) blanks only its own cells. Other items
 * (multiple choice, numbers, free text) have no per-group figures to follow.
 *
 * A blanked value is EXPORT_BLANKED ("*"), never the empty "not answered"; SPSS
 * has codebook_blanked_code() (user-missing) for it in numeric variables. The
 * decision depends on the rows and the gate alone (not on their order), and a
 * filtered export (wave, unit) is the subset of the whole export whose shown
 * unit and wave match the filter, with the whole export's row numbers: a row
 * whose unit is blanked is in no --unit export. Free-text answers only with
 * include_free_text, and then only of groups of rows with the same shown unit
 * and wave of at least min_free_text (10; 20 for young carers) in the whole
 * export.
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
        bool rows_withheld;      /* rows withheld (step 3) whose shown names match the filter:
                                    whether, never how many (that could be a hidden group's size) */
        size_t texts_suppressed; /* free-text answers left out (with include_free_text) */
        size_t values_blanked;   /* EXPORT_BLANKED cells written (meta, background and item
                                    columns) */
        unsigned long min_group, min_free_text;
};

/* The marker of a blanked value in CSV, xlsx and SPSS string variables. */
#define EXPORT_BLANKED "*"

/* The fixed columns before the items, in this order (all may be blanked). */
enum export_meta {
        EXPORT_UNIT,
        EXPORT_WAVE,
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
        const char *meta[EXPORT_NMETA];      /* unit, wave, lang, version, or EXPORT_BLANKED */
        const struct export_answer *answers; /* in column order; texts only if allowed; a blanked
                                                answer (of a background item answered or not; of
                                                another scale or yes/no item answered, or not
                                                answered where that count is withheld) has the
                                                value EXPORT_BLANKED */
        size_t nanswers;
        const char *const *cells; /* per wide column: the value, "1" for a chosen option,
                                     EXPORT_BLANKED, or NULL */
};

/* The reader: the rows of the dataset's survey (and filter) in the database, with
 * the rules above applied. The decision and all passes read one snapshot of the
 * database; the gate is the dataset's (ds->gate, over every response). */
struct export_rows;

/* Opens the database read-only, reads every response of the survey and decides
 * what each row shows (the three steps above). Returns 0 and *out (free with
 * export_rows_free()), or -1 with err. */
int export_rows_open(const struct dataset *ds, const struct export_options *o,
                     struct export_rows **out, struct lytt_error *err);

/* The wide columns (borrowed; n receives the count). */
const struct export_column *export_rows_columns(const struct export_rows *rs, size_t *n);

/* 1 and the next row in *row, 0 at the end, or -1 with err. */
int export_rows_next(struct export_rows *rs, struct export_row *row, struct lytt_error *err);

/* Starts again at the first row (same snapshot, same rows); the counts start over. */
int export_rows_rewind(struct export_rows *rs, struct lytt_error *err);

/* What the pass so far wrote, blanked and left out. */
void export_rows_report(const struct export_rows *rs, struct export_report *rep);

/* Blanked values the pass so far wrote in meta column m, and in wide column i. */
size_t export_rows_meta_blanked(const struct export_rows *rs, enum export_meta m);
size_t export_rows_column_blanked(const struct export_rows *rs, size_t i);

/* Whether a wide column may hold EXPORT_BLANKED: a single-choice, yes/no or scale item. */
bool export_column_blankable(const struct dataset *ds, const struct export_column *col);

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
 * don't-know code and blanked values; then the rule, the marker and the rows withheld). Returns
 * 0, or -1 with err. */
int export_xlsx(const struct dataset *ds, const struct export_options *o, const char *path,
                struct export_report *rep, struct lytt_error *err);

/* Writes an SPSS data file (.sav) to f: a variable per wide column, named after the
 * item id (SPSS-safe), labelled with the question text, with value labels and
 * don't know and blanked as user-missing codes, and notes saying what was blanked
 * and withheld (see export_sav.c). Reads the rows twice. Returns 0, or -1 with err. */
int export_sav(const struct dataset *ds, const struct export_options *o, FILE *f,
               struct export_report *rep, struct lytt_error *err);

#endif
