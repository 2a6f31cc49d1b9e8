#include "writer.h"
#include "lytt_clock.h"
#include "period.h"
#include "round.h"
#include "xmalloc.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define WRITER_PURGE_EVERY 3600 /* seconds between forgetting expired receipts */
#define WRITER_POLL        1    /* seconds between looks at the clock and at other writers */

/* What the database files still hold that a scrub takes away. */
enum scrub_need {
        SCRUB_NONE,     /* nothing: rewritten and the WAL empty since the last write */
        SCRUB_TRUNCATE, /* rewritten, but the WAL still holds the rewrite's pages */
        SCRUB_REWRITE,  /* writes in arrival order: rewrite, then empty the WAL */
};

struct writer {
        struct db *db;
        struct writer_config cfg;
        pthread_t thread;
        pthread_mutex_t lock;
        pthread_cond_t wake;
        struct writer_job *head, *tail; /* queue, under lock */
        bool stopping;                  /* under lock */
        struct writer_stats stats;      /* under lock */
        /* The writer thread's own: */
        time_t last_purge;
        double last_write;      /* monotonic seconds of the last write seen */
        double last_scrub;      /* monotonic seconds of the last finished scrub */
        enum scrub_need need;   /* what the files still hold */
        long long data_version; /* PRAGMA data_version when last looked */
        bool scrub_failing;     /* the last rewrite failed (and was reported) */
};

static void wrote(struct writer *w)
{
        w->last_write = lytt_monotonic();
        w->need = SCRUB_REWRITE;
}

/* The connection, opened again if the last reopen after a scrub failed. */
static bool ensure_open(struct writer *w)
{
        struct lytt_error err;
        if (db_is_open(w->db))
                return true;
        if (db_reopen(w->db, &err) < 0)
                return false;
        w->data_version = db_data_version(w->db);
        return true;
}

static void purge(struct writer *w)
{
        time_t now = time(NULL);
        w->last_purge = now;
        int n = db_purge_receipts(w->db, period_day(now), NULL);
        if (n > 0)
                wrote(w);
}

/* Another program (lytt-admin) committed: its pages are in the WAL and in the
 * order it wrote them, so they need the same treatment. */
static void notice_others(struct writer *w)
{
        long long v = db_data_version(w->db);
        if (v >= 0 && v != w->data_version) {
                w->data_version = v;
                wrote(w);
        }
}

/* Rewrites and empties the WAL when due. Called without the lock, on an open
 * connection (ensure_open()). */
static void maybe_scrub(struct writer *w, bool queue_empty, bool final)
{
        double now = lytt_monotonic();
        if (w->need == SCRUB_NONE)
                return;
        bool idle = queue_empty && now - w->last_write >= w->cfg.scrub_after;
        bool overdue = now - w->last_scrub >= w->cfg.scrub_every;
        if (!idle && !overdue && !final)
                return;
        struct lytt_error err;
        if (w->need == SCRUB_REWRITE) {
                if (db_rewrite(w->db, &err) < 0) {
                        /* Another program holds the lock, or there is no room for the
                         * rewrite's temporary copy: try again after the next quiet spell
                         * (or the next overdue time), and say so once. */
                        w->last_write = lytt_monotonic();
                        w->last_scrub = w->last_write;
                        if (!w->scrub_failing) {
                                char buf[LYTT_ERROR_MSG_MAX + 300];
                                fprintf(stderr,
                                        "lytt-server: the database could not be rewritten (%s); "
                                        "its files may keep the order of recent answers until it "
                                        "can\n",
                                        lytt_error_format(&err, buf, sizeof(buf)));
                                w->scrub_failing = true;
                        }
                        return;
                }
                if (w->scrub_failing)
                        fprintf(stderr, "lytt-server: the database was rewritten again\n");
                w->scrub_failing = false;
                w->need = SCRUB_TRUNCATE;
        }
        if (db_truncate_wal(w->db, &err) < 0)
                return; /* a reader: in a second */
        w->need = SCRUB_NONE;
        w->last_scrub = lytt_monotonic();
        /* Closing lets SQLite delete the -wal and -shm files when no other program has
         * the database open: the shared-memory header counts write transactions. The
         * new connection's data_version starts afresh: read its baseline. */
        if (db_reopen(w->db, &err) < 0)
                fprintf(stderr, "lytt-server: cannot open the database again: %s\n", err.msg);
        else
                w->data_version = db_data_version(w->db);
}

static int run_job(struct writer *w, struct writer_job *job)
{
        struct lytt_error err;
        if (job->kind == WRITER_WITHDRAW)
                return db_withdraw(w->db, job->survey_id, job->hash, period_day(time(NULL)), &err);
        int rc = db_savepoint(w->db, &err);
        if (rc < 0)
                return rc;
        /* The code goes in the same transaction as the answers: both or neither. */
        if (job->invite_round)
                rc = round_use_code(w->db, job->invite_hash, job->invite_round, job->invite_unit,
                                    &err);
        if (rc >= 0)
                rc = db_insert_response(w->db, job->resp, &job->meta, &err);
        if (rc < 0) {
                db_savepoint_rollback(w->db);
                return rc;
        }
        return db_savepoint_release(w->db, &err);
}

