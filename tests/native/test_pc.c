/*
 * test_pc.c - the peer connection through its public API (lk_rtc.h, POSIX port): two of our own
 * peer connections in one process over 127.0.0.1 reach ICE + DTLS connected, open a data
 * channel, exchange messages both ways; a tampered fingerprint fails the connection with
 * LK_ERR_FINGERPRINT; destroy while connecting; destroy from the notify callback is refused;
 * the event queue's buffer-too-small rule; API misuse gives the documented codes.
 */
#define _DEFAULT_SOURCE 1
#include "test_util.h"
#include <opus.h>

#include "pc_pair.h"
#include "pc.h"

static lk_rtc_certificate_t *g_cert; /* one identity for the whole test process */

static int b_failed(const pair_side_t *a, const pair_side_t *b, void *arg);

static int msgs_at_least(const pair_side_t *a, const pair_side_t *b, void *arg)
{
    long n = *(const long *)arg;
    return a->messages >= n && b->messages >= n;
}

static int b_got_at_least(const pair_side_t *a, const pair_side_t *b, void *arg)
{
    (void)a;
    return b->messages >= *(const long *)arg;
}

static int both_closed(const pair_side_t *a, const pair_side_t *b, void *arg)
{
    (void)arg;
    return a->closed_count >= 1 && b->closed_count >= 1;
}

/* A small event queue (16) and a receiver that drains slowly: 300 messages still arrive
 * complete and in order; the sender is held back by SCTP's window, nothing is dropped. */
static void test_backpressure_keeps_order(void)
{
    h_notify_t n;
    pair_side_t a, b;
    CHECK(h_notify_open(&n) == 0);
    CHECK(pair_side_init(&a, "A") == 0 && pair_side_init(&b, "B") == 0);
    lk_rtc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.loopback_only = 1;
    cfg.certificate = g_cert;
    cfg.notify = h_notify_cb;
    cfg.user = &n;
    cfg.event_queue_capacity = 16;
    CHECK_EQ_INT(lk_rtc_create(&cfg, &a.pc), LK_OK);
    CHECK_EQ_INT(lk_rtc_create(&cfg, &b.pc), LK_OK);
    uint16_t ch;
    CHECK_EQ_INT(lk_rtc_create_data_channel(a.pc, "bp", 1, -1, &ch), LK_OK);
    CHECK_EQ_INT(pair_negotiate(&a, &b, 0, 0), LK_OK);
    CHECK(pair_drive(&a, &b, &n, 10000, pair_both_open, NULL));
    enum { COUNT = 300, SIZE = 1000 };
    uint8_t msg[SIZE];
    int sent = 0;
    uint64_t end = h_now_ms() + 20000;
    uint32_t expect = 0;
    int bad = 0;
    lk_rtc_event_t ev;
    while ((int)expect < COUNT && h_now_ms() < end) {
        while (sent < COUNT) {
            memset(msg, 0, sizeof msg);
            memcpy(msg, &sent, sizeof sent);
            int rc = lk_rtc_send(a.pc, ch, 1, msg, sizeof msg);
            if (rc == LK_ERR_QUEUE_FULL) {
                break;
            }
            CHECK_EQ_INT(rc, LK_OK);
            sent++;
        }
        pair_pump(&a, &b);
        /* B takes at most 4 events per turn: its queue fills and SCTP holds the rest. */
        for (int k = 0; k < 4 && lk_rtc_poll_event(b.pc, &ev, b.buf, PAIR_BUF) == LK_OK; k++) {
            if (ev.type == LK_RTC_EV_MESSAGE) {
                uint32_t got;
                memcpy(&got, b.buf, sizeof got);
                bad += ev.len != SIZE || got != expect;
                expect++;
            } else if (ev.type == LK_RTC_EV_LOCAL_CANDIDATE) {
                lk_rtc_add_remote_candidate(a.pc, ev.mid, (const char *)b.buf);
            }
        }
        struct pollfd p = {n.rd, POLLIN, 0};
        poll(&p, 1, 2);
        h_notify_drain(&n);
    }
    CHECK_EQ_INT(expect, COUNT);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(lk_rtc_destroy(a.pc), LK_OK);
    CHECK_EQ_INT(lk_rtc_destroy(b.pc), LK_OK);
    pair_side_free(&a);
    pair_side_free(&b);
    h_notify_close(&n);
}

