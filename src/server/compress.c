#include "compress.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

bool compress_accepts_gzip(const char *ae)
{
        if (!ae)
                return false;
        for (const char *p = ae; *p;) {
                while (*p == ' ' || *p == '\t' || *p == ',')
                        p++;
                const char *tok = p;
                while (*p && *p != ',' && *p != ';' && *p != ' ')
                        p++;
                size_t n = (size_t)(p - tok);
                bool gzip = n == 4 && strncasecmp(tok, "gzip", 4) == 0;
                double q = 1;
                while (*p && *p != ',') {
                        if (*p == 'q' && p[1] == '=')
                                q = strtod(p + 2, NULL);
                        p++;
                }
                if (gzip)
                        return q > 0;
        }
        return false;
}

int compress_gzip(const void *data, size_t len, struct strbuf *out)
{
        z_stream z;
        memset(&z, 0, sizeof(z));
        /* 15 window bits + 16: a gzip header; memLevel 8 is zlib's default. */
        if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
                return -1;
        size_t bound = deflateBound(&z, (uLong)len);
        size_t start = out->len;
        strbuf_grow(out, bound);
        z.next_in = (Bytef *)data;
        z.avail_in = (uInt)len;
        z.next_out = (Bytef *)out->buf + start;
        z.avail_out = (uInt)bound;
        int rc = deflate(&z, Z_FINISH);
        size_t produced = bound - z.avail_out;
        deflateEnd(&z);
        if (rc != Z_STREAM_END) {
                out->buf[start] = '\0';
                return -1;
        }
        out->len = start + produced;
        out->buf[out->len] = '\0';
        return 0;
}
