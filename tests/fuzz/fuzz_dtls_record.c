/*
 * fuzz_dtls_record.c - libFuzzer target: RFC 7983 demux + DTLS records into our endpoint.
 *
 * Input: byte 0 picks the mode.
 *   0 mod 3 / 1 mod 3 - one endpoint: a started server waiting for a ClientHello, or a started
 *       client that has sent its ClientHello and now reads "server" flights; then a sequence of
 *       datagrams, each a big-endian u16 length and that many bytes. Every datagram goes through
 *       lk_demux_classify; those classified as DTLS are fed to the endpoint, the simulated clock
 *       moves 700 ms per datagram so retransmission timers fire, and all output is drained.
 *   2 mod 3 - a real handshake between two of our endpoints with the datagrams in flight
 *       mutated: the input is a list of 4-byte edits (datagram number, u16 offset, value): value
 *       0 cuts the datagram at the offset, offset 0xffff drops it, anything else XORs the byte.
 *       This reaches every handshake state (cookies, certificates, key exchange, Finished). If
 *       both ends still connect, their SRTP keys must agree crosswise and data must cross.
 * The endpoints must never crash, leak or report a state outside their enum.
 */
#include "demux.h"
#include "dtls.h"
#include "lk_error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static lk_dtls_cert_t *fuzz_cert;
static char fuzz_fp[LK_DTLS_FINGERPRINT_LEN];
static lk_dtls_cert_t *fuzz_cert2;
static char fuzz_fp2[LK_DTLS_FINGERPRINT_LEN];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (lk_dtls_cert_create(&fuzz_cert) != 0 || lk_dtls_cert_create(&fuzz_cert2) != 0) {
        abort();
    }
    lk_dtls_cert_fingerprint(fuzz_cert2, fuzz_fp2, sizeof fuzz_fp2);
    /* The endpoint expects its own fingerprint from the peer: a fuzzer cannot produce a matching
     * certificate signature anyway, and the value only matters after the signature checks. */
    lk_dtls_cert_fingerprint(fuzz_cert, fuzz_fp, sizeof fuzz_fp);
    return 0;
}

static void drain(lk_dtls_t *d)
{
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    for (int i = 0; i < 256 && lk_dtls_poll_transmit(d, buf, sizeof buf) > 0; i++) {
    }
    for (int i = 0; i < 256 && lk_dtls_poll_app_data(d, buf, sizeof buf) > 0; i++) {
    }
}

typedef struct edits {
    const uint8_t *list; /* 4-byte entries */
    size_t count;
    unsigned seen;       /* datagrams passed so far (both directions) */
} edits_t;

/* Moves src's datagrams to dst, applying the edits. Returns how many were taken from src. */
static int pass_mutated(lk_dtls_t *src, lk_dtls_t *dst, edits_t *e, uint64_t now)
{
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    int moved = 0;
    for (int i = 0; i < 32; i++) {
        int n = lk_dtls_poll_transmit(src, buf, sizeof buf);
        if (n <= 0) {
            break;
        }
        moved++;
        size_t len = (size_t)n;
        int drop = 0;
        for (size_t k = 0; k < e->count; k++) {
            const uint8_t *m = e->list + 4 * k;
            if (m[0] != (uint8_t)e->seen) {
                continue;
            }
            size_t at = ((size_t)m[1] << 8) | m[2];
            if (at == 0xffff) {
                drop = 1;
            } else if (m[3] == 0) {
                len = at < len ? at : len;
            } else if (len > 0) {
                buf[at % len] ^= m[3];
            }
        }
        e->seen++;
        if (!drop && len > 0) {
            lk_dtls_handle_input(dst, now, buf, len);
        }
    }
    return moved;
}

