/* Charts with a row per item or group: agreement (diverging bars) and dots. */
#include "chart_format.h"
#include "chart_layout_priv.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>

#define BAR_H      13.0 /* agreement bars and placeholders */
#define ROW_PAD    5.0  /* above and below a row's bar or label */
#define DOT_PAD    3.5  /* the same in dot charts */
#define DK_BAR_MAX 28.0 /* the longest don't-know bar */
#define DK_FULL    25.0 /* percent "don't know" that fills it (more is clipped) */
#define DOT_R      3.6

/* The first favourable category, and the neutral one (or -1 for an even scale). */
static void scale_split(size_t ncat, size_t *first_pos, int *neutral)
{
        *neutral = ncat % 2 ? (int)(ncat / 2) : -1;
        *first_pos = ncat / 2 + ncat % 2;
}

static double favourable(const struct chart_agreement *a, const struct chart_bar_row *r)
{
        size_t first;
        int neutral;
        scale_split(a->ncategories, &first, &neutral);
        double s = 0;
        for (size_t k = first; k < a->ncategories; k++)
                s += r->share[k];
        return s;
}

struct order_key {
        size_t input;
        bool hidden;
        double fav;
};

static int by_favourable(const void *pa, const void *pb)
{
        const struct order_key *a = pa, *b = pb;
        if (a->hidden != b->hidden)
                return a->hidden ? 1 : -1;
        if (!a->hidden && a->fav != b->fav)
                return a->fav > b->fav ? -1 : 1;
        return a->input < b->input ? -1 : a->input > b->input;
}

/* The order rows are shown in: by favourable share unless keep_order, hidden last. */
static void order_rows(const struct chart_agreement *a, struct chart_row_geom *rows)
{
        struct order_key *k = g_new0(struct order_key, a->nrows ? a->nrows : 1);
        for (size_t i = 0; i < a->nrows; i++) {
                k[i].input = i;
                k[i].hidden = a->rows[i].hidden;
                k[i].fav = a->keep_order ? 0 : favourable(a, &a->rows[i]);
        }
        qsort(k, a->nrows, sizeof(*k), by_favourable);
        for (size_t i = 0; i < a->nrows; i++) {
                rows[i].input = k[i].input;
                rows[i].hidden = k[i].hidden;
                rows[i].favourable = k[i].hidden ? NAN : favourable(a, &a->rows[k[i].input]);
        }
        g_free(k);
}

/* Grid lines and tick labels of a horizontal axis under rows from y0 to y1. */
static void x_axis(struct chart_layout *l, struct layout_frame *f, double y0, double y1, double p0,
                   double p1, bool percent_abs, int decimals)
{
        enum chart_lang lang = f->spec->lang;
        double th = layout_line_height(f, CHART_FONT_SMALL);
        for (size_t i = 0; i < l->axis.nticks; i++) {
                double v = l->axis.ticks[i];
                double x = chart_axis_pos(&l->axis, v, p0, p1);
                layout_line(l, x, y0, x, y1, v == 0 && percent_abs ? 0x8C8C8C : CHART_GRID,
                            v == 0 && percent_abs ? 1 : 0.6, false);
                char buf[CHART_NUM_MAX];
                if (percent_abs)
                        chart_format_percent(buf, sizeof(buf), fabs(v), 0, lang);
                else
                        chart_format_number(buf, sizeof(buf), v, decimals, lang);
                layout_label(l, f, x, y1 + LAYOUT_TICK_PAD + th / 2, buf, CHART_FONT_SMALL,
                             CHART_ALIGN_CENTRE, CHART_INK_SOFT);
        }
        f->y = y1 + LAYOUT_TICK_PAD + th + 4;
}

static const char *hidden_text(const struct chart_spec *spec, const char *label)
{
        return label ? label : chart_text(spec->lang, CHART_TEXT_TOO_FEW);
}

