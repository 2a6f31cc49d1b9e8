/*
 * stats_spc: run charts (Anhoej rules), p-charts and Laney p'-charts.
 * R's source of the call named in stats.h, step by step (stats.h says which).
 */
#include "stats.h"
#include "stats_priv.h"

#include <assert.h>
#include <limits.h>
#include <math.h>

void stats_anhoej_limits(size_t n, size_t *run_limit, size_t *crossing_limit)
{
        *run_limit = 0;
        *crossing_limit = 0;
        if (n == 0 || n - 1 > UINT_MAX)
                return;
        /* log2 of an integer is never exactly k + 0.5, so R's half-to-even
         * round() and lround() agree. */
        *run_limit = (size_t)lround(log2((double)n)) + 3;
        /* qbinom(0.05, n - 1, 0.5): the smallest c with P(X <= c) >= 0.05. */
        unsigned int trials = (unsigned int)(n - 1), lo = 0, hi = trials;
        while (lo < hi) {
                unsigned int mid = lo + (hi - lo) / 2;
                if (stats_binom_lower(mid, trials) >= 0.05)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        *crossing_limit = lo;
}

void stats_anhoej(const double *y, size_t n, double centre, struct stats_anhoej *out)
{
        struct stats_anhoej a = {0};
        int side = 0; /* -1 below, +1 above, 0 before the first useful point */
        size_t run = 0;
        for (size_t i = 0; i < n; i++) {
                if (isnan(y[i]) || y[i] == centre)
                        continue;
                int s = y[i] > centre ? 1 : -1;
                a.useful++;
                if (s == side) {
                        run++;
                } else {
                        if (side != 0)
                                a.crossings++;
                        side = s;
                        run = 1;
                }
                if (run > a.longest_run)
                        a.longest_run = run;
        }
        stats_anhoej_limits(a.useful, &a.run_limit, &a.crossing_limit);
        if (a.useful >= 2) {
                a.run_signal = a.longest_run > a.run_limit;
                a.crossing_signal = a.crossings < a.crossing_limit;
        }
        a.signal = a.run_signal || a.crossing_signal;
        *out = a;
}

/* CL = sum(x) / sum(n); NaN when sum(n) = 0. */
static double centre_line(const unsigned long *x, const unsigned long *n, size_t m)
{
        long double sx = 0, sn = 0;
        for (size_t i = 0; i < m; i++) {
                assert(x[i] <= n[i]);
                sx += x[i];
                sn += n[i];
        }
        return sn > 0 ? (double)(sx / sn) : NAN;
}

double stats_pchart(const unsigned long *x, const unsigned long *n, size_t m, double *lcl,
                    double *ucl)
{
        double cl = centre_line(x, n, m);
        for (size_t i = 0; i < m; i++) {
                lcl[i] = ucl[i] = NAN;
                if (n[i] == 0 || isnan(cl))
                        continue;
                double h = 3 * sqrt(cl * (1 - cl) / (double)n[i]);
                lcl[i] = fmax(cl - h, 0);
                ucl[i] = fmin(cl + h, 1);
        }
        return cl;
}

double stats_laney(const unsigned long *x, const unsigned long *n, size_t m, double *lcl,
                   double *ucl, double *sigma_z)
{
        double cl = centre_line(x, n, m);
        /* Moving ranges of z over the points that have one (n[i] > 0). */
        long double mr = 0;
        size_t nmr = 0, seen = 0;
        double zprev = NAN;
        for (size_t i = 0; i < m && !isnan(cl); i++) {
                if (n[i] == 0)
                        continue;
                double si = sqrt(cl * (1 - cl) / (double)n[i]);
                double z = ((double)x[i] / (double)n[i] - cl) / si;
                if (seen++ > 0) {
                        mr += fabs(z - zprev);
                        nmr++;
                }
                zprev = z;
        }
        double sz = nmr > 0 ? (double)(mr / nmr) / 1.128 : NAN;
        if (sigma_z)
                *sigma_z = sz;
        for (size_t i = 0; i < m; i++) {
                lcl[i] = ucl[i] = NAN;
                if (n[i] == 0 || isnan(sz))
                        continue;
                double h = 3 * sqrt(cl * (1 - cl) / (double)n[i]) * sz;
                lcl[i] = fmax(cl - h, 0);
                ucl[i] = fmin(cl + h, 1);
        }
        return cl;
}
