/*
 * survey_schema.c: the questionnaire format (docs/survey-format.md) as key tables,
 * and the checks of every part of it, building the model (survey_def.h) as it goes.
 */
#include "survey_yaml.h"

#include "strbuf.h"
#include "xmalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- top-level pieces ------------------------------------------------------------------ */

static void parse_languages(struct yp *p, const yaml_node_t *n)
{
        struct survey_def *def = p->def;
        if (!yp_expect(p, n, YAML_SEQUENCE_NODE, "languages"))
                return;
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *v = yp_node_at(p, *it);
                char *code = yp_parse_id(p, v, "language");
                if (!code)
                        continue;
                if (survey_def_lang(def, code) >= 0) {
                        yp_problem(p, v, "language '%s' listed twice", code);
                        free(code);
                } else if (def->nlangs == SURVEY_MAX_LANGS) {
                        yp_problem(p, v, "at most %d languages", SURVEY_MAX_LANGS);
                        free(code);
                } else {
                        def->langs[def->nlangs++] = code;
                }
        }
        static const char *const needed[] = {"nb", "nn", "en"};
        for (size_t i = 0; i < 3; i++)
                if (survey_def_lang(def, needed[i]) < 0)
                        yp_problem(p, n, "languages must include '%s'", needed[i]);
}

static void parse_units(struct yp *p, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "name"};
        struct survey_def *def = p->def;
        if (!yp_expect(p, n, YAML_SEQUENCE_NODE, "units"))
                return;
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (count == 0)
                yp_problem(p, n, "units: at least one unit is needed");
        def->units = xcalloc(count, sizeof(*def->units));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *u = yp_node_at(p, *it);
                if (!yp_expect(p, u, YAML_MAPPING_NODE, "a unit"))
                        continue;
                yaml_node_t *v[2];
                yp_map_fields(p, u, "unit", keys, 2, v);
                struct survey_unit *unit = &def->units[def->nunits++];
                if (yp_require(p, u, v[0], "unit", "id"))
                        unit->id = yp_parse_id(p, v[0], "unit id");
                if (unit->id &&
                    (strcmp(unit->id, "withdraw") == 0 || strcmp(unit->id, "thanks") == 0)) {
                        yp_problem(p, v[0], "unit id '%s' is reserved for the server's own pages",
                                   unit->id);
                }
                for (size_t j = 0; unit->id && j + 1 < def->nunits; j++)
                        if (def->units[j].id && strcmp(def->units[j].id, unit->id) == 0) {
                                yp_problem(p, v[0], "unit id '%s' used twice", unit->id);
                                break;
                        }
                if (yp_require(p, u, v[1], "unit", "name"))
                        yp_parse_text(p, v[1], "unit name", &unit->name);
        }
}