static void mutated_handshake(const uint8_t *data, size_t size)
{
    lk_dtls_t *c = NULL, *s = NULL;
    if (lk_dtls_create(&c, fuzz_cert, LK_DTLS_ROLE_CLIENT, fuzz_fp2) != 0 ||
        lk_dtls_create(&s, fuzz_cert2, LK_DTLS_ROLE_SERVER, fuzz_fp) != 0) {
        abort();
    }
    edits_t e = {data, size / 4, 0};
    uint64_t now = 0;
    lk_dtls_start(s, now);
    lk_dtls_start(c, now);
    for (int round = 0; round < 40; round++) {
        int moved = pass_mutated(c, s, &e, now) + pass_mutated(s, c, &e, now);
        if (moved == 0) {
            uint64_t tc = lk_dtls_poll_timeout(c), ts = lk_dtls_poll_timeout(s);
            uint64_t next = tc < ts ? tc : ts;
            if (next == UINT64_MAX) {
                break;
            }
            now = next;
            lk_dtls_handle_timeout(c, now);
            lk_dtls_handle_timeout(s, now);
        }
    }
    if (lk_dtls_state(c) == LK_DTLS_STATE_CONNECTED && lk_dtls_state(s) == LK_DTLS_STATE_CONNECTED) {
        lk_dtls_srtp_keys_t kc, ks;
        if (lk_dtls_srtp_keys(c, &kc) != 0 || lk_dtls_srtp_keys(s, &ks) != 0 ||
            memcmp(kc.local_key, ks.remote_key, sizeof kc.local_key) != 0 ||
            memcmp(kc.remote_salt, ks.local_salt, sizeof kc.remote_salt) != 0) {
            abort(); /* connected with different keys */
        }
        static const uint8_t msg[5] = {'h', 'e', 'l', 'l', 'o'};
        uint8_t buf[LK_DTLS_MAX_DATAGRAM];
        edits_t none = {NULL, 0, 0};
        if (lk_dtls_send(c, msg, sizeof msg) != (int)sizeof msg) {
            abort();
        }
        pass_mutated(c, s, &none, now);
        if (lk_dtls_poll_app_data(s, buf, sizeof buf) != (int)sizeof msg || memcmp(buf, msg, sizeof msg) != 0) {
            abort(); /* the server may still miss the record only if it was lost: it was not */
        }
    }
    lk_dtls_destroy(c);
    lk_dtls_destroy(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    if (data[0] % 3 == 2) {
        mutated_handshake(data + 1, size - 1);
        return 0;
    }
    lk_dtls_role_t role = (data[0] % 3 == 1) ? LK_DTLS_ROLE_CLIENT : LK_DTLS_ROLE_SERVER;
    lk_dtls_t *d = NULL;
    if (lk_dtls_create(&d, fuzz_cert, role, fuzz_fp) != 0) {
        abort();
    }
    uint64_t now = 1000;
    if (lk_dtls_start(d, now) != 0) {
        abort();
    }
    drain(d);
    size_t off = 1;
    for (int n = 0; n < 64 && off + 2 <= size; n++) {
        size_t len = ((size_t)data[off] << 8) | data[off + 1];
        off += 2;
        if (len > size - off) {
            len = size - off;
        }
        const uint8_t *dgram = data + off;
        off += len;
        lk_demux_kind_t kind = lk_demux_classify(dgram, len);
        if (lk_demux_kind_name(kind) == NULL) {
            abort();
        }
        if (kind == LK_DEMUX_DTLS) {
            /* A private copy, so ASan sees reads past the datagram's end. */
            uint8_t *copy = malloc(len);
            if (copy == NULL) {
                abort();
            }
            memcpy(copy, dgram, len);
            int rc = lk_dtls_handle_input(d, now, copy, len);
            free(copy);
            if (rc > 0) {
                abort();
            }
        }
        drain(d);
        now += 700;
        lk_dtls_handle_timeout(d, now);
        drain(d);
        lk_dtls_state_t st = lk_dtls_state(d);
        if (st < LK_DTLS_STATE_NEW || st > LK_DTLS_STATE_FAILED) {
            abort();
        }
        if (st == LK_DTLS_STATE_CONNECTED) {
            abort(); /* impossible without a valid certificate signature: a real bug */
        }
    }
    lk_dtls_destroy(d);
    return 0;
}
