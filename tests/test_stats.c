/*
 * stats: every function against the values R computed (tests/stats/reference.txt,
 * written by tests/stats/reference.R; the format is described there), to 1e-9
 * relative or 1e-12 absolute, then the edge cases that need no R.
 *
 * Usage: test_stats REFERENCE_TXT
 */
#include "stats.h"
#include "test.h"
#include "xmalloc.h"

#include <gsl/gsl_errno.h>

#include <math.h>
#include <stdlib.h>

#define REL_TOL 1e-9
#define ABS_TOL 1e-12

static const char *ref_path;
static double worst_rel, worst_abs; /* largest errors seen, for the summary line */

/* One line of reference.txt being checked: where it is, and its text to show. */
struct ref_line {
        int lineno;
        const char *text;
};

static bool close_enough(double got, double want)
{
        if (isnan(want) || isnan(got))
                return isnan(want) && isnan(got);
        if (isinf(want) || isinf(got))
                return got == want;
        double err = fabs(got - want);
        return err <= ABS_TOL || err <= REL_TOL * fabs(want);
}

static void expect(const struct ref_line *l, const char *field, double got, double want)
{
        bool ok = close_enough(got, want);
        if (ok && isfinite(want) && want != 0) {
                /* Where 1e-9 relative is looser than 1e-12 absolute, the relative
                 * error is what counts; below that, the absolute one. */
                double err = fabs(got - want);
                if (REL_TOL * fabs(want) >= ABS_TOL)
                        worst_rel = fmax(worst_rel, err / fabs(want));
                else
                        worst_abs = fmax(worst_abs, err);
        }
        CHECK(ok);
        if (!ok)
                fprintf(stderr, "  %s:%d: %s: got %.17g, want %.17g\n    %s\n", ref_path, l->lineno,
                        field, got, want, l->text);
}

static void expect_size(const struct ref_line *l, const char *field, size_t got, double want)
{
        expect(l, field, (double)got, want);
}

/* A comma-separated list of numbers ("-" for none). */
struct vec {
        size_t n;
        double *v;
};

static bool parse_number(const char *s, double *out)
{
        char *end;
        *out = strtod(s, &end);
        return end != s && (*end == '\0' || *end == ',');
}

static bool parse_vec(const char *s, struct vec *out)
{
        out->n = 0;
        out->v = NULL;
        if (!s)
                return false;
        if (strcmp(s, "-") == 0) {
                out->v = xmalloc(sizeof(double));
                return true;
        }
        size_t cap = 1;
        for (const char *p = s; *p; p++)
                cap += *p == ',';
        out->v = xmalloc(cap * sizeof(double));
        for (const char *p = s;; p++) {
                if (!parse_number(p, &out->v[out->n]))
                        return false;
                out->n++;
                p = strchr(p, ',');
                if (!p)
                        break;
        }
        return out->n == cap;
}

static void vec_free(struct vec *v)
{
        free(v->v);
        v->v = NULL;
}

#define MAX_FIELDS 16

/* The reference kinds, in reference.R's order; each must occur at least once. */
enum kind {
        K_WILSON,
        K_CLOPPER,
        K_MEAN_T,
        K_WELCH,
        K_TWO_PROP,
        K_FISHER,
        K_CHISQ,
        K_KRUSKAL,
        K_WILCOXON,
        K_P_ADJUST,
        K_ALPHA,
        K_MEDIAN,
        K_ANHOEJ_LIMITS,
        K_ANHOEJ,
        K_PCHART,
        K_LANEY,
        K_COUNT
};

static const struct {
        const char *name;
        int fields; /* including the kind */
} kinds[K_COUNT] = {
    [K_WILSON] = {"wilson", 6},
    [K_CLOPPER] = {"clopper", 6},
    [K_MEAN_T] = {"mean_t", 8},
    [K_WELCH] = {"welch", 6},
    [K_TWO_PROP] = {"two_prop", 8},
    [K_FISHER] = {"fisher", 6},
    [K_CHISQ] = {"chisq", 8},
    [K_KRUSKAL] = {"kruskal", 7},
    [K_WILCOXON] = {"wilcoxon", 5},
    [K_P_ADJUST] = {"p_adjust", 4},
    [K_ALPHA] = {"alpha", 6},
    [K_MEDIAN] = {"median", 3},
    [K_ANHOEJ_LIMITS] = {"anhoej_limits", 4},
    [K_ANHOEJ] = {"anhoej", 11},
    [K_PCHART] = {"pchart", 6},
    [K_LANEY] = {"laney", 7},
};