static void parse_scales(struct yp *p, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "points", "positive", "dont_know"};
        static const char *const point_keys[] = {"value", "label"};
        struct survey_def *def = p->def;
        if (!yp_expect(p, n, YAML_SEQUENCE_NODE, "scales"))
                return;
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        def->scales = xcalloc(count, sizeof(*def->scales));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *s = yp_node_at(p, *it);
                if (!yp_expect(p, s, YAML_MAPPING_NODE, "a scale"))
                        continue;
                yaml_node_t *v[4];
                yp_map_fields(p, s, "scale", keys, 4, v);
                struct survey_scale *sc = &def->scales[def->nscales++];
                if (yp_require(p, s, v[0], "scale", "id"))
                        sc->id = yp_parse_id(p, v[0], "scale id");
                for (size_t j = 0; sc->id && j + 1 < def->nscales; j++)
                        if (def->scales[j].id && strcmp(def->scales[j].id, sc->id) == 0) {
                                yp_problem(p, v[0], "scale id '%s' used twice", sc->id);
                                break;
                        }
                if (yp_require(p, s, v[1], "scale", "points") &&
                    yp_expect(p, v[1], YAML_SEQUENCE_NODE, "points")) {
                        yaml_node_t *pts = v[1];
                        size_t np =
                            (size_t)(pts->data.sequence.items.top - pts->data.sequence.items.start);
                        if (np < 2 || np > 7)
                                yp_problem(p, pts, "scale '%s': 2 to 7 points, not %zu",
                                           sc->id ? sc->id : "?", np);
                        sc->points = xcalloc(np, sizeof(*sc->points));
                        for (yaml_node_item_t *pi = pts->data.sequence.items.start;
                             pi < pts->data.sequence.items.top; pi++) {
                                yaml_node_t *pn = yp_node_at(p, *pi);
                                if (!yp_expect(p, pn, YAML_MAPPING_NODE, "a scale point"))
                                        continue;
                                yaml_node_t *pv[2];
                                yp_map_fields(p, pn, "scale point", point_keys, 2, pv);
                                struct survey_point *pt = &sc->points[sc->npoints++];
                                if (yp_require(p, pn, pv[0], "scale point", "value") &&
                                    yp_parse_int(p, pv[0], "point value", 0, 100, &pt->value) &&
                                    sc->npoints > 1 &&
                                    pt->value <= sc->points[sc->npoints - 2].value)
                                        yp_problem(p, pv[0],
                                                   "scale '%s': point values must increase",
                                                   sc->id ? sc->id : "?");
                                if (yp_require(p, pn, pv[1], "scale point", "label"))
                                        yp_parse_text(p, pv[1], "point label", &pt->label);
                        }
                }
                if (v[2] && yp_expect(p, v[2], YAML_SEQUENCE_NODE, "positive")) {
                        if (v[2]->data.sequence.items.top == v[2]->data.sequence.items.start)
                                yp_problem(p, v[2], "scale '%s': positive needs at least one value",
                                           sc->id ? sc->id : "?");
                        for (yaml_node_item_t *pi = v[2]->data.sequence.items.start;
                             pi < v[2]->data.sequence.items.top; pi++) {
                                yaml_node_t *pn = yp_node_at(p, *pi);
                                int val;
                                if (!yp_parse_int(p, pn, "positive value", 0, 100, &val))
                                        continue;
                                size_t k;
                                for (k = 0; k < sc->npoints; k++)
                                        if (sc->points[k].value == val)
                                                break;
                                if (k == sc->npoints)
                                        yp_problem(p, pn,
                                                   "scale '%s': positive value %d is not a "
                                                   "point of the scale",
                                                   sc->id ? sc->id : "?", val);
                                else if (sc->points[k].positive)
                                        yp_problem(p, pn,
                                                   "scale '%s': positive value %d listed twice",
                                                   sc->id ? sc->id : "?", val);
                                else
                                        sc->points[k].positive = true;
                        }
                } else if (!v[2]) {
                        size_t top = sc->npoints >= 5 ? 2 : 1;
                        for (size_t k = sc->npoints >= top ? sc->npoints - top : 0; k < sc->npoints;
                             k++)
                                sc->points[k].positive = true;
                }
                if (v[3]) {
                        sc->has_dont_know = true;
                        yp_parse_text(p, v[3], "dont_know", &sc->dont_know);
                }
        }
}

static void parse_domains(struct yp *p, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "title"};
        struct survey_def *def = p->def;
        if (!yp_expect(p, n, YAML_SEQUENCE_NODE, "domains"))
                return;
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        def->domains = xcalloc(count, sizeof(*def->domains));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *d = yp_node_at(p, *it);
                if (!yp_expect(p, d, YAML_MAPPING_NODE, "a domain"))
                        continue;
                yaml_node_t *v[2];
                yp_map_fields(p, d, "domain", keys, 2, v);
                struct survey_domain *dom = &def->domains[def->ndomains++];
                if (yp_require(p, d, v[0], "domain", "id"))
                        dom->id = yp_parse_id(p, v[0], "domain id");
                for (size_t j = 0; dom->id && j + 1 < def->ndomains; j++)
                        if (def->domains[j].id && strcmp(def->domains[j].id, dom->id) == 0) {
                                yp_problem(p, v[0], "domain id '%s' used twice", dom->id);
                                break;
                        }
                if (yp_require(p, d, v[1], "domain", "title"))
                        yp_parse_text(p, v[1], "domain title", &dom->title);
        }
}

