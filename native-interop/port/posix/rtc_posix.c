/*
 * rtc_posix.c - the POSIX port of lk_rtc.h: UDP sockets, the monotonic clock and one thread per
 * peer connection that owns the sockets and drives the sans-I/O core (pc.c).
 *
 * Threads: the caller's threads enter through the lk_rtc_* functions, which lock `mu`, call the
 * core and write one byte to the wake pipe (lk_rtc_poll_event takes only `evmu`, the event
 * queue's own lock, so it never waits for a core step); the peer connection's thread (pc_thread) sleeps in
 * poll() on its sockets and the pipe with the core's next deadline as timeout, and does every
 * receive, timer and send. The notify callback runs on that thread without `mu` held.
 * Teardown (lk_rtc_destroy): stop flag under `mu`, wake, pthread_join, close, free - never a
 * sleep. A destroy from inside the notify callback is refused with LK_ERR_STATE.
 */
#define _DEFAULT_SOURCE 1 /* getifaddrs, IFF_UP */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lk_rtc.h"
#include "pc.h"

/* A UDP datagram on the paths we use never exceeds this (DTLS records are sized for 1200). */
#define RTC_RX_BUF 2048
/* Datagrams read from one socket per loop turn before timers and sends get their turn. */
#define RTC_RX_BURST 32
#define RTC_SOCKET_BUFFER (1024 * 1024)

struct lk_rtc {
    pthread_mutex_t mu;       /* serialises every core call */
    pthread_mutex_t evmu;     /* the event queue alone: lk_rtc_poll_event takes only this */
    pthread_t thread;
    int thread_started;
    int stop;                 /* under mu */
    int wake_rd, wake_wr;     /* self-pipe: any byte wakes the thread */
    int fds[LK_PC_MAX_LOCAL];
    size_t fd_count;
    lk_pc_t *pc;              /* under mu */
    lk_rtc_certificate_t *own_cert; /* created when the config gave none */
    lk_rtc_notify_fn notify;
    void *user;
    lk_rtc_audio_fn on_audio;
    void *audio_user;
    uint32_t notified;        /* lk_pc_events_pushed at the last notify (thread only) */
    uint8_t rx[RTC_RX_BUF];   /* thread only */
    uint8_t tx[LK_DTLS_MAX_DATAGRAM];
};

static uint64_t rtc_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void rtc_wake(lk_rtc_t *r)
{
    uint8_t b = 1;
    /* The pipe is non-blocking: when it is full the thread is already due to wake. */
    ssize_t n = write(r->wake_wr, &b, 1);
    (void)n;
}

static int rtc_set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL, 0);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        return LK_ERR_IO;
    }
    return fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ? LK_ERR_IO : LK_OK;
}

static void rtc_to_sockaddr(const lk_addr_t *a, struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    if (a->family == LK_ADDR_V6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(a->port);
        memcpy(&s6->sin6_addr, a->ip, 16);
        *len = sizeof *s6;
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
        s4->sin_family = AF_INET;
        s4->sin_port = htons(a->port);
        memcpy(&s4->sin_addr, a->ip, 4);
        *len = sizeof *s4;
    }
}

static int rtc_from_sockaddr(const struct sockaddr_storage *ss, lk_addr_t *a)
{
    memset(a, 0, sizeof *a);
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
        a->family = LK_ADDR_V4;
        a->port = ntohs(s4->sin_port);
        memcpy(a->ip, &s4->sin_addr, 4);
        return LK_OK;
    }
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
        a->family = LK_ADDR_V6;
        a->port = ntohs(s6->sin6_port);
        memcpy(a->ip, &s6->sin6_addr, 16);
        return LK_OK;
    }
    return LK_ERR_UNSUPPORTED;
}

