/*
 * stats: the statistics of PRODUCT.md §3, written to give what R gives.
 *
 * Each function follows the R source of the call named in stats.h step by step
 * (same formulas, same order, long double sums where R uses them), so that the
 * reference values of tests/stats/reference.R agree to far better than 1e-9.
 * Distributions are GSL's, called through the quiet wrappers below.
 */
#include "stats.h"

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
static double norm_quantile(double p)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double q = gsl_cdf_ugaussian_Pinv(p);
        gsl_set_error_handler(old);
        return q;
}

static double norm_lower(double z)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double p = gsl_cdf_ugaussian_P(z);
        gsl_set_error_handler(old);
        return p;
}

static double t_quantile(double p, double df)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double q = gsl_cdf_tdist_Pinv(p, df);
        gsl_set_error_handler(old);
        return q;
}

static double t_lower(double t, double df)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double p = gsl_cdf_tdist_P(t, df);
        gsl_set_error_handler(old);
        return p;
}

static double chisq_upper(double x, double df)
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
static double beta_quantile(double p, double a, double b)
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

static double binom_lower(unsigned int k, unsigned int n)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double p = gsl_cdf_binomial_P(k, 0.5, n);
        gsl_set_error_handler(old);
        return p;
}

static double lnchoose(unsigned int n, unsigned int k)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double l = gsl_sf_lnchoose(n, k);
        gsl_set_error_handler(old);
        return l;
}

static bool conf_ok(double conf)
{
        return conf > 0 && conf < 1;
}

struct moments {
        size_t n;         /* values that are not NaN */
        double mean, var; /* NaN when n is too small */
};

/* mean() and var() as R computes them: long double sums, a second pass that
 * corrects the mean, and squared deviations from it over n - 1. */
