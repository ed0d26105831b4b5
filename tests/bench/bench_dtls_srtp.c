/*
 * bench_dtls_srtp.c - figures for the DTLS and SRTP modules (prints, never fails on timing).
 *
 *   bench_dtls_srtp            SRTP protect/unprotect ns per packet and MB/s for 160 B and
 *                              1200 B payloads, ours beside libsrtp2 in the same run (ratio);
 *                              DTLS handshake time per role over N in-memory handshakes; heap
 *                              held by one connected endpoint.
 *   bench_dtls_srtp --one-handshake
 *                              exactly one in-memory handshake, every client-side call made
 *                              through bench_client_create()/bench_client_step() and every
 *                              server-side call through bench_server_create()/_step(), so that
 *       valgrind --tool=callgrind --callgrind-out-file=cg.out bench_dtls_srtp --one-handshake
 *       callgrind_annotate --inclusive=yes cg.out | grep bench_
 *                              gives the instructions each role spends (tests/suites/
 *                              91-bench-dtls-srtp.sh does this).
 *   bench_dtls_srtp --srtp-count PAYLOAD
 *                              512 packets each way through ours and libsrtp2 in separate
 *                              out-of-line functions (count_ours_protect, count_ref_protect, ...)
 *                              for callgrind: instructions per packet independent of load.
 * LK_BENCH_SCALE (default 1) multiplies the iteration counts.
 */
#define _DEFAULT_SOURCE
#include "dtls.h"
#include "lk_error.h"
#include "srtp.h"

#include <malloc.h>
#include <mbedtls/version.h>
#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 512

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static const uint8_t key[16] = {0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87,
                                0x98, 0xa9, 0xba, 0xcb, 0xdc, 0xed, 0xfe, 0x0f};
static const uint8_t salt[14] = {0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5, 0x06,
                                 0x17, 0x28, 0x39, 0x4a, 0x5b, 0x6c, 0x7d};

static srtp_t ref_session(int outbound)
{
    static uint8_t keysalt[30];
    memcpy(keysalt, key, 16);
    memcpy(keysalt + 16, salt, 14);
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    srtp_crypto_policy_set_rtp_default(&policy.rtp);
    srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = keysalt;
    policy.window_size = 128;
    srtp_t s = NULL;
    return srtp_create(&s, &policy) == srtp_err_status_ok ? s : NULL;
}

static void fill_batch(uint8_t (*pkts)[1300], int *lens, uint32_t first_seq, size_t payload)
{
    for (int i = 0; i < BATCH; i++) {
        uint16_t seq = (uint16_t)(first_seq + (uint32_t)i);
        uint8_t *p = pkts[i];
        p[0] = 0x80;
        p[1] = 111;
        p[2] = (uint8_t)(seq >> 8);
        p[3] = (uint8_t)seq;
        memset(p + 4, 0, 4);
        p[8] = 0xde;
        p[9] = 0xad;
        p[10] = 0xbe;
        p[11] = 0xef;
        memset(p + 12, (int)(i & 0xff), payload);
        lens[i] = (int)(12 + payload);
    }
}

typedef struct srtp_figures {
    double protect_ns;
    double unprotect_ns;
} srtp_figures_t;

