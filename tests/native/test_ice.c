/*
 * test_ice.c - the ICE agent in simulated time: two agents (or one agent and a scripted peer)
 * joined by an emulated link, no sockets, no sleeps. Covers: connecting with trickled
 * candidates and a nominated pair, controlling/controlling and controlled/controlled role
 * conflicts, a lossy link, peer-reflexive discovery, server-reflexive gathering through an
 * emulated STUN server behind an emulated NAT, an ICE-lite peer, consent failure
 * (disconnected then failed), ICE restart, ignored candidates, garbage input.
 */
#include "test_util.h"

#include <stdlib.h>

#include "ice.h"
#include "stun.h"
#include "lk_error.h"

#define SIM_QUEUE 512
#define LINK_DELAY_MS 10

typedef struct packet {
    uint64_t at;
    lk_addr_t from, to;
    size_t len;
    uint8_t data[LK_ICE_MAX_PACKET];
} packet_t;

typedef struct sim {
    lk_ice_agent_t *ag[2];
    lk_addr_t host[2];          /* socket address of each agent */
    lk_addr_t nat[2];           /* address the other side sees (== host unless NATed) */
    bool natted[2];
    lk_addr_t extra[2];         /* a second socket per agent (never NATed), when has_extra */
    bool has_extra[2];
    uint64_t now;
    packet_t q[SIM_QUEUE];
    size_t qn;
    unsigned sent_count;
    unsigned drop_every;        /* drop every Nth packet (deterministic loss); 0 = none */
    unsigned loss_percent;      /* or drop this share, drawn from a fixed-seed LCG */
    uint32_t lcg;
    bool blackhole[2];          /* agent i's packets and packets to it vanish */
    bool trickle[2];            /* forward agent i's candidates to the other */
    lk_ice_state_t state[2];
    int selected_events[2];
    int gathering_done[2];
    char srflx[2][LK_SDP_CANDIDATE_MAX];
    bool lite_peer;             /* agent 1 is replaced by a scripted ICE-lite responder */
    char lite_ufrag[16], lite_pwd[32];
    int lite_use_candidate;
    lk_addr_t stun_server;
    bool has_stun_server;
    int stun_requests;
} sim_t;

static lk_addr_t addr(const char *ip, uint16_t port)
{
    lk_addr_t a;
    CHECK_EQ_INT(lk_addr_parse(&a, ip, strlen(ip), port), LK_OK);
    return a;
}

static void enqueue(sim_t *s, const lk_addr_t *from, const lk_addr_t *to, const uint8_t *data, size_t len)
{
    s->sent_count++;
    if (s->drop_every != 0 && s->sent_count % s->drop_every == 0) {
        return;
    }
    if (s->loss_percent != 0) {
        s->lcg = s->lcg * 1664525u + 1013904223u;
        if ((s->lcg >> 16) % 100 < s->loss_percent) {
            return;
        }
    }
    if (s->qn == SIM_QUEUE || len > LK_ICE_MAX_PACKET) {
        return;
    }
    packet_t *p = &s->q[s->qn++];
    p->at = s->now + LINK_DELAY_MS;
    p->from = *from;
    p->to = *to;
    p->len = len;
    memcpy(p->data, data, len);
}

/* The emulated ICE-lite peer: answers every authenticated Binding request, never checks. */
static void lite_respond(sim_t *s, const packet_t *p)
{
    lk_stun_msg_t m;
    uint8_t out[LK_ICE_MAX_PACKET];
    lk_stun_writer_t w;
    if (lk_stun_parse(p->data, p->len, &m) != LK_OK || m.cls != LK_STUN_REQUEST) {
        return;
    }
    CHECK_EQ_INT(lk_stun_verify_integrity(p->data, p->len, &m, (const uint8_t *)s->lite_pwd, strlen(s->lite_pwd)), LK_OK);
    CHECK_EQ_INT(lk_stun_verify_fingerprint(p->data, p->len, &m), LK_OK);
    CHECK(m.has_ice_controlling); /* a full agent facing a lite one controls */
    if (m.use_candidate) {
        s->lite_use_candidate++;
    }
    lk_stun_write_begin(&w, out, sizeof out, LK_STUN_METHOD_BINDING, LK_STUN_SUCCESS, m.tid);
    lk_stun_write_address(&w, LK_STUN_ATTR_XOR_MAPPED_ADDRESS, &p->from, true);
    lk_stun_write_integrity(&w, (const uint8_t *)s->lite_pwd, strlen(s->lite_pwd));
    lk_stun_write_fingerprint(&w);
    enqueue(s, &p->to, &p->from, out, w.len);
}

