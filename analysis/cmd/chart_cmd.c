#include "chart_cmd.h"
#include "cli.h"
#include "load.h"
#include "chart_data.h"
#include "chart_draw.h"
#include "opts.h"
#include "report.h"
#include "xmalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_USAGE 2

static const char *const LANGS[] = {"nb", "nn", "en", NULL}; /* enum chart_lang's order */
static const char *const BY[] = {"wave", "month", NULL};     /* enum trend_by's order */
static const char *const ADJUST[] = {"holm", "bh", NULL};

/* ---- chart ----------------------------------------------------------------------------- */

struct chart_args {
        const char *db, *survey, *wave, *unit, *domain, *item;
        int by; /* -1: the kind's default */
        bool laney;
        enum chart_lang lang;
        struct chart_data cd; /* the result */
};

/* The group index of a unit in a summary by unit, or -1 with a message. */
static int unit_group(const struct summary *s, const char *unit)
{
        for (size_t g = 1; g < s->ngroups; g++)
                if (strcmp(s->groups[g].label, unit) == 0)
                        return (int)g;
        fprintf(stderr, "lytt-analyze chart: no responses from a unit '%s' in survey '%s'\n", unit,
                s->ds->survey_id);
        return -1;
}

static int domain_of(const struct dataset *ds, const char *domain)
{
        int d = chart_data_domain_index(ds, domain);
        if (d < 0)
                fprintf(stderr, "lytt-analyze chart: survey '%s' has no need (domain) '%s'\n",
                        ds->survey_id, domain);
        return d;
}

static int agreement_of(struct chart_args *a, struct dataset *ds, struct summary *s,
                        struct compare *c)
{
        int g = a->unit ? unit_group(s, a->unit) : 0;
        if (g < 0 || (a->domain && domain_of(ds, a->domain) < 0))
                return 1;
        chart_data_agreement_domain(&a->cd, s, (size_t)g, a->domain, a->lang);
        return 0;
}

static int domains_of(struct chart_args *a, struct dataset *ds, struct summary *s,
                      struct compare *c)
{
        if (a->domain) {
                int d = domain_of(ds, a->domain);
                if (d < 0)
                        return 1;
                chart_data_scores_by_unit(&a->cd, s, c, (size_t)d, a->lang);
                return 0;
        }
        int g = a->unit ? unit_group(s, a->unit) : 0;
        if (g < 0)
                return 1;
        chart_data_scores_of_group(&a->cd, s, c, (size_t)g, a->lang);
        return 0;
}

static int build_agreement(struct chart_args *a, struct dataset **ds);
static int build_domains(struct chart_args *a, struct dataset **ds);
static int build_series(struct chart_args *a, struct dataset **ds, bool pchart);
static int build_run(struct chart_args *a, struct dataset **ds);
static int build_pchart(struct chart_args *a, struct dataset **ds);
static int build_counts(struct chart_args *a, struct dataset **ds);

static const struct {
        const char *name;
        int (*build)(struct chart_args *a, struct dataset **ds);
        const char *help;
} KINDS[] = {
    {"agreement", build_agreement,
     "diverging bars of a need's statements (--domain D, else all; --unit U)"},
    {"counts", build_counts, "responses per month or wave (--by; --unit U)"},
    {"domains", build_domains,
     "scores of every need (--unit U: against the municipality), or of one need by unit "
     "(--domain D)"},
    {"pchart", build_pchart, "p-chart of a statement (--item I) per wave or month (--by)"},
    {"run", build_run, "run chart of a statement (--item I) or a need (--domain D) (--by)"},
};

/* Each builder loads what it needs, fills a->cd and hands the dataset back in *ds
 * (the spec borrows the questionnaire's texts from it). */
static int summary_kind(struct chart_args *a, struct dataset **out,
                        int (*fn)(struct chart_args *, struct dataset *, struct summary *,
                                  struct compare *))
{
        struct dataset *ds = load_dataset("chart", a->db, a->survey, a->wave, NULL);
        if (!ds)
                return 1;
        struct summary_options so = {"unit", SUMMARY_CI_WILSON, 0.95};
        struct summary *s;
        struct lytt_error err;
        if (summary_compute(ds, &so, &s, &err) < 0) {
                fprintf(stderr, "lytt-analyze chart: %s\n", err.msg);
                dataset_free(ds);
                return 1;
        }
        struct compare *c = compare_units(ds, STATS_HOLM);
        int status = fn(a, ds, s, c);
        compare_free(c);
        summary_free(s);
        *out = ds;
        return status;
}

