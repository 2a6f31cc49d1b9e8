#include "summary_out.h"
#include "csv.h"
#include "stats.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

/* The reason shown for a row: "" when it shows everything. */
static const char *row_reason(const struct summary_row *r)
{
        return suppress_reason_key(r->why);
}

static bool hidden(const struct summary_row *r)
{
        return r->detail < DISCLOSE_BUCKETS;
}

static const char *const BUCKET_NAME[DISCLOSE_NBUCKETS] = {"negative", "neutral", "positive"};

/* A band cell: "", "<=10", ">=90" or "withheld"; empty where the bucket does not exist
 * or the row shows no buckets. */
static const char *band_text(const struct summary_row *r, size_t b)
{
        if (hidden(r) || !r->has_bucket[b])
                return "";
        return disclosure_band_key(r->band[b]);
}

static int write_csv(const struct summary *s, bool norwegian, FILE *f)
{
        struct csv c;
        static const char *const head[] = {
            "group",         "item",           "kind",          "detail",        "n",
            "n_dont_know",   "n_not_answered", "pct_negative",  "pct_neutral",   "pct_positive",
            "band_negative", "band_neutral",   "band_positive", "pct_dont_know", "ci_low",
            "ci_high",       "score",          "score_ci_low",  "score_ci_high", "alpha",
            "r_drop",        "uncertain",      "suppressed"};
        size_t ncols = sizeof(head) / sizeof(head[0]);
        csv_begin(&c, f, norwegian);
        for (size_t i = 0; i < ncols; i++)
                csv_str(&c, head[i]);
        csv_end_row(&c);
        for (size_t g = 0; g < s->ngroups; g++) {
                const struct summary_group *gr = &s->groups[g];
                csv_str(&c, gr->label);
                csv_str(&c, "");
                csv_str(&c, "group");
                csv_str(&c, disclosure_detail_key(gr->detail));
                csv_ulong(&c, gr->n, gr->detail < DISCLOSE_SIZE);
                for (size_t k = 5; k < ncols - 2; k++)
                        csv_str(&c, "");
                csv_str(&c, gr->detail == DISCLOSE_SIZE ? "yes" : "");
                csv_str(&c, suppress_reason_key(gr->why));
                csv_end_row(&c);
        }
        for (size_t i = 0; i < s->nrows; i++) {
                const struct summary_row *r = &s->rows[i];
                bool dom = r->col < 0, h = dom || hidden(r);
                csv_str(&c, s->groups[r->group].label);
                csv_str(&c, r->id);
                csv_str(&c, dom ? "domain" : "item");
                csv_str(&c, disclosure_detail_key(r->detail));
                csv_ulong(&c, r->n, h);
                csv_ulong(&c, r->n_dk, h || r->dkna_hidden);
                csv_ulong(&c, r->n_skipped, h || r->dkna_hidden);
                for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                        csv_num(&c, r->share[b], 2, h);
                for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++)
                        csv_str(&c, dom ? "" : band_text(r, b));
                csv_num(&c, r->pct_dk, 2, h);
                csv_num(&c, r->ci_lo, 2, h);
                csv_num(&c, r->ci_hi, 2, h);
                csv_num(&c, r->score, 2, false);
                csv_num(&c, r->score_lo, 2, false);
                csv_num(&c, r->score_hi, 2, false);
                csv_num(&c, r->alpha, 4, false);
                csv_num(&c, r->r_drop, 4, false);
                csv_str(&c, r->uncertain && r->detail != DISCLOSE_HIDDEN ? "yes" : "");
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
                csv_str(&c, "");
                csv_ulong(&c, p->n, h);
                for (int k = 0; k < 4; k++)
                        csv_str(&c, "");
                csv_num(&c, p->rate, 2, h || !rate); /* in pct_positive */
                for (int k = 0; k < 4; k++)
                        csv_str(&c, "");
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

json_t *disclosure_audit_json(const struct disclosure *gate)
{
        const struct disclosure_audit *a = disclosure_audit_summary(gate);
        const struct suppress_policy *pol = disclosure_policy(gate);
        json_t *o = json_object();
        json_object_set_new(o, "rules",
                            json_string("PRODUCT.md section 2, one gate for every "
                                        "command (docs/privacy.md)"));
        json_object_set_new(o, "min_group", json_integer((json_int_t)pol->min_group));
        json_object_set_new(o, "buckets_from", json_integer((json_int_t)pol->min_breakdown));
        json_object_set_new(o, "points_from", json_integer((json_int_t)(2 * pol->min_breakdown)));
        json_t *au = json_object();
        json_object_set_new(au, "run", json_boolean(a->run));
        if (a->run) {
                json_object_set_new(au, "groups", json_integer((json_int_t)a->groups));
                json_object_set_new(au, "figures", json_integer((json_int_t)a->figures));
                json_object_set_new(au, "protected_values",
                                    json_integer((json_int_t)a->protected_values));
                json_object_set_new(au, "narrow", json_integer((json_int_t)a->narrow));
                json_object_set_new(au, "pinned", json_integer((json_int_t)a->pinned));
                json_object_set_new(au, "seconds", json_real(a->seconds));
                json_object_set_new(au, "passed", json_boolean(a->passed));
                if (a->example[0])
                        json_object_set_new(au, "example", json_string(a->example));
        } else {
                json_object_set_new(au, "how", json_string("lytt-analyze audit"));
        }
        json_object_set_new(o, "audit", au);
        return o;
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
        json_object_set_new(pol, "buckets_from", json_integer((json_int_t)s->policy.min_breakdown));
        json_object_set_new(pol, "points_from",
                            json_integer((json_int_t)(2 * s->policy.min_breakdown)));
        json_object_set_new(pol, "bands",
                            json_string("under points_from: a share of 90 % or "
                                        "more or 10 % or less is banded"));
        json_object_set_new(method, "disclosure", pol);
        json_object_set_new(root, "method", method);
        json_object_set_new(root, "disclosure", disclosure_audit_json(s->ds->gate));
        if (s->opt.by)
                json_object_set_new(root, "by", json_string(s->opt.by));

        json_t *groups = json_array();
        for (size_t g = 0; g < s->ngroups; g++) {
                const struct summary_group *gr = &s->groups[g];
                json_t *o = json_object();
                json_object_set_new(o, "group", json_string(gr->label));
                json_object_set_new(o, "n", count_or_null(gr->n, gr->detail < DISCLOSE_SIZE));
                json_object_set_new(o, "detail", json_string(disclosure_detail_key(gr->detail)));
                json_object_set_new(o, "uncertain", json_boolean(gr->detail == DISCLOSE_SIZE));
                json_object_set_new(o, "suppressed", json_string(suppress_reason_key(gr->why)));
                json_array_append_new(groups, o);
        }
        json_object_set_new(root, "groups", groups);
        json_t *items = json_array(), *domains = json_array();
        for (size_t i = 0; i < s->nrows; i++) {
                const struct summary_row *r = &s->rows[i];
                bool dom = r->col < 0, h = hidden(r);
                json_t *o = json_object();
                json_object_set_new(o, "group", json_string(s->groups[r->group].label));
                json_object_set_new(o, dom ? "domain" : "item", json_string(r->id));
                json_object_set_new(o, "detail", json_string(disclosure_detail_key(r->detail)));
                if (!dom) {
                        json_object_set_new(o, "n", count_or_null(r->n, h));
                        json_object_set_new(o, "n_dont_know",
                                            count_or_null(r->n_dk, h || r->dkna_hidden));
                        json_object_set_new(o, "n_not_answered",
                                            count_or_null(r->n_skipped, h || r->dkna_hidden));
                        for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++) {
                                char key[32];
                                snprintf(key, sizeof(key), "pct_%s", BUCKET_NAME[b]);
                                json_object_set_new(o, key, num_or_null(r->share[b], h));
                                snprintf(key, sizeof(key), "band_%s", BUCKET_NAME[b]);
                                json_object_set_new(o, key, json_string(band_text(r, b)));
                        }
                        json_object_set_new(o, "pct_dont_know", num_or_null(r->pct_dk, h));
                        json_object_set_new(o, "ci_low", num_or_null(r->ci_lo, h));
                        json_object_set_new(o, "ci_high", num_or_null(r->ci_hi, h));
                        if (r->detail == DISCLOSE_POINTS) {
                                json_t *dist = json_array();
                                for (size_t j = 0; j < r->ndist; j++)
                                        json_array_append_new(
                                            dist, count_or_null(r->dist[j], j + 2 >= r->ndist &&
                                                                                r->dkna_hidden));
                                json_object_set_new(o, "distribution", dist);
                        } else {
                                json_object_set_new(o, "distribution", json_null());
                        }
                        json_object_set_new(o, "r_drop", num_or_null(r->r_drop, false));
                } else {
                        json_object_set_new(o, "alpha", num_or_null(r->alpha, false));
                }
                json_object_set_new(o, "score", num_or_null(r->score, false));
                json_object_set_new(o, "score_ci_low", num_or_null(r->score_lo, false));
                json_object_set_new(o, "score_ci_high", num_or_null(r->score_hi, false));
                json_object_set_new(o, "uncertain",
                                    json_boolean(r->uncertain && r->detail != DISCLOSE_HIDDEN));
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

static void text_num(FILE *f, double v, int width)
{
        if (isnan(v))
                fprintf(f, "%*s", width, "-");
        else
                fprintf(f, "%*.1f", width, v);
}

/* A share as the text shows it: the number, a band, or "-". */
static void text_share(FILE *f, const struct summary_row *r, size_t b, int width)
{
        if (hidden(r) || !r->has_bucket[b] || r->band[b] == DISCLOSE_WITHHELD)
                fprintf(f, "%*s", width, "-");
        else if (r->band[b] == DISCLOSE_LOW)
                fprintf(f, "%*s", width, "<=10");
        else if (r->band[b] == DISCLOSE_HIGH)
                fprintf(f, "%*s", width, ">=90");
        else
                text_num(f, r->share[b], width);
}

static int write_text(const struct summary *s, FILE *f)
{
        fprintf(f,
                "Survey %s (questionnaire version %d); percent positive with %s 95%% "
                "interval; scores 0-100 with t interval.\n",
                s->ds->survey_id, s->ds->current->version,
                s->opt.ci == SUMMARY_CI_WILSON ? "Wilson" : "Clopper-Pearson");
        fprintf(f,
                "Groups under %lu respondents are not shown; under %lu size and domain "
                "scores only; under %lu items as negative / neutral / positive shares, "
                "90 %% or more and 10 %% or less banded.\n",
                s->policy.min_group, s->policy.min_breakdown, 2 * s->policy.min_breakdown);
        fprintf(f, "\nParticipation (response rate = completes / invitation letters, code-only "
                   "rounds; otherwise the number of responses, coverage):\n");
        for (size_t i = 0; i < s->part.n; i++) {
                const struct participation_row *p = &s->part.rows[i];
                if (p->why != SUPPRESS_NONE && p->why != SUPPRESS_NO_BREAKDOWN)
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
                if (gr->empty) {
                        fprintf(f, ": no responses\n");
                        continue;
                }
                if (gr->detail == DISCLOSE_HIDDEN) {
                        fprintf(f, ": too few responses to show\n");
                        continue;
                }
                fprintf(f, " (n = %lu%s)\n", gr->n,
                        gr->detail == DISCLOSE_SIZE ? ", uncertain: size and domain scores only"
                        : gr->detail == DISCLOSE_BUCKETS ? ", items as three shares"
                                                         : "");
                fprintf(f, "%-22s %5s %4s %5s %5s %5s %15s %6s %15s  %s\n", "item", "n", "dk",
                        "%neg", "%neu", "%pos", "95% CI", "score", "95% CI", "note");
                for (size_t k = 0; k < per_group; k++) {
                        const struct summary_row *r = &s->rows[g * per_group + k];
                        bool dom = r->col < 0;
                        if (k > 0 && dom && s->rows[g * per_group + k - 1].col >= 0)
                                fprintf(f, "%-22s\n", "-- domains");
                        fprintf(f, "%-22.22s ", r->id);
                        if (dom || hidden(r)) {
                                fprintf(f, "%5s %4s %5s %5s %5s %15s ", "-", "-", "-", "-", "-",
                                        "-");
                        } else {
                                if (r->dkna_hidden)
                                        fprintf(f, "%5lu %4s ", r->n, "-");
                                else
                                        fprintf(f, "%5lu %4lu ", r->n, r->n_dk);
                                for (size_t b = 0; b < DISCLOSE_NBUCKETS; b++) {
                                        text_share(f, r, b, 5);
                                        fputc(' ', f);
                                }
                                if (isnan(r->ci_lo))
                                        fprintf(f, "%15s ", "-");
                                else
                                        fprintf(f, "  [%5.1f, %5.1f] ", r->ci_lo, r->ci_hi);
                        }
                        text_num(f, r->score, 6);
                        fputc(' ', f);
                        if (isnan(r->score_lo))
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
