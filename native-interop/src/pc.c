/*
 * pc.c - the sans-I/O peer connection (see pc.h): SDP offer/answer, ICE, DTLS, SRTP, SCTP and
 * data channels composed under one clock, plus the bounded event queue of the public API.
 *
 * Data path:  socket -> lk_pc_handle_input -> demux (RFC 7983)
 *               STUN -> ICE agent;  DTLS -> DTLS endpoint -> app data -> SCTP -> events
 *               RTP/RTCP -> SRTP unprotect -> RTP header -> the audio sink (native audio path)
 *             lk_pc_poll_transmit <- ICE datagrams, DTLS datagrams, queued SRTP/SRTCP packets
 *               (SCTP packets are pulled into DTLS one at a time, only when DTLS has nothing
 *               queued: SCTP keeps its own congestion window and no packet is ever dropped
 *               between the two).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demux.h"
#include "dtls.h"
#include "ice.h"
#include "lk_error.h"
#include "pc.h"
#include "random.h"
#include "rtp.h"
#include "sctp.h"
#include "sdp.h"
#include "srtp.h"

#define PC_LOCAL_CAND_MAX LK_ICE_MAX_LOCAL_CANDIDATES
#define PC_DEFAULT_MAX_MESSAGE 65536
#define PC_SCTP_BUF 1200 /* >= LK_SCTP_DEFAULT_MTU, <= what one DTLS record carries */

typedef struct pc_event {
    lk_rtc_event_t ev;
    uint8_t *data; /* heap copy of the payload, NULL when len is 0 */
    size_t len;
} pc_event_t;

typedef struct pc_channel {
    int used;
    char label[LK_SCTP_MAX_LABEL + 1];
    int ordered;
    int max_retransmits;
    int sctp_id; /* -1 until SCTP assigned it */
} pc_channel_t;

typedef enum pc_signaling {
    PC_STABLE = 0,
    PC_HAVE_LOCAL_OFFER = 1,
    PC_HAVE_REMOTE_OFFER = 2
} pc_signaling_t;

struct lk_pc {
    lk_pc_config_t cfg;
    char local_fp[LK_DTLS_FINGERPRINT_LEN];
    uint8_t local_fp_bytes[LK_SDP_FINGERPRINT_LEN];
    uint64_t session_id;
    uint64_t session_version;

    lk_ice_agent_t *ice;
    lk_dtls_t *dtls;
    lk_sctp_t *sctp;
    lk_srtp_t *srtp_tx;
    lk_srtp_t *srtp_rx;
    int dtls_started;

    lk_addr_t local[LK_PC_MAX_LOCAL];
    size_t local_count;
    int have_pair;
    lk_addr_t pair_local, pair_remote;
    int have_latched; /* DTLS replies before ICE selected a pair go where DTLS came from */
    lk_addr_t latched_local, latched_remote;
    /* Sources of STUN the ICE agent accepted (authenticated with our credentials): only these
     * may latch DTLS before a pair is selected, so a stray datagram cannot redirect it. */
    lk_addr_t stun_ok[4];
    size_t stun_ok_count;

    /* Signaling. */
    pc_signaling_t signaling;
    int negotiated;            /* a full offer/answer exchange completed */
    int is_offerer;
    lk_sdp_desc_t *pending_local; /* what create_offer/answer built, until set_local */
    lk_rtc_sdp_type_t pending_type;
    int have_pending;
    char *remote_text;         /* the remote offer, kept until we answered */
    lk_sdp_t *remote_sdp;
    char mid[LK_RTC_MID_MAX];  /* the bundle tag's mid (our first m-line) */
    int local_set;
    int remote_set;
    int want_sctp;             /* the remote description has an application m-line */
    uint8_t remote_fp[LK_SDP_FINGERPRINT_LEN]; /* the DTLS peer's, fixed for the association */
    char remote_ufrag[LK_SDP_MAX_UFRAG + 1];   /* the current remote ICE ufrag */
    int restart_pending;       /* lk_pc_restart_ice: the next offer carries new credentials */
    /* The m-lines of our offers, in order (subsequent offers keep them and append). */
    lk_sdp_kind_t layout_kind[LK_SDP_MAX_MEDIA];
    size_t layout_count;
    size_t layout_audio;       /* audio tracks already placed in the layout */
    int answered;              /* we answered a remote offer (then we never offer) */
    uint16_t remote_sctp_port;
    uint32_t remote_max_message;

    /* Local candidates gathered before set_local_description (JSEP signals them after). */
    char cand[PC_LOCAL_CAND_MAX][LK_SDP_CANDIDATE_MAX];
    size_t cand_count;
    int gathering_done;

    pc_channel_t channels[LK_PC_MAX_CHANNELS];
    lk_rtc_direction_t audio[LK_PC_MAX_AUDIO];
    size_t audio_count;
    uint32_t audio_ssrc;

    lk_rtc_ice_state_t ice_state;
    lk_rtc_dtls_state_t dtls_state;
    lk_rtc_conn_state_t conn_state;
    int conn_error;
    int closed;

    pc_event_t *events;
    size_t ev_cap, ev_head, ev_count;
    uint32_t ev_pushed;
    int ev_lost;               /* control events dropped on a full queue: report once */
    int held;                  /* SCTP events held back by a full queue */

    lk_pc_timeout_reason_t reason;
    uint64_t rtp_received, rtp_dropped, rtcp_received;

    /* Audio sending: the first sending audio m-line of the negotiated local description. */
    int audio_send_pt;         /* -1: nothing to send on */
    uint16_t rtp_seq;
    uint32_t rtp_ts;
    int rtp_started;
    uint64_t rtp_last_ms;      /* when the last packet (timestamp rtp_ts) was sent */
    uint32_t rtp_packets, rtp_octets;
    uint32_t rtp_last_samples; /* the duration of the last frame: the next timestamp step */
    uint64_t sr_next_ms;       /* UINT64_MAX until the first packet */
    uint8_t (*rtp_q)[LK_PC_RTP_MAX_PAYLOAD + LK_RTP_HEADER_LEN + LK_SRTCP_OVERHEAD + 64];
    size_t rtp_q_len[LK_PC_RTP_QUEUE];
    size_t rtp_q_head, rtp_q_count;
    uint8_t sctp_buf[PC_SCTP_BUF];
    uint8_t app_buf[LK_DTLS_MAX_DATAGRAM];
};

/* ---------------------------------------------------------------------------------------- */
/* Names and the certificate (public API pieces that need no port) */

const char *lk_rtc_conn_state_name(lk_rtc_conn_state_t s)
{
    switch (s) {
    case LK_RTC_CONN_NEW: return "new";
    case LK_RTC_CONN_CONNECTING: return "connecting";
    case LK_RTC_CONN_CONNECTED: return "connected";
    case LK_RTC_CONN_DISCONNECTED: return "disconnected";
    case LK_RTC_CONN_FAILED: return "failed";
    case LK_RTC_CONN_CLOSED: return "closed";
    default: return "unknown";
    }
}

const char *lk_rtc_event_type_name(lk_rtc_event_type_t t)
{
    switch (t) {
    case LK_RTC_EV_NONE: return "none";
    case LK_RTC_EV_LOCAL_CANDIDATE: return "local-candidate";
    case LK_RTC_EV_END_OF_CANDIDATES: return "end-of-candidates";
    case LK_RTC_EV_ICE_STATE: return "ice-state";
    case LK_RTC_EV_DTLS_STATE: return "dtls-state";
    case LK_RTC_EV_CONNECTION_STATE: return "connection-state";
    case LK_RTC_EV_CHANNEL_OPEN: return "channel-open";
    case LK_RTC_EV_MESSAGE: return "message";
    case LK_RTC_EV_CHANNEL_CLOSED: return "channel-closed";
    case LK_RTC_EV_BUFFERED_AMOUNT_LOW: return "buffered-amount-low";
    case LK_RTC_EV_ERROR: return "error";
    default: return "unknown";
    }
}

