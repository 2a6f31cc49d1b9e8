/*
 * The audit of the gate's decision: for every protected value (a hidden group's
 * size, a count the group does not publish, a banded or withheld share), its
 * range over every table of non-negative counts that agrees with everything
 * published, as a linear program (GLPK), counted against the rule: at least
 * min(what its own figures leave, min_group) values. The gate's own rule works
 * one total at a time; this check sees every published figure at once.
 *
 * Cells: per stratum (unit x wave x month) its size and, per item, its counts per
 * answer cell (points, don't know, not answered); per unit x wave and category of
 * each background item its size and its counts per answer cell. Every group the
 * tools publish is a sum of cells, so every published figure is a linear fact.
 * One program for the sizes, and one per item (with the sizes in it).
 *
 * Protected: the size of every hidden group, and every count a group that
 * publishes its size does not publish (a hidden group's counts are inside its
 * size). Values that published zeros alone pin (a published 0 and its parts, across
 * the links) are the figures themselves and are not counted.
 *
 * Before the solver: a presolve fixes every cell a single figure tells (most of
 * them where groups are large), and the free cells fall apart into components
 * that no figure links; each component is its own small program. Ranges are found
 * cheaply first: random-weighted sums (random signs) of the open values are pushed
 * up and down, and each solution shows values that can move; what is left gets its
 * own two solves. Bounds are of the linear relaxation, rounded inward.
 */
#include "disclosure_priv.h"
#include "lytt_clock.h"
#include "xmalloc.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_BATCHES    8     /* random-sum solves before solving values one by one */
#define AUDIT_TIME_LIMIT 20000 /* ms per solve */

/* A linear expression over the program's columns. */
struct expr {
        int *col;
        size_t n, alloc;
};

static void expr_add(struct expr *e, int col)
{
        if (col <= 0)
                return; /* a cell that cannot hold anyone (an empty stratum) */
        e->col = xgrow(e->col, sizeof(int), e->n + 1, &e->alloc);
        e->col[e->n++] = col;
}

/* The program's layout: column numbers of every cell (0: the cell is empty). */
struct layout {
        size_t U, W, M, C, J; /* units, waves, months, categories (all items), cells */
        int *N;               /* strata U x W x M */
        int *S;               /* background sizes U x W x C */
        int *Y;               /* item cells U x W x M x J */
        int *X;               /* item cells U x W x C x J */
        int ncols;
};

/* One row of a model: lo <= sum(val * col) <= hi (GLPK's row types). */
struct mrow {
        size_t first, n; /* entries [first, first + n) */
        int type;
        double lo, hi;
        int comp; /* after components(): the component of its free columns, or 0 */
};

/* A model (sizes, or one item) before it goes to the solver: columns 1..ncols with
 * upper bounds, rows as sparse lists; presolve fixes what single rows force. */
struct model {
        int ncols;
        double *ub;
        size_t ub_alloc;
        struct mrow *rows;
        size_t nrows, rows_alloc;
        int *col;
        double *val;
        size_t nent, col_alloc, val_alloc;
        bool *fixed; /* per column, after presolve */
        double *value;
        int *comp; /* per column: its component (union-find parent) */
};

struct audit_run {
        struct disclosure *d;
        const bool *stratum_open; /* U x W x M: the stratum may hold someone */
        const bool *cat_open;     /* U x W x C */
        glp_prob *lp;             /* the program of one component */
        struct model md;
        struct layout L;
        struct expr e;
        unsigned rng;
        size_t facts, protected_values, narrow, pinned;
        struct lytt_error *err;
        bool *zero; /* per column: inside a published zero */
        size_t zero_alloc;
        struct disclosure_audit *out; /* where the figures and the first example go */
        bool pins_only;               /* only one value is narrow enough to count */
        size_t *pins;                 /* pins_only: the groups whose value is pinned */
        size_t npins, pins_alloc;
};

static size_t sidx(const struct layout *L, size_t u, size_t w, size_t m)
{
        return (u * L->W + w) * L->M + m;
}

static size_t cidx(const struct layout *L, size_t u, size_t w, size_t c)
{
        return (u * L->W + w) * L->C + c;
}

/* Which strata and (unit, wave) pairs a group covers. */
struct span {
        long u, w;  /* -1: every */
        size_t cat; /* 0: no breakdown, else 1 + category index */
        long m;     /* -1: every month */
        bool rest;  /* every unit but u */
};

