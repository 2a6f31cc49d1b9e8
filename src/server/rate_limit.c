#include "rate_limit.h"
#include "xmalloc.h"

#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define SLOTS 8192

struct slot {
        uint64_t hash; /* keyed hash of the address, 0 when free */
        double tokens;
        double last; /* time of the last refill */
};

struct rate_limit {
        unsigned per_minute;
        unsigned char key[crypto_shorthash_KEYBYTES];
        pthread_mutex_t lock;
        struct slot *slots;
};

struct rate_limit *rate_limit_new(unsigned per_minute)
{
        struct rate_limit *rl = xcalloc(1, sizeof(*rl));
        rl->per_minute = per_minute;
        randombytes_buf(rl->key, sizeof(rl->key));
        pthread_mutex_init(&rl->lock, NULL);
        rl->slots = xcalloc(SLOTS, sizeof(*rl->slots));
        return rl;
}

/* The bytes that identify a client: the IPv4 address, or the IPv6 /64 (one home or
 * phone network gets one bucket, as it may change the rest at will). */
static size_t address_bytes(const struct sockaddr *a, unsigned char out[16])
{
        if (a->sa_family == AF_INET) {
                memcpy(out, &((const struct sockaddr_in *)a)->sin_addr, 4);
                return 4;
        }
        if (a->sa_family == AF_INET6) {
                memcpy(out, &((const struct sockaddr_in6 *)a)->sin6_addr, 8);
                return 8;
        }
        return 0;
}

bool rate_limit_take(struct rate_limit *rl, const struct sockaddr *addr, double now)
{
        unsigned char bytes[16], h[crypto_shorthash_BYTES];
        size_t n;
        if (!rl || rl->per_minute == 0 || !addr || (n = address_bytes(addr, bytes)) == 0)
                return true;
        crypto_shorthash(h, bytes, n, rl->key);
        uint64_t hash;
        memcpy(&hash, h, sizeof(hash));
        hash |= 1; /* never 0, which marks a free slot */
        double cap = rl->per_minute, rate = rl->per_minute / 60.0;
        bool ok;
        pthread_mutex_lock(&rl->lock);
        struct slot *s = &rl->slots[hash % SLOTS];
        if (s->hash != hash) {
                s->hash = hash;
                s->tokens = cap;
                s->last = now;
        }
        s->tokens += (now - s->last) * rate;
        if (s->tokens > cap)
                s->tokens = cap;
        s->last = now;
        ok = s->tokens >= 1.0;
        if (ok)
                s->tokens -= 1.0;
        pthread_mutex_unlock(&rl->lock);
        return ok;
}

void rate_limit_free(struct rate_limit *rl)
{
        if (!rl)
                return;
        pthread_mutex_destroy(&rl->lock);
        sodium_memzero(rl->slots, SLOTS * sizeof(*rl->slots));
        free(rl->slots);
        free(rl);
}
