/*
 * opts: command-line options from a table (after curl's tool_getparam.c), for the
 * subcommands of lytt-analyze. "--name value" and "--name=value" both work.
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

/* Parses argv[1..] (argv[0] is the subcommand). Returns 0, 1 if --help was given,
 * or -1 with err. No positional arguments are accepted. */
int opts_parse(int argc, char **argv, const struct opt *opts, size_t n, struct lytt_error *err);

/* Writes "usage: lytt-analyze CMD SYNOPSIS" and the option table to f. */
void opts_usage(FILE *f, const char *cmd, const char *synopsis, const struct opt *opts, size_t n);

#endif
