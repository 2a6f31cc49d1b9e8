#include "chart_doc.h"
#include "chart_draw.h"
#include "chart_pango.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>

#define TEXT_W      (CHART_DOC_WIDTH - 2 * CHART_DOC_MARGIN)
#define TOP         CHART_DOC_MARGIN
#define BOTTOM      (CHART_DOC_HEIGHT - CHART_DOC_MARGIN)
#define ACCENT      0x0072B2u /* Okabe-Ito blue */
#define HEADING_INK 0x1B2A3A
#define MIN_SCALE   0.8 /* a chart is scaled down this far to stay on its page */

struct chart_doc {
        cairo_surface_t *surface;
        cairo_t *cr;
        PangoContext *ctx;
        enum chart_lang lang;
        char *footer;
        size_t page; /* 1-based */
        double y;    /* where the next block goes */
        bool empty;  /* nothing on the current page yet */
};

static const struct {
        double size;
        bool bold;
        uint32_t colour;
        double before, after; /* space around the block */
} STYLES[] = {
    [CHART_DOC_COVER_TITLE] = {26, true, HEADING_INK, 0, 10},
    [CHART_DOC_COVER_SUB] = {14, false, 0x3C4B5A, 0, 8},
    [CHART_DOC_H1] = {17, true, HEADING_INK, 0, 10},
    [CHART_DOC_H2] = {11.5, true, HEADING_INK, 8, 5},
    [CHART_DOC_BODY] = {9.5, false, CHART_INK, 0, 6},
    [CHART_DOC_SMALL] = {8, false, CHART_INK_SOFT, 0, 5},
};

static void colour(cairo_t *cr, uint32_t rgb)
{
        cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                             (rgb & 0xFF) / 255.0);
}

int chart_doc_new(const struct chart_doc_info *info, struct chart_doc **out,
                  struct chart_error *err)
{
        *out = NULL;
        cairo_surface_t *s =
            cairo_pdf_surface_create(info->path, CHART_DOC_WIDTH, CHART_DOC_HEIGHT);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
                g_snprintf(err->msg, sizeof(err->msg), "cannot write %s: %s", info->path,
                           cairo_status_to_string(cairo_surface_status(s)));
                cairo_surface_destroy(s);
                return -1;
        }
        /* No dates: the same data gives the same bytes. */
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, NULL);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, NULL);
        if (info->title)
                cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, info->title);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "lytt-analyze");
        struct chart_doc *d = g_new0(struct chart_doc, 1);
        d->surface = s;
        d->cr = cairo_create(s);
        d->ctx = chart_pango_context(d->cr);
        d->lang = info->lang;
        d->footer = g_strdup(info->footer ? info->footer : "");
        d->page = 1;
        d->y = TOP;
        d->empty = true;
        *out = d;
        return 0;
}

static PangoLayout *text_layout(struct chart_doc *d, const char *text, double size, bool bold,
                                double wrap, double *h)
{
        PangoLayout *l = chart_pango_layout(d->ctx, text, size, bold, wrap, PANGO_ALIGN_LEFT);
        double w;
        chart_pango_size(l, &w, h);
        return l;
}

static void show(struct chart_doc *d, PangoLayout *l, double x, double y, uint32_t rgb)
{
        colour(d->cr, rgb);
        cairo_move_to(d->cr, x, y);
        pango_cairo_show_layout(d->cr, l);
}

static void footer(struct chart_doc *d)
{
        if (d->page == 1)
                return;
        double y = CHART_DOC_HEIGHT - CHART_DOC_MARGIN / 2 - 6, h;
        cairo_move_to(d->cr, CHART_DOC_MARGIN, y - 5);
        cairo_line_to(d->cr, CHART_DOC_WIDTH - CHART_DOC_MARGIN, y - 5);
        colour(d->cr, CHART_GRID);
        cairo_set_line_width(d->cr, 0.6);
        cairo_stroke(d->cr);
        PangoLayout *l = text_layout(d, d->footer, 7.5, false, TEXT_W * 0.75, &h);
        show(d, l, CHART_DOC_MARGIN, y, CHART_INK_SOFT);
        g_object_unref(l);
        char num[64];
        g_snprintf(num, sizeof(num), "%s %zu", chart_text(d->lang, CHART_TEXT_PAGE), d->page);
        l = chart_pango_layout(d->ctx, num, 7.5, false, TEXT_W, PANGO_ALIGN_RIGHT);
        show(d, l, CHART_DOC_MARGIN, y, CHART_INK_SOFT);
        g_object_unref(l);
}

