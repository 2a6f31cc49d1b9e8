/*
 * suppress: the anonymity rules of PRODUCT.md §2, in one place.
 *
 * Every number lytt-analyze writes (text, CSV, JSON, charts, reports) comes from
 * a result that passed through these functions first; result types are built
 * only by functions that call them. The rules can be made stricter (by
 * min_group in the questionnaire), never looser:
 *
 *  - a group (unit, background category, unit x period, ...) with fewer than
 *    min_group respondents (5; 10 for young carers) shows nothing but "too few
 *    responses";
 *  - a group below min_breakdown (2 x min_group: 10; 20 for young carers) shows
 *    its totals (n, percent positive, scores) flagged as uncertain, and no
 *    breakdown (no answer distribution, no sub-groups);
 *  - any published count from 1 to min_group - 1 is hidden ("small cell");
 *  - secondary suppression: every published sum (a row total, a column total,
 *    the municipality's row) must contain no hidden cell or at least two, so no
 *    hidden cell can be recovered by subtraction; if exactly one group of a set
 *    is too small, the next smallest is hidden with it;
 *  - free text only for groups of at least min_free_text (10; 20 for young carers).
 */
#ifndef LYTT_SUPPRESS_H
#define LYTT_SUPPRESS_H

#include "survey_def.h"

#include <stdbool.h>
#include <stddef.h>

struct suppress_policy {
        unsigned long min_group;     /* smaller groups show nothing */
        unsigned long min_breakdown; /* smaller groups show totals only */
        unsigned long min_cell;      /* counts 1 .. min_cell - 1 are hidden */
        unsigned long min_free_text; /* smaller groups show no free text */
};

/* The policy of a questionnaire: its min_group (already doubled for young carers,
 * never below the product minimum) and what follows from it. */
void suppress_policy_of(const struct survey_def *def, struct suppress_policy *out);

/* Why something is not shown. */
enum suppress_reason {
        SUPPRESS_NONE = 0,
        SUPPRESS_TOO_FEW,      /* the group is below min_group */
        SUPPRESS_PROTECTS,     /* hidden so that another hidden group cannot be recovered */
        SUPPRESS_SMALL_CELL,   /* a count from 1 to min_cell - 1 */
        SUPPRESS_SECONDARY,    /* hidden so that a small cell cannot be recovered */
        SUPPRESS_NO_BREAKDOWN, /* the group shows totals only */
};

/* A stable English key for a reason ("too-few-responses", ...), used in CSV and JSON. */
const char *suppress_reason_key(enum suppress_reason r);

/*
 * The cell engine. Cells are counts; sums are sets of cells whose total is
 * published. On return hidden[] and sum_hidden[] say what must not be shown:
 * primary (counts 1 .. min_cell - 1, and cells already hidden on entry), then
 * secondary until every visible sum holds no hidden cell or at least two. The
 * second cell hidden in a sum is its smallest visible non-zero cell; when there
 * is none, the sum itself is hidden.
 */
struct suppress_table {
        size_t ncells;
        const unsigned long *count; /* ncells counts */
        bool *hidden;               /* ncells flags: in (pre-hidden) and out */
        enum suppress_reason *why;  /* ncells reasons, out (may be NULL) */
        size_t nsums;
        const size_t *sum_first; /* nsums: index into members of the sum's first cell */
        const size_t *sum_len;   /* nsums: how many cells */
        const size_t *members;   /* cell indexes of all sums, one after another */
        bool *sum_hidden;        /* nsums flags: in and out */
};
void suppress_table_apply(struct suppress_table *t, unsigned long min_cell);

/*
 * Group level: sizes of the groups of one breakdown (the complement, e.g. the
 * municipality's total, is published). Sets why[g] to SUPPRESS_TOO_FEW for
 * groups below min_group (except empty ones, which are simply absent), and if
 * exactly one group is hidden, also hides the smallest other non-empty group
 * (SUPPRESS_PROTECTS). Groups below min_breakdown that are shown get
 * SUPPRESS_NO_BREAKDOWN. Returns the number of hidden groups.
 */
size_t suppress_groups(const unsigned long *sizes, size_t n, const struct suppress_policy *pol,
                       enum suppress_reason *why);

/* Whether a group reason hides the whole group. */
static inline bool suppress_hides_group(enum suppress_reason r)
{
        return r == SUPPRESS_TOO_FEW || r == SUPPRESS_PROTECTS;
}

#endif
