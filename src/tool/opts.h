/*
 * opts: command-line options from a table, for the subcommands of lytt-analyze and
 * lytt-admin, parsed with libc's getopt_long(3): "--name value", "--name=value" and
 * an unambiguous prefix of a name all work. The table (after curl's
 * tool_getparam.c) says what each option sets, so usage and parsing cannot drift.
 */
#ifndef LYTT_OPTS_H
#define LYTT_OPTS_H

#include "lytt_error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum opt_kind {
        OPT_STRING, /* target: const char ** */
        OPT_ULONG,  /* target: unsigned long * */
        OPT_FLAG,   /* target: bool * */
        OPT_CHOICE, /* target: int *, the index in choices */
};

struct opt {
        const char *name; /* without the leading "--" */
        enum opt_kind kind;
        void *target;
        const char *const *choices; /* OPT_CHOICE: NULL-terminated */
        const char *arg;            /* the value's name in the usage, e.g. "FILE" */
        const char *help;           /* one line */
};

/* Parses argv[1..] (argv[0] is the subcommand). Returns 0, 1 if --help (or -h) was
 * given, or -1 with err. No positional arguments are accepted. May be called again
 * for another argv (getopt's state is reset). */
int opts_parse(int argc, char **argv, const struct opt *opts, size_t n, struct lytt_error *err);

/* Writes "usage: PROG CMD SYNOPSIS" and the option table to f. */
void opts_usage(FILE *f, const char *prog, const char *cmd, const char *synopsis,
                const struct opt *opts, size_t n);

#endif
