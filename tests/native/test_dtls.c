/*
 * test_dtls.c - two of our DTLS endpoints in memory on a fake clock: handshake in both role
 * assignments, HelloVerify cookie, application data both ways, crosswise-equal SRTP keys that
 * work with lk_srtp, fingerprint mismatch refused on either side, lost flights retransmitted on
 * the RFC 6347 timer, handshake timeout, close_notify, certificate export/import, and garbage
 * input that must neither crash nor disturb an endpoint.
 */
#include "test_util.h"

#include "dtls.h"
#include "lk_error.h"
#include "srtp.h"

#include <stdint.h>
#include <stdlib.h>

static lk_dtls_cert_t *cert_a;
static lk_dtls_cert_t *cert_b;
static char fp_a[LK_DTLS_FINGERPRINT_LEN];
static char fp_b[LK_DTLS_FINGERPRINT_LEN];

/* A link that may drop datagrams: drop_mask bit k drops the k-th datagram in that direction. */
typedef struct link {
    uint64_t drop_mask;
    unsigned count;
    unsigned delivered;
} link_t;

/* Moves every queued datagram from src to dst (dropping as the link says). Returns how many
 * were moved or dropped. */
static int transfer(lk_dtls_t *src, lk_dtls_t *dst, link_t *l, uint64_t now)
{
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    int moved = 0;
    for (int i = 0; i < 64; i++) {
        int n = lk_dtls_poll_transmit(src, buf, sizeof buf);
        if (n <= 0) {
            break;
        }
        moved++;
        unsigned k = l->count++;
        if (k < 64 && (l->drop_mask >> k) & 1u) {
            continue;
        }
        l->delivered++;
        if (lk_dtls_state(dst) == LK_DTLS_STATE_HANDSHAKING || lk_dtls_state(dst) == LK_DTLS_STATE_CONNECTED) {
            lk_dtls_handle_input(dst, now, buf, (size_t)n);
        }
    }
    return moved;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* Runs both endpoints on a simulated clock until both are connected (or failed/closed) or
 * the clock passes limit_ms. Returns the simulated time reached. */
static uint64_t run(lk_dtls_t *a, lk_dtls_t *b, link_t *ab, link_t *ba, uint64_t now, uint64_t limit_ms)
{
    for (int iter = 0; iter < 10000 && now <= limit_ms; iter++) {
        int moved = transfer(a, b, ab, now) + transfer(b, a, ba, now);
        int a_done = lk_dtls_state(a) != LK_DTLS_STATE_HANDSHAKING;
        int b_done = lk_dtls_state(b) != LK_DTLS_STATE_HANDSHAKING;
        if (a_done && b_done && moved == 0) {
            break;
        }
        if (moved == 0) {
            uint64_t next = min_u64(lk_dtls_poll_timeout(a), lk_dtls_poll_timeout(b));
            if (next == UINT64_MAX) {
                break;
            }
            now = next > now ? next : now;
            lk_dtls_handle_timeout(a, now);
            lk_dtls_handle_timeout(b, now);
        }
    }
    return now;
}

static void make_pair(lk_dtls_t **client, lk_dtls_t **server, lk_dtls_cert_t *client_cert,
                      lk_dtls_cert_t *server_cert, const char *client_expects, const char *server_expects)
{
    CHECK_EQ_INT(lk_dtls_create(client, client_cert, LK_DTLS_ROLE_CLIENT, client_expects), 0);
    CHECK_EQ_INT(lk_dtls_create(server, server_cert, LK_DTLS_ROLE_SERVER, server_expects), 0);
}

static void check_connected_pair(lk_dtls_t *c, lk_dtls_t *s)
{
    CHECK_EQ_INT(lk_dtls_state(c), LK_DTLS_STATE_CONNECTED);
    CHECK_EQ_INT(lk_dtls_state(s), LK_DTLS_STATE_CONNECTED);
    lk_dtls_srtp_keys_t kc, ks;
    CHECK_EQ_INT(lk_dtls_srtp_keys(c, &kc), 0);
    CHECK_EQ_INT(lk_dtls_srtp_keys(s, &ks), 0);
    CHECK_MEM(kc.local_key, ks.remote_key, sizeof kc.local_key);
    CHECK_MEM(kc.local_salt, ks.remote_salt, sizeof kc.local_salt);
    CHECK_MEM(kc.remote_key, ks.local_key, sizeof kc.remote_key);
    CHECK_MEM(kc.remote_salt, ks.local_salt, sizeof kc.remote_salt);
    CHECK(memcmp(kc.local_key, kc.remote_key, sizeof kc.local_key) != 0);
}

/* Application data both ways: several records, sizes up to the maximum payload. */
static void exchange_app_data(lk_dtls_t *x, lk_dtls_t *y)
{
    size_t max = lk_dtls_max_app_payload(x);
    CHECK(max >= 1100 && max <= LK_DTLS_MTU);
    static uint8_t msg[LK_DTLS_MAX_DATAGRAM], got[LK_DTLS_MAX_DATAGRAM];
    const size_t sizes[4] = {1, 100, 1000, max};
    link_t l = {0, 0, 0};
    for (int dir = 0; dir < 2; dir++) {
        lk_dtls_t *from = dir ? y : x;
        lk_dtls_t *to = dir ? x : y;
        for (int i = 0; i < 4; i++) {
            for (size_t k = 0; k < sizes[i]; k++) {
                msg[k] = (uint8_t)(k * 7 + (size_t)i + (size_t)dir);
            }
            CHECK_EQ_INT(lk_dtls_send(from, msg, sizes[i]), (int)sizes[i]);
            transfer(from, to, &l, 0);
            int n = lk_dtls_poll_app_data(to, got, sizeof got);
            CHECK_EQ_INT(n, (int)sizes[i]);
            if (n == (int)sizes[i]) {
                CHECK_MEM(got, msg, sizes[i]);
            }
            CHECK_EQ_INT(lk_dtls_poll_app_data(to, got, sizeof got), 0);
        }
    }
    CHECK_EQ_INT(lk_dtls_send(x, msg, max + 1), LK_ERR_TOO_LARGE);
    /* Many records queued before draining: all arrive in order. */
    for (int i = 0; i < 5; i++) {
        msg[0] = (uint8_t)i;
        CHECK_EQ_INT(lk_dtls_send(x, msg, 200), 200);
    }
    transfer(x, y, &l, 0);
    for (int i = 0; i < 5; i++) {
        CHECK_EQ_INT(lk_dtls_poll_app_data(y, got, sizeof got), 200);
        CHECK_EQ_INT(got[0], i);
    }
}

static void handshake_roles(lk_dtls_cert_t *ccert, const char *cfp, lk_dtls_cert_t *scert, const char *sfp)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, ccert, scert, sfp, cfp);
    if (c == NULL || s == NULL) {
        return;
    }
    CHECK_EQ_INT(lk_dtls_start(s, 0), 0);
    CHECK_EQ_INT(lk_dtls_poll_timeout(s), UINT64_MAX); /* a server waits without a timer */
    CHECK_EQ_INT(lk_dtls_start(c, 0), 0);
    CHECK_EQ_INT(lk_dtls_start(c, 0), LK_ERR_STATE);
    CHECK_EQ_INT(lk_dtls_poll_timeout(c), LK_DTLS_RETRANSMIT_MIN_MS);
    /* The server answers the first ClientHello with a HelloVerifyRequest (RFC 6347 4.2.1). */
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    int n = lk_dtls_poll_transmit(c, buf, sizeof buf);
    CHECK(n > 25);
    CHECK_EQ_INT(buf[0], 22);  /* handshake */
    CHECK_EQ_INT(buf[13], 1);  /* client_hello */
    CHECK_EQ_INT(lk_dtls_handle_input(s, 1, buf, (size_t)n), 0);
    n = lk_dtls_poll_transmit(s, buf, sizeof buf);
    CHECK(n > 25);
    CHECK_EQ_INT(buf[13], 3);  /* hello_verify_request */
    CHECK_EQ_INT(lk_dtls_poll_transmit(s, buf + 0, 0), 0); /* nothing else: server is stateless */
    CHECK_EQ_INT(lk_dtls_handle_input(c, 2, buf, (size_t)n), 0);
    link_t ab = {0, 0, 0}, ba = {0, 0, 0};
    uint64_t t = run(c, s, &ab, &ba, 2, 5000);
    CHECK(t < 1000); /* no retransmission needed on a perfect link */
    check_connected_pair(c, s);
    CHECK_EQ_INT(lk_dtls_role(c), LK_DTLS_ROLE_CLIENT);
    CHECK_EQ_INT(lk_dtls_role(s), LK_DTLS_ROLE_SERVER);
    CHECK_EQ_INT(lk_dtls_poll_timeout(c), UINT64_MAX);
    CHECK_EQ_INT(lk_dtls_poll_timeout(s), UINT64_MAX);
    exchange_app_data(c, s);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

