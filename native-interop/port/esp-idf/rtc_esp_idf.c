/*
 * rtc_esp_idf.c - the ESP-IDF 5.5 port of lk_rtc.h: lwIP UDP sockets, esp_timer as the clock,
 * one FreeRTOS task per peer connection pinned to core 1 (the CLR runs on core 0) that owns
 * the sockets and drives the sans-I/O core (pc.c). Same structure as port/posix/rtc_posix.c.
 *
 * Tasks: interop calls (the CLR task) enter through lk_rtc_*, take `mu` (a FreeRTOS mutex),
 * call the core and wake the peer connection's task; nothing here blocks on the network, so an
 * interop call never stalls the CLR longer than one core call. The task sleeps in lwIP select()
 * on its sockets and its wake socket (a UDP socket on 127.0.0.1 that receives one byte per
 * wake-up, sent from a second socket under the mutex: lwIP has no pipes, and one lwIP socket
 * is used by one task at a time; CONFIG_LWIP_NETIF_LOOPBACK must stay enabled, the IDF default).
 * The notify callback runs on the task without `mu` held; on the device it should only post
 * "events pending" to the CLR (SaveNativeEventToHALQueue under GLOBAL_LOCK).
 *
 * Teardown (lk_rtc_destroy): stop flag under `mu`, wake, wait for the done-semaphore that the
 * task gives as its very last act before vTaskDelete(NULL). The owner never deletes another
 * task's handle. If the task does not finish within LK_RTC_STOP_TIMEOUT_MS the call returns
 * LK_ERR_TIMEOUT and deliberately leaks the object (freeing memory a live task still uses would
 * be worse); a destroy from inside the notify callback returns LK_ERR_STATE.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include "esp_netif.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "lwip/inet.h"
#include "lwip/sockets.h"

#include "lk_rtc.h"
#include "pc.h"

#ifndef LK_RTC_TASK_STACK
/* mbedTLS ECDHE/ECDSA during the handshake needs about 8 KB of stack; SCTP and the event
 * copies little. 12 KB leaves margin; measure with uxTaskGetStackHighWaterMark. */
#define LK_RTC_TASK_STACK 12288
#endif
#ifndef LK_RTC_TASK_PRIORITY
/* Above the CLR (5, core 0) is irrelevant on core 1; below lwIP's tcpip task (18) and Wi-Fi
 * (23) so the stack below us always runs first. */
#define LK_RTC_TASK_PRIORITY 6
#endif
#ifndef LK_RTC_TASK_CORE
#define LK_RTC_TASK_CORE 1
#endif
#ifndef LK_RTC_STOP_TIMEOUT_MS
#define LK_RTC_STOP_TIMEOUT_MS 5000
#endif
#define RTC_RX_BUF 1536
#define RTC_RX_BURST 16

struct lk_rtc {
    SemaphoreHandle_t mu;     /* serialises every core call */
    SemaphoreHandle_t evmu;   /* the event queue alone: lk_rtc_poll_event takes only this */
    SemaphoreHandle_t wakemu; /* wake_tx is used by one task at a time */
    SemaphoreHandle_t done;   /* given by the task as its last act */
    TaskHandle_t task;
    int task_started;
    volatile int stop;        /* under mu */
    int wake_fd;              /* UDP on 127.0.0.1: a datagram wakes the task (task reads) */
    int wake_tx;              /* the socket API calls send the wake-up from (under mu) */
    struct sockaddr_in wake_addr;
    int fds[LK_PC_MAX_LOCAL];
    size_t fd_count;
    lk_pc_t *pc;              /* under mu */
    lk_rtc_certificate_t *own_cert;
    lk_rtc_notify_fn notify;
    void *user;
    lk_rtc_audio_fn on_audio;
    void *audio_user;
    uint32_t notified;        /* task only */
    uint8_t rx[RTC_RX_BUF];   /* task only */
    uint8_t tx[LK_DTLS_MAX_DATAGRAM];
};

static uint64_t rtc_now_ms(void)
{
    return (uint64_t)esp_timer_get_time() / 1000u;
}

