/* lytt-admin: a thin main over the admin commands (admin.h). */
#include "admin.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void overview(FILE *f)
{
        size_t n;
        const struct admin_command *cmds = admin_commands(&n);
        fputs("usage: lytt-admin COMMAND [OPTIONS]   (lytt-admin COMMAND --help)\n\n"
              "Runs survey rounds: opens and closes them, makes invitation codes.\n\ncommands:\n",
              f);
        for (size_t i = 0; i < n; i++)
                fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
}

int main(int argc, char **argv)
{
        umask(077); /* letters, code lists, backups: the owner's alone */
        if (argc < 2) {
                overview(stderr);
                return 2;
        }
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
                overview(stdout);
                return 0;
        }
        size_t n;
        const struct admin_command *cmds = admin_commands(&n);
        for (size_t i = 0; i < n; i++)
                if (strcmp(cmds[i].name, argv[1]) == 0)
                        return cmds[i].run(argc - 1, argv + 1);
        fprintf(stderr, "lytt-admin: unknown command '%s'\n\n", argv[1]);
        overview(stderr);
        return 2;
}
