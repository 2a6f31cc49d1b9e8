/*
 * survey_def.c: a questionnaire read and checked (survey_yaml.c reads the YAML,
 * survey_schema.c checks it against the format), its lifetime and lookups.
 */
#include "survey_def.h"
#include "survey_yaml.h"

#include "strbuf.h"
#include "xmalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static void text_free(struct survey_text *t)
{
        for (size_t i = 0; i < SURVEY_MAX_LANGS; i++)
                free(t->s[i]);
}

int survey_def_parse(const char *path, const char *text, size_t len, struct survey_def **out,
                     struct lytt_diags *diags)
{
        struct survey_def *def = xcalloc(1, sizeof(*def));
        struct yp p = {.path = path, .diags = diags, .def = def};
        size_t first_diag = diags->n;
        yaml_parser_t parser;
        yaml_document_t doc;
        bool have_doc = false;

        *out = NULL;
        def->path = xstrdup(path);
        def->source = xstrndup(text, len);
        def->source_len = len;
        if (memchr(text, '\0', len)) {
                lytt_diags_add(diags, path, 0, "the file contains a NUL byte; is it text?");
                p.nerrors++;
                goto out;
        }
        yp_check_events(&p, text, len);
        if (p.nerrors)
                goto out;

        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        if (!yaml_parser_load(&parser, &doc)) {
                yp_syntax_error(&p, &parser, text, len);
                yaml_parser_delete(&parser);
                goto out;
        }
        have_doc = true;
        yaml_parser_delete(&parser);
        p.doc = &doc;
        p.key_line = xcalloc((size_t)(doc.nodes.top - doc.nodes.start) + 1, sizeof(int));
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root) {
                lytt_diags_add(diags, path, 0, "the file is empty");
                p.nerrors++;
                goto out;
        }
        survey_schema_check(&p, root);
out:
        if (have_doc)
                yaml_document_delete(&doc);
        free(p.key_line);
        yp_sort_by_line(diags, first_diag);
        if (p.nerrors) {
                survey_def_free(def);
                return -1;
        }
        *out = def;
        return 0;
}

int survey_def_load(const char *path, struct survey_def **out, struct lytt_diags *diags)
{
        struct strbuf sb = STRBUF_INIT;
        char buf[8192];
        size_t n;
        *out = NULL;
        FILE *f = fopen(path, "rb");
        if (!f) {
                lytt_diags_add(diags, path, 0, "cannot open: %s", strerror(errno));
                return -1;
        }
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
                strbuf_add(&sb, buf, n);
                if (sb.len > 4u << 20) {
                        lytt_diags_add(diags, path, 0, "file is larger than 4 MiB");
                        fclose(f);
                        strbuf_release(&sb);
                        return -1;
                }
        }
        int bad = ferror(f);
        fclose(f);
        if (bad) {
                lytt_diags_add(diags, path, 0, "read error");
                strbuf_release(&sb);
                return -1;
        }
        int rc = survey_def_parse(path, sb.buf, sb.len, out, diags);
        strbuf_release(&sb);
        return rc;
}

void survey_def_free(struct survey_def *def)
{
        if (!def)
                return;
        free(def->path);
        free(def->source);
        free(def->id);
        for (size_t i = 0; i < def->nlangs; i++)
                free(def->langs[i]);
        text_free(&def->title);
        text_free(&def->intro);
        text_free(&def->support);
        free(def->wave);
        for (size_t i = 0; i < def->nunits; i++) {
                free(def->units[i].id);
                text_free(&def->units[i].name);
        }
        free(def->units);
        for (size_t i = 0; i < def->nscales; i++) {
                struct survey_scale *sc = &def->scales[i];
                free(sc->id);
                for (size_t j = 0; j < sc->npoints; j++)
                        text_free(&sc->points[j].label);
                free(sc->points);
                text_free(&sc->dont_know);
        }
        free(def->scales);
        for (size_t i = 0; i < def->ndomains; i++) {
                free(def->domains[i].id);
                text_free(&def->domains[i].title);
        }
        free(def->domains);
        for (size_t i = 0; i < def->nsections; i++) {
                free(def->sections[i].id);
                text_free(&def->sections[i].title);
        }
        free(def->sections);
        for (size_t i = 0; i < def->nitems; i++) {
                struct survey_item *it = &def->items[i];
                free(it->id);
                text_free(&it->text);
                text_free(&it->help);
                text_free(&it->suffix);
                for (size_t j = 0; j < it->noptions; j++) {
                        free(it->options[j].id);
                        text_free(&it->options[j].label);
                }
                free(it->options);
                for (size_t j = 0; j < it->nshow_if_values; j++)
                        free(it->show_if_values[j]);
                free(it->show_if_values);
        }
        free(def->items);
        free(def);
}

const struct survey_item *survey_def_item(const struct survey_def *def, const char *id)
{
        for (size_t i = 0; i < def->nitems; i++)
                if (strcmp(def->items[i].id, id) == 0)
                        return &def->items[i];
        return NULL;
}

const struct survey_unit *survey_def_unit(const struct survey_def *def, const char *id)
{
        for (size_t i = 0; i < def->nunits; i++)
                if (strcmp(def->units[i].id, id) == 0)
                        return &def->units[i];
        return NULL;
}

int survey_def_lang(const struct survey_def *def, const char *code)
{
        for (size_t i = 0; i < def->nlangs; i++)
                if (strcmp(def->langs[i], code) == 0)
                        return (int)i;
        return -1;
}

const char *survey_text_get(const struct survey_text *t, int lang)
{
        if (lang >= 0 && lang < SURVEY_MAX_LANGS && t->s[lang])
                return t->s[lang];
        return t->s[0] ? t->s[0] : "";
}

int survey_def_min_group(const struct survey_def *def)
{
        return def->min_group;
}

int survey_def_min_free_text_group(const struct survey_def *def)
{
        int base = 10 * (def->audience == SURVEY_AUDIENCE_YOUNG ? 2 : 1);
        return def->min_group * 2 > base ? def->min_group * 2 : base;
}
