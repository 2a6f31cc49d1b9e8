/*
 * lytt_clock: the monotonic clock in seconds, for timeouts and rates measured in
 * memory (never stored: stored times are periods, period.h).
 */
#ifndef LYTT_CLOCK_H
#define LYTT_CLOCK_H

#include <time.h>

static inline double lytt_monotonic(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