static bool bad_field; /* a field of the current line did not parse */

static double num(const char *s)
{
        double v = NAN;
        char *end;
        v = strtod(s, &end);
        if (end == s || *end != '\0')
                bad_field = true;
        return v;
}

static unsigned long count(const char *s)
{
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (end == s || *end != '\0')
                bad_field = true;
        return v;
}

/* Runs one reference line split into f[0..nf); false if it is malformed. */
static bool run_case(const struct ref_line *l, enum kind k, char **f)
{
        struct vec a = {0}, b = {0}, c = {0}, d = {0};
        bool ok = true;
        bad_field = false;
        switch (k) {
        case K_WILSON:
        case K_CLOPPER: {
                struct stats_interval ci = (k == K_WILSON ? stats_wilson : stats_clopper_pearson)(
                    count(f[1]), count(f[2]), num(f[3]));
                expect(l, "lo", ci.lo, num(f[4]));
                expect(l, "hi", ci.hi, num(f[5]));
                break;
        }
        case K_MEAN_T: {
                if (!(ok = parse_vec(f[2], &a)))
                        break;
                struct stats_mean m = stats_mean_t(a.v, a.n, num(f[1]));
                expect_size(l, "n", m.n, num(f[3]));
                expect(l, "mean", m.mean, num(f[4]));
                expect(l, "sd", m.sd, num(f[5]));
                expect(l, "lo", m.lo, num(f[6]));
                expect(l, "hi", m.hi, num(f[7]));
                /* The streaming variant gives the same from the moments. */
                struct stats_mean s = stats_mean_t_from(m.n, m.mean, m.sd, num(f[1]));
                expect_size(l, "n (from moments)", s.n, num(f[3]));
                expect(l, "mean (from moments)", s.mean, num(f[4]));
                expect(l, "sd (from moments)", s.sd, num(f[5]));
                expect(l, "lo (from moments)", s.lo, num(f[6]));
                expect(l, "hi (from moments)", s.hi, num(f[7]));
                break;
        }
        case K_WELCH:
        case K_WILCOXON: {
                if (!(ok = parse_vec(f[1], &a) && parse_vec(f[2], &b)))
                        break;
                if (k == K_WELCH) {
                        struct stats_test t = stats_welch(a.v, a.n, b.v, b.n);
                        expect(l, "t", t.statistic, num(f[3]));
                        expect(l, "df", t.df, num(f[4]));
                        expect(l, "p", t.p, num(f[5]));
                } else {
                        struct stats_test t = stats_wilcoxon(a.v, a.n, b.v, b.n);
                        expect(l, "W", t.statistic, num(f[3]));
                        expect(l, "p", t.p, num(f[4]));
                        CHECK(isnan(t.df));
                }
                break;
        }
        case K_TWO_PROP: {
                struct stats_test t =
                    stats_two_prop(count(f[1]), count(f[2]), count(f[3]), count(f[4]));
                expect(l, "X-squared", t.statistic, num(f[5]));
                expect(l, "df", t.df, num(f[6]));
                expect(l, "p", t.p, num(f[7]));
                break;
        }
        case K_FISHER:
                expect(l, "p", stats_fisher_2x2(count(f[1]), count(f[2]), count(f[3]), count(f[4])),
                       num(f[5]));
                break;
        case K_CHISQ: {
                size_t rows = count(f[1]), cols = count(f[2]);
                if (!(ok = parse_vec(f[3], &a) && a.n == rows * cols))
                        break;
                unsigned long *tab = xmalloc((a.n ? a.n : 1) * sizeof *tab);
                for (size_t i = 0; i < a.n; i++)
                        tab[i] = (unsigned long)a.v[i];
                double emin;
                struct stats_test t = stats_chisq(tab, rows, cols, &emin);
                free(tab);
                expect(l, "X-squared", t.statistic, num(f[4]));
                expect(l, "df", t.df, num(f[5]));
                expect(l, "p", t.p, num(f[6]));
                expect(l, "min expected", emin, num(f[7]));
                break;
        }
        case K_KRUSKAL: {
                if (!(ok = parse_vec(f[2], &a) && parse_vec(f[3], &b) && a.n == b.n))
                        break;
                size_t *g = xmalloc((b.n ? b.n : 1) * sizeof *g);
                for (size_t i = 0; i < b.n; i++)
                        g[i] = (size_t)b.v[i];
                struct stats_test t = stats_kruskal(a.v, g, a.n, count(f[1]));
                free(g);
                expect(l, "H", t.statistic, num(f[4]));
                expect(l, "df", t.df, num(f[5]));
                expect(l, "p", t.p, num(f[6]));
                break;
        }
        case K_P_ADJUST: {
                enum stats_adjust m = strcmp(f[1], "holm") == 0 ? STATS_HOLM : STATS_BH;
                if (!(ok = (strcmp(f[1], stats_adjust_name(m)) == 0) && parse_vec(f[2], &a) &&
                           parse_vec(f[3], &b) && a.n == b.n))
                        break;
                double *out = xmalloc((a.n ? a.n : 1) * sizeof *out);
                stats_p_adjust(a.v, a.n, m, out);
                for (size_t i = 0; i < a.n; i++)
                        expect(l, "adjusted", out[i], b.v[i]);
                free(out);
                break;
        }
        case K_ALPHA: {
                size_t n = count(f[1]), kk = count(f[2]);
                if (!(ok =
                          parse_vec(f[3], &a) && a.n == n * kk && parse_vec(f[5], &b) && b.n == kk))
                        break;
                double *rd = xmalloc((kk ? kk : 1) * sizeof *rd);
                expect(l, "raw_alpha", stats_cronbach_alpha(a.v, n, kk, rd), num(f[4]));
                for (size_t j = 0; j < kk; j++)
                        expect(l, "r.drop", rd[j], b.v[j]);
                free(rd);
                break;
        }
        case K_MEDIAN:
                if (!(ok = parse_vec(f[1], &a)))
                        break;
                expect(l, "median", stats_median(a.v, a.n), num(f[2]));
                break;
        case K_ANHOEJ_LIMITS: {
                size_t run, cross;
                stats_anhoej_limits(count(f[1]), &run, &cross);
                expect_size(l, "run limit", run, num(f[2]));
                expect_size(l, "crossing limit", cross, num(f[3]));
                break;
        }
        case K_ANHOEJ: {
                if (!(ok = parse_vec(f[2], &a)))
                        break;
                struct stats_anhoej r;
                stats_anhoej(a.v, a.n, num(f[1]), &r);
                expect_size(l, "useful", r.useful, num(f[3]));
                expect_size(l, "longest run", r.longest_run, num(f[4]));
                expect_size(l, "run limit", r.run_limit, num(f[5]));
                expect_size(l, "crossings", r.crossings, num(f[6]));
                expect_size(l, "crossing limit", r.crossing_limit, num(f[7]));
                expect(l, "run signal", r.run_signal, num(f[8]));
                expect(l, "crossing signal", r.crossing_signal, num(f[9]));
                expect(l, "signal", r.signal, num(f[10]));
                break;
        }
        case K_PCHART:
        case K_LANEY: {
                int o = k == K_LANEY; /* laney has sigma_z before the limits */
                if (!(ok = parse_vec(f[1], &a) && parse_vec(f[2], &b) && a.n == b.n &&
                           parse_vec(f[4 + o], &c) && parse_vec(f[5 + o], &d) && c.n == a.n &&
                           d.n == a.n))
                        break;
                size_t m = a.n;
                unsigned long *x = xmalloc((m ? m : 1) * sizeof *x);
                unsigned long *n = xmalloc((m ? m : 1) * sizeof *n);
                double *lcl = xmalloc((m ? m : 1) * sizeof *lcl);
                double *ucl = xmalloc((m ? m : 1) * sizeof *ucl);
                for (size_t i = 0; i < m; i++) {
                        x[i] = (unsigned long)a.v[i];
                        n[i] = (unsigned long)b.v[i];
                }
                double sz = NAN;
                double cl =
                    o ? stats_laney(x, n, m, lcl, ucl, &sz) : stats_pchart(x, n, m, lcl, ucl);
                expect(l, "CL", cl, num(f[3]));
                if (o)
                        expect(l, "sigma_z", sz, num(f[4]));
                for (size_t i = 0; i < m; i++) {
                        expect(l, "lcl", lcl[i], c.v[i]);
                        expect(l, "ucl", ucl[i], d.v[i]);
                }
                free(x);
                free(n);
                free(lcl);
                free(ucl);
                break;
        }
        case K_COUNT:
                ok = false;
                break;
        }
        vec_free(&a);
        vec_free(&b);
        vec_free(&c);
        vec_free(&d);
        return ok && !bad_field;
}

