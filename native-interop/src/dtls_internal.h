/*
 * dtls_internal.h - what dtls.c and dtls_cert.c share; not part of the module's API.
 * Also the one place that papers over the mbedTLS 2.28 / 3.x differences they both need.
 */
#ifndef LK_DTLS_INTERNAL_H
#define LK_DTLS_INTERNAL_H

#include "dtls.h"

#include <mbedtls/version.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#if MBEDTLS_VERSION_NUMBER >= 0x03000000
#define LK_MBEDTLS_3 1
/* 3.x made most struct members private; the few we read go through this. */
#define LK_MBEDTLS_PRIV(member) MBEDTLS_PRIVATE(member)
#else
#define LK_MBEDTLS_3 0
#define LK_MBEDTLS_PRIV(member) member
#endif

#define LK_DTLS_SHA256_LEN 32

struct lk_dtls_cert {
    mbedtls_x509_crt crt;                    /* the self-signed certificate (crt.raw: its DER) */
    mbedtls_pk_context key;                  /* its ECDSA P-256 private key */
    uint8_t digest[LK_DTLS_SHA256_LEN];      /* SHA-256 of crt.raw */
};

/* mbedTLS f_rng over lk_random_bytes (the platform CSPRNG); p_rng is unused. */
int lk_dtls_rng(void *p_rng, unsigned char *out, size_t len);

/* SHA-256 of data[0..len) into out. 0 or LK_ERR_CRYPTO. */
int lk_dtls_sha256(const uint8_t *data, size_t len, uint8_t out[LK_DTLS_SHA256_LEN]);

/* Parses "AB:CD:..." (32 colon-separated hex pairs, either case) into out. 0 or
 * LK_ERR_INVALID_ARG. */
int lk_dtls_parse_fingerprint(const char *text, uint8_t out[LK_DTLS_SHA256_LEN]);

#endif /* LK_DTLS_INTERNAL_H */
