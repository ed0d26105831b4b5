/*
 * dcep.h - the Data Channel Establishment Protocol messages (RFC 8832) and the WebRTC PPIDs
 * (RFC 8831 8). Pure encode/parse functions over caller buffers; no state, no allocation.
 *
 * DATA_CHANNEL_OPEN (RFC 8832 5.1), all integers big-endian:
 *   u8 message type 0x03 | u8 channel type | u16 priority | u32 reliability parameter |
 *   u16 label length | u16 protocol length | label | protocol
 * DATA_CHANNEL_ACK (RFC 8832 5.2): u8 message type 0x02.
 */
#ifndef LK_DCEP_H
#define LK_DCEP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* RFC 8831 8: SCTP Payload Protocol Identifiers of WebRTC. */
#define LK_PPID_DCEP 50
#define LK_PPID_STRING 51
#define LK_PPID_BINARY 53
#define LK_PPID_STRING_EMPTY 56
#define LK_PPID_BINARY_EMPTY 57

#define LK_DCEP_MSG_ACK 0x02
#define LK_DCEP_MSG_OPEN 0x03

/* RFC 8832 5.1 channel types; 0x80 is the unordered bit. */
#define LK_DCEP_CHANNEL_RELIABLE 0x00
#define LK_DCEP_CHANNEL_PARTIAL_RELIABLE_REXMIT 0x01
#define LK_DCEP_CHANNEL_PARTIAL_RELIABLE_TIMED 0x02
#define LK_DCEP_UNORDERED_BIT 0x80

#define LK_DCEP_OPEN_HEADER_LEN 12

typedef struct lk_dcep_open {
    uint8_t channel_type;       /* LK_DCEP_CHANNEL_* | optional LK_DCEP_UNORDERED_BIT */
    uint16_t priority;
    uint32_t reliability;       /* retransmissions or lifetime ms; ignored for reliable */
    const uint8_t *label;       /* points into the parsed buffer (parse) / caller data (encode) */
    uint16_t label_len;
    const uint8_t *protocol;
    uint16_t protocol_len;
} lk_dcep_open_t;

/** Encodes DATA_CHANNEL_OPEN into out. Returns the length or LK_ERR_BUFFER_TOO_SMALL /
 *  LK_ERR_INVALID_ARG (unknown channel type). */
int lk_dcep_encode_open(const lk_dcep_open_t *open, uint8_t *out, size_t cap);

/** Encodes DATA_CHANNEL_ACK (one byte). Returns 1 or LK_ERR_BUFFER_TOO_SMALL. */
int lk_dcep_encode_ack(uint8_t *out, size_t cap);

/** The message type of a DCEP message (LK_DCEP_MSG_*), or LK_ERR_MALFORMED when empty. */
int lk_dcep_message_type(const uint8_t *msg, size_t len);

/** Parses DATA_CHANNEL_OPEN; label/protocol point into msg. Returns 0 or LK_ERR_MALFORMED
 *  (short, wrong type, lengths beyond the message, unknown channel type). */
int lk_dcep_parse_open(const uint8_t *msg, size_t len, lk_dcep_open_t *open);

#ifdef __cplusplus
}
#endif
#endif /* LK_DCEP_H */
