/*
 * stats_test: tests and p-value corrections (Welch, two proportions, Fisher, chi-square,
 * Kruskal-Wallis, Wilcoxon, Holm and BH).
 * R's source of the call named in stats.h, step by step (stats.h says which).
 */
#include "stats.h"
#include "stats_priv.h"

#include "xmalloc.h"

#include <assert.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>

static const struct stats_test test_nan = {NAN, NAN, NAN};

struct stats_test stats_welch(const double *x, size_t nx, const double *y, size_t ny)
{
        struct stats_moments a = stats_moments(x, nx), b = stats_moments(y, ny);
        if (a.n < 2 || b.n < 2)
                return test_nan;
        double sa2 = a.var / (double)a.n, sb2 = b.var / (double)b.n;
        double se = sqrt(sa2 + sb2);
        if (se < 10 * DBL_EPSILON * fmax(fabs(a.mean), fabs(b.mean)) || se == 0)
                return test_nan;
        struct stats_test r;
        r.df =
            (se * se * se * se) / (sa2 * sa2 / (double)(a.n - 1) + sb2 * sb2 / (double)(b.n - 1));
        r.statistic = (a.mean - b.mean) / se;
        r.p = 2 * stats_t_lower(-fabs(r.statistic), r.df);
        return r;
}

struct stats_test stats_two_prop(unsigned long x1, unsigned long n1, unsigned long x2,
                                 unsigned long n2)
{
        if (n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2)
                return test_nan;
        double p = ((double)x1 + (double)x2) / ((double)n1 + (double)n2);
        if (p <= 0 || p >= 1) /* an expected count of 0: R's X-squared is NaN */
                return test_nan;
        /* Cells in R's column-major order of cbind(x, n - x). */
        double obs[4] = {(double)x1, (double)x2, (double)(n1 - x1), (double)(n2 - x2)};
        double e[4] = {n1 * p, n2 * p, n1 * (1 - p), n2 * (1 - p)};
        long double s = 0;
        for (int i = 0; i < 4; i++) {
                double d = fabs(obs[i] - e[i]);
                s += d * d / e[i];
        }
        struct stats_test r = {(double)s, 1, NAN};
        r.p = stats_chisq_upper(r.statistic, 1);
        return r;
}

double stats_fisher_2x2(unsigned long a, unsigned long b, unsigned long c, unsigned long d)
{
        /* fisher.test: m, n the column sums, k the first row's sum, x = a, over the
         * support of the hypergeometric distribution of x given the margins. */
        unsigned long m = a + c, n = b + d, k = a + b;
        if (m < a || n < b || k < a || m + n < m || m + n > UINT_MAX)
                return NAN; /* beyond gsl_sf_lnchoose's unsigned int */
        unsigned long lo = k > n ? k - n : 0, hi = k < m ? k : m;
        double lmax = -INFINITY;
        for (unsigned long i = lo; i <= hi; i++) {
                double l = stats_lnchoose((unsigned)m, (unsigned)i) +
                           stats_lnchoose((unsigned)n, (unsigned)(k - i));
                lmax = fmax(lmax, l);
        }
        double lobs =
            stats_lnchoose((unsigned)m, (unsigned)a) + stats_lnchoose((unsigned)n, (unsigned)b);
        /* R keeps every table with d <= d_obs * (1 + 1e-7), after dividing by the
         * largest term and normalising; the same ratio holds before normalising. */
        double dobs = exp(lobs - lmax) * (1 + 1e-7);
        long double total = 0, tail = 0;
        for (unsigned long i = lo; i <= hi; i++) {
                double l = stats_lnchoose((unsigned)m, (unsigned)i) +
                           stats_lnchoose((unsigned)n, (unsigned)(k - i));
                double di = exp(l - lmax);
                total += di;
                if (di <= dobs)
                        tail += di;
        }
        return (double)(tail / total);
}

struct stats_test stats_chisq(const unsigned long *table, size_t rows, size_t cols,
                              double *min_expected)
{
        struct stats_test r = test_nan;
        if (min_expected)
                *min_expected = NAN;
        if (rows < 2 || cols < 2)
                return r;
        double *rs = xcalloc(rows, sizeof *rs), *cs = xcalloc(cols, sizeof *cs);
        double total = 0;
        for (size_t i = 0; i < rows; i++) {
                for (size_t j = 0; j < cols; j++) {
                        double v = (double)table[i * cols + j];
                        rs[i] += v;
                        cs[j] += v;
                        total += v;
                }
        }
        size_t kr = 0, kc = 0;
        for (size_t i = 0; i < rows; i++)
                kr += rs[i] > 0;
        for (size_t j = 0; j < cols; j++)
                kc += cs[j] > 0;
        if (kr < 2 || kc < 2)
                goto out;
        /* Sum column by column, as R's sum() walks a matrix. */
        long double s = 0;
        double emin = INFINITY;
        for (size_t j = 0; j < cols; j++) {
                if (cs[j] == 0)
                        continue;
                for (size_t i = 0; i < rows; i++) {
                        if (rs[i] == 0)
                                continue;
                        double e = rs[i] * cs[j] / total;
                        double dev = fabs((double)table[i * cols + j] - e);
                        s += dev * dev / e;
                        emin = fmin(emin, e);
                }
        }
        r.statistic = (double)s;
        r.df = (double)(kr - 1) * (double)(kc - 1);
        r.p = stats_chisq_upper(r.statistic, r.df);
        if (min_expected)
                *min_expected = emin;
out:
        free(rs);
        free(cs);
        return r;
}

