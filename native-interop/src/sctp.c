/*
 * sctp.c - SCTP association over DTLS and WebRTC data channels, sans-I/O (see sctp.h).
 *
 * Layout of this file: constants and types; allocation and events; channels; the packet writer;
 * sender (queue, ring of in-flight chunks, SACK processing, congestion control, partial
 * reliability); receiver (TSN ranges, reassembly, ordered/unordered delivery); stream reset;
 * handshake and shutdown; input dispatch; timers; public API.
 *
 * TSNs, SSNs and reconfiguration sequence numbers use serial number arithmetic (RFC 1982).
 */
#include "sctp.h"

#include <stdlib.h>
#include <string.h>

#include <mbedtls/md.h>

#include "crc32c.h"
#include "dcep.h"
#include "lk_error.h"

/* ---- Protocol constants ---- */

enum {
    CT_DATA = 0, CT_INIT = 1, CT_INIT_ACK = 2, CT_SACK = 3, CT_HEARTBEAT = 4, CT_HEARTBEAT_ACK = 5,
    CT_ABORT = 6, CT_SHUTDOWN = 7, CT_SHUTDOWN_ACK = 8, CT_ERROR = 9, CT_COOKIE_ECHO = 10,
    CT_COOKIE_ACK = 11, CT_SHUTDOWN_COMPLETE = 14, CT_RECONFIG = 130, CT_FORWARD_TSN = 192
};

#define PT_HEARTBEAT_INFO 1
#define PT_STATE_COOKIE 7
#define PT_OUT_RESET_REQ 13
#define PT_IN_RESET_REQ 14
#define PT_RECONFIG_RESP 16
#define PT_SUPPORTED_EXT 0x8008
#define PT_FORWARD_TSN_SUPPORTED 0xC000

/* RFC 6525 4.4 result codes. */
#define RECONF_SUCCESS_NOTHING 0
#define RECONF_SUCCESS_PERFORMED 1
#define RECONF_DENIED 2
#define RECONF_BAD_SEQ 5
#define RECONF_IN_PROGRESS 6

#define DATA_FLAG_E 0x01
#define DATA_FLAG_B 0x02
#define DATA_FLAG_U 0x04
#define DATA_FLAG_I 0x08

#define COMMON_HEADER_LEN 12
#define CHUNK_HEADER_LEN 4
#define DATA_HEADER_LEN 16
#define INIT_FIXED_LEN 16

/* RFC 9260 16: "Max.Init.Retransmits: 8 attempts". */
#define MAX_INIT_RETRANSMITS 8
/* RFC 9260 16: "Association.Max.Retrans: 10 attempts". */
#define ASSOC_MAX_RETRANS 10
/* RFC 9260 16: "Valid.Cookie.Life: 60 seconds". */
#define VALID_COOKIE_LIFE_MS 60000
/* RFC 9260 16: "HB.interval: 30 seconds"; 8.3: a heartbeat is sent when the path has been idle
 * for "RTO + HB.interval". */
#define HB_INTERVAL_MS 30000
/* RFC 9260 6.2: "An implementation MUST NOT allow the maximum delay (protocol parameter
 * 'SACK.Delay') to be configured to be more than 500 ms ... the SACK.Delay SHOULD be 200 ms". */
#define SACK_DELAY_MS 200
/* RFC 9260 6.2: "... a SACK SHOULD be generated for at least every second packet". */
#define SACK_EVERY_PACKETS 2
/* RFC 9260 7.2.4: fast retransmit on "three miss indications". */
#define FAST_RTX_MISSES 3

#define COOKIE_MAGIC 0x4c4b4331u /* "LKC1" */
#define COOKIE_BODY_LEN 44
#define COOKIE_MAC_LEN 32
#define COOKIE_LEN (COOKIE_BODY_LEN + COOKIE_MAC_LEN)
#define MAX_RX_RANGES 64       /* gap blocks we track above the cumulative TSN */
#define MAX_DUP_REPORT 16      /* duplicate TSNs reported in one SACK */
#define MAX_STREAMS_TRACKED 1024
#define RING_INITIAL 64u
#define RING_MAX 16384u
#define MAX_RESET_STREAMS 32
#define MAX_RECONF_RESPONSES 8
#define MAX_HB_INFO 256
#define MAX_COOKIE 512

/* Internal states (RFC 9260 4). */
typedef enum st {
    ST_CLOSED, ST_COOKIE_WAIT, ST_COOKIE_ECHOED, ST_ESTABLISHED, ST_SHUTDOWN_PENDING,
    ST_SHUTDOWN_SENT, ST_SHUTDOWN_RECEIVED, ST_SHUTDOWN_ACK_SENT, ST_TERMINATED
} st_t;

/* ---- Types ---- */

typedef struct out_msg {
    struct out_msg *next;   /* send queue link */
    uint32_t len;           /* payload bytes (1 for the empty-message PPIDs) */
    uint32_t sent_off;      /* bytes already cut into DATA chunks */
    uint32_t refs;          /* ring records + 1 while queued */
    uint32_t ppid;
    uint64_t expire_ms;     /* 0: no lifetime; set by the first lk_sctp_poll_transmit after
                               enqueueing (the send call has no clock) */
    uint32_t life_ms;       /* partial reliability by lifetime: its length */
    uint8_t timed;
    uint32_t first_tsn;     /* TSN of the first fragment, once started */
    int32_t max_rtx;        /* -1: reliable by count */
    uint16_t sid, ssn;
    uint8_t unordered, started, abandoned, control; /* control: DCEP, not in buffered amount */
    uint8_t data[];
} out_msg_t;

typedef struct tx_rec {
    out_msg_t *msg;         /* NULL: slot free */
    uint64_t sent_ms;
    uint32_t tsn;
    uint32_t off;
    uint16_t len;
    uint16_t tx_count;
    uint8_t flags;          /* B/E/U as sent */
    uint8_t acked, rtx, fast_done, abandoned, in_flight;
    uint8_t miss;
} tx_rec_t;

typedef struct rx_chunk {
    struct rx_chunk *prev, *next;
    uint32_t tsn, ppid;
    uint16_t sid, ssn, len;
    uint8_t flags;
    uint8_t data[];
} rx_chunk_t;

typedef enum ch_state { CH_NONE, CH_OPENING, CH_OPEN, CH_CLOSING } ch_state_t;

typedef struct stream {
    uint16_t sid;
    uint16_t in_ssn;        /* next expected incoming SSN (ordered) */
    uint16_t out_ssn;       /* next outgoing SSN */
    ch_state_t state;       /* CH_NONE: a stream with traffic but no channel */
    uint8_t ordered, negotiated, remote, acked;
    uint8_t type;           /* lk_sctp_channel_type_t */
    uint32_t reliability;
    uint16_t priority;
    uint8_t out_reset;      /* 0 none, 1 wanted, 2 requested, 3 done */
    uint8_t in_reset;       /* 1 when the peer reset its outgoing stream */
    size_t buffered;        /* unsent user bytes */
    size_t low_threshold;
    uint32_t queued_msgs;   /* messages of this stream in the send queue */
    uint64_t rtx_chunks;    /* DATA chunks of this stream sent again (diagnostics) */
    char *label, *protocol;
} stream_t;

typedef struct ev_node {
    struct ev_node *next;
    lk_sctp_event_t ev;
    size_t data_len;        /* bytes in data[] counted against the receive window (messages) */
    uint8_t data[];
} ev_node_t;

typedef struct reconf_resp {
    uint32_t seq, result;
} reconf_resp_t;

struct lk_sctp {
    lk_sctp_config_t cfg;
    st_t st;
    int error;
    uint64_t now;
    size_t mem;

    uint8_t cookie_key[32];
    uint32_t local_tag, peer_tag;
    uint32_t local_itsn, peer_itsn;
    uint16_t peer_os, peer_mis;
    int peer_prsctp, peer_reconfig;

    /* handshake */
    uint64_t t1_at;
    uint32_t t1_rto;
    int t1_count;
    int init_pending, cookie_echo_pending, cookie_ack_pending;
    uint8_t *cookie;        /* the peer's cookie to echo */
    size_t cookie_len;
    int init_ack_pending;
    uint32_t ia_peer_tag, ia_peer_itsn, ia_peer_rwnd;
    uint16_t ia_peer_os, ia_peer_mis;
    uint8_t ia_caps;

    /* shutdown / abort */
    int shutdown_requested, shutdown_pending, shutdown_ack_pending, shutdown_complete_pending;
    int abort_pending;
    uint64_t t2_at;
    int t2_count;

    /* RTO (RFC 9260 6.3.1) */
    uint32_t rto, srtt, rttvar;
    uint32_t rto_base;      /* RTO from the last measurement, before any back-off */
    int have_rtt;
    int rtt_active;
    uint32_t rtt_tsn;
    int error_count;

    /* sender */
    out_msg_t *q_head, *q_tail;
    out_msg_t *q_unstamped;         /* first queued timed message whose lifetime has not started */
    size_t queued_bytes;
    tx_rec_t *ring;
    uint32_t ring_cap;
    uint32_t next_tsn, cum_ack;     /* records exist for cum_ack+1 .. next_tsn-1 */
    uint32_t adv_peer_ack;          /* RFC 3758 Advanced.Peer.Ack.Point */
    size_t flight, outstanding_bytes; /* in flight / all unacked incl. marked for rtx */
    uint32_t rtx_count;             /* records marked for retransmission */
    uint32_t cwnd, ssthresh, pba, peer_rwnd;
    int in_fast_recovery;
    uint32_t recovery_exit;
    int fast_rtx_bypass;
    int fwd_tsn_pending;
    uint64_t t3_at;

    /* receiver */
    uint32_t rx_cum;
    uint32_t rng_start[MAX_RX_RANGES], rng_end[MAX_RX_RANGES];
    int rng_n;
    uint32_t dups[MAX_DUP_REPORT];
    int dups_n;
    rx_chunk_t *rx_head, *rx_tail;
    size_t rx_bytes, ev_bytes;
    int sack_now;
    uint64_t sack_at;
    int pkts_unacked;
    uint32_t last_adv_rwnd;

    /* heartbeat */
    uint64_t hb_at;
    int hb_outstanding;
    uint8_t hb_info[MAX_HB_INFO];
    size_t hb_info_len;
    int hb_ack_pending;

    /* stream reset (RFC 6525) */
    uint32_t reconf_seq;            /* next request sequence number we send */
    uint32_t peer_reconf_seq;       /* next request sequence number we expect */
    int reconf_outstanding;
    uint32_t reconf_out_seq, reconf_out_last_tsn;
    uint16_t reconf_out_sids[MAX_RESET_STREAMS];
    int reconf_out_n;
    int reconf_send;
    uint64_t reconf_at;
    reconf_resp_t resps[MAX_RECONF_RESPONSES];
    int in_req_valid;               /* the last incoming request, for its retransmissions */
    uint32_t in_req_result, in_req_last_tsn;
    uint16_t in_req_sids[MAX_RESET_STREAMS];
    int in_req_n;
    int resps_n;

    /* streams and channels */
    stream_t *streams;
    int n_streams, cap_streams;

    /* events */
    ev_node_t *ev_head, *ev_tail, *ev_held;

    lk_sctp_stats_t stats;
};

/* ---- Small helpers ---- */

static int tsn_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static int tsn_le(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }
static int ssn_le(uint16_t a, uint16_t b) { return (int16_t)(uint16_t)(a - b) <= 0; }

static uint16_t rd16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static uint32_t rd32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static void wr64(uint8_t *p, uint64_t v) { wr32(p, (uint32_t)(v >> 32)); wr32(p + 4, (uint32_t)v); }
static uint64_t rd64(const uint8_t *p) { return ((uint64_t)rd32(p) << 32) | rd32(p + 4); }
static size_t pad4(size_t n) { return (n + 3) & ~(size_t)3; }
static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }
static uint32_t max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }

/* Counting allocator: every block carries its size so lk_sctp_memory() is exact. */
static void *sctp_alloc(lk_sctp_t *s, size_t n)
{
    size_t *p = (size_t *)malloc(sizeof(size_t) * 2 + n);
    if (p == NULL) {
        return NULL;
    }
    p[0] = n;
    s->mem += n + sizeof(size_t) * 2;
    return p + 2;
}

static void sctp_free(lk_sctp_t *s, void *ptr)
{
    size_t *p;
    if (ptr == NULL) {
        return;
    }
    p = (size_t *)ptr - 2;
    s->mem -= p[0] + sizeof(size_t) * 2;
    free(p);
}

static char *sctp_strndup(lk_sctp_t *s, const uint8_t *src, size_t n)
{
    char *d = (char *)sctp_alloc(s, n + 1);
    if (d == NULL) {
        return NULL;
    }
    if (n > 0) {
        memcpy(d, src, n);
    }
    d[n] = '\0';
    return d;
}

static int st_established(const lk_sctp_t *s)
{
    return s->st == ST_ESTABLISHED || s->st == ST_SHUTDOWN_PENDING || s->st == ST_SHUTDOWN_SENT ||
           s->st == ST_SHUTDOWN_RECEIVED || s->st == ST_SHUTDOWN_ACK_SENT;
}

/* ---- Events ---- */

static ev_node_t *ev_push(lk_sctp_t *s, lk_sctp_event_type_t type, uint16_t ch, size_t extra)
{
    ev_node_t *n = (ev_node_t *)sctp_alloc(s, sizeof(ev_node_t) + extra);
    if (n == NULL) {
        return NULL;
    }
    memset(n, 0, sizeof(*n));
    n->ev.type = type;
    n->ev.channel = ch;
    if (s->ev_tail != NULL) {
        s->ev_tail->next = n;
    } else {
        s->ev_head = n;
    }
    s->ev_tail = n;
    return n;
}

static void ev_channel_open(lk_sctp_t *s, const stream_t *st)
{
    size_t ll = strlen(st->label), pl = strlen(st->protocol);
    ev_node_t *n = ev_push(s, LK_SCTP_EV_CHANNEL_OPEN, st->sid, ll + pl + 2);
    if (n == NULL) {
        return;
    }
    memcpy(n->data, st->label, ll + 1);
    memcpy(n->data + ll + 1, st->protocol, pl + 1);
    n->ev.remote = st->remote;
    n->ev.ordered = st->ordered;
    n->ev.reliability_type = (lk_sctp_channel_type_t)st->type;
    n->ev.reliability = st->reliability;
    n->ev.priority = st->priority;
    n->ev.label = (const char *)n->data;
    n->ev.protocol = (const char *)n->data + ll + 1;
}

