#include "codebook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const WORDS[CODEBOOK_NWORDS][3] = {
    [CODEBOOK_YES] = {"Ja", "Ja", "Yes"},
    [CODEBOOK_NO] = {"Nei", "Nei", "No"},
    [CODEBOOK_DONT_KNOW] = {"Vet ikke", "Veit ikkje", "Don't know"},
    [CODEBOOK_CHOSEN] = {"Valgt", "Vald", "Chosen"},
    [CODEBOOK_NOT_CHOSEN] = {"Ikke valgt", "Ikkje vald", "Not chosen"},
    [CODEBOOK_ROW] = {"Løpenummer", "Løpenummer", "Row number"},
    [CODEBOOK_UNIT] = {"Enhet", "Eining", "Unit"},
    [CODEBOOK_WAVE] = {"Runde", "Runde", "Wave"},
    [CODEBOOK_LANG] = {"Språket det ble svart på", "Språket det vart svart på",
                       "Language answered in"},
    [CODEBOOK_VERSION] = {"Skjemaversjon", "Skjemaversjon", "Questionnaire version"},
    [CODEBOOK_BLANKED] = {"Skjult for å verne en liten gruppe", "Skjult for å verne ei lita gruppe",
                          "Blanked to protect a small group"},
    [CODEBOOK_RULE] =
        {"Ingen kombinasjon av enhet, runde, språk, skjemaversjon og bakgrunnssvar (alle "
         "enkeltvalg- og ja/nei-spørsmål) deles av færre rader enn minste gruppe. Enhet og runde "
         "vises bare der tabellene viser svarfordelingen for gruppen, et bakgrunnssvar bare der "
         "tabellene viser den gruppen slik. Deretter skjules språk, versjon og bakgrunnssvar i "
         "rader med for sjeldne kombinasjoner, den minst vanlige verdien først, og rader som "
         "fortsatt er for sjeldne, tas ut. Svar vises der tabellene viser svarfordelingen for "
         "spørsmålet i radens gruppe (enheten og runden raden viser); «vet ikke» og «ikke svart» "
         "bare der tabellene viser hvor mange de er. Ellers skjules svaret. Alt avgjøres over "
         "alle svar i undersøkelsen.",
         "Ingen kombinasjon av eining, runde, språk, skjemaversjon og bakgrunnssvar (alle "
         "einskildval- og ja/nei-spørsmål) vert delt av færre rader enn minste gruppe. Eining og "
         "runde vert berre viste der tabellane viser svarfordelinga for gruppa, eit bakgrunnssvar "
         "berre der tabellane viser den gruppa slik. Deretter vert språk, versjon og "
         "bakgrunnssvar skjulte i rader med for sjeldne kombinasjonar, den minst vanlege verdien "
         "først, og rader som framleis er for sjeldne, vert tekne ut. Svar vert viste der "
         "tabellane viser svarfordelinga for spørsmålet i gruppa til rada (eininga og runda rada "
         "viser); «veit ikkje» og «ikkje svart» berre der tabellane viser kor mange dei er. Elles "
         "vert svaret skjult. Alt vert avgjort over alle svar i undersøkinga.",
         "No combination of unit, wave, language, questionnaire version and background answers "
         "(every single-choice and yes/no item) is shared by fewer rows than the minimum group. "
         "A unit and wave are shown only where the tables show the group's answer points, a "
         "background answer only where the tables show that group so. Then language, version and "
         "background answers are blanked in rows of too rare combinations, the least frequent "
         "value first, and rows still too rare are withheld. Answers are shown where the tables "
         "show that item's answer points for the row's group (the unit and wave the row shows); "
         "don't know and not answered only where the tables show their counts. Otherwise the "
         "answer is blanked. All is decided over every response of the survey."},
    [CODEBOOK_COARSENED] = {"Svartidspunktet oppgis ikke finere enn runden (ingen periodekolonne).",
                            "Svartidspunktet vert ikkje oppgitt finare enn runda (ingen "
                            "periodekolonne).",
                            "The time of answering is given no finer than the wave (no period "
                            "column)."},
    [CODEBOOK_FILTERED] = {"Rader der enhet eller runde er skjult, er bare med i eksporten uten "
                           "--unit og --wave; radnumrene er hele eksportens.",
                           "Rader der eining eller runde er skjult, er berre med i eksporten utan "
                           "--unit og --wave; radnummera er heile eksporten sine.",
                           "Rows whose unit or wave is blanked are only in the export without "
                           "--unit and --wave; row numbers are those of the whole export."},
    [CODEBOOK_MIN_GROUP] = {"Minste gruppe", "Minste gruppe", "Minimum group"},
    [CODEBOOK_WITHHELD] = {"Rader tatt ut", "Rader tekne ut", "Rows withheld"},
};

