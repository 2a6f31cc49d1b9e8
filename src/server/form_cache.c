#include "form_cache.h"
#include "compress.h"
#include "page.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <stdlib.h>

struct entry {
        const struct survey_def *def;
        const struct survey_unit *unit;
        int lang;
        bool large;
        struct cached_page page;
};

struct form_cache {
        struct entry *entries;
        size_t n, alloc;
};

struct form_cache *form_cache_new(const struct survey_catalog *cat)
{
        struct form_cache *fc = xcalloc(1, sizeof(*fc));
        for (size_t d = 0; d < cat->n; d++) {
                const struct survey_def *def = cat->defs[d];
                for (size_t u = 0; u <= def->nunits; u++) {
                        /* u == nunits: the form without a unit, which asks for it (with one
                         * unit only, /s/<survey> uses that unit's form). */
                        const struct survey_unit *unit = u < def->nunits ? &def->units[u] : NULL;
                        if (!unit && def->nunits == 1)
                                continue;
                        for (size_t l = 0; l < def->nlangs; l++) {
                                for (int large = 0; large < 2; large++) {
                                        struct page_view v = {def,   (int)l, def->langs[l], large,
                                                              false, false,  NULL,          0};
                                        struct strbuf html = STRBUF_INIT, gz = STRBUF_INIT;
                                        page_form(&html, &v, unit, NULL, NULL, PAGE_NOTICE_NONE);
                                        bool zipped = compress_gzip(html.buf, html.len, &gz) == 0;
                                        fc->entries = xgrow(fc->entries, sizeof(*fc->entries),
                                                            fc->n + 1, &fc->alloc);
                                        struct entry *e = &fc->entries[fc->n++];
                                        e->def = def;
                                        e->unit = unit;
                                        e->lang = (int)l;
                                        e->large = large;
                                        e->page.plain = strbuf_detach(&html, &e->page.plain_len);
                                        e->page.gz =
                                            zipped ? strbuf_detach(&gz, &e->page.gz_len) : NULL;
                                        strbuf_release(&gz);
                                }
                        }
                }
        }
        return fc;
}

const struct cached_page *form_cache_get(const struct form_cache *fc, const struct survey_def *def,
                                         const struct survey_unit *unit, int lang, bool large)
{
        for (size_t i = 0; i < fc->n; i++) {
                const struct entry *e = &fc->entries[i];
                if (e->def == def && e->unit == unit && e->lang == lang && e->large == large)
                        return &e->page;
        }
        return NULL;
}

size_t form_cache_bytes(const struct form_cache *fc)
{
        size_t n = 0;
        for (size_t i = 0; i < fc->n; i++)
                n += fc->entries[i].page.plain_len + fc->entries[i].page.gz_len;
        return n;
}

void form_cache_free(struct form_cache *fc)
{
        if (!fc)
                return;
        for (size_t i = 0; i < fc->n; i++) {
                free((char *)fc->entries[i].page.plain);
                free((char *)fc->entries[i].page.gz);
        }
        free(fc->entries);
        free(fc);
}
