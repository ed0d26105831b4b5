/*
 * test_sctp_interop.c - our SCTP data channels (through the sans-I/O peer connection, lk_pc)
 * against Google's libwebrtc (@roamhq/wrtc) and libdatachannel (node-datachannel) over UDP on
 * 127.0.0.1, the Node side being tests/interop/sctp_peer.js.
 *
 * Each case: `_reliable` (ordered, reliable) and `_lossy` (unordered, maxRetransmits 0) opened by
 * one side and announced on the other with the same settings; a text and an empty text message
 * each way; then at the same time N pattern messages of 1 byte .. 64 KiB each way on `_reliable`
 * (both sides check every message's size, content and order) and lossy probes each way on
 * `_lossy` (never delivered twice); then `_lossy` closed by one side and `_reliable` by the
 * other, both sides seeing the close. The impaired cases run all of it through
 * tests/interop/impair_relay.h (10% loss, 10% reordering by up to 20 ms, 2% duplication of the
 * SCTP-carrying DTLS records) and also check, from the association's own wire counter, that no
 * chunk of `_lossy` was ever retransmitted while FORWARD-TSNs were sent.
 *
 * Needs node and the packages (npm ci in tests/). Set LK_SCTP_INTEROP_VERBOSE=1 for a trace.
 * LK_TEST_LABEL_SLOW
 */
#define _DEFAULT_SOURCE 1
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"

#include "../interop/impair_relay.h"
#include "addr.h"
#include "pc.h"
#include "sctp.h"


/* ---- small helpers: clock, the Node child process, JSON lines ---- */

extern char **environ;

#define H_LINE_MAX (256 * 1024)

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

typedef struct node_proc {
    pid_t pid;
    int to_fd, from_fd;
    char *buf;
    size_t len;
} node_proc_t;

static int node_write(node_proc_t *n, const char *line)
{
    size_t len = strlen(line), off = 0;
    while (off < len) {
        ssize_t w = write(n->to_fd, line + off, len - off);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        off += (size_t)w;
    }
    return write(n->to_fd, "\n", 1) == 1 ? 0 : -1;
}

/* 1: a complete line was copied to out; 0: none yet; -1: EOF or error. */
static int node_line(node_proc_t *n, char *out, size_t cap)
{
    for (;;) {
        char *nl = memchr(n->buf, '\n', n->len);
        ssize_t r;
        if (nl != NULL) {
            size_t l = (size_t)(nl - n->buf), used = l + 1;
            if (l + 1 > cap) {
                l = cap - 1;
            }
            memcpy(out, n->buf, l);
            out[l] = 0;
            memmove(n->buf, n->buf + used, n->len - used);
            n->len -= used;
            return 1;
        }
        if (n->len >= H_LINE_MAX) {
            n->len = 0;
        }
        r = read(n->from_fd, n->buf + n->len, H_LINE_MAX - n->len);
        if (r > 0) {
            n->len += (size_t)r;
            continue;
        }
        if (r == 0) {
            return -1;
        }
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    }
}

/* Closes its stdin (the script exits), waits at most 5 s, then kills it. */
static void node_stop(node_proc_t *n)
{
    uint64_t end = now_ms() + 5000;
    int st;
    if (n->pid <= 0) {
        return;
    }
    close(n->to_fd);
    while (waitpid(n->pid, &st, WNOHANG) == 0) {
        if (now_ms() > end) {
            kill(n->pid, SIGKILL);
            waitpid(n->pid, &st, 0);
            break;
        }
        poll(NULL, 0, 10); /* bounded wait for the child's exit */
    }
    close(n->from_fd);
    free(n->buf);
    n->buf = NULL;
    n->pid = -1;
}

/* Writes s as a JSON string literal (quotes included) into out; -1 when it does not fit. */
static int json_escape(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    if (cap < 3) {
        return -1;
    }
    out[o++] = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        size_t n;
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            n = 2;
        } else if (c == '\n') {
            memcpy(esc, "\\n", 2);
            n = 2;
        } else if (c == '\r') {
            memcpy(esc, "\\r", 2);
            n = 2;
        } else if (c < 0x20) {
            n = (size_t)snprintf(esc, sizeof esc, "\\u%04x", c);
        } else {
            esc[0] = (char)c;
            n = 1;
        }
        if (o + n + 2 > cap) {
            return -1;
        }
        memcpy(out + o, esc, n);
        o += n;
    }
    out[o++] = '"';
    out[o] = 0;
    return (int)o;
}

