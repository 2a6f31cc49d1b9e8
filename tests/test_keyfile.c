/* The key file: made 0600, read back, malformed files named by file:line, and the
 * keys an older database kept in its meta table moved out of it. Also the rewrite
 * and backup of the database (db_rewrite, db_truncate_wal, db_backup). */
#include "db.h"
#include "keyfile.h"
#include "test.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/lytt-test-keyfile-XXXXXX";

static const char *path_in(const char *name)
{
        static char buf[4][512];
        static int k;
        k = (k + 1) % 4;
        snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
        return buf[k];
}

static void write_file(const char *path, const char *text, mode_t mode)
{
        FILE *f = fopen(path, "w");
        fputs(text, f);
        fclose(f);
        chmod(path, mode);
}

static long file_mode(const char *path)
{
        struct stat st;
        return stat(path, &st) == 0 ? (long)(st.st_mode & 07777) : -1;
}

/* Loads a malformed key file; checks the error has the line and the words. */
static void bad(const char *text, mode_t mode, int line, const char *words)
{
        const char *p = path_in("bad.key");
        struct keyfile k;
        struct lytt_error err;
        write_file(p, text, mode);
        CHECK(keyfile_load(p, NULL, &k, &err) < 0);
        CHECK(err.line == line);
        CHECK(strstr(err.msg, words) != NULL);
        if (err.line != line || !strstr(err.msg, words))
                fprintf(stderr, "  got line %d: %s\n", err.line, err.msg);
        unlink(p);
}