static int bench_srtp(size_t payload, int batches, srtp_figures_t *ours, srtp_figures_t *ref)
{
    static uint8_t pkts[BATCH][1300];
    static int lens[BATCH];
    lk_srtp_t *tx = NULL, *rx = NULL;
    if (lk_srtp_create(&tx, key, salt) != 0 || lk_srtp_create(&rx, key, salt) != 0) {
        return -1;
    }
    srtp_t rtx = ref_session(1), rrx = ref_session(0);
    if (rtx == NULL || rrx == NULL) {
        return -1;
    }
    uint64_t t_op = 0, t_ou = 0, t_rp = 0, t_ru = 0;
    uint32_t seq = 1;
    for (int b = 0; b < batches; b++, seq += BATCH) {
        /* Ours. */
        fill_batch(pkts, lens, seq, payload);
        uint64_t t0 = now_ns();
        for (int i = 0; i < BATCH; i++) {
            lens[i] = lk_srtp_protect(tx, pkts[i], (size_t)lens[i], sizeof pkts[i]);
        }
        uint64_t t1 = now_ns();
        for (int i = 0; i < BATCH; i++) {
            if (lk_srtp_unprotect(rx, pkts[i], (size_t)lens[i]) != (int)(12 + payload)) {
                fprintf(stderr, "ours: unprotect failed\n");
                return -1;
            }
        }
        uint64_t t2 = now_ns();
        t_op += t1 - t0;
        t_ou += t2 - t1;
        /* libsrtp2, same packets. */
        fill_batch(pkts, lens, seq, payload);
        t0 = now_ns();
        for (int i = 0; i < BATCH; i++) {
            srtp_protect(rtx, pkts[i], &lens[i]);
        }
        t1 = now_ns();
        for (int i = 0; i < BATCH; i++) {
            if (srtp_unprotect(rrx, pkts[i], &lens[i]) != srtp_err_status_ok) {
                fprintf(stderr, "libsrtp2: unprotect failed\n");
                return -1;
            }
        }
        t2 = now_ns();
        t_rp += t1 - t0;
        t_ru += t2 - t1;
    }
    double n = (double)batches * BATCH;
    ours->protect_ns = (double)t_op / n;
    ours->unprotect_ns = (double)t_ou / n;
    ref->protect_ns = (double)t_rp / n;
    ref->unprotect_ns = (double)t_ru / n;
    lk_srtp_destroy(tx);
    lk_srtp_destroy(rx);
    srtp_dealloc(rtx);
    srtp_dealloc(rrx);
    return 0;
}

/* ---- SRTP under callgrind: fixed packet counts through distinct out-of-line functions ---- */

__attribute__((noinline)) static void count_ours_protect(lk_srtp_t *s, uint8_t (*p)[1300], int *lens)
{
    for (int i = 0; i < BATCH; i++) {
        lens[i] = lk_srtp_protect(s, p[i], (size_t)lens[i], sizeof p[i]);
    }
}

__attribute__((noinline)) static void count_ours_unprotect(lk_srtp_t *s, uint8_t (*p)[1300], int *lens)
{
    for (int i = 0; i < BATCH; i++) {
        lens[i] = lk_srtp_unprotect(s, p[i], (size_t)lens[i]);
    }
}

__attribute__((noinline)) static void count_ref_protect(srtp_t s, uint8_t (*p)[1300], int *lens)
{
    for (int i = 0; i < BATCH; i++) {
        srtp_protect(s, p[i], &lens[i]);
    }
}

__attribute__((noinline)) static void count_ref_unprotect(srtp_t s, uint8_t (*p)[1300], int *lens)
{
    for (int i = 0; i < BATCH; i++) {
        srtp_unprotect(s, p[i], &lens[i]);
    }
}

/* --srtp-count PAYLOAD: BATCH packets each way through ours and libsrtp2, so that callgrind's
 * inclusive count of count_* divided by BATCH is instructions per packet. */
static int srtp_count(size_t payload)
{
    static uint8_t pkts[BATCH][1300];
    static int lens[BATCH];
    lk_srtp_t *tx = NULL, *rx = NULL;
    srtp_t rtx = ref_session(1), rrx = ref_session(0);
    if (lk_srtp_create(&tx, key, salt) != 0 || lk_srtp_create(&rx, key, salt) != 0 || rtx == NULL ||
        rrx == NULL) {
        return 1;
    }
    fill_batch(pkts, lens, 1, payload);
    count_ours_protect(tx, pkts, lens);
    count_ours_unprotect(rx, pkts, lens);
    int ok = lens[BATCH - 1] == (int)(12 + payload);
    fill_batch(pkts, lens, 1, payload);
    count_ref_protect(rtx, pkts, lens);
    count_ref_unprotect(rrx, pkts, lens);
    ok = ok && lens[BATCH - 1] == (int)(12 + payload);
    printf("srtp count: %d packets of %zu B each way: %s\n", BATCH, payload, ok ? "ok" : "FAILED");
    lk_srtp_destroy(tx);
    lk_srtp_destroy(rx);
    srtp_dealloc(rtx);
    srtp_dealloc(rrx);
    return ok ? 0 : 1;
}

/* ---- DTLS ---- */

typedef struct role_clock {
    uint64_t ns;
} role_clock_t;