/* The string value of "key" in a flat JSON line (escapes \n \r \t \" \\ \uXXXX-ASCII), or -1. */
static int json_str(const char *line, const char *key, char *out, size_t cap)
{
    char pat[64];
    const char *p;
    size_t o = 0;
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    p = strstr(line, pat);
    if (p == NULL || cap == 0) {
        return -1;
    }
    p += strlen(pat);
    while (*p && *p != '"') {
        char c = *p++;
        if (c == '\\') {
            char e = *p++;
            int i;
            unsigned v = 0;
            switch (e) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u':
                for (i = 0; i < 4 && *p; i++, p++) {
                    char h = *p;
                    v = v * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
                }
                c = (char)(v & 0x7f);
                break;
            default: c = e; break;
            }
        }
        if (o + 1 >= cap) {
            return -1;
        }
        out[o++] = c;
    }
    out[o] = 0;
    return (int)o;
}

static long json_int(const char *line, const char *key, long dflt)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(line, pat);
    return p == NULL ? dflt : strtol(p + strlen(pat), NULL, 10);
}

static int json_true(const char *line, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":true", key);
    return strstr(line, pat) != NULL;
}

static int node_send_sdp(node_proc_t *n, const char *type, const char *sdp)
{
    size_t cap = strlen(sdp) * 2 + 128;
    char *line = malloc(cap);
    int o, e, rc;
    if (line == NULL) {
        return -1;
    }
    o = snprintf(line, cap, "{\"type\":\"sdp\",\"sdpType\":\"%s\",\"sdp\":", type);
    e = json_escape(sdp, line + o, cap - (size_t)o - 2);
    if (e < 0) {
        free(line);
        return -1;
    }
    snprintf(line + o + e, cap - (size_t)(o + e), "}");
    rc = node_write(n, line);
    free(line);
    return rc;
}

static int node_send_candidate(node_proc_t *n, const char *cand, const char *mid)
{
    char line[1200], c[600], m[80];
    if (json_escape(cand, c, sizeof c) < 0 || json_escape(mid != NULL ? mid : "0", m, sizeof m) < 0) {
        return -1;
    }
    snprintf(line, sizeof line, "{\"type\":\"candidate\",\"candidate\":%s,\"mid\":%s}", c, m);
    return node_write(n, line);
}

#define PAT_MAX 65536
#define LOSSY_PROBES 1500
#define EVBUF_CAP 70000

static lk_dtls_cert_t *g_cert;
static int g_verbose;

typedef struct chan_info {
    int known;
    uint16_t id;
    int remote;
    int closed;
} chan_info_t;

typedef struct ix {
    lk_pc_t *pc;
    int fd;
    uint16_t port;
    node_proc_t node;
    ir_relay_t relay;
    int impaired;
    uint8_t *evbuf;
    char *line;
    /* ours */
    int conn_state, ice_state, dtls_state;
    chan_info_t rel, lossy;
    int rx_next, rx_bad;            /* pattern received on _reliable */
    int tx_next;                    /* pattern sent on _reliable */
    int n_pattern;
    int lossy_rx, lossy_dups, lossy_tx;
    uint8_t lossy_seen[LOSSY_PROBES];
    int text_rx, empty_text_rx;
    int errors;
    /* theirs */
    int node_rel_open, node_lossy_open, node_rel_remote, node_lossy_remote;
    int node_lossy_unordered_ok;
    int node_pattern_done, node_pattern_bad;
    int node_sent_done;
    int node_lossy_report, node_lossy_rx, node_lossy_dups;
    int node_text, node_empty_text;
    int node_rel_closed, node_lossy_closed;
    int node_eof;
} ix_t;

static uint32_t hash32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

/* The same sizes and bytes as sctp_peer.js patternSize / patternMessage. */
static size_t pat_size(int i)
{
    uint32_t h;
    if (i == 0) {
        return 1;
    }
    if (i == 1) {
        return 65536;
    }
    h = hash32((uint32_t)i);
    return h % 10 == 0 ? 1 + hash32(h) % 65536 : 1 + hash32(h) % 1200;
}

static void pat_fill(uint8_t *b, int i, size_t n)
{
    size_t k;
    uint8_t base = (uint8_t)(i * 31);
    for (k = 0; k < n; k++) {
        b[k] = (uint8_t)(base + k);
    }
}

