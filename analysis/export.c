#include "export.h"
#include "answer_list.h"
#include "csv.h"
#include "db.h"
#include "strbuf.h"
#include "suppress.h"
#include "xmalloc.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct export_rows {
        const struct dataset *ds;
        bool free_text; /* include_free_text */
        struct suppress_policy pol;
        unsigned long *gsize;       /* unit x wave group sizes in the dataset */
        enum suppress_reason *gwhy; /* and what suppression made of them */
        struct db *db;
        sqlite3_stmt *st;
        bool in_txn;                /* the snapshot all passes read */
        struct export_column *cols; /* the wide columns */
        size_t ncols;
        size_t *first_col; /* per dataset column: its first wide column or SIZE_MAX */
        struct answer_list_iter it;
        struct strbuf text; /* this row's item ids and values, NUL-separated */
        size_t *offs;       /* per answer: item and value offsets into text */
        struct export_answer *answers;
        size_t nanswers, alloc;
        const char **cells; /* ncols */
        unsigned long row;  /* rows given out in this pass */
        size_t rows_suppressed, texts_suppressed;
};

const char *export_meta_name(enum export_meta m)
{
        static const char *const names[EXPORT_NMETA] = {"unit", "wave", "period", "lang",
                                                        "questionnaire_version"};
        return names[m];
}

int export_column_lang(const struct dataset *ds, size_t c, const char *lang)
{
        for (size_t v = ds->ndefs; v-- > 0;)
                if (ds->cols[c].items[v]) {
                        int i = survey_def_lang(ds->defs[v], lang ? lang : "nb");
                        return i < 0 ? 0 : i;
                }
        return 0;
}

void export_column_text(const struct dataset *ds, const struct export_column *col, const char *lang,
                        struct strbuf *out)
{
        const struct survey_item *it = dataset_item(ds, col->col);
        int l = export_column_lang(ds, col->col, lang);
        strbuf_addstr(out, survey_text_get(&it->text, l));
        if (col->option >= 0) {
                strbuf_addstr(out, " – ");
                strbuf_addstr(out, survey_text_get(&it->options[col->option].label, l));
        }
}

static void add_columns(struct export_rows *rs)
{
        const struct dataset *ds = rs->ds;
        size_t alloc = 0;
        rs->first_col = xmalloc((ds->ncols ? ds->ncols : 1) * sizeof(size_t));
        for (size_t c = 0; c < ds->ncols; c++) {
                const struct survey_item *it = dataset_item(ds, c);
                rs->first_col[c] = SIZE_MAX;
                if (it->type == SURVEY_ITEM_TEXT && !rs->free_text)
                        continue;
                rs->first_col[c] = rs->ncols;
                size_t n = it->type == SURVEY_ITEM_MULTI ? it->noptions : 1;
                rs->cols = xgrow(rs->cols, sizeof(*rs->cols), rs->ncols + n, &alloc);
                for (size_t o = 0; o < n; o++) {
                        struct export_column *col = &rs->cols[rs->ncols++];
                        col->col = c;
                        col->option = it->type == SURVEY_ITEM_MULTI ? (int)o : -1;
                        if (col->option >= 0)
                                snprintf(col->name, sizeof(col->name), "%s.%s", it->id,
                                         it->options[o].id);
                        else
                                snprintf(col->name, sizeof(col->name), "%s", it->id);
                }
        }
}

/*
 * The one place that decides what an export leaves out: responses of unit x wave
 * groups that suppress_groups() hides (below min_group, or protecting a lone one),
 * and free text of groups below min_free_text. Group sizes come from the loaded
 * dataset, so every format and every pass decides alike.
 */
static void decide_groups(struct export_rows *rs)
{
        const struct dataset *ds = rs->ds;
        size_t ng = ds->nunits * ds->nwaves;
        suppress_policy_of(ds->current, &rs->pol);
        rs->gsize = xcalloc(ng ? ng : 1, sizeof(unsigned long));
        rs->gwhy = xcalloc(ng ? ng : 1, sizeof(*rs->gwhy));
        for (size_t r = 0; r < ds->n; r++)
                rs->gsize[ds->unit[r] * ds->nwaves + ds->wave[r]]++;
        suppress_groups(rs->gsize, ng, &rs->pol, rs->gwhy);
}

/* The group of a row, or -1 if its unit or wave is not in the dataset (added since it
 * was read: not counted, so left out). */
static long group_of(const struct export_rows *rs, const char *unit, const char *wave)
{
        const struct dataset *ds = rs->ds;
        long u = -1, w = -1;
        for (size_t i = 0; i < ds->nunits && u < 0; i++)
                if (strcmp(ds->units[i], unit) == 0)
                        u = (long)i;
        for (size_t i = 0; i < ds->nwaves && w < 0; i++)
                if (strcmp(ds->waves[i], wave) == 0)
                        w = (long)i;
        return u < 0 || w < 0 ? -1 : u * (long)ds->nwaves + w;
}

