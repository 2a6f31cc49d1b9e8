#include "disclosure.h"
#include "disclosure_priv.h"
#include "summary.h"
#include "trend.h"
#include "xmalloc.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *disclosure_detail_key(enum disclosure_detail d)
{
        static const char *const keys[] = {
            [DISCLOSE_HIDDEN] = "",
            [DISCLOSE_SIZE] = "size",
            [DISCLOSE_BUCKETS] = "buckets",
            [DISCLOSE_POINTS] = "points",
        };
        return keys[d];
}

const char *disclosure_band_key(enum disclosure_band b)
{
        static const char *const keys[] = {
            [DISCLOSE_EXACT] = "",
            [DISCLOSE_LOW] = "<=10",
            [DISCLOSE_HIGH] = ">=90",
            [DISCLOSE_WITHHELD] = "withheld",
        };
        return keys[b];
}

int disclosure_bucket_of(const struct survey_item *item, int32_t v)
{
        if (!item || v == DATASET_MISSING || v == DATASET_DONT_KNOW || v == DATASET_TEXT)
                return -1;
        if (item->type == SURVEY_ITEM_YESNO)
                return v == 0 ? DISCLOSE_POS : v == 1 ? DISCLOSE_NEG : -1;
        if (item->type != SURVEY_ITEM_SCALE)
                return -1;
        size_t n = item->scale->npoints;
        int i = (int)summary_cell(item, v, n);
        if ((size_t)i >= n)
                return -1;
        if (item->reverse)
                i = (int)n - 1 - i;
        if (item->scale->points[i].positive)
                return DISCLOSE_POS;
        if (item->scale->points[n - 1 - (size_t)i].positive)
                return DISCLOSE_NEG;
        return DISCLOSE_NEU;
}

/* ---- the table ---------------------------------------------------------- */

size_t dsc_base(const struct disclosure *d, long u, long w, size_t k)
{
        return ((size_t)(u + 1) * (d->nwaves + 1) + (size_t)(w + 1)) * d->ncats + k;
}

size_t dsc_month(const struct disclosure *d, long u, long w, size_t m)
{
        return d->nbase + ((size_t)(u + 1) * (d->nwaves + 1) + (size_t)(w + 1)) * d->nmonths + m;
}

size_t dsc_rest(const struct disclosure *d, size_t u, long w)
{
        return d->nbase + (d->nunits + 1) * (d->nwaves + 1) * d->nmonths + u * (d->nwaves + 1) +
               (size_t)(w + 1);
}

static int find_label(char *const *labels, size_t n, const char *want)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(labels[i], want) == 0)
                        return (int)i;
        return -1;
}

/* Counts every group's size and item cells in one pass over the responses. */
static void count(struct disclosure *d, const struct dataset *ds)
{
        size_t ni = d->nitems, nb = d->nback;
        size_t *ks = xcalloc(nb + 1, sizeof(size_t));
        size_t *gs = xcalloc(4 * (nb + 1) + 4, sizeof(size_t));
        for (size_t r = 0; r < ds->n; r++) {
                long u = ds->unit[r], w = ds->wave[r];
                ks[0] = 0;
                for (size_t b = 0; b < nb; b++)
                        ks[b + 1] = d->back[b].first + d->back[b].group_of[r];
                size_t ng = 0;
                for (int a = 0; a < 2; a++)
                        for (int c = 0; c < 2; c++)
                                for (size_t k = 0; k <= nb; k++)
                                        gs[ng++] = dsc_base(d, a ? u : -1, c ? w : -1, ks[k]);
                for (int a = 0; a < 2; a++)
                        for (int c = 0; c < 2; c++)
                                gs[ng++] = dsc_month(d, a ? u : -1, c ? w : -1, d->month_of[r]);
                for (size_t q = 0; q < ng; q++)
                        d->groups[gs[q]].n++;
                for (size_t i = 0; i < ni; i++) {
                        size_t c = d->items[i].col, np = d->items[i].npoints;
                        const struct survey_item *it = dataset_item_of(ds, r, c);
                        int32_t v = dataset_value(ds, r, c);
                        size_t cell = summary_cell(it, v, np);
                        int bucket = cell < np ? disclosure_bucket_of(it, v) : -1;
                        for (size_t q = 0; q < ng; q++) {
                                struct dsc_cell *cl = dsc_cell(d, gs[q], i);
                                cl->dist[cell]++;
                                if (bucket >= 0)
                                        cl->x[bucket]++;
                        }
                }
        }
        /* The rest beside a unit: everyone in the wave (or all) minus the unit. */
        for (size_t u = 0; u < d->nunits; u++)
                for (long w = -1; w < (long)d->nwaves; w++) {
                        size_t all = dsc_base(d, -1, w, 0), mine = dsc_base(d, (long)u, w, 0);
                        size_t rest = dsc_rest(d, u, w);
                        d->groups[rest].n = d->groups[all].n - d->groups[mine].n;
                        for (size_t i = 0; i < ni; i++) {
                                struct dsc_cell *a = dsc_cell(d, all, i), *m = dsc_cell(d, mine, i),
                                                *o = dsc_cell(d, rest, i);
                                for (size_t j = 0; j < DISCLOSE_MAX_POINTS + 2; j++)
                                        o->dist[j] = a->dist[j] - m->dist[j];
                                for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                                        o->x[b] = a->x[b] - m->x[b];
                        }
                }
        free(ks);
        free(gs);
}

/* A group is absent (known empty) when the municipality had nobody in its wave
 * and month at all; other empty groups are hidden like small ones. */
static void mark_absent(struct disclosure *d)
{
        size_t W1 = d->nwaves + 1, nmon = (d->nunits + 1) * W1 * d->nmonths;
        for (size_t g = 0; g < d->ngroups; g++) {
                size_t slice;
                if (g < d->nbase) {
                        size_t w = (g / d->ncats) % W1;
                        slice = dsc_base(d, -1, (long)w - 1, 0);
                } else if (g < d->nbase + nmon) {
                        size_t r = g - d->nbase, m = r % d->nmonths, w = (r / d->nmonths) % W1;
                        slice = dsc_month(d, -1, (long)w - 1, m);
                } else {
                        size_t w = (g - d->nbase - nmon) % W1;
                        slice = dsc_base(d, -1, (long)w - 1, 0);
                }
                d->groups[g].absent = d->groups[slice].n == 0;
        }
}

/* ---- relations: a published total and its breakdown --------------------- */

static void add_relation(struct disclosure *d, size_t parent, const size_t *kids, size_t n)
{
        d->rels = xgrow(d->rels, sizeof(*d->rels), d->nrels + 1, &d->rels_alloc);
        d->rels[d->nrels].parent = parent;
        d->rels[d->nrels].first = d->nmembers;
        d->rels[d->nrels].len = n;
        d->nrels++;
        d->members = xgrow(d->members, sizeof(size_t), d->nmembers + n, &d->members_alloc);
        memcpy(d->members + d->nmembers, kids, n * sizeof(size_t));
        d->nmembers += n;
}

static void build_relations(struct disclosure *d)
{
        size_t U = d->nunits, W = d->nwaves, M = d->nmonths;
        size_t cap = U + W + M + d->ncats + 2;
        size_t *kids = xcalloc(cap, sizeof(size_t));
        for (long u = -1; u < (long)U; u++)
                for (long w = -1; w < (long)W; w++) {
                        /* A group is the sum of its categories of each background item. */
                        for (size_t b = 0; b < d->nback; b++) {
                                for (size_t c = 0; c < d->back[b].ncat; c++)
                                        kids[c] = dsc_base(d, u, w, d->back[b].first + c);
                                add_relation(d, dsc_base(d, u, w, 0), kids, d->back[b].ncat);
                        }
                }
        for (size_t k = 0; k < d->ncats; k++) {
                for (long w = -1; w < (long)W; w++) { /* every unit = sum of the units */
                        for (size_t u = 0; u < U; u++)
                                kids[u] = dsc_base(d, (long)u, w, k);
                        add_relation(d, dsc_base(d, -1, w, k), kids, U);
                }
                for (long u = -1; u < (long)U; u++) { /* every wave = sum of the waves */
                        for (size_t w = 0; w < W; w++)
                                kids[w] = dsc_base(d, u, (long)w, k);
                        add_relation(d, dsc_base(d, u, -1, k), kids, W);
                }
        }
        for (long u = -1; u < (long)U; u++) /* months */
                for (long w = -1; w < (long)W; w++) {
                        for (size_t m = 0; m < M; m++)
                                kids[m] = dsc_month(d, u, w, m);
                        add_relation(d, dsc_base(d, u, w, 0), kids, M);
                }
        for (size_t m = 0; m < M; m++) {
                for (long w = -1; w < (long)W; w++) {
                        for (size_t u = 0; u < U; u++)
                                kids[u] = dsc_month(d, (long)u, w, m);
                        add_relation(d, dsc_month(d, -1, w, m), kids, U);
                }
                for (long u = -1; u < (long)U; u++) {
                        for (size_t w = 0; w < W; w++)
                                kids[w] = dsc_month(d, u, (long)w, m);
                        add_relation(d, dsc_month(d, u, -1, m), kids, W);
                }
        }
        for (size_t u = 0; u < U; u++) { /* a unit and the rest beside it */
                for (long w = -1; w < (long)W; w++) {
                        kids[0] = dsc_base(d, (long)u, w, 0);
                        kids[1] = dsc_rest(d, u, w);
                        add_relation(d, dsc_base(d, -1, w, 0), kids, 2);
                }
                for (size_t w = 0; w < W; w++)
                        kids[w] = dsc_rest(d, u, (long)w);
                add_relation(d, dsc_rest(d, u, -1), kids, W);
        }
        free(kids);
}