const char *codebook_word(enum codebook_word w, const char *lang)
{
        int l = 2;
        if (lang && strcmp(lang, "nb") == 0)
                l = 0;
        else if (lang && strcmp(lang, "nn") == 0)
                l = 1;
        return WORDS[w][l];
}

bool codebook_has_dont_know(const struct survey_item *item)
{
        if (item->type == SURVEY_ITEM_YESNO)
                return true;
        return item->type == SURVEY_ITEM_SCALE && item->scale->has_dont_know;
}

double codebook_dont_know_code(const struct survey_item *item)
{
        if (item->type == SURVEY_ITEM_SCALE)
                for (size_t i = 0; i < item->scale->npoints; i++)
                        if (item->scale->points[i].value == 99)
                                return 999; /* point values are 0..100 */
        return 99;
}

double codebook_blanked_code(const struct survey_item *item)
{
        if (item->type == SURVEY_ITEM_SCALE)
                for (size_t i = 0; i < item->scale->npoints; i++)
                        if (item->scale->points[i].value == 98)
                                return 998; /* point values are 0..100 */
        return item->type == SURVEY_ITEM_SINGLE && item->noptions >= 98 ? 998 : 98;
}

size_t codebook_max_values(const struct survey_item *item)
{
        switch (item->type) {
        case SURVEY_ITEM_SCALE:
                return item->scale->npoints + 1;
        case SURVEY_ITEM_SINGLE:
        case SURVEY_ITEM_MULTI:
                return item->noptions;
        case SURVEY_ITEM_YESNO:
                return 3;
        case SURVEY_ITEM_NUMBER:
        case SURVEY_ITEM_TEXT:
                break;
        }
        return 0;
}

static void put(struct codebook_value *v, const char *value, double code, const char *label,
                bool dont_know)
{
        snprintf(v->value, sizeof(v->value), "%s", value);
        v->code = code;
        v->label = label;
        v->dont_know = dont_know;
}

size_t codebook_values(const struct survey_item *item, int lang, const char *lang_code,
                       struct codebook_value *out)
{
        size_t n = 0;
        switch (item->type) {
        case SURVEY_ITEM_SCALE: {
                const struct survey_scale *sc = item->scale;
                for (size_t i = 0; i < sc->npoints; i++, n++) {
                        put(&out[n], "", sc->points[i].value,
                            survey_text_get(&sc->points[i].label, lang), false);
                        snprintf(out[n].value, sizeof(out[n].value), "%d", sc->points[i].value);
                }
                if (sc->has_dont_know)
                        put(&out[n++], "dk", codebook_dont_know_code(item),
                            survey_text_get(&sc->dont_know, lang), true);
                break;
        }
        case SURVEY_ITEM_SINGLE:
        case SURVEY_ITEM_MULTI:
                for (size_t i = 0; i < item->noptions; i++)
                        put(&out[n++], item->options[i].id, (double)(i + 1),
                            survey_text_get(&item->options[i].label, lang), false);
                break;
        case SURVEY_ITEM_YESNO:
                put(&out[n++], "yes", 1, codebook_word(CODEBOOK_YES, lang_code), false);
                put(&out[n++], "no", 0, codebook_word(CODEBOOK_NO, lang_code), false);
                put(&out[n++], "dk", codebook_dont_know_code(item),
                    codebook_word(CODEBOOK_DONT_KNOW, lang_code), true);
                break;
        case SURVEY_ITEM_NUMBER:
        case SURVEY_ITEM_TEXT:
                break;
        }
        return n;
}

int codebook_code(const struct survey_item *item, const char *value, double *code)
{
        if (strcmp(value, "dk") == 0) {
                if (!codebook_has_dont_know(item))
                        return -1;
                *code = codebook_dont_know_code(item);
                return 0;
        }
        switch (item->type) {
        case SURVEY_ITEM_SCALE:
        case SURVEY_ITEM_NUMBER: {
                char *end;
                long v = strtol(value, &end, 10);
                if (!*value || *end)
                        return -1;
                if (item->type == SURVEY_ITEM_NUMBER) {
                        if (v < item->min || v > item->max)
                                return -1;
                        *code = (double)v;
                        return 0;
                }
                for (size_t i = 0; i < item->scale->npoints; i++)
                        if (item->scale->points[i].value == v) {
                                *code = (double)v;
                                return 0;
                        }
                return -1;
        }
        case SURVEY_ITEM_SINGLE:
        case SURVEY_ITEM_MULTI:
                for (size_t i = 0; i < item->noptions; i++)
                        if (strcmp(item->options[i].id, value) == 0) {
                                *code = (double)(i + 1);
                                return 0;
                        }
                return -1;
        case SURVEY_ITEM_YESNO:
                if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0) {
                        *code = strcmp(value, "yes") == 0;
                        return 0;
                }
                return -1;
        case SURVEY_ITEM_TEXT:
                break;
        }
        return -1;
}
