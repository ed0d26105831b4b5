/*
 * test_srtp.c - SRTP/SRTCP: RFC 3711 Appendix B vectors, and a cross-check with libsrtp2 (the
 * reference implementation) in both directions: 10,000 RTP packets through a rollover-counter
 * wrap, byte-identical ciphertexts, replays and tampering refused, SRTCP both ways, malformed
 * input and the bounded SSRC table.
 */
#include "test_util.h"

#include "lk_error.h"
#include "srtp.h"

#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdlib.h>

static int hex2bin(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = hex; *p;) {
        if (*p == ' ' || *p == '\n') {
            p++;
            continue;
        }
        unsigned v;
        if (sscanf(p, "%2x", &v) != 1 || n >= cap) {
            return -1;
        }
        out[n++] = (uint8_t)v;
        p += 2;
    }
    return (int)n;
}

/* A small deterministic generator for packet contents (not for keys). */
static uint32_t rng_state = 0x12345678u;
static uint32_t xorshift(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static const uint8_t master_key[16] = {0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87,
                                       0x98, 0xa9, 0xba, 0xcb, 0xdc, 0xed, 0xfe, 0x0f};
static const uint8_t master_salt[14] = {0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5, 0x06,
                                        0x17, 0x28, 0x39, 0x4a, 0x5b, 0x6c, 0x7d};

/* RFC 3711 B.2: AES-CM with session key 2B7E...3C and IV F0F1...FD0000: the first three
 * keystream blocks. */
static void test_rfc3711_b2_aes_cm(void)
{
    uint8_t key[16], iv[16], want[48], got[48];
    hex2bin("2B7E151628AED2A6ABF7158809CF4F3C", key, sizeof key);
    hex2bin("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000", iv, sizeof iv);
    hex2bin("E03EAD0935C95E80E166B16DD92B4EB4"
            "D23513162B02D0F72A43A2FE4A5F97AB"
            "41E95B3BB0A2E8DD477901E4FCA894C0", want, sizeof want);
    CHECK_EQ_INT(lk_srtp_aes_cm_keystream(key, iv, got, sizeof got), 0);
    CHECK_MEM(got, want, sizeof want);
    /* A partial last block gives the prefix of the same stream. */
    uint8_t part[20];
    CHECK_EQ_INT(lk_srtp_aes_cm_keystream(key, iv, part, sizeof part), 0);
    CHECK_MEM(part, want, sizeof part);
}

/* RFC 3711 B.3: key derivation from master key E1F9...39 and master salt 0EC6...E6. The auth key
 * is given for 94 octets, which crosses six counter blocks. */
static void test_rfc3711_b3_kdf(void)
{
    uint8_t key[16], salt[14], enc[16], ssalt[14], auth[94];
    uint8_t want_enc[16], want_salt[14], want_auth[94];
    hex2bin("E1F97A0D3E018BE0D64FA32C06DE4139", key, sizeof key);
    hex2bin("0EC675AD498AFEEBB6960B3AABE6", salt, sizeof salt);
    hex2bin("C61E7A93744F39EE10734AFE3FF7A087", want_enc, sizeof want_enc);
    hex2bin("30CBBC08863D8C85D49DB34A9AE1", want_salt, sizeof want_salt);
    CHECK_EQ_INT(hex2bin("CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                         "E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25"
                         "6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2",
                         want_auth, sizeof want_auth), 94);
    CHECK_EQ_INT(lk_srtp_kdf(key, salt, 0x00, enc, sizeof enc), 0);
    CHECK_EQ_INT(lk_srtp_kdf(key, salt, 0x02, ssalt, sizeof ssalt), 0);
    CHECK_EQ_INT(lk_srtp_kdf(key, salt, 0x01, auth, sizeof auth), 0);
    CHECK_MEM(enc, want_enc, sizeof enc);
    CHECK_MEM(ssalt, want_salt, sizeof ssalt);
    CHECK_MEM(auth, want_auth, sizeof auth);
}

static srtp_t ref_session(int outbound)
{
    static uint8_t keysalt[30];
    memcpy(keysalt, master_key, 16);
    memcpy(keysalt + 16, master_salt, 14);
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    srtp_crypto_policy_set_rtp_default(&policy.rtp); /* AES_CM_128_HMAC_SHA1_80 */
    srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = keysalt;
    policy.window_size = 128;
    srtp_t s = NULL;
    if (srtp_create(&s, &policy) != srtp_err_status_ok) {
        return NULL;
    }
    return s;
}

/* Builds an RTP packet: optional CSRCs and a one-byte-header extension on some packets. */
static size_t make_rtp(uint8_t *pkt, uint16_t seq, uint32_t ts, uint32_t ssrc, size_t payload)
{
    size_t n = 0;
    uint32_t r = xorshift();
    int csrcs = (r & 3) == 0 ? 2 : 0;
    int ext = (r & 4) != 0;
    pkt[n++] = (uint8_t)(0x80 | (ext ? 0x10 : 0) | csrcs);
    pkt[n++] = (uint8_t)(111 | ((r & 8) ? 0x80 : 0));
    pkt[n++] = (uint8_t)(seq >> 8);
    pkt[n++] = (uint8_t)seq;
    for (int i = 3; i >= 0; i--) {
        pkt[n++] = (uint8_t)(ts >> (8 * i));
    }
    for (int i = 3; i >= 0; i--) {
        pkt[n++] = (uint8_t)(ssrc >> (8 * i));
    }
    for (int c = 0; c < csrcs; c++) {
        for (int i = 0; i < 4; i++) {
            pkt[n++] = (uint8_t)xorshift();
        }
    }
    if (ext) {
        pkt[n++] = 0xBE;
        pkt[n++] = 0xDE;
        pkt[n++] = 0;
        pkt[n++] = 1; /* one word: audio level */
        pkt[n++] = 0x10;
        pkt[n++] = 0x7f;
        pkt[n++] = 0;
        pkt[n++] = 0;
    }
    for (size_t i = 0; i < payload; i++) {
        pkt[n++] = (uint8_t)xorshift();
    }
    return n;
}

/* Ours protects, libsrtp2 unprotects (and produces the identical SRTP bytes when it protects the
 * same packet); 10,000 packets from sequence 60000 so the rollover counter wraps once. */
static void test_ours_to_libsrtp_rollover(void)
{
    lk_srtp_t *ours = NULL;
    CHECK_EQ_INT(lk_srtp_create(&ours, master_key, master_salt), 0);
    srtp_t ref_tx = ref_session(1);
    srtp_t ref_rx = ref_session(0);
    CHECK(ref_tx != NULL && ref_rx != NULL);
    if (ours == NULL || ref_tx == NULL || ref_rx == NULL) {
        return;
    }
    int bad = 0;
    uint16_t seq = 60000;
    for (int i = 0; i < 10000 && bad < 5; i++, seq++) {
        uint8_t plain[1400], a[1400 + 16], b[1400 + 32];
        size_t len = make_rtp(plain, seq, 960u * (uint32_t)i, 0xCAFEBABEu, 20 + xorshift() % 1000);
        memcpy(a, plain, len);
        memcpy(b, plain, len);
        int alen = lk_srtp_protect(ours, a, len, sizeof a);
        int blen = (int)len;
        if (alen != (int)len + 10 || srtp_protect(ref_tx, b, &blen) != srtp_err_status_ok ||
            blen != alen || memcmp(a, b, (size_t)alen) != 0) {
            fprintf(stderr, "packet %d seq %u: ours %d bytes, libsrtp2 %d bytes differ\n", i, seq,
                    alen, blen);
            bad++;
            continue;
        }
        int rlen = alen;
        if (srtp_unprotect(ref_rx, a, &rlen) != srtp_err_status_ok || rlen != (int)len ||
            memcmp(a, plain, len) != 0) {
            fprintf(stderr, "packet %d seq %u: libsrtp2 refused ours\n", i, seq);
            bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(seq, (uint16_t)(60000 + 10000)); /* wrapped: 70000 mod 65536 = 4464 */
    lk_srtp_destroy(ours);
    srtp_dealloc(ref_tx);
    srtp_dealloc(ref_rx);
}

/* libsrtp2 protects, ours unprotects, with some reordering within the window; then replays of
 * accepted packets and packets older than the window are refused. */
static void test_libsrtp_to_ours_rollover_replay(void)
{
    lk_srtp_t *ours = NULL;
    CHECK_EQ_INT(lk_srtp_create(&ours, master_key, master_salt), 0);
    srtp_t ref_tx = ref_session(1);
    CHECK(ref_tx != NULL);
    if (ours == NULL || ref_tx == NULL) {
        return;
    }
    enum { N = 10000 };
    static uint8_t pkts[N][300];
    static uint8_t plains[N][300];
    static int lens[N];
    static int plain_lens[N];
    uint16_t seq = 65000;
    for (int i = 0; i < N; i++, seq++) {
        size_t len = make_rtp(plains[i], seq, 960u * (uint32_t)i, 0x01020304u, 160);
        plain_lens[i] = (int)len;
        memcpy(pkts[i], plains[i], len);
        lens[i] = (int)len;
        CHECK(srtp_protect(ref_tx, pkts[i], &lens[i]) == srtp_err_status_ok);
    }
    /* Deliver with pairs swapped (i+1 before i) every 7 packets: still inside the window. */
    int bad = 0;
    for (int i = 0; i < N && bad < 5; i++) {
        int k = i;
        if (i % 7 == 0 && i + 1 < N) {
            k = i + 1;
        } else if (i % 7 == 1) {
            k = i - 1;
        }
        uint8_t buf[300];
        memcpy(buf, pkts[k], (size_t)lens[k]);
        int r = lk_srtp_unprotect(ours, buf, (size_t)lens[k]);
        if (r != plain_lens[k] || memcmp(buf, plains[k], (size_t)r) != 0) {
            fprintf(stderr, "packet %d: ours refused libsrtp2's (%d: %s)\n", k, r, lk_strerror(r));
            bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    /* Replays: the newest packet, one within the window, one far older. */
    const int probes[3] = {N - 1, N - 20, N - 500};
    for (int p = 0; p < 3; p++) {
        uint8_t buf[300];
        int k = probes[p];
        memcpy(buf, pkts[k], (size_t)lens[k]);
        CHECK_EQ_INT(lk_srtp_unprotect(ours, buf, (size_t)lens[k]), LK_ERR_REPLAY);
        CHECK_MEM(buf, pkts[k], (size_t)lens[k]); /* refused packets are left untouched */
    }
    lk_srtp_destroy(ours);
    srtp_dealloc(ref_tx);
}

/* Within the window: a packet skipped earlier still arrives; a tampered packet is refused and
 * does not advance the window; the tag covers header, payload and ROC. */
static void test_tamper_and_window(void)
{
    lk_srtp_t *tx = NULL, *rx = NULL;
    CHECK_EQ_INT(lk_srtp_create(&tx, master_key, master_salt), 0);
    CHECK_EQ_INT(lk_srtp_create(&rx, master_key, master_salt), 0);
    if (tx == NULL || rx == NULL) {
        return;
    }
    uint8_t p[100][200];
    int lens[100];
    for (int i = 0; i < 100; i++) {
        size_t len = make_rtp(p[i], (uint16_t)(1000 + i), 0, 0x55u, 100);
        lens[i] = lk_srtp_protect(tx, p[i], len, sizeof p[i]);
        CHECK(lens[i] > 0);
    }
    uint8_t buf[200];
    /* Deliver 0..99 except 50. */
    for (int i = 0; i < 100; i++) {
        if (i == 50) {
            continue;
        }
        memcpy(buf, p[i], (size_t)lens[i]);
        CHECK(lk_srtp_unprotect(rx, buf, (size_t)lens[i]) > 0);
    }
    /* 50 is 49 behind the highest (99): inside the 64-packet window, accepted once. */
    memcpy(buf, p[50], (size_t)lens[50]);
    CHECK(lk_srtp_unprotect(rx, buf, (size_t)lens[50]) > 0);
    memcpy(buf, p[50], (size_t)lens[50]);
    CHECK_EQ_INT(lk_srtp_unprotect(rx, buf, (size_t)lens[50]), LK_ERR_REPLAY);
    /* Tampering: payload bit, header bit (marker), tag bit. */
    uint8_t next[200];
    size_t len = make_rtp(next, 1100, 0, 0x55u, 100);
    int nlen = lk_srtp_protect(tx, next, len, sizeof next);
    CHECK(nlen > 0);
    const int flip_at[3] = {nlen - 40, 1, nlen - 1};
    for (int f = 0; f < 3; f++) {
        memcpy(buf, next, (size_t)nlen);
        buf[flip_at[f]] ^= 0x01;
        uint8_t copy[200];
        memcpy(copy, buf, (size_t)nlen);
        CHECK_EQ_INT(lk_srtp_unprotect(rx, buf, (size_t)nlen), LK_ERR_AUTH);
        CHECK_MEM(buf, copy, (size_t)nlen);
    }
    /* The genuine packet still passes: forgeries did not move the window. */
    memcpy(buf, next, (size_t)nlen);
    CHECK_EQ_INT(lk_srtp_unprotect(rx, buf, (size_t)nlen), (int)len);
    /* A different key refuses everything with LK_ERR_AUTH. */
    lk_srtp_t *other = NULL;
    uint8_t k2[16];
    memcpy(k2, master_key, 16);
    k2[0] ^= 0x80;
    CHECK_EQ_INT(lk_srtp_create(&other, k2, master_salt), 0);
    memcpy(buf, next, (size_t)nlen);
    CHECK_EQ_INT(lk_srtp_unprotect(other, buf, (size_t)nlen), LK_ERR_AUTH);
    lk_srtp_destroy(other);
    lk_srtp_destroy(tx);
    lk_srtp_destroy(rx);
}

/* SRTCP both ways with libsrtp2: index per SSRC, E flag, replay and tamper refused. */
static void test_srtcp_cross(void)
{
    lk_srtp_t *ours_tx = NULL, *ours_rx = NULL;
    CHECK_EQ_INT(lk_srtp_create(&ours_tx, master_key, master_salt), 0);
    CHECK_EQ_INT(lk_srtp_create(&ours_rx, master_key, master_salt), 0);
    srtp_t ref_tx = ref_session(1);
    srtp_t ref_rx = ref_session(0);
    if (ours_tx == NULL || ours_rx == NULL || ref_tx == NULL || ref_rx == NULL) {
        CHECK(0);
        return;
    }
    int bad = 0;
    for (int i = 0; i < 1000 && bad < 5; i++) {
        /* A receiver report with one report block, plus an SDES-ish tail. */
        uint8_t plain[128], a[128 + 32], b[128 + 32];
        uint32_t ssrc = (i & 1) ? 0x11111111u : 0x22222222u;
        size_t len = 8 + 24 + 4 * (xorshift() % 10);
        plain[0] = 0x81;
        plain[1] = 201;
        plain[2] = 0;
        plain[3] = (uint8_t)(len / 4 - 1);
        plain[4] = (uint8_t)(ssrc >> 24);
        plain[5] = (uint8_t)(ssrc >> 16);
        plain[6] = (uint8_t)(ssrc >> 8);
        plain[7] = (uint8_t)ssrc;
        for (size_t k = 8; k < len; k++) {
            plain[k] = (uint8_t)xorshift();
        }
        memcpy(a, plain, len);
        memcpy(b, plain, len);
        int alen = lk_srtcp_protect(ours_tx, a, len, sizeof a);
        int blen = (int)len;
        /* Same length; the bytes differ because libsrtp2 numbers its first SRTCP packet 1 where
         * RFC 3711 3.3.2 has the index "set to zero before the first SRTCP packet is sent". */
        if (alen != (int)len + 14 || srtp_protect_rtcp(ref_tx, b, &blen) != srtp_err_status_ok ||
            blen != alen) {
            fprintf(stderr, "srtcp %d: ours and libsrtp2 differ (%d vs %d)\n", i, alen, blen);
            bad++;
            continue;
        }
        int rlen = alen;
        if (srtp_unprotect_rtcp(ref_rx, a, &rlen) != srtp_err_status_ok || rlen != (int)len ||
            memcmp(a, plain, len) != 0) {
            fprintf(stderr, "srtcp %d: libsrtp2 refused ours\n", i);
            bad++;
        }
        /* b holds libsrtp2's packet: a tampered copy is refused, then the genuine one is taken,
         * once. */
        uint8_t c[160];
        memcpy(c, b, (size_t)blen);
        c[10] ^= 0x40;
        int r = lk_srtcp_unprotect(ours_rx, c, (size_t)blen);
        if (r != LK_ERR_AUTH) {
            fprintf(stderr, "srtcp %d: tampered gave %d\n", i, r);
            bad++;
        }
        memcpy(c, b, (size_t)blen);
        if (lk_srtcp_unprotect(ours_rx, c, (size_t)blen) != (int)len || memcmp(c, plain, len) != 0) {
            fprintf(stderr, "srtcp %d: ours refused libsrtp2's\n", i);
            bad++;
        }
        memcpy(c, b, (size_t)blen);
        r = lk_srtcp_unprotect(ours_rx, c, (size_t)blen);
        if (r != LK_ERR_REPLAY) {
            fprintf(stderr, "srtcp %d: replay gave %d\n", i, r);
            bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    lk_srtp_destroy(ours_tx);
    lk_srtp_destroy(ours_rx);
    srtp_dealloc(ref_tx);
    srtp_dealloc(ref_rx);
}

static void test_malformed(void)
{
    lk_srtp_t *s = NULL;
    CHECK_EQ_INT(lk_srtp_create(&s, master_key, master_salt), 0);
    if (s == NULL) {
        return;
    }
    uint8_t pkt[64];
    memset(pkt, 0, sizeof pkt);
    pkt[0] = 0x80;
    /* Too short for header + tag. */
    CHECK_EQ_INT(lk_srtp_unprotect(s, pkt, 21), LK_ERR_MALFORMED);
    CHECK_EQ_INT(lk_srtp_unprotect(s, pkt, 0), LK_ERR_MALFORMED);
    /* Wrong version. */
    pkt[0] = 0x40;
    CHECK_EQ_INT(lk_srtp_unprotect(s, pkt, 40), LK_ERR_MALFORMED);
    CHECK_EQ_INT(lk_srtp_protect(s, pkt, 30, sizeof pkt), LK_ERR_MALFORMED);
    /* 15 CSRCs claimed in a 40-byte packet. */
    pkt[0] = 0x8f;
    CHECK_EQ_INT(lk_srtp_unprotect(s, pkt, 40), LK_ERR_MALFORMED);
    /* Extension longer than the packet. */
    pkt[0] = 0x90;
    pkt[12] = 0xbe;
    pkt[13] = 0xde;
    pkt[14] = 0xff;
    pkt[15] = 0xff;
    CHECK_EQ_INT(lk_srtp_unprotect(s, pkt, 40), LK_ERR_MALFORMED);
    CHECK_EQ_INT(lk_srtp_protect(s, pkt, 40, sizeof pkt), LK_ERR_MALFORMED);
    /* No room for the tag. */
    pkt[0] = 0x80;
    CHECK_EQ_INT(lk_srtp_protect(s, pkt, 40, 45), LK_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ_INT(lk_srtcp_protect(s, pkt, 40, 50), LK_ERR_BUFFER_TOO_SMALL);
    /* SRTCP too short / wrong version. */
    CHECK_EQ_INT(lk_srtcp_unprotect(s, pkt, 21), LK_ERR_MALFORMED);
    pkt[0] = 0x00;
    CHECK_EQ_INT(lk_srtcp_unprotect(s, pkt, 40), LK_ERR_MALFORMED);
    /* A well-formed packet with a garbage tag. */
    pkt[0] = 0x80;
    CHECK_EQ_INT(lk_srtp_unprotect(s, pkt, 40), LK_ERR_AUTH);
    CHECK_EQ_INT(lk_srtp_unprotect(NULL, pkt, 40), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_srtp_create(NULL, master_key, master_salt), LK_ERR_INVALID_ARG);
    lk_srtp_destroy(s);
    lk_srtp_destroy(NULL);
}

/* The SSRC table is bounded; forged packets of unknown SSRCs never take a slot. */
static void test_ssrc_table_bound(void)
{
    lk_srtp_t *tx = NULL, *rx = NULL;
    CHECK_EQ_INT(lk_srtp_create(&tx, master_key, master_salt), 0);
    CHECK_EQ_INT(lk_srtp_create(&rx, master_key, master_salt), 0);
    if (tx == NULL || rx == NULL) {
        return;
    }
    uint8_t buf[200];
    /* Forgeries from 100 SSRCs first. */
    for (uint32_t i = 0; i < 100; i++) {
        size_t len = make_rtp(buf, 1, 0, 0x9000u + i, 50);
        CHECK_EQ_INT(lk_srtp_unprotect(rx, buf, len + 10), LK_ERR_AUTH);
    }
    for (uint32_t i = 0; i < LK_SRTP_MAX_STREAMS; i++) {
        size_t len = make_rtp(buf, 1, 0, 0x100u + i, 50);
        int n = lk_srtp_protect(tx, buf, len, sizeof buf);
        CHECK_EQ_INT(lk_srtp_unprotect(rx, buf, (size_t)n), (int)len);
    }
    size_t len = make_rtp(buf, 1, 0, 0x7777u, 50);
    CHECK_EQ_INT(lk_srtp_protect(tx, buf, len, sizeof buf), LK_ERR_QUEUE_FULL);
    lk_srtp_t *tx2 = NULL;
    CHECK_EQ_INT(lk_srtp_create(&tx2, master_key, master_salt), 0);
    int n = lk_srtp_protect(tx2, buf, len, sizeof buf);
    CHECK(n > 0);
    CHECK_EQ_INT(lk_srtp_unprotect(rx, buf, (size_t)n), LK_ERR_QUEUE_FULL);
    lk_srtp_destroy(tx2);
    lk_srtp_destroy(tx);
    lk_srtp_destroy(rx);
}

/* A resend of a packet from "before" the stream's first sequence number (here 65533 after 255,
 * which the index estimate places before ROC 0) is refused by the receiver as too old and must
 * not move the sender's rollover state: the next packet still verifies. */
static void test_resend_before_first_packet(void)
{
    lk_srtp_t *tx = NULL, *rx = NULL;
    CHECK_EQ_INT(lk_srtp_create(&tx, master_key, master_salt), 0);
    CHECK_EQ_INT(lk_srtp_create(&rx, master_key, master_salt), 0);
    if (tx == NULL || rx == NULL) {
        return;
    }
    const uint16_t seqs[3] = {255, 65533, 256};
    const int want[3] = {100, LK_ERR_REPLAY, 100};
    for (int i = 0; i < 3; i++) {
        uint8_t buf[200];
        memset(buf, 0, sizeof buf);
        buf[0] = 0x80;
        buf[1] = 111;
        buf[2] = (uint8_t)(seqs[i] >> 8);
        buf[3] = (uint8_t)seqs[i];
        buf[11] = 7;
        int n = lk_srtp_protect(tx, buf, 100, sizeof buf);
        CHECK_EQ_INT(n, 110);
        CHECK_EQ_INT(lk_srtp_unprotect(rx, buf, (size_t)n), want[i]);
    }
    lk_srtp_destroy(tx);
    lk_srtp_destroy(rx);
}

int main(void)
{
    if (srtp_init() != srtp_err_status_ok) {
        fprintf(stderr, "srtp_init failed\n");
        return 1;
    }
    RUN_TEST(test_rfc3711_b2_aes_cm);
    RUN_TEST(test_rfc3711_b3_kdf);
    RUN_TEST(test_ours_to_libsrtp_rollover);
    RUN_TEST(test_libsrtp_to_ours_rollover_replay);
    RUN_TEST(test_tamper_and_window);
    RUN_TEST(test_srtcp_cross);
    RUN_TEST(test_malformed);
    RUN_TEST(test_ssrc_table_bound);
    RUN_TEST(test_resend_before_first_packet);
    srtp_shutdown();
    TEST_MAIN_END();
}
