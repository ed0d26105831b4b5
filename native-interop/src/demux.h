/*
 * demux.h - classify one received UDP datagram by its first byte (RFC 7983, section 7).
 *
 *                  +----------------+
 *                  |        [0..3] -+--> STUN
 *                  |      [16..19] -+--> ZRTP          (LK_DEMUX_UNKNOWN here)
 *   packet -->     |      [20..63] -+--> DTLS
 *                  |      [64..79] -+--> TURN Channel  (LK_DEMUX_TURN_CHANNEL)
 *                  |    [128..191] -+--> RTP/RTCP
 *                  +----------------+
 *
 * RTP and RTCP share 128..191; RFC 5761 section 4 separates them by the second byte: RTCP packet
 * types 192..223 (SR 200, RR 201, SDES 202, BYE 203, APP 204, RTPFB 205, PSFB 206, ...) are RTCP;
 * everything else is RTP (payload type = second byte & 0x7f, so RTP payload types 64..95 with the
 * marker bit set would collide and must not be used with rtcp-mux, RFC 5761 section 4).
 *
 * Pure function, no state, no allocation; safe from any thread.
 */
#ifndef LK_DEMUX_H
#define LK_DEMUX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lk_demux_kind {
    LK_DEMUX_UNKNOWN = 0,      /* empty, too short for its kind, or a first byte no one owns: drop */
    LK_DEMUX_STUN = 1,         /* first byte 0..3 and at least the 20-byte STUN header */
    LK_DEMUX_DTLS = 2,         /* first byte 20..63 and at least the 13-byte DTLS record header */
    LK_DEMUX_TURN_CHANNEL = 3, /* first byte 64..79 and at least the 4-byte ChannelData header */
    LK_DEMUX_RTP = 4,          /* first byte 128..191, second byte not 192..223, >= 12 bytes */
    LK_DEMUX_RTCP = 5          /* first byte 128..191, second byte 192..223, >= 8 bytes */
} lk_demux_kind_t;

/** Classifies data[0..len). data may be NULL only when len is 0 (gives LK_DEMUX_UNKNOWN). */
lk_demux_kind_t lk_demux_classify(const uint8_t *data, size_t len);

/** A constant name for a kind ("stun", "dtls", ...), for logs; never NULL. */
const char *lk_demux_kind_name(lk_demux_kind_t kind);

#ifdef __cplusplus
}
#endif
#endif /* LK_DEMUX_H */
