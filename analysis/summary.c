#include "summary.h"
#include "stats.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ALPHA_MIN_N 50 /* Cronbach's alpha only on at least this many complete answers */

bool summary_background_item(const struct survey_item *item)
{
        return item && item->section == 0 &&
               (item->type == SURVEY_ITEM_SINGLE || item->type == SURVEY_ITEM_YESNO);
}

bool summary_item_kind(const struct survey_item *item)
{
        return item && !summary_background_item(item) &&
               (item->type == SURVEY_ITEM_SCALE || item->type == SURVEY_ITEM_YESNO);
}

size_t summary_cell(const struct survey_item *item, int32_t v, size_t npoints)
{
        if (!item || v == DATASET_MISSING)
                return npoints + 1;
        if (v == DATASET_DONT_KNOW)
                return npoints;
        long i = -1;
        if (item->type == SURVEY_ITEM_SCALE) {
                for (size_t p = 0; p < item->scale->npoints && i < 0; p++)
                        if (item->scale->points[p].value == v)
                                i = (long)p;
        } else {
                i = v;
        }
        return i >= 0 && (size_t)i < npoints ? (size_t)i : npoints + 1;
}

double summary_item_score(const struct survey_item *item, int32_t v)
{
        if (!item || item->type != SURVEY_ITEM_SCALE || v == DATASET_MISSING ||
            v == DATASET_DONT_KNOW)
                return NAN;
        const struct survey_scale *sc = item->scale;
        double lo = sc->points[0].value, hi = sc->points[sc->npoints - 1].value;
        if (hi <= lo)
                return NAN;
        double s = ((double)v - lo) / (hi - lo) * 100.0;
        return item->reverse ? 100.0 - s : s;
}

double summary_domain_score(const struct dataset *ds, size_t r, size_t domain)
{
        double sum = 0;
        size_t items = 0, answered = 0;
        for (const size_t *cp = dataset_domain_columns(ds, ds->version[r], domain); *cp != SIZE_MAX;
             cp++) {
                size_t c = *cp;
                const struct survey_item *it = dataset_item_of(ds, r, c);
                items++;
                double s = summary_item_score(it, dataset_value(ds, r, c));
                if (!isnan(s)) {
                        sum += s;
                        answered++;
                }
        }
        if (items == 0 || answered * 2 < items)
                return NAN;
        return sum / (double)answered;
}

int summary_groups(const struct dataset *ds, const char *by, char ***labels, size_t *nlabels,
                   size_t **group_of, struct lytt_error *err)
{
        size_t *g = xcalloc(ds->n ? ds->n : 1, sizeof(size_t));
        char **l = NULL;
        size_t n = 0;
        if (!by) {
                *labels = NULL;
                *nlabels = 0;
                *group_of = g;
                return 0;
        }
        if (strcmp(by, "unit") == 0 || strcmp(by, "wave") == 0) {
                /* Every unit (wave) of the survey, not only those in the filter: an
                 * empty one reads "too few" like a small one. */
                bool unit = by[0] == 'u';
                char *const *src = unit ? ds->units : ds->waves;
                n = unit ? ds->nunits : ds->nwaves;
                if (ds->gate)
                        n = unit ? disclosure_units(ds->gate, &src)
                                 : disclosure_waves(ds->gate, &src);
                l = xcalloc(n ? n : 1, sizeof(char *));
                for (size_t i = 0; i < n; i++)
                        l[i] = xstrdup(src[i]);
                size_t nown = unit ? ds->nunits : ds->nwaves;
                size_t *map = xcalloc(nown ? nown : 1, sizeof(size_t));
                for (size_t k = 0; k < nown; k++) {
                        const char *label = unit ? ds->units[k] : ds->waves[k];
                        for (size_t i = 0; i < n; i++)
                                if (strcmp(l[i], label) == 0)
                                        map[k] = i;
                }
                for (size_t r = 0; r < ds->n; r++)
                        g[r] = map[unit ? ds->unit[r] : ds->wave[r]];
                free(map);
        } else {
                int c = dataset_column(ds, by);
                const struct survey_item *it = c >= 0 ? dataset_item(ds, (size_t)c) : NULL;
                if (!summary_background_item(it)) {
                        lytt_error_set(err, NULL, 0,
                                       "--by must be unit, wave or a single-choice or yes/no "
                                       "item of the first (background) section of '%s', not "
                                       "'%s'",
                                       ds->survey_id, by);
                        free(g);
                        return -1;
                }
                static const char *const yn[] = {"yes", "no", "dk"};
                size_t nopt = it->type == SURVEY_ITEM_YESNO ? 3 : it->noptions;
                n = nopt + 1;
                l = xcalloc(n, sizeof(char *));
                for (size_t i = 0; i < nopt; i++)
                        l[i] = xstrdup(it->type == SURVEY_ITEM_YESNO ? yn[i] : it->options[i].id);
                l[nopt] = xstrdup("(no answer)");
                for (size_t r = 0; r < ds->n; r++) {
                        int32_t v = dataset_value(ds, r, (size_t)c);
                        if (v == DATASET_MISSING)
                                g[r] = nopt;
                        else if (v == DATASET_DONT_KNOW)
                                g[r] = it->type == SURVEY_ITEM_YESNO ? 2 : nopt;
                        else
                                g[r] = (size_t)v < nopt ? (size_t)v : nopt;
                }
        }
        *labels = l;
        *nlabels = n;
        *group_of = g;
        return 0;
}

