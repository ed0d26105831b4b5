/*
 * fuzz_stun.c - STUN parsing, MESSAGE-INTEGRITY and FINGERPRINT verification, re-encoding, and
 * an ICE agent fed with the result. The first two input bytes are flags (see
 * LLVMFuzzerTestOneInput); the low two bits of the first pick the mode:
 *   0 (or 3): the rest is one raw datagram (parse, verify, and hand it to an agent);
 *   1: the rest is a list of attributes (type 2 bytes, length 1 byte, value) wrapped into a
 *      Binding response to the agent's outstanding check, signed with the right password and
 *      fingerprinted, so the agent's response handling is reached past authentication;
 *   2: the same wrapped into a Binding request with the right USERNAME and password, reaching
 *      role conflicts, peer-reflexive candidates and nomination.
 * The agent runs for a simulated minute, optionally with its requests answered correctly (so
 * nomination, selection, consent and srflx gathering are reached), and the fuzzed datagram
 * arrives at a chosen step. Seeds: corpus/stun.
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

/* A correct answer to the agent's request t: the peer's (signed with the remote password) or the
 * STUN server's (unsigned, with a made-up mapped address). */
static size_t answer(const lk_ice_transmit_t *t, bool from_server, uint8_t *out, size_t cap)
{
    lk_stun_msg_t m;
    lk_stun_writer_t w;
    lk_addr_t mapped;
    if (lk_stun_parse(t->data, t->len, &m) != LK_OK || m.cls != LK_STUN_REQUEST) {
        return 0;
    }
    lk_stun_write_begin(&w, out, cap, LK_STUN_METHOD_BINDING, LK_STUN_SUCCESS, m.tid);
    if (from_server) {
        lk_addr_parse(&mapped, "198.51.100.1", 12, 7777);
        lk_stun_write_address(&w, LK_STUN_ATTR_XOR_MAPPED_ADDRESS, &mapped, true);
    } else {
        lk_stun_write_address(&w, LK_STUN_ATTR_XOR_MAPPED_ADDRESS, &t->local, true);
        lk_stun_write_integrity(&w, (const uint8_t *)"remotePasswordremotePass", 24);
    }
    return lk_stun_write_fingerprint(&w) == LK_OK ? w.len : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* data[0]: mode (low 2 bits), 0x08 restart mid-run, 0x10 error class, 0x20 from the STUN
     * server, 0x40 raw datagram from the server, 0x80 controlling.
     * data[1]: 0x01 answer the agent's requests like a (lite) peer and the STUN server would,
     * 0x02 remote end-of-candidates, bits 2..7 the step at which the fuzzed datagram arrives. */
    if (size < 2) {
        return 0;
    }
    g_counter = 1;
    uint8_t mode = (uint8_t)(data[0] & 3) == 3 ? 0 : (uint8_t)(data[0] & 3);
    bool responder = (data[1] & 1) != 0;
    int inject_at = data[1] >> 2;
    const uint8_t *body = data + 2;
    size_t n = size - 2;
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
    if (data[1] & 2) {
        lk_ice_set_remote_end_of_candidates(a);
    }
    uint64_t now = 1000;
    uint8_t check_tid[LK_STUN_TID_LEN] = {0}, gather_tid[LK_STUN_TID_LEN] = {0};
    uint8_t pkt[1024];
    lk_ice_transmit_t t;
    int idle_due = 0;
    bool injected = false;
    lk_ice_handle_timeout(a, now);
    /* Run a simulated minute or so: every transmit must be a well-formed STUN message, and a
     * deadline that is due must lead to progress (output or a later deadline), never to a busy
     * loop. */
    for (int step = 0; step < 200; step++) {
        bool output = false;
        lk_ice_transmit_t replies[8];
        size_t reply_count = 0;
        while (lk_ice_poll_transmit(a, &t) == 1) {
            lk_stun_msg_t m;
            output = true;
            if (t.len > sizeof t.data || lk_stun_parse(t.data, t.len, &m) != LK_OK ||
                lk_stun_verify_fingerprint(t.data, t.len, &m) != LK_OK) {
                abort();
            }
            bool to_server = lk_addr_equal(&t.remote, &server);
            if (m.cls == LK_STUN_REQUEST) {
                memcpy(to_server ? gather_tid : check_tid, m.tid, LK_STUN_TID_LEN);
            }
            if (responder && reply_count < 8) {
                size_t rl = answer(&t, to_server, replies[reply_count].data, sizeof replies[reply_count].data);
                if (rl > 0) {
                    replies[reply_count].len = rl;
                    replies[reply_count].remote = t.remote; /* the source of the reply */
                    reply_count++;
                }
            }
        }
        for (size_t i = 0; i < reply_count; i++) {
            lk_ice_handle_input(a, now, &local, &replies[i].remote, replies[i].data, replies[i].len);
        }
        if (reply_count > 0) {
            output = true;
            continue; /* drain what the replies caused before time moves */
        }
        lk_ice_event_t ev;
        while (lk_ice_poll_event(a, &ev) == 1) {
            output = true;
            if (ev.type == LK_ICE_EVENT_CANDIDATE && memchr(ev.candidate, '\0', sizeof ev.candidate) == NULL) {
                abort();
            }
        }
        if (!injected && step >= inject_at) {
            injected = true;
            output = true;
            if (mode == 0) {
                lk_ice_handle_input(a, now, &local, (data[0] & 0x40) ? &server : &remote, body, n);
            } else {
                lk_stun_writer_t w;
                bool from_server = (data[0] & 0x20) != 0;
                if (mode == 1) {
                    lk_stun_write_begin(&w, pkt, sizeof pkt, LK_STUN_METHOD_BINDING,
                                        (data[0] & 0x10) ? LK_STUN_ERROR : LK_STUN_SUCCESS, from_server ? gather_tid : check_tid);
                } else {
                    uint8_t rtid[LK_STUN_TID_LEN];
                    char user[64];
                    memset(rtid, data[0], sizeof rtid);
                    lk_stun_write_begin(&w, pkt, sizeof pkt, LK_STUN_METHOD_BINDING, LK_STUN_REQUEST, rtid);
                    size_t ul = (size_t)snprintf(user, sizeof user, "%s:rUfr", lk_ice_local_ufrag(a));
                    lk_stun_write_attr(&w, LK_STUN_ATTR_USERNAME, user, ul);
                }
                add_attrs(&w, body, n);
                const char *key = mode == 1 ? "remotePasswordremotePass" : lk_ice_local_pwd(a);
                if (!(mode == 1 && from_server)) {
                    lk_stun_write_integrity(&w, (const uint8_t *)key, strlen(key));
                }
                if (lk_stun_write_fingerprint(&w) == LK_OK) {
                    lk_ice_handle_input(a, now, &local, from_server ? &server : &remote, pkt, w.len);
                }
            }
            continue;
        }
        uint64_t next = lk_ice_poll_timeout(a);
        if (next == UINT64_MAX || next > now + 60000) {
            if (injected) {
                break;
            }
            next = now + 100;
        }
        if (next <= now && !output && step > 0) {
            if (++idle_due > 2) {
                abort(); /* due again right after handling it, with nothing done */
            }
        } else {
            idle_due = 0;
        }
        now = next > now ? next : now;
        if (step == 100 && (data[0] & 0x08)) {
            lk_ice_restart(a); /* mid-run: the agent must stay quiet until new credentials */
        }
        lk_ice_handle_timeout(a, now);
    }
    lk_addr_t sl, sr;
    (void)lk_ice_selected_pair(a, &sl, &sr);
    (void)lk_ice_state_name(lk_ice_state(a));
    lk_ice_close(a);
    if (lk_ice_poll_transmit(a, &t) != 0) {
        abort(); /* closed agents send nothing */
    }
    lk_ice_destroy(a);
    return 0;
}
