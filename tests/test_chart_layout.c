/* Chart layout on numbers, not pixels: axis ticks, number formats, bar extents,
 * sorting, label positions. Text is measured by a fixed-width fake, so every
 * expected position can be worked out by hand. */
#include "chart.h"
#include "chart_axis.h"
#include "chart_format.h"
#include "chart_layout.h"
#include "test.h"

#include <math.h>
#include <string.h>

#define NEAR(a, b) (fabs((a) - (b)) < 1e-6)

/* Every character is 0.5 em wide; one line is 1.2 em; wrapping breaks anywhere. */
static void fake_size(void *ctx, const char *text, enum chart_font font, double wrap, double *w,
                      double *h)
{
        (void)ctx;
        double em = chart_font_size(font), cw = 0.5 * em;
        size_t chars = 0;
        for (const unsigned char *p = (const unsigned char *)text; *p; p++)
                chars += (*p & 0xC0) != 0x80; /* UTF-8: count code points */
        double width = (double)chars * cw;
        double lines = 1;
        if (wrap > 0 && width > wrap) {
                lines = ceil(width / wrap);
                width = wrap;
        }
        *w = width;
        *h = lines * 1.2 * em;
}

static const struct chart_measure FAKE = {fake_size, NULL};

static void test_axis(void)
{
        struct chart_axis ax;
        chart_axis_nice(0, 87, 6, NAN, NAN, &ax);
        CHECK(ax.min == 0 && ax.max == 100 && ax.step == 20 && ax.nticks == 6);
        CHECK(ax.ticks[0] == 0 && ax.ticks[5] == 100);

        chart_axis_nice(3.2, 7.9, 5, NAN, NAN, &ax);
        CHECK(ax.min == 2 && ax.max == 8 && ax.step == 2 && ax.nticks == 4);

        chart_axis_nice(0, 1510, 5, 0, NAN, &ax);
        CHECK(ax.min == 0 && ax.max == 2000 && ax.step == 500 && ax.nticks == 5);

        chart_axis_nice(58.2, 70.4, 8, NAN, NAN, &ax);
        CHECK(ax.min == 58 && ax.max == 72 && ax.step == 2 && ax.nticks == 8);
        chart_axis_nice(58.2, 70.4, 7, NAN, NAN, &ax); /* 8 ticks of 2 are too many: 5s */
        CHECK(ax.min == 55 && ax.max == 75 && ax.step == 5 && ax.nticks == 5);

        /* Percentages stay within 0..100. */
        chart_axis_nice(-3, 104, 7, 0, 100, &ax);
        CHECK(ax.min == 0 && ax.max == 100 && ax.ticks[ax.nticks - 1] == 100);

        /* Small steps have no floating-point noise. */
        chart_axis_nice(0.1, 0.7, 8, NAN, NAN, &ax);
        CHECK(ax.step == 0.1 && ax.nticks == 7 && ax.ticks[2] == 0.3);

        /* One value, and no value. */
        chart_axis_nice(5, 5, 6, NAN, NAN, &ax);
        CHECK(ax.min <= 5 && ax.max >= 5 && ax.max > ax.min);
        chart_axis_nice(NAN, NAN, 6, NAN, NAN, &ax);
        CHECK(ax.min == 0 && ax.max == 1);

        /* Every nice axis keeps its promises. */
        for (double hi = 0.3; hi < 5000; hi *= 1.37) {
                chart_axis_nice(hi / 7, hi, 6, NAN, NAN, &ax);
                CHECK(ax.min <= hi / 7 && ax.max >= hi && ax.nticks >= 2 && ax.nticks <= 6);
        }

        chart_axis_fixed(-100, 100, 50, &ax);
        CHECK(ax.nticks == 5 && ax.ticks[2] == 0);
        CHECK(NEAR(chart_axis_pos(&ax, 0, 100, 300), 200));
        CHECK(NEAR(chart_axis_pos(&ax, -100, 100, 300), 100));
        CHECK(NEAR(chart_axis_pos(&ax, 50, 300, 100), 150)); /* upside down, as y axes are */
        CHECK(chart_axis_step(87, 5) == 20 && chart_axis_step(4.7, 4) == 2);
}

