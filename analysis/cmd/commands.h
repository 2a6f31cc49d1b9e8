/*
 * commands: the subcommands of lytt-analyze, each a function over the analysis
 * library that parses its options from a table, runs, prints and returns the exit
 * status (0 fine, 1 error, 2 bad command line).
 */
#ifndef LYTT_COMMANDS_H
#define LYTT_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

struct command {
        const char *name;
        int (*run)(int argc, char **argv); /* argv[0] is the subcommand's name */
        const char *summary;               /* one line for the overview */
        bool hidden;                       /* not listed (tools for tests and demos) */
};

/* The subcommands, in the order the overview lists them; n receives the count. */
const struct command *commands_table(size_t *n);

#endif
