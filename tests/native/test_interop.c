/*
 * test_interop.c - our peer connection against real WebRTC stacks over 127.0.0.1:
 * Google's libwebrtc (@roamhq/wrtc) and libdatachannel (node-datachannel), each run as
 * tests/interop/peer.js. For each stack and each role (ours offerer -> we are DTLS server;
 * ours answerer -> we are DTLS client) the connection must reach ICE connected, DTLS connected
 * and connected, a data channel must open (theirs when they offer, ours when we offer) and
 * messages must cross both ways (the Node side echoes ours and sends one of its own). With the
 * fingerprint in their SDP tampered, ours must fail with LK_ERR_FINGERPRINT and never connect.
 *
 * Fails when node or the packages are missing (npm ci in tests/). CTest label: slow (Node
 * start-up; the sanitizer suite skips it).
 * LK_TEST_LABEL_SLOW
 */
#define _DEFAULT_SOURCE 1
#include <opus.h>

#include "test_util.h"
#include "pc_harness.h"

static lk_rtc_certificate_t *g_cert;

typedef struct run {
    lk_rtc_t *pc;
    h_node_t node;
    h_notify_t n;
    int ice_state, dtls_state, conn_state, conn_error, ever_connected;
    int open; uint16_t chan; int remote_opened; char label[64];
    int node_open;
    int node_connected;  /* the Node peer reported connection state connected */
    int echo_ok;         /* our message came back intact */
    int node_msg_ok;     /* the Node peer's own message arrived */
    int node_got;        /* the Node peer reported our message */
    int sent;
    int answers;         /* remote answers applied */
    int reneg;           /* 1: after the first round, offer again with an audio m-line */
    int late;            /* 1: once their channel is open we open "late" (we are DTLS client) */
    int restart;         /* with reneg: round two also restarts ICE */
    char answer_ufrag[2][64]; /* ice-ufrag of the first and the latest remote answer */
    int late_open;       /* our "late" channel opened (event), its id */
    uint16_t late_id;
    int node_late_open;  /* the Node peer saw "late" as a remote channel */
    int chan_closed;     /* LK_RTC_EV_CHANNEL_CLOSED events */
    /* audio mode 2 (we send): frames sent, the Node side's inbound stats */
    int frames_sent;
    uint64_t next_frame_ms;
    int stats_asked;
    long stats_packets, stats_bytes;
    OpusEncoder *enc;
    /* audio mode 3 (they send): packets through on_audio (PC thread), decoded frames */
    int rx_packets;
    int rx_decoded;
    int rx_bad_pt;
    OpusDecoder *dec;
    uint8_t *buf;
} run_t;

static const uint8_t k_ours[] = "ping from lk_rtc \xe2\x9c\x93";   /* text, UTF-8 */
static const uint8_t k_theirs[] = {0x00, 0x01, 0xfe, 0xff, 'n', 'o', 'd', 'e'};

