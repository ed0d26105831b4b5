/*
 * impair_relay.c - the UDP impairment relay (impair_relay.h) as a stand-alone tool.
 *
 *   cc -O2 -o impair_relay tests/interop/impair_relay.c
 *   impair_relay --a-port P --b-port Q [--loss 10] [--dup 2] [--reorder 10] [--jitter 20]
 *                [--all] [--seed N] [--seconds 60]
 *
 * Prints "relay A-facing-port B-facing-port" once bound: endpoint A talks to the first port
 * (the relay sends to 127.0.0.1:P on A's behalf), endpoint B to the second (127.0.0.1:Q).
 * Runs for --seconds (default 60, always bounded), then prints its counters and exits.
 */
#define _DEFAULT_SOURCE 1
#include <stdio.h>

#include "impair_relay.h"

int main(int argc, char **argv)
{
    ir_relay_t r;
    int loss = 10, dup = 2, reorder = 10, jitter = 20, all = 0, i, secs = 60;
    unsigned a_port = 0, b_port = 0;
    unsigned long long seed = 1;
    uint64_t end;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--a-port") == 0 && i + 1 < argc) a_port = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--b-port") == 0 && i + 1 < argc) b_port = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--loss") == 0 && i + 1 < argc) loss = atoi(argv[++i]);
        else if (strcmp(argv[i], "--dup") == 0 && i + 1 < argc) dup = atoi(argv[++i]);
        else if (strcmp(argv[i], "--reorder") == 0 && i + 1 < argc) reorder = atoi(argv[++i]);
        else if (strcmp(argv[i], "--jitter") == 0 && i + 1 < argc) jitter = atoi(argv[++i]);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) secs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--all") == 0) all = 1;
        else {
            fprintf(stderr, "usage: %s --a-port P --b-port Q [--loss %%] [--dup %%] [--reorder %%] [--jitter ms] [--all] [--seed N] [--seconds S]\n", argv[0]);
            return 2;
        }
    }
    if (ir_open(&r, loss, dup, reorder, jitter, seed) != 0) {
        perror("relay");
        return 1;
    }
    r.impair_all = all;
    if (a_port != 0) ir_set_dest(&r, 0, (uint16_t)a_port);
    if (b_port != 0) ir_set_dest(&r, 1, (uint16_t)b_port);
    printf("relay %u %u\n", r.port[0], r.port[1]);
    fflush(stdout);
    end = ir_now_us() + (uint64_t)(secs > 0 ? secs : 60) * 1000000u;
    while (ir_now_us() < end) {
        struct pollfd p[2];
        uint64_t now = ir_now_us(), next = ir_next_deadline_us(&r);
        int to = next == UINT64_MAX ? 100 : (int)(next > now ? (next - now + 999) / 1000 : 0);
        ir_fds(&r, p);
        if (poll(p, 2, to > 100 ? 100 : to) > 0) {
            ir_handle(&r, ir_now_us());
        }
        ir_flush(&r, ir_now_us());
    }
    for (i = 0; i < 2; i++) {
        printf("side %d: received %llu forwarded %llu dropped %llu duplicated %llu reordered %llu\n", i,
               (unsigned long long)r.st[i].received, (unsigned long long)r.st[i].forwarded,
               (unsigned long long)r.st[i].dropped, (unsigned long long)r.st[i].duplicated,
               (unsigned long long)r.st[i].reordered);
    }
    ir_close(&r);
    return 0;
}