/* The emulated STUN server: answers with the NAT-mapped source address. */
static void stun_server_respond(sim_t *s, const packet_t *p)
{
    lk_stun_msg_t m;
    uint8_t out[LK_ICE_MAX_PACKET];
    lk_stun_writer_t w;
    s->stun_requests++;
    if (lk_stun_parse(p->data, p->len, &m) != LK_OK || m.cls != LK_STUN_REQUEST) {
        return;
    }
    lk_stun_write_begin(&w, out, sizeof out, LK_STUN_METHOD_BINDING, LK_STUN_SUCCESS, m.tid);
    lk_stun_write_address(&w, LK_STUN_ATTR_XOR_MAPPED_ADDRESS, &p->from, true);
    lk_stun_write_fingerprint(&w);
    enqueue(s, &p->to, &p->from, out, w.len);
}

/* The agent owning the destination and the socket it arrives on. */
static int agent_of_dest(const sim_t *s, const lk_addr_t *to, lk_addr_t *socket)
{
    for (int i = 0; i < 2; i++) {
        if (lk_addr_equal(to, &s->nat[i])) {
            *socket = s->host[i];
            return i;
        }
        if (s->has_extra[i] && lk_addr_equal(to, &s->extra[i])) {
            *socket = s->extra[i];
            return i;
        }
    }
    return -1;
}

static void drain(sim_t *s, int i)
{
    lk_ice_transmit_t t;
    lk_ice_event_t ev;
    lk_ice_agent_t *a = s->ag[i];
    if (a == NULL) {
        return;
    }
    while (lk_ice_poll_transmit(a, &t) == 1) {
        bool from_host = lk_addr_equal(&t.local, &s->host[i]);
        CHECK(from_host || (s->has_extra[i] && lk_addr_equal(&t.local, &s->extra[i])));
        if (s->blackhole[i]) {
            continue;
        }
        /* the NAT rewrites the source */
        enqueue(s, s->natted[i] && from_host ? &s->nat[i] : &t.local, &t.remote, t.data, t.len);
    }
    while (lk_ice_poll_event(a, &ev) == 1) {
        switch (ev.type) {
        case LK_ICE_EVENT_CANDIDATE:
            if (strstr(ev.candidate, "typ srflx") != NULL) {
                snprintf(s->srflx[i], sizeof s->srflx[i], "%s", ev.candidate);
            }
            if (s->trickle[i] && s->ag[1 - i] != NULL) {
                int rc = lk_ice_add_remote_candidate(s->ag[1 - i], ev.candidate, strlen(ev.candidate));
                CHECK(rc == LK_OK || rc == LK_ICE_CANDIDATE_IGNORED);
            }
            break;
        case LK_ICE_EVENT_STATE:
            s->state[i] = ev.state;
            break;
        case LK_ICE_EVENT_SELECTED_PAIR:
            s->selected_events[i]++;
            CHECK(lk_addr_equal(&ev.local, &s->host[i]));
            break;
        case LK_ICE_EVENT_GATHERING_DONE:
            s->gathering_done[i]++;
            break;
        }
    }
}

static void deliver_due(sim_t *s)
{
    for (size_t k = 0; k < s->qn;) {
        packet_t p = s->q[k];
        if (p.at > s->now) {
            k++;
            continue;
        }
        s->q[k] = s->q[--s->qn];
        if (s->has_stun_server && lk_addr_equal(&p.to, &s->stun_server)) {
            stun_server_respond(s, &p);
            continue;
        }
        lk_addr_t sock;
        int i = agent_of_dest(s, &p.to, &sock);
        if (i < 0 || s->blackhole[i]) {
            continue;
        }
        if (i == 1 && s->lite_peer) {
            lite_respond(s, &p);
            continue;
        }
        int rc = lk_ice_handle_input(s->ag[i], s->now, &sock, &p.from, p.data, p.len);
        CHECK(rc == LK_OK || rc == LK_ERR_NOT_FOUND); /* NOT_FOUND: a late retransmission's answer */
        drain(s, i);
    }
}

/* Runs until cond(s) or until the simulated clock passes until_ms. Returns cond(s). */
static bool run(sim_t *s, uint64_t until_ms, bool (*cond)(const sim_t *))
{
    for (int guard = 0; guard < 200000; guard++) {
        drain(s, 0);
        drain(s, 1);
        if (cond != NULL && cond(s)) {
            return true;
        }
        uint64_t next = UINT64_MAX;
        for (int i = 0; i < 2; i++) {
            if (s->ag[i] != NULL) {
                uint64_t t = lk_ice_poll_timeout(s->ag[i]);
                next = t < next ? t : next;
            }
        }
        for (size_t k = 0; k < s->qn; k++) {
            next = s->q[k].at < next ? s->q[k].at : next;
        }
        if (next == UINT64_MAX || next > until_ms) {
            s->now = until_ms;
            return cond != NULL && cond(s);
        }
        if (next > s->now) {
            s->now = next;
        }
        deliver_due(s);
        for (int i = 0; i < 2; i++) {
            if (s->ag[i] != NULL && lk_ice_poll_timeout(s->ag[i]) <= s->now) {
                CHECK_EQ_INT(lk_ice_handle_timeout(s->ag[i], s->now), LK_OK);
            }
        }
    }
    CHECK(!"simulation did not settle");
    return false;
}

