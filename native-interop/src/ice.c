/*
 * ice.c - a sans-I/O ICE agent (RFC 8445 full ICE, RFC 7675 consent freshness), UDP, one
 * component. See ice.h for the driving rules, the states and the roles.
 *
 * Model: local host candidates are the sockets the port gave us; server-reflexive candidates
 * come from Binding requests to the STUN servers and are only signalled (a pair's local side
 * is always its base, RFC 8445 6.1.2.4 prunes the redundant srflx pairs). Remote candidates come
 * from signalling or are learnt as peer-reflexive from checks. One checklist of pairs, frozen /
 * waiting per foundation, paced by Ta, with a FIFO triggered-check queue. Every STUN request
 * we send is a transaction with retransmissions. No sockets, threads or clocks: now_ms only.
 */
#include "ice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "random.h"
#include "stun.h"

/* ---------------------------------------------------------------------------------------- */
/* Timing (milliseconds) */

/* RFC 8445 14.2: "the default value of Ta is 50 ms" (paces every new STUN transaction). */
#define ICE_TA_DEFAULT_MS 50
/* RFC 8489 6.2.1: "the initial value for RTO SHOULD be configurable and SHOULD be greater than
 * 500 ms"; RFC 8445 14.3: for connectivity checks "RTO = MAX (500ms, Ta * (Num-Waiting +
 * Num-In-Progress))". */
#define ICE_RTO_MIN_MS 500
/* RFC 8489 6.2.1: "Rc SHOULD be configurable and SHOULD have a default of 7" (transmissions).
 * The RTO doubles each time; we cap it at 1.6 s (our choice, so a dead pair or server is given
 * up after about 9.5 s instead of 39.5 s) and wait one capped RTO after the last. */
#define ICE_RC 7
#define ICE_RTO_CAP_MS 1600
/* RFC 7675 5.1: "Consent freshness ... sent every 5 seconds ... the interval SHOULD be randomized
 * ... between 0.8 and 1.2 of the basic period"; "consent expires after 30 seconds" without a
 * response. The consent checks are also the keepalives of RFC 8445 11 (Tr 15 s). */
#define ICE_CONSENT_INTERVAL_MS 5000
#define ICE_CONSENT_TIMEOUT_MS 30000
/* While disconnected, check consent every second so a returning path is noticed quickly. */
#define ICE_CONSENT_FAST_MS 1000
/* Silence on the selected pair that makes us DISCONNECTED (LiveKit's server uses 10 s too). */
#define ICE_DISCONNECTED_MS 10000
/* Checking without a selected pair for this long -> FAILED. */
#define ICE_CHECKING_TIMEOUT_MS 30000
/* RFC 8445 8.1.1: "The criteria for stopping the connectivity checks and for picking a pair for
 * nomination are outside the scope of this specification. They are a matter of local
 * optimization." We nominate the best valid pair once no higher-priority pair can still succeed
 * soon, and at the latest this long after the first valid pair. A higher-priority pair can still
 * succeed soon while it is Frozen or Waiting (its check goes out within a few Ta) or while its
 * check has been out for less than ICE_NOMINATION_ANSWER_RTTS round trips of the first valid
 * pair (at least one Ta): later, only a retransmission can save it, and that comes one RTO
 * (>= 500 ms, RFC 8445 14.3) after the first transmission - as late as this bound anyway. */
#define ICE_NOMINATION_WAIT_MS 500
#define ICE_NOMINATION_ANSWER_RTTS 4

/* Candidate type preferences, RFC 8445 5.1.2.2: "The RECOMMENDED values are 126 for host
 * candidates, 110 for peer-reflexive candidates, 100 for server-reflexive candidates, and 0 for
 * relayed candidates." */
#define PREF_HOST 126
#define PREF_PRFLX 110
#define PREF_SRFLX 100
#define PREF_RELAY 0

#define TX_QUEUE 16
#define EVENT_QUEUE 16
#define TRIGGERED_QUEUE 16
#define CONSENT_TIDS 4
#define GATHER_MAX (LK_ICE_MAX_LOCAL_CANDIDATES * LK_ICE_MAX_STUN_SERVERS)
#define NO_TIME UINT64_MAX

typedef enum pair_state { PAIR_FROZEN, PAIR_WAITING, PAIR_IN_PROGRESS, PAIR_SUCCEEDED, PAIR_FAILED } pair_state_t;

typedef struct transaction {
    bool active;
    bool pending_first;      /* created, waiting for its first (paced) transmission */
    uint8_t tid[LK_STUN_TID_LEN];
    uint8_t sent;            /* transmissions so far */
    uint32_t rto;
    uint64_t next_ms;        /* next retransmission or, after the last, the timeout */
} transaction_t;

typedef struct local_cand {
    lk_sdp_cand_type_t type; /* HOST or SRFLX */
    lk_addr_t addr;
    lk_addr_t base;          /* the socket; equals addr for host candidates */
    uint32_t priority;
    uint16_t local_pref;
    char foundation[12];
    bool announced;
} local_cand_t;

typedef struct remote_cand {
    lk_sdp_cand_type_t type;
    lk_addr_t addr;
    uint32_t priority;
    char foundation[33];
} remote_cand_t;

typedef struct pair {
    uint8_t local;           /* index of a HOST local candidate */
    uint8_t remote;
    pair_state_t state;
    uint64_t priority;
    bool valid;              /* a check succeeded (RFC 8445 7.2.5.3.2) */
    bool nominated;
    bool nominating;         /* the current transaction carries USE-CANDIDATE */
    bool remote_nominated;   /* controlled: the peer sent USE-CANDIDATE on it */
    bool queued;             /* in the triggered-check queue */
    bool sent_controlling;   /* our role in the latest request of tx (for a 487) */
    uint64_t check_sent_ms;  /* first transmission of the current check */
    transaction_t tx;
} pair_t;

typedef struct gather {
    uint8_t local;           /* HOST candidate index */
    uint8_t server;
    bool done;
    transaction_t tx;
} gather_t;

struct lk_ice_agent {
    lk_ice_config_t cfg;
    lk_ice_role_t role;
    uint64_t tie_breaker;
    lk_ice_state_t state;
    uint64_t now;
    bool closed;

    char local_ufrag[LK_ICE_UFRAG_LEN + 1];
    char local_pwd[LK_ICE_PWD_LEN + 1];
    char remote_ufrag[LK_SDP_MAX_UFRAG + 1];
    char remote_pwd[LK_SDP_MAX_PWD + 1];
    bool have_remote_credentials;
    bool remote_lite;
    bool remote_eoc;

    local_cand_t local[LK_ICE_MAX_LOCAL_CANDIDATES];
    size_t local_count;
    size_t host_count;
    remote_cand_t remote[LK_ICE_MAX_REMOTE_CANDIDATES];
    size_t remote_count;
    unsigned prflx_counter;
    pair_t pairs[LK_ICE_MAX_PAIRS];
    size_t pair_count;
    uint8_t triggered[TRIGGERED_QUEUE];
    size_t triggered_count;

    gather_t gathers[GATHER_MAX];
    size_t gather_count;
    bool gathering_done_sent;

    uint64_t next_check_ms;      /* Ta pacing: no new transaction before this */
    uint64_t checking_since_ms;  /* NO_TIME until checks start */
    uint64_t first_valid_ms;     /* NO_TIME until a pair is valid (controlling nomination) */
    uint64_t rtt_ms;             /* round trip of the first check answered without a retransmission,
                                  * NO_TIME until then (nomination timing) */

    bool have_selected;
    bool sel_nominated;          /* the selection is a nominated pair (else the best valid one) */
    bool sel_provisional;        /* a valid, not yet nominated pair of this generation: a better valid
                                  * pair or any nominated pair replaces it */
    lk_addr_t sel_local;
    lk_addr_t sel_remote;
    uint64_t sel_priority;
    uint64_t last_response_ms;   /* last authenticated response on the selected pair */
    uint64_t consent_next_ms;
    uint8_t consent_tids[CONSENT_TIDS][LK_STUN_TID_LEN];
    size_t consent_tid_next;
    transaction_t consent_tx;    /* the latest consent check, retransmitted until answered */
    bool consent_expired;

    lk_ice_transmit_t txq[TX_QUEUE];
    size_t txq_head, txq_count;
    lk_ice_event_t evq[EVENT_QUEUE];
    size_t evq_head, evq_count;
};

