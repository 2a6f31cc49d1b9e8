/*
 * rate_limit: how many form submissions one client address may make per minute,
 * kept in memory only.
 *
 * A token bucket per address. The address is never stored: the table holds a
 * keyed 64-bit hash of it (SipHash, libsodium crypto_shorthash, with a random key
 * made at start-up), a token count and a time, in a fixed number of slots; an
 * address that lands in a taken slot takes it over. Nothing is written to disk
 * or logs, and everything is gone when the server stops.
 *
 * Behind a reverse proxy every client has the proxy's address: turn this off
 * there (per_minute 0) and limit at the proxy.
 */
#ifndef LYTT_RATE_LIMIT_H
#define LYTT_RATE_LIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct sockaddr;
struct rate_limit;

/* A limiter allowing per_minute submissions a minute per address, with bursts up to
 * the same number. per_minute 0: everything is allowed. */
struct rate_limit *rate_limit_new(unsigned per_minute);

/* Takes a token for the address at time now (seconds, monotonic); false when the
 * address has none left. addr may be NULL (allowed). Thread-safe. */
bool rate_limit_take(struct rate_limit *rl, const struct sockaddr *addr, double now);

/* Frees the limiter; NULL is a no-op. */
void rate_limit_free(struct rate_limit *rl);

#endif
