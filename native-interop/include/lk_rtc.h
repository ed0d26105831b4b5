/*
 * lk_rtc.h - the public C API of the native WebRTC transport, shaped like RTCPeerConnection.
 *
 * One lk_rtc_t is one peer connection: ICE (full agent, host and server-reflexive candidates),
 * DTLS 1.2 (mbedTLS, both roles, fingerprint checked), SRTP for the audio m-line and SCTP with
 * data channels (DCEP) over DTLS. SDP strings cross this boundary, so any WebRTC implementation
 * can be the other side; signaling is the caller's business.
 *
 * ---- Usage ----
 *   1. Optionally create one certificate (lk_rtc_certificate_create) and reuse it for every
 *      peer connection: generating an ECDSA P-256 key costs seconds on an ESP32-S3.
 *   2. lk_rtc_create(&config, &pc). The port starts the peer connection's own thread (POSIX) or
 *      FreeRTOS task (ESP-IDF) here; it owns the sockets and drives the protocol core.
 *   3. Offerer: add data channels / audio track, lk_rtc_create_offer, lk_rtc_set_local_description,
 *      send the SDP; later lk_rtc_set_remote_description(LK_RTC_SDP_ANSWER, ...).
 *      Answerer: lk_rtc_set_remote_description(LK_RTC_SDP_OFFER, ...), lk_rtc_create_answer,
 *      lk_rtc_set_local_description, send the SDP.
 *   4. Trickle: hand every remote candidate to lk_rtc_add_remote_candidate; send every
 *      LK_RTC_EV_LOCAL_CANDIDATE event to the peer.
 *   5. Whenever the notify callback runs (or whenever you like), drain the event queue:
 *          while ((r = lk_rtc_poll_event(pc, &ev, buf, sizeof buf)) == LK_OK) handle(&ev, buf);
 *      until it returns LK_ERR_AGAIN (queue empty). LK_ERR_BUFFER_TOO_SMALL leaves the event at
 *      the head of the queue and puts the size it needs in ev.len: grow the buffer and call again.
 *   6. lk_rtc_close (optional: stops traffic, closes channels, state becomes closed), then
 *      lk_rtc_destroy (joins the thread, frees everything).
 *
 * ---- Threading contract ----
 *   - Every function may be called from any thread except where noted. Calls on one lk_rtc_t are
 *     serialised by an internal mutex; they never block on the network (a call that needs the
 *     network queues the work and wakes the peer connection's thread), but may wait for the
 *     thread's current step (at worst one DTLS handshake flight). lk_rtc_poll_event takes only
 *     the event queue's own short lock and never waits for a step.
 *   - The notify callback runs on the peer connection's own thread, with no internal lock held,
 *     after one or more events were queued (at most once per turn of that thread's loop). It is
 *     a hint, not a count: drain until LK_ERR_AGAIN. It may call every function of this API on
 *     the same lk_rtc_t EXCEPT lk_rtc_destroy, which returns LK_ERR_STATE there (a thread cannot
 *     join itself): defer the destroy to another thread. Keep the callback short: it delays the
 *     packets of this peer connection (on the device it should only signal the CLR).
 *   - The audio sink (lk_rtc_set_audio_sink) runs on the same thread WITH the internal mutex
 *     held: it must not call this API at all.
 *   - lk_rtc_destroy must not race with other calls on the same handle: once destroy started,
 *     the handle is gone. Different lk_rtc_t handles are fully independent.
 *
 * ---- Ownership ----
 *   - Every buffer passed in (config strings, SDP, candidates, message data) is read during the
 *     call and copied if needed; the caller keeps ownership and may free it when the call returns.
 *   - Every buffer passed out (SDP, event payload) is caller-allocated with an explicit capacity;
 *     the API never keeps a pointer to it after the call returns.
 *   - A certificate given in the configuration must outlive every peer connection created with it.
 *
 * Errors: every function returns LK_OK (0) or a non-negative value on success and a negative
 * LK_ERR_* code (lk_error.h) on failure; lk_strerror() describes a code.
 */
#ifndef LK_RTC_H
#define LK_RTC_H

#include <stddef.h>
#include <stdint.h>

