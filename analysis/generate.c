#include "generate.h"
#include "form_body.h"
#include "lytt_random.h"
#include "response.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 5000 /* responses per transaction */

static const char *const PHRASES[][3] = {
    {"Mer avlastning i helgene.", "Meir avlasting i helgane.", "More respite at weekends."},
    {"At noen ringer meg når det skjer endringer.", "At nokon ringjer meg når noko endrar seg.",
     "That someone calls me when things change."},
    {"Faste folk som kjenner mor.", "Faste folk som kjenner mor.",
     "The same staff, who know my mother."},
    {"Å bli spurt om hva jeg vet om ham.", "Å bli spurd om kva eg veit om han.",
     "Being asked what I know about him."},
    {"Tid til å være ektefelle, ikke bare pleier.", "Tid til å vere ektefelle, ikkje berre pleiar.",
     "Time to be a spouse, not only a carer."},
    {"Informasjon på engelsk.", "Informasjon på engelsk.", "Information in English."},
};

struct model {
        gsl_rng *rng;
        const struct survey_def *def;
        double *unit_level; /* per unit */
        double *item_level; /* per item */
        double *wave_drift; /* per wave */
};

/* Picks an index with probability proportional to w[i]. */
static size_t pick(gsl_rng *rng, const double *w, size_t n)
{
        double total = 0, u;
        for (size_t i = 0; i < n; i++)
                total += w[i];
        u = gsl_rng_uniform(rng) * total;
        for (size_t i = 0; i < n; i++) {
                if (u < w[i])
                        return i;
                u -= w[i];
        }
        return n - 1;
}

/* A background answer: the first options are the common ones. */
static size_t pick_option(gsl_rng *rng, size_t noptions)
{
        double w[32];
        for (size_t i = 0; i < noptions && i < 32; i++)
                w[i] = 1.0 / (1.0 + 0.6 * (double)i);
        return pick(rng, w, noptions < 32 ? noptions : 32);
}

static void answer_item(struct model *m, const struct survey_item *item, size_t item_index,
                        double theta, double unit, double drift, int lang, struct form_body *b)
{
        gsl_rng *rng = m->rng;
        char buf[32];
        if (!item->required && gsl_rng_uniform(rng) < 0.04)
                return;
        switch (item->type) {
        case SURVEY_ITEM_SCALE: {
                const struct survey_scale *sc = item->scale;
                if (sc->has_dont_know && gsl_rng_uniform(rng) < 0.05) {
                        form_body_add(b, item->id, "dk");
                        return;
                }
                double eta = 0.4 + unit + drift + 0.9 * theta + m->item_level[item_index];
                if (item->reverse)
                        eta = -eta;
                double y = eta + gsl_ran_logistic(rng, 0.8);
                size_t k = sc->npoints;
                /* thresholds evenly spread in [-1.5, 1.5] */
                size_t cat = 0;
                for (size_t t = 1; t < k; t++)
                        if (y > -1.5 + 3.0 * (double)(t - 1) / (double)(k > 2 ? k - 2 : 1))
                                cat = t;
                snprintf(buf, sizeof(buf), "%d", sc->points[cat].value);
                form_body_add(b, item->id, buf);
                return;
        }
        case SURVEY_ITEM_SINGLE:
                form_body_add(b, item->id, item->options[pick_option(rng, item->noptions)].id);
                return;
        case SURVEY_ITEM_MULTI:
                for (size_t i = 0; i < item->noptions; i++)
                        if (gsl_rng_uniform(rng) < 0.3)
                                form_body_add(b, item->id, item->options[i].id);
                return;
        case SURVEY_ITEM_YESNO: {
                double u = gsl_rng_uniform(rng);
                form_body_add(b, item->id, u < 0.25 ? "yes" : u < 0.97 ? "no" : "dk");
                return;
        }
        case SURVEY_ITEM_NUMBER: {
                double v = gsl_ran_gamma(rng, 1.6, 9.0);
                long n = lround(v);
                if (n < item->min)
                        n = item->min;
                if (n > item->max)
                        n = item->max;
                snprintf(buf, sizeof(buf), "%ld", n);
                form_body_add(b, item->id, buf);
                return;
        }
        case SURVEY_ITEM_TEXT: {
                if (gsl_rng_uniform(rng) > 0.15)
                        return;
                size_t p = gsl_rng_uniform_int(rng, sizeof(PHRASES) / sizeof(PHRASES[0]));
                form_body_add(b, item->id, PHRASES[p][lang < 3 ? lang : 2]);
                return;
        }
        }
}

/* A period label inside a wave "YYYY-H1|H2": an ISO week or a month of that half. */
static void period_in_wave(gsl_rng *rng, const char *wave, enum survey_period per, char *out,
                           size_t n)
{
        int year = 2026, half = 2;
        if (sscanf(wave, "%d-H%d", &year, &half) != 2 || half < 1 || half > 2 || year < 1000 ||
            year > 9999) {
                year = 2026;
                half = 2;
        }
        if (per == SURVEY_PERIOD_MONTH)
                snprintf(out, n, "%04u-%02u", (unsigned)year % 10000u,
                         (half == 1 ? 1u : 7u) + (unsigned)gsl_rng_uniform_int(rng, 6));
        else
                snprintf(out, n, "%04u-W%02u", (unsigned)year % 10000u,
                         (half == 1 ? 1u : 27u) + (unsigned)gsl_rng_uniform_int(rng, 26));
}

