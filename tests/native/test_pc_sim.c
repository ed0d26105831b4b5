/*
 * test_pc_sim.c - two sans-I/O peer connections (pc.c, no port: no sockets, threads or clocks)
 * joined by an in-memory link in simulated time. Each step delivers every queued datagram to
 * the other side, then advances the clock to the earliest deadline. Deterministic and fast:
 * - connect, open a channel and exchange a message with 1 ms of link latency;
 * - audio for 20 simulated seconds: every frame arrives and sender reports flow (RFC 3550 6.2);
 * - the peer goes silent after connecting: ICE consent (RFC 7675) turns the connection
 *   disconnected, then failed with LK_ERR_TIMEOUT, without any wall-clock wait;
 * - the deadline always names the layer that set it.
 */
#include <stdlib.h>

#include "test_util.h"
#include "dtls.h"
#include "pc.h"

#define SIM_QUEUE 512
#define SIM_DGRAM 1500

typedef struct sim_dgram {
    uint64_t at;        /* delivery time */
    int to;             /* 0 = A, 1 = B */
    lk_addr_t from;
    size_t len;
    uint8_t data[SIM_DGRAM];
} sim_dgram_t;

typedef struct sim {
    lk_pc_t *pc[2];
    lk_addr_t addr[2];
    uint64_t now;
    uint32_t latency_ms;
    int mute[2];        /* 1: everything this side sends is lost */
    sim_dgram_t *q;
    size_t q_count;
    uint8_t evbuf[70000];
    /* what the event queues reported */
    int conn[2], conn_error[2], open[2];
    uint16_t chan[2];
    long messages[2];
    size_t last_len[2];
    int audio_rx;
    int stray_tx;       /* datagrams addressed to anyone but the other side */
} sim_t;

static void sim_audio(void *ctx, uint32_t ssrc, uint8_t pt, uint16_t seq, uint32_t ts,
                      const uint8_t *payload, size_t len)
{
    (void)ssrc; (void)seq; (void)ts; (void)payload; (void)len;
    sim_t *s = ctx;
    s->audio_rx += pt == 111;
}

static int sim_init(sim_t *s, const lk_dtls_cert_t *cert)
{
    memset(s, 0, sizeof *s);
    s->q = calloc(SIM_QUEUE, sizeof *s->q);
    s->now = 1000;
    s->latency_ms = 1;
    lk_addr_parse(&s->addr[0], "127.0.0.1", 9, 40000);
    lk_addr_parse(&s->addr[1], "127.0.0.1", 9, 40001);
    for (int i = 0; i < 2; i++) {
        lk_pc_config_t c;
        memset(&c, 0, sizeof c);
        c.cert = cert;
        c.loopback_only = 1;
        c.event_capacity = 256;
        if (i == 1) {
            c.on_audio = sim_audio;
            c.audio_ctx = s;
        }
        if (lk_pc_create(&c, s->now, &s->pc[i]) != LK_OK || lk_pc_add_local_address(s->pc[i], &s->addr[i]) != 0) {
            return -1;
        }
        s->conn[i] = -1;
    }
    return s->q != NULL ? 0 : -1;
}

static void sim_free(sim_t *s)
{
    lk_pc_destroy(s->pc[0]);
    lk_pc_destroy(s->pc[1]);
    free(s->q);
}

static void sim_events(sim_t *s, int i)
{
    lk_rtc_event_t ev;
    while (lk_pc_poll_event(s->pc[i], &ev, s->evbuf, sizeof s->evbuf) == LK_OK) {
        switch (ev.type) {
        case LK_RTC_EV_LOCAL_CANDIDATE:
            lk_pc_add_remote_candidate(s->pc[1 - i], s->now, ev.mid, (const char *)s->evbuf);
            break;
        case LK_RTC_EV_CONNECTION_STATE:
            s->conn[i] = ev.state;
            if (ev.error) s->conn_error[i] = ev.error;
            break;
        case LK_RTC_EV_CHANNEL_OPEN:
            s->open[i]++;
            s->chan[i] = ev.channel_id;
            break;
        case LK_RTC_EV_MESSAGE:
            s->messages[i]++;
            s->last_len[i] = ev.len;
            break;
        default:
            break;
        }
    }
}

