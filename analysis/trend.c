#include "trend.h"
#include "csv.h"
#include "disclosure.h"
#include "summary.h"
#include "xmalloc.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void trend_month_of(const char *period, char out[8])
{
        int y, w, m;
        char tail;
        out[0] = '\0';
        if (sscanf(period, "%d-W%d%c", &y, &w, &tail) == 2 && w >= 1 && w <= 53 && y > 0 &&
            y < 10000) {
                /* The Thursday of ISO week w: week 1 holds January 4th. */
                struct tm tm = {0};
                tm.tm_year = y - 1900;
                tm.tm_mday = 4;
                tm.tm_hour = 12;
                time_t jan4 = timegm(&tm);
                struct tm j4;
                gmtime_r(&jan4, &j4);
                int wd = (j4.tm_wday + 6) % 7; /* Monday = 0 */
                time_t thursday = jan4 + (time_t)((w - 1) * 7 - wd + 3) * 86400;
                struct tm th;
                gmtime_r(&thursday, &th);
                snprintf(out, 8, "%04u-%02u", (unsigned)(th.tm_year + 1900) % 10000u,
                         (unsigned)(th.tm_mon + 1) % 100u);
        } else if (sscanf(period, "%d-%d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12 && y > 0 &&
                   y < 10000) {
                snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
        }
}

/* Period labels and each response's period index: every wave (month) of the
 * survey in the filter's slice, from the gate, so that a period with nobody of the
 * filter's unit reads "too few" like a small one instead of being left out. */
static void periods(const struct dataset *ds, enum trend_by by, struct trend *t, size_t *pof)
{
        const char **list;
        t->nperiods = disclosure_periods(ds->gate, by == TREND_BY_MONTH, ds->filter_unit,
                                         ds->filter_wave, &list);
        t->periods = xcalloc(t->nperiods ? t->nperiods : 1, sizeof(char *));
        for (size_t k = 0; k < t->nperiods; k++)
                t->periods[k] = xstrdup(list[k]);
        free(list);
        char(*month)[8] = xcalloc(ds->nperiods ? ds->nperiods : 1, sizeof(*month));
        for (size_t p = 0; p < ds->nperiods; p++)
                trend_month_of(ds->periods[p], month[p]);
        for (size_t r = 0; r < ds->n; r++) {
                const char *label =
                    by == TREND_BY_WAVE ? ds->waves[ds->wave[r]] : month[ds->period[r]];
                pof[r] = 0;
                for (size_t k = 0; k < t->nperiods; k++)
                        if (strcmp(t->periods[k], label) == 0)
                                pof[r] = k;
        }
        free(month);
}

/* Whether two versions' definitions of an item differ in a way that breaks a series. */
static bool item_changed(const struct survey_item *a, const struct survey_item *b)
{
        if (!a || !b)
                return a != b;
        if (a->reverse != b->reverse || a->type != b->type)
                return true;
        for (size_t l = 0; l < SURVEY_MAX_LANGS; l++)
                if ((a->text.s[l] || b->text.s[l]) &&
                    (!a->text.s[l] || !b->text.s[l] || strcmp(a->text.s[l], b->text.s[l]) != 0))
                        return true;
        if (a->type == SURVEY_ITEM_SCALE) {
                if (a->scale->npoints != b->scale->npoints)
                        return true;
                for (size_t i = 0; i < a->scale->npoints; i++)
                        if (a->scale->points[i].value != b->scale->points[i].value ||
                            a->scale->points[i].positive != b->scale->points[i].positive)
                                return true;
        }
        return false;
}

/* Limits, signals and the run chart on the visible points of one series. */
static void chart(struct trend *t, struct trend_series *s)
{
        size_t np = t->nperiods;
        unsigned long xs[512], ns[512];
        double ys[512], lcl[512], ucl[512];
        size_t idx[512], m = 0;
        s->segment_start = 0;
        for (size_t p = 0; p < np; p++)
                if (s->points[p].brk)
                        s->segment_start = p;
        for (size_t p = s->segment_start; p < np && m < 512; p++) {
                struct trend_point *pt = &s->points[p];
                pt->lcl = pt->ucl = NAN;
                if (pt->why != SUPPRESS_NONE || pt->n == 0 || isnan(pt->value))
                        continue;
                xs[m] = pt->x;
                ns[m] = pt->n;
                ys[m] = pt->value;
                idx[m++] = p;
        }
        s->centre = NAN;
        if (!s->domain && m > 0) {
                double cl = t->laney ? stats_laney(xs, ns, m, lcl, ucl, NULL)
                                     : stats_pchart(xs, ns, m, lcl, ucl);
                s->centre = 100.0 * cl;
                for (size_t k = 0; k < m; k++) {
                        struct trend_point *pt = &s->points[idx[k]];
                        pt->lcl = 100.0 * lcl[k];
                        pt->ucl = 100.0 * ucl[k];
                        pt->outside =
                            !isnan(pt->lcl) && (pt->value < pt->lcl || pt->value > pt->ucl);
                }
        }
        s->median = m ? stats_median(ys, m) : NAN;
        memset(&s->anhoej, 0, sizeof(s->anhoej));
        if (m >= 2)
                stats_anhoej(ys, m, s->median, &s->anhoej);
}

/* The gate's group of period p: the filter's unit in a wave or a month. */
static struct disclosure_key period_key(const struct trend *t, size_t p)
{
        struct disclosure_key k = {.unit = t->ds->filter_unit};
        if (t->by == TREND_BY_WAVE)
                k.wave = t->periods[p];
        else
                k.month = t->periods[p];
        return k;
}

/* An item point from the gate: shown when the group shows the item's positive
 * share exactly; a banded share keeps only its band. */
static void item_point(const struct trend *t, size_t p, const char *id, struct trend_point *pt)
{
        struct disclosure_key k = period_key(t, p);
        struct disclosure_item di;
        disclosure_item(t->ds->gate, &k, id, &di);
        pt->value = NAN;
        if (di.detail < DISCLOSE_BUCKETS) {
                if (di.why != SUPPRESS_NONE)
                        pt->why = di.why;
                else
                        pt->why =
                            di.detail == DISCLOSE_HIDDEN ? SUPPRESS_TOO_FEW : SUPPRESS_NO_BREAKDOWN;
                return;
        }
        if (di.band[DISCLOSE_POS] != DISCLOSE_EXACT) {
                pt->why = SUPPRESS_BANDED;
                pt->band = di.band[DISCLOSE_POS];
                pt->n = di.n; /* the valid answers stay published, as in the summary */
                return;
        }
        if (di.n == 0)
                return; /* nobody answered it: no point */
        pt->n = di.n;
        pt->x = di.x[DISCLOSE_POS];
        pt->value = 100.0 * (double)pt->x / (double)pt->n;
}

struct trend *trend_compute(const struct dataset *ds, enum trend_by by, bool laney)
{
        struct trend *t = xcalloc(1, sizeof(*t));
        t->ds = ds;
        t->by = by;
        t->laney = laney;
        t->policy = *disclosure_policy(ds->gate);
        size_t *pof = xcalloc(ds->n ? ds->n : 1, sizeof(size_t));
        periods(ds, by, t, pof);
        size_t np = t->nperiods, ndom = ds->current->ndomains;

        /* What each period shows of itself. */
        struct disclosure_size *psize = xcalloc(np ? np : 1, sizeof(*psize));
        for (size_t p = 0; p < np; p++) {
                struct disclosure_key k = period_key(t, p);
                disclosure_size(ds->gate, &k, &psize[p]);
        }

        /* The newest version seen in each period, for breaks. */
        size_t *pver = xcalloc(np ? np : 1, sizeof(size_t));
        for (size_t r = 0; r < ds->n; r++)
                if (ds->version[r] > pver[pof[r]])
                        pver[pof[r]] = ds->version[r];

        size_t nitems = 0;
        for (size_t c = 0; c < ds->ncols; c++)
                nitems += summary_item_kind(dataset_item(ds, c));
        t->nseries = nitems + ndom;
        t->series = xcalloc(t->nseries ? t->nseries : 1, sizeof(*t->series));
        double *sum = xcalloc(np ? np : 1, sizeof(double));
        unsigned long *nscores = xcalloc(np ? np : 1, sizeof(unsigned long));
        size_t k = 0;
        for (size_t c = 0; c < ds->ncols; c++) {
                if (!summary_item_kind(dataset_item(ds, c)))
                        continue;
                struct trend_series *s = &t->series[k++];
                s->id = ds->cols[c].id;
                s->points = xcalloc(np ? np : 1, sizeof(*s->points));
                for (size_t p = 0; p < np; p++) {
                        struct trend_point *pt = &s->points[p];
                        pt->period = t->periods[p];
                        pt->brk = p > 0 && item_changed(ds->cols[c].items[pver[p - 1]],
                                                        ds->cols[c].items[pver[p]]);
                        item_point(t, p, s->id, pt);
                }
                chart(t, s);
        }
        /* Domains: the group's size from the gate, the mean of the scores in the data
         * (the number of scores is not published). */
        for (size_t d = 0; d < ndom; d++) {
                struct trend_series *s = &t->series[k++];
                s->id = ds->current->domains[d].id;
                s->domain = true;
                s->points = xcalloc(np ? np : 1, sizeof(*s->points));
                memset(sum, 0, np * sizeof(double));
                memset(nscores, 0, np * sizeof(unsigned long));
                for (size_t r = 0; r < ds->n; r++) {
                        double sc = summary_domain_score(ds, r, d);
                        if (isnan(sc))
                                continue;
                        nscores[pof[r]]++;
                        sum[pof[r]] += sc;
                }
                for (size_t p = 0; p < np; p++) {
                        struct trend_point *pt = &s->points[p];
                        pt->period = t->periods[p];
                        pt->value = NAN;
                        pt->brk = p > 0 && pver[p] != pver[p - 1] &&
                                  ds->defs[pver[p]]->ndomains != ds->defs[pver[p - 1]]->ndomains;
                        if (psize[p].detail < DISCLOSE_SIZE) {
                                pt->why = psize[p].empty                  ? SUPPRESS_NONE
                                          : psize[p].why != SUPPRESS_NONE ? psize[p].why
                                                                          : SUPPRESS_TOO_FEW;
                                continue;
                        }
                        pt->n = psize[p].n;
                        if (nscores[p] > 0)
                                pt->value = sum[p] / (double)nscores[p];
                }
                chart(t, s);
        }
        free(sum);
        free(nscores);
        free(pver);
        free(psize);
        free(pof);
        return t;
}

static int write_csv(const struct trend *t, bool norwegian, FILE *f)
{
        struct csv w;
        static const char *const head[] = {
            "series",         "kind",   "period",      "n",         "value",
            "band",           "centre", "lcl",         "ucl",       "outside",
            "break",          "median", "longest_run", "run_limit", "crossings",
            "crossing_limit", "signal", "suppressed"};
        csv_begin(&w, f, norwegian);
        for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
                csv_str(&w, head[i]);
        csv_end_row(&w);
        for (size_t i = 0; i < t->nseries; i++) {
                const struct trend_series *s = &t->series[i];
                for (size_t p = 0; p < t->nperiods; p++) {
                        const struct trend_point *pt = &s->points[p];
                        bool h = pt->why != SUPPRESS_NONE;
                        csv_str(&w, s->id);
                        csv_str(&w, s->domain ? "domain" : "item");
                        csv_str(&w, pt->period);
                        csv_ulong(&w, pt->n, h && pt->why != SUPPRESS_BANDED);
                        csv_num(&w, pt->value, 2, h);
                        csv_str(&w, disclosure_band_key(pt->band));
                        csv_num(&w, s->centre, 2, false);
                        csv_num(&w, pt->lcl, 2, h);
                        csv_num(&w, pt->ucl, 2, h);
                        csv_str(&w, h ? "" : pt->outside ? "yes" : "no");
                        csv_str(&w, pt->brk ? "yes" : "");
                        csv_num(&w, s->median, 2, false);
                        csv_ulong(&w, s->anhoej.longest_run, false);
                        csv_ulong(&w, s->anhoej.run_limit, false);
                        csv_ulong(&w, s->anhoej.crossings, false);
                        csv_ulong(&w, s->anhoej.crossing_limit, false);
                        csv_str(&w, s->anhoej.signal ? "yes" : "no");
                        csv_str(&w, suppress_reason_key(pt->why));
                        csv_end_row(&w);
                }
        }
        return ferror(f) ? -1 : 0;
}

static json_t *jnum(double v, bool hidden)
{
        return hidden || isnan(v) ? json_null() : json_real(v);
}

static int write_json(const struct trend *t, FILE *f)
{
        json_t *root = json_object();
        json_object_set_new(root, "survey", json_string(t->ds->survey_id));
        json_object_set_new(root, "by", json_string(t->by == TREND_BY_WAVE ? "wave" : "month"));
        json_t *m = json_object();
        json_object_set_new(m, "run_chart",
                            json_string("Anhoej rules around the median: "
                                        "longest run > round(log2(n)) + 3, or "
                                        "crossings < qbinom(0.05, n - 1, 0.5)"));
        json_object_set_new(m, "control_chart",
                            json_string(t->laney ? "Laney p' chart" : "p-chart, 3 sigma limits"));
        json_object_set_new(root, "method", m);
        json_object_set_new(root, "disclosure", disclosure_audit_json(t->ds->gate));
        json_t *series = json_array();
        for (size_t i = 0; i < t->nseries; i++) {
                const struct trend_series *s = &t->series[i];
                json_t *o = json_object();
                json_object_set_new(o, s->domain ? "domain" : "item", json_string(s->id));
                json_object_set_new(o, "centre", jnum(s->centre, false));
                json_object_set_new(o, "median", jnum(s->median, false));
                json_object_set_new(o, "segment_start",
                                    json_string(t->nperiods ? t->periods[s->segment_start] : ""));
                json_t *a = json_object();
                json_object_set_new(a, "useful", json_integer((json_int_t)s->anhoej.useful));
                json_object_set_new(a, "longest_run",
                                    json_integer((json_int_t)s->anhoej.longest_run));
                json_object_set_new(a, "run_limit", json_integer((json_int_t)s->anhoej.run_limit));
                json_object_set_new(a, "crossings", json_integer((json_int_t)s->anhoej.crossings));
                json_object_set_new(a, "crossing_limit",
                                    json_integer((json_int_t)s->anhoej.crossing_limit));
                json_object_set_new(a, "signal", json_boolean(s->anhoej.signal));
                json_object_set_new(o, "anhoej", a);
                json_t *pts = json_array();
                for (size_t p = 0; p < t->nperiods; p++) {
                        const struct trend_point *pt = &s->points[p];
                        bool h = pt->why != SUPPRESS_NONE;
                        json_t *q = json_object();
                        json_object_set_new(q, "period", json_string(pt->period));
                        bool hn = h && pt->why != SUPPRESS_BANDED;
                        json_object_set_new(q, "n",
                                            hn ? json_null() : json_integer((json_int_t)pt->n));
                        json_object_set_new(q, "value", jnum(pt->value, h));
                        json_object_set_new(q, "band", json_string(disclosure_band_key(pt->band)));
                        json_object_set_new(q, "lcl", jnum(pt->lcl, h));
                        json_object_set_new(q, "ucl", jnum(pt->ucl, h));
                        json_object_set_new(q, "outside", json_boolean(!h && pt->outside));
                        json_object_set_new(q, "break", json_boolean(pt->brk));
                        json_object_set_new(q, "suppressed",
                                            json_string(suppress_reason_key(pt->why)));
                        json_array_append_new(pts, q);
                }
                json_object_set_new(o, "points", pts);
                json_array_append_new(series, o);
        }
        json_object_set_new(root, "series", series);
        int rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
        fputc('\n', f);
        json_decref(root);
        return rc < 0 || ferror(f) ? -1 : 0;
}

/* How a banded share reads, or NULL. */
static const char *band_text(enum disclosure_band b)
{
        return b == DISCLOSE_HIGH ? "90 % or more" : b == DISCLOSE_LOW ? "10 % or less" : NULL;
}

static int write_text(const struct trend *t, FILE *f)
{
        fprintf(f,
                "Trend of %s by %s (%s limits; run chart around the median, Anhoej "
                "rules).\n",
                t->ds->survey_id, t->by == TREND_BY_WAVE ? "wave" : "month",
                t->laney ? "Laney p'" : "p-chart 3-sigma");
        for (size_t i = 0; i < t->nseries; i++) {
                const struct trend_series *s = &t->series[i];
                fprintf(f, "\n%s %s: ", s->domain ? "domain" : "item", s->id);
                fprintf(f, "longest run %zu (limit %zu), crossings %zu (limit %zu)%s\n",
                        s->anhoej.longest_run, s->anhoej.run_limit, s->anhoej.crossings,
                        s->anhoej.crossing_limit,
                        s->anhoej.signal ? "  SIGNAL: non-random variation" : "");
                for (size_t p = 0; p < t->nperiods; p++) {
                        const struct trend_point *pt = &s->points[p];
                        fprintf(f, "  %s%-10s ", pt->brk ? "| " : "  ", pt->period);
                        if (pt->why == SUPPRESS_BANDED) {
                                fprintf(f, "n=%-7lu %s\n", pt->n,
                                        band_text(pt->band) ? band_text(pt->band)
                                                            : suppress_reason_key(pt->why));
                                continue;
                        }
                        if (pt->why != SUPPRESS_NONE) {
                                fprintf(f, "%s\n", suppress_reason_key(pt->why));
                                continue;
                        }
                        fprintf(f, "n=%-7lu %6.1f", pt->n, pt->value);
                        if (!isnan(pt->lcl))
                                fprintf(f, "  limits [%5.1f, %5.1f]%s", pt->lcl, pt->ucl,
                                        pt->outside ? "  outside" : "");
                        fputc('\n', f);
                }
        }
        return ferror(f) ? -1 : 0;
}

int trend_write(const struct trend *t, enum out_format fmt, bool norwegian, FILE *f)
{
        switch (fmt) {
        case OUT_CSV:
                return write_csv(t, norwegian, f);
        case OUT_JSON:
                return write_json(t, f);
        case OUT_TEXT:
                return write_text(t, f);
        }
        return -1;
}

void trend_free(struct trend *t)
{
        if (!t)
                return;
        for (size_t i = 0; i < t->nseries; i++)
                free(t->series[i].points);
        free(t->series);
        for (size_t p = 0; p < t->nperiods; p++)
                free(t->periods[p]);
        free(t->periods);
        free(t);
}