int export_rows_open(const struct dataset *ds, const struct export_options *o,
                     struct export_rows **out, struct lytt_error *err)
{
        struct export_rows *rs = xcalloc(1, sizeof(*rs));
        rs->ds = ds;
        rs->free_text = o->include_free_text;
        rs->text = (struct strbuf)STRBUF_INIT;
        answer_list_iter_init(&rs->it, "", 0);
        decide_groups(rs);
        add_columns(rs);
        rs->cells = xcalloc(rs->ncols ? rs->ncols : 1, sizeof(*rs->cells));
        *out = NULL;
        if (db_open(o->db_path, DB_READONLY, &rs->db, err) < 0)
                goto fail;
        sqlite3 *h = db_handle(rs->db);
        /* One read transaction: a second pass (export_sav counts first) sees the
         * same rows even while the server writes. */
        if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
                goto sql_fail;
        rs->in_txn = true;
        const char *sql = "SELECT r.unit_id, r.wave, r.period, r.lang, r.survey_version, r.answers "
                          "FROM responses r WHERE r.survey_id = ?1 AND (?2 IS NULL OR "
                          "r.wave = ?2) AND (?3 IS NULL OR r.unit_id = ?3)";
        if (sqlite3_prepare_v2(h, sql, -1, &rs->st, NULL) != SQLITE_OK)
                goto sql_fail;
        sqlite3_bind_text(rs->st, 1, ds->survey_id, -1, SQLITE_TRANSIENT);
        if (o->wave)
                sqlite3_bind_text(rs->st, 2, o->wave, -1, SQLITE_TRANSIENT);
        if (o->unit)
                sqlite3_bind_text(rs->st, 3, o->unit, -1, SQLITE_TRANSIENT);
        *out = rs;
        return 0;
sql_fail:
        lytt_error_set(err, NULL, 0, "read responses: %s", sqlite3_errmsg(h));
fail:
        export_rows_free(rs);
        return -1;
}

const struct export_column *export_rows_columns(const struct export_rows *rs, size_t *n)
{
        *n = rs->ncols;
        return rs->cols;
}

/* Keeps one answer of the current row (copied: the iterator reuses its buffers). */
static void keep_answer(struct export_rows *rs, size_t c, const struct strbuf *item,
                        const struct strbuf *value)
{
        if (rs->nanswers == rs->alloc) {
                rs->alloc = rs->alloc ? 2 * rs->alloc : 64;
                rs->answers = xrealloc(rs->answers, rs->alloc * sizeof(*rs->answers));
                rs->offs = xrealloc(rs->offs, rs->alloc * 2 * sizeof(size_t));
        }
        rs->offs[2 * rs->nanswers] = rs->text.len;
        strbuf_add(&rs->text, item->buf, item->len + 1);
        rs->offs[2 * rs->nanswers + 1] = rs->text.len;
        strbuf_add(&rs->text, value->buf, value->len + 1);
        rs->answers[rs->nanswers++].col = c;
}

/* Points the answers into the row's text and fills the wide cells. */
static void finish_row(struct export_rows *rs)
{
        memset(rs->cells, 0, rs->ncols * sizeof(*rs->cells));
        for (size_t i = 0; i < rs->nanswers; i++) {
                struct export_answer *a = &rs->answers[i];
                a->item = rs->text.buf + rs->offs[2 * i];
                a->value = rs->text.buf + rs->offs[2 * i + 1];
                size_t w = rs->first_col[a->col];
                if (w == SIZE_MAX)
                        continue;
                if (rs->cols[w].option < 0) {
                        rs->cells[w] = a->value;
                        continue;
                }
                const struct survey_item *it = dataset_item(rs->ds, a->col);
                for (size_t o = 0; o < it->noptions; o++)
                        if (strcmp(it->options[o].id, a->value) == 0)
                                rs->cells[w + o] = "1";
        }
}

