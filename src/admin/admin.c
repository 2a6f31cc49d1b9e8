#include "admin.h"
#include "cli.h"
#include "db.h"
#include "keyfile.h"
#include "letter.h"
#include "opts.h"
#include "receipt.h"
#include "round.h"
#include "strbuf.h"
#include "survey_catalog.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE CLI_EXIT_USAGE
#define MAX_CODES  100000

static struct db *open_db(const char *path, const char *cmd)
{
        struct db *db;
        struct lytt_error err;
        char buf[700];
        if (db_open(path, DB_READWRITE, &db, &err) < 0) {
                fprintf(stderr, "lytt-admin %s: %s\n", cmd,
                        lytt_error_format(&err, buf, sizeof(buf)));
                return NULL;
        }
        return db;
}

static int fail(const char *cmd, const struct lytt_error *err)
{
        char buf[700];
        fprintf(stderr, "lytt-admin %s: %s\n", cmd, lytt_error_format(err, buf, sizeof(buf)));
        return 1;
}

/* ---- round ----------------------------------------------------------------------------- */

static const char *const ROUND_ACTIONS[] = {"open", "close", "list", NULL};
static const char *const MODES[] = {"open", "code", "both", NULL};

static void print_round(const struct round *r, const char *const *units, const long *invited,
                        size_t n, void *arg)
{
        (void)arg;
        printf("%-20s %-16s %-10s %-6s %-6s", r->id, r->survey_id, r->wave,
               round_mode_name(r->mode), r->open ? "open" : "closed");
        for (size_t i = 0; i < n; i++)
                printf(" %s", units[i]);
        for (size_t i = 0, first = 1; i < n; i++)
                if (invited[i]) {
                        printf("%s%s=%ld", first ? "  invited: " : ", ", units[i], invited[i]);
                        first = 0;
                }
        putchar('\n');
}

