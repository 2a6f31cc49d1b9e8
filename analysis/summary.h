/*
 * summary: what carers say per item and per need (domain), per group.
 *
 * Per item (scale and yes/no items): valid answers n (without "don't know"),
 * the don't-know count, those who did not answer, the distribution over the
 * scale, percent positive (the scale's positive points; for reverse items the
 * mirrored ones, so "positive" always means favourable; "yes" for yes/no items)
 * with a Wilson or Clopper–Pearson interval, and the item's mean on 0–100 with
 * a t interval. Per domain: the respondents' domain scores (mean of their
 * answered items on 0–100, reverse items flipped, when at least half the
 * domain's items are answered) with a t interval, and Cronbach's alpha with each
 * item's corrected item–total correlation when the group has at least 50
 * complete answers.
 *
 * Groups: everyone ("all"), and with `by` each unit, wave or answer to a
 * background item (with "(no answer)" for those who skipped it). Every number
 * in a returned summary is a published one: counts and the groups' details come
 * from the dataset's disclosure gate (disclosure.h) for the filter's group and
 * its breakdown, the statistics are computed only where the gate allows them.
 */
#ifndef LYTT_SUMMARY_H
#define LYTT_SUMMARY_H

#include "dataset.h"
#include "disclosure.h"
#include "participation.h"
#include "suppress.h"

#define SUMMARY_MAX_POINTS 8

enum summary_ci { SUMMARY_CI_WILSON, SUMMARY_CI_CLOPPER_PEARSON };

struct summary_options {
        const char *by;     /* NULL, "unit", "wave" or a background item id */
        enum summary_ci ci; /* for percent positive */
        double conf;        /* 0.95 */
};

struct summary_group {
        char *label;                   /* "all", a unit id, a wave, an option id, "(no answer)" */
        unsigned long n;               /* respondents; 0 unless detail >= DISCLOSE_SIZE */
        enum disclosure_detail detail; /* what the gate lets the group show */
        enum suppress_reason why;      /* TOO_FEW: hidden; NO_BREAKDOWN: size and domains */
        bool empty;                    /* nobody in it */
};

/*
 * A row holds published values only (disclosure.h): what the gate hides is 0 or
 * NaN here, never the true number. Items: detail BUCKETS gives n, don't know,
 * not answered and the bucket shares (exact or banded); POINTS adds the
 * distribution, the item score and r_drop. Domains: the score and its interval
 * from detail SIZE on (the number of domain scores is not published), alpha at
 * POINTS when computed.
 */
struct summary_row {
        size_t group;                     /* index into groups */
        int col;                          /* dataset column of an item, or -1 for a domain row */
        const char *id;                   /* item or domain id (borrowed from the dataset) */
        enum disclosure_detail detail;    /* for items: <= the group's */
        enum suppress_reason why;         /* NONE, TOO_FEW (hidden) or NO_BREAKDOWN (less shown) */
        bool uncertain;                   /* the group shows its size only (5-9) */
        unsigned long n, n_dk, n_skipped; /* valid answers, don't know, not answered */
        bool dkna_hidden; /* don't know and not answered withheld (disclosure_item) */
        unsigned long x;  /* positive, when band[POS] is exact */
        double share[DISCLOSE_NBUCKETS]; /* % of valid answers, NaN unless exact */
        enum disclosure_band band[DISCLOSE_NBUCKETS];
        bool has_bucket[DISCLOSE_NBUCKETS]; /* yes/no and even scales: no neutral */
        double pct_dk;                      /* don't know, % of the group */
        unsigned long dist[SUMMARY_MAX_POINTS + 2];
        size_t ndist;                     /* points + 2; the counts only at POINTS */
        double pct, ci_lo, ci_hi;         /* percent positive (= share[POS]) and interval */
        double score, score_lo, score_hi; /* mean 0-100 and its t interval */
        double alpha;                     /* domain rows: Cronbach's alpha, NaN if not shown */
        double r_drop; /* item rows: corrected item-total correlation, NaN if not shown */
};

struct summary {
        const struct dataset *ds; /* borrowed */
        struct suppress_policy policy;
        struct summary_options opt;
        struct summary_group *groups; /* groups[0] is "all" */
        size_t ngroups;
        struct summary_row *rows; /* by group, then items in form order, then domains */
        size_t nrows;
        struct participation part; /* response rate or coverage per unit */
};

/* Computes and suppresses. Returns 0 and *out (free with summary_free()), or -1
 * with err (e.g. `by` names no unit/wave/background item). */
int summary_compute(const struct dataset *ds, const struct summary_options *opt,
                    struct summary **out, struct lytt_error *err);

void summary_free(struct summary *s);

/* Whether an item is a background item: single choice or yes/no in the
 * questionnaire's first section. Those are the groups of `by`, never items. */
bool summary_background_item(const struct survey_item *item);

/* Whether a column is summarised (scale and yes/no items, not background ones). */
bool summary_item_kind(const struct survey_item *item);

/* The answer cell of a value for an item of npoints points (the item as the
 * response's version defines it): the point's index (yes/no: 0 yes, 1 no), npoints
 * for don't know, npoints + 1 for not answered or a value the item does not have.
 * Every count of an item, in the gate and here, bins answers with this. */
size_t summary_cell(const struct survey_item *item, int32_t value, size_t npoints);

/* The 0-100 score of a scale answer for an item (reverse flipped), or NaN for
 * don't know / missing / items that have no score. */
double summary_item_score(const struct survey_item *item, int32_t value);

/* The respondent's 0-100 score on domain (an index into ds->current->domains), or
 * NaN when fewer than half of the domain's items are answered. */
double summary_domain_score(const struct dataset *ds, size_t r, size_t domain);

/* The group index of response r under `by` (the same mapping summary_compute uses;
 * labels are filled by summary_groups()). */
int summary_groups(const struct dataset *ds, const char *by, char ***labels, size_t *nlabels,
                   size_t **group_of, struct lytt_error *err);

#endif