/* Binds one UDP socket on addr (port 0) and registers it with the core. */
static int rtc_bind_one(lk_rtc_t *r, const lk_addr_t *addr)
{
    if (r->fd_count >= LK_PC_MAX_LOCAL) {
        return LK_ERR_QUEUE_FULL;
    }
    struct sockaddr_storage ss;
    socklen_t sl;
    rtc_to_sockaddr(addr, &ss, &sl);
    int fd = socket(ss.ss_family, SOCK_DGRAM, 0);
    if (fd < 0) {
        return LK_ERR_IO;
    }
    if (ss.ss_family == AF_INET6) {
        int on = 1;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    }
    /* Best effort: the default 208 KiB receive buffer overflows under a burst of a full SCTP
     * window, and every datagram lost there costs SCTP a retransmission (the kernel caps the
     * value at net.core.rmem_max / wmem_max). */
    int bufsize = RTC_SOCKET_BUFFER;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof bufsize);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof bufsize);
    if (rtc_set_nonblock(fd) != LK_OK || bind(fd, (struct sockaddr *)&ss, sl) != 0) {
        close(fd);
        return LK_ERR_IO;
    }
    sl = sizeof ss;
    lk_addr_t bound;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0 || rtc_from_sockaddr(&ss, &bound) != LK_OK) {
        close(fd);
        return LK_ERR_IO;
    }
    int rc = lk_pc_add_local_address(r->pc, &bound);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    r->fds[r->fd_count++] = fd;
    return LK_OK;
}

/* The default addresses when the configuration names none: loopback only, or every IPv4
 * interface address that is up (loopback included, so local peers always have a path). */
static int rtc_bind_default(lk_rtc_t *r, int loopback_only)
{
    lk_addr_t a;
    if (loopback_only) {
        lk_addr_parse(&a, "127.0.0.1", 9, 0);
        return rtc_bind_one(r, &a);
    }
    struct ifaddrs *ifs = NULL;
    if (getifaddrs(&ifs) != 0) {
        return LK_ERR_IO;
    }
    for (struct ifaddrs *i = ifs; i != NULL && r->fd_count < LK_PC_MAX_LOCAL; i = i->ifa_next) {
        if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP)) {
            continue;
        }
        struct sockaddr_storage ss;
        memset(&ss, 0, sizeof ss);
        memcpy(&ss, i->ifa_addr, sizeof(struct sockaddr_in));
        if (rtc_from_sockaddr(&ss, &a) == LK_OK) {
            a.port = 0;
            (void)rtc_bind_one(r, &a);
        }
    }
    freeifaddrs(ifs);
    return r->fd_count > 0 ? LK_OK : LK_ERR_IO;
}

/* Sends everything the core queued. Called with mu held. */
static void rtc_flush(lk_rtc_t *r, uint64_t now)
{
    for (;;) {
        int local = 0;
        lk_addr_t to;
        int n = lk_pc_poll_transmit(r->pc, now, r->tx, sizeof r->tx, &local, &to);
        if (n <= 0) {
            return;
        }
        if (local < 0 || (size_t)local >= r->fd_count) {
            continue;
        }
        struct sockaddr_storage ss;
        socklen_t sl;
        rtc_to_sockaddr(&to, &ss, &sl);
        /* UDP: a full socket buffer or an unreachable peer loses the datagram, which every
         * layer above tolerates (STUN, DTLS and SCTP retransmit). */
        (void)sendto(r->fds[local], r->tx, (size_t)n, 0, (struct sockaddr *)&ss, sl);
    }
}

