/*
 * sctp.h - SCTP over DTLS (RFC 4960/9260, RFC 8261) with WebRTC data channels (RFC 8831, DCEP
 * RFC 8832), sans-I/O.
 *
 * One lk_sctp_t is one SCTP association carried as DTLS application data, plus the data channels
 * that live on its streams. It never touches a socket, a clock or a thread: the caller (the
 * peer-connection core) feeds it the decrypted DTLS records and the time, and drains what it
 * produces. Usage rule (the str0m "single mutation" rule): after every mutating call
 * (lk_sctp_connect, lk_sctp_handle_input, lk_sctp_handle_timeout, lk_sctp_channel_open,
 * lk_sctp_channel_send, lk_sctp_channel_close, lk_sctp_shutdown, lk_sctp_abort)
 *   1. drain lk_sctp_poll_transmit() until it returns 0, handing each packet to lk_dtls_send();
 *   2. drain lk_sctp_poll_event() until it returns 0;
 *   3. ask lk_sctp_poll_timeout() for the next deadline and call lk_sctp_handle_timeout() then.
 * (If lk_dtls_send reports LK_ERR_QUEUE_FULL, drop the packet: SCTP retransmits it.)
 *
 *   now_ms: any monotonic millisecond clock; it must never go backwards.
 *
 * What it does: INIT / INIT-ACK / COOKIE-ECHO / COOKIE-ACK from either side and simultaneous open
 * (the state cookie carries an HMAC-SHA256 under a per-association random key and a 60 s life);
 * DATA and SACK with gap-ack blocks and duplicate TSNs; T1-init, T1-cookie, T2-shutdown and
 * T3-rtx with the RTO of RFC 4960 6.3 (SRTT/RTTVAR, Karn); fast retransmit on the third missing
 * report; cwnd/ssthresh slow start and congestion avoidance (RFC 4960 7.2); the peer's a_rwnd
 * and our own advertised window; fragmentation and reassembly up to the max-message-size;
 * ordered and unordered delivery; partial reliability with FORWARD-TSN (RFC 3758) by
 * retransmission count or lifetime; stream reset (RFC 6525 Outgoing SSN Reset Request and
 * Re-configuration Response) to close a channel; HEARTBEAT / HEARTBEAT-ACK; ABORT; the
 * SHUTDOWN / SHUTDOWN-ACK / SHUTDOWN-COMPLETE sequence; CRC32c on every packet (a bad one is
 * dropped); several chunks bundled per packet up to the configured MTU.
 * One path (DTLS is the path), no multi-homing, no I-DATA (RFC 8260), no AUTH chunks.
 *
 * Data channels (RFC 8832): stream ids are even on the DTLS client and odd on the DTLS server;
 * lk_sctp_channel_open() sends DATA_CHANNEL_OPEN (PPID 50), the peer's DATA_CHANNEL_ACK makes it
 * open; a remote DATA_CHANNEL_OPEN is answered with an ACK and announced as
 * LK_SCTP_EV_CHANNEL_OPEN with remote = 1. Messages carry PPID 51 (text) / 53 (binary), or 56 / 57
 * when empty. Closing resets the outgoing stream; the peer resets its own in answer, and when
 * both directions are reset LK_SCTP_EV_CHANNEL_CLOSED is raised and the id may be reused.
 * Before the ACK arrives a channel's messages are sent ordered (RFC 8832 6).
 *
 * Buffer ownership: inputs are read during the call and never retained (messages are copied into
 * the send buffer). Events point into memory the association owns; an event's data stays valid
 * until the next call on the same association.
 *
 * Memory: bounded by the configuration: send_buffer bytes of messages not yet sent, as many again
 * of sent but unacknowledged data (the in-flight data never exceeds send_buffer), and
 * receive_window bytes of received but not yet polled data. See lk_sctp_memory().
 *
 * Threading: none inside. An association must be used by one thread at a time.
 */
#ifndef LK_SCTP_H
#define LK_SCTP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The SCTP port both WebRTC peers use unless SDP a=sctp-port says otherwise (RFC 8841 5). */
#define LK_SCTP_DEFAULT_PORT 5000
/* Largest SCTP packet we build by default: fits lk_dtls_max_app_payload() at LK_DTLS_MTU 1200
 * for every suite the DTLS module offers (AES-GCM costs 37 bytes of record overhead, AES-CBC with
 * HMAC-SHA1 up to 65). A caller that knows the negotiated payload may pass
 * lk_dtls_max_app_payload() rounded down to a multiple of 4 as cfg.mtu. */