/* Moments for a t interval, accumulated in one pass (Welford). */
struct moments {
        unsigned long n;
        double mean, m2;
};

static void moments_add(struct moments *m, double x)
{
        m->n++;
        double d = x - m->mean;
        m->mean += d / (double)m->n;
        m->m2 += d * (x - m->mean);
}

static void moments_interval(const struct moments *m, double conf, double *mean, double *lo,
                             double *hi)
{
        double sd = m->n > 1 ? sqrt(m->m2 / (double)(m->n - 1)) : NAN;
        struct stats_mean s = stats_mean_t_from(m->n, m->n ? m->mean : NAN, sd, conf);
        *mean = s.mean;
        *lo = s.lo;
        *hi = s.hi;
}

/* Cronbach's alpha of one domain, in every group at once: one pass collects each
 * group's complete answers (a response goes to "all" and to its own group). */
static void domain_alpha(const struct summary *s, const size_t *gof, size_t nlabels, size_t domain,
                         size_t per_group, size_t nitems)
{
        const struct dataset *ds = s->ds;
        const char *dom = ds->current->domains[domain].id;
        size_t cols[64], k = 0;
        for (size_t c = 0; c < ds->ncols && k < 64; c++) {
                const struct survey_item *it = dataset_item(ds, c);
                if (it && it->type == SURVEY_ITEM_SCALE && it->domain &&
                    strcmp(it->domain->id, dom) == 0)
                        cols[k++] = c;
        }
        if (k < 2)
                return;
        size_t ng = s->ngroups;
        double **data = xcalloc(ng, sizeof(double *));
        size_t *n = xcalloc(ng, sizeof(size_t)), *alloc = xcalloc(ng, sizeof(size_t));
        /* Room for every respondent of each group up front: no copying as it grows. */
        for (size_t g = 0; g < ng; g++) {
                alloc[g] = s->groups[g].n ? s->groups[g].n : 1;
                data[g] = xmalloc(alloc[g] * k * sizeof(double));
        }
        for (size_t r = 0; r < ds->n; r++) {
                double row[64];
                bool complete = true;
                for (size_t j = 0; j < k && complete; j++) {
                        const struct survey_item *it = dataset_item_of(ds, r, cols[j]);
                        row[j] = summary_item_score(it, dataset_value(ds, r, cols[j]));
                        complete = !isnan(row[j]);
                }
                if (!complete)
                        continue;
                size_t gs[2] = {0, nlabels ? gof[r] + 1 : 0};
                for (size_t q = 0; q < (nlabels ? 2u : 1u); q++) {
                        size_t g = gs[q];
                        data[g] = xgrow(data[g], sizeof(double) * k, n[g] + 1, &alloc[g]);
                        memcpy(data[g] + n[g] * k, row, k * sizeof(double));
                        n[g]++;
                }
        }
        for (size_t g = 0; g < ng; g++) {
                struct summary_row *items = &s->rows[g * per_group];
                struct summary_row *drow = &s->rows[g * per_group + nitems + domain];
                if (n[g] >= ALPHA_MIN_N) {
                        double r_drop[64];
                        drow->alpha = stats_cronbach_alpha(data[g], n[g], k, r_drop);
                        for (size_t j = 0; j < k; j++)
                                for (size_t i = 0; i < nitems; i++)
                                        if (items[i].col == (int)cols[j])
                                                items[i].r_drop = r_drop[j];
                }
                free(data[g]);
        }
        free(data);
        free(n);
        free(alloc);
}

