#include "chart_cmd.h"
#include "commands.h"
#include "audit_cmd.h"
#include "cli.h"
#include "load.h"
#include "compare.h"
#include "dataset.h"
#include "db.h"
#include "export.h"
#include "generate.h"
#include "opts.h"
#include "summary_out.h"
#include "trend.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2

static const char *const FORMATS[] = {"text", "csv", "json", NULL};
static const char *const CIS[] = {"wilson", "clopper-pearson", NULL};

/* ---- summary --------------------------------------------------------------------------- */

static int cmd_summary(int argc, char **argv)
{
        const char *db = NULL, *survey = NULL, *wave = NULL, *unit = NULL, *by = NULL, *out = NULL;
        int format = OUT_TEXT, ci = SUMMARY_CI_WILSON, status = 0;
        bool norwegian = false;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db, NULL, "FILE", "the database (read only)"},
            {"survey", OPT_STRING, &survey, NULL, "ID", "the survey"},
            {"wave", OPT_STRING, &wave, NULL, "W", "only this wave"},
            {"unit", OPT_STRING, &unit, NULL, "U", "only this unit"},
            {"by", OPT_STRING, &by, NULL, "G", "groups: unit, wave or a background item id"},
            {"format", OPT_CHOICE, &format, FORMATS, "F", "text (default), csv or json"},
            {"ci", OPT_CHOICE, &ci, CIS, "M", "wilson (default) or clopper-pearson"},
            {"spreadsheet-nb", OPT_FLAG, &norwegian, NULL, NULL,
             "CSV for spreadsheets set to Norwegian (;, decimal comma, BOM)"},
            {"out", OPT_STRING, &out, NULL, "FILE", "write here instead of standard output"},
        };
        const char *syn = "--db FILE --survey ID [--wave W] [--unit U] [--by unit|wave|ITEM] "
                          "[--format text|csv|json]";
        if (!cli_parse("lytt-analyze", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-analyze", argv[0], db, "db", &status) ||
            !cli_require("lytt-analyze", argv[0], survey, "survey", &status))
                return status;
        struct dataset *ds = load_dataset(argv[0], db, survey, wave, unit);
        if (!ds)
                return 1;
        struct summary_options so = {by, (enum summary_ci)ci, 0.95};
        struct summary *s;
        struct lytt_error err;
        if (summary_compute(ds, &so, &s, &err) < 0) {
                fprintf(stderr, "lytt-analyze summary: %s\n", err.msg);
                dataset_free(ds);
                return EXIT_USAGE;
        }
        FILE *f = cli_open_out(ANALYZE, argv[0], out);
        int rc = f ? summary_write(s, (enum out_format)format, norwegian, f) : -1;
        status = f ? cli_close_out(ANALYZE, argv[0], f, out, rc) : 1;
        summary_free(s);
        dataset_free(ds);
        return status;
}

/* ---- compare --------------------------------------------------------------------------- */

static const char *const ADJUST[] = {"holm", "bh", NULL};

static int cmd_compare(int argc, char **argv)
{
        const char *db = NULL, *survey = NULL, *wave = NULL, *by = "unit", *out = NULL;
        int format = OUT_TEXT, adjust = 0, status = 0;
        bool norwegian = false;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db, NULL, "FILE", "the database (read only)"},
            {"survey", OPT_STRING, &survey, NULL, "ID", "the survey"},
            {"wave", OPT_STRING, &wave, NULL, "W", "only this wave"},
            {"by", OPT_STRING, &by, NULL, "unit", "what to compare (unit)"},
            {"adjust", OPT_CHOICE, &adjust, ADJUST, "M",
             "p-value correction across units: holm (default) or bh"},
            {"format", OPT_CHOICE, &format, FORMATS, "F", "text (default), csv or json"},
            {"spreadsheet-nb", OPT_FLAG, &norwegian, NULL, NULL,
             "CSV for spreadsheets set to Norwegian"},
            {"out", OPT_STRING, &out, NULL, "FILE", "write here instead of standard output"},
        };
        const char *syn = "--db FILE --survey ID --by unit [--wave W] [--adjust holm|bh]";
        if (!cli_parse("lytt-analyze", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-analyze", argv[0], db, "db", &status) ||
            !cli_require("lytt-analyze", argv[0], survey, "survey", &status))
                return status;
        if (strcmp(by, "unit") != 0) {
                fprintf(stderr, "lytt-analyze compare: --by must be unit\n");
                return EXIT_USAGE;
        }
        struct dataset *ds = load_dataset(argv[0], db, survey, wave, NULL);
        if (!ds)
                return 1;
        struct compare *cmp = compare_units(ds, adjust == 0 ? STATS_HOLM : STATS_BH);
        FILE *f = cli_open_out(ANALYZE, argv[0], out);
        int rc = f ? compare_write(cmp, (enum out_format)format, norwegian, f) : -1;
        status = f ? cli_close_out(ANALYZE, argv[0], f, out, rc) : 1;
        compare_free(cmp);
        dataset_free(ds);
        return status;
}

