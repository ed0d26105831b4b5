/*
 * fuzz_stun.c - STUN parsing, MESSAGE-INTEGRITY and FINGERPRINT verification, re-encoding, and
 * an ICE agent fed with the result. The low two bits of the first input byte pick the mode (its
 * other bits pick the role, the source address and whether to restart at the end):
 *   0 (or 3): the rest is one raw datagram (parse, verify, and hand it to an agent);
 *   1: the rest is a list of attributes (type 2 bytes, length 1 byte, value) wrapped into a
 *      Binding response to the agent's outstanding check, signed with the right password and
 *      fingerprinted, so the agent's response handling is reached past authentication;
 *   2: the same wrapped into a Binding request with the right USERNAME and password, reaching
 *      role conflicts, peer-reflexive candidates and nomination.
 * After each input the agent's timers run for a simulated minute. Seeds: corpus/stun.
 *
 * The fuzz build links lk_core without a port, so lk_random_bytes is defined here as a
 * deterministic counter (inputs must replay exactly); production code gets the platform's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ice.h"
#include "lk_error.h"
#include "random.h"
#include "stun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t g_counter; /* fuzz-only deterministic "randomness", reset per input */

int lk_random_bytes(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        g_counter = g_counter * 1103515245u + 12345u;
        buf[i] = (uint8_t)(g_counter >> 16);
    }
    return LK_OK;
}

static void check_parse(const uint8_t *d, size_t n)
{
    lk_stun_msg_t m;
    if (lk_stun_parse(d, n, &m) != LK_OK) {
        return;
    }
    if (m.username != NULL && (m.username < d || m.username + m.username_len > d + n)) {
        abort();
    }
    if (m.reason != NULL && (m.reason < d || m.reason + m.reason_len > d + n)) {
        abort();
    }
    (void)lk_stun_verify_integrity(d, n, &m, (const uint8_t *)"VOkJxbRl1RmTxUk/WvJxBt", 22);
    if (lk_stun_verify_fingerprint(d, n, &m) == LK_OK && !m.has_fingerprint) {
        abort();
    }
    /* re-encode what we understood; it must parse back the same */
    uint8_t out[LK_ICE_MAX_PACKET * 4];
    lk_stun_writer_t w;
    lk_stun_msg_t b;
    lk_stun_write_begin(&w, out, sizeof out, m.method, m.cls, m.tid);
    if (m.has_xor_mapped) {
        lk_stun_write_address(&w, LK_STUN_ATTR_XOR_MAPPED_ADDRESS, &m.xor_mapped, true);
    }
    if (m.username != NULL) {
        lk_stun_write_attr(&w, LK_STUN_ATTR_USERNAME, m.username, m.username_len);
    }
    if (m.has_priority) {
        lk_stun_write_u32(&w, LK_STUN_ATTR_PRIORITY, m.priority);
    }
    lk_stun_write_integrity(&w, (const uint8_t *)"k", 1);
    if (lk_stun_write_fingerprint(&w) == LK_OK) {
        if (lk_stun_parse(out, w.len, &b) != LK_OK || lk_stun_verify_integrity(out, w.len, &b, (const uint8_t *)"k", 1) != LK_OK ||
            lk_stun_verify_fingerprint(out, w.len, &b) != LK_OK || b.has_xor_mapped != m.has_xor_mapped ||
            (m.has_xor_mapped && !lk_addr_equal(&b.xor_mapped, &m.xor_mapped)) || b.priority != m.priority) {
            abort();
        }
    }
}

