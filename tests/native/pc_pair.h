/*
 * pc_pair.h - two of our own peer connections in one process, connected over 127.0.0.1: the
 * offer/answer and trickle exchange and an event loop that waits on the notify pipe (poll(),
 * no sleeps). Shared by test_pc.c, test_pc_cycles.c and bench_pc.c.
 */
#ifndef LK_PC_PAIR_H
#define LK_PC_PAIR_H

#include "pc_harness.h"

#define PAIR_BUF (70 * 1024)

typedef struct pair_side {
    const char *name;
    lk_rtc_t *pc;
    int conn_state;
    int conn_error;
    int ever_connected;
    int ice_state, dtls_state;
    int open_count;
    uint16_t open_id;
    int open_remote;
    char open_label[64];
    int closed_count;
    int low_count;
    long messages;
    int last_binary;
    size_t last_len;
    uint8_t *last;
    uint8_t *buf;
} pair_side_t;

static inline int pair_side_init(pair_side_t *s, const char *name)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->conn_state = -1;
    s->last = malloc(PAIR_BUF);
    s->buf = malloc(PAIR_BUF);
    return s->last != NULL && s->buf != NULL ? 0 : -1;
}

static inline void pair_side_free(pair_side_t *s)
{
    free(s->last);
    free(s->buf);
    s->last = s->buf = NULL;
}

/* Drains self's events, forwarding candidates to other (which may be NULL). */
static inline void pair_pump(pair_side_t *self, pair_side_t *other)
{
    lk_rtc_event_t ev;
    if (self->pc == NULL) {
        return;
    }
    while (lk_rtc_poll_event(self->pc, &ev, self->buf, PAIR_BUF) == LK_OK) {
        switch (ev.type) {
        case LK_RTC_EV_LOCAL_CANDIDATE:
            if (other != NULL && other->pc != NULL) {
                lk_rtc_add_remote_candidate(other->pc, ev.mid, (const char *)self->buf);
            }
            break;
        case LK_RTC_EV_END_OF_CANDIDATES:
            if (other != NULL && other->pc != NULL) {
                lk_rtc_add_remote_candidate(other->pc, ev.mid, NULL);
            }
            break;
        case LK_RTC_EV_CONNECTION_STATE:
            self->conn_state = ev.state;
            if (ev.error != 0) {
                self->conn_error = ev.error;
            }
            if (ev.state == LK_RTC_CONN_CONNECTED) {
                self->ever_connected = 1;
            }
            break;
        case LK_RTC_EV_ICE_STATE:
            self->ice_state = ev.state;
            break;
        case LK_RTC_EV_DTLS_STATE:
            self->dtls_state = ev.state;
            break;
        case LK_RTC_EV_CHANNEL_OPEN:
            self->open_count++;
            self->open_id = ev.channel_id;
            self->open_remote = ev.remote_opened;
            snprintf(self->open_label, sizeof self->open_label, "%s", (const char *)self->buf);
            break;
        case LK_RTC_EV_MESSAGE:
            self->messages++;
            self->last_binary = ev.binary;
            self->last_len = ev.len;
            memcpy(self->last, self->buf, ev.len);
            break;
        case LK_RTC_EV_CHANNEL_CLOSED:
            self->closed_count++;
            break;
        case LK_RTC_EV_BUFFERED_AMOUNT_LOW:
            self->low_count++;
            break;
        default:
            break;
        }
    }
}

typedef int (*pair_done_fn)(const pair_side_t *a, const pair_side_t *b, void *arg);

/* Runs until done() or timeout_ms; returns 1 when done. */
static inline int pair_drive(pair_side_t *a, pair_side_t *b, h_notify_t *n, uint64_t timeout_ms,
                      pair_done_fn done, void *arg)
{
    uint64_t end = h_now_ms() + timeout_ms;
    for (;;) {
        pair_pump(a, b);
        pair_pump(b, a);
        if (done(a, b, arg)) {
            return 1;
        }
        uint64_t now = h_now_ms();
        if (now >= end) {
            return 0;
        }
        struct pollfd p = {n->rd, POLLIN, 0};
        poll(&p, 1, (int)(end - now > 100 ? 100 : end - now));
        h_notify_drain(n);
    }
}

static inline int pair_both_connected(const pair_side_t *a, const pair_side_t *b, void *arg)
{
    (void)arg;
    return a->conn_state == LK_RTC_CONN_CONNECTED && b->conn_state == LK_RTC_CONN_CONNECTED;
}

static inline int pair_both_open(const pair_side_t *a, const pair_side_t *b, void *arg)
{
    (void)arg;
    return a->open_count > 0 && b->open_count > 0;
}

static inline int pair_create(pair_side_t *s, const lk_rtc_certificate_t *cert, h_notify_t *n)
{
    lk_rtc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.loopback_only = 1;
    cfg.certificate = cert;
    cfg.notify = h_notify_cb;
    cfg.user = n;
    cfg.event_queue_capacity = 256;
    return lk_rtc_create(&cfg, &s->pc);
}

/* Offer from a, answer from b; tamper_answer flips the answer's fingerprint before a sees it,
 * tamper_offer the offer's before b sees it. Returns LK_OK or the first failing call's code. */
static inline int pair_negotiate(pair_side_t *a, pair_side_t *b, int tamper_offer, int tamper_answer)
{
    char *sdp = malloc(8192);
    if (sdp == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    int rc = lk_rtc_create_offer(a->pc, sdp, 8192);
    if (rc >= 0) rc = lk_rtc_set_local_description(a->pc, LK_RTC_SDP_OFFER, sdp);
    if (rc >= 0 && tamper_offer) h_tamper_fingerprint(sdp);
    if (rc >= 0) rc = lk_rtc_set_remote_description(b->pc, LK_RTC_SDP_OFFER, sdp);
    if (rc >= 0) rc = lk_rtc_create_answer(b->pc, sdp, 8192);
    if (rc >= 0) rc = lk_rtc_set_local_description(b->pc, LK_RTC_SDP_ANSWER, sdp);
    if (rc >= 0 && tamper_answer) h_tamper_fingerprint(sdp);
    if (rc >= 0) rc = lk_rtc_set_remote_description(a->pc, LK_RTC_SDP_ANSWER, sdp);
    free(sdp);
    return rc < 0 ? rc : LK_OK;
}

#endif /* LK_PC_PAIR_H */
