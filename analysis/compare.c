#include "compare.h"
#include "csv.h"
#include "disclosure.h"
#include "summary.h"
#include "xmalloc.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ALPHA_LEVEL 0.05
#define FLAG_PP     10.0 /* percentage points, items */
#define FLAG_SCORE  5.0  /* score points, domains */

/* Columns summarised as items, in order. */
static size_t item_columns(const struct dataset *ds, size_t *cols)
{
        size_t n = 0;
        for (size_t c = 0; c < ds->ncols; c++)
                if (summary_item_kind(dataset_item(ds, c)))
                        cols[n++] = c;
        return n;
}

static void add_row(struct compare *c, size_t *alloc, const struct compare_row *r)
{
        c->rows = xgrow(c->rows, sizeof(*c->rows), c->nrows + 1, alloc);
        c->rows[c->nrows++] = *r;
}

/* Corrects the p-values of rows [first, first + n) that have one. */
static void adjust_block(struct compare *c, size_t first, size_t n)
{
        double p[1024];
        size_t idx[1024], m = 0;
        for (size_t i = first; i < first + n && m < 1024; i++)
                if (!isnan(c->rows[i].p)) {
                        p[m] = c->rows[i].p;
                        idx[m++] = i;
                }
        if (m == 0)
                return;
        stats_p_adjust(p, m, c->adjust, p);
        for (size_t k = 0; k < m; k++) {
                struct compare_row *r = &c->rows[idx[k]];
                r->p_adj = p[k];
                double min = r->domain ? FLAG_SCORE : FLAG_PP;
                r->flagged = r->p_adj < ALPHA_LEVEL && fabs(r->diff) >= min;
        }
}

/* The group of unit u in the filter's wave (or every wave), or the rest beside it. */
static struct disclosure_key unit_key(const struct dataset *ds, size_t u, bool rest)
{
        return (struct disclosure_key){.unit = ds->units[u], .wave = ds->filter_wave, .rest = rest};
}

/* Why a group or item shows less than a comparison needs: the gate's reason, or
 * one read from its detail. */
static enum suppress_reason short_of(enum disclosure_detail d, enum suppress_reason why)
{
        if (why != SUPPRESS_NONE)
                return why;
        return d == DISCLOSE_HIDDEN ? SUPPRESS_TOO_FEW : SUPPRESS_NO_BREAKDOWN;
}

static struct compare_row empty_row(const struct dataset *ds, size_t u, const char *id, bool domain)
{
        struct compare_row row = {0};
        row.unit = ds->units[u];
        row.id = id;
        row.domain = domain;
        row.v_unit = row.v_rest = row.diff = NAN;
        row.statistic = row.df = row.p = row.p_adj = NAN;
        row.test = "";
        return row;
}

/* Item rows of one item: the gate's published counts of the unit and of the rest,
 * or nothing unless both show the positive share exactly. */