/* Collects what both sides send (into the link), delivers what is due, runs due timers;
 * the clock advances at most to limit. */
static void sim_step_until(sim_t *s, uint64_t limit)
{
    for (int i = 0; i < 2; i++) {
        for (;;) {
            int local;
            lk_addr_t to;
            uint8_t buf[SIM_DGRAM];
            int n = lk_pc_poll_transmit(s->pc[i], s->now, buf, sizeof buf, &local, &to);
            if (n <= 0) {
                break;
            }
            if (!lk_addr_equal(&to, &s->addr[1 - i])) {
                s->stray_tx++;
                continue;
            }
            if (s->mute[i] || s->q_count >= SIM_QUEUE) {
                continue;
            }
            sim_dgram_t *d = &s->q[s->q_count++];
            d->at = s->now + s->latency_ms;
            d->to = 1 - i;
            d->from = s->addr[i];
            d->len = (size_t)n;
            memcpy(d->data, buf, (size_t)n);
        }
        sim_events(s, i);
    }
    /* Advance to the earliest of: a datagram's arrival, either side's deadline. */
    uint64_t next = UINT64_MAX;
    for (size_t k = 0; k < s->q_count; k++) {
        next = s->q[k].at < next ? s->q[k].at : next;
    }
    for (int i = 0; i < 2; i++) {
        uint64_t t = lk_pc_poll_timeout(s->pc[i]);
        next = t < next ? t : next;
    }
    if (next == UINT64_MAX) {
        next = s->now + 1000;
    }
    if (next > limit) {
        next = limit;
    }
    if (next > s->now) {
        s->now = next;
    }
    size_t keep = 0;
    for (size_t k = 0; k < s->q_count; k++) {
        if (s->q[k].at <= s->now) {
            lk_pc_handle_input(s->pc[s->q[k].to], s->now, 0, &s->q[k].from, s->q[k].data, s->q[k].len);
        } else {
            s->q[keep++] = s->q[k];
        }
    }
    s->q_count = keep;
    for (int i = 0; i < 2; i++) {
        if (lk_pc_poll_timeout(s->pc[i]) <= s->now) {
            lk_pc_handle_timeout(s->pc[i], s->now);
        }
        sim_events(s, i);
    }
}

static void sim_step(sim_t *s)
{
    sim_step_until(s, UINT64_MAX);
}

/* Offer from A, answer from B; the texts are kept in offer/answer when given. */
static int sim_negotiate_keep(sim_t *s, char *offer, char *answer, size_t cap)
{
    int rc = lk_pc_create_offer(s->pc[0], offer, cap);
    if (rc > 0) rc = lk_pc_set_local_description(s->pc[0], s->now, LK_RTC_SDP_OFFER, offer);
    if (rc >= 0) rc = lk_pc_set_remote_description(s->pc[1], s->now, LK_RTC_SDP_OFFER, offer);
    if (rc >= 0) rc = lk_pc_create_answer(s->pc[1], answer, cap);
    if (rc > 0) rc = lk_pc_set_local_description(s->pc[1], s->now, LK_RTC_SDP_ANSWER, answer);
    if (rc >= 0) rc = lk_pc_set_remote_description(s->pc[0], s->now, LK_RTC_SDP_ANSWER, answer);
    return rc;
}

static int sim_negotiate(sim_t *s)
{
    char sdp[8192];
    int rc = lk_pc_create_offer(s->pc[0], sdp, sizeof sdp);
    if (rc > 0) rc = lk_pc_set_local_description(s->pc[0], s->now, LK_RTC_SDP_OFFER, sdp);
    if (rc >= 0) rc = lk_pc_set_remote_description(s->pc[1], s->now, LK_RTC_SDP_OFFER, sdp);
    if (rc >= 0) rc = lk_pc_create_answer(s->pc[1], sdp, sizeof sdp);
    if (rc > 0) rc = lk_pc_set_local_description(s->pc[1], s->now, LK_RTC_SDP_ANSWER, sdp);
    if (rc >= 0) rc = lk_pc_set_remote_description(s->pc[0], s->now, LK_RTC_SDP_ANSWER, sdp);
    return rc;
}