static bool both_connected(const sim_t *s)
{
    for (int i = 0; i < 2; i++) {
        if (s->state[i] != LK_ICE_STATE_CONNECTED && s->state[i] != LK_ICE_STATE_COMPLETED) {
            return false;
        }
    }
    return true;
}

static bool first_connected(const sim_t *s)
{
    return s->state[0] == LK_ICE_STATE_CONNECTED || s->state[0] == LK_ICE_STATE_COMPLETED;
}

static bool first_completed(const sim_t *s)
{
    return s->state[0] == LK_ICE_STATE_COMPLETED;
}

static void exchange_credentials(sim_t *s)
{
    for (int i = 0; i < 2; i++) {
        const char *u = lk_ice_local_ufrag(s->ag[i]);
        const char *p = lk_ice_local_pwd(s->ag[i]);
        CHECK_EQ_INT(lk_ice_set_remote_credentials(s->ag[1 - i], u, strlen(u), p, strlen(p)), LK_OK);
    }
}

static void sim_init(sim_t *s, lk_ice_role_t r0, lk_ice_role_t r1)
{
    lk_ice_config_t cfg;
    memset(s, 0, sizeof *s);
    s->now = 1000;
    s->host[0] = addr("127.0.0.1", 40000);
    s->host[1] = addr("127.0.0.2", 50000);
    s->nat[0] = s->host[0];
    s->nat[1] = s->host[1];
    s->trickle[0] = s->trickle[1] = true;
    lk_ice_config_init(&cfg);
    cfg.role = r0;
    CHECK_EQ_INT(lk_ice_create(&s->ag[0], &cfg), LK_OK);
    cfg.role = r1;
    CHECK_EQ_INT(lk_ice_create(&s->ag[1], &cfg), LK_OK);
}

static void sim_start(sim_t *s)
{
    exchange_credentials(s);
    CHECK_EQ_INT(lk_ice_add_local_address(s->ag[0], &s->host[0]), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(s->ag[1], &s->host[1]), LK_OK);
}

static void sim_free(sim_t *s)
{
    lk_ice_destroy(s->ag[0]);
    lk_ice_destroy(s->ag[1]);
}

static void check_same_pair(const sim_t *s)
{
    lk_addr_t l0, r0, l1, r1;
    CHECK_EQ_INT(lk_ice_selected_pair(s->ag[0], &l0, &r0), LK_OK);
    CHECK_EQ_INT(lk_ice_selected_pair(s->ag[1], &l1, &r1), LK_OK);
    CHECK(lk_addr_equal(&l0, &s->host[0]) && lk_addr_equal(&r0, &s->nat[1]));
    CHECK(lk_addr_equal(&l1, &s->host[1]) && lk_addr_equal(&r1, &s->nat[0]));
}

static void test_connects(void)
{
    static sim_t s;
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    sim_start(&s);
    CHECK(run(&s, 20000, both_connected));
    check_same_pair(&s);
    CHECK_EQ_INT(s.selected_events[0], 1);
    CHECK_EQ_INT(s.selected_events[1], 1);
    CHECK_EQ_INT(s.gathering_done[0], 1);
    /* connected on the first valid pair, before the nomination one Ta later (RFC 8445 12.1) */
    CHECK(s.now < 1000 + 50);
    /* end-of-candidates lets both complete */
    lk_ice_set_remote_end_of_candidates(s.ag[0]);
    lk_ice_set_remote_end_of_candidates(s.ag[1]);
    run(&s, s.now + 100, NULL);
    CHECK_EQ_INT(lk_ice_state(s.ag[0]), LK_ICE_STATE_COMPLETED);
    CHECK_EQ_INT(lk_ice_state(s.ag[1]), LK_ICE_STATE_COMPLETED);
    /* and stay so for a minute: consent keeps flowing both ways */
    unsigned before = s.sent_count;
    run(&s, s.now + 60000, NULL);
    CHECK_EQ_INT(lk_ice_state(s.ag[0]), LK_ICE_STATE_COMPLETED);
    CHECK_EQ_INT(lk_ice_state(s.ag[1]), LK_ICE_STATE_COMPLETED);
    CHECK(s.sent_count - before >= 4 * 10); /* ~12 consent checks + responses per side */
    CHECK(s.sent_count - before <= 4 * 16);
    lk_ice_close(s.ag[0]);
    CHECK_EQ_INT(lk_ice_state(s.ag[0]), LK_ICE_STATE_CLOSED);
    CHECK_EQ_INT(lk_ice_poll_timeout(s.ag[0]), UINT64_MAX);
    sim_free(&s);
}

