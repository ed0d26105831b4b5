/*
 * dtls.h - DTLS 1.2 for WebRTC (RFC 8827/8842, RFC 5764 DTLS-SRTP) on mbedTLS, sans-I/O.
 *
 * The endpoint never touches a socket or a clock. The caller (the peer-connection core) feeds it
 * datagrams that lk_demux_classify() called LK_DEMUX_DTLS and the current time, and drains what it
 * produces. Usage rule (the str0m "single mutation" rule): after every mutating call
 * (lk_dtls_start, lk_dtls_handle_input, lk_dtls_handle_timeout, lk_dtls_send, lk_dtls_close)
 * drain lk_dtls_poll_transmit() until it returns 0 and lk_dtls_poll_app_data() until it returns
 * 0, then ask lk_dtls_poll_timeout() for the next deadline and call lk_dtls_handle_timeout() when
 * it passes.
 *
 *   now_ms: any monotonic millisecond clock of the caller's choosing; it must never go backwards.
 *
 * What it does: DTLS 1.2 only; TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 preferred (then
 * AES_256_GCM_SHA384, AES_128_CBC_SHA); groups X25519, P-256, P-384; extended master secret;
 * use_srtp offering/accepting only SRTP_AES128_CM_HMAC_SHA1_80; server role answers the first
 * ClientHello with a HelloVerifyRequest cookie (RFC 6347 4.2.1) and requires a client
 * certificate; both roles accept any (self-signed) peer certificate whose SHA-256 fingerprint
 * equals the one from the remote SDP (RFC 8122), and fail with LK_ERR_FINGERPRINT otherwise.
 * Records are sized for a path MTU of LK_DTLS_MTU.
 *
 * Buffer ownership: every input buffer is read during the call and never retained; every output
 * is copied into the caller's buffer. Internally each endpoint owns two bounded FIFOs
 * (LK_DTLS_TX_QUEUE_BYTES of datagrams to send, LK_DTLS_RX_QUEUE_BYTES of decrypted
 * application records); a full TX queue makes lk_dtls_send return LK_ERR_QUEUE_FULL, a full RX
 * queue drops the record (UDP semantics: SCTP above retransmits) and counts it.
 *
 * Threading: none inside. An endpoint must be used by one thread at a time. A certificate is
 * read-only after creation and may be shared by any number of endpoints on any threads; it must
 * outlive every endpoint created with it.
 */
#ifndef LK_DTLS_H
#define LK_DTLS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SDP a=fingerprint value for SHA-256: 32 bytes as "AB:CD:...": 95 characters + NUL. */
#define LK_DTLS_FINGERPRINT_LEN 96
/* Path MTU the records and handshake fragments are sized for (IPv4/IPv6 + UDP headers below
 * this stay within a 1280-byte IPv6 minimum link MTU; pion uses 1200 too). */
#define LK_DTLS_MTU 1200
/* Largest datagram lk_dtls_poll_transmit() produces (a buffer of this size always suffices). */
#define LK_DTLS_MAX_DATAGRAM 1500
#define LK_DTLS_TX_QUEUE_BYTES 8192
#define LK_DTLS_RX_QUEUE_BYTES 8192
/* RFC 6347 4.2.4.1: "Implementations SHOULD use an initial timer value of 1 second ... and double
 * the value at each retransmission, up to no less than the RFC 6298 maximum of 60 seconds."
 * The endpoint gives up (LK_DTLS_STATE_FAILED, LK_ERR_TIMEOUT) when the doubling passes the
 * maximum below; ICE consent (30 s) normally ends a dead path long before that. */
#define LK_DTLS_RETRANSMIT_MIN_MS 1000
#define LK_DTLS_RETRANSMIT_MAX_MS 60000
/* RFC 5764 4.2: SRTP_AES128_CM_HMAC_SHA1_80 has a 128-bit master key and a 112-bit salt. */
#define LK_DTLS_SRTP_KEY_LEN 16
#define LK_DTLS_SRTP_SALT_LEN 14

typedef struct lk_dtls_cert lk_dtls_cert_t;
typedef struct lk_dtls lk_dtls_t;

typedef enum lk_dtls_role {
    LK_DTLS_ROLE_CLIENT = 0, /* SDP a=setup:active: we send the ClientHello */
    LK_DTLS_ROLE_SERVER = 1  /* SDP a=setup:passive: we wait for it */
} lk_dtls_role_t;

