#include "writer.h"
#include "period.h"
#include "round.h"
#include "xmalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdbool.h>
#include <time.h>

#define WRITER_PURGE_EVERY 3600 /* seconds between forgetting expired receipts */

struct writer {
        struct db *db;
        unsigned max_batch;
        pthread_t thread;
        pthread_mutex_t lock;
        pthread_cond_t wake;
        struct writer_job *head, *tail; /* queue, under lock */
        bool stopping;                  /* under lock */
        struct writer_stats stats;      /* under lock */
        time_t last_purge;              /* writer thread only */
};

static void purge(struct writer *w)
{
        time_t now = time(NULL);
        w->last_purge = now;
        db_purge_receipts(w->db, period_day(now), NULL);
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
        int rc = db_begin(w->db, &err);
        if (rc == 0) {
                for (struct writer_job *j = batch; j; j = j->next)
                        j->status = run_job(w, j);
                rc = db_commit(w->db, &err);
                if (rc < 0)
                        db_rollback(w->db);
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
                        until.tv_sec += 60;
                        pthread_cond_timedwait(&w->wake, &w->lock, &until);
                        if (!w->head && time(NULL) - w->last_purge >= WRITER_PURGE_EVERY) {
                                pthread_mutex_unlock(&w->lock);
                                purge(w);
                                pthread_mutex_lock(&w->lock);
                        }
                }
                if (!w->head && w->stopping)
                        break;
                struct writer_job *batch = w->head, *last = batch;
                size_t n = 1;
                while (last->next && n < w->max_batch) {
                        last = last->next;
                        n++;
                }
                w->head = last->next;
                if (!w->head)
                        w->tail = NULL;
                last->next = NULL;
                pthread_mutex_unlock(&w->lock);
                run_batch(w, batch, n);
                pthread_mutex_lock(&w->lock);
        }
        pthread_mutex_unlock(&w->lock);
        return NULL;
}

int writer_start(struct db *db, unsigned max_batch, struct writer **out, struct lytt_error *err)
{
        struct writer *w = xcalloc(1, sizeof(*w));
        w->db = db;
        w->max_batch = max_batch ? max_batch : WRITER_DEFAULT_BATCH;
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
