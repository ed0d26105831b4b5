/*
 * test_sctp.c - two lk_sctp associations in memory, in simulated time, over an emulated link
 * that can delay, drop, reorder and duplicate packets. Deterministic: a seeded PRNG drives the
 * link and the associations' random numbers; no sockets, no sleeps.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "lk_error.h"
#include "sctp.h"
#include "test_util.h"

#define SIM_MAX_PKT 1500
#define SIM_MAX_QUEUE 4096

typedef struct sim_pkt {
    uint64_t at;
    int to;
    size_t len;
    uint8_t data[SIM_MAX_PKT];
} sim_pkt_t;

typedef struct sim sim_t;
typedef void (*sim_event_fn)(sim_t *m, int who, const lk_sctp_event_t *ev);
typedef void (*sim_pump_fn)(sim_t *m);
typedef void (*sim_wire_fn)(sim_t *m, int from, const uint8_t *pkt, size_t len);

struct sim {
    lk_sctp_t *ep[2];
    uint64_t now;
    sim_pkt_t *q;
    size_t qn;
    uint64_t rng;
    int loss_pct, dup_pct, reorder_pct;
    uint32_t delay_ms, jitter_ms;
    int blackhole[2];           /* drop everything sent to this endpoint */
    sim_event_fn on_event;
    sim_pump_fn pump;
    sim_wire_fn wire;
    uint64_t (*pump_next)(sim_t *m); /* when the pump wants to run again (UINT64_MAX: never) */
    void *user;
    int connected[2];
    int terminated[2];
    int term_error[2];
    uint64_t delivered_pkts;
};

static uint32_t sim_rand(uint64_t *st)
{
    /* xorshift64* */
    uint64_t x = *st;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *st = x;
    return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

static int test_random(void *user, uint8_t *buf, size_t len)
{
    uint64_t *st = (uint64_t *)user;
    size_t i;
    for (i = 0; i < len; i++) {
        buf[i] = (uint8_t)sim_rand(st);
    }
    return 0;
}

static uint64_t g_seed_a = 0x1234567890abcdefull; /* test-local PRNG states (test file only) */
static uint64_t g_seed_b = 0x0fedcba987654321ull;

static lk_sctp_t *make_ep(int dtls_client, uint64_t *seed)
{
    lk_sctp_config_t cfg;
    lk_sctp_t *s = NULL;
    lk_sctp_config_init(&cfg);
    cfg.dtls_client = dtls_client;
    cfg.random = test_random;
    cfg.random_user = seed;
    if (lk_sctp_create(&s, &cfg) != 0) {
        return NULL;
    }
    return s;
}

static void sim_init(sim_t *m)
{
    memset(m, 0, sizeof(*m));
    m->q = (sim_pkt_t *)calloc(SIM_MAX_QUEUE, sizeof(sim_pkt_t));
    m->rng = 42;
    m->delay_ms = 5;
    m->ep[0] = make_ep(1, &g_seed_a);
    m->ep[1] = make_ep(0, &g_seed_b);
}

static void sim_free(sim_t *m)
{
    lk_sctp_destroy(m->ep[0]);
    lk_sctp_destroy(m->ep[1]);
    free(m->q);
}

static void link_push(sim_t *m, int to, const uint8_t *pkt, size_t len)
{
    sim_pkt_t *p;
    uint64_t at = m->now + m->delay_ms;
    if (m->blackhole[to] || m->qn >= SIM_MAX_QUEUE || len > SIM_MAX_PKT) {
        return;
    }
    if (m->loss_pct > 0 && (int)(sim_rand(&m->rng) % 100) < m->loss_pct) {
        return;
    }
    if (m->reorder_pct > 0 && m->jitter_ms > 0 && (int)(sim_rand(&m->rng) % 100) < m->reorder_pct) {
        at += 1 + sim_rand(&m->rng) % m->jitter_ms;
    }
    p = &m->q[m->qn++];
    p->at = at;
    p->to = to;
    p->len = len;
    memcpy(p->data, pkt, len);
    if (m->dup_pct > 0 && (int)(sim_rand(&m->rng) % 100) < m->dup_pct && m->qn < SIM_MAX_QUEUE) {
        sim_pkt_t *d = &m->q[m->qn++];
        *d = *p;
        d->at += 1 + sim_rand(&m->rng) % 3;
    }
}

/* Drains transmit and events of both endpoints until nothing moves. */
static void sim_drain(sim_t *m)
{
    int moved = 1, i, n;
    uint8_t buf[SIM_MAX_PKT];
    lk_sctp_event_t ev;
    while (moved) {
        moved = 0;
        if (m->pump != NULL) {
            m->pump(m);
        }
        for (i = 0; i < 2; i++) {
            if (m->ep[i] == NULL) {
                continue;
            }
            while ((n = lk_sctp_poll_transmit(m->ep[i], m->now, buf, sizeof(buf))) > 0) {
                if (m->wire != NULL) {
                    m->wire(m, i, buf, (size_t)n);
                }
                link_push(m, 1 - i, buf, (size_t)n);
                moved = 1;
            }
            while (m->ep[i] != NULL && lk_sctp_poll_event(m->ep[i], &ev)) {
                if (ev.type == LK_SCTP_EV_CONNECTED) {
                    m->connected[i] = 1;
                } else if (ev.type == LK_SCTP_EV_TERMINATED) {
                    m->terminated[i] = 1;
                    m->term_error[i] = ev.error;
                }
                if (m->on_event != NULL) {
                    m->on_event(m, i, &ev);
                }
                moved = 1;
            }
        }
    }
}

/* Runs until stop(m) is true or simulated time passes until_ms. Returns 1 when stopped. */
static int sim_run(sim_t *m, uint64_t until_ms, int (*stop)(sim_t *m))
{
    long iter;
    for (iter = 0; iter < 20000000L; iter++) {
        uint64_t next = UINT64_MAX;
        size_t k;
        int i;
        sim_drain(m);
        if (stop != NULL && stop(m)) {
            return 1;
        }
        for (i = 0; i < 2; i++) {
            if (m->ep[i] != NULL) {
                uint64_t t = lk_sctp_poll_timeout(m->ep[i]);
                if (t < next) {
                    next = t;
                }
            }
        }
        for (k = 0; k < m->qn; k++) {
            if (m->q[k].at < next) {
                next = m->q[k].at;
            }
        }
        if (m->pump_next != NULL) {
            uint64_t t = m->pump_next(m);
            if (t < next) {
                next = t > m->now ? t : m->now + 1;
            }
        }
        if (next == UINT64_MAX || next > until_ms) {
            m->now = until_ms;
            return stop != NULL ? stop(m) : 0;
        }
        if (next > m->now) {
            m->now = next;
        }
        /* deliver every packet due, in arrival-time order */
        for (;;) {
            size_t best = m->qn;
            for (k = 0; k < m->qn; k++) {
                if (m->q[k].at <= m->now && (best == m->qn || m->q[k].at < m->q[best].at)) {
                    best = k;
                }
            }
            if (best == m->qn) {
                break;
            }
            {
                sim_pkt_t p = m->q[best];
                m->q[best] = m->q[--m->qn];
                if (m->ep[p.to] != NULL) {
                    lk_sctp_handle_input(m->ep[p.to], m->now, p.data, p.len);
                    m->delivered_pkts++;
                }
            }
        }
        for (i = 0; i < 2; i++) {
            if (m->ep[i] != NULL && lk_sctp_poll_timeout(m->ep[i]) <= m->now) {
                lk_sctp_handle_timeout(m->ep[i], m->now);
            }
        }
    }
    return 0;
}

static int stop_both_connected(sim_t *m) { return m->connected[0] && m->connected[1]; }
static int stop_both_terminated(sim_t *m) { return m->terminated[0] && m->terminated[1]; }

/* ---- CRC32c ---- */

static uint32_t crc32c_bitwise(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++) {
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        }
    }
    return ~c;
}

