/* The anonymity rules: the cell engine, the group rule, the policy. */
#include "suppress.h"
#include "test.h"

#include <stdlib.h>

/* Can any hidden cell be recovered? Brute force over the published sums: a sum with
 * exactly one hidden cell gives it away. */
static bool recoverable(const struct suppress_table *t)
{
        for (size_t s = 0; s < t->nsums; s++) {
                if (t->sum_hidden[s])
                        continue;
                size_t hidden = 0;
                for (size_t i = 0; i < t->sum_len[s]; i++)
                        hidden += t->hidden[t->members[t->sum_first[s] + i]];
                if (hidden == 1)
                        return true;
        }
        return false;
}

static void test_cells_one_row(void)
{
        /* A 5-point distribution of 40 answers with a 2 in it, total published. */
        unsigned long count[] = {2, 8, 10, 12, 8};
        bool hidden[5] = {0};
        enum suppress_reason why[5] = {0};
        size_t first[] = {0}, len[] = {5}, members[] = {0, 1, 2, 3, 4};
        bool sum_hidden[1] = {0};
        struct suppress_table t = {5, count, hidden, why, 1, first, len, members, sum_hidden};
        suppress_table_apply(&t, 5);
        CHECK(hidden[0] && why[0] == SUPPRESS_SMALL_CELL);
        /* The smallest other non-zero cell goes with it (8, the first of the two 8s). */
        CHECK(hidden[1] && why[1] == SUPPRESS_SECONDARY);
        CHECK(!hidden[2] && !hidden[3] && !hidden[4]);
        CHECK(!sum_hidden[0]);
        CHECK(!recoverable(&t));
}

static void test_cells_zero_not_small(void)
{
        unsigned long count[] = {0, 0, 10, 12, 8};
        bool hidden[5] = {0};
        size_t first[] = {0}, len[] = {5}, members[] = {0, 1, 2, 3, 4};
        bool sum_hidden[1] = {0};
        struct suppress_table t = {5, count, hidden, NULL, 1, first, len, members, sum_hidden};
        suppress_table_apply(&t, 5);
        for (int i = 0; i < 5; i++)
                CHECK(!hidden[i]); /* 0 is not a small count */
}

static void test_cells_sum_hidden_when_no_partner(void)
{
        /* Only one non-zero cell besides the small one would do; none here: hide the sum. */
        unsigned long count[] = {3, 0};
        bool hidden[2] = {0};
        size_t first[] = {0}, len[] = {2}, members[] = {0, 1};
        bool sum_hidden[1] = {0};
        struct suppress_table t = {2, count, hidden, NULL, 1, first, len, members, sum_hidden};
        suppress_table_apply(&t, 5);
        CHECK(hidden[0] && !hidden[1] && sum_hidden[0]);
        CHECK(!recoverable(&t));
}

static void test_cells_two_dimensions(void)
{
        /* 3 groups x 2 cells (positive, other) with row sums and column sums:
         *   g0: 3 27   g1: 20 20   g2: 15 25  -> the 3 must not be recoverable from either. */
        unsigned long count[] = {3, 27, 20, 20, 15, 25};
        bool hidden[6] = {0};
        size_t members[] = {0, 1, 2, 3, 4, 5, /* rows */ 0, 2, 4, 1, 3, 5 /* columns */};
        size_t first[] = {0, 2, 4, 6, 9}, len[] = {2, 2, 2, 3, 3};
        bool sum_hidden[5] = {0};
        struct suppress_table t = {6, count, hidden, NULL, 5, first, len, members, sum_hidden};
        suppress_table_apply(&t, 5);
        CHECK(hidden[0]);
        CHECK(!recoverable(&t));
        size_t n = 0;
        for (int i = 0; i < 6; i++)
                n += hidden[i];
        CHECK(n >= 4); /* a rectangle of four cells is the least that protects one */
}

static void test_groups(void)
{
        struct suppress_policy pol = {5, 10, 5, 10};
        enum suppress_reason why[5];
        /* Sizes 3 and 7 (the test units), and three large ones. */
        unsigned long sizes[] = {3, 7, 40, 55, 120};
        CHECK(suppress_groups(sizes, 5, &pol, why) == 2);
        CHECK(why[0] == SUPPRESS_TOO_FEW);
        CHECK(why[1] == SUPPRESS_PROTECTS); /* the only small one needs a partner */
        CHECK(why[2] == SUPPRESS_NONE && why[3] == SUPPRESS_NONE && why[4] == SUPPRESS_NONE);
        /* Two too-small groups protect each other; a 7 shows totals only. */
        unsigned long sizes2[] = {3, 4, 7, 40};
        CHECK(suppress_groups(sizes2, 4, &pol, why) == 2);
        CHECK(why[0] == SUPPRESS_TOO_FEW && why[1] == SUPPRESS_TOO_FEW);
        CHECK(why[2] == SUPPRESS_NO_BREAKDOWN && why[3] == SUPPRESS_NONE);
        /* Empty groups are absent, not "too few". */
        unsigned long sizes3[] = {0, 12, 40};
        CHECK(suppress_groups(sizes3, 3, &pol, why) == 0);
        CHECK(why[0] == SUPPRESS_NONE);
        /* Exactly 5 is shown (totals only); exactly 10 in full. */
        unsigned long sizes4[] = {5, 10};
        CHECK(suppress_groups(sizes4, 2, &pol, why) == 0);
        CHECK(why[0] == SUPPRESS_NO_BREAKDOWN && why[1] == SUPPRESS_NONE);
}

static void test_policy(void)
{
        struct survey_def adult = {0}, young = {0}, strict = {0};
        struct suppress_policy p;
        adult.min_group = 5;
        suppress_policy_of(&adult, &p);
        CHECK(p.min_group == 5 && p.min_breakdown == 10 && p.min_cell == 5 &&
              p.min_free_text == 10);
        young.audience = SURVEY_AUDIENCE_YOUNG;
        young.min_group = 10;
        suppress_policy_of(&young, &p);
        CHECK(p.min_group == 10 && p.min_breakdown == 20 && p.min_free_text == 20);
        /* A lower value than the product allows is raised, never used. */
        young.min_group = 3;
        suppress_policy_of(&young, &p);
        CHECK(p.min_group == 10);
        strict.min_group = 8;
        suppress_policy_of(&strict, &p);
        CHECK(p.min_group == 8 && p.min_breakdown == 16 && p.min_free_text >= 10);
        CHECK(strcmp(suppress_reason_key(SUPPRESS_TOO_FEW), "too-few-responses") == 0);
}

int main(void)
{
        test_cells_one_row();
        test_cells_zero_not_small();
        test_cells_sum_hidden_when_no_partner();
        test_cells_two_dimensions();
        test_groups();
        test_policy();
        return test_done("test_suppress");
}
