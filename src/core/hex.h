/*
 * hex: the value of one hexadecimal digit, for the decoders that read them
 * (form bodies' %XX, JSON's \uXXXX, the key file's keys).
 */
#ifndef LYTT_HEX_H
#define LYTT_HEX_H

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

#endif
