#include "chart_draw.h"
#include "chart_pango.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#define FILE_PAD 16.0 /* margin round a chart written to a file */

static void measure(void *ctx, const char *text, enum chart_font font, double wrap, double *w,
                    double *h)
{
        PangoLayout *layout =
            chart_pango_layout(chart_pango_measure_context(), text, chart_font_size(font),
                               chart_font_bold(font), wrap, PANGO_ALIGN_LEFT);
        chart_pango_size(layout, w, h);
        g_object_unref(layout);
}

struct chart_measure chart_draw_measure(void)
{
        return (struct chart_measure){measure, NULL};
}

static void colour(cairo_t *cr, uint32_t rgb)
{
        cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                             (rgb & 0xFF) / 255.0);
}

static void draw_rect(cairo_t *cr, const struct chart_mark *m)
{
        cairo_new_path(cr);
        cairo_rectangle(cr, m->x0, m->y0, m->x1 - m->x0, m->y1 - m->y0);
        if (m->fill != CHART_NO_COLOUR) {
                colour(cr, m->fill);
                cairo_fill_preserve(cr);
        }
        if (m->hatched) {
                /* Diagonal lines every 3.5 points, clipped to the rectangle. */
                cairo_save(cr);
                cairo_clip_preserve(cr);
                cairo_new_path(cr);
                double h = m->y1 - m->y0;
                for (double x = m->x0 - h; x < m->x1; x += 3.5) {
                        cairo_move_to(cr, x, m->y1);
                        cairo_line_to(cr, x + h, m->y0);
                }
                colour(cr, m->stroke != CHART_NO_COLOUR ? m->stroke : CHART_HIDDEN_HATCH);
                cairo_set_line_width(cr, 0.6);
                cairo_stroke(cr);
                cairo_restore(cr);
                cairo_rectangle(cr, m->x0, m->y0, m->x1 - m->x0, m->y1 - m->y0);
        }
        if (m->stroke != CHART_NO_COLOUR) {
                colour(cr, m->stroke);
                cairo_set_line_width(cr, m->line_width);
                cairo_stroke(cr);
        }
        cairo_new_path(cr);
}

static void draw_line(cairo_t *cr, const struct chart_mark *m)
{
        static const double dash[] = {3.0, 2.2};
        cairo_new_path(cr);
        cairo_move_to(cr, m->x0, m->y0);
        cairo_line_to(cr, m->x1, m->y1);
        cairo_set_dash(cr, dash, m->dashed ? 2 : 0, 0);
        cairo_set_line_width(cr, m->line_width);
        colour(cr, m->stroke);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
}

static void draw_dot(cairo_t *cr, const struct chart_mark *m)
{
        double x = m->x0, y = m->y0, r = m->r;
        cairo_new_path(cr); /* an arc would otherwise join the current point */
        switch (m->shape) {
        case CHART_SHAPE_CIRCLE:
                cairo_arc(cr, x, y, r, 0, 2 * M_PI);
                break;
        case CHART_SHAPE_UP:
                r *= 1.25;
                cairo_move_to(cr, x, y - r);
                cairo_line_to(cr, x + r * 0.9, y + r * 0.65);
                cairo_line_to(cr, x - r * 0.9, y + r * 0.65);
                cairo_close_path(cr);
                break;
        case CHART_SHAPE_DOWN:
                r *= 1.25;
                cairo_move_to(cr, x, y + r);
                cairo_line_to(cr, x + r * 0.9, y - r * 0.65);
                cairo_line_to(cr, x - r * 0.9, y - r * 0.65);
                cairo_close_path(cr);
                break;
        case CHART_SHAPE_DIAMOND:
                r *= 1.2;
                cairo_move_to(cr, x, y - r);
                cairo_line_to(cr, x + r, y);
                cairo_line_to(cr, x, y + r);
                cairo_line_to(cr, x - r, y);
                cairo_close_path(cr);
                break;
        }
        if (m->fill != CHART_NO_COLOUR) {
                colour(cr, m->fill);
                cairo_fill_preserve(cr);
        }
        if (m->stroke != CHART_NO_COLOUR) {
                colour(cr, m->stroke);
                cairo_set_line_width(cr, m->line_width);
                cairo_stroke(cr);
        }
        cairo_new_path(cr);
}

