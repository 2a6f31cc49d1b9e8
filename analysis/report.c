#include "chart_draw.h"
#include "chart_format.h"
#include "report_priv.h"
#include "xmalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void report_advance(struct report *r)
{
        r->step++;
        if (r->progress)
                r->progress(r->step, r->steps, r->arg);
}

const char *report_say(const struct report *r, enum report_msg id)
{
        return report_text(r->lang, id);
}

/* A paragraph of the table's text filled with args. */
void report_para(struct report *r, enum chart_doc_style style, enum report_msg id,
                 const char *const *args, size_t n)
{
        char *t = report_text_dup(r->lang, id, args, n);
        chart_doc_text(r->doc, style, t);
        free(t);
}

char *report_count(const struct report *r, unsigned long n, char buf[CHART_NUM_MAX])
{
        return chart_format_count(buf, CHART_NUM_MAX, n, r->lang);
}

/* Quotes a statement as the language does, «...» or “...”, without its full stop;
 * quotes inside become single ones (‘...’). */
void report_quote(struct strbuf *sb, enum chart_lang lang, const char *s)
{
        static const struct {
                const char *from, *to;
        } INNER[] = {{"«", "‘"}, {"»", "’"}, {"“", "‘"}, {"”", "’"}};
        size_t len = strlen(s);
        if (len > 1 && s[len - 1] == '.')
                len--;
        strbuf_addstr(sb, lang == CHART_LANG_EN ? "“" : "«");
        for (size_t i = 0; i < len;) {
                size_t k = 0, n = sizeof(INNER) / sizeof(INNER[0]);
                while (k < n && strncmp(s + i, INNER[k].from, strlen(INNER[k].from)) != 0)
                        k++;
                if (k < n) {
                        strbuf_addstr(sb, INNER[k].to);
                        i += strlen(INNER[k].from);
                } else {
                        strbuf_addch(sb, s[i++]);
                }
        }
        strbuf_addstr(sb, lang == CHART_LANG_EN ? "”" : "»");
}

/* Puts a chart into the PDF and, with png_dir, into NN-slug.png. */
void report_chart(struct report *r, struct chart_data *cd, const char *slug)
{
        chart_doc_chart(r->doc, &cd->spec);
        r->res.charts++;
        if (!r->opt->png_dir || r->failed)
                return;
        struct strbuf path = STRBUF_INIT;
        strbuf_addf(&path, "%s/%02zu-%s.png", r->opt->png_dir, r->res.pngs + 1, slug);
        struct chart_error cerr;
        if (chart_draw_file(&cd->spec, PNG_WIDTH, PNG_SCALE, path.buf, &cerr) < 0) {
                lytt_error_set(r->err, NULL, 0, "%s", cerr.msg);
                r->failed = true;
        } else {
                r->res.pngs++;
        }
        strbuf_release(&path);
}

/* Whether a summary row is a statement about a need (a scale item with a domain). */
bool report_is_statement(const struct report *r, const struct summary_row *row)
{
        if (row->col < 0)
                return false;
        const struct survey_item *it = dataset_item(r->ds, (size_t)row->col);
        return it->type == SURVEY_ITEM_SCALE && it->domain;
}

bool report_pct_shown(const struct summary_row *row)
{
        return row->detail >= DISCLOSE_BUCKETS && row->n > 0 && !isnan(row->pct);
}

bool report_score_shown(const struct summary_row *row)
{
        return row && row->detail >= DISCLOSE_SIZE && !isnan(row->score);
}

char *report_total(const struct report *r, char buf[CHART_NUM_MAX])
{
        const struct summary_group *all = &r->s->groups[0];
        if (all->detail < DISCLOSE_SIZE) {
                snprintf(buf, CHART_NUM_MAX, "%s", CHART_NDASH);
                return buf;
        }
        return report_count(r, all->n, buf);
}

struct ranked {
        double pct;
        size_t row;
};

static int by_pct(const void *a, const void *b)
{
        const struct ranked *x = a, *y = b;
        if (x->pct != y->pct)
                return x->pct < y->pct ? -1 : 1;
        return x->row < y->row ? -1 : x->row > y->row;
}

/* Indexes into s->rows of group g's statements with a shown percentage, by
 * percent positive (lowest first), ties in form order. Returns how many. */
