#include "keyfile.h"
#include "hex.h"
#include "lytt_random.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEYFILE_MAX 4096 /* bytes: a key file is two lines */

static const struct key_slot {
        const char *name;
        size_t offset;
} SLOTS[] = {
    {"receipt_key", offsetof(struct keyfile, receipt)},
    {"invite_key", offsetof(struct keyfile, invite)},
};
#define NSLOTS (sizeof(SLOTS) / sizeof(SLOTS[0]))

char *keyfile_default_path(const char *db_path)
{
        const char *env = getenv("LYTT_KEY_FILE");
        if (env && *env)
                return xstrdup(env);
        const char *creds = getenv("CREDENTIALS_DIRECTORY");
        if (creds && *creds) {
                struct strbuf sb = STRBUF_INIT;
                strbuf_addf(&sb, "%s/lytt.key", creds);
                if (access(sb.buf, R_OK) == 0)
                        return strbuf_detach(&sb, NULL);
                strbuf_release(&sb);
        }
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s.key", db_path);
        return strbuf_detach(&sb, NULL);
}

/* Parses the file's text; every problem names its line. */
static int parse(const char *path, char *text, struct keyfile *out, struct lytt_error *err)
{
        bool seen[NSLOTS] = {false};
        int line = 0;
        for (char *p = text, *next; p && *p; p = next) {
                line++;
                char *nl = strchr(p, '\n');
                next = nl ? nl + 1 : NULL;
                if (nl)
                        *nl = '\0';
                size_t len = strlen(p);
                while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
                        p[--len] = '\0';
                while (*p == ' ' || *p == '\t')
                        p++;
                if (!*p || *p == '#')
                        continue;
                char *sp = strpbrk(p, " \t");
                if (!sp) {
                        lytt_error_set(err, path, line, "expected 'name hex-key', got '%.40s'", p);
                        return DB_ERROR;
                }
                *sp = '\0';
                char *hex = sp + 1;
                while (*hex == ' ' || *hex == '\t')
                        hex++;
                size_t k = 0;
                while (k < NSLOTS && strcmp(SLOTS[k].name, p) != 0)
                        k++;
                if (k == NSLOTS) {
                        lytt_error_set(err, path, line,
                                       "unknown key '%.40s' (expected receipt_key or invite_key)",
                                       p);
                        return DB_ERROR;
                }
                if (seen[k]) {
                        lytt_error_set(err, path, line, "'%s' is given twice", SLOTS[k].name);
                        return DB_ERROR;
                }
                unsigned char *dst = (unsigned char *)out + SLOTS[k].offset;
                if (strlen(hex) != 2 * DB_KEY_LEN) {
                        lytt_error_set(err, path, line, "'%s' needs %d hexadecimal digits",
                                       SLOTS[k].name, 2 * DB_KEY_LEN);
                        return DB_ERROR;
                }
                for (size_t i = 0; i < DB_KEY_LEN; i++) {
                        int hi = hex_value((unsigned char)hex[2 * i]);
                        int lo = hex_value((unsigned char)hex[2 * i + 1]);
                        if (hi < 0 || lo < 0) {
                                lytt_error_set(err, path, line,
                                               "'%s' has a character that is not hexadecimal",
                                               SLOTS[k].name);
                                return DB_ERROR;
                        }
                        dst[i] = (unsigned char)(hi << 4 | lo);
                }
                seen[k] = true;
        }
        for (size_t k = 0; k < NSLOTS; k++)
                if (!seen[k]) {
                        lytt_error_set(err, path, 0, "the key file has no '%s'", SLOTS[k].name);
                        return DB_ERROR;
                }
        return 0;
}

/* 1 and the keys if the file exists, 0 if it does not, or a negative status. */
static int read_file(const char *path, struct keyfile *out, struct lytt_error *err)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                if (errno == ENOENT)
                        return 0;
                lytt_error_set(err, path, 0, "cannot read the key file: %s", strerror(errno));
                return DB_ERROR;
        }
        struct stat st;
        if (fstat(fd, &st) == 0 && (st.st_mode & S_IROTH)) {
                close(fd);
                lytt_error_set(err, path, 0,
                               "the key file may be read by anyone (mode %04o): chmod 600 it",
                               (unsigned)(st.st_mode & 07777));
                return DB_ERROR;
        }
        char buf[KEYFILE_MAX + 1];
        size_t n = 0;
        ssize_t r;
        while (n < KEYFILE_MAX && (r = read(fd, buf + n, KEYFILE_MAX - n)) > 0)
                n += (size_t)r;
        close(fd);
        buf[n] = '\0';
        int rc = parse(path, buf, out, err);
        memset(buf, 0, sizeof(buf));
        return rc < 0 ? rc : 1;
}

static void add_hex(struct strbuf *sb, const unsigned char *key)
{
        for (size_t i = 0; i < DB_KEY_LEN; i++) {
                strbuf_addch(sb, hex_digit(key[i] >> 4, false));
                strbuf_addch(sb, hex_digit(key[i] & 15, false));
        }
}

