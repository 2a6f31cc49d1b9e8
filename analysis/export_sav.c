/*
 * The SPSS export (export.h) on ReadStat's writer.
 *
 * Variables, in the order of the wide CSV:
 *  - row (numeric), then unit, wave, lang, questionnaire_version (strings; a blanked
 *    value is "*", declared user-missing);
 *  - scale items: the point's value, labelled with the points' labels;
 *  - single choice: 1..k in questionnaire order, labelled with the options;
 *  - yes/no: 1 yes, 0 no;
 *  - number items: the number;
 *  - multiple choice: one variable per option (item_option), 1 chosen, 0 not chosen,
 *    missing when no option of the item was chosen (stored alike with "not shown");
 *  - free text (only with include_free_text): strings as wide as the longest.
 * Don't know is codebook_dont_know_code() (99), labelled and declared user-missing;
 * so is a blanked value of a single-choice, yes/no or scale item,
 * codebook_blanked_code() (98). The document record says what the export blanked and withheld
 * (export.h): the rule, the markers, and per column that may be blanked how many values. Names are
 * the item ids made SPSS-safe: '-' and '.' become '_', a leading digit gets a 'v', reserved words a
 * trailing '_', at most 64 bytes, unique. Variable labels are the question texts in the chosen
 * language, cut to what SPSS keeps (255 bytes, value labels 120) at a character boundary.
 *
 * The row count and the blanked counts go in the file's header, so the rows are
 * read twice: once to count them and measure the strings, then to write them
 * (export_rows reads one snapshot of the database, so both passes see the same rows).
 */
#include "codebook.h"
#include "export.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SAV_NAME_MAX        64    /* bytes of a variable name */
#define SAV_LABEL_MAX       255   /* bytes of a variable label that SPSS keeps */
#define SAV_VALUE_LABEL_MAX 120   /* bytes of a value label */
#define SAV_STRING_MAX      32767 /* bytes of a string variable */
#define SAV_NOTE_MAX        80    /* bytes of a document line */

struct sav {
        readstat_writer_t *w;
        char (*names)[SAV_NAME_MAX + 1]; /* the names given so far */
        size_t nnames, alloc;
        readstat_label_set_t *chosen; /* 0/1 of the option variables, shared */
        int nsets;                    /* label sets made, to name the next */
};

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
        return fwrite(data, 1, len, ctx) == len ? (ssize_t)len : -1;
}

/* The length of s cut to at most max bytes, not inside a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t max)
{
        size_t n = strlen(s);
        if (n <= max)
                return n;
        while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
                max--;
        return max;
}

/* A copy of s cut as utf8_cut() does, in buf of size n (at least max + 1). */
static const char *cut(const char *s, size_t max, char *buf, size_t n)
{
        snprintf(buf, n, "%.*s", (int)utf8_cut(s, max), s);
        return buf;
}

static bool name_taken(const struct sav *s, const char *name)
{
        for (size_t i = 0; i < s->nnames; i++)
                if (strcasecmp(s->names[i], name) == 0)
                        return true;
        return false;
}

/* An SPSS-safe name for id, unique in the file (out has SAV_NAME_MAX + 1 bytes). */
static void sav_name(struct sav *s, const char *id, char *out)
{
        static const char *const reserved[] = {"all", "and", "by",  "eq", "ge", "gt",  "le",
                                               "lt",  "ne",  "not", "or", "to", "with"};
        char base[SAV_NAME_MAX + 1];
        size_t k = 0;
        if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z')))
                base[k++] = 'v'; /* a name starts with a letter */
        for (const char *p = id; *p && k < SAV_NAME_MAX; p++) {
                char c = *p;
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_';
                base[k++] = ok ? c : '_';
        }
        base[k] = '\0';
        for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
                if (strcasecmp(base, reserved[i]) == 0) {
                        base[k++] = '_';
                        base[k] = '\0';
                }
        snprintf(out, SAV_NAME_MAX + 1, "%s", base);
        for (unsigned i = 2; name_taken(s, out); i++) {
                char suffix[16];
                int sl = snprintf(suffix, sizeof(suffix), "_%u", i);
                size_t keep = k + (size_t)sl > SAV_NAME_MAX ? SAV_NAME_MAX - (size_t)sl : k;
                snprintf(out, SAV_NAME_MAX + 1, "%.*s%s", (int)keep, base, suffix);
        }
        s->names = xgrow(s->names, sizeof(*s->names), s->nnames + 1, &s->alloc);
        memcpy(s->names[s->nnames++], out, SAV_NAME_MAX + 1);
}

