/*
 * baseline_server: the least a libmicrohttpd server can do, with the same threading
 * as lytt-server (internal polling thread, epoll, a thread pool of one thread per
 * CPU): answer every GET with one fixed small page. The benchmark measures
 * lytt-server's form page against it in the same run.
 * usage: baseline_server PORT   (prints "listening on PORT" and runs until killed)
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char PAGE[] = "<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\">"
                           "<title>Baseline</title></head><body><p>Hei.</p></body></html>\n";

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **req)
{
        (void)cls;
        (void)url;
        (void)method;
        (void)version;
        (void)upload;
        (void)upload_size;
        /* As lytt-server does: the first call only notes the request (answering at once
         * makes libmicrohttpd close the connection, as the body is not yet read). */
        static int first_call_marker;
        if (!*req) {
                *req = &first_call_marker;
                return MHD_YES;
        }
        struct MHD_Response *r =
            MHD_create_response_from_buffer(sizeof(PAGE) - 1, (void *)PAGE, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
        enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
        MHD_destroy_response(r);
        return ret;
}

int main(int argc, char **argv)
{
        if (argc != 2) {
                fprintf(stderr, "usage: baseline_server PORT\n");
                return 2;
        }
        char *end;
        long port = strtol(argv[1], &end, 10);
        if (*end || port < 0 || port > 65535) {
                fprintf(stderr, "baseline_server: bad port '%s'\n", argv[1]);
                return 2;
        }
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGINT);
        pthread_sigmask(SIG_BLOCK, &set, NULL);
        struct MHD_Daemon *d = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC, (uint16_t)port, NULL,
            NULL, answer, NULL, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cpus > 0 ? cpus : 1),
            MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_END);
        if (!d) {
                fprintf(stderr, "baseline_server: cannot listen on %ld\n", port);
                return 1;
        }
        printf("listening on %u\n", MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
        fflush(stdout);
        int sig;
        sigwait(&set, &sig);
        MHD_stop_daemon(d);
        return 0;
}
