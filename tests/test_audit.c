/* The disclosure audit on the attacks it exists to catch: subtraction across
 * breakdowns, a hidden row of a table whose margins are published, banded shares,
 * and facts that only whole numbers can satisfy. */
#include "audit.h"
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

static int ones_n(struct audit *a, int n, const int *v, double lo, double hi)
{
        double c[64];
        for (int i = 0; i < n; i++)
                c[i] = 1;
        audit_add_fact(a, (size_t)n, v, c, lo, hi);
        return 0;
}

static void range_of(struct audit *a, int var, double *lo, double *hi)
{
        double one = 1;
        struct lytt_error err;
        if (audit_range(a, 1, &var, &one, lo, hi, &err) < 0) {
                fprintf(stderr, "audit_range: %s\n", err.msg);
                *lo = *hi = NAN;
        }
}

int main(void)
{
        double lo, hi;
        struct lytt_error err;

        /* Subtraction: "all" is 20, units B and C are shown (9 and 8), unit A is hidden
         * by a rule: 20 - 9 - 8 gives A away exactly. */
        struct audit *a = audit_new(1000);
        int A = audit_add_count(a), B = audit_add_count(a), C = audit_add_count(a);
        ones_n(a, 3, (int[]){A, B, C}, 20, 20);
        ones_n(a, 1, &B, 9, 9);
        ones_n(a, 1, &C, 8, 8);
        range_of(a, A, &lo, &hi);
        CHECK(lo == 3 && hi == 3);
        audit_free(a);

        /* Hide C as well (a partner group): A is left anywhere from 1 to 10. */
        a = audit_new(1000);
        A = audit_add_count(a), B = audit_add_count(a), C = audit_add_count(a);
        ones_n(a, 3, (int[]){A, B, C}, 20, 20);
        ones_n(a, 1, &B, 9, 9);
        ones_n(a, 1, &A, 1, INFINITY); /* hidden groups are known to exist */
        ones_n(a, 1, &C, 1, INFINITY);
        range_of(a, A, &lo, &hi);
        CHECK(lo == 1 && hi == 10);
        CHECK(audit_counts(a) == 3 && audit_facts(a) == 4 && audit_queries(a) == 1);
        audit_free(a);

        /* A table of units x (agree, disagree): the municipality's column totals and
         * every other unit's cells are published, unit 0's row is hidden. Its cells
         * come back by subtraction, column by column. */
        a = audit_new(1000);
        int x[4][2];
        for (int u = 0; u < 4; u++)
                for (int k = 0; k < 2; k++)
                        x[u][k] = audit_add_count(a);
        int cells[4][2] = {{2, 1}, {7, 5}, {12, 3}, {6, 9}};
        for (int k = 0; k < 2; k++) {
                int col[4] = {x[0][k], x[1][k], x[2][k], x[3][k]};
                double total = 0;
                for (int u = 0; u < 4; u++)
                        total += cells[u][k];
                ones_n(a, 4, col, total, total);
        }
        for (int u = 1; u < 4; u++)
                for (int k = 0; k < 2; k++)
                        ones_n(a, 1, &x[u][k], cells[u][k], cells[u][k]);
        range_of(a, x[0][0], &lo, &hi);
        CHECK(lo == 2 && hi == 2);
        /* Published as row totals and column totals only: a hidden cell keeps a range. */
        audit_free(a);
        a = audit_new(1000);
        for (int u = 0; u < 4; u++)
                for (int k = 0; k < 2; k++)
                        x[u][k] = audit_add_count(a);
        for (int u = 0; u < 4; u++)
                ones_n(a, 2, x[u], cells[u][0] + cells[u][1], cells[u][0] + cells[u][1]);
        for (int k = 0; k < 2; k++) {
                int col[4] = {x[0][k], x[1][k], x[2][k], x[3][k]};
                ones_n(a, 4, col, 27 - (k == 1) * 9, 27 - (k == 1) * 9);
        }
        range_of(a, x[1][0], &lo, &hi);
        CHECK(lo == 0 && hi == 12);
        audit_free(a);

        /* A banded share: a group of 12 of whom "90 % or more" agree: 10 * agree >= 9 * 12,
         * so agree is 11 or 12, never pinned. For a group of 10 it is 9 or 10. */
        for (int n = 10; n <= 19; n++) {
                a = audit_new(1000);
                int agree = audit_add_count(a), rest = audit_add_count(a);
                ones_n(a, 2, (int[]){agree, rest}, n, n);
                audit_add_fact(a, 1, &agree, (double[]){10}, 9.0 * n, INFINITY);
                range_of(a, agree, &lo, &hi);
                CHECK(lo == ceil(0.9 * n) && hi == n);
                CHECK(hi > lo);
                audit_free(a);
        }

        /* Nothing but the database's size bounds a count: the whole range. */
        a = audit_new(1000);
        int free_count = audit_add_count(a);
        range_of(a, free_count, &lo, &hi);
        CHECK(lo == 0 && hi == 1000);
        audit_free(a);

        /* Contradictions are reported, also the ones only whole numbers can see:
         * 2a - 2b = 1 has real solutions but no whole-number one. */
        a = audit_new(1000);
        A = audit_add_count(a);
        B = audit_add_count(a);
        audit_add_fact(a, 2, (int[]){A, B}, (double[]){2, -2}, 1, 1);
        CHECK(audit_range(a, 1, &A, (double[]){1}, &lo, &hi, &err) == AUDIT_INFEASIBLE);
        CHECK(strstr(err.msg, "contradict") != NULL);
        audit_free(a);

        /* Where whole numbers narrow what real numbers would allow: a + b = 5 and
         * a - b between 0.5 and 1.5 pin a to 3 (real numbers: 2.75 to 3.25). */
        a = audit_new(1000);
        A = audit_add_count(a);
        B = audit_add_count(a);
        ones_n(a, 2, (int[]){A, B}, 5, 5);
        audit_add_fact(a, 2, (int[]){A, B}, (double[]){1, -1}, 0.5, 1.5);
        range_of(a, A, &lo, &hi);
        CHECK(lo == 3 && hi == 3);
        audit_free(a);

        /* A size like a municipality's summary: 40 units x 5 answer points, row and column
         * totals published, every cell queried (a figure, not a timed check). */
        a = audit_new(1000);
        int t[40][5];
        double colsum[5] = {0};
        for (int u = 0; u < 40; u++) {
                double row = 0;
                for (int k = 0; k < 5; k++) {
                        t[u][k] = audit_add_count(a);
                        double v = (u * 7 + k * 3) % 11;
                        row += v;
                        colsum[k] += v;
                }
                ones_n(a, 5, t[u], row, row);
        }
        for (int k = 0; k < 5; k++) {
                int col[40];
                for (int u = 0; u < 40; u++)
                        col[u] = t[u][k];
                ones_n(a, 40, col, colsum[k], colsum[k]);
        }
        clock_t c0 = clock();
        int ok = 1;
        for (int u = 0; u < 40; u++)
                for (int k = 0; k < 5; k++) {
                        range_of(a, t[u][k], &lo, &hi);
                        ok = ok && lo == 0 && hi >= 1;
                }
        CHECK(ok);
        printf("audit: 200 ranges over a 40 x 5 table in %.3f s of CPU\n",
               (double)(clock() - c0) / CLOCKS_PER_SEC);
        audit_free(a);
        return test_done("test_audit");
}