static void test_handshake_a_client(void)
{
    handshake_roles(cert_a, fp_a, cert_b, fp_b);
}

static void test_handshake_a_server(void)
{
    handshake_roles(cert_b, fp_b, cert_a, fp_a);
}

/* The exported keys protect real SRTP: client's local key -> server's remote key and back. */
static void test_srtp_with_exported_keys(void)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, cert_a, cert_b, fp_b, fp_a);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    link_t ab = {0, 0, 0}, ba = {0, 0, 0};
    run(c, s, &ab, &ba, 0, 5000);
    lk_dtls_srtp_keys_t kc, ks;
    CHECK_EQ_INT(lk_dtls_srtp_keys(c, &kc), 0);
    CHECK_EQ_INT(lk_dtls_srtp_keys(s, &ks), 0);
    lk_srtp_t *c_tx = NULL, *s_rx = NULL, *s_tx = NULL, *c_rx = NULL;
    CHECK_EQ_INT(lk_srtp_create(&c_tx, kc.local_key, kc.local_salt), 0);
    CHECK_EQ_INT(lk_srtp_create(&c_rx, kc.remote_key, kc.remote_salt), 0);
    CHECK_EQ_INT(lk_srtp_create(&s_tx, ks.local_key, ks.local_salt), 0);
    CHECK_EQ_INT(lk_srtp_create(&s_rx, ks.remote_key, ks.remote_salt), 0);
    uint8_t pkt[200] = {0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9};
    for (int i = 12; i < 100; i++) {
        pkt[i] = (uint8_t)i;
    }
    int n = lk_srtp_protect(c_tx, pkt, 100, sizeof pkt);
    CHECK_EQ_INT(lk_srtp_unprotect(s_rx, pkt, (size_t)n), 100);
    n = lk_srtp_protect(s_tx, pkt, 100, sizeof pkt);
    CHECK_EQ_INT(lk_srtp_unprotect(c_rx, pkt, (size_t)n), 100);
    CHECK_EQ_INT(pkt[50], 50);
    pkt[3] = 2; /* a new sequence number, so the replay check does not answer first */
    n = lk_srtp_protect(s_tx, pkt, 100, sizeof pkt);
    CHECK_EQ_INT(lk_srtp_unprotect(s_rx, pkt, (size_t)n), LK_ERR_AUTH); /* wrong direction */
    lk_srtp_destroy(c_tx);
    lk_srtp_destroy(c_rx);
    lk_srtp_destroy(s_tx);
    lk_srtp_destroy(s_rx);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