static void draw_text(cairo_t *cr, PangoContext *ctx, const struct chart_mark *m)
{
        static const PangoAlignment ALIGN[] = {
            [CHART_ALIGN_LEFT] = PANGO_ALIGN_LEFT,
            [CHART_ALIGN_CENTRE] = PANGO_ALIGN_CENTER,
            [CHART_ALIGN_RIGHT] = PANGO_ALIGN_RIGHT,
        };
        double box = m->x1 - m->x0;
        PangoLayout *layout =
            chart_pango_layout(ctx, m->text, chart_font_size(m->font), chart_font_bold(m->font),
                               m->wrap ? box : 0, ALIGN[m->align]);
        double w, h;
        chart_pango_size(layout, &w, &h);
        colour(cr, m->fill != CHART_NO_COLOUR ? m->fill : CHART_INK);
        cairo_save(cr);
        if (m->vertical) {
                cairo_translate(cr, (m->x0 + m->x1) / 2, (m->y0 + m->y1) / 2);
                cairo_rotate(cr, -M_PI / 2);
                cairo_move_to(cr, -w / 2, -h / 2);
        } else if (m->wrap) {
                cairo_move_to(cr, m->x0, m->y0);
        } else {
                double x = m->align == CHART_ALIGN_LEFT    ? m->x0
                           : m->align == CHART_ALIGN_RIGHT ? m->x1 - w
                                                           : m->x0 + (box - w) / 2;
                cairo_move_to(cr, x, m->y0);
        }
        pango_cairo_show_layout(cr, layout);
        cairo_new_path(cr);
        cairo_restore(cr);
        g_object_unref(layout);
}

void chart_draw(cairo_t *cr, const struct chart_layout *l)
{
        cairo_save(cr);
        PangoContext *ctx = chart_pango_context(cr);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
        for (size_t i = 0; i < l->nmarks; i++) {
                const struct chart_mark *m = &l->marks[i];
                switch (m->kind) {
                case CHART_MARK_RECT:
                        draw_rect(cr, m);
                        break;
                case CHART_MARK_LINE:
                        draw_line(cr, m);
                        break;
                case CHART_MARK_DOT:
                        draw_dot(cr, m);
                        break;
                case CHART_MARK_TEXT:
                        draw_text(cr, ctx, m);
                        break;
                }
        }
        g_object_unref(ctx);
        cairo_restore(cr);
}

/* ---- files ----------------------------------------------------------------------------- */

enum file_kind { FILE_PNG, FILE_PDF, FILE_SVG };

static const struct {
        const char *ext;
        enum file_kind kind;
} FORMATS[] = {
    {".pdf", FILE_PDF},
    {".png", FILE_PNG},
    {".svg", FILE_SVG},
};

static int format_of(const char *path)
{
        size_t len = path ? strlen(path) : 0;
        for (size_t i = 0; i < sizeof(FORMATS) / sizeof(FORMATS[0]); i++) {
                size_t el = strlen(FORMATS[i].ext);
                if (len > el && strcasecmp(path + len - el, FORMATS[i].ext) == 0)
                        return (int)FORMATS[i].kind;
        }
        return -1;
}

bool chart_draw_known_format(const char *path)
{
        return format_of(path) >= 0;
}

static void paint(cairo_t *cr, const struct chart_layout *l)
{
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        chart_draw(cr, l);
}

int chart_draw_file(const struct chart_spec *spec, double width, double scale, const char *path,
                    struct chart_error *err)
{
        int kind = format_of(path);
        if (kind < 0) {
                g_snprintf(err->msg, sizeof(err->msg),
                           "cannot tell the format of '%s': name it .png, .pdf or .svg",
                           path ? path : "");
                return -1;
        }
        struct chart_measure m = chart_draw_measure();
        struct chart_layout *l = chart_layout_new(spec, width, FILE_PAD, &m);
        cairo_surface_t *s = NULL;
        cairo_status_t st;
        if (kind == FILE_PNG) {
                if (!(scale > 0) || scale > 8)
                        scale = 2;
                s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(l->width * scale),
                                               (int)ceil(l->height * scale));
        } else if (kind == FILE_PDF) {
                s = cairo_pdf_surface_create(path, l->width, l->height);
                cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, NULL);
                cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, NULL);
                if (spec->title)
                        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, spec->title);
        } else {
                s = cairo_svg_surface_create(path, l->width, l->height);
                cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
        }
        cairo_t *cr = cairo_create(s);
        if (kind == FILE_PNG)
                cairo_scale(cr, scale, scale);
        paint(cr, l);
        st = cairo_status(cr);
        cairo_destroy(cr);
        if (st == CAIRO_STATUS_SUCCESS && kind == FILE_PNG)
                st = cairo_surface_write_to_png(s, path);
        cairo_surface_finish(s);
        if (st == CAIRO_STATUS_SUCCESS)
                st = cairo_surface_status(s);
        cairo_surface_destroy(s);
        chart_layout_free(l);
        if (st != CAIRO_STATUS_SUCCESS) {
                g_snprintf(err->msg, sizeof(err->msg), "cannot write %s: %s", path,
                           cairo_status_to_string(st));
                return -1;
        }
        return 0;
}
