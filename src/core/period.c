#include "period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* After Howard Hinnant's days_from_civil. */
long period_civil_day(int y, int m, int d)
{
        y -= m <= 2;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
}

long period_day(time_t t)
{
        struct tm tm;
        localtime_r(&t, &tm);
        return period_civil_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Monday = 0 (1970-01-01 was a Thursday). */
static long weekday(long day)
{
        return ((day % 7) + 7 + 3) % 7;
}

/* Reads exactly `digits` digits. */
static int number(const char **p, int digits)
{
        int v = 0;
        for (int i = 0; i < digits; i++, (*p)++) {
                if (**p < '0' || **p > '9')
                        return -1;
                v = v * 10 + (**p - '0');
        }
        return v;
}

int period_bounds(const char *label, long *first, long *after)
{
        const char *p = label;
        int y = number(&p, 4);
        if (y < 0 || *p++ != '-')
                return -1;
        if (*p == 'W') {
                p++;
                int w = number(&p, 2);
                if (w < 1 || w > 53 || *p)
                        return -1;
                /* ISO week 1 holds January 4th. */
                long jan4 = period_civil_day(y, 1, 4);
                long monday = jan4 - weekday(jan4) + 7L * (w - 1);
                long next_jan4 = period_civil_day(y + 1, 1, 4);
                if (monday >= next_jan4 - weekday(next_jan4))
                        return -1; /* a week 53 in a year that has 52 */
                *first = monday;
                *after = monday + 7;
                return 0;
        }
        int m = number(&p, 2);
        if (m < 1 || m > 12 || *p)
                return -1;
        *first = period_civil_day(y, m, 1);
        *after = m == 12 ? period_civil_day(y + 1, 1, 1) : period_civil_day(y, m + 1, 1);
        return 0;
}

long period_withdraw_end(const char *label, int days)
{
        long first, after;
        if (period_bounds(label, &first, &after) < 0)
                return -1;
        long day = after - 1 + days;
        return day - weekday(day) + 7;
}
