#include "survey_catalog.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml(const char *name)
{
        size_t n = strlen(name);
        return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

int survey_catalog_load_dir(const char *dir, struct survey_catalog **out, struct lytt_diags *diags)
{
        struct survey_catalog *cat = xcalloc(1, sizeof(*cat));
        char **names = NULL;
        size_t nnames = 0, alloc = 0;
        size_t before = diags->n;
        struct dirent *de;
        *out = NULL;
        DIR *d = opendir(dir);
        if (!d) {
                lytt_diags_add(diags, dir, 0, "cannot open the questionnaire folder: %s",
                               strerror(errno));
                free(cat);
                return -1;
        }
        while ((de = readdir(d)) != NULL) {
                if (!is_yaml(de->d_name))
                        continue;
                names = xgrow(names, sizeof(*names), nnames + 1, &alloc);
                names[nnames++] = xstrdup(de->d_name);
        }
        closedir(d);
        qsort(names, nnames, sizeof(*names), by_name);
        cat->defs = xcalloc(nnames, sizeof(*cat->defs));
        for (size_t i = 0; i < nnames; i++) {
                struct strbuf path = STRBUF_INIT;
                struct survey_def *def;
                strbuf_addf(&path, "%s/%s", dir, names[i]);
                if (survey_def_load(path.buf, &def, diags) == 0) {
                        const struct survey_def *dup = survey_catalog_find(cat, def->id);
                        if (dup) {
                                lytt_diags_add(diags, path.buf, 0,
                                               "survey id '%s' is also used by %s", def->id,
                                               dup->path);
                                survey_def_free(def);
                        } else {
                                cat->defs[cat->n++] = def;
                        }
                }
                strbuf_release(&path);
                free(names[i]);
        }
        free(names);
        if (nnames == 0)
                lytt_diags_add(diags, dir, 0, "no questionnaire files (*.yaml) in this folder");
        if (diags->n > before) {
                survey_catalog_free(cat);
                return -1;
        }
        *out = cat;
        return 0;
}

const struct survey_def *survey_catalog_find(const struct survey_catalog *cat, const char *id)
{
        for (size_t i = 0; i < cat->n; i++)
                if (strcmp(cat->defs[i]->id, id) == 0)
                        return cat->defs[i];
        return NULL;
}

void survey_catalog_free(struct survey_catalog *cat)
{
        if (!cat)
                return;
        for (size_t i = 0; i < cat->n; i++)
                survey_def_free(cat->defs[i]);
        free(cat->defs);
        free(cat);
}
