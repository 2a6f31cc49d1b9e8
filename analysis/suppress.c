#include "suppress.h"

void suppress_policy_of(const struct survey_def *def, struct suppress_policy *out)
{
        unsigned long floor = SURVEY_MIN_GROUP * (def->audience == SURVEY_AUDIENCE_YOUNG ? 2 : 1);
        unsigned long g = (unsigned long)survey_def_min_group(def);
        if (g < floor)
                g = floor; /* never looser than the product's rule */
        out->min_group = g;
        out->min_breakdown = 2 * g;
        out->min_free_text = (unsigned long)survey_def_min_free_text_group(def);
        if (out->min_free_text < 2 * floor)
                out->min_free_text = 2 * floor;
}

const char *suppress_reason_key(enum suppress_reason r)
{
        static const char *const keys[] = {
            [SUPPRESS_NONE] = "",
            [SUPPRESS_TOO_FEW] = "too-few-responses",
            [SUPPRESS_BANDED] = "banded",
            [SUPPRESS_NO_BREAKDOWN] = "totals-only",
        };
        return keys[r];
}