/* ---- Streams / channels ---- */

static stream_t *stream_find(const lk_sctp_t *s, uint16_t sid)
{
    int i;
    for (i = 0; i < s->n_streams; i++) {
        if (s->streams[i].sid == sid) {
            return &s->streams[i];
        }
    }
    return NULL;
}

static stream_t *stream_get(lk_sctp_t *s, uint16_t sid)
{
    stream_t *st = stream_find(s, sid);
    if (st != NULL) {
        return st;
    }
    if (s->n_streams >= MAX_STREAMS_TRACKED) {
        return NULL;
    }
    if (s->n_streams == s->cap_streams) {
        int ncap = s->cap_streams ? s->cap_streams * 2 : 4;
        stream_t *ns = (stream_t *)sctp_alloc(s, sizeof(stream_t) * (size_t)ncap);
        if (ns == NULL) {
            return NULL;
        }
        if (s->n_streams > 0) {
            memcpy(ns, s->streams, sizeof(stream_t) * (size_t)s->n_streams);
        }
        sctp_free(s, s->streams);
        s->streams = ns;
        s->cap_streams = ncap;
    }
    st = &s->streams[s->n_streams++];
    memset(st, 0, sizeof(*st));
    st->sid = sid;
    st->state = CH_NONE;
    return st;
}

static void stream_remove(lk_sctp_t *s, stream_t *st)
{
    int idx = (int)(st - s->streams);
    sctp_free(s, st->label);
    sctp_free(s, st->protocol);
    if (idx < s->n_streams - 1) {
        memmove(&s->streams[idx], &s->streams[idx + 1], sizeof(stream_t) * (size_t)(s->n_streams - idx - 1));
    }
    s->n_streams--;
}

/* Both directions reset: announce and forget the channel. */
static void stream_maybe_closed(lk_sctp_t *s, stream_t *st)
{
    if (st->out_reset == 3 && st->in_reset) {
        int had_channel = st->state != CH_NONE;
        uint16_t sid = st->sid;
        stream_remove(s, st);
        if (had_channel) {
            ev_push(s, LK_SCTP_EV_CHANNEL_CLOSED, sid, 0);
        }
    }
}

/* ---- Timers ---- */

static void rto_update(lk_sctp_t *s, uint32_t r)
{
    /* RFC 9260 6.3.1 C2/C3: RTTVAR <- (1 - RTO.Beta) * RTTVAR + RTO.Beta * |SRTT - R'|,
     * SRTT <- (1 - RTO.Alpha) * SRTT + RTO.Alpha * R', RTO <- SRTT + 4 * RTTVAR,
     * with RTO.Alpha 1/8 and RTO.Beta 1/4; C1: the first measurement sets SRTT = R, RTTVAR = R/2. */
    uint32_t rto;
    if (!s->have_rtt) {
        s->srtt = r;
        s->rttvar = r / 2;
        s->have_rtt = 1;
    } else {
        uint32_t diff = s->srtt > r ? s->srtt - r : r - s->srtt;
        s->rttvar = (3 * s->rttvar + diff) / 4;
        s->srtt = (7 * s->srtt + r) / 8;
    }
    /* C3 with clock granularity G = 1 ms: RTO = SRTT + max(G, 4 * RTTVAR). */
    rto = s->srtt + max_u32(1, 4 * s->rttvar);
    /* C6/C7: "If RTO is less than RTO.Min seconds, then it is rounded up"; "A maximum value may
     * be placed on RTO provided it is at least RTO.Max seconds". */
    s->rto = max_u32(s->cfg.rto_min_ms, min_u32(rto, LK_SCTP_RTO_MAX_MS));
    s->rto_base = s->rto;
}

static void rto_backoff(lk_sctp_t *s)
{
    /* RFC 9260 6.3.3 E2: "set RTO <- RTO * 2 ('back off the timer'). The maximum value
     * discussed in rule C7 above (RTO.Max) may be used to provide an upper bound". */
    s->rto = min_u32(s->rto * 2, LK_SCTP_RTO_MAX_MS);
}

static void hb_restart(lk_sctp_t *s)
{
    if (st_established(s)) {
        s->hb_at = s->now + HB_INTERVAL_MS + s->rto;
    }
}

/* ---- Termination ---- */

static void terminate(lk_sctp_t *s, int error)
{
    int i;
    ev_node_t *n;
    if (s->st == ST_TERMINATED) {
        return;
    }
    s->st = ST_TERMINATED;
    s->error = error;
    s->t1_at = s->t2_at = s->t3_at = s->sack_at = s->hb_at = s->reconf_at = 0;
    s->init_pending = s->cookie_echo_pending = s->cookie_ack_pending = s->init_ack_pending = 0;
    s->shutdown_pending = s->shutdown_ack_pending = 0;
    s->sack_now = 0;
    s->reconf_send = 0;
    s->resps_n = 0;
    s->fwd_tsn_pending = 0;
    s->hb_ack_pending = 0;
    for (i = 0; i < s->n_streams; i++) {
        if (s->streams[i].state != CH_NONE) {
            ev_push(s, LK_SCTP_EV_CHANNEL_CLOSED, s->streams[i].sid, 0);
        }
    }
    n = ev_push(s, LK_SCTP_EV_TERMINATED, 0, 0);
    if (n != NULL) {
        n->ev.error = error;
    }
}

/* ---- Sender: queue and ring ---- */

static tx_rec_t *ring_at(const lk_sctp_t *s, uint32_t tsn)
{
    return &s->ring[tsn & (s->ring_cap - 1)];
}

static uint32_t ring_count(const lk_sctp_t *s)
{
    return s->next_tsn - (s->cum_ack + 1);
}

