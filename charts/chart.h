/*
 * chart: what the charts library draws, as plain input values (lytt_charts).
 *
 * lytt_charts draws the charts leaders read: diverging stacked bars for
 * agreement items, values with interval whiskers against a reference line, run
 * charts and p-charts, and response counts over time. It knows nothing of
 * statistics, databases or HTTP, and depends on Cairo and Pango only. The
 * caller fills a struct chart_spec with numbers that are already computed and
 * already cleared for publication: suppression happens before, in the caller.
 * A row or point the caller marks hidden is drawn as a grey, labelled
 * placeholder ("for få svar" / "too few responses"), never as a number, and
 * its numeric fields are not read.
 *
 * The layers, each its own file pair:
 *   chart_format  numbers as nb, nn and en write them ("85 %", "85%", "62,5")
 *   chart_axis    nice axis ranges and ticks
 *   chart_layout  every position and text of a chart, in plain C (testable)
 *   chart_draw    the layout through Cairo and Pango: PNG, PDF or SVG
 *   chart_doc     multi-page A4 PDF documents of text, tables and charts
 *
 * Conventions: lengths are PostScript points (1/72 inch), y grows downwards;
 * colours are 0xRRGGBB; strings in a spec are borrowed (UTF-8) and must outlive
 * every layout made from it. Functions that can fail return a negative status
 * and fill a struct chart_error; the library never prints. Memory comes from
 * GLib (as Pango's does), which aborts on exhaustion, so callers need not check.
 */
#ifndef LYTT_CHART_H
#define LYTT_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHART_MAX_CATEGORIES 7 /* points of an agreement scale */

/* What went wrong, for a person to act on. */
struct chart_error {
        char msg[512];
};

enum chart_lang {
        CHART_LANG_NB, /* Bokmål */
        CHART_LANG_NN, /* Nynorsk */
        CHART_LANG_EN, /* English */
};

/* The language of a code ("nb", "nn", "en"). Returns 0, or -1 if unknown. */
int chart_lang_from_code(const char *code, enum chart_lang *out);

/* The code of a language ("nb", "nn", "en"). */
const char *chart_lang_code(enum chart_lang lang);

enum chart_kind {
        CHART_AGREEMENT, /* diverging stacked bars, a row per item */
        CHART_DOTS,      /* a value and its interval per row, against references */
        CHART_RUN,       /* values over time around a centre line (the median) */
        CHART_PCHART,    /* percentages over time with a centre line and limits */
        CHART_COUNTS,    /* bars of counts over time */
};

/* A row of an agreement chart: one item's answers. */
struct chart_bar_row {
        const char *label;                  /* the item's text, wrapped to fit */
        double share[CHART_MAX_CATEGORIES]; /* percent of valid answers per category,
                                               unfavourable first; sums to 100 */
        double dont_know;                   /* percent "don't know" of all who answered */
        unsigned long n;                    /* valid answers, printed per row */
        bool hide_dont_know;                /* draw "–" instead of the don't-know share */
        bool hidden;                        /* no distribution: a placeholder instead */
        const char *hidden_label;           /* placeholder text; NULL: "too few responses" */
        bool hide_n;                        /* print "–" instead of n (hidden rows always do) */
};

struct chart_agreement {
        const char *const *categories; /* ncategories legend labels, unfavourable first */
        size_t ncategories;            /* 2 .. CHART_MAX_CATEGORIES; odd: a neutral middle */
        const char *dont_know;         /* header of the don't-know column; NULL: no column */
        const struct chart_bar_row *rows;
        size_t nrows;
        bool keep_order; /* false: rows sorted by favourable share, highest first */
};

/* A row of a dot chart: a value with its interval. */
struct chart_dot_row {
        const char *label;
        double value, lo, hi;     /* lo, hi NaN: no whisker */
        double ref;               /* this row's reference mark (NaN: none) */
        unsigned long n;          /* printed per row */
        int signal;               /* +1 significantly higher, -1 lower, 0 neither */
        bool uncertain;           /* shown, but drawn hollow and marked as uncertain */
        bool hidden;              /* a placeholder instead */
        const char *hidden_label; /* NULL: "too few responses" */
};

