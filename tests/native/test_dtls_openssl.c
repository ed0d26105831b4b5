/*
 * test_dtls_openssl.c - our DTLS endpoint against real OpenSSL over 127.0.0.1 UDP:
 *   - OpenSSL `s_server -dtls1_2` (with and without its own -listen cookie exchange), we are the
 *     client; then `s_client -dtls1_2`, we are the server (our HelloVerify cookies);
 *   - both with an ECDSA P-256 certificate from `openssl req`, -use_srtp SRTP_AES128_CM_SHA1_80,
 *     mutual authentication (s_server -verify), and -keymatexport EXTRACTOR-dtls_srtp 60: the SRTP
 *     keys we derive must equal the keying material OpenSSL prints;
 *   - application data crosses both ways through OpenSSL's stdin/stdout;
 *   - an s_server with an RSA-2048 certificate (ECDHE-RSA) also works with us as client;
 *   - a wrong expected fingerprint fails with LK_ERR_FINGERPRINT.
 * Every OpenSSL process is bounded by a deadline and killed at the end of its case.
 */
#define _DEFAULT_SOURCE
#include "test_util.h"

#include "dtls.h"
#include "lk_error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CASE_DEADLINE_MS 15000

static char tmpdir[64];
static char cert_pem[128];
static char key_pem[128];
static char openssl_fp[LK_DTLS_FINGERPRINT_LEN];
static char rsa_cert_pem[128];
static char rsa_key_pem[128];
static char rsa_fp[LK_DTLS_FINGERPRINT_LEN];
static lk_dtls_cert_t *our_cert;
static char our_fp[LK_DTLS_FINGERPRINT_LEN];

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

typedef struct proc {
    pid_t pid;
    int in_fd;  /* its stdin */
    int out_fd; /* its stdout + stderr */
    char out[256 * 1024];
    size_t out_len;
} proc_t;

static int spawn(proc_t *p, char *const argv[])
{
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) {
        return -1;
    }
    p->out_len = 0;
    p->out[0] = '\0';
    p->pid = fork();
    if (p->pid < 0) {
        return -1;
    }
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(in[1]);
        close(out[0]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->in_fd = in[1];
    p->out_fd = out[0];
    fcntl(p->out_fd, F_SETFL, fcntl(p->out_fd, F_GETFL) | O_NONBLOCK);
    return 0;
}

static void proc_drain(proc_t *p)
{
    for (;;) {
        if (p->out_len + 1 >= sizeof p->out) {
            return;
        }
        ssize_t n = read(p->out_fd, p->out + p->out_len, sizeof p->out - 1 - p->out_len);
        if (n <= 0) {
            return;
        }
        p->out_len += (size_t)n;
        p->out[p->out_len] = '\0';
    }
}

static void proc_stop(proc_t *p)
{
    if (p->pid <= 0) {
        return;
    }
    close(p->in_fd);
    kill(p->pid, SIGTERM);
    uint64_t end = now_ms() + 2000;
    int status;
    while (waitpid(p->pid, &status, WNOHANG) == 0) {
        if (now_ms() > end) {
            kill(p->pid, SIGKILL);
            waitpid(p->pid, &status, 0);
            break;
        }
        usleep(10000);
    }
    proc_drain(p);
    close(p->out_fd);
    p->pid = 0;
}

/* Waits (bounded) until the process output contains needle. */
static int proc_wait_for(proc_t *p, const char *needle, uint64_t deadline)
{
    while (now_ms() < deadline) {
        proc_drain(p);
        if (strstr(p->out, needle) != NULL) {
            return 1;
        }
        struct pollfd pfd = {p->out_fd, POLLIN, 0};
        if (poll(&pfd, 1, 20) > 0 && (pfd.revents & POLLHUP) && !(pfd.revents & POLLIN)) {
            usleep(20000); /* the process closed its output: don't spin on the hang-up */
        }
    }
    proc_drain(p);
    return strstr(p->out, needle) != NULL;
}

static int run_capture(const char *cmd, char *out, size_t cap)
{
    FILE *f = popen(cmd, "r");
    if (f == NULL) {
        return -1;
    }
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    return pclose(f);
}

static int udp_socket(uint16_t *port)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        return -1;
    }
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

/* A free UDP port on 127.0.0.1 for OpenSSL to bind (tiny race accepted). */
static uint16_t free_port(void)
{
    uint16_t port = 0;
    int fd = udp_socket(&port);
    if (fd >= 0) {
        close(fd);
    }
    return port;
}

typedef struct pump {
    int fd;
    struct sockaddr_in peer;
    int have_peer;
} pump_t;

