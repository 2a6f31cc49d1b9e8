#include "period.h"

#include <stdio.h>

void period_label(time_t t, enum survey_period period, char *buf, size_t n)
{
        struct tm tm;
        localtime_r(&t, &tm);
        if (strftime(buf, n, period == SURVEY_PERIOD_MONTH ? "%Y-%m" : "%G-W%V", &tm) == 0 && n)
                buf[0] = '\0';
}

void period_default_wave(time_t t, char *buf, size_t n)
{
        struct tm tm;
        localtime_r(&t, &tm);
        snprintf(buf, n, "%04d-H%d", tm.tm_year + 1900, tm.tm_mon < 6 ? 1 : 2);
}

long period_day(time_t t)
{
        long d = (long)(t / 86400);
        if (t < 0 && t % 86400)
                d--;
        return d;
}

long period_withdraw_end(time_t t, int days)
{
        long day = period_day(t) + days;
        long weekday = ((day % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday; Monday = 0 */
        return day - weekday + 7;
}