static int build_agreement(struct chart_args *a, struct dataset **ds)
{
        return summary_kind(a, ds, agreement_of);
}

static int build_domains(struct chart_args *a, struct dataset **ds)
{
        return summary_kind(a, ds, domains_of);
}

static int build_series(struct chart_args *a, struct dataset **out, bool pchart)
{
        const char *id = a->item ? a->item : a->domain;
        if (!id || (a->item && a->domain)) {
                fprintf(stderr, "lytt-analyze chart: give --item I or --domain D\n");
                return EXIT_USAGE;
        }
        struct dataset *ds = load_dataset("chart", a->db, a->survey, a->wave, a->unit);
        if (!ds)
                return 1;
        *out = ds;
        enum trend_by by = a->by >= 0 ? (enum trend_by)a->by
                           : pchart   ? TREND_BY_WAVE
                                      : TREND_BY_MONTH;
        struct trend *t = trend_compute(ds, by, a->laney);
        int i = chart_data_series_index(t, id);
        if (i < 0 || (a->domain && !t->series[i].domain) || (a->item && t->series[i].domain)) {
                fprintf(stderr,
                        "lytt-analyze chart: survey '%s' has no %s '%s' with a percent positive "
                        "or score\n",
                        ds->survey_id, a->item ? "statement (item)" : "need (domain)", id);
                trend_free(t);
                return 1;
        }
        if (pchart && t->series[i].domain) {
                fprintf(stderr, "lytt-analyze chart: a p-chart needs a statement (--item)\n");
                trend_free(t);
                return EXIT_USAGE;
        }
        chart_data_series(&a->cd, t, (size_t)i, pchart, a->lang);
        trend_free(t);
        return 0;
}

static int build_run(struct chart_args *a, struct dataset **ds)
{
        return build_series(a, ds, false);
}

static int build_pchart(struct chart_args *a, struct dataset **ds)
{
        return build_series(a, ds, true);
}

static int build_counts(struct chart_args *a, struct dataset **out)
{
        struct dataset *ds = load_dataset("chart", a->db, a->survey, a->wave, a->unit);
        if (!ds)
                return 1;
        *out = ds;
        chart_data_counts(&a->cd, ds, a->by >= 0 ? (enum trend_by)a->by : TREND_BY_MONTH, a->lang);
        return 0;
}