/* Every lwIP socket is used by one task at a time (they are not safe for concurrent use of one
 * socket from several tasks without LWIP_NETCONN_FULLDUPLEX): the task alone reads wake_fd,
 * the callers share wake_tx under wakemu. */
static void rtc_wake(lk_rtc_t *r)
{
    uint8_t b = 1;
    xSemaphoreTake(r->wakemu, portMAX_DELAY);
    /* A lost wake-up cannot matter: a full receive queue already wakes the task. */
    (void)sendto(r->wake_tx, &b, 1, 0, (struct sockaddr *)&r->wake_addr, sizeof r->wake_addr);
    xSemaphoreGive(r->wakemu);
}

static void rtc_ev_lock(void *ctx)
{
    xSemaphoreTake(((lk_rtc_t *)ctx)->evmu, portMAX_DELAY);
}

static void rtc_ev_unlock(void *ctx)
{
    xSemaphoreGive(((lk_rtc_t *)ctx)->evmu);
}

static int rtc_udp_socket(const lk_addr_t *addr, int *out, lk_addr_t *bound)
{
    if (addr->family != LK_ADDR_V4) {
        return LK_ERR_UNSUPPORTED; /* nanoFramework's lwIP is built without IPv6 */
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        return LK_ERR_IO;
    }
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(addr->port);
    memcpy(&sa.sin_addr.s_addr, addr->ip, 4);
    int fl = fcntl(fd, F_GETFL, 0);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return LK_ERR_IO;
    }
    socklen_t sl = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &sl) != 0) {
        close(fd);
        return LK_ERR_IO;
    }
    memset(bound, 0, sizeof *bound);
    bound->family = LK_ADDR_V4;
    bound->port = ntohs(sa.sin_port);
    memcpy(bound->ip, &sa.sin_addr.s_addr, 4);
    *out = fd;
    return LK_OK;
}

static int rtc_bind_one(lk_rtc_t *r, const lk_addr_t *addr)
{
    if (r->fd_count >= LK_PC_MAX_LOCAL) {
        return LK_ERR_QUEUE_FULL;
    }
    int fd;
    lk_addr_t bound;
    int rc = rtc_udp_socket(addr, &fd, &bound);
    if (rc != LK_OK) {
        return rc;
    }
    rc = lk_pc_add_local_address(r->pc, &bound);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    r->fds[r->fd_count++] = fd;
    return LK_OK;
}

/* Default: 127.0.0.1 for loopback-only, else the Wi-Fi station address. */
static int rtc_bind_default(lk_rtc_t *r, int loopback_only)
{
    lk_addr_t a;
    if (loopback_only) {
        lk_addr_parse(&a, "127.0.0.1", 9, 0);
        return rtc_bind_one(r, &a);
    }
    esp_netif_t *sta = esp_netif_get_handle_from_ifkey("WIFI_STA_DEF");
    esp_netif_ip_info_t info;
    if (sta == NULL || esp_netif_get_ip_info(sta, &info) != ESP_OK || info.ip.addr == 0) {
        return LK_ERR_IO; /* not connected to an access point yet */
    }
    memset(&a, 0, sizeof a);
    a.family = LK_ADDR_V4;
    memcpy(a.ip, &info.ip.addr, 4); /* esp_ip4_addr_t holds network byte order */
    return rtc_bind_one(r, &a);
}

static void rtc_flush(lk_rtc_t *r, uint64_t now)
{
    for (;;) {
        int local = 0;
        lk_addr_t to;
        int n = lk_pc_poll_transmit(r->pc, now, r->tx, sizeof r->tx, &local, &to);
        if (n <= 0) {
            return;
        }
        if (local < 0 || (size_t)local >= r->fd_count || to.family != LK_ADDR_V4) {
            continue;
        }
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons(to.port);
        memcpy(&sa.sin_addr.s_addr, to.ip, 4);
        /* A full lwIP buffer (ENOMEM) loses the datagram; every layer above retransmits. */
        (void)sendto(r->fds[local], r->tx, (size_t)n, 0, (struct sockaddr *)&sa, sizeof sa);
    }
}

