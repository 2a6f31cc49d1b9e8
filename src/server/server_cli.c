#include "server_cli.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum opt_id {
        O_NUMBER, /* a whole number into a field of struct server_config */
        O_BIND,
        O_DB,
        O_KEY_FILE,
        O_SURVEYS,
        O_TLS_CERT,
        O_TLS_KEY,
        O_CHECK,
        O_HELP,
        O_VERSION
};

#define NUM(field) offsetof(struct server_config, field)
#define NONE       0, 0, 0

/* Sorted by name. Numbers: the field they set and their range. */
static const struct option_def {
        const char *name;
        enum opt_id id;
        bool takes_value;
        size_t field;
        unsigned long lo, hi;
} OPTIONS[] = {
    {"bind", O_BIND, true, NONE},
    {"check", O_CHECK, false, NONE},
    {"commit-batch", O_NUMBER, true, NUM(commit_batch), 1, 100000},
    {"db", O_DB, true, NONE},
    {"help", O_HELP, false, NONE},
    {"key-file", O_KEY_FILE, true, NONE},
    {"max-connections", O_NUMBER, true, NUM(max_connections), 1, 100000},
    {"per-address-connections", O_NUMBER, true, NUM(per_address_limit), 1, 100000},
    {"port", O_NUMBER, true, NUM(port), 0, 65535},
    {"rate-limit", O_NUMBER, true, NUM(rate_per_minute), 0, 100000},
    {"request-deadline", O_NUMBER, true, NUM(request_deadline), 1, 3600},
    {"scrub-after", O_NUMBER, true, NUM(scrub_after), 1, 3600},
    {"scrub-every", O_NUMBER, true, NUM(scrub_every), 60, 86400},
    {"surveys", O_SURVEYS, true, NONE},
    {"threads", O_NUMBER, true, NUM(threads), 1, 256},
    {"timeout", O_NUMBER, true, NUM(connection_timeout), 1, 3600},
    {"tls-cert", O_TLS_CERT, true, NONE},
    {"tls-key", O_TLS_KEY, true, NONE},
    {"version", O_VERSION, false, NONE},
};

const char *server_cli_usage(void)
{
        return "usage: lytt-server [--port N] [--bind ADDR] [--db FILE] [--surveys DIR]\n"
               "                   [--tls-cert FILE --tls-key FILE] [--threads N] [--timeout S]\n"
               "                   [--max-connections N] [--per-address-connections N]\n"
               "                   [--rate-limit N] [--key-file FILE] [--request-deadline S]\n"
               "                   [--scrub-after S] [--scrub-every S]\n"
               "       lytt-server --check FILE...\n"
               "       lytt-server --help | --version\n"
               "\n"
               "Serves the carer survey forms of every questionnaire in --surveys and stores\n"
               "the answers, anonymously, in the SQLite database --db.\n"
               "\n"
               "  --port N         port to listen on (default 8080; 0 picks a free one)\n"
               "  --bind ADDR      numeric address to listen on (default 127.0.0.1)\n"
               "  --db FILE        database file, created if missing (default lytt.db)\n"
               "  --key-file FILE  the hash keys, created 0600 if missing (default: FILE.key\n"
               "                   beside the database, or $LYTT_KEY_FILE, or lytt.key in\n"
               "                   systemd's $CREDENTIALS_DIRECTORY)\n"
               "  --surveys DIR    folder of questionnaire files *.yaml (default survey)\n"
               "  --tls-cert FILE  serve HTTPS with this PEM certificate chain...\n"
               "  --tls-key FILE   ...and this PEM private key (both or neither)\n"
               "  --threads N      request threads (default: one per CPU)\n"
               "  --timeout S      seconds a connection may stay idle (default 30)\n"
               "  --request-deadline S  seconds for a request's headers and body to arrive\n"
               "                   in full, however slowly they trickle (default 10)\n"
               "  --max-connections N          open connections at most (default 1000)\n"
               "  --per-address-connections N  from one client address (default 64)\n"
               "  --commit-batch N submissions committed together at most (default 512;\n"
               "                   1 is one transaction each, the slow naive way)\n"
               "  --rate-limit N   submissions a minute from one address, held in memory\n"
               "                   only (default 60; 0 off, e.g. behind a proxy)\n"
               "  --scrub-after S  seconds without writes after which the database files are\n"
               "                   rewritten so they keep no order of answers (default 10)\n"
               "  --scrub-every S  under continuous writes, rewrite at least this often\n"
               "                   (default 3600)\n"
               "  --check FILE...  check questionnaire files, print every problem as\n"
               "                   file:line: message, exit 1 if there is any\n"
               "\n"
               "Exit status: 0 stopped cleanly or files fine, 1 error, 2 bad command line.\n";
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
        char *end;
        if (!s || !*s || *s == '-' || *s == '+')
                return false;
        errno = 0;
        unsigned long v = strtoul(s, &end, 10);
        if (*end || errno || v > max)
                return false;
        *out = v;
        return true;
}