#include "lk_error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lk_rtc lk_rtc_t;                         /* one peer connection (opaque) */
typedef struct lk_rtc_certificate lk_rtc_certificate_t; /* a DTLS identity (opaque) */

#define LK_RTC_MAX_ICE_SERVERS 4  /* entries of lk_rtc_config_t.ice_servers read (stun: URLs
                                     are kept; the ICE agent queries the first 2) */
#define LK_RTC_MAX_BIND_ADDRS 4   /* entries of lk_rtc_config_t.bind_addrs that are used */
#define LK_RTC_MID_MAX 16         /* bytes of lk_rtc_event_t.mid, NUL included */

typedef enum lk_rtc_sdp_type {
    LK_RTC_SDP_OFFER = 0,
    LK_RTC_SDP_ANSWER = 1
} lk_rtc_sdp_type_t;

typedef enum lk_rtc_direction {
    LK_RTC_DIR_SENDRECV = 0,
    LK_RTC_DIR_SENDONLY = 1,
    LK_RTC_DIR_RECVONLY = 2,
    LK_RTC_DIR_INACTIVE = 3
} lk_rtc_direction_t;

/* RTCIceConnectionState */
typedef enum lk_rtc_ice_state {
    LK_RTC_ICE_NEW = 0,
    LK_RTC_ICE_CHECKING = 1,
    LK_RTC_ICE_CONNECTED = 2,
    LK_RTC_ICE_COMPLETED = 3,
    LK_RTC_ICE_DISCONNECTED = 4,
    LK_RTC_ICE_FAILED = 5,
    LK_RTC_ICE_CLOSED = 6
} lk_rtc_ice_state_t;

/* RTCDtlsTransportState */
typedef enum lk_rtc_dtls_state {
    LK_RTC_DTLS_NEW = 0,
    LK_RTC_DTLS_CONNECTING = 1,
    LK_RTC_DTLS_CONNECTED = 2,
    LK_RTC_DTLS_CLOSED = 3,
    LK_RTC_DTLS_FAILED = 4
} lk_rtc_dtls_state_t;

/* RTCPeerConnectionState: connected = ICE connected and DTLS connected. */
typedef enum lk_rtc_conn_state {
    LK_RTC_CONN_NEW = 0,
    LK_RTC_CONN_CONNECTING = 1,
    LK_RTC_CONN_CONNECTED = 2,
    LK_RTC_CONN_DISCONNECTED = 3,
    LK_RTC_CONN_FAILED = 4,
    LK_RTC_CONN_CLOSED = 5
} lk_rtc_conn_state_t;

/** Runs on the peer connection's thread when the event queue becomes non-empty (see above). */
typedef void (*lk_rtc_notify_fn)(lk_rtc_t *pc, void *user);

/**
 * Receives each authenticated RTP packet of an audio m-line: payload[0..len) is the Opus frame.
 * Runs on the peer connection's thread WITH its internal lock held: it must not call any
 * lk_rtc_* function. payload is valid during the call only: copy it (into a jitter buffer) and
 * return quickly. This is the native audio path: it never goes through the event queue.
 */
typedef void (*lk_rtc_audio_fn)(lk_rtc_t *pc, void *user, uint32_t ssrc, uint8_t payload_type,
                                uint16_t seq, uint32_t timestamp, const uint8_t *payload,
                                size_t len);

typedef struct lk_rtc_config {
    /* STUN servers as "stun:host[:port]" (port 3478 by default), host an IP literal (the core
     * does not resolve names: resolve them before). NULL/0: host candidates only. */
    const char *const *ice_servers;
    size_t ice_server_count;
    /* Local addresses to bind one UDP socket each (IPv4 or IPv6 literals, port chosen by the
     * OS). NULL/0: "127.0.0.1" when loopback_only is set, else every IPv4 interface address
     * (POSIX) or the station interface (ESP-IDF). */
    const char *const *bind_addrs;
    size_t bind_addr_count;
    int loopback_only;          /* non-zero: never gather anything but 127.0.0.0/8 and ::1 */
    uint32_t max_message_size;  /* a=max-message-size we announce; 0: 65536 */
    size_t event_queue_capacity;/* events held before backpressure; 0: 64, minimum 16 */
    const lk_rtc_certificate_t *certificate; /* NULL: the peer connection creates its own */
    lk_rtc_notify_fn notify;    /* may be NULL: then poll */
    void *user;                 /* passed to notify */
    /* Managed bindings mirror this struct field by field: append new fields only at the end
     * and keep every one of them meaning "default" when zero. */
} lk_rtc_config_t;

