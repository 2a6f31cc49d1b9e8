#include "csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void csv_begin(struct csv *c, FILE *f, bool norwegian)
{
        c->f = f;
        c->norwegian = norwegian;
        c->at_start = true;
        if (norwegian)
                fputs("\xef\xbb\xbf", f);
}

static void sep(struct csv *c)
{
        if (!c->at_start)
                fputc(c->norwegian ? ';' : ',', c->f);
        c->at_start = false;
}

void csv_str(struct csv *c, const char *s)
{
        sep(c);
        if (!s)
                return;
        char special[] = {c->norwegian ? ';' : ',', '"', '\n', '\r', '\0'};
        if (!strpbrk(s, special)) {
                fputs(s, c->f);
                return;
        }
        fputc('"', c->f);
        for (; *s; s++) {
                if (*s == '"')
                        fputc('"', c->f);
                fputc(*s, c->f);
        }
        fputc('"', c->f);
}

void csv_text(struct csv *c, const char *s)
{
        if (s && *s && strchr("=+-@\t\r", *s)) {
                size_t n = strlen(s);
                char *quoted = malloc(n + 2);
                if (!quoted)
                        abort();
                quoted[0] = '\'';
                memcpy(quoted + 1, s, n + 1);
                csv_str(c, quoted);
                free(quoted);
                return;
        }
        csv_str(c, s);
}

void csv_num(struct csv *c, double v, int decimals, bool hidden)
{
        sep(c);
        if (hidden || isnan(v))
                return;
        char buf[64];
        snprintf(buf, sizeof(buf), "%.*f", decimals, v);
        if (c->norwegian) {
                char *dot = strchr(buf, '.');
                if (dot)
                        *dot = ',';
        }
        fputs(buf, c->f);
}

void csv_ulong(struct csv *c, unsigned long v, bool hidden)
{
        sep(c);
        if (!hidden)
                fprintf(c->f, "%lu", v);
}

void csv_end_row(struct csv *c)
{
        fputs("\r\n", c->f);
        c->at_start = true;
}
