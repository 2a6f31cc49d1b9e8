#include "dataset.h"
#include "disclosure.h"
#include "answer_list.h"
#include "db.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A small string interner: distinct values in first-seen order, found by hash. */
struct interner {
        char **strs;
        size_t n, alloc;
        int32_t *slots; /* open addressing: index + 1, 0 empty */
        size_t nslots;
};

static uint32_t hash_str(const char *s)
{
        uint32_t h = 2166136261u;
        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 16777619u;
        return h;
}

static void interner_rehash(struct interner *in, size_t nslots)
{
        free(in->slots);
        in->slots = xcalloc(nslots, sizeof(*in->slots));
        in->nslots = nslots;
        for (size_t i = 0; i < in->n; i++) {
                size_t h = hash_str(in->strs[i]) & (nslots - 1);
                while (in->slots[h])
                        h = (h + 1) & (nslots - 1);
                in->slots[h] = (int32_t)i + 1;
        }
}

static size_t intern(struct interner *in, const char *s)
{
        if (in->nslots == 0)
                interner_rehash(in, 64);
        size_t h = hash_str(s) & (in->nslots - 1);
        while (in->slots[h]) {
                size_t i = (size_t)in->slots[h] - 1;
                if (strcmp(in->strs[i], s) == 0)
                        return i;
                h = (h + 1) & (in->nslots - 1);
        }
        in->strs = xgrow(in->strs, sizeof(*in->strs), in->n + 1, &in->alloc);
        in->strs[in->n] = xstrdup(s);
        in->slots[h] = (int32_t)++in->n;
        if (in->n * 2 > in->nslots)
                interner_rehash(in, in->nslots * 2);
        return in->n - 1;
}

/* Index of s or -1, without adding. */
static int interner_find(const struct interner *in, const char *s)
{
        if (!in->nslots)
                return -1;
        size_t h = hash_str(s) & (in->nslots - 1);
        while (in->slots[h]) {
                size_t i = (size_t)in->slots[h] - 1;
                if (strcmp(in->strs[i], s) == 0)
                        return (int)i;
                h = (h + 1) & (in->nslots - 1);
        }
        return -1;
}

static int by_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts an interner's strings and rewrites the per-response indexes to match. */
static void sort_table(struct interner *in, uint16_t *idx, size_t n, char ***out, size_t *nout)
{
        char **sorted = xcalloc(in->n, sizeof(char *));
        uint16_t *map = xcalloc(in->n, sizeof(uint16_t));
        memcpy(sorted, in->strs, in->n * sizeof(char *));
        qsort(sorted, in->n, sizeof(char *), by_str);
        for (size_t i = 0; i < in->n; i++)
                for (size_t j = 0; j < in->n; j++)
                        if (sorted[j] == in->strs[i])
                                map[i] = (uint16_t)j;
        for (size_t r = 0; r < n; r++)
                idx[r] = map[idx[r]];
        free(map);
        free(in->strs);
        free(in->slots);
        *out = sorted;
        *nout = in->n;
        memset(in, 0, sizeof(*in));
}

static void interner_release(struct interner *in)
{
        for (size_t i = 0; i < in->n; i++)
                free(in->strs[i]);
        free(in->strs);
        free(in->slots);
        memset(in, 0, sizeof(*in));
}

int dataset_encode(const struct survey_item *item, const char *v, int32_t *out)
{
        if (strcmp(v, "dk") == 0 && item->type != SURVEY_ITEM_SINGLE &&
            item->type != SURVEY_ITEM_MULTI && item->type != SURVEY_ITEM_TEXT) {
                *out = DATASET_DONT_KNOW;
                return 0;
        }
        switch (item->type) {
        case SURVEY_ITEM_SCALE: {
                /* Stored values are canonical ("4"): a short whole number. */
                char *end;
                long n = strtol(v, &end, 10);
                if (!*v || *end || *v == '+' || *v == ' ' || (v[0] == '0' && v[1]))
                        return -1;
                for (size_t i = 0; i < item->scale->npoints; i++)
                        if (item->scale->points[i].value == n) {
                                *out = (int32_t)n;
                                return 0;
                        }
                return -1;
        }
        case SURVEY_ITEM_SINGLE:
        case SURVEY_ITEM_MULTI:
                for (size_t i = 0; i < item->noptions && i < 31; i++)
                        if (strcmp(item->options[i].id, v) == 0) {
                                *out = item->type == SURVEY_ITEM_SINGLE ? (int32_t)i
                                                                        : (int32_t)(1u << i);
                                return 0;
                        }
                return -1;
        case SURVEY_ITEM_YESNO:
                if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) {
                        *out = strcmp(v, "yes") == 0 ? 0 : 1;
                        return 0;
                }
                return -1;
        case SURVEY_ITEM_NUMBER: {
                char *end;
                long n = strtol(v, &end, 10);
                if (!*v || *end || n < item->min || n > item->max)
                        return -1;
                *out = (int32_t)n;
                return 0;
        }
        case SURVEY_ITEM_TEXT:
                *out = DATASET_TEXT;
                return 0;
        }
        return -1;
}

