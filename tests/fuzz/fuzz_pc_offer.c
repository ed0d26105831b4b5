/*
 * fuzz_pc_offer.c - a peer connection (pc.c, no port) given an arbitrary remote offer: parse,
 * DTLS role and fingerprint, ICE credentials and candidates, the answer built from it, the
 * local description applied, then timers for a simulated 40 s and a close. Any input must give
 * an error code or a consistent state - never a crash, a leak or undefined behaviour.
 * The first input byte picks what we add before the offer arrives (audio track, channel).
 * Seeds: corpus/pc_offer (offers captured from libwebrtc, libdatachannel and LiveKit's shape,
 * each behind a mode byte 0x03). lk_random_bytes is the platform's here (ICE credentials and
 * DTLS randomness differ per run; the SDP paths this target aims at do not depend on them).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dtls.h"
#include "lk_error.h"
#include "pc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lk_dtls_cert_t *g_cert; /* made once: key generation would dominate every input */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 16384) {
        return 0;
    }
    if (g_cert == NULL && lk_dtls_cert_create(&g_cert) != LK_OK) {
        abort();
    }
    uint8_t mode = data[0];
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;

    lk_pc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.cert = g_cert;
    cfg.loopback_only = mode & 4;
    lk_pc_t *pc = NULL;
    uint64_t now = 1000;
    if (lk_pc_create(&cfg, now, &pc) != LK_OK) {
        abort();
    }
    lk_addr_t local;
    lk_addr_parse(&local, "127.0.0.1", 9, 5000);
    lk_pc_add_local_address(pc, &local);
    if (mode & 1) {
        lk_pc_add_audio_track(pc, (lk_rtc_direction_t)((mode >> 4) & 3));
    }
    if (mode & 2) {
        uint16_t id;
        lk_pc_create_data_channel(pc, now, "_reliable", 1, -1, &id);
    }
    char *answer = malloc(16384);
    if (lk_pc_set_remote_description(pc, now, LK_RTC_SDP_OFFER, text) == LK_OK) {
        int n = lk_pc_create_answer(pc, answer, 16384);
        if (n > 0 && lk_pc_set_local_description(pc, now, LK_RTC_SDP_ANSWER, answer) != LK_OK) {
            abort(); /* our own answer must always apply */
        }
    }
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    lk_rtc_event_t ev;
    for (int i = 0; i < 400; i++) {
        int li;
        lk_addr_t to;
        while (lk_pc_poll_transmit(pc, now, buf, sizeof buf, &li, &to) > 0) {
        }
        while (lk_pc_poll_event(pc, &ev, buf, sizeof buf) == LK_OK) {
        }
        uint64_t t = lk_pc_poll_timeout(pc);
        now = t == UINT64_MAX || t > now + 100 ? now + 100 : (t > now ? t : now + 1);
        lk_pc_handle_timeout(pc, now);
    }
    lk_pc_close(pc, now);
    while (lk_pc_poll_event(pc, &ev, buf, sizeof buf) == LK_OK) {
    }
    lk_pc_destroy(pc);
    free(answer);
    free(text);
    return 0;
}
