/*
 * html: escaping and the page shell every server page shares.
 *
 * Everything that is not a literal of ours goes through html_escape(): texts
 * from questionnaire files, answers typed by carers, codes from URLs. The shell
 * links only the server's own stylesheet and script (no third-party request of
 * any kind) and never writes inline script or style, so the Content-Security-
 * Policy can forbid both.
 */
#ifndef LYTT_HTML_H
#define LYTT_HTML_H

#include "messages.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* Appends s with &, <, >, " and ' escaped; safe in text and in quoted attributes. */
void html_escape(struct strbuf *sb, const char *s);

/* Copies the UTF-8 text src into dst (size bytes, with the NUL), cut after the last
 * whole character that fits: text shown back on a page is never cut inside a
 * character. size 0: nothing is written. */
void html_copy_text(char *dst, size_t size, const char *src);

/* Appends s percent-encoded for use as one URL path segment or query value. */
void html_url_escape(struct strbuf *sb, const char *s);

/* What the shell needs to know about a page. All borrowed. */
struct html_page {
        const char *lang;       /* language code for <html lang> */
        enum msg_lang ml;       /* language of the server's own texts */
        bool large;             /* the large-text switch is on */
        const char *title;      /* plain text, escaped by the shell */
        bool error;             /* prefix the title with "Error: " */
        const char *body_attrs; /* extra attributes for <body>, already escaped, or NULL */
};

/* Appends the doctype, head and the start of <body><main>. */
void html_page_begin(struct strbuf *sb, const struct html_page *p);

/* Appends the footer and closes the document. */
void html_page_end(struct strbuf *sb, const struct html_page *p);

/* The version suffix ("?v=...") of the stylesheet and the script, set once at start-up
 * from their contents so that they can be cached for long. */
void html_set_asset_version(const char *v);

#endif
