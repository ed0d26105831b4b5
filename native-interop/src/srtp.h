/*
 * srtp.h - SRTP and SRTCP (RFC 3711) with the AES128_CM_HMAC_SHA1_80 profile (RFC 5764 4.1.2:
 * SRTP_AES128_CM_HMAC_SHA1_80), written on mbedTLS primitives (AES block cipher, HMAC-SHA1).
 *
 * One lk_srtp_t is one direction of one DTLS-SRTP association: it holds the session keys derived
 * from one master key and salt (RFC 3711 4.3, key derivation rate 0, no MKI) and the per-SSRC
 * crypto-context state (rollover counter, highest sequence number, replay windows, SRTCP index).
 * A peer connection makes two: one for what it sends (the local keys from
 * lk_dtls_srtp_keys(), used with lk_srtp_protect/lk_srtcp_protect) and one for what it receives
 * (the remote keys, used with lk_srtp_unprotect/lk_srtcp_unprotect). Using one context for both
 * directions of the same SSRC would mix their state; don't.
 *
 * Per-SSRC state is a fixed table of LK_SRTP_MAX_STREAMS entries per context. A new SSRC takes a
 * free entry; on unprotect, state is created only after the packet authenticated, so forged
 * packets cannot fill the table. When the table is full a packet of an unknown SSRC is refused
 * with LK_ERR_QUEUE_FULL (nothing is evicted: evicting would reopen the replay window).
 *
 * Packets are processed in place. Buffer ownership stays with the caller; nothing is retained
 * after a call returns.
 *
 * Threading: none inside. A context must not be used by two threads at once; two contexts are
 * independent.
 */
#ifndef LK_SRTP_H
#define LK_SRTP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_SRTP_MASTER_KEY_LEN 16  /* AES-128 master key */
#define LK_SRTP_MASTER_SALT_LEN 14 /* 112-bit master salt */
#define LK_SRTP_AUTH_TAG_LEN 10    /* HMAC-SHA1 truncated to 80 bits */
#define LK_SRTCP_INDEX_LEN 4       /* E flag + 31-bit SRTCP index */
/* Bytes protect adds: SRTP needs cap >= len + 10, SRTCP needs cap >= len + 14. */
#define LK_SRTP_OVERHEAD LK_SRTP_AUTH_TAG_LEN
#define LK_SRTCP_OVERHEAD (LK_SRTCP_INDEX_LEN + LK_SRTP_AUTH_TAG_LEN)
/* SSRCs one context tracks (each entry is about 40 bytes). A call has one audio SSRC per
 * direction plus RTCP from the same SSRCs; 16 leaves room for simulcast/retransmission SSRCs. */
#define LK_SRTP_MAX_STREAMS 16
/* RFC 3711 3.3.2: "the receiver SHALL use a replay list ... a sliding window of size at least
 * 64 is RECOMMENDED (SHOULD be at least 64)". */
#define LK_SRTP_REPLAY_WINDOW 64

typedef struct lk_srtp lk_srtp_t;

/**
 * Creates a context from a master key (16 bytes) and master salt (14 bytes) and derives the SRTP
 * and SRTCP session keys. The key material is copied; the caller may wipe its copies.
 * Returns 0, LK_ERR_INVALID_ARG, LK_ERR_NO_MEMORY or LK_ERR_CRYPTO.
 */
int lk_srtp_create(lk_srtp_t **out, const uint8_t key[LK_SRTP_MASTER_KEY_LEN],
                   const uint8_t salt[LK_SRTP_MASTER_SALT_LEN]);

/** Wipes the keys and frees the context; NULL is ignored. */
void lk_srtp_destroy(lk_srtp_t *s);

/**
 * Protects one RTP packet in place: pkt[0..len) is the plain packet (header with CSRCs and
 * extension, payload, padding), cap the buffer's size (cap >= len + LK_SRTP_OVERHEAD).
 * The sender's rollover counter follows the sequence numbers (RFC 3711 3.3.1).
 * Returns the new length (> 0), LK_ERR_BUFFER_TOO_SMALL, LK_ERR_MALFORMED (not a parseable RTP
 * packet), LK_ERR_QUEUE_FULL (SSRC table full) or LK_ERR_CRYPTO.
 */
int lk_srtp_protect(lk_srtp_t *s, uint8_t *pkt, size_t len, size_t cap);

/**
 * Verifies and decrypts one SRTP packet in place. Returns the new (plain) length, or
 * LK_ERR_MALFORMED (too short / bad header), LK_ERR_AUTH (tag mismatch: tampered or wrong key),
 * LK_ERR_REPLAY (seen before or older than the 64-packet window), LK_ERR_QUEUE_FULL or
 * LK_ERR_CRYPTO. On any error the buffer is left exactly as it was given.
 */
int lk_srtp_unprotect(lk_srtp_t *s, uint8_t *pkt, size_t len);

/**
 * Protects one compound RTCP packet in place (always encrypted: E flag set), appending the
 * SRTCP index and tag; cap >= len + LK_SRTCP_OVERHEAD. The index is per sender SSRC, starts at 0
 * and wraps modulo 2^31 (RFC 3711 3.3.2). Returns the new length or a negative LK_ERR_*.
 */
int lk_srtcp_protect(lk_srtp_t *s, uint8_t *pkt, size_t len, size_t cap);

/**
 * Verifies and (if the E flag is set) decrypts one SRTCP packet in place. Returns the new length
 * or LK_ERR_MALFORMED / LK_ERR_AUTH / LK_ERR_REPLAY / LK_ERR_QUEUE_FULL / LK_ERR_CRYPTO; on error
 * the buffer is unchanged.
 */
int lk_srtcp_unprotect(lk_srtp_t *s, uint8_t *pkt, size_t len);

/* ---- Building blocks, exposed for the RFC 3711 Appendix B vectors and the benchmark. ---- */

/** RFC 3711 4.3.1 key derivation (kdr 0, index 0): out[0..out_len) for the given label
 *  (0 SRTP enc, 1 SRTP auth, 2 SRTP salt, 3 SRTCP enc, 4 SRTCP auth, 5 SRTCP salt). */
int lk_srtp_kdf(const uint8_t key[LK_SRTP_MASTER_KEY_LEN],
                const uint8_t salt[LK_SRTP_MASTER_SALT_LEN], uint8_t label, uint8_t *out,
                size_t out_len);

/** RFC 3711 4.1.1 AES counter-mode keystream: out[0..out_len) = AES-CM(key, iv) where iv is the
 *  full 16-byte initial counter block (the low 16 bits are the block counter). */
int lk_srtp_aes_cm_keystream(const uint8_t key[16], const uint8_t iv[16], uint8_t *out,
                             size_t out_len);

#ifdef __cplusplus
}
#endif
#endif /* LK_SRTP_H */
