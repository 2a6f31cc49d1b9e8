#include "chart_data.h"
#include "chart_format.h"
#include "report_text.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void clear(struct chart_data *cd, enum chart_kind kind, enum chart_lang lang)
{
        chart_data_release(cd);
        cd->spec.kind = kind;
        cd->spec.lang = lang;
        cd->spec.dots.ref_line = cd->spec.dots.axis_min = cd->spec.dots.axis_max = NAN;
        cd->spec.series.centre = NAN;
}

void chart_data_release(struct chart_data *cd)
{
        for (size_t i = 0; i < cd->nowned; i++)
                free(cd->owned[i]);
        free(cd->owned);
        free(cd->bars);
        free(cd->dots);
        free(cd->points);
        memset(cd, 0, sizeof(*cd));
}

const char *chart_data_keep(struct chart_data *cd, char *s)
{
        cd->owned = xgrow(cd->owned, sizeof(char *), cd->nowned + 1, &cd->owned_alloc);
        cd->owned[cd->nowned++] = s;
        return s;
}

/* Keeps a text of the table, filled with args. */
static const char *keep_text(struct chart_data *cd, enum report_msg id, const char *const *args,
                             size_t n)
{
        return chart_data_keep(cd, report_text_dup(cd->spec.lang, id, args, n));
}

static int lang_index(const struct dataset *ds, enum chart_lang lang)
{
        int li = survey_def_lang(ds->current, chart_lang_code(lang));
        return li < 0 ? 0 : li;
}

const char *chart_data_unit_name(const struct dataset *ds, const char *unit, enum chart_lang lang)
{
        const struct survey_unit *u = survey_def_unit(ds->current, unit);
        return u ? survey_text_get(&u->name, lang_index(ds, lang)) : unit;
}

const char *chart_data_domain_title(const struct dataset *ds, size_t domain, enum chart_lang lang)
{
        return survey_text_get(&ds->current->domains[domain].title, lang_index(ds, lang));
}

const char *chart_data_item_text(const struct dataset *ds, int col, enum chart_lang lang)
{
        return survey_text_get(&dataset_item(ds, (size_t)col)->text, lang_index(ds, lang));
}

const struct summary_row *chart_data_row(const struct summary *s, size_t group, const char *id)
{
        size_t per = s->ngroups ? s->nrows / s->ngroups : 0;
        for (size_t i = group * per; i < (group + 1) * per && i < s->nrows; i++)
                if (strcmp(s->rows[i].id, id) == 0)
                        return &s->rows[i];
        return NULL;
}

int chart_data_domain_index(const struct dataset *ds, const char *id)
{
        for (size_t d = 0; d < ds->current->ndomains; d++)
                if (strcmp(ds->current->domains[d].id, id) == 0)
                        return (int)d;
        return -1;
}

const char *chart_data_adjust_name(enum stats_adjust adjust)
{
        return adjust == STATS_BH ? "Benjamini–Hochberg" : "Holm";
}

/* ---- agreement ------------------------------------------------------------------------- */

/* Whether a row's bar can be drawn in the chart's mode: every point (points) or
 * every bucket share exact (buckets). */
static bool bar_shown(const struct summary_row *r, bool buckets)
{
        if (r->n == 0 || r->detail < DISCLOSE_BUCKETS)
                return false;
        if (!buckets)
                return r->detail == DISCLOSE_POINTS;
        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                if (r->has_bucket[b] && r->band[b] != DISCLOSE_EXACT)
                        return false;
        return true;
}