/* A subsequent offer on a connected transport (LiveKit's media_sections_requirement): the
 * application m-line keeps mid 0, the new audio m-line is appended, DTLS and SCTP continue. */
static void test_renegotiation_adds_audio(void)
{
    h_notify_t n;
    pair_side_t a, b;
    CHECK(h_notify_open(&n) == 0);
    CHECK(pair_side_init(&a, "A") == 0 && pair_side_init(&b, "B") == 0);
    CHECK_EQ_INT(pair_create(&a, g_cert, &n), LK_OK);
    CHECK_EQ_INT(pair_create(&b, g_cert, &n), LK_OK);
    uint16_t ch;
    CHECK_EQ_INT(lk_rtc_create_data_channel(a.pc, "c", 1, -1, &ch), LK_OK);
    CHECK_EQ_INT(pair_negotiate(&a, &b, 0, 0), LK_OK);
    CHECK(pair_drive(&a, &b, &n, 10000, pair_both_open, NULL));
    CHECK(pair_drive(&a, &b, &n, 10000, pair_both_connected, NULL));

    CHECK_EQ_INT(lk_rtc_add_audio_track(a.pc, LK_RTC_DIR_RECVONLY), 0);
    char sdp[8192], tampered[8192];
    CHECK(lk_rtc_create_offer(a.pc, sdp, sizeof sdp) > 0);
    char *app = strstr(sdp, "m=application"), *aud = strstr(sdp, "m=audio");
    CHECK(app != NULL && aud != NULL && app < aud);
    CHECK(strstr(sdp, "a=group:BUNDLE 0 1") != NULL);
    CHECK_EQ_INT(lk_rtc_set_local_description(a.pc, LK_RTC_SDP_OFFER, sdp), LK_OK);
    CHECK_EQ_INT(lk_rtc_set_remote_description(b.pc, LK_RTC_SDP_OFFER, sdp), LK_OK);
    CHECK(lk_rtc_create_answer(b.pc, sdp, sizeof sdp) > 0);
    CHECK(strstr(sdp, "m=audio 9") != NULL);
    CHECK_EQ_INT(lk_rtc_set_local_description(b.pc, LK_RTC_SDP_ANSWER, sdp), LK_OK);
    /* An answer with another certificate would need a new DTLS association: refused. */
    memcpy(tampered, sdp, sizeof tampered);
    h_tamper_fingerprint(tampered);
    CHECK_EQ_INT(lk_rtc_set_remote_description(a.pc, LK_RTC_SDP_ANSWER, tampered), LK_ERR_UNSUPPORTED);
    CHECK_EQ_INT(lk_rtc_set_remote_description(a.pc, LK_RTC_SDP_ANSWER, sdp), LK_OK);

    /* The answerer does not offer on this connection; the offerer does not take offers. */
    CHECK_EQ_INT(lk_rtc_create_offer(b.pc, sdp, sizeof sdp), LK_ERR_UNSUPPORTED);

    long before = b.messages;
    CHECK_EQ_INT(lk_rtc_send(a.pc, a.open_id, 0, (const uint8_t *)"after", 5), LK_OK);
    long want = before + 1;
    CHECK(pair_drive(&a, &b, &n, 5000, b_got_at_least, &want));
    CHECK_MEM(b.last, "after", 5);
    CHECK_EQ_INT(a.conn_state, LK_RTC_CONN_CONNECTED);
    CHECK_EQ_INT(b.conn_state, LK_RTC_CONN_CONNECTED);
    CHECK_EQ_INT(a.open_count, 1);
    CHECK_EQ_INT(lk_rtc_destroy(a.pc), LK_OK);
    CHECK_EQ_INT(lk_rtc_destroy(b.pc), LK_OK);
    pair_side_free(&a);
    pair_side_free(&b);
    h_notify_close(&n);
}

