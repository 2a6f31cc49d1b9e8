/*
 * round: a survey round ("the home-care districts, November, 600 letters") and
 * its single-use invitation codes.
 *
 * A round belongs to one survey, names the wave its answers get and the units it
 * covers, and is open or closed. Its mode says how carers get in: by the open link
 * (`open`), only with an invitation code (`code`), or either (`both`). While a survey
 * has no rounds at all, the server takes answers as before (always open, the wave
 * from the questionnaire). With rounds, answers are taken only for a unit of an
 * open round.
 *
 * Invitation codes: round_invite() makes N codes for a unit, stores only a keyed
 * hash of each (BLAKE2b with the database's secret `invite_key`, computed by the
 * caller: the core library has no crypto) and adds N to the unit's invited count;
 * the codes themselves are returned to be printed and are never stored. Using a
 * code deletes its hash in the same transaction that stores the response, and
 * nothing joins the two: the count of invitations per unit is all that remains,
 * which is what a response rate needs.
 */
#ifndef LYTT_ROUND_H
#define LYTT_ROUND_H

#include "db.h"

#include <stdbool.h>
#include <stddef.h>

#define ROUND_ID_MAX 40

enum round_mode { ROUND_OPEN_LINK, ROUND_CODE_ONLY, ROUND_BOTH };

/* Whether a survey takes answers for a unit now. */
enum round_state {
        ROUND_STATE_NONE,   /* the survey has no rounds: open as always */
        ROUND_STATE_OPEN,   /* an open round takes them */
        ROUND_STATE_CLOSED, /* it has rounds, none open for the unit */
};

struct round {
        char id[ROUND_ID_MAX + 1];
        char survey_id[ROUND_ID_MAX + 1];
        char wave[ROUND_ID_MAX + 1];
        enum round_mode mode;
        bool open;
};

/* The mode's name as stored and typed ("open", "code", "both"); and back (-1 if none). */
const char *round_mode_name(enum round_mode m);
int round_mode_parse(const char *name);

/* Creates an open round over the given units of survey_id. Fails if the id is taken,
 * or an id is not [a-z0-9_-] (1-40). */
int round_create(struct db *db, const struct round *r, const char *const *units, size_t nunits,
                 struct lytt_error *err);

/* Opens or closes a round. */
int round_set_open(struct db *db, const char *round_id, bool open, struct lytt_error *err);

/* Calls fn for every round, in id order, with its units and their invited counts.
 * Returns 0 or a negative status. */
typedef void (*round_each_fn)(const struct round *r, const char *const *units, const long *invited,
                              size_t nunits, void *arg);
int round_each(struct db *db, round_each_fn fn, void *arg, struct lytt_error *err);

/* The round with this id: 1 and *out, 0 if there is none, or a negative status. */
int round_get(struct db *db, const char *round_id, struct round *out, struct lytt_error *err);

/* Whether survey_id has any round at all (then only open rounds take answers). */
int round_survey_has_rounds(struct db *db, const char *survey_id, struct lytt_error *err);

/* The open round of survey_id that covers unit_id. Returns 1 and *out, 0 if there
 * is none, or a negative status. */
int round_find_open(struct db *db, const char *survey_id, const char *unit_id, struct round *out,
                    struct lytt_error *err);

/* Stores n code hashes (DB_KEY_LEN bytes each, one after another) for a unit of a
 * round and adds n to its invited count, in one transaction. */
int round_invite(struct db *db, const char *round_id, const char *unit_id,
                 const unsigned char *hashes, size_t n, struct lytt_error *err);

/* Uses a code: deletes its hash if it belongs to round_id and unit_id. Returns 1
 * if it did, DB_CODE_USED if there was no such unused code, or another negative
 * status. Call inside the transaction that stores the response. */
int round_use_code(struct db *db, const unsigned char hash[DB_KEY_LEN], const char *round_id,
                   const char *unit_id, struct lytt_error *err);

/* The number invited per unit of the code-only rounds of survey_id in wave (NULL:
 * all waves): calls fn(unit, invited) per unit with invitations. Rounds that also
 * take the open link are left out: their answers cannot be counted against letters. */
typedef void (*round_invited_fn)(const char *unit_id, long invited, void *arg);
int round_invited(struct db *db, const char *survey_id, const char *wave, round_invited_fn fn,
                  void *arg, struct lytt_error *err);

#endif