/* The placeholder of a row that has no bar: what it does show. */
static const char *placeholder(struct chart_data *cd, const struct summary_row *r,
                               enum chart_lang lang)
{
        if (r->detail == DISCLOSE_HIDDEN)
                return NULL; /* "too few responses" */
        if (r->detail == DISCLOSE_SIZE)
                return report_text(lang, RT_TOTALS_ONLY);
        char pct[CHART_NUM_MAX];
        if (r->band[DISCLOSE_POS] == DISCLOSE_HIGH)
                snprintf(pct, sizeof(pct), "%s", report_text(lang, RT_BAND_HIGH));
        else if (r->band[DISCLOSE_POS] == DISCLOSE_LOW)
                snprintf(pct, sizeof(pct), "%s", report_text(lang, RT_BAND_LOW));
        else if (!isnan(r->pct))
                chart_format_percent(pct, sizeof(pct), r->pct, 0, lang);
        else
                return report_text(lang, RT_DIST_HIDDEN);
        char *pos = report_text_dup(lang, RT_PCT_POSITIVE, REPORT_ARGS(pct));
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s · %s", report_text(lang, RT_DIST_HIDDEN), pos);
        free(pos);
        return chart_data_keep(cd, strbuf_detach(&sb, NULL));
}

void chart_data_agreement(struct chart_data *cd, const struct summary *s, const size_t *rows,
                          size_t n, enum chart_lang lang)
{
        clear(cd, CHART_AGREEMENT, lang);
        const struct dataset *ds = s->ds;
        cd->bars = xcalloc(n ? n : 1, sizeof(*cd->bars));
        const struct survey_scale *scale = NULL;
        bool reversed = false;
        size_t nb = 0;
        int li = lang_index(ds, lang);
        /* Points when every row that shows anything shows its points; otherwise
         * every row as three shares (negative, neutral, positive). */
        bool buckets = false;
        for (size_t i = 0; i < n; i++) {
                const struct summary_row *r = &s->rows[rows[i]];
                if (r->detail == DISCLOSE_BUCKETS)
                        buckets = true;
        }
        for (size_t i = 0; i < n; i++) {
                const struct summary_row *r = &s->rows[rows[i]];
                const struct survey_item *it =
                    r->col >= 0 ? dataset_item(ds, (size_t)r->col) : NULL;
                if (!it || it->type != SURVEY_ITEM_SCALE || it->scale->npoints < 2 ||
                    it->scale->npoints > CHART_MAX_CATEGORIES)
                        continue;
                if (!scale)
                        scale = it->scale;
                if (strcmp(it->scale->id, scale->id) != 0)
                        continue;
                struct chart_bar_row *b = &cd->bars[nb++];
                size_t np = scale->npoints;
                const char *text = survey_text_get(&it->text, li);
                if (it->reverse) {
                        struct strbuf sb = STRBUF_INIT;
                        strbuf_addf(&sb, "%s *", text);
                        text = chart_data_keep(cd, strbuf_detach(&sb, NULL));
                        reversed = true;
                }
                b->label = text;
                b->hide_n = r->detail < DISCLOSE_BUCKETS;
                b->n = b->hide_n ? 0 : r->n;
                if (!bar_shown(r, buckets)) {
                        b->hidden = true;
                        b->hidden_label = placeholder(cd, r, lang);
                        continue;
                }
                if (buckets) {
                        size_t k = 0;
                        for (size_t q = 0; q < DISCLOSE_NBUCKETS; q++)
                                if (q != DISCLOSE_NEU || np % 2 == 1)
                                        b->share[k++] = r->has_bucket[q] ? r->share[q] : 0.0;
                } else {
                        for (size_t k = 0; k < np; k++) {
                                size_t j = it->reverse ? np - 1 - k : k;
                                b->share[k] = 100.0 * (double)r->dist[j] / (double)r->n;
                        }
                }
                b->hide_dont_know = !scale->has_dont_know || isnan(r->pct_dk);
                if (!b->hide_dont_know && r->n + r->n_dk > 0)
                        b->dont_know = 100.0 * (double)r->n_dk / (double)(r->n + r->n_dk);
        }
        struct chart_agreement *a = &cd->spec.agreement;
        a->rows = cd->bars;
        a->nrows = nb;
        if (scale) {
                a->categories = cd->categories;
                if (buckets) {
                        /* negative, (neutral,) positive: a diverging bar of three */
                        bool neutral = scale->npoints % 2 == 1;
                        size_t k = 0;
                        cd->categories[k++] = report_text(lang, RT_BUCKET_NEG);
                        if (neutral)
                                cd->categories[k++] = report_text(lang, RT_BUCKET_NEU);
                        cd->categories[k++] = report_text(lang, RT_BUCKET_POS);
                        a->ncategories = k;
                } else {
                        for (size_t k = 0; k < scale->npoints; k++)
                                cd->categories[k] = survey_text_get(&scale->points[k].label, li);
                        a->ncategories = scale->npoints;
                }
                if (scale->has_dont_know)
                        a->dont_know = report_text(lang, RT_DONT_KNOW_HEAD);
        }
        cd->spec.title = report_text(lang, RT_TITLE_AGREEMENT);
        if (reversed) {
                struct strbuf sb = STRBUF_INIT;
                strbuf_addf(&sb, "%s %s", report_text(lang, RT_NOTE_AGREEMENT),
                            report_text(lang, RT_NOTE_REVERSE));
                cd->spec.note = chart_data_keep(cd, strbuf_detach(&sb, NULL));
        } else {
                cd->spec.note = report_text(lang, RT_NOTE_AGREEMENT);
        }
}