static void run_reference(const char *path)
{
        FILE *fp = fopen(path, "r");
        CHECK(fp != NULL);
        if (!fp) {
                fprintf(stderr, "  cannot open %s\n", path);
                return;
        }
        size_t seen[K_COUNT] = {0}, cases = 0;
        char *line = NULL, *copy = NULL;
        size_t cap = 0;
        ssize_t len;
        int lineno = 0;
        while ((len = getline(&line, &cap, fp)) != -1) {
                lineno++;
                if (len > 0 && line[len - 1] == '\n')
                        line[--len] = '\0';
                if (len == 0 || line[0] == '#')
                        continue;
                free(copy);
                copy = xstrdup(line);
                struct ref_line l = {lineno, copy};
                char *f[MAX_FIELDS], *save = NULL;
                int nf = 0;
                for (char *t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save))
                        if (nf < MAX_FIELDS)
                                f[nf++] = t;
                enum kind k = 0;
                while (nf > 0 && k < K_COUNT && strcmp(f[0], kinds[k].name) != 0)
                        k++;
                bool ok = nf > 0 && k < K_COUNT && nf == kinds[k].fields && run_case(&l, k, f);
                CHECK(ok);
                if (!ok) {
                        fprintf(stderr, "  %s:%d: malformed line\n    %s\n", path, lineno, copy);
                        continue;
                }
                seen[k]++;
                cases++;
        }
        free(line);
        free(copy);
        fclose(fp);
        /* A truncated or emptied reference file must not pass quietly. */
        for (int k = 0; k < K_COUNT; k++) {
                CHECK(seen[k] > 0);
                if (!seen[k])
                        fprintf(stderr, "  %s: no %s cases\n", path, kinds[k].name);
        }
        printf("test_stats: %zu reference cases; largest relative error %.3g (values >= 1e-3), "
               "largest absolute error %.3g (values < 1e-3)\n",
               cases, worst_rel, worst_abs);
}