static void handle_node_line(run_t *r, const char *line)
{
    char type[32];
    if (getenv("LK_TRACE") != NULL) {
        fprintf(stderr, "node: %.200s\n", line);
    }
    if (h_json_str(line, "type", type, sizeof type) < 0) {
        return;
    }
    if (strcmp(type, "sdp") == 0) {
        char st[16];
        char *sdp = malloc(65536);
        h_json_str(line, "sdpType", st, sizeof st);
        if (sdp != NULL && h_json_str(line, "sdp", sdp, 65536) > 0) {
            int is_offer = strcmp(st, "offer") == 0;
            int rc = lk_rtc_set_remote_description(r->pc, is_offer ? LK_RTC_SDP_OFFER : LK_RTC_SDP_ANSWER, sdp);
            if (rc != LK_OK) fprintf(stderr, "set_remote_description(%s): %s\n", st, lk_strerror(rc));
            CHECK_EQ_INT(rc, LK_OK);
            r->answers += !is_offer && rc == LK_OK;
            const char *u = strstr(sdp, "a=ice-ufrag:");
            if (!is_offer && u != NULL) {
                char *dst = r->answer_ufrag[r->answers > 1 ? 1 : 0];
                size_t k = 0;
                for (u += 12; u[k] && u[k] != '\r' && u[k] != '\n' && k < 63; k++) {
                    dst[k] = u[k];
                }
                dst[k] = 0;
            }
            if (is_offer) {
                int n = lk_rtc_create_answer(r->pc, sdp, 65536);
                CHECK(n > 0);
                CHECK_EQ_INT(lk_rtc_set_local_description(r->pc, LK_RTC_SDP_ANSWER, sdp), LK_OK);
                CHECK_EQ_INT(h_node_send_sdp(&r->node, "answer", sdp), 0);
            }
        }
        free(sdp);
    } else if (strcmp(type, "candidate") == 0) {
        char cand[512], mid[32];
        if (h_json_str(line, "candidate", cand, sizeof cand) > 0) {
            if (h_json_str(line, "mid", mid, sizeof mid) < 0) mid[0] = 0;
            CHECK_EQ_INT(lk_rtc_add_remote_candidate(r->pc, mid[0] ? mid : NULL, cand), LK_OK);
        }
    } else if (strcmp(type, "state") == 0) {
        char kind[16], st[16];
        if (h_json_str(line, "kind", kind, sizeof kind) > 0 && h_json_str(line, "state", st, sizeof st) > 0 &&
            strcmp(kind, "connection") == 0) {
            r->node_connected = strcmp(st, "connected") == 0;
        }
    } else if (strcmp(type, "open") == 0) {
        char label[64];
        if (h_json_str(line, "label", label, sizeof label) > 0 && strcmp(label, "late") == 0) {
            r->node_late_open = h_json_true(line, "remote");
        } else {
            r->node_open = 1;
        }
    } else if (strcmp(type, "message") == 0) {
        long len = h_json_int(line, "len", -1);
        if (len == (long)(sizeof k_ours - 1) && !h_json_true(line, "binary")) {
            char sum[16], want[16];
            h_json_str(line, "sum", sum, sizeof sum);
            snprintf(want, sizeof want, "%08x", (unsigned)h_fnv1a(k_ours, sizeof k_ours - 1));
            r->node_got = strcmp(sum, want) == 0;
        }
    } else if (strcmp(type, "stats") == 0) {
        r->stats_packets = h_json_int(line, "inboundPackets", -1);
        r->stats_bytes = h_json_int(line, "inboundBytes", -1);
    } else if (strcmp(type, "error") == 0) {
        fprintf(stderr, "node peer: %s\n", line);
    }
}

static void handle_our_events(run_t *r)
{
    lk_rtc_event_t ev;
    while (lk_rtc_poll_event(r->pc, &ev, r->buf, 70000) == LK_OK) {
        switch (ev.type) {
        case LK_RTC_EV_LOCAL_CANDIDATE:
            CHECK_EQ_INT(h_node_send_candidate(&r->node, (const char *)r->buf, ev.mid), 0);
            break;
        case LK_RTC_EV_ICE_STATE: r->ice_state = ev.state; break;
        case LK_RTC_EV_DTLS_STATE: r->dtls_state = ev.state; break;
        case LK_RTC_EV_CONNECTION_STATE:
            r->conn_state = ev.state;
            if (ev.error) r->conn_error = ev.error;
            if (ev.state == LK_RTC_CONN_CONNECTED) r->ever_connected = 1;
            break;
        case LK_RTC_EV_CHANNEL_OPEN:
            if (strcmp((const char *)r->buf, "late") == 0) {
                r->late_open = 1;
                r->late_id = ev.channel_id;
                CHECK_EQ_INT(ev.remote_opened, 0);
                break;
            }
            r->open = 1;
            r->chan = ev.channel_id;
            r->remote_opened = ev.remote_opened;
            snprintf(r->label, sizeof r->label, "%s", (const char *)r->buf);
            break;
        case LK_RTC_EV_CHANNEL_CLOSED:
            r->chan_closed++;
            break;
        case LK_RTC_EV_MESSAGE:
            if (ev.binary == 0 && ev.len == sizeof k_ours - 1 && memcmp(r->buf, k_ours, ev.len) == 0) {
                r->echo_ok = 1;
            } else if (ev.binary == 1 && ev.len == sizeof k_theirs && memcmp(r->buf, k_theirs, ev.len) == 0) {
                r->node_msg_ok = 1;
            } else {
                fprintf(stderr, "unexpected message: binary %d len %zu\n", ev.binary, ev.len);
            }
            break;
        default:
            break;
        }
    }
}

