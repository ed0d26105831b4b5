/*
 * bench_sctp.c - SCTP / data-channel figures, printed, never failing on timing:
 *   1. ours, SCTP only: two associations in memory (no DTLS, no sockets), one reliable ordered
 *      channel, 64 KiB messages then 100-byte messages for LK_BENCH_SECONDS each (default 3);
 *   2. ours, the whole stack: two sans-I/O peer connections (lk_pc: ICE, DTLS, SCTP) over UDP on
 *      127.0.0.1 in one thread, the same two phases;
 *   3. libdatachannel to libdatachannel in one Node process (tests/interop/sctp_bench.js), the
 *      same two phases, in the same run, and the ratios ours (2) / libdatachannel (3);
 *   4. the memory of one association: the counting allocator inside lk_sctp (lk_sctp_memory):
 *      idle after connect, and the peak while 64 KiB messages stream.
 * Every received message is checked (size and sequence byte). Ends with "N passed, N failed":
 * a phase fails only when it moved no verified data at all.
 */
#define _DEFAULT_SOURCE 1
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "lk_error.h"
#include "pc.h"
#include "sctp.h"

static int g_pass, g_fail;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t now_ms(void) { return (uint64_t)(now_s() * 1000.0); }

typedef struct result {
    double mbps, msgs;
    size_t peak_mem, idle_mem;
    int ok;
} result_t;

/* ---- 1. SCTP only, in memory ---- */

static int bench_random(void *user, uint8_t *buf, size_t len)
{
    uint64_t *st = (uint64_t *)user;
    size_t i;
    for (i = 0; i < len; i++) {
        *st = *st * 6364136223846793005ull + 1442695040888963407ull;
        buf[i] = (uint8_t)(*st >> 56);
    }
    return 0;
}

typedef struct mem_pair {
    lk_sctp_t *s[2];
    int ch;
    int open;
    uint64_t rx_msgs, rx_bytes, bad;
    uint32_t rx_seq;
    size_t peak;
} mem_pair_t;

static void mem_drain(mem_pair_t *p, uint64_t now)
{
    uint8_t buf[1500];
    lk_sctp_event_t ev;
    int moved = 1, i, n;
    while (moved) {
        moved = 0;
        for (i = 0; i < 2; i++) {
            while ((n = lk_sctp_poll_transmit(p->s[i], now, buf, sizeof buf)) > 0) {
                lk_sctp_handle_input(p->s[1 - i], now, buf, (size_t)n);
                moved = 1;
            }
            if (lk_sctp_memory(p->s[i]) > p->peak) {
                p->peak = lk_sctp_memory(p->s[i]);
            }
            while (lk_sctp_poll_event(p->s[i], &ev)) {
                moved = 1;
                if (ev.type == LK_SCTP_EV_CHANNEL_OPEN && i == 0) {
                    p->open = 1;
                } else if (ev.type == LK_SCTP_EV_CHANNEL_MESSAGE && i == 1) {
                    if (ev.len == 0 || ev.data[0] != (uint8_t)p->rx_seq) {
                        p->bad++;
                    }
                    p->rx_seq++;
                    p->rx_msgs++;
                    p->rx_bytes += ev.len;
                }
            }
            if (lk_sctp_poll_timeout(p->s[i]) <= now) {
                lk_sctp_handle_timeout(p->s[i], now);
                moved = 1;
            }
        }
    }
}