static void item_rows(struct compare *c, size_t *alloc, const bool *compared, size_t col)
{
        const struct dataset *ds = c->ds;
        const char *id = ds->cols[col].id;
        size_t first = c->nrows;
        for (size_t u = 0; u < ds->nunits; u++) {
                if (!compared[u])
                        continue;
                struct compare_row row = empty_row(ds, u, id, false);
                struct disclosure_key ku = unit_key(ds, u, false), kr = unit_key(ds, u, true);
                struct disclosure_item iu, ir;
                disclosure_item(ds->gate, &ku, id, &iu);
                disclosure_item(ds->gate, &kr, id, &ir);
                if (iu.detail < DISCLOSE_BUCKETS)
                        row.why = short_of(iu.detail, iu.why);
                else if (ir.detail < DISCLOSE_BUCKETS)
                        row.why = short_of(ir.detail, ir.why);
                else if (iu.band[DISCLOSE_POS] != DISCLOSE_EXACT ||
                         ir.band[DISCLOSE_POS] != DISCLOSE_EXACT)
                        row.why = SUPPRESS_BANDED; /* banded: never an exact share */
                if (row.why != SUPPRESS_NONE) {
                        add_row(c, alloc, &row);
                        continue;
                }
                row.n_unit = iu.n;
                row.x_unit = iu.x[DISCLOSE_POS];
                row.n_rest = ir.n;
                row.x_rest = ir.x[DISCLOSE_POS];
                if (iu.n == 0 || ir.n == 0) {
                        add_row(c, alloc, &row); /* nobody answered on one side */
                        continue;
                }
                row.v_unit = 100.0 * (double)row.x_unit / (double)row.n_unit;
                row.v_rest = 100.0 * (double)row.x_rest / (double)row.n_rest;
                row.diff = row.v_unit - row.v_rest;
                /* Expected counts of the 2x2 table decide the test. */
                double N = (double)(row.n_unit + row.n_rest);
                double X = (double)(row.x_unit + row.x_rest);
                double emin =
                    fmin(fmin((double)row.n_unit * X / N, (double)row.n_unit * (N - X) / N),
                         fmin((double)row.n_rest * X / N, (double)row.n_rest * (N - X) / N));
                if (emin < 5) {
                        row.test = "fisher";
                        row.p = stats_fisher_2x2(row.x_unit, row.n_unit - row.x_unit, row.x_rest,
                                                 row.n_rest - row.x_rest);
                } else {
                        struct stats_test t =
                            stats_two_prop(row.x_unit, row.n_unit, row.x_rest, row.n_rest);
                        row.test = "two-proportion";
                        row.statistic = t.statistic;
                        row.df = t.df;
                        row.p = t.p;
                }
                add_row(c, alloc, &row);
        }
        adjust_block(c, first, c->nrows - first);
}

/* Domain rows of domain d: the gate's group sizes, the means and Welch's t from the
 * respondents' scores (the number of scores is not published). */
static void domain_rows(struct compare *c, size_t *alloc, const bool *compared,
                        const unsigned long *usize, const unsigned long *rsize,
                        const double *dscore, size_t d, double *a, double *b)
{
        const struct dataset *ds = c->ds;
        size_t ndom = ds->current->ndomains, first = c->nrows;
        for (size_t u = 0; u < ds->nunits; u++) {
                if (!compared[u])
                        continue;
                size_t na = 0, nb = 0;
                for (size_t r = 0; r < ds->n; r++) {
                        double s = dscore[r * ndom + d];
                        if (isnan(s))
                                continue;
                        if (ds->unit[r] == u)
                                a[na++] = s;
                        else
                                b[nb++] = s;
                }
                struct compare_row row = empty_row(ds, u, ds->current->domains[d].id, true);
                row.n_unit = usize[u];
                row.n_rest = rsize[u];
                if (na == 0 || nb == 0) {
                        add_row(c, alloc, &row); /* no scores on one side: nothing to compare */
                        continue;
                }
                struct stats_mean ma = stats_mean_t(a, na, 0.95);
                struct stats_mean mb = stats_mean_t(b, nb, 0.95);
                row.v_unit = ma.mean;
                row.v_rest = mb.mean;
                row.diff = ma.mean - mb.mean;
                if (na < 2 || nb < 2) {
                        add_row(c, alloc, &row); /* means, but no test */
                        continue;
                }
                struct stats_test t = stats_welch(a, na, b, nb);
                row.test = "welch";
                row.statistic = t.statistic;
                row.df = t.df;
                row.p = t.p;
                add_row(c, alloc, &row);
        }
        adjust_block(c, first, c->nrows - first);
}

/* Kruskal-Wallis over the units in kw (at least two), on values x[r] (NaN: none). */
static void add_kw(struct compare *c, size_t *alloc, const char *id, bool domain, const bool *kw,
                   const double *x, double *a, size_t *grp)
{
        const struct dataset *ds = c->ds;
        size_t groups = 0, n = 0;
        for (size_t u = 0; u < ds->nunits; u++)
                groups += kw[u];
        if (groups < 2)
                return;
        for (size_t r = 0; r < ds->n; r++)
                if (kw[ds->unit[r]] && !isnan(x[r])) {
                        a[n] = x[r];
                        grp[n++] = ds->unit[r];
                }
        c->kw = xgrow(c->kw, sizeof(*c->kw), c->nkw + 1, alloc);
        c->kw[c->nkw++] =
            (struct compare_kw){id, domain, groups, stats_kruskal(a, grp, n, ds->nunits)};
}

