#include "participation.h"
#include "db.h"
#include "round.h"
#include "stats.h"
#include "xmalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct invited_ctx {
        const struct dataset *ds;
        long *invited; /* per unit of ds */
};

static void on_invited(const char *unit, long invited, void *arg)
{
        struct invited_ctx *c = arg;
        for (size_t u = 0; u < c->ds->nunits; u++)
                if (strcmp(c->ds->units[u], unit) == 0)
                        c->invited[u] = invited;
}

static void set_rate(struct participation_row *r)
{
        r->rate = r->lo = r->hi = NAN;
        if (r->invited <= 0)
                return;
        unsigned long inv = (unsigned long)r->invited;
        unsigned long n = r->n < inv ? r->n : inv; /* a code answers once */
        struct stats_interval ci = stats_wilson(n, inv, 0.95);
        r->rate = 100.0 * (double)n / (double)inv;
        r->lo = 100.0 * ci.lo;
        r->hi = 100.0 * ci.hi;
}

void participation_compute(const struct dataset *ds, const struct suppress_policy *pol,
                           struct participation *out)
{
        size_t nu = ds->nunits;
        long *invited = xcalloc(nu ? nu : 1, sizeof(long));
        unsigned long *n = xcalloc(nu ? nu : 1, sizeof(unsigned long));
        enum suppress_reason *why = xcalloc(nu ? nu : 1, sizeof(*why));
        for (size_t u = 0; u < nu; u++)
                invited[u] = -1;
        struct db *db = NULL;
        struct lytt_error err;
        if (ds->db_path && db_open(ds->db_path, DB_READONLY, &db, &err) == 0) {
                struct invited_ctx ctx = {ds, invited};
                round_invited(db, ds->survey_id, ds->filter_wave, on_invited, &ctx, &err);
        }
        db_close(db);
        for (size_t r = 0; r < ds->n; r++)
                n[ds->unit[r]]++;
        suppress_groups(n, nu, pol, why);

        out->n = nu + 1;
        out->rows = xcalloc(out->n, sizeof(*out->rows));
        struct participation_row *all = &out->rows[0];
        all->unit = "all";
        all->invited = -1;
        for (size_t u = 0; u < nu; u++) {
                struct participation_row *row = &out->rows[u + 1];
                row->unit = ds->units[u];
                row->n = n[u];
                row->invited = invited[u];
                row->why = suppress_hides_group(why[u]) ? why[u] : SUPPRESS_NONE;
                set_rate(row);
                all->n += n[u];
                if (invited[u] > 0)
                        all->invited = (all->invited < 0 ? 0 : all->invited) + invited[u];
        }
        /* With letters, the municipality's row is the rate over the units that had them
         * (its n is theirs); without, it is the coverage of all. */
        if (all->invited > 0) {
                all->n = 0;
                for (size_t u = 0; u < nu; u++)
                        if (invited[u] > 0)
                                all->n += n[u];
        }
        if (all->n > 0 && all->n < pol->min_group)
                all->why = SUPPRESS_TOO_FEW;
        set_rate(all);
        free(invited);
        free(n);
        free(why);
}

void participation_release(struct participation *p)
{
        free(p->rows);
        p->rows = NULL;
        p->n = 0;
}
