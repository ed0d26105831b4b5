/*
 * bench_pc.c - figures of one peer connection (prints, never fails on timing):
 *   1. connect time: create_offer -> both sides connected (ICE + DTLS), and -> data channel
 *      open on both, two of our peer connections in one process over 127.0.0.1 (median, p90
 *      and max of LK_BENCH_PC_RUNS runs, default 20);
 *   2. heap of ONE peer connection through a counting allocator: our peer connection against
 *      a libwebrtc peer (tests/interop/peer.js, a separate process, so every counted byte
 *      is ours): peak and live bytes from lk_rtc_create to connected, channel open, 100 x 1 KiB
 *      + one 64 KiB message echoed, and after destroy (must return to the start).
 *      The certificate is created before the baseline (it is shared by every PC).
 *
 *   3. data-channel throughput between two of our peer connections (reliable, ordered): 64 KiB
 *      and 100-byte messages for LK_BENCH_PC_SECONDS each (default 2): MB/s and messages/s.
 *
 * The counting allocator: this executable defines malloc/calloc/realloc/free (which the dynamic
 * linker binds for mbedTLS and libc too) on top of glibc's __libc_* entry points and counts
 * malloc_usable_size of every block (so the figures include allocator rounding).
 */
#define _GNU_SOURCE 1
#include <malloc.h>
#include <stdatomic.h>

#include "pc_pair.h"

/* ---- counting allocator ---- */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static atomic_long g_live;
static atomic_long g_peak;
static atomic_long g_allocs;

static void count_add(void *p)
{
    if (p == NULL) {
        return;
    }
    long n = (long)malloc_usable_size(p);
    long v = atomic_fetch_add(&g_live, n) + n;
    long pk = atomic_load(&g_peak);
    while (v > pk && !atomic_compare_exchange_weak(&g_peak, &pk, v)) {
    }
    atomic_fetch_add(&g_allocs, 1);
}

static void count_sub(void *p)
{
    if (p != NULL) {
        atomic_fetch_sub(&g_live, (long)malloc_usable_size(p));
    }
}

void *malloc(size_t n)
{
    void *p = __libc_malloc(n);
    count_add(p);
    return p;
}

void *calloc(size_t a, size_t b)
{
    void *p = __libc_calloc(a, b);
    count_add(p);
    return p;
}

void *realloc(void *old, size_t n)
{
    count_sub(old);
    void *p = __libc_realloc(old, n);
    if (p != NULL) {
        count_add(p);
    } else if (old != NULL && n != 0) {
        count_add(old); /* failed: the old block is still there */
    }
    return p;
}

void free(void *p)
{
    count_sub(p);
    __libc_free(p);
}

static void peak_reset(void)
{
    atomic_store(&g_peak, atomic_load(&g_live));
}

/* ---- 1. connect time ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void bench_connect(const lk_rtc_certificate_t *cert, int runs)
{
    double *conn = calloc((size_t)runs, sizeof *conn);
    double *open = calloc((size_t)runs, sizeof *open);
    int ok = 0;
    h_notify_t n;
    h_notify_open(&n);
    for (int i = 0; i < runs; i++) {
        pair_side_t a, b;
        pair_side_init(&a, "A");
        pair_side_init(&b, "B");
        uint16_t ch;
        if (pair_create(&a, cert, &n) == LK_OK && pair_create(&b, cert, &n) == LK_OK &&
            lk_rtc_create_data_channel(a.pc, "bench", 1, -1, &ch) == LK_OK) {
            double t0 = h_now_us();
            if (pair_negotiate(&a, &b, 0, 0) == LK_OK && pair_drive(&a, &b, &n, 10000, pair_both_connected, NULL)) {
                double t1 = h_now_us();
                if (pair_drive(&a, &b, &n, 10000, pair_both_open, NULL)) {
                    conn[ok] = (t1 - t0) / 1000.0;
                    open[ok] = (h_now_us() - t0) / 1000.0;
                    ok++;
                }
            }
        }
        lk_rtc_destroy(a.pc);
        lk_rtc_destroy(b.pc);
        pair_side_free(&a);
        pair_side_free(&b);
        h_notify_drain(&n);
    }
    h_notify_close(&n);
    if (ok > 0) {
        qsort(conn, (size_t)ok, sizeof *conn, cmp_double);
        qsort(open, (size_t)ok, sizeof *open, cmp_double);
        printf("connect (ours <-> ours, 127.0.0.1, %d/%d runs): create_offer -> connected median %.2f ms, p90 %.2f, max %.2f; "
               "-> channel open median %.2f ms, p90 %.2f, max %.2f\n",
               ok, runs, conn[ok / 2], conn[ok * 9 / 10], conn[ok - 1], open[ok / 2], open[ok * 9 / 10], open[ok - 1]);
    } else {
        printf("connect: no run connected\n");
    }
    free(conn);
    free(open);
}

/* ---- 2. heap of one peer connection against libwebrtc ---- */