/* Background bc x scale item: the published answer points of the filter's group
 * per background category. Every non-empty category must show them (then the test
 * and its smallest expected count follow from published counts); else no test. */
static struct compare_chisq chisq_of(const struct dataset *ds, const struct survey_item *bg,
                                     size_t nbg, const struct survey_item *it)
{
        struct compare_chisq ch = {bg->id, it->id, 0, 0, NAN, {NAN, NAN, NAN}, ""};
        unsigned long table[32 * DISCLOSE_MAX_POINTS];
        size_t np = 0;
        for (size_t g = 0; g < nbg; g++) {
                struct disclosure_key k = {
                    .unit = ds->filter_unit, .wave = ds->filter_wave, .by = bg->id, .cat = g};
                struct disclosure_size sz;
                struct disclosure_item di;
                disclosure_size(ds->gate, &k, &sz);
                if (sz.empty)
                        continue;
                disclosure_item(ds->gate, &k, it->id, &di);
                size_t points = di.ndist >= 2 ? di.ndist - 2 : 0;
                if (di.detail < DISCLOSE_POINTS || points == 0 || (np && points != np)) {
                        ch.rows = ch.cols = 0;
                        ch.note = "background groups too small to show: no test";
                        return ch;
                }
                np = points;
                memcpy(table + ch.rows * np, di.dist, np * sizeof(unsigned long));
                ch.rows++;
        }
        ch.cols = np;
        if (ch.rows < 2) {
                ch.note = "fewer than two groups large enough";
                return ch;
        }
        ch.t = stats_chisq(table, ch.rows, np, &ch.min_expected);
        if (ch.min_expected < 5)
                ch.note = "expected counts below 5: treat with care";
        return ch;
}

struct compare *compare_units(const struct dataset *ds, enum stats_adjust adjust)
{
        struct compare *c = xcalloc(1, sizeof(*c));
        size_t alloc = 0, kw_alloc = 0, chi_alloc = 0;
        c->ds = ds;
        c->adjust = adjust;
        c->policy = *disclosure_policy(ds->gate);
        size_t nu = ds->nunits, ndom = ds->current->ndomains, nr = ds->n ? ds->n : 1;

        /* Units compared: the unit and the rest beside it both show item results.
         * With a unit filter the rest is not in the dataset: nothing to compare. */
        unsigned long *usize = xcalloc(nu ? nu : 1, sizeof(unsigned long));
        unsigned long *rsize = xcalloc(nu ? nu : 1, sizeof(unsigned long));
        bool *compared = xcalloc(nu ? nu : 1, sizeof(bool));
        bool *scores = xcalloc(nu ? nu : 1, sizeof(bool)); /* shows domain scores */
        bool *kw = xcalloc(nu ? nu : 1, sizeof(bool));
        c->units_left_out = xcalloc(nu ? nu : 1, sizeof(char *));
        c->left_out_why = xcalloc(nu ? nu : 1, sizeof(*c->left_out_why));
        for (size_t u = 0; u < nu; u++) {
                struct disclosure_key ku = unit_key(ds, u, false), kr = unit_key(ds, u, true);
                struct disclosure_size su, sr;
                disclosure_size(ds->gate, &ku, &su);
                disclosure_size(ds->gate, &kr, &sr);
                scores[u] = su.detail >= DISCLOSE_SIZE;
                enum suppress_reason why = SUPPRESS_NONE;
                if (su.detail < DISCLOSE_BUCKETS)
                        why = short_of(su.detail, su.why);
                else if (ds->filter_unit || sr.empty || sr.detail < DISCLOSE_BUCKETS)
                        why = SUPPRESS_NO_BREAKDOWN; /* the rest: too few to compare with */
                compared[u] = why == SUPPRESS_NONE;
                if (compared[u]) {
                        usize[u] = su.n;
                        rsize[u] = sr.n;
                } else {
                        c->units_left_out[c->nleft_out] = ds->units[u];
                        c->left_out_why[c->nleft_out++] = why;
                }
        }