/* The relations holding each group as a part, for walking up from a group. */
/* Groups pointing to relations, as CSR: for entry j (of n), group key[j] holds
 * relation rel[j]; *first (ngroups + 1) and *out (n) in relation order. */
static void index_by_group(size_t ngroups, const size_t *key, const size_t *rel, size_t n,
                           size_t **first, size_t **out)
{
        *first = xcalloc(ngroups + 1, sizeof(size_t));
        *out = xcalloc(n ? n : 1, sizeof(size_t));
        for (size_t j = 0; j < n; j++)
                (*first)[key[j] + 1]++;
        for (size_t g = 0; g < ngroups; g++)
                (*first)[g + 1] += (*first)[g];
        size_t *fill = xcalloc(ngroups + 1, sizeof(size_t));
        for (size_t j = 0; j < n; j++)
                (*out)[(*first)[key[j]] + fill[key[j]]++] = rel[j];
        free(fill);
}

static void index_memberships(struct disclosure *d)
{
        size_t *rel_of = xcalloc(d->nmembers ? d->nmembers : 1, sizeof(size_t));
        size_t *parent = xcalloc(d->nrels ? d->nrels : 1, sizeof(size_t));
        size_t *self = xcalloc(d->nrels ? d->nrels : 1, sizeof(size_t));
        for (size_t r = 0; r < d->nrels; r++) {
                for (size_t k = 0; k < d->rels[r].len; k++)
                        rel_of[d->rels[r].first + k] = r;
                parent[r] = d->rels[r].parent;
                self[r] = r;
        }
        index_by_group(d->ngroups, d->members, rel_of, d->nmembers, &d->in_first, &d->in_rel);
        index_by_group(d->ngroups, parent, self, d->nrels, &d->par_first, &d->par_rel);
        free(rel_of);
        free(parent);
        free(self);
        d->zc = xmalloc(d->ngroups);
}

/* ---- levels -------------------------------------------------------------- */

/* Item levels: 0 nothing, 1 no item result (the group's size only), 2 buckets
 * with a banded or withheld share, 3 exact buckets, 4 points. Groups: 0, 1, 3, 4. */
static uint8_t level_of_size(unsigned long n, unsigned long g)
{
        return n < g ? 0 : n < 2 * g ? 1 : n < 4 * g ? 3 : 4;
}

/* The first level of an item in a group, with its bands. */
static void item_start(struct disclosure *d, size_t grp, size_t i)
{
        const struct dsc_group *g = &d->groups[grp];
        struct dsc_cell *cl = dsc_cell(d, grp, i);
        const struct dsc_item *item = &d->items[i];
        unsigned long mg = d->pol.min_group;
        cl->level = g->level;
        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                cl->band[b] = DISCLOSE_EXACT;
        if (g->absent || cl->level < 3)
                return;
        unsigned long nv = dsc_valid(cl, item);
        if (nv < mg) {
                cl->level = 1;
                return;
        }
        if (nv < 4 * mg || g->n < 4 * mg)
                cl->level = 3;
        if (cl->level == 4)
                return;
        /* Below 20: 90 % or more, 10 % or less is a band; with fewer than 10 valid
         * answers such a band would be one count, so the share is withheld. */
        uint8_t lo_band = nv < 2 * mg ? DISCLOSE_WITHHELD : DISCLOSE_LOW;
        uint8_t hi_band = nv < 2 * mg ? DISCLOSE_WITHHELD : DISCLOSE_HIGH;
        size_t nbanded = 0, nreal = 0;
        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++) {
                if (!item->real[b])
                        continue;
                nreal++;
                double share = (double)cl->x[b] / (double)nv;
                if (share >= 0.9)
                        cl->band[b] = hi_band;
                else if (share <= 0.1)
                        cl->band[b] = lo_band;
                nbanded += cl->band[b] != DISCLOSE_EXACT;
        }
        if (nbanded == 0)
                return;
        cl->level = 2;
        if (nbanded == nreal)
                return;
        /* The shares add up to the valid answers: exact ones beside a band would pin
         * it. One band: withhold one exact share other than the positive one; two:
         * withhold the exact one. */
        if (nbanded + 1 == nreal) {
                for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                        if (item->real[b] && cl->band[b] == DISCLOSE_EXACT)
                                cl->band[b] = DISCLOSE_WITHHELD;
                return;
        }
        int keep = DISCLOSE_POS;
        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                if (item->real[b] && cl->band[b] == DISCLOSE_EXACT && (int)b != keep) {
                        cl->band[b] = DISCLOSE_WITHHELD;
                        break;
                }
        if (cl->band[DISCLOSE_POS] != DISCLOSE_EXACT) /* the positive share was banded */
                for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                        if (item->real[b] && cl->band[b] == DISCLOSE_EXACT) {
                                cl->band[b] = DISCLOSE_WITHHELD;
                                break;
                        }
}

enum dsc_role dsc_role(const struct disclosure *d, size_t g, size_t i)
{
        const struct dsc_item *item = &d->items[i];
        if (item->cond_n == 0 || g >= d->nbase)
                return DSC_PLAIN;
        size_t k = g % d->ncats;
        if (k < item->cond_first || k >= item->cond_first + item->cond_n)
                return DSC_PLAIN;
        if (item->cond[k - item->cond_first] == DSC_NOT_ASKED)
                return DSC_NOT_ASKED;
        return item->cond_one ? DSC_ASKED : DSC_PLAIN;
}

/* The group whose cell holds item i's measure m of group grp: its total's for the
 * answers of the one category asked (all but "not answered" and "skipped", which
 * count the category's own size), its own otherwise. */
static size_t cell_group(const struct disclosure *d, size_t grp, size_t i, size_t m)
{
        if (m == MEAS_NA || m == MEAS_SKIP || dsc_role(d, grp, i) != DSC_ASKED)
                return grp;
        return dsc_twin(d, grp);
}

bool dsc_known(const struct disclosure *d, size_t grp, size_t i, size_t m)
{
        const struct dsc_cell *cl = dsc_cell_c(d, grp, i);
        const struct dsc_item *item = &d->items[i];
        const struct dsc_group *g = &d->groups[grp];
        if (g->absent)
                return true;
        switch (dsc_role(d, grp, i)) {
        case DSC_PLAIN:
                break;
        case DSC_NOT_ASKED: /* "not answered" is the size; the rest is 0 */
                return (m != MEAS_NA && m != MEAS_SKIP) || g->level >= 1;
        case DSC_ASKED: {
                size_t t = dsc_twin(d, grp);
                if (m == MEAS_SKIP) /* the group's size less the total's valid answers */
                        return g->level >= 1 && dsc_known(d, t, i, MEAS_VALID);
                if (m == MEAS_NA)
                        return g->level >= 1 && dsc_known(d, t, i, MEAS_VALID) &&
                               dsc_known(d, t, i, MEAS_DK);
                return dsc_known(d, t, i, m);
        }
        }
        if (m == MEAS_NA && item->na_zero)
                return true;
        if (m == MEAS_DK && item->na_zero && cl->level >= 2)
                return true; /* don't know is all the group's skipped answers */
        if (m == MEAS_DK || m == MEAS_NA)
                return cl->level >= 2 && !cl->dkna_hidden;
        if (m == MEAS_SKIP)
                return cl->level >= 2;
        if (m == MEAS_VALID)
                return cl->level >= 2;
        if (m >= MEAS_C0)
                return cl->level >= 2 && dsc_known(d, grp, i, MEAS_X0 + (m - MEAS_C0));
        if (m < MEAS_P0) {
                size_t b = m - MEAS_X0;
                if (!item->real[b])
                        return true;
                return cl->level >= 3 || (cl->level == 2 && cl->band[b] == DISCLOSE_EXACT);
        }
        size_t p = m - MEAS_P0;
        if (cl->level == 4)
                return true;
        /* A bucket of one point tells that point. */
        size_t b = item->bucket_of_point[p];
        return item->points_in_bucket[b] == 1 && dsc_known(d, grp, i, MEAS_X0 + b);
}

