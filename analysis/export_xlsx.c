/*
 * The xlsx export (export.h) on libxlsxwriter.
 *
 * Sheet "responses": the rows and columns of the wide CSV, cell for cell, with
 * numbers as numbers (the running number, the questionnaire version, scale points,
 * whole-number answers and the 1 of a chosen option) and everything else as text
 * ("dk", option ids, "yes"/"no", free text, the blanked marker "*"). Row 1 holds the
 * column names as in the CSV, row 2 the question texts in the chosen language; the
 * data starts on row 3.
 *
 * Sheet "codebook": a row per column of "responses" with its item, type, question,
 * domain, reverse flag, the values with their labels, the don't-know code, and for
 * a column that may be blanked how many of its values are; then, after an empty
 * row, what the export did (export.h): rows keyed in column A "rule", "marker",
 * "period", "filter" (the text in column D) and "min_group", "rows_withheld" (the
 * number in column B, a label in column D).
 *
 * The workbook is written in libxlsxwriter's constant-memory mode (a row at a time
 * to a temporary file), so large exports stay small in memory.
 */
#include "codebook.h"
#include "export.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

struct xlsx {
        lxw_workbook *wb;
        lxw_format *head, *question, *wrap;
        lxw_error first; /* the first error of a write, reported at the end */
};

static void note(struct xlsx *x, lxw_error e)
{
        if (e != LXW_NO_ERROR && x->first == LXW_NO_ERROR)
                x->first = e;
}

static void put_str(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                    lxw_format *fmt)
{
        if (s && *s)
                note(x, worksheet_write_string(ws, r, c, s, fmt));
}

/* A whole number as a number; anything else (e.g. "dk") as text. */
static void put_value(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                      bool numeric)
{
        char *end;
        long v = numeric ? strtol(s, &end, 10) : 0;
        if (numeric && *s && !*end)
                note(x, worksheet_write_number(ws, r, c, (double)v, NULL));
        else
                put_str(x, ws, r, c, s, NULL);
}

/* Whether a column's answers are written as numbers. */
static bool numeric_column(const struct dataset *ds, const struct export_column *col)
{
        enum survey_item_type t = dataset_item(ds, col->col)->type;
        return col->option >= 0 || t == SURVEY_ITEM_SCALE || t == SURVEY_ITEM_NUMBER;
}

static void responses_header(struct xlsx *x, lxw_worksheet *ws, const struct dataset *ds,
                             const struct export_column *cols, size_t ncols, const char *lang)
{
        static const enum codebook_word meta_words[EXPORT_NMETA] = {
            CODEBOOK_UNIT, CODEBOOK_WAVE, CODEBOOK_LANG, CODEBOOK_VERSION};
        struct strbuf sb = STRBUF_INIT;
        put_str(x, ws, 0, 0, "row", x->head);
        for (int m = 0; m < EXPORT_NMETA; m++)
                put_str(x, ws, 0, (lxw_col_t)(1 + m), export_meta_name((enum export_meta)m),
                        x->head);
        for (size_t i = 0; i < ncols; i++)
                put_str(x, ws, 0, (lxw_col_t)(1 + EXPORT_NMETA + i), cols[i].name, x->head);
        put_str(x, ws, 1, 0, codebook_word(CODEBOOK_ROW, lang), x->question);
        for (int m = 0; m < EXPORT_NMETA; m++)
                put_str(x, ws, 1, (lxw_col_t)(1 + m), codebook_word(meta_words[m], lang),
                        x->question);
        for (size_t i = 0; i < ncols; i++) {
                strbuf_reset(&sb);
                export_column_text(ds, &cols[i], lang, &sb);
                put_str(x, ws, 1, (lxw_col_t)(1 + EXPORT_NMETA + i), sb.buf, x->question);
        }
        strbuf_release(&sb);
        note(x, worksheet_set_row(ws, 1, 60, NULL));
        note(x, worksheet_set_column(ws, 0, EXPORT_NMETA, 12, NULL));
        if (ncols)
                note(x, worksheet_set_column(ws, 1 + EXPORT_NMETA,
                                             (lxw_col_t)(EXPORT_NMETA + ncols), 16, NULL));
        worksheet_freeze_panes(ws, 2, 1);
}

