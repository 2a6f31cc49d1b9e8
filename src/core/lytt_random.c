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

int64_t lytt_random_id(void)
{
        uint64_t v;
        do
                lytt_random_bytes(&v, sizeof(v));
        while ((v & INT64_MAX) == 0);
        return (int64_t)(v & INT64_MAX);
}

unsigned lytt_random_below(unsigned bound)
{
        uint32_t limit = UINT32_MAX - UINT32_MAX % bound, v;
        do
                lytt_random_bytes(&v, sizeof(v));
        while (v >= limit);
        return v % bound;
}
