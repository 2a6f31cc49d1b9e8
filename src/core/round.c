#include "round.h"
#include "xmalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const MODES[] = {
    [ROUND_OPEN_LINK] = "open", [ROUND_CODE_ONLY] = "code", [ROUND_BOTH] = "both"};

const char *round_mode_name(enum round_mode m)
{
        return MODES[m];
}

int round_mode_parse(const char *name)
{
        for (size_t i = 0; i < sizeof(MODES) / sizeof(MODES[0]); i++)
                if (strcmp(MODES[i], name) == 0)
                        return (int)i;
        return -1;
}

static int sql_fail(struct db *db, const char *doing, struct lytt_error *err)
{
        sqlite3 *h = db_handle(db);
        int code = sqlite3_errcode(h) & 0xff;
        lytt_error_set(err, NULL, 0, "%s: %s", doing, sqlite3_errmsg(h));
        return code == SQLITE_FULL                            ? DB_FULL
               : code == SQLITE_BUSY || code == SQLITE_LOCKED ? DB_BUSY
               : code == SQLITE_READONLY                      ? DB_RDONLY
                                                              : DB_ERROR;
}

/* Prepares sql; on failure fills err and returns NULL. */
static sqlite3_stmt *prepare(struct db *db, const char *sql, struct lytt_error *err)
{
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
                sql_fail(db, "prepare", err);
                return NULL;
        }
        return st;
}

static bool valid_id(const char *s)
{
        size_t n = strlen(s);
        if (n == 0 || n > ROUND_ID_MAX)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
                      s[i] == '_'))
                        return false;
        return true;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
        const unsigned char *t = sqlite3_column_text(st, col);
        snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* What a row of insert_each() is made of. */
struct row_args {
        const char *round_id, *unit_id;
        const char *const *units;    /* round_units: one row per unit */
        const unsigned char *hashes; /* invite_codes: one row per DB_KEY_LEN bytes */
};

static void bind_unit(sqlite3_stmt *st, size_t i, const struct row_args *a)
{
        sqlite3_bind_text(st, 1, a->round_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, a->units[i], -1, SQLITE_STATIC);
}

static void bind_code(sqlite3_stmt *st, size_t i, const struct row_args *a)
{
        sqlite3_bind_blob(st, 1, a->hashes + i * DB_KEY_LEN, DB_KEY_LEN, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, a->round_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, a->unit_id, -1, SQLITE_STATIC);
}

/* Runs the insert sql for rows 0..n-1, bind() filling each; inside the caller's
 * transaction. Returns 0, or DB_ERROR with err ("what" names the step). */
static int insert_each(struct db *db, const char *sql, size_t n,
                       void (*bind)(sqlite3_stmt *, size_t, const struct row_args *),
                       const struct row_args *a, const char *what, struct lytt_error *err)
{
        sqlite3_stmt *st = prepare(db, sql, err);
        if (!st)
                return DB_ERROR;
        int rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++) {
                sqlite3_reset(st);
                bind(st, i, a);
                if (sqlite3_step(st) != SQLITE_DONE) {
                        sql_fail(db, what, err);
                        rc = DB_ERROR;
                }
        }
        sqlite3_finalize(st);
        return rc;
}

int round_create(struct db *db, const struct round *r, const char *const *units, size_t nunits,
                 struct lytt_error *err)
{
        if (!valid_id(r->id)) {
                lytt_error_set(err, NULL, 0, "round id '%s' must be 1-%d of a-z, 0-9, '-' and '_'",
                               r->id, ROUND_ID_MAX);
                return DB_ERROR;
        }
        if (nunits == 0) {
                lytt_error_set(err, NULL, 0, "a round needs at least one unit");
                return DB_ERROR;
        }
        int rc = db_begin(db, err);
        if (rc < 0)
                return rc;
        sqlite3_stmt *st = prepare(db,
                                   "INSERT INTO rounds(id, survey_id, wave, mode, state) "
                                   "VALUES(?,?,?,?,'open')",
                                   err);
        if (!st)
                goto fail;
        sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, r->survey_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, r->wave, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, MODES[r->mode], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
                if ((sqlite3_extended_errcode(db_handle(db)) & 0xff) == SQLITE_CONSTRAINT)
                        lytt_error_set(err, NULL, 0, "there is already a round '%s'", r->id);
                else
                        sql_fail(db, "create round", err);
                sqlite3_finalize(st);
                goto fail;
        }
        sqlite3_finalize(st);
        struct row_args a = {r->id, NULL, units, NULL};
        if (insert_each(db, "INSERT OR IGNORE INTO round_units(round_id, unit_id) VALUES(?,?)",
                        nunits, bind_unit, &a, "add unit", err) < 0)
                goto fail;
        return db_commit(db, err);