struct chart_dots {
        const struct chart_dot_row *rows;
        size_t nrows;
        double ref_line;        /* a line across all rows (NaN: none) */
        const char *ref_label;  /* legend text of ref_line */
        const char *mark_label; /* legend text of the rows' ref marks */
        double axis_min;        /* NaN: from the data */
        double axis_max;        /* NaN: from the data */
        int decimals;           /* of the printed values */
};

/* A point of a series over time. */
struct chart_point {
        const char *label; /* the period, e.g. "2026-03" */
        double value;      /* percent, score or count */
        double lcl, ucl;   /* p-chart limits (NaN: none) */
        unsigned long n;   /* respondents behind the point */
        bool signal;       /* marked: beyond a limit, or in a run that signals */
        bool brk;          /* the series breaks before this point */
        bool hidden;       /* a placeholder instead */
};

struct chart_series {
        const struct chart_point *points;
        size_t npoints;
        double centre;            /* the centre line (NaN: none) */
        const char *centre_label; /* its legend text; NULL: "median" (run), "centre line" */
        const char *signal_label; /* legend text of marked points; NULL: "signal" */
        bool percent;             /* values are percentages */
        int decimals;             /* of the printed values */
};

struct chart_spec {
        enum chart_kind kind;
        enum chart_lang lang;
        const char *title;    /* bold, at the top; NULL: none */
        const char *subtitle; /* under the title; NULL: none */
        const char *note;     /* small print under the chart (n, method, what is hidden) */
        struct chart_agreement agreement; /* CHART_AGREEMENT */
        struct chart_dots dots;           /* CHART_DOTS */
        struct chart_series series;       /* CHART_RUN, CHART_PCHART, CHART_COUNTS */
};

/* Colours. Okabe & Ito's palette for categories, safe for colour-blind readers. */
#define CHART_OI_BLACK      0x000000u
#define CHART_OI_ORANGE     0xE69F00u
#define CHART_OI_SKY        0x56B4E9u
#define CHART_OI_GREEN      0x009E73u
#define CHART_OI_YELLOW     0xF0E442u
#define CHART_OI_BLUE       0x0072B2u
#define CHART_OI_VERMILLION 0xD55E00u
#define CHART_OI_PURPLE     0xCC79A7u
#define CHART_INK           0x222222u /* text */
#define CHART_INK_SOFT      0x5A5A5Au /* secondary text */
#define CHART_GRID          0xE4E4E4u
#define CHART_HIDDEN_FILL   0xF0F0F0u /* placeholders: this, hatched with */
#define CHART_HIDDEN_HATCH  0xBDBDBDu
#define CHART_NEUTRAL       0xD9D9D9u /* the neutral middle of a diverging scale */
#define CHART_DONT_KNOW     0xA6A6A6u

/* Colour i of n categories on ColorBrewer's diverging RdBu (red = unfavourable,
 * blue = favourable; an odd middle is CHART_NEUTRAL). n in 2 .. CHART_MAX_CATEGORIES. */
uint32_t chart_diverging(size_t n, size_t i);

/* Texts the charts draw themselves. */
enum chart_text {
        CHART_TEXT_TOO_FEW,     /* "for få svar" */
        CHART_TEXT_MEDIAN,      /* run chart centre line */
        CHART_TEXT_CENTRE,      /* p-chart centre line */
        CHART_TEXT_LIMITS,      /* p-chart limits */
        CHART_TEXT_SIGNAL,      /* a marked point */
        CHART_TEXT_BREAK,       /* a break in the series */
        CHART_TEXT_INTERVAL,    /* "95 % interval" */
        CHART_TEXT_HIGHER,      /* significantly higher */
        CHART_TEXT_LOWER,       /* significantly lower */
        CHART_TEXT_UNCERTAIN,   /* few responses: uncertain */
        CHART_TEXT_NO_DATA,     /* nothing to show */
        CHART_TEXT_N_PER_POINT, /* "n per point" */
        CHART_TEXT_PAGE,        /* "Page" in a document footer */
        CHART_TEXT_COUNT_       /* (the number of texts) */
};

/* The text in lang (static storage). */
const char *chart_text(enum chart_lang lang, enum chart_text id);

#endif
