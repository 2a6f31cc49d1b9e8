/*
 * compress: gzip for responses, when the client says it accepts it.
 *
 * The form page is mostly repeated markup (every question has the same
 * answer labels), so gzip makes it several times smaller on a slow phone line.
 * Nothing secret is on any page that also reflects what the client sent, so
 * compression leaks nothing (no BREACH-style oracle).
 */
#ifndef LYTT_COMPRESS_H
#define LYTT_COMPRESS_H

#include "strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* Whether an Accept-Encoding header value accepts gzip (and does not refuse it with q=0). */
bool compress_accepts_gzip(const char *accept_encoding);

/* Appends the gzip encoding of data[0..len) to out. Returns 0, or -1 if zlib fails
 * (out is then unchanged). */
int compress_gzip(const void *data, size_t len, struct strbuf *out);

#endif