/* ---- trend ----------------------------------------------------------------------------- */

static const char *const TREND_BY[] = {"wave", "month", NULL};

static int cmd_trend(int argc, char **argv)
{
        const char *db = NULL, *survey = NULL, *unit = NULL, *out = NULL;
        int format = OUT_TEXT, by = 0, status = 0;
        bool norwegian = false, laney = false;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db, NULL, "FILE", "the database (read only)"},
            {"survey", OPT_STRING, &survey, NULL, "ID", "the survey"},
            {"unit", OPT_STRING, &unit, NULL, "U", "only this unit"},
            {"by", OPT_CHOICE, &by, TREND_BY, "P", "points: wave (default) or month"},
            {"laney", OPT_FLAG, &laney, NULL, NULL, "Laney p' limits (for large n per point)"},
            {"format", OPT_CHOICE, &format, FORMATS, "F", "text (default), csv or json"},
            {"spreadsheet-nb", OPT_FLAG, &norwegian, NULL, NULL,
             "CSV for spreadsheets set to Norwegian"},
            {"out", OPT_STRING, &out, NULL, "FILE", "write here instead of standard output"},
        };
        const char *syn = "--db FILE --survey ID [--by wave|month] [--unit U] [--laney]";
        if (!cli_parse("lytt-analyze", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-analyze", argv[0], db, "db", &status) ||
            !cli_require("lytt-analyze", argv[0], survey, "survey", &status))
                return status;
        struct dataset *ds = load_dataset(argv[0], db, survey, NULL, unit);
        if (!ds)
                return 1;
        struct trend *t = trend_compute(ds, by == 0 ? TREND_BY_WAVE : TREND_BY_MONTH, laney);
        FILE *f = cli_open_out(ANALYZE, argv[0], out);
        int rc = f ? trend_write(t, (enum out_format)format, norwegian, f) : -1;
        status = f ? cli_close_out(ANALYZE, argv[0], f, out, rc) : 1;
        trend_free(t);
        dataset_free(ds);
        return status;
}

/* ---- export ---------------------------------------------------------------------------- */

static const char *const EXPORT_FORMATS[] = {"csv", "xlsx", "sav", NULL};
static const char *const SHAPES[] = {"wide", "long", NULL};
static const char *const LANGS[] = {"nb", "nn", "en", NULL};

enum { EXPORT_CSV, EXPORT_XLSX, EXPORT_SAV };

/* The binary formats want a file: never a terminal by accident, and libxlsxwriter
 * writes only to a path ("--out -" sends an SPSS file to standard output). */
static bool export_args_ok(int format, const char *out, int shape, bool norwegian, bool lang)
{
        const char *why = NULL;
        if (format == EXPORT_CSV && lang)
                why = "--lang is for --format xlsx or sav";
        else if (format != EXPORT_CSV && (shape == 1 || norwegian))
                why = "--shape and --spreadsheet-nb are for --format csv";
        else if (format != EXPORT_CSV && !out)
                why = "--out FILE is required for xlsx and sav";
        else if (format == EXPORT_XLSX && strcmp(out, "-") == 0)
                why = "--format xlsx needs a file name for --out";
        if (why)
                fprintf(stderr, "lytt-analyze export: %s\n", why);
        return !why;
}