static bool is_nan_interval(struct stats_interval ci)
{
        return isnan(ci.lo) && isnan(ci.hi);
}

static void proportions_edges(void)
{
        CHECK(is_nan_interval(stats_wilson(0, 0, 0.95)));
        CHECK(is_nan_interval(stats_wilson(3, 2, 0.95)));
        CHECK(is_nan_interval(stats_wilson(1, 2, 1)));
        CHECK(is_nan_interval(stats_wilson(1, 2, 0)));
        CHECK(is_nan_interval(stats_wilson(1, 2, NAN)));
        CHECK(is_nan_interval(stats_clopper_pearson(0, 0, 0.95)));
        CHECK(is_nan_interval(stats_clopper_pearson(3, 2, 0.95)));
        CHECK(is_nan_interval(stats_clopper_pearson(1, 2, 1.5)));
        unsigned long ns[] = {1, 2, 7, 50, 1000, 123456};
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
                unsigned long n = ns[i];
                struct stats_interval w0 = stats_wilson(0, n, 0.95), wn = stats_wilson(n, n, 0.95);
                struct stats_interval c0 = stats_clopper_pearson(0, n, 0.95);
                struct stats_interval cn = stats_clopper_pearson(n, n, 0.95);
                CHECK(w0.lo == 0 && w0.hi > 0 && w0.hi < 1);
                CHECK(wn.hi == 1 && wn.lo > 0 && wn.lo < 1);
                CHECK(c0.lo == 0 && c0.hi > 0 && c0.hi < 1);
                CHECK(cn.hi == 1 && cn.lo > 0 && cn.lo < 1);
                /* x = 0 and x = n mirror each other. */
                CHECK(close_enough(w0.hi, 1 - wn.lo));
                CHECK(close_enough(c0.hi, 1 - cn.lo));
        }
        /* Clopper-Pearson with x = 0 has the closed form 1 - (alpha/2)^(1/n). */
        CHECK(close_enough(stats_clopper_pearson(0, 20, 0.95).hi, 1 - pow(0.025, 1.0 / 20)));
        struct stats_interval big = stats_clopper_pearson(1, 100000000, 0.95);
        CHECK(big.lo > 0 && big.hi > big.lo && big.hi < 1e-6);
        /* Beyond GSL's incomplete beta: NaN, promptly (gsl_cdf_beta_Pinv would loop). */
        struct stats_interval huge = stats_clopper_pearson(5000000, 10000000, 0.95);
        CHECK((isnan(huge.lo) && isnan(huge.hi)) ||
              (huge.lo > 0.499 && huge.lo < 0.5 && huge.hi > 0.5 && huge.hi < 0.501));

        struct stats_test t = stats_two_prop(1, 0, 1, 5);
        CHECK(isnan(t.statistic) && isnan(t.df) && isnan(t.p));
        t = stats_two_prop(0, 5, 0, 7);
        CHECK(isnan(t.statistic) && isnan(t.p));
        t = stats_two_prop(5, 5, 7, 7);
        CHECK(isnan(t.statistic) && isnan(t.p));
        /* Margins of zero leave a single table: fisher.test says p = 1. */
        CHECK(stats_fisher_2x2(0, 0, 0, 0) == 1);
        CHECK(stats_fisher_2x2(4, 0, 6, 0) == 1);
        CHECK(isnan(stats_fisher_2x2(1, 1, 0xffffffffUL, 1)));
}

