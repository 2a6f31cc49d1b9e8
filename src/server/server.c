#include "server.h"
#include "accept_language.h"
#include "compress.h"
#include "deadline.h"
#include "form_cache.h"
#include "html.h"
#include "lytt_clock.h"
#include "lytt_random.h"
#include "page.h"
#include "period.h"
#include "rate_limit.h"
#include "round.h"
#include "receipt.h"
#include "static_files.h"
#include "strbuf.h"
#include "writer.h"
#include "xmalloc.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <sqlite3.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_DISCARD_FACTOR 16   /* bytes past max_body we read and drop before hanging up */
#define DEADLINE_SWEEP_MS  250  /* how often slow requests are looked for (deadline.h) */
#define LISTEN_BACKLOG     4096 /* connections waiting for a slot, in order (server_start()) */

/*
 * When the server terminates TLS itself: TLS 1.2 and 1.3 only, forward secrecy only
 * (ECDHE; TLS 1.3 always has it), AEAD ciphers only (AES-GCM, ChaCha20-Poly1305).
 * GnuTLS priority string: SECURE128 (no weak groups or signatures), then
 *   -VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2   no SSL 3, TLS 1.0 or 1.1
 *   -KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA       no static RSA key exchange (no forward
 *                                         secrecy), no DHE (no DH parameters set)
 *   -CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305
 *   -MAC-ALL:+AEAD                        so no CBC suites with HMAC
 * tests/integration/test_doors.py checks it with openssl s_client.
 */
#define TLS_PRIORITIES                                                                             \
        "SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:"           \
        "-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:-MAC-ALL:+AEAD"

struct server {
        struct server_config cfg;
        const struct survey_catalog *cat;
        struct db *db;
        struct writer *writer;
        struct MHD_Daemon *mhd;
        unsigned port;
        bool tls;
        unsigned char receipt_key[DB_KEY_LEN];
        struct form_cache *forms;             /* fresh forms, rendered at start */
        struct rate_limit *rate;              /* submissions per address, in memory only */
        struct deadline *deadline;            /* cuts requests that arrive too slowly */
        unsigned char invite_key[DB_KEY_LEN]; /* keys invitation code hashes */
        char *db_path;           /* for round lookups, each on a read-only connection of its own */
        pthread_mutex_t ro_lock; /* guards rounds */
        struct round_entry *rounds; /* cached round states */
        size_t nrounds, rounds_alloc;
        pthread_rwlock_t stop_lock; /* submit holds it shared; stop holds it exclusive */
        bool stopping;              /* under stop_lock */
};

enum method { M_GET, M_HEAD, M_POST, M_OTHER };

/* Per-request state, from the first call of the access handler to completion. */
struct request {
        struct server *srv;
        enum method method;
        struct strbuf body;
        size_t discarded; /* bytes dropped after the body passed max_body */
        bool too_large;   /* body over max_body */
        bool bad_type;    /* POST body not urlencoded */
        bool resumed;     /* the writer finished the job and resumed us */
        bool close;       /* answer with Connection: close (a request we cannot trust) */
        struct MHD_Connection *conn;
        /* A POST waiting for the writer: */
        bool pending;
        struct writer_job job;
        struct form_body form;
        struct response resp;
        struct page_view view;
        const struct survey_unit *unit;
        int64_t id;
        char receipt[RECEIPT_SHOWN_LEN + 1];
        unsigned char hash[DB_KEY_LEN];
        char period[PERIOD_LABEL_MAX];
        char wave[SURVEY_ID_MAX + 1];
        char code_typed[64];
        struct round round; /* the open round the answers go to, when round_state is OPEN */
        enum round_state round_state;
};

/* ---- responses ------------------------------------------------------------------------ */

static void common_headers(const struct server *srv, struct MHD_Response *r)
{
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'none'; style-src 'self'; script-src 'self'; "
                                "img-src 'self'; form-action 'self'; base-uri 'none'; "
                                "frame-ancestors 'none'");
        MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
        MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
        MHD_add_response_header(r, "X-Frame-Options", "DENY");
        MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
        MHD_add_response_header(r, "Permissions-Policy",
                                "camera=(), microphone=(), geolocation=(), interest-cohort=()");
        if (srv->tls)
                MHD_add_response_header(r, "Strict-Transport-Security",
                                        "max-age=63072000; includeSubDomains");
}

