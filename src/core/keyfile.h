/*
 * keyfile: the secret keys of the keyed hashes (receipt codes, invitation codes),
 * kept in a file of their own, never in the database.
 *
 * Why outside: the database stores only keyed hashes of codes. With the key beside
 * the hashes, a copy of the database alone would allow an offline search over the
 * whole code space (31^10), recovering every unused invitation code and every live
 * receipt code. With the key elsewhere, a copy of the database (or a backup) cannot
 * verify any code.
 *
 * The file is text, one key a line, `#` comments and blank lines allowed:
 *
 *     receipt_key 64-hex-digits
 *     invite_key 64-hex-digits
 *
 * It is created (mode 0600, written to a temporary name and linked into place so
 * that two programs starting at once agree on one) the first time a program needs
 * it. A database made by an older Lytt kept its keys in its `meta` table: the first
 * keyfile_load() moves them out (file first, then deleted from the database), so
 * codes already printed keep working.
 */
#ifndef LYTT_KEYFILE_H
#define LYTT_KEYFILE_H

#include "db.h"
#include "lytt_error.h"

struct keyfile {
        unsigned char receipt[DB_KEY_LEN]; /* keys receipt-code hashes */
        unsigned char invite[DB_KEY_LEN];  /* keys invitation-code hashes */
};

/* The key file to use for the database at db_path when none is given: $LYTT_KEY_FILE
 * if set, else lytt.key in systemd's $CREDENTIALS_DIRECTORY if that file exists, else
 * "<db_path>.key". The caller frees the result. */
char *keyfile_default_path(const char *db_path);

/* Reads the keys from path into *out, creating the file if it does not exist (with
 * the keys an older database kept in its meta table, or new random ones). db (read-
 * write, may be NULL) loses any keys still in its meta table once the file holds
 * them. Returns 0, or a negative status with err filled: "path:line: ..." for a
 * malformed file, a file others may read, or keys that differ from the database's. */
int keyfile_load(const char *path, struct db *db, struct keyfile *out, struct lytt_error *err);

/* Only the move: if db still holds keys from an older Lytt, moves them to path as
 * keyfile_load() would; otherwise does nothing (no key file is made). For a program
 * that needs no key but must not copy one (a backup). Returns 0 or a negative status. */
int keyfile_move_out(const char *path, struct db *db, struct lytt_error *err);

#endif
