#include "xmalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
        fprintf(stderr, "lytt: out of memory (asked for %zu bytes)\n", size);
        abort();
}

void *xmalloc(size_t size)
{
        void *p = malloc(size ? size : 1);
        if (!p)
                out_of_memory(size);
        return p;
}

void *xcalloc(size_t n, size_t size)
{
        if (size && n > SIZE_MAX / size)
                out_of_memory(SIZE_MAX);
        void *p = calloc(n ? n : 1, size ? size : 1);
        if (!p)
                out_of_memory(n * size);
        return p;
}

void *xrealloc(void *ptr, size_t size)
{
        void *p = realloc(ptr, size ? size : 1);
        if (!p)
                out_of_memory(size);
        return p;
}

void *xgrow(void *ptr, size_t elsize, size_t need, size_t *alloc)
{
        if (need <= *alloc)
                return ptr;
        size_t n = *alloc ? *alloc : 8;
        while (n < need) {
                if (n > SIZE_MAX / 2 / elsize)
                        out_of_memory(SIZE_MAX);
                n *= 2;
        }
        *alloc = n;
        return xrealloc(ptr, n * elsize);
}

char *xstrdup(const char *s)
{
        return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
        char *p = xmalloc(n + 1);
        memcpy(p, s, n);
        p[n] = '\0';
        return p;
}
