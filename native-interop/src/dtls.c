/*
 * dtls.c - DTLS 1.2 endpoint on mbedTLS, sans-I/O (see dtls.h for the contract).
 *
 * mbedTLS runs non-blocking over two internal callbacks: its "recv" hands over the one datagram
 * given to lk_dtls_handle_input (borrowed for the duration of that call only), its "send" appends
 * to the TX FIFO. Its timer callbacks read the time last passed in by the caller, never a clock.
 */
#include "dtls_internal.h"
#include "lk_error.h"
#include "random.h"

#include <stdlib.h>
#include <string.h>

#include <mbedtls/platform_util.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/x509.h>
#if defined(MBEDTLS_PSA_CRYPTO_C) && LK_MBEDTLS_3
#include <psa/crypto.h>
#endif

#if !defined(MBEDTLS_SSL_PROTO_DTLS) || !defined(MBEDTLS_SSL_DTLS_SRTP)
#error "mbedTLS needs MBEDTLS_SSL_PROTO_DTLS and MBEDTLS_SSL_DTLS_SRTP (ESP-IDF: CONFIG_MBEDTLS_SSL_DTLS_SRTP=y)"
#endif
#if !defined(MBEDTLS_SSL_COOKIE_C) || !defined(MBEDTLS_SSL_DTLS_HELLO_VERIFY)
#error "mbedTLS needs MBEDTLS_SSL_COOKIE_C and MBEDTLS_SSL_DTLS_HELLO_VERIFY for the server role"
#endif
#if !LK_MBEDTLS_3 && !defined(MBEDTLS_SSL_EXPORT_KEYS)
#error "mbedTLS 2.x needs MBEDTLS_SSL_EXPORT_KEYS for the DTLS-SRTP exporter"
#endif

/* RFC 5764 4.2: the exporter label and the 2 * (16 + 14) bytes it produces. */
#define SRTP_EXPORTER_LABEL "EXTRACTOR-dtls_srtp"
#define SRTP_EXPORT_LEN (2 * (LK_DTLS_SRTP_KEY_LEN + LK_DTLS_SRTP_SALT_LEN))
#define MASTER_SECRET_LEN 48
#define TRANSPORT_ID_LEN 16
/* A record's worst-case expansion over its plaintext: 13-byte header, then for AES-CBC-SHA an
 * IV (16), MAC (20) and padding (up to 16); GCM needs 8 + 16. Plus the FIFO's 2-byte length. */
#define RECORD_OVERHEAD_MAX (13 + 16 + 20 + 16 + 2)
/* Each handle_input call processes at most this many records from its datagram (a 1500-byte
 * datagram holds at most 115 empty 13-byte records). */
#define MAX_RECORDS_PER_INPUT 128

/* A FIFO of length-prefixed datagrams/records in one linear buffer (compacted on demand). */
typedef struct fifo {
    uint8_t *buf;
    size_t cap;
    size_t head; /* first queued byte */
    size_t tail; /* one past the last queued byte */
} fifo_t;

struct lk_dtls {
    const lk_dtls_cert_t *cert;
    lk_dtls_role_t role;
    lk_dtls_state_t state;
    int error;     /* LK_ERR_* once FAILED */
    int tls_error; /* the mbedTLS code behind it (diagnostics) */
    uint8_t expected_digest[LK_DTLS_SHA256_LEN];
    uint8_t has_fingerprint;
    uint8_t fingerprint_ok;       /* the peer's leaf certificate matched */
    uint8_t fingerprint_mismatch; /* ... or did not */
    uint8_t srtp_ok;
    uint8_t have_master;

    mbedtls_ssl_config conf;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_cookie_ctx cookie;
    uint8_t transport_id[TRANSPORT_ID_LEN];

    /* Clock and the mbedTLS timer (RFC 6347 4.2.4 retransmission). */
    uint64_t now_ms;
    uint64_t timer_start_ms;
    uint32_t timer_int_ms;
    uint32_t timer_fin_ms; /* 0: cancelled */