size_t report_ranked(const struct report *r, size_t g, size_t *out)
{
        size_t per = r->s->nrows / r->s->ngroups, n = 0;
        struct ranked *k = xcalloc(per ? per : 1, sizeof(*k));
        for (size_t i = g * per; i < (g + 1) * per; i++)
                if (report_is_statement(r, &r->s->rows[i]) && report_pct_shown(&r->s->rows[i]))
                        k[n++] = (struct ranked){r->s->rows[i].pct, i};
        qsort(k, n, sizeof(*k), by_pct);
        for (size_t i = 0; i < n; i++)
                out[i] = k[i].row;
        free(k);
        return n;
}

/* A bullet "85 % positive (95 % CI 82–88 %): «statement» (need)". */
void report_item_bullet(struct report *r, const struct summary_row *row)
{
        char pct[CHART_NUM_MAX], lo[CHART_NUM_MAX], range[3 * CHART_NUM_MAX];
        int dec = round(row->ci_lo) == round(row->ci_hi) ? 1 : 0; /* not "60–60 %" */
        chart_format_percent(pct, sizeof(pct), row->pct, dec, r->lang);
        chart_format_range(lo, sizeof(lo), row->ci_lo, row->ci_hi, dec, r->lang);
        snprintf(range, sizeof(range), "%s%s", lo,
                 r->lang == CHART_LANG_EN ? "%" : CHART_NNBSP "%");
        char *lead = report_text_dup(r->lang, RT_ITEM_PCT, REPORT_ARGS(pct, range));
        const struct survey_item *it = dataset_item(r->ds, (size_t)row->col);
        struct strbuf sb = STRBUF_INIT;
        report_quote(&sb, r->lang, chart_data_item_text(r->ds, row->col, r->lang));
        int d = chart_data_domain_index(r->ds, it->domain->id);
        if (d >= 0)
                strbuf_addf(&sb, " (%s%s%s)", chart_data_domain_title(r->ds, (size_t)d, r->lang),
                            it->reverse ? "; " : "",
                            it->reverse ? report_say(r, RT_REVERSE_HINT) : "");
        chart_doc_bullet(r->doc, lead, sb.buf);
        strbuf_release(&sb);
        free(lead);
}

bool report_left_out(const struct report *r, const char *unit)
{
        for (size_t k = 0; k < r->c->nleft_out; k++)
                if (strcmp(r->c->units_left_out[k], unit) == 0)
                        return true;
        return false;
}

/* ---- pages ----------------------------------------------------------------------------- */

static void title_page(struct report *r)
{
        const struct dataset *ds = r->ds;
        char n[CHART_NUM_MAX], w[CHART_NUM_MAX], u[CHART_NUM_MAX], k[CHART_NUM_MAX];
        chart_doc_text(r->doc, CHART_DOC_COVER_TITLE, r->title);
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s · %s", report_say(r, RT_REPORT_FOR), r->period);
        chart_doc_text(r->doc, CHART_DOC_COVER_SUB, sb.buf);
        strbuf_release(&sb);

        size_t units = 0, items = 0;
        for (size_t g = 1; g < r->s->ngroups; g++)
                units += r->s->groups[g].detail >= DISCLOSE_SIZE && !r->s->groups[g].empty;
        for (size_t c = 0; c < ds->ncols; c++) {
                const struct survey_item *it = dataset_item(ds, c);
                items += it->type == SURVEY_ITEM_SCALE && it->domain;
        }
        struct chart_doc_figure figs[] = {
            {report_total(r, n), report_say(r, RT_FIG_RESPONSES)},
            {report_count(r, ds->nwaves, w), report_say(r, RT_FIG_WAVES)},
            {report_count(r, units, u), report_say(r, RT_FIG_UNITS)},
            {report_count(r, items, k), report_say(r, RT_FIG_ITEMS)},
        };
        chart_doc_figures(r->doc, figs, 4);
        report_para(r, CHART_DOC_BODY, RT_COVERAGE, REPORT_ARGS(n));

        struct chart_data cd = {0};
        chart_data_counts(&cd, ds, ds->nwaves > 1 ? TREND_BY_WAVE : TREND_BY_MONTH, r->lang);
        report_chart(r, &cd, "responses");
        chart_data_release(&cd);

        /* The units: n where it is shown, otherwise why not. */
        size_t nu = r->s->ngroups - 1;
        const char **cells = xcalloc(nu * 3 + 1, sizeof(char *));
        bool *muted = xcalloc(nu * 3 + 1, sizeof(bool));
        char(*nbuf)[CHART_NUM_MAX] = xcalloc(nu + 1, sizeof(*nbuf));
        for (size_t g = 1; g <= nu; g++) {
                const struct summary_group *grp = &r->s->groups[g];
                const char **row = cells + (g - 1) * 3;
                bool hidden = grp->detail == DISCLOSE_HIDDEN;
                row[0] = chart_data_unit_name(ds, grp->label, r->lang);
                row[1] = hidden ? CHART_NDASH : report_count(r, grp->n, nbuf[g - 1]);
                row[2] = hidden                         ? report_say(r, RT_UNIT_HIDDEN)
                         : grp->detail == DISCLOSE_SIZE ? report_say(r, RT_UNIT_TOTALS_ONLY)
                                                        : report_say(r, RT_UNIT_PAGE);
                muted[(g - 1) * 3 + 1] = muted[(g - 1) * 3 + 2] = hidden;
        }
        const char *head[] = {report_say(r, RT_COL_UNIT), report_say(r, RT_COL_N),
                              report_say(r, RT_COL_SHOWN)};
        const double widths[] = {0.45, 0.15, 0.40};
        const enum chart_align align[] = {CHART_ALIGN_LEFT, CHART_ALIGN_RIGHT, CHART_ALIGN_LEFT};
        struct chart_doc_table t = {head, 3, cells, muted, nu, widths, align};
        chart_doc_text(r->doc, CHART_DOC_H2, report_say(r, RT_UNITS_HEAD));
        chart_doc_table(r->doc, &t);
        free(cells);
        free(muted);
        free(nbuf);
        report_advance(r);
}

