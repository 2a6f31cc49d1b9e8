/* Every chart kind drawn to PNG, PDF and SVG: valid, non-empty files (a PNG
 * Cairo reads back at the expected size, a PDF with its header and trailer, an
 * SVG with its root element), the same bytes twice, and a two-page document.
 * usage: test_chart_render TMPDIR */
#include "chart.h"
#include "chart_doc.h"
#include "chart_draw.h"
#include "test.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        *len = 0;
        if (!f)
                return NULL;
        size_t cap = 1 << 16, n = 0;
        char *buf = malloc(cap + 1);
        size_t got;
        while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
                n += got;
                if (n == cap) {
                        char *more = realloc(buf, 2 * cap + 1);
                        if (!more) {
                                free(buf);
                                buf = NULL;
                                break;
                        }
                        buf = more;
                        cap *= 2;
                }
        }
        fclose(f);
        if (buf)
                buf[n] = '\0';
        *len = n;
        return buf;
}

static bool contains(const char *buf, size_t len, const char *needle)
{
        size_t nl = strlen(needle);
        for (size_t i = 0; i + nl <= len; i++)
                if (memcmp(buf + i, needle, nl) == 0)
                        return true;
        return false;
}

static void check_png(const char *path, double width)
{
        size_t len;
        char *b = slurp(path, &len);
        CHECK(b && len > 1000 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0);
        free(b);
        cairo_surface_t *s = cairo_image_surface_create_from_png(path);
        CHECK(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
        CHECK(cairo_image_surface_get_width(s) == (int)ceil(width * 2));
        CHECK(cairo_image_surface_get_height(s) > 100);
        cairo_surface_destroy(s);
}

static void check_pdf(const char *path)
{
        size_t len;
        char *b = slurp(path, &len);
        CHECK(b && len > 1000 && memcmp(b, "%PDF-", 5) == 0);
        CHECK(b && contains(b, len, "trailer") && contains(b, len, "%%EOF"));
        CHECK(b && !contains(b, len, "/CreationDate") && !contains(b, len, "/ModDate"));
        free(b);
}

static void check_svg(const char *path)
{
        size_t len;
        char *b = slurp(path, &len);
        CHECK(b && len > 1000 && contains(b, len, "<svg") && contains(b, len, "</svg>"));
        free(b);
}

static bool same_bytes(const char *a, const char *b)
{
        size_t la, lb;
        char *x = slurp(a, &la), *y = slurp(b, &lb);
        bool same = x && y && la == lb && memcmp(x, y, la) == 0;
        free(x);
        free(y);
        return same;
}

int main(int argc, char **argv)
{
        const char *dir = argc > 1 ? argv[1] : ".";
        static const char *const cats[] = {"Helt uenig", "Delvis uenig", "Verken enig eller uenig",
                                           "Delvis enig", "Helt enig"};
        struct chart_bar_row bars[3] = {
            {"Jeg får være med når planer for hjelpen blir laget eller endret.",
             {10, 20, 30, 25, 15},
             5,
             1378,
             false,
             false,
             NULL,
             false},
            {"Æ, ø og å: de ansatte møter meg med respekt.",
             {5, 5, 10, 40, 40},
             4,
             1510,
             false,
             false,
             NULL,
             false},
            {"Skjult rad", {0}, 0, 0, false, true, NULL, false},
        };
        struct chart_dot_row dots[3] = {
            {"Hjemmetjenesten nord", 55, 53, 57, 64, 492, -1, false, false, NULL},
            {"Demensteamet", NAN, NAN, NAN, NAN, 0, 0, false, true, NULL},
            {"Hjemmetjenesten sør", 69, 68, 70, 64, 1008, 1, true, false, NULL},
        };
        struct chart_point pts[12];
        char labels[12][8];
        for (int i = 0; i < 12; i++) {
                snprintf(labels[i], sizeof(labels[i]), "2026-%02d", i + 1);
                pts[i] = (struct chart_point){labels[i], 45 + 3 * sin(i), 30,     62,
                                              60 + i,    i == 9,          i == 6, i == 3};
        }
        struct chart_spec specs[5] = {0};
        specs[0].kind = CHART_AGREEMENT;
        specs[0].agreement = (struct chart_agreement){cats, 5, "Vet ikke", bars, 3, false};
        specs[1].kind = CHART_DOTS;
        specs[1].dots = (struct chart_dots){dots, 3, 64, "Kommunen (64)", NULL, 0, 100, 0};
        specs[2].kind = CHART_RUN;
        specs[2].series = (struct chart_series){pts, 12, 45, NULL, NULL, true, 0};
        specs[3].kind = CHART_PCHART;
        specs[3].series = (struct chart_series){pts, 12, 45, NULL, NULL, true, 0};
        specs[4].kind = CHART_COUNTS;
        specs[4].series = (struct chart_series){pts, 12, NAN, NULL, NULL, false, 0};
        static const char *const names[] = {"agreement", "dots", "run", "pchart", "counts"};
        for (size_t k = 0; k < 5; k++) {
                specs[k].lang = k % 2 ? CHART_LANG_EN : CHART_LANG_NB;
                specs[k].title = "Pårørendeundersøkelse: æ, ø, å";
                specs[k].subtitle = "Undertittel";
                specs[k].note = "n = 1 510";
                static const char *const ext[] = {"png", "pdf", "svg"};
                for (size_t e = 0; e < 3; e++) {
                        char path[1024];
                        snprintf(path, sizeof(path), "%s/%s.%s", dir, names[k], ext[e]);
                        struct chart_error err;
                        int rc = chart_draw_file(&specs[k], 520, 2, path, &err);
                        CHECK(rc == 0);
                        if (rc < 0) {
                                fprintf(stderr, "%s: %s\n", path, err.msg);
                                continue;
                        }
                        if (e == 0)
                                check_png(path, 520);
                        else if (e == 1)
                                check_pdf(path);
                        else
                                check_svg(path);
                }
                /* The same spec gives the same PDF and PNG bytes. */
                char a[1024], b[1024];
                struct chart_error err;
                snprintf(a, sizeof(a), "%s/%s.pdf", dir, names[k]);
                snprintf(b, sizeof(b), "%s/%s-again.pdf", dir, names[k]);
                CHECK(chart_draw_file(&specs[k], 520, 2, b, &err) == 0 && same_bytes(a, b));
                snprintf(a, sizeof(a), "%s/%s.png", dir, names[k]);
                snprintf(b, sizeof(b), "%s/%s-again.png", dir, names[k]);
                CHECK(chart_draw_file(&specs[k], 520, 2, b, &err) == 0 && same_bytes(a, b));
        }

        /* Unknown formats and unwritable files are errors, not crashes. */
        struct chart_error err;
        CHECK(!chart_draw_known_format("chart.jpg") && chart_draw_known_format("CHART.PNG"));
        CHECK(chart_draw_file(&specs[0], 520, 2, "chart.jpg", &err) < 0 && strstr(err.msg, ".png"));
        CHECK(chart_draw_file(&specs[0], 520, 2, "/nonexistent/dir/c.png", &err) < 0);

        /* A document: text, a table, charts; page breaks; no dates. */
        char path[1024];
        snprintf(path, sizeof(path), "%s/doc.pdf", dir);
        struct chart_doc_info info = {path, "Rapport", "Pårørendeundersøkelse · 2026-H2",
                                      CHART_LANG_NB};
        struct chart_doc *d;
        CHECK(chart_doc_new(&info, &d, &err) == 0);
        chart_doc_text(d, CHART_DOC_COVER_TITLE, "Pårørendeundersøkelse");
        struct chart_doc_figure figs[2] = {{"1 510", "svar"}, {"4", "bølger"}};
        chart_doc_figures(d, figs, 2);
        const char *head[] = {"Enhet", "Svar"};
        const char *cells[] = {"Demensteamet", "for få svar", "Fjordly", "12"};
        bool muted[] = {false, true, false, false};
        struct chart_doc_table t = {head, 2, cells, muted, 2, NULL, NULL};
        chart_doc_table(d, &t);
        CHECK(chart_doc_pages(d) == 1);
        chart_doc_page(d);
        chart_doc_page(d); /* no empty page */
        chart_doc_text(d, CHART_DOC_H1, "Hovedfunn");
        chart_doc_bullet(d, "Sterkest:", "«De ansatte møter meg med respekt»");
        for (size_t k = 0; k < 5; k++)
                chart_doc_chart(d, &specs[k]);
        CHECK(chart_doc_pages(d) >= 3);
        CHECK(chart_doc_close(d, &err) == 0);
        check_pdf(path);
        info.path = "/nonexistent/dir/doc.pdf";
        CHECK(chart_doc_new(&info, &d, &err) < 0 && d == NULL);
        return test_done("chart_render");
}
