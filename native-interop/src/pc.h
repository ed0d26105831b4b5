/*
 * pc.h - the sans-I/O peer connection: composes ICE (ice.h), DTLS (dtls.h), SRTP (srtp.h) and
 * SCTP with data channels (sctp.h) behind one object driven by one clock, and owns the bounded
 * event queue that lk_rtc_poll_event drains.
 *
 * It never touches a socket, a thread or a clock. The port (port/posix, port/esp-idf) binds
 * the UDP sockets, registers each one with lk_pc_add_local_address, and then loops:
 *
 *     lk_pc_handle_input(pc, now, socket_index, &from, data, len)   for each datagram received
 *     lk_pc_handle_timeout(pc, now)                                  when the deadline passed
 *     while ((n = lk_pc_poll_transmit(pc, buf, cap, &socket_index, &to)) > 0) sendto(...)
 *     deadline = lk_pc_poll_timeout(pc)
 *
 * Every API-level call (lk_pc_set_remote_description, lk_pc_send, ...) is also a mutation:
 * drain lk_pc_poll_transmit after it too (the POSIX port wakes its thread, which does so).
 * lk_pc_poll_timeout names the layer that set the deadline (lk_pc_timeout_reason) so logs can
 * say why the device woke up.
 *
 *   now_ms: one monotonic millisecond clock for every call on the object; never goes backwards.
 *
 * Threading: none inside; one thread at a time (the port holds its mutex around every call).
 */
#ifndef LK_PC_H
#define LK_PC_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "dtls.h"
#include "lk_rtc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LK_PC_MAX_LOCAL 4           /* sockets (host candidates) per peer connection */
#define LK_PC_MAX_STUN LK_RTC_MAX_ICE_SERVERS
#define LK_PC_MAX_CHANNELS 16       /* data channels created locally before SCTP is up */
#define LK_PC_MAX_AUDIO 4           /* audio transceivers */
#define LK_PC_EVENT_RESERVE 8       /* queue slots kept for state/candidate events */
#define LK_PC_DEFAULT_EVENTS 64
#define LK_PC_MIN_EVENTS 16
/* Provisional handles of channels created before SCTP knows the DTLS role: 0x8000 | index. */
#define LK_PC_PROVISIONAL_ID 0x8000u

/* The DTLS identity of the public API: wraps the DTLS module's certificate. */
struct lk_rtc_certificate {
    lk_dtls_cert_t *cert;
};

typedef struct lk_pc lk_pc_t;

/* Called for every authenticated RTP packet of an audio m-line (see lk_rtc_audio_fn). */
typedef void (*lk_pc_audio_fn)(void *ctx, uint32_t ssrc, uint8_t pt, uint16_t seq, uint32_t ts,
                               const uint8_t *payload, size_t len);

#define LK_PC_RTP_QUEUE 8          /* protected RTP/RTCP packets waiting for the port */
#define LK_PC_RTP_MAX_PAYLOAD 1200 /* largest Opus frame lk_pc_send_audio takes */

typedef struct lk_pc_config {
    const lk_dtls_cert_t *cert;     /* required; must outlive the peer connection */
    lk_addr_t stun[LK_PC_MAX_STUN]; /* STUN servers (IP literals) */
    size_t stun_count;
    int loopback_only;              /* drop remote candidates that are not loopback */
    uint32_t max_message_size;      /* 0: 65536 */
    size_t event_capacity;          /* 0: LK_PC_DEFAULT_EVENTS */
    lk_pc_audio_fn on_audio;        /* may be NULL; lk_pc_set_audio_sink changes it */
    void *audio_ctx;
    /* Optional lock of the event queue alone (both NULL: none). With it, lk_pc_poll_event,
     * lk_pc_backpressured and lk_pc_events_pushed may run on another thread WITHOUT the lock
     * that serialises every other call, so polling never waits for a long core step (a DTLS
     * handshake flight on a microcontroller). */
    void (*ev_lock)(void *ctx);
    void (*ev_unlock)(void *ctx);
    void *ev_lock_ctx;
} lk_pc_config_t;

/* Which layer set the deadline lk_pc_poll_timeout returned. */
typedef enum lk_pc_timeout_reason {
    LK_PC_TIMEOUT_NONE = 0,
    LK_PC_TIMEOUT_ICE = 1,
    LK_PC_TIMEOUT_DTLS = 2,
    LK_PC_TIMEOUT_SCTP = 3,
    LK_PC_TIMEOUT_RTCP = 4
} lk_pc_timeout_reason_t;

/** Parses "stun:host[:port]" (host an IPv4 literal or [IPv6]) into addr; port 3478 by default.
 *  Returns LK_OK, LK_ERR_MALFORMED or LK_ERR_UNSUPPORTED (turn:, stuns:, a hostname). */
int lk_pc_parse_stun_url(const char *url, lk_addr_t *addr);

int lk_pc_create(const lk_pc_config_t *cfg, uint64_t now_ms, lk_pc_t **out);
void lk_pc_destroy(lk_pc_t *pc);

