/*
 * period: the coarse times Lytt keeps, and nothing finer.
 *
 * A response keeps the ISO week ("2026-W48") or the month ("2026-11") it was
 * given in, and the wave (survey round) it belongs to. Every other date stored is
 * computed from that label alone, never from the clock, so it cannot say more than
 * the label: a receipt keeps the day its withdraw window ends, a Monday that depends
 * only on the response's week or month.
 *
 * One time zone: labels and days are the municipality's local calendar, the
 * process's time zone (set TZ=Europe/Oslo for the service; docs/operations.md).
 * A submission at 00:30 on a Monday in Oslo belongs to that Monday's week, and its
 * receipt end day is that week's, not the UTC Sunday's.
 */
#ifndef LYTT_PERIOD_H
#define LYTT_PERIOD_H

#include "survey_def.h"

#include <stddef.h>
#include <time.h>

#define PERIOD_LABEL_MAX 16

/* Writes the week or month label of time t (local time) into buf. */
void period_label(time_t t, enum survey_period period, char *buf, size_t n);

/* Writes the default wave of time t, the half year "2026-H2", into buf. */
void period_default_wave(time_t t, char *buf, size_t n);

/* The local calendar day of time t, as days since 1970-01-01. */
long period_day(time_t t);

/* The days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
long period_civil_day(int y, int m, int d);

/* The first day of the period a label names ("2026-W48": its Monday; "2026-11": the
 * 1st), and the day after its last, as days since 1970-01-01. Returns 0, or -1 if
 * the label is not a week or month label. */
int period_bounds(const char *label, long *first, long *after);

/* The first day on which a receipt for a response of period `label` no longer
 * withdraws: the Monday after the week that holds the period's last day + days. So
 * every carer of the period gets at least `days` days, and the day says nothing the
 * label does not. -1 for a label that is not a period. */
long period_withdraw_end(const char *label, int days);

#endif
