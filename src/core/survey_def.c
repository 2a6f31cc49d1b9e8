/*
 * survey_def.c: the questionnaire parser and checker.
 *
 * Two passes over the YAML with libyaml: an event pass that refuses anchors,
 * aliases, tags and extra documents (so what a reviewer reads is what the
 * server sees), then the document pass that walks the tree and checks it
 * against the key tables below. Checking goes on after a problem so that one
 * run reports all of them.
 */
#include "survey_def.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct parser {
        const char *path;
        yaml_document_t *doc;
        struct lytt_diags *diags;
        struct survey_def *def;
        size_t nerrors;
        int *key_line; /* per node index: line of the key whose value it is, or 0 */
};

static void problem(struct parser *p, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct parser *p, const yaml_node_t *node, const char *fmt, ...)
{
        struct strbuf sb = STRBUF_INIT;
        va_list ap;
        va_start(ap, fmt);
        strbuf_vaddf(&sb, fmt, ap);
        va_end(ap);
        int line = node ? (int)node->start_mark.line + 1 : 0;
        /* A block mapping or list starts at its first entry; people look for its key. */
        if (node && node->type != YAML_SCALAR_NODE && p->key_line) {
                int k = p->key_line[node - p->doc->nodes.start];
                if (k > 0)
                        line = k;
        }
        lytt_diags_add(p->diags, p->path, line, "%s", sb.buf);
        strbuf_release(&sb);
        p->nerrors++;
}

static yaml_node_t *node_at(struct parser *p, int index)
{
        return yaml_document_get_node(p->doc, index);
}

static const char *scalar(const yaml_node_t *n)
{
        return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static const char *kind_name(const yaml_node_t *n)
{
        switch (n->type) {
        case YAML_SCALAR_NODE:
                return "a single value";
        case YAML_SEQUENCE_NODE:
                return "a list";
        case YAML_MAPPING_NODE:
                return "a mapping";
        default:
                return "nothing";
        }
}

static bool expect(struct parser *p, const yaml_node_t *n, yaml_node_type_t type, const char *what)
{
        if (n->type == type)
                return true;
        const char *want = type == YAML_SCALAR_NODE     ? "a single value"
                           : type == YAML_SEQUENCE_NODE ? "a list"
                                                        : "a mapping";
        problem(p, n, "%s must be %s, not %s", what, want, kind_name(n));
        return false;
}

/*
 * Looks up every key of a mapping against a table of allowed keys; reports
 * unknown and repeated keys; fills vals[i] with the value node of keys[i] or NULL.
 */
static void map_fields(struct parser *p, const yaml_node_t *map, const char *what,
                       const char *const *keys, size_t nkeys, yaml_node_t **vals)
{
        for (size_t i = 0; i < nkeys; i++)
                vals[i] = NULL;
        for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
             pair < map->data.mapping.pairs.top; pair++) {
                yaml_node_t *k = node_at(p, pair->key);
                const char *key = scalar(k);
                if (!key) {
                        problem(p, k, "%s: keys must be plain words", what);
                        continue;
                }
                size_t i;
                for (i = 0; i < nkeys; i++)
                        if (strcmp(keys[i], key) == 0)
                                break;
                if (i == nkeys) {
                        struct strbuf allowed = STRBUF_INIT;
                        for (size_t j = 0; j < nkeys; j++)
                                strbuf_addf(&allowed, "%s%s", j ? ", " : "", keys[j]);
                        problem(p, k, "%s: unknown key '%s' (allowed: %s)", what, key, allowed.buf);
                        strbuf_release(&allowed);
                } else if (vals[i]) {
                        problem(p, k, "%s: key '%s' given twice", what, key);
                } else {
                        vals[i] = node_at(p, pair->value);
                        p->key_line[pair->value - 1] = (int)k->start_mark.line + 1;
                }
        }
}

static bool require(struct parser *p, const yaml_node_t *map, yaml_node_t *val, const char *what,
                    const char *key)
{
        if (val)
                return true;
        problem(p, map, "%s: missing required key '%s'", what, key);
        return false;
}

static bool valid_id(const char *s)
{
        size_t n = strlen(s);
        if (n == 0 || n > SURVEY_ID_MAX)
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                          (i > 0 && (c == '_' || c == '-'));
                if (!ok)
                        return false;
        }
        return true;
}