static struct span span_of(const struct disclosure *d, size_t g)
{
        struct span s = {-1, -1, 0, -1, false};
        size_t W1 = d->nwaves + 1;
        if (g < d->nbase) {
                s.cat = g % d->ncats;
                size_t r = g / d->ncats;
                s.w = (long)(r % W1) - 1;
                s.u = (long)(r / W1) - 1;
        } else if (g < d->nbase + (d->nunits + 1) * W1 * d->nmonths) {
                size_t r = g - d->nbase;
                s.m = (long)(r % d->nmonths);
                r /= d->nmonths;
                s.w = (long)(r % W1) - 1;
                s.u = (long)(r / W1) - 1;
        } else {
                size_t r = g - d->nbase - (d->nunits + 1) * W1 * d->nmonths;
                s.w = (long)(r % W1) - 1;
                s.u = (long)(r / W1);
                s.rest = true;
        }
        return s;
}

static bool unit_in(const struct span *s, size_t u)
{
        if (s->rest)
                return (long)u != s->u;
        return s->u < 0 || (long)u == s->u;
}

/* The expression of group g's size (j < 0) or its count in item cell j. */
/* Appends to a->e the cells of group g: its size (j < 0) or its count in item cell j. */
static void group_cells(struct audit_run *a, size_t g, long j)
{
        const struct layout *L = &a->L;
        struct span s = span_of(a->d, g);
        for (size_t u = 0; u < L->U; u++) {
                if (!unit_in(&s, u))
                        continue;
                for (size_t w = 0; w < L->W; w++) {
                        if (s.w >= 0 && (long)w != s.w)
                                continue;
                        if (s.cat > 0) {
                                size_t c = cidx(L, u, w, s.cat - 1);
                                expr_add(&a->e, j < 0 ? L->S[c] : L->X[c * L->J + (size_t)j]);
                                continue;
                        }
                        for (size_t m = 0; m < L->M; m++) {
                                if (s.m >= 0 && (long)m != s.m)
                                        continue;
                                size_t k = sidx(L, u, w, m);
                                expr_add(&a->e, j < 0 ? L->N[k] : L->Y[k * L->J + (size_t)j]);
                        }
                }
        }
}

/* Whether measure m of an item counts answer cell j. */
static bool measure_holds(const struct dsc_item *it, size_t m, size_t j)
{
        switch (m) {
        case MEAS_DK:
        case MEAS_NA:
                return j == it->npoints + (m - MEAS_DK);
        case MEAS_SKIP:
                return j >= it->npoints;
        default:
                if (m == MEAS_VALID)
                        return j < it->npoints;
                if (m >= MEAS_C0)
                        return j < it->npoints && it->bucket_of_point[j] != m - MEAS_C0;
                if (m >= MEAS_P0)
                        return j == m - MEAS_P0;
                return j < it->npoints && it->bucket_of_point[j] == m - MEAS_X0;
        }
}

/* a->e becomes the expression of a measure: size (i == SIZE_MAX), or item i's
 * measure m. */
static void measure_expr(struct audit_run *a, size_t g, size_t i, size_t m)
{
        a->e.n = 0;
        if (i == SIZE_MAX) {
                group_cells(a, g, -1);
                return;
        }
        const struct dsc_item *it = &a->d->items[i];
        for (size_t j = 0; j < it->npoints + 2; j++)
                if (measure_holds(it, m, j))
                        group_cells(a, g, (long)j);
}

static void model_entry(struct model *md, int col, double val)
{
        md->col = xgrow(md->col, sizeof(int), md->nent + 1, &md->col_alloc);
        md->val = xgrow(md->val, sizeof(double), md->nent + 1, &md->val_alloc);
        md->col[md->nent] = col;
        md->val[md->nent++] = val;
}

static void model_row(struct model *md, size_t first, int type, double lo, double hi)
{
        if (md->nent == first)
                return; /* an empty sum: 0, nothing to say */
        md->rows = xgrow(md->rows, sizeof(*md->rows), md->nrows + 1, &md->rows_alloc);
        md->rows[md->nrows++] = (struct mrow){first, md->nent - first, type, lo, hi, 0};
}

/* A published figure: lo <= sum(a->e) <= hi. */
static void add_row(struct audit_run *a, int type, double lo, double hi)
{
        size_t first = a->md.nent;
        for (size_t k = 0; k < a->e.n; k++)
                model_entry(&a->md, a->e.col[k], 1.0);
        if (a->md.nent > first)
                a->facts++;
        model_row(&a->md, first, type, lo, hi);
}

/* sum(pos) - sum(neg) = 0 */
static void add_link(struct audit_run *a, const int *pos, size_t np, const int *neg, size_t nn)
{
        size_t first = a->md.nent;
        for (size_t k = 0; k < np; k++)
                if (pos[k] > 0)
                        model_entry(&a->md, pos[k], 1.0);
        for (size_t k = 0; k < nn; k++)
                if (neg[k] > 0)
                        model_entry(&a->md, neg[k], -1.0);
        model_row(&a->md, first, GLP_FX, 0.0, 0.0);
}