static void test_pair_connects_and_exchanges(void)
{
    h_notify_t n;
    pair_side_t a, b;
    CHECK(h_notify_open(&n) == 0);
    CHECK(pair_side_init(&a, "A") == 0 && pair_side_init(&b, "B") == 0);
    CHECK_EQ_INT(pair_create(&a, g_cert, &n), LK_OK);
    CHECK_EQ_INT(pair_create(&b, g_cert, &n), LK_OK);
    uint16_t ch = 0;
    CHECK_EQ_INT(lk_rtc_create_data_channel(a.pc, "chat", 1, -1, &ch), LK_OK);
    CHECK(lk_rtc_add_audio_track(a.pc, LK_RTC_DIR_RECVONLY) >= 0);

    char sdp[8192];
    int len = lk_rtc_create_offer(a.pc, sdp, sizeof sdp);
    CHECK(len > 0);
    CHECK(strstr(sdp, "m=audio ") != NULL);
    CHECK(strstr(sdp, "a=rtpmap:111 opus/48000/2") != NULL);
    CHECK(strstr(sdp, "a=recvonly") != NULL);
    CHECK(strstr(sdp, "m=application ") != NULL);
    CHECK(strstr(sdp, "a=setup:actpass") != NULL);
    CHECK(strstr(sdp, "a=group:BUNDLE") != NULL);

    CHECK_EQ_INT(pair_negotiate(&a, &b, 0, 0), LK_OK);
    CHECK(pair_drive(&a, &b, &n, 10000, pair_both_connected, NULL));
    CHECK_EQ_INT(a.ice_state == LK_RTC_ICE_CONNECTED || a.ice_state == LK_RTC_ICE_COMPLETED, 1);
    CHECK_EQ_INT(a.dtls_state, LK_RTC_DTLS_CONNECTED);
    CHECK_EQ_INT(b.dtls_state, LK_RTC_DTLS_CONNECTED);
    CHECK(pair_drive(&a, &b, &n, 10000, pair_both_open, NULL));
    CHECK_EQ_INT(a.open_remote, 0);
    CHECK_EQ_INT(b.open_remote, 1);
    CHECK(strcmp(b.open_label, "chat") == 0);
    CHECK(strcmp(a.open_label, "chat") == 0);
    CHECK_EQ_INT(a.open_id, b.open_id);
    /* The answerer of actpass is the DTLS client: its channels would be even, ours (server) odd. */
    CHECK_EQ_INT(a.open_id % 2, 1);

    /* Text one way through the provisional handle, binary back through the real id. */
    CHECK_EQ_INT(lk_rtc_send(a.pc, ch, 0, (const uint8_t *)"hello", 5), LK_OK);
    uint8_t bin[1000];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (uint8_t)(i * 7);
    CHECK_EQ_INT(lk_rtc_send(b.pc, b.open_id, 1, bin, sizeof bin), LK_OK);
    long one = 1;
    CHECK(pair_drive(&a, &b, &n, 5000, msgs_at_least, &one));
    CHECK_EQ_INT(b.last_binary, 0);
    CHECK_EQ_INT(b.last_len, 5);
    CHECK_MEM(b.last, "hello", 5);
    CHECK_EQ_INT(a.last_binary, 1);
    CHECK_EQ_INT(a.last_len, sizeof bin);
    CHECK_MEM(a.last, bin, sizeof bin);

    /* A 60 KiB message (SCTP fragmentation) and an empty one. */
    uint8_t *big = malloc(60 * 1024);
    for (size_t i = 0; i < 60 * 1024; i++) big[i] = (uint8_t)(i ^ (i >> 8));
    CHECK_EQ_INT(lk_rtc_send(a.pc, a.open_id, 1, big, 60 * 1024), LK_OK);
    long two = 2;
    CHECK(pair_drive(&a, &b, &n, 5000, msgs_at_least, &two) || b.messages >= 2);
    CHECK_EQ_INT(b.last_len, 60 * 1024);
    CHECK_MEM(b.last, big, 60 * 1024);
    free(big);
    CHECK_EQ_INT(lk_rtc_send(b.pc, b.open_id, 1, NULL, 0), LK_OK);
    CHECK(pair_drive(&a, &b, &n, 5000, msgs_at_least, &two));
    CHECK_EQ_INT(a.last_len, 0);
    CHECK_EQ_INT(a.last_binary, 1);
    CHECK(lk_rtc_buffered_amount(a.pc, a.open_id) >= 0);

    /* Buffered-amount-low: a burst of 40 x 16 KiB with a 64 KiB threshold. */
    CHECK_EQ_INT(lk_rtc_set_buffered_amount_low_threshold(a.pc, a.open_id, 65536), LK_OK);
    uint8_t *chunk = calloc(1, 16384);
    long sent = 0;
    for (int i = 0; i < 40; i++) {
        int rc = lk_rtc_send(a.pc, a.open_id, 1, chunk, 16384);
        CHECK(rc == LK_OK || rc == LK_ERR_QUEUE_FULL);
        sent += rc == LK_OK;
    }
    free(chunk);
    long target = 2 + sent;
    CHECK(pair_drive(&a, &b, &n, 10000, b_got_at_least, &target));
    CHECK(a.low_count >= 1);

    /* Closing the channel from one side closes it on both (stream reset). */
    CHECK_EQ_INT(lk_rtc_close_channel(b.pc, b.open_id), LK_OK);
    CHECK(pair_drive(&a, &b, &n, 5000, both_closed, NULL));

    lk_rtc_conn_state_t cs;
    CHECK_EQ_INT(lk_rtc_get_state(a.pc, &cs, NULL, NULL), LK_OK);
    CHECK_EQ_INT(cs, LK_RTC_CONN_CONNECTED);
    CHECK_EQ_INT(lk_rtc_close(a.pc), LK_OK);
    CHECK_EQ_INT(lk_rtc_close(a.pc), LK_OK);
    pair_pump(&a, NULL);
    CHECK_EQ_INT(a.conn_state, LK_RTC_CONN_CLOSED);
    /* The peer learns it from close_notify: failed (sticky) with LK_ERR_CLOSED. */
    CHECK(pair_drive(&a, &b, &n, 5000, b_failed, NULL));
    CHECK_EQ_INT(b.conn_error, LK_ERR_CLOSED);
    CHECK_EQ_INT(b.dtls_state, LK_RTC_DTLS_CLOSED);
    CHECK_EQ_INT(lk_rtc_send(a.pc, a.open_id, 1, bin, 1), LK_ERR_STATE);
    CHECK_EQ_INT(lk_rtc_destroy(a.pc), LK_OK);
    CHECK_EQ_INT(lk_rtc_destroy(b.pc), LK_OK);
    pair_side_free(&a);
    pair_side_free(&b);
    h_notify_close(&n);
}

