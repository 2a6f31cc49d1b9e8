#include "messages.h"

#include <stdarg.h>
#include <string.h>

static const char *const TEXTS[M_COUNT][MSG_NLANGS] = {
    [M_SKIP_TO_FORM] = {"Gå til skjemaet", "Gå til skjemaet", "Skip to the form"},
    [M_LANGUAGE] = {"Språk", "Språk", "Language"},
    [M_TEXT_SIZE] = {"Tekststørrelse", "Tekststorleik", "Text size"},
    [M_LARGER_TEXT] = {"Større tekst", "Større tekst", "Larger text"},
    [M_NORMAL_TEXT] = {"Vanlig tekst", "Vanleg tekst", "Normal text"},
    [M_REQUIRED] = {"må besvares", "må svarast på", "required"},
    [M_OPTIONAL_NOTE] = {"Du kan hoppe over spørsmål du ikke vil svare på, bortsett fra de "
                         "som er merket «må besvares».",
                         "Du kan hoppe over spørsmål du ikkje vil svare på, bortsett frå dei "
                         "som er merkte «må svarast på».",
                         "You may skip any question you do not want to answer, except those "
                         "marked \"required\"."},
    [M_SUBMIT] = {"Send svarene", "Send svara", "Send your answers"},
    [M_YES] = {"Ja", "Ja", "Yes"},
    [M_NO] = {"Nei", "Nei", "No"},
    [M_DONT_KNOW] = {"Vet ikke", "Veit ikkje", "Don't know"},
    [M_SHOW_IF_HINT] = {"Svar bare hvis du svarte %s over.", "Svar berre om du svarte %s over.",
                        "Answer only if you answered %s above."},
    [M_WHICH_UNIT] = {"Hvilken tjeneste gjelder svarene dine?", "Kva teneste gjeld svara dine?",
                      "Which service are your answers about?"},
    [M_ERROR_TITLE_PREFIX] = {"Feil: ", "Feil: ", "Error: "},
    [M_ERROR_SUMMARY_ONE] = {"Ett svar må rettes før du kan sende",
                             "Eitt svar må rettast før du kan sende",
                             "One answer needs fixing before you can send"},
    [M_ERROR_SUMMARY_MANY] = {"%zu svar må rettes før du kan sende",
                              "%zu svar må rettast før du kan sende",
                              "%zu answers need fixing before you can send"},
    [M_ERR_MISSING] = {"Dette spørsmålet må besvares.", "Dette spørsmålet må svarast på.",
                       "This question needs an answer."},
    [M_ERR_BAD_CHOICE] = {"Velg ett av svarene i listen.", "Vel eitt av svara i lista.",
                          "Choose one of the answers in the list."},
    [M_ERR_MULTIPLE] = {"Velg bare ett svar.", "Vel berre eitt svar.", "Choose only one answer."},
    [M_ERR_NOT_A_NUMBER] = {"Skriv et helt tall, for eksempel 10.",
                            "Skriv eit heilt tal, til dømes 10.",
                            "Write a whole number, for example 10."},
    [M_ERR_OUT_OF_RANGE] = {"Skriv et tall fra %ld til %ld.", "Skriv eit tal frå %ld til %ld.",
                            "Write a number from %ld to %ld."},
    [M_ERR_TOO_LONG] = {"Teksten er for lang: skriv høyst %zu tegn.",
                        "Teksten er for lang: skriv høgst %zu teikn.",
                        "The text is too long: write at most %zu characters."},
    [M_ERR_BAD_FORM] = {"Skjemaet kom ikke fram riktig. Svarene dine står under; prøv å "
                        "sende igjen.",
                        "Skjemaet kom ikkje fram rett. Svara dine står under; prøv å sende "
                        "igjen.",
                        "The form did not arrive correctly. Your answers are below; please "
                        "try sending again."},
    [M_NUMBER_RANGE] = {"Et helt tall fra %ld til %ld.", "Eit heilt tal frå %ld til %ld.",
                        "A whole number from %ld to %ld."},
    [M_TEXT_MAX] = {"Høyst %zu tegn. Ikke skriv navn eller annet som kan vise hvem du er.",
                    "Høgst %zu teikn. Ikkje skriv namn eller anna som kan vise kven du er.",
                    "At most %zu characters. Do not write names or anything that could show "
                    "who you are."},
    [M_THANKS_TITLE] = {"Takk for svarene dine", "Takk for svara dine",
                        "Thank you for your answers"},
    [M_THANKS_BODY] = {"Svarene er lagret. De brukes bare samlet, sammen med svar fra andre "
                       "pårørende, og kan ikke knyttes til deg.",
                       "Svara er lagra. Dei blir berre brukte samla, saman med svar frå andre "
                       "pårørande, og kan ikkje knytast til deg.",
                       "Your answers are saved. They are only used together with answers "
                       "from other carers, and cannot be linked to you."},
    [M_RECEIPT_LABEL] = {"Kvitteringskoden din", "Kvitteringskoden din", "Your receipt code"},
    [M_RECEIPT_HELP] = {"Med denne koden kan du trekke svarene dine i %d dager. Ingen andre "
                        "kan se hvem koden tilhører.",
                        "Med denne koden kan du trekkje svara dine i %d dagar. Ingen andre "
                        "kan sjå kven koden høyrer til.",
                        "With this code you can withdraw your answers for %d days. Nobody "
                        "can see whose code it is."},
    [M_WITHDRAW_LINK] = {"Trekk svarene mine", "Trekk svara mine", "Withdraw my answers"},
    [M_SUPPORT_TITLE] = {"Støtte til deg som er pårørende", "Støtte til deg som er pårørande",
                         "Support for you as a carer"},
    [M_WITHDRAW_TITLE] = {"Trekk svarene dine", "Trekk svara dine", "Withdraw your answers"},
    [M_WITHDRAW_INTRO] = {"Skriv kvitteringskoden du fikk da du sendte svarene. Svarene "
                          "slettes for godt.",
                          "Skriv kvitteringskoden du fekk då du sende svara. Svara blir "
                          "sletta for godt.",
                          "Enter the receipt code you got when you sent your answers. The "
                          "answers are deleted for good."},
    [M_WITHDRAW_CODE] = {"Kvitteringskode", "Kvitteringskode", "Receipt code"},
    [M_WITHDRAW_BUTTON] = {"Slett svarene mine", "Slett svara mine", "Delete my answers"},
    [M_WITHDRAW_DONE] = {"Svarene dine er slettet.", "Svara dine er sletta.",
                         "Your answers have been deleted."},
    [M_WITHDRAW_NOT_FOUND] = {"Vi fant ingen svar med den koden. Sjekk koden, eller kanskje "
                              "tiden for å trekke svarene er ute.",
                              "Vi fann ingen svar med den koden. Sjekk koden, eller kanskje "
                              "tida for å trekkje svara er ute.",
                              "We found no answers with that code. Check the code; or the "
                              "time to withdraw may have run out."},
    [M_WITHDRAW_MISSING] = {"Skriv kvitteringskoden.", "Skriv kvitteringskoden.",
                            "Enter the receipt code."},
    [M_NOT_FOUND_TITLE] = {"Fant ikke siden", "Fann ikkje sida", "Page not found"},
    [M_NOT_FOUND_BODY] = {"Vi finner ikke denne undersøkelsen eller siden. Sjekk lenken du "
                          "fikk.",
                          "Vi finn ikkje denne undersøkinga eller sida. Sjekk lenka du fekk.",
                          "We cannot find this survey or page. Please check the link you "
                          "were given."},
    [M_TOO_LARGE_TITLE] = {"For mye tekst", "For mykje tekst", "Too much text"},
    [M_TOO_LARGE_BODY] = {"Skjemaet var for stort til å tas imot. Gå tilbake, gjør de lange "
                          "svarene kortere og send igjen.",
                          "Skjemaet var for stort til å takast imot. Gå tilbake, gjer dei "
                          "lange svara kortare og send igjen.",
                          "The form was too large to accept. Go back, shorten the long "
                          "answers and send again."},
    [M_UNAVAILABLE_TITLE] = {"Vi kunne ikke lagre svarene akkurat nå",
                             "Vi kunne ikkje lagre svara akkurat no",
                             "We could not save your answers just now"},
    [M_UNAVAILABLE_BODY] = {"Svarene dine er ikke lagret ennå, men de står fortsatt i "
                            "skjemaet under. Vent litt og trykk «Send svarene» igjen.",
                            "Svara dine er ikkje lagra enno, men dei står framleis i "
                            "skjemaet under. Vent litt og trykk «Send svara» igjen.",
                            "Your answers are not saved yet, but they are still in the form "
                            "below. Please wait a moment and press \"Send your answers\" "
                            "again."},
    [M_CODE_LABEL] = {"Invitasjonskode", "Invitasjonskode", "Invitation code"},
    [M_CODE_HELP] = {"Koden står i brevet du fikk. Den kan brukes én gang, og den knyttes ikke "
                     "til svarene dine.",
                     "Koden står i brevet du fekk. Han kan brukast éin gong, og han blir ikkje "
                     "knytt til svara dine.",
                     "The code is in the letter you received. It works once, and it is not "
                     "linked to your answers."},
    [M_ERR_CODE_MISSING] = {"Skriv invitasjonskoden fra brevet.",
                            "Skriv invitasjonskoden frå brevet.",
                            "Enter the invitation code from your letter."},
    [M_ERR_CODE_USED] = {"Vi kjenner ikke igjen koden, eller den er alt brukt. Sjekk koden i "
                         "brevet; svarene dine står under.",
                         "Vi kjenner ikkje att koden, eller han er alt brukt. Sjekk koden i "
                         "brevet; svara dine står under.",
                         "We do not recognise the code, or it has been used. Check the code in "
                         "your letter; your answers are below."},
    [M_CLOSED_TITLE] = {"Undersøkelsen er stengt", "Undersøkinga er stengd",
                        "The survey is closed"},
    [M_CLOSED_BODY] = {"Denne runden av undersøkelsen tar ikke imot svar nå. Takk for at du "
                       "ville svare!",
                       "Denne runden av undersøkinga tek ikkje imot svar no. Takk for at du "
                       "ville svare!",
                       "This round of the survey is not taking answers now. Thank you for "
                       "wanting to answer!"},
    [M_RATE_TITLE] = {"For mange innsendinger akkurat nå", "For mange innsendingar akkurat no",
                      "Too many submissions just now"},
    [M_RATE_BODY] = {"Det har kommet mange svar fra nettverket ditt på kort tid. Svarene "
                     "dine står fortsatt i skjemaet under. Vent et minutt og send igjen.",
                     "Det har kome mange svar frå nettverket ditt på kort tid. Svara dine "
                     "står framleis i skjemaet under. Vent eit minutt og send igjen.",
                     "Many answers have come from your network in a short time. Your "
                     "answers are still in the form below. Please wait a minute and send "
                     "again."},
    [M_BAD_REQUEST_TITLE] = {"Noe gikk galt", "Noko gjekk gale", "Something went wrong"},
    [M_BAD_REQUEST_BODY] = {"Forespørselen kunne ikke leses.", "Førespurnaden kunne ikkje lesast.",
                            "The request could not be read."},
    [M_METHOD_TITLE] = {"Ikke tillatt", "Ikkje tillate", "Not allowed"},
    [M_METHOD_BODY] = {"Denne siden kan ikke brukes slik.", "Denne sida kan ikkje brukast slik.",
                       "This page cannot be used that way."},
    [M_UNSUPPORTED_TITLE] = {"Ukjent skjemaformat", "Ukjent skjemaformat", "Unknown form format"},
    [M_UNSUPPORTED_BODY] = {"Skjemaet ble sendt i et format vi ikke kjenner.",
                            "Skjemaet vart sendt i eit format vi ikkje kjenner.",
                            "The form was sent in a format we do not know."},
    [M_INDEX_TITLE] = {"Undersøkelser for pårørende", "Undersøkingar for pårørande",
                       "Surveys for carers"},
    [M_INDEX_INTRO] = {"Velg undersøkelsen og tjenesten svarene dine gjelder.",
                       "Vel undersøkinga og tenesta svara dine gjeld.",
                       "Choose the survey and the service your answers are about."},
    [M_INDEX_EMPTY] = {"Ingen undersøkelser er åpne nå.", "Ingen undersøkingar er opne no.",
                       "No surveys are open now."},
    [M_CHOOSE_UNIT] = {"Velg tjenesten svarene dine gjelder:", "Vel tenesta svara dine gjeld:",
                       "Choose the service your answers are about:"},
    [M_ANONYMOUS_NOTE] = {"Anonymt: vi lagrer ikke navn, IP-adresse eller informasjonskapsler.",
                          "Anonymt: vi lagrar ikkje namn, IP-adresse eller "
                          "informasjonskapslar.",
                          "Anonymous: we store no name, IP address or cookies."},
    [M_BACK_TO_START] = {"Til forsiden", "Til framsida", "To the start page"},
};

const char *msg(enum msg_id id, enum msg_lang lang)
{
        if ((unsigned)id >= M_COUNT || (unsigned)lang >= MSG_NLANGS)
                return "";
        const char *s = TEXTS[id][lang];
        return s ? s : "";
}

enum msg_lang msg_lang_of(const char *code)
{
        if (code && strcmp(code, "nb") == 0)
                return MSG_NB;
        if (code && strcmp(code, "nn") == 0)
                return MSG_NN;
        return MSG_EN;
}

void msg_addf(struct strbuf *sb, enum msg_id id, enum msg_lang lang, ...)
{
        va_list ap;
        va_start(ap, lang);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        strbuf_vaddf(sb, msg(id, lang), ap);
#pragma GCC diagnostic pop
        va_end(ap);
}
