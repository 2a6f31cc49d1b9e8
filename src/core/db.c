#include "db.h"
#include "answer_list.h"
#include "lytt_random.h"
#include "xmalloc.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Migrations: MIGRATIONS[i] takes the schema from version i to i + 1. Never edit a
 * released one; add the next. */
static const char *const MIGRATIONS[DB_SCHEMA_VERSION] = {
    /* 0 -> 1 */
    "CREATE TABLE meta(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value BLOB NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE survey_versions(\n"
    "  survey_id TEXT NOT NULL,\n"
    "  version INTEGER NOT NULL,\n"
    "  source TEXT NOT NULL,            -- the questionnaire file as it was\n"
    "  PRIMARY KEY(survey_id, version)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE responses(\n"
    "  id INTEGER PRIMARY KEY,          -- random 63 bits (the rowid), never sequential\n"
    "  survey_id TEXT NOT NULL,\n"
    "  survey_version INTEGER NOT NULL,\n"
    "  unit_id TEXT NOT NULL,\n"
    "  wave TEXT NOT NULL,\n"
    "  period TEXT NOT NULL,            -- ISO week or month, never finer\n"
    "  lang TEXT NOT NULL,\n"
    "  answers TEXT NOT NULL,           -- JSON [[item, value], ...] (answer_list.h)\n"
    "  FOREIGN KEY(survey_id, survey_version) REFERENCES survey_versions\n"
    ");\n"
    "CREATE INDEX responses_by_survey ON responses(survey_id, wave, unit_id);\n"
    "CREATE VIEW answers(response_id, item_id, value) AS\n"
    "  SELECT r.id, json_extract(a.value, '$[0]'), json_extract(a.value, '$[1]')\n"
    "  FROM responses r, json_each(r.answers) a;\n"
    "CREATE TABLE receipts(\n"
    "  hash BLOB PRIMARY KEY,           -- keyed hash of the receipt code\n"
    "  response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,\n"
    "  end_day INTEGER NOT NULL         -- days since 1970, a Monday\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX receipts_by_end ON receipts(end_day);\n",
    /* 1 -> 2: survey rounds and single-use invitation codes (round.h) */
    "CREATE TABLE rounds(\n"
    "  id TEXT PRIMARY KEY,\n"
    "  survey_id TEXT NOT NULL,\n"
    "  wave TEXT NOT NULL,\n"
    "  mode TEXT NOT NULL CHECK(mode IN ('open', 'code', 'both')),\n"
    "  state TEXT NOT NULL CHECK(state IN ('open', 'closed'))\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE round_units(\n"
    "  round_id TEXT NOT NULL REFERENCES rounds(id),\n"
    "  unit_id TEXT NOT NULL,\n"
    "  invited INTEGER NOT NULL DEFAULT 0, -- codes made for this unit, a count only\n"
    "  PRIMARY KEY(round_id, unit_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE invite_codes(\n"
    "  hash BLOB PRIMARY KEY,             -- keyed hash of an unused code; deleted on use\n"
    "  round_id TEXT NOT NULL,\n"
    "  unit_id TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n",
};

enum stmt_id {
        ST_INSERT_RESPONSE,
        ST_INSERT_RECEIPT,
        ST_FIND_RECEIPT,
        ST_DELETE_RESPONSE,
        ST_PURGE_RECEIPTS,
        ST_COUNT
};

static const char *const STMT_SQL[ST_COUNT] = {
    [ST_INSERT_RESPONSE] = "INSERT INTO responses(id, survey_id, survey_version, unit_id, "
                           "wave, period, lang, answers) VALUES(?,?,?,?,?,?,?,?)",
    [ST_INSERT_RECEIPT] = "INSERT INTO receipts(hash, response_id, end_day) VALUES(?,?,?)",
    [ST_FIND_RECEIPT] = "SELECT r.response_id FROM receipts r JOIN responses s "
                        "ON s.id = r.response_id WHERE r.hash = ? AND s.survey_id = ? "
                        "AND r.end_day > ?",
    [ST_DELETE_RESPONSE] = "DELETE FROM responses WHERE id = ?",
    [ST_PURGE_RECEIPTS] = "DELETE FROM receipts WHERE end_day <= ?",
};