/* An id: a scalar of [a-z0-9_-], starting with a letter or digit. Returns an owned copy or NULL. */
static char *parse_id(struct parser *p, const yaml_node_t *n, const char *what)
{
        if (!expect(p, n, YAML_SCALAR_NODE, what))
                return NULL;
        const char *s = scalar(n);
        if (!valid_id(s)) {
                problem(p, n,
                        "%s '%s' is not a valid id (use a-z, 0-9, '_' and '-', start with a "
                        "letter or digit, at most %d characters)",
                        what, s, SURVEY_ID_MAX);
                return NULL;
        }
        return xstrdup(s);
}

static bool parse_long(struct parser *p, const yaml_node_t *n, const char *what, long lo, long hi,
                       long *out)
{
        if (!expect(p, n, YAML_SCALAR_NODE, what))
                return false;
        const char *s = scalar(n);
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (!*s || *end || errno || !(*s == '-' || (*s >= '0' && *s <= '9'))) {
                problem(p, n, "%s must be a whole number, not '%s'", what, s);
                return false;
        }
        if (v < lo || v > hi) {
                problem(p, n, "%s must be between %ld and %ld, not %ld", what, lo, hi, v);
                return false;
        }
        *out = v;
        return true;
}

static bool parse_int(struct parser *p, const yaml_node_t *n, const char *what, long lo, long hi,
                      int *out)
{
        long v;
        if (!parse_long(p, n, what, lo, hi, &v))
                return false;
        *out = (int)v;
        return true;
}

static bool parse_bool(struct parser *p, const yaml_node_t *n, const char *what, bool *out)
{
        if (!expect(p, n, YAML_SCALAR_NODE, what))
                return false;
        const char *s = scalar(n);
        if (strcmp(s, "true") == 0) {
                *out = true;
        } else if (strcmp(s, "false") == 0) {
                *out = false;
        } else {
                problem(p, n, "%s must be true or false, not '%s'", what, s);
                return false;
        }
        return true;
}

/* One of a table of words; returns its index or -1. */
static int parse_word(struct parser *p, const yaml_node_t *n, const char *what,
                      const char *const *words, size_t nwords)
{
        if (!expect(p, n, YAML_SCALAR_NODE, what))
                return -1;
        const char *s = scalar(n);
        for (size_t i = 0; i < nwords; i++)
                if (strcmp(words[i], s) == 0)
                        return (int)i;
        struct strbuf allowed = STRBUF_INIT;
        for (size_t j = 0; j < nwords; j++)
                strbuf_addf(&allowed, "%s%s", j ? ", " : "", words[j]);
        problem(p, n, "%s must be one of %s, not '%s'", what, allowed.buf, s);
        strbuf_release(&allowed);
        return -1;
}

/* A text: a mapping from each of the definition's languages to a non-empty string. */
static void parse_text(struct parser *p, const yaml_node_t *n, const char *what,
                       struct survey_text *out)
{
        struct survey_def *def = p->def;
        bool seen[SURVEY_MAX_LANGS] = {false};
        if (!expect(p, n, YAML_MAPPING_NODE, what))
                return;
        for (yaml_node_pair_t *pair = n->data.mapping.pairs.start; pair < n->data.mapping.pairs.top;
             pair++) {
                yaml_node_t *k = node_at(p, pair->key);
                yaml_node_t *v = node_at(p, pair->value);
                const char *code = scalar(k);
                int li = code ? survey_def_lang(def, code) : -1;
                if (li < 0) {
                        problem(p, k, "%s: '%s' is not one of the file's languages", what,
                                code ? code : "?");
                        continue;
                }
                if (seen[li]) {
                        problem(p, k, "%s: language '%s' given twice", what, code);
                        continue;
                }
                seen[li] = true;
                if (!expect(p, v, YAML_SCALAR_NODE, what))
                        continue;
                const char *s = scalar(v);
                bool null = v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                            (strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
                             strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0);
                if (!*s || null) {
                        problem(p, v, "%s: the '%s' text is empty", what, code);
                        continue;
                }
                out->s[li] = xstrdup(s);
        }
        for (size_t i = 0; i < def->nlangs; i++)
                if (!seen[i])
                        problem(p, n, "%s has no '%s' translation", what, def->langs[i]);
}

static void text_free(struct survey_text *t)
{
        for (size_t i = 0; i < SURVEY_MAX_LANGS; i++)
                free(t->s[i]);
}

/* ---- top-level pieces ------------------------------------------------------------------ */