static bool wants_gzip(struct request *rq)
{
        return compress_accepts_gzip(
            MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Accept-Encoding"));
}

/* Queues HTML with the headers every page has. mode says who owns data. */
static enum MHD_Result queue_html(struct request *rq, unsigned status, const char *data, size_t len,
                                  bool gzipped, enum MHD_ResponseMemoryMode mode)
{
        struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, mode);
        if (!r) {
                if (mode == MHD_RESPMEM_MUST_FREE)
                        free((void *)data);
                return MHD_NO;
        }
        common_headers(rq->srv, r);
        MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
        MHD_add_response_header(r, "Cache-Control", "no-store");
        MHD_add_response_header(r, "Vary", "Accept-Language, Accept-Encoding");
        if (gzipped)
                MHD_add_response_header(r, "Content-Encoding", "gzip");
        if (status == 405)
                MHD_add_response_header(r, "Allow", "GET, HEAD, POST");
        if (status == 503)
                MHD_add_response_header(r, "Retry-After", "10");
        if (rq->close)
                MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
        enum MHD_Result ret = MHD_queue_response(rq->conn, status, r);
        MHD_destroy_response(r);
        return ret;
}

/* Queues a page (takes the strbuf's storage), gzipped when the client takes it. */
static enum MHD_Result send_html(struct request *rq, unsigned status, struct strbuf *page)
{
        size_t len;
        bool gzipped = false;
        if (wants_gzip(rq)) {
                struct strbuf z = STRBUF_INIT;
                if (compress_gzip(page->buf, page->len, &z) == 0) {
                        strbuf_release(page);
                        *page = z;
                        gzipped = true;
                } else {
                        strbuf_release(&z);
                }
        }
        char *buf = strbuf_detach(page, &len);
        return queue_html(rq, status, buf, len, gzipped, MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result send_text(struct request *rq, unsigned status, const char *text)
{
        struct MHD_Response *r =
            MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
        if (!r)
                return MHD_NO;
        common_headers(rq->srv, r);
        MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
        MHD_add_response_header(r, "Cache-Control", "no-store");
        enum MHD_Result ret = MHD_queue_response(rq->conn, status, r);
        MHD_destroy_response(r);
        return ret;
}

static enum MHD_Result send_redirect(struct request *rq, const char *location)
{
        struct MHD_Response *r =
            MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        if (!r)
                return MHD_NO;
        common_headers(rq->srv, r);
        MHD_add_response_header(r, "Location", location);
        MHD_add_response_header(r, "Cache-Control", "no-store");
        enum MHD_Result ret = MHD_queue_response(rq->conn, MHD_HTTP_SEE_OTHER, r);
        MHD_destroy_response(r);
        return ret;
}

/* ---- the view: language and text size --------------------------------------------------- */

static const char *query(struct request *rq, const char *key)
{
        return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, key);
}

/*
 * Language: a switch button pressed on the form, then ?lang=, then
 * Accept-Language, then Bokmål. def may be NULL (pages outside a survey).
 */
static void set_view(struct request *rq, const struct survey_def *def, const struct form_body *f)
{
        static const char *const own[] = {"nb", "nn", "en"};
        const char *const *codes = def ? (const char *const *)def->langs : own;
        size_t n = def ? def->nlangs : 3;
        const char *want[2] = {f ? form_body_get(f, "_lang") : NULL, query(rq, "lang")};
        int pick = -1;
        for (size_t k = 0; k < 2 && pick < 0; k++)
                for (size_t i = 0; want[k] && i < n; i++)
                        if (strcmp(codes[i], want[k]) == 0)
                                pick = (int)i;
        if (pick < 0)
                pick = accept_language_pick(
                    MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Accept-Language"),
                    codes, n);
        if (pick < 0)
                for (size_t i = 0; i < n; i++)
                        if (strcmp(codes[i], "nb") == 0)
                                pick = (int)i;
        rq->view.def = def;
        rq->view.lang = pick < 0 ? 0 : pick;
        rq->view.lang_code = codes[rq->view.lang];
        const char *size = f ? form_body_get(f, "_size") : NULL;
        if (!size)
                size = query(rq, "size");
        rq->view.large = size && strcmp(size, "large") == 0;
}

static enum MHD_Result send_message(struct request *rq, unsigned status, enum msg_id title,
                                    enum msg_id body)
{
        struct strbuf sb = STRBUF_INIT;
        if (!rq->view.lang_code)
                set_view(rq, NULL, NULL);
        page_message(&sb, &rq->view, title, body);
        return send_html(rq, status, &sb);
}

static enum MHD_Result not_found(struct request *rq)
{
        return send_message(rq, MHD_HTTP_NOT_FOUND, M_NOT_FOUND_TITLE, M_NOT_FOUND_BODY);
}

static enum MHD_Result bad_method(struct request *rq)
{
        return send_message(rq, MHD_HTTP_METHOD_NOT_ALLOWED, M_METHOD_TITLE, M_METHOD_BODY);
}

/* ---- writer jobs ------------------------------------------------------------------------ */

/* Writer thread: the job is durable (or failed); wake the connection up. */
static void job_done(struct writer_job *job, void *arg)
{
        struct request *rq = arg;
        rq->resumed = true;
        MHD_resume_connection(rq->conn);
}

/* Queues rq->job unless the server is stopping. Returns false if it is. */
static bool submit(struct request *rq)
{
        struct server *srv = rq->srv;
        bool ok;
        pthread_rwlock_rdlock(&srv->stop_lock);
        ok = !srv->stopping;
        if (ok) {
                rq->pending = true;
                rq->job.done = job_done;
                rq->job.arg = rq;
                MHD_suspend_connection(rq->conn);
                writer_submit(srv->writer, &rq->job);
        }
        pthread_rwlock_unlock(&srv->stop_lock);
        return ok;
}

/* ---- rounds ---------------------------------------------------------------------------- */

#define ROUND_CACHE_SECONDS 2.0 /* lytt-admin opens and closes rounds while we run */

/* Whether (survey, unit) takes answers now: the answer cached for a moment. */
struct round_entry {
        const struct survey_def *def;
        const struct survey_unit *unit; /* NULL: any unit of the survey */
        double checked;                 /* monotonic seconds */
        enum round_state state;
        struct round round; /* when state is ROUND_STATE_OPEN */
};

/* NONE: the survey has no rounds (open as always); OPEN: an open round takes answers
 * for unit (or, for NULL, some unit) and *out is it; CLOSED: none does. A database error counts
 * as "no rounds known", so a carer is never turned away by a failed lookup. */
static enum round_state round_state(struct server *srv, const struct survey_def *def,
                                    const struct survey_unit *unit, struct round *out)
{
        double now = lytt_monotonic();
        enum round_state state;
        pthread_mutex_lock(&srv->ro_lock);
        struct round_entry *e = NULL;
        for (size_t i = 0; i < srv->nrounds; i++)
                if (srv->rounds[i].def == def && srv->rounds[i].unit == unit)
                        e = &srv->rounds[i];
        if (!e) {
                srv->rounds =
                    xgrow(srv->rounds, sizeof(*srv->rounds), srv->nrounds + 1, &srv->rounds_alloc);
                e = &srv->rounds[srv->nrounds++];
                memset(e, 0, sizeof(*e));
                e->def = def;
                e->unit = unit;
                e->checked = -1e9;
        }
        struct db *ro = NULL;
        struct lytt_error err;
        /* A connection for this look only: between looks the server holds none but the
         * writer's, so that after a rewrite SQLite can remove the WAL and shared-memory
         * files (writer.h). A failed open keeps the last answer. */
        if (now - e->checked > ROUND_CACHE_SECONDS && srv->db_path &&
            db_open(srv->db_path, DB_READONLY, &ro, &err) == 0) {
                int has = round_survey_has_rounds(ro, def->id, &err);
                e->state = ROUND_STATE_NONE;
                if (has > 0) {
                        e->state = ROUND_STATE_CLOSED;
                        for (size_t u = 0; u < def->nunits && e->state == ROUND_STATE_CLOSED; u++) {
                                if (unit && &def->units[u] != unit)
                                        continue;
                                if (round_find_open(ro, def->id, def->units[u].id, &e->round,
                                                    &err) == 1)
                                        e->state = ROUND_STATE_OPEN;
                        }
                }
                e->checked = now;
                db_close(ro);
        }
        state = e->state;
        if (state == ROUND_STATE_OPEN)
                *out = e->round;
        pthread_mutex_unlock(&srv->ro_lock);
        return state;
}

/* Sets the view's code box for a round by code. */
static void view_round(struct request *rq, enum round_state state, const struct round *r,
                       const char *typed)
{
        rq->view.ask_code = state == ROUND_STATE_OPEN && r->mode != ROUND_OPEN_LINK;
        rq->view.code_required = state == ROUND_STATE_OPEN && r->mode == ROUND_CODE_ONLY;
        rq->view.code_typed = typed;
}

/* One submission from this client's address, if its bucket allows. The address is
 * read here only, hashed in memory by the limiter, and never stored or logged. */
static bool take_token(struct request *rq)
{
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        return rate_limit_take(rq->srv->rate, ci ? ci->client_addr : NULL, lytt_monotonic());
}

/* ---- the form ------------------------------------------------------------------------- */

static enum MHD_Result form_page(struct request *rq, unsigned status, const struct response *chk,
                                 enum page_notice notice)
{
        struct strbuf sb = STRBUF_INIT;
        page_form(&sb, &rq->view, rq->unit, rq->form.n ? &rq->form : NULL, chk, notice);
        return send_html(rq, status, &sb);
}

/* Builds the location of the thank-you page. */
static void thanks_location(struct request *rq, struct strbuf *loc)
{
        strbuf_addstr(loc, "/s/");
        html_url_escape(loc, rq->view.def->id);
        strbuf_addstr(loc, "/thanks?lang=");
        html_url_escape(loc, rq->view.lang_code);
        if (rq->view.large)
                strbuf_addstr(loc, "&size=large");
        strbuf_addstr(loc, "&receipt=");
        strbuf_addstr(loc, rq->receipt);
}

static enum MHD_Result form_post(struct request *rq)
{
        struct server *srv = rq->srv;
        const struct survey_def *def = rq->view.def;
        struct lytt_error err;

