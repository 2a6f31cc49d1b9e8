/*
 * audit: what a set of published numbers still allows a hidden count to be.
 *
 * The disclosure rules (docs/privacy.md, PRODUCT.md §2) hide small groups and
 * band extreme shares; an attacker who collects every published figure and solves
 * for the hidden ones (subtraction across breakdowns, a linear program over them)
 * must still be left with a wide range for each. This module is that attacker,
 * made exact: the unknowns are whole numbers >= 0 (counts of respondents in the
 * finest cells), each published figure is a linear fact about them, and
 * audit_range() gives the smallest and largest value a linear expression of the
 * counts can take over every whole-number solution of the facts (a mixed-integer
 * program solved with GLPK: LP bounds alone can be wider than the truth, which
 * would let a leak pass).
 *
 * An audit is an opaque object, built up and then queried; it never prints (GLPK's
 * terminal output is switched off) and is not thread-safe (GLPK's environment is
 * per thread: use an audit on one thread).
 */
#ifndef LYTT_AUDIT_H
#define LYTT_AUDIT_H

#include "lytt_error.h"

#include <stddef.h>

enum audit_status {
        AUDIT_INFEASIBLE = -2, /* the facts contradict each other: a bug in who built them */
        AUDIT_FAILED = -1,     /* the solver gave up (or took longer than 20 s): treat the
                                  figures as not proven safe */
};

struct audit;

/* A new, empty audit in which no count exceeds max_count (the number of responses
 * in the database: no group can be larger). Free with audit_free() (NULL is a no-op). */
struct audit *audit_new(double max_count);
void audit_free(struct audit *a);

/* Adds an unknown count (a whole number from 0 to max_count); returns its index, from 0
 * up. */
int audit_add_count(struct audit *a);

/* Adds a published fact: lo <= sum(coef[i] * count[var[i]]) <= hi. lo == hi is an
 * exact figure; -INFINITY or INFINITY leaves a side open (a band such as "90 % or
 * more" of a group of n is sum(x) - 0.9 n >= 0). var and coef are copied. */
void audit_add_fact(struct audit *a, size_t n, const int *var, const double *coef, double lo,
                    double hi);

/* The range of sum(coef[i] * count[var[i]]) over every whole-number solution of the
 * facts: *lo and *hi (INFINITY when nothing bounds it above). Returns 0, or an
 * audit_status with err filled. */
int audit_range(struct audit *a, size_t n, const int *var, const double *coef, double *lo,
                double *hi, struct lytt_error *err);

/* Counts of what the audit holds and has done, for the audit's summary. */
size_t audit_counts(const struct audit *a);
size_t audit_facts(const struct audit *a);
size_t audit_queries(const struct audit *a); /* audit_range() calls so far */

#endif