static void need_page(struct report *r, size_t d)
{
        const struct dataset *ds = r->ds;
        const char *id = ds->current->domains[d].id;
        chart_doc_page(r->doc);
        chart_doc_text(r->doc, CHART_DOC_H1, chart_data_domain_title(ds, d, r->lang));
        const struct summary_row *row = chart_data_row(r->s, 0, id);
        if (report_score_shown(row)) {
                char v[CHART_NUM_MAX], ci[CHART_NUM_MAX], n[CHART_NUM_MAX];
                /* A narrow interval gets a decimal, so that it does not read "57–57". */
                int dec = round(row->score_lo) == round(row->score_hi) ? 1 : 0;
                chart_format_number(v, sizeof(v), row->score, dec, r->lang);
                chart_format_range(ci, sizeof(ci), row->score_lo, row->score_hi, dec, r->lang);
                struct strbuf sb = STRBUF_INIT;
                report_text_fill(&sb, r->lang, RT_NEED_SCORE,
                                 REPORT_ARGS(v, ci, report_total(r, n)));
                if (!isnan(row->alpha)) {
                        char a[CHART_NUM_MAX];
                        chart_format_number(a, sizeof(a), row->alpha, 2, r->lang);
                        strbuf_addch(&sb, ' ');
                        report_text_fill(&sb, r->lang, RT_NEED_ALPHA, REPORT_ARGS(a));
                }
                chart_doc_text(r->doc, CHART_DOC_BODY, sb.buf);
                strbuf_release(&sb);
        } else {
                chart_doc_text(r->doc, CHART_DOC_BODY, report_say(r, RT_NEED_HIDDEN));
        }
        struct chart_data cd = {0};
        struct strbuf slug = STRBUF_INIT;
        if (chart_data_agreement_domain(&cd, r->s, 0, id, r->lang) > 0) {
                strbuf_addf(&slug, "%s-answers", id);
                report_chart(r, &cd, slug.buf);
        }
        chart_data_scores_by_unit(&cd, r->s, r->c, d, r->lang);
        strbuf_reset(&slug);
        strbuf_addf(&slug, "%s-units", id);
        report_chart(r, &cd, slug.buf);
        int i = chart_data_series_index(r->months, id);
        if (i >= 0) {
                chart_data_series(&cd, r->months, (size_t)i, false, r->lang);
                strbuf_reset(&slug);
                strbuf_addf(&slug, "%s-trend", id);
                report_chart(r, &cd, slug.buf);
        }
        chart_data_release(&cd);
        strbuf_release(&slug);
        report_advance(r);
}

