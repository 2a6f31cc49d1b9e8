/*
 * static_files: the stylesheet and the optional script, compiled into the
 * binary (cmake/embed.cmake) so the server needs no files beside itself and can
 * never be made to serve anything else from disk.
 */
#ifndef LYTT_STATIC_FILES_H
#define LYTT_STATIC_FILES_H

#include <stddef.h>

struct static_file {
        const char *name; /* path below /static/ */
        const char *content_type;
        const unsigned char *data;
        size_t len;
        const char *etag;             /* quoted strong ETag from the contents */
        const unsigned char *gz_data; /* the same, gzipped once at start-up */
        size_t gz_len;                /* 0 when not compressed */
};

/* The file called name, or NULL. */
const struct static_file *static_file_find(const char *name);

/* A short hex digest of all files, for cache-busting links ("?v=..."). */
const char *static_files_version(void);

#endif
