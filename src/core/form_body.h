/*
 * form_body: decoding of application/x-www-form-urlencoded request bodies.
 *
 * A body is a list of name=value fields in the order sent; a name may repeat
 * (checkboxes). Decoding is strict: '+' is a space, "%XY" needs two hex digits,
 * and every decoded name and value must be valid UTF-8 without NUL or other
 * control characters except tab, CR and LF in values. A body that breaks any of
 * these is refused whole, with a message saying where.
 */
#ifndef LYTT_FORM_BODY_H
#define LYTT_FORM_BODY_H

#include "lytt_error.h"

#include <stdbool.h>
#include <stddef.h>

#define FORM_BODY_MAX_FIELDS 2000 /* more than any questionnaire needs */

struct form_field {
        char *name;  /* owned, decoded, NUL-terminated */
        char *value; /* owned, decoded, NUL-terminated */
};

struct form_body {
        struct form_field *fields; /* in the order they were sent */
        size_t n, alloc;
};
#define FORM_BODY_INIT                                                                             \
        {                                                                                          \
                NULL, 0, 0                                                                         \
        }

/* Decodes len bytes of data into body (appending). Returns 0, or -1 with err set
 * and body left empty. */
int form_body_parse(struct form_body *body, const char *data, size_t len, struct lytt_error *err);

/* Appends a field (copies of name and value). */
void form_body_add(struct form_body *body, const char *name, const char *value);

/* The first value sent for name, or NULL. Borrowed. */
const char *form_body_get(const struct form_body *body, const char *name);

/* How many fields have this name. */
size_t form_body_count(const struct form_body *body, const char *name);

/* Whether some field named name has exactly this value. */
bool form_body_has(const struct form_body *body, const char *name, const char *value);

/* Frees every field; body is then empty and reusable. */
void form_body_release(struct form_body *body);

/* Whether s[0..len) is valid UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

/* Number of code points in valid UTF-8 s. */
size_t utf8_length(const char *s);

#endif