/* The client expects another fingerprint than the server's certificate has. */
static void test_fingerprint_mismatch_client(void)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, cert_a, cert_b, fp_a /* wrong: the server is b */, fp_a);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    link_t ab = {0, 0, 0}, ba = {0, 0, 0};
    run(c, s, &ab, &ba, 0, 200000);
    CHECK_EQ_INT(lk_dtls_state(c), LK_DTLS_STATE_FAILED);
    CHECK_EQ_INT(lk_dtls_error(c), LK_ERR_FINGERPRINT);
    CHECK(lk_dtls_state(s) != LK_DTLS_STATE_CONNECTED); /* the client's alert stops it */
    lk_dtls_srtp_keys_t k;
    CHECK_EQ_INT(lk_dtls_srtp_keys(c, &k), LK_ERR_STATE);
    uint8_t x[4] = {1, 2, 3, 4};
    CHECK_EQ_INT(lk_dtls_send(c, x, sizeof x), LK_ERR_STATE);
    CHECK_EQ_INT(lk_dtls_handle_input(c, 0, x, sizeof x), LK_ERR_STATE);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

/* The server expects another fingerprint than the client's certificate has. */
static void test_fingerprint_mismatch_server(void)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, cert_a, cert_b, fp_b, fp_b /* wrong: the client is a */);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    link_t ab = {0, 0, 0}, ba = {0, 0, 0};
    run(c, s, &ab, &ba, 0, 200000);
    CHECK_EQ_INT(lk_dtls_state(s), LK_DTLS_STATE_FAILED);
    CHECK_EQ_INT(lk_dtls_error(s), LK_ERR_FINGERPRINT);
    CHECK(lk_dtls_state(c) != LK_DTLS_STATE_CONNECTED);
    CHECK(strcmp(lk_strerror(lk_dtls_error(s)), "certificate fingerprint mismatch") == 0);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

/* Lost flights: the first ClientHello, the server's first real flight, and the server's final
 * flight (so the client must retransmit its Finished flight and the server answer it). */
static void lost_flights(uint64_t drop_client, uint64_t drop_server, uint64_t min_time)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, cert_a, cert_b, fp_b, fp_a);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    link_t ab = {drop_client, 0, 0}, ba = {drop_server, 0, 0};
    uint64_t t = run(c, s, &ab, &ba, 0, 100000);
    check_connected_pair(c, s);
    CHECK(t >= min_time);
    CHECK(t < min_time + 4000);
    exchange_app_data(c, s);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

static void test_retransmit_lost_client_hello(void)
{
    /* Client datagram 0 is the first ClientHello: resent when the 1 s timer fires. */
    lost_flights(0x1, 0, 1000);
}