static readstat_variable_t *add_var(struct sav *s, const char *id, size_t string_width,
                                    const char *label, readstat_measure_t measure,
                                    const char *format)
{
        char name[SAV_NAME_MAX + 1], buf[SAV_LABEL_MAX + 1];
        sav_name(s, id, name);
        readstat_variable_t *v = readstat_add_variable(
            s->w, name, string_width ? READSTAT_TYPE_STRING : READSTAT_TYPE_DOUBLE, string_width);
        readstat_variable_set_label(v, cut(label, SAV_LABEL_MAX, buf, sizeof(buf)));
        readstat_variable_set_measure(v, measure);
        if (format)
                readstat_variable_set_format(v, format);
        if (string_width)
                readstat_variable_set_display_width(v, string_width < 40 ? (int)string_width : 40);
        return v;
}

static readstat_label_set_t *new_set(struct sav *s)
{
        char name[32];
        snprintf(name, sizeof(name), "labels%d", s->nsets++);
        return readstat_add_label_set(s->w, READSTAT_TYPE_DOUBLE, name);
}

static void add_label(readstat_label_set_t *set, double code, const char *label)
{
        char buf[SAV_VALUE_LABEL_MAX + 1];
        readstat_label_double_value(set, code, cut(label, SAV_VALUE_LABEL_MAX, buf, sizeof(buf)));
}

/* The variable of one wide column, with its value labels and missing code. */
static readstat_variable_t *column_var(struct sav *s, const struct dataset *ds,
                                       const struct export_column *col, size_t text_width,
                                       const char *lang)
{
        const struct survey_item *it = dataset_item(ds, col->col);
        int l = export_column_lang(ds, col->col, lang);
        struct strbuf label = STRBUF_INIT;
        export_column_text(ds, col, lang, &label);
        readstat_variable_t *v;
        if (col->option >= 0) {
                v = add_var(s, col->name, 0, label.buf, READSTAT_MEASURE_NOMINAL, "F1.0");
                if (!s->chosen) {
                        s->chosen = new_set(s);
                        add_label(s->chosen, 0, codebook_word(CODEBOOK_NOT_CHOSEN, lang));
                        add_label(s->chosen, 1, codebook_word(CODEBOOK_CHOSEN, lang));
                }
                readstat_variable_set_label_set(v, s->chosen);
        } else if (it->type == SURVEY_ITEM_TEXT) {
                size_t w = text_width ? text_width : 1;
                v = add_var(s, col->name, w, label.buf, READSTAT_MEASURE_NOMINAL, NULL);
        } else if (it->type == SURVEY_ITEM_NUMBER) {
                v = add_var(s, col->name, 0, label.buf, READSTAT_MEASURE_SCALE, "F8.0");
        } else {
                readstat_measure_t m = it->type == SURVEY_ITEM_SCALE ? READSTAT_MEASURE_ORDINAL
                                                                     : READSTAT_MEASURE_NOMINAL;
                v = add_var(s, col->name, 0, label.buf, m, "F3.0");
                size_t max = codebook_max_values(it);
                struct codebook_value *cv = xcalloc(max ? max : 1, sizeof(*cv));
                size_t n = codebook_values(it, l, lang, cv);
                readstat_label_set_t *set = new_set(s);
                for (size_t i = 0; i < n; i++) {
                        add_label(set, cv[i].code, cv[i].label);
                        if (cv[i].dont_know)
                                readstat_variable_add_missing_double_value(v, cv[i].code);
                }
                if (export_column_blankable(ds, col)) {
                        add_label(set, codebook_blanked_code(it),
                                  codebook_word(CODEBOOK_BLANKED, lang));
                        readstat_variable_add_missing_double_value(v, codebook_blanked_code(it));
                }
                readstat_variable_set_label_set(v, set);
                free(cv);
        }
        strbuf_release(&label);
        return v;
}

/* Lines of the file's document record: where it came from and what was left out,
 * blanked and withheld (the first pass's counts: as the second pass writes). */