static int a_failed(const pair_side_t *a, const pair_side_t *b, void *arg)
{
    (void)b;
    (void)arg;
    return a->conn_state == LK_RTC_CONN_FAILED;
}

static int b_failed(const pair_side_t *a, const pair_side_t *b, void *arg)
{
    return a_failed(b, a, arg);
}

/* tamper_answer: A (offerer, DTLS server) gets a wrong fingerprint for B's client certificate.
 * tamper_offer: B (answerer, DTLS client) gets a wrong one for A's server certificate. */
static void run_fingerprint_mismatch(int tamper_offer)
{
    h_notify_t n;
    pair_side_t a, b;
    CHECK(h_notify_open(&n) == 0);
    CHECK(pair_side_init(&a, "A") == 0 && pair_side_init(&b, "B") == 0);
    CHECK_EQ_INT(pair_create(&a, g_cert, &n), LK_OK);
    CHECK_EQ_INT(pair_create(&b, g_cert, &n), LK_OK);
    uint16_t ch;
    CHECK_EQ_INT(lk_rtc_create_data_channel(a.pc, "x", 1, -1, &ch), LK_OK);
    CHECK_EQ_INT(pair_negotiate(&a, &b, tamper_offer, !tamper_offer), LK_OK);
    pair_side_t *victim = tamper_offer ? &b : &a;
    CHECK(pair_drive(&a, &b, &n, 15000, tamper_offer ? b_failed : a_failed, NULL));
    CHECK_EQ_INT(victim->conn_state, LK_RTC_CONN_FAILED);
    CHECK_EQ_INT(victim->conn_error, LK_ERR_FINGERPRINT);
    CHECK_EQ_INT(victim->dtls_state, LK_RTC_DTLS_FAILED);
    CHECK_EQ_INT(victim->ever_connected, 0);
    CHECK_EQ_INT(victim->open_count, 0);
    CHECK_EQ_INT(lk_rtc_destroy(a.pc), LK_OK);
    CHECK_EQ_INT(lk_rtc_destroy(b.pc), LK_OK);
    pair_side_free(&a);
    pair_side_free(&b);
    h_notify_close(&n);
}

