/*
 * test_pc_cycles.c - 100 cycles of create / connect / destroy of two of our peer connections
 * over 127.0.0.1 (every fifth cycle destroyed while still connecting instead); afterwards the
 * process has exactly the threads (/proc/self/task) and descriptors (/proc/self/fd) it had
 * before: no thread, socket or pipe leaks. Under the sanitizer suite (about 6 s there) the same
 * cycles are checked for leaked memory too.
 */
#define _DEFAULT_SOURCE 1
#include "test_util.h"
#include "pc_pair.h"

#define CYCLES 100

static void test_cycles(void)
{
    lk_rtc_certificate_t *cert = NULL;
    CHECK_EQ_INT(lk_rtc_certificate_create(&cert), LK_OK);
    h_notify_t n;
    CHECK(h_notify_open(&n) == 0);
    int tasks = h_count_dir("/proc/self/task");
    int fds = h_count_dir("/proc/self/fd");
    int connected = 0, failures = 0;
    uint64_t t0 = h_now_ms();
    for (int i = 0; i < CYCLES; i++) {
        pair_side_t a, b;
        if (pair_side_init(&a, "A") != 0 || pair_side_init(&b, "B") != 0) {
            failures++;
            break;
        }
        int rc = pair_create(&a, cert, &n);
        if (rc == LK_OK) rc = pair_create(&b, cert, &n);
        uint16_t ch;
        if (rc == LK_OK) rc = lk_rtc_create_data_channel(a.pc, "c", 1, -1, &ch);
        if (rc == LK_OK) rc = pair_negotiate(&a, &b, 0, 0);
        if (rc == LK_OK && i % 5 != 4) {
            if (pair_drive(&a, &b, &n, 10000, pair_both_connected, NULL)) {
                connected++;
            } else {
                fprintf(stderr, "cycle %d: not connected (A %d, B %d)\n", i, a.conn_state, b.conn_state);
                failures++;
            }
        } else if (rc != LK_OK) {
            fprintf(stderr, "cycle %d: %s\n", i, lk_strerror(rc));
            failures++;
        }
        CHECK_EQ_INT(lk_rtc_destroy(a.pc), LK_OK);
        CHECK_EQ_INT(lk_rtc_destroy(b.pc), LK_OK);
        pair_side_free(&a);
        pair_side_free(&b);
        h_notify_drain(&n);
    }
    uint64_t t1 = h_now_ms();
    h_notify_close(&n);
    lk_rtc_certificate_destroy(cert);
    CHECK_EQ_INT(failures, 0);
    CHECK_EQ_INT(connected, CYCLES - CYCLES / 5);
    CHECK_EQ_INT(h_count_dir("/proc/self/task"), tasks);
    CHECK_EQ_INT(h_count_dir("/proc/self/fd"), fds - 2); /* minus the notify pipe */
    printf("%d cycles (%d connected) in %llu ms\n", CYCLES, connected, (unsigned long long)(t1 - t0));
}

int main(void)
{
    RUN_TEST(test_cycles);
    TEST_MAIN_END();
}