unsigned long dsc_truth(const struct disclosure *d, size_t grp, size_t i, size_t m)
{
        const struct dsc_cell *cl = dsc_cell_c(d, grp, i);
        const struct dsc_item *item = &d->items[i];
        if (m == MEAS_DK)
                return cl->dist[item->npoints];
        if (m == MEAS_NA)
                return cl->dist[item->npoints + 1];
        if (m == MEAS_SKIP)
                return cl->dist[item->npoints] + cl->dist[item->npoints + 1];
        if (m == MEAS_VALID)
                return dsc_valid(cl, item);
        if (m >= MEAS_C0)
                return dsc_valid(cl, item) - cl->x[m - MEAS_C0];
        if (m < MEAS_P0)
                return cl->x[m - MEAS_X0];
        return cl->dist[m - MEAS_P0];
}

/* The counts a band allows among nv valid answers (withheld: any). */
static void band_bounds(uint8_t band, unsigned long nv, unsigned long *lo, unsigned long *hi)
{
        *lo = 0;
        *hi = nv;
        if (band == DISCLOSE_LOW)
                *hi = (unsigned long)floor(0.1 * (double)nv);
        else if (band == DISCLOSE_HIGH)
                *lo = (unsigned long)ceil(0.9 * (double)nv);
}

/* What a group's own published figures leave for an unknown measure. */
void dsc_own_bounds(const struct disclosure *d, size_t grp, size_t i, size_t m, unsigned long *lo,
                    unsigned long *hi)
{
        const struct dsc_group *g = &d->groups[grp];
        if (i == SIZE_MAX) { /* the group's size: "too few" may also be none */
                *lo = 0;
                *hi = d->total;
                return;
        }
        size_t holder = cell_group(d, grp, i, m);
        if (holder != grp) {
                dsc_own_bounds(d, holder, i, m, lo, hi);
                return;
        }
        const struct dsc_cell *cl = dsc_cell_c(d, grp, i);
        const struct dsc_item *item = &d->items[i];
        *lo = 0;
        *hi = g->level >= 1 ? g->n : d->total;
        unsigned long nv = dsc_valid(cl, item);
        if (m == MEAS_SKIP)
                return;
        if ((m == MEAS_DK || m == MEAS_NA) && cl->level >= 2) { /* their sum is known */
                *hi = g->n - nv;
                return;
        }
        if (m == MEAS_VALID)
                return;
        if (m >= MEAS_C0) { /* the valid answers less the bucket's own range */
                if (cl->level < 2)
                        return;
                unsigned long blo, bhi;
                dsc_own_bounds(d, grp, i, MEAS_X0 + (m - MEAS_C0), &blo, &bhi);
                if (bhi > nv)
                        bhi = nv;
                *lo = nv - bhi;
                *hi = blo < nv ? nv - blo : 0;
                return;
        }
        if (m >= MEAS_X0 && m < MEAS_P0 && cl->level == 2) {
                /* Exact shares, bands and withheld shares add up to the valid answers. */
                size_t b = m - MEAS_X0;
                unsigned long blo[DISCLOSE_NBUCKETS], bhi[DISCLOSE_NBUCKETS], exact = 0;
                for (size_t k = 0; k < DISCLOSE_NBUCKETS; k++) {
                        blo[k] = bhi[k] = 0;
                        if (!item->real[k])
                                continue;
                        if (cl->band[k] == DISCLOSE_EXACT)
                                exact += cl->x[k];
                        band_bounds(cl->band[k], nv, &blo[k], &bhi[k]);
                }
                unsigned long left = nv - exact, olo = 0, ohi = 0;
                for (size_t k = 0; k < DISCLOSE_NBUCKETS; k++)
                        if (k != b && item->real[k] && cl->band[k] != DISCLOSE_EXACT) {
                                olo += blo[k];
                                ohi += bhi[k] < left ? bhi[k] : left;
                        }
                *lo = left > ohi ? left - ohi : 0;
                if (*lo < blo[b])
                        *lo = blo[b];
                *hi = left > olo ? left - olo : 0;
                if (*hi > bhi[b])
                        *hi = bhi[b];
                return;
        }
        if (m >= MEAS_P0 && cl->level >= 2) {
                size_t b = item->bucket_of_point[m - MEAS_P0];
                if (dsc_known(d, grp, i, MEAS_X0 + b))
                        *hi = cl->x[b];
                else
                        *hi = nv;
        }
}

/* A lone share that is not exact is pinned by the others: withhold one more
 * (neutral, then negative, then positive). */
static void complete_bands(struct dsc_cell *cl, const struct dsc_item *item)
{
        size_t nreal = 0, nx = 0;
        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++) {
                nreal += item->real[b];
                nx += item->real[b] && cl->band[b] != DISCLOSE_EXACT;
        }
        if (nx != 1 || nreal < 2)
                return;
        static const int order[] = {DISCLOSE_NEU, DISCLOSE_NEG, DISCLOSE_POS};
        for (size_t k = 0; k < 3; k++)
                if (item->real[order[k]] && cl->band[order[k]] == DISCLOSE_EXACT) {
                        cl->band[order[k]] = DISCLOSE_WITHHELD;
                        return;
                }
}

/* Whether hiding an item's result in a group where a bucket is banded or
 * withheld would widen that bucket's range (from the band to the whole group). */
static bool loosens(const struct disclosure *d, size_t grp, size_t i, size_t m)
{
        if (i != SIZE_MAX && m >= MEAS_C0 && m < MEAS_VALID)
                m = MEAS_X0 + (m - MEAS_C0);
        if (i == SIZE_MAX || m < MEAS_X0 || m >= MEAS_P0)
                return false;
        grp = cell_group(d, grp, i, m);
        const struct dsc_cell *cl = dsc_cell_c(d, grp, i);
        uint8_t band = cl->band[m - MEAS_X0];
        return cl->level == 2 && (band == DISCLOSE_LOW || band == DISCLOSE_HIGH);
}

/* Hides a measure in a group: the group's size (i == SIZE_MAX) or an item's. */
static void demote(struct disclosure *d, size_t grp, size_t i, size_t m)
{
        struct dsc_group *g = &d->groups[grp];
        if (i == SIZE_MAX) {
                g->level = 0;
                for (size_t k = 0; k < d->nitems; k++)
                        dsc_cell(d, grp, k)->level = 0;
                return;
        }
        switch (dsc_role(d, grp, i)) {
        case DSC_PLAIN:
                break;
        case DSC_NOT_ASKED:
                return; /* nothing to hide: movable() keeps such a cell out */
        case DSC_ASKED:
                /* Its figures are the total's: hide them there. What it skipped is its
                 * size less the total's valid answers, which go (its size was settled
                 * with the other sizes: hiding it now would need cover of its own);
                 * what it left unanswered goes with the total's don't know. */
                m = m == MEAS_NA ? MEAS_DK : m == MEAS_SKIP ? MEAS_VALID : m;
                grp = dsc_twin(d, grp);
                break;
        }
        struct dsc_cell *cl = dsc_cell(d, grp, i);
        const struct dsc_item *item = &d->items[i];
        if ((m == MEAS_DK && item->na_zero) || m == MEAS_VALID) /* what was skipped */
                m = MEAS_SKIP;
        if ((m == MEAS_DK || m == MEAS_NA) && cl->level >= 2) {
                cl->dkna_hidden = true;
                return;
        }
        if (m >= MEAS_C0 && m < MEAS_VALID) /* hide the bucket: its complement too */
                m = MEAS_X0 + (m - MEAS_C0);
        if (m == MEAS_SKIP) { /* the valid answers go, and the item's result with them */
                cl->level = cl->level > 1 ? 1 : 0;
                return;
        }
        if (m >= MEAS_P0) { /* points go first; a bucket of one point goes with them */
                if (cl->level == 4)
                        cl->level = 3;
                if (!dsc_known(d, grp, i, m))
                        return;
                m = MEAS_X0 + item->bucket_of_point[m - MEAS_P0];
        }
        if (m >= MEAS_X0) { /* withhold the share, not the whole item */
                if (cl->level == 4)
                        cl->level = 3;
                if (cl->level == 3) {
                        cl->level = 2;
                        for (size_t k = 0; k < DISCLOSE_NBUCKETS; k++)
                                cl->band[k] = DISCLOSE_EXACT;
                }
                if (cl->level == 2) {
                        cl->band[m - MEAS_X0] = DISCLOSE_WITHHELD;
                        complete_bands(cl, item);
                        return;
                }
        }
        cl->level = cl->level > 1 ? 1 : 0;
}