static void test_retransmit_lost_server_flight(void)
{
    /* Server datagram 0 is the HelloVerifyRequest; 1.. the ServerHello flight. Dropping the
     * HelloVerifyRequest and then the first ServerHello flight costs 1 s + 2 s. */
    lost_flights(0, 0x3, 3000);
}

static void test_retransmit_lost_final_flight(void)
{
    /* Drop everything the server sends after its ServerHello flight once: the datagrams that
     * carry ChangeCipherSpec + Finished. The server's flight is datagram 1 (one datagram at
     * MTU 1200 with an ECDSA certificate), so its final flight is datagram 2. */
    lost_flights(0, 0x4, 1000);
}

/* Timer edges: nothing before the deadline, a retransmission at it; doubling; give up at max. */
static void test_timer_and_timeout(void)
{
    lk_dtls_t *c = NULL;
    CHECK_EQ_INT(lk_dtls_create(&c, cert_a, LK_DTLS_ROLE_CLIENT, fp_b), 0);
    if (c == NULL) {
        return;
    }
    uint8_t buf[LK_DTLS_MAX_DATAGRAM], first[LK_DTLS_MAX_DATAGRAM];
    CHECK_EQ_INT(lk_dtls_start(c, 10000), 0);
    int n0 = lk_dtls_poll_transmit(c, first, sizeof first);
    CHECK(n0 > 0);
    CHECK_EQ_INT(lk_dtls_poll_timeout(c), 11000);
    CHECK_EQ_INT(lk_dtls_handle_timeout(c, 10999), 0);
    CHECK_EQ_INT(lk_dtls_poll_transmit(c, buf, sizeof buf), 0);
    CHECK_EQ_INT(lk_dtls_handle_timeout(c, 11000), 0);
    int n1 = lk_dtls_poll_transmit(c, buf, sizeof buf);
    CHECK_EQ_INT(n1, n0);
    CHECK(n1 == n0 && memcmp(buf + 13, first + 13, (size_t)n0 - 13) == 0); /* same ClientHello */
    /* RFC 6347 4.2.4.1: the timer doubles: next deadline 2 s later. */
    CHECK_EQ_INT(lk_dtls_poll_timeout(c), 13000);
    uint64_t now = 11000;
    int retransmits = 1;
    for (int i = 0; i < 20 && lk_dtls_state(c) == LK_DTLS_STATE_HANDSHAKING; i++) {
        now = lk_dtls_poll_timeout(c);
        lk_dtls_handle_timeout(c, now);
        if (lk_dtls_poll_transmit(c, buf, sizeof buf) > 0) {
            retransmits++;
        }
    }
    CHECK_EQ_INT(lk_dtls_state(c), LK_DTLS_STATE_FAILED);
    CHECK_EQ_INT(lk_dtls_error(c), LK_ERR_TIMEOUT);
    /* Retransmissions after 1, 1+2, ..., 1+2+4+8+16+32 = 63 s; the next wait is capped at the
     * 60 s maximum, and when that expires the budget is spent: failure at 123 s. */
    CHECK_EQ_INT(retransmits, 6);
    CHECK_EQ_INT(now - 10000, 123000);
    CHECK_EQ_INT(lk_dtls_poll_timeout(c), UINT64_MAX);
    lk_dtls_destroy(c);
}

static void test_close_notify(void)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, cert_a, cert_b, fp_b, fp_a);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    link_t ab = {0, 0, 0}, ba = {0, 0, 0};
    run(c, s, &ab, &ba, 0, 5000);
    CHECK_EQ_INT(lk_dtls_close(c, 10), 0);
    CHECK_EQ_INT(lk_dtls_state(c), LK_DTLS_STATE_CLOSED);
    CHECK_EQ_INT(lk_dtls_close(c, 11), 0);
    transfer(c, s, &ab, 12);
    CHECK_EQ_INT(lk_dtls_state(s), LK_DTLS_STATE_CLOSED);
    CHECK_EQ_INT(lk_dtls_error(s), 0);
    uint8_t x[1] = {0};
    CHECK_EQ_INT(lk_dtls_send(c, x, 1), LK_ERR_STATE);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

