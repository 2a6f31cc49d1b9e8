/*
 * db: the response database (SQLite, WAL mode).
 *
 * Schema (see docs/database.md): responses with their answers (one row each, the
 * answers as a JSON list: answer_list.h; a view `answers` shows one row per
 * answer for SQL), receipts for the
 * withdraw window, the text of every questionnaire version answers were given
 * on, and a small key/value meta table. The schema is versioned with
 * PRAGMA user_version; db_open() in read-write mode applies missing migrations
 * in one transaction.
 *
 * Anonymity by construction: responses are keyed by random 63-bit ids (the
 * rowid, set by us, never by a counter; no AUTOINCREMENT) and the other tables
 * are WITHOUT ROWID, so neither storage order nor any counter tells when or in
 * which order answers came; no column holds an address, agent, cookie or a time finer than a week
 * (or month); secure_delete overwrites withdrawn answers; the keys of the hashes
 * are not in the database (keyfile.h); db_rewrite() and db_truncate_wal() take away
 * the order in which SQLite's files would otherwise keep writes.
 *
 * Durability: synchronous=FULL in WAL mode, so db_commit() returns only once the
 * transaction is on disk. A `struct db` is one connection and must be used by one
 * thread at a time; the server has one writer thread and opens read-only
 * connections elsewhere.
 */
#ifndef LYTT_DB_H
#define LYTT_DB_H

#include "lytt_error.h"
#include "response.h"
#include "survey_def.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DB_SCHEMA_VERSION     2
#define DB_KEY_LEN            32     /* bytes of a hash key (keyfile.h) and of a keyed hash */
#define DB_BUSY_WAIT_MS       120000 /* a writer waits this long for the write lock (a rewrite) */
#define DB_CHECKPOINT_WAIT_MS 250    /* db_truncate_wal() waits this long for readers */

enum db_flags {
        DB_READWRITE = 0, /* create if missing and migrate */
        DB_READONLY = 1,  /* never writes; fails if the file is missing */
};

/* Status codes besides 0; every failure also fills the lytt_error. */
enum db_status {
        DB_ERROR = -1,     /* anything else */
        DB_FULL = -2,      /* disk or database full: retry when there is space */
        DB_BUSY = -3,      /* locked by another process for too long */
        DB_RDONLY = -4,    /* file system or file is read-only */
        DB_CODE_USED = -5, /* an invitation code that is unknown or already used */
};

struct db;

/* Opens (and in read-write mode creates and migrates) the database at path.
 * Returns 0 and a new connection in *out (free with db_close()), or a negative
 * status with err filled. */
int db_open(const char *path, unsigned flags, struct db **out, struct lytt_error *err);

/* Closes the connection (checkpointing the WAL when it is the last one). NULL is a no-op. */
void db_close(struct db *db);

/* The raw SQLite connection, for read-only queries of other modules. Borrowed. */
struct sqlite3 *db_handle(struct db *db);

/* Records the definition's source text as (id, version). If that version is
 * already stored with a different text, fails: the file was changed without
 * raising `version`, and answers given on the two texts would be mixed. */
int db_register_survey(struct db *db, const struct survey_def *def, struct lytt_error *err);

/* Keys an older Lytt kept in the meta table (keyfile.h moves them out): reads the
 * one called `name` into out. Returns 1 if there was one, 0 if not, or a negative
 * status. */
int db_legacy_secret(struct db *db, const char *name, unsigned char out[DB_KEY_LEN],
                     struct lytt_error *err);

/* Deletes every key from the meta table. */
int db_forget_legacy_secrets(struct db *db, struct lytt_error *err);

/*
 * Order at rest. SQLite's files remember the order of writes: the WAL holds page
 * images in commit order, and inside a B-tree page the offsets of cells follow
 * insertion order. These two take that away (see docs/privacy.md):
 *
 * db_rewrite() rebuilds the whole database (VACUUM): every table and index is
 * written afresh in key order (random ids, keyed hashes), freed space is gone and
 * no cell offset follows arrival. It holds the write lock while it runs (readers
 * go on); its cost grows with the database (docs/performance.md).
 *
 * db_truncate_wal() checkpoints and truncates the WAL to nothing, so no old page
 * image (a withdrawn answer, a used code's hash, the order of commits) is left in it.
 * It fails with DB_BUSY at once when a reader still holds an old snapshot: try again
 * later. Call it after db_rewrite(), whose pages are in the WAL until then.
 */
int db_rewrite(struct db *db, struct lytt_error *err);
int db_truncate_wal(struct db *db, struct lytt_error *err);

/*
 * Closes the connection and opens it again (same path and settings; prepared
 * statements are dropped). After db_truncate_wal(), when no other connection has the
 * database open, closing lets SQLite remove the -wal and -shm files, and with them the
 * shared-memory header's count of write transactions; the new connection starts them
 * afresh. On failure the connection is closed (db_is_open() is false) and err is
 * filled: call db_reopen() again before any other use.
 */
int db_reopen(struct db *db, struct lytt_error *err);
bool db_is_open(const struct db *db);

/* PRAGMA data_version: changes when another connection has committed since the
 * last call on this one (lytt-admin writing while the server runs). -1 on error. */
long long db_data_version(struct db *db);

/* Writes a compact copy of the database to out_path (VACUUM INTO): rebuilt in key
 * order like db_rewrite(), no WAL, mode 0600, never replacing an existing file, and
 * without the keys (which are not in the database). */
int db_backup(struct db *db, const char *out_path, struct lytt_error *err);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK, and a savepoint inside one
 * so that one bad response in a group commit does not undo the others. */
int db_begin(struct db *db, struct lytt_error *err);
int db_commit(struct db *db, struct lytt_error *err);
void db_rollback(struct db *db);
int db_savepoint(struct db *db, struct lytt_error *err);
int db_savepoint_release(struct db *db, struct lytt_error *err);
void db_savepoint_rollback(struct db *db);

/* What is stored beside the answers of one response. All borrowed. */
struct db_response_meta {
        int64_t id;                        /* random response id (lytt_random_id) */
        const char *wave;                  /* survey round */
        const char *period;                /* ISO week or month */
        const unsigned char *receipt_hash; /* DB_KEY_LEN bytes, or NULL for no receipt */
        long receipt_end_day; /* first day the receipt no longer works (period_withdraw_end) */
};

/* Inserts a validated response (r->nproblems must be 0) and its receipt. Must be
 * inside db_begin()/db_commit(). */
int db_insert_response(struct db *db, const struct response *r, const struct db_response_meta *m,
                       struct lytt_error *err);

/* Deletes the response whose receipt hash is `hash` if it belongs to survey_id
 * and its window has not ended by `today`. Returns 1 if a response was deleted,
 * 0 if there was none to delete, or a negative status. Works alone or inside
 * db_begin()/db_commit() (it uses a savepoint). */
int db_withdraw(struct db *db, const char *survey_id, const unsigned char hash[DB_KEY_LEN],
                long today, struct lytt_error *err);

/* Forgets every receipt whose window has ended by `today`. Returns how many, or
 * a negative status. */
int db_purge_receipts(struct db *db, long today, struct lytt_error *err);

/* The number of stored responses to survey_id (all surveys when NULL), or a
 * negative status. */
long db_count_responses(struct db *db, const char *survey_id, struct lytt_error *err);

#endif