static int cmd_export(int argc, char **argv)
{
        const char *db = NULL, *survey = NULL, *wave = NULL, *unit = NULL, *out = NULL;
        int format = EXPORT_CSV, shape = 0, lang = -1, status = 0;
        bool norwegian = false, free_text = false;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db, NULL, "FILE", "the database (read only)"},
            {"survey", OPT_STRING, &survey, NULL, "ID", "the survey"},
            {"wave", OPT_STRING, &wave, NULL, "W", "only this wave"},
            {"unit", OPT_STRING, &unit, NULL, "U", "only this unit"},
            {"format", OPT_CHOICE, &format, EXPORT_FORMATS, "F",
             "csv (default), xlsx (Excel, with a codebook sheet) or sav (SPSS)"},
            {"shape", OPT_CHOICE, &shape, SHAPES, "S",
             "wide (a row per response, default) or long (a row per answer)"},
            {"lang", OPT_CHOICE, &lang, LANGS, "L",
             "xlsx and sav: question texts and labels in nb (default), nn or en"},
            {"include-free-text", OPT_FLAG, &free_text, NULL, NULL,
             "include free-text answers (only of groups of at least 10; 20 for young carers)"},
            {"spreadsheet-nb", OPT_FLAG, &norwegian, NULL, NULL,
             "for spreadsheets set to Norwegian (;, decimal comma, BOM)"},
            {"out", OPT_STRING, &out, NULL, "FILE",
             "write here instead of standard output (required for xlsx and sav)"},
        };
        const char *syn = "--db FILE --survey ID [--format csv|xlsx|sav] [--shape wide|long] "
                          "[--lang nb|nn|en] [--include-free-text] [--out FILE]";
        if (!cli_parse("lytt-analyze", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-analyze", argv[0], db, "db", &status) ||
            !cli_require("lytt-analyze", argv[0], survey, "survey", &status))
                return status;
        if (!export_args_ok(format, out, shape, norwegian, lang >= 0))
                return EXIT_USAGE;
        struct dataset *ds = load_dataset(argv[0], db, survey, wave, unit);
        if (!ds)
                return 1;
        struct export_options eo = {shape == 1, free_text, norwegian, db, wave, unit, NULL};
        eo.lang = lang >= 0 ? LANGS[lang] : NULL;
        struct export_report rep;
        struct lytt_error err;
        int rc;
        if (format == EXPORT_XLSX) {
                rc = export_xlsx(ds, &eo, out, &rep, &err);
                if (rc < 0)
                        fprintf(stderr, "lytt-analyze export: %s\n", err.msg);
                status = rc < 0 ? 1 : 0;
        } else {
                FILE *f = cli_open_out(ANALYZE, argv[0], out);
                rc = -1;
                if (f && format == EXPORT_SAV)
                        rc = export_sav(ds, &eo, f, &rep, &err);
                else if (f)
                        rc = export_csv(ds, &eo, f, &rep, &err);
                if (f && rc < 0)
                        fprintf(stderr, "lytt-analyze export: %s\n", err.msg);
                status = f ? cli_close_out(ANALYZE, argv[0], f, out, rc) : 1;
                if (status != 0 && f && f != stdout && format == EXPORT_SAV)
                        remove(out); /* no half SPSS file that looks whole */
        }
        if (status == 0) {
                fprintf(stderr,
                        "lytt-analyze export: wrote %zu rows; %zu values blanked%s to protect "
                        "small groups",
                        rep.rows_written, rep.values_blanked,
                        rep.rows_withheld ? " and some rows withheld" : "");
                if (rep.texts_suppressed)
                        fprintf(stderr, "; %zu free-text answers left out (groups under %lu)",
                                rep.texts_suppressed, rep.min_free_text);
                fprintf(stderr, " %s\n",
                        format == EXPORT_CSV ? "(the xlsx and sav exports have a codebook)"
                                             : "(see the codebook)");
        }
        dataset_free(ds);
        return status;
}

/* ---- generate -------------------------------------------------------------------------- */

/* Splits "a,b,c" into a NULL-free list (modifies s). */
static size_t split(char *s, char **out, size_t max)
{
        size_t n = 0;
        for (char *tok = strtok(s, ","); tok && n < max; tok = strtok(NULL, ","))
                out[n++] = tok;
        return n;
}

