/*
 * test_ice_interop.c - our ICE agent alone (no DTLS, no peer connection) against real ICE
 * implementations over 127.0.0.1 UDP: libdatachannel's libjuice (node-datachannel) and Google's
 * libwebrtc (@roamhq/wrtc), each run as tests/interop/peer.js. We build the SDP with sdp.c
 * (one application m-line; the DTLS fingerprint is random and DTLS is never answered: only ICE
 * is under test), exchange it and trickled candidates as JSON lines over the child's
 * stdin/stdout, and drive the agent from one real UDP socket on 127.0.0.1. Pass: both sides
 * report ICE connected/completed, then the pair holds for 6 s with consent checks every ~1 s
 * and a 3 s disconnected timeout (so real consent responses are exercised).
 * Both roles: ours offerer (controlling), ours answerer (controlled).
 * LK_TEST_LABEL_SLOW
 */
#define _DEFAULT_SOURCE 1
#include "test_util.h"
#include "pc_harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "ice.h"
#include "lk_error.h"
#include "random.h"
#include "sdp.h"
#include "stun.h"

/* Starts node tests/interop/ice_peer_wrtc.js --role ROLE with pipes like h_node_start. */
static int start_ice_peer_wrtc(h_node_t *n, const char *role)
{
    int in[2], out[2];
    memset(n, 0, sizeof *n);
    n->pid = -1;
    if (pipe(in) != 0) {
        return -1;
    }
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    const char *argv[] = {"node", LK_TESTS_DIR "/interop/ice_peer_wrtc.js", "--role", role, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    int rc = posix_spawnp(&n->pid, "node", &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        close(in[1]);
        close(out[0]);
        n->pid = -1;
        return -1;
    }
    n->to_fd = in[1];
    n->from_fd = out[0];
    fcntl(n->to_fd, F_SETFD, FD_CLOEXEC);
    fcntl(n->from_fd, F_SETFD, FD_CLOEXEC);
    fcntl(n->from_fd, F_SETFL, O_NONBLOCK);
    n->buf = malloc(H_LINE_MAX);
    return n->buf == NULL ? -1 : 0;
}

typedef struct ice_run {
    lk_ice_agent_t *ice;
    int sock;
    lk_addr_t local;
    h_node_t node;
    bool we_offer;
    char mid[LK_SDP_MAX_MID + 1];
    bool answered;
    int ours;                 /* our ICE state */
    bool ours_dropped;        /* left connected/completed after reaching it */
    uint64_t connected_at;
    bool node_connected;
    int candidates_sent;
    int node_candidates;
    int dropped_in, dropped_out;
    char held[LK_ICE_MAX_LOCAL_CANDIDATES][LK_SDP_CANDIDATE_MAX]; /* gathered before our SDP */
    size_t held_count;
    bool sdp_sent;
    int pairs_reported;
    char *sdp;
} ice_run_t;

static bool up(int s)
{
    return s == LK_ICE_STATE_CONNECTED || s == LK_ICE_STATE_COMPLETED;
}

static int write_sdp(ice_run_t *r, lk_sdp_desc_t *d)
{
    d->session_id = 1234567;
    d->session_version = 1;
    snprintf(d->ice_ufrag, sizeof d->ice_ufrag, "%s", lk_ice_local_ufrag(r->ice));
    snprintf(d->ice_pwd, sizeof d->ice_pwd, "%s", lk_ice_local_pwd(r->ice));
    CHECK_EQ_INT(lk_random_bytes(d->fingerprint, sizeof d->fingerprint), LK_OK);
    d->ice_trickle = true;
    return lk_sdp_write(d, r->sdp, 65536);
}

static void on_node_sdp(ice_run_t *r, const char *type, const char *text)
{
    static lk_sdp_t s;
    static lk_sdp_desc_t d;
    CHECK_EQ_INT(lk_sdp_parse(text, strlen(text), &s), LK_OK);
    CHECK(s.media_count >= 1);
    lk_sdp_span_t uf = lk_sdp_media_ice_ufrag(&s, 0), pw = lk_sdp_media_ice_pwd(&s, 0);
    CHECK(uf.len > 0 && pw.len > 0);
    CHECK_EQ_INT(lk_ice_set_remote_credentials(r->ice, text + uf.off, uf.len, text + pw.off, pw.len), LK_OK);
    CHECK_EQ_INT(lk_ice_set_remote_lite(r->ice, s.ice_lite), LK_OK);
    for (size_t i = 0; i < s.candidate_count; i++) {
        if (s.candidates[i].media_index == 0) {
            int rc = lk_ice_add_remote_candidate(r->ice, text + s.candidates[i].line.off, s.candidates[i].line.len);
            CHECK(rc == LK_OK || rc == LK_ICE_CANDIDATE_IGNORED);
            r->node_candidates += rc == LK_OK;
        }
    }
    if (s.media[0].end_of_candidates) {
        lk_ice_set_remote_end_of_candidates(r->ice);
    }
    if (strcmp(type, "offer") == 0) {
        memset(&d, 0, sizeof d);
        CHECK_EQ_INT(lk_sdp_answer_from_offer(&s, text, LK_SDP_SENDRECV, &d), LK_OK);
        d.setup = LK_SDP_SETUP_ACTIVE;
        snprintf(r->mid, sizeof r->mid, "%s", d.media[0].mid);
        const char *cands[LK_ICE_MAX_LOCAL_CANDIDATES];
        for (size_t i = 0; i < r->held_count; i++) {
            cands[i] = r->held[i];
        }
        d.candidates = cands;
        d.candidate_count = r->held_count;
        int n = write_sdp(r, &d);
        r->sdp_sent = true;
        CHECK(n > 0);
        CHECK_EQ_INT(h_node_send_sdp(&r->node, "answer", r->sdp), 0);
        r->answered = true;
    }
}

static void on_node_line(ice_run_t *r, const char *line)
{
    char type[32], v[64];
    if (getenv("LK_TRACE") != NULL) {
        fprintf(stderr, "node: %.300s\n", line);
    }
    if (h_json_str(line, "type", type, sizeof type) < 0) {
        return;
    }
    if (strcmp(type, "sdp") == 0) {
        char st[16];
        h_json_str(line, "sdpType", st, sizeof st);
        if (h_json_str(line, "sdp", r->sdp, 65536) > 0) {
            char *copy = strdup(r->sdp);
            on_node_sdp(r, st, copy);
            free(copy);
        }
    } else if (strcmp(type, "candidate") == 0) {
        char cand[512];
        if (h_json_str(line, "candidate", cand, sizeof cand) > 0) {
            int rc = lk_ice_add_remote_candidate(r->ice, cand, strlen(cand));
            CHECK(rc == LK_OK || rc == LK_ICE_CANDIDATE_IGNORED);
            r->node_candidates += rc == LK_OK;
        }
    } else if (strcmp(type, "pair") == 0) {
        /* libwebrtc's own verdict (getStats): a nominated, succeeded pair on loopback */
        char l[64], rem[64];
        if (h_json_true(line, "nominated") && h_json_str(line, "local", l, sizeof l) > 0 &&
            h_json_str(line, "remote", rem, sizeof rem) > 0 && strncmp(l, "127.", 4) == 0 && strncmp(rem, "127.", 4) == 0) {
            r->node_connected = true;
            r->pairs_reported++;
        }
    } else if (strcmp(type, "error") == 0) {
        fprintf(stderr, "node peer: %s\n", line);
    } else if (strcmp(type, "state") == 0 && h_json_str(line, "kind", v, sizeof v) > 0 && strcmp(v, "ice") == 0) {
        if (h_json_str(line, "state", v, sizeof v) > 0 && (strcmp(v, "connected") == 0 || strcmp(v, "completed") == 0)) {
            r->node_connected = true;
        }
    }
}

static void pump_agent(ice_run_t *r, uint64_t now)
{
    lk_ice_transmit_t t;
    lk_ice_event_t ev;
    if (lk_ice_poll_timeout(r->ice) <= now) {
        CHECK_EQ_INT(lk_ice_handle_timeout(r->ice, now), LK_OK);
    }
    while (lk_ice_poll_transmit(r->ice, &t) == 1) {
        struct sockaddr_in to;
        memset(&to, 0, sizeof to);
        CHECK(lk_addr_equal(&t.local, &r->local));
        CHECK_EQ_INT(t.remote.family, LK_ADDR_V4);
        if (!lk_addr_is_loopback(&t.remote)) {
            r->dropped_out++; /* network rule: loopback only (see the input filter) */
            continue;
        }
        to.sin_family = AF_INET;
        to.sin_port = htons(t.remote.port);
        memcpy(&to.sin_addr, t.remote.ip, 4);
        (void)sendto(r->sock, t.data, t.len, 0, (struct sockaddr *)&to, sizeof to);
        if (getenv("LK_TRACE") != NULL) {
            fprintf(stderr, "out to port %u type %02x%02x len %zu\n", t.remote.port, t.data[0], t.data[1], t.len);
        }
    }
    while (lk_ice_poll_event(r->ice, &ev) == 1) {
        if (ev.type == LK_ICE_EVENT_CANDIDATE) {
            if (!r->sdp_sent) {
                /* JSEP: candidates gathered before the description go into it */
                if (r->held_count < LK_ICE_MAX_LOCAL_CANDIDATES) {
                    snprintf(r->held[r->held_count++], LK_SDP_CANDIDATE_MAX, "%s", ev.candidate);
                }
                continue;
            }
            CHECK_EQ_INT(h_node_send_candidate(&r->node, ev.candidate, r->mid), 0);
            r->candidates_sent++;
        } else if (ev.type == LK_ICE_EVENT_STATE) {
            if (up(r->ours) && !up(ev.state)) {
                r->ours_dropped = true;
                fprintf(stderr, "our ICE left connected: %s\n", lk_ice_state_name(ev.state));
            }
            r->ours = ev.state;
            if (up(ev.state) && r->connected_at == 0) {
                r->connected_at = now;
            }
        }
    }
}

static void run_ice(const char *impl, bool we_offer)
{
    static ice_run_t r;
    memset(&r, 0, sizeof r);
    r.we_offer = we_offer;
    r.sdp = malloc(65536);
    r.sock = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK(r.sock >= 0);
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK_EQ_INT(bind(r.sock, (struct sockaddr *)&sa, sizeof sa), 0);
    CHECK_EQ_INT(getsockname(r.sock, (struct sockaddr *)&sa, &sl), 0);
    CHECK_EQ_INT(lk_addr_parse(&r.local, "127.0.0.1", 9, ntohs(sa.sin_port)), LK_OK);

    lk_ice_config_t cfg;
    lk_ice_config_init(&cfg);
    cfg.role = we_offer ? LK_ICE_CONTROLLING : LK_ICE_CONTROLLED;
    cfg.consent_interval_ms = getenv("LK_CONSENT_MS") ? (uint32_t)atoi(getenv("LK_CONSENT_MS")) : 1000;
    cfg.disconnected_timeout_ms = getenv("LK_DISC_MS") ? (uint32_t)atoi(getenv("LK_DISC_MS")) : 3000;
    CHECK_EQ_INT(lk_ice_create(&r.ice, &cfg), LK_OK);
    CHECK_EQ_INT(lk_ice_add_local_address(r.ice, &r.local), LK_OK);

    bool wrtc = strcmp(impl, "wrtc") == 0;
    const char *args[] = {"--impl", impl, "--role", we_offer ? "answerer" : "offerer", NULL};
    if ((wrtc ? start_ice_peer_wrtc(&r.node, we_offer ? "answerer" : "offerer") : h_node_start(&r.node, args)) != 0) {
        CHECK(!"cannot start node");
        return;
    }
    if (we_offer) {
        static lk_sdp_desc_t d;
        const char *cands[LK_ICE_MAX_LOCAL_CANDIDATES];
        memset(&d, 0, sizeof d);
        pump_agent(&r, h_now_ms()); /* the host candidate event */
        CHECK_EQ_INT(r.held_count, 1);
        for (size_t i = 0; i < r.held_count; i++) {
            cands[i] = r.held[i];
        }
        d.type = LK_SDP_OFFER;
        d.setup = LK_SDP_SETUP_ACTPASS;
        d.media_count = 1;
        d.media[0].kind = LK_SDP_KIND_APPLICATION;
        snprintf(d.media[0].mid, sizeof d.media[0].mid, "0");
        d.media[0].max_message_size = 262144;
        d.candidates = cands;
        d.candidate_count = r.held_count;
        d.end_of_candidates = true;
        snprintf(r.mid, sizeof r.mid, "0");
        CHECK(write_sdp(&r, &d) > 0);
        r.sdp_sent = true;
        CHECK_EQ_INT(h_node_send_sdp(&r.node, "offer", r.sdp), 0);
    }
    uint64_t hold = getenv("LK_HOLD_MS") ? (uint64_t)atoi(getenv("LK_HOLD_MS")) : 6000;
    uint64_t start = h_now_ms(), end = start + 19000 + hold;
    char *line = malloc(H_LINE_MAX);
    bool node_eof = false;
    uint8_t buf[2048];
    while (h_now_ms() < end) {
        uint64_t now = h_now_ms();
        uint64_t due = lk_ice_poll_timeout(r.ice);
        int wait = due <= now ? 0 : due - now > 50 ? 50 : (int)(due - now);
        struct pollfd p[2] = {{r.sock, POLLIN, 0}, {r.node.from_fd, POLLIN, 0}};
        poll(p, node_eof ? 1 : 2, wait);
        now = h_now_ms();
        for (;;) {
            struct sockaddr_in from;
            socklen_t fl = sizeof from;
            ssize_t n = recvfrom(r.sock, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
            if (n <= 0) {
                break;
            }
            if (buf[0] > 3) {
                continue; /* DTLS and the rest: not under test */
            }
            lk_addr_t src;
            memset(&src, 0, sizeof src);
            src.family = LK_ADDR_V4;
            src.port = ntohs(from.sin_port);
            memcpy(src.ip, &from.sin_addr, 4);
            if (!lk_addr_is_loopback(&src)) {
                /* libwebrtc also checks from its interface address (a packet from the host's
                 * address to 127.0.0.1 never leaves the host, but the rule is loopback only):
                 * ignore it rather than learn it as peer-reflexive */
                r.dropped_in++;
                continue;
            }
            int rc = lk_ice_handle_input(r.ice, now, &r.local, &src, buf, (size_t)n);
            if (getenv("LK_TRACE") != NULL) {
                lk_stun_msg_t tm;
                lk_stun_parse(buf, (size_t)n, &tm);
                fprintf(stderr, "in  %u from port %u type %02x%02x ctl %d ctd %d uc %d user %.*s unknown %d: %s\n", (unsigned)(now - start), src.port, buf[0], buf[1],
                        tm.has_ice_controlling, tm.has_ice_controlled, tm.use_candidate, (int)tm.username_len, tm.username ? (const char *)tm.username : "", tm.unknown_count, lk_strerror(rc));
            }
            if (rc != LK_OK && rc != LK_ERR_NOT_FOUND) {
                fprintf(stderr, "handle_input: %s\n", lk_strerror(rc));
                CHECK(0);
            }
            pump_agent(&r, now);
        }
        int lr;
        while (!node_eof && (lr = h_node_line(&r.node, line, H_LINE_MAX)) != 0) {
            if (lr < 0) {
                node_eof = true;
                break;
            }
            on_node_line(&r, line);
        }
        pump_agent(&r, now);
        if (r.connected_at != 0 && r.node_connected && now >= r.connected_at + hold) {
            break;
        }
    }
    fprintf(stderr, "%s we_offer=%d: ours %s (dropped %d), node connected %d, candidates sent %d, theirs %d, "
            "non-loopback datagrams ignored %d in / %d out, %llu ms\n",
            impl, we_offer, lk_ice_state_name((lk_ice_state_t)r.ours), r.ours_dropped, r.node_connected,
            r.candidates_sent, r.node_candidates, r.dropped_in, r.dropped_out, (unsigned long long)(h_now_ms() - start));
    CHECK_EQ_INT(r.dropped_out, 0);
    CHECK(up(r.ours));
    CHECK(!r.ours_dropped);
    CHECK(r.node_connected);
    CHECK(r.connected_at != 0 && h_now_ms() >= r.connected_at + hold);
    lk_addr_t l, rem;
    CHECK_EQ_INT(lk_ice_selected_pair(r.ice, &l, &rem), LK_OK);
    CHECK(lk_addr_equal(&l, &r.local) && lk_addr_is_loopback(&rem));
    CHECK_EQ_INT(lk_ice_role(r.ice), we_offer ? LK_ICE_CONTROLLING : LK_ICE_CONTROLLED);
    free(line);
    h_node_stop(&r.node);
    lk_ice_destroy(r.ice);
    close(r.sock);
    free(r.sdp);
}

static void test_libjuice_we_offer(void) { run_ice("datachannel", true); }
static void test_libjuice_we_answer(void) { run_ice("datachannel", false); }
static void test_libwebrtc_we_offer(void) { run_ice("wrtc", true); }
static void test_libwebrtc_we_answer(void) { run_ice("wrtc", false); }

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (system("node -e \"require('" LK_TESTS_DIR "/node_modules/node-datachannel');require('" LK_TESTS_DIR
               "/node_modules/@roamhq/wrtc')\" >/dev/null 2>&1") != 0) {
        fprintf(stderr, "node or the Node packages are missing (npm ci in tests/)\n");
        return 1;
    }
    const char *only = getenv("LK_ONLY"); /* e.g. LK_ONLY=libwebrtc_we_offer */
#define RUN_SELECTED(fn) do { if (only == NULL || strstr(#fn, only) != NULL) { RUN_TEST(fn); } } while (0)
    RUN_SELECTED(test_libjuice_we_offer);
    RUN_SELECTED(test_libjuice_we_answer);
    RUN_SELECTED(test_libwebrtc_we_offer);
    RUN_SELECTED(test_libwebrtc_we_answer);
    TEST_MAIN_END();
}