typedef enum lk_rtc_event_type {
    LK_RTC_EV_NONE = 0,
    /* buf: the candidate attribute value "candidate:..." (NUL-terminated), ev.mid its m-line. */
    LK_RTC_EV_LOCAL_CANDIDATE = 1,
    /* Gathering finished; ev.mid names the m-line. No payload. */
    LK_RTC_EV_END_OF_CANDIDATES = 2,
    LK_RTC_EV_ICE_STATE = 3,        /* ev.state: lk_rtc_ice_state_t */
    LK_RTC_EV_DTLS_STATE = 4,       /* ev.state: lk_rtc_dtls_state_t; ev.error on failure */
    LK_RTC_EV_CONNECTION_STATE = 5, /* ev.state: lk_rtc_conn_state_t; ev.error on failure:
                                       LK_ERR_FINGERPRINT (peer certificate does not match),
                                       LK_ERR_TIMEOUT (ICE failed, handshake gave up),
                                       LK_ERR_CLOSED (the peer closed DTLS), ... Failed is
                                       final for this peer connection. */
    /* A channel is open: ev.channel_id, ev.remote_opened (1 when the peer created it; its id
     * is new to you), buf: the label (NUL-terminated). */
    LK_RTC_EV_CHANNEL_OPEN = 6,
    /* A message: ev.channel_id, ev.binary, buf[0..ev.len) the bytes (not NUL-terminated;
     * empty messages have ev.len 0). */
    LK_RTC_EV_MESSAGE = 7,
    LK_RTC_EV_CHANNEL_CLOSED = 8,   /* ev.channel_id; no more events for it */
    LK_RTC_EV_BUFFERED_AMOUNT_LOW = 9, /* ev.channel_id fell to or below its threshold */
    /* Something failed that does not change a state: ev.error. ev.channel_id is set when the
     * error concerns a channel (e.g. LK_ERR_QUEUE_FULL: events were lost). */
    LK_RTC_EV_ERROR = 10
} lk_rtc_event_type_t;

typedef struct lk_rtc_event {
    lk_rtc_event_type_t type;
    int state;               /* the new state of a *_STATE event */
    int error;               /* LK_ERR_* of an error or a failed state, else 0 */
    uint16_t channel_id;     /* the SCTP stream id of channel events */
    uint8_t binary;          /* message: 1 binary (PPID 53/57), 0 text (PPID 51/56) */
    uint8_t remote_opened;   /* channel open: 1 if the peer opened it */
    char mid[LK_RTC_MID_MAX];/* candidate events: the m-line's mid */
    size_t len;              /* bytes of buf used; on LK_ERR_BUFFER_TOO_SMALL the bytes needed */
} lk_rtc_event_t;

/* ---- Certificate ---- */

/** Generates an ECDSA P-256 self-signed certificate. Slow on a microcontroller: do it once. */
int lk_rtc_certificate_create(lk_rtc_certificate_t **out);
/** Frees a certificate no peer connection uses any more; NULL is ignored. */
void lk_rtc_certificate_destroy(lk_rtc_certificate_t *cert);

/* ---- Lifetime ---- */

/**
 * Creates a peer connection, binds its sockets and starts its thread/task.
 * Returns LK_OK with *out set, or LK_ERR_INVALID_ARG, LK_ERR_NO_MEMORY, LK_ERR_IO (no socket
 * could be bound, thread creation failed), LK_ERR_CRYPTO (certificate generation failed).
 */
int lk_rtc_create(const lk_rtc_config_t *config, lk_rtc_t **out);

/**
 * Closes the peer connection: channels close, DTLS sends close_notify, sockets stop reading,
 * a LK_RTC_EV_CONNECTION_STATE closed event is queued. Events already queued stay readable.
 * Idempotent.
 */
int lk_rtc_close(lk_rtc_t *pc);

