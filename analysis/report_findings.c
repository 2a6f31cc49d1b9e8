/* The key findings: strongest and weakest statements, changes over time, and
 * the units that differ from the rest. */
#include "chart_format.h"
#include "report_priv.h"
#include "xmalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The name of a trend series: a need's title or a statement's text. */
static const char *series_name(const struct report *r, const struct trend_series *s)
{
        int i = s->domain ? chart_data_domain_index(r->ds, s->id) : dataset_column(r->ds, s->id);
        if (i < 0)
                return s->id;
        return s->domain ? chart_data_domain_title(r->ds, (size_t)i, r->lang)
                         : chart_data_item_text(r->ds, i, r->lang);
}

/* Whether a trend series is worth a line: a need, or a statement about one. */
static bool series_counts(const struct report *r, const struct trend_series *s)
{
        if (s->domain)
                return true;
        int c = dataset_column(r->ds, s->id);
        const struct survey_item *it = c >= 0 ? dataset_item(r->ds, (size_t)c) : NULL;
        return it && it->type == SURVEY_ITEM_SCALE && it->domain;
}

/* A need's name in bold before the line; a statement quoted. */
static void change_bullet(struct report *r, const struct trend_series *s, const char *line)
{
        struct strbuf sb = STRBUF_INIT;
        if (s->domain) {
                strbuf_addf(&sb, "%s:", series_name(r, s));
                chart_doc_bullet(r->doc, sb.buf, line);
        } else {
                report_quote(&sb, r->lang, series_name(r, s));
                strbuf_addf(&sb, ": %s", line);
                chart_doc_bullet(r->doc, NULL, sb.buf);
        }
        strbuf_release(&sb);
}

/* A monthly run-chart signal of series i: the long run, or the few crossings. */
static void run_signal(struct report *r, size_t i)
{
        const struct trend_series *s = &r->months->series[i];
        char a[24], b[24], *line;
        size_t first, last;
        int side;
        if (s->anhoej.run_signal && chart_data_longest_run(r->months, i, &first, &last, &side)) {
                snprintf(a, sizeof(a), "%zu", s->anhoej.longest_run);
                snprintf(b, sizeof(b), "%zu", s->anhoej.run_limit);
                line = report_text_dup(
                    r->lang, RT_CHANGE_RUN,
                    REPORT_ARGS(a, report_say(r, side > 0 ? RT_WORD_ABOVE : RT_WORD_BELOW),
                                r->months->periods[first], r->months->periods[last], b));
        } else {
                snprintf(a, sizeof(a), "%zu", s->anhoej.crossings);
                snprintf(b, sizeof(b), "%zu", s->anhoej.crossing_limit);
                line = report_text_dup(r->lang, RT_CHANGE_CROSSINGS, REPORT_ARGS(a, b));
        }
        change_bullet(r, s, line);
        free(line);
}

/* The last wave of series i beyond its p-chart limits: whether it is, and the line. */
static bool last_wave_outside(const struct report *r, size_t i)
{
        size_t np = r->waves->nperiods;
        const struct trend_series *s = &r->waves->series[i];
        if (np < 2 || s->domain || !series_counts(r, s))
                return false;
        const struct trend_point *p = &s->points[np - 1];
        return p->why == SUPPRESS_NONE && p->outside && !isnan(p->ucl);
}

static void wave_signal(struct report *r, size_t i)
{
        const struct trend_series *s = &r->waves->series[i];
        const struct trend_point *p = &s->points[r->waves->nperiods - 1];
        char v[CHART_NUM_MAX], lim[CHART_NUM_MAX];
        bool above = p->value > p->ucl;
        chart_format_percent(v, sizeof(v), p->value, 0, r->lang);
        chart_format_percent(lim, sizeof(lim), above ? p->ucl : p->lcl, 0, r->lang);
        char *line = report_text_dup(r->lang, above ? RT_CHANGE_ABOVE : RT_CHANGE_BELOW,
                                     REPORT_ARGS(p->period, v, lim));
        change_bullet(r, s, line);
        free(line);
}

/* Changes over time, most telling first, at most MAX_CHANGES lines: the needs'
 * monthly run-chart signals (up to CHANGES_NEEDS), statements whose last wave lies
 * beyond its p-chart limits (up to CHANGES_WAVE), then statements' run-chart
 * signals; the rest is counted. */