/* The codebook's row for one column of "responses". */
static void codebook_row(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, const struct dataset *ds,
                         const struct export_column *col, size_t blanked, const char *lang)
{
        const struct survey_item *it = dataset_item(ds, col->col);
        int l = export_column_lang(ds, col->col, lang);
        struct strbuf sb = STRBUF_INIT, dk = STRBUF_INIT;
        put_str(x, ws, r, 0, col->name, NULL);
        put_str(x, ws, r, 1, it->id, NULL);
        put_str(x, ws, r, 2, survey_item_type_name(it->type), NULL);
        export_column_text(ds, col, lang, &sb);
        put_str(x, ws, r, 3, sb.buf, x->wrap);
        if (it->domain) {
                put_str(x, ws, r, 4, it->domain->id, NULL);
                put_str(x, ws, r, 5, survey_text_get(&it->domain->title, l), NULL);
        }
        if (it->type == SURVEY_ITEM_SCALE)
                note(x, worksheet_write_boolean(ws, r, 6, it->reverse, NULL));
        strbuf_reset(&sb);
        if (col->option >= 0) {
                strbuf_addf(&sb, "1 = %s", codebook_word(CODEBOOK_CHOSEN, lang));
        } else if (it->type == SURVEY_ITEM_NUMBER) {
                strbuf_addf(&sb, "%ld–%ld", it->min, it->max);
                if (it->has_suffix)
                        strbuf_addf(&sb, " %s", survey_text_get(&it->suffix, l));
        } else {
                size_t max = codebook_max_values(it);
                struct codebook_value *v = xcalloc(max ? max : 1, sizeof(*v));
                size_t n = codebook_values(it, l, lang, v);
                for (size_t i = 0; i < n; i++) {
                        struct strbuf *to = v[i].dont_know ? &dk : &sb;
                        strbuf_addf(to, "%s%s = %s", to->len ? "\n" : "", v[i].value, v[i].label);
                }
                free(v);
        }
        put_str(x, ws, r, 7, sb.buf, x->wrap);
        put_str(x, ws, r, 8, dk.buf, NULL);
        if (export_column_blankable(ds, col))
                note(x, worksheet_write_number(ws, r, 9, (double)blanked, NULL));
        strbuf_release(&sb);
        strbuf_release(&dk);
}

/* The rows after the columns: what the export blanked and withheld, and why. */
static void protection_notes(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r,
                             const struct export_report *rep, const char *lang)
{
        static const struct {
                const char *key;
                enum codebook_word word;
        } notes[] = {{"rule", CODEBOOK_RULE},           {"marker", CODEBOOK_BLANKED},
                     {"period", CODEBOOK_COARSENED},    {"filter", CODEBOOK_FILTERED},
                     {"min_group", CODEBOOK_MIN_GROUP}, {"rows_withheld", CODEBOOK_WITHHELD}};
        struct strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++, r++) {
                strbuf_reset(&sb);
                if (notes[i].word == CODEBOOK_BLANKED)
                        strbuf_addstr(&sb, EXPORT_BLANKED " = ");
                strbuf_addstr(&sb, codebook_word(notes[i].word, lang));
                put_str(x, ws, r, 0, notes[i].key, x->head);
                put_str(x, ws, r, 3, sb.buf, x->wrap);
                if (notes[i].word == CODEBOOK_MIN_GROUP)
                        note(x, worksheet_write_number(ws, r, 1, (double)rep->min_group, NULL));
                else if (notes[i].word == CODEBOOK_WITHHELD)
                        put_str(x, ws, r, 1, rep->rows_withheld ? "yes" : "no", NULL);
        }
        strbuf_release(&sb);
}

static void codebook_sheet(struct xlsx *x, lxw_worksheet *ws, const struct dataset *ds,
                           const struct export_rows *rs, const struct export_report *rep,
                           const char *lang)
{
        static const char *const head[] = {"column",    "item",         "type",    "question",
                                           "domain",    "domain_title", "reverse", "values",
                                           "dont_know", "blanked"};
        static const enum codebook_word meta_words[EXPORT_NMETA] = {
            CODEBOOK_UNIT, CODEBOOK_WAVE, CODEBOOK_LANG, CODEBOOK_VERSION};
        size_t ncols;
        const struct export_column *cols = export_rows_columns(rs, &ncols);
        for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
                put_str(x, ws, 0, (lxw_col_t)i, head[i], x->head);
        note(x, worksheet_set_column(ws, 0, 2, 18, NULL));
        note(x, worksheet_set_column(ws, 3, 3, 60, NULL));
        note(x, worksheet_set_column(ws, 4, 6, 14, NULL));
        note(x, worksheet_set_column(ws, 7, 7, 40, NULL));
        note(x, worksheet_set_column(ws, 8, 9, 28, NULL));
        worksheet_freeze_panes(ws, 1, 1);
        lxw_row_t r = 1;
        put_str(x, ws, r, 0, "row", NULL);
        put_str(x, ws, r++, 3, codebook_word(CODEBOOK_ROW, lang), x->wrap);
        for (int m = 0; m < EXPORT_NMETA; m++, r++) {
                put_str(x, ws, r, 0, export_meta_name((enum export_meta)m), NULL);
                put_str(x, ws, r, 3, codebook_word(meta_words[m], lang), x->wrap);
                note(x, worksheet_write_number(
                            ws, r, 9, (double)export_rows_meta_blanked(rs, (enum export_meta)m),
                            NULL));
                if (m != EXPORT_UNIT)
                        continue;
                /* The units' names, as the newest questionnaire has them. */
                const struct survey_def *def = ds->current;
                int l = survey_def_lang(def, lang);
                struct strbuf sb = STRBUF_INIT;
                for (size_t u = 0; u < def->nunits; u++)
                        strbuf_addf(&sb, "%s%s = %s", u ? "\n" : "", def->units[u].id,
                                    survey_text_get(&def->units[u].name, l < 0 ? 0 : l));
                put_str(x, ws, r, 7, sb.buf, x->wrap);
                strbuf_release(&sb);
        }
        for (size_t i = 0; i < ncols; i++)
                codebook_row(x, ws, r++, ds, &cols[i], export_rows_column_blanked(rs, i), lang);
        protection_notes(x, ws, r + 1, rep, lang);
}

