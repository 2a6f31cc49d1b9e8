/*
 * deadline: the whole time a request may take to arrive.
 *
 * libmicrohttpd's own timeout is an idle timeout: a client that sends one byte a
 * second is never idle, so a few such clients can hold every connection slot for as
 * long as they like. A deadline watcher follows each connection from the start of
 * its request (the accept, or the end of the previous request on a keep-alive
 * connection) until the request's headers and body have all arrived; a sweeper
 * thread shuts down (shutdown(2), both ways) the socket of every connection still
 * receiving past the deadline, and libmicrohttpd then closes it as a connection the
 * client dropped.
 *
 * A request that has arrived is exempt until it is over: a POST then waits for the
 * database writer, maybe for long (a rewrite of the database files), and that wait
 * is the server's, never the client's.
 *
 * Privacy: a watch holds a socket descriptor, a monotonic time and a state; never
 * the client's address.
 *
 * Threads: every function may be called from any thread. A socket is only shut down
 * under the watcher's lock, and deadline_forget() takes the same lock; so a caller
 * that forgets a watch before it closes the socket (libmicrohttpd calls
 * MHD_CONNECTION_NOTIFY_CLOSED before close()) never has a reused descriptor hit.
 */
#ifndef LYTT_DEADLINE_H
#define LYTT_DEADLINE_H

#include <stddef.h>

struct deadline;
struct deadline_watch;

/* A watcher that cuts requests still arriving `seconds` after their start, with a
 * sweeper thread looking every period_ms milliseconds (period_ms 0: no thread; only
 * deadline_sweep() cuts, as tests want). NULL if the thread cannot be started. */
struct deadline *deadline_new(unsigned seconds, unsigned period_ms);

/* Watches the connected socket fd, receiving from now. The watch belongs to d until
 * deadline_forget(). d NULL: returns NULL (nothing is watched). */
struct deadline_watch *deadline_watch(struct deadline *d, int fd);

/* The request on w has arrived in full: w is not cut until deadline_restart().
 * NULL d or w: a no-op (as for the other functions on a watch). */
void deadline_arrived(struct deadline *d, struct deadline_watch *w);

/* The request on w is over: the next one on the connection is due `seconds` from now. */
void deadline_restart(struct deadline *d, struct deadline_watch *w);

/* Stops watching w and frees it. Call it before the socket is closed. */
void deadline_forget(struct deadline *d, struct deadline_watch *w);

/* Shuts down the socket of every watch that has been receiving for `seconds` or more
 * at monotonic time now (lytt_monotonic(), lytt_clock.h), once each; returns how many were cut. The
 * sweeper thread calls it; tests may too. */
size_t deadline_sweep(struct deadline *d, double now);

/* Stops the sweeper and frees d with every watch left. NULL is a no-op. */
void deadline_free(struct deadline *d);

#endif
