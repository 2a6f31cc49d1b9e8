/* The anonymity rules' thresholds (the decisions are tested through the gate's
 * integration tests and tests/attack). */
#include "suppress.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

static void test_policy(void)
{
        struct survey_def adult = {0}, young = {0}, strict = {0};
        struct suppress_policy p;
        adult.min_group = 5;
        suppress_policy_of(&adult, &p);
        CHECK(p.min_group == 5 && p.min_breakdown == 10 && p.min_free_text == 10);
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
        test_policy();
        return test_done("test_suppress");
}
