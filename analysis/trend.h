/*
 * trend: how items and domains move over waves or months.
 *
 * Waves are independent samples. For every item, the percent positive per point
 * with a p-chart (centre line sum(x)/sum(n), limits CL -/+ 3 sqrt(CL(1-CL)/n_i),
 * or Laney p' on request) and a run chart around the median with the Anhøj rules
 * (longest run, crossings); for every domain, a run chart of the mean score. A
 * change of the item's wording, scale or reverse flag between the questionnaire
 * versions behind two points is a break: the chart's rules then use only the
 * points after the last break.
 *
 * Every published point is the disclosure gate's (disclosure.h): the group of a
 * point is the dataset's unit filter (or everyone) in that wave or month. An item
 * point shows the gate's valid n and positive share when the group shows the item's
 * results and the share is exact; a banded share keeps only its band ("90 % or
 * more", "10 % or less"), never a number. A domain point shows the group's size
 * (the gate's) and the mean score, when the group shows its size. Hidden points
 * hold no numbers (0 and NaN) and take no part in the centre line, limits or rules.
 */
#ifndef LYTT_TREND_H
#define LYTT_TREND_H

#include "dataset.h"
#include "disclosure.h"
#include "stats.h"
#include "summary_out.h"
#include "suppress.h"

enum trend_by { TREND_BY_WAVE, TREND_BY_MONTH };

struct trend_point {
        const char *period; /* wave or month label (borrowed from the trend) */
        /* Items: valid answers and positive; domains: the group's size (x 0). 0 when
         * hidden. */
        unsigned long n, x;
        double value;              /* percent positive, or mean score; NaN when hidden */
        enum disclosure_band band; /* items: a hidden share's band (EXACT otherwise) */
        double lcl, ucl;           /* p-chart limits in percent (items), NaN otherwise */
        bool outside;              /* beyond a limit */
        bool brk;                  /* the series breaks before this point */
        enum suppress_reason why;  /* NONE, or why the point is hidden */
};

struct trend_series {
        const char *id; /* item or domain id */
        bool domain;
        struct trend_point *points; /* one per period */
        double centre;              /* p-chart centre line (items, percent) */
        double median;              /* run-chart centre */
        size_t segment_start;       /* first point after the last break */
        struct stats_anhoej anhoej; /* on the visible points from segment_start */
};

struct trend {
        const struct dataset *ds;
        struct suppress_policy policy;
        enum trend_by by;
        bool laney;
        char **periods; /* owned labels */
        size_t nperiods;
        struct trend_series *series;
        size_t nseries;
};

struct trend *trend_compute(const struct dataset *ds, enum trend_by by, bool laney);

/* Writes as text, CSV (a row per series and point) or JSON. */
int trend_write(const struct trend *t, enum out_format fmt, bool norwegian, FILE *f);

void trend_free(struct trend *t);

/* The month ("2026-11") of an ISO week label ("2026-W48": the month of its
 * Thursday) or of a month label (itself); "" if neither. */
void trend_month_of(const char *period, char out[8]);

#endif