/* Steps until cond or the simulated deadline; returns 1 when cond held. */
static int sim_until(sim_t *s, uint64_t sim_ms, int (*cond)(const sim_t *))
{
    uint64_t end = s->now + sim_ms;
    for (int guard = 0; guard < 200000 && s->now < end; guard++) {
        if (cond(s)) {
            return 1;
        }
        sim_step(s);
    }
    return cond(s);
}

static int c_connected(const sim_t *s)
{
    return s->conn[0] == LK_RTC_CONN_CONNECTED && s->conn[1] == LK_RTC_CONN_CONNECTED;
}

static int c_open(const sim_t *s)
{
    return s->open[0] > 0 && s->open[1] > 0;
}

static int c_message(const sim_t *s)
{
    return s->messages[1] > 0;
}

static int c_a_disconnected(const sim_t *s)
{
    return s->conn[0] == LK_RTC_CONN_DISCONNECTED;
}

static int c_a_failed(const sim_t *s)
{
    return s->conn[0] == LK_RTC_CONN_FAILED;
}

static int c_never(const sim_t *s)
{
    (void)s;
    return 0;
}

static lk_dtls_cert_t *g_cert;

static void ufrag_of(const char *sdp, char *out, size_t cap)
{
    const char *p = strstr(sdp, "a=ice-ufrag:");
    size_t n = 0;
    if (p != NULL) {
        p += 12;
        while (p[n] && p[n] != '\r' && p[n] != '\n' && n + 1 < cap) {
            out[n] = p[n];
            n++;
        }
    }
    out[n] = 0;
}

static int c_b_message2(const sim_t *s)
{
    return s->messages[1] >= 2;
}

/* lk_pc_restart_ice on a connected session: both sides get new credentials (the answerer
 * follows the restart offer), DTLS and SCTP continue, consent keeps working past 30 s. */
static void test_ice_restart_keeps_session(void)
{
    sim_t *s = malloc(sizeof *s);
    char *o1 = malloc(8192), *a1 = malloc(8192), *o2 = malloc(8192), *a2 = malloc(8192);
    char u[4][64];
    CHECK(sim_init(s, g_cert) == 0);
    uint16_t ch;
    CHECK_EQ_INT(lk_pc_create_data_channel(s->pc[0], s->now, "r", 1, -1, &ch), LK_OK);
    CHECK_EQ_INT(sim_negotiate_keep(s, o1, a1, 8192), LK_OK);
    CHECK(sim_until(s, 5000, c_open));
    CHECK_EQ_INT(lk_pc_restart_ice(s->pc[1]), LK_ERR_UNSUPPORTED); /* the answerer follows */
    CHECK_EQ_INT(lk_pc_restart_ice(s->pc[0]), LK_OK);
    CHECK_EQ_INT(sim_negotiate_keep(s, o2, a2, 8192), LK_OK);
    ufrag_of(o1, u[0], 64);
    ufrag_of(a1, u[1], 64);
    ufrag_of(o2, u[2], 64);
    ufrag_of(a2, u[3], 64);
    CHECK(u[0][0] && strcmp(u[0], u[2]) != 0);
    CHECK(u[1][0] && strcmp(u[1], u[3]) != 0);
    CHECK(sim_until(s, 40000, c_never) == 0);
    CHECK_EQ_INT(s->conn[0], LK_RTC_CONN_CONNECTED);
    CHECK_EQ_INT(s->conn[1], LK_RTC_CONN_CONNECTED);
    CHECK_EQ_INT(lk_pc_send(s->pc[0], s->now, ch, 1, (const uint8_t *)"after restart", 13), LK_OK);
    CHECK(sim_until(s, 5000, c_message));
    sim_free(s);
    free(s);
    free(o1); free(a1); free(o2); free(a2);
}

/* The resume primitive: the path dies until ICE fails on both sides (30 s), comes back, and an
 * ICE restart from the offerer brings the same DTLS/SCTP session back to connected. */
