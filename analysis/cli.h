/*
 * cli: what the subcommands of lytt-analyze (and lytt-admin) share on the command
 * line: options parsed from a table with usage on --help or error, required options,
 * a progress line on a terminal, the dataset read with errors printed, and --out.
 * These print: they are program code, not library code.
 */
#ifndef LYTT_CLI_H
#define LYTT_CLI_H

#include "dataset.h"
#include "opts.h"

#include <stdbool.h>
#include <stdio.h>

#define CLI_EXIT_USAGE 2

/* Parses argv with opts. On --help prints the usage to stdout and sets *status 0; on
 * an error prints "PROG CMD: message" and the usage to stderr and sets *status 2.
 * Returns true when the command should go on. */
bool cli_parse(const char *prog, int argc, char **argv, const struct opt *opts, size_t n,
               const char *synopsis, int *status);

/* True if value is set; otherwise says "--name is required" and sets *status 2. */
bool cli_require(const char *prog, const char *cmd, const char *value, const char *name,
                 int *status);

/* A progress callback for stderr when it is a terminal, NULL otherwise (arg: what). */
dataset_progress_fn cli_progress(void);

/* Reads the dataset, printing what went wrong; NULL on failure. */
struct dataset *cli_load(const char *cmd, const char *db, const char *survey, const char *wave,
                         const char *unit);

/* Opens --out (stdout for NULL or "-"); NULL (after a message) if it cannot. */
FILE *cli_open_out(const char *cmd, const char *path);

/* Closes what cli_open_out() gave; rc < 0 means writing already failed. Returns the
 * exit status (0, or 1 after a message). */
int cli_close_out(const char *cmd, FILE *f, const char *path, int rc);

#endif