static void bench_memory_pair(double seconds, result_t *r)
{
    static uint8_t msg[65536];
    mem_pair_t p;
    lk_sctp_config_t cfg;
    lk_sctp_channel_init_t ci;
    uint64_t seed = 99, sent;
    int phase;
    memset(&p, 0, sizeof p);
    memset(r, 0, sizeof *r);
    lk_sctp_config_init(&cfg);
    cfg.random = bench_random;
    cfg.random_user = &seed;
    cfg.dtls_client = 1;
    lk_sctp_create(&p.s[0], &cfg);
    cfg.dtls_client = 0;
    lk_sctp_create(&p.s[1], &cfg);
    memset(&ci, 0, sizeof ci);
    ci.label = "bench";
    ci.ordered = 1;
    ci.max_retransmits = -1;
    ci.max_packet_life_ms = -1;
    ci.id = -1;
    p.ch = lk_sctp_channel_open(p.s[0], &ci);
    lk_sctp_connect(p.s[0], now_ms());
    mem_drain(&p, now_ms());
    r->idle_mem = lk_sctp_memory(p.s[0]);
    for (phase = 0; phase < 2; phase++) {
        size_t size = phase == 0 ? 65536 : 100;
        double t0 = now_s(), t;
        uint64_t rx0 = p.rx_msgs, rb0 = p.rx_bytes;
        sent = 0;
        do {
            int k;
            for (k = 0; k < 64; k++) {
                msg[0] = (uint8_t)(rx0 + sent);
                if (lk_sctp_channel_send(p.s[0], (uint16_t)p.ch, msg, size, 1) != 0) {
                    break;
                }
                sent++;
            }
            mem_drain(&p, now_ms());
            t = now_s() - t0;
        } while (t < seconds);
        if (phase == 0) {
            r->mbps = (double)(p.rx_bytes - rb0) / t / 1e6;
            r->peak_mem = p.peak;
        } else {
            r->msgs = (double)(p.rx_msgs - rx0) / t;
        }
        /* let the rest arrive so the sequence check of the next phase starts clean */
        mem_drain(&p, now_ms());
    }
    r->ok = p.bad == 0 && r->mbps > 0 && r->msgs > 0;
    if (p.bad != 0) {
        printf("  SCTP-only: %llu messages out of sequence\n", (unsigned long long)p.bad);
    }
    lk_sctp_destroy(p.s[0]);
    lk_sctp_destroy(p.s[1]);
}

/* ---- 2. the whole stack: two lk_pc over UDP 127.0.0.1 ---- */

typedef struct pc_side {
    lk_pc_t *pc;
    int fd;
    uint16_t port;
    int open;
    uint16_t ch;
} pc_side_t;

typedef struct pc_pair {
    pc_side_t side[2];
    uint64_t rx_msgs, rx_bytes, bad;
    uint32_t rx_seq;
    uint8_t *evbuf;
} pc_pair_t;

static int open_socket(uint16_t *port)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int fd = socket(AF_INET, SOCK_DGRAM, 0), sz = 4 << 20;
    if (fd < 0) {
        return -1;
    }
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    *port = ntohs(a.sin_port);
    return fd;
}

static void pc_flush(pc_side_t *s)
{
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    int local, n, k;
    lk_addr_t to;
    for (k = 0; k < 100000; k++) {
        struct sockaddr_in d;
        n = lk_pc_poll_transmit(s->pc, now_ms(), buf, sizeof buf, &local, &to);
        if (n <= 0) {
            break;
        }
        memset(&d, 0, sizeof d);
        d.sin_family = AF_INET;
        memcpy(&d.sin_addr, to.ip, 4);
        d.sin_port = htons(to.port);
        (void)sendto(s->fd, buf, (size_t)n, 0, (struct sockaddr *)&d, sizeof d);
    }
}

static void pc_events(pc_pair_t *p, int i)
{
    lk_rtc_event_t ev;
    pc_side_t *s = &p->side[i];
    while (lk_pc_poll_event(s->pc, &ev, p->evbuf, 70000) == LK_OK) {
        if (ev.type == LK_RTC_EV_LOCAL_CANDIDATE) {
            (void)lk_pc_add_remote_candidate(p->side[1 - i].pc, now_ms(), ev.mid, (const char *)p->evbuf);
            pc_flush(&p->side[1 - i]);
        } else if (ev.type == LK_RTC_EV_CHANNEL_OPEN) {
            s->open = 1;
            s->ch = ev.channel_id;
        } else if (ev.type == LK_RTC_EV_MESSAGE && i == 1) {
            if (ev.len == 0 || p->evbuf[0] != (uint8_t)p->rx_seq) {
                p->bad++;
            }
            p->rx_seq++;
            p->rx_msgs++;
            p->rx_bytes += ev.len;
        }
    }
}

