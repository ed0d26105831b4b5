/*
 * fuzz_sctp.c - libFuzzer target: SCTP packets and chunks into an association in every state,
 * plus the DCEP parser.
 *
 * Input: byte 0 picks the state of association A before the fuzzed packets arrive:
 *   0 CLOSED (passive)            1 COOKIE-WAIT (INIT sent)      2 COOKIE-ECHOED
 *   3 ESTABLISHED                 4 ESTABLISHED with two channels open and data in flight both
 *   ways (reassembly queue, ring of outstanding chunks, ordered/unordered/lossy streams)
 *   5 SHUTDOWN-PENDING with data outstanding         6 a stream reset in progress
 * A real peer B (another of our associations) is used to reach those states in memory.
 * Then a sequence of records: u8 flags | u16 length (big-endian) | bytes (an SCTP packet).
 *   flags bit 0: fix the common header (ports, A's verification tag, CRC32c) so the chunks
 *                reach the chunk parser; without it the raw header is fed (CRC/tag checks).
 *   flags bit 1: make the sequence numbers relative: DATA / FORWARD-TSN TSNs and RE-CONFIG
 *                request fields get B's initial TSN added, SACK cumulative TSNs and
 *                RE-CONFIG response sequence numbers A's, so small numbers hit live windows.
 *   flags bits 2-7: milliseconds x 64 to advance the clock before the packet (timers fire).
 * After each packet every output of A is drained and its timers run. The association must
 * never crash, leak, hang, or report a state outside its enum. The same bytes also go through
 * lk_dcep_parse_open.
 */
#include "crc32c.h"
#include "dcep.h"
#include "lk_error.h"
#include "sctp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct fz {
    uint64_t rng;
    uint64_t now;
    lk_sctp_t *a, *b;
    uint32_t a_tag, a_itsn, b_tag, b_itsn;
} fz_t;

static int fz_random(void *user, uint8_t *buf, size_t len)
{
    fz_t *f = (fz_t *)user;
    size_t i;
    for (i = 0; i < len; i++) {
        f->rng = f->rng * 6364136223846793005ull + 1442695040888963407ull;
        buf[i] = (uint8_t)(f->rng >> 56);
    }
    return 0;
}

static uint32_t rd32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Learns tags and initial TSNs from INIT / INIT-ACK packets. */
static void fz_learn(fz_t *f, int from_a, const uint8_t *p, size_t n)
{
    if (n < 32 || (p[12] != 1 && p[12] != 2)) {
        return;
    }
    if (from_a) {
        f->a_tag = rd32(p + 16);
        f->a_itsn = rd32(p + 28);
    } else {
        f->b_tag = rd32(p + 16);
        f->b_itsn = rd32(p + 28);
    }
}

/* Moves packets between A and B (no loss) until both are quiet, at most `rounds` rounds. */
static void fz_exchange(fz_t *f, int rounds, int deliver_to_a)
{
    uint8_t buf[1500];
    lk_sctp_event_t ev;
    int r, n, k;
    for (r = 0; r < rounds; r++) {
        int moved = 0;
        for (k = 0; k < 64 && (n = lk_sctp_poll_transmit(f->a, f->now, buf, sizeof buf)) > 0; k++) {
            fz_learn(f, 1, buf, (size_t)n);
            lk_sctp_handle_input(f->b, f->now, buf, (size_t)n);
            moved = 1;
        }
        for (k = 0; k < 64 && (n = lk_sctp_poll_transmit(f->b, f->now, buf, sizeof buf)) > 0; k++) {
            fz_learn(f, 0, buf, (size_t)n);
            if (deliver_to_a) {
                lk_sctp_handle_input(f->a, f->now, buf, (size_t)n);
            }
            moved = 1;
        }
        for (k = 0; k < 256 && lk_sctp_poll_event(f->a, &ev); k++) {
            moved = 1;
        }
        for (k = 0; k < 256 && lk_sctp_poll_event(f->b, &ev); k++) {
            moved = 1;
        }
        if (!moved) {
            break;
        }
        f->now += 5;
    }
}

