/*
 * generate: synthetic, realistic responses for tests, demos and benchmarks.
 *
 * Every response goes through the same validation and storage as a carer's
 * (response_from_form(), db_insert_response()), so generated data is data the
 * server could have stored. The model: each unit has a quality level, each wave
 * a small drift, each carer a general satisfaction, each item a difficulty;
 * agreement follows an ordered logistic model of their sum (reverse items
 * flipped); 5 % "don't know", 4 % skipped optional items; background answers
 * from plausible shares; free text now and then. The same seed gives the same
 * answers (ids and receipts are random as always).
 */
#ifndef LYTT_GENERATE_H
#define LYTT_GENERATE_H

#include "db.h"
#include "survey_def.h"

#include <stddef.h>

struct generate_options {
        size_t n; /* responses to write (besides fixed unit sizes) */
        unsigned long seed;
        const char *const *waves; /* wave labels, e.g. "2025-H2"; NULL: the last 4 half years */
        size_t nwaves;
        const char *const *fixed_units; /* units that get exactly fixed_sizes[i] responses */
        const size_t *fixed_sizes;      /* (spread over the waves), outside n */
        size_t nfixed;
};

/* Called now and then with responses written so far and the total. May be NULL. */
typedef void (*generate_progress_fn)(size_t done, size_t total, void *arg);

/* Writes the responses for def into db (registering def first). Returns 0, or -1
 * with err. */
int generate_responses(struct db *db, const struct survey_def *def,
                       const struct generate_options *opt, generate_progress_fn progress, void *arg,
                       struct lytt_error *err);

#endif