static const struct survey_scale *find_scale(const struct survey_def *def, const char *id)
{
        for (size_t i = 0; i < def->nscales; i++)
                if (def->scales[i].id && strcmp(def->scales[i].id, id) == 0)
                        return &def->scales[i];
        return NULL;
}

static const struct survey_domain *find_domain(const struct survey_def *def, const char *id)
{
        for (size_t i = 0; i < def->ndomains; i++)
                if (def->domains[i].id && strcmp(def->domains[i].id, id) == 0)
                        return &def->domains[i];
        return NULL;
}

/* Can `item` take the value `v`? Used to check show_if values. */
static bool item_can_take(const struct survey_item *item, const char *v)
{
        switch (item->type) {
        case SURVEY_ITEM_SCALE:
                if (strcmp(v, "dk") == 0)
                        return item->scale && item->scale->has_dont_know;
                for (size_t i = 0; item->scale && i < item->scale->npoints; i++) {
                        char buf[16];
                        snprintf(buf, sizeof(buf), "%d", item->scale->points[i].value);
                        if (strcmp(buf, v) == 0)
                                return true;
                }
                return false;
        case SURVEY_ITEM_SINGLE:
        case SURVEY_ITEM_MULTI:
                for (size_t i = 0; i < item->noptions; i++)
                        if (item->options[i].id && strcmp(item->options[i].id, v) == 0)
                                return true;
                return false;
        case SURVEY_ITEM_YESNO:
                return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0 || strcmp(v, "dk") == 0;
        case SURVEY_ITEM_NUMBER: {
                char *end;
                errno = 0;
                long n = strtol(v, &end, 10);
                char canon[24];
                snprintf(canon, sizeof(canon), "%ld", n);
                /* Stored numbers are canonical ("5", never "05" or "+5"). */
                return *v && !*end && !errno && strcmp(canon, v) == 0 && n >= item->min &&
                       n <= item->max;
        }
        case SURVEY_ITEM_TEXT:
                return false;
        }
        return false;
}

static void parse_options(struct yp *p, struct survey_item *item, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "label"};
        if (!yp_expect(p, n, YAML_SEQUENCE_NODE, "options"))
                return;
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (count < 2)
                yp_problem(p, n, "item '%s': at least two options are needed", item->id);
        item->options = xcalloc(count, sizeof(*item->options));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *o = yp_node_at(p, *it);
                if (!yp_expect(p, o, YAML_MAPPING_NODE, "an option"))
                        continue;
                yaml_node_t *v[2];
                yp_map_fields(p, o, "option", keys, 2, v);
                struct survey_option *opt = &item->options[item->noptions++];
                if (yp_require(p, o, v[0], "option", "id"))
                        opt->id = yp_parse_id(p, v[0], "option id");
                for (size_t j = 0; opt->id && j + 1 < item->noptions; j++)
                        if (item->options[j].id && strcmp(item->options[j].id, opt->id) == 0) {
                                yp_problem(p, v[0], "item '%s': option id '%s' used twice",
                                           item->id, opt->id);
                                break;
                        }
                if (yp_require(p, o, v[1], "option", "label"))
                        yp_parse_text(p, v[1], "option label", &opt->label);
        }
}

enum item_key {
        IK_ID,
        IK_TYPE,
        IK_TEXT,
        IK_HELP,
        IK_REQUIRED,
        IK_SCALE,
        IK_DOMAIN,
        IK_REVERSE,
        IK_OPTIONS,
        IK_MIN,
        IK_MAX,
        IK_SUFFIX,
        IK_MAX_LENGTH,
        IK_SHOW_IF,
        IK_COUNT
};

