/*
 * server_cli: the command line of lytt-server, parsed from a table of options.
 *
 *   lytt-server [--port N] [--bind ADDR] [--db FILE] [--surveys DIR]
 *               [--tls-cert FILE --tls-key FILE] [--threads N]
 *   lytt-server --check FILE...
 *   lytt-server --help | --version
 */
#ifndef LYTT_SERVER_CLI_H
#define LYTT_SERVER_CLI_H

#include "lytt_error.h"
#include "server.h"

#include <stdbool.h>

enum server_cli_mode { CLI_SERVE, CLI_CHECK, CLI_HELP, CLI_VERSION };

struct server_cli {
        enum server_cli_mode mode;
        struct server_config server; /* port, bind, threads (TLS PEM texts are read by main) */
        const char *db_path;         /* default "lytt.db" */
        const char *key_file;        /* NULL: keyfile_default_path() */
        const char *surveys_dir;     /* default "survey" */
        const char *tls_cert_file;   /* NULL or a file */
        const char *tls_key_file;
        char *const *files; /* --check: the files (borrowed from argv) */
        int nfiles;
};

/* Parses argv into cli. Returns 0, or -1 with err saying what is wrong (print it
 * with the usage and exit 2). Strings point into argv. */
int server_cli_parse(int argc, char *const *argv, struct server_cli *cli, struct lytt_error *err);

/* The usage text (for --help and after a usage error). */
const char *server_cli_usage(void);

#endif