    /* The datagram being fed, borrowed from the caller during handle_input only. */
    const uint8_t *in_data;
    size_t in_len;

    fifo_t tx;
    fifo_t rx;
    uint32_t rx_dropped;

    /* Master secret and randoms captured by the export callback, for the RFC 5705 exporter. */
    uint8_t master[MASTER_SECRET_LEN];
    uint8_t randoms[64]; /* client_random | server_random */
    mbedtls_tls_prf_types prf_type;
    lk_dtls_srtp_keys_t keys;
    uint8_t scratch[LK_DTLS_MAX_DATAGRAM]; /* decrypt target for records the RX FIFO can't take */
};

/* Our certificate is ECDSA, so as a server only the ECDSA suites can be chosen; as a client the
 * RSA one lets us talk to a peer whose certificate is RSA (older WebRTC stacks). */
static const int ciphersuites[] = {
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    0,
};

static const mbedtls_ssl_srtp_profile srtp_profiles[] = {
    MBEDTLS_TLS_SRTP_AES128_CM_HMAC_SHA1_80,
    MBEDTLS_TLS_SRTP_UNSET,
};

/* X25519 first (cheapest), then the NIST curves browsers and pion offer. */
#if LK_MBEDTLS_3
static const uint16_t groups[] = {
    MBEDTLS_SSL_IANA_TLS_GROUP_X25519,
    MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
    MBEDTLS_SSL_IANA_TLS_GROUP_SECP384R1,
    MBEDTLS_SSL_IANA_TLS_GROUP_NONE,
};
#else
static const mbedtls_ecp_group_id groups[] = {
    MBEDTLS_ECP_DP_CURVE25519,
    MBEDTLS_ECP_DP_SECP256R1,
    MBEDTLS_ECP_DP_SECP384R1,
    MBEDTLS_ECP_DP_NONE,
};
#endif

/* ---- FIFO ---- */

static int fifo_init(fifo_t *f, size_t cap)
{
    f->buf = malloc(cap);
    f->cap = cap;
    f->head = 0;
    f->tail = 0;
    return f->buf != NULL ? LK_OK : LK_ERR_NO_MEMORY;
}

static void fifo_free(fifo_t *f)
{
    if (f->buf != NULL) {
        mbedtls_platform_zeroize(f->buf, f->cap);
        free(f->buf);
    }
    f->buf = NULL;
}

static size_t fifo_room(const fifo_t *f)
{
    size_t used = f->tail - f->head;
    return f->cap - used;
}

/* Appends one item; LK_ERR_QUEUE_FULL when it does not fit (nothing changes). */
static int fifo_push(fifo_t *f, const uint8_t *data, size_t len)
{
    if (len > 0xffff || len + 2 > fifo_room(f)) {
        return LK_ERR_QUEUE_FULL;
    }
    if (f->cap - f->tail < len + 2) {
        memmove(f->buf, f->buf + f->head, f->tail - f->head);
        f->tail -= f->head;
        f->head = 0;
    }
    f->buf[f->tail] = (uint8_t)(len >> 8);
    f->buf[f->tail + 1] = (uint8_t)len;
    memcpy(f->buf + f->tail + 2, data, len);
    f->tail += len + 2;
    return LK_OK;
}

/* Pops one item into out: its length, 0 when empty, LK_ERR_BUFFER_TOO_SMALL (kept). */
static int fifo_pop(fifo_t *f, uint8_t *out, size_t cap)
{
    if (f->head == f->tail) {
        return 0;
    }
    size_t len = ((size_t)f->buf[f->head] << 8) | f->buf[f->head + 1];
    if (len > cap) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out, f->buf + f->head + 2, len);
    f->head += len + 2;
    if (f->head == f->tail) {
        f->head = 0;
        f->tail = 0;
    }
    return (int)len;
}

