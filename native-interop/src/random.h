/*
 * random.h - the platform's cryptographic random number generator.
 *
 * Implemented once per port: port/posix/random_posix.c (getrandom(2)) and
 * port/esp-idf/random_esp_idf.c (esp_fill_random). There is no weak fallback: when the platform
 * cannot deliver strong randomness the call fails and the caller must fail too (DTLS keys, ICE
 * credentials and SRTP-related material are never drawn from a time-seeded PRNG).
 *
 * Threading: safe to call from any thread; it keeps no state of its own.
 */
#ifndef LK_RANDOM_H
#define LK_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Fills buf[0..len) with cryptographically strong random bytes.
 * Returns 0 (LK_OK) on success, LK_ERR_INVALID_ARG when buf is NULL and len > 0, LK_ERR_IO
 * when the platform source failed. len == 0 succeeds without touching buf.
 */
int lk_random_bytes(uint8_t *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* LK_RANDOM_H */