typedef enum lk_dtls_state {
    LK_DTLS_STATE_NEW = 0,         /* created, lk_dtls_start not called */
    LK_DTLS_STATE_HANDSHAKING = 1, /* flights in progress */
    LK_DTLS_STATE_CONNECTED = 2,   /* handshake done, fingerprint verified, SRTP keys ready */
    LK_DTLS_STATE_CLOSED = 3,      /* close_notify sent or received */
    LK_DTLS_STATE_FAILED = 4       /* see lk_dtls_error() */
} lk_dtls_state_t;

/* SRTP master keys from the DTLS exporter (RFC 5764 4.2): the 60 exported bytes are
 * client_write_key | server_write_key | client_write_salt | server_write_salt; "local" is what
 * this endpoint protects with, "remote" what it unprotects with. */
typedef struct lk_dtls_srtp_keys {
    uint8_t local_key[LK_DTLS_SRTP_KEY_LEN];
    uint8_t local_salt[LK_DTLS_SRTP_SALT_LEN];
    uint8_t remote_key[LK_DTLS_SRTP_KEY_LEN];
    uint8_t remote_salt[LK_DTLS_SRTP_SALT_LEN];
} lk_dtls_srtp_keys_t;

/* ---- Certificate: ECDSA P-256 key + self-signed X.509 (SHA-256), made once and reused. ---- */

/** Generates a new key and self-signed certificate (about a second on an ESP32-S3: cache it).
 *  Returns 0, LK_ERR_INVALID_ARG, LK_ERR_NO_MEMORY, LK_ERR_IO (no randomness) or LK_ERR_CRYPTO. */
int lk_dtls_cert_create(lk_dtls_cert_t **out);

/** Writes the SDP fingerprint ("AB:CD:..", SHA-256 of the certificate DER, upper-case hex) into
 *  out (cap >= LK_DTLS_FINGERPRINT_LEN). Returns the string length (95) or a negative code. */
int lk_dtls_cert_fingerprint(const lk_dtls_cert_t *cert, char *out, size_t cap);

/** Serialises certificate and private key into one blob for flash storage:
 *  u16 cert_len (big-endian) | cert DER | u16 key_len | key DER (SEC1/PKCS#1 by mbedTLS).
 *  The blob holds the private key: store it where the device's secrets go.
 *  Returns the blob length, or LK_ERR_BUFFER_TOO_SMALL (1024 bytes always suffice). */
int lk_dtls_cert_export(const lk_dtls_cert_t *cert, uint8_t *out, size_t cap);

/** Rebuilds a certificate from lk_dtls_cert_export()'s blob; checks that key and certificate
 *  belong together. Returns 0, LK_ERR_MALFORMED, LK_ERR_NO_MEMORY or LK_ERR_CRYPTO. */
int lk_dtls_cert_import(lk_dtls_cert_t **out, const uint8_t *blob, size_t len);

/** Frees a certificate; NULL is ignored. No endpoint may still use it. */
void lk_dtls_cert_free(lk_dtls_cert_t *cert);

/* ---- Endpoint ---- */

/**
 * Creates an endpoint. remote_fingerprint is the SDP a=fingerprint value for sha-256 ("AB:CD:..",
 * case-insensitive, copied); it may be NULL and given later with lk_dtls_set_remote_fingerprint()
 * but must be set before lk_dtls_start(). Returns 0, LK_ERR_INVALID_ARG (bad role or fingerprint
 * text), LK_ERR_NO_MEMORY or LK_ERR_CRYPTO.
 */
int lk_dtls_create(lk_dtls_t **out, const lk_dtls_cert_t *cert, lk_dtls_role_t role,
                   const char *remote_fingerprint);

/** Sets or replaces the expected peer fingerprint; only before lk_dtls_start (LK_ERR_STATE). */
int lk_dtls_set_remote_fingerprint(lk_dtls_t *d, const char *remote_fingerprint);

/** Starts the handshake: a client queues its ClientHello, a server starts waiting.
 *  Returns 0, LK_ERR_STATE (already started, or no fingerprint set) or LK_ERR_CRYPTO. */
