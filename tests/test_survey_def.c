/*
 * The questionnaire parser, driven by data folders (after jansson's test suites):
 *   tests/survey/valid/<case>/<id>.yaml            must parse with no problem
 *   tests/survey/invalid/<case>/<id>.yaml          must be refused, and
 *   tests/survey/invalid/<case>/expected.txt       lists every problem expected,
 *                                                  one "<file>:<line>: <message>" a line
 *                                                  (file is the yaml's base name)
 * plus every bundled questionnaire in survey/, and a few checks of the parsed model.
 * Usage: test_survey_def TESTS_DIR SURVEY_DIR
 */
#include "survey_def.h"
#include "strbuf.h"
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *slurp(const char *path)
{
        FILE *f = fopen(path, "rb");
        struct strbuf sb = STRBUF_INIT;
        char buf[4096];
        size_t n;
        if (!f)
                return NULL;
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
                strbuf_add(&sb, buf, n);
        fclose(f);
        return strbuf_detach(&sb, NULL);
}

/* The single *.yaml in a case folder, or NULL. Caller frees. */
static char *case_yaml(const char *dir)
{
        DIR *d = opendir(dir);
        struct dirent *de;
        char *found = NULL;
        if (!d)
                return NULL;
        while ((de = readdir(d))) {
                size_t n = strlen(de->d_name);
                if (n > 5 && strcmp(de->d_name + n - 5, ".yaml") == 0) {
                        struct strbuf p = STRBUF_INIT;
                        strbuf_addf(&p, "%s/%s", dir, de->d_name);
                        free(found);
                        found = strbuf_detach(&p, NULL);
                }
        }
        closedir(d);
        return found;
}

static void run_case(const char *dir, const char *name, bool valid)
{
        struct strbuf casedir = STRBUF_INIT, got = STRBUF_INIT, exp_path = STRBUF_INIT;
        struct lytt_diags diags = LYTT_DIAGS_INIT;
        struct survey_def *def = NULL;
        strbuf_addf(&casedir, "%s/%s", dir, name);
        char *yaml = case_yaml(casedir.buf);
        if (!yaml) {
                fprintf(stderr, "%s: no .yaml file\n", casedir.buf);
                test_failed++;
                goto out;
        }
        int rc = survey_def_load(yaml, &def, &diags);
        const char *base = strrchr(yaml, '/') + 1;
        for (size_t i = 0; i < diags.n; i++)
                strbuf_addf(&got, "%s:%d: %s\n", base, diags.items[i].line, diags.items[i].msg);
        if (valid) {
                if (rc != 0 || diags.n)
                        fprintf(stderr, "valid/%s was refused:\n%s", name, got.buf);
                CHECK(rc == 0 && def != NULL && diags.n == 0);
        } else {
                strbuf_addf(&exp_path, "%s/expected.txt", casedir.buf);
                char *expected = slurp(exp_path.buf);
                if (!expected) {
                        fprintf(stderr, "invalid/%s: no expected.txt; got:\n%s", name, got.buf);
                        test_failed++;
                } else {
                        if (strcmp(expected, got.buf) != 0)
                                fprintf(stderr, "invalid/%s:\n--- expected\n%s--- got\n%s", name,
                                        expected, got.buf);
                        CHECK(rc < 0 && def == NULL && diags.n > 0);
                        CHECK(strcmp(expected, got.buf) == 0);
                }
                free(expected);
        }
out:
        survey_def_free(def);
        lytt_diags_release(&diags);
        free(yaml);
        strbuf_release(&casedir);
        strbuf_release(&got);
        strbuf_release(&exp_path);
}

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t run_folder(const char *dir, bool valid)
{
        DIR *d = opendir(dir);
        struct dirent *de;
        char *names[512];
        size_t n = 0;
        if (!d) {
                fprintf(stderr, "%s: cannot open\n", dir);
                test_failed++;
                return 0;
        }
        while ((de = readdir(d)) && n < 512)
                if (de->d_name[0] != '.')
                        names[n++] = strdup(de->d_name);
        closedir(d);
        qsort(names, n, sizeof(*names), by_name);
        for (size_t i = 0; i < n; i++) {
                run_case(dir, names[i], valid);
                free(names[i]);
        }
        return n;
}

