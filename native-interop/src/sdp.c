/* sdp.c - WebRTC SDP: a bounded, zero-copy parser, a candidate-line codec and a writer for our
 * offers and answers. See sdp.h for what is kept and the bounds. */
#include "sdp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lk_error.h"

/* ---------------------------------------------------------------------------------------- */
/* Small text helpers over (pointer, length); nothing here reads past the given length. */

typedef struct cursor {
    const char *p;
    size_t n;
} cursor_t;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool eq_ci(const char *p, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (n != m) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower(p[i]) != lower(lit[i])) {
            return false;
        }
    }
    return true;
}

static bool eq(const char *p, size_t n, const char *lit)
{
    return n == strlen(lit) && memcmp(p, lit, n) == 0;
}

static bool starts_with(const char *p, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    return n >= m && memcmp(p, lit, m) == 0;
}

/* Next space-separated token; false at the end. Runs of spaces/tabs are skipped. */
static bool next_token(cursor_t *c, const char **tok, size_t *tlen)
{
    while (c->n > 0 && (c->p[0] == ' ' || c->p[0] == '\t')) {
        c->p++;
        c->n--;
    }
    if (c->n == 0) {
        return false;
    }
    size_t i = 0;
    while (i < c->n && c->p[i] != ' ' && c->p[i] != '\t') {
        i++;
    }
    *tok = c->p;
    *tlen = i;
    c->p += i;
    c->n -= i;
    return true;
}

/* Unsigned decimal of exactly n digits into *out, at most max. */
static bool parse_uint(const char *p, size_t n, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0 || n > 20) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(p[i])) {
            return false;
        }
        uint64_t d = (uint64_t)(p[i] - '0');
        if (v > (max - d) / 10) {
            return false;
        }
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

static lk_sdp_span_t span_of(const char *text, const char *p, size_t n)
{
    lk_sdp_span_t s;
    s.off = (uint16_t)(p - text);
    s.len = (uint16_t)n;
    return s;
}

