#!/usr/bin/env node
// sctp_peer.js - a real WebRTC data-channel peer for test_sctp_interop.c, JSON lines on
// stdin/stdout. It checks the message sequences itself so that 10,000 messages do not need
// 10,000 output lines.
//
//   node tests/interop/sctp_peer.js --impl wrtc|datachannel --role offerer|answerer
//        [--reliable LABEL] [--lossy LABEL]
//
// --impl wrtc is Google's libwebrtc (@roamhq/wrtc), datachannel is libdatachannel
// (node-datachannel). As offerer it creates the --reliable (ordered, reliable) and --lossy
// (unordered, maxRetransmits 0) channels, then prints its offer. Only 127.x candidates are
// printed (network rules). The pattern messages: message i of a sequence has size
// patternSize(i) (1 byte .. 64 KiB) and byte k = (i * 31 + k) & 255.
//
// Input:  {"type":"sdp","sdpType":..,"sdp":..}  {"type":"createChannel","label":..,"ordered":b,"maxRetransmits":n|null}
//         {"type":"sendPattern","label":..,"count":N}   {"type":"sendLossy","label":..,"count":N}
//         {"type":"expect","label":..,"count":N}       {"type":"close","label":..}
//         {"type":"sendText","label":..,"text":..}
// Output: {"type":"sdp",..} {"type":"candidate",..} {"type":"open","label":..,"id":n,"remote":b,"ordered":b,"maxRetransmits":n|null}
//         {"type":"closed","label":..} {"type":"patternDone","label":..,"received":n,"bad":n,"firstBad":..}
//         {"type":"sent","label":..,"count":n}  {"type":"lossy","label":..,"received":n,"dups":n}
//         {"type":"text","label":..,"text":..}  {"type":"error","message":..}
'use strict';

const readline = require('readline');

const opts = { impl: 'wrtc', role: 'answerer', reliable: null, lossy: null };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--impl') opts.impl = process.argv[++i];
  else if (a === '--role') opts.role = process.argv[++i];
  else if (a === '--reliable') opts.reliable = process.argv[++i];
  else if (a === '--lossy') opts.lossy = process.argv[++i];
  else throw new Error('unknown argument ' + a);
}

function out(o) { process.stdout.write(JSON.stringify(o) + '\n'); }