fail:
        db_rollback(db);
        return DB_ERROR;
}

int round_set_open(struct db *db, const char *round_id, bool open, struct lytt_error *err)
{
        sqlite3_stmt *st = prepare(db, "UPDATE rounds SET state = ? WHERE id = ?", err);
        if (!st)
                return DB_ERROR;
        sqlite3_bind_text(st, 1, open ? "open" : "closed", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, round_id, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
                return sql_fail(db, "open or close round", err);
        if (sqlite3_changes(db_handle(db)) == 0) {
                lytt_error_set(err, NULL, 0, "there is no round '%s'", round_id);
                return DB_ERROR;
        }
        return 0;
}

static void row_to_round(sqlite3_stmt *st, struct round *r)
{
        copy_col(r->id, sizeof(r->id), st, 0);
        copy_col(r->survey_id, sizeof(r->survey_id), st, 1);
        copy_col(r->wave, sizeof(r->wave), st, 2);
        int m = round_mode_parse((const char *)sqlite3_column_text(st, 3));
        r->mode = m < 0 ? ROUND_OPEN_LINK : (enum round_mode)m;
        r->open = strcmp((const char *)sqlite3_column_text(st, 4), "open") == 0;
}

int round_each(struct db *db, round_each_fn fn, void *arg, struct lytt_error *err)
{
        sqlite3_stmt *st =
            prepare(db, "SELECT id, survey_id, wave, mode, state FROM rounds ORDER BY id", err);
        sqlite3_stmt *us = prepare(db,
                                   "SELECT unit_id, invited FROM round_units WHERE round_id = ? "
                                   "ORDER BY unit_id",
                                   err);
        int rc = 0, step;
        if (!st || !us) {
                rc = DB_ERROR;
                goto out;
        }
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                struct round r;
                row_to_round(st, &r);
                char **units = NULL;
                long *invited = NULL;
                size_t n = 0, alloc = 0, ialloc = 0;
                sqlite3_reset(us);
                sqlite3_bind_text(us, 1, r.id, -1, SQLITE_TRANSIENT);
                while (sqlite3_step(us) == SQLITE_ROW) {
                        units = xgrow(units, sizeof(*units), n + 1, &alloc);
                        invited = xgrow(invited, sizeof(*invited), n + 1, &ialloc);
                        units[n] = xstrdup((const char *)sqlite3_column_text(us, 0));
                        invited[n++] = (long)sqlite3_column_int64(us, 1);
                }
                fn(&r, (const char *const *)units, invited, n, arg);
                for (size_t i = 0; i < n; i++)
                        free(units[i]);
                free(units);
                free(invited);
        }
        if (step != SQLITE_DONE)
                rc = sql_fail(db, "list rounds", err);
out:
        sqlite3_finalize(st);
        sqlite3_finalize(us);
        return rc;
}

int round_get(struct db *db, const char *round_id, struct round *out, struct lytt_error *err)
{
        sqlite3_stmt *st =
            prepare(db, "SELECT id, survey_id, wave, mode, state FROM rounds WHERE id = ?", err);
        if (!st)
                return DB_ERROR;
        sqlite3_bind_text(st, 1, round_id, -1, SQLITE_STATIC);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW)
                row_to_round(st, out);
        sqlite3_finalize(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
                return sql_fail(db, "read round", err);
        return step == SQLITE_ROW;
}

