/*
 * srtp.c - SRTP/SRTCP with AES128_CM_HMAC_SHA1_80 (RFC 3711) on mbedTLS AES-ECB and HMAC-SHA1.
 *
 * Layout of a protected packet (RFC 3711 3.1 and 3.4):
 *   SRTP:  RTP header | encrypted payload | 10-byte tag over (header | encrypted payload | ROC)
 *   SRTCP: 8-byte RTCP header | encrypted rest | E(1) + SRTCP index(31) | 10-byte tag over
 *          (everything before the tag)
 * Unprotect checks replay and the tag before it touches the buffer, so a refused packet is
 * returned unchanged.
 */
#include "srtp.h"
#include "lk_error.h"

#include <stdlib.h>
#include <string.h>

#include <mbedtls/aes.h>
#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>

#define SESSION_ENC_KEY_LEN 16  /* n_e = 128 for AES-128 */
#define SESSION_AUTH_KEY_LEN 20 /* n_a = 160 for HMAC-SHA1 (RFC 3711 8.2) */
#define SESSION_SALT_LEN 14     /* n_s = 112 */
#define RTP_HEADER_LEN 12
#define RTCP_HEADER_LEN 8
#define SHA1_LEN 20
#define SHA1_BLOCK_LEN 64

/* RFC 3711 4.3.2 key derivation labels. */
#define LABEL_RTP_ENC 0x00
#define LABEL_RTP_AUTH 0x01
#define LABEL_RTP_SALT 0x02
#define LABEL_RTCP_ENC 0x03
#define LABEL_RTCP_AUTH 0x04
#define LABEL_RTCP_SALT 0x05

typedef struct replay_window {
    uint64_t highest; /* highest index authenticated so far */
    uint64_t bitmap;  /* bit k set: index highest - k was received */
} replay_window_t;

typedef struct stream {
    uint32_t ssrc;
    uint8_t in_use;
    uint8_t rtp_started;  /* an RTP packet of this SSRC was protected/unprotected */
    uint8_t rtcp_started; /* an SRTCP packet was unprotected (receive window valid) */
    uint32_t roc;         /* rollover counter (RFC 3711 3.2.1) */
    uint16_t s_l;         /* highest sequence number seen (RFC 3711 3.3.1) */
    replay_window_t rtp_window;
    uint32_t rtcp_send_index; /* next SRTCP index to send */
    replay_window_t rtcp_window;
} stream_t;

typedef struct session_keys {
    mbedtls_aes_context aes;         /* encrypt-direction key schedule of the session key */
    /* HMAC-SHA1 (RFC 2104) with the session auth key, precomputed: SHA-1 states after the
     * (key ^ ipad) and (key ^ opad) blocks, cloned into "work" per packet. That saves the two
     * compressions mbedtls_md_hmac_reset/finish would redo for every packet. */
    mbedtls_md_context_t inner;
    mbedtls_md_context_t outer;
    mbedtls_md_context_t work;
    uint8_t salt[SESSION_SALT_LEN];
} session_keys_t;

struct lk_srtp {
    session_keys_t rtp;
    session_keys_t rtcp;
    stream_t streams[LK_SRTP_MAX_STREAMS];
};

/* ---- AES counter mode ---- */

static void counter_increment(uint8_t ctr[16])
{
    for (int i = 15; i >= 0; i--) {
        if (++ctr[i] != 0) {
            break;
        }
    }
}

/* data[0..len) ^= AES-CM keystream starting at counter block iv (RFC 3711 4.1.1). */
static int aes_cm_xor(mbedtls_aes_context *aes, const uint8_t iv[16], uint8_t *data, size_t len)
{
    uint8_t ctr[16];
    uint8_t ks[16];
    memcpy(ctr, iv, sizeof ctr);
    size_t off = 0;
    while (off < len) {
        if (mbedtls_aes_crypt_ecb(aes, MBEDTLS_AES_ENCRYPT, ctr, ks) != 0) {
            mbedtls_platform_zeroize(ks, sizeof ks);
            return LK_ERR_CRYPTO;
        }
        size_t n = len - off < 16 ? len - off : 16;
        if (n == 16) {
            /* A whole block: two 64-bit XORs (memcpy keeps it alignment- and alias-safe). */
            uint64_t d0, d1, k0, k1;
            memcpy(&d0, data + off, 8);
            memcpy(&d1, data + off + 8, 8);
            memcpy(&k0, ks, 8);
            memcpy(&k1, ks + 8, 8);
            d0 ^= k0;
            d1 ^= k1;
            memcpy(data + off, &d0, 8);
            memcpy(data + off + 8, &d1, 8);
        } else {
            for (size_t i = 0; i < n; i++) {
                data[off + i] ^= ks[i];
            }
        }
        off += n;
        counter_increment(ctr);
    }
    mbedtls_platform_zeroize(ks, sizeof ks);
    return LK_OK;
}