static int node_start(node_proc_t *n, const char *impl, int node_offers)
{
    int in[2], out[2], rc;
    const char *argv[12];
    size_t k = 0;
    posix_spawn_file_actions_t fa;
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
    argv[k++] = "node";
    argv[k++] = LK_TESTS_DIR "/interop/sctp_peer.js";
    argv[k++] = "--impl";
    argv[k++] = impl;
    argv[k++] = "--role";
    argv[k++] = node_offers ? "offerer" : "answerer";
    if (node_offers) {
        argv[k++] = "--reliable";
        argv[k++] = "_reliable";
        argv[k++] = "--lossy";
        argv[k++] = "_lossy";
    }
    argv[k] = NULL;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    rc = posix_spawnp(&n->pid, "node", &fa, NULL, (char *const *)argv, environ);
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

static void node_cmd(ix_t *x, const char *fmt, const char *label, long num)
{
    char line[256];
    snprintf(line, sizeof line, fmt, label, num);
    if (g_verbose) {
        fprintf(stderr, "-> node %s\n", line);
    }
    CHECK_EQ_INT(node_write(&x->node, line), 0);
}

/* Replaces the port of every "127.0.0.1 <port>" candidate in text (a candidate line or a
 * whole SDP) by new_port; *old gets the last port replaced. Works in place (ports get shorter
 * or equal in length? not necessarily: rebuilt into a copy). */
static void rewrite_ports(char *text, size_t cap, uint16_t new_port, uint16_t *old)
{
    char *copy = strdup(text), *src = copy, *p;
    size_t o = 0;
    if (copy == NULL) {
        return;
    }
    while ((p = strstr(src, " 127.0.0.1 ")) != NULL) {
        char *q = p + 11;
        char *endp;
        long port = strtol(q, &endp, 10);
        size_t pre = (size_t)(q - src);
        if (endp == q || o + pre + 8 >= cap) {
            break;
        }
        memcpy(text + o, src, pre);
        o += pre;
        o += (size_t)snprintf(text + o, cap - o, "%u", new_port);
        if (old != NULL) {
            *old = (uint16_t)port;
        }
        src = endp;
    }
    snprintf(text + o, cap - o, "%s", src);
    free(copy);
}

static int open_socket(uint16_t *port)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int fd = socket(AF_INET, SOCK_DGRAM, 0), sz = 4 << 20;
    if (fd < 0) {
        return -1;
    }
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    *port = ntohs(a.sin_port);
    return fd;
}

static void flush_pc(ix_t *x)
{
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    int local, n, k;
    lk_addr_t to;
    for (k = 0; k < 100000; k++) {
        struct sockaddr_in d;
        n = lk_pc_poll_transmit(x->pc, now_ms(), buf, sizeof buf, &local, &to);
        if (n <= 0) {
            break;
        }
        memset(&d, 0, sizeof d);
        d.sin_family = AF_INET;
        memcpy(&d.sin_addr, to.ip, 4);
        d.sin_port = htons(to.port);
        (void)sendto(x->fd, buf, (size_t)n, 0, (struct sockaddr *)&d, sizeof d);
    }
}

static void send_sdp_to_node(ix_t *x, const char *type, char *sdp, size_t cap)
{
    if (x->impaired) {
        rewrite_ports(sdp, cap, x->relay.port[1], NULL);
    }
    CHECK_EQ_INT(node_send_sdp(&x->node, type, sdp), 0);
}

static void on_our_event(ix_t *x, const lk_rtc_event_t *ev)
{
    const uint8_t *b = x->evbuf;
    chan_info_t *c = NULL;
    if (ev->type == LK_RTC_EV_MESSAGE || ev->type == LK_RTC_EV_CHANNEL_CLOSED) {
        if (x->rel.known && ev->channel_id == x->rel.id) {
            c = &x->rel;
        } else if (x->lossy.known && ev->channel_id == x->lossy.id) {
            c = &x->lossy;
        }
    }
    switch (ev->type) {
    case LK_RTC_EV_LOCAL_CANDIDATE: {
        char cand[512];
        snprintf(cand, sizeof cand, "%s", (const char *)b);
        if (x->impaired) {
            rewrite_ports(cand, sizeof cand, x->relay.port[1], NULL);
        }
        CHECK_EQ_INT(node_send_candidate(&x->node, cand, ev->mid), 0);
        break;
    }
    case LK_RTC_EV_ICE_STATE: x->ice_state = ev->state; break;
    case LK_RTC_EV_DTLS_STATE: x->dtls_state = ev->state; break;
    case LK_RTC_EV_CONNECTION_STATE: x->conn_state = ev->state; break;
    case LK_RTC_EV_CHANNEL_OPEN: {
        chan_info_t *o = strcmp((const char *)b, "_reliable") == 0 ? &x->rel
                         : strcmp((const char *)b, "_lossy") == 0  ? &x->lossy
                                                                   : NULL;
        if (g_verbose) {
            fprintf(stderr, "our channel open: %s id %u remote %d\n", (const char *)b, ev->channel_id, ev->remote_opened);
        }
        if (o != NULL) {
            o->known = 1;
            o->id = ev->channel_id;
            o->remote = ev->remote_opened;
        }
        break;
    }
    case LK_RTC_EV_MESSAGE:
        if (c == &x->rel && ev->binary) {
            static uint8_t want[PAT_MAX];
            size_t n = pat_size(x->rx_next);
            pat_fill(want, x->rx_next, n);
            if (ev->len != n || memcmp(want, b, n) != 0) {
                if (x->rx_bad < 3) {
                    fprintf(stderr, "pattern %d: got %zu bytes, want %zu\n", x->rx_next, ev->len, n);
                }
                x->rx_bad++;
            }
            x->rx_next++;
        } else if (c == &x->rel && !ev->binary) {
            if (ev->len == 0) {
                x->empty_text_rx++;
            } else if (ev->len == 10 && memcmp(b, "from node!", 10) == 0) {
                x->text_rx++;
            }
        } else if (c == &x->lossy && ev->binary && ev->len == 100 && b[0] == 0xee) {
            uint32_t idx = ((uint32_t)b[1] << 24) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 8) | b[4];
            if (idx < LOSSY_PROBES) {
                if (x->lossy_seen[idx]) {
                    x->lossy_dups++;
                }
                x->lossy_seen[idx] = 1;
            }
            x->lossy_rx++;
        }
        break;
    case LK_RTC_EV_CHANNEL_CLOSED:
        if (g_verbose) {
            fprintf(stderr, "our channel closed: id %u\n", ev->channel_id);
        }
        if (c != NULL) {
            c->closed = 1;
        }
        break;
    case LK_RTC_EV_ERROR:
        fprintf(stderr, "our error: %s (channel %u)\n", lk_strerror(ev->error), ev->channel_id);
        x->errors++;
        break;
    default:
        break;
    }
}

