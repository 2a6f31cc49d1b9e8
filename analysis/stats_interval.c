/*
 * stats_interval: confidence intervals (Wilson, Clopper-Pearson, t).
 * R's source of the call named in stats.h, step by step (stats.h says which).
 */
#include "stats.h"
#include "stats_priv.h"

#include <float.h>
#include <math.h>

struct stats_interval stats_wilson(unsigned long x, unsigned long n, double conf)
{
        struct stats_interval ci = {NAN, NAN};
        if (n == 0 || x > n || !stats_conf_ok(conf))
                return ci;
        /* prop.test's k = 1 branch with YATES = 0. */
        double nn = (double)n;
        double z = stats_norm_quantile((1 + conf) / 2);
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
        if (n == 0 || x > n || !stats_conf_ok(conf))
                return ci;
        double alpha = (1 - conf) / 2, xx = (double)x, nn = (double)n;
        ci.lo = x == 0 ? 0 : stats_beta_quantile(alpha, xx, nn - xx + 1);
        ci.hi = x == n ? 1 : stats_beta_quantile(1 - alpha, xx + 1, nn - xx);
        return ci;
}

struct stats_mean stats_mean_t_from(size_t n, double mean, double sd, double conf)
{
        struct stats_mean r = {n, n > 0 ? mean : NAN, n >= 2 ? sd : NAN, NAN, NAN};
        if (n < 2 || !stats_conf_ok(conf) || isnan(mean) || !(sd >= 0))
                return r;
        double se = sqrt(sd * sd / (double)n);
        /* t.test stops with "data are essentially constant" here. */
        if (se < 10 * DBL_EPSILON * fabs(mean) || se == 0)
                return r;
        double t = mean / se, alpha = 1 - conf;
        double q = stats_t_quantile(1 - alpha / 2, (double)(n - 1));
        r.lo = (t - q) * se;
        r.hi = (t + q) * se;
        return r;
}

struct stats_mean stats_mean_t(const double *x, size_t n, double conf)
{
        struct stats_moments m = stats_moments(x, n);
        return stats_mean_t_from(m.n, m.mean, sqrt(m.var), conf);
}