struct stats_test stats_kruskal(const double *x, const size_t *group, size_t n, size_t ngroups)
{
        struct stats_test r = test_nan;
        double *v = xmalloc((n ? n : 1) * sizeof *v), *rank = xmalloc((n ? n : 1) * sizeof *rank);
        size_t *g = xmalloc((n ? n : 1) * sizeof *g);
        double *rsum = xcalloc(ngroups ? ngroups : 1, sizeof *rsum);
        size_t *cnt = xcalloc(ngroups ? ngroups : 1, sizeof *cnt);
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
                assert(group[i] < ngroups);
                if (isnan(x[i]) || group[i] >= ngroups)
                        continue;
                v[m] = x[i];
                g[m++] = group[i];
        }
        double ties = stats_midranks(v, m, rank);
        for (size_t i = 0; i < m; i++) {
                rsum[g[i]] += rank[i];
                cnt[g[i]]++;
        }
        size_t k = 0;
        long double s = 0;
        for (size_t j = 0; j < ngroups; j++) {
                if (cnt[j] > 0) {
                        k++;
                        s += (long double)rsum[j] * rsum[j] / cnt[j];
                }
        }
        double nn = (double)m, denom = 1 - ties / (nn * nn * nn - nn);
        if (k < 2 || !(denom > 0))
                goto out;
        r.statistic = (12 * (double)s / (nn * (nn + 1)) - 3 * (nn + 1)) / denom;
        r.df = (double)(k - 1);
        r.p = stats_chisq_upper(r.statistic, r.df);
out:
        free(v);
        free(rank);
        free(g);
        free(rsum);
        free(cnt);
        return r;
}

struct stats_test stats_wilcoxon(const double *x, size_t nx, const double *y, size_t ny)
{
        struct stats_test r = test_nan;
        size_t n = nx + ny;
        double *v = xmalloc((n ? n : 1) * sizeof *v), *rank = xmalloc((n ? n : 1) * sizeof *rank);
        size_t mx = 0, my = 0;
        for (size_t i = 0; i < nx; i++)
                if (!isnan(x[i]))
                        v[mx++] = x[i];
        for (size_t i = 0; i < ny; i++)
                if (!isnan(y[i]))
                        v[mx + my++] = y[i];
        if (mx == 0 || my == 0)
                goto out;
        double ties = stats_midranks(v, mx + my, rank);
        long double rs = 0;
        for (size_t i = 0; i < mx; i++)
                rs += rank[i];
        double a = (double)mx, b = (double)my;
        r.statistic = (double)rs - a * (a + 1) / 2;
        double z = r.statistic - a * b / 2;
        double sigma = sqrt((a * b / 12) * ((a + b + 1) - ties / ((a + b) * (a + b - 1))));
        double corr = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
        z = (z - corr) / sigma;
        if (!isnan(z))
                r.p = 2 * stats_norm_lower(-fabs(z));
out:
        free(v);
        free(rank);
        return r;
}

void stats_p_adjust(const double *p, size_t n, enum stats_adjust method, double *out)
{
        /* p.adjust drops NA first: n counts the p-values that are not NaN. */
        double *v = xmalloc((n ? n : 1) * sizeof *v), *res = xmalloc((n ? n : 1) * sizeof *res);
        size_t *pos = xmalloc((n ? n : 1) * sizeof *pos), *o = xmalloc((n ? n : 1) * sizeof *o);
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
                if (!isnan(p[i])) {
                        pos[m] = i;
                        v[m++] = p[i];
                }
        }
        if (m <= 1) {
                for (size_t i = 0; i < m; i++)
                        res[i] = v[i];
        } else {
                gsl_sort_index(o, v, 1, m); /* ties do not change the result */
                double nn = (double)m;
                if (method == STATS_HOLM) {
                        double cmax = -INFINITY;
                        for (size_t i = 0; i < m; i++) {
                                cmax = fmax(cmax, (nn - (double)i) * v[o[i]]);
                                res[o[i]] = fmin(1, cmax);
                        }
                } else {
                        double cmin = INFINITY;
                        for (size_t i = m; i-- > 0;) {
                                cmin = fmin(cmin, nn / (double)(i + 1) * v[o[i]]);
                                res[o[i]] = fmin(1, cmin);
                        }
                }
        }
        /* p is read in full above, so out may be p. */
        for (size_t i = 0; i < n; i++)
                out[i] = NAN;
        for (size_t i = 0; i < m; i++)
                out[pos[i]] = res[i];
        free(v);
        free(res);
        free(pos);
        free(o);
}

const char *stats_adjust_name(enum stats_adjust method)
{
        switch (method) {
        case STATS_HOLM:
                return "holm";
        case STATS_BH:
                return "BH";
        }
        return "?";
}
