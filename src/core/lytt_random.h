/*
 * lytt_random: unpredictable bytes and identifiers from the kernel (getrandom).
 *
 * Response ids and receipt codes come from here, never from a counter or the
 * clock, so nothing about them tells the order or time of responses.
 */
#ifndef LYTT_RANDOM_H
#define LYTT_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf with n random bytes; aborts if the kernel cannot give any (never
 * happens on Linux >= 3.17 once booted). */
void lytt_random_bytes(void *buf, size_t n);

/* A new random response id: uniform in [1, 2^63 - 1], so SQLite stores it as the
 * row's key and rows lie in random order, never in the order they came. */
int64_t lytt_random_id(void);

/* A uniformly random number in [0, bound), bound > 0. */
unsigned lytt_random_below(unsigned bound);

#endif
