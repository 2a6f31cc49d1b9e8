/* Validation of a form against a questionnaire: every rule, and conditions. */
#include "response.h"
#include "test.h"

static const char YAML[] =
    "lytt: 1\nid: v\nversion: 1\nlanguages: [nb, nn, en]\n"
    "title: {nb: t, nn: t, en: t}\nintro: {nb: i, nn: i, en: i}\n"
    "support: {nb: s, nn: s, en: s}\n"
    "units:\n  - {id: u1, name: {nb: a, nn: a, en: a}}\n"
    "  - {id: u2, name: {nb: b, nn: b, en: b}}\n"
    "scales:\n  - id: s5\n    dont_know: {nb: vet ikke, nn: veit ikkje, en: dk}\n"
    "    points:\n"
    "      - {value: 1, label: {nb: a, nn: a, en: a}}\n"
    "      - {value: 2, label: {nb: a, nn: a, en: a}}\n"
    "      - {value: 3, label: {nb: a, nn: a, en: a}}\n"
    "      - {value: 4, label: {nb: a, nn: a, en: a}}\n"
    "      - {value: 5, label: {nb: a, nn: a, en: a}}\n"
    "sections:\n  - id: s\n    title: {nb: a, nn: a, en: a}\n    items:\n"
    "      - {id: kids, type: yesno, text: {nb: a, nn: a, en: a}}\n"
    "      - {id: kq, type: scale, scale: s5, required: true, text: {nb: a, nn: a, en: a},"
    " show_if: {item: kids, in: [\"yes\"]}}\n"
    "      - {id: sat, type: scale, scale: s5, required: true, text: {nb: a, nn: a, en: a}}\n"
    "      - id: rel\n        type: single\n        text: {nb: a, nn: a, en: a}\n"
    "        options:\n          - {id: p, label: {nb: a, nn: a, en: a}}\n"
    "          - {id: c, label: {nb: a, nn: a, en: a}}\n"
    "      - id: help\n        type: multi\n        text: {nb: a, nn: a, en: a}\n"
    "        options:\n          - {id: x, label: {nb: a, nn: a, en: a}}\n"
    "          - {id: y, label: {nb: a, nn: a, en: a}}\n"
    "      - {id: hours, type: number, min: 0, max: 168, text: {nb: a, nn: a, en: a}}\n"
    "      - {id: txt, type: text, max_length: 5, text: {nb: a, nn: a, en: a}}\n";

static struct survey_def *def;

/* Validates body for unit u1 (or the _unit field when unit is NULL). */
static size_t check(const char *body, struct response *r, bool with_unit)
{
        struct form_body b = FORM_BODY_INIT;
        if (form_body_parse(&b, body, strlen(body), NULL) < 0)
                return (size_t)-1;
        response_release(r);
        size_t n = response_from_form(r, def, with_unit ? &def->units[0] : NULL, 1, &b);
        form_body_release(&b);
        return n;
}

static enum response_problem problem(const struct response *r, const char *id)
{
        return r->problems[survey_def_item(def, id) - def->items];
}

static const char *answer(const struct response *r, const char *id, int nth)
{
        for (size_t i = 0; i < r->nanswers; i++)
                if (strcmp(r->answers[i].item->id, id) == 0 && nth-- == 0)
                        return r->answers[i].value;
        return NULL;
}

