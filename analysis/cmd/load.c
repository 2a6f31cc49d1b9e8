#include "load.h"

#include <stdio.h>
#include <unistd.h>

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

dataset_progress_fn load_progress(void)
{
        return isatty(2) ? progress : NULL;
}

struct dataset *load_dataset(const char *cmd, const char *db, const char *survey, const char *wave,
                             const char *unit)
{
        struct lytt_error err;
        struct dataset *ds;
        struct dataset_filter f = {survey, wave, unit};
        if (dataset_load(db, &f, load_progress(), "reading responses", &ds, &err) < 0) {
                char buf[700];
                fprintf(stderr, ANALYZE " %s: %s\n", cmd,
                        lytt_error_format(&err, buf, sizeof(buf)));
                return NULL;
        }
        return ds;
}
