#include "strbuf.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char strbuf_empty[1];

void strbuf_grow(struct strbuf *sb, size_t extra)
{
        size_t need = sb->len + extra + 1;
        if (need <= sb->alloc)
                return;
        if (sb->alloc == 0)
                sb->buf = NULL;
        size_t n = sb->alloc ? sb->alloc : 64;
        while (n < need)
                n *= 2;
        sb->buf = xrealloc(sb->buf, n);
        sb->alloc = n;
        sb->buf[sb->len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
        strbuf_grow(sb, n);
        memcpy(sb->buf + sb->len, data, n);
        sb->len += n;
        sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
        strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
        strbuf_grow(sb, 1);
        sb->buf[sb->len++] = (char)c;
        sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
        va_list cp;
        va_copy(cp, ap);
        int n = vsnprintf(NULL, 0, fmt, cp);
        va_end(cp);
        if (n < 0)
                return;
        strbuf_grow(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
        sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        strbuf_vaddf(sb, fmt, ap);
        va_end(ap);
}

void strbuf_reset(struct strbuf *sb)
{
        if (sb->alloc) {
                sb->len = 0;
                sb->buf[0] = '\0';
        }
}

void strbuf_release(struct strbuf *sb)
{
        if (sb->alloc)
                free(sb->buf);
        sb->buf = strbuf_empty;
        sb->len = 0;
        sb->alloc = 0;
}

char *strbuf_detach(struct strbuf *sb, size_t *lenp)
{
        char *s;
        if (lenp)
                *lenp = sb->len;
        if (sb->alloc)
                s = sb->buf;
        else
                s = xstrdup("");
        sb->buf = strbuf_empty;
        sb->len = 0;
        sb->alloc = 0;
        return s;
}
