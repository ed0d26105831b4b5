/*
 * pc_harness.h - helpers of the peer-connection tests and benchmark (static functions, header
 * only): a Node peer (tests/interop/peer.js) run as a child process speaking JSON lines, a tiny
 * JSON string reader/writer for those lines, a notify callback that writes to a pipe so a test
 * can poll() its peer connections and the Node peer together (no sleeps), and clocks.
 */
#ifndef LK_PC_HARNESS_H
#define LK_PC_HARNESS_H

#include <dirent.h>
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

#include "lk_rtc.h"

extern char **environ;

static inline uint64_t h_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static inline double h_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* ---- notify -> pipe ---- */

typedef struct h_notify {
    int rd, wr;
} h_notify_t;

static inline int h_notify_open(h_notify_t *n)
{
    int p[2];
    if (pipe(p) != 0) {
        return -1;
    }
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    n->rd = p[0];
    n->wr = p[1];
    return 0;
}

static inline void h_notify_close(h_notify_t *n)
{
    close(n->rd);
    close(n->wr);
}

static inline void h_notify_cb(lk_rtc_t *pc, void *user)
{
    (void)pc;
    h_notify_t *n = user;
    uint8_t b = 1;
    ssize_t r = write(n->wr, &b, 1);
    (void)r;
}

static inline void h_notify_drain(h_notify_t *n)
{
    uint8_t b[64];
    while (read(n->rd, b, sizeof b) > 0) {
    }
}

/* ---- JSON strings ---- */

/* Writes s as a JSON string literal (with quotes) at out; returns chars written or -1. */
static inline int h_json_escape(const char *s, char *out, size_t cap)
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
        if (c == '"' || c == '\\') { esc[0] = '\\'; esc[1] = (char)c; n = 2; }
        else if (c == '\n') { memcpy(esc, "\\n", 2); n = 2; }
        else if (c == '\r') { memcpy(esc, "\\r", 2); n = 2; }
        else if (c == '\t') { memcpy(esc, "\\t", 2); n = 2; }
        else if (c < 0x20) { n = (size_t)snprintf(esc, sizeof esc, "\\u%04x", c); }
        else { esc[0] = (char)c; n = 1; }
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

/* Finds "key": in a flat JSON object line and copies its string value (unescaped, ASCII
 * \\u escapes only) into out. Returns the length, or -1 when absent / not a string. */
static inline int h_json_str(const char *line, const char *key, char *out, size_t cap)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(line, pat);
    if (p == NULL || cap == 0) {
        return -1;
    }
    p += strlen(pat);
    size_t o = 0;
    while (*p && *p != '"') {
        char c = *p++;
        if (c == '\\') {
            char e = *p++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u': {
                unsigned v = 0;
                for (int i = 0; i < 4 && *p; i++, p++) {
                    char h = *p;
                    v = v * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
                }
                c = (char)(v & 0x7f);
                break;
            }
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

/* The integer value of "key": (or dflt). */
static inline long h_json_int(const char *line, const char *key, long dflt)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(line, pat);
    return p == NULL ? dflt : strtol(p + strlen(pat), NULL, 10);
}

/* 1 when "key":true is present. */
static inline int h_json_true(const char *line, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":true", key);
    return strstr(line, pat) != NULL;
}

static inline int h_b64(const uint8_t *in, size_t len, char *out, size_t cap)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0) |
                     (i + 2 < len ? in[i + 2] : 0);
        if (o + 5 > cap) {
            return -1;
        }
        out[o++] = t[v >> 18 & 63];
        out[o++] = t[v >> 12 & 63];
        out[o++] = i + 1 < len ? t[v >> 6 & 63] : '=';
        out[o++] = i + 2 < len ? t[v & 63] : '=';
    }
    out[o] = 0;
    return (int)o;
}

static inline uint32_t h_fnv1a(const uint8_t *d, size_t n)
{
    uint32_t h = 0x811c9dc5u;
    for (size_t i = 0; i < n; i++) {
        h ^= d[i];
        h *= 0x01000193u;
    }
    return h;
}

/* ---- the Node peer ---- */

#define H_LINE_MAX (256 * 1024)

typedef struct h_node {
    pid_t pid;
    int to_fd;   /* its stdin */
    int from_fd; /* its stdout */
    char *buf;
    size_t len;
} h_node_t;