static void next_page(struct chart_doc *d)
{
        footer(d);
        cairo_show_page(d->cr);
        d->page++;
        d->y = TOP;
        d->empty = true;
}

void chart_doc_page(struct chart_doc *d)
{
        if (!d->empty)
                next_page(d);
}

/* Makes room for h points: a new page unless it fits (or the page is empty). */
static void need(struct chart_doc *d, double h)
{
        if (!d->empty && d->y + h > BOTTOM)
                next_page(d);
        d->empty = false;
}

double chart_doc_room(const struct chart_doc *d)
{
        return BOTTOM - d->y;
}

size_t chart_doc_pages(const struct chart_doc *d)
{
        return d->page;
}

void chart_doc_space(struct chart_doc *d, double points)
{
        if (!d->empty)
                d->y += points;
}

void chart_doc_text(struct chart_doc *d, enum chart_doc_style style, const char *text)
{
        double h;
        PangoLayout *l = text_layout(d, text, STYLES[style].size, STYLES[style].bold, TEXT_W, &h);
        double before = d->empty ? 0 : STYLES[style].before;
        /* Headings keep 80 points of what follows with them. */
        double keep = style == CHART_DOC_H1 || style == CHART_DOC_H2 ? 80 : 0;
        need(d, before + h + keep);
        if (d->y > TOP)
                d->y += before;
        show(d, l, CHART_DOC_MARGIN, d->y, STYLES[style].colour);
        d->y += h;
        if (style == CHART_DOC_H1) {
                cairo_move_to(d->cr, CHART_DOC_MARGIN, d->y + 4);
                cairo_line_to(d->cr, CHART_DOC_MARGIN + 48, d->y + 4);
                colour(d->cr, ACCENT);
                cairo_set_line_width(d->cr, 2);
                cairo_stroke(d->cr);
                d->y += 4;
        }
        d->y += STYLES[style].after;
        g_object_unref(l);
}

void chart_doc_bullet(struct chart_doc *d, const char *lead, const char *text)
{
        const double indent = 12;
        char *markup = lead ? g_markup_printf_escaped("<b>%s</b> %s", lead, text)
                            : g_markup_printf_escaped("%s", text);
        PangoLayout *l = chart_pango_layout(d->ctx, "", STYLES[CHART_DOC_BODY].size, false,
                                            TEXT_W - indent, PANGO_ALIGN_LEFT);
        pango_layout_set_markup(l, markup, -1);
        g_free(markup);
        double w, h;
        chart_pango_size(l, &w, &h);
        need(d, h);
        double fs = STYLES[CHART_DOC_BODY].size;
        cairo_new_path(d->cr);
        cairo_arc(d->cr, CHART_DOC_MARGIN + 3, d->y + fs * 0.68, 1.8, 0, 2 * M_PI);
        colour(d->cr, ACCENT);
        cairo_fill(d->cr);
        show(d, l, CHART_DOC_MARGIN + indent, d->y, CHART_INK);
        d->y += h + 3.5;
        g_object_unref(l);
}

void chart_doc_figures(struct chart_doc *d, const struct chart_doc_figure *figs, size_t n)
{
        if (n == 0)
                return;
        if (n > 4)
                n = 4;
        const double gap = 10, box_h = 62;
        double w = (TEXT_W - gap * (double)(n - 1)) / (double)n;
        need(d, box_h);
        for (size_t i = 0; i < n; i++) {
                double x = CHART_DOC_MARGIN + (double)i * (w + gap), h;
                cairo_rectangle(d->cr, x, d->y, w, box_h);
                colour(d->cr, 0xF1F5F9);
                cairo_fill(d->cr);
                cairo_rectangle(d->cr, x, d->y, 3, box_h);
                colour(d->cr, ACCENT);
                cairo_fill(d->cr);
                PangoLayout *l = text_layout(d, figs[i].value, 20, true, w - 18, &h);
                show(d, l, x + 12, d->y + 8, HEADING_INK);
                g_object_unref(l);
                l = text_layout(d, figs[i].label, 8, false, w - 18, &h);
                show(d, l, x + 12, d->y + 38, CHART_INK_SOFT);
                g_object_unref(l);
        }
        d->y += box_h + 14;
}

