/*
 * lytt_error: how the core library reports failure (after jansson's json_error_t).
 *
 * Library functions never print and never exit. A function that can fail returns
 * a negative status and, if given a non-NULL `struct lytt_error *`, fills it with a
 * message a person can act on and, for errors in a file, the file and line.
 * Only main() prints these and picks the exit code.
 *
 * Checking a questionnaire reports *every* problem, not only the first: that uses
 * `struct lytt_diags`, a list of errors in the same shape.
 */
#ifndef LYTT_ERROR_H
#define LYTT_ERROR_H

#include <stddef.h>

#define LYTT_ERROR_MSG_MAX 512

struct lytt_error {
        char file[256];               /* file the error is in, or "" */
        int line;                     /* 1-based line in `file`, or 0 */
        char msg[LYTT_ERROR_MSG_MAX]; /* what is wrong, without file:line */
};

/* Fills err (if not NULL) with a formatted message; file may be NULL. */
void lytt_error_set(struct lytt_error *err, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Formats err as "file:line: msg" (or just "msg") into buf of size n. Returns buf. */
const char *lytt_error_format(const struct lytt_error *err, char *buf, size_t n);

struct lytt_diag {
        char *file; /* owned */
        int line;   /* 1-based, 0 when the problem has no line */
        char *msg;  /* owned */
};

struct lytt_diags {
        struct lytt_diag *items; /* in the order they were found */
        size_t n, alloc;
};
#define LYTT_DIAGS_INIT                                                                            \
        {                                                                                          \
                NULL, 0, 0                                                                         \
        }

/* Appends a problem. */
void lytt_diags_add(struct lytt_diags *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Frees every entry; d is then empty and reusable. */
void lytt_diags_release(struct lytt_diags *d);

#endif