static const struct option_def *find_option(const char *name, size_t len)
{
        for (size_t i = 0; i < sizeof(OPTIONS) / sizeof(OPTIONS[0]); i++)
                if (strlen(OPTIONS[i].name) == len && strncmp(OPTIONS[i].name, name, len) == 0)
                        return &OPTIONS[i];
        return NULL;
}

int server_cli_parse(int argc, char *const *argv, struct server_cli *cli, struct lytt_error *err)
{
        struct server_config defaults = SERVER_CONFIG_INIT;
        memset(cli, 0, sizeof(*cli));
        cli->mode = CLI_SERVE;
        cli->server = defaults;
        cli->db_path = "lytt.db";
        cli->surveys_dir = "survey";
        int i;
        for (i = 1; i < argc; i++) {
                const char *arg = argv[i];
                if (strcmp(arg, "--") == 0) {
                        i++;
                        break;
                }
                if (strncmp(arg, "--", 2) != 0) {
                        if (cli->mode == CLI_CHECK)
                                break;
                        lytt_error_set(err, NULL, 0, "unexpected argument '%s'", arg);
                        return -1;
                }
                const char *name = arg + 2, *eq = strchr(name, '=');
                size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
                const struct option_def *o = find_option(name, nlen);
                if (!o) {
                        lytt_error_set(err, NULL, 0, "unknown option '%.*s'", (int)nlen + 2, arg);
                        return -1;
                }
                const char *value = NULL;
                if (o->takes_value) {
                        if (eq)
                                value = eq + 1;
                        else if (i + 1 < argc)
                                value = argv[++i];
                        if (!value || !*value) {
                                lytt_error_set(err, NULL, 0, "option --%s needs a value", o->name);
                                return -1;
                        }
                } else if (eq) {
                        lytt_error_set(err, NULL, 0, "option --%s takes no value", o->name);
                        return -1;
                }
                unsigned long n;
                switch (o->id) {
                case O_NUMBER:
                        if (!parse_uint(value, o->hi, &n) || n < o->lo) {
                                lytt_error_set(err, NULL, 0,
                                               "--%s must be a whole number from %lu to %lu, "
                                               "not '%s'",
                                               o->name, o->lo, o->hi, value);
                                return -1;
                        }
                        *(unsigned *)((char *)&cli->server + o->field) = (unsigned)n;
                        break;
                case O_BIND:
                        cli->server.bind = value;
                        break;
                case O_DB:
                        cli->db_path = value;
                        break;
                case O_KEY_FILE:
                        cli->key_file = value;
                        break;
                case O_SURVEYS:
                        cli->surveys_dir = value;
                        break;
                case O_TLS_CERT:
                        cli->tls_cert_file = value;
                        break;
                case O_TLS_KEY:
                        cli->tls_key_file = value;
                        break;
                case O_CHECK:
                        cli->mode = CLI_CHECK;
                        break;
                case O_HELP:
                        cli->mode = CLI_HELP;
                        return 0;
                case O_VERSION:
                        cli->mode = CLI_VERSION;
                        return 0;
                }
        }
        if (cli->mode == CLI_CHECK) {
                cli->files = argv + i;
                cli->nfiles = argc - i;
                if (cli->nfiles == 0) {
                        lytt_error_set(err, NULL, 0, "--check needs at least one file");
                        return -1;
                }
                return 0;
        }
        if (i < argc) {
                lytt_error_set(err, NULL, 0, "unexpected argument '%s'", argv[i]);
                return -1;
        }
        if (!cli->tls_cert_file != !cli->tls_key_file) {
                lytt_error_set(err, NULL, 0, "--tls-cert and --tls-key go together");
                return -1;
        }
        return 0;
}