/* Row bands: each as tall as its wrapped label or its bar, whichever is taller. */
static void row_bands(struct chart_layout *l, struct layout_frame *f, double label_x0,
                      double label_w, const char *(*label_of)(const struct chart_spec *, size_t),
                      double min_h, double pad)
{
        for (size_t i = 0; i < l->nrows; i++) {
                struct chart_row_geom *g = &l->rows[i];
                double w, h;
                layout_measure(f, label_of(f->spec, g->input), CHART_FONT_LABEL, label_w, &w, &h);
                double band = fmax(h, min_h) + 2 * pad;
                g->y0 = f->y;
                g->y1 = f->y + band;
                double cy = (g->y0 + g->y1) / 2;
                g->label =
                    (struct chart_rect){label_x0, cy - h / 2, label_x0 + label_w, cy + h / 2};
                g->bar_y0 = cy - min_h / 2;
                g->bar_y1 = cy + min_h / 2;
                f->y = g->y1;
        }
}

static const char *agreement_label(const struct chart_spec *spec, size_t i)
{
        return spec->agreement.rows[i].label;
}

static const char *dots_label(const struct chart_spec *spec, size_t i)
{
        return spec->dots.rows[i].label;
}

void layout_agreement(struct chart_layout *l, struct layout_frame *f)
{
        const struct chart_agreement *a = &f->spec->agreement;
        enum chart_lang lang = f->spec->lang;
        size_t ncat = a->ncategories;
        if (ncat < 2)
                ncat = 2;
        if (ncat > CHART_MAX_CATEGORIES)
                ncat = CHART_MAX_CATEGORIES;
        size_t first_pos;
        int neutral;
        scale_split(ncat, &first_pos, &neutral);
        char buf[CHART_NUM_MAX];

        /* Legend: the categories, don't know, and the placeholder if any row is hidden. */
        struct legend_item items[CHART_MAX_CATEGORIES + 2];
        size_t ni = 0;
        bool any_hidden = false;
        for (size_t i = 0; i < a->nrows; i++)
                any_hidden |= a->rows[i].hidden;
        for (size_t k = 0; k < ncat; k++)
                items[ni++] =
                    (struct legend_item){SWATCH_RECT, chart_diverging(ncat, k), CHART_SHAPE_CIRCLE,
                                         false, a->categories ? a->categories[k] : NULL};
        if (a->dont_know)
                items[ni++] = (struct legend_item){SWATCH_RECT, CHART_DONT_KNOW, CHART_SHAPE_CIRCLE,
                                                   false, a->dont_know};
        if (any_hidden)
                items[ni++] = (struct legend_item){SWATCH_HATCH, 0, CHART_SHAPE_CIRCLE, false,
                                                   chart_text(lang, CHART_TEXT_TOO_FEW)};
        layout_legend(l, f, items, ni);

        /* Columns: label | bars | don't know | n. */
        double inner = f->x1 - f->x0;
        double label_w = layout_label_column(inner);
        double n_w = layout_text_width(f, "99 999", CHART_FONT_SMALL) + 2;
        double dk_w = 0;
        if (a->dont_know) {
                chart_format_percent(buf, sizeof(buf), 88, 0, lang);
                dk_w = DK_BAR_MAX + 3 + layout_text_width(f, buf, CHART_FONT_SMALL);
        }
        double n_x1 = f->x1, n_x0 = n_x1 - n_w;
        double dk_x1 = a->dont_know ? n_x0 - LAYOUT_GAP : n_x0;
        double dk_x0 = a->dont_know ? dk_x1 - dk_w : dk_x1;
        double plot_x0 = f->x0 + label_w + LAYOUT_GAP;
        double plot_x1 = dk_x0 - LAYOUT_GAP;

        /* Column heads. */
        double head_h = layout_line_height(f, CHART_FONT_SMALL);
        if (a->dont_know) {
                double w, h;
                layout_measure(f, a->dont_know, CHART_FONT_SMALL, dk_w + LAYOUT_GAP, &w, &h);
                head_h = fmax(head_h, h);
        }
        double head_y1 = f->y + head_h;
        if (a->dont_know) {
                double w, h;
                layout_measure(f, a->dont_know, CHART_FONT_SMALL, dk_w + LAYOUT_GAP, &w, &h);
                layout_text(l, dk_x0, head_y1 - h, dk_x1 + LAYOUT_GAP / 2, h, a->dont_know,
                            CHART_FONT_SMALL, CHART_ALIGN_LEFT, true, CHART_INK_SOFT);
        }
        layout_text(l, n_x0, head_y1 - layout_line_height(f, CHART_FONT_SMALL), n_x1,
                    layout_line_height(f, CHART_FONT_SMALL), "n", CHART_FONT_SMALL,
                    CHART_ALIGN_RIGHT, false, CHART_INK_SOFT);
        f->y = head_y1 + 2;

        /* The fixed axis: -100 % .. 100 %, with room for the totals beyond the bars. */
        chart_format_percent(buf, sizeof(buf), 100, 0, lang);
        double room = layout_text_width(f, buf, CHART_FONT_VALUE) + 4;
        double half = (plot_x1 - plot_x0) / 2;
        l->zero_x = plot_x0 + half;
        double s = (half - room) / 100; /* points per percent */
        chart_axis_fixed(-100, 100, 50, &l->axis);
        double ax0 = l->zero_x - 100 * s, ax1 = l->zero_x + 100 * s;

        l->nrows = a->nrows;
        l->rows = g_new0(struct chart_row_geom, a->nrows ? a->nrows : 1);
        order_rows(a, l->rows);
        double rows_y0 = f->y;
        row_bands(l, f, f->x0, label_w, agreement_label, BAR_H, ROW_PAD);
        double rows_y1 = f->y;
        l->plot = (struct chart_rect){ax0, rows_y0, ax1, rows_y1};
        x_axis(l, f, rows_y0, rows_y1, ax0, ax1, true, 0);

        for (size_t i = 0; i < l->nrows; i++) {
                struct chart_row_geom *g = &l->rows[i];
                const struct chart_bar_row *r = &a->rows[g->input];
                double cy = (g->bar_y0 + g->bar_y1) / 2;
                layout_text(l, g->label.x0, g->label.y0, g->label.x1, g->label.y1 - g->label.y0,
                            r->label, CHART_FONT_LABEL, CHART_ALIGN_LEFT, true, CHART_INK);
                g->neg_x = g->pos_x = g->dk_x0 = g->dk_x1 = NAN;
                for (size_t k = 0; k < CHART_MAX_CATEGORIES; k++)
                        g->seg_x0[k] = g->seg_x1[k] = NAN;
                if (r->hidden) {
                        layout_rect(l, ax0, g->bar_y0, ax1, g->bar_y1, CHART_HIDDEN_FILL,
                                    CHART_HIDDEN_HATCH, true);
                        layout_label(l, f, l->zero_x, cy, hidden_text(f->spec, r->hidden_label),
                                     CHART_FONT_LABEL, CHART_ALIGN_CENTRE, CHART_INK_SOFT);
                } else {
                        double mid = neutral >= 0 ? r->share[neutral] / 2 : 0;
                        double left = l->zero_x - mid * s, right = l->zero_x + mid * s;
                        double neg = 0, pos = 0;
                        for (int k = (int)first_pos - 1 - (neutral >= 0); k >= 0; k--) {
                                g->seg_x1[k] = left;
                                left -= r->share[k] * s;
                                g->seg_x0[k] = left;
                                neg += r->share[k];
                        }
                        for (size_t k = first_pos; k < ncat; k++) {
                                g->seg_x0[k] = right;
                                right += r->share[k] * s;
                                g->seg_x1[k] = right;
                                pos += r->share[k];
                        }
                        if (neutral >= 0) {
                                g->seg_x0[neutral] = l->zero_x - mid * s;
                                g->seg_x1[neutral] = l->zero_x + mid * s;
                        }
                        for (size_t k = 0; k < ncat; k++)
                                if (g->seg_x1[k] > g->seg_x0[k])
                                        layout_rect(l, g->seg_x0[k], g->bar_y0, g->seg_x1[k],
                                                    g->bar_y1, chart_diverging(ncat, k), 0xFFFFFF,
                                                    false);
                        g->neg_x = left - 3;
                        g->pos_x = right + 3;
                        layout_label(l, f, g->neg_x, cy,
                                     chart_format_percent(buf, sizeof(buf), neg, 0, lang),
                                     CHART_FONT_VALUE, CHART_ALIGN_RIGHT, chart_diverging(ncat, 0));
                        layout_label(l, f, g->pos_x, cy,
                                     chart_format_percent(buf, sizeof(buf), pos, 0, lang),
                                     CHART_FONT_VALUE, CHART_ALIGN_LEFT,
                                     chart_diverging(ncat, ncat - 1));
                }
                if (a->dont_know) {
                        if (r->hidden || r->hide_dont_know) {
                                layout_label(l, f, dk_x0, cy, CHART_NDASH, CHART_FONT_SMALL,
                                             CHART_ALIGN_LEFT, CHART_INK_SOFT);
                        } else {
                                double dk = fmin(fmax(r->dont_know, 0), 100);
                                g->dk_x0 = dk_x0;
                                g->dk_x1 = dk_x0 + DK_BAR_MAX * dk / DK_FULL;
                                if (g->dk_x1 > dk_x0 + DK_BAR_MAX)
                                        g->dk_x1 = dk_x0 + DK_BAR_MAX;
                                if (g->dk_x1 > g->dk_x0)
                                        layout_rect(l, g->dk_x0, cy - 4, g->dk_x1, cy + 4,
                                                    CHART_DONT_KNOW, CHART_NO_COLOUR, false);
                                layout_label(l, f, g->dk_x1 + 3, cy,
                                             chart_format_percent(buf, sizeof(buf), dk, 0, lang),
                                             CHART_FONT_SMALL, CHART_ALIGN_LEFT, CHART_INK_SOFT);
                        }
                }
                layout_label(l, f, n_x1, cy,
                             r->hidden || r->hide_n
                                 ? CHART_NDASH
                                 : chart_format_count(buf, sizeof(buf), r->n, lang),
                             CHART_FONT_SMALL, CHART_ALIGN_RIGHT, CHART_INK_SOFT);
        }
        if (a->nrows == 0) {
                layout_label(l, f, l->zero_x, f->y + 10, chart_text(lang, CHART_TEXT_NO_DATA),
                             CHART_FONT_LABEL, CHART_ALIGN_CENTRE, CHART_INK_SOFT);
                f->y += 20;
        }
}