static void *rtc_thread(void *arg)
{
    lk_rtc_t *r = arg;
    struct pollfd pfd[LK_PC_MAX_LOCAL + 1];
    for (;;) {
        pthread_mutex_lock(&r->mu);
        if (r->stop) {
            pthread_mutex_unlock(&r->mu);
            break;
        }
        uint64_t now = rtc_now_ms();
        if (lk_pc_poll_timeout(r->pc) <= now) {
            lk_pc_handle_timeout(r->pc, now);
        }
        lk_pc_move_held(r->pc); /* the application drained events: held messages move up */
        rtc_flush(r, now);
        uint64_t deadline = lk_pc_poll_timeout(r->pc);
        uint32_t pushed = lk_pc_events_pushed(r->pc);
        pthread_mutex_unlock(&r->mu);

        if (pushed != r->notified) {
            r->notified = pushed;
            if (r->notify != NULL) {
                r->notify(r, r->user);
            }
        }

        int timeout_ms = -1;
        if (deadline != UINT64_MAX) {
            uint64_t t = rtc_now_ms();
            timeout_ms = deadline <= t ? 0 : (deadline - t > 60000 ? 60000 : (int)(deadline - t));
        }
        pfd[0].fd = r->wake_rd;
        pfd[0].events = POLLIN;
        for (size_t i = 0; i < r->fd_count; i++) {
            pfd[i + 1].fd = r->fds[i];
            pfd[i + 1].events = POLLIN;
        }
        int pr = poll(pfd, (nfds_t)(r->fd_count + 1), timeout_ms);
        if (pr < 0 && errno != EINTR) {
            break; /* cannot happen with valid fds; leave rather than spin */
        }
        if (pr <= 0) {
            continue;
        }
        if (pfd[0].revents & POLLIN) {
            uint8_t drain[64];
            while (read(r->wake_rd, drain, sizeof drain) > 0) {
            }
        }
        for (size_t i = 0; i < r->fd_count; i++) {
            if (!(pfd[i + 1].revents & POLLIN)) {
                continue;
            }
            for (int k = 0; k < RTC_RX_BURST; k++) {
                struct sockaddr_storage ss;
                socklen_t sl = sizeof ss;
                ssize_t n = recvfrom(r->fds[i], r->rx, sizeof r->rx, 0, (struct sockaddr *)&ss, &sl);
                if (n < 0) {
                    break;
                }
                lk_addr_t from;
                if (rtc_from_sockaddr(&ss, &from) != LK_OK) {
                    continue;
                }
                pthread_mutex_lock(&r->mu);
                uint64_t t = rtc_now_ms();
                lk_pc_handle_input(r->pc, t, (int)i, &from, r->rx, (size_t)n);
                rtc_flush(r, t);
                pthread_mutex_unlock(&r->mu);
            }
        }
    }
    return NULL;
}

/* The core's audio callback carries the port object as its context. */
static void rtc_audio(void *ctx, uint32_t ssrc, uint8_t pt, uint16_t seq, uint32_t ts,
                      const uint8_t *payload, size_t len)
{
    lk_rtc_t *r = ctx;
    r->on_audio(r, r->audio_user, ssrc, pt, seq, ts, payload, len);
}

static void rtc_ev_lock(void *ctx)
{
    pthread_mutex_lock(&((lk_rtc_t *)ctx)->evmu);
}

static void rtc_ev_unlock(void *ctx)
{
    pthread_mutex_unlock(&((lk_rtc_t *)ctx)->evmu);
}

static void rtc_free(lk_rtc_t *r)
{
    for (size_t i = 0; i < r->fd_count; i++) {
        close(r->fds[i]);
    }
    if (r->wake_rd >= 0) {
        close(r->wake_rd);
    }
    if (r->wake_wr >= 0) {
        close(r->wake_wr);
    }
    lk_pc_destroy(r->pc);
    lk_rtc_certificate_destroy(r->own_cert);
    pthread_mutex_destroy(&r->mu);
    pthread_mutex_destroy(&r->evmu);
    free(r);
}