/* Writes the keys to a new file at path, never replacing one: 1 if written, 0 if
 * another program made the file first, or a negative status. */
static int create_file(const char *path, const struct keyfile *keys, struct lytt_error *err)
{
        struct strbuf tmp = STRBUF_INIT, text = STRBUF_INIT;
        int rc = DB_ERROR, fd;
        strbuf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
        strbuf_addstr(&text,
                      "# Lytt's hash keys. Keep this file secret (mode 0600) and away from\n"
                      "# copies of the database: with it, the database's code hashes can be\n"
                      "# checked against codes. Losing it makes printed codes unusable.\n");
        for (size_t k = 0; k < NSLOTS; k++) {
                strbuf_addf(&text, "%s ", SLOTS[k].name);
                add_hex(&text, (const unsigned char *)keys + SLOTS[k].offset);
                strbuf_addch(&text, '\n');
        }
        fd = open(tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
                lytt_error_set(err, path, 0, "cannot create the key file: %s", strerror(errno));
                goto out;
        }
        bool ok = write(fd, text.buf, text.len) == (ssize_t)text.len && fsync(fd) == 0;
        ok = close(fd) == 0 && ok;
        if (!ok) {
                lytt_error_set(err, path, 0, "cannot write the key file: %s", strerror(errno));
                unlink(tmp.buf);
                goto out;
        }
        if (link(tmp.buf, path) != 0) {
                int e = errno;
                unlink(tmp.buf);
                if (e == EEXIST) {
                        rc = 0;
                        goto out;
                }
                lytt_error_set(err, path, 0, "cannot create the key file: %s", strerror(e));
                goto out;
        }
        unlink(tmp.buf);
        /* The new name must survive a crash before the database forgets its keys. */
        char *dir = xstrdup(path), *slash = strrchr(dir, '/');
        if (slash)
                *(slash == dir ? slash + 1 : slash) = '\0';
        int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
                fsync(dfd);
                close(dfd);
        }
        free(dir);
        rc = 1;
out:
        memset(text.buf, 0, text.len);
        strbuf_release(&text);
        strbuf_release(&tmp);
        return rc;
}

/* The keys an older Lytt kept in db's meta table: 1 and *out if it has any (a missing
 * one of the two made afresh), 0 if none, or a negative status. */
static int read_legacy(struct db *db, struct keyfile *out, struct lytt_error *err)
{
        int a = db_legacy_secret(db, "receipt_key", out->receipt, err);
        int b = a < 0 ? a : db_legacy_secret(db, "invite_key", out->invite, err);
        if (a < 0 || b < 0)
                return a < 0 ? a : b;
        if (a && !b)
                lytt_random_bytes(out->invite, DB_KEY_LEN);
        if (b && !a)
                lytt_random_bytes(out->receipt, DB_KEY_LEN);
        return a || b;
}

int keyfile_load(const char *path, struct db *db, struct keyfile *out, struct lytt_error *err)
{
        struct keyfile legacy;
        int rc = db ? read_legacy(db, &legacy, err) : 0;
        if (rc < 0)
                return rc;
        bool has_legacy = rc == 1;
        for (int attempt = 0; attempt < 2; attempt++) {
                if ((rc = read_file(path, out, err)) < 0)
                        return rc;
                if (rc == 1)
                        break;
                struct keyfile fresh;
                if (has_legacy)
                        fresh = legacy;
                else {
                        lytt_random_bytes(fresh.receipt, DB_KEY_LEN);
                        lytt_random_bytes(fresh.invite, DB_KEY_LEN);
                }
                rc = create_file(path, &fresh, err);
                memset(&fresh, 0, sizeof(fresh));
                if (rc < 0)
                        return rc;
                /* Created, or made by another program meanwhile: read what is there. */
        }
        if (rc != 1) {
                lytt_error_set(err, path, 0, "the key file appeared and vanished again");
                return DB_ERROR;
        }
        if (has_legacy) {
                if (memcmp(legacy.receipt, out->receipt, DB_KEY_LEN) != 0 ||
                    memcmp(legacy.invite, out->invite, DB_KEY_LEN) != 0) {
                        lytt_error_set(err, path, 0,
                                       "the database still holds keys that differ from this key "
                                       "file: give the key file made for this database "
                                       "(--key-file)");
                        memset(&legacy, 0, sizeof(legacy));
                        return DB_ERROR;
                }
                memset(&legacy, 0, sizeof(legacy));
                if ((rc = db_forget_legacy_secrets(db, err)) < 0)
                        return rc;
        }
        return 0;
}

int keyfile_move_out(const char *path, struct db *db, struct lytt_error *err)
{
        struct keyfile keys;
        int rc = read_legacy(db, &keys, err);
        if (rc == 1)
                rc = keyfile_load(path, db, &keys, err);
        memset(&keys, 0, sizeof(keys));
        return rc < 0 ? rc : 0;
}
