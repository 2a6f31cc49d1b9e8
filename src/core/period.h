/*
 * period: the coarse times Lytt keeps, and nothing finer.
 *
 * A response keeps the ISO week ("2026-W48") or the month ("2026-11") it was
 * given in, and the wave (survey round) it belongs to. Receipts keep the day on
 * which their withdraw window ends, rounded up to a week boundary so that it
 * says nothing the week does not already say.
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

/* Days since 1970-01-01 (UTC) of time t. */
long period_day(time_t t);

/* The first day (days since the epoch, a Monday) on which a receipt given at time
 * t may no longer withdraw: the Monday after the week that holds t + days. */
long period_withdraw_end(time_t t, int days);

#endif
