/*
 * cli: what the subcommands of lytt-analyze and lytt-admin share on the command line:
 * options parsed from a table with usage on --help or error, required options, the
 * exit statuses, and --out. These print: they are program code, not library code;
 * only the programs link them.
 */
#ifndef LYTT_CLI_H
#define LYTT_CLI_H

#include "opts.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses of the three programs. */
enum cli_exit {
        CLI_EXIT_OK = 0,
        CLI_EXIT_FAILURE = 1, /* the command could not do its work (after a message) */
        CLI_EXIT_USAGE = 2,   /* a bad command line (after the usage) */
        CLI_EXIT_CHECK = 3,   /* a check found something (audit: values too narrow) */
};

/* Parses argv (argv[0] the subcommand) with opts. On --help prints the usage to
 * stdout and sets *status 0; on an error prints "PROG CMD: message" and the usage to
 * stderr and sets *status CLI_EXIT_USAGE. Returns true when the command should go on. */
bool cli_parse(const char *prog, int argc, char **argv, const struct opt *opts, size_t n,
               const char *synopsis, int *status);

/* True if value is set; otherwise says "--name is required" and sets *status 2. */
bool cli_require(const char *prog, const char *cmd, const char *value, const char *name,
                 int *status);

/* Opens --out (stdout for NULL or "-"); NULL (after a message) if it cannot. */
FILE *cli_open_out(const char *prog, const char *cmd, const char *path);

/* Closes what cli_open_out() gave; rc < 0 means writing already failed. Returns the
 * exit status (0, or 1 after a message). */
int cli_close_out(const char *prog, const char *cmd, FILE *f, const char *path, int rc);

#endif