/* The gate's key of group g: the filter's group, narrowed by `by`. */
static struct disclosure_key group_key(const struct summary *s, size_t g)
{
        const struct dataset *ds = s->ds;
        struct disclosure_key k = {ds->filter_unit, ds->filter_wave, NULL, NULL, 0, false};
        if (g == 0 || !s->opt.by)
                return k;
        if (strcmp(s->opt.by, "unit") == 0)
                k.unit = s->groups[g].label;
        else if (strcmp(s->opt.by, "wave") == 0)
                k.wave = s->groups[g].label;
        else {
                k.by = s->opt.by;
                k.cat = g - 1;
        }
        return k;
}

static void clear_item(struct summary_row *row)
{
        row->n = row->n_dk = row->n_skipped = row->x = 0;
        row->dkna_hidden = false;
        memset(row->dist, 0, sizeof(row->dist));
        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++) {
                row->share[b] = NAN;
                row->band[b] = DISCLOSE_EXACT;
        }
        row->pct = row->ci_lo = row->ci_hi = row->pct_dk = NAN;
        row->score = row->score_lo = row->score_hi = row->r_drop = NAN;
}

/* Replaces every count by the gate's published one and clears what it hides. */
static void publish(struct summary *s, size_t per_group)
{
        const struct disclosure *gate = s->ds->gate;
        for (size_t g = 0; g < s->ngroups; g++) {
                struct disclosure_key k = group_key(s, g);
                struct disclosure_size sz;
                disclosure_size(gate, &k, &sz);
                struct summary_group *gr = &s->groups[g];
                gr->n = sz.n;
                gr->detail = sz.detail;
                gr->why = sz.why;
                gr->empty = sz.empty;
                for (size_t j = 0; j < per_group; j++) {
                        struct summary_row *row = &s->rows[g * per_group + j];
                        row->uncertain = sz.uncertain;
                        if (row->col < 0) { /* a domain */
                                row->detail = sz.detail;
                                row->why = sz.why;
                                row->n = 0;
                                if (sz.detail < DISCLOSE_SIZE || sz.empty)
                                        row->score = row->score_lo = row->score_hi = NAN;
                                if (sz.detail < DISCLOSE_POINTS || sz.empty)
                                        row->alpha = NAN;
                                continue;
                        }
                        struct disclosure_item it;
                        disclosure_item(gate, &k, row->id, &it);
                        double score = row->score, lo = row->score_lo, hi = row->score_hi;
                        double r_drop = row->r_drop;
                        clear_item(row);
                        row->detail = sz.empty ? DISCLOSE_HIDDEN : it.detail;
                        row->why = it.why;
                        const struct survey_item *item = dataset_item(s->ds, (size_t)row->col);
                        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                                row->has_bucket[b] = false;
                        for (size_t p = 0; p + 2 < row->ndist; p++) {
                                int32_t v = item->type == SURVEY_ITEM_SCALE
                                                ? item->scale->points[p].value
                                                : (int32_t)p;
                                int b = disclosure_bucket_of(item, v);
                                if (b >= 0)
                                        row->has_bucket[b] = true;
                        }
                        if (row->detail < DISCLOSE_BUCKETS)
                                continue;
                        row->n = it.n;
                        row->n_dk = it.n_dk;
                        row->n_skipped = it.n_na;
                        row->dkna_hidden = !it.dkna_shown;
                        row->pct_dk = it.group_n && it.dkna_shown
                                          ? 100.0 * (double)it.n_dk / (double)it.group_n
                                          : NAN;
                        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++) {
                                row->band[b] = it.band[b];
                                if (it.band[b] == DISCLOSE_EXACT && it.n > 0 && row->has_bucket[b])
                                        row->share[b] = 100.0 * (double)it.x[b] / (double)it.n;
                        }
                        if (it.band[DISCLOSE_POS] == DISCLOSE_EXACT && it.n > 0) {
                                row->x = it.x[DISCLOSE_POS];
                                struct stats_interval ci =
                                    s->opt.ci == SUMMARY_CI_WILSON
                                        ? stats_wilson(row->x, row->n, s->opt.conf)
                                        : stats_clopper_pearson(row->x, row->n, s->opt.conf);
                                row->pct = row->share[DISCLOSE_POS];
                                row->ci_lo = 100.0 * ci.lo;
                                row->ci_hi = 100.0 * ci.hi;
                        }
                        if (row->detail < DISCLOSE_POINTS)
                                continue;
                        for (size_t j2 = 0; j2 < row->ndist && j2 < it.ndist; j2++)
                                row->dist[j2] = it.dist[j2];
                        row->score = score;
                        row->score_lo = lo;
                        row->score_hi = hi;
                        row->r_drop = r_drop;
                }
        }
}

