#include "report_text.h"
#include "chart_format.h"
#include "xmalloc.h"

#include <string.h>

#define NB CHART_NNBSP /* before a percent sign in Norwegian */

/* nb, nn, en. */
static const char *const TEXTS[RT_COUNT_][3] = {
    [RT_DIST_HIDDEN] = {"fordeling skjult (små tall)", "fordeling skjult (små tal)",
                        "distribution hidden (small counts)"},
    [RT_TOTALS_ONLY] = {"bare totaler (få svar)", "berre totalar (få svar)",
                        "totals only (few responses)"},
    [RT_PCT_POSITIVE] = {"%1 positive svar", "%1 positive svar", "%1 positive"},
    [RT_BAND_HIGH] = {"90 % eller mer", "90 % eller meir", "90 % or more"},
    [RT_BAND_LOW] = {"10 % eller mindre", "10 % eller mindre", "10 % or less"},
    [RT_BUCKET_NEG] = {"Uenig", "Usamd", "Disagree"},
    [RT_BUCKET_NEU] = {"Verken eller", "Korkje eller", "Neither"},
    [RT_BUCKET_POS] = {"Enig", "Samd", "Agree"},
    [RT_TITLE_AGREEMENT] = {"Slik svarte de pårørende", "Slik svara dei pårørande",
                            "How carers answered"},
    [RT_TITLE_SCORES] = {"Skår per behov", "Skår per behov", "Score per need"},
    [RT_TITLE_BY_UNIT] = {"%1: skår per enhet", "%1: skår per eining", "%1: score by unit"},
    [RT_TITLE_RUN] = {"%1: utvikling over tid", "%1: utvikling over tid", "%1: over time"},
    [RT_TITLE_PCHART] = {"%1: andel positive over tid", "%1: del positive over tid",
                         "%1: share positive over time"},
    [RT_TITLE_COUNTS] = {"Antall svar", "Tal på svar", "Number of responses"},
    [RT_SUB_SCORES] = {"Skår fra 0 til 100 (100 er best) med 95" NB "%-konfidensintervall",
                       "Skår frå 0 til 100 (100 er best) med 95" NB "%-konfidensintervall",
                       "Score from 0 to 100 (100 is best) with 95% confidence interval"},
    [RT_SUB_PCT_MONTH] = {"Andel positive svar per måned", "Del positive svar per månad",
                          "Share of positive answers per month"},
    [RT_SUB_SCORE_MONTH] = {"Gjennomsnittlig skår (0–100) per måned",
                            "Gjennomsnittleg skår (0–100) per månad",
                            "Mean score (0–100) per month"},
    [RT_SUB_PCT_WAVE] = {"Andel positive svar per bølge", "Del positive svar per bølgje",
                         "Share of positive answers per wave"},
    [RT_SUB_SCORE_WAVE] = {"Gjennomsnittlig skår (0–100) per bølge",
                           "Gjennomsnittleg skår (0–100) per bølgje",
                           "Mean score (0–100) per wave"},
    [RT_SUB_COUNTS_MONTH] = {"Antall som svarte, per måned", "Talet på dei som svara, per månad",
                             "Respondents per month"},
    [RT_SUB_COUNTS_WAVE] = {"Antall som svarte, per bølge", "Talet på dei som svara, per bølgje",
                            "Respondents per wave"},
    [RT_MUNICIPALITY] = {"Kommunen", "Kommunen", "Municipality"},
    [RT_MUNICIPALITY_IS] = {"Kommunen samlet (%1)", "Kommunen samla (%1)",
                            "Municipality as a whole (%1)"},
    [RT_DONT_KNOW_HEAD] = {"Vet ikke", "Veit ikkje", "Don't know"},
    [RT_NOTE_AGREEMENT] =
        {"Prosent av dem som tok stilling. Tallene til venstre og høyre er summen av negative "
         "og positive svar. «Vet ikke» er andelen av alle som svarte på påstanden. n = antall som "
         "tok stilling.",
         "Prosent av dei som tok stilling. Tala til venstre og høgre er summen av negative og "
         "positive svar. «Veit ikkje» er delen av alle som svara på påstanden. n = talet på dei "
         "som tok stilling.",
         "Percent of those who took a position. The figures on the left and right are the sums "
         "of negative and positive answers. “Don't know” is the share of everyone who answered "
         "the statement. n = those who took a position."},
    [RT_NOTE_REVERSE] = {"* Negativt formulert påstand: skalaen er snudd, slik at gunstige svar "
                         "står til høyre.",
                         "* Negativt formulert påstand: skalaen er snudd, slik at gunstige svar "
                         "står til høgre.",
                         "* Negatively worded statement: the scale is flipped so that favourable "
                         "answers are on the right."},
    [RT_NOTE_DOTS] = {"Prikken er skåren, streken 95" NB "%-konfidensintervallet.",
                      "Prikken er skåren, streken 95" NB "%-konfidensintervallet.",
                      "The dot is the score, the line its 95% confidence interval."},
    [RT_NOTE_TRIANGLES] = {"Trekanter: signifikant forskjell fra resten av kommunen "
                           "(%1-korrigert p < 0,05 og minst 5 poeng).",
                           "Trekantar: signifikant skilnad frå resten av kommunen (%1-korrigert "
                           "p < 0,05 og minst 5 poeng).",
                           "Triangles: significantly different from the rest of the "
                           "municipality (%1-corrected p < 0.05 and at least 5 points)."},
    [RT_NOTE_RUN] = {"Run-diagram rundt medianen. Anhøj-reglene: lengste serie på samme side %1 "
                     "(grense %2), antall kryssinger %3 (nedre grense %4).",
                     "Run-diagram rundt medianen. Anhøj-reglane: lengste serie på same side %1 "
                     "(grense %2), talet på kryssingar %3 (nedre grense %4).",
                     "Run chart around the median. Anhøj rules: longest run on one side %1 (limit "
                     "%2), crossings %3 (lower limit %4)."},
    [RT_NOTE_SIGNAL] = {"Signal: variasjonen er trolig ikke tilfeldig.",
                        "Signal: variasjonen er truleg ikkje tilfeldig.",
                        "Signal: the variation is probably not random."},
    [RT_NOTE_NO_SIGNAL] = {"Ingen signal: variasjonen kan være tilfeldig.",
                           "Ingen signal: variasjonen kan vere tilfeldig.",
                           "No signal: the variation may be random."},
    [RT_NOTE_FEW_POINTS] = {"For få punkter til Anhøj-reglene.", "For få punkt til Anhøj-reglane.",
                            "Too few points for the Anhøj rules."},
    [RT_NOTE_PCHART] = {"p-diagram: senterlinje %1 (alle svar samlet), kontrollgrenser ±3 "
                        "standardavvik for hvert punkt.",
                        "p-diagram: senterlinje %1 (alle svar samla), kontrollgrenser ±3 "
                        "standardavvik for kvart punkt.",
                        "p-chart: centre line %1 (all responses pooled), control limits ±3 "
                        "standard deviations for each point."},
    [RT_NOTE_COUNTS] = {"Tallene over søylene er antall svar.",
                        "Tala over søylene er talet på "
                        "svar.",
                        "The figures above the bars are numbers of responses."},
    [RT_SIGNAL_RUN] = {"del av en lang serie (signal)", "del av ein lang serie (signal)",
                       "part of a long run (signal)"},
    [RT_SIGNAL_OUTSIDE] = {"utenfor kontrollgrensene", "utanfor kontrollgrensene",
                           "outside the control limits"},

    [RT_REPORT_FOR] = {"Rapport for ledere", "Rapport for leiarar", "Report for leaders"},
    [RT_ALL_WAVES] = {"Alle bølger, %1 til %2", "Alle bølgjer, %1 til %2", "All waves, %1 to %2"},
    [RT_WAVE] = {"Bølge %1", "Bølgje %1", "Wave %1"},
    [RT_FIG_RESPONSES] = {"svar", "svar", "responses"},
    [RT_FIG_WAVES] = {"bølger", "bølgjer", "waves"},
    [RT_FIG_UNITS] = {"enheter med egen side", "einingar med eiga side",
                      "units with their own page"},
    [RT_FIG_ITEMS] = {"påstander om behov", "påstandar om behov", "statements about needs"},
    [RT_COVERAGE] =
        {"Dekning: %1 svar. Kommunen har ikke registrert hvor mange som ble invitert, "
         "så en svarprosent kan ikke beregnes. Tallet forteller hvor mange som svarte, "
         "ikke hvor stor andel.",
         "Dekning: %1 svar. Kommunen har ikkje registrert kor mange som vart inviterte, "
         "så ein svarprosent kan ikkje reknast ut. Talet fortel kor mange som svara, "
         "ikkje kor stor del.",
         "Coverage: %1 responses. The municipality has not recorded how many were "
         "invited, so a response rate cannot be computed. The figure tells how many "
         "answered, not what share."},
    [RT_UNITS_HEAD] = {"Enheter", "Einingar", "Units"},
    [RT_COL_UNIT] = {"Enhet", "Eining", "Unit"},
    [RT_COL_N] = {"Svar", "Svar", "Responses"},
    [RT_COL_SHOWN] = {"I rapporten", "I rapporten", "In the report"},
    [RT_UNIT_PAGE] = {"egen side", "eiga side", "own page"},
    [RT_UNIT_TOTALS_ONLY] = {"egen side, bare totaler (usikkert)",
                             "eiga side, berre totalar (usikkert)",
                             "own page, totals only (uncertain)"},
    [RT_UNIT_HIDDEN] = {"for få svar", "for få svar", "too few responses"},
    [RT_FOOTER] = {"%1 · %2", "%1 · %2", "%1 · %2"},

    [RT_KEY_FINDINGS] = {"Hovedfunn", "Hovudfunn", "Key findings"},
    [RT_KEY_INTRO] = {"Basert på %1 svar. «Positive svar» er de gunstige svarene på skalaen "
                      "(se metodesiden bakerst).",
                      "Basert på %1 svar. «Positive svar» er dei gunstige svara på skalaen "
                      "(sjå metodesida bakarst).",
                      "Based on %1 responses. “Positive” means the favourable answers on the "
                      "scale (see the method page at the end)."},
    [RT_STRONGEST] = {"Dette fungerer best", "Dette fungerer best", "What works best"},
    [RT_WEAKEST] = {"Størst forbedringsbehov", "Størst trong for forbetring",
                    "Most room for improvement"},
    [RT_ITEM_PCT] = {"%1 positive svar (95" NB "%-KI %2):", "%1 positive svar (95" NB "%-KI %2):",
                     "%1 positive (95% CI %2):"},
    [RT_REVERSE_HINT] = {"negativt formulert: positivt svar er å være uenig",
                         "negativt formulert: positivt svar er å vere usamd",
                         "negatively worded: a positive answer is to disagree"},
    [RT_CHANGES] = {"Endringer over tid", "Endringar over tid", "Changes over time"},
    [RT_CHANGE_RUN] = {"%1 måneder på rad %2 medianen (%3 til %4; grensen er %5): trolig ikke "
                       "tilfeldig.",
                       "%1 månader på rad %2 medianen (%3 til %4; grensa er %5): truleg ikkje "
                       "tilfeldig.",
                       "%1 months in a row %2 the median (%3 to %4; the limit is %5): probably not "
                       "random."},
    [RT_WORD_ABOVE] = {"over", "over", "above"},
    [RT_WORD_BELOW] = {"under", "under", "below"},
    [RT_CHANGE_CROSSINGS] = {"kurven krysser medianen bare %1 ganger (nedre grense %2): trolig "
                             "ikke tilfeldig.",
                             "kurva kryssar medianen berre %1 gonger (nedre grense %2): truleg "
                             "ikkje tilfeldig.",
                             "the curve crosses the median only %1 times (lower limit %2): "
                             "probably not random."},
    [RT_CHANGE_ABOVE] = {"%1: %2, over øvre kontrollgrense (%3).",
                         "%1: %2, over øvre kontrollgrense (%3).",
                         "%1: %2, above the upper control limit (%3)."},
    [RT_CHANGE_BELOW] = {"%1: %2, under nedre kontrollgrense (%3).",
                         "%1: %2, under nedre kontrollgrense (%3).",
                         "%1: %2, below the lower control limit (%3)."},
    [RT_NO_CHANGES] = {"Ingen tegn til endring utover tilfeldig variasjon (Anhøj-reglene per "
                       "måned, p-diagram per bølge).",
                       "Ingen teikn til endring utover tilfeldig variasjon (Anhøj-reglane per "
                       "månad, p-diagram per bølgje).",
                       "No sign of change beyond random variation (Anhøj rules per month, "
                       "p-charts per wave)."},
    [RT_MORE] = {"… og %1 til (se sidene for hvert behov).",
                 "… og %1 til (sjå sidene for kvart behov).",
                 "… and %1 more (see the page of each need)."},
    [RT_UNIT_DIFFS] = {"Forskjeller mellom enheter", "Skilnader mellom einingar",
                       "Differences between units"},
    [RT_UNIT_DIFF_HIGHER] = {"høyere enn resten av kommunen på %1 av %2 behov og %3 av %4 "
                             "påstander",
                             "høgare enn resten av kommunen på %1 av %2 behov og %3 av %4 "
                             "påstandar",
                             "higher than the rest of the municipality on %1 of %2 needs and %3 "
                             "of %4 statements"},
    [RT_UNIT_DIFF_LOWER] = {"lavere enn resten av kommunen på %1 av %2 behov og %3 av %4 "
                            "påstander",
                            "lågare enn resten av kommunen på %1 av %2 behov og %3 av %4 "
                            "påstandar",
                            "lower than the rest of the municipality on %1 of %2 needs and %3 of "
                            "%4 statements"},
    [RT_UNIT_DIFF_NEEDS] = {"Størst forskjell: %1.", "Størst skilnad: %1.",
                            "Largest differences: %1."},
    [RT_NO_UNIT_DIFFS] = {"Ingen enhet skiller seg signifikant fra resten av kommunen.",
                          "Inga eining skil seg signifikant frå resten av kommunen.",
                          "No unit differs significantly from the rest of the municipality."},
    [RT_UNITS_NOT_COMPARED] = {"Ikke sammenlignet (for få svar): %1.",
                               "Ikkje samanlikna (for få svar): %1.",
                               "Not compared (too few responses): %1."},
    [RT_DIFF_RULE] = {"En forskjell regnes med når den er statistisk signifikant (%1-korrigert "
                      "p < 0,05) og minst 10 prosentpoeng (påstander) eller 5 poeng (behov).",
                      "Ein skilnad blir rekna med når han er statistisk signifikant (%1-korrigert "
                      "p < 0,05) og minst 10 prosentpoeng (påstandar) eller 5 poeng (behov).",
                      "A difference counts when it is statistically significant (%1-corrected "
                      "p < 0.05) and at least 10 percentage points (statements) or 5 points "
                      "(needs)."},
    [RT_SCORES_ALL] = {"Skår per behov, hele kommunen", "Skår per behov, heile kommunen",
                       "Score per need, whole municipality"},

    [RT_NEED_SCORE] = {"Skår %1 av 100 (95" NB "%-KI %2), basert på %3 svar.",
                       "Skår %1 av 100 (95" NB "%-KI %2), basert på %3 svar.",
                       "Score %1 out of 100 (95% CI %2), based on %3 responses."},
    [RT_NEED_ALPHA] = {"Cronbachs alfa for påstandene: %1.", "Cronbachs alfa for påstandane: %1.",
                       "Cronbach's alpha of the statements: %1."},
    [RT_NEED_HIDDEN] = {"Skåren vises ikke (for få svar).", "Skåren blir ikkje vist (for få svar).",
                        "The score is not shown (too few responses)."},

    [RT_UNIT_INTRO] = {"%1 svar fra pårørende til brukere av denne enheten.",
                       "%1 svar frå pårørande til brukarar av denne eininga.",
                       "%1 responses from carers of people served by this unit."},
    [RT_UNIT_UNCERTAIN] = {"Få svar: tallene er usikre, og svarfordelinger vises ikke.",
                           "Få svar: tala er usikre, og svarfordelingar blir ikkje viste.",
                           "Few responses: the figures are uncertain, and answer distributions "
                           "are not shown."},
    [RT_UNIT_SCORES] = {"Skår per behov sammenlignet med kommunen",
                        "Skår per behov samanlikna med kommunen",
                        "Score per need compared with the municipality"},
    [RT_UNIT_WEAKEST] = {"Påstandene med lavest andel positive svar",
                         "Påstandane med lågast del positive svar",
                         "Statements with the lowest share of positive answers"},
    [RT_UNIT_STRONGEST] = {"Dette fungerer best her", "Dette fungerer best her",
                           "What works best here"},
    [RT_UNIT_HIGHER] = {"Signifikant høyere enn resten av kommunen: %1.",
                        "Signifikant høgare enn resten av kommunen: %1.",
                        "Significantly higher than the rest of the municipality: %1."},
    [RT_UNIT_LOWER] = {"Signifikant lavere enn resten av kommunen: %1.",
                       "Signifikant lågare enn resten av kommunen: %1.",
                       "Significantly lower than the rest of the municipality: %1."},
    [RT_UNIT_HIGHER_N] = {"Signifikant høyere enn resten av kommunen på %1 av %2 behov.",
                          "Signifikant høgare enn resten av kommunen på %1 av %2 behov.",
                          "Significantly higher than the rest of the municipality on %1 of %2 "
                          "needs."},
    [RT_UNIT_LOWER_N] = {"Signifikant lavere enn resten av kommunen på %1 av %2 behov.",
                         "Signifikant lågare enn resten av kommunen på %1 av %2 behov.",
                         "Significantly lower than the rest of the municipality on %1 of %2 "
                         "needs."},
    [RT_UNIT_NO_DIFF] = {"Ingen signifikante forskjeller fra resten av kommunen.",
                         "Ingen signifikante skilnader frå resten av kommunen.",
                         "No significant differences from the rest of the municipality."},
    [RT_UNIT_NOT_COMPARED] = {"Enheten er ikke sammenlignet med resten av kommunen (for få svar).",
                              "Eininga er ikkje samanlikna med resten av kommunen (for få svar).",
                              "The unit is not compared with the rest of the municipality (too "
                              "few responses)."},

    [RT_METHOD] = {"Metode og anonymitet", "Metode og anonymitet", "Method and anonymity"},
    [RT_METHOD_DATA] =
        {"Rapporten bygger på %1 svar. Periode: %2. Svarene er anonyme: det lagres ingen "
         "navn, adresser eller nøyaktige tidspunkter, bare uke eller måned.",
         "Rapporten byggjer på %1 svar. Periode: %2. Svara er anonyme: det blir ikkje lagra "
         "namn, adresser eller nøyaktige tidspunkt, berre veke eller månad.",
         "The report is based on %1 responses. Period: %2. Responses are anonymous: no "
         "names, addresses or exact times are stored, only the week or month."},
    [RT_METHOD_PCT] = {"Andel positive svar er andelen av dem som tok stilling (uten «vet ikke») "
                       "som valgte de gunstige punktene på skalaen; for negativt formulerte "
                       "påstander er skalaen snudd. Intervallene er 95" NB "%-konfidensintervaller "
                       "(Wilson).",
                       "Del positive svar er delen av dei som tok stilling (utan «veit ikkje») som "
                       "valde dei gunstige punkta på skalaen; for negativt formulerte påstandar er "
                       "skalaen snudd. Intervalla er 95" NB "%-konfidensintervall (Wilson).",
                       "The share of positive answers is the share of those who took a position "
                       "(without “don't know”) who chose the favourable points of the scale; for "
                       "negatively worded statements the scale is flipped. Intervals are 95% "
                       "confidence intervals (Wilson)."},
    [RT_METHOD_SCORE] = {"Skåren for et behov er gjennomsnittet av den enkeltes svar på behovets "
                         "påstander, regnet om til 0–100 (100 er best), når minst halvparten av "
                         "påstandene er besvart. Intervallet er et 95" NB "%-konfidensintervall "
                         "(t-fordeling).",
                         "Skåren for eit behov er gjennomsnittet av svara til kvar einskild på "
                         "påstandane til behovet, rekna om til 0–100 (100 er best), når minst "
                         "halvparten av påstandane er svara på. Intervallet er eit 95" NB
                         "%-konfidensintervall (t-fordeling).",
                         "The score of a need is the mean of each person's answers to its "
                         "statements, rescaled to 0–100 (100 is best), when at least half of them "
                         "are answered. The interval is a 95% confidence interval (t "
                         "distribution)."},
    [RT_METHOD_COMPARE] =
        {"Hver enhet sammenlignes med resten av kommunen (enheten holdt utenfor): "
         "andeler med test for to andeler (Fishers eksakte test ved små "
         "forventede tall), skårer med Welchs t-test. p-verdiene er korrigert "
         "for mange sammenligninger (%1). En forskjell vises bare når den er "
         "signifikant og minst 10 prosentpoeng eller 5 skårpoeng.",
         "Kvar eining blir samanlikna med resten av kommunen (eininga halden "
         "utanfor): delar med test for to delar (Fishers eksakte test ved små "
         "forventa tal), skårar med Welchs t-test. p-verdiane er korrigerte for "
         "mange samanlikningar (%1). Ein skilnad blir berre vist når han er "
         "signifikant og minst 10 prosentpoeng eller 5 skårpoeng.",
         "Each unit is compared with the rest of the municipality (the unit "
         "left out): shares with the two-proportion test (Fisher's exact test "
         "when expected counts are small), scores with Welch's t test. p-values "
         "are corrected for multiple comparisons (%1). A difference is shown "
         "only when it is significant and at least 10 percentage points or 5 "
         "score points."},
    [RT_METHOD_TIME] = {"Utvikling over tid vises som run-diagram rundt medianen per måned, med "
                        "Anhøj-reglene for ikke-tilfeldig variasjon (uvanlig lange serier på samme "
                        "side av medianen, eller for få kryssinger), og som p-diagram per bølge "
                        "med kontrollgrenser på ±3 standardavvik. Et brudd i serien (endret "
                        "ordlyd eller skala) markeres, og reglene bruker bare punktene etter "
                        "bruddet.",
                        "Utvikling over tid blir vist som run-diagram rundt medianen per månad, "
                        "med Anhøj-reglane for ikkje-tilfeldig variasjon (uvanleg lange seriar på "
                        "same side av medianen, eller for få kryssingar), og som p-diagram per "
                        "bølgje med kontrollgrenser på ±3 standardavvik. Eit brot i serien (endra "
                        "ordlyd eller skala) blir markert, og reglane brukar berre punkta etter "
                        "brotet.",
                        "Change over time is shown as run charts around the median per month, "
                        "with the Anhøj rules for non-random variation (unusually long runs on one "
                        "side of the median, or too few crossings), and as p-charts per wave with "
                        "control limits of ±3 standard deviations. A break in the series (changed "
                        "wording or scale) is marked, and the rules use only the points after "
                        "it."},
    [RT_ANONYMITY] = {"Anonymitet: dette vises ikke", "Anonymitet: dette blir ikkje vist",
                      "Anonymity: what is not shown"},
    [RT_ANON_RULES] = {"Grupper med færre enn %1 svar vises ikke; der står det «for få svar». "
                       "Grupper med %1 til %2 svar viser bare antall og skår per behov, merket "
                       "som usikre. Fra %2 svar vises andel negative, nøytrale og positive per "
                       "påstand, fra %3 svar hele svarfordelingen. Under %3 svar vises en andel "
                       "på 90 % eller mer eller 10 % eller mindre bare slik, ikke nøyaktig.",
                       "Grupper med færre enn %1 svar blir ikkje viste; der står det «for få "
                       "svar». Grupper med %1 til %2 svar viser berre tal og skår per behov, "
                       "merkte som usikre. Frå %2 svar blir del negative, nøytrale og positive "
                       "per påstand vist, frå %3 svar heile svarfordelinga. Under %3 svar blir "
                       "ein del på 90 % eller meir eller 10 % eller mindre berre vist slik.",
                       "Groups with fewer than %1 responses are not shown; they read “too few "
                       "responses”. Groups of %1 to %2 show their size and need scores only, "
                       "marked as uncertain. From %2 responses each statement shows the shares "
                       "negative, neutral and positive, from %3 the full distribution. Under %3, "
                       "a share of 90 % or more or 10 % or less is shown only as such."},
    [RT_ANON_SECONDARY] = {"I tillegg skjules så mange andre tall at et skjult tall ikke kan "
                           "regnes ut ved å trekke synlige tall fra hverandre, og det står ikke "
                           "hvilke grupper som er små og hvilke som er skjult for å beskytte dem. "
                           "Alle tabeller, diagrammer og uttrekk bygger på den samme avgjørelsen "
                           "om hva som kan vises.",
                           "I tillegg blir så mange andre tal skjulte at eit skjult tal ikkje kan "
                           "reknast ut ved å trekkje synlege tal frå kvarandre, og det står ikkje "
                           "kva grupper som er små og kva som er skjulte for å verne dei. Alle "
                           "tabellar, diagram og uttrekk byggjer på den same avgjerda om kva som "
                           "kan visast.",
                           "In addition, enough other figures are hidden that no hidden figure can "
                           "be worked out by subtracting visible ones, and the report does not say "
                           "which groups are small and which are hidden to protect them. Every "
                           "table, chart and export rests on the same decision of what may be "
                           "shown."},
    [RT_ANON_HIDDEN_HEAD] = {"Skjult i denne rapporten", "Skjult i denne rapporten",
                             "Hidden in this report"},
    [RT_ANON_NOTHING] = {"Ingenting måtte skjules.", "Ingenting måtte skjulast.",
                         "Nothing had to be hidden."},
    [RT_COL_WHAT] = {"Hva", "Kva", "What"},
    [RT_COL_WHY] = {"Hvorfor", "Kvifor", "Why"},
    [RT_WHY_TOO_FEW] = {"for få svar (under %1, eller skjult for å beskytte en liten gruppe)",
                        "for få svar (under %1, eller skjult for å verne ei lita gruppe)",
                        "too few responses (under %1, or hidden to protect a small group)"},
    [RT_WHY_TOTALS_ONLY] = {"bare totaler: færre enn %1 svar", "berre totalar: færre enn %1 svar",
                            "totals only: fewer than %1 responses"},
    [RT_WHY_CELLS] = {"små tall: svarfordelingen er skjult for %1 av påstandene",
                      "små tal: svarfordelinga er skjult for %1 av påstandane",
                      "small counts: the distribution is hidden for %1 of the statements"},
    [RT_WHY_NOT_COMPARED] = {"ikke sammenlignet med resten av kommunen",
                             "ikkje samanlikna med resten av kommunen",
                             "not compared with the rest of the municipality"},
    [RT_WHY_PERIODS] = {"%1 måneder med for få svar vises som grå felt",
                        "%1 månader med for få svar blir viste som grå felt",
                        "%1 months with too few responses are shown as grey areas"},
    [RT_HIDDEN_CELLS_WHAT] = {"%1: svarfordelinger", "%1: svarfordelingar",
                              "%1: answer distributions"},
    [RT_HIDDEN_PERIODS_WHAT] = {"Utvikling per måned", "Utvikling per månad", "Monthly trends"},
};

const char *report_text(enum chart_lang lang, enum report_msg id)
{
        const char *s = TEXTS[id][lang];
        return s ? s : "";
}

void report_text_fill(struct strbuf *sb, enum chart_lang lang, enum report_msg id,
                      const char *const *args, size_t n)
{
        const char *t = report_text(lang, id);
        while (*t) {
                const char *pct = strchr(t, '%');
                if (!pct) {
                        strbuf_addstr(sb, t);
                        break;
                }
                strbuf_add(sb, t, (size_t)(pct - t));
                if (pct[1] >= '1' && pct[1] <= '9') {
                        size_t k = (size_t)(pct[1] - '1');
                        if (k < n && args[k])
                                strbuf_addstr(sb, args[k]);
                        t = pct + 2;
                } else {
                        strbuf_addch(sb, '%');
                        t = pct + 1;
                }
        }
}

char *report_text_dup(enum chart_lang lang, enum report_msg id, const char *const *args, size_t n)
{
        struct strbuf sb = STRBUF_INIT;
        report_text_fill(&sb, lang, id, args, n);
        return strbuf_detach(&sb, NULL);
}