/* ---- mbedTLS callbacks ---- */

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    lk_dtls_t *d = ctx;
    if (fifo_push(&d->tx, buf, len) != LK_OK) {
        return MBEDTLS_ERR_SSL_WANT_WRITE;
    }
    return (int)len;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
    lk_dtls_t *d = ctx;
    if (d->in_data == NULL) {
        return MBEDTLS_ERR_SSL_WANT_READ;
    }
    /* One datagram per call; a datagram larger than mbedTLS's buffer is cut, and the records
     * cut in half fail their length checks and are dropped. */
    size_t n = d->in_len < len ? d->in_len : len;
    memcpy(buf, d->in_data, n);
    d->in_data = NULL;
    d->in_len = 0;
    return (int)n;
}

static void timer_set(void *ctx, uint32_t int_ms, uint32_t fin_ms)
{
    lk_dtls_t *d = ctx;
    d->timer_start_ms = d->now_ms;
    d->timer_int_ms = int_ms;
    d->timer_fin_ms = fin_ms;
}

/* mbedTLS's contract: -1 cancelled, 0 none expired, 1 intermediate expired, 2 final expired. */
static int timer_get(void *ctx)
{
    lk_dtls_t *d = ctx;
    if (d->timer_fin_ms == 0) {
        return -1;
    }
    uint64_t elapsed = d->now_ms - d->timer_start_ms;
    if (elapsed >= d->timer_fin_ms) {
        return 2;
    }
    if (elapsed >= d->timer_int_ms) {
        return 1;
    }
    return 0;
}

/* Certificate check: trust comes from the SDP fingerprint only (RFC 8122 5, RFC 8827 6.5), so
 * chain and validity flags are cleared, and the leaf's SHA-256 must match. */
static int verify_peer(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    lk_dtls_t *d = ctx;
    if (depth > 0) {
        *flags = 0;
        return 0;
    }
    uint8_t digest[LK_DTLS_SHA256_LEN];
    if (lk_dtls_sha256(crt->raw.p, crt->raw.len, digest) != LK_OK) {
        return MBEDTLS_ERR_X509_FATAL_ERROR;
    }
    uint8_t diff = 0;
    for (size_t i = 0; i < LK_DTLS_SHA256_LEN; i++) {
        diff |= (uint8_t)(digest[i] ^ d->expected_digest[i]);
    }
    if (diff != 0) {
        d->fingerprint_mismatch = 1;
        /* Not CERT_VERIFY_FAILED: mbedTLS forgives that one in optional mode; this aborts. */
        return MBEDTLS_ERR_X509_FATAL_ERROR;
    }
    d->fingerprint_ok = 1;
    *flags = 0;
    return 0;
}

static void keep_master(lk_dtls_t *d, const unsigned char *secret, size_t len,
                        const unsigned char client_random[32],
                        const unsigned char server_random[32], mbedtls_tls_prf_types prf)
{
    if (len != MASTER_SECRET_LEN) {
        return;
    }
    memcpy(d->master, secret, MASTER_SECRET_LEN);
    memcpy(d->randoms, client_random, 32);
    memcpy(d->randoms + 32, server_random, 32);
    d->prf_type = prf;
    d->have_master = 1;
}

#if LK_MBEDTLS_3
static void export_keys(void *ctx, mbedtls_ssl_key_export_type type, const unsigned char *secret,
                        size_t secret_len, const unsigned char client_random[32],
                        const unsigned char server_random[32], mbedtls_tls_prf_types prf)
{
    if (type == MBEDTLS_SSL_KEY_EXPORT_TLS12_MASTER_SECRET) {
        keep_master(ctx, secret, secret_len, client_random, server_random, prf);
    }
}
#else
static int export_keys(void *ctx, const unsigned char *ms, const unsigned char *kb, size_t maclen,
                       size_t keylen, size_t ivlen, const unsigned char client_random[32],
                       const unsigned char server_random[32], mbedtls_tls_prf_types prf)
{
    (void)kb;
    (void)maclen;
    (void)keylen;
    (void)ivlen;
    keep_master(ctx, ms, MASTER_SECRET_LEN, client_random, server_random, prf);
    return 0;
}
#endif

/* ---- State changes ---- */