static int cmd_round(int argc, char **argv)
{
        const char *db_path = NULL, *id = NULL, *survey = NULL, *wave = NULL, *units_s = NULL,
                   *surveys = "survey";
        int action = -1, mode = 0, status = 0;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db_path, NULL, "FILE", "the database"},
            {"id", OPT_STRING, &id, NULL, "R", "the round's id, e.g. heimetenester-2026-11"},
            {"survey", OPT_STRING, &survey, NULL, "ID", "open: the survey"},
            {"wave", OPT_STRING, &wave, NULL, "W", "open: the wave its answers belong to"},
            {"units", OPT_STRING, &units_s, NULL, "U,U", "open: the units (default: all)"},
            {"mode", OPT_CHOICE, &mode, MODES, "M",
             "open: open (link), code (invitation only) or both (default open)"},
            {"surveys", OPT_STRING, &surveys, NULL, "DIR", "the questionnaires (default survey)"},
        };
        const char *syn = "open|close|list --db FILE [--id R --survey ID --wave W --units U,U "
                          "--mode open|code|both]";
        if (argc < 2) {
                opts_usage(stderr, "lytt-admin", "round", syn, opts,
                           sizeof(opts) / sizeof(opts[0]));
                return EXIT_USAGE;
        }
        for (int i = 0; ROUND_ACTIONS[i]; i++)
                if (strcmp(argv[1], ROUND_ACTIONS[i]) == 0)
                        action = i;
        if (strcmp(argv[1], "--help") == 0) {
                opts_usage(stdout, "lytt-admin", "round", syn, opts,
                           sizeof(opts) / sizeof(opts[0]));
                return 0;
        }
        if (action < 0) {
                fprintf(stderr, "lytt-admin round: say open, close or list, not '%s'\n", argv[1]);
                return EXIT_USAGE;
        }
        if (!cli_parse("lytt-admin", argc - 1, argv + 1, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-admin", "round", db_path, "db", &status))
                return status;
        struct db *db = open_db(db_path, "round");
        if (!db)
                return 1;
        struct lytt_error err;
        int rc = 0;
        if (action == 2) {
                printf("%-20s %-16s %-10s %-6s %-6s units\n", "round", "survey", "wave", "mode",
                       "state");
                rc = round_each(db, print_round, NULL, &err);
        } else if (action == 1) {
                if (!cli_require("lytt-admin", "round", id, "id", &status)) {
                        db_close(db);
                        return status;
                }
                rc = round_set_open(db, id, false, &err);
                if (rc == 0)
                        printf("round %s is closed\n", id);
        } else if (!survey && id) {
                rc = round_set_open(db, id, true, &err); /* reopen */
                if (rc == 0)
                        printf("round %s is open again\n", id);
        } else {
                if (!cli_require("lytt-admin", "round", id, "id", &status) ||
                    !cli_require("lytt-admin", "round", survey, "survey", &status) ||
                    !cli_require("lytt-admin", "round", wave, "wave", &status)) {
                        db_close(db);
                        return status;
                }
                /* The units must be the questionnaire's. */
                struct lytt_diags diags = LYTT_DIAGS_INIT;
                struct survey_catalog *cat = NULL;
                const struct survey_def *def = NULL;
                if (survey_catalog_load_dir(surveys, &cat, &diags) == 0)
                        def = survey_catalog_find(cat, survey);
                lytt_diags_release(&diags);
                if (!def) {
                        fprintf(stderr, "lytt-admin round: no questionnaire '%s' in %s\n", survey,
                                surveys);
                        survey_catalog_free(cat);
                        db_close(db);
                        return 1;
                }
                char *copy = units_s ? xstrdup(units_s) : NULL;
                const char *units[256];
                size_t n = 0;
                if (copy) {
                        for (char *t = strtok(copy, ","); t && n < 256; t = strtok(NULL, ","))
                                units[n++] = t;
                } else {
                        for (size_t u = 0; u < def->nunits && n < 256; u++)
                                units[n++] = def->units[u].id;
                }
                for (size_t i = 0; i < n && rc == 0; i++)
                        if (!survey_def_unit(def, units[i])) {
                                lytt_error_set(&err, NULL, 0, "'%s' is not a unit of '%s'",
                                               units[i], survey);
                                rc = -1;
                        }
                struct round r = {0};
                snprintf(r.id, sizeof(r.id), "%s", id);
                snprintf(r.survey_id, sizeof(r.survey_id), "%s", survey);
                snprintf(r.wave, sizeof(r.wave), "%s", wave);
                r.mode = (enum round_mode)mode;
                if (rc == 0)
                        rc = round_create(db, &r, units, n, &err);
                if (rc == 0)
                        printf("round %s is open: %s, wave %s, %zu unit%s, by %s\n", id, survey,
                               wave, n, n == 1 ? "" : "s", MODES[mode]);
                free(copy);
                survey_catalog_free(cat);
        }
        db_close(db);
        return rc < 0 ? fail("round", &err) : 0;
}

/* Loads the questionnaire of a round and finds the unit and language. */
static const struct survey_def *round_def(const char *surveys, const struct round *r,
                                          const char *unit, const char *lang,
                                          struct survey_catalog **cat, const struct survey_unit **u,
                                          int *li, struct lytt_error *err)
{
        struct lytt_diags diags = LYTT_DIAGS_INIT;
        const struct survey_def *def = NULL;
        *cat = NULL;
        if (survey_catalog_load_dir(surveys, cat, &diags) == 0)
                def = survey_catalog_find(*cat, r->survey_id);
        lytt_diags_release(&diags);
        if (!def) {
                lytt_error_set(err, NULL, 0, "no questionnaire '%s' in %s", r->survey_id, surveys);
                return NULL;
        }
        *u = survey_def_unit(def, unit);
        *li = survey_def_lang(def, lang);
        if (!*u || *li < 0) {
                lytt_error_set(err, NULL, 0, "'%s' is not a unit of '%s', or '%s' not a language",
                               unit, def->id, lang);
                return NULL;
        }
        return def;
}

/* ---- invite ---------------------------------------------------------------------------- */

static int cmd_invite(int argc, char **argv)
{
        const char *db_path = NULL, *round_id = NULL, *unit = NULL, *out = NULL,
                   *base = "http://127.0.0.1:8080", *letters = NULL, *lang = "nb",
                   *surveys = "survey", *key_file = NULL;
        unsigned long count = 0;
        int status = 0;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db_path, NULL, "FILE", "the database"},
            {"round", OPT_STRING, &round_id, NULL, "R", "the round"},
            {"unit", OPT_STRING, &unit, NULL, "U", "the unit the letters go to"},
            {"count", OPT_ULONG, &count, NULL, "N", "how many codes"},
            {"base-url", OPT_STRING, &base, NULL, "URL", "the survey's public address"},
            {"letters", OPT_STRING, &letters, NULL, "FILE.pdf",
             "print-ready A4 letters, one a page, with a QR code each"},
            {"out", OPT_STRING, &out, NULL, "FILE",
             "the codes and links as CSV, for a mail merge of your own (only when asked)"},
            {"key-file", OPT_STRING, &key_file, NULL, "FILE",
             "the hash keys (default: the database's, as lytt-server finds it)"},
            {"lang", OPT_STRING, &lang, NULL, "L", "the letters' language: nb (default), nn, en"},
            {"surveys", OPT_STRING, &surveys, NULL, "DIR", "the questionnaires (default survey)"},
        };
        const char *syn = "--db FILE --round R --unit U --count N --letters FILE.pdf|--out FILE "
                          "[--base-url URL]";
        if (!cli_parse("lytt-admin", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-admin", "invite", db_path, "db", &status) ||
            !cli_require("lytt-admin", "invite", round_id, "round", &status) ||
            !cli_require("lytt-admin", "invite", unit, "unit", &status))
                return status;
        if (!out && !letters) {
                fprintf(stderr, "lytt-admin invite: say where the codes go: --letters FILE.pdf "
                                "(printed letters) or --out FILE (CSV), or both\n");
                opts_usage(stderr, "lytt-admin", "invite", syn, opts,
                           sizeof(opts) / sizeof(opts[0]));
                return EXIT_USAGE;
        }
        if (count == 0 || count > MAX_CODES) {
                fprintf(stderr, "lytt-admin invite: --count must be from 1 to %d\n", MAX_CODES);
                return EXIT_USAGE;
        }
        if (receipt_init() < 0)
                return 1;
        struct db *db = open_db(db_path, "invite");
        if (!db)
                return 1;
        struct lytt_error err;
        struct keyfile keys;
        char *key_path = key_file ? xstrdup(key_file) : keyfile_default_path(db_path);
        struct round r;
        char(*codes)[RECEIPT_SHOWN_LEN + 1] = xcalloc(count, sizeof(*codes));
        unsigned char *hashes = xcalloc(count, DB_KEY_LEN);
        FILE *f = NULL;
        int rc = round_get(db, round_id, &r, &err);
        if (rc == 0) {
                lytt_error_set(&err, NULL, 0, "there is no round '%s' (lytt-admin round list)",
                               round_id);
                rc = -1;
        }
        if (rc > 0)
                rc = keyfile_load(key_path, db, &keys, &err);
        if (rc < 0)
                goto out;
        for (unsigned long i = 0; i < count; i++) {
                receipt_new(codes[i]);
                receipt_hash(codes[i], keys.invite, hashes + i * DB_KEY_LEN);
        }
        memset(&keys, 0, sizeof(keys));
        /* Write the codes first: if that fails nothing is counted as invited. */
        if (out && !(f = fopen(out, "wb"))) {
                lytt_error_set(&err, out, 0, "cannot write");
                rc = -1;
                goto out;
        }
        if (f) {
                fprintf(f, "code,link\r\n");
                for (unsigned long i = 0; i < count; i++)
                        fprintf(f, "%s,%s/s/%s/%s?code=%s\r\n", codes[i], base, r.survey_id, unit,
                                codes[i]);
                if (fclose(f) != 0) {
                        lytt_error_set(&err, out, 0, "write failed");
                        rc = -1;
                        goto out;
                }
        }
        if (letters) {
                struct survey_catalog *cat;
                const struct survey_unit *u;
                int li;
                const struct survey_def *def =
                    round_def(surveys, &r, unit, lang, &cat, &u, &li, &err);
                const char **list = xcalloc(count, sizeof(char *));
                for (unsigned long i = 0; i < count; i++)
                        list[i] = codes[i];
                struct letter_job job = {def, u, li, base, list, count, false};
                rc = def ? letter_write_pdf(&job, letters, &err) : -1;
                free(list);
                survey_catalog_free(cat);
                if (rc < 0) {
                        if (out)
                                remove(out);
                        goto out;
                }
        }
        rc = round_invite(db, round_id, unit, hashes, count, &err);
        if (rc < 0) {
                if (out)
                        remove(out); /* no codes that would not work */
                if (letters)
                        remove(letters);
        }
out:
        memset(codes, 0, count * sizeof(*codes));
        free(codes);
        free(hashes);
        free(key_path);
        db_close(db);
        if (rc < 0)
                return fail("invite", &err);
        printf("%lu codes for %s in round %s written to %s%s%s (only their hashes are stored)\n",
               count, unit, round_id, letters ? letters : out, letters && out ? " and " : "",
               letters && out ? out : "");
        return 0;
}