#define LK_SCTP_DEFAULT_MTU 1132
/* RFC 8841 6: "If the SDP max-message-size attribute is not present, the default value is 64K". */
#define LK_SCTP_DEFAULT_MAX_MESSAGE 65536
#define LK_SCTP_DEFAULT_SEND_BUFFER (256 * 1024)
#define LK_SCTP_DEFAULT_RECEIVE_WINDOW (256 * 1024)
/* Longest label and protocol string a channel may carry (bytes, no NUL). */
#define LK_SCTP_MAX_LABEL 255

/* RFC 9260 16: "RTO.Initial: 1 second", "RTO.Min: 1 second", "RTO.Max: 60 seconds". We keep
 * RTO.Initial and RTO.Max and lower RTO.Min to 400 ms (see docs/native-sctp.md): data channels
 * carry interactive traffic over paths whose RTT is far below a second, and a 1 s floor turns
 * every tail loss into a one-second stall. The floor must stay above the peer's delayed-SACK
 * timer (RFC 9260 6.2: "SACK.Delay SHOULD be 200 ms") plus an RTT, or a single message in flight
 * is retransmitted spuriously; libwebrtc's dcsctp defaults to the same 400 ms for that reason.
 * The RTO rules of RFC 9260 6.3.1 (SRTT, RTTVAR, Karn, doubling on expiry) are unchanged. */
#define LK_SCTP_RTO_INITIAL_MS 1000
#define LK_SCTP_RTO_MIN_MS 400
#define LK_SCTP_RTO_MAX_MS 60000

typedef struct lk_sctp lk_sctp_t;

/** Fills buf[0..len) with cryptographically strong random bytes; returns 0 or a negative code. */
typedef int (*lk_sctp_random_fn)(void *user, uint8_t *buf, size_t len);

typedef struct lk_sctp_config {
    int dtls_client;                 /* 1: we are the DTLS client (even stream ids), 0: server (odd) */
    uint16_t local_port;             /* 0 = LK_SCTP_DEFAULT_PORT */
    uint16_t remote_port;            /* 0 = LK_SCTP_DEFAULT_PORT */
    uint16_t mtu;                    /* largest SCTP packet (<= the DTLS payload); 0 = default */
    uint32_t max_message_size;       /* largest message we accept (our SDP max-message-size);
                                        0 = LK_SCTP_DEFAULT_MAX_MESSAGE */
    uint32_t remote_max_message_size;/* the peer's SDP max-message-size; 0 = 65536 */
    uint32_t send_buffer;            /* bytes of queued, unsent messages; 0 = default */
    uint32_t receive_window;         /* our a_rwnd; 0 = default */
    uint32_t rto_min_ms;             /* 0 = LK_SCTP_RTO_MIN_MS */
    lk_sctp_random_fn random;        /* required: tags, initial TSN, cookie key */
    void *random_user;
} lk_sctp_config_t;

typedef enum lk_sctp_state {
    LK_SCTP_STATE_CLOSED = 0,        /* created; passive: an INIT from the peer is answered */
    LK_SCTP_STATE_COOKIE_WAIT = 1,   /* INIT sent */
    LK_SCTP_STATE_COOKIE_ECHOED = 2, /* COOKIE-ECHO sent */
    LK_SCTP_STATE_ESTABLISHED = 3,
    LK_SCTP_STATE_SHUTTING_DOWN = 4, /* any of the RFC 4960 shutdown states */
    LK_SCTP_STATE_TERMINATED = 5     /* shut down, aborted or failed: see lk_sctp_error() */
} lk_sctp_state_t;

typedef enum lk_sctp_event_type {
    LK_SCTP_EV_NONE = 0,
    LK_SCTP_EV_CONNECTED = 1,        /* the association is ESTABLISHED */
    LK_SCTP_EV_TERMINATED = 2,       /* error: 0 after SHUTDOWN, LK_ERR_CLOSED on ABORT from the
                                        peer, LK_ERR_TIMEOUT when retransmissions ran out,
                                        LK_ERR_TOO_LARGE / LK_ERR_MALFORMED on a protocol error */
    LK_SCTP_EV_CHANNEL_OPEN = 3,     /* a channel is open: ours got its ACK, or the peer opened
                                        one (remote = 1, label/protocol/ordered/... filled) */
    LK_SCTP_EV_CHANNEL_MESSAGE = 4,  /* data[0..len), binary or text */
    LK_SCTP_EV_CHANNEL_BUFFERED_LOW = 5, /* buffered amount fell to the low threshold or below */
    LK_SCTP_EV_CHANNEL_CLOSED = 6    /* both directions of the stream were reset (or the
                                        association ended): the id is free again */
} lk_sctp_event_type_t;