static void flush_tx(lk_dtls_t *d, pump_t *io)
{
    uint8_t buf[LK_DTLS_MAX_DATAGRAM];
    int n;
    while ((n = lk_dtls_poll_transmit(d, buf, sizeof buf)) > 0) {
        if (io->have_peer) {
            sendto(io->fd, buf, (size_t)n, 0, (struct sockaddr *)&io->peer, sizeof io->peer);
        }
    }
}

/* Drives the endpoint from the socket and the real clock for up to wait_ms (or until the state
 * leaves HANDSHAKING when stop_on_state is set). */
static void drive(lk_dtls_t *d, pump_t *io, uint64_t until, int stop_on_state)
{
    uint8_t buf[2048];
    while (now_ms() < until) {
        flush_tx(d, io);
        if (stop_on_state && lk_dtls_state(d) != LK_DTLS_STATE_HANDSHAKING) {
            return;
        }
        uint64_t now = now_ms();
        uint64_t next = lk_dtls_poll_timeout(d);
        int wait = 20;
        if (next != UINT64_MAX) {
            wait = next <= now ? 0 : (int)(next - now < 20 ? next - now : 20);
        }
        struct pollfd pfd = {io->fd, POLLIN, 0};
        if (poll(&pfd, 1, wait) > 0) {
            struct sockaddr_in from;
            socklen_t flen = sizeof from;
            ssize_t n = recvfrom(io->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
            if (n > 0) {
                if (!io->have_peer) {
                    io->peer = from;
                    io->have_peer = 1;
                }
                lk_dtls_handle_input(d, now_ms(), buf, (size_t)n);
            }
        }
        lk_dtls_handle_timeout(d, now_ms());
        if (!stop_on_state) {
            return;
        }
    }
}

/* Waits for app data containing needle. */
static int wait_app_data(lk_dtls_t *d, pump_t *io, const char *needle, uint64_t deadline)
{
    char got[4096];
    size_t got_len = 0;
    got[0] = '\0';
    while (now_ms() < deadline) {
        drive(d, io, deadline, 0);
        uint8_t buf[LK_DTLS_MAX_DATAGRAM];
        int n;
        while ((n = lk_dtls_poll_app_data(d, buf, sizeof buf)) > 0) {
            if (got_len + (size_t)n < sizeof got) {
                memcpy(got + got_len, buf, (size_t)n);
                got_len += (size_t)n;
                got[got_len] = '\0';
            }
        }
        if (strstr(got, needle) != NULL) {
            return 1;
        }
    }
    return 0;
}

static int hex_bytes(const char *hex, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            return -1;
        }
        out[i] = (uint8_t)v;
    }
    return 0;
}

/* Checks our SRTP keys against OpenSSL's "Keying material: <120 hex>" line. */
static void check_keys_against(const proc_t *p, const lk_dtls_t *d, int we_are_client)
{
    const char *km_line = strstr(p->out, "Keying material: ");
    CHECK(km_line != NULL);
    if (km_line == NULL) {
        return;
    }
    uint8_t km[60];
    CHECK_EQ_INT(hex_bytes(km_line + strlen("Keying material: "), km, sizeof km), 0);
    lk_dtls_srtp_keys_t k;
    CHECK_EQ_INT(lk_dtls_srtp_keys(d, &k), 0);
    const uint8_t *ck = km, *sk = km + 16, *cs = km + 32, *ss = km + 46;
    CHECK_MEM(k.local_key, we_are_client ? ck : sk, 16);
    CHECK_MEM(k.remote_key, we_are_client ? sk : ck, 16);
    CHECK_MEM(k.local_salt, we_are_client ? cs : ss, 14);
    CHECK_MEM(k.remote_salt, we_are_client ? ss : cs, 14);
}

