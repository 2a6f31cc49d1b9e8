/* lytt-analyze: a thin main over the analysis library; the subcommands are a table. */
#include "commands.h"

#include <stdio.h>
#include <sys/stat.h>
#include <string.h>

static void overview(FILE *f)
{
        size_t n;
        const struct command *cmds = commands_table(&n);
        fputs("usage: lytt-analyze COMMAND [OPTIONS]   (lytt-analyze COMMAND --help for its "
              "options)\n\nStatistics from a Lytt database, with small groups suppressed in "
              "every output.\n\ncommands:\n",
              f);
        for (size_t i = 0; i < n; i++)
                if (!cmds[i].hidden)
                        fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
}

int main(int argc, char **argv)
{
        umask(077); /* exports, charts and reports: the owner's alone */
        if (argc < 2) {
                overview(stderr);
                return 2;
        }
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
            strcmp(argv[1], "help") == 0) {
                overview(stdout);
                return 0;
        }
        if (strcmp(argv[1], "--version") == 0) {
                printf("lytt-analyze %s\n", LYTT_VERSION);
                return 0;
        }
        size_t n;
        const struct command *cmds = commands_table(&n);
        for (size_t i = 0; i < n; i++)
                if (strcmp(cmds[i].name, argv[1]) == 0)
                        return cmds[i].run(argc - 1, argv + 1);
        fprintf(stderr, "lytt-analyze: unknown command '%s'\n\n", argv[1]);
        overview(stderr);
        return 2;
}
