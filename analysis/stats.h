/*
 * stats: the statistics of PRODUCT.md §3 on plain arrays.
 *
 * Every distribution comes from GSL (gsl_cdf_*, gsl_ran_*); nothing here is a
 * hand-rolled approximation of one. Each function names the R call it matches;
 * tests/stats/reference.R computed the reference values that tests/test_stats.c
 * checks to 1e-9 relative. Functions never print, never allocate what the caller
 * must free, and return NaN (not a crash) where a statistic is undefined (n = 0,
 * zero variance, ...). Confidence levels are given as e.g. 0.95; one outside
 * (0, 1) gives a NaN interval.
 *
 * GSL's default error handler aborts, also on mere underflow (a chi-square p-value
 * below 1e-308); each GSL call here runs with it switched off (and then restored),
 * so such a p-value is 0. Not thread-safe against other threads using GSL.
 */
#ifndef LYTT_STATS_H
#define LYTT_STATS_H

#include <stdbool.h>
#include <stddef.h>

struct stats_interval {
        double lo, hi;
};

/* x of n with the Wilson score interval: prop.test(x, n, conf.level = conf,
 * correct = FALSE)$conf.int. x = 0 gives lo = 0 exactly; x = n gives hi = 1
 * exactly. n = 0 or x > n gives NaN for both. */
struct stats_interval stats_wilson(unsigned long x, unsigned long n, double conf);

/* Clopper–Pearson exact interval: binom.test(x, n, conf.level = conf)$conf.int.
 * x = 0: lo = 0; x = n: hi = 1. n = 0 or x > n: NaN. Also NaN where GSL's
 * incomplete beta function gives up: x and n - x both beyond about 10^6. */
struct stats_interval stats_clopper_pearson(unsigned long x, unsigned long n, double conf);

/* Mean with a t interval: mean(x), sd(x), t.test(x, conf.level = conf)$conf.int.
 * NaN entries of x are skipped (n counts the others). mean is NaN for n = 0, sd
 * for n < 2. The interval is NaN for n < 2 and where t.test stops with "data are
 * essentially constant" (sd = 0, e.g. all answers equal): mean and sd are still
 * given then. */
struct stats_mean {
        size_t n;
        double mean, sd, lo, hi;
};
struct stats_mean stats_mean_t(const double *x, size_t n, double conf);

/* The same interval from moments already accumulated (n, mean, sample sd), for
 * data streamed once: equals stats_mean_t() on the values they came from. */
struct stats_mean stats_mean_t_from(size_t n, double mean, double sd, double conf);

/* The result of a test: statistic, degrees of freedom (NaN where none), p-value
 * (two-sided). */
struct stats_test {
        double statistic, df, p;
};

/* Welch's two-sample t test: t.test(x, y) (var.equal = FALSE): t, df, p. NaN
 * entries are skipped. Fewer than 2 values in either group: all NaN. */
struct stats_test stats_welch(const double *x, size_t nx, const double *y, size_t ny);

/* Two-proportion test without continuity correction:
 * prop.test(c(x1, x2), c(n1, n2), correct = FALSE): X-squared, df = 1, p. */
struct stats_test stats_two_prop(unsigned long x1, unsigned long n1, unsigned long x2,
                                 unsigned long n2);

/* Fisher's exact test for the 2x2 table [[a, b], [c, d]], two-sided:
 * fisher.test(matrix(c(a, c, b, d), 2))$p.value: the tables as likely as the
 * observed one or less, within R's relative tolerance 1 + 1e-7. A zero margin
 * leaves one possible table and gives 1, as in R. Totals beyond UINT_MAX: NaN. */
double stats_fisher_2x2(unsigned long a, unsigned long b, unsigned long c, unsigned long d);

/* Pearson's chi-square for a rows x cols table of counts (row-major), without
 * continuity correction: chisq.test(m, correct = FALSE). *min_expected (if not
 * NULL) receives the smallest expected count. Rows or columns that sum to 0 are
 * dropped first (as R would give NaN otherwise); fewer than 2 rows or columns
 * left: all NaN, *min_expected too. */
struct stats_test stats_chisq(const unsigned long *table, size_t rows, size_t cols,
                              double *min_expected);

/* Kruskal–Wallis rank sum test with the tie correction: kruskal.test(x, g).
 * group[i] in [0, ngroups) says which group x[i] belongs to. NaN entries are
 * skipped (kruskal.test drops NA) and empty groups ignored; fewer than 2 non-empty
 * groups, or all values tied: all NaN. */
