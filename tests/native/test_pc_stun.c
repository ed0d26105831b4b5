/*
 * test_pc_stun.c - ICE servers from the configuration reach the ICE agent and come back as
 * signalled candidates: our peer connection (POSIX port) is given "stun:127.0.0.1:<port>" of a
 * STUN server this test runs on loopback (RFC 8489 Binding; it answers with a chosen
 * XOR-MAPPED-ADDRESS, 127.0.0.2, as a NAT would show another address). After the local
 * description is set the events are: the host candidate, the server-reflexive candidate
 * (typ srflx, raddr/rport = the host candidate), then end-of-candidates.
 */
#define _DEFAULT_SOURCE 1
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "test_util.h"
#include "pc_harness.h"
#include "stun.h"

static void test_srflx_candidate_from_stun_server(void)
{
    int srv = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(srv, (struct sockaddr *)&sa, sizeof sa) == 0);
    socklen_t sl = sizeof sa;
    CHECK(getsockname(srv, (struct sockaddr *)&sa, &sl) == 0);
    char url[64];
    snprintf(url, sizeof url, "stun:127.0.0.1:%u", (unsigned)ntohs(sa.sin_port));
    const char *servers[] = {url};

    h_notify_t n;
    CHECK(h_notify_open(&n) == 0);
    lk_rtc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.loopback_only = 1;
    cfg.ice_servers = servers;
    cfg.ice_server_count = 1;
    cfg.notify = h_notify_cb;
    cfg.user = &n;
    lk_rtc_t *pc = NULL;
    CHECK_EQ_INT(lk_rtc_create(&cfg, &pc), LK_OK);
    uint16_t ch;
    CHECK_EQ_INT(lk_rtc_create_data_channel(pc, "x", 1, -1, &ch), LK_OK);
    char sdp[4096];
    CHECK(lk_rtc_create_offer(pc, sdp, sizeof sdp) > 0);
    CHECK_EQ_INT(lk_rtc_set_local_description(pc, LK_RTC_SDP_OFFER, sdp), LK_OK);

    int requests = 0, host = 0, srflx = 0, eoc = 0, eoc_after_srflx = 0;
    char host_port[16] = "";
    char srflx_line[512] = "";
    uint64_t end = h_now_ms() + 5000;
    while (!eoc && h_now_ms() < end) {
        struct pollfd p[2] = {{srv, POLLIN, 0}, {n.rd, POLLIN, 0}};
        poll(p, 2, 100);
        h_notify_drain(&n);
        if (p[0].revents & POLLIN) {
            uint8_t req[512], resp[256];
            struct sockaddr_in from;
            socklen_t fl = sizeof from;
            ssize_t len = recvfrom(srv, req, sizeof req, 0, (struct sockaddr *)&from, &fl);
            lk_stun_msg_t m;
            if (len > 0 && lk_stun_parse(req, (size_t)len, &m) == LK_OK && m.cls == LK_STUN_REQUEST &&
                m.method == LK_STUN_METHOD_BINDING) {
                requests++;
                lk_addr_t mapped;
                lk_addr_parse(&mapped, "127.0.0.2", 9, (uint16_t)(ntohs(from.sin_port) + 1000));
                lk_stun_writer_t w;
                lk_stun_write_begin(&w, resp, sizeof resp, LK_STUN_METHOD_BINDING, LK_STUN_SUCCESS, m.tid);
                lk_stun_write_address(&w, LK_STUN_ATTR_XOR_MAPPED_ADDRESS, &mapped, true);
                lk_stun_write_fingerprint(&w);
                CHECK_EQ_INT(w.err, LK_OK);
                sendto(srv, resp, w.len, 0, (struct sockaddr *)&from, fl);
            }
        }
        lk_rtc_event_t ev;
        uint8_t buf[512];
        while (lk_rtc_poll_event(pc, &ev, buf, sizeof buf) == LK_OK) {
            if (ev.type == LK_RTC_EV_LOCAL_CANDIDATE) {
                const char *line = (const char *)buf;
                if (strstr(line, " typ host") != NULL) {
                    host++;
                    /* "candidate:F 1 udp PRIO 127.0.0.1 PORT typ host" */
                    const char *a = strstr(line, " 127.0.0.1 ");
                    if (a != NULL) {
                        sscanf(a + 11, "%15s", host_port);
                    }
                } else if (strstr(line, " typ srflx") != NULL) {
                    srflx++;
                    snprintf(srflx_line, sizeof srflx_line, "%s", line);
                }
            } else if (ev.type == LK_RTC_EV_END_OF_CANDIDATES) {
                eoc = 1;
                eoc_after_srflx = srflx > 0;
            }
        }
    }
    CHECK(requests >= 1);
    CHECK_EQ_INT(host, 1);
    CHECK_EQ_INT(srflx, 1);
    CHECK(strstr(srflx_line, " 127.0.0.2 ") != NULL);
    char raddr[64];
    snprintf(raddr, sizeof raddr, "raddr 127.0.0.1 rport %s", host_port);
    CHECK(host_port[0] != 0 && strstr(srflx_line, raddr) != NULL);
    CHECK_EQ_INT(eoc, 1);
    CHECK_EQ_INT(eoc_after_srflx, 1);
    if (srflx != 1) {
        fprintf(stderr, "requests %d host %d srflx %d eoc %d line '%s'\n", requests, host, srflx, eoc, srflx_line);
    }
    CHECK_EQ_INT(lk_rtc_destroy(pc), LK_OK);
    h_notify_close(&n);
    close(srv);
}

int main(void)
{
    RUN_TEST(test_srflx_candidate_from_stun_server);
    TEST_MAIN_END();
}