        if (rq->bad_type)
                return send_message(rq, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, M_UNSUPPORTED_TITLE,
                                    M_UNSUPPORTED_BODY);
        if (form_body_parse(&rq->form, rq->body.buf, rq->body.len, &err) < 0) {
                set_view(rq, def, NULL);
                return form_page(rq, MHD_HTTP_BAD_REQUEST, NULL, PAGE_NOTICE_BAD_FORM);
        }
        set_view(rq, def, &rq->form);
        const char *code = form_body_get(&rq->form, "_code");
        rq->round_state = round_state(srv, def, rq->unit, &rq->round);
        view_round(rq, rq->round_state, &rq->round, code);
        if (rq->round_state == ROUND_STATE_CLOSED)
                return form_page(rq, MHD_HTTP_FORBIDDEN, NULL, PAGE_NOTICE_CLOSED);
        /* A language or text-size button: the same answers, shown again. */
        if (form_body_get(&rq->form, "_lang") || form_body_get(&rq->form, "_size"))
                return form_page(rq, MHD_HTTP_OK, NULL, PAGE_NOTICE_NONE);
        size_t problems = response_from_form(&rq->resp, def, rq->unit, rq->view.lang, &rq->form);
        if (!rq->unit && rq->resp.unit) {
                /* The unit was chosen in the form: its own round decides. */
                rq->round_state = round_state(srv, def, rq->resp.unit, &rq->round);
                view_round(rq, rq->round_state, &rq->round, code);
                if (rq->round_state == ROUND_STATE_CLOSED)
                        return form_page(rq, MHD_HTTP_FORBIDDEN, NULL, PAGE_NOTICE_CLOSED);
        }
        char norm[RECEIPT_CHARS + 1];
        bool use_code = rq->view.ask_code && code && *code;
        if (rq->view.code_required && !use_code)
                rq->view.code_problem = CODE_MISSING;
        else if (use_code && !receipt_normalise(code, norm))
                rq->view.code_problem = CODE_REJECTED;
        if (problems > 0 || rq->view.code_problem != CODE_OK)
                return form_page(rq, MHD_HTTP_UNPROCESSABLE_CONTENT, &rq->resp, PAGE_NOTICE_NONE);
        if (!take_token(rq))
                return form_page(rq, MHD_HTTP_TOO_MANY_REQUESTS, NULL, PAGE_NOTICE_RATE);
        if (use_code) {
                receipt_hash(code, srv->invite_key, rq->job.invite_hash);
                rq->job.invite_round = rq->round.id;
                rq->job.invite_unit = rq->resp.unit->id;
        }

