#include "deadline.h"
#include "lytt_clock.h"
#include "xmalloc.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct deadline_watch {
        struct deadline_watch *prev, *next;
        int fd;       /* the connection's socket, open while the watch exists */
        double start; /* monotonic seconds: when the current request began */
        bool arrived; /* the request is in; exempt until deadline_restart() */
        bool cut;     /* shut down already; never again */
};

struct deadline {
        double seconds;
        unsigned period_ms;
        pthread_mutex_t lock; /* guards the list, the watches and stopping */
        pthread_cond_t wake;  /* deadline_free() wakes the sweeper with it */
        struct deadline_watch *head;
        bool stopping;
        bool has_thread;
        pthread_t thread;
};

/* Under d->lock. */
static size_t sweep_locked(struct deadline *d, double now)
{
        size_t cut = 0;
        for (struct deadline_watch *w = d->head; w; w = w->next) {
                if (w->arrived || w->cut || now - w->start < d->seconds)
                        continue;
                /* The fd is open: deadline_forget() runs before its close() and
                 * waits for this lock. shutdown() wakes the connection's thread,
                 * which reads end-of-file and closes it. */
                shutdown(w->fd, SHUT_RDWR);
                w->cut = true;
                cut++;
        }
        return cut;
}

static void *sweeper(void *arg)
{
        struct deadline *d = arg;
        pthread_mutex_lock(&d->lock);
        while (!d->stopping) {
                struct timespec until;
                clock_gettime(CLOCK_MONOTONIC, &until);
                until.tv_nsec += (long)(d->period_ms % 1000) * 1000000L;
                until.tv_sec += d->period_ms / 1000 + until.tv_nsec / 1000000000L;
                until.tv_nsec %= 1000000000L;
                pthread_cond_timedwait(&d->wake, &d->lock, &until);
                if (!d->stopping)
                        sweep_locked(d, lytt_monotonic());
        }
        pthread_mutex_unlock(&d->lock);
        return NULL;
}

struct deadline *deadline_new(unsigned seconds, unsigned period_ms)
{
        struct deadline *d = xcalloc(1, sizeof(*d));
        pthread_condattr_t attr;
        d->seconds = seconds;
        d->period_ms = period_ms;
        pthread_mutex_init(&d->lock, NULL);
        pthread_condattr_init(&attr);
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        pthread_cond_init(&d->wake, &attr);
        pthread_condattr_destroy(&attr);
        if (period_ms > 0) {
                if (pthread_create(&d->thread, NULL, sweeper, d) != 0) {
                        deadline_free(d);
                        return NULL;
                }
                d->has_thread = true;
        }
        return d;
}

struct deadline_watch *deadline_watch(struct deadline *d, int fd)
{
        if (!d)
                return NULL;
        struct deadline_watch *w = xcalloc(1, sizeof(*w));
        w->fd = fd;
        w->start = lytt_monotonic();
        pthread_mutex_lock(&d->lock);
        w->next = d->head;
        if (d->head)
                d->head->prev = w;
        d->head = w;
        pthread_mutex_unlock(&d->lock);
        return w;
}

void deadline_arrived(struct deadline *d, struct deadline_watch *w)
{
        if (!d || !w)
                return;
        pthread_mutex_lock(&d->lock);
        w->arrived = true;
        pthread_mutex_unlock(&d->lock);
}

void deadline_restart(struct deadline *d, struct deadline_watch *w)
{
        if (!d || !w)
                return;
        double now = lytt_monotonic();
        pthread_mutex_lock(&d->lock);
        w->arrived = false;
        w->start = now;
        pthread_mutex_unlock(&d->lock);
}

void deadline_forget(struct deadline *d, struct deadline_watch *w)
{
        if (!d || !w)
                return;
        pthread_mutex_lock(&d->lock);
        if (w->prev)
                w->prev->next = w->next;
        else
                d->head = w->next;
        if (w->next)
                w->next->prev = w->prev;
        pthread_mutex_unlock(&d->lock);
        free(w);
}

size_t deadline_sweep(struct deadline *d, double now)
{
        if (!d)
                return 0;
        pthread_mutex_lock(&d->lock);
        size_t cut = sweep_locked(d, now);
        pthread_mutex_unlock(&d->lock);
        return cut;
}

void deadline_free(struct deadline *d)
{
        if (!d)
                return;
        pthread_mutex_lock(&d->lock);
        d->stopping = true;
        pthread_cond_signal(&d->wake);
        pthread_mutex_unlock(&d->lock);
        if (d->has_thread)
                pthread_join(d->thread, NULL);
        while (d->head) {
                struct deadline_watch *w = d->head;
                d->head = w->next;
                free(w);
        }
        pthread_cond_destroy(&d->wake);
        pthread_mutex_destroy(&d->lock);
        free(d);
}