static void run_batch(struct writer *w, struct writer_job *batch, size_t n)
{
        struct lytt_error err;
        int rc = ensure_open(w) ? db_begin(w->db, &err) : DB_ERROR;
        if (rc == 0) {
                for (struct writer_job *j = batch; j; j = j->next)
                        j->status = run_job(w, j);
                rc = db_commit(w->db, &err);
                if (rc < 0)
                        db_rollback(w->db);
                wrote(w);
        }
        /* Nothing is reported before the commit: a failed commit fails every job. A
         * job that failed on its own (a full disk can show at an insert, not only at
         * the commit) counts for the health check too; a used invitation code does
         * not. The job is the request's: after done() it may be gone. */
        int worst = rc < 0 ? rc : 0;
        for (struct writer_job *j = batch, *next; j; j = next) {
                next = j->next;
                if (rc < 0)
                        j->status = rc;
                if (j->status < 0 && j->status != DB_CODE_USED && worst == 0)
                        worst = j->status;
                j->done(j, j->arg);
        }
        pthread_mutex_lock(&w->lock);
        w->stats.jobs += n;
        w->stats.commits++;
        w->stats.last_status = worst;
        if (n > w->stats.max_batch)
                w->stats.max_batch = n;
        pthread_mutex_unlock(&w->lock);
}

static void *writer_main(void *arg)
{
        struct writer *w = arg;
        purge(w);
        pthread_mutex_lock(&w->lock);
        for (;;) {
                while (!w->head && !w->stopping) {
                        struct timespec until;
                        clock_gettime(CLOCK_REALTIME, &until);
                        until.tv_sec += WRITER_POLL;
                        pthread_cond_timedwait(&w->wake, &w->lock, &until);
                        if (w->head || w->stopping)
                                break;
                        pthread_mutex_unlock(&w->lock);
                        if (ensure_open(w)) {
                                if (time(NULL) - w->last_purge >= WRITER_PURGE_EVERY)
                                        purge(w);
                                notice_others(w);
                                maybe_scrub(w, true, false);
                        }
                        pthread_mutex_lock(&w->lock);
                }
                if (!w->head && w->stopping)
                        break;
                struct writer_job *batch = w->head, *last = batch;
                size_t n = 1;
                while (last->next && n < w->cfg.max_batch) {
                        last = last->next;
                        n++;
                }
                w->head = last->next;
                if (!w->head)
                        w->tail = NULL;
                last->next = NULL;
                pthread_mutex_unlock(&w->lock);
                run_batch(w, batch, n);
                /* Under continuous load the queue is never empty: rewrite between two
                 * batches when overdue, with the next jobs waiting in the queue. */
                if (ensure_open(w))
                        maybe_scrub(w, false, false);
                pthread_mutex_lock(&w->lock);
        }
        pthread_mutex_unlock(&w->lock);
        if (ensure_open(w)) {
                notice_others(w);
                maybe_scrub(w, true, true);
        }
        return NULL;
}

int writer_start(struct db *db, const struct writer_config *cfg, struct writer **out,
                 struct lytt_error *err)
{
        struct writer *w = xcalloc(1, sizeof(*w));
        w->db = db;
        w->cfg = *cfg;
        if (!w->cfg.max_batch)
                w->cfg.max_batch = WRITER_DEFAULT_BATCH;
        if (!w->cfg.scrub_after)
                w->cfg.scrub_after = WRITER_DEFAULT_SCRUB_AFTER;
        if (!w->cfg.scrub_every)
                w->cfg.scrub_every = WRITER_DEFAULT_SCRUB_EVERY;
        /* Whatever an earlier run or a crash left is treated as just written. */
        wrote(w);
        w->last_scrub = lytt_monotonic();
        w->data_version = db_data_version(db);
        pthread_mutex_init(&w->lock, NULL);
        pthread_cond_init(&w->wake, NULL);
        if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
                lytt_error_set(err, NULL, 0, "cannot start the database writer thread");
                pthread_mutex_destroy(&w->lock);
                pthread_cond_destroy(&w->wake);
                free(w);
                *out = NULL;
                return -1;
        }
        *out = w;
        return 0;
}

void writer_submit(struct writer *w, struct writer_job *job)
{
        job->next = NULL;
        pthread_mutex_lock(&w->lock);
        if (w->tail)
                w->tail->next = job;
        else
                w->head = job;
        w->tail = job;
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
}

void writer_stop(struct writer *w)
{
        if (!w)
                return;
        pthread_mutex_lock(&w->lock);
        w->stopping = true;
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->thread, NULL);
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->wake);
        free(w);
}

struct writer_stats writer_get_stats(struct writer *w)
{
        pthread_mutex_lock(&w->lock);
        struct writer_stats s = w->stats;
        pthread_mutex_unlock(&w->lock);
        return s;
}