static const char *const item_keys[IK_COUNT] = {
    [IK_ID] = "id",
    [IK_TYPE] = "type",
    [IK_TEXT] = "text",
    [IK_HELP] = "help",
    [IK_REQUIRED] = "required",
    [IK_SCALE] = "scale",
    [IK_DOMAIN] = "domain",
    [IK_REVERSE] = "reverse",
    [IK_OPTIONS] = "options",
    [IK_MIN] = "min",
    [IK_MAX] = "max",
    [IK_SUFFIX] = "suffix",
    [IK_MAX_LENGTH] = "max_length",
    [IK_SHOW_IF] = "show_if",
};

static const char *const type_names[] = {
    [SURVEY_ITEM_SCALE] = "scale", [SURVEY_ITEM_SINGLE] = "single", [SURVEY_ITEM_MULTI] = "multi",
    [SURVEY_ITEM_YESNO] = "yesno", [SURVEY_ITEM_NUMBER] = "number", [SURVEY_ITEM_TEXT] = "text",
};

/* Which keys belong to which item types (bit per type); id/type/text/help/required/show_if to all.
 */
#define ALL_TYPES 0x3f
#define T(x)      (1u << (x))
static const unsigned item_key_types[IK_COUNT] = {
    [IK_ID] = ALL_TYPES,
    [IK_TYPE] = ALL_TYPES,
    [IK_TEXT] = ALL_TYPES,
    [IK_HELP] = ALL_TYPES,
    [IK_REQUIRED] = ALL_TYPES,
    [IK_SCALE] = T(SURVEY_ITEM_SCALE),
    [IK_DOMAIN] = T(SURVEY_ITEM_SCALE),
    [IK_REVERSE] = T(SURVEY_ITEM_SCALE),
    [IK_OPTIONS] = T(SURVEY_ITEM_SINGLE) | T(SURVEY_ITEM_MULTI),
    [IK_MIN] = T(SURVEY_ITEM_NUMBER),
    [IK_MAX] = T(SURVEY_ITEM_NUMBER),
    [IK_SUFFIX] = T(SURVEY_ITEM_NUMBER),
    [IK_MAX_LENGTH] = T(SURVEY_ITEM_TEXT),
    [IK_SHOW_IF] = ALL_TYPES,
};

static void parse_show_if(struct yp *p, struct survey_item *item, size_t index,
                          const yaml_node_t *n)
{
        static const char *const keys[] = {"item", "in"};
        struct survey_def *def = p->def;
        if (!yp_expect(p, n, YAML_MAPPING_NODE, "show_if"))
                return;
        yaml_node_t *v[2];
        yp_map_fields(p, n, "show_if", keys, 2, v);
        bool have_item = yp_require(p, n, v[0], "show_if", "item");
        bool have_in = yp_require(p, n, v[1], "show_if", "in");
        if (!have_item || !have_in)
                return;
        const char *target = yp_scalar(v[0]);
        if (!target) {
                yp_problem(p, v[0], "show_if: item must be an item id");
                return;
        }
        const struct survey_item *cond = NULL;
        for (size_t i = 0; i < index; i++)
                if (def->items[i].id && strcmp(def->items[i].id, target) == 0)
                        cond = &def->items[i];
        if (!cond) {
                bool later = false;
                for (size_t i = index; i < def->nitems; i++)
                        if (def->items[i].id && strcmp(def->items[i].id, target) == 0)
                                later = true;
                if (item->id && strcmp(target, item->id) == 0)
                        yp_problem(p, v[0], "item '%s': show_if refers to the item itself",
                                   item->id);
                else if (later)
                        yp_problem(
                            p, v[0],
                            "item '%s': show_if refers to '%s', which comes later in the form",
                            item->id ? item->id : "?", target);
                else
                        yp_problem(p, v[0], "item '%s': show_if refers to unknown item '%s'",
                                   item->id ? item->id : "?", target);
                return;
        }
        if (cond->type == SURVEY_ITEM_TEXT) {
                yp_problem(p, v[0], "item '%s': show_if cannot depend on free text item '%s'",
                           item->id ? item->id : "?", target);
                return;
        }
        if (!yp_expect(p, v[1], YAML_SEQUENCE_NODE, "show_if: in"))
                return;
        size_t count = (size_t)(v[1]->data.sequence.items.top - v[1]->data.sequence.items.start);
        if (count == 0) {
                yp_problem(p, v[1], "item '%s': show_if needs at least one value",
                           item->id ? item->id : "?");
                return;
        }
        item->show_if = cond;
        item->show_if_values = xcalloc(count, sizeof(char *));
        for (yaml_node_item_t *it = v[1]->data.sequence.items.start;
             it < v[1]->data.sequence.items.top; it++) {
                yaml_node_t *vn = yp_node_at(p, *it);
                const char *val = yp_scalar(vn);
                if (!val) {
                        yp_problem(p, vn, "show_if: values must be single values");
                        continue;
                }
                if (!item_can_take(cond, val))
                        yp_problem(p, vn,
                                   "item '%s': show_if value '%s' is not an answer item '%s' "
                                   "can have",
                                   item->id ? item->id : "?", val, cond->id);
                item->show_if_values[item->nshow_if_values++] = xstrdup(val);
        }
}

