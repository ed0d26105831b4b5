/*
 * stun.h - STUN messages (RFC 8489, compatible with RFC 5389) as ICE uses them (RFC 8445
 * section 7, RFC 7675): parse, build, short-term MESSAGE-INTEGRITY (HMAC-SHA1) and FINGERPRINT.
 *
 * Attributes understood: MAPPED-ADDRESS, XOR-MAPPED-ADDRESS (IPv4 and IPv6), USERNAME,
 * MESSAGE-INTEGRITY, FINGERPRINT, ERROR-CODE, PRIORITY, USE-CANDIDATE, ICE-CONTROLLED,
 * ICE-CONTROLLING. Other comprehension-optional attributes (0x8000-0xFFFF) are skipped; unknown
 * comprehension-required ones (0x0000-0x7FFF) are listed in unknown[] so a server can answer 420.
 * Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (RFC 8489 14.5).
 *
 * Parsing is zero-copy: lk_stun_msg_t's username/reason point into the parsed buffer.
 * Pure functions, no globals, no allocation; safe from any thread on distinct objects.
 */
#ifndef LK_STUN_H
#define LK_STUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LK_STUN_HEADER_LEN 20
#define LK_STUN_MAGIC_COOKIE 0x2112A442u
#define LK_STUN_TID_LEN 12
#define LK_STUN_INTEGRITY_LEN 20
#define LK_STUN_FINGERPRINT_XOR 0x5354554Eu
#define LK_STUN_MAX_UNKNOWN 4

/* Methods (RFC 8489 section 18.2) */
#define LK_STUN_METHOD_BINDING 0x001

/* Classes (RFC 8489 section 5) */
typedef enum lk_stun_class {
    LK_STUN_REQUEST = 0,
    LK_STUN_INDICATION = 1,
    LK_STUN_SUCCESS = 2,
    LK_STUN_ERROR = 3
} lk_stun_class_t;

/* Attribute types (RFC 8489 section 18.3, RFC 8445 section 16.1) */
#define LK_STUN_ATTR_MAPPED_ADDRESS 0x0001
#define LK_STUN_ATTR_USERNAME 0x0006
#define LK_STUN_ATTR_MESSAGE_INTEGRITY 0x0008
#define LK_STUN_ATTR_ERROR_CODE 0x0009
#define LK_STUN_ATTR_UNKNOWN_ATTRIBUTES 0x000A
#define LK_STUN_ATTR_REALM 0x0014
#define LK_STUN_ATTR_NONCE 0x0015
#define LK_STUN_ATTR_XOR_MAPPED_ADDRESS 0x0020
#define LK_STUN_ATTR_PRIORITY 0x0024
#define LK_STUN_ATTR_USE_CANDIDATE 0x0025
#define LK_STUN_ATTR_SOFTWARE 0x8022
#define LK_STUN_ATTR_FINGERPRINT 0x8028
#define LK_STUN_ATTR_ICE_CONTROLLED 0x8029
#define LK_STUN_ATTR_ICE_CONTROLLING 0x802A

/* Error codes used by ICE */
#define LK_STUN_ERR_BAD_REQUEST 400
#define LK_STUN_ERR_UNAUTHORIZED 401
#define LK_STUN_ERR_UNKNOWN_ATTRIBUTE 420
#define LK_STUN_ERR_ROLE_CONFLICT 487

typedef struct lk_stun_msg {
    uint16_t method;                     /* 12 bits */
    lk_stun_class_t cls;
    uint8_t tid[LK_STUN_TID_LEN];
    size_t length;                       /* header + attributes, as declared by the header */

    bool has_mapped;                     /* MAPPED-ADDRESS */
    lk_addr_t mapped;
    bool has_xor_mapped;                 /* XOR-MAPPED-ADDRESS (decoded) */
    lk_addr_t xor_mapped;
    const uint8_t *username;             /* into the buffer; NULL when absent */
    size_t username_len;
    bool has_integrity;                  /* MESSAGE-INTEGRITY present */
    size_t integrity_offset;             /* offset of its attribute header in the buffer */
    bool has_fingerprint;                /* FINGERPRINT present (last attribute) */
    size_t fingerprint_offset;
    uint16_t error_code;                 /* ERROR-CODE: class*100+number, 0 when absent */
    const uint8_t *reason;               /* ERROR-CODE reason phrase into the buffer */
    size_t reason_len;
    bool has_priority;
    uint32_t priority;
    bool use_candidate;
    bool has_ice_controlling;
    uint64_t ice_controlling;            /* its tie-breaker */
    bool has_ice_controlled;
    uint64_t ice_controlled;
    uint8_t unknown_count;               /* unknown comprehension-required attributes */
    uint16_t unknown[LK_STUN_MAX_UNKNOWN];
} lk_stun_msg_t;

