#include "letter.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#define MM (72.0 / 25.4) /* PDF points per millimetre */

enum letter_text {
        L_INVITED,
        L_WHY,
        L_ANONYMOUS,
        L_HOW,
        L_CODE,
        L_OR_SCAN,
        L_SUPPORT,
        L_POSTER_TITLE,
        L_POSTER_BODY,
        L_COUNT
};

static const char *const TEXTS[L_COUNT][3] = {
    [L_INVITED] = {"Du er invitert til å svare på en undersøkelse for pårørende",
                   "Du er invitert til å svare på ei undersøking for pårørande",
                   "You are invited to answer a survey for family carers"},
    [L_WHY] = {"Kommunen vil vite hvordan du som pårørende opplever hjelpen og støtten du og "
               "din nærmeste får, og bruke svarene til å gjøre tjenestene bedre.",
               "Kommunen vil vite korleis du som pårørande opplever hjelpa og støtta du og den "
               "næraste din får, og bruke svara til å gjere tenestene betre.",
               "The municipality wants to know how you, as a family carer, experience the help "
               "and support you and your loved one receive, and to use the answers to improve "
               "its services."},
    [L_ANONYMOUS] = {"Undersøkelsen er anonym. Koden under kan brukes én gang og knyttes ikke til "
                     "svarene dine. Vi vet ikke hvem som har svart.",
                     "Undersøkinga er anonym. Koden under kan brukast éin gong og blir ikkje "
                     "knytt til svara dine. Vi veit ikkje kven som har svart.",
                     "The survey is anonymous. The code below works once and is not linked to "
                     "your answers. We do not know who has answered."},
    [L_HOW] = {"Gå til", "Gå til", "Go to"},
    [L_CODE] = {"og skriv koden", "og skriv koden", "and enter the code"},
    [L_OR_SCAN] = {"Eller skann QR-koden med mobilkameraet: da er koden fylt ut.",
                   "Eller skann QR-koden med mobilkameraet: då er koden fylt ut.",
                   "Or scan the QR code with your phone's camera: the code is then filled in."},
    [L_SUPPORT] = {"Støtte til deg som er pårørende", "Støtte til deg som er pårørande",
                   "Support for you as a carer"},
    [L_POSTER_TITLE] = {"Er du pårørende? Si din mening!", "Er du pårørande? Sei di meining!",
                        "Are you a family carer? Tell us what you think!"},
    [L_POSTER_BODY] = {"Skann koden med mobilen og svar anonymt på noen spørsmål om hvordan du "
                       "opplever hjelpen og støtten fra kommunen. Det tar omtrent 5 minutter.",
                       "Skann koden med mobilen og svar anonymt på nokre spørsmål om korleis du "
                       "opplever hjelpa og støtta frå kommunen. Det tek om lag 5 minutt.",
                       "Scan the code with your phone and answer a few questions anonymously "
                       "about the help and support you get from the municipality. It takes "
                       "about 5 minutes."},
};

static int lang_index(const struct letter_job *job)
{
        const char *code = job->def->langs[job->lang];
        return strcmp(code, "nb") == 0 ? 0 : strcmp(code, "nn") == 0 ? 1 : 2;
}

void letter_link(const struct letter_job *job, const char *code, char *out, size_t n)
{
        if (code)
                snprintf(out, n, "%s/s/%s/%s?lang=%s&code=%s", job->base_url, job->def->id,
                         job->unit->id, job->def->langs[job->lang], code);
        else
                snprintf(out, n, "%s/s/%s/%s?lang=%s", job->base_url, job->def->id, job->unit->id,
                         job->def->langs[job->lang]);
}