int lk_sdp_span_copy(const char *text, lk_sdp_span_t s, char *buf, size_t cap)
{
    if (buf == NULL || (text == NULL && s.len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    if ((size_t)s.len + 1 > cap) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    if (s.len > 0) {
        memcpy(buf, text + s.off, s.len);
    }
    buf[s.len] = '\0';
    return s.len;
}

bool lk_sdp_span_eq(const char *text, lk_sdp_span_t s, const char *str)
{
    return text != NULL && str != NULL && eq(text + s.off, s.len, str);
}

/* ---------------------------------------------------------------------------------------- */
/* Attribute parsers */

static int hex_nibble(char c)
{
    if (is_digit(c)) {
        return c - '0';
    }
    c = lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* "sha-256 AB:CD:..." -> 32 bytes. Returns 1 parsed, 0 other hash (ignored), <0 malformed. */
static int parse_fingerprint(const char *v, size_t n, uint8_t out[LK_SDP_FINGERPRINT_LEN])
{
    cursor_t c = {v, n};
    const char *alg, *hex;
    size_t alen, hlen;
    if (!next_token(&c, &alg, &alen) || !next_token(&c, &hex, &hlen)) {
        return LK_ERR_MALFORMED;
    }
    if (!eq_ci(alg, alen, "sha-256")) {
        return 0;
    }
    if (hlen != LK_SDP_FINGERPRINT_LEN * 3 - 1) {
        return LK_ERR_MALFORMED;
    }
    for (size_t i = 0; i < LK_SDP_FINGERPRINT_LEN; i++) {
        int hi = hex_nibble(hex[3 * i]), lo = hex_nibble(hex[3 * i + 1]);
        if (hi < 0 || lo < 0 || (i + 1 < LK_SDP_FINGERPRINT_LEN && hex[3 * i + 2] != ':')) {
            return LK_ERR_MALFORMED;
        }
        out[i] = (uint8_t)((hi << 4) | lo);
    }
    return 1;
}

static int parse_setup(const char *v, size_t n, lk_sdp_setup_t *out)
{
    if (eq_ci(v, n, "actpass")) {
        *out = LK_SDP_SETUP_ACTPASS;
    } else if (eq_ci(v, n, "active")) {
        *out = LK_SDP_SETUP_ACTIVE;
    } else if (eq_ci(v, n, "passive")) {
        *out = LK_SDP_SETUP_PASSIVE;
    } else if (eq_ci(v, n, "holdconn")) {
        *out = LK_SDP_SETUP_NONE;
    } else {
        return LK_ERR_MALFORMED;
    }
    return LK_OK;
}

static lk_sdp_payload_t *find_payload(lk_sdp_media_t *m, uint64_t pt)
{
    for (size_t i = 0; i < m->payload_count; i++) {
        if (m->payloads[i].pt == pt) {
            return &m->payloads[i];
        }
    }
    return NULL;
}

/* "111 opus/48000/2" */
static int parse_rtpmap(const char *text, lk_sdp_media_t *m, const char *v, size_t n)
{
    cursor_t c = {v, n};
    const char *tpt, *enc;
    size_t lpt, lenc;
    uint64_t pt, clock, ch = 1;
    if (!next_token(&c, &tpt, &lpt) || !parse_uint(tpt, lpt, 127, &pt) || !next_token(&c, &enc, &lenc)) {
        return LK_ERR_MALFORMED;
    }
    const char *s1 = memchr(enc, '/', lenc);
    if (s1 == NULL || s1 == enc) {
        return LK_ERR_MALFORMED;
    }
    size_t name_len = (size_t)(s1 - enc);
    const char *rest = s1 + 1;
    size_t rest_len = lenc - name_len - 1;
    const char *s2 = memchr(rest, '/', rest_len);
    size_t clock_len = s2 != NULL ? (size_t)(s2 - rest) : rest_len;
    if (!parse_uint(rest, clock_len, 0xFFFFFFFFu, &clock) ||
        (s2 != NULL && !parse_uint(s2 + 1, rest_len - clock_len - 1, 255, &ch))) {
        return LK_ERR_MALFORMED;
    }
    lk_sdp_payload_t *p = find_payload(m, pt);
    if (p != NULL) {
        p->encoding = span_of(text, enc, name_len);
        p->clock_rate = (uint32_t)clock;
        p->channels = (uint8_t)ch;
    }
    return LK_OK;
}

/* "111 minptime=10;useinbandfec=1" */
static int parse_fmtp(const char *text, lk_sdp_media_t *m, const char *v, size_t n)
{
    cursor_t c = {v, n};
    const char *tpt;
    size_t lpt;
    uint64_t pt;
    if (!next_token(&c, &tpt, &lpt)) {
        return LK_ERR_MALFORMED;
    }
    if (!parse_uint(tpt, lpt, 127, &pt)) {
        return LK_OK; /* non-numeric formats (e.g. "webrtc-datachannel") are not payload types */
    }
    while (c.n > 0 && (c.p[0] == ' ' || c.p[0] == '\t')) {
        c.p++;
        c.n--;
    }
    lk_sdp_payload_t *p = find_payload(m, pt);
    if (p != NULL) {
        p->fmtp = span_of(text, c.p, c.n);
    }
    return LK_OK;
}

/* "m=<media> <port>[/<n>] <proto> <fmt> ..." */
static int parse_m_line(const char *text, const char *v, size_t n, lk_sdp_media_t *m)
{
    cursor_t c = {v, n};
    const char *media, *port, *proto;
    size_t lmedia, lport, lproto;
    uint64_t portv;
    memset(m, 0, sizeof *m);
    if (!next_token(&c, &media, &lmedia) || !next_token(&c, &port, &lport) || !next_token(&c, &proto, &lproto)) {
        return LK_ERR_MALFORMED;
    }
    const char *slash = memchr(port, '/', lport);
    if (slash != NULL) {
        lport = (size_t)(slash - port);
    }
    if (!parse_uint(port, lport, 65535, &portv)) {
        return LK_ERR_MALFORMED;
    }
    m->media = span_of(text, media, lmedia);
    m->port = (uint16_t)portv;
    m->proto = span_of(text, proto, lproto);
    while (c.n > 0 && c.p[0] == ' ') {
        c.p++;
        c.n--;
    }
    m->fmts = span_of(text, c.p, c.n);
    if (c.n == 0) {
        return LK_ERR_MALFORMED; /* RFC 8866 5.14: at least one format */
    }
    bool rtp = false;
    for (size_t i = 0; i + 3 <= lproto; i++) {
        if (memcmp(proto + i, "RTP", 3) == 0) {
            rtp = true;
        }
    }
    bool sctp = false;
    for (size_t i = 0; i + 4 <= lproto; i++) {
        if (memcmp(proto + i, "SCTP", 4) == 0) {
            sctp = true;
        }
    }
    if (eq(media, lmedia, "audio") && rtp) {
        m->kind = LK_SDP_KIND_AUDIO;
    } else if (eq(media, lmedia, "application") && sctp) {
        m->kind = LK_SDP_KIND_APPLICATION;
    } else {
        m->kind = LK_SDP_KIND_OTHER;
    }
    if (rtp) {
        const char *f;
        size_t lf;
        uint64_t pt;
        while (next_token(&c, &f, &lf)) {
            if (!parse_uint(f, lf, 127, &pt)) {
                return LK_ERR_MALFORMED;
            }
            if (find_payload(m, pt) != NULL) {
                continue;
            }
            if (m->payload_count >= LK_SDP_MAX_PAYLOADS) {
                if (m->payloads_dropped < 255) {
                    m->payloads_dropped++;
                }
                continue;
            }
            lk_sdp_payload_t *p = &m->payloads[m->payload_count++];
            p->pt = (uint8_t)pt;
            p->channels = 1;
        }
    }
    return LK_OK;
}

/* One "a=" line at session level (m == NULL) or in media m (index mi). */
static int parse_attribute(const char *text, lk_sdp_t *s, lk_sdp_media_t *m, size_t mi, const char *v, size_t n)
{
    const char *colon = memchr(v, ':', n);
    size_t nlen = colon != NULL ? (size_t)(colon - v) : n;
    const char *val = colon != NULL ? colon + 1 : v + n;
    size_t vlen = colon != NULL ? n - nlen - 1 : 0;
    uint64_t u;
    int rc;

    if (eq(v, nlen, "ice-ufrag")) {
        if (vlen == 0) {
            return LK_ERR_MALFORMED;
        }
        if (m != NULL) {
            m->ice_ufrag = span_of(text, val, vlen);
        } else {
            s->ice_ufrag = span_of(text, val, vlen);
        }
    } else if (eq(v, nlen, "ice-pwd")) {
        if (vlen == 0) {
            return LK_ERR_MALFORMED;
        }
        if (m != NULL) {
            m->ice_pwd = span_of(text, val, vlen);
        } else {
            s->ice_pwd = span_of(text, val, vlen);
        }
    } else if (eq(v, nlen, "ice-lite")) {
        s->ice_lite = true;
    } else if (eq(v, nlen, "fingerprint")) {
        uint8_t fp[LK_SDP_FINGERPRINT_LEN];
        rc = parse_fingerprint(val, vlen, fp);
        if (rc < 0) {
            return rc;
        }
        if (rc == 1) {
            if (m != NULL) {
                memcpy(m->fingerprint, fp, sizeof fp);
                m->has_fingerprint = true;
            } else {
                memcpy(s->fingerprint, fp, sizeof fp);
                s->has_fingerprint = true;
            }
        }
    } else if (eq(v, nlen, "setup")) {
        return parse_setup(val, vlen, m != NULL ? &m->setup : &s->setup);
    } else if (eq(v, nlen, "group")) {
        cursor_t c = {val, vlen};
        const char *sem;
        size_t lsem;
        if (next_token(&c, &sem, &lsem) && eq(sem, lsem, "BUNDLE") && s->bundle.len == 0) {
            while (c.n > 0 && c.p[0] == ' ') {
                c.p++;
                c.n--;
            }
            s->bundle = span_of(text, c.p, c.n);
        }
    } else if (m == NULL) {
        return LK_OK; /* other session-level attributes are not used */
    } else if (eq(v, nlen, "mid")) {
        if (vlen == 0 || vlen > LK_SDP_MAX_MID) {
            return LK_ERR_MALFORMED;
        }
        m->mid = span_of(text, val, vlen);
    } else if (eq(v, nlen, "sendrecv")) {
        m->direction = LK_SDP_SENDRECV;
    } else if (eq(v, nlen, "sendonly")) {
        m->direction = LK_SDP_SENDONLY;
    } else if (eq(v, nlen, "recvonly")) {
        m->direction = LK_SDP_RECVONLY;
    } else if (eq(v, nlen, "inactive")) {
        m->direction = LK_SDP_INACTIVE;
    } else if (eq(v, nlen, "rtcp-mux")) {
        m->rtcp_mux = true;
    } else if (eq(v, nlen, "bundle-only")) {
        m->bundle_only = true;
    } else if (eq(v, nlen, "rtpmap")) {
        return parse_rtpmap(text, m, val, vlen);
    } else if (eq(v, nlen, "fmtp")) {
        return parse_fmtp(text, m, val, vlen);
    } else if (eq(v, nlen, "sctp-port")) {
        if (!parse_uint(val, vlen, 65535, &u)) {
            return LK_ERR_MALFORMED;
        }
        m->sctp_port = (uint16_t)u;
    } else if (eq(v, nlen, "sctpmap")) {
        /* draft-ietf-mmusic-sctp-sdp-05 (old browsers): "a=sctpmap:5000 webrtc-datachannel 1024" */
        cursor_t c = {val, vlen};
        const char *t;
        size_t lt;
        if (!next_token(&c, &t, &lt) || !parse_uint(t, lt, 65535, &u)) {
            return LK_ERR_MALFORMED;
        }
        m->sctp_port = (uint16_t)u;
    } else if (eq(v, nlen, "max-message-size")) {
        if (!parse_uint(val, vlen, 0xFFFFFFFFu, &u)) {
            return LK_ERR_MALFORMED;
        }
        m->max_message_size = (uint32_t)u;
    } else if (eq(v, nlen, "candidate")) {
        if (s->candidate_count >= LK_SDP_MAX_CANDIDATES) {
            if (s->candidates_dropped < 255) {
                s->candidates_dropped++;
            }
        } else {
            lk_sdp_candidate_ref_t *r = &s->candidates[s->candidate_count++];
            r->media_index = (uint8_t)mi;
            r->line = span_of(text, v, n);
        }
    } else if (eq(v, nlen, "end-of-candidates")) {
        m->end_of_candidates = true;
    } else if (eq(v, nlen, "msid")) {
        m->msid = span_of(text, val, vlen);
    } else if (eq(v, nlen, "ssrc")) {
        cursor_t c = {val, vlen};
        const char *t;
        size_t lt;
        if (!next_token(&c, &t, &lt) || !parse_uint(t, lt, 0xFFFFFFFFu, &u)) {
            return LK_ERR_MALFORMED;
        }
        if (m->ssrc == 0) {
            m->ssrc = (uint32_t)u;
        }
    }
    return LK_OK;
}

/* "o=<username> <sess-id> <sess-version> IN IP4 <addr>" */
static int parse_origin(lk_sdp_t *s, const char *v, size_t n)
{
    cursor_t c = {v, n};
    const char *user, *id, *ver;
    size_t lu, lid, lver;
    uint64_t x;
    if (!next_token(&c, &user, &lu) || !next_token(&c, &id, &lid) || !next_token(&c, &ver, &lver)) {
        return LK_ERR_MALFORMED;
    }
    s->session_id = parse_uint(id, lid, UINT64_MAX, &x) ? x : 0;
    s->session_version = parse_uint(ver, lver, UINT64_MAX, &x) ? x : 0;
    return LK_OK;
}

int lk_sdp_parse(const char *text, size_t len, lk_sdp_t *out)
{
    if (out == NULL || (text == NULL && len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    memset(out, 0, sizeof *out);
    if (len > LK_SDP_MAX_TEXT) {
        return LK_ERR_TOO_LARGE;
    }
    size_t pos = 0;
    size_t line_no = 0;
    lk_sdp_media_t *m = NULL;
    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl != NULL ? (size_t)(nl - line) : len - pos;
        pos += ll + (nl != NULL ? 1 : 0);
        if (ll > 0 && line[ll - 1] == '\r') {
            ll--;
        }
        if (ll == 0) {
            continue; /* tolerate blank lines (a trailing one is common) */
        }
        for (size_t i = 0; i < ll; i++) {
            if (line[i] == '\0' || line[i] == '\r') {
                return LK_ERR_MALFORMED;
            }
        }
        if (ll < 2 || line[1] != '=') {
            return LK_ERR_MALFORMED;
        }
        char type = line[0];
        const char *v = line + 2;
        size_t vn = ll - 2;
        int rc = LK_OK;
        if (line_no++ == 0) {
            if (type != 'v' || !eq(v, vn, "0")) {
                return LK_ERR_MALFORMED;
            }
            continue;
        }
        switch (type) {
        case 'o':
            rc = m == NULL ? parse_origin(out, v, vn) : LK_OK;
            break;
        case 'm':
            if (out->media_count >= LK_SDP_MAX_MEDIA) {
                return LK_ERR_MALFORMED;
            }
            m = &out->media[out->media_count];
            rc = parse_m_line(text, v, vn, m);
            out->media_count++;
            break;
        case 'a':
            rc = parse_attribute(text, out, m, m != NULL ? (size_t)(m - out->media) : 0, v, vn);
            break;
        default:
            break; /* s=, t=, c=, b=, i=, ... */
        }
        if (rc < 0) {
            return LK_ERR_MALFORMED;
        }
    }
    return line_no > 0 ? LK_OK : LK_ERR_MALFORMED;
}

lk_sdp_span_t lk_sdp_media_ice_ufrag(const lk_sdp_t *sdp, size_t i)
{
    lk_sdp_span_t none = {0, 0};
    if (sdp == NULL || i >= sdp->media_count) {
        return none;
    }
    return sdp->media[i].ice_ufrag.len > 0 ? sdp->media[i].ice_ufrag : sdp->ice_ufrag;
}

lk_sdp_span_t lk_sdp_media_ice_pwd(const lk_sdp_t *sdp, size_t i)
{
    lk_sdp_span_t none = {0, 0};
    if (sdp == NULL || i >= sdp->media_count) {
        return none;
    }
    return sdp->media[i].ice_pwd.len > 0 ? sdp->media[i].ice_pwd : sdp->ice_pwd;
}

const uint8_t *lk_sdp_media_fingerprint(const lk_sdp_t *sdp, size_t i)
{
    if (sdp == NULL || i >= sdp->media_count) {
        return NULL;
    }
    if (sdp->media[i].has_fingerprint) {
        return sdp->media[i].fingerprint;
    }
    return sdp->has_fingerprint ? sdp->fingerprint : NULL;
}

lk_sdp_setup_t lk_sdp_media_setup(const lk_sdp_t *sdp, size_t i)
{
    if (sdp == NULL || i >= sdp->media_count) {
        return LK_SDP_SETUP_NONE;
    }
    return sdp->media[i].setup != LK_SDP_SETUP_NONE ? sdp->media[i].setup : sdp->setup;
}

bool lk_sdp_in_bundle(const lk_sdp_t *sdp, const char *text, lk_sdp_span_t mid)
{
    if (sdp == NULL || text == NULL || mid.len == 0) {
        return false;
    }
    cursor_t c = {text + sdp->bundle.off, sdp->bundle.len};
    const char *t;
    size_t lt;
    while (next_token(&c, &t, &lt)) {
        if (lt == mid.len && memcmp(t, text + mid.off, lt) == 0) {
            return true;
        }
    }
    return false;
}

int lk_sdp_find_opus(const lk_sdp_t *sdp, const char *text, size_t i)
{
    if (sdp == NULL || text == NULL || i >= sdp->media_count) {
        return -1;
    }
    const lk_sdp_media_t *m = &sdp->media[i];
    for (size_t k = 0; k < m->payload_count; k++) {
        const lk_sdp_payload_t *p = &m->payloads[k];
        if (eq_ci(text + p->encoding.off, p->encoding.len, "opus") && p->clock_rate == 48000 && p->channels == 2) {
            return p->pt;
        }
    }
    return -1;
}

/* ---------------------------------------------------------------------------------------- */
/* Candidate lines */

static bool copy_token(char *dst, size_t cap, const char *p, size_t n)
{
    if (n + 1 > cap) {
        return false;
    }
    memcpy(dst, p, n);
    dst[n] = '\0';
    return true;
}

static bool is_ice_chars(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_alnum(p[i]) && p[i] != '+' && p[i] != '/') {
            return false;
        }
    }
    return n > 0;
}

static bool is_hostname(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_alnum(p[i]) && p[i] != '-' && p[i] != '.' && p[i] != '_') {
            return false;
        }
    }
    return n > 0;
}

