/*
 * survey_yaml.c: reading typed values from YAML nodes, with a problem per bad value.
 */
#include "survey_yaml.h"

#include "strbuf.h"
#include "xmalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yp_problem(struct yp *p, const yaml_node_t *node, const char *fmt, ...)
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

yaml_node_t *yp_node_at(struct yp *p, int index)
{
        return yaml_document_get_node(p->doc, index);
}

const char *yp_scalar(const yaml_node_t *n)
{
        return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

const char *yp_kind_name(const yaml_node_t *n)
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

bool yp_expect(struct yp *p, const yaml_node_t *n, yaml_node_type_t type, const char *what)
{
        if (n->type == type)
                return true;
        const char *want = type == YAML_SCALAR_NODE     ? "a single value"
                           : type == YAML_SEQUENCE_NODE ? "a list"
                                                        : "a mapping";
        yp_problem(p, n, "%s must be %s, not %s", what, want, yp_kind_name(n));
        return false;
}

/*
 * Looks up every key of a mapping against a table of allowed keys; reports
 * unknown and repeated keys; fills vals[i] with the value node of keys[i] or NULL.
 */
void yp_map_fields(struct yp *p, const yaml_node_t *map, const char *what, const char *const *keys,
                   size_t nkeys, yaml_node_t **vals)
{
        for (size_t i = 0; i < nkeys; i++)
                vals[i] = NULL;
        for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
             pair < map->data.mapping.pairs.top; pair++) {
                yaml_node_t *k = yp_node_at(p, pair->key);
                const char *key = yp_scalar(k);
                if (!key) {
                        yp_problem(p, k, "%s: keys must be plain words", what);
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
                        yp_problem(p, k, "%s: unknown key '%s' (allowed: %s)", what, key,
                                   allowed.buf);
                        strbuf_release(&allowed);
                } else if (vals[i]) {
                        yp_problem(p, k, "%s: key '%s' given twice", what, key);
                } else {
                        vals[i] = yp_node_at(p, pair->value);
                        p->key_line[pair->value - 1] = (int)k->start_mark.line + 1;
                }
        }
}

bool yp_require(struct yp *p, const yaml_node_t *map, yaml_node_t *val, const char *what,
                const char *key)
{
        if (val)
                return true;
        yp_problem(p, map, "%s: missing required key '%s'", what, key);
        return false;
}

bool yp_valid_id(const char *s)
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
char *yp_parse_id(struct yp *p, const yaml_node_t *n, const char *what)
{
        if (!yp_expect(p, n, YAML_SCALAR_NODE, what))
                return NULL;
        const char *s = yp_scalar(n);
        if (!yp_valid_id(s)) {
                yp_problem(p, n,
                           "%s '%s' is not a valid id (use a-z, 0-9, '_' and '-', start with a "
                           "letter or digit, at most %d characters)",
                           what, s, SURVEY_ID_MAX);
                return NULL;
        }
        return xstrdup(s);
}

bool yp_parse_long(struct yp *p, const yaml_node_t *n, const char *what, long lo, long hi,
                   long *out)
{
        if (!yp_expect(p, n, YAML_SCALAR_NODE, what))
                return false;
        const char *s = yp_scalar(n);
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (!*s || *end || errno || !(*s == '-' || (*s >= '0' && *s <= '9'))) {
                yp_problem(p, n, "%s must be a whole number, not '%s'", what, s);
                return false;
        }
        if (v < lo || v > hi) {
                yp_problem(p, n, "%s must be between %ld and %ld, not %ld", what, lo, hi, v);
                return false;
        }
        *out = v;
        return true;
}

bool yp_parse_int(struct yp *p, const yaml_node_t *n, const char *what, long lo, long hi, int *out)
{
        long v;
        if (!yp_parse_long(p, n, what, lo, hi, &v))
                return false;
        *out = (int)v;
        return true;
}

bool yp_parse_bool(struct yp *p, const yaml_node_t *n, const char *what, bool *out)
{
        if (!yp_expect(p, n, YAML_SCALAR_NODE, what))
                return false;
        const char *s = yp_scalar(n);
        if (strcmp(s, "true") == 0) {
                *out = true;
        } else if (strcmp(s, "false") == 0) {
                *out = false;
        } else {
                yp_problem(p, n, "%s must be true or false, not '%s'", what, s);
                return false;
        }
        return true;
}

/* One of a table of words; returns its index or -1. */
int yp_parse_word(struct yp *p, const yaml_node_t *n, const char *what, const char *const *words,
                  size_t nwords)
{
        if (!yp_expect(p, n, YAML_SCALAR_NODE, what))
                return -1;
        const char *s = yp_scalar(n);
        for (size_t i = 0; i < nwords; i++)
                if (strcmp(words[i], s) == 0)
                        return (int)i;
        struct strbuf allowed = STRBUF_INIT;
        for (size_t j = 0; j < nwords; j++)
                strbuf_addf(&allowed, "%s%s", j ? ", " : "", words[j]);
        yp_problem(p, n, "%s must be one of %s, not '%s'", what, allowed.buf, s);
        strbuf_release(&allowed);
        return -1;
}

/* A text: a mapping from each of the definition's languages to a non-empty string. */
void yp_parse_text(struct yp *p, const yaml_node_t *n, const char *what, struct survey_text *out)
{
        struct survey_def *def = p->def;
        bool seen[SURVEY_MAX_LANGS] = {false};
        if (!yp_expect(p, n, YAML_MAPPING_NODE, what))
                return;
        for (yaml_node_pair_t *pair = n->data.mapping.pairs.start; pair < n->data.mapping.pairs.top;
             pair++) {
                yaml_node_t *k = yp_node_at(p, pair->key);
                yaml_node_t *v = yp_node_at(p, pair->value);
                const char *code = yp_scalar(k);
                int li = code ? survey_def_lang(def, code) : -1;
                if (li < 0) {
                        yp_problem(p, k, "%s: '%s' is not one of the file's languages", what,
                                   code ? code : "?");
                        continue;
                }
                if (seen[li]) {
                        yp_problem(p, k, "%s: language '%s' given twice", what, code);
                        continue;
                }
                seen[li] = true;
                if (!yp_expect(p, v, YAML_SCALAR_NODE, what))
                        continue;
                const char *s = yp_scalar(v);
                bool null = v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                            (strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
                             strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0);
                if (!*s || null) {
                        yp_problem(p, v, "%s: the '%s' text is empty", what, code);
                        continue;
                }
                out->s[li] = xstrdup(s);
        }
        for (size_t i = 0; i < def->nlangs; i++)
                if (!seen[i])
                        yp_problem(p, n, "%s has no '%s' translation", what, def->langs[i]);
}

/* The line of a byte offset (libyaml gives only the offset for encoding errors). */
static int yp_line_of(const char *text, size_t len, size_t offset)
{
        int line = 1;
        for (size_t i = 0; i < offset && i < len; i++)
                line += text[i] == '\n';
        return line;
}

void yp_syntax_error(struct yp *p, const yaml_parser_t *y, const char *text, size_t len)
{
        int line = (int)y->problem_mark.line + 1;
        if (y->problem_mark.line == 0 && y->problem_offset > 0)
                line = yp_line_of(text, len, y->problem_offset);
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
void yp_check_events(struct yp *p, const char *text, size_t len)
{
        yaml_parser_t parser;
        yaml_event_t ev;
        int docs = 0;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        for (;;) {
                if (!yaml_parser_parse(&parser, &ev)) {
                        yp_syntax_error(p, &parser, text, len);
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
void yp_sort_by_line(struct lytt_diags *d, size_t from)
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
