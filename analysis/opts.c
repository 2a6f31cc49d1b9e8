#include "opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct opt *find(const struct opt *opts, size_t n, const char *name, size_t len)
{
        for (size_t i = 0; i < n; i++)
                if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
                        return &opts[i];
        return NULL;
}

static int set_value(const struct opt *o, const char *v, struct lytt_error *err)
{
        switch (o->kind) {
        case OPT_STRING:
                *(const char **)o->target = v;
                return 0;
        case OPT_ULONG: {
                char *end;
                errno = 0;
                unsigned long x = strtoul(v, &end, 10);
                if (!*v || *end || errno || *v == '-') {
                        lytt_error_set(err, NULL, 0, "--%s needs a whole number, not '%s'", o->name,
                                       v);
                        return -1;
                }
                *(unsigned long *)o->target = x;
                return 0;
        }
        case OPT_CHOICE:
                for (int i = 0; o->choices[i]; i++)
                        if (strcmp(o->choices[i], v) == 0) {
                                *(int *)o->target = i;
                                return 0;
                        }
                {
                        char list[256] = "";
                        size_t len = 0;
                        for (int i = 0; o->choices[i] && len < sizeof(list); i++)
                                len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
                                                        i ? ", " : "", o->choices[i]);
                        lytt_error_set(err, NULL, 0, "--%s must be one of %s, not '%s'", o->name,
                                       list, v);
                }
                return -1;
        case OPT_FLAG:
                break;
        }
        return -1;
}

int opts_parse(int argc, char **argv, const struct opt *opts, size_t n, struct lytt_error *err)
{
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
                        return 1;
                if (strncmp(a, "--", 2) != 0) {
                        lytt_error_set(err, NULL, 0, "unexpected argument '%s'", a);
                        return -1;
                }
                const char *name = a + 2, *eq = strchr(name, '=');
                size_t len = eq ? (size_t)(eq - name) : strlen(name);
                const struct opt *o = find(opts, n, name, len);
                if (!o) {
                        lytt_error_set(err, NULL, 0, "unknown option '--%.*s'", (int)len, name);
                        return -1;
                }
                if (o->kind == OPT_FLAG) {
                        if (eq) {
                                lytt_error_set(err, NULL, 0, "--%s takes no value", o->name);
                                return -1;
                        }
                        *(bool *)o->target = true;
                        continue;
                }
                const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (!v || !*v) {
                        lytt_error_set(err, NULL, 0, "--%s needs a value", o->name);
                        return -1;
                }
                if (set_value(o, v, err) < 0)
                        return -1;
        }
        return 0;
}

void opts_usage(FILE *f, const char *cmd, const char *synopsis, const struct opt *opts, size_t n)
{
        fprintf(f, "usage: lytt-analyze %s %s\n\n", cmd, synopsis);
        for (size_t i = 0; i < n; i++) {
                char left[64];
                snprintf(left, sizeof(left), "--%s%s%s", opts[i].name, opts[i].arg ? " " : "",
                         opts[i].arg ? opts[i].arg : "");
                fprintf(f, "  %-24s %s\n", left, opts[i].help);
        }
}