        time_t now = time(NULL);
        rq->id = lytt_random_id();
        receipt_new(rq->receipt);
        receipt_hash(rq->receipt, srv->receipt_key, rq->hash);
        period_label(now, def->period, rq->period, sizeof(rq->period));
        if (rq->round_state == ROUND_STATE_OPEN)
                snprintf(rq->wave, sizeof(rq->wave), "%s", rq->round.wave);
        else if (def->wave)
                snprintf(rq->wave, sizeof(rq->wave), "%s", def->wave);
        else
                period_default_wave(now, rq->wave, sizeof(rq->wave));
        rq->job.kind = WRITER_STORE;
        rq->job.resp = &rq->resp;
        rq->job.meta = (struct db_response_meta){
            .id = rq->id,
            .wave = rq->wave,
            .period = rq->period,
            .receipt_hash = rq->hash,
            .receipt_end_day = period_withdraw_end(rq->period, def->withdraw_days),
        };
        if (!submit(rq))
                return form_page(rq, MHD_HTTP_SERVICE_UNAVAILABLE, NULL, PAGE_NOTICE_UNAVAILABLE);
        return MHD_YES;
}

static enum MHD_Result form_post_done(struct request *rq)
{
        if (rq->job.status == DB_CODE_USED) {
                rq->view.code_problem = CODE_REJECTED;
                return form_page(rq, MHD_HTTP_UNPROCESSABLE_CONTENT, &rq->resp, PAGE_NOTICE_NONE);
        }
        if (rq->job.status < 0) {
                fprintf(stderr,
                        "lytt-server: a response could not be stored (database status "
                        "%d); the carer was asked to send again\n",
                        rq->job.status);
                return form_page(rq, MHD_HTTP_SERVICE_UNAVAILABLE, NULL, PAGE_NOTICE_UNAVAILABLE);
        }
        struct strbuf loc = STRBUF_INIT;
        thanks_location(rq, &loc);
        enum MHD_Result ret = send_redirect(rq, loc.buf);
        strbuf_release(&loc);
        return ret;
}

/* ---- withdraw ------------------------------------------------------------------------- */

static enum MHD_Result withdraw_page(struct request *rq, unsigned status, enum withdraw_state state)
{
        struct strbuf sb = STRBUF_INIT;
        page_withdraw(&sb, &rq->view, state, rq->code_typed[0] ? rq->code_typed : NULL);
        return send_html(rq, status, &sb);
}

static enum MHD_Result withdraw_post(struct request *rq)
{
        struct lytt_error err;
        const struct survey_def *def = rq->view.def;
        if (rq->bad_type)
                return send_message(rq, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, M_UNSUPPORTED_TITLE,
                                    M_UNSUPPORTED_BODY);
        if (form_body_parse(&rq->form, rq->body.buf, rq->body.len, &err) < 0) {
                set_view(rq, def, NULL);
                return withdraw_page(rq, MHD_HTTP_BAD_REQUEST, WITHDRAW_MISSING);
        }
        set_view(rq, def, &rq->form);
        const char *code = form_body_get(&rq->form, "code");
        html_copy_text(rq->code_typed, sizeof(rq->code_typed), code ? code : "");
        if (!code || !*code)
                return withdraw_page(rq, MHD_HTTP_UNPROCESSABLE_CONTENT, WITHDRAW_MISSING);
        if (!take_token(rq))
                return withdraw_page(rq, MHD_HTTP_TOO_MANY_REQUESTS, WITHDRAW_RATE);
        if (!receipt_hash(code, rq->srv->receipt_key, rq->job.hash))
                return withdraw_page(rq, MHD_HTTP_UNPROCESSABLE_CONTENT, WITHDRAW_NOT_FOUND);
        rq->job.kind = WRITER_WITHDRAW;
        rq->job.survey_id = def->id;
        if (!submit(rq))
                return withdraw_page(rq, MHD_HTTP_SERVICE_UNAVAILABLE, WITHDRAW_UNAVAILABLE);
        return MHD_YES;
}

static enum MHD_Result withdraw_post_done(struct request *rq)
{
        if (rq->job.status < 0)
                return withdraw_page(rq, MHD_HTTP_SERVICE_UNAVAILABLE, WITHDRAW_UNAVAILABLE);
        if (rq->job.status == 0)
                return withdraw_page(rq, MHD_HTTP_UNPROCESSABLE_CONTENT, WITHDRAW_NOT_FOUND);
        rq->code_typed[0] = '\0';
        return withdraw_page(rq, MHD_HTTP_OK, WITHDRAW_DONE);
}

/* ---- routes --------------------------------------------------------------------------- */

static enum MHD_Result route_index(struct request *rq, const char *rest)
{
        if (rq->method == M_POST)
                return bad_method(rq);
        struct strbuf sb = STRBUF_INIT;
        set_view(rq, NULL, NULL);
        page_index(&sb, &rq->view, rq->srv->cat);
        return send_html(rq, MHD_HTTP_OK, &sb);
}

static enum MHD_Result route_health(struct request *rq, const char *rest)
{
        if (rq->method == M_POST)
                return bad_method(rq);
        struct server *srv = rq->srv;
        int last = 0;
        pthread_rwlock_rdlock(&srv->stop_lock);
        if (!srv->stopping)
                last = writer_get_stats(srv->writer).last_status;
        pthread_rwlock_unlock(&srv->stop_lock);
        if (last < 0)
                return send_text(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
                                 "database: the last write failed\n");
        return send_text(rq, MHD_HTTP_OK, "ok\n");
}

static enum MHD_Result route_static(struct request *rq, const char *rest)
{
        if (rq->method == M_POST)
                return bad_method(rq);
        const struct static_file *f = static_file_find(rest);
        if (!f)
                return not_found(rq);
        const char *inm = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "If-None-Match");
        bool fresh = inm && strcmp(inm, f->etag) == 0;
        bool gz = !fresh && f->gz_len && wants_gzip(rq);
        const void *data = fresh ? "" : gz ? (const void *)f->gz_data : (const void *)f->data;
        size_t len = fresh ? 0 : gz ? f->gz_len : f->len;
        struct MHD_Response *r =
            MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
        if (!r)
                return MHD_NO;
        common_headers(rq->srv, r);
        MHD_add_response_header(r, "Content-Type", f->content_type);
        MHD_add_response_header(r, "Cache-Control", "public, max-age=604800");
        MHD_add_response_header(r, "ETag", f->etag);
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
        if (gz)
                MHD_add_response_header(r, "Content-Encoding", "gzip");
        enum MHD_Result ret =
            MHD_queue_response(rq->conn, fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK, r);
        MHD_destroy_response(r);
        return ret;
}

