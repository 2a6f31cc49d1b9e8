#include "opts.h"

#include "xmalloc.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

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
                *(bool *)o->target = true;
                return 0;
        }
        return -1;
}

/* What is wrong with word, an option getopt_long() refused: told from the word and
 * the table (getopt's optopt cannot tell an unknown option from the first one). */
static void bad_option(const char *word, const struct opt *opts, size_t n, struct lytt_error *err)
{
        if (!word || strncmp(word, "--", 2) != 0) {
                lytt_error_set(err, NULL, 0, "unknown option '%s'", word ? word : "");
                return;
        }
        const char *name = word + 2;
        size_t len = strcspn(name, "="), matches = 0;
        const struct opt *o = NULL;
        for (size_t i = 0; i < n; i++) {
                if (strncmp(opts[i].name, name, len) != 0)
                        continue;
                if (strlen(opts[i].name) == len) { /* exact */
                        o = &opts[i];
                        matches = 1;
                        break;
                }
                o = &opts[i];
                matches++;
        }
        if (matches == 0)
                lytt_error_set(err, NULL, 0, "unknown option '--%.*s'", (int)len, name);
        else if (matches > 1)
                lytt_error_set(err, NULL, 0, "ambiguous option '--%.*s'", (int)len, name);
        else if (o->kind == OPT_FLAG)
                lytt_error_set(err, NULL, 0, "--%s takes no value", o->name);
        else
                lytt_error_set(err, NULL, 0, "--%s needs a value", o->name);
}

int opts_parse(int argc, char **argv, const struct opt *opts, size_t n, struct lytt_error *err)
{
        struct option *lo = xcalloc(n + 2, sizeof(*lo));
        for (size_t i = 0; i < n; i++)
                lo[i] = (struct option){opts[i].name,
                                        opts[i].kind == OPT_FLAG ? no_argument : required_argument,
                                        NULL, (int)i};
        lo[n] = (struct option){"help", no_argument, NULL, (int)n};
        int rc = 0;
        opterr = 0;
        optind = 0; /* GNU: start afresh, also after an earlier argv */
        for (;;) {
                int index = -1, at = optind ? optind : 1;
                int c = getopt_long(argc, argv, "+:h", lo, &index);
                if (c == -1)
                        break;
                if (c == 'h' || c == (int)n) {
                        rc = 1;
                        break;
                }
                if (c == '?' || c == ':') {
                        bad_option(at < argc ? argv[at] : NULL, opts, n, err);
                        rc = -1;
                        break;
                }
                const struct opt *o = &opts[c];
                if (o->kind != OPT_FLAG && (!optarg || !*optarg)) {
                        lytt_error_set(err, NULL, 0, "--%s needs a value", o->name);
                        rc = -1;
                        break;
                }
                if (set_value(o, optarg, err) < 0) {
                        rc = -1;
                        break;
                }
        }
        if (rc == 0 && optind < argc) {
                lytt_error_set(err, NULL, 0, "unexpected argument '%s'", argv[optind]);
                rc = -1;
        }
        free(lo);
        return rc;
}

void opts_usage(FILE *f, const char *prog, const char *cmd, const char *synopsis,
                const struct opt *opts, size_t n)
{
        fprintf(f, "usage: %s %s %s\n\n", prog, cmd, synopsis);
        for (size_t i = 0; i < n; i++) {
                char left[64];
                snprintf(left, sizeof(left), "--%s%s%s", opts[i].name, opts[i].arg ? " " : "",
                         opts[i].arg ? opts[i].arg : "");
                fprintf(f, "  %-24s %s\n", left, opts[i].help);
        }
}