/* A higher-priority remote candidate that never answers holds the nomination back only for a
 * few round trips of the pair that works, not for ICE_NOMINATION_WAIT_MS (500 ms). */
static void test_prompt_nomination(void)
{
    static sim_t s;
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    exchange_credentials(&s);
    /* checked first: a higher priority than any host candidate of ours */
    const char *dead = "candidate:99 1 udp 2147483000 127.0.0.9 9 typ host";
    CHECK_EQ_INT(lk_ice_add_remote_candidate(s.ag[0], dead, strlen(dead)), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(s.ag[0], &s.host[0]), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(s.ag[1], &s.host[1]), LK_OK);
    CHECK(run(&s, 20000, both_connected));
    uint64_t connected_at = s.now;
    CHECK(connected_at < 1000 + 100);
    lk_ice_set_remote_end_of_candidates(s.ag[0]);
    lk_ice_set_remote_end_of_candidates(s.ag[1]);
    CHECK(run(&s, 20000, first_completed));
    /* answer window: 4 RTT (80 ms) after the dead check went out, then one Ta and a round trip */
    CHECK(s.now <= 1000 + 4 * 2 * LINK_DELAY_MS + 50 + 2 * LINK_DELAY_MS);
    run(&s, s.now + 100, NULL);
    CHECK_EQ_INT(lk_ice_state(s.ag[1]), LK_ICE_STATE_COMPLETED);
    check_same_pair(&s);
    CHECK_EQ_INT(s.selected_events[0], 1); /* the working pair from the start: no switch */
    sim_free(&s);
}

static void role_conflict(lk_ice_role_t role)
{
    static sim_t s;
    sim_init(&s, role, role);
    sim_start(&s);
    CHECK(run(&s, 20000, both_connected));
    CHECK(lk_ice_role(s.ag[0]) != lk_ice_role(s.ag[1]));
    check_same_pair(&s);
    sim_free(&s);
}

static void test_role_conflict_controlling(void)
{
    role_conflict(LK_ICE_CONTROLLING);
}

static void test_role_conflict_controlled(void)
{
    role_conflict(LK_ICE_CONTROLLED);
}

static void test_lossy_link(void)
{
    static sim_t s;
    /* every 3rd, 4th, 5th datagram lost; then 10 %, 20 %, 30 % random loss (fixed seeds) */
    static const unsigned every[6] = {3, 4, 5, 0, 0, 0};
    static const unsigned percent[6] = {0, 0, 0, 10, 20, 30};
    for (int k = 0; k < 6; k++) {
        sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
        s.drop_every = every[k];
        s.loss_percent = percent[k];
        s.lcg = 12345u + (uint32_t)k;
        sim_start(&s);
        CHECK(run(&s, 30000, both_connected));
        check_same_pair(&s);
        /* still up a minute later despite the loss: consent checks are retransmitted. At 30 %
         * loss a 10 s silence (DISCONNECTED, then back) is possible now and then; consent must
         * never expire. */
        run(&s, s.now + 60000, NULL);
        bool up = percent[k] >= 30 ? (s.state[0] != LK_ICE_STATE_FAILED && s.state[1] != LK_ICE_STATE_FAILED &&
                                      lk_ice_selected_pair(s.ag[0], NULL, NULL) == LK_OK &&
                                      lk_ice_selected_pair(s.ag[1], NULL, NULL) == LK_OK)
                                   : both_connected(&s);
        if (!up) {
            fprintf(stderr, "lossy case %d: %s / %s\n", k, lk_ice_state_name(s.state[0]), lk_ice_state_name(s.state[1]));
            CHECK(0);
        }
        sim_free(&s);
    }
}

/* Agent 1's candidates are never signalled; agent 0 learns it from its checks (prflx), and
 * agent 1 sits behind a NAT so the address agent 0 sees is not agent 1's socket. */
static void test_peer_reflexive(void)
{
    static sim_t s;
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    s.trickle[1] = false;
    s.natted[1] = true;
    s.nat[1] = addr("203.0.113.7", 61000);
    sim_start(&s);
    CHECK(run(&s, 20000, both_connected));
    check_same_pair(&s);
    sim_free(&s);
}

/* No candidates are signalled at first; agent 1's arrives by trickle 2 s into checking. */
static void test_late_trickle(void)
{
    static sim_t s;
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    s.trickle[0] = s.trickle[1] = false;
    sim_start(&s);
    CHECK(!run(&s, 3000, both_connected));
    CHECK_EQ_INT(lk_ice_state(s.ag[0]), LK_ICE_STATE_NEW); /* no pair yet */
    char line[LK_SDP_CANDIDATE_MAX];
    snprintf(line, sizeof line, "candidate:1 1 udp 2130706431 127.0.0.2 50000 typ host ufrag %s", lk_ice_local_ufrag(s.ag[1]));
    CHECK_EQ_INT(lk_ice_add_remote_candidate(s.ag[0], line, strlen(line)), LK_OK);
    CHECK(run(&s, 10000, both_connected));
    CHECK(s.now < 3000 + 500);
    check_same_pair(&s); /* agent 1 learnt agent 0 as peer-reflexive */
    sim_free(&s);
}

