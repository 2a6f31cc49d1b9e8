/*
 * xmalloc: allocation that never returns NULL.
 *
 * Running out of memory is fatal in exactly one place: these wrappers print one
 * line to stderr and abort(). Every other function in Lytt may therefore assume
 * allocation succeeds and need not check. All returned storage is the caller's
 * to free() with the C library's free().
 */
#ifndef LYTT_XMALLOC_H
#define LYTT_XMALLOC_H

#include <stddef.h>

/* malloc(size), never NULL (size 0 gives a valid, unique pointer). */
void *xmalloc(size_t size);

/* calloc(n, size) with overflow check, never NULL. */
void *xcalloc(size_t n, size_t size);

/* realloc(ptr, size), never NULL. */
void *xrealloc(void *ptr, size_t size);

/* Grows an array to hold at least `need` elements of `elsize` bytes; `*alloc` is the
 * current capacity in elements and is updated. Returns the (maybe moved) array. */
void *xgrow(void *ptr, size_t elsize, size_t need, size_t *alloc);

/* A copy of the NUL-terminated string s. xstrdup(NULL) is NULL. */
char *xstrdup(const char *s);

/* A NUL-terminated copy of the first n bytes of s. */
char *xstrndup(const char *s, size_t n);

#endif