/* /s/<survey>[/<unit>|/thanks|/withdraw] */
static enum MHD_Result route_survey(struct request *rq, const char *rest)
{
        char name[SURVEY_ID_MAX + 1], sub[SURVEY_ID_MAX + 1] = "";
        const char *slash = strchr(rest, '/');
        size_t nlen = slash ? (size_t)(slash - rest) : strlen(rest);
        if (nlen == 0 || nlen > SURVEY_ID_MAX)
                return not_found(rq);
        memcpy(name, rest, nlen);
        name[nlen] = '\0';
        if (slash) {
                const char *s = slash + 1;
                size_t slen = strlen(s);
                if (slen && s[slen - 1] == '/')
                        slen--; /* a trailing slash is forgiven */
                if (slen > SURVEY_ID_MAX || memchr(s, '/', slen))
                        return not_found(rq);
                memcpy(sub, s, slen);
                sub[slen] = '\0';
        }
        const struct survey_def *def = survey_catalog_find(rq->srv->cat, name);
        if (!def)
                return not_found(rq);
        set_view(rq, def, NULL);

        if (strcmp(sub, "thanks") == 0) {
                if (rq->method == M_POST)
                        return bad_method(rq);
                const char *code = query(rq, "receipt");
                char norm[RECEIPT_CHARS + 1];
                struct strbuf sb = STRBUF_INIT;
                page_thanks(&sb, &rq->view, code && receipt_normalise(code, norm) ? code : NULL);
                return send_html(rq, MHD_HTTP_OK, &sb);
        }
        if (strcmp(sub, "withdraw") == 0) {
                if (rq->method == M_POST)
                        return withdraw_post(rq);
                return withdraw_page(rq, MHD_HTTP_OK, WITHDRAW_FORM);
        }
        rq->unit = NULL;
        if (sub[0]) {
                rq->unit = survey_def_unit(def, sub);
                if (!rq->unit)
                        return not_found(rq);
        } else if (def->nunits == 1) {
                rq->unit = &def->units[0];
        }
        if (rq->method == M_POST)
                return form_post(rq);
        rq->round_state = round_state(rq->srv, def, rq->unit, &rq->round);
        if (rq->round_state == ROUND_STATE_CLOSED)
                return send_message(rq, MHD_HTTP_FORBIDDEN, M_CLOSED_TITLE, M_CLOSED_BODY);
        if (rq->round_state == ROUND_STATE_OPEN && rq->round.mode != ROUND_OPEN_LINK) {
                view_round(rq, rq->round_state, &rq->round, query(rq, "code"));
                return form_page(rq, MHD_HTTP_OK, NULL, PAGE_NOTICE_NONE);
        }
        const struct cached_page *c =
            form_cache_get(rq->srv->forms, def, rq->unit, rq->view.lang, rq->view.large);
        if (c && c->gz && wants_gzip(rq))
                return queue_html(rq, MHD_HTTP_OK, c->gz, c->gz_len, true, MHD_RESPMEM_PERSISTENT);
        if (c)
                return queue_html(rq, MHD_HTTP_OK, c->plain, c->plain_len, false,
                                  MHD_RESPMEM_PERSISTENT);
        return form_page(rq, MHD_HTTP_OK, NULL, PAGE_NOTICE_NONE);
}

