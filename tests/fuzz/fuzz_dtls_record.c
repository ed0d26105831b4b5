/*
 * fuzz_dtls_record.c - libFuzzer target: RFC 7983 demux + DTLS records into our endpoint.
 *
 * Input: byte 0 picks the endpoint (even: a started server waiting for a ClientHello; odd: a
 * started client that has sent its ClientHello and now reads "server" flights), then a sequence
 * of datagrams, each a big-endian u16 length and that many bytes. Every datagram goes through
 * lk_demux_classify; those classified as DTLS are fed to the endpoint, the simulated clock moves
 * 700 ms per datagram so retransmission timers fire, and all output is drained. The endpoint must
 * never crash, leak or report a state outside its enum.
 */
#include "demux.h"
#include "dtls.h"
#include "lk_error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static lk_dtls_cert_t *fuzz_cert;
static char fuzz_fp[LK_DTLS_FINGERPRINT_LEN];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (lk_dtls_cert_create(&fuzz_cert) != 0) {
        abort();
    }
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    lk_dtls_role_t role = (data[0] & 1) ? LK_DTLS_ROLE_CLIENT : LK_DTLS_ROLE_SERVER;
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
