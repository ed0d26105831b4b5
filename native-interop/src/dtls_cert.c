/*
 * dtls_cert.c - the DTLS identity: an ECDSA P-256 key and a self-signed X.509 v3 certificate
 * signed with SHA-256, its SDP fingerprint (RFC 8122 5), and export/import for flash caching.
 *
 * WebRTC peers authenticate each other by the certificate's fingerprint carried in the
 * signalled SDP, not by a CA (RFC 8827 6.5), so the certificate's names and validity do not
 * matter to peers; the validity is fixed (the core has no wall clock) and spans 2020..2049.
 */
#include "dtls_internal.h"
#include "lk_error.h"
#include "random.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/x509_crt.h>
#if !LK_MBEDTLS_3
#include <mbedtls/bignum.h>
#endif
#include <mbedtls/x509_csr.h>

#define CERT_DER_MAX 600 /* a P-256 self-signed certificate is about 400 bytes */
#define KEY_DER_MAX 160  /* a SEC1 P-256 private key with its public point is 121 bytes */
#define SERIAL_LEN 8

int lk_dtls_rng(void *p_rng, unsigned char *out, size_t len)
{
    (void)p_rng;
    return lk_random_bytes(out, len) == LK_OK ? 0 : MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
}

int lk_dtls_sha256(const uint8_t *data, size_t len, uint8_t out[LK_DTLS_SHA256_LEN])
{
    const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    if (info == NULL || mbedtls_md(info, data, len, out) != 0) {
        return LK_ERR_CRYPTO;
    }
    return LK_OK;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int lk_dtls_parse_fingerprint(const char *text, uint8_t out[LK_DTLS_SHA256_LEN])
{
    if (text == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    const char *p = text;
    for (size_t i = 0; i < LK_DTLS_SHA256_LEN; i++) {
        int hi = hex_value(p[0]);
        int lo = hi < 0 ? -1 : hex_value(p[1]);
        if (hi < 0 || lo < 0) {
            return LK_ERR_INVALID_ARG;
        }
        out[i] = (uint8_t)((hi << 4) | lo);
        p += 2;
        if (i + 1 < LK_DTLS_SHA256_LEN) {
            if (*p != ':') {
                return LK_ERR_INVALID_ARG;
            }
            p++;
        }
    }
    return *p == '\0' ? LK_OK : LK_ERR_INVALID_ARG;
}

static lk_dtls_cert_t *cert_alloc(void)
{
    lk_dtls_cert_t *c = calloc(1, sizeof *c);
    if (c != NULL) {
        mbedtls_x509_crt_init(&c->crt);
        mbedtls_pk_init(&c->key);
    }
    return c;
}

void lk_dtls_cert_free(lk_dtls_cert_t *cert)
{
    if (cert == NULL) {
        return;
    }
    mbedtls_x509_crt_free(&cert->crt);
    mbedtls_pk_free(&cert->key);
    mbedtls_platform_zeroize(cert, sizeof *cert);
    free(cert);
}

/* Writes the self-signed certificate for cert->key into der[0..cap); returns the length (the
 * DER sits at the END of the buffer, as mbedTLS writes it) or a negative code. */
static int write_self_signed(lk_dtls_cert_t *cert, uint8_t *der, size_t cap)
{
    uint8_t serial[SERIAL_LEN];
    if (lk_random_bytes(serial, sizeof serial) != LK_OK) {
        return LK_ERR_IO;
    }
    serial[0] &= 0x7f; /* RFC 5280 4.1.2.2: a positive integer */
    serial[0] |= 0x01; /* and without a leading zero octet */
    mbedtls_x509write_cert w;
    mbedtls_x509write_crt_init(&w);
    mbedtls_x509write_crt_set_version(&w, MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(&w, &cert->key);
    mbedtls_x509write_crt_set_issuer_key(&w, &cert->key);
    int ret = mbedtls_x509write_crt_set_subject_name(&w, "CN=lk-rtc");
    if (ret == 0) {
        ret = mbedtls_x509write_crt_set_issuer_name(&w, "CN=lk-rtc");
    }
    if (ret == 0) {
        ret = mbedtls_x509write_crt_set_validity(&w, "20200101000000", "20491231235959");
    }
#if LK_MBEDTLS_3
    if (ret == 0) {
        ret = mbedtls_x509write_crt_set_serial_raw(&w, serial, sizeof serial);
    }
#else
    mbedtls_mpi mpi;
    mbedtls_mpi_init(&mpi);
    if (ret == 0) {
        ret = mbedtls_mpi_read_binary(&mpi, serial, sizeof serial);
    }
    if (ret == 0) {
        ret = mbedtls_x509write_crt_set_serial(&w, &mpi);
    }
    mbedtls_mpi_free(&mpi);
#endif
    if (ret == 0) {
        ret = mbedtls_x509write_crt_der(&w, der, cap, lk_dtls_rng, NULL);
    }
    mbedtls_x509write_crt_free(&w);
    return ret > 0 ? ret : LK_ERR_CRYPTO;
}

static int cert_finish(lk_dtls_cert_t *c)
{
    return lk_dtls_sha256(c->crt.raw.p, c->crt.raw.len, c->digest);
}

int lk_dtls_cert_create(lk_dtls_cert_t **out)
{
    if (out == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    *out = NULL;
    lk_dtls_cert_t *c = cert_alloc();
    if (c == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    int rc = LK_ERR_CRYPTO;
    uint8_t *der = malloc(CERT_DER_MAX);
    if (der == NULL) {
        rc = LK_ERR_NO_MEMORY;
        goto fail;
    }
    if (mbedtls_pk_setup(&c->key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0) {
        goto fail;
    }
    int ret = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(c->key), lk_dtls_rng, NULL);
    if (ret != 0) {
        rc = ret == MBEDTLS_ERR_ENTROPY_SOURCE_FAILED ? LK_ERR_IO : LK_ERR_CRYPTO;
        goto fail;
    }
    int len = write_self_signed(c, der, CERT_DER_MAX);
    if (len < 0) {
        rc = len;
        goto fail;
    }
    if (mbedtls_x509_crt_parse_der(&c->crt, der + CERT_DER_MAX - len, (size_t)len) != 0) {
        goto fail;
    }
    rc = cert_finish(c);
    if (rc != 0) {
        goto fail;
    }
    free(der);
    *out = c;
    return LK_OK;
fail:
    free(der);
    lk_dtls_cert_free(c);
    return rc;
}

int lk_dtls_cert_fingerprint(const lk_dtls_cert_t *cert, char *out, size_t cap)
{
    if (cert == NULL || out == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (cap < LK_DTLS_FINGERPRINT_LEN) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (size_t i = 0; i < LK_DTLS_SHA256_LEN; i++) {
        if (i > 0) {
            out[n++] = ':';
        }
        out[n++] = hex[cert->digest[i] >> 4];
        out[n++] = hex[cert->digest[i] & 0x0f];
    }
    out[n] = '\0';
    return (int)n;
}

int lk_dtls_cert_export(const lk_dtls_cert_t *cert, uint8_t *out, size_t cap)
{
    if (cert == NULL || out == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    uint8_t key_der[KEY_DER_MAX + 64];
    /* mbedtls_pk_write_key_der takes a non-const context but does not modify it. */
    int key_len = mbedtls_pk_write_key_der((mbedtls_pk_context *)&cert->key, key_der, sizeof key_der);
    if (key_len <= 0) {
        mbedtls_platform_zeroize(key_der, sizeof key_der);
        return LK_ERR_CRYPTO;
    }
    size_t crt_len = cert->crt.raw.len;
    size_t total = 2 + crt_len + 2 + (size_t)key_len;
    if (cap < total || crt_len > 0xffff) {
        mbedtls_platform_zeroize(key_der, sizeof key_der);
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    out[0] = (uint8_t)(crt_len >> 8);
    out[1] = (uint8_t)crt_len;
    memcpy(out + 2, cert->crt.raw.p, crt_len);
    out[2 + crt_len] = (uint8_t)(key_len >> 8);
    out[3 + crt_len] = (uint8_t)key_len;
    memcpy(out + 4 + crt_len, key_der + sizeof key_der - (size_t)key_len, (size_t)key_len);
    mbedtls_platform_zeroize(key_der, sizeof key_der);
    return (int)total;
}

int lk_dtls_cert_import(lk_dtls_cert_t **out, const uint8_t *blob, size_t len)
{
    if (out == NULL || blob == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    *out = NULL;
    if (len < 4) {
        return LK_ERR_MALFORMED;
    }
    size_t crt_len = ((size_t)blob[0] << 8) | blob[1];
    if (crt_len == 0 || 2 + crt_len + 2 > len) {
        return LK_ERR_MALFORMED;
    }
    size_t key_len = ((size_t)blob[2 + crt_len] << 8) | blob[3 + crt_len];
    if (key_len == 0 || 4 + crt_len + key_len != len) {
        return LK_ERR_MALFORMED;
    }
    lk_dtls_cert_t *c = cert_alloc();
    if (c == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    int rc = LK_ERR_MALFORMED;
    if (mbedtls_x509_crt_parse_der(&c->crt, blob + 2, crt_len) != 0) {
        goto fail;
    }
#if LK_MBEDTLS_3
    int ret = mbedtls_pk_parse_key(&c->key, blob + 4 + crt_len, key_len, NULL, 0, lk_dtls_rng, NULL);
#else
    int ret = mbedtls_pk_parse_key(&c->key, blob + 4 + crt_len, key_len, NULL, 0);
#endif
    if (ret != 0 || mbedtls_pk_get_type(&c->key) != MBEDTLS_PK_ECKEY ||
        mbedtls_pk_ec(c->key)->LK_MBEDTLS_PRIV(grp).id != MBEDTLS_ECP_DP_SECP256R1) {
        goto fail;
    }
#if LK_MBEDTLS_3
    ret = mbedtls_pk_check_pair(&c->crt.pk, &c->key, lk_dtls_rng, NULL);
#else
    ret = mbedtls_pk_check_pair(&c->crt.pk, &c->key);
#endif
    if (ret != 0) {
        goto fail;
    }
    rc = cert_finish(c);
    if (rc != 0) {
        goto fail;
    }
    *out = c;
    return LK_OK;
fail:
    lk_dtls_cert_free(c);
    return rc;
}