static void test_cert_export_import(void)
{
    uint8_t blob[1024];
    int n = lk_dtls_cert_export(cert_a, blob, sizeof blob);
    CHECK(n > 100 && n < 1024);
    CHECK_EQ_INT(lk_dtls_cert_export(cert_a, blob, 50), LK_ERR_BUFFER_TOO_SMALL);
    lk_dtls_cert_t *copy = NULL;
    CHECK_EQ_INT(lk_dtls_cert_import(&copy, blob, (size_t)n), 0);
    char fp[LK_DTLS_FINGERPRINT_LEN];
    CHECK_EQ_INT(lk_dtls_cert_fingerprint(copy, fp, sizeof fp), 95);
    CHECK(strcmp(fp, fp_a) == 0);
    /* The imported certificate works in a handshake (its key signs). */
    if (copy != NULL) {
        handshake_roles(copy, fp_a, cert_b, fp_b);
    }
    lk_dtls_cert_free(copy);
    /* Damaged blobs are refused. */
    lk_dtls_cert_t *bad = NULL;
    CHECK_EQ_INT(lk_dtls_cert_import(&bad, blob, (size_t)n - 1), LK_ERR_MALFORMED);
    blob[10] ^= 0xff;
    CHECK(lk_dtls_cert_import(&bad, blob, (size_t)n) < 0);
    blob[10] ^= 0xff;
    /* Key of b with certificate of a: the pair check refuses it. */
    uint8_t blob_b[1024];
    int nb = lk_dtls_cert_export(cert_b, blob_b, sizeof blob_b);
    size_t crt_a = ((size_t)blob[0] << 8) | blob[1];
    size_t crt_b = ((size_t)blob_b[0] << 8) | blob_b[1];
    uint8_t mixed[1024];
    memcpy(mixed, blob, 2 + crt_a);
    memcpy(mixed + 2 + crt_a, blob_b + 2 + crt_b, (size_t)nb - 2 - crt_b);
    CHECK(lk_dtls_cert_import(&bad, mixed, 2 + crt_a + (size_t)nb - 2 - crt_b) < 0);
    CHECK(bad == NULL);
    CHECK_EQ_INT(lk_dtls_cert_import(&bad, blob, 3), LK_ERR_MALFORMED);
}

static void test_fingerprint_text(void)
{
    CHECK_EQ_INT((int)strlen(fp_a), 95);
    for (int i = 0; i < 95; i++) {
        CHECK((i % 3 == 2) ? fp_a[i] == ':' : ((fp_a[i] >= '0' && fp_a[i] <= '9') || (fp_a[i] >= 'A' && fp_a[i] <= 'F')));
    }
    CHECK(strcmp(fp_a, fp_b) != 0);
    char small[10];
    CHECK_EQ_INT(lk_dtls_cert_fingerprint(cert_a, small, sizeof small), LK_ERR_BUFFER_TOO_SMALL);
    /* Lower case is accepted (SDP hex is case-insensitive); malformed text is refused. */
    char lower[LK_DTLS_FINGERPRINT_LEN];
    for (int i = 0; i < LK_DTLS_FINGERPRINT_LEN; i++) {
        lower[i] = (fp_b[i] >= 'A' && fp_b[i] <= 'F') ? (char)(fp_b[i] + 32) : fp_b[i];
    }
    lk_dtls_t *d = NULL;
    CHECK_EQ_INT(lk_dtls_create(&d, cert_a, LK_DTLS_ROLE_CLIENT, lower), 0);
    lk_dtls_destroy(d);
    d = NULL;
    char truncated[LK_DTLS_FINGERPRINT_LEN];
    memcpy(truncated, fp_b, sizeof truncated);
    truncated[94] = '\0';
    CHECK_EQ_INT(lk_dtls_create(&d, cert_a, LK_DTLS_ROLE_CLIENT, truncated), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_dtls_create(&d, cert_a, LK_DTLS_ROLE_CLIENT, "AB:CD"), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_dtls_create(&d, cert_a, (lk_dtls_role_t)7, fp_b), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_dtls_create(&d, NULL, LK_DTLS_ROLE_CLIENT, fp_b), LK_ERR_INVALID_ARG);
    /* The fingerprint may come later, but before start. */
    CHECK_EQ_INT(lk_dtls_create(&d, cert_a, LK_DTLS_ROLE_SERVER, NULL), 0);
    CHECK_EQ_INT(lk_dtls_start(d, 0), LK_ERR_STATE);
    CHECK_EQ_INT(lk_dtls_set_remote_fingerprint(d, "nonsense"), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_dtls_set_remote_fingerprint(d, fp_b), 0);
    CHECK_EQ_INT(lk_dtls_start(d, 0), 0);
    CHECK_EQ_INT(lk_dtls_set_remote_fingerprint(d, fp_b), LK_ERR_STATE);
    lk_dtls_destroy(d);
}