static void means_edges(void)
{
        struct stats_mean m = stats_mean_t(NULL, 0, 0.95);
        CHECK(m.n == 0 && isnan(m.mean) && isnan(m.sd) && isnan(m.lo) && isnan(m.hi));
        double one[] = {4};
        m = stats_mean_t(one, 1, 0.95);
        CHECK(m.n == 1 && m.mean == 4 && isnan(m.sd) && isnan(m.lo) && isnan(m.hi));
        double same[] = {75, 75, NAN, 75};
        m = stats_mean_t(same, 4, 0.95);
        CHECK(m.n == 3 && m.mean == 75 && m.sd == 0 && isnan(m.lo) && isnan(m.hi));
        double some[] = {1, 2, 3};
        m = stats_mean_t(some, 3, 1);
        CHECK(m.mean == 2 && m.sd == 1 && isnan(m.lo) && isnan(m.hi));
        m = stats_mean_t_from(0, 5, 1, 0.95);
        CHECK(m.n == 0 && isnan(m.mean) && isnan(m.sd) && isnan(m.lo));
        m = stats_mean_t_from(1, 5, 0, 0.95);
        CHECK(m.mean == 5 && isnan(m.sd) && isnan(m.lo) && isnan(m.hi));
        m = stats_mean_t_from(10, 5, 0, 0.95);
        CHECK(m.mean == 5 && m.sd == 0 && isnan(m.lo) && isnan(m.hi));
        m = stats_mean_t_from(10, 5, NAN, 0.95);
        CHECK(isnan(m.lo) && isnan(m.hi));

        struct stats_test t = stats_welch(NULL, 0, NULL, 0);
        CHECK(isnan(t.statistic) && isnan(t.df) && isnan(t.p));
        t = stats_welch(same, 4, same, 4);
        CHECK(isnan(t.statistic) && isnan(t.df) && isnan(t.p));
        t = stats_welch(one, 1, some, 3);
        CHECK(isnan(t.statistic) && isnan(t.df) && isnan(t.p));
        t = stats_welch(some, 3, some, 3);
        CHECK(t.statistic == 0 && t.p == 1);
}

