/*
 * chart_layout: where everything of a chart goes, computed in plain C.
 *
 * chart_layout_new() turns a spec (chart.h) and a width into a layout: the
 * chart's height, the geometry a test or a caller can check (plot area, axis,
 * row bands, bar extents, label positions, the order of the rows) and a list
 * of marks (rectangles, lines, dots, texts) that chart_draw.h renders one by
 * one without deciding anything itself. Text is measured through a caller's
 * struct chart_measure, so tests can lay out with a fixed-width fake and
 * drawing uses Pango's real measurements.
 *
 * What each kind looks like:
 *  - agreement: a label column, diverging bars on a fixed axis from -100 % to
 *    100 % (so charts of the same width compare), the unfavourable categories
 *    left of zero and the favourable right, an odd neutral category split
 *    half and half at zero, the unfavourable total left of the bar and the
 *    favourable total right of it; then a don't-know column and an n column.
 *    Rows are sorted by favourable share (highest first) unless keep_order;
 *    hidden rows come last, in input order.
 *  - dots: a label column, a value axis (0 .. 100 or the data's nice range),
 *    a whisker from lo to hi, the dot, the row's reference mark, a line for the
 *    reference over all rows, then value and n columns.
 *  - run, pchart, counts: a band per point along x, a nice y axis, every k-th
 *    period label where all do not fit (label_stride), n under the labels or
 *    as a range in a footnote, centre line, p-chart limits as steps, breaks as
 *    dashed verticals, hidden points as hatched grey bands.
 * Hidden rows and points produce no mark that carries their numbers.
 */
#ifndef LYTT_CHART_LAYOUT_H
#define LYTT_CHART_LAYOUT_H

#include "chart.h"
#include "chart_axis.h"

enum chart_font {
        CHART_FONT_TITLE,    /* 12 pt bold */
        CHART_FONT_SUBTITLE, /* 9 pt */
        CHART_FONT_LABEL,    /* 8.5 pt: row labels, legend */
        CHART_FONT_VALUE,    /* 8 pt bold: numbers on the chart */
        CHART_FONT_SMALL,    /* 7.5 pt: axis ticks, n, notes */
};

/* The size in points and whether it is bold. */
double chart_font_size(enum chart_font font);
bool chart_font_bold(enum chart_font font);

/* How text is measured: the size of text set in font, wrapped at wrap points
 * (wrap <= 0: one line). */
struct chart_measure {
        void (*size)(void *ctx, const char *text, enum chart_font font, double wrap, double *w,
                     double *h);
        void *ctx;
};

enum chart_mark_kind {
        CHART_MARK_RECT, /* x0, y0 .. x1, y1 */
        CHART_MARK_LINE, /* from x0, y0 to x1, y1 */
        CHART_MARK_DOT,  /* centre x0, y0, radius r */
        CHART_MARK_TEXT, /* in the box x0, y0 .. x1, y1: from its top, aligned between x0 and
                            x1 (wrapped there if wrap); vertical texts are centred in it */
};

enum chart_align { CHART_ALIGN_LEFT, CHART_ALIGN_CENTRE, CHART_ALIGN_RIGHT };

enum chart_shape { CHART_SHAPE_CIRCLE, CHART_SHAPE_UP, CHART_SHAPE_DOWN, CHART_SHAPE_DIAMOND };

#define CHART_NO_COLOUR 0xFFFFFFFFu

struct chart_mark {
        enum chart_mark_kind kind;
        double x0, y0, x1, y1;
        double r;               /* dots: radius */
        uint32_t fill;          /* rects, dots; CHART_NO_COLOUR: none; texts: the colour */
        uint32_t stroke;        /* lines, outlines; CHART_NO_COLOUR: none */
        double line_width;      /* of strokes */
        bool dashed;            /* lines */
        bool hatched;           /* rects: grey diagonal hatching over the fill */
        enum chart_shape shape; /* dots */
        enum chart_font font;   /* texts */
        enum chart_align align; /* texts: within x0 .. x1 */
        bool wrap;              /* texts: wrap at x1 - x0 */
        bool vertical;          /* texts: turned 90° anticlockwise, centred in the box */
        const char *text;       /* borrowed from the spec or owned by the layout */
};

struct chart_rect {
        double x0, y0, x1, y1;
};

/* Geometry of one shown row (agreement, dots) or point (series). */
struct chart_row_geom {
        size_t input;            /* index of the row or point in the spec */
        double y0, y1;           /* the row's band (series: the plot's height) */
        double x0, x1;           /* series: the point's band along x */
        struct chart_rect label; /* the label's box (series: the period label) */
        double bar_y0, bar_y1;   /* bars and placeholders */
        double seg_x0[CHART_MAX_CATEGORIES], seg_x1[CHART_MAX_CATEGORIES]; /* agreement */
        double favourable;   /* agreement: favourable share (sort key) */
        double neg_x, pos_x; /* agreement: anchors of the two totals */
        double dk_x0, dk_x1; /* agreement: the don't-know bar */
        double x, y;         /* dots: the dot; series: the point (bar top) */
        double lo_x, hi_x;   /* dots: the whisker */
        double ref_x;        /* dots: the row's mark (NaN: none) */
        double lcl_y, ucl_y; /* p-chart: the limits (NaN: none) */
        bool hidden;
};

struct chart_layout {
        double width, height;
        struct chart_rect plot;      /* the plotting area */
        struct chart_axis axis;      /* agreement: -100 .. 100 along x; dots: along x;
                                        series: along y */
        double zero_x;               /* agreement: the x of zero */
        double ref_x;                /* dots: the reference line's x (NaN: none) */
        double centre_y;             /* series: the centre line's y (NaN: none) */
        struct chart_row_geom *rows; /* in the order shown */
        size_t nrows;
        size_t label_stride;      /* series: every k-th period is labelled */
        bool n_row;               /* series: n printed under each labelled period */
        struct chart_mark *marks; /* in drawing order */
        size_t nmarks;
        /* private */
        char **owned;
        size_t nowned, owned_alloc, marks_alloc;
};

/* Lays out spec at `width` points (at least 240) with `pad` points of margin
 * all round. Borrows spec's strings. Never fails; free with chart_layout_free(). */
struct chart_layout *chart_layout_new(const struct chart_spec *spec, double width, double pad,
                                      const struct chart_measure *m);

/* Frees the layout and the texts it owns; NULL is a no-op. */
void chart_layout_free(struct chart_layout *l);

#endif