/* The bounds a group's own figures would leave for a measure once it is hidden
 * there (as demote() would do it, without doing it). */
static void demoted_bounds(const struct disclosure *d, size_t grp, size_t i, size_t m,
                           unsigned long *lo, unsigned long *hi)
{
        if (i == SIZE_MAX) {
                *lo = 0;
                *hi = d->total;
                return;
        }
        grp = cell_group(d, grp, i, m);
        const struct dsc_cell *cl = dsc_cell_c(d, grp, i);
        unsigned long n = d->groups[grp].n, nv = dsc_valid(cl, &d->items[i]);
        *lo = 0;
        if ((m == MEAS_DK || m == MEAS_NA) && cl->level >= 2)
                *hi = n - nv;
        else if (m >= MEAS_P0 && m < MEAS_C0 && cl->level == 4) {
                size_t b = d->items[i].bucket_of_point[m - MEAS_P0];
                *hi = d->items[i].points_in_bucket[b] > 1 ? cl->x[b] : n;
        } else
                *hi = n;
}

/* Whether hiding an item's figure in group g can change anything (figures the
 * questionnaire fixes cannot be hidden). */
static bool movable(const struct disclosure *d, size_t g, size_t i)
{
        return i == SIZE_MAX || dsc_role(d, g, i) != DSC_NOT_ASKED;
}

static bool size_known(const struct disclosure *d, size_t grp)
{
        return d->groups[grp].absent || d->groups[grp].level >= 1;
}

static bool known(const struct disclosure *d, size_t grp, size_t i, size_t m)
{
        return i == SIZE_MAX ? size_known(d, grp) : dsc_known(d, grp, i, m);
}

static unsigned long truth(const struct disclosure *d, size_t grp, size_t i, size_t m)
{
        return i == SIZE_MAX ? d->groups[grp].n : dsc_truth(d, grp, i, m);
}

/* zero_covered() for any measure, without the memo. */
static bool zero_raw(const struct disclosure *d, size_t g, size_t i, size_t m)
{
        if (truth(d, g, i, m) != 0)
                return false;
        if (known(d, g, i, m))
                return true;
        for (size_t q = d->in_first[g]; q < d->in_first[g + 1]; q++)
                if (zero_raw(d, d->rels[d->in_rel[q]].parent, i, m))
                        return true;
        return false;
}

/* Whether item i's valid answers (or one bucket of them) in group g are the whole
 * group, which publishes its size, because the rest is 0 by published zeros: a unit
 * that publishes no don't know and no skipped answer says of each of its months that
 * everyone answered. That is the zeros' own figure, not differencing. */
static bool full_by_zero(const struct disclosure *d, size_t g, size_t i, size_t m)
{
        if (!size_known(d, g) || truth(d, g, i, m) != d->groups[g].n)
                return false;
        if (m == MEAS_VALID)
                return zero_raw(d, g, i, MEAS_SKIP);
        if (m < MEAS_X0 || m >= MEAS_P0 || !zero_raw(d, g, i, MEAS_SKIP))
                return false;
        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                if (MEAS_X0 + b != m && d->items[i].real[b] && !zero_raw(d, g, i, MEAS_X0 + b))
                        return false;
        return true;
}

/* Whether item i's measure m in group g is 0 by a published zero: its own, or one
 * of a group that holds it (a published 0 says every part of it is 0, which is the
 * figure itself, not differencing). Such a value needs no cover and gives none.
 * Memoised in d->zc for one measure; reset_zero_covered() forgets. */
static bool zero_covered(const struct disclosure *d, size_t g, size_t i, size_t m)
{
        if (d->zc[g] >= 0)
                return d->zc[g];
        bool z = false;
        if (truth(d, g, i, m) == 0) {
                z = known(d, g, i, m);
                for (size_t q = d->in_first[g]; q < d->in_first[g + 1] && !z; q++)
                        z = zero_covered(d, d->rels[d->in_rel[q]].parent, i, m);
        } else if (i != SIZE_MAX) {
                z = full_by_zero(d, g, i, m);
        }
        d->zc[g] = z;
        return z;
}

static void reset_zero_covered(struct disclosure *d)
{
        memset(d->zc, -1, d->ngroups);
}

/* One relation (a total and its parts), one measure. Whatever is not published
 * of it (parts, or the total itself) must keep a range at least as wide as its
 * own figures leave, within the total where that is published (each part is at
 * most the total: that alone is no differencing), and never fewer than
 * min_group values. If not, hide it in one more part (the smallest that shows
 * it and whose value can move: a zero where everything is zero adds no cover)
 * or, when none is left, in the total. Returns true if something changed. */
static bool check_relation(struct disclosure *d, const struct dsc_relation *rel, size_t i, size_t m)
{
        size_t P = rel->parent;
        if (d->groups[P].absent)
                return false;
        bool items = i != SIZE_MAX;
        if (items && zero_covered(d, P, i, m))
                return false; /* every part is 0 by a published zero */
        const size_t *kids = d->members + rel->first;
        bool pk = known(d, P, i, m);
        long tp = (long)truth(d, P, i, m), known_sum = 0, ulo = 0, uhi = 0, usum = 0;
        size_t nh = 0;
        for (size_t k = 0; k < rel->len; k++) {
                size_t c = kids[k];
                if (d->groups[c].absent)
                        continue;
                if (known(d, c, i, m)) {
                        known_sum += (long)truth(d, c, i, m);
                        continue;
                }
                /* An empty group looks hidden but gives no cover: other totals may
                 * well tell that it is empty. */
                if (d->groups[c].n == 0 || (items && zero_covered(d, c, i, m))) {
                        known_sum += (long)truth(d, c, i, m); /* 0, or all by zeros */
                        continue;
                }
                unsigned long lo, hi;
                dsc_own_bounds(d, c, i, m, &lo, &hi);
                if (pk && hi > (unsigned long)tp)
                        hi = (unsigned long)tp;
                ulo += (long)lo;
                uhi += (long)hi;
                usum += (long)truth(d, c, i, m);
                nh++;
        }
        if (nh == 0 && pk)
                return false;
        unsigned long plo = (unsigned long)tp, phi = (unsigned long)tp;
        if (!pk)
                dsc_own_bounds(d, P, i, m, &plo, &phi);
        /* The valid answers and a bucket's complement are sums of the measures above,
         * each checked against min_group itself; for them the rule is only that
         * differencing never pins one (docs/privacy.md says what that leaves). */
        long need_cap = items && m >= MEAS_C0 ? 2 : (long)d->pol.min_group;
        bool ok = true;
        if (!pk && d->groups[P].n > 0) { /* the total, from its parts */
                long rlo = known_sum + ulo, rhi = known_sum + uhi;
                if (rlo < (long)plo)
                        rlo = (long)plo;
                if (rhi > (long)phi)
                        rhi = (long)phi;
                long need = (long)(phi - plo) + 1;
                ok = rhi - rlo + 1 >= (need < need_cap ? need : need_cap);
        }
        for (size_t k = 0; k < rel->len && ok; k++) {
                size_t c = kids[k];
                /* An empty group looks hidden (cover for the small ones) but has
                 * nobody to protect. */
                if (d->groups[c].absent || known(d, c, i, m) || d->groups[c].n == 0 ||
                    (items && zero_covered(d, c, i, m)))
                        continue;
                unsigned long lo, hi;
                dsc_own_bounds(d, c, i, m, &lo, &hi);
                if (pk && hi > (unsigned long)tp)
                        hi = (unsigned long)tp;
                /* part = total - known parts - the other unknown parts */
                long olo = ulo - (long)lo, ohi = uhi - (long)hi;
                long rlo = (long)plo - known_sum - ohi, rhi = (long)phi - known_sum - olo;
                if (rlo < (long)lo)
                        rlo = (long)lo;
                if (rhi > (long)hi)
                        rhi = (long)hi;
                long need = (long)(hi - lo) + 1;
                ok = rhi - rlo + 1 >= (need < need_cap ? need : need_cap);
        }
        if (ok)
                return false;
        size_t best = SIZE_MAX;
        for (size_t k = 0; k < rel->len; k++) {
                size_t c = kids[k];
                /* Loosening a band helps only beside another unknown part. */
                if (d->groups[c].absent || !movable(d, c, i) ||
                    (!known(d, c, i, m) && !(nh >= 2 && loosens(d, c, i, m))))
                        continue;
                unsigned long lo, hi, t = truth(d, c, i, m);
                demoted_bounds(d, c, i, m, &lo, &hi);
                if (t <= lo && t >= hi)
                        continue;
                if (pk && ((usum == ulo && t <= lo) || (usum == uhi && t >= hi)))
                        continue;
                if (best == SIZE_MAX || d->groups[c].n < d->groups[best].n)
                        best = c;
        }
        if (best == SIZE_MAX && (!pk || !movable(d, P, i)))
                return false; /* nothing left to hide here; the audit has the last word */
        demote(d, best != SIZE_MAX ? best : P, i, m);
        return true;
}