static int load_versions(sqlite3 *h, struct dataset *ds, struct lytt_error *err)
{
        sqlite3_stmt *st;
        int rc =
            sqlite3_prepare_v2(h,
                               "SELECT version, source FROM survey_versions WHERE survey_id = ? "
                               "ORDER BY version",
                               -1, &st, NULL);
        if (rc != SQLITE_OK) {
                lytt_error_set(err, NULL, 0, "read questionnaires: %s", sqlite3_errmsg(h));
                return -1;
        }
        sqlite3_bind_text(st, 1, ds->survey_id, -1, SQLITE_STATIC);
        size_t alloc = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct lytt_diags diags = LYTT_DIAGS_INIT;
                struct survey_def *def;
                char path[128];
                snprintf(path, sizeof(path), "%s.yaml", ds->survey_id);
                const char *src = (const char *)sqlite3_column_text(st, 1);
                if (survey_def_parse(path, src, (size_t)sqlite3_column_bytes(st, 1), &def, &diags) <
                    0) {
                        lytt_error_set(err, NULL, 0,
                                       "stored questionnaire %s version %d does not parse: %s",
                                       ds->survey_id, sqlite3_column_int(st, 0),
                                       diags.n ? diags.items[0].msg : "?");
                        lytt_diags_release(&diags);
                        sqlite3_finalize(st);
                        return -1;
                }
                lytt_diags_release(&diags);
                ds->defs = xgrow(ds->defs, sizeof(*ds->defs), ds->ndefs + 1, &alloc);
                ds->defs[ds->ndefs++] = def;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
                lytt_error_set(err, NULL, 0, "read questionnaires: %s", sqlite3_errmsg(h));
                return -1;
        }
        if (ds->ndefs == 0) {
                lytt_error_set(err, NULL, 0,
                               "no questionnaire '%s' in the database (has the server run with "
                               "it?)",
                               ds->survey_id);
                return -1;
        }
        if (ds->ndefs > UINT16_MAX) {
                lytt_error_set(err, NULL, 0, "too many versions");
                return -1;
        }
        ds->current = ds->defs[ds->ndefs - 1];
        return 0;
}

/* Which columns make up each domain, per version (the domain by its id in the newest). */
static void build_domain_columns(struct dataset *ds)
{
        size_t nd = ds->current->ndomains;
        ds->domain_cols = xcalloc(ds->ndefs * (nd ? nd : 1), sizeof(size_t *));
        for (size_t v = 0; v < ds->ndefs; v++)
                for (size_t d = 0; d < nd; d++) {
                        size_t *list = xcalloc(ds->ncols + 1, sizeof(size_t)), n = 0;
                        const char *dom = ds->current->domains[d].id;
                        for (size_t c = 0; c < ds->ncols; c++) {
                                const struct survey_item *it = ds->cols[c].items[v];
                                if (it && it->domain && strcmp(it->domain->id, dom) == 0)
                                        list[n++] = c;
                        }
                        list[n] = SIZE_MAX;
                        ds->domain_cols[v * nd + d] = list;
                }
}

/* Columns: items of the newest version in order, then items only older versions have. */
static void build_columns(struct dataset *ds)
{
        size_t alloc = 0;
        for (size_t v = ds->ndefs; v-- > 0;) {
                const struct survey_def *def = ds->defs[v];
                for (size_t i = 0; i < def->nitems; i++) {
                        if (dataset_column(ds, def->items[i].id) >= 0)
                                continue;
                        ds->cols = xgrow(ds->cols, sizeof(*ds->cols), ds->ncols + 1, &alloc);
                        struct dataset_column *c = &ds->cols[ds->ncols++];
                        c->id = xstrdup(def->items[i].id);
                        c->items = xcalloc(ds->ndefs, sizeof(*c->items));
                        for (size_t w = 0; w < ds->ndefs; w++)
                                c->items[w] = survey_def_item(ds->defs[w], c->id);
                }
        }
}

int dataset_column(const struct dataset *ds, const char *item_id)
{
        for (size_t c = 0; c < ds->ncols; c++)
                if (strcmp(ds->cols[c].id, item_id) == 0)
                        return (int)c;
        return -1;
}

const struct survey_item *dataset_item(const struct dataset *ds, size_t c)
{
        for (size_t v = ds->ndefs; v-- > 0;)
                if (ds->cols[c].items[v])
                        return ds->cols[c].items[v];
        return NULL;
}

