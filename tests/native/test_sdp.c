/*
 * test_sdp.c - the SDP parser on real SDPs (captured from @roamhq/wrtc = libwebrtc and
 * node-datachannel = libdatachannel, and LiveKit/pion-shaped ones), the writer for our offers
 * and answers, answer mirroring, candidate lines, and malformed input.
 * The SDP files live in tests/fuzz/corpus/sdp/ (they are also the fuzzer's seeds).
 */
#include "test_util.h"

#include <stdlib.h>

#include "sdp.h"
#include "lk_error.h"

static size_t load(const char *name, char *buf, size_t cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/fuzz/corpus/sdp/%s", LK_TESTS_DIR, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return 0;
    }
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return n;
}

static bool span_is(const char *text, lk_sdp_span_t s, const char *want)
{
    return lk_sdp_span_eq(text, s, want);
}

static void test_parse_libwebrtc_offer(void)
{
    static char text[16384];
    static lk_sdp_t s;
    size_t n = load("wrtc_offer.sdp", text, sizeof text);
    CHECK(n > 0);
    CHECK_EQ_INT(lk_sdp_parse(text, n, &s), LK_OK);
    CHECK_EQ_INT(s.media_count, 2);
    CHECK(!s.ice_lite);
    CHECK(span_is(text, s.bundle, "0 1"));
    const lk_sdp_media_t *a = &s.media[0];
    CHECK_EQ_INT(a->kind, LK_SDP_KIND_AUDIO);
    CHECK(span_is(text, a->mid, "0"));
    CHECK(span_is(text, a->proto, "UDP/TLS/RTP/SAVPF"));
    CHECK_EQ_INT(a->direction, LK_SDP_SENDRECV);
    CHECK(a->rtcp_mux);
    CHECK_EQ_INT(a->payload_count, 15);
    CHECK_EQ_INT(a->payloads_dropped, 0);
    CHECK_EQ_INT(lk_sdp_find_opus(&s, text, 0), 111);
    CHECK(span_is(text, a->payloads[0].fmtp, "minptime=10;useinbandfec=1"));
    CHECK(span_is(text, a->payloads[0].encoding, "opus"));
    CHECK_EQ_INT(a->payloads[1].pt, 63);
    CHECK(span_is(text, a->payloads[1].encoding, "red"));
    CHECK(span_is(text, a->payloads[1].fmtp, "111/111"));
    CHECK_EQ_INT(a->payloads[2].clock_rate, 16000);
    CHECK_EQ_INT(a->payloads[2].channels, 1);
    CHECK_EQ_INT(a->ssrc, 4145245736u);
    CHECK(a->msid.len > 0);
    CHECK(span_is(text, lk_sdp_media_ice_ufrag(&s, 0), "EB4Y"));
    CHECK(span_is(text, lk_sdp_media_ice_pwd(&s, 1), "RIat14W8+klBgvc+vU9TcfcS"));
    const uint8_t *fp = lk_sdp_media_fingerprint(&s, 0);
    CHECK(fp != NULL && fp[0] == 0x60 && fp[31] == 0xF4);
    CHECK_EQ_INT(lk_sdp_media_setup(&s, 1), LK_SDP_SETUP_ACTPASS);
    const lk_sdp_media_t *d = &s.media[1];
    CHECK_EQ_INT(d->kind, LK_SDP_KIND_APPLICATION);
    CHECK_EQ_INT(d->sctp_port, 5000);
    CHECK_EQ_INT(d->max_message_size, 262144);
    CHECK(lk_sdp_in_bundle(&s, text, d->mid));
    CHECK_EQ_INT(s.candidate_count, 4);
    CHECK_EQ_INT(s.candidates[2].media_index, 1);
    lk_sdp_candidate_t c;
    CHECK_EQ_INT(lk_sdp_candidate_parse(text + s.candidates[0].line.off, s.candidates[0].line.len, &c), LK_OK);
    CHECK(c.udp && c.address_is_ip && c.type == LK_SDP_CAND_HOST && c.generation == 0);
    CHECK_EQ_INT(lk_sdp_candidate_parse(text + s.candidates[1].line.off, s.candidates[1].line.len, &c), LK_OK);
    CHECK(!c.udp);
}

