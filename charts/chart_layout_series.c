/* Charts over time: run charts, p-charts and counts. */
#include "chart_format.h"
#include "chart_layout_priv.h"

#include <glib.h>
#include <math.h>

#define POINT_R 3.0

/* The y axis: percentages within 0..100, counts from 0, scores around the data. */
static void y_axis(const struct chart_spec *spec, struct chart_axis *ax)
{
        const struct chart_series *s = &spec->series;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < s->npoints; i++) {
                const struct chart_point *p = &s->points[i];
                if (p->hidden)
                        continue;
                double v[3] = {p->value, p->lcl, p->ucl};
                for (size_t k = 0; k < 3; k++)
                        if (!isnan(v[k])) {
                                lo = fmin(lo, v[k]);
                                hi = fmax(hi, v[k]);
                        }
        }
        if (!isnan(s->centre)) {
                lo = fmin(lo, s->centre);
                hi = fmax(hi, s->centre);
        }
        if (!isfinite(lo)) {
                lo = 0;
                hi = s->percent ? 100 : 1;
        }
        if (spec->kind == CHART_COUNTS)
                lo = 0;
        if (s->percent)
                chart_axis_nice(lo, hi, 7, 0, 100, ax);
        else
                chart_axis_nice(lo, hi, 7, spec->kind == CHART_COUNTS ? 0 : NAN, NAN, ax);
}

static void legend(struct chart_layout *l, struct layout_frame *f)
{
        const struct chart_spec *spec = f->spec;
        const struct chart_series *s = &spec->series;
        enum chart_lang lang = spec->lang;
        bool hidden = false, signal = false, brk = false, limits = false;
        for (size_t i = 0; i < s->npoints; i++) {
                const struct chart_point *p = &s->points[i];
                hidden |= p->hidden;
                signal |= !p->hidden && p->signal;
                brk |= p->brk;
                limits |= !p->hidden && (!isnan(p->lcl) || !isnan(p->ucl));
        }
        struct legend_item items[5];
        size_t ni = 0;
        char centre[CHART_NUM_MAX + 64];
        if (!isnan(s->centre) && spec->kind != CHART_COUNTS) {
                char v[CHART_NUM_MAX];
                if (s->percent)
                        chart_format_percent(v, sizeof(v), s->centre, 1, lang);
                else
                        chart_format_number(v, sizeof(v), s->centre, 1, lang);
                g_snprintf(centre, sizeof(centre), "%s: %s",
                           s->centre_label
                               ? s->centre_label
                               : chart_text(lang, spec->kind == CHART_RUN ? CHART_TEXT_MEDIAN
                                                                          : CHART_TEXT_CENTRE),
                           v);
                items[ni++] =
                    (struct legend_item){SWATCH_LINE, 0x6E6E6E, CHART_SHAPE_CIRCLE, false, centre};
        }
        if (limits)
                items[ni++] = (struct legend_item){SWATCH_DASH, 0x8C8C8C, CHART_SHAPE_CIRCLE, false,
                                                   chart_text(lang, CHART_TEXT_LIMITS)};
        if (signal)
                items[ni++] = (struct legend_item){
                    SWATCH_DOT, CHART_OI_VERMILLION, CHART_SHAPE_DIAMOND, false,
                    s->signal_label ? s->signal_label : chart_text(lang, CHART_TEXT_SIGNAL)};
        if (brk)
                items[ni++] = (struct legend_item){SWATCH_DASH, CHART_OI_PURPLE, CHART_SHAPE_CIRCLE,
                                                   false, chart_text(lang, CHART_TEXT_BREAK)};
        if (hidden)
                items[ni++] = (struct legend_item){SWATCH_HATCH, 0, CHART_SHAPE_CIRCLE, false,
                                                   chart_text(lang, CHART_TEXT_TOO_FEW)};
        layout_legend(l, f, items, ni);
}

