/* The urlencoded body decoder: a table of bodies and what they decode to. */
#include "form_body.h"
#include "strbuf.h"
#include "test.h"

struct body_case {
        const char *body;
        int ok;              /* 1: decodes; 0: refused */
        const char *decoded; /* "name=value|name=value" as decoded, when ok */
};

static const struct body_case CASES[] = {
    {"", 1, ""},
    {"a=1", 1, "a=1"},
    {"a=1&b=2", 1, "a=1|b=2"},
    {"a=1&a=2&a=3", 1, "a=1|a=2|a=3"}, /* repeated keys kept in order */
    {"a=", 1, "a="},
    {"a", 1, "a="},
    {"a=1&&b=2&", 1, "a=1|b=2"},
    {"t=hello+world", 1, "t=hello world"},
    {"t=%C3%A6%C3%B8%C3%A5", 1, "t=\xc3\xa6\xc3\xb8\xc3\xa5"}, /* æøå */
    {"t=%c3%a6", 1, "t=\xc3\xa6"},                             /* lower-case hex */
    {"t=a%2Bb%3Dc%26d", 1, "t=a+b=c&d"},
    {"t=%F0%9F%98%80", 1, "t=\xf0\x9f\x98\x80"}, /* 4-byte UTF-8 */
    {"t=line1%0D%0Aline2%09x", 1, "t=line1\r\nline2\tx"},
    {"n%C3%A6vn=1", 1, "n\xc3\xa6vn=1"},
    {"t=<script>", 1, "t=<script>"},
    {"t=%", 0, NULL},
    {"t=%4", 0, NULL},
    {"t=%G1", 0, NULL},
    {"t=%%41", 0, NULL},
    {"=1", 0, NULL},             /* no name */
    {"t=%00", 0, NULL},          /* NUL */
    {"t=%01", 0, NULL},          /* control character */
    {"t=%7F", 0, NULL},          /* DEL */
    {"%0A=1", 0, NULL},          /* newline in a name */
    {"t=%C3", 0, NULL},          /* truncated sequence */
    {"t=%C3%28", 0, NULL},       /* bad continuation */
    {"t=%C0%AF", 0, NULL},       /* overlong */
    {"t=%E0%80%AF", 0, NULL},    /* overlong 3-byte */
    {"t=%ED%A0%80", 0, NULL},    /* surrogate */
    {"t=%F4%90%80%80", 0, NULL}, /* past U+10FFFF */
    {"t=%FF", 0, NULL},
    {"t=\xff", 0, NULL},             /* raw invalid byte */
    {"t=\xc3\xa6", 1, "t=\xc3\xa6"}, /* raw UTF-8 is accepted */
};

static void flatten(const struct form_body *b, char *out, size_t n)
{
        size_t len = 0;
        out[0] = '\0';
        for (size_t i = 0; i < b->n && len < n; i++)
                len += (size_t)snprintf(out + len, n - len, "%s%s=%s", i ? "|" : "",
                                        b->fields[i].name, b->fields[i].value);
}

int main(void)
{
        for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
                const struct body_case *c = &CASES[i];
                struct form_body b = FORM_BODY_INIT;
                struct lytt_error err = {{0}, 0, {0}};
                int rc = form_body_parse(&b, c->body, strlen(c->body), &err);
                if ((rc == 0) != c->ok)
                        fprintf(stderr, "case %zu (%s): rc %d, %s\n", i, c->body, rc, err.msg);
                CHECK((rc == 0) == c->ok);
                if (c->ok && rc == 0) {
                        char flat[512];
                        flatten(&b, flat, sizeof(flat));
                        CHECK_STR(flat, c->decoded);
                } else if (!c->ok) {
                        CHECK(b.n == 0);           /* nothing half-decoded is kept */
                        CHECK(err.msg[0] != '\0'); /* and the reason is said */
                }
                form_body_release(&b);
        }

        /* Lookups. */
        struct form_body b = FORM_BODY_INIT;
        CHECK(form_body_parse(&b, "m=a&x=1&m=b", 11, NULL) == 0);
        CHECK_STR(form_body_get(&b, "m"), "a");
        CHECK(form_body_get(&b, "none") == NULL);
        CHECK(form_body_count(&b, "m") == 2);
        CHECK(form_body_has(&b, "m", "b") && !form_body_has(&b, "m", "c"));
        form_body_release(&b);

        /* Too many fields. */
        struct strbuf big = STRBUF_INIT;
        for (int i = 0; i <= FORM_BODY_MAX_FIELDS; i++)
                strbuf_addf(&big, "f%d=1&", i);
        struct lytt_error err;
        CHECK(form_body_parse(&b, big.buf, big.len, &err) < 0);
        CHECK(strstr(err.msg, "fields") != NULL);
        CHECK(b.n == 0);
        strbuf_release(&big);

        /* A body with an embedded NUL byte (length-delimited, not a C string). */
        CHECK(form_body_parse(&b, "a=1\0b=2", 7, &err) < 0);
        form_body_release(&b);

        CHECK(utf8_length("\xc3\xa6\xc3\xb8x") == 3);
        return test_done("test_form_body");
}