static void run_on_audio(lk_rtc_t *pc, void *user, uint32_t ssrc, uint8_t pt, uint16_t seq, uint32_t ts,
                         const uint8_t *payload, size_t len)
{
    (void)pc;
    (void)ssrc;
    (void)seq;
    (void)ts;
    run_t *r = user;
    opus_int16 pcm[5760];
    if (pt != 111) {
        r->rx_bad_pt++;
    } else if (opus_decode(r->dec, payload, (opus_int32)len, pcm, 5760, 0) > 0) {
        r->rx_decoded++;
    }
    __atomic_add_fetch(&r->rx_packets, 1, __ATOMIC_SEQ_CST);
}

/* We send 100 Opus frames of 20 ms in real time once connected, then ask for the peer's stats. */
static void run_send_audio(run_t *r)
{
    uint64_t now = h_now_ms();
    if (r->frames_sent < 100 && now >= r->next_frame_ms) {
        opus_int16 pcm[960];
        uint8_t frame[400];
        for (int i = 0; i < 960; i++) {
            pcm[i] = (opus_int16)((((r->frames_sent * 960 + i) / 55) % 2) ? 6000 : -6000);
        }
        int len = opus_encode(r->enc, pcm, 960, frame, sizeof frame);
        CHECK(len > 0);
        CHECK_EQ_INT(lk_rtc_send_audio(r->pc, frame, (size_t)len, 960), LK_OK);
        r->frames_sent++;
        r->next_frame_ms = (r->next_frame_ms == 0 ? now : r->next_frame_ms) + 20;
    } else if (r->frames_sent == 100 && !r->stats_asked && now >= r->next_frame_ms + 200) {
        r->stats_asked = 1;
        CHECK_EQ_INT(h_node_send(&r->node, "{\"type\":\"stats\"}"), 0);
    }
}

/* One session; returns 1 when the goal was reached within the time limit. audio 1: an
 * audio-only session (no data channel, no SCTP): the goal is ICE + DTLS connected on both;
 * audio 2: then we send Opus and the peer must have received it; audio 3: the peer sends a
 * tone and we must receive and decode it. */
