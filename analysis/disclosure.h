/*
 * disclosure: the one gate between the statistics and every writer.
 *
 * PRODUCT.md §2 says what a group may show; this module decides it once, for
 * the whole database state, over every group any command can publish:
 *
 *   unit (or every unit) x wave (or every wave) x background category (or none),
 *   unit (or every unit) x wave (or every wave) x month (trend --by month),
 *   the rest of the municipality beside a unit (compare), per wave or overall.
 *
 * Every command, filter and format reads its figures from here, so the same data
 * gives the same pattern whichever command publishes a figure. A group's detail:
 *
 *   DISCLOSE_HIDDEN   fewer than min_group (5; 10 for young carers), or hidden to
 *                     protect one: "too few responses", nothing else;
 *   DISCLOSE_SIZE     5-9: the size and domain scores, flagged uncertain;
 *   DISCLOSE_BUCKETS  10-19: per item the shares negative / neutral / positive of
 *                     the valid answers and the don't-know share of the group;
 *   DISCLOSE_POINTS   20 and more: the answer points too, item scores, alpha.
 *
 * An item can show less than its group (its valid answers are its own group:
 * fewer than 5 valid answers show no item result, fewer than 20 no points),
 * and in a group or item below 20 a share of 90 % or more or 10 % or less is
 * banded, never exact (with fewer than 10 valid answers such a band would be a
 * single count, so the share is withheld instead). Then, so that no hidden figure comes back by
 * subtraction, for every published total and its breakdown (all = sum of units, unit = sum of
 * waves, a group = sum of its background categories, wave = unit + rest, ...)
 * the figures hidden in the breakdown must leave each of them at least as wide a
 * range as its own published figures do (and never fewer than min_group values):
 * otherwise a partner (the smallest one showing the figure) is hidden too, or the
 * total. The figures include the valid answers and those outside each bucket; an
 * empty group or a value inside a published zero gives no cover. Hidden groups all
 * say "too few responses": which of them are small and which protect a small one
 * is not told. Chains of group sizes through two breakdowns at once (a unit's
 * months and a month's units) are closed by the exact check of the sizes, run in
 * every decision: a partner is hidden until no hidden size is pinned, and
 * disclosure_build() fails (nothing is published) when that does not end. Chains
 * of item figures are closed by propagating every hidden figure's range over all
 * breakdowns at once: a figure left one value gets a partner where its range is
 * made (a part before a total, never a figure of the whole municipality).
 *
 * An audit (disclosure_audit_run()) checks the decision as an attacker would:
 * every protected value's range over everything published at once, as a linear
 * program (GLPK), against the rule. Over every item it takes seconds, so it runs
 * on request (lytt-analyze audit), not in every command.
 *
 * Values handed out are published values only: a hidden count is 0 in the
 * structs below, never the true count, so a writer cannot print it by mistake.
 */
#ifndef LYTT_DISCLOSURE_H
#define LYTT_DISCLOSURE_H

#include "dataset.h"
#include "lytt_error.h"
#include "suppress.h"

#include <stdbool.h>
#include <stddef.h>

#define DISCLOSE_MAX_POINTS 8 /* scale points an item may have */

enum disclosure_detail {
        DISCLOSE_HIDDEN = 0,
        DISCLOSE_SIZE,
        DISCLOSE_BUCKETS,
        DISCLOSE_POINTS,
};

/* The three buckets of an item's valid answers ("positive" is always favourable:
 * reverse items are mirrored; yes/no items have no neutral). */
enum disclosure_bucket { DISCLOSE_NEG, DISCLOSE_NEU, DISCLOSE_POS, DISCLOSE_NBUCKETS };

enum disclosure_band {
        DISCLOSE_EXACT = 0, /* the share is published as it is */
        DISCLOSE_LOW,       /* "10 % or less" */
        DISCLOSE_HIGH,      /* "90 % or more" */
        DISCLOSE_WITHHELD,  /* not shown: it would pin a banded share */
};

/* A stable key ("points", "buckets", "size", "") and band key ("", "<=10",
 * ">=90", "withheld") for CSV and JSON. */
const char *disclosure_detail_key(enum disclosure_detail d);
const char *disclosure_band_key(enum disclosure_band b);