/**
 * Stops and joins the thread/task, closes the sockets and frees everything. Any thread except
 * the peer connection's own (the notify callback): there it returns LK_ERR_STATE and does
 * nothing. NULL is ignored (LK_OK). After LK_OK the handle is invalid.
 */
int lk_rtc_destroy(lk_rtc_t *pc);

/* ---- Session descriptions and candidates ---- */

/**
 * Writes an offer into sdp[0..cap) (NUL-terminated) and returns its length, or
 * LK_ERR_BUFFER_TOO_SMALL (4 KiB is enough for one audio and one application m-line),
 * LK_ERR_STATE (closed, or a remote offer is pending).
 * The offer has BUNDLE, a=setup:actpass, the ICE credentials and fingerprint, an audio m-line per
 * audio track (opus/48000/2 PT 111) and an application m-line (SCTP port 5000) when a data
 * channel was created or there is no audio track. A subsequent offer (after the first exchange)
 * keeps the earlier m-lines in place and appends new audio tracks / the application m-line; the
 * peer's answer is applied on the same DTLS association. It contains no candidates: they come as
 * LK_RTC_EV_LOCAL_CANDIDATE events after set_local_description.
 */
int lk_rtc_create_offer(lk_rtc_t *pc, char *sdp, size_t cap);

/** Writes the answer to the remote offer; same returns as create_offer (LK_ERR_STATE without
 *  a remote offer; LK_ERR_UNSUPPORTED when every m-line of the offer had to be rejected). We
 *  answer a=setup:active to actpass (DTLS client). */
int lk_rtc_create_answer(lk_rtc_t *pc, char *sdp, size_t cap);

/** Applies our own offer or answer (the text returned by create_offer/answer). Starts ICE
 *  gathering and, once both descriptions are known, connectivity checks. */
int lk_rtc_set_local_description(lk_rtc_t *pc, lk_rtc_sdp_type_t type, const char *sdp);

/**
 * Applies the peer's offer or answer. Candidates in it are added. Returns LK_ERR_MALFORMED when
 * the SDP lacks ICE credentials or a sha-256 fingerprint, LK_ERR_UNSUPPORTED for what we
 * cannot do (no usable m-line; in a subsequent exchange a changed fingerprint or DTLS role, or
 * an offer to the side that made the first offer), LK_ERR_STATE out of order.
 */
int lk_rtc_set_remote_description(lk_rtc_t *pc, lk_rtc_sdp_type_t type, const char *sdp);

/**
 * Makes the next lk_rtc_create_offer restart ICE (RFC 8445 9): new ufrag/pwd, local candidates
 * signalled again after that offer is set; the answer's new credentials complete it. DTLS and
 * SCTP continue over the new pair; a connection that failed only because ICE failed recovers.
 * Only on the side that made the first offer (LK_ERR_UNSUPPORTED otherwise, or before the first
 * exchange); a restart offer from the peer is answered with new credentials automatically.
 */
int lk_rtc_restart_ice(lk_rtc_t *pc);

/**
 * Adds one trickled remote candidate: candidate is "candidate:..." (with or without the "a="),
 * mid its m-line (NULL: the first/bundled one). candidate NULL or "" means end-of-candidates.
 * Candidates that are not UDP, or not reachable under loopback_only, are ignored (LK_OK).
 */
int lk_rtc_add_remote_candidate(lk_rtc_t *pc, const char *mid, const char *candidate);

/* ---- Data channels ---- */

/**
 * Creates a data channel. max_retransmits -1: reliable; 0.. : partial reliability (RFC 3758).
 * Channels created before the offer are announced (DCEP OPEN) when SCTP is up; the id (SCTP
 * stream id, even for the DTLS client, odd for the server) is assigned then, so *channel_id is
 * a provisional handle until LK_RTC_EV_CHANNEL_OPEN reports the final id for the same label.
 * Returns LK_OK, LK_ERR_INVALID_ARG (label longer than 255 bytes), LK_ERR_QUEUE_FULL (too many
 * channels), LK_ERR_STATE (closed).
 */
int lk_rtc_create_data_channel(lk_rtc_t *pc, const char *label, int ordered,
                               int max_retransmits, uint16_t *channel_id);

