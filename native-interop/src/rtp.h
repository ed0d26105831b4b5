/*
 * rtp.h - the RTP and RTCP basics the audio m-line needs (RFC 3550): parse an RTP header, write
 * one, and write an RTCP sender report compound (SR + SDES CNAME) for the SRTCP layer.
 *
 * Pure functions over caller buffers with explicit lengths; no state, no allocation, no clock
 * (the NTP timestamp of a sender report is passed in). Safe from any thread.
 */
#ifndef LK_RTP_H
#define LK_RTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_RTP_HEADER_LEN 12     /* fixed header without CSRCs or extension */
#define LK_RTP_CLOCK_OPUS 48000  /* RFC 7587 4.1: "the RTP timestamp is incremented with a 48000 Hz clock rate" */
#define LK_RTCP_SR_LEN 28        /* SR without report blocks (RFC 3550 6.4.1) */
/* RFC 3550 6.2: "the RECOMMENDED value for a fixed minimum interval is 5 seconds"; A.7
 * randomizes each interval over [0.5, 1.5] times that. */
#define LK_RTCP_INTERVAL_MS 5000

typedef struct lk_rtp_header {
    uint8_t pt;
    bool marker;
    uint16_t seq;
    uint32_t timestamp;
    uint32_t ssrc;
    size_t header_len;   /* fixed header + CSRCs + extension: the payload starts here */
    size_t payload_len;  /* without padding */
} lk_rtp_header_t;

/** Parses the RTP packet pkt[0..len) (version 2). Returns LK_OK or LK_ERR_MALFORMED (short,
 *  wrong version, CSRC/extension/padding beyond the end). */
int lk_rtp_parse(const uint8_t *pkt, size_t len, lk_rtp_header_t *out);

/** Writes a 12-byte header (V=2, no padding, extension or CSRC). Returns LK_RTP_HEADER_LEN or
 *  LK_ERR_BUFFER_TOO_SMALL / LK_ERR_INVALID_ARG (pt > 127). */
int lk_rtp_write_header(uint8_t *buf, size_t cap, uint8_t pt, bool marker, uint16_t seq,
                        uint32_t timestamp, uint32_t ssrc);

/**
 * Writes a compound RTCP packet: SR (RFC 3550 6.4.1, no report blocks) + SDES with one CNAME
 * chunk (6.5: every compound packet carries a CNAME). ntp is the 64-bit NTP timestamp for
 * rtp_timestamp; packets/octets are the sender's counts (octets: payload bytes only).
 * cname is 1..255 bytes. Returns the length or LK_ERR_BUFFER_TOO_SMALL / LK_ERR_INVALID_ARG.
 */
int lk_rtcp_write_sr(uint8_t *buf, size_t cap, uint32_t ssrc, uint64_t ntp, uint32_t rtp_timestamp,
                     uint32_t packets, uint32_t octets, const char *cname);

/** The 64-bit NTP timestamp of a millisecond clock value: seconds since 1900 in the high 32
 *  bits (the clock's epoch is taken as 1970 when it is a Unix time, else it is only relative,
 *  which is all RTT and stream synchronisation need). */
uint64_t lk_rtp_ntp_from_ms(uint64_t ms);

#ifdef __cplusplus
}
#endif
#endif /* LK_RTP_H */