function hash32(x) {
  x >>>= 0;
  x ^= x >>> 16; x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15; x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

function patternSize(i) {
  if (i === 0) return 1;
  if (i === 1) return 65536;
  const h = hash32(i);
  return h % 10 === 0 ? 1 + (hash32(h) % 65536) : 1 + (hash32(h) % 1200);
}

function patternMessage(i) {
  const n = patternSize(i);
  const b = Buffer.allocUnsafe(n);
  const base = (i * 31) & 255;
  for (let k = 0; k < n; k++) b[k] = (base + k) & 255;
  return b;
}

function isLoopback(c) {
  const f = c.replace(/^a=/, '').trim().split(/\s+/);
  return f.length > 5 && /^127\./.test(f[4]);
}

function filterSdp(sdp) {
  return sdp.split(/\r\n|\n/).filter((l) => l.length > 0 && !(l.startsWith('a=candidate:') && !isLoopback(l))).join('\r\n') + '\r\n';
}

// ---- receive-side checks, per label ----
const rx = new Map();
function rxState(label) {
  if (!rx.has(label)) rx.set(label, { next: 0, bad: 0, firstBad: null, expect: -1, lossySeen: new Set(), lossyDups: 0, lossyCount: 0 });
  return rx.get(label);
}

function onMessage(label, binary, buf) {
  const st = rxState(label);
  if (!binary) { out({ type: 'text', label, text: buf.toString('utf8') }); return; }
  if (buf.length >= 1 && buf[0] === 0xee && buf.length === 100) { // lossy probe: 0xee, index u32
    const idx = buf.readUInt32BE(1);
    if (st.lossySeen.has(idx)) st.lossyDups++;
    st.lossySeen.add(idx);
    st.lossyCount++;
    return;
  }
  const want = patternMessage(st.next);
  if (!want.equals(buf)) {
    st.bad++;
    if (st.firstBad === null) st.firstBad = { index: st.next, len: buf.length, want: want.length };
  }
  st.next++;
  if (st.expect >= 0 && st.next === st.expect) {
    out({ type: 'patternDone', label, received: st.next, bad: st.bad, firstBad: st.firstBad });
  }
}

// ---- the two stacks behind one small surface ----
function makeWrtc() {
  const { RTCPeerConnection } = require('@roamhq/wrtc');
  const pc = new RTCPeerConnection({ iceServers: [] });
  const ch = new Map();
  pc.onicecandidate = (e) => {
    if (e.candidate && e.candidate.candidate && isLoopback(e.candidate.candidate)) {
      out({ type: 'candidate', candidate: e.candidate.candidate, mid: e.candidate.sdpMid });
    }
  };
  function wire(dc, remote) {
    dc.binaryType = 'arraybuffer';
    ch.set(dc.label, dc);
    let announced = false;
    const opened = () => {
      if (announced) return;
      announced = true;
      out({ type: 'open', label: dc.label, id: dc.id, remote, ordered: dc.ordered, maxRetransmits: dc.maxRetransmits });
    };
    dc.onopen = opened;
    dc.onclose = () => out({ type: 'closed', label: dc.label });
    dc.onmessage = (e) => {
      const binary = typeof e.data !== 'string';
      onMessage(dc.label, binary, binary ? Buffer.from(e.data) : Buffer.from(e.data, 'utf8'));
    };
    if (remote && dc.readyState === 'open') opened();
  }
  pc.ondatachannel = (e) => wire(e.channel, true);
  return {
    create(label, ordered, maxRetransmits) {
      const init = { ordered };
      if (maxRetransmits !== null && maxRetransmits !== undefined) init.maxRetransmits = maxRetransmits;
      wire(pc.createDataChannel(label, init), false);
    },
    async offer() {
      const o = await pc.createOffer();
      await pc.setLocalDescription(o);
      out({ type: 'sdp', sdpType: 'offer', sdp: filterSdp(pc.localDescription.sdp) });
    },
    async remote(type, sdp) {
      await pc.setRemoteDescription({ type, sdp });
      if (type === 'offer') {
        const a = await pc.createAnswer();
        await pc.setLocalDescription(a);
        out({ type: 'sdp', sdpType: 'answer', sdp: filterSdp(pc.localDescription.sdp) });
      }
    },
    send(label, buf, binary) {
      const dc = ch.get(label);
      if (!dc || dc.readyState !== 'open') throw new Error('channel not open: ' + label);
      if (binary) dc.send(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
      else dc.send(buf.toString('utf8'));
    },
    buffered(label) { const dc = ch.get(label); return dc ? dc.bufferedAmount : 0; },
    closeChannel(label) { const dc = ch.get(label); if (dc) dc.close(); },
    close() { pc.close(); },
  };
}

function makeDatachannel() {
  const ndc = require('node-datachannel');
  const pc = new ndc.PeerConnection('sctp-peer', { iceServers: [], bindAddress: '127.0.0.1', disableAutoNegotiation: true });
  const ch = new Map();
  let offering = false;
  pc.onLocalCandidate((c, mid) => {
    const cand = c.replace(/^a=/, '');
    if (isLoopback(cand)) out({ type: 'candidate', candidate: cand, mid });
  });
  pc.onLocalDescription((sdp, type) => out({ type: 'sdp', sdpType: String(type).toLowerCase(), sdp: filterSdp(sdp) }));
  function wire(dc, remote, ordered, maxRetransmits) {
    const label = dc.getLabel();
    ch.set(label, dc);
    let announced = false;
    const opened = () => {
      if (announced) return;
      announced = true;
      out({ type: 'open', label, id: dc.getId(), remote, ordered, maxRetransmits });
    };
    dc.onOpen(opened);
    dc.onClosed(() => out({ type: 'closed', label }));
    dc.onError((e) => out({ type: 'error', message: 'channel ' + label + ': ' + e }));
    dc.onMessage((m) => {
      const binary = typeof m !== 'string';
      onMessage(label, binary, binary ? Buffer.from(m) : Buffer.from(m, 'utf8'));
    });
    if (remote && dc.isOpen()) opened();
  }
  pc.onDataChannel((dc) => wire(dc, true, null, null));
  return {
    create(label, ordered, maxRetransmits) {
      const init = { unordered: !ordered };
      if (maxRetransmits !== null && maxRetransmits !== undefined) init.maxRetransmits = maxRetransmits;
      wire(pc.createDataChannel(label, init), false, ordered, maxRetransmits === undefined ? null : maxRetransmits);
    },
    async offer() { offering = true; pc.setLocalDescription('offer'); },
    async remote(type, sdp) {
      pc.setRemoteDescription(sdp, type);
      if (type === 'offer' && !offering) pc.setLocalDescription('answer');
    },
    send(label, buf, binary) {
      const dc = ch.get(label);
      if (!dc || !dc.isOpen()) throw new Error('channel not open: ' + label);
      if (binary) dc.sendMessageBinary(buf); else dc.sendMessage(buf.toString('utf8'));
    },
    buffered(label) { const dc = ch.get(label); return dc ? dc.bufferedAmount() : 0; },
    closeChannel(label) { const dc = ch.get(label); if (dc) dc.close(); },
    close() { pc.close(); setTimeout(() => ndc.cleanup(), 0); },
  };
}

const peer = opts.impl === 'wrtc' ? makeWrtc() : makeDatachannel();

function sendPattern(label, count) {
  let i = 0;
  function step() {
    try {
      while (i < count) {
        if (peer.buffered(label) > (1 << 20)) { setTimeout(step, 1); return; }
        peer.send(label, patternMessage(i), true);
        i++;
      }
      out({ type: 'sent', label, count });
    } catch (e) {
      out({ type: 'error', message: 'sendPattern: ' + String(e && e.message ? e.message : e) });
    }
  }
  step();
}

function sendLossy(label, count) {
  let i = 0;
  function step() {
    try {
      // 20 messages per millisecond tick: a steady stream, not one burst
      for (let k = 0; k < 20 && i < count; k++, i++) {
        const b = Buffer.alloc(100, 0x55);
        b[0] = 0xee;
        b.writeUInt32BE(i, 1);
        peer.send(label, b, true);
      }
      if (i < count) setTimeout(step, 1); else out({ type: 'sent', label, count });
    } catch (e) {
      out({ type: 'error', message: 'sendLossy: ' + String(e && e.message ? e.message : e) });
    }
  }
  step();
}

async function handle(m) {
  switch (m.type) {
    case 'sdp': await peer.remote(m.sdpType, m.sdp); break;
    case 'candidate': break; // our C peer is ICE-lite and lists its candidate in the SDP
    case 'createChannel': peer.create(m.label, m.ordered !== false, m.maxRetransmits); break;
    case 'sendPattern': sendPattern(m.label, m.count); break;
    case 'sendLossy': sendLossy(m.label, m.count); break;
    case 'sendText': peer.send(m.label, Buffer.from(m.text, 'utf8'), false); break;
    case 'expect': {
      const st = rxState(m.label);
      st.expect = m.count;
      if (st.next === m.count) out({ type: 'patternDone', label: m.label, received: st.next, bad: st.bad, firstBad: st.firstBad });
      break;
    }
    case 'lossyReport': {
      const st = rxState(m.label);
      out({ type: 'lossy', label: m.label, received: st.lossyCount, dups: st.lossyDups });
      break;
    }
    case 'close': peer.closeChannel(m.label); break;
    default: throw new Error('unknown command ' + m.type);
  }
}

async function main() {
  if (opts.role === 'offerer') {
    if (opts.reliable) peer.create(opts.reliable, true, null);
    if (opts.lossy) peer.create(opts.lossy, false, 0);
    await peer.offer();
  }
  const rl = readline.createInterface({ input: process.stdin });
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    if (!line.trim()) return;
    chain = chain.then(() => handle(JSON.parse(line))).catch((e) => out({ type: 'error', message: String(e && e.message ? e.message : e) }));
  });
  rl.on('close', () => {
    chain.finally(() => {
      try { peer.close(); } catch (e) { /* closing anyway */ }
      setTimeout(() => process.exit(0), 50);
    });
  });
}

main().catch((e) => { out({ type: 'error', message: String(e && e.stack ? e.stack : e) }); process.exit(1); });
