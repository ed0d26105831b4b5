/* test_rtp.c - RTP header parse/write and the RTCP sender report of rtp.c, on annotated bytes. */
#include "test_util.h"
#include "lk_error.h"
#include "rtp.h"

static void test_parse_plain(void)
{
    static const uint8_t pkt[] = {
        0x80, 0xef,             /* V=2 P=0 X=0 CC=0 | M=1 PT=111 */
        0x12, 0x34,             /* seq 0x1234 */
        0x00, 0x00, 0x03, 0xc0, /* timestamp 960 */
        0xde, 0xad, 0xbe, 0xef, /* SSRC */
        0xfc, 0xff, 0xfe,       /* payload (an Opus TOC byte and two more) */
    };
    lk_rtp_header_t h;
    CHECK_EQ_INT(lk_rtp_parse(pkt, sizeof pkt, &h), LK_OK);
    CHECK_EQ_INT(h.pt, 111);
    CHECK_EQ_INT(h.marker, 1);
    CHECK_EQ_INT(h.seq, 0x1234);
    CHECK_EQ_INT(h.timestamp, 960);
    CHECK_EQ_INT(h.ssrc, 0xdeadbeefu);
    CHECK_EQ_INT(h.header_len, 12);
    CHECK_EQ_INT(h.payload_len, 3);
}

static void test_parse_csrc_extension_padding(void)
{
    static const uint8_t pkt[] = {
        0xb1, 0x6f,             /* V=2 P=1 X=1 CC=1 | M=0 PT=111 */
        0x00, 0x01,
        0x00, 0x00, 0x00, 0x02,
        0x00, 0x00, 0x00, 0x03,
        0x11, 0x22, 0x33, 0x44, /* CSRC */
        0xbe, 0xde, 0x00, 0x01, /* RFC 8285 one-byte extension profile, 1 word */
        0x10, 0xaa, 0x00, 0x00, /* id 1 len 1: 0xaa, padding */
        0x01,                   /* payload */
        0x02, 0x00, 0x03,       /* 3 bytes of padding, the last one the count */
    };
    lk_rtp_header_t h;
    CHECK_EQ_INT(lk_rtp_parse(pkt, sizeof pkt - 1, &h), LK_ERR_MALFORMED); /* last byte 0: no count */
    CHECK_EQ_INT(lk_rtp_parse(pkt, sizeof pkt, &h), LK_OK);
    CHECK_EQ_INT(h.marker, 0);
    CHECK_EQ_INT(h.header_len, 24);
    CHECK_EQ_INT(h.payload_len, 1); /* 28 bytes - 24 header - 3 padding */
}

static void test_parse_malformed(void)
{
    uint8_t pkt[16] = {0x80, 0x6f};
    lk_rtp_header_t h;
    CHECK_EQ_INT(lk_rtp_parse(pkt, 11, &h), LK_ERR_MALFORMED);          /* short */
    pkt[0] = 0x40;
    CHECK_EQ_INT(lk_rtp_parse(pkt, 16, &h), LK_ERR_MALFORMED);          /* version 1 */
    pkt[0] = 0x82;
    CHECK_EQ_INT(lk_rtp_parse(pkt, 16, &h), LK_ERR_MALFORMED);          /* 2 CSRCs past the end */
    pkt[0] = 0x90;
    CHECK_EQ_INT(lk_rtp_parse(pkt, 14, &h), LK_ERR_MALFORMED);          /* extension header cut */
    pkt[0] = 0x90;
    pkt[14] = 0x00;
    pkt[15] = 0x05;
    CHECK_EQ_INT(lk_rtp_parse(pkt, 16, &h), LK_ERR_MALFORMED);          /* extension too long */
    pkt[0] = 0xa0;
    pkt[15] = 0x00;
    CHECK_EQ_INT(lk_rtp_parse(pkt, 16, &h), LK_ERR_MALFORMED);          /* padding count 0 */
    pkt[15] = 5;
    CHECK_EQ_INT(lk_rtp_parse(pkt, 16, &h), LK_ERR_MALFORMED);          /* padding into header */
    CHECK_EQ_INT(lk_rtp_parse(NULL, 16, &h), LK_ERR_MALFORMED);
}