/* "item 'x': key", for messages about one key of one item. Returns buf. */
static const char *kwhat(char *buf, const char *what, const char *key)
{
        snprintf(buf, SURVEY_ID_MAX + 64, "%s: %s", what, key);
        return buf;
}

static void parse_item(struct yp *p, struct survey_item *item, size_t index, const yaml_node_t *n,
                       yaml_node_t **show_if_node)
{
        struct survey_def *def = p->def;
        yaml_node_t *v[IK_COUNT];
        char kw[SURVEY_ID_MAX + 64];
        bool min_ok = false;
        item->line = (int)n->start_mark.line + 1;
        yp_map_fields(p, n, "item", item_keys, IK_COUNT, v);
        if (yp_require(p, n, v[IK_ID], "item", "id"))
                item->id = yp_parse_id(p, v[IK_ID], "item id");
        for (size_t j = 0; item->id && j < index; j++)
                if (def->items[j].id && strcmp(def->items[j].id, item->id) == 0) {
                        yp_problem(p, v[IK_ID], "item id '%s' used twice (first on line %d)",
                                   item->id, def->items[j].line);
                        break;
                }
        const char *name = item->id ? item->id : "?";
        char what[80];
        snprintf(what, sizeof(what), "item '%s'", name);

        int type = -1;
        if (yp_require(p, n, v[IK_TYPE], what, "type"))
                type = yp_parse_word(p, v[IK_TYPE], kwhat(kw, what, "type"), type_names, 6);
        if (type < 0)
                return;
        item->type = (enum survey_item_type)type;
        for (size_t k = 0; k < IK_COUNT; k++)
                if (v[k] && !(item_key_types[k] & T(type)))
                        yp_problem(p, v[k], "%s: '%s' does not apply to a %s item", what,
                                   item_keys[k], type_names[type]);

        char twhat[100];
        snprintf(twhat, sizeof(twhat), "%s: text", what);
        if (yp_require(p, n, v[IK_TEXT], what, "text"))
                yp_parse_text(p, v[IK_TEXT], twhat, &item->text);
        if (v[IK_HELP]) {
                item->has_help = true;
                snprintf(twhat, sizeof(twhat), "%s: help", what);
                yp_parse_text(p, v[IK_HELP], twhat, &item->help);
        }
        if (v[IK_REQUIRED])
                yp_parse_bool(p, v[IK_REQUIRED], kwhat(kw, what, "required"), &item->required);

        switch (item->type) {
        case SURVEY_ITEM_SCALE:
                if (yp_require(p, n, v[IK_SCALE], what, "scale") &&
                    yp_expect(p, v[IK_SCALE], YAML_SCALAR_NODE, "scale")) {
                        item->scale = find_scale(def, yp_scalar(v[IK_SCALE]));
                        if (!item->scale)
                                yp_problem(p, v[IK_SCALE], "%s: unknown scale '%s'", what,
                                           yp_scalar(v[IK_SCALE]));
                }
                if (v[IK_DOMAIN] && yp_expect(p, v[IK_DOMAIN], YAML_SCALAR_NODE, "domain")) {
                        item->domain = find_domain(def, yp_scalar(v[IK_DOMAIN]));
                        if (!item->domain)
                                yp_problem(p, v[IK_DOMAIN], "%s: unknown domain '%s'", what,
                                           yp_scalar(v[IK_DOMAIN]));
                }
                if (v[IK_REVERSE])
                        yp_parse_bool(p, v[IK_REVERSE], kwhat(kw, what, "reverse"), &item->reverse);
                break;
        case SURVEY_ITEM_SINGLE:
        case SURVEY_ITEM_MULTI:
                if (yp_require(p, n, v[IK_OPTIONS], what, "options"))
                        parse_options(p, item, v[IK_OPTIONS]);
                break;
        case SURVEY_ITEM_NUMBER:
                if (yp_require(p, n, v[IK_MIN], what, "min"))
                        min_ok = yp_parse_long(p, v[IK_MIN], kwhat(kw, what, "min"), -1000000000L,
                                               1000000000L, &item->min);
                if (yp_require(p, n, v[IK_MAX], what, "max") &&
                    yp_parse_long(p, v[IK_MAX], kwhat(kw, what, "max"), -1000000000L, 1000000000L,
                                  &item->max) &&
                    min_ok && item->max < item->min)
                        yp_problem(p, v[IK_MAX], "%s: max (%ld) is below min (%ld)", what,
                                   item->max, item->min);
                if (v[IK_SUFFIX]) {
                        item->has_suffix = true;
                        snprintf(twhat, sizeof(twhat), "%s: suffix", what);
                        yp_parse_text(p, v[IK_SUFFIX], twhat, &item->suffix);
                }
                break;
        case SURVEY_ITEM_TEXT: {
                long ml = SURVEY_TEXT_MAX;
                if (v[IK_MAX_LENGTH])
                        yp_parse_long(p, v[IK_MAX_LENGTH], kwhat(kw, what, "max_length"), 1, 10000,
                                      &ml);
                item->max_length = (size_t)ml;
                break;
        }
        case SURVEY_ITEM_YESNO:
                break;
        }
        /* Conditions are resolved after all items exist, to tell "later" from "unknown". */
        *show_if_node = v[IK_SHOW_IF];
}