static void test_crc32c(void)
{
    uint8_t buf[1000];
    uint64_t st = 7;
    size_t i;
    /* RFC 3720 B.4 test vector: 32 bytes of zeros -> 0x8A9136AA. */
    uint8_t zeros[32] = {0};
    CHECK_EQ_INT(lk_crc32c((const uint8_t *)"123456789", 9), 0xE3069283u);
    CHECK_EQ_INT(lk_crc32c(zeros, 32), 0x8A9136AAu);
    for (i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)sim_rand(&st);
    }
    for (i = 0; i < sizeof(buf); i += 37) {
        CHECK_EQ_INT(lk_crc32c(buf, i), crc32c_bitwise(buf, i));
    }
}

/* ---- Handshake ---- */

static void test_handshake_one_side(void)
{
    sim_t m;
    sim_init(&m);
    CHECK(m.ep[0] != NULL && m.ep[1] != NULL);
    CHECK_EQ_INT(lk_sctp_connect(m.ep[0], 0), 0);
    CHECK_EQ_INT(lk_sctp_connect(m.ep[0], 0), LK_ERR_STATE);
    CHECK(sim_run(&m, 10000, stop_both_connected));
    CHECK_EQ_INT(lk_sctp_state(m.ep[0]), LK_SCTP_STATE_ESTABLISHED);
    CHECK_EQ_INT(lk_sctp_state(m.ep[1]), LK_SCTP_STATE_ESTABLISHED);
    CHECK(m.now <= 30); /* four 5 ms flights */
    sim_free(&m);

    /* the other side (the DTLS server) initiates */
    sim_init(&m);
    CHECK_EQ_INT(lk_sctp_connect(m.ep[1], 0), 0);
    CHECK(sim_run(&m, 10000, stop_both_connected));
    sim_free(&m);
}

static void test_handshake_simultaneous(void)
{
    sim_t m;
    sim_init(&m);
    CHECK_EQ_INT(lk_sctp_connect(m.ep[0], 0), 0);
    CHECK_EQ_INT(lk_sctp_connect(m.ep[1], 0), 0);
    CHECK(sim_run(&m, 10000, stop_both_connected));
    CHECK_EQ_INT(lk_sctp_state(m.ep[0]), LK_SCTP_STATE_ESTABLISHED);
    CHECK_EQ_INT(lk_sctp_state(m.ep[1]), LK_SCTP_STATE_ESTABLISHED);
    sim_free(&m);
}

static void test_handshake_lossy(void)
{
    /* 30% loss: INIT / COOKIE-ECHO retransmissions bring it up anyway. */
    sim_t m;
    int seed;
    for (seed = 1; seed <= 5; seed++) {
        sim_init(&m);
        m.rng = (uint64_t)seed * 977;
        m.loss_pct = 30;
        CHECK_EQ_INT(lk_sctp_connect(m.ep[seed & 1], 0), 0);
        CHECK(sim_run(&m, 120000, stop_both_connected));
        sim_free(&m);
    }
}

/* Captures the INIT-ACK sent by ep[1] so the cookie can be forged or tampered with. */
static uint8_t g_last_pkt[SIM_MAX_PKT];
static size_t g_last_len;
static int g_count_inits;
static uint64_t g_init_times[32];

static void wire_capture(sim_t *m, int from, const uint8_t *pkt, size_t len)
{
    if (len > 12 && pkt[12] == 2 && from == 1) { /* INIT-ACK */
        memcpy(g_last_pkt, pkt, len);
        g_last_len = len;
    }
    if (len > 12 && pkt[12] == 1 && from == 0) { /* INIT */
        if (g_count_inits < 32) {
            g_init_times[g_count_inits] = m->now;
        }
        g_count_inits++;
    }
}

static void fix_crc(uint8_t *pkt, size_t len)
{
    uint32_t c;
    memset(pkt + 8, 0, 4);
    c = lk_crc32c(pkt, len);
    pkt[8] = (uint8_t)c;
    pkt[9] = (uint8_t)(c >> 8);
    pkt[10] = (uint8_t)(c >> 16);
    pkt[11] = (uint8_t)(c >> 24);
}