static void unit_page(struct report *r, size_t g)
{
        const struct summary_group *grp = &r->s->groups[g];
        const char *name = chart_data_unit_name(r->ds, grp->label, r->lang);
        char n[CHART_NUM_MAX];
        chart_doc_page(r->doc);
        chart_doc_text(r->doc, CHART_DOC_H1, name);
        struct strbuf sb = STRBUF_INIT;
        report_text_fill(&sb, r->lang, RT_UNIT_INTRO, REPORT_ARGS(report_count(r, grp->n, n)));
        if (grp->why == SUPPRESS_NO_BREAKDOWN)
                strbuf_addf(&sb, " %s", report_say(r, RT_UNIT_UNCERTAIN));
        if (report_left_out(r, grp->label)) {
                strbuf_addf(&sb, " %s", report_say(r, RT_UNIT_NOT_COMPARED));
        } else {
                struct report_flags f;
                report_unit_flags(r, grp->label, &f);
                char nd[24];
                snprintf(nd, sizeof(nd), "%zu", r->ds->current->ndomains);
                for (int dir = 1; dir >= -1; dir -= 2) {
                        size_t k = dir > 0 ? f.need_hi : f.need_lo;
                        if (!k)
                                continue;
                        strbuf_addch(&sb, ' ');
                        if (k > UNIT_LIST_MAX) { /* a long list reads worse than a count */
                                char ks[24];
                                snprintf(ks, sizeof(ks), "%zu", k);
                                report_text_fill(&sb, r->lang,
                                                 dir > 0 ? RT_UNIT_HIGHER_N : RT_UNIT_LOWER_N,
                                                 REPORT_ARGS(ks, nd));
                        } else {
                                struct strbuf list = STRBUF_INIT;
                                report_need_list(r, &f, dir, k, false, &list);
                                report_text_fill(&sb, r->lang,
                                                 dir > 0 ? RT_UNIT_HIGHER : RT_UNIT_LOWER,
                                                 REPORT_ARGS(list.buf));
                                strbuf_release(&list);
                        }
                }
                if (!f.need_hi && !f.need_lo)
                        strbuf_addf(&sb, " %s", report_say(r, RT_UNIT_NO_DIFF));
        }
        chart_doc_text(r->doc, CHART_DOC_BODY, sb.buf);
        strbuf_release(&sb);

        struct chart_data cd = {0};
        struct strbuf slug = STRBUF_INIT;
        chart_data_scores_of_group(&cd, r->s, r->c, g, r->lang);
        strbuf_addf(&slug, "unit-%s-scores", grp->label);
        report_chart(r, &cd, slug.buf);

        size_t per = r->s->nrows / r->s->ngroups;
        size_t *idx = xcalloc(per ? per : 1, sizeof(size_t));
        size_t m = report_ranked(r, g, idx);
        if (m > 0 && grp->why != SUPPRESS_NO_BREAKDOWN) {
                chart_data_agreement(&cd, r->s, idx, m < UNIT_WEAKEST ? m : UNIT_WEAKEST, r->lang);
                cd.spec.title = report_say(r, RT_UNIT_WEAKEST);
                cd.spec.subtitle = name;
                cd.spec.note = NULL; /* the need pages explain the bars */
                strbuf_reset(&slug);
                strbuf_addf(&slug, "unit-%s-weakest", grp->label);
                report_chart(r, &cd, slug.buf);
        }
        if (m > 0) {
                chart_doc_text(r->doc, CHART_DOC_H2, report_say(r, RT_UNIT_STRONGEST));
                for (size_t i = 0; i < TOP_ITEMS && i < m; i++)
                        report_item_bullet(r, &r->s->rows[idx[m - 1 - i]]);
        }
        free(idx);
        chart_data_release(&cd);
        strbuf_release(&slug);
        r->res.unit_pages++;
        report_advance(r);
}

/* Statements of group g (a shown one) that show less than their distribution. */
static size_t hidden_distributions(const struct report *r, size_t g)
{
        size_t per = r->s->nrows / r->s->ngroups, n = 0;
        for (size_t i = g * per; i < (g + 1) * per; i++) {
                const struct summary_row *row = &r->s->rows[i];
                if (!report_is_statement(r, row) || row->detail == DISCLOSE_HIDDEN ||
                    r->s->groups[g].detail < DISCLOSE_BUCKETS)
                        continue;
                n += row->detail < DISCLOSE_POINTS;
        }
        return n;
}