static int fz_open(lk_sctp_t *s, const char *label, int ordered, int max_rtx)
{
    lk_sctp_channel_init_t ci;
    memset(&ci, 0, sizeof ci);
    ci.label = label;
    ci.ordered = ordered;
    ci.max_retransmits = max_rtx;
    ci.max_packet_life_ms = -1;
    ci.id = -1;
    return lk_sctp_channel_open(s, &ci);
}

static void fz_setup(fz_t *f, int mode)
{
    lk_sctp_config_t cfg;
    uint8_t big[3000];
    int ca, cb, i;
    memset(big, 0x5a, sizeof big);
    lk_sctp_config_init(&cfg);
    cfg.random = fz_random;
    cfg.random_user = f;
    cfg.dtls_client = 1;
    cfg.receive_window = 16384;
    cfg.send_buffer = 16384;
    lk_sctp_create(&f->a, &cfg);
    cfg.dtls_client = 0;
    lk_sctp_create(&f->b, &cfg);
    if (f->a == NULL || f->b == NULL) {
        return;
    }
    switch (mode) {
    case 0:
        lk_sctp_connect(f->b, f->now); /* learn B's tag/TSN; A stays passive-CLOSED */
        fz_exchange(f, 1, 0);
        break;
    case 1:
        lk_sctp_connect(f->a, f->now);
        fz_exchange(f, 1, 0);
        break;
    case 2:
        lk_sctp_connect(f->a, f->now);
        fz_exchange(f, 1, 1); /* A gets the INIT-ACK and sends COOKIE-ECHO; B's reply withheld */
        {
            uint8_t buf[1500];
            int n = lk_sctp_poll_transmit(f->a, f->now, buf, sizeof buf);
            (void)n;
        }
        break;
    default:
        lk_sctp_connect(f->a, f->now);
        fz_exchange(f, 8, 1);
        if (mode >= 4) {
            ca = fz_open(f->a, "r", 1, -1);
            cb = fz_open(f->b, "u", 0, 0);
            fz_exchange(f, 8, 1);
            for (i = 0; i < 6; i++) {
                if (ca >= 0) {
                    lk_sctp_channel_send(f->a, (uint16_t)ca, big, sizeof big, 1);
                }
                if (cb >= 0) {
                    lk_sctp_channel_send(f->b, (uint16_t)cb, big, 500, 1);
                }
            }
            /* B's packets are half delivered: A keeps outstanding data and a reassembly queue */
            fz_exchange(f, 1, 1);
            if (mode == 5) {
                lk_sctp_shutdown(f->a, f->now);
            } else if (mode == 6 && ca >= 0) {
                lk_sctp_channel_close(f->a, (uint16_t)ca);
            }
        }
        break;
    }
}

/* Adds base values to the sequence numbers of every chunk (flag bit 1). */
static void fz_relative(const fz_t *f, uint8_t *p, size_t n)
{
    size_t off = 12;
    while (off + 4 <= n) {
        uint8_t type = p[off];
        size_t clen = ((size_t)p[off + 2] << 8) | p[off + 3];
        if (clen < 4 || off + clen > n) {
            break;
        }
        if (type == 0 && clen >= 8) { /* DATA */
            wr32(p + off + 4, rd32(p + off + 4) + f->b_itsn);
        } else if (type == 3 && clen >= 8) { /* SACK */
            wr32(p + off + 4, rd32(p + off + 4) + f->a_itsn);
        } else if (type == 192 && clen >= 8) { /* FORWARD-TSN */
            wr32(p + off + 4, rd32(p + off + 4) + f->b_itsn);
        } else if (type == 130 && clen >= 16) { /* RE-CONFIG, first parameter */
            uint16_t pt = (uint16_t)((p[off + 4] << 8) | p[off + 5]);
            if (pt == 13 && clen >= 20) {
                wr32(p + off + 8, rd32(p + off + 8) + f->b_itsn);
                wr32(p + off + 12, rd32(p + off + 12) + f->a_itsn);
                wr32(p + off + 16, rd32(p + off + 16) + f->b_itsn);
            } else if (pt == 16) {
                wr32(p + off + 8, rd32(p + off + 8) + f->a_itsn);
            }
        }
        off += (clen + 3) & ~(size_t)3;
    }
}

