#include "summary.h"
#include "stats.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ALPHA_MIN_N 50 /* Cronbach's alpha only on at least this many complete answers */

bool summary_item_kind(const struct survey_item *item)
{
        return item && (item->type == SURVEY_ITEM_SCALE || item->type == SURVEY_ITEM_YESNO);
}

/* Position of a value among the scale's points, or -1. */
static int point_index(const struct survey_scale *sc, int32_t v)
{
        for (size_t i = 0; i < sc->npoints; i++)
                if (sc->points[i].value == v)
                        return (int)i;
        return -1;
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

bool summary_is_positive(const struct survey_item *item, int32_t v)
{
        if (item->type == SURVEY_ITEM_YESNO)
                return v == 0;
        if (item->type != SURVEY_ITEM_SCALE)
                return false;
        int i = point_index(item->scale, v);
        if (i < 0)
                return false;
        if (item->reverse)
                i = (int)item->scale->npoints - 1 - i; /* the mirrored point */
        return item->scale->points[i].positive;
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
                bool unit = by[0] == 'u';
                char **src = unit ? ds->units : ds->waves;
                n = unit ? ds->nunits : ds->nwaves;
                l = xcalloc(n ? n : 1, sizeof(char *));
                for (size_t i = 0; i < n; i++)
                        l[i] = xstrdup(src[i]);
                for (size_t r = 0; r < ds->n; r++)
                        g[r] = unit ? ds->unit[r] : ds->wave[r];
        } else {
                int c = dataset_column(ds, by);
                const struct survey_item *it = c >= 0 ? dataset_item(ds, (size_t)c) : NULL;
                if (!it || (it->type != SURVEY_ITEM_SINGLE && it->type != SURVEY_ITEM_YESNO)) {
                        lytt_error_set(err, NULL, 0,
                                       "--by must be unit, wave or a single-choice or yes/no "
                                       "background item of '%s', not '%s'",
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
                drow->alpha_n = n[g];
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

/* Hides what the rules say, row by row and across groups (suppress.h). */
static void apply_suppression(struct summary *s, size_t per_group)
{
        const struct suppress_policy *pol = &s->policy;
        /* Groups: the breakdown groups (1..) protect each other; "all" stands alone. */
        unsigned long *sizes = xcalloc(s->ngroups, sizeof(unsigned long));
        enum suppress_reason *why = xcalloc(s->ngroups, sizeof(*why));
        for (size_t g = 1; g < s->ngroups; g++)
                sizes[g] = s->groups[g].n;
        suppress_groups(sizes + 1, s->ngroups - 1, pol, why + 1);
        sizes[0] = s->groups[0].n;
        suppress_groups(sizes, 1, pol, why);
        for (size_t g = 0; g < s->ngroups; g++)
                s->groups[g].why = why[g];
        free(sizes);
        free(why);

        for (size_t i = 0; i < s->nrows; i++) {
                struct summary_row *row = &s->rows[i];
                enum suppress_reason gw = s->groups[row->group].why;
                if (suppress_hides_group(gw))
                        row->why = gw;
                row->uncertain = gw == SUPPRESS_NO_BREAKDOWN;
                if (row->uncertain) {
                        row->hide_dist = true;
                        row->why_cells = SUPPRESS_NO_BREAKDOWN;
                }
        }

        /* Cells, per item (or domain) across the groups: every group's cells with their
         * row sums (valid n, positive, not positive, all) and, over the visible groups,
         * one column sum per cell kind published in the "all" row. */
        for (size_t k = 0; k < per_group; k++) {
                struct summary_row *r0 = &s->rows[k];
                bool domain = r0->col < 0;
                size_t nd = domain ? 1 : r0->ndist;
                size_t ng = s->ngroups;
                size_t ncells = ng * nd;
                unsigned long *count = xcalloc(ncells, sizeof(unsigned long));
                bool *hidden = xcalloc(ncells, sizeof(bool));
                enum suppress_reason *cwhy = xcalloc(ncells, sizeof(*cwhy));
                size_t maxsums = ng * 4 + nd + 1;
                size_t *first = xcalloc(maxsums, sizeof(size_t));
                size_t *len = xcalloc(maxsums, sizeof(size_t));
                size_t *members = xcalloc(maxsums * (ncells + 1), sizeof(size_t));
                bool *sum_hidden = xcalloc(maxsums, sizeof(bool));
                size_t nsums = 0, nm = 0;
                size_t npoints = domain ? 0 : nd - 2;
#define CELL(g, j) ((g)*nd + (j))
                for (size_t g = 0; g < ng; g++) {
                        struct summary_row *row = &s->rows[g * per_group + k];
                        for (size_t j = 0; j < nd; j++) {
                                count[CELL(g, j)] = domain ? row->n : row->dist[j];
                                hidden[CELL(g, j)] = row->why != SUPPRESS_NONE;
                        }
                        if (row->why != SUPPRESS_NONE || domain)
                                continue;
                        /* Row sums: valid (points), positive, not positive, everyone. */
                        const struct survey_item *it = dataset_item(s->ds, (size_t)row->col);
                        first[nsums] = nm; /* valid answers */
                        for (size_t j = 0; j < npoints; j++)
                                members[nm++] = CELL(g, j);
                        len[nsums] = nm - first[nsums];
                        nsums++;
                        for (int want = 1; want >= 0; want--) { /* positive, then the others */
                                first[nsums] = nm;
                                for (size_t j = 0; j < npoints; j++) {
                                        int32_t v = it->type == SURVEY_ITEM_SCALE
                                                        ? it->scale->points[j].value
                                                        : (int32_t)j;
                                        if (summary_is_positive(it, v) == (want == 1))
                                                members[nm++] = CELL(g, j);
                                }
                                len[nsums] = nm - first[nsums];
                                nsums++;
                        }
                        first[nsums] = nm; /* everyone in the group */
                        for (size_t j = 0; j < nd; j++)
                                members[nm++] = CELL(g, j);
                        len[nsums] = nm - first[nsums];
                        nsums++;
                }
                /* Column sums: the all row (group 0) equals the sum of the breakdown groups. */
                if (ng > 1) {
                        for (size_t j = 0; j < nd; j++) {
                                first[nsums] = nm;
                                for (size_t g = 1; g < ng; g++)
                                        members[nm++] = CELL(g, j);
                                len[nsums] = nm - first[nsums];
                                nsums++;
                        }
                }
                struct suppress_table t = {ncells, count, hidden,  cwhy,      nsums,
                                           first,  len,   members, sum_hidden};
                suppress_table_apply(&t, pol->min_cell);
                for (size_t g = 0; g < ng; g++) {
                        struct summary_row *row = &s->rows[g * per_group + k];
                        if (row->why != SUPPRESS_NONE)
                                continue;
                        bool any = false;
                        for (size_t j = 0; j < nd; j++) {
                                row->hide_cell[j] = hidden[CELL(g, j)];
                                if (hidden[CELL(g, j)]) {
                                        any = true;
                                        if (row->why_cells == SUPPRESS_NONE)
                                                row->why_cells = cwhy[CELL(g, j)];
                                }
                        }
                        if (domain) {
                                row->hide_n = row->hide_score = hidden[CELL(g, 0)];
                                continue;
                        }
                        /* Which of this group's sums ended up revealing a hidden cell? A
                         * published figure is hidden when any of its cells is. */
                        bool valid_hidden = false, pos_hidden = false, neg_hidden = false;
                        const struct survey_item *it = dataset_item(s->ds, (size_t)row->col);
                        for (size_t j = 0; j < npoints; j++) {
                                if (!hidden[CELL(g, j)])
                                        continue;
                                valid_hidden = true;
                                int32_t v = it->type == SURVEY_ITEM_SCALE
                                                ? it->scale->points[j].value
                                                : (int32_t)j;
                                if (summary_is_positive(it, v))
                                        pos_hidden = true;
                                else
                                        neg_hidden = true;
                        }
                        /* n is shown unless the engine had to hide the sum itself; the
                         * percentage reveals the positive and the other counts, so it needs
                         * both sums free of a single hidden cell: since every sum has 0 or
                         * >= 2 hidden cells, hide the percentage when either holds any. */
                        row->hide_pct = pos_hidden || neg_hidden;
                        row->hide_score = valid_hidden;
                        row->hide_n = row->n > 0 && row->n < pol->min_cell;
                        row->hide_dk = hidden[CELL(g, npoints)];
                        if (any && row->why_cells == SUPPRESS_NONE)
                                row->why_cells = SUPPRESS_SECONDARY;
                }
#undef CELL
                free(count);
                free(hidden);
                free(cwhy);
                free(first);
                free(len);
                free(members);
                free(sum_hidden);
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
                        const struct survey_item *it = dataset_item_of(ds, r, c);
                        int32_t v = dataset_value(ds, r, c);
                        for (size_t q = 0; q < ngs; q++) {
                                size_t idx = gs[q] * per_group + k;
                                struct summary_row *row = &s->rows[idx];
                                size_t np = row->ndist - 2;
                                if (!it || v == DATASET_MISSING) {
                                        row->n_skipped++;
                                        row->dist[np + 1]++;
                                } else if (v == DATASET_DONT_KNOW) {
                                        row->n_dk++;
                                        row->dist[np]++;
                                } else {
                                        int pi = it->type == SURVEY_ITEM_SCALE
                                                     ? point_index(it->scale, v)
                                                     : (int)v;
                                        if (pi < 0 || (size_t)pi >= np) {
                                                row->n_skipped++;
                                                row->dist[np + 1]++;
                                                continue;
                                        }
                                        row->n++;
                                        row->dist[pi]++;
                                        if (summary_is_positive(it, v))
                                                row->x++;
                                        double sc = summary_item_score(it, v);
                                        if (!isnan(sc))
                                                moments_add(&mom[idx], sc);
                                }
                        }
                        k++;
                }
                for (size_t d = 0; d < ndom; d++, k++) {
                        double sc = summary_domain_score(ds, r, d);
                        if (isnan(sc))
                                continue;
                        for (size_t q = 0; q < ngs; q++) {
                                size_t idx = gs[q] * per_group + k;
                                s->rows[idx].n++;
                                moments_add(&mom[idx], sc);
                        }
                }
        }

        /* Intervals and reliability. */
        for (size_t i = 0; i < s->nrows; i++) {
                struct summary_row *row = &s->rows[i];
                row->pct = row->ci_lo = row->ci_hi = NAN;
                if (row->col >= 0 && row->n > 0) {
                        struct stats_interval ci =
                            opt->ci == SUMMARY_CI_WILSON
                                ? stats_wilson(row->x, row->n, opt->conf)
                                : stats_clopper_pearson(row->x, row->n, opt->conf);
                        row->pct = 100.0 * (double)row->x / (double)row->n;
                        row->ci_lo = 100.0 * ci.lo;
                        row->ci_hi = 100.0 * ci.hi;
                }
                moments_interval(&mom[i], opt->conf, &row->score, &row->score_lo, &row->score_hi);
        }
        for (size_t d = 0; d < ndom; d++)
                domain_alpha(s, gof, nlabels, d, per_group, nitems);
        free(mom);
        free(gof);
        apply_suppression(s, per_group);
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