static void add_notes(readstat_writer_t *w, const struct dataset *ds,
                      const struct export_options *o, const struct export_rows *rs)
{
        char line[SAV_NOTE_MAX + 1];
        struct export_report rep;
        size_t ncols;
        const struct export_column *cols = export_rows_columns(rs, &ncols);
        export_rows_report(rs, &rep);
        snprintf(line, sizeof(line), "Lytt: survey %s, questionnaire version %d (newest).",
                 ds->survey_id, ds->current->version);
        readstat_add_note(w, line);
        readstat_add_note(w, "Protection: no combination of unit, wave, lang, questionnaire");
        snprintf(line, sizeof(line), "version and background answers is shared by under %lu rows.",
                 rep.min_group);
        readstat_add_note(w, line);
        readstat_add_note(w, "Background: every single-choice and yes/no item. Names only where");
        readstat_add_note(w, "the tables show points; then the rarest values blanked first.");
        readstat_add_note(w, "Answers: shown where the tables show that item's answer points");
        readstat_add_note(w, "for the row's group (its unit and wave); don't know and not");
        readstat_add_note(w, "answered only where the tables show their counts; else blanked.");
        snprintf(line, sizeof(line),
                 "Blanked: \"%s\" in strings, 98 (998 if 98 is a value) in numbers.",
                 EXPORT_BLANKED);
        readstat_add_note(w, line);
        readstat_add_note(w, rep.rows_withheld
                                 ? "Withheld: some rows, too rare even with all of that blank."
                                 : "Withheld: no rows.");
        readstat_add_note(w, "Period: not exported; the time of answering is only the wave.");
        readstat_add_note(w, "Rows whose unit or wave is blanked are in no --unit/--wave export.");
        for (int m = 0; m < EXPORT_NMETA; m++) {
                snprintf(line, sizeof(line), "Blanked in %s: %zu",
                         export_meta_name((enum export_meta)m),
                         export_rows_meta_blanked(rs, (enum export_meta)m));
                readstat_add_note(w, line);
        }
        for (size_t i = 0; i < ncols; i++)
                if (export_column_blankable(ds, &cols[i])) {
                        snprintf(line, sizeof(line), "Blanked in %.40s: %zu", cols[i].name,
                                 export_rows_column_blanked(rs, i));
                        readstat_add_note(w, line);
                }
        if (o->include_free_text)
                snprintf(line, sizeof(line), "Free text: only of groups of at least %lu.",
                         rep.min_free_text);
        else
                snprintf(line, sizeof(line), "Free text: not included.");
        readstat_add_note(w, line);
        readstat_add_note(w, "Don't know: 99 (999 on a scale with a point 99), user-missing.");
        readstat_add_note(w, "Multiple choice: 1 chosen, 0 not, missing if none was chosen.");
}

/* The first pass: rows, and the widest value of each string variable (the reader is
 * left at the end, for its counts). */
static int measure(struct export_rows *rs, size_t ncols, const struct dataset *ds,
                   const struct export_column *cols, size_t *meta_w, size_t *text_w, long *nrows,
                   struct lytt_error *err)
{
        struct export_row row;
        int step;
        *nrows = 0;
        while ((step = export_rows_next(rs, &row, err)) == 1) {
                (*nrows)++;
                for (int m = 0; m < EXPORT_NMETA; m++) {
                        size_t n = strlen(row.meta[m]);
                        if (n > meta_w[m])
                                meta_w[m] = n;
                }
                for (size_t i = 0; i < ncols; i++) {
                        if (!row.cells[i] || cols[i].option >= 0 ||
                            dataset_item(ds, cols[i].col)->type != SURVEY_ITEM_TEXT)
                                continue;
                        size_t n = utf8_cut(row.cells[i], SAV_STRING_MAX);
                        if (n > text_w[i])
                                text_w[i] = n;
                }
        }
        return step < 0 ? -1 : 0;
}

/* One string value, cut to the variable's width. */
static readstat_error_t put_string(readstat_writer_t *w, const readstat_variable_t *v,
                                   const char *s, size_t width)
{
        if (strlen(s) <= width)
                return readstat_insert_string_value(w, v, s);
        char *copy = xstrndup(s, utf8_cut(s, width));
        readstat_error_t e = readstat_insert_string_value(w, v, copy);
        free(copy);
        return e;
}

/* One wide cell. first is the item's first column (options of an item are adjacent). */
static readstat_error_t put_cell(readstat_writer_t *w, const readstat_variable_t *v,
                                 const struct dataset *ds, const struct export_column *cols,
                                 size_t i, size_t first, const char *const *cells, size_t width)
{
        const struct survey_item *it = dataset_item(ds, cols[i].col);
        if (cols[i].option >= 0) {
                bool answered = false;
                for (size_t j = first; j < first + it->noptions; j++)
                        answered = answered || cells[j];
                if (!answered)
                        return readstat_insert_missing_value(w, v);
                return readstat_insert_double_value(w, v, cells[i] ? 1 : 0);
        }
        if (it->type == SURVEY_ITEM_TEXT)
                return put_string(w, v, cells[i] ? cells[i] : "", width);
        if (cells[i] && export_column_blankable(ds, &cols[i]) &&
            strcmp(cells[i], EXPORT_BLANKED) == 0)
                return readstat_insert_double_value(w, v, codebook_blanked_code(it));
        double code;
        if (!cells[i] || codebook_code(it, cells[i], &code) < 0)
                return readstat_insert_missing_value(w, v);
        return readstat_insert_double_value(w, v, code);
}

