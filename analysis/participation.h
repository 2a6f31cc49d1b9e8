/*
 * participation: how many answered, per unit: a response rate where invitations
 * were counted (code-only rounds: completes / invited, with a Wilson interval),
 * otherwise the number of responses, called coverage, never a rate.
 *
 * Units below min_group show nothing (suppress.h, with a partner if alone).
 */
#ifndef LYTT_PARTICIPATION_H
#define LYTT_PARTICIPATION_H

#include "dataset.h"
#include "suppress.h"

struct participation_row {
        const char *unit;         /* "all" or a unit id (borrowed) */
        unsigned long n;          /* responses */
        long invited;             /* invitation letters, or -1 when there were none */
        double rate, lo, hi;      /* percent, when invited > 0 */
        enum suppress_reason why; /* NONE, or why nothing is shown */
};

struct participation {
        struct participation_row *rows; /* "all" first (with letters: over the units that
                                           had them), then the units */
        size_t n;
};

/* Computes from ds and the rounds in its database. Never fails: without rounds every
 * row is coverage. Free with participation_release(). */
void participation_compute(const struct dataset *ds, const struct suppress_policy *pol,
                           struct participation *out);

void participation_release(struct participation *p);

#endif