typedef struct heap_run {
    lk_rtc_t *pc;
    h_node_t node;
    int connected, open, node_open;
    uint16_t chan;
    long echoed;
    uint8_t *buf;
} heap_run_t;

static void heap_node_line(heap_run_t *r, const char *line)
{
    char type[32];
    if (h_json_str(line, "type", type, sizeof type) < 0) {
        return;
    }
    if (strcmp(type, "sdp") == 0) {
        char *sdp = __libc_malloc(65536); /* harness memory is not the PC's */
        if (sdp != NULL && h_json_str(line, "sdp", sdp, 65536) > 0) {
            lk_rtc_set_remote_description(r->pc, LK_RTC_SDP_ANSWER, sdp);
        }
        __libc_free(sdp);
    } else if (strcmp(type, "candidate") == 0) {
        char cand[512], mid[32];
        if (h_json_str(line, "candidate", cand, sizeof cand) > 0) {
            if (h_json_str(line, "mid", mid, sizeof mid) < 0) mid[0] = 0;
            lk_rtc_add_remote_candidate(r->pc, mid[0] ? mid : NULL, cand);
        }
    } else if (strcmp(type, "open") == 0) {
        r->node_open = 1;
    }
}

static void heap_events(heap_run_t *r, h_notify_t *n)
{
    (void)n;
    lk_rtc_event_t ev;
    while (lk_rtc_poll_event(r->pc, &ev, r->buf, 70000) == LK_OK) {
        if (ev.type == LK_RTC_EV_LOCAL_CANDIDATE) {
            h_node_send_candidate(&r->node, (const char *)r->buf, ev.mid);
        } else if (ev.type == LK_RTC_EV_CONNECTION_STATE && ev.state == LK_RTC_CONN_CONNECTED) {
            r->connected = 1;
        } else if (ev.type == LK_RTC_EV_CHANNEL_OPEN) {
            r->open = 1;
            r->chan = ev.channel_id;
        } else if (ev.type == LK_RTC_EV_MESSAGE) {
            r->echoed++;
        }
    }
}

static int heap_wait(heap_run_t *r, h_notify_t *n, char *line, int (*cond)(const heap_run_t *, long), long arg)
{
    uint64_t end = h_now_ms() + 15000;
    while (!cond(r, arg) && h_now_ms() < end) {
        struct pollfd p[2] = {{n->rd, POLLIN, 0}, {r->node.from_fd, POLLIN, 0}};
        poll(p, 2, 100);
        h_notify_drain(n);
        while (h_node_line(&r->node, line, H_LINE_MAX) == 1) {
            heap_node_line(r, line);
        }
        heap_events(r, n);
    }
    return cond(r, arg);
}

static int c_connected(const heap_run_t *r, long a) { (void)a; return r->connected; }
static int c_open(const heap_run_t *r, long a) { (void)a; return r->open && r->node_open; }
static int c_echoed(const heap_run_t *r, long a) { return r->echoed >= a; }

/* h_node_send_sdp with glibc's allocator, so the harness's buffer is not counted. */
static void send_offer_uncounted(h_node_t *node, const char *sdp)
{
    size_t cap = strlen(sdp) * 2 + 128;
    char *line = __libc_malloc(cap);
    int o = snprintf(line, cap, "{\"type\":\"sdp\",\"sdpType\":\"offer\",\"sdp\":");
    if (h_json_escape(sdp, line + o, cap - (size_t)o - 2) > 0) {
        strcat(line, "}");
        h_node_send(node, line);
    }
    __libc_free(line);
}

