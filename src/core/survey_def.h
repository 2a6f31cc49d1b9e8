/*
 * survey_def: a questionnaire definition, parsed and checked from its YAML file.
 *
 * The format is documented in docs/survey-format.md. A parsed definition is
 * immutable: the server shares one between all its threads without locks.
 * Every string and array inside it is owned by the definition and lives until
 * survey_def_free(). Pointers between parts (an item's scale, domain or
 * condition) point inside the same definition.
 *
 * Parsing reports every problem it finds as "file:line: message" entries in a
 * `struct lytt_diags`, and returns no definition if there was any.
 */
#ifndef LYTT_SURVEY_DEF_H
#define LYTT_SURVEY_DEF_H

#include "lytt_error.h"

#include <stdbool.h>
#include <stddef.h>

#define SURVEY_MAX_LANGS 8    /* languages one definition may carry */
#define SURVEY_ID_MAX    40   /* longest id of anything */
#define SURVEY_MIN_GROUP 5    /* smallest group any output may show (PRODUCT.md §2) */
#define SURVEY_TEXT_MAX  2000 /* default max_length of a free-text answer */

/* A text in every language of its definition: s[i] is in def->langs[i]. */
struct survey_text {
        char *s[SURVEY_MAX_LANGS];
};

enum survey_item_type {
        SURVEY_ITEM_SCALE,  /* a point on a scale, or "dk" */
        SURVEY_ITEM_SINGLE, /* one option id */
        SURVEY_ITEM_MULTI,  /* zero or more option ids */
        SURVEY_ITEM_YESNO,  /* "yes", "no" or "dk" */
        SURVEY_ITEM_NUMBER, /* a whole number in [min, max] */
        SURVEY_ITEM_TEXT,   /* free text, at most max_length characters */
};

enum survey_audience {
        SURVEY_AUDIENCE_ADULT,
        SURVEY_AUDIENCE_YOUNG, /* 12-18 years: every anonymity threshold doubles */
};

enum survey_period {
        SURVEY_PERIOD_WEEK,  /* ISO week, "2026-W48" */
        SURVEY_PERIOD_MONTH, /* "2026-11" */
};

struct survey_option {
        char *id;
        struct survey_text label;
};

struct survey_point {
        int value;
        struct survey_text label;
        bool positive; /* counted in "percent positive" */
};

struct survey_scale {
        char *id;
        struct survey_point *points; /* lowest value first */
        size_t npoints;
        bool has_dont_know;           /* offers "dk" beside the points */
        struct survey_text dont_know; /* its label, when has_dont_know */
};

struct survey_domain {
        char *id;
        struct survey_text title;
};

struct survey_unit {
        char *id;
        struct survey_text name;
};

struct survey_item {
        char *id;
        enum survey_item_type type;
        int line; /* where it is defined, for messages */
        size_t section;
        struct survey_text text;
        bool has_help;
        struct survey_text help;
        bool required;
        bool reverse;                       /* scale items only */
        const struct survey_scale *scale;   /* scale items only */
        const struct survey_domain *domain; /* scale items; may be NULL */
        struct survey_option *options;      /* single and multi */
        size_t noptions;
        long min, max; /* number items */
        bool has_suffix;
        struct survey_text suffix;         /* number items */
        size_t max_length;                 /* text items, in characters */
        const struct survey_item *show_if; /* condition item (earlier), or NULL */
        char **show_if_values;             /* values that make the condition true */
        size_t nshow_if_values;
};

struct survey_section {
        char *id;
        struct survey_text title;
        size_t first_item; /* index into def->items */
        size_t nitems;
};

struct survey_def {
        char *path;   /* the file it was read from */
        char *source; /* the whole file's text, NUL-terminated (stored with responses' version) */
        size_t source_len;
        char *id;
        int version;
        enum survey_audience audience;
        char *langs[SURVEY_MAX_LANGS]; /* language codes; nb, nn, en always among them */
        size_t nlangs;
        struct survey_text title, intro, support;
        enum survey_period period;
        char *wave; /* fixed wave label, or NULL for the current half year */
        int min_group;
        int withdraw_days;
        struct survey_unit *units;
        size_t nunits;
        struct survey_scale *scales;
        size_t nscales;
        struct survey_domain *domains;
        size_t ndomains;
        struct survey_section *sections;
        size_t nsections;
        struct survey_item *items; /* all items of all sections, in form order */
        size_t nitems;
};

/*
 * Parses and checks `len` bytes of YAML `text` read from `path` (used in
 * messages and to check that the file name matches the id; it need not exist).
 * On success returns 0 and sets *out to a new definition, the caller's to
 * survey_def_free(). On any problem returns -1, sets *out to NULL and appends
 * one entry per problem to diags.
 */
int survey_def_parse(const char *path, const char *text, size_t len, struct survey_def **out,
                     struct lytt_diags *diags);

/* Reads the file at path and parses it as survey_def_parse() does. An unreadable
 * file is one problem in diags. */
int survey_def_load(const char *path, struct survey_def **out, struct lytt_diags *diags);

/* Frees a definition; NULL is a no-op. */
void survey_def_free(struct survey_def *def);

/* The item, unit or language with this id, or NULL / -1 (borrowed pointers). */
const struct survey_item *survey_def_item(const struct survey_def *def, const char *id);
const struct survey_unit *survey_def_unit(const struct survey_def *def, const char *id);
int survey_def_lang(const struct survey_def *def, const char *code);

/* The text in language index lang (falls back to the first language). Borrowed. */
const char *survey_text_get(const struct survey_text *t, int lang);

/* The lowest group size any output may show for this definition (already doubled
 * for young carers), and the one for free text (10, doubled for young carers). */
int survey_def_min_group(const struct survey_def *def);
int survey_def_min_free_text_group(const struct survey_def *def);

/* The name of an item type as written in the file ("scale", "single", ...). */
const char *survey_item_type_name(enum survey_item_type type);

#endif