static void test_forged_cookie(void)
{
    sim_t m;
    uint8_t pkt[SIM_MAX_PKT], buf[SIM_MAX_PKT];
    size_t clen, off;
    uint32_t tag;
    sim_init(&m);
    m.wire = wire_capture;
    m.blackhole[0] = 1; /* the INIT-ACK is captured, never delivered */
    g_last_len = 0;
    lk_sctp_connect(m.ep[0], 0);
    sim_run(&m, 100, NULL);
    CHECK(g_last_len > 12 + 20);
    if (g_last_len <= 32) {
        sim_free(&m);
        return;
    }
    /* Find the state cookie parameter inside the INIT-ACK and build COOKIE-ECHO packets. */
    off = 12 + 4 + 16;
    clen = 0;
    while (off + 4 <= g_last_len) {
        uint16_t t = (uint16_t)((g_last_pkt[off] << 8) | g_last_pkt[off + 1]);
        uint16_t l = (uint16_t)((g_last_pkt[off + 2] << 8) | g_last_pkt[off + 3]);
        if (l < 4) {
            break;
        }
        if (t == 7) {
            clen = l - 4u;
            break;
        }
        off += (l + 3u) & ~3u;
    }
    CHECK(clen > 0);
    tag = ((uint32_t)g_last_pkt[16] << 24) | ((uint32_t)g_last_pkt[17] << 16) | ((uint32_t)g_last_pkt[18] << 8) |
          g_last_pkt[19]; /* the initiate tag of ep[1] */
    memcpy(pkt, g_last_pkt, 4);
    pkt[4] = (uint8_t)(tag >> 24);
    pkt[5] = (uint8_t)(tag >> 16);
    pkt[6] = (uint8_t)(tag >> 8);
    pkt[7] = (uint8_t)tag;
    /* ports reversed: the echo comes from ep[0] */
    pkt[0] = g_last_pkt[2];
    pkt[1] = g_last_pkt[3];
    pkt[2] = g_last_pkt[0];
    pkt[3] = g_last_pkt[1];
    pkt[12] = 10;
    pkt[13] = 0;
    pkt[14] = (uint8_t)((clen + 4) >> 8);
    pkt[15] = (uint8_t)(clen + 4);
    memcpy(pkt + 16, g_last_pkt + off + 4, clen);
    /* tampered: one bit of the cookie body flipped -> rejected, nothing sent, still CLOSED */
    pkt[16 + 20] ^= 1;
    fix_crc(pkt, 16 + clen);
    CHECK_EQ_INT(lk_sctp_handle_input(m.ep[1], m.now, pkt, 16 + clen), 0);
    CHECK_EQ_INT(lk_sctp_poll_transmit(m.ep[1], m.now, buf, sizeof(buf)), 0);
    CHECK_EQ_INT(lk_sctp_state(m.ep[1]), LK_SCTP_STATE_CLOSED);
    /* bad CRC -> dropped */
    pkt[16 + 20] ^= 1;
    pkt[9] ^= 0x55;
    CHECK_EQ_INT(lk_sctp_handle_input(m.ep[1], m.now, pkt, 16 + clen), LK_ERR_MALFORMED);
    CHECK_EQ_INT(lk_sctp_state(m.ep[1]), LK_SCTP_STATE_CLOSED);
    /* the genuine cookie -> ESTABLISHED, COOKIE-ACK sent */
    fix_crc(pkt, 16 + clen);
    CHECK_EQ_INT(lk_sctp_handle_input(m.ep[1], m.now, pkt, 16 + clen), 0);
    CHECK_EQ_INT(lk_sctp_state(m.ep[1]), LK_SCTP_STATE_ESTABLISHED);
    CHECK(lk_sctp_poll_transmit(m.ep[1], m.now, buf, sizeof(buf)) > 0);
    CHECK_EQ_INT(buf[12], 11);
    sim_free(&m);

    /* a stale cookie (older than Valid.Cookie.Life 60 s) is rejected */
    sim_init(&m);
    fix_crc(pkt, 16 + clen);
    lk_sctp_handle_input(m.ep[1], 61000, pkt, 16 + clen);
    CHECK_EQ_INT(lk_sctp_state(m.ep[1]), LK_SCTP_STATE_CLOSED);
    sim_free(&m);
}

/* ---- INIT backoff and reconnect ---- */

static void test_init_backoff(void)
{
    sim_t m;
    static const uint64_t expect[9] = {0, 1000, 3000, 7000, 15000, 31000, 63000, 123000, 183000};
    int i;
    sim_init(&m);
    m.wire = wire_capture;
    m.blackhole[1] = 1; /* the peer never hears us */
    g_count_inits = 0;
    lk_sctp_connect(m.ep[0], 0);
    sim_run(&m, 600000, NULL);
    /* RFC 9260 5.1: the first INIT plus Max.Init.Retransmits (8), the RTO doubling from 1 s and
     * capped at RTO.Max (60 s), then the association fails. */
    CHECK_EQ_INT(g_count_inits, 9);
    for (i = 0; i < 9 && i < g_count_inits; i++) {
        CHECK_EQ_INT(g_init_times[i], expect[i]);
    }
    CHECK(m.terminated[0]);
    CHECK_EQ_INT(m.term_error[0], LK_ERR_TIMEOUT);
    CHECK_EQ_INT(lk_sctp_poll_timeout(m.ep[0]), UINT64_MAX);
    sim_free(&m);
}