size_t chart_data_agreement_domain(struct chart_data *cd, const struct summary *s, size_t group,
                                   const char *domain, enum chart_lang lang)
{
        size_t per = s->ngroups ? s->nrows / s->ngroups : 0, n = 0;
        size_t *rows = xcalloc(per ? per : 1, sizeof(size_t));
        for (size_t i = group * per; i < (group + 1) * per; i++) {
                const struct summary_row *r = &s->rows[i];
                if (r->col < 0)
                        continue;
                const struct survey_item *it = dataset_item(s->ds, (size_t)r->col);
                if (it->type != SURVEY_ITEM_SCALE)
                        continue;
                if (domain && (!it->domain || strcmp(it->domain->id, domain) != 0))
                        continue;
                rows[n++] = i;
        }
        chart_data_agreement(cd, s, rows, n, lang);
        free(rows);
        if (domain) {
                int d = chart_data_domain_index(s->ds, domain);
                if (d >= 0)
                        cd->spec.subtitle = chart_data_domain_title(s->ds, (size_t)d, lang);
        }
        return cd->spec.agreement.nrows;
}

/* ---- scores ---------------------------------------------------------------------------- */

/* +1 / -1 when compare flagged unit's id higher / lower than the rest, else 0. */
static int flag_of(const struct compare *c, const char *unit, const char *id)
{
        for (size_t i = 0; c && i < c->nrows; i++) {
                const struct compare_row *r = &c->rows[i];
                if (r->flagged && r->why == SUPPRESS_NONE && strcmp(r->unit, unit) == 0 &&
                    strcmp(r->id, id) == 0)
                        return r->diff > 0 ? 1 : -1;
        }
        return 0;
}

/* A dot row from a summary domain row. */
static void dot_from(struct chart_dot_row *d, const struct summary *s, const struct summary_row *r)
{
        d->value = d->lo = d->hi = d->ref = NAN;
        if (!r || r->detail < DISCLOSE_SIZE || isnan(r->score)) {
                d->hidden = true;
                return;
        }
        d->value = r->score;
        d->lo = r->score_lo;
        d->hi = r->score_hi;
        d->n = s->groups[r->group].n; /* the group's size: domain n is not published */
        d->uncertain = r->uncertain;
}