/* The bundled questionnaires: valid, and the model holds what PRODUCT.md asks. */
static void bundled(const char *survey_dir)
{
        struct strbuf p = STRBUF_INIT;
        struct lytt_diags diags = LYTT_DIAGS_INIT;
        struct survey_def *adult = NULL, *young = NULL;
        strbuf_addf(&p, "%s/parorende.yaml", survey_dir);
        CHECK(survey_def_load(p.buf, &adult, &diags) == 0);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/unge-parorende.yaml", survey_dir);
        CHECK(survey_def_load(p.buf, &young, &diags) == 0);
        for (size_t i = 0; i < diags.n; i++)
                fprintf(stderr, "%s:%d: %s\n", diags.items[i].file, diags.items[i].line,
                        diags.items[i].msg);
        if (adult) {
                static const char *const needs[] = {
                    "information", "involvement",  "recognition", "training", "respite",
                    "emotional",   "coordination", "own_health",  "children", "overall"};
                for (size_t k = 0; k < sizeof(needs) / sizeof(needs[0]); k++) {
                        size_t items = 0;
                        for (size_t i = 0; i < adult->nitems; i++)
                                if (adult->items[i].domain &&
                                    strcmp(adult->items[i].domain->id, needs[k]) == 0)
                                        items++;
                        if (items < 2)
                                fprintf(stderr, "need '%s' has %zu items\n", needs[k], items);
                        CHECK(items >= 2);
                }
                static const char *const background[] = {"relation",       "age_band",
                                                         "service_area",   "years_as_carer",
                                                         "hours_per_week", "important_to_you"};
                for (size_t k = 0; k < sizeof(background) / sizeof(background[0]); k++)
                        CHECK(survey_def_item(adult, background[k]) != NULL);
                CHECK(survey_def_item(adult, "important_to_you")->type == SURVEY_ITEM_TEXT);
                CHECK(survey_def_lang(adult, "nb") >= 0 && survey_def_lang(adult, "nn") >= 0 &&
                      survey_def_lang(adult, "en") >= 0);
                CHECK(survey_def_min_group(adult) >= 5);
                CHECK(survey_def_min_free_text_group(adult) >= 10);
                size_t reverse = 0, conditional = 0;
                for (size_t i = 0; i < adult->nitems; i++) {
                        reverse += adult->items[i].reverse;
                        conditional += adult->items[i].show_if != NULL;
                }
                CHECK(reverse >= 1);
                CHECK(conditional >= 1);
        }
        if (young) {
                CHECK(young->audience == SURVEY_AUDIENCE_YOUNG);
                CHECK(survey_def_min_group(young) >= 10);
                CHECK(survey_def_min_free_text_group(young) >= 20);
                CHECK(young->nscales >= 1 && young->scales[0].npoints == 3);
        }
        survey_def_free(adult);
        survey_def_free(young);
        lytt_diags_release(&diags);
        strbuf_release(&p);
}

/* Things a data folder cannot say: the parsed model and in-memory parsing. */
static void model(void)
{
        static const char yaml[] =
            "lytt: 1\nid: m\nversion: 3\nlanguages: [nb, nn, en, se]\n"
            "title: {nb: a, nn: b, en: c, se: d}\nintro: {nb: a, nn: b, en: c, se: d}\n"
            "support: {nb: a, nn: b, en: c, se: d}\nperiod: month\nwave: 2026-H2\n"
            "min_group: 8\nunits:\n  - {id: u1, name: {nb: a, nn: b, en: c, se: d}}\n"
            "scales:\n  - id: s3\n    points:\n"
            "      - {value: 1, label: {nb: a, nn: b, en: c, se: d}}\n"
            "      - {value: 2, label: {nb: a, nn: b, en: c, se: d}}\n"
            "      - {value: 3, label: {nb: a, nn: b, en: c, se: d}}\n"
            "sections:\n  - id: s\n    title: {nb: a, nn: b, en: c, se: d}\n    items:\n"
            "      - {id: a, type: yesno, text: {nb: a, nn: b, en: c, se: d}}\n"
            "      - id: b\n        type: scale\n        scale: s3\n        reverse: true\n"
            "        required: true\n        text: {nb: a, nn: b, en: c, se: d}\n"
            "        show_if: {item: a, in: [\"yes\", dk]}\n";
        struct lytt_diags diags = LYTT_DIAGS_INIT;
        struct survey_def *def = NULL;
        CHECK(survey_def_parse("x/m.yaml", yaml, sizeof(yaml) - 1, &def, &diags) == 0);
        for (size_t i = 0; i < diags.n; i++)
                fprintf(stderr, "model: %d: %s\n", diags.items[i].line, diags.items[i].msg);
        if (!def)
                return;
        CHECK(def->version == 3);
        CHECK(def->nlangs == 4 && survey_def_lang(def, "se") == 3);
        CHECK(def->period == SURVEY_PERIOD_MONTH);
        CHECK_STR(def->wave, "2026-H2");
        CHECK(def->min_group == 8);
        CHECK(def->withdraw_days == 7);
        const struct survey_item *b = survey_def_item(def, "b");
        CHECK(b && b->reverse && b->required && b->scale == &def->scales[0]);
        CHECK(b && b->show_if == survey_def_item(def, "a") && b->nshow_if_values == 2);
        /* Default positive for a 3-point scale: the top point only. */
        CHECK(!def->scales[0].points[1].positive && def->scales[0].points[2].positive);
        CHECK(!def->scales[0].has_dont_know);
        CHECK_STR(survey_text_get(&def->title, 3), "d");
        CHECK_STR(def->source, yaml);
        survey_def_free(def);
        lytt_diags_release(&diags);
}

int main(int argc, char **argv)
{
        if (argc != 3) {
                fprintf(stderr, "usage: test_survey_def TESTS_DIR SURVEY_DIR\n");
                return 2;
        }
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/survey/valid", argv[1]);
        size_t nvalid = run_folder(p.buf, true);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/survey/invalid", argv[1]);
        size_t ninvalid = run_folder(p.buf, false);
        CHECK(nvalid >= 3);
        CHECK(ninvalid >= 20);
        bundled(argv[2]);
        model();
        strbuf_release(&p);
        printf("%zu valid and %zu invalid cases\n", nvalid, ninvalid);
        return test_done("test_survey_def");
}