static void test_reconnect_no_init_flood(void)
{
    /* An established pair goes away (both sides destroyed, as a WebRTC reconnect does with its
     * new DTLS session); the new local association starts before the remote one exists. Its
     * INITs follow the T1 backoff (2 INITs in the 2.5 s the remote is missing), the remote
     * answers the next one, and the old associations send nothing more. */
    sim_t m;
    sim_init(&m);
    lk_sctp_connect(m.ep[0], 0);
    CHECK(sim_run(&m, 10000, stop_both_connected));
    lk_sctp_destroy(m.ep[0]);
    lk_sctp_destroy(m.ep[1]);
    m.qn = 0;
    m.ep[0] = make_ep(1, &g_seed_a);
    m.ep[1] = NULL;
    m.connected[0] = m.connected[1] = 0;
    m.wire = wire_capture;
    g_count_inits = 0;
    lk_sctp_connect(m.ep[0], m.now);
    sim_run(&m, m.now + 2500, NULL);
    CHECK_EQ_INT(g_count_inits, 2); /* at +0 s and +1 s; the next is due at +3 s */
    m.ep[1] = make_ep(0, &g_seed_b);
    CHECK(sim_run(&m, m.now + 20000, stop_both_connected));
    CHECK_EQ_INT(g_count_inits, 3);
    sim_free(&m);
}

/* ---- Bulk transfer ---- */

typedef struct bulk {
    int n_msgs;
    int sent[2], received[2];
    int bad;
    int ch[2];
    int open[2];
    int fixed_size;
} bulk_t;

static uint32_t hash32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

static size_t msg_size(int dir, int i)
{
    uint32_t h = hash32((uint32_t)i * 2u + (uint32_t)dir);
    if (i == 0) {
        return 1;
    }
    if (i == 1) {
        return 65536;
    }
    if (h % 10 == 0) {
        return 1 + hash32(h) % 65536;
    }
    return 1 + hash32(h) % 1200;
}

static void fill_msg(uint8_t *buf, size_t len, int dir, int i)
{
    size_t k;
    for (k = 0; k < len; k++) {
        buf[k] = (uint8_t)(i * 31 + dir * 7 + (int)k);
    }
}

static uint8_t g_msgbuf[65536];

static void bulk_pump(sim_t *m)
{
    bulk_t *b = (bulk_t *)m->user;
    int d;
    for (d = 0; d < 2; d++) {
        while (b->open[d] && b->sent[d] < b->n_msgs) {
            size_t len = b->fixed_size > 0 ? (size_t)b->fixed_size : msg_size(d, b->sent[d]);
            int rc;
            fill_msg(g_msgbuf, len, d, b->sent[d]);
            rc = lk_sctp_channel_send(m->ep[d], (uint16_t)b->ch[d], g_msgbuf, len, 1);
            if (rc == LK_ERR_QUEUE_FULL) {
                break;
            }
            if (rc != 0) {
                b->bad++;
                break;
            }
            b->sent[d]++;
        }
    }
}

static void bulk_event(sim_t *m, int who, const lk_sctp_event_t *ev)
{
    bulk_t *b = (bulk_t *)m->user;
    if (ev->type == LK_SCTP_EV_CHANNEL_OPEN) {
        b->open[who] = 1;
        b->ch[who] = ev->channel;
    } else if (ev->type == LK_SCTP_EV_CHANNEL_MESSAGE) {
        int from = 1 - who, i = b->received[who];
        size_t len = b->fixed_size > 0 ? (size_t)b->fixed_size : msg_size(from, i);
        if (ev->len != len || !ev->binary) {
            if (b->bad < 5) {
                fprintf(stderr, "message %d from %d: len %zu want %zu\n", i, from, ev->len, len);
            }
            b->bad++;
        } else {
            fill_msg(g_msgbuf, len, from, i);
            if (memcmp(g_msgbuf, ev->data, len) != 0) {
                if (b->bad < 5) {
                    fprintf(stderr, "message %d from %d: content differs\n", i, from);
                }
                b->bad++;
            }
        }
        b->received[who]++;
    }
}

static int stop_bulk_done(sim_t *m)
{
    bulk_t *b = (bulk_t *)m->user;
    return b->received[0] == b->n_msgs && b->received[1] == b->n_msgs;
}

static void run_bulk(int loss, int reorder, int dup, int n, uint64_t rng)
{
    sim_t m;
    bulk_t b;
    lk_sctp_channel_init_t ci;
    lk_sctp_stats_t st0, st1;
    memset(&b, 0, sizeof(b));
    b.n_msgs = n;
    sim_init(&m);
    m.rng = rng;
    m.user = &b;
    m.pump = bulk_pump;
    m.on_event = bulk_event;
    m.loss_pct = loss;
    m.reorder_pct = reorder;
    m.jitter_ms = 20;
    m.dup_pct = dup;
    memset(&ci, 0, sizeof(ci));
    ci.label = "_reliable";
    ci.ordered = 1;
    ci.max_retransmits = -1;
    ci.max_packet_life_ms = -1;
    ci.id = -1;
    CHECK_EQ_INT(lk_sctp_channel_open(m.ep[0], &ci), 0); /* DTLS client: even id */
    lk_sctp_connect(m.ep[0], 0);
    CHECK(sim_run(&m, 3600000, stop_bulk_done));
    CHECK_EQ_INT(b.bad, 0);
    CHECK_EQ_INT(b.received[0], n);
    CHECK_EQ_INT(b.received[1], n);
    lk_sctp_get_stats(m.ep[0], &st0);
    lk_sctp_get_stats(m.ep[1], &st1);
    if (loss > 0) {
        CHECK(st0.data_chunks_retransmitted > 0);
        CHECK(st0.fast_retransmits > 0);
    }
    if (dup > 0) {
        CHECK(st1.duplicate_tsns_received > 0);
    }
    printf("bulk loss=%d%% reorder=%d%% dup=%d%%: %d msgs each way in %.1f s simulated; A sent %llu chunks "
           "(%llu rtx, %llu fast, %llu T3), mem A %zu B %zu\n",
           loss, reorder, dup, n, (double)m.now / 1000.0, (unsigned long long)st0.data_chunks_sent,
           (unsigned long long)st0.data_chunks_retransmitted, (unsigned long long)st0.fast_retransmits,
           (unsigned long long)st0.t3_expirations, lk_sctp_memory(m.ep[0]), lk_sctp_memory(m.ep[1]));
    sim_free(&m);
}

