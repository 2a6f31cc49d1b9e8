#include "chart_layout_priv.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static const struct {
        double size;
        bool bold;
} FONTS[] = {
    [CHART_FONT_TITLE] = {12, true},   [CHART_FONT_SUBTITLE] = {9, false},
    [CHART_FONT_LABEL] = {8.5, false}, [CHART_FONT_VALUE] = {8, true},
    [CHART_FONT_SMALL] = {7.5, false},
};

double chart_font_size(enum chart_font font)
{
        return FONTS[font].size;
}

bool chart_font_bold(enum chart_font font)
{
        return FONTS[font].bold;
}

void layout_measure(const struct layout_frame *f, const char *text, enum chart_font font,
                    double wrap, double *w, double *h)
{
        *w = *h = 0;
        if (text && *text)
                f->m->size(f->m->ctx, text, font, wrap, w, h);
        else
                f->m->size(f->m->ctx, "Ag", font, 0, &(double){0}, h);
}

double layout_text_width(const struct layout_frame *f, const char *text, enum chart_font font)
{
        double w, h;
        layout_measure(f, text, font, 0, &w, &h);
        return w;
}

double layout_line_height(const struct layout_frame *f, enum chart_font font)
{
        double w, h;
        layout_measure(f, "Ag", font, 0, &w, &h);
        return h;
}

struct chart_mark *layout_add(struct chart_layout *l, const struct chart_mark *m)
{
        if (l->nmarks == l->marks_alloc) {
                l->marks_alloc = l->marks_alloc ? 2 * l->marks_alloc : 64;
                l->marks = g_renew(struct chart_mark, l->marks, l->marks_alloc);
        }
        l->marks[l->nmarks] = *m;
        return &l->marks[l->nmarks++];
}

const char *layout_keep(struct chart_layout *l, const char *s)
{
        if (l->nowned == l->owned_alloc) {
                l->owned_alloc = l->owned_alloc ? 2 * l->owned_alloc : 32;
                l->owned = g_renew(char *, l->owned, l->owned_alloc);
        }
        l->owned[l->nowned] = g_strdup(s);
        return l->owned[l->nowned++];
}

static struct chart_mark mark_of(enum chart_mark_kind kind)
{
        struct chart_mark m = {0};
        m.kind = kind;
        m.fill = m.stroke = CHART_NO_COLOUR;
        m.line_width = 1;
        return m;
}

void layout_rect(struct chart_layout *l, double x0, double y0, double x1, double y1, uint32_t fill,
                 uint32_t stroke, bool hatched)
{
        struct chart_mark m = mark_of(CHART_MARK_RECT);
        m.x0 = fmin(x0, x1);
        m.x1 = fmax(x0, x1);
        m.y0 = fmin(y0, y1);
        m.y1 = fmax(y0, y1);
        m.fill = fill;
        m.stroke = stroke;
        m.line_width = 0.5;
        m.hatched = hatched;
        layout_add(l, &m);
}

void layout_line(struct chart_layout *l, double x0, double y0, double x1, double y1,
                 uint32_t colour, double width, bool dashed)
{
        struct chart_mark m = mark_of(CHART_MARK_LINE);
        m.x0 = x0;
        m.y0 = y0;
        m.x1 = x1;
        m.y1 = y1;
        m.stroke = colour;
        m.line_width = width;
        m.dashed = dashed;
        layout_add(l, &m);
}

void layout_dot(struct chart_layout *l, double x, double y, double r, enum chart_shape shape,
                uint32_t fill, uint32_t stroke)
{
        struct chart_mark m = mark_of(CHART_MARK_DOT);
        m.x0 = m.x1 = x;
        m.y0 = m.y1 = y;
        m.r = r;
        m.shape = shape;
        m.fill = fill;
        m.stroke = stroke;
        m.line_width = 1.2;
        layout_add(l, &m);
}

void layout_text(struct chart_layout *l, double x0, double y0, double x1, double h,
                 const char *text, enum chart_font font, enum chart_align align, bool wrap,
                 uint32_t colour)
{
        if (!text || !*text)
                return;
        struct chart_mark m = mark_of(CHART_MARK_TEXT);
        m.x0 = x0;
        m.y0 = y0;
        m.x1 = x1;
        m.y1 = y0 + h;
        m.text = layout_keep(l, text);
        m.font = font;
        m.align = align;
        m.wrap = wrap;
        m.fill = colour;
        layout_add(l, &m);
}

void layout_label(struct chart_layout *l, const struct layout_frame *f, double x, double y,
                  const char *text, enum chart_font font, enum chart_align align, uint32_t colour)
{
        double w, h;
        layout_measure(f, text, font, 0, &w, &h);
        double x0 = align == CHART_ALIGN_LEFT ? x : align == CHART_ALIGN_RIGHT ? x - w : x - w / 2;
        layout_text(l, x0, y - h / 2, x0 + w, h, text, font, align, false, colour);
}

