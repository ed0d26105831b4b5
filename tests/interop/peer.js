#!/usr/bin/env node
// peer.js - a real WebRTC peer for the native interop tests, speaking JSON lines on stdin/stdout.
//
//   node tests/interop/peer.js --impl wrtc|datachannel --role offerer|answerer
//        [--channel LABEL]... [--lossy LABEL]... [--audio] [--audio-source] [--echo] [--tamper-fingerprint]
//
// --impl wrtc is Google's libwebrtc (@roamhq/wrtc), --impl datachannel is libdatachannel
// (node-datachannel). The offerer creates its channels (reliable ordered for --channel,
// unordered maxRetransmits 0 for --lossy; "test" when none is given) and prints an offer; the
// answerer waits for one. --echo sends every received message back on the same channel.
// --audio adds a sendrecv audio transceiver; --audio-source (wrtc) instead sends a 440 Hz tone
// from a nonstandard RTCAudioSource (encoded by libwebrtc as Opus).
// Every candidate that is not 127.x is removed from our SDP and trickles (network rules).
//
// Output lines (one JSON object each):
//   {"type":"sdp","sdpType":"offer"|"answer","sdp":...}
//   {"type":"candidate","candidate":"candidate:...","mid":"0"}
//   {"type":"state","kind":"connection"|"ice","state":"connected"}
//   {"type":"open","label":L,"id":N,"remote":bool}   {"type":"closed","label":L}
//   {"type":"message","label":L,"binary":bool,"len":N,"sum":"<fnv1a32 hex>","data":"<base64, first 512 bytes>"}
//   {"type":"error","message":...}
// Input lines:
//   {"type":"sdp","sdpType":"offer"|"answer","sdp":...}  (an offer is answered at once)
//   {"type":"candidate","candidate":...,"mid":...}
//   {"type":"send","label":L,"binary":bool,"data":"<base64>"}
//   {"type":"sendSeq","label":L,"count":N,"size":S}  N binary messages: byte k of message i = (i + k) & 255
//   {"type":"createChannel","label":L,"ordered":bool,"maxRetransmits":N|null}
//   {"type":"close","label":L}
//   {"type":"stats"}  -> {"type":"stats","inboundPackets":N,"inboundBytes":N,"inboundLost":N,"srReceived":N}
// The process exits when stdin closes.
'use strict';

const readline = require('readline');

function parseArgs(argv) {
  const o = { impl: 'wrtc', role: 'answerer', channels: [], lossy: [], audio: false, audioSource: false, echo: false, tamper: false };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--impl') o.impl = argv[++i];
    else if (a === '--role') o.role = argv[++i];
    else if (a === '--channel') o.channels.push(argv[++i]);
    else if (a === '--lossy') o.lossy.push(argv[++i]);
    else if (a === '--audio') o.audio = true;
    else if (a === '--audio-source') { o.audio = true; o.audioSource = true; }
    else if (a === '--echo') o.echo = true;
    else if (a === '--tamper-fingerprint') o.tamper = true;
    else throw new Error('unknown argument ' + a);
  }
  if (o.impl !== 'wrtc' && o.impl !== 'datachannel') throw new Error('--impl wrtc|datachannel');
  if (o.role !== 'offerer' && o.role !== 'answerer') throw new Error('--role offerer|answerer');
  if (o.role === 'offerer' && o.channels.length === 0 && o.lossy.length === 0 && !o.audio) o.channels.push('test');
  return o;
}

const opts = parseArgs(process.argv);

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// The test that drove us may be gone already: a closed stdout ends the peer quietly.
process.stdout.on('error', () => process.exit(0));

function isLoopbackCandidate(line) {
  const v = line.replace(/^a=/, '').trim();
  const f = v.split(/\s+/);
  return f.length > 5 && /^127\./.test(f[4]);
}

// Keep only loopback candidates; optionally flip one hex digit of the fingerprint.
function filterSdp(sdp) {
  const lines = sdp.split(/\r\n|\n/).filter((l) => l.length > 0);
  const kept = [];
  for (let l of lines) {
    if (l.startsWith('a=candidate:') && !isLoopbackCandidate(l)) continue;
    if (opts.tamper && l.startsWith('a=fingerprint:sha-256 ')) {
      const last = l[l.length - 1];
      l = l.slice(0, -1) + (last === '0' ? '1' : '0');
    }
    kept.push(l);
  }
  return kept.join('\r\n') + '\r\n';
}

