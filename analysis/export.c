#include "export.h"
#include "answer_list.h"
#include "csv.h"
#include "db.h"
#include "disclosure.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <assert.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A row's quasi-identifiers, in this order: the meta columns (their enum export_meta
 * index), then the background items. Each holds an index into its table (a unit,
 * wave, language or version string; a background category) or Q_BLANK. */
enum { Q_BG = EXPORT_NMETA };
#define Q_BLANK (-1)

/* Distinct strings of a meta column, in the order first seen. */
struct strtab {
        char **s;
        size_t n, alloc;
};

struct export_rows {
        const struct dataset *ds;
        const struct disclosure *gate;
        bool free_text; /* include_free_text */
        unsigned long min_group, min_free_text;
        struct db *db;
        sqlite3_stmt *st;
        bool in_txn;                /* the snapshot the decision and all passes read */
        struct export_column *cols; /* the wide columns */
        size_t ncols;
        size_t *first_col; /* per dataset column: its first wide column or SIZE_MAX */
        /* The decision, per response of the survey in the order read (ORDER BY id). */
        struct strtab tab[EXPORT_NMETA];
        size_t nbg;        /* background items */
        size_t *bg_col;    /* their dataset columns */
        size_t *bg_of;     /* per dataset column: its background index or SIZE_MAX */
        size_t nq;         /* EXPORT_NMETA + nbg */
        size_t ngated;     /* items the gate publishes per group (disclosure_item()) */
        size_t *gated_of;  /* per dataset column: its index among them or SIZE_MAX */
        signed char *show; /* per shown unit x shown wave x gated item: SHOW_* bits,
                              -1 not asked yet */
        size_t *pair_of;   /* nall: each row's shown unit x shown wave before local
                              suppression (names_index()) */
        bool *bg_ok;       /* per pair x background item: the pair shows it */
        bool *cat_used;    /* per pair x background item x category: someone chose it */
        size_t maxcat;     /* the most categories of a background item */
        size_t nall;       /* responses of the survey */
        int32_t *q;        /* nall x nq: what each row shows */
        bool *withheld;    /* nall */
        bool *texts_ok;    /* per shown unit x shown wave (blank first) */
        long filter[2];    /* shown unit and wave a row must have: -1 any, -2 none */
        /* This row. */
        struct answer_list_iter it;
        struct strbuf text; /* this row's item ids and values, NUL-separated */
        size_t *offs;       /* per answer: item and value offsets into text */
        struct export_answer *answers;
        size_t nanswers, alloc;
        const char **cells; /* ncols */
        bool *answered;     /* per dataset column: this row answered it */
        /* This pass. */
        size_t next;          /* index of the next response read */
        unsigned long number; /* rows of the whole export passed so far */
        unsigned long row;    /* rows given out in this pass */
        size_t rows_suppressed, texts_suppressed;
        size_t meta_blanked[EXPORT_NMETA];
        size_t *col_blanked; /* ncols */
};

