/*
 * hex: one hexadecimal digit, read (form bodies' %XX, JSON's \uXXXX, the key file's
 * keys) and written (the key file, JSON escapes, URL escapes).
 */
#ifndef LYTT_HEX_H
#define LYTT_HEX_H

#include <stdbool.h>

/* 0-15 for 0-9, a-f and A-F; -1 for anything else. */
static inline int hex_value(int c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

/* The digit of v (0-15): '0'-'9', then 'a'-'f' or, upper, 'A'-'F'. */
static inline char hex_digit(unsigned v, bool upper)
{
        return (char)(v < 10 ? '0' + v : (upper ? 'A' : 'a') + v - 10);
}

#endif