static int run_session(run_t *r, const char *impl, int we_offer, int tamper, int audio)
{
    int reneg = r->reneg, late = r->late, restart = r->restart;
    memset(r, 0, sizeof *r);
    r->reneg = reneg;
    r->late = late;
    r->restart = restart;
    r->buf = malloc(70000);
    CHECK(h_notify_open(&r->n) == 0);
    lk_rtc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.loopback_only = 1;
    cfg.certificate = g_cert;
    cfg.notify = h_notify_cb;
    cfg.user = &r->n;
    int err = 0;
    if (audio == 2) {
        r->enc = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &err);
    }
    if (audio == 3) {
        r->dec = opus_decoder_create(48000, 2, &err);
    }
    CHECK_EQ_INT(lk_rtc_create(&cfg, &r->pc), LK_OK);
    if (audio == 3) {
        CHECK_EQ_INT(lk_rtc_set_audio_sink(r->pc, run_on_audio, r), LK_OK);
    }
    const char *args[] = {"--impl", impl, "--role", we_offer ? "answerer" : "offerer", "--echo",
                          audio == 3 ? "--audio-source" : audio && !we_offer ? "--audio" : "--echo",
                          tamper ? "--tamper-fingerprint" : NULL, NULL};
    if (h_node_start(&r->node, args) != 0) {
        CHECK(!"cannot start node");
        return 0;
    }
    uint16_t ours = 0;
    if (audio) {
        CHECK(lk_rtc_add_audio_track(r->pc, audio == 2 ? LK_RTC_DIR_SENDONLY : we_offer ? LK_RTC_DIR_SENDRECV
                                                                                      : LK_RTC_DIR_RECVONLY) >= 0);
    }
    if (we_offer) {
        if (!audio) {
            CHECK_EQ_INT(lk_rtc_create_data_channel(r->pc, "lk", 1, -1, &ours), LK_OK);
        }
        char sdp[8192];
        CHECK(lk_rtc_create_offer(r->pc, sdp, sizeof sdp) > 0);
        CHECK_EQ_INT(lk_rtc_set_local_description(r->pc, LK_RTC_SDP_OFFER, sdp), LK_OK);
        CHECK_EQ_INT(h_node_send_sdp(&r->node, "offer", sdp), 0);
    }
    uint64_t end = h_now_ms() + 20000;
    int done = 0, node_eof = 0;
    char *line = malloc(H_LINE_MAX);
    while (!done && h_now_ms() < end) {
        struct pollfd p[2] = {{r->n.rd, POLLIN, 0}, {r->node.from_fd, POLLIN, 0}};
        poll(p, node_eof ? 1 : 2, audio == 2 ? 5 : 100);
        h_notify_drain(&r->n);
        int lr;
        while (!node_eof && (lr = h_node_line(&r->node, line, H_LINE_MAX)) != 0) {
            if (lr < 0) { node_eof = 1; break; }
            handle_node_line(r, line);
        }
        handle_our_events(r);
        if (r->open && r->node_open && !r->sent) {
            r->sent = 1;
            CHECK_EQ_INT(lk_rtc_send(r->pc, r->chan, 0, k_ours, sizeof k_ours - 1), LK_OK);
            CHECK_EQ_INT(h_node_send_message(&r->node, r->label, 1, k_theirs, sizeof k_theirs), 0);
        }
        if (tamper) {
            done = r->conn_state == LK_RTC_CONN_FAILED;
        } else if (audio == 2) {
            if (r->conn_state == LK_RTC_CONN_CONNECTED && r->node_connected) {
                run_send_audio(r);
            }
            done = r->stats_packets >= 0 && r->stats_asked && r->stats_packets != 0;
        } else if (audio == 3) {
            done = r->conn_state == LK_RTC_CONN_CONNECTED && __atomic_load_n(&r->rx_packets, __ATOMIC_SEQ_CST) >= 50;
        } else if (audio) {
            done = r->conn_state == LK_RTC_CONN_CONNECTED && r->node_connected;
        } else {
            done = r->echo_ok && r->node_msg_ok && r->node_got && r->conn_state == LK_RTC_CONN_CONNECTED;
            if (r->late == 1 && r->open) {
                uint16_t id;
                CHECK_EQ_INT(lk_rtc_create_data_channel(r->pc, "late", 0, 0, &id), LK_OK);
                r->late = 2;
            }
            if (r->late) {
                done = done && r->late_open && r->node_late_open;
            }
            if (done && r->reneg == 1) {
                /* Round two: a subsequent offer adding an audio m-line, then another echo. */
                r->reneg = 2;
                done = 0;
                r->echo_ok = 0;
                CHECK_EQ_INT(lk_rtc_add_audio_track(r->pc, LK_RTC_DIR_RECVONLY), 0);
                if (r->restart) {
                    CHECK_EQ_INT(lk_rtc_restart_ice(r->pc), LK_OK);
                }
                char sdp[8192];
                CHECK(lk_rtc_create_offer(r->pc, sdp, sizeof sdp) > 0);
                CHECK_EQ_INT(lk_rtc_set_local_description(r->pc, LK_RTC_SDP_OFFER, sdp), LK_OK);
                CHECK_EQ_INT(h_node_send_sdp(&r->node, "offer", sdp), 0);
            } else if (r->reneg == 2 && !done && r->answers == 2 && !r->echo_ok && r->sent == 1) {
                r->sent = 2;
                CHECK_EQ_INT(lk_rtc_send(r->pc, r->chan, 0, k_ours, sizeof k_ours - 1), LK_OK);
            }
        }
    }
    free(line);
    return done;
}

