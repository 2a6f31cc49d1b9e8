#include "cli.h"

#include <string.h>
#include <unistd.h>

bool cli_parse(const char *prog, int argc, char **argv, const struct opt *opts, size_t n,
               const char *synopsis, int *status)
{
        struct lytt_error err;
        int rc = opts_parse(argc, argv, opts, n, &err);
        if (rc == 1) {
                opts_usage(stdout, argv[0], synopsis, opts, n);
                *status = 0;
                return false;
        }
        if (rc < 0) {
                fprintf(stderr, "%s %s: %s\n\n", prog, argv[0], err.msg);
                opts_usage(stderr, argv[0], synopsis, opts, n);
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

static void progress(size_t done, size_t total, void *arg)
{
        const char *what = arg;
        if (total == 0)
                return;
        fprintf(stderr, "\r%s: %3zu%% (%zu of %zu)", what, done * 100 / total, done, total);
        if (done >= total)
                fputc('\n', stderr);
        fflush(stderr);
}

dataset_progress_fn cli_progress(void)
{
        return isatty(2) ? progress : NULL;
}

struct dataset *cli_load(const char *cmd, const char *db, const char *survey, const char *wave,
                         const char *unit)
{
        struct lytt_error err;
        struct dataset *ds;
        struct dataset_filter f = {survey, wave, unit};
        if (dataset_load(db, &f, cli_progress(), "reading responses", &ds, &err) < 0) {
                char buf[700];
                fprintf(stderr, "lytt-analyze %s: %s\n", cmd,
                        lytt_error_format(&err, buf, sizeof(buf)));
                return NULL;
        }
        return ds;
}

FILE *cli_open_out(const char *cmd, const char *path)
{
        if (!path || strcmp(path, "-") == 0)
                return stdout;
        FILE *f = fopen(path, "wb");
        if (!f)
                fprintf(stderr, "lytt-analyze %s: cannot write %s\n", cmd, path);
        return f;
}

int cli_close_out(const char *cmd, FILE *f, const char *path, int rc)
{
        if (f != stdout) {
                if (fclose(f) != 0)
                        rc = -1;
        } else if (fflush(f) != 0) {
                rc = -1;
        }
        if (rc < 0) {
                fprintf(stderr, "lytt-analyze %s: writing %s failed\n", cmd,
                        path ? path : "the output");
                return 1;
        }
        return 0;
}