static void test_bulk_clean(void) { run_bulk(0, 0, 0, 2000, 5); }
static void test_bulk_lossy_10000(void) { run_bulk(10, 10, 2, 10000, 11); }

/* ---- Lossy unordered channel: maxRetransmits 0 ---- */

typedef struct lossy {
    int ch;
    int open;
    int sent, received;
    int dup_seen;
    uint8_t seen[4000];
    int tsn_resent;
    uint32_t tsns[8192];
    int n_tsns;
    int fwd_seen;
} lossy_t;

static void lossy_wire(sim_t *m, int from, const uint8_t *pkt, size_t len)
{
    lossy_t *l = (lossy_t *)m->user;
    size_t off = 12;
    if (from != 0 || !l->open) {
        return;
    }
    while (off + 4 <= len) {
        uint16_t clen = (uint16_t)((pkt[off + 2] << 8) | pkt[off + 3]);
        if (clen < 4) {
            break;
        }
        if (pkt[off] == 0 && clen >= 16) {
            uint32_t tsn = ((uint32_t)pkt[off + 4] << 24) | ((uint32_t)pkt[off + 5] << 16) |
                           ((uint32_t)pkt[off + 6] << 8) | pkt[off + 7];
            uint16_t sid = (uint16_t)((pkt[off + 8] << 8) | pkt[off + 9]);
            int i;
            if (sid == l->ch) {
                for (i = 0; i < l->n_tsns; i++) {
                    if (l->tsns[i] == tsn) {
                        l->tsn_resent++;
                    }
                }
                if (l->n_tsns < 8192) {
                    l->tsns[l->n_tsns++] = tsn;
                }
                if (!(pkt[off + 1] & 0x04)) {
                    l->tsn_resent += 1000; /* must be unordered */
                }
            }
        } else if (pkt[off] == 192) {
            l->fwd_seen++;
        }
        off += (clen + 3u) & ~3u;
    }
}

static void lossy_event(sim_t *m, int who, const lk_sctp_event_t *ev)
{
    lossy_t *l = (lossy_t *)m->user;
    if (ev->type == LK_SCTP_EV_CHANNEL_OPEN && who == 0) {
        l->open = 1;
        l->ch = ev->channel;
    } else if (ev->type == LK_SCTP_EV_CHANNEL_OPEN && who == 1) {
        CHECK_EQ_INT(ev->remote, 1);
        CHECK_EQ_INT(ev->ordered, 0);
        CHECK_EQ_INT(ev->reliability_type, LK_SCTP_PARTIAL_REXMIT);
        CHECK_EQ_INT(ev->reliability, 0);
        CHECK(strcmp(ev->label, "_lossy") == 0);
    } else if (ev->type == LK_SCTP_EV_CHANNEL_MESSAGE && who == 1) {
        int idx = ev->len >= 2 ? (ev->data[0] << 8 | ev->data[1]) : -1;
        if (idx >= 0 && idx < 4000) {
            if (l->seen[idx]) {
                l->dup_seen++;
            }
            l->seen[idx] = 1;
        }
        l->received++;
    }
}

static void lossy_pump(sim_t *m)
{
    lossy_t *l = (lossy_t *)m->user;
    uint8_t msg[300];
    /* one message per millisecond of simulated time: 3000 messages */
    while (l->open && l->sent < 3000 && 50 + (uint64_t)l->sent <= m->now) {
        size_t len = 2 + (size_t)(l->sent * 13) % 290;
        memset(msg, 0xab, sizeof(msg));
        msg[0] = (uint8_t)(l->sent >> 8);
        msg[1] = (uint8_t)l->sent;
        if (lk_sctp_channel_send(m->ep[0], (uint16_t)l->ch, msg, len, 1) != 0) {
            break;
        }
        l->sent++;
    }
}

static uint64_t lossy_next(sim_t *m)
{
    lossy_t *l = (lossy_t *)m->user;
    return l->open && l->sent < 3000 ? 50 + (uint64_t)l->sent : UINT64_MAX;
}

static void test_lossy_unordered_no_rtx(void)
{
    sim_t m;
    lossy_t *l = (lossy_t *)calloc(1, sizeof(lossy_t));
    lk_sctp_channel_init_t ci;
    lk_sctp_stats_t st;
    sim_init(&m);
    m.user = l;
    m.on_event = lossy_event;
    m.wire = lossy_wire;
    m.pump = lossy_pump;
    m.pump_next = lossy_next;
    memset(&ci, 0, sizeof(ci));
    ci.label = "_lossy";
    ci.ordered = 0;
    ci.max_retransmits = 0;
    ci.max_packet_life_ms = -1;
    ci.id = -1;
    lk_sctp_connect(m.ep[0], 0);
    CHECK(sim_run(&m, 1000, stop_both_connected));
    CHECK_EQ_INT(lk_sctp_channel_open(m.ep[0], &ci), 0);
    CHECK(sim_run(&m, m.now + 1000, NULL) == 0 || 1);
    CHECK(l->open);
    m.loss_pct = 10;
    m.reorder_pct = 10;
    m.jitter_ms = 20;
    m.dup_pct = 2;
    sim_run(&m, m.now + 5000, NULL);
    m.loss_pct = 0;
    m.dup_pct = 0;
    sim_run(&m, m.now + 5000, NULL);
    CHECK_EQ_INT(l->sent, 3000);
    CHECK_EQ_INT(l->tsn_resent, 0);
    CHECK(l->fwd_seen > 0);
    CHECK_EQ_INT(l->dup_seen, 0);
    CHECK(l->received > 2500 && l->received < 3000);
    lk_sctp_get_stats(m.ep[0], &st);
    CHECK(st.chunks_abandoned > 0);
    CHECK(st.forward_tsns_sent > 0);
    printf("lossy: %d sent, %d received, %llu abandoned, %llu FORWARD-TSN, 0 retransmitted\n", l->sent, l->received,
           (unsigned long long)st.chunks_abandoned, (unsigned long long)st.forward_tsns_sent);
    /* The association is healthy afterwards: the send queue drained and nothing outstanding. */
    CHECK_EQ_INT(st.flight_size, 0);
    CHECK_EQ_INT(lk_sctp_state(m.ep[0]), LK_SCTP_STATE_ESTABLISHED);
    sim_free(&m);
    free(l);
}

