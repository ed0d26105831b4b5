/*
 * ice.h - a sans-I/O ICE agent (RFC 8445 full ICE, both roles; RFC 7675 consent freshness;
 * UDP only, one component: WebRTC with BUNDLE and rtcp-mux).
 *
 * The agent owns no socket, thread or clock. The caller (the peer connection) drives it:
 *   - tells it its local socket addresses (lk_ice_add_local_address): each becomes a host
 *     candidate; for each configured STUN server of the same family it sends a Binding request
 *     and reports the server-reflexive candidate;
 *   - gives it the remote ICE credentials and candidates (SDP or trickle, any time);
 *   - feeds it every received STUN datagram (lk_ice_handle_input; the RFC 7983 demux is the
 *     caller's) and calls lk_ice_handle_timeout when lk_ice_poll_timeout's deadline passes;
 *   - after EVERY call above, drains lk_ice_poll_transmit (send each datagram from .local to
 *     .remote) and lk_ice_poll_event until they return 0, then sleeps until lk_ice_poll_timeout.
 * Time only moves through the now_ms arguments (any monotonic millisecond clock; it must not
 * go backwards). Usage rule: one change, then drain, then wait for the deadline.
 *
 * Roles: the offerer is usually controlling. A remote ICE-lite agent (LiveKit with
 * protocol > 5) makes us controlling (RFC 8445 6.1.1). Controlling/controlling and
 * controlled/controlled conflicts are resolved with the tie-breakers (487, RFC 8445 7.3.1.1).
 * The controlling agent uses regular nomination (USE-CANDIDATE, RFC 8445 8.1.1).
 *
 * States: NEW -> CHECKING (remote credentials and a pair exist) -> CONNECTED (a valid pair is
 * selected for data: the first valid one at once, RFC 8445 12.1, replaced by a better valid one
 * or by the nominated one) -> COMPLETED (the selected pair is nominated and the remote sent
 * end-of-candidates or is lite).
 * CONNECTED/COMPLETED -> DISCONNECTED when the selected pair got no authenticated response for
 * disconnected_timeout_ms; back when responses return; FAILED when consent expires
 * (consent_timeout_ms, RFC 7675) or when checking finds no pair (all pairs failed after
 * end-of-candidates, or checking_timeout_ms). lk_ice_close -> CLOSED. lk_ice_restart keeps the
 * selected pair usable until a new one is nominated.
 *
 * Memory: one allocation (lk_ice_create), fixed tables. Threading: an agent is used by one
 * thread at a time; distinct agents are independent. Randomness (credentials, transaction ids,
 * tie-breaker, consent jitter) comes from lk_random_bytes (random.h).
 */
#ifndef LK_ICE_H
#define LK_ICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "sdp.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LK_ICE_MAX_STUN_SERVERS 2
#define LK_ICE_MAX_LOCAL_CANDIDATES 8    /* host + server-reflexive */
#define LK_ICE_MAX_REMOTE_CANDIDATES 16  /* signalled + peer-reflexive */
#define LK_ICE_MAX_PAIRS 64              /* lowest priority pairs are pruned beyond this */
#define LK_ICE_MAX_PACKET 256            /* largest STUN message the agent builds */
#define LK_ICE_UFRAG_LEN 8               /* our ufrag: 8 chars of [A-Za-z0-9+/] (>= 24 bits) */
#define LK_ICE_PWD_LEN 24                /* our pwd: 24 chars (>= 128 bits, RFC 8445 5.3) */
#define LK_ICE_CANDIDATE_IGNORED 1       /* lk_ice_add_remote_candidate: valid but not usable */

typedef struct lk_ice_agent lk_ice_agent_t;

typedef enum lk_ice_role { LK_ICE_CONTROLLED = 0, LK_ICE_CONTROLLING = 1 } lk_ice_role_t;

typedef enum lk_ice_state {
    LK_ICE_STATE_NEW = 0,
    LK_ICE_STATE_CHECKING = 1,
    LK_ICE_STATE_CONNECTED = 2,
    LK_ICE_STATE_COMPLETED = 3,
    LK_ICE_STATE_DISCONNECTED = 4,
    LK_ICE_STATE_FAILED = 5,
    LK_ICE_STATE_CLOSED = 6
} lk_ice_state_t;

typedef struct lk_ice_config {
    lk_ice_role_t role;
    lk_addr_t stun_servers[LK_ICE_MAX_STUN_SERVERS]; /* numeric; the caller resolved names */
    size_t stun_server_count;
    /* Zero selects the default (in brackets); tests shorten them. */
    uint32_t ta_ms;                  /* check pacing [50] */
    uint32_t consent_interval_ms;    /* mean consent check interval [5000] */
    uint32_t disconnected_timeout_ms;/* no response on the selected pair -> DISCONNECTED [10000] */
    uint32_t consent_timeout_ms;     /* no response -> FAILED, consent expired [30000] */
    uint32_t checking_timeout_ms;    /* checking without any selected pair -> FAILED [30000] */
} lk_ice_config_t;

typedef struct lk_ice_transmit {
    lk_addr_t local;                 /* send from this local socket address */
    lk_addr_t remote;                /* to this address */
    size_t len;
    uint8_t data[LK_ICE_MAX_PACKET];
} lk_ice_transmit_t;