static int fail(lk_dtls_t *d, int err, int tls_error)
{
    if (d->state != LK_DTLS_STATE_FAILED) {
        d->state = LK_DTLS_STATE_FAILED;
        d->error = err;
        d->tls_error = tls_error;
        d->timer_fin_ms = 0;
    }
    return d->error;
}

static int map_tls_error(const lk_dtls_t *d, int ret)
{
    if (d->fingerprint_mismatch) {
        return LK_ERR_FINGERPRINT;
    }
    switch (ret) {
    case MBEDTLS_ERR_SSL_TIMEOUT: return LK_ERR_TIMEOUT;
    case MBEDTLS_ERR_SSL_ALLOC_FAILED: return LK_ERR_NO_MEMORY;
    case MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY: return LK_ERR_CLOSED;
    default: return LK_ERR_CRYPTO;
    }
}

/* RFC 5764 4.2: derive the SRTP master keys with the RFC 5705 exporter. */
static int derive_srtp_keys(lk_dtls_t *d)
{
    mbedtls_dtls_srtp_info info;
    memset(&info, 0, sizeof info);
    mbedtls_ssl_get_dtls_srtp_negotiation_result(&d->ssl, &info);
    if (info.LK_MBEDTLS_PRIV(chosen_dtls_srtp_profile) != MBEDTLS_TLS_SRTP_AES128_CM_HMAC_SHA1_80) {
        d->srtp_ok = 0; /* a data-only peer: no SRTP keys */
        return LK_OK;
    }
    if (!d->have_master) {
        return LK_ERR_INTERNAL;
    }
    uint8_t km[SRTP_EXPORT_LEN];
    /* RFC 5705 4: with no context, PRF(master_secret, label, client_random + server_random). */
    int ret = mbedtls_ssl_tls_prf(d->prf_type, d->master, MASTER_SECRET_LEN, SRTP_EXPORTER_LABEL,
                                  d->randoms, sizeof d->randoms, km, sizeof km);
    if (ret != 0) {
        mbedtls_platform_zeroize(km, sizeof km);
        return LK_ERR_CRYPTO;
    }
    const uint8_t *client_key = km;
    const uint8_t *server_key = km + LK_DTLS_SRTP_KEY_LEN;
    const uint8_t *client_salt = km + 2 * LK_DTLS_SRTP_KEY_LEN;
    const uint8_t *server_salt = client_salt + LK_DTLS_SRTP_SALT_LEN;
    int client = d->role == LK_DTLS_ROLE_CLIENT;
    memcpy(d->keys.local_key, client ? client_key : server_key, LK_DTLS_SRTP_KEY_LEN);
    memcpy(d->keys.local_salt, client ? client_salt : server_salt, LK_DTLS_SRTP_SALT_LEN);
    memcpy(d->keys.remote_key, client ? server_key : client_key, LK_DTLS_SRTP_KEY_LEN);
    memcpy(d->keys.remote_salt, client ? server_salt : client_salt, LK_DTLS_SRTP_SALT_LEN);
    mbedtls_platform_zeroize(km, sizeof km);
    d->srtp_ok = 1;
    return LK_OK;
}

static int on_handshake_done(lk_dtls_t *d)
{
    /* Belt and braces: the verify callback must have seen a matching leaf certificate. */
    if (!d->fingerprint_ok) {
        mbedtls_ssl_send_alert_message(&d->ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL,
                                       MBEDTLS_SSL_ALERT_MSG_BAD_CERT);
        return fail(d, LK_ERR_FINGERPRINT, 0);
    }
    int rc = derive_srtp_keys(d);
    mbedtls_platform_zeroize(d->master, sizeof d->master);
    if (rc != LK_OK) {
        return fail(d, rc, 0);
    }
    d->state = LK_DTLS_STATE_CONNECTED;
    return LK_OK;
}