static void end_session(run_t *r)
{
    int tasks_before = h_count_dir("/proc/self/task");
    CHECK_EQ_INT(lk_rtc_destroy(r->pc), LK_OK);
    CHECK_EQ_INT(h_count_dir("/proc/self/task"), tasks_before - 1);
    h_node_stop(&r->node);
    h_notify_close(&r->n);
    free(r->buf);
    if (r->enc != NULL) opus_encoder_destroy(r->enc);
    if (r->dec != NULL) opus_decoder_destroy(r->dec);
}

static void run_pair(const char *impl, int we_offer)
{
    run_t r;
    memset(&r, 0, sizeof r);
    int ok = run_session(&r, impl, we_offer, 0, 0);
    if (!ok) {
        fprintf(stderr, "%s we_offer=%d: ice %d dtls %d conn %d (err %s) open %d node_open %d echo %d node_msg %d node_got %d\n",
                impl, we_offer, r.ice_state, r.dtls_state, r.conn_state, lk_strerror(r.conn_error),
                r.open, r.node_open, r.echo_ok, r.node_msg_ok, r.node_got);
    }
    CHECK(ok);
    CHECK(r.ice_state == LK_RTC_ICE_CONNECTED || r.ice_state == LK_RTC_ICE_COMPLETED);
    CHECK_EQ_INT(r.dtls_state, LK_RTC_DTLS_CONNECTED);
    CHECK_EQ_INT(r.conn_state, LK_RTC_CONN_CONNECTED);
    CHECK_EQ_INT(r.remote_opened, we_offer ? 0 : 1);
    CHECK(strcmp(r.label, we_offer ? "lk" : "test") == 0);
    /* Stream id parity (RFC 8832 6): even for the DTLS client, odd for the server. The channel
     * is created by the offerer, who is the DTLS server (its actpass answered active). */
    CHECK_EQ_INT(r.chan % 2, 1);
    end_session(&r);
}

static void run_tamper(const char *impl, int we_offer)
{
    run_t r;
    memset(&r, 0, sizeof r);
    int ok = run_session(&r, impl, we_offer, 1, 0);
    CHECK(ok);
    CHECK_EQ_INT(r.conn_state, LK_RTC_CONN_FAILED);
    CHECK_EQ_INT(r.conn_error, LK_ERR_FINGERPRINT);
    CHECK_EQ_INT(r.ever_connected, 0);
    CHECK_EQ_INT(r.open, 0);
    end_session(&r);
}

/* Audio only: ICE + DTLS (with use_srtp) connected, no SCTP involved. */
static void run_audio(const char *impl, int we_offer)
{
    run_t r;
    memset(&r, 0, sizeof r);
    int ok = run_session(&r, impl, we_offer, 0, 1);
    if (!ok) {
        fprintf(stderr, "%s audio we_offer=%d: ice %d dtls %d conn %d (err %s) node connected %d\n", impl, we_offer,
                r.ice_state, r.dtls_state, r.conn_state, lk_strerror(r.conn_error), r.node_connected);
    }
    CHECK(ok);
    CHECK(r.ice_state == LK_RTC_ICE_CONNECTED || r.ice_state == LK_RTC_ICE_COMPLETED);
    CHECK_EQ_INT(r.dtls_state, LK_RTC_DTLS_CONNECTED);
    CHECK_EQ_INT(r.open, 0);
    end_session(&r);
}

/* Our Opus frames reach libwebrtc's receiver (its inbound-rtp stats count them). */
static void test_wrtc_receives_our_audio(void)
{
    run_t r;
    memset(&r, 0, sizeof r);
    r.stats_packets = -1;
    int ok = run_session(&r, "wrtc", 1, 0, 2);
    if (!ok) fprintf(stderr, "frames sent %d, peer inbound packets %ld\n", r.frames_sent, r.stats_packets);
    CHECK(ok);
    CHECK_EQ_INT(r.frames_sent, 100);
    CHECK(r.stats_packets >= 95);
    CHECK(r.stats_bytes > 0);
    end_session(&r);
}