static void changes(struct report *r)
{
        chart_doc_text(r->doc, CHART_DOC_H2, report_say(r, RT_CHANGES));
        size_t shown = 0, total = 0, k = 0;
        for (size_t i = 0; i < r->months->nseries; i++) {
                const struct trend_series *s = &r->months->series[i];
                if (!s->domain || !s->anhoej.signal)
                        continue;
                total++;
                if (k < CHANGES_NEEDS && shown < MAX_CHANGES) {
                        run_signal(r, i);
                        k++;
                        shown++;
                }
        }
        k = 0;
        for (size_t i = 0; i < r->waves->nseries; i++) {
                if (!last_wave_outside(r, i))
                        continue;
                total++;
                if (k < CHANGES_WAVE && shown < MAX_CHANGES) {
                        wave_signal(r, i);
                        k++;
                        shown++;
                }
        }
        for (size_t i = 0; i < r->months->nseries; i++) {
                const struct trend_series *s = &r->months->series[i];
                if (s->domain || !series_counts(r, s) || !s->anhoej.signal)
                        continue;
                total++;
                if (shown < MAX_CHANGES) {
                        run_signal(r, i);
                        shown++;
                }
        }
        if (total == 0)
                chart_doc_text(r->doc, CHART_DOC_BODY, report_say(r, RT_NO_CHANGES));
        if (total > shown) {
                char m[24];
                snprintf(m, sizeof(m), "%zu", total - shown);
                report_para(r, CHART_DOC_SMALL, RT_MORE, REPORT_ARGS(m));
        }
}

static int by_abs_diff(const void *a, const void *b)
{
        const struct compare_row *x = *(const struct compare_row *const *)a;
        const struct compare_row *y = *(const struct compare_row *const *)b;
        if (fabs(x->diff) != fabs(y->diff))
                return fabs(x->diff) > fabs(y->diff) ? -1 : 1;
        return x < y ? -1 : 1;
}

void report_unit_flags(const struct report *r, const char *unit, struct report_flags *f)
{
        memset(f, 0, sizeof(*f));
        for (size_t i = 0; i < r->c->nrows; i++) {
                const struct compare_row *row = &r->c->rows[i];
                if (!row->flagged || row->why != SUPPRESS_NONE || strcmp(row->unit, unit) != 0)
                        continue;
                if (row->domain) {
                        *(row->diff > 0 ? &f->need_hi : &f->need_lo) += 1;
                        if (f->nneeds < 64)
                                f->needs[f->nneeds++] = row;
                } else {
                        int c = dataset_column(r->ds, row->id);
                        const struct survey_item *it =
                            c >= 0 ? dataset_item(r->ds, (size_t)c) : NULL;
                        if (it && it->type == SURVEY_ITEM_SCALE && it->domain)
                                *(row->diff > 0 ? &f->item_hi : &f->item_lo) += 1;
                }
        }
        qsort(f->needs, f->nneeds, sizeof(f->needs[0]), by_abs_diff);
}

/* "Information −9.4, Involvement −8.2" for up to max of a unit's flagged needs in
 * one direction (dir 0: both). */
void report_need_list(const struct report *r, const struct report_flags *f, int dir, size_t max,
                      bool with_diff, struct strbuf *sb)
{
        size_t n = 0;
        for (size_t i = 0; i < f->nneeds && n < max; i++) {
                const struct compare_row *row = f->needs[i];
                if (dir && (row->diff > 0) != (dir > 0))
                        continue;
                int d = chart_data_domain_index(r->ds, row->id);
                strbuf_addstr(sb, n ? ", " : "");
                strbuf_addstr(sb, d >= 0 ? chart_data_domain_title(r->ds, (size_t)d, r->lang)
                                         : row->id);
                if (with_diff) {
                        char v[CHART_NUM_MAX];
                        strbuf_addf(sb, " %s",
                                    chart_format_signed(v, sizeof(v), row->diff, 1, r->lang));
                }
                n++;
        }
}