/* Through chains the gate closes pins (a value with one possible value left, as the
 * exact check of the sizes does); min_group values are kept within each relation
 * (check_relation()). Asking min_group through chains too hid the percent positive of
 * two thirds of the items of units of 20 to 80 (docs/performance.md). */
#define CHAIN_NEED   2
#define CHAIN_PASSES 64   /* propagation sweeps over every relation, at most */
#define CHAIN_ROUNDS 4096 /* figures hidden per measure and item by the chain pass, at most */

static void settle_sizes(struct disclosure *d)
{
        for (bool changed = true; changed;) {
                changed = false;
                for (size_t r = 0; r < d->nrels; r++)
                        changed |= check_relation(d, &d->rels[r], SIZE_MAX, 0);
        }
}

/* ---- chains of figures ------------------------------------------------------
 * check_relation() sees one total at a time. A value it leaves hidden can still be
 * worked out through several: a part's valid answers from one breakdown, then a
 * neighbour's from another. The chain pass propagates ranges over every relation
 * at once (each value within what its parts, its totals and the other parts of
 * those leave, until nothing tightens: what an attacker's presolve does) and hides
 * one more figure beside any value that ends narrower than the rule. */

/* The sums of the lower and of the upper ends of a relation's parts. */
static void rel_sums(const struct disclosure *d, const struct dsc_relation *rel, const long *lo,
                     const long *hi, long *slo, long *shi)
{
        const size_t *kids = d->members + rel->first;
        *slo = *shi = 0;
        for (size_t k = 0; k < rel->len; k++) {
                *slo += lo[kids[k]];
                *shi += hi[kids[k]];
        }
}

/* What the total less the other parts leaves for part c (slo, shi: rel_sums()). */
static void part_range(const struct dsc_relation *rel, size_t c, long slo, long shi, const long *lo,
                       const long *hi, long *l, long *h)
{
        *l = lo[rel->parent] - (shi - hi[c]);
        *h = hi[rel->parent] - (slo - lo[c]);
}

/* Narrows [*lo, *hi] to [l, h]; true if it moved. */
static bool tighten(long *lo, long *hi, long l, long h)
{
        bool moved = l > *lo || h < *hi;
        if (l > *lo)
                *lo = l;
        if (h < *hi)
                *hi = h;
        return moved;
}

/* Ranges of item i's measure m in every group, as far as the published figures and
 * propagation over the relations tell. */
static void propagate(struct disclosure *d, size_t i, size_t m, long *lo, long *hi)
{
        for (size_t g = 0; g < d->ngroups; g++) {
                if (known(d, g, i, m)) {
                        lo[g] = hi[g] = (long)truth(d, g, i, m);
                } else if (d->groups[g].n == 0 || zero_covered(d, g, i, m)) {
                        lo[g] = hi[g] = (long)truth(d, g, i, m); /* no cover: zeros tell it */
                } else {
                        unsigned long l, h;
                        dsc_own_bounds(d, g, i, m, &l, &h);
                        lo[g] = (long)l;
                        hi[g] = (long)h;
                }
        }
        for (int pass = 0; pass < CHAIN_PASSES; pass++) {
                bool changed = false;
                for (size_t r = 0; r < d->nrels; r++) {
                        const struct dsc_relation *rel = &d->rels[r];
                        const size_t *kids = d->members + rel->first;
                        long slo, shi;
                        rel_sums(d, rel, lo, hi, &slo, &shi);
                        changed |= tighten(&lo[rel->parent], &hi[rel->parent], slo, shi);
                        for (size_t k = 0; k < rel->len; k++) {
                                long l, h;
                                part_range(rel, kids[k], slo, shi, lo, hi, &l, &h);
                                changed |= tighten(&lo[kids[k]], &hi[kids[k]], l, h);
                        }
                }
                if (!changed)
                        break;
        }
}

/* The values a hidden measure must keep through chains: what its own figures leave,
 * within the published totals holding it, and at most CHAIN_NEED. */
static long chain_need(const struct disclosure *d, size_t g, size_t i, size_t m)
{
        unsigned long lo, hi;
        dsc_own_bounds(d, g, i, m, &lo, &hi);
        for (size_t q = d->in_first[g]; q < d->in_first[g + 1]; q++) {
                size_t P = d->rels[d->in_rel[q]].parent;
                if (known(d, P, i, m) && truth(d, P, i, m) < hi)
                        hi = truth(d, P, i, m);
        }
        long own = hi >= lo ? (long)(hi - lo) + 1 : 1;
        return own < CHAIN_NEED ? own : CHAIN_NEED;
}

/* Whether g is a figure of the whole municipality (every unit), which the chain pass
 * never hides: a pin that only such a figure could close is left to the audit. */
static bool every_unit(const struct disclosure *d, size_t g)
{
        size_t per = d->nwaves + 1;
        if (g < d->nbase) /* its own result; its background categories are cells */
                return g < per * d->ncats && g % d->ncats == 0;
        g -= d->nbase;
        if (g < (d->nunits + 1) * per * d->nmonths)
                return g < per * d->nmonths;
        return false; /* the rest beside a unit */
}

/* The relations group x is a part or the total of: touching(d, x, q) for q below
 * touching_n(d, x), the ones holding it as a part first. */
static size_t touching_n(const struct disclosure *d, size_t x)
{
        return d->in_first[x + 1] - d->in_first[x] + d->par_first[x + 1] - d->par_first[x];
}

static const struct dsc_relation *touching(const struct disclosure *d, size_t x, size_t q)
{
        size_t nin = d->in_first[x + 1] - d->in_first[x];
        return &d->rels[q < nin ? d->in_rel[d->in_first[x] + q]
                                : d->par_rel[d->par_first[x] + q - nin]];
}

/* Hides item i's measure m in one more group beside g: the smallest that shows it
 * among the groups g shares a relation with, else one relation further out (through
 * groups that hide it), and so on. Returns false when nothing linked to g shows it. */
static bool hide_near(struct disclosure *d, size_t g, size_t i, size_t m)
{
        bool *seen = xcalloc(d->ngroups, 1);
        size_t *front = xmalloc(d->ngroups * sizeof(size_t));
        size_t *next = xmalloc(d->ngroups * sizeof(size_t));
        size_t nf = 1, best = SIZE_MAX;
        front[0] = g;
        seen[g] = true;
        while (nf > 0 && best == SIZE_MAX) {
                size_t nn = 0;
                for (size_t f = 0; f < nf; f++) {
                        size_t x = front[f];
                        for (size_t q = 0, nq = touching_n(d, x); q < nq; q++) {
                                const struct dsc_relation *rel = touching(d, x, q);
                                for (size_t k = 0; k <= rel->len; k++) {
                                        size_t c =
                                            k < rel->len ? d->members[rel->first + k] : rel->parent;
                                        const struct dsc_group *grp = &d->groups[c];
                                        if (seen[c] || grp->absent || grp->n == 0)
                                                continue;
                                        seen[c] = true;
                                        if (!known(d, c, i, m) || zero_covered(d, c, i, m))
                                                next[nn++] = c;
                                        else if (!every_unit(d, c) && movable(d, c, i) &&
                                                 (best == SIZE_MAX || grp->n < d->groups[best].n))
                                                best = c;
                                }
                        }
                }
                size_t *t = front;
                front = next;
                next = t;
                nf = nn;
        }
        free(seen);
        free(front);
        free(next);
        if (best == SIZE_MAX)
                return false;
        demote(d, best, i, m);
        return true;
}

/* The range relation rel alone leaves for group g (a part or the total of it), with
 * the ranges of the others. */
static void rel_range(const struct disclosure *d, const struct dsc_relation *rel, size_t g,
                      const long *lo, const long *hi, long *rlo, long *rhi)
{
        long slo, shi;
        rel_sums(d, rel, lo, hi, &slo, &shi);
        if (rel->parent == g) {
                *rlo = slo;
                *rhi = shi;
        } else {
                part_range(rel, g, slo, shi, lo, hi, rlo, rhi);
        }
}

