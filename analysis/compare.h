/*
 * compare: each unit against the rest of the municipality (the unit left out).
 *
 * Items (percent positive): the two-proportion test without continuity
 * correction, or Fisher's exact test when an expected count is below 5.
 * Domains (scores): Welch's t test. p-values are corrected across the units of
 * each item or domain (Holm or Benjamini–Hochberg, stated in the output). A
 * difference is flagged only if it is significant (corrected p < 0.05) and at
 * least 10 percentage points (items) or 5 score points (domains).
 * Across units: Kruskal–Wallis per item and domain. Background x answer:
 * Pearson's chi-square for every background item and scale item.
 *
 * Every published figure is the disclosure gate's (disclosure.h), for the unit and
 * for the rest beside it in the dataset's wave (or over all waves): a unit is
 * compared when both show item results (10 and more). An item row shows only when
 * both show the item's positive share exactly (not banded): its n and positive
 * counts are then the gate's, and the test is computed from them. A domain row
 * shows the groups' sizes (the gate's) and the mean scores (the number of scores
 * is not published). Kruskal-Wallis runs over the units that show an
 * item's answer points (domains: their scores); chi-square only where every
 * background category of the filter's group shows the item's answer points.
 * Hidden rows hold no numbers (0 and NaN).
 */
#ifndef LYTT_COMPARE_H
#define LYTT_COMPARE_H

#include "dataset.h"
#include "stats.h"
#include "summary_out.h"
#include "suppress.h"

struct compare_row {
        const char *unit; /* borrowed */
        const char *id;   /* item or domain id */
        bool domain;
        /* Items: valid answers and positive; domains: group sizes (x 0). 0 when hidden. */
        unsigned long n_unit, x_unit, n_rest, x_rest;
        double v_unit, v_rest, diff; /* percent positive or mean score, and unit - rest */
        const char *test;            /* "two-proportion", "fisher", "welch" */
        double statistic, df, p, p_adj;
        bool flagged;
        enum suppress_reason why; /* NONE, or why the numbers are hidden */
};

struct compare_kw {
        const char *id;
        bool domain;
        size_t groups;
        struct stats_test t;
};

struct compare_chisq {
        const char *background, *item;
        size_t rows, cols; /* non-empty background categories x answer points */
        double min_expected;
        struct stats_test t;
        const char *note; /* "" or why the test is unreliable or missing (then NaN) */
};

struct compare {
        const struct dataset *ds;
        struct suppress_policy policy;
        enum stats_adjust adjust;
        char **units_left_out; /* units not compared, with their reason */
        enum suppress_reason *left_out_why;
        size_t nleft_out;
        struct compare_row *rows;
        size_t nrows;
        struct compare_kw *kw;
        size_t nkw;
        struct compare_chisq *chisq;
        size_t nchisq;
};

/* Computes every comparison (never fails; empty when nothing can be compared). */
struct compare *compare_units(const struct dataset *ds, enum stats_adjust adjust);

/* Writes as text, CSV (the unit rows; then the tests across units) or JSON. */
int compare_write(const struct compare *c, enum out_format fmt, bool norwegian, FILE *f);

void compare_free(struct compare *c);

#endif
