/* stun.c - STUN message parsing and building (RFC 8489), short-term MESSAGE-INTEGRITY
 * (HMAC-SHA1 via mbedTLS md) and FINGERPRINT (CRC-32 xor 0x5354554e). */
#include "stun.h"

#include <string.h>

#include <mbedtls/md.h>

#include "lk_error.h"

#define ATTR_HEADER_LEN 4
#define MI_ATTR_LEN (ATTR_HEADER_LEN + LK_STUN_INTEGRITY_LEN) /* 24 */
#define FP_ATTR_LEN (ATTR_HEADER_LEN + 4)                     /* 8 */
#define MAX_REASON_LEN 763 /* RFC 8489 14.8: fewer than 128 characters, up to 763 bytes */

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static size_t pad4(size_t n)
{
    return (n + 3u) & ~(size_t)3u;
}

uint32_t lk_stun_crc32(const uint8_t *data, size_t len)
{
    /* Reflected CRC-32, polynomial 0xEDB88320 (ISO-HDLC), bitwise: STUN messages are small. */
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int b = 0; b < 8; b++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return crc ^ 0xFFFFFFFFu;
}

/* HMAC-SHA1 over the header with its length field replaced by length_field, then body. */
static int integrity_hmac(const uint8_t *msg, size_t covered, uint16_t length_field,
                          const uint8_t *key, size_t key_len, uint8_t out[LK_STUN_INTEGRITY_LEN])
{
    const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA1);
    mbedtls_md_context_t ctx;
    uint8_t header[LK_STUN_HEADER_LEN];
    int rc;

    if (info == NULL) {
        return LK_ERR_CRYPTO;
    }
    memcpy(header, msg, LK_STUN_HEADER_LEN);
    wr16(header + 2, length_field);
    mbedtls_md_init(&ctx);
    rc = mbedtls_md_setup(&ctx, info, 1);
    if (rc == 0) {
        rc = mbedtls_md_hmac_starts(&ctx, key, key_len);
    }
    if (rc == 0) {
        rc = mbedtls_md_hmac_update(&ctx, header, LK_STUN_HEADER_LEN);
    }
    if (rc == 0 && covered > LK_STUN_HEADER_LEN) {
        rc = mbedtls_md_hmac_update(&ctx, msg + LK_STUN_HEADER_LEN, covered - LK_STUN_HEADER_LEN);
    }
    if (rc == 0) {
        rc = mbedtls_md_hmac_finish(&ctx, out);
    }
    mbedtls_md_free(&ctx);
    return rc == 0 ? LK_OK : LK_ERR_CRYPTO;
}

bool lk_stun_is_message(const uint8_t *data, size_t len)
{
    if (data == NULL || len < LK_STUN_HEADER_LEN || (data[0] & 0xC0) != 0) {
        return false;
    }
    size_t body = rd16(data + 2);
    return (body & 3u) == 0 && body + LK_STUN_HEADER_LEN == len && rd32(data + 4) == LK_STUN_MAGIC_COOKIE;
}

/* Decodes a (XOR-)MAPPED-ADDRESS value. */
static int parse_address(const uint8_t *v, size_t vlen, const uint8_t *header, bool xor, lk_addr_t *out)
{
    lk_addr_t a;
    memset(&a, 0, sizeof a);
    if (vlen < 4) {
        return LK_ERR_MALFORMED;
    }
    uint8_t family = v[1];
    a.port = rd16(v + 2);
    if (xor) {
        a.port ^= (uint16_t)(LK_STUN_MAGIC_COOKIE >> 16);
    }
    if (family == 0x01 && vlen == 8) {
        a.family = LK_ADDR_V4;
        memcpy(a.ip, v + 4, 4);
        if (xor) {
            for (int i = 0; i < 4; i++) {
                a.ip[i] ^= header[4 + i]; /* the magic cookie */
            }
        }
    } else if (family == 0x02 && vlen == 20) {
        a.family = LK_ADDR_V6;
        memcpy(a.ip, v + 4, 16);
        if (xor) {
            for (int i = 0; i < 16; i++) {
                a.ip[i] ^= header[4 + i]; /* magic cookie || transaction id */
            }
        }
    } else {
        return LK_ERR_MALFORMED;
    }
    *out = a;
    return LK_OK;
}

