/*
 * receipt: the short code a carer gets on the thank-you page, with which they
 * can withdraw their response within the window.
 *
 * A code is 10 characters from a 31-character alphabet without look-alikes
 * (no 0/O, 1/I/L), shown as two groups of five: about 49.5 bits, so guessing one
 * of the codes in the database is hopeless. Only a keyed hash (BLAKE2b,
 * libsodium) of the normalised code is stored, with a key kept in the database's
 * meta table; the code itself is never stored or logged.
 */
#ifndef LYTT_RECEIPT_H
#define LYTT_RECEIPT_H

#include "db.h"

#include <stdbool.h>
#include <stddef.h>

#define RECEIPT_CHARS     10
#define RECEIPT_SHOWN_LEN (RECEIPT_CHARS + 1) /* with the dash: "ABCDE-FGHJK" */

/* Sets up libsodium. Returns 0, or -1 if it cannot be used. */
int receipt_init(void);

/* Writes a new random code, "ABCDE-FGHJK", into out. */
void receipt_new(char out[RECEIPT_SHOWN_LEN + 1]);

/* Normalises what a person typed: drops spaces and dashes and upper-cases.
 * Characters outside the alphabet (the look-alikes 0, 1, O, I, L among them)
 * make it ill-formed rather than match another code. Returns true and
 * writes the 10 code characters (and a NUL) into out if it is well-formed. */
bool receipt_normalise(const char *typed, char out[RECEIPT_CHARS + 1]);

/* The keyed hash of a code (shown or normalised form). Returns false if the code is
 * not well-formed. */
bool receipt_hash(const char *code, const unsigned char key[DB_KEY_LEN],
                  unsigned char out[DB_KEY_LEN]);

#endif