static void test_fingerprint_mismatch_server_side(void)
{
    run_fingerprint_mismatch(0);
}

static void test_fingerprint_mismatch_client_side(void)
{
    run_fingerprint_mismatch(1);
}

static void test_destroy_while_connecting(void)
{
    int tasks = h_count_dir("/proc/self/task");
    int fds = h_count_dir("/proc/self/fd");
    h_notify_t n;
    pair_side_t a, b;
    CHECK(h_notify_open(&n) == 0);
    CHECK(pair_side_init(&a, "A") == 0 && pair_side_init(&b, "B") == 0);
    CHECK_EQ_INT(pair_create(&a, g_cert, &n), LK_OK);
    CHECK_EQ_INT(pair_create(&b, g_cert, &n), LK_OK);
    uint16_t ch;
    CHECK_EQ_INT(lk_rtc_create_data_channel(a.pc, "x", 1, -1, &ch), LK_OK);
    CHECK_EQ_INT(pair_negotiate(&a, &b, 0, 0), LK_OK);
    pair_pump(&a, &b);
    pair_pump(&b, &a);
    /* Checks and handshakes are in flight on both threads now. */
    CHECK_EQ_INT(lk_rtc_destroy(b.pc), LK_OK);
    b.pc = NULL;
    pair_pump(&a, NULL);
    CHECK_EQ_INT(lk_rtc_destroy(a.pc), LK_OK);
    pair_side_free(&a);
    pair_side_free(&b);
    h_notify_close(&n);
    CHECK_EQ_INT(h_count_dir("/proc/self/task"), tasks);
    CHECK_EQ_INT(h_count_dir("/proc/self/fd"), fds);
}

typedef struct destroy_probe {
    lk_rtc_t *pc;
    int calls;
    int rc;
} destroy_probe_t;

static void destroy_in_notify(lk_rtc_t *pc, void *user)
{
    destroy_probe_t *p = user;
    p->rc = lk_rtc_destroy(pc);
    __atomic_add_fetch(&p->calls, 1, __ATOMIC_SEQ_CST);
}

static void test_destroy_from_callback_refused(void)
{
    destroy_probe_t p = {NULL, 0, 1};
    lk_rtc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.loopback_only = 1;
    cfg.certificate = g_cert;
    cfg.notify = destroy_in_notify;
    cfg.user = &p;
    CHECK_EQ_INT(lk_rtc_create(&cfg, &p.pc), LK_OK);
    char sdp[4096];
    CHECK(lk_rtc_create_offer(p.pc, sdp, sizeof sdp) > 0);
    CHECK_EQ_INT(lk_rtc_set_local_description(p.pc, LK_RTC_SDP_OFFER, sdp), LK_OK);
    /* The candidate events make the thread call notify; wait for it by polling the state. */
    uint64_t end = h_now_ms() + 5000;
    while (__atomic_load_n(&p.calls, __ATOMIC_SEQ_CST) == 0 && h_now_ms() < end) {
        poll(NULL, 0, 5);
    }
    CHECK(p.calls >= 1);
    CHECK_EQ_INT(p.rc, LK_ERR_STATE);
    CHECK_EQ_INT(lk_rtc_destroy(p.pc), LK_OK);
}