int lk_rtc_certificate_create(lk_rtc_certificate_t **out)
{
    if (out == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    *out = NULL;
    lk_rtc_certificate_t *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    int rc = lk_dtls_cert_create(&c->cert);
    if (rc != LK_OK) {
        free(c);
        return rc;
    }
    *out = c;
    return LK_OK;
}

void lk_rtc_certificate_destroy(lk_rtc_certificate_t *cert)
{
    if (cert != NULL) {
        lk_dtls_cert_free(cert->cert);
        free(cert);
    }
}

int lk_pc_parse_stun_url(const char *url, lk_addr_t *addr)
{
    if (url == NULL || addr == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (strncmp(url, "stun:", 5) != 0) {
        return strncmp(url, "turn", 4) == 0 || strncmp(url, "stuns:", 6) == 0 ? LK_ERR_UNSUPPORTED
                                                                               : LK_ERR_MALFORMED;
    }
    const char *h = url + 5;
    const char *q = strchr(h, '?'); /* "?transport=udp" */
    size_t n = q != NULL ? (size_t)(q - h) : strlen(h);
    const char *host = h;
    size_t host_len;
    const char *port_s = NULL;
    if (n > 0 && h[0] == '[') {
        const char *e = memchr(h, ']', n);
        if (e == NULL) {
            return LK_ERR_MALFORMED;
        }
        host = h + 1;
        host_len = (size_t)(e - host);
        if ((size_t)(e + 1 - h) < n) {
            if (e[1] != ':') {
                return LK_ERR_MALFORMED;
            }
            port_s = e + 2;
        }
    } else {
        const char *c = memchr(h, ':', n);
        host_len = c != NULL ? (size_t)(c - h) : n;
        port_s = c != NULL ? c + 1 : NULL;
    }
    unsigned long port = 3478; /* RFC 8489 18.5: the default port for STUN over UDP */
    if (port_s != NULL) {
        char *end = NULL;
        port = strtoul(port_s, &end, 10);
        if (end == port_s || (size_t)(end - h) != n || port == 0 || port > 65535) {
            return LK_ERR_MALFORMED;
        }
    }
    if (lk_addr_parse(addr, host, host_len, (uint16_t)port) != LK_OK) {
        return LK_ERR_UNSUPPORTED; /* a hostname: the caller resolves names */
    }
    return LK_OK;
}

/* ---------------------------------------------------------------------------------------- */
/* Event queue */

static void pc_sctp_events(lk_pc_t *pc);
static void pc_send_sr(lk_pc_t *pc, uint64_t now_ms);

static size_t pc_ev_data_limit(const lk_pc_t *pc)
{
    return pc->ev_cap - LK_PC_EVENT_RESERVE;
}

/* The event queue's own lock (optional, see lk_pc_config_t.ev_lock): held only while queue
 * fields (events, ev_*, held) are read or changed, never across a core step. */
static void pc_ev_lock(const lk_pc_t *pc)
{
    if (pc->cfg.ev_lock != NULL) {
        pc->cfg.ev_lock(pc->cfg.ev_lock_ctx);
    }
}

static void pc_ev_unlock(const lk_pc_t *pc)
{
    if (pc->cfg.ev_unlock != NULL) {
        pc->cfg.ev_unlock(pc->cfg.ev_lock_ctx);
    }
}

/* Queues an event with a copy of data[0..len). Data-bearing events (messages) must have been
 * admitted by pc_ev_data_room(); control events use the reserve and are dropped (and reported
 * once) only when the whole queue is full. */
static int pc_ev_push(lk_pc_t *pc, const lk_rtc_event_t *ev, const void *data, size_t len)
{
    /* The copy is made before taking the queue lock: a poller never waits for a malloc. */
    uint8_t *copy = NULL;
    if (len > 0) {
        copy = malloc(len);
        if (copy != NULL) {
            memcpy(copy, data, len);
        }
    }
    int rc = LK_OK;
    pc_ev_lock(pc);
    if (pc->ev_count >= pc->ev_cap) {
        rc = LK_ERR_QUEUE_FULL;
    } else if (len > 0 && copy == NULL) {
        rc = LK_ERR_NO_MEMORY;
    } else {
        pc_event_t *e = &pc->events[(pc->ev_head + pc->ev_count) % pc->ev_cap];
        e->ev = *ev;
        e->data = copy;
        e->len = len;
        copy = NULL;
        pc->ev_count++;
        pc->ev_pushed++;
    }
    if (rc != LK_OK) {
        pc->ev_lost = 1;
    }
    pc_ev_unlock(pc);
    free(copy);
    return rc;
}

static int pc_ev_data_room(const lk_pc_t *pc)
{
    pc_ev_lock(pc);
    int room = pc->ev_count < pc_ev_data_limit(pc);
    pc_ev_unlock(pc);
    return room;
}

static void pc_set_held(lk_pc_t *pc, int held)
{
    pc_ev_lock(pc);
    pc->held = held;
    pc_ev_unlock(pc);
}

static void pc_ev_simple(lk_pc_t *pc, lk_rtc_event_type_t type, int state, int error)
{
    lk_rtc_event_t ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.state = state;
    ev.error = error;
    (void)pc_ev_push(pc, &ev, NULL, 0);
}

static void pc_ev_candidate(lk_pc_t *pc, const char *line)
{
    lk_rtc_event_t ev;
    memset(&ev, 0, sizeof ev);
    ev.type = LK_RTC_EV_LOCAL_CANDIDATE;
    snprintf(ev.mid, sizeof ev.mid, "%s", pc->mid);
    (void)pc_ev_push(pc, &ev, line, strlen(line));
}

int lk_pc_poll_event(lk_pc_t *pc, lk_rtc_event_t *ev, uint8_t *buf, size_t cap)
{
    if (pc == NULL || ev == NULL || (buf == NULL && cap > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    uint8_t *done = NULL;
    int rc = LK_OK;
    pc_ev_lock(pc);
    if (pc->ev_count == 0 && pc->ev_lost) {
        pc->ev_lost = 0;
        memset(ev, 0, sizeof *ev);
        ev->type = LK_RTC_EV_ERROR;
        ev->error = LK_ERR_QUEUE_FULL;
    } else if (pc->ev_count == 0) {
        rc = LK_ERR_AGAIN;
    } else {
        pc_event_t *e = &pc->events[pc->ev_head];
        int nul = e->ev.type == LK_RTC_EV_LOCAL_CANDIDATE || e->ev.type == LK_RTC_EV_CHANNEL_OPEN;
        size_t need = e->len + (nul ? 1 : 0);
        *ev = e->ev;
        if (cap < need) {
            ev->len = need;
            rc = LK_ERR_BUFFER_TOO_SMALL;
        } else {
            if (e->len > 0) {
                memcpy(buf, e->data, e->len);
            }
            if (nul) {
                buf[e->len] = 0;
            }
            ev->len = e->len;
            done = e->data;
            e->data = NULL;
            pc->ev_head = (pc->ev_head + 1) % pc->ev_cap;
            pc->ev_count--;
        }
    }
    pc_ev_unlock(pc);
    free(done);
    return rc;
}

int lk_pc_backpressured(const lk_pc_t *pc)
{
    pc_ev_lock(pc);
    int held = pc->held;
    pc_ev_unlock(pc);
    return held;
}

void lk_pc_move_held(lk_pc_t *pc)
{
    if (pc != NULL && lk_pc_backpressured(pc)) {
        pc_sctp_events(pc);
    }
}

uint32_t lk_pc_events_pushed(const lk_pc_t *pc)
{
    pc_ev_lock(pc);
    uint32_t n = pc->ev_pushed;
    pc_ev_unlock(pc);
    return n;
}

/* ---------------------------------------------------------------------------------------- */
/* Helpers */

static int pc_random(void *user, uint8_t *buf, size_t len)
{
    (void)user;
    return lk_random_bytes(buf, len);
}

static uint64_t pc_random_u63(void)
{
    uint8_t b[8];
    uint64_t v = 0;
    if (lk_random_bytes(b, sizeof b) == LK_OK) {
        for (size_t i = 0; i < 8; i++) {
            v = (v << 8) | b[i];
        }
    }
    return v & 0x7fffffffffffffffull;
}

static int pc_hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* "AB:CD:.." (95 chars) -> 32 bytes. */
static int pc_fp_to_bytes(const char *fp, uint8_t out[LK_SDP_FINGERPRINT_LEN])
{
    for (size_t i = 0; i < LK_SDP_FINGERPRINT_LEN; i++) {
        int hi = pc_hexval(fp[i * 3]), lo = hi < 0 ? -1 : pc_hexval(fp[i * 3 + 1]);
        if (hi < 0 || lo < 0 || (i + 1 < LK_SDP_FINGERPRINT_LEN && fp[i * 3 + 2] != ':')) {
            return LK_ERR_MALFORMED;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return LK_OK;
}

static void pc_fp_to_text(const uint8_t fp[LK_SDP_FINGERPRINT_LEN], char out[LK_DTLS_FINGERPRINT_LEN])
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < LK_SDP_FINGERPRINT_LEN; i++) {
        out[i * 3] = hex[fp[i] >> 4];
        out[i * 3 + 1] = hex[fp[i] & 15];
        out[i * 3 + 2] = i + 1 < LK_SDP_FINGERPRINT_LEN ? ':' : '\0';
    }
}

static int pc_local_index(const lk_pc_t *pc, const lk_addr_t *a)
{
    for (size_t i = 0; i < pc->local_count; i++) {
        if (lk_addr_equal(&pc->local[i], a)) {
            return (int)i;
        }
    }
    return -1;
}

static int pc_candidate_allowed(const lk_pc_t *pc, const char *line, size_t len)
{
    if (!pc->cfg.loopback_only) {
        return 1;
    }
    lk_sdp_candidate_t c;
    if (lk_sdp_candidate_parse(line, len, &c) != LK_OK) {
        return 0;
    }
    return c.address_is_ip && lk_addr_is_loopback(&c.addr);
}

/* ---------------------------------------------------------------------------------------- */
/* State */

static void pc_update_conn(lk_pc_t *pc)
{
    lk_rtc_conn_state_t s;
    int err = 0;
    if (pc->closed) {
        s = LK_RTC_CONN_CLOSED;
    } else if (pc->ice_state == LK_RTC_ICE_FAILED || pc->dtls_state == LK_RTC_DTLS_FAILED) {
        s = LK_RTC_CONN_FAILED;
        err = pc->dtls_state == LK_RTC_DTLS_FAILED && pc->dtls != NULL ? lk_dtls_error(pc->dtls)
                                                                       : LK_ERR_TIMEOUT;
    } else if (pc->dtls_state == LK_RTC_DTLS_CLOSED) {
        /* The peer sent close_notify: this transport cannot carry anything again. */
        s = LK_RTC_CONN_FAILED;
        err = LK_ERR_CLOSED;
    } else if (pc->ice_state == LK_RTC_ICE_DISCONNECTED) {
        s = LK_RTC_CONN_DISCONNECTED;
    } else if ((pc->ice_state == LK_RTC_ICE_CONNECTED || pc->ice_state == LK_RTC_ICE_COMPLETED) &&
               pc->dtls_state == LK_RTC_DTLS_CONNECTED) {
        s = LK_RTC_CONN_CONNECTED;
    } else if (pc->ice_state != LK_RTC_ICE_NEW || pc->dtls_state == LK_RTC_DTLS_CONNECTING) {
        s = LK_RTC_CONN_CONNECTING;
    } else {
        s = LK_RTC_CONN_NEW;
    }
    if (s != pc->conn_state) {
        /* Once failed, stay failed until closed (a late ICE change does not revive it). */
        if (pc->conn_state == LK_RTC_CONN_FAILED && s != LK_RTC_CONN_CLOSED) {
            return;
        }
        pc->conn_state = s;
        pc->conn_error = err;
        pc_ev_simple(pc, LK_RTC_EV_CONNECTION_STATE, (int)s, err);
    }
}

void lk_pc_get_state(const lk_pc_t *pc, lk_rtc_conn_state_t *conn, lk_rtc_ice_state_t *ice,
                     lk_rtc_dtls_state_t *dtls)
{
    if (conn != NULL) *conn = pc->conn_state;
    if (ice != NULL) *ice = pc->ice_state;
    if (dtls != NULL) *dtls = pc->dtls_state;
}

/* ---------------------------------------------------------------------------------------- */
/* The pump: after every mutation, move what each layer produced to the next one. */

static void pc_start_sctp(lk_pc_t *pc, uint64_t now)
{
    lk_sctp_config_t sc;
    lk_sctp_config_init(&sc);
    sc.dtls_client = lk_dtls_role(pc->dtls) == LK_DTLS_ROLE_CLIENT;
    sc.remote_port = pc->remote_sctp_port;
    sc.max_message_size = pc->cfg.max_message_size;
    sc.remote_max_message_size = pc->remote_max_message;
    sc.random = pc_random;
    if (lk_sctp_create(&pc->sctp, &sc) != LK_OK) {
        pc_ev_simple(pc, LK_RTC_EV_ERROR, 0, LK_ERR_NO_MEMORY);
        return;
    }
    for (size_t i = 0; i < LK_PC_MAX_CHANNELS; i++) {
        pc_channel_t *c = &pc->channels[i];
        if (!c->used || c->sctp_id >= 0) {
            continue;
        }
        lk_sctp_channel_init_t ci;
        memset(&ci, 0, sizeof ci);
        ci.label = c->label;
        ci.ordered = c->ordered;
        ci.max_retransmits = c->max_retransmits;
        ci.max_packet_life_ms = -1;
        ci.priority = 256;
        ci.id = -1;
        int id = lk_sctp_channel_open(pc->sctp, &ci);
        if (id < 0) {
            lk_rtc_event_t ev;
            memset(&ev, 0, sizeof ev);
            ev.type = LK_RTC_EV_ERROR;
            ev.error = id;
            ev.channel_id = (uint16_t)(LK_PC_PROVISIONAL_ID | i);
            (void)pc_ev_push(pc, &ev, NULL, 0);
            c->used = 0;
        } else {
            c->sctp_id = id;
        }
    }
    /* Both sides send INIT; the association handles the simultaneous open (RFC 4960 5.2.1). */
    (void)lk_sctp_connect(pc->sctp, now);
}

static void pc_dtls_connected(lk_pc_t *pc, uint64_t now)
{
    lk_dtls_srtp_keys_t k;
    if (pc->audio_count > 0 && pc->srtp_tx == NULL && lk_dtls_srtp_keys(pc->dtls, &k) == LK_OK) {
        if (lk_srtp_create(&pc->srtp_tx, k.local_key, k.local_salt) != LK_OK ||
            lk_srtp_create(&pc->srtp_rx, k.remote_key, k.remote_salt) != LK_OK) {
            pc_ev_simple(pc, LK_RTC_EV_ERROR, 0, LK_ERR_CRYPTO);
        }
        memset(&k, 0, sizeof k);
    }
    if (pc->want_sctp && pc->sctp == NULL) {
        pc_start_sctp(pc, now);
    }
}

static void pc_sctp_events(lk_pc_t *pc)
{
    if (pc->sctp == NULL) {
        return;
    }
    lk_sctp_event_t se;
    /* Only take an event when the queue can hold it: a message left in SCTP shrinks the
     * receive window we advertise, which is the backpressure towards the peer. */
    pc_set_held(pc, 0);
    for (;;) {
        if (!pc_ev_data_room(pc)) {
            pc_set_held(pc, 1);
            break;
        }
        if (lk_sctp_poll_event(pc->sctp, &se) != 1) {
            break;
        }
        lk_rtc_event_t ev;
        memset(&ev, 0, sizeof ev);
        ev.channel_id = se.channel;
        switch (se.type) {
        case LK_SCTP_EV_CHANNEL_OPEN:
            ev.type = LK_RTC_EV_CHANNEL_OPEN;
            ev.remote_opened = se.remote ? 1 : 0;
            (void)pc_ev_push(pc, &ev, se.label, se.label != NULL ? strlen(se.label) : 0);
            break;
        case LK_SCTP_EV_CHANNEL_MESSAGE:
            ev.type = LK_RTC_EV_MESSAGE;
            ev.binary = se.binary ? 1 : 0;
            (void)pc_ev_push(pc, &ev, se.data, se.len);
            break;
        case LK_SCTP_EV_CHANNEL_BUFFERED_LOW:
            ev.type = LK_RTC_EV_BUFFERED_AMOUNT_LOW;
            (void)pc_ev_push(pc, &ev, NULL, 0);
            break;
        case LK_SCTP_EV_CHANNEL_CLOSED:
            ev.type = LK_RTC_EV_CHANNEL_CLOSED;
            for (size_t i = 0; i < LK_PC_MAX_CHANNELS; i++) {
                if (pc->channels[i].used && pc->channels[i].sctp_id == (int)se.channel) {
                    pc->channels[i].used = 0;
                }
            }
            (void)pc_ev_push(pc, &ev, NULL, 0);
            break;
        case LK_SCTP_EV_TERMINATED:
            if (se.error != 0 && !pc->closed) {
                ev.type = LK_RTC_EV_ERROR;
                ev.error = se.error;
                (void)pc_ev_push(pc, &ev, NULL, 0);
            }
            break;
        default:
            break;
        }
    }
}

static void pc_pump(lk_pc_t *pc, uint64_t now)
{
    lk_ice_event_t ie;
    while (pc->ice != NULL && lk_ice_poll_event(pc->ice, &ie) == 1) {
        switch (ie.type) {
        case LK_ICE_EVENT_CANDIDATE:
            if (pc->local_set) {
                pc_ev_candidate(pc, ie.candidate);
            } else if (pc->cand_count < PC_LOCAL_CAND_MAX) {
                snprintf(pc->cand[pc->cand_count++], LK_SDP_CANDIDATE_MAX, "%s", ie.candidate);
            }
            break;
        case LK_ICE_EVENT_GATHERING_DONE:
            pc->gathering_done = 1;
            if (pc->local_set) {
                lk_rtc_event_t ev;
                memset(&ev, 0, sizeof ev);
                ev.type = LK_RTC_EV_END_OF_CANDIDATES;
                snprintf(ev.mid, sizeof ev.mid, "%s", pc->mid);
                (void)pc_ev_push(pc, &ev, NULL, 0);
            }
            break;
        case LK_ICE_EVENT_STATE:
            if ((lk_rtc_ice_state_t)ie.state != pc->ice_state) {
                pc->ice_state = (lk_rtc_ice_state_t)ie.state; /* same numbering by design */
                pc_ev_simple(pc, LK_RTC_EV_ICE_STATE, (int)pc->ice_state, 0);
            }
            break;
        case LK_ICE_EVENT_SELECTED_PAIR:
            pc->have_pair = 1;
            pc->pair_local = ie.local;
            pc->pair_remote = ie.remote;
            break;
        }
    }
    if (pc->dtls != NULL && !pc->dtls_started && pc->have_pair && !pc->closed) {
        if (lk_dtls_start(pc->dtls, now) == LK_OK) {
            pc->dtls_started = 1;
        }
    }
    if (pc->dtls != NULL) {
        lk_dtls_state_t ds = lk_dtls_state(pc->dtls);
        lk_rtc_dtls_state_t s = pc->dtls_state;
        switch (ds) {
        case LK_DTLS_STATE_NEW: break;
        case LK_DTLS_STATE_HANDSHAKING: s = LK_RTC_DTLS_CONNECTING; break;
        case LK_DTLS_STATE_CONNECTED: s = LK_RTC_DTLS_CONNECTED; break;
        case LK_DTLS_STATE_CLOSED: s = LK_RTC_DTLS_CLOSED; break;
        case LK_DTLS_STATE_FAILED: s = LK_RTC_DTLS_FAILED; break;
        }
        if (s != pc->dtls_state) {
            pc->dtls_state = s;
            pc_ev_simple(pc, LK_RTC_EV_DTLS_STATE, (int)s,
                         s == LK_RTC_DTLS_FAILED ? lk_dtls_error(pc->dtls) : 0);
            if (s == LK_RTC_DTLS_CONNECTED) {
                pc_dtls_connected(pc, now);
            }
        }
        /* Decrypted records are SCTP packets. */
        for (;;) {
            int n = lk_dtls_poll_app_data(pc->dtls, pc->app_buf, sizeof pc->app_buf);
            if (n <= 0) {
                break;
            }
            if (pc->sctp != NULL) {
                (void)lk_sctp_handle_input(pc->sctp, now, pc->app_buf, (size_t)n);
            }
        }
    }
    pc_sctp_events(pc);
    pc_update_conn(pc);
}

/* ---------------------------------------------------------------------------------------- */
/* Lifetime */

int lk_pc_create(const lk_pc_config_t *cfg, uint64_t now_ms, lk_pc_t **out)
{
    if (cfg == NULL || out == NULL || cfg->cert == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    *out = NULL;
    lk_pc_t *pc = calloc(1, sizeof *pc);
    if (pc == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    pc->cfg = *cfg;
    if (pc->cfg.max_message_size == 0) {
        pc->cfg.max_message_size = PC_DEFAULT_MAX_MESSAGE;
    }
    pc->ev_cap = cfg->event_capacity == 0 ? LK_PC_DEFAULT_EVENTS : cfg->event_capacity;
    if (pc->ev_cap < LK_PC_MIN_EVENTS) {
        pc->ev_cap = LK_PC_MIN_EVENTS;
    }
    pc->events = calloc(pc->ev_cap, sizeof *pc->events);
    int rc = pc->events == NULL ? LK_ERR_NO_MEMORY : LK_OK;
    if (rc == LK_OK) {
        rc = lk_dtls_cert_fingerprint(cfg->cert, pc->local_fp, sizeof pc->local_fp);
        rc = rc < 0 ? rc : pc_fp_to_bytes(pc->local_fp, pc->local_fp_bytes);
    }
    if (rc == LK_OK) {
        lk_ice_config_t ic;
        lk_ice_config_init(&ic);
        for (size_t i = 0; i < cfg->stun_count && i < LK_ICE_MAX_STUN_SERVERS; i++) {
            ic.stun_servers[ic.stun_server_count++] = cfg->stun[i];
        }
        rc = lk_ice_create(&pc->ice, &ic);
    }
    if (rc == LK_OK) {
        uint8_t b[4];
        rc = lk_random_bytes(b, sizeof b);
        pc->audio_ssrc = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
        if (pc->audio_ssrc == 0) {
            pc->audio_ssrc = 1;
        }
    }
    if (rc != LK_OK) {
        lk_pc_destroy(pc);
        return rc;
    }
    pc->session_id = pc_random_u63();
    pc->session_version = 1;
    pc->audio_send_pt = -1;
    pc->sr_next_ms = UINT64_MAX;
    {
        uint8_t r[6];
        if (lk_random_bytes(r, sizeof r) == LK_OK) {
            /* RFC 3550 5.1: the initial sequence number and timestamp SHOULD be random. */
            pc->rtp_seq = (uint16_t)(r[0] << 8 | r[1]);
            pc->rtp_ts = (uint32_t)r[2] << 24 | (uint32_t)r[3] << 16 | (uint32_t)r[4] << 8 | r[5];
        }
    }
    for (size_t i = 0; i < LK_PC_MAX_CHANNELS; i++) {
        pc->channels[i].sctp_id = -1;
    }
    (void)now_ms;
    *out = pc;
    return LK_OK;
}

void lk_pc_destroy(lk_pc_t *pc)
{
    if (pc == NULL) {
        return;
    }
    lk_sctp_destroy(pc->sctp);
    lk_dtls_destroy(pc->dtls);
    lk_srtp_destroy(pc->srtp_tx);
    lk_srtp_destroy(pc->srtp_rx);
    lk_ice_destroy(pc->ice);
    if (pc->events != NULL) {
        for (size_t i = 0; i < pc->ev_count; i++) {
            free(pc->events[(pc->ev_head + i) % pc->ev_cap].data);
        }
        free(pc->events);
    }
    free(pc->pending_local);
    free(pc->remote_text);
    free(pc->remote_sdp);
    free(pc->rtp_q);
    free(pc);
}

int lk_pc_add_local_address(lk_pc_t *pc, const lk_addr_t *addr)
{
    if (pc == NULL || addr == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->local_count >= LK_PC_MAX_LOCAL) {
        return LK_ERR_QUEUE_FULL;
    }
    int rc = lk_ice_add_local_address(pc->ice, addr);
    if (rc != LK_OK) {
        return rc;
    }
    pc->local[pc->local_count] = *addr;
    return (int)pc->local_count++;
}

/* ---------------------------------------------------------------------------------------- */
/* Offer / answer */

static void pc_desc_common(lk_pc_t *pc, lk_sdp_desc_t *d)
{
    d->session_id = pc->session_id;
    d->session_version = pc->session_version++;
    snprintf(d->ice_ufrag, sizeof d->ice_ufrag, "%s", lk_ice_local_ufrag(pc->ice));
    snprintf(d->ice_pwd, sizeof d->ice_pwd, "%s", lk_ice_local_pwd(pc->ice));
    memcpy(d->fingerprint, pc->local_fp_bytes, sizeof d->fingerprint);
    d->ice_trickle = true;
}

static void pc_desc_audio_send(lk_pc_t *pc, lk_sdp_desc_media_t *m)
{
    if (m->direction == LK_SDP_SENDRECV || m->direction == LK_SDP_SENDONLY) {
        m->ssrc = pc->audio_ssrc;
        snprintf(m->cname, sizeof m->cname, "lk%08x", (unsigned)pc->audio_ssrc);
        snprintf(m->msid_stream, sizeof m->msid_stream, "lk-stream");
        char mid[LK_SDP_MAX_MID + 1];
        memcpy(mid, m->mid, sizeof mid);
        snprintf(m->msid_track, sizeof m->msid_track, "lk-audio-%s", mid);
    }
}

static int pc_write_pending(lk_pc_t *pc, lk_sdp_desc_t *d, lk_rtc_sdp_type_t type, char *sdp,
                            size_t cap)
{
    int n = lk_sdp_write(d, sdp, cap);
    if (n < 0) {
        free(d);
        return n;
    }
    free(pc->pending_local);
    pc->pending_local = d;
    pc->pending_type = type;
    pc->have_pending = 1;
    return n;
}

/* RFC 8445 9: new local credentials; the agent drops the remote ones and announces the local
 * candidates again, which are held until the description with the new credentials is set.
 * A connection that failed only because ICE failed may recover. */
static int pc_ice_restart(lk_pc_t *pc)
{
    int rc = lk_ice_restart(pc->ice);
    if (rc != LK_OK) {
        return rc;
    }
    pc->restart_pending = 0;
    pc->local_set = 0;
    pc->cand_count = 0;
    pc->gathering_done = 0;
    if (pc->conn_state == LK_RTC_CONN_FAILED && pc->dtls_state == LK_RTC_DTLS_CONNECTED) {
        pc->conn_state = LK_RTC_CONN_NEW; /* recomputed (and announced) by the next pump */
    }
    return LK_OK;
}

int lk_pc_restart_ice(lk_pc_t *pc)
{
    if (pc == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed) {
        return LK_ERR_STATE;
    }
    if (!pc->negotiated || pc->answered) {
        return LK_ERR_UNSUPPORTED; /* the side that offered first restarts; the other follows */
    }
    pc->restart_pending = 1;
    return LK_OK;
}

int lk_pc_create_offer(lk_pc_t *pc, char *sdp, size_t cap)
{
    if (pc == NULL || sdp == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed || pc->signaling == PC_HAVE_REMOTE_OFFER) {
        return LK_ERR_STATE;
    }
    lk_sdp_desc_t *d = calloc(1, sizeof *d);
    if (d == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    if (pc->answered) {
        free(d);
        return LK_ERR_UNSUPPORTED; /* offering on a connection the peer offered: not yet */
    }
    if (pc->restart_pending) {
        int rc = pc_ice_restart(pc);
        if (rc != LK_OK) {
            free(d);
            return rc;
        }
    }
    d->type = LK_SDP_OFFER;
    pc_desc_common(pc, d);
    d->setup = LK_SDP_SETUP_ACTPASS;
    /* JSEP 5.2.1: the application m-line is offered when a data channel exists; an offer
     * with nothing at all gets one too (an SDP needs an m-line, and it lets the peer open
     * channels). JSEP 5.2.2: a subsequent offer keeps every earlier m-line in its place
     * (same mid) and appends new ones. */
    int any_channel = 0;
    for (size_t i = 0; i < LK_PC_MAX_CHANNELS; i++) {
        any_channel |= pc->channels[i].used;
    }
    lk_sdp_kind_t kinds[LK_SDP_MAX_MEDIA];
    size_t count = pc->layout_count, audio_placed = pc->layout_audio;
    int have_app = 0;
    memcpy(kinds, pc->layout_kind, sizeof kinds);
    for (size_t i = 0; i < count; i++) {
        have_app |= kinds[i] == LK_SDP_KIND_APPLICATION;
    }
    while (audio_placed < pc->audio_count && count < LK_SDP_MAX_MEDIA) {
        kinds[count++] = LK_SDP_KIND_AUDIO;
        audio_placed++;
    }
    if (!have_app && (any_channel || count == 0) && count < LK_SDP_MAX_MEDIA) {
        kinds[count++] = LK_SDP_KIND_APPLICATION;
    }
    size_t audio_index = 0;
    for (size_t i = 0; i < count; i++) {
        lk_sdp_desc_media_t *m = &d->media[d->media_count++];
        m->kind = kinds[i];
        snprintf(m->mid, sizeof m->mid, "%u", (unsigned)i);
        if (kinds[i] == LK_SDP_KIND_AUDIO) {
            m->direction = (lk_sdp_direction_t)pc->audio[audio_index++];
            m->opus_pt = LK_SDP_OPUS_PT;
            pc_desc_audio_send(pc, m);
        } else {
            m->sctp_port = LK_SDP_SCTP_PORT;
            m->max_message_size = pc->cfg.max_message_size;
        }
    }
    return pc_write_pending(pc, d, LK_RTC_SDP_OFFER, sdp, cap);
}

int lk_pc_create_answer(lk_pc_t *pc, char *sdp, size_t cap)
{
    if (pc == NULL || sdp == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed || pc->signaling != PC_HAVE_REMOTE_OFFER || pc->remote_sdp == NULL) {
        return LK_ERR_STATE;
    }
    lk_sdp_desc_t *d = calloc(1, sizeof *d);
    if (d == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    lk_sdp_direction_t adir = pc->audio_count > 0 ? (lk_sdp_direction_t)pc->audio[0] : LK_SDP_RECVONLY;
    int rc = lk_sdp_answer_from_offer(pc->remote_sdp, pc->remote_text, adir, d);
    if (rc != LK_OK) {
        free(d);
        return rc;
    }
    size_t accepted = 0;
    for (size_t i = 0; i < d->media_count; i++) {
        accepted += !d->media[i].rejected;
    }
    if (accepted == 0) {
        free(d);
        return LK_ERR_UNSUPPORTED; /* nothing in the offer we can do: no transport to answer */
    }
    d->type = LK_SDP_ANSWER;
    pc_desc_common(pc, d);
    d->setup = lk_dtls_role(pc->dtls) == LK_DTLS_ROLE_CLIENT ? LK_SDP_SETUP_ACTIVE : LK_SDP_SETUP_PASSIVE;
    for (size_t i = 0; i < d->media_count; i++) {
        lk_sdp_desc_media_t *m = &d->media[i];
        if (m->rejected) {
            continue;
        }
        if (m->kind == LK_SDP_KIND_AUDIO) {
            pc_desc_audio_send(pc, m);
        } else if (m->kind == LK_SDP_KIND_APPLICATION) {
            m->max_message_size = pc->cfg.max_message_size;
        }
    }
    return pc_write_pending(pc, d, LK_RTC_SDP_ANSWER, sdp, cap);
}

static void pc_flush_candidates(lk_pc_t *pc)
{
    for (size_t i = 0; i < pc->cand_count; i++) {
        pc_ev_candidate(pc, pc->cand[i]);
    }
    pc->cand_count = 0;
    if (pc->gathering_done) {
        lk_rtc_event_t ev;
        memset(&ev, 0, sizeof ev);
        ev.type = LK_RTC_EV_END_OF_CANDIDATES;
        snprintf(ev.mid, sizeof ev.mid, "%s", pc->mid);
        (void)pc_ev_push(pc, &ev, NULL, 0);
    }
}

int lk_pc_set_local_description(lk_pc_t *pc, uint64_t now_ms, lk_rtc_sdp_type_t type,
                                const char *sdp)
{
    if (pc == NULL || sdp == NULL || (type != LK_RTC_SDP_OFFER && type != LK_RTC_SDP_ANSWER)) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed || !pc->have_pending || pc->pending_type != type) {
        return LK_ERR_STATE;
    }
    /* The text must be the description we created (our credentials in it). */
    if (strstr(sdp, lk_ice_local_ufrag(pc->ice)) == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (type == LK_RTC_SDP_OFFER) {
        if (pc->signaling != PC_STABLE && pc->signaling != PC_HAVE_LOCAL_OFFER) {
            return LK_ERR_STATE;
        }
        pc->signaling = PC_HAVE_LOCAL_OFFER;
        pc->layout_count = pc->pending_local->media_count;
        pc->layout_audio = 0;
        for (size_t i = 0; i < pc->layout_count; i++) {
            pc->layout_kind[i] = pc->pending_local->media[i].kind;
            pc->layout_audio += pc->layout_kind[i] == LK_SDP_KIND_AUDIO;
        }
        if (!pc->negotiated) {
            pc->is_offerer = 1;
            (void)lk_ice_set_role(pc->ice, LK_ICE_CONTROLLING);
        }
    } else {
        if (pc->signaling != PC_HAVE_REMOTE_OFFER) {
            return LK_ERR_STATE;
        }
        pc->signaling = PC_STABLE;
        pc->negotiated = 1;
        pc->answered = 1;
        free(pc->remote_sdp);
        pc->remote_sdp = NULL;
        free(pc->remote_text);
        pc->remote_text = NULL;
    }
    /* What we send audio with: the first audio m-line whose direction sends. */
    pc->audio_send_pt = -1;
    for (size_t i = 0; i < pc->pending_local->media_count; i++) {
        const lk_sdp_desc_media_t *m = &pc->pending_local->media[i];
        if (!m->rejected && m->kind == LK_SDP_KIND_AUDIO &&
            (m->direction == LK_SDP_SENDRECV || m->direction == LK_SDP_SENDONLY)) {
            pc->audio_send_pt = m->opus_pt;
            break;
        }
    }
    /* The bundle tag: our first non-rejected m-line. */
    for (size_t i = 0; i < pc->pending_local->media_count; i++) {
        if (!pc->pending_local->media[i].rejected) {
            snprintf(pc->mid, sizeof pc->mid, "%s", pc->pending_local->media[i].mid);
            break;
        }
    }
    free(pc->pending_local);
    pc->pending_local = NULL;
    pc->have_pending = 0;
    if (!pc->local_set) {
        pc->local_set = 1;
        pc_flush_candidates(pc);
    }
    pc_pump(pc, now_ms);
    return LK_OK;
}

int lk_pc_set_remote_description(lk_pc_t *pc, uint64_t now_ms, lk_rtc_sdp_type_t type,
                                 const char *sdp)
{
    if (pc == NULL || sdp == NULL || (type != LK_RTC_SDP_OFFER && type != LK_RTC_SDP_ANSWER)) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed) {
        return LK_ERR_STATE;
    }
    if (type == LK_RTC_SDP_OFFER ? pc->signaling != PC_STABLE : pc->signaling != PC_HAVE_LOCAL_OFFER) {
        return LK_ERR_STATE;
    }
    size_t len = strlen(sdp);
    char *text = malloc(len + 1);
    lk_sdp_t *p = malloc(sizeof *p);
    if (text == NULL || p == NULL) {
        free(text);
        free(p);
        return LK_ERR_NO_MEMORY;
    }
    memcpy(text, sdp, len + 1);
    int rc = lk_sdp_parse(text, len, p);
    /* The transport comes from the first m-line that is not rejected (BUNDLE tag). */
    size_t first = p->media_count;
    if (rc == LK_OK) {
        for (size_t i = 0; i < p->media_count; i++) {
            if (p->media[i].port != 0) {
                first = i;
                break;
            }
        }
        if (first == p->media_count) {
            rc = LK_ERR_UNSUPPORTED;
        }
    }
    lk_sdp_span_t uf = {0, 0}, pw = {0, 0};
    const uint8_t *fp = NULL;
    lk_sdp_setup_t setup = LK_SDP_SETUP_NONE;
    if (rc == LK_OK) {
        uf = lk_sdp_media_ice_ufrag(p, first);
        pw = lk_sdp_media_ice_pwd(p, first);
        fp = lk_sdp_media_fingerprint(p, first);
        setup = lk_sdp_media_setup(p, first);
        if (uf.len == 0 || pw.len == 0 || fp == NULL) {
            rc = LK_ERR_MALFORMED;
        } else if (type == LK_RTC_SDP_ANSWER && setup == LK_SDP_SETUP_ACTPASS) {
            rc = LK_ERR_MALFORMED; /* RFC 8842 5.3: an answer is active or passive */
        }
    }
    lk_dtls_role_t role = LK_DTLS_ROLE_CLIENT;
    if (rc == LK_OK) {
        /* RFC 8842 5.2/5.3: the offerer writes actpass; the answerer picks. We answer active
         * (client) to actpass and passive offers, passive to an active offer; as offerer we
         * take the role the answer leaves us. */
        if (type == LK_RTC_SDP_OFFER) {
            role = setup == LK_SDP_SETUP_ACTIVE ? LK_DTLS_ROLE_SERVER : LK_DTLS_ROLE_CLIENT;
        } else {
            role = setup == LK_SDP_SETUP_PASSIVE ? LK_DTLS_ROLE_CLIENT : LK_DTLS_ROLE_SERVER;
        }
        if (pc->negotiated) {
            /* A subsequent exchange on the same transport (new m-lines): the DTLS association
             * stays, so the certificate and the roles must too (RFC 8842 5.5); an offer's
             * actpass keeps our role. A new association is not supported. */
            lk_dtls_role_t cur = lk_dtls_role(pc->dtls);
            int keeps = type == LK_RTC_SDP_OFFER && setup == LK_SDP_SETUP_ACTPASS ? 1 : role == cur;
            if (memcmp(fp, pc->remote_fp, sizeof pc->remote_fp) != 0 || !keeps ||
                (type == LK_RTC_SDP_OFFER && pc->layout_count > 0 && !pc->answered)) {
                rc = LK_ERR_UNSUPPORTED;
            }
            role = cur;
        } else {
            char fptext[LK_DTLS_FINGERPRINT_LEN];
            pc_fp_to_text(fp, fptext);
            memcpy(pc->remote_fp, fp, sizeof pc->remote_fp);
            rc = lk_dtls_create(&pc->dtls, pc->cfg.cert, role, fptext);
        }
    }
    if (rc == LK_OK && uf.len > LK_SDP_MAX_UFRAG) {
        rc = LK_ERR_MALFORMED;
    }
    if (rc == LK_OK && pc->negotiated && type == LK_RTC_SDP_OFFER &&
        (strlen(pc->remote_ufrag) != uf.len || memcmp(pc->remote_ufrag, text + uf.off, uf.len) != 0)) {
        rc = pc_ice_restart(pc); /* the peer restarts ICE: our answer gets new credentials too */
    }
    if (rc == LK_OK) {
        rc = lk_ice_set_remote_credentials(pc->ice, text + uf.off, uf.len, text + pw.off, pw.len);
    }
    if (rc == LK_OK) {
        memcpy(pc->remote_ufrag, text + uf.off, uf.len);
        pc->remote_ufrag[uf.len] = 0;
    }
    if (rc != LK_OK) {
        if (!pc->negotiated) {
            lk_dtls_destroy(pc->dtls);
            pc->dtls = NULL;
        }
        free(text);
        free(p);
        return rc;
    }
    int first_time = !pc->negotiated;
    if (type == LK_RTC_SDP_OFFER && first_time) {
        (void)lk_ice_set_role(pc->ice, LK_ICE_CONTROLLED);
    }
    (void)lk_ice_set_remote_lite(pc->ice, p->ice_lite);
    pc->want_sctp = 0;
    for (size_t i = 0; i < p->media_count; i++) {
        const lk_sdp_media_t *m = &p->media[i];
        if (m->kind == LK_SDP_KIND_APPLICATION && m->port != 0) {
            pc->want_sctp = 1;
            pc->remote_sctp_port = m->sctp_port;
            pc->remote_max_message = m->max_message_size;
        }
        if (m->end_of_candidates) {
            lk_ice_set_remote_end_of_candidates(pc->ice);
        }
    }
    for (size_t i = 0; i < p->candidate_count; i++) {
        const char *line = text + p->candidates[i].line.off;
        size_t l = p->candidates[i].line.len;
        if (pc_candidate_allowed(pc, line, l)) {
            (void)lk_ice_add_remote_candidate(pc->ice, line, l);
        }
    }
    /* A server must be armed before the first ClientHello can arrive. */
    if (first_time && role == LK_DTLS_ROLE_SERVER && lk_dtls_start(pc->dtls, now_ms) == LK_OK) {
        pc->dtls_started = 1;
    }
    /* New m-lines on a connected transport: start what DTLS-connected would have started. */
    if (!first_time && pc->dtls_state == LK_RTC_DTLS_CONNECTED) {
        pc_dtls_connected(pc, now_ms);
    }
    pc->remote_set = 1;
    if (type == LK_RTC_SDP_OFFER) {
        pc->signaling = PC_HAVE_REMOTE_OFFER;
        pc->remote_text = text;
        pc->remote_sdp = p;
    } else {
        pc->signaling = PC_STABLE;
        pc->negotiated = 1;
        free(text);
        free(p);
    }
    pc_pump(pc, now_ms);
    return LK_OK;
}

int lk_pc_add_remote_candidate(lk_pc_t *pc, uint64_t now_ms, const char *mid,
                               const char *candidate)
{
    (void)mid; /* BUNDLE: one transport for every m-line */
    if (pc == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed) {
        return LK_ERR_STATE;
    }
    if (candidate == NULL || candidate[0] == '\0') {
        lk_ice_set_remote_end_of_candidates(pc->ice);
    } else {
        size_t len = strlen(candidate);
        while (len > 0 && (candidate[len - 1] == '\r' || candidate[len - 1] == '\n')) {
            len--;
        }
        if (!pc_candidate_allowed(pc, candidate, len)) {
            return LK_OK;
        }
        int rc = lk_ice_add_remote_candidate(pc->ice, candidate, len);
        if (rc < 0) {
            return rc;
        }
    }
    pc_pump(pc, now_ms);
    return LK_OK;
}

/* ---------------------------------------------------------------------------------------- */
/* Data channels and media */

/* Resolves a public channel id (real SCTP id or provisional 0x8000|i) to an SCTP id. */
static int pc_resolve(const lk_pc_t *pc, uint16_t id)
{
    if (id & LK_PC_PROVISIONAL_ID) {
        size_t i = id & ~LK_PC_PROVISIONAL_ID;
        if (i >= LK_PC_MAX_CHANNELS || !pc->channels[i].used) {
            return LK_ERR_NOT_FOUND;
        }
        return pc->channels[i].sctp_id >= 0 ? pc->channels[i].sctp_id : LK_ERR_STATE;
    }
    return id;
}

int lk_pc_create_data_channel(lk_pc_t *pc, uint64_t now_ms, const char *label, int ordered,
                              int max_retransmits, uint16_t *channel_id)
{
    if (pc == NULL || label == NULL || channel_id == NULL || strlen(label) > LK_SCTP_MAX_LABEL ||
        max_retransmits < -1) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed) {
        return LK_ERR_STATE;
    }
    size_t i = 0;
    while (i < LK_PC_MAX_CHANNELS && pc->channels[i].used) {
        i++;
    }
    if (i == LK_PC_MAX_CHANNELS) {
        return LK_ERR_QUEUE_FULL;
    }
    pc_channel_t *c = &pc->channels[i];
    memset(c, 0, sizeof *c);
    snprintf(c->label, sizeof c->label, "%s", label);
    c->ordered = ordered ? 1 : 0;
    c->max_retransmits = max_retransmits;
    c->sctp_id = -1;
    if (pc->sctp == NULL) {
        c->used = 1;
        *channel_id = (uint16_t)(LK_PC_PROVISIONAL_ID | i);
        return LK_OK;
    }
    lk_sctp_channel_init_t ci;
    memset(&ci, 0, sizeof ci);
    ci.label = c->label;
    ci.ordered = c->ordered;
    ci.max_retransmits = max_retransmits;
    ci.max_packet_life_ms = -1;
    ci.priority = 256;
    ci.id = -1;
    int id = lk_sctp_channel_open(pc->sctp, &ci);
    if (id < 0) {
        return id;
    }
    c->used = 1;
    c->sctp_id = id;
    *channel_id = (uint16_t)id;
    pc_pump(pc, now_ms);
    return LK_OK;
}

int lk_pc_send(lk_pc_t *pc, uint64_t now_ms, uint16_t channel_id, int binary,
               const uint8_t *data, size_t len)
{
    if (pc == NULL || (data == NULL && len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed || pc->sctp == NULL) {
        return LK_ERR_STATE;
    }
    int id = pc_resolve(pc, channel_id);
    if (id < 0) {
        return id;
    }
    if (!lk_sctp_channel_is_open(pc->sctp, (uint16_t)id)) {
        return LK_ERR_STATE;
    }
    int rc = lk_sctp_channel_send(pc->sctp, (uint16_t)id, data, len, binary ? 1 : 0);
    (void)now_ms;
    return rc < 0 ? rc : LK_OK;
}

long lk_pc_buffered_amount(lk_pc_t *pc, uint16_t channel_id)
{
    if (pc == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    int id = pc_resolve(pc, channel_id);
    if (id < 0) {
        return id == LK_ERR_STATE ? 0 : id;
    }
    return pc->sctp == NULL ? 0 : (long)lk_sctp_channel_buffered_amount(pc->sctp, (uint16_t)id);
}

int lk_pc_set_buffered_amount_low_threshold(lk_pc_t *pc, uint16_t channel_id, size_t threshold)
{
    if (pc == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    int id = pc_resolve(pc, channel_id);
    if (id < 0) {
        return id;
    }
    return pc->sctp == NULL ? LK_ERR_STATE
                            : lk_sctp_channel_set_buffered_low(pc->sctp, (uint16_t)id, threshold);
}

int lk_pc_close_channel(lk_pc_t *pc, uint64_t now_ms, uint16_t channel_id)
{
    if (pc == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed) {
        return LK_ERR_STATE;
    }
    if ((channel_id & LK_PC_PROVISIONAL_ID) && pc->sctp == NULL) {
        size_t i = channel_id & ~LK_PC_PROVISIONAL_ID;
        if (i >= LK_PC_MAX_CHANNELS || !pc->channels[i].used) {
            return LK_ERR_NOT_FOUND;
        }
        pc->channels[i].used = 0; /* never announced: nothing to tell the peer */
        lk_rtc_event_t ev;
        memset(&ev, 0, sizeof ev);
        ev.type = LK_RTC_EV_CHANNEL_CLOSED;
        ev.channel_id = channel_id;
        (void)pc_ev_push(pc, &ev, NULL, 0);
        return LK_OK;
    }
    int id = pc_resolve(pc, channel_id);
    if (id < 0) {
        return id;
    }
    if (pc->sctp == NULL) {
        return LK_ERR_NOT_FOUND;
    }
    int rc = lk_sctp_channel_close(pc->sctp, (uint16_t)id);
    pc_pump(pc, now_ms);
    return rc;
}

int lk_pc_add_audio_track(lk_pc_t *pc, lk_rtc_direction_t direction)
{
    if (pc == NULL || (int)direction < LK_RTC_DIR_SENDRECV || direction > LK_RTC_DIR_INACTIVE) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed) {
        return LK_ERR_STATE;
    }
    if (pc->audio_count >= LK_PC_MAX_AUDIO) {
        return LK_ERR_QUEUE_FULL;
    }
    pc->audio[pc->audio_count] = direction;
    return (int)pc->audio_count++;
}

/* A free slot of the protected-packet queue, or NULL when full or out of memory. */
static uint8_t *pc_rtp_slot(lk_pc_t *pc, size_t *cap)
{
    if (pc->rtp_q == NULL) {
        pc->rtp_q = calloc(LK_PC_RTP_QUEUE, sizeof *pc->rtp_q);
        if (pc->rtp_q == NULL) {
            return NULL;
        }
    }
    if (pc->rtp_q_count >= LK_PC_RTP_QUEUE) {
        return NULL;
    }
    *cap = sizeof *pc->rtp_q;
    return pc->rtp_q[(pc->rtp_q_head + pc->rtp_q_count) % LK_PC_RTP_QUEUE];
}

static void pc_rtp_commit(lk_pc_t *pc, size_t len)
{
    pc->rtp_q_len[(pc->rtp_q_head + pc->rtp_q_count) % LK_PC_RTP_QUEUE] = len;
    pc->rtp_q_count++;
}

/* RFC 3550 6.2 / A.7: the next report in [0.5, 1.5] x the interval. */
static void pc_schedule_sr(lk_pc_t *pc, uint64_t now_ms)
{
    uint8_t r[2] = {0, 0};
    (void)lk_random_bytes(r, sizeof r);
    uint32_t jitter = (uint32_t)(r[0] << 8 | r[1]) % LK_RTCP_INTERVAL_MS;
    pc->sr_next_ms = now_ms + LK_RTCP_INTERVAL_MS / 2 + jitter;
}

static void pc_send_sr(lk_pc_t *pc, uint64_t now_ms)
{
    pc_schedule_sr(pc, now_ms);
    size_t cap = 0;
    uint8_t *p = pc->srtp_tx != NULL && !pc->closed ? pc_rtp_slot(pc, &cap) : NULL;
    if (p == NULL) {
        return; /* a report skipped when the queue is full costs nothing but freshness */
    }
    /* The RTP timestamp that corresponds to now (RFC 3550 6.4.1). */
    uint32_t ts = pc->rtp_ts + (uint32_t)((now_ms - pc->rtp_last_ms) * (LK_RTP_CLOCK_OPUS / 1000));
    char cname[16];
    snprintf(cname, sizeof cname, "lk%08x", (unsigned)pc->audio_ssrc);
    int n = lk_rtcp_write_sr(p, cap - LK_SRTCP_OVERHEAD, pc->audio_ssrc, lk_rtp_ntp_from_ms(now_ms), ts,
                             pc->rtp_packets, pc->rtp_octets, cname);
    if (n > 0) {
        n = lk_srtcp_protect(pc->srtp_tx, p, (size_t)n, cap);
    }
    if (n > 0) {
        pc_rtp_commit(pc, (size_t)n);
    }
}

int lk_pc_send_audio(lk_pc_t *pc, uint64_t now_ms, const uint8_t *frame, size_t len,
                     uint32_t samples)
{
    if (pc == NULL || frame == NULL || len == 0) {
        return LK_ERR_INVALID_ARG;
    }
    if (len > LK_PC_RTP_MAX_PAYLOAD) {
        return LK_ERR_TOO_LARGE;
    }
    if (pc->closed || pc->audio_send_pt < 0 || !pc->negotiated || pc->srtp_tx == NULL) {
        return LK_ERR_STATE;
    }
    size_t cap = 0;
    uint8_t *p = pc_rtp_slot(pc, &cap);
    if (p == NULL) {
        return pc->rtp_q == NULL ? LK_ERR_NO_MEMORY : LK_ERR_QUEUE_FULL;
    }
    if (pc->rtp_started) {
        pc->rtp_seq++;
        pc->rtp_ts += pc->rtp_last_samples;
    }
    /* RFC 3551 4.1: the marker bit flags the first packet of a talkspurt. */
    int n = lk_rtp_write_header(p, cap, (uint8_t)pc->audio_send_pt, !pc->rtp_started, pc->rtp_seq,
                                pc->rtp_ts, pc->audio_ssrc);
    if (n < 0) {
        return n;
    }
    memcpy(p + n, frame, len);
    n = lk_srtp_protect(pc->srtp_tx, p, (size_t)n + len, cap);
    if (n < 0) {
        return n;
    }
    pc_rtp_commit(pc, (size_t)n);
    if (!pc->rtp_started) {
        pc->rtp_started = 1;
        pc_schedule_sr(pc, now_ms);
    }
    pc->rtp_last_samples = samples;
    pc->rtp_last_ms = now_ms;
    pc->rtp_packets++;
    pc->rtp_octets += (uint32_t)len;
    return LK_OK;
}

void lk_pc_set_audio_sink(lk_pc_t *pc, lk_pc_audio_fn fn, void *ctx)
{
    pc->cfg.on_audio = fn;
    pc->cfg.audio_ctx = ctx;
}

void lk_pc_rtp_counts(const lk_pc_t *pc, uint64_t *sent, uint64_t *received,
                      uint64_t *rtcp_received)
{
    if (sent != NULL) *sent = pc->rtp_packets;
    if (received != NULL) *received = pc->rtp_received;
    if (rtcp_received != NULL) *rtcp_received = pc->rtcp_received;
}

int lk_pc_close(lk_pc_t *pc, uint64_t now_ms)
{
    if (pc == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed) {
        return LK_OK;
    }
    pc->closed = 1;
    if (pc->sctp != NULL) {
        (void)lk_sctp_abort(pc->sctp, now_ms);
        /* Move the ABORT into DTLS before close_notify. */
        int n = lk_sctp_poll_transmit(pc->sctp, now_ms, pc->sctp_buf, sizeof pc->sctp_buf);
        if (n > 0 && pc->dtls != NULL && lk_dtls_state(pc->dtls) == LK_DTLS_STATE_CONNECTED) {
            (void)lk_dtls_send(pc->dtls, pc->sctp_buf, (size_t)n);
        }
        for (size_t i = 0; i < LK_PC_MAX_CHANNELS; i++) {
            if (pc->channels[i].used && pc->channels[i].sctp_id >= 0) {
                lk_rtc_event_t ev;
                memset(&ev, 0, sizeof ev);
                ev.type = LK_RTC_EV_CHANNEL_CLOSED;
                ev.channel_id = (uint16_t)pc->channels[i].sctp_id;
                (void)pc_ev_push(pc, &ev, NULL, 0);
            }
            pc->channels[i].used = 0;
        }
    }
    if (pc->dtls != NULL) {
        (void)lk_dtls_close(pc->dtls, now_ms);
    }
    lk_ice_close(pc->ice);
    if (pc->ice_state != LK_RTC_ICE_CLOSED) {
        pc->ice_state = LK_RTC_ICE_CLOSED;
        pc_ev_simple(pc, LK_RTC_EV_ICE_STATE, LK_RTC_ICE_CLOSED, 0);
    }
    if (pc->dtls_state != LK_RTC_DTLS_CLOSED && pc->dtls_state != LK_RTC_DTLS_NEW) {
        pc->dtls_state = LK_RTC_DTLS_CLOSED;
        pc_ev_simple(pc, LK_RTC_EV_DTLS_STATE, LK_RTC_DTLS_CLOSED, 0);
    }
    pc_update_conn(pc);
    return LK_OK;
}

/* ---------------------------------------------------------------------------------------- */
/* I/O */

int lk_pc_handle_input(lk_pc_t *pc, uint64_t now_ms, int local, const lk_addr_t *from,
                       const uint8_t *data, size_t len)
{
    if (pc == NULL || from == NULL || data == NULL || local < 0 || (size_t)local >= pc->local_count) {
        return LK_ERR_INVALID_ARG;
    }
    if (pc->closed) {
        return LK_ERR_CLOSED;
    }
    int rc = LK_OK;
    switch (lk_demux_classify(data, len)) {
    case LK_DEMUX_STUN:
        rc = lk_ice_handle_input(pc->ice, now_ms, &pc->local[local], from, data, len);
        if (rc == LK_OK && !pc->have_pair) {
            size_t k = 0;
            while (k < pc->stun_ok_count && !lk_addr_equal(&pc->stun_ok[k], from)) {
                k++;
            }
            if (k == pc->stun_ok_count) {
                pc->stun_ok[pc->stun_ok_count % 4] = *from;
                pc->stun_ok_count = pc->stun_ok_count < 4 ? pc->stun_ok_count + 1 : 4;
            }
        }
        break;
    case LK_DEMUX_DTLS:
        if (pc->dtls == NULL || !pc->dtls_started) {
            rc = LK_ERR_STATE;
            break;
        }
        if (!pc->have_pair) {
            /* The peer's ICE finished first: answer where the handshake came from, if that
             * address passed STUN with our credentials. */
            for (size_t k = 0; k < pc->stun_ok_count; k++) {
                if (lk_addr_equal(&pc->stun_ok[k], from)) {
                    pc->have_latched = 1;
                    pc->latched_local = pc->local[local];
                    pc->latched_remote = *from;
                }
            }
        }
        rc = lk_dtls_handle_input(pc->dtls, now_ms, data, len);
        break;
    case LK_DEMUX_RTP:
    case LK_DEMUX_RTCP:
        if (pc->srtp_rx == NULL) {
            pc->rtp_dropped++;
            rc = LK_ERR_STATE;
            break;
        }
        {
            /* Unprotect in a scratch copy: the port's buffer is read-only to us. */
            if (len > sizeof pc->app_buf) {
                rc = LK_ERR_TOO_LARGE;
                break;
            }
            memcpy(pc->app_buf, data, len);
            rc = lk_demux_classify(data, len) == LK_DEMUX_RTP
                     ? lk_srtp_unprotect(pc->srtp_rx, pc->app_buf, len)
                     : lk_srtcp_unprotect(pc->srtp_rx, pc->app_buf, len);
            if (rc >= 0 && lk_demux_classify(data, len) == LK_DEMUX_RTCP) {
                pc->rtcp_received++;
            }
            if (rc >= 0) {
                lk_rtp_header_t h;
                if (lk_demux_classify(data, len) == LK_DEMUX_RTP &&
                    lk_rtp_parse(pc->app_buf, (size_t)rc, &h) == LK_OK) {
                    pc->rtp_received++;
                    if (pc->cfg.on_audio != NULL) {
                        pc->cfg.on_audio(pc->cfg.audio_ctx, h.ssrc, h.pt, h.seq, h.timestamp,
                                         pc->app_buf + h.header_len, h.payload_len);
                    }
                }
                rc = LK_OK;
            } else {
                pc->rtp_dropped++;
            }
        }
        break;
    default:
        rc = LK_ERR_MALFORMED;
        break;
    }
    pc_pump(pc, now_ms);
    return rc;
}

int lk_pc_handle_timeout(lk_pc_t *pc, uint64_t now_ms)
{
    if (pc == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (lk_ice_poll_timeout(pc->ice) <= now_ms) {
        (void)lk_ice_handle_timeout(pc->ice, now_ms);
    }
    if (pc->dtls != NULL && lk_dtls_poll_timeout(pc->dtls) <= now_ms) {
        (void)lk_dtls_handle_timeout(pc->dtls, now_ms);
    }
    if (pc->sctp != NULL && lk_sctp_poll_timeout(pc->sctp) <= now_ms) {
        (void)lk_sctp_handle_timeout(pc->sctp, now_ms);
    }
    if (pc->sr_next_ms <= now_ms) {
        pc_send_sr(pc, now_ms);
    }
    pc_pump(pc, now_ms);
    return LK_OK;
}

uint64_t lk_pc_poll_timeout(lk_pc_t *pc)
{
    uint64_t t = UINT64_MAX;
    pc->reason = LK_PC_TIMEOUT_NONE;
    if (pc->closed) {
        return t;
    }
    uint64_t v = lk_ice_poll_timeout(pc->ice);
    if (v < t) {
        t = v;
        pc->reason = LK_PC_TIMEOUT_ICE;
    }
    if (pc->dtls != NULL && (v = lk_dtls_poll_timeout(pc->dtls)) < t) {
        t = v;
        pc->reason = LK_PC_TIMEOUT_DTLS;
    }
    if (pc->sctp != NULL && (v = lk_sctp_poll_timeout(pc->sctp)) < t) {
        t = v;
        pc->reason = LK_PC_TIMEOUT_SCTP;
    }
    if (pc->sr_next_ms < t) {
        t = pc->sr_next_ms;
        pc->reason = LK_PC_TIMEOUT_RTCP;
    }
    return t;
}

lk_pc_timeout_reason_t lk_pc_timeout_reason(const lk_pc_t *pc)
{
    return pc->reason;
}

int lk_pc_poll_transmit(lk_pc_t *pc, uint64_t now_ms, uint8_t *buf, size_t cap, int *local,
                        lk_addr_t *to)
{
    if (pc == NULL || buf == NULL || local == NULL || to == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (cap < LK_DTLS_MAX_DATAGRAM) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    lk_ice_transmit_t it;
    while (lk_ice_poll_transmit(pc->ice, &it) == 1) {
        int li = pc_local_index(pc, &it.local);
        if (li < 0 || it.len > cap) {
            continue;
        }
        memcpy(buf, it.data, it.len);
        *local = li;
        *to = it.remote;
        return (int)it.len;
    }
    if (pc->dtls == NULL) {
        return 0;
    }
    const lk_addr_t *src = pc->have_pair ? &pc->pair_local : pc->have_latched ? &pc->latched_local : NULL;
    const lk_addr_t *dst = pc->have_pair ? &pc->pair_remote : pc->have_latched ? &pc->latched_remote : NULL;
    if (src == NULL) {
        return 0; /* DTLS waits for a path */
    }
    int li = pc_local_index(pc, src);
    if (li < 0) {
        return 0;
    }
    for (int round = 0; round < 2; round++) {
        int n = lk_dtls_poll_transmit(pc->dtls, buf, cap);
        if (n != 0) {
            if (n > 0) {
                *local = li;
                *to = *dst;
            }
            return n;
        }
        if (pc->rtp_q_count > 0) {
            /* Audio before data: it is the latency-sensitive traffic. */
            size_t l = pc->rtp_q_len[pc->rtp_q_head];
            memcpy(buf, pc->rtp_q[pc->rtp_q_head], l);
            pc->rtp_q_head = (pc->rtp_q_head + 1) % LK_PC_RTP_QUEUE;
            pc->rtp_q_count--;
            *local = li;
            *to = *dst;
            return (int)l;
        }
        /* DTLS is empty: pull one SCTP packet into it. */
        if (round > 0 || pc->sctp == NULL || pc->closed ||
            lk_dtls_state(pc->dtls) != LK_DTLS_STATE_CONNECTED) {
            break;
        }
        int s = lk_sctp_poll_transmit(pc->sctp, now_ms, pc->sctp_buf, sizeof pc->sctp_buf);
        if (s <= 0) {
            break;
        }
        (void)lk_dtls_send(pc->dtls, pc->sctp_buf, (size_t)s);
    }
    return 0;
}

/* Diagnostics for tests: the SCTP association (NULL before DTLS connects). */
const struct lk_sctp *lk_pc_sctp(const lk_pc_t *pc)
{
    return pc != NULL ? pc->sctp : NULL;
}