/* Two sockets per agent (IPv4 and IPv6): pairs only within a family, and it connects. */
static void test_dual_stack(void)
{
    static sim_t s;
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    s.host[0] = addr("fd00::1", 40000);
    s.host[1] = addr("fd00::2", 50000);
    s.nat[0] = s.host[0];
    s.nat[1] = s.host[1];
    s.extra[0] = addr("127.0.0.1", 40001);
    s.extra[1] = addr("127.0.0.2", 50001);
    s.has_extra[0] = s.has_extra[1] = true;
    exchange_credentials(&s);
    CHECK_EQ_INT(lk_ice_add_local_address(s.ag[0], &s.host[0]), LK_OK); /* first: preferred */
    CHECK_EQ_INT(lk_ice_add_local_address(s.ag[1], &s.host[1]), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(s.ag[0], &s.extra[0]), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(s.ag[1], &s.extra[1]), LK_OK);
    CHECK(run(&s, 20000, both_connected));
    check_same_pair(&s); /* the IPv6 pair: both first sockets have the higher local preference */
    sim_free(&s);
}

static void test_server_reflexive_gathering(void)
{
    static sim_t s;
    lk_ice_config_t cfg;
    memset(&s, 0, sizeof s);
    s.now = 1000;
    s.host[0] = addr("10.0.0.2", 40000);
    s.nat[0] = addr("198.51.100.20", 1234);
    s.natted[0] = true;
    s.stun_server = addr("192.0.2.10", 3478);
    s.has_stun_server = true;
    lk_ice_config_init(&cfg);
    cfg.stun_servers[0] = s.stun_server;
    cfg.stun_servers[1] = addr("::1", 3478); /* IPv6 server: no IPv6 socket, never asked */
    cfg.stun_server_count = 2;
    CHECK_EQ_INT(lk_ice_create(&s.ag[0], &cfg), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(s.ag[0], &s.host[0]), LK_OK);
    run(&s, 5000, NULL);
    CHECK_EQ_INT(s.stun_requests, 1);
    CHECK_EQ_INT(s.gathering_done[0], 1);
    CHECK(strstr(s.srflx[0], " 198.51.100.20 1234 typ srflx raddr 10.0.0.2 rport 40000") != NULL);
    lk_ice_destroy(s.ag[0]);

    /* a server that never answers: gathering still ends, after the retransmissions */
    memset(&s, 0, sizeof s);
    s.now = 1000;
    s.host[0] = addr("10.0.0.2", 40000);
    s.nat[0] = s.host[0];
    cfg.stun_server_count = 1;
    CHECK_EQ_INT(lk_ice_create(&s.ag[0], &cfg), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(s.ag[0], &s.host[0]), LK_OK);
    run(&s, 60000, NULL);
    CHECK_EQ_INT(s.gathering_done[0], 1);
    CHECK_EQ_INT(s.sent_count, 7); /* Rc = 7 transmissions */
    CHECK(s.srflx[0][0] == '\0');
    lk_ice_destroy(s.ag[0]);
}