static uint32_t rng_state = 0x9e3779b9u;
static uint32_t xorshift(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* Garbage, truncated and bit-flipped records into a fresh server, a handshaking client and a
 * connected pair: no crash, and the connected pair still works afterwards. */
static void test_garbage_input(void)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, cert_a, cert_b, fp_b, fp_a);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    uint8_t hello[LK_DTLS_MAX_DATAGRAM];
    int hn = lk_dtls_poll_transmit(c, hello, sizeof hello);
    CHECK(hn > 0);
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    for (int i = 0; i < 2000; i++) {
        size_t len = 1 + xorshift() % 300;
        if (i % 3 == 0 && hn > 0) {
            /* A mutated ClientHello. */
            len = (size_t)hn - (xorshift() % 20);
            memcpy(buf, hello, len);
            buf[xorshift() % len] ^= (uint8_t)(1u << (xorshift() % 8));
        } else {
            for (size_t k = 0; k < len; k++) {
                buf[k] = (uint8_t)xorshift();
            }
            buf[0] = (uint8_t)(20 + xorshift() % 4);
            if (len > 2) {
                buf[1] = 0xfe;
                buf[2] = 0xfd;
            }
        }
        lk_dtls_handle_input(s, 0, buf, len);
        while (lk_dtls_poll_transmit(s, buf, sizeof buf) > 0) {
        }
        lk_dtls_handle_input(c, 0, buf, len);
    }
    /* Whatever happened, both can be destroyed; a fresh pair still connects. */
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
    make_pair(&c, &s, cert_a, cert_b, fp_b, fp_a);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    link_t ab = {0, 0, 0}, ba = {0, 0, 0};
    run(c, s, &ab, &ba, 0, 5000);
    check_connected_pair(c, s);
    /* Connected: random records (right header, wrong MAC) are discarded silently. */
    for (int i = 0; i < 500; i++) {
        size_t len = 13 + xorshift() % 200;
        for (size_t k = 0; k < len; k++) {
            buf[k] = (uint8_t)xorshift();
        }
        buf[0] = 23;
        buf[1] = 0xfe;
        buf[2] = 0xfd;
        buf[3] = 0;
        buf[4] = 1; /* epoch 1 */
        buf[11] = (uint8_t)((len - 13) >> 8);
        buf[12] = (uint8_t)(len - 13);
        CHECK_EQ_INT(lk_dtls_handle_input(s, 0, buf, len), 0);
    }
    CHECK_EQ_INT(lk_dtls_state(s), LK_DTLS_STATE_CONNECTED);
    CHECK_EQ_INT(lk_dtls_poll_app_data(s, buf, sizeof buf), 0);
    exchange_app_data(c, s);
    CHECK_EQ_INT(lk_dtls_handle_input(s, 0, NULL, 5), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_dtls_handle_input(s, 0, buf, 0), LK_ERR_INVALID_ARG);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

/* A full TX queue refuses sends until drained; a full RX queue drops and counts. */
static void test_queue_bounds(void)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, cert_a, cert_b, fp_b, fp_a);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    link_t ab = {0, 0, 0}, ba = {0, 0, 0};
    run(c, s, &ab, &ba, 0, 5000);
    static uint8_t msg[1000], buf[LK_DTLS_MAX_DATAGRAM];
    memset(msg, 0x5a, sizeof msg);
    int sent = 0, full = 0;
    for (int i = 0; i < 100; i++) {
        int r = lk_dtls_send(c, msg, sizeof msg);
        if (r == LK_ERR_QUEUE_FULL) {
            full = 1;
            break;
        }
        CHECK_EQ_INT(r, (int)sizeof msg);
        sent++;
    }
    CHECK(full);
    CHECK(sent >= 6 && sent <= 8);
    transfer(c, s, &ab, 0); /* delivers all; s's RX FIFO (8 KB) takes what fits */
    int got = 0;
    while (lk_dtls_poll_app_data(s, buf, sizeof buf) > 0) {
        got++;
    }
    CHECK_EQ_INT((uint32_t)got + lk_dtls_rx_dropped(s), (uint32_t)sent);
    CHECK_EQ_INT(lk_dtls_send(c, msg, sizeof msg), (int)sizeof msg); /* room again */
    CHECK_EQ_INT(lk_dtls_poll_transmit(c, buf, 10), LK_ERR_BUFFER_TOO_SMALL);
    CHECK(lk_dtls_poll_transmit(c, buf, sizeof buf) > 1000);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

/* A replayed ClientHello (the one with the valid cookie) sent to a connected server must not
 * reset the connection (mbedTLS's client-port-reuse path would otherwise restart it). */