int lk_sdp_candidate_parse(const char *line, size_t len, lk_sdp_candidate_t *out)
{
    if (out == NULL || (line == NULL && len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    memset(out, 0, sizeof *out);
    out->generation = -1;
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n' || line[len - 1] == ' ')) {
        len--;
    }
    if (starts_with(line, len, "a=")) {
        line += 2;
        len -= 2;
    }
    if (starts_with(line, len, "candidate:")) {
        line += 10;
        len -= 10;
    }
    cursor_t c = {line, len};
    const char *t[8];
    size_t tl[8];
    uint64_t u;
    for (int i = 0; i < 8; i++) {
        if (!next_token(&c, &t[i], &tl[i])) {
            return LK_ERR_MALFORMED;
        }
    }
    if (tl[0] > 32 || !is_ice_chars(t[0], tl[0]) || !copy_token(out->foundation, sizeof out->foundation, t[0], tl[0])) {
        return LK_ERR_MALFORMED;
    }
    if (!parse_uint(t[1], tl[1], 256, &u) || u == 0) {
        return LK_ERR_MALFORMED;
    }
    out->component = (uint16_t)u;
    if (eq_ci(t[2], tl[2], "udp")) {
        out->udp = true;
    } else if (!is_alnum(t[2][0]) || tl[2] > 16) {
        return LK_ERR_MALFORMED;
    }
    if (!parse_uint(t[3], tl[3], 0xFFFFFFFFu, &u)) {
        return LK_ERR_MALFORMED;
    }
    out->priority = (uint32_t)u;
    if (tl[4] > LK_SDP_MAX_HOSTNAME || !copy_token(out->address, sizeof out->address, t[4], tl[4])) {
        return LK_ERR_MALFORMED;
    }
    if (!parse_uint(t[5], tl[5], 65535, &u)) {
        return LK_ERR_MALFORMED;
    }
    out->port = (uint16_t)u;
    if (lk_addr_parse(&out->addr, t[4], tl[4], out->port) == LK_OK) {
        out->address_is_ip = true;
    } else if (!is_hostname(t[4], tl[4])) {
        return LK_ERR_MALFORMED;
    }
    if (!eq(t[6], tl[6], "typ")) {
        return LK_ERR_MALFORMED;
    }
    if (eq(t[7], tl[7], "host")) {
        out->type = LK_SDP_CAND_HOST;
    } else if (eq(t[7], tl[7], "srflx")) {
        out->type = LK_SDP_CAND_SRFLX;
    } else if (eq(t[7], tl[7], "prflx")) {
        out->type = LK_SDP_CAND_PRFLX;
    } else if (eq(t[7], tl[7], "relay")) {
        out->type = LK_SDP_CAND_RELAY;
    } else {
        return LK_ERR_MALFORMED;
    }
    /* extension name/value pairs (RFC 8839 5.1: extension-att-name SP extension-att-value) */
    const char *raddr = NULL;
    size_t lraddr = 0;
    uint64_t rport = 0;
    bool has_rport = false;
    const char *name, *val;
    size_t ln, lv;
    while (next_token(&c, &name, &ln)) {
        if (!next_token(&c, &val, &lv)) {
            return LK_ERR_MALFORMED;
        }
        if (eq(name, ln, "raddr")) {
            raddr = val;
            lraddr = lv;
        } else if (eq(name, ln, "rport")) {
            if (!parse_uint(val, lv, 65535, &rport)) {
                return LK_ERR_MALFORMED;
            }
            has_rport = true;
        } else if (eq(name, ln, "generation")) {
            if (!parse_uint(val, lv, 0x7FFFFFFF, &u)) {
                return LK_ERR_MALFORMED;
            }
            out->generation = (int32_t)u;
        } else if (eq(name, ln, "ufrag")) {
            if (lv > LK_SDP_MAX_UFRAG || !copy_token(out->ufrag, sizeof out->ufrag, val, lv)) {
                return LK_ERR_MALFORMED;
            }
        }
    }
    if (raddr != NULL && has_rport && lk_addr_parse(&out->related, raddr, lraddr, (uint16_t)rport) == LK_OK) {
        out->has_related = true;
    }
    return LK_OK;
}

static const char *cand_type_name(lk_sdp_cand_type_t t)
{
    switch (t) {
    case LK_SDP_CAND_HOST: return "host";
    case LK_SDP_CAND_SRFLX: return "srflx";
    case LK_SDP_CAND_PRFLX: return "prflx";
    case LK_SDP_CAND_RELAY: return "relay";
    default: return NULL;
    }
}

int lk_sdp_candidate_format(const lk_sdp_candidate_t *c, char *buf, size_t cap)
{
    char ip[LK_ADDR_IP_STR_MAX], rip[LK_ADDR_IP_STR_MAX];
    char tmp[LK_SDP_CANDIDATE_MAX];
    if (c == NULL || buf == NULL || !c->address_is_ip || cand_type_name(c->type) == NULL ||
        !is_ice_chars(c->foundation, strnlen(c->foundation, sizeof c->foundation)) ||
        strnlen(c->ufrag, sizeof c->ufrag) > LK_SDP_MAX_UFRAG || c->component == 0) {
        return LK_ERR_INVALID_ARG;
    }
    if (lk_addr_format_ip(&c->addr, ip, sizeof ip) < 0) {
        return LK_ERR_INVALID_ARG;
    }
    int n = snprintf(tmp, sizeof tmp, "candidate:%s %u %s %lu %s %u typ %s", c->foundation, (unsigned)c->component,
                     c->udp ? "udp" : "tcp", (unsigned long)c->priority, ip, (unsigned)c->addr.port,
                     cand_type_name(c->type));
    if (c->has_related && n > 0 && (size_t)n < sizeof tmp) {
        if (lk_addr_format_ip(&c->related, rip, sizeof rip) < 0) {
            return LK_ERR_INVALID_ARG;
        }
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, " raddr %s rport %u", rip, (unsigned)c->related.port);
    }
    if (c->generation >= 0 && n > 0 && (size_t)n < sizeof tmp) {
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, " generation %ld", (long)c->generation);
    }
    if (c->ufrag[0] != '\0' && n > 0 && (size_t)n < sizeof tmp) {
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, " ufrag %s", c->ufrag);
    }
    if (n < 0 || (size_t)n >= sizeof tmp) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    if ((size_t)n + 1 > cap) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(buf, tmp, (size_t)n + 1);
    return n;
}