static void test_ice_lite_peer(void)
{
    static sim_t s;
    lk_ice_config_t cfg;
    memset(&s, 0, sizeof s);
    s.now = 1000;
    s.host[0] = addr("127.0.0.1", 40000);
    s.host[1] = addr("127.0.0.1", 7882);
    s.nat[0] = s.host[0];
    s.nat[1] = s.host[1];
    s.lite_peer = true;
    snprintf(s.lite_ufrag, sizeof s.lite_ufrag, "liteUfrag");
    snprintf(s.lite_pwd, sizeof s.lite_pwd, "litePasswordlitePassword");
    lk_ice_config_init(&cfg); /* controlled by default: the lite remote must flip it */
    CHECK_EQ_INT(lk_ice_create(&s.ag[0], &cfg), LK_OK);
    CHECK_EQ_INT(lk_ice_set_remote_lite(s.ag[0], true), LK_OK);
    CHECK_EQ_INT(lk_ice_role(s.ag[0]), LK_ICE_CONTROLLING);
    CHECK_EQ_INT(lk_ice_set_role(s.ag[0], LK_ICE_CONTROLLED), LK_ERR_STATE);
    CHECK_EQ_INT(lk_ice_set_remote_credentials(s.ag[0], s.lite_ufrag, strlen(s.lite_ufrag), s.lite_pwd, strlen(s.lite_pwd)), LK_OK);
    const char *c = "candidate:1437425362 1 udp 2130706431 127.0.0.1 7882 typ host";
    const char *c2 = "candidate:1437425362 2 udp 2130706431 127.0.0.1 7882 typ host";
    CHECK_EQ_INT(lk_ice_add_remote_candidate(s.ag[0], c, strlen(c)), LK_OK);
    CHECK_EQ_INT(lk_ice_add_remote_candidate(s.ag[0], c2, strlen(c2)), LK_ICE_CANDIDATE_IGNORED);
    CHECK_EQ_INT(lk_ice_add_local_address(s.ag[0], &s.host[0]), LK_OK);
    /* CONNECTED with the first valid pair (data may flow, RFC 8445 12.1), COMPLETED one Ta later
     * once the USE-CANDIDATE check succeeded (lite: nothing more to check) */
    CHECK(run(&s, 20000, first_connected));
    CHECK_EQ_INT(lk_ice_state(s.ag[0]), LK_ICE_STATE_CONNECTED);
    CHECK_EQ_INT(lk_ice_selected_pair(s.ag[0], NULL, NULL), LK_OK);
    uint64_t connected_at = s.now;
    CHECK(run(&s, 20000, first_completed));
    CHECK(s.now <= connected_at + 50 + 2 * 10); /* one Ta, one round trip */
    CHECK(s.lite_use_candidate >= 1);
    lk_addr_t l, r;
    CHECK_EQ_INT(lk_ice_selected_pair(s.ag[0], &l, &r), LK_OK);
    CHECK(lk_addr_equal(&r, &s.host[1]));
    /* consent keeps it up: the lite peer answers */
    run(&s, s.now + 60000, NULL);
    CHECK_EQ_INT(lk_ice_state(s.ag[0]), LK_ICE_STATE_COMPLETED);
    lk_ice_destroy(s.ag[0]);
}

static void test_consent_failure(void)
{
    static sim_t s;
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    sim_start(&s);
    CHECK(run(&s, 20000, both_connected));
    uint64_t silent_from = s.now;
    s.blackhole[1] = true; /* the peer goes silent */
    run(&s, silent_from + 9000, NULL);
    CHECK(s.state[0] == LK_ICE_STATE_CONNECTED);
    run(&s, silent_from + 16000, NULL);
    CHECK_EQ_INT(s.state[0], LK_ICE_STATE_DISCONNECTED);
    /* the path comes back before consent expires: connected again */
    s.blackhole[1] = false;
    CHECK(run(&s, s.now + 5000, first_connected));
    /* now silence for good: disconnected, then failed once 30 s pass without a response */
    silent_from = s.now;
    s.blackhole[1] = true;
    run(&s, silent_from + 25000, NULL);
    CHECK_EQ_INT(s.state[0], LK_ICE_STATE_DISCONNECTED);
    run(&s, silent_from + 40000, NULL);
    CHECK_EQ_INT(s.state[0], LK_ICE_STATE_FAILED);
    CHECK_EQ_INT(lk_ice_selected_pair(s.ag[0], NULL, NULL), LK_ERR_NOT_FOUND);
    /* failed is quiet: nothing more is sent */
    lk_ice_transmit_t t;
    lk_ice_handle_timeout(s.ag[0], s.now + 100000);
    CHECK_EQ_INT(lk_ice_poll_transmit(s.ag[0], &t), 0);
    sim_free(&s);
}

static bool first_failed(const sim_t *s)
{
    return s->state[0] == LK_ICE_STATE_FAILED;
}

static void test_checking_fails_without_peer(void)
{
    static sim_t s;
    /* with end-of-candidates: FAILED as soon as every pair failed (7 transmissions, ~9.5 s) */
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    s.blackhole[1] = true;
    sim_start(&s);
    lk_ice_set_remote_end_of_candidates(s.ag[0]);
    CHECK(run(&s, 60000, first_failed));
    CHECK(s.now >= 1000 + 8000 && s.now <= 1000 + 12000);
    sim_free(&s);
    /* without it more candidates may come: FAILED only at the 30 s checking timeout */
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    s.blackhole[1] = true;
    sim_start(&s);
    CHECK(run(&s, 60000, first_failed));
    CHECK(s.now >= 1000 + 30000 && s.now <= 1000 + 30100);
    sim_free(&s);
}

