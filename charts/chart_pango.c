#include "chart_pango.h"

static cairo_font_options_t *font_options(void)
{
        static cairo_font_options_t *opts;
        if (!opts) {
                opts = cairo_font_options_create();
                cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
                cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
                cairo_font_options_set_antialias(opts, CAIRO_ANTIALIAS_GRAY);
        }
        return opts;
}

static void configure(PangoContext *ctx)
{
        pango_cairo_context_set_resolution(ctx, 72);
        pango_cairo_context_set_font_options(ctx, font_options());
        pango_context_set_round_glyph_positions(ctx, FALSE);
}

void chart_pango_setup(cairo_t *cr)
{
        cairo_set_font_options(cr, font_options());
}

PangoContext *chart_pango_context(cairo_t *cr)
{
        chart_pango_setup(cr);
        PangoContext *ctx = pango_cairo_create_context(cr);
        configure(ctx);
        return ctx;
}

PangoContext *chart_pango_measure_context(void)
{
        static PangoContext *ctx;
        if (!ctx) {
                ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
                configure(ctx);
        }
        return ctx;
}

PangoLayout *chart_pango_layout(PangoContext *ctx, const char *text, double size, bool bold,
                                double wrap, PangoAlignment align)
{
        PangoLayout *layout = pango_layout_new(ctx);
        PangoFontDescription *fd = pango_font_description_new();
        pango_font_description_set_family(fd, CHART_PANGO_FAMILY);
        pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE + 0.5));
        pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(layout, fd);
        pango_font_description_free(fd);
        if (wrap > 0) {
                pango_layout_set_width(layout, (int)(wrap * PANGO_SCALE));
                pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        }
        pango_layout_set_alignment(layout, align);
        pango_layout_set_text(layout, text ? text : "", -1);
        return layout;
}

void chart_pango_size(PangoLayout *layout, double *w, double *h)
{
        PangoRectangle logical;
        pango_layout_get_extents(layout, NULL, &logical);
        *w = (double)logical.width / PANGO_SCALE;
        *h = (double)logical.height / PANGO_SCALE;
}