int summary_compute(const struct dataset *ds, const struct summary_options *opt,
                    struct summary **out, struct lytt_error *err)
{
        char **labels = NULL;
        size_t nlabels = 0, *gof = NULL;
        *out = NULL;
        if (summary_groups(ds, opt->by, &labels, &nlabels, &gof, err) < 0)
                return -1;
        struct summary *s = xcalloc(1, sizeof(*s));
        s->ds = ds;
        s->opt = *opt;
        suppress_policy_of(ds->current, &s->policy);
        s->ngroups = nlabels + 1;
        s->groups = xcalloc(s->ngroups, sizeof(*s->groups));
        s->groups[0].label = xstrdup("all");
        for (size_t g = 0; g < nlabels; g++)
                s->groups[g + 1].label = labels[g];
        free(labels);
        for (size_t r = 0; r < ds->n; r++) {
                s->groups[0].n++;
                if (nlabels)
                        s->groups[gof[r] + 1].n++;
        }

        /* Rows: per group, every summarised item then every domain. */
        size_t nitems = 0;
        for (size_t c = 0; c < ds->ncols; c++)
                nitems += summary_item_kind(dataset_item(ds, c));
        size_t ndom = ds->current->ndomains;
        size_t per_group = nitems + ndom;
        s->nrows = s->ngroups * per_group;
        s->rows = xcalloc(s->nrows ? s->nrows : 1, sizeof(*s->rows));
        struct moments *mom = xcalloc(s->nrows ? s->nrows : 1, sizeof(*mom));
        for (size_t g = 0; g < s->ngroups; g++) {
                size_t k = 0;
                for (size_t c = 0; c < ds->ncols; c++) {
                        const struct survey_item *it = dataset_item(ds, c);
                        if (!summary_item_kind(it))
                                continue;
                        struct summary_row *row = &s->rows[g * per_group + k++];
                        row->group = g;
                        row->col = (int)c;
                        row->id = ds->cols[c].id;
                        row->ndist = (it->type == SURVEY_ITEM_SCALE ? it->scale->npoints : 2) + 2;
                        row->alpha = row->r_drop = NAN;
                }
                for (size_t d = 0; d < ndom; d++) {
                        struct summary_row *row = &s->rows[g * per_group + k++];
                        row->group = g;
                        row->col = -1;
                        row->id = ds->current->domains[d].id;
                        row->ndist = 0;
                        row->alpha = row->r_drop = NAN;
                }
        }

        /* One pass over the responses. */
        for (size_t r = 0; r < ds->n; r++) {
                size_t gs[2] = {0, nlabels ? gof[r] + 1 : 0};
                size_t ngs = nlabels ? 2 : 1;
                size_t k = 0;
                for (size_t c = 0; c < ds->ncols; c++) {
                        const struct survey_item *cur = dataset_item(ds, c);
                        if (!summary_item_kind(cur))
                                continue;
                        /* Counts come from the gate (publish()); here only the scores. */
                        const struct survey_item *it = dataset_item_of(ds, r, c);
                        int32_t v = dataset_value(ds, r, c);
                        size_t np = s->rows[k].ndist - 2;
                        double sc = summary_cell(it, v, np) < np ? summary_item_score(it, v) : NAN;
                        if (!isnan(sc))
                                for (size_t q = 0; q < ngs; q++)
                                        moments_add(&mom[gs[q] * per_group + k], sc);
                        k++;
                }
                for (size_t d = 0; d < ndom; d++, k++) {
                        double sc = summary_domain_score(ds, r, d);
                        if (isnan(sc))
                                continue;
                        for (size_t q = 0; q < ngs; q++)
                                moments_add(&mom[gs[q] * per_group + k], sc);
                }
        }

        /* Score intervals and reliability; percentages and their intervals come from
         * the gate's counts in publish(). */
        for (size_t i = 0; i < s->nrows; i++) {
                struct summary_row *row = &s->rows[i];
                row->pct = row->ci_lo = row->ci_hi = NAN;
                moments_interval(&mom[i], opt->conf, &row->score, &row->score_lo, &row->score_hi);
        }
        for (size_t d = 0; d < ndom; d++)
                domain_alpha(s, gof, nlabels, d, per_group, nitems);
        free(mom);
        free(gof);
        publish(s, per_group);
        participation_compute(ds, &s->policy, &s->part);
        *out = s;
        return 0;
}

void summary_free(struct summary *s)
{
        if (!s)
                return;
        for (size_t g = 0; g < s->ngroups; g++)
                free(s->groups[g].label);
        free(s->groups);
        free(s->rows);
        participation_release(&s->part);
        free(s);
}