/* ---------------------------------------------------------------------------------------- */
/* Writer */

typedef struct out {
    char *buf;
    size_t cap;
    size_t len;
    bool overflow;
} out_t;

static void put(out_t *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void put(out_t *o, const char *fmt, ...)
{
    if (o->overflow) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= o->cap - o->len) {
        o->overflow = true;
        return;
    }
    o->len += (size_t)n;
}

/* A token we write must be non-empty and free of spaces and line breaks. */
static bool token_ok(const char *s, size_t max)
{
    size_t n = strnlen(s, max + 1);
    if (n == 0 || n > max) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f) {
            return false;
        }
    }
    return true;
}

static bool optional_token_ok(const char *s, size_t max)
{
    return s[0] == '\0' || token_ok(s, max);
}

static const char *direction_name(lk_sdp_direction_t d)
{
    switch (d) {
    case LK_SDP_SENDRECV: return "sendrecv";
    case LK_SDP_SENDONLY: return "sendonly";
    case LK_SDP_RECVONLY: return "recvonly";
    case LK_SDP_INACTIVE: return "inactive";
    default: return NULL;
    }
}

static const char *setup_name(lk_sdp_setup_t s)
{
    switch (s) {
    case LK_SDP_SETUP_ACTPASS: return "actpass";
    case LK_SDP_SETUP_ACTIVE: return "active";
    case LK_SDP_SETUP_PASSIVE: return "passive";
    default: return NULL;
    }
}

