/* libFuzzer target: the questionnaire parser must never crash, leak or read out of
 * bounds, whatever the bytes; and a file it accepts must have a consistent model. */
#include "survey_def.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct lytt_diags diags = LYTT_DIAGS_INIT;
        struct survey_def *def = NULL;
        int rc = survey_def_parse("fuzz.yaml", (const char *)data, size, &def, &diags);
        if (rc == 0) {
                assert(def && diags.n == 0);
                for (size_t i = 0; i < def->nitems; i++) {
                        const struct survey_item *it = &def->items[i];
                        assert(survey_def_item(def, it->id) == it);
                        assert(!it->show_if || it->show_if < it);
                        assert(it->type != SURVEY_ITEM_SCALE || it->scale);
                }
                assert(def->min_group >= SURVEY_MIN_GROUP);
        } else {
                assert(!def && diags.n > 0);
        }
        survey_def_free(def);
        lytt_diags_release(&diags);
        return 0;
}