/** Quick test: could data[0..len) be a STUN message (top two bits 0, magic cookie, length a
 *  multiple of 4 that matches len)? */
bool lk_stun_is_message(const uint8_t *data, size_t len);

/**
 * Parses data[0..len) (one whole UDP datagram). Returns LK_OK or LK_ERR_MALFORMED (shorter
 * than a header, top bits set, bad magic cookie, length not a multiple of 4 or not matching
 * len, an attribute overrunning the message, a known attribute with a bad value, FINGERPRINT
 * not last). Integrity and fingerprint are not checked here: call the verify functions.
 */
int lk_stun_parse(const uint8_t *data, size_t len, lk_stun_msg_t *msg);

/** Checks MESSAGE-INTEGRITY with the short-term key (the ICE password, RFC 8489 9.1.2).
 *  Returns LK_OK, LK_ERR_AUTH (absent or wrong) or LK_ERR_INVALID_ARG. */
int lk_stun_verify_integrity(const uint8_t *data, size_t len, const lk_stun_msg_t *msg,
                             const uint8_t *key, size_t key_len);

/** Checks FINGERPRINT. Returns LK_OK or LK_ERR_AUTH (absent or wrong). */
int lk_stun_verify_fingerprint(const uint8_t *data, size_t len, const lk_stun_msg_t *msg);

/** CRC-32 (ISO-HDLC, the one of FINGERPRINT before the xor) of data[0..len). */
uint32_t lk_stun_crc32(const uint8_t *data, size_t len);

/* ---------------------------------------------------------------------------------------- */
/* Building: begin, add attributes, optionally integrity then fingerprint; w.len is the size.
 * Each call returns LK_OK or LK_ERR_BUFFER_TOO_SMALL / LK_ERR_INVALID_ARG; after an error the
 * writer stays failed (w.err) and later calls return the same error. */

typedef struct lk_stun_writer {
    uint8_t *buf;
    size_t cap;
    size_t len;
    int err;
} lk_stun_writer_t;

int lk_stun_write_begin(lk_stun_writer_t *w, uint8_t *buf, size_t cap, uint16_t method,
                        lk_stun_class_t cls, const uint8_t tid[LK_STUN_TID_LEN]);
/** Any attribute from raw value bytes (padded to 4 with zeros). */
int lk_stun_write_attr(lk_stun_writer_t *w, uint16_t type, const void *value, size_t value_len);
int lk_stun_write_u32(lk_stun_writer_t *w, uint16_t type, uint32_t v);
int lk_stun_write_u64(lk_stun_writer_t *w, uint16_t type, uint64_t v);
/** MAPPED-ADDRESS (xor false) or XOR-MAPPED-ADDRESS (xor true) of addr. */
int lk_stun_write_address(lk_stun_writer_t *w, uint16_t type, const lk_addr_t *addr, bool xor);
int lk_stun_write_error_code(lk_stun_writer_t *w, uint16_t code, const char *reason);
/** MESSAGE-INTEGRITY with HMAC-SHA1 over the message so far (RFC 8489 14.5). */
int lk_stun_write_integrity(lk_stun_writer_t *w, const uint8_t *key, size_t key_len);
/** FINGERPRINT, the last attribute (RFC 8489 14.7). */
int lk_stun_write_fingerprint(lk_stun_writer_t *w);

#ifdef __cplusplus
}
#endif
#endif /* LK_STUN_H */
