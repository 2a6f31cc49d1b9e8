#include "export.h"
#include "answer_list.h"
#include "csv.h"
#include "db.h"
#include "suppress.h"
#include "xmalloc.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* Wide columns: one per item, one per option of a multiple-choice item, and free-text
 * columns only when included. */
struct wide_col {
        size_t col; /* dataset column */
        int option; /* multiple choice: the option index; otherwise -1 */
        char name[96];
};

static size_t wide_columns(const struct dataset *ds, bool free_text, struct wide_col *out,
                           size_t max)
{
        size_t n = 0;
        for (size_t c = 0; c < ds->ncols && n < max; c++) {
                const struct survey_item *it = dataset_item(ds, c);
                if (it->type == SURVEY_ITEM_TEXT && !free_text)
                        continue;
                if (it->type == SURVEY_ITEM_MULTI) {
                        for (size_t o = 0; o < it->noptions && n < max; o++) {
                                out[n] = (struct wide_col){c, (int)o, ""};
                                snprintf(out[n].name, sizeof(out[n].name), "%s.%s", it->id,
                                         it->options[o].id);
                                n++;
                        }
                } else {
                        out[n] = (struct wide_col){c, -1, ""};
                        snprintf(out[n].name, sizeof(out[n].name), "%s", it->id);
                        n++;
                }
        }
        return n;
}

int export_csv(const struct dataset *ds, const struct export_options *o, FILE *f,
               struct export_report *rep, struct lytt_error *err)
{
        struct suppress_policy pol;
        suppress_policy_of(ds->current, &pol);
        memset(rep, 0, sizeof(*rep));
        rep->min_group = pol.min_group;
        rep->min_free_text = pol.min_free_text;

        /* Group sizes (unit x wave) from the loaded dataset decide who is left out. */
        size_t ng = ds->nunits * ds->nwaves;
        unsigned long *gsize = xcalloc(ng ? ng : 1, sizeof(unsigned long));
        enum suppress_reason *gwhy = xcalloc(ng ? ng : 1, sizeof(*gwhy));
        for (size_t r = 0; r < ds->n; r++)
                gsize[ds->unit[r] * ds->nwaves + ds->wave[r]]++;
        suppress_groups(gsize, ng, &pol, gwhy);

        struct db *db = NULL;
        sqlite3_stmt *st = NULL;
        struct wide_col cols[1024];
        size_t nwide = wide_columns(ds, o->include_free_text, cols, 1024);
        char **cells = xcalloc(nwide ? nwide : 1, sizeof(char *));
        int rc = -1;
        if (db_open(o->db_path, DB_READONLY, &db, err) < 0)
                goto out;
        sqlite3 *h = db_handle(db);
        const char *sql = "SELECT r.unit_id, r.wave, r.period, r.lang, r.survey_version, r.answers "
                          "FROM responses r WHERE r.survey_id = ?1 AND (?2 IS NULL OR "
                          "r.wave = ?2) AND (?3 IS NULL OR r.unit_id = ?3)";
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
                lytt_error_set(err, NULL, 0, "read responses: %s", sqlite3_errmsg(h));
                goto out;
        }
        sqlite3_bind_text(st, 1, ds->survey_id, -1, SQLITE_STATIC);
        if (o->wave)
                sqlite3_bind_text(st, 2, o->wave, -1, SQLITE_STATIC);
        if (o->unit)
                sqlite3_bind_text(st, 3, o->unit, -1, SQLITE_STATIC);

        struct csv w;
        csv_begin(&w, f, o->norwegian);
        static const char *const fixed[] = {"row",    "unit", "wave",
                                            "period", "lang", "questionnaire_version"};
        for (size_t i = 0; i < 6; i++)
                csv_str(&w, fixed[i]);
        if (o->long_shape) {
                csv_str(&w, "item");
                csv_str(&w, "value");
        } else {
                for (size_t i = 0; i < nwide; i++)
                        csv_str(&w, cols[i].name);
        }
        csv_end_row(&w);

        struct answer_list_iter it;
        answer_list_iter_init(&it, "", 0);
        size_t row = 0;
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                const char *meta[5]; /* unit, wave, period, lang, questionnaire version */
                for (int m = 0; m < 5; m++)
                        meta[m] = (const char *)sqlite3_column_text(st, m);
                int u = -1, wv = -1;
                for (size_t i = 0; i < ds->nunits; i++)
                        if (strcmp(ds->units[i], meta[0]) == 0)
                                u = (int)i;
                for (size_t i = 0; i < ds->nwaves; i++)
                        if (strcmp(ds->waves[i], meta[1]) == 0)
                                wv = (int)i;
                if (u < 0 || wv < 0)
                        continue; /* added since the dataset was read: not counted, left out */
                size_t g = (size_t)u * ds->nwaves + (size_t)wv;
                if (suppress_hides_group(gwhy[g])) {
                        rep->rows_suppressed++;
                        continue;
                }
                bool texts_ok = gsize[g] >= pol.min_free_text;
                row++;
                answer_list_iter_reset(&it, (const char *)sqlite3_column_text(st, 5),
                                       (size_t)sqlite3_column_bytes(st, 5));
                while (answer_list_next(&it) == 1) {
                        int c = dataset_column(ds, it.item.buf);
                        if (c < 0)
                                continue;
                        const struct survey_item *item = dataset_item(ds, (size_t)c);
                        if (item->type == SURVEY_ITEM_TEXT) {
                                if (!o->include_free_text)
                                        continue;
                                if (!texts_ok) {
                                        rep->texts_suppressed++;
                                        continue;
                                }
                        }
                        if (o->long_shape) {
                                csv_ulong(&w, row, false);
                                for (int m = 0; m < 5; m++)
                                        csv_str(&w, meta[m]);
                                csv_str(&w, it.item.buf);
                                csv_str(&w, it.value.buf);
                                csv_end_row(&w);
                                continue;
                        }
                        for (size_t i = 0; i < nwide; i++) {
                                if (cols[i].col != (size_t)c)
                                        continue;
                                const char *v = it.value.buf;
                                if (cols[i].option >= 0 &&
                                    strcmp(item->options[cols[i].option].id, v) != 0)
                                        continue;
                                free(cells[i]);
                                cells[i] = xstrdup(cols[i].option >= 0 ? "1" : v);
                        }
                }
                if (!o->long_shape) {
                        csv_ulong(&w, row, false);
                        for (int m = 0; m < 5; m++)
                                csv_str(&w, meta[m]);
                        for (size_t i = 0; i < nwide; i++) {
                                csv_str(&w, cells[i] ? cells[i] : "");
                                free(cells[i]);
                                cells[i] = NULL;
                        }
                        csv_end_row(&w);
                }
        }
        answer_list_iter_release(&it);
        if (step != SQLITE_DONE) {
                lytt_error_set(err, NULL, 0, "read responses: %s", sqlite3_errmsg(h));
                goto out;
        }
        rep->rows_written = row;
        rc = ferror(f) ? -1 : 0;
        if (rc < 0)
                lytt_error_set(err, NULL, 0, "write error");
out:
        for (size_t i = 0; i < nwide; i++)
                free(cells[i]);
        free(cells);
        sqlite3_finalize(st);
        db_close(db);
        free(gsize);
        free(gwhy);
        return rc;
}