        double *a = xcalloc(nr, sizeof(double));
        double *b = xcalloc(nr, sizeof(double));
        double *x = xcalloc(nr, sizeof(double));
        size_t *grp = xcalloc(nr, sizeof(size_t));

        /* Items: rows from the gate's counts; Kruskal-Wallis on the answers of the
         * units that show the item's points. */
        size_t cols[512];
        size_t ncols = item_columns(ds, cols);
        for (size_t k = 0; k < ncols; k++) {
                size_t col = cols[k];
                const char *id = ds->cols[col].id;
                item_rows(c, &alloc, compared, col);
                for (size_t u = 0; u < nu; u++) {
                        struct disclosure_key ku = unit_key(ds, u, false);
                        struct disclosure_item iu;
                        disclosure_item(ds->gate, &ku, id, &iu);
                        kw[u] = iu.detail == DISCLOSE_POINTS;
                }
                for (size_t r = 0; r < ds->n; r++) {
                        const struct survey_item *it = dataset_item_of(ds, r, col);
                        int32_t v = dataset_value(ds, r, col);
                        x[r] = NAN;
                        if (!it || v == DATASET_MISSING || v == DATASET_DONT_KNOW)
                                continue;
                        double s = summary_item_score(it, v);
                        x[r] = isnan(s) ? (double)v : s;
                }
                add_kw(c, &kw_alloc, id, false, kw, x, a, grp);
        }

        /* Domains: Welch's t on the respondents' scores; Kruskal-Wallis over the units
         * that show domain scores. */
        double *dscore = xcalloc(nr * (ndom ? ndom : 1), sizeof(double));
        for (size_t r = 0; r < ds->n; r++)
                for (size_t d = 0; d < ndom; d++)
                        dscore[r * ndom + d] = summary_domain_score(ds, r, d);
        for (size_t d = 0; d < ndom; d++) {
                domain_rows(c, &alloc, compared, usize, rsize, dscore, d, a, b);
                for (size_t r = 0; r < ds->n; r++)
                        x[r] = dscore[r * ndom + d];
                add_kw(c, &kw_alloc, ds->current->domains[d].id, true, scores, x, a, grp);
        }

        /* Background x answer: chi-square over the published answer points. */
        for (size_t bc = 0; bc < ds->ncols; bc++) {
                const struct survey_item *bg = dataset_item(ds, bc);
                if (!bg || (bg->type != SURVEY_ITEM_SINGLE && bg->type != SURVEY_ITEM_YESNO))
                        continue;
                size_t nbg = bg->type == SURVEY_ITEM_YESNO ? 2 : bg->noptions;
                if (nbg > 32)
                        continue;
                for (size_t k = 0; k < ncols; k++) {
                        const struct survey_item *it = dataset_item(ds, cols[k]);
                        if (it->type != SURVEY_ITEM_SCALE || cols[k] == bc)
                                continue;
                        c->chisq = xgrow(c->chisq, sizeof(*c->chisq), c->nchisq + 1, &chi_alloc);
                        c->chisq[c->nchisq++] = chisq_of(ds, bg, nbg, it);
                }
        }
        free(a);
        free(b);
        free(x);
        free(grp);
        free(dscore);
        free(usize);
        free(rsize);
        free(compared);
        free(scores);
        free(kw);
        return c;
}

static const char *adjust_name(const struct compare *c)
{
        return stats_adjust_name(c->adjust);
}

static int write_csv(const struct compare *c, bool norwegian, FILE *f)
{
        struct csv w;
        static const char *const head[] = {"unit",       "item",       "kind",       "n_unit",
                                           "n_rest",     "value_unit", "value_rest", "diff",
                                           "test",       "statistic",  "df",         "p",
                                           "p_adjusted", "adjustment", "flagged",    "suppressed"};
        csv_begin(&w, f, norwegian);
        for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
                csv_str(&w, head[i]);
        csv_end_row(&w);
        for (size_t i = 0; i < c->nrows; i++) {
                const struct compare_row *r = &c->rows[i];
                bool h = r->why != SUPPRESS_NONE;
                csv_str(&w, r->unit);
                csv_str(&w, r->id);
                csv_str(&w, r->domain ? "domain" : "item");
                csv_ulong(&w, r->n_unit, h);
                csv_ulong(&w, r->n_rest, h);
                csv_num(&w, r->v_unit, 2, h);
                csv_num(&w, r->v_rest, 2, h);
                csv_num(&w, r->diff, 2, h);
                csv_str(&w, h ? "" : r->test);
                csv_num(&w, r->statistic, 4, h);
                csv_num(&w, r->df, 2, h);
                csv_num(&w, r->p, 6, h);
                csv_num(&w, r->p_adj, 6, h);
                csv_str(&w, adjust_name(c));
                csv_str(&w, h ? "" : r->flagged ? "yes" : "no");
                csv_str(&w, suppress_reason_key(r->why));
                csv_end_row(&w);
        }
        return ferror(f) ? -1 : 0;
}