static void test_format(void)
{
        char b[CHART_NUM_MAX];
        CHECK_STR(chart_format_percent(b, sizeof(b), 85, 0, CHART_LANG_NB), "85" CHART_NNBSP "%");
        CHECK_STR(chart_format_percent(b, sizeof(b), 85, 0, CHART_LANG_NN), "85" CHART_NNBSP "%");
        CHECK_STR(chart_format_percent(b, sizeof(b), 85, 0, CHART_LANG_EN), "85%");
        CHECK_STR(chart_format_percent(b, sizeof(b), 50.66, 1, CHART_LANG_NB),
                  "50,7" CHART_NNBSP "%");
        CHECK_STR(chart_format_percent(b, sizeof(b), 50.66, 1, CHART_LANG_EN), "50.7%");
        CHECK_STR(chart_format_number(b, sizeof(b), 62.5, 1, CHART_LANG_NB), "62,5");
        CHECK_STR(chart_format_number(b, sizeof(b), 62.5, 1, CHART_LANG_EN), "62.5");
        CHECK_STR(chart_format_number(b, sizeof(b), 0.61, 2, CHART_LANG_NN), "0,61");
        CHECK_STR(chart_format_count(b, sizeof(b), 1510, CHART_LANG_NB), "1" CHART_NNBSP "510");
        CHECK_STR(chart_format_count(b, sizeof(b), 1510, CHART_LANG_EN), "1,510");
        CHECK_STR(chart_format_count(b, sizeof(b), 100000, CHART_LANG_NB), "100" CHART_NNBSP "000");
        CHECK_STR(chart_format_count(b, sizeof(b), 1234567, CHART_LANG_EN), "1,234,567");
        CHECK_STR(chart_format_count(b, sizeof(b), 999, CHART_LANG_NB), "999");
        CHECK_STR(chart_format_number(b, sizeof(b), 12345.67, 1, CHART_LANG_NB),
                  "12" CHART_NNBSP "345,7");
        CHECK_STR(chart_format_number(b, sizeof(b), -5.24, 1, CHART_LANG_NB), CHART_MINUS "5,2");
        CHECK_STR(chart_format_signed(b, sizeof(b), 5.24, 1, CHART_LANG_NB), "+5,2");
        CHECK_STR(chart_format_signed(b, sizeof(b), -14.36, 1, CHART_LANG_EN), CHART_MINUS "14.4");
        CHECK_STR(chart_format_signed(b, sizeof(b), -0.04, 1, CHART_LANG_NB), "0,0"); /* no -0 */
        CHECK_STR(chart_format_number(b, sizeof(b), NAN, 1, CHART_LANG_NB), CHART_NDASH);
        CHECK_STR(chart_format_percent(b, sizeof(b), NAN, 0, CHART_LANG_NB), CHART_NDASH);
        CHECK_STR(chart_format_range(b, sizeof(b), 62.4, 66.1, 0, CHART_LANG_NB),
                  "62" CHART_NDASH "66");
        /* A short buffer is cut, never overrun. */
        char tiny[4];
        chart_format_count(tiny, sizeof(tiny), 123456, CHART_LANG_EN);
        CHECK(strlen(tiny) == 3);

        enum chart_lang lang;
        CHECK(chart_lang_from_code("nn", &lang) == 0 && lang == CHART_LANG_NN);
        CHECK(chart_lang_from_code("sv", &lang) < 0);
        CHECK_STR(chart_text(CHART_LANG_NB, CHART_TEXT_TOO_FEW), "for få svar");
        CHECK_STR(chart_text(CHART_LANG_EN, CHART_TEXT_TOO_FEW), "too few responses");
}

/* Whether any text mark of l reads s. */
static bool has_text(const struct chart_layout *l, const char *s)
{
        for (size_t i = 0; i < l->nmarks; i++)
                if (l->marks[i].kind == CHART_MARK_TEXT && strcmp(l->marks[i].text, s) == 0)
                        return true;
        return false;
}

/* Every mark inside the chart. */
static bool marks_inside(const struct chart_layout *l)
{
        for (size_t i = 0; i < l->nmarks; i++) {
                const struct chart_mark *m = &l->marks[i];
                double x0 = fmin(m->x0, m->x1) - m->r, x1 = fmax(m->x0, m->x1) + m->r;
                double y0 = fmin(m->y0, m->y1) - m->r, y1 = fmax(m->y0, m->y1) + m->r;
                if (x0 < -1e-6 || y0 < -1e-6 || x1 > l->width + 1e-6 || y1 > l->height + 1e-6)
                        return false;
        }
        return true;
}

