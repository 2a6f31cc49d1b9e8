#include "html.h"
#include "hex.h"

#include <stdio.h>
#include <string.h>

static char asset_version[24] = "0";

void html_set_asset_version(const char *v)
{
        snprintf(asset_version, sizeof(asset_version), "%s", v);
}

void html_escape(struct strbuf *sb, const char *s)
{
        const char *start = s;
        for (; *s; s++) {
                const char *rep;
                switch (*s) {
                case '&':
                        rep = "&amp;";
                        break;
                case '<':
                        rep = "&lt;";
                        break;
                case '>':
                        rep = "&gt;";
                        break;
                case '"':
                        rep = "&quot;";
                        break;
                case '\'':
                        rep = "&#39;";
                        break;
                default:
                        continue;
                }
                strbuf_add(sb, start, (size_t)(s - start));
                strbuf_addstr(sb, rep);
                start = s + 1;
        }
        strbuf_add(sb, start, (size_t)(s - start));
}

void html_copy_text(char *dst, size_t size, const char *src)
{
        if (size == 0)
                return;
        size_t n = strlen(src);
        if (n >= size) {
                n = size - 1;
                /* src[n] is the first byte left out: while it continues a character,
                 * that character's first bytes go too. */
                while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
                        n--;
        }
        memcpy(dst, src, n);
        dst[n] = '\0';
}

void html_url_escape(struct strbuf *sb, const char *s)
{
        for (; *s; s++) {
                unsigned char c = (unsigned char)*s;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '~') {
                        strbuf_addch(sb, c);
                } else {
                        strbuf_addch(sb, '%');
                        strbuf_addch(sb, hex_digit(c >> 4, true));
                        strbuf_addch(sb, hex_digit(c & 15, true));
                }
        }
}

void html_page_begin(struct strbuf *sb, const struct html_page *p)
{
        strbuf_addstr(sb, "<!doctype html>\n<html lang=\"");
        html_escape(sb, p->lang);
        strbuf_addstr(sb, p->large ? "\" class=\"large\">\n" : "\">\n");
        strbuf_addstr(sb, "<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, "
                          "initial-scale=1\">\n<title>");
        if (p->error)
                html_escape(sb, msg(M_ERROR_TITLE_PREFIX, p->ml));
        html_escape(sb, p->title);
        strbuf_addf(sb,
                    "</title>\n<link rel=\"stylesheet\" href=\"/static/lytt.css?v=%s\">\n"
                    "<script src=\"/static/draft.js?v=%s\" defer></script>\n</head>\n<body",
                    asset_version, asset_version);
        if (p->body_attrs) {
                strbuf_addch(sb, ' ');
                strbuf_addstr(sb, p->body_attrs);
        }
        strbuf_addstr(sb, ">\n<main id=\"main\">\n");
}

void html_page_end(struct strbuf *sb, const struct html_page *p)
{
        strbuf_addstr(sb, "</main>\n<footer><p>");
        html_escape(sb, msg(M_ANONYMOUS_NOTE, p->ml));
        strbuf_addstr(sb, "</p></footer>\n</body>\n</html>\n");
}
