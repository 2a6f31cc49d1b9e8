/* The server's pure parts: language choice, receipts, messages, escaping, the
 * command line and page rendering. */
#include "accept_language.h"
#include "deadline.h"
#include "lytt_clock.h"
#include "html.h"
#include "messages.h"
#include "page.h"
#include "receipt.h"
#include "server_cli.h"
#include "test.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static void test_accept_language(void)
{
        static const char *const codes[] = {"nb", "nn", "en"};
        static const struct {
                const char *header;
                int want;
        } cases[] = {
            {NULL, -1},
            {"", -1},
            {"de", -1},
            {"nn", 1},
            {"nn-NO", 1},
            {"NN-no", 1},
            {"no", 0},
            {"nb-NO,nb;q=0.9,en;q=0.8", 0},
            {"en-GB,en;q=0.9,nn;q=0.8", 2},
            {"de-DE, nn;q=0.5, en;q=0.7", 2},
            {"en;q=0.1, nn;q=0.9", 1},
            {"nn;q=0, en", 2},
            {"*", -1},
            {"en;q=abc, nn", 1},
            {";;;,,,", -1},
            {"sv, da;q=0.8, nb;q=0.7", 0},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int got = accept_language_pick(cases[i].header, codes, 3);
                if (got != cases[i].want)
                        fprintf(stderr, "Accept-Language '%s': got %d want %d\n",
                                cases[i].header ? cases[i].header : "(null)", got, cases[i].want);
                CHECK(got == cases[i].want);
        }
}