static void test_parse_libwebrtc_answer(void)
{
    static char text[16384];
    static lk_sdp_t s;
    size_t n = load("wrtc_answer.sdp", text, sizeof text);
    CHECK_EQ_INT(lk_sdp_parse(text, n, &s), LK_OK);
    CHECK_EQ_INT(s.media_count, 2);
    CHECK_EQ_INT(lk_sdp_media_setup(&s, 0), LK_SDP_SETUP_ACTIVE);
    CHECK_EQ_INT(s.media[0].direction, LK_SDP_RECVONLY);
    CHECK_EQ_INT(s.media[1].port, 9);
}

static void test_parse_libdatachannel_offer(void)
{
    static char text[16384];
    static lk_sdp_t s;
    size_t n = load("ndc_offer.sdp", text, sizeof text);
    CHECK_EQ_INT(lk_sdp_parse(text, n, &s), LK_OK);
    CHECK_EQ_INT(s.media_count, 2);
    CHECK(s.has_fingerprint);                       /* session level */
    CHECK(!s.media[0].has_fingerprint);
    CHECK(lk_sdp_media_fingerprint(&s, 1) == s.fingerprint);
    CHECK(span_is(text, lk_sdp_media_ice_ufrag(&s, 1), "C0X5"));
    CHECK_EQ_INT(lk_sdp_find_opus(&s, text, 0), 111);
    CHECK(s.media[0].end_of_candidates);
    CHECK_EQ_INT(s.media[0].ssrc, 1234);
    CHECK(span_is(text, s.media[0].msid, "stream track"));
    CHECK_EQ_INT(s.media[1].kind, LK_SDP_KIND_APPLICATION);
    CHECK_EQ_INT(s.session_id, 4243045055u);
}

static void test_parse_livekit_answer(void)
{
    static char text[16384];
    static lk_sdp_t s;
    size_t n = load("livekit_answer.sdp", text, sizeof text);
    CHECK_EQ_INT(lk_sdp_parse(text, n, &s), LK_OK);
    CHECK(s.ice_lite);
    CHECK_EQ_INT(lk_sdp_media_setup(&s, 0), LK_SDP_SETUP_ACTIVE);
    CHECK_EQ_INT(s.media[1].max_message_size, 1073741823u);
    CHECK_EQ_INT(s.candidate_count, 2);
    CHECK(s.media[0].end_of_candidates);
    lk_sdp_candidate_t c;
    CHECK_EQ_INT(lk_sdp_candidate_parse(text + s.candidates[1].line.off, s.candidates[1].line.len, &c), LK_OK);
    CHECK_EQ_INT(c.component, 2);
    CHECK_EQ_INT(c.addr.port, 7882);
}

static void fill_transport(lk_sdp_desc_t *d)
{
    snprintf(d->ice_ufrag, sizeof d->ice_ufrag, "abCD1234");
    snprintf(d->ice_pwd, sizeof d->ice_pwd, "0123456789abcdefABCDEF+/");
    for (int i = 0; i < LK_SDP_FINGERPRINT_LEN; i++) {
        d->fingerprint[i] = (uint8_t)(i * 7);
    }
    d->session_id = 4611686018427387904ull;
    d->session_version = 2;
    d->ice_trickle = true;
}

