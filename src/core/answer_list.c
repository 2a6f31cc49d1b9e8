#include "answer_list.h"
#include "hex.h"

#include <stdio.h>

static void json_string(struct strbuf *out, const char *s)
{
        strbuf_addch(out, '"');
        for (; *s; s++) {
                unsigned char c = (unsigned char)*s;
                switch (c) {
                case '"':
                        strbuf_addstr(out, "\\\"");
                        break;
                case '\\':
                        strbuf_addstr(out, "\\\\");
                        break;
                case '\n':
                        strbuf_addstr(out, "\\n");
                        break;
                case '\r':
                        strbuf_addstr(out, "\\r");
                        break;
                case '\t':
                        strbuf_addstr(out, "\\t");
                        break;
                default:
                        if (c < 0x20) {
                                strbuf_addstr(out, "\\u00");
                                strbuf_addch(out, hex_digit(c >> 4, false));
                                strbuf_addch(out, hex_digit(c & 15, false));
                        } else {
                                strbuf_addch(out, c);
                        }
                }
        }
        strbuf_addch(out, '"');
}

void answer_list_encode(struct strbuf *out, const struct response *r)
{
        strbuf_addch(out, '[');
        for (size_t i = 0; i < r->nanswers; i++) {
                strbuf_addstr(out, i ? ",[" : "[");
                json_string(out, r->answers[i].item->id);
                strbuf_addch(out, ',');
                json_string(out, r->answers[i].value);
                strbuf_addch(out, ']');
        }
        strbuf_addch(out, ']');
}

void answer_list_iter_init(struct answer_list_iter *it, const char *text, size_t len)
{
        it->item = (struct strbuf)STRBUF_INIT;
        it->value = (struct strbuf)STRBUF_INIT;
        answer_list_iter_reset(it, text, len);
}

void answer_list_iter_reset(struct answer_list_iter *it, const char *text, size_t len)
{
        it->p = text;
        it->end = text + len;
        if (it->p < it->end && *it->p == '[')
                it->p++;
        else
                it->p = NULL;
}

/* Reads a JSON string: the escapes json_string() writes, the other escapes of JSON, and
 * \u of the BMP; anything else is not a list this module wrote. */
static int read_string(struct answer_list_iter *it, struct strbuf *out)
{
        strbuf_reset(out);
        if (it->p >= it->end || *it->p != '"')
                return -1;
        for (it->p++; it->p < it->end; it->p++) {
                /* The plain run up to the next quote or backslash, in one go. */
                const char *q = it->p;
                while (q < it->end && *q != '"' && *q != '\\')
                        q++;
                if (q > it->p) {
                        strbuf_add(out, it->p, (size_t)(q - it->p));
                        it->p = q;
                        if (it->p >= it->end)
                                break;
                }
                char c = *it->p;
                if (c == '"') {
                        it->p++;
                        return 0;
                }
                if (c != '\\') {
                        strbuf_addch(out, c);
                        continue;
                }
                if (++it->p >= it->end)
                        return -1;
                switch (*it->p) {
                case 'n':
                        strbuf_addch(out, '\n');
                        break;
                case 'r':
                        strbuf_addch(out, '\r');
                        break;
                case 't':
                        strbuf_addch(out, '\t');
                        break;
                case 'u': {
                        if (it->end - it->p < 5)
                                return -1;
                        unsigned v = 0;
                        for (int k = 1; k <= 4; k++) {
                                int d = hex_value((unsigned char)it->p[k]);
                                if (d < 0)
                                        return -1;
                                v = v * 16 + (unsigned)d;
                        }
                        it->p += 4;
                        if (v < 0x80) {
                                strbuf_addch(out, (int)v);
                        } else if (v < 0x800) {
                                strbuf_addch(out, (int)(0xc0 | (v >> 6)));
                                strbuf_addch(out, (int)(0x80 | (v & 0x3f)));
                        } else {
                                strbuf_addch(out, (int)(0xe0 | (v >> 12)));
                                strbuf_addch(out, (int)(0x80 | ((v >> 6) & 0x3f)));
                                strbuf_addch(out, (int)(0x80 | (v & 0x3f)));
                        }
                        break;
                }
                case 'b':
                        strbuf_addch(out, '\b');
                        break;
                case 'f':
                        strbuf_addch(out, '\f');
                        break;
                case '"':
                case '\\':
                case '/':
                        strbuf_addch(out, *it->p);
                        break;
                default: /* not JSON */
                        return -1;
                }
        }
        return -1;
}

int answer_list_next(struct answer_list_iter *it)
{
        if (!it->p)
                return -1;
        if (it->p < it->end && *it->p == ',')
                it->p++;
        if (it->p < it->end && *it->p == ']')
                return it->p + 1 == it->end ? 0 : -1; /* nothing may follow the list */
        if (it->p >= it->end || *it->p != '[')
                return -1;
        it->p++;
        if (read_string(it, &it->item) < 0 || it->p >= it->end || *it->p != ',')
                return -1;
        it->p++;
        if (read_string(it, &it->value) < 0 || it->p >= it->end || *it->p != ']')
                return -1;
        it->p++;
        return 1;
}

void answer_list_iter_release(struct answer_list_iter *it)
{
        strbuf_release(&it->item);
        strbuf_release(&it->value);
}