static int ring_grow(lk_sctp_t *s)
{
    uint32_t ncap = s->ring_cap * 2, t;
    tx_rec_t *nr;
    if (ncap > RING_MAX) {
        return LK_ERR_QUEUE_FULL;
    }
    nr = (tx_rec_t *)sctp_alloc(s, sizeof(tx_rec_t) * ncap);
    if (nr == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    memset(nr, 0, sizeof(tx_rec_t) * ncap);
    for (t = s->cum_ack + 1; t != s->next_tsn; t++) {
        nr[t & (ncap - 1)] = *ring_at(s, t);
    }
    sctp_free(s, s->ring);
    s->ring = nr;
    s->ring_cap = ncap;
    return 0;
}

static void msg_unref(lk_sctp_t *s, out_msg_t *m)
{
    if (--m->refs == 0) {
        sctp_free(s, m);
    }
}

/* Buffered-amount bookkeeping when user bytes leave the "unsent" state. */
static void buffered_sub(lk_sctp_t *s, out_msg_t *m, size_t n)
{
    stream_t *st;
    s->queued_bytes -= n;
    if (m->control) {
        return;
    }
    st = stream_find(s, m->sid);
    if (st == NULL) {
        return;
    }
    if (n > st->buffered) {
        n = st->buffered;
    }
    if (st->buffered > st->low_threshold && st->buffered - n <= st->low_threshold) {
        st->buffered -= n;
        ev_push(s, LK_SCTP_EV_CHANNEL_BUFFERED_LOW, st->sid, 0);
    } else {
        st->buffered -= n;
    }
}

/* Removes the head of the send queue (fully cut into chunks, or abandoned). */
static void queue_pop_head(lk_sctp_t *s)
{
    out_msg_t *m = s->q_head;
    stream_t *st;
    if (s->q_unstamped == m) {
        s->q_unstamped = m->next;
    }
    s->q_head = m->next;
    if (s->q_head == NULL) {
        s->q_tail = NULL;
    }
    m->next = NULL;
    st = stream_find(s, m->sid);
    if (st != NULL && st->queued_msgs > 0) {
        st->queued_msgs--;
    }
    msg_unref(s, m);
}

static void rec_leave_flight(lk_sctp_t *s, tx_rec_t *r)
{
    if (r->in_flight) {
        r->in_flight = 0;
        s->flight -= r->len;
    }
}

/* RFC 3758 3.5 A1-A3 style abandonment of a whole message: every chunk of it that is still in
 * the ring is marked abandoned, the unsent rest is dropped from the queue. */
static void abandon_msg(lk_sctp_t *s, out_msg_t *m)
{
    uint32_t t;
    if (m->abandoned) {
        return;
    }
    m->abandoned = 1;
    /* The fragments of a message have consecutive TSNs from first_tsn on (RFC 9260 6.9). */
    t = m->started && tsn_lt(s->cum_ack, m->first_tsn) ? m->first_tsn : s->cum_ack + 1;
    for (; m->started && t != s->next_tsn; t++) {
        tx_rec_t *r = ring_at(s, t);
        if (r->msg != m) {
            break;
        }
        if (!r->abandoned) {
            r->abandoned = 1;
            s->stats.chunks_abandoned++;
            rec_leave_flight(s, r);
            if (r->rtx) {
                r->rtx = 0;
                s->rtx_count--;
            }
            if (!r->acked) {
                s->outstanding_bytes -= r->len;
            }
        }
    }
    if (m->sent_off < m->len) {
        buffered_sub(s, m, m->len - m->sent_off);
        m->sent_off = m->len;
        if (s->q_head == m) {
            queue_pop_head(s);
        }
    }
    s->fwd_tsn_pending = 1;
}

/* PR-SCTP policy check when a chunk would be retransmitted: 1 when it was abandoned instead. */
static int pr_should_abandon(lk_sctp_t *s, tx_rec_t *r)
{
    out_msg_t *m = r->msg;
    if (!s->peer_prsctp) {
        return 0;
    }
    if (m->max_rtx >= 0 && (int32_t)r->tx_count > m->max_rtx) {
        return 1;
    }
    if (m->expire_ms != 0 && s->now >= m->expire_ms) {
        return 1;
    }
    return 0;
}

static void mark_rtx(lk_sctp_t *s, tx_rec_t *r)
{
    if (r->acked || r->abandoned || r->rtx) {
        return;
    }
    if (pr_should_abandon(s, r)) {
        abandon_msg(s, r->msg);
        return;
    }
    r->rtx = 1;
    s->rtx_count++;
    rec_leave_flight(s, r);
    if (s->rtt_active && s->rtt_tsn == r->tsn) {
        s->rtt_active = 0; /* Karn: no RTT from a retransmitted chunk */
    }
}

/* Frees ring records up to and including the new cumulative ack. */
static void ring_advance(lk_sctp_t *s, uint32_t cum, size_t *bytes_acked)
{
    while (tsn_lt(s->cum_ack, cum)) {
        uint32_t t = s->cum_ack + 1;
        tx_rec_t *r = ring_at(s, t);
        if (r->msg != NULL) {
            if (!r->acked && !r->abandoned) {
                *bytes_acked += r->len;
                s->outstanding_bytes -= r->len;
                if (s->rtt_active && s->rtt_tsn == t && r->tx_count == 1) {
                    rto_update(s, (uint32_t)(s->now - r->sent_ms));
                    s->rtt_active = 0;
                }
            }
            rec_leave_flight(s, r);
            if (r->rtx) {
                r->rtx = 0;
                s->rtx_count--;
            }
            msg_unref(s, r->msg);
            memset(r, 0, sizeof(*r));
        }
        s->cum_ack = t;
    }
    if (s->rtt_active && tsn_le(s->rtt_tsn, s->cum_ack)) {
        s->rtt_active = 0;
    }
}

static void t3_restart(lk_sctp_t *s)
{
    if (ring_count(s) > 0) {
        s->t3_at = s->now + s->rto;
    } else {
        s->t3_at = 0;
    }
}

/* ---- Packet writer ---- */

typedef struct pkt_w {
    uint8_t *buf;
    size_t cap, len;
} pkt_w_t;

static void pkt_begin(lk_sctp_t *s, pkt_w_t *w, uint8_t *buf, size_t cap, uint32_t vtag)
{
    w->buf = buf;
    w->cap = cap < s->cfg.mtu ? cap : s->cfg.mtu;
    w->len = COMMON_HEADER_LEN;
    wr16(buf, s->cfg.local_port);
    wr16(buf + 2, s->cfg.remote_port);
    wr32(buf + 4, vtag);
    wr32(buf + 8, 0);
}

static size_t pkt_room(const pkt_w_t *w) { return w->cap - w->len; }

/* Appends a chunk header and returns a pointer to its value area (vlen bytes, zero padding
 * added), or NULL when it does not fit. */
static uint8_t *pkt_chunk(pkt_w_t *w, uint8_t type, uint8_t flags, size_t vlen)
{
    size_t total = CHUNK_HEADER_LEN + vlen, padded = pad4(total);
    uint8_t *c;
    if (padded > pkt_room(w) || total > 0xffff) {
        return NULL;
    }
    c = w->buf + w->len;
    c[0] = type;
    c[1] = flags;
    wr16(c + 2, (uint16_t)total);
    if (padded > total) {
        memset(c + total, 0, padded - total);
    }
    w->len += padded;
    return c + CHUNK_HEADER_LEN;
}

static int pkt_finish(lk_sctp_t *s, pkt_w_t *w)
{
    uint32_t crc;
    if (w->len <= COMMON_HEADER_LEN) {
        return 0;
    }
    crc = lk_crc32c(w->buf, w->len);
    /* RFC 9260 appendix A: the CRC32c is placed in the checksum field least significant byte
     * first (the reflected CRC in network transmission order). */
    w->buf[8] = (uint8_t)crc;
    w->buf[9] = (uint8_t)(crc >> 8);
    w->buf[10] = (uint8_t)(crc >> 16);
    w->buf[11] = (uint8_t)(crc >> 24);
    s->stats.packets_sent++;
    return (int)w->len;
}

/* ---- Receiver ---- */

static uint32_t rwnd_now(const lk_sctp_t *s)
{
    size_t used = s->rx_bytes + s->ev_bytes;
    return used >= s->cfg.receive_window ? 0 : (uint32_t)(s->cfg.receive_window - used);
}

/* 1 when tsn was already received (at or below the cumulative TSN or inside a range). */
static int rx_seen(const lk_sctp_t *s, uint32_t tsn)
{
    int i;
    if (tsn_le(tsn, s->rx_cum)) {
        return 1;
    }
    for (i = 0; i < s->rng_n; i++) {
        if (tsn_le(s->rng_start[i], tsn) && tsn_le(tsn, s->rng_end[i])) {
            return 1;
        }
    }
    return 0;
}

/* Folds ranges that now touch the cumulative TSN into it. */
static void rx_ranges_fold(lk_sctp_t *s)
{
    while (s->rng_n > 0 && tsn_le(s->rng_start[0], s->rx_cum + 1)) {
        if (tsn_lt(s->rx_cum, s->rng_end[0])) {
            s->rx_cum = s->rng_end[0];
        }
        memmove(&s->rng_start[0], &s->rng_start[1], sizeof(uint32_t) * (size_t)(s->rng_n - 1));
        memmove(&s->rng_end[0], &s->rng_end[1], sizeof(uint32_t) * (size_t)(s->rng_n - 1));
        s->rng_n--;
    }
}

/* Records tsn (not seen before). Returns 0, or LK_ERR_QUEUE_FULL when it would need a range
 * beyond MAX_RX_RANGES (the chunk is then dropped unacknowledged). */
static int rx_mark(lk_sctp_t *s, uint32_t tsn)
{
    int i, pos;
    if (tsn == s->rx_cum + 1) {
        s->rx_cum = tsn;
        rx_ranges_fold(s);
        return 0;
    }
    for (pos = 0; pos < s->rng_n && tsn_lt(s->rng_end[pos], tsn); pos++) {
    }
    /* tsn lies before range pos (or after all ranges). */
    if (pos < s->rng_n && s->rng_start[pos] == tsn + 1) {
        s->rng_start[pos] = tsn;
        if (pos > 0 && s->rng_end[pos - 1] + 1 == tsn) {
            s->rng_start[pos] = s->rng_start[pos - 1];
            memmove(&s->rng_start[pos - 1], &s->rng_start[pos], sizeof(uint32_t) * (size_t)(s->rng_n - pos));
            memmove(&s->rng_end[pos - 1], &s->rng_end[pos], sizeof(uint32_t) * (size_t)(s->rng_n - pos));
            s->rng_n--;
        }
        return 0;
    }
    if (pos > 0 && s->rng_end[pos - 1] + 1 == tsn) {
        s->rng_end[pos - 1] = tsn;
        return 0;
    }
    if (s->rng_n >= MAX_RX_RANGES) {
        return LK_ERR_QUEUE_FULL;
    }
    for (i = s->rng_n; i > pos; i--) {
        s->rng_start[i] = s->rng_start[i - 1];
        s->rng_end[i] = s->rng_end[i - 1];
    }
    s->rng_start[pos] = tsn;
    s->rng_end[pos] = tsn;
    s->rng_n++;
    return 0;
}

static void rx_unlink(lk_sctp_t *s, rx_chunk_t *c)
{
    if (c->prev != NULL) {
        c->prev->next = c->next;
    } else {
        s->rx_head = c->next;
    }
    if (c->next != NULL) {
        c->next->prev = c->prev;
    } else {
        s->rx_tail = c->prev;
    }
    s->rx_bytes -= c->len;
}

static void rx_insert(lk_sctp_t *s, rx_chunk_t *c)
{
    rx_chunk_t *p = s->rx_tail;
    while (p != NULL && tsn_lt(c->tsn, p->tsn)) {
        p = p->prev;
    }
    c->prev = p;
    c->next = p != NULL ? p->next : s->rx_head;
    if (c->next != NULL) {
        c->next->prev = c;
    } else {
        s->rx_tail = c;
    }
    if (p != NULL) {
        p->next = c;
    } else {
        s->rx_head = c;
    }
    s->rx_bytes += c->len;
}

static void handle_user_message(lk_sctp_t *s, uint16_t sid, uint32_t ppid, const uint8_t *data, size_t len);
static void handle_dcep(lk_sctp_t *s, uint16_t sid, const uint8_t *data, size_t len);

/* Checks whether the message starting at chunk b (flag B) is complete: consecutive TSNs, same
 * stream, up to a chunk with flag E. Returns the last chunk or NULL; *total gets its size. */
static rx_chunk_t *rx_complete(rx_chunk_t *b, size_t *total)
{
    rx_chunk_t *c = b;
    size_t sum = 0;
    for (;;) {
        sum += c->len;
        if (c->flags & DATA_FLAG_E) {
            *total = sum;
            return c;
        }
        if (c->next == NULL || c->next->tsn != c->tsn + 1 || c->next->sid != b->sid ||
            (c->next->flags & DATA_FLAG_B) != 0) {
            return NULL;
        }
        c = c->next;
    }
}

/* Delivers the message b..e (removing its chunks). */
static void rx_deliver(lk_sctp_t *s, rx_chunk_t *b, rx_chunk_t *e, size_t total)
{
    uint16_t sid = b->sid;
    uint32_t ppid = e->ppid;
    uint8_t *buf = NULL;
    size_t off = 0;
    rx_chunk_t *c = b, *next;
    if (total > s->cfg.max_message_size) {
        terminate(s, LK_ERR_TOO_LARGE);
        s->abort_pending = 1;
        return;
    }
    if (b == e) {
        /* single chunk: no copy needed before the event copy */
        rx_unlink(s, b);
        if (ppid == LK_PPID_DCEP) {
            handle_dcep(s, sid, b->data, b->len);
        } else {
            handle_user_message(s, sid, ppid, b->data, b->len);
        }
        sctp_free(s, b);
        return;
    }
    buf = (uint8_t *)sctp_alloc(s, total);
    for (;;) {
        next = c->next;
        if (buf != NULL) {
            memcpy(buf + off, c->data, c->len);
        }
        off += c->len;
        rx_unlink(s, c);
        sctp_free(s, c);
        if (c == e) {
            break;
        }
        c = next;
    }
    if (buf == NULL) {
        terminate(s, LK_ERR_NO_MEMORY);
        s->abort_pending = 1;
        return;
    }
    if (ppid == LK_PPID_DCEP) {
        handle_dcep(s, sid, buf, total);
    } else {
        handle_user_message(s, sid, ppid, buf, total);
    }
    sctp_free(s, buf);
}

/* Ordered delivery on one stream: deliver every complete message with the expected SSN. */
static void rx_try_ordered(lk_sctp_t *s, uint16_t sid)
{
    for (;;) {
        stream_t *st = stream_find(s, sid);
        rx_chunk_t *c, *e = NULL;
        size_t total = 0;
        if (st == NULL || s->st == ST_TERMINATED) {
            return;
        }
        for (c = s->rx_head; c != NULL; c = c->next) {
            if (c->sid == sid && !(c->flags & DATA_FLAG_U) && c->ssn == st->in_ssn && (c->flags & DATA_FLAG_B)) {
                break;
            }
        }
        if (c == NULL) {
            return;
        }
        e = rx_complete(c, &total);
        if (e == NULL) {
            return;
        }
        st->in_ssn++;
        rx_deliver(s, c, e, total);
    }
}

/* Unordered delivery of the message that chunk c belongs to, when it is complete. */
static void rx_try_unordered(lk_sctp_t *s, rx_chunk_t *c)
{
    rx_chunk_t *b = c, *e;
    size_t total = 0;
    while (!(b->flags & DATA_FLAG_B)) {
        if (b->prev == NULL || b->prev->tsn + 1 != b->tsn || b->prev->sid != b->sid ||
            !(b->prev->flags & DATA_FLAG_U) || (b->prev->flags & DATA_FLAG_E)) {
            return;
        }
        b = b->prev;
    }
    e = rx_complete(b, &total);
    if (e != NULL) {
        rx_deliver(s, b, e, total);
    }
}

static void on_data(lk_sctp_t *s, uint8_t flags, const uint8_t *v, size_t vlen, int *got_data)
{
    uint32_t tsn, ppid;
    uint16_t sid, ssn;
    size_t len;
    rx_chunk_t *c;
    stream_t *st;
    if (vlen < DATA_HEADER_LEN - CHUNK_HEADER_LEN + 1) {
        return; /* RFC 9260 6.2: a DATA chunk without user data is a protocol violation: drop */
    }
    tsn = rd32(v);
    sid = rd16(v + 4);
    ssn = rd16(v + 6);
    ppid = rd32(v + 8);
    len = vlen - 12;
    *got_data = 1;
    s->stats.data_chunks_received++;
    if (flags & DATA_FLAG_I) {
        s->sack_now = 1;
    }
    if (rx_seen(s, tsn)) {
        s->stats.duplicate_tsns_received++;
        if (s->dups_n < MAX_DUP_REPORT) {
            s->dups[s->dups_n++] = tsn;
        }
        s->sack_now = 1; /* RFC 9260 6.2: "the endpoint MUST immediately send a SACK" on dups */
        return;
    }
    /* RFC 9260 6.2: "when ... receive buffer is full, drop" - keep the chunk that fills the
     * hole at the cumulative TSN so that the window always drains. */
    if (len > rwnd_now(s) && tsn != s->rx_cum + 1) {
        return;
    }
    /* Beyond any window we could advertise: drop. */
    if ((uint32_t)(tsn - s->rx_cum) > 0x40000u) {
        return;
    }
    /* Hard bound on what one association buffers: the window plus one message in reassembly
     * (the hole-filling exception above cannot grow a never-ending message without limit). */
    if (s->rx_bytes + s->ev_bytes + len > (size_t)s->cfg.receive_window + s->cfg.max_message_size) {
        return;
    }
    st = stream_get(s, sid);
    if (st == NULL) {
        return;
    }
    c = (rx_chunk_t *)sctp_alloc(s, sizeof(rx_chunk_t) + len);
    if (c == NULL) {
        return;
    }
    if (rx_mark(s, tsn) != 0) {
        sctp_free(s, c);
        return;
    }
    if (s->rng_n > 0) {
        s->sack_now = 1; /* RFC 9260 6.7: gaps are reported immediately */
    }
    c->tsn = tsn;
    c->sid = sid;
    c->ssn = ssn;
    c->ppid = ppid;
    c->flags = flags;
    c->len = (uint16_t)len;
    memcpy(c->data, v + 12, len);
    rx_insert(s, c);
    if (flags & DATA_FLAG_U) {
        rx_try_unordered(s, c);
    } else if (ssn == st->in_ssn) {
        rx_try_ordered(s, sid);
    }
}

/* ---- Data channel messages ---- */

static void handle_user_message(lk_sctp_t *s, uint16_t sid, uint32_t ppid, const uint8_t *data, size_t len)
{
    stream_t *st = stream_find(s, sid);
    ev_node_t *n;
    int binary;
    if (st == NULL || st->state == CH_NONE) {
        return; /* no channel on this stream: nothing to deliver it to */
    }
    if (st->state == CH_OPENING) {
        /* RFC 8832 6: user data before the ACK means the peer has the channel: it is open. */
        st->state = CH_OPEN;
        st->acked = 1;
        ev_channel_open(s, st);
    }
    switch (ppid) {
    case LK_PPID_STRING: binary = 0; break;
    case LK_PPID_BINARY: binary = 1; break;
    case LK_PPID_STRING_EMPTY: binary = 0; len = 0; break;
    case LK_PPID_BINARY_EMPTY: binary = 1; len = 0; break;
    case 52: binary = 1; break; /* deprecated "binary partial" */
    case 54: binary = 0; break; /* deprecated "string partial" */
    default: return;
    }
    n = ev_push(s, LK_SCTP_EV_CHANNEL_MESSAGE, sid, len);
    if (n == NULL) {
        return;
    }
    if (len > 0) {
        memcpy(n->data, data, len);
    }
    n->data_len = len;
    n->ev.binary = binary;
    n->ev.len = len;
    s->ev_bytes += len;
}

static int enqueue_msg(lk_sctp_t *s, stream_t *st, uint32_t ppid, const uint8_t *data, size_t len, int control);

static void handle_dcep(lk_sctp_t *s, uint16_t sid, const uint8_t *data, size_t len)
{
    int type = lk_dcep_message_type(data, len);
    stream_t *st = stream_find(s, sid);
    if (type == LK_DCEP_MSG_OPEN) {
        lk_dcep_open_t o;
        uint8_t ack[1];
        if (lk_dcep_parse_open(data, len, &o) != 0 || st == NULL) {
            return;
        }
        if (st->state != CH_NONE) {
            return; /* a second OPEN on a live stream: ignore */
        }
        st->label = sctp_strndup(s, o.label, o.label_len);
        st->protocol = sctp_strndup(s, o.protocol, o.protocol_len);
        if (st->label == NULL || st->protocol == NULL) {
            return;
        }
        st->state = CH_OPEN;
        st->remote = 1;
        st->acked = 1;
        st->ordered = (o.channel_type & LK_DCEP_UNORDERED_BIT) ? 0 : 1;
        switch (o.channel_type & (uint8_t)~LK_DCEP_UNORDERED_BIT) {
        case LK_DCEP_CHANNEL_PARTIAL_RELIABLE_REXMIT: st->type = LK_SCTP_PARTIAL_REXMIT; break;
        case LK_DCEP_CHANNEL_PARTIAL_RELIABLE_TIMED: st->type = LK_SCTP_PARTIAL_TIMED; break;
        default: st->type = LK_SCTP_RELIABLE; break;
        }
        st->reliability = st->type == LK_SCTP_RELIABLE ? 0 : o.reliability;
        st->priority = o.priority;
        lk_dcep_encode_ack(ack, sizeof(ack));
        enqueue_msg(s, st, LK_PPID_DCEP, ack, 1, 1);
        ev_channel_open(s, st);
    } else if (type == LK_DCEP_MSG_ACK) {
        if (st != NULL && st->state == CH_OPENING) {
            st->state = CH_OPEN;
            st->acked = 1;
            ev_channel_open(s, st);
        } else if (st != NULL) {
            st->acked = 1;
        }
    }
}

/* ---- Sender: enqueue ---- */

static int enqueue_msg(lk_sctp_t *s, stream_t *st, uint32_t ppid, const uint8_t *data, size_t len, int control)
{
    size_t wire = len == 0 ? 1 : len;
    out_msg_t *m = (out_msg_t *)sctp_alloc(s, sizeof(out_msg_t) + wire);
    if (m == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    memset(m, 0, sizeof(*m));
    m->len = (uint32_t)wire;
    m->ppid = ppid;
    m->sid = st->sid;
    m->refs = 1;
    m->control = (uint8_t)control;
    m->max_rtx = -1;
    if (len == 0) {
        m->data[0] = 0; /* RFC 8831 6.6: an empty message is sent as one byte with PPID 56/57 */
    } else {
        memcpy(m->data, data, len);
    }
    if (control) {
        m->unordered = 0; /* RFC 8832 6: DCEP messages are sent reliable and ordered */
    } else {
        /* RFC 8832 6: until the ACK arrives, messages are sent ordered. */
        m->unordered = (uint8_t)(!st->ordered && st->acked);
        if (st->type == LK_SCTP_PARTIAL_REXMIT) {
            m->max_rtx = (int32_t)st->reliability;
        } else if (st->type == LK_SCTP_PARTIAL_TIMED) {
            m->timed = 1;
            m->life_ms = st->reliability;
            if (s->q_unstamped == NULL) {
                s->q_unstamped = m;
            }
        }
        st->buffered += wire;
    }
    s->queued_bytes += wire;
    st->queued_msgs++;
    if (s->q_tail != NULL) {
        s->q_tail->next = m;
    } else {
        s->q_head = m;
    }
    s->q_tail = m;
    return 0;
}

/* ---- Stream reset (RFC 6525) ---- */

static void reset_performed_in(lk_sctp_t *s, stream_t *st)
{
    st->in_ssn = 0;
    st->in_reset = 1;
    if (st->state != CH_NONE && st->out_reset == 0) {
        /* RFC 8831 6.7: "the other side ... resets the corresponding outgoing stream". */
        st->state = CH_CLOSING;
        st->out_reset = 1;
    }
    if (st->state == CH_NONE && st->out_reset == 0) {
        st->out_reset = 3; /* no channel of ours on it: nothing to reset outgoing */
    }
}

static void queue_resp(lk_sctp_t *s, uint32_t seq, uint32_t result)
{
    if (s->resps_n < MAX_RECONF_RESPONSES) {
        s->resps[s->resps_n].seq = seq;
        s->resps[s->resps_n].result = result;
        s->resps_n++;
    }
}

/* Performs an incoming reset of sids[0..n) (n == 0: every stream), RFC 6525 5.2.2 E3. */
static void perform_in_reset(lk_sctp_t *s, const uint16_t *sids, int n)
{
    int k;
    if (n == 0) {
        for (k = s->n_streams - 1; k >= 0; k--) {
            reset_performed_in(s, &s->streams[k]);
        }
    } else {
        for (k = 0; k < n; k++) {
            stream_t *st = stream_get(s, sids[k]);
            if (st != NULL) {
                reset_performed_in(s, st);
            }
        }
    }
    for (k = s->n_streams - 1; k >= 0; k--) {
        stream_maybe_closed(s, &s->streams[k]);
    }
}

static void on_out_reset_req(lk_sctp_t *s, const uint8_t *p, size_t plen)
{
    uint32_t seq, last_tsn;
    size_t n, i;
    if (plen < 16) {
        return;
    }
    seq = rd32(p + 4);
    last_tsn = rd32(p + 12);
    n = (plen - 16) / 2;
    if (seq == s->peer_reconf_seq - 1 && s->in_req_valid) {
        /* RFC 6525 5.2.2 E1: a retransmission gets the same answer - unless it was deferred and
         * everything up to its last TSN has arrived since: then it is performed now. */
        if (s->in_req_result == RECONF_IN_PROGRESS && tsn_le(s->in_req_last_tsn, s->rx_cum)) {
            perform_in_reset(s, s->in_req_sids, s->in_req_n);
            s->in_req_result = RECONF_SUCCESS_PERFORMED;
        }
        queue_resp(s, seq, s->in_req_result);
        return;
    }
    if (seq != s->peer_reconf_seq) {
        queue_resp(s, seq, RECONF_BAD_SEQ);
        return;
    }
    /* A new request consumes its sequence number whatever the result: a sender told "in
     * progress" asks again with the next number (libwebrtc does), or repeats this one. */
    s->peer_reconf_seq++;
    s->in_req_valid = 1;
    s->in_req_last_tsn = last_tsn;
    s->in_req_n = 0;
    for (i = 0; i < n && i < MAX_RESET_STREAMS; i++) {
        s->in_req_sids[s->in_req_n++] = rd16(p + 16 + 2 * i);
    }
    /* RFC 6525 5.2.2 E2: "If the Sender's Last Assigned TSN is greater than the cumulative
     * acknowledgment point, then the endpoint MUST enter 'deferred reset processing'" - we
     * answer "in progress" and perform it when the request (or its successor) comes again. */
    if (tsn_lt(s->rx_cum, last_tsn)) {
        s->in_req_result = RECONF_IN_PROGRESS;
        queue_resp(s, seq, RECONF_IN_PROGRESS);
        return;
    }
    perform_in_reset(s, s->in_req_sids, s->in_req_n);
    s->in_req_result = RECONF_SUCCESS_PERFORMED;
    queue_resp(s, seq, RECONF_SUCCESS_PERFORMED);
}

static void on_reconf_resp(lk_sctp_t *s, const uint8_t *p, size_t plen)
{
    uint32_t seq, result;
    int i;
    if (plen < 12 || !s->reconf_outstanding) {
        return;
    }
    seq = rd32(p + 4);
    result = rd32(p + 8);
    if (seq != s->reconf_out_seq) {
        return;
    }
    s->reconf_outstanding = 0;
    s->reconf_at = 0;
    if (result == RECONF_IN_PROGRESS) {
        /* RFC 6525 5.1.1: ask again later, as a new request with the next sequence number */
        for (i = 0; i < s->reconf_out_n; i++) {
            stream_t *st = stream_find(s, s->reconf_out_sids[i]);
            if (st != NULL && st->out_reset == 2) {
                st->out_reset = 1;
            }
        }
        s->reconf_at = s->now + s->rto;
        return;
    }
    for (i = 0; i < s->reconf_out_n; i++) {
        stream_t *st = stream_find(s, s->reconf_out_sids[i]);
        if (st != NULL) {
            st->out_ssn = 0;
            st->out_reset = 3; /* done (a denial is treated as final too: nothing more to try) */
        }
    }
    for (i = s->n_streams - 1; i >= 0; i--) {
        stream_maybe_closed(s, &s->streams[i]);
    }
}

static void on_reconfig(lk_sctp_t *s, const uint8_t *v, size_t vlen)
{
    size_t off = 0;
    while (off + 4 <= vlen) {
        uint16_t type = rd16(v + off), plen = rd16(v + off + 2);
        if (plen < 4 || off + plen > vlen) {
            return;
        }
        if (type == PT_OUT_RESET_REQ) {
            on_out_reset_req(s, v + off, plen);
        } else if (type == PT_RECONFIG_RESP) {
            on_reconf_resp(s, v + off, plen);
        } else if (plen >= 8 && type >= PT_IN_RESET_REQ && type <= 18) {
            /* Incoming / SSN-TSN reset and add-streams requests are not supported. */
            queue_resp(s, rd32(v + off + 4), RECONF_DENIED);
        }
        off += pad4(plen);
    }
}

/* Streams whose outgoing side waits for a reset: start a request when none is outstanding. */
static void reconf_schedule(lk_sctp_t *s)
{
    int i;
    if (s->reconf_outstanding || !st_established(s) || !s->peer_reconfig ||
        (s->reconf_at != 0 && s->now < s->reconf_at)) {
        return; /* one request at a time (RFC 6525 5.1.1); after "in progress", wait an RTO */
    }
    s->reconf_at = 0;
    s->reconf_out_n = 0;
    for (i = 0; i < s->n_streams && s->reconf_out_n < MAX_RESET_STREAMS; i++) {
        stream_t *st = &s->streams[i];
        if (st->out_reset == 1 && st->queued_msgs == 0) {
            st->out_reset = 2;
            s->reconf_out_sids[s->reconf_out_n++] = st->sid;
        }
    }
    if (s->reconf_out_n > 0) {
        s->reconf_outstanding = 1;
        s->reconf_out_seq = s->reconf_seq++;
        s->reconf_out_last_tsn = s->next_tsn - 1;
        s->reconf_send = 1;
        s->reconf_at = s->now + s->rto;
    }
}

/* RFC 3758 3.5 C1-C3: advance the Advanced.Peer.Ack.Point over abandoned chunks. Returns 1
 * when it is ahead of the cumulative ack (a FORWARD TSN is owed). */
static int adv_peer_ack_update(lk_sctp_t *s)
{
    uint32_t t;
    if (tsn_lt(s->adv_peer_ack, s->cum_ack)) {
        s->adv_peer_ack = s->cum_ack;
    }
    for (t = s->adv_peer_ack + 1; t != s->next_tsn; t++) {
        tx_rec_t *r = ring_at(s, t);
        if (r->msg == NULL || !r->abandoned) {
            break;
        }
        s->adv_peer_ack = t;
    }
    return tsn_lt(s->cum_ack, s->adv_peer_ack);
}

/* ---- SACK processing (RFC 9260 6.2.1, 7.2) ---- */

static void on_sack(lk_sctp_t *s, const uint8_t *v, size_t vlen)
{
    uint32_t cum, a_rwnd, t, htna = 0;
    uint16_t ngaps;
    size_t bytes_acked = 0, flight_before = s->flight;
    int cum_advanced, i, have_htna = 0, have_prev_end = 0;
    uint32_t prev_end = 0;
    if (vlen < 12 || !st_established(s)) {
        return;
    }
    cum = rd32(v);
    a_rwnd = rd32(v + 4);
    ngaps = rd16(v + 8);
    if ((size_t)12 + (size_t)ngaps * 4 > vlen) {
        return;
    }
    /* RFC 9260 6.2.1 D i): "If Cumulative TSN Ack is less than the Cumulative TSN Ack Point,
     * then drop the SACK"; a cum ack beyond anything sent is bogus too. */
    if (tsn_lt(cum, s->cum_ack) || !tsn_lt(cum, s->next_tsn)) {
        return;
    }
    cum_advanced = tsn_lt(s->cum_ack, cum);
    ring_advance(s, cum, &bytes_acked);
    for (i = 0; i < ngaps; i++) {
        uint32_t gs = cum + rd16(v + 12 + 4 * i), ge = cum + rd16(v + 14 + 4 * i);
        /* RFC 9260 3.3.4: blocks are ascending and do not overlap; anything else, or a block
         * beyond what was sent, is ignored (this also bounds the work per SACK by the ring). */
        if (rd16(v + 12 + 4 * i) == 0 || tsn_lt(ge, gs) || !tsn_lt(ge, s->next_tsn) ||
            (have_prev_end && !tsn_lt(prev_end, gs))) {
            continue;
        }
        prev_end = ge;
        have_prev_end = 1;
        for (t = gs;; t++) {
            tx_rec_t *r = ring_at(s, t);
            if (tsn_lt(s->cum_ack, t) && r->msg != NULL && !r->acked) {
                r->acked = 1;
                if (!r->abandoned) {
                    bytes_acked += r->len;
                    s->outstanding_bytes -= r->len;
                    if (s->rtt_active && s->rtt_tsn == t && r->tx_count == 1) {
                        rto_update(s, (uint32_t)(s->now - r->sent_ms));
                        s->rtt_active = 0;
                    }
                }
                rec_leave_flight(s, r);
                if (r->rtx) {
                    r->rtx = 0;
                    s->rtx_count--;
                }
                if (!have_htna || tsn_lt(htna, t)) {
                    htna = t;
                    have_htna = 1;
                }
            }
            if (t == ge) {
                break;
            }
        }
    }
    if (bytes_acked > 0) {
        s->error_count = 0; /* RFC 9260 8.3: acknowledged data clears the error counter */
    }
    /* The path delivers again: forget the T3 back-off (RFC 9260 6.3.3 E2) now instead of at the
     * next RTT sample, which Karn's rule delays while only retransmissions are in flight; under
     * steady loss the doubling would otherwise compound across unrelated losses. */
    if (cum_advanced && bytes_acked > 0 && s->rto > s->rto_base) {
        s->rto = s->rto_base;
    }
    /* RFC 9260 7.2.4 with HTNA: count a miss for every unacked TSN below the highest TSN newly
     * acknowledged in this SACK. */
    if (have_htna) {
        int entered = 0;
        for (t = s->cum_ack + 1; tsn_lt(t, htna); t++) {
            tx_rec_t *r = ring_at(s, t);
            if (r->msg == NULL || r->acked || r->abandoned || r->rtx || r->fast_done) {
                continue;
            }
            if (++r->miss >= FAST_RTX_MISSES) {
                r->fast_done = 1;
                mark_rtx(s, r);
                if (r->rtx) {
                    s->stats.fast_retransmits++;
                    if (!s->in_fast_recovery && !entered) {
                        /* RFC 9260 7.2.3/7.2.4: ssthresh = max(cwnd/2, 4*MTU), cwnd = ssthresh */
                        s->ssthresh = max_u32(s->cwnd / 2, 4u * s->cfg.mtu);
                        s->cwnd = s->ssthresh;
                        s->pba = 0;
                        s->in_fast_recovery = 1;
                        s->recovery_exit = s->next_tsn - 1;
                        entered = 1;
                    }
                    s->fast_rtx_bypass = 1;
                }
            }
        }
    }
    if (s->in_fast_recovery && tsn_le(s->recovery_exit, s->cum_ack)) {
        s->in_fast_recovery = 0;
    }
    /* RFC 9260 7.2.1 / 7.2.2: cwnd grows only when the cumulative ack advances and the
     * window was fully used, not during fast recovery. */
    if (cum_advanced && !s->in_fast_recovery && bytes_acked > 0) {
        if (s->cwnd <= s->ssthresh) {
            if (flight_before + bytes_acked >= s->cwnd) {
                s->cwnd += min_u32((uint32_t)bytes_acked, s->cfg.mtu);
            }
        } else {
            s->pba += (uint32_t)bytes_acked;
            if (s->pba >= s->cwnd && flight_before + bytes_acked >= s->cwnd) {
                s->pba -= s->cwnd;
                s->cwnd += s->cfg.mtu;
            }
        }
    }
    /* RFC 9260 6.2.1: rwnd = a_rwnd - bytes still outstanding. */
    s->peer_rwnd = a_rwnd > s->outstanding_bytes ? a_rwnd - (uint32_t)s->outstanding_bytes : 0;
    /* RFC 9260 6.3.2 R2/R3: stop T3 when all is acknowledged, restart it when the earliest
     * outstanding TSN is acknowledged. */
    if (ring_count(s) == 0) {
        s->t3_at = 0;
    } else if (cum_advanced) {
        t3_restart(s);
    }
    if (adv_peer_ack_update(s)) {
        s->fwd_tsn_pending = 1;
    }
    reconf_schedule(s);
}

/* ---- Handshake ---- */

static int cookie_mac(const lk_sctp_t *s, const uint8_t *body, uint8_t *mac)
{
    const mbedtls_md_info_t *md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    if (md == NULL) {
        return LK_ERR_CRYPTO;
    }
    return mbedtls_md_hmac(md, s->cookie_key, sizeof(s->cookie_key), body, COOKIE_BODY_LEN, mac) == 0 ? 0
                                                                                                       : LK_ERR_CRYPTO;
}

static int ct_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint8_t d = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        d |= (uint8_t)(a[i] ^ b[i]);
    }
    return d == 0;
}

