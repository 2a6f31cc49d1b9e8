/*
 * summary_out: a summary as text (for a terminal), CSV (one row per group and item
 * or domain) or JSON (the same numbers plus the method). Hidden numbers are empty
 * cells / null / "–", with the reason in the `suppressed` column or field.
 */
#ifndef LYTT_SUMMARY_OUT_H
#define LYTT_SUMMARY_OUT_H

#include "summary.h"

#include <stdbool.h>
#include <stdio.h>

enum out_format { OUT_TEXT, OUT_CSV, OUT_JSON };

/* Writes s to f. norwegian: the CSV dialect for spreadsheets set to Norwegian.
 * Returns 0, or -1 if writing failed. */
int summary_write(const struct summary *s, enum out_format fmt, bool norwegian, FILE *f);

/* The gate's rules and audit summary as a JSON object, for every JSON output's
 * "disclosure": min_group, buckets_from, points_from, and audit {run, and when run:
 * groups, figures, protected_values, narrow, pinned, seconds, passed, example}. */
struct json_t;
struct json_t *disclosure_audit_json(const struct disclosure *gate);

#endif