/* All work an endpoint does happens inside these functions (out of line, and made different
 * by their call counters so the compiler cannot fold client and server into one), so callgrind
 * attributes inclusive cost per role. */
static volatile unsigned client_calls;
static volatile unsigned server_calls;

__attribute__((noinline)) static int bench_client_step(lk_dtls_t *d, const uint8_t *in, size_t len,
                                                       uint8_t *out, size_t cap)
{
    client_calls++;
    if (in != NULL) {
        lk_dtls_handle_input(d, 0, in, len);
    }
    return lk_dtls_poll_transmit(d, out, cap);
}

__attribute__((noinline)) static int bench_server_step(lk_dtls_t *d, const uint8_t *in, size_t len,
                                                       uint8_t *out, size_t cap)
{
    server_calls += 2;
    if (in != NULL) {
        lk_dtls_handle_input(d, 0, in, len);
    }
    return lk_dtls_poll_transmit(d, out, cap);
}

__attribute__((noinline)) static int bench_client_create(lk_dtls_t **d, lk_dtls_cert_t *cert,
                                                         const char *fp)
{
    client_calls++;
    int rc = lk_dtls_create(d, cert, LK_DTLS_ROLE_CLIENT, fp);
    return rc == 0 ? lk_dtls_start(*d, 0) : rc;
}

__attribute__((noinline)) static int bench_server_create(lk_dtls_t **d, lk_dtls_cert_t *cert,
                                                         const char *fp)
{
    server_calls += 2;
    int rc = lk_dtls_create(d, cert, LK_DTLS_ROLE_SERVER, fp);
    return rc == 0 ? lk_dtls_start(*d, 0) : rc;
}

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks;
}