/* Parses the INIT/INIT-ACK parameters we care about. Returns 0 or LK_ERR_MALFORMED. */
static int parse_init_params(const uint8_t *p, size_t len, int *prsctp, int *reconfig, const uint8_t **cookie,
                             size_t *cookie_len)
{
    size_t off = 0;
    *prsctp = 0;
    *reconfig = 0;
    if (cookie != NULL) {
        *cookie = NULL;
        *cookie_len = 0;
    }
    while (off + 4 <= len) {
        uint16_t type = rd16(p + off), plen = rd16(p + off + 2);
        size_t i;
        if (plen < 4 || off + plen > len) {
            return LK_ERR_MALFORMED;
        }
        if (type == PT_FORWARD_TSN_SUPPORTED) {
            *prsctp = 1;
        } else if (type == PT_SUPPORTED_EXT) {
            for (i = 4; i < plen; i++) {
                if (p[off + i] == CT_FORWARD_TSN) {
                    *prsctp = 1;
                } else if (p[off + i] == CT_RECONFIG) {
                    *reconfig = 1;
                }
            }
        } else if (type == PT_STATE_COOKIE && cookie != NULL) {
            *cookie = p + off + 4;
            *cookie_len = plen - 4u;
        }
        off += pad4(plen);
    }
    return 0;
}