static int new_col(struct audit_run *a, unsigned long max)
{
        struct model *md = &a->md;
        int c = ++md->ncols;
        md->ub = xgrow(md->ub, sizeof(double), (size_t)c + 1, &md->ub_alloc);
        md->ub[c] = (double)max;
        return c;
}

/* Columns and links: sizes always, the cells of item i when i != SIZE_MAX. */
static void build_columns(struct audit_run *a, size_t i)
{
        struct layout *L = &a->L;
        struct disclosure *d = a->d;
        size_t ns = L->U * L->W * L->M, nc = L->U * L->W * L->C;
        L->J = i == SIZE_MAX ? 0 : d->items[i].npoints + 2;
        for (size_t k = 0; k < ns; k++)
                L->N[k] = a->stratum_open[k] ? new_col(a, d->total) : 0;
        for (size_t k = 0; k < nc; k++)
                L->S[k] = a->cat_open[k] ? new_col(a, d->total) : 0;
        int *tmp = xcalloc(L->M + L->C + 8, sizeof(int));
        /* Each background item splits a unit x wave: its categories add up to the
         * strata's sizes. */
        for (size_t u = 0; u < L->U; u++)
                for (size_t w = 0; w < L->W; w++) {
                        int *strata = tmp;
                        for (size_t m = 0; m < L->M; m++)
                                strata[m] = L->N[sidx(L, u, w, m)];
                        for (size_t b = 0; b < d->nback; b++) {
                                int cats[64];
                                size_t n = 0;
                                for (size_t c = 0; c < d->back[b].ncat && n < 64; c++)
                                        cats[n++] = L->S[cidx(L, u, w, d->back[b].first - 1 + c)];
                                add_link(a, cats, n, strata, L->M);
                        }
                }
        free(tmp);
        if (i == SIZE_MAX)
                return;
        size_t J = L->J;
        for (size_t k = 0; k < ns; k++)
                for (size_t j = 0; j < J; j++)
                        L->Y[k * J + j] = L->N[k] ? new_col(a, d->total) : 0;
        for (size_t k = 0; k < nc; k++)
                for (size_t j = 0; j < J; j++)
                        L->X[k * J + j] = L->S[k] ? new_col(a, d->total) : 0;
        /* A stratum's cells add up to its size; a category's too. */
        for (size_t k = 0; k < ns; k++)
                add_link(a, &L->Y[k * J], J, &L->N[k], 1);
        for (size_t k = 0; k < nc; k++)
                add_link(a, &L->X[k * J], J, &L->S[k], 1);
        /* Per unit x wave and background item, the categories' cells add up to the
         * strata's. */
        int *pos = xcalloc(L->C + 1, sizeof(int)), *neg = xcalloc(L->M + 1, sizeof(int));
        for (size_t u = 0; u < L->U; u++)
                for (size_t w = 0; w < L->W; w++)
                        for (size_t j = 0; j < J; j++) {
                                for (size_t m = 0; m < L->M; m++)
                                        neg[m] = L->Y[sidx(L, u, w, m) * J + j];
                                for (size_t b = 0; b < d->nback; b++) {
                                        size_t n = 0;
                                        for (size_t c = 0; c < d->back[b].ncat; c++)
                                                pos[n++] =
                                                    L->X[cidx(L, u, w, d->back[b].first - 1 + c) *
                                                             J +
                                                         j];
                                        add_link(a, pos, n, neg, L->M);
                                }
                        }
        free(pos);
        free(neg);
}

/* The figures of a group an item is never asked in: 0, whatever its size. */
static void add_not_asked(struct audit_run *a, size_t g, size_t i)
{
        size_t nm = MEAS_P0 + a->d->items[i].npoints;
        for (size_t m = 0; m < nm; m++) {
                if (m == MEAS_NA || m == MEAS_SKIP)
                        continue;
                measure_expr(a, g, i, m);
                add_row(a, GLP_FX, 0.0, 0.0);
        }
}

