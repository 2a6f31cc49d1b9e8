/*
 * page: the HTML pages of the carer's journey, rendered on the server.
 *
 * Each function appends one whole page to a strbuf. Pages work without
 * JavaScript and without cookies; the language and the large-text switch travel
 * in the link (?lang=nn&size=large) and, on the form, in buttons that post the
 * answers typed so far back to the server, so switching never loses them.
 */
#ifndef LYTT_PAGE_H
#define LYTT_PAGE_H

#include "form_body.h"
#include "messages.h"
#include "response.h"
#include "strbuf.h"
#include "survey_catalog.h"

#include <stdbool.h>

/* How a page is being shown: language, text size. */
/* What is wrong with the invitation code of a form sent in. */
enum code_problem {
        CODE_OK,       /* none (or no code asked) */
        CODE_MISSING,  /* a code-only round, and no code */
        CODE_REJECTED, /* not a code of the round, or used already */
};

struct page_view {
        const struct survey_def *def; /* the survey, or NULL for pages outside one */
        int lang;                     /* index into def->langs, when def is set */
        const char *lang_code;        /* "nb", "nn", "en", ... */
        bool large;                   /* large text */
        /* Invitation code question (rounds by code, round.h): */
        bool ask_code;          /* show the code box first */
        bool code_required;     /* code-only round */
        const char *code_typed; /* what was typed or came in the link, or NULL */
        enum code_problem code_problem;
};

/* A page-level notice on the form. */
enum page_notice {
        PAGE_NOTICE_NONE,
        PAGE_NOTICE_BAD_FORM,    /* the body could not be decoded */
        PAGE_NOTICE_UNAVAILABLE, /* the database could not store it: try again */
        PAGE_NOTICE_RATE,        /* too many submissions from this address: wait */
        PAGE_NOTICE_CLOSED,      /* the round is closed: answers kept, nothing stored */
};

/*
 * The questionnaire form for unit (NULL: the form asks which unit). prefill is
 * what the carer sent before (NULL for a fresh form); checked is the validation
 * of it (NULL for none): every problem is shown beside its field and in a
 * summary at the top that links to each.
 */
void page_form(struct strbuf *sb, const struct page_view *v, const struct survey_unit *unit,
               const struct form_body *prefill, const struct response *checked,
               enum page_notice notice);

/* The thank-you page with the receipt code (NULL if none) and where to find support. */
void page_thanks(struct strbuf *sb, const struct page_view *v, const char *code);

/* What the withdraw page says. */
enum withdraw_state {
        WITHDRAW_FORM,        /* the form, fresh */
        WITHDRAW_DONE,        /* the answers are deleted */
        WITHDRAW_NOT_FOUND,   /* no answers with that code (or its window has ended) */
        WITHDRAW_MISSING,     /* no code given, or not a well-formed one */
        WITHDRAW_UNAVAILABLE, /* the database could not be reached */
        WITHDRAW_RATE,        /* too many attempts from this address */
};

/* The withdraw page in the given state. code_typed is shown back in the box (may be
 * NULL). */
void page_withdraw(struct strbuf *sb, const struct page_view *v, enum withdraw_state state,
                   const char *code_typed);

/* The start page: every survey with a link to each unit's form. */
void page_index(struct strbuf *sb, const struct page_view *v, const struct survey_catalog *cat);

/* A short page with a title and a sentence (404, 413, 405, ...). */
void page_message(struct strbuf *sb, const struct page_view *v, enum msg_id title,
                  enum msg_id body);

/* The message language of a view. */
enum msg_lang page_msg_lang(const struct page_view *v);

#endif
