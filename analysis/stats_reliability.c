/*
 * stats_reliability: Cronbach's alpha with corrected item-total correlations, the median.
 * R's source of the call named in stats.h, step by step (stats.h says which).
 */
#include "stats.h"
#include "stats_priv.h"

#include "xmalloc.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>

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