int lk_rtc_create(const lk_rtc_config_t *config, lk_rtc_t **out)
{
    if (config == NULL || out == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    *out = NULL;
    lk_pc_config_t pcfg;
    memset(&pcfg, 0, sizeof pcfg);
    for (size_t i = 0; i < config->ice_server_count && i < LK_RTC_MAX_ICE_SERVERS; i++) {
        if (config->ice_servers == NULL || config->ice_servers[i] == NULL) {
            return LK_ERR_INVALID_ARG;
        }
        int rc = lk_pc_parse_stun_url(config->ice_servers[i], &pcfg.stun[pcfg.stun_count]);
        if (rc == LK_OK) {
            pcfg.stun_count++;
        } else if (rc != LK_ERR_UNSUPPORTED) {
            return rc;
        }
    }
    pcfg.loopback_only = config->loopback_only;
    pcfg.max_message_size = config->max_message_size;
    pcfg.event_capacity = config->event_queue_capacity;

    lk_rtc_t *r = calloc(1, sizeof *r);
    if (r == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    r->wake_rd = r->wake_wr = -1;
    r->notify = config->notify;
    r->user = config->user;

    if (pthread_mutex_init(&r->mu, NULL) != 0) {
        free(r);
        return LK_ERR_NO_MEMORY;
    }
    if (pthread_mutex_init(&r->evmu, NULL) != 0) {
        pthread_mutex_destroy(&r->mu);
        free(r);
        return LK_ERR_NO_MEMORY;
    }
    pcfg.ev_lock = rtc_ev_lock;
    pcfg.ev_unlock = rtc_ev_unlock;
    pcfg.ev_lock_ctx = r;
    int rc = LK_OK;
    if (config->certificate == NULL) {
        rc = lk_rtc_certificate_create(&r->own_cert);
        pcfg.cert = rc == LK_OK ? r->own_cert->cert : NULL;
    } else {
        pcfg.cert = config->certificate->cert;
    }
    if (rc == LK_OK) {
        rc = lk_pc_create(&pcfg, rtc_now_ms(), &r->pc);
    }
    if (rc == LK_OK) {
        int p[2];
        if (pipe(p) != 0) {
            rc = LK_ERR_IO;
        } else {
            r->wake_rd = p[0];
            r->wake_wr = p[1];
            if (rtc_set_nonblock(p[0]) != LK_OK || rtc_set_nonblock(p[1]) != LK_OK) {
                rc = LK_ERR_IO;
            }
        }
    }
    if (rc == LK_OK) {
        if (config->bind_addr_count == 0 || config->bind_addrs == NULL) {
            rc = rtc_bind_default(r, config->loopback_only);
        } else {
            for (size_t i = 0; i < config->bind_addr_count && i < LK_RTC_MAX_BIND_ADDRS && rc == LK_OK; i++) {
                const char *s = config->bind_addrs[i];
                lk_addr_t a;
                rc = s == NULL ? LK_ERR_INVALID_ARG : lk_addr_parse(&a, s, strlen(s), 0);
                if (rc == LK_OK && config->loopback_only && !lk_addr_is_loopback(&a)) {
                    rc = LK_ERR_INVALID_ARG;
                }
                if (rc == LK_OK) {
                    rc = rtc_bind_one(r, &a);
                }
            }
        }
    }
    if (rc == LK_OK) {
        if (pthread_create(&r->thread, NULL, rtc_thread, r) != 0) {
            rc = LK_ERR_IO;
        } else {
            r->thread_started = 1;
        }
    }
    if (rc != LK_OK) {
        rtc_free(r);
        return rc;
    }
    *out = r;
    return LK_OK;
}

int lk_rtc_destroy(lk_rtc_t *r)
{
    if (r == NULL) {
        return LK_OK;
    }
    if (r->thread_started && pthread_equal(pthread_self(), r->thread)) {
        return LK_ERR_STATE; /* inside the notify callback: a thread cannot join itself */
    }
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_mutex_unlock(&r->mu);
    rtc_wake(r);
    if (r->thread_started) {
        pthread_join(r->thread, NULL);
    }
    rtc_free(r);
    return LK_OK;
}

/* Runs one core call under the lock and wakes the thread so it sends what the call queued. */
#define RTC_CALL(r, expr) do { \
        if ((r) == NULL) { return LK_ERR_INVALID_ARG; } \
        pthread_mutex_lock(&(r)->mu); \
        uint64_t now = rtc_now_ms(); (void)now; \
        int rc_ = (expr); \
        pthread_mutex_unlock(&(r)->mu); \
        rtc_wake(r); \
        return rc_; \
    } while (0)

int lk_rtc_close(lk_rtc_t *r)
{
    RTC_CALL(r, lk_pc_close(r->pc, now));
}

int lk_rtc_restart_ice(lk_rtc_t *r)
{
    RTC_CALL(r, lk_pc_restart_ice(r->pc));
}

int lk_rtc_create_offer(lk_rtc_t *r, char *sdp, size_t cap)
{
    RTC_CALL(r, lk_pc_create_offer(r->pc, sdp, cap));
}

int lk_rtc_create_answer(lk_rtc_t *r, char *sdp, size_t cap)
{
    RTC_CALL(r, lk_pc_create_answer(r->pc, sdp, cap));
}

int lk_rtc_set_local_description(lk_rtc_t *r, lk_rtc_sdp_type_t type, const char *sdp)
{
    RTC_CALL(r, lk_pc_set_local_description(r->pc, now, type, sdp));
}

int lk_rtc_set_remote_description(lk_rtc_t *r, lk_rtc_sdp_type_t type, const char *sdp)
{
    RTC_CALL(r, lk_pc_set_remote_description(r->pc, now, type, sdp));
}

int lk_rtc_add_remote_candidate(lk_rtc_t *r, const char *mid, const char *candidate)
{
    RTC_CALL(r, lk_pc_add_remote_candidate(r->pc, now, mid, candidate));
}

int lk_rtc_create_data_channel(lk_rtc_t *r, const char *label, int ordered, int max_retransmits,
                               uint16_t *channel_id)
{
    RTC_CALL(r, lk_pc_create_data_channel(r->pc, now, label, ordered, max_retransmits, channel_id));
}

int lk_rtc_send(lk_rtc_t *r, uint16_t channel_id, int binary, const uint8_t *data, size_t len)
{
    RTC_CALL(r, lk_pc_send(r->pc, now, channel_id, binary, data, len));
}

long lk_rtc_buffered_amount(lk_rtc_t *r, uint16_t channel_id)
{
    if (r == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&r->mu);
    long v = lk_pc_buffered_amount(r->pc, channel_id);
    pthread_mutex_unlock(&r->mu);
    return v;
}

int lk_rtc_set_buffered_amount_low_threshold(lk_rtc_t *r, uint16_t channel_id, size_t threshold)
{
    RTC_CALL(r, lk_pc_set_buffered_amount_low_threshold(r->pc, channel_id, threshold));
}

int lk_rtc_close_channel(lk_rtc_t *r, uint16_t channel_id)
{
    RTC_CALL(r, lk_pc_close_channel(r->pc, now, channel_id));
}

int lk_rtc_add_audio_track(lk_rtc_t *r, lk_rtc_direction_t direction)
{
    RTC_CALL(r, lk_pc_add_audio_track(r->pc, direction));
}

int lk_rtc_set_audio_sink(lk_rtc_t *r, lk_rtc_audio_fn fn, void *user)
{
    if (r == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&r->mu);
    r->on_audio = fn;
    r->audio_user = user;
    lk_pc_set_audio_sink(r->pc, fn != NULL ? rtc_audio : NULL, r);
    pthread_mutex_unlock(&r->mu);
    return LK_OK;
}

int lk_rtc_send_audio(lk_rtc_t *r, const uint8_t *frame, size_t len, uint32_t samples)
{
    RTC_CALL(r, lk_pc_send_audio(r->pc, now, frame, len, samples));
}

int lk_rtc_poll_event(lk_rtc_t *r, lk_rtc_event_t *ev, uint8_t *buf, size_t cap)
{
    if (r == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    /* Only the queue's own lock: polling never waits for a core step on the thread. */
    int rc = lk_pc_poll_event(r->pc, ev, buf, cap);
    /* Room in the queue lets the core deliver held-back messages: let the thread look. */
    if (rc == LK_OK && lk_pc_backpressured(r->pc)) {
        rtc_wake(r);
    }
    return rc;
}

int lk_rtc_get_state(lk_rtc_t *r, lk_rtc_conn_state_t *conn, lk_rtc_ice_state_t *ice,
                     lk_rtc_dtls_state_t *dtls)
{
    if (r == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&r->mu);
    lk_pc_get_state(r->pc, conn, ice, dtls);
    pthread_mutex_unlock(&r->mu);
    return LK_OK;
}