/* libwebrtc's Opus (a tone from RTCAudioSource) reaches our on_audio callback and decodes. */
static void test_wrtc_audio_reaches_us(void)
{
    run_t r;
    memset(&r, 0, sizeof r);
    int ok = run_session(&r, "wrtc", 0, 0, 3);
    if (!ok) fprintf(stderr, "packets %d decoded %d bad pt %d\n", r.rx_packets, r.rx_decoded, r.rx_bad_pt);
    CHECK(ok);
    end_session(&r); /* the PC thread is joined: its counters are final */
    CHECK(r.rx_packets >= 50);
    CHECK_EQ_INT(r.rx_bad_pt, 0);
    CHECK_EQ_INT(r.rx_decoded, r.rx_packets);
}

static void test_wrtc_audio_we_offer(void) { run_audio("wrtc", 1); }
static void test_wrtc_audio_we_answer(void) { run_audio("wrtc", 0); }
static void test_datachannel_audio_we_offer(void) { run_audio("datachannel", 1); }
static void test_datachannel_audio_we_answer(void) { run_audio("datachannel", 0); }

static void test_wrtc_we_offer(void) { run_pair("wrtc", 1); }

/* The peer closes its RTCPeerConnection (stdin closed: peer.js calls close()): our channel is
 * reported closed and the connection ends failed with LK_ERR_CLOSED (DTLS close_notify) or
 * LK_ERR_TIMEOUT - never still "connected". */
static void run_peer_closes(const char *impl)
{
    run_t r;
    memset(&r, 0, sizeof r);
    int ok = run_session(&r, impl, 1, 0, 0);
    CHECK(ok);
    close(r.node.to_fd); /* peer.js closes its peer connection and exits */
    r.node.to_fd = open("/dev/null", O_WRONLY | O_CLOEXEC); /* h_node_stop closes it again */
    uint64_t end = h_now_ms() + 15000;
    while ((r.chan_closed == 0 || r.conn_state == LK_RTC_CONN_CONNECTED) && h_now_ms() < end) {
        struct pollfd p = {r.n.rd, POLLIN, 0};
        poll(&p, 1, 100);
        h_notify_drain(&r.n);
        handle_our_events(&r);
    }
    printf("%s closed its peer connection: %d channel-closed event(s), our connection %s (%s)\n", impl,
           r.chan_closed, lk_rtc_conn_state_name((lk_rtc_conn_state_t)r.conn_state), lk_strerror(r.conn_error));
    CHECK(r.chan_closed >= 1);
    CHECK(r.conn_state == LK_RTC_CONN_FAILED || r.conn_state == LK_RTC_CONN_DISCONNECTED);
    end_session(&r);
}

static void test_wrtc_peer_closes(void) { run_peer_closes("wrtc"); }
static void test_datachannel_peer_closes(void) { run_peer_closes("datachannel"); }

/* They offer (their channel), then we open one of ours as the DTLS client: unordered,
 * maxRetransmits 0 (the _lossy settings), an even stream id, announced to them as remote. */
static void run_late_channel(const char *impl)
{
    run_t r;
    memset(&r, 0, sizeof r);
    r.late = 1;
    int ok = run_session(&r, impl, 0, 0, 0);
    if (!ok) fprintf(stderr, "%s late channel: open %d, node saw it %d\n", impl, r.late_open, r.node_late_open);
    CHECK(ok);
    CHECK_EQ_INT(r.late_id % 2, 0);
    end_session(&r);
}

static void test_wrtc_we_open_as_client(void) { run_late_channel("wrtc"); }
static void test_datachannel_we_open_as_client(void) { run_late_channel("datachannel"); }

/* We offer, libwebrtc answers; then a subsequent offer adds a recvonly audio m-line (what
 * LiveKit's media_sections_requirement asks for): the answer is applied on the same DTLS
 * association and the channel still carries messages both ways. */
