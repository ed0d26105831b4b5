/* test_dcep.c - DATA_CHANNEL_OPEN / ACK encoding and parsing (RFC 8832 5) on annotated bytes. */
#include <stdint.h>
#include <string.h>

#include "dcep.h"
#include "lk_error.h"
#include "test_util.h"

/* What libwebrtc sends for createDataChannel("_lossy", {ordered: false, maxRetransmits: 0}):
 * type 0x03, channel type 0x81 (partial reliable rexmit, unordered), priority 256 ("normal"),
 * reliability 0, label length 6, protocol length 0, "_lossy". */
static const uint8_t k_open_lossy[] = {
    0x03, 0x81, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00,
    '_', 'l', 'o', 's', 's', 'y'};

static void test_parse_lossy(void)
{
    lk_dcep_open_t o;
    CHECK_EQ_INT(lk_dcep_message_type(k_open_lossy, sizeof k_open_lossy), LK_DCEP_MSG_OPEN);
    CHECK_EQ_INT(lk_dcep_parse_open(k_open_lossy, sizeof k_open_lossy, &o), 0);
    CHECK_EQ_INT(o.channel_type, LK_DCEP_CHANNEL_PARTIAL_RELIABLE_REXMIT | LK_DCEP_UNORDERED_BIT);
    CHECK_EQ_INT(o.priority, 256);
    CHECK_EQ_INT(o.reliability, 0);
    CHECK_EQ_INT(o.label_len, 6);
    CHECK_MEM(o.label, "_lossy", 6);
    CHECK_EQ_INT(o.protocol_len, 0);
}

static void test_roundtrip(void)
{
    lk_dcep_open_t o, p;
    uint8_t buf[64];
    int n;
    memset(&o, 0, sizeof o);
    o.channel_type = LK_DCEP_CHANNEL_PARTIAL_RELIABLE_TIMED;
    o.priority = 512;
    o.reliability = 0x01020304;
    o.label = (const uint8_t *)"chat";
    o.label_len = 4;
    o.protocol = (const uint8_t *)"json";
    o.protocol_len = 4;
    n = lk_dcep_encode_open(&o, buf, sizeof buf);
    CHECK_EQ_INT(n, 20);
    CHECK_EQ_INT(buf[0], 0x03);
    CHECK_EQ_INT(buf[1], 0x02);
    CHECK_EQ_INT(buf[4], 0x01);
    CHECK_EQ_INT(buf[7], 0x04);
    CHECK_EQ_INT(lk_dcep_parse_open(buf, (size_t)n, &p), 0);
    CHECK_EQ_INT(p.reliability, 0x01020304);
    CHECK_MEM(p.label, "chat", 4);
    CHECK_MEM(p.protocol, "json", 4);
    CHECK_EQ_INT(lk_dcep_encode_open(&o, buf, 19), LK_ERR_BUFFER_TOO_SMALL);
    o.channel_type = 0x03; /* not a channel type */
    CHECK_EQ_INT(lk_dcep_encode_open(&o, buf, sizeof buf), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_dcep_encode_ack(buf, sizeof buf), 1);
    CHECK_EQ_INT(buf[0], LK_DCEP_MSG_ACK);
    CHECK_EQ_INT(lk_dcep_encode_ack(buf, 0), LK_ERR_BUFFER_TOO_SMALL);
}

static void test_malformed(void)
{
    lk_dcep_open_t o;
    uint8_t bad[sizeof k_open_lossy];
    CHECK_EQ_INT(lk_dcep_parse_open(k_open_lossy, 11, &o), LK_ERR_MALFORMED);       /* short header */
    CHECK_EQ_INT(lk_dcep_parse_open(k_open_lossy, sizeof k_open_lossy - 1, &o), LK_ERR_MALFORMED); /* label cut */
    memcpy(bad, k_open_lossy, sizeof bad);
    bad[0] = 0x02;
    CHECK_EQ_INT(lk_dcep_parse_open(bad, sizeof bad, &o), LK_ERR_MALFORMED);         /* an ACK */
    memcpy(bad, k_open_lossy, sizeof bad);
    bad[1] = 0x05;
    CHECK_EQ_INT(lk_dcep_parse_open(bad, sizeof bad, &o), LK_ERR_MALFORMED);         /* channel type */
    memcpy(bad, k_open_lossy, sizeof bad);
    bad[10] = 0xff;
    CHECK_EQ_INT(lk_dcep_parse_open(bad, sizeof bad, &o), LK_ERR_MALFORMED);         /* protocol length */
    CHECK_EQ_INT(lk_dcep_message_type(k_open_lossy, 0), LK_ERR_MALFORMED);
}

int main(void)
{
    RUN_TEST(test_parse_lossy);
    RUN_TEST(test_roundtrip);
    RUN_TEST(test_malformed);
    TEST_MAIN_END();
}