struct db {
        sqlite3 *h;
        char *path;
        bool readonly;
        sqlite3_stmt *stmts[ST_COUNT]; /* prepared on first use */
};

/* Maps an SQLite result code to our status and fills err. */
static int fail(struct db *db, int rc, const char *doing, struct lytt_error *err)
{
        const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
        lytt_error_set(err, db ? db->path : NULL, 0, "%s: %s", doing, msg);
        switch (rc & 0xff) {
        case SQLITE_FULL:
        case SQLITE_IOERR:
                return DB_FULL;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
                return DB_BUSY;
        case SQLITE_READONLY:
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
                return DB_RDONLY;
        default:
                return DB_ERROR;
        }
}

static int exec(struct db *db, const char *sql, const char *doing, struct lytt_error *err)
{
        int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
        return rc == SQLITE_OK ? 0 : fail(db, rc, doing, err);
}

static sqlite3_stmt *stmt(struct db *db, enum stmt_id id, struct lytt_error *err)
{
        if (!db->stmts[id]) {
                int rc = sqlite3_prepare_v3(db->h, STMT_SQL[id], -1, SQLITE_PREPARE_PERSISTENT,
                                            &db->stmts[id], NULL);
                if (rc != SQLITE_OK) {
                        fail(db, rc, "prepare", err);
                        return NULL;
                }
        }
        sqlite3_reset(db->stmts[id]);
        sqlite3_clear_bindings(db->stmts[id]);
        return db->stmts[id];
}

/* Steps a statement that returns no rows. */
static int step_done(struct db *db, sqlite3_stmt *st, const char *doing, struct lytt_error *err)
{
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : fail(db, rc, doing, err);
}

static int user_version(struct db *db, int *out, struct lytt_error *err)
{
        sqlite3_stmt *st;
        int rc = sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL);
        if (rc != SQLITE_OK)
                return fail(db, rc, "read schema version", err);
        rc = sqlite3_step(st);
        *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_finalize(st);
        return rc == SQLITE_ROW ? 0 : fail(db, rc, "read schema version", err);
}

static int migrate(struct db *db, struct lytt_error *err)
{
        int v, rc;
        if ((rc = exec(db, "BEGIN IMMEDIATE", "start migration", err)) < 0)
                return rc;
        if ((rc = user_version(db, &v, err)) < 0)
                goto fail;
        if (v > DB_SCHEMA_VERSION) {
                lytt_error_set(err, db->path, 0,
                               "the database has schema version %d, newer than this Lytt knows "
                               "(%d): use a newer Lytt",
                               v, DB_SCHEMA_VERSION);
                rc = DB_ERROR;
                goto fail;
        }
        for (; v < DB_SCHEMA_VERSION; v++) {
                char sql[64];
                if ((rc = exec(db, MIGRATIONS[v], "migrate schema", err)) < 0)
                        goto fail;
                snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
                if ((rc = exec(db, sql, "migrate schema", err)) < 0)
                        goto fail;
        }
        return exec(db, "COMMIT", "commit migration", err);
fail:
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return rc;
}

/* An older Lytt left its files readable by others: the database and its WAL and
 * shared-memory files (which SQLite creates with the database's mode) become 0600. */
static void make_private(const char *path)
{
        static const char *const suffixes[] = {"", "-wal", "-shm"};
        char buf[4096];
        for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
                struct stat st;
                snprintf(buf, sizeof(buf), "%s%s", path, suffixes[i]);
                if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
                        chmod(buf, st.st_mode & 0700);
        }
}