void chart_doc_table(struct chart_doc *d, const struct chart_doc_table *t)
{
        static const PangoAlignment ALIGN[] = {
            [CHART_ALIGN_LEFT] = PANGO_ALIGN_LEFT,
            [CHART_ALIGN_CENTRE] = PANGO_ALIGN_CENTER,
            [CHART_ALIGN_RIGHT] = PANGO_ALIGN_RIGHT,
        };
        const double pad = 4, size = 8.5;
        double *x = g_new0(double, t->ncols + 1);
        x[0] = CHART_DOC_MARGIN;
        for (size_t c = 0; c < t->ncols; c++)
                x[c + 1] = x[c] + TEXT_W * (t->widths ? t->widths[c] : 1.0 / (double)t->ncols);
        for (size_t r = 0; r <= t->nrows; r++) { /* r == 0: the header */
                const char *const *row = r == 0 ? t->head : t->cells + (r - 1) * t->ncols;
                PangoLayout **ls = g_new0(PangoLayout *, t->ncols);
                double rh = 0;
                for (size_t c = 0; c < t->ncols; c++) {
                        double h;
                        ls[c] = chart_pango_layout(d->ctx, row[c] ? row[c] : "", size, r == 0,
                                                   x[c + 1] - x[c] - 2 * pad,
                                                   ALIGN[t->align ? t->align[c] : 0]);
                        double w;
                        chart_pango_size(ls[c], &w, &h);
                        rh = fmax(rh, h);
                }
                rh += 2 * pad;
                need(d, rh + (r == 0 ? 3 * rh : 0));
                if (r % 2 == 0 && r > 0) {
                        cairo_rectangle(d->cr, x[0], d->y, TEXT_W, rh);
                        colour(d->cr, 0xF6F7F9);
                        cairo_fill(d->cr);
                }
                for (size_t c = 0; c < t->ncols; c++) {
                        bool muted = r > 0 && t->muted && t->muted[(r - 1) * t->ncols + c];
                        show(d, ls[c], x[c] + pad, d->y + pad,
                             r == 0  ? HEADING_INK
                             : muted ? 0x8C8C8C
                                     : CHART_INK);
                        g_object_unref(ls[c]);
                }
                g_free(ls);
                d->y += rh;
                cairo_move_to(d->cr, x[0], d->y);
                cairo_line_to(d->cr, x[t->ncols], d->y);
                colour(d->cr, r == 0 ? 0x8C8C8C : CHART_GRID);
                cairo_set_line_width(d->cr, r == 0 ? 0.8 : 0.5);
                cairo_stroke(d->cr);
        }
        d->y += 12;
        g_free(x);
}

void chart_doc_chart(struct chart_doc *d, const struct chart_spec *spec)
{
        struct chart_measure m = chart_draw_measure();
        struct chart_layout *l = chart_layout_new(spec, TEXT_W, 0, &m);
        double scale = 1;
        if (!d->empty && d->y + l->height > BOTTOM && (BOTTOM - d->y) / l->height < MIN_SCALE)
                next_page(d);
        d->empty = false;
        if (d->y + l->height > BOTTOM)
                scale = (BOTTOM - d->y) / l->height;
        cairo_save(d->cr);
        cairo_translate(d->cr, CHART_DOC_MARGIN + TEXT_W * (1 - scale) / 2, d->y);
        cairo_scale(d->cr, scale, scale);
        chart_draw(d->cr, l);
        cairo_restore(d->cr);
        d->y += l->height * scale + 12;
        chart_layout_free(l);
}

int chart_doc_close(struct chart_doc *d, struct chart_error *err)
{
        if (!d)
                return 0;
        footer(d);
        cairo_show_page(d->cr);
        g_object_unref(d->ctx);
        cairo_status_t st = cairo_status(d->cr);
        cairo_destroy(d->cr);
        cairo_surface_finish(d->surface);
        if (st == CAIRO_STATUS_SUCCESS)
                st = cairo_surface_status(d->surface);
        cairo_surface_destroy(d->surface);
        g_free(d->footer);
        g_free(d);
        if (st != CAIRO_STATUS_SUCCESS) {
                g_snprintf(err->msg, sizeof(err->msg), "writing the PDF failed: %s",
                           cairo_status_to_string(st));
                return -1;
        }
        return 0;
}