/* ---- poster ---------------------------------------------------------------------------- */

static const char *const SIZES[] = {"a4", "a3", NULL};

static int cmd_poster(int argc, char **argv)
{
        const char *db_path = NULL, *round_id = NULL, *unit = NULL, *out = NULL,
                   *base = "http://127.0.0.1:8080", *lang = "nb", *surveys = "survey";
        int size = 0, status = 0;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db_path, NULL, "FILE", "the database"},
            {"round", OPT_STRING, &round_id, NULL, "R", "the round"},
            {"unit", OPT_STRING, &unit, NULL, "U", "the unit the poster is for"},
            {"out", OPT_STRING, &out, NULL, "FILE.pdf", "the poster"},
            {"size", OPT_CHOICE, &size, SIZES, "S", "a4 (default) or a3"},
            {"lang", OPT_STRING, &lang, NULL, "L", "nb (default), nn or en"},
            {"base-url", OPT_STRING, &base, NULL, "URL", "the survey's public address"},
            {"surveys", OPT_STRING, &surveys, NULL, "DIR", "the questionnaires (default survey)"},
        };
        const char *syn = "--db FILE --round R --unit U --out FILE.pdf [--size a4|a3]";
        if (!cli_parse("lytt-admin", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-admin", "poster", db_path, "db", &status) ||
            !cli_require("lytt-admin", "poster", round_id, "round", &status) ||
            !cli_require("lytt-admin", "poster", unit, "unit", &status) ||
            !cli_require("lytt-admin", "poster", out, "out", &status))
                return status;
        struct db *db = open_db(db_path, "poster");
        if (!db)
                return 1;
        struct lytt_error err;
        struct round r;
        int rc = round_get(db, round_id, &r, &err);
        db_close(db);
        if (rc == 0)
                lytt_error_set(&err, NULL, 0, "there is no round '%s'", round_id);
        if (rc <= 0)
                return fail("poster", &err);
        if (r.mode == ROUND_CODE_ONLY)
                fprintf(stderr,
                        "lytt-admin poster: note: round %s takes answers by code only; "
                        "the poster's open link will be refused\n",
                        round_id);
        struct survey_catalog *cat;
        const struct survey_unit *u;
        int li;
        const struct survey_def *def = round_def(surveys, &r, unit, lang, &cat, &u, &li, &err);
        struct letter_job job = {def, u, li, base, NULL, 0, size == 1};
        rc = def ? letter_write_poster(&job, out, &err) : -1;
        survey_catalog_free(cat);
        if (rc < 0)
                return fail("poster", &err);
        printf("poster for %s written to %s\n", unit, out);
        return 0;
}