static long count(sqlite3 *h, const char *sql)
{
        sqlite3_stmt *st;
        long v = -1;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
                v = (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
}

static bool file_has(const char *path, const void *needle, size_t n)
{
        FILE *f = fopen(path, "rb");
        if (!f)
                return false;
        static char buf[1 << 20];
        size_t len = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        for (size_t i = 0; i + n <= len; i++)
                if (memcmp(buf + i, needle, n) == 0)
                        return true;
        return false;
}

int main(void)
{
        struct lytt_error err;
        struct keyfile a, b;
        umask(022); /* the file must be 0600 whatever the umask */
        if (!mkdtemp(dir))
                return 1;

        /* Made on first use, 0600, the same keys when read again. */
        const char *kp = path_in("new.key");
        CHECK(keyfile_load(kp, NULL, &a, &err) == 0);
        CHECK(file_mode(kp) == 0600);
        CHECK(keyfile_load(kp, NULL, &b, &err) == 0);
        CHECK(memcmp(&a, &b, sizeof(a)) == 0);
        CHECK(memcmp(a.receipt, a.invite, DB_KEY_LEN) != 0);

        /* Default paths. */
        unsetenv("LYTT_KEY_FILE");
        unsetenv("CREDENTIALS_DIRECTORY");
        char *d = keyfile_default_path("/var/lib/lytt/lytt.db");
        CHECK_STR(d, "/var/lib/lytt/lytt.db.key");
        free(d);
        setenv("CREDENTIALS_DIRECTORY", dir, 1);
        write_file(path_in("lytt.key"), "x", 0600);
        d = keyfile_default_path("/var/lib/lytt/lytt.db");
        CHECK_STR(d, path_in("lytt.key"));
        free(d);
        setenv("LYTT_KEY_FILE", "/etc/lytt/k", 1);
        d = keyfile_default_path("/var/lib/lytt/lytt.db");
        CHECK_STR(d, "/etc/lytt/k");
        free(d);
        unsetenv("LYTT_KEY_FILE");
        unsetenv("CREDENTIALS_DIRECTORY");

        /* Malformed files: file:line and what is wrong. */
        const char *hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        char text[512];
        snprintf(text, sizeof(text), "# c\n\nreceipt_key %s\ninvite_key %s\n", hex, hex);
        write_file(path_in("ok.key"), text, 0600);
        CHECK(keyfile_load(path_in("ok.key"), NULL, &a, &err) == 0);
        CHECK(a.receipt[1] == 0x11 && a.invite[31] == 0xff);
        snprintf(text, sizeof(text), "receipt_key %s\nsecret %s\n", hex, hex);
        bad(text, 0600, 2, "unknown key 'secret'");
        snprintf(text, sizeof(text), "receipt_key %s\ninvite_key abc\n", hex);
        bad(text, 0600, 2, "64 hexadecimal digits");
        snprintf(text, sizeof(text), "\n\nreceipt_key %.62szz\ninvite_key %s\n", hex, hex);
        bad(text, 0600, 3, "not hexadecimal");
        snprintf(text, sizeof(text), "receipt_key %s\n", hex);
        bad(text, 0600, 0, "has no 'invite_key'");
        snprintf(text, sizeof(text), "receipt_key %s\nreceipt_key %s\n", hex, hex);
        bad(text, 0600, 2, "given twice");
        bad("receipt_key\n", 0600, 1, "expected 'name hex-key'");
        snprintf(text, sizeof(text), "receipt_key %s\ninvite_key %s\n", hex, hex);
        bad(text, 0644, 0, "read by anyone");

        /* An older database's keys move out: file first, then gone from the database;
         * the same keys, so printed codes keep working. */
        const char *dbp = path_in("old.db");
        struct db *db;
        CHECK(db_open(dbp, DB_READWRITE, &db, &err) == 0);
        unsigned char old_receipt[DB_KEY_LEN], old_invite[DB_KEY_LEN];
        memset(old_receipt, 0xA7, DB_KEY_LEN);
        memset(old_invite, 0x5C, DB_KEY_LEN);
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db_handle(db), "INSERT INTO meta(key, value) VALUES(?, ?)", -1, &st,
                           NULL);
        sqlite3_bind_text(st, 1, "receipt_key", -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 2, old_receipt, DB_KEY_LEN, SQLITE_STATIC);
        CHECK(sqlite3_step(st) == SQLITE_DONE);
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, "invite_key", -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 2, old_invite, DB_KEY_LEN, SQLITE_STATIC);
        CHECK(sqlite3_step(st) == SQLITE_DONE);
        sqlite3_finalize(st);

        /* A key file with other keys is refused while the database still has its own. */
        CHECK(keyfile_load(path_in("ok.key"), db, &a, &err) < 0);
        CHECK(strstr(err.msg, "differ") != NULL);
        CHECK(count(db_handle(db), "SELECT count(*) FROM meta") == 2);

        const char *moved = path_in("moved.key");
        CHECK(keyfile_load(moved, db, &a, &err) == 0);
        CHECK(memcmp(a.receipt, old_receipt, DB_KEY_LEN) == 0);
        CHECK(memcmp(a.invite, old_invite, DB_KEY_LEN) == 0);
        CHECK(count(db_handle(db), "SELECT count(*) FROM meta") == 0);
        CHECK(file_mode(moved) == 0600);
        /* After the rewrite and an emptied WAL, the old key's bytes are nowhere. */
        CHECK(db_rewrite(db, &err) == 0);
        CHECK(db_truncate_wal(db, &err) == 0);
        CHECK(!file_has(dbp, old_receipt, DB_KEY_LEN));
        CHECK(!file_has(path_in("old.db-wal"), old_receipt, DB_KEY_LEN));
        struct stat wst;
        CHECK(stat(path_in("old.db-wal"), &wst) == 0 && wst.st_size == 0);

        /* A backup: 0600, never over an existing file. */
        const char *bk = path_in("backup.db");
        CHECK(db_backup(db, bk, &err) == 0);
        CHECK(file_mode(bk) == 0600);
        CHECK(db_backup(db, bk, &err) < 0);
        CHECK(strstr(err.msg, "already exists") != NULL);
        db_close(db);

        /* A database readable by others becomes the owner's on opening. */
        chmod(dbp, 0644);
        CHECK(db_open(dbp, DB_READWRITE, &db, &err) == 0);
        CHECK(file_mode(dbp) == 0600);
        db_close(db);

        char cmd[600];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        if (system(cmd) != 0)
                fprintf(stderr, "could not remove %s\n", dir);
        return test_done("test_keyfile");
}
