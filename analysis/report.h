/*
 * report: the A4 PDF leaders read, built from summary, compare and trend.
 *
 * Pages, in order:
 *  1. title: the survey, the wave (or all waves), key figures, coverage (the
 *     number of responses: without counts of invitations it is never called a
 *     response rate), responses per wave or month, and the units;
 *  2. key findings: the strongest and weakest statements, changes over time
 *     (Anhøj signals per month, p-chart points beyond their limits per wave)
 *     and units that differ from the rest (compare's flags), with the scores
 *     of every need;
 *  3. a page per need (domain): how carers answered its statements, its score
 *     by unit against the municipality, and its run chart per month;
 *  4. a page per unit that suppression shows (units hidden get none): its
 *     scores against the municipality, its weakest statements, its differences;
 *  5. method and anonymity: how the figures are made, the thresholds, and what
 *     this report hides and why.
 * Every number comes from a result that passed suppress.h; hidden ones are grey
 * placeholders. The output depends only on the data and the options: the same
 * data gives the same PDF bytes.
 */
#ifndef LYTT_REPORT_H
#define LYTT_REPORT_H

#include "chart.h"
#include "dataset.h"
#include "stats.h"

struct report_options {
        const char *pdf_path; /* the PDF to write */
        const char *png_dir;  /* also every chart as PNG at 2x here (must exist), or NULL */
        const char *wave;     /* the wave the dataset holds, for the title; NULL: all */
        enum chart_lang lang;
        enum stats_adjust adjust; /* for compare */
};

/* Called as the report advances: steps done and the total (may be NULL). */
typedef void (*report_progress_fn)(size_t done, size_t total, void *arg);

/* What was written. */
struct report_result {
        size_t pages;
        size_t charts; /* charts in the PDF */
        size_t pngs;   /* PNG files written */
        size_t unit_pages;
};

/* Computes and writes the report of ds. Returns 0 and fills *res (may be NULL),
 * or -1 with err (the PDF or a PNG cannot be written). */
int report_write(const struct dataset *ds, const struct report_options *opt,
                 report_progress_fn progress, void *arg, struct report_result *res,
                 struct lytt_error *err);

#endif
