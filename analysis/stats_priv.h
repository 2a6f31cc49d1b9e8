/*
 * stats_priv: what the statistics families (stats_*.c) share, not for other modules.
 *
 * GSL's default error handler prints and aborts, also on mere underflow; these
 * wrappers call GSL with it switched off (then restored) and keep the value GSL
 * returns (0 on underflow, NaN on failure).
 */
#ifndef LYTT_STATS_PRIV_H
#define LYTT_STATS_PRIV_H

#include <stdbool.h>
#include <stddef.h>

double stats_norm_quantile(double p);                     /* qnorm(p) */
double stats_norm_lower(double z);                        /* pnorm(z) */
double stats_t_quantile(double p, double df);             /* qt(p, df) */
double stats_t_lower(double t, double df);                /* pt(t, df) */
double stats_chisq_upper(double x, double df);            /* pchisq(x, df, lower.tail = FALSE) */
double stats_beta_quantile(double p, double a, double b); /* qbeta(p, a, b), 0 < p < 1 */
double stats_binom_lower(unsigned int k, unsigned int n); /* pbinom(k, n, 0.5) */
double stats_lnchoose(unsigned int n, unsigned int k);    /* lchoose(n, k) */
bool stats_conf_ok(double conf);                          /* 0 < conf < 1 */

struct stats_moments {
        size_t n;         /* values that are not NaN */
        double mean, var; /* NaN when n is too small */
};

/* mean() and var() as R computes them: long double sums, a second pass that corrects
 * the mean, and squared deviations from it over n - 1. NaN entries are skipped. */
struct stats_moments stats_moments(const double *x, size_t n);

/* Mid-ranks of v[0..n) into rank (R's rank(), ties "average"); returns the tie
 * correction sum of (t^3 - t) over groups of ties. */
double stats_midranks(const double *v, size_t n, double *rank);

#endif
