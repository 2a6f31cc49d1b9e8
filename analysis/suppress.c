#include "suppress.h"

void suppress_policy_of(const struct survey_def *def, struct suppress_policy *out)
{
        unsigned long floor = SURVEY_MIN_GROUP * (def->audience == SURVEY_AUDIENCE_YOUNG ? 2 : 1);
        unsigned long g = (unsigned long)survey_def_min_group(def);
        if (g < floor)
                g = floor; /* never looser than the product's rule */
        out->min_group = g;
        out->min_breakdown = 2 * g;
        out->min_cell = g;
        out->min_free_text = (unsigned long)survey_def_min_free_text_group(def);
        if (out->min_free_text < 2 * floor)
                out->min_free_text = 2 * floor;
}

const char *suppress_reason_key(enum suppress_reason r)
{
        static const char *const keys[] = {
            [SUPPRESS_NONE] = "",
            [SUPPRESS_TOO_FEW] = "too-few-responses",
            [SUPPRESS_PROTECTS] = "protects-another-group",
            [SUPPRESS_SMALL_CELL] = "small-count",
            [SUPPRESS_SECONDARY] = "protects-a-small-count",
            [SUPPRESS_NO_BREAKDOWN] = "totals-only",
        };
        return keys[r];
}

static void hide(struct suppress_table *t, size_t c, enum suppress_reason why)
{
        t->hidden[c] = true;
        if (t->why && t->why[c] == SUPPRESS_NONE)
                t->why[c] = why;
}

void suppress_table_apply(struct suppress_table *t, unsigned long min_cell)
{
        for (size_t c = 0; c < t->ncells; c++) {
                if (t->hidden[c])
                        hide(t, c, SUPPRESS_SECONDARY);
                else if (t->count[c] > 0 && t->count[c] < min_cell)
                        hide(t, c, SUPPRESS_SMALL_CELL);
        }
        /* Each pass fixes sums with exactly one hidden cell; hiding only grows, so
         * it ends (at worst with everything hidden). */
        bool changed = true;
        while (changed) {
                changed = false;
                for (size_t s = 0; s < t->nsums; s++) {
                        if (t->sum_hidden[s])
                                continue;
                        const size_t *m = t->members + t->sum_first[s];
                        size_t nhidden = 0, best = (size_t)-1;
                        for (size_t i = 0; i < t->sum_len[s]; i++) {
                                size_t c = m[i];
                                if (t->hidden[c])
                                        nhidden++;
                                else if (t->count[c] > 0 &&
                                         (best == (size_t)-1 || t->count[c] < t->count[best]))
                                        best = c;
                        }
                        if (nhidden != 1)
                                continue;
                        if (best != (size_t)-1)
                                hide(t, best, SUPPRESS_SECONDARY);
                        else
                                t->sum_hidden[s] = true;
                        changed = true;
                }
        }
}

size_t suppress_groups(const unsigned long *sizes, size_t n, const struct suppress_policy *pol,
                       enum suppress_reason *why)
{
        size_t hidden = 0;
        for (size_t g = 0; g < n; g++) {
                why[g] = SUPPRESS_NONE;
                if (sizes[g] > 0 && sizes[g] < pol->min_group) {
                        why[g] = SUPPRESS_TOO_FEW;
                        hidden++;
                }
        }
        if (hidden == 1) {
                size_t best = (size_t)-1;
                for (size_t g = 0; g < n; g++)
                        if (why[g] == SUPPRESS_NONE && sizes[g] > 0 &&
                            (best == (size_t)-1 || sizes[g] < sizes[best]))
                                best = g;
                if (best != (size_t)-1) {
                        why[best] = SUPPRESS_PROTECTS;
                        hidden++;
                }
        }
        for (size_t g = 0; g < n; g++)
                if (why[g] == SUPPRESS_NONE && sizes[g] > 0 && sizes[g] < pol->min_breakdown)
                        why[g] = SUPPRESS_NO_BREAKDOWN;
        return hidden;
}