/* Appends the (type, len8, value) list from d as attributes; returns false when the writer failed. */
static void add_attrs(lk_stun_writer_t *w, const uint8_t *d, size_t n)
{
    size_t i = 0;
    while (i + 3 <= n) {
        uint16_t type = (uint16_t)((d[i] << 8) | d[i + 1]);
        size_t len = d[i + 2];
        i += 3;
        if (len > n - i) {
            len = n - i;
        }
        if (type == LK_STUN_ATTR_MESSAGE_INTEGRITY || type == LK_STUN_ATTR_FINGERPRINT) {
            type ^= 0x4000; /* those two we add properly below */
        }
        lk_stun_write_attr(w, type, d + i, len);
        i += len;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    g_counter = 1;
    uint8_t mode = (uint8_t)(data[0] & 3) == 3 ? 0 : (uint8_t)(data[0] & 3);
    const uint8_t *body = data + 1;
    size_t n = size - 1;
    check_parse(body, n);

    lk_ice_agent_t *a;
    lk_ice_config_t cfg;
    lk_addr_t local, remote, server;
    lk_addr_parse(&local, "127.0.0.1", 9, 4000);
    lk_addr_parse(&remote, "127.0.0.2", 9, 5000);
    lk_addr_parse(&server, "127.0.0.3", 9, 3478);
    lk_ice_config_init(&cfg);
    cfg.role = (data[0] & 0x80) ? LK_ICE_CONTROLLING : LK_ICE_CONTROLLED;
    cfg.stun_servers[0] = server;
    cfg.stun_server_count = 1;
    if (lk_ice_create(&a, &cfg) != LK_OK) {
        return 0;
    }
    lk_ice_add_local_address(a, &local);
    lk_ice_set_remote_credentials(a, "rUfr", 4, "remotePasswordremotePass", 24);
    const char *cand = "candidate:1 1 udp 2130706431 127.0.0.2 5000 typ host";
    lk_ice_add_remote_candidate(a, cand, strlen(cand));
    uint64_t now = 1000;
    lk_ice_handle_timeout(a, now);
    lk_ice_handle_timeout(a, now + 50);
    now += 50;
    /* the outstanding check's transaction id */
    uint8_t tid[LK_STUN_TID_LEN] = {0};
    lk_ice_transmit_t t;
    while (lk_ice_poll_transmit(a, &t) == 1) {
        lk_stun_msg_t m;
        if (lk_stun_parse(t.data, t.len, &m) == LK_OK && lk_addr_equal(&t.remote, &remote)) {
            memcpy(tid, m.tid, sizeof tid);
        }
    }
    uint8_t pkt[1024];
    size_t plen = 0;
    if (mode == 0) {
        lk_ice_handle_input(a, now, &local, (data[0] & 0x40) ? &server : &remote, body, n);
    } else {
        lk_stun_writer_t w;
        char user[64];
        if (mode == 1) {
            lk_stun_write_begin(&w, pkt, sizeof pkt, LK_STUN_METHOD_BINDING, (data[0] & 0x10) ? LK_STUN_ERROR : LK_STUN_SUCCESS, tid);
        } else {
            uint8_t rtid[LK_STUN_TID_LEN];
            memset(rtid, data[0], sizeof rtid);
            lk_stun_write_begin(&w, pkt, sizeof pkt, LK_STUN_METHOD_BINDING, LK_STUN_REQUEST, rtid);
            size_t ul = (size_t)snprintf(user, sizeof user, "%s:rUfr", lk_ice_local_ufrag(a));
            lk_stun_write_attr(&w, LK_STUN_ATTR_USERNAME, user, ul);
        }
        add_attrs(&w, body, n);
        const char *key = mode == 1 ? "remotePasswordremotePass" : lk_ice_local_pwd(a);
        lk_stun_write_integrity(&w, (const uint8_t *)key, strlen(key));
        if (lk_stun_write_fingerprint(&w) == LK_OK) {
            plen = w.len;
            lk_ice_handle_input(a, now, &local, (data[0] & 0x20) ? &server : &remote, pkt, plen);
        }
    }
    /* let the agent run: every transmit must be a well-formed STUN message, and a deadline that
     * is due must lead to progress (output or a later deadline), never to a busy loop */
    int idle_due = 0;
    for (int step = 0; step < 200; step++) {
        bool output = false;
        while (lk_ice_poll_transmit(a, &t) == 1) {
            output = true;
            lk_stun_msg_t m;
            if (t.len > sizeof t.data || lk_stun_parse(t.data, t.len, &m) != LK_OK || lk_stun_verify_fingerprint(t.data, t.len, &m) != LK_OK) {
                abort();
            }
        }
        lk_ice_event_t ev;
        while (lk_ice_poll_event(a, &ev) == 1) {
            output = true;
            if (ev.type == LK_ICE_EVENT_CANDIDATE && memchr(ev.candidate, '\0', sizeof ev.candidate) == NULL) {
                abort();
            }
        }
        uint64_t next = lk_ice_poll_timeout(a);
        if (next == UINT64_MAX || next > now + 60000) {
            break;
        }
        if (next <= now && !output && step > 0) {
            if (++idle_due > 2) {
                abort(); /* due again right after handling it, with nothing done */
            }
        } else {
            idle_due = 0;
        }
        now = next > now ? next : now;
        if (step == 20 && (data[0] & 0x08)) {
            lk_ice_restart(a); /* mid-run: the agent must stay quiet until new credentials */
        }
        lk_ice_handle_timeout(a, now);
    }
    lk_addr_t sl, sr;
    (void)lk_ice_selected_pair(a, &sl, &sr);
    lk_ice_destroy(a);
    return 0;
}