static void test_replayed_client_hello_ignored(void)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, cert_a, cert_b, fp_b, fp_a);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    uint8_t hello1[LK_DTLS_MAX_DATAGRAM], hello2[LK_DTLS_MAX_DATAGRAM], buf[LK_DTLS_MAX_DATAGRAM];
    int n1 = lk_dtls_poll_transmit(c, hello1, sizeof hello1);
    lk_dtls_handle_input(s, 0, hello1, (size_t)n1);
    int n = lk_dtls_poll_transmit(s, buf, sizeof buf); /* HelloVerifyRequest */
    lk_dtls_handle_input(c, 0, buf, (size_t)n);
    int n2 = lk_dtls_poll_transmit(c, hello2, sizeof hello2); /* ClientHello with cookie */
    CHECK(n2 > n1);
    lk_dtls_handle_input(s, 0, hello2, (size_t)n2);
    link_t ab = {0, 0, 0}, ba = {0, 0, 0};
    run(c, s, &ab, &ba, 0, 5000);
    check_connected_pair(c, s);
    lk_dtls_srtp_keys_t before, after;
    lk_dtls_srtp_keys(s, &before);
    CHECK_EQ_INT(lk_dtls_handle_input(s, 100, hello2, (size_t)n2), 0);
    CHECK_EQ_INT(lk_dtls_handle_input(s, 100, hello1, (size_t)n1), 0);
    CHECK_EQ_INT(lk_dtls_state(s), LK_DTLS_STATE_CONNECTED);
    CHECK_EQ_INT(lk_dtls_poll_transmit(s, buf, sizeof buf), 0); /* no HelloVerifyRequest either */
    CHECK_EQ_INT(lk_dtls_srtp_keys(s, &after), 0);
    CHECK_MEM(before.local_key, after.local_key, sizeof before.local_key);
    exchange_app_data(c, s);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

/* Forged plaintext alerts (epoch 0: fatal handshake_failure, and close_notify) must not end a
 * connection whose records are now protected under epoch 1. */