/* ---- Channels: open from either side, empty messages, close by stream reset ---- */

typedef struct chs {
    int opened[2][8];
    int open_ids[2][8];
    int n_open[2];
    int closed[2];
    int closed_id[2];
    int msgs[2];
    int empty_bin, empty_text, text;
    int low[2];
} chs_t;

static void chs_event(sim_t *m, int who, const lk_sctp_event_t *ev)
{
    chs_t *c = (chs_t *)m->user;
    if (ev->type == LK_SCTP_EV_CHANNEL_OPEN && c->n_open[who] < 8) {
        c->open_ids[who][c->n_open[who]] = ev->channel;
        c->opened[who][c->n_open[who]++] = ev->remote;
    } else if (ev->type == LK_SCTP_EV_CHANNEL_CLOSED) {
        c->closed[who]++;
        c->closed_id[who] = ev->channel;
    } else if (ev->type == LK_SCTP_EV_CHANNEL_MESSAGE) {
        c->msgs[who]++;
        if (ev->len == 0 && ev->binary) {
            c->empty_bin++;
        } else if (ev->len == 0 && !ev->binary) {
            c->empty_text++;
        } else if (!ev->binary && ev->len == 5 && memcmp(ev->data, "hello", 5) == 0) {
            c->text++;
        }
    } else if (ev->type == LK_SCTP_EV_CHANNEL_BUFFERED_LOW) {
        c->low[who]++;
    }
}

static void test_channels_open_close(void)
{
    sim_t m;
    chs_t c;
    lk_sctp_channel_init_t ci;
    int a, b, a2;
    uint8_t big[70000];
    memset(&c, 0, sizeof(c));
    memset(big, 1, sizeof(big));
    sim_init(&m);
    m.user = &c;
    m.on_event = chs_event;
    lk_sctp_connect(m.ep[1], 0);
    CHECK(sim_run(&m, 1000, stop_both_connected));
    memset(&ci, 0, sizeof(ci));
    ci.label = "from-a";
    ci.protocol = "proto";
    ci.ordered = 1;
    ci.max_retransmits = -1;
    ci.max_packet_life_ms = -1;
    ci.id = -1;
    a = lk_sctp_channel_open(m.ep[0], &ci);
    CHECK_EQ_INT(a, 0);
    ci.label = "from-b";
    b = lk_sctp_channel_open(m.ep[1], &ci);
    CHECK_EQ_INT(b, 1); /* DTLS server: odd */
    ci.id = 4;
    CHECK_EQ_INT(lk_sctp_channel_open(m.ep[1], &ci), LK_ERR_INVALID_ARG); /* wrong parity */
    ci.id = -1;
    sim_run(&m, m.now + 1000, NULL);
    CHECK_EQ_INT(c.n_open[0], 2);
    CHECK_EQ_INT(c.n_open[1], 2);
    CHECK(lk_sctp_channel_is_open(m.ep[0], (uint16_t)a));
    CHECK(lk_sctp_channel_is_open(m.ep[0], (uint16_t)b));
    /* text, empty text, empty binary (PPIDs 51, 56, 57) */
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], (uint16_t)b, (const uint8_t *)"hello", 5, 0), 0);
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], (uint16_t)b, NULL, 0, 0), 0);
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], (uint16_t)b, NULL, 0, 1), 0);
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], (uint16_t)b, big, 65537, 1), LK_ERR_TOO_LARGE);
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], 99, big, 1, 1), LK_ERR_NOT_FOUND);
    /* buffered amount and the low-water event */
    CHECK_EQ_INT(lk_sctp_channel_set_buffered_low(m.ep[0], (uint16_t)a, 1000), 0);
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], (uint16_t)a, big, 65536, 1), 0);
    CHECK_EQ_INT(lk_sctp_channel_buffered_amount(m.ep[0], (uint16_t)a), 65536);
    sim_run(&m, m.now + 2000, NULL);
    CHECK_EQ_INT(lk_sctp_channel_buffered_amount(m.ep[0], (uint16_t)a), 0);
    CHECK_EQ_INT(c.low[0], 2); /* channel b (threshold 0) after "hello", channel a at 1000 */
    CHECK_EQ_INT(c.text, 1);
    CHECK_EQ_INT(c.empty_text, 1);
    CHECK_EQ_INT(c.empty_bin, 1);
    CHECK_EQ_INT(c.msgs[1], 4);
    /* close from A: both sides see CHANNEL_CLOSED for that id */
    CHECK_EQ_INT(lk_sctp_channel_close(m.ep[0], (uint16_t)a), 0);
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], (uint16_t)a, big, 1, 1), LK_ERR_STATE);
    sim_run(&m, m.now + 2000, NULL);
    CHECK_EQ_INT(c.closed[0], 1);
    CHECK_EQ_INT(c.closed[1], 1);
    CHECK_EQ_INT(c.closed_id[1], a);
    CHECK(!lk_sctp_channel_is_open(m.ep[1], (uint16_t)a));
    /* close from B (the remote side of channel b... b was opened by B: close it from A) */
    CHECK_EQ_INT(lk_sctp_channel_close(m.ep[0], (uint16_t)b), 0);
    sim_run(&m, m.now + 2000, NULL);
    CHECK_EQ_INT(c.closed[0], 2);
    CHECK_EQ_INT(c.closed[1], 2);
    /* the id is reused and the new channel works (SSNs restarted at 0 both ways) */
    ci.label = "again";
    a2 = lk_sctp_channel_open(m.ep[0], &ci);
    CHECK_EQ_INT(a2, 0);
    sim_run(&m, m.now + 1000, NULL);
    CHECK_EQ_INT(c.n_open[1], 3);
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[1], (uint16_t)a2, (const uint8_t *)"hello", 5, 0), 0);
    sim_run(&m, m.now + 1000, NULL);
    CHECK_EQ_INT(c.text, 2);
    /* close from the remote side of a2 (B) */
    CHECK_EQ_INT(lk_sctp_channel_close(m.ep[1], (uint16_t)a2), 0);
    sim_run(&m, m.now + 2000, NULL);
    CHECK_EQ_INT(c.closed[0], 3);
    CHECK_EQ_INT(c.closed[1], 3);
    sim_free(&m);
}