static void test_receipt(void)
{
        unsigned char key[DB_KEY_LEN] = {1, 2, 3}, h1[DB_KEY_LEN], h2[DB_KEY_LEN];
        char code[RECEIPT_SHOWN_LEN + 1], norm[RECEIPT_CHARS + 1];
        CHECK(receipt_init() == 0);
        receipt_new(code);
        CHECK(strlen(code) == RECEIPT_SHOWN_LEN && code[5] == '-');
        CHECK(receipt_normalise(code, norm) && strlen(norm) == RECEIPT_CHARS);
        /* Forgiving of case, spaces and dashes; the same hash. */
        CHECK(receipt_hash("ABCDE-FGHJK", key, h1));
        CHECK(receipt_hash(" abcde fghjk ", key, h2));
        CHECK(memcmp(h1, h2, DB_KEY_LEN) == 0);
        /* Another key, another hash. */
        key[0] = 9;
        CHECK(receipt_hash("ABCDE-FGHJK", key, h2));
        CHECK(memcmp(h1, h2, DB_KEY_LEN) != 0);
        /* Ill-formed codes are refused: look-alikes, wrong length, other characters. */
        static const char *const bad[] = {"",
                                          "ABCDE",
                                          "ABCDE-FGHJKL",
                                          "ABCDE-FGHJ0",
                                          "ABCDE-FGHJI",
                                          "ABCDE-FGHJO",
                                          "ABCDE-FGHJ<",
                                          "ÆBCDE-FGHJK"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                CHECK(!receipt_normalise(bad[i], norm));
        /* Codes are random: 2000 of them, no repeats, every alphabet letter used. */
        char seen[2000][RECEIPT_SHOWN_LEN + 1];
        int letters[256] = {0};
        bool unique = true;
        for (int i = 0; i < 2000; i++) {
                receipt_new(seen[i]);
                for (const char *p = seen[i]; *p; p++)
                        letters[(unsigned char)*p]++;
                for (int j = 0; j < i && unique; j++)
                        if (strcmp(seen[i], seen[j]) == 0)
                                unique = false;
        }
        CHECK(unique);
        int used = 0;
        for (const char *a = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; *a; a++)
                used += letters[(unsigned char)*a] > 0;
        CHECK(used == 31);
        CHECK(letters['0'] == 0 && letters['O'] == 0 && letters['I'] == 0 && letters['1'] == 0);
}

/* Every language of a message has the same printf conversions as Bokmål. */
static void conversions(const char *s, char *out, size_t n)
{
        size_t k = 0;
        for (; *s && k + 4 < n; s++) {
                if (*s != '%')
                        continue;
                s++;
                while (*s && strchr("lz", *s))
                        out[k++] = *s++;
                if (*s)
                        out[k++] = *s;
                out[k++] = ' ';
        }
        out[k] = '\0';
}

static void test_messages(void)
{
        for (int id = 0; id < M_COUNT; id++) {
                char nb[32], other[32];
                conversions(msg((enum msg_id)id, MSG_NB), nb, sizeof(nb));
                CHECK(msg((enum msg_id)id, MSG_NB)[0] != '\0');
                for (int l = 1; l < MSG_NLANGS; l++) {
                        CHECK(msg((enum msg_id)id, (enum msg_lang)l)[0] != '\0');
                        conversions(msg((enum msg_id)id, (enum msg_lang)l), other, sizeof(other));
                        if (strcmp(nb, other) != 0)
                                fprintf(stderr, "message %d language %d: '%s' vs '%s'\n", id, l, nb,
                                        other);
                        CHECK(strcmp(nb, other) == 0);
                }
        }
        CHECK(msg_lang_of("nn") == MSG_NN && msg_lang_of("se") == MSG_EN);
}

static void test_html(void)
{
        struct strbuf sb = STRBUF_INIT;
        html_escape(&sb, "<a href=\"x\">Tom & 'Jerry'</a>");
        CHECK_STR(sb.buf, "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
        strbuf_reset(&sb);
        html_escape(&sb, "plain æøå");
        CHECK_STR(sb.buf, "plain æøå");
        strbuf_reset(&sb);
        html_url_escape(&sb, "a b/c?d=æ");
        CHECK_STR(sb.buf, "a%20b%2Fc%3Fd%3D%C3%A6");
        strbuf_release(&sb);
}

/* A typed text shown back is cut after the last whole UTF-8 character that fits. */
static void test_copy_text(void)
{
        static const struct {
                const char *src;
                size_t size;
                const char *want;
        } cases[] = {
            {"ABCDE-FGHJK", 64, "ABCDE-FGHJK"},
            {"abcdef", 4, "abc"},
            {"", 4, ""},
            {"øøø", 4, "ø"},  /* 2-byte characters: the third byte would split one */
            {"øøø", 5, "øø"}, /* exactly two fit */
            {"a€", 4, "a"},   /* 1 + 3 bytes need 5 with the NUL */
            {"a€", 5, "a€"},
            {"€€", 4, "€"}, /* a 3-byte character and no room for the next */
            {"€", 3, ""},   /* not even one */
            {"x😀", 5, "x"}, /* a 4-byte character needs 5 bytes after the x */
            {"x😀", 6, "x😀"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char buf[64];
                memset(buf, 'Z', sizeof(buf));
                html_copy_text(buf, cases[i].size, cases[i].src);
                CHECK_STR(buf, cases[i].want);
        }
        /* The withdraw page's box: 40 x "ø" (80 bytes) and 40 x "€" (120 bytes) into 64. */
        char code[200] = "", buf[64];
        for (int i = 0; i < 40; i++)
                memcpy(code + 2 * i, "ø", 3);
        html_copy_text(buf, sizeof(buf), code);
        CHECK(strlen(buf) == 62 && strncmp(buf, code, 62) == 0);
        for (int i = 0; i < 40; i++)
                memcpy(code + 3 * i, "€", 4);
        html_copy_text(buf, sizeof(buf), code);
        CHECK(strlen(buf) == 63 && strncmp(buf, code, 63) == 0);
        buf[0] = 'Z';
        html_copy_text(buf, 0, "abc"); /* size 0 writes nothing */
        CHECK(buf[0] == 'Z');
}

/* Whether the peer of fd sees end-of-file (the watcher shut fd down). */
static bool peer_sees_eof(int peer)
{
        char c;
        return recv(peer, &c, 1, MSG_DONTWAIT) == 0;
}

/* The deadline watcher without its thread: sweeps at chosen times, on socket pairs. */
static void test_deadline(void)
{
        struct deadline *d = deadline_new(10, 0);
        int a[2], b[2], c[2];
        CHECK(d != NULL);
        CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, a) == 0);
        CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, b) == 0);
        CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, c) == 0);
        double now = lytt_monotonic();
        struct deadline_watch *wa = deadline_watch(d, a[0]);
        struct deadline_watch *wb = deadline_watch(d, b[0]);
        struct deadline_watch *wc = deadline_watch(d, c[0]);
        deadline_arrived(d, wb); /* b's request is in: waits for the writer */
        CHECK(deadline_sweep(d, now + 5) == 0);
        CHECK(!peer_sees_eof(a[1]) && !peer_sees_eof(b[1]) && !peer_sees_eof(c[1]));
        deadline_forget(d, wc); /* c closes before its deadline: never touched */
        CHECK(deadline_sweep(d, now + 11) == 1);
        CHECK(peer_sees_eof(a[1]));
        CHECK(!peer_sees_eof(b[1]) && !peer_sees_eof(c[1]));
        CHECK(deadline_sweep(d, now + 20) == 0); /* a is cut once */
        /* b's request is over: its next one is due 10 s from now. */
        deadline_restart(d, wb);
        double later = lytt_monotonic();
        CHECK(deadline_sweep(d, later + 9) == 0);
        CHECK(deadline_sweep(d, later + 10.5) == 1);
        CHECK(peer_sees_eof(b[1]));
        deadline_forget(d, wa);
        deadline_free(d); /* frees b's watch too */
        /* NULL watcher: nothing is watched, every call is a no-op. */
        CHECK(deadline_watch(NULL, a[0]) == NULL);
        deadline_arrived(NULL, NULL);
        deadline_restart(NULL, NULL);
        deadline_forget(NULL, NULL);
        CHECK(deadline_sweep(NULL, now) == 0);
        deadline_free(NULL);
        /* With its thread: a socket past a 1 s deadline is cut within a sweep or two. */
        d = deadline_new(1, 50);
        int e[2];
        CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, e) == 0);
        struct deadline_watch *we = deadline_watch(d, e[0]);
        bool cut = false;
        for (int i = 0; i < 40 && !cut; i++) {
                usleep(50 * 1000);
                cut = peer_sees_eof(e[1]);
        }
        CHECK(cut);
        deadline_forget(d, we);
        deadline_free(d);
        for (int i = 0; i < 2; i++) {
                close(a[i]);
                close(b[i]);
                close(c[i]);
                close(e[i]);
        }
}