typedef enum lk_sctp_channel_type {
    LK_SCTP_RELIABLE = 0,            /* DCEP 0x00 / 0x80 unordered */
    LK_SCTP_PARTIAL_REXMIT = 1,      /* DCEP 0x01 / 0x81: reliability = max retransmissions */
    LK_SCTP_PARTIAL_TIMED = 2        /* DCEP 0x02 / 0x82: reliability = lifetime in ms */
} lk_sctp_channel_type_t;

typedef struct lk_sctp_event {
    lk_sctp_event_type_t type;
    uint16_t channel;                /* stream id, for the CHANNEL_* events */
    int error;                       /* TERMINATED: the reason (see above) */
    /* CHANNEL_MESSAGE */
    int binary;                      /* 1: PPID 53/57, 0: PPID 51/56 (UTF-8 text) */
    const uint8_t *data;             /* valid until the next call on the association */
    size_t len;
    /* CHANNEL_OPEN */
    int remote;                      /* 1 when the peer opened it */
    int ordered;
    lk_sctp_channel_type_t reliability_type;
    uint32_t reliability;            /* max retransmissions or lifetime ms (0 for reliable) */
    uint16_t priority;
    const char *label;               /* NUL-terminated, valid until the next call */
    const char *protocol;            /* NUL-terminated, "" when none */
} lk_sctp_event_t;

typedef struct lk_sctp_channel_init {
    const char *label;               /* NUL-terminated, <= LK_SCTP_MAX_LABEL bytes; NULL = "" */
    const char *protocol;            /* NUL-terminated sub-protocol; NULL = "" */
    int ordered;                     /* 1 ordered, 0 unordered */
    int max_retransmits;             /* -1 = no limit; >= 0: partial reliability by count */
    int max_packet_life_ms;          /* -1 = no limit; >= 0: partial reliability by time (only
                                        one of max_retransmits / max_packet_life_ms may be set) */
    uint16_t priority;               /* DCEP priority; 256 = "normal" in WebRTC terms */
    int negotiated;                  /* 1: no DCEP, the peer opens the same id itself */
    int id;                          /* -1 = choose by DTLS role; required when negotiated */
} lk_sctp_channel_init_t;

/** Fills cfg with the defaults (all zero fields mean "default"), random still to be set. */
void lk_sctp_config_init(lk_sctp_config_t *cfg);

/** Creates an association in CLOSED. Returns 0, LK_ERR_INVALID_ARG (NULL, no random function,
 *  mtu < 256), LK_ERR_NO_MEMORY, or the random function's error. */
int lk_sctp_create(lk_sctp_t **out, const lk_sctp_config_t *cfg);

/** Frees the association and everything it holds; NULL is ignored. Sends nothing. */
void lk_sctp_destroy(lk_sctp_t *s);

/** Active open: queues an INIT (retransmitted on T1-init with doubling, at most
 *  Max.Init.Retransmits times). Both sides may call it (simultaneous open works); a side that
 *  never calls it still answers the peer's INIT. Returns 0 or LK_ERR_STATE when not CLOSED. */
int lk_sctp_connect(lk_sctp_t *s, uint64_t now_ms);

/** Processes one SCTP packet (one decrypted DTLS record). A packet with a bad CRC32c, bad
 *  verification tag or bad ports is dropped (returns LK_ERR_MALFORMED / LK_ERR_AUTH but the
 *  association is unaffected). Returns 0 when processed. */
int lk_sctp_handle_input(lk_sctp_t *s, uint64_t now_ms, const uint8_t *pkt, size_t len);

/** Runs every timer due at now_ms. Returns 0. */
int lk_sctp_handle_timeout(lk_sctp_t *s, uint64_t now_ms);

/** The absolute time of the next timer, or UINT64_MAX when none runs. */
uint64_t lk_sctp_poll_timeout(const lk_sctp_t *s);

/** Builds the next packet (control chunks, retransmissions, then new DATA within cwnd and the
 *  peer's window, bundled up to the MTU) into buf. Returns its length, 0 when there is nothing to
 *  send, or LK_ERR_BUFFER_TOO_SMALL (cap < mtu). now_ms stamps the DATA for RTT and timers. */
int lk_sctp_poll_transmit(lk_sctp_t *s, uint64_t now_ms, uint8_t *buf, size_t cap);