static void test_event_buffer_too_small(void)
{
    lk_rtc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.loopback_only = 1;
    cfg.certificate = g_cert;
    lk_rtc_t *pc = NULL;
    CHECK_EQ_INT(lk_rtc_create(&cfg, &pc), LK_OK);
    lk_rtc_event_t ev;
    uint8_t buf[512];
    CHECK_EQ_INT(lk_rtc_poll_event(pc, &ev, buf, sizeof buf), LK_ERR_AGAIN);
    char sdp[4096];
    CHECK(lk_rtc_create_offer(pc, sdp, sizeof sdp) > 0);
    CHECK_EQ_INT(lk_rtc_set_local_description(pc, LK_RTC_SDP_OFFER, sdp), LK_OK);
    /* The host candidate is queued by set_local_description. */
    int rc = lk_rtc_poll_event(pc, &ev, buf, 4);
    CHECK_EQ_INT(rc, LK_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ_INT(ev.type, LK_RTC_EV_LOCAL_CANDIDATE);
    size_t need = ev.len;
    CHECK(need > 20);
    CHECK_EQ_INT(lk_rtc_poll_event(pc, &ev, buf, need - 1), LK_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ_INT(lk_rtc_poll_event(pc, &ev, buf, need), LK_OK);
    CHECK_EQ_INT(ev.type, LK_RTC_EV_LOCAL_CANDIDATE);
    CHECK_EQ_INT(ev.len + 1, need);
    CHECK(strncmp((const char *)buf, "candidate:", 10) == 0);
    CHECK(strstr((const char *)buf, " 127.0.0.1 ") != NULL);
    CHECK_EQ_INT(strlen((const char *)buf), ev.len);
    CHECK(strcmp(ev.mid, "0") == 0);
    CHECK_EQ_INT(lk_rtc_destroy(pc), LK_OK);
}

typedef struct audio_rx {
    int packets;
    int bad;
    uint16_t last_seq;
    uint32_t last_ts;
    int decoded_ok;
    OpusDecoder *dec;
} audio_rx_t;

static void on_audio(lk_rtc_t *pc, void *user, uint32_t ssrc, uint8_t pt, uint16_t seq, uint32_t ts,
                     const uint8_t *payload, size_t len)
{
    (void)pc;
    (void)ssrc;
    audio_rx_t *rx = user;
    if (rx->packets > 0 && (seq != (uint16_t)(rx->last_seq + 1) || ts != rx->last_ts + 960)) {
        rx->bad++;
    }
    rx->bad += pt != 111;
    rx->last_seq = seq;
    rx->last_ts = ts;
    opus_int16 pcm[960 * 2];
    rx->decoded_ok += opus_decode(rx->dec, payload, (opus_int32)len, pcm, 960, 0) == 960;
    __atomic_add_fetch(&rx->packets, 1, __ATOMIC_SEQ_CST);
}

/* Audio between two of ours: 50 Opus frames (20 ms, 48 kHz) go out as SRTP, arrive in order
 * with PT 111, consecutive sequence numbers and 960-sample timestamp steps, and decode. */
static void test_audio_between_ours(void)
{
    h_notify_t n;
    pair_side_t a, b;
    audio_rx_t rx;
    memset(&rx, 0, sizeof rx);
    int err = 0;
    rx.dec = opus_decoder_create(48000, 1, &err);
    OpusEncoder *enc = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &err);
    CHECK(rx.dec != NULL && enc != NULL);
    CHECK(h_notify_open(&n) == 0);
    CHECK(pair_side_init(&a, "A") == 0 && pair_side_init(&b, "B") == 0);
    CHECK_EQ_INT(pair_create(&a, g_cert, &n), LK_OK);
    lk_rtc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.loopback_only = 1;
    cfg.certificate = g_cert;
    cfg.notify = h_notify_cb;
    cfg.user = &n;
    CHECK_EQ_INT(lk_rtc_create(&cfg, &b.pc), LK_OK);
    CHECK_EQ_INT(lk_rtc_set_audio_sink(b.pc, on_audio, &rx), LK_OK);
    CHECK_EQ_INT(lk_rtc_add_audio_track(a.pc, LK_RTC_DIR_SENDONLY), 0);
    CHECK_EQ_INT(lk_rtc_add_audio_track(b.pc, LK_RTC_DIR_RECVONLY), 0);
    uint8_t frame[400];
    CHECK_EQ_INT(lk_rtc_send_audio(a.pc, frame, 10, 960), LK_ERR_STATE); /* not negotiated */
    CHECK_EQ_INT(pair_negotiate(&a, &b, 0, 0), LK_OK);
    CHECK(pair_drive(&a, &b, &n, 10000, pair_both_connected, NULL));
    CHECK_EQ_INT(lk_rtc_send_audio(b.pc, frame, 10, 960), LK_ERR_STATE); /* recvonly */
    int sent = 0;
    opus_int16 pcm[960];
    uint64_t end = h_now_ms() + 10000;
    while (sent < 50 && h_now_ms() < end) {
        for (int i = 0; i < 960; i++) {
            pcm[i] = (opus_int16)(8000.0 * ((i + sent * 960) % 109 < 55 ? 1 : -1));
        }
        int len = opus_encode(enc, pcm, 960, frame, sizeof frame);
        CHECK(len > 0);
        int rc = lk_rtc_send_audio(a.pc, frame, (size_t)len, 960);
        if (rc == LK_ERR_QUEUE_FULL) {
            poll(NULL, 0, 2);
            continue;
        }
        CHECK_EQ_INT(rc, LK_OK);
        sent++;
    }
    end = h_now_ms() + 5000;
    while (__atomic_load_n(&rx.packets, __ATOMIC_SEQ_CST) < 50 && h_now_ms() < end) {
        poll(NULL, 0, 5);
    }
    CHECK_EQ_INT(sent, 50);
    CHECK_EQ_INT(rx.packets, 50);
    CHECK_EQ_INT(rx.bad, 0);
    CHECK_EQ_INT(rx.decoded_ok, 50);
    CHECK_EQ_INT(lk_rtc_destroy(a.pc), LK_OK);
    CHECK_EQ_INT(lk_rtc_destroy(b.pc), LK_OK);
    pair_side_free(&a);
    pair_side_free(&b);
    h_notify_close(&n);
    opus_encoder_destroy(enc);
    opus_decoder_destroy(rx.dec);
}

static void test_stun_urls(void)
{
    lk_addr_t a;
    CHECK_EQ_INT(lk_pc_parse_stun_url("stun:192.0.2.1", &a), LK_OK);
    CHECK_EQ_INT(a.family, LK_ADDR_V4);
    CHECK_EQ_INT(a.port, 3478);
    CHECK_EQ_INT(lk_pc_parse_stun_url("stun:192.0.2.1:19302", &a), LK_OK);
    CHECK_EQ_INT(a.port, 19302);
    CHECK_EQ_INT(lk_pc_parse_stun_url("stun:192.0.2.1:3478?transport=udp", &a), LK_OK);
    CHECK_EQ_INT(a.port, 3478);
    CHECK_EQ_INT(lk_pc_parse_stun_url("stun:[2001:db8::1]:3479", &a), LK_OK);
    CHECK_EQ_INT(a.family, LK_ADDR_V6);
    CHECK_EQ_INT(a.port, 3479);
    CHECK_EQ_INT(lk_pc_parse_stun_url("stun:stun.example.org:3478", &a), LK_ERR_UNSUPPORTED);
    CHECK_EQ_INT(lk_pc_parse_stun_url("turn:192.0.2.1:3478", &a), LK_ERR_UNSUPPORTED);
    CHECK_EQ_INT(lk_pc_parse_stun_url("stuns:192.0.2.1:5349", &a), LK_ERR_UNSUPPORTED);
    CHECK_EQ_INT(lk_pc_parse_stun_url("http://192.0.2.1", &a), LK_ERR_MALFORMED);
    CHECK_EQ_INT(lk_pc_parse_stun_url("stun:192.0.2.1:99999", &a), LK_ERR_MALFORMED);
    CHECK_EQ_INT(lk_pc_parse_stun_url("stun:192.0.2.1:12ab", &a), LK_ERR_MALFORMED);
    CHECK_EQ_INT(lk_pc_parse_stun_url("stun:[2001:db8::1", &a), LK_ERR_MALFORMED);
    CHECK_EQ_INT(lk_pc_parse_stun_url(NULL, &a), LK_ERR_INVALID_ARG);
}

static void test_api_misuse(void)
{
    lk_rtc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.loopback_only = 1;
    cfg.certificate = g_cert;
    lk_rtc_t *pc = NULL;
    CHECK_EQ_INT(lk_rtc_create(NULL, &pc), LK_ERR_INVALID_ARG);
    const char *bad[] = {"10.1.2.3"};
    cfg.bind_addrs = bad;
    cfg.bind_addr_count = 1;
    CHECK_EQ_INT(lk_rtc_create(&cfg, &pc), LK_ERR_INVALID_ARG); /* not loopback */
    cfg.bind_addrs = NULL;
    cfg.bind_addr_count = 0;
    const char *stun[] = {"stun:127.0.0.1:3478", "turn:127.0.0.1"};
    cfg.ice_servers = stun;
    cfg.ice_server_count = 2;
    CHECK_EQ_INT(lk_rtc_create(&cfg, &pc), LK_OK);
    char sdp[4096];
    CHECK_EQ_INT(lk_rtc_create_answer(pc, sdp, sizeof sdp), LK_ERR_STATE);
    CHECK_EQ_INT(lk_rtc_set_remote_description(pc, LK_RTC_SDP_ANSWER, "v=0\r\n"), LK_ERR_STATE);
    CHECK_EQ_INT(lk_rtc_set_remote_description(pc, LK_RTC_SDP_OFFER, "nonsense"), LK_ERR_MALFORMED);
    CHECK_EQ_INT(lk_rtc_create_offer(pc, sdp, 16), LK_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ_INT(lk_rtc_set_local_description(pc, LK_RTC_SDP_ANSWER, "v=0\r\n"), LK_ERR_STATE);
    uint16_t id;
    char longlabel[300];
    memset(longlabel, 'a', sizeof longlabel - 1);
    longlabel[sizeof longlabel - 1] = 0;
    CHECK_EQ_INT(lk_rtc_create_data_channel(pc, longlabel, 1, -1, &id), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_rtc_create_data_channel(pc, "ok", 1, -1, &id), LK_OK);
    CHECK_EQ_INT(lk_rtc_send(pc, id, 1, (const uint8_t *)"x", 1), LK_ERR_STATE);
    CHECK_EQ_INT(lk_rtc_send(pc, 0x8000 | 9, 1, (const uint8_t *)"x", 1), LK_ERR_STATE);
    CHECK_EQ_INT(lk_rtc_close_channel(pc, id), LK_OK);
    CHECK_EQ_INT(lk_rtc_close_channel(pc, id), LK_ERR_NOT_FOUND);
    CHECK_EQ_INT(lk_rtc_add_audio_track(pc, (lk_rtc_direction_t)9), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_rtc_destroy(pc), LK_OK);
    CHECK_EQ_INT(lk_rtc_destroy(NULL), LK_OK);
    CHECK(strcmp(lk_rtc_conn_state_name(LK_RTC_CONN_CONNECTED), "connected") == 0);
    CHECK(strcmp(lk_rtc_event_type_name(LK_RTC_EV_MESSAGE), "message") == 0);
}

int main(void)
{
    if (lk_rtc_certificate_create(&g_cert) != LK_OK) {
        printf("certificate creation failed\n");
        return 1;
    }
    RUN_TEST(test_stun_urls);
    RUN_TEST(test_api_misuse);
    RUN_TEST(test_event_buffer_too_small);
    RUN_TEST(test_destroy_from_callback_refused);
    RUN_TEST(test_pair_connects_and_exchanges);
    RUN_TEST(test_fingerprint_mismatch_server_side);
    RUN_TEST(test_fingerprint_mismatch_client_side);
    RUN_TEST(test_destroy_while_connecting);
    RUN_TEST(test_backpressure_keeps_order);
    RUN_TEST(test_renegotiation_adds_audio);
    RUN_TEST(test_audio_between_ours);
    lk_rtc_certificate_destroy(g_cert);
    TEST_MAIN_END();
}