/* ---------------------------------------------------------------------------------------- */
/* Small helpers */

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

static bool is_controlling(const lk_ice_agent_t *a)
{
    return a->role == LK_ICE_CONTROLLING;
}

static int random_chars(char *out, size_t n)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint8_t raw[LK_ICE_PWD_LEN];
    if (n > sizeof raw) {
        return LK_ERR_INTERNAL;
    }
    int rc = lk_random_bytes(raw, n);
    if (rc != LK_OK) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = alphabet[raw[i] & 63]; /* 6 bits each: 48 bits of ufrag, 144 bits of pwd */
    }
    out[n] = '\0';
    return LK_OK;
}

static int new_credentials(lk_ice_agent_t *a)
{
    int rc = random_chars(a->local_ufrag, LK_ICE_UFRAG_LEN);
    return rc == LK_OK ? random_chars(a->local_pwd, LK_ICE_PWD_LEN) : rc;
}

static void push_event(lk_ice_agent_t *a, const lk_ice_event_t *ev)
{
    if (a->evq_count == EVENT_QUEUE) {
        /* Never expected with the documented drain rule; keep the newest state. */
        a->evq_head = (a->evq_head + 1) % EVENT_QUEUE;
        a->evq_count--;
    }
    a->evq[(a->evq_head + a->evq_count) % EVENT_QUEUE] = *ev;
    a->evq_count++;
}

static void set_state(lk_ice_agent_t *a, lk_ice_state_t s)
{
    if (a->state == s) {
        return;
    }
    a->state = s;
    lk_ice_event_t ev;
    memset(&ev, 0, sizeof ev);
    ev.type = LK_ICE_EVENT_STATE;
    ev.state = s;
    push_event(a, &ev);
}

static uint32_t candidate_priority(unsigned type_pref, uint16_t local_pref)
{
    /* RFC 8445 5.1.2.1: priority = (2^24)*(type preference) + (2^8)*(local preference) +
     * (2^0)*(256 - component ID); component 1. */
    return ((uint32_t)type_pref << 24) | ((uint32_t)local_pref << 8) | 255u;
}

static uint64_t pair_priority(const lk_ice_agent_t *a, uint32_t local_prio, uint32_t remote_prio)
{
    /* RFC 8445 6.1.2.3: pair priority = 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), G the
     * controlling agent's candidate priority, D the controlled agent's. */
    uint64_t g = is_controlling(a) ? local_prio : remote_prio;
    uint64_t d = is_controlling(a) ? remote_prio : local_prio;
    uint64_t mn = g < d ? g : d, mx = g < d ? d : g;
    return (mn << 32) + 2 * mx + (g > d ? 1 : 0);
}

static void fnv_foundation(char out[12], unsigned type, const lk_addr_t *base, unsigned server)
{
    /* Same type, base IP and server -> same foundation (RFC 8445 5.1.1.3). Not secret. */
    uint32_t h = 2166136261u;
    uint8_t bytes[19];
    bytes[0] = (uint8_t)type;
    bytes[1] = base->family;
    bytes[2] = (uint8_t)server;
    memcpy(bytes + 3, base->ip, 16);
    for (size_t i = 0; i < sizeof bytes; i++) {
        h = (h ^ bytes[i]) * 16777619u;
    }
    static const char digits[] = "0123456789";
    size_t n = 0;
    char tmp[11];
    do {
        tmp[n++] = digits[h % 10];
        h /= 10;
    } while (h != 0 && n < sizeof tmp);
    for (size_t i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
    }
    out[n] = '\0';
}