int export_sav(const struct dataset *ds, const struct export_options *o, FILE *f,
               struct export_report *rep, struct lytt_error *err)
{
        static const enum codebook_word meta_words[EXPORT_NMETA] = {
            CODEBOOK_UNIT, CODEBOOK_WAVE, CODEBOOK_LANG, CODEBOOK_VERSION};
        const char *lang = o->lang ? o->lang : "nb";
        struct export_rows *rs;
        struct sav s = {0};
        int rc = -1;
        readstat_error_t e = READSTAT_OK;
        memset(rep, 0, sizeof(*rep));
        if (export_rows_open(ds, o, &rs, err) < 0)
                return -1;
        size_t ncols;
        const struct export_column *cols = export_rows_columns(rs, &ncols);
        size_t meta_w[EXPORT_NMETA] = {0};
        size_t *text_w = xcalloc(ncols ? ncols : 1, sizeof(size_t));
        size_t *first = xcalloc(ncols ? ncols : 1, sizeof(size_t));
        readstat_variable_t **vars = xcalloc(ncols ? ncols : 1, sizeof(*vars));
        readstat_variable_t *meta_vars[EXPORT_NMETA];
        long nrows;
        if (measure(rs, ncols, ds, cols, meta_w, text_w, &nrows, err) < 0)
                goto out;

        s.w = readstat_writer_init();
        readstat_set_data_writer(s.w, write_bytes);
        char label[65];
        snprintf(label, sizeof(label), "Lytt: %s", ds->survey_id);
        readstat_writer_set_file_label(s.w, label);
        readstat_writer_set_compression(s.w, READSTAT_COMPRESS_ROWS);
        add_notes(s.w, ds, o, rs);
        if (export_rows_rewind(rs, err) < 0)
                goto out;
        readstat_variable_t *row_var = add_var(&s, "row", 0, codebook_word(CODEBOOK_ROW, lang),
                                               READSTAT_MEASURE_SCALE, "F8.0");
        for (int m = 0; m < EXPORT_NMETA; m++) {
                meta_vars[m] =
                    add_var(&s, export_meta_name((enum export_meta)m), meta_w[m] ? meta_w[m] : 1,
                            codebook_word(meta_words[m], lang), READSTAT_MEASURE_NOMINAL, NULL);
                readstat_variable_add_missing_string_value(meta_vars[m], EXPORT_BLANKED);
        }
        for (size_t i = 0; i < ncols; i++) {
                first[i] = i > 0 && cols[i].option > 0 ? first[i - 1] : i;
                vars[i] = column_var(&s, ds, &cols[i], text_w[i], lang);
        }
        if ((e = readstat_begin_writing_sav(s.w, f, nrows)) != READSTAT_OK)
                goto out;

        struct export_row row;
        int step;
        while ((step = export_rows_next(rs, &row, err)) == 1) {
                if ((e = readstat_begin_row(s.w)) != READSTAT_OK ||
                    (e = readstat_insert_double_value(s.w, row_var, (double)row.number)) !=
                        READSTAT_OK)
                        goto out;
                for (int m = 0; m < EXPORT_NMETA && e == READSTAT_OK; m++)
                        e = put_string(s.w, meta_vars[m], row.meta[m], meta_w[m] ? meta_w[m] : 1);
                for (size_t i = 0; i < ncols && e == READSTAT_OK; i++)
                        e = put_cell(s.w, vars[i], ds, cols, i, first[i], row.cells, text_w[i]);
                if (e != READSTAT_OK || (e = readstat_end_row(s.w)) != READSTAT_OK)
                        goto out;
        }
        if (step < 0)
                goto out;
        if ((e = readstat_end_writing(s.w)) != READSTAT_OK)
                goto out;
        export_rows_report(rs, rep);
        rc = ferror(f) ? -1 : 0;
        if (rc < 0)
                lytt_error_set(err, NULL, 0, "write error");
out:
        if (e != READSTAT_OK)
                lytt_error_set(err, NULL, 0, "writing the SPSS file: %s",
                               readstat_error_message(e));
        readstat_writer_free(s.w);
        free(s.names);
        free(vars);
        free(first);
        free(text_w);
        export_rows_free(rs);
        return rc;
}
