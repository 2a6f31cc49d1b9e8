/* Coarse times: ISO week, month, default wave and the withdraw window. */
#include "period.h"
#include "test.h"

#include <stdlib.h>

static time_t utc(int y, int mo, int d, int h)
{
        struct tm tm = {0};
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = h;
        return timegm(&tm);
}

int main(void)
{
        char buf[PERIOD_LABEL_MAX];
        setenv("TZ", "UTC", 1);
        tzset();
        period_label(utc(2026, 11, 25, 12), SURVEY_PERIOD_WEEK, buf, sizeof(buf));
        CHECK_STR(buf, "2026-W48");
        period_label(utc(2026, 11, 25, 12), SURVEY_PERIOD_MONTH, buf, sizeof(buf));
        CHECK_STR(buf, "2026-11");
        /* ISO week-years differ from calendar years at the edges. */
        period_label(utc(2027, 1, 1, 12), SURVEY_PERIOD_WEEK, buf, sizeof(buf));
        CHECK_STR(buf, "2026-W53");
        period_label(utc(2024, 12, 30, 12), SURVEY_PERIOD_WEEK, buf, sizeof(buf));
        CHECK_STR(buf, "2025-W01");
        period_default_wave(utc(2026, 6, 30, 12), buf, sizeof(buf));
        CHECK_STR(buf, "2026-H1");
        period_default_wave(utc(2026, 7, 1, 0), buf, sizeof(buf));
        CHECK_STR(buf, "2026-H2");

        CHECK(period_day(utc(1970, 1, 2, 0)) == 1);
        CHECK(period_day(utc(1969, 12, 31, 23)) == -1);
        /* Withdraw window: for 7 days it always ends on the Monday two weeks after the
         * week of the response (so it says nothing the week does not), and lasts 8-14 days. */
        for (int d = 23; d <= 29; d++) { /* Mon 23 Nov .. Sun 29 Nov 2026 */
                time_t t = utc(2026, 11, d, 15);
                period_label(t, SURVEY_PERIOD_WEEK, buf, sizeof(buf));
                CHECK_STR(buf, "2026-W48");
                long end = period_withdraw_end(buf, 7);
                CHECK(end == period_day(utc(2026, 12, 7, 0)));
                long days = end - period_day(t);
                CHECK(days >= 8 && days <= 14);
        }
        /* The end is always a Monday, for weeks and months alike. */
        for (int k = 1; k <= 30; k++) {
                long end = period_withdraw_end("2026-W09", k);
                CHECK(((end % 7) + 7 + 3) % 7 == 0);
                end = period_withdraw_end("2026-02", k);
                CHECK(((end % 7) + 7 + 3) % 7 == 0);
                /* Every day of February keeps at least k days. */
                CHECK(end - period_civil_day(2026, 2, 28) >= k);
        }
        /* A month label (the young carers' survey): the end depends on the month only.
         * Feb 2026 ends Sat 28th; + 7 = Sat 7 Mar; the Monday after: 9 Mar. */
        CHECK(period_withdraw_end("2026-02", 7) == period_civil_day(2026, 3, 9));
        for (int d = 1; d <= 28; d++) {
                period_label(utc(2026, 2, d, 12), SURVEY_PERIOD_MONTH, buf, sizeof(buf));
                CHECK(period_withdraw_end(buf, 7) == period_civil_day(2026, 3, 9));
        }
        /* Bounds of labels, ISO week-years included. */
        long first, after;
        CHECK(period_bounds("2026-W53", &first, &after) == 0); /* 2026 has 53 weeks */
        CHECK(first == period_civil_day(2026, 12, 28) && after == first + 7);
        CHECK(period_bounds("2025-W01", &first, &after) == 0);
        CHECK(first == period_civil_day(2024, 12, 30));
        CHECK(period_bounds("2025-W53", &first, &after) < 0); /* 2025 has 52 */
        CHECK(period_bounds("2026-12", &first, &after) == 0);
        CHECK(first == period_civil_day(2026, 12, 1) && after == period_civil_day(2027, 1, 1));
        CHECK(period_bounds("2026-13", &first, &after) < 0);
        CHECK(period_bounds("2026-W4", &first, &after) < 0);
        CHECK(period_bounds("26-11", &first, &after) < 0);
        CHECK(period_withdraw_end("nonsense", 7) == -1);

        /* One time zone: Monday 7 Dec 2026 00:30 in Oslo is Sunday 23:30 UTC. The label
         * is Oslo's week 50, and the receipt's end day is that week's, so nothing marks
         * the first hour of the Monday. */
        setenv("TZ", "Europe/Oslo", 1);
        tzset();
        time_t monday_0030 = utc(2026, 12, 6, 23) + 30 * 60;
        period_label(monday_0030, SURVEY_PERIOD_WEEK, buf, sizeof(buf));
        CHECK_STR(buf, "2026-W50");
        CHECK(period_day(monday_0030) == period_civil_day(2026, 12, 7));
        long end_monday = period_withdraw_end(buf, 7);
        period_label(utc(2026, 12, 9, 12), SURVEY_PERIOD_WEEK, buf, sizeof(buf)); /* Wednesday */
        CHECK(end_monday == period_withdraw_end(buf, 7));
        CHECK(end_monday == period_civil_day(2026, 12, 21));
        /* The Sunday 23:30 before, in Oslo, is week 49. */
        period_label(utc(2026, 12, 6, 22) + 30 * 60, SURVEY_PERIOD_WEEK, buf, sizeof(buf));
        CHECK_STR(buf, "2026-W49");
        return test_done("test_period");
}
