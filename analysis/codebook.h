/*
 * codebook: what the values of an export mean, in one language: the labels of
 * scale points, options, yes/no and don't know, the code SPSS gets for each, and
 * the few words the exports need beyond the questionnaire's own texts.
 *
 * Two codings: as stored (and in CSV and xlsx: "4", "dk", an option id, "yes"),
 * and the numeric one of the SPSS file: scale points as their value, options 1..k
 * in questionnaire order, yes 1 and no 0, don't know as codebook_dont_know_code()
 * and a value the export blanked (export.h: "*" in CSV and xlsx) as
 * codebook_blanked_code(), both declared user-missing. Labels are borrowed from
 * the item or a static table.
 */
#ifndef LYTT_CODEBOOK_H
#define LYTT_CODEBOOK_H

#include "survey_def.h"

#include <stdbool.h>
#include <stddef.h>

/* Words of the exports themselves, in nb, nn and en. */
enum codebook_word {
        CODEBOOK_YES,
        CODEBOOK_NO,
        CODEBOOK_DONT_KNOW, /* yes/no items; scales carry their own label */
        CODEBOOK_CHOSEN,
        CODEBOOK_NOT_CHOSEN,
        CODEBOOK_ROW, /* the running number */
        CODEBOOK_UNIT,
        CODEBOOK_WAVE,
        CODEBOOK_LANG,
        CODEBOOK_VERSION,   /* the questionnaire version */
        CODEBOOK_BLANKED,   /* the label of a blanked value */
        CODEBOOK_RULE,      /* what the export blanks and withholds, and why */
        CODEBOOK_COARSENED, /* the time of answering: the wave, nothing finer */
        CODEBOOK_FILTERED,  /* what a filtered export leaves to the whole one */
        CODEBOOK_MIN_GROUP, /* "minimum group" */
        CODEBOOK_WITHHELD,  /* "rows withheld" */
        CODEBOOK_NWORDS
};

/* The word in language lang ("nb", "nn" or "en"; anything else gives "en"). */
const char *codebook_word(enum codebook_word w, const char *lang);

struct codebook_value {
        char value[SURVEY_ID_MAX + 1]; /* as stored: "4", "dk", "partner", "yes" */
        double code;                   /* in the SPSS file */
        const char *label;             /* borrowed */
        bool dont_know;                /* the don't-know answer (user-missing in SPSS) */
};

/* How many values codebook_values() can give for item (0 for numbers and text). */
size_t codebook_max_values(const struct survey_item *item);

/* Fills out (room for codebook_max_values(item)) with the values item can take, in
 * questionnaire order, don't know last; labels in language index lang of the item's
 * questionnaire, words in lang_code. Returns the count. */
size_t codebook_values(const struct survey_item *item, int lang, const char *lang_code,
                       struct codebook_value *out);

/* Whether item offers "dk". */
bool codebook_has_dont_know(const struct survey_item *item);

/* The SPSS code of don't know for item: 99, or 999 on a scale that has a point 99. */
double codebook_dont_know_code(const struct survey_item *item);

/* The SPSS code of a blanked value of a single-choice, yes/no or scale item: 98, or
 * 998 where 98 could be a value (98 options or more; a scale point 98). */
double codebook_blanked_code(const struct survey_item *item);

/* The SPSS code of a stored value of a scale, single-choice, yes/no or number item:
 * 0 and *code, or -1 if item cannot take value. */
int codebook_code(const struct survey_item *item, const char *value, double *code);

#endif