/* The width of a legend item's swatch. */
static double swatch_width(enum legend_swatch s)
{
        return s == SWATCH_LINE || s == SWATCH_DASH || s == SWATCH_WHISKER ? 18 : LAYOUT_SWATCH;
}

static void draw_swatch(struct chart_layout *l, const struct legend_item *it, double x, double cy)
{
        double s = LAYOUT_SWATCH, w = swatch_width(it->swatch);
        switch (it->swatch) {
        case SWATCH_RECT:
                layout_rect(l, x, cy - s / 2, x + s, cy + s / 2, it->colour, CHART_NO_COLOUR,
                            false);
                break;
        case SWATCH_HATCH:
                layout_rect(l, x, cy - s / 2, x + s, cy + s / 2, CHART_HIDDEN_FILL,
                            CHART_HIDDEN_HATCH, true);
                break;
        case SWATCH_LINE:
        case SWATCH_DASH:
                layout_line(l, x, cy, x + w, cy, it->colour, 1.5, it->swatch == SWATCH_DASH);
                break;
        case SWATCH_DOT:
                layout_dot(l, x + w / 2, cy, 3.5, it->shape, it->hollow ? 0xFFFFFF : it->colour,
                           it->colour);
                break;
        case SWATCH_WHISKER:
                layout_line(l, x, cy, x + w, cy, it->colour, 1.2, false);
                layout_dot(l, x + w / 2, cy, 3.5, CHART_SHAPE_CIRCLE, it->colour, it->colour);
                break;
        }
}

void layout_legend(struct chart_layout *l, struct layout_frame *f, const struct legend_item *items,
                   size_t n)
{
        double lh = fmax(layout_line_height(f, CHART_FONT_LABEL), LAYOUT_SWATCH) + 4;
        double x = f->x0;
        bool any = false;
        for (size_t i = 0; i < n; i++) {
                if (!items[i].label)
                        continue;
                double tw = layout_text_width(f, items[i].label, CHART_FONT_LABEL);
                double need = swatch_width(items[i].swatch) + 4 + tw;
                if (x > f->x0 && x + need > f->x1) {
                        x = f->x0;
                        f->y += lh;
                }
                double cy = f->y + lh / 2;
                draw_swatch(l, &items[i], x, cy);
                layout_label(l, f, x + swatch_width(items[i].swatch) + 4, cy, items[i].label,
                             CHART_FONT_LABEL, CHART_ALIGN_LEFT, CHART_INK);
                x += need + 14;
                any = true;
        }
        if (any)
                f->y += lh + 6;
}

double layout_label_column(double inner_width)
{
        double w = 0.38 * inner_width;
        return w < 110 ? 110 : w > 260 ? 260 : w;
}

struct chart_layout *chart_layout_new(const struct chart_spec *spec, double width, double pad,
                                      const struct chart_measure *m)
{
        struct chart_layout *l = g_new0(struct chart_layout, 1);
        if (width < 240)
                width = 240;
        if (pad < 0)
                pad = 0;
        l->width = width;
        l->zero_x = l->ref_x = l->centre_y = NAN;
        l->label_stride = 1;
        struct layout_frame f = {spec, m, pad, width - pad, pad};
        double inner = f.x1 - f.x0, w, h;
        if (spec->title && *spec->title) {
                layout_measure(&f, spec->title, CHART_FONT_TITLE, inner, &w, &h);
                layout_text(l, f.x0, f.y, f.x1, h, spec->title, CHART_FONT_TITLE, CHART_ALIGN_LEFT,
                            true, CHART_INK);
                f.y += h + 2;
        }
        if (spec->subtitle && *spec->subtitle) {
                layout_measure(&f, spec->subtitle, CHART_FONT_SUBTITLE, inner, &w, &h);
                layout_text(l, f.x0, f.y, f.x1, h, spec->subtitle, CHART_FONT_SUBTITLE,
                            CHART_ALIGN_LEFT, true, CHART_INK_SOFT);
                f.y += h;
        }
        f.y += 8;
        switch (spec->kind) {
        case CHART_AGREEMENT:
                layout_agreement(l, &f);
                break;
        case CHART_DOTS:
                layout_dots(l, &f);
                break;
        case CHART_RUN:
        case CHART_PCHART:
        case CHART_COUNTS:
                layout_series(l, &f);
                break;
        }
        if (spec->note && *spec->note) {
                f.y += 4;
                layout_measure(&f, spec->note, CHART_FONT_SMALL, inner, &w, &h);
                layout_text(l, f.x0, f.y, f.x1, h, spec->note, CHART_FONT_SMALL, CHART_ALIGN_LEFT,
                            true, CHART_INK_SOFT);
                f.y += h;
        }
        l->height = ceil(f.y + pad);
        return l;
}

void chart_layout_free(struct chart_layout *l)
{
        if (!l)
                return;
        for (size_t i = 0; i < l->nowned; i++)
                g_free(l->owned[i]);
        g_free(l->owned);
        g_free(l->marks);
        g_free(l->rows);
        g_free(l);
}