static void test_agreement(void)
{
        static const char *const cats[] = {"Helt uenig", "Delvis uenig", "Verken eller",
                                           "Delvis enig", "Helt enig"};
        struct chart_bar_row rows[4] = {
            {"Middels", {10, 20, 30, 25, 15}, 5, 120, false, false, NULL, false},
            {"Best", {5, 5, 10, 40, 40}, 4, 300, false, false, NULL, false},
            {"Skjult", {77, 0, 0, 0, 23}, 0, 3, false, true, NULL, false},
            {"Svakest", {30, 30, 20, 10, 10}, 8, 80, false, false, NULL, false},
        };
        struct chart_spec spec = {0};
        spec.kind = CHART_AGREEMENT;
        spec.lang = CHART_LANG_NB;
        spec.title = "Slik svarte de pårørende";
        spec.agreement = (struct chart_agreement){cats, 5, "Vet ikke", rows, 4, false};
        struct chart_layout *l = chart_layout_new(&spec, 600, 10, &FAKE);

        /* Sorted by favourable share (40, 80, 20 -> Best, Middels, Svakest), hidden last. */
        CHECK(l->nrows == 4);
        CHECK(l->rows[0].input == 1 && l->rows[1].input == 0 && l->rows[2].input == 3);
        CHECK(l->rows[3].input == 2 && l->rows[3].hidden);
        CHECK(NEAR(l->rows[0].favourable, 80) && NEAR(l->rows[1].favourable, 40));

        /* The fixed axis: -100 .. 100 around zero, inside the plot. */
        CHECK(l->axis.min == -100 && l->axis.max == 100 && l->axis.nticks == 5);
        CHECK(NEAR((l->plot.x0 + l->plot.x1) / 2, l->zero_x));
        double s = (l->plot.x1 - l->plot.x0) / 200; /* points per percent */

        /* "Middels": neutral 30 split at zero; 30 % unfavourable left, 40 % right. */
        const struct chart_row_geom *g = &l->rows[1];
        CHECK(NEAR(g->seg_x0[2], l->zero_x - 15 * s) && NEAR(g->seg_x1[2], l->zero_x + 15 * s));
        CHECK(NEAR(g->seg_x1[1], g->seg_x0[2]) && NEAR(g->seg_x1[1] - g->seg_x0[1], 20 * s));
        CHECK(NEAR(g->seg_x1[0], g->seg_x0[1]) && NEAR(g->seg_x1[0] - g->seg_x0[0], 10 * s));
        CHECK(NEAR(g->seg_x0[3], g->seg_x1[2]) && NEAR(g->seg_x1[3] - g->seg_x0[3], 25 * s));
        CHECK(NEAR(g->seg_x1[4], l->zero_x + (15 + 40) * s));
        CHECK(NEAR(g->seg_x0[0], l->zero_x - (15 + 30) * s));
        /* Totals just beyond the bar ends, and their texts. */
        CHECK(NEAR(g->pos_x, g->seg_x1[4] + 3) && NEAR(g->neg_x, g->seg_x0[0] - 3));
        CHECK(has_text(l, "40" CHART_NNBSP "%") && has_text(l, "30" CHART_NNBSP "%"));
        CHECK(has_text(l, "80" CHART_NNBSP "%") && has_text(l, "10" CHART_NNBSP "%"));
        /* The don't-know column and n. */
        CHECK(g->dk_x1 > g->dk_x0 && g->dk_x0 > l->plot.x1);
        CHECK(has_text(l, "120") && has_text(l, "300") && has_text(l, "5" CHART_NNBSP "%"));

        /* Every bar within the plot; rows stacked top to bottom without overlap. */
        for (size_t i = 0; i < l->nrows; i++) {
                const struct chart_row_geom *r = &l->rows[i];
                CHECK(r->y1 > r->y0 && r->bar_y0 >= r->y0 && r->bar_y1 <= r->y1);
                if (i > 0)
                        CHECK(r->y0 >= l->rows[i - 1].y1 - 1e-9);
                CHECK(r->label.x0 == 10 && r->label.x1 < l->plot.x0);
                CHECK(r->label.y0 >= r->y0 && r->label.y1 <= r->y1 + 1e-9);
                for (size_t k = 0; k < 5 && !r->hidden; k++)
                        CHECK(r->seg_x0[k] >= l->plot.x0 - 1e-9 &&
                              r->seg_x1[k] <= l->plot.x1 + 1e-9);
        }

        /* The hidden row: a placeholder, and none of its numbers anywhere. */
        CHECK(isnan(l->rows[3].seg_x0[0]) && isnan(l->rows[3].pos_x));
        CHECK(has_text(l, "for få svar"));
        CHECK(!has_text(l, "77" CHART_NNBSP "%") && !has_text(l, "23" CHART_NNBSP "%"));
        CHECK(!has_text(l, "3"));
        CHECK(marks_inside(l) && l->height > 100);
        chart_layout_free(l);

        /* keep_order keeps the input order; English labels. */
        spec.agreement.keep_order = true;
        spec.lang = CHART_LANG_EN;
        l = chart_layout_new(&spec, 600, 10, &FAKE);
        CHECK(l->rows[0].input == 0 && l->rows[1].input == 1 && l->rows[2].input == 3);
        CHECK(has_text(l, "40%") && has_text(l, "too few responses"));
        chart_layout_free(l);

        /* Long labels wrap: a taller row, the same bar height. */
        rows[0].label = "Jeg har fått informasjon jeg forstår om sykdommen til den jeg er "
                        "pårørende til, og om hva som skjer videre.";
        l = chart_layout_new(&spec, 600, 10, &FAKE);
        CHECK(l->rows[0].y1 - l->rows[0].y0 > l->rows[1].y1 - l->rows[1].y0);
        CHECK(NEAR(l->rows[0].bar_y1 - l->rows[0].bar_y0, l->rows[1].bar_y1 - l->rows[1].bar_y0));
        chart_layout_free(l);
        chart_layout_free(NULL);
}

