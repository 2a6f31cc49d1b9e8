#include "receipt.h"
#include "lytt_random.h"

#include <sodium.h>
#include <string.h>

static const char ALPHABET[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
#define ALPHABET_LEN (sizeof(ALPHABET) - 1)

int receipt_init(void)
{
        return sodium_init() < 0 ? -1 : 0;
}

void receipt_new(char out[RECEIPT_SHOWN_LEN + 1])
{
        /* One getrandom() call for the whole code: bytes below 248 (8 x 31) map
         * uniformly onto the alphabet; the rest are dropped. */
        unsigned char pool[32];
        size_t used = sizeof(pool), j = 0;
        for (size_t i = 0; i < RECEIPT_CHARS;) {
                if (used == sizeof(pool)) {
                        lytt_random_bytes(pool, sizeof(pool));
                        used = 0;
                }
                unsigned char b = pool[used++];
                if (b >= 8 * ALPHABET_LEN)
                        continue;
                if (i == RECEIPT_CHARS / 2)
                        out[j++] = '-';
                out[j++] = ALPHABET[b % ALPHABET_LEN];
                i++;
        }
        out[j] = '\0';
}

bool receipt_normalise(const char *typed, char out[RECEIPT_CHARS + 1])
{
        size_t n = 0;
        for (const char *s = typed; *s; s++) {
                char c = *s;
                if (c == ' ' || c == '-' || c == '\t')
                        continue;
                if (c >= 'a' && c <= 'z')
                        c = (char)(c - 'a' + 'A');
                if (!memchr(ALPHABET, c, ALPHABET_LEN) || n == RECEIPT_CHARS)
                        return false;
                out[n++] = c;
        }
        out[n] = '\0';
        return n == RECEIPT_CHARS;
}

bool receipt_hash(const char *code, const unsigned char key[DB_KEY_LEN],
                  unsigned char out[DB_KEY_LEN])
{
        char norm[RECEIPT_CHARS + 1];
        if (!receipt_normalise(code, norm))
                return false;
        crypto_generichash(out, DB_KEY_LEN, (const unsigned char *)norm, RECEIPT_CHARS, key,
                           DB_KEY_LEN);
        return true;
}