static void parse_languages(struct parser *p, const yaml_node_t *n)
{
        struct survey_def *def = p->def;
        if (!expect(p, n, YAML_SEQUENCE_NODE, "languages"))
                return;
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *v = node_at(p, *it);
                char *code = parse_id(p, v, "language");
                if (!code)
                        continue;
                if (survey_def_lang(def, code) >= 0) {
                        problem(p, v, "language '%s' listed twice", code);
                        free(code);
                } else if (def->nlangs == SURVEY_MAX_LANGS) {
                        problem(p, v, "at most %d languages", SURVEY_MAX_LANGS);
                        free(code);
                } else {
                        def->langs[def->nlangs++] = code;
                }
        }
        static const char *const needed[] = {"nb", "nn", "en"};
        for (size_t i = 0; i < 3; i++)
                if (survey_def_lang(def, needed[i]) < 0)
                        problem(p, n, "languages must include '%s'", needed[i]);
}

static void parse_units(struct parser *p, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "name"};
        struct survey_def *def = p->def;
        if (!expect(p, n, YAML_SEQUENCE_NODE, "units"))
                return;
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (count == 0)
                problem(p, n, "units: at least one unit is needed");
        def->units = xcalloc(count, sizeof(*def->units));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *u = node_at(p, *it);
                if (!expect(p, u, YAML_MAPPING_NODE, "a unit"))
                        continue;
                yaml_node_t *v[2];
                map_fields(p, u, "unit", keys, 2, v);
                struct survey_unit *unit = &def->units[def->nunits++];
                if (require(p, u, v[0], "unit", "id"))
                        unit->id = parse_id(p, v[0], "unit id");
                if (unit->id &&
                    (strcmp(unit->id, "withdraw") == 0 || strcmp(unit->id, "thanks") == 0)) {
                        problem(p, v[0], "unit id '%s' is reserved for the server's own pages",
                                unit->id);
                }
                for (size_t j = 0; unit->id && j + 1 < def->nunits; j++)
                        if (def->units[j].id && strcmp(def->units[j].id, unit->id) == 0) {
                                problem(p, v[0], "unit id '%s' used twice", unit->id);
                                break;
                        }
                if (require(p, u, v[1], "unit", "name"))
                        parse_text(p, v[1], "unit name", &unit->name);
        }
}

static void parse_scales(struct parser *p, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "points", "positive", "dont_know"};
        static const char *const point_keys[] = {"value", "label"};
        struct survey_def *def = p->def;
        if (!expect(p, n, YAML_SEQUENCE_NODE, "scales"))
                return;
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        def->scales = xcalloc(count, sizeof(*def->scales));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *s = node_at(p, *it);
                if (!expect(p, s, YAML_MAPPING_NODE, "a scale"))
                        continue;
                yaml_node_t *v[4];
                map_fields(p, s, "scale", keys, 4, v);
                struct survey_scale *sc = &def->scales[def->nscales++];
                if (require(p, s, v[0], "scale", "id"))
                        sc->id = parse_id(p, v[0], "scale id");
                for (size_t j = 0; sc->id && j + 1 < def->nscales; j++)
                        if (def->scales[j].id && strcmp(def->scales[j].id, sc->id) == 0) {
                                problem(p, v[0], "scale id '%s' used twice", sc->id);
                                break;
                        }
                if (require(p, s, v[1], "scale", "points") &&
                    expect(p, v[1], YAML_SEQUENCE_NODE, "points")) {
                        yaml_node_t *pts = v[1];
                        size_t np =
                            (size_t)(pts->data.sequence.items.top - pts->data.sequence.items.start);
                        if (np < 2 || np > 7)
                                problem(p, pts, "scale '%s': 2 to 7 points, not %zu",
                                        sc->id ? sc->id : "?", np);
                        sc->points = xcalloc(np, sizeof(*sc->points));
                        for (yaml_node_item_t *pi = pts->data.sequence.items.start;
                             pi < pts->data.sequence.items.top; pi++) {
                                yaml_node_t *pn = node_at(p, *pi);
                                if (!expect(p, pn, YAML_MAPPING_NODE, "a scale point"))
                                        continue;
                                yaml_node_t *pv[2];
                                map_fields(p, pn, "scale point", point_keys, 2, pv);
                                struct survey_point *pt = &sc->points[sc->npoints++];
                                if (require(p, pn, pv[0], "scale point", "value") &&
                                    parse_int(p, pv[0], "point value", 0, 100, &pt->value) &&
                                    sc->npoints > 1 &&
                                    pt->value <= sc->points[sc->npoints - 2].value)
                                        problem(p, pv[0], "scale '%s': point values must increase",
                                                sc->id ? sc->id : "?");
                                if (require(p, pn, pv[1], "scale point", "label"))
                                        parse_text(p, pv[1], "point label", &pt->label);
                        }
                }
                if (v[2] && expect(p, v[2], YAML_SEQUENCE_NODE, "positive")) {
                        if (v[2]->data.sequence.items.top == v[2]->data.sequence.items.start)
                                problem(p, v[2], "scale '%s': positive needs at least one value",
                                        sc->id ? sc->id : "?");
                        for (yaml_node_item_t *pi = v[2]->data.sequence.items.start;
                             pi < v[2]->data.sequence.items.top; pi++) {
                                yaml_node_t *pn = node_at(p, *pi);
                                int val;
                                if (!parse_int(p, pn, "positive value", 0, 100, &val))
                                        continue;
                                size_t k;
                                for (k = 0; k < sc->npoints; k++)
                                        if (sc->points[k].value == val)
                                                break;
                                if (k == sc->npoints)
                                        problem(p, pn,
                                                "scale '%s': positive value %d is not a "
                                                "point of the scale",
                                                sc->id ? sc->id : "?", val);
                                else if (sc->points[k].positive)
                                        problem(p, pn, "scale '%s': positive value %d listed twice",
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
                        parse_text(p, v[3], "dont_know", &sc->dont_know);
                }
        }
}