static void tables_edges(void)
{
        unsigned long t22[] = {3, 1, 1, 3};
        double emin = 0;
        struct stats_test t = stats_chisq(t22, 1, 4, &emin);
        CHECK(isnan(t.statistic) && isnan(t.df) && isnan(t.p) && isnan(emin));
        t = stats_chisq(t22, 2, 2, NULL);
        CHECK(t.df == 1 && t.p > 0 && t.p < 1);
        unsigned long zero[6] = {0};
        t = stats_chisq(zero, 2, 3, &emin);
        CHECK(isnan(t.statistic) && isnan(t.p) && isnan(emin));
        /* A huge statistic underflows GSL's chi-square tail: p = 0, no abort. */
        unsigned long huge[] = {2000000, 0, 0, 2000000};
        t = stats_chisq(huge, 2, 2, &emin);
        CHECK(t.statistic > 1e6 && t.p == 0 && emin == 1000000);

        t = stats_kruskal(NULL, NULL, 0, 0);
        CHECK(isnan(t.statistic) && isnan(t.df) && isnan(t.p));
        double x[] = {1, 2, 3, 4};
        size_t g1[] = {0, 0, 0, 0};
        t = stats_kruskal(x, g1, 4, 1);
        CHECK(isnan(t.statistic) && isnan(t.p));

        t = stats_wilcoxon(NULL, 0, x, 4);
        CHECK(isnan(t.statistic) && isnan(t.df) && isnan(t.p));
        double tied[] = {3, 3, 3};
        t = stats_wilcoxon(tied, 3, tied, 2);
        CHECK(t.statistic == 3 && isnan(t.df) && isnan(t.p));
}

static void adjust_edges(void)
{
        stats_p_adjust(NULL, 0, STATS_HOLM, NULL);
        double p[] = {0.01, 0.04, NAN, 0.03};
        stats_p_adjust(p, 4, STATS_HOLM, p); /* in place */
        CHECK(close_enough(p[0], 0.03) && close_enough(p[1], 0.06) && isnan(p[2]) &&
              close_enough(p[3], 0.06));
        double q[] = {0.01, 0.04, 0.03};
        stats_p_adjust(q, 3, STATS_BH, q);
        CHECK(close_enough(q[0], 0.03) && close_enough(q[1], 0.04) && close_enough(q[2], 0.04));
        double big[] = {0.6, 0.9};
        double out[2];
        stats_p_adjust(big, 2, STATS_HOLM, out);
        CHECK(out[0] == 1 && out[1] == 1);
        CHECK_STR(stats_adjust_name(STATS_HOLM), "holm");
        CHECK_STR(stats_adjust_name(STATS_BH), "BH");
}

static void alpha_edges(void)
{
        double d[] = {1, 2, 2, 3, 3, 5, 4, 4};
        double rd[4] = {0, 0, 0, 0};
        CHECK(isnan(stats_cronbach_alpha(d, 1, 4, rd)) && isnan(rd[0]) && isnan(rd[3]));
        CHECK(isnan(stats_cronbach_alpha(d, 8, 1, NULL)));
        CHECK(!isnan(stats_cronbach_alpha(d, 4, 2, NULL)));
        double same[] = {3, 3, 3, 3, 3, 3};
        CHECK(isnan(stats_cronbach_alpha(same, 3, 2, rd)) && isnan(rd[0]) && isnan(rd[1]));
        double gap[] = {1, 2, NAN, 3, 3, 5};
        CHECK(isnan(stats_cronbach_alpha(gap, 3, 2, NULL)));
}

static void median_edges(void)
{
        CHECK(isnan(stats_median(NULL, 0)));
        double nans[] = {NAN, NAN};
        CHECK(isnan(stats_median(nans, 2)));
        double x[] = {9, 1, 5, 3};
        CHECK(stats_median(x, 4) == 4);
        CHECK(x[0] == 9 && x[1] == 1 && x[2] == 5 && x[3] == 3); /* not reordered */
}

