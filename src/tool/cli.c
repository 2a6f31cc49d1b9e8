#include "cli.h"

#include <string.h>

bool cli_parse(const char *prog, int argc, char **argv, const struct opt *opts, size_t n,
               const char *synopsis, int *status)
{
        struct lytt_error err;
        int rc = opts_parse(argc, argv, opts, n, &err);
        if (rc == 1) {
                opts_usage(stdout, prog, argv[0], synopsis, opts, n);
                *status = CLI_EXIT_OK;
                return false;
        }
        if (rc < 0) {
                fprintf(stderr, "%s %s: %s\n\n", prog, argv[0], err.msg);
                opts_usage(stderr, prog, argv[0], synopsis, opts, n);
                *status = CLI_EXIT_USAGE;
                return false;
        }
        return true;
}

bool cli_require(const char *prog, const char *cmd, const char *value, const char *name,
                 int *status)
{
        if (value)
                return true;
        fprintf(stderr, "%s %s: --%s is required (see --help)\n", prog, cmd, name);
        *status = CLI_EXIT_USAGE;
        return false;
}

FILE *cli_open_out(const char *prog, const char *cmd, const char *path)
{
        if (!path || strcmp(path, "-") == 0)
                return stdout;
        FILE *f = fopen(path, "wb");
        if (!f)
                fprintf(stderr, "%s %s: cannot write %s\n", prog, cmd, path);
        return f;
}

int cli_close_out(const char *prog, const char *cmd, FILE *f, const char *path, int rc)
{
        if (f != stdout) {
                if (fclose(f) != 0)
                        rc = -1;
        } else if (fflush(f) != 0) {
                rc = -1;
        }
        if (rc < 0) {
                fprintf(stderr, "%s %s: writing %s failed\n", prog, cmd,
                        path ? path : "the output");
                return CLI_EXIT_FAILURE;
        }
        return CLI_EXIT_OK;
}