static void test_restart(void)
{
    static sim_t s;
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    sim_start(&s);
    CHECK(run(&s, 20000, both_connected));
    char old_ufrag[LK_ICE_UFRAG_LEN + 1];
    snprintf(old_ufrag, sizeof old_ufrag, "%s", lk_ice_local_ufrag(s.ag[0]));
    /* the offerer restarts; the answerer sees new credentials and restarts too (JSEP) */
    CHECK_EQ_INT(lk_ice_restart(s.ag[0]), LK_OK);
    CHECK(strcmp(old_ufrag, lk_ice_local_ufrag(s.ag[0])) != 0);
    CHECK_EQ_INT(strlen(lk_ice_local_ufrag(s.ag[0])), LK_ICE_UFRAG_LEN);
    CHECK_EQ_INT(strlen(lk_ice_local_pwd(s.ag[0])), LK_ICE_PWD_LEN);
    /* the media path stays usable during the restart */
    CHECK_EQ_INT(lk_ice_selected_pair(s.ag[0], NULL, NULL), LK_OK);
    /* waiting for the other side's new credentials is quiet (no busy timer) and keeps the pair */
    CHECK(!run(&s, s.now + 3000, NULL));
    CHECK(lk_ice_poll_timeout(s.ag[0]) > s.now);
    CHECK_EQ_INT(lk_ice_selected_pair(s.ag[0], NULL, NULL), LK_OK);
    CHECK_EQ_INT(lk_ice_restart(s.ag[1]), LK_OK);
    s.selected_events[0] = s.selected_events[1] = 0;
    exchange_credentials(&s); /* re-announced candidates were trickled by drain() already */
    run(&s, s.now + 1, NULL);
    CHECK(run(&s, s.now + 20000, both_connected));
    run(&s, s.now + 2000, NULL);
    check_same_pair(&s);
    /* an old-generation candidate is ignored */
    char cand[128];
    snprintf(cand, sizeof cand, "candidate:9 1 udp 2130706431 127.0.0.9 9 typ host ufrag %s", old_ufrag);
    CHECK_EQ_INT(lk_ice_add_remote_candidate(s.ag[1], cand, strlen(cand)), LK_ICE_CANDIDATE_IGNORED);
    run(&s, s.now + 60000, NULL);
    CHECK(both_connected(&s));
    sim_free(&s);
}

/* A restart after failure brings the agent back. */
static void test_restart_after_failure(void)
{
    static sim_t s;
    sim_init(&s, LK_ICE_CONTROLLING, LK_ICE_CONTROLLED);
    sim_start(&s);
    CHECK(run(&s, 20000, both_connected));
    s.blackhole[1] = true;
    run(&s, s.now + 40000, NULL);
    CHECK_EQ_INT(s.state[0], LK_ICE_STATE_FAILED);
    s.blackhole[1] = false;
    CHECK_EQ_INT(lk_ice_restart(s.ag[0]), LK_OK);
    CHECK_EQ_INT(lk_ice_restart(s.ag[1]), LK_OK);
    exchange_credentials(&s);
    CHECK(run(&s, s.now + 20000, both_connected));
    check_same_pair(&s);
    sim_free(&s);
}

static void test_remote_candidates_filtered(void)
{
    lk_ice_agent_t *a;
    lk_ice_config_t cfg;
    lk_addr_t v4 = addr("127.0.0.1", 4000);
    lk_ice_config_init(&cfg);
    CHECK_EQ_INT(lk_ice_create(&a, &cfg), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(a, &v4), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(a, &v4), LK_OK); /* duplicate */
    static const char *ignored[] = {
        "candidate:1 1 udp 2113937151 0b0c1d2e-aaaa-bbbb-cccc-0123456789ab.local 54321 typ host generation 0",
        "candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active",
        "candidate:3 2 udp 2130706431 127.0.0.1 5000 typ host",
        "candidate:4 1 udp 2130706431 ::1 5000 typ host", /* no IPv6 socket */
    };
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        CHECK_EQ_INT(lk_ice_add_remote_candidate(a, ignored[i], strlen(ignored[i])), LK_ICE_CANDIDATE_IGNORED);
    }
    const char *ok = "a=candidate:5 1 udp 2130706431 127.0.0.1 5000 typ host\r\n";
    CHECK_EQ_INT(lk_ice_add_remote_candidate(a, ok, strlen(ok)), LK_OK);
    CHECK_EQ_INT(lk_ice_add_remote_candidate(a, ok, strlen(ok)), LK_ICE_CANDIDATE_IGNORED);
    CHECK_EQ_INT(lk_ice_add_remote_candidate(a, "candidate:garbage", 17), LK_ERR_MALFORMED);
    /* the table is bounded */
    int full = 0;
    for (int i = 0; i < 40; i++) {
        char line[96];
        snprintf(line, sizeof line, "candidate:%d 1 udp 100 127.0.1.%d 6000 typ host", i, i + 1);
        if (lk_ice_add_remote_candidate(a, line, strlen(line)) == LK_ERR_QUEUE_FULL) {
            full++;
        }
    }
    CHECK(full > 0);
    /* a long remote ufrag is refused, a valid one accepted */
    char longu[100];
    memset(longu, 'u', sizeof longu);
    CHECK_EQ_INT(lk_ice_set_remote_credentials(a, longu, sizeof longu, "p", 1), LK_ERR_UNSUPPORTED);
    CHECK_EQ_INT(lk_ice_set_remote_credentials(a, "abcd", 4, "0123456789012345678901", 22), LK_OK);
    lk_ice_destroy(a);
}

