/*
 * suppress: the thresholds of the anonymity rules (PRODUCT.md §2) for a
 * questionnaire, and the reasons a figure is not shown. What is shown is decided
 * in one place, the disclosure gate (disclosure.h), from these thresholds. They
 * can be made stricter (by min_group in the questionnaire), never looser:
 *
 *  - min_group (5; 10 for young carers): smaller groups show nothing;
 *  - min_breakdown (2 x min_group): smaller groups show size and domain scores
 *    only; from it item results as three-bucket shares; from 2 x min_breakdown
 *    the answer points;
 *  - min_free_text (10; 20 for young carers): smaller groups show no free text.
 */
#ifndef LYTT_SUPPRESS_H
#define LYTT_SUPPRESS_H

#include "survey_def.h"

#include <stdbool.h>
#include <stddef.h>

struct suppress_policy {
        unsigned long min_group;     /* smaller groups show nothing */
        unsigned long min_breakdown; /* smaller groups show totals only */
        unsigned long min_free_text; /* smaller groups show no free text */
};

/* The policy of a questionnaire: its min_group (already doubled for young carers,
 * never below the product minimum) and what follows from it. */
void suppress_policy_of(const struct survey_def *def, struct suppress_policy *out);

/* Why something is not shown. */
enum suppress_reason {
        SUPPRESS_NONE = 0,
        SUPPRESS_TOO_FEW,      /* hidden: under min_group, or protecting such a group */
        SUPPRESS_BANDED,       /* a share shown only as "90 % or more" / "10 % or less" */
        SUPPRESS_NO_BREAKDOWN, /* the group (or item) shows less than its answer points */
};

/* A stable English key for a reason ("too-few-responses", ...), used in CSV and JSON. */
const char *suppress_reason_key(enum suppress_reason r);

#endif