/* Every published figure as a fact. */
static void add_facts(struct audit_run *a, size_t i)
{
        struct disclosure *d = a->d;
        for (size_t g = 0; g < d->ngroups; g++) {
                const struct dsc_group *grp = &d->groups[g];
                if (grp->absent)
                        continue;      /* known empty: its cells have no columns */
                if (grp->level == 0) { /* "too few": 0 to 4, or more if it protects one */
                        if (i != SIZE_MAX && dsc_role(d, g, i) == DSC_NOT_ASKED)
                                add_not_asked(a, g, i); /* but the questionnaire tells these */
                        continue;
                }
                measure_expr(a, g, SIZE_MAX, 0);
                add_row(a, GLP_FX, (double)grp->n, (double)grp->n);
                if (i == SIZE_MAX)
                        continue;
                const struct dsc_cell *cl = dsc_cell_c(d, g, i);
                const struct dsc_item *it = &d->items[i];
                size_t nm = MEAS_P0 + it->npoints;
                for (size_t m = 0; m < nm; m++) {
                        if (!dsc_known(d, g, i, m))
                                continue;
                        measure_expr(a, g, i, m);
                        double t = (double)dsc_truth(d, g, i, m);
                        add_row(a, GLP_FX, t, t);
                }
                if (cl->level < 2)
                        continue;
                unsigned long nv = dsc_valid(cl, it);
                a->e.n = 0;
                for (size_t p = 0; p < it->npoints; p++)
                        group_cells(a, g, (long)p);
                add_row(a, GLP_FX, (double)nv, (double)nv);
                if (cl->level != 2)
                        continue;
                for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++) {
                        if (!it->real[b] ||
                            (cl->band[b] != DISCLOSE_LOW && cl->band[b] != DISCLOSE_HIGH))
                                continue;
                        measure_expr(a, g, i, MEAS_X0 + b);
                        if (cl->band[b] == DISCLOSE_LOW)
                                add_row(a, GLP_UP, 0.0, floor(0.1 * (double)nv));
                        else
                                add_row(a, GLP_LO, ceil(0.9 * (double)nv), 0.0);
                }
        }
}

/* A protected value: what it is and how wide its range must stay. */
struct target {
        size_t g, m;
        double truth, need; /* need: values its range must hold */
        double lo, hi;      /* seen so far */
        double base;        /* the fixed columns' part of it */
        int *col;           /* its free columns (the component's numbering while solved) */
        size_t ncol;
        int comp;
        bool done;
};

static double expr_value(glp_prob *lp, const struct target *t)
{
        double v = t->base;
        for (size_t k = 0; k < t->ncol; k++)
                v += glp_get_col_prim(lp, t->col[k]);
        return v;
}

static bool wide_enough(const struct target *t)
{
        double lo = ceil(t->lo - 1e-6), hi = floor(t->hi + 1e-6);
        return hi - lo + 1 >= t->need - 1e-9;
}

static unsigned next_rand(unsigned *s)
{
        *s = *s * 1103515245u + 12345u;
        return (*s >> 16) & 0x7fff;
}

static int simplex(struct audit_run *a)
{
        glp_smcp sm;
        glp_init_smcp(&sm);
        sm.msg_lev = GLP_MSG_OFF;
        sm.tm_lim = AUDIT_TIME_LIMIT;
        sm.presolve = GLP_OFF;
        int rc = glp_simplex(a->lp, &sm);
        if (rc != 0) { /* a bad basis: start again from a fresh one */
                glp_adv_basis(a->lp, 0);
                rc = glp_simplex(a->lp, &sm);
        }
        int st = rc == 0 ? glp_get_status(a->lp) : GLP_UNDEF;
        if (st == GLP_OPT || st == GLP_UNBND)
                return st == GLP_OPT ? 0 : 1;
        lytt_error_set(a->err, NULL, 0,
                       "disclosure audit: the solver failed (GLPK %d, status %d); nothing is "
                       "published",
                       rc, st);
        return -1;
}

/* Pushes the open targets' weighted sum one way, and notes what each reached. */
static int push(struct audit_run *a, struct target *t, size_t nt, const size_t *open, size_t no,
                int dir)
{
        int ncols = glp_get_num_cols(a->lp);
        for (int c = 1; c <= ncols; c++)
                glp_set_obj_coef(a->lp, c, 0.0);
        for (size_t k = 0; k < no; k++) {
                struct target *x = &t[open[k]];
                double w = no == 1 ? 1.0 : 0.5 + (double)next_rand(&a->rng) / 32768.0;
                if (no > 1 && (next_rand(&a->rng) & 1))
                        w = -w;
                for (size_t q = 0; q < x->ncol; q++)
                        glp_set_obj_coef(a->lp, x->col[q], glp_get_obj_coef(a->lp, x->col[q]) + w);
        }
        glp_set_obj_dir(a->lp, dir);
        int rc = simplex(a);
        if (rc < 0)
                return -1;
        for (size_t k = 0; k < nt; k++) {
                if (t[k].done)
                        continue;
                if (rc == 1 && dir == GLP_MAX) { /* unbounded: wide */
                        bool in = false;
                        for (size_t q = 0; q < no && !in; q++)
                                in = open[q] == k;
                        if (in)
                                t[k].hi = INFINITY;
                        continue;
                }
                double v = expr_value(a->lp, &t[k]);
                if (v < t[k].lo)
                        t[k].lo = v;
                if (v > t[k].hi)
                        t[k].hi = v;
        }
        return 0;
}

