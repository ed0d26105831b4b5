/* dcep.c - DATA_CHANNEL_OPEN / DATA_CHANNEL_ACK encoding and parsing (RFC 8832 5). */
#include "dcep.h"

#include <string.h>

#include "lk_error.h"

static int dcep_type_known(uint8_t t)
{
    uint8_t base = (uint8_t)(t & (uint8_t)~LK_DCEP_UNORDERED_BIT);
    return base == LK_DCEP_CHANNEL_RELIABLE || base == LK_DCEP_CHANNEL_PARTIAL_RELIABLE_REXMIT ||
           base == LK_DCEP_CHANNEL_PARTIAL_RELIABLE_TIMED;
}

int lk_dcep_encode_open(const lk_dcep_open_t *open, uint8_t *out, size_t cap)
{
    size_t need;
    if (open == NULL || out == NULL || !dcep_type_known(open->channel_type)) {
        return LK_ERR_INVALID_ARG;
    }
    if ((open->label_len > 0 && open->label == NULL) || (open->protocol_len > 0 && open->protocol == NULL)) {
        return LK_ERR_INVALID_ARG;
    }
    need = LK_DCEP_OPEN_HEADER_LEN + (size_t)open->label_len + (size_t)open->protocol_len;
    if (cap < need) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    out[0] = LK_DCEP_MSG_OPEN;
    out[1] = open->channel_type;
    out[2] = (uint8_t)(open->priority >> 8);
    out[3] = (uint8_t)open->priority;
    out[4] = (uint8_t)(open->reliability >> 24);
    out[5] = (uint8_t)(open->reliability >> 16);
    out[6] = (uint8_t)(open->reliability >> 8);
    out[7] = (uint8_t)open->reliability;
    out[8] = (uint8_t)(open->label_len >> 8);
    out[9] = (uint8_t)open->label_len;
    out[10] = (uint8_t)(open->protocol_len >> 8);
    out[11] = (uint8_t)open->protocol_len;
    if (open->label_len > 0) {
        memcpy(out + LK_DCEP_OPEN_HEADER_LEN, open->label, open->label_len);
    }
    if (open->protocol_len > 0) {
        memcpy(out + LK_DCEP_OPEN_HEADER_LEN + open->label_len, open->protocol, open->protocol_len);
    }
    return (int)need;
}

int lk_dcep_encode_ack(uint8_t *out, size_t cap)
{
    if (out == NULL || cap < 1) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    out[0] = LK_DCEP_MSG_ACK;
    return 1;
}

int lk_dcep_message_type(const uint8_t *msg, size_t len)
{
    if (msg == NULL || len < 1) {
        return LK_ERR_MALFORMED;
    }
    return msg[0];
}

int lk_dcep_parse_open(const uint8_t *msg, size_t len, lk_dcep_open_t *open)
{
    uint16_t llen, plen;
    if (msg == NULL || open == NULL || len < LK_DCEP_OPEN_HEADER_LEN || msg[0] != LK_DCEP_MSG_OPEN) {
        return LK_ERR_MALFORMED;
    }
    if (!dcep_type_known(msg[1])) {
        return LK_ERR_MALFORMED;
    }
    llen = (uint16_t)((msg[8] << 8) | msg[9]);
    plen = (uint16_t)((msg[10] << 8) | msg[11]);
    if ((size_t)LK_DCEP_OPEN_HEADER_LEN + llen + plen > len) {
        return LK_ERR_MALFORMED;
    }
    open->channel_type = msg[1];
    open->priority = (uint16_t)((msg[2] << 8) | msg[3]);
    open->reliability = ((uint32_t)msg[4] << 24) | ((uint32_t)msg[5] << 16) | ((uint32_t)msg[6] << 8) | msg[7];
    open->label_len = llen;
    open->protocol_len = plen;
    open->label = msg + LK_DCEP_OPEN_HEADER_LEN;
    open->protocol = msg + LK_DCEP_OPEN_HEADER_LEN + llen;
    return 0;
}