/* Binds the filter to ?1 (survey), ?2 (wave) and ?3 (unit) of the WHERE clause. */
/* Drops labels no row uses any more, renumbering the rows' indexes. */
static void drop_unused(char ***labels, size_t *n, uint16_t *idx, size_t nrows)
{
        size_t *map = xcalloc(*n ? *n : 1, sizeof(size_t));
        bool *used = xcalloc(*n ? *n : 1, sizeof(bool));
        for (size_t r = 0; r < nrows; r++)
                used[idx[r]] = true;
        size_t k = 0;
        for (size_t i = 0; i < *n; i++) {
                if (used[i]) {
                        map[i] = k;
                        (*labels)[k++] = (*labels)[i];
                } else {
                        free((*labels)[i]);
                }
        }
        *n = k;
        for (size_t r = 0; r < nrows; r++)
                idx[r] = (uint16_t)map[idx[r]];
        free(map);
        free(used);
}

/* Keeps the rows of the filter's unit and wave (the gate has seen them all). */
static void apply_filter(struct dataset *ds, const struct dataset_filter *f)
{
        if (!f->wave && !f->unit)
                return;
        size_t k = 0;
        for (size_t r = 0; r < ds->n; r++) {
                if (f->unit && strcmp(ds->units[ds->unit[r]], f->unit) != 0)
                        continue;
                if (f->wave && strcmp(ds->waves[ds->wave[r]], f->wave) != 0)
                        continue;
                if (k != r) {
                        memmove(ds->values + k * ds->ncols, ds->values + r * ds->ncols,
                                ds->ncols * sizeof(int32_t));
                        ds->version[k] = ds->version[r];
                        ds->unit[k] = ds->unit[r];
                        ds->wave[k] = ds->wave[r];
                        ds->period[k] = ds->period[r];
                        ds->lang[k] = ds->lang[r];
                }
                k++;
        }
        ds->n = k;
        drop_unused(&ds->units, &ds->nunits, ds->unit, k);
        drop_unused(&ds->waves, &ds->nwaves, ds->wave, k);
        drop_unused(&ds->periods, &ds->nperiods, ds->period, k);
        drop_unused(&ds->langs, &ds->nlangs, ds->lang, k);
}