static void rtc_task(void *arg)
{
    lk_rtc_t *r = arg;
    for (;;) {
        xSemaphoreTake(r->mu, portMAX_DELAY);
        if (r->stop) {
            xSemaphoreGive(r->mu);
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
        xSemaphoreGive(r->mu);

        if (pushed != r->notified) {
            r->notified = pushed;
            if (r->notify != NULL) {
                r->notify(r, r->user);
            }
        }

        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(r->wake_fd, &rd);
        int maxfd = r->wake_fd;
        for (size_t i = 0; i < r->fd_count; i++) {
            FD_SET(r->fds[i], &rd);
            if (r->fds[i] > maxfd) {
                maxfd = r->fds[i];
            }
        }
        struct timeval tv, *tvp = NULL;
        if (deadline != UINT64_MAX) {
            uint64_t t = rtc_now_ms();
            uint64_t ms = deadline <= t ? 0 : deadline - t;
            if (ms > 60000) {
                ms = 60000;
            }
            tv.tv_sec = (long)(ms / 1000);
            tv.tv_usec = (long)(ms % 1000) * 1000;
            tvp = &tv;
        }
        int sr = select(maxfd + 1, &rd, NULL, NULL, tvp);
        if (sr <= 0) {
            continue; /* timeout (or EINTR): timers run at the top of the loop */
        }
        if (FD_ISSET(r->wake_fd, &rd)) {
            uint8_t drain[16];
            while (recv(r->wake_fd, drain, sizeof drain, 0) > 0) {
            }
        }
        for (size_t i = 0; i < r->fd_count; i++) {
            if (!FD_ISSET(r->fds[i], &rd)) {
                continue;
            }
            for (int k = 0; k < RTC_RX_BURST; k++) {
                struct sockaddr_in sa;
                socklen_t sl = sizeof sa;
                int n = recvfrom(r->fds[i], r->rx, sizeof r->rx, 0, (struct sockaddr *)&sa, &sl);
                if (n < 0) {
                    break;
                }
                lk_addr_t from;
                memset(&from, 0, sizeof from);
                from.family = LK_ADDR_V4;
                from.port = ntohs(sa.sin_port);
                memcpy(from.ip, &sa.sin_addr.s_addr, 4);
                xSemaphoreTake(r->mu, portMAX_DELAY);
                uint64_t t = rtc_now_ms();
                lk_pc_handle_input(r->pc, t, (int)i, &from, r->rx, (size_t)n);
                rtc_flush(r, t);
                xSemaphoreGive(r->mu);
            }
        }
    }
    /* The last act: after this give, the owner may free r at any moment. */
    xSemaphoreGive(r->done);
    vTaskDelete(NULL);
}

/* The core's audio callback carries the port object as its context. */
static void rtc_audio(void *ctx, uint32_t ssrc, uint8_t pt, uint16_t seq, uint32_t ts,
                      const uint8_t *payload, size_t len)
{
    lk_rtc_t *r = ctx;
    r->on_audio(r, r->audio_user, ssrc, pt, seq, ts, payload, len);
}

static void rtc_free(lk_rtc_t *r)
{
    for (size_t i = 0; i < r->fd_count; i++) {
        close(r->fds[i]);
    }
    if (r->wake_fd >= 0) {
        close(r->wake_fd);
    }
    if (r->wake_tx >= 0) {
        close(r->wake_tx);
    }
    lk_pc_destroy(r->pc);
    lk_rtc_certificate_destroy(r->own_cert);
    if (r->mu != NULL) {
        vSemaphoreDelete(r->mu);
    }
    if (r->evmu != NULL) {
        vSemaphoreDelete(r->evmu);
    }
    if (r->wakemu != NULL) {
        vSemaphoreDelete(r->wakemu);
    }
    if (r->done != NULL) {
        vSemaphoreDelete(r->done);
    }
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
    r->wake_fd = -1;
    r->wake_tx = -1;
    r->notify = config->notify;
    r->user = config->user;

    r->mu = xSemaphoreCreateMutex();
    r->evmu = xSemaphoreCreateMutex();
    r->wakemu = xSemaphoreCreateMutex();
    r->done = xSemaphoreCreateBinary();
    int rc = r->mu != NULL && r->evmu != NULL && r->wakemu != NULL && r->done != NULL ? LK_OK
                                                                                       : LK_ERR_NO_MEMORY;
    pcfg.ev_lock = rtc_ev_lock;
    pcfg.ev_unlock = rtc_ev_unlock;
    pcfg.ev_lock_ctx = r;
    if (rc == LK_OK) {
        if (config->certificate == NULL) {
            rc = lk_rtc_certificate_create(&r->own_cert);
            pcfg.cert = rc == LK_OK ? r->own_cert->cert : NULL;
        } else {
            pcfg.cert = config->certificate->cert;
        }
    }
    if (rc == LK_OK) {
        rc = lk_pc_create(&pcfg, rtc_now_ms(), &r->pc);
    }
    if (rc == LK_OK) {
        lk_addr_t lo, bound;
        lk_addr_parse(&lo, "127.0.0.1", 9, 0);
        rc = rtc_udp_socket(&lo, &r->wake_fd, &bound);
        lk_addr_t any_lo, bound_tx;
        lk_addr_parse(&any_lo, "127.0.0.1", 9, 0);
        if (rc == LK_OK) {
            rc = rtc_udp_socket(&any_lo, &r->wake_tx, &bound_tx);
        }
        if (rc == LK_OK) {
            memset(&r->wake_addr, 0, sizeof r->wake_addr);
            r->wake_addr.sin_family = AF_INET;
            r->wake_addr.sin_port = htons(bound.port);
            memcpy(&r->wake_addr.sin_addr.s_addr, bound.ip, 4);
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
        if (xTaskCreatePinnedToCore(rtc_task, "lk_rtc", LK_RTC_TASK_STACK, r, LK_RTC_TASK_PRIORITY,
                                    &r->task, LK_RTC_TASK_CORE) != pdPASS) {
            rc = LK_ERR_NO_MEMORY;
        } else {
            r->task_started = 1;
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
    if (r->task_started && xTaskGetCurrentTaskHandle() == r->task) {
        return LK_ERR_STATE; /* inside the notify callback: the task cannot wait for itself */
    }
    if (r->task_started) {
        xSemaphoreTake(r->mu, portMAX_DELAY);
        r->stop = 1;
        rtc_wake(r);
        xSemaphoreGive(r->mu);
        if (xSemaphoreTake(r->done, pdMS_TO_TICKS(LK_RTC_STOP_TIMEOUT_MS)) != pdTRUE) {
            return LK_ERR_TIMEOUT; /* the task is stuck: leak rather than free live memory */
        }
    }
    rtc_free(r);
    return LK_OK;
}

#define RTC_CALL(r, expr) do { \
        if ((r) == NULL) { return LK_ERR_INVALID_ARG; } \
        xSemaphoreTake((r)->mu, portMAX_DELAY); \
        uint64_t now = rtc_now_ms(); (void)now; \
        int rc_ = (expr); \
        rtc_wake(r); \
        xSemaphoreGive((r)->mu); \
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
    xSemaphoreTake(r->mu, portMAX_DELAY);
    long v = lk_pc_buffered_amount(r->pc, channel_id);
    xSemaphoreGive(r->mu);
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
    xSemaphoreTake(r->mu, portMAX_DELAY);
    r->on_audio = fn;
    r->audio_user = user;
    lk_pc_set_audio_sink(r->pc, fn != NULL ? rtc_audio : NULL, r);
    xSemaphoreGive(r->mu);
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
    /* Only the queue's own lock: the CLR task never waits for a handshake step here. */
    int rc = lk_pc_poll_event(r->pc, ev, buf, cap);
    if (rc == LK_OK && lk_pc_backpressured(r->pc)) {
        rtc_wake(r); /* room in the queue: held-back messages may move */
    }
    return rc;
}

int lk_rtc_get_state(lk_rtc_t *r, lk_rtc_conn_state_t *conn, lk_rtc_ice_state_t *ice,
                     lk_rtc_dtls_state_t *dtls)
{
    if (r == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    xSemaphoreTake(r->mu, portMAX_DELAY);
    lk_pc_get_state(r->pc, conn, ice, dtls);
    xSemaphoreGive(r->mu);
    return LK_OK;
}