/* The dots' axis: the caller's ends, or nice ends around every number shown. */
static void dots_axis(const struct chart_dots *d, struct chart_axis *ax)
{
        double lo = INFINITY, hi = -INFINITY;
        const double *vals[4];
        for (size_t i = 0; i < d->nrows; i++) {
                const struct chart_dot_row *r = &d->rows[i];
                if (r->hidden)
                        continue;
                vals[0] = &r->value;
                vals[1] = &r->lo;
                vals[2] = &r->hi;
                vals[3] = &r->ref;
                for (size_t k = 0; k < 4; k++)
                        if (!isnan(*vals[k])) {
                                lo = fmin(lo, *vals[k]);
                                hi = fmax(hi, *vals[k]);
                        }
        }
        if (!isnan(d->ref_line)) {
                lo = fmin(lo, d->ref_line);
                hi = fmax(hi, d->ref_line);
        }
        if (!isfinite(lo)) {
                lo = 0;
                hi = 1;
        }
        if (!isnan(d->axis_min))
                lo = d->axis_min;
        if (!isnan(d->axis_max))
                hi = d->axis_max;
        if (!isnan(d->axis_min) && !isnan(d->axis_max))
                chart_axis_fixed(lo, hi, chart_axis_step(hi - lo, 5), ax);
        else
                chart_axis_nice(lo, hi, 7, NAN, NAN, ax);
}