int export_rows_next(struct export_rows *rs, struct export_row *row, struct lytt_error *err)
{
        int step;
        while ((step = sqlite3_step(rs->st)) == SQLITE_ROW) {
                for (int m = 0; m < EXPORT_NMETA; m++)
                        row->meta[m] = (const char *)sqlite3_column_text(rs->st, m);
                long g = group_of(rs, row->meta[EXPORT_UNIT], row->meta[EXPORT_WAVE]);
                if (g < 0)
                        continue;
                if (suppress_hides_group(rs->gwhy[g])) {
                        rs->rows_suppressed++;
                        continue;
                }
                bool texts_ok = rs->gsize[g] >= rs->pol.min_free_text;
                strbuf_reset(&rs->text);
                rs->nanswers = 0;
                answer_list_iter_reset(&rs->it, (const char *)sqlite3_column_text(rs->st, 5),
                                       (size_t)sqlite3_column_bytes(rs->st, 5));
                while (answer_list_next(&rs->it) == 1) {
                        int c = dataset_column(rs->ds, rs->it.item.buf);
                        if (c < 0)
                                continue;
                        if (dataset_item(rs->ds, (size_t)c)->type == SURVEY_ITEM_TEXT) {
                                if (!rs->free_text)
                                        continue;
                                if (!texts_ok) {
                                        rs->texts_suppressed++;
                                        continue;
                                }
                        }
                        keep_answer(rs, (size_t)c, &rs->it.item, &rs->it.value);
                }
                finish_row(rs);
                row->number = ++rs->row;
                row->answers = rs->answers;
                row->nanswers = rs->nanswers;
                row->cells = rs->cells;
                return 1;
        }
        if (step != SQLITE_DONE) {
                lytt_error_set(err, NULL, 0, "read responses: %s",
                               sqlite3_errmsg(db_handle(rs->db)));
                return -1;
        }
        return 0;
}

int export_rows_rewind(struct export_rows *rs, struct lytt_error *err)
{
        rs->row = 0;
        rs->rows_suppressed = rs->texts_suppressed = 0;
        if (sqlite3_reset(rs->st) != SQLITE_OK) {
                lytt_error_set(err, NULL, 0, "read responses: %s",
                               sqlite3_errmsg(db_handle(rs->db)));
                return -1;
        }
        return 0;
}

void export_rows_report(const struct export_rows *rs, struct export_report *rep)
{
        rep->rows_written = rs->row;
        rep->rows_suppressed = rs->rows_suppressed;
        rep->texts_suppressed = rs->texts_suppressed;
        rep->min_group = rs->pol.min_group;
        rep->min_free_text = rs->pol.min_free_text;
}

void export_rows_free(struct export_rows *rs)
{
        if (!rs)
                return;
        sqlite3_finalize(rs->st);
        if (rs->in_txn)
                sqlite3_exec(db_handle(rs->db), "COMMIT", NULL, NULL, NULL);
        db_close(rs->db);
        answer_list_iter_release(&rs->it);
        strbuf_release(&rs->text);
        free(rs->offs);
        free(rs->answers);
        free(rs->cells);
        free(rs->cols);
        free(rs->first_col);
        free(rs->gsize);
        free(rs->gwhy);
        free(rs);
}

/* ---- CSV ------------------------------------------------------------------------------- */

static void csv_row_start(struct csv *w, const struct export_row *row)
{
        csv_ulong(w, row->number, false);
        for (int m = 0; m < EXPORT_NMETA; m++)
                csv_str(w, row->meta[m]);
}

int export_csv(const struct dataset *ds, const struct export_options *o, FILE *f,
               struct export_report *rep, struct lytt_error *err)
{
        struct export_rows *rs;
        memset(rep, 0, sizeof(*rep));
        if (export_rows_open(ds, o, &rs, err) < 0)
                return -1;
        size_t ncols;
        const struct export_column *cols = export_rows_columns(rs, &ncols);
        struct csv w;
        csv_begin(&w, f, o->norwegian);
        csv_str(&w, "row");
        for (int m = 0; m < EXPORT_NMETA; m++)
                csv_str(&w, export_meta_name((enum export_meta)m));
        if (o->long_shape) {
                csv_str(&w, "item");
                csv_str(&w, "value");
        } else {
                for (size_t i = 0; i < ncols; i++)
                        csv_str(&w, cols[i].name);
        }
        csv_end_row(&w);

        struct export_row row;
        int rc;
        while ((rc = export_rows_next(rs, &row, err)) == 1) {
                if (o->long_shape) {
                        for (size_t i = 0; i < row.nanswers; i++) {
                                csv_row_start(&w, &row);
                                csv_str(&w, row.answers[i].item);
                                if (dataset_item(ds, row.answers[i].col)->type == SURVEY_ITEM_TEXT)
                                        csv_text(&w, row.answers[i].value);
                                else
                                        csv_str(&w, row.answers[i].value);
                                csv_end_row(&w);
                        }
                        continue;
                }
                csv_row_start(&w, &row);
                for (size_t i = 0; i < ncols; i++) {
                        const char *v = row.cells[i] ? row.cells[i] : "";
                        if (dataset_item(ds, cols[i].col)->type == SURVEY_ITEM_TEXT)
                                csv_text(&w, v);
                        else
                                csv_str(&w, v);
                }
                csv_end_row(&w);
        }
        export_rows_report(rs, rep);
        export_rows_free(rs);
        if (rc < 0)
                return -1;
        if (ferror(f)) {
                lytt_error_set(err, NULL, 0, "write error");
                return -1;
        }
        return 0;
}
