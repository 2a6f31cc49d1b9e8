#include "lytt_error.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lytt_error_set(struct lytt_error *err, const char *file, int line, const char *fmt, ...)
{
        if (!err)
                return;
        snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
        err->line = line;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
}

const char *lytt_error_format(const struct lytt_error *err, char *buf, size_t n)
{
        if (err->file[0] && err->line > 0)
                snprintf(buf, n, "%s:%d: %s", err->file, err->line, err->msg);
        else if (err->file[0])
                snprintf(buf, n, "%s: %s", err->file, err->msg);
        else
                snprintf(buf, n, "%s", err->msg);
        return buf;
}

void lytt_diags_add(struct lytt_diags *d, const char *file, int line, const char *fmt, ...)
{
        struct strbuf sb = STRBUF_INIT;
        va_list ap;
        va_start(ap, fmt);
        strbuf_vaddf(&sb, fmt, ap);
        va_end(ap);
        d->items = xgrow(d->items, sizeof(*d->items), d->n + 1, &d->alloc);
        d->items[d->n].file = xstrdup(file ? file : "");
        d->items[d->n].line = line;
        d->items[d->n].msg = strbuf_detach(&sb, NULL);
        d->n++;
}

void lytt_diags_release(struct lytt_diags *d)
{
        for (size_t i = 0; i < d->n; i++) {
                free(d->items[i].file);
                free(d->items[i].msg);
        }
        free(d->items);
        d->items = NULL;
        d->n = d->alloc = 0;
}