static int write_one(struct db *db, struct model *m, const struct survey_unit *unit,
                     size_t unit_index, size_t wave_index, const char *wave, struct lytt_error *err)
{
        const struct survey_def *def = m->def;
        struct form_body b = FORM_BODY_INIT;
        struct response r = RESPONSE_INIT;
        double lw[] = {0.80, 0.12, 0.08};
        int lang = (int)pick(m->rng, lw, 3);
        int li = survey_def_lang(def, lang == 0 ? "nb" : lang == 1 ? "nn" : "en");
        double theta = gsl_ran_gaussian(m->rng, 1.0);
        for (size_t i = 0; i < def->nitems; i++)
                answer_item(m, &def->items[i], i, theta, m->unit_level[unit_index],
                            m->wave_drift[wave_index], lang, &b);
        response_from_form(&r, def, unit, li < 0 ? 0 : li, &b);
        int rc = 0;
        if (r.nproblems == 0) {
                char period[16];
                int64_t id = lytt_random_id();
                period_in_wave(m->rng, wave, def->period, period, sizeof(period));
                struct db_response_meta meta = {id, wave, period, NULL, 0};
                rc = db_insert_response(db, &r, &meta, err);
        }
        response_release(&r);
        form_body_release(&b);
        return rc;
}

int generate_responses(struct db *db, const struct survey_def *def,
                       const struct generate_options *opt, generate_progress_fn progress, void *arg,
                       struct lytt_error *err)
{
        struct model m = {0};
        char default_waves[4][32];
        const char *wave_ptrs[4];
        const char *const *waves = opt->waves;
        size_t nwaves = opt->nwaves;
        int rc = -1;
        if (!waves || nwaves == 0) {
                time_t now = time(NULL);
                struct tm tm;
                localtime_r(&now, &tm);
                int year = tm.tm_year + 1900, half = tm.tm_mon < 6 ? 1 : 2;
                for (int i = 3; i >= 0; i--) {
                        snprintf(default_waves[i], sizeof(default_waves[i]), "%04d-H%d", year,
                                 half);
                        wave_ptrs[i] = default_waves[i];
                        if (--half == 0) {
                                half = 2;
                                year--;
                        }
                }
                waves = wave_ptrs;
                nwaves = 4;
        }
        if (db_register_survey(db, def, err) < 0)
                return -1;
        m.def = def;
        m.rng = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(m.rng, opt->seed);
        m.unit_level = xcalloc(def->nunits, sizeof(double));
        m.item_level = xcalloc(def->nitems, sizeof(double));
        m.wave_drift = xcalloc(nwaves, sizeof(double));
        for (size_t u = 0; u < def->nunits; u++)
                m.unit_level[u] = gsl_ran_gaussian(m.rng, 0.45);
        for (size_t i = 0; i < def->nitems; i++)
                m.item_level[i] = gsl_ran_gaussian(m.rng, 0.5);
        for (size_t w = 0; w < nwaves; w++)
                m.wave_drift[w] = 0.08 * (double)w + gsl_ran_gaussian(m.rng, 0.05);

        /* Units: fixed sizes first, the rest of n spread by weight over the others. */
        double *weights = xcalloc(def->nunits, sizeof(double));
        for (size_t u = 0; u < def->nunits; u++) {
                weights[u] = 1.0 + (double)(u % 3);
                for (size_t k = 0; k < opt->nfixed; k++)
                        if (strcmp(opt->fixed_units[k], def->units[u].id) == 0)
                                weights[u] = 0;
        }
        size_t fixed_total = 0;
        for (size_t k = 0; k < opt->nfixed; k++) {
                if (!survey_def_unit(def, opt->fixed_units[k])) {
                        lytt_error_set(err, NULL, 0, "unit '%s' is not in questionnaire '%s'",
                                       opt->fixed_units[k], def->id);
                        goto out;
                }
                fixed_total += opt->fixed_sizes[k];
        }
        size_t total = opt->n + fixed_total, done = 0;
        sqlite3_exec(db_handle(db), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
        if (db_begin(db, err) < 0)
                goto out;
        for (size_t k = 0; k < opt->nfixed; k++) {
                const struct survey_unit *unit = survey_def_unit(def, opt->fixed_units[k]);
                size_t ui = (size_t)(unit - def->units);
                for (size_t i = 0; i < opt->fixed_sizes[k]; i++, done++) {
                        size_t w = i % nwaves;
                        if (write_one(db, &m, unit, ui, w, waves[w], err) < 0)
                                goto rollback;
                }
        }
        bool any = false;
        for (size_t u = 0; u < def->nunits; u++)
                any |= weights[u] > 0;
        for (size_t i = 0; i < opt->n && any; i++, done++) {
                size_t ui = pick(m.rng, weights, def->nunits);
                size_t w = gsl_rng_uniform_int(m.rng, nwaves);
                if (write_one(db, &m, &def->units[ui], ui, w, waves[w], err) < 0)
                        goto rollback;
                if (done % BATCH == BATCH - 1) {
                        if (db_commit(db, err) < 0 || db_begin(db, err) < 0)
                                goto rollback;
                        if (progress)
                                progress(done + 1, total, arg);
                }
        }
        if (db_commit(db, err) < 0)
                goto rollback;
        if (progress)
                progress(total, total, arg);
        rc = 0;
        goto out;
rollback:
        db_rollback(db);
out:
        sqlite3_exec(db_handle(db), "PRAGMA synchronous = FULL", NULL, NULL, NULL);
        free(weights);
        free(m.unit_level);
        free(m.item_level);
        free(m.wave_drift);
        gsl_rng_free(m.rng);
        return rc;
}
