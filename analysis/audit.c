#include "audit.h"
#include "xmalloc.h"

#include <glpk.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_TIME_LIMIT_MS 20000 /* per solve: a solver that takes longer has failed */

struct audit {
        glp_prob *lp;
        double max_count;
        size_t ncounts, nfacts, nqueries;
};

struct audit *audit_new(double max_count)
{
        struct audit *a = xcalloc(1, sizeof(*a));
        a->max_count = max_count;
        glp_term_out(GLP_OFF); /* a library never prints */
        a->lp = glp_create_prob();
        glp_set_obj_dir(a->lp, GLP_MIN);
        return a;
}

void audit_free(struct audit *a)
{
        if (!a)
                return;
        glp_delete_prob(a->lp);
        free(a);
}

int audit_add_count(struct audit *a)
{
        int j = glp_add_cols(a->lp, 1);
        /* Bounded above, so that branch and bound always ends (a system with no
         * whole-number solution and unbounded counts could branch for ever). */
        glp_set_col_bnds(a->lp, j, GLP_DB, 0.0, a->max_count);
        glp_set_col_kind(a->lp, j, GLP_IV);
        a->ncounts++;
        return j - 1;
}

void audit_add_fact(struct audit *a, size_t n, const int *var, const double *coef, double lo,
                    double hi)
{
        int i = glp_add_rows(a->lp, 1);
        /* GLPK's arrays start at index 1. */
        int *ind = xcalloc(n + 1, sizeof(*ind));
        double *val = xcalloc(n + 1, sizeof(*val));
        for (size_t k = 0; k < n; k++) {
                ind[k + 1] = var[k] + 1;
                val[k + 1] = coef[k];
        }
        glp_set_mat_row(a->lp, i, (int)n, ind, val);
        int type = isinf(lo) && isinf(hi) ? GLP_FR
                   : isinf(hi)            ? GLP_LO
                   : isinf(lo)            ? GLP_UP
                   : lo == hi             ? GLP_FX
                                          : GLP_DB;
        glp_set_row_bnds(a->lp, i, type, isinf(lo) ? 0.0 : lo, isinf(hi) ? 0.0 : hi);
        free(ind);
        free(val);
        a->nfacts++;
}

/* Optimises the objective in direction dir: 0 and *out, *unbounded set when nothing
 * bounds it, or an audit_status. The LP relaxation first (it also tells infeasible
 * and unbounded apart), then branch and bound from its basis for whole numbers. */
static int solve(struct audit *a, int dir, double *out, int *unbounded, struct lytt_error *err)
{
        glp_smcp sm;
        glp_init_smcp(&sm);
        sm.msg_lev = GLP_MSG_OFF;
        sm.tm_lim = AUDIT_TIME_LIMIT_MS;
        glp_set_obj_dir(a->lp, dir);
        *unbounded = 0;
        int rc = glp_simplex(a->lp, &sm);
        int st = rc == 0 ? glp_get_status(a->lp) : GLP_UNDEF;
        if (rc == 0 && (st == GLP_NOFEAS || st == GLP_INFEAS)) {
                lytt_error_set(err, NULL, 0, "the published figures contradict each other");
                return AUDIT_INFEASIBLE;
        }
        if (rc == 0 && st == GLP_UNBND) {
                *unbounded = 1;
                return 0;
        }
        if (rc != 0 || st != GLP_OPT) {
                lytt_error_set(err, NULL, 0, "the audit's solver failed (GLPK %d, status %d)", rc,
                               st);
                return AUDIT_FAILED;
        }
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        parm.tm_lim = AUDIT_TIME_LIMIT_MS;
        rc = glp_intopt(a->lp, &parm);
        st = rc == 0 ? glp_mip_status(a->lp) : GLP_UNDEF;
        if (rc == GLP_ENOPFS || (rc == 0 && st == GLP_NOFEAS)) {
                lytt_error_set(err, NULL, 0, "the published figures contradict each other");
                return AUDIT_INFEASIBLE;
        }
        if (rc != 0 || st != GLP_OPT) {
                lytt_error_set(err, NULL, 0,
                               "the audit's solver found no optimum (GLPK %d, "
                               "status %d)",
                               rc, st);
                return AUDIT_FAILED;
        }
        *out = glp_mip_obj_val(a->lp);
        return 0;
}

int audit_range(struct audit *a, size_t n, const int *var, const double *coef, double *lo,
                double *hi, struct lytt_error *err)
{
        int rc, unb;
        a->nqueries++;
        if (a->ncounts == 0) {
                *lo = *hi = 0;
                return 0;
        }
        for (size_t k = 0; k < n; k++)
                glp_set_obj_coef(a->lp, var[k] + 1, glp_get_obj_coef(a->lp, var[k] + 1) + coef[k]);
        if ((rc = solve(a, GLP_MIN, lo, &unb, err)) < 0)
                goto out;
        if (unb)
                *lo = -INFINITY;
        if ((rc = solve(a, GLP_MAX, hi, &unb, err)) < 0)
                goto out;
        if (unb)
                *hi = INFINITY;
        /* With whole-number coefficients the ends are whole numbers, computed in
         * floating point: round off the solver's last bits. */
        bool whole = true;
        for (size_t k = 0; k < n; k++)
                whole = whole && coef[k] == round(coef[k]);
        if (whole && isfinite(*lo))
                *lo = round(*lo);
        if (whole && isfinite(*hi))
                *hi = round(*hi);
out:
        for (size_t k = 0; k < n; k++)
                glp_set_obj_coef(a->lp, var[k] + 1, 0.0);
        return rc;
}

size_t audit_counts(const struct audit *a)
{
        return a->ncounts;
}

size_t audit_facts(const struct audit *a)
{
        return a->nfacts;
}

size_t audit_queries(const struct audit *a)
{
        return a->nqueries;
}