/* Which group. Labels are ids as the dataset has them; NULL means "every". */
struct disclosure_key {
        const char *unit;
        const char *wave;
        const char *month; /* "2026-11"; not with by or rest */
        const char *by;    /* a background item id (single choice or yes/no) */
        size_t cat;        /* with by: the category as summary_groups() numbers them */
        bool rest;         /* everyone in the wave (or all) except unit (needs unit) */
};

/* What a group shows about itself. */
struct disclosure_size {
        enum disclosure_detail detail;
        enum suppress_reason why; /* NONE, TOO_FEW (hidden), NO_BREAKDOWN (5-9) */
        unsigned long n;          /* respondents; 0 unless detail >= SIZE */
        bool empty;               /* nobody: the group is simply absent */
        bool uncertain;           /* detail == SIZE */
};

/* What a group shows about one item (scale or yes/no). */
struct disclosure_item {
        enum disclosure_detail detail; /* <= the group's */
        enum suppress_reason why;      /* NONE, or why the item shows less than POINTS */
        /* detail >= BUCKETS: */
        unsigned long n;    /* valid answers (without don't know) */
        bool dkna_shown;    /* false: don't know and not answered are withheld (they would
                               tell a small group's count; their sum is group_n - n) */
        unsigned long n_dk; /* don't know */
        unsigned long n_na; /* not answered */
        unsigned long group_n;
        enum disclosure_band band[DISCLOSE_NBUCKETS];
        unsigned long x[DISCLOSE_NBUCKETS]; /* counts; 0 unless band[b] == EXACT */
        /* detail == POINTS: the answers per point, lowest first, then don't know and
         * not answered (ndist = points + 2); ndist 0 otherwise. */
        size_t ndist;
        unsigned long dist[DISCLOSE_MAX_POINTS + 2];
};

/* What the audit found (disclosure_audit_run()), for the JSON output and the
 * report's method page. */
struct disclosure_audit {
        bool run;                /* false until disclosure_audit_run() */
        size_t groups;           /* groups in the table */
        size_t figures;          /* published figures (facts) */
        size_t protected_values; /* hidden sizes, withheld counts and banded shares */
        size_t narrow;           /* ranges narrower than the rule */
        size_t pinned;           /* of those, pinned to a single value */
        double seconds;
        bool passed;       /* run, and nothing narrow */
        char example[320]; /* the first narrow value, described */
};

struct disclosure;

/* Builds the gate for a dataset holding every response of its survey (no filter):
 * counts and decides. Returns 0 and *out, or -1 with err. */
int disclosure_build(const struct dataset *full, struct disclosure **out, struct lytt_error *err);

void disclosure_free(struct disclosure *d);

/* The policy (thresholds) the gate used. */
const struct suppress_policy *disclosure_policy(const struct disclosure *d);

/* A group's published size. Returns 0, or -1 when the key names no group (an
 * unknown unit, wave, month, item or category): *out is then an empty group. */
int disclosure_size(const struct disclosure *d, const struct disclosure_key *k,
                    struct disclosure_size *out);

/* A group's published figures for one item (a scale or yes/no item id). Returns 0,
 * or -1 when the key or item names nothing (*out then shows nothing). */
int disclosure_item(const struct disclosure *d, const struct disclosure_key *k, const char *item_id,
                    struct disclosure_item *out);

/* Every unit and wave of the survey (those with a response anywhere),
 * sorted. A breakdown lists all of them: one with nobody in it reads "too few
 * responses" like a small one, so absence never tells "none". */
size_t disclosure_units(const struct disclosure *d, char *const **out);
size_t disclosure_waves(const struct disclosure *d, char *const **out);

/* The waves (by_month false) or months of a filter's slice (unit, wave: NULL for
 * every) that a trend or count chart lists: every one in which the municipality had
 * anyone, in order. Returns how many; *out (free the array, not the strings, which
 * are the gate's) holds them. */
size_t disclosure_periods(const struct disclosure *d, bool by_month, const char *unit,
                          const char *wave, const char ***out);

/* The bucket an answer falls in for this item (the item as the response's
 * questionnaire version defines it), or -1 for don't know / not answered / other. */
int disclosure_bucket_of(const struct survey_item *item, int32_t value);

/* Runs the audit over the gate's decision and keeps its summary (below).
 * Returns 0, or -1 with err when the solver fails. */
int disclosure_audit_run(struct disclosure *d, struct lytt_error *err);

const struct disclosure_audit *disclosure_audit_summary(const struct disclosure *d);

#endif