static void parse_sections(struct yp *p, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "title", "items"};
        struct survey_def *def = p->def;
        if (!yp_expect(p, n, YAML_SEQUENCE_NODE, "sections"))
                return;
        size_t nsec = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (nsec == 0)
                yp_problem(p, n, "sections: at least one section is needed");
        def->sections = xcalloc(nsec, sizeof(*def->sections));

        /* First count items so that def->items never moves (items point at each other). */
        size_t total = 0;
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *s = yp_node_at(p, *it);
                if (s->type != YAML_MAPPING_NODE)
                        continue;
                for (yaml_node_pair_t *pair = s->data.mapping.pairs.start;
                     pair < s->data.mapping.pairs.top; pair++) {
                        const char *k = yp_scalar(yp_node_at(p, pair->key));
                        yaml_node_t *v = yp_node_at(p, pair->value);
                        if (k && strcmp(k, "items") == 0 && v->type == YAML_SEQUENCE_NODE)
                                total += (size_t)(v->data.sequence.items.top -
                                                  v->data.sequence.items.start);
                }
        }
        def->items = xcalloc(total, sizeof(*def->items));
        yaml_node_t **show_if = xcalloc(total, sizeof(*show_if));

        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *s = yp_node_at(p, *it);
                if (!yp_expect(p, s, YAML_MAPPING_NODE, "a section"))
                        continue;
                yaml_node_t *v[3];
                yp_map_fields(p, s, "section", keys, 3, v);
                struct survey_section *sec = &def->sections[def->nsections++];
                if (yp_require(p, s, v[0], "section", "id"))
                        sec->id = yp_parse_id(p, v[0], "section id");
                for (size_t j = 0; sec->id && j + 1 < def->nsections; j++)
                        if (def->sections[j].id && strcmp(def->sections[j].id, sec->id) == 0) {
                                yp_problem(p, v[0], "section id '%s' used twice", sec->id);
                                break;
                        }
                if (yp_require(p, s, v[1], "section", "title"))
                        yp_parse_text(p, v[1], "section title", &sec->title);
                sec->first_item = def->nitems;
                if (!yp_require(p, s, v[2], "section", "items") ||
                    !yp_expect(p, v[2], YAML_SEQUENCE_NODE, "items"))
                        continue;
                if (v[2]->data.sequence.items.top == v[2]->data.sequence.items.start)
                        yp_problem(p, v[2], "section '%s' has no items", sec->id ? sec->id : "?");
                for (yaml_node_item_t *ii = v[2]->data.sequence.items.start;
                     ii < v[2]->data.sequence.items.top; ii++) {
                        yaml_node_t *in = yp_node_at(p, *ii);
                        if (!yp_expect(p, in, YAML_MAPPING_NODE, "an item"))
                                continue;
                        size_t index = def->nitems++;
                        def->items[index].section = def->nsections - 1;
                        parse_item(p, &def->items[index], index, in, &show_if[index]);
                        sec->nitems++;
                }
        }
        for (size_t i = 0; i < def->nitems; i++)
                if (show_if[i])
                        parse_show_if(p, &def->items[i], i, show_if[i]);
        free(show_if);
}

