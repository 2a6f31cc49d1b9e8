/*
 * chart_doc: a multi-page A4 PDF of text, tables and charts, set top to bottom.
 *
 * The caller adds blocks in reading order; the document breaks pages where a
 * block does not fit (a heading is kept with what follows it, a chart a little
 * too tall is scaled down to stay on its page) and when asked to with
 * chart_doc_page(). Every page but the first carries a footer: the caller's
 * text on the left, "Side N" / "Page N" on the right.
 *
 * The PDF has no creation or modification date and its content depends only
 * on the calls made, so the same report of the same data has the same bytes.
 * Text is plain UTF-8 (no markup), set with Pango in DejaVu Sans.
 *
 * A document is an opaque object: chart_doc_new() opens it, chart_doc_close()
 * writes the last page, closes the file and frees it.
 */
#ifndef LYTT_CHART_DOC_H
#define LYTT_CHART_DOC_H

#include "chart.h"
#include "chart_layout.h"

#define CHART_DOC_WIDTH  595.276 /* A4 in points */
#define CHART_DOC_HEIGHT 841.890
#define CHART_DOC_MARGIN 54.0

struct chart_doc;

struct chart_doc_info {
        const char *path;   /* the PDF to write */
        const char *title;  /* the PDF's title (metadata) */
        const char *footer; /* left footer text, or NULL */
        enum chart_lang lang;
};

/* Opens path for writing. Returns 0 and *out, or -1 with err. */
int chart_doc_new(const struct chart_doc_info *info, struct chart_doc **out,
                  struct chart_error *err);

enum chart_doc_style {
        CHART_DOC_COVER_TITLE, /* 26 pt bold */
        CHART_DOC_COVER_SUB,   /* 14 pt */
        CHART_DOC_H1,          /* 17 pt bold, with a rule under it */
        CHART_DOC_H2,          /* 11.5 pt bold */
        CHART_DOC_BODY,        /* 9.5 pt */
        CHART_DOC_SMALL,       /* 8 pt, grey */
};

/* A paragraph (wrapped to the text width). */
void chart_doc_text(struct chart_doc *d, enum chart_doc_style style, const char *text);

/* A bullet point: an optional bold lead, then text, as one wrapped paragraph. */
void chart_doc_bullet(struct chart_doc *d, const char *lead, const char *text);

/* Key figures side by side: a big value over a small label each (at most 4). */
struct chart_doc_figure {
        const char *value; /* "1 510" */
        const char *label; /* "svar" */
};
void chart_doc_figures(struct chart_doc *d, const struct chart_doc_figure *figs, size_t n);

/* A table with a header row. Cells are row-major (nrows x ncols); a muted cell
 * is set in grey (e.g. "for få svar"). */
struct chart_doc_table {
        const char *const *head; /* ncols */
        size_t ncols;
        const char *const *cells; /* nrows * ncols, NULL for empty */
        const bool *muted;        /* nrows * ncols, or NULL */
        size_t nrows;
        const double *widths;          /* ncols fractions of the text width, or NULL: equal */
        const enum chart_align *align; /* ncols, or NULL: all left */
};
void chart_doc_table(struct chart_doc *d, const struct chart_doc_table *t);

/* A chart at the full text width. */
void chart_doc_chart(struct chart_doc *d, const struct chart_spec *spec);

/* Vertical space. */
void chart_doc_space(struct chart_doc *d, double points);

/* What follows starts on a new page (nothing happens on an empty page). */
void chart_doc_page(struct chart_doc *d);

/* The space left on the current page, in points. */
double chart_doc_room(const struct chart_doc *d);

/* Pages so far (the current one included). */
size_t chart_doc_pages(const struct chart_doc *d);

/* Finishes the last page, writes and closes the file, and frees d (also on
 * failure). Returns 0, or -1 with err. */
int chart_doc_close(struct chart_doc *d, struct chart_error *err);

#endif