function fnv1a(buf) {
  let h = 0x811c9dc5;
  for (let i = 0; i < buf.length; i++) {
    h ^= buf[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function reportMessage(label, binary, buf) {
  out({ type: 'message', label, binary, len: buf.length, sum: fnv1a(buf), data: buf.subarray(0, 512).toString('base64') });
}

// ---- the implementation adapters: same small surface for both stacks ----

function makeWrtc() {
  const { RTCPeerConnection } = require('@roamhq/wrtc');
  const pc = new RTCPeerConnection({ iceServers: [] });
  const channels = new Map();
  const api = {};
  pc.onicecandidate = (e) => {
    if (!e.candidate || !e.candidate.candidate) return;
    if (!isLoopbackCandidate(e.candidate.candidate)) return;
    out({ type: 'candidate', candidate: e.candidate.candidate, mid: e.candidate.sdpMid });
  };
  pc.oniceconnectionstatechange = () => out({ type: 'state', kind: 'ice', state: pc.iceConnectionState });
  pc.onconnectionstatechange = () => out({ type: 'state', kind: 'connection', state: pc.connectionState });
  function wire(dc, remote) {
    dc.binaryType = 'arraybuffer';
    channels.set(dc.label, dc);
    let announced = false;
    const opened = () => { if (!announced) { announced = true; out({ type: 'open', label: dc.label, id: dc.id, remote }); } };
    dc.onopen = opened;
    dc.onclose = () => out({ type: 'closed', label: dc.label });
    dc.onmessage = (e) => {
      const binary = typeof e.data !== 'string';
      const buf = binary ? Buffer.from(e.data) : Buffer.from(e.data, 'utf8');
      reportMessage(dc.label, binary, buf);
      if (opts.echo) api.send(dc.label, binary, buf);
    };
    if (remote && dc.readyState === 'open') opened();
  }
  pc.ondatachannel = (e) => wire(e.channel, true);
  api.createChannel = (label, ordered, maxRetransmits) => {
    const init = { ordered };
    if (maxRetransmits !== null && maxRetransmits !== undefined) init.maxRetransmits = maxRetransmits;
    wire(pc.createDataChannel(label, init), false);
  };
  let toneTimer = null;
  api.addAudio = () => {
    if (!opts.audioSource) {
      pc.addTransceiver('audio', { direction: 'sendrecv' });
      return;
    }
    const { RTCAudioSource } = require('@roamhq/wrtc').nonstandard;
    const source = new RTCAudioSource();
    pc.addTrack(source.createTrack());
    let phase = 0;
    toneTimer = setInterval(() => {
      const samples = new Int16Array(480); // 10 ms at 48 kHz, mono
      for (let i = 0; i < samples.length; i++, phase++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * phase) / 48000));
      source.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480 });
    }, 10);
  };
  api.stats = async () => {
    const report = await pc.getStats();
    const o = { type: 'stats', inboundPackets: 0, inboundBytes: 0, inboundLost: 0, srReceived: 0 };
    report.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        o.inboundPackets += r.packetsReceived || 0;
        o.inboundBytes += r.bytesReceived || 0;
        o.inboundLost += r.packetsLost || 0;
      }
      if (r.type === 'remote-outbound-rtp' && r.kind === 'audio') o.srReceived += r.reportsSent || 1;
    });
    out(o);
  };
  api.offer = async () => {
    const o = await pc.createOffer();
    await pc.setLocalDescription(o);
    out({ type: 'sdp', sdpType: 'offer', sdp: filterSdp(pc.localDescription.sdp) });
  };
  api.remote = async (type, sdp) => {
    await pc.setRemoteDescription({ type, sdp });
    if (type === 'offer') {
      const a = await pc.createAnswer();
      await pc.setLocalDescription(a);
      out({ type: 'sdp', sdpType: 'answer', sdp: filterSdp(pc.localDescription.sdp) });
    }
  };
  api.candidate = async (candidate, mid) => {
    await pc.addIceCandidate({ candidate, sdpMid: mid === undefined || mid === null ? '0' : mid });
  };
  api.send = (label, binary, buf) => {
    const dc = channels.get(label);
    if (!dc || dc.readyState !== 'open') throw new Error('channel not open: ' + label);
    if (binary) dc.send(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
    else dc.send(buf.toString('utf8'));
  };
  api.buffered = (label) => { const dc = channels.get(label); return dc ? dc.bufferedAmount : 0; };
  api.closeChannel = (label) => { const dc = channels.get(label); if (dc) dc.close(); };
  api.close = () => { if (toneTimer) clearInterval(toneTimer); pc.close(); };
  return api;
}

