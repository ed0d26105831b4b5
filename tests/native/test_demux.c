/* test_demux.c - RFC 7983 classification of every first-byte range and the length minimums. */
#include "test_util.h"

#include "demux.h"

static lk_demux_kind_t classify_first(uint8_t b0, uint8_t b1, size_t len)
{
    uint8_t buf[64] = {0};
    buf[0] = b0;
    buf[1] = b1;
    return lk_demux_classify(buf, len);
}

static void test_ranges(void)
{
    for (int b = 0; b < 256; b++) {
        lk_demux_kind_t k = classify_first((uint8_t)b, 0x6f, 64);
        lk_demux_kind_t want = LK_DEMUX_UNKNOWN;
        if (b <= 3) {
            want = LK_DEMUX_STUN;
        } else if (b >= 20 && b <= 63) {
            want = LK_DEMUX_DTLS;
        } else if (b >= 64 && b <= 79) {
            want = LK_DEMUX_TURN_CHANNEL;
        } else if (b >= 128 && b <= 191) {
            want = LK_DEMUX_RTP;
        }
        if (k != want) {
            fprintf(stderr, "first byte %d: got %s want %s\n", b, lk_demux_kind_name(k),
                    lk_demux_kind_name(want));
        }
        CHECK(k == want);
    }
}

static void test_rtp_vs_rtcp(void)
{
    /* RFC 5761 4: second byte 192..223 is RTCP (SR 200, RR 201, ..., PSFB 206). */
    for (int pt = 0; pt < 256; pt++) {
        lk_demux_kind_t k = classify_first(0x80, (uint8_t)pt, 64);
        CHECK(k == ((pt >= 192 && pt <= 223) ? LK_DEMUX_RTCP : LK_DEMUX_RTP));
    }
    /* Opus PT 111 with the marker bit (0xEF) stays RTP. */
    CHECK(classify_first(0x80, 0xEF, 64) == LK_DEMUX_RTP);
    CHECK(classify_first(0x81, 200, 28) == LK_DEMUX_RTCP);
}

static void test_lengths(void)
{
    CHECK(lk_demux_classify(NULL, 0) == LK_DEMUX_UNKNOWN);
    CHECK(lk_demux_classify(NULL, 5) == LK_DEMUX_UNKNOWN);
    CHECK(classify_first(0x00, 0x01, 19) == LK_DEMUX_UNKNOWN);
    CHECK(classify_first(0x00, 0x01, 20) == LK_DEMUX_STUN);
    CHECK(classify_first(22, 0xfe, 12) == LK_DEMUX_UNKNOWN);
    CHECK(classify_first(22, 0xfe, 13) == LK_DEMUX_DTLS);
    CHECK(classify_first(0x40, 0x00, 3) == LK_DEMUX_UNKNOWN);
    CHECK(classify_first(0x40, 0x00, 4) == LK_DEMUX_TURN_CHANNEL);
    CHECK(classify_first(0x80, 111, 11) == LK_DEMUX_UNKNOWN);
    CHECK(classify_first(0x80, 111, 12) == LK_DEMUX_RTP);
    CHECK(classify_first(0x80, 201, 7) == LK_DEMUX_UNKNOWN);
    CHECK(classify_first(0x80, 201, 8) == LK_DEMUX_RTCP);
    CHECK(classify_first(0x80, 201, 1) == LK_DEMUX_UNKNOWN);
    CHECK(strcmp(lk_demux_kind_name(LK_DEMUX_DTLS), "dtls") == 0);
    CHECK(strcmp(lk_demux_kind_name((lk_demux_kind_t)99), "unknown") == 0);
}

int main(void)
{
    RUN_TEST(test_ranges);
    RUN_TEST(test_rtp_vs_rtcp);
    RUN_TEST(test_lengths);
    TEST_MAIN_END();
}
