/*
 * chart_draw: a chart's layout through Cairo and Pango, and chart files.
 *
 * Drawing decides nothing: it renders the marks of a chart_layout in order.
 * Text is set with Pango (DejaVu Sans; æ, ø, å and any script Pango can shape)
 * exactly as chart_draw_measure() measured it.
 *
 * Files are PNG, PDF or SVG by the path's extension. PNG is drawn at `scale`
 * pixels per point (2 for slides: crisp on high-density screens); PDF and SVG
 * are vector, in points. Output depends only on the spec: PDF files carry no
 * creation or modification date, so the same data gives the same bytes.
 */
#ifndef LYTT_CHART_DRAW_H
#define LYTT_CHART_DRAW_H

#include "chart.h"
#include "chart_layout.h"

#include <cairo.h>

/* The measurer that matches drawing (Pango, 72 dpi, unhinted). */
struct chart_measure chart_draw_measure(void);

/* Draws l with its top-left corner at the current origin of cr. The caller
 * owns cr; its state is restored on return. */
void chart_draw(cairo_t *cr, const struct chart_layout *l);

/* Whether chart_draw_file() can write a file with this name (.png, .pdf, .svg,
 * in any case). */
bool chart_draw_known_format(const char *path);

/* Lays out spec at `width` points and writes it to path. scale: pixels per point
 * for PNG (ignored otherwise). Returns 0, or -1 with err (unknown extension,
 * a file that cannot be written). */
int chart_draw_file(const struct chart_spec *spec, double width, double scale, const char *path,
                    struct chart_error *err);

#endif
