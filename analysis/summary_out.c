#include "summary_out.h"
#include "csv.h"
#include "stats.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

/* The reason shown for a row: the group's, else the cells'. */
static const char *row_reason(const struct summary_row *r)
{
        if (r->why != SUPPRESS_NONE)
                return suppress_reason_key(r->why);
        if (r->hide_pct || r->hide_score || r->hide_n || r->hide_dk)
                return suppress_reason_key(r->why_cells != SUPPRESS_NONE ? r->why_cells
                                                                         : SUPPRESS_SECONDARY);
        return "";
}

static bool all_hidden(const struct summary_row *r)
{
        return r->why != SUPPRESS_NONE;
}

static int write_csv(const struct summary *s, bool norwegian, FILE *f)
{
        struct csv c;
        static const char *const head[] = {
            "group",        "item",   "kind",      "n",         "n_dont_know",  "n_not_answered",
            "pct_positive", "ci_low", "ci_high",   "score",     "score_ci_low", "score_ci_high",
            "alpha",        "r_drop", "uncertain", "suppressed"};
        csv_begin(&c, f, norwegian);
        for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
                csv_str(&c, head[i]);
        csv_end_row(&c);
        for (size_t i = 0; i < s->nrows; i++) {
                const struct summary_row *r = &s->rows[i];
                bool h = all_hidden(r), dom = r->col < 0;
                csv_str(&c, s->groups[r->group].label);
                csv_str(&c, r->id);
                csv_str(&c, dom ? "domain" : "item");
                csv_ulong(&c, r->n, h || r->hide_n);
                csv_ulong(&c, r->n_dk, h || dom || r->hide_dk);
                csv_ulong(&c, r->n_skipped, h || dom || r->hide_dk || r->hide_n);
                csv_num(&c, r->pct, 2, h || dom || r->hide_pct);
                csv_num(&c, r->ci_lo, 2, h || dom || r->hide_pct);
                csv_num(&c, r->ci_hi, 2, h || dom || r->hide_pct);
                csv_num(&c, r->score, 2, h || r->hide_score);
                csv_num(&c, r->score_lo, 2, h || r->hide_score);
                csv_num(&c, r->score_hi, 2, h || r->hide_score);
                csv_num(&c, r->alpha, 4, h);
                csv_num(&c, r->r_drop, 4, h);
                csv_str(&c, h ? "" : r->uncertain ? "yes" : "");
                csv_str(&c, row_reason(r));
                csv_end_row(&c);
        }
        /* Participation: a response rate where letters were counted, else coverage. */
        for (size_t i = 0; i < s->part.n; i++) {
                const struct participation_row *p = &s->part.rows[i];
                bool h = p->why != SUPPRESS_NONE, rate = p->invited > 0;
                csv_str(&c, p->unit);
                csv_str(&c, rate ? "response_rate" : "coverage");
                csv_str(&c, "participation");
                csv_ulong(&c, p->n, h);
                for (int k = 0; k < 2; k++)
                        csv_str(&c, "");
                csv_num(&c, p->rate, 2, h || !rate);
                csv_num(&c, p->lo, 2, h || !rate);
                csv_num(&c, p->hi, 2, h || !rate);
                for (int k = 0; k < 6; k++)
                        csv_str(&c, "");
                csv_str(&c, suppress_reason_key(p->why));
                csv_end_row(&c);
        }
        return ferror(f) ? -1 : 0;
}

static json_t *num_or_null(double v, bool hidden)
{
        return hidden || isnan(v) ? json_null() : json_real(v);
}

static json_t *count_or_null(unsigned long v, bool hidden)
{
        return hidden ? json_null() : json_integer((json_int_t)v);
}

