/*
 * stats_dist: what the families of stats.c share: GSL's distributions behind quiet
 * wrappers, R's moments and mid-ranks (stats_priv.h).
 */
#include "stats.h"
#include "stats_priv.h"

#include "xmalloc.h"

#include <assert.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>

/*
 * GSL's default error handler prints and aborts, and GSL calls it not only for
 * bad arguments but also on underflow (gsl_cdf_chisq_Q of a huge statistic) or
 * when an inverse fails to converge. A library must not abort, so each call runs
 * with the handler off and keeps the value GSL returns (0 on underflow, NaN on
 * failure). The previous handler is restored, so a program's own choice stands.
 */
double stats_norm_quantile(double p)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double q = gsl_cdf_ugaussian_Pinv(p);
        gsl_set_error_handler(old);
        return q;
}

double stats_norm_lower(double z)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double p = gsl_cdf_ugaussian_P(z);
        gsl_set_error_handler(old);
        return p;
}

double stats_t_quantile(double p, double df)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double q = gsl_cdf_tdist_Pinv(p, df);
        gsl_set_error_handler(old);
        return q;
}

double stats_t_lower(double t, double df)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double p = gsl_cdf_tdist_P(t, df);
        gsl_set_error_handler(old);
        return p;
}

double stats_chisq_upper(double x, double df)
{
        if (isnan(x) || isnan(df))
                return NAN;
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double p = gsl_cdf_chisq_Q(x, df);
        gsl_set_error_handler(old);
        return p;
}

/* qbeta(p, a, b), 0 < p < 1, by a bracketed Newton iteration on GSL's cdf
 * (gsl_cdf_beta_Q above the median, where 1 - P would cancel) from the mean,
 * bisecting whenever a step would leave the bracket. Not gsl_cdf_beta_Pinv: its
 * bisection loops forever once gsl_cdf_beta_P returns NaN (its continued fraction
 * gives up for a, b beyond about 1e6), and it fails to converge (NaN) in places
 * where the cdf is fine, e.g. qbeta(0.1, 999, 2). NaN where GSL's cdf is NaN. */
double stats_beta_quantile(double p, double a, double b)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        bool upper = p > 0.5;
        double target = upper ? 1 - p : p, lo = 0, hi = 1, x = a / (a + b);
        for (int i = 0; i < 2000; i++) {
                /* g(x) = P(x) - p, increasing in x, computed in the smaller tail. */
                double g =
                    upper ? target - gsl_cdf_beta_Q(x, a, b) : gsl_cdf_beta_P(x, a, b) - target;
                if (isnan(g)) {
                        x = NAN;
                        break;
                }
                if (g == 0)
                        break;
                if (g < 0)
                        lo = x;
                else
                        hi = x;
                double next = x - g / gsl_ran_beta_pdf(x, a, b);
                if (!(next > lo && next < hi))
                        next = lo + (hi - lo) / 2;
                if (fabs(next - x) <= 2 * DBL_EPSILON * x || next == lo || next == hi) {
                        x = next;
                        break;
                }
                x = next;
        }
        gsl_set_error_handler(old);
        return x;
}

double stats_binom_lower(unsigned int k, unsigned int n)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double p = gsl_cdf_binomial_P(k, 0.5, n);
        gsl_set_error_handler(old);
        return p;
}

double stats_lnchoose(unsigned int n, unsigned int k)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double l = gsl_sf_lnchoose(n, k);
        gsl_set_error_handler(old);
        return l;
}

bool stats_conf_ok(double conf)
{
        return conf > 0 && conf < 1;
}

/* mean() and var() as R computes them: long double sums, a second pass that
 * corrects the mean, and squared deviations from it over n - 1. */
struct stats_moments stats_moments(const double *x, size_t n)
{
        struct stats_moments m = {0, NAN, NAN};
        long double s = 0;
        for (size_t i = 0; i < n; i++) {
                if (!isnan(x[i])) {
                        s += x[i];
                        m.n++;
                }
        }
        if (m.n == 0)
                return m;
        long double mean = s / m.n, t = 0;
        for (size_t i = 0; i < n; i++)
                if (!isnan(x[i]))
                        t += x[i] - mean;
        mean += t / m.n;
        m.mean = (double)mean;
        if (m.n < 2)
                return m;
        long double ss = 0;
        for (size_t i = 0; i < n; i++) {
                if (!isnan(x[i])) {
                        long double d = x[i] - mean;
                        ss += d * d;
                }
        }
        m.var = (double)(ss / (m.n - 1));
        return m;
}

/* Mid-ranks of v[0..n) into rank (R's rank(), ties "average"); returns the tie
 * term sum(t^3 - t) over groups of t equal values. */
double stats_midranks(const double *v, size_t n, double *rank)
{
        if (n == 0)
                return 0;
        size_t *perm = xmalloc(n * sizeof *perm);
        gsl_sort_index(perm, v, 1, n);
        double ties = 0;
        for (size_t i = 0; i < n;) {
                size_t j = i + 1;
                while (j < n && v[perm[j]] == v[perm[i]])
                        j++;
                double r = (double)(i + 1 + j) / 2; /* mean of ranks i+1 .. j */
                for (size_t m = i; m < j; m++)
                        rank[perm[m]] = r;
                double t = (double)(j - i);
                ties += t * t * t - t;
                i = j;
        }
        free(perm);
        return ties;
}