static void method_page(struct report *r)
{
        const struct suppress_policy *pol = &r->s->policy;
        char n[CHART_NUM_MAX], a[24], b[24], c[24];
        chart_doc_page(r->doc);
        chart_doc_text(r->doc, CHART_DOC_H1, report_say(r, RT_METHOD));
        report_para(r, CHART_DOC_BODY, RT_METHOD_DATA, REPORT_ARGS(report_total(r, n), r->period));
        chart_doc_text(r->doc, CHART_DOC_BODY, report_say(r, RT_METHOD_PCT));
        chart_doc_text(r->doc, CHART_DOC_BODY, report_say(r, RT_METHOD_SCORE));
        report_para(r, CHART_DOC_BODY, RT_METHOD_COMPARE,
                    REPORT_ARGS(chart_data_adjust_name(r->c->adjust)));
        chart_doc_text(r->doc, CHART_DOC_BODY, report_say(r, RT_METHOD_TIME));

        chart_doc_text(r->doc, CHART_DOC_H2, report_say(r, RT_ANONYMITY));
        snprintf(a, sizeof(a), "%lu", pol->min_group);
        snprintf(b, sizeof(b), "%lu", pol->min_breakdown);
        snprintf(c, sizeof(c), "%lu", 2 * pol->min_breakdown);
        report_para(r, CHART_DOC_BODY, RT_ANON_RULES, REPORT_ARGS(a, b, c));
        chart_doc_text(r->doc, CHART_DOC_BODY, report_say(r, RT_ANON_SECONDARY));

        /* What this report hides, and why. */
        chart_doc_text(r->doc, CHART_DOC_H2, report_say(r, RT_ANON_HIDDEN_HEAD));
        size_t max = 2 * r->s->ngroups + 2, nrows = 0;
        char **cells = xcalloc(2 * max, sizeof(char *));
        char bd[24];
        snprintf(bd, sizeof(bd), "%lu", pol->min_breakdown);
        for (size_t g = 1; g < r->s->ngroups; g++) {
                const struct summary_group *grp = &r->s->groups[g];
                const char *name = chart_data_unit_name(r->ds, grp->label, r->lang);
                if (!grp->empty && grp->detail <= DISCLOSE_SIZE) {
                        cells[2 * nrows] = xstrdup(name);
                        cells[2 * nrows + 1] =
                            grp->detail == DISCLOSE_HIDDEN
                                ? report_text_dup(r->lang, RT_WHY_TOO_FEW, REPORT_ARGS(a))
                                : report_text_dup(r->lang, RT_WHY_TOTALS_ONLY, REPORT_ARGS(bd));
                        nrows++;
                }
                if (report_left_out(r, grp->label) && grp->detail >= DISCLOSE_SIZE && !grp->empty) {
                        cells[2 * nrows] = xstrdup(name);
                        cells[2 * nrows + 1] = xstrdup(report_say(r, RT_WHY_NOT_COMPARED));
                        nrows++;
                }
        }
        for (size_t g = 0; g < r->s->ngroups; g++) {
                if (r->s->groups[g].detail == DISCLOSE_HIDDEN)
                        continue;
                size_t h = hidden_distributions(r, g);
                if (!h)
                        continue;
                char hs[24];
                snprintf(hs, sizeof(hs), "%zu", h);
                const char *name =
                    g == 0 ? report_say(r, RT_MUNICIPALITY)
                           : chart_data_unit_name(r->ds, r->s->groups[g].label, r->lang);
                cells[2 * nrows] =
                    report_text_dup(r->lang, RT_HIDDEN_CELLS_WHAT, REPORT_ARGS(name));
                cells[2 * nrows + 1] = report_text_dup(r->lang, RT_WHY_CELLS, REPORT_ARGS(hs));
                nrows++;
        }
        size_t hidden_months = 0;
        for (size_t i = 0; i < r->months->nseries; i++) {
                const struct trend_series *s = &r->months->series[i];
                if (!s->domain)
                        continue;
                for (size_t p = 0; p < r->months->nperiods; p++)
                        hidden_months += s->points[p].why == SUPPRESS_TOO_FEW;
                break; /* period rules are the same for every series */
        }
        if (hidden_months) {
                char hs[24];
                snprintf(hs, sizeof(hs), "%zu", hidden_months);
                cells[2 * nrows] = xstrdup(report_say(r, RT_HIDDEN_PERIODS_WHAT));
                cells[2 * nrows + 1] = report_text_dup(r->lang, RT_WHY_PERIODS, REPORT_ARGS(hs));
                nrows++;
        }
        if (nrows) {
                const char *head[] = {report_say(r, RT_COL_WHAT), report_say(r, RT_COL_WHY)};
                const double widths[] = {0.4, 0.6};
                struct chart_doc_table t = {head,   2,   (const char *const *)cells, NULL, nrows,
                                            widths, NULL};
                chart_doc_table(r->doc, &t);
        } else {
                chart_doc_text(r->doc, CHART_DOC_BODY, report_say(r, RT_ANON_NOTHING));
        }
        for (size_t i = 0; i < 2 * nrows; i++)
                free(cells[i]);
        free(cells);
        report_advance(r);
}