static void enter_established(lk_sctp_t *s, uint32_t peer_itsn, uint32_t peer_rwnd)
{
    s->st = ST_ESTABLISHED;
    sctp_free(s, s->cookie);
    s->cookie = NULL;
    s->cookie_len = 0;
    s->t1_at = 0;
    s->init_pending = s->cookie_echo_pending = 0;
    s->peer_itsn = peer_itsn;
    s->rx_cum = peer_itsn - 1;
    s->peer_reconf_seq = peer_itsn;
    s->peer_rwnd = peer_rwnd;
    /* RFC 9260 7.2.1: "The initial cwnd before data transmission MUST be set to
     * min(4 * MTU, max(2 * MTU, 4404 bytes))"; "The initial value of ssthresh SHOULD be
     * arbitrarily high (e.g., the size of the largest possible advertised window)". */
    s->cwnd = min_u32(4u * s->cfg.mtu, max_u32(2u * s->cfg.mtu, 4404u));
    s->ssthresh = peer_rwnd;
    s->error_count = 0;
    hb_restart(s);
    ev_push(s, LK_SCTP_EV_CONNECTED, 0, 0);
}

static void on_init(lk_sctp_t *s, const uint8_t *v, size_t vlen)
{
    int prsctp, reconfig;
    if (vlen < INIT_FIXED_LEN || s->st == ST_TERMINATED) {
        return;
    }
    if (rd32(v) == 0 || rd16(v + 8) == 0 || rd16(v + 10) == 0) {
        return; /* RFC 9260 3.3.2: zero initiate tag or stream counts are invalid */
    }
    if (parse_init_params(v + INIT_FIXED_LEN, vlen - INIT_FIXED_LEN, &prsctp, &reconfig, NULL, NULL) != 0) {
        return;
    }
    if (st_established(s) && rd32(v) != s->peer_tag) {
        return; /* a restart of the peer: not supported, the old association stays */
    }
    /* RFC 9260 5.2.1: in COOKIE-WAIT / COOKIE-ECHOED the INIT ACK carries the same initiate
     * tag as our own INIT; we use one local tag for the life of the association object. */
    s->ia_peer_tag = rd32(v);
    s->ia_peer_rwnd = rd32(v + 4);
    s->ia_peer_os = rd16(v + 8);
    s->ia_peer_mis = rd16(v + 10);
    s->ia_peer_itsn = rd32(v + 12);
    s->ia_caps = (uint8_t)((prsctp ? 1 : 0) | (reconfig ? 2 : 0));
    s->init_ack_pending = 1;
}

static void on_init_ack(lk_sctp_t *s, const uint8_t *v, size_t vlen)
{
    int prsctp, reconfig;
    const uint8_t *cookie;
    size_t cookie_len;
    if (s->st != ST_COOKIE_WAIT || vlen < INIT_FIXED_LEN || rd32(v) == 0) {
        return;
    }
    if (parse_init_params(v + INIT_FIXED_LEN, vlen - INIT_FIXED_LEN, &prsctp, &reconfig, &cookie, &cookie_len) != 0 ||
        cookie == NULL || cookie_len == 0 || cookie_len > MAX_COOKIE) {
        return;
    }
    s->cookie = (uint8_t *)sctp_alloc(s, cookie_len);
    if (s->cookie == NULL) {
        return;
    }
    memcpy(s->cookie, cookie, cookie_len);
    s->cookie_len = cookie_len;
    s->peer_tag = rd32(v);
    s->ia_peer_rwnd = rd32(v + 4);
    s->peer_os = rd16(v + 8);
    s->peer_mis = rd16(v + 10);
    s->ia_peer_itsn = rd32(v + 12);
    s->peer_prsctp = prsctp;
    s->peer_reconfig = reconfig;
    s->st = ST_COOKIE_ECHOED;
    s->cookie_echo_pending = 1;
    /* RFC 9260 5.1 C: "start the T1-cookie timer"; it uses the current RTO. */
    s->t1_count = 0;
    s->t1_rto = s->rto;
    s->t1_at = s->now + s->t1_rto;
}

static void on_cookie_echo(lk_sctp_t *s, const uint8_t *v, size_t vlen)
{
    uint8_t mac[COOKIE_MAC_LEN];
    uint64_t created;
    uint32_t peer_tag;
    if (vlen != COOKIE_LEN || rd32(v) != COOKIE_MAGIC || s->st == ST_TERMINATED) {
        return;
    }
    if (cookie_mac(s, v, mac) != 0 || !ct_equal(mac, v + COOKIE_BODY_LEN, COOKIE_MAC_LEN)) {
        return; /* RFC 9260 5.1.5 3): the MAC does not match: discard silently */
    }
    created = rd64(v + 4);
    /* RFC 9260 5.1.5 4): "Compare the port numbers and the Verification Tag ... and
     * (5) if the State Cookie is older than Valid.Cookie.Life, report Stale Cookie" - drop. */
    if (created > s->now + 1000 || s->now - created > VALID_COOKIE_LIFE_MS) {
        return;
    }
    if (rd32(v + 12) != s->local_tag) {
        return;
    }
    peer_tag = rd32(v + 16);
    if (st_established(s)) {
        if (peer_tag == s->peer_tag) {
            s->cookie_ack_pending = 1; /* our COOKIE-ACK was lost: send it again */
        }
        return;
    }
    if (s->st == ST_COOKIE_ECHOED && peer_tag != s->peer_tag) {
        return;
    }
    s->peer_tag = peer_tag;
    s->peer_os = rd16(v + 32);
    s->peer_mis = rd16(v + 34);
    s->peer_prsctp = (v[36] & 1) != 0;
    s->peer_reconfig = (v[36] & 2) != 0;
    s->cookie_ack_pending = 1;
    enter_established(s, rd32(v + 24), rd32(v + 28));
}

static void on_cookie_ack(lk_sctp_t *s)
{
    if (s->st == ST_COOKIE_ECHOED) {
        enter_established(s, s->ia_peer_itsn, s->ia_peer_rwnd);
    }
}

/* ---- Shutdown ---- */

static int all_sent_and_acked(const lk_sctp_t *s)
{
    return s->q_head == NULL && ring_count(s) == 0;
}

static void shutdown_progress(lk_sctp_t *s)
{
    if (s->st == ST_SHUTDOWN_PENDING && all_sent_and_acked(s)) {
        s->st = ST_SHUTDOWN_SENT;
        s->shutdown_pending = 1;
        s->t2_count = 0;
        s->t2_at = s->now + s->rto; /* RFC 9260 9.2: "start the T2-shutdown timer" */
    } else if (s->st == ST_SHUTDOWN_RECEIVED && all_sent_and_acked(s)) {
        s->st = ST_SHUTDOWN_ACK_SENT;
        s->shutdown_ack_pending = 1;
        s->t2_count = 0;
        s->t2_at = s->now + s->rto;
    }
}

static void on_shutdown(lk_sctp_t *s, const uint8_t *v, size_t vlen)
{
    size_t acked = 0;
    uint32_t cum;
    if (vlen < 4 || !st_established(s)) {
        return;
    }
    cum = rd32(v);
    if (tsn_lt(s->cum_ack, cum) && tsn_lt(cum, s->next_tsn)) {
        ring_advance(s, cum, &acked);
        t3_restart(s);
    }
    if (s->st == ST_ESTABLISHED || s->st == ST_SHUTDOWN_PENDING) {
        s->st = ST_SHUTDOWN_RECEIVED;
    } else if (s->st == ST_SHUTDOWN_SENT) {
        /* RFC 9260 9.2: both sides sent SHUTDOWN: answer with SHUTDOWN-ACK. */
        s->st = ST_SHUTDOWN_ACK_SENT;
        s->shutdown_ack_pending = 1;
        s->t2_count = 0;
        s->t2_at = s->now + s->rto;
        return;
    }
    shutdown_progress(s);
}

/* ---- Input ---- */

static void on_heartbeat(lk_sctp_t *s, const uint8_t *v, size_t vlen)
{
    if (!st_established(s) || vlen > MAX_HB_INFO) {
        return;
    }
    memcpy(s->hb_info, v, vlen);
    s->hb_info_len = vlen;
    s->hb_ack_pending = 1;
}

static void on_heartbeat_ack(lk_sctp_t *s, const uint8_t *v, size_t vlen)
{
    uint64_t sent;
    if (vlen < 4 + 16 || rd16(v) != PT_HEARTBEAT_INFO || rd16(v + 2) != 20) {
        return;
    }
    sent = rd64(v + 4);
    if (rd64(v + 12) != ((uint64_t)s->local_tag << 32 | s->peer_tag) || sent > s->now) {
        return;
    }
    s->hb_outstanding = 0;
    s->error_count = 0;
    rto_update(s, (uint32_t)(s->now - sent)); /* RFC 9260 8.3: HEARTBEAT ACK updates the RTT */
}

static void on_forward_tsn(lk_sctp_t *s, const uint8_t *v, size_t vlen)
{
    uint32_t ncum;
    size_t i, n;
    rx_chunk_t *c, *next;
    if (vlen < 4 || !st_established(s)) {
        return;
    }
    ncum = rd32(v);
    s->sack_now = 1;
    if (tsn_le(ncum, s->rx_cum) || (uint32_t)(ncum - s->rx_cum) > 0x40000u) {
        return;
    }
    /* RFC 3758 3.6: "update its cumulative TSN point to the value carried in the FORWARD TSN
     * chunk", drop the ranges below it and any partial data at or below it. */
    s->rx_cum = ncum;
    while (s->rng_n > 0 && tsn_le(s->rng_end[0], ncum)) {
        memmove(&s->rng_start[0], &s->rng_start[1], sizeof(uint32_t) * (size_t)(s->rng_n - 1));
        memmove(&s->rng_end[0], &s->rng_end[1], sizeof(uint32_t) * (size_t)(s->rng_n - 1));
        s->rng_n--;
    }
    rx_ranges_fold(s);
    for (c = s->rx_head; c != NULL; c = next) {
        next = c->next;
        if (tsn_le(c->tsn, ncum)) {
            rx_unlink(s, c);
            sctp_free(s, c);
        }
    }
    n = (vlen - 4) / 4;
    for (i = 0; i < n; i++) {
        uint16_t sid = rd16(v + 4 + 4 * i), ssn = rd16(v + 6 + 4 * i);
        stream_t *st = stream_find(s, sid);
        if (st != NULL && ssn_le(st->in_ssn, ssn)) {
            st->in_ssn = (uint16_t)(ssn + 1);
        }
    }
    for (i = 0; i < n; i++) {
        rx_try_ordered(s, rd16(v + 4 + 4 * i));
    }
}

static void on_abort(lk_sctp_t *s)
{
    if (s->st != ST_CLOSED) {
        terminate(s, LK_ERR_CLOSED);
    }
}