void layout_dots(struct chart_layout *l, struct layout_frame *f)
{
        const struct chart_dots *d = &f->spec->dots;
        enum chart_lang lang = f->spec->lang;
        char buf[CHART_NUM_MAX];
        bool hidden = false, higher = false, lower = false, uncertain = false, marks = false;
        for (size_t i = 0; i < d->nrows; i++) {
                const struct chart_dot_row *r = &d->rows[i];
                hidden |= r->hidden;
                higher |= !r->hidden && r->signal > 0;
                lower |= !r->hidden && r->signal < 0;
                uncertain |= !r->hidden && r->uncertain;
                marks |= !r->hidden && !isnan(r->ref);
        }
        struct legend_item items[7];
        size_t ni = 0;
        items[ni++] = (struct legend_item){SWATCH_WHISKER, CHART_OI_BLUE, CHART_SHAPE_CIRCLE, false,
                                           chart_text(lang, CHART_TEXT_INTERVAL)};
        if (!isnan(d->ref_line) && d->ref_label)
                items[ni++] = (struct legend_item){SWATCH_DASH, CHART_INK, CHART_SHAPE_CIRCLE,
                                                   false, d->ref_label};
        if (marks && d->mark_label)
                items[ni++] = (struct legend_item){SWATCH_DOT, CHART_INK, CHART_SHAPE_DIAMOND, true,
                                                   d->mark_label};
        if (higher)
                items[ni++] = (struct legend_item){SWATCH_DOT, CHART_OI_GREEN, CHART_SHAPE_UP,
                                                   false, chart_text(lang, CHART_TEXT_HIGHER)};
        if (lower)
                items[ni++] =
                    (struct legend_item){SWATCH_DOT, CHART_OI_VERMILLION, CHART_SHAPE_DOWN, false,
                                         chart_text(lang, CHART_TEXT_LOWER)};
        if (uncertain)
                items[ni++] = (struct legend_item){SWATCH_DOT, CHART_OI_BLUE, CHART_SHAPE_CIRCLE,
                                                   true, chart_text(lang, CHART_TEXT_UNCERTAIN)};
        if (hidden)
                items[ni++] = (struct legend_item){SWATCH_HATCH, 0, CHART_SHAPE_CIRCLE, false,
                                                   chart_text(lang, CHART_TEXT_TOO_FEW)};
        layout_legend(l, f, items, ni);

        /* Columns: label | plot | value | n. */
        double inner = f->x1 - f->x0;
        double label_w = layout_label_column(inner);
        double n_w = layout_text_width(f, "99 999", CHART_FONT_SMALL) + 2;
        chart_format_number(buf, sizeof(buf), 100, d->decimals, lang);
        double v_w = layout_text_width(f, buf, CHART_FONT_VALUE) + 2;
        double n_x1 = f->x1, v_x1 = n_x1 - n_w - LAYOUT_GAP;
        double plot_x0 = f->x0 + label_w + LAYOUT_GAP + 4, plot_x1 = v_x1 - v_w - LAYOUT_GAP - 4;
        double sh = layout_line_height(f, CHART_FONT_SMALL);
        layout_text(l, n_x1 - n_w, f->y, n_x1, sh, "n", CHART_FONT_SMALL, CHART_ALIGN_RIGHT, false,
                    CHART_INK_SOFT);
        f->y += sh + 2;

        dots_axis(d, &l->axis);
        l->nrows = d->nrows;
        l->rows = g_new0(struct chart_row_geom, d->nrows ? d->nrows : 1);
        for (size_t i = 0; i < d->nrows; i++) {
                l->rows[i].input = i;
                l->rows[i].hidden = d->rows[i].hidden;
        }
        double rows_y0 = f->y;
        row_bands(l, f, f->x0, label_w, dots_label, 12, DOT_PAD);
        double rows_y1 = f->y;
        l->plot = (struct chart_rect){plot_x0, rows_y0, plot_x1, rows_y1};
        /* Alternate rows get a faint band, so the eye follows a row to its numbers. */
        for (size_t i = 1; i < l->nrows; i += 2)
                layout_rect(l, f->x0, l->rows[i].y0, f->x1, l->rows[i].y1, 0xF6F6F6,
                            CHART_NO_COLOUR, false);
        x_axis(l, f, rows_y0, rows_y1, plot_x0, plot_x1, false, 0);
        if (!isnan(d->ref_line)) {
                l->ref_x = chart_axis_pos(&l->axis, d->ref_line, plot_x0, plot_x1);
                layout_line(l, l->ref_x, rows_y0, l->ref_x, rows_y1, CHART_INK, 1, true);
        }
        for (size_t i = 0; i < l->nrows; i++) {
                struct chart_row_geom *g = &l->rows[i];
                const struct chart_dot_row *r = &d->rows[g->input];
                double cy = (g->y0 + g->y1) / 2;
                layout_text(l, g->label.x0, g->label.y0, g->label.x1, g->label.y1 - g->label.y0,
                            r->label, CHART_FONT_LABEL, CHART_ALIGN_LEFT, true, CHART_INK);
                g->x = g->y = g->lo_x = g->hi_x = g->ref_x = NAN;
                if (r->hidden) {
                        layout_rect(l, plot_x0, g->bar_y0, plot_x1, g->bar_y1, CHART_HIDDEN_FILL,
                                    CHART_HIDDEN_HATCH, true);
                        layout_label(l, f, (plot_x0 + plot_x1) / 2, cy,
                                     hidden_text(f->spec, r->hidden_label), CHART_FONT_SMALL,
                                     CHART_ALIGN_CENTRE, CHART_INK_SOFT);
                        layout_label(l, f, v_x1, cy, CHART_NDASH, CHART_FONT_VALUE,
                                     CHART_ALIGN_RIGHT, CHART_INK_SOFT);
                        layout_label(l, f, n_x1, cy, CHART_NDASH, CHART_FONT_SMALL,
                                     CHART_ALIGN_RIGHT, CHART_INK_SOFT);
                        continue;
                }
                uint32_t colour = r->signal > 0   ? CHART_OI_GREEN
                                  : r->signal < 0 ? CHART_OI_VERMILLION
                                                  : CHART_OI_BLUE;
                enum chart_shape shape = r->signal > 0   ? CHART_SHAPE_UP
                                         : r->signal < 0 ? CHART_SHAPE_DOWN
                                                         : CHART_SHAPE_CIRCLE;
                if (!isnan(r->lo) && !isnan(r->hi)) {
                        g->lo_x = chart_axis_pos(&l->axis, r->lo, plot_x0, plot_x1);
                        g->hi_x = chart_axis_pos(&l->axis, r->hi, plot_x0, plot_x1);
                        layout_line(l, g->lo_x, cy, g->hi_x, cy, colour, 1.4, false);
                        if (g->hi_x - g->lo_x > 2 * DOT_R + 4) { /* caps clear of the dot */
                                layout_line(l, g->lo_x, cy - 3, g->lo_x, cy + 3, colour, 1.2,
                                            false);
                                layout_line(l, g->hi_x, cy - 3, g->hi_x, cy + 3, colour, 1.2,
                                            false);
                        }
                }
                if (!isnan(r->ref)) {
                        g->ref_x = chart_axis_pos(&l->axis, r->ref, plot_x0, plot_x1);
                        layout_dot(l, g->ref_x, cy, 3.2, CHART_SHAPE_DIAMOND, 0xFFFFFF, CHART_INK);
                }
                g->y = cy;
                if (!isnan(r->value)) {
                        g->x = chart_axis_pos(&l->axis, r->value, plot_x0, plot_x1);
                        layout_dot(l, g->x, cy, DOT_R, shape, r->uncertain ? 0xFFFFFF : colour,
                                   colour);
                }
                layout_label(l, f, v_x1, cy,
                             chart_format_number(buf, sizeof(buf), r->value, d->decimals, lang),
                             CHART_FONT_VALUE, CHART_ALIGN_RIGHT, CHART_INK);
                layout_label(l, f, n_x1, cy, chart_format_count(buf, sizeof(buf), r->n, lang),
                             CHART_FONT_SMALL, CHART_ALIGN_RIGHT, CHART_INK_SOFT);
        }
}