static void announce_local(lk_ice_agent_t *a, local_cand_t *lc)
{
    lk_sdp_candidate_t c;
    lk_ice_event_t ev;
    memset(&c, 0, sizeof c);
    memcpy(c.foundation, lc->foundation, sizeof lc->foundation);
    c.component = 1;
    c.udp = true;
    c.priority = lc->priority;
    c.address_is_ip = true;
    c.addr = lc->addr;
    c.port = lc->addr.port;
    c.type = lc->type;
    c.has_related = lc->type != LK_SDP_CAND_HOST;
    c.related = lc->base;
    c.generation = 0;
    memcpy(c.ufrag, a->local_ufrag, sizeof a->local_ufrag);
    memset(&ev, 0, sizeof ev);
    ev.type = LK_ICE_EVENT_CANDIDATE;
    if (lk_sdp_candidate_format(&c, ev.candidate, sizeof ev.candidate) > 0) {
        push_event(a, &ev);
        lc->announced = true;
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Transmit queue and STUN building */

static lk_ice_transmit_t *tx_slot(lk_ice_agent_t *a, const lk_addr_t *local, const lk_addr_t *remote)
{
    if (a->txq_count == TX_QUEUE || a->closed) {
        return NULL; /* dropped: retransmissions recover */
    }
    lk_ice_transmit_t *t = &a->txq[(a->txq_head + a->txq_count) % TX_QUEUE];
    t->local = *local;
    t->remote = *remote;
    t->len = 0;
    return t;
}

static void tx_commit(lk_ice_agent_t *a, lk_ice_transmit_t *t, size_t len)
{
    t->len = len;
    a->txq_count++;
}

/* A connectivity check or consent request on local(base) -> remote. */
static void send_check(lk_ice_agent_t *a, const lk_addr_t *local, uint16_t local_pref, const lk_addr_t *remote,
                       const uint8_t tid[LK_STUN_TID_LEN], bool use_candidate)
{
    lk_ice_transmit_t *t = tx_slot(a, local, remote);
    lk_stun_writer_t w;
    char user[LK_SDP_MAX_UFRAG + 1 + LK_ICE_UFRAG_LEN + 1];
    if (t == NULL || !a->have_remote_credentials) {
        return;
    }
    size_t ul = strlen(a->remote_ufrag);
    memcpy(user, a->remote_ufrag, ul);
    user[ul] = ':';
    memcpy(user + ul + 1, a->local_ufrag, LK_ICE_UFRAG_LEN);
    lk_stun_write_begin(&w, t->data, sizeof t->data, LK_STUN_METHOD_BINDING, LK_STUN_REQUEST, tid);
    lk_stun_write_attr(&w, LK_STUN_ATTR_USERNAME, user, ul + 1 + LK_ICE_UFRAG_LEN);
    /* RFC 8445 7.1.1: PRIORITY is the priority a peer-reflexive candidate from this base gets. */
    lk_stun_write_u32(&w, LK_STUN_ATTR_PRIORITY, candidate_priority(PREF_PRFLX, local_pref));
    lk_stun_write_u64(&w, is_controlling(a) ? LK_STUN_ATTR_ICE_CONTROLLING : LK_STUN_ATTR_ICE_CONTROLLED, a->tie_breaker);
    if (use_candidate) {
        lk_stun_write_attr(&w, LK_STUN_ATTR_USE_CANDIDATE, NULL, 0);
    }
    lk_stun_write_integrity(&w, (const uint8_t *)a->remote_pwd, strlen(a->remote_pwd));
    if (lk_stun_write_fingerprint(&w) == LK_OK) {
        tx_commit(a, t, w.len);
    }
}

static void send_gather_request(lk_ice_agent_t *a, const gather_t *g)
{
    lk_ice_transmit_t *t = tx_slot(a, &a->local[g->local].base, &a->cfg.stun_servers[g->server]);
    lk_stun_writer_t w;
    if (t == NULL) {
        return;
    }
    lk_stun_write_begin(&w, t->data, sizeof t->data, LK_STUN_METHOD_BINDING, LK_STUN_REQUEST, g->tx.tid);
    if (lk_stun_write_fingerprint(&w) == LK_OK) {
        tx_commit(a, t, w.len);
    }
}

static void send_response(lk_ice_agent_t *a, const lk_addr_t *local, const lk_addr_t *remote,
                          const lk_stun_msg_t *req, uint16_t error, const uint16_t *unknown, size_t unknown_count)
{
    lk_ice_transmit_t *t = tx_slot(a, local, remote);
    lk_stun_writer_t w;
    if (t == NULL) {
        return;
    }
    lk_stun_write_begin(&w, t->data, sizeof t->data, LK_STUN_METHOD_BINDING, error != 0 ? LK_STUN_ERROR : LK_STUN_SUCCESS,
                        req->tid);
    if (error != 0) {
        uint8_t list[2 * LK_STUN_MAX_UNKNOWN];
        lk_stun_write_error_code(&w, error, error == LK_STUN_ERR_ROLE_CONFLICT ? "Role Conflict" : "Unknown Attribute");
        for (size_t i = 0; i < unknown_count; i++) {
            list[2 * i] = (uint8_t)(unknown[i] >> 8);
            list[2 * i + 1] = (uint8_t)unknown[i];
        }
        if (unknown_count > 0) {
            lk_stun_write_attr(&w, LK_STUN_ATTR_UNKNOWN_ATTRIBUTES, list, 2 * unknown_count);
        }
    } else {
        lk_stun_write_address(&w, LK_STUN_ATTR_XOR_MAPPED_ADDRESS, remote, true);
    }
    /* RFC 8445 7.3.1.1 / RFC 8489 9.1.3: responses are signed with our (the responder's) pwd. */
    lk_stun_write_integrity(&w, (const uint8_t *)a->local_pwd, strlen(a->local_pwd));
    if (lk_stun_write_fingerprint(&w) == LK_OK) {
        tx_commit(a, t, w.len);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Transactions */

static int tx_start(transaction_t *tx, uint32_t rto)
{
    int rc = lk_random_bytes(tx->tid, sizeof tx->tid);
    if (rc != LK_OK) {
        tx->active = false;
        return rc;
    }
    tx->active = true;
    tx->pending_first = true;
    tx->sent = 0;
    tx->rto = rto < ICE_RTO_MIN_MS ? ICE_RTO_MIN_MS : rto;
    tx->next_ms = NO_TIME;
    return LK_OK;
}

/* Records a transmission at now; returns false when the transaction has timed out. */
static void tx_sent(transaction_t *tx, uint64_t now)
{
    tx->pending_first = false;
    tx->sent++;
    tx->next_ms = now + tx->rto;
    if (tx->rto < ICE_RTO_CAP_MS) {
        tx->rto = tx->rto * 2 > ICE_RTO_CAP_MS ? ICE_RTO_CAP_MS : tx->rto * 2;
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Candidates and pairs */

static int host_index_for(const lk_ice_agent_t *a, const lk_addr_t *local)
{
    for (size_t i = 0; i < a->local_count; i++) {
        if (a->local[i].type == LK_SDP_CAND_HOST && lk_addr_equal(&a->local[i].base, local)) {
            return (int)i;
        }
    }
    /* a wildcard socket: the same family and port */
    for (size_t i = 0; i < a->local_count; i++) {
        if (a->local[i].type == LK_SDP_CAND_HOST && a->local[i].base.family == local->family &&
            a->local[i].base.port == local->port) {
            return (int)i;
        }
    }
    return -1;
}

static int find_remote(const lk_ice_agent_t *a, const lk_addr_t *addr)
{
    for (size_t i = 0; i < a->remote_count; i++) {
        if (lk_addr_equal(&a->remote[i].addr, addr)) {
            return (int)i;
        }
    }
    return -1;
}

static int find_pair(const lk_ice_agent_t *a, size_t local, size_t remote)
{
    for (size_t i = 0; i < a->pair_count; i++) {
        if (a->pairs[i].local == local && a->pairs[i].remote == remote) {
            return (int)i;
        }
    }
    return -1;
}

static bool same_pair_foundation(const lk_ice_agent_t *a, const pair_t *p, const pair_t *q)
{
    return strcmp(a->local[p->local].foundation, a->local[q->local].foundation) == 0 &&
           strcmp(a->remote[p->remote].foundation, a->remote[q->remote].foundation) == 0;
}

static void recompute_priorities(lk_ice_agent_t *a)
{
    for (size_t i = 0; i < a->pair_count; i++) {
        pair_t *p = &a->pairs[i];
        p->priority = pair_priority(a, a->local[p->local].priority, a->remote[p->remote].priority);
    }
}

static bool pair_active(const pair_t *p)
{
    return p->state == PAIR_WAITING || p->state == PAIR_IN_PROGRESS || p->state == PAIR_FROZEN;
}

/* Adds the pair (host local l, remote r); returns its index or -1. */
static int add_pair(lk_ice_agent_t *a, size_t l, size_t r)
{
    int existing = find_pair(a, l, r);
    if (existing >= 0) {
        return existing;
    }
    if (a->local[l].base.family != a->remote[r].addr.family ||
        lk_addr_is_link_local(&a->local[l].base) != lk_addr_is_link_local(&a->remote[r].addr)) {
        return -1;
    }
    uint64_t prio = pair_priority(a, a->local[l].priority, a->remote[r].priority);
    size_t slot = a->pair_count;
    if (slot == LK_ICE_MAX_PAIRS) {
        /* RFC 8445 6.1.2.5: prune the lowest-priority pair that is not in use */
        size_t worst = LK_ICE_MAX_PAIRS;
        for (size_t i = 0; i < a->pair_count; i++) {
            const pair_t *p = &a->pairs[i];
            if (p->state == PAIR_IN_PROGRESS || p->valid || p->queued) {
                continue;
            }
            if (worst == LK_ICE_MAX_PAIRS || p->priority < a->pairs[worst].priority) {
                worst = i;
            }
        }
        if (worst == LK_ICE_MAX_PAIRS || a->pairs[worst].priority >= prio) {
            return -1;
        }
        slot = worst;
    } else {
        a->pair_count++;
    }
    pair_t *p = &a->pairs[slot];
    memset(p, 0, sizeof *p);
    p->local = (uint8_t)l;
    p->remote = (uint8_t)r;
    p->priority = prio;
    /* RFC 8445 6.1.2.6: one pair per foundation starts Waiting, the others Frozen. */
    p->state = PAIR_WAITING;
    for (size_t i = 0; i < a->pair_count; i++) {
        if (i != slot && same_pair_foundation(a, &a->pairs[i], p) && pair_active(&a->pairs[i])) {
            p->state = PAIR_FROZEN;
            break;
        }
    }
    return (int)slot;
}

static void pair_all_with_remote(lk_ice_agent_t *a, size_t r)
{
    for (size_t l = 0; l < a->local_count; l++) {
        if (a->local[l].type == LK_SDP_CAND_HOST) {
            (void)add_pair(a, l, r);
        }
    }
}

static void trigger(lk_ice_agent_t *a, size_t pi)
{
    pair_t *p = &a->pairs[pi];
    if (p->queued || a->triggered_count == TRIGGERED_QUEUE) {
        return;
    }
    /* RFC 8445 7.3.1.4: a triggered check for a Waiting, Frozen or Failed pair. An In-Progress
     * check is left running instead of being cancelled and redone: its response (or timeout)
     * settles the pair just as well, and peers do not ping-pong triggered checks. */
    if (p->state == PAIR_IN_PROGRESS && p->tx.active) {
        return;
    }
    p->queued = true;
    p->state = PAIR_WAITING;
    p->tx.active = false;
    a->triggered[a->triggered_count++] = (uint8_t)pi;
}

static int add_remote(lk_ice_agent_t *a, lk_sdp_cand_type_t type, const lk_addr_t *addr, uint32_t priority,
                      const char *foundation)
{
    if (a->remote_count == LK_ICE_MAX_REMOTE_CANDIDATES) {
        return LK_ERR_QUEUE_FULL;
    }
    remote_cand_t *rc = &a->remote[a->remote_count];
    memset(rc, 0, sizeof *rc);
    rc->type = type;
    rc->addr = *addr;
    rc->priority = priority;
    size_t fl = strlen(foundation);
    if (fl >= sizeof rc->foundation) {
        fl = sizeof rc->foundation - 1;
    }
    memcpy(rc->foundation, foundation, fl);
    rc->foundation[fl] = '\0';
    a->remote_count++;
    pair_all_with_remote(a, a->remote_count - 1);
    return (int)(a->remote_count - 1);
}

static void select_pair(lk_ice_agent_t *a, const pair_t *p, bool nominated)
{
    const lk_addr_t *local = &a->local[p->local].base;
    const lk_addr_t *remote = &a->remote[p->remote].addr;
    if (a->have_selected && lk_addr_equal(&a->sel_local, local) && lk_addr_equal(&a->sel_remote, remote)) {
        a->sel_priority = p->priority;
        if (nominated) {
            a->sel_nominated = true;
            a->sel_provisional = false;
        }
        return;
    }
    if (!nominated) {
        /* RFC 8445 12.1: "An ICE agent MAY send data on any valid pair before selected pairs have
         * been produced for the data stream." The first valid pair carries data (DTLS) at once;
         * a better valid one replaces it until a pair is nominated. After a restart the previous
         * selection is kept until the new nomination. */
        if (a->have_selected && (!a->sel_provisional || p->priority <= a->sel_priority)) {
            return;
        }
    } else if (a->have_selected && a->sel_nominated && p->priority < a->sel_priority &&
               a->state != LK_ICE_STATE_DISCONNECTED) {
        /* keep a better nominated pair: a restart cleared the table, so compare by value */
        bool old_in_table = false;
        for (size_t i = 0; i < a->pair_count; i++) {
            if (a->pairs[i].nominated && lk_addr_equal(&a->local[a->pairs[i].local].base, &a->sel_local) &&
                lk_addr_equal(&a->remote[a->pairs[i].remote].addr, &a->sel_remote)) {
                old_in_table = true;
            }
        }
        if (old_in_table) {
            return;
        }
    }
    a->have_selected = true;
    a->sel_nominated = nominated;
    a->sel_provisional = !nominated;
    a->sel_local = *local;
    a->sel_remote = *remote;
    a->sel_priority = p->priority;
    a->last_response_ms = a->now;
    a->consent_expired = false;
    lk_ice_event_t ev;
    memset(&ev, 0, sizeof ev);
    ev.type = LK_ICE_EVENT_SELECTED_PAIR;
    ev.local = *local;
    ev.remote = *remote;
    push_event(a, &ev);
}

static void nominate_done(lk_ice_agent_t *a, pair_t *p)
{
    p->nominated = true;
    select_pair(a, p, true);
}

/* ---------------------------------------------------------------------------------------- */
/* Public: creation and configuration */

void lk_ice_config_init(lk_ice_config_t *cfg)
{
    if (cfg == NULL) {
        return;
    }
    memset(cfg, 0, sizeof *cfg);
    cfg->role = LK_ICE_CONTROLLED;
}

int lk_ice_create(lk_ice_agent_t **out, const lk_ice_config_t *cfg)
{
    if (out == NULL || cfg == NULL || cfg->stun_server_count > LK_ICE_MAX_STUN_SERVERS ||
        (cfg->role != LK_ICE_CONTROLLED && cfg->role != LK_ICE_CONTROLLING)) {
        return LK_ERR_INVALID_ARG;
    }
    *out = NULL;
    for (size_t i = 0; i < cfg->stun_server_count; i++) {
        if (cfg->stun_servers[i].family != LK_ADDR_V4 && cfg->stun_servers[i].family != LK_ADDR_V6) {
            return LK_ERR_INVALID_ARG;
        }
    }
    lk_ice_agent_t *a = calloc(1, sizeof *a);
    if (a == NULL) {
        return LK_ERR_NO_MEMORY;
    }
    a->cfg = *cfg;
    if (a->cfg.ta_ms == 0) {
        a->cfg.ta_ms = ICE_TA_DEFAULT_MS;
    }
    if (a->cfg.consent_interval_ms == 0) {
        a->cfg.consent_interval_ms = ICE_CONSENT_INTERVAL_MS;
    }
    if (a->cfg.disconnected_timeout_ms == 0) {
        a->cfg.disconnected_timeout_ms = ICE_DISCONNECTED_MS;
    }
    if (a->cfg.consent_timeout_ms == 0) {
        a->cfg.consent_timeout_ms = ICE_CONSENT_TIMEOUT_MS;
    }
    if (a->cfg.checking_timeout_ms == 0) {
        a->cfg.checking_timeout_ms = ICE_CHECKING_TIMEOUT_MS;
    }
    a->role = cfg->role;
    a->state = LK_ICE_STATE_NEW;
    a->checking_since_ms = NO_TIME;
    a->first_valid_ms = NO_TIME;
    a->rtt_ms = NO_TIME;
    a->consent_next_ms = NO_TIME;
    uint8_t tb[8];
    int rc = new_credentials(a);
    if (rc == LK_OK) {
        rc = lk_random_bytes(tb, sizeof tb);
    }
    if (rc != LK_OK) {
        free(a);
        return rc;
    }
    for (int i = 0; i < 8; i++) {
        a->tie_breaker = (a->tie_breaker << 8) | tb[i];
    }
    *out = a;
    return LK_OK;
}

void lk_ice_destroy(lk_ice_agent_t *a)
{
    free(a);
}

const char *lk_ice_local_ufrag(const lk_ice_agent_t *a)
{
    return a != NULL ? a->local_ufrag : "";
}

const char *lk_ice_local_pwd(const lk_ice_agent_t *a)
{
    return a != NULL ? a->local_pwd : "";
}

lk_ice_role_t lk_ice_role(const lk_ice_agent_t *a)
{
    return a != NULL ? a->role : LK_ICE_CONTROLLED;
}

lk_ice_state_t lk_ice_state(const lk_ice_agent_t *a)
{
    return a != NULL ? a->state : LK_ICE_STATE_CLOSED;
}

const char *lk_ice_state_name(lk_ice_state_t s)
{
    switch (s) {
    case LK_ICE_STATE_NEW: return "new";
    case LK_ICE_STATE_CHECKING: return "checking";
    case LK_ICE_STATE_CONNECTED: return "connected";
    case LK_ICE_STATE_COMPLETED: return "completed";
    case LK_ICE_STATE_DISCONNECTED: return "disconnected";
    case LK_ICE_STATE_FAILED: return "failed";
    case LK_ICE_STATE_CLOSED: return "closed";
    default: return "unknown";
    }
}

static void switch_role(lk_ice_agent_t *a, lk_ice_role_t role)
{
    if (a->role == role) {
        return;
    }
    a->role = role;
    recompute_priorities(a);
    /* nomination is the controlling agent's business: forget half-done nominations */
    for (size_t i = 0; i < a->pair_count; i++) {
        a->pairs[i].nominating = false;
    }
}

int lk_ice_set_role(lk_ice_agent_t *a, lk_ice_role_t role)
{
    if (a == NULL || (role != LK_ICE_CONTROLLED && role != LK_ICE_CONTROLLING)) {
        return LK_ERR_INVALID_ARG;
    }
    if (a->remote_lite && role == LK_ICE_CONTROLLED) {
        return LK_ERR_STATE; /* RFC 8445 6.1.1: a full agent facing a lite one controls */
    }
    switch_role(a, role);
    return LK_OK;
}

int lk_ice_set_remote_lite(lk_ice_agent_t *a, bool lite)
{
    if (a == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    a->remote_lite = lite;
    if (lite) {
        switch_role(a, LK_ICE_CONTROLLING);
    }
    return LK_OK;
}

int lk_ice_add_local_address(lk_ice_agent_t *a, const lk_addr_t *addr)
{
    if (a == NULL || addr == NULL || (addr->family != LK_ADDR_V4 && addr->family != LK_ADDR_V6) || addr->port == 0) {
        return LK_ERR_INVALID_ARG;
    }
    if (a->closed) {
        return LK_ERR_CLOSED;
    }
    if (host_index_for(a, addr) >= 0 && lk_addr_equal(&a->local[host_index_for(a, addr)].base, addr)) {
        return LK_OK;
    }
    if (a->local_count == LK_ICE_MAX_LOCAL_CANDIDATES) {
        return LK_ERR_QUEUE_FULL;
    }
    local_cand_t *lc = &a->local[a->local_count];
    memset(lc, 0, sizeof *lc);
    lc->type = LK_SDP_CAND_HOST;
    lc->addr = *addr;
    lc->base = *addr;
    /* RFC 8445 5.1.2.1: distinct local preferences per base; earlier addresses first. */
    lc->local_pref = (uint16_t)(65535 - 256 * a->host_count);
    lc->priority = candidate_priority(PREF_HOST, lc->local_pref);
    fnv_foundation(lc->foundation, LK_SDP_CAND_HOST, addr, 0);
    size_t li = a->local_count++;
    a->host_count++;
    announce_local(a, lc);
    for (size_t r = 0; r < a->remote_count; r++) {
        (void)add_pair(a, li, r);
    }
    for (size_t s = 0; s < a->cfg.stun_server_count && a->gather_count < GATHER_MAX; s++) {
        if (a->cfg.stun_servers[s].family != addr->family) {
            continue;
        }
        gather_t *g = &a->gathers[a->gather_count];
        memset(g, 0, sizeof *g);
        g->local = (uint8_t)li;
        g->server = (uint8_t)s;
        if (tx_start(&g->tx, ICE_RTO_MIN_MS) == LK_OK) {
            a->gather_count++;
        }
    }
    a->gathering_done_sent = false;
    return LK_OK;
}

static void clear_remote(lk_ice_agent_t *a)
{
    a->sel_provisional = false; /* a restart keeps the current selection until a new nomination */
    a->remote_count = 0;
    a->pair_count = 0;
    a->triggered_count = 0;
    a->remote_eoc = false;
    a->first_valid_ms = NO_TIME;
    a->rtt_ms = NO_TIME;
    a->checking_since_ms = NO_TIME;
}

int lk_ice_set_remote_credentials(lk_ice_agent_t *a, const char *ufrag, size_t ufrag_len, const char *pwd,
                                  size_t pwd_len)
{
    if (a == NULL || ufrag == NULL || pwd == NULL || ufrag_len == 0 || pwd_len == 0) {
        return LK_ERR_INVALID_ARG;
    }
    if (ufrag_len > LK_SDP_MAX_UFRAG || pwd_len > LK_SDP_MAX_PWD) {
        return LK_ERR_UNSUPPORTED;
    }
    for (size_t i = 0; i < ufrag_len; i++) {
        if ((unsigned char)ufrag[i] <= ' ' || ufrag[i] == ':') {
            return LK_ERR_MALFORMED;
        }
    }
    bool changed = a->have_remote_credentials &&
                   (strlen(a->remote_ufrag) != ufrag_len || memcmp(a->remote_ufrag, ufrag, ufrag_len) != 0 ||
                    strlen(a->remote_pwd) != pwd_len || memcmp(a->remote_pwd, pwd, pwd_len) != 0);
    if (changed) {
        clear_remote(a); /* a remote ICE restart (RFC 8445 9) */
    }
    memcpy(a->remote_ufrag, ufrag, ufrag_len);
    a->remote_ufrag[ufrag_len] = '\0';
    memcpy(a->remote_pwd, pwd, pwd_len);
    a->remote_pwd[pwd_len] = '\0';
    a->have_remote_credentials = true;
    return LK_OK;
}

int lk_ice_add_remote_candidate(lk_ice_agent_t *a, const char *line, size_t len)
{
    lk_sdp_candidate_t c;
    if (a == NULL || (line == NULL && len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    int rc = lk_sdp_candidate_parse(line, len, &c);
    if (rc != LK_OK) {
        return rc;
    }
    if (!c.udp || c.component != 1 || !c.address_is_ip || c.addr.port == 0) {
        return LK_ICE_CANDIDATE_IGNORED; /* TCP, RTCP component, mDNS name */
    }
    if (c.ufrag[0] != '\0' && a->have_remote_credentials && strcmp(c.ufrag, a->remote_ufrag) != 0) {
        return LK_ICE_CANDIDATE_IGNORED; /* an older generation */
    }
    bool family_ok = a->host_count == 0;
    for (size_t i = 0; i < a->local_count; i++) {
        if (a->local[i].base.family == c.addr.family) {
            family_ok = true;
        }
    }
    if (!family_ok) {
        return LK_ICE_CANDIDATE_IGNORED;
    }
    int existing = find_remote(a, &c.addr);
    if (existing >= 0) {
        remote_cand_t *r = &a->remote[existing];
        if (r->type != LK_SDP_CAND_PRFLX) {
            return LK_ICE_CANDIDATE_IGNORED; /* duplicate */
        }
        /* RFC 8445 7.3.1.3: a signalled candidate replaces the peer-reflexive one we learnt */
        r->type = c.type;
        r->priority = c.priority;
        snprintf(r->foundation, sizeof r->foundation, "%s", c.foundation);
        recompute_priorities(a);
        return LK_OK;
    }
    rc = add_remote(a, c.type, &c.addr, c.priority, c.foundation);
    return rc < 0 ? rc : LK_OK;
}

static void update_state(lk_ice_agent_t *a);

void lk_ice_set_remote_end_of_candidates(lk_ice_agent_t *a)
{
    if (a != NULL) {
        a->remote_eoc = true;
        update_state(a);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Incoming STUN */

static void handle_request(lk_ice_agent_t *a, int li, const lk_addr_t *remote, const uint8_t *data, size_t len,
                           const lk_stun_msg_t *m, int *result)
{
    const local_cand_t *lc = &a->local[li];
    size_t ul = strlen(a->local_ufrag);
    /* RFC 8445 7.3 / RFC 8489 9.1.3: USERNAME "ours:theirs" and MESSAGE-INTEGRITY with our pwd */
    if (m->username == NULL || !m->has_integrity || m->username_len <= ul || memcmp(m->username, a->local_ufrag, ul) != 0 ||
        m->username[ul] != ':') {
        *result = LK_ERR_AUTH;
        return;
    }
    if (a->have_remote_credentials) {
        size_t rl = m->username_len - ul - 1;
        if (rl != strlen(a->remote_ufrag) || memcmp(m->username + ul + 1, a->remote_ufrag, rl) != 0) {
            *result = LK_ERR_AUTH;
            return;
        }
    }
    if (lk_stun_verify_integrity(data, len, m, (const uint8_t *)a->local_pwd, strlen(a->local_pwd)) != LK_OK) {
        *result = LK_ERR_AUTH;
        return;
    }
    if (m->unknown_count > 0) {
        send_response(a, &lc->base, remote, m, LK_STUN_ERR_UNKNOWN_ATTRIBUTE, m->unknown, m->unknown_count);
        return;
    }
    if (!m->has_priority || (m->has_ice_controlling == m->has_ice_controlled)) {
        *result = LK_ERR_MALFORMED; /* RFC 8445 7.1.1-7.1.3: PRIORITY and exactly one role */
        return;
    }
    /* RFC 8445 7.3.1.1: role conflicts */
    if (is_controlling(a) && m->has_ice_controlling) {
        if (a->tie_breaker >= m->ice_controlling) {
            send_response(a, &lc->base, remote, m, LK_STUN_ERR_ROLE_CONFLICT, NULL, 0);
            return;
        }
        switch_role(a, LK_ICE_CONTROLLED);
    } else if (!is_controlling(a) && m->has_ice_controlled) {
        if (a->tie_breaker >= m->ice_controlled) {
            switch_role(a, LK_ICE_CONTROLLING);
        } else {
            send_response(a, &lc->base, remote, m, LK_STUN_ERR_ROLE_CONFLICT, NULL, 0);
            return;
        }
    }
    send_response(a, &lc->base, remote, m, 0, NULL, 0);

    /* RFC 8445 7.3.1.3: an unknown source is a peer-reflexive remote candidate */
    int ri = find_remote(a, remote);
    if (ri < 0) {
        char f[16];
        snprintf(f, sizeof f, "prflx%u", a->prflx_counter++ % 100000u);
        ri = add_remote(a, LK_SDP_CAND_PRFLX, remote, m->priority, f);
        if (ri < 0) {
            return;
        }
    }
    int pi = find_pair(a, (size_t)li, (size_t)ri);
    if (pi < 0) {
        pi = add_pair(a, (size_t)li, (size_t)ri);
        if (pi < 0) {
            return;
        }
    }
    pair_t *p = &a->pairs[pi];
    /* RFC 8445 7.3.1.4: triggered check unless it already succeeded */
    if (p->state != PAIR_SUCCEEDED) {
        trigger(a, (size_t)pi);
    }
    /* RFC 8445 7.3.1.5: USE-CANDIDATE from the controlling agent */
    if (m->use_candidate && !is_controlling(a)) {
        p->remote_nominated = true;
        if (p->valid) {
            nominate_done(a, p);
        }
    }
}

static void handle_check_response(lk_ice_agent_t *a, pair_t *p, int li, const lk_addr_t *remote, const uint8_t *data,
                                  size_t len, const lk_stun_msg_t *m, int *result)
{
    if (lk_stun_verify_integrity(data, len, m, (const uint8_t *)a->remote_pwd, strlen(a->remote_pwd)) != LK_OK) {
        *result = LK_ERR_AUTH;
        return;
    }
    bool nominating = p->nominating;
    p->tx.active = false;
    p->nominating = false;
    if (m->cls == LK_STUN_ERROR) {
        if (m->error_code == LK_STUN_ERR_ROLE_CONFLICT) {
            /* RFC 8445 7.2.5.1: switch to the role opposite of the one in our request, retry */
            switch_role(a, p->sent_controlling ? LK_ICE_CONTROLLED : LK_ICE_CONTROLLING);
            trigger(a, (size_t)(p - a->pairs));
        } else {
            p->state = PAIR_FAILED;
        }
        return;
    }
    /* RFC 8445 7.2.5.2.1: the addresses must be symmetric */
    if (p->local != li || !lk_addr_equal(&a->remote[p->remote].addr, remote)) {
        p->state = PAIR_FAILED;
        return;
    }
    p->state = PAIR_SUCCEEDED;
    p->valid = true;
    if (a->first_valid_ms == NO_TIME) {
        a->first_valid_ms = a->now;
    }
    if (a->rtt_ms == NO_TIME && p->tx.sent == 1 && a->now >= p->check_sent_ms) {
        a->rtt_ms = a->now - p->check_sent_ms; /* Karn: only an unambiguous sample */
    }
    /* RFC 8445 7.2.5.3.3: unfreeze the pairs with the same foundation */
    for (size_t i = 0; i < a->pair_count; i++) {
        if (a->pairs[i].state == PAIR_FROZEN && same_pair_foundation(a, &a->pairs[i], p)) {
            a->pairs[i].state = PAIR_WAITING;
        }
    }
    /* A mapped address other than our base is a local peer-reflexive candidate (7.2.5.3.1); we
     * keep sending from the base, which is what that candidate's base is, so nothing changes. */
    if (is_controlling(a) && nominating) {
        nominate_done(a, p);
    } else if (!is_controlling(a) && p->remote_nominated) {
        nominate_done(a, p);
    } else {
        select_pair(a, p, false); /* data may flow on a valid pair (RFC 8445 12.1) */
    }
    if (a->have_selected && lk_addr_equal(&a->sel_local, &a->local[p->local].base) &&
        lk_addr_equal(&a->sel_remote, &a->remote[p->remote].addr)) {
        a->last_response_ms = a->now;
    }
}

static void handle_gather_response(lk_ice_agent_t *a, gather_t *g, const lk_stun_msg_t *m)
{
    g->tx.active = false;
    g->done = true;
    if (m->cls != LK_STUN_SUCCESS || (!m->has_xor_mapped && !m->has_mapped)) {
        return;
    }
    const lk_addr_t *mapped = m->has_xor_mapped ? &m->xor_mapped : &m->mapped;
    const local_cand_t *host = &a->local[g->local];
    /* RFC 8445 5.1.3: a srflx equal to a host candidate is redundant */
    for (size_t i = 0; i < a->local_count; i++) {
        if (lk_addr_equal(&a->local[i].addr, mapped)) {
            return;
        }
    }
    if (a->local_count == LK_ICE_MAX_LOCAL_CANDIDATES || mapped->family != host->base.family) {
        return;
    }
    local_cand_t *lc = &a->local[a->local_count++];
    memset(lc, 0, sizeof *lc);
    lc->type = LK_SDP_CAND_SRFLX;
    lc->addr = *mapped;
    lc->base = host->base;
    lc->local_pref = host->local_pref;
    lc->priority = candidate_priority(PREF_SRFLX, host->local_pref);
    fnv_foundation(lc->foundation, LK_SDP_CAND_SRFLX, &host->base, (unsigned)g->server + 1);
    announce_local(a, lc);
}

int lk_ice_handle_input(lk_ice_agent_t *a, uint64_t now_ms, const lk_addr_t *local, const lk_addr_t *remote,
                        const uint8_t *data, size_t len)
{
    lk_stun_msg_t m;
    if (a == NULL || local == NULL || remote == NULL || (data == NULL && len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    if (now_ms > a->now) {
        a->now = now_ms;
    }
    if (a->closed) {
        return LK_ERR_CLOSED;
    }
    if (lk_stun_parse(data, len, &m) != LK_OK || m.method != LK_STUN_METHOD_BINDING) {
        return LK_ERR_MALFORMED;
    }
    if (m.has_fingerprint && lk_stun_verify_fingerprint(data, len, &m) != LK_OK) {
        return LK_ERR_AUTH;
    }
    int li = host_index_for(a, local);
    if (li < 0) {
        return LK_ERR_NOT_FOUND;
    }
    int result = LK_OK;
    if (m.cls == LK_STUN_INDICATION) {
        return LK_OK; /* Binding indications are keepalives: nothing to do */
    }
    if (m.cls == LK_STUN_REQUEST) {
        handle_request(a, li, remote, data, len, &m, &result);
        update_state(a); /* a nomination may have selected a pair */
        return result;
    }
    /* a response: find our transaction */
    for (size_t i = 0; i < a->pair_count; i++) {
        pair_t *p = &a->pairs[i];
        if (p->tx.active && !p->tx.pending_first && memcmp(p->tx.tid, m.tid, LK_STUN_TID_LEN) == 0) {
            handle_check_response(a, p, li, remote, data, len, &m, &result);
            update_state(a); /* report CONNECTED / COMPLETED with the response, not at the next timer */
            return result;
        }
    }
    for (size_t i = 0; i < a->gather_count; i++) {
        gather_t *g = &a->gathers[i];
        if (g->tx.active && !g->tx.pending_first && memcmp(g->tx.tid, m.tid, LK_STUN_TID_LEN) == 0 &&
            lk_addr_equal(remote, &a->cfg.stun_servers[g->server])) {
            handle_gather_response(a, g, &m);
            return LK_OK;
        }
    }
    for (size_t i = 0; i < CONSENT_TIDS; i++) {
        if (memcmp(a->consent_tids[i], m.tid, LK_STUN_TID_LEN) == 0 && a->have_selected) {
            if (lk_stun_verify_integrity(data, len, &m, (const uint8_t *)a->remote_pwd, strlen(a->remote_pwd)) != LK_OK) {
                return LK_ERR_AUTH;
            }
            if (m.cls == LK_STUN_SUCCESS && lk_addr_equal(remote, &a->sel_remote) &&
                lk_addr_equal(&a->local[li].base, &a->sel_local)) {
                a->last_response_ms = a->now; /* RFC 7675 5.1: consent refreshed */
                if (memcmp(a->consent_tx.tid, m.tid, LK_STUN_TID_LEN) == 0) {
                    a->consent_tx.active = false;
                }
            } else if (m.cls == LK_STUN_ERROR && m.error_code == LK_STUN_ERR_ROLE_CONFLICT) {
                switch_role(a, is_controlling(a) ? LK_ICE_CONTROLLED : LK_ICE_CONTROLLING);
            }
            memset(a->consent_tids[i], 0, LK_STUN_TID_LEN);
            return LK_OK;
        }
    }
    return LK_ERR_NOT_FOUND;
}

/* ---------------------------------------------------------------------------------------- */
/* Timers */

static size_t count_checks_pending(const lk_ice_agent_t *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->pair_count; i++) {
        if (a->pairs[i].state == PAIR_WAITING || a->pairs[i].state == PAIR_IN_PROGRESS) {
            n++;
        }
    }
    return n;
}

/* How long an unanswered check of a higher-priority pair holds the nomination back (see
 * ICE_NOMINATION_WAIT_MS). */
static uint64_t answer_window(const lk_ice_agent_t *a)
{
    uint64_t w = a->rtt_ms == NO_TIME ? 0 : a->rtt_ms * ICE_NOMINATION_ANSWER_RTTS;
    return w > a->cfg.ta_ms ? w : a->cfg.ta_ms;
}

/* Can pair p, of higher priority than the best valid pair, still succeed soon? */
static bool may_succeed_soon(const lk_ice_agent_t *a, const pair_t *p)
{
    if (p->state == PAIR_FROZEN || p->state == PAIR_WAITING) {
        return true;
    }
    return p->state == PAIR_IN_PROGRESS && a->now < p->check_sent_ms + answer_window(a);
}

/* The best valid pair to nominate now, or -1 (controlling only). */
static int nomination_candidate(const lk_ice_agent_t *a)
{
    int best = -1;
    for (size_t i = 0; i < a->pair_count; i++) {
        const pair_t *p = &a->pairs[i];
        if (p->nominating) {
            return -1; /* one nomination at a time */
        }
        if (p->nominated) {
            return -1; /* done (a restart clears the table) */
        }
        if (p->valid && (best < 0 || p->priority > a->pairs[best].priority)) {
            best = (int)i;
        }
    }
    if (best < 0) {
        return -1;
    }
    bool better_pending = false;
    for (size_t i = 0; i < a->pair_count; i++) {
        const pair_t *p = &a->pairs[i];
        if (pair_active(p) && p->priority > a->pairs[best].priority && may_succeed_soon(a, p)) {
            better_pending = true;
        }
    }
    if (better_pending && a->now < a->first_valid_ms + ICE_NOMINATION_WAIT_MS) {
        return -1;
    }
    return best;
}

/* Picks the next ordinary check (RFC 8445 6.1.4.2); -1 when none. A Frozen pick must be set
 * Waiting by the caller. */
static int next_ordinary_check(const lk_ice_agent_t *a)
{
    int best = -1;
    for (size_t i = 0; i < a->pair_count; i++) {
        if (a->pairs[i].state == PAIR_WAITING && !a->pairs[i].queued &&
            (best < 0 || a->pairs[i].priority > a->pairs[best].priority)) {
            best = (int)i;
        }
    }
    if (best >= 0) {
        return best;
    }
    /* no Waiting pair: unfreeze the best Frozen pair whose foundation has none Waiting/In-Progress */
    for (size_t i = 0; i < a->pair_count; i++) {
        const pair_t *p = &a->pairs[i];
        if (p->state != PAIR_FROZEN) {
            continue;
        }
        bool busy = false;
        for (size_t k = 0; k < a->pair_count; k++) {
            const pair_t *q = &a->pairs[k];
            if ((q->state == PAIR_WAITING || q->state == PAIR_IN_PROGRESS) && same_pair_foundation(a, p, q)) {
                busy = true;
            }
        }
        if (!busy && (best < 0 || p->priority > a->pairs[best].priority)) {
            best = (int)i;
        }
    }
    return best;
}

static bool can_check(const lk_ice_agent_t *a)
{
    return a->have_remote_credentials && !a->closed && a->state != LK_ICE_STATE_FAILED;
}

/* Is there a new transaction waiting for the Ta pacer? */
static bool pacer_has_work(const lk_ice_agent_t *a)
{
    for (size_t i = 0; i < a->gather_count; i++) {
        if (a->gathers[i].tx.active && a->gathers[i].tx.pending_first) {
            return true;
        }
    }
    if (!can_check(a)) {
        return false;
    }
    if (a->triggered_count > 0) {
        return true;
    }
    if (is_controlling(a) && nomination_candidate(a) >= 0) {
        return true;
    }
    return next_ordinary_check(a) >= 0;
}

static void start_check(lk_ice_agent_t *a, pair_t *p, bool use_candidate)
{
    uint32_t rto = (uint32_t)(a->cfg.ta_ms * (count_checks_pending(a) + 1));
    if (tx_start(&p->tx, rto) != LK_OK) {
        return;
    }
    p->state = PAIR_IN_PROGRESS;
    p->nominating = use_candidate;
    p->sent_controlling = is_controlling(a);
    p->check_sent_ms = a->now;
    send_check(a, &a->local[p->local].base, a->local[p->local].local_pref, &a->remote[p->remote].addr, p->tx.tid,
               use_candidate);
    tx_sent(&p->tx, a->now);
}

/* One paced transmission: gathering first, then triggered, nomination, ordinary checks. */
static void pacer_tick(lk_ice_agent_t *a)
{
    for (size_t i = 0; i < a->gather_count; i++) {
        gather_t *g = &a->gathers[i];
        if (g->tx.active && g->tx.pending_first) {
            send_gather_request(a, g);
            tx_sent(&g->tx, a->now);
            a->next_check_ms = a->now + a->cfg.ta_ms;
            return;
        }
    }
    if (!can_check(a)) {
        return;
    }
    if (a->checking_since_ms == NO_TIME && a->pair_count > 0) {
        a->checking_since_ms = a->now;
    }
    while (a->triggered_count > 0) {
        size_t pi = a->triggered[0];
        memmove(a->triggered, a->triggered + 1, (a->triggered_count - 1) * sizeof a->triggered[0]);
        a->triggered_count--;
        if (pi >= a->pair_count || !a->pairs[pi].queued) {
            continue;
        }
        pair_t *p = &a->pairs[pi];
        p->queued = false;
        /* the controlling agent nominates with the triggered check when it picked this pair */
        start_check(a, p, is_controlling(a) && p->nominating);
        a->next_check_ms = a->now + a->cfg.ta_ms;
        return;
    }
    if (is_controlling(a)) {
        int n = nomination_candidate(a);
        if (n >= 0) {
            start_check(a, &a->pairs[n], true); /* RFC 8445 8.1.1: the check with USE-CANDIDATE */
            a->next_check_ms = a->now + a->cfg.ta_ms;
            return;
        }
    }
    int pi = next_ordinary_check(a);
    if (pi >= 0) {
        a->pairs[pi].state = PAIR_WAITING;
        start_check(a, &a->pairs[pi], false);
        a->next_check_ms = a->now + a->cfg.ta_ms;
    }
}

static void run_retransmissions(lk_ice_agent_t *a)
{
    for (size_t i = 0; i < a->pair_count; i++) {
        pair_t *p = &a->pairs[i];
        if (!p->tx.active || p->tx.pending_first || p->tx.next_ms > a->now) {
            continue;
        }
        if (p->tx.sent >= ICE_RC) {
            p->tx.active = false; /* RFC 8445 7.2.5.2.4 / RFC 8489 6.2.1: timeout -> Failed */
            p->state = PAIR_FAILED;
            p->valid = false;
            p->nominating = false;
            continue;
        }
        p->sent_controlling = is_controlling(a);
        send_check(a, &a->local[p->local].base, a->local[p->local].local_pref, &a->remote[p->remote].addr, p->tx.tid,
                   p->nominating);
        tx_sent(&p->tx, a->now);
    }
    for (size_t i = 0; i < a->gather_count; i++) {
        gather_t *g = &a->gathers[i];
        if (!g->tx.active || g->tx.pending_first || g->tx.next_ms > a->now) {
            continue;
        }
        if (g->tx.sent >= ICE_RC) {
            g->tx.active = false;
            g->done = true;
            continue;
        }
        send_gather_request(a, g);
        tx_sent(&g->tx, a->now);
    }
}

static uint32_t consent_interval(lk_ice_agent_t *a)
{
    uint32_t base = a->state == LK_ICE_STATE_DISCONNECTED ? ICE_CONSENT_FAST_MS : a->cfg.consent_interval_ms;
    if (base > a->cfg.consent_interval_ms) {
        base = a->cfg.consent_interval_ms;
    }
    uint8_t r[2] = {0, 0};
    (void)lk_random_bytes(r, sizeof r);
    /* RFC 7675 5.1: randomized between 0.8 and 1.2 of the interval */
    uint32_t spread = base * 2 / 5;
    return base * 4 / 5 + (spread > 0 ? (((uint32_t)r[0] << 8) | r[1]) % (spread + 1) : 0);
}

static void send_consent(lk_ice_agent_t *a)
{
    int li = host_index_for(a, &a->sel_local);
    if (li >= 0) {
        send_check(a, &a->sel_local, a->local[li].local_pref, &a->sel_remote, a->consent_tx.tid, false);
    }
    tx_sent(&a->consent_tx, a->now);
}

static void run_consent(lk_ice_agent_t *a)
{
    if (!a->have_selected || a->consent_expired || !a->have_remote_credentials || a->closed) {
        a->consent_tx.active = false;
        return;
    }
    if (a->consent_next_ms == NO_TIME) {
        a->consent_next_ms = a->now + consent_interval(a);
        return;
    }
    if (a->now >= a->consent_next_ms) {
        /* RFC 7675 5.1: a new consent check each interval, a STUN transaction with the usual
         * retransmissions; older transactions stay matchable through consent_tids. */
        if (tx_start(&a->consent_tx, ICE_RTO_MIN_MS) == LK_OK) {
            memcpy(a->consent_tids[a->consent_tid_next], a->consent_tx.tid, LK_STUN_TID_LEN);
            a->consent_tid_next = (a->consent_tid_next + 1) % CONSENT_TIDS;
            send_consent(a);
        }
        a->consent_next_ms = a->now + consent_interval(a);
    } else if (a->consent_tx.active && a->consent_tx.next_ms <= a->now) {
        if (a->consent_tx.sent >= ICE_RC) {
            a->consent_tx.active = false;
        } else {
            send_consent(a);
        }
    }
}

static bool all_pairs_failed(const lk_ice_agent_t *a)
{
    if (a->pair_count == 0) {
        return false;
    }
    for (size_t i = 0; i < a->pair_count; i++) {
        if (a->pairs[i].state != PAIR_FAILED) {
            return false;
        }
    }
    return true;
}

static void update_state(lk_ice_agent_t *a)
{
    if (a->closed || a->state == LK_ICE_STATE_FAILED) {
        return;
    }
    if (!a->gathering_done_sent && a->host_count > 0) {
        bool done = true;
        for (size_t i = 0; i < a->gather_count; i++) {
            if (!a->gathers[i].done) {
                done = false;
            }
        }
        if (done) {
            lk_ice_event_t ev;
            memset(&ev, 0, sizeof ev);
            ev.type = LK_ICE_EVENT_GATHERING_DONE;
            push_event(a, &ev);
            a->gathering_done_sent = true;
        }
    }
    if (a->have_selected) {
        uint64_t silent = a->now > a->last_response_ms ? a->now - a->last_response_ms : 0;
        if (silent >= a->cfg.consent_timeout_ms) {
            /* RFC 7675 5.1: "if no successful response ... within 30 seconds, consent has expired"
             * and the agent stops sending on the pair. */
            a->consent_expired = true;
            a->have_selected = false;
            set_state(a, LK_ICE_STATE_FAILED);
            return;
        }
        if (silent >= a->cfg.disconnected_timeout_ms) {
            set_state(a, LK_ICE_STATE_DISCONNECTED);
            return;
        }
        /* W3C RTCIceTransportState: "connected" = "found a usable connection, but is still
         * checking"; "completed" = finished checking and found a connection: a nominated pair. */
        bool complete = a->sel_nominated && (a->remote_lite || a->remote_eoc);
        set_state(a, complete ? LK_ICE_STATE_COMPLETED : LK_ICE_STATE_CONNECTED);
        return;
    }
    if (a->checking_since_ms != NO_TIME) {
        if (a->state == LK_ICE_STATE_NEW) {
            set_state(a, LK_ICE_STATE_CHECKING);
        }
        if (a->now >= a->checking_since_ms + a->cfg.checking_timeout_ms ||
            (a->remote_eoc && all_pairs_failed(a) && a->triggered_count == 0)) {
            set_state(a, LK_ICE_STATE_FAILED);
        }
    }
}

int lk_ice_handle_timeout(lk_ice_agent_t *a, uint64_t now_ms)
{
    if (a == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (now_ms > a->now) {
        a->now = now_ms;
    }
    if (a->closed) {
        return LK_OK;
    }
    run_retransmissions(a);
    if (a->now >= a->next_check_ms && pacer_has_work(a)) {
        pacer_tick(a);
    }
    run_consent(a);
    update_state(a);
    return LK_OK;
}

uint64_t lk_ice_poll_timeout(const lk_ice_agent_t *a)
{
    if (a == NULL || a->closed) {
        return NO_TIME;
    }
    uint64_t t = NO_TIME;
    if (pacer_has_work(a)) {
        t = a->next_check_ms > a->now ? a->next_check_ms : a->now;
    }
    for (size_t i = 0; i < a->pair_count; i++) {
        if (a->pairs[i].tx.active && !a->pairs[i].tx.pending_first) {
            t = min_u64(t, a->pairs[i].tx.next_ms);
        }
    }
    for (size_t i = 0; i < a->gather_count; i++) {
        if (a->gathers[i].tx.active && !a->gathers[i].tx.pending_first) {
            t = min_u64(t, a->gathers[i].tx.next_ms);
        }
    }
    if (a->state == LK_ICE_STATE_FAILED) {
        return t;
    }
    if (a->have_selected) {
        if (a->have_remote_credentials && !a->consent_expired) {
            /* (during a restart, consent waits for the new remote credentials) */
            t = min_u64(t, a->consent_next_ms == NO_TIME ? a->now : a->consent_next_ms);
            if (a->consent_tx.active) {
                t = min_u64(t, a->consent_tx.next_ms);
            }
        }
        if (a->state != LK_ICE_STATE_DISCONNECTED) {
            t = min_u64(t, a->last_response_ms + a->cfg.disconnected_timeout_ms);
        }
        t = min_u64(t, a->last_response_ms + a->cfg.consent_timeout_ms);
    } else if (a->checking_since_ms != NO_TIME) {
        t = min_u64(t, a->checking_since_ms + a->cfg.checking_timeout_ms);
        if (a->state == LK_ICE_STATE_NEW) {
            t = min_u64(t, a->now);
        }
    }
    if (is_controlling(a) && a->first_valid_ms != NO_TIME && a->now < a->first_valid_ms + ICE_NOMINATION_WAIT_MS) {
        /* wake when the nomination may no longer wait: the bound, or an unanswered higher check's
         * window (a data-carrying valid pair does not end the wait: nomination is still due) */
        bool nominated = false;
        uint64_t w = a->first_valid_ms + ICE_NOMINATION_WAIT_MS;
        for (size_t i = 0; i < a->pair_count; i++) {
            const pair_t *p = &a->pairs[i];
            nominated = nominated || p->nominated;
            if (p->state == PAIR_IN_PROGRESS && p->check_sent_ms + answer_window(a) > a->now) {
                w = min_u64(w, p->check_sent_ms + answer_window(a));
            }
        }
        if (!nominated) {
            t = min_u64(t, w);
        }
    }
    if (!a->gathering_done_sent && a->host_count > 0) {
        bool done = true;
        for (size_t i = 0; i < a->gather_count; i++) {
            if (!a->gathers[i].done) {
                done = false;
            }
        }
        if (done) {
            t = min_u64(t, a->now);
        }
    }
    return t;
}

int lk_ice_poll_transmit(lk_ice_agent_t *a, lk_ice_transmit_t *out)
{
    if (a == NULL || out == NULL || a->txq_count == 0) {
        return 0;
    }
    *out = a->txq[a->txq_head];
    a->txq_head = (a->txq_head + 1) % TX_QUEUE;
    a->txq_count--;
    return 1;
}

int lk_ice_poll_event(lk_ice_agent_t *a, lk_ice_event_t *ev)
{
    if (a == NULL || ev == NULL || a->evq_count == 0) {
        return 0;
    }
    *ev = a->evq[a->evq_head];
    a->evq_head = (a->evq_head + 1) % EVENT_QUEUE;
    a->evq_count--;
    return 1;
}

int lk_ice_selected_pair(const lk_ice_agent_t *a, lk_addr_t *local, lk_addr_t *remote)
{
    if (a == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (!a->have_selected) {
        return LK_ERR_NOT_FOUND;
    }
    if (local != NULL) {
        *local = a->sel_local;
    }
    if (remote != NULL) {
        *remote = a->sel_remote;
    }
    return LK_OK;
}

int lk_ice_restart(lk_ice_agent_t *a)
{
    if (a == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (a->closed) {
        return LK_ERR_CLOSED;
    }
    int rc = new_credentials(a);
    if (rc != LK_OK) {
        return rc;
    }
    clear_remote(a);
    a->have_remote_credentials = false;
    a->remote_ufrag[0] = '\0';
    a->remote_pwd[0] = '\0';
    a->consent_next_ms = NO_TIME;
    a->consent_tx.active = false;
    a->last_response_ms = a->now;
    memset(a->consent_tids, 0, sizeof a->consent_tids);
    if (a->state == LK_ICE_STATE_FAILED) {
        a->have_selected = false;
        a->consent_expired = false;
        set_state(a, LK_ICE_STATE_NEW);
    }
    for (size_t i = 0; i < a->local_count; i++) {
        announce_local(a, &a->local[i]);
    }
    if (a->gathering_done_sent) {
        lk_ice_event_t ev;
        memset(&ev, 0, sizeof ev);
        ev.type = LK_ICE_EVENT_GATHERING_DONE;
        push_event(a, &ev);
    }
    return LK_OK;
}

void lk_ice_close(lk_ice_agent_t *a)
{
    if (a == NULL || a->closed) {
        return;
    }
    a->closed = true;
    a->have_selected = false;
    a->txq_count = 0;
    set_state(a, LK_ICE_STATE_CLOSED);
}
