/*
 * messages: every user-facing text of the server that does not come from a
 * questionnaire file, in Bokmål, Nynorsk and English.
 *
 * One table, one place: pages never hold literal text. A questionnaire may add
 * languages beyond nb, nn and en; for those the server's own texts are English.
 * Texts are plain UTF-8 (escape them when putting them in HTML); a few take one
 * printf argument, noted beside them.
 */
#ifndef LYTT_MESSAGES_H
#define LYTT_MESSAGES_H

#include "strbuf.h"

enum msg_lang { MSG_NB, MSG_NN, MSG_EN, MSG_NLANGS };

enum msg_id {
        M_SKIP_TO_FORM,
        M_LANGUAGE,
        M_TEXT_SIZE,
        M_LARGER_TEXT,
        M_NORMAL_TEXT,
        M_REQUIRED,
        M_OPTIONAL_NOTE, /* the intro line about required questions */
        M_SUBMIT,
        M_YES,
        M_NO,
        M_DONT_KNOW,
        M_SHOW_IF_HINT, /* %s: the condition ("Answer if ...") */
        M_WHICH_UNIT,
        M_ERROR_TITLE_PREFIX,
        M_ERROR_SUMMARY_ONE,
        M_ERROR_SUMMARY_MANY, /* %zu: number of problems */
        M_ERR_MISSING,
        M_ERR_BAD_CHOICE,
        M_ERR_MULTIPLE,
        M_ERR_NOT_A_NUMBER,
        M_ERR_OUT_OF_RANGE, /* %ld %ld: min, max */
        M_ERR_TOO_LONG,     /* %zu: max characters */
        M_ERR_BAD_FORM,
        M_NUMBER_RANGE, /* %ld %ld */
        M_TEXT_MAX,     /* %zu */
        M_THANKS_TITLE,
        M_THANKS_BODY,
        M_RECEIPT_LABEL,
        M_RECEIPT_HELP, /* %d: days */
        M_WITHDRAW_LINK,
        M_SUPPORT_TITLE,
        M_WITHDRAW_TITLE,
        M_WITHDRAW_INTRO,
        M_WITHDRAW_CODE,
        M_WITHDRAW_BUTTON,
        M_WITHDRAW_DONE,
        M_WITHDRAW_NOT_FOUND,
        M_WITHDRAW_MISSING,
        M_NOT_FOUND_TITLE,
        M_NOT_FOUND_BODY,
        M_TOO_LARGE_TITLE,
        M_TOO_LARGE_BODY,
        M_UNAVAILABLE_TITLE,
        M_UNAVAILABLE_BODY,
        M_RATE_TITLE,
        M_RATE_BODY,
        M_BAD_REQUEST_TITLE,
        M_BAD_REQUEST_BODY,
        M_METHOD_TITLE,
        M_METHOD_BODY,
        M_UNSUPPORTED_TITLE,
        M_UNSUPPORTED_BODY,
        M_INDEX_TITLE,
        M_INDEX_INTRO,
        M_INDEX_EMPTY,
        M_CHOOSE_UNIT,
        M_ANONYMOUS_NOTE,
        M_BACK_TO_START,
        M_CODE_LABEL,
        M_CODE_HELP,
        M_ERR_CODE_MISSING,
        M_ERR_CODE_USED,
        M_CLOSED_TITLE,
        M_CLOSED_BODY,
        M_COUNT
};

/* The text of id in language lang. Never NULL. */
const char *msg(enum msg_id id, enum msg_lang lang);

/* Appends the text of id, a printf format, with its arguments (see the notes in
 * enum msg_id). The one place where a format is not a literal: tests check
 * that every language of a text has the same conversions. */
void msg_addf(struct strbuf *sb, enum msg_id id, enum msg_lang lang, ...);

/* The message language for a language code: nb, nn, en; anything else is English. */
enum msg_lang msg_lang_of(const char *code);

#endif