/* Opens db->h on db->path and sets the connection up. */
static int connect_handle(struct db *db, struct lytt_error *err)
{
        int oflags =
            db->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        int rc = sqlite3_open_v2(db->path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc != SQLITE_OK)
                return fail(db, rc, "cannot open the database", err);
        sqlite3_extended_result_codes(db->h, 1);
        sqlite3_busy_timeout(db->h, db->readonly ? 5000 : DB_BUSY_WAIT_MS);
        /* Random keys put every insert on its own page: a larger cache keeps the
         * B-tree's inner pages in memory (64 MiB). */
        static const char pragmas_rw[] = "PRAGMA journal_mode = WAL;"
                                         "PRAGMA synchronous = FULL;"
                                         "PRAGMA foreign_keys = ON;"
                                         "PRAGMA secure_delete = ON;"
                                         "PRAGMA cache_size = -65536;";
        static const char pragmas_ro[] = "PRAGMA foreign_keys = ON;";
        return exec(db, db->readonly ? pragmas_ro : pragmas_rw, "set up the connection", err);
}

int db_open(const char *path, unsigned flags, struct db **out, struct lytt_error *err)
{
        struct db *db = xcalloc(1, sizeof(*db));
        int rc;
        db->path = xstrdup(path);
        db->readonly = flags & DB_READONLY;
        *out = NULL;
        if ((rc = connect_handle(db, err)) < 0)
                goto fail;
        if (!db->readonly) {
                make_private(path);
                if ((rc = migrate(db, err)) < 0)
                        goto fail;
        } else {
                int v;
                if ((rc = user_version(db, &v, err)) < 0)
                        goto fail;
                if (v != DB_SCHEMA_VERSION) {
                        lytt_error_set(err, path, 0, "schema version %d, this Lytt reads %d%s", v,
                                       DB_SCHEMA_VERSION,
                                       v < DB_SCHEMA_VERSION
                                           ? ": start lytt-server once to migrate it"
                                           : ": use a newer Lytt");
                        rc = DB_ERROR;
                        goto fail;
                }
        }
        *out = db;
        return 0;
fail:
        db_close(db);
        return rc;
}

int db_reopen(struct db *db, struct lytt_error *err)
{
        for (size_t i = 0; i < ST_COUNT; i++) {
                sqlite3_finalize(db->stmts[i]);
                db->stmts[i] = NULL;
        }
        sqlite3_close(db->h);
        db->h = NULL;
        int rc = connect_handle(db, err);
        if (rc < 0) {
                sqlite3_close(db->h);
                db->h = NULL;
        }
        return rc;
}

bool db_is_open(const struct db *db)
{
        return db->h != NULL;
}

void db_close(struct db *db)
{
        if (!db)
                return;
        for (size_t i = 0; i < ST_COUNT; i++)
                sqlite3_finalize(db->stmts[i]);
        sqlite3_close(db->h);
        free(db->path);
        free(db);
}

struct sqlite3 *db_handle(struct db *db)
{
        return db->h;
}

int db_register_survey(struct db *db, const struct survey_def *def, struct lytt_error *err)
{
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db->h,
                                    "SELECT source FROM survey_versions WHERE survey_id = ? AND "
                                    "version = ?",
                                    -1, &st, NULL);
        if (rc != SQLITE_OK)
                return fail(db, rc, "register questionnaire", err);
        sqlite3_bind_text(st, 1, def->id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, def->version);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                const char *old = (const char *)sqlite3_column_text(st, 0);
                bool same = old && strcmp(old, def->source) == 0;
                sqlite3_finalize(st);
                if (same)
                        return 0;
                lytt_error_set(err, def->path, 0,
                               "version %d of '%s' is already in the database with a different "
                               "text; raise 'version' when you change a questionnaire",
                               def->version, def->id);
                return DB_ERROR;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
                return fail(db, rc, "register questionnaire", err);
        rc = sqlite3_prepare_v2(db->h,
                                "INSERT INTO survey_versions(survey_id, version, source) "
                                "VALUES(?,?,?)",
                                -1, &st, NULL);
        if (rc != SQLITE_OK)
                return fail(db, rc, "register questionnaire", err);
        sqlite3_bind_text(st, 1, def->id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, def->version);
        sqlite3_bind_text(st, 3, def->source, (int)def->source_len, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? 0 : fail(db, rc, "register questionnaire", err);
}