/* Reads every decrypted record mbedTLS has into the RX FIFO. */
static int read_app_data(lk_dtls_t *d)
{
    for (int i = 0; i < MAX_RECORDS_PER_INPUT && d->state == LK_DTLS_STATE_CONNECTED; i++) {
        int ret = mbedtls_ssl_read(&d->ssl, d->scratch, sizeof d->scratch);
        if (ret > 0) {
            if (mbedtls_ssl_get_bytes_avail(&d->ssl) > 0) {
                /* A record larger than any datagram we accept: not SCTP; drop all of it. */
                while (mbedtls_ssl_get_bytes_avail(&d->ssl) > 0 &&
                       mbedtls_ssl_read(&d->ssl, d->scratch, sizeof d->scratch) > 0) {
                }
                d->rx_dropped++;
            } else if (fifo_push(&d->rx, d->scratch, (size_t)ret) != LK_OK) {
                d->rx_dropped++;
            }
            continue;
        }
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE || ret == 0) {
            break;
        }
        if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
            d->state = LK_DTLS_STATE_CLOSED;
            break;
        }
        return fail(d, map_tls_error(d, ret), ret);
    }
    return d->state == LK_DTLS_STATE_FAILED ? d->error : LK_OK;
}

/* Runs the handshake as far as input and time allow. */
static int drive(lk_dtls_t *d)
{
    if (d->state == LK_DTLS_STATE_HANDSHAKING) {
        int ret = mbedtls_ssl_handshake(&d->ssl);
        if (ret == MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) {
            /* RFC 6347 4.2.1: the HelloVerifyRequest is out; stay stateless until the client
             * returns the cookie. */
            mbedtls_ssl_session_reset(&d->ssl);
            mbedtls_ssl_set_client_transport_id(&d->ssl, d->transport_id, sizeof d->transport_id);
#if LK_MBEDTLS_3
            /* Per-context in 3.x: set again in case a reset ever clears it. */
            mbedtls_ssl_set_export_keys_cb(&d->ssl, export_keys, d);
#endif
            return LK_OK;
        }
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
            return LK_OK;
        }
        if (ret != 0) {
            return fail(d, map_tls_error(d, ret), ret);
        }
        int rc = on_handshake_done(d);
        if (rc != LK_OK) {
            return rc;
        }
    }
    if (d->state == LK_DTLS_STATE_CONNECTED) {
        return read_app_data(d);
    }
    return LK_OK;
}

/* ---- Public API ---- */