static void anhoej_edges(void)
{
        /* The table of Anhøj's limits (PRODUCT.md §3). */
        static const size_t table[][3] = {{10, 6, 2},  {12, 7, 3}, {22, 7, 7},
                                          {23, 8, 7},  {24, 8, 8}, {46, 9, 17},
                                          {50, 9, 19}, {2, 4, 0},  {100, 10, 41}};
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
                size_t run = 0, cross = 0;
                stats_anhoej_limits(table[i][0], &run, &cross);
                CHECK(run == table[i][1] && cross == table[i][2]);
                if (run != table[i][1] || cross != table[i][2])
                        fprintf(stderr, "  n = %zu: got (%zu, %zu), want (%zu, %zu)\n", table[i][0],
                                run, cross, table[i][1], table[i][2]);
        }
        struct stats_anhoej a;
        stats_anhoej(NULL, 0, 0, &a);
        CHECK(a.useful == 0 && a.longest_run == 0 && a.crossings == 0 && !a.signal);
        double flat[] = {2, 2, 2};
        stats_anhoej(flat, 3, 2, &a);
        CHECK(a.useful == 0 && !a.run_signal && !a.crossing_signal && !a.signal);
        double one[] = {2, 3, 2};
        stats_anhoej(one, 3, 2, &a);
        CHECK(a.useful == 1 && a.longest_run == 1 && !a.signal);
}

static void charts_edges(void)
{
        double lcl[3], ucl[3], sz = 0;
        CHECK(isnan(stats_pchart(NULL, NULL, 0, NULL, NULL)));
        CHECK(isnan(stats_laney(NULL, NULL, 0, NULL, NULL, &sz)) && isnan(sz));
        unsigned long x0[] = {0, 0, 0}, n0[] = {0, 0, 0};
        CHECK(isnan(stats_pchart(x0, n0, 3, lcl, ucl)) && isnan(lcl[0]) && isnan(ucl[2]));
        CHECK(isnan(stats_laney(x0, n0, 3, lcl, ucl, &sz)) && isnan(sz) && isnan(lcl[1]));
        unsigned long x1[] = {5}, n1[] = {10};
        CHECK(stats_laney(x1, n1, 1, lcl, ucl, &sz) == 0.5 && isnan(sz) && isnan(lcl[0]));
        CHECK(stats_pchart(x1, n1, 1, lcl, ucl) == 0.5 &&
              close_enough(ucl[0], 0.5 + 3 * sqrt(0.025)));
        /* Limits stay in [0, 1]. */
        unsigned long x2[] = {1, 0, 0}, n2[] = {2, 3, 1};
        double cl = stats_pchart(x2, n2, 3, lcl, ucl);
        CHECK(cl == 1.0 / 6 && lcl[0] == 0 && ucl[2] == 1);
}

static void error_handler_restored(void)
{
        /* stats switches GSL's aborting handler off only for its own calls. */
        gsl_error_handler_t *mine = gsl_set_error_handler_off();
        gsl_set_error_handler(mine);
        stats_clopper_pearson(3, 10, 0.95);
        CHECK(gsl_set_error_handler(mine) == mine);
}

static void tolerance_bites(void)
{
        /* The comparison itself must be able to fail. */
        CHECK(close_enough(1.0, 1.0 + 5e-10));
        CHECK(!close_enough(1.0, 1.0 + 2e-9));
        CHECK(!close_enough(1e-6, 1.1e-6));
        CHECK(close_enough(0, 1e-13));
        CHECK(!close_enough(NAN, 0));
        CHECK(!close_enough(0, NAN));
        CHECK(close_enough(NAN, NAN));
}

int main(int argc, char **argv)
{
        if (argc != 2) {
                fprintf(stderr, "usage: %s tests/stats/reference.txt\n", argv[0]);
                return 2;
        }
        ref_path = argv[1];
        tolerance_bites();
        run_reference(ref_path);
        proportions_edges();
        means_edges();
        tables_edges();
        adjust_edges();
        alpha_edges();
        median_edges();
        anhoej_edges();
        charts_edges();
        error_handler_restored();
        return test_done("test_stats");
}