static void unit_differences(struct report *r)
{
        chart_doc_text(r->doc, CHART_DOC_H2, report_say(r, RT_UNIT_DIFFS));
        size_t ndom = r->ds->current->ndomains, nitems = 0, any = 0;
        for (size_t c = 0; c < r->ds->ncols; c++) {
                const struct survey_item *it = dataset_item(r->ds, c);
                nitems += it->type == SURVEY_ITEM_SCALE && it->domain;
        }
        char nd[24], ni[24];
        snprintf(nd, sizeof(nd), "%zu", ndom);
        snprintf(ni, sizeof(ni), "%zu", nitems);
        for (size_t g = 1; g < r->s->ngroups; g++) {
                const char *unit = r->s->groups[g].label;
                if (report_left_out(r, unit) || r->s->groups[g].n == 0)
                        continue;
                struct report_flags f;
                report_unit_flags(r, unit, &f);
                if (!f.need_hi && !f.need_lo && !f.item_hi && !f.item_lo)
                        continue;
                struct strbuf sb = STRBUF_INIT, list = STRBUF_INIT;
                for (int dir = 1; dir >= -1; dir -= 2) {
                        size_t needs = dir > 0 ? f.need_hi : f.need_lo;
                        size_t items = dir > 0 ? f.item_hi : f.item_lo;
                        if (!needs && !items)
                                continue;
                        char a[24], c[24];
                        snprintf(a, sizeof(a), "%zu", needs);
                        snprintf(c, sizeof(c), "%zu", items);
                        if (sb.len)
                                strbuf_addstr(&sb, "; ");
                        report_text_fill(&sb, r->lang,
                                         dir > 0 ? RT_UNIT_DIFF_HIGHER : RT_UNIT_DIFF_LOWER,
                                         REPORT_ARGS(a, nd, c, ni));
                }
                strbuf_addch(&sb, '.');
                report_need_list(r, &f, 0, MAX_DIFF_NEED, true, &list);
                if (list.len) {
                        strbuf_addch(&sb, ' ');
                        report_text_fill(&sb, r->lang, RT_UNIT_DIFF_NEEDS, REPORT_ARGS(list.buf));
                }
                struct strbuf lead = STRBUF_INIT;
                strbuf_addf(&lead, "%s:", chart_data_unit_name(r->ds, unit, r->lang));
                chart_doc_bullet(r->doc, lead.buf, sb.buf);
                strbuf_release(&lead);
                strbuf_release(&sb);
                strbuf_release(&list);
                any++;
        }
        if (!any)
                chart_doc_text(r->doc, CHART_DOC_BODY, report_say(r, RT_NO_UNIT_DIFFS));
        if (r->c->nleft_out) {
                struct strbuf list = STRBUF_INIT;
                for (size_t k = 0; k < r->c->nleft_out; k++)
                        strbuf_addf(&list, "%s%s", k ? ", " : "",
                                    chart_data_unit_name(r->ds, r->c->units_left_out[k], r->lang));
                report_para(r, CHART_DOC_BODY, RT_UNITS_NOT_COMPARED, REPORT_ARGS(list.buf));
                strbuf_release(&list);
        }
        report_para(r, CHART_DOC_SMALL, RT_DIFF_RULE,
                    REPORT_ARGS(chart_data_adjust_name(r->c->adjust)));
}

void report_key_findings(struct report *r)
{
        char n[CHART_NUM_MAX];
        chart_doc_page(r->doc);
        chart_doc_text(r->doc, CHART_DOC_H1, report_say(r, RT_KEY_FINDINGS));
        report_para(r, CHART_DOC_BODY, RT_KEY_INTRO, REPORT_ARGS(report_total(r, n)));
        struct chart_data cd = {0};
        chart_data_scores_of_group(&cd, r->s, r->c, 0, r->lang);
        report_chart(r, &cd, "scores");
        chart_data_release(&cd);

        size_t per = r->s->nrows / r->s->ngroups;
        size_t *idx = xcalloc(per ? per : 1, sizeof(size_t));
        size_t m = report_ranked(r, 0, idx);
        if (m) {
                chart_doc_text(r->doc, CHART_DOC_H2, report_say(r, RT_STRONGEST));
                for (size_t i = 0; i < TOP_ITEMS && i < m; i++)
                        report_item_bullet(r, &r->s->rows[idx[m - 1 - i]]);
                chart_doc_text(r->doc, CHART_DOC_H2, report_say(r, RT_WEAKEST));
                for (size_t i = 0; i < TOP_ITEMS && i < m; i++)
                        report_item_bullet(r, &r->s->rows[idx[i]]);
        }
        free(idx);
        chart_doc_page(r->doc);
        changes(r);
        unit_differences(r);
        report_advance(r);
}