int export_xlsx(const struct dataset *ds, const struct export_options *o, const char *path,
                struct export_report *rep, struct lytt_error *err)
{
        const char *lang = o->lang ? o->lang : "nb";
        struct export_rows *rs = NULL;
        struct xlsx x = {0};
        int rc = -1;
        memset(rep, 0, sizeof(*rep));
        /* libxlsxwriter creates the file only when closing, and says why it could not
         * on stderr: find out first, so the reason reaches the caller instead. */
        FILE *probe = fopen(path, "wb");
        if (!probe) {
                lytt_error_set(err, NULL, 0, "cannot write %s", path);
                return -1;
        }
        fclose(probe);
        if (export_rows_open(ds, o, &rs, err) < 0)
                return -1;
        lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = 0};
        x.wb = workbook_new_opt(path, &opt);
        if (!x.wb) {
                lytt_error_set(err, NULL, 0, "cannot create the workbook %s", path);
                goto out;
        }
        x.head = workbook_add_format(x.wb);
        format_set_bold(x.head);
        x.question = workbook_add_format(x.wb);
        format_set_italic(x.question);
        format_set_text_wrap(x.question);
        format_set_align(x.question, LXW_ALIGN_VERTICAL_TOP);
        x.wrap = workbook_add_format(x.wb);
        format_set_text_wrap(x.wrap);
        format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);
        lxw_worksheet *ws = workbook_add_worksheet(x.wb, "responses");
        lxw_worksheet *cb = workbook_add_worksheet(x.wb, "codebook");

        size_t ncols;
        const struct export_column *cols = export_rows_columns(rs, &ncols);
        if (1 + EXPORT_NMETA + ncols > LXW_COL_MAX) {
                lytt_error_set(err, NULL, 0, "%zu columns: more than a worksheet holds", ncols);
                goto out;
        }
        bool *numeric = xcalloc(ncols ? ncols : 1, sizeof(bool));
        for (size_t i = 0; i < ncols; i++)
                numeric[i] = numeric_column(ds, &cols[i]);
        responses_header(&x, ws, ds, cols, ncols, lang);

        struct export_row row;
        int step;
        lxw_row_t r = 2;
        while ((step = export_rows_next(rs, &row, err)) == 1) {
                if (r >= LXW_ROW_MAX) {
                        lytt_error_set(err, NULL, 0, "more rows than a worksheet holds");
                        step = -1;
                        break;
                }
                note(&x, worksheet_write_number(ws, r, 0, (double)row.number, NULL));
                for (int m = 0; m < EXPORT_NMETA; m++)
                        put_value(&x, ws, r, (lxw_col_t)(1 + m), row.meta[m], m == EXPORT_VERSION);
                for (size_t i = 0; i < ncols; i++)
                        if (row.cells[i])
                                put_value(&x, ws, r, (lxw_col_t)(1 + EXPORT_NMETA + i),
                                          row.cells[i], numeric[i]);
                r++;
        }
        free(numeric);
        if (step < 0)
                goto out;
        export_rows_report(rs, rep);
        codebook_sheet(&x, cb, ds, rs, rep, lang);
        rc = 0;
out:;
        lxw_error e = x.wb ? workbook_close(x.wb) : LXW_NO_ERROR;
        if (rc == 0 && (x.first != LXW_NO_ERROR || e != LXW_NO_ERROR)) {
                lytt_error_set(err, NULL, 0, "writing %s: %s", path,
                               lxw_strerror(x.first != LXW_NO_ERROR ? x.first : e));
                rc = -1;
        }
        export_rows_free(rs);
        if (rc < 0)
                remove(path); /* no half workbook that looks whole */
        return rc;
}