/* The ranges of targets; marks narrow ones (done stays false). */
static int ranges(struct audit_run *a, struct target *t, size_t nt)
{
        size_t *open = xcalloc(nt ? nt : 1, sizeof(size_t));
        int rc = 0;
        for (size_t k = 0; k < nt; k++)
                t[k].done = wide_enough(&t[k]);
        for (int round = 0; round < AUDIT_BATCHES + 1; round++) {
                size_t no = 0;
                for (size_t k = 0; k < nt; k++)
                        if (!t[k].done)
                                open[no++] = k;
                if (no == 0)
                        break;
                bool single = round == AUDIT_BATCHES;
                for (size_t q = 0; q < (single ? no : 1); q++) {
                        const size_t *set = single ? &open[q] : open;
                        size_t n = single ? 1 : no;
                        if (single && t[open[q]].done)
                                continue;
                        if (push(a, t, nt, set, n, GLP_MAX) < 0 ||
                            push(a, t, nt, set, n, GLP_MIN) < 0) {
                                rc = -1;
                                goto out;
                        }
                        for (size_t k = 0; k < nt; k++)
                                if (!t[k].done && wide_enough(&t[k]))
                                        t[k].done = true;
                }
        }
out:
        free(open);
        return rc;
}

/* The value a measure's own figures leave, within its parents' published totals:
 * its range must keep min(that, min_group) values. */
static double need_of(struct audit_run *a, size_t g, size_t i, size_t m)
{
        struct disclosure *d = a->d;
        unsigned long lo, hi, cap = ULONG_MAX;
        dsc_own_bounds(d, g, i, m, &lo, &hi);
        for (size_t q = d->in_first[g]; q < d->in_first[g + 1]; q++) {
                const struct dsc_relation *rel = &d->rels[d->in_rel[q]];
                bool pk = i == SIZE_MAX ? d->groups[rel->parent].level >= 1
                                        : dsc_known(d, rel->parent, i, m);
                if (!pk)
                        continue;
                unsigned long t =
                    i == SIZE_MAX ? d->groups[rel->parent].n : dsc_truth(d, rel->parent, i, m);
                if (t < cap)
                        cap = t;
        }
        if (hi > cap)
                hi = cap;
        double own = hi >= lo ? (double)(hi - lo) + 1 : 1;
        double want = a->pins_only ? 2.0 : (double)d->pol.min_group;
        return own < want ? own : want;
}

/* Whether a->e lies inside published zeros: a published 0 tells that every part
 * of it is 0; that is the figure itself, not differencing (docs/privacy.md). */
static bool covered_by_zero(const struct audit_run *a)
{
        for (size_t k = 0; k < a->e.n; k++)
                if (!a->zero[a->e.col[k]])
                        return false;
        return true;
}

/* Marks the columns that published zeros force to 0: a published zero's parts,
 * and across a link (parts = parts), the other side of a side that is all zero. */
static void find_zeros(struct audit_run *a)
{
        const struct model *md = &a->md;
        for (bool changed = true; changed;) {
                changed = false;
                for (size_t r = 0; r < md->nrows; r++) {
                        const struct mrow *row = &md->rows[r];
                        if ((row->type != GLP_FX && row->type != GLP_UP) || row->hi != 0.0)
                                continue;
                        bool pos_zero = true, neg_zero = true;
                        for (size_t k = row->first; k < row->first + row->n; k++) {
                                if (md->val[k] > 0)
                                        pos_zero &= a->zero[md->col[k]];
                                else
                                        neg_zero &= a->zero[md->col[k]];
                        }
                        /* all positive parts: each is 0; a link: one side 0, the other too */
                        for (size_t k = row->first; k < row->first + row->n; k++) {
                                bool mark = md->val[k] > 0 ? neg_zero : pos_zero;
                                if (mark && !a->zero[md->col[k]]) {
                                        a->zero[md->col[k]] = true;
                                        changed = true;
                                }
                        }
                }
        }
}

/* Presolve: a row with one free column fixes it; a sum of free columns that can
 * only be 0 fixes them all. What is left free is what the solver must see. */