/* Starts node tests/interop/peer.js with the given arguments (NULL-terminated list). */
static inline int h_node_start(h_node_t *n, const char *const *args)
{
    memset(n, 0, sizeof *n);
    n->pid = -1;
    int in[2], out[2];
    if (pipe(in) != 0) {
        return -1;
    }
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    const char *argv[24];
    size_t k = 0;
    argv[k++] = "node";
    argv[k++] = LK_TESTS_DIR "/interop/peer.js";
    for (size_t i = 0; args[i] != NULL && k < 23; i++) {
        argv[k++] = args[i];
    }
    argv[k] = NULL;
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

static inline int h_node_send(h_node_t *n, const char *line)
{
    size_t len = strlen(line), off = 0;
    while (off < len) {
        ssize_t w = write(n->to_fd, line + off, len - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        off += (size_t)w;
    }
    return write(n->to_fd, "\n", 1) == 1 ? 0 : -1;
}

/* Reads what is available; returns 1 when a complete line was copied into out (NUL-terminated),
 * 0 when none is complete yet, -1 on EOF/error. */
static inline int h_node_line(h_node_t *n, char *out, size_t cap)
{
    for (;;) {
        char *nl = memchr(n->buf, '\n', n->len);
        if (nl != NULL) {
            size_t l = (size_t)(nl - n->buf);
            if (l + 1 > cap) {
                l = cap - 1;
            }
            memcpy(out, n->buf, l);
            out[l] = 0;
            size_t used = (size_t)(nl - n->buf) + 1;
            memmove(n->buf, n->buf + used, n->len - used);
            n->len -= used;
            return 1;
        }
        if (n->len >= H_LINE_MAX) {
            n->len = 0; /* a line longer than we handle: drop it */
        }
        ssize_t r = read(n->from_fd, n->buf + n->len, H_LINE_MAX - n->len);
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

/* Closes its stdin (peer.js exits), waits up to 5 s, then kills it. */
static inline void h_node_stop(h_node_t *n)
{
    if (n->pid > 0) {
        close(n->to_fd);
        uint64_t end = h_now_ms() + 5000;
        int st;
        while (waitpid(n->pid, &st, WNOHANG) == 0) {
            if (h_now_ms() > end) {
                kill(n->pid, SIGKILL);
                waitpid(n->pid, &st, 0);
                break;
            }
            poll(NULL, 0, 10); /* bounded wait for the child's exit, not a protocol sleep */
        }
        close(n->from_fd);
    }
    free(n->buf);
    n->buf = NULL;
    n->pid = -1;
}

/* Sends {"type":"sdp","sdpType":type,"sdp":sdp}. */
static inline int h_node_send_sdp(h_node_t *n, const char *type, const char *sdp)
{
    size_t cap = strlen(sdp) * 2 + 128;
    char *line = malloc(cap);
    if (line == NULL) {
        return -1;
    }
    int o = snprintf(line, cap, "{\"type\":\"sdp\",\"sdpType\":\"%s\",\"sdp\":", type);
    int e = h_json_escape(sdp, line + o, cap - (size_t)o - 2);
    int rc = -1;
    if (e > 0) {
        strcat(line, "}");
        rc = h_node_send(n, line);
    }
    free(line);
    return rc;
}

static inline int h_node_send_candidate(h_node_t *n, const char *cand, const char *mid)
{
    char esc[600], line[800];
    if (h_json_escape(cand, esc, sizeof esc) < 0) {
        return -1;
    }
    snprintf(line, sizeof line, "{\"type\":\"candidate\",\"candidate\":%s,\"mid\":\"%s\"}", esc, mid);
    return h_node_send(n, line);
}

/* Sends {"type":"send","label":..,"binary":..,"data":base64}. */
static inline int h_node_send_message(h_node_t *n, const char *label, int binary, const uint8_t *d, size_t len)
{
    size_t cap = len * 2 + 256;
    char *line = malloc(cap);
    if (line == NULL) {
        return -1;
    }
    int o = snprintf(line, cap, "{\"type\":\"send\",\"label\":\"%s\",\"binary\":%s,\"data\":\"", label,
                     binary ? "true" : "false");
    int b = h_b64(d, len, line + o, cap - (size_t)o - 4);
    int rc = -1;
    if (b >= 0) {
        strcat(line, "\"}");
        rc = h_node_send(n, line);
    }
    free(line);
    return rc;
}

/* Replaces the last hex digit of the first a=fingerprint line in sdp (in place). */
static inline int h_tamper_fingerprint(char *sdp)
{
    char *p = strstr(sdp, "a=fingerprint:sha-256 ");
    if (p == NULL) {
        return -1;
    }
    char *e = p;
    while (*e && *e != '\r' && *e != '\n') {
        e++;
    }
    e[-1] = e[-1] == '0' ? '1' : '0';
    return 0;
}

/* Entries of a /proc/self directory: threads (task) or open descriptors (fd) of this process;
 * the directory's own descriptor is counted too, the same way every time. */
static inline int h_count_dir(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL) {
        return -1;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') {
            n++;
        }
    }
    closedir(d);
    return n;
}

#endif /* LK_PC_HARNESS_H */
