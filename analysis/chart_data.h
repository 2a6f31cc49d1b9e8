/*
 * chart_data: the analysis' results as the chart library's input.
 *
 * lytt_charts knows nothing of summaries, comparisons or trends; these
 * functions turn them into a struct chart_spec, in a language, with default
 * titles and notes (report_text.h) that a caller may replace. Only numbers that
 * passed suppression are copied: a summary row's hide_* flags, a comparison's
 * or trend point's `why` decide, and what they hide becomes a hidden row or
 * point (a grey, labelled placeholder) whose numbers are never copied at all.
 *
 * A struct chart_data owns everything its spec points to except texts of the
 * questionnaire (borrowed from the dataset, which must outlive it). Fill it
 * with one of the chart_data_* builders (each starts by clearing it), then
 * release it with chart_data_release().
 */
#ifndef LYTT_CHART_DATA_H
#define LYTT_CHART_DATA_H

#include "chart.h"
#include "compare.h"
#include "summary.h"
#include "trend.h"

struct chart_data {
        struct chart_spec spec; /* ready to lay out or draw */
        /* private: what spec points into */
        struct chart_bar_row *bars;
        struct chart_dot_row *dots;
        struct chart_point *points;
        const char *categories[CHART_MAX_CATEGORIES];
        char **owned;
        size_t nowned, owned_alloc;
};

/* Frees what cd owns and clears it (a cleared chart_data may be released again). */
void chart_data_release(struct chart_data *cd);

/* Keeps s (malloc'ed; ownership passes to cd) until release, and returns it. */
const char *chart_data_keep(struct chart_data *cd, char *s);

/* Texts of the questionnaire in a chart language (falling back to its first
 * language), borrowed from the dataset. An unknown unit id is returned as is. */
const char *chart_data_unit_name(const struct dataset *ds, const char *unit, enum chart_lang lang);
const char *chart_data_domain_title(const struct dataset *ds, size_t domain, enum chart_lang lang);
const char *chart_data_item_text(const struct dataset *ds, int col, enum chart_lang lang);

/* The summary row of group g for an item or domain id, or NULL. */
const struct summary_row *chart_data_row(const struct summary *s, size_t group, const char *id);

/* The index of a domain id in the newest questionnaire, or -1. */
int chart_data_domain_index(const struct dataset *ds, const char *id);

/* The name of a p-value correction for readers ("Holm", "Benjamini–Hochberg"). */
const char *chart_data_adjust_name(enum stats_adjust adjust);

/*
 * Diverging bars of the scale items in summary rows rows[0 .. n-1] (indexes into
 * s->rows; items of a scale other than the first one's are left out). Reverse
 * items are flipped so that favourable answers are right, and marked with "*".
 * A row whose distribution, n or any point count is hidden becomes a
 * placeholder, labelled with the percent positive where that is shown.
 */
void chart_data_agreement(struct chart_data *cd, const struct summary *s, const size_t *rows,
                          size_t n, enum chart_lang lang);

/* The scale items of a domain (NULL: all scale items) for group g, as above.
 * Returns the number of rows. */
size_t chart_data_agreement_domain(struct chart_data *cd, const struct summary *s, size_t group,
                                   const char *domain, enum chart_lang lang);

/* Domain d's score for each unit (s grouped by unit), with the municipality's
 * score as a line and compare's flags (c may be NULL) as triangles. */
void chart_data_scores_by_unit(struct chart_data *cd, const struct summary *s,
                               const struct compare *c, size_t domain, enum chart_lang lang);

/* Every domain's score for group g; for a unit, the municipality's scores as
 * marks and compare's flags (c may be NULL) as triangles. */
void chart_data_scores_of_group(struct chart_data *cd, const struct summary *s,
                                const struct compare *c, size_t group, enum chart_lang lang);

/* Series i of t as a run chart (median, the points of a signalling run marked)
 * or a p-chart (centre line, limits, points beyond them marked). */
void chart_data_series(struct chart_data *cd, const struct trend *t, size_t i, bool pchart,
                       enum chart_lang lang);

/* The longest run of series i on one side of its median (the Anhøj run rule's
 * run): its first and last period indexes and its side (+1 above, -1 below).
 * Returns false if the series has no visible point off the median. */
bool chart_data_longest_run(const struct trend *t, size_t i, size_t *first, size_t *last,
                            int *side);

/* The index of a trend series by item or domain id, or -1. */
int chart_data_series_index(const struct trend *t, const char *id);

/* Respondents per wave or month, periods below min_group hidden (and a lone
 * hidden one paired, as everywhere). */
void chart_data_counts(struct chart_data *cd, const struct dataset *ds, enum trend_by by,
                       enum chart_lang lang);

#endif
