/* libFuzzer target: the urlencoded decoder, and validation against the bundled
 * questionnaire of whatever it decodes. Decoded fields are always valid UTF-8. */
#include "form_body.h"
#include "response.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct survey_def *def;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        struct lytt_diags d = LYTT_DIAGS_INIT;
        const char *path = getenv("LYTT_FUZZ_SURVEY");
        if (survey_def_load(path ? path : "survey/parorende.yaml", &def, &d) < 0)
                def = NULL; /* the decoder is still fuzzed */
        lytt_diags_release(&d);
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct form_body b = FORM_BODY_INIT;
        struct lytt_error err;
        if (form_body_parse(&b, (const char *)data, size, &err) == 0) {
                for (size_t i = 0; i < b.n; i++) {
                        assert(utf8_valid(b.fields[i].name, strlen(b.fields[i].name)));
                        assert(utf8_valid(b.fields[i].value, strlen(b.fields[i].value)));
                }
                if (def) {
                        struct response r = RESPONSE_INIT;
                        size_t problems = response_from_form(&r, def, &def->units[0], 0, &b);
                        assert(problems == r.nproblems);
                        for (size_t i = 0; i < r.nanswers; i++)
                                assert(response_item_active(&r, r.answers[i].item));
                        response_release(&r);
                }
        } else {
                assert(b.n == 0 && err.msg[0]);
        }
        form_body_release(&b);
        return 0;
}