static struct moments moments(const double *x, size_t n)
{
        struct moments m = {0, NAN, NAN};
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
static double midranks(const double *v, size_t n, double *rank)
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

static const struct stats_test test_nan = {NAN, NAN, NAN};

struct stats_interval stats_wilson(unsigned long x, unsigned long n, double conf)
{
        struct stats_interval ci = {NAN, NAN};
        if (n == 0 || x > n || !conf_ok(conf))
                return ci;
        /* prop.test's k = 1 branch with YATES = 0. */
        double nn = (double)n;
        double z = norm_quantile((1 + conf) / 2);
        double z22n = z * z / (2 * nn);
        double p = (double)x / nn;
        double w = z * sqrt(p * (1 - p) / nn + z22n / (2 * nn));
        double up = p >= 1 ? 1 : (p + z22n + w) / (1 + 2 * z22n);
        double lo = p <= 0 ? 0 : (p + z22n - w) / (1 + 2 * z22n);
        ci.lo = fmax(lo, 0);
        ci.hi = fmin(up, 1);
        return ci;
}

struct stats_interval stats_clopper_pearson(unsigned long x, unsigned long n, double conf)
{
        struct stats_interval ci = {NAN, NAN};
        if (n == 0 || x > n || !conf_ok(conf))
                return ci;
        double alpha = (1 - conf) / 2, xx = (double)x, nn = (double)n;
        ci.lo = x == 0 ? 0 : beta_quantile(alpha, xx, nn - xx + 1);
        ci.hi = x == n ? 1 : beta_quantile(1 - alpha, xx + 1, nn - xx);
        return ci;
}

struct stats_mean stats_mean_t_from(size_t n, double mean, double sd, double conf)
{
        struct stats_mean r = {n, n > 0 ? mean : NAN, n >= 2 ? sd : NAN, NAN, NAN};
        if (n < 2 || !conf_ok(conf) || isnan(mean) || !(sd >= 0))
                return r;
        double se = sqrt(sd * sd / (double)n);
        /* t.test stops with "data are essentially constant" here. */
        if (se < 10 * DBL_EPSILON * fabs(mean) || se == 0)
                return r;
        double t = mean / se, alpha = 1 - conf;
        double q = t_quantile(1 - alpha / 2, (double)(n - 1));
        r.lo = (t - q) * se;
        r.hi = (t + q) * se;
        return r;
}

struct stats_mean stats_mean_t(const double *x, size_t n, double conf)
{
        struct moments m = moments(x, n);
        return stats_mean_t_from(m.n, m.mean, sqrt(m.var), conf);
}

struct stats_test stats_welch(const double *x, size_t nx, const double *y, size_t ny)
{
        struct moments a = moments(x, nx), b = moments(y, ny);
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
        r.p = 2 * t_lower(-fabs(r.statistic), r.df);
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
        r.p = chisq_upper(r.statistic, 1);
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
                double l =
                    lnchoose((unsigned)m, (unsigned)i) + lnchoose((unsigned)n, (unsigned)(k - i));
                lmax = fmax(lmax, l);
        }
        double lobs = lnchoose((unsigned)m, (unsigned)a) + lnchoose((unsigned)n, (unsigned)b);
        /* R keeps every table with d <= d_obs * (1 + 1e-7), after dividing by the
         * largest term and normalising; the same ratio holds before normalising. */
        double dobs = exp(lobs - lmax) * (1 + 1e-7);
        long double total = 0, tail = 0;
        for (unsigned long i = lo; i <= hi; i++) {
                double l =
                    lnchoose((unsigned)m, (unsigned)i) + lnchoose((unsigned)n, (unsigned)(k - i));
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
        r.p = chisq_upper(r.statistic, r.df);
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
        double ties = midranks(v, m, rank);
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
        r.p = chisq_upper(r.statistic, r.df);
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
        double ties = midranks(v, mx + my, rank);
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
                r.p = 2 * norm_lower(-fabs(z));
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

double stats_cronbach_alpha(const double *data, size_t n, size_t k, double *r_drop)
{
        double alpha = NAN;
        if (r_drop)
                for (size_t j = 0; j < k; j++)
                        r_drop[j] = NAN;
        if (n < 2 || k < 2)
                return alpha;
        for (size_t i = 0; i < n * k; i++)
                if (isnan(data[i]))
                        return alpha;
        double *mean = xcalloc(k, sizeof *mean), *cov = xcalloc(k * k, sizeof *cov);
        double *colsum = xcalloc(k, sizeof *colsum);
        bool *keep = xcalloc(k, sizeof *keep);
        for (size_t j = 0; j < k; j++) {
                long double s = 0, t = 0;
                for (size_t i = 0; i < n; i++)
                        s += data[i * k + j];
                long double mu = s / n;
                for (size_t i = 0; i < n; i++)
                        t += data[i * k + j] - mu;
                mean[j] = (double)(mu + t / n);
        }
        for (size_t a = 0; a < k; a++) {
                for (size_t b = a; b < k; b++) {
                        long double s = 0;
                        for (size_t i = 0; i < n; i++)
                                s += ((long double)data[i * k + a] - mean[a]) *
                                     (data[i * k + b] - mean[b]);
                        cov[a * k + b] = cov[b * k + a] = (double)(s / (n - 1));
                }
        }
        /* psych::alpha (delete = TRUE) drops items without variance first. */
        size_t kept = 0;
        for (size_t j = 0; j < k; j++) {
                keep[j] = cov[j * k + j] > 0;
                kept += keep[j];
        }
        double vt = 0, tr = 0;
        for (size_t a = 0; a < k; a++) {
                if (!keep[a])
                        continue;
                tr += cov[a * k + a];
                for (size_t b = 0; b < k; b++)
                        if (keep[b])
                                colsum[a] += cov[a * k + b];
                vt += colsum[a];
        }
        if (kept < 2)
                goto out;
        if (vt > 0) /* psych gives -Inf for vt = 0, which says nothing useful */
                alpha = (1 - tr / vt) * ((double)kept / (double)(kept - 1));
        if (r_drop) {
                for (size_t j = 0; j < k; j++) {
                        if (!keep[j])
                                continue;
                        double cjj = cov[j * k + j];
                        double vdrop = vt - 2 * colsum[j] + cjj;
                        r_drop[j] = (colsum[j] - cjj) / sqrt(cjj * vdrop);
                }
        }
out:
        free(mean);
        free(cov);
        free(colsum);
        free(keep);
        return alpha;
}

double stats_median(const double *x, size_t n)
{
        double *v = xmalloc((n ? n : 1) * sizeof *v), med = NAN;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
                if (!isnan(x[i]))
                        v[m++] = x[i];
        if (m > 0) {
                gsl_sort(v, 1, m);
                if (m % 2)
                        med = v[m / 2];
                else
                        med = (double)(((long double)v[m / 2 - 1] + v[m / 2]) / 2);
        }
        free(v);
        return med;
}

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
                if (binom_lower(mid, trials) >= 0.05)
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
