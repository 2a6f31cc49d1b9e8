/*
 * chart_format: numbers as each language writes them, for charts and reports.
 *
 * Norwegian (nb, nn): decimal comma, a narrow no-break space before the percent
 * sign ("85 %", as Språkrådet recommends) and between groups of three digits
 * ("1 510"). English: decimal point, "85%", "1,510". Digits are grouped from
 * 1 000 up in both. Negative numbers take
 * the minus sign U+2212; a value that rounds to zero has no sign. NaN formats
 * as an en dash ("–").
 *
 * Every function writes a NUL-terminated string into the caller's buffer of
 * size `size` (CHART_NUM_MAX is always enough) and returns buf; the result is
 * cut short only if the buffer is smaller than that.
 */
#ifndef LYTT_CHART_FORMAT_H
#define LYTT_CHART_FORMAT_H

#include "chart.h"

#include <stddef.h>

#define CHART_NUM_MAX 64
#define CHART_NNBSP   "\xE2\x80\xAF" /* U+202F narrow no-break space */
#define CHART_MINUS   "\xE2\x88\x92" /* U+2212 minus sign */
#define CHART_NDASH   "\xE2\x80\x93" /* U+2013 en dash: ranges, missing values */

/* v with `decimals` (0..6) decimals: "62,5" (nb, nn), "62.5" (en). */
char *chart_format_number(char *buf, size_t size, double v, int decimals, enum chart_lang lang);

/* A percentage (v in 0..100): "85 %" (nb, nn), "85%" (en). */
char *chart_format_percent(char *buf, size_t size, double v, int decimals, enum chart_lang lang);

/* A count: "1 510" (nb, nn), "1,510" (en). */
char *chart_format_count(char *buf, size_t size, unsigned long v, enum chart_lang lang);

/* A difference with its sign: "+5,2", "−5,2"; zero has none. */
char *chart_format_signed(char *buf, size_t size, double v, int decimals, enum chart_lang lang);

/* A range: "62–66" (both ends formatted as chart_format_number does). */
char *chart_format_range(char *buf, size_t size, double lo, double hi, int decimals,
                         enum chart_lang lang);

#endif