int db_legacy_secret(struct db *db, const char *name, unsigned char out[DB_KEY_LEN],
                     struct lytt_error *err)
{
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL);
        if (rc != SQLITE_OK)
                return fail(db, rc, "read old key", err);
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        int found = rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == DB_KEY_LEN;
        if (found)
                memcpy(out, sqlite3_column_blob(st, 0), DB_KEY_LEN);
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return fail(db, rc, "read old key", err);
        return found;
}

int db_forget_legacy_secrets(struct db *db, struct lytt_error *err)
{
        /* secure_delete zeroes the cells; the next db_rewrite() and
         * db_truncate_wal() take the old pages out of the WAL too. */
        return exec(db, "DELETE FROM meta WHERE key IN ('receipt_key', 'invite_key')",
                    "forget the keys kept in the database", err);
}

/* Checkpoints and truncates the WAL. A reader holding an old snapshot makes it fail
 * within DB_CHECKPOINT_WAIT_MS rather than keep the writer (and the carers queued
 * behind it) waiting. Returns SQLite's result code. */
static int checkpoint_truncate(struct db *db)
{
        sqlite3_busy_timeout(db->h, DB_CHECKPOINT_WAIT_MS);
        int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
        sqlite3_busy_timeout(db->h, DB_BUSY_WAIT_MS);
        return rc;
}

int db_rewrite(struct db *db, struct lytt_error *err)
{
        /* Empty the WAL first when nobody reads it, so that the rewrite's own frames
         * start at its beginning; failing that (a reader) the rewrite just follows. */
        checkpoint_truncate(db);
        return exec(db, "VACUUM", "rewrite the database", err);
}

int db_truncate_wal(struct db *db, struct lytt_error *err)
{
        int rc = checkpoint_truncate(db);
        return rc == SQLITE_OK ? 0 : fail(db, rc, "empty the write-ahead log", err);
}