static void test_dots(void)
{
        struct chart_dot_row rows[3] = {
            {"Nord", 55, 53, 57, 64, 492, -1, false, false, NULL},
            {"Demens", 71, 60, 80, NAN, 3, 0, false, true, NULL},
            {"Sør", 69, 68, 70, 64, 1008, 1, false, false, NULL},
        };
        struct chart_spec spec = {0};
        spec.kind = CHART_DOTS;
        spec.lang = CHART_LANG_NB;
        spec.dots = (struct chart_dots){rows, 3, 64, "Kommunen", "Kommunen", 0, 100, 0};
        struct chart_layout *l = chart_layout_new(&spec, 500, 0, &FAKE);
        CHECK(l->axis.min == 0 && l->axis.max == 100 && l->axis.step == 20);
        double w = l->plot.x1 - l->plot.x0;
        CHECK(NEAR(l->rows[0].x, l->plot.x0 + 0.55 * w));
        CHECK(NEAR(l->rows[0].lo_x, l->plot.x0 + 0.53 * w));
        CHECK(NEAR(l->rows[0].hi_x, l->plot.x0 + 0.57 * w));
        CHECK(NEAR(l->rows[0].ref_x, l->plot.x0 + 0.64 * w));
        CHECK(NEAR(l->ref_x, l->plot.x0 + 0.64 * w));
        CHECK(l->rows[1].hidden && isnan(l->rows[1].x));
        CHECK(has_text(l, "55") && has_text(l, "69") && !has_text(l, "71"));
        CHECK(has_text(l, "1" CHART_NNBSP "008") && !has_text(l, "3"));
        CHECK(has_text(l, "signifikant høyere") && has_text(l, "signifikant lavere"));
        CHECK(marks_inside(l));
        chart_layout_free(l);

        /* Without fixed ends, the axis covers every value, interval and reference. */
        spec.dots.axis_min = spec.dots.axis_max = NAN;
        l = chart_layout_new(&spec, 500, 0, &FAKE);
        CHECK(l->axis.min <= 53 && l->axis.max >= 70 && l->axis.min >= 40);
        chart_layout_free(l);
}