/* ---- backup and scrub ------------------------------------------------------------------ */

static int cmd_backup(int argc, char **argv)
{
        const char *db_path = NULL, *out = NULL, *key_file = NULL;
        int status = 0;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db_path, NULL, "FILE", "the database (the server may be running)"},
            {"out", OPT_STRING, &out, NULL, "FILE", "the copy to write (never replaced)"},
            {"key-file", OPT_STRING, &key_file, NULL, "FILE",
             "where an older database's keys move to first (default as lytt-server)"},
        };
        const char *syn = "--db FILE --out FILE";
        if (!cli_parse("lytt-admin", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-admin", "backup", db_path, "db", &status) ||
            !cli_require("lytt-admin", "backup", out, "out", &status))
                return status;
        struct db *db = open_db(db_path, "backup");
        if (!db)
                return 1;
        struct lytt_error err;
        char *key_path = key_file ? xstrdup(key_file) : keyfile_default_path(db_path);
        /* A database from before the key file still holds its keys: move them out
         * first, so that no backup carries them. */
        int rc = keyfile_move_out(key_path, db, &err);
        free(key_path);
        if (rc == 0)
                rc = db_backup(db, out, &err);
        db_close(db);
        if (rc < 0)
                return fail("backup", &err);
        printf("backup written to %s (rebuilt in key order, no keys, mode 0600)\n", out);
        return 0;
}

