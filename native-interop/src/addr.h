/*
 * addr.h - a transport address (IPv4 or IPv6 plus a UDP port) as the sans-I/O core passes it
 * around: a small value type, no sockaddr, no DNS. The port converts to and from its sockets.
 *
 * Pure functions, no state, no allocation; safe from any thread.
 */
#ifndef LK_ADDR_H
#define LK_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_ADDR_NONE 0 /* family of an unset address */
#define LK_ADDR_V4 4
#define LK_ADDR_V6 6

/* Longest text lk_addr_format_ip writes (IPv6 with embedded IPv4) plus its NUL. */
#define LK_ADDR_IP_STR_MAX 46
/* Longest text lk_addr_format writes ("[v6]:65535") plus its NUL. */
#define LK_ADDR_STR_MAX 54

typedef struct lk_addr {
    uint8_t family;  /* LK_ADDR_NONE, LK_ADDR_V4 or LK_ADDR_V6 */
    uint16_t port;   /* host byte order */
    uint8_t ip[16];  /* network byte order; IPv4 uses ip[0..4), the rest is zero */
} lk_addr_t;

/**
 * Parses a numeric IPv4 ("192.0.2.1") or IPv6 ("2001:db8::1", "::ffff:1.2.3.4") address of
 * exactly text_len bytes (no NUL needed, no brackets, no zone) and sets port.
 * Returns LK_OK or LK_ERR_MALFORMED (hostnames such as mDNS "x.local" are MALFORMED here).
 */
int lk_addr_parse(lk_addr_t *out, const char *text, size_t text_len, uint16_t port);

/** Writes the IP in its canonical text form (RFC 5952 for IPv6) with a NUL.
 *  Returns the length without the NUL, LK_ERR_BUFFER_TOO_SMALL or LK_ERR_INVALID_ARG. */
int lk_addr_format_ip(const lk_addr_t *a, char *buf, size_t cap);

/** Writes "ip:port" or "[ip]:port" with a NUL; returns the length or a negative LK_ERR_*. */
int lk_addr_format(const lk_addr_t *a, char *buf, size_t cap);

/** True when family, IP and port are equal. */
bool lk_addr_equal(const lk_addr_t *a, const lk_addr_t *b);

/** True when family and IP are equal (ports ignored). */
bool lk_addr_equal_ip(const lk_addr_t *a, const lk_addr_t *b);

/** True for 127.0.0.0/8 and ::1. */
bool lk_addr_is_loopback(const lk_addr_t *a);

/** True for fe80::/10. */
bool lk_addr_is_link_local(const lk_addr_t *a);

#ifdef __cplusplus
}
#endif
#endif /* LK_ADDR_H */