/* What hiding a figure in group g costs a reader, lowest first: a cell of a breakdown
 * (a background category, a month), the rest beside a unit, a unit's or wave's own
 * result (what `summary --by unit` shows). */
static int hide_cost(const struct disclosure *d, size_t g)
{
        if (g < d->nbase)
                return g % d->ncats ? 0 : 2;
        if (g < d->nbase + (d->nunits + 1) * (d->nwaves + 1) * d->nmonths)
                return 0;
        return 1;
}

/* Whether relation rel makes one end of g's range (lo, hi: propagate()). */
static bool binds(const struct disclosure *d, const struct dsc_relation *rel, size_t g,
                  const long *lo, const long *hi)
{
        long rlo, rhi;
        rel_range(d, rel, g, lo, hi, &rlo, &rhi);
        return rlo >= lo[g] || rhi <= hi[g];
}

#define BIND_DEPTH 4 /* hidden figures the search walks through, at most */

/* Hides item i's measure m where it makes g's range. From g, through the relations
 * that make its range (and, where their other figures are hidden too, through the
 * relations that make those), the figure that costs the reader least (hide_cost(),
 * a part before a total, the nearest, the smallest group) is hidden; a figure of the
 * whole municipality never. Falls back to hide_near(). */
static bool hide_binding(struct disclosure *d, size_t g, size_t i, size_t m, const long *lo,
                         const long *hi)
{
        uint8_t *depth = xmalloc(d->ngroups);
        memset(depth, 0xff, d->ngroups);
        size_t *queue = xmalloc(d->ngroups * sizeof(size_t));
        size_t head = 0, tail = 0, best = SIZE_MAX;
        long best_key = LONG_MAX;
        queue[tail++] = g;
        depth[g] = 0;
        while (head < tail) {
                size_t x = queue[head++];
                for (size_t q = 0, nq = touching_n(d, x); q < nq; q++) {
                        const struct dsc_relation *rel = touching(d, x, q);
                        if (!binds(d, rel, x, lo, hi))
                                continue;
                        for (size_t k = 0; k <= rel->len; k++) {
                                size_t c = k < rel->len ? d->members[rel->first + k] : rel->parent;
                                const struct dsc_group *grp = &d->groups[c];
                                if (c == x || grp->absent || grp->n == 0 ||
                                    zero_covered(d, c, i, m))
                                        continue;
                                if (!known(d, c, i, m)) {
                                        if (depth[c] == 0xff && depth[x] < BIND_DEPTH) {
                                                depth[c] = (uint8_t)(depth[x] + 1);
                                                queue[tail++] = c;
                                        }
                                        continue;
                                }
                                if (every_unit(d, c) || !movable(d, c, i))
                                        continue;
                                size_t hc = i != SIZE_MAX && dsc_role(d, c, i) == DSC_ASKED
                                                ? dsc_twin(d, c)
                                                : c;
                                long key = (((long)hide_cost(d, hc) * 2 + (c == rel->parent)) *
                                                (BIND_DEPTH + 1) +
                                            depth[x]) *
                                               ((long)d->total + 1) +
                                           (long)grp->n;
                                if (key < best_key) {
                                        best_key = key;
                                        best = c;
                                }
                        }
                }
        }
        free(depth);
        free(queue);
        if (best == SIZE_MAX)
                return hide_near(d, g, i, m);
        demote(d, best, i, m);
        return true;
}

/* The chain pass for item i, measure by measure. left (MEAS_END x ngroups) marks the
 * pins it found nothing to hide for, which it does not try again for this item.
 * Returns true if it hid anything. */
static bool close_chains(struct disclosure *d, size_t i, bool *left)
{
        size_t np = MEAS_P0 + d->items[i].npoints;
        long *lo = xmalloc(d->ngroups * sizeof(long)), *hi = xmalloc(d->ngroups * sizeof(long));
        bool any = false;
        for (size_t m = 0; m < MEAS_END; m++) {
                if (m >= np && m < MEAS_C0)
                        continue;
                bool *gave_up = left + m * d->ngroups;
                for (int round = 0; round < CHAIN_ROUNDS; round++) {
                        reset_zero_covered(d);
                        propagate(d, i, m, lo, hi);
                        bool moved = false;
                        for (size_t g = 0; g < d->ngroups && !moved; g++) {
                                if (gave_up[g] || d->groups[g].absent || d->groups[g].n == 0 ||
                                    known(d, g, i, m) || zero_covered(d, g, i, m) ||
                                    hi[g] - lo[g] + 1 >= chain_need(d, g, i, m))
                                        continue;
                                moved = hide_binding(d, g, i, m, lo, hi);
                                gave_up[g] = !moved;
                        }
                        if (!moved)
                                break;
                        any = true;
                }
        }
        free(lo);
        free(hi);
        return any;
}

static void settle_item(struct disclosure *d, size_t i)
{
        size_t np = MEAS_P0 + d->items[i].npoints;
        bool *left = xcalloc(MEAS_END * d->ngroups, sizeof(bool));
        for (bool changed = true; changed;) {
                changed = false;
                for (size_t m = 0; m < MEAS_END; m++) {
                        if (m >= np && m < MEAS_C0)
                                continue;
                        reset_zero_covered(d);
                        for (size_t r = 0; r < d->nrels; r++)
                                if (check_relation(d, &d->rels[r], i, m)) {
                                        changed = true;
                                        reset_zero_covered(d); /* a zero may be hidden now */
                                }
                }
                if (!changed)
                        changed = close_chains(d, i, left);
        }
        free(left);
}

/* Hides one more group beside a hidden group g whose size the published sizes pin:
 * the smallest shown group of any breakdown g is a part of, else a shown total it is
 * a part of. Returns false when there is none. */
static bool hide_partner(struct disclosure *d, size_t g)
{
        size_t best = SIZE_MAX, total = SIZE_MAX;
        for (size_t q = d->in_first[g]; q < d->in_first[g + 1]; q++) {
                const struct dsc_relation *rel = &d->rels[d->in_rel[q]];
                for (size_t k = 0; k < rel->len; k++) {
                        size_t c = d->members[rel->first + k];
                        const struct dsc_group *grp = &d->groups[c];
                        if (c == g || grp->absent || grp->level == 0 || grp->n == 0)
                                continue;
                        if (best == SIZE_MAX || grp->n < d->groups[best].n)
                                best = c;
                }
                const struct dsc_group *p = &d->groups[rel->parent];
                if (total == SIZE_MAX && !p->absent && p->level > 0)
                        total = rel->parent;
        }
        if (best == SIZE_MAX)
                best = total;
        if (best == SIZE_MAX)
                return false;
        demote(d, best, SIZE_MAX, 0);
        return true;
}

/* The rule above checks one total at a time and cannot see chains through several
 * breakdowns (a unit's months and a month's units: a table of two ways). The exact
 * check of the sizes finds what they pin; a partner is hidden and the check runs
 * again until nothing is pinned. Refuses (-1) when that does not end. */
static int close_size_chains(struct disclosure *d, struct lytt_error *err)
{
        for (int round = 0; round < 64; round++) {
                size_t *pins = NULL, n = 0;
                if (dsc_pinned_sizes(d, &pins, &n, err) < 0) {
                        free(pins);
                        return -1;
                }
                bool moved = false;
                for (size_t k = 0; k < n; k++)
                        if (d->groups[pins[k]].level == 0) /* not hidden by this round */
                                moved |= hide_partner(d, pins[k]);
                free(pins);
                if (n == 0)
                        return 0;
                if (!moved)
                        break;
                settle_sizes(d);
        }
        lytt_error_set(err, NULL, 0,
                       "disclosure gate: the group sizes still give a hidden group away after "
                       "hiding more; nothing is published");
        return -1;
}

/* A group of the one category a conditional item is asked in publishes what its
 * total publishes of the item (the same answers), as far as its own size allows. */
static void publish_asked(struct disclosure *d)
{
        static const uint8_t cap[] = {0, 1, 3, 3, 4};
        for (size_t g = 0; g < d->nbase; g++)
                for (size_t i = 0; i < d->nitems; i++) {
                        if (dsc_role(d, g, i) != DSC_ASKED)
                                continue;
                        struct dsc_cell *cl = dsc_cell(d, g, i);
                        const struct dsc_cell *t = dsc_cell_c(d, dsc_twin(d, g), i);
                        uint8_t c = d->groups[g].absent ? 4 : cap[d->groups[g].level];
                        cl->level = t->level < c ? t->level : c;
                        memcpy(cl->band, t->band, sizeof(cl->band));
                        cl->dkna_hidden = t->dkna_hidden;
                }
}

