/*
 * letter: print-ready A4 PDFs for a survey round: invitation letters (one page
 * per code: the link, the code in large type and a QR code that opens the form
 * with the code filled in) and posters for waiting rooms and carer schools (a QR
 * code for the open link). Cairo draws, Pango sets the text, libqrencode makes the
 * QR codes. The texts come from the questionnaire (title, support) and a small
 * table here, in Bokmål, Nynorsk or English.
 */
#ifndef LYTT_LETTER_H
#define LYTT_LETTER_H

#include "lytt_error.h"
#include "survey_def.h"

#include <stdbool.h>
#include <stddef.h>

struct letter_job {
        const struct survey_def *def;
        const struct survey_unit *unit;
        int lang;                 /* index into def->langs */
        const char *base_url;     /* e.g. "https://lytt.kommune.no" */
        const char *const *codes; /* NULL for a poster */
        size_t ncodes;
        bool a3; /* poster size */
};

/* Writes the letters (one page per code) to path. Returns 0 or -1 with err. */
int letter_write_pdf(const struct letter_job *job, const char *path, struct lytt_error *err);

/* Writes a one-page poster with the open link and its QR code. */
int letter_write_poster(const struct letter_job *job, const char *path, struct lytt_error *err);

/* The link a letter's QR code holds: base/s/survey/unit?lang=xx[&code=CODE]. */
void letter_link(const struct letter_job *job, const char *code, char *out, size_t n);

#endif