static int setup_tls(lk_dtls_t *d)
{
    int server = d->role == LK_DTLS_ROLE_SERVER;
    if (mbedtls_ssl_config_defaults(&d->conf, server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
                                    MBEDTLS_SSL_TRANSPORT_DATAGRAM, MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
        return LK_ERR_CRYPTO;
    }
#if LK_MBEDTLS_3
    mbedtls_ssl_conf_min_tls_version(&d->conf, MBEDTLS_SSL_VERSION_TLS1_2);
    mbedtls_ssl_conf_max_tls_version(&d->conf, MBEDTLS_SSL_VERSION_TLS1_2);
    mbedtls_ssl_conf_groups(&d->conf, groups);
#else
    mbedtls_ssl_conf_min_version(&d->conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(&d->conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_curves(&d->conf, groups);
#endif
    mbedtls_ssl_conf_rng(&d->conf, lk_dtls_rng, NULL);
    mbedtls_ssl_conf_ciphersuites(&d->conf, ciphersuites);
    mbedtls_ssl_conf_extended_master_secret(&d->conf, MBEDTLS_SSL_EXTENDED_MS_ENABLED);
    /* Mutual authentication: a server requests (and requires) the client's certificate. Our own
     * certificate doubles as the "CA" so mbedTLS's required mode has a chain to run; the verify
     * callback then decides by fingerprint alone. */
    mbedtls_ssl_conf_authmode(&d->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&d->conf, (mbedtls_x509_crt *)&d->cert->crt, NULL);
    mbedtls_ssl_conf_verify(&d->conf, verify_peer, d);
    if (mbedtls_ssl_conf_own_cert(&d->conf, (mbedtls_x509_crt *)&d->cert->crt,
                                  (mbedtls_pk_context *)&d->cert->key) != 0) {
        return LK_ERR_CRYPTO;
    }
    if (mbedtls_ssl_conf_dtls_srtp_protection_profiles(&d->conf, srtp_profiles) != 0) {
        return LK_ERR_CRYPTO;
    }
    mbedtls_ssl_conf_srtp_mki_value_supported(&d->conf, MBEDTLS_SSL_DTLS_SRTP_MKI_UNSUPPORTED);
    mbedtls_ssl_conf_handshake_timeout(&d->conf, LK_DTLS_RETRANSMIT_MIN_MS, LK_DTLS_RETRANSMIT_MAX_MS);
#if !LK_MBEDTLS_3
    mbedtls_ssl_conf_export_keys_ext_cb(&d->conf, export_keys, d);
#endif
    if (server) {
        if (mbedtls_ssl_cookie_setup(&d->cookie, lk_dtls_rng, NULL) != 0) {
            return LK_ERR_CRYPTO;
        }
        mbedtls_ssl_conf_dtls_cookies(&d->conf, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check,
                                      &d->cookie);
        /* The "CA" above is only a vehicle for the fingerprint check: don't advertise it in the
         * CertificateRequest, so no client filters its certificate by it. */
        mbedtls_ssl_conf_cert_req_ca_list(&d->conf, MBEDTLS_SSL_CERT_REQ_CA_LIST_DISABLED);
    }
    if (mbedtls_ssl_setup(&d->ssl, &d->conf) != 0) {
        return LK_ERR_NO_MEMORY;
    }
#if LK_MBEDTLS_3
    mbedtls_ssl_set_export_keys_cb(&d->ssl, export_keys, d);
#endif
    if (!server) {
        /* No host name: the peer is identified by fingerprint (mbedTLS >= 3.6.3 insists on an
         * explicit NULL). */
        mbedtls_ssl_set_hostname(&d->ssl, NULL);
    }
    mbedtls_ssl_set_bio(&d->ssl, d, bio_send, bio_recv, NULL);
    mbedtls_ssl_set_timer_cb(&d->ssl, d, timer_set, timer_get);
    mbedtls_ssl_set_mtu(&d->ssl, LK_DTLS_MTU);
    if (server) {
        if (lk_random_bytes(d->transport_id, sizeof d->transport_id) != LK_OK) {
            return LK_ERR_IO;
        }
        if (mbedtls_ssl_set_client_transport_id(&d->ssl, d->transport_id, sizeof d->transport_id) != 0) {
            return LK_ERR_CRYPTO;
        }
    }
    return LK_OK;
}

int lk_dtls_create(lk_dtls_t **out, const lk_dtls_cert_t *cert, lk_dtls_role_t role,
                   const char *remote_fingerprint)
{
    if (out == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    *out = NULL;
    if (cert == NULL || (role != LK_DTLS_ROLE_CLIENT && role != LK_DTLS_ROLE_SERVER)) {
        return LK_ERR_INVALID_ARG;
    }
    uint8_t digest[LK_DTLS_SHA256_LEN];
    if (remote_fingerprint != NULL && lk_dtls_parse_fingerprint(remote_fingerprint, digest) != LK_OK) {
        return LK_ERR_INVALID_ARG;
    }
#if defined(MBEDTLS_PSA_CRYPTO_C) && LK_MBEDTLS_3
    /* mbedTLS 3.x with TLS 1.3 or USE_PSA_CRYPTO compiled in (ESP-IDF) needs PSA up; idempotent. */
    if (psa_crypto_init() != PSA_SUCCESS) {
        return LK_ERR_CRYPTO;
    }
#endif
    lk_dtls_t *d = calloc(1, sizeof *d);
    if (d == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    d->cert = cert;
    d->role = role;
    d->state = LK_DTLS_STATE_NEW;
    if (remote_fingerprint != NULL) {
        memcpy(d->expected_digest, digest, sizeof digest);
        d->has_fingerprint = 1;
    }
    mbedtls_ssl_config_init(&d->conf);
    mbedtls_ssl_init(&d->ssl);
    mbedtls_ssl_cookie_init(&d->cookie);
    int rc = fifo_init(&d->tx, LK_DTLS_TX_QUEUE_BYTES);
    if (rc == LK_OK) {
        rc = fifo_init(&d->rx, LK_DTLS_RX_QUEUE_BYTES);
    }
    if (rc == LK_OK) {
        rc = setup_tls(d);
    }
    if (rc != LK_OK) {
        lk_dtls_destroy(d);
        return rc;
    }
    *out = d;
    return LK_OK;
}

int lk_dtls_set_remote_fingerprint(lk_dtls_t *d, const char *remote_fingerprint)
{
    if (d == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (d->state != LK_DTLS_STATE_NEW) {
        return LK_ERR_STATE;
    }
    if (lk_dtls_parse_fingerprint(remote_fingerprint, d->expected_digest) != LK_OK) {
        d->has_fingerprint = 0;
        return LK_ERR_INVALID_ARG;
    }
    d->has_fingerprint = 1;
    return LK_OK;
}

int lk_dtls_start(lk_dtls_t *d, uint64_t now_ms)
{
    if (d == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (d->state != LK_DTLS_STATE_NEW || !d->has_fingerprint) {
        return LK_ERR_STATE;
    }
    d->now_ms = now_ms;
    d->state = LK_DTLS_STATE_HANDSHAKING;
    if (d->role == LK_DTLS_ROLE_SERVER) {
        return LK_OK; /* waits for the ClientHello */
    }
    return drive(d);
}

/* 1 when the datagram carries an epoch-0 ClientHello record (RFC 6347 4.1 record header: type,
 * version, epoch, sequence, length; the handshake message type is the fragment's first byte). */
static int has_client_hello(const uint8_t *data, size_t len)
{
    size_t off = 0;
    while (off + 13 <= len) {
        size_t rec_len = ((size_t)data[off + 11] << 8) | data[off + 12];
        uint16_t epoch = (uint16_t)((data[off + 3] << 8) | data[off + 4]);
        if (data[off] == MBEDTLS_SSL_MSG_HANDSHAKE && epoch == 0 && rec_len > 0 &&
            off + 13 < len && data[off + 13] == MBEDTLS_SSL_HS_CLIENT_HELLO) {
            return 1;
        }
        off += 13 + rec_len;
    }
    return 0;
}

int lk_dtls_handle_input(lk_dtls_t *d, uint64_t now_ms, const uint8_t *data, size_t len)
{
    if (d == NULL || data == NULL || len == 0) {
        return LK_ERR_INVALID_ARG;
    }
    if (d->state != LK_DTLS_STATE_HANDSHAKING && d->state != LK_DTLS_STATE_CONNECTED) {
        return LK_ERR_STATE;
    }
    if (now_ms > d->now_ms) {
        d->now_ms = now_ms;
    }
    if (d->state == LK_DTLS_STATE_CONNECTED && d->role == LK_DTLS_ROLE_SERVER &&
        has_client_hello(data, len)) {
        /* A connected server takes no new ClientHello: we support no renegotiation, and
         * mbedTLS's client-port-reuse path would reset the live session for a replayed one whose
         * cookie is still valid. Dropped like any other unwanted record. */
        return LK_OK;
    }
    d->in_data = data;
    d->in_len = len;
    int rc = drive(d);
    /* Whatever mbedTLS did not take is not kept: the caller's buffer is only borrowed. */
    d->in_data = NULL;
    d->in_len = 0;
    return rc;
}

int lk_dtls_handle_timeout(lk_dtls_t *d, uint64_t now_ms)
{
    if (d == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (now_ms > d->now_ms) {
        d->now_ms = now_ms;
    }
    if (d->state != LK_DTLS_STATE_HANDSHAKING || d->timer_fin_ms == 0) {
        return d->state == LK_DTLS_STATE_FAILED ? d->error : LK_OK;
    }
    if (timer_get(d) != 2) {
        return LK_OK;
    }
    return drive(d);
}

uint64_t lk_dtls_poll_timeout(const lk_dtls_t *d)
{
    if (d == NULL || d->state != LK_DTLS_STATE_HANDSHAKING || d->timer_fin_ms == 0) {
        return UINT64_MAX;
    }
    return d->timer_start_ms + d->timer_fin_ms;
}

int lk_dtls_poll_transmit(lk_dtls_t *d, uint8_t *buf, size_t cap)
{
    if (d == NULL || buf == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    return fifo_pop(&d->tx, buf, cap);
}

size_t lk_dtls_max_app_payload(const lk_dtls_t *d)
{
    if (d == NULL || d->state != LK_DTLS_STATE_CONNECTED) {
        return 0;
    }
    int n = mbedtls_ssl_get_max_out_record_payload(&d->ssl);
    return n > 0 ? (size_t)n : 0;
}

int lk_dtls_send(lk_dtls_t *d, const uint8_t *data, size_t len)
{
    if (d == NULL || data == NULL || len == 0) {
        return LK_ERR_INVALID_ARG;
    }
    if (d->state != LK_DTLS_STATE_CONNECTED) {
        return LK_ERR_STATE;
    }
    if (len > lk_dtls_max_app_payload(d)) {
        return LK_ERR_TOO_LARGE;
    }
    if (fifo_room(&d->tx) < len + RECORD_OVERHEAD_MAX) {
        return LK_ERR_QUEUE_FULL;
    }
    int ret = mbedtls_ssl_write(&d->ssl, data, len);
    if (ret == (int)len) {
        return ret;
    }
    if (ret >= 0 || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
        /* Cannot happen with the room check above; the record would be half-queued. */
        return fail(d, LK_ERR_INTERNAL, ret);
    }
    return fail(d, map_tls_error(d, ret), ret);
}

int lk_dtls_poll_app_data(lk_dtls_t *d, uint8_t *buf, size_t cap)
{
    if (d == NULL || buf == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    return fifo_pop(&d->rx, buf, cap);
}

lk_dtls_state_t lk_dtls_state(const lk_dtls_t *d)
{
    return d != NULL ? d->state : LK_DTLS_STATE_FAILED;
}

int lk_dtls_error(const lk_dtls_t *d)
{
    if (d == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    return d->state == LK_DTLS_STATE_FAILED ? d->error : 0;
}

int lk_dtls_tls_error(const lk_dtls_t *d)
{
    return d != NULL ? d->tls_error : 0;
}

lk_dtls_role_t lk_dtls_role(const lk_dtls_t *d)
{
    return d != NULL ? d->role : LK_DTLS_ROLE_CLIENT;
}

int lk_dtls_srtp_keys(const lk_dtls_t *d, lk_dtls_srtp_keys_t *keys)
{
    if (d == NULL || keys == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (d->state != LK_DTLS_STATE_CONNECTED && d->state != LK_DTLS_STATE_CLOSED) {
        return LK_ERR_STATE;
    }
    if (!d->srtp_ok) {
        return LK_ERR_UNSUPPORTED;
    }
    *keys = d->keys;
    return LK_OK;
}

int lk_dtls_close(lk_dtls_t *d, uint64_t now_ms)
{
    if (d == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (now_ms > d->now_ms) {
        d->now_ms = now_ms;
    }
    if (d->state == LK_DTLS_STATE_CONNECTED) {
        /* RFC 5246 7.2.1: "either party may initiate a close by sending a close_notify alert". */
        mbedtls_ssl_close_notify(&d->ssl);
    }
    if (d->state != LK_DTLS_STATE_FAILED) {
        d->state = LK_DTLS_STATE_CLOSED;
    }
    d->timer_fin_ms = 0;
    return LK_OK;
}

void lk_dtls_destroy(lk_dtls_t *d)
{
    if (d == NULL) {
        return;
    }
    mbedtls_ssl_free(&d->ssl);
    mbedtls_ssl_config_free(&d->conf);
    mbedtls_ssl_cookie_free(&d->cookie);
    fifo_free(&d->tx);
    fifo_free(&d->rx);
    mbedtls_platform_zeroize(d, sizeof *d);
    free(d);
}

uint32_t lk_dtls_rx_dropped(const lk_dtls_t *d)
{
    return d != NULL ? d->rx_dropped : 0;
}