int dataset_load(const char *db_path, const struct dataset_filter *f, dataset_progress_fn progress,
                 void *arg, struct dataset **out, struct lytt_error *err)
{
        struct dataset *ds = xcalloc(1, sizeof(*ds));
        struct db *db = NULL;
        sqlite3_stmt *st = NULL;
        struct interner units = {0}, waves = {0}, periods = {0}, langs = {0}, cols = {0};
        int32_t *colmap = NULL;
        int rc = -1;
        *out = NULL;
        ds->survey_id = xstrdup(f->survey_id);
        ds->db_path = xstrdup(db_path);
        ds->filter_wave = xstrdup(f->wave);
        ds->filter_unit = xstrdup(f->unit);
        if (db_open(db_path, DB_READONLY, &db, err) < 0)
                goto out;
        sqlite3 *h = db_handle(db);
        if (load_versions(h, ds, err) < 0)
                goto out;
        build_columns(ds);
        build_domain_columns(ds);
        for (size_t c = 0; c < ds->ncols; c++)
                intern(&cols, ds->cols[c].id);

        /* How many, for the allocation and the progress bar. */
        /* Every response of the survey, whatever the filter: the gate decides over all
         * of them; the filter is applied in memory afterwards. */
        static const char where[] = " WHERE r.survey_id = ?1";
        struct strbuf sql = STRBUF_INIT;
        strbuf_addf(&sql, "SELECT count(*) FROM responses r%s", where);
        if (sqlite3_prepare_v2(h, sql.buf, -1, &st, NULL) != SQLITE_OK)
                goto sqlfail;
        sqlite3_bind_text(st, 1, f->survey_id, -1, SQLITE_STATIC);
        size_t total = sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
        st = NULL;

        ds->values = xmalloc((total ? total : 1) * (ds->ncols ? ds->ncols : 1) * sizeof(int32_t));
        ds->version = xcalloc(total ? total : 1, sizeof(uint16_t));
        ds->unit = xcalloc(total ? total : 1, sizeof(uint16_t));
        ds->wave = xcalloc(total ? total : 1, sizeof(uint16_t));
        ds->period = xcalloc(total ? total : 1, sizeof(uint16_t));
        ds->lang = xcalloc(total ? total : 1, sizeof(uint16_t));

        /* One pass: a row per response, its answers in one column (answer_list.h). */
        strbuf_reset(&sql);
        strbuf_addf(&sql,
                    "SELECT r.survey_version, r.unit_id, r.wave, r.period, r.lang, r.answers "
                    "FROM responses r%s",
                    where);
        if (sqlite3_prepare_v2(h, sql.buf, -1, &st, NULL) != SQLITE_OK)
                goto sqlfail;
        sqlite3_bind_text(st, 1, f->survey_id, -1, SQLITE_STATIC);
        struct answer_list_iter it;
        answer_list_iter_init(&it, "", 0);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                if (ds->n == total)
                        break; /* the server added some since the count */
                size_t r = ds->n++;
                int32_t *row = ds->values + r * ds->ncols;
                for (size_t c = 0; c < ds->ncols; c++)
                        row[c] = DATASET_MISSING;
                int ver = sqlite3_column_int(st, 0);
                size_t version_index = ds->ndefs - 1;
                for (size_t v = 0; v < ds->ndefs; v++)
                        if (ds->defs[v]->version == ver)
                                version_index = v;
                ds->version[r] = (uint16_t)version_index;
                ds->unit[r] = (uint16_t)intern(&units, (const char *)sqlite3_column_text(st, 1));
                ds->wave[r] = (uint16_t)intern(&waves, (const char *)sqlite3_column_text(st, 2));
                ds->period[r] =
                    (uint16_t)intern(&periods, (const char *)sqlite3_column_text(st, 3));
                ds->lang[r] = (uint16_t)intern(&langs, (const char *)sqlite3_column_text(st, 4));
                if (progress && (ds->n & 0xffff) == 0)
                        progress(ds->n, total, arg);
                const char *text = (const char *)sqlite3_column_text(st, 5);
                answer_list_iter_reset(&it, text, (size_t)sqlite3_column_bytes(st, 5));
                while (answer_list_next(&it) == 1) {
                        int c = interner_find(&cols, it.item.buf);
                        if (c < 0)
                                continue;
                        const struct survey_item *item = ds->cols[c].items[version_index];
                        int32_t code;
                        if (!item || dataset_encode(item, it.value.buf, &code) < 0)
                                continue; /* not an answer this version knows */
                        if (item->type == SURVEY_ITEM_MULTI && row[c] != DATASET_MISSING)
                                row[c] |= code;
                        else
                                row[c] = code;
                }
        }
        answer_list_iter_release(&it);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
                goto sqlfail;
        if (progress)
                progress(ds->n, total, arg);
        strbuf_release(&sql);
        if (units.n > UINT16_MAX || waves.n > UINT16_MAX || periods.n > UINT16_MAX) {
                lytt_error_set(err, NULL, 0, "too many distinct units, waves or periods");
                goto out;
        }
        sort_table(&units, ds->unit, ds->n, &ds->units, &ds->nunits);
        sort_table(&waves, ds->wave, ds->n, &ds->waves, &ds->nwaves);
        sort_table(&periods, ds->period, ds->n, &ds->periods, &ds->nperiods);
        sort_table(&langs, ds->lang, ds->n, &ds->langs, &ds->nlangs);
        if (disclosure_build(ds, &ds->gate, err) < 0)
                goto out;
        apply_filter(ds, f);
        rc = 0;
        goto out;
sqlfail:
        lytt_error_set(err, NULL, 0, "read responses: %s", sqlite3_errmsg(db_handle(db)));
        strbuf_release(&sql);
out:
        sqlite3_finalize(st);
        db_close(db);
        interner_release(&units);
        interner_release(&waves);
        interner_release(&periods);
        interner_release(&langs);
        interner_release(&cols);
        free(colmap);
        if (rc < 0) {
                dataset_free(ds);
                return -1;
        }
        *out = ds;
        return 0;
}

static void free_strs(char **s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                free(s[i]);
        free(s);
}

void dataset_free(struct dataset *ds)
{
        if (!ds)
                return;
        disclosure_free(ds->gate);
        /* Before the versions: the count of domains is in the newest one. */
        if (ds->domain_cols)
                for (size_t i = 0; i < ds->ndefs * (ds->current ? ds->current->ndomains : 0); i++)
                        free(ds->domain_cols[i]);
        free(ds->domain_cols);
        for (size_t v = 0; v < ds->ndefs; v++)
                survey_def_free(ds->defs[v]);
        free(ds->defs);
        for (size_t c = 0; c < ds->ncols; c++) {
                free(ds->cols[c].id);
                free(ds->cols[c].items);
        }
        free(ds->cols);
        free(ds->values);
        free(ds->version);
        free(ds->unit);
        free(ds->wave);
        free(ds->period);
        free(ds->lang);
        free_strs(ds->units, ds->nunits);
        free_strs(ds->waves, ds->nwaves);
        free_strs(ds->periods, ds->nperiods);
        free_strs(ds->langs, ds->nlangs);
        free(ds->survey_id);
        free(ds->db_path);
        free(ds->filter_wave);
        free(ds->filter_unit);
        free(ds);
}
