/* rtp.c - RTP header parse/write and the RTCP sender report (see rtp.h). */
#include <string.h>

#include "lk_error.h"
#include "rtp.h"

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

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int lk_rtp_parse(const uint8_t *pkt, size_t len, lk_rtp_header_t *out)
{
    if (pkt == NULL || out == NULL || len < LK_RTP_HEADER_LEN || (pkt[0] >> 6) != 2) {
        return LK_ERR_MALFORMED;
    }
    size_t hl = LK_RTP_HEADER_LEN + 4u * (pkt[0] & 0x0f);
    if (hl > len) {
        return LK_ERR_MALFORMED;
    }
    if (pkt[0] & 0x10) { /* RFC 3550 5.3.1: 16-bit profile id, 16-bit length in words */
        if (hl + 4 > len) {
            return LK_ERR_MALFORMED;
        }
        hl += 4 + 4u * rd16(pkt + hl + 2);
        if (hl > len) {
            return LK_ERR_MALFORMED;
        }
    }
    size_t pad = 0;
    if (pkt[0] & 0x20) { /* RFC 3550 5.1: the last octet counts the padding, itself included */
        pad = pkt[len - 1];
        if (pad == 0 || hl + pad > len) {
            return LK_ERR_MALFORMED;
        }
    }
    out->marker = (pkt[1] & 0x80) != 0;
    out->pt = pkt[1] & 0x7f;
    out->seq = rd16(pkt + 2);
    out->timestamp = rd32(pkt + 4);
    out->ssrc = rd32(pkt + 8);
    out->header_len = hl;
    out->payload_len = len - hl - pad;
    return LK_OK;
}

int lk_rtp_write_header(uint8_t *buf, size_t cap, uint8_t pt, bool marker, uint16_t seq,
                        uint32_t timestamp, uint32_t ssrc)
{
    if (buf == NULL || pt > 127) {
        return LK_ERR_INVALID_ARG;
    }
    if (cap < LK_RTP_HEADER_LEN) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    buf[0] = 0x80;
    buf[1] = (uint8_t)((marker ? 0x80 : 0) | pt);
    wr16(buf + 2, seq);
    wr32(buf + 4, timestamp);
    wr32(buf + 8, ssrc);
    return LK_RTP_HEADER_LEN;
}

int lk_rtcp_write_sr(uint8_t *buf, size_t cap, uint32_t ssrc, uint64_t ntp, uint32_t rtp_timestamp,
                     uint32_t packets, uint32_t octets, const char *cname)
{
    size_t cl = cname != NULL ? strlen(cname) : 0;
    if (buf == NULL || cl == 0 || cl > 255) {
        return LK_ERR_INVALID_ARG;
    }
    /* SDES: 4 header + 4 SSRC + (1 type + 1 length + cname) + END (0) padded to 32 bits. */
    size_t sdes = 8 + ((2 + cl + 1 + 3) & ~(size_t)3);
    if (cap < LK_RTCP_SR_LEN + sdes) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    uint8_t *p = buf;
    p[0] = 0x80; /* V=2, P=0, RC=0 */
    p[1] = 200;  /* SR */
    wr16(p + 2, LK_RTCP_SR_LEN / 4 - 1);
    wr32(p + 4, ssrc);
    wr32(p + 8, (uint32_t)(ntp >> 32));
    wr32(p + 12, (uint32_t)ntp);
    wr32(p + 16, rtp_timestamp);
    wr32(p + 20, packets);
    wr32(p + 24, octets);
    p += LK_RTCP_SR_LEN;
    memset(p, 0, sdes);
    p[0] = 0x81; /* V=2, SC=1 */
    p[1] = 202;  /* SDES */
    wr16(p + 2, (uint16_t)(sdes / 4 - 1));
    wr32(p + 4, ssrc);
    p[8] = 1;    /* CNAME */
    p[9] = (uint8_t)cl;
    memcpy(p + 10, cname, cl);
    /* the END item and the padding are the zeros already there */
    return (int)(LK_RTCP_SR_LEN + sdes);
}

uint64_t lk_rtp_ntp_from_ms(uint64_t ms)
{
    /* RFC 5905 6: NTP era 0 starts 1900-01-01; 2208988800 s separate it from 1970-01-01. */
    uint64_t sec = ms / 1000u + 2208988800u;
    uint64_t frac = ((ms % 1000u) << 32) / 1000u;
    return sec << 32 | frac;
}