int report_write(const struct dataset *ds, const struct report_options *opt,
                 report_progress_fn progress, void *arg, struct report_result *res,
                 struct lytt_error *err)
{
        struct report r = {0};
        int rc = -1;
        r.ds = ds;
        r.opt = opt;
        r.lang = opt->lang;
        r.progress = progress;
        r.arg = arg;
        r.err = err;
        int li = survey_def_lang(ds->current, chart_lang_code(opt->lang));
        r.title = survey_text_get(&ds->current->title, li < 0 ? 0 : li);
        if (opt->wave)
                r.period = report_text_dup(r.lang, RT_WAVE, REPORT_ARGS(opt->wave));
        else if (ds->nwaves > 1)
                r.period = report_text_dup(r.lang, RT_ALL_WAVES,
                                           REPORT_ARGS(ds->waves[0], ds->waves[ds->nwaves - 1]));
        else
                r.period = report_text_dup(r.lang, RT_WAVE,
                                           REPORT_ARGS(ds->nwaves ? ds->waves[0] : CHART_NDASH));

        struct summary_options so = {"unit", SUMMARY_CI_WILSON, 0.95};
        if (summary_compute(ds, &so, &r.s, err) < 0)
                goto out;
        size_t units = 0;
        for (size_t g = 1; g < r.s->ngroups; g++)
                units += r.s->groups[g].detail >= DISCLOSE_SIZE && !r.s->groups[g].empty;
        r.steps = 4 + 3 + ds->current->ndomains + units;
        report_advance(&r);
        r.c = compare_units(ds, opt->adjust);
        report_advance(&r);
        r.months = trend_compute(ds, TREND_BY_MONTH, false);
        report_advance(&r);
        r.waves = trend_compute(ds, TREND_BY_WAVE, false);
        report_advance(&r);

        char *footer = report_text_dup(r.lang, RT_FOOTER, REPORT_ARGS(r.title, r.period));
        struct chart_doc_info info = {opt->pdf_path, r.title, footer, r.lang};
        struct chart_error cerr;
        int st = chart_doc_new(&info, &r.doc, &cerr);
        free(footer);
        if (st < 0) {
                lytt_error_set(err, NULL, 0, "%s", cerr.msg);
                goto out;
        }
        title_page(&r);
        report_key_findings(&r);
        for (size_t d = 0; d < ds->current->ndomains; d++)
                need_page(&r, d);
        for (size_t g = 1; g < r.s->ngroups; g++)
                if (r.s->groups[g].detail >= DISCLOSE_SIZE && !r.s->groups[g].empty)
                        unit_page(&r, g);
        method_page(&r);
        r.res.pages = chart_doc_pages(r.doc);
        st = chart_doc_close(r.doc, &cerr);
        r.doc = NULL;
        if (st < 0) {
                lytt_error_set(err, NULL, 0, "%s", cerr.msg);
                goto out;
        }
        if (!r.failed) {
                rc = 0;
                if (res)
                        *res = r.res;
        }
out:
        if (r.doc)
                chart_doc_close(r.doc, &cerr);
        trend_free(r.waves);
        trend_free(r.months);
        compare_free(r.c);
        summary_free(r.s);
        free(r.period);
        return rc;
}
