/*
 * strbuf: a growable, always NUL-terminated byte string (after git's strbuf).
 *
 * Invariants: `buf` is never NULL once a function below has touched it, and
 * buf[len] == '\0'. A strbuf initialised with STRBUF_INIT owns no memory until
 * something is added. The bytes may contain NULs (len is the truth).
 */
#ifndef LYTT_STRBUF_H
#define LYTT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
        char *buf;    /* the bytes; points at a shared "" while alloc == 0 */
        size_t len;   /* bytes in use, not counting the terminating NUL */
        size_t alloc; /* bytes allocated; 0 while buf is the shared "" */
};

extern char strbuf_empty[];
#define STRBUF_INIT                                                                                \
        {                                                                                          \
                strbuf_empty, 0, 0                                                                 \
        }

/* Makes room for `extra` more bytes without changing len. */
void strbuf_grow(struct strbuf *sb, size_t extra);

/* Appends n bytes from data. */
void strbuf_add(struct strbuf *sb, const void *data, size_t n);

/* Appends a NUL-terminated string. */
void strbuf_addstr(struct strbuf *sb, const char *s);

/* Appends one byte. */
void strbuf_addch(struct strbuf *sb, int c);

/* Appends printf-style formatted text. */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Sets len to 0, keeping the allocation. */
void strbuf_reset(struct strbuf *sb);

/* Frees the storage and returns the strbuf to STRBUF_INIT. */
void strbuf_release(struct strbuf *sb);

/* Hands the storage to the caller (who must free() it) and resets sb to
 * STRBUF_INIT. Never returns NULL. If lenp is not NULL it receives the length. */
char *strbuf_detach(struct strbuf *sb, size_t *lenp);

#endif