/** Registers the local address of socket number index (0..LK_PC_MAX_LOCAL-1) before any SDP
 *  is applied; it becomes a host candidate. Returns LK_OK, LK_ERR_QUEUE_FULL, LK_ERR_STATE. */
int lk_pc_add_local_address(lk_pc_t *pc, const lk_addr_t *addr);

int lk_pc_create_offer(lk_pc_t *pc, char *sdp, size_t cap);
int lk_pc_create_answer(lk_pc_t *pc, char *sdp, size_t cap);
int lk_pc_set_local_description(lk_pc_t *pc, uint64_t now_ms, lk_rtc_sdp_type_t type,
                                const char *sdp);
int lk_pc_set_remote_description(lk_pc_t *pc, uint64_t now_ms, lk_rtc_sdp_type_t type,
                                 const char *sdp);
int lk_pc_add_remote_candidate(lk_pc_t *pc, uint64_t now_ms, const char *mid,
                               const char *candidate);
int lk_pc_create_data_channel(lk_pc_t *pc, uint64_t now_ms, const char *label, int ordered,
                              int max_retransmits, uint16_t *channel_id);
int lk_pc_send(lk_pc_t *pc, uint64_t now_ms, uint16_t channel_id, int binary,
               const uint8_t *data, size_t len);
long lk_pc_buffered_amount(lk_pc_t *pc, uint16_t channel_id);
int lk_pc_set_buffered_amount_low_threshold(lk_pc_t *pc, uint16_t channel_id, size_t threshold);
int lk_pc_close_channel(lk_pc_t *pc, uint64_t now_ms, uint16_t channel_id);
int lk_pc_add_audio_track(lk_pc_t *pc, lk_rtc_direction_t direction);
/** Sets or removes (fn NULL) the receiver of incoming audio. */
void lk_pc_set_audio_sink(lk_pc_t *pc, lk_pc_audio_fn fn, void *ctx);
/** See lk_rtc_send_audio. */
int lk_pc_send_audio(lk_pc_t *pc, uint64_t now_ms, const uint8_t *frame, size_t len,
                     uint32_t samples);
/** RTP packets sent, RTP and RTCP packets received (authenticated) so far; NULLs allowed. */
void lk_pc_rtp_counts(const lk_pc_t *pc, uint64_t *sent, uint64_t *received,
                      uint64_t *rtcp_received);
int lk_pc_close(lk_pc_t *pc, uint64_t now_ms);
/** See lk_rtc_restart_ice. */
int lk_pc_restart_ice(lk_pc_t *pc);

/** One received datagram on socket `local` from `from`. Never fails the caller: bad input is
 *  dropped (the return value says why, for tests: LK_OK or a negative code). */
int lk_pc_handle_input(lk_pc_t *pc, uint64_t now_ms, int local, const lk_addr_t *from,
                       const uint8_t *data, size_t len);
int lk_pc_handle_timeout(lk_pc_t *pc, uint64_t now_ms);
/** Absolute deadline for lk_pc_handle_timeout, UINT64_MAX when no timer runs. */
uint64_t lk_pc_poll_timeout(lk_pc_t *pc);
lk_pc_timeout_reason_t lk_pc_timeout_reason(const lk_pc_t *pc);
/** Pops the next datagram: returns its length (> 0) with *local (socket index) and *to set,
 *  0 when nothing is queued, LK_ERR_BUFFER_TOO_SMALL (cap < LK_DTLS_MAX_DATAGRAM). */
int lk_pc_poll_transmit(lk_pc_t *pc, uint64_t now_ms, uint8_t *buf, size_t cap, int *local,
                        lk_addr_t *to);

/** See lk_rtc_poll_event. Needs only the event-queue lock (see lk_pc_config_t.ev_lock). */
int lk_pc_poll_event(lk_pc_t *pc, lk_rtc_event_t *ev, uint8_t *buf, size_t cap);
/** 1 while data events wait inside SCTP because the queue was too full to take them: after a
 *  successful lk_pc_poll_event the port wakes its thread, which calls lk_pc_move_held so they
 *  move up (and the receive window reopens). Needs only the event-queue lock. */
int lk_pc_backpressured(const lk_pc_t *pc);
/** Moves held-back SCTP events into the queue while there is room (the port's thread, once a
 *  loop turn). A mutation: drain lk_pc_poll_transmit after it. */
void lk_pc_move_held(lk_pc_t *pc);
/** Events pushed since creation (the port compares it to decide whether to notify). */
uint32_t lk_pc_events_pushed(const lk_pc_t *pc);
/** Diagnostics for tests (stats, per-channel retransmission counters): the SCTP association,
 *  NULL before DTLS connects. Valid until the next call that may destroy it (close/destroy). */
struct lk_sctp;
const struct lk_sctp *lk_pc_sctp(const lk_pc_t *pc);
void lk_pc_get_state(const lk_pc_t *pc, lk_rtc_conn_state_t *conn, lk_rtc_ice_state_t *ice,
                     lk_rtc_dtls_state_t *dtls);

#ifdef __cplusplus
}
#endif
#endif /* LK_PC_H */