static int decide(struct disclosure *d, struct lytt_error *err)
{
        unsigned long mg = d->pol.min_group;
        for (size_t g = 0; g < d->ngroups; g++)
                d->groups[g].level = d->groups[g].absent ? 4 : level_of_size(d->groups[g].n, mg);
        settle_sizes(d);
        if (close_size_chains(d, err) < 0)
                return -1;
        for (size_t g = 0; g < d->ngroups; g++)
                for (size_t i = 0; i < d->nitems; i++)
                        item_start(d, g, i);
        for (size_t i = 0; i < d->nitems; i++)
                settle_item(d, i);
        publish_asked(d);
        return 0;
}

/* ---- building ------------------------------------------------------------ */

static void setup_items(struct disclosure *d, const struct dataset *ds)
{
        for (size_t c = 0; c < ds->ncols; c++) {
                const struct survey_item *it = dataset_item(ds, c);
                if (!summary_item_kind(it))
                        continue;
                d->items = xgrow(d->items, sizeof(*d->items), d->nitems + 1, &d->items_alloc);
                struct dsc_item *item = &d->items[d->nitems++];
                memset(item, 0, sizeof(*item));
                item->col = c;
                item->id = ds->cols[c].id;
                item->required = it->required && !it->show_if;
                bool yn = it->type == SURVEY_ITEM_YESNO;
                item->npoints = yn ? 2 : it->scale->npoints;
                if (item->npoints > DISCLOSE_MAX_POINTS)
                        item->npoints = DISCLOSE_MAX_POINTS;
                for (size_t p = 0; p < item->npoints; p++) {
                        int32_t v = yn ? (int32_t)p : it->scale->points[p].value;
                        int b = disclosure_bucket_of(it, v);
                        item->bucket_of_point[p] = (uint8_t)(b < 0 ? DISCLOSE_NEU : b);
                        item->points_in_bucket[item->bucket_of_point[p]]++;
                }
                for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                        item->real[b] = item->points_in_bucket[b] > 0;
        }
}

/* An item shown only on a condition on background item `by`: which of its
 * categories (labels) ask it. The next category starts at d->ncats. */
static void setup_condition(struct disclosure *d, const struct dataset *ds, struct dsc_item *item,
                            const char *by, char *const *labels, size_t ncat)
{
        const struct survey_item *it = dataset_item(ds, item->col);
        if (!it->show_if || strcmp(it->show_if->id, by) != 0)
                return;
        item->cond = xcalloc(ncat, 1);
        item->cond_first = d->ncats;
        item->cond_n = ncat;
        size_t nasked = 0;
        for (size_t k = 0; k < ncat; k++) {
                item->cond[k] = DSC_NOT_ASKED;
                for (size_t v = 0; v < it->nshow_if_values; v++)
                        if (strcmp(labels[k], it->show_if_values[v]) == 0)
                                item->cond[k] = DSC_ASKED;
                nasked += item->cond[k] == DSC_ASKED;
        }
        item->cond_one = nasked == 1;
}

/* A condition is the questionnaire's only where every answer kept it: nobody in a
 * category it is not asked in answered it (or said don't know). */
static void check_conditions(struct disclosure *d)
{
        for (size_t i = 0; i < d->nitems; i++) {
                struct dsc_item *item = &d->items[i];
                bool held = true;
                for (size_t k = 0; k < item->cond_n && held; k++) {
                        if (item->cond[k] != DSC_NOT_ASKED)
                                continue;
                        const struct dsc_cell *cl =
                            dsc_cell_c(d, dsc_base(d, -1, -1, item->cond_first + k), i);
                        held = dsc_valid(cl, item) + cl->dist[item->npoints] == 0;
                }
                if (!held) {
                        free(item->cond);
                        item->cond = NULL;
                        item->cond_n = 0;
                }
        }
}

static int setup_background(struct disclosure *d, const struct dataset *ds, struct lytt_error *err)
{
        d->ncats = 1;
        for (size_t c = 0; c < ds->ncols; c++) {
                if (!summary_background_item(dataset_item(ds, c)))
                        continue;
                d->back = xgrow(d->back, sizeof(*d->back), d->nback + 1, &d->back_alloc);
                struct dsc_back *b = &d->back[d->nback];
                memset(b, 0, sizeof(*b));
                b->id = ds->cols[c].id;
                char **labels = NULL;
                if (summary_groups(ds, b->id, &labels, &b->ncat, &b->group_of, err) < 0)
                        return -1;
                for (size_t i = 0; i < d->nitems; i++)
                        setup_condition(d, ds, &d->items[i], b->id, labels, b->ncat);
                for (size_t k = 0; k < b->ncat; k++)
                        free(labels[k]);
                free(labels);
                b->first = d->ncats;
                d->ncats += b->ncat;
                d->nback++;
        }
        return 0;
}

static void setup_months(struct disclosure *d, const struct dataset *ds)
{
        char(*of_period)[8] = xcalloc(ds->nperiods ? ds->nperiods : 1, 8);
        for (size_t p = 0; p < ds->nperiods; p++) {
                trend_month_of(ds->periods[p], of_period[p]);
                if (find_label(d->months, d->nmonths, of_period[p]) < 0) {
                        d->months = xrealloc(d->months, (d->nmonths + 1) * sizeof(char *));
                        d->months[d->nmonths++] = xstrdup(of_period[p]);
                }
        }
        d->month_of = xcalloc(ds->n ? ds->n : 1, sizeof(size_t));
        for (size_t r = 0; r < ds->n; r++)
                d->month_of[r] =
                    (size_t)find_label(d->months, d->nmonths, of_period[ds->period[r]]);
        free(of_period);
}

int disclosure_build(const struct dataset *ds, struct disclosure **out, struct lytt_error *err)
{
        *out = NULL;
        struct disclosure *d = xcalloc(1, sizeof(*d));
        suppress_policy_of(ds->current, &d->pol);
        d->total = ds->n;
        d->nunits = ds->nunits;
        d->nwaves = ds->nwaves;
        d->units = ds->units;
        d->waves = ds->waves;
        setup_items(d, ds);
        if (setup_background(d, ds, err) < 0) {
                disclosure_free(d);
                return -1;
        }
        setup_months(d, ds);
        d->nbase = (d->nunits + 1) * (d->nwaves + 1) * d->ncats;
        d->ngroups =
            d->nbase + (d->nunits + 1) * (d->nwaves + 1) * d->nmonths + d->nunits * (d->nwaves + 1);
        d->groups = xcalloc(d->ngroups, sizeof(*d->groups));
        d->cells = xcalloc(d->ngroups * (d->nitems ? d->nitems : 1), sizeof(*d->cells));
        count(d, ds);
        for (size_t i = 0; i < d->nitems; i++) {
                struct dsc_item *it = &d->items[i];
                it->na_zero = it->required &&
                              dsc_cell(d, dsc_base(d, -1, -1, 0), i)->dist[it->npoints + 1] == 0;
        }
        check_conditions(d);
        mark_absent(d);
        build_relations(d);
        index_memberships(d);
        if (decide(d, err) < 0) {
                disclosure_free(d);
                return -1;
        }
        /* The dataset's labels are borrowed until here; keep copies. */
        char **u = xcalloc(d->nunits + 1, sizeof(char *)),
             **w = xcalloc(d->nwaves + 1, sizeof(char *));
        for (size_t k = 0; k < d->nunits; k++)
                u[k] = xstrdup(ds->units[k]);
        for (size_t k = 0; k < d->nwaves; k++)
                w[k] = xstrdup(ds->waves[k]);
        d->units = u;
        d->waves = w;
        d->owns_labels = true;
        for (size_t b = 0; b < d->nback; b++) {
                d->back[b].id = xstrdup(d->back[b].id);
                free(d->back[b].group_of);
                d->back[b].group_of = NULL;
        }
        for (size_t i = 0; i < d->nitems; i++)
                d->items[i].id = xstrdup(d->items[i].id);
        free(d->month_of);
        d->month_of = NULL;
        *out = d;
        return 0;
}

void disclosure_free(struct disclosure *d)
{
        if (!d)
                return;
        if (d->owns_labels) {
                for (size_t k = 0; k < d->nunits; k++)
                        free(d->units[k]);
                for (size_t k = 0; k < d->nwaves; k++)
                        free(d->waves[k]);
                free(d->units);
                free(d->waves);
                for (size_t b = 0; b < d->nback; b++)
                        free((char *)d->back[b].id);
                for (size_t i = 0; i < d->nitems; i++)
                        free((char *)d->items[i].id);
        }
        for (size_t b = 0; b < d->nback; b++)
                free(d->back[b].group_of);
        for (size_t i = 0; i < d->nitems; i++)
                free(d->items[i].cond);
        for (size_t m = 0; m < d->nmonths; m++)
                free(d->months[m]);
        free(d->months);
        free(d->month_of);
        free(d->back);
        free(d->items);
        free(d->groups);
        free(d->cells);
        free(d->rels);
        free(d->members);
        free(d->in_first);
        free(d->in_rel);
        free(d->par_first);
        free(d->par_rel);
        free(d->zc);
        free(d);
}

