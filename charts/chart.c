#include "chart.h"

#include <string.h>

static const char *const LANG_CODES[] = {
    [CHART_LANG_NB] = "nb",
    [CHART_LANG_NN] = "nn",
    [CHART_LANG_EN] = "en",
};

int chart_lang_from_code(const char *code, enum chart_lang *out)
{
        for (size_t i = 0; code && i < sizeof(LANG_CODES) / sizeof(LANG_CODES[0]); i++)
                if (strcmp(code, LANG_CODES[i]) == 0) {
                        *out = (enum chart_lang)i;
                        return 0;
                }
        return -1;
}

const char *chart_lang_code(enum chart_lang lang)
{
        return LANG_CODES[lang];
}

/* ColorBrewer RdBu, reversed so that red (unfavourable) comes first. */
static const uint32_t RDBU[CHART_MAX_CATEGORIES + 1][CHART_MAX_CATEGORIES] = {
    [2] = {0xEF8A62, 0x67A9CF},
    [3] = {0xEF8A62, CHART_NEUTRAL, 0x67A9CF},
    [4] = {0xCA0020, 0xF4A582, 0x92C5DE, 0x0571B0},
    [5] = {0xCA0020, 0xF4A582, CHART_NEUTRAL, 0x92C5DE, 0x0571B0},
    [6] = {0xB2182B, 0xEF8A62, 0xFDDBC7, 0xD1E5F0, 0x67A9CF, 0x2166AC},
    [7] = {0xB2182B, 0xEF8A62, 0xFDDBC7, CHART_NEUTRAL, 0xD1E5F0, 0x67A9CF, 0x2166AC},
};

uint32_t chart_diverging(size_t n, size_t i)
{
        if (n < 2 || n > CHART_MAX_CATEGORIES || i >= n)
                return CHART_NEUTRAL;
        return RDBU[n][i];
}

static const char *const TEXTS[CHART_TEXT_COUNT_][3] = {
    [CHART_TEXT_TOO_FEW] = {"for få svar", "for få svar", "too few responses"},
    [CHART_TEXT_MEDIAN] = {"median", "median", "median"},
    [CHART_TEXT_CENTRE] = {"senterlinje", "senterlinje", "centre line"},
    [CHART_TEXT_LIMITS] = {"kontrollgrenser", "kontrollgrenser", "control limits"},
    [CHART_TEXT_SIGNAL] = {"signal", "signal", "signal"},
    [CHART_TEXT_BREAK] = {"brudd", "brot", "break"},
    [CHART_TEXT_INTERVAL] = {"95 %-intervall", "95 %-intervall", "95% interval"},
    [CHART_TEXT_HIGHER] = {"signifikant høyere", "signifikant høgare", "significantly higher"},
    [CHART_TEXT_LOWER] = {"signifikant lavere", "signifikant lågare", "significantly lower"},
    [CHART_TEXT_UNCERTAIN] = {"usikkert (få svar)", "usikkert (få svar)",
                              "uncertain (few responses)"},
    [CHART_TEXT_NO_DATA] = {"ingen data", "ingen data", "no data"},
    [CHART_TEXT_N_PER_POINT] = {"n per punkt", "n per punkt", "n per point"},
    [CHART_TEXT_PAGE] = {"Side", "Side", "Page"},
};

const char *chart_text(enum chart_lang lang, enum chart_text id)
{
        return TEXTS[id][lang];
}