static int cmd_generate(int argc, char **argv)
{
        const char *db = NULL, *file = NULL, *waves_s = NULL, *sizes_s = NULL;
        unsigned long n = 1000, seed = 1;
        int status = 0;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db, NULL, "FILE", "the database (created if missing)"},
            {"questionnaire", OPT_STRING, &file, NULL, "FILE", "the questionnaire file"},
            {"n", OPT_ULONG, &n, NULL, "N", "responses (default 1000)"},
            {"seed", OPT_ULONG, &seed, NULL, "S", "random seed (default 1)"},
            {"waves", OPT_STRING, &waves_s, NULL, "W,W", "waves (default: the last 4 half years)"},
            {"unit-sizes", OPT_STRING, &sizes_s, NULL, "U=N,U=N",
             "units with exactly N responses, besides --n"},
        };
        const char *syn = "--db FILE --questionnaire FILE [--n N] [--seed S] [--waves W,W] "
                          "[--unit-sizes U=N,...]";
        if (!cli_parse("lytt-analyze", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-analyze", argv[0], db, "db", &status) ||
            !cli_require("lytt-analyze", argv[0], file, "questionnaire", &status))
                return status;
        struct lytt_diags diags = LYTT_DIAGS_INIT;
        struct survey_def *def;
        if (survey_def_load(file, &def, &diags) < 0) {
                for (size_t i = 0; i < diags.n; i++)
                        fprintf(stderr, "%s:%d: %s\n", diags.items[i].file, diags.items[i].line,
                                diags.items[i].msg);
                lytt_diags_release(&diags);
                return 1;
        }
        char *wcopy = waves_s ? xstrdup(waves_s) : NULL, *scopy = sizes_s ? xstrdup(sizes_s) : NULL;
        char *waves[64], *units[64];
        size_t sizes[64], nunits = 0, nwaves = wcopy ? split(wcopy, waves, 64) : 0;
        if (scopy) {
                char *parts[64];
                size_t np = split(scopy, parts, 64);
                for (size_t i = 0; i < np; i++) {
                        char *eq = strchr(parts[i], '=');
                        char *end;
                        unsigned long v = eq ? strtoul(eq + 1, &end, 10) : 0;
                        if (!eq || !eq[1] || *end) {
                                fprintf(stderr,
                                        "lytt-analyze generate: --unit-sizes wants "
                                        "UNIT=N,..., not '%s'\n",
                                        parts[i]);
                                status = EXIT_USAGE;
                                goto out;
                        }
                        *eq = '\0';
                        units[nunits] = parts[i];
                        sizes[nunits++] = v;
                }
        }
        struct db *d;
        struct lytt_error err;
        char buf[700];
        if (db_open(db, DB_READWRITE, &d, &err) < 0) {
                fprintf(stderr, "lytt-analyze generate: %s\n",
                        lytt_error_format(&err, buf, sizeof(buf)));
                status = 1;
                goto out;
        }
        struct generate_options go = {
            n, seed, (const char *const *)waves, nwaves, (const char *const *)units, sizes, nunits};
        if (generate_responses(d, def, &go, (generate_progress_fn)load_progress(),
                               "writing responses", &err) < 0) {
                fprintf(stderr, "lytt-analyze generate: %s\n",
                        lytt_error_format(&err, buf, sizeof(buf)));
                status = 1;
        }
        db_close(d);
out:
        free(wcopy);
        free(scopy);
        survey_def_free(def);
        return status;
}

static const struct command COMMANDS[] = {
    {"summary", cmd_summary, "per item and domain: n, percent positive, scores, alpha", false},
    {"compare", cmd_compare, "each unit against the rest, with corrected tests", false},
    {"trend", cmd_trend, "run charts (Anhoej rules) and p-charts over waves or months", false},
    {"export", cmd_export, "the responses as CSV (wide or long), Excel or SPSS", false},
    {"generate", cmd_generate, "write synthetic responses (tests, demos, benchmarks)", false},
    {"chart", chart_cmd_chart, "one chart as PNG, PDF or SVG (agreement, domains, run, ...)",
     false},
    {"report", chart_cmd_report, "the A4 PDF report for leaders, with PNGs for slides", false},
    {"audit", audit_cmd, "check that nothing hidden can be worked out from what is published",
     false},
};

const struct command *commands_table(size_t *n)
{
        *n = sizeof(COMMANDS) / sizeof(COMMANDS[0]);
        return COMMANDS;
}