/**
 * Queues one message (copied). binary selects PPID 53 (binary) or 51 (text). len 0 sends an
 * empty message. Returns LK_OK, LK_ERR_STATE (channel not open), LK_ERR_NOT_FOUND,
 * LK_ERR_TOO_LARGE (over the peer's max-message-size), LK_ERR_QUEUE_FULL (send buffer full:
 * wait for LK_RTC_EV_BUFFERED_AMOUNT_LOW).
 */
int lk_rtc_send(lk_rtc_t *pc, uint16_t channel_id, int binary, const uint8_t *data, size_t len);

/** Bytes queued on the channel and not yet transmitted (as W3C bufferedAmount); negative LK_ERR_* on error. */
long lk_rtc_buffered_amount(lk_rtc_t *pc, uint16_t channel_id);

/** Sets the level at or below which LK_RTC_EV_BUFFERED_AMOUNT_LOW fires (default 0). */
int lk_rtc_set_buffered_amount_low_threshold(lk_rtc_t *pc, uint16_t channel_id, size_t threshold);

/** Closes a channel (SCTP stream reset); LK_RTC_EV_CHANNEL_CLOSED follows. */
int lk_rtc_close_channel(lk_rtc_t *pc, uint16_t channel_id);

/* ---- Media ---- */

/**
 * Adds an audio transceiver (opus/48000/2, PT 111, rtcp-mux) with the given direction. Call
 * before create_offer (a later offer appends it), or before create_answer (its direction is
 * used for the offer's audio m-lines; recvonly without any). Returns the transceiver index
 * (>= 0) or LK_ERR_QUEUE_FULL / LK_ERR_STATE.
 */
int lk_rtc_add_audio_track(lk_rtc_t *pc, lk_rtc_direction_t direction);

/**
 * Sets (or with fn NULL removes) the receiver of incoming audio (see lk_rtc_audio_fn); until
 * then received audio is authenticated and dropped. Any thread except inside on_audio itself.
 */
int lk_rtc_set_audio_sink(lk_rtc_t *pc, lk_rtc_audio_fn fn, void *user);

/**
 * Sends one encoded Opus frame (len <= 1200 bytes) as an RTP packet (PT as negotiated, 111 in
 * our offers) on the first audio transceiver that sends (sendrecv/sendonly); samples is the
 * frame's duration at 48 kHz (960 for 20 ms: RFC 7587 4.1 clocks Opus at 48 kHz whatever the
 * encoder's rate). The packet is SRTP-protected and queued for the peer connection's thread;
 * RTCP sender reports follow every ~5 s (RFC 3550 6.2) while sending.
 * Returns LK_OK, LK_ERR_STATE (no sending audio m-line negotiated, DTLS not connected, closed),
 * LK_ERR_TOO_LARGE, LK_ERR_QUEUE_FULL (8 packets already wait: the thread is behind).
 */
int lk_rtc_send_audio(lk_rtc_t *pc, const uint8_t *frame, size_t len, uint32_t samples);

/* ---- Events ---- */

/**
 * Takes the oldest event. Returns LK_OK with *ev filled and its payload in buf[0..ev->len)
 * (candidate and label payloads are NUL-terminated: the NUL is not counted in len but needs
 * room), LK_ERR_AGAIN when the queue is empty, LK_ERR_BUFFER_TOO_SMALL when the payload does
 * not fit (the event stays queued; ev->type and ev->len — the bytes needed — are set).
 * buf may be NULL when cap is 0.
 */
int lk_rtc_poll_event(lk_rtc_t *pc, lk_rtc_event_t *ev, uint8_t *buf, size_t cap);

/** The current states (any pointer may be NULL). */
int lk_rtc_get_state(lk_rtc_t *pc, lk_rtc_conn_state_t *conn, lk_rtc_ice_state_t *ice,
                     lk_rtc_dtls_state_t *dtls);

/** Constant names of states and event types, for logs; never NULL. */
const char *lk_rtc_conn_state_name(lk_rtc_conn_state_t s);
const char *lk_rtc_event_type_name(lk_rtc_event_type_t t);

#ifdef __cplusplus
}
#endif
#endif /* LK_RTC_H */