int lk_stun_parse(const uint8_t *data, size_t len, lk_stun_msg_t *msg)
{
    if (msg == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    memset(msg, 0, sizeof *msg);
    if (!lk_stun_is_message(data, len)) {
        return LK_ERR_MALFORMED;
    }
    uint16_t type = rd16(data);
    /* RFC 8489 5: M11..M7 C1 M6..M4 C0 M3..M0 */
    msg->method = (uint16_t)((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));
    msg->cls = (lk_stun_class_t)(((type >> 4) & 1) | ((type >> 7) & 2));
    memcpy(msg->tid, data + 8, LK_STUN_TID_LEN);
    msg->length = len;

    size_t pos = LK_STUN_HEADER_LEN;
    bool after_integrity = false;
    while (pos < len) {
        if (len - pos < ATTR_HEADER_LEN) {
            return LK_ERR_MALFORMED;
        }
        uint16_t atype = rd16(data + pos);
        size_t alen = rd16(data + pos + 2);
        const uint8_t *v = data + pos + ATTR_HEADER_LEN;
        if (pad4(alen) > len - pos - ATTR_HEADER_LEN) {
            return LK_ERR_MALFORMED; /* overruns the message */
        }
        if (msg->has_fingerprint) {
            return LK_ERR_MALFORMED; /* FINGERPRINT must be the last attribute */
        }
        if (atype == LK_STUN_ATTR_FINGERPRINT) {
            if (alen != 4) {
                return LK_ERR_MALFORMED;
            }
            msg->has_fingerprint = true;
            msg->fingerprint_offset = pos;
        } else if (after_integrity) {
            /* RFC 8489 14.5: attributes after MESSAGE-INTEGRITY (but FINGERPRINT) are ignored. */
        } else {
            switch (atype) {
            case LK_STUN_ATTR_MESSAGE_INTEGRITY:
                if (alen != LK_STUN_INTEGRITY_LEN) {
                    return LK_ERR_MALFORMED;
                }
                msg->has_integrity = true;
                msg->integrity_offset = pos;
                after_integrity = true;
                break;
            case LK_STUN_ATTR_MAPPED_ADDRESS:
                if (parse_address(v, alen, data, false, &msg->mapped) != LK_OK) {
                    return LK_ERR_MALFORMED;
                }
                msg->has_mapped = true;
                break;
            case LK_STUN_ATTR_XOR_MAPPED_ADDRESS:
                if (parse_address(v, alen, data, true, &msg->xor_mapped) != LK_OK) {
                    return LK_ERR_MALFORMED;
                }
                msg->has_xor_mapped = true;
                break;
            case LK_STUN_ATTR_USERNAME:
                if (alen == 0 || alen > 513) { /* RFC 8489 14.3: less than 509 bytes; ICE 513 */
                    return LK_ERR_MALFORMED;
                }
                msg->username = v;
                msg->username_len = alen;
                break;
            case LK_STUN_ATTR_ERROR_CODE:
                if (alen < 4 || alen > 4 + MAX_REASON_LEN || (v[2] & 0x7) < 3 || (v[2] & 0x7) > 6 || v[3] > 99) {
                    return LK_ERR_MALFORMED;
                }
                msg->error_code = (uint16_t)((v[2] & 0x7) * 100 + v[3]);
                msg->reason = v + 4;
                msg->reason_len = alen - 4;
                break;
            case LK_STUN_ATTR_PRIORITY:
                if (alen != 4) {
                    return LK_ERR_MALFORMED;
                }
                msg->has_priority = true;
                msg->priority = rd32(v);
                break;
            case LK_STUN_ATTR_USE_CANDIDATE:
                if (alen != 0) {
                    return LK_ERR_MALFORMED;
                }
                msg->use_candidate = true;
                break;
            case LK_STUN_ATTR_ICE_CONTROLLING:
            case LK_STUN_ATTR_ICE_CONTROLLED:
                if (alen != 8) {
                    return LK_ERR_MALFORMED;
                }
                if (atype == LK_STUN_ATTR_ICE_CONTROLLING) {
                    msg->has_ice_controlling = true;
                    msg->ice_controlling = ((uint64_t)rd32(v) << 32) | rd32(v + 4);
                } else {
                    msg->has_ice_controlled = true;
                    msg->ice_controlled = ((uint64_t)rd32(v) << 32) | rd32(v + 4);
                }
                break;
            default:
                if (atype < 0x8000 && atype != LK_STUN_ATTR_UNKNOWN_ATTRIBUTES && atype != LK_STUN_ATTR_REALM &&
                    atype != LK_STUN_ATTR_NONCE && msg->unknown_count < LK_STUN_MAX_UNKNOWN) {
                    msg->unknown[msg->unknown_count++] = atype;
                }
                break; /* comprehension-optional: skipped */
            }
        }
        pos += ATTR_HEADER_LEN + pad4(alen);
    }
    return LK_OK;
}

int lk_stun_verify_integrity(const uint8_t *data, size_t len, const lk_stun_msg_t *msg,
                             const uint8_t *key, size_t key_len)
{
    uint8_t mac[LK_STUN_INTEGRITY_LEN];
    if (data == NULL || msg == NULL || (key == NULL && key_len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    if (!msg->has_integrity || msg->integrity_offset + MI_ATTR_LEN > len || msg->length != len) {
        return LK_ERR_AUTH;
    }
    /* RFC 8489 14.5: the length field covers the message up to and including MESSAGE-INTEGRITY. */
    size_t covered = msg->integrity_offset;
    int rc = integrity_hmac(data, covered, (uint16_t)(covered + MI_ATTR_LEN - LK_STUN_HEADER_LEN), key, key_len, mac);
    if (rc != LK_OK) {
        return rc;
    }
    uint8_t diff = 0;
    for (int i = 0; i < LK_STUN_INTEGRITY_LEN; i++) {
        diff |= (uint8_t)(mac[i] ^ data[covered + ATTR_HEADER_LEN + (size_t)i]);
    }
    return diff == 0 ? LK_OK : LK_ERR_AUTH;
}

int lk_stun_verify_fingerprint(const uint8_t *data, size_t len, const lk_stun_msg_t *msg)
{
    if (data == NULL || msg == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (!msg->has_fingerprint || msg->fingerprint_offset + FP_ATTR_LEN != len || msg->length != len) {
        return LK_ERR_AUTH;
    }
    uint32_t crc = lk_stun_crc32(data, msg->fingerprint_offset) ^ LK_STUN_FINGERPRINT_XOR;
    return crc == rd32(data + msg->fingerprint_offset + ATTR_HEADER_LEN) ? LK_OK : LK_ERR_AUTH;
}

/* ---------------------------------------------------------------------------------------- */

static int writer_fail(lk_stun_writer_t *w, int err)
{
    if (w->err == LK_OK) {
        w->err = err;
    }
    return w->err;
}

int lk_stun_write_begin(lk_stun_writer_t *w, uint8_t *buf, size_t cap, uint16_t method,
                        lk_stun_class_t cls, const uint8_t tid[LK_STUN_TID_LEN])
{
    if (w == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->err = LK_OK;
    if (buf == NULL || tid == NULL || method > 0x0FFF || (unsigned)cls > 3) {
        return writer_fail(w, LK_ERR_INVALID_ARG);
    }
    if (cap < LK_STUN_HEADER_LEN) {
        return writer_fail(w, LK_ERR_BUFFER_TOO_SMALL);
    }
    uint16_t type = (uint16_t)((method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) |
                               ((cls & 1) << 4) | ((cls & 2) << 7));
    wr16(buf, type);
    wr16(buf + 2, 0);
    wr32(buf + 4, LK_STUN_MAGIC_COOKIE);
    memcpy(buf + 8, tid, LK_STUN_TID_LEN);
    w->len = LK_STUN_HEADER_LEN;
    return LK_OK;
}

/* Reserves an attribute of value length vlen; returns a pointer to its value or NULL. */
static uint8_t *reserve(lk_stun_writer_t *w, uint16_t type, size_t vlen)
{
    if (w == NULL || w->err != LK_OK) {
        return NULL;
    }
    if (vlen > 0xFFFF || w->cap - w->len < ATTR_HEADER_LEN + pad4(vlen) ||
        w->len + ATTR_HEADER_LEN + pad4(vlen) - LK_STUN_HEADER_LEN > 0xFFFF) {
        writer_fail(w, LK_ERR_BUFFER_TOO_SMALL);
        return NULL;
    }
    uint8_t *p = w->buf + w->len;
    wr16(p, type);
    wr16(p + 2, (uint16_t)vlen);
    memset(p + ATTR_HEADER_LEN, 0, pad4(vlen));
    w->len += ATTR_HEADER_LEN + pad4(vlen);
    wr16(w->buf + 2, (uint16_t)(w->len - LK_STUN_HEADER_LEN));
    return p + ATTR_HEADER_LEN;
}

static int writer_status(lk_stun_writer_t *w)
{
    return w == NULL ? LK_ERR_INVALID_ARG : w->err;
}

int lk_stun_write_attr(lk_stun_writer_t *w, uint16_t type, const void *value, size_t value_len)
{
    if (value == NULL && value_len > 0) {
        return w == NULL ? LK_ERR_INVALID_ARG : writer_fail(w, LK_ERR_INVALID_ARG);
    }
    uint8_t *p = reserve(w, type, value_len);
    if (p != NULL && value_len > 0) {
        memcpy(p, value, value_len);
    }
    return writer_status(w);
}

int lk_stun_write_u32(lk_stun_writer_t *w, uint16_t type, uint32_t v)
{
    uint8_t *p = reserve(w, type, 4);
    if (p != NULL) {
        wr32(p, v);
    }
    return writer_status(w);
}

int lk_stun_write_u64(lk_stun_writer_t *w, uint16_t type, uint64_t v)
{
    uint8_t *p = reserve(w, type, 8);
    if (p != NULL) {
        wr32(p, (uint32_t)(v >> 32));
        wr32(p + 4, (uint32_t)v);
    }
    return writer_status(w);
}

int lk_stun_write_address(lk_stun_writer_t *w, uint16_t type, const lk_addr_t *addr, bool xor)
{
    if (w == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (addr == NULL || (addr->family != LK_ADDR_V4 && addr->family != LK_ADDR_V6)) {
        return writer_fail(w, LK_ERR_INVALID_ARG);
    }
    size_t iplen = addr->family == LK_ADDR_V4 ? 4 : 16;
    uint8_t *p = reserve(w, type, 4 + iplen);
    if (p == NULL) {
        return writer_status(w);
    }
    p[0] = 0;
    p[1] = addr->family == LK_ADDR_V4 ? 0x01 : 0x02;
    uint16_t port = addr->port;
    if (xor) {
        port ^= (uint16_t)(LK_STUN_MAGIC_COOKIE >> 16);
    }
    wr16(p + 2, port);
    for (size_t i = 0; i < iplen; i++) {
        p[4 + i] = xor ? (uint8_t)(addr->ip[i] ^ w->buf[4 + i]) : addr->ip[i];
    }
    return LK_OK;
}

int lk_stun_write_error_code(lk_stun_writer_t *w, uint16_t code, const char *reason)
{
    size_t rlen = reason != NULL ? strlen(reason) : 0;
    if (w == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (code < 300 || code > 699 || rlen > MAX_REASON_LEN) {
        return writer_fail(w, LK_ERR_INVALID_ARG);
    }
    uint8_t *p = reserve(w, LK_STUN_ATTR_ERROR_CODE, 4 + rlen);
    if (p != NULL) {
        p[2] = (uint8_t)(code / 100);
        p[3] = (uint8_t)(code % 100);
        if (rlen > 0) {
            memcpy(p + 4, reason, rlen);
        }
    }
    return writer_status(w);
}

int lk_stun_write_integrity(lk_stun_writer_t *w, const uint8_t *key, size_t key_len)
{
    if (w == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (key == NULL && key_len > 0) {
        return writer_fail(w, LK_ERR_INVALID_ARG);
    }
    size_t covered = w->len;
    uint8_t *p = reserve(w, LK_STUN_ATTR_MESSAGE_INTEGRITY, LK_STUN_INTEGRITY_LEN);
    if (p == NULL) {
        return writer_status(w);
    }
    /* The header length already includes this attribute, as RFC 8489 14.5 requires. */
    int rc = integrity_hmac(w->buf, covered, rd16(w->buf + 2), key, key_len, p);
    return rc == LK_OK ? LK_OK : writer_fail(w, rc);
}

int lk_stun_write_fingerprint(lk_stun_writer_t *w)
{
    if (w == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    size_t covered = w->len;
    uint8_t *p = reserve(w, LK_STUN_ATTR_FINGERPRINT, 4);
    if (p != NULL) {
        wr32(p, lk_stun_crc32(w->buf, covered) ^ LK_STUN_FINGERPRINT_XOR);
    }
    return writer_status(w);
}