long long db_data_version(struct db *db)
{
        sqlite3_stmt *st = NULL;
        long long v = -1;
        if (sqlite3_prepare_v2(db->h, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
                v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
}

int db_backup(struct db *db, const char *out_path, struct lytt_error *err)
{
        struct stat st;
        if (stat(out_path, &st) == 0) {
                lytt_error_set(err, out_path, 0, "already exists: a backup never replaces a file");
                return DB_ERROR;
        }
        sqlite3_stmt *q = NULL;
        int rc = sqlite3_prepare_v2(db->h, "VACUUM INTO ?", -1, &q, NULL);
        if (rc != SQLITE_OK)
                return fail(db, rc, "back up", err);
        sqlite3_bind_text(q, 1, out_path, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE)
                return fail(db, rc, "back up", err);
        /* The copy must not be more readable than the original, whatever the umask. */
        if (chmod(out_path, 0600) != 0) {
                lytt_error_set(err, out_path, 0, "cannot make the backup private");
                return DB_ERROR;
        }
        return 0;
}

int db_begin(struct db *db, struct lytt_error *err)
{
        return exec(db, "BEGIN IMMEDIATE", "begin", err);
}

int db_commit(struct db *db, struct lytt_error *err)
{
        return exec(db, "COMMIT", "commit", err);
}

void db_rollback(struct db *db)
{
        if (!sqlite3_get_autocommit(db->h))
                sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_savepoint(struct db *db, struct lytt_error *err)
{
        return exec(db, "SAVEPOINT one", "savepoint", err);
}

int db_savepoint_release(struct db *db, struct lytt_error *err)
{
        return exec(db, "RELEASE one", "release savepoint", err);
}

void db_savepoint_rollback(struct db *db)
{
        sqlite3_exec(db->h, "ROLLBACK TO one; RELEASE one", NULL, NULL, NULL);
}

int db_insert_response(struct db *db, const struct response *r, const struct db_response_meta *m,
                       struct lytt_error *err)
{
        sqlite3_stmt *st;
        int rc;
        if (!r->unit || r->nproblems) {
                lytt_error_set(err, NULL, 0, "response is not valid");
                return DB_ERROR;
        }
        if (!(st = stmt(db, ST_INSERT_RESPONSE, err)))
                return DB_ERROR;
        sqlite3_bind_int64(st, 1, m->id);
        sqlite3_bind_text(st, 2, r->def->id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, r->def->version);
        sqlite3_bind_text(st, 4, r->unit->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, m->wave, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, m->period, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, r->def->langs[r->lang], -1, SQLITE_STATIC);
        struct strbuf answers = STRBUF_INIT;
        answer_list_encode(&answers, r);
        sqlite3_bind_text(st, 8, answers.buf, (int)answers.len, SQLITE_STATIC);
        rc = step_done(db, st, "store response", err);
        strbuf_release(&answers);
        if (rc < 0)
                return rc;
        if (m->receipt_hash) {
                if (!(st = stmt(db, ST_INSERT_RECEIPT, err)))
                        return DB_ERROR;
                sqlite3_bind_blob(st, 1, m->receipt_hash, DB_KEY_LEN, SQLITE_STATIC);
                sqlite3_bind_int64(st, 2, m->id);
                sqlite3_bind_int64(st, 3, m->receipt_end_day);
                if ((rc = step_done(db, st, "store receipt", err)) < 0)
                        return rc;
        }
        return 0;
}

int db_withdraw(struct db *db, const char *survey_id, const unsigned char hash[DB_KEY_LEN],
                long today, struct lytt_error *err)
{
        sqlite3_stmt *st;
        sqlite3_int64 id = 0;
        int rc;
        /* A savepoint works alone (it is then its own transaction) and inside the
         * writer's group transaction alike. */
        if ((rc = exec(db, "SAVEPOINT withdraw", "withdraw", err)) < 0)
                return rc;
        if (!(st = stmt(db, ST_FIND_RECEIPT, err))) {
                rc = DB_ERROR;
                goto fail;
        }
        sqlite3_bind_blob(st, 1, hash, DB_KEY_LEN, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, survey_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, today);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                rc = fail(db, rc, "find receipt", err);
                goto fail;
        }
        if (id) {
                /* The answers are in the row; the receipt goes by cascade. */
                if (!(st = stmt(db, ST_DELETE_RESPONSE, err))) {
                        rc = DB_ERROR;
                        goto fail;
                }
                sqlite3_bind_int64(st, 1, id);
                if ((rc = step_done(db, st, "withdraw response", err)) < 0)
                        goto fail;
        }
        if ((rc = exec(db, "RELEASE withdraw", "withdraw", err)) < 0)
                goto fail;
        return id ? 1 : 0;
fail:
        sqlite3_exec(db->h, "ROLLBACK TO withdraw; RELEASE withdraw", NULL, NULL, NULL);
        return rc;
}

int db_purge_receipts(struct db *db, long today, struct lytt_error *err)
{
        sqlite3_stmt *st = stmt(db, ST_PURGE_RECEIPTS, err);
        if (!st)
                return DB_ERROR;
        sqlite3_bind_int64(st, 1, today);
        int rc = step_done(db, st, "forget old receipts", err);
        return rc < 0 ? rc : sqlite3_changes(db->h);
}

long db_count_responses(struct db *db, const char *survey_id, struct lytt_error *err)
{
        sqlite3_stmt *st = NULL;
        const char *sql = survey_id ? "SELECT count(*) FROM responses WHERE survey_id = ?"
                                    : "SELECT count(*) FROM responses";
        int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
        if (rc != SQLITE_OK)
                return fail(db, rc, "count responses", err);
        if (survey_id)
                sqlite3_bind_text(st, 1, survey_id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
        sqlite3_finalize(st);
        return rc == SQLITE_ROW ? n : fail(db, rc, "count responses", err);
}
