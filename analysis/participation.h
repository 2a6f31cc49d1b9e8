/*
 * participation: how many answered, per unit: a response rate where invitations
 * were counted (code-only rounds: completes / invited, with a Wilson interval),
 * otherwise the number of responses, called coverage, never a rate.
 *
 * Sizes are the disclosure gate's (disclosure.h): a unit's n (and rate) is shown
 * when the gate shows that unit's size in the dataset's wave (or over all waves);
 * otherwise its n is 0 and why says "too few responses". "all" is the filter's
 * group (the municipality, or the filter's unit), read from the gate the same way.
 */
#ifndef LYTT_PARTICIPATION_H
#define LYTT_PARTICIPATION_H

#include "dataset.h"
#include "suppress.h"

struct participation_row {
        const char *unit;         /* "all" or a unit id (borrowed) */
        unsigned long n;          /* responses as the gate publishes them; 0 when hidden */
        long invited;             /* invitation letters, or -1 when there were none */
        double rate, lo, hi;      /* percent, when invited > 0 and shown; NaN otherwise */
        enum suppress_reason why; /* NONE, or why nothing is shown */
};

struct participation {
        struct participation_row *rows; /* "all" first (with letters: over the units that
                                           had them), then the units */
        size_t n;
};

/* Computes from ds (its gate and filter) and the rounds in its database. Never
 * fails: without rounds every row is coverage. pol is not used (the gate holds the
 * thresholds); it stays for the callers. Free with participation_release(). */
void participation_compute(const struct dataset *ds, const struct suppress_policy *pol,
                           struct participation *out);

void participation_release(struct participation *p);

#endif