static void parse_domains(struct parser *p, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "title"};
        struct survey_def *def = p->def;
        if (!expect(p, n, YAML_SEQUENCE_NODE, "domains"))
                return;
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        def->domains = xcalloc(count, sizeof(*def->domains));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *d = node_at(p, *it);
                if (!expect(p, d, YAML_MAPPING_NODE, "a domain"))
                        continue;
                yaml_node_t *v[2];
                map_fields(p, d, "domain", keys, 2, v);
                struct survey_domain *dom = &def->domains[def->ndomains++];
                if (require(p, d, v[0], "domain", "id"))
                        dom->id = parse_id(p, v[0], "domain id");
                for (size_t j = 0; dom->id && j + 1 < def->ndomains; j++)
                        if (def->domains[j].id && strcmp(def->domains[j].id, dom->id) == 0) {
                                problem(p, v[0], "domain id '%s' used twice", dom->id);
                                break;
                        }
                if (require(p, d, v[1], "domain", "title"))
                        parse_text(p, v[1], "domain title", &dom->title);
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

static void parse_options(struct parser *p, struct survey_item *item, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "label"};
        if (!expect(p, n, YAML_SEQUENCE_NODE, "options"))
                return;
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (count < 2)
                problem(p, n, "item '%s': at least two options are needed", item->id);
        item->options = xcalloc(count, sizeof(*item->options));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *o = node_at(p, *it);
                if (!expect(p, o, YAML_MAPPING_NODE, "an option"))
                        continue;
                yaml_node_t *v[2];
                map_fields(p, o, "option", keys, 2, v);
                struct survey_option *opt = &item->options[item->noptions++];
                if (require(p, o, v[0], "option", "id"))
                        opt->id = parse_id(p, v[0], "option id");
                for (size_t j = 0; opt->id && j + 1 < item->noptions; j++)
                        if (item->options[j].id && strcmp(item->options[j].id, opt->id) == 0) {
                                problem(p, v[0], "item '%s': option id '%s' used twice", item->id,
                                        opt->id);
                                break;
                        }
                if (require(p, o, v[1], "option", "label"))
                        parse_text(p, v[1], "option label", &opt->label);
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

