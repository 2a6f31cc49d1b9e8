/*
 * chart_layout_priv: what the layout's files share (chart_layout.c: the frame,
 * marks, legend and notes; chart_layout_rows.c: agreement and dot charts;
 * chart_layout_series.c: run charts, p-charts and counts). Not installed, not
 * for callers.
 */
#ifndef LYTT_CHART_LAYOUT_PRIV_H
#define LYTT_CHART_LAYOUT_PRIV_H

#include "chart_layout.h"

#define LAYOUT_GAP      10.0 /* between columns */
#define LAYOUT_SWATCH   9.0  /* legend swatches */
#define LAYOUT_TICK_PAD 4.0  /* between an axis and its tick labels */

/* The part of the frame a kind's body is laid out in. */
struct layout_frame {
        const struct chart_spec *spec;
        const struct chart_measure *m;
        double x0, x1; /* inside the padding */
        double y;      /* where the body starts; the body advances it */
};

enum legend_swatch {
        SWATCH_RECT,    /* a filled square */
        SWATCH_HATCH,   /* a hatched grey square: hidden */
        SWATCH_LINE,    /* a solid line */
        SWATCH_DASH,    /* a dashed line */
        SWATCH_DOT,     /* a marker */
        SWATCH_WHISKER, /* a dot on an interval */
};

struct legend_item {
        enum legend_swatch swatch;
        uint32_t colour;
        enum chart_shape shape; /* SWATCH_DOT */
        bool hollow;            /* SWATCH_DOT */
        const char *label;
};

/* Text sizes through the measurer. */
void layout_measure(const struct layout_frame *f, const char *text, enum chart_font font,
                    double wrap, double *w, double *h);
double layout_text_width(const struct layout_frame *f, const char *text, enum chart_font font);
double layout_line_height(const struct layout_frame *f, enum chart_font font);

/* Adds a mark (copied) and returns it. */
struct chart_mark *layout_add(struct chart_layout *l, const struct chart_mark *m);

/* Keeps a copy of s for the layout's lifetime and returns it. */
const char *layout_keep(struct chart_layout *l, const char *s);

void layout_rect(struct chart_layout *l, double x0, double y0, double x1, double y1, uint32_t fill,
                 uint32_t stroke, bool hatched);
void layout_line(struct chart_layout *l, double x0, double y0, double x1, double y1,
                 uint32_t colour, double width, bool dashed);
void layout_dot(struct chart_layout *l, double x, double y, double r, enum chart_shape shape,
                uint32_t fill, uint32_t stroke);
/* A text in the box x0, y0 .. x1, y0 + its height (the text is copied). */
void layout_text(struct chart_layout *l, double x0, double y0, double x1, double h,
                 const char *text, enum chart_font font, enum chart_align align, bool wrap,
                 uint32_t colour);
/* A one-line text centred vertically on y, aligned against x (left: starts at x;
 * right: ends at x; centre: centred on x). */
void layout_label(struct chart_layout *l, const struct layout_frame *f, double x, double y,
                  const char *text, enum chart_font font, enum chart_align align, uint32_t colour);

/* Lays out a legend that flows from f->x0 to f->x1 at f->y; advances f->y. */
void layout_legend(struct chart_layout *l, struct layout_frame *f, const struct legend_item *items,
                   size_t n);

/* The label column's width for a chart `width` wide inside the padding. */
double layout_label_column(double inner_width);

/* The bodies of the kinds; each advances f->y. */
void layout_agreement(struct chart_layout *l, struct layout_frame *f);
void layout_dots(struct chart_layout *l, struct layout_frame *f);
void layout_series(struct chart_layout *l, struct layout_frame *f);

#endif
