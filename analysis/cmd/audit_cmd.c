#include "audit_cmd.h"
#include "cli.h"
#include "load.h"
#include "disclosure.h"
#include "summary_out.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

int audit_cmd(int argc, char **argv)
{
        const char *db = NULL, *survey = NULL, *out = NULL;
        int format = 0, status = 0;
        static const char *const FORMATS[] = {"text", "json", NULL};
        const struct opt opts[] = {
            {"db", OPT_STRING, &db, NULL, "FILE", "the database (read only)"},
            {"survey", OPT_STRING, &survey, NULL, "ID", "the survey"},
            {"format", OPT_CHOICE, &format, FORMATS, "F", "text (default) or json"},
            {"out", OPT_STRING, &out, NULL, "FILE", "write here instead of standard output"},
        };
        const char *syn = "--db FILE --survey ID [--format text|json]";
        if (!cli_parse("lytt-analyze", argc, argv, opts, sizeof(opts) / sizeof(opts[0]), syn,
                       &status) ||
            !cli_require("lytt-analyze", argv[0], db, "db", &status) ||
            !cli_require("lytt-analyze", argv[0], survey, "survey", &status))
                return status;
        struct dataset *ds = load_dataset(argv[0], db, survey, NULL, NULL);
        if (!ds)
                return 1;
        struct lytt_error err;
        if (disclosure_audit_run(ds->gate, &err) < 0) {
                char buf[700];
                fprintf(stderr, "lytt-analyze audit: %s\n",
                        lytt_error_format(&err, buf, sizeof(buf)));
                dataset_free(ds);
                return 1;
        }
        const struct disclosure_audit *a = disclosure_audit_summary(ds->gate);
        FILE *f = cli_open_out(ANALYZE, argv[0], out);
        int rc = 0;
        if (f && format == 1) {
                json_t *root = json_object();
                json_object_set_new(root, "survey", json_string(ds->survey_id));
                json_object_set_new(root, "disclosure", disclosure_audit_json(ds->gate));
                rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_REAL_PRECISION(6)) < 0 ? -1 : 0;
                fputc('\n', f);
                json_decref(root);
        } else if (f) {
                fprintf(f,
                        "Disclosure audit of %s: %zu groups, %zu published figures, %zu "
                        "protected values (hidden sizes, withheld counts, banded shares), "
                        "%.1f s.\n",
                        ds->survey_id, a->groups, a->figures, a->protected_values, a->seconds);
                if (a->narrow == 0)
                        fprintf(f, "Every protected value keeps the range the rule asks for.\n");
                else
                        fprintf(f,
                                "%zu protected values are narrower than the rule asks (%zu of "
                                "them pinned to one value); first: %s\n",
                                a->narrow, a->pinned, a->example);
        }
        bool passed = a->passed;
        status = f ? cli_close_out(ANALYZE, argv[0], f, out, rc) : 1;
        dataset_free(ds);
        return status == 0 && !passed ? 3 : status;
}