static void presolve(struct model *md)
{
        for (int c = 1; c <= md->ncols; c++) {
                md->fixed[c] = md->ub[c] <= 0.0;
                md->value[c] = 0.0;
        }
        for (bool changed = true; changed;) {
                changed = false;
                for (size_t r = 0; r < md->nrows; r++) {
                        const struct mrow *row = &md->rows[r];
                        double c0 = 0;
                        size_t nfree = 0, last = 0;
                        bool all_pos = true;
                        for (size_t k = row->first; k < row->first + row->n; k++) {
                                int c = md->col[k];
                                if (md->fixed[c]) {
                                        c0 += md->val[k] * md->value[c];
                                        continue;
                                }
                                nfree++;
                                last = k;
                                all_pos &= md->val[k] > 0;
                        }
                        if (nfree == 0)
                                continue;
                        if (nfree == 1 && row->type == GLP_FX) {
                                int c = md->col[last];
                                md->fixed[c] = true;
                                md->value[c] = (row->lo - c0) / md->val[last];
                                changed = true;
                                continue;
                        }
                        bool hi_bound =
                            row->type == GLP_FX || row->type == GLP_UP || row->type == GLP_DB;
                        if (all_pos && hi_bound && row->hi - c0 < 0.5) {
                                for (size_t k = row->first; k < row->first + row->n; k++)
                                        if (!md->fixed[md->col[k]]) {
                                                md->fixed[md->col[k]] = true;
                                                md->value[md->col[k]] = 0.0;
                                        }
                                changed = true;
                        }
                }
        }
}

static int find_root(int *parent, int c)
{
        while (parent[c] != c) {
                parent[c] = parent[parent[c]];
                c = parent[c];
        }
        return c;
}

static void unite(int *parent, int x, int y)
{
        x = find_root(parent, x);
        y = find_root(parent, y);
        if (x != y)
                parent[x < y ? y : x] = x < y ? x : y;
}

/* Components of the free columns: two are in one when a row holds both. */
static void components(struct model *md)
{
        for (int c = 0; c <= md->ncols; c++)
                md->comp[c] = c;
        for (size_t r = 0; r < md->nrows; r++) {
                const struct mrow *row = &md->rows[r];
                int first = 0;
                for (size_t k = row->first; k < row->first + row->n; k++) {
                        int c = md->col[k];
                        if (md->fixed[c])
                                continue;
                        if (first)
                                unite(md->comp, first, c);
                        else
                                first = c;
                }
        }
}

/* Whether item i's measure m in a group whose size is published is the whole group
 * because everything else in it lies inside published zeros ("everyone answered" in a
 * unit that published no don't know and no skipped answer: each of its months says
 * the same). That is the zeros' own figure, not differencing. */
static bool full_by_zero(struct audit_run *a, size_t g, size_t i, size_t m)
{
        const struct disclosure *d = a->d;
        if (d->groups[g].level < 1 || dsc_truth(d, g, i, m) != d->groups[g].n)
                return false;
        const struct dsc_item *it = &d->items[i];
        a->e.n = 0;
        for (size_t j = 0; j < it->npoints + 2; j++)
                if (!measure_holds(it, m, j))
                        group_cells(a, g, (long)j);
        return covered_by_zero(a);
}

/* Builds the targets of a program: hidden sizes, or item i's unknown measures. */
static struct target *targets_of(struct audit_run *a, size_t i, size_t *nt)
{
        struct disclosure *d = a->d;
        struct target *t = NULL;
        size_t n = 0, alloc = 0;
        size_t nm = i == SIZE_MAX ? 1 : MEAS_P0 + d->items[i].npoints;
        for (size_t g = 0; g < d->ngroups; g++) {
                if (d->groups[g].absent || d->groups[g].n == 0)
                        continue; /* nobody to protect (it only looks hidden) */
                if (i != SIZE_MAX && d->groups[g].level == 0)
                        continue; /* a hidden group: its size is the protected value */
                for (size_t m = 0; m < nm; m++) {
                        if (i == SIZE_MAX ? d->groups[g].level >= 1 : dsc_known(d, g, i, m))
                                continue;
                        if (i != SIZE_MAX && m >= MEAS_X0 && m < MEAS_P0 &&
                            !d->items[i].real[m - MEAS_X0])
                                continue;
                        if (i != SIZE_MAX && full_by_zero(a, g, i, m))
                                continue;
                        measure_expr(a, g, i, m);
                        if (a->e.n == 0 || covered_by_zero(a))
                                continue;
                        t = xgrow(t, sizeof(*t), n + 1, &alloc);
                        struct target *x = &t[n++];
                        memset(x, 0, sizeof(*x));
                        x->g = g;
                        x->m = m;
                        x->truth =
                            i == SIZE_MAX ? (double)d->groups[g].n : (double)dsc_truth(d, g, i, m);
                        x->lo = x->hi = x->truth;
                        x->need = need_of(a, g, i, m);
                        x->col = xmalloc(a->e.n * sizeof(int));
                        x->comp = -1;
                        const struct model *md = &a->md;
                        for (size_t k = 0; k < a->e.n; k++) {
                                int c = a->e.col[k];
                                if (md->fixed[c]) {
                                        x->base += md->value[c];
                                        continue;
                                }
                                x->col[x->ncol++] = c;
                                if (x->ncol > 1)
                                        unite(md->comp, x->col[0], c);
                        }
                }
        }
        *nt = n;
        return t;
}