int lk_sctp_handle_input(lk_sctp_t *s, uint64_t now_ms, const uint8_t *pkt, size_t len)
{
    uint32_t vtag, crc_rx, crc;
    size_t off;
    int got_data = 0;
    uint8_t first_type;
    if (s == NULL || pkt == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (now_ms > s->now) {
        s->now = now_ms;
    }
    s->stats.packets_received++;
    if (len < COMMON_HEADER_LEN + CHUNK_HEADER_LEN) {
        s->stats.packets_dropped++;
        return LK_ERR_MALFORMED;
    }
    crc_rx = (uint32_t)pkt[8] | ((uint32_t)pkt[9] << 8) | ((uint32_t)pkt[10] << 16) | ((uint32_t)pkt[11] << 24);
    {
        static const uint8_t zero4[4] = {0, 0, 0, 0};
        crc = lk_crc32c_update(0, pkt, 8);
        crc = lk_crc32c_update(crc, zero4, 4);
        crc = lk_crc32c_update(crc, pkt + COMMON_HEADER_LEN, len - COMMON_HEADER_LEN);
    }
    if (crc != crc_rx) {
        s->stats.packets_dropped++;
        return LK_ERR_MALFORMED; /* RFC 9260 6.8: "... the packet MUST be silently discarded" */
    }
    if (rd16(pkt) != s->cfg.remote_port || rd16(pkt + 2) != s->cfg.local_port) {
        s->stats.packets_dropped++;
        return LK_ERR_MALFORMED;
    }
    vtag = rd32(pkt + 4);
    first_type = pkt[COMMON_HEADER_LEN];
    /* RFC 9260 8.5 / 8.5.1: verification tag rules. */
    if (first_type == CT_INIT) {
        if (vtag != 0 || len < COMMON_HEADER_LEN + CHUNK_HEADER_LEN + INIT_FIXED_LEN) {
            s->stats.packets_dropped++;
            return LK_ERR_AUTH;
        }
    } else if ((first_type == CT_ABORT || first_type == CT_SHUTDOWN_COMPLETE) && (pkt[COMMON_HEADER_LEN + 1] & 1)) {
        if (s->peer_tag == 0 || vtag != s->peer_tag) {
            s->stats.packets_dropped++;
            return LK_ERR_AUTH;
        }
    } else if (vtag != s->local_tag) {
        s->stats.packets_dropped++;
        return LK_ERR_AUTH;
    }
    off = COMMON_HEADER_LEN;
    while (off + CHUNK_HEADER_LEN <= len && s->st != ST_TERMINATED) {
        uint8_t type = pkt[off], flags = pkt[off + 1];
        uint16_t clen = rd16(pkt + off + 2);
        const uint8_t *v = pkt + off + CHUNK_HEADER_LEN;
        size_t vlen;
        if (clen < CHUNK_HEADER_LEN || off + clen > len) {
            s->stats.packets_dropped++;
            break;
        }
        vlen = clen - CHUNK_HEADER_LEN;
        switch (type) {
        case CT_DATA:
            if (st_established(s)) {
                on_data(s, flags, v, vlen, &got_data);
            }
            break;
        case CT_INIT:
            if (off == COMMON_HEADER_LEN) {
                on_init(s, v, vlen);
            }
            off = len; /* RFC 9260 6.10: INIT is never bundled */
            continue;
        case CT_INIT_ACK: on_init_ack(s, v, vlen); break;
        case CT_SACK: on_sack(s, v, vlen); break;
        case CT_HEARTBEAT: on_heartbeat(s, v, vlen); break;
        case CT_HEARTBEAT_ACK: on_heartbeat_ack(s, v, vlen); break;
        case CT_ABORT: on_abort(s); break;
        case CT_SHUTDOWN: on_shutdown(s, v, vlen); break;
        case CT_SHUTDOWN_ACK:
            if (s->st == ST_SHUTDOWN_SENT || s->st == ST_SHUTDOWN_ACK_SENT) {
                s->shutdown_complete_pending = 1;
                terminate(s, 0);
            }
            break;
        case CT_ERROR: break;
        case CT_COOKIE_ECHO: on_cookie_echo(s, v, vlen); break;
        case CT_COOKIE_ACK: on_cookie_ack(s); break;
        case CT_SHUTDOWN_COMPLETE:
            if (s->st == ST_SHUTDOWN_ACK_SENT) {
                terminate(s, 0);
            }
            break;
        case CT_RECONFIG:
            if (st_established(s)) {
                on_reconfig(s, v, vlen);
            }
            break;
        case CT_FORWARD_TSN: on_forward_tsn(s, v, vlen); break;
        default:
            /* RFC 9260 3.2: the two upper bits of an unknown type: 00/01 stop processing the
             * packet, 10/11 skip the chunk and continue. */
            if ((type & 0x80) == 0) {
                off = len;
                continue;
            }
            break;
        }
        off += pad4(clen);
    }
    if (got_data) {
        s->pkts_unacked++;
        if (s->pkts_unacked >= SACK_EVERY_PACKETS || s->dups_n > 0 || s->rng_n > 0) {
            s->sack_now = 1;
        } else if (s->sack_at == 0) {
            s->sack_at = s->now + SACK_DELAY_MS;
        }
    }
    if (st_established(s)) {
        shutdown_progress(s);
        reconf_schedule(s);
    }
    return 0;
}

/* ---- Transmit ---- */

static void write_init(lk_sctp_t *s, uint8_t *v, int ack)
{
    wr32(v, s->local_tag);
    wr32(v + 4, rwnd_now(s));
    wr16(v + 8, 65535);  /* outbound streams */
    wr16(v + 10, 65535); /* max inbound streams */
    wr32(v + 12, s->local_itsn);
    (void)ack;
}

/* Supported Extensions (RE-CONFIG, FORWARD-TSN) and Forward-TSN-Supported parameters. */
static size_t write_ext_params(uint8_t *p)
{
    wr16(p, PT_SUPPORTED_EXT);
    wr16(p + 2, 6);
    p[4] = CT_RECONFIG;
    p[5] = CT_FORWARD_TSN;
    p[6] = 0;
    p[7] = 0;
    wr16(p + 8, PT_FORWARD_TSN_SUPPORTED);
    wr16(p + 10, 4);
    return 12;
}

static int build_init_ack(lk_sctp_t *s, uint8_t *buf, size_t cap)
{
    pkt_w_t w;
    uint8_t *v;
    uint8_t body[COOKIE_BODY_LEN];
    pkt_begin(s, &w, buf, cap, s->ia_peer_tag);
    v = pkt_chunk(&w, CT_INIT_ACK, 0, INIT_FIXED_LEN + 12 + 4 + COOKIE_LEN);
    if (v == NULL) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    write_init(s, v, 1);
    write_ext_params(v + INIT_FIXED_LEN);
    wr16(v + INIT_FIXED_LEN + 12, PT_STATE_COOKIE);
    wr16(v + INIT_FIXED_LEN + 14, 4 + COOKIE_LEN);
    memset(body, 0, sizeof(body));
    wr32(body, COOKIE_MAGIC);
    wr64(body + 4, s->now);
    wr32(body + 12, s->local_tag);
    wr32(body + 16, s->ia_peer_tag);
    wr32(body + 20, s->local_itsn);
    wr32(body + 24, s->ia_peer_itsn);
    wr32(body + 28, s->ia_peer_rwnd);
    wr16(body + 32, s->ia_peer_os);
    wr16(body + 34, s->ia_peer_mis);
    body[36] = s->ia_caps;
    memcpy(v + INIT_FIXED_LEN + 16, body, COOKIE_BODY_LEN);
    if (cookie_mac(s, body, v + INIT_FIXED_LEN + 16 + COOKIE_BODY_LEN) != 0) {
        return LK_ERR_CRYPTO;
    }
    s->init_ack_pending = 0;
    return pkt_finish(s, &w);
}

static int write_sack(lk_sctp_t *s, pkt_w_t *w)
{
    int ngaps = s->rng_n, ndups = s->dups_n, i;
    uint8_t *v;
    size_t room = pkt_room(w);
    if (room < CHUNK_HEADER_LEN + 12) {
        return 0;
    }
    while ((size_t)CHUNK_HEADER_LEN + 12 + 4 * (size_t)(ngaps + ndups) > room) {
        if (ndups > 0) {
            ndups--;
        } else {
            ngaps--;
        }
    }
    v = pkt_chunk(w, CT_SACK, 0, 12 + 4 * (size_t)(ngaps + ndups));
    if (v == NULL) {
        return 0;
    }
    wr32(v, s->rx_cum);
    s->last_adv_rwnd = rwnd_now(s);
    wr32(v + 4, s->last_adv_rwnd);
    wr16(v + 8, (uint16_t)ngaps);
    wr16(v + 10, (uint16_t)ndups);
    for (i = 0; i < ngaps; i++) {
        wr16(v + 12 + 4 * i, (uint16_t)(s->rng_start[i] - s->rx_cum));
        wr16(v + 14 + 4 * i, (uint16_t)(s->rng_end[i] - s->rx_cum));
    }
    for (i = 0; i < ndups; i++) {
        wr32(v + 12 + 4 * (size_t)ngaps + 4 * (size_t)i, s->dups[i]);
    }
    s->dups_n = 0;
    s->sack_now = 0;
    s->sack_at = 0;
    s->pkts_unacked = 0;
    return 1;
}

static void write_forward_tsn(lk_sctp_t *s, pkt_w_t *w)
{
    uint16_t sids[64], ssns[64];
    int n = 0, i;
    uint32_t t;
    uint8_t *v;
    for (t = s->cum_ack + 1; tsn_le(t, s->adv_peer_ack); t++) {
        tx_rec_t *r = ring_at(s, t);
        if (r->msg == NULL || (r->flags & DATA_FLAG_U)) {
            continue;
        }
        for (i = 0; i < n; i++) {
            if (sids[i] == r->msg->sid) {
                break;
            }
        }
        if (i == n) {
            if (n == 64) {
                continue;
            }
            sids[n] = r->msg->sid;
            ssns[n] = r->msg->ssn;
            n++;
        } else if (ssn_le(ssns[i], r->msg->ssn)) {
            ssns[i] = r->msg->ssn;
        }
    }
    while (n > 0 && (size_t)CHUNK_HEADER_LEN + 4 + 4 * (size_t)n > pkt_room(w)) {
        n--;
    }
    v = pkt_chunk(w, CT_FORWARD_TSN, 0, 4 + 4 * (size_t)n);
    if (v == NULL) {
        return;
    }
    wr32(v, s->adv_peer_ack);
    for (i = 0; i < n; i++) {
        wr16(v + 4 + 4 * i, sids[i]);
        wr16(v + 6 + 4 * i, ssns[i]);
    }
    s->fwd_tsn_pending = 0;
    s->stats.forward_tsns_sent++;
}

static void write_reconfig(lk_sctp_t *s, pkt_w_t *w)
{
    uint8_t *v;
    int i;
    while (s->resps_n > 0) {
        v = pkt_chunk(w, CT_RECONFIG, 0, 12);
        if (v == NULL) {
            return;
        }
        wr16(v, PT_RECONFIG_RESP);
        wr16(v + 2, 12);
        wr32(v + 4, s->resps[0].seq);
        wr32(v + 8, s->resps[0].result);
        memmove(&s->resps[0], &s->resps[1], sizeof(reconf_resp_t) * (size_t)(s->resps_n - 1));
        s->resps_n--;
    }
    if (s->reconf_send && s->reconf_outstanding) {
        size_t plen = 16 + 2 * (size_t)s->reconf_out_n;
        v = pkt_chunk(w, CT_RECONFIG, 0, pad4(plen));
        if (v == NULL) {
            return;
        }
        wr16(v, PT_OUT_RESET_REQ);
        wr16(v + 2, (uint16_t)plen);
        wr32(v + 4, s->reconf_out_seq);
        wr32(v + 8, s->peer_reconf_seq - 1);
        wr32(v + 12, s->reconf_out_last_tsn);
        for (i = 0; i < s->reconf_out_n; i++) {
            wr16(v + 16 + 2 * i, s->reconf_out_sids[i]);
        }
        s->reconf_send = 0;
    }
}

static void write_data_chunk(lk_sctp_t *s, pkt_w_t *w, tx_rec_t *r)
{
    uint8_t *v = pkt_chunk(w, CT_DATA, r->flags, 12 + (size_t)r->len);
    wr32(v, r->tsn);
    wr16(v + 4, r->msg->sid);
    wr16(v + 6, r->msg->ssn);
    wr32(v + 8, r->msg->ppid);
    memcpy(v + 12, r->msg->data + r->off, r->len);
    r->sent_ms = s->now;
    r->tx_count++;
    r->in_flight = 1;
    r->miss = 0;
    hb_restart(s); /* RFC 9260 8.3: heartbeats probe a destination that is idle (no DATA sent) */
    s->flight += r->len;
    s->stats.data_chunks_sent++;
}

/* Retransmissions first (lowest TSN first), within cwnd unless a fast retransmit may bypass it. */
static int write_retransmissions(lk_sctp_t *s, pkt_w_t *w)
{
    uint32_t t;
    int wrote = 0;
    if (s->rtx_count == 0) {
        return 0;
    }
    if (s->flight >= s->cwnd && !s->fast_rtx_bypass) {
        return 0;
    }
    for (t = s->cum_ack + 1; t != s->next_tsn && s->rtx_count > 0; t++) {
        tx_rec_t *r = ring_at(s, t);
        if (r->msg == NULL || !r->rtx) {
            continue;
        }
        if (pr_should_abandon(s, r)) {
            abandon_msg(s, r->msg);
            continue;
        }
        if (pad4(DATA_HEADER_LEN + (size_t)r->len) > pkt_room(w)) {
            break;
        }
        r->rtx = 0;
        s->rtx_count--;
        write_data_chunk(s, w, r);
        s->stats.data_chunks_retransmitted++;
        if (!r->msg->control) {
            stream_t *st = stream_find(s, r->msg->sid);
            if (st != NULL) {
                st->rtx_chunks++;
            }
        }
        wrote = 1;
    }
    s->fast_rtx_bypass = 0;
    if (wrote && s->t3_at == 0) {
        t3_restart(s);
    }
    return wrote;
}

/* New DATA: cut the head message into chunks within cwnd, the peer's window and our bounds. */
static int write_new_data(lk_sctp_t *s, pkt_w_t *w)
{
    int wrote = 0;
    while (s->q_head != NULL) {
        out_msg_t *m = s->q_head;
        stream_t *st;
        size_t room = pkt_room(w), remain, n;
        tx_rec_t *r;
        if (!m->started && m->expire_ms != 0 && s->now >= m->expire_ms && s->peer_prsctp) {
            /* RFC 3758 3.5 A3: a message whose lifetime expired before it was sent is dropped. */
            m->abandoned = 1;
            s->stats.chunks_abandoned++;
            buffered_sub(s, m, m->len);
            queue_pop_head(s);
            continue;
        }
        if (room < DATA_HEADER_LEN + 4) {
            break;
        }
        /* RFC 9260 6.1 B: no new data when cwnd or more bytes are outstanding; A: no new data
         * beyond the peer's rwnd, except one chunk when nothing is in flight (window probe). */
        if (s->flight >= s->cwnd || (s->peer_rwnd == 0 && s->flight > 0)) {
            break;
        }
        if (s->outstanding_bytes >= s->cfg.send_buffer) {
            break;
        }
        if (ring_count(s) + 1 >= s->ring_cap && ring_grow(s) != 0) {
            break;
        }
        remain = m->len - m->sent_off;
        n = room - DATA_HEADER_LEN;
        n &= ~(size_t)3;
        if (n >= remain) {
            n = remain;
        } else if (n < 256 && w->len > COMMON_HEADER_LEN) {
            break; /* do not cut a tiny fragment: start the message in the next packet */
        }
        if (!m->started) {
            st = stream_find(s, m->sid);
            m->started = 1;
            m->first_tsn = s->next_tsn;
            if (!m->unordered && st != NULL) {
                m->ssn = st->out_ssn++;
            }
        }
        r = ring_at(s, s->next_tsn);
        memset(r, 0, sizeof(*r));
        r->msg = m;
        r->tsn = s->next_tsn++;
        r->off = m->sent_off;
        r->len = (uint16_t)n;
        r->flags = (uint8_t)((m->unordered ? DATA_FLAG_U : 0) | (r->off == 0 ? DATA_FLAG_B : 0) |
                             (r->off + n == m->len ? DATA_FLAG_E : 0));
        m->refs++;
        m->sent_off += (uint32_t)n;
        write_data_chunk(s, w, r);
        s->outstanding_bytes += n;
        s->peer_rwnd = s->peer_rwnd > n ? s->peer_rwnd - (uint32_t)n : 0;
        if (!s->rtt_active) {
            s->rtt_active = 1;
            s->rtt_tsn = r->tsn;
        }
        buffered_sub(s, m, n);
        if (m->sent_off == m->len) {
            queue_pop_head(s);
        }
        wrote = 1;
    }
    if (wrote && s->t3_at == 0) {
        t3_restart(s);
    }
    return wrote;
}

int lk_sctp_poll_transmit(lk_sctp_t *s, uint64_t now_ms, uint8_t *buf, size_t cap)
{
    pkt_w_t w;
    uint8_t *v;
    int r;
    if (s == NULL || buf == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (cap < s->cfg.mtu) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    if (now_ms > s->now) {
        s->now = now_ms;
    }
    /* RFC 3758 / RFC 8831 6.1: a timed message's lifetime starts now, on the caller's clock. */
    while (s->q_unstamped != NULL) {
        out_msg_t *m = s->q_unstamped;
        if (m->timed && m->expire_ms == 0) {
            m->expire_ms = s->now + m->life_ms + 1;
        }
        s->q_unstamped = m->next;
    }
    if (s->abort_pending) {
        s->abort_pending = 0;
        if (s->peer_tag != 0) {
            pkt_begin(s, &w, buf, cap, s->peer_tag);
            pkt_chunk(&w, CT_ABORT, 0, 0);
            return pkt_finish(s, &w);
        }
    }
    if (s->shutdown_complete_pending) {
        s->shutdown_complete_pending = 0;
        pkt_begin(s, &w, buf, cap, s->peer_tag);
        pkt_chunk(&w, CT_SHUTDOWN_COMPLETE, 0, 0);
        return pkt_finish(s, &w);
    }
    if (s->st == ST_TERMINATED) {
        return 0;
    }
    if (s->init_ack_pending) {
        return build_init_ack(s, buf, cap);
    }
    if (s->init_pending && s->st == ST_COOKIE_WAIT) {
        s->init_pending = 0;
        pkt_begin(s, &w, buf, cap, 0);
        v = pkt_chunk(&w, CT_INIT, 0, INIT_FIXED_LEN + 12);
        write_init(s, v, 0);
        write_ext_params(v + INIT_FIXED_LEN);
        s->stats.inits_sent++;
        return pkt_finish(s, &w);
    }
    if (s->cookie_echo_pending && s->st == ST_COOKIE_ECHOED) {
        s->cookie_echo_pending = 0;
        pkt_begin(s, &w, buf, cap, s->peer_tag);
        v = pkt_chunk(&w, CT_COOKIE_ECHO, 0, s->cookie_len);
        if (v == NULL) {
            return LK_ERR_BUFFER_TOO_SMALL;
        }
        memcpy(v, s->cookie, s->cookie_len);
        return pkt_finish(s, &w);
    }
    if (!st_established(s)) {
        return 0;
    }
    pkt_begin(s, &w, buf, cap, s->peer_tag);
    if (s->cookie_ack_pending) {
        pkt_chunk(&w, CT_COOKIE_ACK, 0, 0);
        s->cookie_ack_pending = 0;
    }
    /* RFC 9260 6.10: control chunks come before DATA in a packet, so an owed (delayed) SACK
     * rides in front of the DATA this packet is about to carry. */
    if (s->sack_now || (s->sack_at != 0 && (s->q_head != NULL || s->rtx_count > 0))) {
        write_sack(s, &w);
    }
    if (s->hb_ack_pending && pkt_room(&w) >= pad4(CHUNK_HEADER_LEN + s->hb_info_len)) {
        v = pkt_chunk(&w, CT_HEARTBEAT_ACK, 0, s->hb_info_len);
        memcpy(v, s->hb_info, s->hb_info_len);
        s->hb_ack_pending = 0;
    }
    if (s->hb_outstanding == 1 && pkt_room(&w) >= CHUNK_HEADER_LEN + 20) {
        v = pkt_chunk(&w, CT_HEARTBEAT, 0, 20);
        wr16(v, PT_HEARTBEAT_INFO);
        wr16(v + 2, 20);
        wr64(v + 4, s->now);
        wr64(v + 12, (uint64_t)s->local_tag << 32 | s->peer_tag);
        s->hb_outstanding = 2;
    }
    if (s->fwd_tsn_pending && s->peer_prsctp && adv_peer_ack_update(s)) {
        write_forward_tsn(s, &w);
    } else {
        s->fwd_tsn_pending = 0;
    }
    write_reconfig(s, &w);
    if (s->shutdown_pending && pkt_room(&w) >= CHUNK_HEADER_LEN + 4) {
        v = pkt_chunk(&w, CT_SHUTDOWN, 0, 4);
        wr32(v, s->rx_cum);
        s->shutdown_pending = 0;
    }
    if (s->shutdown_ack_pending && pkt_room(&w) >= CHUNK_HEADER_LEN) {
        pkt_chunk(&w, CT_SHUTDOWN_ACK, 0, 0);
        s->shutdown_ack_pending = 0;
    }
    if (s->st != ST_SHUTDOWN_ACK_SENT) {
        if (!write_retransmissions(s, &w) || s->rtx_count == 0) {
            write_new_data(s, &w);
        }
    }
    r = pkt_finish(s, &w);
    if (r > 0) {
        shutdown_progress(s);
    }
    return r;
}

/* ---- Timers ---- */

static void on_t3(lk_sctp_t *s)
{
    uint32_t t;
    s->stats.t3_expirations++;
    /* RFC 9260 7.2.3: "ssthresh = max(cwnd/2, 4*MTU), cwnd = 1*MTU" on T3-rtx expiry. */
    s->ssthresh = max_u32(s->cwnd / 2, 4u * s->cfg.mtu);
    s->cwnd = s->cfg.mtu;
    s->pba = 0;
    s->in_fast_recovery = 0;
    rto_backoff(s);
    /* RFC 9260 6.3.3 E3: mark all outstanding DATA for retransmission. */
    for (t = s->cum_ack + 1; t != s->next_tsn; t++) {
        tx_rec_t *r = ring_at(s, t);
        if (r->msg != NULL && !r->acked && !r->abandoned && r->tx_count > 0) {
            mark_rtx(s, r);
        }
    }
    if (tsn_lt(s->cum_ack, s->adv_peer_ack)) {
        s->fwd_tsn_pending = 1;
    }
    s->rtt_active = 0;
    if (++s->error_count > ASSOC_MAX_RETRANS) {
        terminate(s, LK_ERR_TIMEOUT);
        return;
    }
    s->t3_at = s->now + s->rto;
}

int lk_sctp_handle_timeout(lk_sctp_t *s, uint64_t now_ms)
{
    if (s == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (now_ms > s->now) {
        s->now = now_ms;
    }
    if (s->t1_at != 0 && s->now >= s->t1_at) {
        /* RFC 9260 5.1: "If the T1-init timer expires, the endpoint MUST retransmit INIT and
         * restart the T1-init timer without changing state. This MUST be repeated up to
         * 'Max.Init.Retransmits' times" - with the RTO doubled each time (6.3.3 E2), at most
         * RTO.Max; the same for T1-cookie and COOKIE ECHO. */
        if (++s->t1_count > MAX_INIT_RETRANSMITS) {
            terminate(s, LK_ERR_TIMEOUT);
            return 0;
        }
        s->t1_rto = min_u32(s->t1_rto * 2, LK_SCTP_RTO_MAX_MS);
        s->t1_at = s->now + s->t1_rto;
        if (s->st == ST_COOKIE_WAIT) {
            s->init_pending = 1;
        } else if (s->st == ST_COOKIE_ECHOED) {
            s->cookie_echo_pending = 1;
        } else {
            s->t1_at = 0;
        }
    }
    if (s->t3_at != 0 && s->now >= s->t3_at && st_established(s)) {
        on_t3(s);
    }
    if (s->t2_at != 0 && s->now >= s->t2_at) {
        /* RFC 9260 9.2: on T2-shutdown expiry retransmit SHUTDOWN (or SHUTDOWN ACK), back off,
         * and abort after Association.Max.Retrans. */
        if (++s->t2_count > ASSOC_MAX_RETRANS) {
            s->abort_pending = 1;
            terminate(s, LK_ERR_TIMEOUT);
            return 0;
        }
        rto_backoff(s);
        s->t2_at = s->now + s->rto;
        if (s->st == ST_SHUTDOWN_SENT) {
            s->shutdown_pending = 1;
        } else if (s->st == ST_SHUTDOWN_ACK_SENT) {
            s->shutdown_ack_pending = 1;
        }
    }
    if (s->sack_at != 0 && s->now >= s->sack_at) {
        s->sack_now = 1;
        s->sack_at = 0;
    }
    if (s->reconf_at != 0 && s->now >= s->reconf_at && s->reconf_outstanding) {
        /* RFC 6525 5.1.1: the request is retransmitted on the RTO like DATA. */
        s->reconf_send = 1;
        s->reconf_at = s->now + s->rto;
        if (++s->error_count > ASSOC_MAX_RETRANS) {
            terminate(s, LK_ERR_TIMEOUT);
            return 0;
        }
    } else if (s->reconf_at != 0 && s->now >= s->reconf_at) {
        reconf_schedule(s); /* the wait after "in progress" is over */
    }
    if (s->hb_at != 0 && s->now >= s->hb_at && st_established(s)) {
        if (s->hb_outstanding == 2) {
            /* RFC 9260 8.3: an unanswered HEARTBEAT counts against the error counter. */
            if (++s->error_count > ASSOC_MAX_RETRANS) {
                terminate(s, LK_ERR_TIMEOUT);
                return 0;
            }
            rto_backoff(s);
        }
        s->hb_outstanding = 1;
        s->hb_at = s->now + HB_INTERVAL_MS + s->rto;
    }
    return 0;
}

uint64_t lk_sctp_poll_timeout(const lk_sctp_t *s)
{
    uint64_t t = UINT64_MAX, cand[6];
    int i;
    if (s == NULL) {
        return UINT64_MAX;
    }
    cand[0] = s->t1_at;
    cand[1] = s->t2_at;
    cand[2] = s->t3_at;
    cand[3] = s->sack_at;
    cand[4] = s->reconf_at;
    cand[5] = s->hb_at;
    for (i = 0; i < 6; i++) {
        if (cand[i] != 0 && cand[i] < t) {
            t = cand[i];
        }
    }
    return t;
}

/* ---- Public API ---- */

void lk_sctp_config_init(lk_sctp_config_t *cfg)
{
    if (cfg != NULL) {
        memset(cfg, 0, sizeof(*cfg));
    }
}

int lk_sctp_create(lk_sctp_t **out, const lk_sctp_config_t *cfg)
{
    lk_sctp_t *s;
    uint8_t rnd[8];
    int rc;
    if (out == NULL || cfg == NULL || cfg->random == NULL || (cfg->mtu != 0 && cfg->mtu < 256)) {
        return LK_ERR_INVALID_ARG;
    }
    *out = NULL;
    s = (lk_sctp_t *)calloc(1, sizeof(*s));
    if (s == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    s->cfg = *cfg;
    if (s->cfg.local_port == 0) {
        s->cfg.local_port = LK_SCTP_DEFAULT_PORT;
    }
    if (s->cfg.remote_port == 0) {
        s->cfg.remote_port = LK_SCTP_DEFAULT_PORT;
    }
    if (s->cfg.mtu == 0) {
        s->cfg.mtu = LK_SCTP_DEFAULT_MTU;
    }
    s->cfg.mtu &= (uint16_t)~3u;
    if (s->cfg.max_message_size == 0) {
        s->cfg.max_message_size = LK_SCTP_DEFAULT_MAX_MESSAGE;
    }
    if (s->cfg.remote_max_message_size == 0) {
        s->cfg.remote_max_message_size = LK_SCTP_DEFAULT_MAX_MESSAGE;
    }
    if (s->cfg.send_buffer == 0) {
        s->cfg.send_buffer = LK_SCTP_DEFAULT_SEND_BUFFER;
    }
    if (s->cfg.receive_window == 0) {
        s->cfg.receive_window = LK_SCTP_DEFAULT_RECEIVE_WINDOW;
    }
    if (s->cfg.rto_min_ms == 0) {
        s->cfg.rto_min_ms = LK_SCTP_RTO_MIN_MS;
    }
    rc = cfg->random(cfg->random_user, s->cookie_key, sizeof(s->cookie_key));
    if (rc == 0) {
        rc = cfg->random(cfg->random_user, rnd, sizeof(rnd));
    }
    if (rc != 0) {
        free(s);
        return rc < 0 ? rc : LK_ERR_IO;
    }
    s->local_tag = rd32(rnd);
    if (s->local_tag == 0) {
        s->local_tag = 1; /* RFC 9260 3.3.2: "The Initiate Tag ... MUST NOT take the value 0" */
    }
    s->local_itsn = rd32(rnd + 4);
    s->next_tsn = s->local_itsn;
    s->cum_ack = s->local_itsn - 1;
    s->adv_peer_ack = s->cum_ack;
    s->reconf_seq = s->local_itsn; /* RFC 6525 5.1.1: starts at the initial TSN */
    s->rto = LK_SCTP_RTO_INITIAL_MS;
    s->rto_base = s->rto;
    s->ring_cap = RING_INITIAL;
    s->ring = (tx_rec_t *)sctp_alloc(s, sizeof(tx_rec_t) * s->ring_cap);
    if (s->ring == NULL) {
        free(s);
        return LK_ERR_NO_MEMORY;
    }
    memset(s->ring, 0, sizeof(tx_rec_t) * s->ring_cap);
    s->st = ST_CLOSED;
    *out = s;
    return 0;
}

void lk_sctp_destroy(lk_sctp_t *s)
{
    uint32_t t;
    int i;
    if (s == NULL) {
        return;
    }
    for (t = s->cum_ack + 1; t != s->next_tsn; t++) {
        tx_rec_t *r = ring_at(s, t);
        if (r->msg != NULL) {
            msg_unref(s, r->msg);
        }
    }
    while (s->q_head != NULL) {
        out_msg_t *m = s->q_head;
        s->q_head = m->next;
        msg_unref(s, m);
    }
    while (s->rx_head != NULL) {
        rx_chunk_t *c = s->rx_head;
        s->rx_head = c->next;
        sctp_free(s, c);
    }
    while (s->ev_head != NULL) {
        ev_node_t *n = s->ev_head;
        s->ev_head = n->next;
        sctp_free(s, n);
    }
    sctp_free(s, s->ev_held);
    for (i = 0; i < s->n_streams; i++) {
        sctp_free(s, s->streams[i].label);
        sctp_free(s, s->streams[i].protocol);
    }
    sctp_free(s, s->streams);
    sctp_free(s, s->ring);
    sctp_free(s, s->cookie);
    memset(s->cookie_key, 0, sizeof(s->cookie_key));
    free(s);
}

int lk_sctp_connect(lk_sctp_t *s, uint64_t now_ms)
{
    if (s == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (s->st != ST_CLOSED) {
        return LK_ERR_STATE;
    }
    if (now_ms > s->now) {
        s->now = now_ms;
    }
    s->st = ST_COOKIE_WAIT;
    s->init_pending = 1;
    /* RFC 9260 5.1 A: "... start the T1-init timer"; its first value is RTO.Initial. */
    s->t1_count = 0;
    s->t1_rto = LK_SCTP_RTO_INITIAL_MS;
    s->t1_at = s->now + s->t1_rto;
    return 0;
}

int lk_sctp_poll_event(lk_sctp_t *s, lk_sctp_event_t *ev)
{
    ev_node_t *n;
    uint32_t before;
    if (s == NULL || ev == NULL) {
        return 0;
    }
    before = rwnd_now(s);
    if (s->ev_held != NULL) {
        sctp_free(s, s->ev_held);
        s->ev_held = NULL;
    }
    n = s->ev_head;
    if (n == NULL) {
        memset(ev, 0, sizeof(*ev));
    } else {
        s->ev_head = n->next;
        if (s->ev_head == NULL) {
            s->ev_tail = NULL;
        }
        s->ev_bytes -= n->data_len;
        s->ev_held = n;
        *ev = n->ev;
        if (n->ev.type == LK_SCTP_EV_CHANNEL_MESSAGE) {
            ev->data = n->data;
        }
    }
    /* RFC 9260 6.2: tell the peer when the window opens again after it was small. */
    if (st_established(s) && s->last_adv_rwnd < s->cfg.receive_window / 2 &&
        rwnd_now(s) >= s->cfg.receive_window / 2 && before < s->cfg.receive_window / 2) {
        s->sack_at = s->now; /* due at once: lk_sctp_poll_timeout reports it */
    }
    return n != NULL ? 1 : 0;
}

int lk_sctp_shutdown(lk_sctp_t *s, uint64_t now_ms)
{
    if (s == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (now_ms > s->now) {
        s->now = now_ms;
    }
    if (s->st == ST_CLOSED || s->st == ST_COOKIE_WAIT || s->st == ST_COOKIE_ECHOED) {
        terminate(s, 0);
        return 0;
    }
    if (s->st != ST_ESTABLISHED) {
        return LK_ERR_STATE;
    }
    s->st = ST_SHUTDOWN_PENDING;
    shutdown_progress(s);
    return 0;
}

int lk_sctp_abort(lk_sctp_t *s, uint64_t now_ms)
{
    if (s == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (now_ms > s->now) {
        s->now = now_ms;
    }
    if (s->st == ST_TERMINATED) {
        return LK_ERR_STATE;
    }
    s->abort_pending = s->peer_tag != 0;
    terminate(s, LK_ERR_CLOSED);
    return 0;
}

lk_sctp_state_t lk_sctp_state(const lk_sctp_t *s)
{
    switch (s->st) {
    case ST_CLOSED: return LK_SCTP_STATE_CLOSED;
    case ST_COOKIE_WAIT: return LK_SCTP_STATE_COOKIE_WAIT;
    case ST_COOKIE_ECHOED: return LK_SCTP_STATE_COOKIE_ECHOED;
    case ST_ESTABLISHED: return LK_SCTP_STATE_ESTABLISHED;
    case ST_TERMINATED: return LK_SCTP_STATE_TERMINATED;
    default: return LK_SCTP_STATE_SHUTTING_DOWN;
    }
}

int lk_sctp_error(const lk_sctp_t *s)
{
    return s->st == ST_TERMINATED ? s->error : 0;
}

static int sid_free(const lk_sctp_t *s, uint16_t sid)
{
    return stream_find(s, sid) == NULL;
}

int lk_sctp_channel_open(lk_sctp_t *s, const lk_sctp_channel_init_t *init)
{
    const char *label, *protocol;
    size_t ll, pl;
    int sid = -1, rc;
    stream_t *st;
    if (s == NULL || init == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (s->st == ST_TERMINATED || (s->st >= ST_SHUTDOWN_PENDING)) {
        return LK_ERR_STATE;
    }
    label = init->label != NULL ? init->label : "";
    protocol = init->protocol != NULL ? init->protocol : "";
    ll = strlen(label);
    pl = strlen(protocol);
    if (ll > LK_SCTP_MAX_LABEL || pl > LK_SCTP_MAX_LABEL || (init->max_retransmits >= 0 && init->max_packet_life_ms >= 0)) {
        return LK_ERR_INVALID_ARG;
    }
    if (init->id >= 0) {
        if (init->id > 65534 || (!init->negotiated && (init->id & 1) != (s->cfg.dtls_client ? 0 : 1))) {
            return LK_ERR_INVALID_ARG;
        }
        if (!sid_free(s, (uint16_t)init->id)) {
            return LK_ERR_STATE;
        }
        sid = init->id;
    } else if (init->negotiated) {
        return LK_ERR_INVALID_ARG;
    } else {
        /* RFC 8832 6: "The DTLS client MUST use even ... the DTLS server MUST use odd". */
        int cand;
        int limit = s->peer_mis != 0 ? (int)min_u32(s->peer_mis, s->peer_os) : 65535;
        for (cand = s->cfg.dtls_client ? 0 : 1; cand < limit; cand += 2) {
            if (sid_free(s, (uint16_t)cand)) {
                sid = cand;
                break;
            }
        }
        if (sid < 0) {
            return LK_ERR_QUEUE_FULL;
        }
    }
    st = stream_get(s, (uint16_t)sid);
    if (st == NULL) {
        return LK_ERR_QUEUE_FULL;
    }
    st->label = sctp_strndup(s, (const uint8_t *)label, ll);
    st->protocol = sctp_strndup(s, (const uint8_t *)protocol, pl);
    if (st->label == NULL || st->protocol == NULL) {
        stream_remove(s, st);
        return LK_ERR_NO_MEMORY;
    }
    st->ordered = init->ordered ? 1 : 0;
    st->priority = init->priority;
    st->negotiated = init->negotiated ? 1 : 0;
    if (init->max_retransmits >= 0) {
        st->type = LK_SCTP_PARTIAL_REXMIT;
        st->reliability = (uint32_t)init->max_retransmits;
    } else if (init->max_packet_life_ms >= 0) {
        st->type = LK_SCTP_PARTIAL_TIMED;
        st->reliability = (uint32_t)init->max_packet_life_ms;
    } else {
        st->type = LK_SCTP_RELIABLE;
    }
    if (init->negotiated) {
        st->state = CH_OPEN;
        st->acked = 1;
        ev_channel_open(s, st);
        return sid;
    }
    {
        uint8_t msg[LK_DCEP_OPEN_HEADER_LEN + 2 * LK_SCTP_MAX_LABEL];
        lk_dcep_open_t o;
        uint8_t ctype = st->type == LK_SCTP_PARTIAL_REXMIT ? LK_DCEP_CHANNEL_PARTIAL_RELIABLE_REXMIT
                        : st->type == LK_SCTP_PARTIAL_TIMED ? LK_DCEP_CHANNEL_PARTIAL_RELIABLE_TIMED
                                                            : LK_DCEP_CHANNEL_RELIABLE;
        o.channel_type = (uint8_t)(ctype | (st->ordered ? 0 : LK_DCEP_UNORDERED_BIT));
        o.priority = st->priority;
        o.reliability = st->reliability;
        o.label = (const uint8_t *)label;
        o.label_len = (uint16_t)ll;
        o.protocol = (const uint8_t *)protocol;
        o.protocol_len = (uint16_t)pl;
        rc = lk_dcep_encode_open(&o, msg, sizeof(msg));
        if (rc > 0) {
            rc = enqueue_msg(s, st, LK_PPID_DCEP, msg, (size_t)rc, 1);
        }
        if (rc < 0) {
            stream_remove(s, st);
            return rc;
        }
    }
    st->state = CH_OPENING;
    return sid;
}

int lk_sctp_channel_send(lk_sctp_t *s, uint16_t id, const uint8_t *data, size_t len, int binary)
{
    stream_t *st;
    uint32_t ppid;
    if (s == NULL || (data == NULL && len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    st = stream_find(s, id);
    if (st == NULL || st->state == CH_NONE) {
        return LK_ERR_NOT_FOUND;
    }
    if (st->state == CH_CLOSING || s->st == ST_TERMINATED || s->st >= ST_SHUTDOWN_PENDING) {
        return LK_ERR_STATE;
    }
    if (len > s->cfg.remote_max_message_size) {
        return LK_ERR_TOO_LARGE;
    }
    if (s->queued_bytes > 0 && s->queued_bytes + len > s->cfg.send_buffer) {
        return LK_ERR_QUEUE_FULL;
    }
    if (len == 0) {
        ppid = binary ? LK_PPID_BINARY_EMPTY : LK_PPID_STRING_EMPTY;
    } else {
        ppid = binary ? LK_PPID_BINARY : LK_PPID_STRING;
    }
    return enqueue_msg(s, st, ppid, data, len, 0);
}

int lk_sctp_channel_close(lk_sctp_t *s, uint16_t id)
{
    stream_t *st;
    if (s == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    st = stream_find(s, id);
    if (st == NULL || st->state == CH_NONE) {
        return LK_ERR_NOT_FOUND;
    }
    if (st->state == CH_CLOSING) {
        return 0;
    }
    st->state = CH_CLOSING;
    if (st->out_reset == 0) {
        st->out_reset = 1;
    }
    if (!st_established(s) || !s->peer_reconfig) {
        /* nothing to reset on the wire: the channel is gone at once */
        uint16_t sid = st->sid;
        stream_remove(s, st);
        ev_push(s, LK_SCTP_EV_CHANNEL_CLOSED, sid, 0);
        return 0;
    }
    reconf_schedule(s);
    return 0;
}

size_t lk_sctp_channel_buffered_amount(const lk_sctp_t *s, uint16_t id)
{
    const stream_t *st = s != NULL ? stream_find(s, id) : NULL;
    return st != NULL ? st->buffered : 0;
}

int lk_sctp_channel_set_buffered_low(lk_sctp_t *s, uint16_t id, size_t threshold)
{
    stream_t *st = s != NULL ? stream_find(s, id) : NULL;
    if (st == NULL || st->state == CH_NONE) {
        return LK_ERR_NOT_FOUND;
    }
    st->low_threshold = threshold;
    return 0;
}

int lk_sctp_channel_is_open(const lk_sctp_t *s, uint16_t id)
{
    const stream_t *st = s != NULL ? stream_find(s, id) : NULL;
    return st != NULL && st->state == CH_OPEN && s->st != ST_TERMINATED;
}

void lk_sctp_get_stats(const lk_sctp_t *s, lk_sctp_stats_t *st)
{
    *st = s->stats;
    st->cwnd = s->cwnd;
    st->ssthresh = s->ssthresh;
    st->peer_rwnd = s->peer_rwnd;
    st->rto_ms = s->rto;
    st->srtt_ms = s->srtt;
    st->flight_size = (uint32_t)s->flight;
}

size_t lk_sctp_memory(const lk_sctp_t *s)
{
    return s == NULL ? 0 : sizeof(*s) + s->mem;
}

uint64_t lk_sctp_channel_retransmits(const lk_sctp_t *s, uint16_t id)
{
    const stream_t *st = s != NULL ? stream_find(s, id) : NULL;
    return st != NULL ? st->rtx_chunks : 0;
}