static void bench_heap(const lk_rtc_certificate_t *cert)
{
    heap_run_t r;
    memset(&r, 0, sizeof r);
    h_notify_t n;
    h_notify_open(&n);
    r.buf = __libc_malloc(70000);
    char *line = __libc_malloc(H_LINE_MAX);
    const char *args[] = {"--impl", "wrtc", "--role", "answerer", "--echo", NULL};
    if (h_node_start(&r.node, args) != 0) {
        printf("heap: cannot start node\n");
        return;
    }
    long base = atomic_load(&g_live);
    peak_reset();
    long allocs0 = atomic_load(&g_allocs);
    lk_rtc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.loopback_only = 1;
    cfg.certificate = cert;
    cfg.notify = h_notify_cb;
    cfg.user = &n;
    lk_rtc_create(&cfg, &r.pc);
    long created = atomic_load(&g_live) - base;
    uint16_t ch;
    lk_rtc_create_data_channel(r.pc, "bench", 1, -1, &ch);
    char *sdp = __libc_malloc(8192);
    lk_rtc_create_offer(r.pc, sdp, 8192);
    lk_rtc_set_local_description(r.pc, LK_RTC_SDP_OFFER, sdp);
    send_offer_uncounted(&r.node, sdp);
    __libc_free(sdp);
    int ok = heap_wait(&r, &n, line, c_connected, 0);
    long at_connected = atomic_load(&g_live) - base;
    long peak_connected = atomic_load(&g_peak) - base;
    ok = ok && heap_wait(&r, &n, line, c_open, 0);
    long at_open = atomic_load(&g_live) - base;
    uint8_t *msg = __libc_malloc(65536);
    memset(msg, 0x5a, 65536);
    for (int i = 0; ok && i < 100; i++) {
        while (lk_rtc_send(r.pc, r.chan, 1, msg, 1024) == LK_ERR_QUEUE_FULL) {
            heap_wait(&r, &n, line, c_echoed, r.echoed + 1);
        }
    }
    ok = ok && heap_wait(&r, &n, line, c_echoed, 100);
    ok = ok && lk_rtc_send(r.pc, r.chan, 1, msg, 65536) == LK_OK && heap_wait(&r, &n, line, c_echoed, 101);
    __libc_free(msg);
    long peak_all = atomic_load(&g_peak) - base;
    long at_end = atomic_load(&g_live) - base;
    lk_rtc_destroy(r.pc);
    long after = atomic_load(&g_live) - base;
    long allocs = atomic_load(&g_allocs) - allocs0;
    h_node_stop(&r.node);
    h_notify_close(&n);
    printf("heap of one peer connection (vs libwebrtc, %s): after create %ld B; connected: live %ld B, peak %ld B; "
           "channel open: live %ld B; after 100 x 1 KiB + 64 KiB echoed: live %ld B, peak %ld B; after destroy %ld B; %ld allocations\n",
           ok ? "ok" : "INCOMPLETE", created, at_connected, peak_connected, at_open, at_end, peak_all, after, allocs);
    __libc_free(line);
    __libc_free(r.buf);
}

/* ---- 3. throughput ours -> ours ---- */

static void bench_throughput(const lk_rtc_certificate_t *cert, size_t size, double seconds)
{
    h_notify_t n;
    h_notify_open(&n);
    pair_side_t a, b;
    pair_side_init(&a, "A");
    pair_side_init(&b, "B");
    uint16_t ch;
    uint8_t *msg = calloc(1, size);
    if (pair_create(&a, cert, &n) != LK_OK || pair_create(&b, cert, &n) != LK_OK ||
        lk_rtc_create_data_channel(a.pc, "tp", 1, -1, &ch) != LK_OK || pair_negotiate(&a, &b, 0, 0) != LK_OK ||
        !pair_drive(&a, &b, &n, 10000, pair_both_open, NULL)) {
        printf("throughput %zu B: no connection\n", size);
    } else {
        double t0 = h_now_us(), t_end = t0 + seconds * 1e6;
        long sent = 0;
        while (h_now_us() < t_end) {
            int rc;
            while ((rc = lk_rtc_send(a.pc, ch, 1, msg, size)) == LK_OK) {
                sent++;
            }
            pair_pump(&a, &b);
            pair_pump(&b, &a);
            struct pollfd p = {n.rd, POLLIN, 0};
            poll(&p, 1, 1);
            h_notify_drain(&n);
        }
        /* Let what is in flight arrive, then count what arrived within the time. */
        double t1 = h_now_us();
        long got_at_end = b.messages;
        double secs = (t1 - t0) / 1e6;
        printf("throughput ours -> ours, %zu-byte messages: %.1f MB/s, %.0f messages/s (%ld sent, %ld received in %.2f s)\n",
               size, (double)got_at_end * (double)size / secs / 1e6, (double)got_at_end / secs, sent, got_at_end, secs);
    }
    free(msg);
    lk_rtc_destroy(a.pc);
    lk_rtc_destroy(b.pc);
    pair_side_free(&a);
    pair_side_free(&b);
    h_notify_close(&n);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const char *e = getenv("LK_BENCH_PC_RUNS");
    int runs = e != NULL && atoi(e) > 0 ? atoi(e) : 20;
    long before = atomic_load(&g_live);
    double t0 = h_now_us();
    lk_rtc_certificate_t *cert = NULL;
    if (lk_rtc_certificate_create(&cert) != LK_OK) {
        printf("certificate creation failed\n");
        return 1;
    }
    printf("certificate (ECDSA P-256): %.1f ms, %ld B heap\n", (h_now_us() - t0) / 1000.0,
           atomic_load(&g_live) - before);
    bench_connect(cert, runs);
    bench_heap(cert);
    const char *es = getenv("LK_BENCH_PC_SECONDS");
    double secs = es != NULL && atof(es) > 0 ? atof(es) : 2.0;
    bench_throughput(cert, 65536, secs);
    bench_throughput(cert, 100, secs);
    lk_rtc_certificate_destroy(cert);
    return 0;
}
