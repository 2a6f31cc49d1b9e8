#include "accept_language.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* q value of ";q=0.8" parameters, 1.0 by default; -1 when malformed. */
static double quality(const char *p, const char *end)
{
        while (p < end) {
                while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
                        p++;
                if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
                        char buf[16];
                        size_t n = (size_t)(end - p - 2);
                        if (n == 0 || n >= sizeof(buf))
                                return -1;
                        memcpy(buf, p + 2, n);
                        buf[n] = '\0';
                        while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
                                buf[--n] = '\0';
                        char *e;
                        double q = strtod(buf, &e);
                        if (*e || q < 0 || q > 1)
                                return -1;
                        return q;
                }
                while (p < end && *p != ';')
                        p++;
        }
        return 1.0;
}

int accept_language_pick(const char *header, const char *const *codes, size_t n)
{
        int best = -1;
        double best_q = 0;
        if (!header)
                return -1;
        const char *p = header;
        while (*p) {
                const char *end = strchr(p, ',');
                if (!end)
                        end = p + strlen(p);
                while (p < end && (*p == ' ' || *p == '\t'))
                        p++;
                const char *tag = p;
                while (p < end && (isalpha((unsigned char)*p)))
                        p++;
                size_t taglen = (size_t)(p - tag);
                const char *params = p;
                while (params < end && *params != ';')
                        params++;
                double q = quality(params, end);
                char primary[9];
                if (taglen > 0 && taglen < sizeof(primary) && q > 0) {
                        for (size_t i = 0; i < taglen; i++)
                                primary[i] = (char)tolower((unsigned char)tag[i]);
                        primary[taglen] = '\0';
                        if (strcmp(primary, "no") == 0)
                                memcpy(primary, "nb", 3);
                        for (size_t i = 0; i < n; i++)
                                if (strcmp(codes[i], primary) == 0 && q > best_q) {
                                        best = (int)i;
                                        best_q = q;
                                }
                }
                p = *end ? end + 1 : end;
        }
        return best;
}