/* Axis, subtitle and note; the triangles are explained where units are compared. */
static void scores_common(struct chart_data *cd, const struct compare *c, bool compared)
{
        enum chart_lang lang = cd->spec.lang;
        cd->spec.dots.axis_min = 0;
        cd->spec.dots.axis_max = 100;
        cd->spec.subtitle = report_text(lang, RT_SUB_SCORES);
        if (!c || !compared) {
                cd->spec.note = report_text(lang, RT_NOTE_DOTS);
                return;
        }
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s ", report_text(lang, RT_NOTE_DOTS));
        report_text_fill(&sb, lang, RT_NOTE_TRIANGLES,
                         REPORT_ARGS(chart_data_adjust_name(c->adjust)));
        cd->spec.note = chart_data_keep(cd, strbuf_detach(&sb, NULL));
}

void chart_data_scores_by_unit(struct chart_data *cd, const struct summary *s,
                               const struct compare *c, size_t domain, enum chart_lang lang)
{
        clear(cd, CHART_DOTS, lang);
        const struct dataset *ds = s->ds;
        const char *id = ds->current->domains[domain].id;
        size_t nu = s->ngroups > 0 ? s->ngroups - 1 : 0;
        cd->dots = xcalloc(nu ? nu : 1, sizeof(*cd->dots));
        for (size_t g = 1; g < s->ngroups; g++) {
                struct chart_dot_row *d = &cd->dots[g - 1];
                d->label = chart_data_unit_name(ds, s->groups[g].label, lang);
                if (d->label == s->groups[g].label) /* not in the questionnaire: s may go first */
                        d->label = chart_data_keep(cd, xstrdup(d->label));
                dot_from(d, s, chart_data_row(s, g, id));
                if (!d->hidden)
                        d->signal = flag_of(c, s->groups[g].label, id);
        }
        cd->spec.dots.rows = cd->dots;
        cd->spec.dots.nrows = nu;
        const struct summary_row *all = chart_data_row(s, 0, id);
        if (all && !isnan(all->score)) {
                char v[CHART_NUM_MAX];
                chart_format_number(v, sizeof(v), all->score, 0, lang);
                cd->spec.dots.ref_line = all->score;
                cd->spec.dots.ref_label = keep_text(cd, RT_MUNICIPALITY_IS, REPORT_ARGS(v));
        }
        const char *title = chart_data_domain_title(ds, domain, lang);
        cd->spec.title = keep_text(cd, RT_TITLE_BY_UNIT, REPORT_ARGS(title));
        scores_common(cd, c, true);
}

void chart_data_scores_of_group(struct chart_data *cd, const struct summary *s,
                                const struct compare *c, size_t group, enum chart_lang lang)
{
        clear(cd, CHART_DOTS, lang);
        const struct dataset *ds = s->ds;
        size_t nd = ds->current->ndomains;
        cd->dots = xcalloc(nd ? nd : 1, sizeof(*cd->dots));
        for (size_t d = 0; d < nd; d++) {
                const char *id = ds->current->domains[d].id;
                struct chart_dot_row *row = &cd->dots[d];
                row->label = chart_data_domain_title(ds, d, lang);
                dot_from(row, s, chart_data_row(s, group, id));
                if (group == 0 || row->hidden)
                        continue;
                row->signal = flag_of(c, s->groups[group].label, id);
                const struct summary_row *all = chart_data_row(s, 0, id);
                if (all)
                        row->ref = all->score;
        }
        cd->spec.dots.rows = cd->dots;
        cd->spec.dots.nrows = nd;
        if (group > 0)
                cd->spec.dots.mark_label = report_text(lang, RT_MUNICIPALITY);
        cd->spec.title = report_text(lang, group == 0 ? RT_SCORES_ALL : RT_UNIT_SCORES);
        scores_common(cd, c, group > 0);
        if (group > 0) {
                const char *name = chart_data_unit_name(ds, s->groups[group].label, lang);
                cd->spec.subtitle =
                    name == s->groups[group].label ? chart_data_keep(cd, xstrdup(name)) : name;
        }
}

/* ---- over time ------------------------------------------------------------------------- */

