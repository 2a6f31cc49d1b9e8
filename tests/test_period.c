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
         * week of the response (so it says nothing the week does not), and lasts 7-13 days. */
        for (int d = 23; d <= 29; d++) { /* Mon 23 Nov .. Sun 29 Nov 2026 */
                time_t t = utc(2026, 11, d, 15);
                long end = period_withdraw_end(t, 7);
                CHECK(end == period_day(utc(2026, 12, 7, 0)));
                long days = end - period_day(t);
                CHECK(days >= 8 && days <= 14);
        }
        /* The end is always a Monday. */
        for (int k = 1; k <= 30; k++) {
                long end = period_withdraw_end(utc(2026, 3, 1, 0), k);
                CHECK(((end % 7) + 7 + 3) % 7 == 0);
        }
        return test_done("test_period");
}