/* Formats a value on the y axis or beside a point. */
static char *value_text(char *buf, size_t size, const struct chart_series *s, double v,
                        int decimals, enum chart_lang lang)
{
        return s->percent ? chart_format_percent(buf, size, v, decimals, lang)
                          : chart_format_number(buf, size, v, decimals, lang);
}

void layout_series(struct chart_layout *l, struct layout_frame *f)
{
        const struct chart_spec *spec = f->spec;
        const struct chart_series *s = &spec->series;
        enum chart_lang lang = spec->lang;
        bool counts = spec->kind == CHART_COUNTS;
        char buf[CHART_NUM_MAX];
        legend(l, f);

        y_axis(spec, &l->axis);
        int tick_dec = l->axis.step < 1 ? (l->axis.step < 0.1 ? 2 : 1) : 0;
        double tick_w = 0;
        for (size_t i = 0; i < l->axis.nticks; i++)
                tick_w =
                    fmax(tick_w,
                         layout_text_width(
                             f, value_text(buf, sizeof(buf), s, l->axis.ticks[i], tick_dec, lang),
                             CHART_FONT_SMALL));
        double inner = f->x1 - f->x0;
        double plot_h = fmin(fmax(0.27 * inner, 110), 200);
        double sh = layout_line_height(f, CHART_FONT_SMALL);
        struct chart_rect plot = {f->x0 + tick_w + LAYOUT_TICK_PAD + 2, f->y + 6, f->x1 - 4,
                                  f->y + 6 + plot_h};
        l->plot = plot;
        size_t np = s->npoints;
        double band = np ? (plot.x1 - plot.x0) / (double)np : plot.x1 - plot.x0;

        /* Every k-th label, so that labels keep 6 points apart. */
        double label_w = 0, n_w = 0;
        for (size_t i = 0; i < np; i++) {
                label_w = fmax(label_w, layout_text_width(f, s->points[i].label, CHART_FONT_SMALL));
                if (!s->points[i].hidden)
                        n_w = fmax(n_w, layout_text_width(f,
                                                          chart_format_count(buf, sizeof(buf),
                                                                             s->points[i].n, lang),
                                                          CHART_FONT_SMALL));
        }
        size_t stride = band > 0 ? (size_t)ceil((label_w + 6) / band) : 1;
        l->label_stride = stride < 1 ? 1 : stride;
        l->n_row = !counts && l->label_stride == 1 && n_w + 4 <= band;

        /* Grid and ticks (no numbers on an axis without a visible point). */
        bool visible = false;
        for (size_t i = 0; i < s->npoints; i++)
                visible |= !s->points[i].hidden && !isnan(s->points[i].value);
        for (size_t i = 0; i < l->axis.nticks; i++) {
                double y = chart_axis_pos(&l->axis, l->axis.ticks[i], plot.y1, plot.y0);
                layout_line(l, plot.x0, y, plot.x1, y, CHART_GRID, 0.6, false);
                if (visible)
                        layout_label(
                            l, f, plot.x0 - LAYOUT_TICK_PAD, y,
                            value_text(buf, sizeof(buf), s, l->axis.ticks[i], tick_dec, lang),
                            CHART_FONT_SMALL, CHART_ALIGN_RIGHT, CHART_INK_SOFT);
        }
        layout_line(l, plot.x0, plot.y1, plot.x1, plot.y1, 0x8C8C8C, 0.8, false);

        l->nrows = np;
        l->rows = g_new0(struct chart_row_geom, np ? np : 1);
        double label_y = plot.y1 + LAYOUT_TICK_PAD + sh / 2;
        for (size_t i = 0; i < np; i++) {
                const struct chart_point *p = &s->points[i];
                struct chart_row_geom *g = &l->rows[i];
                g->input = i;
                g->hidden = p->hidden;
                g->x0 = plot.x0 + band * (double)i;
                g->x1 = g->x0 + band;
                g->y0 = plot.y0;
                g->y1 = plot.y1;
                g->x = (g->x0 + g->x1) / 2;
                g->y = g->lcl_y = g->ucl_y = NAN;
                double w = layout_text_width(f, p->label, CHART_FONT_SMALL);
                g->label = (struct chart_rect){g->x - w / 2, label_y - sh / 2, g->x + w / 2,
                                               label_y + sh / 2};
                if (i % l->label_stride == 0)
                        layout_label(l, f, g->x, label_y, p->label, CHART_FONT_SMALL,
                                     CHART_ALIGN_CENTRE, CHART_INK_SOFT);
                if (l->n_row && i % l->label_stride == 0)
                        layout_label(l, f, g->x, label_y + sh + 1,
                                     p->hidden ? CHART_NDASH
                                               : chart_format_count(buf, sizeof(buf), p->n, lang),
                                     CHART_FONT_SMALL, CHART_ALIGN_CENTRE, 0x8C8C8C);
                if (p->hidden) {
                        double pad = fmin(band * 0.12, 3);
                        layout_rect(l, g->x0 + pad, plot.y0, g->x1 - pad, plot.y1,
                                    CHART_HIDDEN_FILL, CHART_HIDDEN_HATCH, true);
                        double tw = layout_text_width(f, chart_text(lang, CHART_TEXT_TOO_FEW),
                                                      CHART_FONT_SMALL);
                        if (band - 2 * pad >= sh + 2 && tw + 8 <= plot_h) {
                                struct chart_mark m = {0};
                                m.kind = CHART_MARK_TEXT;
                                m.x0 = g->x0;
                                m.x1 = g->x1;
                                m.y0 = plot.y0;
                                m.y1 = plot.y1;
                                m.fill = CHART_INK_SOFT;
                                m.stroke = CHART_NO_COLOUR;
                                m.font = CHART_FONT_SMALL;
                                m.align = CHART_ALIGN_CENTRE;
                                m.vertical = true;
                                m.text = chart_text(lang, CHART_TEXT_TOO_FEW);
                                layout_add(l, &m);
                        }
                        continue;
                }
                if (!isnan(p->value))
                        g->y = chart_axis_pos(&l->axis, p->value, plot.y1, plot.y0);
                if (!isnan(p->lcl))
                        g->lcl_y = chart_axis_pos(&l->axis, p->lcl, plot.y1, plot.y0);
                if (!isnan(p->ucl))
                        g->ucl_y = chart_axis_pos(&l->axis, p->ucl, plot.y1, plot.y0);
        }
        f->y = label_y + sh / 2 + (l->n_row ? sh + 1 : 0) + 6;

        /* Breaks: a dashed line before the point, named at the top. */
        for (size_t i = 0; i < np; i++)
                if (s->points[i].brk) {
                        double x = l->rows[i].x0;
                        layout_line(l, x, plot.y0 - 4, x, plot.y1, CHART_OI_PURPLE, 1, true);
                        layout_label(l, f, x + 2, plot.y0 + sh / 2,
                                     chart_text(lang, CHART_TEXT_BREAK), CHART_FONT_SMALL,
                                     CHART_ALIGN_LEFT, CHART_OI_PURPLE);
                }

        /* Limits as steps over the points' bands, broken where a point has none. */
        for (int which = 0; which < 2; which++)
                for (size_t i = 0; i < np; i++) {
                        const struct chart_row_geom *g = &l->rows[i];
                        double y = which ? g->ucl_y : g->lcl_y;
                        if (g->hidden || isnan(y))
                                continue;
                        layout_line(l, g->x0, y, g->x1, y, 0x8C8C8C, 1, true);
                        const struct chart_row_geom *n = i + 1 < np ? &l->rows[i + 1] : NULL;
                        double ny = n ? (which ? n->ucl_y : n->lcl_y) : NAN;
                        if (n && !n->hidden && !isnan(ny) && !s->points[i + 1].brk)
                                layout_line(l, g->x1, y, g->x1, ny, 0x8C8C8C, 1, true);
                }

        /* The centre line. */
        if (!isnan(s->centre) && !counts) {
                l->centre_y = chart_axis_pos(&l->axis, s->centre, plot.y1, plot.y0);
                layout_line(l, plot.x0, l->centre_y, plot.x1, l->centre_y, 0x6E6E6E, 1.2, false);
        }

        if (counts) {
                double bw = fmin(band * 0.7, 36);
                for (size_t i = 0; i < np; i++) {
                        struct chart_row_geom *g = &l->rows[i];
                        if (g->hidden || isnan(g->y))
                                continue;
                        g->bar_y0 = g->y;
                        g->bar_y1 = plot.y1;
                        layout_rect(l, g->x - bw / 2, g->y, g->x + bw / 2, plot.y1, CHART_OI_BLUE,
                                    CHART_NO_COLOUR, false);
                        const char *t =
                            value_text(buf, sizeof(buf), s, s->points[i].value, s->decimals, lang);
                        if (layout_text_width(f, t, CHART_FONT_SMALL) + 2 <= band)
                                layout_label(l, f, g->x, g->y - sh / 2 - 1, t, CHART_FONT_SMALL,
                                             CHART_ALIGN_CENTRE, CHART_INK);
                }
        } else {
                /* The line through visible points, broken at hidden points and breaks. */
                for (size_t i = 0; i + 1 < np; i++) {
                        const struct chart_row_geom *a = &l->rows[i], *b = &l->rows[i + 1];
                        if (a->hidden || b->hidden || isnan(a->y) || isnan(b->y) ||
                            s->points[i + 1].brk)
                                continue;
                        layout_line(l, a->x, a->y, b->x, b->y, CHART_OI_BLUE, 1.4, false);
                }
                for (size_t i = 0; i < np; i++) {
                        const struct chart_row_geom *g = &l->rows[i];
                        if (g->hidden || isnan(g->y))
                                continue;
                        if (s->points[i].signal)
                                layout_dot(l, g->x, g->y, POINT_R + 1.4, CHART_SHAPE_DIAMOND,
                                           CHART_OI_VERMILLION, CHART_OI_VERMILLION);
                        else
                                layout_dot(l, g->x, g->y, POINT_R, CHART_SHAPE_CIRCLE,
                                           CHART_OI_BLUE, 0xFFFFFF);
                }
        }

        /* n per point where it is not printed under the labels. */
        if (!l->n_row && !counts && np) {
                unsigned long lo = 0, hi = 0;
                bool any = false;
                for (size_t i = 0; i < np; i++) {
                        if (s->points[i].hidden)
                                continue;
                        unsigned long n = s->points[i].n;
                        lo = any && lo < n ? lo : n;
                        hi = any && hi > n ? hi : n;
                        any = true;
                }
                if (any) {
                        char a[CHART_NUM_MAX], b[CHART_NUM_MAX], line[3 * CHART_NUM_MAX];
                        chart_format_count(a, sizeof(a), lo, lang);
                        chart_format_count(b, sizeof(b), hi, lang);
                        if (lo == hi)
                                g_snprintf(line, sizeof(line), "%s: %s",
                                           chart_text(lang, CHART_TEXT_N_PER_POINT), a);
                        else
                                g_snprintf(line, sizeof(line), "%s: %s%s%s",
                                           chart_text(lang, CHART_TEXT_N_PER_POINT), a, CHART_NDASH,
                                           b);
                        layout_label(l, f, f->x0, f->y + sh / 2, line, CHART_FONT_SMALL,
                                     CHART_ALIGN_LEFT, CHART_INK_SOFT);
                        f->y += sh + 2;
                }
        }
        if (np == 0) {
                layout_label(l, f, (plot.x0 + plot.x1) / 2, (plot.y0 + plot.y1) / 2,
                             chart_text(lang, CHART_TEXT_NO_DATA), CHART_FONT_LABEL,
                             CHART_ALIGN_CENTRE, CHART_INK_SOFT);
        }
}