static void test_ice_restart_recovers_failed(void)
{
    sim_t *s = malloc(sizeof *s);
    char *o = malloc(8192), *a = malloc(8192);
    CHECK(sim_init(s, g_cert) == 0);
    uint16_t ch;
    CHECK_EQ_INT(lk_pc_create_data_channel(s->pc[0], s->now, "r", 1, -1, &ch), LK_OK);
    CHECK_EQ_INT(sim_negotiate_keep(s, o, a, 8192), LK_OK);
    CHECK(sim_until(s, 5000, c_open));
    CHECK_EQ_INT(lk_pc_send(s->pc[0], s->now, ch, 1, (const uint8_t *)"before", 6), LK_OK);
    CHECK(sim_until(s, 5000, c_message));
    s->mute[0] = s->mute[1] = 1;
    CHECK(sim_until(s, 60000, c_a_failed));
    CHECK_EQ_INT(s->conn_error[0], LK_ERR_TIMEOUT);
    s->mute[0] = s->mute[1] = 0;
    CHECK_EQ_INT(lk_pc_restart_ice(s->pc[0]), LK_OK);
    CHECK_EQ_INT(sim_negotiate_keep(s, o, a, 8192), LK_OK);
    CHECK(sim_until(s, 10000, c_connected));
    CHECK_EQ_INT(lk_pc_send(s->pc[0], s->now, ch, 1, (const uint8_t *)"after", 5), LK_OK);
    CHECK(sim_until(s, 10000, c_b_message2));
    CHECK_EQ_INT(s->last_len[1], 5);
    sim_free(s);
    free(s);
    free(o); free(a);
}

/* A ClientHello from an address that never passed STUN, arriving before ICE selected a pair,
 * must not make the DTLS server answer there (no latching onto unauthenticated sources). */
static void test_dtls_from_unknown_source_ignored(void)
{
    sim_t *s = malloc(sizeof *s);
    CHECK(sim_init(s, g_cert) == 0);
    uint16_t ch;
    CHECK_EQ_INT(lk_pc_create_data_channel(s->pc[0], s->now, "x", 1, -1, &ch), LK_OK);
    CHECK_EQ_INT(sim_negotiate(s), LK_OK); /* A offered: A is the DTLS server, armed now */
    lk_dtls_t *intruder = NULL;
    CHECK_EQ_INT(lk_dtls_create(&intruder, g_cert, LK_DTLS_ROLE_CLIENT,
                                "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00"),
                 LK_OK);
    CHECK_EQ_INT(lk_dtls_start(intruder, s->now), LK_OK);
    uint8_t hello[LK_DTLS_MAX_DATAGRAM];
    int n = lk_dtls_poll_transmit(intruder, hello, sizeof hello);
    CHECK(n > 0);
    lk_addr_t evil;
    lk_addr_parse(&evil, "127.0.0.9", 9, 9999);
    lk_pc_handle_input(s->pc[0], s->now, 0, &evil, hello, (size_t)n);
    int local;
    lk_addr_t to;
    uint8_t buf[SIM_DGRAM];
    int sent_to_evil = 0;
    while ((n = lk_pc_poll_transmit(s->pc[0], s->now, buf, sizeof buf, &local, &to)) > 0) {
        sent_to_evil += lk_addr_equal(&to, &evil);
    }
    CHECK_EQ_INT(sent_to_evil, 0);
    /* ... and the real peers still connect. */
    CHECK(sim_until(s, 5000, c_connected));
    CHECK_EQ_INT(s->stray_tx, 0);
    lk_dtls_destroy(intruder);
    sim_free(s);
    free(s);
}

static void test_connect_channel_message(void)
{
    sim_t *s = malloc(sizeof *s);
    CHECK(sim_init(s, g_cert) == 0);
    uint16_t ch;
    CHECK_EQ_INT(lk_pc_create_data_channel(s->pc[0], s->now, "sim", 1, -1, &ch), LK_OK);
    CHECK_EQ_INT(sim_negotiate(s), LK_OK);
    uint64_t t0 = s->now;
    CHECK(sim_until(s, 5000, c_connected));
    uint64_t t_conn = s->now - t0;
    CHECK(sim_until(s, 5000, c_open));
    CHECK_EQ_INT(lk_pc_send(s->pc[0], s->now, ch, 1, (const uint8_t *)"simulated", 9), LK_OK);
    CHECK(sim_until(s, 5000, c_message));
    CHECK_EQ_INT(s->last_len[1], 9);
    printf("simulated: connected after %llu ms, channel open after %llu ms (1 ms link)\n",
           (unsigned long long)t_conn, (unsigned long long)(s->now - t0));
    sim_free(s);
    free(s);
}