typedef enum MHD_Result (*route_fn)(struct request *rq, const char *rest);

static const struct route {
        const char *path; /* exact path, or a prefix when it ends in '/' (and is not "/") */
        route_fn fn;
} ROUTES[] = {
    {"/", route_index},
    {"/healthz", route_health},
    {"/static/", route_static},
    {"/s/", route_survey},
};

static enum MHD_Result dispatch(struct request *rq, const char *url)
{
        for (size_t i = 0; i < sizeof(ROUTES) / sizeof(ROUTES[0]); i++) {
                const char *p = ROUTES[i].path;
                size_t n = strlen(p);
                bool prefix = n > 1 && p[n - 1] == '/';
                if (prefix ? strncmp(url, p, n) == 0 : strcmp(url, p) == 0)
                        return ROUTES[i].fn(rq, url + (prefix ? n : strlen(url)));
        }
        return not_found(rq);
}

/* ---- libmicrohttpd callbacks ------------------------------------------------------------ */

static enum method method_of(const char *m)
{
        static const struct {
                const char *name;
                enum method m;
        } methods[] = {{"GET", M_GET}, {"HEAD", M_HEAD}, {"POST", M_POST}};
        for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
                if (strcmp(methods[i].name, m) == 0)
                        return methods[i].m;
        return M_OTHER;
}

static bool is_urlencoded(const char *ct)
{
        static const char want[] = "application/x-www-form-urlencoded";
        if (!ct || strncasecmp(ct, want, sizeof(want) - 1) != 0)
                return false;
        char next = ct[sizeof(want) - 1];
        return next == '\0' || next == ';' || next == ' ';
}

/* The connection's watch (deadline.h), or NULL. */
static struct deadline_watch *watch_of(struct MHD_Connection *conn)
{
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        return ci ? ci->socket_context : NULL;
}

