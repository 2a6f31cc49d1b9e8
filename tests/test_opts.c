/* opts and cli (src/tool): the option table parsed with getopt_long. */
#include "cli.h"
#include "opts.h"
#include "test.h"

#include <stdbool.h>

static const char *const FORMATS[] = {"text", "csv", "json", NULL};

struct got {
        const char *db, *unit;
        unsigned long n;
        bool flag;
        int format;
};

static int parse(struct got *g, int argc, char **argv, struct lytt_error *err)
{
        *g = (struct got){NULL, NULL, 7, false, 0};
        const struct opt opts[] = {
            {"db", OPT_STRING, &g->db, NULL, "FILE", "the database"},
            {"unit", OPT_STRING, &g->unit, NULL, "U", "a unit"},
            {"units-max", OPT_ULONG, &g->n, NULL, "N", "how many"},
            {"free-text", OPT_FLAG, &g->flag, NULL, NULL, "a flag"},
            {"format", OPT_CHOICE, &g->format, FORMATS, "F", "text, csv or json"},
        };
        err->msg[0] = '\0';
        return opts_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), err);
}

#define ARGV(...)                                                                                  \
        (char *[])                                                                                 \
        {                                                                                          \
                "cmd", __VA_ARGS__, NULL                                                           \
        }
#define ARGC(...)  ((int)(sizeof((char *[]){"cmd", __VA_ARGS__}) / sizeof(char *)))
#define PARSE(...) parse(&g, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), &err)

int main(void)
{
        struct got g;
        struct lytt_error err;

        CHECK(PARSE("--db", "a.db", "--format=csv", "--free-text", "--units-max", "12") == 0);
        CHECK_STR(g.db, "a.db");
        CHECK(g.format == 1 && g.flag && g.n == 12 && g.unit == NULL);

        /* a second argv parses afresh (getopt's state is reset) */
        CHECK(PARSE("--db=b.db") == 0);
        CHECK_STR(g.db, "b.db");
        CHECK(!g.flag && g.n == 7);

        /* an unambiguous prefix is the option; an ambiguous one is an error */
        CHECK(PARSE("--d", "c.db") == 0);
        CHECK_STR(g.db, "c.db");
        CHECK(PARSE("--uni", "x") == -1);
        CHECK(strstr(err.msg, "ambiguous option '--uni'") != NULL);
        CHECK(PARSE("--unit", "x") == 0); /* exact beats the longer "units-max" */
        CHECK_STR(g.unit, "x");

        CHECK(PARSE("--nope") == -1);
        CHECK_STR(err.msg, "unknown option '--nope'");
        CHECK(PARSE("--nope=1") == -1);
        CHECK_STR(err.msg, "unknown option '--nope'");
        CHECK(PARSE("-x") == -1);
        CHECK_STR(err.msg, "unknown option '-x'");
        CHECK(PARSE("--free-text=yes") == -1);
        CHECK_STR(err.msg, "--free-text takes no value");
        CHECK(PARSE("--db") == -1);
        CHECK_STR(err.msg, "--db needs a value");
        CHECK(PARSE("--db=") == -1);
        CHECK_STR(err.msg, "--db needs a value");
        CHECK(PARSE("--units-max", "-3") == -1);
        CHECK_STR(err.msg, "--units-max needs a whole number, not '-3'");
        CHECK(PARSE("--format", "xml") == -1);
        CHECK_STR(err.msg, "--format must be one of text, csv, json, not 'xml'");
        CHECK(PARSE("--db", "a.db", "extra") == -1);
        CHECK_STR(err.msg, "unexpected argument 'extra'");
        CHECK(PARSE("--db", "a.db", "--help") == 1);
        CHECK(PARSE("-h") == 1);
        CHECK(parse(&g, 1, (char *[]){"cmd", NULL}, &err) == 0);

        /* the exit statuses every program documents */
        CHECK(CLI_EXIT_OK == 0 && CLI_EXIT_FAILURE == 1 && CLI_EXIT_USAGE == 2 &&
              CLI_EXIT_CHECK == 3);
        int status = -1;
        CHECK(!cli_require("prog", "cmd", NULL, "db", &status) && status == CLI_EXIT_USAGE);
        CHECK(cli_require("prog", "cmd", "x", "db", &status));
        return test_done("opts");
}
