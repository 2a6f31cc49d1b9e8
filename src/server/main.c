/* lytt-server: a thin main over the server library (server.h, server_cli.h). */
#include "db.h"
#include "keyfile.h"
#include "server.h"
#include "server_cli.h"
#include "strbuf.h"
#include "survey_catalog.h"
#include "xmalloc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EXIT_USAGE 2

static void print_diags(const struct lytt_diags *d)
{
        for (size_t i = 0; i < d->n; i++) {
                if (d->items[i].line > 0)
                        fprintf(stderr, "%s:%d: %s\n", d->items[i].file, d->items[i].line,
                                d->items[i].msg);
                else
                        fprintf(stderr, "%s: %s\n", d->items[i].file, d->items[i].msg);
        }
}

static int check_files(char *const *files, int n)
{
        struct lytt_diags diags = LYTT_DIAGS_INIT;
        for (int i = 0; i < n; i++) {
                struct survey_def *def;
                if (survey_def_load(files[i], &def, &diags) == 0)
                        survey_def_free(def);
        }
        print_diags(&diags);
        int bad = diags.n > 0;
        if (!bad)
                printf("%d file%s fine\n", n, n == 1 ? "" : "s");
        lytt_diags_release(&diags);
        return bad;
}

static char *read_file(const char *path)
{
        FILE *f = fopen(path, "rb");
        struct strbuf sb = STRBUF_INIT;
        char buf[4096];
        size_t n;
        if (!f) {
                fprintf(stderr, "lytt-server: %s: %s\n", path, strerror(errno));
                return NULL;
        }
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
                strbuf_add(&sb, buf, n);
        fclose(f);
        return strbuf_detach(&sb, NULL);
}

int main(int argc, char **argv)
{
        struct server_cli cli;
        struct lytt_error err;
        char msgbuf[1024];
        umask(077); /* every file Lytt writes is the owner's alone: database, WAL, keys */
        if (server_cli_parse(argc, argv, &cli, &err) < 0) {
                fprintf(stderr, "lytt-server: %s\n\n%s", err.msg, server_cli_usage());
                return EXIT_USAGE;
        }
        switch (cli.mode) {
        case CLI_HELP:
                fputs(server_cli_usage(), stdout);
                return 0;
        case CLI_VERSION:
                printf("lytt-server %s\n", LYTT_VERSION);
                return 0;
        case CLI_CHECK:
                return check_files(cli.files, cli.nfiles);
        case CLI_SERVE:
                break;
        }

        struct lytt_diags diags = LYTT_DIAGS_INIT;
        struct survey_catalog *cat = NULL;
        struct db *db = NULL;
        struct server *srv = NULL;
        char *cert = NULL, *key = NULL, *key_path = NULL;
        struct keyfile keys;
        int status = 1;
        if (survey_catalog_load_dir(cli.surveys_dir, &cat, &diags) < 0) {
                print_diags(&diags);
                goto out;
        }
        if (cli.tls_cert_file) {
                if (!(cert = read_file(cli.tls_cert_file)) || !(key = read_file(cli.tls_key_file)))
                        goto out;
                cli.server.tls_cert_pem = cert;
                cli.server.tls_key_pem = key;
        }
        if (db_open(cli.db_path, DB_READWRITE, &db, &err) < 0) {
                fprintf(stderr, "lytt-server: %s\n",
                        lytt_error_format(&err, msgbuf, sizeof(msgbuf)));
                goto out;
        }
        key_path = cli.key_file ? xstrdup(cli.key_file) : keyfile_default_path(cli.db_path);
        if (keyfile_load(key_path, db, &keys, &err) < 0) {
                fprintf(stderr, "lytt-server: %s\n",
                        lytt_error_format(&err, msgbuf, sizeof(msgbuf)));
                goto out;
        }
        cli.server.keys = &keys;
        /* Signals are taken by sigwait() below; every thread started after this
         * inherits the mask, so none of them is interrupted by them. */
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGTERM);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
        signal(SIGPIPE, SIG_IGN);
        if (server_start(&cli.server, cat, db, &srv, &err) < 0) {
                fprintf(stderr, "lytt-server: %s\n",
                        lytt_error_format(&err, msgbuf, sizeof(msgbuf)));
                goto out;
        }
        const char *host = cli.server.bind;
        bool v6 = strchr(host, ':') != NULL;
        printf("lytt-server: listening on %s://%s%s%s:%u/ (%zu questionnaire%s, database %s)\n",
               cli.server.tls_cert_pem ? "https" : "http", v6 ? "[" : "", host, v6 ? "]" : "",
               server_port(srv), cat->n, cat->n == 1 ? "" : "s", cli.db_path);
        fflush(stdout);
        int sig = 0;
        sigwait(&stop_signals, &sig);
        fprintf(stderr, "lytt-server: stopping (signal %d): finishing requests in flight\n", sig);
        server_stop(srv, 5);
        srv = NULL;
        status = 0;
out:
        server_stop(srv, 0);
        db_close(db);
        survey_catalog_free(cat);
        lytt_diags_release(&diags);
        free(cert);
        free(key);
        free(key_path);
        memset(&keys, 0, sizeof(keys));
        if (status == 0)
                fprintf(stderr, "lytt-server: stopped; database closed\n");
        return status;
}