typedef enum lk_ice_event_type {
    LK_ICE_EVENT_CANDIDATE = 1,      /* .candidate: a local candidate line to signal */
    LK_ICE_EVENT_GATHERING_DONE = 2, /* every STUN server answered or timed out */
    LK_ICE_EVENT_STATE = 3,          /* .state: the new state */
    LK_ICE_EVENT_SELECTED_PAIR = 4   /* .local/.remote: the pair media must use from now on
                                      * (valid, possibly not yet nominated) */
} lk_ice_event_type_t;

typedef struct lk_ice_event {
    lk_ice_event_type_t type;
    lk_ice_state_t state;
    lk_addr_t local;
    lk_addr_t remote;
    char candidate[LK_SDP_CANDIDATE_MAX]; /* "candidate:..." without "a=" */
} lk_ice_event_t;

/** Sets the defaults above (role CONTROLLED, no STUN server). */
void lk_ice_config_init(lk_ice_config_t *cfg);

/** Allocates an agent with fresh random credentials and tie-breaker. Returns LK_OK,
 *  LK_ERR_INVALID_ARG, LK_ERR_NO_MEMORY or the error of lk_random_bytes. */
int lk_ice_create(lk_ice_agent_t **out, const lk_ice_config_t *cfg);
void lk_ice_destroy(lk_ice_agent_t *a);

/** Our current credentials (NUL-terminated, owned by the agent, valid until restart). */
const char *lk_ice_local_ufrag(const lk_ice_agent_t *a);
const char *lk_ice_local_pwd(const lk_ice_agent_t *a);

lk_ice_role_t lk_ice_role(const lk_ice_agent_t *a);
lk_ice_state_t lk_ice_state(const lk_ice_agent_t *a);
const char *lk_ice_state_name(lk_ice_state_t s);

/** Sets the role before checks start (e.g. the answerer learns it is controlled). */
int lk_ice_set_role(lk_ice_agent_t *a, lk_ice_role_t role);

/** Adds a local socket address (host candidate). Returns LK_OK, LK_ERR_INVALID_ARG or
 *  LK_ERR_QUEUE_FULL (table full); a duplicate is LK_OK and ignored. */
int lk_ice_add_local_address(lk_ice_agent_t *a, const lk_addr_t *addr);

/** Sets the remote ufrag/pwd (ufrag_len <= LK_SDP_MAX_UFRAG, pwd_len <= LK_SDP_MAX_PWD).
 *  Different values from earlier ones mean a remote ICE restart: remote candidates and pairs
 *  are dropped (the selected pair stays until a new one is nominated). */
int lk_ice_set_remote_credentials(lk_ice_agent_t *a, const char *ufrag, size_t ufrag_len,
                                  const char *pwd, size_t pwd_len);

/** The remote is an ICE-lite agent (a=ice-lite): we become controlling. */
int lk_ice_set_remote_lite(lk_ice_agent_t *a, bool lite);

/**
 * Adds a remote candidate line ("candidate:..." or "a=candidate:...", any time, also after
 * checks started). Returns LK_OK; LK_ICE_CANDIDATE_IGNORED for candidates that are valid but
 * unusable here (mDNS .local names, TCP, component != 1, another address family than all our
 * local addresses, a ufrag of an older generation, a duplicate); LK_ERR_MALFORMED;
 * LK_ERR_QUEUE_FULL when the table is full.
 */
int lk_ice_add_remote_candidate(lk_ice_agent_t *a, const char *line, size_t len);

/** The remote signalled end-of-candidates (lets checking fail early and COMPLETED happen). */
void lk_ice_set_remote_end_of_candidates(lk_ice_agent_t *a);

/**
 * Handles one received STUN datagram: data[0..len) arrived on the local socket address local
 * (as given to lk_ice_add_local_address; a wildcard socket may pass the address with the same
 * family and port) from remote. Returns LK_OK when handled, LK_ERR_MALFORMED (not STUN),
 * LK_ERR_AUTH (integrity or fingerprint wrong: dropped), LK_ERR_NOT_FOUND (unknown local
 * address, or a response to no transaction of ours).
 */
int lk_ice_handle_input(lk_ice_agent_t *a, uint64_t now_ms, const lk_addr_t *local,
                        const lk_addr_t *remote, const uint8_t *data, size_t len);

/** Advances timers to now_ms: pacing, retransmissions, consent, failure detection. */
int lk_ice_handle_timeout(lk_ice_agent_t *a, uint64_t now_ms);

/** The absolute time (same clock as now_ms) at which lk_ice_handle_timeout must be called
 *  next; UINT64_MAX when nothing is scheduled. */
uint64_t lk_ice_poll_timeout(const lk_ice_agent_t *a);

/** Takes the next datagram to send: returns 1 and fills out, or 0 when none is queued. */
int lk_ice_poll_transmit(lk_ice_agent_t *a, lk_ice_transmit_t *out);

/** Takes the next event: returns 1 and fills ev, or 0 when none is queued. */
int lk_ice_poll_event(lk_ice_agent_t *a, lk_ice_event_t *ev);

/** The selected pair (send DTLS/SRTP from local to remote). LK_ERR_NOT_FOUND when none. */
int lk_ice_selected_pair(const lk_ice_agent_t *a, lk_addr_t *local, lk_addr_t *remote);

/** ICE restart (RFC 8445 9): new local ufrag/pwd, remote credentials and candidates dropped,
 *  local candidates kept and reported again as CANDIDATE events. */
int lk_ice_restart(lk_ice_agent_t *a);

/** Stops all checks and timers; state CLOSED; nothing is sent afterwards. */
void lk_ice_close(lk_ice_agent_t *a);

#ifdef __cplusplus
}
#endif
#endif /* LK_ICE_H */