static void on_node_line(ix_t *x, const char *line)
{
    char type[32], label[32];
    if (json_str(line, "type", type, sizeof type) < 0) {
        return;
    }
    if (g_verbose && strcmp(type, "sdp") != 0) {
        fprintf(stderr, "<- node %s\n", line);
    }
    if (json_str(line, "label", label, sizeof label) < 0) {
        label[0] = 0;
    }
    if (strcmp(type, "sdp") == 0) {
        char st[16];
        char *sdp = malloc(65536);
        int is_offer;
        json_str(line, "sdpType", st, sizeof st);
        if (sdp == NULL || json_str(line, "sdp", sdp, 65536) <= 0) {
            free(sdp);
            return;
        }
        if (x->impaired) {
            uint16_t old = 0;
            rewrite_ports(sdp, 65536, x->relay.port[0], &old);
            if (old != 0) {
                ir_set_dest(&x->relay, 1, old);
            }
        }
        is_offer = strcmp(st, "offer") == 0;
        CHECK_EQ_INT(lk_pc_set_remote_description(x->pc, now_ms(), is_offer ? LK_RTC_SDP_OFFER : LK_RTC_SDP_ANSWER, sdp),
                     LK_OK);
        if (is_offer) {
            CHECK(lk_pc_create_answer(x->pc, sdp, 65536) > 0);
            CHECK_EQ_INT(lk_pc_set_local_description(x->pc, now_ms(), LK_RTC_SDP_ANSWER, sdp), LK_OK);
            send_sdp_to_node(x, "answer", sdp, 65536);
        }
        free(sdp);
    } else if (strcmp(type, "candidate") == 0) {
        char cand[512], mid[32];
        if (json_str(line, "candidate", cand, sizeof cand) > 0) {
            if (json_str(line, "mid", mid, sizeof mid) < 0) {
                mid[0] = 0;
            }
            if (x->impaired) {
                uint16_t old = 0;
                rewrite_ports(cand, sizeof cand, x->relay.port[0], &old);
                if (old != 0) {
                    ir_set_dest(&x->relay, 1, old);
                }
            }
            (void)lk_pc_add_remote_candidate(x->pc, now_ms(), mid[0] ? mid : NULL, cand);
        }
    } else if (strcmp(type, "open") == 0) {
        int remote = json_true(line, "remote");
        if (strcmp(label, "_reliable") == 0) {
            x->node_rel_open = 1;
            x->node_rel_remote = remote;
        } else if (strcmp(label, "_lossy") == 0) {
            x->node_lossy_open = 1;
            x->node_lossy_remote = remote;
            /* wrtc reports the settings of a channel it did not create; libdatachannel null */
            x->node_lossy_unordered_ok = !remote || strstr(line, "\"ordered\":null") != NULL ||
                                         (strstr(line, "\"ordered\":false") != NULL &&
                                          strstr(line, "\"maxRetransmits\":0") != NULL);
        }
    } else if (strcmp(type, "closed") == 0) {
        if (strcmp(label, "_reliable") == 0) {
            x->node_rel_closed = 1;
        } else if (strcmp(label, "_lossy") == 0) {
            x->node_lossy_closed = 1;
        }
    } else if (strcmp(type, "patternDone") == 0) {
        x->node_pattern_done = (int)json_int(line, "received", -1);
        x->node_pattern_bad = (int)json_int(line, "bad", -1);
        if (x->node_pattern_bad != 0) {
            fprintf(stderr, "node pattern check: %s\n", line);
        }
    } else if (strcmp(type, "sent") == 0) {
        if (strcmp(label, "_reliable") == 0) {
            x->node_sent_done = 1;
        }
    } else if (strcmp(type, "lossy") == 0) {
        x->node_lossy_report = 1;
        x->node_lossy_rx = (int)json_int(line, "received", -1);
        x->node_lossy_dups = (int)json_int(line, "dups", -1);
    } else if (strcmp(type, "text") == 0) {
        char text[64];
        int n = json_str(line, "text", text, sizeof text);
        if (n == 0) {
            x->node_empty_text++;
        } else if (n > 0 && strcmp(text, "from lk_sctp") == 0) {
            x->node_text++;
        }
    } else if (strcmp(type, "error") == 0) {
        fprintf(stderr, "node error: %s\n", line);
        x->errors++;
    }
}