const char *export_meta_name(enum export_meta m)
{
        static const char *const names[EXPORT_NMETA] = {"unit", "wave", "lang",
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

/* Whether item is a background item (what `summary --by` accepts besides unit, wave). */
static bool is_background(const struct survey_item *it)
{
        return it->type == SURVEY_ITEM_SINGLE || it->type == SURVEY_ITEM_YESNO;
}

/* Whether the gate publishes item per group (disclosure_item(): scale and yes/no). */
static bool is_gated(const struct survey_item *it)
{
        return it->type == SURVEY_ITEM_SCALE || it->type == SURVEY_ITEM_YESNO;
}

bool export_column_blankable(const struct dataset *ds, const struct export_column *col)
{
        const struct survey_item *it = dataset_item(ds, col->col);
        return col->option < 0 && (is_background(it) || is_gated(it));
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
        rs->bg_of = xmalloc((ds->ncols ? ds->ncols : 1) * sizeof(size_t));
        rs->bg_col = xmalloc((ds->ncols ? ds->ncols : 1) * sizeof(size_t));
        rs->gated_of = xmalloc((ds->ncols ? ds->ncols : 1) * sizeof(size_t));
        for (size_t c = 0; c < ds->ncols; c++) {
                rs->bg_of[c] = rs->gated_of[c] = SIZE_MAX;
                if (is_background(dataset_item(ds, c))) {
                        rs->bg_of[c] = rs->nbg;
                        rs->bg_col[rs->nbg++] = c;
                }
                if (is_gated(dataset_item(ds, c)))
                        rs->gated_of[c] = rs->ngated++;
        }
        rs->nq = EXPORT_NMETA + rs->nbg;
}

static int32_t strtab_intern(struct strtab *t, const char *s)
{
        for (size_t i = 0; i < t->n; i++)
                if (strcmp(t->s[i], s) == 0)
                        return (int32_t)i;
        t->s = xgrow(t->s, sizeof(*t->s), t->n + 1, &t->alloc);
        t->s[t->n] = xstrdup(s);
        return (int32_t)t->n++;
}

static long strtab_find(const struct strtab *t, const char *s)
{
        for (size_t i = 0; i < t->n; i++)
                if (strcmp(t->s[i], s) == 0)
                        return (long)i;
        return -2; /* matches no row */
}

/* Categories of background item b: its options (yes, no, don't know) and "no answer". */
static size_t bg_ncat(const struct export_rows *rs, size_t b)
{
        const struct survey_item *it = dataset_item(rs->ds, rs->bg_col[b]);
        return (it->type == SURVEY_ITEM_YESNO ? 3 : it->noptions) + 1;
}

/* The category of an answer as summary_groups() numbers it: the code dataset_load()
 * gives it under the response's questionnaire version, "no answer" last. */
static int32_t bg_category(const struct export_rows *rs, size_t b, size_t version,
                           const char *value)
{
        const struct survey_item *cur = dataset_item(rs->ds, rs->bg_col[b]);
        const struct survey_item *it = rs->ds->cols[rs->bg_col[b]].items[version];
        int32_t nopt = (int32_t)bg_ncat(rs, b) - 1, code;
        if (!it || !value || dataset_encode(it, value, &code) < 0)
                return nopt;
        if (code == DATASET_DONT_KNOW)
                return cur->type == SURVEY_ITEM_YESNO ? 2 : nopt;
        return code >= 0 && code < nopt ? code : nopt;
}

/* The index into ds->defs of a stored version number (the newest if unknown, as
 * dataset_load() does). */
static size_t version_index(const struct dataset *ds, int ver)
{
        size_t vi = ds->ndefs - 1;
        for (size_t v = 0; v < ds->ndefs; v++)
                if (ds->defs[v]->version == ver)
                        vi = v;
        return vi;
}

/* The dataset column of an item id, or -1. Answers come mostly in column order, so
 * the column after the last one found (*hint) is tried first. */
static int column_of(const struct dataset *ds, const char *id, size_t *hint)
{
        if (*hint < ds->ncols && strcmp(ds->cols[*hint].id, id) == 0)
                return (int)(*hint)++;
        int c = dataset_column(ds, id);
        if (c >= 0)
                *hint = (size_t)c + 1;
        return c;
}

/* Reads every response of the survey: its meta values and background categories. */
static int read_all(struct export_rows *rs, struct lytt_error *err)
{
        size_t alloc = 0;
        struct strbuf vals = STRBUF_INIT; /* this response's background answers */
        size_t *voff = xcalloc(rs->nbg ? rs->nbg : 1, sizeof(size_t));
        int step;
        while ((step = sqlite3_step(rs->st)) == SQLITE_ROW) {
                rs->q = xgrow(rs->q, rs->nq * sizeof(int32_t), rs->nall + 1, &alloc);
                int32_t *q = rs->q + rs->nall++ * rs->nq;
                for (int m = 0; m < EXPORT_NMETA; m++)
                        q[m] = strtab_intern(&rs->tab[m],
                                             (const char *)sqlite3_column_text(rs->st, m));
                size_t vi = version_index(rs->ds, sqlite3_column_int(rs->st, EXPORT_VERSION));
                /* The last answer of an item counts, as in dataset_load(). */
                strbuf_reset(&vals);
                for (size_t b = 0; b < rs->nbg; b++)
                        voff[b] = SIZE_MAX;
                answer_list_iter_reset(&rs->it, (const char *)sqlite3_column_text(rs->st, 4),
                                       (size_t)sqlite3_column_bytes(rs->st, 4));
                size_t hint = 0;
                while (answer_list_next(&rs->it) == 1) {
                        int c = column_of(rs->ds, rs->it.item.buf, &hint);
                        if (c < 0 || rs->bg_of[c] == SIZE_MAX)
                                continue;
                        voff[rs->bg_of[c]] = vals.len;
                        strbuf_add(&vals, rs->it.value.buf, rs->it.value.len + 1);
                }
                for (size_t b = 0; b < rs->nbg; b++)
                        q[Q_BG + b] =
                            bg_category(rs, b, vi, voff[b] == SIZE_MAX ? NULL : vals.buf + voff[b]);
        }
        free(voff);
        strbuf_release(&vals);
        if (step != SQLITE_DONE || sqlite3_reset(rs->st) != SQLITE_OK) {
                lytt_error_set(err, NULL, 0, "read responses: %s",
                               sqlite3_errmsg(db_handle(rs->db)));
                return -1;
        }
        rs->withheld = xcalloc(rs->nall ? rs->nall : 1, sizeof(bool));
        return 0;
}

static const int32_t *row_q(const struct export_rows *rs, size_t r)
{
        return rs->q + r * rs->nq;
}

/* The index of a shown unit x shown wave pair (either may be Q_BLANK). */
static size_t names_index(const struct export_rows *rs, const int32_t *q)
{
        return (size_t)(q[EXPORT_UNIT] + 1) * (rs->tab[EXPORT_WAVE].n + 1) +
               (size_t)(q[EXPORT_WAVE] + 1);
}

/* Whether rows may name this group: the tables show it with its answer points. */
static bool group_points(const struct export_rows *rs, const struct disclosure_key *k)
{
        struct disclosure_size sz;
        return disclosure_size(rs->gate, k, &sz) == 0 && sz.detail == DISCLOSE_POINTS;
}

/* What rows of a shown unit x shown wave may show of a gated item. */
enum {
        SHOW_POINTS = 1, /* its answers: the tables show its answer points for the group */
        SHOW_DKNA = 2,   /* its don't know and not answered: the tables show their counts */
};

/* The SHOW_* bits of the gate for item c in one group. */
static int gate_shows(const struct export_rows *rs, const struct disclosure_key *k, size_t c)
{
        struct disclosure_item it;
        int s = 0;
        if (disclosure_item(rs->gate, k, rs->ds->cols[c].id, &it) == 0) {
                if (it.detail == DISCLOSE_POINTS)
                        s |= SHOW_POINTS;
                if (it.dkna_shown)
                        s |= SHOW_DKNA;
        }
        return s;
}

/* The SHOW_* bits of the gated item of dataset column c in the rows of a shown unit x
 * shown wave pair (names_index()), as decided before local suppression by
 * choose_background(). The rows of a pair are told apart by the background items the
 * pair shows, so an answer leaves only where the tables show the item's points in the
 * pair and in every category group of those background items: whatever the rows add
 * up to is then a figure the tables publish. Rows whose unit or wave is blank are a
 * pool no table publishes, so they show no gated answer (their pairs are never
 * decided). */
static int item_shows(const struct export_rows *rs, size_t pair, size_t c)
{
        signed char s = rs->show[pair * rs->ngated + rs->gated_of[c]];
        return s > 0 ? s : 0;
}

/* A background item the pair may show costs the item answers the gate lowers in one of
 * its category groups. It is shown where that costs at most a tenth of the item answers
 * the pair would show without it (BG_COST_DIV): the answers are what the export is for,
 * and a carer's relation that blanks every scale is a poor trade. The items are weighed
 * in questionnaire order, each against the ones already chosen; the choice reads only
 * the published levels, so it says nothing the tables do not. */
#define BG_COST_DIV 10

static void choose_background(struct export_rows *rs, size_t pair, const char *unit,
                              const char *wave)
{
        size_t nc = rs->ds->ncols;
        int *cur = xmalloc((nc ? nc : 1) * sizeof(int));
        int *next = xmalloc((nc ? nc : 1) * sizeof(int));
        struct disclosure_key k = {.unit = unit, .wave = wave};
        for (size_t c = 0; c < nc; c++)
                cur[c] = rs->gated_of[c] != SIZE_MAX && rs->bg_of[c] == SIZE_MAX
                             ? gate_shows(rs, &k, c)
                             : 0;
        for (size_t b = 0; b < rs->nbg; b++) {
                if (!rs->bg_ok[pair * rs->nbg + b])
                        continue;
                size_t kept = 0, lost = 0;
                k.by = rs->ds->cols[rs->bg_col[b]].id;
                for (size_t c = 0; c < nc; c++) {
                        next[c] = cur[c];
                        for (size_t cat = 0; cat < bg_ncat(rs, b) && (next[c] & SHOW_POINTS);
                             cat++) {
                                if (!rs->cat_used[(pair * rs->nbg + b) * rs->maxcat + cat])
                                        continue;
                                k.cat = cat;
                                next[c] &= gate_shows(rs, &k, c);
                        }
                        if (cur[c] & SHOW_POINTS)
                                (next[c] & SHOW_POINTS) ? kept++ : lost++;
                }
                if (lost * BG_COST_DIV <= kept + lost)
                        memcpy(cur, next, nc * sizeof(int));
                else
                        rs->bg_ok[pair * rs->nbg + b] = false;
        }
        for (size_t c = 0; c < nc; c++) /* what item_shows() reads */
                if (rs->gated_of[c] != SIZE_MAX)
                        rs->show[pair * rs->ngated + rs->gated_of[c]] =
                            (signed char)((cur[c] & SHOW_POINTS) ? cur[c] : 0);
        free(cur);
        free(next);
}

/* Step 1: a row names its wave and unit only where the tables show that group with its
 * answer points. A pair of them shows a background item on all its rows or on none:
 * on all where the tables show every category group of the item in the pair with its
 * answer points (a category nobody chose aside: the pair's published figures leave it
 * empty anyway). Rows told apart inside a pair are then exactly groups the tables
 * publish; a category shown on some rows and blanked on others would make "the rest"
 * a group no table has, and its answers a difference of published ones. */
static void decide_names(struct export_rows *rs)
{
        const struct strtab *units = &rs->tab[EXPORT_UNIT], *waves = &rs->tab[EXPORT_WAVE];
        size_t nw = waves->n, nw1 = nw + 1, npair = (units->n + 1) * nw1;
        rs->maxcat = 1;
        for (size_t b = 0; b < rs->nbg; b++)
                if (bg_ncat(rs, b) > rs->maxcat)
                        rs->maxcat = bg_ncat(rs, b);
        rs->bg_ok = xcalloc(npair * (rs->nbg ? rs->nbg : 1), sizeof(bool));
        rs->cat_used = xcalloc(npair * (rs->nbg ? rs->nbg : 1) * rs->maxcat, sizeof(bool));
        rs->pair_of = xcalloc(rs->nall ? rs->nall : 1, sizeof(size_t));
        signed char *wave_ok = xmalloc(nw + 1);
        signed char *pair_ok = xmalloc(npair);
        memset(wave_ok, -1, nw + 1);
        memset(pair_ok, -1, npair);
        for (size_t r = 0; r < rs->nall; r++) {
                int32_t *q = rs->q + r * rs->nq;
                int32_t u = q[EXPORT_UNIT], w = q[EXPORT_WAVE];
                if (wave_ok[w] < 0)
                        wave_ok[w] =
                            group_points(rs, &(struct disclosure_key){.wave = waves->s[w]});
                size_t pair = (size_t)(u + 1) * nw1 + (size_t)(w + 1);
                signed char *ok = &pair_ok[pair];
                if (wave_ok[w] && *ok < 0)
                        *ok = group_points(
                            rs, &(struct disclosure_key){.unit = units->s[u], .wave = waves->s[w]});
                if (!wave_ok[w])
                        q[EXPORT_WAVE] = Q_BLANK;
                if (!wave_ok[w] || !*ok)
                        q[EXPORT_UNIT] = Q_BLANK;
                rs->pair_of[r] = names_index(rs, q);
                for (size_t b = 0; b < rs->nbg; b++)
                        rs->cat_used[(rs->pair_of[r] * rs->nbg + b) * rs->maxcat +
                                     (size_t)q[Q_BG + b]] = true;
        }
        /* Which background items each shown pair shows. */
        for (size_t u = 0; u < units->n; u++)
                for (size_t w = 0; w < nw; w++) {
                        size_t pair = (u + 1) * nw1 + (w + 1);
                        if (pair_ok[pair] != 1 || wave_ok[w] != 1)
                                continue;
                        for (size_t b = 0; b < rs->nbg; b++) {
                                bool all = true;
                                struct disclosure_key k = {.unit = units->s[u],
                                                           .wave = waves->s[w],
                                                           .by = rs->ds->cols[rs->bg_col[b]].id};
                                for (size_t cat = 0; cat < bg_ncat(rs, b) && all; cat++) {
                                        k.cat = cat;
                                        all = !rs->cat_used[(pair * rs->nbg + b) * rs->maxcat +
                                                            cat] ||
                                              group_points(rs, &k);
                                }
                                rs->bg_ok[pair * rs->nbg + b] = all;
                        }
                        choose_background(rs, pair, units->s[u], waves->s[w]);
                }
        for (size_t r = 0; r < rs->nall; r++)
                for (size_t b = 0; b < rs->nbg; b++)
                        if (!rs->bg_ok[rs->pair_of[r] * rs->nbg + b])
                                rs->q[r * rs->nq + Q_BG + b] = Q_BLANK;
        free(wave_ok);
        free(pair_ok);
}

/* The rows sharing each combination of shown quasi-identifiers: an open-addressing
 * table whose slots hold a representative row and a count. */
struct classes {
        size_t cap;   /* a power of two, at least twice the rows */
        size_t *rep;  /* per slot: a row of the combination, or SIZE_MAX */
        size_t *n;    /* per slot: rows */
        size_t *slot; /* per row: its slot */
};

static uint64_t q_hash(const int32_t *q, size_t n)
{
        uint64_t h = 14695981039346656037u;
        for (size_t i = 0; i < n; i++) {
                h ^= (uint32_t)q[i];
                h *= 1099511628211u;
        }
        return h ^ (h >> 32);
}

static void count_classes(const struct export_rows *rs, struct classes *cl)
{
        for (size_t i = 0; i < cl->cap; i++) {
                cl->rep[i] = SIZE_MAX;
                cl->n[i] = 0;
        }
        for (size_t r = 0; r < rs->nall; r++) {
                if (rs->withheld[r])
                        continue;
                const int32_t *q = row_q(rs, r);
                size_t h = (size_t)q_hash(q, rs->nq) & (cl->cap - 1);
                while (cl->rep[h] != SIZE_MAX &&
                       memcmp(row_q(rs, cl->rep[h]), q, rs->nq * sizeof(*q)) != 0)
                        h = (h + 1) & (cl->cap - 1);
                if (cl->rep[h] == SIZE_MAX)
                        cl->rep[h] = r;
                cl->n[h]++;
                cl->slot[r] = h;
        }
}

/* How many values quasi-identifier a (language or later) can take. */
static size_t q_range(const struct export_rows *rs, size_t a)
{
        return a < Q_BG ? rs->tab[a].n : bg_ncat(rs, a - Q_BG);
}

/*
 * Steps 2 and 3: local suppression until every combination is shared by at least
 * min_group rows. Rows of one combination are alike, so each round decides per
 * combination (what its rows blank next) from counts over all rows, and applies
 * every decision at once: the result does not depend on the order of the rows.
 * A rare combination with nothing left to blank waits while others still blank
 * (they may join it); when none can, its rows are withheld. A row of a rare
 * combination loses a value each round, so this ends.
 */
static void protect(struct export_rows *rs)
{
        struct classes cl = {.cap = 16};
        while (cl.cap < 2 * rs->nall)
                cl.cap <<= 1;
        cl.rep = xmalloc(cl.cap * sizeof(size_t));
        cl.n = xmalloc(cl.cap * sizeof(size_t));
        cl.slot = xmalloc((rs->nall ? rs->nall : 1) * sizeof(size_t));
        long *choice = xmalloc(cl.cap * sizeof(long));
        size_t *foff = xcalloc(rs->nq, sizeof(size_t)), nfreq = 0;
        for (size_t a = EXPORT_LANG; a < rs->nq; a++) {
                foff[a] = nfreq;
                nfreq += q_range(rs, a);
        }
        size_t *freq = xmalloc((nfreq ? nfreq : 1) * sizeof(size_t));
        for (;;) {
                count_classes(rs, &cl);
                memset(freq, 0, (nfreq ? nfreq : 1) * sizeof(size_t));
                for (size_t r = 0; r < rs->nall; r++)
                        for (size_t a = EXPORT_LANG; a < rs->nq && !rs->withheld[r]; a++)
                                if (row_q(rs, r)[a] != Q_BLANK)
                                        freq[foff[a] + (size_t)row_q(rs, r)[a]]++;
                bool rare = false, blanked = false;
                for (size_t h = 0; h < cl.cap; h++) {
                        choice[h] = -1;
                        if (cl.rep[h] == SIZE_MAX || cl.n[h] >= rs->min_group)
                                continue;
                        rare = true;
                        const int32_t *q = row_q(rs, cl.rep[h]);
                        size_t best = SIZE_MAX;
                        for (size_t a = EXPORT_LANG; a < rs->nq; a++)
                                if (q[a] != Q_BLANK &&
                                    (choice[h] < 0 || freq[foff[a] + (size_t)q[a]] < best)) {
                                        choice[h] = (long)a;
                                        best = freq[foff[a] + (size_t)q[a]];
                                }
                }
                if (!rare)
                        break;
                for (size_t r = 0; r < rs->nall; r++)
                        if (!rs->withheld[r] && choice[cl.slot[r]] >= 0) {
                                rs->q[r * rs->nq + (size_t)choice[cl.slot[r]]] = Q_BLANK;
                                blanked = true;
                        }
                if (blanked)
                        continue;
                for (size_t r = 0; r < rs->nall; r++)
                        if (!rs->withheld[r] && cl.n[cl.slot[r]] < rs->min_group)
                                rs->withheld[r] = true;
                break;
        }
        free(cl.rep);
        free(cl.n);
        free(cl.slot);
        free(choice);
        free(foff);
        free(freq);
}

/* Free text: groups of rows with the same shown unit and wave in the whole export. */
static void decide_texts(struct export_rows *rs)
{
        size_t ng = (rs->tab[EXPORT_UNIT].n + 1) * (rs->tab[EXPORT_WAVE].n + 1);
        unsigned long *n = xcalloc(ng, sizeof(*n));
        rs->texts_ok = xcalloc(ng, sizeof(bool));
        for (size_t r = 0; r < rs->nall; r++)
                if (!rs->withheld[r])
                        n[names_index(rs, row_q(rs, r))]++;
        for (size_t g = 0; g < ng; g++)
                rs->texts_ok[g] = n[g] >= rs->min_free_text;
        free(n);
}

int export_rows_open(const struct dataset *ds, const struct export_options *o,
                     struct export_rows **out, struct lytt_error *err)
{
        assert(ds->gate);
        struct export_rows *rs = xcalloc(1, sizeof(*rs));
        rs->ds = ds;
        rs->gate = ds->gate;
        rs->free_text = o->include_free_text;
        rs->min_group = disclosure_policy(ds->gate)->min_group;
        rs->min_free_text = disclosure_policy(ds->gate)->min_free_text;
        rs->text = (struct strbuf)STRBUF_INIT;
        answer_list_iter_init(&rs->it, "", 0);
        add_columns(rs);
        rs->cells = xcalloc(rs->ncols ? rs->ncols : 1, sizeof(*rs->cells));
        rs->answered = xcalloc(ds->ncols ? ds->ncols : 1, sizeof(bool));
        rs->col_blanked = xcalloc(rs->ncols ? rs->ncols : 1, sizeof(size_t));
        *out = NULL;
        if (db_open(o->db_path, DB_READONLY, &rs->db, err) < 0)
                goto fail;
        sqlite3 *h = db_handle(rs->db);
        /* One read transaction: the decision and every pass (export_sav counts first)
         * see the same rows even while the server writes. Every response of the
         * survey, in the order of their random ids, whatever the filter. */
        if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
                goto sql_fail;
        rs->in_txn = true;
        const char *sql = "SELECT r.unit_id, r.wave, r.lang, r.survey_version, r.answers "
                          "FROM responses r WHERE r.survey_id = ?1 ORDER BY r.id";
        if (sqlite3_prepare_v2(h, sql, -1, &rs->st, NULL) != SQLITE_OK)
                goto sql_fail;
        sqlite3_bind_text(rs->st, 1, ds->survey_id, -1, SQLITE_TRANSIENT);
        if (read_all(rs, err) < 0)
                goto fail;
        size_t nshow = (rs->tab[EXPORT_UNIT].n + 1) * (rs->tab[EXPORT_WAVE].n + 1) * rs->ngated;
        rs->show = xmalloc(nshow ? nshow : 1);
        memset(rs->show, -1, nshow ? nshow : 1);
        decide_names(rs);
        protect(rs);
        decide_texts(rs);
        rs->filter[0] = o->unit ? strtab_find(&rs->tab[EXPORT_UNIT], o->unit) : -1;
        rs->filter[1] = o->wave ? strtab_find(&rs->tab[EXPORT_WAVE], o->wave) : -1;
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

/* Keeps one answer of the current row in column order (after those of the same column
 * already kept), copied: the iterator reuses its buffers. */
static void keep_answer(struct export_rows *rs, size_t c, const char *item, size_t item_len,
                        const char *value, size_t value_len)
{
        if (rs->nanswers == rs->alloc) {
                rs->alloc = rs->alloc ? 2 * rs->alloc : 64;
                rs->answers = xrealloc(rs->answers, rs->alloc * sizeof(*rs->answers));
                rs->offs = xrealloc(rs->offs, rs->alloc * 2 * sizeof(size_t));
        }
        size_t i = rs->nanswers++;
        for (; i > 0 && rs->answers[i - 1].col > c; i--) {
                rs->answers[i] = rs->answers[i - 1];
                rs->offs[2 * i] = rs->offs[2 * i - 2];
                rs->offs[2 * i + 1] = rs->offs[2 * i - 1];
        }
        rs->answers[i].col = c;
        rs->offs[2 * i] = rs->text.len;
        strbuf_add(&rs->text, item, item_len);
        strbuf_addch(&rs->text, '\0');
        rs->offs[2 * i + 1] = rs->text.len;
        strbuf_add(&rs->text, value, value_len);
        strbuf_addch(&rs->text, '\0');
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

/* Keeps a blanked answer of dataset column c and counts it. */
static void keep_blanked(struct export_rows *rs, size_t c)
{
        const char *id = rs->ds->cols[c].id;
        keep_answer(rs, c, id, strlen(id), EXPORT_BLANKED, strlen(EXPORT_BLANKED));
        rs->col_blanked[rs->first_col[c]]++;
}

/* Whether a row of a pair (item_shows()) blanks its answer value to gated item c (not
 * a background item): the tables show no points of the item for the pair's groups, or
 * the value is don't know and they withhold its count. */
static bool item_blanked(struct export_rows *rs, size_t pair, size_t c, const char *value)
{
        int show = item_shows(rs, pair, c);
        return !(show & SHOW_POINTS) || (strcmp(value, "dk") == 0 && !(show & SHOW_DKNA));
}

/* The answers of response r as it shows them: blanked background answers (answered
 * or not) as EXPORT_BLANKED, a shown "no answer" as no answer; answers to the other
 * gated items blanked by item_blanked(), and their "no answer" too where the tables
 * withhold its count (it is counted with don't know). */
static void read_answers(struct export_rows *rs, size_t r, bool texts_ok)
{
        const int32_t *q = row_q(rs, r);
        strbuf_reset(&rs->text);
        rs->nanswers = 0;
        memset(rs->answered, 0, (rs->ds->ncols ? rs->ds->ncols : 1) * sizeof(bool));
        answer_list_iter_reset(&rs->it, (const char *)sqlite3_column_text(rs->st, 4),
                               (size_t)sqlite3_column_bytes(rs->st, 4));
        size_t hint = 0;
        while (answer_list_next(&rs->it) == 1) {
                int c = column_of(rs->ds, rs->it.item.buf, &hint);
                if (c < 0)
                        continue;
                size_t b = rs->bg_of[c];
                if (b != SIZE_MAX &&
                    (q[Q_BG + b] == Q_BLANK || (size_t)q[Q_BG + b] == bg_ncat(rs, b) - 1))
                        continue;
                if (dataset_item(rs->ds, (size_t)c)->type == SURVEY_ITEM_TEXT) {
                        if (!rs->free_text)
                                continue;
                        if (!texts_ok) {
                                rs->texts_suppressed++;
                                continue;
                        }
                }
                if (b == SIZE_MAX && rs->gated_of[c] != SIZE_MAX) {
                        rs->answered[c] = true;
                        if (item_blanked(rs, rs->pair_of[r], (size_t)c, rs->it.value.buf)) {
                                keep_blanked(rs, (size_t)c);
                                continue;
                        }
                }
                keep_answer(rs, (size_t)c, rs->it.item.buf, rs->it.item.len, rs->it.value.buf,
                            rs->it.value.len);
        }
        for (size_t b = 0; b < rs->nbg; b++)
                if (q[Q_BG + b] == Q_BLANK)
                        keep_blanked(rs, rs->bg_col[b]);
        for (size_t c = 0; c < rs->ds->ncols; c++)
                if (rs->gated_of[c] != SIZE_MAX && rs->bg_of[c] == SIZE_MAX && !rs->answered[c] &&
                    !(item_shows(rs, rs->pair_of[r], c) & SHOW_DKNA))
                        keep_blanked(rs, c);
        finish_row(rs);
}

int export_rows_next(struct export_rows *rs, struct export_row *row, struct lytt_error *err)
{
        int step;
        while ((step = sqlite3_step(rs->st)) == SQLITE_ROW) {
                size_t r = rs->next++;
                if (r >= rs->nall)
                        break; /* not in one snapshot after all */
                const int32_t *q = row_q(rs, r);
                bool match = (rs->filter[0] == -1 || q[EXPORT_UNIT] == rs->filter[0]) &&
                             (rs->filter[1] == -1 || q[EXPORT_WAVE] == rs->filter[1]);
                if (rs->withheld[r]) {
                        rs->rows_suppressed += match;
                        continue;
                }
                rs->number++;
                if (!match)
                        continue;
                for (int m = 0; m < EXPORT_NMETA; m++) {
                        row->meta[m] = q[m] == Q_BLANK ? EXPORT_BLANKED : rs->tab[m].s[q[m]];
                        rs->meta_blanked[m] += q[m] == Q_BLANK;
                }
                read_answers(rs, r, rs->texts_ok[names_index(rs, q)]);
                row->number = rs->number;
                rs->row++;
                row->answers = rs->answers;
                row->nanswers = rs->nanswers;
                row->cells = rs->cells;
                return 1;
        }
        if (step != SQLITE_DONE) {
                lytt_error_set(err, NULL, 0, "read responses: %s",
                               step == SQLITE_ROW ? "the rows changed while reading"
                                                  : sqlite3_errmsg(db_handle(rs->db)));
                return -1;
        }
        return 0;
}

int export_rows_rewind(struct export_rows *rs, struct lytt_error *err)
{
        rs->next = 0;
        rs->number = rs->row = 0;
        rs->rows_suppressed = rs->texts_suppressed = 0;
        memset(rs->meta_blanked, 0, sizeof(rs->meta_blanked));
        memset(rs->col_blanked, 0, (rs->ncols ? rs->ncols : 1) * sizeof(size_t));
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
        rep->rows_withheld = rs->rows_suppressed > 0;
        rep->texts_suppressed = rs->texts_suppressed;
        rep->values_blanked = 0;
        for (int m = 0; m < EXPORT_NMETA; m++)
                rep->values_blanked += rs->meta_blanked[m];
        for (size_t i = 0; i < rs->ncols; i++)
                rep->values_blanked += rs->col_blanked[i];
        rep->min_group = rs->min_group;
        rep->min_free_text = rs->min_free_text;
}

size_t export_rows_meta_blanked(const struct export_rows *rs, enum export_meta m)
{
        return rs->meta_blanked[m];
}

size_t export_rows_column_blanked(const struct export_rows *rs, size_t i)
{
        return rs->col_blanked[i];
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
        for (int m = 0; m < EXPORT_NMETA; m++) {
                for (size_t i = 0; i < rs->tab[m].n; i++)
                        free(rs->tab[m].s[i]);
                free(rs->tab[m].s);
        }
        free(rs->bg_col);
        free(rs->bg_of);
        free(rs->gated_of);
        free(rs->show);
        free(rs->pair_of);
        free(rs->bg_ok);
        free(rs->cat_used);
        free(rs->answered);
        free(rs->q);
        free(rs->withheld);
        free(rs->texts_ok);
        free(rs->offs);
        free(rs->answers);
        free(rs->cells);
        free(rs->col_blanked);
        free(rs->cols);
        free(rs->first_col);
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
