/*
 * server: the carers' web form over libmicrohttpd.
 *
 * Routes (a table in server.c):
 *   GET  /                      the open surveys, a link to each unit's form
 *   GET  /healthz               200 "ok"; 503 while the last database write failed
 *   GET  /static/<file>         the stylesheet and the optional draft script
 *   GET  /s/<survey>[/<unit>]   the form (?lang=nb|nn|en, ?size=large)
 *   POST /s/<survey>[/<unit>]   store: 303 to the thank-you page once durable;
 *                               422 with every answer kept and the problems
 *                               marked; 503 with every answer kept if the
 *                               database cannot store it now
 *   GET  /s/<survey>/thanks     the thank-you page with the receipt code
 *   GET|POST /s/<survey>/withdraw  delete a response with its receipt code
 * Unknown survey, unit or page: 404. Body over max_body: 413. Body not
 * urlencoded: 415. Other methods: 405. Too many submissions from one address:
 * 429 with every answer kept. Two Content-Length headers (equal or not): 400, and
 * the connection is closed after it (request smuggling).
 *
 * Slow clients: a request whose headers and body have not all arrived
 * request_deadline seconds after it began (the accept, or the end of the previous
 * request on the connection) is cut without an answer (deadline.h); once it has
 * arrived it is never cut, however long it then waits for the database. At the
 * connection limit new connections wait in the listen queue, in order.
 *
 * Privacy: the server never stores or logs the client address, and never reads the
 * user agent, cookies or referrer; it sets no cookie and writes no log line about
 * requests. The address is used in memory only, for the connection and submission
 * limits (rate_limit.h).
 *
 * Threads: libmicrohttpd's internal thread pool answers requests; a POST is
 * validated there, then suspended while the writer thread (writer.h) commits
 * it with others, and resumed once the commit is durable.
 */
#ifndef LYTT_SERVER_H
#define LYTT_SERVER_H

#include "db.h"
#include "keyfile.h"
#include "survey_catalog.h"

#include <stddef.h>

struct server_config {
        const char *bind;            /* numeric address to listen on */
        unsigned port;               /* 0: any free port (see server_port()) */
        const char *tls_cert_pem;    /* certificate chain (PEM text), or NULL for plain HTTP;
                                        TLS 1.2 and 1.3 only, ECDHE and AEAD only (server.c) */
        const char *tls_key_pem;     /* its private key (PEM text) */
        unsigned threads;            /* request threads; 0: one per CPU */
        size_t max_body;             /* largest request body accepted */
        unsigned max_connections;    /* open connections at most */
        unsigned connection_timeout; /* seconds a connection may stay idle */
        unsigned per_address_limit;  /* connections per client address (kept in memory only) */
        unsigned rate_per_minute;    /* submissions per minute per address (in memory); 0: off */
        unsigned commit_batch;       /* submissions per transaction at most; 0: the default */
        unsigned request_deadline;   /* seconds from a request's start until its headers and
                                        body must have arrived; then the connection is cut
                                        (0: no deadline) */
        unsigned scrub_after;        /* seconds without writes after which the database files
                                        are rewritten to hold no order (writer.h) */
        unsigned scrub_every;        /* seconds between rewrites at most under continuous load */
        const struct keyfile *keys;  /* the hash keys (keyfile.h), borrowed */
};
#define SERVER_CONFIG_INIT                                                                         \
        {                                                                                          \
                "127.0.0.1", 8080, NULL, NULL, 0, 64 * 1024, 1000, 30, 64, 60, 0, 10, 10, 3600,    \
                    NULL                                                                           \
        }

struct server;

/*
 * Registers every questionnaire of cat in db, starts the writer and the HTTP
 * daemon. cat and db are borrowed and must outlive the server; db must not be
 * used by anyone else until server_stop() returns. Returns 0 and *out, or -1
 * with err filled (e.g. the port is taken).
 */
int server_start(const struct server_config *cfg, const struct survey_catalog *cat, struct db *db,
                 struct server **out, struct lytt_error *err);

/* The port the server listens on (useful after asking for port 0). */
unsigned server_port(const struct server *srv);

/* Graceful stop: stops accepting connections, finishes every queued write and
 * sends those answers, waits up to `grace_seconds` for in-flight requests, then
 * closes everything and frees the server. NULL is a no-op. */
void server_stop(struct server *srv, unsigned grace_seconds);

#endif