static int write_json(const struct summary *s, FILE *f)
{
        json_t *root = json_object();
        json_object_set_new(root, "survey", json_string(s->ds->survey_id));
        json_object_set_new(root, "questionnaire_version", json_integer(s->ds->current->version));
        json_t *method = json_object();
        json_object_set_new(method, "percent_positive",
                            json_string("share of valid answers (don't know excluded) on the "
                                        "scale's positive points; reverse items mirrored"));
        json_object_set_new(
            method, "interval",
            json_string(s->opt.ci == SUMMARY_CI_WILSON ? "wilson" : "clopper-pearson"));
        json_object_set_new(method, "confidence", json_real(s->opt.conf));
        json_object_set_new(method, "score",
                            json_string("mean of answered items rescaled to 0-100, reverse "
                                        "items flipped; domain score given when at least half "
                                        "of the domain's items are answered; t interval"));
        json_object_set_new(method, "reliability",
                            json_string("Cronbach's alpha on complete answers, when at least 50; "
                                        "corrected item-total correlation (r_drop)"));
        json_t *pol = json_object();
        json_object_set_new(pol, "min_group", json_integer((json_int_t)s->policy.min_group));
        json_object_set_new(pol, "min_breakdown",
                            json_integer((json_int_t)s->policy.min_breakdown));
        json_object_set_new(pol, "min_cell", json_integer((json_int_t)s->policy.min_cell));
        json_object_set_new(method, "suppression", pol);
        json_object_set_new(root, "method", method);
        if (s->opt.by)
                json_object_set_new(root, "by", json_string(s->opt.by));

        json_t *groups = json_array();
        for (size_t g = 0; g < s->ngroups; g++) {
                json_t *o = json_object();
                bool h = suppress_hides_group(s->groups[g].why);
                json_object_set_new(o, "group", json_string(s->groups[g].label));
                json_object_set_new(o, "n", count_or_null(s->groups[g].n, h));
                json_object_set_new(o, "uncertain",
                                    json_boolean(s->groups[g].why == SUPPRESS_NO_BREAKDOWN));
                json_object_set_new(o, "suppressed",
                                    json_string(h ? suppress_reason_key(s->groups[g].why) : ""));
                json_array_append_new(groups, o);
        }
        json_object_set_new(root, "groups", groups);
        json_t *items = json_array(), *domains = json_array();
        for (size_t i = 0; i < s->nrows; i++) {
                const struct summary_row *r = &s->rows[i];
                bool h = all_hidden(r), dom = r->col < 0;
                json_t *o = json_object();
                json_object_set_new(o, "group", json_string(s->groups[r->group].label));
                json_object_set_new(o, dom ? "domain" : "item", json_string(r->id));
                json_object_set_new(o, "n", count_or_null(r->n, h || r->hide_n));
                if (!dom) {
                        json_object_set_new(o, "n_dont_know",
                                            count_or_null(r->n_dk, h || r->hide_dk));
                        json_object_set_new(o, "pct_positive",
                                            num_or_null(r->pct, h || r->hide_pct));
                        json_object_set_new(o, "ci_low", num_or_null(r->ci_lo, h || r->hide_pct));
                        json_object_set_new(o, "ci_high", num_or_null(r->ci_hi, h || r->hide_pct));
                        json_t *dist = json_array();
                        for (size_t j = 0; j < r->ndist; j++)
                                json_array_append_new(
                                    dist, count_or_null(r->dist[j],
                                                        h || r->hide_dist || r->hide_cell[j]));
                        json_object_set_new(o, "distribution", dist);
                        json_object_set_new(o, "r_drop", num_or_null(r->r_drop, h));
                } else {
                        json_object_set_new(o, "alpha", num_or_null(r->alpha, h));
                        json_object_set_new(o, "alpha_n", count_or_null(r->alpha_n, h));
                }
                json_object_set_new(o, "score", num_or_null(r->score, h || r->hide_score));
                json_object_set_new(o, "score_ci_low",
                                    num_or_null(r->score_lo, h || r->hide_score));
                json_object_set_new(o, "score_ci_high",
                                    num_or_null(r->score_hi, h || r->hide_score));
                json_object_set_new(o, "uncertain", json_boolean(!h && r->uncertain));
                json_object_set_new(o, "suppressed", json_string(row_reason(r)));
                json_array_append_new(dom ? domains : items, o);
        }
        json_object_set_new(root, "items", items);
        json_object_set_new(root, "domains", domains);
        json_t *part = json_array();
        for (size_t i = 0; i < s->part.n; i++) {
                const struct participation_row *p = &s->part.rows[i];
                bool h = p->why != SUPPRESS_NONE, rate = p->invited > 0;
                json_t *o = json_object();
                json_object_set_new(o, "unit", json_string(p->unit));
                json_object_set_new(o, "responses", count_or_null(p->n, h));
                json_object_set_new(o, "measure", json_string(rate ? "response_rate" : "coverage"));
                json_object_set_new(o, "invited", rate ? json_integer(p->invited) : json_null());
                json_object_set_new(o, "response_rate", num_or_null(p->rate, h || !rate));
                json_object_set_new(o, "ci_low", num_or_null(p->lo, h || !rate));
                json_object_set_new(o, "ci_high", num_or_null(p->hi, h || !rate));
                json_object_set_new(o, "suppressed", json_string(suppress_reason_key(p->why)));
                json_array_append_new(part, o);
        }
        json_object_set_new(root, "participation", part);
        int rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
        fputc('\n', f);
        json_decref(root);
        return rc < 0 || ferror(f) ? -1 : 0;
}