/* OpenSSL is the DTLS server; we are the client. rsa: OpenSSL uses an RSA-2048 certificate. */
static void against_s_server_cert(int openssl_listen, const char *expected_fp, int expect_ok, int rsa)
{
    uint16_t port = free_port();
    char accept_arg[32];
    snprintf(accept_arg, sizeof accept_arg, "127.0.0.1:%u", port);
    char *argv[] = {"openssl", "s_server", "-dtls1_2", "-accept", accept_arg, "-cert",
                    rsa ? rsa_cert_pem : cert_pem, "-key", rsa ? rsa_key_pem : key_pem, "-use_srtp", "SRTP_AES128_CM_SHA1_80", "-verify", "1",
                    "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "60",
                    "-no-CAfile", "-no-CApath", "-no-CAstore", openssl_listen ? "-listen" : NULL, NULL};
    static proc_t p;
    CHECK_EQ_INT(spawn(&p, argv), 0);
    uint64_t deadline = now_ms() + CASE_DEADLINE_MS;
    CHECK(proc_wait_for(&p, "ACCEPT", deadline));
    uint16_t our_port;
    pump_t io = {udp_socket(&our_port), {0}, 1};
    io.peer.sin_family = AF_INET;
    io.peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    io.peer.sin_port = htons(port);
    lk_dtls_t *d = NULL;
    CHECK_EQ_INT(lk_dtls_create(&d, our_cert, LK_DTLS_ROLE_CLIENT, expected_fp), 0);
    if (d == NULL) {
        proc_stop(&p);
        return;
    }
    CHECK_EQ_INT(lk_dtls_start(d, now_ms()), 0);
    drive(d, &io, deadline, 1);
    flush_tx(d, &io);
    if (!expect_ok) {
        CHECK_EQ_INT(lk_dtls_state(d), LK_DTLS_STATE_FAILED);
        CHECK_EQ_INT(lk_dtls_error(d), LK_ERR_FINGERPRINT);
        lk_dtls_destroy(d);
        close(io.fd);
        proc_stop(&p);
        CHECK(strstr(p.out, "Keying material") == NULL);
        return;
    }
    CHECK_EQ_INT(lk_dtls_state(d), LK_DTLS_STATE_CONNECTED);
    if (lk_dtls_state(d) == LK_DTLS_STATE_CONNECTED) {
        const char *ping = "ping-from-lk\n";
        CHECK_EQ_INT(lk_dtls_send(d, (const uint8_t *)ping, strlen(ping)), (int)strlen(ping));
        flush_tx(d, &io);
        CHECK(proc_wait_for(&p, "ping-from-lk", deadline));
        const char *pong = "pong-from-openssl\n";
        CHECK_EQ_INT(write(p.in_fd, pong, strlen(pong)), (int)strlen(pong));
        CHECK(wait_app_data(d, &io, "pong-from-openssl", deadline));
        CHECK(proc_wait_for(&p, "Keying material: ", deadline));
        check_keys_against(&p, d, 1);
        CHECK(strstr(p.out, "SRTP Extension negotiated, profile=SRTP_AES128_CM_SHA1_80") != NULL);
        CHECK(strstr(p.out, "subject=CN = lk-rtc") != NULL); /* it saw our client certificate */
        CHECK(strstr(p.out, rsa ? "CIPHER is ECDHE-RSA-AES128-GCM-SHA256" : "CIPHER is ECDHE-ECDSA-AES") != NULL);
        lk_dtls_close(d, now_ms());
        flush_tx(d, &io);
    }
    lk_dtls_destroy(d);
    close(io.fd);
    proc_stop(&p);
}

static void against_s_server(int openssl_listen, const char *expected_fp, int expect_ok)
{
    against_s_server_cert(openssl_listen, expected_fp, expect_ok, 0);
}

static void test_openssl_server_we_client(void)
{
    against_s_server(0, openssl_fp, 1);
}

static void test_openssl_rsa_server_we_client(void)
{
    against_s_server_cert(0, rsa_fp, 1, 1);
}

static void test_openssl_server_listen_cookie_we_client(void)
{
    against_s_server(1, openssl_fp, 1);
}

static void test_openssl_server_fingerprint_mismatch(void)
{
    against_s_server(0, our_fp /* not OpenSSL's certificate */, 0);
}