static void test_forged_plaintext_alerts_ignored(void)
{
    lk_dtls_t *c = NULL, *s = NULL;
    make_pair(&c, &s, cert_a, cert_b, fp_b, fp_a);
    lk_dtls_start(s, 0);
    lk_dtls_start(c, 0);
    link_t ab = {0, 0, 0}, ba = {0, 0, 0};
    run(c, s, &ab, &ba, 0, 5000);
    check_connected_pair(c, s);
    const uint8_t levels[2][2] = {{2, 40}, {1, 0}};
    for (int k = 0; k < 2; k++) {
        for (uint8_t seq = 0; seq < 20; seq++) {
            uint8_t alert[15] = {21, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, seq, 0, 2, levels[k][0], levels[k][1]};
            CHECK_EQ_INT(lk_dtls_handle_input(s, 10, alert, sizeof alert), 0);
            CHECK_EQ_INT(lk_dtls_handle_input(c, 10, alert, sizeof alert), 0);
        }
    }
    CHECK_EQ_INT(lk_dtls_state(s), LK_DTLS_STATE_CONNECTED);
    CHECK_EQ_INT(lk_dtls_state(c), LK_DTLS_STATE_CONNECTED);
    exchange_app_data(c, s);
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

/* ---- A lossy, duplicating, reordering link in simulated time ---- */

typedef struct flight_pkt {
    uint64_t due;
    size_t len;
    uint8_t data[LK_DTLS_MAX_DATAGRAM];
} flight_pkt_t;

typedef struct net_dir {
    flight_pkt_t pkts[64];
    int count;
} net_dir_t;

/* A 64-bit LCG, high half (xorshift32's low bits mod 10 correlated with the call pattern and
 * dropped one side's resends six times in a row). */
static uint64_t net_rng = 1;
static uint32_t net_next(void)
{
    net_rng = net_rng * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(net_rng >> 33);
}

/* Takes what src queued: 20 % dropped, 10 % duplicated, each copy delayed 5..80 ms. */
static void net_send(lk_dtls_t *src, net_dir_t *dir, uint64_t now)
{
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    int n;
    while ((n = lk_dtls_poll_transmit(src, buf, sizeof buf)) > 0) {
        int copies = net_next() % 10 < 2 ? 0 : (net_next() % 10 == 0 ? 2 : 1);
        for (int k = 0; k < copies && dir->count < 64; k++) {
            flight_pkt_t *p = &dir->pkts[dir->count++];
            p->due = now + 5 + net_next() % 76;
            p->len = (size_t)n;
            memcpy(p->data, buf, (size_t)n);
        }
    }
}

/* Delivers every packet due by now (in due order, so later-sent ones may overtake). */
static void net_deliver(net_dir_t *dir, lk_dtls_t *dst, uint64_t now)
{
    for (;;) {
        int best = -1;
        for (int i = 0; i < dir->count; i++) {
            if (dir->pkts[i].due <= now && (best < 0 || dir->pkts[i].due < dir->pkts[best].due)) {
                best = i;
            }
        }
        if (best < 0) {
            return;
        }
        flight_pkt_t p = dir->pkts[best];
        dir->pkts[best] = dir->pkts[--dir->count];
        if (lk_dtls_state(dst) == LK_DTLS_STATE_HANDSHAKING || lk_dtls_state(dst) == LK_DTLS_STATE_CONNECTED) {
            lk_dtls_handle_input(dst, now, p.data, p.len);
        }
    }
}

static uint64_t net_next_due(const net_dir_t *dir)
{
    uint64_t t = UINT64_MAX;
    for (int i = 0; i < dir->count; i++) {
        t = dir->pkts[i].due < t ? dir->pkts[i].due : t;
    }
    return t;
}

/* 40 handshakes, each over its own pseudo-random lossy link: all must connect with equal keys
 * (RFC 6347 4.2.4 retransmission, reordering and duplicate handling). */
static void test_lossy_reordering_link(void)
{
    static net_dir_t ab, ba;
    int connected = 0;
    uint64_t worst = 0;
    for (uint32_t seed = 1; seed <= 40; seed++) {
        net_rng = seed * 2654435761u;
        net_next();
        ab.count = 0;
        ba.count = 0;
        lk_dtls_t *c = NULL, *s = NULL;
        make_pair(&c, &s, cert_a, cert_b, fp_b, fp_a);
        uint64_t now = 0;
        lk_dtls_start(s, now);
        lk_dtls_start(c, now);
        for (int step = 0; step < 5000 && now < 120000; step++) {
            net_send(c, &ab, now);
            net_send(s, &ba, now);
            if (lk_dtls_state(c) == LK_DTLS_STATE_CONNECTED && lk_dtls_state(s) == LK_DTLS_STATE_CONNECTED &&
                ab.count == 0 && ba.count == 0) {
                break;
            }
            uint64_t next = net_next_due(&ab);
            uint64_t t = net_next_due(&ba);
            next = t < next ? t : next;
            t = lk_dtls_poll_timeout(c);
            next = t < next ? t : next;
            t = lk_dtls_poll_timeout(s);
            next = t < next ? t : next;
            if (next == UINT64_MAX) {
                break;
            }
            now = next > now ? next : now;
            net_deliver(&ab, s, now);
            net_deliver(&ba, c, now);
            lk_dtls_handle_timeout(c, now);
            lk_dtls_handle_timeout(s, now);
        }
        if (lk_dtls_state(c) == LK_DTLS_STATE_CONNECTED && lk_dtls_state(s) == LK_DTLS_STATE_CONNECTED) {
            lk_dtls_srtp_keys_t kc, ks;
            lk_dtls_srtp_keys(c, &kc);
            lk_dtls_srtp_keys(s, &ks);
            CHECK_MEM(kc.local_key, ks.remote_key, sizeof kc.local_key);
            connected++;
            worst = now > worst ? now : worst;
        } else {
            fprintf(stderr, "lossy seed %u: client %d (%d) server %d (%d) at %llu ms\n", seed,
                    lk_dtls_state(c), lk_dtls_error(c), lk_dtls_state(s), lk_dtls_error(s),
                    (unsigned long long)now);
        }
        lk_dtls_destroy(c);
        lk_dtls_destroy(s);
    }
    CHECK_EQ_INT(connected, 40);
    printf("lossy link: %d/40 handshakes connected, slowest after %llu simulated ms\n", connected,
           (unsigned long long)worst);
}

int main(void)
{
    if (lk_dtls_cert_create(&cert_a) != 0 || lk_dtls_cert_create(&cert_b) != 0) {
        fprintf(stderr, "certificate generation failed\n");
        return 1;
    }
    lk_dtls_cert_fingerprint(cert_a, fp_a, sizeof fp_a);
    lk_dtls_cert_fingerprint(cert_b, fp_b, sizeof fp_b);
    RUN_TEST(test_fingerprint_text);
    RUN_TEST(test_handshake_a_client);
    RUN_TEST(test_handshake_a_server);
    RUN_TEST(test_srtp_with_exported_keys);
    RUN_TEST(test_fingerprint_mismatch_client);
    RUN_TEST(test_fingerprint_mismatch_server);
    RUN_TEST(test_retransmit_lost_client_hello);
    RUN_TEST(test_retransmit_lost_server_flight);
    RUN_TEST(test_retransmit_lost_final_flight);
    RUN_TEST(test_timer_and_timeout);
    RUN_TEST(test_close_notify);
    RUN_TEST(test_cert_export_import);
    RUN_TEST(test_garbage_input);
    RUN_TEST(test_queue_bounds);
    RUN_TEST(test_replayed_client_hello_ignored);
    RUN_TEST(test_forged_plaintext_alerts_ignored);
    RUN_TEST(test_lossy_reordering_link);
    lk_dtls_cert_free(cert_a);
    lk_dtls_cert_free(cert_b);
    TEST_MAIN_END();
}
