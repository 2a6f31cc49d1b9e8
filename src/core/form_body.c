#include "form_body.h"
#include "hex.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <stdlib.h>
#include <string.h>

bool utf8_valid(const char *str, size_t len)
{
        const unsigned char *s = (const unsigned char *)str;
        size_t i = 0;
        while (i < len) {
                unsigned c = s[i];
                size_t n;
                unsigned cp;
                if (c < 0x80) {
                        i++;
                        continue;
                } else if (c >= 0xc2 && c <= 0xdf) {
                        n = 1;
                        cp = c & 0x1f;
                } else if (c >= 0xe0 && c <= 0xef) {
                        n = 2;
                        cp = c & 0x0f;
                } else if (c >= 0xf0 && c <= 0xf4) {
                        n = 3;
                        cp = c & 0x07;
                } else {
                        return false;
                }
                if (len - i <= n)
                        return false;
                for (size_t k = 1; k <= n; k++) {
                        if ((s[i + k] & 0xc0) != 0x80)
                                return false;
                        cp = (cp << 6) | (s[i + k] & 0x3f);
                }
                if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
                    (cp >= 0xd800 && cp <= 0xdfff))
                        return false;
                i += n + 1;
        }
        return true;
}

size_t utf8_length(const char *s)
{
        size_t n = 0;
        for (; *s; s++)
                if (((unsigned char)*s & 0xc0) != 0x80)
                        n++;
        return n;
}

/* Decodes one name or value; returns 0 or -1 with err. */
static int decode(struct strbuf *out, const char *s, size_t len, bool is_value, size_t field,
                  struct lytt_error *err)
{
        const char *what = is_value ? "value" : "name";
        strbuf_reset(out);
        for (size_t i = 0; i < len; i++) {
                char c = s[i];
                if (c == '+') {
                        strbuf_addch(out, ' ');
                } else if (c == '%') {
                        int hi = i + 1 < len ? hex_value((unsigned char)s[i + 1]) : -1;
                        int lo = i + 2 < len ? hex_value((unsigned char)s[i + 2]) : -1;
                        if (hi < 0 || lo < 0) {
                                lytt_error_set(err, NULL, 0,
                                               "field %zu: bad percent-encoding in the %s", field,
                                               what);
                                return -1;
                        }
                        strbuf_addch(out, hi * 16 + lo);
                        i += 2;
                } else {
                        strbuf_addch(out, c);
                }
        }
        for (size_t i = 0; i < out->len; i++) {
                unsigned char c = (unsigned char)out->buf[i];
                bool allowed = c >= 0x20 || (is_value && (c == '\t' || c == '\n' || c == '\r'));
                if (!allowed || c == 0x7f) {
                        lytt_error_set(err, NULL, 0, "field %zu: control character in the %s",
                                       field, what);
                        return -1;
                }
        }
        if (!utf8_valid(out->buf, out->len)) {
                lytt_error_set(err, NULL, 0, "field %zu: the %s is not valid UTF-8", field, what);
                return -1;
        }
        return 0;
}

int form_body_parse(struct form_body *body, const char *data, size_t len, struct lytt_error *err)
{
        struct strbuf name = STRBUF_INIT, value = STRBUF_INIT;
        size_t pos = 0, field = 0;
        int rc = 0;
        while (pos < len) {
                const char *start = data + pos;
                const char *amp = memchr(start, '&', len - pos);
                size_t flen = amp ? (size_t)(amp - start) : len - pos;
                pos += flen + (amp ? 1 : 0);
                if (flen == 0)
                        continue; /* "a=1&&b=2" and a trailing '&' are harmless */
                field++;
                if (body->n >= FORM_BODY_MAX_FIELDS) {
                        lytt_error_set(err, NULL, 0, "more than %d fields", FORM_BODY_MAX_FIELDS);
                        rc = -1;
                        break;
                }
                const char *eq = memchr(start, '=', flen);
                size_t nlen = eq ? (size_t)(eq - start) : flen;
                if (nlen == 0) {
                        lytt_error_set(err, NULL, 0, "field %zu has no name", field);
                        rc = -1;
                        break;
                }
                if (decode(&name, start, nlen, false, field, err) < 0 ||
                    decode(&value, eq ? eq + 1 : start + flen, eq ? flen - nlen - 1 : 0, true,
                           field, err) < 0) {
                        rc = -1;
                        break;
                }
                form_body_add(body, name.buf, value.buf);
        }
        strbuf_release(&name);
        strbuf_release(&value);
        if (rc < 0)
                form_body_release(body);
        return rc;
}

void form_body_add(struct form_body *body, const char *name, const char *value)
{
        body->fields = xgrow(body->fields, sizeof(*body->fields), body->n + 1, &body->alloc);
        body->fields[body->n].name = xstrdup(name);
        body->fields[body->n].value = xstrdup(value);
        body->n++;
}

const char *form_body_get(const struct form_body *body, const char *name)
{
        for (size_t i = 0; i < body->n; i++)
                if (strcmp(body->fields[i].name, name) == 0)
                        return body->fields[i].value;
        return NULL;
}

size_t form_body_count(const struct form_body *body, const char *name)
{
        size_t n = 0;
        for (size_t i = 0; i < body->n; i++)
                if (strcmp(body->fields[i].name, name) == 0)
                        n++;
        return n;
}

bool form_body_has(const struct form_body *body, const char *name, const char *value)
{
        for (size_t i = 0; i < body->n; i++)
                if (strcmp(body->fields[i].name, name) == 0 &&
                    strcmp(body->fields[i].value, value) == 0)
                        return true;
        return false;
}

void form_body_release(struct form_body *body)
{
        for (size_t i = 0; i < body->n; i++) {
                free(body->fields[i].name);
                free(body->fields[i].value);
        }
        free(body->fields);
        body->fields = NULL;
        body->n = body->alloc = 0;
}