/* Garbage and unauthenticated input never crashes nor changes the state. */
static void test_garbage_input(void)
{
    lk_ice_agent_t *a;
    lk_ice_config_t cfg;
    lk_addr_t local = addr("127.0.0.1", 4000), remote = addr("127.0.0.1", 5000);
    uint8_t buf[LK_ICE_MAX_PACKET];
    lk_stun_writer_t w;
    uint8_t tid[12] = {0};
    lk_ice_config_init(&cfg);
    CHECK_EQ_INT(lk_ice_create(&a, &cfg), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(a, &local), LK_OK);
    CHECK_EQ_INT(lk_ice_handle_input(a, 1, &local, &remote, (const uint8_t *)"hello", 5), LK_ERR_MALFORMED);
    /* a request with a wrong password */
    char user[64];
    snprintf(user, sizeof user, "%s:peer", lk_ice_local_ufrag(a));
    lk_stun_write_begin(&w, buf, sizeof buf, LK_STUN_METHOD_BINDING, LK_STUN_REQUEST, tid);
    lk_stun_write_attr(&w, LK_STUN_ATTR_USERNAME, user, strlen(user));
    lk_stun_write_u32(&w, LK_STUN_ATTR_PRIORITY, 1);
    lk_stun_write_u64(&w, LK_STUN_ATTR_ICE_CONTROLLING, 1);
    lk_stun_write_integrity(&w, (const uint8_t *)"wrong", 5);
    lk_stun_write_fingerprint(&w);
    CHECK_EQ_INT(lk_ice_handle_input(a, 2, &local, &remote, buf, w.len), LK_ERR_AUTH);
    /* the right password: answered, and the source becomes a peer-reflexive candidate */
    lk_stun_write_begin(&w, buf, sizeof buf, LK_STUN_METHOD_BINDING, LK_STUN_REQUEST, tid);
    lk_stun_write_attr(&w, LK_STUN_ATTR_USERNAME, user, strlen(user));
    lk_stun_write_u32(&w, LK_STUN_ATTR_PRIORITY, 1);
    lk_stun_write_u64(&w, LK_STUN_ATTR_ICE_CONTROLLING, 1);
    lk_stun_write_integrity(&w, (const uint8_t *)lk_ice_local_pwd(a), strlen(lk_ice_local_pwd(a)));
    lk_stun_write_fingerprint(&w);
    CHECK_EQ_INT(lk_ice_handle_input(a, 3, &local, &remote, buf, w.len), LK_OK);
    lk_ice_transmit_t t;
    CHECK_EQ_INT(lk_ice_poll_transmit(a, &t), 1);
    lk_stun_msg_t m;
    CHECK_EQ_INT(lk_stun_parse(t.data, t.len, &m), LK_OK);
    CHECK_EQ_INT(m.cls, LK_STUN_SUCCESS);
    CHECK(m.has_xor_mapped && lk_addr_equal(&m.xor_mapped, &remote));
    CHECK_EQ_INT(lk_stun_verify_integrity(t.data, t.len, &m, (const uint8_t *)lk_ice_local_pwd(a), strlen(lk_ice_local_pwd(a))), LK_OK);
    CHECK(lk_addr_equal(&t.local, &local) && lk_addr_equal(&t.remote, &remote));
    /* an unknown local socket */
    lk_addr_t other = addr("127.0.0.3", 1);
    CHECK_EQ_INT(lk_ice_handle_input(a, 4, &other, &remote, buf, w.len), LK_ERR_NOT_FOUND);
    /* a response to nothing of ours */
    lk_stun_write_begin(&w, buf, sizeof buf, LK_STUN_METHOD_BINDING, LK_STUN_SUCCESS, tid);
    lk_stun_write_fingerprint(&w);
    CHECK_EQ_INT(lk_ice_handle_input(a, 5, &local, &remote, buf, w.len), LK_ERR_NOT_FOUND);
    CHECK_EQ_INT(lk_ice_state(a), LK_ICE_STATE_NEW);
    lk_ice_destroy(a);
}

int main(void)
{
    RUN_TEST(test_connects);
    RUN_TEST(test_prompt_nomination);
    RUN_TEST(test_role_conflict_controlling);
    RUN_TEST(test_role_conflict_controlled);
    RUN_TEST(test_lossy_link);
    RUN_TEST(test_peer_reflexive);
    RUN_TEST(test_late_trickle);
    RUN_TEST(test_dual_stack);
    RUN_TEST(test_server_reflexive_gathering);
    RUN_TEST(test_ice_lite_peer);
    RUN_TEST(test_consent_failure);
    RUN_TEST(test_checking_fails_without_peer);
    RUN_TEST(test_restart);
    RUN_TEST(test_restart_after_failure);
    RUN_TEST(test_remote_candidates_filtered);
    RUN_TEST(test_garbage_input);
    TEST_MAIN_END();
}