static json_t *jnum(double v, bool hidden)
{
        return hidden || isnan(v) ? json_null() : json_real(v);
}

static int write_json(const struct compare *c, FILE *f)
{
        json_t *root = json_object();
        json_object_set_new(root, "survey", json_string(c->ds->survey_id));
        json_t *m = json_object();
        json_object_set_new(m, "items",
                            json_string("two-proportion test without continuity "
                                        "correction; Fisher's exact test when an "
                                        "expected count is below 5"));
        json_object_set_new(m, "domains", json_string("Welch's t test on domain scores"));
        json_object_set_new(m, "adjustment", json_string(adjust_name(c)));
        json_object_set_new(m, "flag",
                            json_string("adjusted p < 0.05 and a difference of at "
                                        "least 10 percentage points (items) or 5 "
                                        "score points (domains)"));
        json_object_set_new(m, "across_units", json_string("Kruskal-Wallis"));
        json_object_set_new(m, "background", json_string("Pearson chi-square, no correction"));
        json_object_set_new(root, "method", m);
        json_object_set_new(root, "disclosure", disclosure_audit_json(c->ds->gate));
        json_t *left = json_array();
        for (size_t i = 0; i < c->nleft_out; i++) {
                json_t *o = json_object();
                json_object_set_new(o, "unit", json_string(c->units_left_out[i]));
                json_object_set_new(o, "reason",
                                    json_string(suppress_reason_key(c->left_out_why[i])));
                json_array_append_new(left, o);
        }
        json_object_set_new(root, "not_compared", left);
        json_t *rows = json_array();
        for (size_t i = 0; i < c->nrows; i++) {
                const struct compare_row *r = &c->rows[i];
                bool h = r->why != SUPPRESS_NONE;
                json_t *o = json_object();
                json_object_set_new(o, "unit", json_string(r->unit));
                json_object_set_new(o, r->domain ? "domain" : "item", json_string(r->id));
                json_object_set_new(o, "n_unit",
                                    h ? json_null() : json_integer((json_int_t)r->n_unit));
                json_object_set_new(o, "n_rest",
                                    h ? json_null() : json_integer((json_int_t)r->n_rest));
                json_object_set_new(o, "value_unit", jnum(r->v_unit, h));
                json_object_set_new(o, "value_rest", jnum(r->v_rest, h));
                json_object_set_new(o, "diff", jnum(r->diff, h));
                json_object_set_new(o, "test", json_string(h ? "" : r->test));
                json_object_set_new(o, "statistic", jnum(r->statistic, h));
                json_object_set_new(o, "df", jnum(r->df, h));
                json_object_set_new(o, "p", jnum(r->p, h));
                json_object_set_new(o, "p_adjusted", jnum(r->p_adj, h));
                json_object_set_new(o, "flagged", json_boolean(!h && r->flagged));
                json_object_set_new(o, "suppressed", json_string(suppress_reason_key(r->why)));
                json_array_append_new(rows, o);
        }
        json_object_set_new(root, "units", rows);
        json_t *kw = json_array();
        for (size_t i = 0; i < c->nkw; i++) {
                json_t *o = json_object();
                json_object_set_new(o, c->kw[i].domain ? "domain" : "item",
                                    json_string(c->kw[i].id));
                json_object_set_new(o, "groups", json_integer((json_int_t)c->kw[i].groups));
                json_object_set_new(o, "statistic", jnum(c->kw[i].t.statistic, false));
                json_object_set_new(o, "df", jnum(c->kw[i].t.df, false));
                json_object_set_new(o, "p", jnum(c->kw[i].t.p, false));
                json_array_append_new(kw, o);
        }
        json_object_set_new(root, "kruskal_wallis", kw);
        json_t *chi = json_array();
        for (size_t i = 0; i < c->nchisq; i++) {
                const struct compare_chisq *ch = &c->chisq[i];
                json_t *o = json_object();
                json_object_set_new(o, "background", json_string(ch->background));
                json_object_set_new(o, "item", json_string(ch->item));
                json_object_set_new(o, "rows", json_integer((json_int_t)ch->rows));
                json_object_set_new(o, "statistic", jnum(ch->t.statistic, false));
                json_object_set_new(o, "df", jnum(ch->t.df, false));
                json_object_set_new(o, "p", jnum(ch->t.p, false));
                json_object_set_new(o, "min_expected", jnum(ch->min_expected, false));
                json_object_set_new(o, "note", json_string(ch->note));
                json_array_append_new(chi, o);
        }
        json_object_set_new(root, "chi_square", chi);
        int rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
        fputc('\n', f);
        json_decref(root);
        return rc < 0 || ferror(f) ? -1 : 0;
}