static int by_comp(const void *x, const void *y)
{
        const struct target *p = x, *q = y;
        return (p->comp > q->comp) - (p->comp < q->comp);
}

/* Solves the targets t[0..nt) of one component (their columns free, in one
 * component): a program of just its columns and rows. */
static int solve_component(struct audit_run *a, struct target *t, size_t nt, int *local)
{
        const struct model *md = &a->md;
        int root = t[0].comp, n = 0;
        for (int c = 1; c <= md->ncols; c++)
                local[c] = md->comp[c] == root ? ++n : 0;
        a->lp = glp_create_prob();
        glp_add_cols(a->lp, n);
        for (int c = 1; c <= md->ncols; c++)
                if (local[c])
                        glp_set_col_bnds(a->lp, local[c], GLP_DB, 0.0, md->ub[c]);
        int *ind = xmalloc(((size_t)n + 1) * sizeof(int));
        double *val = xmalloc(((size_t)n + 1) * sizeof(double));
        for (size_t r = 0; r < md->nrows; r++) {
                const struct mrow *row = &md->rows[r];
                if (row->comp != root)
                        continue;
                double c0 = 0;
                int k = 0;
                for (size_t e = row->first; e < row->first + row->n; e++) {
                        int c = md->col[e];
                        if (md->fixed[c])
                                c0 += md->val[e] * md->value[c];
                        else if (local[c]) {
                                ind[++k] = local[c];
                                val[k] = md->val[e];
                        }
                }
                if (k == 0)
                        continue;
                int gr = glp_add_rows(a->lp, 1);
                glp_set_mat_row(a->lp, gr, k, ind, val);
                glp_set_row_bnds(a->lp, gr, row->type, row->lo - c0, row->hi - c0);
        }
        free(ind);
        free(val);
        for (size_t k = 0; k < nt; k++)
                for (size_t q = 0; q < t[k].ncol; q++)
                        t[k].col[q] = local[t[k].col[q]];
        int rc = simplex(a) < 0 || ranges(a, t, nt) < 0 ? -1 : 0;
        glp_delete_prob(a->lp);
        a->lp = NULL;
        return rc;
}

/* One program (sizes, or item i): build, presolve, solve each component, count
 * what is narrow. Returns 0, or -1 on a solver failure. */
static int audit_one(struct audit_run *a, size_t i)
{
        struct model *md = &a->md;
        md->ncols = 0;
        md->nrows = 0;
        md->nent = 0;
        build_columns(a, i);
        size_t ncols = (size_t)md->ncols + 1;
        a->zero = xgrow(a->zero, sizeof(bool), ncols, &a->zero_alloc);
        memset(a->zero, 0, ncols * sizeof(bool));
        md->fixed = xrealloc(md->fixed, ncols * sizeof(bool));
        md->value = xrealloc(md->value, ncols * sizeof(double));
        md->comp = xrealloc(md->comp, ncols * sizeof(int));
        add_facts(a, i);
        find_zeros(a);
        presolve(md);
        components(md);
        size_t nt = 0;
        struct target *t = targets_of(a, i, &nt);
        a->protected_values += nt;
        /* Flatten: each free column and row knows its component's root (0: fixed). */
        for (int c = 1; c <= md->ncols; c++)
                md->comp[c] = md->fixed[c] ? 0 : find_root(md->comp, c);
        for (size_t r = 0; r < md->nrows; r++) {
                const struct mrow *row = &md->rows[r];
                md->rows[r].comp = 0;
                for (size_t e = row->first; e < row->first + row->n && !md->rows[r].comp; e++)
                        md->rows[r].comp = md->comp[md->col[e]];
        }
        for (size_t k = 0; k < nt; k++) {
                t[k].comp = t[k].ncol ? md->comp[t[k].col[0]] : -1;
                if (t[k].ncol == 0)
                        t[k].lo = t[k].hi = t[k].base;
                t[k].done = wide_enough(&t[k]);
        }
        qsort(t, nt, sizeof(*t), by_comp);
        int *local = xcalloc(ncols, sizeof(int));
        int rc = 0;
        for (size_t s = 0, e; s < nt && rc == 0; s = e) {
                bool open = false;
                for (e = s; e < nt && t[e].comp == t[s].comp; e++)
                        open |= !t[e].done;
                if (t[s].comp >= 0 && open)
                        rc = solve_component(a, t + s, e - s, local);
        }
        free(local);
        for (size_t k = 0; k < nt && rc == 0; k++) {
                if (t[k].done)
                        continue;
                double lo = ceil(t[k].lo - 1e-6) + 0.0, hi = floor(t[k].hi + 1e-6) + 0.0;
                a->narrow++;
                a->pinned += hi <= lo;
                if (a->pins_only) {
                        a->pins = xgrow(a->pins, sizeof(size_t), a->npins + 1, &a->pins_alloc);
                        a->pins[a->npins++] = t[k].g;
                }
                if (a->out->example[0] == '\0') {
                        char name[160];
                        dsc_group_name(a->d, t[k].g, name, sizeof(name));
                        snprintf(a->out->example, sizeof(a->out->example),
                                 "%s: %s%s%s can only be %.0f to %.0f (the rule wants %.0f "
                                 "values)",
                                 name, i == SIZE_MAX ? "size" : a->d->items[i].id,
                                 i == SIZE_MAX ? "" : " ",
                                 i == SIZE_MAX ? ""
                                               : dsc_measure_name(t[k].m, a->d->items[i].npoints),
                                 lo, hi, t[k].need);
                }
        }
        a->out->figures += a->facts;
        for (size_t k = 0; k < nt; k++)
                free(t[k].col);
        free(t);
        return rc;
}

