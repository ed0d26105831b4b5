/* test_ice_addr.c - lk_addr_t: numeric IPv4/IPv6 parsing, RFC 5952 formatting, comparisons. */
#include "test_util.h"

#include "addr.h"
#include "lk_error.h"

static void round_trip(const char *in, const char *want, uint8_t family)
{
    lk_addr_t a;
    char out[LK_ADDR_IP_STR_MAX];
    int rc = lk_addr_parse(&a, in, strlen(in), 1234);
    if (rc != LK_OK) {
        fprintf(stderr, "parse failed: %s\n", in);
        CHECK(0);
        return;
    }
    CHECK_EQ_INT(a.family, family);
    CHECK_EQ_INT(a.port, 1234);
    CHECK(lk_addr_format_ip(&a, out, sizeof out) == (int)strlen(want));
    if (strcmp(out, want) != 0) {
        fprintf(stderr, "%s formatted as %s, want %s\n", in, out, want);
        CHECK(0);
    }
}

static void test_parse_format(void)
{
    round_trip("127.0.0.1", "127.0.0.1", LK_ADDR_V4);
    round_trip("0.0.0.0", "0.0.0.0", LK_ADDR_V4);
    round_trip("255.255.255.255", "255.255.255.255", LK_ADDR_V4);
    round_trip("::1", "::1", LK_ADDR_V6);
    round_trip("::", "::", LK_ADDR_V6);
    round_trip("2001:DB8::1", "2001:db8::1", LK_ADDR_V6);
    round_trip("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", LK_ADDR_V6);   /* RFC 5952 4.2.3: first longest run */
    round_trip("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1", LK_ADDR_V6); /* 4.2.2: one zero word stays */
    round_trip("2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1", LK_ADDR_V6);
    round_trip("fe80::1:2", "fe80::1:2", LK_ADDR_V6);
    round_trip("1::", "1::", LK_ADDR_V6);
    round_trip("::ffff:192.0.2.1", "::ffff:192.0.2.1", LK_ADDR_V6);
    round_trip("64:ff9b::192.0.2.33", "64:ff9b::c000:221", LK_ADDR_V6);
}

static void test_malformed(void)
{
    static const char *bad[] = {"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d",
                                "1.2.3.4 ", "x.local", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::",
                                "g::1", ":1", "1:", "1:2:3:4:5:6:7", "[::1]", "::1%eth0",
                                "abcd-1234-aaaa-bbbb.local"};
    lk_addr_t a;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (lk_addr_parse(&a, bad[i], strlen(bad[i]), 1) != LK_ERR_MALFORMED) {
            fprintf(stderr, "accepted %s\n", bad[i]);
            CHECK(0);
        }
    }
    CHECK_EQ_INT(lk_addr_parse(NULL, "1.2.3.4", 7, 1), LK_ERR_INVALID_ARG);
}

static void test_format_with_port_and_compare(void)
{
    lk_addr_t a, b, c;
    char out[LK_ADDR_STR_MAX];
    CHECK_EQ_INT(lk_addr_parse(&a, "127.0.0.1", 9, 5000), LK_OK);
    CHECK_EQ_INT(lk_addr_format(&a, out, sizeof out), 14);
    CHECK(strcmp(out, "127.0.0.1:5000") == 0);
    CHECK_EQ_INT(lk_addr_parse(&b, "::1", 3, 65535), LK_OK);
    CHECK(lk_addr_format(&b, out, sizeof out) > 0 && strcmp(out, "[::1]:65535") == 0);
    CHECK_EQ_INT(lk_addr_format(&b, out, 5), LK_ERR_BUFFER_TOO_SMALL);
    CHECK(lk_addr_is_loopback(&a) && lk_addr_is_loopback(&b));
    CHECK_EQ_INT(lk_addr_parse(&c, "127.0.0.1", 9, 5001), LK_OK);
    CHECK(!lk_addr_equal(&a, &c) && lk_addr_equal_ip(&a, &c));
    CHECK(!lk_addr_equal_ip(&a, &b));
    CHECK_EQ_INT(lk_addr_parse(&c, "fe80::99", 8, 1), LK_OK);
    CHECK(lk_addr_is_link_local(&c) && !lk_addr_is_loopback(&c));
    CHECK_EQ_INT(lk_addr_parse(&c, "192.0.2.1", 9, 1), LK_OK);
    CHECK(!lk_addr_is_loopback(&c));
    lk_addr_t none;
    memset(&none, 0, sizeof none);
    CHECK_EQ_INT(lk_addr_format(&none, out, sizeof out), LK_ERR_INVALID_ARG);
}

int main(void)
{
    RUN_TEST(test_parse_format);
    RUN_TEST(test_malformed);
    RUN_TEST(test_format_with_port_and_compare);
    TEST_MAIN_END();
}