static void test_series(void)
{
        char labels[24][8];
        struct chart_point pts[24];
        for (int i = 0; i < 24; i++) {
                snprintf(labels[i], sizeof(labels[i]), "%04d-%02d", 2025 + i / 12, i % 12 + 1);
                pts[i] =
                    (struct chart_point){labels[i], 40 + i % 5, 25, 60, 60, false, false, false};
        }
        pts[5].hidden = true;
        pts[5].value = 99; /* must never show */
        pts[20].signal = true;
        pts[12].brk = true;
        struct chart_spec spec = {0};
        spec.kind = CHART_PCHART;
        spec.lang = CHART_LANG_NB;
        spec.series = (struct chart_series){pts, 24, 42, NULL, NULL, true, 0};
        struct chart_layout *l = chart_layout_new(&spec, 480, 0, &FAKE);
        CHECK(l->nrows == 24);
        /* Bands of equal width across the plot, points in their middle. */
        double band = (l->plot.x1 - l->plot.x0) / 24;
        CHECK(NEAR(l->rows[0].x0, l->plot.x0) && NEAR(l->rows[23].x1, l->plot.x1));
        CHECK(NEAR(l->rows[7].x, l->plot.x0 + 7.5 * band));
        /* y: the axis within 0..100 covering values and limits. */
        CHECK(l->axis.min <= 25 && l->axis.max >= 60 && l->axis.min >= 0 && l->axis.max <= 100);
        CHECK(NEAR(l->rows[0].y, chart_axis_pos(&l->axis, 40, l->plot.y1, l->plot.y0)));
        CHECK(NEAR(l->rows[0].ucl_y, chart_axis_pos(&l->axis, 60, l->plot.y1, l->plot.y0)));
        CHECK(NEAR(l->centre_y, chart_axis_pos(&l->axis, 42, l->plot.y1, l->plot.y0)));
        CHECK(l->rows[0].ucl_y < l->rows[0].y && l->rows[0].y < l->rows[0].lcl_y);
        CHECK(l->rows[5].hidden && isnan(l->rows[5].y) && !has_text(l, "99" CHART_NNBSP "%"));
        /* "2025-01" is 7 * 3.75 = 26.25 points: labels thin out, never overlap. */
        CHECK(l->label_stride == (size_t)ceil((7 * 0.5 * 7.5 + 6) / band));
        CHECK(l->label_stride > 1 && !l->n_row);
        for (size_t i = l->label_stride; i < 24; i += l->label_stride)
                CHECK(l->rows[i].label.x0 > l->rows[i - l->label_stride].label.x1);
        CHECK(has_text(l, "2025-01") && !has_text(l, "2025-02"));
        CHECK(has_text(l, "n per punkt: 60"));
        CHECK(has_text(l, "brudd") && has_text(l, "senterlinje: 42,0" CHART_NNBSP "%"));
        CHECK(marks_inside(l));
        chart_layout_free(l);

        /* Four waves fit: every label, and n under each. */
        spec.kind = CHART_RUN;
        spec.series.npoints = 4;
        l = chart_layout_new(&spec, 480, 0, &FAKE);
        CHECK(l->label_stride == 1 && l->n_row && has_text(l, "60"));
        CHECK(has_text(l, "median: 42,0" CHART_NNBSP "%"));
        chart_layout_free(l);

        /* Counts: bars from zero, the count above each. */
        struct chart_point c[3] = {
            {"2025-H1", 381, NAN, NAN, 381, false, false, false},
            {"2025-H2", NAN, NAN, NAN, 0, false, false, true},
            {"2026-H1", 1375, NAN, NAN, 1375, false, false, false},
        };
        spec.kind = CHART_COUNTS;
        spec.series = (struct chart_series){c, 3, NAN, NULL, NULL, false, 0};
        l = chart_layout_new(&spec, 480, 0, &FAKE);
        CHECK(l->axis.min == 0 && l->axis.max >= 1375);
        CHECK(NEAR(l->rows[0].bar_y1, l->plot.y1) && l->rows[0].bar_y0 > l->rows[2].bar_y0);
        CHECK(has_text(l, "381") && has_text(l, "1" CHART_NNBSP "375"));
        CHECK(has_text(l, "for få svar"));
        chart_layout_free(l);

        /* No points at all still lays out. */
        spec.series.npoints = 0;
        l = chart_layout_new(&spec, 480, 0, &FAKE);
        CHECK(l->height > 0 && has_text(l, "ingen data"));
        chart_layout_free(l);
}

int main(void)
{
        test_axis();
        test_format();
        test_agreement();
        test_dots();
        test_series();
        return test_done("chart_layout");
}
