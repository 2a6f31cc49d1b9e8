/*
 * chart_pango: how every text of lytt_charts is set (internal to the library;
 * chart_draw.c and chart_doc.c share it).
 *
 * All text is DejaVu Sans through Pango at 72 dpi, so a font size is in points,
 * with hinting off and metrics unhinted: a text measures the same when laid
 * out, drawn at 1x or 2x, or written to PDF or SVG. That is what lets
 * chart_layout.c compute positions that the drawing then honours.
 */
#ifndef LYTT_CHART_PANGO_H
#define LYTT_CHART_PANGO_H

#include "chart_layout.h"

#include <pango/pangocairo.h>

#define CHART_PANGO_FAMILY "DejaVu Sans"

/* A Pango context for drawing on cr with the settings above (unref when done). */
PangoContext *chart_pango_context(cairo_t *cr);

/* The shared context for measuring (owned by the module, never freed). */
PangoContext *chart_pango_measure_context(void);

/* A layout of text in size points (bold or not), wrapped at wrap points when
 * wrap > 0, aligned as given within the wrap width. Unref when done. */
PangoLayout *chart_pango_layout(PangoContext *ctx, const char *text, double size, bool bold,
                                double wrap, PangoAlignment align);

/* The logical size of a layout in points. */
void chart_pango_size(PangoLayout *layout, double *w, double *h);

/* Applies the module's font options to cr as well (for Cairo's own text paths). */
void chart_pango_setup(cairo_t *cr);

#endif