static void fz_fix_header(const fz_t *f, uint8_t *p, size_t n)
{
    uint32_t c;
    if (n < 12) {
        return;
    }
    p[0] = 0x13;
    p[1] = 0x88;
    p[2] = 0x13;
    p[3] = 0x88;
    if (!(n > 12 && p[12] == 1)) {
        wr32(p + 4, f->a_tag);
    } else {
        wr32(p + 4, 0);
    }
    memset(p + 8, 0, 4);
    c = lk_crc32c(p, n);
    p[8] = (uint8_t)c;
    p[9] = (uint8_t)(c >> 8);
    p[10] = (uint8_t)(c >> 16);
    p[11] = (uint8_t)(c >> 24);
}

static void fz_drain_a(fz_t *f)
{
    uint8_t buf[1500];
    lk_sctp_event_t ev;
    int k;
    for (k = 0; k < 256 && lk_sctp_poll_transmit(f->a, f->now, buf, sizeof buf) > 0; k++) {
    }
    for (k = 0; k < 1024 && lk_sctp_poll_event(f->a, &ev) == 1; k++) {
        if (ev.type == LK_SCTP_EV_CHANNEL_MESSAGE && ev.len > 0 && ev.data == NULL) {
            abort();
        }
    }
    if (lk_sctp_poll_timeout(f->a) <= f->now) {
        lk_sctp_handle_timeout(f->a, f->now);
    }
    if ((int)lk_sctp_state(f->a) < 0 || (int)lk_sctp_state(f->a) > LK_SCTP_STATE_TERMINATED) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_t f;
    size_t off = 1;
    uint8_t pkt[4096];
    lk_dcep_open_t o;
    if (size > 0) {
        (void)lk_dcep_parse_open(data, size, &o);
    }
    if (size < 1) {
        return 0;
    }
    memset(&f, 0, sizeof f);
    f.rng = 0x1234;
    fz_setup(&f, data[0] % 7);
    if (f.a == NULL || f.b == NULL) {
        lk_sctp_destroy(f.a);
        lk_sctp_destroy(f.b);
        return 0;
    }
    while (off + 3 <= size) {
        uint8_t flags = data[off];
        size_t n = ((size_t)data[off + 1] << 8) | data[off + 2];
        off += 3;
        if (n > size - off) {
            n = size - off;
        }
        if (n > sizeof pkt) {
            n = sizeof pkt;
        }
        memcpy(pkt, data + off, n);
        off += n;
        f.now += (uint64_t)(flags >> 2) * 64;
        if (flags & 2) {
            fz_relative(&f, pkt, n);
        }
        if (flags & 1) {
            fz_fix_header(&f, pkt, n);
        }
        lk_sctp_handle_input(f.a, f.now, pkt, n);
        fz_drain_a(&f);
    }
    /* a long quiet period: every timer path (T1, T2, T3, reconfig, heartbeat, give-up) */
    {
        int k;
        for (k = 0; k < 64 && lk_sctp_poll_timeout(f.a) != UINT64_MAX; k++) {
            f.now = lk_sctp_poll_timeout(f.a) > f.now ? lk_sctp_poll_timeout(f.a) : f.now;
            lk_sctp_handle_timeout(f.a, f.now);
            fz_drain_a(&f);
        }
    }
    lk_sctp_destroy(f.a);
    lk_sctp_destroy(f.b);
    return 0;
}