static void test_cli(void)
{
        struct server_cli cli;
        struct lytt_error err;
        char *ok1[] = {"lytt-server", NULL};
        CHECK(server_cli_parse(1, ok1, &cli, &err) == 0);
        CHECK(cli.mode == CLI_SERVE && cli.server.port == 8080);
        CHECK_STR(cli.server.bind, "127.0.0.1");
        CHECK_STR(cli.db_path, "lytt.db");
        CHECK_STR(cli.surveys_dir, "survey");
        char *ok2[] = {"x",    "--port",    "0", "--bind=::1", "--db",
                       "a.db", "--surveys", "s", "--threads",  "4"};
        CHECK(server_cli_parse(10, ok2, &cli, &err) == 0);
        CHECK(cli.server.port == 0 && cli.server.threads == 4);
        CHECK_STR(cli.server.bind, "::1");
        CHECK_STR(cli.db_path, "a.db");
        char *check[] = {"x", "--check", "a.yaml", "b.yaml"};
        CHECK(server_cli_parse(4, check, &cli, &err) == 0);
        CHECK(cli.mode == CLI_CHECK && cli.nfiles == 2);
        static const struct {
                int argc;
                char *argv[4];
                const char *says;
        } bad[] = {
            {2, {"x", "--nope"}, "unknown option"},
            {2, {"x", "--port"}, "needs a value"},
            {3, {"x", "--port", "70000"}, "--port"},
            {3, {"x", "--port", "-1"}, "--port"},
            {3, {"x", "--port", "80x"}, "--port"},
            {3, {"x", "--threads", "0"}, "--threads"},
            {2, {"x", "stray"}, "unexpected"},
            {2, {"x", "--check"}, "at least one file"},
            {3, {"x", "--tls-cert", "c.pem"}, "go together"},
            {2, {"x", "--help=yes"}, "takes no value"},
            {2, {"x", "--port="}, "needs a value"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                int rc = server_cli_parse(bad[i].argc, bad[i].argv, &cli, &err);
                CHECK(rc < 0);
                if (rc < 0 && !strstr(err.msg, bad[i].says))
                        fprintf(stderr, "cli case %zu: '%s'\n", i, err.msg);
                CHECK(rc < 0 && strstr(err.msg, bad[i].says) != NULL);
        }
        CHECK(strstr(server_cli_usage(), "--check") != NULL);
}

static const char YAML[] =
    "lytt: 1\nid: p\nversion: 1\nlanguages: [nb, nn, en]\n"
    "title: {nb: Tittel, nn: Tittel, en: Title}\nintro: {nb: i, nn: i, en: i}\n"
    "support: {nb: s, nn: s, en: Call <b>us</b>}\n"
    "units:\n  - {id: u1, name: {nb: a, nn: a, en: Unit A}}\n"
    "  - {id: u2, name: {nb: b, nn: b, en: Unit B}}\n"
    "sections:\n  - id: s\n    title: {nb: a, nn: a, en: Section}\n    items:\n"
    "      - {id: q, type: yesno, required: true, text: {nb: a, nn: a, en: Q?}}\n"
    "      - {id: t, type: text, text: {nb: a, nn: a, en: T}, help: {nb: h, nn: h, en: H}}\n";

static void test_pages(void)
{
        struct lytt_diags d = LYTT_DIAGS_INIT;
        struct survey_def *def = NULL;
        CHECK(survey_def_parse("p.yaml", YAML, sizeof(YAML) - 1, &def, &d) == 0);
        if (!def)
                return;
        struct page_view v = {def, 2, "en", false, false, false, NULL, 0};
        struct strbuf sb = STRBUF_INIT;

        /* A fresh form: every item, the unit question (no unit in the link), no errors. */
        page_form(&sb, &v, NULL, NULL, NULL, PAGE_NOTICE_NONE);
        CHECK(strstr(sb.buf, "<html lang=\"en\">") != NULL);
        CHECK(strstr(sb.buf, "name=\"_unit\" value=\"u2\"") != NULL);
        CHECK(strstr(sb.buf, "name=\"q\" value=\"yes\" id=\"f-q\"") != NULL);
        CHECK(strstr(sb.buf, "<textarea id=\"f-t\" name=\"t\"") != NULL);
        CHECK(strstr(sb.buf, "class=\"error\"") == NULL);
        CHECK(strstr(sb.buf, "<script>") == NULL && strstr(sb.buf, "style=") == NULL);
        CHECK(strstr(sb.buf, "http://") == NULL && strstr(sb.buf, "https://") == NULL);

        /* Re-rendered after a failed check: typed answers back, errors linked. */
        struct form_body b = FORM_BODY_INIT;
        struct response r = RESPONSE_INIT;
        const char *body = "_unit=u2&t=%3Cscript%3Ealert(1)%3C%2Fscript%3E";
        CHECK(form_body_parse(&b, body, strlen(body), NULL) == 0);
        CHECK(response_from_form(&r, def, NULL, 2, &b) == 1);
        strbuf_reset(&sb);
        page_form(&sb, &v, NULL, &b, &r, PAGE_NOTICE_NONE);
        CHECK(strstr(sb.buf, "<title>Error: ") != NULL);
        CHECK(strstr(sb.buf, "value=\"u2\" checked") != NULL);
        CHECK(strstr(sb.buf, "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>") != NULL);
        CHECK(strstr(sb.buf, "<script>alert") == NULL);
        CHECK(strstr(sb.buf, "aria-describedby=\"e-q\"") != NULL);
        CHECK(strstr(sb.buf, "<p class=\"error\" id=\"e-q\">") != NULL);
        CHECK(strstr(sb.buf, "href=\"#f-q\"") != NULL);
        CHECK(strstr(sb.buf, "One answer needs fixing") != NULL);

        /* Thanks: receipt, withdraw link and the support text, escaped. */
        strbuf_reset(&sb);
        page_thanks(&sb, &v, "ABCDE-FGHJK");
        CHECK(strstr(sb.buf, "ABCDE-FGHJK") != NULL);
        CHECK(strstr(sb.buf, "/s/p/withdraw?lang=en") != NULL);
        CHECK(strstr(sb.buf, "Call &lt;b&gt;us&lt;/b&gt;") != NULL);

        /* Nynorsk texts. */
        struct page_view nn = {def, 1, "nn", true, false, false, NULL, 0};
        strbuf_reset(&sb);
        page_withdraw(&sb, &nn, WITHDRAW_NOT_FOUND, "<x>");
        CHECK(strstr(sb.buf, "class=\"large\"") != NULL);
        CHECK(strstr(sb.buf, "Vi fann ingen svar") != NULL);
        CHECK(strstr(sb.buf, "value=\"&lt;x&gt;\"") != NULL);

        response_release(&r);
        form_body_release(&b);
        strbuf_release(&sb);
        survey_def_free(def);
        lytt_diags_release(&d);
}

int main(void)
{
        test_accept_language();
        test_receipt();
        test_messages();
        test_html();
        test_copy_text();
        test_deadline();
        test_cli();
        test_pages();
        return test_done("test_server_parts");
}
