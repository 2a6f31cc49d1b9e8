/* strbuf and answer_list (src/core): the byte buffer every writer uses, and the stored
 * form of a response's answers, through their headers.
 * usage: test_strbuf QUESTIONNAIRE (one with a multiple-choice item 'services' and a
 * text item 'other': tests/survey/valid/all-types). */
#include "answer_list.h"
#include "strbuf.h"
#include "survey_def.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

static void strbuf_tests(void)
{
        struct strbuf sb = STRBUF_INIT;
        CHECK(sb.len == 0 && sb.buf[0] == '\0' && sb.alloc == 0);
        strbuf_addstr(&sb, "abc");
        strbuf_addch(&sb, '-');
        strbuf_add(&sb, "xyz", 2);
        strbuf_addf(&sb, "%d/%s", 42, "ok");
        CHECK_STR(sb.buf, "abc-xy42/ok");
        CHECK(sb.len == strlen("abc-xy42/ok") && sb.alloc > sb.len);
        /* binary data keeps its NULs; the buffer stays NUL-terminated */
        strbuf_reset(&sb);
        CHECK(sb.len == 0 && sb.buf[0] == '\0');
        strbuf_add(&sb, "a\0b", 3);
        CHECK(sb.len == 3 && memcmp(sb.buf, "a\0b", 4) == 0);
        /* growing far past the first allocation */
        strbuf_reset(&sb);
        for (int i = 0; i < 10000; i++)
                strbuf_addch(&sb, 'a' + i % 26);
        CHECK(sb.len == 10000 && sb.buf[9999] == 'a' + 9999 % 26 && sb.buf[10000] == '\0');
        size_t len = 0;
        char *s = strbuf_detach(&sb, &len);
        CHECK(len == 10000 && strlen(s) == 10000);
        CHECK(sb.len == 0 && sb.alloc == 0 && sb.buf[0] == '\0'); /* usable again */
        free(s);
        /* detach of an empty buffer is still the caller's to free */
        s = strbuf_detach(&sb, NULL);
        CHECK(s != NULL && s[0] == '\0' && s != strbuf_empty);
        free(s);
        strbuf_release(&sb);
        strbuf_release(&sb); /* twice is harmless */
        CHECK(sb.len == 0 && sb.buf == strbuf_empty);
}

static void answer_list_tests(const char *questionnaire)
{
        struct lytt_diags diags = LYTT_DIAGS_INIT;
        struct survey_def *def = NULL;
        int rc = survey_def_load(questionnaire, &def, &diags);
        CHECK(rc == 0);
        for (size_t i = 0; i < diags.n; i++)
                fprintf(stderr, "%s:%d: %s\n", diags.items[i].file, diags.items[i].line,
                        diags.items[i].msg);
        lytt_diags_release(&diags);
        if (rc != 0)
                return;
        const struct survey_item *help = survey_def_item(def, "services");
        const struct survey_item *words = survey_def_item(def, "other");
        static const char odd[] = "Quote \" back\\slash\nnew line\ttab \x01 æøå";
        struct response_answer answers[] = {
            {help, (char *)"x"}, {help, (char *)"y"}, {words, (char *)odd}};
        struct response r = {.def = def, .answers = answers, .nanswers = 3};
        struct strbuf out = STRBUF_INIT;
        answer_list_encode(&out, &r);
        CHECK(strncmp(out.buf, "[[\"services\",\"x\"],[\"services\",\"y\"],[\"other\",\"Quote \\\"",
                      46) == 0);
        CHECK(strstr(out.buf, "\\u0001") != NULL && strchr(out.buf, '\n') == NULL);

        struct answer_list_iter it;
        answer_list_iter_init(&it, out.buf, out.len);
        const char *want[][2] = {{"services", "x"}, {"services", "y"}, {"other", odd}};
        for (size_t k = 0; k < 3; k++) {
                CHECK(answer_list_next(&it) == 1);
                CHECK_STR(it.item.buf, want[k][0]);
                CHECK_STR(it.value.buf, want[k][1]);
        }
        CHECK(answer_list_next(&it) == 0);
        CHECK(answer_list_next(&it) == 0); /* stays at the end */

        /* an empty list; then text this module did not write */
        answer_list_iter_reset(&it, "[]", 2);
        CHECK(answer_list_next(&it) == 0);
        static const char *const bad[] = {"",
                                          "{}",
                                          "[[\"a\"]]",
                                          "[[\"a\",1]]",
                                          "[[\"a\",\"b\"",
                                          "[[\"a\",\"\\q\"]]",
                                          "[[\"a\",\"b\"]]x"};
        for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
                answer_list_iter_reset(&it, bad[k], strlen(bad[k]));
                int got;
                while ((got = answer_list_next(&it)) == 1)
                        ;
                if (got != -1)
                        fprintf(stderr, "not refused: %s\n", bad[k]);
                CHECK(got == -1);
        }
        answer_list_iter_release(&it);
        strbuf_release(&out);
        survey_def_free(def);
}

int main(int argc, char **argv)
{
        strbuf_tests();
        if (argc > 1)
                answer_list_tests(argv[1]);
        else
                CHECK(!"usage: test_strbuf QUESTIONNAIRE");
        return test_done("strbuf");
}
