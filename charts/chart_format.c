#include "chart_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Appends s to buf (of size size, holding *len bytes), cutting it short if needed. */
static void put(char *buf, size_t size, size_t *len, const char *s)
{
        size_t n = strlen(s);
        if (*len + 1 >= size)
                return;
        if (n > size - 1 - *len)
                n = size - 1 - *len;
        memcpy(buf + *len, s, n);
        *len += n;
        buf[*len] = '\0';
}

static bool norwegian(enum chart_lang lang)
{
        return lang != CHART_LANG_EN;
}

/* |v| rounded to `decimals`, as digits with a '.' (from snprintf), then regrouped
 * and given the language's separators. *zero tells whether it rounded to 0. */
static void magnitude(char *buf, size_t size, size_t *len, double v, int decimals,
                      enum chart_lang lang, bool *zero)
{
        char raw[CHART_NUM_MAX];
        if (decimals < 0)
                decimals = 0;
        if (decimals > 6)
                decimals = 6;
        snprintf(raw, sizeof(raw), "%.*f", decimals, fabs(v));
        *zero = strspn(raw, "0.") == strlen(raw);
        const char *dot = strchr(raw, '.');
        size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw);
        const char *group = norwegian(lang) ? CHART_NNBSP : ",";
        for (size_t i = 0; i < ilen; i++) {
                char d[2] = {raw[i], '\0'};
                if (i > 0 && ilen >= 4 && (ilen - i) % 3 == 0)
                        put(buf, size, len, group);
                put(buf, size, len, d);
        }
        if (dot) {
                put(buf, size, len, norwegian(lang) ? "," : ".");
                put(buf, size, len, dot + 1);
        }
}

static char *number(char *buf, size_t size, double v, int decimals, enum chart_lang lang, bool plus)
{
        size_t len = 0;
        if (size == 0)
                return buf;
        buf[0] = '\0';
        if (isnan(v)) {
                put(buf, size, &len, CHART_NDASH);
                return buf;
        }
        char mag[CHART_NUM_MAX];
        size_t mlen = 0;
        bool zero;
        mag[0] = '\0';
        magnitude(mag, sizeof(mag), &mlen, v, decimals, lang, &zero);
        if (!zero && v < 0)
                put(buf, size, &len, CHART_MINUS);
        else if (!zero && plus)
                put(buf, size, &len, "+");
        put(buf, size, &len, mag);
        return buf;
}

char *chart_format_number(char *buf, size_t size, double v, int decimals, enum chart_lang lang)
{
        return number(buf, size, v, decimals, lang, false);
}

char *chart_format_signed(char *buf, size_t size, double v, int decimals, enum chart_lang lang)
{
        return number(buf, size, v, decimals, lang, true);
}

char *chart_format_percent(char *buf, size_t size, double v, int decimals, enum chart_lang lang)
{
        number(buf, size, v, decimals, lang, false);
        if (isnan(v))
                return buf;
        size_t len = strlen(buf);
        put(buf, size, &len, norwegian(lang) ? CHART_NNBSP "%" : "%");
        return buf;
}

char *chart_format_count(char *buf, size_t size, unsigned long v, enum chart_lang lang)
{
        return number(buf, size, (double)v, 0, lang, false);
}

char *chart_format_range(char *buf, size_t size, double lo, double hi, int decimals,
                         enum chart_lang lang)
{
        char a[CHART_NUM_MAX], b[CHART_NUM_MAX];
        size_t len = 0;
        if (size == 0)
                return buf;
        buf[0] = '\0';
        put(buf, size, &len, number(a, sizeof(a), lo, decimals, lang, false));
        put(buf, size, &len, CHART_NDASH);
        put(buf, size, &len, number(b, sizeof(b), hi, decimals, lang, false));
        return buf;
}
