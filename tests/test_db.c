/* The database layer on a real SQLite file in a temporary folder. */
#include "db.h"
#include "lytt_random.h"
#include "period.h"
#include "test.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

static const char YAML[] =
    "lytt: 1\nid: d\nversion: 1\nlanguages: [nb, nn, en]\n"
    "title: {nb: t, nn: t, en: t}\nintro: {nb: i, nn: i, en: i}\n"
    "support: {nb: s, nn: s, en: s}\n"
    "units:\n  - {id: u1, name: {nb: a, nn: a, en: a}}\n"
    "sections:\n  - id: s\n    title: {nb: a, nn: a, en: a}\n    items:\n"
    "      - {id: q, type: yesno, text: {nb: a, nn: a, en: a}}\n"
    "      - id: m\n        type: multi\n        text: {nb: a, nn: a, en: a}\n"
    "        options:\n          - {id: x, label: {nb: a, nn: a, en: a}}\n"
    "          - {id: y, label: {nb: a, nn: a, en: a}}\n";

static long scalar(struct db *db, const char *sql)
{
        sqlite3_stmt *st;
        long v = -1;
        if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
                return -2;
        if (sqlite3_step(st) == SQLITE_ROW)
                v = (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
}

static void make_response(struct survey_def *def, struct response *r, const char *body)
{
        struct form_body b = FORM_BODY_INIT;
        form_body_parse(&b, body, strlen(body), NULL);
        response_from_form(r, def, &def->units[0], 2, &b);
        form_body_release(&b);
}

int main(void)
{
        char dir[] = "/tmp/lytt-test-db-XXXXXX";
        char path[256];
        struct lytt_error err;
        struct lytt_diags d = LYTT_DIAGS_INIT;
        struct survey_def *def = NULL;
        struct db *db = NULL;
        CHECK(mkdtemp(dir) != NULL);
        snprintf(path, sizeof(path), "%s/t.db", dir);
        CHECK(survey_def_parse("d.yaml", YAML, sizeof(YAML) - 1, &def, &d) == 0);
        if (!def)
                return test_done("test_db");

        /* A read-only open of a missing file fails and says so. */
        CHECK(db_open(path, DB_READONLY, &db, &err) < 0 && db == NULL && err.msg[0]);

        CHECK(db_open(path, DB_READWRITE, &db, &err) == 0);
        CHECK(scalar(db, "PRAGMA user_version") == DB_SCHEMA_VERSION);
        CHECK(scalar(db, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode='wal'") == 1);
        CHECK(scalar(db, "PRAGMA synchronous") == 2); /* FULL */
        CHECK(scalar(db, "PRAGMA secure_delete") == 1);
        /* No hidden counter tells the order of answers: every table but responses is
         * WITHOUT ROWID, and responses' rowid is its random id (no AUTOINCREMENT). */
        CHECK(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND "
                         "name <> 'responses' AND sql NOT LIKE '%WITHOUT ROWID%'") == 0);
        CHECK(scalar(db,
                     "SELECT count(*) FROM sqlite_schema WHERE name='responses' AND sql "
                     "LIKE '%id INTEGER PRIMARY KEY%' AND sql NOT LIKE '%AUTOINCREMENT%'") == 1);
        CHECK(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE name='sqlite_sequence'") == 0);
        /* No column that could hold an address, agent, cookie or a precise time. */
        CHECK(scalar(db,
                     "SELECT count(*) FROM sqlite_schema s, pragma_table_info(s.name) c "
                     "WHERE s.type='table' AND (c.name LIKE '%ip%' OR c.name LIKE '%addr%' "
                     "OR c.name LIKE '%agent%' OR c.name LIKE '%cookie%' OR "
                     "c.name LIKE '%time%' OR c.name LIKE '%date%' OR c.name LIKE '%created%')") ==
              0);

        CHECK(db_register_survey(db, def, &err) == 0);
        CHECK(db_register_survey(db, def, &err) == 0); /* the same text again is fine */

        unsigned char key[DB_KEY_LEN];
        /* No key is kept in the database (keyfile.h). */
        CHECK(db_legacy_secret(db, "receipt_key", key, &err) == 0);
        CHECK(scalar(db, "SELECT count(*) FROM meta") == 0);

        /* Store three responses in one transaction. */
        struct response r = RESPONSE_INIT;
        make_response(def, &r, "q=yes&m=x&m=y");
        CHECK(r.nproblems == 0 && r.nanswers == 3);
        int64_t ids[3];
        unsigned char hashes[3][DB_KEY_LEN];
        time_t now = time(NULL);
        char label[PERIOD_LABEL_MAX];
        period_label(now, SURVEY_PERIOD_WEEK, label, sizeof(label));
        long end = period_withdraw_end(label, 7);
        CHECK(db_begin(db, &err) == 0);
        for (int i = 0; i < 3; i++) {
                ids[i] = lytt_random_id();
                lytt_random_bytes(hashes[i], DB_KEY_LEN);
                struct db_response_meta m = {ids[i], "2026-H2", "2026-W48", hashes[i], end};
                CHECK(db_insert_response(db, &r, &m, &err) == 0);
        }
        /* A duplicate id fails inside a savepoint without undoing the others. */
        CHECK(db_savepoint(db, &err) == 0);
        struct db_response_meta dup = {ids[0], "2026-H2", "2026-W48", NULL, 0};
        CHECK(db_insert_response(db, &r, &dup, &err) < 0);
        db_savepoint_rollback(db);
        CHECK(db_commit(db, &err) == 0);
        CHECK(db_count_responses(db, "d", &err) == 3);
        CHECK(db_count_responses(db, NULL, &err) == 3);
        CHECK(scalar(db, "SELECT count(*) FROM answers") == 9);
        CHECK(scalar(db, "SELECT count(*) FROM responses WHERE lang = 'en' AND "
                         "survey_version = 1 AND period = '2026-W48'") == 3);

        /* An invalid response is never stored. */
        struct response bad = RESPONSE_INIT;
        make_response(def, &bad, "q=perhaps");
        struct db_response_meta bm = {1, "w", "p", NULL, 0};
        CHECK(bad.nproblems == 1 && db_insert_response(db, &bad, &bm, &err) < 0);
        response_release(&bad);

        /* Withdraw: wrong survey, wrong hash, expired, then right. */
        long today = period_day(now);
        CHECK(db_withdraw(db, "other", hashes[0], today, &err) == 0);
        unsigned char nohash[DB_KEY_LEN] = {0};
        CHECK(db_withdraw(db, "d", nohash, today, &err) == 0);
        CHECK(db_withdraw(db, "d", hashes[0], end, &err) == 0); /* the window has ended */
        CHECK(db_withdraw(db, "d", hashes[0], today, &err) == 1);
        CHECK(db_withdraw(db, "d", hashes[0], today, &err) == 0); /* only once */
        CHECK(db_count_responses(db, "d", &err) == 2);
        CHECK(scalar(db, "SELECT count(*) FROM answers") == 6); /* cascaded */
        CHECK(scalar(db, "SELECT count(*) FROM receipts") == 2);
        /* Withdraw inside a transaction works too (the writer's group commit). */
        CHECK(db_begin(db, &err) == 0);
        CHECK(db_withdraw(db, "d", hashes[1], today, &err) == 1);
        CHECK(db_commit(db, &err) == 0);
        CHECK(db_count_responses(db, "d", &err) == 1);

        /* Expired receipts are forgotten; the response stays. */
        CHECK(db_purge_receipts(db, end - 1, &err) == 0);
        CHECK(db_purge_receipts(db, end, &err) == 1);
        CHECK(scalar(db, "SELECT count(*) FROM receipts") == 0);
        CHECK(db_count_responses(db, "d", &err) == 1);

        /* A changed text under the same version is refused. */
        struct survey_def *changed = NULL;
        char yaml2[sizeof(YAML) + 8];
        snprintf(yaml2, sizeof(yaml2), "%s# edit\n", YAML);
        CHECK(survey_def_parse("d.yaml", yaml2, strlen(yaml2), &changed, &d) == 0);
        if (changed) {
                CHECK(db_register_survey(db, changed, &err) < 0);
                CHECK(strstr(err.msg, "raise 'version'") != NULL);
                changed->version = 2;
                CHECK(db_register_survey(db, changed, &err) == 0);
        }
        survey_def_free(changed);
        db_close(db);

        /* Reopen read-only: data is there; writes fail. */
        CHECK(db_open(path, DB_READONLY, &db, &err) == 0);
        CHECK(db_count_responses(db, NULL, &err) == 1);
        CHECK(db_forget_legacy_secrets(db, &err) < 0);
        db_close(db);

        /* A schema newer than this program is refused with a clear message. */
        sqlite3 *h;
        sqlite3_open(path, &h);
        sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL);
        sqlite3_close(h);
        CHECK(db_open(path, DB_READWRITE, &db, &err) < 0);
        CHECK(strstr(err.msg, "newer") != NULL);

        /* Random ids: 32 hex digits, all different. */
        int64_t a = lytt_random_id(), b = lytt_random_id();
        CHECK(a > 0 && b > 0 && a != b);
        /* Random, not sequential: 1000 ids spread over the whole range. */
        int64_t lo = INT64_MAX, hi = 0;
        for (int i = 0; i < 1000; i++) {
                int64_t v = lytt_random_id();
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
        }
        CHECK(lo < INT64_MAX / 50 && hi > INT64_MAX / 50 * 49);

        response_release(&r);
        survey_def_free(def);
        lytt_diags_release(&d);
        char cmd[300];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
        CHECK(system(cmd) == 0);
        return test_done("test_db");
}