static int check_desc(const lk_sdp_desc_t *d)
{
    if (d->media_count == 0 || d->media_count > LK_SDP_MAX_MEDIA || setup_name(d->setup) == NULL ||
        (d->type == LK_SDP_OFFER && d->setup != LK_SDP_SETUP_ACTPASS) ||
        (d->type == LK_SDP_ANSWER && d->setup == LK_SDP_SETUP_ACTPASS) ||
        (d->type != LK_SDP_OFFER && d->type != LK_SDP_ANSWER) ||
        !token_ok(d->ice_ufrag, LK_SDP_MAX_UFRAG) || !token_ok(d->ice_pwd, LK_SDP_MAX_PWD) ||
        d->session_id > 0x7FFFFFFFFFFFFFFFull || (d->candidate_count > 0 && d->candidates == NULL)) {
        return LK_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < d->media_count; i++) {
        const lk_sdp_desc_media_t *m = &d->media[i];
        if (!token_ok(m->mid, LK_SDP_MAX_MID)) {
            return LK_ERR_INVALID_ARG;
        }
        if (d->type == LK_SDP_OFFER && (m->rejected || m->kind == LK_SDP_KIND_OTHER)) {
            return LK_ERR_INVALID_ARG;
        }
        if (m->kind == LK_SDP_KIND_OTHER &&
            (!token_ok(m->other_media, sizeof m->other_media - 1) || !token_ok(m->other_proto, sizeof m->other_proto - 1) ||
             !token_ok(m->other_fmt, sizeof m->other_fmt - 1))) {
            return LK_ERR_INVALID_ARG;
        }
        if (m->kind == LK_SDP_KIND_AUDIO &&
            (direction_name(m->direction) == NULL || m->opus_pt > 127 || !optional_token_ok(m->cname, 32) ||
             !optional_token_ok(m->msid_stream, 64) || !optional_token_ok(m->msid_track, 64))) {
            return LK_ERR_INVALID_ARG;
        }
        for (size_t k = 0; k < i; k++) {
            if (strcmp(d->media[k].mid, m->mid) == 0) {
                return LK_ERR_INVALID_ARG; /* mids are unique (RFC 8843 9.1 via RFC 5888) */
            }
        }
    }
    for (size_t i = 0; i < d->candidate_count; i++) {
        const char *c = d->candidates[i];
        if (c == NULL || strnlen(c, LK_SDP_CANDIDATE_MAX) >= LK_SDP_CANDIDATE_MAX || strchr(c, '\r') != NULL ||
            strchr(c, '\n') != NULL || strncmp(c, "candidate:", 10) != 0) {
            return LK_ERR_INVALID_ARG;
        }
    }
    return LK_OK;
}

