/*
 * admin: the subcommands of lytt-admin, for the quality adviser who runs a survey
 * round: open, close and list rounds, and make invitation codes. Each subcommand
 * parses its own options, prints, and returns the exit status (0 fine, 1 error,
 * 2 bad command line). The core library (round.h) does the work.
 */
#ifndef LYTT_ADMIN_H
#define LYTT_ADMIN_H

#include <stddef.h>

struct admin_command {
        const char *name;
        int (*run)(int argc, char **argv); /* argv[0] is the subcommand */
        const char *summary;
};

/* The subcommands, in the order the overview lists them. */
const struct admin_command *admin_commands(size_t *n);

#endif