int chart_cmd_chart(int argc, char **argv)
{
        const char *kind_name = argc > 1 && strncmp(argv[1], "--", 2) != 0 ? argv[1] : NULL;
        const char *out = NULL;
        struct chart_args a = {0};
        unsigned long width = 640, scale = 2;
        int lang = 0, status = 0;
        a.by = -1;
        const struct opt opts[] = {
            {"db", OPT_STRING, &a.db, NULL, "FILE", "the database (read only)"},
            {"survey", OPT_STRING, &a.survey, NULL, "ID", "the survey"},
            {"wave", OPT_STRING, &a.wave, NULL, "W", "only this wave"},
            {"unit", OPT_STRING, &a.unit, NULL, "U", "one unit (see the kinds)"},
            {"domain", OPT_STRING, &a.domain, NULL, "D", "a need (domain) id"},
            {"item", OPT_STRING, &a.item, NULL, "I", "a statement (item) id"},
            {"by", OPT_CHOICE, &a.by, BY, "P", "points over time: wave or month"},
            {"laney", OPT_FLAG, &a.laney, NULL, NULL, "Laney p' limits (p-charts, large n)"},
            {"lang", OPT_CHOICE, &lang, LANGS, "L", "nb (default), nn or en"},
            {"width", OPT_ULONG, &width, NULL, "PT", "width in points (default 640)"},
            {"scale", OPT_ULONG, &scale, NULL, "N", "PNG pixels per point (default 2)"},
            {"out", OPT_STRING, &out, NULL, "FILE", "the chart: .png, .pdf or .svg"},
        };
        size_t nopts = sizeof(opts) / sizeof(opts[0]);
        const char *syn = "KIND --db FILE --survey ID [--domain D] [--item I] [--unit U] "
                          "[--by wave|month] [--lang nb|nn|en] --out FILE.png|.pdf|.svg";
        /* The kind is the one positional argument: parse the rest as "chart --...". */
        char **rest = xcalloc((size_t)argc + 1, sizeof(char *));
        int nrest = 0;
        rest[nrest++] = argv[0];
        for (int i = kind_name ? 2 : 1; i < argc; i++)
                rest[nrest++] = argv[i];
        bool go = cli_parse("lytt-analyze", nrest, rest, opts, nopts, syn, &status);
        free(rest);
        if (!go) {
                if (status == 0) {
                        puts("\nkinds:");
                        for (size_t k = 0; k < sizeof(KINDS) / sizeof(KINDS[0]); k++)
                                printf("  %-10s %s\n", KINDS[k].name, KINDS[k].help);
                }
                return status;
        }
        int kind = -1;
        for (size_t k = 0; kind_name && k < sizeof(KINDS) / sizeof(KINDS[0]); k++)
                if (strcmp(KINDS[k].name, kind_name) == 0)
                        kind = (int)k;
        if (kind < 0) {
                fprintf(stderr,
                        "lytt-analyze chart: %s%s%s (one of agreement, counts, domains, "
                        "pchart, run)\n",
                        kind_name ? "unknown kind '" : "give a kind", kind_name ? kind_name : "",
                        kind_name ? "'" : "");
                return EXIT_USAGE;
        }
        if (!cli_require("lytt-analyze", argv[0], a.db, "db", &status) ||
            !cli_require("lytt-analyze", argv[0], a.survey, "survey", &status) ||
            !cli_require("lytt-analyze", argv[0], out, "out", &status))
                return status;
        if (!chart_draw_known_format(out)) {
                fprintf(stderr,
                        "lytt-analyze chart: name the output .png, .pdf or .svg, not '%s'\n", out);
                return EXIT_USAGE;
        }
        a.lang = (enum chart_lang)lang;
        struct dataset *ds = NULL;
        status = KINDS[kind].build(&a, &ds);
        if (status == 0) {
                struct chart_error err;
                if (chart_draw_file(&a.cd.spec, (double)width, (double)scale, out, &err) < 0) {
                        fprintf(stderr, "lytt-analyze chart: %s\n", err.msg);
                        status = 1;
                }
        }
        chart_data_release(&a.cd);
        dataset_free(ds);
        return status;
}

/* ---- report ---------------------------------------------------------------------------- */

int chart_cmd_report(int argc, char **argv)
{
        const char *db = NULL, *survey = NULL, *wave = NULL, *out = NULL, *png_dir = NULL;
        int lang = 0, adjust = 0, status = 0;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db, NULL, "FILE", "the database (read only)"},
            {"survey", OPT_STRING, &survey, NULL, "ID", "the survey"},
            {"wave", OPT_STRING, &wave, NULL, "W", "only this wave (default: all)"},
            {"lang", OPT_CHOICE, &lang, LANGS, "L", "nb (default), nn or en"},
            {"adjust", OPT_CHOICE, &adjust, ADJUST, "M",
             "p-value correction across units: holm (default) or bh"},
            {"out", OPT_STRING, &out, NULL, "FILE", "the report (PDF)"},
            {"png-dir", OPT_STRING, &png_dir, NULL, "DIR",
             "also write every chart here as PNG at 2x, for slides"},
        };
        const char *syn = "--db FILE --survey ID [--wave W] [--lang nb|nn|en] --out report.pdf "
                          "[--png-dir DIR]";
        if (!cli_parse("lytt-analyze", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-analyze", argv[0], db, "db", &status) ||
            !cli_require("lytt-analyze", argv[0], survey, "survey", &status) ||
            !cli_require("lytt-analyze", argv[0], out, "out", &status))
                return status;
        if (png_dir && mkdir(png_dir, 0777) < 0 && errno != EEXIST) {
                fprintf(stderr, "lytt-analyze report: cannot create %s: %s\n", png_dir,
                        strerror(errno));
                return 1;
        }
        struct dataset *ds = load_dataset(argv[0], db, survey, wave, NULL);
        if (!ds)
                return 1;
        struct report_options ro = {out, png_dir, wave, (enum chart_lang)lang,
                                    adjust == 0 ? STATS_HOLM : STATS_BH};
        struct lytt_error err;
        struct report_result res;
        if (report_write(ds, &ro, (report_progress_fn)load_progress(), "writing the report", &res,
                         &err) < 0) {
                char buf[700];
                fprintf(stderr, "lytt-analyze report: %s\n",
                        lytt_error_format(&err, buf, sizeof(buf)));
                status = 1;
        }
        dataset_free(ds);
        return status;
}