int chart_data_series_index(const struct trend *t, const char *id)
{
        for (size_t i = 0; i < t->nseries; i++)
                if (strcmp(t->series[i].id, id) == 0)
                        return (int)i;
        return -1;
}

static bool point_shown(const struct trend_point *p)
{
        return p->why == SUPPRESS_NONE && p->n > 0 && !isnan(p->value);
}

/* Calls fn for every run of points on one side of the median, over the visible
 * points from the last break; points on the median neither count nor break a
 * run, as in stats_anhoej(). first and last are period indexes. */
static void walk_runs(const struct trend *t, const struct trend_series *s,
                      void (*fn)(size_t first, size_t last, int side, size_t len, void *arg),
                      void *arg)
{
        size_t np = t->nperiods, first = 0, last = 0, len = 0;
        int side = 0;
        for (size_t p = s->segment_start; p <= np; p++) {
                int here = 0;
                if (p < np) {
                        const struct trend_point *tp = &s->points[p];
                        if (!point_shown(tp) || tp->value == s->median)
                                continue;
                        here = tp->value > s->median ? 1 : -1;
                }
                if (here != side) {
                        if (side != 0)
                                fn(first, last, side, len, arg);
                        side = here;
                        first = p;
                        len = 0;
                }
                last = p;
                len++;
        }
}

struct run_marks {
        const struct trend_series *s;
        struct chart_point *pts;
};

static void mark_run(size_t first, size_t last, int side, size_t len, void *arg)
{
        struct run_marks *m = arg;
        if (len <= m->s->anhoej.run_limit)
                return;
        for (size_t q = first; q <= last; q++)
                if (point_shown(&m->s->points[q]) && m->s->points[q].value != m->s->median)
                        m->pts[q].signal = true;
}

struct longest {
        size_t first, last, len;
        int side;
};

static void keep_longest(size_t first, size_t last, int side, size_t len, void *arg)
{
        struct longest *l = arg;
        if (len > l->len)
                *l = (struct longest){first, last, len, side};
}

bool chart_data_longest_run(const struct trend *t, size_t i, size_t *first, size_t *last, int *side)
{
        struct longest l = {0, 0, 0, 0};
        walk_runs(t, &t->series[i], keep_longest, &l);
        *first = l.first;
        *last = l.last;
        *side = l.side;
        return l.len > 0;
}

void chart_data_series(struct chart_data *cd, const struct trend *t, size_t i, bool pchart,
                       enum chart_lang lang)
{
        clear(cd, pchart ? CHART_PCHART : CHART_RUN, lang);
        const struct trend_series *s = &t->series[i];
        const struct dataset *ds = t->ds;
        size_t np = t->nperiods;
        cd->points = xcalloc(np ? np : 1, sizeof(*cd->points));
        for (size_t p = 0; p < np; p++) {
                const struct trend_point *tp = &s->points[p];
                struct chart_point *cp = &cd->points[p];
                cp->label = chart_data_keep(cd, xstrdup(t->periods[p])); /* t may go first */
                cp->brk = tp->brk;
                cp->value = cp->lcl = cp->ucl = NAN;
                if (!point_shown(tp)) {
                        cp->hidden = true;
                        continue;
                }
                cp->value = tp->value;
                cp->n = tp->n;
                if (pchart) {
                        cp->lcl = tp->lcl;
                        cp->ucl = tp->ucl;
                        cp->signal = tp->outside;
                }
        }
        if (!pchart && s->anhoej.run_signal) {
                struct run_marks m = {s, cd->points};
                walk_runs(t, s, mark_run, &m);
        }
        struct chart_series *cs = &cd->spec.series;
        cs->points = cd->points;
        cs->npoints = np;
        cs->percent = !s->domain;
        cs->decimals = 0;
        cs->centre = pchart ? s->centre : s->median;
        cs->signal_label = report_text(lang, pchart ? RT_SIGNAL_OUTSIDE : RT_SIGNAL_RUN);