/* Round two restarts ICE as well (what a LiveKit resume does): libwebrtc answers with new
 * credentials, the same DTLS association and channel carry on. */
static void test_wrtc_ice_restart(void)
{
    run_t r;
    memset(&r, 0, sizeof r);
    r.reneg = 1;
    r.restart = 1;
    int ok = run_session(&r, "wrtc", 1, 0, 0);
    CHECK(ok);
    CHECK_EQ_INT(r.answers, 2);
    CHECK(r.answer_ufrag[0][0] != 0 && strcmp(r.answer_ufrag[0], r.answer_ufrag[1]) != 0);
    CHECK_EQ_INT(r.conn_state, LK_RTC_CONN_CONNECTED);
    end_session(&r);
}

static void test_wrtc_renegotiation(void)
{
    run_t r;
    memset(&r, 0, sizeof r);
    r.reneg = 1;
    int ok = run_session(&r, "wrtc", 1, 0, 0);
    CHECK(ok);
    CHECK_EQ_INT(r.reneg, 2);
    CHECK_EQ_INT(r.answers, 2);
    CHECK(r.answer_ufrag[0][0] != 0 && strcmp(r.answer_ufrag[0], r.answer_ufrag[1]) == 0);
    CHECK_EQ_INT(r.conn_state, LK_RTC_CONN_CONNECTED);
    end_session(&r);
}
static void test_wrtc_we_answer(void) { run_pair("wrtc", 0); }
static void test_datachannel_we_offer(void) { run_pair("datachannel", 1); }
static void test_datachannel_we_answer(void) { run_pair("datachannel", 0); }
static void test_wrtc_fingerprint_mismatch_we_server(void) { run_tamper("wrtc", 1); }
static void test_datachannel_fingerprint_mismatch_we_client(void) { run_tamper("datachannel", 0); }

/* LK_TEST_ONLY=substring runs only the matching cases (debugging). */
#define RUN_SELECTED(fn) do { \
        const char *only_ = getenv("LK_TEST_ONLY"); \
        if (only_ == NULL || strstr(#fn, only_) != NULL) { RUN_TEST(fn); } \
    } while (0)

int main(void)
{
    if (system("node -e \"require('" LK_TESTS_DIR "/node_modules/@roamhq/wrtc'); require('" LK_TESTS_DIR
               "/node_modules/node-datachannel')\" >/dev/null 2>&1") != 0) {
        printf("node or the interop packages are missing (run npm ci in tests/)\n0 passed, 1 failed\n");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    if (lk_rtc_certificate_create(&g_cert) != LK_OK) {
        printf("certificate creation failed\n");
        return 1;
    }
    RUN_SELECTED(test_wrtc_audio_we_offer);
    RUN_SELECTED(test_wrtc_receives_our_audio);
    RUN_SELECTED(test_wrtc_audio_reaches_us);
    RUN_SELECTED(test_wrtc_audio_we_answer);
    RUN_SELECTED(test_datachannel_audio_we_offer);
    RUN_SELECTED(test_datachannel_audio_we_answer);
    RUN_SELECTED(test_wrtc_we_offer);
    RUN_SELECTED(test_wrtc_we_answer);
    RUN_SELECTED(test_wrtc_renegotiation);
    RUN_SELECTED(test_wrtc_ice_restart);
    RUN_SELECTED(test_datachannel_we_offer);
    RUN_SELECTED(test_datachannel_we_answer);
    RUN_SELECTED(test_wrtc_we_open_as_client);
    RUN_SELECTED(test_wrtc_peer_closes);
    RUN_SELECTED(test_datachannel_peer_closes);
    RUN_SELECTED(test_datachannel_we_open_as_client);
    RUN_SELECTED(test_wrtc_fingerprint_mismatch_we_server);
    RUN_SELECTED(test_datachannel_fingerprint_mismatch_we_client);
    lk_rtc_certificate_destroy(g_cert);
    TEST_MAIN_END();
}