static void test_write_offer_round_trip(void)
{
    static lk_sdp_desc_t d;
    static lk_sdp_t s;
    static char text[4096];
    const char *cands[1] = {"candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host"};
    memset(&d, 0, sizeof d);
    fill_transport(&d);
    d.type = LK_SDP_OFFER;
    d.setup = LK_SDP_SETUP_ACTPASS;
    d.media_count = 2;
    d.media[0].kind = LK_SDP_KIND_AUDIO;
    snprintf(d.media[0].mid, sizeof d.media[0].mid, "0");
    d.media[0].direction = LK_SDP_SENDONLY;
    d.media[0].opus_pt = LK_SDP_OPUS_PT;
    d.media[0].ssrc = 0xdeadbeef;
    snprintf(d.media[0].cname, sizeof d.media[0].cname, "device");
    snprintf(d.media[0].msid_stream, sizeof d.media[0].msid_stream, "mic");
    snprintf(d.media[0].msid_track, sizeof d.media[0].msid_track, "TR_mic");
    d.media[1].kind = LK_SDP_KIND_APPLICATION;
    snprintf(d.media[1].mid, sizeof d.media[1].mid, "1");
    d.media[1].max_message_size = 65536;
    d.candidates = cands;
    d.candidate_count = 1;
    d.end_of_candidates = true;
    int n = lk_sdp_write(&d, text, sizeof text);
    CHECK(n > 0);
    CHECK_EQ_INT((int)strlen(text), n);
    CHECK(strstr(text, "a=group:BUNDLE 0 1\r\n") != NULL);
    CHECK(strstr(text, "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n") != NULL);
    CHECK(strstr(text, "a=fmtp:111 minptime=10;useinbandfec=1\r\n") != NULL);
    CHECK(strstr(text, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n") != NULL);
    CHECK(strstr(text, "a=ssrc:3735928559 msid:mic TR_mic\r\n") != NULL);
    CHECK_EQ_INT(lk_sdp_parse(text, (size_t)n, &s), LK_OK);
    CHECK_EQ_INT(s.media_count, 2);
    CHECK_EQ_INT(s.session_id, 4611686018427387904ull);
    CHECK_EQ_INT(lk_sdp_media_setup(&s, 0), LK_SDP_SETUP_ACTPASS);
    CHECK(span_is(text, lk_sdp_media_ice_ufrag(&s, 1), "abCD1234"));
    CHECK(span_is(text, lk_sdp_media_ice_pwd(&s, 0), "0123456789abcdefABCDEF+/"));
    CHECK_MEM(lk_sdp_media_fingerprint(&s, 1), d.fingerprint, LK_SDP_FINGERPRINT_LEN);
    CHECK_EQ_INT(s.media[0].direction, LK_SDP_SENDONLY);
    CHECK(s.media[0].rtcp_mux);
    CHECK_EQ_INT(s.media[0].ssrc, 0xdeadbeef);
    CHECK_EQ_INT(lk_sdp_find_opus(&s, text, 0), 111);
    CHECK_EQ_INT(s.media[1].sctp_port, 5000);
    CHECK_EQ_INT(s.media[1].max_message_size, 65536);
    CHECK_EQ_INT(s.candidate_count, 1);
    CHECK_EQ_INT(s.candidates[0].media_index, 0);
    CHECK(s.media[0].end_of_candidates);
    CHECK(lk_sdp_in_bundle(&s, text, s.media[1].mid));
    /* every too-small buffer is refused without writing past it */
    for (size_t cap = 1; cap <= (size_t)n; cap += 7) {
        char *small = malloc(cap);
        CHECK_EQ_INT(lk_sdp_write(&d, small, cap), LK_ERR_BUFFER_TOO_SMALL);
        free(small);
    }
    /* invalid descriptions */
    d.setup = LK_SDP_SETUP_ACTIVE;
    CHECK_EQ_INT(lk_sdp_write(&d, text, sizeof text), LK_ERR_INVALID_ARG);
    d.setup = LK_SDP_SETUP_ACTPASS;
    snprintf(d.media[1].mid, sizeof d.media[1].mid, "0");
    CHECK_EQ_INT(lk_sdp_write(&d, text, sizeof text), LK_ERR_INVALID_ARG);
    snprintf(d.media[1].mid, sizeof d.media[1].mid, "a b");
    CHECK_EQ_INT(lk_sdp_write(&d, text, sizeof text), LK_ERR_INVALID_ARG);
    snprintf(d.media[1].mid, sizeof d.media[1].mid, "1");
    snprintf(d.ice_ufrag, sizeof d.ice_ufrag, "x\r\ny");
    CHECK_EQ_INT(lk_sdp_write(&d, text, sizeof text), LK_ERR_INVALID_ARG);
}

static void test_answer_mirrors_livekit_offer(void)
{
    static char offer_text[16384];
    static char text[4096];
    static lk_sdp_t offer, s;
    static lk_sdp_desc_t d;
    size_t n = load("livekit_offer.sdp", offer_text, sizeof offer_text);
    CHECK_EQ_INT(lk_sdp_parse(offer_text, n, &offer), LK_OK);
    CHECK(offer.ice_lite);
    CHECK_EQ_INT(offer.media_count, 3);
    CHECK_EQ_INT(offer.media[1].kind, LK_SDP_KIND_OTHER);
    memset(&d, 0, sizeof d);
    CHECK_EQ_INT(lk_sdp_answer_from_offer(&offer, offer_text, LK_SDP_SENDRECV, &d), LK_OK);
    fill_transport(&d);
    d.setup = LK_SDP_SETUP_ACTIVE;
    CHECK_EQ_INT(d.type, LK_SDP_ANSWER);
    CHECK_EQ_INT(d.media_count, 3);
    CHECK_EQ_INT(d.media[0].kind, LK_SDP_KIND_AUDIO);
    CHECK_EQ_INT(d.media[0].direction, LK_SDP_RECVONLY); /* they only send */
    CHECK(d.media[1].rejected);
    CHECK_EQ_INT(d.media[2].kind, LK_SDP_KIND_APPLICATION);
    int w = lk_sdp_write(&d, text, sizeof text);
    CHECK(w > 0);
    CHECK(strstr(text, "a=group:BUNDLE 0 2\r\n") != NULL);
    CHECK(strstr(text, "m=video 0 UDP/TLS/RTP/SAVPF 96\r\n") != NULL);
    CHECK_EQ_INT(lk_sdp_parse(text, (size_t)w, &s), LK_OK);
    CHECK_EQ_INT(s.media_count, 3);
    CHECK_EQ_INT(s.media[1].port, 0);
    CHECK(span_is(text, s.media[1].mid, "1"));
    CHECK(!lk_sdp_in_bundle(&s, text, s.media[1].mid));
    CHECK_EQ_INT(s.media[0].direction, LK_SDP_RECVONLY);
    CHECK_EQ_INT(lk_sdp_media_setup(&s, 2), LK_SDP_SETUP_ACTIVE);
    /* an answer may not be actpass */
    d.setup = LK_SDP_SETUP_ACTPASS;
    CHECK_EQ_INT(lk_sdp_write(&d, text, sizeof text), LK_ERR_INVALID_ARG);
}

static void test_answer_to_libdatachannel_offer(void)
{
    static char offer_text[16384];
    static lk_sdp_t offer;
    static lk_sdp_desc_t d;
    size_t n = load("ndc_offer.sdp", offer_text, sizeof offer_text);
    CHECK_EQ_INT(lk_sdp_parse(offer_text, n, &offer), LK_OK);
    CHECK_EQ_INT(lk_sdp_answer_from_offer(&offer, offer_text, LK_SDP_SENDONLY, &d), LK_OK);
    CHECK_EQ_INT(d.media[0].direction, LK_SDP_SENDONLY);
    CHECK_EQ_INT(d.media[0].opus_pt, 111);
    CHECK(!d.media[1].rejected);
}

/* A Firefox-shaped offer (opus on PT 109, fingerprint at session level): the answer keeps 109. */
static void test_answer_keeps_offered_opus_pt(void)
{
    static char offer_text[16384];
    static char text[4096];
    static lk_sdp_t offer, s;
    static lk_sdp_desc_t d;
    size_t n = load("firefox_like_offer.sdp", offer_text, sizeof offer_text);
    CHECK_EQ_INT(lk_sdp_parse(offer_text, n, &offer), LK_OK);
    CHECK_EQ_INT(lk_sdp_find_opus(&offer, offer_text, 0), 109);
    CHECK(span_is(offer_text, offer.media[0].payloads[0].fmtp, "maxplaybackrate=48000;stereo=1;useinbandfec=1"));
    CHECK(lk_sdp_media_fingerprint(&offer, 0) == offer.fingerprint);
    CHECK_EQ_INT(offer.media[0].ssrc, 2781395723u);
    memset(&d, 0, sizeof d);
    CHECK_EQ_INT(lk_sdp_answer_from_offer(&offer, offer_text, LK_SDP_SENDONLY, &d), LK_OK);
    fill_transport(&d);
    d.setup = LK_SDP_SETUP_PASSIVE;
    CHECK_EQ_INT(d.media[0].opus_pt, 109);
    CHECK_EQ_INT(d.media[0].direction, LK_SDP_SENDONLY);
    int w = lk_sdp_write(&d, text, sizeof text);
    CHECK(w > 0);
    CHECK(strstr(text, "m=audio 9 UDP/TLS/RTP/SAVPF 109\r\n") != NULL);
    CHECK(strstr(text, "a=rtpmap:109 opus/48000/2\r\n") != NULL);
    CHECK(strstr(text, "a=fmtp:109 minptime=10;useinbandfec=1\r\n") != NULL);
    CHECK_EQ_INT(lk_sdp_parse(text, (size_t)w, &s), LK_OK);
    CHECK_EQ_INT(lk_sdp_media_setup(&s, 0), LK_SDP_SETUP_PASSIVE);
    CHECK_EQ_INT(lk_sdp_find_opus(&s, text, 0), 109);
}

static void test_candidate_lines(void)
{
    lk_sdp_candidate_t c;
    char out[LK_SDP_CANDIDATE_MAX];
    const char *srflx = "a=candidate:842163049 1 udp 1677729535 198.51.100.7 61234 typ srflx raddr 10.0.0.5 rport 50000 generation 0 ufrag EB4Y network-cost 999\r\n";
    CHECK_EQ_INT(lk_sdp_candidate_parse(srflx, strlen(srflx), &c), LK_OK);
    CHECK(strcmp(c.foundation, "842163049") == 0);
    CHECK_EQ_INT(c.component, 1);
    CHECK(c.udp);
    CHECK_EQ_INT(c.priority, 1677729535u);
    CHECK(c.address_is_ip && c.addr.family == LK_ADDR_V4 && c.addr.port == 61234);
    CHECK_EQ_INT(c.type, LK_SDP_CAND_SRFLX);
    CHECK(c.has_related && c.related.port == 50000);
    CHECK_EQ_INT(c.generation, 0);
    CHECK(strcmp(c.ufrag, "EB4Y") == 0);
    CHECK(lk_sdp_candidate_format(&c, out, sizeof out) > 0);
    CHECK(strcmp(out, "candidate:842163049 1 udp 1677729535 198.51.100.7 61234 typ srflx raddr 10.0.0.5 rport 50000 generation 0 ufrag EB4Y") == 0);

    const char *v6 = "candidate:3 1 UDP 2122260223 2001:db8::1 9 typ host";
    CHECK_EQ_INT(lk_sdp_candidate_parse(v6, strlen(v6), &c), LK_OK);
    CHECK(c.addr.family == LK_ADDR_V6 && c.generation == -1 && c.ufrag[0] == '\0');
    CHECK(lk_sdp_candidate_format(&c, out, sizeof out) > 0);
    CHECK(strcmp(out, "candidate:3 1 udp 2122260223 2001:db8::1 9 typ host") == 0);

    const char *mdns = "candidate:1 1 udp 2113937151 4c6f2a1e-1d2b-4a7b-9b1d-0a1b2c3d4e5f.local 54321 typ host generation 0";
    CHECK_EQ_INT(lk_sdp_candidate_parse(mdns, strlen(mdns), &c), LK_OK);
    CHECK(!c.address_is_ip);
    CHECK(strstr(c.address, ".local") != NULL);
    CHECK_EQ_INT(lk_sdp_candidate_format(&c, out, sizeof out), LK_ERR_INVALID_ARG);

    const char *tcp = "candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active";
    CHECK_EQ_INT(lk_sdp_candidate_parse(tcp, strlen(tcp), &c), LK_OK);
    CHECK(!c.udp);
    const char *relay = "candidate:4 1 udp 41885439 203.0.113.9 3478 typ relay raddr 0.0.0.0 rport 0";
    CHECK_EQ_INT(lk_sdp_candidate_parse(relay, strlen(relay), &c), LK_OK);
    CHECK_EQ_INT(c.type, LK_SDP_CAND_RELAY);

    static const char *bad[] = {
        "",
        "candidate:",
        "candidate:1 1 udp 2130706431 127.0.0.1 5000 typ",
        "candidate:1 1 udp 2130706431 127.0.0.1 5000 type host",
        "candidate:1 1 udp 2130706431 127.0.0.1 70000 typ host",
        "candidate:1 0 udp 2130706431 127.0.0.1 5000 typ host",
        "candidate:1 1 udp 4294967296 127.0.0.1 5000 typ host",
        "candidate:1 1 udp 1 127.0.0.1 5000 typ bogus",
        "candidate:1 1 udp 1 300.0.0.1 5000 typ host raddr",
        "candidate:1 1 udp 1 bad!name 5000 typ host",
        "candidate:f@o 1 udp 1 127.0.0.1 5000 typ host",
        "candidate:123456789012345678901234567890123 1 udp 1 127.0.0.1 5000 typ host",
        "candidate:1 1 udp 1 127.0.0.1 5000 typ host generation x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (lk_sdp_candidate_parse(bad[i], strlen(bad[i]), &c) != LK_ERR_MALFORMED) {
            fprintf(stderr, "accepted bad candidate %zu: %s\n", i, bad[i]);
            CHECK(0);
        }
    }
}

static void test_malformed_sdp(void)
{
    static lk_sdp_t s;
    static const char *bad[] = {
        "",
        "x",
        "o=- 1 1 IN IP4 0.0.0.0\r\n",
        "v=1\r\n",
        "v=0\r\nm=audio\r\n",
        "v=0\r\nm=audio 99999 RTP/AVP 0\r\n",
        "v=0\r\nm=audio 9 RTP/AVP\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 0 x\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 0\r\na=fingerprint:sha-256 00:11\r\n",
        "v=0\r\na=fingerprint:sha-256 GG:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n",
        "v=0\r\na=setup:sometimes\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 111\r\na=rtpmap:111 opus\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 111\r\na=rtpmap:300 opus/48000\r\n",
        "v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:x\r\n",
        "v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=max-message-size:99999999999\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 0\r\na=mid:\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 0\r\na=mid:0123456789012345678901234567890123\r\n",
        "v=0\r\nbroken\r\n",
        "v=0\r\na=ice-ufrag:\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = lk_sdp_parse(bad[i], strlen(bad[i]), &s);
        if (rc != LK_ERR_MALFORMED) {
            fprintf(stderr, "bad SDP %zu gave %d\n", i, rc);
            CHECK(0);
        }
    }
    /* an embedded NUL */
    const char nul[] = "v=0\r\ns=a\0b\r\n";
    CHECK_EQ_INT(lk_sdp_parse(nul, sizeof nul - 1, &s), LK_ERR_MALFORMED);
    /* too many m-lines */
    static char many[4096];
    size_t n = (size_t)snprintf(many, sizeof many, "v=0\r\n");
    for (int i = 0; i <= LK_SDP_MAX_MEDIA; i++) {
        n += (size_t)snprintf(many + n, sizeof many - n, "m=audio 9 RTP/AVP 0\r\na=mid:%d\r\n", i);
    }
    CHECK_EQ_INT(lk_sdp_parse(many, n, &s), LK_ERR_MALFORMED);
    /* too long */
    char *big = calloc(LK_SDP_MAX_TEXT + 2, 1);
    memcpy(big, "v=0\r\n", 5);
    memset(big + 5, 'x', LK_SDP_MAX_TEXT - 4);
    CHECK_EQ_INT(lk_sdp_parse(big, LK_SDP_MAX_TEXT + 1, &s), LK_ERR_TOO_LARGE);
    free(big);
    CHECK_EQ_INT(lk_sdp_parse(NULL, 0, NULL), LK_ERR_INVALID_ARG);
}

/* Dropping payload types and candidates beyond the bounds counts them and keeps parsing. */
static void test_bounds_drop_and_count(void)
{
    static char text[8192];
    static lk_sdp_t s;
    size_t n = (size_t)snprintf(text, sizeof text, "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF");
    for (int pt = 96; pt < 96 + LK_SDP_MAX_PAYLOADS + 3; pt++) {
        n += (size_t)snprintf(text + n, sizeof text - n, " %d", pt);
    }
    n += (size_t)snprintf(text + n, sizeof text - n, "\r\na=mid:a\r\n");
    for (int i = 0; i < LK_SDP_MAX_CANDIDATES + 5; i++) {
        n += (size_t)snprintf(text + n, sizeof text - n, "a=candidate:%d 1 udp 1 127.0.0.1 %d typ host\r\n", i, 1000 + i);
    }
    CHECK_EQ_INT(lk_sdp_parse(text, n, &s), LK_OK);
    CHECK_EQ_INT(s.media[0].payload_count, LK_SDP_MAX_PAYLOADS);
    CHECK_EQ_INT(s.media[0].payloads_dropped, 3);
    CHECK_EQ_INT(s.candidate_count, LK_SDP_MAX_CANDIDATES);
    CHECK_EQ_INT(s.candidates_dropped, 5);
}

/* Every prefix of every real SDP parses or is refused cleanly (ASan watches for overreads). */
static void test_truncations_do_not_crash(void)
{
    static const char *files[] = {"wrtc_offer.sdp", "wrtc_answer.sdp", "ndc_offer.sdp", "livekit_offer.sdp", "livekit_answer.sdp",
                                  "firefox_like_offer.sdp"};
    static char text[16384];
    static lk_sdp_t s;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        size_t n = load(files[f], text, sizeof text);
        CHECK(n > 0);
        for (size_t k = 0; k <= n; k++) {
            char *copy = malloc(k + 1);
            memcpy(copy, text, k);
            int rc = lk_sdp_parse(copy, k, &s);
            CHECK(rc == LK_OK || rc == LK_ERR_MALFORMED);
            free(copy);
        }
    }
}

int main(void)
{
    RUN_TEST(test_parse_libwebrtc_offer);
    RUN_TEST(test_parse_libwebrtc_answer);
    RUN_TEST(test_parse_libdatachannel_offer);
    RUN_TEST(test_parse_livekit_answer);
    RUN_TEST(test_write_offer_round_trip);
    RUN_TEST(test_answer_mirrors_livekit_offer);
    RUN_TEST(test_answer_to_libdatachannel_offer);
    RUN_TEST(test_answer_keeps_offered_opus_pt);
    RUN_TEST(test_candidate_lines);
    RUN_TEST(test_malformed_sdp);
    RUN_TEST(test_bounds_drop_and_count);
    RUN_TEST(test_truncations_do_not_crash);
    TEST_MAIN_END();
}
