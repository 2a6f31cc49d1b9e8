#include "lytt_random.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

void lytt_random_bytes(void *buf, size_t n)
{
        unsigned char *p = buf;
        while (n) {
                ssize_t got = getrandom(p, n, 0);
                if (got < 0) {
                        if (errno == EINTR)
                                continue;
                        fprintf(stderr, "lytt: no random numbers from the kernel\n");
                        abort();
                }
                p += got;
                n -= (size_t)got;
        }
}

void lytt_random_id(char out[LYTT_ID_HEX_LEN + 1])
{
        static const char hex[] = "0123456789abcdef";
        unsigned char b[LYTT_ID_HEX_LEN / 2];
        lytt_random_bytes(b, sizeof(b));
        for (size_t i = 0; i < sizeof(b); i++) {
                out[2 * i] = hex[b[i] >> 4];
                out[2 * i + 1] = hex[b[i] & 15];
        }
        out[LYTT_ID_HEX_LEN] = '\0';
}

unsigned lytt_random_below(unsigned bound)
{
        uint32_t limit = UINT32_MAX - UINT32_MAX % bound, v;
        do
                lytt_random_bytes(&v, sizeof(v));
        while (v >= limit);
        return v % bound;
}