/* Every connection is watched, from its start to its close, for the request deadline.
 * The watch holds the socket, never the client's address. libmicrohttpd calls CLOSED
 * before it closes the socket, so the sweeper never shuts down a reused descriptor. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
        struct server *srv = cls;
        if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
                const union MHD_ConnectionInfo *ci =
                    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
                *socket_context = ci ? deadline_watch(srv->deadline, ci->connect_fd) : NULL;
        } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
                deadline_forget(srv->deadline, *socket_context);
                *socket_context = NULL;
        }
}

/* Counts the headers that say where a body ends: [0] Content-Length, [1] Transfer-Encoding. */
static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
        int *n = cls;
        if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
                n[0]++;
        else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
                n[1]++;
        return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
        struct server *srv = cls;
        struct request *rq = *req_cls;

        if (!rq) {
                rq = xcalloc(1, sizeof(*rq));
                rq->srv = srv;
                rq->conn = conn;
                rq->body = (struct strbuf)STRBUF_INIT;
                rq->method = method_of(method);
                *req_cls = rq;
                /* Two lengths (even equal ones), or a length beside a transfer coding, are
                 * how requests are smuggled past a proxy that reads the other one:
                 * refuse, and hang up after. */
                int framing[2] = {0, 0};
                MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing, framing);
                if (framing[0] > 1 || (framing[0] && framing[1]) || framing[1] > 1) {
                        rq->close = true;
                        return send_message(rq, MHD_HTTP_BAD_REQUEST, M_BAD_REQUEST_TITLE,
                                            M_BAD_REQUEST_BODY);
                }
                if (rq->method == M_POST) {
                        const char *cl =
                            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
                        if (cl && strtoull(cl, NULL, 10) > srv->cfg.max_body)
                                return send_message(rq, MHD_HTTP_CONTENT_TOO_LARGE,
                                                    M_TOO_LARGE_TITLE, M_TOO_LARGE_BODY);
                        rq->bad_type = !is_urlencoded(
                            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type"));
                }
                return MHD_YES;
        }
        if (*upload_data_size) {
                size_t n = *upload_data_size;
                *upload_data_size = 0;
                if (rq->method != M_POST || rq->bad_type)
                        return MHD_YES; /* read and dropped */
                if (!rq->too_large && rq->body.len + n <= srv->cfg.max_body) {
                        strbuf_add(&rq->body, upload_data, n);
                } else {
                        rq->too_large = true;
                        rq->discarded += n;
                        if (rq->discarded > MAX_DISCARD_FACTOR * srv->cfg.max_body)
                                return MHD_NO; /* a flood: hang up */
                }
                return MHD_YES;
        }
        /* The headers and body are in: the deadline no longer applies (a POST may
         * now wait for the writer, for as long as that takes). */
        deadline_arrived(srv->deadline, watch_of(conn));
        if (rq->pending) {
                if (!rq->resumed)
                        return MHD_YES;
                rq->pending = false;
                return rq->job.kind == WRITER_STORE ? form_post_done(rq) : withdraw_post_done(rq);
        }
        if (rq->method == M_OTHER)
                return bad_method(rq);
        if (rq->too_large)
                return send_message(rq, MHD_HTTP_CONTENT_TOO_LARGE, M_TOO_LARGE_TITLE,
                                    M_TOO_LARGE_BODY);
        return dispatch(rq, url);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
        struct server *srv = cls;
        struct request *rq = *req_cls;
        /* The next request on this connection is due a deadline from now. */
        deadline_restart(srv->deadline, watch_of(conn));
        if (!rq)
                return;
        strbuf_release(&rq->body);
        form_body_release(&rq->form);
        response_release(&rq->resp);
        free(rq);
        *req_cls = NULL;
}

/* ---- start and stop -------------------------------------------------------------------- */

int server_start(const struct server_config *cfg, const struct survey_catalog *cat, struct db *db,
                 struct server **out, struct lytt_error *err)
{
        struct server *srv = xcalloc(1, sizeof(*srv));
        struct sockaddr_storage addr;
        int rc = -1;
        memset(&addr, 0, sizeof(addr));
        *out = NULL;
        srv->cfg = *cfg;
        srv->cat = cat;
        srv->db = db;
        srv->tls = cfg->tls_cert_pem != NULL;
        pthread_rwlock_init(&srv->stop_lock, NULL);

        if (receipt_init() < 0) {
                lytt_error_set(err, NULL, 0, "libsodium cannot be initialised");
                goto fail;
        }
        for (size_t i = 0; i < cat->n; i++)
                if (db_register_survey(db, cat->defs[i], err) < 0)
                        goto fail;
        if (!cfg->keys) {
                lytt_error_set(err, NULL, 0, "the server needs its hash keys (keyfile.h)");
                goto fail;
        }
        memcpy(srv->receipt_key, cfg->keys->receipt, DB_KEY_LEN);
        memcpy(srv->invite_key, cfg->keys->invite, DB_KEY_LEN);
        pthread_mutex_init(&srv->ro_lock, NULL);
        const char *path = sqlite3_db_filename(db_handle(db), "main");
        if (path && *path)
                srv->db_path = xstrdup(path);
        html_set_asset_version(static_files_version());
        srv->forms = form_cache_new(cat);
        srv->rate = rate_limit_new(cfg->rate_per_minute);

        unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                         MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC;
        if (inet_pton(AF_INET, cfg->bind, &((struct sockaddr_in *)&addr)->sin_addr) == 1) {
                struct sockaddr_in *a = (struct sockaddr_in *)&addr;
                a->sin_family = AF_INET;
                a->sin_port = htons((uint16_t)cfg->port);
        } else if (inet_pton(AF_INET6, cfg->bind, &((struct sockaddr_in6 *)&addr)->sin6_addr) ==
                   1) {
                struct sockaddr_in6 *a = (struct sockaddr_in6 *)&addr;
                a->sin6_family = AF_INET6;
                a->sin6_port = htons((uint16_t)cfg->port);
                flags |= MHD_USE_IPv6;
        } else {
                lytt_error_set(err, NULL, 0, "'%s' is not a numeric IPv4 or IPv6 address",
                               cfg->bind);
                goto fail;
        }
        if (srv->tls) {
                if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
                        lytt_error_set(err, NULL, 0, "this libmicrohttpd has no TLS support");
                        goto fail;
                }
                flags |= MHD_USE_TLS;
        }
        struct writer_config wcfg = {cfg->commit_batch, cfg->scrub_after, cfg->scrub_every};
        if (writer_start(db, &wcfg, &srv->writer, err) < 0)
                goto fail;
        if (cfg->request_deadline > 0 &&
            !(srv->deadline = deadline_new(cfg->request_deadline, DEADLINE_SWEEP_MS))) {
                lytt_error_set(err, NULL, 0, "cannot start the request deadline thread");
                goto fail;
        }
        unsigned threads = cfg->threads;
        if (threads == 0) {
                long n = sysconf(_SC_NPROCESSORS_ONLN);
                threads = n > 0 ? (unsigned)n : 1;
        }
        /* At the connection limit libmicrohttpd stops accepting (it takes the listen
         * socket out of its epoll set) rather than accepting and closing; new
         * connections wait in the kernel's listen queue, first come first served, and
         * a carer behind slow clients gets the next slot the deadline frees. A long
         * queue keeps their SYN from being dropped (and retried after 1, 3, 7 s); the
         * kernel caps it at net.core.somaxconn. */
        struct MHD_OptionItem tls[] = {
            {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cfg->tls_cert_pem},
            {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)cfg->tls_key_pem},
            {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)TLS_PRIORITIES},
            {MHD_OPTION_END, 0, NULL},
        };
        srv->mhd = MHD_start_daemon(
            flags, (uint16_t)cfg->port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
            (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, threads,
            MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
            cfg->connection_timeout, MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_address_limit,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_NOTIFY_CONNECTION,
            on_connection, srv, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)LISTEN_BACKLOG,
            MHD_OPTION_ARRAY, srv->tls ? tls : tls + 3, MHD_OPTION_END);
        if (!srv->mhd) {
                lytt_error_set(err, NULL, 0,
                               "cannot listen on %s port %u (is the port in use, or the address "
                               "not on this machine?%s)",
                               cfg->bind, cfg->port,
                               srv->tls ? " Or is the TLS certificate or key not valid PEM?" : "");
                goto fail;
        }
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->mhd, MHD_DAEMON_INFO_BIND_PORT);
        srv->port = info ? info->port : cfg->port;
        *out = srv;
        return 0;
fail:
        free(srv->db_path);
        writer_stop(srv->writer);
        deadline_free(srv->deadline);
        form_cache_free(srv->forms);
        rate_limit_free(srv->rate);
        pthread_rwlock_destroy(&srv->stop_lock);
        free(srv);
        return rc;
}

unsigned server_port(const struct server *srv)
{
        return srv->port;
}

void server_stop(struct server *srv, unsigned grace_seconds)
{
        if (!srv)
                return;
        MHD_socket listen_fd = MHD_quiesce_daemon(srv->mhd);
        pthread_rwlock_wrlock(&srv->stop_lock);
        srv->stopping = true;
        pthread_rwlock_unlock(&srv->stop_lock);
        /* Every queued answer is committed and its connection resumed. */
        writer_stop(srv->writer);
        srv->writer = NULL;
        for (unsigned waited = 0; waited < grace_seconds * 20; waited++) {
                const union MHD_DaemonInfo *info =
                    MHD_get_daemon_info(srv->mhd, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
                if (!info || info->num_connections == 0)
                        break;
                struct timespec ts = {0, 50 * 1000 * 1000};
                nanosleep(&ts, NULL);
        }
        MHD_stop_daemon(srv->mhd);
        deadline_free(srv->deadline); /* after the daemon: every watch is forgotten */
        if (listen_fd != MHD_INVALID_SOCKET)
                close(listen_fd);
        pthread_rwlock_destroy(&srv->stop_lock);
        form_cache_free(srv->forms);
        rate_limit_free(srv->rate);
        free(srv->db_path);
        pthread_mutex_destroy(&srv->ro_lock);
        free(srv->rounds);
        free(srv);
}