struct stats_test stats_kruskal(const double *x, const size_t *group, size_t n, size_t ngroups);

/* Wilcoxon rank-sum (Mann–Whitney) test, normal approximation with continuity and
 * tie correction: wilcox.test(x, y, exact = FALSE) (correct = TRUE): W, p. df NaN.
 * NaN entries are skipped; an empty group: all NaN; all values tied: W, p NaN. */
struct stats_test stats_wilcoxon(const double *x, size_t nx, const double *y, size_t ny);

enum stats_adjust {
        STATS_HOLM, /* p.adjust(p, "holm") */
        STATS_BH,   /* p.adjust(p, "BH") */
};

/* Multiple-comparison adjustment of n p-values into out (may be the same array).
 * NaN entries stay NaN and do not count among the n, as p.adjust treats NA. */
void stats_p_adjust(const double *p, size_t n, enum stats_adjust method, double *out);

/* The name of an adjustment method as R spells it ("holm", "BH"). */
const char *stats_adjust_name(enum stats_adjust method);

/* Cronbach's alpha of n respondents x k items (row-major, complete data, k >= 2):
 * psych::alpha(x)$total$raw_alpha, and each item's corrected item-total correlation
 * (its correlation with the sum of the other items): psych::alpha(x)$item.stats$r.drop,
 * written to r_drop[k] when r_drop is not NULL. Like psych (delete = TRUE), items
 * with zero variance are dropped first; their r_drop is NaN. n < 2, fewer than 2
 * items left, or a NaN anywhere in data: all NaN. Zero total variance (psych says
 * -Inf): alpha NaN, r_drop still given. */
double stats_cronbach_alpha(const double *data, size_t n, size_t k, double *r_drop);

/* The median of n values (NaN skipped; NaN if none). Does not reorder x. */
double stats_median(const double *x, size_t n);

/* Run-chart analysis with the Anhøj rules around `centre` (usually the median).
 * Points on the centre line are not useful observations and are skipped, as are
 * NaN points. With fewer than 2 useful points no signal is raised. */
struct stats_anhoej {
        size_t useful;         /* points not on the centre line */
        size_t longest_run;    /* longest run of points on one side */
        size_t run_limit;      /* round(log2(useful)) + 3 */
        size_t crossings;      /* times the series crosses the centre line */
        size_t crossing_limit; /* qbinom(0.05, useful - 1, 0.5) */
        bool run_signal;       /* longest_run > run_limit */
        bool crossing_signal;  /* crossings < crossing_limit */
        bool signal;           /* either */
};
void stats_anhoej(const double *y, size_t n, double centre, struct stats_anhoej *out);

/* The two Anhøj limits for n useful observations (n >= 2): the longest-run limit
 * round(log2(n)) + 3 and the crossings limit qbinom(0.05, n - 1, 0.5), e.g.
 * 10 -> (6, 2), 24 -> (8, 8), 50 -> (9, 19). n = 1 gives (3, 0), n = 0 (0, 0). */
void stats_anhoej_limits(size_t n, size_t *run_limit, size_t *crossing_limit);

/* p-chart: centre line CL = sum(x) / sum(n), and per point the limits
 * CL -/+ 3 sqrt(CL (1 - CL) / n[i]), clipped to [0, 1]. lcl and ucl have m
 * entries; a point with n[i] = 0 gets NaN limits. Returns CL (NaN if sum(n) = 0).
 * x[i] <= n[i] (asserted). */
double stats_pchart(const unsigned long *x, const unsigned long *n, size_t m, double *lcl,
                    double *ucl);

/* Laney p'-chart (for large n, over-dispersed): the same centre line; limits
 * CL -/+ 3 sigma_i sigma_z with sigma_i = sqrt(CL (1 - CL) / n[i]), z_i = (p_i - CL) /
 * sigma_i, sigma_z = mean moving range of z / 1.128. Clipped to [0, 1]. Returns CL;
 * *sigma_z receives sigma_z when not NULL. Points with n[i] = 0 are left out of the
 * moving ranges. sigma_z is NaN with fewer than 2 points with n[i] > 0, or when CL
 * is 0 or 1; then every limit is NaN too. */
double stats_laney(const unsigned long *x, const unsigned long *n, size_t m, double *lcl,
                   double *ucl, double *sigma_z);

#endif