int main(void)
{
        struct lytt_diags d = LYTT_DIAGS_INIT;
        CHECK(survey_def_parse("v.yaml", YAML, sizeof(YAML) - 1, &def, &d) == 0);
        for (size_t i = 0; i < d.n; i++)
                fprintf(stderr, "%d: %s\n", d.items[i].line, d.items[i].msg);
        if (!def)
                return test_done("test_response");
        struct response r = RESPONSE_INIT;

        /* Valid, minimal: only the required item. */
        CHECK(check("sat=4", &r, true) == 0);
        CHECK(r.nanswers == 1 && r.unit == &def->units[0] && r.lang == 1);
        CHECK_STR(answer(&r, "sat", 0), "4");

        /* Required item missing, and an empty value is no answer. */
        CHECK(check("rel=p", &r, true) == 1);
        CHECK(problem(&r, "sat") == RESPONSE_MISSING);
        CHECK(check("sat=", &r, true) == 1);
        CHECK(problem(&r, "sat") == RESPONSE_MISSING);
        /* Don't know counts as an answer. */
        CHECK(check("sat=dk", &r, true) == 0);
        CHECK_STR(answer(&r, "sat", 0), "dk");

        /* Values outside the scale or options. */
        CHECK(check("sat=6", &r, true) == 1 && problem(&r, "sat") == RESPONSE_BAD_CHOICE);
        CHECK(check("sat=0", &r, true) == 1 && problem(&r, "sat") == RESPONSE_BAD_CHOICE);
        CHECK(check("sat=4&rel=zz", &r, true) == 1 && problem(&r, "rel") == RESPONSE_BAD_CHOICE);
        CHECK(check("sat=4&kids=maybe", &r, true) == 1 &&
              problem(&r, "kids") == RESPONSE_BAD_CHOICE);
        CHECK(check("sat=4&help=x&help=q", &r, true) == 1 &&
              problem(&r, "help") == RESPONSE_BAD_CHOICE);
        CHECK(answer(&r, "help", 0) == NULL); /* nothing half-kept */

        /* Several values for a one-value item. */
        CHECK(check("sat=4&sat=5", &r, true) == 1 && problem(&r, "sat") == RESPONSE_MULTIPLE);
        CHECK(check("sat=4&rel=p&rel=c", &r, true) == 1 && problem(&r, "rel") == RESPONSE_MULTIPLE);

        /* Multiple choice: several kept, duplicates once. */
        CHECK(check("sat=4&help=x&help=y&help=x", &r, true) == 0);
        CHECK_STR(answer(&r, "help", 0), "x");
        CHECK_STR(answer(&r, "help", 1), "y");
        CHECK(answer(&r, "help", 2) == NULL);

        /* Numbers. */
        CHECK(check("sat=4&hours=+12", &r, true) == 0);
        CHECK_STR(answer(&r, "hours", 0), "12");
        CHECK(check("sat=4&hours=%2012%20", &r, true) == 0);
        CHECK_STR(answer(&r, "hours", 0), "12");
        CHECK(check("sat=4&hours=169", &r, true) == 1 &&
              problem(&r, "hours") == RESPONSE_OUT_OF_RANGE);
        CHECK(check("sat=4&hours=-1", &r, true) == 1 &&
              problem(&r, "hours") == RESPONSE_OUT_OF_RANGE);
        CHECK(check("sat=4&hours=1.5", &r, true) == 1 &&
              problem(&r, "hours") == RESPONSE_NOT_A_NUMBER);
        CHECK(check("sat=4&hours=ten", &r, true) == 1 &&
              problem(&r, "hours") == RESPONSE_NOT_A_NUMBER);
        CHECK(check("sat=4&hours=99999999999999999999", &r, true) == 1 &&
              problem(&r, "hours") == RESPONSE_NOT_A_NUMBER);

        /* Free text: trimmed, CRLF to LF, length in characters not bytes. */
        CHECK(check("sat=4&txt=%20%C3%A6%C3%B8%C3%A5ab%20", &r, true) == 0);
        CHECK_STR(answer(&r, "txt", 0), "\xc3\xa6\xc3\xb8\xc3\xa5"
                                        "ab");
        CHECK(check("sat=4&txt=a%0D%0Ab", &r, true) == 0);
        CHECK_STR(answer(&r, "txt", 0), "a\nb");
        CHECK(check("sat=4&txt=abcdef", &r, true) == 1 && problem(&r, "txt") == RESPONSE_TOO_LONG);
        CHECK(check("sat=4&txt=%20%20", &r, true) == 0 && answer(&r, "txt", 0) == NULL);

        /* Conditions: kq applies only when kids=yes; otherwise its answer is dropped
         * and it is not required. */
        CHECK(check("sat=4&kids=no&kq=5", &r, true) == 0);
        CHECK(answer(&r, "kq", 0) == NULL);
        CHECK(!response_item_active(&r, survey_def_item(def, "kq")));
        CHECK(check("sat=4&kq=5", &r, true) == 0 && answer(&r, "kq", 0) == NULL);
        CHECK(check("sat=4&kids=yes", &r, true) == 1 && problem(&r, "kq") == RESPONSE_MISSING);
        CHECK(check("sat=4&kids=yes&kq=2", &r, true) == 0);
        CHECK_STR(answer(&r, "kq", 0), "2");
        /* A bad value in a hidden item is ignored, not an error. */
        CHECK(check("sat=4&kids=no&kq=99", &r, true) == 0);

        /* Unknown fields and the form's own controls are ignored. */
        CHECK(check("sat=4&bogus=1&_action=send&_lang=nb", &r, true) == 0);
        CHECK(r.nanswers == 1);

        /* The unit from the form. */
        CHECK(check("sat=4", &r, false) == 1 && r.unit_problem == RESPONSE_MISSING);
        CHECK(check("sat=4&_unit=u2", &r, false) == 0 && r.unit == &def->units[1]);
        CHECK(check("sat=4&_unit=zz", &r, false) == 1 && r.unit_problem == RESPONSE_BAD_CHOICE);
        CHECK(check("sat=4&_unit=u1&_unit=u2", &r, false) == 1 &&
              r.unit_problem == RESPONSE_MULTIPLE);

        /* Several problems at once are all found. */
        CHECK(check("hours=x&txt=toolongtext&rel=q", &r, true) == 4);

        CHECK_STR(response_problem_name(RESPONSE_TOO_LONG), "too-long");
        response_release(&r);
        survey_def_free(def);
        lytt_diags_release(&d);
        return test_done("test_response");
}