/* ---- SHUTDOWN and ABORT ---- */

static void test_shutdown_abort(void)
{
    sim_t m;
    chs_t c;
    lk_sctp_channel_init_t ci;
    uint8_t big[65536];
    int a;
    memset(&c, 0, sizeof(c));
    memset(big, 3, sizeof(big));
    sim_init(&m);
    m.user = &c;
    m.on_event = chs_event;
    lk_sctp_connect(m.ep[0], 0);
    CHECK(sim_run(&m, 1000, stop_both_connected));
    memset(&ci, 0, sizeof(ci));
    ci.ordered = 1;
    ci.max_retransmits = -1;
    ci.max_packet_life_ms = -1;
    ci.id = -1;
    a = lk_sctp_channel_open(m.ep[0], &ci);
    sim_run(&m, m.now + 500, NULL);
    /* queued data is still delivered before the SHUTDOWN completes */
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], (uint16_t)a, big, sizeof(big), 1), 0);
    CHECK_EQ_INT(lk_sctp_shutdown(m.ep[0], m.now), 0);
    CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], (uint16_t)a, big, 1, 1), LK_ERR_STATE);
    CHECK(sim_run(&m, m.now + 5000, stop_both_terminated));
    CHECK_EQ_INT(c.msgs[1], 1);
    CHECK_EQ_INT(m.term_error[0], 0);
    CHECK_EQ_INT(m.term_error[1], 0);
    CHECK_EQ_INT(c.closed[0], 1);
    CHECK_EQ_INT(c.closed[1], 1);
    CHECK_EQ_INT(lk_sctp_state(m.ep[1]), LK_SCTP_STATE_TERMINATED);
    sim_free(&m);

    /* ABORT from B: A terminates with LK_ERR_CLOSED */
    memset(&c, 0, sizeof(c));
    sim_init(&m);
    m.user = &c;
    m.on_event = chs_event;
    lk_sctp_connect(m.ep[0], 0);
    CHECK(sim_run(&m, 1000, stop_both_connected));
    CHECK_EQ_INT(lk_sctp_abort(m.ep[1], m.now), 0);
    CHECK(sim_run(&m, m.now + 1000, stop_both_terminated));
    CHECK_EQ_INT(m.term_error[0], LK_ERR_CLOSED);
    CHECK_EQ_INT(m.term_error[1], LK_ERR_CLOSED);
    sim_free(&m);

    /* a peer that disappears: retransmissions run out and the association times out */
    sim_init(&m);
    lk_sctp_connect(m.ep[0], 0);
    CHECK(sim_run(&m, 1000, stop_both_connected));
    memset(&ci, 0, sizeof(ci));
    ci.ordered = 1;
    ci.max_retransmits = -1;
    ci.max_packet_life_ms = -1;
    ci.id = -1;
    a = lk_sctp_channel_open(m.ep[0], &ci);
    m.blackhole[1] = 1;
    sim_run(&m, m.now + 3600000, NULL);
    CHECK(m.terminated[0]);
    CHECK_EQ_INT(m.term_error[0], LK_ERR_TIMEOUT);
    sim_free(&m);
}

static void test_heartbeat(void)
{
    sim_t m;
    lk_sctp_stats_t st;
    sim_init(&m);
    lk_sctp_connect(m.ep[0], 0);
    CHECK(sim_run(&m, 1000, stop_both_connected));
    /* idle for 5 minutes: heartbeats keep flowing, both stay up, RTT measured from them */
    sim_run(&m, m.now + 300000, NULL);
    CHECK_EQ_INT(lk_sctp_state(m.ep[0]), LK_SCTP_STATE_ESTABLISHED);
    CHECK_EQ_INT(lk_sctp_state(m.ep[1]), LK_SCTP_STATE_ESTABLISHED);
    lk_sctp_get_stats(m.ep[0], &st);
    CHECK(st.packets_sent >= 8);
    CHECK_EQ_INT(st.srtt_ms, 10);
    /* heartbeats unanswered: the association fails */
    m.blackhole[1] = 1;
    m.blackhole[0] = 1;
    sim_run(&m, m.now + 3600000, NULL);
    CHECK(m.terminated[0]);
    sim_free(&m);
}

/* ---- Partial reliability on an ordered channel and by lifetime ---- */

typedef struct prx {
    int ch_a;
    int open_a;
    int last_idx;       /* receiver: last index delivered (order check) */
    int received, out_of_order;
    int sent;
    int ordered;
} prx_t;

static void prx_event(sim_t *m, int who, const lk_sctp_event_t *ev)
{
    prx_t *p = (prx_t *)m->user;
    if (ev->type == LK_SCTP_EV_CHANNEL_OPEN && who == 0) {
        p->open_a = 1;
        p->ch_a = ev->channel;
    } else if (ev->type == LK_SCTP_EV_CHANNEL_MESSAGE && who == 1) {
        int idx = (ev->data[0] << 8) | ev->data[1];
        if (p->ordered && idx <= p->last_idx) {
            p->out_of_order++;
        }
        p->last_idx = idx;
        p->received++;
    }
}