int lk_srtp_aes_cm_keystream(const uint8_t key[16], const uint8_t iv[16], uint8_t *out,
                             size_t out_len)
{
    if (key == NULL || iv == NULL || (out == NULL && out_len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    mbedtls_aes_context aes;
    mbedtls_aes_init(&aes);
    int rc = LK_ERR_CRYPTO;
    if (mbedtls_aes_setkey_enc(&aes, key, 128) == 0) {
        memset(out, 0, out_len);
        rc = aes_cm_xor(&aes, iv, out, out_len);
    }
    mbedtls_aes_free(&aes);
    return rc;
}

/* ---- Key derivation (RFC 3711 4.3.1, key derivation rate 0 so r = 0) ---- */

int lk_srtp_kdf(const uint8_t key[LK_SRTP_MASTER_KEY_LEN],
                const uint8_t salt[LK_SRTP_MASTER_SALT_LEN], uint8_t label, uint8_t *out,
                size_t out_len)
{
    if (key == NULL || salt == NULL || out == NULL || out_len == 0) {
        return LK_ERR_INVALID_ARG;
    }
    /* "key_id = <label> || r" (56 bits), "x = key_id XOR master_salt" (112 bits), and the
     * keystream is AES-CM with IV = x * 2^16: label lands on byte 7 of the 14-byte salt. */
    uint8_t iv[16];
    memcpy(iv, salt, LK_SRTP_MASTER_SALT_LEN);
    iv[7] ^= label;
    iv[14] = 0;
    iv[15] = 0;
    return lk_srtp_aes_cm_keystream(key, iv, out, out_len);
}

static int session_keys_init(session_keys_t *sk, const uint8_t *key, const uint8_t *salt,
                             uint8_t enc_label, uint8_t auth_label, uint8_t salt_label)
{
    uint8_t enc[SESSION_ENC_KEY_LEN];
    uint8_t auth[SESSION_AUTH_KEY_LEN];
    int rc = lk_srtp_kdf(key, salt, enc_label, enc, sizeof enc);
    if (rc == 0) {
        rc = lk_srtp_kdf(key, salt, auth_label, auth, sizeof auth);
    }
    if (rc == 0) {
        rc = lk_srtp_kdf(key, salt, salt_label, sk->salt, sizeof sk->salt);
    }
    if (rc == 0 && mbedtls_aes_setkey_enc(&sk->aes, enc, 128) != 0) {
        rc = LK_ERR_CRYPTO;
    }
    if (rc == 0) {
        /* RFC 2104: the 20-byte key is shorter than SHA-1's 64-byte block, so it is zero-padded
         * and XORed with 0x36 (ipad) and 0x5c (opad). */
        uint8_t pad[SHA1_BLOCK_LEN];
        const mbedtls_md_info_t *sha1 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA1);
        if (sha1 == NULL || mbedtls_md_setup(&sk->inner, sha1, 0) != 0 ||
            mbedtls_md_setup(&sk->outer, sha1, 0) != 0 || mbedtls_md_setup(&sk->work, sha1, 0) != 0) {
            rc = LK_ERR_CRYPTO;
        }
        memset(pad, 0x36, sizeof pad);
        for (size_t i = 0; i < sizeof auth; i++) {
            pad[i] ^= auth[i];
        }
        if (rc == 0 && (mbedtls_md_starts(&sk->inner) != 0 ||
                        mbedtls_md_update(&sk->inner, pad, sizeof pad) != 0)) {
            rc = LK_ERR_CRYPTO;
        }
        memset(pad, 0x5c, sizeof pad);
        for (size_t i = 0; i < sizeof auth; i++) {
            pad[i] ^= auth[i];
        }
        if (rc == 0 && (mbedtls_md_starts(&sk->outer) != 0 ||
                        mbedtls_md_update(&sk->outer, pad, sizeof pad) != 0)) {
            rc = LK_ERR_CRYPTO;
        }
        mbedtls_platform_zeroize(pad, sizeof pad);
    }
    mbedtls_platform_zeroize(enc, sizeof enc);
    mbedtls_platform_zeroize(auth, sizeof auth);
    return rc;
}

static void session_keys_free(session_keys_t *sk)
{
    mbedtls_aes_free(&sk->aes);
    mbedtls_md_free(&sk->inner);
    mbedtls_md_free(&sk->outer);
    mbedtls_md_free(&sk->work);
    mbedtls_platform_zeroize(sk->salt, sizeof sk->salt);
}

int lk_srtp_create(lk_srtp_t **out, const uint8_t key[LK_SRTP_MASTER_KEY_LEN],
                   const uint8_t salt[LK_SRTP_MASTER_SALT_LEN])
{
    if (out == NULL || key == NULL || salt == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    *out = NULL;
    lk_srtp_t *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    mbedtls_aes_init(&s->rtp.aes);
    mbedtls_md_init(&s->rtp.inner);
    mbedtls_md_init(&s->rtp.outer);
    mbedtls_md_init(&s->rtp.work);
    mbedtls_aes_init(&s->rtcp.aes);
    mbedtls_md_init(&s->rtcp.inner);
    mbedtls_md_init(&s->rtcp.outer);
    mbedtls_md_init(&s->rtcp.work);
    int rc = session_keys_init(&s->rtp, key, salt, LABEL_RTP_ENC, LABEL_RTP_AUTH, LABEL_RTP_SALT);
    if (rc == 0) {
        rc = session_keys_init(&s->rtcp, key, salt, LABEL_RTCP_ENC, LABEL_RTCP_AUTH,
                               LABEL_RTCP_SALT);
    }
    if (rc != 0) {
        lk_srtp_destroy(s);
        return rc;
    }
    *out = s;
    return LK_OK;
}

void lk_srtp_destroy(lk_srtp_t *s)
{
    if (s == NULL) {
        return;
    }
    session_keys_free(&s->rtp);
    session_keys_free(&s->rtcp);
    mbedtls_platform_zeroize(s, sizeof *s);
    free(s);
}

/* ---- Helpers ---- */

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

/* Finds the SSRC's entry; with create set, takes a free one. NULL when absent / table full. */
static stream_t *stream_find(lk_srtp_t *s, uint32_t ssrc, int create)
{
    stream_t *free_slot = NULL;
    for (size_t i = 0; i < LK_SRTP_MAX_STREAMS; i++) {
        stream_t *st = &s->streams[i];
        if (st->in_use && st->ssrc == ssrc) {
            return st;
        }
        if (!st->in_use && free_slot == NULL) {
            free_slot = st;
        }
    }
    if (!create || free_slot == NULL) {
        return NULL;
    }
    memset(free_slot, 0, sizeof *free_slot);
    free_slot->in_use = 1;
    free_slot->ssrc = ssrc;
    return free_slot;
}

/* RFC 3711 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), i a 48-bit index. */
static void make_iv(uint8_t iv[16], const uint8_t salt[SESSION_SALT_LEN], uint32_t ssrc,
                    uint64_t index)
{
    memcpy(iv, salt, SESSION_SALT_LEN);
    iv[14] = 0;
    iv[15] = 0;
    iv[4] ^= (uint8_t)(ssrc >> 24);
    iv[5] ^= (uint8_t)(ssrc >> 16);
    iv[6] ^= (uint8_t)(ssrc >> 8);
    iv[7] ^= (uint8_t)ssrc;
    for (int i = 0; i < 6; i++) {
        iv[13 - i] ^= (uint8_t)(index >> (8 * i));
    }
}

/* HMAC-SHA1 over a | b (b may be empty), truncated to the 80-bit tag. */
static int auth_tag(session_keys_t *sk, const uint8_t *a, size_t a_len, const uint8_t *b,
                    size_t b_len, uint8_t tag[LK_SRTP_AUTH_TAG_LEN])
{
    uint8_t full[SHA1_LEN];
    /* inner = H(key ^ ipad | a | b); tag = H(key ^ opad | inner) */
    if (mbedtls_md_clone(&sk->work, &sk->inner) != 0 || mbedtls_md_update(&sk->work, a, a_len) != 0 ||
        (b_len > 0 && mbedtls_md_update(&sk->work, b, b_len) != 0) ||
        mbedtls_md_finish(&sk->work, full) != 0 || mbedtls_md_clone(&sk->work, &sk->outer) != 0 ||
        mbedtls_md_update(&sk->work, full, sizeof full) != 0 ||
        mbedtls_md_finish(&sk->work, full) != 0) {
        mbedtls_platform_zeroize(full, sizeof full);
        return LK_ERR_CRYPTO;
    }
    memcpy(tag, full, LK_SRTP_AUTH_TAG_LEN);
    mbedtls_platform_zeroize(full, sizeof full);
    return LK_OK;
}

/* Constant-time comparison of two tags. */
static int tag_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint8_t diff = 0;
    for (size_t i = 0; i < n; i++) {
        diff |= (uint8_t)(a[i] ^ b[i]);
    }
    return diff == 0;
}

/* Length of the RTP header including CSRCs and the header extension, or a negative code. */
static int rtp_header_len(const uint8_t *pkt, size_t len)
{
    if (len < RTP_HEADER_LEN || (pkt[0] >> 6) != 2) {
        return LK_ERR_MALFORMED;
    }
    size_t hlen = RTP_HEADER_LEN + 4u * (pkt[0] & 0x0f);
    if (pkt[0] & 0x10) { /* X bit: 4-byte extension header, then length in 32-bit words */
        if (len < hlen + 4) {
            return LK_ERR_MALFORMED;
        }
        hlen += 4 + 4u * (((size_t)pkt[hlen + 2] << 8) | pkt[hlen + 3]);
    }
    if (hlen > len) {
        return LK_ERR_MALFORMED;
    }
    return (int)hlen;
}

/* RFC 3711 3.3.1 / Appendix A: the index v * 2^16 + SEQ closest to s_l. May be "negative"
 * (before the first packet); returned as a signed value so the window check refuses it. */
static int64_t estimate_index(const stream_t *st, uint16_t seq)
{
    int64_t roc = st->roc;
    int64_t v;
    if (st->s_l < 32768) {
        v = ((int32_t)seq - (int32_t)st->s_l > 32768) ? roc - 1 : roc;
    } else {
        v = ((int32_t)st->s_l - 32768 > (int32_t)seq) ? roc + 1 : roc;
    }
    return v * 65536 + seq;
}

/* RFC 3711 3.3.2 replay check: 0 when index is new, LK_ERR_REPLAY when seen or too old. */
static int window_check(const replay_window_t *w, int64_t index)
{
    if (index < 0) {
        return LK_ERR_REPLAY;
    }
    if ((uint64_t)index > w->highest) {
        return LK_OK;
    }
    uint64_t delta = w->highest - (uint64_t)index;
    if (delta >= LK_SRTP_REPLAY_WINDOW) {
        return LK_ERR_REPLAY;
    }
    return (w->bitmap >> delta) & 1u ? LK_ERR_REPLAY : LK_OK;
}

static void window_update(replay_window_t *w, uint64_t index)
{
    if (index > w->highest) {
        uint64_t shift = index - w->highest;
        w->bitmap = shift >= 64 ? 0 : w->bitmap << shift;
        w->bitmap |= 1u;
        w->highest = index;
    } else {
        w->bitmap |= (uint64_t)1 << (w->highest - index);
    }
}

/* ---- SRTP ---- */

int lk_srtp_protect(lk_srtp_t *s, uint8_t *pkt, size_t len, size_t cap)
{
    if (s == NULL || pkt == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    int hlen = rtp_header_len(pkt, len);
    if (hlen < 0) {
        return hlen;
    }
    if (cap < len + LK_SRTP_AUTH_TAG_LEN || len + LK_SRTP_AUTH_TAG_LEN > (size_t)INT32_MAX) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    uint16_t seq = (uint16_t)((pkt[2] << 8) | pkt[3]);
    uint32_t ssrc = rd32(pkt + 8);
    stream_t *st = stream_find(s, ssrc, 1);
    if (st == NULL) {
        return LK_ERR_QUEUE_FULL;
    }
    if (!st->rtp_started) {
        /* RFC 3711 3.3.1: the sender starts with ROC 0 and s_l its first SEQ. */
        st->rtp_started = 1;
        st->roc = 0;
        st->s_l = seq;
    }
    int64_t index = estimate_index(st, seq);
    int before_start = index < 0;
    if (before_start) {
        /* A sequence number "before" the first one sent (a late resend from before the stream's
         * first wrap): ROC 0, and it must not move the sender's state (the receiver refuses it
         * as too old without moving its own). */
        index = seq;
    }
    uint8_t iv[16];
    make_iv(iv, s->rtp.salt, ssrc, (uint64_t)index);
    int rc = aes_cm_xor(&s->rtp.aes, iv, pkt + hlen, len - (size_t)hlen);
    if (rc != 0) {
        return rc;
    }
    uint8_t roc_be[4];
    wr32(roc_be, (uint32_t)((uint64_t)index >> 16));
    rc = auth_tag(&s->rtp, pkt, len, roc_be, sizeof roc_be, pkt + len);
    if (rc != 0) {
        return rc;
    }
    /* RFC 3711 3.3.1: "ROC ... incremented by one, modulo 2^32, each time the RTP sequence
     * number wraps around"; the sender tracks it like the receiver's estimate. */
    uint64_t cur = ((uint64_t)st->roc << 16) | st->s_l;
    if (!before_start && (uint64_t)index > cur) {
        st->roc = (uint32_t)((uint64_t)index >> 16);
        st->s_l = seq;
    }
    return (int)(len + LK_SRTP_AUTH_TAG_LEN);
}

int lk_srtp_unprotect(lk_srtp_t *s, uint8_t *pkt, size_t len)
{
    if (s == NULL || pkt == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (len < RTP_HEADER_LEN + LK_SRTP_AUTH_TAG_LEN || len > (size_t)INT32_MAX) {
        return LK_ERR_MALFORMED;
    }
    size_t body_len = len - LK_SRTP_AUTH_TAG_LEN;
    int hlen = rtp_header_len(pkt, body_len);
    if (hlen < 0) {
        return hlen;
    }
    uint16_t seq = (uint16_t)((pkt[2] << 8) | pkt[3]);
    uint32_t ssrc = rd32(pkt + 8);
    stream_t *st = stream_find(s, ssrc, 0);
    int64_t index;
    if (st != NULL && st->rtp_started) {
        index = estimate_index(st, seq);
        int rc = window_check(&st->rtp_window, index);
        if (rc != 0) {
            return rc;
        }
    } else {
        /* First packet of this SSRC: ROC 0, s_l = SEQ (RFC 3711 3.3.1). The table slot is taken
         * only after the packet authenticates. */
        if (st == NULL) {
            int has_free = 0;
            for (size_t i = 0; i < LK_SRTP_MAX_STREAMS; i++) {
                has_free |= !s->streams[i].in_use;
            }
            if (!has_free) {
                return LK_ERR_QUEUE_FULL;
            }
        }
        index = seq;
    }
    uint8_t roc_be[4];
    wr32(roc_be, (uint32_t)((uint64_t)index >> 16));
    uint8_t tag[LK_SRTP_AUTH_TAG_LEN];
    int rc = auth_tag(&s->rtp, pkt, body_len, roc_be, sizeof roc_be, tag);
    if (rc != 0) {
        return rc;
    }
    if (!tag_equal(tag, pkt + body_len, LK_SRTP_AUTH_TAG_LEN)) {
        return LK_ERR_AUTH;
    }
    uint8_t iv[16];
    make_iv(iv, s->rtp.salt, ssrc, (uint64_t)index);
    rc = aes_cm_xor(&s->rtp.aes, iv, pkt + hlen, body_len - (size_t)hlen);
    if (rc != 0) {
        return rc;
    }
    if (st == NULL) {
        st = stream_find(s, ssrc, 1); /* a free slot exists: checked above */
        if (st == NULL) {
            return LK_ERR_INTERNAL;
        }
    }
    if (!st->rtp_started) {
        st->rtp_started = 1;
        st->roc = 0;
        st->s_l = seq;
        st->rtp_window.highest = (uint64_t)index;
        st->rtp_window.bitmap = 1;
    } else {
        uint64_t cur = ((uint64_t)st->roc << 16) | st->s_l;
        if ((uint64_t)index > cur) {
            st->roc = (uint32_t)((uint64_t)index >> 16);
            st->s_l = seq;
        }
        window_update(&st->rtp_window, (uint64_t)index);
    }
    return (int)body_len;
}

/* ---- SRTCP ---- */

int lk_srtcp_protect(lk_srtp_t *s, uint8_t *pkt, size_t len, size_t cap)
{
    if (s == NULL || pkt == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (len < RTCP_HEADER_LEN || (pkt[0] >> 6) != 2) {
        return LK_ERR_MALFORMED;
    }
    if (cap < len + LK_SRTCP_OVERHEAD || len + LK_SRTCP_OVERHEAD > (size_t)INT32_MAX) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    uint32_t ssrc = rd32(pkt + 4);
    stream_t *st = stream_find(s, ssrc, 1);
    if (st == NULL) {
        return LK_ERR_QUEUE_FULL;
    }
    uint32_t index = st->rtcp_send_index;
    uint8_t iv[16];
    make_iv(iv, s->rtcp.salt, ssrc, index);
    int rc = aes_cm_xor(&s->rtcp.aes, iv, pkt + RTCP_HEADER_LEN, len - RTCP_HEADER_LEN);
    if (rc != 0) {
        return rc;
    }
    wr32(pkt + len, 0x80000000u | index); /* E = 1: encrypted */
    rc = auth_tag(&s->rtcp, pkt, len + LK_SRTCP_INDEX_LEN, NULL, 0, pkt + len + LK_SRTCP_INDEX_LEN);
    if (rc != 0) {
        return rc;
    }
    /* RFC 3711 3.3.2: "incremented by one, modulo 2^31, after each SRTCP packet is sent". */
    st->rtcp_send_index = (index + 1) & 0x7fffffffu;
    return (int)(len + LK_SRTCP_OVERHEAD);
}

int lk_srtcp_unprotect(lk_srtp_t *s, uint8_t *pkt, size_t len)
{
    if (s == NULL || pkt == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (len < RTCP_HEADER_LEN + LK_SRTCP_OVERHEAD || len > (size_t)INT32_MAX ||
        (pkt[0] >> 6) != 2) {
        return LK_ERR_MALFORMED;
    }
    size_t auth_len = len - LK_SRTP_AUTH_TAG_LEN;
    size_t body_len = auth_len - LK_SRTCP_INDEX_LEN;
    uint32_t e_index = rd32(pkt + body_len);
    uint32_t index = e_index & 0x7fffffffu;
    uint32_t ssrc = rd32(pkt + 4);
    stream_t *st = stream_find(s, ssrc, 0);
    if (st != NULL && st->rtcp_started) {
        int rc = window_check(&st->rtcp_window, index);
        if (rc != 0) {
            return rc;
        }
    } else if (st == NULL) {
        int has_free = 0;
        for (size_t i = 0; i < LK_SRTP_MAX_STREAMS; i++) {
            has_free |= !s->streams[i].in_use;
        }
        if (!has_free) {
            return LK_ERR_QUEUE_FULL;
        }
    }
    uint8_t tag[LK_SRTP_AUTH_TAG_LEN];
    int rc = auth_tag(&s->rtcp, pkt, auth_len, NULL, 0, tag);
    if (rc != 0) {
        return rc;
    }
    if (!tag_equal(tag, pkt + auth_len, LK_SRTP_AUTH_TAG_LEN)) {
        return LK_ERR_AUTH;
    }
    if (e_index & 0x80000000u) {
        uint8_t iv[16];
        make_iv(iv, s->rtcp.salt, ssrc, index);
        rc = aes_cm_xor(&s->rtcp.aes, iv, pkt + RTCP_HEADER_LEN, body_len - RTCP_HEADER_LEN);
        if (rc != 0) {
            return rc;
        }
    }
    if (st == NULL) {
        st = stream_find(s, ssrc, 1);
        if (st == NULL) {
            return LK_ERR_INTERNAL;
        }
    }
    if (!st->rtcp_started) {
        st->rtcp_started = 1;
        st->rtcp_window.highest = index;
        st->rtcp_window.bitmap = 1;
    } else {
        window_update(&st->rtcp_window, index);
    }
    return (int)body_len;
}