size_t disclosure_units(const struct disclosure *d, char *const **out)
{
        *out = d->units;
        return d->nunits;
}

size_t disclosure_waves(const struct disclosure *d, char *const **out)
{
        *out = d->waves;
        return d->nwaves;
}

size_t disclosure_periods(const struct disclosure *d, bool by_month, const char *unit,
                          const char *wave, const char ***out)
{
        char *const *all = by_month ? d->months : d->waves;
        size_t nall = by_month ? d->nmonths : d->nwaves, n = 0;
        const char **list = xcalloc(nall ? nall : 1, sizeof(char *));
        for (size_t k = 0; k < nall; k++) {
                struct disclosure_key key = {unit, wave, NULL, NULL, 0, false};
                if (by_month) {
                        key.month = all[k];
                } else {
                        if (wave && strcmp(wave, all[k]) != 0)
                                continue;
                        key.wave = all[k];
                }
                struct disclosure_size sz;
                if (disclosure_size(d, &key, &sz) == 0 && !sz.empty)
                        list[n++] = all[k];
        }
        *out = list;
        return n;
}

const struct suppress_policy *disclosure_policy(const struct disclosure *d)
{
        return &d->pol;
}

const struct disclosure_audit *disclosure_audit_summary(const struct disclosure *d)
{
        return &d->audit;
}

/* ---- names for messages -------------------------------------------------- */

void dsc_group_name(const struct disclosure *d, size_t g, char *buf, size_t size)
{
        size_t W1 = d->nwaves + 1, nmon = (d->nunits + 1) * W1 * d->nmonths;
        long u, w, m = -1;
        size_t k = 0;
        bool rest = false;
        if (g < d->nbase) {
                k = g % d->ncats;
                w = (long)((g / d->ncats) % W1) - 1;
                u = (long)((g / d->ncats) / W1) - 1;
        } else if (g < d->nbase + nmon) {
                size_t r = g - d->nbase;
                m = (long)(r % d->nmonths);
                w = (long)((r / d->nmonths) % W1) - 1;
                u = (long)((r / d->nmonths) / W1) - 1;
        } else {
                size_t r = g - d->nbase - nmon;
                w = (long)(r % W1) - 1;
                u = (long)(r / W1);
                rest = true;
        }
        char cat[96] = "";
        for (size_t b = 0; b < d->nback && k > 0; b++)
                if (k >= d->back[b].first && k < d->back[b].first + d->back[b].ncat)
                        snprintf(cat, sizeof(cat), ", %s category %zu", d->back[b].id,
                                 k - d->back[b].first + 1);
        snprintf(buf, size, "%s%s, wave %s%s%s%s", rest ? "the rest beside " : "",
                 u >= 0 ? d->units[u] : "every unit", w >= 0 ? d->waves[w] : "all",
                 m >= 0 ? ", month " : "", m >= 0 ? d->months[m] : "", cat);
}

const char *dsc_measure_name(size_t m, size_t npoints)
{
        static const char *const names[] = {
            "don't know", "not answered", "don't know and not answered",
            "negative",   "neutral",      "positive"};
        static const char *const points[] = {"point 1", "point 2", "point 3", "point 4",
                                             "point 5", "point 6", "point 7", "point 8"};
        static const char *const others[] = {"not negative", "not neutral", "not positive"};
        if (m == MEAS_VALID)
                return "valid answers";
        if (m >= MEAS_C0)
                return m - MEAS_C0 < 3 ? others[m - MEAS_C0] : "?";
        if (m < MEAS_P0)
                return names[m];
        return m - MEAS_P0 < npoints ? points[m - MEAS_P0] : "?";
}

/* ---- reading ------------------------------------------------------------- */

static long lookup(const struct disclosure *d, const struct disclosure_key *k)
{
        long u = -1, w = -1;
        if (k->unit && (u = find_label(d->units, d->nunits, k->unit)) < 0)
                return -1;
        if (k->wave && (w = find_label(d->waves, d->nwaves, k->wave)) < 0)
                return -1;
        if (k->rest) {
                if (u < 0 || k->by || k->month)
                        return -1;
                return (long)dsc_rest(d, (size_t)u, w);
        }
        if (k->month) {
                int m = find_label(d->months, d->nmonths, k->month);
                if (m < 0 || k->by)
                        return -1;
                return (long)dsc_month(d, u, w, (size_t)m);
        }
        size_t cat = 0;
        if (k->by) {
                size_t b = 0;
                while (b < d->nback && strcmp(d->back[b].id, k->by) != 0)
                        b++;
                if (b == d->nback || k->cat >= d->back[b].ncat)
                        return -1;
                cat = d->back[b].first + k->cat;
        }
        return (long)dsc_base(d, u, w, cat);
}

static const enum disclosure_detail DETAIL_OF_LEVEL[] = {
    DISCLOSE_HIDDEN, DISCLOSE_SIZE, DISCLOSE_BUCKETS, DISCLOSE_BUCKETS, DISCLOSE_POINTS};

int disclosure_size(const struct disclosure *d, const struct disclosure_key *k,
                    struct disclosure_size *out)
{
        memset(out, 0, sizeof(*out));
        long g = lookup(d, k);
        if (g < 0) {
                out->empty = true;
                return -1;
        }
        const struct dsc_group *grp = &d->groups[g];
        if (grp->absent) {
                out->empty = true;
                out->detail = DISCLOSE_POINTS;
                return 0;
        }
        out->detail = DETAIL_OF_LEVEL[grp->level];
        if (out->detail == DISCLOSE_HIDDEN) {
                out->why = SUPPRESS_TOO_FEW;
                return 0;
        }
        out->n = grp->n;
        out->uncertain = out->detail == DISCLOSE_SIZE;
        out->why = out->uncertain ? SUPPRESS_NO_BREAKDOWN : SUPPRESS_NONE;
        return 0;
}

static long find_item(const struct disclosure *d, const char *id)
{
        for (size_t i = 0; i < d->nitems; i++)
                if (strcmp(d->items[i].id, id) == 0)
                        return (long)i;
        return -1;
}

int disclosure_item(const struct disclosure *d, const struct disclosure_key *k, const char *item_id,
                    struct disclosure_item *out)
{
        memset(out, 0, sizeof(*out));
        long g = lookup(d, k), i = item_id ? find_item(d, item_id) : -1;
        if (g < 0 || i < 0) {
                out->why = SUPPRESS_TOO_FEW;
                return -1;
        }
        const struct dsc_group *grp = &d->groups[g];
        const struct dsc_cell *cl = dsc_cell_c(d, (size_t)g, (size_t)i);
        const struct dsc_item *item = &d->items[i];
        out->detail = grp->absent ? DISCLOSE_POINTS : DETAIL_OF_LEVEL[cl->level];
        if (out->detail == DISCLOSE_HIDDEN) {
                out->why = SUPPRESS_TOO_FEW;
                return 0;
        }
        out->group_n = grp->n;
        if (out->detail == DISCLOSE_SIZE) {
                out->why = SUPPRESS_NO_BREAKDOWN;
                return 0;
        }
        out->why = out->detail == DISCLOSE_POINTS ? SUPPRESS_NONE : SUPPRESS_NO_BREAKDOWN;
        out->n = dsc_valid(cl, item);
        out->dkna_shown = grp->absent || !cl->dkna_hidden;
        out->n_dk = out->dkna_shown ? cl->dist[item->npoints] : 0;
        out->n_na = out->dkna_shown ? cl->dist[item->npoints + 1] : 0;
        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++) {
                out->band[b] = grp->absent ? DISCLOSE_EXACT : (enum disclosure_band)cl->band[b];
                if (cl->level != 2)
                        out->band[b] = DISCLOSE_EXACT;
                if (!item->real[b])
                        out->band[b] = DISCLOSE_EXACT; /* a structural zero */
                out->x[b] = out->band[b] == DISCLOSE_EXACT ? cl->x[b] : 0;
        }
        if (out->detail == DISCLOSE_POINTS) {
                out->ndist = item->npoints + 2;
                for (size_t j = 0; j < out->ndist; j++)
                        out->dist[j] = j < item->npoints || out->dkna_shown ? cl->dist[j] : 0;
        }
        return 0;
}