/* One handshake; adds the time each role spent to the clocks. Returns 0 when both connected. */
static int one_handshake(lk_dtls_cert_t *cc, const char *cfp, lk_dtls_cert_t *sc, const char *sfp,
                         role_clock_t *client, role_clock_t *server, size_t *heap_peak, size_t *heap_after)
{
    size_t base = heap_in_use();
    size_t peak = base;
    lk_dtls_t *c = NULL, *s = NULL;
    uint64_t t0 = now_ns();
    if (bench_client_create(&c, cc, sfp) != 0) {
        return -1;
    }
    uint64_t t1 = now_ns();
    if (bench_server_create(&s, sc, cfp) != 0) {
        return -1;
    }
    uint64_t t2 = now_ns();
    client->ns += t1 - t0;
    server->ns += t2 - t1;
    uint8_t a[LK_DTLS_MAX_DATAGRAM], b[LK_DTLS_MAX_DATAGRAM];
    for (int round = 0; round < 64; round++) {
        int moved = 0;
        int n;
        uint64_t ta = now_ns();
        while ((n = bench_client_step(c, NULL, 0, a, sizeof a)) > 0) {
            uint64_t tb = now_ns();
            client->ns += tb - ta;
            bench_server_step(s, a, (size_t)n, b, 0); /* input only: cap 0 pops nothing */
            ta = now_ns();
            server->ns += ta - tb;
            moved++;
        }
        client->ns += now_ns() - ta;
        size_t h = heap_in_use();
        peak = h > peak ? h : peak;
        ta = now_ns();
        while ((n = bench_server_step(s, NULL, 0, b, sizeof b)) > 0) {
            uint64_t tb = now_ns();
            server->ns += tb - ta;
            bench_client_step(c, b, (size_t)n, a, 0);
            ta = now_ns();
            client->ns += ta - tb;
            moved++;
        }
        server->ns += now_ns() - ta;
        h = heap_in_use();
        peak = h > peak ? h : peak;
        if (moved == 0) {
            break;
        }
    }
    int ok = lk_dtls_state(c) == LK_DTLS_STATE_CONNECTED && lk_dtls_state(s) == LK_DTLS_STATE_CONNECTED;
    if (heap_peak != NULL) {
        *heap_peak = peak - base;
    }
    if (heap_after != NULL) {
        *heap_after = heap_in_use() - base;
    }
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    int one = argc > 1 && strcmp(argv[1], "--one-handshake") == 0;
    if (argc > 2 && strcmp(argv[1], "--srtp-count") == 0) {
        if (srtp_init() != srtp_err_status_ok) {
            return 1;
        }
        int rc = srtp_count((size_t)atoi(argv[2]) > 1200 ? 1200 : (size_t)atoi(argv[2]));
        srtp_shutdown();
        return rc;
    }
    const char *scale_env = getenv("LK_BENCH_SCALE");
    int scale = scale_env != NULL && atoi(scale_env) > 0 ? atoi(scale_env) : 1;
    lk_dtls_cert_t *ca = NULL, *cb = NULL;
    uint64_t g0 = now_ns();
    if (lk_dtls_cert_create(&ca) != 0 || lk_dtls_cert_create(&cb) != 0) {
        fprintf(stderr, "certificate generation failed\n");
        return 1;
    }
    uint64_t g1 = now_ns();
    char fa[LK_DTLS_FINGERPRINT_LEN], fb[LK_DTLS_FINGERPRINT_LEN];
    lk_dtls_cert_fingerprint(ca, fa, sizeof fa);
    lk_dtls_cert_fingerprint(cb, fb, sizeof fb);
    if (one) {
        role_clock_t c = {0}, s = {0};
        int rc = one_handshake(ca, fa, cb, fb, &c, &s, NULL, NULL);
        printf("one handshake: %s\n", rc == 0 ? "connected" : "FAILED");
        lk_dtls_cert_free(ca);
        lk_dtls_cert_free(cb);
        return rc == 0 ? 0 : 1;
    }
    if (srtp_init() != srtp_err_status_ok) {
        return 1;
    }
    printf("SRTP AES128_CM_HMAC_SHA1_80, 12-byte header + payload, ours (mbedTLS %s) vs libsrtp2 (%s)\n",
           MBEDTLS_VERSION_STRING, srtp_get_version_string());
    printf("%-8s %-10s %12s %12s %8s %12s\n", "payload", "op", "ours ns/pkt", "libsrtp2", "ratio", "ours MB/s");
    const size_t payloads[2] = {160, 1200};
    int failed = 0;
    for (int i = 0; i < 2; i++) {
        srtp_figures_t ours, ref;
        int batches = (payloads[i] == 160 ? 200 : 60) * scale;
        if (bench_srtp(payloads[i], batches, &ours, &ref) != 0) {
            failed = 1;
            continue;
        }
        printf("%-8zu %-10s %12.0f %12.0f %8.2f %12.1f\n", payloads[i], "protect", ours.protect_ns,
               ref.protect_ns, ours.protect_ns / ref.protect_ns, (double)payloads[i] * 1e3 / ours.protect_ns);
        printf("%-8zu %-10s %12.0f %12.0f %8.2f %12.1f\n", payloads[i], "unprotect", ours.unprotect_ns,
               ref.unprotect_ns, ours.unprotect_ns / ref.unprotect_ns,
               (double)payloads[i] * 1e3 / ours.unprotect_ns);
    }
    printf("(ratio = ours / libsrtp2 time: below 1 means ours is faster)\n\n");
    int n = 30 * scale;
    role_clock_t c = {0}, s = {0};
    size_t peak = 0, after = 0;
    uint64_t h0 = now_ns();
    for (int i = 0; i < n; i++) {
        if (one_handshake(ca, fa, cb, fb, &c, &s, i == 0 ? &peak : NULL, i == 0 ? &after : NULL) != 0) {
            fprintf(stderr, "handshake %d failed\n", i);
            failed = 1;
            break;
        }
    }
    uint64_t h1 = now_ns();
    printf("DTLS 1.2 ECDHE-ECDSA-AES128-GCM-SHA256, X25519, P-256 certificates, mutual auth, HelloVerify cookie\n");
    printf("certificate generation: %.2f ms each\n", (double)(g1 - g0) / 2e6);
    printf("handshakes: %d in %.1f ms: %.0f us per handshake (both sides)\n", n, (double)(h1 - h0) / 1e6,
           (double)(h1 - h0) / 1e3 / n);
    printf("per role: client %.0f us, server %.0f us per handshake\n", (double)c.ns / 1e3 / n,
           (double)s.ns / 1e3 / n);
    printf("heap (glibc, both endpoints of one pair): peak during handshake %zu bytes, after connect %zu bytes\n",
           peak, after);
    lk_dtls_cert_free(ca);
    lk_dtls_cert_free(cb);
    srtp_shutdown();
    return failed;
}
