#include "participation.h"
#include "db.h"
#include "disclosure.h"
#include "round.h"
#include "stats.h"
#include "xmalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct invited_ctx {
        char *const *units; /* the units listed */
        size_t nunits;
        long *invited; /* per unit listed */
};

static void on_invited(const char *unit, long invited, void *arg)
{
        struct invited_ctx *c = arg;
        for (size_t u = 0; u < c->nunits; u++)
                if (strcmp(c->units[u], unit) == 0)
                        c->invited[u] = invited;
}

/* The rate and its interval, for a shown row with letters; NaN otherwise. */
static void set_rate(struct participation_row *r)
{
        r->rate = r->lo = r->hi = NAN;
        if (r->invited <= 0 || r->why != SUPPRESS_NONE)
                return;
        unsigned long inv = (unsigned long)r->invited;
        unsigned long n = r->n < inv ? r->n : inv; /* a code answers once */
        struct stats_interval ci = stats_wilson(n, inv, 0.95);
        r->rate = 100.0 * (double)n / (double)inv;
        r->lo = 100.0 * ci.lo;
        r->hi = 100.0 * ci.hi;
}

/* The published size of a group into row: n when the gate shows it, else 0 and
 * the gate's reason (an empty group is simply 0, no reason). */
static void gate_size(const struct dataset *ds, const struct disclosure_key *k,
                      struct participation_row *row)
{
        struct disclosure_size sz;
        disclosure_size(ds->gate, k, &sz);
        row->n = 0;
        row->why = SUPPRESS_NONE;
        if (sz.detail >= DISCLOSE_SIZE)
                row->n = sz.n;
        else if (!sz.empty)
                row->why = sz.why != SUPPRESS_NONE ? sz.why : SUPPRESS_TOO_FEW;
}

void participation_compute(const struct dataset *ds, const struct suppress_policy *pol,
                           struct participation *out)
{
        (void)pol; /* the gate holds the thresholds */
        /* Every unit of the survey (with a unit filter: that one), not only those with
         * responses in the filter's wave: one with nobody reads "too few" like a small one. */
        char *const *units = ds->units;
        size_t nu = ds->nunits;
        if (!ds->filter_unit)
                nu = disclosure_units(ds->gate, &units);
        long *invited = xcalloc(nu ? nu : 1, sizeof(long));
        for (size_t u = 0; u < nu; u++)
                invited[u] = -1;
        struct db *db = NULL;
        struct lytt_error err;
        if (ds->db_path && db_open(ds->db_path, DB_READONLY, &db, &err) == 0) {
                struct invited_ctx ctx = {units, nu, invited};
                round_invited(db, ds->survey_id, ds->filter_wave, on_invited, &ctx, &err);
        }
        db_close(db);

        out->n = nu + 1;
        out->rows = xcalloc(out->n, sizeof(*out->rows));
        struct participation_row *all = &out->rows[0];
        all->unit = "all";
        all->invited = -1;
        /* "all" is everyone the dataset holds: the filter's group. */
        struct disclosure_key ak = {.unit = ds->filter_unit, .wave = ds->filter_wave};
        gate_size(ds, &ak, all);
        size_t lettered = 0;
        bool lettered_shown = true;
        unsigned long lettered_n = 0;
        for (size_t u = 0; u < nu; u++) {
                struct participation_row *row = &out->rows[u + 1];
                row->unit = units[u];
                row->invited = invited[u];
                struct disclosure_key k = {.unit = units[u], .wave = ds->filter_wave};
                gate_size(ds, &k, row);
                set_rate(row);
                if (invited[u] > 0) {
                        all->invited = (all->invited < 0 ? 0 : all->invited) + invited[u];
                        lettered++;
                        lettered_n += row->n;
                        lettered_shown = lettered_shown && row->why == SUPPRESS_NONE;
                }
        }
        /* With letters, the municipality's row is the rate over the units that had them
         * (its n is theirs): when that is every unit, the group's own size; otherwise
         * the sum of their published sizes, and nothing when one of them is hidden (the
         * sum would tell a hidden size). Without letters, the coverage of all. */
        if (lettered > 0 && lettered < nu && all->why == SUPPRESS_NONE) {
                all->n = lettered_shown ? lettered_n : 0;
                if (!lettered_shown)
                        all->why = SUPPRESS_TOO_FEW;
        }
        set_rate(all);
        free(invited);
}

void participation_release(struct participation *p)
{
        free(p->rows);
        p->rows = NULL;
        p->n = 0;
}