static void prx_pump(sim_t *m)
{
    prx_t *p = (prx_t *)m->user;
    static uint8_t msg[3000];
    while (p->open_a && p->sent < 1000 && 100 + (uint64_t)p->sent * 2 <= m->now) {
        size_t len = 100 + (size_t)(p->sent * 37) % 2800; /* one to three chunks */
        memset(msg, 0x77, len);
        msg[0] = (uint8_t)(p->sent >> 8);
        msg[1] = (uint8_t)p->sent;
        if (lk_sctp_channel_send(m->ep[0], (uint16_t)p->ch_a, msg, len, 1) != 0) {
            break;
        }
        p->sent++;
    }
}

static uint64_t prx_next(sim_t *m)
{
    prx_t *p = (prx_t *)m->user;
    return p->open_a && p->sent < 1000 ? 100 + (uint64_t)p->sent * 2 : UINT64_MAX;
}

static void run_partial(int ordered, int max_rtx, int life_ms)
{
    sim_t m;
    prx_t p;
    lk_sctp_channel_init_t ci;
    lk_sctp_stats_t st;
    memset(&p, 0, sizeof p);
    p.last_idx = -1;
    p.ordered = ordered;
    sim_init(&m);
    m.user = &p;
    m.on_event = prx_event;
    m.pump = prx_pump;
    m.pump_next = prx_next;
    memset(&ci, 0, sizeof ci);
    ci.label = "pr";
    ci.ordered = ordered;
    ci.max_retransmits = max_rtx;
    ci.max_packet_life_ms = life_ms;
    ci.id = -1;
    lk_sctp_connect(m.ep[0], 0);
    CHECK(sim_run(&m, 1000, stop_both_connected));
    CHECK(lk_sctp_channel_open(m.ep[0], &ci) >= 0);
    sim_run(&m, m.now + 100, NULL);
    CHECK(p.open_a);
    m.loss_pct = 15;
    m.reorder_pct = 10;
    m.jitter_ms = 20;
    sim_run(&m, m.now + 4000, NULL);
    m.loss_pct = 0;
    m.reorder_pct = 0;
    sim_run(&m, m.now + 5000, NULL);
    lk_sctp_get_stats(m.ep[0], &st);
    CHECK_EQ_INT(p.sent, 1000);
    CHECK_EQ_INT(p.out_of_order, 0);
    CHECK(p.received < 1000);
    /* a 30 ms lifetime loses every message that waits out a 200 ms T3 stall */
    CHECK(p.received > (life_ms >= 0 ? 100 : 500));
    CHECK(st.chunks_abandoned > 0);
    CHECK(st.forward_tsns_sent > 0);
    CHECK_EQ_INT(st.flight_size, 0);
    if (max_rtx >= 0) {
        CHECK(st.data_chunks_retransmitted > 0 || max_rtx == 0);
    }
    printf("partial ordered=%d max_rtx=%d life=%d: %d of %d delivered%s, %llu abandoned, %llu FORWARD-TSN\n", ordered,
           max_rtx, life_ms, p.received, p.sent, ordered ? " in order" : "", (unsigned long long)st.chunks_abandoned,
           (unsigned long long)st.forward_tsns_sent);
    /* the channel still works: reliable delivery resumes with no loss */
    sim_free(&m);
}

/* Ordered + maxRetransmits 1: FORWARD-TSN must carry the stream/SSN so the receiver skips the
 * abandoned messages and keeps delivering in order. */
static void test_partial_ordered_rexmit(void) { run_partial(1, 1, -1); }
/* Unordered, lifetime 30 ms. */
static void test_partial_timed(void) { run_partial(0, -1, 30); }

/* ---- Closing a channel with data still in flight through a lossy link ---- */

static void test_close_with_data_in_flight(void)
{
    sim_t m;
    chs_t c;
    lk_sctp_channel_init_t ci;
    static uint8_t big[65536];
    int a, i;
    memset(&c, 0, sizeof c);
    memset(big, 9, sizeof big);
    sim_init(&m);
    m.user = &c;
    m.on_event = chs_event;
    lk_sctp_connect(m.ep[0], 0);
    CHECK(sim_run(&m, 1000, stop_both_connected));
    memset(&ci, 0, sizeof ci);
    ci.ordered = 1;
    ci.max_retransmits = -1;
    ci.max_packet_life_ms = -1;
    ci.id = -1;
    a = lk_sctp_channel_open(m.ep[0], &ci);
    sim_run(&m, m.now + 200, NULL);
    for (i = 0; i < 3; i++) {
        CHECK_EQ_INT(lk_sctp_channel_send(m.ep[0], (uint16_t)a, big, sizeof big, 1), 0);
    }
    m.loss_pct = 20;
    CHECK_EQ_INT(lk_sctp_channel_close(m.ep[0], (uint16_t)a), 0);
    /* at 20 % loss a retransmission timer may have backed off to several seconds */
    sim_run(&m, m.now + 60000, NULL);
    /* every message sent before the close arrives, then both sides see the close */
    CHECK_EQ_INT(c.msgs[1], 3);
    CHECK_EQ_INT(c.closed[0], 1);
    CHECK_EQ_INT(c.closed[1], 1);
    sim_free(&m);
}

int main(void)
{
    RUN_TEST(test_crc32c);
    RUN_TEST(test_handshake_one_side);
    RUN_TEST(test_handshake_simultaneous);
    RUN_TEST(test_handshake_lossy);
    RUN_TEST(test_forged_cookie);
    RUN_TEST(test_init_backoff);
    RUN_TEST(test_reconnect_no_init_flood);
    RUN_TEST(test_channels_open_close);
    RUN_TEST(test_shutdown_abort);
    RUN_TEST(test_heartbeat);
    RUN_TEST(test_lossy_unordered_no_rtx);
    RUN_TEST(test_partial_ordered_rexmit);
    RUN_TEST(test_partial_timed);
    RUN_TEST(test_close_with_data_in_flight);
    RUN_TEST(test_bulk_clean);
    RUN_TEST(test_bulk_lossy_10000);
    TEST_MAIN_END();
}
