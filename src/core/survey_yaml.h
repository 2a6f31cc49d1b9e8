/*
 * survey_yaml: the YAML side of reading a questionnaire (private to the core).
 *
 * Two passes over the file with libyaml: an event pass (yp_check_events()) that
 * refuses anchors, aliases, tags and extra documents, so that what a reviewer reads is
 * what the server sees, and then the document, whose nodes the schema
 * (survey_schema.c) walks with the readers below. Each reader reports a problem at the
 * node's line (a block's problem at its key's line) and goes on, so that one run
 * reports all of them.
 */
#ifndef LYTT_SURVEY_YAML_H
#define LYTT_SURVEY_YAML_H

#include "lytt_error.h"
#include "survey_def.h"

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

/* One reading of one file. */
struct yp {
        const char *path;         /* for the problems' file:line */
        yaml_document_t *doc;     /* the document pass's tree (NULL in the event pass) */
        struct lytt_diags *diags; /* where problems go */
        struct survey_def *def;   /* the model being built */
        size_t nerrors;           /* problems so far */
        int *key_line;            /* per node index: line of the key whose value it is, or 0 */
};

/* Adds a problem at node's line (a mapping's or list's: its key's line; node NULL:
 * line 0, the file as a whole) and counts it. */
void yp_problem(struct yp *p, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Nodes: by index; a scalar's text (NULL if not a scalar); "a list", "a mapping", ... */
yaml_node_t *yp_node_at(struct yp *p, int index);
const char *yp_scalar(const yaml_node_t *n);
const char *yp_kind_name(const yaml_node_t *n);
/* True if n is of type; otherwise a problem "WHAT must be ..., not ...". */
bool yp_expect(struct yp *p, const yaml_node_t *n, yaml_node_type_t type, const char *what);
/* The values of a mapping's keys into vals (NULL where absent), in the order of keys;
 * an unknown or repeated key is a problem. */
void yp_map_fields(struct yp *p, const yaml_node_t *map, const char *what, const char *const *keys,
                   size_t nkeys, yaml_node_t **vals);
/* True if val (key of map) is there; otherwise "WHAT needs KEY". */
bool yp_require(struct yp *p, const yaml_node_t *map, yaml_node_t *val, const char *what,
                const char *key);
/* Ids are [a-z0-9_-], 1 to SURVEY_ID_MAX characters, starting with a letter or digit. */
bool yp_valid_id(const char *s);
/* Typed scalars: an id (the caller's to free, NULL after a problem), a whole number
 * within [lo, hi], true/false, one of words (its index, or -1 after a problem), and a
 * text in every language of the questionnaire (a plain string is every language's). */
char *yp_parse_id(struct yp *p, const yaml_node_t *n, const char *what);
bool yp_parse_long(struct yp *p, const yaml_node_t *n, const char *what, long lo, long hi,
                   long *out);
bool yp_parse_int(struct yp *p, const yaml_node_t *n, const char *what, long lo, long hi, int *out);
bool yp_parse_bool(struct yp *p, const yaml_node_t *n, const char *what, bool *out);
int yp_parse_word(struct yp *p, const yaml_node_t *n, const char *what, const char *const *words,
                  size_t nwords);
void yp_parse_text(struct yp *p, const yaml_node_t *n, const char *what, struct survey_text *out);
/* The passes: a libyaml syntax error as a problem; the event pass (anchors, aliases,
 * tags, a second document); the problems of one file sorted into file order. */
void yp_syntax_error(struct yp *p, const yaml_parser_t *y, const char *text, size_t len);
void yp_check_events(struct yp *p, const char *text, size_t len);
void yp_sort_by_line(struct lytt_diags *d, size_t from);

/* The schema's walk over the document's root (survey_schema.c). */
void survey_schema_check(struct yp *p, const yaml_node_t *root);

#endif