int round_survey_has_rounds(struct db *db, const char *survey_id, struct lytt_error *err)
{
        sqlite3_stmt *st = prepare(db, "SELECT 1 FROM rounds WHERE survey_id = ? LIMIT 1", err);
        if (!st)
                return DB_ERROR;
        sqlite3_bind_text(st, 1, survey_id, -1, SQLITE_STATIC);
        int step = sqlite3_step(st);
        sqlite3_finalize(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
                return sql_fail(db, "read rounds", err);
        return step == SQLITE_ROW;
}

int round_find_open(struct db *db, const char *survey_id, const char *unit_id, struct round *out,
                    struct lytt_error *err)
{
        sqlite3_stmt *st =
            prepare(db,
                    "SELECT r.id, r.survey_id, r.wave, r.mode, r.state FROM rounds r "
                    "JOIN round_units u ON u.round_id = r.id WHERE r.survey_id = ? "
                    "AND u.unit_id = ? AND r.state = 'open' ORDER BY r.id LIMIT 1",
                    err);
        if (!st)
                return DB_ERROR;
        sqlite3_bind_text(st, 1, survey_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, unit_id, -1, SQLITE_STATIC);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW)
                row_to_round(st, out);
        sqlite3_finalize(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
                return sql_fail(db, "find round", err);
        return step == SQLITE_ROW;
}

int round_invite(struct db *db, const char *round_id, const char *unit_id,
                 const unsigned char *hashes, size_t n, struct lytt_error *err)
{
        int rc = db_begin(db, err);
        if (rc < 0)
                return rc;
        sqlite3_stmt *st =
            prepare(db,
                    "UPDATE round_units SET invited = invited + ? WHERE round_id = ? "
                    "AND unit_id = ?",
                    err);
        if (!st)
                goto fail;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)n);
        sqlite3_bind_text(st, 2, round_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, unit_id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
                sql_fail(db, "count invitations", err);
                goto fail;
        }
        if (sqlite3_changes(db_handle(db)) == 0) {
                lytt_error_set(err, NULL, 0, "round '%s' has no unit '%s'", round_id, unit_id);
                goto fail;
        }
        struct row_args a = {round_id, unit_id, NULL, hashes};
        if (insert_each(db, "INSERT INTO invite_codes(hash, round_id, unit_id) VALUES(?,?,?)", n,
                        bind_code, &a, "store invitation", err) < 0)
                goto fail;
        return db_commit(db, err);
fail:
        db_rollback(db);
        return DB_ERROR;
}

int round_use_code(struct db *db, const unsigned char hash[DB_KEY_LEN], const char *round_id,
                   const char *unit_id, struct lytt_error *err)
{
        sqlite3_stmt *st = prepare(db,
                                   "DELETE FROM invite_codes WHERE hash = ? AND round_id = ? AND "
                                   "unit_id = ?",
                                   err);
        if (!st)
                return DB_ERROR;
        sqlite3_bind_blob(st, 1, hash, DB_KEY_LEN, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, round_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, unit_id, -1, SQLITE_STATIC);
        int step = sqlite3_step(st);
        sqlite3_finalize(st);
        if (step != SQLITE_DONE)
                return sql_fail(db, "use invitation code", err);
        if (sqlite3_changes(db_handle(db)) == 0) {
                lytt_error_set(err, NULL, 0, "invitation code unknown or already used");
                return DB_CODE_USED;
        }
        return 1;
}

int round_invited(struct db *db, const char *survey_id, const char *wave, round_invited_fn fn,
                  void *arg, struct lytt_error *err)
{
        sqlite3_stmt *st = prepare(db,
                                   "SELECT u.unit_id, sum(u.invited) FROM round_units u JOIN "
                                   "rounds r ON r.id = u.round_id WHERE r.survey_id = ?1 AND "
                                   "r.mode = 'code' AND (?2 IS NULL OR r.wave = ?2) "
                                   "GROUP BY u.unit_id "
                                   "HAVING sum(u.invited) > 0 ORDER BY u.unit_id",
                                   err);
        if (!st)
                return DB_ERROR;
        sqlite3_bind_text(st, 1, survey_id, -1, SQLITE_STATIC);
        if (wave)
                sqlite3_bind_text(st, 2, wave, -1, SQLITE_STATIC);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW)
                fn((const char *)sqlite3_column_text(st, 0), (long)sqlite3_column_int64(st, 1),
                   arg);
        sqlite3_finalize(st);
        if (step != SQLITE_DONE)
                return sql_fail(db, "read invitations", err);
        return 0;
}
