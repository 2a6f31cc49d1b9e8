/*
 * report_priv: what the report's files share (report.c: the pages and
 * report_write(); report_findings.c: the key findings). Not for callers.
 */
#ifndef LYTT_REPORT_PRIV_H
#define LYTT_REPORT_PRIV_H

#include "chart_data.h"
#include "chart_doc.h"
#include "report.h"
#include "report_text.h"
#include "strbuf.h"

#define PNG_WIDTH     640.0 /* points; PNGs are drawn at 2 pixels per point */
#define PNG_SCALE     2.0
#define MAX_CHANGES   8 /* bullets under "changes over time" */
#define CHANGES_NEEDS 5 /* of them at most this many needs */
#define CHANGES_WAVE  3 /* and this many statements beyond their limits in the last wave */
#define TOP_ITEMS     3 /* strongest and weakest statements */
#define UNIT_WEAKEST  5 /* statements on a unit's page */
#define MAX_DIFF_NEED 3 /* needs named per unit among the key findings */
#define UNIT_LIST_MAX 4 /* needs named on a unit's page; more are counted */

struct report {
        const struct dataset *ds;
        const struct report_options *opt;
        enum chart_lang lang;
        struct summary *s;    /* by unit; groups[0] is the municipality */
        struct compare *c;    /* units against the rest */
        struct trend *months; /* run charts */
        struct trend *waves;  /* p-charts: changes between waves */
        struct chart_doc *doc;
        const char *title; /* the survey's title in the report's language */
        char *period;      /* "Bølge 2026-H2" or "Alle bølger, ..." */
        struct report_result res;
        size_t step, steps;
        report_progress_fn progress;
        void *arg;
        struct lytt_error *err;
        bool failed;
};

/* A compared unit's flags: counts by kind and direction, and its needs (most
 * different first). */
struct report_flags {
        size_t need_hi, need_lo, item_hi, item_lo;
        const struct compare_row *needs[64];
        size_t nneeds;
};

/* One step of the progress callback done. */
void report_advance(struct report *r);

/* A text of the table in the report's language. */
const char *report_say(const struct report *r, enum report_msg id);

/* A paragraph of the table's text filled with args. */
void report_para(struct report *r, enum chart_doc_style style, enum report_msg id,
                 const char *const *args, size_t n);

/* n formatted as a count in the report's language, in buf (returned). */
char *report_count(const struct report *r, unsigned long n, char buf[CHART_NUM_MAX]);

/* Appends a statement quoted as the language does, «...» or “...”, without its
 * full stop; quotes inside become single ones (‘...’). */
void report_quote(struct strbuf *sb, enum chart_lang lang, const char *s);

/* Puts a chart into the PDF and, with png_dir, into NN-slug.png (a failure to
 * write it sets r->failed and r->err). */
void report_chart(struct report *r, struct chart_data *cd, const char *slug);

/* Whether a summary row is a statement about a need (a scale item with a domain). */
bool report_is_statement(const struct report *r, const struct summary_row *row);

/* Whether a row's percent positive, or its score, may be shown. */
bool report_pct_shown(const struct summary_row *row);
bool report_score_shown(const struct summary_row *row);
/* The municipality's (the filter's) published number of responses, or a dash. */
char *report_total(const struct report *r, char buf[CHART_NUM_MAX]);

/* Indexes into s->rows of group g's statements with a shown percentage, by
 * percent positive (lowest first), ties in form order, into out (room for a
 * group's rows). Returns how many. */
size_t report_ranked(const struct report *r, size_t g, size_t *out);

/* A bullet "85 % positive (95 % CI 82–88 %): «statement» (need)". */
void report_item_bullet(struct report *r, const struct summary_row *row);

/* Whether compare left the unit out (too few responses). */
bool report_left_out(const struct report *r, const char *unit);

/* The flags compare gave a unit. */
void report_unit_flags(const struct report *r, const char *unit, struct report_flags *f);

/* Appends "Information −9.4, Involvement −8.2": up to max of a unit's flagged
 * needs in one direction (dir 0: both), with their differences or not. */
void report_need_list(const struct report *r, const struct report_flags *f, int dir, size_t max,
                      bool with_diff, struct strbuf *sb);

/* The two pages of key findings. */
void report_key_findings(struct report *r);

#endif