static int cmd_scrub(int argc, char **argv)
{
        const char *db_path = NULL;
        int status = 0;
        const struct opt opts[] = {
            {"db", OPT_STRING, &db_path, NULL, "FILE", "the database"},
        };
        const char *syn = "--db FILE";
        if (!cli_parse("lytt-admin", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-admin", "scrub", db_path, "db", &status))
                return status;
        struct db *db = open_db(db_path, "scrub");
        if (!db)
                return 1;
        struct lytt_error err;
        int rc = db_rewrite(db, &err);
        if (rc == 0)
                rc = db_truncate_wal(db, &err);
        db_close(db);
        if (rc < 0)
                return fail("scrub", &err);
        printf("%s rewritten: no order of answers is left in its files\n", db_path);
        return 0;
}

static int cmd_keys(int argc, char **argv)
{
        const char *db_path = NULL, *key_file = NULL;
        int status = 0;
        const struct opt opts[] = {
            {"key-file", OPT_STRING, &key_file, NULL, "FILE", "the key file to make or check"},
            {"db", OPT_STRING, &db_path, NULL, "FILE",
             "a database whose keys (from an older Lytt) move into the file"},
        };
        const char *syn = "--key-file FILE [--db FILE]";
        if (!cli_parse("lytt-admin", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-admin", "keys", key_file, "key-file", &status))
                return status;
        struct db *db = NULL;
        if (db_path && !(db = open_db(db_path, "keys")))
                return 1;
        struct lytt_error err;
        struct keyfile keys;
        int rc = keyfile_load(key_file, db, &keys, &err);
        memset(&keys, 0, sizeof(keys));
        db_close(db);
        if (rc < 0)
                return fail("keys", &err);
        printf("%s holds the hash keys%s\n", key_file, db_path ? "; the database holds none" : "");
        return 0;
}

static const struct admin_command COMMANDS[] = {
    {"round", cmd_round, "open, close or list survey rounds"},
    {"invite", cmd_invite, "make single-use invitation codes (and letters) for a unit of a round"},
    {"poster", cmd_poster, "an A4/A3 poster with a QR code for the open link"},
    {"backup", cmd_backup,
     "a safe copy of the database (no order, no keys), server running or not"},
    {"scrub", cmd_scrub, "rewrite the database now so its files keep no order of answers"},
    {"keys", cmd_keys, "make (or check) the key file, moving an older database's keys into it"},
};

const struct admin_command *admin_commands(size_t *n)
{
        *n = sizeof(COMMANDS) / sizeof(COMMANDS[0]);
        return COMMANDS;
}