/* OpenSSL is the DTLS client; we are the server (with HelloVerify cookies). */
static void test_openssl_client_we_server(void)
{
    uint16_t port;
    pump_t io = {udp_socket(&port), {0}, 0};
    CHECK(io.fd >= 0);
    lk_dtls_t *d = NULL;
    CHECK_EQ_INT(lk_dtls_create(&d, our_cert, LK_DTLS_ROLE_SERVER, openssl_fp), 0);
    if (d == NULL) {
        return;
    }
    CHECK_EQ_INT(lk_dtls_start(d, now_ms()), 0);
    char connect_arg[32];
    snprintf(connect_arg, sizeof connect_arg, "127.0.0.1:%u", port);
    char *argv[] = {"openssl", "s_client", "-dtls1_2", "-connect", connect_arg, "-cert", cert_pem,
                    "-key", key_pem, "-use_srtp", "SRTP_AES128_CM_SHA1_80", "-keymatexport",
                    "EXTRACTOR-dtls_srtp", "-keymatexportlen", "60", "-no-CAfile", "-no-CApath",
                    "-no-CAstore", NULL};
    static proc_t p;
    CHECK_EQ_INT(spawn(&p, argv), 0);
    uint64_t deadline = now_ms() + CASE_DEADLINE_MS;
    drive(d, &io, deadline, 1);
    CHECK_EQ_INT(lk_dtls_state(d), LK_DTLS_STATE_CONNECTED);
    if (lk_dtls_state(d) == LK_DTLS_STATE_CONNECTED) {
        CHECK(proc_wait_for(&p, "Keying material: ", deadline));
        check_keys_against(&p, d, 0);
        CHECK(strstr(p.out, "SRTP Extension negotiated, profile=SRTP_AES128_CM_SHA1_80") != NULL);
        /* Our preference: ECDHE-ECDSA-AES128-GCM-SHA256 first. */
        CHECK(strstr(p.out, "Cipher is ECDHE-ECDSA-AES128-GCM-SHA256") != NULL);
        CHECK(strstr(p.out, "subject=CN = lk-rtc") != NULL);
        CHECK(strstr(p.out, "No client certificate CA names sent") != NULL);
        const char *pong = "pong-from-openssl\n";
        CHECK_EQ_INT(write(p.in_fd, pong, strlen(pong)), (int)strlen(pong));
        CHECK(wait_app_data(d, &io, "pong-from-openssl", deadline));
        const char *ping = "ping-from-lk\n";
        CHECK_EQ_INT(lk_dtls_send(d, (const uint8_t *)ping, strlen(ping)), (int)strlen(ping));
        flush_tx(d, &io);
        CHECK(proc_wait_for(&p, "ping-from-lk", deadline));
        /* close_notify: s_client reports the closed connection and exits. */
        lk_dtls_close(d, now_ms());
        flush_tx(d, &io);
        CHECK(proc_wait_for(&p, "\nclosed", deadline));
    }
    if (lk_test_checks_failed > 0) {
        fprintf(stderr, "--- openssl s_client output ---\n%s\n", p.out);
    }
    lk_dtls_destroy(d);
    close(io.fd);
    proc_stop(&p);
}

static int setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/lk-dtls-ossl-XXXXXX");
    if (mkdtemp(tmpdir) == NULL) {
        return -1;
    }
    snprintf(cert_pem, sizeof cert_pem, "%s/cert.pem", tmpdir);
    snprintf(key_pem, sizeof key_pem, "%s/key.pem", tmpdir);
    char cmd[512], out[512];
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout %s "
             "-out %s -days 30 -subj /CN=openssl-peer 2>&1",
             key_pem, cert_pem);
    if (run_capture(cmd, out, sizeof out) != 0) {
        fprintf(stderr, "openssl req failed: %s\n", out);
        return -1;
    }
    snprintf(cmd, sizeof cmd, "openssl x509 -in %s -noout -fingerprint -sha256", cert_pem);
    if (run_capture(cmd, out, sizeof out) != 0) {
        return -1;
    }
    const char *eq = strchr(out, '=');
    if (eq == NULL || strlen(eq + 1) < 95) {
        return -1;
    }
    memcpy(openssl_fp, eq + 1, 95);
    openssl_fp[95] = '\0';
    snprintf(rsa_cert_pem, sizeof rsa_cert_pem, "%s/rsa-cert.pem", tmpdir);
    snprintf(rsa_key_pem, sizeof rsa_key_pem, "%s/rsa-key.pem", tmpdir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -days 30 "
             "-subj /CN=openssl-rsa-peer 2>&1",
             rsa_key_pem, rsa_cert_pem);
    if (run_capture(cmd, out, sizeof out) != 0) {
        fprintf(stderr, "openssl req (rsa) failed: %s\n", out);
        return -1;
    }
    snprintf(cmd, sizeof cmd, "openssl x509 -in %s -noout -fingerprint -sha256", rsa_cert_pem);
    if (run_capture(cmd, out, sizeof out) != 0 || (eq = strchr(out, '=')) == NULL || strlen(eq + 1) < 95) {
        return -1;
    }
    memcpy(rsa_fp, eq + 1, 95);
    rsa_fp[95] = '\0';
    if (lk_dtls_cert_create(&our_cert) != 0) {
        return -1;
    }
    lk_dtls_cert_fingerprint(our_cert, our_fp, sizeof our_fp);
    return 0;
}

static void teardown(void)
{
    unlink(cert_pem);
    unlink(key_pem);
    unlink(rsa_cert_pem);
    unlink(rsa_key_pem);
    rmdir(tmpdir);
    lk_dtls_cert_free(our_cert);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (setup() != 0) {
        fprintf(stderr, "setup failed (is the openssl command installed?)\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    RUN_TEST(test_openssl_server_we_client);
    RUN_TEST(test_openssl_server_listen_cookie_we_client);
    RUN_TEST(test_openssl_rsa_server_we_client);
    RUN_TEST(test_openssl_client_we_server);
    RUN_TEST(test_openssl_server_fingerprint_mismatch);
    teardown();
    TEST_MAIN_END();
}