function makeDatachannel() {
  const ndc = require('node-datachannel');
  const pc = new ndc.PeerConnection('peer', { iceServers: [], bindAddress: '127.0.0.1', disableAutoNegotiation: true });
  const channels = new Map();
  const api = {};
  let isOffer = false;
  pc.onLocalCandidate((candidate, mid) => {
    const c = candidate.replace(/^a=/, '');
    if (!isLoopbackCandidate(c)) return;
    out({ type: 'candidate', candidate: c, mid });
  });
  pc.onLocalDescription((sdp, type) => {
    out({ type: 'sdp', sdpType: String(type).toLowerCase(), sdp: filterSdp(sdp) });
  });
  pc.onStateChange((s) => out({ type: 'state', kind: 'connection', state: s }));
  pc.onIceStateChange((s) => out({ type: 'state', kind: 'ice', state: s }));
  function wire(dc, remote) {
    const label = dc.getLabel();
    channels.set(label, dc);
    let announced = false;
    const opened = () => { if (!announced) { announced = true; out({ type: 'open', label, id: dc.getId(), remote }); } };
    dc.onOpen(opened);
    dc.onClosed(() => out({ type: 'closed', label }));
    dc.onError((e) => out({ type: 'error', message: 'channel ' + label + ': ' + e }));
    dc.onMessage((m) => {
      const binary = typeof m !== 'string';
      const buf = binary ? Buffer.from(m) : Buffer.from(m, 'utf8');
      reportMessage(label, binary, buf);
      if (opts.echo) api.send(label, binary, buf);
    });
    if (remote && dc.isOpen()) opened();
  }
  pc.onDataChannel((dc) => wire(dc, true));
  api.createChannel = (label, ordered, maxRetransmits) => {
    const init = { unordered: !ordered };
    if (maxRetransmits !== null && maxRetransmits !== undefined) init.maxRetransmits = maxRetransmits;
    wire(pc.createDataChannel(label, init), false);
  };
  api.addAudio = () => {
    const a = new ndc.Audio('audio', 'SendRecv');
    a.addOpusCodec(111);
    pc.addTrack(a);
  };
  api.offer = async () => { isOffer = true; pc.setLocalDescription('offer'); };
  api.remote = async (type, sdp) => {
    pc.setRemoteDescription(sdp, type);
    if (type === 'offer' && !isOffer) pc.setLocalDescription('answer');
  };
  api.candidate = async (candidate, mid) => { pc.addRemoteCandidate(candidate, mid === undefined || mid === null ? '0' : mid); };
  api.send = (label, binary, buf) => {
    const dc = channels.get(label);
    if (!dc || !dc.isOpen()) throw new Error('channel not open: ' + label);
    if (binary) dc.sendMessageBinary(buf);
    else dc.sendMessage(buf.toString('utf8'));
  };
  api.buffered = (label) => { const dc = channels.get(label); return dc ? dc.bufferedAmount() : 0; };
  api.closeChannel = (label) => { const dc = channels.get(label); if (dc) dc.close(); };
  api.close = () => { pc.close(); setTimeout(() => ndc.cleanup(), 0); };
  return api;
}

const peer = opts.impl === 'wrtc' ? makeWrtc() : makeDatachannel();

// Sends count messages, pausing while more than 1 MiB is buffered.
function sendSeq(label, count, size) {
  let i = 0;
  function step() {
    try {
      while (i < count) {
        if (peer.buffered(label) > (1 << 20)) { setTimeout(step, 2); return; }
        const b = Buffer.alloc(size);
        for (let k = 0; k < size; k++) b[k] = (i + k) & 255;
        peer.send(label, true, b);
        i++;
      }
    } catch (e) {
      out({ type: 'error', message: String(e && e.message ? e.message : e) });
    }
  }
  step();
}

async function handle(msg) {
  switch (msg.type) {
    case 'sdp': await peer.remote(msg.sdpType, msg.sdp); break;
    case 'candidate': if (msg.candidate) await peer.candidate(msg.candidate, msg.mid); break;
    case 'send': peer.send(msg.label, !!msg.binary, Buffer.from(msg.data || '', 'base64')); break;
    case 'sendSeq': sendSeq(msg.label, msg.count, msg.size); break;
    case 'createChannel': peer.createChannel(msg.label, msg.ordered !== false, msg.maxRetransmits); break;
    case 'close': peer.closeChannel(msg.label); break;
    case 'stats': if (peer.stats) await peer.stats(); else out({ type: 'error', message: 'no stats for this impl' }); break;
    default: throw new Error('unknown command ' + msg.type);
  }
}

async function main() {
  if (opts.role === 'offerer') {
    for (const l of opts.channels) peer.createChannel(l, true, null);
    for (const l of opts.lossy) peer.createChannel(l, false, 0);
    if (opts.audio) peer.addAudio();
    await peer.offer();
  } else if (opts.audio) {
    peer.addAudio();
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
