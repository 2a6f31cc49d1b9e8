/*
 * sav_dump: reads an SPSS file with ReadStat's parser (not the writer that made
 * it) and prints everything the export tests check as one JSON object:
 *
 *   {"rows": N, "file_label": "...", "encoding": "...", "notes": ["..."],
 *    "variables": [{"name", "label", "type": "numeric"|"string", "format",
 *                   "measure", "labels": SET or null, "missing": [values]}],
 *    "labels": [[SET, value, "label"], ...],
 *    "data": [[value, ...], ...]}
 *
 * A system-missing number is null; a user-missing one is its value (the test
 * checks it against "missing"). usage: sav_dump FILE.sav
 */
#include <readstat.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each part is printed to its own memory stream (ReadStat calls the handlers in
 * an order of its own) and the whole object at the end. */
enum part { META, NOTES, VARS, LABELS, DATA, NPARTS };

struct dump {
        FILE *f[NPARTS];
        char *buf[NPARTS];
        size_t len[NPARTS];
        long row; /* the row being printed, -1 before the first */
};

static void json_str(FILE *f, const char *s)
{
        fputc('"', f);
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p == '"' || *p == '\\')
                        fprintf(f, "\\%c", *p);
                else if (*p < 0x20)
                        fprintf(f, "\\u%04x", *p);
                else
                        fputc(*p, f);
        }
        fputc('"', f);
}

static void json_value(FILE *f, readstat_value_t v)
{
        if (readstat_value_type_class(v) == READSTAT_TYPE_CLASS_STRING) {
                const char *s = readstat_string_value(v);
                json_str(f, s ? s : "");
                return;
        }
        if (readstat_value_is_system_missing(v)) {
                fputs("null", f);
                return;
        }
        double d = readstat_double_value(v);
        if (isnan(d))
                fputs("null", f);
        else
                fprintf(f, "%.17g", d);
}

static int on_metadata(readstat_metadata_t *m, void *ctx)
{
        struct dump *d = ctx;
        const char *label = readstat_get_file_label(m);
        const char *enc = readstat_get_file_encoding(m);
        fprintf(d->f[META], "\"rows\": %d, \"file_label\": ", readstat_get_row_count(m));
        json_str(d->f[META], label ? label : "");
        fprintf(d->f[META], ", \"encoding\": ");
        json_str(d->f[META], enc ? enc : "");
        return READSTAT_HANDLER_OK;
}

static int on_note(int i, const char *note, void *ctx)
{
        struct dump *d = ctx;
        fprintf(d->f[NOTES], "%s", ftell(d->f[NOTES]) ? ", " : "");
        json_str(d->f[NOTES], note);
        return READSTAT_HANDLER_OK;
}

static int on_variable(int index, readstat_variable_t *v, const char *set, void *ctx)
{
        struct dump *d = ctx;
        FILE *f = d->f[VARS];
        static const char *const measures[] = {"unknown", "nominal", "ordinal", "scale"};
        readstat_measure_t m = readstat_variable_get_measure(v);
        const char *label = readstat_variable_get_label(v);
        const char *format = readstat_variable_get_format(v);
        fprintf(f, "%s{\"name\": ", ftell(f) ? ",\n  " : "\n  ");
        json_str(f, readstat_variable_get_name(v));
        fprintf(f, ", \"label\": ");
        json_str(f, label ? label : "");
        fprintf(f, ", \"type\": \"%s\", \"format\": ",
                readstat_variable_get_type_class(v) == READSTAT_TYPE_CLASS_STRING ? "string"
                                                                                  : "numeric");
        json_str(f, format ? format : "");
        fprintf(f, ", \"measure\": \"%s\", \"labels\": ",
                m <= READSTAT_MEASURE_SCALE ? measures[m] : "unknown");
        if (set)
                json_str(f, set);
        else
                fputs("null", f);
        fprintf(f, ", \"missing\": [");
        int n = readstat_variable_get_missing_ranges_count(v);
        for (int i = 0; i < n; i++) {
                fprintf(f, "%s", i ? ", " : "");
                json_value(f, readstat_variable_get_missing_range_lo(v, i));
        }
        fprintf(f, "]}");
        return READSTAT_HANDLER_OK;
}

/* Value labels as a flat list of [set, value, label]. */
static int on_value_label(const char *set, readstat_value_t value, const char *label, void *ctx)
{
        struct dump *d = ctx;
        FILE *f = d->f[LABELS];
        fprintf(f, "%s[", ftell(f) ? ",\n  " : "\n  ");
        json_str(f, set);
        fprintf(f, ", ");
        json_value(f, value);
        fprintf(f, ", ");
        json_str(f, label);
        fprintf(f, "]");
        return READSTAT_HANDLER_OK;
}

static int on_value(int obs, readstat_variable_t *v, readstat_value_t value, void *ctx)
{
        struct dump *d = ctx;
        FILE *f = d->f[DATA];
        int i = readstat_variable_get_index(v);
        if (obs != d->row) {
                fprintf(f, "%s\n  [", d->row >= 0 ? "]," : "");
                d->row = obs;
        }
        fprintf(f, "%s", i ? ", " : "");
        json_value(f, value);
        return READSTAT_HANDLER_OK;
}

static void on_error(const char *msg, void *ctx)
{
        fprintf(stderr, "sav_dump: %s\n", msg);
}

int main(int argc, char **argv)
{
        if (argc != 2) {
                fprintf(stderr, "usage: sav_dump FILE.sav\n");
                return 2;
        }
        struct dump d = {.row = -1};
        for (int i = 0; i < NPARTS; i++)
                d.f[i] = open_memstream(&d.buf[i], &d.len[i]);
        readstat_parser_t *p = readstat_parser_init();
        readstat_set_metadata_handler(p, on_metadata);
        readstat_set_note_handler(p, on_note);
        readstat_set_variable_handler(p, on_variable);
        readstat_set_value_label_handler(p, on_value_label);
        readstat_set_value_handler(p, on_value);
        readstat_set_error_handler(p, on_error);
        readstat_error_t e = readstat_parse_sav(p, argv[1], &d);
        readstat_parser_free(p);
        if (d.row >= 0)
                fputs("]", d.f[DATA]);
        for (int i = 0; i < NPARTS; i++)
                fclose(d.f[i]);
        if (e == READSTAT_OK)
                printf("{%s,\n\"notes\": [%s],\n\"variables\": [%s],\n\"labels\": [%s],\n"
                       "\"data\": [%s\n]}\n",
                       d.buf[META], d.buf[NOTES], d.buf[VARS], d.buf[LABELS], d.buf[DATA]);
        else
                fprintf(stderr, "sav_dump: %s: %s\n", argv[1], readstat_error_message(e));
        for (int i = 0; i < NPARTS; i++)
                free(d.buf[i]);
        return e == READSTAT_OK ? 0 : 1;
}