/* Sets text in a box at (x, y) of width w; returns the height used. */
static double text(cairo_t *cr, const char *s, const char *font, double x, double y, double w,
                   PangoAlignment align)
{
        PangoLayout *l = pango_cairo_create_layout(cr);
        PangoFontDescription *fd = pango_font_description_from_string(font);
        pango_layout_set_font_description(l, fd);
        pango_layout_set_width(l, (int)(w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l, align);
        pango_layout_set_text(l, s, -1);
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout(cr, l);
        int pw, ph;
        pango_layout_get_size(l, &pw, &ph);
        pango_font_description_free(fd);
        g_object_unref(l);
        return (double)ph / PANGO_SCALE;
}

/* Draws a QR code of s, size mm square, at (x, y); with a quiet zone of 4 modules. */
static int qr(cairo_t *cr, const char *s, double x, double y, double size, struct lytt_error *err)
{
        QRcode *q = QRcode_encodeString(s, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
        if (!q) {
                lytt_error_set(err, NULL, 0, "cannot make a QR code of '%s'", s);
                return -1;
        }
        int n = q->width;
        double m = size / (n + 8);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, x, y, size, size);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                        if (q->data[r * n + c] & 1)
                                cairo_rectangle(cr, x + (c + 4) * m, y + (r + 4) * m, m, m);
        cairo_fill(cr);
        QRcode_free(q);
        return 0;
}

static cairo_t *begin(const char *path, double w, double h, cairo_surface_t **surf,
                      struct lytt_error *err)
{
        *surf = cairo_pdf_surface_create(path, w, h);
        if (cairo_surface_status(*surf) != CAIRO_STATUS_SUCCESS) {
                lytt_error_set(err, path, 0, "cannot write: %s",
                               cairo_status_to_string(cairo_surface_status(*surf)));
                cairo_surface_destroy(*surf);
                return NULL;
        }
        cairo_pdf_surface_set_metadata(*surf, CAIRO_PDF_METADATA_CREATOR, "Lytt");
        return cairo_create(*surf);
}

static int finish(cairo_t *cr, cairo_surface_t *surf, const char *path, struct lytt_error *err)
{
        cairo_destroy(cr);
        cairo_surface_finish(surf);
        cairo_status_t st = cairo_surface_status(surf);
        cairo_surface_destroy(surf);
        if (st != CAIRO_STATUS_SUCCESS) {
                lytt_error_set(err, path, 0, "cannot write: %s", cairo_status_to_string(st));
                return -1;
        }
        return 0;
}

int letter_write_pdf(const struct letter_job *job, const char *path, struct lytt_error *err)
{
        const double W = 210 * MM, H = 297 * MM, M = 25 * MM, TW = W - 2 * M;
        int li = lang_index(job);
        cairo_surface_t *surf;
        cairo_t *cr = begin(path, W, H, &surf, err);
        if (!cr)
                return -1;
        char url[512], base[512];
        snprintf(base, sizeof(base), "%s/s/%s/%s", job->base_url, job->def->id, job->unit->id);
        for (size_t i = 0; i < job->ncodes; i++) {
                double y = M;
                cairo_set_source_rgb(cr, 0.04, 0.31, 0.54);
                y += text(cr, survey_text_get(&job->def->title, job->lang), "DejaVu Sans Bold 20",
                          M, y, TW, PANGO_ALIGN_LEFT);
                y += text(cr, survey_text_get(&job->unit->name, job->lang), "DejaVu Sans 13", M, y,
                          TW, PANGO_ALIGN_LEFT) +
                     8 * MM;
                cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
                y += text(cr, TEXTS[L_INVITED][li], "DejaVu Sans Bold 13", M, y, TW,
                          PANGO_ALIGN_LEFT) +
                     3 * MM;
                y += text(cr, TEXTS[L_WHY][li], "DejaVu Sans 11", M, y, TW, PANGO_ALIGN_LEFT) +
                     3 * MM;
                y +=
                    text(cr, TEXTS[L_ANONYMOUS][li], "DejaVu Sans 11", M, y, TW, PANGO_ALIGN_LEFT) +
                    8 * MM;
                y += text(cr, TEXTS[L_HOW][li], "DejaVu Sans 11", M, y, TW, PANGO_ALIGN_LEFT);
                y +=
                    text(cr, base, "DejaVu Sans Mono Bold 12", M, y, TW, PANGO_ALIGN_LEFT) + 2 * MM;
                y += text(cr, TEXTS[L_CODE][li], "DejaVu Sans 11", M, y, TW, PANGO_ALIGN_LEFT);
                y += text(cr, job->codes[i], "DejaVu Sans Mono Bold 28", M, y, TW,
                          PANGO_ALIGN_LEFT) +
                     6 * MM;
                text(cr, TEXTS[L_OR_SCAN][li], "DejaVu Sans 11", M, y, TW - 60 * MM,
                     PANGO_ALIGN_LEFT);
                letter_link(job, job->codes[i], url, sizeof(url));
                if (qr(cr, url, W - M - 50 * MM, y - 10 * MM, 50 * MM, err) < 0) {
                        finish(cr, surf, path, err);
                        return -1;
                }
                y += 50 * MM;
                cairo_set_source_rgb(cr, 0.04, 0.31, 0.54);
                y += text(cr, TEXTS[L_SUPPORT][li], "DejaVu Sans Bold 11", M, y, TW,
                          PANGO_ALIGN_LEFT) +
                     1 * MM;
                cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
                text(cr, survey_text_get(&job->def->support, job->lang), "DejaVu Sans 9", M, y, TW,
                     PANGO_ALIGN_LEFT);
                cairo_show_page(cr);
        }
        return finish(cr, surf, path, err);
}

int letter_write_poster(const struct letter_job *job, const char *path, struct lytt_error *err)
{
        double scale = job->a3 ? 1.41421356 : 1.0;
        const double W = 210 * MM * scale, H = 297 * MM * scale, M = 20 * MM * scale,
                     TW = W - 2 * M;
        int li = lang_index(job);
        cairo_surface_t *surf;
        cairo_t *cr = begin(path, W, H, &surf, err);
        if (!cr)
                return -1;
        char font[64], url[512];
        double y = M;
        cairo_set_source_rgb(cr, 0.04, 0.31, 0.54);
        snprintf(font, sizeof(font), "DejaVu Sans Bold %d", (int)(34 * scale));
        y += text(cr, TEXTS[L_POSTER_TITLE][li], font, M, y, TW, PANGO_ALIGN_CENTER) + 8 * MM;
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        snprintf(font, sizeof(font), "DejaVu Sans %d", (int)(17 * scale));
        y += text(cr, TEXTS[L_POSTER_BODY][li], font, M, y, TW, PANGO_ALIGN_CENTER) + 10 * MM;
        double size = 120 * MM * scale;
        letter_link(job, NULL, url, sizeof(url));
        if (qr(cr, url, (W - size) / 2, y, size, err) < 0) {
                finish(cr, surf, path, err);
                return -1;
        }
        y += size + 6 * MM;
        snprintf(font, sizeof(font), "DejaVu Sans Mono Bold %d", (int)(14 * scale));
        y += text(cr, url, font, M, y, TW, PANGO_ALIGN_CENTER) + 6 * MM;
        snprintf(font, sizeof(font), "DejaVu Sans %d", (int)(15 * scale));
        cairo_set_source_rgb(cr, 0.04, 0.31, 0.54);
        text(cr, survey_text_get(&job->unit->name, job->lang), font, M, y, TW, PANGO_ALIGN_CENTER);
        cairo_show_page(cr);
        return finish(cr, surf, path, err);
}