static void parse_show_if(struct parser *p, struct survey_item *item, size_t index,
                          const yaml_node_t *n)
{
        static const char *const keys[] = {"item", "in"};
        struct survey_def *def = p->def;
        if (!expect(p, n, YAML_MAPPING_NODE, "show_if"))
                return;
        yaml_node_t *v[2];
        map_fields(p, n, "show_if", keys, 2, v);
        bool have_item = require(p, n, v[0], "show_if", "item");
        bool have_in = require(p, n, v[1], "show_if", "in");
        if (!have_item || !have_in)
                return;
        const char *target = scalar(v[0]);
        if (!target) {
                problem(p, v[0], "show_if: item must be an item id");
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
                        problem(p, v[0], "item '%s': show_if refers to the item itself", item->id);
                else if (later)
                        problem(p, v[0],
                                "item '%s': show_if refers to '%s', which comes later in the form",
                                item->id ? item->id : "?", target);
                else
                        problem(p, v[0], "item '%s': show_if refers to unknown item '%s'",
                                item->id ? item->id : "?", target);
                return;
        }
        if (cond->type == SURVEY_ITEM_TEXT) {
                problem(p, v[0], "item '%s': show_if cannot depend on free text item '%s'",
                        item->id ? item->id : "?", target);
                return;
        }
        if (!expect(p, v[1], YAML_SEQUENCE_NODE, "show_if: in"))
                return;
        size_t count = (size_t)(v[1]->data.sequence.items.top - v[1]->data.sequence.items.start);
        if (count == 0) {
                problem(p, v[1], "item '%s': show_if needs at least one value",
                        item->id ? item->id : "?");
                return;
        }
        item->show_if = cond;
        item->show_if_values = xcalloc(count, sizeof(char *));
        for (yaml_node_item_t *it = v[1]->data.sequence.items.start;
             it < v[1]->data.sequence.items.top; it++) {
                yaml_node_t *vn = node_at(p, *it);
                const char *val = scalar(vn);
                if (!val) {
                        problem(p, vn, "show_if: values must be single values");
                        continue;
                }
                if (!item_can_take(cond, val))
                        problem(p, vn,
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

static void parse_item(struct parser *p, struct survey_item *item, size_t index,
                       const yaml_node_t *n, yaml_node_t **show_if_node)
{
        struct survey_def *def = p->def;
        yaml_node_t *v[IK_COUNT];
        char kw[SURVEY_ID_MAX + 64];
        bool min_ok = false;
        item->line = (int)n->start_mark.line + 1;
        map_fields(p, n, "item", item_keys, IK_COUNT, v);
        if (require(p, n, v[IK_ID], "item", "id"))
                item->id = parse_id(p, v[IK_ID], "item id");
        for (size_t j = 0; item->id && j < index; j++)
                if (def->items[j].id && strcmp(def->items[j].id, item->id) == 0) {
                        problem(p, v[IK_ID], "item id '%s' used twice (first on line %d)", item->id,
                                def->items[j].line);
                        break;
                }
        const char *name = item->id ? item->id : "?";
        char what[80];
        snprintf(what, sizeof(what), "item '%s'", name);

        int type = -1;
        if (require(p, n, v[IK_TYPE], what, "type"))
                type = parse_word(p, v[IK_TYPE], kwhat(kw, what, "type"), type_names, 6);
        if (type < 0)
                return;
        item->type = (enum survey_item_type)type;
        for (size_t k = 0; k < IK_COUNT; k++)
                if (v[k] && !(item_key_types[k] & T(type)))
                        problem(p, v[k], "%s: '%s' does not apply to a %s item", what, item_keys[k],
                                type_names[type]);

        char twhat[100];
        snprintf(twhat, sizeof(twhat), "%s: text", what);
        if (require(p, n, v[IK_TEXT], what, "text"))
                parse_text(p, v[IK_TEXT], twhat, &item->text);
        if (v[IK_HELP]) {
                item->has_help = true;
                snprintf(twhat, sizeof(twhat), "%s: help", what);
                parse_text(p, v[IK_HELP], twhat, &item->help);
        }
        if (v[IK_REQUIRED])
                parse_bool(p, v[IK_REQUIRED], kwhat(kw, what, "required"), &item->required);

        switch (item->type) {
        case SURVEY_ITEM_SCALE:
                if (require(p, n, v[IK_SCALE], what, "scale") &&
                    expect(p, v[IK_SCALE], YAML_SCALAR_NODE, "scale")) {
                        item->scale = find_scale(def, scalar(v[IK_SCALE]));
                        if (!item->scale)
                                problem(p, v[IK_SCALE], "%s: unknown scale '%s'", what,
                                        scalar(v[IK_SCALE]));
                }
                if (v[IK_DOMAIN] && expect(p, v[IK_DOMAIN], YAML_SCALAR_NODE, "domain")) {
                        item->domain = find_domain(def, scalar(v[IK_DOMAIN]));
                        if (!item->domain)
                                problem(p, v[IK_DOMAIN], "%s: unknown domain '%s'", what,
                                        scalar(v[IK_DOMAIN]));
                }
                if (v[IK_REVERSE])
                        parse_bool(p, v[IK_REVERSE], kwhat(kw, what, "reverse"), &item->reverse);
                break;
        case SURVEY_ITEM_SINGLE:
        case SURVEY_ITEM_MULTI:
                if (require(p, n, v[IK_OPTIONS], what, "options"))
                        parse_options(p, item, v[IK_OPTIONS]);
                break;
        case SURVEY_ITEM_NUMBER:
                if (require(p, n, v[IK_MIN], what, "min"))
                        min_ok = parse_long(p, v[IK_MIN], kwhat(kw, what, "min"), -1000000000L,
                                            1000000000L, &item->min);
                if (require(p, n, v[IK_MAX], what, "max") &&
                    parse_long(p, v[IK_MAX], kwhat(kw, what, "max"), -1000000000L, 1000000000L,
                               &item->max) &&
                    min_ok && item->max < item->min)
                        problem(p, v[IK_MAX], "%s: max (%ld) is below min (%ld)", what, item->max,
                                item->min);
                if (v[IK_SUFFIX]) {
                        item->has_suffix = true;
                        snprintf(twhat, sizeof(twhat), "%s: suffix", what);
                        parse_text(p, v[IK_SUFFIX], twhat, &item->suffix);
                }
                break;
        case SURVEY_ITEM_TEXT: {
                long ml = SURVEY_TEXT_MAX;
                if (v[IK_MAX_LENGTH])
                        parse_long(p, v[IK_MAX_LENGTH], kwhat(kw, what, "max_length"), 1, 10000,
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

static void parse_sections(struct parser *p, const yaml_node_t *n)
{
        static const char *const keys[] = {"id", "title", "items"};
        struct survey_def *def = p->def;
        if (!expect(p, n, YAML_SEQUENCE_NODE, "sections"))
                return;
        size_t nsec = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (nsec == 0)
                problem(p, n, "sections: at least one section is needed");
        def->sections = xcalloc(nsec, sizeof(*def->sections));

        /* First count items so that def->items never moves (items point at each other). */
        size_t total = 0;
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *s = node_at(p, *it);
                if (s->type != YAML_MAPPING_NODE)
                        continue;
                for (yaml_node_pair_t *pair = s->data.mapping.pairs.start;
                     pair < s->data.mapping.pairs.top; pair++) {
                        const char *k = scalar(node_at(p, pair->key));
                        yaml_node_t *v = node_at(p, pair->value);
                        if (k && strcmp(k, "items") == 0 && v->type == YAML_SEQUENCE_NODE)
                                total += (size_t)(v->data.sequence.items.top -
                                                  v->data.sequence.items.start);
                }
        }
        def->items = xcalloc(total, sizeof(*def->items));
        yaml_node_t **show_if = xcalloc(total, sizeof(*show_if));

        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *s = node_at(p, *it);
                if (!expect(p, s, YAML_MAPPING_NODE, "a section"))
                        continue;
                yaml_node_t *v[3];
                map_fields(p, s, "section", keys, 3, v);
                struct survey_section *sec = &def->sections[def->nsections++];
                if (require(p, s, v[0], "section", "id"))
                        sec->id = parse_id(p, v[0], "section id");
                for (size_t j = 0; sec->id && j + 1 < def->nsections; j++)
                        if (def->sections[j].id && strcmp(def->sections[j].id, sec->id) == 0) {
                                problem(p, v[0], "section id '%s' used twice", sec->id);
                                break;
                        }
                if (require(p, s, v[1], "section", "title"))
                        parse_text(p, v[1], "section title", &sec->title);
                sec->first_item = def->nitems;
                if (!require(p, s, v[2], "section", "items") ||
                    !expect(p, v[2], YAML_SEQUENCE_NODE, "items"))
                        continue;
                if (v[2]->data.sequence.items.top == v[2]->data.sequence.items.start)
                        problem(p, v[2], "section '%s' has no items", sec->id ? sec->id : "?");
                for (yaml_node_item_t *ii = v[2]->data.sequence.items.start;
                     ii < v[2]->data.sequence.items.top; ii++) {
                        yaml_node_t *in = node_at(p, *ii);
                        if (!expect(p, in, YAML_MAPPING_NODE, "an item"))
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

static void parse_top(struct parser *p, const yaml_node_t *root)
{
        struct survey_def *def = p->def;
        yaml_node_t *v[TK_COUNT];
        if (!expect(p, root, YAML_MAPPING_NODE, "the file"))
                return;
        map_fields(p, root, "survey", top_keys, TK_COUNT, v);
        static const char *const required[] = {"lytt",  "id",      "version", "languages", "title",
                                               "intro", "support", "units",   "sections"};
        static const enum top_key required_keys[] = {TK_LYTT,      TK_ID,    TK_VERSION,
                                                     TK_LANGUAGES, TK_TITLE, TK_INTRO,
                                                     TK_SUPPORT,   TK_UNITS, TK_SECTIONS};
        for (size_t i = 0; i < sizeof(required_keys) / sizeof(required_keys[0]); i++)
                require(p, root, v[required_keys[i]], "survey", required[i]);

        int fmt;
        if (v[TK_LYTT] &&
            parse_int(p, v[TK_LYTT], "lytt (format version)", -1000000, 1000000, &fmt) && fmt != 1)
                problem(p, v[TK_LYTT], "format version %d is not known; this Lytt reads 1", fmt);
        if (v[TK_ID]) {
                def->id = parse_id(p, v[TK_ID], "survey id");
                if (def->id && strchr(def->id, '_')) {
                        problem(p, v[TK_ID],
                                "survey id '%s' may use a-z, 0-9 and '-' only (it is "
                                "part of the link)",
                                def->id);
                }
                char stem[256];
                file_stem(p->path, stem, sizeof(stem));
                if (def->id && strcmp(stem, def->id) != 0)
                        problem(p, v[TK_ID], "survey id '%s' does not match the file name '%s'",
                                def->id, stem);
        }
        if (v[TK_VERSION])
                parse_int(p, v[TK_VERSION], "version", 1, 1000000, &def->version);
        if (v[TK_AUDIENCE]) {
                static const char *const aud[] = {"adult", "young"};
                int a = parse_word(p, v[TK_AUDIENCE], "audience", aud, 2);
                if (a >= 0)
                        def->audience = (enum survey_audience)a;
        }
        if (v[TK_LANGUAGES])
                parse_languages(p, v[TK_LANGUAGES]);
        if (def->nlangs == 0)
                return; /* every text would be reported missing: one message is enough */
        if (v[TK_TITLE])
                parse_text(p, v[TK_TITLE], "title", &def->title);
        if (v[TK_INTRO])
                parse_text(p, v[TK_INTRO], "intro", &def->intro);
        if (v[TK_SUPPORT])
                parse_text(p, v[TK_SUPPORT], "support", &def->support);
        if (v[TK_PERIOD]) {
                static const char *const per[] = {"week", "month"};
                int a = parse_word(p, v[TK_PERIOD], "period", per, 2);
                if (a >= 0)
                        def->period = (enum survey_period)a;
        }
        if (v[TK_WAVE] && expect(p, v[TK_WAVE], YAML_SCALAR_NODE, "wave")) {
                if (!valid_wave(scalar(v[TK_WAVE])))
                        problem(p, v[TK_WAVE],
                                "wave '%s' must be letters, digits, '-', '_' or '.', at most %d "
                                "characters",
                                scalar(v[TK_WAVE]), SURVEY_ID_MAX);
                else
                        def->wave = xstrdup(scalar(v[TK_WAVE]));
        }
        int floor_group = SURVEY_MIN_GROUP * (def->audience == SURVEY_AUDIENCE_YOUNG ? 2 : 1);
        def->min_group = floor_group;
        if (v[TK_MIN_GROUP]) {
                int mg;
                if (parse_int(p, v[TK_MIN_GROUP], "min_group", 0, 1000, &mg)) {
                        if (mg < floor_group)
                                problem(p, v[TK_MIN_GROUP],
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
                parse_int(p, v[TK_WITHDRAW_DAYS], "withdraw_days", 1, 30, &def->withdraw_days);
        if (v[TK_UNITS])
                parse_units(p, v[TK_UNITS]);
        if (v[TK_SCALES])
                parse_scales(p, v[TK_SCALES]);
        if (v[TK_DOMAINS])
                parse_domains(p, v[TK_DOMAINS]);
        if (v[TK_SECTIONS])
                parse_sections(p, v[TK_SECTIONS]);
}

/* The line of a byte offset (libyaml gives only the offset for encoding errors). */
static int line_of(const char *text, size_t len, size_t offset)
{
        int line = 1;
        for (size_t i = 0; i < offset && i < len; i++)
                line += text[i] == '\n';
        return line;
}

static void syntax_error(struct parser *p, const yaml_parser_t *y, const char *text, size_t len)
{
        int line = (int)y->problem_mark.line + 1;
        if (y->problem_mark.line == 0 && y->problem_offset > 0)
                line = line_of(text, len, y->problem_offset);
        int started = (int)y->context_mark.line + 1;
        if (y->context && started != line)
                lytt_diags_add(p->diags, p->path, line,
                               "YAML syntax: %s %s (which started on line %d)",
                               y->problem ? y->problem : "error", y->context, started);
        else
                lytt_diags_add(p->diags, p->path, line, "YAML syntax: %s%s%s",
                               y->problem ? y->problem : "error", y->context ? " " : "",
                               y->context ? y->context : "");
        p->nerrors++;
}

/* Event pass: YAML features we refuse, and the syntax errors libyaml finds. */
static void check_events(struct parser *p, const char *text, size_t len)
{
        yaml_parser_t parser;
        yaml_event_t ev;
        int docs = 0;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        for (;;) {
                if (!yaml_parser_parse(&parser, &ev)) {
                        syntax_error(p, &parser, text, len);
                        break;
                }
                int line = (int)ev.start_mark.line + 1;
                const unsigned char *anchor = NULL, *tag = NULL;
                int implicit = 1;
                switch (ev.type) {
                case YAML_ALIAS_EVENT:
                        lytt_diags_add(p->diags, p->path, line,
                                       "YAML aliases (*name) are not allowed: write the value out");
                        p->nerrors++;
                        break;
                case YAML_SCALAR_EVENT:
                        anchor = ev.data.scalar.anchor;
                        tag = ev.data.scalar.tag;
                        implicit = ev.data.scalar.plain_implicit || ev.data.scalar.quoted_implicit;
                        break;
                case YAML_SEQUENCE_START_EVENT:
                        anchor = ev.data.sequence_start.anchor;
                        tag = ev.data.sequence_start.tag;
                        implicit = ev.data.sequence_start.implicit;
                        break;
                case YAML_MAPPING_START_EVENT:
                        anchor = ev.data.mapping_start.anchor;
                        tag = ev.data.mapping_start.tag;
                        implicit = ev.data.mapping_start.implicit;
                        break;
                case YAML_DOCUMENT_START_EVENT:
                        if (++docs == 2) {
                                lytt_diags_add(p->diags, p->path, line,
                                               "only one YAML document per file");
                                p->nerrors++;
                        }
                        break;
                default:
                        break;
                }
                if (anchor) {
                        lytt_diags_add(p->diags, p->path, line,
                                       "YAML anchors (&%s) are not allowed", (const char *)anchor);
                        p->nerrors++;
                }
                if (tag && !implicit) {
                        static const char core[] = "tag:yaml.org,2002:";
                        const char *t = (const char *)tag;
                        bool short_form = strncmp(t, core, sizeof(core) - 1) == 0;
                        lytt_diags_add(p->diags, p->path, line, "YAML tags (%s%s) are not allowed",
                                       short_form ? "!!" : "",
                                       short_form ? t + sizeof(core) - 1 : t);
                        p->nerrors++;
                }
                bool end = ev.type == YAML_STREAM_END_EVENT;
                yaml_event_delete(&ev);
                if (end)
                        break;
        }
        yaml_parser_delete(&parser);
}

/* Problems are found in checking order; people read them in file order. A stable
 * insertion sort: lists are short. */
static void sort_by_line(struct lytt_diags *d, size_t from)
{
        for (size_t i = from + 1; i < d->n; i++) {
                struct lytt_diag x = d->items[i];
                size_t j = i;
                while (j > from && d->items[j - 1].line > x.line) {
                        d->items[j] = d->items[j - 1];
                        j--;
                }
                d->items[j] = x;
        }
}

int survey_def_parse(const char *path, const char *text, size_t len, struct survey_def **out,
                     struct lytt_diags *diags)
{
        struct survey_def *def = xcalloc(1, sizeof(*def));
        struct parser p = {.path = path, .diags = diags, .def = def};
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
        check_events(&p, text, len);
        if (p.nerrors)
                goto out;

        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        if (!yaml_parser_load(&parser, &doc)) {
                syntax_error(&p, &parser, text, len);
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
        parse_top(&p, root);
out:
        if (have_doc)
                yaml_document_delete(&doc);
        free(p.key_line);
        sort_by_line(diags, first_diag);
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

const char *survey_item_type_name(enum survey_item_type type)
{
        return type_names[type];
}