static void test_write_roundtrip(void)
{
    uint8_t buf[12];
    CHECK_EQ_INT(lk_rtp_write_header(buf, 11, 111, true, 1, 2, 3), LK_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ_INT(lk_rtp_write_header(buf, 12, 128, true, 1, 2, 3), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_rtp_write_header(buf, 12, 111, true, 0xfffe, 0x01020304, 0xa1b2c3d4), 12);
    static const uint8_t want[12] = {0x80, 0xef, 0xff, 0xfe, 0x01, 0x02, 0x03, 0x04, 0xa1, 0xb2, 0xc3, 0xd4};
    CHECK_MEM(buf, want, 12);
    lk_rtp_header_t h;
    CHECK_EQ_INT(lk_rtp_parse(buf, 12, &h), LK_OK);
    CHECK_EQ_INT(h.payload_len, 0);
}

static void test_sender_report(void)
{
    uint8_t buf[64];
    uint64_t ntp = 0x0123456789abcdefull;
    CHECK_EQ_INT(lk_rtcp_write_sr(buf, sizeof buf, 0x11223344, ntp, 0x55667788, 10, 1000, ""), LK_ERR_INVALID_ARG);
    CHECK_EQ_INT(lk_rtcp_write_sr(buf, 40, 0x11223344, ntp, 0x55667788, 10, 1000, "abcd"), LK_ERR_BUFFER_TOO_SMALL);
    int n = lk_rtcp_write_sr(buf, sizeof buf, 0x11223344, ntp, 0x55667788, 10, 1000, "abcd");
    static const uint8_t want[] = {
        0x80, 200, 0x00, 0x06,              /* SR, RC 0, length 6 words after the first */
        0x11, 0x22, 0x33, 0x44,             /* sender SSRC */
        0x01, 0x23, 0x45, 0x67,             /* NTP seconds */
        0x89, 0xab, 0xcd, 0xef,             /* NTP fraction */
        0x55, 0x66, 0x77, 0x88,             /* RTP timestamp */
        0x00, 0x00, 0x00, 0x0a,             /* packet count */
        0x00, 0x00, 0x03, 0xe8,             /* octet count */
        0x81, 202, 0x00, 0x03,              /* SDES, SC 1, length 3 words */
        0x11, 0x22, 0x33, 0x44,             /* chunk SSRC */
        0x01, 0x04, 'a', 'b', 'c', 'd',     /* CNAME "abcd" */
        0x00, 0x00,                         /* END + pad to 32 bits */
    };
    CHECK_EQ_INT(n, sizeof want);
    CHECK_MEM(buf, want, sizeof want);
    /* A CNAME whose end lands on a word boundary still gets a whole word for END. */
    n = lk_rtcp_write_sr(buf, sizeof buf, 1, ntp, 2, 3, 4, "ab");
    CHECK_EQ_INT(n, 28 + 16); /* SSRC word + item word + END word */
    CHECK_EQ_INT(buf[28 + 3], 3);
    CHECK_EQ_INT(buf[28 + 12], 0);
}

static void test_ntp(void)
{
    uint64_t v = lk_rtp_ntp_from_ms(1500);
    CHECK_EQ_INT(v >> 32, 2208988801ull);
    CHECK_EQ_INT((uint32_t)v, 0x80000000u);
}

int main(void)
{
    RUN_TEST(test_parse_plain);
    RUN_TEST(test_parse_csrc_extension_padding);
    RUN_TEST(test_parse_malformed);
    RUN_TEST(test_write_roundtrip);
    RUN_TEST(test_sender_report);
    RUN_TEST(test_ntp);
    TEST_MAIN_END();
}