static int write_text(const struct compare *c, FILE *f)
{
        fprintf(f,
                "Each unit against the rest of %s. p-values corrected across units (%s); "
                "flagged (*) when corrected p < 0.05 and the difference is at least 10 "
                "points (percent positive) or 5 (score).\n",
                c->ds->survey_id, adjust_name(c));
        for (size_t i = 0; i < c->nleft_out; i++)
                fprintf(f, "not compared: %s (%s)\n", c->units_left_out[i],
                        suppress_reason_key(c->left_out_why[i]));
        fprintf(f, "\n%-20s %-22s %7s %7s %7s %-15s %9s %9s\n", "unit", "item/domain", "unit",
                "rest", "diff", "test", "p", "p adj");
        for (size_t i = 0; i < c->nrows; i++) {
                const struct compare_row *r = &c->rows[i];
                fprintf(f, "%-20.20s %-22.22s ", r->unit, r->id);
                if (r->why != SUPPRESS_NONE || isnan(r->v_unit)) {
                        fprintf(f, "%7s %7s %7s %-15s %9s %9s  %s\n", "-", "-", "-", "-", "-", "-",
                                suppress_reason_key(r->why));
                        continue;
                }
                fprintf(f, "%7.1f %7.1f %+7.1f %-15s %9.4f %9.4f %s\n", r->v_unit, r->v_rest,
                        r->diff, r->test, r->p, r->p_adj, r->flagged ? "*" : "");
        }
        fprintf(f, "\nKruskal-Wallis across the compared units:\n");
        for (size_t i = 0; i < c->nkw; i++)
                fprintf(f, "  %-22s H = %8.3f  df = %2.0f  p = %.4f\n", c->kw[i].id,
                        c->kw[i].t.statistic, c->kw[i].t.df, c->kw[i].t.p);
        fprintf(f, "\nChi-square, background x answer (p < 0.05 shown):\n");
        for (size_t i = 0; i < c->nchisq; i++) {
                const struct compare_chisq *ch = &c->chisq[i];
                if (isnan(ch->t.p) || ch->t.p >= 0.05)
                        continue;
                fprintf(f, "  %-16s x %-22s X2 = %8.2f df = %2.0f p = %.4f %s\n", ch->background,
                        ch->item, ch->t.statistic, ch->t.df, ch->t.p, ch->note);
        }
        return ferror(f) ? -1 : 0;
}

int compare_write(const struct compare *c, enum out_format fmt, bool norwegian, FILE *f)
{
        switch (fmt) {
        case OUT_CSV:
                return write_csv(c, norwegian, f);
        case OUT_JSON:
                return write_json(c, f);
        case OUT_TEXT:
                return write_text(c, f);
        }
        return -1;
}

void compare_free(struct compare *c)
{
        if (!c)
                return;
        free(c->units_left_out);
        free(c->left_out_why);
        free(c->rows);
        free(c->kw);
        free(c->chisq);
        free(c);
}
