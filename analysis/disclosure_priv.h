/*
 * disclosure_priv: the gate's table, shared by its two halves: the decision
 * (disclosure.c) and the audit of it (disclosure_audit.c). Not for writers: it
 * holds the true counts.
 */
#ifndef LYTT_DISCLOSURE_PRIV_H
#define LYTT_DISCLOSURE_PRIV_H

#include "disclosure.h"

#include <stdint.h>

struct dsc_item {
        size_t col;     /* dataset column */
        const char *id; /* borrowed while building, then owned */
        size_t npoints; /* scale points (2 for yes/no) */
        uint8_t bucket_of_point[DISCLOSE_MAX_POINTS];
        uint8_t points_in_bucket[DISCLOSE_NBUCKETS];
        bool real[DISCLOSE_NBUCKETS]; /* the bucket has points (yes/no: no neutral) */
        bool required;                /* required, without a condition */
        bool na_zero; /* required and nobody left it unanswered: its "not answered" is a
                         structural 0 that anyone who reads the questionnaire knows */
        /* Shown only on a condition on a background item (show_if), which held in every
         * answer: per category of that item (cond_first .. + cond_n among the table's
         * categories), DSC_ASKED or DSC_NOT_ASKED. cond_n 0: no such condition. */
        size_t cond_first, cond_n;
        uint8_t *cond;
        bool cond_one; /* exactly one category asked: its group's answers are the total's */
};

/* A cell's part in a show_if condition (dsc_role()). */
enum dsc_role {
        DSC_PLAIN = 0,
        DSC_NOT_ASKED, /* the category the item is never asked in: every figure is 0 but
                          "not answered", which is the group's size */
        DSC_ASKED,     /* the one category it is asked in: its figures are the total's
                          (the group without the breakdown, dsc_twin()), but "not
                          answered" */
};

struct dsc_back {
        const char *id;   /* background item id */
        size_t ncat;      /* categories, numbered as summary_groups() does */
        size_t first;     /* index of its first category among the table's categories */
        size_t *group_of; /* while building: each response's category */
};

struct dsc_group {
        unsigned long n; /* respondents (true) */
        uint8_t level;   /* 0 hidden, 1 size, 3 buckets, 4 points (absent groups: 4) */
        bool absent;     /* known to be empty: the whole wave (or month) had nobody. Other
                            empty groups look hidden, so "too few" never tells "none". */
};

/* One group's counts for one item, and what it publishes. */
struct dsc_cell {
        uint32_t dist[DISCLOSE_MAX_POINTS + 2]; /* points, don't know, not answered */
        uint32_t x[DISCLOSE_NBUCKETS];
        uint8_t level; /* 0 nothing, 1 no item result, 2 banded buckets, 3 buckets, 4 points */
        uint8_t band[DISCLOSE_NBUCKETS];
        bool dkna_hidden; /* don't know and not answered withheld (their sum is not) */
};

struct dsc_relation {
        size_t parent, first, len; /* members[first .. first + len) */
};

struct disclosure {
        struct suppress_policy pol;
        unsigned long total; /* responses */
        size_t nunits, nwaves, nmonths;
        char **units, **waves, **months;
        bool owns_labels;
        size_t *month_of; /* while building */
        struct dsc_item *items;
        size_t nitems, items_alloc;
        struct dsc_back *back;
        size_t nback, back_alloc;
        size_t ncats; /* 1 (no breakdown) + every background item's categories */
        size_t nbase, ngroups;
        struct dsc_group *groups;
        struct dsc_cell *cells; /* ngroups x nitems */
        struct dsc_relation *rels;
        size_t nrels, rels_alloc;
        size_t *members;
        size_t nmembers, members_alloc;
        size_t *in_first, *in_rel;   /* the relations holding each group as a part (CSR) */
        size_t *par_first, *par_rel; /* the relations each group is the total of (CSR) */
        signed char *zc;             /* while deciding: zero_covered() of one measure, -1
                                        not asked yet */
        struct disclosure_audit audit;
};

/* Group indexes: unit u (-1: every unit) x wave w (-1: every wave) x category k
 * (0: no breakdown); unit x wave x month; the rest beside unit u in wave w. */
size_t dsc_base(const struct disclosure *d, long u, long w, size_t k);
size_t dsc_month(const struct disclosure *d, long u, long w, size_t m);
size_t dsc_rest(const struct disclosure *d, size_t u, long w);

static inline struct dsc_cell *dsc_cell(struct disclosure *d, size_t g, size_t i)
{
        return &d->cells[g * d->nitems + i];
}

static inline const struct dsc_cell *dsc_cell_c(const struct disclosure *d, size_t g, size_t i)
{
        return &d->cells[g * d->nitems + i];
}

static inline unsigned long dsc_valid(const struct dsc_cell *c, const struct dsc_item *it)
{
        unsigned long n = 0;
        for (size_t p = 0; p < it->npoints; p++)
                n += c->dist[p];
        return n;
}

/* Measures: i == SIZE_MAX is the group's size; otherwise item i's measure m:
 * don't know, not answered, the two together (the group's size less the valid
 * answers, which are published beside it), the buckets, the points. */
enum {
        MEAS_DK,
        MEAS_NA,
        MEAS_SKIP,
        MEAS_X0,
        MEAS_P0 = MEAS_X0 + DISCLOSE_NBUCKETS,
        /* The valid answers outside a bucket (published wherever the valid answers and
         * the bucket are: "12 of 73 were not positive"). */
        MEAS_C0 = MEAS_P0 + DISCLOSE_MAX_POINTS,
        MEAS_VALID = MEAS_C0 + DISCLOSE_NBUCKETS, /* the valid answers */
        MEAS_END,
};
enum dsc_role dsc_role(const struct disclosure *d, size_t g, size_t i);
static inline size_t dsc_twin(const struct disclosure *d, size_t g)
{
        return g - g % d->ncats;
}
bool dsc_known(const struct disclosure *d, size_t g, size_t i, size_t m);
unsigned long dsc_truth(const struct disclosure *d, size_t g, size_t i, size_t m);
void dsc_own_bounds(const struct disclosure *d, size_t g, size_t i, size_t m, unsigned long *lo,
                    unsigned long *hi);

/* For the gate's own loop: the exact check of the sizes alone (cheap), and the
 * hidden groups whose size it finds pinned to one value (*out: malloc'd, *n of them).
 * Returns 0, or -1 on a solver failure. */
int dsc_pinned_sizes(struct disclosure *d, size_t **out, size_t *n, struct lytt_error *err);

/* A group's name for messages ("unit demensteam, wave 2026-H1, relation=partner")
 * and a measure's ("don't know", "positive", "point 3", ...). */
void dsc_group_name(const struct disclosure *d, size_t g, char *buf, size_t size);
const char *dsc_measure_name(size_t m, size_t npoints);

#endif