int lk_dtls_start(lk_dtls_t *d, uint64_t now_ms);

/**
 * Processes one received datagram (all the DTLS records in it). Records that do not authenticate
 * or parse are discarded as RFC 6347 4.1.2.7 asks ("invalid records SHOULD be silently
 * discarded"), so a bad datagram normally gives 0. Returns 0 while the endpoint is alive;
 * a negative code when this input made the endpoint fail (then lk_dtls_state() is FAILED and
 * lk_dtls_error() gives the same code: LK_ERR_FINGERPRINT, LK_ERR_CRYPTO (handshake failure or
 * fatal alert from the peer), ...); LK_ERR_STATE before start or after close/failure;
 * LK_ERR_INVALID_ARG for NULL/empty input. Both roles must be started before input arrives
 * (a server's lk_dtls_start sends nothing but arms it).
 */
int lk_dtls_handle_input(lk_dtls_t *d, uint64_t now_ms, const uint8_t *data, size_t len);

/** Advances timers to now_ms: retransmits a lost flight, or fails the handshake with
 *  LK_ERR_TIMEOUT when the retransmission budget is spent. Returns 0 or the failure code. */
int lk_dtls_handle_timeout(lk_dtls_t *d, uint64_t now_ms);

/** The absolute time (same clock as now_ms) lk_dtls_handle_timeout should next be called at, or
 *  UINT64_MAX when no timer runs (connected, closed, failed, or a server still waiting). */
uint64_t lk_dtls_poll_timeout(const lk_dtls_t *d);

/** Pops the next datagram to send into buf. Returns its length (> 0), 0 when none is queued, or
 *  LK_ERR_BUFFER_TOO_SMALL (the datagram stays queued; LK_DTLS_MAX_DATAGRAM always suffices). */
int lk_dtls_poll_transmit(lk_dtls_t *d, uint8_t *buf, size_t cap);

/** Encrypts data[0..len) as one application-data record and queues it. Only when CONNECTED
 *  (LK_ERR_STATE). Returns len, LK_ERR_TOO_LARGE (len > lk_dtls_max_app_payload()),
 *  LK_ERR_QUEUE_FULL (drain lk_dtls_poll_transmit first) or LK_ERR_CRYPTO. */
int lk_dtls_send(lk_dtls_t *d, const uint8_t *data, size_t len);

/** Largest len lk_dtls_send accepts (records must fit LK_DTLS_MTU); 0 before CONNECTED. */
size_t lk_dtls_max_app_payload(const lk_dtls_t *d);

/** Pops one decrypted application record into buf. Returns its length (> 0), 0 when none, or
 *  LK_ERR_BUFFER_TOO_SMALL (the record stays queued; LK_DTLS_MAX_DATAGRAM always suffices). */
int lk_dtls_poll_app_data(lk_dtls_t *d, uint8_t *buf, size_t cap);

lk_dtls_state_t lk_dtls_state(const lk_dtls_t *d);

/** The reason for LK_DTLS_STATE_FAILED (a negative LK_ERR_*), 0 otherwise. */
int lk_dtls_error(const lk_dtls_t *d);

/** The role this endpoint plays. */
lk_dtls_role_t lk_dtls_role(const lk_dtls_t *d);

/** The SRTP keys once CONNECTED (LK_ERR_STATE before). Returns 0 or LK_ERR_UNSUPPORTED when the
 *  peer did not negotiate use_srtp with SRTP_AES128_CM_HMAC_SHA1_80 (a data-only peer). */
int lk_dtls_srtp_keys(const lk_dtls_t *d, lk_dtls_srtp_keys_t *keys);

/** Sends close_notify (queued for lk_dtls_poll_transmit) and moves to CLOSED. Idempotent. */
int lk_dtls_close(lk_dtls_t *d, uint64_t now_ms);

/** Wipes secrets and frees the endpoint; NULL is ignored. */
void lk_dtls_destroy(lk_dtls_t *d);

/** The mbedTLS error code behind the last failure (0 if none), for logs. */
int lk_dtls_tls_error(const lk_dtls_t *d);

/** Records dropped because the RX queue was full (diagnostics). */
uint32_t lk_dtls_rx_dropped(const lk_dtls_t *d);

#ifdef __cplusplus
}
#endif
#endif /* LK_DTLS_H */