enum top_key {
        TK_LYTT,
        TK_ID,
        TK_VERSION,
        TK_AUDIENCE,
        TK_LANGUAGES,
        TK_TITLE,
        TK_INTRO,
        TK_SUPPORT,
        TK_PERIOD,
        TK_WAVE,
        TK_MIN_GROUP,
        TK_WITHDRAW_DAYS,
        TK_UNITS,
        TK_SCALES,
        TK_DOMAINS,
        TK_SECTIONS,
        TK_COUNT
};

static const char *const top_keys[TK_COUNT] = {
    [TK_LYTT] = "lytt",           [TK_ID] = "id",
    [TK_VERSION] = "version",     [TK_AUDIENCE] = "audience",
    [TK_LANGUAGES] = "languages", [TK_TITLE] = "title",
    [TK_INTRO] = "intro",         [TK_SUPPORT] = "support",
    [TK_PERIOD] = "period",       [TK_WAVE] = "wave",
    [TK_MIN_GROUP] = "min_group", [TK_WITHDRAW_DAYS] = "withdraw_days",
    [TK_UNITS] = "units",         [TK_SCALES] = "scales",
    [TK_DOMAINS] = "domains",     [TK_SECTIONS] = "sections",
};

static bool valid_wave(const char *s)
{
        size_t n = strlen(s);
        if (n == 0 || n > SURVEY_ID_MAX)
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.'))
                        return false;
        }
        return true;
}

/* The file's base name without ".yaml"/".yml", for the id check. */
static void file_stem(const char *path, char *buf, size_t n)
{
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        snprintf(buf, n, "%s", base);
        char *dot = strrchr(buf, '.');
        if (dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0))
                *dot = '\0';
}