static void put_transport(out_t *o, const lk_sdp_desc_t *d)
{
    put(o, "a=ice-ufrag:%s\r\na=ice-pwd:%s\r\n", d->ice_ufrag, d->ice_pwd);
    if (d->ice_trickle) {
        put(o, "a=ice-options:trickle\r\n");
    }
    put(o, "a=fingerprint:sha-256 ");
    for (size_t i = 0; i < LK_SDP_FINGERPRINT_LEN; i++) {
        put(o, i + 1 < LK_SDP_FINGERPRINT_LEN ? "%02X:" : "%02X\r\n", d->fingerprint[i]);
    }
    const char *setup = setup_name(d->setup); /* validated by check_desc */
    put(o, "a=setup:%s\r\n", setup != NULL ? setup : "actpass");
}

int lk_sdp_write(const lk_sdp_desc_t *desc, char *buf, size_t cap)
{
    if (desc == NULL || buf == NULL || cap == 0) {
        return LK_ERR_INVALID_ARG;
    }
    int rc = check_desc(desc);
    if (rc != LK_OK) {
        return rc;
    }
    out_t o = {buf, cap, 0, false};
    put(&o, "v=0\r\no=- %llu %llu IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", (unsigned long long)desc->session_id,
        (unsigned long long)desc->session_version);
    put(&o, "a=group:BUNDLE");
    for (size_t i = 0; i < desc->media_count; i++) {
        if (!desc->media[i].rejected) {
            put(&o, " %s", desc->media[i].mid);
        }
    }
    put(&o, "\r\na=msid-semantic: WMS\r\n");
    bool candidates_written = false;
    for (size_t i = 0; i < desc->media_count; i++) {
        const lk_sdp_desc_media_t *m = &desc->media[i];
        if (m->rejected || m->kind == LK_SDP_KIND_OTHER) {
            if (m->kind == LK_SDP_KIND_AUDIO) {
                put(&o, "m=audio 0 UDP/TLS/RTP/SAVPF %u\r\n", (unsigned)m->opus_pt);
            } else if (m->kind == LK_SDP_KIND_APPLICATION) {
                put(&o, "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n");
            } else {
                put(&o, "m=%s 0 %s %s\r\n", m->other_media, m->other_proto, m->other_fmt);
            }
            put(&o, "c=IN IP4 0.0.0.0\r\na=mid:%s\r\n", m->mid);
            continue;
        }
        if (m->kind == LK_SDP_KIND_AUDIO) {
            put(&o, "m=audio 9 UDP/TLS/RTP/SAVPF %u\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n",
                (unsigned)m->opus_pt);
        } else {
            put(&o, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n");
        }
        if (!candidates_written) {
            for (size_t k = 0; k < desc->candidate_count; k++) {
                put(&o, "a=%s\r\n", desc->candidates[k]);
            }
            if (desc->end_of_candidates) {
                put(&o, "a=end-of-candidates\r\n");
            }
            candidates_written = true;
        }
        put_transport(&o, desc);
        put(&o, "a=mid:%s\r\n", m->mid);
        if (m->kind == LK_SDP_KIND_AUDIO) {
            bool sends = m->direction == LK_SDP_SENDRECV || m->direction == LK_SDP_SENDONLY;
            bool has_msid = sends && m->msid_stream[0] != '\0' && m->msid_track[0] != '\0';
            const char *dir = direction_name(m->direction); /* validated by check_desc */
            put(&o, "a=%s\r\n", dir != NULL ? dir : "inactive");
            if (has_msid) {
                put(&o, "a=msid:%s %s\r\n", m->msid_stream, m->msid_track);
            }
            put(&o, "a=rtcp-mux\r\na=rtpmap:%u opus/48000/2\r\na=fmtp:%u minptime=10;useinbandfec=1\r\n",
                (unsigned)m->opus_pt, (unsigned)m->opus_pt);
            if (sends && m->ssrc != 0) {
                put(&o, "a=ssrc:%lu cname:%s\r\n", (unsigned long)m->ssrc, m->cname[0] != '\0' ? m->cname : "lk");
                if (has_msid) {
                    put(&o, "a=ssrc:%lu msid:%s %s\r\n", (unsigned long)m->ssrc, m->msid_stream, m->msid_track);
                }
            }
        } else {
            put(&o, "a=sctp-port:%u\r\n", (unsigned)(m->sctp_port != 0 ? m->sctp_port : LK_SDP_SCTP_PORT));
            if (m->max_message_size != 0) {
                put(&o, "a=max-message-size:%lu\r\n", (unsigned long)m->max_message_size);
            }
        }
    }
    if (o.overflow) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    return (int)o.len;
}

/* Our direction against an offered one: we send only if they receive, receive only if they send. */
static lk_sdp_direction_t answer_direction(lk_sdp_direction_t offered, lk_sdp_direction_t wanted)
{
    bool they_send = offered == LK_SDP_SENDRECV || offered == LK_SDP_SENDONLY;
    bool they_recv = offered == LK_SDP_SENDRECV || offered == LK_SDP_RECVONLY;
    bool we_send = (wanted == LK_SDP_SENDRECV || wanted == LK_SDP_SENDONLY) && they_recv;
    bool we_recv = (wanted == LK_SDP_SENDRECV || wanted == LK_SDP_RECVONLY) && they_send;
    if (we_send && we_recv) {
        return LK_SDP_SENDRECV;
    }
    return we_send ? LK_SDP_SENDONLY : we_recv ? LK_SDP_RECVONLY : LK_SDP_INACTIVE;
}

/* Copies a span into a fixed field; false when it is empty or does not fit. */
static bool copy_field(char *dst, size_t cap, const char *text, lk_sdp_span_t s)
{
    return s.len > 0 && lk_sdp_span_copy(text, s, dst, cap) >= 0;
}

int lk_sdp_answer_from_offer(const lk_sdp_t *offer, const char *offer_text,
                             lk_sdp_direction_t audio_direction, lk_sdp_desc_t *answer)
{
    if (offer == NULL || offer_text == NULL || answer == NULL || direction_name(audio_direction) == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    answer->type = LK_SDP_ANSWER;
    answer->media_count = 0;
    memset(answer->media, 0, sizeof answer->media);
    bool have_application = false;
    for (size_t i = 0; i < offer->media_count; i++) {
        const lk_sdp_media_t *om = &offer->media[i];
        lk_sdp_desc_media_t *am = &answer->media[i];
        if (om->mid.len == 0 || lk_sdp_span_copy(offer_text, om->mid, am->mid, sizeof am->mid) < 0) {
            return LK_ERR_MALFORMED;
        }
        am->kind = om->kind;
        int opus = lk_sdp_find_opus(offer, offer_text, i);
        if (om->kind == LK_SDP_KIND_AUDIO && opus >= 0 && om->port != 0) {
            am->opus_pt = (uint8_t)opus;
            am->direction = answer_direction(om->direction, audio_direction);
        } else if (om->kind == LK_SDP_KIND_APPLICATION && om->port != 0 && !have_application) {
            am->sctp_port = LK_SDP_SCTP_PORT;
            have_application = true;
        } else {
            am->kind = LK_SDP_KIND_OTHER;
            am->rejected = true;
        }
        if (am->rejected) {
            cursor_t c = {offer_text + om->fmts.off, om->fmts.len};
            lk_sdp_span_t first = {0, 0};
            const char *t;
            size_t lt;
            if (next_token(&c, &t, &lt)) {
                first = span_of(offer_text, t, lt);
            }
            if (!copy_field(am->other_media, sizeof am->other_media, offer_text, om->media) ||
                !copy_field(am->other_proto, sizeof am->other_proto, offer_text, om->proto) ||
                !copy_field(am->other_fmt, sizeof am->other_fmt, offer_text, first)) {
                return LK_ERR_MALFORMED; /* too long to echo in a rejected m-line */
            }
        }
        answer->media_count++;
    }
    return answer->media_count > 0 ? LK_OK : LK_ERR_MALFORMED;
}