        const char *name = s->id;
        int d = s->domain ? chart_data_domain_index(ds, s->id) : dataset_column(ds, s->id);
        if (d >= 0)
                name = s->domain ? chart_data_domain_title(ds, (size_t)d, lang)
                                 : chart_data_item_text(ds, d, lang);
        bool month = t->by == TREND_BY_MONTH;
        /* A need is named in the title; a statement is the title (a sentence). */
        cd->spec.title =
            s->domain ? keep_text(cd, pchart ? RT_TITLE_PCHART : RT_TITLE_RUN, REPORT_ARGS(name))
                      : name;
        cd->spec.subtitle =
            report_text(lang, s->domain ? (month ? RT_SUB_SCORE_MONTH : RT_SUB_SCORE_WAVE)
                                        : (month ? RT_SUB_PCT_MONTH : RT_SUB_PCT_WAVE));
        struct strbuf sb = STRBUF_INIT;
        if (pchart) {
                char c[CHART_NUM_MAX];
                chart_format_percent(c, sizeof(c), s->centre, 1, lang);
                report_text_fill(&sb, lang, RT_NOTE_PCHART, REPORT_ARGS(c));
        } else if (s->anhoej.useful < 2) {
                strbuf_addstr(&sb, report_text(lang, RT_NOTE_FEW_POINTS));
        } else {
                char a[24], b[24], c[24], e[24];
                snprintf(a, sizeof(a), "%zu", s->anhoej.longest_run);
                snprintf(b, sizeof(b), "%zu", s->anhoej.run_limit);
                snprintf(c, sizeof(c), "%zu", s->anhoej.crossings);
                snprintf(e, sizeof(e), "%zu", s->anhoej.crossing_limit);
                report_text_fill(&sb, lang, RT_NOTE_RUN, REPORT_ARGS(a, b, c, e));
                strbuf_addch(&sb, ' ');
                strbuf_addstr(
                    &sb, report_text(lang, s->anhoej.signal ? RT_NOTE_SIGNAL : RT_NOTE_NO_SIGNAL));
        }
        cd->spec.note = chart_data_keep(cd, strbuf_detach(&sb, NULL));
}

void chart_data_counts(struct chart_data *cd, const struct dataset *ds, enum trend_by by,
                       enum chart_lang lang)
{
        clear(cd, CHART_COUNTS, lang);
        /* Every wave (month) of the survey in the filter's slice, sizes from the gate:
         * one with nobody of the filter's unit reads "too few" like a small one. */
        const char **labels;
        size_t np = disclosure_periods(ds->gate, by == TREND_BY_MONTH, ds->filter_unit,
                                       ds->filter_wave, &labels);
        cd->points = xcalloc(np ? np : 1, sizeof(*cd->points));
        for (size_t p = 0; p < np; p++) {
                struct disclosure_key k = {ds->filter_unit, ds->filter_wave, NULL, NULL, 0, false};
                if (by == TREND_BY_WAVE)
                        k.wave = labels[p];
                else
                        k.month = labels[p];
                struct disclosure_size sz;
                disclosure_size(ds->gate, &k, &sz);
                struct chart_point *cp = &cd->points[p];
                cp->label = chart_data_keep(cd, xstrdup(labels[p]));
                cp->lcl = cp->ucl = cp->value = NAN;
                cp->hidden = sz.detail < DISCLOSE_SIZE;
                if (!cp->hidden) {
                        cp->value = (double)sz.n;
                        cp->n = sz.n;
                }
        }
        free(labels);
        cd->spec.series.points = cd->points;
        cd->spec.series.npoints = np;
        cd->spec.title = report_text(lang, RT_TITLE_COUNTS);
        cd->spec.subtitle =
            report_text(lang, by == TREND_BY_WAVE ? RT_SUB_COUNTS_WAVE : RT_SUB_COUNTS_MONTH);
        cd->spec.note = report_text(lang, RT_NOTE_COUNTS);
}
