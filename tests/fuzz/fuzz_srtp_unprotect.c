/*
 * fuzz_srtp_unprotect.c - libFuzzer target for SRTP/SRTCP.
 *
 * Input: byte 0 selects the mode, then packets as big-endian u16 length + bytes.
 *   bit 0 clear: raw - each packet goes straight to lk_srtp_unprotect / lk_srtcp_unprotect (bit 1
 *                picks RTCP): a refused packet must be left untouched, an accepted one (seeds
 *                carry genuine packets for the fixed key) must be refused as a replay next time.
 *   bit 0 set:   round trip - each packet is taken as plain RTP/RTCP, protected by a sender
 *                context and unprotected by a receiver context with the same keys; whatever the
 *                sequence numbers do (wraps, jumps, repeats), an accepted packet must come back
 *                byte-identical and a protected packet must never fail authentication.
 */
#include "lk_error.h"
#include "srtp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PKT 2048

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    static const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const uint8_t salt[14] = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34};
    int roundtrip = data[0] & 1;
    int rtcp = (data[0] >> 1) & 1;
    lk_srtp_t *tx = NULL, *rx = NULL;
    if (lk_srtp_create(&tx, key, salt) != 0 || lk_srtp_create(&rx, key, salt) != 0) {
        abort();
    }
    size_t off = 1;
    for (int n = 0; n < 128 && off + 2 <= size; n++) {
        size_t len = ((size_t)data[off] << 8) | data[off + 1];
        off += 2;
        if (len > size - off) {
            len = size - off;
        }
        if (len > MAX_PKT - LK_SRTCP_OVERHEAD) {
            len = MAX_PKT - LK_SRTCP_OVERHEAD;
        }
        /* Exactly len bytes on the heap so ASan catches any overread; protect gets the room. */
        uint8_t *pkt = malloc(len + LK_SRTCP_OVERHEAD + 1);
        if (pkt == NULL) {
            abort();
        }
        memcpy(pkt, data + off, len);
        off += len;
        if (!roundtrip) {
            uint8_t *exact = malloc(len ? len : 1);
            memcpy(exact, pkt, len);
            int r = rtcp ? lk_srtcp_unprotect(rx, exact, len) : lk_srtp_unprotect(rx, exact, len);
            if (r > 0) {
                /* A genuine packet (the seeds hold some): the same bytes again are a replay. */
                memcpy(exact, pkt, len);
                int again = rtcp ? lk_srtcp_unprotect(rx, exact, len) : lk_srtp_unprotect(rx, exact, len);
                if (again != LK_ERR_REPLAY) {
                    abort();
                }
            } else if (memcmp(exact, pkt, len) != 0) {
                abort(); /* a refused packet must be left as it was */
            }
            free(exact);
        } else {
            uint8_t plain[MAX_PKT];
            memcpy(plain, pkt, len);
            int p = rtcp ? lk_srtcp_protect(tx, pkt, len, len + LK_SRTCP_OVERHEAD)
                         : lk_srtp_protect(tx, pkt, len, len + LK_SRTP_OVERHEAD);
            if (p > 0) {
                int u = rtcp ? lk_srtcp_unprotect(rx, pkt, (size_t)p) : lk_srtp_unprotect(rx, pkt, (size_t)p);
                if (u == LK_ERR_AUTH || u == LK_ERR_MALFORMED) {
                    abort(); /* our own packet did not verify */
                }
                if (u > 0 && ((size_t)u != len || memcmp(pkt, plain, len) != 0)) {
                    abort(); /* round trip changed the packet */
                }
            }
        }
        free(pkt);
    }
    lk_srtp_destroy(tx);
    lk_srtp_destroy(rx);
    return 0;
}
