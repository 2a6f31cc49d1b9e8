/*
 * writer: the one thread that writes to the database, with group commit.
 *
 * Request handlers submit jobs (store a response, withdraw one) and wait; the
 * writer takes every job queued so far, runs them in one transaction, each in
 * its own savepoint (a failing one does not undo the others), commits once with
 * synchronous=FULL, and only then reports each job done. So a carer is thanked
 * only after their answers are on disk, and many carers share one fsync.
 *
 * The writer knows nothing of HTTP: completion is a callback, called on the
 * writer thread after the commit (or failure). It also forgets expired receipts
 * at start and about once an hour.
 *
 * No order at rest: once nothing has been written for `scrub_after` seconds (by
 * the server or by another program: PRAGMA data_version), and at least every
 * `scrub_every` seconds under continuous writes, the writer rewrites the database
 * (db_rewrite) and empties the WAL (db_truncate_wal), so that the files no longer
 * hold the order or time of answers, code uses and withdrawals. Jobs queued
 * meanwhile wait (their connections stay suspended) and are committed right after:
 * they wait, they never fail. The same happens once more at writer_stop() and once
 * after start (a crash may have left a WAL). A reader holding an old snapshot
 * postpones emptying the WAL by a second at a time.
 */
#ifndef LYTT_WRITER_H
#define LYTT_WRITER_H

#include "db.h"
#include "response.h"

#include <stddef.h>

enum writer_job_kind {
        WRITER_STORE,    /* insert resp with meta */
        WRITER_WITHDRAW, /* delete the response with receipt hash `hash` in survey_id */
};

struct writer_job {
        enum writer_job_kind kind;
        const struct response *resp;           /* STORE: borrowed until done */
        struct db_response_meta meta;          /* STORE: borrowed pointers until done */
        const char *invite_round;              /* STORE: use this invitation code first, or NULL */
        const char *invite_unit;               /*   its unit */
        unsigned char invite_hash[DB_KEY_LEN]; /* its keyed hash */
        const char *survey_id;                 /* WITHDRAW: borrowed until done */
        unsigned char hash[DB_KEY_LEN];        /* WITHDRAW */
        int status; /* result: 0 stored; WITHDRAW 1 deleted, 0 not found; < 0 db_status
                       (DB_CODE_USED: the invitation code was unknown or used: nothing stored) */
        /* Called on the writer thread once the job's fate is durable. */
        void (*done)(struct writer_job *job, void *arg);
        void *arg;
        struct writer_job *next; /* queue link, the writer's */
};

struct writer_stats {
        unsigned long jobs;      /* jobs finished */
        unsigned long commits;   /* transactions committed or failed */
        unsigned long max_batch; /* most jobs in one transaction */
        int last_status;         /* 0, or the db_status of the last failed transaction if the
                                    last one failed */
};

struct writer;

#define WRITER_DEFAULT_BATCH       512  /* jobs in one transaction at most, by default */
#define WRITER_DEFAULT_SCRUB_AFTER 10   /* idle seconds before the files are rewritten */
#define WRITER_DEFAULT_SCRUB_EVERY 3600 /* seconds between rewrites at most under load */

struct writer_config {
        unsigned max_batch;   /* jobs committed together at most (1: one transaction per job,
                                 the naive way); 0: WRITER_DEFAULT_BATCH */
        unsigned scrub_after; /* 0: WRITER_DEFAULT_SCRUB_AFTER */
        unsigned scrub_every; /* 0: WRITER_DEFAULT_SCRUB_EVERY */
};

/* Starts the writer thread on db (borrowed: only the writer uses it until
 * writer_stop() returns). Returns 0 and *out, or -1 with err. */
int writer_start(struct db *db, const struct writer_config *cfg, struct writer **out,
                 struct lytt_error *err);

/* Queues a job; its done callback will be called exactly once. Thread-safe. */
void writer_submit(struct writer *w, struct writer_job *job);

/* Finishes every queued job, rewrites the files if anything was written, stops the
 * thread and frees the writer. NULL is a no-op. */
void writer_stop(struct writer *w);

/* A copy of the counters so far. Thread-safe. */
struct writer_stats writer_get_stats(struct writer *w);

#endif
