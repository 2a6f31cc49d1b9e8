/*
 * response: one carer's answers, validated against a questionnaire.
 *
 * response_from_form() turns a decoded form body into the answers that will be
 * stored, applying every rule of the questionnaire: values must be ones the
 * item can take, required items must be answered, and answers to items whose
 * show_if condition is false are dropped (never stored, never required).
 * Fields the questionnaire does not know are ignored; names starting with '_'
 * are the form's own controls. Problems are recorded per item so that the form
 * can be shown again with every typed answer and a message beside each field.
 */
#ifndef LYTT_RESPONSE_H
#define LYTT_RESPONSE_H

#include "form_body.h"
#include "survey_def.h"

enum response_problem {
        RESPONSE_OK = 0,
        RESPONSE_MISSING,      /* a required item has no answer */
        RESPONSE_BAD_CHOICE,   /* not one of the item's values */
        RESPONSE_MULTIPLE,     /* more than one value for a one-value item */
        RESPONSE_NOT_A_NUMBER, /* number item: not a whole number */
        RESPONSE_OUT_OF_RANGE, /* number item: outside [min, max] */
        RESPONSE_TOO_LONG,     /* text item: more than max_length characters */
};

struct response_answer {
        const struct survey_item *item; /* borrowed from the definition */
        char *value;                    /* owned; as stored (see docs/survey-format.md) */
};

struct response {
        const struct survey_def *def;   /* borrowed */
        const struct survey_unit *unit; /* borrowed; NULL when not given or invalid */
        int lang;                       /* index into def->langs */
        struct response_answer *answers;
        size_t nanswers, alloc;
        enum response_problem *problems;    /* owned; one per def->items entry */
        enum response_problem unit_problem; /* for the "_unit" question of /s/<survey> */
        size_t nproblems;                   /* problems found, unit included */
};
#define RESPONSE_INIT                                                                              \
        {                                                                                          \
                0                                                                                  \
        }

/*
 * Validates body against def. `unit` is the unit from the link, or NULL to read it
 * from the "_unit" field (it must then name a unit of def). Fills *r (which must be
 * RESPONSE_INIT or released) and returns the number of problems: 0 means r holds
 * exactly the answers to store.
 */
size_t response_from_form(struct response *r, const struct survey_def *def,
                          const struct survey_unit *unit, int lang, const struct form_body *body);

/* Whether item applies given the answers in r (its show_if condition holds). Only
 * meaningful after response_from_form(). */
bool response_item_active(const struct response *r, const struct survey_item *item);

/* Frees what r owns; r is then RESPONSE_INIT. */
void response_release(struct response *r);

/* A stable English name for a problem ("missing", "bad-choice", ...), for logs and tests. */
const char *response_problem_name(enum response_problem p);

#endif