/** Pops the next event. Returns 1 when *ev was filled, 0 when there is none. */
int lk_sctp_poll_event(lk_sctp_t *s, lk_sctp_event_t *ev);

/** Graceful SHUTDOWN once everything queued is acknowledged; LK_SCTP_EV_TERMINATED (error 0)
 *  follows. Returns 0 or LK_ERR_STATE. */
int lk_sctp_shutdown(lk_sctp_t *s, uint64_t now_ms);

/** Sends ABORT and terminates at once (LK_SCTP_EV_TERMINATED with LK_ERR_CLOSED). */
int lk_sctp_abort(lk_sctp_t *s, uint64_t now_ms);

lk_sctp_state_t lk_sctp_state(const lk_sctp_t *s);

/** The reason of TERMINATED (0 after a clean shutdown), 0 otherwise. */
int lk_sctp_error(const lk_sctp_t *s);

/* ---- Data channels ---- */

/**
 * Opens a channel. Allowed before the association is up (the DATA_CHANNEL_OPEN waits in the send
 * queue). Returns the stream id (>= 0), LK_ERR_INVALID_ARG (label too long, both reliability
 * limits, negotiated without id, id of the wrong parity for a DCEP channel),
 * LK_ERR_QUEUE_FULL (no free stream id / send buffer full), LK_ERR_STATE (terminated),
 * LK_ERR_NO_MEMORY. A negotiated channel is open at once (LK_SCTP_EV_CHANNEL_OPEN follows).
 */
int lk_sctp_channel_open(lk_sctp_t *s, const lk_sctp_channel_init_t *init);

/**
 * Queues one message (copied). binary: 1 for PPID 53, 0 for text (PPID 51); len 0 sends the
 * empty-message PPIDs 57 / 56. Returns 0, LK_ERR_TOO_LARGE (len > the peer's max-message-size),
 * LK_ERR_QUEUE_FULL (the send buffer cannot take it: wait for BUFFERED_LOW), LK_ERR_NOT_FOUND,
 * LK_ERR_STATE (channel closing/closed, or association terminated), LK_ERR_NO_MEMORY.
 */
int lk_sctp_channel_send(lk_sctp_t *s, uint16_t id, const uint8_t *data, size_t len, int binary);

/** Starts closing: queued messages are still sent, then the outgoing stream is reset. */
int lk_sctp_channel_close(lk_sctp_t *s, uint16_t id);

/** Bytes of this channel's messages queued and not yet transmitted (0 for unknown ids). */
size_t lk_sctp_channel_buffered_amount(const lk_sctp_t *s, uint16_t id);

/** Sets the low-water threshold: LK_SCTP_EV_CHANNEL_BUFFERED_LOW fires when the buffered amount
 *  drops from above it to it or below (default 0). Returns 0 or LK_ERR_NOT_FOUND. */
int lk_sctp_channel_set_buffered_low(lk_sctp_t *s, uint16_t id, size_t threshold);

/** 1 when the channel is open for sending (ACKed or negotiated), 0 otherwise. */
int lk_sctp_channel_is_open(const lk_sctp_t *s, uint16_t id);

/* ---- Diagnostics (tests, benchmarks) ---- */

typedef struct lk_sctp_stats {
    uint64_t packets_sent, packets_received, packets_dropped; /* dropped: CRC, tag, malformed */
    uint64_t data_chunks_sent, data_chunks_retransmitted, data_chunks_received;
    uint64_t duplicate_tsns_received;
    uint64_t fast_retransmits, t3_expirations;
    uint64_t forward_tsns_sent, chunks_abandoned;
    uint64_t inits_sent;
    uint32_t cwnd, ssthresh, peer_rwnd, rto_ms, srtt_ms, flight_size;
} lk_sctp_stats_t;

void lk_sctp_get_stats(const lk_sctp_t *s, lk_sctp_stats_t *st);

/** DATA chunks of this channel's user messages that were transmitted again (T3 or fast
 *  retransmit), counted where the chunk is written (the DCEP OPEN/ACK, always reliable, are not
 *  counted); 0 for unknown ids. A maxRetransmits-0 channel keeps 0. */
uint64_t lk_sctp_channel_retransmits(const lk_sctp_t *s, uint16_t id);

/** Bytes allocated by the association right now (struct, channels, queues, buffers). */
size_t lk_sctp_memory(const lk_sctp_t *s);

#ifdef __cplusplus
}
#endif
#endif /* LK_SCTP_H */