/* One turn of the loop: wait for input (or a deadline), feed it, drain everything. */
static void step(ix_t *x, int max_wait_ms)
{
    struct pollfd p[4];
    int np = 0, k, lr;
    uint64_t now = now_ms(), dl = lk_pc_poll_timeout(x->pc);
    int wait = max_wait_ms;
    uint8_t buf[2048];
    lk_rtc_event_t ev;
    if (dl != UINT64_MAX) {
        int64_t d = (int64_t)dl - (int64_t)now;
        if (d < wait) {
            wait = d < 0 ? 0 : (int)d;
        }
    }
    if (x->impaired) {
        uint64_t rd = ir_next_deadline_us(&x->relay), nu = ir_now_us();
        if (rd != UINT64_MAX) {
            int d = rd > nu ? (int)((rd - nu + 999) / 1000) : 0;
            if (d < wait) {
                wait = d;
            }
        }
    }
    p[np].fd = x->fd;
    p[np].events = POLLIN;
    np++;
    if (!x->node_eof) {
        p[np].fd = x->node.from_fd;
        p[np].events = POLLIN;
        np++;
    }
    if (x->impaired) {
        ir_fds(&x->relay, &p[np]);
        np += 2;
    }
    for (k = 0; k < np; k++) {
        p[k].revents = 0;
    }
    poll(p, (nfds_t)np, wait);
    if (x->impaired) {
        ir_handle(&x->relay, ir_now_us());
        ir_flush(&x->relay, ir_now_us());
    }
    for (k = 0; k < 4096; k++) {
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        ssize_t n = recvfrom(x->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
        lk_addr_t a;
        if (n <= 0) {
            break;
        }
        memset(&a, 0, sizeof a);
        a.family = LK_ADDR_V4;
        memcpy(a.ip, &from.sin_addr, 4);
        a.port = ntohs(from.sin_port);
        (void)lk_pc_handle_input(x->pc, now_ms(), 0, &a, buf, (size_t)n);
        if ((k & 15) == 15) {
            flush_pc(x);
        }
    }
    if (lk_pc_poll_timeout(x->pc) <= now_ms()) {
        (void)lk_pc_handle_timeout(x->pc, now_ms());
    }
    while (!x->node_eof && (lr = node_line(&x->node, x->line, H_LINE_MAX)) != 0) {
        if (lr < 0) {
            x->node_eof = 1;
            break;
        }
        on_node_line(x, x->line);
    }
    for (k = 0; k < 100000 && lk_pc_poll_event(x->pc, &ev, x->evbuf, EVBUF_CAP) == LK_OK; k++) {
        on_our_event(x, &ev);
    }
    /* the events may have reopened the receive window: let the core act on it */
    if (lk_pc_poll_timeout(x->pc) <= now_ms()) {
        (void)lk_pc_handle_timeout(x->pc, now_ms());
    }
    flush_pc(x);
}

/* Our sending: pattern messages on _reliable while the send buffer takes them, lossy probes
 * at a steady rate. */
static void pump_ours(ix_t *x, uint64_t lossy_start)
{
    static uint8_t msg[PAT_MAX];
    while (x->tx_next < x->n_pattern) {
        size_t n = pat_size(x->tx_next);
        int rc;
        pat_fill(msg, x->tx_next, n);
        rc = lk_pc_send(x->pc, now_ms(), x->rel.id, 1, msg, n);
        if (rc == LK_ERR_QUEUE_FULL) {
            break;
        }
        if (rc != LK_OK) {
            fprintf(stderr, "send pattern %d: %s\n", x->tx_next, lk_strerror(rc));
            x->errors++;
            break;
        }
        x->tx_next++;
    }
    /* 20 probes per millisecond */
    while (x->lossy_tx < LOSSY_PROBES && (uint64_t)x->lossy_tx < (now_ms() - lossy_start + 1) * 20) {
        uint8_t b[100];
        int rc;
        memset(b, 0x55, sizeof b);
        b[0] = 0xee;
        b[1] = (uint8_t)(x->lossy_tx >> 24);
        b[2] = (uint8_t)(x->lossy_tx >> 16);
        b[3] = (uint8_t)(x->lossy_tx >> 8);
        b[4] = (uint8_t)x->lossy_tx;
        rc = lk_pc_send(x->pc, now_ms(), x->lossy.id, 1, b, sizeof b);
        if (rc == LK_ERR_QUEUE_FULL) {
            break;
        }
        if (rc != LK_OK) {
            fprintf(stderr, "send lossy %d: %s\n", x->lossy_tx, lk_strerror(rc));
            x->errors++;
            break;
        }
        x->lossy_tx++;
    }
    flush_pc(x);
}

#define RUN_UNTIL(x, cond, ms)                                                   \
    do {                                                                         \
        uint64_t end_ = now_ms() + (ms);                                         \
        while (!(cond) && now_ms() < end_ && !(x)->node_eof) {                   \
            step((x), 20);                                                       \
        }                                                                        \
    } while (0)

static void run_case(const char *impl, int node_offers, int impaired, int n_pattern)
{
    ix_t *x = (ix_t *)calloc(1, sizeof(ix_t));
    lk_pc_config_t cfg;
    lk_addr_t local;
    uint64_t t0 = now_ms(), t_open, t_bulk, lossy_start;
    lk_sctp_stats_t st;
    const lk_sctp_t *sctp;
    uint64_t lossy_rtx = 0;
    int node_lossy = LOSSY_PROBES, close_wait;
    x->n_pattern = n_pattern;
    x->impaired = impaired;
    x->evbuf = malloc(EVBUF_CAP);
    x->line = malloc(H_LINE_MAX);
    x->fd = open_socket(&x->port);
    CHECK(x->fd >= 0);
    if (impaired) {
        CHECK_EQ_INT(ir_open(&x->relay, 10, 2, 10, 20, 0x5eed + (uint64_t)node_offers), 0);
        ir_set_dest(&x->relay, 0, x->port);
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.cert = g_cert;
    cfg.loopback_only = 1;
    cfg.event_capacity = 256;
    CHECK_EQ_INT(lk_pc_create(&cfg, now_ms(), &x->pc), LK_OK);
    memset(&local, 0, sizeof local);
    lk_addr_parse(&local, "127.0.0.1", 9, x->port);
    CHECK_EQ_INT(lk_pc_add_local_address(x->pc, &local), LK_OK);
    if (node_start(&x->node, impl, node_offers) != 0) {
        CHECK(!"cannot start node");
        goto out;
    }
    if (!node_offers) {
        uint16_t id;
        char *sdp = malloc(65536);
        CHECK_EQ_INT(lk_pc_create_data_channel(x->pc, now_ms(), "_reliable", 1, -1, &id), LK_OK);
        CHECK_EQ_INT(lk_pc_create_data_channel(x->pc, now_ms(), "_lossy", 0, 0, &id), LK_OK);
        CHECK(lk_pc_create_offer(x->pc, sdp, 65536) > 0);
        CHECK_EQ_INT(lk_pc_set_local_description(x->pc, now_ms(), LK_RTC_SDP_OFFER, sdp), LK_OK);
        send_sdp_to_node(x, "offer", sdp, 65536);
        free(sdp);
        flush_pc(x);
    }
    /* 1. both channels open on both sides */
    RUN_UNTIL(x, x->rel.known && x->lossy.known && x->node_rel_open && x->node_lossy_open, 20000);
    t_open = now_ms();
    CHECK(x->rel.known && x->lossy.known && x->node_rel_open && x->node_lossy_open);
    if (!(x->rel.known && x->lossy.known && x->node_rel_open && x->node_lossy_open)) {
        fprintf(stderr, "%s node_offers=%d: ice %d dtls %d conn %d ours %d/%d theirs %d/%d\n", impl, node_offers,
                x->ice_state, x->dtls_state, x->conn_state, x->rel.known, x->lossy.known, x->node_rel_open,
                x->node_lossy_open);
        goto out;
    }
    CHECK_EQ_INT(x->rel.remote, node_offers);
    CHECK_EQ_INT(x->lossy.remote, node_offers);
    CHECK_EQ_INT(x->node_rel_remote, !node_offers);
    CHECK(x->node_lossy_unordered_ok);
    /* RFC 8832 6: even ids for the DTLS client, odd for the server; the offerer is the DTLS
     * server here (both stacks answer actpass with active). */
    CHECK_EQ_INT(x->rel.id % 2, 1);
    CHECK_EQ_INT(x->lossy.id % 2, 1);
    sctp = lk_pc_sctp(x->pc);
    CHECK(sctp != NULL);
    /* 2. text and empty text both ways */
    CHECK_EQ_INT(lk_pc_send(x->pc, now_ms(), x->rel.id, 0, (const uint8_t *)"from lk_sctp", 12), LK_OK);
    CHECK_EQ_INT(lk_pc_send(x->pc, now_ms(), x->rel.id, 0, NULL, 0), LK_OK);
    flush_pc(x);
    CHECK_EQ_INT(node_write(&x->node, "{\"type\":\"sendText\",\"label\":\"_reliable\",\"text\":\"from node!\"}"), 0);
    CHECK_EQ_INT(node_write(&x->node, "{\"type\":\"sendText\",\"label\":\"_reliable\",\"text\":\"\"}"), 0);
    RUN_UNTIL(x, x->node_text && x->node_empty_text && x->text_rx && x->empty_text_rx, 10000);
    CHECK_EQ_INT(x->node_text, 1);
    CHECK_EQ_INT(x->node_empty_text, 1);
    CHECK_EQ_INT(x->text_rx, 1);
    CHECK_EQ_INT(x->empty_text_rx, 1);
    /* 3. the bulk: pattern both ways on _reliable, lossy probes both ways on _lossy */
    node_cmd(x, "{\"type\":\"expect\",\"label\":\"%s\",\"count\":%ld}", "_reliable", n_pattern);
    node_cmd(x, "{\"type\":\"sendPattern\",\"label\":\"%s\",\"count\":%ld}", "_reliable", n_pattern);
    /* Through the relay the Node stacks send few lossy probes: libwebrtc sends its FORWARD-TSN
     * only when its T3 timer fires, so every lost probe of its costs the tail an RTO. */
    node_lossy = impaired ? 150 : LOSSY_PROBES;
    node_cmd(x, "{\"type\":\"sendLossy\",\"label\":\"%s\",\"count\":%ld}", "_lossy", node_lossy);
    t_bulk = now_ms();
    lossy_start = now_ms();
    {
        uint64_t end = now_ms() + 50000;
        while (now_ms() < end && !x->node_eof &&
               !(x->rx_next == n_pattern && x->node_pattern_done == n_pattern && x->lossy_tx == LOSSY_PROBES)) {
            pump_ours(x, lossy_start);
            step(x, 5);
        }
    }
    t_bulk = now_ms() - t_bulk;
    CHECK_EQ_INT(x->tx_next, n_pattern);
    CHECK_EQ_INT(x->rx_next, n_pattern);
    CHECK_EQ_INT(x->rx_bad, 0);
    CHECK_EQ_INT(x->node_pattern_done, n_pattern);
    CHECK_EQ_INT(x->node_pattern_bad, 0);
    CHECK_EQ_INT(x->lossy_tx, LOSSY_PROBES);
    /* let the last lossy probes and FORWARD-TSNs settle, then ask for the lossy report */
    RUN_UNTIL(x, 0, 500);
    node_cmd(x, "{\"type\":\"lossyReport\",\"label\":\"%s\",\"n\":%ld}", "_lossy", 0);
    RUN_UNTIL(x, x->node_lossy_report, 5000);
    CHECK(x->node_lossy_report);
    CHECK_EQ_INT(x->node_lossy_dups, 0);
    CHECK_EQ_INT(x->lossy_dups, 0);
    lk_sctp_get_stats(sctp, &st);
    lossy_rtx = lk_sctp_channel_retransmits(sctp, x->lossy.id);
    CHECK_EQ_INT(lossy_rtx, 0);
    if (impaired) {
        /* through 10% loss some probes are lost (never retransmitted) and FORWARD-TSN moved on */
        CHECK(x->node_lossy_rx < LOSSY_PROBES && x->node_lossy_rx > LOSSY_PROBES / 2);
        CHECK(x->lossy_rx <= node_lossy && x->lossy_rx > node_lossy / 2);
        CHECK(st.forward_tsns_sent > 0);
        CHECK(st.data_chunks_retransmitted > 0);
    } else {
        /* no relay, but the kernel may still drop datagrams of a burst into a full socket
         * buffer: most probes arrive, none twice */
        CHECK(x->node_lossy_rx > LOSSY_PROBES / 2);
        CHECK(x->lossy_rx > LOSSY_PROBES / 2);
    }
    printf("%s node_offers=%d impaired=%d: open %llu ms, %d msgs each way in %llu ms; ours: %llu chunks, %llu rtx "
           "(%llu fast, %llu T3), %llu FORWARD-TSN, lossy rtx %llu; lossy rx ours %d of %d, theirs %d of %d\n",
           impl, node_offers, impaired, (unsigned long long)(t_open - t0), n_pattern, (unsigned long long)t_bulk,
           (unsigned long long)st.data_chunks_sent, (unsigned long long)st.data_chunks_retransmitted,
           (unsigned long long)st.fast_retransmits, (unsigned long long)st.t3_expirations,
           (unsigned long long)st.forward_tsns_sent, (unsigned long long)lossy_rtx, x->lossy_rx, node_lossy,
           x->node_lossy_rx, LOSSY_PROBES);
    if (impaired) {
        printf("  relay: ours->node %llu fwd %llu drop %llu dup %llu reord; node->ours %llu fwd %llu drop %llu dup %llu reord\n",
               (unsigned long long)x->relay.st[0].forwarded, (unsigned long long)x->relay.st[0].dropped,
               (unsigned long long)x->relay.st[0].duplicated, (unsigned long long)x->relay.st[0].reordered,
               (unsigned long long)x->relay.st[1].forwarded, (unsigned long long)x->relay.st[1].dropped,
               (unsigned long long)x->relay.st[1].duplicated, (unsigned long long)x->relay.st[1].reordered);
    }
    /* 4. close: _lossy by the side that did not open it, _reliable by the side that did. Through
     * the relay a lost RE-CONFIG response waits for the peer's backed-off retransmission timer. */
    close_wait = impaired ? 30000 : 10000;
    if (node_offers) {
        CHECK_EQ_INT(lk_pc_close_channel(x->pc, now_ms(), x->lossy.id), LK_OK);
        flush_pc(x);
        RUN_UNTIL(x, x->lossy.closed && x->node_lossy_closed, close_wait);
        node_cmd(x, "{\"type\":\"close\",\"label\":\"%s\",\"n\":%ld}", "_reliable", 0);
        RUN_UNTIL(x, x->rel.closed && x->node_rel_closed, close_wait);
    } else {
        node_cmd(x, "{\"type\":\"close\",\"label\":\"%s\",\"n\":%ld}", "_lossy", 0);
        RUN_UNTIL(x, x->lossy.closed && x->node_lossy_closed, close_wait);
        CHECK_EQ_INT(lk_pc_close_channel(x->pc, now_ms(), x->rel.id), LK_OK);
        flush_pc(x);
        RUN_UNTIL(x, x->rel.closed && x->node_rel_closed, close_wait);
    }
    CHECK(x->lossy.closed);
    CHECK(x->node_lossy_closed);
    CHECK(x->rel.closed);
    CHECK(x->node_rel_closed);
    CHECK_EQ_INT(x->errors, 0);
    CHECK_EQ_INT(x->conn_state, LK_RTC_CONN_CONNECTED);
out:
    if (x->node.pid > 0) {
        node_stop(&x->node);
    }
    if (x->pc != NULL) {
        lk_pc_destroy(x->pc);
    }
    if (x->impaired) {
        ir_close(&x->relay);
    }
    if (x->fd >= 0) {
        close(x->fd);
    }
    free(x->evbuf);
    free(x->line);
    free(x);
}

#define N_FULL 10000
#define N_IMPAIRED 1500

static void test_datachannel_they_open(void) { run_case("datachannel", 1, 0, N_FULL); }
static void test_datachannel_we_open(void) { run_case("datachannel", 0, 0, N_FULL); }
static void test_wrtc_they_open(void) { run_case("wrtc", 1, 0, N_FULL); }
static void test_wrtc_we_open(void) { run_case("wrtc", 0, 0, N_FULL); }
static void test_datachannel_impaired(void) { run_case("datachannel", 0, 1, N_IMPAIRED); }
static void test_wrtc_impaired(void) { run_case("wrtc", 1, 1, N_IMPAIRED); }

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    signal(SIGPIPE, SIG_IGN);
    g_verbose = getenv("LK_SCTP_INTEROP_VERBOSE") != NULL;
    CHECK_EQ_INT(lk_dtls_cert_create(&g_cert), LK_OK);
#define MAYBE(fn) do { if (only == NULL || strstr(#fn, only) != NULL) { RUN_TEST(fn); } } while (0)
    MAYBE(test_datachannel_they_open);
    MAYBE(test_datachannel_we_open);
    MAYBE(test_wrtc_they_open);
    MAYBE(test_wrtc_we_open);
    MAYBE(test_datachannel_impaired);
    MAYBE(test_wrtc_impaired);
    lk_dtls_cert_free(g_cert);
    TEST_MAIN_END();
}
