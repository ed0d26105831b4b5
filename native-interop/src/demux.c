/* demux.c - RFC 7983 first-byte demultiplexing of one received datagram. */
#include "demux.h"

/* Minimum sizes of each kind's fixed header; anything shorter cannot be processed. */
#define STUN_HEADER_LEN 20         /* RFC 8489 5 */
#define DTLS_RECORD_HEADER_LEN 13  /* RFC 6347 4.1 */
#define CHANNEL_DATA_HEADER_LEN 4  /* RFC 8656 12.4 */
#define RTP_HEADER_LEN 12          /* RFC 3550 5.1 */
#define RTCP_HEADER_LEN 8          /* RFC 3550 6.4: header + SSRC */

lk_demux_kind_t lk_demux_classify(const uint8_t *data, size_t len)
{
    if (data == NULL || len == 0) {
        return LK_DEMUX_UNKNOWN;
    }
    uint8_t b = data[0];
    /* RFC 7983 7: "If the value is in the range of 0 to 3, then the packet is STUN." */
    if (b <= 3) {
        return len >= STUN_HEADER_LEN ? LK_DEMUX_STUN : LK_DEMUX_UNKNOWN;
    }
    /* "If the value is in the range of 20 to 63, then the packet is DTLS." */
    if (b >= 20 && b <= 63) {
        return len >= DTLS_RECORD_HEADER_LEN ? LK_DEMUX_DTLS : LK_DEMUX_UNKNOWN;
    }
    /* "If the value is in the range of 64 to 79, then the packet is TURN Channel." */
    if (b >= 64 && b <= 79) {
        return len >= CHANNEL_DATA_HEADER_LEN ? LK_DEMUX_TURN_CHANNEL : LK_DEMUX_UNKNOWN;
    }
    /* "If the value is in the range of 128 to 191, then the packet is RTP (or RTCP...)" */
    if (b >= 128 && b <= 191) {
        if (len < 2) {
            return LK_DEMUX_UNKNOWN;
        }
        uint8_t pt = data[1];
        /* RFC 5761 4: RTCP packet types 192..223 (RTP payload types 64..95 with marker). */
        if (pt >= 192 && pt <= 223) {
            return len >= RTCP_HEADER_LEN ? LK_DEMUX_RTCP : LK_DEMUX_UNKNOWN;
        }
        return len >= RTP_HEADER_LEN ? LK_DEMUX_RTP : LK_DEMUX_UNKNOWN;
    }
    /* 4..15 reserved, 16..19 ZRTP, 80..127 and 192..255 unassigned: drop. */
    return LK_DEMUX_UNKNOWN;
}

const char *lk_demux_kind_name(lk_demux_kind_t kind)
{
    switch (kind) {
    case LK_DEMUX_STUN: return "stun";
    case LK_DEMUX_DTLS: return "dtls";
    case LK_DEMUX_TURN_CHANNEL: return "turn-channel";
    case LK_DEMUX_RTP: return "rtp";
    case LK_DEMUX_RTCP: return "rtcp";
    case LK_DEMUX_UNKNOWN:
    default: return "unknown";
    }
}