static void pc_step(pc_pair_t *p, int wait_ms)
{
    struct pollfd fds[2];
    uint8_t buf[2048];
    int i, k;
    uint64_t now = now_ms();
    for (i = 0; i < 2; i++) {
        uint64_t dl = lk_pc_poll_timeout(p->side[i].pc);
        if (dl != UINT64_MAX && (int64_t)dl - (int64_t)now < wait_ms) {
            wait_ms = dl > now ? (int)(dl - now) : 0;
        }
        fds[i].fd = p->side[i].fd;
        fds[i].events = POLLIN;
        fds[i].revents = 0;
    }
    poll(fds, 2, wait_ms);
    for (i = 0; i < 2; i++) {
        pc_side_t *s = &p->side[i];
        for (k = 0; k < 4096; k++) {
            struct sockaddr_in from;
            socklen_t fl = sizeof from;
            lk_addr_t a;
            ssize_t n = recvfrom(s->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
            if (n <= 0) {
                break;
            }
            memset(&a, 0, sizeof a);
            a.family = LK_ADDR_V4;
            memcpy(a.ip, &from.sin_addr, 4);
            a.port = ntohs(from.sin_port);
            (void)lk_pc_handle_input(s->pc, now_ms(), 0, &a, buf, (size_t)n);
            if ((k & 31) == 31) {
                pc_flush(s);
            }
        }
        if (lk_pc_poll_timeout(s->pc) <= now_ms()) {
            (void)lk_pc_handle_timeout(s->pc, now_ms());
        }
        pc_events(p, i);
        if (lk_pc_poll_timeout(s->pc) <= now_ms()) {
            (void)lk_pc_handle_timeout(s->pc, now_ms());
        }
        pc_flush(s);
    }
}

static void bench_pc_pair(const lk_dtls_cert_t *cert, double seconds, result_t *r)
{
    static uint8_t msg[65536];
    pc_pair_t p;
    lk_pc_config_t cfg;
    char *sdp = malloc(65536);
    uint16_t id;
    int i, phase;
    double end;
    memset(&p, 0, sizeof p);
    memset(r, 0, sizeof *r);
    p.evbuf = malloc(70000);
    memset(&cfg, 0, sizeof cfg);
    cfg.cert = cert;
    cfg.loopback_only = 1;
    cfg.event_capacity = 512;
    for (i = 0; i < 2; i++) {
        lk_addr_t local;
        p.side[i].fd = open_socket(&p.side[i].port);
        lk_pc_create(&cfg, now_ms(), &p.side[i].pc);
        memset(&local, 0, sizeof local);
        lk_addr_parse(&local, "127.0.0.1", 9, p.side[i].port);
        lk_pc_add_local_address(p.side[i].pc, &local);
    }
    lk_pc_create_data_channel(p.side[0].pc, now_ms(), "bench", 1, -1, &id);
    lk_pc_create_offer(p.side[0].pc, sdp, 65536);
    lk_pc_set_local_description(p.side[0].pc, now_ms(), LK_RTC_SDP_OFFER, sdp);
    lk_pc_set_remote_description(p.side[1].pc, now_ms(), LK_RTC_SDP_OFFER, sdp);
    lk_pc_create_answer(p.side[1].pc, sdp, 65536);
    lk_pc_set_local_description(p.side[1].pc, now_ms(), LK_RTC_SDP_ANSWER, sdp);
    lk_pc_set_remote_description(p.side[0].pc, now_ms(), LK_RTC_SDP_ANSWER, sdp);
    free(sdp);
    end = now_s() + 15;
    while (!(p.side[0].open && p.side[1].open) && now_s() < end) {
        pc_step(&p, 10);
    }
    if (!(p.side[0].open && p.side[1].open)) {
        printf("  lk_pc pair: the channel did not open\n");
        goto out;
    }
    r->idle_mem = lk_sctp_memory(lk_pc_sctp(p.side[0].pc));
    for (phase = 0; phase < 2; phase++) {
        size_t size = phase == 0 ? 65536 : 100;
        uint64_t rx0 = p.rx_msgs, rb0 = p.rx_bytes, sent = 0;
        double t0 = now_s(), t;
        do {
            int k;
            for (k = 0; k < 256; k++) {
                msg[0] = (uint8_t)(rx0 + sent);
                if (lk_pc_send(p.side[0].pc, now_ms(), p.side[0].ch, 1, msg, size) != LK_OK) {
                    break;
                }
                sent++;
            }
            pc_flush(&p.side[0]);
            pc_step(&p, 0);
            if (phase == 0) {
                size_t m0 = lk_sctp_memory(lk_pc_sctp(p.side[0].pc)), m1 = lk_sctp_memory(lk_pc_sctp(p.side[1].pc));
                if (m0 > r->peak_mem) {
                    r->peak_mem = m0;
                }
                if (m1 > r->peak_mem) {
                    r->peak_mem = m1;
                }
            }
            t = now_s() - t0;
        } while (t < seconds);
        if (phase == 0) {
            r->mbps = (double)(p.rx_bytes - rb0) / t / 1e6;
        } else {
            r->msgs = (double)(p.rx_msgs - rx0) / t;
        }
        /* drain what is in flight before the next phase */
        end = now_s() + 5;
        while (p.rx_msgs < rx0 + sent && now_s() < end) {
            pc_step(&p, 2);
        }
    }
    r->ok = p.bad == 0 && r->mbps > 0 && r->msgs > 0;
    if (p.bad != 0) {
        printf("  lk_pc pair: %llu messages out of sequence\n", (unsigned long long)p.bad);
    }
out:
    for (i = 0; i < 2; i++) {
        lk_pc_destroy(p.side[i].pc);
        close(p.side[i].fd);
    }
    free(p.evbuf);
}

/* ---- 3. libdatachannel in Node ---- */

static int bench_libdatachannel(double seconds, result_t *r)
{
    char cmd[512], line[1024];
    FILE *f;
    const char *p;
    memset(r, 0, sizeof *r);
    snprintf(cmd, sizeof cmd, "timeout 60 node %s/interop/sctp_bench.js --seconds %g 2>&1", LK_TESTS_DIR, seconds);
    f = popen(cmd, "r");
    if (f == NULL) {
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        if ((p = strstr(line, "\"mbps\":")) != NULL) {
            r->mbps = strtod(p + 7, NULL);
        }
        if ((p = strstr(line, "\"msgs\":")) != NULL) {
            r->msgs = strtod(p + 7, NULL);
        }
        if (strstr(line, "error") != NULL) {
            printf("  libdatachannel: %s", line);
        }
    }
    pclose(f);
    r->ok = r->mbps > 0 && r->msgs > 0;
    return r->ok ? 0 : -1;
}

static void verdict(const char *what, int ok)
{
    if (ok) {
        g_pass++;
    } else {
        g_fail++;
        printf("FAILED %s\n", what);
    }
}

int main(void)
{
    const char *env = getenv("LK_BENCH_SECONDS");
    double secs = env != NULL ? atof(env) : 3.0;
    lk_dtls_cert_t *cert = NULL;
    result_t mem, pcr, ldc;
    if (secs <= 0) {
        secs = 3.0;
    }
    printf("bench_sctp: one reliable ordered channel, %.0f s per phase\n", secs);
    bench_memory_pair(secs, &mem);
    printf("ours, SCTP only (two associations in memory):   64 KiB %8.1f MB/s   100 B %9.0f msg/s\n", mem.mbps,
           mem.msgs);
    verdict("SCTP-only pair", mem.ok);
    if (lk_dtls_cert_create(&cert) != 0) {
        printf("no certificate\n");
        verdict("lk_pc pair", 0);
    } else {
        bench_pc_pair(cert, secs, &pcr);
        printf("ours, ICE+DTLS+SCTP (two lk_pc, UDP 127.0.0.1): 64 KiB %8.1f MB/s   100 B %9.0f msg/s\n", pcr.mbps,
               pcr.msgs);
        verdict("lk_pc pair", pcr.ok);
        lk_dtls_cert_free(cert);
    }
    if (bench_libdatachannel(secs, &ldc) == 0) {
        printf("libdatachannel to libdatachannel (node-datachannel, one process): 64 KiB %8.1f MB/s   100 B %9.0f msg/s\n",
               ldc.mbps, ldc.msgs);
        printf("ratio ours (ICE+DTLS+SCTP) / libdatachannel:    64 KiB %.2f   100 B %.2f\n", pcr.mbps / ldc.mbps,
               pcr.msgs / ldc.msgs);
    } else {
        printf("libdatachannel: no figures (node or node-datachannel missing?)\n");
    }
    verdict("libdatachannel reference", ldc.ok);
    printf("memory of one association (lk_sctp_memory: the struct and every allocation): idle after connect %zu B; "
           "peak while streaming 64 KiB messages %zu B (in memory), %zu B (over DTLS/UDP)\n",
           mem.idle_mem, mem.peak_mem, pcr.peak_mem);
    printf("%d passed, %d failed\n", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