static void audit_open(struct audit_run *a, struct disclosure *d, struct lytt_error *err)
{
        glp_term_out(GLP_OFF);
        memset(a, 0, sizeof(*a));
        a->d = d;
        a->err = err;
        a->rng = 12345u;
        struct layout *L = &a->L;
        L->U = d->nunits;
        L->W = d->nwaves;
        L->M = d->nmonths ? d->nmonths : 1;
        L->C = d->ncats - 1;
        size_t ns = L->U * L->W * L->M, nc = L->U * L->W * (L->C ? L->C : 1);
        bool *sn = xcalloc(ns ? ns : 1, sizeof(bool));
        bool *cn = xcalloc(nc ? nc : 1, sizeof(bool));
        for (size_t u = 0; u < L->U; u++)
                for (size_t w = 0; w < L->W; w++) {
                        for (size_t m = 0; m < d->nmonths; m++)
                                sn[sidx(L, u, w, m)] =
                                    !d->groups[dsc_month(d, (long)u, (long)w, m)].absent;
                        for (size_t c = 0; c < L->C; c++)
                                cn[cidx(L, u, w, c)] =
                                    !d->groups[dsc_base(d, (long)u, (long)w, c + 1)].absent;
                }
        a->stratum_open = sn;
        a->cat_open = cn;
        L->N = xcalloc(ns ? ns : 1, sizeof(int));
        L->S = xcalloc(nc ? nc : 1, sizeof(int));
        size_t maxj = DISCLOSE_MAX_POINTS + 2;
        L->Y = xcalloc((ns ? ns : 1) * maxj, sizeof(int));
        L->X = xcalloc((nc ? nc : 1) * maxj, sizeof(int));
}

static void audit_close(struct audit_run *a)
{
        free((bool *)a->stratum_open);
        free((bool *)a->cat_open);
        free(a->L.N);
        free(a->L.S);
        free(a->L.Y);
        free(a->L.X);
        free(a->e.col);
        free(a->zero);
        free(a->md.ub);
        free(a->md.rows);
        free(a->md.col);
        free(a->md.val);
        free(a->md.fixed);
        free(a->md.value);
        free(a->md.comp);
}

int disclosure_audit_run(struct disclosure *d, struct lytt_error *err)
{
        double t0 = lytt_monotonic();
        struct audit_run a;
        audit_open(&a, d, err);
        memset(&d->audit, 0, sizeof(d->audit));
        a.out = &d->audit;
        int rc = 0;
        for (long i = -1; i < (long)d->nitems && rc == 0; i++) {
                a.facts = 0;
                rc = audit_one(&a, i < 0 ? SIZE_MAX : (size_t)i);
        }
        audit_close(&a);
        d->audit.run = true;
        d->audit.groups = d->ngroups;
        d->audit.protected_values = a.protected_values;
        d->audit.narrow = a.narrow;
        d->audit.pinned = a.pinned;
        d->audit.seconds = lytt_monotonic() - t0;
        d->audit.passed = rc == 0 && a.narrow == 0;
        return rc;
}

int dsc_pinned_sizes(struct disclosure *d, size_t **out, size_t *n, struct lytt_error *err)
{
        struct audit_run a;
        audit_open(&a, d, err);
        a.pins_only = true;
        struct disclosure_audit scratch = {0}; /* the gate's own check: not the audit's */
        a.out = &scratch;
        int rc = audit_one(&a, SIZE_MAX);
        audit_close(&a);
        *out = a.pins;
        *n = a.npins;
        return rc;
}
