/*
 * impair_relay.h - a UDP impairment relay on 127.0.0.1 for the interop tests (header only,
 * static functions; tests/interop/impair_relay.c wraps it as a stand-alone tool).
 *
 * Two sockets: side 0 faces endpoint A, side 1 faces endpoint B. A datagram that arrives on
 * side i is sent out of side 1-i to the address of endpoint 1-i (configured, or learned from
 * the last datagram that endpoint sent). Each side therefore sees the other as the relay's
 * socket, so ICE candidates simply name the relay's ports.
 *
 * Impairments (own PRNG, seeded): loss, duplication and reordering (a packet held back for
 * 1..jitter_ms milliseconds while later ones pass). By default only DTLS application-data
 * records (first byte 23: the SCTP traffic) are impaired, so ICE and the DTLS handshake are not
 * slowed down; impair_all impairs every datagram.
 *
 * Single-threaded: the owner polls ir_fds(), calls ir_handle() when a socket is readable and
 * ir_flush() at ir_next_deadline_us(). All loops are bounded by the queue size.
 */
#ifndef LK_IMPAIR_RELAY_H
#define LK_IMPAIR_RELAY_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define IR_MAX_DGRAM 2048
#define IR_QUEUE_MAX 4096

typedef struct ir_pkt {
    uint64_t at_us;
    int side;                /* the side it leaves from */
    size_t len;
    uint8_t data[IR_MAX_DGRAM];
} ir_pkt_t;

typedef struct ir_stats {
    uint64_t received, forwarded, dropped, duplicated, reordered;
} ir_stats_t;

typedef struct ir_relay {
    int fd[2];
    uint16_t port[2];
    struct sockaddr_in dest[2];  /* endpoint on side i */
    int have_dest[2];
    int loss_pct, dup_pct, reorder_pct, jitter_ms, impair_all;
    uint64_t rng;
    ir_pkt_t *q;
    size_t qn;
    ir_stats_t st[2];            /* by the side the datagram arrived on */
} ir_relay_t;

static inline uint64_t ir_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static inline uint32_t ir_rand(ir_relay_t *r)
{
    uint64_t x = r->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->rng = x;
    return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

static inline int ir_bind_loopback(uint16_t *port)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int sz = 4 << 20;
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
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    *port = ntohs(a.sin_port);
    return fd;
}

/** Opens both sockets on 127.0.0.1 (ephemeral ports). Returns 0 or -1. */
static inline int ir_open(ir_relay_t *r, int loss_pct, int dup_pct, int reorder_pct, int jitter_ms, uint64_t seed)
{
    memset(r, 0, sizeof *r);
    r->fd[0] = r->fd[1] = -1;
    r->loss_pct = loss_pct;
    r->dup_pct = dup_pct;
    r->reorder_pct = reorder_pct;
    r->jitter_ms = jitter_ms > 0 ? jitter_ms : 1;
    r->rng = seed != 0 ? seed : 0x9e3779b97f4a7c15ull;
    r->q = (ir_pkt_t *)calloc(IR_QUEUE_MAX, sizeof(ir_pkt_t));
    if (r->q == NULL) {
        return -1;
    }
    r->fd[0] = ir_bind_loopback(&r->port[0]);
    r->fd[1] = ir_bind_loopback(&r->port[1]);
    return r->fd[0] >= 0 && r->fd[1] >= 0 ? 0 : -1;
}

static inline void ir_close(ir_relay_t *r)
{
    int i;
    for (i = 0; i < 2; i++) {
        if (r->fd[i] >= 0) {
            close(r->fd[i]);
        }
        r->fd[i] = -1;
    }
    free(r->q);
    r->q = NULL;
}

/** Sets the address of the endpoint on side i (127.0.0.1:port). */
static inline void ir_set_dest(ir_relay_t *r, int side, uint16_t port)
{
    memset(&r->dest[side], 0, sizeof r->dest[side]);
    r->dest[side].sin_family = AF_INET;
    r->dest[side].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    r->dest[side].sin_port = htons(port);
    r->have_dest[side] = 1;
}

static inline void ir_send_now(ir_relay_t *r, int out_side, const uint8_t *d, size_t len)
{
    if (r->have_dest[out_side]) {
        (void)sendto(r->fd[out_side], d, len, 0, (const struct sockaddr *)&r->dest[out_side], sizeof r->dest[out_side]);
    }
}

static inline void ir_enqueue(ir_relay_t *r, int out_side, const uint8_t *d, size_t len, uint64_t at)
{
    ir_pkt_t *p;
    if (r->qn >= IR_QUEUE_MAX) {
        ir_send_now(r, out_side, d, len);
        return;
    }
    p = &r->q[r->qn++];
    p->at_us = at;
    p->side = out_side;
    p->len = len;
    memcpy(p->data, d, len);
}

/** Reads every datagram waiting on both sockets and forwards, drops or delays them. */
static inline void ir_handle(ir_relay_t *r, uint64_t now_us)
{
    uint8_t buf[IR_MAX_DGRAM];
    int side, n;
    for (side = 0; side < 2; side++) {
        for (n = 0; n < 1024; n++) {
            struct sockaddr_in from;
            socklen_t fl = sizeof from;
            ssize_t len = recvfrom(r->fd[side], buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
            int out = 1 - side, impair;
            if (len <= 0) {
                break;
            }
            r->dest[side] = from; /* learn where endpoint `side` lives */
            r->have_dest[side] = 1;
            r->st[side].received++;
            impair = r->impair_all || buf[0] == 23;
            if (impair && r->loss_pct > 0 && (int)(ir_rand(r) % 100) < r->loss_pct) {
                r->st[side].dropped++;
                continue;
            }
            if (impair && r->reorder_pct > 0 && (int)(ir_rand(r) % 100) < r->reorder_pct) {
                r->st[side].reordered++;
                ir_enqueue(r, out, buf, (size_t)len, now_us + 1000u * (1u + ir_rand(r) % (uint32_t)r->jitter_ms));
            } else {
                ir_send_now(r, out, buf, (size_t)len);
            }
            r->st[side].forwarded++;
            if (impair && r->dup_pct > 0 && (int)(ir_rand(r) % 100) < r->dup_pct) {
                r->st[side].duplicated++;
                ir_enqueue(r, out, buf, (size_t)len, now_us + 1000u * (1u + ir_rand(r) % 3u));
            }
        }
    }
}

/** Sends the held-back datagrams that are due. */
static inline void ir_flush(ir_relay_t *r, uint64_t now_us)
{
    size_t k = 0;
    while (k < r->qn) {
        if (r->q[k].at_us <= now_us) {
            ir_send_now(r, r->q[k].side, r->q[k].data, r->q[k].len);
            r->q[k] = r->q[--r->qn];
        } else {
            k++;
        }
    }
}

/** The earliest held-back datagram's time, or UINT64_MAX. */
static inline uint64_t ir_next_deadline_us(const ir_relay_t *r)
{
    uint64_t t = UINT64_MAX;
    size_t k;
    for (k = 0; k < r->qn; k++) {
        if (r->q[k].at_us < t) {
            t = r->q[k].at_us;
        }
    }
    return t;
}

/** Fills two pollfd entries (POLLIN on both sockets). */
static inline void ir_fds(const ir_relay_t *r, struct pollfd *p)
{
    p[0].fd = r->fd[0];
    p[0].events = POLLIN;
    p[0].revents = 0;
    p[1].fd = r->fd[1];
    p[1].events = POLLIN;
    p[1].revents = 0;
}

#endif /* LK_IMPAIR_RELAY_H */