static void test_audio_and_sender_reports(void)
{
    sim_t *s = malloc(sizeof *s);
    CHECK(sim_init(s, g_cert) == 0);
    CHECK_EQ_INT(lk_pc_add_audio_track(s->pc[0], LK_RTC_DIR_SENDONLY), 0);
    CHECK_EQ_INT(lk_pc_add_audio_track(s->pc[1], LK_RTC_DIR_RECVONLY), 0);
    CHECK_EQ_INT(sim_negotiate(s), LK_OK);
    CHECK(sim_until(s, 5000, c_connected));
    /* 20 simulated seconds of 20 ms frames. */
    uint8_t frame[60];
    memset(frame, 0xf8, sizeof frame);
    int sent = 0, rtcp_reason_seen = 0;
    uint64_t end = s->now + 20000, next = s->now;
    while (s->now < end) {
        if (s->now >= next) {
            CHECK_EQ_INT(lk_pc_send_audio(s->pc[0], s->now, frame, sizeof frame, 960), LK_OK);
            sent++;
            next += 20;
        }
        (void)lk_pc_poll_timeout(s->pc[0]);
        rtcp_reason_seen |= lk_pc_timeout_reason(s->pc[0]) == LK_PC_TIMEOUT_RTCP;
        sim_step_until(s, next); /* never step past a frame time */
    }
    sim_until(s, 100, c_never);
    uint64_t tx = 0, rx = 0, rtcp = 0;
    lk_pc_rtp_counts(s->pc[0], &tx, NULL, NULL);
    lk_pc_rtp_counts(s->pc[1], NULL, &rx, &rtcp);
    CHECK_EQ_INT(tx, (uint64_t)sent);
    CHECK_EQ_INT(rx, (uint64_t)sent);
    CHECK_EQ_INT(s->audio_rx, sent);
    /* RFC 3550 6.2 / A.7: one report per randomised interval of 2.5..7.5 s (0.5..1.5 x 5 s):
     * the intervals are random, so in 20 s at least 2 (7.5 + 7.5 < 20) and at most 8. */
    CHECK(rtcp >= 2 && rtcp <= 8);
    CHECK(rtcp_reason_seen);
    printf("simulated: %d frames sent, %llu received, %llu sender reports in 20 s\n", sent,
           (unsigned long long)rx, (unsigned long long)rtcp);
    sim_free(s);
    free(s);
}

static void test_silent_peer_disconnects_then_fails(void)
{
    sim_t *s = malloc(sizeof *s);
    CHECK(sim_init(s, g_cert) == 0);
    uint16_t ch;
    CHECK_EQ_INT(lk_pc_create_data_channel(s->pc[0], s->now, "x", 1, -1, &ch), LK_OK);
    CHECK_EQ_INT(sim_negotiate(s), LK_OK);
    CHECK(sim_until(s, 5000, c_connected));
    s->mute[1] = 1; /* B's datagrams are lost from now on */
    uint64_t t0 = s->now;
    CHECK(sim_until(s, 60000, c_a_disconnected));
    uint64_t t_disc = s->now - t0;
    CHECK(sim_until(s, 60000, c_a_failed));
    uint64_t t_fail = s->now - t0;
    CHECK_EQ_INT(s->conn_error[0], LK_ERR_TIMEOUT);
    /* The ICE agent's defaults: disconnected after 10 s without a response, failed when consent
     * expires after 30 s (RFC 7675 5.1); allow for the check interval. */
    CHECK(t_disc >= 9000 && t_disc <= 16000);
    CHECK(t_fail >= 29000 && t_fail <= 36000);
    printf("simulated: silent peer -> disconnected after %llu ms, failed after %llu ms\n",
           (unsigned long long)t_disc, (unsigned long long)t_fail);
    sim_free(s);
    free(s);
}

int main(void)
{
    if (lk_dtls_cert_create(&g_cert) != LK_OK) {
        printf("certificate creation failed\n");
        return 1;
    }
    RUN_TEST(test_connect_channel_message);
    RUN_TEST(test_audio_and_sender_reports);
    RUN_TEST(test_silent_peer_disconnects_then_fails);
    RUN_TEST(test_dtls_from_unknown_source_ignored);
    RUN_TEST(test_ice_restart_keeps_session);
    RUN_TEST(test_ice_restart_recovers_failed);
    lk_dtls_cert_free(g_cert);
    TEST_MAIN_END();
}