static void text_num(FILE *f, double v, bool hidden, int width)
{
        if (hidden || isnan(v))
                fprintf(f, "%*s", width, "-");
        else
                fprintf(f, "%*.1f", width, v);
}

static int write_text(const struct summary *s, FILE *f)
{
        fprintf(f,
                "Survey %s (questionnaire version %d); percent positive with %s 95%% "
                "interval; scores 0-100 with t interval.\n",
                s->ds->survey_id, s->ds->current->version,
                s->opt.ci == SUMMARY_CI_WILSON ? "Wilson" : "Clopper-Pearson");
        fprintf(f, "Groups under %lu respondents are not shown; under %lu totals only.\n",
                s->policy.min_group, s->policy.min_breakdown);
        fprintf(f, "\nParticipation (response rate = completes / invitation letters, code-only "
                   "rounds; otherwise the number of responses, coverage):\n");
        for (size_t i = 0; i < s->part.n; i++) {
                const struct participation_row *p = &s->part.rows[i];
                if (p->why != SUPPRESS_NONE)
                        fprintf(f, "  %-22s %s\n", p->unit, suppress_reason_key(p->why));
                else if (p->invited > 0)
                        fprintf(f, "  %-22s %6lu responses of %ld invited: %.1f %% [%.1f, %.1f]\n",
                                p->unit, p->n, p->invited, p->rate, p->lo, p->hi);
                else
                        fprintf(f, "  %-22s %6lu responses (coverage)\n", p->unit, p->n);
        }
        size_t per_group = s->nrows / (s->ngroups ? s->ngroups : 1);
        for (size_t g = 0; g < s->ngroups; g++) {
                const struct summary_group *gr = &s->groups[g];
                fprintf(f, "\n== %s", gr->label);
                if (suppress_hides_group(gr->why)) {
                        fprintf(f, ": too few responses to show (%s)\n",
                                suppress_reason_key(gr->why));
                        continue;
                }
                fprintf(f, " (n = %lu%s)\n", gr->n,
                        gr->why == SUPPRESS_NO_BREAKDOWN ? ", uncertain: totals only" : "");
                fprintf(f, "%-22s %6s %5s %7s %15s %7s %15s  %s\n", "item", "n", "dk", "%pos",
                        "95% CI", "score", "95% CI", "note");
                for (size_t k = 0; k < per_group; k++) {
                        const struct summary_row *r = &s->rows[g * per_group + k];
                        bool dom = r->col < 0;
                        if (k > 0 && dom && s->rows[g * per_group + k - 1].col >= 0)
                                fprintf(f, "%-22s\n", "-- domains");
                        fprintf(f, "%-22.22s ", r->id);
                        if (r->hide_n)
                                fprintf(f, "%6s ", "-");
                        else
                                fprintf(f, "%6lu ", r->n);
                        if (dom || r->hide_dk)
                                fprintf(f, "%5s ", "-");
                        else
                                fprintf(f, "%5lu ", r->n_dk);
                        bool hp = dom || r->hide_pct;
                        text_num(f, r->pct, hp, 7);
                        fputc(' ', f);
                        if (hp || isnan(r->ci_lo))
                                fprintf(f, "%15s", "-");
                        else
                                fprintf(f, "  [%5.1f, %5.1f]", r->ci_lo, r->ci_hi);
                        fputc(' ', f);
                        text_num(f, r->score, r->hide_score, 7);
                        fputc(' ', f);
                        if (r->hide_score || isnan(r->score_lo))
                                fprintf(f, "%15s", "-");
                        else
                                fprintf(f, "  [%5.1f, %5.1f]", r->score_lo, r->score_hi);
                        fprintf(f, "  %s", row_reason(r));
                        if (dom && !isnan(r->alpha))
                                fprintf(f, " alpha=%.2f", r->alpha);
                        fputc('\n', f);
                }
        }
        return ferror(f) ? -1 : 0;
}

int summary_write(const struct summary *s, enum out_format fmt, bool norwegian, FILE *f)
{
        switch (fmt) {
        case OUT_CSV:
                return write_csv(s, norwegian, f);
        case OUT_JSON:
                return write_json(s, f);
        case OUT_TEXT:
                return write_text(s, f);
        }
        return -1;
}