void survey_schema_check(struct yp *p, const yaml_node_t *root)
{
        struct survey_def *def = p->def;
        yaml_node_t *v[TK_COUNT];
        if (!yp_expect(p, root, YAML_MAPPING_NODE, "the file"))
                return;
        yp_map_fields(p, root, "survey", top_keys, TK_COUNT, v);
        static const char *const required[] = {"lytt",  "id",      "version", "languages", "title",
                                               "intro", "support", "units",   "sections"};
        static const enum top_key required_keys[] = {TK_LYTT,      TK_ID,    TK_VERSION,
                                                     TK_LANGUAGES, TK_TITLE, TK_INTRO,
                                                     TK_SUPPORT,   TK_UNITS, TK_SECTIONS};
        for (size_t i = 0; i < sizeof(required_keys) / sizeof(required_keys[0]); i++)
                yp_require(p, root, v[required_keys[i]], "survey", required[i]);

        int fmt;
        if (v[TK_LYTT] &&
            yp_parse_int(p, v[TK_LYTT], "lytt (format version)", -1000000, 1000000, &fmt) &&
            fmt != 1)
                yp_problem(p, v[TK_LYTT], "format version %d is not known; this Lytt reads 1", fmt);
        if (v[TK_ID]) {
                def->id = yp_parse_id(p, v[TK_ID], "survey id");
                if (def->id && strchr(def->id, '_')) {
                        yp_problem(p, v[TK_ID],
                                   "survey id '%s' may use a-z, 0-9 and '-' only (it is "
                                   "part of the link)",
                                   def->id);
                }
                char stem[256];
                file_stem(p->path, stem, sizeof(stem));
                if (def->id && strcmp(stem, def->id) != 0)
                        yp_problem(p, v[TK_ID], "survey id '%s' does not match the file name '%s'",
                                   def->id, stem);
        }
        if (v[TK_VERSION])
                yp_parse_int(p, v[TK_VERSION], "version", 1, 1000000, &def->version);
        if (v[TK_AUDIENCE]) {
                static const char *const aud[] = {"adult", "young"};
                int a = yp_parse_word(p, v[TK_AUDIENCE], "audience", aud, 2);
                if (a >= 0)
                        def->audience = (enum survey_audience)a;
        }
        if (v[TK_LANGUAGES])
                parse_languages(p, v[TK_LANGUAGES]);
        if (def->nlangs == 0)
                return; /* every text would be reported missing: one message is enough */
        if (v[TK_TITLE])
                yp_parse_text(p, v[TK_TITLE], "title", &def->title);
        if (v[TK_INTRO])
                yp_parse_text(p, v[TK_INTRO], "intro", &def->intro);
        if (v[TK_SUPPORT])
                yp_parse_text(p, v[TK_SUPPORT], "support", &def->support);
        if (v[TK_PERIOD]) {
                static const char *const per[] = {"week", "month"};
                int a = yp_parse_word(p, v[TK_PERIOD], "period", per, 2);
                if (a >= 0)
                        def->period = (enum survey_period)a;
        }
        if (v[TK_WAVE] && yp_expect(p, v[TK_WAVE], YAML_SCALAR_NODE, "wave")) {
                if (!valid_wave(yp_scalar(v[TK_WAVE])))
                        yp_problem(p, v[TK_WAVE],
                                   "wave '%s' must be letters, digits, '-', '_' or '.', at most %d "
                                   "characters",
                                   yp_scalar(v[TK_WAVE]), SURVEY_ID_MAX);
                else
                        def->wave = xstrdup(yp_scalar(v[TK_WAVE]));
        }
        int floor_group = SURVEY_MIN_GROUP * (def->audience == SURVEY_AUDIENCE_YOUNG ? 2 : 1);
        def->min_group = floor_group;
        if (v[TK_MIN_GROUP]) {
                int mg;
                if (yp_parse_int(p, v[TK_MIN_GROUP], "min_group", 0, 1000, &mg)) {
                        if (mg < floor_group)
                                yp_problem(p, v[TK_MIN_GROUP],
                                           "min_group %d is below the minimum of %d for %s "
                                           "surveys; it may be raised, never lowered",
                                           mg, floor_group,
                                           def->audience == SURVEY_AUDIENCE_YOUNG ? "young carer"
                                                                                  : "adult");
                        else
                                def->min_group = mg;
                }
        }
        def->withdraw_days = 7;
        if (v[TK_WITHDRAW_DAYS])
                yp_parse_int(p, v[TK_WITHDRAW_DAYS], "withdraw_days", 1, 30, &def->withdraw_days);
        if (v[TK_UNITS])
                parse_units(p, v[TK_UNITS]);
        if (v[TK_SCALES])
                parse_scales(p, v[TK_SCALES]);
        if (v[TK_DOMAINS])
                parse_domains(p, v[TK_DOMAINS]);
        if (v[TK_SECTIONS])
                parse_sections(p, v[TK_SECTIONS]);
}

const char *survey_item_type_name(enum survey_item_type type)
{
        return type_names[type];
}
