/*
 * lytt_random: unpredictable bytes and identifiers from the kernel (getrandom).
 *
 * Response ids and receipt codes come from here, never from a counter or the
 * clock, so nothing about them tells the order or time of responses.
 */
#ifndef LYTT_RANDOM_H
#define LYTT_RANDOM_H

#include <stddef.h>

#define LYTT_ID_HEX_LEN 32 /* a response id: 128 random bits as lower-case hex */

/* Fills buf with n random bytes; aborts if the kernel cannot give any (never
 * happens on Linux >= 3.17 once booted). */
void lytt_random_bytes(void *buf, size_t n);

/* Writes a new random response id (LYTT_ID_HEX_LEN hex digits and a NUL) into out. */
void lytt_random_id(char out[LYTT_ID_HEX_LEN + 1]);

/* A uniformly random number in [0, bound), bound > 0. */
unsigned lytt_random_below(unsigned bound);

#endif
